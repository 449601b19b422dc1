//! Diagnostics: every problem found in a spec, with where it is.
//!
//! Stages never panic on bad input; they push a [`Diagnostic`] into a
//! [`Diagnostics`] collector and carry on where they can, so one run reports as
//! many problems as possible. Generation fails when any error was collected.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation went on, with a fallback the message names.
    Warning,
    /// Generation cannot produce correct code; nothing is written.
    Error,
}

/// One problem, located by file and JSON pointer (and line:column where known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// RFC 6901 JSON pointer of the node (`""` for the whole document).
    pub pointer: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, and what was done about it.
    pub message: String,
    /// The source lines around the position, rendered (when the source is known).
    pub snippet: Option<String>,
    /// How many more places with the same message it stands for, not listed one by
    /// one (see [`Diagnostics`]; 0 for most).
    pub unlisted: usize,
}

/// How many problems `diagnostics` report, those not listed one by one included.
pub fn total(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().map(|d| 1 + d.unlisted).sum()
}

impl Diagnostic {
    /// The diagnostic with a code frame around its position in `source` (the text of
    /// its file), rendered by `codespan-reporting`; unchanged without a position.
    #[must_use]
    pub fn with_snippet(self, source: &str) -> Self {
        self.with_frame(&crate::frame::Lines::new(source))
    }

    fn with_frame(mut self, lines: &crate::frame::Lines) -> Self {
        self.snippet = crate::frame::render(&self, &self.file.display().to_string(), lines);
        self
    }

    /// The diagnostic for a terminal: the code frame when there is one, else one line.
    /// Spec text in it is shown, never acted on (see [`printable`]).
    pub fn render(&self) -> String {
        match &self.snippet {
            Some(snippet) => printable(snippet).into_owned(),
            None => format!("{self}\n"),
        }
    }
}

/// `text` with what a terminal would act on rather than show written as `\u{…}`:
/// control characters but line breaks and tabs (an escape sequence from a spec could
/// clear the screen or retitle the window), the bidirectional controls that make
/// text read otherwise than it is stored, the Unicode line and paragraph separators
/// (which browsers and line readers such as Python's `splitlines` take for line
/// breaks) and the invisible characters that make two names look alike (zero-width
/// space, joiner and non-joiner, word joiners, the byte order mark, the soft hyphen).
pub fn printable(text: &str) -> Cow<'_, str> {
    shown(text, false)
}

/// [`printable`], line breaks escaped too: for text that must stay on its line (a line of
/// a report, which spec text must not end to forge the next).
pub fn printable_line(text: &str) -> Cow<'_, str> {
    shown(text, true)
}

/// Whether [`printable`] (`one_line` false) or [`printable_line`] (true) escapes `c`:
/// control characters, and every character that shows as nothing or acts on the text
/// around it (format characters, separators, fillers: the list the documentation uses,
/// `emit::docs::is_hidden`).
pub fn acted_on(c: char, one_line: bool) -> bool {
    (c.is_control() && (one_line || (c != '\n' && c != '\t'))) || (!c.is_ascii() && crate::emit::docs::is_hidden(c))
}

fn shown(text: &str, one_line: bool) -> Cow<'_, str> {
    let acted_on = |c: char| acted_on(c, one_line);
    if !text.contains(acted_on) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acted_on(c) {
            shown.push_str(&c.escape_unicode().to_string());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}: {}", printable(&self.file.display().to_string()))?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        let pointer = if self.pointer.is_empty() { "(document)" } else { &self.pointer };
        write!(f, " at {}: {}", printable(pointer), printable(&self.message))
    }
}

/// A diagnostic as recorded: severity, file, pointer, position and message.
type Recorded = (Severity, PathBuf, String, Option<(usize, usize)>, String);

/// At most this many diagnostics of one severity with one message are kept; the rest
/// are counted in one more (at the first not kept). A node that YAML aliases copy to
/// thousands of places (or a schema many others inline) must not write thousands of
/// lines saying the same.
const SAME_MESSAGE: usize = 50;

