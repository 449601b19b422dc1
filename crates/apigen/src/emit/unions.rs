//! Unions (`oneOf`/`anyOf`): an enum with a variant per member, chosen by the
//! discriminator's value when there is one, else by trying the best-matching member
//! first. `#[non_exhaustive]`; those a response can carry are open: a value that
//! matches no member (or names an unknown discriminator value) is kept as
//! `Unrecognized(serde_json::Value)` and serialized back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, rust_type};
use crate::model::{NamedType, TypeId, TypeKind, TypeRef, TypeRegistry};

/// The union, its `Deserialize` and `Validate` impls (docs go before it).
pub fn render_union(
    id: TypeId,
    ty: &NamedType,
    variants: &[(String, TypeRef)],
    discriminator: Option<&(String, Vec<String>)>,
    registry: &TypeRegistry,
    docs: TokenStream,
) -> TokenStream {
    let name = ident(&ty.name);
    let open = ty.direction.received();
    let decls = variants.iter().map(|(variant, ty)| {
        let variant = ident(variant);
        let ty = rust_type(ty, registry, &quote!());
        quote!(#variant(#ty),)
    });
    let unrecognized = open.then(|| {
        quote! {
            /// A value that matches no member the spec lists, kept as received (and sent back unchanged).
            Unrecognized(serde_json::Value),
        }
    });
    let deserialize = match discriminator {
        Some((property, values)) => by_discriminator(ty, variants, property, values, open),
        None => by_shape(ty, variants, registry, open),
    };
    let validate = render_validate(id, ty, variants, registry, open);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            #unrecognized
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #deserialize
            }
        }

        #validate
    }
}

/// Members tried best match first (see `apigen_runtime::serde_helpers::union_order`).
fn by_shape(ty: &NamedType, variants: &[(String, TypeRef)], registry: &TypeRegistry, open: bool) -> TokenStream {
    let name = ident(&ty.name);
    let shapes = variants.iter().map(|(_, ty)| match registry.resolve(ty) {
        TypeRef::Named(id) => match &registry.get(*id).kind {
            TypeKind::Struct { fields, .. } => {
                let required = fields.iter().filter(|f| f.required).map(|f| f.wire.as_str());
                let declared = fields.iter().map(|f| f.wire.as_str());
                quote!(Some((&[#(#required),*], &[#(#declared),*])))
            }
            _ => quote!(None),
        },
        _ => quote!(None),
    });
    let attempts = variants.iter().enumerate().map(|(index, (variant, _))| {
        let variant = ident(variant);
        quote! {
            if index == #index && let Ok(member) = serde_json::from_value(value.clone()) {
                return Ok(#name::#variant(member));
            }
        }
    });
    let none = format!("the value matches no member of `{}`", ty.name);
    let fallback =
        if open { quote!(Ok(#name::Unrecognized(value))) } else { quote!(Err(serde::de::Error::custom(#none))) };
    quote! {
        for index in apigen_runtime::serde_helpers::union_order(&value, &[#(#shapes),*]) {
            #(#attempts)*
        }
        #fallback
    }
}

/// Chosen by the discriminator's value. Each variant's own type keeps the property, so
/// serializing the variant as is writes it.
fn by_discriminator(
    ty: &NamedType,
    variants: &[(String, TypeRef)],
    property: &str,
    values: &[String],
    open: bool,
) -> TokenStream {
    let name = ident(&ty.name);
    let arms = variants.iter().zip(values).map(|((variant, _), value)| {
        let variant = ident(variant);
        quote!(Some(#value) => serde_json::from_value(value).map(#name::#variant).map_err(serde::de::Error::custom),)
    });
    let others = if open {
        quote!(_ => Ok(#name::Unrecognized(value)),)
    } else {
        let expected = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
        let braces = |text: &str| text.replace('{', "{{").replace('}', "}}");
        let unknown =
            format!("unknown `{}` value `{{other}}`, expected one of {}", braces(property), braces(&expected));
        quote! {
            Some(other) => Err(serde::de::Error::custom(format!(#unknown))),
            None => Err(serde::de::Error::missing_field(#property)),
        }
    };
    quote! {
        match value.get(#property).and_then(serde_json::Value::as_str) {
            #(#arms)*
            #others
        }
    }
}

fn render_validate(
    id: TypeId,
    ty: &NamedType,
    variants: &[(String, TypeRef)],
    registry: &TypeRegistry,
    open: bool,
) -> TokenStream {
    if !registry.has_validation(&TypeRef::Named(id)) {
        return quote!();
    }
    let name = ident(&ty.name);
    let arms = variants.iter().map(|(variant, ty)| {
        let variant = ident(variant);
        if registry.has_validation(ty) {
            quote!(#name::#variant(value) => apigen_runtime::Validate::validate(value),)
        } else {
            quote!(#name::#variant(_) => Ok(()),)
        }
    });
    let unrecognized = open.then(|| quote!(#name::Unrecognized(_) => Ok(()),));
    quote! {
        impl apigen_runtime::Validate for #name {
            fn validate(&self) -> Result<(), apigen_runtime::ValidationError> {
                match self {
                    #(#arms)*
                    #unrecognized
                }
            }
        }
    }
}
