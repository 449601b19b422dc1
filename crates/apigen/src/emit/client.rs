//! The `Client` of one API module: servers, credentials, one method per operation (in
//! [`super::operation`]), and the `TokenSource` of a token operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Docs, inline};
use super::operation::render_operation;
use super::types::{ident, rust_type};
use crate::model::names::split_raw;
use crate::model::{Api, Operation, SchemeKind};

/// The client module's items (after its inner docs): `Client`, server variables,
/// operation methods and error enums.
pub fn render_client(api: &Api) -> TokenStream {
    let servers = render_servers(api);
    let scheme_setters = api.security_schemes.iter().map(render_scheme_setter);
    let (methods, items): (Vec<TokenStream>, Vec<TokenStream>) =
        api.operations.iter().map(|op| render_operation(api, op)).unzip();
    let title = &api.title;
    let client_doc = Docs::new()
        .ours(format!("A client for {}: one async method per operation.", inline(title)))
        .ours(format!(
            "Build it with [`Client::new`] (any base URL){}, then add credentials with the `with_…` methods.",
            if default_server(api).is_some() { " or [`Client::with_default_server`]" } else { "" }
        ))
        .outer();
    let default_ctor = render_default_constructor(api);
    let token = api.operations.iter().find(|op| op.token.is_some()).map(|op| render_token_source(api, op));
    quote! {
        #servers

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: apigen_runtime::ClientCore,
        }

        impl Client {
            /// A client for `base_url`, which endpoint paths are appended to (its own path is kept).
            ///
            /// # Errors
            /// When `base_url` is not an absolute `http`/`https` URL without query or fragment.
            pub fn new(base_url: &str) -> Result<Self, apigen_runtime::BaseUrlError> {
                Ok(Client { core: apigen_runtime::ClientCore::new(base_url)? })
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

            #(#methods)*
        }

        #(#items)*

        #token
    }
}

fn render_scheme_setter(scheme: &crate::model::SecurityScheme) -> TokenStream {
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
                    self.core = self.core.with_credential(#name, apigen_runtime::auth::HttpBasic::new(username, password));
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
                    self.core = self.core.with_credential(#name, apigen_runtime::auth::BearerToken::new(token));
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
                    let key = apigen_runtime::auth::ApiKey::new(apigen_runtime::auth::ApiKeyLocation::#loc, #key_name, key);
                    self.core = self.core.with_credential(#name, key);
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
    let fields = server.variables.iter().map(variable_field);
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
    let setters = server.variables.iter().map(|v| {
        let field = ident(&v.field);
        let method = format_ident!("with_{}", split_raw(&v.field).1);
        let doc = format!(" Sets `{{{}}}`.", v.name);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #method(mut self, value: impl Into<String>) -> Self {
                self.#field = value.into();
                self
            }
        }
    });
    let url = &server.url;
    let docs = Docs::new()
        .ours(format!("The variables of the server URL template `{url}`."))
        .spec(server.description.as_deref())
        .ours("Start from [`ServerVariables::default`] and set the ones to change with the `with_…` methods.")
        .outer();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
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

            #(#setters)*
        }
    }
}

/// A field of `ServerVariables`, documented with its default and allowed values.
fn variable_field(v: &crate::model::ServerVariable) -> TokenStream {
    let field = ident(&v.field);
    let mut notes = vec![format!("`{{{}}}` in the URL template; default `{}`.", v.name, v.default.replace('`', "'"))];
    if !v.allowed.is_empty() {
        notes.push(format!(
            "Allowed values: {}.",
            v.allowed.iter().map(|a| format!("`{}`", a.replace('`', "'"))).collect::<Vec<_>>().join(", ")
        ));
    }
    let docs = Docs::new().spec(v.description.as_deref()).ours(notes.join(" ")).outer();
    quote!(#docs pub #field: String,)
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

/// The `TokenSource` of the operation that declares `x-apigen-token`.
fn render_token_source(api: &Api, op: &Operation) -> TokenStream {
    let call = token_call(op);
    let Some(decl) = &op.token else { return quote!() };
    let bare = split_raw(&op.name).1;
    let mapping = render_token_mapping(bare, decl);
    let (field, ctor_arg, doc_body) = match &op.body {
        Some(body) => {
            let ty = rust_type(&body.ty, &api.types, &quote!(types::));
            (quote!(body: #ty,), quote!(body: #ty), " with `body` (the client credentials)")
        }
        None => (quote!(), quote!(), ""),
    };
    let body_init = if op.body.is_some() { quote!(body,) } else { quote!() };
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
        #mapping

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
                    let response = #call.await?;
                    let value = serde_json::to_value(&response).map_err(|e| {
                        apigen_runtime::token::FetchError::permanent(format!("cannot read the token response: {e}"))
                    })?;
                    apigen_runtime::token::extract(&value, &TOKEN_MAPPING, now)
                })
            }
        }
    }
}

/// `TOKEN_MAPPING`: the declaration, as the runtime reads it.
fn render_token_mapping(bare: &str, decl: &crate::model::token::TokenDecl) -> TokenStream {
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
    let mapping_doc = format!(
        " How responses of [`Client::{bare}`] map to an access token, as the API's `x-apigen-token` declaration says."
    );
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

    }
}

/// The call of the token operation in `TokenSource::fetch` (a token operation has no
/// parameters; its body, if any, is the source's).
fn token_call(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    match &op.body {
        Some(body) if body.required => quote!(self.client.#name(self.body.clone())),
        Some(_) => quote!(self.client.#name().body(self.body.clone())),
        None => quote!(self.client.#name()),
    }
}
