//! The secrets a request carried, replaced by `[REDACTED]` in what a server sends back:
//! excerpts and decode paths of errors, and the bodies of documented error responses (a
//! server that echoes the request must not put its credentials into an error's `Debug`,
//! its message or a log).

mod string;

/// What a secret becomes.
const REDACTED: &str = "[REDACTED]";

/// The shortest start of a secret replaced at the end of a text cut short (see
/// [`secret_start_at_end`]): with one byte, an excerpt ending in any letter some secret
/// starts with ended in `[REDACTED]`; a cut leaves at most 3 bytes of a secret's text.
const SHORTEST_START: usize = 4;

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
/// replaced inside strings, in a string's value as well as in its text (a server may
/// escape what it echoes: `\/`, `\u00e4`), and a number that is a secret whole becomes
/// the string `"[REDACTED]"` (the body stays JSON; the field may then fail to decode,
/// which shows no value). In a text or binary body they are replaced anywhere. The hex
/// digits of percent escapes are compared without case (see [`folded`]). A body holding
/// none of them is given back as it is.
pub(crate) fn scrubbed_body(body: Vec<u8>, secrets: &[String], json: bool) -> Vec<u8> {
    Scrub::new(secrets, false).body(body, json)
}

/// A form body with the request's `secrets` replaced as written, then in its names and
/// values as they read once decoded (a server may encode an echoed secret wholly, partly or not at all:
/// `K3Y/ab%2Bcd%3D%3D`), written back as a form. A body holding none is given back as is.
pub(crate) fn scrubbed_form(body: Vec<u8>, secrets: &[String]) -> Vec<u8> {
    // First as written (a secret echoed raw holds a `+` that decoding makes a space).
    let body = scrubbed_body(body, secrets, false);
    let secrets = longest_first(secrets);
    let read: Vec<(String, String)> =
        url::form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let scrubbed: Vec<(String, String)> =
        read.iter().map(|(k, v)| (redacted(k.clone(), &secrets), redacted(v.clone(), &secrets))).collect();
    if scrubbed == read {
        return body;
    }
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(scrubbed).finish().into_bytes()
}

/// The first bytes of a body, which become an excerpt: scrubbed as a JSON body (in case
/// it is one), then as text; when the body went on (`cut`), a secret's start left at the
/// end (of an open string's value, or of the bytes) is replaced as well.
pub(crate) fn scrubbed_prefix(prefix: Vec<u8>, secrets: &[String], cut: bool) -> Vec<u8> {
    let scrub = Scrub::new(secrets, cut);
    let prefix = scrub.body(prefix, true);
    scrub.body(prefix, false)
}

/// The secrets of one scrub, as sent and [`folded`], longest first.
struct Scrub {
    /// The secrets as sent, longest first.
    plain: Vec<Vec<u8>>,
    /// The same, folded.
    needles: Vec<Vec<u8>>,
    /// Whether the bytes scrubbed are cut short: their end may hold a secret's start.
    cut: bool,
}

impl Scrub {
    fn new(secrets: &[String], cut: bool) -> Scrub {
        let plain: Vec<Vec<u8>> = longest_first(secrets).iter().map(|secret| secret.as_bytes().to_vec()).collect();
        let needles = plain.iter().map(|secret| folded(secret).into_owned()).collect();
        Scrub { plain, needles, cut }
    }

