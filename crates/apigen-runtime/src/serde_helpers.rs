//! Serde adapters that generated types use for wire formats serde's defaults get wrong.
//!
//! They are small and hand-written on purpose: the alternatives (`serde_with`) would
//! add a large dependency to every generated crate for two adapters.

/// `date-time` fields: RFC 3339 on the way out; on the way in RFC 3339, or the
/// offset-less form some servers (.NET) emit, such as `2024-05-01T12:00:00.123`,
/// which is read as UTC.
pub mod date_time {
    use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Parses RFC 3339, or an offset-less ISO 8601 date-time read as UTC.
    pub fn parse(text: &str) -> Option<DateTime<Utc>> {
        if let Ok(parsed) = DateTime::parse_from_rfc3339(text) {
            return Some(parsed.with_timezone(&Utc));
        }
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|naive| naive.and_utc())
    }

    /// Serializes as RFC 3339 with a `Z` offset.
    pub fn serialize<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    /// Deserializes RFC 3339 or the offset-less form.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        deserializer.deserialize_str(Text)
    }

    /// Parses the text inside the deserializer's call, so that serde_json places an
    /// error at the string that is not a date-time (the path of a decode error is found
    /// from that position).
    struct Text;

    impl serde::de::Visitor<'_> for Text {
        type Value = DateTime<Utc>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("an RFC 3339 date-time")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
            parse(text).ok_or_else(|| E::custom("expected an RFC 3339 date-time"))
        }
    }

    fn text(value: &DateTime<Utc>) -> String {
        value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    /// An item of a list, parsed as it is read, so that an error is at its index.
    struct Item(DateTime<Utc>);

    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Item)
        }
    }

    fn items(items: Vec<Item>) -> Vec<DateTime<Utc>> {
        items.into_iter().map(|item| item.0).collect()
    }

    /// The same for `Vec<DateTime<Utc>>`.
    pub mod vec {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serializes each item as RFC 3339.
        pub fn serialize<S: Serializer>(value: &[DateTime<Utc>], serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(value.iter().map(super::text))
        }

        /// Deserializes each item leniently.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<DateTime<Utc>>, D::Error> {
            Vec::<super::Item>::deserialize(deserializer).map(super::items)
        }
    }

    /// The same for `Option<Vec<DateTime<Utc>>>` (absent or `null` is `None`).
    pub mod option_vec {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serializes `Some` as a list of RFC 3339 strings and `None` as `null`.
        pub fn serialize<S: Serializer>(value: &Option<Vec<DateTime<Utc>>>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(items) => serializer.collect_seq(items.iter().map(super::text)),
                None => serializer.serialize_none(),
            }
        }

        /// Deserializes `null` as `None`, a list leniently.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<DateTime<Utc>>>, D::Error> {
            Ok(Option::<Vec<super::Item>>::deserialize(deserializer)?.map(super::items))
        }
    }

    /// The same for an optional, nullable date-time, `Option<Option<DateTime<Utc>>>`
    /// (see [`super::double_option`]).
    pub mod double_option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serializes the inner option; pair with `skip_serializing_if = "Option::is_none"`.
        pub fn serialize<S: Serializer>(
            value: &Option<Option<DateTime<Utc>>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(Some(value)) => serializer.serialize_str(&super::text(value)),
                _ => serializer.serialize_none(),
            }
        }

        /// A present field (even `null`) becomes `Some(..)`; absence is handled by `default`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Option<DateTime<Utc>>>, D::Error> {
            Ok(Some(Option::<super::Item>::deserialize(deserializer)?.map(|item| item.0)))
        }
    }

    /// The same for `Option<DateTime<Utc>>` (absent or `null` is `None`).
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        /// Serializes `Some` as RFC 3339 and `None` as `null`.
        pub fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Deserializes `null` as `None`, a string as `Some`.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
            Ok(Option::<super::Item>::deserialize(deserializer)?.map(|item| item.0))
        }
    }
}

/// The properties of an object member of a union: (required, declared, pinned), where
/// pinned are the properties that allow a fixed set of values (a `const`, an `enum`),
/// each with its values.
pub type MemberShape =
    Option<(&'static [&'static str], &'static [&'static str], &'static [(&'static str, &'static [Pin])])>;

/// A value a union member's property is pinned to: its `const`, or one of its `enum`'s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pin {
    /// A string.
    Str(&'static str),
    /// A whole number.
    Int(i64),
    /// Another number.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Pin {
    /// Whether `value` is this one (numbers by value: `1` and `1.0` are one number).
    fn is(self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (self, value) {
            (Pin::Str(pin), Value::String(value)) => pin == value,
            (Pin::Int(pin), Value::Number(value)) => value.as_i64() == Some(pin) || value.as_f64() == Some(pin as f64),
            (Pin::Num(pin), Value::Number(value)) => value.as_f64() == Some(pin),
            (Pin::Bool(pin), Value::Bool(value)) => pin == *value,
            (Pin::Null, Value::Null) => true,
            _ => false,
        }
    }
}

