//! Where in a JSON body reading it failed, as a path of keys and indexes (`items[2].id`).
//!
//! Hand-rolled rather than `serde_path_to_error`: that crate finds the path by reading
//! the body again through a tracking deserializer, which compiles a second decoder of
//! every response type, in the crate that awaits the operation. This scan of the text
//! up to the error's position is not generic: it is compiled once, here.

/// One level of the value being read when the scan stopped.
enum Frame {
    /// In an object: the key of the member being read, once it is known.
    Object { key: Option<String>, expect_key: bool },
    /// In an array: the index of the item being read, and whether that item is an
    /// object or array already closed.
    Array { index: usize, closed: bool },
}

/// The path of the value `body` was being read at when serde_json failed at `line` and
/// `column` (its 1-based line and its count of bytes read on that line), in the form of
/// `serde_path_to_error`: `.` for the whole body, else `a.b[2].c`. `eof`: the body ended
/// early.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize, eof: bool) -> String {
    let mut frames = scan(&body[..offset(body, line, column)]);
    // A body that ends after an item of a list ends in the list, not in the item (an
    // item that closes and fails, say for a missing field, is the item).
    if eof && matches!(frames.last(), Some(Frame::Array { closed: true, .. })) {
        frames.pop();
    }
    let mut path = String::new();
    for frame in &frames {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index, .. } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() { ".".to_owned() } else { path }
}

/// The byte offset of `line` and `column` (bytes read on the line), within `body`.
fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        _ => body.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2).map_or(body.len(), |(at, _)| at + 1),
    };
    (start + column).min(body.len())
}

/// The levels open at the end of `text`. (A value of the wrong type that starts with a
/// bracket fails before it: serde_json places that error before the bracket.)
fn scan(text: &[u8]) -> Vec<Frame> {
    let mut frames = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let byte = text[at];
        at += 1;
        match byte {
            b'{' => frames.push(Frame::Object { key: None, expect_key: true }),
            b'[' => frames.push(Frame::Array { index: 0, closed: false }),
            b'}' | b']' => {
                frames.pop();
                if let Some(Frame::Array { closed, .. }) = frames.last_mut() {
                    *closed = true;
                }
            }
            b',' => match frames.last_mut() {
                Some(Frame::Array { index, closed }) => (*index, *closed) = (*index + 1, false),
                Some(Frame::Object { key, expect_key }) => (*key, *expect_key) = (None, true),
                None => {}
            },
            b'"' => {
                let start = at - 1;
                let closed;
                (at, closed) = string_end(text, at);
                if let Some(Frame::Object { key, expect_key: expect @ true }) = frames.last_mut() {
                    *key = key_text(&text[start..at], closed);
                    *expect = false;
                }
            }
            _ => {}
        }
    }
    frames
}

/// A key's text from its quoted JSON string. A key the error's position cuts short (a
/// key that is not the number a map's key type wants fails before its closing quote) is
/// read as far as it goes.
fn key_text(quoted: &[u8], closed: bool) -> Option<String> {
    if closed {
        return serde_json::from_slice::<String>(quoted).ok();
    }
    let mut completed = quoted.to_vec();
    completed.push(b'"');
    serde_json::from_slice::<String>(&completed).ok()
}

