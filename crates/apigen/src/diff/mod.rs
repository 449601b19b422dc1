//! Two versions of the APIs' [surfaces](crate::surface) compared: every change,
//! classified by what it does to users of the generated Rust crate.
//!
//! Severity follows Cargo's SemVer rules applied to the shapes the generator emits
//! (ARCHITECTURE.md, "Forward-compatible generated types"): `#[non_exhaustive]`
//! structs and enums, request structs built with `new(required…)` and `with_…`
//! setters, response structs with a builder, response enums that keep unknown values,
//! operations with positional required arguments and builder methods for optional ones.
//! A change that leaves the Rust API as it was but changes what goes over the wire (a
//! tightened request constraint, a new required credential) is `compatible`, and its
//! reason says what the wire now does, unless binaries built before fail to decode
//! answers the new document allows: that is `breaking`. Documentation-only changes are
//! `patch`.
//!
//! | change | severity |
//! |---|---|
//! | API, operation, optional parameter, optional body, type, security scheme, server, token declaration added | compatible |
//! | any of those removed; operation renamed (same method and path, new Rust name) | breaking |
//! | type renamed (the one new type of a gone type's shape), or its name taken by another type | breaking |
//! | required parameter or body added; parameter or body required ↔ optional; parameter, body, field, alias or union member type changed | breaking |
//! | parameter location or wire name, body or response media type, operation path, security requirement changed | compatible (wire note) |
//! | request struct: optional field added / required field (a `new` argument) added | compatible / breaking |
//! | response-only struct: any field added | compatible |
//! | field removed; required, nullable or default changed so that its Rust type or `new`'s arguments change | breaking |
//! | format changed without changing the Rust type; constraint tightened or loosened (lengths, pattern, bounds, `multipleOf`, a number's `enum`, item counts, `uniqueItems`) | compatible (wire note on requests) |
//! | a form body's property written in another style; a multipart body's part added, removed or changed | compatible (wire note) |
//! | enum value or union member added / removed | compatible / breaking |
//! | union discriminator, or a member's discriminator value, changed; members of a union without one in another order | compatible (wire note) |
//! | union conversion (`From`, for unions parameters hold) added / removed | compatible / breaking |
//! | error status added / removed or its type changed; success status removed from a success enum | compatible / breaking / breaking |
//! | success return type changed | breaking |
//! | token-provider method (`with_<scheme>_provider`) or client-credentials items (`<scheme>_client_credentials`, `<SCHEME>_TOKEN_URL`) removed or renamed / added | breaking / compatible |
//! | client-credentials token URL changed | compatible (wire note) |
//! | enum values in another order (the derived `Ord` and `VALUES` follow the document) | compatible |
//! | first server changed; server variable added or its default changed | compatible (wire note) |
//! | server or server variable removed; default server becomes templated or stops being | breaking |
//! | struct starts travelling another way (gains `new(…)` or `builder()`, keeps what it had); enum or union gains `Unrecognized` | compatible |
//! | struct stops being sent (`new(…)` gone) or received (`builder()` gone); enum or union loses `Unrecognized` | breaking |
//! | type deprecated (it becomes `#[deprecated]`) or no longer | compatible |
//! | a Rust type written through an alias of it (`Vec<String>` → `Tags`, `pub type Tags = Vec<String>`) | no change |
//! | field or enum value spelled otherwise on the wire under the same Rust name | compatible (wire note); breaking for a required response field |
//! | response field required before now optional with a default (Rust type unchanged); response read as text, bytes or a form instead of JSON (or as JSON instead of a form); response field added beside `additionalProperties` of a type its values do not fit | breaking (binaries built before fail to decode) |
//! | body taken through `Into` or not (its media type moved between text/bytes and JSON) | compatible / breaking when `Into` goes |
//! | body's `content_type` argument (multipart) added or removed; `send_streaming` (every success a binary or text body) removed / added | breaking / compatible |
//! | an alias's or newtype's target written through other aliases of the same type | patch |
//! | `new(…)`'s arguments in another order (they follow wire-name order) | breaking |
//! | parameter or field deprecated (its methods become `#[deprecated]`) or no longer | compatible |
//! | type renamed (also types that hold each other, renamed together) | breaking |
//! | positional argument renamed in its place; path variables renamed with the same URLs; a security scheme's key changed under the same setter | patch |
//! | documentation only (also `info.title`, `info.version`, and what the document says to use instead of what stays deprecated) | patch |
//!
//! Types reached by no operation are judged like `both` ([`Direction::Unused`](crate::surface::Direction)).
//!
//! [`git`] reads the documents of a git revision, [`cli`] is `cargo xtask diff`.

