//! Stage 1b, bundle: specs split over several files (`$ref: './schemas/pet.yaml#/Pet'`)
//! become one document.
//!
//! Each referenced node is loaded once and placed under `components` (a schema
//! under `schemas`, a parameter under `parameters`, … chosen by where the `$ref`
//! stands), and the `$ref` now points there; path items are copied in place, as the
//! 3.0 model has no components for them. Inside a referenced file, `#/…` means that
//! file. Reference cycles end because a node is named before its own references are
//! followed. Diagnostics about a placed node point into the file it came from.
//!
//! References are refused when they name a URL (generation never uses the network)
//! or a file outside the main document's folder (also through a symbolic link), or
//! what is not a regular file of at most [`MAX_FILE_BYTES`]. Nodes copied in place are
//! copied up to [`MAX_COPIES`] times, [`MAX_COPIED`] values in all and [`MAX_COPY_DEPTH`]
//! deep, and one that holds a reference to itself is an error: such copies would never
//! end, or double with every level (a callback that references two others, each of which
//! does the same).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, escape_token, push_token, unescape_token};
use crate::load;
use crate::normalize::defs::ComponentKeys;
use crate::pipeline::SourceText;

/// Where the documents are: the main document's folder on disk and the name it is
/// shown under (relative to the workspace), so loaded files get names alike.
#[derive(Debug, Clone)]
pub struct Base {
    /// The folder on disk.
    pub dir: PathBuf,
    /// The folder as shown in diagnostics (`specs/acme`).
    pub shown: String,
    /// The main document's file name in that folder (`openapi.yaml`): references
    /// back to it from other files stay references within the bundle.
    pub main: String,
}

/// One node from another file: its file (relative to the base) and JSON pointer.
type Target = (String, String);

/// The largest file a reference may name: far above any real document (GitHub's is
/// 3.7 MB), far below what would exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The most JSON values copied in place, all copies together (path items, callbacks,
/// examples and links from other files): far above what a real document copies (5,000
/// path items in files of their own are some 100,000), far below what would exhaust
/// memory.
pub const MAX_COPIED: usize = 5_000_000;

/// The most nodes copied in place, however small (10 times what 5,000 path items, each
/// with an example in a file of its own, copy).
pub const MAX_COPIES: usize = 100_000;

/// The most copies inside one another.
pub const MAX_COPY_DEPTH: usize = 32;

struct Bundler<'a> {
    base: &'a Base,
    diags: &'a mut Diagnostics,
    files: BTreeMap<String, Option<Value>>,
    /// The text of each file read, for line:column in diagnostics.
    texts: Vec<SourceText>,
    placed: BTreeMap<Target, String>,
    /// Per section, the keys taken there.
    taken: BTreeMap<String, ComponentKeys>,
    /// Nodes named but not yet placed: (section, name, node, its file).
    placements: Vec<(String, String, Value, String)>,
    /// The nodes being copied in place, outermost first.
    copying: Vec<Target>,
    /// How many more values may be copied in place; `None` once overrun.
    copy_budget: Option<usize>,
    /// How many nodes were copied in place.
    copies: usize,
    /// Whether the reference being followed is a discriminator's mapping value (a string
    /// at its own pointer), not a reference object's `$ref`.
    in_mapping: bool,
}

