//! How a struct is read from JSON: its `Deserialize` impl hands the work to
//! `apigen_runtime::de`, and its `Object` impl reads the fields, one line each.
//!
//! The result is what serde's derive with the attributes of [`super::structs`] reads
//! (defaults, lenient date-times, `null` versus absent, `additionalProperties`), in
//! a fraction of the code the derive expands to (see `apigen_runtime::de`). Written as
//! text (see [`super::layout`]).

use super::layout::{Lines, string};
use super::structs::{Presence, lenient_date_times, presence};
use super::types::{default_fn, rust_type_text};
use crate::model::{Field, NamedType, TypeRef, TypeRegistry};

/// One field as the reading loop sees it.
struct Slot {
    /// The local holding what was read (`__field0`, …): never a field's name (those are
    /// snake case without leading underscores), so `Name { field: local }` is never
    /// the shorthand clippy asks for.
    local: String,
    /// The type read from the value; the local is an `Option` of it.
    wire: String,
    /// The field's value from the local.
    value: Value,
}

/// How a field's value comes from its local.
enum Value {
    /// The local, once a `let … else` has returned ``missing field `wire` `` without it,
    /// and then this (nothing, or `.0` for a lenient date-time).
    Required(String),
    /// The local, or its default when it is unset (this function).
    Defaulted(String),
    /// Any other expression of the local.
    Expression(String),
}

fn slot(type_name: &str, index: usize, field: &Field, registry: &TypeRegistry) -> Slot {
    let local = format!("__field{index}");
    let base = rust_type_text(&field.ty, registry, "");
    // Date-times are read leniently (the offset-less form too); a map of them through the
    // runtime's name for it, which keeps the local's type simple enough for clippy.
    let date_times = lenient_date_times(field, registry);
    let read = match registry.resolve(&field.ty) {
        TypeRef::Map(_) if date_times => "de::LenientDateTimeMap".to_owned(),
        _ if date_times => format!("de::Lenient<{base}>"),
        _ => base,
    };
    let unwrap = if date_times { ".0" } else { "" };
    let (wire, value) = match presence(field, registry) {
        Presence::Required => return Slot { local, wire: read, value: Value::Required(unwrap.to_owned()) },
        Presence::Defaulted => {
            return Slot { local, wire: read, value: Value::Defaulted(default_fn(type_name, field)) };
        }
        Presence::RequiredNullable | Presence::Optional if date_times => {
            (format!("Option<{read}>"), format!("{local}.flatten().map(|value| value.0)"))
        }
        // A `null` is the value `Value::Null`, kept apart from an absent field.
        Presence::Optional if matches!(registry.resolve(&field.ty), TypeRef::Json) => (read, local.clone()),
        Presence::RequiredNullable | Presence::Optional => (format!("Option<{read}>"), format!("{local}.flatten()")),
        Presence::OptionalNullable if date_times => {
            (format!("Option<{read}>"), format!("{local}.map(|value| value.map(|value| value.0))"))
        }
        Presence::OptionalNullable => (format!("Option<{read}>"), local.clone()),
    };
    Slot { local, wire, value: Value::Expression(value) }
}

/// The `Deserialize` and `de::Object` impls of a struct.
pub fn render_decode(
    out: &mut Lines,
    ty: &NamedType,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) {
    let name = &ty.name;
    let slots: Vec<Slot> = fields.iter().enumerate().map(|(i, field)| slot(&ty.name, i, field, registry)).collect();
    out.impl_header("impl<'de> serde::Deserialize<'de>", name);
    out.open("fn deserialize<__D: de::Deserializer<'de>>(d: __D) -> Result<Self, __D::Error> {");
    out.line("de::object(d)");
    out.close("}");
    out.close("}");
    out.impl_header("impl de::Object", name);
    out.unbreakable(&format!("const NAME: &'static str = {};", string(name.trim_start_matches("r#"))));
    out.open("fn from_map<'de, __A: de::MapAccess<'de>>(mut map: __A) -> Result<Self, __A::Error> {");
    for Slot { local, wire, .. } in &slots {
        out.let_typed(&format!("mut {local}"), "Option", wire, "None");
    }
    if additional.is_some() {
        out.line("let mut additional_properties = std::collections::BTreeMap::new();");
    }
    reading(out, fields, &slots, additional.is_some());
    required(out, fields, &slots);
    // A defaulted field is broken as prettyplease breaks a chain (one level in from `Ok(`,
    // followed by a comma unless it is the last).
    let last = fields.len().saturating_sub(usize::from(additional.is_none()));
    let member = |(index, (field, slot)): (usize, (&Field, &Slot))| {
        let (prefix, comma) = (format!("{}: ", field.name), usize::from(index != last));
        match &slot.value {
            Value::Required(suffix) => format!("{prefix}{}{suffix}", slot.local),
            Value::Defaulted(function) => {
                out.chain_text(1, comma, &prefix, &slot.local, &[format!(".unwrap_or_else({function})")])
            }
            Value::Expression(value) => format!("{prefix}{value}"),
        }
    };
    let mut members: Vec<String> = fields.iter().zip(&slots).enumerate().map(member).collect();
    if additional.is_some() {
        members.push("additional_properties".to_owned());
    }
    out.struct_literal("Ok(", name, &members, ")");
    out.close("}");
    out.close("}");
}

/// Each required field's local, unwrapped or ``missing field `wire` ``.
///
/// A `let … else` rather than `de::required(local, "wire")?`: each `?` is a call of
/// `Try::branch` and `FromResidual::from_residual` to type-check, borrow-check and
/// compile, and `de::required` one more function per field type. The nexus crate's
/// rebuild took 4% less time (medians of 5, alternated: 7.04 s against 7.32 s).
fn required(out: &mut Lines, fields: &[Field], slots: &[Slot]) {
    for (field, Slot { local, value, .. }) in fields.iter().zip(slots) {
        if let Value::Required(_) = value {
            out.let_else_err(local, local, &format!("de::missing({})", string(&field.wire)));
        }
    }
}

/// The loop over the keys of the object. Its `match` gives each arm's result to one `?`:
/// each `?` is a way out that drops every local read so far. One per arm made type and
/// borrow checking of 200 synthetic readers about a fifth slower (0.35 s against 0.29 s),
/// and the nexus crate's borrow checking 1.10 s against 1.05 s (BENCHMARKS.md).
fn reading(out: &mut Lines, fields: &[Field], slots: &[Slot], additional: bool) {
    const KEEP: &str = "de::keep(&mut additional_properties, key, &mut map)";
    if fields.is_empty() && !additional {
        out.open("while de::next_key(&mut map)?.is_some() {");
        out.line("de::skip(&mut map)?;");
        out.close("}");
        return;
    }
    out.open("while let Some(key) = de::next_key(&mut map)? {");
    if fields.is_empty() {
        out.line(&format!("{KEEP}?;"));
        out.close("}");
        return;
    }
    out.open("match key.as_str() {");
    for (field, Slot { local, .. }) in fields.iter().zip(slots) {
        let wire_name = string(&field.wire);
        out.arm_call(&wire_name, "de::field", &[format!("&mut {local}"), "&mut map".to_owned(), wire_name.clone()], "");
    }
    let other = if additional { format!("_ => {KEEP}") } else { "_ => de::skip(&mut map)".to_owned() };
    out.line_then_comma(&other);
    out.close("}?;");
    out.close("}");
}
