//! `oneOf`/`anyOf` types: an enum with a variant per member, serialized as the
//! member, decoded by the discriminator's value when there is one and otherwise
//! by trying the members best match first (`apigen_runtime::serde_helpers`).
//! A union a parameter holds (the model allows unions of scalars there) is sent as its
//! member's text (`apigen_runtime::Param`), and converts from what the model says.
//! `#[non_exhaustive]`; those a response can carry are open: a value that matches no
//! member (names an unknown discriminator value, or does not fit the member its value
//! names) is kept as `Unrecognized(serde_json::Value)` and serialized back unchanged.
//!
//! Decoding goes through `apigen_runtime::serde_helpers::Union`, so that unions
//! holding each other without descending into the value (`A` is a `B` or a string,
//! `B` an `A` or a number) end instead of trying each other forever. `decode` is
//! `#[inline]`: it reads members through `serde_json::Value`, and a non-generic function
//! would compile that reading of every member type into the generated crate whether or
//! not a union is ever read (most of its machine code in nexus); inline, it is compiled
//! where it is used. `validate` is inline for the same reason.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::checks::{Subject, checks_in, value_checks};
use super::docs::Docs;
use super::layout::Lines;
use super::types::{ident, rust_type};
use crate::model::{Conversion, Discriminator, NamedType, TypeId, TypeKind, TypeRef, TypeRegistry};

/// The enum, its `Union` impl and its `Deserialize` impl (`ty` is the union `id`); then
/// what goes after its `Validate` impl ([`render_validate`]): for a union a parameter
/// holds, its `Param` impl and conversions.
pub fn render_union(
    id: TypeId,
    ty: &NamedType,
    registry: &TypeRegistry,
    docs: TokenStream,
) -> (TokenStream, TokenStream) {
    let TypeKind::Union { variants, discriminator, docs: variant_docs, pins, .. } = &ty.kind else {
        return (quote!(), quote!());
    };
    let name = ident(&ty.name);
    let open = ty.direction.received();
    let decls = variants.iter().zip(variant_docs).map(|((variant, ty), doc)| {
        let doc = Docs::new().spec(doc.as_deref()).outer();
        let variant = ident(variant);
        let ty = rust_type(ty, registry, &quote!());
        quote!(#doc #variant(#ty),)
    });
    let unrecognized = open.then(|| {
        let doc = match discriminator {
            Some(Discriminator { property, .. }) => format!(
                " A value that matches no member the spec lists (or not the member its {} names), kept as received (and sent back unchanged).",
                super::docs::code(property)
            ),
            None => " A value that matches no member the spec lists, kept as received (and sent back unchanged).".to_owned(),
        };
        quote! {
            #[doc = #doc]
            Unrecognized(serde_json::Value),
        }
    });
    let param = if ty.parameter { render_param(id, &name, variants, registry, open) } else { TokenStream::new() };
    let decoding = match discriminator {
        Some(Discriminator { property, values }) => discriminated(&name, variants, property, values, registry, open),
        None => by_shape(&name, &ty.name, variants, pins, registry, open),
    };
    let union = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            #unrecognized
        }
        #decoding
    };
    (union, param)
}

/// A union of scalars as a parameter: its member's text (a secret when the member is),
/// and the conversions the model gives it (see `TypeRegistry::conversions`).
fn render_param(
    id: TypeId,
    name: &Ident,
    variants: &[(String, TypeRef)],
    registry: &TypeRegistry,
    open: bool,
) -> TokenStream {
    let arms = variants.iter().map(|(variant, _)| {
        let variant = ident(variant);
        quote!(#name::#variant(value) => apigen_runtime::Param::texts(value),)
    });
    let unrecognized = open.then(|| quote!(#name::Unrecognized(value) => apigen_runtime::Param::texts(value),));
    let is_secret = variants.iter().any(|(_, ty)| registry.has_secret(ty)).then(|| {
        let arms = variants.iter().map(|(variant, _)| {
            let variant = ident(variant);
            quote!(#name::#variant(value) => apigen_runtime::Param::is_secret(value),)
        });
        let unrecognized = open.then(|| quote!(#name::Unrecognized(_) => false,));
        quote! {
            fn is_secret(&self) -> bool {
                match self {
                    #(#arms)*
                    #unrecognized
                }
            }
        }
    });
    let froms = registry.conversions(id).into_iter().map(|conversion| render_conversion(name, conversion, registry));
    quote! {
        impl apigen_runtime::Param for #name {
            fn texts(&self) -> Option<Vec<String>> {
                match self {
                    #(#arms)*
                    #unrecognized
                }
            }
            #is_secret
        }
        #(#froms)*
    }
}

/// One `From` impl (two for text: `&str` and `&String`).
fn render_conversion(name: &Ident, conversion: Conversion, registry: &TypeRegistry) -> TokenStream {
    match conversion {
        Conversion::Member { variant, ty } => {
            let variant = ident(&variant);
            let ty = rust_type(&ty, registry, &quote!());
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        #name::#variant(value)
                    }
                }
            }
        }
        Conversion::Text { variant } => {
            let doc = format!(
                " Text as the `{variant}` member, as it is (text that reads as another member's value is not parsed)."
            );
            let variant = ident(&variant);
            quote! {
                #[doc = #doc]
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        #name::#variant(value.to_owned())
                    }
                }
                #[doc = #doc]
                impl From<&String> for #name {
                    fn from(value: &String) -> Self {
                        #name::#variant(value.clone())
                    }
                }
            }
        }
    }
}

