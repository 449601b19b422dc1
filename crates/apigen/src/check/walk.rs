//! Every object of a document with what it is (info, operation, schema, …), found by
//! position: an object's kind follows from the keyword or map it hangs under.
//!
//! The walk never descends into values that are data rather than OpenAPI objects:
//! `example`, `examples` of a schema, `default`, `enum`, `const`, extension values,
//! link parameters, security requirements, and the names of properties or components
//! (which are map keys, not keywords). It keeps its own stack instead of recursing,
//! so a deeply nested document cannot overflow the call stack.

use serde_json::{Map, Value};

use crate::diagnostics::pointer as child_pointer;

/// What an object in an OpenAPI document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document root.
    Root,
    /// `info`
    Info,
    /// `info.contact`
    Contact,
    /// `info.license`
    License,
    /// A server (root, path item, operation, link).
    Server,
    /// A server variable.
    ServerVariable,
    /// A path item (under `paths`, callbacks, webhooks, `components.pathItems`).
    PathItem,
    /// An operation.
    Operation,
    /// A parameter.
    Parameter,
    /// A header (response, encoding, components).
    Header,
    /// A request body.
    RequestBody,
    /// A response.
    Response,
    /// A media type (a value of `content`).
    MediaType,
    /// An encoding of a media type's property.
    Encoding,
    /// `components`
    Components,
    /// A schema.
    Schema,
    /// A security scheme.
    SecurityScheme,
    /// `flows` of an OAuth 2 security scheme.
    OAuthFlows,
    /// One OAuth 2 flow.
    OAuthFlow,
    /// An example object (not the example value).
    Example,
    /// A link.
    Link,
    /// A tag.
    Tag,
    /// External documentation.
    ExternalDocs,
    /// A schema's discriminator.
    Discriminator,
    /// A schema's `xml`.
    Xml,
    /// A reference object (`$ref`) where an object of another kind may stand.
    Reference,
    /// A callback object (a map of expressions to path items): only `kind_at` names
    /// one; the walk goes on to its path items.
    Callback,
}

impl Kind {
    /// The name of the object as the OpenAPI specification calls it, with its article.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Root => "the OpenAPI object (the document root)",
            Kind::Info => "the info object",
            Kind::Contact => "a contact object",
            Kind::License => "a license object",
            Kind::Server => "a server object",
            Kind::ServerVariable => "a server variable",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::Parameter => "a parameter",
            Kind::Header => "a header",
            Kind::RequestBody => "a request body",
            Kind::Response => "a response",
            Kind::MediaType => "a media type object",
            Kind::Encoding => "an encoding object",
            Kind::Components => "the components object",
            Kind::Schema => "a schema",
            Kind::SecurityScheme => "a security scheme",
            Kind::OAuthFlows => "an OAuth flows object",
            Kind::OAuthFlow => "an OAuth flow",
            Kind::Example => "an example object",
            Kind::Link => "a link",
            Kind::Tag => "a tag",
            Kind::ExternalDocs => "an external documentation object",
            Kind::Discriminator => "a discriminator",
            Kind::Xml => "an xml object",
            Kind::Reference => "a reference object",
            Kind::Callback => "a callback object",
        }
    }
}

/// One object of the document.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its JSON pointer.
    pub pointer: String,
    /// Its members.
    pub object: &'a Map<String, Value>,
    /// The index (in the walk's list) of the object it belongs to, and the keyword
    /// of that object it is under (`allOf`, `properties`, `content`, …).
    pub parent: Option<(usize, &'static str)>,
}

/// Where the children of an object are: a keyword and the kind of what it holds.
enum Holds {
    /// One object.
    One(Kind),
    /// An array of objects.
    List(Kind),
    /// A map of objects by name (every entry, `x-` names too: they are names here).
    Map(Kind),
    /// A map that also allows extensions: `x-` entries are skipped.
    MapWithExtensions(Kind),
    /// Callbacks: a map of callback objects, each a map of path items.
    Callbacks,
    /// A schema or, in JSON Schema, a boolean (`additionalProperties: false`).
    Schema,
    /// `items`: a schema (or, in old drafts, an array of schemas).
    SchemaOrList,
}

