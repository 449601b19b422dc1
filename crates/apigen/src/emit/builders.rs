//! How users construct structs, which are `#[non_exhaustive]` (no struct literals
//! outside the generated crate), so that a vendor adding a field stays compatible:
//!
//! - types that are sent (request or both): `new(required fields…)` and a
//!   `with_<field>` setter per optional field: adding an optional field adds a setter;
//! - response-only types: `builder()`, a setter per field and `build()`, which names a
//!   missing required field: adding any field adds a setter.
//!
//! Every one of these functions is `#[inline]`, as are an operation's client method, setters
//! and `send`: a non-generic function is compiled into the generated crate whether or not
//! anyone calls it, an inline one only where it is called. Most of a generated crate goes
//! unused by any one program.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::structs::{Presence, field_type, presence};
use super::types::{default_fn, ident, rust_type};
use crate::model::names::split_raw;
use crate::model::{Field, NamedType, TypeRef, TypeRegistry};

/// The constructors of a struct, by its direction.
pub fn render_construction(
    ty: &NamedType,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) -> TokenStream {
    match &ty.builder {
        Some(builder) => render_response_builder(ty, builder, fields, additional, registry),
        None => render_request_constructors(ty, fields, additional.is_some(), registry),
    }
}

/// The type a setter or constructor takes for a value of `ty`, and whether the value
/// goes through `Into` (text and secrets take `&str`, `String` and the like).
fn input(ty: &TypeRef, registry: &TypeRegistry) -> (TokenStream, bool) {
    let rust = rust_type(ty, registry, &quote!());
    match registry.resolve(ty) {
        TypeRef::String | TypeRef::Secret => (quote!(impl Into<#rust>), true),
        _ => (rust, false),
    }
}

/// `value` or `value.into()`.
fn convert(value: TokenStream, into: bool) -> TokenStream {
    if into { quote!(#value.into()) } else { value }
}

/// The argument a field's setter takes and the expression stored from `value`: the
/// inner type for options (`Option<T>` for nullable ones), wrapped back in `Some`.
fn setter_input(field: &Field, registry: &TypeRegistry) -> (TokenStream, TokenStream) {
    let value = quote!(value);
    match presence(field, registry) {
        Presence::Required | Presence::Defaulted => {
            let (ty, into) = input(&field.ty, registry);
            (ty, convert(value, into))
        }
        Presence::Optional => {
            let (ty, into) = input(&field.ty, registry);
            let value = convert(value, into);
            (ty, quote!(Some(#value)))
        }
        Presence::RequiredNullable | Presence::OptionalNullable => {
            let base = rust_type(&field.ty, registry, &quote!());
            (quote!(Option<#base>), quote!(Some(value)))
        }
    }
}

fn render_request_constructors(
    ty: &NamedType,
    fields: &[Field],
    additional: bool,
    registry: &TypeRegistry,
) -> TokenStream {
    let name = ident(&ty.name);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|field| {
        let arg = ident(&field.name);
        let ty = match presence(field, registry) {
            Presence::RequiredNullable => field_type(field, registry),
            _ => input(&field.ty, registry).0,
        };
        quote!(#arg: #ty)
    });
    let inits = fields.iter().map(|field| {
        let member = ident(&field.name);
        match presence(field, registry) {
            Presence::Required if input(&field.ty, registry).1 => quote!(#member: #member.into()),
            Presence::Required | Presence::RequiredNullable => quote!(#member),
            Presence::Defaulted => {
                let function = default_fn(&ty.name, field);
                quote!(#member: #function())
            }
            Presence::Optional | Presence::OptionalNullable => quote!(#member: None),
        }
    });
    let extra = additional.then(|| quote!(additional_properties: std::collections::BTreeMap::new(),));
    let setters = fields.iter().filter(|f| !f.required).map(|field| {
        let member = ident(&field.name);
        let method = format_ident!("with_{}", split_raw(&field.name).1);
        let (arg, stored) = setter_input(field, registry);
        let doc = format!(" Sets `{}`.", split_raw(&field.name).1);
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(mut self, value: #arg) -> Self {
                self.#member = #stored;
                self
            }
        }
    });
    let many = if required.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let default = required.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            /// A value with the required fields; optional ones are unset (or their default).
            #many
            #[inline]
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits,)* #extra }
            }
            #(#setters)*
        }
        #default
    }
}

fn render_response_builder(
    ty: &NamedType,
    builder: &str,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) -> TokenStream {
    let name = ident(&ty.name);
    let builder = ident(builder);
    let type_name = split_raw(&ty.name).1;
    let slots = fields.iter().map(|field| {
        let member = ident(&field.name);
        let slot = match presence(field, registry) {
            Presence::Optional | Presence::OptionalNullable => field_type(field, registry),
            _ => {
                let held = field_type(field, registry);
                quote!(Option<#held>)
            }
        };
        quote!(#member: #slot,)
    });
    let setters = fields.iter().map(|field| builder_setter(field, registry));
    let builds = fields.iter().map(|field| build_field(ty, field, registry));
    let (extra_slot, extra_setter, extra_build) = match additional {
        Some(value) => {
            let value = rust_type(value, registry, &quote!());
            (
                quote!(additional_properties: std::collections::BTreeMap<String, #value>,),
                quote! {
                    /// Sets the properties the schema does not declare.
                    #[inline]
                    pub fn additional_properties(mut self, value: std::collections::BTreeMap<String, #value>) -> Self {
                        self.additional_properties = value;
                        self
                    }
                },
                quote!(additional_properties: self.additional_properties,),
            )
        }
        None => (quote!(), quote!(), quote!()),
    };
    let builder_doc = format!(" Builds a [`{type_name}`] field by field, for fakes and tests of code that reads it.");
    let method_doc = format!(" A builder of [`{type_name}`] (responses are decoded; build one to fake a response).");
    quote! {
        impl #name {
            #[doc = #method_doc]
            #[inline]
            pub fn builder() -> #builder {
                <#builder as Default>::default()
            }
        }

        #[doc = #builder_doc]
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct #builder {
            #(#slots)*
            #extra_slot
        }

        impl #builder {
            #(#setters)*
            #extra_setter

            /// The value.
            ///
            /// # Errors
            /// [`apigen_runtime::BuildError`] naming the first required field that was not set.
            #[inline]
            pub fn build(self) -> Result<#name, apigen_runtime::BuildError> {
                Ok(#name { #(#builds)* #extra_build })
            }
        }
    }
}

/// A response builder's setter: it takes what the field holds (the inner value of an
/// option) and keeps it until `build`.
fn builder_setter(field: &Field, registry: &TypeRegistry) -> TokenStream {
    let member = ident(&field.name);
    let (arg, stored) = match presence(field, registry) {
        Presence::Required | Presence::Defaulted => {
            let (ty, into) = input(&field.ty, registry);
            let value = convert(quote!(value), into);
            (ty, quote!(Some(#value)))
        }
        _ => setter_input(field, registry),
    };
    let doc = format!(" Sets `{}`.", split_raw(&field.name).1);
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #member(mut self, value: #arg) -> Self {
            self.#member = #stored;
            self
        }
    }
}

/// A field of the value `build` returns: required ones must have been set, defaulted ones
/// take their default.
fn build_field(ty: &NamedType, field: &Field, registry: &TypeRegistry) -> TokenStream {
    let member = ident(&field.name);
    let (type_name, field_name) = (split_raw(&ty.name).1, split_raw(&field.name).1);
    match presence(field, registry) {
        Presence::Required | Presence::RequiredNullable => quote! {
            #member: self.#member.ok_or(apigen_runtime::BuildError::missing(#type_name, #field_name))?,
        },
        Presence::Defaulted => {
            let function = default_fn(&ty.name, field);
            quote!(#member: self.#member.unwrap_or_else(#function),)
        }
        Presence::Optional | Presence::OptionalNullable => quote!(#member: self.#member,),
    }
}
