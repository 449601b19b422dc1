//! Keys of a YAML document that repeat one before them in their mapping: the YAML reader
//! keeps the last without a word (`200:` and `'200':` are one key once read), where the
//! JSON reader's repeats are warned of (`load::unique`).
//!
//! One pass over `yaml-rust2`'s events, each mapping holding the keys it has seen: time
//! and memory linear in the document. Pointers are made only for the keys reported.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::escape_token;

/// What one pass over a YAML document's events finds before it is read.
#[derive(Debug, Default, PartialEq)]
pub struct YamlScan {
    /// The JSON pointer of every key that repeats one before it in its mapping, in
    /// document order. Keys that are mappings or sequences (complex keys, which the reader
    /// refuses) and what they hold are left out; an alias of a scalar is that scalar.
    pub repeated: Vec<String>,
    /// Where (pointer and line:column) the alias is whose copy would take the nodes
    /// aliases add past [`super::aliases::MAX_ADDED`], if one does.
    pub too_many_copies: Option<(String, (usize, usize))>,
    /// Whether a merge key is written: a `<<` key, plain or tagged `!!merge` (a quoted
    /// `"<<"` is a key like another); `None` when the events could not be read.
    pub merge_keys: Option<bool>,
}

/// Repeated keys and the aliases' copies of a YAML document (see [`YamlScan`]); nothing
/// for a text the event parser refuses (the reader reports it).
pub fn yaml_scan(text: &str) -> YamlScan {
    let mut scan = Scan::default();
    match Parser::new_from_str(text).load(&mut scan, false) {
        Ok(()) => {
            YamlScan { repeated: scan.keys.repeated, too_many_copies: scan.over, merge_keys: Some(scan.keys.merges) }
        }
        // What was found before the parser gave up still stands.
        Err(_) => YamlScan { too_many_copies: scan.over, ..YamlScan::default() },
    }
}

/// The keys' scan and the aliases' count, over the same events.
#[derive(Default)]
struct Scan {
    keys: KeyScan,
    aliases: super::aliases::AliasCount,
    over: Option<(String, (usize, usize))>,
}

impl MarkedEventReceiver for Scan {
    fn on_event(&mut self, event: Event, mark: Marker) {
        self.aliases.on_event(&event, mark);
        // The alias that passes the limit, placed before the keys' scan moves past it
        // (a pointer is made for it alone).
        if let (None, Some(at)) = (&self.over, self.aliases.over) {
            self.over = Some((self.keys.here().unwrap_or_default(), (at.line(), at.col() + 1)));
        }
        self.keys.on_event(event, mark);
    }
}

/// Where a mapping is: waiting for a key, or reading the value of the key it names
/// (`None`: a complex key's).
enum Member {
    Key,
    /// A mapping or sequence that is a key is being read.
    ComplexKey,
    Value(Option<String>),
}

enum Open {
    /// `repeat`: the member being read repeats an earlier key (a repeat inside it is
    /// that member's: its pointer would name the earlier copy's place, which is not read).
    Mapping {
        keys: HashSet<String>,
        member: Member,
        repeat: bool,
    },
    Sequence {
        next: usize,
    },
}

#[derive(Default)]
struct KeyScan {
    stack: Vec<Open>,
    /// The text of each anchored scalar, by anchor id.
    anchors: HashMap<usize, String>,
    repeated: Vec<String>,
    /// Whether a merge key was seen (see [`YamlScan::merge_keys`]).
    merges: bool,
}

impl KeyScan {
    /// A node starts: a key of the mapping it is in (checked against its keys), a value,
    /// or an item. `name` is the scalar text of a scalar or of an alias of one.
    fn node(&mut self, name: Option<String>, collection: bool) {
        let Some(Open::Mapping { keys, member, repeat }) = self.stack.last_mut() else {
            if let Some(Open::Sequence { next }) = self.stack.last_mut() {
                *next += 1;
            }
            return;
        };
        match member {
            Member::Key => match name {
                Some(name) => {
                    *repeat = !keys.insert(name.clone());
                    if *repeat {
                        let pointer = self.pointer(&name);
                        self.repeated.extend(pointer);
                    }
                    self.set_member(Member::Value(Some(name)));
                }
                None if collection => *member = Member::ComplexKey,
                None => *member = Member::Value(None),
            },
            // A scalar value ends the member; a collection ends it at its end.
            Member::Value(_) if !collection => *member = Member::Key,
            Member::Value(_) | Member::ComplexKey => {}
        }
    }

    fn set_member(&mut self, to: Member) {
        if let Some(Open::Mapping { member, .. }) = self.stack.last_mut() {
            *member = to;
        }
    }

    /// A collection ends: its parent's key (if it was one) now waits for its value, or
    /// its parent's member (if it was a value) is done.
    fn end(&mut self) {
        self.stack.pop();
        if let Some(Open::Mapping { member, .. }) = self.stack.last_mut() {
            *member = match member {
                Member::ComplexKey => Member::Value(None),
                _ => Member::Key,
            };
        }
    }

