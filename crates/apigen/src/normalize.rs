//! Stage 2, normalize: rewrite an OpenAPI 3.1 document into the 3.0 model that the
//! parser (`openapiv3`) understands, on the raw `serde_json::Value`.
//!
//! `openapiv3` rejects some 3.1 constructs and silently drops others; rewriting them
//! first keeps their meaning:
//!
//! | 3.1                                   | 3.0                                          |
//! |---------------------------------------|----------------------------------------------|
//! | `type: [T, "null"]`                   | `type: T, nullable: true`                    |
//! | `type: [A, B]`                        | `anyOf: [{type: A}, {type: B}]`              |
//! | `type: "null"`                        | `nullable: true` (no type)                   |
//! | `anyOf`/`oneOf` with `{type: "null"}` | the other members, `nullable: true`          |
//! | `const: v`                            | `enum: [v]`                                  |
//! | `examples: [a, …]` (schema)           | `example: a`                                 |
//! | `exclusiveMinimum: n` (number)        | `minimum: n, exclusiveMinimum: true`         |
//! | `$ref` with sibling keywords (schema) | `allOf: [{$ref}]` plus the siblings          |
//!
//! Schemas are found by position (components, media types, parameters, headers and
//! the subschema keywords), so `$ref`s that are not schema references are left alone.
//! 3.0 documents go through the same walk: the rewrites are no-ops on valid 3.0.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostics, escape_token, unescape_token};

pub(crate) mod anchors;
pub(crate) mod defs;
pub(crate) mod inheritance;

/// Rewrites `doc` in place. Returns the document's major.minor version (`"3.0"`, `"3.1"`).
pub fn normalize(doc: &mut Value, diags: &mut Diagnostics) -> Option<String> {
    let version = check_version(doc, diags)?;
    defs::hoist(doc, diags);
    // Every time (after an overlay, the document reads `3.0.3` and the collector is
    // another), and in 3.0 documents too, which the same walk reads.
    diags.record_named_branches(defs::named_branches(doc));
    if let Some(root) = doc.as_object_mut() {
        if version == "3.1" {
            root.insert("openapi".into(), Value::String("3.0.3".into()));
            // 3.1 makes `paths` optional; the 3.0 model requires it.
            root.entry("paths").or_insert_with(|| json!({}));
            no_responses_is_none(root);
            mutual_tls(root, diags);
            other_dialect(root, diags);
        }
        walk_document(root, diags);
    }
    Some(version)
}

/// Schemas are read as JSON Schema 2020-12 with the OpenAPI vocabulary (the 3.1 base
/// dialect, the default): a document that declares another dialect is told so.
fn other_dialect(root: &Map<String, Value>, diags: &mut Diagnostics) {
    let Some(Value::String(dialect)) = root.get("jsonSchemaDialect") else { return };
    let known = dialect.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
        || dialect.trim_end_matches('#') == "https://json-schema.org/draft/2020-12/schema";
    if !known {
        diags.warning(
            "/jsonSchemaDialect",
            format!("schemas are read as JSON Schema 2020-12 with OpenAPI's vocabulary (the 3.1 base dialect), not as `{dialect}`; a tuple written as a list of `items` is read as 2020-12's `prefixItems`"),
        );
    }
}

/// 3.1 makes an operation's `responses` optional; the 3.0 model requires it: an
/// operation without them gets none (`{}`: it returns nothing it documents).
fn no_responses_is_none(root: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                op.entry("responses").or_insert_with(|| json!({}));
            }
        }
    }
}

/// 3.1 `mutualTLS` security schemes: the client's certificate is the HTTP client's to
/// present (`with_http_client`), nothing a request carries, and the 3.0 model has no such
/// scheme. Each is taken out, with a warning, and out of the security requirements that
/// name it (which the HTTP client meets when it presents a certificate).
fn mutual_tls(root: &mut Map<String, Value>, diags: &mut Diagnostics) {
    let Some(Value::Object(schemes)) = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) else {
        return;
    };
    let names = mutual_tls_schemes(schemes);
    for name in &names {
        schemes.remove(name);
        diags.warning(
            format!("/components/securitySchemes/{}", escape_token(name)),
            "mutual TLS is the HTTP client's: build one that presents the client certificate (a reqwest `Identity`) and pass it to `with_http_client`; requirements naming this scheme are met without credentials of the request",
        );
    }
    // Out of each requirement; alternatives that became the same are one.
    let strip = |security: &mut Value| {
        let Some(alternatives) = security.as_array_mut() else { return };
        for requirement in alternatives.iter_mut().filter_map(Value::as_object_mut) {
            requirement.retain(|name, _| !names.contains(name));
        }
        let mut seen = Vec::new();
        alternatives.retain(|alternative| {
            let new = !seen.contains(alternative);
            seen.push(alternative.clone());
            new
        });
    };
    if let Some(security) = root.get_mut("security") {
        strip(security);
    }
    // The path items of `paths`, and those a `$ref` may copy from `components`.
    let mut items: Vec<&mut Value> = Vec::new();
    for (key, holder) in root.iter_mut() {
        let holder = match key.as_str() {
            "paths" => Some(holder),
            "components" => holder.get_mut("pathItems"),
            _ => None,
        };
        items.extend(holder.and_then(Value::as_object_mut).into_iter().flat_map(|map| map.values_mut()));
    }
    for item in items.into_iter().filter_map(Value::as_object_mut) {
        for method in METHODS {
            if let Some(security) = item.get_mut(method).and_then(|op| op.get_mut("security")) {
                strip(security);
            }
        }
    }
}

/// The names of the `mutualTLS` schemes among `schemes`, and of those that are `$ref`s
/// to one (through others).
fn mutual_tls_schemes(schemes: &Map<String, Value>) -> Vec<String> {
    let mutual = |scheme: &Value| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
    let mut names: Vec<String> =
        schemes.iter().filter(|(_, scheme)| mutual(scheme)).map(|(name, _)| name.clone()).collect();
    let aliases: Vec<(&String, String)> = schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let reference = scheme.get("$ref")?.as_str()?;
            Some((name, crate::diagnostics::component_entry(reference, "securitySchemes")?))
        })
        .collect();
    // One more alias at each round at least, or none is left to find.
    for _ in 0..aliases.len() {
        let more: Vec<String> = aliases
            .iter()
            .filter(|(name, target)| names.contains(target) && !names.contains(name))
            .map(|(name, _)| (*name).clone())
            .collect();
        if more.is_empty() {
            break;
        }
        names.extend(more);
    }
    names
}

/// The members of a path item that hold operations.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn check_version(doc: &Value, diags: &mut Diagnostics) -> Option<String> {
    if doc.get("swagger").is_some() {
        diags.error(
            "/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.x first (for example with swagger2openapi)",
        );
        return None;
    }
    let Some(version) = doc.get("openapi") else {
        diags.error("", "missing `openapi` version field: this does not look like an OpenAPI document");
        return None;
    };
    let Some(version) = version.as_str() else {
        diags.error("/openapi", "`openapi` must be a string such as \"3.0.3\"");
        return None;
    };
    let minor = minor_version(version);
    if minor.is_none() {
        diags.error("/openapi", format!("unsupported OpenAPI version {version}: expected 3.0.x or 3.1.x"));
    }
    minor.map(str::to_owned)
}

