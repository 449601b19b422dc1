//! Unions tagged without a `discriminator`: every member an object that requires the
//! same property and allows one string there, a different one per member. schemars
//! writes Rust enums with `#[serde(tag = "…")]` this way (Oxide's documents are full of
//! them). Such a union is decoded by that property's value, as if the document named it
//! the discriminator, and its inline members are named after their values.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};

use super::component_name;

/// The component schemas by name.
type Components<'a> = BTreeMap<&'a str, &'a ReferenceOr<Schema>>;

/// The tag property and each member's value, in member order: the first property the
/// first member requires that tags every member with a distinct value.
pub fn implicit_tag(members: &[ReferenceOr<Schema>], components: &Components) -> Option<(String, Vec<String>)> {
    let objects: Vec<&ObjectType> =
        members.iter().map(|member| object_of(member, components)).collect::<Option<_>>()?;
    let first = objects.first()?;
    first.required.iter().find_map(|property| {
        let values: Vec<String> =
            objects.iter().map(|object| tag_value(object, property, components)).collect::<Option<_>>()?;
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

/// The one string a required `property` of `object` allows.
fn tag_value(object: &ObjectType, property: &str, components: &Components) -> Option<String> {
    if !object.required.iter().any(|required| required == property) {
        return None;
    }
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
