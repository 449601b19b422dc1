//! Stage 4, parse: the normalized document into the typed `openapiv3` model, its path
//! items kept as JSON text and read one at a time by the model.
//!
//! The typed document is about 35 times the size of its text (every operation and
//! schema is a wide struct with maps of its own), the untyped `Value` about 20 times.
//! Holding neither whole while the model is built keeps the peak memory of a large
//! document near the model's own size: `paths` is taken out of the value, each path
//! item written back as compact JSON, and the rest (components, servers, security)
//! read typed.

use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token};

/// The typed document without its path items, and the path items as JSON text, in
/// document order.
pub struct Document {
    /// The document; its `paths` are empty (their extensions included).
    pub spec: OpenAPI,
    /// Each path template and its path item, as compact JSON.
    pub paths: Vec<(String, String)>,
    /// Which path items are `$ref`s.
    references: Vec<bool>,
    /// Of each path item that is not a `$ref`, what naming needs (`None` for a `$ref`).
    pub operation_ids: Vec<Option<OperationIds>>,
}

/// A path item's operations as naming sees them: for each, where its method is in
/// [`operations`]' order and its `operationId`.
pub type OperationIds = Vec<(usize, Option<String>)>;

/// The operations of a path item, each with where its method is in the order get, put,
/// post, delete, options, head, patch, trace.
pub fn operations(item: &PathItem) -> impl Iterator<Item = (usize, &openapiv3::Operation)> {
    [&item.get, &item.put, &item.post, &item.delete, &item.options, &item.head, &item.patch, &item.trace]
        .into_iter()
        .enumerate()
        .filter_map(|(method, op)| Some((method, op.as_ref()?)))
}

impl Document {
    /// Reads one path item (`paths[index]`); an error is reported at its pointer.
    pub fn path_item(&self, index: usize, diags: &mut Diagnostics) -> Option<ReferenceOr<Box<PathItem>>> {
        let (path, text) = &self.paths[index];
        match read_path_item(text, self.references[index]) {
            Ok(item) => Some(item),
            Err(error) => {
                if !located_in_path_item(path, text, diags) {
                    report(text, &format!("/paths/{}", escape_token(path)), &error, diags);
                }
                None
            }
        }
    }
}

/// A schema of the path item at `path` (its JSON text) that cannot be read, reported at
/// its keyword (see [`crate::check::locate_unreadable_schema`]); whether there was one.
fn located_in_path_item(path: &str, text: &str, diags: &mut Diagnostics) -> bool {
    let Ok(item) = serde_json::from_str::<Value>(text) else { return false };
    let doc = serde_json::json!({ "paths": { path: item } });
    crate::check::locate_unreadable_schema(&doc, diags)
}

/// A path item from its JSON text: a `$ref` when it is one, else read as a `PathItem`,
/// not through `ReferenceOr` (an untagged enum, which buffers its input and loses the
/// error's path). Boxed: a `PathItem` holds its eight operations inline (about 7 KB),
/// and moving it by value on its way to the model was 2% of a GitHub run's instructions.
fn read_path_item(text: &str, reference: bool) -> Result<ReferenceOr<Box<PathItem>>, ReadError> {
    if reference && let Ok(reference) = serde_json::from_str::<ReferenceOr<PathItem>>(text) {
        return Ok(match reference {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(item) => ReferenceOr::Item(Box::new(item)),
        });
    }
    read::<Box<PathItem>>(text).map(ReferenceOr::Item)
}

type ReadError = serde_path_to_error::Error<serde_json::Error>;

/// Reads `text` as a `T`; on failure, reads it again keeping track of where it is,
/// for the error's path (which costs time on every value read).
fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ReadError> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut reader = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut reader)
}

/// Why a path key cannot be sent as written, if it cannot: a `?` or `#` would start the
/// URL's query or fragment (the operation's query parameters would follow the fragment),
/// and a `.` or `..` segment would be resolved away by the URL, leaving the server's base
/// path. An overlay can correct the key.
fn malformed_path(path: &str) -> Option<String> {
    if let Some(mark) = path.chars().find(|&c| c == '?' || c == '#') {
        return Some(format!(
            "the path `{path}` holds `{mark}`: a path has no query or fragment (declare query parameters instead, correcting the key with an overlay)"
        ));
    }
    // As the URL standard reads them: a tab or line break is dropped, `\` is `/` in an
    // http(s) URL, and `%2e` (either case) is a `.` in a dot segment.
    let dots = |segment: &str| {
        let segment = segment.replace(['\t', '\n', '\r'], "").to_ascii_lowercase().replace("%2e", ".");
        matches!(segment.as_str(), "." | "..")
    };
    path.split(['/', '\\']).any(dots).then(|| {
        format!("the path `{path}` has a `.` or `..` segment (or `%2e` for a dot, `\\` for a `/`), which the URL would resolve away, leaving the server's base path (correct the key with an overlay)")
    })
}

