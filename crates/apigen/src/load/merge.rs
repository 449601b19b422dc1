//! YAML merge keys (`<<: *base`, `<<: [*a, *b]`): a mapping takes the members of the
//! mappings merged into it that it does not have itself, the first of a list winning
//! (<https://yaml.org/type/merge.html>). libyaml expands the aliases but leaves the `<<`
//! key in place, where it would be read as an unknown keyword and the merged members
//! lost, leaving a schema without its type or a response without its status.
//!
//! Applied to the `serde_json::Value` read (not to `yaml_serde::Value`, whose
//! `apply_merge` leaves a merged mapping's own `<<` in place): innermost first, so a
//! mapping merged in has had its own merges applied.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, push_token};

/// Whether `text` writes a merge key, told from the text where its events could not be
/// read (`locate::yaml_scan` tells it from them otherwise): a plain `<<` before a `:`, at
/// the start of a line (after indentation or `- `) or in a flow mapping. A quoted `"<<"` is an ordinary key
/// (a JSON document saved as `.yaml` has only those), and a document without a plain one
/// is left as it is. (A document with both has its quoted ones merged too: the value
/// read no longer says how a key was written.)
pub(super) fn written(text: &str) -> bool {
    text.match_indices("<<").any(|(at, _)| {
        let before = text[..at].trim_end_matches([' ', '\t']);
        let opens = before.is_empty() || before.ends_with(['\n', '{', ',', '-', '?']);
        opens && text[at + 2..].trim_start_matches([' ', '\t']).starts_with(':')
    })
}

/// Applies the merge keys in `value` (at `pointer`); a `<<` that holds anything but a
/// mapping or a list of mappings is an error at it.
pub(super) fn apply(value: &mut Value, pointer: &mut String, diags: &mut Diagnostics) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                let length = pointer.len();
                push_token(pointer, key);
                apply(member, pointer, diags);
                pointer.truncate(length);
            }
            if let Some(merged) = members.remove("<<") {
                merge(members, merged, pointer, diags);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let length = pointer.len();
                push_token(pointer, &index.to_string());
                apply(item, pointer, diags);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

/// Adds to `members` those of `merged` (a mapping, or a list of them) it lacks.
fn merge(members: &mut Map<String, Value>, merged: Value, pointer: &str, diags: &mut Diagnostics) {
    let sources = match merged {
        Value::Array(items) => items,
        single => vec![single],
    };
    for source in sources {
        let Value::Object(source) = source else {
            diags.error(
                format!("{pointer}/<<"),
                "a merge key (`<<`) takes a mapping or a list of mappings (an alias of one: `<<: *base`)",
            );
            return;
        };
        for (key, value) in source {
            members.entry(key).or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(yaml: &str) -> (Value, Vec<String>) {
        let mut value: Value = yaml_serde::from_str(yaml).unwrap();
        let mut diags = Diagnostics::new("t.yaml");
        apply(&mut value, &mut String::new(), &mut diags);
        (value, diags.items().iter().map(|d| format!("{} {}", d.pointer, d.message)).collect())
    }

    #[test]
    fn merged_members_fill_what_a_mapping_lacks_first_source_first() {
        let (value, errors) =
            merged("a: &a {type: object, x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b], type: string}\nd: {<<: *a}\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(value["c"], serde_json::json!({"type": "string", "x": 1, "y": 2}));
        assert_eq!(value["d"], serde_json::json!({"type": "object", "x": 1}));
    }

    #[test]
    fn a_mapping_merged_in_has_its_own_merges_applied() {
        let (value, _) = merged("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\nl: [{<<: *a}]\n");
        assert_eq!(value["c"], serde_json::json!({"x": 1, "y": 2}));
        assert_eq!(value["l"][0], serde_json::json!({"x": 1}));
    }

    #[test]
    fn only_a_plain_merge_key_is_one() {
        assert!(written("a: &a {x: 1}\nb:\n  <<: *a\n"));
        assert!(written("b: {y: 2, <<: *a}\nc:\n  - <<: [*a]\n"));
        assert!(!written("b: {\"<<\": {type: integer}}\n'<<': 1\n"));
        assert!(!written("{\"paths\": {\"<<\": {}}}"));
        assert!(!written("description: shift with << 2\nx: a<<: b\n"));
    }

    #[test]
    fn a_merge_of_anything_but_mappings_is_an_error_at_it() {
        let (_, errors) = merged("a: {b: {<<: 3}}\nc: [{<<: [{x: 1}, [2]]}]\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("/a/b/<< a merge key"), "{errors:?}");
        assert!(errors[1].starts_with("/c/0/<< a merge key"), "{errors:?}");
    }
}
