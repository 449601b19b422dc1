//! Where a JSON pointer is in the source text: line and column for diagnostics.
//!
//! The text is read a second time with `yaml-rust2`'s event parser, which reports
//! a position for every node (JSON is YAML, so one reader serves both formats); a JSON
//! document is read by `locate::json` instead, which is faster and records only the nodes
//! asked for. A member of a mapping is located at its key, an array item at its value.

mod aliases;
mod json;
mod keys;
mod unfinished;

pub use unfinished::pointer_open_at;

pub use aliases::MAX_ADDED as MAX_ALIAS_COPIES;
pub use keys::{YamlScan, yaml_scan};

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::escape_token;

/// Positions (1-based line and column) of the nodes of one document, by pointer.
#[derive(Debug, Default)]
pub struct Locations {
    positions: HashMap<String, (usize, usize)>,
}

impl Locations {
    /// Reads `text` for the positions of `wanted` pointers (and of their ancestors, for
    /// [`Locations::find`]); `None` if it does not parse or nests too deeply (the loader
    /// reports those errors itself).
    pub fn of<'p>(text: &str, wanted: impl IntoIterator<Item = &'p str>) -> Option<Self> {
        Locations::read(text, wanted, false)
    }

    /// [`Locations::of`] for a document read as JSON (a `.json` file): the text is read
    /// only as far as the last wanted node. (A YAML file that starts like JSON may turn
    /// into YAML further on, which changes where nodes are: it is read to the end.)
    pub fn of_json<'p>(text: &str, wanted: impl IntoIterator<Item = &'p str>) -> Option<Self> {
        Locations::read(text, wanted, true)
    }

    fn read<'p>(text: &str, wanted: impl IntoIterator<Item = &'p str>, json: bool) -> Option<Self> {
        let mut relevant = HashSet::from([String::new()]);
        for pointer in wanted {
            // An ancestor already there has its own ancestors there too.
            for current in ancestors(pointer) {
                if !relevant.insert(current.to_owned()) {
                    break;
                }
            }
        }
        if text.trim_start().starts_with(['{', '['])
            && let Some(positions) = json::positions(text, &relevant, json)
        {
            return Some(Locations { positions });
        }
        // The YAML reader costs quadratic time on deep flow nesting (see `nesting`).
        crate::nesting::check(text).ok()?;
        yaml_positions(text, Some(&relevant)).map(|positions| Locations { positions })
    }

    /// The pointer of what a YAML reader's error at `position` (1-based line and column)
    /// is about. When `text` parses as YAML, the error is about a value the reader refused
    /// (a tag such as `!custom`, an anchor, a key that is not a string): the value that
    /// starts there or, when none does (a tag or an anchor comes before its value), the
    /// first after it. Otherwise it is a syntax error: the containers open where the text
    /// stops parsing, down to the member or item being read. `""` for the whole document.
    ///
    /// `inside`: the error is inside a value's text (a character libyaml's reader refuses),
    /// so the value that starts at or last before `position` is the one, in a text that
    /// parses as YAML for the reader here.
    pub fn yaml_error_at(text: &str, position: (usize, usize), inside: bool) -> YamlError {
        if crate::nesting::check(text).is_err() {
            return YamlError::Syntax(String::new());
        }
        // No position is wanted, only pointers.
        let none = HashSet::new();
        let mut recorder = Recorder { target: Some(position), relevant: Some(&none), ..Recorder::default() };
        if Parser::new_from_str(text).load(&mut recorder, false).is_ok() {
            let near = if inside { recorder.before } else { recorder.after };
            let pointer = recorder.found.or(near).unwrap_or_default();
            return YamlError::Value(addressable(pointer));
        }
        let pointer = match recorder.stack.last() {
            Some(Frame::Mapping { path, key: Some(name), .. }) => format!("{path}/{}", escape_token(name)),
            Some(Frame::Mapping { path, .. } | Frame::Sequence { path, .. }) => path.clone(),
            None => String::new(),
        };
        YamlError::Syntax(addressable(pointer))
    }

    /// The position of the node at `pointer` or, when the document has no such node
    /// (it was added or renamed on the way), of its nearest ancestor that it has
    /// (the start of the text, at worst).
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        // None placed (an empty document): its start.
        ancestors(pointer).find_map(|current| self.positions.get(current).copied()).or(Some((1, 1)))
    }
}

/// What a YAML reader's error is about (see [`Locations::yaml_error_at`]).
#[derive(Debug, PartialEq)]
pub enum YamlError {
    /// A value the reader refused, in a text that parses: its pointer.
    Value(String),
    /// A syntax error: the pointer of the value being read where the text stops parsing.
    Syntax(String),
}

