//! JSON Schema 2020-12 names a schema by more than its JSON pointer: by a plain-name
//! fragment of its `$anchor` (`$ref: '#money'`), by its `$id` (`$ref:
//! 'https://example.com/schemas/money'`, which names this document's schema, not a
//! file on the network, or by a URI relative to the `$id` of the schema the reference
//! stands in: `$ref: currency` there), and a `#/…` fragment inside a schema with an `$id`
//! is relative to that schema. An `$id` is itself resolved against the one around it (a
//! relative one at the top against the document's URI, as the others are). Such
//! references within the document are rewritten to the JSON pointers the later stages
//! read; an anchor is looked for in the schema resource (the
//! schema with an `$id`) the reference stands in first. A `$dynamicRef` becomes a plain
//! `$ref` to its anchor, which is what it is when no schema extends the one it stands in;
//! when one does (another schema with the same `$dynamicAnchor`), that is said. What
//! names nothing is left for the later stages to report.
//!
//! Nodes are found by position, as bundle finds them: data (examples, extensions) is
//! never rewritten.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Map, Value};
use url::Url;

use crate::bundle::{NAME_MAPS, member_kind};
use crate::diagnostics::{Diagnostics, push_token};

/// The longest JSON pointer an anchor or id reference is rewritten to (bytes).
const MAX_POINTER: usize = 1024;

/// Whether the document's text names a schema by an anchor or an id at all (most do
/// not, and the look costs less than the walk).
pub fn may_name(text: &str) -> bool {
    text.contains("$anchor") || text.contains("$id") || text.contains("$dynamicAnchor")
}

/// Rewrites the references of `doc` that name a schema by its anchor or id (see the
/// module docs).
pub fn resolve(doc: &mut Value, diags: &mut Diagnostics) {
    let names = collect(doc);
    if names.anchors.is_empty() && names.ids.is_empty() {
        return;
    }
    for (at, id) in &names.repeated {
        let message = format!("another schema has `$id: {id}` before this one: references to it name that one");
        diags.warning(format!("{at}/$id"), message);
    }
    for (at, key, written, reference) in find(doc, &names) {
        let name = written.split_once('#').map_or("", |(_, name)| name);
        if key == "$dynamicRef" && names.anchors.get(name).is_some_and(|named| named.len() > 1) {
            diags.warning(
                format!("{at}/$dynamicRef"),
                format!("`$dynamicRef` is read as a `$ref` to the `{name}` anchor of its own schema: a schema that extends it (another `$dynamicAnchor: {name}`) is not told apart here"),
            );
        }
        if let Some(Value::Object(obj)) = doc.pointer_mut(&at) {
            obj.remove(key);
            obj.insert("$ref".into(), Value::String(reference));
        }
    }
}

/// The anchors and ids of the document, with the pointers of their schemas.
#[derive(Default)]
struct Names {
    /// Each anchor name, with every schema that has it, in document order.
    anchors: BTreeMap<String, Vec<Anchor>>,
    /// Each id (resolved; as written when it is no URI) and its schema's pointer.
    ids: BTreeMap<String, String>,
    /// The schemas whose id another schema had first: (pointer, id).
    repeated: Vec<(String, String)>,
}

/// A schema resource: the pointer of the schema with an `$id` around a node (itself
/// included), and that `$id` resolved against the resources around it (RFC 3986); `None`
/// for an `$id` that is no URI. The document itself is the resource at `""`, whose URI
/// stands for the one it was read from ([`DOCUMENT`]), so that relative ids resolve
/// against each other as they would there.
struct Resource {
    at: String,
    uri: Option<Url>,
}

/// The document's base URI: where it was read from, which nothing in it names.
const DOCUMENT: &str = "https://document.invalid/";

impl Resource {
    /// The document's resource.
    fn document() -> Resource {
        Resource { at: String::new(), uri: Url::parse(DOCUMENT).ok() }
    }

    /// The resource a schema whose `$id` is `id` starts, inside `self`.
    fn enter(&self, at: &str, id: &str) -> Resource {
        Resource { at: at.to_owned(), uri: self.resolve(id) }
    }

    /// `reference` as an absolute URI, read relative to this resource's `$id` (as it is
    /// written when there is none), without a fragment.
    fn resolve(&self, reference: &str) -> Option<Url> {
        let mut uri = match &self.uri {
            Some(base) => base.join(reference).ok()?,
            None => Url::parse(reference).ok()?,
        };
        uri.set_fragment(None);
        Some(uri)
    }
}