/// Reads the document, consuming it. Every path item is read once here (on a thread of
/// its own, while the rest of the document is read), so that an invalid one is reported
/// before the model starts (and dropped at once).
pub fn parse(mut doc: Value, diags: &mut Diagnostics) -> Option<Document> {
    let (mut paths, mut references) = (Vec::new(), Vec::new());
    let mut redirected = local_path_items(&doc, diags);
    if let Some(Value::Object(members)) = doc.get_mut("paths") {
        // What `openapiv3` reads as paths: keys starting with `/` (it drops the others,
        // extensions included, which stay where it finds them).
        for (path, item) in std::mem::take(members) {
            let at = || format!("/paths/{}", crate::diagnostics::escape_token(&path));
            if !path.starts_with('/') {
                if !path.starts_with("x-") {
                    diags.warning(
                        at(),
                        format!("`{path}` does not start with `/`, as every path does: it is not read, and no operation is generated for it"),
                    );
                }
                members.insert(path, item);
                continue;
            }
            if let Some(problem) = malformed_path(&path) {
                diags.error(at(), problem);
                continue;
            }
            let mut item = redirected.remove(&path).unwrap_or(item);
            references.push(item.get("$ref").is_some_and(Value::is_string));
            drop_callbacks(&mut item);
            paths.push((path, item.to_string()));
        }
    }
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        components.remove("callbacks");
    }
    let (spec, checked) = std::thread::scope(|scope| {
        let checked = crate::threads::spawn(scope, || check_path_items(&paths, &references));
        // Read from the value; only an error's path needs the text (see `read`). The
        // value's reader has no depth limit, the text's stops at 128 levels (a document
        // an overlay or a bundled file made deeper than the loader reads): a deep one is
        // read as text, as any document was.
        let shallow = !crate::load::deeper_than(&doc, crate::nesting::MAX_DEPTH);
        (shallow.then(|| OpenAPI::deserialize(&doc).ok()).flatten(), checked.join())
    });
    let spec = match spec {
        Some(spec) => spec,
        None => {
            let rest = doc.to_string();
            match read::<OpenAPI>(&rest) {
                Ok(spec) => spec,
                Err(error) => {
                    if !crate::check::locate_unreadable_schema(&doc, diags) {
                        report(&rest, "", &error, diags);
                    }
                    return None;
                }
            }
        }
    };
    drop(doc);
    let mut document = Document { spec, paths, references, operation_ids: Vec::new() };
    match checked {
        Ok(Ok(operation_ids)) => {
            document.operation_ids = operation_ids;
            Some(document)
        }
        // The first invalid one, read again to report it.
        Ok(Err(index)) => {
            document.path_item(index, diags)?;
            diags.error("", "internal error: a path item could not be read once and could be read again");
            None
        }
        Err(_) => {
            diags.error("", "internal error: reading the path items failed");
            None
        }
    }
}

/// The path items that are a `$ref` to another in this document (`#/paths/…`, 3.1's
/// `#/components/pathItems/…`), each as a copy of the one it ends at, following such
/// references (diagnostics about it are reported where that one is written). A cycle,
/// or a reference of another form, is left to be reported as a `$ref`.
fn local_path_items(doc: &Value, diags: &mut Diagnostics) -> std::collections::HashMap<String, Value> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return Default::default() };
    // The path item a reference names: one entry of these maps.
    let holders = ["/paths/", "/components/pathItems/", "/webhooks/"];
    let named = |reference: &str| {
        let pointer = crate::diagnostics::local_pointer(reference)?;
        let entry = holders.iter().any(|at| pointer.strip_prefix(at).is_some_and(|name| !name.contains('/')));
        entry.then(|| doc.pointer(&pointer)).flatten()
    };
    let count =
        |at: &str| doc.pointer(at.trim_end_matches('/')).and_then(Value::as_object).map_or(0, serde_json::Map::len);
    let steps = holders.iter().map(|at| count(at)).sum();
    let mut redirected = std::collections::HashMap::new();
    for (path, item) in paths.iter().filter(|(path, _)| path.starts_with('/')) {
        let Some((found, Some(last))) = crate::diagnostics::follow_refs(item, steps, named) else { continue };
        let Some(pointer) = crate::diagnostics::local_pointer(last).filter(|_| found.get("$ref").is_none()) else {
            continue;
        };
        let at = format!("/paths/{}", escape_token(path));
        for key in found.as_object().into_iter().flat_map(|members| members.keys()) {
            diags.record_move(&pointer_to(&at, key), &pointer_to(&pointer, key));
        }
        for key in item.as_object().into_iter().flat_map(|members| members.keys()) {
            if !matches!(key.as_str(), "$ref" | "summary" | "description") {
                diags.warning(
                    pointer_to(&at, key),
                    format!("`{key}` beside `$ref` is not read: the path item is read as a copy of {pointer}"),
                );
            }
        }
        redirected.insert(path.clone(), found.clone());
    }
    redirected
}

