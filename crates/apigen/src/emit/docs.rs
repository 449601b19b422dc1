//! Spec prose (CommonMark, as vendors write it) into rustdoc that builds without
//! warnings and never turns into doctests.
//!
//! - Newlines are normalised; swaggo annotations (`@Description x`, `@Example y`)
//!   are turned into prose.
//! - Leading indentation is dropped outside fences (an indented block would be
//!   compiled as a doctest); list and quote continuations are re-indented so that
//!   clippy's `doc_lazy_continuation` holds.
//! - Fenced blocks are kept, marked `text` so rustdoc does not compile them.
//! - Outside code: `[x]` that is not a link is escaped (no broken intra-doc links),
//!   `<` is escaped unless it opens an autolink (no invalid HTML tags), and bare
//!   URLs are wrapped in `<…>` (no `bare_urls`).

use proc_macro2::TokenStream;
use quote::quote;

/// Documentation being assembled from paragraphs: the spec's prose (sanitised)
/// and the generator's own sentences (trusted, may hold intra-doc links).
#[derive(Debug, Default, Clone)]
pub struct Docs {
    lines: Vec<String>,
}

impl Docs {
    /// Empty documentation.
    pub fn new() -> Self {
        Docs::default()
    }

    fn paragraph(&mut self, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.extend(lines);
    }

    /// Adds a paragraph of spec prose, sanitised; `None` and blank text add nothing.
    #[must_use]
    pub fn spec(mut self, text: Option<&str>) -> Self {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.paragraph(markdown_lines(text));
        }
        self
    }

    /// Adds a paragraph the generator wrote, as is.
    #[must_use]
    pub fn ours(mut self, text: impl AsRef<str>) -> Self {
        let text = text.as_ref();
        if !text.trim().is_empty() {
            self.paragraph(text.lines().map(|l| l.trim_end().to_owned()).collect());
        }
        self
    }

    fn attrs(&self, inner: bool) -> TokenStream {
        let attrs = self.lines.iter().map(|line| {
            let text = if line.is_empty() { String::new() } else { format!(" {line}") };
            if inner { quote!(#![doc = #text]) } else { quote!(#[doc = #text]) }
        });
        quote!(#(#attrs)*)
    }

    /// `#[doc = …]` attributes, one per line.
    pub fn outer(&self) -> TokenStream {
        self.attrs(false)
    }

    /// `#![doc = …]` attributes, one per line (module docs).
    pub fn inner(&self) -> TokenStream {
        self.attrs(true)
    }
}

/// Spec prose as one sanitised line, to embed in a sentence of the generator's.
pub fn inline(text: &str) -> String {
    markdown_lines(text).into_iter().filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Sanitised lines of one Markdown text.
pub fn markdown_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // Indentation that continuation lines of the current list item or quote need.
    let mut continuation: Option<String> = None;
    // A link whose text wraps onto the next line is joined into one line first, so
    // that it stays a link.
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        if fence_marker(raw.trim_start()).is_some() {
            in_fence = !in_fence;
        }
        match lines.last_mut() {
            Some(previous) if !in_fence && opens_bracket(previous) && !raw.trim().is_empty() => {
                previous.push(' ');
                previous.push_str(raw.trim());
            }
            _ => lines.push(raw.to_owned()),
        }
    }
    for raw in lines.iter().map(String::as_str) {
        if let Some(marker) = &fence {
            let closing = raw.trim_start();
            if closing.starts_with(marker.as_str())
                && closing.trim_start_matches(marker.chars().next().unwrap_or('`')).trim().is_empty()
            {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(raw.trim_end().to_owned());
            }
            continue;
        }
        let line = swaggo(raw.trim());
        if line.is_empty() {
            out.push(String::new());
            continuation = None;
            continue;
        }
        if let Some(marker) = fence_marker(&line) {
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continuation = None;
            continue;
        }
        let escaped = escape_inline(&line);
        if let Some(width) = list_marker_width(&line) {
            continuation = Some(" ".repeat(width));
            out.push(escaped);
        } else if line.starts_with('>') {
            continuation = Some("> ".to_owned());
            out.push(escaped);
        } else if let Some(prefix) = &continuation {
            out.push(format!("{prefix}{escaped}"));
        } else {
            out.push(escaped);
        }
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    out
}

fn swaggo(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("@Description ") {
        rest.trim().to_owned()
    } else if let Some(rest) = line.strip_prefix("@Example ") {
        format!("Example: `{}`", rest.trim().replace('`', "'"))
    } else {
        line.to_owned()
    }
}

fn fence_marker(line: &str) -> Option<String> {
    for c in ['`', '~'] {
        let count = line.chars().take_while(|&x| x == c).count();
        if count >= 3 {
            return Some(c.to_string().repeat(count));
        }
    }
    None
}

/// The column where a list item's text starts (marker plus the spaces after it,
/// up to four), which continuation lines must be indented to.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = &line[digits..];
        if !(1..10).contains(&digits) || !(rest.starts_with(". ") || rest.starts_with(") ")) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|&c| c == ' ').count();
    Some(marker + spaces.min(4))
}

