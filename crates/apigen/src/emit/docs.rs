//! Spec prose (CommonMark, as vendors write it) into rustdoc that builds without
//! warnings and can never contain a doctest.
//!
//! Spec text is parsed with `pulldown-cmark` (the parser rustdoc uses) and written
//! back with `pulldown-cmark-to-cmark` after these rewrites of the events:
//!
//! - every code block (fenced or indented, in any container) becomes a fenced block
//!   marked `text`, so rustdoc neither compiles nor runs it;
//! - raw HTML, blocks and inline, becomes escaped text;
//! - links are kept only to `http`, `https` and `mailto` targets (anything else
//!   would be read as an intra-doc link or a script URL); images become their alt
//!   text; footnotes become text (no duplicate definitions across paragraphs);
//! - bare URLs become `<…>` autolinks (rustdoc's `bare_urls`); `[x]` that is not a
//!   link and `<` are escaped by the writer (no broken intra-doc links, no HTML);
//! - after writing, control and Unicode format characters (bidi overrides and
//!   isolates, zero-width characters, …) become visible escapes such as `\u{202e}`
//!   (rustc denies bidi characters in doc comments), and tabs become spaces.
//!
//! The result is then parsed again and checked: a code block that is not a `text`
//! fence, or any HTML, and the whole text is shown as one `text` fence instead.
//! `Docs` checks the assembled documentation of an item the same way, so that
//! paragraphs cannot combine into something unsafe either. swaggo annotations
//! (`@Description x`, `@Example y`) are turned into prose first.

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use quote::quote;

/// The extensions rustdoc enables (smart punctuation aside, which only changes
/// how text is shown): spec text is read as rustdoc will read it.
const PARSE: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// Documentation being assembled from paragraphs: the spec's prose (sanitised)
/// and the generator's own sentences (trusted, may hold intra-doc links).
#[derive(Debug, Default, Clone)]
pub struct Docs {
    paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone)]
struct Paragraph {
    lines: Vec<String>,
    /// The spec text a paragraph was rendered from (`None` for the generator's own).
    spec: Option<String>,
}

impl Docs {
    /// Empty documentation.
    pub fn new() -> Self {
        Docs::default()
    }

