//! Declared constraints (`maxLength`, `minLength`, `pattern`, `minimum`/`maximum`,
//! `multipleOf`, a number's `enum`, `minItems`/`maxItems`, `uniqueItems`, and those of
//! each item or map value): they never change a Rust type, so every change is
//! compatible for the Rust API. On request values the client checks them before
//! sending, so a tightened one can reject values that used to pass.

use std::cmp::Ordering;

use super::Out;
use crate::surface::ConstraintSurface;

/// Which way a constraint moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Movement {
    Tightened,
    Loosened,
}

/// Reports each constraint of `item` that changed. `request`: the value is sent (and
/// checked before sending); otherwise it is only received (and not checked).
pub(super) fn constraints(item: &str, old: &ConstraintSurface, new: &ConstraintSurface, request: bool, out: &mut Out) {
    changes(item, "", old, new, request, out);
}

/// [`constraints`], each named after `of` (`each element's `, or nothing).
fn changes(item: &str, of: &str, old: &ConstraintSurface, new: &ConstraintSurface, request: bool, out: &mut Out) {
    let upper = |a: Option<u64>, b: Option<u64>| bound(a.map(|n| n as f64), b.map(|n| n as f64), true);
    let lower = |a: Option<u64>, b: Option<u64>| bound(a.map(|n| n as f64), b.map(|n| n as f64), false);
    let text = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_else(|| "none".to_owned());
    let range = |b: Option<(f64, bool)>| match b {
        Some((value, true)) => format!("{value} (exclusive)"),
        Some((value, false)) => value.to_string(),
        None => "none".to_owned(),
    };
    let moves = [
        ("maxLength", upper(old.max_length, new.max_length), text(old.max_length), text(new.max_length)),
        ("minLength", lower(old.min_length, new.min_length), text(old.min_length), text(new.min_length)),
        ("maxItems", upper(old.max_items, new.max_items), text(old.max_items), text(new.max_items)),
        ("minItems", lower(old.min_items, new.min_items), text(old.min_items), text(new.min_items)),
        ("maximum", numeric(old.maximum, new.maximum, true), range(old.maximum), range(new.maximum)),
        ("minimum", numeric(old.minimum, new.minimum, false), range(old.minimum), range(new.minimum)),
        (
            "pattern",
            pattern(&old.pattern, &new.pattern),
            old.pattern.as_ref().map(|p| format!("{p:?}")).unwrap_or_else(|| "none".to_owned()),
            new.pattern.as_ref().map(|p| format!("{p:?}")).unwrap_or_else(|| "none".to_owned()),
        ),
        ("multipleOf", multiple(old.multiple_of, new.multiple_of), multiple_text(old), multiple_text(new)),
        ("enum", listed(&old.listed, &new.listed), listed_text(&old.listed), listed_text(&new.listed)),
        (
            "uniqueItems",
            (old.unique_items != new.unique_items).then_some(if new.unique_items {
                Movement::Tightened
            } else {
                Movement::Loosened
            }),
            old.unique_items.to_string(),
            new.unique_items.to_string(),
        ),
    ];
    for (name, movement, before, after) in moves {
        let Some(movement) = movement else { continue };
        let (kind, wire) = match (movement, request) {
            (Movement::Tightened, true) => {
                ("constraint-tightened", "wire: requests that passed may now be rejected before sending")
            }
            (Movement::Loosened, true) => (
                "constraint-loosened",
                "wire: values the client refused before are now sent; binaries built before still refuse them, received values they send back included",
            ),
            (Movement::Tightened, false) => {
                ("constraint-tightened", "received values only; the client does not check them")
            }
            (Movement::Loosened, false) => {
                ("constraint-loosened", "received values only; the client does not check them")
            }
        };
        out.compatible(kind, item, format!("{item}: {of}{name} {before} → {after}; Rust API unchanged; {wire}"));
    }
    // Those of each item or map value, as if they were none where there were none.
    if old.elements != new.elements {
        let none = ConstraintSurface::default();
        let (old, new) = (old.elements.as_deref().unwrap_or(&none), new.elements.as_deref().unwrap_or(&none));
        changes(item, &format!("{of}each element's "), old, new, request, out);
    }
}

/// An upper (`upper`) or lower bound that is absent or a number.
fn bound(old: Option<f64>, new: Option<f64>, upper: bool) -> Option<Movement> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(Movement::Tightened),
        (Some(_), None) => Some(Movement::Loosened),
        (Some(a), Some(b)) => match (a.partial_cmp(&b)?, upper) {
            (Ordering::Equal, _) => None,
            (Ordering::Greater, true) | (Ordering::Less, false) => Some(Movement::Tightened),
            _ => Some(Movement::Loosened),
        },
    }
}