mod api;
pub mod cli;
mod constraints;
mod excerpt;
pub mod git;
mod operations;
mod renames;
mod report;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use report::Report;

use crate::surface::Surface;

/// What a change does to users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Code written against the old crate may no longer compile (or an old binary no
    /// longer decodes what the new document describes).
    Breaking,
    /// Code written against the old crate still compiles; new things may be there,
    /// and the wire may behave differently (the reason says so).
    Compatible,
    /// Only documentation changed.
    Patch,
}

impl Severity {
    /// `breaking`, `compatible`, or `compatible` for documentation (JSON has two
    /// severities; documentation changes have the kind `docs`).
    pub fn json_name(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible | Severity::Patch => "compatible",
        }
    }
}

/// Spec text quoted in a reason (`"Use `x` instead."`): escaped as a Rust string, cut
/// after 200 characters.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// `lead` and the [`quoted`] message, when there is one (what the document says to use
/// instead of something it deprecates).
fn says(lead: &str, message: &Option<String>) -> String {
    message.as_deref().map(|message| format!("{lead}{}", quoted(message))).unwrap_or_default()
}

/// One change between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The API module.
    pub api: String,
    /// What it does to users.
    pub severity: Severity,
    /// A short kind, e.g. `field-removed`, `enum-value-added`, `docs`.
    pub kind: String,
    /// The Rust path of the item (`forte::types::Request::client_id`), or
    /// `module#/json/pointer` for what has no Rust item of its own.
    pub item: String,
    /// One line naming the Rust item, with the wire effect where there is one.
    pub reason: String,
}