/// Bundles `doc` (see the module docs). Returns the texts of the files it read, for
/// line:column in diagnostics.
pub fn bundle(doc: &mut Value, base: &Base, diags: &mut Diagnostics) -> Vec<SourceText> {
    if !refers_elsewhere(doc, "") {
        return Vec::new();
    }
    // Every section `section_of` places into: a placed node must not take a key the
    // document has (it would replace that component).
    let taken = ["schemas", "parameters", "responses", "requestBodies", "headers", "securitySchemes", "examples"]
        .iter()
        .map(|section| (section.to_string(), ComponentKeys::taken(doc, section)))
        .collect();
    let mut bundler = Bundler {
        base,
        diags,
        files: BTreeMap::new(),
        texts: Vec::new(),
        placed: BTreeMap::new(),
        taken,
        placements: Vec::new(),
        copying: Vec::new(),
        copy_budget: Some(MAX_COPIED),
        copies: 0,
        in_mapping: false,
    };
    bundler.walk(doc, &mut String::new(), None);
    // Placed nodes are walked in turn (their references are relative to their file),
    // which may place more.
    while !bundler.placements.is_empty() {
        for (section, name, mut node, file) in std::mem::take(&mut bundler.placements) {
            let mut at = format!("/components/{section}/{}", escape_token(&name));
            bundler.walk(&mut node, &mut at, Some(&file));
            insert(doc, &section, &name, node);
        }
    }
    let placed = std::mem::take(&mut bundler.placed);
    for ((file, fragment), component) in &placed {
        let shown = bundler.shown(file);
        bundler.diags.record_move_to_file(component, &shown, fragment);
    }
    bundler.texts
}

/// How the walk takes the member `key` of an object (a map of named things when `names`):
/// `None` when it holds data (skipped), `Some(true)` for an `examples` map, `Some(false)`
/// to walk. The keys of a map of named things (`properties`, `schemas`, …) are names, so
/// `example` there is a property; elsewhere it holds data.
pub(crate) fn member_kind(names: bool, key: &str) -> Option<bool> {
    let examples = !names && key == "examples";
    let data = !names && !examples && (DATA_KEYS.contains(&key) || key.starts_with("x-"));
    (!data).then_some(examples)
}

/// Whether the walk would find a `$ref` in `value` (the member `parent` of its object)
/// that names something else than a place in the same document (`#…`): only then is
/// there anything to bundle. Most documents are one file, and this look costs less than
/// the walk, which builds the pointer of every node it passes.
fn refers_elsewhere(value: &Value, parent: &str) -> bool {
    match value {
        Value::Object(members) => {
            let names = NAME_MAPS.contains(&parent);
            let elsewhere = |value: &Value| value.as_str().is_some_and(|r| mapped_reference(r) && !r.starts_with('#'));
            matches!(members.get("$ref"), Some(Value::String(reference)) if !reference.starts_with('#'))
                // A discriminator's mapping into another file (see `walk_mapping`).
                || (parent == "discriminator"
                    && members.get("mapping").and_then(Value::as_object).is_some_and(|m| m.values().any(elsewhere)))
                || members.iter().any(|(key, child)| match member_kind(names, key) {
                    None => false,
                    Some(false) => refers_elsewhere(child, key),
                    // As `walk_examples`: only an entry that is a `$ref`.
                    Some(true) => child.as_object().is_some_and(|entries| {
                        entries.iter().any(|(name, entry)| entry.get("$ref").is_some() && refers_elsewhere(entry, name))
                    }),
                })
        }
        Value::Array(items) => items.iter().any(|item| refers_elsewhere(item, "")),
        _ => false,
    }
}

/// Whether a discriminator's mapping value is a reference rather than a schema's name: a
/// name (a component key) has neither `#` nor `/`.
fn mapped_reference(value: &str) -> bool {
    value.contains(['#', '/'])
}

fn insert(doc: &mut Value, section: &str, name: &str, node: Value) {
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else { return };
    let items = components.entry(section).or_insert_with(|| Value::Object(Map::new()));
    if let Some(items) = items.as_object_mut() {
        items.insert(name.to_owned(), node);
    }
}

