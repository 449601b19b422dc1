//! How deeply a document nests, found in one linear pass over its text before any
//! parser reads it.
//!
//! Both YAML readers the generator uses (`yaml_serde`'s libyaml port in [`load`](crate::load),
//! `yaml-rust2` in [`locate`](crate::locate)) decide whether a flow collection is an
//! implicit key by buffering tokens until it closes, and walk their stack of possible
//! keys for every token: 50,000 nested `[` cost quadratic time (seconds in a release
//! build, minutes in a debug one) before their recursion limits (128) are reached.
//! Neither crate offers a cheaper depth check, so this module is a small hand-written
//! lexer: it knows quoted scalars, comments, block scalars, plain scalars and document
//! markers well enough to count flow brackets exactly, and counts block collections by
//! their indentation. JSON is flow-style YAML, so the same pass serves both formats.
//! Its work per byte is constant and its memory is bounded by [`MAX_DEPTH`].

/// The deepest nesting of mappings and sequences accepted (the document itself is
/// level 1). OpenAPI documents need about 15 to 25 levels; both parsers stop at 128
/// on their own, so the limit stays below theirs and every document that is too deep
/// gets this module's located message rather than a parser's.
pub const MAX_DEPTH: usize = 100;

/// Where a document first nests deeper than [`MAX_DEPTH`]: 1-based line and column
/// (in characters) of the bracket or block node that opens level `MAX_DEPTH + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Checks that `text` (YAML or JSON) nests at most [`MAX_DEPTH`] levels.
///
/// Flow collections (`[`, `{`) are counted exactly; block collections are counted
/// from indentation, which can over-count a plain scalar continued on a line that
/// starts with `- ` by one level for that line. Text that is not well-formed is
/// scanned as far as it goes: the parsers report its errors.
pub fn check(text: &str) -> Result<(), TooDeep> {
    check_limit(text, MAX_DEPTH)
}

fn check_limit(text: &str, limit: usize) -> Result<(), TooDeep> {
    let mut scanner = Scanner { limit, ..Scanner::default() };
    for (index, line) in text.split('\n').enumerate() {
        scanner.line(line.as_bytes(), index + 1)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Sequence,
    Mapping,
}

/// State carried from one line to the next.
#[derive(Default)]
struct Scanner {
    /// The deepest nesting accepted.
    limit: usize,
    /// Open block collections: their column (0-based, in bytes: only spaces and
    /// indicators precede one) and kind, outermost first.
    blocks: Vec<(usize, Block)>,
    /// Open flow collections.
    flow: usize,
    /// Inside a quoted scalar that continues on the next line: its quote character.
    quote: Option<u8>,
    /// Lines indented more than this column (or blank) are text: the content of a block
    /// scalar (`|`, `>`) or the continuation of a plain scalar. `Some(-1)` at top level.
    text_deeper_than: Option<isize>,
}

/// The lexer's position within one line.
struct Cursor<'a> {
    bytes: &'a [u8],
    line: usize,
    at: usize,
    /// Inside a plain (unquoted) scalar.
    plain: bool,
    /// Where the current block node starts, until it is known to be a mapping key.
    node: Option<usize>,
}

impl Cursor<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    /// Whether the byte after the current one is whitespace or the end of the line.
    fn separated(&self) -> bool {
        matches!(self.peek(1), None | Some(b' ' | b'\t' | b'\r'))
    }

    /// Where the node after the indicator at the current byte starts.
    fn next_node(&self) -> usize {
        let rest = &self.bytes[self.at + 1..];
        self.at + 1 + rest.iter().take_while(|b| matches!(b, b' ' | b'\t')).count()
    }

    fn after_whitespace(&self) -> bool {
        self.at == 0 || matches!(self.bytes[self.at - 1], b' ' | b'\t')
    }

    /// The position of byte `at` of the line (columns count characters).
    fn position(&self, at: usize) -> TooDeep {
        let column = self.bytes[..at].iter().filter(|b| (**b & 0xC0) != 0x80).count() + 1;
        TooDeep { line: self.line, column }
    }
}

impl Scanner {
    fn depth(&self) -> usize {
        self.blocks.len() + self.flow
    }

