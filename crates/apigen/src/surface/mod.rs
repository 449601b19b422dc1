//! Stage after [`model`](crate::model): the public surface of one API, as a user of
//! the generated crate sees it.
//!
//! A [`Surface`] is a compact, deterministic description of what the generated
//! module offers: servers, security schemes, the token declaration, operations
//! (method names, arguments, bodies, outcomes) and named types (fields with their
//! Rust types, optionality and constraints, enum values, union members), each type
//! with the direction it travels in. Documentation is kept apart in [`Surface::docs`],
//! so that a documentation-only change is visible without crowding the rest.
//!
//! It is what the snapshot tests record ([`Surface::render`]) and what
//! [`diff`](crate::diff) compares between two versions of a document. It knows the
//! model, not the emitted code: where the emitter's shape matters (a field with a
//! usable default is not an `Option`), the model's own answer is used.

mod build;
pub mod direction;
mod render;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use build::from_api;
pub use direction::Direction;

/// The public surface of one API module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// The Rust module (and cargo feature) name.
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// Servers, in spec order (the first is the client's default).
    pub servers: Vec<ServerSurface>,
    /// Security schemes, sorted by name.
    pub security_schemes: Vec<SchemeSurface>,
    /// The `x-apigen-token` declaration, if an operation has one.
    pub token: Option<TokenSurface>,
    /// Operations, sorted by path and method.
    pub operations: Vec<OperationSurface>,
    /// Named types, sorted by name.
    pub types: Vec<TypeSurface>,
    /// The documentation of every documentable item, by item path (see
    /// [`Surface::item`]); an item without documentation has an empty text.
    pub docs: BTreeMap<String, String>,
}

impl Surface {
    /// The Rust path of an item of this module: `forte` + `types::Pet` → `forte::types::Pet`.
    pub fn item(&self, rest: &str) -> String {
        format!("{}::{rest}", self.module)
    }

    /// The text form, for snapshots and review.
    pub fn render(&self) -> String {
        render::render(self)
    }

    /// The type of this name, if any.
    pub fn type_named(&self, name: &str) -> Option<&TypeSurface> {
        // `types` is sorted by name (see the field): a search, not a scan, as the diff
        // asks this of every type of two versions.
        self.types.binary_search_by(|t| t.name.as_str().cmp(name)).ok().map(|at| &self.types[at])
    }
}

/// A server URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerSurface {
    /// The URL template.
    pub url: String,
    /// Its variables, in URL order.
    pub variables: Vec<VariableSurface>,
}

impl ServerSurface {
    /// Whether the client gets a default constructor for this server when it is first
    /// (an absolute http(s) URL or a template starting with a variable).
    pub fn is_usable_default(&self) -> bool {
        self.url.starts_with("http://") || self.url.starts_with("https://") || self.url.starts_with('{')
    }
}

/// A server URL variable (a `ServerVariables` field when its server is the first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariableSurface {
    /// The name in the template.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    /// The default value.
    pub default: String,
    /// Allowed values (empty: any).
    pub allowed: Vec<String>,
}

/// A security scheme: one `with_…` method of the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeSurface {
    /// The key under `components.securitySchemes`.
    pub name: String,
    /// The client method that takes its credentials.
    pub method: String,
    /// What it takes and where it goes: `basic`, `bearer`, `api-key header X-Key`.
    pub credential: String,
    /// For a scheme that is a `$ref` to another: the scheme whose credential its method
    /// sets (requirements naming either ask for that one credential).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<String>,
    /// The client method that takes a token provider for it (bearer and OAuth 2.0 schemes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The items of an OAuth 2.0 client-credentials flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_credentials: Option<FlowSurface>,
}

/// The items generated for an OAuth 2.0 scheme's client-credentials flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowSurface {
    /// The function that makes its token source (`<scheme>_client_credentials`).
    pub function: String,
    /// The constant holding its token URL (`<SCHEME>_TOKEN_URL`).
    pub constant: String,
    /// The token URL.
    pub token_url: String,
}

impl SchemeSurface {
    /// The number of arguments the `with_…` method takes.
    pub fn arity(&self) -> usize {
        if self.credential == "basic" { 2 } else { 1 }
    }
}