/// `3.0` or `3.1` for an `openapi` version of those (`3.1.0`, `3.1`), else `None`.
pub(crate) fn minor_version(version: &str) -> Option<&'static str> {
    ["3.0", "3.1"]
        .into_iter()
        .find(|minor| version.strip_prefix(minor).is_some_and(|rest| rest.is_empty() || rest.starts_with('.')))
}

fn walk_document(root: &mut Map<String, Value>, diags: &mut Diagnostics) {
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (section, walk) in [
            ("schemas", walk_schema as fn(&mut Value, &str, &mut Diagnostics)),
            ("parameters", walk_parameter),
            ("headers", walk_parameter),
            ("responses", walk_with_content),
            ("requestBodies", walk_with_content),
            ("pathItems", walk_path_item),
        ] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    walk(item, &format!("/components/{section}/{}", escape_token(name)), diags);
                }
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            walk_path_item(item, &format!("/paths/{}", escape_token(path)), diags);
        }
    }
}

fn walk_path_item(item: &mut Value, at: &str, diags: &mut Diagnostics) {
    let Some(item) = item.as_object_mut() else { return };
    walk_parameters(item, at, diags);
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(method) else { continue };
        let at = format!("{at}/{method}");
        walk_parameters(op, &at, diags);
        if let Some(body) = op.get_mut("requestBody") {
            walk_with_content(body, &format!("{at}/requestBody"), diags);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                walk_with_content(response, &format!("{at}/responses/{}", escape_token(status)), diags);
            }
        }
    }
}

fn walk_parameters(item: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    if let Some(Value::Array(params)) = item.get_mut("parameters") {
        for (index, param) in params.iter_mut().enumerate() {
            walk_parameter(param, &format!("{at}/parameters/{index}"), diags);
        }
    }
}

/// Parameters and headers: a `schema` and/or a `content` map.
fn walk_parameter(param: &mut Value, at: &str, diags: &mut Diagnostics) {
    let Some(param) = param.as_object_mut() else { return };
    if let Some(schema) = param.get_mut("schema") {
        walk_schema(schema, &format!("{at}/schema"), diags);
    }
    walk_content(param, at, diags);
}

/// Request bodies and responses: a `content` map (and response `headers`).
fn walk_with_content(item: &mut Value, at: &str, diags: &mut Diagnostics) {
    let Some(item) = item.as_object_mut() else { return };
    walk_content(item, at, diags);
    if let Some(Value::Object(headers)) = item.get_mut("headers") {
        for (name, header) in headers.iter_mut() {
            walk_parameter(header, &format!("{at}/headers/{}", escape_token(name)), diags);
        }
    }
}

/// A `content` map: each media type's schema, and the headers of its encodings.
fn walk_content(item: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    if let Some(Value::Object(content)) = item.get_mut("content") {
        for (media_type, media) in content.iter_mut() {
            let at = format!("{at}/content/{}", escape_token(media_type));
            if let Some(schema) = media.get_mut("schema") {
                walk_schema(schema, &format!("{at}/schema"), diags);
            }
            let Some(Value::Object(encodings)) = media.get_mut("encoding") else { continue };
            for (property, encoding) in encodings.iter_mut() {
                explode_forms(encoding);
                let Some(Value::Object(headers)) = encoding.get_mut("headers") else { continue };
                for (name, header) in headers.iter_mut() {
                    let at = format!("{at}/encoding/{}/headers/{}", escape_token(property), escape_token(name));
                    walk_parameter(header, &at, diags);
                }
            }
        }
    }
}

/// An Encoding Object that says any of `style`, `explode` and `allowReserved` writes its
/// property as a query parameter would be, with a query parameter's defaults (OpenAPI
/// 3.1.1, "Encoding Object"): style `form`, and then `explode: true`. Both are written
/// out, as `openapiv3` reads an absent `explode` as `false` (and the model takes an
/// Encoding Object without a style for one that says none of the three).
fn explode_forms(encoding: &mut Value) {
    let Some(encoding) = encoding.as_object_mut() else { return };
    if !["style", "explode", "allowReserved"].iter().any(|key| encoding.contains_key(*key)) {
        return;
    }
    if !encoding.contains_key("style") {
        encoding.insert("style".to_owned(), Value::String("form".to_owned()));
    }
    if encoding.get("style").and_then(Value::as_str) == Some("form") && !encoding.contains_key("explode") {
        encoding.insert("explode".to_owned(), Value::Bool(true));
    }
}

/// Normalizes one schema at pointer `at` and, recursively, its subschemas.
pub fn walk_schema(schema: &mut Value, at: &str, diags: &mut Diagnostics) {
    if let Value::Bool(allowed) = schema {
        // 3.1 boolean schemas: `true` allows anything, `false` nothing (read as `not: {}`).
        *schema = if *allowed { json!({}) } else { json!({"not": {}}) };
        return;
    }
    let Some(obj) = schema.as_object_mut() else { return };
    malformed_keywords(obj, at, diags);
    // First: the properties it declares go where the type array's object member takes them.
    unread_keywords(obj, at, diags);
    rewrite_ref_siblings(obj, at, diags);
    rewrite_type_array(obj, at, diags);
    rewrite_null_members(obj, at, diags);
    if let Some(value) = obj.remove("const") {
        obj.insert("enum".into(), Value::Array(vec![value]));
    }
    type_string_enum(obj);
    if let Some(Value::Array(examples)) = obj.get("examples") {
        let first = examples.first().cloned();
        obj.remove("examples");
        if let Some(first) = first {
            obj.entry("example").or_insert(first);
        }
    }
    // Which keyword each bound was written as, for what is said of it.
    let mut written = [("minimum", "minimum"), ("maximum", "maximum")];
    for (index, (bound, exclusive, lower)) in
        [("minimum", "exclusiveMinimum", true), ("maximum", "exclusiveMaximum", false)].into_iter().enumerate()
    {
        let Some(n) = obj.get(exclusive).filter(|v| v.is_number()).cloned() else { continue };
        // 2020-12 allows both; 3.0 has one bound: the stricter one is kept.
        let (open, closed) = (n.as_f64(), obj.get(bound).and_then(Value::as_f64));
        let stricter_closed =
            open.zip(closed).is_some_and(|(open, closed)| if lower { closed > open } else { closed < open });
        if stricter_closed {
            obj.remove(exclusive);
        } else {
            obj.insert(bound.into(), n);
            obj.insert(exclusive.into(), Value::Bool(true));
            written[index].1 = exclusive;
        }
    }
    whole_integer_bounds(obj, at, &written, diags);
    whole_numbers_as_integers(obj);
    walk_subschemas(obj, at, diags);
    rewrite_prefix_items(obj, at, "prefixItems", diags);
    union_allows_null(obj);
}

/// A `oneOf`/`anyOf` with a member that allows `null` (`type: [object, "null"]`, now
/// `nullable`) allows it too: `null` is the union's own (`Some(None)` for an optional
/// field), where an optional field read it as absent.
fn union_allows_null(obj: &mut Map<String, Value>) {
    let nullable = |member: &Value| member.get("nullable") == Some(&Value::Bool(true));
    let members = ["oneOf", "anyOf"].into_iter().filter_map(|key| obj.get(key)?.as_array());
    if members.flatten().any(nullable) {
        obj.insert("nullable".into(), Value::Bool(true));
    }
}

