//! Named types to Rust items: the dispatch by kind (structs in [`super::structs`] and
//! [`super::builders`], enums in [`super::enums`], unions in [`super::unions`]), aliases,
//! and what they share: identifiers, Rust types and defaults (constraint checks are in
//! [`super::checks`]).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{Docs, code};
use super::layout::{Lines, Piece};
use crate::model::names::split_raw;
use crate::model::{Field, NamedType, TypeId, TypeKind, TypeRef, TypeRegistry};

/// An identifier, raw (`r#type`) where the name says so.
pub fn ident(name: &str) -> Ident {
    match split_raw(name) {
        (true, bare) => Ident::new_raw(bare, Span::call_site()),
        (false, bare) => Ident::new(bare, Span::call_site()),
    }
}

/// The Rust type for a type reference. `prefix` is the path to the types module
/// (empty inside it).
pub fn rust_type(ty: &TypeRef, registry: &TypeRegistry, prefix: &TokenStream) -> TokenStream {
    // The text is made of identifiers and paths only: it always lexes.
    rust_type_text(ty, registry, &prefix.to_string()).parse().unwrap_or_default()
}

/// The same as text, in prettyplease's layout (`Option<Vec<Pet>>`); `prefix` is
/// `""` or `"types::"`.
pub fn rust_type_text(ty: &TypeRef, registry: &TypeRegistry, prefix: &str) -> String {
    let wrap = |outer: &str, inner: &TypeRef| format!("{outer}<{}>", rust_type_text(inner, registry, prefix));
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Secret => "apigen_runtime::Secret".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Integer(integer) => integer.rust().to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Uuid => "uuid::Uuid".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(id) => format!("{prefix}{}", registry.get(*id).name),
        TypeRef::Array(inner) => wrap("Vec", inner),
        TypeRef::Map(inner) => {
            format!("std::collections::BTreeMap<String, {}>", rust_type_text(inner, registry, prefix))
        }
        TypeRef::Boxed(inner) => wrap("Box", inner),
        TypeRef::Nullable(inner) => wrap("Option", inner),
    }
}

/// Every type of the registry, sorted by name: each type's items, made when asked for.
pub fn render_types(registry: &TypeRegistry) -> impl Iterator<Item = Vec<Piece>> + '_ {
    registry.sorted().into_iter().map(|(id, ty)| render_type(id, ty, registry))
}

/// Prints the items of one type.
pub fn print_type(
    printer: &mut super::Printer,
    id: TypeId,
    ty: &NamedType,
    registry: &TypeRegistry,
) -> Result<(), String> {
    for piece in render_type(id, ty, registry) {
        match piece {
            Piece::Text(lines) => printer.text(lines)?,
            Piece::Tokens(tokens) => printer.items(tokens)?,
        }
    }
    Ok(())
}

