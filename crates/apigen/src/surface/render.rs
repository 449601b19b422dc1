//! The text form of a surface: one line per item, indented by what holds it, so that
//! a change of the vendor document reads as a small diff in review.

use std::fmt::Write;

use super::{ConstraintSurface, FieldSurface, OperationSurface, Surface, TypeShape};

/// The surface as text.
pub fn render(s: &Surface) -> String {
    let mut out = format!("{}: {} (version {})\n", s.module, s.title, s.version);
    out.push_str("\nservers\n");
    if s.servers.is_empty() {
        out.push_str("  (none: Client::new takes the base URL)\n");
    }
    for server in &s.servers {
        let _ = writeln!(out, "  {}", server.url);
        for v in &server.variables {
            let allowed = if v.allowed.is_empty() { String::new() } else { format!(", one of {:?}", v.allowed) };
            let _ = writeln!(out, "    {{{}}} → field {}, default {:?}{allowed}", v.name, v.field, v.default);
        }
    }
    out.push_str("\nsecurity schemes\n");
    if s.security_schemes.is_empty() {
        out.push_str("  (none)\n");
    }
    for scheme in &s.security_schemes {
        let sets = scheme.sets.as_ref().map(|target| format!(" (sets {target}'s)")).unwrap_or_default();
        let provider = scheme.provider.as_ref().map(|p| format!(", Client::{p}")).unwrap_or_default();
        let _ = writeln!(out, "  {}: {}, Client::{}{provider}{sets}", scheme.name, scheme.credential, scheme.method);
        if let Some(flow) = &scheme.client_credentials {
            let _ =
                writeln!(out, "    client credentials: {}(), {} = {}", flow.function, flow.constant, flow.token_url);
        }
    }
    if let Some(token) = &s.token {
        out.push_str("\ntoken source\n");
        let _ = writeln!(out, "  operation {}, token {}", token.operation, token.token);
        let token_type = token.token_type.as_deref().map(|p| format!("{p}, else ")).unwrap_or_default();
        let _ = writeln!(out, "  token type {token_type}{:?}", token.default_token_type);
        let _ = writeln!(out, "  expiry {}", token.expiry.join(", then "));
        if let Some(seconds) = token.default_lifetime_seconds {
            let _ = writeln!(out, "  default lifetime {seconds} s");
        }
        if let Some(seconds) = token.max_lifetime_seconds {
            let _ = writeln!(out, "  max lifetime {seconds} s");
        }
    }
    out.push_str("\noperations\n");
    for op in &s.operations {
        render_operation(&mut out, op);
    }
    out.push_str("\ntypes\n");
    for ty in &s.types {
        let builder = ty.builder.as_ref().map(|name| format!(", builder() → {name}")).unwrap_or_default();
        let deprecated = if ty.deprecated { ", deprecated" } else { "" };
        let _ = writeln!(out, "  {} {} ({}{builder}{deprecated})", ty.shape.kind(), ty.name, ty.direction.as_str());
        render_shape(&mut out, &ty.shape);
    }
    out.push_str("\ndocs (hash, start of text)\n");
    for (item, text) in s.docs.iter().filter(|(_, text)| !text.is_empty()) {
        let _ = writeln!(out, "  {item}  {:016x}  {}", doc_hash(text), excerpt(text));
    }
    out
}

fn render_operation(out: &mut String, op: &OperationSurface) {
    let id = op.operation_id.as_deref().map(|id| format!(" [operationId {id}]")).unwrap_or_default();
    let deprecated = if op.deprecated { " (deprecated)" } else { "" };
    let _ = writeln!(out, "  {}: {} {}{id}{deprecated} → {}", op.name, op.method, op.path, op.request);
    let security: Vec<String> = op
        .security
        .iter()
        .map(|alternative| if alternative.is_empty() { "anonymous".to_owned() } else { alternative.join(" + ") })
        .collect();
    let security = if security.is_empty() { "none".to_owned() } else { security.join(" | ") };
    let _ = writeln!(out, "    security: {security}");
    for p in &op.parameters {
        let how = if p.required { "argument" } else { "builder method" };
        let _ = writeln!(
            out,
            "    {} {:?} → {how} {}: {}{}{}{}{}",
            p.location.as_str(),
            p.wire,
            p.name,
            p.ty,
            p.format.as_deref().map(|f| format!(", format {f}")).unwrap_or_default(),
            constraint_text(&p.constraints),
            p.style.as_deref().map(|s| format!(", {s}")).unwrap_or_default(),
            if p.deprecated { ", deprecated" } else { "" }
        );
    }
    if let Some(body) = &op.body {
        let how = if body.required { "argument" } else { "builder method body" };
        let styles: Vec<String> =
            body.form_styles.iter().chain(&body.parts).map(|(name, what)| format!(", {name} {what}")).collect();
        let _ = writeln!(out, "    body → {how}: {} as {}{}", body.ty, body.media_type, styles.concat());
    }
    let _ = writeln!(out, "    returns {}", op.returns);
    for outcome in &op.successes {
        let on = op.success_enum.as_deref().map(|e| format!(" {e}::{}", outcome.variant)).unwrap_or_default();
        let _ = writeln!(out, "    {}{on}{}", outcome.status, body_text(&outcome.ty, &outcome.media_type));
    }
    for outcome in &op.errors {
        let _ = writeln!(
            out,
            "    {} {}::{}{}",
            outcome.status,
            op.error_enum,
            outcome.variant,
            body_text(&outcome.ty, &outcome.media_type)
        );
    }
}

