//! Operations and servers to the `Client` of one API module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Docs, inline};
use super::types::{ident, rust_type, value_checks};
use crate::model::names::split_raw;
use crate::model::{
    Api, BodyEncoding, Operation, Parameter, ParameterLocation, Response, SchemeKind, StatusMatch, TypeRef,
};

/// Where types live, seen from the client module.
fn types_prefix() -> TokenStream {
    quote!(types::)
}

/// The client module's items (after its inner docs), in pieces that are made only when
/// printed, so that a document with many operations is never in memory as tokens whole.
pub struct ClientItems<'a> {
    /// Server variables and the `Client` struct.
    pub before: TokenStream,
    /// The items of `impl Client`: its constructors and settings, then one method per operation.
    pub methods: Box<dyn Iterator<Item = TokenStream> + 'a>,
    /// The outcome enums of the operations, and the token source.
    pub after: Box<dyn Iterator<Item = TokenStream> + 'a>,
}

/// The client module's items (after its inner docs): `Client`, server variables,
/// operation methods and error enums.
pub fn render_client(api: &Api) -> ClientItems<'_> {
    let servers = render_servers(api);
    let scheme_fields = api.security_schemes.iter().map(|scheme| {
        let field = ident(&scheme.field);
        let ty = credential_type(&scheme.kind);
        quote!(#field: Option<#ty>,)
    });
    let scheme_inits = api.security_schemes.iter().map(|scheme| {
        let field = ident(&scheme.field);
        quote!(#field: None,)
    });
    let scheme_setters = api.security_schemes.iter().map(render_scheme_setter);
    let methods = api.operations.iter().map(move |op| render_operation(api, op));
    let enums = api.operations.iter().map(move |op| render_outcome_enums(api, op));
    let title = &api.title;
    let client_doc = Docs::new()
        .ours(format!("A client for {}: one async method per operation.", inline(title)))
        .ours(format!(
            "Build it with [`Client::new`] (any base URL){}, then add credentials with the `with_…` methods.",
            if default_server(api).is_some() { " or [`Client::with_default_server`]" } else { "" }
        ))
        .outer();
    let default_ctor = render_default_constructor(api);
    let token = move || api.operations.iter().find(|op| op.token.is_some()).map(|op| render_token_source(api, op));
    let before = quote! {
        #servers

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: apigen_runtime::ClientCore,
            #(#scheme_fields)*
        }
    };
    let settings = quote! {
        /// A client for `base_url`, which endpoint paths are appended to (its own path is kept).
        ///
        /// # Errors
        /// When `base_url` is not an absolute `http`/`https` URL without query or fragment.
        pub fn new(base_url: &str) -> Result<Self, apigen_runtime::BaseUrlError> {
            Ok(Client {
                core: apigen_runtime::ClientCore::new(base_url)?,
                #(#scheme_inits)*
            })
        }

        #default_ctor

        /// Uses `http` for all requests (proxies, timeouts, connection pools).
        #[must_use]
        pub fn with_http_client(mut self, http: apigen_runtime::reqwest::Client) -> Self {
            self.core = self.core.with_http_client(http);
            self
        }

        /// The base URL requests go to.
        pub fn base_url(&self) -> &apigen_runtime::BaseUrl {
            self.core.base_url()
        }

        /// Calls `observer` with every response before it is read (status, headers,
        /// URL): for logging, metrics, or headers the spec does not describe.
        #[must_use]
        pub fn with_response_observer(
            mut self,
            observer: impl Fn(&apigen_runtime::reqwest::Response) + Send + Sync + 'static,
        ) -> Self {
            self.core = self.core.with_response_observer(std::sync::Arc::new(observer));
            self
        }

        /// Allows credentials (security schemes, secret body fields) over plain
        /// `http://` to hosts other than loopback. Without it such requests fail
        /// with [`apigen_runtime::Error::InsecureTransport`] before anything is sent.
        #[must_use]
        pub fn allow_insecure_http(mut self) -> Self {
            self.core = self.core.allow_insecure_http();
            self
        }

        #(#scheme_setters)*
    };
    ClientItems {
        before,
        methods: Box::new(std::iter::once(settings).chain(methods)),
        after: Box::new(enums.chain(std::iter::once_with(token).flatten())),
    }
}

