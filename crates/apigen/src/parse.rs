//! Stage 4, parse: the normalized `serde_json::Value` into the typed `openapiv3` model.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token};

/// Deserializes the document, consuming it (its strings move into the typed model, so
/// the two are never both whole in memory); an error names the JSON pointer where it
/// stopped, found in the document `reread` gives back (the same document, read again).
pub fn parse(doc: Value, reread: impl FnOnce() -> Option<Value>, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let error = match serde_path_to_error::deserialize::<_, OpenAPI>(doc) {
        Ok(api) => return Some(api),
        Err(e) => e,
    };
    let Some(doc) = reread() else {
        report(&Value::Null, to_pointer(error.path()), &error.into_inner(), diags);
        return None;
    };
    // `openapiv3` reads `paths` with its own deserializer, so the error path stops
    // there; reading each path item on its own finds the exact place.
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (key, item) in paths.iter().filter(|(_, item)| item.get("$ref").is_none()) {
            if let Err(inner) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
                let pointer = format!("/paths/{}{}", escape_token(key), to_pointer(inner.path()));
                report(&doc, pointer, &inner.into_inner(), diags);
                return None;
            }
        }
    }
    report(&doc, to_pointer(error.path()), &error.into_inner(), diags);
    None
}

fn report(doc: &Value, pointer: String, error: &serde_json::Error, diags: &mut Diagnostics) {
    let message = error.to_string();
    let pointer = culprit(doc, pointer, &message);
    diags.error(pointer, format!("not a valid OpenAPI 3.0 document here: {message}"));
}

/// The node an "invalid type" or "invalid value" error is about, within the node at
/// `pointer` where the error was reported.
///
/// `openapiv3` reads schemas, parameters and references through `#[serde(flatten)]`
/// and untagged enums, which buffer their input: the error path stops at the schema,
/// while the message names the value at fault (``invalid value: integer `-1`,
/// expected usize``). Each scalar below `pointer` is described the way serde
/// describes an unexpected value, and the one the message names is the culprit; when
/// several match, the deepest node holding all of them.
fn culprit(doc: &Value, pointer: String, message: &str) -> String {
    let Some(node) = doc.pointer(&pointer) else { return pointer };
    if !(message.starts_with("invalid type: ") || message.starts_with("invalid value: ")) || !is_container(node) {
        return pointer;
    }
    let mut matches: Vec<String> = Vec::new();
    let mut stack = vec![(pointer.clone(), node)];
    while let Some((at, value)) = stack.pop() {
        match value {
            Value::Object(members) => {
                stack.extend(members.iter().map(|(key, value)| (format!("{at}/{}", escape_token(key)), value)));
            }
            Value::Array(items) => {
                stack.extend(items.iter().enumerate().map(|(i, value)| (format!("{at}/{i}"), value)))
            }
            scalar => {
                let unexpected = describe(scalar);
                let named = |kind: &str| message.strip_prefix(kind).is_some_and(|rest| rest.starts_with(&unexpected));
                if named("invalid type: ") || named("invalid value: ") {
                    matches.push(at);
                }
            }
        }
    }
    let Some(first) = matches.first() else { return pointer };
    // The longest common ancestor of all matches (by whole tokens).
    let mut common = first.clone();
    for other in &matches[1..] {
        while !(other == &common || other.starts_with(&format!("{common}/"))) {
            common.truncate(common.rfind('/').unwrap_or(0));
        }
    }
    common
}

fn is_container(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

/// How serde names a scalar in an "invalid type" message (``integer `-1`, ``), with
/// the comma that follows it in such messages.
fn describe(scalar: &Value) -> String {
    struct Nothing;
    impl serde::de::Visitor<'_> for Nothing {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("nothing")
        }
    }
    let error = serde::Deserializer::deserialize_any(scalar, Nothing).err().map(|e| e.to_string()).unwrap_or_default();
    let unexpected = error.strip_prefix("invalid type: ").and_then(|e| e.strip_suffix(", expected nothing"));
    format!("{}, ", unexpected.unwrap_or("\u{0}"))
}

/// A `serde_path_to_error` path as a JSON pointer.
fn to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_token(key));
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn error_names_the_pointer() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": 5}}}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(doc.clone(), || Some(doc), &mut diags).is_none());
        assert_eq!(diags.items()[0].pointer, "/paths/~1a/get/responses");
    }

    #[test]
    fn an_out_of_range_keyword_is_reported_at_the_keyword() {
        let schema = json!({"type": "string", "minLength": 1, "maxLength": 18446744073709551616.0_f64, "example": "x"});
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {"a": schema}}, "B": {"maxItems": -1}}}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(doc.clone(), || Some(doc), &mut diags).is_none());
        assert_eq!(diags.items()[0].pointer, "/components/schemas/A/properties/a/maxLength");
        assert!(diags.items()[0].message.contains("floating point"), "{:?}", diags.items());
        // Two values the message could name: their nearest common node.
        let both = json!({"type": "integer", "minimum": -1, "maxItems": -1, "items": {"maxLength": -1}});
        assert_eq!(culprit(&both, String::new(), "invalid value: integer `-1`, expected usize"), "");
        let nested = json!({"a": {"minLength": -1, "maxLength": -1}, "b": "-1"});
        assert_eq!(culprit(&nested, String::new(), "invalid value: integer `-1`, expected usize"), "/a");
        // Other messages keep the pointer they came with.
        assert_eq!(culprit(&nested, "/a".into(), "missing field `x`"), "/a");
    }

    #[test]
    fn valid_document_parses() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(doc, || None, &mut diags).is_some());
    }
}