/// `pointer` up to the mapping holding a complex key (`? [a, b]`), whose content no
/// pointer addresses (see `Recorder::on_event`).
fn addressable(pointer: String) -> String {
    match pointer.find("/\u{0}") {
        Some(cut) => pointer[..cut].to_owned(),
        None => pointer,
    }
}

/// `pointer`, then its parent, and so on up to the root (`""`).
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |current| current.rsplit_once('/').map(|(parent, _)| parent))
}

/// The position of every node read as YAML, or of the `relevant` ones (a 3 MB document
/// has some 300,000 nodes; a run's diagnostics want a few).
fn yaml_positions(text: &str, relevant: Option<&HashSet<String>>) -> Option<HashMap<String, (usize, usize)>> {
    let mut recorder = Recorder { relevant, ..Recorder::default() };
    Parser::new_from_str(text).load(&mut recorder, false).ok()?;
    Some(recorder.positions)
}

enum Frame {
    /// `start` is set until the mapping is placed: block mappings are reported where
    /// their first value indicator is, so a mapping is placed at its first key instead.
    Mapping {
        path: String,
        key: Option<String>,
        start: Option<(usize, usize)>,
    },
    Sequence {
        path: String,
        next: usize,
    },
}

#[derive(Default)]
struct Recorder<'a> {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    /// The pointers whose positions are wanted (all when `None`).
    relevant: Option<&'a HashSet<String>>,
    /// A position whose value's pointer is wanted, and that pointer once seen; the
    /// pointer of the first value after it (in the order the reader reports them).
    target: Option<(usize, usize)>,
    found: Option<String>,
    after: Option<String>,
    /// The pointer of the last value that starts before `target`.
    before: Option<String>,
}

impl Recorder<'_> {
    /// Records that the node at `pointer` starts at `position`, if that is wanted (the first
    /// time: a repeated key's is its first copy's).
    fn record(&mut self, pointer: &str, position: (usize, usize)) {
        if self.relevant.is_none_or(|relevant| relevant.contains(pointer)) && !self.positions.contains_key(pointer) {
            self.positions.insert(pointer.to_owned(), position);
        }
    }

    /// Notes that the value at `pointer` (a key has none) starts at `at`, for `target`.
    fn seen(&mut self, pointer: Option<&String>, at: (usize, usize)) {
        let (Some(target), Some(pointer)) = (self.target, pointer) else { return };
        if at == target && self.found.is_none() {
            self.found = Some(pointer.clone());
        } else if at > target && self.after.is_none() {
            self.after = Some(pointer.clone());
        } else if at < target {
            self.before = Some(pointer.clone());
        }
    }

    /// The pointer of the innermost open container (`""` at the top level).
    fn open_path(&self) -> &str {
        match self.stack.last() {
            Some(Frame::Mapping { path, .. } | Frame::Sequence { path, .. }) => path,
            None => "",
        }
    }

    /// The pointer of a node starting now, or `None` when it is a mapping key (whose
    /// position is recorded under the member's pointer).
    fn place(&mut self, event: &Event, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        let record = !matches!(event, Event::MappingStart(..));
        match self.stack.last_mut() {
            None => {
                if record {
                    self.record("", position);
                }
                Some(String::new())
            }
            Some(Frame::Sequence { path, next }) => {
                let pointer = format!("{path}/{next}");
                *next += 1;
                if record {
                    self.record(&pointer, position);
                }
                Some(pointer)
            }
            Some(Frame::Mapping { path, key, start }) => match key.take() {
                None => {
                    let name = match event {
                        Event::Scalar(text, ..) => text.clone(),
                        _ => String::new(),
                    };
                    let placed = start.take().is_some().then(|| path.clone());
                    let pointer = format!("{path}/{}", escape_token(&name));
                    *key = Some(name);
                    if let Some(path) = placed {
                        self.record(&path, position);
                    }
                    self.record(&pointer, position);
                    None
                }
                Some(name) => {
                    let pointer = format!("{path}/{}", escape_token(&name));
                    Some(pointer)
                }
            },
        }
    }
}

impl Recorder<'_> {
    /// The pointer of a mapping or sequence starting now. A complex key's (`None` from
    /// `place`) is its mapping's with a `/` and NUL, which no document's pointer holds and
    /// [`addressable`] cuts off.
    fn container_path(&mut self, event: &Event, mark: Marker) -> String {
        let parent = self.open_path().to_owned();
        let path = self.place(event, mark);
        self.seen(path.as_ref(), (mark.line(), mark.col() + 1));
        path.unwrap_or_else(|| format!("{parent}/\u{0}"))
    }
}

