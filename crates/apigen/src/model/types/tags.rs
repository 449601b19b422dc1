//! Unions tagged without a `discriminator`: every member an object that requires the
//! same property and allows one string there, a different one per member. schemars
//! writes Rust enums with `#[serde(tag = "…")]` this way (Oxide's documents are full of
//! them). Such a union is decoded by that property's value, as if the document named it
//! the discriminator, and its inline members are named after their values.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::component_name;

/// The component schemas by name.
type Components<'a> = BTreeMap<&'a str, &'a ReferenceOr<Schema>>;

/// The tag property and each member's value, in member order: of the properties every
/// member requires, the first by name (`required` is a set: its order says nothing)
/// that tags every member with a distinct value.
pub fn implicit_tag(members: &[ReferenceOr<Schema>], components: &Components) -> Option<(String, Vec<String>)> {
    let objects: Vec<&ObjectType> =
        members.iter().map(|member| object_of(member, components)).collect::<Option<_>>()?;
    tag_of(&objects, components)
}

/// The one string a member allows for `property`, if it allows one only.
pub fn pinned_value(member: &ReferenceOr<Schema>, property: &str, components: &Components) -> Option<String> {
    tag_of_member(object_of(member, components)?, property, components)
}

/// Values to name the members of a union that has no tag by: the tag of the members
/// that pin a required property, when they have one (so that a member added without a
/// tag renames nothing), else the value of each member's first such property by name.
pub fn member_tags(members: &[ReferenceOr<Schema>], components: &Components) -> Vec<Option<String>> {
    let own = |object: &ObjectType| {
        let required: BTreeSet<&String> = object.required.iter().collect();
        required.into_iter().find_map(|property| tag_of_member(object, property, components))
    };
    let objects: Vec<Option<&ObjectType>> =
        members.iter().map(|member| object_of(member, components).filter(|object| own(object).is_some())).collect();
    let pinned: Vec<&ObjectType> = objects.iter().flatten().copied().collect();
    match tag_of(&pinned, components) {
        Some((_, values)) => {
            let mut values = values.into_iter();
            objects.iter().map(|object| object.and_then(|_| values.next())).collect()
        }
        None => objects.iter().map(|object| object.and_then(own)).collect(),
    }
}

/// The properties of an object member (through one `$ref`) that allow a fixed set of
/// values, a `const` or an `enum` of scalars (through one `$ref` too), with the values
/// (`null` among them when the property may be `null`).
pub fn pins(member: &ReferenceOr<Schema>, components: &Components) -> Vec<(String, Vec<Value>)> {
    let Some(object) = object_of(member, components) else { return Vec::new() };
    let pinned = |property: &ReferenceOr<Box<Schema>>| {
        let schema = match property {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => resolve(reference, components)?,
        };
        let values: Vec<Value> = match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => listed(&t.enumeration, |v| Value::from(v.as_str())),
            SchemaKind::Type(Type::Integer(t)) => listed(&t.enumeration, |v| Value::from(*v)),
            SchemaKind::Type(Type::Number(t)) => listed(&t.enumeration, |v| Value::from(*v)),
            SchemaKind::Type(Type::Boolean(t)) => listed(&t.enumeration, |v| Value::from(*v)),
            _ => Vec::new(),
        };
        let some = values.iter().any(|value| !value.is_null());
        let nullable = schema.schema_data.nullable && !values.contains(&Value::Null);
        some.then(|| values.into_iter().chain(nullable.then_some(Value::Null)).collect::<Vec<_>>())
    };
    object.properties.iter().filter_map(|(name, property)| Some((name.clone(), pinned(property)?))).collect()
}

/// An `enum`'s values as JSON (`None` is `null`).
fn listed<T>(values: &[Option<T>], json: impl Fn(&T) -> Value) -> Vec<Value> {
    values.iter().map(|value| value.as_ref().map_or(Value::Null, &json)).collect()
}

/// The tag of `objects` (see [`implicit_tag`]).
fn tag_of(objects: &[&ObjectType], components: &Components) -> Option<(String, Vec<String>)> {
    let candidates: BTreeSet<&String> = objects.first()?.required.iter().collect();
    candidates.into_iter().find_map(|property| {
        let values: Vec<String> = objects
            .iter()
            .map(|object| object.required.contains(property).then(|| tag_of_member(object, property, components))?)
            .collect::<Option<_>>()?;
        let distinct = values.iter().collect::<BTreeSet<_>>().len() == values.len();
        distinct.then(|| (property.clone(), values))
    })
}

/// A member's object schema (through one `$ref`), unless it may be `null`.
fn object_of<'a>(member: &'a ReferenceOr<Schema>, components: &Components<'a>) -> Option<&'a ObjectType> {
    let schema = match member {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => resolve(reference, components)?,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if !schema.schema_data.nullable => Some(object),
        _ => None,
    }
}

/// The one string `property` of `object` allows, if it allows one only.
fn tag_of_member(object: &ObjectType, property: &str, components: &Components) -> Option<String> {
    let schema = match object.properties.get(property)? {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => resolve(reference, components)?,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !schema.schema_data.nullable => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The component schema a `$ref` names, when it is not a `$ref` itself.
fn resolve<'a>(reference: &str, components: &Components<'a>) -> Option<&'a Schema> {
    match components.get(component_name(reference)?)? {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}
