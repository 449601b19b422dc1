//! Where a JSON pointer is in the source text: line and column for diagnostics.
//!
//! The text is read a second time with `yaml-rust2`'s event parser, which reports
//! a position for every node (JSON is YAML, so one reader serves both formats).
//! A member of a mapping is located at its key, an array item at its value.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::escape_token;

/// Positions (1-based line and column) of the nodes of one document, by pointer.
#[derive(Debug, Default)]
pub struct Locations {
    positions: HashMap<String, (usize, usize)>,
}

impl Locations {
    /// Reads `text`; `None` if it does not parse or nests too deeply (the loader
    /// reports those errors itself).
    pub fn of(text: &str) -> Option<Self> {
        crate::nesting::check(text).ok()?;
        let mut recorder = Recorder::default();
        Parser::new_from_str(text).load(&mut recorder, false).ok()?;
        Some(Locations { positions: recorder.positions })
    }

    /// The pointer of the value that starts at `position` (1-based line and column) in
    /// `text`, if one does (read as far as the text parses).
    pub fn pointer_at(text: &str, position: (usize, usize)) -> Option<String> {
        crate::nesting::check(text).ok()?;
        let mut recorder = Recorder { target: Some(position), ..Recorder::default() };
        let _ = Parser::new_from_str(text).load(&mut recorder, false);
        recorder.found
    }

    /// The position of the node at `pointer` or, when the document has no such node
    /// (it was added or renamed on the way), of its nearest ancestor that it has
    /// (the start of the text, at worst).
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            match current.rsplit_once('/') {
                Some((parent, _)) => current = parent,
                // An empty document: its start.
                None => return Some((1, 1)),
            }
        }
    }
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
struct Recorder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    /// A position whose value's pointer is wanted, and that pointer once seen.
    target: Option<(usize, usize)>,
    found: Option<String>,
}

impl Recorder {
    /// The pointer of a node starting now, or `None` when it is a mapping key (whose
    /// position is recorded under the member's pointer).
    fn place(&mut self, event: &Event, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        let record = !matches!(event, Event::MappingStart(..));
        match self.stack.last_mut() {
            None => {
                if record {
                    self.positions.entry(String::new()).or_insert(position);
                }
                Some(String::new())
            }
            Some(Frame::Sequence { path, next }) => {
                let pointer = format!("{path}/{next}");
                *next += 1;
                if record {
                    self.positions.entry(pointer.clone()).or_insert(position);
                }
                Some(pointer)
            }
            Some(Frame::Mapping { path, key, start }) => match key.take() {
                None => {
                    let name = match event {
                        Event::Scalar(text, ..) => text.clone(),
                        _ => String::new(),
                    };
                    if start.take().is_some() {
                        self.positions.entry(path.clone()).or_insert(position);
                    }
                    let pointer = format!("{path}/{}", escape_token(&name));
                    self.positions.entry(pointer).or_insert(position);
                    *key = Some(name);
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

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match &event {
            Event::Scalar(..) | Event::Alias(..) => {
                let pointer = self.place(&event, mark);
                if self.target == Some((mark.line(), mark.col() + 1)) && pointer.is_some() {
                    self.found = pointer;
                }
            }
            Event::MappingStart(..) => {
                // `None` is a complex key, whose content no pointer addresses.
                let path = self.place(&event, mark).unwrap_or_else(|| String::from("/\u{0}"));
                let start = Some((mark.line(), mark.col() + 1));
                self.stack.push(Frame::Mapping { path, key: None, start });
            }
            Event::SequenceStart(..) => {
                let path = self.place(&event, mark).unwrap_or_else(|| String::from("/\u{0}"));
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd => {
                // An empty mapping is placed where it starts.
                if let Some(Frame::Mapping { path, start: Some(start), .. }) = self.stack.pop() {
                    self.positions.entry(path).or_insert(start);
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
        let locations = Locations::of(text).unwrap();
        assert_eq!(locations.find("/openapi"), Some((1, 1)));
        assert_eq!(locations.find("/paths/~1a/get"), Some((4, 5)));
        assert_eq!(locations.find("/paths/~1a/get/tags/1"), Some((7, 11)));
        // A block mapping inside a sequence is placed at its first key.
        let text = "list:\n  - name: a\n    in: b\n";
        assert_eq!(Locations::of(text).unwrap().find("/list/0"), Some((2, 5)));
        // Missing nodes fall back to the nearest ancestor.
        assert_eq!(locations.find("/paths/~1a/get/responses/200"), Some((4, 5)));
        // And back: the value at a position.
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      tags:\n        - x\n        - y\n";
        assert_eq!(Locations::pointer_at(text, (7, 11)).as_deref(), Some("/paths/~1a/get/tags/1"));
        assert_eq!(Locations::pointer_at(text, (1, 10)).as_deref(), Some("/openapi"));
        assert_eq!(Locations::pointer_at(text, (1, 1)), None);
    }

    #[test]
    fn json_positions() {
        let text =
            "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a\": {\"get\": {}}},\n  \"list\": [1, {\"k\": 2}]\n}";
        let locations = Locations::of(text).unwrap();
        assert_eq!(locations.find("/openapi"), Some((2, 3)));
        assert_eq!(locations.find("/paths/~1a/get"), Some((3, 20)));
        assert_eq!(locations.find("/list/1/k"), Some((4, 16)));
    }
}
