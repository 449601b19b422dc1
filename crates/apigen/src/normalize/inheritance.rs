//! Inheritance with the discriminator on the base: a component `Pet` with a
//! `discriminator` (and the properties its kinds share) that other components extend by
//! `allOf: [{$ref: Pet}, …]`, `Cat` and `Dog`, as Springdoc, NestJS and the OpenAPI
//! specification's own example write it (Adyen's `ShopperIdPaymentMethod` too). A value
//! of `Pet` is then any of its kinds, told apart by the discriminator; read as the struct
//! `Pet` it lost every property of its kind, and a request could not carry them.
//!
//! So `Pet` becomes the union of its kinds, chosen by the discriminator: the components
//! whose `allOf` names it (or an alias of it) or a kind of it, and those its mapping
//! names (or, when it lists its members in a `oneOf` already, those). What the kinds
//! share moves to a component of
//! its own (`PetBase`), which every `allOf` that extends `Pet` names instead (a one-member
//! `allOf` outside the components is `Pet` itself, the union, and keeps naming it). The
//! base is a kind itself when there is no mapping (a value naming `Pet` is a `Pet`), when
//! its mapping names `Pet`, or when another discriminator's mapping does. The union is an
//! `anyOf`: a kind's value fits the base too, so no value would fit exactly one member.
//! References elsewhere keep naming `Pet`: now the union.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::{Map, Value, json};

use super::defs::ComponentKeys;
use crate::bundle::{NAME_MAPS, member_kind};
use crate::diagnostics::{Diagnostics, escape_token};
use crate::model::types::component_name;

const PREFIX: &str = "#/components/schemas/";

/// Makes each base with a discriminator that other components extend the union of its
/// kinds (see the module docs).
pub fn bases_to_unions(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") else { return };
    let bases: Vec<&String> = schemas.iter().filter(|(_, s)| property_of(s).is_some()).map(|(n, _)| n).collect();
    if bases.is_empty() {
        return;
    }
    let found = Found::in_schemas(schemas);
    let mut plans: Vec<Plan> = bases.iter().filter_map(|base| Plan::of(schemas, base, &found)).collect();
    let mut keys = ComponentKeys::taken(doc, "schemas");
    // One walk for every base: each `allOf` that extends one (or an alias of one) names
    // what its kinds share, those of a base that is a kind of another too, whatever the
    // order the plans are applied in.
    let mut redirects = BTreeMap::new();
    for plan in &mut plans {
        plan.shared = keys.claim(&format!("{}Base", plan.base));
        let shared = Value::String(format!("{PREFIX}{}", plan.shared));
        redirects.extend(plan.names.iter().map(|name| (name.clone(), shared.clone())));
    }
    redirect(doc, &mut String::new(), "", &redirects);
    for plan in plans {
        plan.apply(doc, diags);
    }
}

/// What the plans read of the components, found once for all bases.
struct Found<'a> {
    /// Per component, the components whose `allOf` names it directly (or an alias of it).
    extended: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// Per component, the discriminator mappings naming it: the holder and the value.
    mapped: BTreeMap<&'a str, Vec<(&'a str, &'a String)>>,
    /// Per component, its aliases (components that are a `$ref` to it and nothing else,
    /// through any number of them).
    aliases: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Found<'a> {
    fn in_schemas(schemas: &'a Map<String, Value>) -> Found<'a> {
        let (mut extended, mut mapped, mut aliases) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for (name, schema) in schemas {
            for (value, kind) in mapping_of(schema) {
                mapped.entry(kind).or_insert_with(Vec::new).push((name.as_str(), value));
            }
            let end = alias_end(schemas, name);
            if end != name {
                aliases.entry(end).or_insert_with(Vec::new).push(name.as_str());
            }
            let Some(Value::Array(members)) = schema.get("allOf") else { continue };
            for parent in members.iter().filter_map(|m| m.get("$ref")?.as_str()).filter_map(component) {
                extended.entry(alias_end(schemas, parent)).or_insert_with(BTreeSet::new).insert(name.as_str());
            }
        }
        Found { extended, mapped, aliases }
    }
}

