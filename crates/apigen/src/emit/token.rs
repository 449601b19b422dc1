//! Access tokens in the API module: the `TokenSource` of the operation that declares
//! `x-apigen-token` (reading its typed response, so the token goes from the
//! response's own field into a `Secret` and never through an untyped JSON value),
//! and a client-credentials token source per `oauth2` scheme with that flow.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{Docs, autolink, code, inline};
use super::types::{default_value, ident, rust_type};
use crate::model::names::split_raw;
use crate::model::token::{Expiry, Leaf, PointerPath, Step, TokenDecl};
use crate::model::types::{TypeKind, TypeRegistry};
use crate::model::{Api, Operation, SecurityScheme};

/// The module's token items: the declared token source, then one client-credentials
/// source per OAuth 2.0 scheme that has the flow.
pub fn render_tokens(api: &Api) -> TokenStream {
    let declared = api.operations.iter().find(|op| op.token.is_some()).map(|op| render_token_source(api, op));
    let oauth = api.security_schemes.iter().map(render_client_credentials);
    quote! {
        #declared
        #(#oauth)*
    }
}

/// How a value is reached: a place expression while every step is certain, then an
/// `Option<&T>` chain from the first step that may find nothing.
enum Access {
    Place(TokenStream),
    /// The `Option<T>` at this place, not yet borrowed (`as_deref`/`clone` read it best).
    Optional(TokenStream),
    Chain(TokenStream),
}

/// Follows `path` from `response`.
fn access(path: &PointerPath, registry: &TypeRegistry) -> Access {
    let last = path.steps.len().saturating_sub(1);
    path.steps.iter().enumerate().fold(Access::Place(quote!(response)), |access, (position, step)| {
        take(access, step, position == last, registry)
    })
}

