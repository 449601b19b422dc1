//! Schemas that name what is not there: `required` listing a property the schema does
//! not define, and a discriminator `mapping` to a schema that does not exist.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::report::{Finding, Reporter};
use super::walk::{Kind, Node};
use crate::diagnostics::escape_token;

/// How far `$ref`s, members and enclosing schemas are followed when collecting
/// properties; deeper chains are not written by hand.
const MAX_DEPTH: usize = 32;

/// How many schemas and property names the `required` check may visit in one
/// document, all collections together. Real documents need a tiny part of it (GitHub's
/// 3.7 MB description: 96, Adyen's Checkout API: 12); a document built to make every
/// collection walk the same large graph stops being checked here instead of taking
/// quadratic time.
const BUDGET: usize = 1_000_000;

/// Checks `required` of every schema and `mapping` of every discriminator in `nodes`.
pub fn check(doc: &Value, nodes: &[Node<'_>], reporter: &mut Reporter<'_>) {
    let mut budget = BUDGET;
    for node in nodes {
        match node.kind {
            Kind::Schema => check_required(doc, nodes, node, &mut budget, reporter),
            Kind::Discriminator => check_mapping(doc, node, reporter),
            _ => {}
        }
    }
}

/// `required` names a property that neither the schema nor anything merged with it
/// defines. Properties count from: the schema's `properties`; its `allOf`, `oneOf` and
/// `anyOf` members (followed through `$ref`s, recursively); and, for a schema that is
/// itself such a member (or `not`, `if`, `then`, `else`), the schema around it: in
/// `{properties: {a, b}, oneOf: [{required: [a]}, {required: [b]}]}` each member
/// requires a property its parent defines. A schema that allows other properties by
/// `additionalProperties` or `patternProperties` may require any name.
fn check_required(doc: &Value, nodes: &[Node<'_>], node: &Node<'_>, budget: &mut usize, reporter: &mut Reporter<'_>) {
    let Some(Value::Array(required)) = node.object.get("required") else { return };
    let own = node.object.get("properties").and_then(Value::as_object);
    let missing: Vec<(usize, &str)> = required
        .iter()
        .enumerate()
        .filter_map(|(index, name)| Some((index, name.as_str()?)))
        .filter(|(_, name)| !own.is_some_and(|own| own.contains_key(*name)))
        .collect();
    // Most schemas define what they require themselves.
    if missing.is_empty() {
        return;
    }
    let Some(defined) = defined_around(doc, nodes, node, budget) else { return };
    for (index, name) in missing.into_iter().filter(|(_, name)| !defined.contains(name)) {
        let near = defined
            .iter()
            .map(|d| (strsim::osa_distance(name, d), *d))
            .filter(|(distance, _)| *distance <= (name.chars().count() / 3).clamp(1, 3))
            .min();
        let hint = near.map(|(_, d)| format!("; did you mean `{d}`?")).unwrap_or_default();
        reporter.report(
            Finding::Required,
            format!("{}/required/{index}", node.pointer),
            format!(
                "`required` names `{name}`, which is not a property of this schema (nor of a schema merged \
                 with it): it is ignored{hint}"
            ),
        );
    }
}

/// The property names that `node` and the schemas it is merged with define, or
/// `None` when any name is allowed (or the budget ran out: nothing is said then).
fn defined_around<'a>(
    doc: &'a Value,
    nodes: &[Node<'a>],
    node: &Node<'a>,
    budget: &mut usize,
) -> Option<BTreeSet<&'a str>> {
    let mut collector = Collector { doc, defined: BTreeSet::new(), seen: BTreeSet::new(), budget };
    collector.collect(node.object, 0).then_some(())?;
    // Up through the schemas this one is a member of.
    let mut current = node;
    for _ in 0..MAX_DEPTH {
        let Some(parent) = enclosing_schema(nodes, current) else { break };
        collector.collect(parent.object, 0).then_some(())?;
        current = parent;
    }
    Some(collector.defined)
}

/// Collects the property names of a schema and the schemas merged with it.
struct Collector<'a, 'b> {
    doc: &'a Value,
    defined: BTreeSet<&'a str>,
    /// `$ref`s followed already: a cycle, or a diamond of allOfs, adds nothing new.
    seen: BTreeSet<&'a str>,
    budget: &'b mut usize,
}

impl<'a> Collector<'a, '_> {
    /// Adds the properties of `schema` and of its members; `false` when the schema
    /// allows any property name or the budget is spent.
    fn collect(&mut self, schema: &'a Map<String, Value>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let Some(left) = self.budget.checked_sub(1 + properties.map_or(0, Map::len)) else { return false };
        *self.budget = left;
        let open = |key: &str| schema.get(key).is_some_and(|v| !matches!(v, Value::Bool(false)));
        if open("additionalProperties") || open("patternProperties") || open("unevaluatedProperties") {
            return false;
        }
        if let Some(properties) = properties {
            self.defined.extend(properties.keys().map(String::as_str));
        }
        if let Some(Value::String(reference)) = schema.get("$ref") {
            let target = reference.strip_prefix('#').and_then(|p| self.doc.pointer(p));
            if let (true, Some(Value::Object(target))) = (self.seen.insert(reference.as_str()), target)
                && !self.collect(target, depth + 1)
            {
                return false;
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.get(key) else { continue };
            for member in members.iter().filter_map(Value::as_object) {
                if !self.collect(member, depth + 1) {
                    return false;
                }
            }
        }
        true
    }
}

/// The schema that `node` is a member of (`allOf`, `oneOf`, `anyOf`, `not`, `if`,
/// `then`, `else`, `dependentSchemas`), if any.
fn enclosing_schema<'n, 'a>(nodes: &'n [Node<'a>], node: &Node<'a>) -> Option<&'n Node<'a>> {
    const MEMBERS: [&str; 8] = ["allOf", "oneOf", "anyOf", "not", "if", "then", "else", "dependentSchemas"];
    let (index, keyword) = node.parent?;
    let parent = nodes.get(index)?;
    (node.kind == Kind::Schema && parent.kind == Kind::Schema && MEMBERS.contains(&keyword)).then_some(parent)
}