/// Collects diagnostics for one file.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    file: PathBuf,
    items: Vec<Diagnostic>,
    /// What was recorded, as recorded, so that the same diagnostic is kept once without
    /// comparing it with every other (40,000 warnings took 9 s).
    seen: HashSet<Recorded>,
    /// Per severity and message: how many were recorded, and where the last one kept
    /// is, which counts those not kept (see [`SAME_MESSAGE`]).
    same: HashMap<(Severity, String), (usize, Option<usize>)>,
    /// Nodes a stage moved: (pointer now, the file it came from if another one,
    /// pointer in that file), so that diagnostics point at where the author wrote them.
    moves: Vec<(String, Option<PathBuf>, String)>,
    /// Union members normalize took out (those allowing `null` alone, which make the
    /// union `nullable`), where their union was when it was walked (after the moves
    /// of its ancestors): a `$ref` to one is read as what it allowed.
    removed_nulls: HashSet<String>,
    /// Schemas a `$ref` names where normalize would take them out (a `then` branch, a
    /// pattern's schema), by pointer: normalize keeps them where they are instead.
    named_branches: HashSet<String>,
}

impl Diagnostics {
    /// A collector for diagnostics about `file`.
    pub fn new(file: impl AsRef<Path>) -> Self {
        Diagnostics {
            file: file.as_ref().to_path_buf(),
            items: Vec::new(),
            seen: HashSet::new(),
            same: HashMap::new(),
            moves: Vec::new(),
            removed_nulls: HashSet::new(),
            named_branches: HashSet::new(),
        }
    }