fn render_type(id: TypeId, ty: &NamedType, registry: &TypeRegistry) -> Vec<Piece> {
    let mut docs = Docs::new().spec(ty.doc.as_deref()).ours(format!("Schema: {}.", code(&ty.pointer)));
    if ty.deprecated {
        docs = docs.ours(super::structs::deprecated_note(ty.deprecation.as_deref()));
    }
    // The attribute follows the docs (a text item writes it; a token one gets it with them).
    let deprecated = super::structs::deprecated_attribute(ty.deprecated, ty.deprecation.as_deref());
    let outer_docs = || {
        let attribute: TokenStream = deprecated.as_deref().and_then(|a| a.parse().ok()).unwrap_or_default();
        let docs = docs.outer();
        quote!(#docs #attribute)
    };
    let tokens = match &ty.kind {
        TypeKind::Struct { fields, additional, additional_constraints } => {
            let mut item = Lines::new();
            item.docs(&docs);
            item.lines_of(deprecated.iter());
            super::structs::render_struct(&mut item, ty, fields, additional.as_ref(), registry);
            let mut validate = Lines::new();
            let extra = additional.as_ref().map(|value| (value, additional_constraints));
            super::structs::render_struct_validate(&mut validate, ty, fields, extra, registry);
            let construction = super::builders::render_construction(ty, fields, additional.as_ref(), registry);
            return vec![Piece::Text(item), Piece::Text(validate), Piece::Text(construction)];
        }
        TypeKind::Enum { variants } => {
            return vec![Piece::Text(super::enums::render_enum(ty, variants, &docs, deprecated.as_deref()))];
        }
        TypeKind::Union { .. } => {
            let mut validate = Lines::new();
            super::unions::render_validate(&mut validate, id, ty, registry);
            let (union, param) = super::unions::render_union(id, ty, registry, outer_docs());
            return vec![Piece::Tokens(union), Piece::Text(validate), Piece::Tokens(param)];
        }
        TypeKind::Alias { target, .. } => {
            let mut item = Lines::new();
            item.docs(&docs);
            item.lines_of(deprecated.iter());
            item.line(&format!("pub type {} = {};", ty.name, rust_type_text(target, registry, "")));
            return vec![Piece::Text(item)];
        }
        TypeKind::Newtype { target } => render_newtype(id, &ident(&ty.name), target, registry, &outer_docs()),
    };
    vec![Piece::Tokens(tokens)]
}

/// The function giving a field's default, by its path (`Pet::default_status`): an
/// associated function of the struct, named after the field, which nothing else can be
/// named like or shadow (a parameter of `new` may have any name).
pub(super) fn default_fn(type_name: &str, field: &Field) -> String {
    format!("{type_name}::{}", default_fn_name(field))
}

/// The name of [`default_fn`] inside the struct's `impl`.
pub(super) fn default_fn_name(field: &Field) -> String {
    format!("default_{}", split_raw(&field.name).1)
}

/// The Rust expression of an optional field's `default`, when the field is not
/// nullable and the default is a scalar or enum value of its type. Such a field is
/// not an `Option`: absent on the wire, it takes the default.
pub fn default_value(field: &Field, registry: &TypeRegistry) -> Option<String> {
    use proc_macro2::Literal;
    if field.required || field.nullable {
        return None;
    }
    let value = field.default.as_ref()?;
    match (registry.resolve(&field.ty), value) {
        (TypeRef::String, serde_json::Value::String(text)) => Some(format!("{}.to_owned()", Literal::string(text))),
        (TypeRef::Bool, serde_json::Value::Bool(b)) => Some(b.to_string()),
        // One out of the type's range is not a default.
        (TypeRef::Integer(integer), serde_json::Value::Number(n)) => {
            Some(Literal::i128_unsuffixed(integer.holds(n)?).to_string())
        }
        // An `f32` default is written as the `f32` it is (no digits `f32` cannot hold);
        // one out of its range is not a default.
        (TypeRef::F32, serde_json::Value::Number(n)) => {
            Some(Literal::f32_unsuffixed(n.as_f64().map(|n| n as f32).filter(|n| n.is_finite())?).to_string())
        }
        (TypeRef::F64, serde_json::Value::Number(n)) => {
            Some(Literal::f64_unsuffixed(n.as_f64().filter(|n| n.is_finite())?).to_string())
        }
        (TypeRef::Named(id), serde_json::Value::String(text)) => match &registry.get(*id).kind {
            TypeKind::Enum { variants } => {
                let variant = variants.iter().find(|v| &v.wire == text)?;
                Some(format!("{}::{}", registry.get(*id).name, variant.name))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A newtype around a type that contains it (an alias could not name itself),
/// serialized as the inner value.
fn render_newtype(
    id: TypeId,
    name: &Ident,
    target: &TypeRef,
    registry: &TypeRegistry,
    docs: &TokenStream,
) -> TokenStream {
    let inner = rust_type(target, registry, &quote!());
    // A newtype with nothing to check takes the trait's default (see
    // `render_validate_impl`).
    let validate = if registry.has_validation(&TypeRef::Named(id)) {
        quote! {
            impl apigen_runtime::Validate for #name {
                #[inline]
                fn validate(&self) -> Result<(), apigen_runtime::ValidationError> {
                    apigen_runtime::Validate::validate(&self.0)
                }
            }
        }
    } else {
        quote! { impl apigen_runtime::Validate for #name {} }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);
        #validate
    }
}
