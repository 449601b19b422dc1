//! Client-side checks of the constraints a spec declares, run before a request is sent.
//!
//! Messages name the field and the constraint but never the value, which may be a secret.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// A type whose values can be checked against the constraints of its schema.
///
/// Generated code implements it for every request and every struct, union and newtype
/// that is sent, with this method's default when there is nothing to check: a vendor
/// dropping a type's last constraint then takes no method away from code that calls
/// `validate()`. (String enums hold no constraint, and aliases are their target's.)
pub trait Validate {
    /// Checks every declared constraint, nested values included (nothing, by default).
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        for (index, item) in self.iter().enumerate() {
            item.validate().map_err(|e| e.within(&index.to_string()))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        (**self).validate()
    }
}

impl<K, T: Validate> Validate for std::collections::BTreeMap<K, T>
where
    K: fmt::Display,
{
    fn validate(&self) -> Result<(), ValidationError> {
        for (key, item) in self {
            item.validate().map_err(|e| e.within(&key.to_string()))?;
        }
        Ok(())
    }
}

/// Checks each item of a list with `check` (the checks of the items' declared
/// constraints); an error is placed at the item's index, under `field` (when not empty).
pub fn items<'a, T: 'a>(
    field: &str,
    items: impl IntoIterator<Item = &'a T>,
    check: impl Fn(&'a T) -> Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    for (index, item) in items.into_iter().enumerate() {
        check(item).map_err(|e| e.within(&index.to_string()).within_field(field))?;
    }
    Ok(())
}

/// Checks each value of a map with `check`; an error is placed at the value's key, under
/// `field` (when not empty).
pub fn values<'a, K: fmt::Display + 'a, T: 'a>(
    field: &str,
    map: impl IntoIterator<Item = (&'a K, &'a T)>,
    check: impl Fn(&'a T) -> Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    for (key, value) in map {
        check(value).map_err(|e| e.within(&key.to_string()).within_field(field))?;
    }
    Ok(())
}

/// A declared constraint that a value breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// Where the value is, outermost first (`["data", "client_id"]`); empty for a value
    /// checked on its own (a union's member, outside any field or parameter).
    pub path: Vec<String>,
    /// Which constraint is broken.
    pub kind: ValidationErrorKind,
}

/// The constraint a [`ValidationError`] is about. New kinds may be added: match with
/// a `_` arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// Longer than `maxLength` (counted in characters, as JSON Schema does).
    TooLong { max: u64, actual: u64 },
    /// Shorter than `minLength`.
    TooShort { min: u64, actual: u64 },
    /// Does not match `pattern`.
    Pattern { pattern: &'static str },
    /// Above `maximum` (or equal to it when exclusive).
    TooLarge { max: f64, exclusive: bool },
    /// Below `minimum` (or equal to it when exclusive).
    TooSmall { min: f64, exclusive: bool },
    /// More items than `maxItems`.
    TooManyItems { max: u64, actual: u64 },
    /// Fewer items than `minItems`.
    TooFewItems { min: u64, actual: u64 },
    /// A header parameter's value holds what an HTTP header cannot carry (line breaks,
    /// other control characters).
    HeaderValue,
    /// An additional property whose key is a declared property's: sent, the object
    /// would carry the key twice.
    Declared,
    /// A float that is NaN or infinite: JSON has no such number (`serde_json` would
    /// write `null`), and a parameter's text would be `NaN` or `inf`.
    NotFinite,
    /// Not one of the values the `enum` (or `const`) of a number lists; `allowed` is
    /// their list, as written in the error's text.
    NotListed { allowed: String },
    /// Not a multiple of `multipleOf`.
    NotMultiple { of: f64 },
    /// Two items of a list declared `uniqueItems` are equal: the positions of the first
    /// pair found.
    NotUnique { first: usize, second: usize },
}

impl ValidationError {
    /// `field` is the value's name; empty for a value checked on its own (a union's
    /// member: the union's field or parameter names it, through [`ValidationError::within`]).
    pub(crate) fn new(field: &str, kind: ValidationErrorKind) -> Self {
        let path = if field.is_empty() { Vec::new() } else { vec![field.to_owned()] };
        ValidationError { path, kind }
    }

    /// Prefixes the path with the enclosing field (used by nested `validate` calls).
    #[must_use]
    pub fn within(mut self, parent: &str) -> Self {
        self.path.insert(0, parent.to_owned());
        self
    }

