//! How users construct structs, which are `#[non_exhaustive]` (no struct literals
//! outside the generated crate), so that a vendor adding a field stays compatible:
//!
//! - types that are sent (request or both): `new(required fields…)` and a
//!   `with_<field>` setter per optional field: adding an optional field adds a setter;
//! - types an operation receives (response or both): `builder()`, a setter per field and
//!   `build()`, which names a missing required field: adding any field adds a setter.
//!
//! A type both sent and received has both, so that a vendor's new operation sending a
//! type only received before (or receiving one only sent before) adds a way to build it
//! and takes none away.
//!
//! Every one of these functions is `#[inline]`, as are an operation's client method, setters
//! and `send`: a non-generic function is compiled into the generated crate whether or not
//! anyone calls it, an inline one only where it is called. Most of a generated crate goes
//! unused by any one program.
//!
//! Written as text (see [`super::layout`]).

use super::layout::Lines;
use super::structs::{Presence, deprecated_attribute, field_type, presence};
use super::types::{default_fn, rust_type_text};
use crate::model::names::split_raw;
use crate::model::{Field, NamedType, TypeRef, TypeRegistry};

/// The constructors of a struct, by its direction.
pub fn render_construction(
    ty: &NamedType,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) -> Lines {
    let mut out = Lines::new();
    if ty.direction.sent() {
        render_request_constructors(&mut out, ty, fields, additional.is_some(), registry);
    }
    if let Some(builder) = &ty.builder {
        render_response_builder(&mut out, ty, builder, fields, additional, registry);
    }
    out
}

/// The type a setter or constructor takes for a value of `ty`, and whether the value
/// goes through `Into` (text and secrets take `&str`, `String` and the like).
fn input(ty: &TypeRef, registry: &TypeRegistry) -> (String, bool) {
    let rust = rust_type_text(ty, registry, "");
    match registry.resolve(ty) {
        TypeRef::String | TypeRef::Secret => (format!("impl Into<{rust}>"), true),
        _ => (rust, false),
    }
}

/// `value` or `value.into()`.
fn convert(value: &str, into: bool) -> String {
    if into { format!("{value}.into()") } else { value.to_owned() }
}

/// The argument a field's setter takes and the expression stored from `value`: the
/// inner type for options (`Option<T>` for nullable ones), wrapped back in `Some`.
fn setter_input(field: &Field, registry: &TypeRegistry) -> (String, String) {
    match presence(field, registry) {
        Presence::Required | Presence::Defaulted => {
            let (ty, into) = input(&field.ty, registry);
            (ty, convert("value", into))
        }
        Presence::Optional => {
            let (ty, into) = input(&field.ty, registry);
            (ty, format!("Some({})", convert("value", into)))
        }
        Presence::RequiredNullable | Presence::OptionalNullable => {
            (format!("Option<{}>", rust_type_text(&field.ty, registry, "")), "Some(value)".to_owned())
        }
    }
}

/// A setter: `mut self` and a value stored in `member`, `self` returned; `#[deprecated]`
/// when the document deprecates the field it sets.
fn setter(out: &mut Lines, doc: &str, deprecated: Option<String>, method: &str, member: &str, io: (String, String)) {
    let (arg, stored) = io;
    out.doc(doc);
    if let Some(attribute) = deprecated {
        out.line(&attribute);
    }
    out.line("#[inline]");
    out.signature(&format!("pub fn {method}"), &["mut self".to_owned(), format!("value: {arg}")], " -> Self");
    out.line(&format!("self.{member} = {stored};"));
    out.line("self");
    out.close("}");
}

fn render_request_constructors(
    out: &mut Lines,
    ty: &NamedType,
    fields: &[Field],
    additional: bool,
    registry: &TypeRegistry,
) {
    let name = &ty.name;
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args: Vec<String> = required
        .iter()
        .map(|field| {
            let ty = match presence(field, registry) {
                Presence::RequiredNullable => field_type(field, registry),
                _ => input(&field.ty, registry).0,
            };
            format!("{}: {ty}", field.name)
        })
        .collect();
    let mut inits: Vec<String> = fields
        .iter()
        .map(|field| {
            let member = &field.name;
            match presence(field, registry) {
                Presence::Required if input(&field.ty, registry).1 => format!("{member}: {member}.into()"),
                Presence::Required | Presence::RequiredNullable => member.clone(),
                Presence::Defaulted => format!("{member}: {}()", default_fn(&ty.name, field)),
                Presence::Optional | Presence::OptionalNullable => format!("{member}: None"),
            }
        })
        .collect();
    if additional {
        inits.push("additional_properties: std::collections::BTreeMap::new()".to_owned());
    }
    out.open_unbreakable(&format!("impl {name} {{"));
    out.doc("A value with the required fields; optional ones are unset (or their default).");
    if required.len() > 7 {
        out.line("#[allow(clippy::too_many_arguments)]");
    }
    out.line("#[inline]");
    out.signature("pub fn new", &args, " -> Self");
    out.struct_literal("", name, &inits, "");
    out.close("}");
    for field in fields.iter().filter(|f| !f.required) {
        let bare = split_raw(&field.name).1;
        let (doc, method) = (format!("Sets `{bare}`."), format!("with_{bare}"));
        setter(
            out,
            &doc,
            deprecated_attribute(field.deprecated, field.deprecation.as_deref()),
            &method,
            &field.name,
            setter_input(field, registry),
        );
    }
    out.close("}");
    if required.is_empty() {
        out.open(&format!("impl Default for {name} {{"));
        out.open("fn default() -> Self {");
        out.line("Self::new()");
        out.close("}");
        out.close("}");
    }
}