    /// Adds a paragraph of spec prose, sanitised; `None` and blank text add nothing.
    #[must_use]
    pub fn spec(mut self, text: Option<&str>) -> Self {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            let lines = markdown_lines(text);
            if !lines.is_empty() {
                self.paragraphs.push(Paragraph { lines, spec: Some(text.to_owned()) });
            }
        }
        self
    }

    /// Adds a paragraph the generator wrote, as is. Spec values inside it must go
    /// through [`inline`], [`code`] or [`autolink`].
    #[must_use]
    pub fn ours(mut self, text: impl AsRef<str>) -> Self {
        let text = text.as_ref();
        if !text.trim().is_empty() {
            let lines = text.lines().map(|l| l.trim_end().to_owned()).collect();
            self.paragraphs.push(Paragraph { lines, spec: None });
        }
        self
    }

    /// The lines of the documentation. When the paragraphs together would hold a
    /// doctest or HTML (which each alone does not), spec paragraphs are shown as
    /// `text` fences. They are checked together only when that could change
    /// something: a lone paragraph was checked alone, and when every spec paragraph
    /// is plain prose (see [`plain`]; or there is none), no spec paragraph can take
    /// part in what the check would find, and fencing them would not remove it.
    pub(crate) fn lines(&self) -> Vec<String> {
        let assemble = |fenced: bool| {
            let mut lines = Vec::new();
            for paragraph in &self.paragraphs {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                match &paragraph.spec {
                    Some(spec) if fenced => lines.extend(fallback_lines(&prepare(spec))),
                    _ => lines.extend(paragraph.lines.iter().cloned()),
                }
            }
            lines
        };
        let lines = assemble(false);
        let combined = self.paragraphs.len() > 1
            && self.paragraphs.iter().any(|p| p.spec.as_deref().is_some_and(|spec| plain(spec).is_none()));
        if !combined || block_is_safe(&lines.join("\n")) { lines } else { assemble(true) }
    }

    fn attrs(&self, inner: bool) -> TokenStream {
        let attrs = self.lines().into_iter().map(|line| {
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

/// Spec prose as one sanitised line of inline Markdown, to embed in a sentence of
/// the generator's: blocks are joined with spaces, code blocks become code spans.
pub fn inline(text: &str) -> String {
    match plain(text) {
        Some(line) => line.to_owned(),
        None => rendered_inline(text),
    }
}

fn rendered_inline(text: &str) -> String {
    let source = prepare(text);
    render_inline(&source)
        .filter(|line| inline_is_safe(line))
        .unwrap_or_else(|| code(&source.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// Sanitised lines of one Markdown text.
pub fn markdown_lines(text: &str) -> Vec<String> {
    match plain(text) {
        Some(line) => vec![line.to_owned()],
        None => rendered_lines(text),
    }
}

/// The text itself when it is one line of plain prose that Markdown reads as its
/// own text: it starts with a letter, holds only ASCII letters, digits, single
/// spaces and punctuation that opens nothing (no emphasis, code, link, HTML, entity,
/// escape, table or URL), and ends with nothing but spaces and newlines. Most spec
/// texts are such, and parsing, rewriting, writing and checking them (what
/// [`rendered_lines`] does) would give them back unchanged: a test checks that over
/// every description of the documents at hand and over random texts of this kind.
fn plain(text: &str) -> Option<&str> {
    let line = text.trim_end_matches([' ', '\n']);
    let inert = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, ' ' | '.' | ',' | ';' | ':' | '\'' | '"' | '?' | '(' | ')' | '%' | '+' | '=' | '-' | '/')
    };
    let url = || line.contains("http") || line.contains("HTTP") || line.contains("www.");
    (line.starts_with(|c: char| c.is_ascii_alphabetic()) && line.chars().all(inert) && !line.contains("  ") && !url())
        .then_some(line)
}

fn rendered_lines(text: &str) -> Vec<String> {
    let source = prepare(text);
    match render_block(&source) {
        Some(lines) if block_is_safe(&lines.join("\n")) => lines,
        _ => fallback_lines(&source),
    }
}

/// A spec value (a name, a path, an enum value, a default) as an inline code span:
/// on one line, delimited by a backtick run that does not occur inside, with
/// control and format characters (newlines and tabs too) as visible escapes.
/// Empty text is shown as `""`.
pub fn code(text: &str) -> String {
    // Most spans (names, paths, pointers) are printable ASCII without a backtick, not
    // padded with spaces at both ends: written as they are.
    let plain = |byte: u8| matches!(byte, b' '..=b'~') && byte != b'`';
    if !text.is_empty() && text.bytes().all(plain) && !(text.starts_with(' ') && text.ends_with(' ')) {
        return format!("`{text}`");
    }
    escaped_code(text)
}

/// [`code`] for any text.
fn escaped_code(text: &str) -> String {
    let mut content = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => content.push_str("\\n"),
            '\r' => content.push_str("\\r"),
            '\t' => content.push_str("\\t"),
            c if is_hidden(c) => content.push_str(&hidden_escape(c)),
            c => content.push(c),
        }
    }
    if content.is_empty() {
        content.push_str("\"\"");
    }
    let mut ticks = 1;
    while has_run(&content, '`', ticks) {
        ticks += 1;
    }
    let delimiter = "`".repeat(ticks);
    // One space at each end is stripped by the reader when both ends have one.
    let spaced = content.starts_with(' ') && content.ends_with(' ') && content.trim() != "";
    let pad = if content.starts_with('`') || content.ends_with('`') || spaced { " " } else { "" };
    format!("{delimiter}{pad}{content}{pad}{delimiter}")
}

/// A spec URL as an autolink `<url>` when it is one, else as [`code`].
pub fn autolink(url: &str) -> String {
    let plain = |c: char| !c.is_whitespace() && !matches!(c, '<' | '>') && !is_hidden(c);
    if (url.starts_with("http://") || url.starts_with("https://")) && url.chars().all(plain) {
        format!("<{url}>")
    } else {
        code(url)
    }
}

/// Newlines normalised, swaggo annotation lines turned into prose.
fn prepare(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("@Description ") {
                rest.trim().to_owned()
            } else if let Some(rest) = trimmed.strip_prefix("@Example ") {
                format!("Example: {}", code(rest))
            } else {
                line.to_owned()
            }
        })
        .collect();
    lines.join("\n")
}

/// The whole text as one `text` fence: the safe rendering of last resort.
fn fallback_lines(source: &str) -> Vec<String> {
    let body = escape_hidden(source.trim_matches('\n'), "    ");
    let fence = "`".repeat(longest_run(&body, '`').max(2) + 1);
    let mut lines = vec![format!("{fence}text")];
    lines.extend(body.lines().map(|l| l.trim_end().to_owned()));
    lines.push(fence);
    lines
}

/// How deeply elements may nest for the structure to be kept: writing Markdown
/// back costs time quadratic in the depth (each line repeats its containers'
/// prefixes), so deeper text is shown as a `text` fence.
const MAX_NESTING: usize = 24;

fn render_block(source: &str) -> Option<Vec<String>> {
    let events: Vec<Event<'_>> = Parser::new_ext(source, PARSE).collect();
    let mut depth = 0usize;
    for event in &events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return None;
        }
    }
    let events = Rewriter::default().run(events.into_iter());
    let markdown = write_markdown(&events)?;
    let markdown = escape_hidden(&markdown, "    ");
    let mut lines: Vec<String> = markdown.lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..leading);
    Some(lines)
}