impl Bundler<'_> {
    /// Follows every `$ref` in `node` (at `at` in the bundled document); `file` is
    /// the file the node came from, `None` for the main document.
    fn walk(&mut self, node: &mut Value, at: &mut String, file: Option<&str>) {
        // `at` is one buffer for the whole walk: a child's token is pushed, then cut off.
        let len = at.len();
        match node {
            Value::Object(obj) => {
                if let Some(Value::String(reference)) = obj.get("$ref") {
                    let reference = reference.clone();
                    if let Some(replacement) = self.reference(&reference, at, file) {
                        self.replace(obj, replacement, at);
                        return;
                    }
                }
                if at.ends_with("/discriminator") {
                    self.walk_mapping(obj, at, file);
                }
                let names = NAME_MAPS.contains(&at.rsplit('/').next().unwrap_or_default());
                for (key, child) in obj.iter_mut() {
                    let Some(examples) = member_kind(names, key) else { continue };
                    push_token(at, key);
                    if examples {
                        self.walk_examples(child, at, file);
                    } else {
                        self.walk(child, at, file);
                    }
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    let _ = write!(at, "/{index}");
                    self.walk(child, at, file);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// An `examples` map: an entry may be a `$ref` to follow; an example's `value` is
    /// data, whatever keys it holds. (In a 3.1 schema, `examples` is a list of values.)
    fn walk_examples(&mut self, examples: &mut Value, at: &mut String, file: Option<&str>) {
        let Value::Object(entries) = examples else { return };
        let len = at.len();
        for (name, entry) in entries.iter_mut() {
            if entry.get("$ref").is_some() {
                push_token(at, name);
                self.walk(entry, at, file);
                at.truncate(len);
            }
        }
    }

    /// A discriminator's `mapping`, whose values are schema names or references: one that
    /// names a schema in another file (`pets.yaml#/Cat`, `./cat.yaml`) is bundled as a
    /// `$ref` to it is, and points at the component it becomes. Names are left.
    fn walk_mapping(&mut self, discriminator: &mut Map<String, Value>, at: &mut String, file: Option<&str>) {
        if crate::check::walk::kind_at(at) != Some(crate::check::walk::Kind::Discriminator) {
            return;
        }
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else { return };
        let len = at.len();
        for (value, target) in mapping.iter_mut() {
            let Value::String(reference) = target else { continue };
            if !mapped_reference(reference) {
                continue;
            }
            push_token(at, "mapping");
            push_token(at, value);
            self.in_mapping = true;
            if let Some(Replacement::Reference(component)) = self.reference(&reference.clone(), at, file) {
                *target = Value::String(component);
            }
            self.in_mapping = false;
            at.truncate(len);
        }
    }

    /// Where a reference followed from `at` is written, for its diagnostics: the `$ref`
    /// of the object at `at`, or `at` itself for a discriminator's mapping value.
    fn site(&self, at: &str) -> String {
        if self.in_mapping { at.to_owned() } else { format!("{at}/$ref") }
    }

    fn replace(&mut self, obj: &mut Map<String, Value>, replacement: Replacement, at: &mut String) {
        match replacement {
            Replacement::Reference(reference) => {
                obj.insert("$ref".into(), Value::String(reference));
            }
            Replacement::Inline(mut value, target) => {
                obj.remove("$ref");
                let from = target.0.clone();
                self.copying.push(target);
                self.walk(&mut value, at, Some(&from));
                self.copying.pop();
                if let Value::Object(content) = value {
                    obj.extend(content);
                }
            }
        }
    }

    /// What a `$ref` becomes, or `None` to leave it (a reference within the main document).
    fn reference(&mut self, reference: &str, at: &str, file: Option<&str>) -> Option<Replacement> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() && file.is_none() {
            return None;
        }
        if path.contains("://") || path.starts_with("//") {
            self.diags.error(
                self.site(at),
                format!("`{reference}` is a URL: references to other files must be relative paths (generation never uses the network)"),
            );
            return None;
        }
        let target_file =
            if path.is_empty() { file.unwrap_or_default().to_owned() } else { self.resolve(path, at, file)? };
        if target_file == self.base.main {
            return Some(Replacement::Reference(format!("#{fragment}")));
        }
        let value = self.file(&target_file, at)?;
        let fragment = percent_decode(fragment);
        let Some(node) = (if fragment.is_empty() { Some(value) } else { value.pointer(&fragment) }).cloned() else {
            self.diags.error(self.site(at), format!("`{reference}`: `{target_file}` has nothing at `{fragment}`"));
            return None;
        };
        let target = (target_file, fragment);
        let Some(section) = section_of(at) else {
            return self.may_copy(&target, &node, reference, at).then_some(Replacement::Inline(node, target));
        };
        if let Some(component) = self.placed.get(&target) {
            return Some(Replacement::Reference(format!("#{component}")));
        }
        let name = self.free_name(section, &target);
        let component = format!("/components/{section}/{}", escape_token(&name));
        self.placed.insert(target.clone(), component.clone());
        self.placements.push((section.to_owned(), name, node, target.0));
        Some(Replacement::Reference(format!("#{component}")))
    }

    /// Whether `target` (the node `node`) may be copied in place at `at`: not inside a
    /// copy of itself, not too deep, not past the budget of copied values (each refusal
    /// is an error; once the budget or depth is overrun, later refusals are silent).
    fn may_copy(&mut self, target: &Target, node: &Value, reference: &str, at: &str) -> bool {
        let Some(left) = self.copy_budget else { return false };
        let size = crate::overlay::values_in(node);
        let refusal = if self.copying.contains(target) {
            Some(format!(
                "`{reference}` is copied in place (a path item, callback, example or link) and holds a reference to itself: the copy would never end"
            ))
        } else if self.copying.len() >= MAX_COPY_DEPTH {
            self.copy_budget = None;
            Some(format!("`{reference}` would be copied in place inside {MAX_COPY_DEPTH} other copies: too deep"))
        } else if size > left || self.copies == MAX_COPIES {
            self.copy_budget = None;
            Some(format!(
                "`{reference}` would be copied in place past {MAX_COPIES} copies or {MAX_COPIED} values: too many copies (each level of references may double them)"
            ))
        } else {
            self.copy_budget = Some(left - size);
            self.copies += 1;
            None
        };
        if let Some(message) = &refusal {
            self.diags.error(self.site(at), message.clone());
        }
        refusal.is_none()
    }

    /// The file a relative path names, relative to the base folder, refusing paths
    /// that leave it.
    fn resolve(&mut self, path: &str, at: &str, file: Option<&str>) -> Option<String> {
        let from = file.map(|f| Path::new(f).parent().unwrap_or(Path::new("")).to_path_buf()).unwrap_or_default();
        let mut parts: Vec<String> = Vec::new();
        for component in from.join(percent_decode(path)).components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                Component::CurDir => {}
                Component::ParentDir if parts.pop().is_some() => {}
                _ => {
                    self.diags.error(
                        self.site(at),
                        format!("`{path}` is outside the folder of the main document; references may only name files beside it or below it"),
                    );
                    return None;
                }
            }
        }
        Some(parts.join("/"))
    }

    /// The parsed file, loaded once; its own diagnostics are kept.
    fn file(&mut self, relative: &str, at: &str) -> Option<&Value> {
        if !self.files.contains_key(relative) {
            let path = self.base.dir.join(relative);
            let value = match read_beside(&self.base.dir, &path) {
                Ok(text) => {
                    let name = self.shown(relative);
                    let mut diags = Diagnostics::new(&name);
                    let loaded = load::parse_text(&path, &text, &mut diags).map(|s| s.value);
                    diags.locate(Path::new(&name), &text);
                    self.diags.extend(diags);
                    self.texts.push(SourceText { name, text });
                    loaded
                }
                Err(e) => {
                    self.diags.error(self.site(at), format!("cannot read `{relative}`: {e}"));
                    None
                }
            };
            self.files.insert(relative.to_owned(), value);
        }
        self.files.get(relative).and_then(Option::as_ref)
    }

    fn shown(&self, relative: &str) -> String {
        if self.base.shown.is_empty() { relative.to_owned() } else { format!("{}/{relative}", self.base.shown) }
    }

    /// A component name for a node: the fragment's last token, else the file's stem,
    /// made unique in its section.
    fn free_name(&mut self, section: &str, (file, fragment): &Target) -> String {
        let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let wanted = fragment.rsplit('/').next().filter(|t| !t.is_empty()).map(unescape_token).unwrap_or(stem);
        self.taken.entry(section.to_owned()).or_default().claim(&wanted)
    }
}