    /// The pointer of the node about to be read: a value, an item, or (a key) its
    /// mapping; `None` inside a complex key.
    fn here(&self) -> Option<String> {
        let mut pointer = String::new();
        let last = self.stack.len().saturating_sub(1);
        for (depth, open) in self.stack.iter().enumerate() {
            match open {
                Open::Mapping { member: Member::Value(Some(name)), .. } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(name));
                }
                Open::Sequence { next } => {
                    let index = if depth == last { *next } else { next.saturating_sub(1) };
                    pointer.push_str(&format!("/{index}"));
                }
                Open::Mapping { member: Member::Key, .. } if depth == last => {}
                Open::Mapping { .. } => return None,
            }
        }
        Some(pointer)
    }

    /// The pointer of `key` in the innermost mapping; `None` inside a complex key.
    fn pointer(&self, key: &str) -> Option<String> {
        let mut pointer = String::new();
        for open in &self.stack[..self.stack.len() - 1] {
            match open {
                Open::Mapping { repeat: true, .. } => return None,
                Open::Mapping { member: Member::Value(Some(name)), .. } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(name));
                }
                Open::Sequence { next } => pointer.push_str(&format!("/{}", next.saturating_sub(1))),
                Open::Mapping { .. } => return None,
            }
        }
        pointer.push('/');
        pointer.push_str(&escape_token(key));
        Some(pointer)
    }
}

impl MarkedEventReceiver for KeyScan {
    fn on_event(&mut self, event: Event, _: Marker) {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let key = matches!(self.stack.last(), Some(Open::Mapping { member: Member::Key, .. }));
                let merge = style == TScalarStyle::Plain || tag.is_some_and(|tag| tag.suffix == "merge");
                self.merges |= key && merge && text == "<<";
                if anchor > 0 {
                    self.anchors.insert(anchor, text.clone());
                }
                self.node(Some(text), false);
            }
            Event::Alias(anchor) => {
                let name = self.anchors.get(&anchor).cloned();
                // An alias of a collection is a whole collection, read in one event.
                self.node(name, false);
            }
            Event::MappingStart(..) => {
                self.node(None, true);
                self.stack.push(Open::Mapping { keys: HashSet::new(), member: Member::Key, repeat: false });
            }
            Event::SequenceStart(..) => {
                self.node(None, true);
                self.stack.push(Open::Sequence { next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => self.end(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    /// The repeated keys [`super::yaml_scan`] finds.
    fn yaml_repeated_keys(text: &str) -> Vec<String> {
        super::yaml_scan(text).repeated
    }

    #[test]
    fn repeated_keys_are_found_in_each_mapping() {
        let text = "paths:\n  /a:\n    get:\n      responses:\n        200: {description: a}\n        '200': {description: b}\n        \"201\": {description: c}\n  /b: {}\n  /a:\n    get:\n      responses:\n        '404': {description: a}\n        404: {description: b}\nlist: [{x: 1, x: 2}, {x: 3}]\n";
        let found = yaml_repeated_keys(text);
        // The repeat inside the second `/a` is that member's (its pointer names the first
        // copy's place, which is not read).
        assert_eq!(found, ["/paths/~1a/get/responses/200", "/paths/~1a", "/list/0/x"]);
        assert!(yaml_repeated_keys("a: 1\nb: {a: 2}\nc: [a, a]\n").is_empty());
    }

    #[test]
    fn the_copies_aliases_make_are_counted_before_anything_is_expanded() {
        let tens = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
        let scan = super::yaml_scan(&format!("{tens}c: {{k: [*b, *b]}}\n"));
        assert_eq!(scan.too_many_copies, None);
        let mut text = tens.to_owned();
        for (name, of) in [("c", "b"), ("d", "c"), ("e", "d")] {
            text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{of}"); 10].join(", ")));
        }
        // `b` to `e` add 124,300 nodes, each `*e` 111,110 more: the second passes 250,000.
        text.push_str(&format!("f:\n  list: [{}]\n", ["*e"; 12].join(", ")));
        let scan = super::yaml_scan(&text);
        assert_eq!(scan.too_many_copies, Some(("/f/list/1".to_owned(), (7, 14))));
    }

    #[test]
    fn merge_keys_are_plain_or_tagged_keys() {
        let merges = |text: &str| super::yaml_scan(text).merge_keys;
        for text in ["b:\n  <<: *a\n", "b: [<<: *a]\n", "? <<\n: *a\n", "b: {!!merge <<: *a}\n", "b: {&k <<: *a}\n"] {
            assert_eq!(merges(&format!("a: &a {{x: 1}}\n{text}")), Some(true), "{text}");
        }
        for text in ["b: {\"<<\": 1}\n", "b: |\n  <<: not a merge\n", "b: '<<'\nc: [<<]\n"] {
            assert_eq!(merges(text), Some(false), "{text}");
        }
        assert_eq!(merges("a: [1,#c\n 2]\n"), None);
    }

    #[test]
    fn aliases_are_their_scalars_and_complex_keys_are_left_out() {
        let text = "&k kk: 1\n*k : 2\n? [complex]\n: {k: 1}\n? [complex]\n: {k: 2}\nx: {y: 1}\n";
        assert_eq!(yaml_repeated_keys(text), ["/kk"]);
        // Deep and wide: one pass, no pointer made but for what is reported.
        let key = "k".repeat(100_000);
        let wide: String = (0..3_000).map(|n| format!("  c{n}: 1\n")).collect();
        assert!(yaml_repeated_keys(&format!("? {key}\n:\n{wide}")).is_empty());
    }
}