/// One step further.
fn take(access: Access, step: &Step, last: bool, registry: &TypeRegistry) -> Access {
    match (access, step) {
        (Access::Optional(place), step) => take(Access::Chain(quote!(#place.as_ref())), step, last, registry),
        (Access::Place(place), Step::Field { owner, index }) => {
            let (name, shape) = field(*owner, *index, registry);
            match shape {
                Shape::Bare => Access::Place(quote!(#place.#name)),
                Shape::Option => Access::Optional(quote!(#place.#name)),
                Shape::DoubleOption => Access::Chain(quote!(#place.#name.as_ref().and_then(|v| v.as_ref()))),
            }
        }
        (Access::Chain(chain), Step::Field { owner, index }) => {
            let (name, shape) = field(*owner, *index, registry);
            Access::Chain(match shape {
                Shape::Bare => quote!(#chain.map(|v| &v.#name)),
                Shape::Option => quote!(#chain.and_then(|v| v.#name.as_ref())),
                Shape::DoubleOption => quote!(#chain.and_then(|v| v.#name.as_ref()).and_then(|v| v.as_ref())),
            })
        }
        // Field access goes through a box by itself; only a box at the end needs `*`.
        (Access::Place(place), Step::Boxed) if last => Access::Place(quote!((*#place))),
        (Access::Place(place), Step::Boxed) => Access::Place(place),
        (Access::Chain(chain), Step::Boxed) => Access::Chain(quote!(#chain.map(|v| &**v))),
        (Access::Place(place), Step::Nullable) => Access::Optional(place),
        (Access::Chain(chain), Step::Nullable) => Access::Chain(quote!(#chain.and_then(|v| v.as_ref()))),
        (Access::Place(place), Step::Key(key)) => Access::Chain(quote!(#place.get(#key))),
        (Access::Chain(chain), Step::Key(key)) => Access::Chain(quote!(#chain.and_then(|v| v.get(#key)))),
        (access, Step::Json(rest)) if rest.is_empty() => access,
        (Access::Place(place), Step::Json(rest)) => Access::Chain(quote!(#place.pointer(#rest))),
        (Access::Chain(chain), Step::Json(rest)) => Access::Chain(quote!(#chain.and_then(|v| v.pointer(#rest)))),
    }
}

/// How a field holds its value in the generated struct.
enum Shape {
    Bare,
    Option,
    DoubleOption,
}

fn field(owner: crate::model::types::TypeId, index: usize, registry: &TypeRegistry) -> (proc_macro2::Ident, Shape) {
    let TypeKind::Struct { fields, .. } = &registry.get(owner).kind else {
        // The model only records field steps into structs.
        return (format_ident!("missing_field"), Shape::Bare);
    };
    let field = &fields[index];
    let shape = match (field.required, field.nullable) {
        _ if default_value(field, registry).is_some() => Shape::Bare,
        (true, false) => Shape::Bare,
        (false, true) => Shape::DoubleOption,
        _ => Shape::Option,
    };
    (ident(&field.name), shape)
}

/// The token, as `Option<apigen_runtime::Secret>`.
fn token_expr(path: &PointerPath, registry: &TypeRegistry) -> TokenStream {
    match (access(path, registry), path.leaf) {
        (Access::Optional(place), Leaf::Secret) => quote!(#place.clone()),
        (access, leaf) => token_of(access, leaf),
    }
}

fn token_of(access: Access, leaf: Leaf) -> TokenStream {
    let secret = quote!(apigen_runtime::Secret::new);
    match (access, leaf) {
        (Access::Optional(place), leaf) => token_of(Access::Chain(quote!(#place.as_ref())), leaf),
        (Access::Place(place), Leaf::Secret) => quote!(Some(#place.clone())),
        (Access::Place(place), Leaf::Json) => quote!(#place.as_str().map(#secret)),
        (Access::Place(place), _) => quote!(Some(#secret(#place.as_str()))),
        (Access::Chain(chain), Leaf::Secret) => quote!(#chain.cloned()),
        (Access::Chain(chain), Leaf::Json) => quote!(#chain.and_then(|v| v.as_str()).map(#secret)),
        (Access::Chain(chain), _) => quote!(#chain.map(|v| #secret(v.as_str()))),
    }
}

/// The token type, as `Option<&str>`.
fn text_expr(path: &PointerPath, registry: &TypeRegistry) -> TokenStream {
    match (access(path, registry), path.leaf) {
        (Access::Optional(place), Leaf::String) => quote!(#place.as_deref()),
        (access, leaf) => text_of(access, leaf),
    }
}

fn text_of(access: Access, leaf: Leaf) -> TokenStream {
    match (access, leaf) {
        (Access::Optional(place), leaf) => text_of(Access::Chain(quote!(#place.as_ref())), leaf),
        (Access::Place(place), Leaf::Secret) => quote!(Some(#place.expose())),
        (Access::Place(place), Leaf::Json) => quote!(#place.as_str()),
        (Access::Place(place), _) => quote!(Some(#place.as_str())),
        (Access::Chain(chain), Leaf::Secret) => quote!(#chain.map(|v| v.expose())),
        (Access::Chain(chain), Leaf::Json) => quote!(#chain.and_then(|v| v.as_str())),
        (Access::Chain(chain), _) => quote!(#chain.map(|v| v.as_str())),
    }
}

/// One expiry value, as `apigen_runtime::token::ExpiryField`.
fn expiry_expr(path: Option<&PointerPath>, registry: &TypeRegistry) -> TokenStream {
    let field = quote!(apigen_runtime::token::ExpiryField);
    let Some(path) = path else { return quote!(#field::Missing) };
    let chain = match access(path, registry) {
        Access::Place(place) => Err(place),
        Access::Optional(place) => Ok(quote!(#place.as_ref())),
        Access::Chain(chain) => Ok(chain),
    };
    match chain {
        Err(place) => match path.leaf {
            Leaf::Integer | Leaf::Float => quote!(#field::Number(#place as f64)),
            Leaf::DateTime => quote!(#field::DateTime(#place)),
            Leaf::Json => quote!(#field::Json(&#place)),
            Leaf::Secret => quote!(#field::Text(#place.expose())),
            Leaf::String | Leaf::Enum => quote!(#field::Text(#place.as_str())),
        },
        Ok(chain) if path.leaf == Leaf::Json => quote!(#chain.map_or(#field::Missing, #field::Json)),
        Ok(chain) => {
            let value = match path.leaf {
                Leaf::Integer | Leaf::Float => quote!(#field::Number(*v as f64)),
                Leaf::DateTime => quote!(#field::DateTime(*v)),
                Leaf::Json => quote!(#field::Json(v)),
                Leaf::Secret => quote!(#field::Text(v.expose())),
                Leaf::String | Leaf::Enum => quote!(#field::Text(v.as_str())),
            };
            quote!(#chain.map_or(#field::Missing, |v| #value))
        }
    }
}

/// The `TokenSource` of the operation that declares `x-apigen-token`.
fn render_token_source(api: &Api, op: &Operation) -> TokenStream {
    let Some(decl) = &op.token else { return quote!() };
    let bare = split_raw(&op.name).1;
    let mapping = render_mapping(decl, bare);
    let registry = &api.types;
    let path = |pointer: &str| decl.paths.get(pointer);
    let token = path(&decl.token).map_or(quote!(None), |p| token_expr(p, registry));
    let token_type = decl.token_type.as_deref().and_then(path).map_or(quote!(None), |p| text_expr(p, registry));
    let expiry: Vec<TokenStream> = decl
        .expiry
        .iter()
        .map(|source| match source {
            Expiry::Seconds(p) | Expiry::DateTime(p) | Expiry::Epoch(p) => expiry_expr(path(p), registry),
            Expiry::JwtExp => expiry_expr(None, registry),
        })
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(expiry.len());
    let (field, ctor_arg, doc_body) = match &op.body {
        Some(body) => {
            let ty = rust_type(&body.ty, registry, &quote!(types::));
            (quote!(body: #ty,), quote!(body: #ty), " with `body` (the client credentials)")
        }
        None => (quote!(), quote!(), ""),
    };
    let call = token_call(op);
    let body_init = if op.body.is_some() { quote!(body,) } else { quote!() };
    let source_doc = Docs::new()
        .ours(format!(
            "Access tokens from [`Client::{bare}`] ({}), for a [`apigen_runtime::token::TokenCache`].",
            code(&format!("{} {}", op.method.as_str(), op.path))
        ))
        .ours("Each fetch calls the operation and reads the token and its expiry from the typed response as [`TOKEN_MAPPING`] says; the token goes from the response's field into a [`apigen_runtime::Secret`], never through an untyped JSON value.")
        .outer();
    let new_doc = format!(
        " A source calling [`Client::{bare}`] on `client`{doc_body}. The client does not send a token request again itself: the cache does (`RefreshPolicy`)."
    );
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
                // The cache retries token requests itself (`RefreshPolicy`).
                let client = client.with_retries(apigen_runtime::RetryPolicy::none());
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
            ) -> apigen_runtime::token::BoxFuture<'_, Result<apigen_runtime::token::AccessToken, apigen_runtime::token::TokenError>> {
                Box::pin(async move {
                    let response = #call.await?;
                    let expiry: [apigen_runtime::token::ExpiryField<'_>; #count] = [#(#expiry),*];
                    let fields = apigen_runtime::token::TokenFields {
                        token: #token,
                        token_type: #token_type,
                        expiry: &expiry,
                    };
                    apigen_runtime::token::assemble(fields, &TOKEN_MAPPING, now)
                })
            }
        }
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

/// `TOKEN_MAPPING`: the declaration as data.
fn render_mapping(decl: &TokenDecl, bare: &str) -> TokenStream {
    let token = &decl.token;
    let token_type = match &decl.token_type {
        Some(pointer) => quote!(Some(#pointer)),
        None => quote!(None),
    };
    let default_token_type = &decl.default_token_type;
    let expiry = decl.expiry.iter().map(|source| match source {
        Expiry::Seconds(p) => quote!(apigen_runtime::token::ExpirySource::Seconds(#p)),
        Expiry::DateTime(p) => quote!(apigen_runtime::token::ExpirySource::DateTime(#p)),
        Expiry::Epoch(p) => quote!(apigen_runtime::token::ExpirySource::Epoch(#p)),
        Expiry::JwtExp => quote!(apigen_runtime::token::ExpirySource::JwtExp),
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

/// `<SCHEME>_TOKEN_URL` and `<scheme>_client_credentials(..)` for an `oauth2` scheme
/// with a `clientCredentials` flow.
fn render_client_credentials(scheme: &SecurityScheme) -> TokenStream {
    let Some(flow) = &scheme.client_credentials else { return quote!() };
    let bare = split_raw(&flow.prefix).1;
    let constant = format_ident!("{}_TOKEN_URL", bare.to_ascii_uppercase());
    let function = format_ident!("{bare}_client_credentials");
    let url = &flow.token_url;
    let name = &scheme.name;
    let url_doc = format!(
        " The token endpoint of the OAuth 2.0 security scheme {} (client-credentials flow): {}.",
        code(name),
        autolink(url)
    );
    let scopes = if flow.scopes.is_empty() {
        "The flow declares no scopes.".to_owned()
    } else {
        let list: Vec<String> =
            flow.scopes.iter().map(|(scope, about)| format!("- {}: {}", code(scope), inline(about))).collect();
        format!("Scopes the flow declares (ask for them with `with_scopes`):\n{}", list.join("\n"))
    };
    let mut docs = Docs::new().ours(format!(
        "Access tokens for the OAuth 2.0 security scheme {}: the client-credentials grant (RFC 6749 §4.4) at [`{constant}`].",
        code(name)
    ));
    if let Some(relative) = &flow.relative {
        docs = docs.ours(format!(
            "The spec gives the token URL relative to its server ({}), so [`{constant}`] is on the first server's host: for a client of another server (a sandbox, say), set the token URL on that host with `with_token_url`.",
            code(relative)
        ));
    }
    let docs = docs
        .ours("The client authenticates with HTTP Basic unless told otherwise (`with_client_auth(apigen_runtime::token::ClientAuth::Body)`). Put the source under an [`apigen_runtime::token::TokenCache`], which is also the [`apigen_runtime::token::TokenProvider`] for authenticated calls.")
        .ours(scopes)
        .ours("# Errors\nWhen the token URL cannot be used as a base URL.")
        .outer();
    quote! {
        #[doc = #url_doc]
        pub const #constant: &str = #url;

        #docs
        pub fn #function(
            client_id: impl Into<String>,
            client_secret: impl Into<apigen_runtime::Secret>,
        ) -> Result<apigen_runtime::token::ClientCredentials, apigen_runtime::BaseUrlError> {
            apigen_runtime::token::ClientCredentials::new(#constant, client_id, client_secret)
        }
    }
}
