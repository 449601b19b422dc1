//! Schemas referenced where the model cannot follow a reference. The model only resolves
//! `#/components/schemas/<name>`, so each moves there under a free name, every `$ref`
//! to it (or into it) is rewritten, and diagnostics about the moved schema are pointed
//! back at where it was written: 3.1 `$defs` (schemas defined inside other schemas, or
//! at the document root, referenced as `#/components/schemas/A/$defs/B`; `hoist`), and
//! any schema a `$ref` names by another pointer (`#/components/schemas/A/properties/b`,
//! a schema under `paths`; `hoist_referenced`, which leaves a `$ref` where it was).

use std::collections::BTreeSet;
use std::fmt::Write;

use serde_json::{Map, Value};

use crate::check::walk::{Kind, kind_at};
use crate::diagnostics::{Diagnostics, escape_token, push_token, unescape_token};
use crate::model::names::type_name;

/// Moves every `$defs` entry into `components.schemas` (see the module docs).
pub fn hoist(doc: &mut Value, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            collect(schema, &mut format!("/components/schemas/{}", escape_token(name)), &mut found);
        }
    }
    if let Some(Value::Object(defs)) = doc.get("$defs") {
        for (name, _) in defs.iter().filter(|(_, def)| def.is_object() || def.is_boolean()) {
            found.push(format!("/$defs/{}", escape_token(name)));
        }
    }
    if found.is_empty() {
        return;
    }
    // Deepest first: a definition nested in another leaves before its parent moves.
    found.sort_by(|a, b| b.matches('/').count().cmp(&a.matches('/').count()).then(a.cmp(b)));
    let mut keys = ComponentKeys::taken(doc, "schemas");
    let mut moves = Vec::new();
    for pointer in found {
        let Some(schema) = take(doc, &pointer) else { continue };
        let wanted = pointer.rsplit('/').next().map(unescape_token).unwrap_or_default();
        let wanted = if wanted.is_empty() { type_name(&wanted, "Definition") } else { wanted };
        let name = keys.claim(&wanted);
        insert_component(doc, &name, schema);
        let new_pointer = format!("/components/schemas/{}", escape_token(&name));
        diags.record_move(&new_pointer, &pointer);
        moves.push((format!("#{pointer}"), format!("#{new_pointer}")));
    }
    rewrite_refs(doc, &moves);
    if let Some(root) = doc.as_object_mut() {
        root.remove("$defs");
    }
}

/// Schemas referenced where the model cannot follow a reference: a `$ref` to a subschema
/// (`#/components/schemas/A/properties/b`, a schema under `paths`). Each such schema moves
/// to `components.schemas` under a free name, a `$ref` to it stands where it was, and
/// every `$ref` to it (or into it) is rewritten; a percent-encoded reference to a
/// component (`%7Bid%7D`) is rewritten as its name. References of other forms, or to
/// nothing, are left for the model to report.
pub fn hoist_referenced(doc: &mut Value, diags: &mut Diagnostics) {
    let mut references = BTreeSet::new();
    odd_references(doc, "", &mut references);
    if references.is_empty() {
        return;
    }
    let mut moves = Vec::new();
    let mut found = Vec::new();
    let moved = diags.moves_within();
    // References to union members normalize took out for allowing `null` alone.
    let mut nulls = BTreeSet::new();
    for reference in references {
        let mut pointer = crate::bundle::percent_decode(&reference[1..]);
        if null_member(doc, diags, &moved, &pointer) {
            nulls.insert(reference);
            continue;
        }
        // A schema `normalize` moved (a property of `then`, a keyword of a type list's
        // member, a union's member after a `null` one it removed) is referenced where it
        // is now.
        if let Some(now) = moved.moved_to(&pointer) {
            pointer = now;
        }
        if component_schema(&pointer) {
            moves.push((reference, format!("#{pointer}")));
        } else if kind_at(&pointer) == Some(Kind::Schema) && doc.pointer(&pointer).is_some() {
            found.push((pointer, reference));
        }
    }
    // Deepest first: a schema referenced inside another leaves before its parent moves.
    found.sort_by(|a, b| b.0.matches('/').count().cmp(&a.0.matches('/').count()).then(a.cmp(b)));
    let mut keys = ComponentKeys::taken(doc, "schemas");
    // Where each schema that moves was, for `$ref`s already written to it there. Applied
    // before the references as written: where normalize moved union members, one
    // member's old place can be another's new one, and a reference means the old.
    let mut aliases = Vec::new();
    for (pointer, reference) in found {
        let name = keys.claim(&wanted_name(doc, &pointer));
        let new_pointer = format!("/components/schemas/{}", escape_token(&name));
        let Some(slot) = doc.pointer_mut(&pointer) else { continue };
        let schema = std::mem::replace(slot, serde_json::json!({ "$ref": format!("#{new_pointer}") }));
        insert_component(doc, &name, schema);
        diags.record_move(&new_pointer, &pointer);
        aliases.push((format!("#{pointer}"), format!("#{new_pointer}")));
        moves.push((reference, format!("#{new_pointer}")));
    }
    aliases.extend(moves);
    // First: a member moved into a null member's old place must not take its references.
    allow_null(doc, &nulls);
    rewrite_refs(doc, &aliases);
}