/// `at` with the token `key` appended.
fn pointer_to(at: &str, key: &str) -> String {
    format!("{at}/{}", escape_token(key))
}

/// Takes the callbacks out of `item`'s operations. No callback is generated, and
/// `openapiv3` reads them otherwise than the specification means them: every member of a
/// callback as a path item (where `x-` members are extensions), no reference object
/// among an operation's callbacks, and a 3.1 document's callbacks as 3.0 (which
/// `normalize` does not rewrite). Each refused a valid document; the checks still look
/// at callbacks as the specification describes them.
fn drop_callbacks(item: &mut Value) {
    let Some(item) = item.as_object_mut() else { return };
    for (_, operation) in item.iter_mut().filter(|(method, _)| crate::normalize::METHODS.contains(&method.as_str())) {
        if let Some(operation) = operation.as_object_mut() {
            operation.remove("callbacks");
        }
    }
}

/// Whether `schema` (the schema object at `pointer`, as `openapiv3` reads it there) can be
/// read; reports the error at its pointer when not, as reading the document would. A
/// `$ref` is read as a reference whatever else the object holds.
pub fn schema_readable(schema: &Value, pointer: &str, diags: &mut Diagnostics) -> bool {
    if schema.get("$ref").is_some_and(Value::is_string) {
        return true;
    }
    let text = schema.to_string();
    match read::<openapiv3::Schema>(&text) {
        Ok(_) => true,
        Err(error) => {
            report(&text, pointer, &error, diags);
            false
        }
    }
}

/// Reads every path item: what naming needs of each, or the first that cannot be read.
fn check_path_items(paths: &[(String, String)], references: &[bool]) -> Result<Vec<Option<OperationIds>>, usize> {
    let ids = |item: &PathItem| operations(item).map(|(method, op)| (method, op.operation_id.clone())).collect();
    paths
        .iter()
        .zip(references)
        .enumerate()
        .map(|(index, ((_, text), reference))| match read_path_item(text, *reference) {
            Ok(ReferenceOr::Item(item)) => Ok(Some(ids(&item))),
            Ok(ReferenceOr::Reference { .. }) => Ok(None),
            Err(_) => Err(index),
        })
        .collect()
}