/// The union's `Validate` impl: a member's own constraints (an inline or aliased
/// scalar's) on the union's path, or its type's checks; the trait's default for a union
/// with nothing to check.
pub fn render_validate(out: &mut Lines, id: TypeId, ty: &NamedType, registry: &TypeRegistry) {
    let TypeKind::Union { variants, constraints, .. } = &ty.kind else { return };
    let name = &ty.name;
    if !registry.has_validation(&TypeRef::Named(id)) {
        // Nothing to check: the trait's default (see `render_validate_impl`).
        out.empty_impl("impl apigen_runtime::Validate", name);
        return;
    }
    out.impl_header("impl apigen_runtime::Validate", name);
    out.line("#[inline]");
    out.open("fn validate(&self) -> Result<(), apigen_runtime::ValidationError> {");
    out.open("match self {");
    for ((variant, member), c) in variants.iter().zip(constraints) {
        let checks = value_checks("", member, c, registry, &Subject::Bound("value".into()));
        if registry.checked(member, c).is_empty() {
            let value = registry.has_validation(member).then_some("apigen_runtime::Validate::validate(value)");
            let binding = if value.is_some() { "value" } else { "_" };
            out.arm(&format!("{name}::{variant}({binding})"), value.unwrap_or("Ok(())"));
        } else {
            out.open(&format!("{name}::{variant}(value) => {{"));
            checks_in(out, None, &checks);
            out.line("Ok(())");
            out.close("}");
        }
    }
    if ty.direction.received() {
        out.arm(&format!("{name}::Unrecognized(_)"), "Ok(())");
    }
    out.close("}");
    out.close("}");
    out.close("}");
}

/// Whether a member is a union (behind aliases), and whether it is boxed.
fn union_member(ty: &TypeRef, registry: &TypeRegistry) -> (bool, bool) {
    let (boxed, inner) = match ty {
        TypeRef::Boxed(inner) => (true, registry.resolve(inner)),
        other => (false, registry.resolve(other)),
    };
    let is_union = matches!(inner, TypeRef::Named(id) if matches!(registry.get(*id).kind, TypeKind::Union { .. }));
    (is_union, boxed)
}

/// An `Option` of the member `ty` decoded from `value`: through the `Union` trait
/// when the member is itself a union (behind aliases or a `Box`), by serde otherwise.
fn member(ty: &TypeRef, registry: &TypeRegistry) -> TokenStream {
    match union_member(ty, registry) {
        (true, true) => quote!(apigen_runtime::serde_helpers::decode_member(value, active).map(Box::new)),
        (true, false) => quote!(apigen_runtime::serde_helpers::decode_member(value, active)),
        (false, _) => quote!(serde::Deserialize::deserialize(value).ok()),
    }
}

/// The name of `Union::decode`'s second parameter: `_active` when no member uses it.
fn active_param(variants: &[(String, TypeRef)], registry: &TypeRegistry) -> Ident {
    let used = variants.iter().any(|(_, ty)| union_member(ty, registry).0);
    ident(if used { "active" } else { "_active" })
}

/// The `Deserialize` impl of a union without a tag, or of an open one: read a value,
/// decode it as a union; what matches no member (or no member by its tag) is
/// `Unrecognized` in an open union, an error otherwise. (Inside another union, `Union::decode` matches members only, so an open
/// member union does not swallow values another member would take.)
fn deserialize_via_union(name: &Ident, none: &str, open: bool) -> TokenStream {
    let decoded = quote!(apigen_runtime::serde_helpers::decode_member(&value, &mut Vec::new()));
    let body = if open {
        quote! {
            match #decoded {
                Some(member) => Ok(member),
                None => Ok(#name::Unrecognized(value)),
            }
        }
    } else {
        quote!(#decoded.ok_or_else(|| serde::de::Error::custom(#none)))
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #body
            }
        }
    }
}

