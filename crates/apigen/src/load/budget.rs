//! A YAML document read into a `serde_json::Value` within a budget of nodes and string
//! bytes. The reader copies an anchored node at each alias of it, so a small text can
//! stand for gigabytes: 1,000 aliases of a 1 MB string took 4 GB, and aliases of
//! aliases more than the machine had. `locate::aliases` refuses most such documents
//! before they are read, from yaml-rust2's events; this reader is the bound that holds
//! whatever that parser made of the text (it refuses some texts libyaml reads, a tab
//! after a colon among them) and for strings as well as nodes: reading stops, with an
//! error where it stopped, once the value would pass the budget.
//!
//! Hand-written because `serde_json`'s own `Value` visitor cannot be given a budget. It
//! reads as that visitor does, but for integers beyond 64 bits, which it reads as
//! floats, as `serde_json` reads them in a JSON text (that visitor refused them). Its
//! scalar arms look like `load::unique`'s (the JSON reader's, which tracks repeated
//! keys instead): kept apart, as each spends or tracks in every arm.

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The string bytes aliases may add beyond the text's own.
const ADDED_BYTES: usize = 16 << 20;

/// `text` (a YAML document) as a `Value`, or the reader's error (one that says where it
/// stopped when the budget ran out).
pub(super) fn read(text: &str) -> Result<Value, yaml_serde::Error> {
    let budget = Budget {
        nodes: Cell::new(text.len().saturating_add(crate::locate::MAX_ALIAS_COPIES)),
        bytes: Cell::new(text.len().saturating_add(ADDED_BYTES)),
    };
    Reader(&budget).deserialize(yaml_serde::Deserializer::from_str(text))
}

/// What is left to read.
struct Budget {
    nodes: Cell<usize>,
    bytes: Cell<usize>,
}

#[derive(Clone, Copy)]
struct Reader<'a>(&'a Budget);

impl Reader<'_> {
    /// Takes one node of `bytes` string bytes from the budget.
    fn spend<E: serde::de::Error>(self, bytes: usize) -> Result<(), E> {
        let (nodes, left) = (self.0.nodes.get(), self.0.bytes.get());
        if nodes == 0 || left < bytes {
            return Err(E::custom(format!(
                "the document's aliases copy more than {} nodes or {} MiB of text beyond what it writes: the document is not read",
                crate::locate::MAX_ALIAS_COPIES,
                ADDED_BYTES >> 20
            )));
        }
        self.0.nodes.set(nodes - 1);
        self.0.bytes.set(left - bytes);
        Ok(())
    }
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
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend(0).map(|()| Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend(0).map(|()| Value::Number(v.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend(0).map(|()| Value::Number(v.into()))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend(0).map(|()| Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend(v.len()).map(|()| Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.spend(v.len()).map(|()| Value::String(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(0).map(|()| Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend::<A::Error>(0)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend::<A::Error>(0)?;
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.spend::<A::Error>(key.len())?;
            let value = map.next_value_seed(self)?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_read_as_serde_json_reads_them() {
        let text = "a: [1, -2, 2.5, true, null, ~, 'x', {b: c}]\n200: {x: 1}\nbig: 99999999999999999999999\n";
        let value = read(text).unwrap();
        let mut expected: Value =
            yaml_serde::from_str("a: [1, -2, 2.5, true, null, ~, 'x', {b: c}]\n200: {x: 1}\n").unwrap();
        expected["big"] = serde_json::json!(1e23);
        assert_eq!(value, expected);
    }

    #[test]
    fn aliases_copy_within_the_budget_only() {
        let big = "x".repeat(1 << 20);
        let text = format!("a: &a {big}\nlist: [{}]\n", ["*a"; 40].join(", "));
        let error = read(&text).unwrap_err().to_string();
        assert!(error.contains("aliases copy more than"), "{error}");
        assert!(read(&format!("a: &a {big}\nlist: [{}]\n", ["*a"; 8].join(", "))).is_ok());
    }
}