/// The discriminator's property of a schema that has one.
fn property_of(schema: &Value) -> Option<&str> {
    schema.get("discriminator")?.get("propertyName")?.as_str()
}

/// The component a `$ref` (or a mapping's bare name) names.
fn component(reference: &str) -> Option<&str> {
    match reference.strip_prefix(PREFIX) {
        Some(_) => component_name(reference),
        None => (!reference.contains(['/', '#'])).then_some(reference),
    }
}

/// The entries of a discriminator's mapping: value and the component it names.
fn mapping_of(schema: &Value) -> Vec<(&String, &str)> {
    let mapping = schema.get("discriminator").and_then(|d| d.get("mapping")).and_then(Value::as_object);
    mapping.into_iter().flatten().filter_map(|(value, target)| Some((value, component(target.as_str()?)?))).collect()
}

/// The component `name` ends at through components that are a `$ref` and nothing else
/// (aliases).
fn alias_end<'a>(schemas: &'a Map<String, Value>, mut name: &'a str) -> &'a str {
    for _ in 0..schemas.len() {
        let next = match schemas.get(name).and_then(Value::as_object) {
            Some(alias) if alias.len() == 1 => alias.get("$ref").and_then(Value::as_str).and_then(component_name),
            _ => None,
        };
        match next {
            Some(next) if schemas.contains_key(next) => name = next,
            _ => break,
        }
    }
    name
}

/// What one base becomes.
struct Plan {
    base: String,
    /// The base and its aliases: what an `allOf` that extends the base names.
    names: BTreeSet<String>,
    /// The union's members other than the base, in order.
    members: Vec<Value>,
    /// The values that choose the base itself, when it is a kind.
    own_values: Vec<String>,
    /// The name the shared properties move to (claimed once the plans are made).
    shared: String,
}

impl Plan {
    fn of(schemas: &Map<String, Value>, base: &str, found: &Found<'_>) -> Option<Plan> {
        let schema = schemas.get(base)?;
        let descendants = descendants(base, &found.extended);
        let listed = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array);
        let mapping = mapping_of(schema);
        let kinds_mapped: Vec<&str> = mapping.iter().map(|(_, kind)| *kind).filter(|kind| *kind != base).collect();
        // Nothing extends it: a union already, or a base without kinds.
        if descendants.is_empty() && (listed.is_some() || kinds_mapped.is_empty()) {
            return None;
        }
        let reference = |name: &str| json!({ "$ref": format!("{PREFIX}{name}") });
        let members: Vec<Value> = match listed {
            Some(listed) => listed.clone(),
            None => {
                let names = kinds_mapped.iter().copied().chain(descendants.iter().map(String::as_str));
                let known: BTreeSet<&str> = names.clone().filter(|name| schemas.contains_key(*name)).collect();
                let mut seen = BTreeSet::new();
                names.filter(|name| known.contains(name) && seen.insert(*name)).map(reference).collect()
            }
        };
        let mut own_values: Vec<String> =
            mapping.iter().filter(|(_, kind)| *kind == base).map(|(value, _)| (*value).clone()).collect();
        // Values other discriminators' mappings choose the base by (a union listing it as a
        // member): they choose what it shares with its kinds.
        let outer = found.mapped.get(base).into_iter().flatten().filter(|(holder, _)| *holder != base);
        own_values.extend(outer.map(|(_, value)| (*value).clone()).collect::<BTreeSet<String>>());
        if mapping.is_empty() && listed.is_none() && !own_values.iter().any(|value| value == base) {
            own_values.push(base.to_owned());
        }
        let aliases = found.aliases.get(base).into_iter().flatten().map(|alias| (*alias).to_owned());
        let names = aliases.chain(std::iter::once(base.to_owned())).collect();
        Some(Plan { base: base.to_owned(), names, members, own_values, shared: String::new() })
    }

    fn apply(self, doc: &mut Value, diags: &mut Diagnostics) {
        let shared_ref = Value::String(format!("{PREFIX}{}", self.shared));
        let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") else { return };
        let Some(Value::Object(mut shared)) = schemas.remove(&self.base) else { return };
        let mut discriminator = shared.remove("discriminator").unwrap_or_default();
        shared.remove("oneOf");
        shared.remove("anyOf");
        let mut members = self.members;
        if !self.own_values.is_empty() {
            members.push(json!({ "$ref": shared_ref }));
        }
        if let Some(discriminator) = discriminator.as_object_mut() {
            let mut mapping = match discriminator.remove("mapping") {
                Some(Value::Object(mapping)) => mapping,
                _ => Map::new(),
            };
            mapping.retain(|_, target| target.as_str().and_then(component) != Some(self.base.as_str()));
            for value in &self.own_values {
                mapping.insert(value.clone(), shared_ref.clone());
            }
            if !mapping.is_empty() {
                discriminator.insert("mapping".into(), Value::Object(mapping));
            }
        }
        let mut union = Map::new();
        for key in ["title", "description", "deprecated", "nullable", "externalDocs"] {
            if let Some(value) = shared.get(key) {
                union.insert(key.to_owned(), value.clone());
            }
        }
        union.insert("anyOf".into(), Value::Array(members));
        union.insert("discriminator".into(), discriminator);
        schemas.insert(self.shared.clone(), Value::Object(shared));
        schemas.insert(self.base.clone(), Value::Object(union));
        let pointer = |name: &str| format!("/components/schemas/{}", escape_token(name));
        diags.record_move(&pointer(&self.shared), &pointer(&self.base));
    }
}