/// No discriminator: the members in the order `union_order` gives, first match wins.
fn by_shape(
    name: &Ident,
    type_name: &str,
    variants: &[(String, TypeRef)],
    pins: &[Vec<(String, Vec<serde_json::Value>)>],
    registry: &TypeRegistry,
    open: bool,
) -> TokenStream {
    let no_pins = Vec::new();
    let shapes = variants.iter().enumerate().map(|(index, (_, ty))| match registry.resolve(ty) {
        TypeRef::Named(id) => match &registry.get(*id).kind {
            TypeKind::Struct { fields, .. } => {
                let required = fields.iter().filter(|f| f.required).map(|f| f.wire.as_str());
                let declared = fields.iter().map(|f| f.wire.as_str());
                let pinned = pins.get(index).unwrap_or(&no_pins).iter().map(|(wire, values)| {
                    let values = values.iter().map(pin);
                    quote!((#wire, &[#(#values),*]))
                });
                quote!(Some((&[#(#required),*], &[#(#declared),*], &[#(#pinned),*])))
            }
            _ => quote!(None),
        },
        _ => quote!(None),
    });
    let attempts = variants.iter().enumerate().map(|(index, (variant, ty))| {
        let variant = ident(variant);
        let decode = member(ty, registry);
        quote! {
            if index == #index && let Some(member) = #decode {
                return Some(#name::#variant(member));
            }
        }
    });
    let deserialize = deserialize_via_union(name, &format!("the value matches no member of `{type_name}`"), open);
    let active = active_param(variants, registry);
    quote! {
        impl apigen_runtime::serde_helpers::Union for #name {
            #[inline]
            fn decode(value: &serde_json::Value, #active: &mut Vec<std::any::TypeId>) -> Option<Self> {
                for index in apigen_runtime::serde_helpers::union_order(value, &[#(#shapes),*]) {
                    #(#attempts)*
                }
                None
            }
        }
        #deserialize
    }
}

/// A pinned value as the runtime's `Pin`.
fn pin(value: &serde_json::Value) -> TokenStream {
    use proc_macro2::Literal;
    // In full: a union may itself be named `Pin`.
    let path = quote!(apigen_runtime::serde_helpers::Pin);
    // The sign apart: a literal is never negative.
    let sign = |negative: bool| if negative { quote!(-) } else { quote!() };
    match value {
        serde_json::Value::String(text) => quote!(#path::Str(#text)),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(whole), _) => {
                let (sign, digits) = (sign(whole < 0), Literal::u64_unsuffixed(whole.unsigned_abs()));
                quote!(#path::Int(#sign #digits))
            }
            (None, Some(number)) => {
                let (sign, digits) = (sign(number < 0.0), Literal::f64_unsuffixed(number.abs()));
                quote!(#path::Num(#sign #digits))
            }
            (None, None) => quote!(#path::Null),
        },
        serde_json::Value::Bool(flag) => quote!(#path::Bool(#flag)),
        _ => quote!(#path::Null),
    }
}

/// Chosen by the discriminator's value. Each variant's own type keeps the property,
/// so serializing the variant as is writes it.
fn discriminated(
    name: &Ident,
    variants: &[(String, TypeRef)],
    property: &str,
    values: &[Vec<String>],
    registry: &TypeRegistry,
    open: bool,
) -> TokenStream {
    let arms = variants.iter().zip(values).map(|((variant, ty), values)| {
        let variant = ident(variant);
        let decode = member(ty, registry);
        quote!(Some(#(#values)|*) => #decode.map(#name::#variant),)
    });
    let values: Vec<&String> = values.iter().flatten().collect();
    let active = active_param(variants, registry);
    // Open, what the tag does not lead to a member of is kept, as for any union.
    let deserialize = if open { deserialize_via_union(name, "", true) } else { closed_by_tag(name, property, &values) };
    quote! {
        impl apigen_runtime::serde_helpers::Union for #name {
            #[inline]
            fn decode(value: &serde_json::Value, #active: &mut Vec<std::any::TypeId>) -> Option<Self> {
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => None,
                }
            }
        }
        #deserialize
    }
}

/// The `Deserialize` impl of a closed union chosen by its tag: an unknown or missing tag
/// and a value that does not fit its tag's member are errors that say which.
fn closed_by_tag(name: &Ident, property: &str, values: &[&String]) -> TokenStream {
    let expected = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    let braces = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let unknown = format!("unknown `{}` value `{{other}}`, expected one of {}", braces(property), braces(&expected));
    let mismatch = format!("the value does not match the member its `{}` names", braces(property));
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    Some(#(#values)|*) => apigen_runtime::serde_helpers::decode_member(&value, &mut Vec::new())
                        .ok_or_else(|| serde::de::Error::custom(#mismatch)),
                    Some(other) => Err(serde::de::Error::custom(format!(#unknown))),
                    None => Err(serde::de::Error::missing_field(#property)),
                }
            }
        }
    }
}