/// A mapping value names a schema (`Cat`) or references one (`#/components/schemas/Cat`).
/// A target that does not exist is an error, as an unresolved `$ref` is everywhere
/// else: the mapping is the document's word on which schema a payload with that value
/// has, and a union generated without it cannot read those payloads. For the same
/// reason a reference to another file is an error, as other external `$ref`s are.
fn check_mapping(doc: &Value, node: &Node<'_>, reporter: &mut Reporter<'_>) {
    let Some(Value::Object(mapping)) = node.object.get("mapping") else { return };
    let schemas = doc.pointer("/components/schemas").and_then(Value::as_object);
    for (value, target) in mapping {
        let Some(target) = target.as_str() else { continue };
        let pointer = format!("{}/mapping/{}", node.pointer, escape_token(value));
        let message = if let Some(local) = target.strip_prefix('#') {
            if doc.pointer(local).is_some_and(|t| t.is_object() || t.is_boolean()) {
                continue;
            }
            format!("discriminator value `{value}` maps to `{target}`, which does not exist")
        } else if is_schema_name(target) {
            if schemas.is_some_and(|s| s.contains_key(target)) {
                continue;
            }
            format!("discriminator value `{value}` maps to `{target}`, which is not a schema in components.schemas")
        } else {
            format!(
                "discriminator value `{value}` maps to `{target}`: only schema names and `#/…` references are supported"
            )
        };
        reporter.report(Finding::Mapping, pointer, message);
    }
}

/// Whether `text` can be a component name (`^[a-zA-Z0-9.\-_]+$`) rather than a URL.
fn is_schema_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::check::walk::objects;
    use crate::diagnostics::Diagnostics;

    fn found(doc: &Value) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new("x.yaml");
        let mut reporter = Reporter::new(&mut diags);
        check(doc, &objects(doc), &mut reporter);
        reporter.finish();
        diags.items().iter().map(|d| (d.pointer.clone(), d.message.clone())).collect()
    }

    #[test]
    fn required_counts_all_of_members_parents_and_refs() {
        let doc = json!({"components": {"schemas": {
            "Base": {"properties": {"id": {}}},
            "Merged": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["id", "name"], "properties": {"name": {}}}]},
            "Choice": {"properties": {"a": {}, "b": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
            "Open": {"required": ["anything"], "additionalProperties": true},
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}], "required": ["nmae"], "properties": {"name": {}}}
        }}});
        let found = found(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "/components/schemas/Loop/required/0");
        assert!(found[0].1.ends_with("did you mean `name`?"), "{found:?}");
    }

    #[test]
    fn mapping_targets_must_exist() {
        let doc = json!({"components": {"schemas": {
            "Cat": {},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind", "mapping": {
                "cat": "#/components/schemas/Cat", "cat2": "Cat", "dog": "#/components/schemas/Dog",
                "fish": "Fish", "bird": "other.yaml#/Bird"
            }}}
        }}});
        let found = found(&doc);
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            vec![
                "/components/schemas/Pet/discriminator/mapping/bird",
                "/components/schemas/Pet/discriminator/mapping/dog",
                "/components/schemas/Pet/discriminator/mapping/fish"
            ]
        );
    }

    #[test]
    fn members_are_enclosed_and_properties_are_not() {
        let doc = json!({"components": {"schemas": {"not": {
            "properties": {"then": {"required": ["x"]}},
            "allOf": [{"required": ["then"]}]
        }}}});
        let found = found(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "/components/schemas/not/properties/then/required/0");
    }
}
