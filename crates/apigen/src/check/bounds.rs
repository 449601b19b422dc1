//! Bounds no value can meet: `minLength` above `maxLength`, `minItems` above `maxItems`,
//! `minProperties` above `maxProperties`, `minimum` above `maximum` (or equal to it with
//! either exclusive). Generated code checks declared bounds before sending, so every
//! value given for such a schema would be refused; a vendor's slip shows here instead.

use serde_json::{Map, Value};

use super::report::{Finding, Reporter};
use super::walk::{Kind, Node};

/// The pairs of bounds that count (lengths, items, properties): `min` over `max` is
/// impossible.
const COUNTS: [(&str, &str); 3] =
    [("minLength", "maxLength"), ("minItems", "maxItems"), ("minProperties", "maxProperties")];

/// Checks every schema in `nodes`.
pub fn check(nodes: &[Node<'_>], reporter: &mut Reporter<'_>) {
    for node in nodes.iter().filter(|node| node.kind == Kind::Schema) {
        for (min, max) in COUNTS {
            let (Some(low), Some(high)) = (number(node.object, min), number(node.object, max)) else { continue };
            if low > high {
                report(reporter, node, min, format!("`{min}` {low} is more than `{max}` {high}"));
            }
        }
        range(node, reporter);
    }
}

/// `minimum` and `maximum`, exclusive as OpenAPI 3.0 writes it (a boolean beside the
/// bound; normalize turned 3.1's numbers into that).
fn range(node: &Node<'_>, reporter: &mut Reporter<'_>) {
    let (Some(low), Some(high)) = (number(node.object, "minimum"), number(node.object, "maximum")) else { return };
    let exclusive = |key| node.object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let either = exclusive("exclusiveMinimum") || exclusive("exclusiveMaximum");
    if low > high {
        report(reporter, node, "minimum", format!("`minimum` {low} is more than `maximum` {high}"));
    } else if low == high && either {
        report(reporter, node, "minimum", format!("`minimum` and `maximum` are both {low}, and one is exclusive"));
    }
}

fn report(reporter: &mut Reporter<'_>, node: &Node<'_>, keyword: &str, what: String) {
    reporter.report(
        Finding::Bounds,
        format!("{}/{keyword}", node.pointer),
        format!("{what}: no value meets both, so every value given for it fails the check before sending"),
    );
}

fn number(object: &Map<String, Value>, key: &str) -> Option<f64> {
    object.get(key).and_then(Value::as_f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn findings(doc: Value) -> Vec<String> {
        let nodes = super::super::walk::objects(&doc);
        let mut diags = Diagnostics::new("t.json");
        let mut reporter = Reporter::new(&mut diags);
        check(&nodes, &mut reporter);
        reporter.finish();
        diags.items().iter().map(|d| format!("{} {}", d.pointer, d.message)).collect()
    }

    #[test]
    fn bounds_no_value_meets_are_reported_at_the_lower_one() {
        let doc = serde_json::json!({"openapi": "3.0.3", "components": {"schemas": {
            "S": {"type": "string", "minLength": 10, "maxLength": 2},
            "L": {"type": "array", "items": {}, "minItems": 5, "maxItems": 1},
            "N": {"type": "number", "minimum": 5, "maximum": 5, "exclusiveMinimum": true},
            "M": {"type": "integer", "minimum": 3.5, "maximum": 1},
            "Fine": {"type": "integer", "minimum": 5, "maximum": 5, "minLength": 1, "maxLength": 1},
        }}});
        let found = findings(doc);
        assert_eq!(found.len(), 4, "{found:?}");
        let s = "/components/schemas/S/minLength `minLength` 10 is more than `maxLength` 2: no value meets both";
        assert!(found.iter().any(|f| f.starts_with(s)), "{found:?}");
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("/components/schemas/N/minimum `minimum` and `maximum` are both 5, and one")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.starts_with("/components/schemas/M/minimum `minimum` 3.5 is more than `maximum` 1"))
        );
    }
}