impl MarkedEventReceiver for Recorder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match &event {
            Event::Scalar(..) | Event::Alias(..) => {
                let pointer = self.place(&event, mark);
                self.seen(pointer.as_ref(), (mark.line(), mark.col() + 1));
            }
            Event::MappingStart(..) => {
                let path = self.container_path(&event, mark);
                let start = Some((mark.line(), mark.col() + 1));
                self.stack.push(Frame::Mapping { path, key: None, start });
            }
            Event::SequenceStart(..) => {
                let path = self.container_path(&event, mark);
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd => {
                // An empty mapping is placed where it starts.
                if let Some(Frame::Mapping { path, start: Some(start), .. }) = self.stack.pop() {
                    self.record(&path, start);
                }
            }
            Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_point_at_keys_and_items() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      tags:\n        - x\n        - y\n";
        let wanted = ["/openapi", "/paths/~1a/get/tags/1", "/paths/~1a/get/responses/200"];
        let locations = Locations::of(text, wanted).unwrap();
        assert_eq!(locations.find("/openapi"), Some((1, 1)));
        assert_eq!(locations.find("/paths/~1a/get"), Some((4, 5)));
        assert_eq!(locations.find("/paths/~1a/get/tags/1"), Some((7, 11)));
        // A block mapping inside a sequence is placed at its first key.
        let text = "list:\n  - name: a\n    in: b\n";
        assert_eq!(Locations::of(text, ["/list/0"]).unwrap().find("/list/0"), Some((2, 5)));
        // Missing nodes fall back to the nearest ancestor.
        assert_eq!(locations.find("/paths/~1a/get/responses/200"), Some((4, 5)));
        // Only the nodes wanted and their ancestors are recorded.
        assert_eq!(locations.positions.len(), 7, "{:?}", locations.positions);
    }

    /// What a YAML reader's error is about: the value at (or after) its position in a text
    /// that parses, the containers open where one stops parsing.
    #[test]
    fn yaml_errors_name_their_value() {
        let value = |text: &str, at| match Locations::yaml_error_at(text, at, false) {
            YamlError::Value(pointer) => pointer,
            syntax => panic!("{text:?}: {syntax:?}"),
        };
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      tags:\n        - x\n        - y\n";
        assert_eq!(value(text, (7, 11)), "/paths/~1a/get/tags/1");
        assert_eq!(value(text, (1, 10)), "/openapi");
        // A tag or an anchor is before its value, flow or block.
        assert_eq!(value("info:\n  version: !custom 1\n", (2, 12)), "/info/version");
        assert_eq!(value("x: !custom {a: 1}\n", (1, 4)), "/x");
        assert_eq!(value("x:\n  - !custom [1, 2]\n", (2, 5)), "/x/0");
        assert_eq!(value("x: !custom\n  a: 1\n", (1, 4)), "/x");
        // A complex key: the mapping that holds it.
        assert_eq!(value("paths:\n  ? [a, b]\n  : v\n", (2, 5)), "/paths");
        // Inside a value's text: the value it is in, not the next.
        let inside = Locations::yaml_error_at("a: b\nc: xyz\nd: 1\n", (2, 5), true);
        assert_eq!(inside, YamlError::Value("/c".to_owned()));
        let syntax = |text: &str| match Locations::yaml_error_at(text, (1, 1), false) {
            YamlError::Syntax(pointer) => pointer,
            value => panic!("{text:?}: {value:?}"),
        };
        assert_eq!(syntax("info: {title: x, tags: [}\n"), "/info/tags");
        assert_eq!(syntax("a:\n  b: 1\n   c: 2\n"), "/a");
        assert_eq!(syntax("paths:\n  ? [a, b\n"), "/paths");
    }

    #[test]
    fn json_positions() {
        let text =
            "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a\": {\"get\": {}}},\n  \"list\": [1, {\"k\": 2}]\n}";
        let wanted = ["/openapi", "/paths/~1a/get", "/list/1/k", "/list/0/missing"];
        let locations = Locations::of(text, wanted).unwrap();
        assert_eq!(locations.find("/openapi"), Some((2, 3)));
        assert_eq!(locations.find("/paths/~1a/get"), Some((3, 20)));
        assert_eq!(locations.find("/list/1/k"), Some((4, 16)));
        assert_eq!(locations.find("/list/0/missing"), Some((4, 12)));
        // Only what was asked for (and its ancestors) is recorded.
        assert_eq!(locations.positions.len(), 9, "{:?}", locations.positions);
    }

