//! [`Uncastable`]: what keeps generated enums from `as` casts.
//!
//! An enum whose variants all hold nothing (a closed string enum; the errors of an
//! operation whose documented errors have no body) can be cast to an integer outside its
//! crate, `#[non_exhaustive]` or not: `GetOrderError::NotFound as isize`. Such a cast
//! stops compiling when the vendor adds a variant that holds a value (a status with a
//! body), and silently gives another number when the vendor lists a value before it, though
//! both are compatible changes of the generated crate (cargo-semver-checks calls both
//! major). A hidden variant holding an [`Uncastable`], a type without values, makes the
//! enum one that no cast applies to, and adds no value to it.

/// A type without values: generated enums hold it in a hidden variant (see the module),
/// which no value can be made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Uncastable {}