/// An integer's bound that is not a whole number (`maximum: 1.5`) allows what the whole
/// number inside it allows, inclusively (`maximum: 1`): the integer model reads whole
/// bounds only, and dropped such a one without a word.
fn whole_integer_bounds(obj: &mut Map<String, Value>, at: &str, written: &[(&str, &str)], diags: &mut Diagnostics) {
    if obj.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (bound, exclusive, round) in
        [("minimum", "exclusiveMinimum", f64::ceil as fn(f64) -> f64), ("maximum", "exclusiveMaximum", f64::floor)]
    {
        let Some(value) = obj.get(bound).and_then(Value::as_f64) else { continue };
        let whole = round(value);
        if whole == value || whole.abs() >= 9.0e18 {
            continue;
        }
        // A whole number, so it fits an `i64`.
        let whole = whole as i64;
        // A 3.1 exclusive bound is said as written (`exclusiveMinimum: 0.5`), where it is.
        let keyword = written.iter().find(|(b, _)| *b == bound).map_or(bound, |(_, keyword)| *keyword);
        let read = if keyword == bound { whole.to_string() } else { format!("`{bound}: {whole}`") };
        diags.warning(
            format!("{at}/{keyword}"),
            format!("`{keyword}: {value}` of an integer is not a whole number: it is read as {read}, the bound it sets on integers"),
        );
        obj.insert(bound.into(), json!(whole));
        obj.remove(exclusive);
    }
}

/// A count written as a whole number with a fraction (`minLength: 1.0`) is an integer to
/// JSON Schema (the number 1.0 is the integer 1), but the 3.0 model reads counts as
/// `usize` and an integer's bounds as `i64`, and refused it: it is written as the integer
/// it is. A count that is not a whole number is left for the parser to refuse.
fn whole_numbers_as_integers(obj: &mut Map<String, Value>) {
    const COUNTS: [&str; 6] = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];
    const INTEGER: [&str; 3] = ["minimum", "maximum", "multipleOf"];
    let integer = obj.get("type").and_then(Value::as_str) == Some("integer");
    for (key, value) in obj.iter_mut() {
        let Some(n) = value.as_f64().filter(|_| value.is_f64()) else { continue };
        let counted = COUNTS.contains(&key.as_str()) && n >= 0.0;
        let bound = integer && INTEGER.contains(&key.as_str());
        // Within 2^53 a float holds every whole number exactly.
        if (counted || bound) && n.fract() == 0.0 && n.abs() < 9.0e15 {
            *value = json!(n as i64);
        }
    }
}

/// An untyped `enum` (or `const`) of strings alone allows strings only; saying so makes
/// it read as a string enum instead of any JSON value.
fn type_string_enum(obj: &mut Map<String, Value>) {
    let composed = ["type", "$ref", "allOf", "anyOf", "oneOf", "not"].iter().any(|key| obj.contains_key(*key));
    let Some(Value::Array(values)) = obj.get("enum") else { return };
    // Strings, and `null` beside them (a nullable string enum).
    let strings = values.iter().any(Value::is_string) && values.iter().all(|v| v.is_string() || v.is_null());
    let null = values.iter().any(Value::is_null);
    if strings && !composed {
        obj.insert("type".into(), json!("string"));
        if null {
            obj.insert("nullable".into(), Value::Bool(true));
        }
    }
}

fn walk_subschemas(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    for key in ["items", "additionalProperties", "not"] {
        match obj.get_mut(key) {
            // `additionalProperties: false` is 3.0 too, and `items: false` closes a tuple.
            Some(Value::Bool(_)) if key != "not" => {}
            Some(sub) => walk_schema(sub, &format!("{at}/{key}"), diags),
            None => {}
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(subs)) = obj.get_mut(key) {
            for (index, sub) in subs.iter_mut().enumerate() {
                walk_schema(sub, &format!("{at}/{key}/{index}"), diags);
            }
        }
    }
    for key in ["properties", "patternProperties", "$defs", "definitions"] {
        if let Some(Value::Object(subs)) = obj.get_mut(key) {
            for (name, sub) in subs.iter_mut() {
                walk_schema(sub, &format!("{at}/{key}/{}", escape_token(name)), diags);
            }
        }
    }
}

/// What a JSON Schema 2020-12 keyword holds, for the keywords holding schemas that this
/// stage reads (or leaves in place) rather than the parser.
#[derive(Clone, Copy)]
enum Holds {
    Schema,
    List,
    Map,
}

impl Holds {
    fn of(keyword: &str) -> Option<Holds> {
        match keyword {
            "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema" => Some(Holds::Schema),
            "prefixItems" => Some(Holds::List),
            "$defs" | "dependentSchemas" | "patternProperties" => Some(Holds::Map),
            _ => None,
        }
    }

    /// Whether `value` is what the keyword holds; `what` it should be.
    fn fits(self, value: &Value) -> (bool, &'static str) {
        match self {
            Holds::Schema => (is_schema(value), "a schema"),
            Holds::List => (value.is_array(), "a list of schemas"),
            Holds::Map => (value.is_object(), "a map of schemas"),
        }
    }
}

fn is_schema(value: &Value) -> bool {
    value.is_object() || value.is_boolean()
}

/// A keyword holding schemas (see [`Holds`]) whose value is not what it holds
/// (`prefixItems: {}`, `contentSchema: 5`), or an entry of one that is no schema, says
/// nothing JSON Schema can read: it is taken out, with a warning (as a `$ref` that is not
/// a string is ignored), where it was read as nothing without a word.
fn malformed_keywords(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    // Read first, and changed only when something is wrong (rarely): schemas have few keys.
    let mut wrong: Vec<(String, Option<String>)> = Vec::new();
    for (key, value) in obj.iter() {
        let Some(holds) = Holds::of(key) else { continue };
        let (fits, what) = holds.fits(value);
        if !fits {
            diags.warning(format!("{at}/{key}"), format!("`{key}` is not {what}: it is ignored"));
            wrong.push((key.clone(), None));
            continue;
        }
        let entries: Vec<String> = match (holds, value) {
            (Holds::List, Value::Array(items)) => {
                items.iter().enumerate().filter(|(_, item)| !is_schema(item)).map(|(i, _)| i.to_string()).collect()
            }
            (Holds::Map, Value::Object(entries)) => {
                entries.iter().filter(|(_, entry)| !is_schema(entry)).map(|(name, _)| name.clone()).collect()
            }
            _ => Vec::new(),
        };
        for entry in entries {
            let message = format!("this entry of `{key}` is not a schema: it is ignored");
            diags.warning(format!("{at}/{key}/{}", escape_token(&entry)), message);
            wrong.push((key.clone(), Some(entry)));
        }
    }
    for (key, entry) in wrong {
        match (entry, obj.get_mut(&key)) {
            (None, _) => drop(obj.remove(&key)),
            // A position allows anything then (its index stays what `$ref`s name).
            (Some(_), Some(Value::Array(items))) => {
                items.iter_mut().filter(|item| !is_schema(item)).for_each(|item| *item = json!({}))
            }
            (Some(entry), Some(Value::Object(entries))) => drop(entries.remove(&entry)),
            _ => {}
        }
    }
}