/// The version bump a set of changes asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Compatible additions or wire changes.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// The most severe change decides.
    pub fn of(changes: &[Change]) -> Bump {
        changes
            .iter()
            .map(|c| match c.severity {
                Severity::Breaking => Bump::Major,
                Severity::Compatible => Bump::Minor,
                Severity::Patch => Bump::Patch,
            })
            .max()
            .unwrap_or(Bump::None)
    }

    /// `major`, `minor`, `patch` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `current` that this bump makes, by Cargo's rules: in a 0.y.z
    /// crate `y` is the major version and `z` the minor one (and in 0.0.z every change
    /// breaks). A pre-release or build suffix is dropped.
    /// With no change the version is `current` as it is (a pre-release too), and so it is
    /// when the part to raise is at `u64::MAX`: no version is higher, and wrapping (or
    /// zeroing the parts below) would name a lower one.
    pub fn next(self, current: &semver::Version) -> semver::Version {
        let (major, minor, patch) = (current.major, current.minor, current.patch);
        let raised = match (self, major, minor) {
            (_, 0, 0) | (Bump::Minor | Bump::Patch, 0, _) | (Bump::Patch, ..) => patch,
            (Bump::Major, 0, _) | (Bump::Minor, ..) => minor,
            (Bump::Major, ..) => major,
            (Bump::None, ..) => 0,
        };
        if raised == u64::MAX {
            return current.clone();
        }
        let up = |part: u64| part + 1;
        let (major, minor, patch) = match (self, major, minor) {
            (Bump::None, ..) => return current.clone(),
            (_, 0, 0) => (0, 0, up(patch)),
            (Bump::Major, 0, _) => (0, up(minor), 0),
            (Bump::Minor | Bump::Patch, 0, _) => (0, minor, up(patch)),
            (Bump::Major, ..) => (up(major), 0, 0),
            (Bump::Minor, ..) => (major, up(minor), 0),
            (Bump::Patch, ..) => (major, minor, up(patch)),
        };
        semver::Version::new(major, minor, patch)
    }

    /// What the bump means for a crate now at `current`: the part of its version to
    /// raise, said plainly for a 0.x crate (where Cargo treats the minor version as the
    /// major one), so that "major" beside 0.1.0 → 0.2.0 does not read as a contradiction.
    pub fn explain_for(self, current: &semver::Version) -> String {
        let what = match self {
            Bump::None => return self.explain().to_owned(),
            Bump::Patch => "documentation only",
            Bump::Minor => "compatible changes",
            Bump::Major => "breaking changes",
        };
        let part = match (self, current.major, current.minor) {
            (_, 0, 0) => "the patch version (in a 0.0.z crate every version is incompatible with the others)",
            (Bump::Major, 0, _) => "the minor version, which is the major one of a 0.x crate",
            (Bump::Minor, 0, _) => "the patch version, which is the minor one of a 0.x crate",
            (Bump::Major, ..) => "the major version",
            (Bump::Minor, ..) => "the minor version",
            _ => "the patch version",
        };
        format!("{what}: bump {part}")
    }

    /// What the bump means, also for a 0.x crate (where Cargo treats the minor
    /// version as the major one).
    pub fn explain(self) -> &'static str {
        match self {
            Bump::None => "nothing changed for users of the generated crate: no new version needed",
            Bump::Patch => "documentation only: bump the patch version (1.4.2 → 1.4.3; 0.3.1 → 0.3.2)",
            Bump::Minor => {
                "compatible changes: bump the minor version (1.4.2 → 1.5.0); for a 0.x crate bump the patch (0.3.1 → 0.3.2)"
            }
            Bump::Major => {
                "breaking changes: bump the major version (1.4.2 → 2.0.0); for a 0.x crate bump the minor (0.3.1 → 0.4.0)"
            }
        }
    }
}

/// How many aliases of aliases are written out: far more than a document nests (an alias
/// names a type, and Rust allows no alias to name itself), and a bound on the text.
const ALIAS_DEPTH: usize = 16;

/// `ty` with each alias it names written out as the type it stands for (in aliases too,
/// `depth` levels deep). A word after `::` names no alias of the document (it is in a
/// crate's path, `serde_json::Value`).
fn expanded(ty: &str, aliases: &BTreeMap<String, String>, depth: usize) -> String {
    words_replaced(ty, |word, in_path| {
        let target = aliases.get(word).filter(|_| depth > 0 && !in_path)?;
        Some(expanded(target, aliases, depth - 1))
    })
}