fn credential_type(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Basic => quote!(apigen_runtime::auth::HttpBasic),
        SchemeKind::Bearer => quote!(apigen_runtime::auth::BearerToken),
        SchemeKind::ApiKey { .. } => quote!(apigen_runtime::auth::ApiKey),
    }
}

fn render_scheme_setter(scheme: &crate::model::SecurityScheme) -> TokenStream {
    let field = ident(&scheme.field);
    let method = format_ident!("with_{}", split_raw(&scheme.field).1);
    let name = &scheme.name;
    let description = &scheme.description;
    match &scheme.kind {
        SchemeKind::Basic => {
            let docs = Docs::new()
                .ours(format!("Credentials for the HTTP Basic security scheme `{name}`."))
                .spec(description.as_deref())
                .outer();
            quote! {
                #docs
                #[must_use]
                pub fn #method(mut self, username: impl Into<String>, password: impl Into<apigen_runtime::Secret>) -> Self {
                    self.#field = Some(apigen_runtime::auth::HttpBasic::new(username, password));
                    self
                }
            }
        }
        SchemeKind::Bearer => {
            let docs = Docs::new()
                .ours(format!("The token for the bearer security scheme `{name}` (sent as `Authorization: Bearer …`)."))
                .spec(description.as_deref())
                .outer();
            quote! {
                #docs
                #[must_use]
                pub fn #method(mut self, token: impl Into<apigen_runtime::Secret>) -> Self {
                    self.#field = Some(apigen_runtime::auth::BearerToken::new(token));
                    self
                }
            }
        }
        SchemeKind::ApiKey { location, name: key_name } => {
            let (loc, where_) = match location {
                crate::model::ApiKeyLocation::Header => (quote!(Header), "header"),
                crate::model::ApiKeyLocation::Query => (quote!(Query), "query parameter"),
                crate::model::ApiKeyLocation::Cookie => (quote!(Cookie), "cookie"),
            };
            let docs = Docs::new()
                .ours(format!("The key for the API key security scheme `{name}` (sent as {where_} `{key_name}`)."))
                .spec(description.as_deref())
                .outer();
            quote! {
                #docs
                #[must_use]
                pub fn #method(mut self, key: impl Into<apigen_runtime::Secret>) -> Self {
                    self.#field = Some(apigen_runtime::auth::ApiKey::new(apigen_runtime::auth::ApiKeyLocation::#loc, #key_name, key));
                    self
                }
            }
        }
    }
}

/// The first server, when it is an absolute http(s) URL.
fn default_server(api: &Api) -> Option<&crate::model::Server> {
    api.servers
        .first()
        .filter(|s| s.url.starts_with("http://") || s.url.starts_with("https://") || s.url.starts_with('{'))
}