/// The order in which to try the members of a union without a discriminator.
///
/// For an object, members whose required properties are all present come first,
/// those that declare more of its keys before those that declare fewer (so a
/// member with only optional properties does not swallow every object); then those
/// missing a required property; then those with a pinned property whose value is none
/// of its pins (a received enum is open, so such a member would take a value that
/// another member names: `{"type": "card"}` is not the `ideal` member's); members
/// that are not objects come last. Otherwise the declared order. Ties keep the
/// declared order.
pub fn union_order(value: &serde_json::Value, members: &[MemberShape]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    if let Some(object) = value.as_object() {
        let misfit = |pinned: &[(&str, &[Pin])]| {
            pinned.iter().any(|(key, pins)| object.get(*key).is_some_and(|v| !pins.iter().any(|pin| pin.is(v))))
        };
        let declared =
            |declared: &[&str]| usize::MAX - object.keys().filter(|key| declared.contains(&key.as_str())).count();
        let score = |index: &usize| match members[*index] {
            Some((_, listed, pinned)) if misfit(pinned) => (2, declared(listed)),
            Some((required, listed, _)) if required.iter().all(|key| object.contains_key(*key)) => {
                (0, declared(listed))
            }
            Some(_) => (1, 0),
            None => (3, 0),
        };
        order.sort_by_key(score);
    }
    order
}

/// A generated `oneOf`/`anyOf` type, decoded from a JSON value already read.
///
/// Unions may hold each other without descending into the value (`A` is a `B` or a
/// string, `B` is an `A` or a number): decoding `A` would try `B`, which tries `A`
/// on the same value, forever. [`decode_member`] tracks the unions on the way and
/// lets none match twice, so decoding always ends.
pub trait Union: Sized + 'static {
    /// Decodes `value` as this union; `active` holds the unions being decoded on the
    /// same value (pass it on to [`decode_member`]).
    fn decode(value: &serde_json::Value, active: &mut Vec<std::any::TypeId>) -> Option<Self>;
}

/// Decodes `value` as the union `T`, unless `T` is already being decoded on it.
pub fn decode_member<T: Union>(value: &serde_json::Value, active: &mut Vec<std::any::TypeId>) -> Option<T> {
    let id = std::any::TypeId::of::<T>();
    if active.contains(&id) {
        return None;
    }
    active.push(id);
    let found = T::decode(value, active);
    active.pop();
    found
}