/// The token declaration (`TokenSource`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenSurface {
    /// The Rust method name of the token operation.
    pub operation: String,
    /// Pointer to the token.
    pub token: String,
    /// Pointer to the token type, if any.
    pub token_type: Option<String>,
    /// The token type when the response has none.
    pub default_token_type: String,
    /// Expiry sources in order: `seconds /p`, `date-time /p`, `epoch /p`, `jwt-exp`.
    pub expiry: Vec<String>,
    /// Lifetime when no source is readable.
    pub default_lifetime_seconds: Option<u64>,
    /// Upper bound on the lifetime.
    pub max_lifetime_seconds: Option<u64>,
}

/// One operation: one client method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// The Rust method name.
    pub name: String,
    /// The HTTP method (`POST`).
    pub method: String,
    /// The path template.
    pub path: String,
    /// `operationId`, if any.
    pub operation_id: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// What the document says to use instead (`x-deprecatedMessage`), when deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
    /// Security alternatives, each a list of scheme names; empty: none; an empty
    /// alternative: anonymous access allowed.
    pub security: Vec<Vec<String>>,
    /// Parameters in argument order.
    pub parameters: Vec<ParameterSurface>,
    /// The request body, if any.
    pub body: Option<BodySurface>,
    /// What a successful call returns, as Rust type text (`()`, a type, or the
    /// operation's success enum).
    pub returns: String,
    /// The success enum, when the success statuses have different bodies.
    pub success_enum: Option<String>,
    /// The error enum (one variant per documented error status).
    pub error_enum: String,
    /// The request type the client method returns (which code may name, to keep a
    /// request before awaiting it).
    #[serde(default)]
    pub request: String,
    /// Documented success responses, by status.
    pub successes: Vec<OutcomeSurface>,
    /// Documented error responses, by status, `default` last.
    pub errors: Vec<OutcomeSurface>,
    /// Whether a 2xx status the document does not list is read as the only success
    /// (see [`Operation::stray_success`](crate::model::Operation::stray_success)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stray_success: bool,
    /// Whether the request has `send_streaming` (every success a binary or text body, of one type).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub streams: bool,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl Location {
    /// As OpenAPI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterSurface {
    /// The Rust argument (or builder method) name.
    pub name: String,
    /// The wire name.
    pub wire: String,
    /// Where it goes.
    pub location: Location,
    /// Its Rust type as text.
    pub ty: String,
    /// Required: a positional argument; optional: a builder method.
    pub required: bool,
    /// The schema's `format`.
    pub format: Option<String>,
    /// Declared constraints (checked before sending).
    pub constraints: ConstraintSurface,
    /// How an array is serialized: `exploded`, or `joined by ','` (or `' '`, `'|'`);
    /// `None` for other types.
    pub style: Option<String>,
    /// `deprecated` (a builder method is then `#[deprecated]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// What the document says to use instead (`x-deprecatedMessage`), when deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
    /// An idempotency key the runtime makes when none is set (see
    /// [`Parameter::idempotency_key`](crate::model::Parameter::idempotency_key)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub idempotency_key: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodySurface {
    /// Its Rust type as text.
    pub ty: String,
    /// Whether it must be given (a positional argument) or not (`.body(..)`).
    pub required: bool,
    /// The media type sent.
    pub media_type: String,
    /// Whether its argument is taken through `Into` (`impl Into<String>`), not as its type.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub through_into: bool,
    /// Whether a `content_type` argument comes with it (a multipart body).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub content_type: bool,
    /// A form body's properties written in a style of their own (`deepObject`, …), by
    /// wire name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form_styles: Vec<(String, String)>,
    /// A multipart body's parts, by name: what each holds, and whether it is required
    /// (`a file (image/png), required`), as the operation's docs list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<(String, String)>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeSurface {
    /// `201`, `4XX` or `default`.
    pub status: String,
    /// The variant name in the success or error enum.
    pub variant: String,
    /// The body's Rust type as text, if there is a body.
    pub ty: Option<String>,
    /// The body's media type, if there is a body.
    pub media_type: Option<String>,
}

/// A number's `enum` values as the report shows them: `[1, 2, 3]`.
pub fn listed_text(values: &[serde_json::Number]) -> String {
    let values: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!("[{}]", values.join(", "))
}