/// JSON Schema keywords the 3.0 model does not read. Those that declare properties are
/// made into what it reads, so that no property a payload may carry is dropped on the way
/// in or out: `patternProperties` and `unevaluatedProperties` into `additionalProperties`,
/// the properties of `then`, `else` and `dependentSchemas` into optional properties. The
/// others are warned of as not checked.
fn unread_keywords(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    // Draft 2019-09 and earlier wrote a tuple as a list of `items` (with
    // `additionalItems` for the rest): 2020-12's `prefixItems` and `items`.
    if obj.get("items").is_some_and(Value::is_array) && !obj.contains_key("prefixItems") {
        if let Some(positions) = obj.remove("items") {
            obj.insert("prefixItems".into(), positions);
        }
        if let Some(rest) = obj.remove("additionalItems") {
            obj.insert("items".into(), rest);
        }
        rewrite_prefix_items(obj, at, "items", diags);
    }
    let reads = Reads::of(obj);
    if let Some(unevaluated) = obj.remove("unevaluatedProperties") {
        // `false` or `true` beside `allOf`/`$ref` says nothing the model reads: it would
        // only make a reference a struct of its own.
        if reads.other_keys && !(reads.merged && unevaluated.is_boolean()) {
            // Without `additionalProperties`, the same keys.
            if !obj.contains_key("additionalProperties") {
                diags.record_move(&format!("{at}/additionalProperties"), &format!("{at}/unevaluatedProperties"));
            }
            obj.entry("additionalProperties").or_insert(unevaluated);
        } else if unevaluated.as_object().is_some_and(|schema| !schema.is_empty()) {
            let message =
                format!("`unevaluatedProperties` {} is not read: the other properties are not kept", reads.why());
            diags.warning(format!("{at}/unevaluatedProperties"), message);
        }
    }
    fold_pattern_properties(obj, at, reads, diags);
    conditional_properties(obj, at, reads, diags);
    const UNCHECKED: [&str; 7] = [
        "contains",
        "minContains",
        "maxContains",
        "propertyNames",
        "dependentRequired",
        "unevaluatedItems",
        "$dynamicRef",
    ];
    for key in UNCHECKED {
        if !obj.contains_key(key) {
            continue;
        }
        let message = match key {
            "$dynamicRef" => "`$dynamicRef` is not followed: the value is read as any JSON value".to_owned(),
            _ => format!("`{key}` is not checked: a value it refuses is sent and accepted"),
        };
        // Left in place (a `$ref` may name what it holds), and not among the keywords a type
        // list's member takes: said once.
        diags.warning(format!("{at}/{key}"), message);
    }
}

/// What of the properties a schema declares beside its own the model reads: properties
/// and other keys (a map beside the properties) where it is an object (`type: object`, a
/// type list naming it, or no `type` but properties or an `allOf`/`$ref` the model merges
/// them into) and no union (declaring properties beside `oneOf`/`anyOf` would make it an
/// object of its own, dropping the union).
#[derive(Clone, Copy)]
struct Reads {
    properties: bool,
    other_keys: bool,
    union: bool,
    merged: bool,
}

impl Reads {
    fn of(obj: &Map<String, Value>) -> Reads {
        let union = obj.contains_key("oneOf") || obj.contains_key("anyOf");
        let merged = obj.contains_key("allOf") || obj.contains_key("$ref");
        let object = match obj.get("type") {
            None => obj.contains_key("properties") || merged,
            Some(Value::String(ty)) => ty == "object",
            Some(Value::Array(types)) => types.iter().any(|ty| ty == "object"),
            Some(_) => false,
        };
        Reads { properties: object && !union, other_keys: object && !union, union, merged }
    }

    /// Where what is not read stands, for a warning.
    fn why(self) -> &'static str {
        match self.union {
            true => "beside `oneOf` or `anyOf`",
            false => "on a schema that is no object (no `type: object` and no properties)",
        }
    }
}

/// `patternProperties` into `additionalProperties` (where the model `reads` other
/// keys): the keys they match are kept, their values read as any of the patterns'
/// schemas, or any JSON value when other keys may be anything (no `additionalProperties`,
/// or `true`); the patterns are not checked.
fn fold_pattern_properties(obj: &mut Map<String, Value>, at: &str, reads: Reads, diags: &mut Diagnostics) {
    let Some(Value::Object(patterns)) = obj.remove("patternProperties") else { return };
    let named = named_entries(&patterns, &format!("{at}/patternProperties"), diags);
    if !reads.other_keys {
        let message = format!("`patternProperties` {} are not read: the keys they match are not kept", reads.why());
        diags.warning(format!("{at}/patternProperties"), message);
        keep_named(obj, "patternProperties", named, at, diags);
        return;
    }
    let others = match obj.remove("additionalProperties") {
        None | Some(Value::Bool(true)) => Some(json!({})),
        Some(Value::Bool(false)) => None,
        Some(other) => Some(other),
    };
    let mut schemas: Vec<Value> = Vec::new();
    // Seen by their text (keys sorted): a set, not a scan per schema, for wide documents;
    // each pattern's place where its schema is now (a `$ref` may name it).
    let mut seen = std::collections::BTreeMap::new();
    let mut placed: Vec<(String, usize)> = Vec::new();
    for (pattern, schema) in patterns.into_iter().map(|(p, schema)| (Some(p), schema)).chain(others.map(|o| (None, o)))
    {
        let schema = if schema == Value::Bool(true) { json!({}) } else { schema };
        if !schema.is_object() {
            continue;
        }
        let index = *seen.entry(schema.to_string()).or_insert_with(|| {
            schemas.push(schema);
            schemas.len() - 1
        });
        placed.extend(pattern.map(|pattern| (pattern, index)));
    }
    let one = schemas.len() == 1;
    // Any value allowed for some key: any JSON value for all of them, and the patterns'
    // schemas are not read (those a `$ref` names stay where they are).
    let any = !one && schemas.contains(&json!({}));
    for (pattern, index) in placed.iter().filter(|_| !any) {
        let now =
            if one { format!("{at}/additionalProperties") } else { format!("{at}/additionalProperties/anyOf/{index}") };
        diags.record_move(&now, &format!("{at}/patternProperties/{}", escape_token(pattern)));
    }
    let additional = match schemas.len() {
        0 => return,
        _ if any => json!({}),
        1 => schemas.remove(0),
        _ => json!({ "anyOf": schemas }),
    };
    obj.insert("additionalProperties".into(), additional);
    if any {
        keep_named(obj, "patternProperties", named, at, diags);
    }
    diags.warning(
        format!("{at}/patternProperties"),
        "`patternProperties` are read as other properties (`additionalProperties`) whose values may be any of the patterns' schemas; which key matches which pattern is not checked",
    );
}