fn render_inline(source: &str) -> Option<String> {
    let events = Rewriter::default().run(Parser::new_ext(source, PARSE));
    let mut flat = vec![Event::Start(Tag::Paragraph)];
    flat.extend(flatten(events));
    flat.push(Event::End(TagEnd::Paragraph));
    let markdown = write_markdown(&merge_text(flat))?;
    Some(needless_escape_dropped(escape_hidden(markdown.trim(), " ")))
}

/// The writer escapes punctuation at the start of a paragraph that might open a
/// block (`1\.1.0`); the escape is dropped when the text reads the same without it.
fn needless_escape_dropped(line: String) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let (head, tail) = line.split_at(digits);
    let Some(rest) = tail.strip_prefix('\\') else { return line };
    if !rest.starts_with(|c: char| c.is_ascii_punctuation() && !matches!(c, '[' | ']' | '\\' | '`' | '<')) {
        return line;
    }
    let candidate = format!("{head}{rest}");
    let read = |markdown: &str| join_text(Parser::new_ext(markdown, PARSE).map(Event::into_static));
    if read(&candidate) == read(&line) { candidate } else { line }
}

fn write_markdown(events: &[Event<'_>]) -> Option<String> {
    let options = pulldown_cmark_to_cmark::Options {
        code_block_token_count: 3,
        list_token: '-',
        increment_ordered_list_bullets: true,
        ..Default::default()
    };
    let mut out = String::new();
    pulldown_cmark_to_cmark::cmark_with_options(events.iter(), &mut out, PARSE, options).ok()?;
    Some(out)
}

/// Whether rustdoc would find no code block other than a `text` fence, and no HTML.
fn block_is_safe(markdown: &str) -> bool {
    nothing_hidden(markdown) && (opens_nothing(markdown) || parsed_safe(markdown))
}

/// Whether no HTML and no code block can start in `markdown`, which holds no tab: HTML
/// starts with `<`, a fence with three backticks or tildes, and an indented block needs
/// four spaces in a row (after any container's marker). Most documentation has none of
/// these and need not be parsed; a test checks that the parser agrees on every text of
/// the documents at hand.
fn opens_nothing(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    // Most texts hold no `<`, backtick or tilde and no four spaces in a row: two vectorized
    // searches say so (a loop over the bytes was 2% of a GitHub run's instructions).
    if memchr::memchr3(b'<', b'`', b'~', bytes).is_none() && memchr::memmem::find(bytes, b"    ").is_none() {
        return true;
    }
    // Else one pass over the bytes, counting runs (four searches of the whole text with
    // the standard library's took about 8% of printing GitHub's client).
    let (mut run, mut last) = (0usize, 0u8);
    for &byte in bytes {
        run = if byte == last { run + 1 } else { 1 };
        last = byte;
        let opens = match byte {
            b'<' => true,
            b'`' | b'~' => run >= 3,
            b' ' => run >= 4,
            _ => false,
        };
        if opens {
            return false;
        }
    }
    true
}

/// Whether the parser finds no code block other than a `text` fence, and no HTML.
fn parsed_safe(markdown: &str) -> bool {
    Parser::new_ext(markdown, PARSE).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => &*info == "text",
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented) | Tag::HtmlBlock) => false,
        Event::Html(_) | Event::InlineHtml(_) => false,
        _ => true,
    })
}

/// Whether a line is one paragraph of inline Markdown without HTML, even at the
/// start of a line.
fn inline_is_safe(line: &str) -> bool {
    if line.contains('\n') || !nothing_hidden(line) {
        return false;
    }
    let events: Vec<Event<'_>> = Parser::new_ext(line, PARSE).collect();
    let inner = events.len().saturating_sub(1);
    matches!(events.first(), Some(Event::Start(Tag::Paragraph)))
        && matches!(events.last(), Some(Event::End(TagEnd::Paragraph)))
        && events[1..inner].iter().all(|event| match event {
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak => true,
            Event::Start(tag) => matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }),
            Event::End(tag) => matches!(tag, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link),
            _ => false,
        })
}

/// The rewrites of the module docs, event by event.
#[derive(Default)]
struct Rewriter<'a> {
    out: Vec<Event<'a>>,
    /// Text not yet pushed: adjacent text is joined so that URLs are found whole.
    text: String,
    in_code: bool,
    /// For each open link or image: whether it is kept.
    links: Vec<bool>,
    /// The lines of the HTML block being read.
    html: Option<Vec<String>>,
    /// The label of a footnote definition, shown before its first paragraph.
    footnote: Option<String>,
}

impl<'a> Rewriter<'a> {
    fn run(mut self, events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
        for event in events {
            self.event(event);
        }
        self.flush();
        self.out
    }