/// Members whose values are data (a `$ref` inside them is text, not a reference).
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const"];

/// Members whose keys are names of things, not keywords.
pub(crate) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "responses",
    "parameters",
    "headers",
    "requestBodies",
    "securitySchemes",
    "links",
    "callbacks",
    "paths",
    "pathItems",
    "content",
    "encoding",
    "variables",
];

enum Replacement {
    /// Point the `$ref` here instead.
    Reference(String),
    /// Copy this node (from this file and pointer) in place of the `$ref`.
    Inline(Value, Target),
}

/// The text of the file at `path`, which must be a regular file of at most
/// [`MAX_FILE_BYTES`] inside `dir` once symbolic links are followed (a link may not lead
/// out of the folder, nor to a device that never ends).
fn read_beside(dir: &Path, path: &Path) -> std::io::Result<String> {
    use std::io::{Error, Read};
    // The folder of `openapi.yaml` given as is is the empty path.
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let (dir, real) = (dir.canonicalize()?, path.canonicalize()?);
    if !real.starts_with(&dir) {
        return Err(Error::other("a symbolic link leads it outside the folder of the main document"));
    }
    // Asked before opening: opening a FIFO waits for a writer.
    let metadata = std::fs::metadata(&real)?;
    if !metadata.is_file() {
        return Err(Error::other("it is not a regular file"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Error::other(format!("it is larger than {MAX_FILE_BYTES} bytes")));
    }
    let mut text = String::new();
    std::fs::File::open(&real)?.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
    Ok(text)
}

/// The `components` section a `$ref` at `at` refers into, by what the specification puts
/// where it stands (`check::walk::kind_at`: a property named `requestBody` is a schema);
/// `None` for nodes copied in place (path items, callbacks, examples, links). Where the
/// specification puts no object, a schema.
fn section_of(at: &str) -> Option<&'static str> {
    use crate::check::walk::{Kind, kind_at};
    match kind_at(at) {
        Some(Kind::PathItem | Kind::Callback | Kind::Example | Kind::Link) => None,
        Some(Kind::Parameter) => Some("parameters"),
        Some(Kind::Response) => Some("responses"),
        Some(Kind::RequestBody) => Some("requestBodies"),
        Some(Kind::Header) => Some("headers"),
        Some(Kind::SecurityScheme) => Some("securitySchemes"),
        _ => Some("schemas"),
    }
}

