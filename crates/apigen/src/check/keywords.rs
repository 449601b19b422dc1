//! Unknown keywords: a member of an OpenAPI object that the specification does not
//! define for that object and that is not an extension (`x-…`). The parser ignores
//! such members, so a typo (`requird:`) silently changes the meaning of the document.
//!
//! The warning suggests the nearest keyword of the same object by edit distance
//! (`strsim`'s optimal string alignment distance, which counts a swap of two
//! neighbouring letters as one edit).

use super::Version;
use super::report::{Finding, Reporter};
use super::walk::{Kind, Node};
use crate::diagnostics::escape_token;

/// Reports the unknown keywords of every object in `nodes`.
pub fn check(nodes: &[Node<'_>], version: Version, reporter: &mut Reporter<'_>) {
    for node in nodes {
        // A schema may hold `$ref` beside other keywords, so it is no unknown keyword
        // there; but one that is not a string references nothing and is ignored.
        if node.kind == Kind::Schema && node.object.get("$ref").is_some_and(|target| !target.is_string()) {
            let pointer = format!("{}/$ref", node.pointer);
            let message = "`$ref` is not a string, so it references nothing: it is ignored, and this is read as a schema without it";
            reporter.report(Finding::UnknownKeyword, pointer, message.to_owned());
        }
        for key in node.object.keys() {
            if key.starts_with("x-") || allowed(node.kind, version).contains(&key.as_str()) {
                continue;
            }
            let pointer = format!("{}/{}", node.pointer, escape_token(key));
            reporter.report(Finding::UnknownKeyword, pointer, message(key, node.kind, version));
        }
    }
}

fn message(key: &str, kind: Kind, version: Version) -> String {
    let what = kind.name();
    if version == Version::V3_0 && allowed(kind, Version::V3_1).contains(&key) {
        return format!(
            "keyword `{key}` of {what} is OpenAPI 3.1 (JSON Schema 2020-12), but this is an OpenAPI 3.0 document: it is ignored"
        );
    }
    if kind == Kind::Reference {
        return format!(
            "keyword `{key}` beside `$ref` is ignored (a reference object has only `$ref`, `summary` and `description`)"
        );
    }
    if key == "$ref" && super::walk::referable(kind) {
        return format!(
            "`$ref` is not a string, so this is not a reference object: it is ignored, and this is read as {what}"
        );
    }
    match suggestion(key, allowed(kind, version)) {
        Some(near) => format!("unknown keyword `{key}` in {what} (ignored); did you mean `{near}`?"),
        None => format!("unknown keyword `{key}` in {what} (ignored)"),
    }
}

/// The keyword nearest to `key`, when it is near enough to be a likely typo (at most
/// one edit per three letters, and at most three). A difference of case counts as
/// less than an edit, so `ReadOnly` suggests `readOnly`.
fn suggestion(key: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let limit = (key.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| {
            let distance = strsim::osa_distance(&key.to_lowercase(), &c.to_lowercase());
            (distance * 2 + usize::from(key != *c), *c)
        })
        .filter(|(score, _)| *score <= limit * 2 + 1)
        .min()
        .map(|(_, c)| c)
}

const INFO: &[&str] = &["title", "description", "termsOfService", "contact", "license", "version"];
const INFO_31: &[&str] = &["title", "summary", "description", "termsOfService", "contact", "license", "version"];
const LICENSE: &[&str] = &["name", "url"];
const LICENSE_31: &[&str] = &["name", "identifier", "url"];
const ROOT: &[&str] = &["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs"];
const ROOT_31: &[&str] = &[
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "paths",
    "webhooks",
    "components",
    "security",
    "tags",
    "externalDocs",
];
const COMPONENTS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];
const COMPONENTS_31: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
];
const PATH_ITEM: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "servers",
    "parameters",
];
const OPERATION: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];
const PARAMETER: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];
const HEADER: &[&str] = &[
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];
const SECURITY_SCHEME: &[&str] =
    &["type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl"];
const LINK: &[&str] = &["operationRef", "operationId", "parameters", "requestBody", "description", "server"];

/// The schema keywords of OpenAPI 3.0 (its subset of JSON Schema draft 5 and its own).
const SCHEMA_30: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// The schema keywords of OpenAPI 3.1: JSON Schema 2020-12 (core, applicator,
/// unevaluated, validation, meta-data, format and content vocabularies) and the OpenAPI
/// base vocabulary, plus `nullable`, which the normalize stage writes for `type: [T, "null"]`.
const SCHEMA_31: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "prefixItems",
    "items",
    "contains",
    "additionalProperties",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "const",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "discriminator",
    "xml",
    "externalDocs",
    "example",
    "nullable",
];

