//! Stage 3, overlay: apply an [OpenAPI Overlay 1.0] document to a loaded spec.
//!
//! Vendor documents are kept verbatim; corrections and annotations live in an
//! overlay next to them. Each action selects nodes with an RFC 9535 JSONPath
//! `target` and either removes them (`remove: true`) or merges `update` into them:
//!
//! - target is an object, `update` an object: merged key by key, recursively for
//!   nested objects; other values (arrays included) replace what was there;
//! - target is an array: `update` is appended to it;
//! - anything else: the target is replaced by `update`.
//!
//! An action whose target selects nothing is an error: when a vendor changes its
//! document, a correction that silently stops applying is worse than a failure. So is
//! an action that removes the document itself or a member every OpenAPI document
//! needs (`openapi`, `info`, `paths`); and when the document no longer parses because
//! an action removed a node, the error names that action (see [`Removed`]).
//!
//! [OpenAPI Overlay 1.0]: https://spec.openapis.org/overlay/v1.0.0.html

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::Diagnostics;

/// Which node of the document an overlay action wrote, and where in the overlay
/// that value is: diagnostics about such a node point into the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The node's pointer in the document.
    pub document: String,
    /// The pointer of the value in the overlay (`/actions/N/update/…`).
    pub overlay: String,
}

/// A document node an overlay action removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The node's pointer in the document (before the removal).
    pub document: String,
    /// The pointer of the action in the overlay (`/actions/N`).
    pub action: String,
    /// The action's JSONPath target.
    pub target: String,
}

/// What applying an overlay did to the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// The nodes updates wrote.
    pub written: Vec<Written>,
    /// The nodes removals removed.
    pub removed: Vec<Removed>,
}

/// Members of the document root that no overlay may remove.
const REQUIRED: [&str; 3] = ["/openapi", "/info", "/paths"];

/// The most JSON values the updates of one overlay may write, all together (each
/// match of a target gets a copy of its update). Far above what a real overlay writes;
/// without it, a target that matches what earlier updates wrote (`$..*`) doubles the
/// document with every action: 20 such actions in 1.2 KB took gigabytes.
pub const MAX_WRITTEN: usize = 1_000_000;

/// Applies `overlay` to `doc`. Problems (in the overlay file) go to `diags`; the
/// returned effects say which document nodes the actions wrote and removed.
pub fn apply(doc: &mut Value, overlay: &Value, diags: &mut Diagnostics) -> Effects {
    let mut effects = Effects::default();
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => {
            diags.error("/overlay", format!("unsupported overlay version {version}: expected 1.x"));
            return effects;
        }
        None => {
            diags.error("", "missing `overlay` version field: this does not look like an Overlay document");
            return effects;
        }
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        diags.error("/actions", "an overlay needs an `actions` array");
        return effects;
    };
    let mut budget = Some(MAX_WRITTEN);
    for (index, action) in actions.iter().enumerate() {
        apply_action(doc, action, &format!("/actions/{index}"), diags, &mut effects, &mut budget);
        // Overspent: said once, the run fails.
        if budget.is_none() {
            break;
        }
    }
    effects
}

/// Records the object members `update` writes at `document` (recursively).
fn record(document: &str, overlay: &str, update: &Value, written: &mut Vec<Written>) {
    if let Value::Object(members) = update {
        for (key, value) in members {
            let token = crate::diagnostics::escape_token(key);
            let (document, overlay) = (format!("{document}/{token}"), format!("{overlay}/{token}"));
            written.push(Written { document: document.clone(), overlay: overlay.clone() });
            record(&document, &overlay, value, written);
        }
    }
}

