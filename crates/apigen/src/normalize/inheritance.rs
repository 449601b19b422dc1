//! Inheritance with the discriminator on the base: a component `Pet` with a
//! `discriminator` (and the properties its kinds share) that other components extend by
//! `allOf: [{$ref: Pet}, …]`, `Cat` and `Dog`, as Springdoc, NestJS and the OpenAPI
//! specification's own example write it (Adyen's `ShopperIdPaymentMethod` too). A value
//! of `Pet` is then any of its kinds, told apart by the discriminator; read as the struct
//! `Pet` it lost every property of its kind, and a request could not carry them.
//!
//! So `Pet` becomes the union of its kinds, chosen by the discriminator: the components
//! that extend it (through any number of `allOf` levels) and those its mapping names (or,
//! when it has a `oneOf` already, that list). What the kinds share moves to a component of
//! its own (`PetBase`), which the kinds' `allOf` names instead; it is a kind itself when
//! the mapping names `Pet`, or when there is no mapping (a value naming `Pet` is a `Pet`).
//! References elsewhere keep naming `Pet`: now the union.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::defs::ComponentKeys;
use crate::diagnostics::{Diagnostics, escape_token};

const PREFIX: &str = "#/components/schemas/";

/// Makes each base with a discriminator that other components extend the union of its
/// kinds (see the module docs).
pub fn bases_to_unions(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") else { return };
    let bases: Vec<String> = schemas.iter().filter(|(_, s)| property_of(s).is_some()).map(|(n, _)| n.clone()).collect();
    if bases.is_empty() {
        return;
    }
    let extended = extended_by(schemas);
    let mut keys = ComponentKeys::taken(doc, "schemas");
    let plans: Vec<Plan> =
        bases.iter().filter_map(|base| Plan::of(schemas, base, &extended)).map(|plan| plan.named(&mut keys)).collect();
    let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") else { return };
    for plan in plans {
        plan.apply(schemas, diags);
    }
}

/// The discriminator's property of a schema that has one.
fn property_of(schema: &Value) -> Option<&str> {
    schema.get("discriminator")?.get("propertyName")?.as_str()
}

/// The component a `$ref` (or a mapping's bare name) names.
fn component(reference: &str) -> Option<&str> {
    match reference.strip_prefix(PREFIX) {
        Some(name) => (!name.contains('/')).then_some(name),
        None => (!reference.contains(['/', '#'])).then_some(reference),
    }
}

/// Per component, the components whose `allOf` names it directly.
fn extended_by(schemas: &Map<String, Value>) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut extended: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, schema) in schemas {
        let Some(Value::Array(members)) = schema.get("allOf") else { continue };
        for parent in members.iter().filter_map(|m| m.get("$ref")?.as_str()).filter_map(component) {
            extended.entry(parent).or_default().insert(name);
        }
    }
    extended
}

/// What one base becomes.
struct Plan {
    base: String,
    /// The components that extend it, through any number of levels.
    descendants: BTreeSet<String>,
    /// The union's members, in order (the base's own component last, as `None`, when it
    /// is a kind itself).
    members: Vec<Option<String>>,
    /// The name the shared properties move to.
    shared: String,
}

impl Plan {
    fn of(schemas: &Map<String, Value>, base: &str, extended: &BTreeMap<&str, BTreeSet<&str>>) -> Option<Plan> {
        let schema = schemas.get(base)?;
        let descendants = descendants(base, extended);
        let listed = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array);
        let mapping = schema.get("discriminator")?.get("mapping").and_then(Value::as_object);
        let mapped = || mapping.into_iter().flatten().filter_map(|(_, target)| component(target.as_str()?));
        // Nothing extends it: a union already, or a base without kinds.
        if descendants.is_empty() && (listed.is_some() || mapped().next().is_none()) {
            return None;
        }
        let mut members: Vec<Option<String>> = Vec::new();
        let kinds: Vec<String> = match listed {
            Some(listed) => {
                listed.iter().filter_map(|m| component(m.get("$ref")?.as_str()?)).map(str::to_owned).collect()
            }
            None => mapped().map(str::to_owned).chain(descendants.iter().cloned()).collect(),
        };
        for kind in kinds {
            let member = (kind != base).then_some(kind);
            if schemas.contains_key(member.as_deref().unwrap_or(base)) && !members.contains(&member) {
                members.push(member);
            }
        }
        if listed.is_none() && mapping.is_none() && !members.contains(&None) {
            members.push(None);
        }
        Some(Plan { base: base.to_owned(), descendants, members, shared: String::new() })
    }

    /// Claims the name of the shared properties' component.
    fn named(mut self, keys: &mut ComponentKeys) -> Plan {
        self.shared = keys.claim(&format!("{}Base", self.base));
        self
    }

    fn apply(self, schemas: &mut Map<String, Value>, diags: &mut Diagnostics) {
        let Some(Value::Object(mut shared)) = schemas.remove(&self.base) else { return };
        let discriminator = shared.remove("discriminator");
        shared.remove("oneOf");
        shared.remove("anyOf");
        let reference = |name: &str| Value::String(format!("{PREFIX}{name}"));
        let members: Vec<Value> =
            self.members.iter().map(|m| json!({ "$ref": reference(m.as_deref().unwrap_or(&self.shared)) })).collect();
        let mut discriminator = discriminator.unwrap_or_default();
        let mapping = discriminator.as_object_mut().map(|d| d.entry("mapping").or_insert_with(|| json!({})));
        if let Some(Value::Object(mapping)) = mapping {
            for target in mapping.values_mut() {
                if target.as_str().and_then(component) == Some(self.base.as_str()) {
                    *target = reference(&self.shared);
                }
            }
            // A value naming the base is the base, as it was.
            if self.members.contains(&None) && !mapping.values().any(|t| *t == reference(&self.shared)) {
                mapping.insert(self.base.clone(), reference(&self.shared));
            }
        }
        let mut union = Map::new();
        for key in ["title", "description", "deprecated", "nullable", "externalDocs"] {
            if let Some(value) = shared.get(key) {
                union.insert(key.to_owned(), value.clone());
            }
        }
        union.insert("oneOf".into(), Value::Array(members));
        union.insert("discriminator".into(), discriminator);
        for descendant in &self.descendants {
            redirect(schemas.get_mut(descendant), &self.base, &reference(&self.shared));
        }
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

/// Points the `allOf` entries of `schema` that name `base` at `shared`.
fn redirect(schema: Option<&mut Value>, base: &str, shared: &Value) {
    let Some(Value::Array(members)) = schema.and_then(|s| s.get_mut("allOf")) else { return };
    for member in members {
        if let Some(target) = member.get_mut("$ref")
            && target.as_str().and_then(component) == Some(base)
        {
            *target = shared.clone();
        }
    }
}
