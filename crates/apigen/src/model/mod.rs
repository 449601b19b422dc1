//! Stage 5, model: the typed intermediate representation the emitter renders.
//!
//! The translator is organised by OpenAPI concept: [`types`] turns schemas into
//! named types held in one [`TypeRegistry`]; [`operations`] turns paths into
//! [`Operation`]s (parameters, bodies, responses, security); [`api`] ties them
//! together with servers and security schemes. Nothing here knows about Rust
//! syntax trees; the emitter knows nothing about OpenAPI.

pub mod api;
mod defaults;
pub mod direction;
pub mod names;
pub mod operations;
pub mod references;
pub mod send_depth;
pub mod token;
pub mod types;

pub use api::build;

/// What the document says to use instead of what it deprecates: the
/// `x-deprecatedMessage` extension (Adyen's "Use `deliverAt` instead."), as written, when
/// `deprecated` is set.
pub(crate) fn deprecation(
    deprecated: bool,
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
) -> Option<String> {
    let message = extensions.get("x-deprecatedMessage").and_then(serde_json::Value::as_str);
    message.filter(|message| deprecated && !message.trim().is_empty()).map(str::to_owned)
}

/// One API: everything the emitter needs to write its module.
#[derive(Debug, Clone)]
pub struct Api {
    /// The Rust module (and cargo feature) name.
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, in spec order.
    pub servers: Vec<Server>,
    /// `components.securitySchemes`, sorted by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Operations, sorted by path and method.
    pub operations: Vec<Operation>,
    /// Credential alternatives of more than [`SHARED_FROM`] entries, each once, in the
    /// order operations first ask for them: written once in the module, not in every
    /// operation (a document whose every operation inherits thousands of alternatives
    /// would otherwise make code and docs quadratic in its size).
    pub shared_credentials: Vec<Vec<Vec<String>>>,
    /// Every named type.
    pub types: TypeRegistry,
    /// How deep rustc's proofs about these types go, and where (what the crate root's
    /// `recursion_limit` follows: see [`send_depth`]).
    pub nesting: send_depth::Nesting,
}

/// How many credential alternatives an operation's code and docs list in place; more are
/// shared ([`Api::shared_credentials`]).
pub const SHARED_FROM: usize = 16;

/// A server URL, possibly templated.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL template, e.g. `https://gateway.{domain}`.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// The template's variables, in the order they appear in the URL.
    pub variables: Vec<ServerVariable>,
}

/// A server URL variable.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// The name in the template.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    /// The default value.
    pub default: String,
    /// Allowed values, if restricted.
    pub allowed: Vec<String>,
    /// `description`.
    pub description: Option<String>,
}

/// A security scheme a client can hold credentials for.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub name: String,
    /// The key its credential is kept under: `name`, or for a scheme that is a `$ref` to
    /// another, the key of the scheme the references end at (one credential for both).
    pub credential: String,
    /// The Rust field (and `with_<field>` method) name.
    pub field: String,
    /// What kind of credential it takes.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
    /// An `oauth2` scheme's `clientCredentials` flow, if it has one.
    pub client_credentials: Option<ClientCredentialsFlow>,
}

/// The `clientCredentials` flow of an `oauth2` security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`, made absolute against the first server when the spec gives it relative.
    pub token_url: String,
    /// The `tokenUrl` as the spec gives it, when that is relative (to the server).
    pub relative: Option<String>,
    /// The scopes and their descriptions, sorted by name.
    pub scopes: Vec<(String, String)>,
    /// The Rust name prefix of the generated items (`<PREFIX>_TOKEN_URL`, `<prefix>_client_credentials`).
    pub prefix: String,
}