/// The index after the closing quote of the string whose content starts at `at`, and
/// `true`; or the end of `text` and `false` when the string is cut short.
fn string_end(text: &[u8], mut at: usize) -> (usize, bool) {
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return (at + 1, true),
            _ => at += 1,
        }
    }
    (text.len(), false)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::de::DeserializeOwned;

    use super::path_at;

    /// Our path for `body` read as `T`, and serde_path_to_error's.
    fn both<T: DeserializeOwned>(body: &str) -> (String, String) {
        let error = serde_json::from_str::<T>(body).err().expect("the body does not decode");
        let ours = path_at(body.as_bytes(), error.line(), error.column(), error.is_eof());
        let mut reader = serde_json::Deserializer::from_str(body);
        // It reads one value: what follows the value (`end`) fails outside any level.
        let theirs = match serde_path_to_error::deserialize::<_, T>(&mut reader) {
            Err(error) => error.path().to_string(),
            Ok(_) => reader.end().map_or(".".to_owned(), |()| panic!("the body decodes: {body}")),
        };
        (ours, theirs)
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
        tags: Option<Vec<String>>,
        meta: Option<BTreeMap<String, u8>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
        next: Option<String>,
    }

    #[test]
    fn paths_are_those_of_serde_path_to_error() {
        let bodies = [
            r#"{"items": [{"id": 1}, {"id": "x"}]}"#,
            r#"{"items": [{"id": 1}, {"id": 2, "tags": ["a", 3]}]}"#,
            r#"{"items": [{"id": 1}, {"tags": []}]}"#,
            r#"{"next": "n", "items": [{"id": 1, "meta": {"a\"b": 1, "c,d": 300}}]}"#,
            r#"{"items": [{"id": 1, "meta": {"k\u001b\n": "x"}}]}"#,
            "{\n  \"items\": [\n    {\"id\": 1},\n    {\"id\": -1}\n  ]\n}",
            r#"{"items": {"id": 1}}"#,
            r#"{"items": [[1]]}"#,
            r#"{"items": [{"id": 1}, {"id": 2}], "next": 7}"#,
            r#"{"items": [{"id": 1}"#,
            r#"{"items": [{"id": 1, "tags": ["a"]}], "next": "x"} trailing"#,
            r#"{"next": "#,
            r#"[1, 2]"#,
            r#""text""#,
            "",
        ];
        for body in bodies {
            let (ours, theirs) = both::<Page>(body);
            assert_eq!(ours, theirs, "{body}");
        }
        let (ours, theirs) = both::<Vec<Vec<u8>>>("[[1, 2], [3, 999]]");
        assert_eq!((ours.as_str(), theirs.as_str()), ("[1][1]", "[1][1]"));
        // A date-time that is not one, read leniently, in a map and in a list.
        type Times = BTreeMap<String, crate::de::Lenient<chrono::DateTime<chrono::Utc>>>;
        let (ours, theirs) = both::<Times>(r#"{"a": "2024-01-01T00:00:00", "b[\"": "nope"}"#);
        assert_eq!((ours.as_str(), theirs.as_str()), ("b[\"", "b[\""));
        let (ours, theirs) = both::<Vec<Times>>(r#"[{}, {"a": 5}]"#);
        assert_eq!((ours.as_str(), theirs.as_str()), ("[1].a", "[1].a"));
    }

    /// A closed string enum and a struct read as generated ones are.
    #[derive(Debug)]
    enum Kind {
        Cat,
    }

    impl crate::string_enum::StringEnum for Kind {
        const VALUES: &'static [&'static str] = &["cat"];
        fn wire(&self) -> &str {
            "cat"
        }
        fn from_wire(value: &str) -> Option<Self> {
            (value == "cat").then_some(Kind::Cat)
        }
    }

    impl<'de> serde::Deserialize<'de> for Kind {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::string_enum::deserialize(deserializer)
        }
    }

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Pet {
        name: String,
        kind: Option<Kind>,
        kids: Option<Vec<Pet>>,
    }

    impl crate::de::Object for Pet {
        const NAME: &'static str = "Pet";
        fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            use crate::de::{field, missing, next_key, skip};
            let (mut name, mut kind, mut kids) = (None, None, None);
            while let Some(key) = next_key(&mut map)? {
                match key.as_str() {
                    "name" => field(&mut name, &mut map, "name")?,
                    "kind" => field(&mut kind, &mut map, "kind")?,
                    "kids" => field(&mut kids, &mut map, "kids")?,
                    _ => skip(&mut map)?,
                }
            }
            let Some(name) = name else {
                return Err(missing("name"));
            };
            Ok(Pet { name, kind, kids })
        }
    }

    impl<'de> serde::Deserialize<'de> for Pet {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::de::object(deserializer)
        }
    }

    #[test]
    fn paths_in_generated_types_are_those_of_serde_path_to_error() {
        let pets = [
            (r#"{"name": "a", "kids": [["x"]]}"#, "kids[0]"),
            (r#"{"name": "a", "kids": [{"name": "b"}, {"name": "c", "kind": "bird"}]}"#, "kids[1].kind"),
            (r#"{"name": "a", "kind": "bird", "kids": []}"#, "kind"),
            (r#"{"name": "a", "kids": [{"name": "b", "kids": [{}]}]}"#, "kids[0].kids[0]"),
            (r#"[{"name": "a"}]"#, "."),
        ];
        for (body, path) in pets {
            let (ours, theirs) = both::<Pet>(body);
            assert_eq!((ours.as_str(), theirs.as_str()), (path, path), "{body}");
        }
        let lists = [(r#"["bird", "cat"]"#, "[0]"), (r#"["cat", "bird"]"#, "[1]"), (r#"[[1]]"#, "[0]")];
        for (body, path) in lists {
            let (ours, theirs) = both::<Vec<Kind>>(body);
            assert_eq!((ours.as_str(), theirs.as_str()), (path, path), "{body}");
        }
        let (ours, theirs) = both::<Vec<Vec<Vec<u8>>>>("[[[1], [[2]]]]");
        assert_eq!((ours.as_str(), theirs.as_str()), ("[0][1][0]", "[0][1][0]"));
        // A key that is not the number the map's key type wants; a form feed, which JSON
        // does not count as white space.
        let (ours, theirs) = both::<BTreeMap<u32, u8>>(r#"{"1": 2, "-1": 3}"#);
        assert_eq!((ours.as_str(), theirs.as_str()), ("-1", "-1"));
        let (ours, theirs) = both::<Vec<u8>>("[\u{c}1]");
        assert_eq!((ours.as_str(), theirs.as_str()), ("[0]", "[0]"));
    }

    #[test]
    fn any_text_and_position_give_a_path() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"{}[],:\"\\ \nab1";
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let body: Vec<u8> = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let (line, column) = ((next() % 4) as usize, (next() % 30) as usize);
            assert!(!path_at(&body, line, column, next() % 2 == 0).is_empty());
        }
    }
}