    /// [`ValidationError::within`] `field`, unless it is empty (a value checked on its own).
    fn within_field(self, field: &str) -> Self {
        if field.is_empty() { self } else { self.within(field) }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str("the value ")?;
        } else {
            write!(f, "`{}` ", self.path.join("."))?;
        }
        match &self.kind {
            ValidationErrorKind::TooLong { max, actual } => {
                write!(f, "must be at most {max} characters long, got {actual}")
            }
            ValidationErrorKind::TooShort { min, actual } => {
                write!(f, "must be at least {min} characters long, got {actual}")
            }
            ValidationErrorKind::Pattern { pattern } => write!(f, "must match the pattern `{pattern}`"),
            ValidationErrorKind::TooLarge { max, exclusive: false } => write!(f, "must be at most {max}"),
            ValidationErrorKind::TooLarge { max, exclusive: true } => write!(f, "must be less than {max}"),
            ValidationErrorKind::TooSmall { min, exclusive: false } => write!(f, "must be at least {min}"),
            ValidationErrorKind::TooSmall { min, exclusive: true } => write!(f, "must be greater than {min}"),
            ValidationErrorKind::TooManyItems { max, actual } => {
                write!(f, "must have at most {max} items, got {actual}")
            }
            ValidationErrorKind::TooFewItems { min, actual } => {
                write!(f, "must have at least {min} items, got {actual}")
            }
            ValidationErrorKind::HeaderValue => {
                write!(f, "cannot be sent in an HTTP header (it holds a line break or another control character)")
            }
            ValidationErrorKind::Declared => {
                write!(f, "is a declared property: set its field, not an additional property of that key")
            }
            ValidationErrorKind::NotFinite => {
                write!(f, "must be a finite number (JSON has no NaN or infinity)")
            }
            ValidationErrorKind::NotListed { allowed } => write!(f, "must be one of {allowed}"),
            ValidationErrorKind::NotMultiple { of } => write!(f, "must be a multiple of {of}"),
            ValidationErrorKind::NotUnique { first, second } => {
                write!(f, "must hold unique items; items {first} and {second} are equal")
            }
        }
    }
}

impl std::error::Error for ValidationError {}

fn char_count(value: &str) -> u64 {
    value.chars().count() as u64
}

/// The error of a value an HTTP header cannot carry (`field` names it, never its text).
pub(crate) fn header_value(field: &str) -> ValidationError {
    ValidationError::new(field, ValidationErrorKind::HeaderValue)
}

/// Checks that no key of a struct's additional properties is one of its `declared`
/// properties' (the error names the key): the object sent would carry it twice.
pub fn undeclared<V>(
    additional: &std::collections::BTreeMap<String, V>,
    declared: &[&str],
) -> Result<(), ValidationError> {
    match declared.iter().find(|key| additional.contains_key(**key)) {
        Some(key) => Err(ValidationError::new(key, ValidationErrorKind::Declared)),
        None => Ok(()),
    }
}

/// Checks `maxLength`.
pub fn max_length(field: &str, value: &str, max: u64) -> Result<(), ValidationError> {
    let actual = char_count(value);
    if actual > max {
        return Err(ValidationError::new(field, ValidationErrorKind::TooLong { max, actual }));
    }
    Ok(())
}

/// Checks `minLength`.
pub fn min_length(field: &str, value: &str, min: u64) -> Result<(), ValidationError> {
    let actual = char_count(value);
    if actual < min {
        return Err(ValidationError::new(field, ValidationErrorKind::TooShort { min, actual }));
    }
    Ok(())
}

/// Checks `pattern`. The generator only emits patterns that compile with the `regex`
/// crate (others get a generation-time warning and no check), so compiled patterns
/// are cached here by their text rather than in each generated module.
pub fn pattern(field: &str, value: &str, pattern: &'static str) -> Result<(), ValidationError> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = cache.entry(pattern).or_insert_with(|| Regex::new(pattern).ok());
    match regex {
        Some(regex) if !regex.is_match(value) => {
            Err(ValidationError::new(field, ValidationErrorKind::Pattern { pattern }))
        }
        _ => Ok(()),
    }
}

/// Checks `maximum` / `exclusiveMaximum`.
pub fn maximum(field: &str, value: f64, max: f64, exclusive: bool) -> Result<(), ValidationError> {
    if value > max || (exclusive && value == max) {
        return Err(ValidationError::new(field, ValidationErrorKind::TooLarge { max, exclusive }));
    }
    Ok(())
}

/// Checks `minimum` / `exclusiveMinimum`.
pub fn minimum(field: &str, value: f64, min: f64, exclusive: bool) -> Result<(), ValidationError> {
    if value < min || (exclusive && value == min) {
        return Err(ValidationError::new(field, ValidationErrorKind::TooSmall { min, exclusive }));
    }
    Ok(())
}

/// Checks `maxItems`.
pub fn max_items(field: &str, len: usize, max: u64) -> Result<(), ValidationError> {
    let actual = len as u64;
    if actual > max {
        return Err(ValidationError::new(field, ValidationErrorKind::TooManyItems { max, actual }));
    }
    Ok(())
}

