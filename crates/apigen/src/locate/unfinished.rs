//! The pointer of what a malformed JSON text was in the middle of where its reader
//! stopped: the diagnostic of a syntax error names the value it is in, as every other
//! diagnostic does. Hand-rolled because no JSON reader reports where it was in the tree
//! when it failed; it only needs to follow brackets, strings, colons and commas up to
//! that point, whatever comes after.

use super::json::{end_of_string, key};
use crate::diagnostics::push_token;

/// One container open at the stopping point.
enum Open {
    /// An object: the key of the member being read, once its colon is passed, and whether
    /// its value has ended (a string closed, a container closed, a number or literal
    /// followed by a space or separator).
    Object { key: Option<String>, in_value: bool, done: bool },
    /// An array: the index of the item being read, whether that item has begun, and
    /// whether it has ended.
    Array { index: usize, begun: bool, done: bool },
}

impl Open {
    /// The current member's or item's value has ended: what follows is between values.
    fn value_ended(&mut self) {
        match self {
            Open::Object { in_value: true, done, .. } | Open::Array { begun: true, done, .. } => *done = true,
            _ => {}
        }
    }
}

/// The JSON pointer of the innermost value being read at byte offset `end` of `text`
/// (the byte where a reader stopped, which is not read): the keys and indexes of the
/// containers open there, down to the member or item begun. `""` at the top level.
pub fn pointer_open_at(text: &str, end: usize) -> String {
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let bytes = &text.as_bytes()[..end];
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        at += 1;
        if byte.is_ascii_whitespace() {
            continue;
        }
        // Anything but a separator or a closing bracket begins the current array item.
        if let Some(Open::Array { begun, .. }) = open.last_mut()
            && !matches!(byte, b',' | b']')
        {
            *begun = true;
        }
        match byte {
            b'{' => open.push(Open::Object { key: None, in_value: false, done: false }),
            b'[' => open.push(Open::Array { index: 0, begun: false, done: false }),
            b'}' | b']' => {
                open.pop();
                open.last_mut().map(Open::value_ended);
            }
            b'"' => {
                let start = at - 1;
                let closed = end_of_string(bytes, at);
                at = closed.unwrap_or(bytes.len());
                match open.last_mut() {
                    Some(Open::Object { key, in_value: false, .. }) => {
                        *key = Some(decoded(&text[start..at], closed.is_some()))
                    }
                    // A closed string is a whole value.
                    Some(container) if closed.is_some() => container.value_ended(),
                    _ => {}
                }
            }
            b':' => {
                if let Some(Open::Object { in_value, .. }) = open.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match open.last_mut() {
                Some(Open::Object { key, in_value, done }) => (*key, *in_value, *done) = (None, false, false),
                Some(Open::Array { index, begun, done }) => (*index, *begun, *done) = (*index + 1, false, false),
                None => {}
            },
            // A number or literal ends where a space or separator follows it.
            _ => {
                if bytes.get(at).is_some_and(|next| next.is_ascii_whitespace() || b",}]".contains(next))
                    && let Some(container) = open.last_mut()
                {
                    container.value_ended();
                }
            }
        }
    }
    // The byte where the reader stopped begins an item, unless it ends one.
    if let Some(&next) = text.as_bytes().get(end)
        && !matches!(next, b',' | b']' | b'}')
        && !next.is_ascii_whitespace()
        && let Some(Open::Array { begun, .. }) = open.last_mut()
    {
        *begun = true;
    }
    pointer(&open)
}

/// The pointer of the containers open, each down to its member or item begun and not
/// ended.
fn pointer(open: &[Open]) -> String {
    let mut pointer = String::new();
    for container in open {
        match container {
            Open::Object { key: Some(key), in_value: true, done: false } => push_token(&mut pointer, key),
            Open::Array { index, begun: true, done: false } => push_token(&mut pointer, &index.to_string()),
            // A container whose member or item has not begun is itself the value read.
            _ => break,
        }
    }
    pointer
}

/// A key as the document means it (escapes decoded), or as written when it does not
/// decode (an unclosed or malformed string).
fn decoded(literal: &str, closed: bool) -> String {
    closed.then(|| key(literal)).flatten().unwrap_or_else(|| literal.trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::pointer_open_at;

    /// The pointer where `text` stops at its first `|` (the mark is not part of it).
    fn at_mark(text: &str) -> String {
        let end = text.find('|').expect("a mark");
        pointer_open_at(&text.replace('|', ""), end)
    }

    #[test]
    fn names_the_member_or_item_being_read() {
        assert_eq!(at_mark(r#"{"info": {"title": "x", "version": 1,|, }}"#), "/info");
        assert_eq!(at_mark(r#"{"info": {"title": tru|e}}"#), "/info/title");
        assert_eq!(at_mark(r#"{"a": [1, {"b": [true, |x]}]}"#), "/a/1/b/1");
        assert_eq!(at_mark(r#"{"a": [1, |]}"#), "/a");
        assert_eq!(at_mark(r#"{"a": [], "b": {},|,}"#), "");
        assert_eq!(at_mark(r#"|{"#), "");
        // Between values: after an ended member or item, the container.
        assert_eq!(at_mark(r#"{"a": {"b": 1}|"#), "");
        assert_eq!(at_mark(r#"{"a": "x"| "b": 1}"#), "");
        assert_eq!(at_mark(r#"{"a": [[1], "y"|"#), "/a");
        assert_eq!(at_mark(r#"{"a": "x\"|"#), "/a");
        assert_eq!(at_mark("{\"a\": 12\n|"), "");
        assert_eq!(at_mark(r#"{"a": [1, 2|"#), "/a/1");
    }

    #[test]
    fn keys_are_read_as_the_document_means_them() {
        assert_eq!(at_mark(r#"{"a/b": {"c\"d": {"e\u0066": |}}}"#), "/a~1b/c\"d/ef");
        assert_eq!(at_mark(r#"{"[{,:": |}"#), "/[{,:");
        // Brackets and commas inside strings are text.
        assert_eq!(at_mark(r#"{"a": ["]", ",", |x]}"#), "/a/2");
        assert_eq!(at_mark(r#"{"a": ["]", ",", |]}"#), "/a");
        // An unclosed string at the stopping point.
        assert_eq!(at_mark(r#"{"a": {"b|"#), "/a");
        // A stopping point inside a character is taken back to its start.
        assert_eq!(pointer_open_at(r#"{"é": ["é"#, 3), "");
        assert_eq!(pointer_open_at(r#"{"é": ["é"#, 10), "/é/0");
    }
}
