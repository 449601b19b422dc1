//! Structs: the declaration with its serde attributes, default functions, and the
//! `Validate` impl; how they are read is in [`super::decode`]. How users construct them is in [`super::builders`].

use super::checks::{Check, CheckGroups, Subject, render_validate_impl, value_checks};
use super::docs::{Docs, code};
use super::layout::{Lines, string};
use super::types::{default_fn, default_value, rust_type_text};
use crate::model::names::split_raw;
use crate::model::{Constraints, Direction, Field, NamedType, TypeRef, TypeRegistry};

/// How a field is present, which decides its Rust type and how it is constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`.
    RequiredNullable,
    /// Optional: `Option<T>`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>` (absent / `null` / value).
    OptionalNullable,
    /// Optional with a scalar default: `T`, the default when absent.
    Defaulted,
}

/// How `field` is present.
pub fn presence(field: &Field, registry: &TypeRegistry) -> Presence {
    if default_value(field, registry).is_some() {
        return Presence::Defaulted;
    }
    match (field.required, holds_null(field, registry)) {
        (true, false) => Presence::Required,
        (true, true) => Presence::RequiredNullable,
        (false, false) => Presence::Optional,
        (false, true) => Presence::OptionalNullable,
    }
}

/// Whether the field's Rust type must say `null` apart: it is nullable, and its type is
/// not any JSON value, which holds `null` itself (`Some(Value::Null)` is a `null`
/// received or to send, `None` an absent field: a nullable one needs no second `Option`).
pub fn holds_null(field: &Field, registry: &TypeRegistry) -> bool {
    field.nullable && !matches!(registry.resolve(&field.ty), TypeRef::Json)
}

/// The Rust type of a field as the struct holds it.
pub fn field_type(field: &Field, registry: &TypeRegistry) -> String {
    let base = rust_type_text(&field.ty, registry, "");
    match presence(field, registry) {
        Presence::Required | Presence::Defaulted => base,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{base}>"),
        Presence::OptionalNullable => format!("Option<Option<{base}>>"),
    }
}

/// The struct, how it is read and its default functions (its docs are written before
/// it; the `Validate` impl, [`render_struct_validate`], goes after).
pub fn render_struct(
    out: &mut Lines,
    ty: &NamedType,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) {
    out.line("#[derive(Debug, Clone, PartialEq, serde::Serialize)]");
    out.line("#[non_exhaustive]");
    out.open_unbreakable(&format!("pub struct {} {{", ty.name));
    for field in fields {
        render_field(out, &ty.name, field, ty.direction, registry);
    }
    if let Some(value) = additional {
        out.doc("Properties not declared by the schema (`additionalProperties`).");
        out.line("#[serde(flatten)]");
        let value = rust_type_text(value, registry, "");
        out.line(&format!("pub additional_properties: std::collections::BTreeMap<String, {value}>,"));
    }
    out.close("}");
    // Read through `decode` rather than serde's derive (a fraction of the code); the
    // `#[serde(…)]` attributes serve `Serialize`, and `decode` reads what they write.
    super::decode::render_decode(out, ty, fields, additional, registry);
    let defaults: Vec<(&Field, String)> =
        fields.iter().filter_map(|field| Some((field, default_value(field, registry)?))).collect();
    if defaults.is_empty() {
        return;
    }
    out.open_unbreakable(&format!("impl {} {{", ty.name));
    for (field, value) in defaults {
        let function = super::types::default_fn_name(field);
        out.open(&format!("fn {function}() -> {} {{", rust_type_text(&field.ty, registry, "")));
        out.line(&value);
        out.close("}");
    }
    out.close("}");
}

fn render_field(out: &mut Lines, type_name: &str, field: &Field, direction: Direction, registry: &TypeRegistry) {
    out.docs(&Docs::new().spec(field.doc.as_deref()).ours(field_notes(field, direction, registry)));
    if split_raw(&field.name).1 != field.wire.as_str() {
        out.line(&format!("#[serde(rename = {})]", string(&field.wire)));
    }
    if let Some(attrs) = serde_attrs(type_name, field, registry) {
        out.attribute("serde", &attrs);
    }
    out.line(&format!("pub {}: {},", field.name, field_type(field, registry)));
}

