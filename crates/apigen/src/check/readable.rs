//! Schemas nested deep in the document that `openapiv3` cannot read, found before parse
//! reads it.
//!
//! `openapiv3` reads a schema through untagged enums: when a variant fails, the next is
//! tried on the same input, and the last one (any schema) reads the subschemas again.
//! A schema that cannot be read, nested n levels deep, so costs about 2^n reads of what
//! encloses it: 0.4 s at 16 levels, hours at 30, for a document of a few hundred bytes.
//!
//! For each schema whose subschemas nest [`DEPTH`] levels or deeper, every schema in it
//! is read here on its own, deepest first, each subschema replaced by an empty schema
//! when it can be read and by one that cannot when it cannot: each read costs what the
//! schema's own keywords cost, and whether it succeeds is what reading it whole would
//! give (an untagged enum's variant fails or not with its members, whatever they hold).
//! When such a schema cannot be read, a schema in it that fails on its own keywords is
//! reported as parse would report it, and parse does not run: the one parse would meet
//! first as far as that can be told (its own keywords before its subschemas, members in
//! sorted order, `paths` last), though an error elsewhere that parse would meet first
//! (in `info`, a parameter's `in`, or a schema less deep) is not looked for. Schemas less
//! deep are left to parse unless they are wide: reading one costs at most 2^[`DEPTH`]
//! reads of what encloses it, and a schema is read here first when its schemas' number
//! times 2 to the power of its depth passes [`READS`].
//!
//! Which schemas `openapiv3` reads is decided by position (`unread_within`; callbacks
//! are taken out before it reads the document). The walk and `openapiv3` agree on what
//! is a reference object (a string `$ref` where one may stand).

use serde_json::{Map, Value, json};

use super::walk::{Kind, Node};
use crate::diagnostics::{Diagnostics, pointer};

/// The depth of subschemas from which a schema is read here first.
pub const DEPTH: usize = 8;

/// The members of a schema that hold the subschemas `openapiv3` reads (it leaves the
/// others, `patternProperties`, `if`, `$defs`, …, aside: neither read nor refused).
const SUBSCHEMAS: [&str; 7] = ["properties", "items", "allOf", "anyOf", "oneOf", "not", "additionalProperties"];

/// How `openapiv3` takes an object of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// It does not read it (nor what it holds).
    Unread,
    /// It reads it, and it is not a schema.
    Read,
    /// It reads it as a schema: the index of the outermost schema it is in (itself when
    /// it is not a subschema) and how deep it is there.
    Schema { outermost: usize, depth: usize },
}

/// Whether parse may read the document: `false` when a schema nesting [`DEPTH`] levels
/// or deeper cannot be read (the cause is reported).
pub fn check(nodes: &[Node], diags: &mut Diagnostics) -> bool {
    let readings = readings(nodes);
    let deep = deep(&readings);
    if !deep.contains(&true) {
        return true;
    }
    first_unreadable(nodes, &readings, &deep, diags)
}

/// After `openapiv3` failed to read what holds `nodes`: every schema among them read on
/// its own, as `check` reads the deep ones, so that a schema that cannot be read is
/// reported at its keyword (reading the whole, the error is where its untagged enums
/// gave up: an ancestor, `/paths/~1a/get/responses`). Only on that failure: reading
/// every schema twice would cost every run. Whether such a schema was found.
pub fn locate(nodes: &[Node], diags: &mut Diagnostics) -> bool {
    let readings = readings(nodes);
    !first_unreadable(nodes, &readings, &vec![true; nodes.len()], diags)
}

/// How `openapiv3` takes each node (see [`reading`]).
fn readings(nodes: &[Node]) -> Vec<Reading> {
    let mut readings: Vec<Reading> = Vec::with_capacity(nodes.len());
    for (index, node) in nodes.iter().enumerate() {
        readings.push(reading(index, node, nodes, &readings));
    }
    readings
}

