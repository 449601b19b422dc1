//! Parameter lists that say something the path does not (and responses that declare a
//! status twice, written otherwise): a path parameter whose
//! name is not in the path template (the model drops it: there is nowhere to send it),
//! a path parameter not marked `required: true` (the model requires it all the same),
//! and the same `name` + `in` twice in one list (the model keeps the last one).
//!
//! An operation's parameter that has the name and location of a path item's
//! parameter is not a duplicate: OpenAPI lets the operation override it. The reverse
//! lie, a template variable without a parameter, is an error of the model.

use std::collections::BTreeMap;

use serde_json::Value;

use super::report::{Finding, Reporter};
use super::template_variables;
use crate::diagnostics::escape_token;
use crate::normalize::METHODS;

/// Checks the parameter lists of every path item under `paths`.
pub fn check(doc: &Value, reporter: &mut Reporter<'_>) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths.iter().filter(|(path, _)| !path.starts_with("x-")) {
        let Some(item) = item.as_object() else { continue };
        let pointer = format!("/paths/{}", escape_token(path));
        let variables = template_variables(path);
        check_list(doc, item.get("parameters"), &format!("{pointer}/parameters"), &variables, reporter);
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            if let Some(Value::Object(responses)) = op.get("responses") {
                check_statuses(responses, &format!("{pointer}/{method}/responses"), reporter);
            }
            let Some(parameters) = op.get("parameters") else { continue };
            check_list(doc, Some(parameters), &format!("{pointer}/{method}/parameters"), &variables, reporter);
        }
    }
}

fn check_list(doc: &Value, list: Option<&Value>, at: &str, variables: &[&str], reporter: &mut Reporter<'_>) {
    let Some(Value::Array(list)) = list else { return };
    // (name, location, pointer) of each parameter that resolves.
    let resolved: Vec<(&str, &str, String)> = list
        .iter()
        .enumerate()
        .filter_map(|(index, param)| {
            let param = resolve(doc, param)?;
            let name = param.get("name")?.as_str()?;
            let location = param.get("in")?.as_str()?;
            let pointer = format!("{at}/{index}");
            if location == "path" && param.get("required") != Some(&Value::Bool(true)) {
                optional_path_parameter(name, &pointer, reporter);
            }
            Some((name, location, pointer))
        })
        .collect();
    // The last declaration of each name and location, which the model keeps; header
    // names compared without case, as HTTP compares them.
    let key = |name: &str, location: &str| {
        if location == "header" {
            (name.to_ascii_lowercase(), location.to_owned())
        } else {
            (name.to_owned(), location.to_owned())
        }
    };
    let last: BTreeMap<(String, String), usize> =
        resolved.iter().enumerate().map(|(index, (name, location, _))| (key(name, location), index)).collect();
    for (name, location, pointer) in &resolved {
        if *location == "header" && !is_token(name) {
            reporter.report(
                Finding::Parameter,
                pointer.clone(),
                format!(
                    "header parameter `{}` is not a header name (RFC 9110: letters, digits and !#$%&'*+-.^_`|~): \
                     a call that sets it fails before sending",
                    crate::diagnostics::printable_line(name)
                ),
            );
        }
        if *location == "path" && !variables.contains(name) {
            reporter.report(
                Finding::Parameter,
                pointer.clone(),
                format!(
                    "path parameter `{name}` does not appear in the path template; it is ignored (the generated \
                     method has no argument for it)"
                ),
            );
        }
        let (kept_name, _, kept) = &resolved[last[&key(name, location)]];
        if kept != pointer {
            let case = if kept_name != name {
                format!(" as `{kept_name}` (HTTP header names ignore case)")
            } else {
                String::new()
            };
            reporter.report(
                Finding::Parameter,
                pointer.clone(),
                format!(
                    "duplicate parameter `{name}` in {location}: it is declared again at {kept}{case}; that last \
                     declaration is kept and this one is ignored"
                ),
            );
        }
    }
}

/// A path parameter not marked `required: true`, which OpenAPI asks of every one: the
/// path cannot be sent without it, so the generated method takes it all the same.
fn optional_path_parameter(name: &str, pointer: &str, reporter: &mut Reporter<'_>) {
    reporter.report(
        Finding::Parameter,
        pointer.to_owned(),
        format!(
            "path parameter `{name}` is not marked `required: true`, as every path parameter must be: the path \
             cannot be sent without it, so the generated method takes it as required"
        ),
    );
}

