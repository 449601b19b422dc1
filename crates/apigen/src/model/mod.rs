//! Stage 5, model: the typed intermediate representation the emitter renders.
//!
//! The translator is organised by OpenAPI concept: [`types`] turns schemas into
//! named types held in one [`TypeRegistry`]; [`operations`] turns paths into
//! [`Operation`]s (parameters, bodies, responses, security); [`api`] ties them
//! together with servers and security schemes. Nothing here knows about Rust
//! syntax trees; the emitter knows nothing about OpenAPI.

pub mod api;
pub mod names;
pub mod operations;
pub mod token;
pub mod types;

pub use api::build;

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
    /// Every named type.
    pub types: TypeRegistry,
}

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
    /// The Rust field (and `with_<field>` method) name.
    pub field: String,
    /// What kind of credential it takes.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
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
    /// `operationId`, if the spec has one.
    pub operation_id: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/users/{id}`.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Parameters, path parameters first in path order, then the rest sorted.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// Documented 2xx responses (and `2XX`), by status.
    pub successes: Vec<Response>,
    /// Documented other responses, by status, `default` last.
    pub errors: Vec<Response>,
    /// The effective security: alternatives, each a list of scheme names.
    /// Empty means none; an empty alternative means anonymous access is allowed.
    pub security: Vec<Vec<String>>,
    /// The JSON pointer of the operation.
    pub pointer: String,
    /// Whether requests carry credentials (security, or a secret in the body):
    /// such requests are refused over plain http to hosts other than loopback.
    pub carries_credentials: bool,
    /// The `x-apigen-token` declaration, if this operation issues access tokens.
    pub token: Option<token::TokenDecl>,
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
    /// `description`.
    pub description: Option<String>,
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

pub use types::{Constraints, EnumVariant, Field, NamedType, TypeId, TypeKind, TypeRef, TypeRegistry};

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnostics::Diagnostics;

    fn model(doc: serde_json::Value) -> (Api, Diagnostics) {
        let mut diags = Diagnostics::new("t.json");
        let spec = crate::parse::parse(doc, || None, &mut diags).expect("parses");
        (build("t", &spec, &mut diags), diags)
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
    fn operations_and_arguments_keep_clear_of_generated_names() {
        let (api, diags) = model(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "components": {"securitySchemes": {"http_client": {"type": "http", "scheme": "bearer"}}},
            "paths": {"/x": {"get": {
                "operationId": "new",
                "parameters": [
                    {"name": "request", "in": "query", "schema": {"type": "string"}},
                    {"name": "builder", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "ok"}}
            }}}
        }));
        assert!(!diags.has_errors(), "{diags:?}");
        let op = &api.operations[0];
        assert_eq!(op.name, "new2");
        let args: Vec<&str> = op.parameters.iter().map(|p| p.arg.as_str()).collect();
        assert_eq!(args, ["request2", "builder2"]);
        assert_eq!(api.security_schemes[0].field, "http_client2");
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
        let spec = crate::parse::parse(doc, || None, &mut diags).expect("parses");
        let api = build("t", &spec, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(names(&api), ["Pet", "PetParent"]);
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
}