/// Of the outermost schemas marked in `checked`, reports the schema that cannot be read
/// that parse would meet first, at its keyword; whether none could not be read.
fn first_unreadable(nodes: &[Node], readings: &[Reading], checked: &[bool], diags: &mut Diagnostics) -> bool {
    let failing = failures(nodes, readings, checked);
    // What parse would report first, as near as can be told without reading the whole:
    // of the outermost schemas that cannot be read, those outside `paths` (read first),
    // by pointer (members are read in sorted order); within one, its own keywords, then
    // its subschemas that cannot be read, by pointer.
    let outermost = (0..nodes.len())
        .filter(|&index| failing[index].is_some() && matches!(readings[index], Reading::Schema { depth: 0, .. }))
        .min_by_key(|&index| (nodes[index].pointer.starts_with("/paths/"), nodes[index].pointer.as_str()));
    let Some(mut cause) = outermost else { return true };
    while let Some(&[(_, first), ..]) = failing[cause].as_deref() {
        if !crate::parse::schema_readable(&alone(&nodes[cause], &[]), "", &mut Diagnostics::new("")) {
            break;
        }
        cause = first;
    }
    crate::parse::schema_readable(&alone(&nodes[cause], &[]), &nodes[cause].pointer, diags)
}

/// Which outermost schemas are read here first (by index): those whose subschemas nest
/// [`DEPTH`] levels or deeper, and those that would cost more than [`READS`] reads of a
/// schema read whole (their schemas' number times 2 to the power of their depth: a wide
/// schema may take seconds at 6 levels).
fn deep(readings: &[Reading]) -> Vec<bool> {
    let mut extent = vec![(0_usize, 0_usize); readings.len()];
    for reading in readings {
        if let Reading::Schema { outermost, depth } = *reading {
            let (schemas, deepest) = &mut extent[outermost];
            *schemas += 1;
            *deepest = (*deepest).max(depth);
        }
    }
    let costly = |(schemas, deepest): (usize, usize)| deepest >= DEPTH || schemas << deepest > READS;
    extent.into_iter().map(costly).collect()
}

/// How many reads of a schema parse may spend on an outermost schema that cannot be
/// read, at most, before it is read here first (see `deep`).
pub const READS: usize = 1 << 16;

/// How `openapiv3` takes the node `index`, given how it takes every node before it
/// (`readings`), its parent among them.
fn reading(index: usize, node: &Node, nodes: &[Node], readings: &[Reading]) -> Reading {
    let Some((parent, keyword)) = node.parent else { return Reading::Read };
    let unread = unread_within(node, &nodes[parent], keyword, nodes);
    match (readings[parent], node.kind) {
        (Reading::Unread, _) => Reading::Unread,
        _ if unread => Reading::Unread,
        (Reading::Schema { outermost, depth }, Kind::Schema) => Reading::Schema { outermost, depth: depth + 1 },
        (_, Kind::Schema) => Reading::Schema { outermost: index, depth: 0 },
        _ => Reading::Read,
    }
}

/// Whether `openapiv3` leaves `node`, the member `keyword` of `within`, unread (where it
/// reads `within`).
fn unread_within(node: &Node, within: &Node, keyword: &str, nodes: &[Node]) -> bool {
    let key = node.pointer.rsplit('/').next().unwrap_or_default();
    let reference = within.object.get("$ref").is_some_and(Value::is_string);
    match (within.kind, keyword) {
        // Read by the 3.1 reader apigen does not use, or not read: webhooks, path items
        // among components, keys of `paths` that are not paths (parse warns of them).
        (Kind::Root, "webhooks") | (Kind::Components, "pathItems") => true,
        // Taken out before it reads the document (`parse::drop_callbacks`).
        (Kind::Operation | Kind::Components, "callbacks") => true,
        (Kind::Root, "paths") => !key.starts_with("~1"),
        // A path item of `paths` that is a `$ref` is read as one (its other members
        // left aside); in a callback, `$ref` is not a member of a path item.
        (Kind::PathItem, _) => reference && within.parent.is_some_and(|(at, _)| nodes[at].kind == Kind::Root),
        // Keys that are not statuses are dropped (`default` is a field of its own).
        (Kind::Operation, "responses") => !super::parameters::read_as_response(key),
        // Of `schema` and `content`, the first in the (sorted) members is read.
        (Kind::Parameter | Kind::Header, "schema") => within.object.contains_key("content"),
        // A schema that is a `$ref` is read as one.
        (Kind::Schema, keyword) => {
            reference
                || !SUBSCHEMAS.contains(&keyword)
                || (keyword == "items" && !within.object.get("items").is_some_and(Value::is_object))
        }
        _ => false,
    }
}

