//! Reading generated structs from JSON objects, with little code per struct.
//!
//! `#[derive(serde::Deserialize)]` writes about 230 lines per struct (a field
//! identifier enum with three visitors, a sequence visitor, a map visitor), and
//! type-checking that code was 38% of the build time of a generated crate (nexus:
//! 200 structs). A generated struct instead implements [`Object`]: one loop over the
//! keys with one line per field, a `let … else` per required field (see [`missing`]),
//! and the shared pieces here. The behaviour is serde's for
//! a struct read from a map: unknown keys are skipped (or collected, for
//! `additionalProperties`), a repeated key is an error, a missing required field is
//! ``missing field `name` ``. Unlike the derive it does not accept a JSON array.

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{Deserialize, Error, IgnoredAny, Visitor};
/// Re-exported for generated code, which names them through this module.
pub use serde::de::{Deserializer, MapAccess};

/// A struct read from the entries of a map.
pub trait Object: Sized {
    /// The struct's name, for "expected an object `Name`".
    const NAME: &'static str;

    /// Reads the struct from the map's entries.
    ///
    /// # Errors
    /// What the map reports, a repeated or missing field, or a field of the wrong type.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes an [`Object`] from a map (what its `Deserialize` impl calls).
///
/// # Errors
/// When the input is not a map, or [`Object::from_map`] fails.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(formatter, "an object `{}`", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A key of a map, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a field name")
            }

            fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The next entry's key, or `None` after the last entry.
///
/// # Errors
/// When the key is not a string.
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Reads the current entry's value into `slot`; a second value for the same field is
/// an error, as with serde's derive.
///
/// # Errors
/// ``duplicate field `name` ``, or the value's own error.
pub fn field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the current entry's value into `into`, under its key: what a struct with
/// `additionalProperties` keeps of the keys it does not name. A value not of the declared
/// type fails the object, as serde's derive does: skipping it would lose data without a
/// trace (a balance sent as `"12"`) and would let an untagged union take the wrong member.
///
/// # Errors
/// The value's own error.
pub fn keep<'de, V: Deserialize<'de>, A: MapAccess<'de>>(
    into: &mut std::collections::BTreeMap<String, V>,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    into.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// Skips the current entry's value.
///
/// # Errors
/// When the value is not well-formed.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// ``missing field `name` ``: what a generated reader returns when the object did not
/// have a required field (`let Some(value) = local else { return Err(de::missing("name")) };`).
pub fn missing<E: Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// A required field's value: what readers generated before [`missing`] call, kept so
/// that code generated by an earlier apigen still builds against this runtime.
///
/// # Errors
/// ``missing field `name` `` when the object did not have it.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A date-time (or a list or map of them) read leniently, as
/// [`serde_helpers::date_time`](crate::serde_helpers::date_time) reads it.
pub struct Lenient<T>(pub T);

impl<'de> Deserialize<'de> for Lenient<DateTime<Utc>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::serde_helpers::date_time::deserialize(deserializer).map(Lenient)
    }
}

impl<'de> Deserialize<'de> for Lenient<Vec<DateTime<Utc>>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::serde_helpers::date_time::vec::deserialize(deserializer).map(Lenient)
    }
}

/// A map of date-times read leniently.
pub type LenientDateTimeMap = Lenient<std::collections::BTreeMap<String, DateTime<Utc>>>;

impl<'de> Deserialize<'de> for LenientDateTimeMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = std::collections::BTreeMap::<String, Lenient<DateTime<Utc>>>::deserialize(deserializer)?;
        Ok(Lenient(read.into_iter().map(|(key, value)| (key, value.0)).collect()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::de::MapAccess;

    use super::*;

    /// What a generated struct's impl looks like (with `additionalProperties`).
    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        tag: Option<String>,
        born: Option<DateTime<Utc>>,
        extra: BTreeMap<String, i64>,
    }

    impl Object for Pet {
        const NAME: &'static str = "Pet";

        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut field0: Option<String> = None;
            let mut field1: Option<Option<String>> = None;
            let mut field2: Option<Option<Lenient<DateTime<Utc>>>> = None;
            let mut extra = BTreeMap::new();
            while let Some(key) = next_key(&mut map)? {
                match key.as_str() {
                    "name" => field(&mut field0, &mut map, "name")?,
                    "tag" => field(&mut field1, &mut map, "tag")?,
                    "born" => field(&mut field2, &mut map, "born")?,
                    _ => keep(&mut extra, key, &mut map)?,
                }
            }
            let Some(field0) = field0 else {
                return Err(missing("name"));
            };
            Ok(Pet { name: field0, tag: field1.flatten(), born: field2.flatten().map(|at| at.0), extra })
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    fn read(text: &str) -> Result<Pet, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_like_the_derive() {
        let pet = read(r#"{"name":"Rex","tag":null,"born":"2024-01-02T03:04:05","legs":4}"#).expect("reads");
        assert_eq!(pet.name, "Rex");
        assert_eq!(pet.tag, None);
        assert_eq!(pet.born.map(|at| at.to_rfc3339()), Some("2024-01-02T03:04:05+00:00".into()));
        assert_eq!(pet.extra, BTreeMap::from([("legs".to_string(), 4)]));
        // An escaped key cannot be borrowed and is still matched.
        assert_eq!(read(r#"{"n\u0061me":"Rex"}"#).expect("reads").name, "Rex");
        // From a `Value` too (unions decode their members from one).
        let value = serde_json::json!({"name": "Rex", "tag": "a"});
        assert_eq!(Pet::deserialize(&value).expect("reads").tag.as_deref(), Some("a"));
    }

    #[test]
    fn errors_are_serdes() {
        assert!(read(r#"{"tag":"a"}"#).unwrap_err().starts_with("missing field `name`"));
        assert!(read(r#"{"name":"a","name":"b"}"#).unwrap_err().starts_with("duplicate field `name`"));
        assert!(read(r#"{"name":1}"#).unwrap_err().starts_with("invalid type: integer `1`, expected a string"));
        assert!(read(r#"["Rex"]"#).unwrap_err().starts_with("invalid type: sequence, expected an object `Pet`"));
        assert!(read(r#"{"name":"a","legs":"four"}"#).unwrap_err().starts_with("invalid type: string"));
    }

    /// Code generated before `missing` calls `required`: the same error.
    #[test]
    fn required_is_missing_for_earlier_code() {
        let error: serde_json::Error = required::<u8, _>(None, "name").unwrap_err();
        assert_eq!(error.to_string(), missing::<serde_json::Error>("name").to_string());
        assert_eq!(required::<u8, serde_json::Error>(Some(3), "name").unwrap(), 3);
    }

    /// An additional property whose value is not of the declared type fails the
    /// object, with the path to it.
    #[test]
    fn an_additional_property_of_another_type_fails() {
        let error = read(r#"{"name":"a","legs":4,"count":"four"}"#).unwrap_err();
        assert!(error.starts_with("invalid type: string \"four\", expected i64"), "{error}");
        assert!(read(r#"{"name":"a","legs":4"#).is_err(), "malformed JSON is still an error");
    }
}