    /// Records an error.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), None, message.into());
    }

    /// Records a warning.
    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), None, message.into());
    }

    /// Records an error with a known line and column.
    pub fn error_at(&mut self, pointer: impl Into<String>, position: (usize, usize), message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), Some(position), message.into());
    }

    fn push(&mut self, severity: Severity, pointer: String, position: Option<(usize, usize)>, message: String) {
        let file = self.file.clone();
        let diagnostic = Diagnostic { severity, file, pointer, position, message, snippet: None, unlisted: 0 };
        // The same construct reached twice (e.g. a schema used by two operations)
        // is reported once.
        self.keep(diagnostic);
    }

    /// Adds `diagnostic` unless the same one was recorded.
    fn keep(&mut self, diagnostic: Diagnostic) {
        let d = &diagnostic;
        let key = (d.severity, d.file.clone(), d.pointer.clone(), d.position, d.message.clone());
        if !self.seen.insert(key) {
            return;
        }
        let (count, last) = self.same.entry((d.severity, d.message.clone())).or_default();
        *count += 1;
        if *count <= SAME_MESSAGE + 1 {
            // The last one kept says how many more there are, once there are.
            *last = Some(self.items.len());
            self.items.push(diagnostic);
            return;
        }
        let others = *count - SAME_MESSAGE - 1;
        if let Some(index) = *last {
            let kept = &mut self.items[index];
            kept.message = format!("{} (and at {others} more place(s), not listed one by one)", diagnostic.message);
            kept.unlisted = others;
        }
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of warnings, those counted in another's message (not listed one by
    /// one) too.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).map(|d| 1 + d.unlisted).sum()
    }

    /// All diagnostics, in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Moves the diagnostics of another collector into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        for item in other.items {
            self.keep(item);
        }
        // An overlay's schemas are normalized apart: the null members taken out of them too.
        self.removed_nulls.extend(other.removed_nulls);
    }

    /// Keeps the errors, and the warnings about nodes under one of `nodes` (pointers).
    pub(crate) fn retain_warnings_under<'a>(&mut self, nodes: impl Iterator<Item = &'a str>) {
        let nodes: Vec<&str> = nodes.collect();
        self.items
            .retain(|item| item.severity == Severity::Error || nodes.iter().any(|node| under(&item.pointer, node)));
    }

    /// Moves diagnostics about document nodes that an overlay wrote to the overlay
    /// file, at the pointer of the written value: that is where the fix goes.
    pub fn attribute_to_overlay(&mut self, overlay: &Path, written: &[crate::overlay::Written]) {
        for item in &mut self.items {
            if item.file == overlay {
                continue;
            }
            // The deepest written node that holds the diagnostic's node.
            let found = written.iter().filter(|w| under(&item.pointer, &w.document)).max_by_key(|w| w.document.len());
            if let Some(w) = found {
                item.pointer = format!("{}{}", w.overlay, &item.pointer[w.document.len()..]);
                item.file = overlay.to_path_buf();
            }
        }
    }

    /// Records that a stage moved the node written at `original` to `now` (3.1
    /// `$defs` into components): diagnostics under `now` are reported at `original`.
    pub fn record_move(&mut self, now: &str, original: &str) {
        self.moves.push((now.to_owned(), None, original.to_owned()));
    }

    /// Records that normalize took out the union member at `pointer`, which allowed `null`
    /// alone (see `removed_nulls`).
    pub fn record_null_removed(&mut self, pointer: String) {
        self.removed_nulls.insert(pointer);
    }

    /// Whether the member at `pointer` was one normalize took out for allowing `null`
    /// alone.
    pub(crate) fn null_removed(&self, pointer: &str) -> bool {
        self.removed_nulls.contains(pointer)
    }

    /// Records the pointers of the schemas `$ref`s name where normalize would take them
    /// out (see `normalize::defs::named_branches`).
    pub(crate) fn record_named_branches(&mut self, pointers: HashSet<String>) {
        self.named_branches = pointers;
    }

    /// Whether a `$ref` names the schema at `pointer`, which normalize must then keep.
    pub(crate) fn names_branch(&self, pointer: &str) -> bool {
        self.named_branches.contains(pointer)
    }

    /// The moves within the document made so far, indexed to follow pointers through them
    /// (a `$ref` written to where `normalize` took a node from follows it there).
    pub(crate) fn moves_within(&self) -> MovesWithin<'_> {
        let mut by_original: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (index, (_, _, original)) in self.moves.iter().enumerate().filter(|(_, (_, file, _))| file.is_none()) {
            by_original.entry(original.as_str()).or_default().push(index);
        }
        MovesWithin { moves: &self.moves, by_original }
    }

    /// Records that the node at `now` was read from `file` at `original` (a spec
    /// split over several files): diagnostics under `now` are reported there.
    pub fn record_move_to_file(&mut self, now: &str, file: &str, original: &str) {
        self.moves.push((now.to_owned(), Some(PathBuf::from(file)), original.to_owned()));
    }

    /// Points each diagnostic of the main file back at where its node was written, once
    /// (each file's `locate` calls this: a pointer mapped back must not be mapped again).
    /// Moves within the document (`normalize`'s, made after bundling) are undone latest
    /// first, each `now` being a pointer of the document as that move left it, so a schema
    /// moved twice is followed back through both; then the move that brought the node in
    /// from another file, if any.
    fn apply_moves(&mut self) {
        let moves = std::mem::take(&mut self.moves);
        // The moves within the document by the pointer they left their node at, each list
        // in the order made: a pointer's candidates are its own prefixes, not every move.
        let mut by_now: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (index, (now, _, _)) in moves.iter().enumerate().filter(|(_, (_, file, _))| file.is_none()) {
            by_now.entry(now.as_str()).or_default().push(index);
        }
        for item in self.items.iter_mut().filter(|item| item.file == self.file) {
            // Latest first: the latest move before the last one undone whose node holds the
            // pointer as it is now.
            let mut before = moves.len();
            while let Some(index) = latest_move(&by_now, &item.pointer, before) {
                let (now, _, original) = &moves[index];
                item.pointer = format!("{original}{}", &item.pointer[now.len()..]);
                before = index;
            }
            let from_file = moves.iter().find(|(now, file, _)| file.is_some() && under(&item.pointer, now));
            if let Some((now, Some(file), original)) = from_file {
                item.pointer = format!("{original}{}", &item.pointer[now.len()..]);
                item.file = file.clone();
            }
        }
        // Copies of one node (a path item copied to two paths) say the same things of it
        // once it is found where it is written: once each.
        if !moves.is_empty() {
            let mut seen = std::collections::HashSet::new();
            self.items.retain(|item| seen.insert((item.file.clone(), item.pointer.clone(), item.message.clone())));
        }
    }

    /// Moves errors about a document node that an overlay action removed (a member the
    /// document needs, the target of a `$ref`) to that action in the overlay file.
    pub fn attribute_removals(&mut self, overlay: &Path, removed: &[crate::overlay::Removed]) {
        for item in &mut self.items {
            if item.file == overlay || item.severity != Severity::Error {
                continue;
            }
            let Some(missing) = missing_node(item) else { continue };
            let Some(cause) = removed.iter().find(|r| under(&missing, &r.document)) else {
                continue;
            };
            let action = cause.action.rsplit('/').next().unwrap_or_default();
            let pointer = if item.pointer.is_empty() { "(document)" } else { &item.pointer };
            item.message = format!(
                "action {action} (target `{}`) removed {}, which the document needs: {} at {pointer}: {}",
                cause.target,
                cause.document,
                item.file.display(),
                item.message
            );
            item.pointer = format!("{}/target", cause.action);
            item.file = overlay.to_path_buf();
            item.position = None;
        }
    }

    /// Fills in line:column (found by pointer in `source`, the text of `file`) and,
    /// for errors, a code frame.
    pub fn locate(&mut self, file: &Path, source: &str) {
        if !self.items.iter().any(|item| item.file == file) {
            return;
        }
        // A byte order mark is not part of the document (the loader reads it without
        // one), and editors count columns after it.
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        self.apply_moves();
        // Reading the positions of every node is the costly part: only when needed.
        let unplaced: Vec<&str> = self
            .items
            .iter()
            .filter(|item| item.file == file && item.position.is_none())
            .map(|item| item.pointer.as_str())
            .collect();
        let json = file.extension().is_some_and(|extension| extension == "json");
        let locations = match (unplaced.is_empty(), json) {
            (true, _) => None,
            (false, true) => crate::locate::Locations::of_json(source, unplaced),
            (false, false) => crate::locate::Locations::of(source, unplaced),
        };
        // The lines of the text, for the frames of errors only (warnings have none).
        let mut lines = None;
        for item in &mut self.items {
            if item.file != file {
                continue;
            }
            if item.position.is_none() {
                item.position = locations.as_ref().and_then(|l| l.find(&item.pointer));
            }
            if item.severity == Severity::Error {
                let lines = lines.get_or_insert_with(|| crate::frame::Lines::new(source));
                *item = std::mem::replace(item, placeholder()).with_frame(lines);
            }
        }
    }
}