/// Which schemas of the deep outermost schemas (`deep`) cannot be read, each with its
/// subschemas that cannot (pointer and index, sorted by pointer; `None` for a schema
/// that can, or is not read here): each read on its own, deepest first, its subschemas
/// standing for whether they can be read.
fn failures<'a>(nodes: &'a [Node], readings: &[Reading], deep: &[bool]) -> Vec<Option<Vec<(&'a str, usize)>>> {
    let mut failing: Vec<Option<Vec<(&str, usize)>>> = vec![None; nodes.len()];
    let mut within: Vec<Vec<(&str, usize)>> = vec![Vec::new(); nodes.len()];
    // Parents come before their children: backwards, a schema's subschemas are done.
    for (index, node) in nodes.iter().enumerate().rev() {
        let Reading::Schema { outermost, .. } = readings[index] else { continue };
        if !deep[outermost] {
            continue;
        }
        let mut subschemas = std::mem::take(&mut within[index]);
        // Sorted, for `alone`'s lookups (a schema may hold thousands) and the report.
        subschemas.sort_unstable();
        let mut ignored = Diagnostics::new("");
        if crate::parse::schema_readable(&alone(node, &subschemas), &node.pointer, &mut ignored) {
            continue;
        }
        if let Some((parent, _)) = node.parent {
            within[parent].push((&node.pointer, index));
        }
        failing[index] = Some(subschemas);
    }
    failing
}

