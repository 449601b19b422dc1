//! The checks of declared constraints a generated `Validate` impl runs, as text: what a
//! check reads ([`Subject`]), the statements ([`Check`]) a value's constraints
//! ([`TypeRegistry::checked`]) become, and how they are written in prettyplease's layout.

use super::layout::Lines;
use crate::model::{Constraints, TypeRef, TypeRegistry};

/// What a check reads: a variable bound to a reference (`value` in `if let Some(value)
/// = &self.field`), or a place read directly (`self.field`, no binding, one line).
pub enum Subject {
    Bound(String),
    Place(String),
}

impl Subject {
    /// A reference to the value.
    fn by_ref(&self) -> String {
        match self {
            Subject::Bound(name) => name.clone(),
            Subject::Place(place) => format!("&{place}"),
        }
    }

    /// The value itself (a copy, for numbers).
    fn by_value(&self) -> String {
        match self {
            Subject::Bound(name) => format!("*{name}"),
            Subject::Place(place) => place.clone(),
        }
    }

    /// What a method is called on (auto-referencing makes both forms work).
    fn place(&self) -> &str {
        match self {
            Subject::Bound(text) | Subject::Place(text) => text,
        }
    }
}

/// One check, a statement.
pub enum Check {
    /// A call of `head` with `arguments`, then `suffix` (`?;`, or a step of a chain:
    /// `.map_err(…)?;`).
    Call { head: String, arguments: Vec<String>, suffix: String },
    /// `apigen_runtime::validate::{function}(wire, place, |value| { … })?;`: `checks` of
    /// each item (`items`) or map value (`values`), inside `if let Some(value)` when it
    /// may be `null`.
    Each { function: &'static str, wire: String, place: String, nullable: bool, checks: Vec<Check> },
}

impl Check {
    pub fn new(head: impl Into<String>, arguments: Vec<String>, suffix: impl Into<String>) -> Self {
        Check::Call { head: head.into(), arguments, suffix: suffix.into() }
    }