/// The properties that `then`, `else` and `dependentSchemas` declare (written in them,
/// not through a `$ref`), as optional properties of the object where the model `reads`
/// them; which of them apply is not checked. A map (an object without properties) stays
/// one for the other keys.
fn conditional_properties(obj: &mut Map<String, Value>, at: &str, reads: Reads, diags: &mut Diagnostics) {
    let declares = reads.properties;
    let map = reads.other_keys && !reads.merged && !obj.contains_key("properties");
    // `if` is left in place (a `$ref` may name it); `then` and `else` are merged.
    let conditional = ["if", "then", "else"].into_iter().find(|key| obj.contains_key(*key));
    // Each branch with where it is written.
    let mut branches: Vec<(String, Value)> =
        ["then", "else"].into_iter().filter_map(|key| Some((key.to_owned(), obj.remove(key)?))).collect();
    let dependent = obj.remove("dependentSchemas");
    if let Some(Value::Object(dependent)) = &dependent {
        branches.extend(
            dependent.iter().map(|(key, branch)| (format!("dependentSchemas/{}", escape_token(key)), branch.clone())),
        );
    }
    // Those a `$ref` names stay where they are too (after what they declare is read).
    let named: Map<String, Value> =
        branches.iter().filter(|(written, _)| diags.names_branch(&format!("{at}/{written}"))).cloned().collect();
    for (written, branch) in branches.iter().filter(|_| declares) {
        let Some(Value::Object(declared)) = branch.get("properties") else { continue };
        if map {
            obj.entry("additionalProperties").or_insert_with(|| json!({}));
        }
        let Value::Object(properties) = obj.entry("properties").or_insert_with(|| json!({})) else { continue };
        for (name, schema) in declared {
            if !properties.contains_key(name) {
                properties.insert(name.clone(), schema.clone());
                let name = escape_token(name);
                diags.record_move(&format!("{at}/properties/{name}"), &format!("{at}/{written}/properties/{name}"));
            }
        }
    }
    let said = match declares {
        true => "is not checked: the properties its schemas declare are read as optional properties of this object"
            .to_owned(),
        false => format!("is not checked, and the properties its schemas declare are not read {}", reads.why()),
    };
    if let Some(key) = conditional {
        diags.warning(format!("{at}/{key}"), format!("`if`/`then`/`else` {said}"));
    }
    if dependent.is_some() {
        diags.warning(format!("{at}/dependentSchemas"), format!("`dependentSchemas` {said}"));
    }
    for (written, branch) in named {
        match written.strip_prefix("dependentSchemas/") {
            Some(key) => {
                keep_named(obj, "dependentSchemas", Map::from_iter([(unescape_token(key), branch)]), at, diags)
            }
            None => {
                let branch = obj.entry(written.as_str()).or_insert(branch);
                walk_schema(branch, &format!("{at}/{written}"), diags);
            }
        }
    }
}

/// The entries of the map of schemas `entries` (at `at`) that a `$ref` names.
fn named_entries(entries: &Map<String, Value>, at: &str, diags: &Diagnostics) -> Map<String, Value> {
    let named = |key: &String| diags.names_branch(&format!("{at}/{}", escape_token(key)));
    entries.iter().filter(|(key, _)| named(key)).map(|(key, schema)| (key.clone(), schema.clone())).collect()
}

/// Puts `entries` back under `keyword` (a map of schemas) of the schema at `at`, each
/// normalized where it stands: normalize took the map out after reading it, and a `$ref`
/// names these (`hoist_referenced` moves them to `components` then).
fn keep_named(
    obj: &mut Map<String, Value>,
    keyword: &str,
    entries: Map<String, Value>,
    at: &str,
    diags: &mut Diagnostics,
) {
    if entries.is_empty() {
        return;
    }
    let Value::Object(kept) = obj.entry(keyword).or_insert_with(|| json!({})) else { return };
    for (key, mut schema) in entries {
        walk_schema(&mut schema, &format!("{at}/{keyword}/{}", escape_token(&key)), diags);
        kept.insert(key, schema);
    }
}

/// 3.1 tuples (`prefixItems`) have no counterpart in the 3.0 model: they are read
/// as arrays whose items are any of the positions' types (one type when all
/// positions agree), and `items: false` as `maxItems`, with a warning.
fn rewrite_prefix_items(obj: &mut Map<String, Value>, at: &str, written: &str, diags: &mut Diagnostics) {
    let Some(Value::Array(positions)) = obj.remove("prefixItems") else {
        // Without positions, `items: true` says nothing and `items: false` means empty.
        if let Some(Value::Bool(allowed)) = obj.get("items").cloned() {
            obj.remove("items");
            if !allowed {
                obj.entry("maxItems").or_insert(json!(0));
            }
        }
        return;
    };
    // Each distinct schema once, with where it was first written.
    let mut members: Vec<(Value, String)> = Vec::new();
    let rest = obj.remove("items");
    let rest_at = if written == "items" { "additionalItems" } else { "items" };
    let places = positions.iter().enumerate().map(|(index, member)| (member, format!("{written}/{index}")));
    // Seen by their text (keys sorted): a set, not a scan per position, for wide documents.
    let mut seen = std::collections::BTreeSet::new();
    for (member, place) in places.chain(rest.iter().filter(|items| items.is_object()).map(|r| (r, rest_at.to_owned())))
    {
        if seen.insert(member.to_string()) {
            members.push((member.clone(), place));
        }
    }
    if matches!(rest, Some(Value::Bool(false))) {
        obj.entry("maxItems").or_insert(json!(positions.len()));
    }
    // What is said of a position is said where it is written.
    let one = members.len() == 1;
    for (index, (_, place)) in members.iter().enumerate() {
        let now = if one { format!("{at}/items") } else { format!("{at}/items/anyOf/{index}") };
        diags.record_move(&now, &format!("{at}/{place}"));
    }
    let mut members: Vec<Value> = members.into_iter().map(|(member, _)| member).collect();
    let items = match members.len() {
        0 => json!({}),
        1 => members.remove(0),
        _ => json!({ "anyOf": members }),
    };
    obj.insert("items".into(), items);
    obj.entry("type").or_insert(json!("array"));
    let written_as = if written == "items" { "`items` as a list" } else { "`prefixItems`" };
    diags.warning(
        format!("{at}/{written}"),
        format!("tuples ({written_as}) are read as arrays whose items may be any of the positions' types; positions are not checked"),
    );
}

/// `{$ref, description, …}` → `{allOf: [{$ref}], description, …}`: in 3.0 the parser
/// would keep the `$ref` and silently drop the siblings.
fn rewrite_ref_siblings(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    if obj.len() > 1
        && obj.contains_key("$ref")
        && let Some(reference) = obj.remove("$ref")
    {
        let mut target = Map::new();
        target.insert("$ref".into(), reference);
        prepend_to_all_of(obj, Value::Object(target), at, diags);
        diags.record_move(&format!("{at}/allOf/0/$ref"), &format!("{at}/$ref"));
    }
}

/// `first` as the first member of `allOf`, whose members move one place down: each move
/// recorded, highest first, so that none follows another.
fn prepend_to_all_of(obj: &mut Map<String, Value>, first: Value, at: &str, diags: &mut Diagnostics) {
    let mut all_of = vec![first];
    if let Some(Value::Array(existing)) = obj.remove("allOf") {
        for index in (0..existing.len()).rev() {
            diags.record_move(&format!("{at}/allOf/{}", index + 1), &format!("{at}/allOf/{index}"));
        }
        all_of.extend(existing);
    }
    obj.insert("allOf".into(), Value::Array(all_of));
}

/// `type: [A, B]` → `anyOf: [{type: A, …}, {type: B, …}]`, each member taking the
/// keywords of its type (`items` the array's, `maxLength` the string's), and the
/// values of an `enum` or `const` of its type: left on the union, they were read as
/// the shape of one type (or of none), and values of the others failed to decode.
fn rewrite_type_array(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    match obj.get("type") {
        Some(Value::Array(types)) => {
            let nullable = types.iter().any(|t| t == "null");
            // Each type once: a type listed twice would copy its keywords into two members
            // (and, nested, double at every level).
            let mut rest: Vec<Value> = Vec::new();
            for ty in types.iter().filter(|t| *t != "null") {
                if !rest.contains(ty) {
                    rest.push(ty.clone());
                }
            }
            obj.remove("type");
            if nullable {
                obj.insert("nullable".into(), Value::Bool(true));
            }
            match rest.len() {
                0 => {}
                1 => {
                    obj.insert("type".into(), rest[0].clone());
                }
                _ => {
                    let listed = obj.get("enum").cloned().or_else(|| obj.get("const").map(|value| json!([value])));
                    let members = type_members(obj, &rest, at, diags);
                    if members.is_empty() {
                        // No listed value is of a listed type: nothing is allowed.
                        diags.warning(
                            format!("{at}/type"),
                            "no `enum` or `const` value is of a type `type` lists, so no value is allowed; the type falls back to serde_json::Value",
                        );
                        obj.extend(listed.map(|values| ("enum".to_owned(), values)));
                        return;
                    }
                    if obj.insert("anyOf".into(), Value::Array(members)).is_some() {
                        diags.warning(
                            format!("{at}/anyOf"),
                            "this `anyOf` stands beside a `type` list, which is read as the union of its types: the members written here are not read",
                        );
                    }
                }
            }
        }
        Some(Value::String(t)) if t == "null" => {
            obj.remove("type");
            obj.insert("nullable".into(), Value::Bool(true));
        }
        _ => {}
    }
}