    fn event(&mut self, event: Event<'a>) {
        if let Some(html) = &mut self.html {
            match event {
                Event::End(TagEnd::HtmlBlock) => self.html_block(),
                Event::Html(text) | Event::Text(text) => html.push(text.into_string()),
                _ => {}
            }
            return;
        }
        match event {
            Event::Text(text) if !self.in_code => self.text.push_str(&text),
            Event::InlineHtml(html) => self.text.push_str(&html.replace('\n', " ")),
            Event::FootnoteReference(label) => self.text.push_str(&format!("[^{label}]")),
            Event::SoftBreak | Event::HardBreak if self.in_link() => self.text.push(' '),
            Event::HardBreak => self.push(Event::SoftBreak),
            Event::Html(html) => self.text.push_str(&html.replace('\n', " ")),
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            other => self.push(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        if let Some(label) = self.footnote.take() {
            self.push(Event::Start(Tag::Paragraph));
            self.text.push_str(&format!("[^{label}]: "));
            if matches!(tag, Tag::Paragraph) {
                return;
            }
            self.push(Event::End(TagEnd::Paragraph));
        }
        match tag {
            Tag::CodeBlock(_) => {
                self.in_code = true;
                self.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed("text")))));
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(Vec::new());
            }
            Tag::FootnoteDefinition(label) => self.footnote = Some(label.into_string()),
            Tag::Link { link_type, dest_url, title, .. } => {
                self.flush();
                let keep = self.links.is_empty() && keeps_link(&dest_url);
                self.links.push(keep);
                if keep {
                    let link_type = match link_type {
                        LinkType::Autolink | LinkType::Email => link_type,
                        _ => LinkType::Inline,
                    };
                    self.push(Event::Start(Tag::Link { link_type, dest_url, title, id: CowStr::Borrowed("") }));
                }
            }
            // An image would load a remote resource in the docs: its alt text stays.
            Tag::Image { .. } => {
                self.flush();
                self.links.push(false);
            }
            other => self.push(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock => {
                self.in_code = false;
                // Without a final newline the writer may leave the fence open.
                if !matches!(self.out.last(), Some(Event::Text(t)) if t.ends_with('\n')) {
                    self.push(Event::Text(CowStr::Borrowed("\n")));
                }
                self.push(Event::End(tag));
            }
            TagEnd::FootnoteDefinition => {
                if let Some(label) = self.footnote.take() {
                    self.push(Event::Start(Tag::Paragraph));
                    self.text.push_str(&format!("[^{label}]:"));
                    self.push(Event::End(TagEnd::Paragraph));
                }
            }
            TagEnd::Link | TagEnd::Image => {
                self.flush();
                if self.links.pop() == Some(true) {
                    self.push(Event::End(TagEnd::Link));
                }
            }
            other => self.push(Event::End(other)),
        }
    }

    /// An HTML block as a paragraph of its non-blank lines, as text.
    fn html_block(&mut self) {
        let lines: Vec<String> = self
            .html
            .take()
            .unwrap_or_default()
            .concat()
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        self.push(Event::Start(Tag::Paragraph));
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.push(Event::SoftBreak);
            }
            self.text.push_str(line);
        }
        self.push(Event::End(TagEnd::Paragraph));
    }

    fn push(&mut self, event: Event<'a>) {
        self.flush();
        self.out.push(event);
    }

    /// Whether the text being read is the text of a link that is kept.
    fn in_link(&self) -> bool {
        self.links.contains(&true)
    }

    /// Pushes pending text, with bare URLs as autolinks outside kept links.
    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        if self.in_link() {
            self.out.push(Event::Text(text.into()));
        } else {
            self.out.extend(autolinks(text));
        }
    }
}

/// Whether a link target is kept: web and mail addresses only. Anything else
/// would be resolved by rustdoc as an intra-doc path, or is a script or data URL.
fn keeps_link(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        && !dest.chars().any(|c| c.is_whitespace() || is_hidden(c))
}

/// Text with each bare `http(s)://` URL turned into an autolink (sentence
/// punctuation after a URL is not part of it). One pass over the text.
fn autolinks(text: String) -> Vec<Event<'static>> {
    let mut events = Vec::new();
    // `copied`: the end of the text already pushed; `from`: where to search next.
    let (mut copied, mut from) = (0, 0);
    while let Some(found) = text[from..].find("http") {
        let start = from + found;
        let tail = &text[start..];
        let scheme = ["https://", "http://"].into_iter().find(|s| tail.starts_with(s)).map_or(0, str::len);
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']') || is_hidden(c))
            .unwrap_or(tail.len());
        let url = tail[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        if scheme == 0 || url.len() <= scheme {
            from = start + 4;
            continue;
        }
        if start > copied {
            events.push(Event::Text(text[copied..start].to_owned().into()));
        }
        let dest: CowStr<'static> = url.to_owned().into();
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: dest.clone(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        events.push(Event::Text(dest));
        events.push(Event::End(TagEnd::Link));
        copied = start + url.len();
        from = copied;
    }
    if copied < text.len() {
        events.push(Event::Text(text[copied..].to_owned().into()));
    }
    events
}