/// `%20` and friends in a reference (RFC 3986); invalid escapes stay as they are.
pub(crate) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Base, bundle, refers_elsewhere, section_of};
    use crate::diagnostics::Diagnostics;

    #[test]
    fn only_a_reference_to_another_file_calls_for_the_walk() {
        // References within the document, and `$ref`s in data (examples, defaults,
        // extensions: GitHub's examples hold URLs under `$ref`), as the walk skips them.
        let local = json!({"paths": {"/a": {"$ref": "#/x"}}, "c": [{"$ref": "#/y"}, {"$ref": 7}],
            "s": {"example": {"$ref": "a.yaml"}, "default": [{"$ref": "b.yaml"}], "x-c": {"$ref": "c.yaml"},
            "examples": {"e": {"value": {"$ref": "d.yaml"}}}}});
        assert!(!refers_elsewhere(&local, ""));
        let mapping = |target: &str| json!({"s": {"discriminator": {"mapping": {"a": "#/components/schemas/A", "b": "B", "c": target}}}});
        assert!(!refers_elsewhere(&mapping("C"), ""));
        assert!(refers_elsewhere(&mapping("pets.yaml#/Cat"), ""));
        assert!(refers_elsewhere(&mapping("./cat.yaml"), ""));
        for elsewhere in [json!({"$ref": "pet.yaml"}), json!({"$ref": ""}), json!({"$ref": "https://x/#/a"})] {
            assert!(refers_elsewhere(&json!({"a": [1, {"b": elsewhere.clone()}]}), ""), "{elsewhere}");
            // A property named `example` is a schema; an example may be a reference.
            assert!(refers_elsewhere(&json!({"properties": {"example": elsewhere.clone()}}), ""), "{elsewhere}");
            assert!(refers_elsewhere(&json!({"examples": {"e": elsewhere.clone()}}), ""), "{elsewhere}");
        }
    }

    /// GitHub's spec has `$ref` members inside example values: data, not references.
    #[test]
    fn refs_inside_data_are_left_alone() {
        let mut doc = json!({
            "components": {
                "examples": {"group": {"value": {"members": [{"$ref": "https://api.example.com/users/1"}]}}},
                "schemas": {"A": {
                    "type": "object",
                    "example": {"$ref": "elsewhere.yaml"},
                    "default": {"$ref": "elsewhere.yaml"},
                    "x-note": {"$ref": "elsewhere.yaml"},
                    "examples": [{"$ref": "elsewhere.yaml"}]
                }}
            }
        });
        let before = doc.clone();
        let base = Base { dir: std::env::temp_dir(), shown: String::new(), main: "openapi.yaml".into() };
        let mut diags = Diagnostics::new("openapi.yaml");
        bundle(&mut doc, &base, &mut diags);
        assert!(diags.items().is_empty(), "{:?}", diags.items());
        assert_eq!(doc, before);
    }

    /// Bundles a main document that references `callbacks.yaml#/c0` as a callback, in a
    /// scratch folder holding `files`; returns the error messages.
    fn bundle_errors(name: &str, files: &[(&str, &str)]) -> Vec<String> {
        let dir = std::env::temp_dir().join(format!("apigen-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        let mut doc = json!({"paths": {"/s": {"post": {"callbacks": {"on": {"$ref": "callbacks.yaml#/c0"}}}}}});
        let base = Base { dir: dir.clone(), shown: String::new(), main: "openapi.yaml".into() };
        let mut diags = Diagnostics::new("openapi.yaml");
        bundle(&mut doc, &base, &mut diags);
        std::fs::remove_dir_all(&dir).unwrap();
        diags.items().iter().map(|d| d.message.clone()).collect()
    }

    /// A callback is copied in place: one that holds itself, or doubles at every level,
    /// is one error, not a copy that never ends or eats the memory.
    #[test]
    fn copies_in_place_end() {
        let itself = "c0: {'{$url}': {post: {callbacks: {again: {$ref: '#/c0'}}}}}\n";
        let errors = bundle_errors("itself", &[("callbacks.yaml", itself)]);
        assert!(errors.len() == 1 && errors[0].contains("holds a reference to itself"), "{errors:?}");
        let doubling: String = (0..40)
            .map(|i| {
                format!(
                    "c{i}: {{'{{$url}}': {{post: {{callbacks: {{x: {{$ref: '#/c{0}'}}, y: {{$ref: '#/c{0}'}}}}}}}}}}\n",
                    i + 1
                )
            })
            .collect();
        let errors = bundle_errors("doubling", &[("callbacks.yaml", &doubling)]);
        assert!(errors.len() == 1 && errors[0].contains("too deep"), "{errors:?}");
        let wide: String = (0..18)
            .map(|i| {
                format!(
                    "c{i}: {{'{{$url}}': {{post: {{callbacks: {{x: {{$ref: '#/c{0}'}}, y: {{$ref: '#/c{0}'}}}}}}}}}}\n",
                    i + 1
                )
            })
            .chain(std::iter::once("c18: {}\n".to_owned()))
            .collect();
        let errors = bundle_errors("wide", &[("callbacks.yaml", &wide)]);
        assert!(errors.len() == 1 && errors[0].contains("too many copies"), "{errors:?}");
    }

    /// A reference may not leave the folder through a symbolic link, nor name what is not
    /// a regular file (a FIFO would wait for a writer, a device never end).
    #[test]
    fn references_read_only_regular_files_inside_the_folder() {
        let dir = std::env::temp_dir().join(format!("apigen-bundle-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let outside = std::env::temp_dir().join(format!("apigen-bundle-outside-{}", std::process::id()));
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("elsewhere.yaml"), "type: string\n").unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("up")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(dir.join("fifo.yaml")).status().unwrap();
        assert!(fifo.success());
        for (reference, expected) in [
            ("zero.yaml", "outside the folder"),
            ("up/elsewhere.yaml", "outside the folder"),
            ("fifo.yaml", "not a regular file"),
        ] {
            let mut doc = json!({"components": {"schemas": {"A": {"$ref": reference}}}});
            let base = Base { dir: dir.clone(), shown: String::new(), main: "openapi.yaml".into() };
            let mut diags = Diagnostics::new("openapi.yaml");
            bundle(&mut doc, &base, &mut diags);
            let messages: Vec<&str> = diags.items().iter().map(|d| d.message.as_str()).collect();
            assert!(messages.iter().any(|m| m.contains(expected)), "{reference}: {messages:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn a_placed_node_takes_a_key_of_its_own() {
        let dir = std::env::temp_dir().join(format!("apigen-bundle-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("legacy.yaml"), "ApiKey: {type: apiKey, in: query, name: legacy_key}\n").unwrap();
        let own = json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"});
        let mut doc = json!({"paths": {}, "components": {"securitySchemes": {
            "ApiKey": own.clone(), "LegacyKey": {"$ref": "legacy.yaml#/ApiKey"}
        }}});
        let base = Base { dir: dir.clone(), shown: String::new(), main: "openapi.yaml".into() };
        let mut diags = Diagnostics::new("openapi.yaml");
        bundle(&mut doc, &base, &mut diags);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!diags.has_errors(), "{diags:?}");
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["ApiKey"], own);
        assert_eq!(schemes["LegacyKey"], json!({"$ref": "#/components/securitySchemes/ApiKey2"}));
        assert_eq!(schemes["ApiKey2"]["name"], "legacy_key");
    }

    #[test]
    fn the_place_of_a_reference_names_its_section() {
        assert_eq!(section_of("/paths/~1pets"), None);
        assert_eq!(section_of("/paths/~1pets/post/callbacks/onDog/{$request.body#~1url}"), None);
        assert_eq!(section_of("/paths/~1pets/get/parameters/0"), Some("parameters"));
        assert_eq!(section_of("/paths/~1pets/get/responses/404"), Some("responses"));
        assert_eq!(section_of("/paths/~1pets/post/requestBody"), Some("requestBodies"));
        assert_eq!(section_of("/components/responses/NotFound/headers/X-Rate"), Some("headers"));
        assert_eq!(section_of("/components/schemas/Pet/properties/parameters"), Some("schemas"));
        assert_eq!(section_of("/paths/~1pets/get/responses/200/content/application~1json/schema"), Some("schemas"));
        assert_eq!(section_of("/paths/~1pets/post/callbacks/onDog"), None);
        assert_eq!(section_of("/paths/~1pets/get/responses/200/links/next"), None);
        assert_eq!(section_of("/components/securitySchemes/bearer"), Some("securitySchemes"));
        // Properties named as OpenAPI keywords are schemas.
        assert_eq!(section_of("/components/schemas/Pet/properties/requestBody"), Some("schemas"));
        assert_eq!(section_of("/components/schemas/Pet/properties/parameters/items"), Some("schemas"));
        assert_eq!(section_of("/components/schemas/Pet/properties/headers/additionalProperties"), Some("schemas"));
    }
}