/// The keywords that apply to values of one JSON type only, by type.
const TYPE_KEYWORDS: [(&str, &[&str]); 5] = [
    (
        "string",
        &["minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType", "contentSchema"],
    ),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"]),
    ("array", &["items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "dependentSchemas",
            "unevaluatedProperties",
        ],
    ),
];

/// One schema per type of a `type` array, taking the keywords of its type out of `obj`
/// and the `enum` (or `const`) values of its type; a type no listed value has allows
/// nothing and has no member.
fn type_members(obj: &mut Map<String, Value>, types: &[Value], at: &str, diags: &mut Diagnostics) -> Vec<Value> {
    let listed: Option<Vec<Value>> = match (obj.remove("enum"), obj.remove("const")) {
        (_, Some(value)) => Some(vec![value]),
        (Some(Value::Array(values)), None) => Some(values),
        (other, None) => {
            if let Some(other) = other {
                obj.insert("enum".into(), other);
            }
            None
        }
    };
    let keywords: Vec<(String, Value)> = TYPE_KEYWORDS
        .iter()
        .flat_map(|(_, keys)| keys.iter())
        .filter_map(|key| obj.remove(*key).map(|value| ((*key).to_owned(), value)))
        .collect();
    let mut members = Vec::new();
    for ty in types {
        let name = ty.as_str().unwrap_or_default();
        let mut member = Map::new();
        member.insert("type".into(), ty.clone());
        let own = TYPE_KEYWORDS.iter().find(|(t, _)| *t == name).map_or(&[][..], |(_, keys)| *keys);
        // What is said of a keyword moved into a member is said where it is written.
        let index = members.len();
        for (key, value) in keywords.iter().filter(|(key, _)| own.contains(&key.as_str())) {
            if key != "format" || format_fits(value, name) {
                member.insert(key.clone(), value.clone());
                diags.record_move(&format!("{at}/anyOf/{index}/{key}"), &format!("{at}/{key}"));
            }
        }
        if let Some(listed) = &listed {
            let values: Vec<Value> = listed.iter().filter(|value| of_type(value, name)).cloned().collect();
            if values.is_empty() {
                continue;
            }
            member.insert("enum".into(), Value::Array(values));
        }
        members.push(Value::Object(member));
    }
    members
}

/// Whether a `format` is one of the type's: a number's (`int64`, `uint8`, `float`,
/// `double`) is an integer's or a number's, any other a string's (and `decimal` a
/// number's too).
fn format_fits(format: &Value, ty: &str) -> bool {
    let format = format.as_str().unwrap_or_default();
    let numeric = format.starts_with("int") || format.starts_with("uint");
    match ty {
        "integer" => numeric,
        "number" => numeric || matches!(format, "float" | "double" | "decimal"),
        _ => !numeric && !matches!(format, "float" | "double"),
    }
}

/// Whether a JSON value is of a JSON Schema type (`integer`: a whole number).
fn of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// `anyOf`/`oneOf` members that allow `null` alone make the schema `nullable` instead.
/// The members after one removed move up, and a single one left moves to `allOf/0`: each
/// move is recorded, so that warnings and `$ref`s follow the member.
fn rewrite_null_members(obj: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = obj.get_mut(key) else { continue };
        let kept: Vec<usize> = (0..members.len()).filter(|&i| !is_null_schema(&members[i])).collect();
        if kept.len() == members.len() {
            continue;
        }
        for removed in (0..members.len()).filter(|i| kept.binary_search(i).is_err()) {
            diags.record_null_removed(format!("{at}/{key}/{removed}"));
        }
        members.retain(|member| !is_null_schema(member));
        obj.insert("nullable".into(), Value::Bool(true));
        // Members that all allow `null` alone: left `nullable` with no type, as a lone
        // `type: null` is (read as any JSON value or null), not a union without members.
        if kept.is_empty() {
            obj.remove(key);
            continue;
        }
        // Lowest first: each move takes a member to a place the moves before it emptied.
        for (now, &written) in kept.iter().enumerate().filter(|(now, written)| now != *written) {
            diags.record_move(&format!("{at}/{key}/{now}"), &format!("{at}/{key}/{written}"));
        }
        if kept.len() == 1 {
            only_member_to_all_of(obj, key, at, diags);
        }
    }
}

/// The single member left of `key` becomes `allOf`'s first: a reference the model
/// resolves, with `nullable` beside it.
fn only_member_to_all_of(obj: &mut Map<String, Value>, key: &str, at: &str, diags: &mut Diagnostics) {
    let Some(Value::Array(mut only)) = obj.remove(key) else { return };
    let Some(member) = only.pop() else { return };
    prepend_to_all_of(obj, member, at, diags);
    diags.record_move(&format!("{at}/allOf/0"), &format!("{at}/{key}/0"));
}

/// A member that allows `null` alone, as written (members are normalized after this is
/// asked): `type: "null"`, `type: ["null"]`, `const: null` or `enum: [null]`.
fn is_null_schema(value: &Value) -> bool {
    matches!(value.get("type"), Some(Value::String(t)) if t == "null")
        || matches!(value.get("type"), Some(Value::Array(t)) if !t.is_empty() && t.iter().all(|t| t == "null"))
        || matches!(value.get("const"), Some(Value::Null))
        || matches!(value.get("enum"), Some(Value::Array(v)) if v.len() == 1 && v[0].is_null())
}