/// Rewritten block events as inline events: code blocks become code spans, breaks
/// and block boundaries become spaces.
fn flatten(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    for event in events {
        if let Some(text) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                _ => {
                    let span = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !span.is_empty() {
                        out.push(Event::Code(span.into()));
                    }
                    code = None;
                }
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })) => {
                out.push(Event::Start(tag));
            }
            Event::End(tag @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)) => {
                out.push(Event::End(tag));
            }
            Event::Text(_) | Event::Code(_) => out.push(event),
            Event::TaskListMarker(done) => out.push(Event::Text(if done { "[x] " } else { "[ ] " }.into())),
            _ => out.push(Event::Text(" ".into())),
        }
    }
    out
}

/// Adjacent text joined, runs of whitespace collapsed, and no whitespace at the
/// edges of the paragraph.
fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = join_text(events);
    let mut at_start = true;
    for event in &mut out {
        if let Event::Text(text) = event {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let lead = if !at_start && text.starts_with(char::is_whitespace) { " " } else { "" };
            let trail = if !words.is_empty() && text.ends_with(char::is_whitespace) { " " } else { "" };
            *text = format!("{lead}{words}{trail}").into();
        }
        at_start = matches!(event, Event::Start(Tag::Paragraph));
    }
    // Whitespace before the end of the paragraph cannot be written.
    if let [.., Event::Text(text), Event::End(TagEnd::Paragraph)] = out.as_mut_slice() {
        *text = text.trim_end().to_owned().into();
    }
    out.retain(|e| !matches!(e, Event::Text(t) if t.is_empty()));
    out
}

/// Adjacent text events as one (in linear time: the text is gathered first).
fn join_text<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    for event in events {
        match event {
            Event::Text(t) => text.get_or_insert_with(String::new).push_str(&t),
            other => {
                if let Some(t) = text.take() {
                    out.push(Event::Text(t.into()));
                }
                out.push(other);
            }
        }
    }
    if let Some(t) = text {
        out.push(Event::Text(t.into()));
    }
    out
}

