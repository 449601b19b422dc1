//! String enums of generated code: what their serde implementations share.
//!
//! An enum a response can carry is open: a value the spec does not list decodes into
//! its `Unrecognized(String)` variant, which keeps the raw value and serializes it back
//! unchanged, so that a vendor adding a value does not make responses undecodable.
//! Enums only ever sent are closed: a value they do not list is an error.

use serde::{Deserializer, Serializer};

/// A generated string enum.
pub trait StringEnum: Sized {
    /// The values the spec lists, as on the wire.
    const VALUES: &'static [&'static str];

    /// The value as on the wire (the raw value for `Unrecognized`).
    fn wire(&self) -> &str;

    /// The variant for a wire value: a listed value's variant; for an open enum,
    /// `Unrecognized` for any other; `None` for a value a closed enum does not list.
    fn from_wire(value: &str) -> Option<Self>;
}

/// Serializes a string enum as its wire value.
pub fn serialize<T: StringEnum, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.wire())
}

/// Deserializes a string enum from its wire value.
pub fn deserialize<'de, T: StringEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(Wire(std::marker::PhantomData))
}

/// Reads the wire value inside the deserializer's call, so that serde_json places the
/// error of a value a closed enum does not know at the string (the path of a decode error
/// is found from that position).
struct Wire<T>(std::marker::PhantomData<T>);

impl<T: StringEnum> serde::de::Visitor<'_> for Wire<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("one of the enum's values")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        T::from_wire(text).ok_or_else(|| E::unknown_variant(text, T::VALUES))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Open {
        Bearer,
        Unrecognized(String),
    }

    impl StringEnum for Open {
        const VALUES: &'static [&'static str] = &["Bearer"];
        fn wire(&self) -> &str {
            match self {
                Open::Bearer => "Bearer",
                Open::Unrecognized(value) => value,
            }
        }
        fn from_wire(value: &str) -> Option<Self> {
            Some(match value {
                "Bearer" => Open::Bearer,
                other => Open::Unrecognized(other.to_owned()),
            })
        }
    }

    #[derive(Debug, PartialEq)]
    enum Closed {
        Fast,
    }

    impl StringEnum for Closed {
        const VALUES: &'static [&'static str] = &["fast"];
        fn wire(&self) -> &str {
            "fast"
        }
        fn from_wire(value: &str) -> Option<Self> {
            (value == "fast").then_some(Closed::Fast)
        }
    }

    #[test]
    fn open_enums_keep_unknown_values_and_write_them_back() {
        let mut de = serde_json::Deserializer::from_str(r#""bearer""#);
        let value: Open = deserialize(&mut de).unwrap();
        assert_eq!(value, Open::Unrecognized("bearer".into()));
        let mut out = Vec::new();
        serialize(&value, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, br#""bearer""#);
        let mut de = serde_json::Deserializer::from_str(r#""Bearer""#);
        assert_eq!(deserialize::<Open, _>(&mut de).unwrap(), Open::Bearer);
    }

    #[test]
    fn closed_enums_refuse_unknown_values() {
        let mut de = serde_json::Deserializer::from_str(r#""slow""#);
        let error = deserialize::<Closed, _>(&mut de).unwrap_err().to_string();
        assert!(error.contains("unknown variant `slow`, expected `fast`"), "{error}");
        let mut de = serde_json::Deserializer::from_str(r#""fast""#);
        assert_eq!(deserialize::<Closed, _>(&mut de).unwrap(), Closed::Fast);
    }
}