/// The schema `node` with each subschema `openapiv3` reads replaced by an empty schema,
/// or by one that cannot be read when its pointer is among `failing` (sorted; values
/// that are not objects are kept: they are this schema's error).
fn alone(node: &Node, failing: &[(&str, usize)]) -> Value {
    let stand_in = |value: &Value, tokens: &[&str]| match value {
        Value::Object(_)
            if failing.binary_search_by_key(&pointer(&node.pointer, tokens).as_str(), |at| at.0).is_ok() =>
        {
            // A length below zero: read as no schema at all.
            json!({ "maxLength": -1 })
        }
        Value::Object(_) => Value::Object(Map::new()),
        other => other.clone(),
    };
    let members = node.object.iter().map(|(key, value)| {
        let value = match (key.as_str(), value) {
            ("properties", Value::Object(properties)) => Value::Object(
                properties.iter().map(|(name, schema)| (name.clone(), stand_in(schema, &[key, name]))).collect(),
            ),
            ("allOf" | "anyOf" | "oneOf", Value::Array(members)) => Value::Array(
                members.iter().enumerate().map(|(at, schema)| stand_in(schema, &[key, &at.to_string()])).collect(),
            ),
            ("items" | "not" | "additionalProperties", schema) => stand_in(schema, &[key]),
            _ => value.clone(),
        };
        (key.clone(), value)
    });
    Value::Object(members.collect())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::check::walk;

    /// `leaf` under `levels` schemas, each holding the next as `items`.
    fn nested(levels: usize, leaf: Value) -> Value {
        (0..levels).fold(leaf, |inner, _| json!({ "items": inner }))
    }

    /// What the check says of a document with `schema` among its components, and the
    /// pointers it reports at.
    fn checked(schema: Value) -> (bool, Vec<String>) {
        checked_document(json!({"paths": {}, "components": {"schemas": {"S": schema}}}))
    }

    /// What the check says of `doc`, and the pointers it reports at.
    fn checked_document(doc: Value) -> (bool, Vec<String>) {
        let mut diags = Diagnostics::new("t.json");
        let readable = check(&walk::objects(&doc), &mut diags);
        (readable, diags.items().iter().map(|d| d.pointer.clone()).collect())
    }

    #[test]
    fn a_deep_schema_that_cannot_be_read_is_reported_at_its_keyword_at_once() {
        let started = std::time::Instant::now();
        let (readable, pointers) = checked(nested(60, json!({"type": "string", "maxLength": -1})));
        assert!(!readable);
        assert_eq!(pointers, [format!("/components/schemas/S{}/maxLength", "/items".repeat(60))]);
        // Read whole, this takes time doubling with each level: hours at 30.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn deep_schemas_that_read_and_shallow_ones_are_left_to_parse() {
        assert_eq!(checked(nested(60, json!({"type": "string", "maxLength": 3}))), (true, vec![]));
        // Less deep than `DEPTH`: parse reports it, at the cost of 2^depth reads at most.
        assert_eq!(checked(nested(DEPTH - 1, json!({"maxLength": -1}))), (true, vec![]));
    }

    #[test]
    fn the_check_agrees_with_reading_the_schema_whole() {
        // Shapes where what `openapiv3` reads depends on the variant it settles on; whole,
        // 3 levels deep (cheap), against the check, 20 levels deep.
        let bad = json!({"maxLength": -1});
        let shapes = [
            json!({"patternProperties": {"^a": bad}}),
            json!({"type": "string", "properties": {"a": bad}}),
            json!({"type": "object", "properties": {"a": bad}, "oneOf": [{"type": "string"}]}),
            json!({"type": "object", "additionalProperties": bad}),
            json!({"type": "object", "additionalProperties": true, "properties": {"a": {}}}),
            json!({"allOf": [{}, {"not": bad}]}),
            json!({"anyOf": [{"$ref": "#/components/schemas/S"}], "nullable": true}),
            json!({"type": "array", "items": [bad]}),
            json!({"type": "integer", "minimum": "one"}),
        ];
        let mut readable = Vec::new();
        for shape in shapes {
            let whole = crate::parse::schema_readable(&nested(3, shape.clone()), "", &mut Diagnostics::new("t.json"));
            assert_eq!(checked(nested(20, shape.clone())).0, whole, "{shape}");
            readable.push(whole);
        }
        assert_eq!(readable, [true, false, false, false, true, false, true, false, false]);
    }

    #[test]
    fn a_wide_schema_that_cannot_be_read_is_read_here_first_though_shallow() {
        let mut properties: Map<String, Value> =
            (0..20_000).map(|i| (format!("p{i}"), json!({"type": "string"}))).collect();
        properties.insert("z".into(), json!({"maxLength": -1}));
        let wide = nested(DEPTH - 2, json!({"properties": properties}));
        let started = std::time::Instant::now();
        let (readable, pointers) = checked(wide);
        assert!(!readable);
        assert_eq!(pointers, [format!("/components/schemas/S{}/properties/z/maxLength", "/items".repeat(DEPTH - 2))]);
        // Read whole by parse: about 6 s (2^6 reads of the 20,000 properties).
        assert!(started.elapsed() < std::time::Duration::from_secs(3), "{:?}", started.elapsed());
        // Narrow and shallow: left to parse.
        assert_eq!(checked(nested(DEPTH - 2, json!({"properties": {"z": {"maxLength": -1}}}))), (true, vec![]));
    }

    #[test]
    fn schemas_openapiv3_leaves_aside_are_not_refused() {
        let bad = || nested(20, json!({"maxLength": -1}));
        let operation = |parameter: Value, responses: Value| json!({"paths": {"/a": {"get": {"parameters": [parameter], "responses": responses}}}});
        let ok = json!({"200": {"description": "ok"}});
        let documents = [
            // Of `content` and `schema`, `content` is read.
            operation(json!({"name": "q", "in": "query", "content": {"text/plain": {}}, "schema": bad()}), ok.clone()),
            // A response under a key that is not a status is dropped.
            operation(
                json!({"name": "q", "in": "query"}),
                json!({"ok": {"description": "d", "content": {"a/b": {"schema": bad()}}}}),
            ),
            // A schema or a path item that is a `$ref` is read as one.
            json!({"paths": {}, "components": {"schemas": {"S": {"$ref": "#/components/schemas/T", "items": bad()}, "T": {}}}}),
            json!({"paths": {"/a": {"$ref": "#/x", "get": {"parameters": [{"name": "q", "in": "query", "schema": bad()}]}}}}),
            // Callbacks are taken out before parse.
            operation(json!({"name": "q", "in": "query"}), json!({"200": {"description": "d"}})),
        ];
        let mut documents = documents.to_vec();
        let callback = json!({"{$url}": {"post": {"parameters": [{"name": "q", "in": "query", "schema": bad()}]}}});
        documents[4]["paths"]["/a"]["get"]["callbacks"] = json!({"c": callback.clone()});
        documents.push(json!({"paths": {}, "components": {"callbacks": {"c": callback}}}));
        for doc in documents {
            assert_eq!(checked_document(doc.clone()), (true, vec![]), "{doc}");
        }
    }

    #[test]
    fn of_several_failures_the_one_parse_meets_first_is_reported() {
        let deep = nested(10, json!({"maxLength": -1}));
        // Its own keywords before its subschemas; `items` before `properties`.
        let own = json!({"nullable": "x", "items": deep.clone()});
        assert_eq!(checked(own).1, ["/components/schemas/S/nullable"]);
        let sorted = json!({"properties": {"p": {"minLength": "x"}}, "items": deep});
        assert_eq!(checked(sorted).1, [format!("/components/schemas/S/items{}/maxLength", "/items".repeat(10))]);
    }
}