fn render_response_builder(
    out: &mut Lines,
    ty: &NamedType,
    builder: &str,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) {
    let name = &ty.name;
    let type_name = split_raw(&ty.name).1;
    let extra =
        additional.map(|value| format!("std::collections::BTreeMap<String, {}>", rust_type_text(value, registry, "")));
    out.open_unbreakable(&format!("impl {name} {{"));
    out.doc(&if ty.direction.sent() {
        format!(
            "A builder of [`{type_name}`], for fakes of responses (values to send are made with [`{type_name}::new`])."
        )
    } else {
        format!("A builder of [`{type_name}`] (responses are decoded; build one to fake a response).")
    });
    out.line("#[inline]");
    out.open_unbreakable(&format!("pub fn builder() -> {builder} {{"));
    out.unbreakable(&format!("<{builder} as Default>::default()"));
    out.close("}");
    out.close("}");
    out.doc(&format!("Builds a [`{type_name}`] field by field, for fakes and tests of code that reads it."));
    out.line("#[derive(Debug, Clone, Default)]");
    out.line("#[must_use]");
    out.open_unbreakable(&format!("pub struct {builder} {{"));
    for field in fields {
        let slot = match presence(field, registry) {
            Presence::Optional | Presence::OptionalNullable => field_type(field, registry),
            _ => format!("Option<{}>", field_type(field, registry)),
        };
        out.line(&format!("{}: {slot},", field.name));
    }
    if let Some(extra) = &extra {
        out.line(&format!("additional_properties: {extra},"));
    }
    out.close("}");
    out.open_unbreakable(&format!("impl {builder} {{"));
    for field in fields {
        let doc = format!("Sets `{}`.", split_raw(&field.name).1);
        setter(
            out,
            &doc,
            deprecated_attribute(field.deprecated, field.deprecation.as_deref()),
            &field.name,
            &field.name,
            builder_input(field, registry),
        );
    }
    if let Some(extra) = extra {
        let input = (extra, "value".to_owned());
        setter(
            out,
            "Sets the properties the schema does not declare.",
            None,
            "additional_properties",
            "additional_properties",
            input,
        );
    }
    render_build(out, ty, fields, additional.is_some(), registry);
    out.close("}");
}

/// A response builder's setter input: what the field holds (the inner value of an
/// option), kept until `build`.
fn builder_input(field: &Field, registry: &TypeRegistry) -> (String, String) {
    match presence(field, registry) {
        Presence::Required | Presence::Defaulted => {
            let (ty, into) = input(&field.ty, registry);
            (ty, format!("Some({})", convert("value", into)))
        }
        _ => setter_input(field, registry),
    }
}

/// `build`: required fields must have been set, defaulted ones take their default.
fn render_build(out: &mut Lines, ty: &NamedType, fields: &[Field], additional: bool, registry: &TypeRegistry) {
    let name = &ty.name;
    out.doc("The value.\n\n# Errors\n[`apigen_runtime::BuildError`] naming the first required field that was not set.");
    out.line("#[inline]");
    let arguments = [name.to_owned(), "apigen_runtime::BuildError".to_owned()];
    out.signature_returning("pub fn build", &["self".to_owned()], " -> Result", &arguments);
    let required = |field: &Field| matches!(presence(field, registry), Presence::Required | Presence::RequiredNullable);
    if fields.iter().any(required) {
        // One closure names the type: each field's line stays short.
        out.unbreakable(&format!("let type_name = {};", super::layout::string(split_raw(name).1)));
        out.line("let missing = |field| apigen_runtime::BuildError::missing(type_name, field);");
    }
    // A `let … else` per required field, not `.ok_or(missing(…))?` (see
    // `decode::required`); its local is never a field's name, so a field named `missing`
    // does not hide the closure.
    for (index, field) in fields.iter().enumerate().filter(|(_, field)| required(field)) {
        let error = format!("missing({})", super::layout::string(split_raw(&field.name).1));
        out.let_else_err(&format!("__field{index}"), &format!("self.{}", field.name), &error);
    }
    // Inside `Ok(Name {`, should it not fit on one line; the comma after a field counts,
    // except after the last.
    let last = fields.len().saturating_sub(usize::from(!additional));
    let mut members: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let member = &field.name;
            let prefix = format!("{member}: ");
            match presence(field, registry) {
                Presence::Required | Presence::RequiredNullable => format!("{prefix}__field{index}"),
                Presence::Defaulted => {
                    let steps = [format!(".{member}"), format!(".unwrap_or_else({})", default_fn(name, field))];
                    out.chain_text(1, usize::from(index != last), &prefix, "self", &steps)
                }
                Presence::Optional | Presence::OptionalNullable => {
                    out.chain_text(1, usize::from(index != last), &prefix, "self", &[format!(".{member}")])
                }
            }
        })
        .collect();
    if additional {
        members.push("additional_properties: self.additional_properties".to_owned());
    }
    out.struct_literal("Ok(", name, &members, ")");
    out.close("}");
}
