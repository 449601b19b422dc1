//! Components that are `$ref`s to other components (what bundling a document whose files
//! refer to an index makes), followed to the item they name.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use crate::diagnostics::component_entry;

/// The item itself, or the component of `section` a local `$ref` names, following
/// components that are `$ref`s to others. The error says why there is none: a reference
/// of another form, one that names no component, or a cycle.
pub(crate) fn follow<'a, T>(
    item: &'a ReferenceOr<T>,
    section: &str,
    components: &'a IndexMap<String, ReferenceOr<T>>,
) -> Result<&'a T, String> {
    follow_to(item, section, components).map(|(item, _)| item)
}

/// As [`follow`], with the name of the component the references end at (`None` for an
/// item that is no reference).
pub(crate) fn follow_to<'a, T>(
    item: &'a ReferenceOr<T>,
    section: &str,
    components: &'a IndexMap<String, ReferenceOr<T>>,
) -> Result<(&'a T, Option<String>), String> {
    let mut reference = match item {
        ReferenceOr::Item(item) => return Ok((item, None)),
        ReferenceOr::Reference { reference } => reference,
    };
    // One step per component at most: more is a cycle.
    for _ in 0..=components.len() {
        let Some(name) = component_entry(reference, section) else {
            return Err(format!(
                "unsupported $ref `{reference}`: only `#/components/{section}/…` references are followed here"
            ));
        };
        match components.get(&name) {
            Some(ReferenceOr::Item(item)) => return Ok((item, Some(name))),
            Some(ReferenceOr::Reference { reference: next }) => reference = next,
            None => return Err(format!("unresolved $ref `{reference}`")),
        }
    }
    Err(format!("`$ref` `{reference}` is part of a cycle of references: it names nothing"))
}