/// Checks `minItems`.
pub fn min_items(field: &str, len: usize, min: u64) -> Result<(), ValidationError> {
    let actual = len as u64;
    if actual < min {
        return Err(ValidationError::new(field, ValidationErrorKind::TooFewItems { min, actual }));
    }
    Ok(())
}

/// Checks that a float is a number JSON can carry (neither NaN nor infinite).
pub fn finite(field: &str, value: f64) -> Result<(), ValidationError> {
    if value.is_finite() {
        return Ok(());
    }
    Err(ValidationError::new(field, ValidationErrorKind::NotFinite))
}

/// Checks the `enum` (or `const`) of a number: `value` is one of `allowed`.
pub fn listed<T: PartialEq + fmt::Display>(field: &str, value: T, allowed: &[T]) -> Result<(), ValidationError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let allowed = allowed.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    Err(ValidationError::new(field, ValidationErrorKind::NotListed { allowed }))
}

/// Checks `multipleOf` of a float: `value` is a whole number of `divisor`s, within the
/// rounding of binary floats (`0.3` is a multiple of `0.1`, though `0.3 / 0.1` is
/// `2.9999999999999996`), as JSON Schema means it of decimal numbers: the nearest
/// multiple is at most a few units in the last place of the value away.
pub fn multiple_of(field: &str, value: f64, divisor: f64) -> Result<(), ValidationError> {
    let nearest = (value / divisor).round() * divisor;
    if (value - nearest).abs() <= 4.0 * f64::EPSILON * value.abs().max(divisor.abs()) {
        return Ok(());
    }
    Err(ValidationError::new(field, ValidationErrorKind::NotMultiple { of: divisor }))
}

/// [`multiple_of`] of an `f32`, read as the decimal number it prints as (`0.3`, where
/// `f64::from(0.3_f32)` is `0.30000001192092896`, no multiple of `0.1`).
pub fn multiple_of_f32(field: &str, value: f32, divisor: f64) -> Result<(), ValidationError> {
    multiple_of(field, value.to_string().parse().unwrap_or(f64::NAN), divisor)
}

/// Checks `multipleOf` of an integer exactly (`divisor` whole and positive; any Rust
/// integer converts to `i128`).
pub fn integer_multiple_of(field: &str, value: i128, divisor: i128) -> Result<(), ValidationError> {
    if value % divisor == 0 {
        return Ok(());
    }
    Err(ValidationError::new(field, ValidationErrorKind::NotMultiple { of: divisor as f64 }))
}

/// Checks `uniqueItems`: no two items are equal. Each pair is compared (the items are
/// of any generated type, which can be compared but not hashed), so a list of `n` items
/// takes `n²/2` comparisons: lists declared unique are sets of ids or tags, and a
/// list of 10,000 strings takes about 0.1 s.
pub fn unique_items<T: PartialEq>(field: &str, items: &[T]) -> Result<(), ValidationError> {
    for (second, item) in items.iter().enumerate() {
        if let Some(first) = items[..second].iter().position(|earlier| earlier == item) {
            return Err(ValidationError::new(field, ValidationErrorKind::NotUnique { first, second }));
        }
    }
    Ok(())
}

/// [`unique_items`] of JSON values, equal as JSON Schema means it: numbers by their
/// mathematical value (`1` and `1.0` are one), objects whatever their keys' order.
pub fn unique_values(field: &str, items: &[serde_json::Value]) -> Result<(), ValidationError> {
    for (second, item) in items.iter().enumerate() {
        if let Some(first) = items[..second].iter().position(|earlier| same_json(earlier, item)) {
            return Err(ValidationError::new(field, ValidationErrorKind::NotUnique { first, second }));
        }
    }
    Ok(())
}

