//! `application/x-www-form-urlencoded` bodies, each property written as its Encoding
//! Object says (OpenAPI 3.0.3 and 3.1.1, "Encoding Object" and "Special Considerations
//! for `application/x-www-form-urlencoded`").
//!
//! `serde_urlencoded` (what `reqwest`'s `form` uses) refuses lists and objects, which
//! Stripe's and Twilio's forms carry; no crate writes the OpenAPI styles, so this
//! module does, on the body as a `serde_json::Value` (a few dozen lines).

use serde_json::{Map, Value};

use crate::request::form_encoded as encoded;

/// How one property of a form body is written, from its Encoding Object. A property
/// without one is written as the specification's defaults say: a list as one pair per
/// item (`tags=a&tags=b`), an object as JSON text (its `contentType` defaults to
/// `application/json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form` with `explode: true`: a list as one pair per item, an object as one
    /// pair per member (`city=Paris&zip=75001`).
    Exploded,
    /// `form` without `explode` (`,`), `spaceDelimited` (` `), `pipeDelimited` (`|`): a
    /// list as one pair whose items are joined by the delimiter (an object's names and
    /// values, for `,`), each item encoded and the delimiter not.
    Joined(char),
    /// `deepObject`: an object's members as `addr[city]=Paris`, nested ones as
    /// `addr[geo][lat]=1`, list items as `lines[0]=x` (deeper levels are not defined by
    /// OpenAPI; this is what Stripe and Rails read).
    Deep,
}

/// The form text of `body`, a JSON object; `styles` names the properties that have an
/// Encoding Object (by wire name). `null` members are left out: a form has no `null`.
pub(crate) fn encode(body: &Value, styles: &[(&str, FormStyle)]) -> Result<String, String> {
    let Value::Object(members) = body else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = Vec::new();
    for (name, value) in members {
        let style = styles.iter().find(|(styled, _)| styled == name).map(|(_, style)| *style);
        property(name, value, style, &mut pairs);
    }
    Ok(pairs.join("&"))
}

/// The pairs of one property (`name=value`, encoded).
fn property(name: &str, value: &Value, style: Option<FormStyle>, pairs: &mut Vec<String>) {
    match (value, style) {
        (Value::Null, _) => {}
        // An empty list is its name alone (`color=` in the style examples), as in a query:
        // an update form tells it from a list left out.
        (Value::Array(items), style) if items.is_empty() && style != Some(FormStyle::Deep) => {
            pairs.push(format!("{}=", encoded(name)));
        }
        (Value::Array(_) | Value::Object(_), Some(FormStyle::Deep)) => deep(encoded(name), value, pairs),
        (Value::Array(items), Some(FormStyle::Joined(delimiter))) => joined(name, items.iter(), delimiter, pairs),
        (Value::Object(members), Some(FormStyle::Joined(delimiter))) => {
            let flat = members.iter().flat_map(|(key, value)| [Value::String(key.clone()), value.clone()]);
            joined(name, flat.collect::<Vec<_>>().iter(), delimiter, pairs);
        }
        (Value::Object(members), Some(FormStyle::Exploded)) => exploded(members, pairs),
        (Value::Array(items), _) => {
            pairs.extend(items.iter().filter_map(text).map(|item| format!("{}={}", encoded(name), encoded(&item))));
        }
        (value, _) => pairs.extend(text(value).map(|text| format!("{}={}", encoded(name), encoded(&text)))),
    }
}

/// An object's members as pairs of their own (`form`, exploded).
fn exploded(members: &Map<String, Value>, pairs: &mut Vec<String>) {
    for (key, value) in members {
        pairs.extend(text(value).map(|text| format!("{}={}", encoded(key), encoded(&text))));
    }
}

/// One pair: the items' texts joined by `delimiter` ([`joined_items`]).
fn joined<'v>(name: &str, items: impl Iterator<Item = &'v Value>, delimiter: char, pairs: &mut Vec<String>) {
    pairs.push(format!("{}={}", encoded(name), joined_items(items.filter_map(text), delimiter)));
}

