//! The secrets a request carried, replaced by `[REDACTED]` in what a server sends back:
//! excerpts and decode paths of errors, and the bodies of documented error responses (a
//! server that echoes the request must not put its credentials into an error's `Debug`,
//! its message or a log).

/// What a secret becomes.
const REDACTED: &str = "[REDACTED]";

/// The secrets worth replacing in a text (4 bytes or more: shorter ones would redact
/// what merely looks like them), longest first, so that a secret is replaced whole
/// before a part of it.
pub(crate) fn longest_first(secrets: &[String]) -> Vec<&String> {
    let mut secrets: Vec<&String> = secrets.iter().filter(|s| s.len() >= 4).collect();
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    secrets
}

/// `text` with each of `secrets` (from [`longest_first`]) as `[REDACTED]`.
pub(crate) fn redacted(mut text: String, secrets: &[&String]) -> String {
    for secret in secrets {
        text = text.replace(secret.as_str(), REDACTED);
    }
    text
}

/// The body of a documented error response with the request's `secrets` (as sent: see
/// `request::as_sent`) replaced before it is decoded. In a JSON body (`json`) they are
/// replaced inside strings only (a secret of digits outside one is a number, which
/// `[REDACTED]` would turn into malformed JSON), and in a string's value as well as in
/// its text: a server may escape what it echoes (`\/`, `\u00e4`). In a text or binary
/// body they are replaced anywhere. A body holding none of them is given back as it is.
pub(crate) fn scrubbed_body(body: Vec<u8>, secrets: &[String], json: bool) -> Vec<u8> {
    let secrets = longest_first(secrets);
    if !json {
        let found = secrets.iter().any(|secret| find(&body, secret.as_bytes()).is_some());
        return if found { replaced(&body, &secrets) } else { body };
    }
    if secrets.is_empty() || !body.contains(&b'"') {
        return body;
    }
    let mut scrubbed = Vec::with_capacity(body.len());
    let mut rest = &body[..];
    while let Some(open) = rest.iter().position(|&b| b == b'"') {
        let close = open + 1 + string_end(&rest[open + 1..]);
        scrubbed.extend_from_slice(&rest[..open]);
        // The string with its quotes (the closing one may be missing at the body's end).
        let string = &rest[open..rest.len().min(close + 1)];
        scrubbed.extend(scrubbed_string(string, &secrets));
        rest = &rest[open + string.len()..];
    }
    scrubbed.extend_from_slice(rest);
    scrubbed
}

/// A JSON string (`string`, quotes included) with `secrets` replaced. One with escapes
/// is read to its value: if a secret is in the value, the string is written anew from
/// the value scrubbed.
fn scrubbed_string(string: &[u8], secrets: &[&String]) -> Vec<u8> {
    if string.contains(&b'\\')
        && let Ok(value) = serde_json::from_slice::<String>(string)
        && secrets.iter().any(|secret| value.contains(secret.as_str()))
    {
        let scrubbed = redacted(value, secrets);
        return serde_json::to_vec(&scrubbed).unwrap_or_else(|_| string.to_vec());
    }
    replaced(string, secrets)
}

/// Where the JSON string whose text `text` starts ends: the index of its closing quote
/// (a quote after a backslash is part of the string), or `text`'s length if it has none.
fn string_end(text: &[u8]) -> usize {
    let mut at = 0;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    text.len()
}

/// `bytes` with each of `secrets` replaced. Bytes, not text: a binary body need not be
/// UTF-8. (The standard library has no replace on byte slices; this is the plain scan.)
fn replaced(bytes: &[u8], secrets: &[&String]) -> Vec<u8> {
    let mut text = bytes.to_vec();
    for secret in secrets {
        let needle = secret.as_bytes();
        let Some(first) = find(&text, needle) else { continue };
        let mut out = Vec::with_capacity(text.len());
        out.extend_from_slice(&text[..first]);
        let mut rest = &text[first..];
        while let Some(at) = find(rest, needle) {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(REDACTED.as_bytes());
            rest = &rest[at + needle.len()..];
        }
        out.extend_from_slice(rest);
        text = out;
    }
    text
}

/// Where `needle` (not empty) first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(body: &str, json: bool) -> String {
        let secrets = ["sk_live_1234".to_owned(), "1234".to_owned(), "a\\\"b-quoted".to_owned()];
        String::from_utf8(scrubbed_body(body.as_bytes().to_vec(), &secrets, json)).unwrap()
    }

    #[test]
    fn json_bodies_are_scrubbed_inside_strings_only() {
        let body = r#"{"message": "key sk_live_1234 is wrong", "code": 1234, "sk_live_1234": [1234, "x1234"]}"#;
        let expected = r#"{"message": "key [REDACTED] is wrong", "code": 1234, "[REDACTED]": [1234, "x[REDACTED]"]}"#;
        assert_eq!(scrub(body, true), expected);
        serde_json::from_str::<serde_json::Value>(&scrub(body, true)).unwrap();
        // An escaped quote neither ends the string nor hides a secret written escaped.
        assert_eq!(scrub(r#"["say \"a\"b-quoted\"", 1234]"#, true), r#"["say \"[REDACTED]\"", 1234]"#);
        // Nor does an escape a server chose: `\/` for `/`, `\u00e4` for `ä`; the rest of
        // such a string is kept as its value.
        let secrets = ["Sk/9f8e+S3CRET==".to_owned(), "pässwörd-42".to_owned()];
        let body = r#"{"m": "key Sk\/9f8e+S3CRET== is \u00abwrong\u00bb", "n": "p\u00e4ssw\u00f6rd-42", "o": "a\/b"}"#;
        let scrubbed = String::from_utf8(scrubbed_body(body.as_bytes().to_vec(), &secrets, true)).unwrap();
        assert_eq!(scrubbed, r#"{"m": "key [REDACTED] is «wrong»", "n": "[REDACTED]", "o": "a\/b"}"#);
        // A string left open at the end of the body is scrubbed to its end.
        assert_eq!(scrub(r#"{"m": "sk_live_1234"#, true), r#"{"m": "[REDACTED]"#);
        assert_eq!(scrub(r#"{"m": "ends with a backslash \"#, true), r#"{"m": "ends with a backslash \"#);
    }

    #[test]
    fn text_and_binary_bodies_are_scrubbed_anywhere() {
        assert_eq!(scrub("code 1234, key sk_live_1234.", false), "code [REDACTED], key [REDACTED].");
        let binary = [&[0xff, 0x00][..], b"sk_live_1234", &[0xfe]].concat();
        let scrubbed = scrubbed_body(binary, &["sk_live_1234".to_owned()], false);
        assert_eq!(scrubbed, [&[0xff, 0x00][..], b"[REDACTED]", &[0xfe]].concat());
        // Nothing to replace: the same bytes; short secrets are left alone.
        assert_eq!(scrub("nothing here", false), "nothing here");
        assert_eq!(scrubbed_body(b"abc".to_vec(), &["abc".to_owned()], false), b"abc");
    }
}