/// Control and format characters as `\u{…}` escapes, tabs as `tab`.
fn escape_hidden(text: &str, tab: &str) -> String {
    if printable_ascii(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str(tab),
            '\n' => out.push('\n'),
            c if is_hidden(c) => out.push_str(&hidden_escape(c)),
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` is printable ASCII and newlines: no tab and nothing hidden, told
/// a byte at a time (most spec text is).
fn printable_ascii(text: &str) -> bool {
    // In chunks without an early exit inside them, which the compiler vectorizes (a
    // byte-by-byte `all` was 1.5% of a GitHub run's instructions).
    let printable = |byte: u8| matches!(byte, b' '..=b'~' | b'\n');
    text.as_bytes().chunks(64).all(|chunk| chunk.iter().fold(true, |all, &byte| all & printable(byte)))
}

/// Whether `text` holds no tab and no hidden character.
fn nothing_hidden(text: &str) -> bool {
    printable_ascii(text) || !text.chars().any(|c| is_hidden(c) || c == '\t')
}

/// A hidden character's visible escape, `\u{202e}`.
fn hidden_escape(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// Control characters (Cc) other than newline and tab, format characters (Cf: bidi embeddings, overrides
/// and isolates, marks, zero-width characters, …), line/paragraph separators, and the other
/// default-ignorable code points that show as nothing (Hangul fillers, the combining grapheme
/// joiner, Mongolian free variation selectors, the unassigned ones near the format characters).
/// Hand-listed: the standard library has no general category, and the Cf set is
/// small and stable.
pub(crate) fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control() && !matches!(c, '\n' | '\t');
    }
    c.is_control()
        || matches!(
            u32::from(c),
            0xAD
                | 0x34F
                | 0x600..=0x605
                | 0x61C
                | 0x6DD
                | 0x70F
                | 0x890..=0x891
                | 0x8E2
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFF8
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut current) = (0, 0);
    for x in text.chars() {
        current = if x == c { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// Whether `text` holds a run of exactly `n` of `c`.
fn has_run(text: &str, c: char, n: usize) -> bool {
    let mut current = 0;
    for x in text.chars().chain(std::iter::once('\0')) {
        if x == c {
            current += 1;
        } else {
            if current == n {
                return true;
            }
            current = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut of `code` writes what escaping would.
    #[test]
    fn plain_code_spans_are_what_escaping_gives() {
        for text in crate::testing::random_texts(" a`~\\-_/{}", 8, 20_000) {
            assert_eq!(code(&text), escaped_code(&text), "{text:?}");
        }
    }

    /// Every code block rustdoc would see in `markdown`: its info string, or `None`
    /// for an indented block (which rustdoc compiles as Rust).
    fn code_blocks(markdown: &str) -> Vec<Option<String>> {
        Parser::new_ext(markdown, PARSE)
            .filter_map(|event| match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => Some(Some(info.into_string())),
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some(None),
                _ => None,
            })
            .collect()
    }

    /// The rendering of `text`, checked: each of its `blocks` code blocks is a
    /// `text` fence, and nothing is HTML.
    fn rendered(text: &str, blocks: usize) -> String {
        let markdown = markdown_lines(text).join("\n");
        assert_eq!(code_blocks(&markdown), vec![Some("text".to_owned()); blocks], "{text:?} gave\n{markdown}");
        let html = Parser::new_ext(&markdown, PARSE).any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
        assert!(!html, "{text:?} gave HTML:\n{markdown}");
        markdown
    }

    #[test]
    fn indented_code_in_every_container_becomes_a_text_fence() {
        assert_eq!(rendered("-     assert!(false, \"ran\");", 1), "- ```text\n  assert!(false, \"ran\");\n  ```");
        assert_eq!(rendered("1.      code", 1), "1. ```text\n    code\n   ```");
        assert_eq!(rendered("-\t\tcode", 1), "- ```text\n    code\n  ```");
        assert!(rendered(">     code", 1).ends_with("> ```text\n > code\n > ```"));
        assert_eq!(rendered("- a\n  - b\n\n        code\n- c", 1), "- a\n  - b\n\n    ```text\n    code\n    ```\n- c");
        assert!(rendered("> - a\n>\n>       code", 1).contains(">   ```text\n >   code"));
        assert!(rendered("- a\n\n  > quoted\n  >\n  >     code", 1).contains("```text"));
        assert_eq!(
            rendered("1. a\n   1. b\n\n          code", 1),
            "1. a\n   1. b\n\n      ```text\n      code\n      ```"
        );
        assert_eq!(rendered("text\n\n    code\n\nmore", 1), "text\n\n```text\ncode\n```\n\nmore");
        assert_eq!(rendered("\tcode", 1), "```text\ncode\n```");
    }

    #[test]
    fn fences_are_text_whatever_their_info_string() {
        for info in ["", "rust", "no_run", "should_panic", "ignore", "rust,edition2021", "compile_fail"] {
            let text = format!("```{info}\nassert!(false);\n```");
            assert_eq!(rendered(&text, 1), "```text\nassert!(false);\n```", "{info}");
        }
        assert_eq!(rendered("~~~rust\nx\n~~~", 1), "```text\nx\n```");
        // A fence longer than any backtick run inside.
        assert_eq!(rendered("````\n```\nx\n```\n````", 1), "````text\n```\nx\n```\n````");
        // Unclosed fences end with the text.
        assert_eq!(rendered("```\nunterminated", 1), "```text\nunterminated\n```");
        assert_eq!(
            rendered("```json\n  {\"a\": 1}\n```\n- item\nmore", 1),
            "```text\n  {\"a\": 1}\n```\n\n- item\n  more"
        );
    }

    #[test]
    fn html_is_text() {
        assert_eq!(rendered("<pre>\nx\n\n    y\n</pre>", 0), "\\<pre>\nx\ny\n\\</pre>");
        assert_eq!(rendered("<script>alert(1)</script>", 0), "\\<script>alert(1)\\</script>");
        assert_eq!(rendered("a <b>bold</b> <!-- c -->", 0), "a \\<b>bold\\</b> \\<!-- c -->");
        assert_eq!(rendered("<div>\n\n    code\n</div>", 1), "\\<div>\n\n```text\ncode\n```\n\n\\</div>");
    }

    #[test]
    fn headings_footnotes_and_references() {
        assert_eq!(rendered("Title\n=====\n\nSub\n---\ntext", 0), "# Title\n\n## Sub\n\ntext");
        assert_eq!(
            rendered("text[^1]\n\n[^1]: note\n\n        code", 1),
            "text\\[\\^1\\]\n\n\\[\\^1\\]: note\n\n```text\ncode\n```"
        );
        // A reference definition is used, not copied: nothing else in the item's docs can use it.
        assert_eq!(rendered("see [docs]\n\n[docs]: https://x.io/d", 0), "see [docs](https://x.io/d)");
        assert_eq!(rendered("[`Client::new`]: https://evil.example", 0), "");
    }

    #[test]
    fn links_are_web_or_mail_only() {
        assert_eq!(rendered("[x](Foo) [y](javascript:alert(1)) ![img](https://x.io/a.png)", 0), "x y img");
        // The text of a dropped link is prose: its URLs, and those before it, are autolinks.
        assert_eq!(
            rendered("see https://x.io and [y](Foo), [https://z.io](Bar) ![https://i.io](i.png)", 0),
            "see <https://x.io> and y, <https://z.io> <https://i.io>"
        );
        assert_eq!(
            rendered("<https://a.io> <mailto:a@b.c> [m](mailto:a@b.c)", 0),
            "<https://a.io> <mailto:a@b.c> [m](mailto:a@b.c)"
        );
        assert_eq!(
            rendered("use the [Git Trees\n  API](https://x.io/t) for more", 0),
            "use the [Git Trees API](https://x.io/t) for more"
        );
    }

    #[test]
    fn tables_task_lists_and_emphasis_are_kept() {
        assert_eq!(rendered("| a | b |\n|---|---|\n| `x` | <i> |", 0), "|a|b|\n|-|-|\n|`x`|\\<i>|");
        assert_eq!(rendered("- [x] done\n- [ ] todo", 0), "- [x] done\n- [ ] todo");
        assert_eq!(rendered("*a* __b__ ~~c~~", 0), "*a* **b** ~~c~~");
    }

    #[test]
    fn escapes_what_rustdoc_would_warn_about() {
        assert_eq!(rendered("see [RFC] and <your_client_id>", 0), "see \\[RFC\\] and \\<your_client_id>");
        assert_eq!(rendered("`Bearer <token>` [x]", 0), "`Bearer <token>` \\[x\\]");
        assert_eq!(rendered("go to https://x.io/a.", 0), "go to <https://x.io/a>.");
        assert_eq!(rendered("http https:// http://a, http://b", 0), "http https:// <http://a>, <http://b>");
        assert_eq!(rendered("[docs](https://x.io) <https://y.io>", 0), "[docs](https://x.io) <https://y.io>");
        assert_eq!(rendered("\\-     assert!(false)", 0), "\\-     assert!(false)");
    }

    #[test]
    fn hidden_characters_are_visible_escapes() {
        let text = "a\u{202e}b &#x202E; `c\u{2066}` \u{200b}\u{7}\u{feff}";
        assert_eq!(rendered(text, 0), "a\\u{202e}b \\u{202e} `c\\u{2066}` \\u{200b}\\u{7}\\u{feff}");
        assert_eq!(rendered("```\n\u{202d}x\tz\n```", 1), "```text\n\\u{202d}x    z\n```");
        assert_eq!(inline("x\u{61c}y"), "x\\u{61c}y");
        assert_eq!(code("e\u{202e}"), "`e\\u{202e}`");
    }

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
        assert_eq!(markdown_lines("*   item\n  more"), vec!["- item", "  more"]);
    }

    #[test]
    fn inline_is_one_line_without_blocks() {
        assert_eq!(inline("-     assert!(false);"), "`assert!(false);`");
        assert_eq!(inline("# Title\n\n- a\n- b\n\n```rust\nx\n```"), "Title a b `x`");
        assert_eq!(inline("~~~rust\ncode\n~~~"), "`code`");
        assert_eq!(inline("<pre>\nx\n</pre>\n\n<https://a.io>"), "\\<pre> x \\</pre> <https://a.io>");
        // A URL inside an HTML block is text with an autolink in it.
        assert_eq!(inline("<p>\n<https://a.io>"), "\\<p> \\<<https://a.io>\\>");
        assert_eq!(inline("- [ ] todo"), "\\[ \\] todo");
        assert_eq!(inline("`a` `b`"), "`a` `b`");
        assert_eq!(inline("*a* *b*\n\n"), "*a* *b*");
        for line in ["#", "- ", "1. x", "> q", "~~~rust", "    code", "<div>", "==="] {
            let out = inline(line);
            assert!(inline_is_safe(&out) || out.is_empty(), "{line:?} gave {out:?}");
        }
    }

    #[test]
    fn inline_drops_escapes_the_text_does_not_need() {
        assert_eq!(inline("1.1.0"), "1.1.0");
        assert_eq!(inline("2024.01"), "2024.01");
        // Blocks are flattened; their escaped spelling stays escaped.
        assert_eq!(inline("1. item"), "item");
        assert_eq!(inline("1\\. item"), "1\\. item");
        assert_eq!(inline("\\- item"), "\\- item");
        assert_eq!(inline("\\# x"), "\\# x");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\n\n    b\t"), "`a\\n\\n    b\\t`");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code(""), "`\"\"`");
        assert_eq!(autolink("https://x.io/v1"), "<https://x.io/v1>");
        assert_eq!(autolink("https://x.io/a b"), "`https://x.io/a b`");
    }

    #[test]
    fn paragraphs_that_combine_into_code_fall_back_to_fences() {
        // Each part alone is safe; the generator's list item followed by spec text
        // indented into it would be an indented code block.
        let docs = Docs::new().ours("- item").spec(Some("text"));
        assert_eq!(docs.lines(), vec!["- item", "", "text"]);
        let mut docs = Docs::new().ours("- item");
        docs.paragraphs.push(Paragraph { lines: vec!["      code".to_owned()], spec: Some("      code".to_owned()) });
        let lines = docs.lines().join("\n");
        assert_eq!(code_blocks(&lines), vec![Some("text".to_owned())], "{lines}");
    }

    #[test]
    fn deep_nesting_is_shown_as_a_fence_in_linear_time() {
        let deep = format!("{}x\n\n    code", "> ".repeat(50_000));
        let started = std::time::Instant::now();
        let lines = markdown_lines(&deep);
        assert_eq!(lines.first().map(String::as_str), Some("```text"));
        assert_eq!(code_blocks(&lines.join("\n")), vec![Some("text".to_owned())]);
        assert!(inline_is_safe(&inline(&format!("{}x", "- ".repeat(50_000)))));
        // Quadratic writing took minutes here; linear work takes milliseconds.
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
        // Up to the limit the structure is kept, past it the text is one fence.
        let nested = |quotes: usize| markdown_lines(&format!("{}    code", "> ".repeat(quotes)));
        assert!(nested(MAX_NESTING - 1).iter().any(|l| l.ends_with("> ```text")), "{:?}", nested(MAX_NESTING - 1));
        assert_eq!(nested(MAX_NESTING)[0], "```text");
    }

    #[test]
    fn what_cannot_be_written_falls_back_to_one_fence() {
        assert_eq!(fallback_lines("a\n```\nb"), vec!["````text", "a", "```", "b", "````"]);
        assert_eq!(code_blocks(&fallback_lines("````\nx").join("\n")), vec![Some("text".to_owned())]);
    }
}