/// The JSON pointer of a component schema.
pub fn schema_pointer(name: &str) -> String {
    format!("/components/schemas/{}", escape_token(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(schema: Value) -> Value {
        let mut s = schema;
        walk_schema(&mut s, "", &mut Diagnostics::new("x"));
        s
    }

    /// An integer's bound that is not whole becomes the whole one inside it, with a warning.
    #[test]
    fn integer_bounds_are_whole() {
        let mut diags = Diagnostics::new("spec.yaml");
        let mut schema = json!({"type": "integer", "minimum": 0.5, "maximum": 1.5, "exclusiveMaximum": true});
        walk_schema(&mut schema, "/s", &mut diags);
        assert_eq!(schema, json!({"type": "integer", "minimum": 1, "maximum": 1}));
        assert_eq!(diags.warning_count(), 2);
        // A 3.1 exclusive bound is said as written, where it is.
        let mut diags31 = Diagnostics::new("spec.yaml");
        let mut open = json!({"type": "integer", "exclusiveMinimum": 0.5});
        walk_schema(&mut open, "/s", &mut diags31);
        assert_eq!(open, json!({"type": "integer", "minimum": 1}));
        assert_eq!(diags31.items()[0].pointer, "/s/exclusiveMinimum");
        assert_eq!(
            diags31.items()[0].message,
            "`exclusiveMinimum: 0.5` of an integer is not a whole number: it is read as `minimum: 1`, the bound it sets on integers"
        );
        let mut number = json!({"type": "number", "maximum": 1.5});
        walk_schema(&mut number, "/n", &mut diags);
        assert_eq!(number["maximum"], json!(1.5));
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_are_integers() {
        let counts =
            json!({"type": "string", "minLength": 1.0, "maxLength": 5.0, "items": {"type": "array", "minItems": 2.0}});
        assert_eq!(
            norm(counts),
            json!({"type": "string", "minLength": 1, "maxLength": 5, "items": {"type": "array", "minItems": 2}})
        );
        let integer = json!({"type": "integer", "minimum": -3.0, "maximum": 10.0, "multipleOf": 2.0});
        assert_eq!(norm(integer), json!({"type": "integer", "minimum": -3, "maximum": 10, "multipleOf": 2}));
        // A number's bounds stay numbers; what is no count is left for the parser to refuse.
        let left = json!({"type": "number", "minimum": 1.0, "multipleOf": 0.5, "properties": {"a": {"maxLength": 1.5}, "b": {"minLength": -1.0}}});
        assert_eq!(norm(left.clone()), left);
    }

    #[test]
    fn the_headers_of_encodings_are_normalized_too() {
        let header = || json!({"schema": {"type": ["string", "null"]}});
        let content = json!({"multipart/form-data": {"encoding": {"file": {"headers": {"X-A": header()}}}}});
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": {
            "requestBody": {"content": content.clone()},
            "parameters": [{"name": "q", "in": "query", "content": content.clone()}]
        }}}});
        normalize(&mut doc, &mut Diagnostics::new("x")).expect("normalizes");
        let normalized = json!({"type": "string", "nullable": true});
        let op = &doc["paths"]["/a"]["post"];
        let headers =
            |at: &Value| at["content"]["multipart/form-data"]["encoding"]["file"]["headers"]["X-A"]["schema"].clone();
        assert_eq!(headers(&op["requestBody"]), normalized);
        assert_eq!(headers(&op["parameters"][0]), normalized);
    }

    #[test]
    fn mutual_tls_is_left_to_the_http_client() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "security": [{"m": []}],
            "paths": {"/a": {"get": {"security": [{"m": [], "k": []}, {"k": []}, {"alias": []}]}}},
            "components": {"securitySchemes": {"m": {"type": "mutualTLS"}, "k": {"type": "apiKey", "in": "header", "name": "K"},
                "alias": {"$ref": "#/components/securitySchemes/m"}},
                "pathItems": {"P": {"post": {"security": [{"alias": []}]}}}}});
        let mut diags = Diagnostics::new("x");
        normalize(&mut doc, &mut diags).expect("normalizes");
        assert_eq!(doc["components"]["securitySchemes"].as_object().map(|s| s.len()), Some(1));
        assert_eq!(doc["security"], json!([{}]));
        assert_eq!(doc["paths"]["/a"]["get"]["security"], json!([{"k": []}, {}]));
        assert_eq!(doc["components"]["pathItems"]["P"]["post"]["security"], json!([{}]));
        let warned: Vec<&str> = diags.items().iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(warned, ["/components/securitySchemes/m", "/components/securitySchemes/alias"]);
    }

    #[test]
    fn type_arrays() {
        assert_eq!(norm(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
        assert_eq!(
            norm(json!({"type": ["string", "integer"]})),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(norm(json!({"type": "null"})), json!({"nullable": true}));
        // Each type takes its own keywords and values; what applies to all stays.
        assert_eq!(
            norm(
                json!({"type": ["string", "array", "null"], "items": {"type": "string"}, "maxLength": 5, "description": "d"})
            ),
            json!({"anyOf": [{"type": "string", "maxLength": 5}, {"type": "array", "items": {"type": "string"}}],
                "nullable": true, "description": "d"})
        );
        assert_eq!(
            norm(json!({"type": ["string", "integer"], "format": "int64", "minimum": 1})),
            json!({"anyOf": [{"type": "string"}, {"type": "integer", "format": "int64", "minimum": 1}]})
        );
        assert_eq!(
            norm(json!({"type": ["string", "integer", "boolean"], "enum": ["a", 2, 2.5, null]})),
            json!({"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [2]}]})
        );
        assert_eq!(
            norm(
                json!({"type": ["object", "array"], "properties": {"a": {"type": ["string", "null"]}}, "required": ["a"]})
            ),
            json!({"anyOf": [{"type": "object", "properties": {"a": {"type": "string", "nullable": true}}, "required": ["a"]},
                {"type": "array"}]})
        );
    }

    /// A schema normalized at `/s`, and the pointers of what was said of it.
    fn warned(schema: Value) -> (Value, Vec<String>) {
        let mut schema = schema;
        let mut diags = Diagnostics::new("x");
        walk_schema(&mut schema, "/s", &mut diags);
        let said: Vec<String> = diags.items().iter().map(|d| d.pointer.clone()).collect();
        (schema, said)
    }

    #[test]
    fn keywords_that_declare_properties_keep_them_and_the_others_are_said_to_be_unchecked() {
        let (patterns, said) = warned(json!({"type": "object", "properties": {"a": {"type": "string"}},
            "patternProperties": {"^S_": {"type": "string"}, "^I_": {"type": "integer"}}, "additionalProperties": false}));
        assert_eq!(
            patterns,
            json!({"type": "object", "properties": {"a": {"type": "string"}},
                "additionalProperties": {"anyOf": [{"type": "integer"}, {"type": "string"}]}})
        );
        assert_eq!(said, ["/s/patternProperties"]);
        let (unevaluated, said) = warned(json!({"type": "object", "unevaluatedProperties": {"type": "integer"}}));
        assert_eq!(unevaluated, json!({"type": "object", "additionalProperties": {"type": "integer"}}));
        assert!(said.is_empty());
        let (conditional, said) = warned(json!({"type": "object", "properties": {"kind": {"type": "string"}},
            "if": {"properties": {"kind": {"const": "card"}}}, "then": {"properties": {"cvc": {"type": "string"}}, "required": ["cvc"]},
            "dependentSchemas": {"iban": {"properties": {"bic": {"type": ["string", "null"]}}}}}));
        assert_eq!(
            conditional,
            json!({"type": "object", "properties": {"kind": {"type": "string"}, "cvc": {"type": "string"},
                "bic": {"type": "string", "nullable": true}}, "if": {"properties": {"kind": {"const": "card"}}}})
        );
        assert_eq!(said, ["/s/if", "/s/dependentSchemas"]);
        // Other keys may be anything (no `additionalProperties`): kept as any JSON value.
        let (open, _) =
            warned(json!({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "string"}}}));
        assert_eq!(open, json!({"properties": {"a": {"type": "string"}}, "additionalProperties": {}}));
        // Beside a union, a `$ref` or a type that is no object: properties are not declared.
        let cat = json!({"$ref": "#/components/schemas/Cat"});
        let (union, said) = warned(json!({"oneOf": [cat.clone()], "if": {"required": ["meow"]},
            "then": {"properties": {"purr": {"type": "boolean"}}}, "unevaluatedProperties": false}));
        assert_eq!(
            (union, said),
            (json!({"oneOf": [cat.clone()], "if": {"required": ["meow"]}}), vec!["/s/if".to_owned()])
        );
        // Beside a `$ref`, other keys are kept (the model merges the reference); a `false`
        // there says nothing it reads and leaves the reference one.
        let (reference, said) =
            warned(json!({"$ref": "#/components/schemas/Cat", "unevaluatedProperties": {"type": "string"},
            "patternProperties": {"^x": {}}}));
        assert_eq!(reference, json!({"allOf": [cat.clone()], "additionalProperties": {}}));
        assert_eq!(said, ["/s/patternProperties"]);
        let (closed, said) = warned(json!({"$ref": "#/components/schemas/Cat", "unevaluatedProperties": false}));
        assert_eq!((closed, said), (cat.clone(), Vec::<String>::new()));
        let (string, said) = warned(json!({"type": "string", "then": {"properties": {"x": {}}}}));
        assert_eq!((string, said), (json!({"type": "string"}), vec!["/s/then".to_owned()]));
        // A type array's object member takes the properties the branches declare.
        let (either, _) = warned(json!({"type": ["object", "string"], "properties": {"kind": {"type": "string"}},
            "then": {"properties": {"extra": {"type": "string"}}}}));
        assert_eq!(
            either,
            json!({"anyOf": [{"type": "object", "properties": {"kind": {"type": "string"}, "extra": {"type": "string"}}},
                {"type": "string"}]})
        );
        // A map with a branch's property stays a map for the other keys; an untyped schema
        // without properties declares none; beside `allOf`, the model merges them.
        let (free, _) = warned(json!({"type": "object", "then": {"properties": {"z": {"type": "integer"}}}}));
        assert_eq!(
            free,
            json!({"type": "object", "properties": {"z": {"type": "integer"}}, "additionalProperties": {}})
        );
        let (untyped, said) = warned(json!({"then": {"properties": {"b": {}}}}));
        assert_eq!((untyped, said), (json!({}), vec!["/s/then".to_owned()]));
        let (merged, _) =
            warned(json!({"allOf": [cat.clone()], "then": {"properties": {"extra": {"type": "string"}}}}));
        assert_eq!(merged, json!({"allOf": [cat.clone()], "properties": {"extra": {"type": "string"}}}));
        let (plain, _) = warned(json!({"type": "object"}));
        assert_eq!(plain, json!({"type": "object"}));
    }

    #[test]
    fn type_lists_tuples_and_unchecked_keywords_are_said() {
        // An `anyOf` written beside a type list gives way to it, said.
        let (twice, _) = warned(json!({"type": ["array", "array", "null"], "items": {"type": "string"}}));
        assert_eq!(twice, json!({"type": "array", "items": {"type": "string"}, "nullable": true}));
        let (both, said) = warned(json!({"type": ["string", "integer"], "anyOf": [{"minLength": 2}, {"minimum": 5}]}));
        assert_eq!(
            (both, said),
            (json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}), vec!["/s/anyOf".to_owned()])
        );
        // No listed value of a listed type: said, not an empty union.
        let (nothing, said) = warned(json!({"type": ["string", "integer"], "enum": [true, false]}));
        assert_eq!((nothing, said), (json!({"enum": [true, false]}), vec!["/s/type".to_owned()]));
        // A draft-07 tuple is 2020-12's.
        let (tuple, said) = warned(
            json!({"type": "array", "items": [{"type": "string"}, {"type": "string"}], "additionalItems": false}),
        );
        assert_eq!(
            (tuple, said),
            (json!({"type": "array", "items": {"type": "string"}, "maxItems": 2}), vec!["/s/items".to_owned()])
        );
        let (_, said) = warned(
            json!({"type": "array", "contains": {"type": "string"}, "minContains": 1, "items": {"$dynamicRef": "#n"}}),
        );
        assert_eq!(said, ["/s/contains", "/s/minContains", "/s/items/$dynamicRef"]);
    }

    #[test]
    fn null_members_as_written_in_3_1_make_the_union_nullable() {
        let e = json!({"$ref": "#/components/schemas/E"});
        for member in
            [json!({"type": ["null"]}), json!({"const": null}), json!({"enum": [null]}), json!({"type": "null"})]
        {
            assert_eq!(norm(json!({"anyOf": [e.clone(), member]})), json!({"allOf": [e.clone()], "nullable": true}));
        }
        assert_eq!(
            norm(json!({"oneOf": [{"const": "card"}, {"const": "bank"}, {"const": null}]})),
            json!({"oneOf": [{"type": "string", "enum": ["card"]}, {"type": "string", "enum": ["bank"]}], "nullable": true})
        );
    }

    #[test]
    fn any_of_with_null_becomes_nullable_reference() {
        assert_eq!(
            norm(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        assert_eq!(
            norm(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
    }

    #[test]
    fn const_examples_exclusive_bounds_and_ref_siblings() {
        assert_eq!(norm(json!({"const": 1})), json!({"enum": [1]}));
        assert_eq!(norm(json!({"const": "x"})), json!({"type": "string", "enum": ["x"]}));
        // Strings and `null`, untyped: a nullable string enum.
        assert_eq!(
            norm(json!({"enum": ["a", null]})),
            json!({"enum": ["a", null], "type": "string", "nullable": true})
        );
        assert_eq!(norm(json!({"enum": [null]})), json!({"enum": [null]}));
        assert_eq!(norm(json!({"enum": ["a"], "allOf": []})), json!({"enum": ["a"], "allOf": []}));
        assert_eq!(norm(json!({"type": "string", "examples": ["a", "b"]})), json!({"type": "string", "example": "a"}));
        assert_eq!(
            norm(json!({"type": "integer", "exclusiveMinimum": 0})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        // Both bounds: the stricter one.
        assert_eq!(
            norm(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 0, "maximum": 9, "exclusiveMaximum": 9})),
            json!({"type": "integer", "minimum": 5, "maximum": 9, "exclusiveMaximum": true})
        );
        assert_eq!(
            norm(json!({"type": "number", "minimum": 0, "exclusiveMinimum": 0.5, "maximum": 1, "exclusiveMaximum": 0})),
            json!({"type": "number", "minimum": 0.5, "exclusiveMinimum": true, "maximum": 0, "exclusiveMaximum": true})
        );
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"})
        );
        // Nested schemas are reached.
        assert_eq!(
            norm(json!({"properties": {"a": {"type": ["integer", "null"]}}})),
            json!({"properties": {"a": {"type": "integer", "nullable": true}}})
        );
    }

    #[test]
    fn document_walk_rewrites_schemas_but_not_other_refs() {
        let mut doc = json!({
            "openapi": "3.1.1",
            "paths": {"/a": {"post": {
                "requestBody": {"$ref": "#/components/requestBodies/B", "description": "kept"},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["object", "null"]}}}}}
            }}}
        });
        let mut diags = Diagnostics::new("x");
        assert_eq!(normalize(&mut doc, &mut diags).as_deref(), Some("3.1"));
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["paths"]["/a"]["post"]["requestBody"]["$ref"], "#/components/requestBodies/B");
        assert_eq!(
            doc["paths"]["/a"]["post"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "object", "nullable": true})
        );
    }

    #[test]
    fn versions() {
        let mut diags = Diagnostics::new("x");
        assert!(normalize(&mut json!({"swagger": "2.0"}), &mut diags).is_none());
        assert!(diags.items()[0].message.contains("convert it to OpenAPI 3.x first"));
        assert!(normalize(&mut json!({"openapi": "4.0.0"}), &mut diags).is_none());
        assert!(normalize(&mut json!({"openapi": "3.0.1", "paths": {}}), &mut diags).is_some());
    }
}
