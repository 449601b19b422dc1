//! Stage 1, load: read a file and parse it as JSON or YAML, chosen by its extension.

mod budget;
mod merge;
mod unique;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::Diagnostics;

/// The text format of a source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`
    Json,
    /// `.yaml` / `.yml`
    Yaml,
}

/// A loaded document: its path, format and value.
#[derive(Debug, Clone)]
pub struct Source {
    /// Where it was read from (as given).
    pub path: PathBuf,
    /// JSON or YAML.
    pub format: Format,
    /// The parsed document.
    pub value: Value,
}

/// The format a path's extension names, if any.
pub fn format_of(path: &Path) -> Option<Format> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Some(Format::Json),
        Some("yaml" | "yml") => Some(Format::Yaml),
        _ => None,
    }
}

/// Reads and parses a file; problems go to `diags`.
pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            diags.error("", format!("cannot read the file: {e}"));
            return None;
        }
    };
    parse_text(path, &text, diags)
}

/// Parses already-read text; `path` only picks the format and names the file.
pub fn parse_text(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Source> {
    let Some(format) = format_of(path) else {
        diags.error("", "unknown file extension: expected .json, .yaml or .yml");
        return None;
    };
    // A byte order mark is no part of the document (the YAML reader took it for the
    // start of a second one; JSON readers refuse it).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = match format {
        Format::Json => json_value(text, diags)?,
        Format::Yaml => yaml_value(text, diags)?,
    };
    if !value.is_object() {
        diags.error("", "the document must be a JSON/YAML object at the top level");
        return None;
    }
    Some(Source { path: path.to_path_buf(), format, value })
}

/// Reports a document that nests more than [`MAX_DEPTH`](crate::nesting::MAX_DEPTH) levels deep, where it does.
fn too_deep(diags: &mut Diagnostics, deep: Option<crate::nesting::TooDeep>) {
    let message = format!(
        "the document nests more than {} levels deep here; apigen does not read deeper documents (OpenAPI documents need about 20 levels)",
        crate::nesting::MAX_DEPTH
    );
    match deep {
        Some(deep) => diags.error_at("", (deep.line, deep.column), message),
        None => diags.error("", message),
    }
}

/// Reports a key that repeats one before it in its object, where the first is.
fn repeated_key(diags: &mut Diagnostics, pointer: String) {
    let key = pointer.rsplit('/').next().map(crate::diagnostics::unescape_token).unwrap_or_default();
    let key = crate::diagnostics::printable_line(&key).into_owned();
    diags.warning(
        pointer,
        format!("the key `{key}` appears twice in this object: the last is read, this one is not (readers differ on which they keep)"),
    );
}

/// A JSON document: `serde_json` reads any depth in linear time (and stops at 128
/// levels), so the text is scanned for where it nests too deeply only when it does.
fn json_value(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    let read = unique::read(text).map(|unique::Read { value, repeated, depth }| {
        for pointer in repeated {
            repeated_key(diags, pointer);
        }
        (value, depth)
    });
    let deep = read.as_ref().map_or(true, |(_, depth)| *depth > crate::nesting::MAX_DEPTH);
    if deep && let Err(at) = crate::nesting::check(text) {
        too_deep(diags, Some(at));
        return None;
    }
    match read {
        Ok(_) if deep => {
            too_deep(diags, None);
            None
        }
        Ok((value, _)) => Some(value),
        Err(e) => {
            // The message without serde_json's "at line … column …" (bytes): the
            // diagnostic gives the position, in characters.
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message);
            // serde_json's column counts bytes; diagnostics count characters, as editors
            // do and as the code frame's caret needs.
            let stop = byte_offset(text, e.line(), e.column());
            let position = offset_position(text, stop);
            // At the end of the text the reader read every byte, its column's too.
            let end = match e.classify() {
                serde_json::error::Category::Eof => text.len(),
                _ => stop,
            };
            let pointer = crate::locate::pointer_open_at(text, end);
            diags.error_at(pointer, position, format!("malformed JSON: {message}"));
            None
        }
    }
}