/// `minimum`/`maximum` with their exclusive flag: at the same value, becoming
/// exclusive tightens.
fn numeric(old: Option<(f64, bool)>, new: Option<(f64, bool)>, upper: bool) -> Option<Movement> {
    match (old, new) {
        (Some((a, x)), Some((b, y))) if a == b && x != y => {
            Some(if y { Movement::Tightened } else { Movement::Loosened })
        }
        _ => bound(old.map(|b| b.0), new.map(|b| b.0), upper),
    }
}

/// `multipleOf`: a multiple of the old one tightens (every value it allows, the old one
/// did), a divisor of it loosens, any other change may reject values that passed.
fn multiple(old: Option<f64>, new: Option<f64>) -> Option<Movement> {
    // Within the rounding of binary floats (0.3 / 0.1 is 2.9999999999999996), as the
    // runtime's check allows: a few units in the last place.
    let whole = |n: f64| n.is_finite() && (n - n.round()).abs() <= 4.0 * f64::EPSILON * n.abs().max(1.0);
    match (old, new) {
        (a, b) if a == b => None,
        (Some(_), None) => Some(Movement::Loosened),
        (Some(a), Some(b)) if whole(a / b) => Some(Movement::Loosened),
        _ => Some(Movement::Tightened),
    }
}

fn multiple_text(c: &ConstraintSurface) -> String {
    c.multiple_of.map(|m| m.to_string()).unwrap_or_else(|| "none".to_owned())
}

/// A number's `enum` (empty: any value): fewer values tighten, more loosen, others
/// in place of some may reject values that passed.
fn listed(old: &[serde_json::Number], new: &[serde_json::Number]) -> Option<Movement> {
    // Compared as values: `[1, 2]` lists what `[2, 1.0]` does.
    let within = |some: &[serde_json::Number], all: &[serde_json::Number]| {
        some.iter().all(|n| all.iter().any(|m| m.as_f64() == n.as_f64()))
    };
    if within(old, new) && within(new, old) {
        None
    } else if new.is_empty() || (!old.is_empty() && within(old, new)) {
        Some(Movement::Loosened)
    } else {
        Some(Movement::Tightened)
    }
}

fn listed_text(values: &[serde_json::Number]) -> String {
    if values.is_empty() { "none".to_owned() } else { crate::surface::listed_text(values) }
}

/// A pattern added tightens, removed loosens; a different pattern may reject values
/// the old one accepted, so it counts as tightened.
fn pattern(old: &Option<String>, new: &Option<String>) -> Option<Movement> {
    match (old, new) {
        (a, b) if a == b => None,
        (Some(_), None) => Some(Movement::Loosened),
        _ => Some(Movement::Tightened),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(values: &str) -> Vec<serde_json::Number> {
        serde_json::from_str(values).unwrap()
    }

    #[test]
    fn listed_values_compare_as_sets_of_numbers() {
        assert_eq!(listed(&numbers("[1, 2]"), &numbers("[2, 1]")), None);
        assert_eq!(listed(&numbers("[1, 2]"), &numbers("[1.0, 2.0]")), None);
        assert_eq!(listed(&numbers("[1, 2]"), &numbers("[1]")), Some(Movement::Tightened));
        assert_eq!(listed(&numbers("[1]"), &numbers("[1, 2]")), Some(Movement::Loosened));
        assert_eq!(listed(&numbers("[1]"), &numbers("[]")), Some(Movement::Loosened));
        assert_eq!(listed(&numbers("[]"), &numbers("[1]")), Some(Movement::Tightened));
        assert_eq!(listed(&numbers("[1, 2]"), &numbers("[2, 3]")), Some(Movement::Tightened));
    }

    #[test]
    fn a_multiple_of_the_old_divisor_tightens_a_divisor_of_it_loosens() {
        assert_eq!(multiple(Some(0.3), Some(0.1)), Some(Movement::Loosened));
        assert_eq!(multiple(Some(0.1), Some(0.3)), Some(Movement::Tightened));
        assert_eq!(multiple(Some(2.0), Some(3.0)), Some(Movement::Tightened));
        assert_eq!(multiple(None, Some(3.0)), Some(Movement::Tightened));
        assert_eq!(multiple(Some(3.0), None), Some(Movement::Loosened));
        assert_eq!(multiple(Some(3.0), Some(3.0)), None);
        // Not a divisor of 0.01, however close: 100.0 passed, and fails now.
        assert_eq!(multiple(Some(0.01), Some(0.010000000001)), Some(Movement::Tightened));
    }
}
