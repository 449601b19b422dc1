//! Code frames: the source line of a diagnostic, rendered by `codespan-reporting`,
//! cut to [`FRAME_WIDTH`] characters around the error column so that an error in a
//! minified one-line document shows a short excerpt, not the whole document.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Frame, Label};
use codespan_reporting::files::{Error, Files};

use crate::diagnostics::{Diagnostic, Severity};

/// The most characters of a source line a code frame shows; longer lines are cut
/// around the error column, and `…` marks each cut.
pub const FRAME_WIDTH: usize = 120;

/// How many of the shown characters come before the error column on a cut line.
const BEFORE: usize = FRAME_WIDTH / 3;

/// Where each line of a text starts, found once for all the diagnostics of a file.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        Lines { text, starts }
    }

    /// The text of 1-based line `line`, without its line break.
    fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

/// The one line a frame shows: `text` is the (maybe cut) line, reported as line
/// `line` and column `column` of the file.
struct Excerpt<'a> {
    name: &'a str,
    text: String,
    line: usize,
    column: usize,
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte: usize) -> Result<usize, Error> {
        Ok(self.line - 1)
    }

    fn column_number(&'a self, (): (), _line: usize, _byte: usize) -> Result<usize, Error> {
        Ok(self.column)
    }

    fn line_range(&'a self, (): (), line: usize) -> Result<Range<usize>, Error> {
        if line + 1 == self.line {
            Ok(0..self.text.len())
        } else {
            Err(Error::LineTooLarge { given: line, max: self.line - 1 })
        }
    }
}

/// The code frame of `diagnostic` (which has a position) in the file indexed by `lines`.
pub fn render(diagnostic: &Diagnostic, file: &str, lines: &Lines) -> Option<String> {
    let (line, column) = diagnostic.position?;
    let full = lines.line(line)?;
    let chars = full.chars().count();
    let at = column.saturating_sub(1).min(chars);
    // The shown characters: all of a short line, else a window around the column.
    let (from, to) = if chars <= FRAME_WIDTH {
        (0, chars)
    } else {
        let from = at.saturating_sub(BEFORE).min(chars - FRAME_WIDTH);
        (from, from + FRAME_WIDTH)
    };
    let byte = |index: usize| full.char_indices().nth(index).map_or(full.len(), |(offset, _)| offset);
    let (start_byte, end_byte) = (byte(from), byte(to));
    let mut text = String::with_capacity(end_byte - start_byte + 8);
    if from > 0 {
        text.push('…');
    }
    let offset = text.len();
    text.push_str(&full[start_byte..end_byte]);
    if to < chars {
        text.push('…');
    }
    // Underline the token at the position (up to a separator or the end of the
    // excerpt; an opening bracket alone).
    let start = offset + byte(at) - start_byte;
    let shown = &full[byte(at).min(end_byte)..end_byte];
    let token = if shown.starts_with(['[', '{']) { 1 } else { shown.find([',', ':']).unwrap_or(shown.len()) };
    let end = start + token.max(1).min(shown.len());
    let excerpt = Excerpt { name: file, text, line, column };
    let frame = match diagnostic.severity {
        Severity::Error => Frame::error(),
        Severity::Warning => Frame::warning(),
    };
    let pointer = if diagnostic.pointer.is_empty() { "(document)" } else { &diagnostic.pointer };
    let frame = frame
        .with_message(&diagnostic.message)
        .with_labels(vec![Label::primary((), start..end)])
        .with_notes(vec![format!("at {pointer}")]);
    let config = codespan_reporting::term::Config::default();
    codespan_reporting::term::emit_into_string(&config, &excerpt, &frame).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn frame(text: &str, position: (usize, usize)) -> String {
        let mut diags = Diagnostics::new("a.json");
        diags.error_at("/x", position, "boom");
        render(&diags.items()[0], "a.json", &Lines::new(text)).expect("a frame")
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let text = "{\n  \"a\": 1,\n  \"b\": x\n}\n";
        let shown = frame(text, (3, 8));
        assert!(shown.contains("a.json:3:8"), "{shown}");
        assert!(shown.contains("3 │   \"b\": x\n"), "{shown}");
        assert!(shown.contains("  │        ^\n"), "{shown}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let filler = "ü".repeat(5_000);
        let text = format!("{{\"a\": \"{filler}\", \"b\": oops, \"c\": \"{filler}\"}}");
        let column = 5_000 + 16;
        assert_eq!(text.chars().nth(column - 1), Some('o'));
        let shown = frame(&text, (1, column));
        assert!(shown.contains(&format!("a.json:1:{column}")), "{shown}");
        let source = shown.lines().find(|l| l.starts_with("1 │")).expect("the source line");
        assert_eq!(source.chars().count(), "1 │ ".chars().count() + FRAME_WIDTH + 2, "{source}");
        assert!(source.starts_with("1 │ …üü") && source.ends_with("üü…"), "{source}");
        assert!(source.contains("\"b\": oops, \"c\""), "{source}");
        // The caret is under the token, which is `BEFORE` characters into the excerpt.
        let caret = shown.lines().find(|l| l.contains('^')).expect("a caret line");
        let caret_column = caret.chars().position(|c| c == '^').expect("a caret");
        assert_eq!(caret_column, "1 │ …".chars().count() + BEFORE);
        assert_eq!(caret.matches('^').count(), "oops".len());
        // At the very start and end of a long line only one side is cut.
        assert!(frame(&text, (1, 1)).lines().any(|l| l.starts_with("1 │ {\"a\"") && l.ends_with('…')));
        assert!(frame(&text, (1, text.chars().count())).lines().any(|l| l.starts_with("1 │ …") && l.ends_with("\"}")));
    }
}