/// A status range written twice in one operation's responses (`2XX` and `2xx` are one
/// status): the model keeps the last, so each earlier one is reported. A key that is no
/// status (`201 `, `0203`) is reported too: the parser drops its response, and the
/// status it meant is then read as undocumented (or as an unlisted success).
fn check_statuses(responses: &serde_json::Map<String, Value>, at: &str, reporter: &mut Reporter<'_>) {
    let last: BTreeMap<String, &str> =
        responses.keys().map(|status| (status.to_ascii_uppercase(), status.as_str())).collect();
    for status in responses.keys().filter(|key| !is_status(key)) {
        reporter.report(
            Finding::Status,
            format!("{at}/{}", escape_token(status)),
            format!(
                "`{}` is not a status (a code such as `201`, a range such as `4XX`, or `default`): its response is ignored",
                crate::diagnostics::printable_line(status)
            ),
        );
    }
    for status in responses.keys() {
        let kept = last[&status.to_ascii_uppercase()];
        if kept != status {
            reporter.report(
                Finding::Status,
                format!("{at}/{}", escape_token(status)),
                format!("status `{status}` is `{kept}` written otherwise, which is declared too: that one is kept and this one is ignored"),
            );
        }
    }
}

/// Whether a header name is an HTTP token (RFC 9110 §5.1 and §5.6.2), which is what
/// the HTTP client accepts.
fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Whether a key of a Responses object is one the document may hold there: a response
/// `openapiv3` reads, or an `x-` extension.
fn is_status(key: &str) -> bool {
    key.starts_with("x-") || read_as_response(key)
}

/// Whether `openapiv3` reads a key of a Responses object as a response: `default`, or a
/// status (`201`, `4XX`); it drops any other key (`readable` must know what it reads).
pub(super) fn read_as_response(key: &str) -> bool {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    let status = IntoDeserializer::<serde::de::value::Error>::into_deserializer(key);
    key == "default" || openapiv3::StatusCode::deserialize(status).is_ok()
}

/// The parameter itself, or the component parameter a local `$ref` names, following
/// components that are `$ref`s to others (an unresolved reference or a cycle is the
/// model's error, not this check's).
fn resolve<'a>(doc: &'a Value, param: &'a Value) -> Option<&'a Value> {
    let parameters = doc.get("components").and_then(|components| components.get("parameters"));
    let steps = parameters.and_then(Value::as_object).map_or(0, serde_json::Map::len);
    let lookup = |reference: &str| parameters?.get(crate::diagnostics::component_entry(reference, "parameters")?);
    // A `$ref` that is not a string: not a parameter this check can read.
    let (param, _) = crate::diagnostics::follow_refs(param, steps, lookup)?;
    param.get("$ref").is_none().then_some(param)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnostics::Diagnostics;

    fn warnings(doc: &Value) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new("x.yaml");
        let mut reporter = Reporter::new(&mut diags);
        check(doc, &mut reporter);
        reporter.finish();
        diags.items().iter().map(|d| (d.pointer.clone(), d.message.clone())).collect()
    }

    #[test]
    fn a_status_written_twice_is_reported_where_it_is_ignored() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {
            "2xx": {"description": "a"}, "2XX": {"description": "b"}, "404": {"description": "c"}
        }}}}});
        let found = warnings(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("/paths/~1a/get/responses/2") && found[0].1.contains("written otherwise"));
    }

    #[test]
    fn a_key_that_is_no_status_is_reported() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {
            "200": {"description": "a"}, "201 ": {"description": "b"}, "0203": {"description": "c"},
            "4XX": {"description": "d"}, "default": {"description": "e"}, "x-note": {}
        }}}}});
        let found = warnings(&doc);
        let pointers: Vec<&str> = found.iter().map(|(pointer, _)| pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1a/get/responses/0203", "/paths/~1a/get/responses/201 "], "{found:?}");
        assert!(found[1].1.starts_with("`201 ` is not a status"), "{found:?}");
    }

    #[test]
    fn absent_path_parameters_and_duplicates_within_one_list() {
        let doc = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true}, {"name": "q", "in": "query"}],
                "get": {"parameters": [
                    {"name": "q", "in": "query"},
                    {"$ref": "#/components/parameters/Other"},
                    {"name": "other", "in": "path", "required": true},
                    {"name": "q", "in": "header"},
                    {"name": "X-Key ", "in": "header"}
                ]}
            }},
            "components": {"parameters": {"Other": {"$ref": "#/components/parameters/O~1ther"}, "O/ther": {"name": "other", "in": "path", "required": true}}}
        });
        let found = warnings(&doc);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[3].0, "/paths/~1a~1{id}/get/parameters/4");
        assert!(found[3].1.starts_with("header parameter `X-Key ` is not a header name"), "{found:?}");
        assert_eq!(found[0].0, "/paths/~1a~1{id}/get/parameters/1");
        assert!(found[0].1.starts_with("path parameter `other` does not appear"));
        assert_eq!(found[1].0, "/paths/~1a~1{id}/get/parameters/1");
        assert_eq!(
            found[1].1,
            "duplicate parameter `other` in path: it is declared again at /paths/~1a~1{id}/get/parameters/2; \
             that last declaration is kept and this one is ignored"
        );
        assert_eq!(found[2].0, "/paths/~1a~1{id}/get/parameters/2");
    }
}