    fn line(&mut self, bytes: &[u8], line: usize) -> Result<(), TooDeep> {
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        let content = &bytes[indent..];
        let blank = content.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        let mut cursor = Cursor { bytes, line, at: 0, plain: false, node: None };
        if self.quote.is_none() && self.flow == 0 {
            let document_marker = marker(bytes, b"---") || marker(bytes, b"...");
            if let Some(owner) = self.text_deeper_than {
                if !document_marker && (blank || indent as isize > owner) {
                    return Ok(());
                }
                self.text_deeper_than = None;
            }
            if blank || content.first() == Some(&b'#') {
                return Ok(());
            }
            if document_marker {
                self.blocks.clear();
                cursor.at = 3;
            } else if indent == 0 && bytes[0] == b'%' {
                return Ok(());
            } else {
                self.dedent(indent, content);
                cursor.at = indent;
                cursor.node = Some(indent);
            }
        }
        while cursor.at < bytes.len() {
            if self.quote.is_some() {
                self.quoted(&mut cursor);
            } else {
                self.token(&mut cursor)?;
            }
        }
        if cursor.plain && self.flow == 0 {
            // A plain scalar may go on on the lines indented more than its collection.
            let owner = self.blocks.last().map_or(-1, |(column, _)| *column as isize);
            self.text_deeper_than = Some(owner);
        }
        Ok(())
    }

    /// Closes the block collections a line indented by `indent` is outside of.
    fn dedent(&mut self, indent: usize, content: &[u8]) {
        let entry = content.first() == Some(&b'-') && matches!(content.get(1), None | Some(b' ' | b'\t' | b'\r'));
        while let Some(&(column, kind)) = self.blocks.last() {
            // A sequence at the indentation of its mapping's keys ends at the next key.
            if column > indent || (column == indent && kind == Block::Sequence && !entry) {
                self.blocks.pop();
            } else {
                break;
            }
        }
    }

    /// Enters a block collection of `kind` at `column`, unless it is the one open there.
    fn open(&mut self, kind: Block, column: usize, cursor: &Cursor) -> Result<(), TooDeep> {
        if self.blocks.last() == Some(&(column, kind)) {
            return Ok(());
        }
        self.blocks.push((column, kind));
        if self.depth() > self.limit {
            return Err(cursor.position(column));
        }
        Ok(())
    }

    /// Reads on inside a quoted scalar, up to its closing quote or the end of the line.
    fn quoted(&mut self, cursor: &mut Cursor) {
        let Some(quote) = self.quote else { return };
        while let Some(byte) = cursor.peek(0) {
            cursor.at += 1;
            if byte == b'\\' && quote == b'"' {
                cursor.at += 1;
            } else if byte == quote {
                if quote == b'\'' && cursor.peek(0) == Some(b'\'') {
                    cursor.at += 1;
                } else {
                    self.quote = None;
                    return;
                }
            }
        }
        cursor.at = cursor.at.min(cursor.bytes.len());
    }

    /// Reads one token (or one byte of a plain scalar) outside quotes.
    fn token(&mut self, cursor: &mut Cursor) -> Result<(), TooDeep> {
        let byte = cursor.bytes[cursor.at];
        let block = self.flow == 0;
        match byte {
            b' ' | b'\t' | b'\r' => {}
            b'#' if cursor.after_whitespace() => {
                cursor.at = cursor.bytes.len();
                return Ok(());
            }
            b'[' | b'{' if !(block && cursor.plain) => {
                self.flow += 1;
                cursor.plain = false;
                if self.depth() > self.limit {
                    return Err(cursor.position(cursor.at));
                }
            }
            b']' | b'}' if !block => {
                self.flow -= 1;
                cursor.plain = false;
            }
            b',' if !block => cursor.plain = false,
            b':' if !cursor.plain
                || cursor.separated()
                || (!block && b",[]{}".contains(&cursor.peek(1).unwrap_or(0))) =>
            {
                cursor.plain = false;
                if block && let Some(column) = cursor.node.take() {
                    self.open(Block::Mapping, column, cursor)?;
                    // An explicit value (`: ` where a node starts) holds a node of its own.
                    if column == cursor.at {
                        cursor.node = Some(cursor.next_node());
                    }
                }
            }
            b'"' | b'\'' if !cursor.plain => self.quote = Some(byte),
            b'|' | b'>' if block && !cursor.plain => {
                let owner = self.blocks.last().map_or(-1, |(column, _)| *column as isize);
                self.text_deeper_than = Some(owner);
                cursor.at = cursor.bytes.len();
                return Ok(());
            }
            b'-' | b'?' if block && !cursor.plain && cursor.separated() => {
                let kind = if byte == b'-' { Block::Sequence } else { Block::Mapping };
                self.open(kind, cursor.at, cursor)?;
                cursor.node = Some(cursor.next_node());
            }
            // Anchors, aliases and tags: skipped; a quoted scalar may follow them.
            b'&' | b'*' | b'!' if !cursor.plain => {
                while cursor.peek(1).is_some_and(|b| !b" \t\r,[]{}".contains(&b)) {
                    cursor.at += 1;
                }
            }
            _ => cursor.plain = true,
        }
        cursor.at += 1;
        Ok(())
    }
}