/// Where a schema's subschemas and objects are.
const SCHEMA_CHILDREN: &[(&str, Holds)] = &[
    ("properties", Holds::Map(Kind::Schema)),
    ("patternProperties", Holds::Map(Kind::Schema)),
    ("$defs", Holds::Map(Kind::Schema)),
    ("definitions", Holds::Map(Kind::Schema)),
    ("dependentSchemas", Holds::Map(Kind::Schema)),
    ("items", Holds::SchemaOrList),
    ("prefixItems", Holds::List(Kind::Schema)),
    ("allOf", Holds::List(Kind::Schema)),
    ("anyOf", Holds::List(Kind::Schema)),
    ("oneOf", Holds::List(Kind::Schema)),
    ("not", Holds::Schema),
    ("if", Holds::Schema),
    ("then", Holds::Schema),
    ("else", Holds::Schema),
    ("additionalProperties", Holds::Schema),
    ("unevaluatedProperties", Holds::Schema),
    ("unevaluatedItems", Holds::Schema),
    ("contains", Holds::Schema),
    ("propertyNames", Holds::Schema),
    ("contentSchema", Holds::Schema),
    ("discriminator", Holds::One(Kind::Discriminator)),
    ("xml", Holds::One(Kind::Xml)),
    ("externalDocs", Holds::One(Kind::ExternalDocs)),
];

/// The children of an object of `kind`, keyword by keyword.
fn children(kind: Kind) -> &'static [(&'static str, Holds)] {
    use Holds::*;
    match kind {
        Kind::Root => &[
            ("info", One(Kind::Info)),
            ("servers", List(Kind::Server)),
            ("paths", MapWithExtensions(Kind::PathItem)),
            ("webhooks", Map(Kind::PathItem)),
            ("components", One(Kind::Components)),
            ("tags", List(Kind::Tag)),
            ("externalDocs", One(Kind::ExternalDocs)),
        ],
        Kind::Info => &[("contact", One(Kind::Contact)), ("license", One(Kind::License))],
        Kind::Server => &[("variables", Map(Kind::ServerVariable))],
        Kind::PathItem => &[
            ("get", One(Kind::Operation)),
            ("put", One(Kind::Operation)),
            ("post", One(Kind::Operation)),
            ("delete", One(Kind::Operation)),
            ("options", One(Kind::Operation)),
            ("head", One(Kind::Operation)),
            ("patch", One(Kind::Operation)),
            ("trace", One(Kind::Operation)),
            ("servers", List(Kind::Server)),
            ("parameters", List(Kind::Parameter)),
        ],
        Kind::Operation => &[
            ("parameters", List(Kind::Parameter)),
            ("requestBody", One(Kind::RequestBody)),
            ("responses", MapWithExtensions(Kind::Response)),
            ("callbacks", Callbacks),
            ("externalDocs", One(Kind::ExternalDocs)),
            ("servers", List(Kind::Server)),
        ],
        Kind::Parameter | Kind::Header => {
            &[("schema", Schema), ("content", Map(Kind::MediaType)), ("examples", Map(Kind::Example))]
        }
        Kind::RequestBody => &[("content", Map(Kind::MediaType))],
        Kind::Response => {
            &[("headers", Map(Kind::Header)), ("content", Map(Kind::MediaType)), ("links", Map(Kind::Link))]
        }
        Kind::MediaType => &[("schema", Schema), ("examples", Map(Kind::Example)), ("encoding", Map(Kind::Encoding))],
        Kind::Encoding => &[("headers", Map(Kind::Header))],
        Kind::Components => &[
            ("schemas", Map(Kind::Schema)),
            ("responses", Map(Kind::Response)),
            ("parameters", Map(Kind::Parameter)),
            ("examples", Map(Kind::Example)),
            ("requestBodies", Map(Kind::RequestBody)),
            ("headers", Map(Kind::Header)),
            ("securitySchemes", Map(Kind::SecurityScheme)),
            ("links", Map(Kind::Link)),
            ("callbacks", Callbacks),
            ("pathItems", Map(Kind::PathItem)),
        ],
        Kind::Schema => SCHEMA_CHILDREN,
        Kind::SecurityScheme => &[("flows", One(Kind::OAuthFlows))],
        Kind::OAuthFlows => &[
            ("implicit", One(Kind::OAuthFlow)),
            ("password", One(Kind::OAuthFlow)),
            ("clientCredentials", One(Kind::OAuthFlow)),
            ("authorizationCode", One(Kind::OAuthFlow)),
        ],
        Kind::Link => &[("server", One(Kind::Server))],
        Kind::Tag => &[("externalDocs", One(Kind::ExternalDocs))],
        _ => &[],
    }
}