/// The credential a security scheme takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP Basic: user name and password.
    Basic,
    /// A bearer token (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: ApiKeyLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// Header.
    Header,
    /// Query parameter.
    Query,
    /// Cookie.
    Cookie,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The method as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: one method of the generated client.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The Rust method name.
    pub name: String,
    /// The Rust name prefix of the types made for this operation (`UpperCamelCase`).
    pub type_prefix: String,
    /// The name of its request builder type (what the client method returns), unique
    /// among the module's items.
    pub builder: String,
    /// The name of its enum of documented error responses.
    pub error_enum: String,
    /// The name of its enum of success responses (used when they differ in type).
    pub success_enum: String,
    /// `operationId`, if the spec has one.
    pub operation_id: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/users/{id}`.
    pub path: String,
    /// The path template parsed: literal text and path parameters, in order.
    pub path_segments: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// What the document says to use instead, when it deprecates it (`x-deprecatedMessage`).
    pub deprecation: Option<String>,
    /// Parameters, path parameters first in path order, then the rest sorted.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// Documented 2xx responses (and `2XX`), by status.
    pub successes: Vec<Response>,
    /// Documented other responses, by status, `default` last.
    pub errors: Vec<Response>,
    /// The effective security: alternatives, each a list of scheme names.
    /// Empty means none; an empty alternative means anonymous access is allowed. Shared
    /// by the operations that inherit the document's (which may list thousands).
    pub security: std::sync::Arc<Vec<Vec<String>>>,
    /// The same alternatives as the credentials the client keeps: a scheme that is a
    /// `$ref` to another by the one it ends at (whose credential both setters set).
    /// Shared as `security` is.
    pub credentials: std::sync::Arc<Vec<Vec<String>>>,
    /// Where `credentials` is one of [`Api::shared_credentials`] (an index into it): a
    /// list too long to repeat in every operation that asks for it.
    pub shared_credentials: Option<usize>,
    /// The JSON pointer of the operation.
    pub pointer: String,
    /// Whether a parameter or the body holds a secret: such requests are refused over
    /// plain http whatever credentials the call has (security alone is checked by the
    /// runtime when it applies a credential).
    pub sends_secret: bool,
    /// The `x-apigen-token` declaration, if this operation issues access tokens.
    pub token: Option<token::TokenDecl>,
}

impl Operation {
    /// Whether requests may carry credentials (security that is not anonymous, or a
    /// secret parameter or body): such requests are refused over plain http to hosts
    /// other than loopback.
    pub fn carries_credentials(&self) -> bool {
        self.sends_secret || self.security.iter().any(|alternative| !alternative.is_empty())
    }

    /// The success that [`STRAY_STATUSES`] the document does not list are read as: the
    /// first success, when every documented success is a status code with the same body
    /// type and no `default` covers other statuses. A vendor documenting `201` beside its
    /// `200` later (the same body) then breaks no binary built before; a `202 Accepted`
    /// (work not done), `206` or `207` is not taken for the resource.
    pub fn stray_success(&self) -> Option<&Response> {
        let default = self.errors.iter().any(|r| r.status == StatusMatch::Default);
        let codes = self.successes.iter().all(|r| matches!(r.status, StatusMatch::Code(_)));
        if default || !codes || self.success() == Success::Many {
            return None;
        }
        let first = self.successes.first()?;
        (!self.stray_statuses().is_empty()).then_some(first)
    }

    /// Which of [`STRAY_STATUSES`] the document does not list.
    pub fn stray_statuses(&self) -> Vec<u16> {
        let listed = |code: &u16| self.successes.iter().any(|r| r.status == StatusMatch::Code(*code));
        STRAY_STATUSES.iter().copied().filter(|code| !listed(code)).collect()
    }

    /// What a successful call returns: nothing, one type (when every documented
    /// success has the same body type), or one of several (an enum by status).
    pub fn success(&self) -> Success<'_> {
        let mut bodies: Vec<Option<&TypeRef>> = self.successes.iter().map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
        bodies.dedup();
        match bodies.as_slice() {
            [] | [None] => Success::Unit,
            [Some(ty)] => Success::One(ty),
            _ => Success::Many,
        }
    }

    /// Whether the request has `send_streaming`, which hands the body over as a stream:
    /// every success has a binary or text body (a download, a CSV export, server-sent
    /// events, which arrive as they happen), of one type.
    pub fn streams(&self) -> bool {
        let raw = |body: &ResponseBody| matches!(body.encoding, BodyEncoding::Bytes | BodyEncoding::Text);
        matches!(self.success(), Success::One(_)) && self.successes.iter().all(|r| r.body.as_ref().is_some_and(raw))
    }
}

/// The 2xx statuses whose body is the resource, as a `200`'s is (RFC 9110: `201 Created`,
/// `203 Non-Authoritative Information`): those an operation reads as its success when the
/// document does not list them (see [`Operation::stray_success`]).
pub const STRAY_STATUSES: [u16; 3] = [200, 201, 203];

/// What a successful call of an operation returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success<'a> {
    /// `()`.
    Unit,
    /// One type.
    One(&'a TypeRef),
    /// The operation's success enum, one variant per documented success.
    Many,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as it is (`/pets/`).
    Literal(String),
    /// A path parameter: its index in [`Operation::parameters`].
    Parameter(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The wire name.
    pub name: String,
    /// The Rust argument name.
    pub arg: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Whether it must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Array serialization: `explode` (repeat the key) or not (joined by `delimiter`).
    pub explode: bool,
    /// What joins array items when not exploded: `,` (form, simple), ` `
    /// (spaceDelimited) or `|` (pipeDelimited).
    pub delimiter: char,
    /// Declared constraints.
    pub constraints: Constraints,
    /// The schema's `format`, as written.
    pub format: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// What the document says to use instead, when it deprecates it (`x-deprecatedMessage`).
    pub deprecation: Option<String>,
    /// An optional string header named `Idempotency-Key` that a UUID fits: when it is not
    /// given, the runtime sends a fresh key per call, so that a retry is known as one.
    pub idempotency_key: bool,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `*/*+json`, `text/json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Text (`text/plain` and other `text/*`).
    Text,
    /// Raw bytes (`application/octet-stream` and anything else).
    Bytes,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The chosen media type.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The body's type.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// A form body's properties that have an Encoding Object with a style, by wire name.
    pub form_styles: Vec<(String, FormStyle)>,
    /// A binary body's media types the document lists (`image/png`, `image/jpeg`, or a
    /// range such as `image/*`), any of which the caller may send it as.
    pub binary_media_types: Vec<String>,
    /// A multipart body's parts, as its schema's properties declare them, for its docs.
    pub parts: Vec<Part>,
}

/// A part of a multipart body: a property of its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The property's name, which names the part.
    pub name: String,
    /// Whether the schema requires it.
    pub required: bool,
    /// What it holds: `a file`, `JSON`, `text`.
    pub kind: &'static str,
    /// A list: one part of that name per item.
    pub list: bool,
    /// The `contentType` its Encoding Object gives.
    pub content_type: Option<String>,
}

impl std::fmt::Display for Part {
    /// What the part holds, as the docs say it: `a file (image/png), one part per item,
    /// required`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind)?;
        if let Some(media) = &self.content_type {
            write!(f, " ({media})")?;
        }
        if self.list {
            f.write_str(", one part per item")?;
        }
        if self.required {
            f.write_str(", required")?;
        }
        Ok(())
    }
}

/// How a form body's property is written (see `apigen_runtime::FormStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `form`, exploded: a pair per item or member.
    Exploded,
    /// One pair, the items joined by the delimiter.
    Joined(char),
    /// `deepObject`.
    Deep,
}

impl std::fmt::Display for FormStyle {
    /// As the document writes it: `form` (exploded or not), `spaceDelimited`, ….
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FormStyle::Exploded => "form, exploded",
            FormStyle::Joined(' ') => "spaceDelimited",
            FormStyle::Joined('|') => "pipeDelimited",
            FormStyle::Joined(_) => "form, not exploded",
            FormStyle::Deep => "deepObject",
        })
    }
}

impl RequestBody {
    /// Whether the body's argument is taken through `Into` (a text or binary body: any
    /// `impl Into<String>` or `impl Into<Vec<u8>>`), not as its type.
    pub fn through_into(&self) -> bool {
        matches!(self.encoding, BodyEncoding::Text | BodyEncoding::Bytes)
    }

    /// Whether the body comes with a `content_type` argument: multipart parts are
    /// encoded by the caller, so only the caller knows the boundary.
    pub fn takes_content_type(&self) -> bool {
        self.media_type.starts_with("multipart/")
    }

    /// Whether the request has a `content_type` setter for its body: a binary body (not
    /// multipart) may be sent as any media type the document lists, or any in a range
    /// (`image/*`). Every binary body has it, whatever the document lists, so that a
    /// vendor listing a second type adds no method.
    pub fn chooses_media_type(&self) -> bool {
        self.encoding == BodyEncoding::Bytes && !self.takes_content_type()
    }

    /// The `Content-Type` a body is sent as when the caller does not choose one: its media
    /// type, or for a range, what JSON or bytes are (`application/json`,
    /// `application/octet-stream`).
    pub fn default_media_type(&self) -> &str {
        match (self.media_type.contains('*'), self.encoding) {
            (false, _) => &self.media_type,
            (true, BodyEncoding::Json) => "application/json",
            (true, _) => "application/octet-stream",
        }
    }
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status.
    Code(u16),
    /// `1XX` … `5XX`: the hundreds digit.
    Range(u16),
    /// `default`.
    Default,
}

/// A documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// The Rust variant name in the operation's response enums.
    pub variant: String,
    /// `description`.
    pub description: String,
    /// The body, if documented.
    pub body: Option<ResponseBody>,
}

/// A response body.
#[derive(Debug, Clone)]
pub struct ResponseBody {
    /// The chosen media type.
    pub media_type: String,
    /// How it is decoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: TypeRef,
}

pub use direction::Direction;
pub use types::{
    Constraints, Conversion, Discriminator, EnumVariant, Field, NamedType, TypeId, TypeKind, TypeRef, TypeRegistry,
    exact_integer, whole,
};

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnostics::Diagnostics;

    fn model(doc: serde_json::Value) -> (Api, Diagnostics) {
        let mut diags = Diagnostics::new("t.json");
        let spec = crate::parse::parse(doc, &mut diags).expect("parses");
        (build("t", &spec, &mut diags), diags)
    }

    /// A header's name in another case keeps the arguments in their order, beside a
    /// parameter elsewhere of the same name in lower case too.
    #[test]
    fn a_header_name_in_another_case_keeps_the_argument_order() {
        let order = |header: &str| -> Vec<(String, ParameterLocation)> {
            let string = json!({"type": "string"});
            let parameters = json!([
                {"name": header, "in": "header", "required": true, "schema": string},
                {"name": "id", "in": "query", "required": true, "schema": string},
                {"name": "X-Trace", "in": "header", "required": true, "schema": string},
                {"name": "session", "in": "cookie", "required": true, "schema": string}
            ]);
            let (api, _) = model(json!({
                "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"operationId": "getA", "parameters": parameters,
                    "responses": {"204": {"description": "ok"}}}}}
            }));
            api.operations[0].parameters.iter().map(|p| (p.name.to_ascii_lowercase(), p.location)).collect()
        };
        assert_eq!(order("ID"), order("id"));
        assert_eq!(order("ID")[0], ("id".to_owned(), ParameterLocation::Query));
    }

    fn names(api: &Api) -> Vec<String> {
        api.types.sorted().into_iter().map(|(_, t)| t.name.clone()).collect()
    }

    #[test]
    fn names_collide_in_a_fixed_order_and_components_win() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"get": {
                "operationId": "listPets",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"n": {"type": "integer"}}
                }}}}}
            }}},
            "components": {"schemas": {
                "ListPetsResponse": {"type": "object", "properties": {"x": {"type": "string"}}},
                "Result": {"type": "object", "properties": {"additional_properties": {"type": "boolean"}},
                    "additionalProperties": {"type": "string"}},
                "Odd": {"type": "object", "properties": {
                    "a-b": {"type": "string"}, "a_b": {"type": "string"},
                    "type": {"type": "string"}, "self": {"type": "string"},
                    "mode": {"type": "string", "enum": ["foo", "FOO", "1st", ""]}
                }}
            }}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(names(&api), ["ListPetsResponse", "ListPetsResponse2", "Odd", "OddMode", "Result2"]);
        let odd = api.types.sorted().into_iter().find(|(_, t)| t.name == "Odd").unwrap().1;
        let TypeKind::Struct { fields, .. } = &odd.kind else { panic!("struct expected") };
        let fields: Vec<(&str, &str)> = fields.iter().map(|f| (f.wire.as_str(), f.name.as_str())).collect();
        assert_eq!(fields, [("a-b", "a_b"), ("a_b", "a_b2"), ("mode", "mode"), ("self", "self_"), ("type", "r#type")]);
        let result = api.types.sorted().into_iter().find(|(_, t)| t.name == "Result2").unwrap().1;
        let TypeKind::Struct { fields, .. } = &result.kind else { panic!("struct expected") };
        assert_eq!(fields[0].name, "additional_properties2", "the flattened map keeps its name");
        let mode = api.types.sorted().into_iter().find(|(_, t)| t.name == "OddMode").unwrap().1;
        let TypeKind::Enum { variants } = &mode.kind else { panic!("enum expected") };
        let variants: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(variants, ["Foo", "Foo2", "Value1st", "Empty"]);
    }

    #[test]
    fn components_that_refer_to_components_are_followed() {
        let doc = |parameters: serde_json::Value| {
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"post": {
                    "parameters": [{"$ref": "#/components/parameters/Limit"}],
                    "requestBody": {"$ref": "#/components/requestBodies/Body"},
                    "responses": {"200": {"$ref": "#/components/responses/Ok"}, "404": {"$ref": "#/components/responses/Gone"}}
                }}},
                "components": {
                    "parameters": parameters,
                    "requestBodies": {"Body": {"$ref": "#/components/requestBodies/a~1b%20c"},
                        "a/b c": {"content": {"text/plain": {"schema": {"type": "string"}}}}},
                    "responses": {"Ok": {"$ref": "#/components/responses/Plain"}, "Gone": {"$ref": "#/components/responses/Plain"},
                        "Plain": {"description": "d", "content": {"text/plain": {"schema": {"type": "string"}}}}}
                }
            })
        };
        let limit = json!({"name": "limit", "in": "query", "schema": {"type": "integer"}});
        // What bundling a document whose files refer to an index makes: chains.
        let (api, diags) = model(doc(json!({"Limit": {"$ref": "#/components/parameters/Index"},
            "Index": {"$ref": "#/components/parameters/L"}, "L": limit})));
        assert!(!diags.has_errors(), "{diags:?}");
        let op = &api.operations[0];
        assert_eq!(op.parameters.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["limit"]);
        assert!(op.body.is_some());
        assert_eq!((op.successes.len(), op.errors.len()), (1, 1));
        // A cycle names nothing.
        let (_, diags) = model(doc(json!({"Limit": {"$ref": "#/components/parameters/Index"},
            "Index": {"$ref": "#/components/parameters/Limit"}})));
        let errors: Vec<_> = diags.items().iter().map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "/paths/~1a/post/parameters/0/$ref");
        assert!(errors[0].1.contains("cycle"), "{errors:?}");
    }

    #[test]
    fn security_schemes_that_are_refs_are_followed_and_a_cycle_is_reported_once_where_it_is() {
        let doc = |schemes: serde_json::Value| {
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"security": [{"key": []}], "responses": {"204": {"description": "ok"}}}}},
                "components": {"securitySchemes": schemes}})
        };
        let header = json!({"type": "apiKey", "in": "header", "name": "X-Key"});
        let (api, diags) = model(doc(json!({"key": {"$ref": "#/components/securitySchemes/Key"}, "Key": header})));
        assert!(!diags.has_errors(), "{diags:?}");
        // One credential, kept under the scheme the `$ref` ends at, which the operation asks for.
        let credentials: Vec<(&str, &str)> =
            api.security_schemes.iter().map(|s| (s.name.as_str(), s.credential.as_str())).collect();
        assert_eq!(credentials, [("Key", "Key"), ("key", "Key")]);
        assert_eq!(*api.operations[0].credentials, [vec!["Key".to_owned()]]);
        // The requirement as the spec writes it, for the docs and the surface.
        assert_eq!(*api.operations[0].security, [vec!["key".to_owned()]]);
        let (_, diags) = model(doc(json!({"key": {"$ref": "#/components/securitySchemes/key"}})));
        let errors: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(errors, ["/components/securitySchemes/key/$ref"]);
    }

    #[test]
    fn a_mapping_value_and_a_member_that_reach_one_schema_by_two_paths_match() {
        // What bundling makes of a mapping through an index file: `Dog` an alias of
        // `Dog2`, which the member names directly.
        let dog = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}});
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Dog2"}, {"$ref": "#/components/schemas/Cat"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog", "cat": "Cat"}}},
                "Dog": {"$ref": "#/components/schemas/Dog2"},
                "Dog2": dog.clone(),
                "Cat": dog
            }}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let pet = api.types.sorted().into_iter().find(|(_, t)| t.name == "Pet").map(|(_, t)| t.kind.clone());
        let Some(types::TypeKind::Union { discriminator: Some(d), .. }) = pet else { panic!("{pet:?}") };
        assert_eq!((d.property.as_str(), d.names()), ("kind", vec!["dog".to_owned(), "cat".to_owned()]));
        // Two members that are aliases of one schema, each mapped by its own name.
        let base = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}});
        let (api, diags) = model(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Payment": {"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Bank"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card", "bank": "#/components/schemas/Bank"}}},
                "Card": {"$ref": "#/components/schemas/Base"}, "Bank": {"$ref": "#/components/schemas/Base"}, "Base": base
            }}
        }));
        assert!(diags.items().is_empty(), "{diags:?}");
        let payment = api.types.sorted().into_iter().find(|(_, t)| t.name == "Payment").map(|(_, t)| t.kind.clone());
        let Some(types::TypeKind::Union { discriminator: Some(d), .. }) = payment else { panic!("{payment:?}") };
        assert_eq!(d.names(), ["card", "bank"]);
    }

    #[test]
    fn a_member_may_have_several_mapping_values_and_one_choosing_no_member_is_warned_of() {
        let cat = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}});
        let (api, diags) = model(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": "kind", "mapping": {
                        "kitty": "#/components/schemas/Cat", "cat": "Cat", "fox": "Fox"}}},
                "Cat": cat.clone(), "Dog": cat.clone(), "Fox": cat
            }}
        }));
        let warned: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(warned, ["/components/schemas/Pet/discriminator/mapping/fox"]);
        let pet = api.types.sorted().into_iter().find(|(_, t)| t.name == "Pet").map(|(_, t)| t.kind.clone());
        let Some(types::TypeKind::Union { variants, discriminator: Some(d), .. }) = pet else { panic!("{pet:?}") };
        // Sorted, as the document's mapping is read.
        assert_eq!(d.values, [vec!["cat".to_owned(), "kitty".to_owned()], vec!["Dog".to_owned()]]);
        assert_eq!(variants.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), ["Cat", "Dog"]);
    }

    #[test]
    fn keywords_a_type_does_not_hold_are_warned_of_truly() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "O": {"type": "object", "enum": [{}], "properties": {"a": {"type": "string"}}},
                "S": {"type": "string", "maximum": 3},
                "N": {"type": "string", "maxLength": 4, "not": {"enum": ["none"]}},
                "R": {"allOf": [{"$ref": "#/components/schemas/N"}], "enum": ["a"]}
            }}
        }));
        // `enum` beside a `$ref`: the referenced type (it was any JSON value, said untruly).
        let r = api.types.sorted().into_iter().find(|(_, t)| t.name == "R").map(|(_, t)| t.kind.clone());
        assert!(matches!(r, Some(TypeKind::Alias { target: TypeRef::Named(_) })), "{r:?}");
        // `not` beside a type: read as the type (it was any JSON value, unsaid).
        let n = api.types.sorted().into_iter().find(|(_, t)| t.name == "N").map(|(_, t)| t.kind.clone());
        assert!(matches!(n, Some(TypeKind::Alias { target: TypeRef::String })), "{n:?}");
        let said: Vec<(&str, &str)> = diags.items().iter().map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(
            said,
            [
                (
                    "/components/schemas/N/not",
                    "`not` is not checked: the value is read as a `string`, and what `not` excludes is not refused"
                ),
                ("/components/schemas/O/enum", "`enum` on type `object` is not checked: it is ignored"),
                (
                    "/components/schemas/R/enum",
                    "`enum` beside a `$ref` is not checked: the value is read as the type the `$ref` names"
                ),
                (
                    "/components/schemas/S/maximum",
                    "`maximum` does not apply to type `string` and is ignored; if a length is meant, correct it to minLength/maxLength in an overlay"
                ),
            ]
        );
    }

    #[test]
    fn a_parameter_with_content_is_warned_of_once_where_it_is() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "f", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}}],
                "responses": {"204": {"description": "ok"}}
            }}}
        }));
        let warnings: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(warnings, ["/paths/~1a/get/parameters/0/content"]);
        assert_eq!(api.operations[0].parameters[0].ty, TypeRef::Json);
    }

    #[test]
    fn operations_and_arguments_keep_clear_of_generated_names() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "components": {"securitySchemes": {"http_client": {"type": "http", "scheme": "bearer"}}},
            "paths": {"/x": {"get": {
                "operationId": "new",
                "parameters": [
                    {"name": "send", "in": "query", "schema": {"type": "string"}},
                    {"name": "client", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "ok"}}
            }}}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let op = &api.operations[0];
        assert_eq!(op.name, "new2");
        let args: Vec<&str> = op.parameters.iter().map(|p| p.arg.as_str()).collect();
        // After the path parameters, arguments go by name.
        assert_eq!(args, ["client2", "send2"]);
        assert_eq!(api.security_schemes[0].field, "http_client2");
    }

    /// A relative `tokenUrl` is resolved against the first server, and kept as given for
    /// the docs to say so (a client of another server needs the URL on its host).
    #[test]
    fn a_relative_token_url_is_resolved_and_remembered() {
        let flow =
            |url: &str| json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": url, "scopes": {}}}});
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://api.example.org/v1"}],
            "components": {"securitySchemes": {"a": flow("/oauth/token"), "b": flow("https://auth.example.org/token")}},
            "paths": {}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let flows: Vec<_> = api.security_schemes.iter().map(|s| s.client_credentials.clone().unwrap()).collect();
        assert_eq!(flows[0].token_url, "https://api.example.org/oauth/token");
        assert_eq!(flows[0].relative.as_deref(), Some("/oauth/token"));
        assert_eq!(
            (flows[1].token_url.as_str(), flows[1].relative.as_deref()),
            ("https://auth.example.org/token", None)
        );
    }

    /// OpenAPI: header parameters named `Accept`, `Content-Type` or `Authorization` are
    /// ignored, with a warning, where the media types and security schemes set those
    /// headers; where nothing does (no security, no body), they are kept.
    #[test]
    fn reserved_header_parameters_are_ignored_where_something_sets_the_header() {
        let parameters = json!([
            {"name": "Accept", "in": "header", "schema": {"type": "string"}},
            {"name": "content-type", "in": "header", "schema": {"type": "string"}},
            {"name": "Authorization", "in": "header", "schema": {"type": "string"}},
            {"name": "Authorization", "in": "query", "schema": {"type": "string"}},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
        ]);
        let body = json!({"content": {"application/json": {"schema": {"type": "object"}}}});
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "paths": {
                "/secured": {"post": {"operationId": "secured", "security": [{"bearer": []}], "parameters": parameters,
                    "requestBody": body, "responses": {"204": {"description": "ok"}}}},
                "/plain": {"get": {"operationId": "plain", "parameters": parameters,
                    "responses": {"204": {"description": "ok"}}}}
            }
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let kept = |name: &str| -> Vec<(String, ParameterLocation)> {
            let op = api.operations.iter().find(|op| op.name == name).unwrap();
            op.parameters.iter().map(|p| (p.name.clone(), p.location)).collect()
        };
        let header = |name: &str| (name.to_owned(), ParameterLocation::Header);
        let query = ("Authorization".to_owned(), ParameterLocation::Query);
        assert_eq!(kept("secured"), [query.clone(), header("X-Trace")]);
        // By name in lower case first (`content-type` before `X-Trace`).
        assert_eq!(kept("plain"), [query, header("Authorization"), header("content-type"), header("X-Trace")]);
        let ignored = diags.items().iter().filter(|d| d.message.contains("is ignored, as OpenAPI says")).count();
        assert_eq!(ignored, 4, "{diags:?}");
    }

    #[test]
    fn an_inline_all_of_back_to_its_own_component_terminates() {
        // Found by the fuzzer: `parent: {$ref: Pet, const: x}` normalizes to an inline
        // allOf with an enum, whose merge reaches `parent` again while defining it.
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Pet": {"type": "object", "properties": {
                "parent": {"$ref": "#/components/schemas/Pet", "const": "fixed"}
            }}}}
        });
        let mut diags = Diagnostics::new("t.json");
        crate::normalize::normalize(&mut doc, &mut diags);
        let spec = crate::parse::parse(doc, &mut diags).expect("parses");
        let api = build("t", &spec, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        // The `const` beside the `$ref` is not checked: the field is a `Pet`.
        assert_eq!(names(&api), ["Pet"]);
    }

    #[test]
    fn directions_follow_the_operations_and_name_builders() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"post": {
                "operationId": "make",
                "parameters": [{"name": "mode", "in": "query", "schema": {"$ref": "#/components/schemas/Mode"}}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}},
                    "400": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shared"}}}}
                }
            }}},
            "components": {"schemas": {
                "Mode": {"type": "string", "enum": ["a"]},
                "In": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
                "Out": {"type": "object", "properties": {"state": {"type": "string", "enum": ["on"]}}},
                "OutBuilder": {"type": "object", "properties": {"x": {"type": "string"}}},
                "Shared": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "Unused": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "Uuid": {"type": "object", "properties": {"n": {"type": "integer"}}}
            }}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let of = |name: &str| api.types.sorted().into_iter().find(|(_, t)| t.name == name).unwrap().1.clone();
        assert_eq!(of("Mode").direction, Direction::Request);
        assert_eq!(of("In").direction, Direction::Request);
        assert_eq!(of("Out").direction, Direction::Response);
        assert_eq!(of("OutState").direction, Direction::Response);
        assert_eq!(of("Shared").direction, Direction::Both);
        assert_eq!(of("Unused").direction, Direction::Both);
        assert_eq!(of("OutBuilder").direction, Direction::Both, "no operation uses it");
        assert_eq!(of("Out").builder.as_deref(), Some("OutBuilder2"), "clear of the schema named OutBuilder");
        assert_eq!(of("In").builder, None);
        assert_eq!(of("Shared").builder.as_deref(), Some("SharedBuilder"), "received: built both ways");
        assert_eq!(of("Unused").builder, None, "no operation receives it");
        // `Uuid` in a type's text (what `apigen diff` compares) is always `uuid::Uuid`.
        assert_eq!(of("Uuid2").pointer, "/components/schemas/Uuid");
    }

    #[test]
    fn path_templates_are_parsed_once_and_unknown_variables_are_errors() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a/{x}/b{y}.json": {"get": {
                "operationId": "get",
                "parameters": [{"name": "x", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }}}
        }));
        let segments = &api.operations[0].path_segments;
        assert_eq!(
            segments,
            &[PathSegment::Literal("/a/".into()), PathSegment::Parameter(0), PathSegment::Literal("/b.json".into())]
        );
        assert!(diags.has_errors());
        assert!(diags.items()[0].message.contains("`{y}` has no matching path parameter"), "{diags:?}");
    }

    #[test]
    fn per_operation_items_have_unique_names() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "getPet", "responses": {"204": {"description": "ok"}}}},
                "/b": {"get": {"operationId": "getPetError", "responses": {"204": {"description": "ok"}}}},
                "/c": {"get": {"operationId": "client", "responses": {
                    "200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}},
                    "201": {"description": "ok"}
                }}}
            }
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let items: Vec<(&str, &str, &str)> = api
            .operations
            .iter()
            .map(|op| (op.builder.as_str(), op.error_enum.as_str(), op.success_enum.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                ("GetPet", "GetPetError", ""),
                // Each operation's items share one stem, chosen so that no item meets another's.
                ("GetPetError2", "GetPetError2Error", ""),
                ("Client2", "Client2Error", "Client2Success")
            ]
        );
    }

    #[test]
    fn unsupported_constructs_fall_back_with_a_warning() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"NotAString": {"not": {"type": "string"}}}}
        }));
        assert!(!diags.has_errors());
        assert_eq!(diags.items()[0].pointer, "/components/schemas/NotAString");
        let (_, ty) = api.types.sorted().into_iter().next().unwrap();
        assert!(matches!(&ty.kind, TypeKind::Alias { target: TypeRef::Json, .. }));
    }

    #[test]
    fn an_all_of_naming_the_same_component_twice_on_every_level_is_merged_once() {
        // Merged naively, 30 levels of `allOf: [$ref next, $ref next]` are 2^30 visits.
        let mut schemas = serde_json::Map::new();
        for level in 0..30 {
            let next = format!("#/components/schemas/A{}", level + 1);
            schemas.insert(format!("A{level}"), json!({"allOf": [{"$ref": next}, {"$ref": next}]}));
        }
        schemas.insert("A30".into(), json!({"type": "object", "properties": {"leaf": {"type": "string"}}}));
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        }));
        assert!(!diags.has_errors());
        let a0 = api.types.sorted().into_iter().find(|(_, t)| t.name == "A0").expect("A0").1;
        assert!(matches!(&a0.kind, TypeKind::Struct { fields, .. } if fields.len() == 1 && fields[0].name == "leaf"));
    }

    #[test]
    fn a_union_of_inline_string_enums_is_one_enum_unless_a_member_is_anything_else() {
        let documented = |wire: &str, doc: &str| json!({"type": "string", "enum": [wire], "description": doc});
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Merged": {"oneOf": [documented("a", "The a."), {"type": "string", "enum": ["b", "c"]}]},
                "Repeated": {"oneOf": [documented("a", "One."), documented("a", "Two.")]},
                "Referenced": {"oneOf": [documented("a", "One."), {"$ref": "#/components/schemas/Merged"}]},
                "Nullable": {"anyOf": [documented("a", "One."), {"type": "string", "enum": ["b"], "nullable": true}]},
                "Mixed": {"oneOf": [documented("a", "One."), {"type": "string"}]}
            }}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let kind = |name: &str| &api.types.sorted().into_iter().find(|(_, t)| t.name == name).expect(name).1.kind;
        let TypeKind::Enum { variants } = kind("Merged") else { panic!("enum expected") };
        let variants: Vec<_> = variants.iter().map(|v| (v.wire.as_str(), v.name.as_str(), v.doc.as_deref())).collect();
        assert_eq!(variants, [("a", "A", Some("The a.")), ("b", "B", None), ("c", "C", None)]);
        for union in ["Repeated", "Referenced", "Nullable", "Mixed"] {
            assert!(matches!(kind(union), TypeKind::Union { .. }), "{union} stays a union");
        }
    }

    #[test]
    fn objects_each_requiring_one_value_of_a_property_are_a_union_tagged_by_it() {
        let tagged = |value: &str, required: bool| {
            let required = if required { json!(["kind"]) } else { json!([]) };
            json!({"type": "object", "required": required, "properties": {"kind": {"type": "string", "enum": [value]}}})
        };
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Tagged": {"oneOf": [tagged("small-one", true), {"$ref": "#/components/schemas/Big"}]},
                "Big": tagged("big", true),
                "Repeated": {"oneOf": [tagged("a", true), tagged("a", true)]},
                "Optional": {"oneOf": [tagged("a", true), tagged("b", false)]}
            }}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let kind = |name: &str| &api.types.sorted().into_iter().find(|(_, t)| t.name == name).expect(name).1.kind;
        let TypeKind::Union { variants, discriminator, .. } = kind("Tagged") else { panic!("union expected") };
        let tagged = types::Discriminator::single("kind".to_owned(), vec!["small-one".to_owned(), "big".to_owned()]);
        assert_eq!(discriminator, &Some(tagged));
        let names: Vec<&str> = variants.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["SmallOne", "Big"]);
        for untagged in ["Repeated", "Optional"] {
            assert!(matches!(kind(untagged), TypeKind::Union { discriminator: None, .. }), "{untagged}");
        }
    }

    #[test]
    fn tags_do_not_depend_on_the_order_of_required_and_pinned_values_name_members() {
        let object = |required: serde_json::Value, pins: &[(&str, &str)]| {
            let properties: serde_json::Map<String, serde_json::Value> =
                pins.iter().map(|(p, v)| ((*p).to_owned(), json!({"type": "string", "enum": [v]}))).collect();
            json!({"type": "object", "required": required, "properties": properties})
        };
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "A": {"oneOf": [object(json!(["type", "kind"]), &[("kind", "k1"), ("type", "t1")]),
                                object(json!(["kind", "type"]), &[("kind", "k2"), ("type", "t2")])]},
                "Link": {"oneOf": [object(json!(["rel"]), &[("rel", "self")]), object(json!(["rel"]), &[("rel", "next")])]},
                "Partly": {"oneOf": [object(json!(["rel"]), &[("rel", "up")]), {"type": "object"}]},
                "Resource": {"oneOf": [
                    object(json!(["apiVersion", "kind"]), &[("apiVersion", "v1"), ("kind", "Pod")]),
                    object(json!(["apiVersion", "kind"]), &[("apiVersion", "v1"), ("kind", "Service")]),
                    {"type": "object"}
                ]},
                "Pet": {
                    "oneOf": [{"$ref": "#/components/schemas/Cat"}, object(json!(["petType"]), &[("petType", "dog")])],
                    "discriminator": {"propertyName": "petType"}
                },
                "Cat": object(json!(["petType"]), &[("petType", "cat")])
            }}
        }));
        assert!(!diags.has_errors() && diags.items().is_empty(), "{diags:?}");
        let find = |name: &str| api.types.sorted().into_iter().find(|(_, t)| t.name == name).map(|(_, t)| t);
        let union = |name: &str| match &find(name).expect(name).kind {
            TypeKind::Union { variants, discriminator, .. } => {
                (variants.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>(), discriminator.clone())
            }
            _ => panic!("{name}: union expected"),
        };
        assert_eq!(
            union("A"),
            (
                vec!["K1".to_owned(), "K2".to_owned()],
                Some(types::Discriminator::single("kind".to_owned(), vec!["k1".into(), "k2".into()]))
            )
        );
        // `self` makes `Self_`; the member's type and its tag's enum are still UpperCamelCase.
        assert_eq!(union("Link").0, ["Self_", "Next"]);
        assert!(find("LinkSelf").is_some() && find("LinkSelfRel").is_some(), "{:?}", names(&api));
        // A member without a tag does not rename the one with its own.
        assert_eq!(union("Partly"), (vec!["Up".to_owned(), "Object".to_owned()], None));
        // Named by what tells the tagged members apart (`kind`), not by the first pinned
        // property (`apiVersion`, the same in both).
        assert_eq!(union("Resource").0, ["Pod", "Service", "Object"]);
        // Unmapped, a member that allows one value is chosen by it, not by its component's name.
        assert_eq!(
            union("Pet"),
            (
                vec!["Cat".to_owned(), "Dog".to_owned()],
                Some(types::Discriminator::single("petType".to_owned(), vec!["cat".into(), "dog".into()]))
            )
        );
    }

    #[test]
    fn a_union_of_scalar_unions_met_twice_is_a_scalar() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {
                "operationId": "getX",
                "parameters": [{"name": "owner", "in": "query", "schema": {"$ref": "#/components/schemas/Owner"}}],
                "responses": {"204": {"description": "done"}}
            }}},
            "components": {"schemas": {
                "Owner": {"oneOf": [{"$ref": "#/components/schemas/NameOrId"}, {"$ref": "#/components/schemas/NameOrNumber"}]},
                "NameOrNumber": {"oneOf": [{"$ref": "#/components/schemas/NameOrId"}, {"type": "integer"}]},
                "NameOrId": {"oneOf": [{"type": "string", "format": "uuid"}, {"type": "string"}]},
                "Loop": {"oneOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "string"}]}
            }}
        }));
        assert!(diags.items().is_empty(), "{diags:?}");
        let owner = &api.operations[0].parameters[0].ty;
        assert!(
            matches!(owner, TypeRef::Named(id) if api.types.get(*id).name == "Owner" && api.types.get(*id).parameter)
        );
        let looped = api.types.sorted().into_iter().find(|(_, t)| t.name == "Loop").unwrap().0;
        assert!(!api.types.is_scalar(&TypeRef::Named(looped)), "a union holding itself has no end as text");
    }

    #[test]
    fn a_parameter_union_converts_from_what_only_one_member_is() {
        let parameter = |name: &str| json!({"name": name, "in": "query", "schema": {"$ref": format!("#/components/schemas/{name}")}});
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {
                "operationId": "getX",
                "parameters": [parameter("NameOrId"), parameter("KeyOrName"), parameter("Twice")],
                "responses": {"204": {"description": "done"}}
            }}},
            "components": {"schemas": {
                "NameOrId": {"oneOf": [{"type": "string", "format": "uuid"}, {"type": "string"}]},
                "KeyOrName": {"oneOf": [{"type": "string", "format": "password"}, {"type": "string"}]},
                "Twice": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Text"}]},
                "Text": {"type": "string"},
                "Unused": {"oneOf": [{"type": "string", "format": "uuid"}, {"type": "string"}]}
            }}
        }));
        assert!(diags.items().is_empty(), "{diags:?}");
        let conversions = |name: &str| {
            let id = api.types.sorted().into_iter().find(|(_, t)| t.name == name).expect(name).0;
            api.types.conversions(id)
        };
        let member = |variant: &str, ty: TypeRef| Conversion::Member { variant: variant.into(), ty };
        let text = |variant: &str| Conversion::Text { variant: variant.into() };
        assert_eq!(
            conversions("NameOrId"),
            [member("Uuid", TypeRef::Uuid), member("String", TypeRef::String), text("String")]
        );
        // Text does not become the plain member by accident when a member is a secret.
        assert_eq!(conversions("KeyOrName"), [member("Password", TypeRef::Secret), member("String", TypeRef::String)]);
        assert_eq!(conversions("Twice"), [], "both members are text");
        assert_eq!(conversions("Unused"), [], "no parameter holds it");
    }

    #[test]
    fn integers_take_their_format_and_checks_skip_what_the_type_keeps() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/r": {"get": {
                "operationId": "getR",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/R"
                }}}}}
            }}},
            "components": {"schemas": {
                "Small": {"type": "integer", "format": "uint8", "minimum": 0, "maximum": 255},
                "R": {"type": "object", "properties": {
                    "wide": {"type": "integer", "format": "uint64", "minimum": 1, "maximum": 18446744073709551615_u64},
                    "small": {"$ref": "#/components/schemas/Small"},
                    "signed": {"type": "integer", "format": "int16", "minimum": -32768, "maximum": 100},
                    "whole": {"type": "integer", "format": "uint8", "default": 3.0},
                    "text": {"type": "integer", "format": "uint8", "default": "5"},
                    "through": {"allOf": [{"$ref": "#/components/schemas/Small"}], "default": 300},
                    "listed": {"type": "integer", "format": "uint8", "enum": [1, 300]}
                }}
            }}
        }));
        let (_, r) = api.types.sorted().into_iter().find(|(_, t)| t.name == "R").expect("R");
        let TypeKind::Struct { fields, .. } = &r.kind else { panic!("{r:?}") };
        let field = |name: &str| fields.iter().find(|f| f.name == name).expect(name);
        let checked = |name: &str| api.types.checked(&field(name).ty, &field(name).constraints);
        // A bound beyond `i64` no longer makes the schema untyped.
        assert_eq!(field("wide").ty, TypeRef::Integer(types::Integer::U64));
        assert_eq!((checked("wide").minimum, checked("wide").maximum), (Some((1.0, false)), None));
        // Declared bounds are kept (`apigen diff` compares them); those the type keeps are not checked.
        assert_eq!(field("small").constraints.maximum, Some((255.0, false)));
        assert!(checked("small").is_empty());
        assert_eq!((checked("signed").minimum, checked("signed").maximum), (None, Some((100.0, false))));
        assert_eq!(field("whole").default, Some(json!(3.0)), "3.0 is an integer");
        assert_eq!((field("text").default.as_ref(), field("through").default.as_ref()), (None, None));
        let warned: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            warned,
            [
                "/components/schemas/R/properties/listed/enum",
                "/components/schemas/R/properties/text/default",
                "/components/schemas/R/properties/through/default"
            ]
        );
    }

    #[test]
    fn constraints_hold_through_aliases_of_aliases() {
        let (api, _) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/r": {"post": {
                "operationId": "postR",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/R"}}}},
                "responses": {"204": {"description": "ok"}}
            }}},
            "components": {"schemas": {
                "Short": {"type": "string", "maxLength": 3},
                "ShortRef": {"$ref": "#/components/schemas/Short"},
                "AllOfShort": {"allOf": [{"$ref": "#/components/schemas/ShortRef"}]},
                "Names": {"type": "array", "items": {"$ref": "#/components/schemas/AllOfShort"}},
                "R": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/ShortRef"},
                    "b": {"$ref": "#/components/schemas/AllOfShort"},
                    "c": {"$ref": "#/components/schemas/Names"}
                }}
            }}
        }));
        let (_, r) = api.types.sorted().into_iter().find(|(_, t)| t.name == "R").expect("R");
        let TypeKind::Struct { fields, .. } = &r.kind else { panic!("{r:?}") };
        let constraints = |name: &str| fields.iter().find(|f| f.name == name).map(|f| f.constraints.clone()).unwrap();
        assert_eq!((constraints("a").max_length, constraints("b").max_length), (Some(3), Some(3)));
        assert_eq!(constraints("c").elements.map(|e| e.max_length), Some(Some(3)));
    }
}
