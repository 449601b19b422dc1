//! The document as `openapiv3` reads it without its path items (`paths` keeps only its
//! members that are not paths: extensions, and what is reported as not a path), read
//! from the value in place. Taking the path items out of the value instead would change
//! it while the checks read it on another thread; a copy of the rest would cost as much
//! as reading it. serde has no way to skip members of a `Value` it reads, so this is a
//! map reader of a few lines over serde_json's own reader of each member.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// The members of the document (`paths` false) or of its `paths` (true), read as a map
/// without the path items. `None` (a document that is not an object) reads as an empty
/// map, which `openapiv3` refuses as it refuses any document without `openapi`.
pub struct Members<'a> {
    pub members: Option<&'a Map<String, Value>>,
    pub paths: bool,
}

impl<'a> Members<'a> {
    fn entries(&self) -> impl Iterator<Item = (&'a String, &'a Value)> + use<'a> {
        let paths = self.paths;
        self.members.into_iter().flatten().filter(move |(key, _)| !(paths && key.starts_with('/')))
    }
}

impl<'de> Deserializer<'de> for Members<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let paths = self.paths;
        visitor.visit_map(Reader { entries: self.entries(), paths, value: None })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// Reads the entries of a [`Members`] one at a time.
struct Reader<'de, I> {
    entries: I,
    /// Whether these are the members of `paths`.
    paths: bool,
    /// The entry whose key was read last, until its value is.
    value: Option<(&'de str, &'de Value)>,
}

impl<'de, I: Iterator<Item = (&'de String, &'de Value)>> MapAccess<'de> for Reader<'de, I> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some((key, value));
        seed.deserialize(key.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(("paths", Value::Object(members))) if !self.paths => {
                seed.deserialize(Members { members: Some(members), paths: true })
            }
            Some((_, value)) => seed.deserialize(value),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

/// Whether the document, without its path items, nests deeper than `limit` levels.
pub fn deeper_than(doc: &Value, limit: usize) -> bool {
    let Some(members) = doc.as_object() else { return false };
    let deep = |value: &Value, limit: usize| crate::load::deeper_than(value, limit);
    limit == 0
        || members.iter().any(|(key, value)| match value {
            Value::Object(paths) if key == "paths" => {
                let rest = Members { members: Some(paths), paths: true };
                limit == 1 || rest.entries().any(|(_, value)| deep(value, limit - 2))
            }
            _ => deep(value, limit - 1),
        })
}

/// The document without its path items, as compact JSON text (to read it again when it
/// could not be read from the value, for the error's path).
pub fn text(doc: &Value) -> String {
    let Some(members) = doc.as_object() else { return doc.to_string() };
    let rest: Map<String, Value> = members
        .iter()
        .map(|(key, value)| match value {
            Value::Object(paths) if key == "paths" => {
                let view = Members { members: Some(paths), paths: true };
                (key.clone(), Value::Object(view.entries().map(|(k, v)| (k.clone(), v.clone())).collect()))
            }
            other => (key.clone(), other.clone()),
        })
        .collect();
    Value::Object(rest).to_string()
}

#[cfg(test)]
mod tests {
    use openapiv3::OpenAPI;
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::*;

    /// `doc` with its path items taken out, as parse once read it.
    fn taken_out(doc: &Value) -> Value {
        let mut rest = doc.clone();
        if let Some(Value::Object(paths)) = rest.get_mut("paths") {
            paths.retain(|key, _| !key.starts_with('/'));
        }
        rest
    }

    fn nested(levels: usize) -> Value {
        (0..levels).fold(json!(1), |inner, _| json!({ "a": inner }))
    }

    #[test]
    fn reads_what_the_document_without_its_path_items_reads() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": 5}}, "x-note": "kept", "b": {}},
            "components": {"schemas": {"S": {"type": "string", "maxLength": 3}}}});
        let view = OpenAPI::deserialize(Members { members: doc.as_object(), paths: false }).expect("reads");
        assert_eq!(view, OpenAPI::deserialize(&taken_out(&doc)).expect("reads"));
        assert!(view.paths.paths.is_empty());
        assert_eq!(view.paths.extensions.get("x-note"), Some(&json!("kept")));
        assert_eq!(text(&doc), taken_out(&doc).to_string());
        assert_eq!(text(&json!([1])), "[1]");
    }

    #[test]
    fn depth_leaves_out_the_path_items() {
        for (doc, deep) in [
            (json!({"paths": {"/a": nested(10)}}), false),
            (json!({"paths": {"x-a": nested(10)}}), true),
            (json!({"components": nested(10)}), true),
            (json!({"components": nested(8)}), false),
        ] {
            assert_eq!(deeper_than(&doc, 9), deep, "{doc}");
            assert_eq!(crate::load::deeper_than(&taken_out(&doc), 9), deep, "{doc}");
        }
    }
}