/// What stands at `pointer` (escaped tokens from the root), by position alone: the kind of
/// object the specification puts there, whatever the document holds; `None` where it
/// puts none (an extension, data, an unknown keyword).
pub(crate) fn kind_at(pointer: &str) -> Option<Kind> {
    let mut tokens = pointer.split('/').skip(1).map(crate::diagnostics::unescape_token).peekable();
    let mut kind = Kind::Root;
    while let Some(token) = tokens.next() {
        let (_, holds) = children(kind).iter().find(|(key, _)| *key == token)?;
        kind = match holds {
            Holds::One(kind) => *kind,
            Holds::Schema => Kind::Schema,
            Holds::List(kind) | Holds::Map(kind) | Holds::MapWithExtensions(kind) => {
                tokens.next()?;
                *kind
            }
            // An index when `items` is a list: no schema keyword is a number.
            Holds::SchemaOrList => {
                tokens.next_if(|token| token.parse::<usize>().is_ok());
                Kind::Schema
            }
            // A callback's name, then an expression.
            Holds::Callbacks => {
                tokens.next()?;
                match tokens.next() {
                    Some(_) => Kind::PathItem,
                    None => Kind::Callback,
                }
            }
        };
    }
    Some(kind)
}

/// A child found but not yet visited: kind, pointer, value, parent.
type Pending<'a> = (Kind, String, &'a Value, Option<(usize, &'static str)>);

/// Every object of `doc`, parents before their children, in a fixed order.
pub fn objects(doc: &Value) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack: Vec<Pending<'_>> = vec![(Kind::Root, String::new(), doc, None)];
    while let Some((kind, pointer, value, parent)) = stack.pop() {
        let Some(object) = value.as_object() else { continue };
        // A `$ref` where a reference object may stand (but for a schema or a path item,
        // which may have both) is one; what it points at is visited where it is. Where
        // none may stand (a media type, an operation, …) or when it is not a string, it
        // is a keyword like any other, and the object is read as what it stands for (as
        // `openapiv3` reads it: a check that stopped there would miss what it holds).
        let kind =
            if referable(kind) && object.get("$ref").is_some_and(Value::is_string) { Kind::Reference } else { kind };
        let index = out.len();
        let mut found = Vec::new();
        for (key, holds) in children(kind) {
            if let Some(child) = object.get(*key) {
                let at = child_pointer(&pointer, &[key]);
                push_children(&mut found, &at, holds, child, (index, *key));
            }
        }
        // Reversed onto the stack, so that they come off in document order.
        stack.extend(found.into_iter().rev());
        out.push(Node { kind, pointer, object, parent });
    }
    out
}

/// Whether a reference object may stand where an object of `kind` does (schemas and
/// path items aside: they may hold `$ref` among their members).
pub(crate) fn referable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Parameter
            | Kind::Header
            | Kind::RequestBody
            | Kind::Response
            | Kind::Example
            | Kind::Link
            | Kind::SecurityScheme
    )
}

