//! Positions in a JSON document, in one pass over its text, of the nodes some pointers
//! need: the wanted pointers and their ancestors. Hand-rolled because `serde_json`
//! reports no positions of values, and reading JSON as YAML (the general path, which
//! records every node) took an eighth of a run on GitHub's 3.6 MB document.
//!
//! It places nodes exactly as the YAML path does (a member at its key, a mapping at its
//! first key or, empty, at its `{`, anything else at its first character; columns in
//! characters; `\r\n` one line break), which `tests::same_as_the_yaml_reader` checks on
//! real documents. Anything it does not understand makes it give up (`None`), and the
//! caller reads the text as YAML instead.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::escape_token;

/// Positions of the nodes whose pointers are in `relevant` (which holds the ancestors of
/// each pointer too); `None` if `text` is not JSON as far as this reader can tell. With
/// `stop_early` (the text is known to be JSON), reading stops once every node is placed.
pub fn positions(text: &str, relevant: &HashSet<String>, stop_early: bool) -> Option<HashMap<String, (usize, usize)>> {
    let positions = HashMap::new();
    let mut scan = Scan {
        text,
        at: 0,
        line: 1,
        line_start: 0,
        col_at: 0,
        col: 1,
        relevant,
        positions,
        done: false,
        stop_early,
        depth: 0,
    };
    scan.value(Some(String::new()), Slot::Root)?;
    scan.skip_space();
    // Once every node wanted is placed, the rest of a JSON document is not read: the
    // nodes read are where they are whatever follows.
    (scan.done || scan.at == text.len()).then_some(scan.positions)
}

/// Where a value sits, which decides where it is placed.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    /// The document itself.
    Root,
    /// A member's value: the member is placed at its key.
    Member,
    /// An array item.
    Item,
}

struct Scan<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
    /// 1-based line of `at`, and the byte offset where that line starts.
    line: usize,
    line_start: usize,
    /// A byte offset on the current line and its 1-based column, so that columns are
    /// counted in characters without recounting the line (minified documents are one line).
    col_at: usize,
    col: usize,
    relevant: &'a HashSet<String>,
    positions: HashMap<String, (usize, usize)>,
    /// Every relevant node is placed and `stop_early`: nothing more is read.
    done: bool,
    stop_early: bool,
    /// How many mappings and sequences the next value is inside.
    depth: usize,
}