    /// One searcher per secret and form, for a whole body.
    fn finders(&self) -> Finders<'_> {
        fn finders(needles: &[Vec<u8>]) -> Vec<memchr::memmem::Finder<'_>> {
            needles.iter().map(memchr::memmem::Finder::new).collect()
        }
        Finders { plain: finders(&self.plain), folded: finders(&self.needles) }
    }

    /// `bytes` with every secret replaced, and the result folded; `None` when none is
    /// there. Secrets are looked for as sent first, then folded: a `%` with a hex digit
    /// before a secret that starts with `A`–`F` would fold its first letter.
    fn replaced_in(&self, bytes: &[u8], finders: &Finders<'_>) -> Option<(Vec<u8>, Vec<u8>)> {
        let exact = finders.plain.iter().any(|finder| finder.find(bytes).is_some());
        // Without a `%`, folding changes nothing and a folded secret found is found as sent.
        let escapes = bytes.contains(&b'%');
        let loose = escapes && {
            let haystack = folded(bytes);
            finders.folded.iter().any(|finder| finder.find(&haystack).is_some())
        };
        if !exact && !loose {
            return None;
        }
        let text = if exact { replaced(bytes, bytes.to_vec(), &self.plain).0 } else { bytes.to_vec() };
        let haystack = folded(&text).into_owned();
        Some(if escapes { replaced(&text, haystack, &self.needles) } else { (text, haystack) })
    }

    /// `bytes` with every secret replaced and, when they end where a limit cut them
    /// (`at_cut`), a secret's start at their end too; `Err` with `bytes` as they were
    /// when neither is there.
    fn scrubbed(&self, bytes: Vec<u8>, finders: &Finders<'_>, at_cut: bool) -> Result<Vec<u8>, Vec<u8>> {
        let (mut text, haystack) = match self.replaced_in(&bytes, finders) {
            Some((text, haystack)) => (text, Some(haystack)),
            None => (bytes, None),
        };
        let start = match (at_cut, &haystack) {
            (false, _) => 0,
            (true, Some(haystack)) => secret_start_at_end(haystack, &self.needles),
            (true, None) => secret_start_at_end(&folded(&text), &self.needles),
        };
        if haystack.is_none() && start == 0 {
            return Err(text);
        }
        text.truncate(text.len() - start);
        if start > 0 {
            text.extend_from_slice(REDACTED.as_bytes());
        }
        Ok(text)
    }

    fn body(&self, body: Vec<u8>, json: bool) -> Vec<u8> {
        if self.needles.is_empty() {
            body
        } else if json {
            self.json(&body)
        } else {
            self.text(body)
        }
    }

    /// A text or binary body: the secrets replaced anywhere.
    fn text(&self, body: Vec<u8>) -> Vec<u8> {
        match self.scrubbed(body, &self.finders(), self.cut) {
            Ok(text) | Err(text) => text,
        }
    }

    /// A JSON body: the secrets replaced in strings, and numbers that are one whole.
    fn json(&self, body: &[u8]) -> Vec<u8> {
        // One searcher per secret for the whole body, not one per string.
        let finders = self.finders();
        let mut scrubbed = Vec::with_capacity(body.len());
        let mut rest = body;
        while let Some(start) = rest.iter().position(|&b| b == b'"' || b == b'-' || b.is_ascii_digit()) {
            scrubbed.extend_from_slice(&rest[..start]);
            let token = if rest[start] == b'"' {
                // The string with its quotes (the closing one may be missing at the body's end).
                let close = start + 1 + string_end(&rest[start + 1..]);
                let string = &rest[start..rest.len().min(close + 1)];
                self.push_string(&mut scrubbed, string, close >= rest.len(), &finders);
                string
            } else {
                let digits = rest[start..].iter().position(|b| !b"0123456789.eE+-".contains(b));
                let number = &rest[start..digits.map_or(rest.len(), |n| start + n)];
                // The sign is part of the number: `-1234` whole becomes the string, and so
                // does a secret with a sign.
                let unsigned = number.strip_prefix(b"-").unwrap_or(number);
                let secret = self.needles.iter().any(|needle| needle == number || needle == unsigned);
                scrubbed.extend_from_slice(if secret { b"\"[REDACTED]\"" } else { number });
                number
            };
            rest = &rest[start + token.len()..];
        }
        scrubbed.extend_from_slice(rest);
        scrubbed
    }

    /// Adds to `out` a JSON string (`string`, quotes included; the closing one missing when
    /// `open`, at the end of the bytes) with the secrets (found by `finders`) replaced. One
    /// with escapes, or left open, is read to its value: if a secret is in the value, or the
    /// value of a string the cut left open ends with a secret's start (which in an escaped
    /// form no later check sees), the string is written anew from the value scrubbed
    /// (still open when it was). One with escapes whose value holds none is left as it is:
    /// its text may hold a secret's text across an escape (`caf\u00e9cafe`), which is no
    /// secret, and replacing it would leave the escape broken.
    fn push_string(&self, out: &mut Vec<u8>, string: &[u8], open: bool, finders: &Finders<'_>) {
        let escaped = string.contains(&b'\\');
        if open || escaped {
            match self.rewritten(string, open, finders) {
                Some(written) => return out.extend(written),
                None if escaped => return out.extend_from_slice(string),
                None => {}
            }
        }
        match self.replaced_in(string, finders) {
            Some((text, _)) => out.extend(text),
            None => out.extend_from_slice(string),
        }
    }

    /// A JSON string (see [`Scrub::push_string`]) written anew from its value with the
    /// secrets replaced, and, when it is open at the end of bytes cut short, a secret's
    /// start at its end too; `None` when the value holds neither.
    fn rewritten(&self, string: &[u8], open: bool, finders: &Finders<'_>) -> Option<Vec<u8>> {
        let value = string::value(string, open).into_bytes();
        let scrubbed = self.scrubbed(value, finders, open && self.cut).ok()?;
        // Secrets are replaced whole and each starts a character: the value stays UTF-8.
        let mut written = serde_json::to_vec(&String::from_utf8_lossy(&scrubbed)).ok()?;
        if open {
            written.pop();
        }
        Some(written)
    }
}