/// The schemas `$ref`s name where normalize reads what they declare into the schema
/// holding them and would then take them out: a `then` or `else` branch, an entry of
/// `dependentSchemas` or of `patternProperties`. Normalize keeps them where they are
/// (besides reading them), so that `hoist_referenced` finds them. Pointers as the walk
/// spells them (escaped tokens, not percent-encoded).
pub(crate) fn named_branches(doc: &Value) -> std::collections::HashSet<String> {
    let mut references = BTreeSet::new();
    odd_references(doc, "", &mut references);
    let branch = |pointer: &str| {
        let mut tokens = pointer.rsplit('/');
        let (last, before) = (tokens.next(), tokens.next());
        matches!(last, Some("then" | "else")) || matches!(before, Some("dependentSchemas" | "patternProperties"))
    };
    let pointers = references.iter().map(|reference| crate::bundle::percent_decode(&reference[1..]));
    // Each branch on the way to the schema named, which must stay for it to stay.
    let mut named = std::collections::HashSet::new();
    for pointer in pointers {
        let ends = pointer.match_indices('/').map(|(at, _)| at).skip(1).chain(std::iter::once(pointer.len()));
        named.extend(ends.map(|end| &pointer[..end]).filter(|prefix| branch(prefix)).map(str::to_owned));
    }
    named
}