fn render_servers(api: &Api) -> TokenStream {
    let Some(server) = default_server(api) else { return quote!() };
    if server.variables.is_empty() {
        let url = &server.url;
        let docs = Docs::new()
            .ours(format!("The first server the spec lists: <{url}>."))
            .spec(server.description.as_deref())
            .outer();
        return quote! {
            #docs
            pub const DEFAULT_BASE_URL: &str = #url;
        };
    }
    let fields = server.variables.iter().map(|v| {
        let field = ident(&v.field);
        let mut notes =
            vec![format!("`{{{}}}` in the URL template; default `{}`.", v.name, v.default.replace('`', "'"))];
        if !v.allowed.is_empty() {
            notes.push(format!(
                "Allowed values: {}.",
                v.allowed.iter().map(|a| format!("`{}`", a.replace('`', "'"))).collect::<Vec<_>>().join(", ")
            ));
        }
        let docs = Docs::new().spec(v.description.as_deref()).ours(notes.join(" ")).outer();
        quote!(#docs pub #field: String,)
    });
    let defaults = server.variables.iter().map(|v| {
        let field = ident(&v.field);
        let default = &v.default;
        quote!(#field: #default.to_owned(),)
    });
    let replaces = server.variables.iter().map(|v| {
        let field = ident(&v.field);
        let placeholder = format!("{{{}}}", v.name);
        quote!(.replace(#placeholder, &self.#field))
    });
    let url = &server.url;
    let docs = Docs::new()
        .ours(format!("The variables of the server URL template `{url}`."))
        .spec(server.description.as_deref())
        .outer();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct ServerVariables {
            #(#fields)*
        }

        impl Default for ServerVariables {
            fn default() -> Self {
                ServerVariables { #(#defaults)* }
            }
        }

        impl ServerVariables {
            /// The URL template.
            pub const TEMPLATE: &str = #url;

            /// The server URL with the variables substituted.
            pub fn url(&self) -> String {
                Self::TEMPLATE.to_owned() #(#replaces)*
            }
        }
    }
}

fn render_default_constructor(api: &Api) -> TokenStream {
    let Some(server) = default_server(api) else { return quote!() };
    let others: Vec<String> = api.servers.iter().skip(1).map(|s| format!("`{}`", s.url)).collect();
    let also = if others.is_empty() { String::new() } else { format!(" The spec also lists {}.", others.join(", ")) };
    if server.variables.is_empty() {
        let docs = Docs::new()
            .ours(format!("A client for [`DEFAULT_BASE_URL`], the first server the spec lists.{also}"))
            .outer();
        quote! {
            #docs
            ///
            /// # Errors
            /// Only if the spec's server URL is not a usable base URL.
            pub fn with_default_server() -> Result<Self, apigen_runtime::BaseUrlError> {
                Self::new(DEFAULT_BASE_URL)
            }
        }
    } else {
        let docs = Docs::new()
            .ours(format!(
                "A client for the first server of the spec, `{}`, with the defaults of [`ServerVariables`].{also}",
                server.url
            ))
            .outer();
        quote! {
            #docs
            ///
            /// # Errors
            /// When the substituted URL is not a usable base URL.
            pub fn with_default_server() -> Result<Self, apigen_runtime::BaseUrlError> {
                Self::with_server(&ServerVariables::default())
            }

            /// A client for the first server of the spec with its variables substituted.
            ///
            /// # Errors
            /// When the substituted URL is not a usable base URL.
            pub fn with_server(variables: &ServerVariables) -> Result<Self, apigen_runtime::BaseUrlError> {
                Self::new(&variables.url())
            }
        }
    }
}

/// The type an argument is passed as.
fn argument(param: &Parameter, api: &Api) -> TokenStream {
    let prefix = types_prefix();
    let base = api.types.resolve(&param.ty);
    let ty = match base {
        TypeRef::String => quote!(&str),
        TypeRef::Secret => quote!(&apigen_runtime::Secret),
        TypeRef::Json => quote!(&serde_json::Value),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, &api.types, &prefix);
            quote!(&[#inner])
        }
        _ => rust_type(&param.ty, &api.types, &prefix),
    };
    if param.required { ty } else { quote!(Option<#ty>) }
}

/// An expression turning `value` (a reference to a scalar) into a `String`.
fn to_text(ty: &TypeRef, api: &Api, value: &TokenStream) -> TokenStream {
    match api.types.resolve(ty) {
        TypeRef::Secret => quote!(#value.expose().to_owned()),
        TypeRef::DateTime => quote!(#value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        // A string stays unquoted; anything else is its JSON text.
        TypeRef::Json => quote!(match #value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
        _ => quote!(#value.to_string()),
    }
}

fn render_operation(api: &Api, op: &Operation) -> TokenStream {
    let prefix = types_prefix();
    let name = ident(&op.name);
    let error_enum = format_ident!("{}Error", op.type_prefix);
    let (success_ty, success_doc) = success_type(api, op);

    // Arguments: path parameters, other parameters, then the body.
    let mut args = Vec::new();
    for param in &op.parameters {
        let arg = ident(&param.arg);
        let ty = argument(param, api);
        args.push(quote!(#arg: #ty));
    }
    if let Some(body) = &op.body {
        let ty = match body.encoding {
            BodyEncoding::Text => quote!(&str),
            BodyEncoding::Bytes => quote!(&[u8]),
            _ => {
                let ty = rust_type(&body.ty, &api.types, &prefix);
                quote!(&#ty)
            }
        };
        args.push(if body.required { quote!(body: #ty) } else { quote!(body: Option<#ty>) });
        if body.media_type.starts_with("multipart/") {
            // The caller encodes the parts, so only the caller knows the boundary.
            args.push(quote!(content_type: &str));
        }
    }

    // Checks before sending.
    let mut checks = Vec::new();
    for param in &op.parameters {
        let arg = ident(&param.arg);
        let value = quote!(value);
        let param_checks = value_checks(&param.name, &param.ty, &param.constraints, &api.types, &value);
        if param_checks.is_empty() {
            continue;
        }
        let by_ref = matches!(
            api.types.resolve(&param.ty),
            TypeRef::String | TypeRef::Secret | TypeRef::Json | TypeRef::Array(_)
        );
        let bind = if by_ref { quote!(#arg) } else { quote!(&#arg) };
        checks.push(if param.required {
            quote!({ let value = #bind; #param_checks })
        } else if by_ref {
            quote!(if let Some(value) = #arg { #param_checks })
        } else {
            quote!(if let Some(value) = &#arg { #param_checks })
        });
    }
    if let Some(body) = &op.body {
        if matches!(body.encoding, BodyEncoding::Json | BodyEncoding::Form) && api.types.has_validation(&body.ty) {
            checks.push(if body.required {
                quote!(apigen_runtime::Validate::validate(body).map_err(|e| e.within("body"))?;)
            } else {
                quote!(if let Some(body) = body {
                    apigen_runtime::Validate::validate(body).map_err(|e| e.within("body"))?;
                })
            });
        }
    }

    // Path.
    let mut format_string = String::new();
    let mut path_args = Vec::new();
    for piece in split_template(&op.path) {
        match piece {
            Piece::Literal(text) => format_string.push_str(&text.replace('{', "{{").replace('}', "}}")),
            Piece::Variable(var) => {
                format_string.push_str("{}");
                match op.parameters.iter().find(|p| p.location == ParameterLocation::Path && p.name == var) {
                    Some(param) => {
                        let arg = ident(&param.arg);
                        path_args.push(match api.types.resolve(&param.ty) {
                            TypeRef::String => quote!(apigen_runtime::path_segment::<#error_enum>(#arg)?),
                            TypeRef::Array(item) => {
                                let text = to_text(item, api, &quote!(item));
                                quote!(apigen_runtime::path_list::<#error_enum>(
                                    &#arg.iter().map(|item| #text).collect::<Vec<_>>()
                                )?)
                            }
                            _ => {
                                let text = to_text(&param.ty, api, &quote!(#arg));
                                quote!(apigen_runtime::path_segment::<#error_enum>(&#text)?)
                            }
                        });
                    }
                    None => path_args.push(quote!("")),
                }
            }
        }
    }
    let path_expr =
        if path_args.is_empty() { quote!(#format_string) } else { quote!(&format!(#format_string, #(#path_args),*)) };

    let method = format_ident!("{}", op.method.as_str());
    // Statements after the builder is made; the builder (and later the request) is
    // declared `mut` only when something changes it, to keep `unused_mut` quiet.
    let mut build = Vec::new();
    if let Some(accept) =
        op.successes.iter().filter_map(|r| r.body.as_ref()).map(|b| b.media_type.as_str()).find(|m| !m.contains('*'))
    {
        build.push(quote!(builder = builder.header(apigen_runtime::reqwest::header::ACCEPT, #accept);));
    }
    // Header and cookie parameters.
    let mut cookies = Vec::new();
    for param in
        op.parameters.iter().filter(|p| matches!(p.location, ParameterLocation::Header | ParameterLocation::Cookie))
    {
        let arg = ident(&param.arg);
        let wire = &param.name;
        let text = param_text(param, api, &quote!(value));
        let push = if param.location == ParameterLocation::Header {
            quote!(builder = builder.header(#wire, #text);)
        } else {
            cookies.push(());
            quote!(cookies.push((#wire, #text));)
        };
        build.push(bind_param(param, &arg, push));
    }
    if !cookies.is_empty() {
        build.insert(0, quote!(let mut cookies: Vec<(&str, String)> = Vec::new();));
        build.push(quote! {
            if !cookies.is_empty() {
                let cookie = cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ");
                builder = builder.header(apigen_runtime::reqwest::header::COOKIE, cookie);
            }
        });
    }
    if let Some(body) = &op.body {
        let media = if body.media_type.contains('*') {
            match body.encoding {
                BodyEncoding::Json => "application/json".to_owned(),
                _ => "application/octet-stream".to_owned(),
            }
        } else {
            body.media_type.clone()
        };
        let attach = match body.encoding {
            BodyEncoding::Json => quote! {
                builder = builder.header(apigen_runtime::reqwest::header::CONTENT_TYPE, #media).json(body);
            },
            BodyEncoding::Form => quote!(builder = builder.form(body);),
            BodyEncoding::Text => quote! {
                builder = builder.header(apigen_runtime::reqwest::header::CONTENT_TYPE, #media).body(body.to_owned());
            },
            BodyEncoding::Bytes if body.media_type.starts_with("multipart/") => quote! {
                builder = builder.header(apigen_runtime::reqwest::header::CONTENT_TYPE, content_type).body(body.to_vec());
            },
            BodyEncoding::Bytes => quote! {
                builder = builder.header(apigen_runtime::reqwest::header::CONTENT_TYPE, #media).body(body.to_vec());
            },
        };
        build.push(if body.required { attach } else { quote!(if let Some(body) = body { #attach }) });
    }
    let builder_mut = if build.is_empty() { quote!() } else { quote!(mut) };
    build.insert(0, quote! {
        let #builder_mut builder = self.core.request::<#error_enum>(apigen_runtime::reqwest::Method::#method, #path_expr)?;
    });
    let request_at = build.len();
    // Query parameters go onto the built URL (no `query` feature needed).
    let query: Vec<_> = op.parameters.iter().filter(|p| p.location == ParameterLocation::Query).collect();
    if !query.is_empty() {
        let mut pushes = Vec::new();
        for param in query {
            let arg = ident(&param.arg);
            let wire = &param.name;
            let push = match api.types.resolve(&param.ty) {
                TypeRef::Array(item) if param.explode => {
                    let text = to_text(item, api, &quote!(item));
                    quote!(for item in value.iter() { query.push((#wire, #text)); })
                }
                _ => {
                    let text = param_text(param, api, &quote!(value));
                    quote!(query.push((#wire, #text));)
                }
            };
            pushes.push(bind_param(param, &arg, push));
        }
        build.push(quote! {
            let mut query: Vec<(&str, String)> = Vec::new();
            #(#pushes)*
            if !query.is_empty() {
                request.url_mut().query_pairs_mut().extend_pairs(query);
            }
        });
    }
    // Security.
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(|scheme| match api.security_schemes.iter().find(|s| &s.name == scheme) {
            Some(s) => {
                let field = ident(&s.field);
                quote!((#scheme, self.#field.as_ref().map(|c| c as &dyn apigen_runtime::auth::Credential)))
            }
            None => quote!((#scheme, None)),
        });
        quote!(&[#(#schemes),*])
    });
    let op_name = &op.name;
    if !op.security.is_empty() {
        build.push(quote!(apigen_runtime::auth::apply(#op_name, &mut request, &[#(#alternatives),*])?;));
    }

    let request_mut = if build.len() > request_at { quote!(mut) } else { quote!() };
    build.insert(
        request_at,
        quote!(let #request_mut request = builder.build().map_err(apigen_runtime::Error::transport)?;),
    );
    if op.carries_credentials {
        build.push(quote!(self.core.check_transport::<#error_enum>(&request)?;));
    }
    let arms = response_arms(op, &error_enum);
    let docs = operation_docs(op, &success_doc);
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { quote!() };
    let many_args = if args.len() > 6 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    quote! {
        #docs
        #deprecated
        #many_args
        pub async fn #name(&self, #(#args),*) -> Result<#success_ty, apigen_runtime::Error<#error_enum>> {
            #(#checks)*
            #(#build)*
            let response = self.core.execute(request).await?;
            #arms
        }
    }
}

/// Binds `value` to a parameter (unwrapping optional ones) around `body`.
fn bind_param(param: &Parameter, arg: &proc_macro2::Ident, body: TokenStream) -> TokenStream {
    if param.required { quote!({ let value = &#arg; #body }) } else { quote!(if let Some(value) = &#arg { #body }) }
}

/// Text of a parameter value: arrays joined by commas, scalars as text.
fn param_text(param: &Parameter, api: &Api, value: &TokenStream) -> TokenStream {
    match api.types.resolve(&param.ty) {
        TypeRef::Array(item) => {
            let text = to_text(item, api, &quote!(item));
            let delimiter = param.delimiter.to_string();
            quote!(#value.iter().map(|item| #text).collect::<Vec<_>>().join(#delimiter))
        }
        _ => to_text(&param.ty, api, value),
    }
}

enum Piece<'a> {
    Literal(&'a str),
    Variable(&'a str),
}

fn split_template(path: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(Piece::Literal(&rest[..start]));
        out.push(Piece::Variable(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    out.push(Piece::Literal(rest));
    out
}

/// The method's `Ok` type, and a sentence for its docs.
fn success_type(api: &Api, op: &Operation) -> (TokenStream, String) {
    let prefix = types_prefix();
    match distinct_success(op) {
        Success::Unit => (quote!(()), "Returns `()` on success.".to_owned()),
        Success::One(ty) => (rust_type(ty, &api.types, &prefix), String::new()),
        Success::Many => {
            let name = format_ident!("{}Success", op.type_prefix);
            (
                quote!(#name),
                format!("Returns [`{}Success`], one variant per documented success status.", op.type_prefix),
            )
        }
    }
}

enum Success<'a> {
    Unit,
    One(&'a TypeRef),
    Many,
}

fn distinct_success(op: &Operation) -> Success<'_> {
    let bodies: Vec<Option<&TypeRef>> = op.successes.iter().map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
    let mut distinct = bodies.clone();
    distinct.dedup();
    match distinct.as_slice() {
        [] | [None] => Success::Unit,
        [Some(ty)] => Success::One(ty),
        _ => Success::Many,
    }
}

fn read_body(body: Option<&crate::model::ResponseBody>, error_enum: &proc_macro2::Ident) -> TokenStream {
    match body.map(|b| b.encoding) {
        Some(BodyEncoding::Json | BodyEncoding::Form) => {
            quote!(apigen_runtime::read_json::<_, #error_enum>(response).await?)
        }
        Some(BodyEncoding::Text) => quote!(apigen_runtime::read_text::<#error_enum>(response).await?),
        Some(BodyEncoding::Bytes) => quote!(apigen_runtime::read_bytes::<#error_enum>(response).await?),
        None => quote!(()),
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(range) => {
            let low = proc_macro2::Literal::u16_unsuffixed(range * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(range * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn response_arms(op: &Operation, error_enum: &proc_macro2::Ident) -> TokenStream {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    let success_enum = format_ident!("{}Success", op.type_prefix);
    let many = matches!(distinct_success(op), Success::Many);
    for response in &op.successes {
        let pattern = status_pattern(response.status);
        let read = read_body(response.body.as_ref(), error_enum);
        let value = if many {
            let variant = ident(&response.variant);
            if response.body.is_some() {
                quote!(#success_enum::#variant(#read))
            } else {
                quote!(#success_enum::#variant)
            }
        } else if response.body.is_some() {
            read
        } else {
            // Another success status of the same operation has no body: `()` either way.
            quote!(())
        };
        arms.push((response.status, quote!(#pattern => Ok(#value),)));
    }
    for response in &op.errors {
        let pattern = status_pattern(response.status);
        let variant = ident(&response.variant);
        let read = read_body(response.body.as_ref(), error_enum);
        let error =
            if response.body.is_some() { quote!(#error_enum::#variant(#read)) } else { quote!(#error_enum::#variant) };
        let status = if response.status == StatusMatch::Default || matches!(response.status, StatusMatch::Range(_)) {
            quote!(status)
        } else {
            let code = status_pattern(response.status);
            quote!(status: #code)
        };
        let pattern = match response.status {
            StatusMatch::Default => quote!(status),
            StatusMatch::Range(_) => quote!(status @ #pattern),
            StatusMatch::Code(_) => pattern,
        };
        arms.push((response.status, quote!(#pattern => Err(apigen_runtime::Error::Api { #status, error: #error }),)));
    }
    // Exact codes, then ranges, then default; a catch-all for undocumented statuses.
    arms.sort_by_key(|(status, _)| match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let default = op.errors.iter().find(|r| r.status == StatusMatch::Default);
    // With nothing but a catch-all, there is nothing to match on.
    if arms.iter().all(|(status, _)| *status == StatusMatch::Default) {
        return match default {
            Some(response) => {
                let variant = ident(&response.variant);
                let read = read_body(response.body.as_ref(), error_enum);
                let error = if response.body.is_some() {
                    quote!(#error_enum::#variant(#read))
                } else {
                    quote!(#error_enum::#variant)
                };
                quote! {
                    let status = response.status().as_u16();
                    Err(apigen_runtime::Error::Api { status, error: #error })
                }
            }
            None => quote!(Err(apigen_runtime::unexpected_status(response).await)),
        };
    }
    let arms = arms.into_iter().map(|(_, arm)| arm);
    let fallback =
        if default.is_some() { quote!() } else { quote!(_ => Err(apigen_runtime::unexpected_status(response).await),) };
    quote! {
        match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    }
}

fn operation_docs(op: &Operation, success_doc: &str) -> TokenStream {
    let endpoint = format!("`{} {}`", op.method.as_str(), op.path.replace('`', "'"));
    let mut docs = match &op.summary {
        Some(summary) => Docs::new().spec(Some(summary)),
        None => Docs::new().ours(&endpoint),
    };
    if let Some(description) = &op.description {
        if Some(description.trim()) != op.summary.as_deref().map(str::trim) {
            docs = docs.spec(Some(description));
        }
    }
    let mut facts = vec![endpoint];
    if let Some(id) = &op.operation_id {
        facts.push(format!("operationId `{}`", id.replace('`', "'")));
    }
    docs = docs.ours(facts.join(", "));
    if let Some(body) = &op.body {
        docs = docs.spec(body.description.as_deref()).ours(format!("The body is sent as `{}`.", body.media_type));
        if body.media_type.starts_with("multipart/") {
            docs = docs.ours(
                "The body is the encoded parts, and `content_type` the whole `Content-Type` value with its `boundary`.",
            );
        }
    }
    let params: Vec<String> = op
        .parameters
        .iter()
        .map(|p| {
            let description = p.description.as_deref().map(inline).unwrap_or_default();
            format!(
                "- `{}`: `{}` in the {}. {description}",
                split_raw(&p.arg).1,
                p.name.replace('`', "'"),
                location_name(p.location)
            )
        })
        .collect();
    if !params.is_empty() {
        docs = docs.ours(format!("Parameters:\n{}", params.join("\n")));
    }
    docs = docs.ours(success_doc);
    let security = if op.security.is_empty() {
        "No credentials needed.".to_owned()
    } else {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|a| {
                if a.is_empty() {
                    "none".to_owned()
                } else {
                    a.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" + ")
                }
            })
            .collect();
        format!("Credentials: {}.", alternatives.join(" or "))
    };
    docs = docs.ours(security);
    let mut errors = String::from("# Errors\n\n");
    errors.push_str("[`apigen_runtime::Error::Validation`] before sending when a declared constraint does not hold");
    if !op.security.is_empty() {
        errors.push_str(", [`apigen_runtime::Error::MissingCredentials`] when the client lacks the credentials");
    }
    errors.push_str("; [`apigen_runtime::Error::Api`] for documented error statuses:");
    for response in &op.errors {
        let status = match response.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(range) => format!("{range}XX"),
            StatusMatch::Default => "any other".to_owned(),
        };
        errors.push_str(&format!(
            "\n- {status}: [`{}Error::{}`]: {}",
            op.type_prefix,
            split_raw(&response.variant).1,
            inline(&response.description)
        ));
    }
    if op.errors.is_empty() {
        errors.push_str(" none documented.");
    }
    errors.push_str("\n\nOther statuses give [`apigen_runtime::Error::UnexpectedStatus`].");
    docs.ours(errors).outer()
}

fn location_name(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "headers",
        ParameterLocation::Cookie => "cookies",
    }
}

fn render_outcome_enums(api: &Api, op: &Operation) -> TokenStream {
    let prefix = types_prefix();
    let error_enum = format_ident!("{}Error", op.type_prefix);
    let variant = |response: &Response| {
        let name = ident(&response.variant);
        let status = match response.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(range) => format!("{range}XX"),
            StatusMatch::Default => "default".to_owned(),
        };
        let docs = Docs::new().ours(format!("{status}: {}", inline(&response.description))).outer();
        match &response.body {
            Some(body) => {
                let ty = rust_type(&body.ty, &api.types, &prefix);
                quote!(#docs #name(#ty),)
            }
            None => quote!(#docs #name,),
        }
    };
    let errors = op.errors.iter().map(variant);
    let error_doc = format!(" Documented error responses of [`Client::{}`].", split_raw(&op.name).1);
    let success = if matches!(distinct_success(op), Success::Many) {
        let name = format_ident!("{}Success", op.type_prefix);
        let variants = op.successes.iter().map(variant);
        let doc = format!(" Documented success responses of [`Client::{}`].", split_raw(&op.name).1);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)] // variant sizes come from the spec's schemas
            pub enum #name {
                #(#variants)*
            }
        }
    } else {
        quote!()
    };
    quote! {
        #[doc = #error_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)] // variant sizes come from the spec's schemas
        pub enum #error_enum {
            #(#errors)*
        }
        #success
    }
}

/// The `TokenSource` of the operation that declares `x-apigen-token`.
fn render_token_source(api: &Api, op: &Operation) -> TokenStream {
    let Some(decl) = &op.token else { return quote!() };
    let name = ident(&op.name);
    let bare = split_raw(&op.name).1;
    let token = &decl.token;
    let token_type = match &decl.token_type {
        Some(pointer) => quote!(Some(#pointer)),
        None => quote!(None),
    };
    let default_token_type = &decl.default_token_type;
    let expiry = decl.expiry.iter().map(|source| match source {
        crate::model::token::Expiry::Seconds(p) => quote!(apigen_runtime::token::ExpirySource::Seconds(#p)),
        crate::model::token::Expiry::DateTime(p) => quote!(apigen_runtime::token::ExpirySource::DateTime(#p)),
        crate::model::token::Expiry::Epoch(p) => quote!(apigen_runtime::token::ExpirySource::Epoch(#p)),
        crate::model::token::Expiry::JwtExp => quote!(apigen_runtime::token::ExpirySource::JwtExp),
    });
    let seconds = |value: Option<u64>| match value {
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(Some(std::time::Duration::from_secs(#n)))
        }
        None => quote!(None),
    };
    let default_lifetime = seconds(decl.default_lifetime_seconds);
    let max_lifetime = seconds(decl.max_lifetime_seconds);
    let (field, arg, ctor_arg, doc_body) = match &op.body {
        Some(body) => {
            let ty = rust_type(&body.ty, &api.types, &types_prefix());
            let call = if body.required { quote!(&self.body) } else { quote!(Some(&self.body)) };
            (quote!(body: #ty,), call, quote!(body: #ty), " with `body` (the client credentials)")
        }
        None => (quote!(), quote!(), quote!(), ""),
    };
    let body_init = if op.body.is_some() { quote!(body,) } else { quote!() };
    let mapping_doc = format!(
        " How responses of [`Client::{bare}`] map to an access token, as the API's `x-apigen-token` declaration says."
    );
    let source_doc = Docs::new()
        .ours(format!(
            "Access tokens from [`Client::{bare}`] (`{} {}`), for a [`apigen_runtime::token::TokenCache`].",
            op.method.as_str(),
            op.path
        ))
        .ours("Each fetch calls the operation and reads the token and its expiry with [`TOKEN_MAPPING`].")
        .outer();
    let new_doc = format!(" A source calling [`Client::{bare}`] on `client`{doc_body}.");
    quote! {
        #[doc = #mapping_doc]
        pub const TOKEN_MAPPING: apigen_runtime::token::TokenMapping = apigen_runtime::token::TokenMapping {
            token: #token,
            token_type: #token_type,
            default_token_type: #default_token_type,
            expiry: &[#(#expiry),*],
            default_lifetime: #default_lifetime,
            max_lifetime: #max_lifetime,
        };

        #source_doc
        #[derive(Debug, Clone)]
        pub struct TokenSource {
            client: Client,
            #field
        }

        impl TokenSource {
            #[doc = #new_doc]
            pub fn new(client: Client, #ctor_arg) -> Self {
                TokenSource { client, #body_init }
            }

            /// A token cache over this source, with the default refresh policy.
            pub fn into_cache(self) -> apigen_runtime::token::TokenCache<Self> {
                apigen_runtime::token::TokenCache::new(self)
            }
        }

        impl apigen_runtime::token::TokenSource for TokenSource {
            fn fetch(
                &self,
                now: chrono::DateTime<chrono::Utc>,
            ) -> apigen_runtime::token::BoxFuture<'_, Result<apigen_runtime::token::AccessToken, apigen_runtime::token::FetchError>> {
                Box::pin(async move {
                    let response = self.client.#name(#arg).await?;
                    let value = serde_json::to_value(&response).map_err(|e| {
                        apigen_runtime::token::FetchError::permanent(format!("cannot read the token response: {e}"))
                    })?;
                    apigen_runtime::token::extract(&value, &TOKEN_MAPPING, now)
                })
            }
        }
    }
}