fn apply_action(
    doc: &mut Value,
    action: &Value,
    at: &str,
    diags: &mut Diagnostics,
    effects: &mut Effects,
    budget: &mut Option<usize>,
) {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        diags.error(at, "an action needs a `target` JSONPath string");
        return;
    };
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(e) => {
            diags.error(format!("{at}/target"), format!("invalid JSONPath `{target}`: {e}"));
            return;
        }
    };
    let remove = action.get("remove").and_then(Value::as_bool).unwrap_or(false);
    let update = action.get("update");
    if !remove && update.is_none() {
        diags.error(at, "an action needs `update` or `remove: true`");
        return;
    }
    let pointers: Vec<String> =
        path.query_located(doc).locations().map(|location| location.to_json_pointer()).collect();
    if pointers.is_empty() {
        diags.error(
            format!("{at}/target"),
            format!("target `{target}` selects nothing in the document (did the vendor document change?)"),
        );
        return;
    }
    if remove {
        remove_all(doc, pointers, at, target, diags, effects);
        return;
    }
    let Some(update) = update else { return };
    let cost = pointers.len().saturating_mul(values_in(update));
    let Some(left) = budget.and_then(|left| left.checked_sub(cost)) else {
        let action = at.rsplit('/').next().unwrap_or_default();
        diags.error(
            format!("{at}/target"),
            format!(
                "action {action} (target `{target}`) would write {cost} values ({} matches), more than the {MAX_WRITTEN} all updates of an overlay may write (does the target match what earlier updates wrote?)",
                pointers.len()
            ),
        );
        *budget = None;
        return;
    };
    *budget = Some(left);
    for pointer in &pointers {
        if let Some(node) = doc.pointer_mut(pointer) {
            if node.is_object() {
                record(pointer, &format!("{at}/update"), update, &mut effects.written);
            }
            merge(node, update);
        }
    }
}

/// A removal's nodes removed (none when one of them is the document or a member every
/// document needs).
fn remove_all(
    doc: &mut Value,
    mut pointers: Vec<String>,
    at: &str,
    target: &str,
    diags: &mut Diagnostics,
    effects: &mut Effects,
) {
    if let Some(required) = pointers.iter().find(|p| p.is_empty() || REQUIRED.contains(&p.as_str())) {
        let what = match required.as_str() {
            "" => "the whole document (`$`)".to_owned(),
            member => format!("`{}`, which every OpenAPI document needs", &member[1..]),
        };
        let action = at.rsplit('/').next().unwrap_or_default();
        diags.error(
            format!("{at}/target"),
            format!("action {action} (target `{target}`) would remove {what}; remove what it holds instead"),
        );
        return;
    }
    // Remove the deepest / last nodes first so earlier array indices stay valid
    // (indices compared as numbers: `/10` after `/2`).
    pointers.sort_by_cached_key(|pointer| tokens(pointer));
    pointers.dedup();
    for pointer in pointers.iter().rev() {
        remove_at(doc, pointer);
        let removed = Removed { document: pointer.clone(), action: at.to_owned(), target: target.to_owned() };
        effects.removed.push(removed);
    }
}

/// A pointer's tokens, array indices as numbers, for ordering.
fn tokens(pointer: &str) -> Vec<(Option<u64>, String)> {
    pointer.split('/').skip(1).map(|token| (token.parse().ok(), token.to_owned())).collect()
}