/// Whether `bytes` starts with a document marker (`---`, `...`) standing on its own.
fn marker(bytes: &[u8], marker: &[u8]) -> bool {
    bytes.starts_with(marker) && matches!(bytes.get(3), None | Some(b' ' | b'\t' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The depth the scan finds: the smallest limit the text passes.
    fn depth(text: &str) -> usize {
        (0..=MAX_DEPTH).find(|limit| check_limit(text, *limit).is_ok()).expect("shallow test text")
    }

    #[test]
    fn flow_brackets_are_counted_and_located() {
        assert_eq!(depth("[]"), 1);
        assert_eq!(depth("{a: [1, {b: []}]}"), 4);
        let deep = format!("a:\n  b: {}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        // Two block mappings, then the 99th bracket opens level 101 (column 6 + 98).
        assert_eq!(check(&deep), Err(TooDeep { line: 2, column: 6 + MAX_DEPTH - 2 }));
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(check(&fine), Ok(()));
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(check(&format!("a: \"{deep}\"\n")), Ok(()));
        assert_eq!(check(&format!("a: '{deep} it''s'\n")), Ok(()));
        assert_eq!(check(&format!("a: \"\\\"{deep}\"\n")), Ok(()));
        assert_eq!(check(&format!("a: 1 # {deep}\n")), Ok(()));
        assert_eq!(check(&format!("# {deep}\n")), Ok(()));
        assert_eq!(check(&format!("{{\"a\": \"{deep}\\\"\", \"b\": \"[\"}}")), Ok(()));
        // A quoted scalar going on over several lines.
        assert_eq!(check(&format!("a: \"x\n  {deep}\n  y\"\nb: 1\n")), Ok(()));
        // A quote inside a plain scalar is text: the brackets after it are in a comment.
        assert_eq!(depth("a: it's # [[[\nb: ']'\n"), 1);
        // `#` without a space before it is part of a plain scalar.
        assert_eq!(depth("a: [x#1, y]\n"), 2);
    }

    #[test]
    fn text_in_block_and_plain_scalars_does_not_count() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(check(&format!("a: |\n  {deep}\n\n  {deep}\nb: 1\n")), Ok(()));
        assert_eq!(check(&format!("- a: >-\n    {deep}\n  b: 1\n")), Ok(()));
        assert_eq!(check(&format!("a: see {deep}\n  and {deep}\nb: x\n")), Ok(()));
        // After a block scalar, the next key is read again.
        assert_eq!(depth("a: |\n  [[\nb: [[1]]\n"), 3);
    }

    #[test]
    fn block_collections_are_counted_by_indentation() {
        assert_eq!(depth("a: 1\n"), 1);
        assert_eq!(depth("a:\n  b:\n    c: 1\nd: 2\n"), 3);
        // An indentless sequence is a level of its own, and ends at the next key.
        assert_eq!(depth("a:\n- 1\n- 2\nb: 3\n"), 2);
        assert_eq!(depth("a:\n- b:\n  - c: 1\n"), 5);
        assert_eq!(depth("- - - x\n"), 3);
        assert_eq!(depth("- a: 1\n  b: [2]\n- c: 3\n"), 3);
        assert_eq!(depth("? a\n: - b\n"), 2);
        assert_eq!(depth("? a\n: b: 1\n  c:\n  - d\n"), 3);
        assert_eq!(depth("--- !tag &x\na: *x\n...\n%YAML 1.2\n---\n- 1\n"), 1);
        let deep: String = (0..=MAX_DEPTH).map(|level| format!("{}k:\n", " ".repeat(level))).collect();
        assert_eq!(check(&deep), Err(TooDeep { line: MAX_DEPTH + 1, column: MAX_DEPTH + 1 }));
    }

    #[test]
    fn json_is_counted_like_flow_yaml() {
        assert_eq!(depth("{\"a\": {\"b\": [1, \"]\"]}, \"c\": \"x\\\\\"}"), 3);
        assert_eq!(depth("{\n  \"a\": [\n    {}\n  ]\n}\n"), 3);
    }
}