/// What goes in a field's `#[serde(…)]`: defaults, skipping absent values, and the
/// lenient runtime adapters for date-times (alone or in a list), which also read the
/// offset-less form; other types use serde's defaults.
fn serde_attrs(type_name: &str, field: &Field, registry: &TypeRegistry) -> Option<Vec<String>> {
    let (date_time, date_times) = date_time_shape(field, registry);
    let adapter = |name: &str| format!("with = {}", string(&format!("apigen_runtime::serde_helpers::date_time{name}")));
    let one_or_list = |one: &str, list: &str| adapter(if date_time { one } else { list });
    let default = || "default".to_owned();
    let skip = || "skip_serializing_if = \"Option::is_none\"".to_owned();
    Some(match presence(field, registry) {
        Presence::Defaulted => vec![format!("default = {}", string(&default_fn(type_name, field)))],
        Presence::Required if date_time || date_times => vec![one_or_list("", "::vec")],
        Presence::Required => return None,
        Presence::RequiredNullable if date_time || date_times => {
            vec![default(), one_or_list("::option", "::option_vec")]
        }
        Presence::RequiredNullable => vec![default()],
        Presence::Optional if date_time || date_times => {
            vec![default(), skip(), one_or_list("::option", "::option_vec")]
        }
        Presence::Optional => vec![default(), skip()],
        Presence::OptionalNullable => {
            let with = if date_time {
                adapter("::double_option")
            } else {
                format!("with = {}", string("apigen_runtime::serde_helpers::double_option"))
            };
            vec![default(), skip(), with]
        }
    })
}

/// Whether a field is a date-time, and whether it is a list of them.
fn date_time_shape(field: &Field, registry: &TypeRegistry) -> (bool, bool) {
    let resolved = registry.resolve(&field.ty);
    let list = matches!(resolved, TypeRef::Array(item) if matches!(registry.resolve(item), TypeRef::DateTime));
    (matches!(resolved, TypeRef::DateTime), list)
}

/// Whether `decode` reads the field through `de::Lenient` (the offset-less form too):
/// every date-time, list of them (which `serde_attrs` gives a lenient adapter) or map of
/// them, except a defaulted one, and a list or map that is optional and nullable (the
/// generic `double_option`, which reads chrono's way).
pub fn lenient_date_times(field: &Field, registry: &TypeRegistry) -> bool {
    let (date_time, list) = date_time_shape(field, registry);
    let map = matches!(registry.resolve(&field.ty), TypeRef::Map(value) if matches!(registry.resolve(value), TypeRef::DateTime));
    match presence(field, registry) {
        Presence::Defaulted => false,
        Presence::OptionalNullable => date_time,
        _ => date_time || list || map,
    }
}