/// How many JSON values `value` holds, itself included.
pub(crate) fn values_in(value: &Value) -> usize {
    let mut stack = vec![value];
    let mut count = 0;
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Object(members) => stack.extend(members.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

fn remove_at(doc: &mut Value, pointer: &str) {
    // The root is never removed (`apply_action` refuses to).
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let key = crate::diagnostics::unescape_token(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// Merges `update` into `target` (see the module documentation for the rules).
pub fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => merge(existing, value),
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), update) => items.push(update.clone()),
        (target, update) => *target = update.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(doc: Value, overlay: Value) -> (Value, Diagnostics) {
        let mut doc = doc;
        let mut diags = Diagnostics::new("overlay.yaml");
        let _ = apply(&mut doc, &overlay, &mut diags);
        (doc, diags)
    }

    /// Indices are removed last first by number: `[2,10]` removes items 2 and 10.
    #[test]
    fn removals_go_by_index_number() {
        let items: Vec<Value> = (0..12).map(|i| json!(format!("p{i}"))).collect();
        let doc = json!({"openapi": "3.0.3", "info": {}, "paths": {}, "x-list": items});
        let overlay = json!({"overlay": "1.0.0", "actions": [{"target": "$['x-list'][2,10]", "remove": true}]});
        let (doc, diags) = run(doc, overlay);
        assert!(!diags.has_errors(), "{:?}", diags.items());
        let left: Vec<&str> = doc["x-list"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert_eq!(left, ["p0", "p1", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p11"]);
    }

    /// Updates whose target matches what earlier ones wrote double the document with
    /// every action: they stop at `MAX_WRITTEN` values, with one error.
    #[test]
    fn updates_that_feed_on_themselves_stop() {
        let doc = json!({"openapi": "3.0.3", "info": {"x-bomb": {"a": 1, "b": 1}}, "paths": {}});
        let wide: Vec<u32> = (0..200).collect();
        let doubling = json!({"target": "$.info['x-bomb']..*", "update": {"a": wide, "b": 1}});
        let overlay = json!({"overlay": "1.0.0", "actions": vec![doubling; 40]});
        let (doc, diags) = run(doc, overlay);
        let errors: Vec<&str> = diags.items().iter().map(|d| d.message.as_str()).collect();
        assert!(errors.len() == 1 && errors[0].contains("more than the 1000000"), "{errors:?}");
        assert!(values_in(&doc) <= MAX_WRITTEN + 10);
    }

    #[test]
    fn update_merges_and_remove_removes() {
        let doc = json!({"components": {"schemas": {"A": {"properties": {
            "x": {"type": "string", "maximum": 100},
            "y": {"type": "string", "maximum": 5}
        }}}}});
        let overlay = json!({"overlay": "1.0.0", "actions": [
            {"target": "$.components.schemas.A.properties[*]", "update": {"description": "d"}},
            {"target": "$.components.schemas.A.properties[*].maximum", "remove": true},
            {"target": "$.components.schemas.A.properties.x", "update": {"maxLength": 100}}
        ]});
        let (doc, diags) = run(doc, overlay);
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(
            doc,
            json!({"components": {"schemas": {"A": {"properties": {
                "x": {"type": "string", "description": "d", "maxLength": 100},
                "y": {"type": "string", "description": "d"}
            }}}}})
        );
    }

    #[test]
    fn updates_say_what_they_wrote() {
        let mut doc = json!({"paths": {"/a": {"post": {"summary": "s"}}}});
        let overlay = json!({"overlay": "1.0.0", "actions": [
            {"target": "$.paths['/a'].post", "update": {"x-token": {"token": "/t"}}}
        ]});
        let mut diags = Diagnostics::new("overlay.yaml");
        let written = apply(&mut doc, &overlay, &mut diags).written;
        assert_eq!(
            written,
            [
                Written { document: "/paths/~1a/post/x-token".into(), overlay: "/actions/0/update/x-token".into() },
                Written {
                    document: "/paths/~1a/post/x-token/token".into(),
                    overlay: "/actions/0/update/x-token/token".into()
                },
            ]
        );
    }

    #[test]
    fn arrays_are_appended_to_and_indices_removed_from_the_end() {
        let doc = json!({"tags": ["a", "b", "c"], "servers": []});
        let overlay = json!({"overlay": "1.0.0", "actions": [
            {"target": "$.servers", "update": {"url": "https://x"}},
            {"target": "$.tags[0,2]", "remove": true}
        ]});
        let (doc, diags) = run(doc, overlay);
        assert!(!diags.has_errors());
        assert_eq!(doc, json!({"tags": ["b"], "servers": [{"url": "https://x"}]}));
    }

    #[test]
    fn removing_the_root_or_a_required_member_is_an_error() {
        let doc = json!({"openapi": "3.0.3", "info": {}, "paths": {"/a": {}}});
        for (target, says) in
            [("$", "the whole document (`$`)"), ("$.paths", "`paths`, which"), ("$.*", "`info`, which")]
        {
            let overlay = json!({"overlay": "1.0.0", "actions": [
                {"target": "$.info", "update": {"title": "t"}},
                {"target": target, "remove": true}
            ]});
            let (after, diags) = run(doc.clone(), overlay);
            assert_eq!(diags.items()[0].pointer, "/actions/1/target");
            let message = &diags.items()[0].message;
            assert!(message.starts_with(&format!("action 1 (target `{target}`) would remove {says}")), "{message}");
            assert_eq!(after["paths"], json!({"/a": {}}), "nothing was removed");
        }
        let mut doc = doc;
        let overlay = json!({"overlay": "1.0.0", "actions": [{"target": "$.paths['/a']", "remove": true}]});
        let effects = apply(&mut doc, &overlay, &mut Diagnostics::new("overlay.yaml"));
        let removed =
            Removed { document: "/paths/~1a".into(), action: "/actions/0".into(), target: "$.paths['/a']".into() };
        assert_eq!(effects.removed, [removed]);
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error() {
        let (_, diags) = run(
            json!({"paths": {}}),
            json!({"overlay": "1.0.0", "actions": [{"target": "$.paths['/gone'].post", "update": {"operationId": "x"}}]}),
        );
        assert!(diags.has_errors());
        assert_eq!(diags.items()[0].pointer, "/actions/0/target");
        let (_, diags) = run(json!({}), json!({"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]}));
        assert!(diags.items()[0].message.contains("invalid JSONPath"));
        let (_, diags) = run(json!({}), json!({"actions": []}));
        assert!(diags.has_errors());
    }
}