/// Whether `pointer` names a component schema itself (what the model follows).
fn component_schema(pointer: &str) -> bool {
    pointer.strip_prefix("/components/schemas/").is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// The name a schema moved from `pointer` asks for: the name the model gives it where it
/// is (`OrderStatus` for property `status` of `Order`, `GetPetResponse`, …), so that
/// moving it renames nothing (a vendor adding a reference to it breaks no code);
/// elsewhere its key or, for a keyword (`schema`, `items`, an index), the key before it
/// with the keyword.
fn wanted_name(doc: &Value, pointer: &str) -> String {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
    if let Some(name) = in_place_name(doc, &tokens) {
        return name;
    }
    // A branch normalize kept (`named_branches`): the name of the schema holding it, and
    // what it is to it (`CondThen`, `DepWithA` for `dependentSchemas/a`, `PatValue` for
    // a pattern's values).
    let suffix = match tokens.as_slice() {
        [.., last] if last == "then" || last == "else" => Some((1, last.clone())),
        [.., map, key] if map == "dependentSchemas" => Some((2, format!("with_{key}"))),
        [.., map, _] if map == "patternProperties" => Some((2, "value".to_owned())),
        _ => None,
    };
    if let Some((up, suffix)) = suffix
        && let Some(holder) = pointer.rsplitn(up + 1, '/').last().filter(|holder| !holder.is_empty())
    {
        return format!("{}_{suffix}", wanted_name(doc, holder));
    }
    let keyword = |token: &str| {
        matches!(token, "schema" | "items" | "not" | "additionalProperties") || token.parse::<usize>().is_ok()
    };
    let words: Vec<&str> = tokens.iter().rev().take(3).map(String::as_str).collect();
    let wanted = match words.as_slice() {
        [last, before, ..] if keyword(last) && !keyword(before) => format!("{before}_{last}"),
        [last, ..] => (*last).to_owned(),
        [] => String::new(),
    };
    if wanted.is_empty() { type_name(&wanted, "Definition") } else { wanted }
}

/// The name the model gives the schema at `tokens` where it stands, as its hints make it
/// (`model::types` and `model::operations`): a component's, then `{name}{Property}`,
/// `{name}Item`, `{name}Value` down properties, items and additional properties; an
/// operation's body `{Operation}Request`, 2XX response `{Operation}Response` and parameter
/// `{Operation}{Parameter}`. `None` through anything else (union members are named from
/// titles and tags).
fn in_place_name(doc: &Value, tokens: &[String]) -> Option<String> {
    let (mut name, rest) = match tokens {
        [components, schemas, component, rest @ ..] if components == "components" && schemas == "schemas" => {
            (type_name(component, "Schema"), rest)
        }
        [paths, path, method, place, rest @ ..] if paths == "paths" => {
            let operation = doc.get("paths")?.get(path)?.get(method)?;
            let prefix = type_name(operation.get("operationId")?.as_str()?, "Operation");
            // The model names the media type it chooses; with one, that is this one.
            let only = |holder: Option<&Value>| {
                holder.and_then(|h| h.get("content")?.as_object()).is_some_and(|c| c.len() == 1)
            };
            match (place.as_str(), rest) {
                ("requestBody", [content, _, schema, rest @ ..])
                    if content == "content" && schema == "schema" && only(operation.get("requestBody")) =>
                {
                    (format!("{prefix}Request"), rest)
                }
                ("responses", [status, content, _, schema, rest @ ..])
                    if status.starts_with('2')
                        && content == "content"
                        && schema == "schema"
                        && only(operation.get("responses").and_then(|r| r.get(status))) =>
                {
                    (format!("{prefix}Response"), rest)
                }
                ("parameters", [index, schema, rest @ ..]) if schema == "schema" => {
                    let parameter = operation.get("parameters")?.get(index.parse::<usize>().ok()?)?;
                    (format!("{prefix}{}", type_name(parameter.get("name")?.as_str()?, "Param")), rest)
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let mut rest = rest.iter();
    while let Some(token) = rest.next() {
        match token.as_str() {
            "properties" => name.push_str(&type_name(rest.next()?, "Field")),
            "items" => name.push_str("Item"),
            "additionalProperties" => name.push_str("Value"),
            _ => return None,
        }
    }
    Some(name)
}

/// The local `$ref`s of `value` (the member `parent` of its object) that do not name a
/// component as the model reads one (`#/components/<section>/<name>`): to a subschema, or
/// percent-encoded. Data (examples, defaults, extensions) is skipped, as `bundle` skips
/// it.
fn odd_references(value: &Value, parent: &str, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(members) => {
            if let Some(Value::String(reference)) = members.get("$ref")
                && let Some(pointer) = reference.strip_prefix('#')
                && !plain_component(pointer)
            {
                found.insert(reference.clone());
            }
            let names = crate::bundle::NAME_MAPS.contains(&parent);
            for (key, child) in members {
                if crate::bundle::member_kind(names, key) == Some(false) {
                    odd_references(child, key, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| odd_references(item, "", found)),
        _ => {}
    }
}

/// Whether `pointer` is `/components/<section>/<name>` with nothing to decode in it.
fn plain_component(pointer: &str) -> bool {
    let Some(rest) = pointer.strip_prefix("/components/") else { return false };
    rest.split_once('/').is_some_and(|(_, name)| !name.is_empty() && !name.contains(['/', '%']))
}

/// The pointers of the `$defs` entries in a schema (at `at`, one buffer for the whole
/// walk) and its subschemas.
fn collect(schema: &Value, at: &mut String, found: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else { return };
    let len = at.len();
    for (key, value) in obj {
        match (key.as_str(), value) {
            ("$defs" | "properties" | "patternProperties", Value::Object(map)) => {
                push_token(at, key);
                let map_len = at.len();
                for (name, sub) in map {
                    push_token(at, name);
                    // One that is no schema stays, for normalize to warn of and ignore.
                    if key == "$defs" && (sub.is_object() || sub.is_boolean()) {
                        found.push(at.clone());
                    }
                    collect(sub, at, found);
                    at.truncate(map_len);
                }
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems", Value::Array(items)) => {
                push_token(at, key);
                let list_len = at.len();
                for (index, sub) in items.iter().enumerate() {
                    let _ = write!(at, "/{index}");
                    collect(sub, at, found);
                    at.truncate(list_len);
                }
            }
            ("items" | "additionalProperties" | "not", sub) => {
                push_token(at, key);
                collect(sub, at, found);
            }
            _ => {}
        }
        at.truncate(len);
    }
}

/// Removes the value at `pointer` (an entry of a `$defs` map) and returns it; a
/// `$defs` map left empty goes too.
fn take(doc: &mut Value, pointer: &str) -> Option<Value> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let defs = doc.pointer_mut(parent)?.as_object_mut()?;
    let schema = defs.remove(&unescape_token(last))?;
    if defs.is_empty()
        && let Some((owner, _)) = parent.rsplit_once('/')
        && let Some(owner) = doc.pointer_mut(owner).and_then(Value::as_object_mut)
    {
        owner.remove("$defs");
    }
    Some(schema)
}

/// `name` as a component key: OpenAPI allows letters, digits, `.`, `-` and `_` there (a
/// `$defs` key or a file's fragment may hold anything), the others become `_`. A key
/// with `/` in it could not be named by the `#/components/schemas/…` references the
/// model reads.
fn component_key(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect()
}

/// The keys of one `components` section, and those handed out: `$defs` hoisted here and
/// nodes `bundle` places from other files get keys of their own.
#[derive(Debug, Default)]
pub(crate) struct ComponentKeys {
    taken: BTreeSet<String>,
    /// Per base, where the search for a free key goes on (keys are never given back):
    /// 20,000 definitions of one name took 34 s when each search started at 2.
    next: std::collections::HashMap<String, usize>,
}

impl ComponentKeys {
    /// The keys `doc` has in `components.{section}`.
    pub(crate) fn taken(doc: &Value, section: &str) -> Self {
        let keys = doc.pointer(&format!("/components/{section}")).and_then(Value::as_object);
        ComponentKeys { taken: keys.map(|m| m.keys().cloned().collect()).unwrap_or_default(), next: Default::default() }
    }

    /// `wanted` as a [`component_key`], or the first of `key2`, `key3`, … not taken.
    pub(crate) fn claim(&mut self, wanted: &str) -> String {
        let base = component_key(wanted);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(2);
        loop {
            let key = format!("{base}{next}");
            *next += 1;
            if self.taken.insert(key.clone()) {
                return key;
            }
        }
    }
}

fn insert_component(doc: &mut Value, name: &str, schema: Value) {
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert(name.to_owned(), schema);
    }
}

/// Whether `pointer` (as written) names a union member that allowed `null` alone and was
/// taken out: its union's place followed through the moves of its ancestors (a property
/// of `then`, an only member moved to `allOf`), the member's own index as written, and the
/// union still `nullable` there (an overlay may have replaced it since).
fn null_member(doc: &Value, diags: &Diagnostics, moved: &crate::diagnostics::MovesWithin<'_>, pointer: &str) -> bool {
    let Some((union, index)) = pointer.rsplit_once('/') else { return false };
    let Some((parent, key)) = union.rsplit_once('/') else { return false };
    if !matches!(key, "anyOf" | "oneOf") || !index.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let parent = moved.moved_to(parent).unwrap_or_else(|| parent.to_owned());
    let nullable = doc.pointer(&parent).and_then(|p| p.get("nullable")) == Some(&Value::Bool(true));
    nullable && diags.null_removed(&format!("{parent}/{key}/{index}"))
}

/// Each `$ref` to a union member that allowed `null` alone (taken out: see
/// `normalize::rewrite_null_members`) becomes what it allowed, as normalize writes it.
fn allow_null(value: &mut Value, nulls: &BTreeSet<String>) {
    if nulls.is_empty() {
        return;
    }
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(reference)) = obj.get("$ref")
                && nulls.contains(reference)
            {
                obj.remove("$ref");
                obj.insert("nullable".into(), Value::Bool(true));
                return;
            }
            obj.values_mut().for_each(|v| allow_null(v, nulls));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| allow_null(v, nulls)),
        _ => {}
    }
}

/// Rewrites `$ref`s to a moved definition, or into one, anywhere in the document (of
/// two moves from one place, the later one).
fn rewrite_refs(value: &mut Value, moves: &[(String, String)]) {
    let moved: std::collections::HashMap<&str, &str> =
        moves.iter().map(|(from, to)| (from.as_str(), to.as_str())).collect();
    rewrite_with(value, &moved);
}

/// Points each `$ref` into a moved definition at where it went: the longest moved
/// prefix of the reference (the deepest definition) decides, found by lookup rather
/// than by trying every move.
fn rewrite_with(value: &mut Value, moved: &std::collections::HashMap<&str, &str>) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(reference)) = obj.get_mut("$ref") {
                let ends = std::iter::once(reference.len()).chain(reference.rmatch_indices('/').map(|(i, _)| i));
                if let Some((end, to)) = ends.into_iter().find_map(|end| Some((end, *moved.get(&reference[..end])?))) {
                    *reference = format!("{to}{}", &reference[end..]);
                }
            }
            obj.values_mut().for_each(|v| rewrite_with(v, moved));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_with(v, moved)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_branch_normalize_reads_into_its_schema_stays_where_a_reference_names_it() {
        let object = |name: &str| json!({"type": "object", "properties": {name: {"type": "string"}}});
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "Cond": {"type": "object", "if": {"required": ["a"]}, "then": object("t"), "else": object("e")},
            "Dep": {"type": "object", "dependentSchemas": {"a/b": object("d"), "c": object("c")}},
            // Any value is allowed for other keys: the patterns' schemas are not read.
            "Pat": {"type": "object", "patternProperties": {"^x": object("q"), "^y": object("r")}},
            "NotObject": {"type": "string", "patternProperties": {"^z": object("z")}},
            "R": {"properties": {
                "t": {"$ref": "#/components/schemas/Cond/then"},
                "e": {"$ref": "#/components/schemas/Cond/else"},
                "t2": {"$ref": "#/components/schemas/Cond/then/properties/t"},
                "d": {"$ref": "#/components/schemas/Dep/dependentSchemas/a~1b"},
                "p": {"$ref": "#/components/schemas/Pat/patternProperties/%5Ex"},
                "z": {"$ref": "#/components/schemas/NotObject/patternProperties/^z"}
            }}
        }}});
        let mut diags = Diagnostics::new("x");
        crate::normalize::normalize(&mut doc, &mut diags).expect("normalizes");
        hoist_referenced(&mut doc, &mut diags);
        let schemas = &doc["components"]["schemas"];
        let named = |property: &str| schemas["R"]["properties"][property]["$ref"].as_str().unwrap().to_owned();
        for (property, name, declared) in [
            ("t", "Cond_then", "t"),
            ("e", "Cond_else", "e"),
            ("d", "Dep_with_a_b", "d"),
            ("p", "Pat_value", "q"),
            ("z", "NotObject_value", "z"),
        ] {
            assert_eq!(named(property), format!("#/components/schemas/{name}"));
            assert_eq!(schemas[name], object(declared), "{name}");
        }
        // What the branches declare is still read where they stand, and a reference into
        // one still names the property read from it.
        assert_eq!(schemas["Cond"]["properties"]["t"]["$ref"], "#/components/schemas/CondT");
        assert_eq!(named("t2"), "#/components/schemas/CondT");
        assert_eq!(schemas["Cond"]["then"]["$ref"], "#/components/schemas/Cond_then");
        assert_eq!(schemas["Pat"]["additionalProperties"], json!({}));
        assert_eq!(schemas["Pat"]["patternProperties"], json!({"^x": {"$ref": "#/components/schemas/Pat_value"}}));
        assert!(!diags.has_errors(), "{diags:?}");
    }

    #[test]
    fn a_reference_to_what_normalize_moved_follows_it() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "S": {"type": ["object", "string"], "then": {"properties": {"x": {"type": "integer"}}}},
            "R": {"$ref": "#/components/schemas/S/then/properties/x"}
        }}});
        let mut diags = Diagnostics::new("x");
        crate::normalize::normalize(&mut doc, &mut diags).expect("normalizes");
        hoist_referenced(&mut doc, &mut diags);
        // `x` went to `S/properties`, then to the type list's object member, then here.
        let target = doc["components"]["schemas"]["R"]["$ref"].as_str().unwrap().to_owned();
        assert!(component_schema(&target[1..]), "{target}");
        assert_eq!(doc.pointer(&target[1..]), Some(&json!({"type": "integer"})));
    }

    #[test]
    fn a_reference_to_a_union_member_follows_it_past_removed_null_members() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "V": {"anyOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}, {"type": "boolean"}]},
            "One": {"oneOf": [{"type": "null"}, {"type": "number"}], "allOf": [{"description": "d"}, {"type": "integer"}]},
            "Sib": {"$ref": "#/components/schemas/One", "description": "s", "allOf": [{"minimum": 2}]},
            "R": {"properties": {
                "i": {"$ref": "#/components/schemas/V/anyOf/2"},
                "b": {"$ref": "#/components/schemas/V/anyOf/3"},
                "s": {"$ref": "#/components/schemas/V/anyOf/0"},
                "n": {"$ref": "#/components/schemas/One/oneOf/1"},
                "d": {"$ref": "#/components/schemas/One/allOf/0"},
                "k": {"$ref": "#/components/schemas/One/allOf/1"},
                "m": {"$ref": "#/components/schemas/Sib/allOf/0"}
            }}
        }}});
        let mut diags = Diagnostics::new("x");
        crate::normalize::normalize(&mut doc, &mut diags).expect("normalizes");
        hoist_referenced(&mut doc, &mut diags);
        for (property, written) in [
            ("i", json!({"type": "integer"})),
            ("b", json!({"type": "boolean"})),
            ("s", json!({"type": "string"})),
            ("n", json!({"type": "number"})),
            ("d", json!({"description": "d"})),
            ("k", json!({"type": "integer"})),
            // `allOf` moved down by the `$ref` beside `description`.
            ("m", json!({"minimum": 2})),
        ] {
            let target = doc["components"]["schemas"]["R"]["properties"][property]["$ref"].as_str().unwrap().to_owned();
            assert_eq!(doc.pointer(&target[1..]), Some(&written), "{property}: {target}");
        }
    }

    #[test]
    fn a_reference_to_a_null_member_taken_out_allows_null() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "N": {"oneOf": [{"type": "null"}, {"type": "integer"}, {"type": "string"}]},
            "L": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "Only": {"oneOf": [{"type": "null"}]},
            "Cond": {"type": "object", "then": {"properties": {"c": {"oneOf": [{"type": "null"}, {"type": "string"}]}}}},
            "Nest": {"oneOf": [{"type": "null"}, {"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]}]},
            "R": {"properties": {
                "first": {"$ref": "#/components/schemas/N/oneOf/0"},
                "last": {"$ref": "#/components/schemas/L/anyOf/1"},
                "int": {"$ref": "#/components/schemas/N/oneOf/1"},
                "cond": {"$ref": "#/components/schemas/Cond/then/properties/c/oneOf/0"},
                "nested": {"$ref": "#/components/schemas/Nest/oneOf/1/oneOf/0"}
            }}
        }}});
        let mut diags = Diagnostics::new("x");
        crate::normalize::normalize(&mut doc, &mut diags).expect("normalizes");
        hoist_referenced(&mut doc, &mut diags);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["R"]["properties"]["first"], json!({"nullable": true}));
        assert_eq!(schemas["R"]["properties"]["last"], json!({"nullable": true}));
        // Also where its union moved first: out of `then`, or an only member into `allOf`.
        assert_eq!(schemas["R"]["properties"]["cond"], json!({"nullable": true}));
        assert_eq!(schemas["R"]["properties"]["nested"], json!({"nullable": true}));
        let int = schemas["R"]["properties"]["int"]["$ref"].as_str().unwrap();
        assert_eq!(doc.pointer(&int[1..]), Some(&json!({"type": "integer"})));
        // A union of `null` alone allows `null`: no union without members is left.
        assert_eq!(schemas["Only"], json!({"nullable": true}));
        assert!(!diags.has_errors(), "{:?}", diags.items());
    }

    #[test]
    fn schemas_referenced_by_other_pointers_move_to_components() {
        let r = |to: &str| json!({"$ref": to});
        let mut doc = json!({
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"content": {"a/b": {"schema": {
                "properties": {"n": {"type": "integer"}}
            }}}}}}}},
            "components": {"schemas": {
                "A": {"properties": {"b": {"items": {"type": "string"}}, "c": r("#/components/schemas/A/properties/b/items")}},
                "{id}": {"type": "string"},
                "U": {"properties": {
                    "p": r("#/paths/~1a/get/responses/200/content/a~1b/schema"),
                    "q": r("#/components/schemas/A/properties/b"),
                    "e": r("#/components/schemas/%7Bid%7D"),
                    "gone": r("#/components/schemas/A/properties/zzz"),
                    "data": {"example": r("#/components/schemas/A/properties/c")}
                }}
            }}
        });
        let mut diags = Diagnostics::new("x");
        hoist_referenced(&mut doc, &mut diags);
        let schemas = &doc["components"]["schemas"];
        // Deepest first: `b`'s items leave before `b` does, and `b` keeps a `$ref` to them;
        // each is named as the model names it in place (`AB`, `ABItem`, `GetAResponse`).
        assert_eq!(schemas["ABItem"], json!({"type": "string"}));
        assert_eq!(schemas["AB"], json!({"items": r("#/components/schemas/ABItem")}));
        assert_eq!(schemas["A"]["properties"]["b"], r("#/components/schemas/AB"));
        assert_eq!(schemas["A"]["properties"]["c"], r("#/components/schemas/ABItem"));
        assert_eq!(schemas["GetAResponse"], json!({"properties": {"n": {"type": "integer"}}}));
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["a/b"]["schema"],
            r("#/components/schemas/GetAResponse")
        );
        let u = &schemas["U"]["properties"];
        assert_eq!(
            (&u["p"], &u["q"], &u["e"]),
            (&r("#/components/schemas/GetAResponse"), &r("#/components/schemas/AB"), &r("#/components/schemas/{id}"))
        );
        // A reference to nothing is the model's to report; data is data.
        assert_eq!(u["gone"], r("#/components/schemas/A/properties/zzz"));
        assert_eq!(u["data"]["example"], r("#/components/schemas/A/properties/c"));
    }

    /// A `$defs` key with `/` or `~` in it (escaped in references) becomes a component key
    /// of the characters OpenAPI allows there, and its references follow.
    #[test]
    fn keys_that_need_escaping_become_plain_component_keys() {
        let mut doc = json!({"components": {"schemas": {"S": {
            "properties": {"x": {"$ref": "#/components/schemas/S/$defs/a~1b"}, "y": {"$ref": "#/components/schemas/S/$defs/c~0d"}},
            "$defs": {"a/b": {"type": "string"}, "c~d": {"type": "integer"}}
        }}}});
        hoist(&mut doc, &mut Diagnostics::new("x"));
        let schemas = &doc["components"]["schemas"];
        assert_eq!((&schemas["a_b"]["type"], &schemas["c_d"]["type"]), (&json!("string"), &json!("integer")));
        assert_eq!(schemas["S"]["properties"]["x"]["$ref"], "#/components/schemas/a_b");
        assert_eq!(schemas["S"]["properties"]["y"]["$ref"], "#/components/schemas/c_d");
    }

    #[test]
    fn definitions_move_to_components_and_refs_follow() {
        let mut doc = json!({
            "components": {"schemas": {
                "Tree": {
                    "type": "object",
                    "properties": {"leaf": {"$ref": "#/components/schemas/Tree/$defs/Leaf"}},
                    "$defs": {"Leaf": {"type": "string"}, "Tree": {"type": "integer"}}
                }
            }},
            "$defs": {"Top": {"type": "boolean"}},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/$defs/Top"}}}}}}}}
        });
        let mut diags = Diagnostics::new("x");
        hoist(&mut doc, &mut diags);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Leaf"], json!({"type": "string"}));
        assert_eq!(schemas["Tree2"], json!({"type": "integer"}));
        assert_eq!(schemas["Top"], json!({"type": "boolean"}));
        assert!(schemas["Tree"].get("$defs").is_none());
        assert_eq!(schemas["Tree"]["properties"]["leaf"]["$ref"], "#/components/schemas/Leaf");
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Top"
        );
        assert!(doc.get("$defs").is_none());
    }
}