/// Optional *and* nullable fields, `Option<Option<T>>`: absent is `None`, `null` is
/// `Some(None)`, a value is `Some(Some(v))`. Use with
/// `#[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes the inner option (`null` or the value); pair with `skip_serializing_if`.
    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// A present field (even `null`) becomes `Some(..)`; absence is handled by `default`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Stamp {
        #[serde(with = "super::date_time")]
        at: DateTime<Utc>,
        #[serde(default, with = "super::date_time::option")]
        maybe: Option<DateTime<Utc>>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::double_option")]
        note: Option<Option<String>>,
    }

    #[test]
    fn accepts_rfc3339_and_offsetless_as_utc() {
        let a: Stamp = serde_json::from_str(r#"{"at":"2024-05-01T12:00:00+02:00"}"#).unwrap();
        assert_eq!(a.at, Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0).unwrap());
        let b: Stamp = serde_json::from_str(r#"{"at":"2024-05-01T12:00:00.5","maybe":null}"#).unwrap();
        assert_eq!(
            b.at.timestamp_millis(),
            Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap().timestamp_millis() + 500
        );
        assert_eq!(b.maybe, None);
        assert!(serde_json::from_str::<Stamp>(r#"{"at":"yesterday"}"#).is_err());
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Stamps {
        #[serde(with = "super::date_time::vec")]
        all: Vec<DateTime<Utc>>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::date_time::option_vec")]
        some: Option<Vec<DateTime<Utc>>>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::date_time::double_option")]
        maybe: Option<Option<DateTime<Utc>>>,
    }

    /// `Left` is a `Right` or a string, `Right` a `Left` or a number.
    #[derive(Debug, PartialEq)]
    enum Left {
        Right(Box<Right>),
        Text(String),
    }

    #[derive(Debug, PartialEq)]
    enum Right {
        Left(Box<Left>),
        Number(i64),
    }

    impl super::Union for Left {
        fn decode(value: &serde_json::Value, active: &mut Vec<std::any::TypeId>) -> Option<Self> {
            super::decode_member(value, active)
                .map(Box::new)
                .map(Left::Right)
                .or_else(|| serde_json::from_value(value.clone()).ok().map(Left::Text))
        }
    }

    impl super::Union for Right {
        fn decode(value: &serde_json::Value, active: &mut Vec<std::any::TypeId>) -> Option<Self> {
            super::decode_member(value, active)
                .map(Box::new)
                .map(Right::Left)
                .or_else(|| serde_json::from_value(value.clone()).ok().map(Right::Number))
        }
    }

    #[test]
    fn unions_of_each_other_decode_and_end() {
        let seven = super::decode_member::<Left>(&serde_json::json!(7), &mut Vec::new());
        assert_eq!(seven, Some(Left::Right(Box::new(Right::Number(7)))));
        let text = super::decode_member::<Right>(&serde_json::json!("x"), &mut Vec::new());
        assert_eq!(text, Some(Right::Left(Box::new(Left::Text("x".into())))));
        assert_eq!(super::decode_member::<Left>(&serde_json::json!(true), &mut Vec::new()), None);
    }

    #[test]
    fn union_members_are_tried_best_match_first() {
        let cat: super::MemberShape = Some((&[], &["meow"], &[]));
        let dog: super::MemberShape = Some((&["bark"], &["bark", "name"], &[]));
        let members = [cat, dog, None];
        assert_eq!(super::union_order(&serde_json::json!({"bark": true, "name": "rex"}), &members), [1, 0, 2]);
        assert_eq!(super::union_order(&serde_json::json!({"meow": 1}), &members), [0, 1, 2]);
        assert_eq!(super::union_order(&serde_json::json!({"name": "x"}), &members), [0, 1, 2]);
        assert_eq!(super::union_order(&serde_json::json!("text"), &members), [0, 1, 2]);
    }

    #[test]
    fn a_member_whose_pinned_property_holds_another_value_is_tried_after_the_others() {
        use super::Pin;
        let ideal: super::MemberShape = Some((&["type"], &["type"], &[("type", &[Pin::Str("ideal")])]));
        let card: super::MemberShape =
            Some((&["type"], &["type"], &[("type", &[Pin::Str("scheme"), Pin::Str("networkToken")])]));
        let version: super::MemberShape = Some((&[], &["v"], &[("v", &[Pin::Int(2), Pin::Null])]));
        let members = [ideal, card, version];
        let order = |value| super::union_order(&value, &members);
        assert_eq!(order(serde_json::json!({"type": "networkToken"})), [1, 2, 0]);
        assert_eq!(order(serde_json::json!({"type": "ideal"})), [0, 2, 1]);
        // A value no member pins (a vendor's new one): by shape among those that pin it.
        assert_eq!(order(serde_json::json!({"type": "giropay"})), [2, 0, 1]);
        assert_eq!(order(serde_json::json!({"v": 2.0})), [2, 0, 1]);
        assert_eq!(order(serde_json::json!({"v": null})), [2, 0, 1]);
        assert_eq!(order(serde_json::json!({"v": 3})), [0, 1, 2]);
        assert_eq!(order(serde_json::json!({"v": "2"})), [0, 1, 2]);
    }

    #[test]
    fn lists_and_double_options_of_date_times_are_lenient_too() {
        let text =
            r#"{"all":["2024-05-01T12:00:00","2024-05-01T12:00:00Z"],"some":["2024-05-01T12:00:00.5"],"maybe":null}"#;
        let stamps: Stamps = serde_json::from_str(text).unwrap();
        assert_eq!(stamps.all[0], stamps.all[1]);
        assert_eq!(stamps.maybe, Some(None));
        let absent: Stamps = serde_json::from_str(r#"{"all":[]}"#).unwrap();
        assert_eq!((absent.some, absent.maybe), (None, None));
        let back = serde_json::to_string(&stamps).unwrap();
        assert_eq!(
            back,
            r#"{"all":["2024-05-01T12:00:00Z","2024-05-01T12:00:00Z"],"some":["2024-05-01T12:00:00.500Z"],"maybe":null}"#
        );
    }

    #[test]
    fn double_option_keeps_absent_and_null_apart() {
        let absent: Stamp = serde_json::from_str(r#"{"at":"2024-05-01T12:00:00Z"}"#).unwrap();
        assert_eq!(absent.note, None);
        let null: Stamp = serde_json::from_str(r#"{"at":"2024-05-01T12:00:00Z","note":null}"#).unwrap();
        assert_eq!(null.note, Some(None));
        let value: Stamp = serde_json::from_str(r#"{"at":"2024-05-01T12:00:00Z","note":"x"}"#).unwrap();
        assert_eq!(value.note, Some(Some("x".into())));
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"at":"2024-05-01T12:00:00Z","maybe":null,"note":null}"#);
        assert_eq!(serde_json::to_string(&absent).unwrap(), r#"{"at":"2024-05-01T12:00:00Z","maybe":null}"#);
    }
}