/// The byte offset of `serde_json`'s 1-based line and column (the byte its reader stopped
/// at, which it counts as read).
fn byte_offset(text: &str, line: usize, byte_column: usize) -> usize {
    let line_start: usize = text.split('\n').take(line.saturating_sub(1)).map(|line| line.len() + 1).sum();
    (line_start + byte_column.saturating_sub(1)).min(text.len())
}

/// Whether mappings and sequences nest more than `limit` levels in `value` (itself
/// one, when it is one).
pub(crate) fn deeper_than(value: &Value, limit: usize) -> bool {
    match value {
        Value::Array(items) => limit == 0 || items.iter().any(|item| deeper_than(item, limit - 1)),
        Value::Object(members) => limit == 0 || members.values().any(|member| deeper_than(member, limit - 1)),
        _ => false,
    }
}

/// A YAML document, after the text is scanned for nesting: the YAML reader costs
/// quadratic time on deep flow nesting.
fn yaml_value(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    if let Some((at, name)) = ambiguous_break(text) {
        let position = offset_position(text, at);
        // Located in the text before it, which both readers read alike: the value that
        // starts there (the empty value of the key it follows) or before it.
        let pointer = match crate::locate::Locations::yaml_error_at(&text[..at], position, false) {
            crate::locate::YamlError::Value(pointer) | crate::locate::YamlError::Syntax(pointer) => pointer,
        };
        let message = format!(
            "{name} in a YAML document: YAML 1.1 readers break the line there and YAML 1.2 readers do not, so the document reads two ways; write a line break, or `\\N`, `\\L`, `\\P` in a double-quoted string"
        );
        diags.error_at(pointer, position, message);
        return None;
    }
    if let Err(deep) = crate::nesting::check(text) {
        too_deep(diags, Some(deep));
        return None;
    }
    // Before the reader expands aliases: one whose copies would be too many is refused.
    let scan = crate::locate::yaml_scan(text);
    if let Some((pointer, position)) = scan.too_many_copies {
        let message = format!(
            "the aliases of this document copy more than {} nodes once expanded (this one takes them past it): the document is not read",
            crate::locate::MAX_ALIAS_COPIES
        );
        diags.error_at(pointer, position, message);
        return None;
    }
    match budget::read(text) {
        Ok(mut value) => {
            for pointer in scan.repeated {
                repeated_key(diags, pointer);
            }
            // Decided on the events; from the text when they could not be read.
            if scan.merge_keys.unwrap_or_else(|| merge::written(text)) {
                merge::apply(&mut value, &mut String::new(), diags);
            }
            Some(value)
        }
        Err(e) => {
            yaml_error(text, &e, diags);
            None
        }
    }
}

/// The first character that YAML 1.1 reads as a line break and YAML 1.2 does not (NEL,
/// LINE SEPARATOR, PARAGRAPH SEPARATOR), and its name. The reader (libyaml, 1.1) and the
/// scans that locate keys, find repeated and merge keys and bound nesting (yaml-rust2,
/// 1.2) would read such a document differently: its diagnostics would lose their place,
/// and a repeated key, a merge or a nesting past the limit would go unseen.
fn ambiguous_break(text: &str) -> Option<(usize, &'static str)> {
    text.char_indices().find_map(|(at, c)| match c {
        '\u{85}' => Some((at, "U+0085 (NEXT LINE)")),
        '\u{2028}' => Some((at, "U+2028 (LINE SEPARATOR)")),
        '\u{2029}' => Some((at, "U+2029 (PARAGRAPH SEPARATOR)")),
        _ => None,
    })
}