#[cfg(test)]
mod plain_tests {
    use super::*;
    use crate::testing::random_texts;
    use std::path::Path;

    /// What the full rendering gives a plain text: its one line, unchanged.
    fn assert_rendered_as_plain(text: &str) {
        let Some(line) = plain(text) else { return };
        assert_eq!(rendered_lines(text), vec![line.to_owned()], "{text:?}");
        assert_eq!(rendered_inline(text), line, "{text:?}");
    }

    /// Random texts over the plain alphabet.
    #[test]
    fn plain_texts_render_as_themselves() {
        let mut seen = 0;
        for text in random_texts("aZ09 .,;:'\"?()%+=-/", 12, 20_000) {
            seen += usize::from(plain(&text).is_some());
            assert_rendered_as_plain(&text);
        }
        assert!(seen > 1_000, "{seen} plain texts");
        for text in ["Hello\n", "Hello  \n\n", "Note: a (b) c/d e-f=g+h 50% \"q\" 'r'?", "a 1. b - c"] {
            assert_eq!(plain(text).map(str::len), Some(text.trim_end().len()), "{text:?}");
            assert_rendered_as_plain(text);
        }
        for text in ["  Hello", "1. Hello", "Hello  world", "See http://x.y", "a *b*", "a\nb", "é", "a_b", "a [b]"] {
            assert_eq!(plain(text), None, "{text:?}");
        }
    }

