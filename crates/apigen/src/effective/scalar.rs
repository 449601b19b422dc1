//! How one string is written in YAML: plain, in single quotes, in double quotes with
//! escapes, or as a literal block. Each style is chosen only where it reads back as the
//! same string under YAML 1.1 and 1.2 readers alike (a round-trip test reads every
//! document at hand back with two YAML readers).

use std::fmt::Write as _;

use crate::emit::docs::is_hidden;

/// Longest key written as an implicit key (`key: value`): YAML allows at most 1024
/// characters there; a longer one is written as an explicit key (`? key`).
pub const IMPLICIT_KEY_MAX: usize = 1000;

/// How a string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As it is: a word, a path, prose on one line.
    Plain,
    /// In single quotes (`'` doubled): printable text on one line that plain would
    /// read as something else (`'#/components/schemas/Pet'`, `'200'`, `'yes'`).
    Single,
    /// In double quotes with escapes: anything, on one line.
    Double,
    /// A literal block (`|`): printable text of several lines.
    Literal,
}

/// The style of `text` as a key (`key = true`: one line) or as a value.
pub fn style(text: &str, key: bool) -> Style {
    let pairs = Pairs::of(text);
    if !pairs.ascii && !text.chars().all(printable) {
        return Style::Double;
    }
    if !pairs.newline {
        return if plain(text, &pairs) { Style::Plain } else { Style::Single };
    }
    if !key && literal(text, &pairs) {
        return Style::Literal;
    }
    Style::Double
}

/// What one pass over a text's bytes finds: whether they are all printable ASCII or
/// `\n` (most text is: no character need be decoded), and the pairs of bytes that
/// decide the style. One pass instead of a search per pair: those searches took half
/// of the writer's time on GitHub's document.
struct Pairs {
    ascii: bool,
    newline: bool,
    /// `: `, ` #`, ` \n`.
    colon_space: bool,
    space_hash: bool,
    space_newline: bool,
}

impl Pairs {
    fn of(text: &str) -> Self {
        let mut pairs =
            Pairs { ascii: true, newline: false, colon_space: false, space_hash: false, space_newline: false };
        let mut previous = 0u8;
        for &byte in text.as_bytes() {
            match (previous, byte) {
                (_, b'\n') => {
                    pairs.newline = true;
                    pairs.space_newline |= previous == b' ';
                }
                (b':', b' ') => pairs.colon_space = true,
                (b' ', b'#') => pairs.space_hash = true,
                (_, b' '..=b'~') => {}
                _ => pairs.ascii = false,
            }
            previous = byte;
        }
        pairs
    }
}

/// A character written as it is (outside double quotes, where everything else is
/// escaped): YAML's printable set without tab, the line breaks YAML 1.1 knows beyond
/// `\n` (NEL, U+2028, U+2029), and the characters the documentation escapes too
/// ([`is_hidden`]: controls, format characters such as the bidirectional controls and
/// zero-width ones, tag characters): what can make text read otherwise than it is.
fn printable(c: char) -> bool {
    match c {
        '\n' | ' '..='~' => true,
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'.. => !is_hidden(c),
        _ => false,
    }
}

/// Plain reads back as the same string: it starts with an ASCII letter or one of `$/_^(` (no
/// number, date, indicator or `.inf`), is no word a reader takes for a boolean or null,
/// has no `: ` or ` #` (nor `:` or a space at its end), and no space at either end.
fn plain(text: &str, pairs: &Pairs) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let starts = first.is_ascii_alphabetic() || matches!(first, '$' | '/' | '_' | '^' | '(');
    starts && !text.ends_with([' ', ':']) && !pairs.colon_space && !pairs.space_hash && !reserved(text)
}

/// Words YAML 1.1 or 1.2 readers take for booleans or null.
fn reserved(text: &str) -> bool {
    const WORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    text.len() <= 5 && WORDS.iter().any(|word| word.eq_ignore_ascii_case(text))
}

/// A literal block reads back as the same string: its first line does not start with a
/// space (the block's indentation is taken from it) and no line ends in a space (kept,
/// but invisible to a reviewer, and editors strip it). Text ending in more than one line
/// break is written in double quotes (`|+` would keep them, but it reads poorly).
fn literal(text: &str, pairs: &Pairs) -> bool {
    !text.starts_with([' ', '\n']) && !text.ends_with("\n\n") && !text.ends_with(' ') && !pairs.space_newline
}

/// Writes `text` in `style` (a literal block's lines indented by `indent`).
pub fn write(out: &mut String, text: &str, style: Style, indent: usize) {
    match style {
        Style::Plain => out.push_str(text),
        Style::Single => {
            out.push('\'');
            for (i, part) in text.split('\'').enumerate() {
                if i > 0 {
                    out.push_str("''");
                }
                out.push_str(part);
            }
            out.push('\'');
        }
        Style::Double => double(out, text),
        Style::Literal => block(out, text, indent),
    }
}

/// `"…"` with `\\`, `\"` and every character [`printable`] refuses escaped.
fn double(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            c if printable(c) => continue,
            _ => "",
        };
        out.push_str(&text[start..at]);
        if escape.is_empty() {
            let code = c as u32;
            if code > 0xffff {
                let _ = write!(out, "\\U{code:08X}");
            } else {
                let _ = write!(out, "\\u{code:04X}");
            }
        } else {
            out.push_str(escape);
        }
        start = at + c.len_utf8();
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// `|` (or `|-` without a final line break), then each line indented; empty lines
/// stay empty.
fn block(out: &mut String, text: &str, indent: usize) {
    let (body, chomp) = match text.strip_suffix('\n') {
        Some(body) => (body, "|"),
        None => (text, "|-"),
    };
    out.push_str(chomp);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            crate::indent::spaces(out, indent);
            out.push_str(line);
        }
    }
}