/// Items of a list joined by `delimiter`, each encoded and the delimiter not (a space as
/// `%20`), as the OpenAPI style examples write them: an item's own `,` is `%2C`, so the
/// server tells the items apart. A query's joined list is written so too.
pub(crate) fn joined_items(items: impl IntoIterator<Item = String>, delimiter: char) -> String {
    let delimiter = if delimiter == ' ' { "%20".to_owned() } else { delimiter.to_string() };
    items.into_iter().map(|item| encoded(&item)).collect::<Vec<_>>().join(&delimiter)
}

/// `deepObject`: `prefix[key]` for each member, `prefix[index]` for each item, down to
/// the scalars (`prefix` is encoded already; so are the brackets, as `%5B` and `%5D`, as
/// a form encoder writes them and servers decode them).
fn deep(prefix: String, value: &Value, pairs: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                deep(format!("{prefix}{}", encoded(&format!("[{key}]"))), member, pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep(format!("{prefix}{}", encoded(&format!("[{index}]"))), item, pairs);
            }
        }
        scalar => pairs.extend(text(scalar).map(|text| format!("{prefix}={}", encoded(&text)))),
    }
}

/// A value as the text of one pair: a string as itself, a number as JSON writes it (a
/// float holding a whole number as that integer, `3` and not `3.0`, as JSON bodies are
/// written), a list or object as JSON text; `null` as nothing.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(body: Value, styles: &[(&str, FormStyle)]) -> String {
        encode(&body, styles).unwrap()
    }

    #[test]
    fn scalars_and_the_defaults_of_lists_and_objects() {
        let body = json!({"name": "a b&c", "n": 3.0, "x": 2.5, "ok": true, "gone": null, "tags": ["x", "y z"],
            "addr": {"city": "Paris"}});
        assert_eq!(
            form(body, &[]),
            "addr=%7B%22city%22%3A%22Paris%22%7D&n=3&name=a+b%26c&ok=true&tags=x&tags=y+z&x=2.5"
        );
        assert!(encode(&json!([1]), &[]).is_err());
    }

    #[test]
    fn each_style_as_the_specification_writes_it() {
        let body = json!({"tags": ["a,b", "c"], "addr": {"city": "Paris", "zip": "75001"}});
        let joined = [("tags", FormStyle::Joined(',')), ("addr", FormStyle::Joined(','))];
        assert_eq!(form(body.clone(), &joined), "addr=city,Paris,zip,75001&tags=a%2Cb,c");
        let exploded = [("tags", FormStyle::Exploded), ("addr", FormStyle::Exploded)];
        assert_eq!(form(body.clone(), &exploded), "city=Paris&zip=75001&tags=a%2Cb&tags=c");
        assert_eq!(form(json!({"ids": [1, 2]}), &[("ids", FormStyle::Joined(' '))]), "ids=1%202");
        assert_eq!(form(json!({"ids": [1, 2]}), &[("ids", FormStyle::Joined('|'))]), "ids=1|2");
        for style in [&[][..], &[("ids", FormStyle::Exploded)], &[("ids", FormStyle::Joined(','))]] {
            assert_eq!(form(json!({"ids": [], "n": 1}), style), "ids=&n=1");
        }
    }

    #[test]
    fn deep_objects_nest_with_brackets() {
        let body = json!({"card": {"exp": {"month": 1, "year": 2030}, "lines": ["a", "b"], "cvc": null}});
        assert_eq!(
            form(body, &[("card", FormStyle::Deep)]),
            "card%5Bexp%5D%5Bmonth%5D=1&card%5Bexp%5D%5Byear%5D=2030&card%5Blines%5D%5B0%5D=a&card%5Blines%5D%5B1%5D=b"
        );
        assert_eq!(form(json!({"expand": ["a"]}), &[("expand", FormStyle::Deep)]), "expand%5B0%5D=a");
    }
}