/// The moves within the document, by the pointer each took its node from.
pub(crate) struct MovesWithin<'a> {
    moves: &'a [(String, Option<PathBuf>, String)],
    by_original: std::collections::HashMap<&'a str, Vec<usize>>,
}

impl MovesWithin<'_> {
    /// Where a node at `pointer` of the document is now: each move, in the order made,
    /// that took a node holding it (or it) applied in turn; `None` when none moved it.
    pub(crate) fn moved_to(&self, pointer: &str) -> Option<String> {
        let mut current = pointer.to_owned();
        let mut next = 0;
        while let Some(index) = self.first_from(&current, next) {
            let (now, _, original) = &self.moves[index];
            current = format!("{now}{}", &current[original.len()..]);
            next = index + 1;
        }
        (current != pointer).then_some(current)
    }

    /// The first move made at or after `next` (an index of the moves) that took its node
    /// from `pointer` or from a node holding it.
    fn first_from(&self, pointer: &str, next: usize) -> Option<usize> {
        node_ends(pointer)
            .filter_map(|end| {
                let made = self.by_original.get(&pointer[..end])?;
                made.get(made.partition_point(|&index| index < next)).copied()
            })
            .min()
    }
}

/// Where the pointers of `pointer`'s node and of each node holding it end in it.
fn node_ends(pointer: &str) -> impl Iterator<Item = usize> + '_ {
    pointer.match_indices('/').map(|(at, _)| at).chain(std::iter::once(pointer.len()))
}

