//! String enums. Those a response can carry are open: an `Unrecognized(String)` variant
//! keeps a value the spec does not list and serializes it back unchanged. Enums only
//! sent are closed. Both are `#[non_exhaustive]`, so that a vendor adding a value is a
//! compatible change. Their serde goes through `apigen_runtime::string_enum`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::code;
use super::types::ident;
use crate::model::{EnumVariant, NamedType};

/// The enum, `as_str`, `Display`, and its serde (docs go before it).
pub fn render_enum(ty: &NamedType, variants: &[EnumVariant], docs: TokenStream) -> TokenStream {
    let name = ident(&ty.name);
    let open = ty.direction.received();
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" {}", code(&v.wire));
        quote!(#[doc = #doc] #variant,)
    });
    let to_wire = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#name::#variant => #wire,)
    });
    // A value listed twice reads as its first variant.
    let mut seen = std::collections::BTreeSet::new();
    let from_wire = variants.iter().filter(|v| seen.insert(v.wire.as_str())).map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => #name::#variant,)
    });
    let from_wire: Vec<TokenStream> = from_wire.collect();
    let (derive, unrecognized, str_ty, raw, other) = if open {
        (
            quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]),
            quote! {
                /// A value the spec does not list, kept as received (and sent back unchanged).
                Unrecognized(String),
            },
            quote!(&str),
            quote!(#name::Unrecognized(value) => value,),
            quote!(other => #name::Unrecognized(other.to_owned()),),
        )
    } else {
        (
            quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]),
            quote!(),
            quote!(&'static str),
            quote!(),
            quote!(_ => return None,),
        )
    };
    let impls = render_impls(&name, variants, &from_wire, &other);
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            #unrecognized
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> #str_ty {
                match self {
                    #(#to_wire)*
                    #raw
                }
            }
        }

        #impls
    }
}

/// `StringEnum` (the wire value both ways), `Display`, and serde through the runtime.
fn render_impls(name: &Ident, variants: &[EnumVariant], from_wire: &[TokenStream], other: &TokenStream) -> TokenStream {
    let values = variants.iter().map(|v| &v.wire);
    quote! {
        impl apigen_runtime::StringEnum for #name {
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn wire(&self) -> &str {
                self.as_str()
            }

            fn from_wire(value: &str) -> Option<Self> {
                Some(match value {
                    #(#from_wire)*
                    #other
                })
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                apigen_runtime::string_enum::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                apigen_runtime::string_enum::deserialize(deserializer)
            }
        }
    }
}