fn body_text(ty: &Option<String>, media_type: &Option<String>) -> String {
    match (ty, media_type) {
        (Some(ty), Some(media_type)) => format!(": {ty} as {media_type}"),
        _ => ": no body".to_owned(),
    }
}

fn render_shape(out: &mut String, shape: &TypeShape) {
    match shape {
        TypeShape::Struct { fields, additional, additional_constraints } => {
            for field in fields {
                let _ = writeln!(out, "    {}", field_text(field));
            }
            if let Some(value) = additional {
                let constraints = constraint_text(additional_constraints);
                let _ = writeln!(out, "    additional_properties: BTreeMap<String, {value}> (other keys){constraints}");
            }
        }
        TypeShape::Enum { values } => {
            for value in values {
                let _ = writeln!(out, "    {} = {:?}", value.variant, value.wire);
            }
        }
        TypeShape::Union { members, discriminator, converts_from } => {
            if let Some(property) = discriminator {
                let _ = writeln!(out, "    discriminator {property:?}");
            }
            for member in members {
                let tags: Vec<String> = member.tags.iter().map(|tag| format!("{tag:?}")).collect();
                let tag = if tags.is_empty() { String::new() } else { format!(" when {}", tags.join(" | ")) };
                let _ = writeln!(out, "    {}({}){tag}", member.variant, member.ty);
            }
            for from in converts_from {
                let _ = writeln!(out, "    From<{from}>");
            }
        }
        TypeShape::Alias { target } => {
            let _ = writeln!(out, "    = {target}");
        }
        TypeShape::Newtype { target } => {
            let _ = writeln!(out, "    ({target})");
        }
    }
}

fn field_text(field: &FieldSurface) -> String {
    let mut text = format!("{}: {}", field.name, field.rust_type());
    if field.wire != crate::model::names::split_raw(&field.name).1 {
        let _ = write!(text, " (wire {:?})", field.wire);
    }
    text.push_str(if field.required { ", required" } else { ", optional" });
    if field.nullable {
        text.push_str(", nullable");
    }
    if let Some(default) = &field.default {
        let _ = write!(text, ", default {default}");
    }
    if let Some(format) = &field.format {
        let _ = write!(text, ", format {format}");
    }
    text.push_str(&constraint_text(&field.constraints));
    if field.deprecated {
        text.push_str(", deprecated");
    }
    text
}

/// `, maxLength 100, pattern "…"` for the constraints that are set.
pub fn constraint_text(c: &ConstraintSurface) -> String {
    let mut text = String::new();
    let bound = |(value, exclusive): (f64, bool)| format!("{value}{}", if exclusive { " exclusive" } else { "" });
    let listed = (!c.listed.is_empty()).then(|| super::listed_text(&c.listed));
    let items: [(&str, Option<String>); 10] = [
        ("minLength", c.min_length.map(|n| n.to_string())),
        ("maxLength", c.max_length.map(|n| n.to_string())),
        ("pattern", c.pattern.as_ref().map(|p| format!("{p:?}"))),
        ("minimum", c.minimum.map(bound)),
        ("maximum", c.maximum.map(bound)),
        ("multipleOf", c.multiple_of.map(|m| m.to_string())),
        ("enum", listed),
        ("minItems", c.min_items.map(|n| n.to_string())),
        ("maxItems", c.max_items.map(|n| n.to_string())),
        ("uniqueItems", c.unique_items.then(|| "true".to_owned())),
    ];
    for (name, value) in items {
        if let Some(value) = value {
            let _ = write!(text, ", {name} {value}");
        }
    }
    if let Some(elements) = &c.elements {
        let _ = write!(text, ", each ({})", constraint_text(elements).trim_start_matches(", "));
    }
    text
}

/// A stable 64-bit FNV-1a hash of a documentation text (the same on every platform
/// and Rust release, unlike `std`'s default hasher), so that any change shows.
pub fn doc_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The first words of a text on one line, at most 60 characters.
fn excerpt(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = line.chars();
    let short: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() { format!("{short}…") } else { short }
}