/// The searchers of a scrub (see [`Scrub::finders`]).
struct Finders<'a> {
    plain: Vec<memchr::memmem::Finder<'a>>,
    folded: Vec<memchr::memmem::Finder<'a>>,
}

/// How many bytes at the end of `text` are the start of one of `needles` (the longest
/// such start of at least [`SHORTEST_START`] bytes; 0 for none): what is left of a secret
/// that a limit cut short. In a secret with a space (a header's whole text, `Bearer
/// <token>`), the start must reach [`SHORTEST_START`] bytes past the space: the scheme's
/// name is no secret, and an excerpt ending in `Bearer` keeps it.
pub(crate) fn secret_start_at_end(text: &[u8], needles: &[impl AsRef<[u8]>]) -> usize {
    needles
        .iter()
        .filter_map(|needle| {
            let needle = needle.as_ref();
            let shortest = needle.iter().position(|&b| b == b' ').map_or(0, |space| space + 1) + SHORTEST_START;
            (shortest..needle.len()).rev().find(|&n| text.ends_with(&needle[..n]))
        })
        .max()
        .unwrap_or(0)
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

/// `text` with each of `needles` (secrets [`folded`]) replaced, compared with `haystack`
/// (`text` folded), and the result folded. Bytes, not text: a binary body need not be
/// UTF-8.
fn replaced(text: &[u8], mut haystack: Vec<u8>, needles: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>) {
    let mut text = text.to_vec();
    // Folding keeps every byte where it was, so a match in the folded copy is the same
    // range of the text; both are rewritten in step.
    for needle in needles {
        if find(&haystack, needle).is_none() {
            continue;
        }
        let (mut out, mut folded_out) = (Vec::with_capacity(text.len()), Vec::with_capacity(text.len()));
        let mut from = 0;
        while let Some(at) = find(&haystack[from..], needle).map(|at| from + at) {
            out.extend_from_slice(&text[from..at]);
            folded_out.extend_from_slice(&haystack[from..at]);
            out.extend_from_slice(REDACTED.as_bytes());
            folded_out.extend_from_slice(REDACTED.as_bytes());
            from = at + needle.len();
        }
        out.extend_from_slice(&text[from..]);
        folded_out.extend_from_slice(&haystack[from..]);
        (text, haystack) = (out, folded_out);
    }
    (text, haystack)
}

/// `bytes` with the hex digits of each percent escape in lower case (`%2F` as `%2f`),
/// also of one a cut left at the end (`%E`), every other byte as it is and where it was:
/// servers' encoders write escapes in either case, and may mix them in one string (a
/// secret echoed by one encoder inside a text another encoded), so secrets and texts are
/// compared folded.
fn folded(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !bytes.contains(&b'%') {
        return bytes.into();
    }
    let mut out = bytes.to_vec();
    for at in 0..out.len() {
        let digits = match &out[at..] {
            [b'%', a, b, ..] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => 2,
            [b'%', a] if a.is_ascii_hexdigit() => 1,
            _ => 0,
        };
        out[at + 1..at + 1 + digits].make_ascii_lowercase();
    }
    out.into()
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(body: &str, json: bool) -> String {
        // As `request::as_sent` gives them: a secret with a quote, as it is and escaped.
        let secrets =
            ["sk_live_1234".to_owned(), "1234".to_owned(), "a\"b-quoted".to_owned(), "a\\\"b-quoted".to_owned()];
        String::from_utf8(scrubbed_body(body.as_bytes().to_vec(), &secrets, json)).unwrap()
    }

    #[test]
    fn a_form_body_is_scrubbed_as_it_reads_decoded() {
        let secrets = ["K3Y/ab+cd==".to_owned()];
        for body in ["e=bad+key+K3Y/ab%2Bcd%3D%3D", "e=bad+key+K3Y%2Fab%2Bcd%3D%3D"] {
            let scrubbed = String::from_utf8(scrubbed_form(body.as_bytes().to_vec(), &secrets)).unwrap();
            assert_eq!(scrubbed, "e=bad+key+%5BREDACTED%5D", "{body}");
        }
        // Echoed raw: its `+` would read as a space, and is found before decoding.
        let raw = String::from_utf8(scrubbed_form(b"e=bad key K3Y/ab+cd==".to_vec(), &secrets)).unwrap();
        assert_eq!(raw, "e=bad key [REDACTED]");
        let clean = b"e=invalid_client&n=1".to_vec();
        assert_eq!(scrubbed_form(clean.clone(), &secrets), clean);
    }

    #[test]
    fn json_bodies_are_scrubbed_inside_strings_only() {
        let body = r#"{"message": "key sk_live_1234 is wrong", "code": 12345, "sk_live_1234": [1234, "x1234", 1.5e3]}"#;
        // A number that is a secret whole becomes a string: the body stays JSON.
        let expected = r#"{"message": "key [REDACTED] is wrong", "code": 12345, "[REDACTED]": ["[REDACTED]", "x[REDACTED]", 1.5e3]}"#;
        assert_eq!(scrub(body, true), expected);
        serde_json::from_str::<serde_json::Value>(&scrub(body, true)).unwrap();
        // A negative number is one token: the body stays JSON.
        assert_eq!(scrub(r#"{"n": -1234, "m": -12}"#, true), r#"{"n": "[REDACTED]", "m": -12}"#);
        // An escaped quote neither ends the string nor hides a secret written escaped.
        assert_eq!(scrub(r#"["say \"a\"b-quoted\"", 1234]"#, true), r#"["say \"[REDACTED]\"", "[REDACTED]"]"#);
        // Nor does an escape a server chose: `\/` for `/`, `\u00e4` for `ä`; the rest of
        // such a string is kept as its value.
        let secrets = ["Sk/9f8e+S3CRET==".to_owned(), "pässwörd-42".to_owned()];
        let body = r#"{"m": "key Sk\/9f8e+S3CRET== is \u00abwrong\u00bb", "n": "p\u00e4ssw\u00f6rd-42", "o": "a\/b"}"#;
        let scrubbed = String::from_utf8(scrubbed_body(body.as_bytes().to_vec(), &secrets, true)).unwrap();
        assert_eq!(scrubbed, r#"{"m": "key [REDACTED] is «wrong»", "n": "[REDACTED]", "o": "a\/b"}"#);
        // A string left open at the end of the body is scrubbed to its end, escaped or not.
        assert_eq!(scrub(r#"{"m": "sk_live_1234"#, true), r#"{"m": "[REDACTED]"#);
        let open = scrubbed_body(br#"{"m": "key Sk\/9f8e+S3CRET== is wro"#.to_vec(), &secrets, true);
        assert_eq!(String::from_utf8(open).unwrap(), r#"{"m": "key [REDACTED] is wro"#);
        // Cut inside an escape: the escape is dropped, the secret still found.
        let cut = scrubbed_body(br#"{"m": "key Sk\/9f8e+S3CRET== \u04"#.to_vec(), &secrets, true);
        assert_eq!(String::from_utf8(cut).unwrap(), r#"{"m": "key [REDACTED] "#);
        assert_eq!(scrub(r#"{"m": "ends with a backslash \"#, true), r#"{"m": "ends with a backslash \"#);
    }

    #[test]
    fn a_secret_cut_short_in_an_open_string_is_hidden_escaped_or_not() {
        let secrets = crate::request::as_sent(vec!["Sk/9f8e+S3CRET==".to_owned(), "p\u{e4}ssw\u{f6}rd-42".to_owned()]);
        let cut = |body: &[u8]| String::from_utf8(scrubbed_prefix(body.to_vec(), &secrets, true)).unwrap();
        // Cut after the escape a server chose: the start of the secret is hidden.
        assert_eq!(cut(br#"{"m": "key Sk\/9f8e+S3"#), r#"{"m": "key [REDACTED]"#);
        assert_eq!(cut(br#"{"m": "key p\u00e4ssw\u00f6"#), r#"{"m": "key [REDACTED]"#);
        // Cut inside an escape, inside a character, and not escaped at all.
        assert_eq!(cut(br#"{"m": "key p\u00e4ssw\u00"#), r#"{"m": "key [REDACTED]"#);
        assert_eq!(cut(b"{\"m\": \"key Sk\\/9f8e+S3CR\xc3"), r#"{"m": "key [REDACTED]"#);
        assert_eq!(cut(br#"{"m": "key Sk/9f"#), r#"{"m": "key [REDACTED]"#);
        // A string a JSON reader refuses (an unpaired surrogate) is read all the same.
        assert_eq!(
            cut(br#"{"m": "\ud800 Sk\/9f8e+S3CRET== and Sk\/9"#),
            r#"{"m": "\ufffd [REDACTED] and [REDACTED]"#.replace("\\ufffd", "\u{FFFD}")
        );
        // Outside strings: a start at the end of the bytes, compared folded.
        assert_eq!(cut(b"t=Sk%2f9f8e%2B"), "t=[REDACTED]");
        assert_eq!(cut(b"t=Sk%2F9f8e%2"), "t=[REDACTED]");
        // Starts shorter than 4 bytes are left (a cut shows at most 3 bytes of a secret),
        // and bytes not cut short have no start replaced, whatever they end with.
        assert_eq!(cut(br#"{"m": "in Sk/"#), r#"{"m": "in Sk/"#);
        let whole = scrubbed_body(br#"{"m": "ends Sk/9f"#.to_vec(), &secrets, true);
        assert_eq!(String::from_utf8(whole).unwrap(), r#"{"m": "ends Sk/9f"#);
        assert_eq!(secret_start_at_end(b"abc Sk/9", &["Sk/9f8e", "9f8"]), 4);
        assert_eq!(secret_start_at_end(b"abc Sk/", &["Sk/9f8e"]), 0);
    }

    #[test]
    fn what_a_second_review_found() {
        // A `%` and a hex digit before a secret starting with `A`–`F`: found as sent.
        let secrets = crate::request::as_sent(vec!["DEADBEEF00112233".to_owned()]);
        let body =
            |text: &str, json| String::from_utf8(scrubbed_body(text.as_bytes().to_vec(), &secrets, json)).unwrap();
        assert_eq!(body("rate 5%1DEADBEEF00112233 x", false), "rate 5%1[REDACTED] x");
        assert_eq!(body(r#"{"m": "5%1DEADBEEF00112233"}"#, true), r#"{"m": "5%1[REDACTED]"}"#);
        // A secret's text across an escape is no secret: the string stays as it is (JSON).
        let secrets = crate::request::as_sent(vec!["00e9cafe77".to_owned(), "nexus-key-1234".to_owned()]);
        let body = |text: &str| String::from_utf8(scrubbed_body(text.as_bytes().to_vec(), &secrets, true)).unwrap();
        assert_eq!(
            body(r#"{"e": "caf\u00e9cafe77", "f": "bad\nexus-key-1234"}"#),
            r#"{"e": "caf\u00e9cafe77", "f": "bad\nexus-key-1234"}"#
        );
        // An escape JSON does not have keeps its backslash when its string is written anew.
        let secrets = crate::request::as_sent(vec!["Sk/9f8e+S3CRET==".to_owned()]);
        let cut = String::from_utf8(scrubbed_prefix(
            br#"path "C:\Users\x Sk/9f8e+S3CRET== end" and more"#.to_vec(),
            &secrets,
            true,
        ))
        .unwrap();
        assert_eq!(cut, r#"path "C:\\Users\\x [REDACTED] end" and more"#);
        // A header's scheme is no secret's start; past it, the token's is.
        let header = ["Bearer tok123456".to_owned()];
        assert_eq!(secret_start_at_end(b"Authorization: Bearer", &header), 0);
        assert_eq!(secret_start_at_end(b"Authorization: Bearer tok1", &header), 11);
    }

    #[test]
    fn percent_escapes_match_in_either_case() {
        let secrets = ["k/y+".to_owned(), "k%2Fy%2B".to_owned(), "100%Zz".to_owned()];
        let scrub =
            |body: &str, json| String::from_utf8(scrubbed_body(body.as_bytes().to_vec(), &secrets, json)).unwrap();
        for json in [true, false] {
            assert_eq!(scrub(r#"["a k%2fy%2B b", "k%2Fy%2b"]"#, json), r#"["a [REDACTED] b", "[REDACTED]"]"#);
        }
        // Only escapes fold: `%Zz` is not one, and other escapes keep their case.
        assert_eq!(scrub("100%zz 100%Zz %2F", false), "100%zz [REDACTED] %2F");
        assert_eq!(folded(b"%2F%%3A%e9%"), &b"%2f%%3a%e9%"[..]);
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
