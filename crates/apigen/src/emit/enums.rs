//! String enums. Those a response can carry are open: an `Unrecognized(String)` variant
//! keeps a value the spec does not list and serializes it back unchanged. Enums only
//! sent are closed. Both are `#[non_exhaustive]`, so that a vendor adding a value is a
//! compatible change, and neither is `Copy` and `as_str` borrows from the value in both:
//! a closed enum that a vendor's new operation receives becomes open, and gaining the
//! variant then takes nothing away. Their serde goes through
//! `apigen_runtime::string_enum`. Written as text (see [`super::layout`]).

use super::docs::{Docs, code};
use super::layout::{Lines, string};
use crate::model::{EnumVariant, NamedType};

/// The enum, `as_str`, `Display`, and its serde, after `docs` (and the `#[deprecated]`
/// attribute when the document deprecates it).
pub fn render_enum(ty: &NamedType, variants: &[EnumVariant], docs: &Docs, deprecated: Option<&str>) -> Lines {
    let name = &ty.name;
    let open = ty.direction.received();
    let mut out = Lines::new();
    out.docs(docs);
    out.lines_of(deprecated.iter());
    out.line("#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]");
    out.line("#[non_exhaustive]");
    out.open(&format!("pub enum {name} {{"));
    for variant in variants {
        out.docs(&Docs::new().spec(variant.doc.as_deref()).ours(code(&variant.wire)));
        out.line(&format!("{},", variant.name));
    }
    if open {
        out.doc("A value the spec does not list, kept as received (and sent back unchanged).");
        out.line("Unrecognized(String),");
    } else {
        uncastable_variant(&mut out);
    }
    out.close("}");
    out.open_unbreakable(&format!("impl {name} {{"));
    out.doc("The value as it is sent on the wire.");
    out.open("pub fn as_str(&self) -> &str {");
    out.open("match self {");
    for variant in variants {
        out.arm(&format!("Self::{}", variant.name), &string(&variant.wire));
    }
    if open {
        out.arm("Self::Unrecognized(value)", "value");
    } else {
        // A block-like arm takes no comma (as prettyplease prints it).
        out.line(&format!("Self::{UNCASTABLE}(never) => match *never {{}}"));
    }
    out.close("}");
    out.close("}");
    out.close("}");
    render_impls(&mut out, name, variants, open);
    out
}

/// The hidden variant of an enum whose variants would otherwise all be unit variants,
/// holding `apigen_runtime::Uncastable` (which has no values): such an enum could be cast
/// with `as`, a cast that a vendor's new value would break (see the runtime's
/// `Uncastable`). No variant the model names starts with `_`.
pub const UNCASTABLE: &str = "__Uncastable";

/// Writes the hidden variant ([`UNCASTABLE`]).
pub fn uncastable_variant(out: &mut Lines) {
    out.line("#[doc(hidden)]");
    out.line(&format!("{UNCASTABLE}(apigen_runtime::Uncastable),"));
}

/// `StringEnum` (the wire value both ways), `Display`, and serde through the runtime.
fn render_impls(out: &mut Lines, name: &str, variants: &[EnumVariant], open: bool) {
    out.impl_header("impl apigen_runtime::StringEnum", name);
    let values: Vec<String> = variants.iter().map(|v| string(&v.wire)).collect();
    out.list("const VALUES: &'static [&'static str] = &[", &values, "];");
    out.open("fn wire(&self) -> &str {");
    out.line("self.as_str()");
    out.close("}");
    out.open("fn from_wire(value: &str) -> Option<Self> {");
    out.open("match value {");
    // A value listed twice reads as its first variant.
    let mut seen = std::collections::BTreeSet::new();
    for variant in variants.iter().filter(|v| seen.insert(v.wire.as_str())) {
        out.arm(&string(&variant.wire), &format!("Some(Self::{})", variant.name));
    }
    if open {
        out.arm("other", "Some(Self::Unrecognized(other.to_owned()))");
    } else {
        out.arm("_", "None");
    }
    out.close("}");
    out.close("}");
    out.close("}");
    out.impl_header("impl std::fmt::Display", name);
    out.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    out.line("f.write_str(self.as_str())");
    out.close("}");
    out.close("}");
    out.impl_header("impl serde::Serialize", name);
    // Generic parameters start with `__`: no type the model names does (a type `S` or
    // `D` would be shadowed by them inside these functions).
    let params = ["&self".to_owned(), "serializer: __S".to_owned()];
    out.signature("fn serialize<__S: serde::Serializer>", &params, " -> Result<__S::Ok, __S::Error>");
    out.line("apigen_runtime::string_enum::serialize(self, serializer)");
    out.close("}");
    out.close("}");
    out.impl_header("impl<'de> serde::Deserialize<'de>", name);
    let params = ["deserializer: __D".to_owned()];
    out.signature("fn deserialize<__D: serde::Deserializer<'de>>", &params, " -> Result<Self, __D::Error>");
    out.line("apigen_runtime::string_enum::deserialize(deserializer)");
    out.close("}");
    out.close("}");
}