    /// Random Markdown without `<`, fences or four spaces in a row holds no HTML and no
    /// code block.
    #[test]
    fn text_that_opens_nothing_needs_no_parse() {
        let mut quick = 0;
        for text in random_texts("a -*>`~ \n1.[]()#_!|=", 40, 100_000) {
            let old = !text.contains('<') && !text.contains("```") && !text.contains("~~~") && !text.contains("    ");
            assert_eq!(opens_nothing(&text), old, "{text:?}");
            if opens_nothing(&text) {
                quick += 1;
                assert!(parsed_safe(&text), "{text:?}");
            }
        }
        assert!(quick > 10_000, "{quick} texts open nothing");
    }

    /// Every description, summary and title of the documents at hand.
    #[test]
    fn plain_spec_texts_render_as_themselves() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let corpus = root.join("../shared/corpus");
        let mut files: Vec<_> = ["specs", "tests/fixtures/specs"]
            .iter()
            .flat_map(|dir| crate::pipeline::discover(&root.join(dir)).unwrap())
            .flat_map(|input| [Some(input.spec), input.overlay].into_iter().flatten())
            .collect();
        files.extend(
            ["keeper.json", "buildomat.json", "propolis-server.json", "nexus.json", "api.github.com.json"]
                .map(|f| corpus.join(f)),
        );
        let (mut texts, mut plain_texts) = (0, 0);
        for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json" || e == "yaml")) {
            let text = std::fs::read_to_string(file).unwrap();
            let value: serde_json::Value = if file.extension().is_some_and(|e| e == "json") {
                serde_json::from_str(&text).unwrap()
            } else {
                yaml_serde::from_str(&text).unwrap()
            };
            let mut stack = vec![&value];
            while let Some(value) = stack.pop() {
                match value {
                    serde_json::Value::Object(map) => {
                        for (key, value) in map {
                            match value.as_str() {
                                Some(text) if matches!(key.as_str(), "description" | "summary" | "title") => {
                                    texts += 1;
                                    plain_texts += usize::from(plain(text).is_some());
                                    assert_rendered_as_plain(text);
                                    for markdown in [text.replace('\t', " "), rendered_lines(text).join("\n")] {
                                        assert!(!opens_nothing(&markdown) || parsed_safe(&markdown), "{markdown:?}");
                                    }
                                }
                                _ => stack.push(value),
                            }
                        }
                    }
                    serde_json::Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        }
        eprintln!("{plain_texts} of {texts} texts are plain");
        assert!(plain_texts * 2 > texts, "{plain_texts} of {texts}");
    }
}
