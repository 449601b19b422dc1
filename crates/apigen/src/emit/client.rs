//! The `Client` of one API module: servers, credentials, one method per operation (in
//! [`super::operation`]), and the `TokenSource` of a token operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Docs, autolink, code, inline};
use super::layout::Piece;
use super::operation::client_method;
use super::types::ident;
use crate::model::names::split_raw;
use crate::model::{Api, SchemeKind};

/// The client module's items, in pieces made one at a time as they are printed (so that
/// a large API's tokens and syntax trees are never all in memory).
pub struct ClientItems<'a> {
    /// Server items and the `Client` struct.
    pub before: TokenStream,
    /// The items of `impl Client`: its own methods and setters, then one per operation.
    pub methods: Box<dyn Iterator<Item = Piece> + 'a>,
}

/// `Client`, server variables, the operation methods, builders and outcome enums.
pub fn render_client(api: &Api) -> ClientItems<'_> {
    let servers = render_servers(api);
    let title = &api.title;
    let client_doc = Docs::new()
        .ours(format!("A client for {}: one method per operation, returning a request to `.await`.", inline(title)))
        .ours(format!(
            "Build it with [`Client::new`] (any base URL){}, then add credentials with the `with_…` methods.",
            if default_server(api).is_some() { " or [`Client::with_default_server`]" } else { "" }
        ))
        .outer();
    let before = quote! {
        #servers

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: apigen_runtime::ClientCore,
        }
    };
    let settings = std::iter::once_with(move || Piece::Tokens(client_settings(api)));
    let setters = api.security_schemes.iter().map(|scheme| Piece::Tokens(render_scheme_setter(scheme)));
    let methods = api.operations.iter().map(move |op| Piece::Text(client_method(api, op)));
    ClientItems { before, methods: Box::new(settings.chain(setters).chain(methods)) }
}

/// The client's own constructors and settings.
fn client_settings(api: &Api) -> TokenStream {
    let default_ctor = render_default_constructor(api);
    let transport = transport_settings();
    quote! {
        /// A client for `base_url`, which endpoint paths are appended to (its own path is kept).
        ///
        /// # Errors
        /// When `base_url` is not an absolute `http`/`https` URL without query or fragment.
        pub fn new(base_url: &str) -> Result<Self, apigen_runtime::BaseUrlError> {
            Ok(Client { core: apigen_runtime::ClientCore::new(base_url)? })
        }

        #default_ctor

        #transport

        /// The base URL requests go to.
        pub fn base_url(&self) -> &apigen_runtime::BaseUrl {
            self.core.base_url()
        }

        /// Calls `observer` with every response before it is read (status, headers,
        /// URL with the request's secrets as `[REDACTED]`): for logging, metrics, or
        /// headers the spec does not describe.
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
    }
}

/// The client's settings of how calls are sent: HTTP client, body limit, bound, retries.
fn transport_settings() -> TokenStream {
    quote! {
        /// Uses `http` for all requests (proxies, timeouts, connection pools). It replaces
        /// the default client whole, including its 30 s read timeout, 10 s connect timeout,
        /// redirects only within the origin and user agent: build it from
        /// [`apigen_runtime::default_http_client_builder`] to keep them.
        #[must_use]
        pub fn with_http_client(mut self, http: apigen_runtime::reqwest::Client) -> Self {
            self.core = self.core.with_http_client(http);
            self
        }

        /// Reads response bodies up to `limit` bytes (default
        /// [`apigen_runtime::DEFAULT_BODY_LIMIT`], 16 MiB); a larger body fails with
        /// [`apigen_runtime::Error::BodyTooLarge`] and is not read further.
        #[must_use]
        pub fn with_body_limit(mut self, limit: u64) -> Self {
            self.core = self.core.with_body_limit(limit);
            self
        }

        /// Bounds each call, from sending until its body is read, by `timeout`
        /// (default 30 s); a call not done by then fails with
        /// [`apigen_runtime::Error::Timeout`]. A streamed download is bounded until its
        /// response arrives, then by the HTTP client's read timeout.
        #[must_use]
        pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.core = self.core.with_timeout(timeout);
            self
        }

        /// Sends a call again, within its bound, when the server did not act on it or
        /// the request is idempotent: a refused connection, a 429, and for `GET`, `HEAD`,
        /// `OPTIONS`, `TRACE`, `PUT`, `DELETE` (or a request with an `Idempotency-Key`) a 408, 500,
        /// 502, 503, 504 or a broken connection, after the server's `Retry-After` or a
        /// random backoff. The
        /// default, [`apigen_runtime::RetryPolicy::default`], retries twice;
        /// [`apigen_runtime::RetryPolicy::none`] sends each call once.
        #[must_use]
        pub fn with_retries(mut self, policy: apigen_runtime::RetryPolicy) -> Self {
            self.core = self.core.with_retries(policy);
            self
        }
    }
}