/// Whether the node at `pointer` is the one at `node` or inside it.
fn under(pointer: &str, node: &str) -> bool {
    pointer.strip_prefix(node).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The latest move made before `before` (an index of the moves) that left its node at
/// `pointer` or at a node holding it.
fn latest_move(by_now: &std::collections::HashMap<&str, Vec<usize>>, pointer: &str, before: usize) -> Option<usize> {
    node_ends(pointer)
        .filter_map(|end| {
            let made = by_now.get(&pointer[..end])?;
            made.iter().rev().find(|&&index| index < before).copied()
        })
        .max()
}

/// The pointer of the document node an error says is not there: ``missing field `x` ``
/// at `P` means `P/x`; ``unresolved $ref `#/a/b` `` means `/a/b`.
fn missing_node(item: &Diagnostic) -> Option<String> {
    if let Some((_, rest)) = item.message.split_once("missing field `") {
        let field = rest.split('`').next()?;
        return Some(pointer(&item.pointer, &[field]));
    }
    let rest = item.message.strip_prefix("unresolved $ref `#")?;
    Some(rest.split('`').next()?.to_owned())
}

fn placeholder() -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        file: PathBuf::new(),
        pointer: String::new(),
        position: None,
        message: String::new(),
        snippet: None,
        unlisted: 0,
    }
}

/// Escapes one JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Appends `/` and one token, escaped, to a JSON pointer.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Reads one JSON pointer token (RFC 6901: `~1` → `/`, then `~0` → `~`).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The name of the component of `section` (`parameters`, `responses`, …) that a local
/// `$ref` names, read as a URI fragment holding a JSON pointer: percent-decoded, then
/// its token unescaped (`~1` for `/`). `None` for a reference of another form.
pub(crate) fn component_entry(reference: &str, section: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    let name = percent_encoding::percent_decode_str(name).decode_utf8().ok()?;
    (!name.contains('/')).then(|| unescape_token(&name))
}

/// The JSON pointer a local `$ref` (`#/…`) holds, percent-decoded; `None` for a
/// reference to another document, or one that does not decode to UTF-8.
pub(crate) fn local_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    percent_encoding::percent_decode_str(fragment).decode_utf8().ok().map(Cow::into_owned)
}

/// Follows `$ref`s from `value`: while it is an object with a string `$ref`, to what
/// `lookup` finds for that reference, `steps` times at most (more is a cycle). The
/// object it ends at (which may hold a `$ref` that is not a string) and the last
/// reference followed; `None` when a reference finds nothing or the steps run out.
pub(crate) fn follow_refs<'a>(
    mut value: &'a serde_json::Value,
    steps: usize,
    lookup: impl Fn(&str) -> Option<&'a serde_json::Value>,
) -> Option<(&'a serde_json::Value, Option<&'a str>)> {
    let mut last = None;
    for _ in 0..=steps {
        let Some(reference) = value.get("$ref").and_then(serde_json::Value::as_str) else {
            return Some((value, last));
        };
        value = lookup(reference)?;
        last = Some(reference);
    }
    None
}

