//! The effective document (vendor document, overlay applied, normalized) written as
//! YAML, streamed from its compact JSON text without building a value.
//!
//! Hand-rolled rather than `yaml_serde`'s serializer: libyaml's emitter took about a
//! fifth of the instructions of a whole run on GitHub's document (510 M of 2.26 G), for
//! a writer that only ever meets JSON's data model (string keys, no anchors, no tags).
//! The layout is libyaml's block style (sequences in a mapping at the key's column, two
//! spaces per level; the values of the rare explicit keys, `? key`, indented below
//! them); `scalar` picks each string's style.

mod scalar;

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// `json` (one JSON value, as `serde_json` writes it) as YAML after `preamble`.
pub fn yaml(preamble: &str, json: &str) -> Result<String, String> {
    let mut out = String::with_capacity(preamble.len() + json.len() + json.len() / 2);
    out.push_str(preamble);
    let mut reader = serde_json::Deserializer::from_str(json);
    Node { out: &mut out, place: Place::Root }
        .deserialize(&mut reader)
        .and_then(|()| reader.end())
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Where a value is written, which decides how it starts.
#[derive(Clone, Copy)]
enum Place {
    /// The whole document.
    Root,
    /// After `key:` (or `:` of an explicit key) whose key starts at column `indent`;
    /// `explicit` keys' sequences are indented below them.
    Value { indent: usize, explicit: bool },
    /// After `- ` at column `indent`.
    Item { indent: usize },
}

impl Place {
    /// The column of a mapping's entries (the first one, after `- `, follows it).
    fn entries(self) -> usize {
        match self {
            Place::Root => 0,
            Place::Value { indent, .. } | Place::Item { indent } => indent + 2,
        }
    }

    /// The column of a sequence's `- `.
    fn items(self) -> usize {
        match self {
            Place::Root => 0,
            Place::Value { indent, explicit } => indent + if explicit { 2 } else { 0 },
            Place::Item { indent } => indent + 2,
        }
    }
}

/// One value being written.
struct Node<'a> {
    out: &'a mut String,
    place: Place,
}

impl Node<'_> {
    /// A scalar written as it is (`null`, `true`, a number).
    fn word(self, word: impl fmt::Display) {
        if let Place::Value { .. } = self.place {
            self.out.push(' ');
        }
        let _ = write!(self.out, "{word}");
        self.out.push('\n');
    }

    /// A string value, its style chosen by [`scalar::style`].
    fn text(self, text: &str) {
        if let Place::Value { .. } = self.place {
            self.out.push(' ');
        }
        let indent = self.place.entries().max(2);
        scalar::write(self.out, text, scalar::style(text, false), indent);
        self.out.push('\n');
    }

    /// An empty mapping or sequence (`{}`, `[]`).
    fn empty(self, empty: &str) {
        self.word(empty);
    }

    /// Starts a line at `column`, except the first line after `- ` (which follows it).
    fn start_line(&mut self, column: usize, first: bool) {
        if first {
            match self.place {
                Place::Item { .. } => return,
                Place::Value { .. } => self.out.push('\n'),
                Place::Root => {}
            }
        }
        crate::indent::spaces(self.out, column);
    }
}

/// A key, borrowed from the JSON text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.word("null");
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.word(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.word(v);
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.word(v);
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        let number = serde_json::Number::from_f64(v).ok_or_else(|| E::custom("a number that is not finite"))?;
        self.word(float(&number.to_string()));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.text(v);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let column = self.place.items();
        let mut first = true;
        loop {
            // The line is started before the item is known to exist: undone at the end.
            let mark = self.out.len();
            self.start_line(column, first);
            self.out.push_str("- ");
            let item = Node { out: self.out, place: Place::Item { indent: column } };
            if seq.next_element_seed(item)?.is_none() {
                self.out.truncate(mark);
                break;
            }
            first = false;
        }
        if first {
            self.empty("[]");
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let column = self.place.entries();
        let mut first = true;
        while let Some(key) = map.next_key_seed(Key)? {
            self.start_line(column, first);
            first = false;
            // Whether the key is implicit is decided by its written length (quotes
            // doubled, characters escaped), which YAML bounds.
            let mark = self.out.len();
            scalar::write(self.out, &key, scalar::style(&key, true), 0);
            let explicit = self.out.len() - mark > scalar::IMPLICIT_KEY_MAX;
            if explicit {
                self.out.insert_str(mark, "? ");
                self.out.push('\n');
                crate::indent::spaces(self.out, column);
            }
            self.out.push(':');
            map.next_value_seed(Node { out: self.out, place: Place::Value { indent: column, explicit } })?;
        }
        if first {
            self.empty("{}");
        }
        Ok(())
    }
}

/// `serde_json`'s form of a float (`1.5`, `1e300`, `1e-7`) in the form YAML 1.1 readers
/// read as a float too: with a `.` in the mantissa and a sign in the exponent
/// (`1.0e+300`); YAML 1.2 reads both forms.
fn float(json: &str) -> Cow<'_, str> {
    let Some((mantissa, exponent)) = json.split_once(['e', 'E']) else {
        return Cow::Borrowed(json);
    };
    let point = if mantissa.contains('.') { "" } else { ".0" };
    let sign = if exponent.starts_with(['+', '-']) { "" } else { "+" };
    Cow::Owned(format!("{mantissa}{point}e{sign}{exponent}"))
}