fn render_scheme_setter(scheme: &crate::model::SecurityScheme) -> TokenStream {
    let method = format_ident!("with_{}", split_raw(&scheme.field).1);
    let (name, credential) = (&scheme.name, &scheme.credential);
    // A scheme that is a `$ref` to another sets that one's credential.
    let alias = match name == credential {
        true => String::new(),
        false => format!(
            "The spec's {} is a `$ref` to its scheme {}: this sets that scheme's credential.",
            code(name),
            code(credential)
        ),
    };
    let description = &scheme.description;
    match &scheme.kind {
        SchemeKind::Basic => {
            let docs = Docs::new()
                .ours(format!("Credentials for the HTTP Basic security scheme {}.", code(name)))
                .ours(&alias)
                .spec(description.as_deref())
                .outer();
            quote! {
                #docs
                #[must_use]
                pub fn #method(mut self, username: impl Into<String>, password: impl Into<apigen_runtime::Secret>) -> Self {
                    self.core = self.core.with_credential(#credential, apigen_runtime::auth::HttpBasic::new(username, password));
                    self
                }
            }
        }
        SchemeKind::Bearer => render_bearer_setters(scheme, &method, &alias),
        SchemeKind::ApiKey { location, name: key_name } => {
            let (loc, where_) = match location {
                crate::model::ApiKeyLocation::Header => (quote!(Header), "header"),
                crate::model::ApiKeyLocation::Query => (quote!(Query), "query parameter"),
                crate::model::ApiKeyLocation::Cookie => (quote!(Cookie), "cookie"),
            };
            let docs = Docs::new()
                .ours(format!(
                    "The key for the API key security scheme {} (sent as {where_} {}).",
                    code(name),
                    code(key_name)
                ))
                .ours(&alias)
                .spec(description.as_deref())
                .outer();
            quote! {
                #docs
                #[must_use]
                pub fn #method(mut self, key: impl Into<apigen_runtime::Secret>) -> Self {
                    let key = apigen_runtime::auth::ApiKey::new(apigen_runtime::auth::ApiKeyLocation::#loc, #key_name, key);
                    self.core = self.core.with_credential(#credential, key);
                    self
                }
            }
        }
    }
}

/// `with_<scheme>(token)` and `with_<scheme>_provider(provider)` for a bearer scheme (or an
/// OAuth 2.0 one, whose tokens are bearer tokens).
fn render_bearer_setters(
    scheme: &crate::model::SecurityScheme,
    method: &proc_macro2::Ident,
    alias: &str,
) -> TokenStream {
    let (name, credential, description) = (&scheme.name, &scheme.credential, &scheme.description);
    let docs = Docs::new()
        .ours(format!("The token for the bearer security scheme {} (sent as `Authorization: Bearer …`).", code(name)))
        .ours(alias)
        .spec(description.as_deref())
        .outer();
    let provider = format_ident!("with_{}_provider", split_raw(&scheme.field).1);
    let provider_docs = Docs::new()
        .ours(format!(
            "Takes the token of each call for the security scheme {} from `provider`, for example an [`apigen_runtime::token::TokenCache`].",
            code(name)
        ))
        .ours("A call answered 401 invalidates exactly the token it carried and is sent once more with a fresh one; a second 401 is returned.")
        .outer();
    quote! {
        #docs
        #[must_use]
        pub fn #method(mut self, token: impl Into<apigen_runtime::Secret>) -> Self {
            self.core = self.core.with_credential(#credential, apigen_runtime::auth::BearerToken::new(token));
            self
        }

        #provider_docs
        #[must_use]
        pub fn #provider(mut self, provider: impl apigen_runtime::token::TokenProvider + 'static) -> Self {
            self.core = self.core.with_token_provider(#credential, provider);
            self
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
            .ours(format!("The first server the spec lists: {}.", autolink(url)))
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
        let doc = format!(" Sets {}.", code(&format!("{{{}}}", v.name)));
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
        .ours(format!("The variables of the server URL template {}.", code(url)))
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
    let mut notes =
        vec![format!("{} in the URL template; default {}.", code(&format!("{{{}}}", v.name)), code(&v.default))];
    if !v.allowed.is_empty() {
        notes.push(format!("Allowed values: {}.", v.allowed.iter().map(|a| code(a)).collect::<Vec<_>>().join(", ")));
    }
    let docs = Docs::new().spec(v.description.as_deref()).ours(notes.join(" ")).outer();
    quote!(#docs pub #field: String,)
}

/// Whether `url` is plain `http://` to a host other than loopback, where the runtime
/// refuses to send credentials (the same test as the runtime's `is_loopback` in its
/// `client.rs`; the generator does not depend on the runtime crate).
fn plain_http(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else { return false };
    let loopback = match url.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    url.scheme() == "http" && !loopback
}

fn render_default_constructor(api: &Api) -> TokenStream {
    let Some(server) = default_server(api) else { return quote!() };
    let others: Vec<String> = api.servers.iter().skip(1).map(|s| code(&s.url)).collect();
    let also = if others.is_empty() { String::new() } else { format!(" The spec also lists {}.", others.join(", ")) };
    if server.variables.is_empty() {
        let warning = if plain_http(&server.url) {
            " The spec gives a plain `http://` URL: calls that carry credentials are refused over it unless the client \
             calls `allow_insecure_http()`; if the vendor serves `https://`, pass that to [`Client::new`]."
        } else {
            ""
        };
        let docs = Docs::new()
            .ours(format!("A client for [`DEFAULT_BASE_URL`], the first server the spec lists.{also}{warning}"))
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
                "A client for the first server of the spec, {}, with the defaults of [`ServerVariables`].{also}",
                code(&server.url)
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