/// Appends tokens to a JSON pointer.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = String::with_capacity(base.len() + tokens.iter().map(|token| token.len() + 1).sum::<usize>());
    out.push_str(base);
    for token in tokens {
        push_token(&mut out, token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_is_kept_fifty_times_then_counted_once() {
        let mut diags = Diagnostics::new("x.yaml");
        for i in 0..SAME_MESSAGE + 30 {
            diags.error(format!("/fan/{i}/<<"), "a merge key takes a mapping");
            diags.warning(format!("/w/{i}"), format!("warning {i}"));
        }
        let same: Vec<&Diagnostic> = diags.items().iter().filter(|d| d.severity == Severity::Error).collect();
        assert_eq!(same.len(), SAME_MESSAGE + 1);
        let last = same[SAME_MESSAGE];
        assert_eq!(last.pointer, format!("/fan/{SAME_MESSAGE}/<<"));
        assert_eq!(last.message, "a merge key takes a mapping (and at 29 more place(s), not listed one by one)");
        assert_eq!(total(&same.into_iter().cloned().collect::<Vec<_>>()), SAME_MESSAGE + 30);
        // Other messages are each kept.
        assert_eq!(diags.warning_count(), SAME_MESSAGE + 30);
        // One more than the limit: shown as it is.
        let mut diags = Diagnostics::new("x.yaml");
        for i in 0..=SAME_MESSAGE {
            diags.warning(format!("/w/{i}"), "same");
        }
        assert!(diags.items().iter().all(|d| d.message == "same"));
        diags.warning("/w/last", "same");
        assert_eq!(diags.warning_count(), SAME_MESSAGE + 2);
        assert_eq!(diags.items().len(), SAME_MESSAGE + 1);
    }

    /// Escape sequences and bidirectional controls from a spec are shown, not acted on,
    /// in the one-line form and in the code frame alike.
    #[test]
    fn spec_text_reaches_the_terminal_as_text() {
        let hostile = "x\u{1b}[2J\u{1b}]0;title\u{7}\u{202e}gnp.exe\u{9b}31m";
        let source = format!("openapi: 3.0.3\nname: \"{hostile}\"\n");
        let mut diags = Diagnostics::new("spec.yaml");
        diags.error_at(format!("/{hostile}"), (2, 7), format!("bad name `{hostile}`"));
        let diagnostic = diags.items()[0].clone();
        for shown in [diagnostic.to_string(), diagnostic.clone().with_snippet(&source).render()] {
            assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
            assert!(!shown.contains('\u{202e}') && shown.contains("\\u{1b}[2J"), "{shown}");
        }
        assert_eq!(printable("plain\ttext\n"), Cow::Borrowed("plain\ttext\n"));
        // Unicode line breaks and invisible characters, which forge lines or names.
        let forged = "get\u{2028}suggested version bump: none\u{2029}Pet\u{200b}\u{feff}\u{2060}\u{200d}\u{ad}\u{e0041}\u{206a}\u{3164}";
        let line = printable_line(forged);
        let hidden = [
            '\u{2028}',
            '\u{2029}',
            '\u{200b}',
            '\u{feff}',
            '\u{2060}',
            '\u{200d}',
            '\u{ad}',
            '\u{e0041}',
            '\u{206a}',
            '\u{3164}',
        ];
        assert!(!line.contains(hidden), "{line}");
        assert_eq!(line.lines().count(), 1);
    }

    /// A document starting with a byte order mark is located as the loader reads it.
    #[test]
    fn a_byte_order_mark_does_not_hide_positions() {
        let source = "\u{feff}{\n  \"openapi\": \"3.0.3\",\n  \"info\": 5\n}\n";
        let mut diags = Diagnostics::new("spec.json");
        diags.warning("/info", "not an object");
        diags.locate(Path::new("spec.json"), source);
        assert_eq!(diags.items()[0].position, Some((3, 3)), "{:?}", diags.items());
    }

    /// The same diagnostic recorded twice is kept once; others keep their order.
    #[test]
    fn repeated_diagnostics_are_kept_once() {
        let mut diags = Diagnostics::new("spec.yaml");
        for round in 0..3 {
            for i in 0..1000 {
                diags.warning(format!("/p{i}"), format!("unsupported {i}"));
            }
            diags.error("", format!("round {round}"));
        }
        assert_eq!(diags.warning_count(), 1000);
        let errors: Vec<&str> =
            diags.items().iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.as_str()).collect();
        assert_eq!(errors, ["round 0", "round 1", "round 2"]);
    }

    #[test]
    fn display_names_file_position_and_pointer() {
        let mut diags = Diagnostics::new("specs/x/openapi.json");
        diags.error_at("/paths/~1a/get", (3, 7), "boom");
        diags.warning("", "hmm");
        diags.warning("", "hmm");
        assert_eq!(diags.items().len(), 2);
        assert_eq!(diags.items()[0].to_string(), "error: specs/x/openapi.json:3:7 at /paths/~1a/get: boom");
        assert_eq!(diags.items()[1].to_string(), "warning: specs/x/openapi.json at (document): hmm");
        assert!(diags.has_errors());
        assert_eq!(diags.warning_count(), 1);
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer("/paths", &["/a/{b}", "get"]), "/paths/~1a~1{b}/get");
        assert_eq!(escape_token("a~b"), "a~0b");
        assert_eq!(escape_token("~1/~0"), "~01~1~00");
        assert_eq!(unescape_token(&escape_token("~1/~0")), "~1/~0");
        let mut at = "/a".to_owned();
        push_token(&mut at, "b/c");
        assert_eq!(at, "/a/b~1c");
    }
}