fn push_children<'a>(
    found: &mut Vec<Pending<'a>>,
    at: &str,
    holds: &Holds,
    child: &'a Value,
    parent: (usize, &'static str),
) {
    let entry = |key: &str| child_pointer(at, &[key]);
    let parent = Some(parent);
    match (holds, child) {
        (Holds::One(kind), _) => found.push((*kind, at.to_owned(), child, parent)),
        (Holds::Schema, _) => found.push((Kind::Schema, at.to_owned(), child, parent)),
        (Holds::List(kind), Value::Array(items)) => {
            found.extend(items.iter().enumerate().map(|(i, item)| (*kind, format!("{at}/{i}"), item, parent)));
        }
        (Holds::SchemaOrList, Value::Array(items)) => {
            found.extend(items.iter().enumerate().map(|(i, item)| (Kind::Schema, format!("{at}/{i}"), item, parent)));
        }
        (Holds::SchemaOrList, _) => found.push((Kind::Schema, at.to_owned(), child, parent)),
        (Holds::Map(kind), Value::Object(map)) => {
            found.extend(map.iter().map(|(key, value)| (*kind, entry(key), value, parent)));
        }
        (Holds::MapWithExtensions(kind), Value::Object(map)) => {
            let named = map.iter().filter(|(key, _)| !key.starts_with("x-"));
            found.extend(named.map(|(key, value)| (*kind, entry(key), value, parent)));
        }
        (Holds::Callbacks, Value::Object(callbacks)) => {
            for (name, callback) in callbacks {
                let Some(expressions) = callback.as_object() else { continue };
                let at = entry(name);
                if expressions.get("$ref").is_some_and(Value::is_string) {
                    found.push((Kind::Reference, at, callback, parent));
                    continue;
                }
                let named = expressions.iter().filter(|(key, _)| !key.starts_with("x-"));
                found.extend(named.map(|(key, item)| (Kind::PathItem, child_pointer(&at, &[key]), item, parent)));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn kinds(doc: &Value) -> Vec<(Kind, String)> {
        objects(doc).into_iter().map(|n| (n.kind, n.pointer)).collect()
    }

    #[test]
    fn kinds_follow_from_position_and_data_is_not_entered() {
        let doc = json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"properties": {"required": {"type": "string", "default": {"type": 1}}}},
                    "example": {"info": {}}
                }}}, "x-ext": {"get": {}}}
            }}, "x-paths": {}},
            "x-root": {"info": {}}
        });
        let expected = vec![
            (Kind::Root, "".to_owned()),
            (Kind::PathItem, "/paths/~1a".to_owned()),
            (Kind::Operation, "/paths/~1a/get".to_owned()),
            (Kind::Reference, "/paths/~1a/get/parameters/0".to_owned()),
            (Kind::Response, "/paths/~1a/get/responses/200".to_owned()),
            (Kind::MediaType, "/paths/~1a/get/responses/200/content/application~1json".to_owned()),
            (Kind::Schema, "/paths/~1a/get/responses/200/content/application~1json/schema".to_owned()),
            (
                Kind::Schema,
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/required".to_owned(),
            ),
        ];
        assert_eq!(kinds(&doc), expected);
    }

    #[test]
    fn a_ref_is_a_reference_only_where_one_may_stand_and_when_it_is_a_string() {
        let schema = json!({"items": {}});
        let doc = json!({"paths": {"/a": {"get": {
            "$ref": "#/x",
            "parameters": [{"$ref": 5, "name": "q", "in": "query", "schema": schema}, {"$ref": "#/p", "schema": schema}],
            "responses": {"200": {"$ref": "#/r"}, "201": {"description": "d", "content": {"a/b": {"$ref": "#/m", "schema": schema}}}}
        }}}});
        let found = kinds(&doc);
        let at = |pointer: &str| found.iter().find(|(_, at)| at == pointer).map(|(kind, _)| *kind);
        assert_eq!(at("/paths/~1a/get"), Some(Kind::Operation));
        assert_eq!(at("/paths/~1a/get/parameters/0"), Some(Kind::Parameter));
        assert_eq!(at("/paths/~1a/get/parameters/0/schema/items"), Some(Kind::Schema));
        assert_eq!(at("/paths/~1a/get/parameters/1"), Some(Kind::Reference));
        assert_eq!(at("/paths/~1a/get/parameters/1/schema"), None);
        assert_eq!(at("/paths/~1a/get/responses/200"), Some(Kind::Reference));
        assert_eq!(at("/paths/~1a/get/responses/201/content/a~1b"), Some(Kind::MediaType));
        assert_eq!(at("/paths/~1a/get/responses/201/content/a~1b/schema/items"), Some(Kind::Schema));
    }

    #[test]
    fn the_kind_at_a_pointer_follows_from_position() {
        let cases = [
            ("", Some(Kind::Root)),
            ("/paths/~1pets", Some(Kind::PathItem)),
            ("/paths/~1pets/post/callbacks/onDog/{$request.body#~1url}", Some(Kind::PathItem)),
            ("/components/callbacks/onDog", Some(Kind::Callback)),
            ("/paths/~1pets/get/parameters/0", Some(Kind::Parameter)),
            ("/paths/~1pets/post/requestBody", Some(Kind::RequestBody)),
            ("/paths/~1pets/get/responses/200/content/application~1json/schema", Some(Kind::Schema)),
            ("/components/responses/NotFound/headers/X-Rate", Some(Kind::Header)),
            ("/components/securitySchemes/bearer", Some(Kind::SecurityScheme)),
            // Names of properties are not keywords.
            ("/components/schemas/Pet/properties/requestBody", Some(Kind::Schema)),
            ("/components/schemas/Pet/properties/parameters/items", Some(Kind::Schema)),
            ("/components/schemas/Pet/properties/headers/additionalProperties", Some(Kind::Schema)),
            ("/components/schemas/Pet/items/1/properties/a", Some(Kind::Schema)),
            ("/components/schemas/Pet/x-extra", None),
        ];
        for (pointer, kind) in cases {
            assert_eq!(kind_at(pointer), kind, "{pointer}");
        }
    }

    #[test]
    fn callbacks_and_items_lists() {
        let doc = json!({"components": {
            "callbacks": {"c": {"{$request.body#/url}": {"post": {}}}},
            "schemas": {"T": {"items": [{}, {}]}}
        }});
        let found = kinds(&doc);
        assert!(found.contains(&(Kind::Operation, "/components/callbacks/c/{$request.body#~1url}/post".to_owned())));
        assert!(found.contains(&(Kind::Schema, "/components/schemas/T/items/1".to_owned())));
    }
}