/// A Rust type's text with each whole word (`Vec`, `Dog` in `Vec<Dog>`) replaced by what
/// `with` gives for it, if anything; `with` is told whether the word follows `::`.
pub(super) fn words_replaced(ty: &str, mut with: impl FnMut(&str, bool) -> Option<String>) -> String {
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(ty.len());
    let mut rest = ty;
    while let Some(start) = rest.find(word_char) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(|c: char| !word_char(c)).unwrap_or(tail.len());
        let word = &tail[..end];
        match with(word, out.ends_with("::")) {
            Some(now) => out.push_str(&now),
            None => out.push_str(word),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The named types of two versions, by what their values are on the wire.
#[derive(Default)]
struct TypeNames {
    /// Every named type of the new version (a schema named `Uuid` is one, not `uuid::Uuid`).
    new: BTreeSet<String>,
    /// Every named type of the old version.
    old: BTreeSet<String>,
    /// The string enums of the new version: their values are JSON strings.
    new_string_enums: BTreeSet<String>,
    /// The string enums of the old version that are received: open, they read any string.
    old_open_enums: BTreeSet<String>,
    /// The unions of the old version that are received: open, they read any value
    /// (`null` included) that fits no member as `Unrecognized`.
    old_open_unions: BTreeSet<String>,
    /// The type aliases of each version (`pub type Metadata = BTreeMap<String, String>`),
    /// by name: the type they stand for, as written.
    aliases: [BTreeMap<String, String>; 2],
}

impl TypeNames {
    fn of(old: &Surface, new: &Surface) -> Self {
        use crate::surface::{TypeShape, TypeSurface};
        let is_enum = |t: &&TypeSurface| matches!(t.shape, TypeShape::Enum { .. });
        let is_union = |t: &&TypeSurface| matches!(t.shape, TypeShape::Union { .. });
        // The types of the old version of a kind that are received: open ones.
        let received = |kind: fn(&&TypeSurface) -> bool| -> BTreeSet<String> {
            old.types.iter().filter(kind).filter(|t| t.direction.is_decoded()).map(|t| t.name.clone()).collect()
        };
        TypeNames {
            new: new.types.iter().map(|t| t.name.clone()).collect(),
            old: old.types.iter().map(|t| t.name.clone()).collect(),
            new_string_enums: new.types.iter().filter(is_enum).map(|t| t.name.clone()).collect(),
            old_open_enums: received(is_enum),
            old_open_unions: received(is_union),
            aliases: [old, new].map(|surface| {
                let alias = |t: &TypeSurface| match &t.shape {
                    TypeShape::Alias { target } => Some((t.name.clone(), target.clone())),
                    _ => None,
                };
                surface.types.iter().filter_map(alias).collect()
            }),
        }
    }

    /// Whether a Rust type of the old version (as the surface writes it) is the same type
    /// as one of the new: the same text, or the same once the aliases of each version are
    /// written out. A field that was `BTreeMap<String, String>` and is now `Metadata`, a
    /// `$ref` to a schema generated as that alias, has not changed.
    fn same(&self, old: &str, new: &str) -> bool {
        old == new || expanded(old, &self.aliases[0], ALIAS_DEPTH) == expanded(new, &self.aliases[1], ALIAS_DEPTH)
    }
}

/// Collects the changes of one API.
struct Out {
    api: String,
    changes: Vec<Change>,
    /// Types renamed in this API (old Rust name, new Rust name): a parameter, body,
    /// result, field or union member of such a type changes its type's name, not its values.
    renamed: renames::Renamed,
    /// What the named types of both versions are, for what a change of type lets through.
    names: TypeNames,
    /// Security schemes whose key changed under the same setter: old key → new key.
    scheme_renames: BTreeMap<String, String>,
    /// The types of fields perhaps renamed (old field's type, new field's type): what a
    /// removed type was perhaps replaced by.
    perhaps: Vec<(String, String)>,
    /// Client methods renamed (the same route under another Rust name): old → new.
    renamed_operations: BTreeMap<String, String>,
}

impl Out {
    /// What a change of type text from `old` to `new` adds to its reason when it is only
    /// a renamed type's new name.
    fn renamed_note(&self, old: &str, new: &str) -> &'static str {
        if renames::renamed_in(old, new, &self.renamed) { "; the same type under its new name" } else { "" }
    }

    /// What the document says to use instead of something it deprecates, changed while
    /// it stays deprecated: the `#[deprecated]` note and the documentation change.
    fn deprecation_message(
        &mut self,
        at: &str,
        what: &str,
        old: (bool, &Option<String>),
        new: (bool, &Option<String>),
    ) {
        if !(old.0 && new.0) || old.1 == new.1 {
            return;
        }
        let shown = |message: &Option<String>| message.as_deref().map_or_else(|| "nothing".to_owned(), quoted);
        let reason = format!(
            "{what}: what the document says to use instead is now {} (was {}); its #[deprecated] note and documentation say so",
            shown(new.1),
            shown(old.1)
        );
        self.push(Severity::Patch, "deprecation-message", at, reason);
    }

    fn push(&mut self, severity: Severity, kind: &str, item: impl Into<String>, reason: impl Into<String>) {
        self.changes.push(Change {
            api: self.api.clone(),
            severity,
            kind: kind.to_owned(),
            item: item.into(),
            reason: reason.into(),
        });
    }

    fn breaking(&mut self, kind: &str, item: impl Into<String>, reason: impl Into<String>) {
        self.push(Severity::Breaking, kind, item, reason);
    }

    fn compatible(&mut self, kind: &str, item: impl Into<String>, reason: impl Into<String>) {
        self.push(Severity::Compatible, kind, item, reason);
    }
}

/// Every change from the `base` surfaces to the `head` ones, APIs matched by module
/// name; sorted by API, then breaking, compatible, documentation.
pub fn diff(base: &[Surface], head: &[Surface]) -> Vec<Change> {
    let base: BTreeMap<&str, &Surface> = base.iter().map(|s| (s.module.as_str(), s)).collect();
    let head: BTreeMap<&str, &Surface> = head.iter().map(|s| (s.module.as_str(), s)).collect();
    let mut modules: Vec<&str> = base.keys().chain(head.keys()).copied().collect();
    modules.sort_unstable();
    modules.dedup();
    let mut changes = Vec::new();
    for module in modules {
        let mut out = Out {
            api: module.to_owned(),
            changes: Vec::new(),
            renamed: renames::Renamed::new(),
            names: TypeNames::default(),
            scheme_renames: BTreeMap::new(),
            perhaps: Vec::new(),
            renamed_operations: BTreeMap::new(),
        };
        match (base.get(module), head.get(module)) {
            (Some(_), None) => out.breaking(
                "api-removed",
                module,
                format!("{module}: module and its cargo feature removed with the API"),
            ),
            (None, Some(new)) => out.compatible(
                "api-added",
                module,
                format!("{module}: new module behind the new cargo feature `{module}` ({})", new.title),
            ),
            (Some(old), Some(new)) => compare(old, new, &mut out),
            (None, None) => {}
        }
        out.changes.sort_by_key(|c| c.severity);
        changes.extend(out.changes);
    }
    changes
}

fn compare(old: &Surface, new: &Surface, out: &mut Out) {
    // Known before anything is compared: operations and types both hold renamed types.
    let renames = renames::renames(old, new);
    out.renamed = renames.iter().map(|r| (r.old.name.clone(), r.new.name.clone())).collect();
    out.names = TypeNames::of(old, new);
    out.scheme_renames = api::scheme_renames(old, new);
    api::servers(old, new, out);
    api::security_schemes(old, new, out);
    api::token(old, new, out);
    operations::operations(old, new, out);
    types::types(old, new, &renames, out);
    api::docs(old, new, out);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{ALIAS_DEPTH, TypeNames, expanded};

    #[test]
    fn aliases_are_the_types_they_stand_for() {
        let aliases = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs.iter().map(|(name, target)| (name.to_string(), target.to_string())).collect()
        };
        let old = aliases(&[("Sku", "i64")]);
        let new = aliases(&[("Tags", "Vec<Tag>"), ("Tag", "String"), ("Value", "u8"), ("Sku", "String")]);
        assert_eq!(
            expanded("Option<BTreeMap<String, Tags>>", &new, ALIAS_DEPTH),
            "Option<BTreeMap<String, Vec<String>>>"
        );
        // A word in a crate's path is not the document's alias.
        assert_eq!(expanded("Vec<serde_json::Value>", &new, ALIAS_DEPTH), "Vec<serde_json::Value>");
        let names = TypeNames { aliases: [old, new], ..TypeNames::default() };
        assert!(names.same("Vec<String>", "Tags"));
        assert!(names.same("Option<Vec<String>>", "Option<Tags>"));
        // The alias's own target changed: said at the alias, not at each use.
        assert!(names.same("Sku", "Sku"));
        assert!(!names.same("Sku", "String"), "Sku was an i64");
        assert!(!names.same("Vec<i64>", "Tags"));
    }
}