/// The generator's sentence about a field: presence, the way it travels, default,
/// constraints.
fn field_notes(field: &Field, direction: Direction, registry: &TypeRegistry) -> String {
    let sent = direction.sent();
    let shown_default = field.default.as_ref().map(|default| code(&default.to_string()));
    let presence = presence(field, registry);
    let defaulted = presence == Presence::Defaulted;
    let presence = match presence {
        Presence::Defaulted => {
            format!("Optional on the wire; defaults to {}.", shown_default.clone().unwrap_or_default())
        }
        // The type says it: a value, not an `Option`.
        Presence::Required => String::new(),
        Presence::RequiredNullable => "Required, may be `null`.".to_owned(),
        Presence::Optional => "Optional.".to_owned(),
        Presence::OptionalNullable => {
            "Optional, may be `null` (`Some(None)` sends `null`, `None` leaves it out).".to_owned()
        }
    };
    // Listed in `required`, optional here: say why.
    let one_way = match field.only {
        _ if !field.required_one_way => None,
        Some(Direction::Response) => Some("the spec requires it in responses only (`readOnly`), and this type is sent"),
        Some(Direction::Request) => {
            Some("the spec requires it in requests only (`writeOnly`), and this type is received")
        }
        _ => Some("the spec says it is `readOnly` and `writeOnly`"),
    };
    let presence = match one_way {
        Some(why) if presence == "Optional." => format!("Optional: {why}."),
        Some(why) => format!("{presence} Optional because {why}."),
        None => presence,
    };
    let mut notes: Vec<String> = [presence].into_iter().filter(|p| !p.is_empty()).collect();
    notes.extend(one_way_note(field, direction).map(str::to_owned));
    if let Some(default) = shown_default.filter(|_| !defaulted) {
        notes.push(format!("Default: {default}."));
    }
    if let Some(constraints) = describe_constraints(&registry.checked(&field.ty, &field.constraints), sent) {
        notes.push(constraints);
    }
    if field.deprecated {
        notes.push(deprecated_note(field.deprecation.as_deref()));
    }
    notes.join(" ")
}

/// The note on a `readOnly` field of a type that is sent, or a `writeOnly` one of a type
/// that is received. (One listed in `required` has its note in [`field_notes`]'s
/// presence.) The field stays settable: the type is one for both ways, and what a server
/// does with a `readOnly` value it is sent is its own business.
fn one_way_note(field: &Field, direction: Direction) -> Option<&'static str> {
    match field.only? {
        _ if field.required_one_way => None,
        Direction::Response if direction.sent() => {
            Some("Set by the server (`readOnly`): requests should leave it unset; a server may ignore or refuse it.")
        }
        Direction::Request if direction.received() => Some("Sent only (`writeOnly`): answers leave it out."),
        _ => None,
    }
}

/// The note on what the document marks `deprecated` (a field, a parameter).
pub(super) const DEPRECATED: &str = "Deprecated by the API: a later version may remove it.";

/// The longest message of a `#[deprecated]` attribute, in characters.
const NOTE_WIDTH: usize = 200;

/// The documentation's note on what the document deprecates, quoting what it says to
/// use instead (spec text, sanitised as inline Markdown).
pub(super) fn deprecated_note(message: Option<&str>) -> String {
    match message {
        Some(message) => format!("{DEPRECATED} It says: {}", super::docs::inline(message)),
        None => DEPRECATED.to_owned(),
    }
}

/// `#[deprecated]` for what the document deprecates (a field's setters, an operation's
/// method, a parameter's), with the document's message as its `note` (which rustc shows
/// in the warning): on one line, control and format characters escaped (a terminal
/// shows the warning), cut after [`NOTE_WIDTH`] characters. A string literal, which
/// nothing evaluates. rustdoc reads a note as Markdown: one that the documentation's
/// sanitiser would rewrite (a link, an image, HTML, a bracket `cargo doc` would try to
/// resolve) becomes a code span, in which all of it is text.
pub(super) fn deprecated_attribute(deprecated: bool, message: Option<&str>) -> Option<String> {
    if !deprecated {
        return None;
    }
    let Some(message) = message else { return Some("#[deprecated]".to_owned()) };
    let mut line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    // Cut before escaping, so that no escape is cut in half.
    let cut = line.char_indices().nth(NOTE_WIDTH).map(|(cut, _)| line.truncate(cut));
    let mut note = crate::diagnostics::printable_line(&line).into_owned();
    if cut.is_some() {
        note.push('…');
    }
    Some(if note.is_empty() {
        "#[deprecated]".to_owned()
    } else {
        let inert = if super::docs::inline(&note) == note { note } else { super::docs::code(&note) };
        format!("#[deprecated(note = {})]", string(&inert))
    })
}

