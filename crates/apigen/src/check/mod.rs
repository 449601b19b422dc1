//! Stage between overlay and parse, check: structural lies in the effective document
//! (vendor document, overlay applied, normalized), each a located diagnostic.
//!
//! The parser accepts these documents and the model would go on without a word, so
//! the checks read the raw `serde_json::Value`, where every node still has its JSON
//! pointer (and so its line:column):
//!
//! - [`servers`]: URL variables without a definition, defaults outside their `enum`;
//! - [`parameters`]: path parameters absent from the path, duplicate parameters,
//!   response statuses written twice (`2XX` and `2xx`);
//! - [`schemas`]: `required` naming undefined properties, discriminator mappings to
//!   schemas that do not exist (an error, as any unresolved reference);
//! - [`bounds`]: bounds no value meets (`minLength` above `maxLength`, …);
//! - [`keywords`]: members that OpenAPI (or JSON Schema 2020-12, for 3.1 schemas) does
//!   not define for their object and that are not `x-` extensions;
//! - [`readable`]: a schema nested deep that `openapiv3` cannot read (reading it whole
//!   would take time doubling with its depth): reported, and parse does not run.
//!
//! [`walk`] finds every object of the document and what it is; [`report`] passes the
//! findings on, at most 50 of each kind.

pub mod bounds;
pub mod keywords;
pub mod parameters;
pub mod readable;
pub mod report;
pub mod schemas;
pub mod servers;
pub mod walk;

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use report::Reporter;

/// The OpenAPI version a document was written in (before normalization made it 3.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x.
    V3_0,
    /// OpenAPI 3.1.x.
    V3_1,
}

/// Runs every check on the effective document `doc`, written in `version`. Returns
/// whether parse may read it: `false` when [`readable`] found a schema it cannot read
/// (reading the document would take time doubling with the schema's depth).
pub fn check(doc: &Value, version: Version, diags: &mut Diagnostics) -> bool {
    let nodes = walk::objects(doc);
    let mut reporter = Reporter::new(diags);
    servers::check(&nodes, &mut reporter);
    parameters::check(doc, &mut reporter);
    schemas::check(doc, &nodes, &mut reporter);
    bounds::check(&nodes, &mut reporter);
    keywords::check(&nodes, version, &mut reporter);
    reporter.finish();
    readable::check(&nodes, diags)
}

/// After parse could not read `doc` (or a part of it, in place): a schema in it that
/// cannot be read, reported at its keyword (see [`readable::locate`]). Whether there was
/// one: otherwise the error is not a schema's, and parse's report stands.
pub fn locate_unreadable_schema(doc: &Value, diags: &mut Diagnostics) -> bool {
    readable::locate(&walk::objects(doc), diags)
}

/// The names between braces in a URL or path template, in order (`/a/{b}.{c}` → `b`, `c`).
pub fn template_variables(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_variables_are_read_in_order() {
        assert_eq!(template_variables("{a}://x/{b}.{c}/{d"), vec!["a", "b", "c"]);
        assert!(template_variables("https://x").is_empty());
    }
}