    /// Broken or odd JSON never panics: the JSON reader gives up and the YAML reader
    /// decides (it may place what it can read, or nothing).
    #[test]
    fn broken_json_is_handed_to_the_yaml_reader() {
        let wanted = ["/a/0/b", "/x"];
        for text in [
            "",
            " ",
            "{",
            "[",
            "{\"a\"",
            "{\"a\":}",
            "{\"a\" 1}",
            "{\"a\": [1,]}",
            "{\"a\\",
            "\"\\",
            "{\"é\\é\": 1}",
            "{\"a\": \"x\ny\"}",
            "[1 2]",
            "{}}",
            "[\r1\r]",
            "{\"a\": [{\"b\": -}]}",
            "\u{feff}{\"a\": 1}",
            "{\"a\": tru",
            "[[[[[[[[[[]]]]]]]]]]",
            "{\"\u{0}\": 1}",
        ] {
            let _ = Locations::of(text, wanted).map(|l| l.find("/a/0/b"));
        }
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(Locations::of(&deep, wanted).is_none());
        // The JSON reader bounds its own recursion where the loader does.
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let relevant = HashSet::from([String::new()]);
        assert!(json::positions(&nested(crate::nesting::MAX_DEPTH), &relevant, false).is_some());
        assert!(json::positions(&nested(crate::nesting::MAX_DEPTH + 1), &relevant, false).is_none());
    }

    /// The JSON reader places every node of real documents where the YAML reader does:
    /// asked for every pointer the YAML reader found, it finds the same positions.
    #[test]
    fn the_json_reader_stops_once_every_wanted_node_is_placed() {
        // What follows the wanted nodes is not read (here, it is cut short).
        let text = "{\"a\": {\"b\": 1},\n \"c\": [1, 2";
        let relevant: HashSet<String> = ["", "/a", "/a/b"].iter().map(|p| p.to_string()).collect();
        let found = json::positions(text, &relevant, true).expect("placed before the cut");
        // Read as YAML may be (not a `.json` file), the text is read to the end.
        assert_eq!(json::positions(text, &relevant, false), None);
        assert_eq!((found[""], found["/a"], found["/a/b"]), ((1, 2), (1, 2), (1, 8)));
        // A wanted node past the cut: the text is read to the end, and it is not JSON.
        let relevant: HashSet<String> = ["", "/c", "/c/2"].iter().map(|p| p.to_string()).collect();
        assert_eq!(json::positions(text, &relevant, true), None);
    }

    #[test]
    fn same_as_the_yaml_reader() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = vec![
            root.join("specs/frontstream/openapi.json"),
            root.join("specs/alternative_payments/openapi.json"),
            root.join("../shared/corpus/keeper.json"),
            root.join("../shared/corpus/nexus.json"),
        ];
        files.retain(|f| f.exists());
        assert!(files.len() >= 2, "{files:?}");
        // Minified, with escapes, `\r\n` line breaks and characters of several bytes.
        let tricky = "{\"a\\/b\": [ {}, [], {\"x\": \"é\\\"\"},\r\n  {\"ü\": null, \"k\": [1,\r\n2]}], \"~\": {}}";
        let mut texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
        texts.push(tricky.to_owned());
        for text in &texts {
            let all = yaml_positions(text, None).unwrap();
            let mut relevant: HashSet<String> = all.keys().cloned().collect();
            relevant.insert(String::new());
            let found = json::positions(text, &relevant, true).unwrap();
            let mut differences: Vec<_> =
                all.iter().filter(|(pointer, position)| found.get(*pointer) != Some(position)).collect();
            differences.sort();
            assert!(
                differences.is_empty(),
                "{} differ, first: {:?}",
                differences.len(),
                &differences[..3.min(differences.len())]
            );
            assert_eq!(found.len(), all.len());
            // Asked for a few nodes, the reader skips the rest of the text: the same places.
            let mut some: Vec<&String> = all.keys().collect();
            some.sort();
            let wanted: Vec<&str> = some.iter().step_by(37).map(|pointer| pointer.as_str()).collect();
            let located = Locations::of_json(text, wanted.iter().copied()).unwrap();
            for pointer in &wanted {
                assert_eq!(located.find(pointer), all.get(*pointer).copied(), "{pointer}");
            }
            // And the JSON reader placed them itself (it steps over what is not wanted),
            // without handing the text to the YAML reader.
            let mut sparse: HashSet<String> = HashSet::from([String::new()]);
            sparse.extend(wanted.iter().flat_map(|pointer| ancestors(pointer)).map(str::to_owned));
            let placed = json::positions(text, &sparse, true).expect("read as JSON");
            for pointer in wanted {
                assert_eq!(placed.get(pointer), all.get(pointer), "{pointer}");
            }
        }
    }
}