impl Scan<'_> {
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The 1-based line and column (in characters) of `at`.
    fn position(&mut self) -> (usize, usize) {
        if self.col_at < self.line_start {
            (self.col_at, self.col) = (self.line_start, 1);
        }
        let skipped = &self.text.as_bytes()[self.col_at..self.at];
        self.col += skipped.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        self.col_at = self.at;
        (self.line, self.col)
    }

    fn record(&mut self, pointer: &str, position: (usize, usize)) {
        if self.relevant.contains(pointer) && !self.positions.contains_key(pointer) {
            self.positions.insert(pointer.to_owned(), position);
            self.done = self.stop_early && self.positions.len() == self.relevant.len();
        }
    }

    fn skip_space(&mut self) {
        while let Some(byte) = self.byte() {
            match byte {
                b' ' | b'\t' => self.at += 1,
                b'\n' | b'\r' => {
                    self.at += 1;
                    if byte == b'\r' && self.byte() == Some(b'\n') {
                        self.at += 1;
                    }
                    self.line += 1;
                    self.line_start = self.at;
                }
                _ => return,
            }
        }
    }

    /// Reads one value; `pointer` is its pointer when it (or something inside it) is
    /// wanted, `None` otherwise (nothing inside is recorded then).
    fn value(&mut self, pointer: Option<String>, slot: Slot) -> Option<()> {
        if self.done {
            return Some(());
        }
        self.skip_space();
        if pointer.is_none() && self.stop_early {
            return self.skip_value();
        }
        // Positions are counted only where one may be recorded: a node nothing wants
        // needs none (columns are counted from the last position asked, so skipping
        // some changes none).
        let start = if pointer.is_some() { self.position() } else { (0, 0) };
        match self.byte()? {
            open @ (b'{' | b'[') => {
                // Its own bound on the recursion, so the text needs no other check first.
                self.depth += 1;
                if self.depth > crate::nesting::MAX_DEPTH {
                    return None;
                }
                let read = if open == b'{' {
                    self.object(pointer, start)
                } else {
                    if let Some(pointer) = &pointer {
                        self.record(pointer, start);
                    }
                    self.array(pointer)
                };
                self.depth -= 1;
                read
            }
            _ => {
                if let (Some(pointer), true) = (&pointer, slot != Slot::Member) {
                    self.record(pointer, start);
                }
                self.scalar()
            }
        }
    }

    fn object(&mut self, pointer: Option<String>, start: (usize, usize)) -> Option<()> {
        self.at += 1;
        self.skip_space();
        if self.byte()? == b'}' {
            self.at += 1;
            if let Some(pointer) = &pointer {
                self.record(pointer, start);
            }
            return Some(());
        }
        let mut first = true;
        loop {
            self.skip_space();
            let key_at = if pointer.is_some() { self.position() } else { (0, 0) };
            let (from, to) = self.string()?;
            let child = match &pointer {
                Some(pointer) => {
                    if first {
                        self.record(pointer, key_at);
                    }
                    let child = format!("{pointer}/{}", escape_token(&key(&self.text[from..to])?));
                    self.record(&child, key_at);
                    self.relevant.contains(&child).then_some(child)
                }
                None => None,
            };
            first = false;
            self.skip_space();
            (self.byte()? == b':').then_some(())?;
            self.at += 1;
            self.value(child, Slot::Member)?;
            if self.done {
                return Some(());
            }
            self.skip_space();
            match self.byte()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, pointer: Option<String>) -> Option<()> {
        self.at += 1;
        self.skip_space();
        if self.byte()? == b']' {
            self.at += 1;
            return Some(());
        }
        for index in 0.. {
            let item = pointer.as_ref().map(|p| format!("{p}/{index}")).filter(|p| self.relevant.contains(p));
            self.value(item, Slot::Item)?;
            if self.done {
                return Some(());
            }
            self.skip_space();
            match self.byte()? {
                b',' => self.at += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.at += 1;
        Some(())
    }

    /// Steps over a value nothing inside is wanted, in a text known to be JSON: brackets
    /// counted, strings jumped over with `memchr`, line breaks counted, nothing else looked
    /// at. Reading such values token by token was most of the time of locating GitHub's
    /// warnings, on a thread beside the two that print the code.
    fn skip_value(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        let mut depth = 0;
        loop {
            match *bytes.get(self.at)? {
                b'"' => {
                    self.at = end_of_string(bytes, self.at + 1)?;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                    if self.depth + depth > crate::nesting::MAX_DEPTH {
                        return None;
                    }
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.at += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b'\n' | b'\r' if depth > 0 => self.skip_space(),
                // A number, `true`, `false` or `null` ends where `scalar` says.
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return Some(()),
                _ => self.at += 1,
            }
        }
    }

    /// A string; the byte range of it, quotes included.
    fn string(&mut self) -> Option<(usize, usize)> {
        let from = self.at;
        (self.byte()? == b'"').then_some(())?;
        self.at += 1;
        loop {
            match self.byte()? {
                b'"' => {
                    self.at += 1;
                    return Some((from, self.at));
                }
                b'\\' => self.at += 2,
                b'\n' | b'\r' => return None,
                _ => self.at += 1,
            }
        }
    }

    /// A string, number, `true`, `false` or `null`.
    fn scalar(&mut self) -> Option<()> {
        if self.byte()? == b'"' {
            return self.string().map(|_| ());
        }
        let from = self.at;
        while let Some(byte) = self.byte() {
            if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.at += 1;
        }
        (self.at > from).then_some(())
    }
}

/// Where the string whose text starts at `from` ends (after its closing quote).
pub(super) fn end_of_string(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        from += memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?;
        match bytes[from] {
            b'"' => return Some(from + 1),
            _ => from += 2,
        }
    }
}

/// A key's text, its escapes decoded by `serde_json` when it has any.
pub(super) fn key(quoted: &str) -> Option<String> {
    let inner = &quoted[1..quoted.len() - 1];
    if inner.contains('\\') { serde_json::from_str(quoted).ok() } else { Some(inner.to_owned()) }
}