/// Whether a line leaves a `[` open (outside code spans), so that a link continues
/// on the next line.
fn opens_bracket(line: &str) -> bool {
    let mut depth: i32 = 0;
    let mut in_code = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '[' if !in_code => depth += 1,
            ']' if !in_code => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

/// Escapes one line outside code spans.
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span runs to the next run of as many backticks; copy it as is.
                let run = chars[i..].iter().take_while(|&&x| x == '`').count();
                let close = (i + run..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&x| x == '`').count() == run && (j == 0 || chars[j - 1] != '`')
                });
                match close {
                    Some(j) => {
                        out.extend(&chars[i..j + run]);
                        i = j + run;
                    }
                    None => {
                        // An unmatched backtick would open a span across lines; neutralise it.
                        for _ in 0..run {
                            out.push('\'');
                        }
                        i += run;
                    }
                }
                continue;
            }
            '\\' if i + 1 < chars.len() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '[' => {
                if let Some(end) = link_end(&chars, i) {
                    let text: String = chars[i + 1..end.0].iter().collect();
                    let target: String = chars[end.0 + 2..end.1].iter().collect();
                    out.push('[');
                    out.push_str(&escape_inline(&text));
                    out.push_str("](");
                    out.push_str(&target);
                    out.push(')');
                    i = end.1 + 1;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                if (rest.starts_with("http://") || rest.starts_with("https://")) && rest.contains('>') {
                    let end = rest.find('>').unwrap_or(0);
                    out.push('<');
                    out.push_str(&rest[..=end]);
                    i += 1 + rest[..=end].chars().count();
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' if i > 0 => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let len = chars[i..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
                    .count();
                let mut url: String = chars[i..i + len].iter().collect();
                // Sentence punctuation after a URL is not part of it.
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':', '!', '?']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i += len;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("http://") || head.starts_with("https://")
}

/// For `[text](target)` starting at `start`: the indices of `]` and of `)`.
fn link_end(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let close = (start + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let paren = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    Some((close, paren))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_quirks() {
        // Forte: indented continuation lines.
        assert_eq!(
            markdown_lines("Use your `client_id` and `client_secret` to\n    request an access token."),
            vec!["Use your `client_id` and `client_secret` to", "request an access token."]
        );
        // FrontStream: CRLF.
        assert_eq!(markdown_lines("a\r\nb"), vec!["a", "b"]);
        // Alternative Payments: swaggo annotations.
        assert_eq!(markdown_lines("@Description The token\n@Example 3600"), vec!["The token", "Example: `3600`"]);
    }

    #[test]
    fn escapes_what_rustdoc_would_warn_about() {
        assert_eq!(escape_inline("see [RFC] and <your_client_id>"), "see \\[RFC\\] and &lt;your_client_id&gt;");
        assert_eq!(escape_inline("`Bearer <token>` [x]"), "`Bearer <token>` \\[x\\]");
        assert_eq!(escape_inline("go to https://x.io/a."), "go to <https://x.io/a>.");
        assert_eq!(escape_inline("[docs](https://x.io) <https://y.io>"), "[docs](https://x.io) <https://y.io>");
        assert_eq!(escape_inline("odd ` tick"), "odd ' tick");
    }

    #[test]
    fn fences_become_text_and_lists_continue() {
        assert_eq!(
            markdown_lines("```json\n  {\"a\": 1}\n```\n- item\nmore"),
            vec!["```text", "  {\"a\": 1}", "```", "- item", "  more"]
        );
        assert_eq!(markdown_lines("```\nunterminated"), vec!["```text", "unterminated", "```"]);
        assert_eq!(markdown_lines("*   item\n  more"), vec!["*   item", "    more"]);
    }

    #[test]
    fn links_wrapped_over_lines_stay_links() {
        assert_eq!(
            markdown_lines("use the [Git Trees\n  API](https://x.io/t) for more"),
            vec!["use the [Git Trees API](https://x.io/t) for more"]
        );
    }
}