/// The keywords an object of `kind` may have (extensions aside).
pub fn allowed(kind: Kind, version: Version) -> &'static [&'static str] {
    let v31 = version == Version::V3_1;
    match kind {
        Kind::Root if v31 => ROOT_31,
        Kind::Root => ROOT,
        Kind::Info if v31 => INFO_31,
        Kind::Info => INFO,
        Kind::Contact => &["name", "url", "email"],
        Kind::License if v31 => LICENSE_31,
        Kind::License => LICENSE,
        Kind::Server => &["url", "description", "variables"],
        Kind::ServerVariable => &["enum", "default", "description"],
        Kind::PathItem => PATH_ITEM,
        Kind::Operation => OPERATION,
        Kind::Parameter => PARAMETER,
        Kind::Header => HEADER,
        Kind::RequestBody => &["description", "content", "required"],
        Kind::Response => &["description", "headers", "content", "links"],
        Kind::MediaType => &["schema", "example", "examples", "encoding"],
        Kind::Encoding => &["contentType", "headers", "style", "explode", "allowReserved"],
        Kind::Components if v31 => COMPONENTS_31,
        Kind::Components => COMPONENTS,
        Kind::Schema if v31 => SCHEMA_31,
        Kind::Schema => SCHEMA_30,
        Kind::SecurityScheme => SECURITY_SCHEME,
        Kind::OAuthFlows => &["implicit", "password", "clientCredentials", "authorizationCode"],
        Kind::OAuthFlow => &["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"],
        Kind::Example => &["summary", "description", "value", "externalValue"],
        Kind::Link => LINK,
        Kind::Tag => &["name", "description", "externalDocs"],
        Kind::ExternalDocs => &["description", "url"],
        Kind::Discriminator => &["propertyName", "mapping"],
        Kind::Xml => &["name", "namespace", "prefix", "attribute", "wrapped"],
        Kind::Reference => &["$ref", "summary", "description"],
        // Expressions, any of them (the walk makes no node of this kind).
        Kind::Callback => &[],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::check::report::MAX_REPORTED;
    use crate::check::walk::objects;
    use crate::diagnostics::Diagnostics;

    fn messages(doc: &Value, version: Version) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new("x.yaml");
        let mut reporter = Reporter::new(&mut diags);
        check(&objects(doc), version, &mut reporter);
        reporter.finish();
        diags.items().iter().map(|d| (d.pointer.clone(), d.message.clone())).collect()
    }

    #[test]
    fn typos_get_a_suggestion_and_extensions_pass() {
        let doc = json!({"openapi": "3.0.3", "x-any": 1, "paths": {"/a": {"get": {"summry": "s", "responses": {}}}},
            "components": {"schemas": {"T": {"requird": ["a"], "properties": {"requird": {}}, "ReadOnly": true}}}});
        assert_eq!(
            messages(&doc, Version::V3_0),
            vec![
                (
                    "/paths/~1a/get/summry".to_owned(),
                    "unknown keyword `summry` in an operation (ignored); did you mean `summary`?".to_owned()
                ),
                (
                    "/components/schemas/T/ReadOnly".to_owned(),
                    "unknown keyword `ReadOnly` in a schema (ignored); did you mean `readOnly`?".to_owned()
                ),
                (
                    "/components/schemas/T/requird".to_owned(),
                    "unknown keyword `requird` in a schema (ignored); did you mean `required`?".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_ref_where_none_may_stand_or_not_a_string_is_said_to_be_so() {
        let doc = json!({"paths": {"/a": {"get": {"$ref": "#/x", "parameters": [{"$ref": 5, "name": "q", "in": "query"}],
            "responses": {}}}}});
        assert_eq!(
            messages(&doc, Version::V3_0),
            vec![
                ("/paths/~1a/get/$ref".to_owned(), "unknown keyword `$ref` in an operation (ignored)".to_owned()),
                (
                    "/paths/~1a/get/parameters/0/$ref".to_owned(),
                    "`$ref` is not a string, so this is not a reference object: it is ignored, and this is read as a parameter"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn far_keys_get_no_suggestion_and_versions_differ() {
        let doc = json!({"openapi": "3.0.3", "webhooks": {}, "banana": 1});
        let found = messages(&doc, Version::V3_0);
        assert_eq!(found[0].1, "unknown keyword `banana` in the OpenAPI object (the document root) (ignored)");
        assert!(found[1].1.contains("is OpenAPI 3.1"), "{found:?}");
        assert_eq!(messages(&doc, Version::V3_1).len(), 1);
    }

    #[test]
    fn many_unknown_keywords_are_summed_up() {
        let schema: Map<String, Value> = (0..60).map(|i| (format!("k{i}"), json!(1))).collect();
        let doc = json!({"components": {"schemas": {"T": schema}}});
        let found = messages(&doc, Version::V3_0);
        assert_eq!(found.len(), MAX_REPORTED + 1);
        assert_eq!(
            found[MAX_REPORTED].1,
            "10 more unknown keyword(s) not shown (60 in all; the first 50 are reported)"
        );
    }
}