/// The declared constraints in words: "Checked before sending: …" for values that are
/// sent, "Declared: …" for values only received (nothing checks those).
pub(super) fn describe_constraints(c: &Constraints, sent: bool) -> Option<String> {
    let lead = if sent { "Checked before sending" } else { "Declared" };
    let parts = constraint_parts(c);
    (!parts.is_empty()).then(|| format!("{lead}: {}.", parts.join(", ")))
}

/// Each constraint in words; an array item's or map value's last, as `each: …`.
fn constraint_parts(c: &Constraints) -> Vec<String> {
    let count = |n: u64, what: &str| if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") };
    let mut parts = Vec::new();
    if let Some(n) = c.min_length {
        parts.push(format!("at least {}", count(n, "character")));
    }
    if let Some(n) = c.max_length {
        parts.push(format!("at most {}", count(n, "character")));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("matches {}", code(p)));
    }
    if let Some((n, exclusive)) = c.minimum {
        parts.push(format!("{} {n}", if exclusive { ">" } else { ">=" }));
    }
    if let Some((n, exclusive)) = c.maximum {
        parts.push(format!("{} {n}", if exclusive { "<" } else { "<=" }));
    }
    if let Some(m) = c.multiple_of {
        parts.push(format!("a multiple of {m}"));
    }
    match c.listed.as_slice() {
        [] => {}
        [only] => parts.push(format!("equal to {only}")),
        values => {
            let values: Vec<String> = values.iter().map(ToString::to_string).collect();
            parts.push(format!("one of {}", values.join(", ")));
        }
    }
    if let Some(n) = c.min_items {
        parts.push(format!("at least {}", count(n, "item")));
    }
    if let Some(n) = c.max_items {
        parts.push(format!("at most {}", count(n, "item")));
    }
    if c.unique_items {
        parts.push("no two items equal".to_owned());
    }
    if let Some(elements) = &c.elements {
        parts.push(format!("each: {}", constraint_parts(elements).join(", ")));
    }
    parts
}

/// The struct's `Validate` impl: the checks of its fields (and of an extra property:
/// `additional` is the value type of their map and the map's constraints), an absent
/// optional field not checked; the trait's default for a struct with nothing to check.
pub fn render_struct_validate(
    out: &mut Lines,
    ty: &NamedType,
    fields: &[Field],
    additional: Option<(&TypeRef, &Constraints)>,
    registry: &TypeRegistry,
) {
    let mut groups: CheckGroups = Vec::new();
    for field in fields {
        let member = &field.name;
        let presence = presence(field, registry);
        let present = matches!(presence, Presence::Required | Presence::Defaulted);
        let subject = if present { Subject::Place(format!("self.{member}")) } else { Subject::Bound("value".into()) };
        let checks = value_checks(&field.wire, &field.ty, &field.constraints, registry, &subject);
        let binding = match presence {
            _ if checks.is_empty() => continue,
            Presence::Required | Presence::Defaulted => None,
            Presence::OptionalNullable => Some(format!("if let Some(Some(value)) = &self.{member} {{")),
            Presence::RequiredNullable | Presence::Optional => Some(format!("if let Some(value) = &self.{member} {{")),
        };
        groups.push((binding, checks));
    }
    // Each extra property at its key: its value's constraints, or its own checks; and no
    // extra key is a declared one (the object would carry it twice).
    if let Some((value, c)) = additional {
        let map = TypeRef::Map(Box::new(value.clone()));
        let mut checks = value_checks("", &map, c, registry, &Subject::Place("self.additional_properties".into()));
        if !fields.is_empty() {
            let declared = fields.iter().map(|field| string(&field.wire)).collect::<Vec<_>>().join(", ");
            let arguments = vec!["&self.additional_properties".to_owned(), format!("&[{declared}]")];
            checks.insert(0, Check::new("apigen_runtime::validate::undeclared", arguments, "?;"));
        }
        if !checks.is_empty() {
            groups.push((None, checks));
        }
    }
    render_validate_impl(out, &ty.name, None, &groups);
}
