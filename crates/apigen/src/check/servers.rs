//! Server objects whose URL template and variables disagree: a `{name}` in the URL
//! with no definition in `variables` (the generated default URL would keep the literal
//! `{name}`), and a variable whose `default` is not one of its `enum` values.

use serde_json::Value;

use super::report::{Finding, Reporter};
use super::template_variables;
use super::walk::{Kind, Node};
use crate::diagnostics::escape_token;

/// Checks every server object in `nodes`.
pub fn check(nodes: &[Node<'_>], reporter: &mut Reporter<'_>) {
    for node in nodes.iter().filter(|n| n.kind == Kind::Server) {
        let variables = node.object.get("variables").and_then(Value::as_object);
        if let Some(Value::String(url)) = node.object.get("url") {
            for name in template_variables(url) {
                if !variables.is_some_and(|v| v.contains_key(name)) {
                    reporter.report(
                        Finding::Server,
                        format!("{}/url", node.pointer),
                        format!(
                            "server URL variable `{{{name}}}` is not defined in `variables`: the generated client \
                             keeps the literal text `{{{name}}}` in this URL; define the variable with a default \
                             (in the overlay, for a vendor document)"
                        ),
                    );
                }
            }
        }
        for (name, variable) in variables.into_iter().flatten() {
            let (Some(default), Some(Value::Array(allowed))) = (variable.get("default"), variable.get("enum")) else {
                continue;
            };
            if !allowed.contains(default) {
                let listed: Vec<String> = allowed.iter().map(Value::to_string).collect();
                reporter.report(
                    Finding::Server,
                    format!("{}/variables/{}/default", node.pointer, escape_token(name)),
                    format!(
                        "the default {default} of server variable `{name}` is not one of its `enum` values ({})",
                        listed.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::check::walk::objects;
    use crate::diagnostics::Diagnostics;

    #[test]
    fn undefined_variables_and_defaults_outside_the_enum() {
        let doc = json!({"servers": [
            {"url": "https://{region}.example.com/{version}", "variables": {
                "region": {"default": "eu", "enum": ["us", "ap"]}
            }},
            {"url": "https://{ok}.example.com", "variables": {"ok": {"default": "a", "enum": ["a"]}}}
        ]});
        let mut diags = Diagnostics::new("x.yaml");
        let mut reporter = Reporter::new(&mut diags);
        check(&objects(&doc), &mut reporter);
        reporter.finish();
        let found: Vec<(&str, &str)> = diags.items().iter().map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "/servers/0/url");
        assert!(found[0].1.starts_with("server URL variable `{version}` is not defined"), "{found:?}");
        assert_eq!(found[1].0, "/servers/0/variables/region/default");
        assert_eq!(
            found[1].1,
            "the default \"eu\" of server variable `region` is not one of its `enum` values (\"us\", \"ap\")"
        );
    }
}