    /// The statement, laid out as prettyplease lays out a long call (a string literal on a
    /// line of its own cannot break further; a closure puts every argument on its own line).
    pub fn write(&self, out: &mut Lines) {
        match self {
            Check::Call { head, arguments, suffix } => {
                for line in out.call_text(0, 0, "", head, arguments, suffix).lines() {
                    let literal = line.trim_start().starts_with('"') && line.ends_with("\",");
                    if literal { out.unbreakable(line) } else { out.line(line) }
                }
            }
            Check::Each { function, wire, place, nullable, checks } => {
                // prettyplease breaks calls inside a closure argument that would fit the
                // margin; that layout is not reproduced here: the item goes to it.
                out.reformat();
                out.open(&format!("apigen_runtime::validate::{function}("));
                out.line(&format!("{wire},"));
                out.line(&format!("{place},"));
                out.open("|value| {");
                checks_in(out, nullable.then_some("if let Some(value) = value {"), checks);
                out.line("Ok(())");
                out.close("},");
                out.close(")?;");
            }
        }
    }
}

/// Checks of one value against its checked constraints ([`TypeRegistry::checked`]) and,
/// for types that have them, their own `validate`.
pub fn value_checks(
    wire: &str,
    ty: &TypeRef,
    c: &Constraints,
    registry: &TypeRegistry,
    subject: &Subject,
) -> Vec<Check> {
    use proc_macro2::Literal;
    let c = &registry.checked(ty, c);
    let wire = super::layout::string(wire);
    let check = |function: &str, arguments: [String; 2]| {
        let [first, second] = arguments;
        Check::new(format!("apigen_runtime::validate::{function}"), vec![wire.clone(), first, second], "?;")
    };
    let mut out = Vec::new();
    let resolved = registry.resolve(ty);
    let (value, place) = (subject.by_ref(), subject.place());
    let text = match resolved {
        TypeRef::Secret => Some(format!("{place}.expose()")),
        TypeRef::String => Some(value.clone()),
        _ => None,
    };
    if let Some(text) = &text {
        out.extend(c.max_length.map(|n| check("max_length", [text.clone(), n.to_string()])));
        out.extend(c.min_length.map(|n| check("min_length", [text.clone(), n.to_string()])));
        out.extend(c.pattern.as_ref().map(|p| check("pattern", [text.clone(), super::layout::string(p)])));
    }
    let copied = subject.by_value();
    let number = match resolved {
        TypeRef::Integer(integer) if integer.fits_f64() => Some(format!("f64::from({copied})")),
        TypeRef::F32 => Some(format!("f64::from({copied})")),
        TypeRef::Integer(_) => Some(format!("{copied} as f64")),
        TypeRef::F64 => Some(copied),
        _ => None,
    };
    if let Some(number) = number {
        // `Literal` cannot hold an infinity; such a bound checks nothing anyway.
        let bound = |function: &str, (n, exclusive): (f64, bool)| {
            let arguments =
                vec![wire.clone(), number.clone(), Literal::f64_unsuffixed(n).to_string(), exclusive.to_string()];
            Check::new(format!("apigen_runtime::validate::{function}"), arguments, "?;")
        };
        if c.finite {
            out.push(Check::new("apigen_runtime::validate::finite", vec![wire.clone(), number.clone()], "?;"));
        }
        out.extend(c.maximum.filter(|(n, _)| n.is_finite()).map(|b| bound("maximum", b)));
        out.extend(c.minimum.filter(|(n, _)| n.is_finite()).map(|b| bound("minimum", b)));
        out.extend(c.multiple_of.map(|m| multiple_check(&wire, resolved, &subject.by_value(), &number, m)));
        if let Some(allowed) = listed(resolved, &c.listed) {
            out.push(check("listed", [subject.by_value(), allowed]));
        }
    }
    if matches!(resolved, TypeRef::Array(_)) {
        out.extend(c.max_items.map(|n| check("max_items", [format!("{place}.len()"), n.to_string()])));
        out.extend(c.min_items.map(|n| check("min_items", [format!("{place}.len()"), n.to_string()])));
        if c.unique_items {
            // JSON values are equal as JSON Schema says (`1` is `1.0`), not as serde_json's.
            let json = matches!(resolved, TypeRef::Array(item) if matches!(registry.resolve(item), TypeRef::Json));
            let function = if json { "unique_values" } else { "unique_items" };
            out.push(Check::new(
                format!("apigen_runtime::validate::{function}"),
                vec![wire.clone(), value.clone()],
                "?;",
            ));
        }
    }
    if let (Some(elements), TypeRef::Array(inner) | TypeRef::Map(inner)) = (&c.elements, resolved) {
        let function = if matches!(resolved, TypeRef::Array(_)) { "items" } else { "values" };
        let (nullable, inner) = match inner.as_ref() {
            TypeRef::Nullable(inner) => (true, inner.as_ref()),
            other => (false, other),
        };
        // They include each element's own `validate`: the whole value's is not run again.
        let checks = value_checks("", inner, elements, registry, &Subject::Bound("value".into()));
        out.push(Check::Each { function, wire: wire.clone(), place: value.clone(), nullable, checks });
    } else if registry.has_validation(ty) {
        out.push(nested_check(&value, &wire));
    }
    out
}

/// The check of `multipleOf` `m`: exact on integers when `m` is whole (`copied` is the
/// value), on an `f32` as the decimal it prints as, else on the value as an `f64`
/// (`number`).
fn multiple_check(wire: &str, resolved: &TypeRef, copied: &str, number: &str, m: f64) -> Check {
    let (function, value, divisor) = match (resolved, crate::model::exact_integer(m)) {
        (TypeRef::Integer(_), Some(whole)) => (
            "integer_multiple_of",
            format!("i128::from({copied})"),
            proc_macro2::Literal::i128_unsuffixed(whole).to_string(),
        ),
        (TypeRef::F32, _) => {
            ("multiple_of_f32", copied.to_owned(), proc_macro2::Literal::f64_unsuffixed(m).to_string())
        }
        _ => ("multiple_of", number.to_owned(), proc_macro2::Literal::f64_unsuffixed(m).to_string()),
    };
    Check::new(format!("apigen_runtime::validate::{function}"), vec![wire.to_owned(), value, divisor], "?;")
}

/// The `enum` values of a number as a slice of the value's type (`&[1, 2]`, `&[0.5, 1.0]`),
/// when there are some.
fn listed(resolved: &TypeRef, values: &[serde_json::Number]) -> Option<String> {
    use proc_macro2::Literal;
    let literal = |n: &serde_json::Number| match resolved {
        TypeRef::Integer(_) => crate::model::whole(n).map(|n| Literal::i128_unsuffixed(n).to_string()),
        _ => n.as_f64().map(|n| Literal::f64_unsuffixed(n).to_string()),
    };
    let literals: Vec<String> = values.iter().filter_map(literal).collect();
    (!literals.is_empty()).then(|| format!("&[{}]", literals.join(", ")))
}

/// `apigen_runtime::Validate::validate(value)` of a value that has checks of its own, its
/// error placed under `within` (an expression: a string literal, or `key`; none for `""`,
/// a value checked on its own).
pub fn nested_check(value: &str, within: &str) -> Check {
    let suffix = if within == "\"\"" { "?;".to_owned() } else { format!(".map_err(|e| e.within({within}))?;") };
    Check::new("apigen_runtime::Validate::validate", vec![value.to_owned()], suffix)
}

/// Checks of some values, each group inside the block opened by its line (binding an
/// optional value when it is set) or none.
pub type CheckGroups = Vec<(Option<String>, Vec<Check>)>;

/// `impl apigen_runtime::Validate for {name}` running `groups` in order, its `validate`
/// documented by `doc` when given. With no groups, the trait's default (nothing to
/// check): every request, struct, union and newtype has the impl, whichever way it
/// travels, so that neither a vendor dropping the last constraint nor a type no longer
/// sent takes the method away.
pub fn render_validate_impl(out: &mut Lines, name: &str, doc: Option<&str>, groups: &CheckGroups) {
    if groups.is_empty() {
        out.empty_impl("impl apigen_runtime::Validate", name);
        return;
    }
    out.impl_header("impl apigen_runtime::Validate", name);
    if let Some(doc) = doc {
        out.doc(doc);
    }
    out.line("#[inline]");
    out.open("fn validate(&self) -> Result<(), apigen_runtime::ValidationError> {");
    for (opening, checks) in groups {
        checks_in(out, opening.as_deref(), checks);
    }
    out.line("Ok(())");
    out.close("}");
    out.close("}");
}

/// Check statements, inside a block opened by `opening` when there is one.
pub fn checks_in(out: &mut Lines, opening: Option<&str>, checks: &[Check]) {
    if let Some(opening) = opening {
        out.open(opening);
    }
    for check in checks {
        check.write(out);
    }
    if opening.is_some() {
        out.close("}");
    }
}
