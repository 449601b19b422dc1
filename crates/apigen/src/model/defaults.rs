//! Which `default`s the generated code uses. An optional, non-nullable field with a
//! default is a plain value that takes the default when absent, and `new()` and builders
//! set it. A default that is no value of the field's type (`"yes"` for a boolean, a
//! value outside an enum, a date-time, a list), or that breaks the field's own
//! constraints (so that every request holding it would fail the check before sending),
//! is dropped here with a warning at it, and the field stays an `Option`. Decided in the
//! model, so that the emitter and `apigen diff` see the same fields.

use serde_json::Value;

use super::types::{Constraints, Field, TypeKind, TypeRef, TypeRegistry};
use crate::diagnostics::Diagnostics;

/// Drops (with a warning) every struct field's default the generated code cannot use.
pub(super) fn settle(registry: &mut TypeRegistry, diags: &mut Diagnostics) {
    let mut dropped = Vec::new();
    for (id, named) in registry.sorted() {
        let TypeKind::Struct { fields, .. } = &named.kind else { continue };
        for (at, field) in fields.iter().enumerate().filter(|(_, f)| f.default.is_some() && !f.required && !f.nullable)
        {
            if let Err(reason) = usable(field, registry) {
                dropped.push((id, at, reason));
            }
        }
    }
    for (id, at, reason) in dropped {
        let Some(field) = registry.fields_mut(id).and_then(|fields| fields.get_mut(at)) else { continue };
        let value = field.default.take().unwrap_or_default();
        // An integer its type cannot hold was warned about where it was read.
        if let Some(reason) = reason {
            let message = format!("`default` {value} {reason}: it is not used, and the field stays an `Option`");
            diags.warning(format!("{}/default", field.pointer), message);
        }
    }
}

/// `Ok` when the generated code can give `field` its default; else why not (`None`
/// when that was said already).
fn usable(field: &Field, registry: &TypeRegistry) -> Result<(), Option<String>> {
    let value = field.default.as_ref().ok_or(None)?;
    let constraints = &field.constraints;
    match (registry.resolve(&field.ty), value) {
        (TypeRef::String, Value::String(text)) => text_within(text, constraints).map_err(Some),
        (TypeRef::Bool, Value::Bool(_)) => Ok(()),
        (TypeRef::Integer(integer), Value::Number(n)) => {
            let n = integer.holds(n).ok_or(None)?;
            number_within(n as f64, constraints).map_err(Some)
        }
        (ty @ (TypeRef::F32 | TypeRef::F64), Value::Number(n)) => {
            // An `f32` default is written as the `f32` it is: one beyond its range is none.
            let finite = |n: &f64| n.is_finite() && (*ty == TypeRef::F64 || (*n as f32).is_finite());
            let n = n
                .as_f64()
                .filter(finite)
                .ok_or_else(|| Some(format!("is beyond the `{}` range", registry.type_text(ty))))?;
            number_within(n, constraints).map_err(Some)
        }
        (TypeRef::Named(id), Value::String(text)) if matches!(registry.get(*id).kind, TypeKind::Enum { .. }) => {
            let TypeKind::Enum { variants } = &registry.get(*id).kind else { return Err(None) };
            match variants.iter().any(|variant| &variant.wire == text) {
                true => Ok(()),
                false => Err(Some(format!("is not one of the values of `{}`", registry.get(*id).name))),
            }
        }
        (resolved, _) => {
            let ty = registry.type_text(&field.ty);
            let given = match resolved {
                TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::F32 | TypeRef::F64 => true,
                TypeRef::Named(id) => matches!(registry.get(*id).kind, TypeKind::Enum { .. }),
                _ => false,
            };
            Err(Some(match given {
                true => format!("is not a `{ty}`"),
                false => format!(
                    "is for a `{ty}`; the generated code gives defaults to strings, numbers, booleans and enum values"
                ),
            }))
        }
    }
}

/// Whether `text` meets the length and pattern a field declares.
fn text_within(text: &str, constraints: &Constraints) -> Result<(), String> {
    let length = text.chars().count() as u64;
    if constraints.max_length.is_some_and(|max| length > max) || constraints.min_length.is_some_and(|min| length < min)
    {
        return Err(format!("has {length} characters, which the field's declared length does not allow"));
    }
    let pattern = constraints.pattern.as_deref().and_then(|pattern| regex::Regex::new(pattern).ok());
    match pattern {
        Some(pattern) if !pattern.is_match(text) => Err(format!("does not match the field's pattern `{pattern}`")),
        _ => Ok(()),
    }
}

/// Whether `n` is within the bounds a field declares.
fn number_within(n: f64, constraints: &Constraints) -> Result<(), String> {
    let above = constraints.maximum.is_some_and(|(max, exclusive)| n > max || (exclusive && n == max));
    let below = constraints.minimum.is_some_and(|(min, exclusive)| n < min || (exclusive && n == min));
    if above || below {
        return Err("is outside the field's declared bounds".to_owned());
    }
    // (One the `enum` does not list is warned of where the field's type is read.)
    // Within the rounding of binary floats, as `apigen_runtime::validate::multiple_of`.
    let multiple = |m: f64| (n - (n / m).round() * m).abs() <= 4.0 * f64::EPSILON * n.abs().max(m.abs());
    if constraints.multiple_of.is_some_and(|m| !multiple(m)) {
        return Err("is not a multiple of the field's `multipleOf`".to_owned());
    }
    Ok(())
}
