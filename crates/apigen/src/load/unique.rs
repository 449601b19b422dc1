//! JSON read into a `Value` the way `serde_json` reads it, noticing keys that appear twice
//! in one object: `serde_json` keeps the last without a word (and other readers may keep
//! the first), so a repeated path or property vanished silently.
//!
//! Hand-written because `serde_json`'s own `Value` visitor has no hook for it. The check
//! is one comparison per key; only a document that has a repeated key is read a second
//! time, keeping the path, to say where.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostics::push_token;

/// What [`read`] read.
pub struct Read {
    pub value: Value,
    /// The JSON pointer of every key that repeats one before it in its object.
    pub repeated: Vec<String>,
    /// How many mappings and sequences nest at the deepest (the document itself is one).
    pub depth: usize,
}

/// The document, the keys that repeat, and how deep it nests (counted while reading: a
/// walk of the value to tell took 5 M instructions on GitHub's document, before anything else could start).
pub fn read(text: &str) -> serde_json::Result<Read> {
    let (repeated, deepest) = (RefCell::new(None), Cell::new(0));
    let reader = Reader { found: &repeated, at: None, depth: 0, deepest: &deepest };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = reader.deserialize(&mut deserializer)?;
    // Whitespace only after the document: another value, a comment or a stray `}` there
    // is an error at its line and column, as `serde_json::from_str` makes it.
    deserializer.end()?;
    let depth = deepest.get();
    if repeated.borrow().is_none() {
        return Ok(Read { value, repeated: Vec::new(), depth });
    }
    // Rare: read again, keeping where each key is.
    let found = RefCell::new(Some(Vec::new()));
    let at = RefCell::new(String::new());
    let unused = Cell::new(0);
    Reader { found: &found, at: Some(&at), depth: 0, deepest: &unused }
        .deserialize(&mut serde_json::Deserializer::from_str(text))?;
    Ok(Read { value, repeated: found.into_inner().unwrap_or_default(), depth })
}

/// Builds a `Value`; `found` becomes `Some` at the first repeated key, and with `at`
/// (the pointer of the value being read) collects the pointer of each.
#[derive(Clone, Copy)]
struct Reader<'a> {
    found: &'a RefCell<Option<Vec<String>>>,
    at: Option<&'a RefCell<String>>,
    /// How many mappings and sequences the value being read is inside.
    depth: usize,
    deepest: &'a Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text has no NaN nor infinity.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let reader = self.deeper();
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(reader.inside(items.len()))? {
            reader.leave();
            items.push(item);
        }
        // The last `inside` found no element: its token goes too.
        reader.leave();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let reader = self.deeper();
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(reader.inside(&key))?;
            reader.leave();
            match members.entry(key) {
                serde_json::map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                serde_json::map::Entry::Occupied(mut entry) => {
                    reader.repeated(entry.key());
                    entry.insert(value);
                }
            }
        }
        Ok(Value::Object(members))
    }
}

impl Reader<'_> {
    /// The reader of a mapping's or sequence's children, one level deeper.
    fn deeper(self) -> Self {
        let depth = self.depth + 1;
        self.deepest.set(self.deepest.get().max(depth));
        Reader { depth, ..self }
    }

    /// The reader of a child value at `token`, when pointers are kept (the token is
    /// written out only then: the first reading makes no text per value).
    fn inside(self, token: impl fmt::Display) -> Self {
        if let Some(at) = self.at {
            push_token(&mut at.borrow_mut(), &token.to_string());
        }
        self
    }

    /// Back from a child value: its token goes (tokens are escaped, so the last `/`
    /// starts it).
    fn leave(self) {
        if let Some(at) = self.at {
            let mut at = at.borrow_mut();
            let start = at.rfind('/').unwrap_or(0);
            at.truncate(start);
        }
    }

    /// Notes that `key` repeats one before it in the object being read.
    fn repeated(self, key: &str) {
        let mut found = self.found.borrow_mut();
        let found = found.get_or_insert_with(Vec::new);
        if let Some(at) = self.at {
            let mut pointer = at.borrow().clone();
            push_token(&mut pointer, key);
            found.push(pointer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn text_after_the_document_is_an_error_where_it_starts() {
        for (text, column) in [("{} {}", 4), ("{}\n}", 1), ("{\"a\": 1} // note", 10), ("{},", 3)] {
            let error = read(text).err().unwrap_or_else(|| panic!("{text:?} read"));
            assert_eq!(error.column(), column, "{text:?}: {error}");
        }
        assert!(read("{\"a\": 1}\n  \t\n").is_ok());
    }

    #[test]
    fn reads_as_serde_json_does_and_says_which_keys_repeat() {
        let text = r#"{"paths": {"/a": {"get": 1}, "/b": [1, {"x": 1, "x": 2.5}], "/a": {"post": null}}, "z": "s"}"#;
        let read_text = read(text).unwrap();
        assert_eq!(read_text.value, serde_json::from_str::<serde_json::Value>(text).unwrap());
        assert_eq!(read_text.repeated, ["/paths/~1b/1/x", "/paths/~1a"]);
        assert_eq!(read_text.depth, 4);
        let plain = r#"{"a": [1, -2, 3.5e10, true, null, "t", {"b": {}}], "c": 18446744073709551615}"#;
        let read_plain = read(plain).unwrap();
        assert_eq!(read_plain.value, serde_json::from_str::<serde_json::Value>(plain).unwrap());
        assert!(read_plain.repeated.is_empty());
        assert_eq!(read_plain.depth, 4);
        assert_eq!(read("1").unwrap().depth, 0);
    }
}