/// JSON Schema's equality of two JSON values (2020-12 core, 4.2.2).
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
            (Some(a), Some(b), ..) => a == b,
            (.., Some(a), Some(b)) => a == b,
            _ => a.as_f64() == b.as_f64(),
        },
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same_json(a, b)))
        }
        (a, b) => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(max_length("name", "ééé", 3).is_ok());
        let err = max_length("name", "éééé", 3).unwrap_err();
        assert_eq!(err.to_string(), "`name` must be at most 3 characters long, got 4");
        assert!(min_length("name", "", 1).is_err());
        assert!(min_length("name", "a", 1).is_ok());
    }

    #[test]
    fn pattern_checks_and_never_quotes_the_value() {
        assert!(pattern("code", "abc", "^[a-z]+$").is_ok());
        let err = pattern("code", "s3cret-value", "^[a-z]+$").unwrap_err();
        assert!(!err.to_string().contains("s3cret"));
        assert_eq!(err.within("body").to_string(), "`body.code` must match the pattern `^[a-z]+$`");
        // A union member's check has the union's path: it has no step of its own.
        let member = max_length("", "abcd", 3).unwrap_err();
        assert_eq!(member.to_string(), "the value must be at most 3 characters long, got 4");
        let member = member.within("owner");
        assert_eq!(member.path, ["owner"]);
        assert_eq!(member.to_string(), "`owner` must be at most 3 characters long, got 4");
    }

    #[test]
    fn numeric_bounds() {
        assert!(maximum("n", 5.0, 5.0, false).is_ok());
        assert!(maximum("n", 5.0, 5.0, true).is_err());
        assert!(minimum("n", 0.0, 0.0, true).is_err());
        assert!(minimum("n", 1.0, 0.0, true).is_ok());
        assert!(max_items("v", 3, 2).is_err());
        assert!(min_items("v", 0, 1).is_err());
    }

    #[test]
    fn numbers_json_cannot_carry_are_refused() {
        assert!(finite("n", 1.5).is_ok());
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let error = finite("n", value).unwrap_err();
            assert_eq!(error.to_string(), "`n` must be a finite number (JSON has no NaN or infinity)");
        }
    }

    #[test]
    fn listed_values_and_multiples() {
        assert!(listed("code", 2_i64, &[1, 2, 3]).is_ok());
        let error = listed("code", 4_i64, &[1, 2, 3]).unwrap_err();
        assert_eq!(error.to_string(), "`code` must be one of 1, 2, 3");
        assert!(listed("rate", 0.5_f64, &[0.25, 0.5]).is_ok());
        assert!(listed("rate", f64::NAN, &[f64::NAN]).is_err());
        assert!(multiple_of("amount", 0.3, 0.1).is_ok());
        assert!(multiple_of("amount", 19.99, 0.01).is_ok());
        assert!(multiple_of("amount", 1e300, 0.5).is_ok());
        let error = multiple_of("amount", 0.35, 0.1).unwrap_err();
        assert_eq!(error.to_string(), "`amount` must be a multiple of 0.1");
        assert!(multiple_of("amount", f64::NAN, 0.1).is_err());
        // Large quotients are not waved through.
        assert!(multiple_of("amount", 12_345_678.905, 0.01).is_err());
        assert!(multiple_of("amount", 12_345_678.91, 0.01).is_ok());
        assert!(multiple_of("n", 1_234_567_890.5, 1.0).is_err());
        assert!(multiple_of("n", 2_500_000_001.0, 2.5).is_err());
        assert!(multiple_of("n", 2_500_000_000.0, 2.5).is_ok());
        assert!(multiple_of_f32("ratio", 0.3, 0.1).is_ok() && multiple_of_f32("ratio", 19.9, 0.1).is_ok());
        assert!(multiple_of_f32("ratio", 0.35, 0.1).is_err());
        assert!(integer_multiple_of("n", -15, 5).is_ok());
        assert!(integer_multiple_of("n", i128::from(u64::MAX), 5).is_ok());
        let error = integer_multiple_of("n", i128::from(u64::MAX - 1), 5).unwrap_err();
        assert_eq!(error.to_string(), "`n` must be a multiple of 5");
    }

    #[test]
    fn unique_items_names_the_first_equal_pair() {
        assert!(unique_items("tags", &["a", "b", "c"]).is_ok());
        assert!(unique_items::<u8>("tags", &[]).is_ok());
        let error = unique_items("tags", &["a", "b", "c", "b", "a"]).unwrap_err();
        assert_eq!(error.kind, ValidationErrorKind::NotUnique { first: 1, second: 3 });
        assert_eq!(error.to_string(), "`tags` must hold unique items; items 1 and 3 are equal");
        let values: Vec<serde_json::Value> =
            serde_json::from_str(r#"[1, "1", [1.0], {"a": 1, "b": [2]}, 1.0]"#).unwrap();
        assert_eq!(
            unique_values("v", &values).unwrap_err().kind,
            ValidationErrorKind::NotUnique { first: 0, second: 4 }
        );
        let nested: Vec<serde_json::Value> = serde_json::from_str(r#"[[1], {"b": [2.0], "a": 1}, [1.0]]"#).unwrap();
        assert_eq!(
            unique_values("v", &nested).unwrap_err().kind,
            ValidationErrorKind::NotUnique { first: 0, second: 2 }
        );
        let distinct: Vec<serde_json::Value> =
            serde_json::from_str(r#"[1, 1.5, "1", true, null, 18446744073709551615]"#).unwrap();
        assert!(unique_values("v", &distinct).is_ok());
    }
}
