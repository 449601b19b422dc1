//! How a struct is read from JSON: its `Deserialize` impl hands the work to
//! `apigen_runtime::de`, and its `Object` impl reads the fields, one line each.
//!
//! The result is what serde's derive with the attributes of [`super::structs`] reads
//! (defaults, lenient date-times, `null` versus absent, `additionalProperties`), in
//! a fraction of the code the derive expands to (see `apigen_runtime::de`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::structs::{Presence, lenient_date_times, presence};
use super::types::{default_fn, ident, rust_type};
use crate::model::{Field, NamedType, TypeRef, TypeRegistry};

/// One field as the reading loop sees it.
struct Slot {
    /// The local holding what was read (`__field0`, …): never a field's name (those are
    /// snake case without leading underscores), so `Name { field: local }` is never
    /// the shorthand clippy asks for.
    local: proc_macro2::Ident,
    /// The type read from the value; the local is an `Option` of it.
    wire: TokenStream,
    /// The field's value from the local.
    value: TokenStream,
}

fn slot(type_name: &str, index: usize, field: &Field, registry: &TypeRegistry) -> Slot {
    let local = format_ident!("__field{index}");
    let wire_name = &field.wire;
    let base = rust_type(&field.ty, registry, &quote!());
    // Date-times are read leniently where the struct's `with` adapters are the lenient ones.
    let date_times = lenient_date_times(field, registry);
    let read = if date_times { quote!(de::Lenient<#base>) } else { base };
    let unwrap = if date_times { quote!(.0) } else { quote!() };
    let (wire, value) = match presence(field, registry) {
        Presence::Required => (read, quote!(de::required(#local, #wire_name)? #unwrap)),
        Presence::Defaulted => {
            let function = default_fn(type_name, field);
            (read, quote!(#local.unwrap_or_else(#function)))
        }
        Presence::RequiredNullable | Presence::Optional if date_times => {
            (quote!(Option<#read>), quote!(#local.flatten().map(|value| value.0)))
        }
        Presence::RequiredNullable | Presence::Optional => (quote!(Option<#read>), quote!(#local.flatten())),
        Presence::OptionalNullable if date_times => {
            (quote!(Option<#read>), quote!(#local.map(|value| value.map(|value| value.0))))
        }
        Presence::OptionalNullable => (quote!(Option<#read>), quote!(#local)),
    };
    Slot { local, wire, value }
}

/// The `Deserialize` and `de::Object` impls of a struct.
pub fn render_decode(
    ty: &NamedType,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) -> TokenStream {
    let name = ident(&ty.name);
    let type_name = ty.name.trim_start_matches("r#");
    let slots: Vec<Slot> = fields.iter().enumerate().map(|(i, field)| slot(&ty.name, i, field, registry)).collect();
    let locals = slots.iter().map(|Slot { local, wire, .. }| quote!(let mut #local: Option<#wire> = None;));
    let arms = fields.iter().zip(&slots).map(|(field, Slot { local, .. })| {
        let wire_name = &field.wire;
        quote!(#wire_name => de::field(&mut #local, &mut map, #wire_name)?,)
    });
    let members = fields.iter().zip(&slots).map(|(field, Slot { value, .. })| {
        let member = ident(&field.name);
        quote!(#member: #value,)
    });
    let (extra, other, extra_member) = match additional {
        Some(_) => (
            quote!(let mut additional_properties = std::collections::BTreeMap::new();),
            quote!(_ => {
                additional_properties.insert(key.into_string(), map.next_value()?);
            }),
            quote!(additional_properties,),
        ),
        None => (quote!(), quote!(_ => de::skip(&mut map)?,), quote!()),
    };
    let reading = if fields.is_empty() && additional.is_none() {
        quote!(while de::next_key(&mut map)?.is_some() {
            de::skip(&mut map)?;
        })
    } else if fields.is_empty() {
        quote!(while let Some(key) = de::next_key(&mut map)? {
            additional_properties.insert(key.into_string(), map.next_value()?);
        })
    } else {
        quote!(while let Some(key) = de::next_key(&mut map)? {
            match key.as_str() {
                #(#arms)*
                #other
            }
        })
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: de::Deserializer<'de>>(d: __D) -> Result<Self, __D::Error> {
                de::object(d)
            }
        }

        impl de::Object for #name {
            const NAME: &'static str = #type_name;

            fn from_map<'de, __A: de::MapAccess<'de>>(mut map: __A) -> Result<Self, __A::Error> {
                #(#locals)*
                #extra
                #reading
                Ok(#name { #(#members)* #extra_member })
            }
        }
    }
}
