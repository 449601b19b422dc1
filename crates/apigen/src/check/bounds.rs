//! Bounds no value can meet: `minLength` above `maxLength`, `minItems` above `maxItems`,
//! `minProperties` above `maxProperties`, `minimum` above `maximum` (or equal to it with
//! either exclusive), and a `multipleOf` that is not above 0 (JSON Schema requires it
//! to be; it is not checked). Generated code checks declared bounds before sending, so every
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
    for node in nodes.iter().filter(|node| node.kind == Kind::Schema && !under_not(node, nodes)) {
        for (min, max) in COUNTS {
            let (Some(low), Some(high)) = (number(node.object, min), number(node.object, max)) else { continue };
            if low > high {
                report(reporter, node, min, format!("`{min}` {low} is more than `{max}` {high}, which no value meets"));
            }
        }
        range(node, reporter);
        if let Some(m) = number(node.object, "multipleOf").filter(|m| *m <= 0.0) {
            let message = format!("`multipleOf` must be greater than 0, and is {m}: it is not checked");
            reporter.report(Finding::Bounds, format!("{}/multipleOf", node.pointer), message);
        }
    }
}

/// Whether `node` is inside a `not`: its bounds say what a value must not be, and
/// nothing is checked there.
fn under_not(node: &Node<'_>, nodes: &[Node<'_>]) -> bool {
    let mut parent = node.parent;
    // The walk's parents come before their children, so the chain ends.
    while let Some((index, keyword)) = parent {
        if keyword == "not" {
            return true;
        }
        parent = nodes[index].parent;
    }
    false
}

/// `minimum` and `maximum`, exclusive as OpenAPI 3.0 writes it (a boolean beside the
/// bound; normalize turned 3.1's numbers into that). An integer's bounds are rounded
/// inward first: `> 5` and `< 6` leave no integer.
fn range(node: &Node<'_>, reporter: &mut Reporter<'_>) {
    let (Some(min), Some(max)) = (number(node.object, "minimum"), number(node.object, "maximum")) else { return };
    let exclusive = |key| node.object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let (low, high) = (exclusive("exclusiveMinimum"), exclusive("exclusiveMaximum"));
    let met = if node.object.get("type").and_then(Value::as_str) == Some("integer") {
        let least = if low { min.floor() + 1.0 } else { min.ceil() };
        let most = if high { max.ceil() - 1.0 } else { max.floor() };
        least <= most
    } else {
        min < max || (min == max && !low && !high)
    };
    if !met {
        let bound = |exclusive: bool, name: &str, value: f64| {
            format!("{}`{name}` {value}", if exclusive { "an exclusive " } else { "" })
        };
        let what = format!("{} and {}", bound(low, "minimum", min), bound(high, "maximum", max));
        report(reporter, node, "minimum", format!("{what} leave no {}", node_kind(node)));
    }
}

/// What the bounds are of: integers, or numbers.
fn node_kind(node: &Node<'_>) -> &'static str {
    match node.object.get("type").and_then(Value::as_str) {
        Some("integer") => "integer between them",
        _ => "number between them",
    }
}

fn report(reporter: &mut Reporter<'_>, node: &Node<'_>, keyword: &str, what: String) {
    reporter.report(
        Finding::Bounds,
        format!("{}/{keyword}", node.pointer),
        format!("{what}: every value given for it fails the check before sending"),
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
            "Fine": {"type": "integer", "minimum": 5, "maximum": 5, "minLength": 1, "maxLength": 1, "multipleOf": 5},
            "Zero": {"type": "number", "multipleOf": 0},
        }}});
        let found = findings(doc);
        assert_eq!(found.len(), 5, "{found:?}");
        let zero =
            "/components/schemas/Zero/multipleOf `multipleOf` must be greater than 0, and is 0: it is not checked";
        assert!(found.iter().any(|f| f == zero), "{found:?}");
        let gap = serde_json::json!({"openapi": "3.0.3", "components": {"schemas": {
            "Gap": {"type": "integer", "minimum": 5, "exclusiveMinimum": true, "maximum": 6, "exclusiveMaximum": true},
            "Room": {"type": "number", "minimum": 5, "exclusiveMinimum": true, "maximum": 6, "exclusiveMaximum": true},
            "Not": {"not": {"minimum": 5, "maximum": 1}},
        }}});
        let gaps = findings(gap);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!(gaps[0].starts_with(
            "/components/schemas/Gap/minimum an exclusive `minimum` 5 and an exclusive `maximum` 6 leave no integer"
        ));
        let s =
            "/components/schemas/S/minLength `minLength` 10 is more than `maxLength` 2, which no value meets: every";
        assert!(found.iter().any(|f| f.starts_with(s)), "{found:?}");
        let n = "/components/schemas/N/minimum an exclusive `minimum` 5 and `maximum` 5 leave no number between them";
        assert!(found.iter().any(|f| f.starts_with(n)), "{found:?}");
        let m = "/components/schemas/M/minimum `minimum` 3.5 and `maximum` 1 leave no integer between them";
        assert!(found.iter().any(|f| f.starts_with(m)), "{found:?}");
    }
}