/// The components that extend `base`, through any number of `allOf` levels.
fn descendants(base: &str, extended: &BTreeMap<&str, BTreeSet<&str>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut next: Vec<&str> = vec![base];
    while let Some(parent) = next.pop() {
        for &child in extended.get(parent).into_iter().flatten() {
            if child != base && found.insert(child.to_owned()) {
                next.push(child);
            }
        }
    }
    found
}

/// Points every `allOf` entry of `value` (at `at`, the member `parent` of its object)
/// that names a base (or an alias of one: the keys of `shared`) and extends it at what
/// its kinds share: in a component, any (a kind); elsewhere, in an `allOf` of more than
/// one entry (a one-member `allOf` is the base itself). Data (examples, extensions) is
/// skipped, as `bundle` skips it.
fn redirect(value: &mut Value, at: &mut String, parent: &str, shared: &BTreeMap<String, Value>) {
    let len = at.len();
    match value {
        Value::Object(object) => {
            let component = at.strip_prefix("/components/schemas/").is_some_and(|name| !name.contains('/'));
            if let Some(Value::Array(entries)) = object.get_mut("allOf")
                && (component || entries.len() > 1)
            {
                for target in entries.iter_mut().filter_map(|entry| entry.get_mut("$ref")) {
                    if let Some(to) = target.as_str().and_then(component_name).and_then(|name| shared.get(name)) {
                        *target = to.clone();
                    }
                }
            }
            let names = NAME_MAPS.contains(&parent);
            for (key, child) in object.iter_mut() {
                if member_kind(names, key) == Some(false) {
                    crate::diagnostics::push_token(at, key);
                    redirect(child, at, key, shared);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let _ = write!(at, "/{index}");
                redirect(item, at, "", shared);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn unions_of(schemas: Value) -> Value {
        let mut doc = json!({"components": {"schemas": schemas}});
        bases_to_unions(&mut doc, &mut Diagnostics::new("x"));
        doc["components"]["schemas"].take()
    }

    fn base(extra: Value) -> Value {
        let mut pet = json!({"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}},
            "discriminator": {"propertyName": "petType"}});
        pet.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        pet
    }

    fn kind_of(parent: &str) -> Value {
        json!({"allOf": [{"$ref": format!("{PREFIX}{parent}")}, {"properties": {"x": {"type": "integer"}}}]})
    }

    #[test]
    fn every_allof_extending_the_base_names_what_kinds_share_and_a_lone_reference_the_union() {
        let extended = json!({"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"note": {}}}]});
        let lone = json!({"allOf": [{"$ref": "#/components/schemas/Pet"}], "description": "d"});
        let holder = json!({"properties": {"extended": extended, "lone": lone}});
        let schemas = unions_of(json!({"Pet": base(json!({})), "Cat": kind_of("Pet"), "Holder": holder}));
        let members = json!([{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/PetBase"}]);
        assert_eq!(schemas["Pet"]["anyOf"], members);
        assert_eq!(schemas["Pet"]["discriminator"]["mapping"], json!({"Pet": "#/components/schemas/PetBase"}));
        assert_eq!(schemas["Cat"]["allOf"][0]["$ref"], "#/components/schemas/PetBase");
        let properties = &schemas["Holder"]["properties"];
        assert_eq!(properties["extended"]["allOf"][0]["$ref"], "#/components/schemas/PetBase");
        assert_eq!(properties["lone"]["allOf"][0]["$ref"], "#/components/schemas/Pet");
    }

    #[test]
    fn a_kind_extending_an_alias_of_the_base_is_a_kind() {
        let alias = json!({"$ref": "#/components/schemas/Pet"});
        let schemas = unions_of(json!({"Pet": base(json!({})), "PetAlias": alias, "Cat": kind_of("PetAlias")}));
        assert_eq!(schemas["Pet"]["anyOf"][0]["$ref"], "#/components/schemas/Cat");
        assert_eq!(schemas["Cat"]["allOf"][0]["$ref"], "#/components/schemas/PetBase");
    }

    #[test]
    fn nested_bases_come_out_the_same_whatever_their_names() {
        for (outer, inner) in [("Zoo", "Animal"), ("Aaa", "Zed")] {
            let mut schemas = Map::new();
            schemas.insert(outer.to_owned(), base(json!({})));
            let mut middle = kind_of(outer);
            middle["discriminator"] = json!({"propertyName": "petType"});
            schemas.insert(inner.to_owned(), middle);
            schemas.insert("Bird".to_owned(), kind_of(inner));
            let schemas = unions_of(Value::Object(schemas));
            let first = |name: String| schemas[&name]["allOf"][0]["$ref"].clone();
            assert_eq!(first(format!("{inner}Base")), json!(format!("{PREFIX}{outer}Base")), "{outer}, {inner}");
            assert_eq!(first("Bird".into()), json!(format!("{PREFIX}{inner}Base")), "{outer}, {inner}");
            let members: BTreeSet<String> =
                schemas[outer]["anyOf"].as_array().unwrap().iter().map(|m| m["$ref"].to_string()).collect();
            assert_eq!(members.len(), 3, "{inner}, Bird and {outer}Base: {members:?}");
        }
    }

    #[test]
    fn a_value_another_union_chooses_the_base_by_chooses_what_kinds_share() {
        let outer = json!({"oneOf": [{"$ref": "#/components/schemas/Pet"}],
            "discriminator": {"propertyName": "petType", "mapping": {"pet": "#/components/schemas/Pet"}}});
        let schemas = unions_of(json!({"Animal": outer, "Pet": base(json!({})), "Cat": kind_of("Pet")}));
        let mapping = &schemas["Pet"]["discriminator"]["mapping"];
        assert_eq!(
            (&mapping["pet"], &mapping["Pet"]),
            (&json!("#/components/schemas/PetBase"), &json!("#/components/schemas/PetBase"))
        );
    }

    #[test]
    fn a_mapping_to_the_base_alone_leaves_a_struct_and_listed_inline_members_stay() {
        let alone =
            base(json!({"discriminator": {"propertyName": "petType", "mapping": {"pet": "#/components/schemas/Pet"}}}));
        assert_eq!(unions_of(json!({"Pet": alone.clone()}))["Pet"], alone);
        let fish = json!({"title": "Fish", "properties": {"fins": {"type": "integer"}}});
        let listed = base(json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}, fish.clone()]}));
        let schemas = unions_of(json!({"Pet": listed, "Cat": kind_of("Pet")}));
        assert_eq!(schemas["Pet"]["anyOf"], json!([{"$ref": "#/components/schemas/Cat"}, fish]));
        assert!(schemas["Pet"]["discriminator"].get("mapping").is_none(), "no mapping where none is needed");
    }
}