/// An `$anchor` or `$dynamicAnchor`.
struct Anchor {
    /// The pointer of its schema.
    at: String,
    /// The pointer of the schema resource it is in (the schema with an `$id` around it).
    resource: String,
}

impl Names {
    /// The schema an anchor names, from the resource `resource`: its own first.
    fn anchor(&self, name: &str, resource: &str) -> Option<String> {
        let named = self.anchors.get(name)?;
        let first = named.first()?;
        Some(named.iter().find(|a| a.resource == resource).unwrap_or(first).at.clone())
    }
}

/// What `each_object` calls with an object, its pointer and its schema resource.
type Visit<'v> = dyn FnMut(&Map<String, Value>, &str, &Resource) + 'v;

/// Calls `visit` with every object under `node` (at `at`, one buffer for the whole walk;
/// the member `parent` of its object), its pointer, and the schema resource it is in (the
/// nearest schema with an `$id` around it, itself included). Objects are found by
/// position, as bundle finds them: data is skipped.
fn each_object(node: &Value, at: &mut String, parent: &str, resource: &Resource, visit: &mut Visit<'_>) {
    let len = at.len();
    match node {
        Value::Object(obj) => {
            let entered = match obj.get("$id") {
                Some(Value::String(id)) => Some(resource.enter(at, id)),
                _ => None,
            };
            let resource = entered.as_ref().unwrap_or(resource);
            visit(obj, at, resource);
            let names_map = NAME_MAPS.contains(&parent);
            for (key, child) in obj {
                if member_kind(names_map, key) == Some(false) {
                    push_token(at, key);
                    each_object(child, at, key, resource, visit);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let _ = write!(at, "/{index}");
                each_object(child, at, "", resource, visit);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// The anchors and the ids of the document (each resolved to an absolute URI).
fn collect(doc: &Value) -> Names {
    let mut names = Names::default();
    each_object(doc, &mut String::new(), "", &Resource::document(), &mut |obj, at, resource| {
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(Value::String(name)) = obj.get(key) {
                let anchor = Anchor { at: at.to_owned(), resource: resource.at.clone() };
                names.anchors.entry(name.clone()).or_default().push(anchor);
            }
        }
        let Some(Value::String(written)) = obj.get("$id").filter(|_| resource.at == at) else { return };
        // An id that is no URI (`https://host:99999/x`) is matched as written.
        let id = resource.uri.as_ref().map_or_else(|| written.trim_end_matches('#').to_owned(), Url::to_string);
        match names.ids.get(&id) {
            Some(_) => names.repeated.push((at.to_owned(), written.clone())),
            None => drop(names.ids.insert(id, at.to_owned())),
        }
    });
    names
}

/// A reference to rewrite: the pointer of the object holding it, the keyword, the
/// reference as written and the one it becomes.
type Rewrite = (String, &'static str, String, String);

/// The references of `doc` to rewrite.
fn find(doc: &Value, names: &Names) -> Vec<Rewrite> {
    let mut rewrites = Vec::new();
    each_object(doc, &mut String::new(), "", &Resource::document(), &mut |obj, at, resource| {
        for key in ["$ref", "$dynamicRef"] {
            let Some(Value::String(reference)) = obj.get(key) else { continue };
            // A short name for a long pointer would copy it into every reference: a
            // pointer longer than any real one (keys of a real document are short) is
            // left unfollowed, and the reference is said to name nothing.
            if let Some(pointer) = target(doc, reference, resource, names).filter(|p| p.len() <= MAX_POINTER) {
                // A fragment is percent-decoded when read: a `%` of a key stays one.
                let fragment = pointer.replace('%', "%25");
                rewrites.push((at.to_owned(), key, reference.clone(), format!("#{fragment}")));
            }
        }
    });
    rewrites
}

/// The JSON pointer a reference names by an anchor or an id (absolute, or relative to
/// the `$id` of the schema resource around it), or a fragment relative to that resource;
/// `None` for any other reference (left as it is: a relative one that names no `$id` of
/// the document is a file's name, for bundle).
fn target(doc: &Value, reference: &str, resource: &Resource, names: &Names) -> Option<String> {
    let (base, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let root = match base {
        "" if fragment.starts_with('/') => {
            // Relative to the resource, where the document root has nothing there.
            let inside = format!("{}{fragment}", resource.at);
            let pointer = |p: &str| doc.pointer(&crate::bundle::percent_decode(p)).is_some();
            return (!resource.at.is_empty() && !pointer(fragment) && pointer(&inside)).then_some(inside);
        }
        "" => return names.anchor(fragment, &resource.at),
        base => {
            let resolved = resource.resolve(base).and_then(|uri| names.ids.get(uri.as_str()));
            resolved.or_else(|| names.ids.get(base))?
        }
    };
    match fragment {
        "" => Some(root.clone()),
        fragment if fragment.starts_with('/') => Some(format!("{root}{fragment}")),
        anchor => names.anchor(anchor, root),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_anchor_of_the_reference_s_own_resource_comes_first_and_a_dynamic_one_extended_is_said() {
        let tree = |id: &str| {
            json!({"$id": id, "$dynamicAnchor": "node", "type": "object",
            "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}})
        };
        let mut doc =
            json!({"components": {"schemas": {"Tree": tree("https://x/tree"), "Other": tree("https://x/other")}}});
        let mut diags = Diagnostics::new("x");
        resolve(&mut doc, &mut diags);
        let items = |name: &str| doc["components"]["schemas"][name]["properties"]["children"]["items"].clone();
        assert_eq!(items("Tree"), json!({"$ref": "#/components/schemas/Tree"}));
        assert_eq!(items("Other"), json!({"$ref": "#/components/schemas/Other"}));
        assert_eq!(diags.items().len(), 2, "{diags:?}");
    }

    #[test]
    fn anchors_ids_and_fragments_inside_an_id_become_pointers() {
        let mut doc = json!({"components": {"schemas": {
            "Money": {"$anchor": "money", "$id": "https://example.com/money", "type": "object",
                "properties": {"cents": {"$ref": "#/$defs/Cents"}, "code": {"$ref": "currency"},
                    "mill": {"$ref": "mill#/$defs/Mill"}, "file": {"$ref": "elsewhere.yaml"}},
                "$defs": {"Cents": {"type": "integer"}, "Mills": {"$id": "mill", "$defs": {"Mill": {"type": "integer"}}}}},
            "Currency": {"$id": "https://example.com/currency", "type": "string"},
            "I": {"$ref": "https://example.com/mill#/$defs/Mill"},
            "J": {"$ref": "currency"},
            "K": {"$id": "schemas/k", "properties": {"c": {"$ref": "currency2"}}},
            "Currency2": {"$id": "schemas/currency2", "type": "string"},
            "A": {"$ref": "#money"},
            "B": {"$ref": "https://example.com/money"},
            "C": {"$ref": "https://example.com/money#/$defs/Cents"},
            "D": {"type": "array", "items": {"$dynamicRef": "#node"}, "$dynamicAnchor": "node"},
            "E": {"$ref": "#/components/schemas/A"},
            "F": {"$ref": "#nothing"},
            "G": {"example": {"$ref": "#money"}},
            "Price%20Tag": {"$anchor": "price", "type": "integer"},
            "H": {"$ref": "#price"}
        }}});
        assert!(may_name(&doc.to_string()));
        resolve(&mut doc, &mut Diagnostics::new("x"));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Money"]["properties"]["cents"]["$ref"], "#/components/schemas/Money/$defs/Cents");
        assert_eq!(schemas["A"]["$ref"], "#/components/schemas/Money");
        assert_eq!(schemas["B"]["$ref"], "#/components/schemas/Money");
        assert_eq!(schemas["C"]["$ref"], "#/components/schemas/Money/$defs/Cents");
        assert_eq!(schemas["D"]["items"], json!({"$ref": "#/components/schemas/D"}));
        assert_eq!(schemas["E"]["$ref"], "#/components/schemas/A");
        // What names nothing is left to be reported; data is data.
        assert_eq!(schemas["F"]["$ref"], "#nothing");
        assert_eq!(schemas["G"]["example"]["$ref"], "#money");
        assert_eq!(schemas["H"]["$ref"], "#/components/schemas/Price%2520Tag");
        // Relative to the `$id` around the reference, which is resolved against the one
        // around it; a relative reference that names no `$id` is a file's name.
        let money = &schemas["Money"]["properties"];
        assert_eq!(money["code"]["$ref"], "#/components/schemas/Currency");
        assert_eq!(money["mill"]["$ref"], "#/components/schemas/Money/$defs/Mills/$defs/Mill");
        assert_eq!(schemas["I"]["$ref"], "#/components/schemas/Money/$defs/Mills/$defs/Mill");
        assert_eq!(money["file"]["$ref"], "elsewhere.yaml");
        assert_eq!(schemas["J"]["$ref"], "currency");
        // Relative ids resolve against the document's own URI, and so against each other.
        assert_eq!(schemas["K"]["properties"]["c"]["$ref"], "#/components/schemas/Currency2");
    }
}