/// Reports an error reading `text` (written here from the node at `prefix`) at the
/// pointer of the value at fault, found in `text` read again as a `Value`.
fn report(text: &str, prefix: &str, error: &serde_path_to_error::Error<serde_json::Error>, diags: &mut Diagnostics) {
    let node = serde_json::from_str::<Value>(text).unwrap_or_default();
    // The error's line and column are in the compact text written here, not in the
    // user's document: the pointer locates it there instead.
    let inner = error.inner();
    let message = inner.to_string();
    let position = format!(" at line {} column {}", inner.line(), inner.column());
    let message = message.strip_suffix(&position).map(str::to_owned).unwrap_or(message);
    let pointer = culprit(&node, to_pointer(error.path()), &message);
    diags.error(format!("{prefix}{pointer}"), format!("not a valid OpenAPI document here: {message}"));
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
        assert!(parse(doc, &mut diags).is_none());
        assert_eq!(diags.items()[0].pointer, "/paths/~1a/get/responses");
    }

    #[test]
    fn an_out_of_range_keyword_is_reported_at_the_keyword() {
        let schema = json!({"type": "string", "minLength": 1, "maxLength": 18446744073709551616.0_f64, "example": "x"});
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {"a": schema}}, "B": {"maxItems": -1}}}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(doc, &mut diags).is_none());
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
    fn only_keys_starting_with_a_slash_are_path_items() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
            "pets": {"get": {"responses": {"200": {"description": "ok"}}}},
            "x-note": 1,
            "foo": 5,
        }});
        let mut diags = Diagnostics::new("x.json");
        let document = parse(doc, &mut diags).expect("parses");
        assert!(!diags.has_errors(), "{diags:?}");
        let paths: Vec<&str> = document.paths.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, ["/a"]);
    }

    #[test]
    fn a_path_item_with_a_non_string_ref_is_read_as_a_path_item() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"$ref": null, "get": {"responses": 5}},
        }});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(doc, &mut diags).is_none());
        assert_eq!(diags.items()[0].pointer, "/paths/~1a/get/responses");
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/b": {"$ref": "#/x"},
        }});
        let document = parse(doc, &mut Diagnostics::new("x.json")).expect("parses");
        assert!(matches!(document.path_item(0, &mut Diagnostics::new("x.json")), Some(ReferenceOr::Reference { .. })));
    }

    #[test]
    fn callbacks_are_left_unread() {
        // What `openapiv3` refused in callbacks that the specification allows: an `x-`
        // member (read as a path item), a reference among an operation's callbacks, a
        // 3.1 schema; and a schema that cannot be read 40 levels deep (which took time
        // doubling with each level to refuse).
        let deep = (0..40).fold(json!({"maxLength": -1}), |inner, _| json!({"items": inner}));
        let content = |schema: Value| json!({"a/b": {"schema": schema}});
        let callback = |nested: Value| {
            json!({"{$request.body#/url}": {"post": {
                "requestBody": {"content": content(json!({"type": ["string", "null"]}))},
                "responses": {"200": {"description": "ok", "content": content(deep.clone())}}, "callbacks": {"again": nested}}},
                "x-internal": true})
        };
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {"200": {"description": "ok"}},
                "callbacks": {"done": callback(callback(json!({}))), "again": {"$ref": "#/components/callbacks/c"}}}}},
            "components": {"callbacks": {"c": callback(json!({"x-b": 1})), "r": {"$ref": "#/components/callbacks/c"}}}});
        let started = std::time::Instant::now();
        let mut diags = Diagnostics::new("x.json");
        let document = parse(doc, &mut diags).expect("parses");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(!diags.has_errors(), "{diags:?}");
        let Some(ReferenceOr::Item(item)) = document.path_item(0, &mut diags) else { panic!("{diags:?}") };
        assert!(item.post.as_ref().expect("post").callbacks.is_empty());
        assert!(document.spec.components.as_ref().expect("components").callbacks.is_empty());
    }

    #[test]
    fn a_path_item_that_refers_to_another_in_the_document_is_read_as_a_copy() {
        let item = json!({"get": {"responses": {"204": {"description": "ok"}}}});
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"$ref": "#/paths/~1b"}, "/b": item, "/c": {"$ref": "#/components/pathItems/C"},
            "/d": {"$ref": "#/paths/~1e"}, "/e": {"$ref": "#/paths/~1d"}, "/f": {"$ref": "other.yaml"},
            "/g": {"$ref": "#/webhooks/hook", "summary": "s", "post": {"responses": {}}}
        }, "components": {"pathItems": {"C": {"$ref": "#/paths/~1a"}}}, "webhooks": {"hook": item.clone()}});
        let mut diags = Diagnostics::new("x.json");
        let document = parse(doc, &mut diags).expect("parses");
        // What stands beside the `$ref` is not read, and said so.
        let warned: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(warned, ["/paths/~1g/post"]);
        let read = |path: &str| {
            let index = document.paths.iter().position(|(p, _)| p == path).expect("a path");
            document.path_item(index, &mut Diagnostics::new("x.json"))
        };
        // Through another path item and a component, to `/b`; to a webhook.
        for path in ["/a", "/b", "/c", "/g"] {
            assert!(matches!(read(path), Some(ReferenceOr::Item(item)) if item.get.is_some()), "{path}");
        }
        // A cycle, and a reference of another form, stay references (the model reports them).
        for path in ["/d", "/e", "/f"] {
            assert!(matches!(read(path), Some(ReferenceOr::Reference { .. })), "{path}");
        }
    }

    #[test]
    fn valid_document_parses() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        let mut diags = Diagnostics::new("x.json");
        assert!(parse(doc, &mut diags).is_some());
    }
}
