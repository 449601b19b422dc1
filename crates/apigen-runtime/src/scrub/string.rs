//! A JSON string's value, read leniently.
//!
//! Hand-written: `serde_json` refuses a string with a byte that is not UTF-8 or an
//! unpaired surrogate escape (`\ud800`), and one a cut ended inside a character or an
//! escape, whole; a secret echoed escaped in such a string was then left as it was.

/// The value of the JSON string `string` (its quotes included; the closing one missing
/// when `open`) as a JSON reader reads it, taking what one refuses: a byte that is not
/// UTF-8 and an unpaired surrogate become U+FFFD, an unknown escape stays as written
/// (`\x`), and at the end of an open string what a cut left unfinished (an escape, a
/// surrogate waiting for its pair, the first bytes of a character) is dropped.
pub(super) fn value(string: &[u8], open: bool) -> String {
    let inner = string.get(1..).unwrap_or_default();
    let inner = if open { inner } else { &inner[..inner.len().saturating_sub(1)] };
    let mut value = Value { bytes: Vec::with_capacity(inner.len()), high: None };
    let mut at = 0;
    while at < inner.len() {
        if inner[at] != b'\\' {
            let run = memchr::memchr(b'\\', &inner[at..]).unwrap_or(inner.len() - at);
            value.push(&inner[at..at + run]);
            at += run;
            continue;
        }
        match inner.get(at + 1) {
            // An escape the end cut short.
            None => break,
            Some(b'u') => {
                let Some(unit) = inner.get(at + 2..at + 6).and_then(hex_unit) else {
                    if at + 6 > inner.len() {
                        break;
                    }
                    value.push(b"\\u");
                    at += 2;
                    continue;
                };
                value.unit(unit);
                at += 6;
            }
            Some(&escaped) => {
                match unescaped(escaped) {
                    Some(byte) => value.push(&[byte]),
                    None => value.push(&inner[at..at + 2]),
                }
                at += 2;
            }
        }
    }
    // A surrogate waiting for its pair: cut before it (open), or alone.
    if value.high.take().is_some() && !open {
        value.bytes.extend_from_slice("\u{FFFD}".as_bytes());
    }
    let mut text = String::from_utf8_lossy(&value.bytes).into_owned();
    if open && text.ends_with('\u{FFFD}') {
        // The first bytes of a character the cut split.
        text.pop();
    }
    text
}

/// The value read so far, and a high surrogate waiting for its low one.
struct Value {
    bytes: Vec<u8>,
    high: Option<u16>,
}

impl Value {
    fn push(&mut self, bytes: &[u8]) {
        if self.high.take().is_some() {
            self.bytes.extend_from_slice("\u{FFFD}".as_bytes());
        }
        self.bytes.extend_from_slice(bytes);
    }

    /// A `\uXXXX` escape's UTF-16 unit.
    fn unit(&mut self, unit: u16) {
        let high = self.high.take();
        let c = match (high, unit) {
            (_, 0xD800..=0xDBFF) => {
                if high.is_some() {
                    self.bytes.extend_from_slice("\u{FFFD}".as_bytes());
                }
                self.high = Some(unit);
                return;
            }
            (Some(high), 0xDC00..=0xDFFF) => {
                char::from_u32(0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00))
            }
            (high, unit) => {
                if high.is_some() {
                    self.bytes.extend_from_slice("\u{FFFD}".as_bytes());
                }
                char::from_u32(u32::from(unit))
            }
        };
        let mut buffer = [0; 4];
        self.bytes.extend_from_slice(c.unwrap_or('\u{FFFD}').encode_utf8(&mut buffer).as_bytes());
    }
}

/// Four hex digits as a UTF-16 unit.
fn hex_unit(digits: &[u8]) -> Option<u16> {
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// The byte a one-letter escape of JSON stands for (`\n`, `\"`); `None` for one JSON
/// does not have (`\U` in a Windows path an excerpt quotes), which stays as written.
fn unescaped(letter: u8) -> Option<u8> {
    Some(match letter {
        b'b' => 0x08,
        b'f' => 0x0c,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'"' | b'\\' | b'/' => letter,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_json_readers_read_them() {
        for text in [r#""a\/b \"q\" \\ \n\t\u00e4 \ud83d\udd11 é""#, r#""""#, r#""plain""#] {
            let expected: String = serde_json::from_str(text).unwrap();
            assert_eq!(value(text.as_bytes(), false), expected, "{text}");
        }
    }

    #[test]
    fn what_a_json_reader_refuses_is_read_too() {
        assert_eq!(value(br#""a\ud800b""#, false), "a\u{FFFD}b");
        assert_eq!(value(br#""a\udc00\ud800""#, false), "a\u{FFFD}\u{FFFD}");
        assert_eq!(value(b"\"caf\xe9 x\"", false), "caf\u{FFFD} x");
        assert_eq!(value(br#""C:\Users\x \u12zz""#, false), "C:\\Users\\x \\u12zz");
    }

    #[test]
    fn what_a_cut_left_unfinished_is_dropped() {
        assert_eq!(value(br#""key Zq9\"#, true), "key Zq9");
        assert_eq!(value(br#""key \u00"#, true), "key ");
        assert_eq!(value(br#""abc\ud83d"#, true), "abc");
        assert_eq!(value(br#""abc\ud83d\udd"#, true), "abc");
        assert_eq!(value(b"\"s3cr\xc3", true), "s3cr");
        assert_eq!(value(b"\"", true), "");
        assert_eq!(value(b"", true), "");
    }
}