/// Declared constraints of a field or parameter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConstraintSurface {
    /// `maxLength`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `minLength`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// `pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `maximum` and whether it is exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<(f64, bool)>,
    /// `minimum` and whether it is exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<(f64, bool)>,
    /// `maxItems`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// `minItems`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// `multipleOf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    /// The values a number's `enum` lists (none: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed: Vec<serde_json::Number>,
    /// `uniqueItems: true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    /// The constraints of each item of an array or value of a map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elements: Option<Box<ConstraintSurface>>,
}

impl ConstraintSurface {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == ConstraintSurface::default()
    }
}

/// A named type of the module's `types`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSurface {
    /// The Rust name.
    pub name: String,
    /// Which way its values travel.
    pub direction: Direction,
    /// What it is.
    pub shape: TypeShape,
    /// The type its `builder()` returns (a received struct's), which code may name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builder: Option<String>,
    /// `deprecated` on its schema (the type is then `#[deprecated]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// What the document says to use instead (`x-deprecatedMessage`), when deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TypeShape {
    /// A struct.
    Struct {
        /// Fields, sorted by wire name.
        fields: Vec<FieldSurface>,
        /// The value type of the flattened map of extra properties, if any.
        additional: Option<String>,
        /// The declared constraints of that map (`elements`: each value's).
        #[serde(default, skip_serializing_if = "ConstraintSurface::is_empty")]
        additional_constraints: ConstraintSurface,
    },
    /// A string enum.
    Enum {
        /// The values, in spec order.
        values: Vec<EnumValueSurface>,
    },
    /// A `oneOf`/`anyOf` enum.
    Union {
        /// The members, in spec order.
        members: Vec<MemberSurface>,
        /// The discriminator property, if any (each member's value is in its surface).
        discriminator: Option<String>,
        /// What it converts from (`From` impls; for unions parameters hold), as Rust types.
        converts_from: Vec<String>,
    },
    /// A type alias.
    Alias {
        /// The aliased Rust type as text.
        target: String,
    },
    /// A newtype (`struct Name(pub T)`, an alias that contains itself).
    Newtype {
        /// The wrapped Rust type as text.
        target: String,
    },
}

impl TypeShape {
    /// `struct`, `enum`, `union`, `alias` or `newtype`.
    pub fn kind(&self) -> &'static str {
        match self {
            TypeShape::Struct { .. } => "struct",
            TypeShape::Enum { .. } => "enum",
            TypeShape::Union { .. } => "union",
            TypeShape::Alias { .. } => "alias",
            TypeShape::Newtype { .. } => "newtype",
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The Rust name.
    pub name: String,
    /// The wire name.
    pub wire: String,
    /// The Rust type without the `Option`s optionality and nullability add.
    pub ty: String,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// The default a missing value takes, as JSON text, when the field is not an
    /// `Option` because of it.
    pub default: Option<String>,
    /// The schema's `format`.
    pub format: Option<String>,
    /// Declared constraints.
    pub constraints: ConstraintSurface,
    /// `deprecated` on the property (its setters are then `#[deprecated]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// What the document says to use instead (`x-deprecatedMessage`), when deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
    /// Listed in `required`, but `readOnly` or `writeOnly`: optional.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required_one_way: bool,
    /// `readOnly` or `writeOnly`, when the property is one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only: Option<String>,
}

impl FieldSurface {
    /// The field's declared Rust type: `T`, `Option<T>` or `Option<Option<T>>`.
    pub fn rust_type(&self) -> String {
        match (self.required, self.nullable, self.default.is_some()) {
            (_, _, true) | (true, false, _) => self.ty.clone(),
            (true, true, _) | (false, false, _) => format!("Option<{}>", self.ty),
            (false, true, _) => format!("Option<Option<{}>>", self.ty),
        }
    }

    /// Whether a request struct's `new` takes it (required, without a default).
    pub fn is_constructor_argument(&self) -> bool {
        self.required && self.default.is_none()
    }
}

/// A string enum value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValueSurface {
    /// The wire value.
    pub wire: String,
    /// The Rust variant name.
    pub variant: String,
}

/// A union member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberSurface {
    /// The Rust variant name.
    pub variant: String,
    /// Its Rust type as text.
    pub ty: String,
    /// The discriminator's values that choose it, if the union has a discriminator (one,
    /// or more when a mapping gives it several); else none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The member's own declared constraints (an inline or aliased scalar's).
    #[serde(default, skip_serializing_if = "ConstraintSurface::is_empty")]
    pub constraints: ConstraintSurface,
}
