//! Named types to Rust items: structs, enums, unions, aliases and their `Validate` impls.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::Docs;
use crate::model::names::split_raw;
use crate::model::{Constraints, Field, NamedType, TypeId, TypeKind, TypeRef, TypeRegistry};

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
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Secret => quote!(apigen_runtime::Secret),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(id) => {
            let name = ident(&registry.get(*id).name);
            quote!(#prefix #name)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, registry, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, registry, prefix);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, registry, prefix);
            quote!(Box<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, registry, prefix);
            quote!(Option<#inner>)
        }
    }
}

/// Every type of the registry, sorted by name: each type's items, made when asked for.
pub fn render_types(registry: &TypeRegistry) -> impl Iterator<Item = TokenStream> + '_ {
    registry.sorted().into_iter().map(|(id, ty)| render_type(id, ty, registry))
}

fn render_type(id: TypeId, ty: &NamedType, registry: &TypeRegistry) -> TokenStream {
    let name = ident(&ty.name);
    let docs = Docs::new().spec(ty.doc.as_deref()).ours(format!("Schema: `{}`.", ty.pointer)).outer();
    let none = quote!();
    match &ty.kind {
        TypeKind::Struct { fields, additional } => {
            let rendered = fields.iter().map(|field| render_field(&ty.name, field, registry));
            let default_fns = fields.iter().filter_map(|field| {
                let value = default_value(field, registry)?;
                let function = default_fn(&ty.name, field);
                let field_ty = rust_type(&field.ty, registry, &none);
                Some(quote! {
                    fn #function() -> #field_ty {
                        #value
                    }
                })
            });
            // `Default` when nothing is required: build with `..Default::default()`.
            // Derived, unless a field has a default value of its own.
            let nothing_required = fields.iter().all(|f| !f.required) && additional.is_none();
            let own_defaults = fields.iter().any(|f| default_value(f, registry).is_some());
            let derive_default = if nothing_required && !own_defaults { quote!(Default,) } else { quote!() };
            let default_impl = (nothing_required && own_defaults).then(|| {
                let inits = fields.iter().map(|field| {
                    let member = ident(&field.name);
                    if default_value(field, registry).is_some() {
                        let function = default_fn(&ty.name, field);
                        quote!(#member: #function(),)
                    } else {
                        quote!(#member: None,)
                    }
                });
                quote! {
                    impl Default for #name {
                        fn default() -> Self {
                            #name { #(#inits)* }
                        }
                    }
                }
            });
            let extra = additional.as_ref().map(|value| {
                let value = rust_type(value, registry, &none);
                quote! {
                    /// Properties not declared by the schema (`additionalProperties`).
                    #[serde(flatten)]
                    pub additional_properties: std::collections::BTreeMap<String, #value>,
                }
            });
            let validate = render_struct_validate(ty, fields, additional.as_ref(), registry);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #(#rendered)*
                    #extra
                }
                #default_impl
                #(#default_fns)*
                #validate
            }
        }
        TypeKind::Enum { variants } => {
            let decls = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let wire = &v.wire;
                let doc = format!(" `{}`", wire.replace('`', "'"));
                quote!(#[doc = #doc] #[serde(rename = #wire)] #variant,)
            });
            let arms = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let wire = &v.wire;
                quote!(#name::#variant => #wire,)
            });
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
                pub enum #name {
                    #(#decls)*
                }
                impl #name {
                    /// The value as it is sent on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #(#arms)*
                        }
                    }
                }
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        TypeKind::Union { variants, discriminator } => {
            let decls = variants.iter().map(|(variant, ty)| {
                let variant = ident(variant);
                let ty = rust_type(ty, registry, &none);
                quote!(#variant(#ty),)
            });
            let validate = if registry.has_validation(&TypeRef::Named(id)) {
                let arms = variants.iter().map(|(variant, ty)| {
                    let variant = ident(variant);
                    if registry.has_validation(ty) {
                        quote!(#name::#variant(value) => apigen_runtime::Validate::validate(value),)
                    } else {
                        quote!(#name::#variant(_) => Ok(()),)
                    }
                });
                quote! {
                    impl apigen_runtime::Validate for #name {
                        fn validate(&self) -> Result<(), apigen_runtime::ValidationError> {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                }
            } else {
                quote!()
            };
            let Some((property, values)) = discriminator else {
                let members: Vec<(usize, &String, &TypeRef)> =
                    variants.iter().enumerate().map(|(i, (variant, ty))| (i, variant, ty)).collect();
                let shapes = members.iter().map(|(_, _, ty)| match registry.resolve(ty) {
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
                let attempts = members.iter().map(|(index, variant, _)| {
                    let variant = ident(variant);
                    quote! {
                        if index == #index && let Ok(member) = serde_json::from_value(value.clone()) {
                            return Ok(#name::#variant(member));
                        }
                    }
                });
                let none = format!("the value matches no member of `{}`", ty.name);
                return quote! {
                    #docs
                    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
                    #[serde(untagged)]
                    pub enum #name {
                        #(#decls)*
                    }
                    impl<'de> serde::Deserialize<'de> for #name {
                        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = serde_json::Value::deserialize(deserializer)?;
                            for index in apigen_runtime::serde_helpers::union_order(&value, &[#(#shapes),*]) {
                                #(#attempts)*
                            }
                            Err(serde::de::Error::custom(#none))
                        }
                    }
                    #validate
                };
            };
            // Chosen by the discriminator's value. Each variant's own type keeps the
            // property, so serializing the variant as is writes it.
            let arms = variants.iter().zip(values).map(|((variant, _), value)| {
                let variant = ident(variant);
                quote!(Some(#value) => serde_json::from_value(value).map(#name::#variant).map_err(serde::de::Error::custom),)
            });
            let expected = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
            let braces = |text: &str| text.replace('{', "{{").replace('}', "}}");
            let unknown =
                format!("unknown `{}` value `{{other}}`, expected one of {}", braces(property), braces(&expected));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#decls)*
                }
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        match value.get(#property).and_then(serde_json::Value::as_str) {
                            #(#arms)*
                            Some(other) => Err(serde::de::Error::custom(format!(#unknown))),
                            None => Err(serde::de::Error::missing_field(#property)),
                        }
                    }
                }
                #validate
            }
        }
        TypeKind::Alias { target, .. } => {
            let target = rust_type(target, registry, &none);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Pending => quote!(),
    }
}

/// The function giving a field's default (`default_pet_status`).
fn default_fn(type_name: &str, field: &Field) -> Ident {
    let owner = crate::model::names::snake_name(type_name, "type");
    let owner = split_raw(&owner).1.to_owned();
    Ident::new(&format!("default_{owner}_{}", split_raw(&field.name).1), Span::call_site())
}

/// The Rust expression of an optional field's `default`, when the field is not
/// nullable and the default is a scalar or enum value of its type. Such a field is
/// not an `Option`: absent on the wire, it takes the default.
pub fn default_value(field: &Field, registry: &TypeRegistry) -> Option<TokenStream> {
    if field.required || field.nullable {
        return None;
    }
    let value = field.default.as_ref()?;
    match (registry.resolve(&field.ty), value) {
        (TypeRef::String, serde_json::Value::String(text)) => Some(quote!(#text.to_owned())),
        (TypeRef::Bool, serde_json::Value::Bool(b)) => Some(quote!(#b)),
        (TypeRef::I32, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::i32_unsuffixed(i32::try_from(n.as_i64()?).ok()?);
            Some(quote!(#n))
        }
        (TypeRef::I64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            Some(quote!(#n))
        }
        (TypeRef::F32 | TypeRef::F64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n.as_f64().filter(|n| n.is_finite())?);
            Some(quote!(#n))
        }
        (TypeRef::Named(id), serde_json::Value::String(text)) => match &registry.get(*id).kind {
            TypeKind::Enum { variants } => {
                let variant = variants.iter().find(|v| &v.wire == text)?;
                let (ty, variant) = (ident(&registry.get(*id).name), ident(&variant.name));
                Some(quote!(#ty::#variant))
            }
            _ => None,
        },
        _ => None,
    }
}

fn render_field(type_name: &str, field: &Field, registry: &TypeRegistry) -> TokenStream {
    let none = quote!();
    let name = ident(&field.name);
    let base = rust_type(&field.ty, registry, &none);
    let wire = &field.wire;
    let rename = if split_raw(&field.name).1 == wire.as_str() { quote!() } else { quote!(#[serde(rename = #wire)]) };
    let date_time = matches!(registry.resolve(&field.ty), TypeRef::DateTime);
    if default_value(field, registry).is_some() {
        let function = default_fn(type_name, field).to_string();
        let shown = field.default.as_ref().map(|d| d.to_string()).unwrap_or_default().replace('`', "'");
        let docs = Docs::new()
            .spec(field.doc.as_deref())
            .ours(format!("Optional on the wire; defaults to `{shown}`."))
            .outer();
        return quote! {
            #docs
            #rename
            #[serde(default = #function)]
            pub #name: #base,
        };
    }
    // Date-times (alone or in a list) go through the lenient runtime adapters, which
    // also read the offset-less form; other types use serde's defaults.
    let date_times = matches!(registry.resolve(&field.ty), TypeRef::Array(item) if matches!(registry.resolve(item), TypeRef::DateTime));
    let adapter = |name: &str| format!("apigen_runtime::serde_helpers::date_time{name}");
    let (ty, attrs) = match (field.required, field.nullable) {
        (true, false) if date_time || date_times => {
            let with = adapter(if date_time { "" } else { "::vec" });
            (base, quote!(#[serde(with = #with)]))
        }
        (true, false) => (base, quote!()),
        (true, true) if date_time || date_times => {
            let with = adapter(if date_time { "::option" } else { "::option_vec" });
            (quote!(Option<#base>), quote!(#[serde(default, with = #with)]))
        }
        (true, true) => (quote!(Option<#base>), quote!(#[serde(default)])),
        (false, false) if date_time || date_times => {
            let with = adapter(if date_time { "::option" } else { "::option_vec" });
            (quote!(Option<#base>), quote!(#[serde(default, skip_serializing_if = "Option::is_none", with = #with)]))
        }
        (false, false) => (quote!(Option<#base>), quote!(#[serde(default, skip_serializing_if = "Option::is_none")])),
        (false, true) => {
            let with = if date_time {
                adapter("::double_option")
            } else {
                "apigen_runtime::serde_helpers::double_option".to_owned()
            };
            (
                quote!(Option<Option<#base>>),
                quote!(#[serde(default, skip_serializing_if = "Option::is_none", with = #with)]),
            )
        }
    };
    let presence = match (field.required, field.nullable) {
        (true, false) => "Required.",
        (true, true) => "Required, may be `null`.",
        (false, false) => "Optional.",
        (false, true) => "Optional, may be `null` (`Some(None)` sends `null`, `None` leaves it out).",
    };
    let mut notes = vec![presence.to_owned()];
    if let Some(default) = &field.default {
        notes.push(format!("Default: `{}`.", default.to_string().replace('`', "'")));
    }
    if let Some(constraints) = describe_constraints(&field.constraints) {
        notes.push(constraints);
    }
    let docs = Docs::new().spec(field.doc.as_deref()).ours(notes.join(" ")).outer();
    quote! {
        #docs
        #rename
        #attrs
        pub #name: #ty,
    }
}

fn describe_constraints(c: &Constraints) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(n) = c.min_length {
        parts.push(format!("at least {n} characters"));
    }
    if let Some(n) = c.max_length {
        parts.push(format!("at most {n} characters"));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("matches `{}`", p.replace('`', "'")));
    }
    if let Some((n, exclusive)) = c.minimum {
        parts.push(format!("{} {n}", if exclusive { ">" } else { ">=" }));
    }
    if let Some((n, exclusive)) = c.maximum {
        parts.push(format!("{} {n}", if exclusive { "<" } else { "<=" }));
    }
    if let Some(n) = c.min_items {
        parts.push(format!("at least {n} items"));
    }
    if let Some(n) = c.max_items {
        parts.push(format!("at most {n} items"));
    }
    (!parts.is_empty()).then(|| format!("Checked before sending: {}.", parts.join(", ")))
}

fn render_struct_validate(
    ty: &NamedType,
    fields: &[Field],
    additional: Option<&TypeRef>,
    registry: &TypeRegistry,
) -> TokenStream {
    let needs = fields.iter().any(|f| !f.constraints.is_empty() || registry.has_validation(&f.ty))
        || additional.is_some_and(|a| registry.has_validation(a));
    if !needs {
        return quote!();
    }
    let name = ident(&ty.name);
    let checks = fields.iter().filter_map(|field| {
        let checks = value_checks(&field.wire, &field.ty, &field.constraints, registry, &quote!(value));
        if checks.is_empty() {
            return None;
        }
        let member = ident(&field.name);
        let present = field.required || default_value(field, registry).is_some();
        Some(match (present, field.nullable) {
            (true, false) => quote! { { let value = &self.#member; #checks } },
            (false, true) => quote! { if let Some(Some(value)) = &self.#member { #checks } },
            _ => quote! { if let Some(value) = &self.#member { #checks } },
        })
    });
    let extra = additional.filter(|a| registry.has_validation(a)).map(|_| {
        quote! {
            for (key, value) in &self.additional_properties {
                apigen_runtime::Validate::validate(value).map_err(|e| e.within(key))?;
            }
        }
    });
    quote! {
        impl apigen_runtime::Validate for #name {
            fn validate(&self) -> Result<(), apigen_runtime::ValidationError> {
                #(#checks)*
                #extra
                Ok(())
            }
        }
    }
}

/// Checks of one value (`value` is a reference expression) against its constraints
/// and, for types that have them, their own `validate`.
pub fn value_checks(
    wire: &str,
    ty: &TypeRef,
    c: &Constraints,
    registry: &TypeRegistry,
    value: &TokenStream,
) -> TokenStream {
    let mut out = Vec::new();
    let resolved = registry.resolve(ty);
    let text = match resolved {
        TypeRef::Secret => Some(quote!(#value.expose())),
        TypeRef::String => Some(quote!(#value)),
        _ => None,
    };
    if let Some(text) = &text {
        if let Some(n) = c.max_length {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            out.push(quote!(apigen_runtime::validate::max_length(#wire, #text, #n)?;));
        }
        if let Some(n) = c.min_length {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            out.push(quote!(apigen_runtime::validate::min_length(#wire, #text, #n)?;));
        }
        if let Some(p) = &c.pattern {
            out.push(quote!(apigen_runtime::validate::pattern(#wire, #text, #p)?;));
        }
    }
    let number = match resolved {
        TypeRef::I32 | TypeRef::F32 => Some(quote!(f64::from(*#value))),
        TypeRef::I64 => Some(quote!(*#value as f64)),
        TypeRef::F64 => Some(quote!(*#value)),
        _ => None,
    };
    if let Some(number) = number {
        // `Literal` cannot hold an infinity; such a bound checks nothing anyway.
        if let Some((n, exclusive)) = c.maximum.filter(|(n, _)| n.is_finite()) {
            let n = proc_macro2::Literal::f64_unsuffixed(n);
            out.push(quote!(apigen_runtime::validate::maximum(#wire, #number, #n, #exclusive)?;));
        }
        if let Some((n, exclusive)) = c.minimum.filter(|(n, _)| n.is_finite()) {
            let n = proc_macro2::Literal::f64_unsuffixed(n);
            out.push(quote!(apigen_runtime::validate::minimum(#wire, #number, #n, #exclusive)?;));
        }
    }
    if matches!(resolved, TypeRef::Array(_)) {
        if let Some(n) = c.max_items {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            out.push(quote!(apigen_runtime::validate::max_items(#wire, #value.len(), #n)?;));
        }
        if let Some(n) = c.min_items {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            out.push(quote!(apigen_runtime::validate::min_items(#wire, #value.len(), #n)?;));
        }
    }
    if registry.has_validation(ty) {
        out.push(quote!(apigen_runtime::Validate::validate(#value).map_err(|e| e.within(#wire))?;));
    }
    quote!(#(#out)*)
}