/// Reports what the YAML reader refused: a value (a tag, an anchor, a key that is not a
/// string) at its pointer, a syntax error at the value being read where the text stops
/// parsing.
fn yaml_error(text: &str, e: &yaml_serde::Error, diags: &mut Diagnostics) {
    use crate::locate::YamlError;
    let message = e.to_string();
    // An error of libyaml's reader (a control character) has no line and column, only a
    // byte offset, in its message ("… at position 68"): the location it reports is the
    // start of the text. (Only then: another message may quote the document's text.)
    let at_start = e.location().is_none_or(|location| location.index() == 0);
    let offset = message
        .rsplit_once(" at position ")
        .filter(|_| at_start)
        .and_then(|(_, at)| at.split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok());
    let position = match offset {
        Some(offset) => Some(offset_position(text, offset)),
        None => e.location().map(|location| (location.line(), location.column())),
    };
    let located = crate::locate::Locations::yaml_error_at(text, position.unwrap_or((1, 1)), offset.is_some());
    let (pointer, message) = match located {
        YamlError::Value(pointer) => (pointer, format!("cannot read this value: {message}")),
        YamlError::Syntax(pointer) => (pointer, format!("malformed YAML: {message}")),
    };
    match position {
        Some(position) => diags.error_at(pointer, position, message),
        None => diags.error(pointer, message),
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text` (a column of at
/// least 1: serde_json says 0 for a line break it stopped at).
fn offset_position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_load_to_the_same_value() {
        let mut diags = Diagnostics::new("x");
        let json = parse_text(Path::new("a.json"), r#"{"a": [1, "b"]}"#, &mut diags).unwrap();
        let yaml = parse_text(Path::new("a.yaml"), "a:\n  - 1\n  - b\n", &mut diags).unwrap();
        assert_eq!(json.value, yaml.value);
        assert!(!diags.has_errors());
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let mut diags = Diagnostics::new("a.json");
        assert!(parse_text(Path::new("a.json"), "{\n  \"a\": ,\n}", &mut diags).is_none());
        assert_eq!(diags.items()[0].position, Some((2, 8)));
        // Columns count characters, where serde_json counts bytes (`é` is two).
        let mut diags = Diagnostics::new("a.json");
        assert!(parse_text(Path::new("a.json"), "{\"é\": ,}", &mut diags).is_none());
        assert_eq!(diags.items()[0].position, Some((1, 7)));
        assert_eq!(diags.items()[0].message, "malformed JSON: expected value");
        let mut diags = Diagnostics::new("a.yaml");
        assert!(parse_text(Path::new("a.yaml"), "a: [1,\nb: 2\n", &mut diags).is_none());
        assert!(diags.items()[0].position.is_some());
        // A syntax error names the value it is in.
        assert_eq!(diags.items()[0].pointer, "/a");
        let mut diags = Diagnostics::new("a.yaml");
        let text = "info:\n  title: x\n  tags: {a: [1, }\n";
        assert!(parse_text(Path::new("a.yaml"), text, &mut diags).is_none());
        assert_eq!(diags.items()[0].pointer, "/info/tags/a");
        // A control character: libyaml gives a byte offset only.
        let mut diags = Diagnostics::new("a.yaml");
        let text = "openapi: 3.0.3\ninfo:\n  title: \"bell \u{7} here\"\n";
        assert!(parse_text(Path::new("a.yaml"), text, &mut diags).is_none());
        assert_eq!((diags.items()[0].pointer.as_str(), diags.items()[0].position), ("/info/title", Some((3, 16))));
        // A JSON text that ends early: the containers still open, not a member finished.
        for (text, pointer) in [(r#"{"a": {"b": 1}, "c": {"d": {}}"#, ""), (r#"{"a": [1, {"b": "#, "/a/1/b")] {
            let mut diags = Diagnostics::new("a.json");
            assert!(parse_text(Path::new("a.json"), text, &mut diags).is_none());
            assert_eq!(diags.items()[0].pointer, pointer, "{text}");
        }
        let mut diags = Diagnostics::new("a.txt");
        assert!(parse_text(Path::new("a.txt"), "{}", &mut diags).is_none());
    }
}
