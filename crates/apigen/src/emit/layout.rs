//! Items written directly as text, in the layout `prettyplease` gives them.
//!
//! Building token streams, parsing them with `syn` and printing them with
//! `prettyplease` is most of a run's time. Items whose shape is simple (a struct, its
//! reader, its constructors) are written here line by line instead, in the layout
//! prettyplease prints for code whose every line fits its margin. An item with a line
//! over the margin is reformatted by prettyplease (as text parsed back into tokens),
//! so a long name never yields a layout prettyplease would not print. Tests check on
//! every document of the corpus that prettyplease prints each item written here
//! unchanged.
//!
//! Spec text reaches this text only as identifiers the model has made valid, string
//! literals escaped by `proc_macro2` ([`string`]) and doc comments from [`Docs`].

use super::docs::Docs;

/// prettyplease's margin: a line of at most this many bytes is never broken.
pub const MARGIN: usize = 89;

/// rustfmt's (and prettyplease's) widest struct literal kept on one line, from its
/// name to the space before the closing brace.
const STRUCT_LITERAL_WIDTH: usize = 34;

/// Items in order: written as text, or tokens for prettyplease.
pub enum Piece {
    Text(Lines),
    Tokens(proc_macro2::TokenStream),
}

/// Lines of Rust at an indentation, and whether each fits the margin.
#[derive(Debug, Default)]
pub struct Lines {
    text: String,
    depth: usize,
    overflow: bool,
}

impl Lines {
    /// No lines yet, at the top level.
    pub fn new() -> Self {
        Lines::default()
    }

    /// No lines yet, inside a block (an item of an `impl` block is at depth 1).
    pub fn at_depth(depth: usize) -> Self {
        Lines { depth, ..Lines::default() }
    }

    /// The indentation of the next line, in spaces.
    pub fn indent(&self) -> usize {
        self.depth * 4
    }

    /// Whether `code` fits on a line at the current indentation.
    pub fn fits(&self, code: &str) -> bool {
        self.indent() + code.len() <= MARGIN
    }

    /// A line of code at the current indentation.
    pub fn line(&mut self, code: &str) {
        self.overflow |= !self.fits(code);
        self.push(code, "\n");
    }

    /// `code` and `end` at the current indentation, whatever their length.
    fn push(&mut self, code: &str, end: &str) {
        let indent = self.indent();
        crate::indent::spaces(&mut self.text, indent);
        self.text.push_str(code);
        self.text.push_str(end);
    }

    /// Elements one per line (each may be several lines, relative indentation kept),
    /// each followed by `,`: prettyplease counts the comma of each but the last against
    /// the margin (it prints the last one at a break).
    fn comma_separated(&mut self, elements: &[String]) {
        for (index, element) in elements.iter().enumerate() {
            let mut lines = element.lines().peekable();
            while let Some(line) = lines.next() {
                match lines.peek() {
                    Some(_) => self.line(line),
                    None if index + 1 == elements.len() && has_no_break(line) => self.push(line, ",\n"),
                    None if index + 1 == elements.len() => self.line_then_comma(line),
                    None if has_no_break(line) => self.push(line, ",\n"),
                    None => self.line(&format!("{line},")),
                }
            }
        }
    }

    /// A line of `code` then `,`, where prettyplease does not count the comma against the
    /// margin (it prints it at a break: match arms, the last of a list one per line).
    pub fn line_then_comma(&mut self, code: &str) {
        self.overflow |= !self.fits(code);
        self.push(code, ",\n");
    }

    /// A match arm `pattern => value,`; in a block when it does not fit on a line, as
    /// prettyplease prints it (a statement-level `match`).
    pub fn arm(&mut self, pattern: &str, value: &str) {
        let line = format!("{pattern} => {value}");
        if self.fits(&line) {
            self.line_then_comma(&line);
        } else {
            self.open(&format!("{pattern} => {{"));
            self.line(value);
            self.close("}");
        }
    }

    /// A match arm whose value is the call `head(arguments…)suffix`: as [`Lines::arm`] writes
    /// it, with the call's arguments one per line when it does not fit in the arm's block.
    pub fn arm_call(&mut self, pattern: &str, head: &str, arguments: &[String], suffix: &str) {
        let call = format!("{head}({}){suffix}", arguments.join(", "));
        if self.fits(&format!("{pattern} => {call}")) {
            return self.arm(pattern, &call);
        }
        self.open(&format!("{pattern} => {{"));
        for line in self.call_text(0, 0, "", head, arguments, suffix).lines() {
            self.line(line);
        }
        self.close("}");
    }

    /// `prefix` + the call `head(arguments…)suffix` as text for a line `extra_depth` deeper
    /// than the current one, followed there by `trailing` more bytes: on one line when it
    /// fits, else with the arguments one per line (indented within the text), as
    /// prettyplease breaks a long call.
    pub fn call_text(
        &self,
        extra_depth: usize,
        trailing: usize,
        prefix: &str,
        head: &str,
        arguments: &[String],
        suffix: &str,
    ) -> String {
        let flat = format!("{prefix}{head}({}){suffix}", arguments.join(", "));
        let width = self.indent() + 4 * extra_depth;
        if width + flat.len() + trailing <= MARGIN {
            return flat;
        }
        // A field read after the call (`?.0`) is a step of a chain: prettyplease breaks
        // before it first, then inside the call, the chain's steps indented once more.
        if let Some((tried, field)) = suffix.find('.').map(|dot| suffix.split_at(dot)) {
            let receiver = format!("{prefix}{head}({}){tried}", arguments.join(", "));
            if width + receiver.len() <= MARGIN {
                return format!("{receiver}\n    {field}");
            }
            let arguments: String = arguments.iter().map(|argument| format!("        {argument},\n")).collect();
            return format!("{prefix}{head}(\n{arguments}    ){tried}\n    {field}");
        }
        let arguments: String = arguments.iter().map(|argument| format!("    {argument},\n")).collect();
        format!("{prefix}{head}(\n{arguments}){suffix}")
    }

    /// `prefix` + `receiver` + `steps` (each `.field` or `.method(argument)`, with any `?`)
    /// as text for a line `extra_depth` deeper than the current one, followed there by
    /// `trailing` more bytes: on one line when it fits, else each step on a line of its
    /// own one level in, and the last step's one argument on a line of its own when that
    /// step still does not fit (as prettyplease breaks a long chain).
    pub fn chain_text(
        &self,
        extra_depth: usize,
        trailing: usize,
        prefix: &str,
        receiver: &str,
        steps: &[String],
    ) -> String {
        let flat = format!("{prefix}{receiver}{}", steps.concat());
        let width = self.indent() + 4 * extra_depth;
        if width + flat.len() + trailing <= MARGIN {
            return flat;
        }
        let mut text = format!("{prefix}{receiver}");
        for (index, step) in steps.iter().enumerate() {
            let last = index + 1 == steps.len();
            let fits = width + 4 + step.len() + if last { trailing } else { 0 } <= MARGIN;
            match step.find('(').zip(step.rfind(')')) {
                Some((open, close)) if last && !fits && open + 1 < close => {
                    let (head, argument, end) = (&step[..=open], &step[open + 1..close], &step[close..]);
                    text.push_str(&format!("\n    {head}\n        {argument},\n    {end}"));
                }
                _ => text.push_str(&format!("\n    {step}")),
            }
        }
        text
    }

    /// What follows is indented once more (a chain of calls), until [`Lines::depth_out`].
    pub fn depth_in(&mut self) {
        self.depth += 1;
    }

    /// Back from [`Lines::depth_in`].
    pub fn depth_out(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Leaves the layout of these lines to prettyplease (a shape whose layout is not
    /// written here).
    pub fn reformat(&mut self) {
        self.overflow = true;
    }

    /// A line opening a block: what follows is indented once more.
    pub fn open(&mut self, code: &str) {
        self.line(code);
        self.depth += 1;
    }

    /// A line prettyplease has no place to break (an item's header, a literal after
    /// `=`, a call without arguments): it prints it whole however long, so a long one
    /// does not send the item to it.
    pub fn unbreakable(&mut self, code: &str) {
        self.push(code, "\n");
    }

    /// [`Lines::unbreakable`], opening a block.
    pub fn open_unbreakable(&mut self, code: &str) {
        self.unbreakable(code);
        self.depth += 1;
    }

    /// A line closing a block opened with [`Lines::open`].
    pub fn close(&mut self, code: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(code);
    }

    /// Each of `lines`, as [`Lines::line`] writes one.
    pub fn lines_of(&mut self, lines: impl IntoIterator<Item = impl AsRef<str>>) {
        for line in lines {
            self.line(line.as_ref());
        }
    }

    /// Documentation as `///` lines (prettyplease's form for a doc attribute of one
    /// line that does not start with `/`; trailing spaces are dropped, as it does).
    pub fn docs(&mut self, docs: &Docs) {
        for line in docs.lines() {
            self.doc_line(&line);
        }
    }

    /// Doc lines the generator wrote (trusted text: no Markdown to check), `\n`
    /// between lines.
    pub fn doc(&mut self, text: &str) {
        if text.is_empty() {
            self.doc_line("");
        }
        text.lines().for_each(|line| self.doc_line(line));
    }

    fn doc_line(&mut self, line: &str) {
        let line = line.trim_end_matches(' ');
        let indent = self.indent();
        crate::indent::spaces(&mut self.text, indent);
        self.text.push_str("///");
        if !line.is_empty() {
            self.text.push(' ');
            self.text.push_str(line);
        }
        self.text.push('\n');
    }

    /// The text, and whether a line went over the margin (prettyplease would break it).
    pub fn finish(self) -> (String, bool) {
        (self.text, self.overflow)
    }

    /// A struct literal as the tail of a line: `head` (`Ok(` or nothing), the name,
    /// the fields (without their trailing `,`), then `tail` (`)` or nothing). One line
    /// when the literal is narrow enough, as prettyplease keeps it; otherwise a field per
    /// line. A field already broken over lines (relative indentation kept) is never
    /// narrow.
    pub fn struct_literal(&mut self, head: &str, name: &str, fields: &[String], tail: &str) {
        let flat = format!("{name} {{ {} }}", fields.join(", "));
        // `Name {}` has no break to take; too wide, prettyplease breaks around it.
        self.overflow |= fields.is_empty() && name.len() + 2 > STRUCT_LITERAL_WIDTH;
        let narrow = fields.is_empty() || (flat.len() - 1 <= STRUCT_LITERAL_WIDTH && !flat.contains('\n'));
        let one_line = format!("{head}{flat}{tail}");
        if narrow && self.fits(&one_line) {
            let one_line = if fields.is_empty() { format!("{head}{name} {{}}{tail}") } else { one_line };
            self.line(&one_line);
            return;
        }
        self.open(&format!("{head}{name} {{"));
        self.comma_separated(fields);
        self.close(&format!("}}{tail}"));
    }

    /// `open`, the elements joined by `, `, then `close` on one line; when that does not
    /// fit, one element per line, each with a comma (an array literal).
    pub fn list(&mut self, open: &str, elements: &[String], close: &str) {
        let flat = format!("{open}{}{close}", elements.join(", "));
        if self.fits(&flat) || elements.is_empty() {
            self.line(&flat);
            return;
        }
        self.open(open);
        for element in elements {
            self.line_then_comma(element);
        }
        self.close(close);
    }

    /// An attribute `#[path(args…)]`, its arguments one per line when it does not fit
    /// (with no comma after the last, as prettyplease prints attributes).
    pub fn attribute(&mut self, path: &str, args: &[String]) {
        let flat = format!("#[{path}({})]", args.join(", "));
        if self.fits(&flat) {
            self.line(&flat);
            return;
        }
        self.open(&format!("#[{path}("));
        for (index, arg) in args.iter().enumerate() {
            if index + 1 == args.len() { self.line(arg) } else { self.line(&format!("{arg},")) }
        }
        self.close(")]");
    }

    /// A function's signature line, `prefix(params) -> output {`, with the
    /// parameters one per line when it does not fit.
    pub fn signature(&mut self, prefix: &str, params: &[String], output: &str) {
        let flat = format!("{prefix}({}){output} {{", params.join(", "));
        if self.fits(&flat) || params.is_empty() {
            self.open(&flat);
            return;
        }
        self.open(&format!("{prefix}("));
        self.comma_separated(params);
        self.close(&format!("){output} {{"));
        self.depth += 1;
    }

    /// A function signature returning the generic type `output<arguments…>`: as
    /// [`Lines::signature`] prints it, and when its last line still does not fit, the
    /// type's arguments one per line, as prettyplease breaks a long generic type.
    pub fn signature_returning(&mut self, prefix: &str, params: &[String], output: &str, arguments: &[String]) {
        let whole = format!("{output}<{}>", arguments.join(", "));
        let broken_last = format!("){whole} {{");
        if self.fits(&format!("{prefix}({}){whole} {{", params.join(", "))) || self.fits(&broken_last) {
            return self.signature(prefix, params, &whole);
        }
        self.open(&format!("{prefix}("));
        self.comma_separated(params);
        self.close(&format!("){output}<"));
        self.depth += 1;
        for argument in arguments {
            self.line_then_comma(argument);
        }
        self.close("> {");
        self.depth += 1;
    }

    /// `{implemented} for {name} {}`, an impl with an empty body, broken as
    /// [`Lines::impl_header`] breaks a header that does not fit (prettyplease lets the
    /// closing brace run one column past the margin).
    pub fn empty_impl(&mut self, implemented: &str, name: &str) {
        let flat = format!("{implemented} for {name} {{}}");
        if self.fits(&flat[..flat.len() - 1]) {
            return self.push(&flat, "\n");
        }
        self.line(implemented);
        self.line(&format!("for {name} {{}}"));
    }

    /// `{implemented} for {name} {`, opening its block; when it does not fit, `for …` on
    /// a line of its own at the same indentation, as prettyplease breaks an `impl` header.
    pub fn impl_header(&mut self, implemented: &str, name: &str) {
        let flat = format!("{implemented} for {name} {{");
        if self.fits(&flat) {
            return self.open(&flat);
        }
        self.line(implemented);
        self.open(&format!("for {name} {{"));
    }

    /// `let binding: outer<argument> = value;` for a `value` with no break of its own
    /// (`None`). prettyplease keeps the type on the line when it ends 3 columns short of
    /// the margin (room for ` = `), even if ` value;` then runs past it (measured over
    /// every type of the corpus); otherwise it puts the one type argument on a line of
    /// its own.
    pub fn let_typed(&mut self, binding: &str, outer: &str, argument: &str, value: &str) {
        let typed = format!("let {binding}: {outer}<{argument}>");
        if self.fits(&format!("{typed} = ")) {
            return self.unbreakable(&format!("{typed} = {value};"));
        }
        self.open(&format!("let {binding}: {outer}<"));
        self.line_then_comma(argument);
        self.close(&format!("> = {value};"));
    }

    /// `let Some(binding) = value else { return Err(error); };`, its block on lines of their
    /// own, as prettyplease prints a `let … else` (a long line is reformatted).
    pub fn let_else_err(&mut self, binding: &str, value: &str, error: &str) {
        self.open(&format!("let Some({binding}) = {value} else {{"));
        self.line(&format!("return Err({error});"));
        self.close("};");
    }

    /// `let binding = receiver.field….method(arguments);`, the chain one step per line when
    /// it does not fit, and the last call's arguments one per line when that step still does
    /// not (as prettyplease breaks a long method chain and a long call).
    pub fn let_chain(&mut self, binding: &str, steps: &[String], method: &str, arguments: &[String]) {
        let call = format!("{method}({})", arguments.join(", "));
        let flat = format!("let {binding} = {}{call};", steps.concat());
        if self.fits(&flat) {
            return self.line(&flat);
        }
        self.line(&format!("let {binding} = {}", steps.first().map_or("", String::as_str)));
        self.depth += 1;
        for step in steps.iter().skip(1) {
            self.line(step);
        }
        let last = format!("{call};");
        if self.fits(&last) {
            self.line(&last);
        } else {
            self.open(&format!("{method}("));
            for argument in arguments {
                self.line_then_comma(argument);
            }
            self.close(");");
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Whether prettyplease has no place to break a struct literal's field `name: path()`
/// (a call without arguments): it prints it whole however long.
fn has_no_break(line: &str) -> bool {
    // Only a line ending in `()` can be one: most are not, and need no search for `: `.
    if !line.ends_with("()") {
        return false;
    }
    let Some((name, value)) = line.trim_start().split_once(": ") else { return false };
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let path = value.strip_suffix("()").unwrap_or("");
    name.trim_start_matches("r#").chars().all(word)
        && !path.is_empty()
        && path.split("::").all(|part| !part.is_empty() && part.trim_start_matches("r#").chars().all(word))
}

/// A string literal as `quote` writes one (`proc_macro2`'s escaping), so that text
/// written here and tokens printed by prettyplease agree.
pub fn string(text: &str) -> String {
    // Printable ASCII but `"` and `\\` is written as it is by that escaping too: only
    // other text is handed to it (it builds the literal a character at a time, 2.5% of
    // a GitHub run).
    if text.bytes().all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\') {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        return literal;
    }
    proc_macro2::Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn string_literals_are_written_as_proc_macro2_writes_them() {
        let mut texts: Vec<String> = (0u8..=127).map(|b| format!("a{}b", char::from(b))).collect();
        texts.extend(
            ["", "plain text", "it's", "\"q\"", "a\\b", "é", "\u{202e}", "\0", "\x007", "tab\there"].map(str::to_owned),
        );
        for text in texts {
            assert_eq!(super::string(&text), proc_macro2::Literal::string(&text).to_string(), "{text:?}");
        }
    }

    use super::super::operation::written_items;
    use super::super::types::render_types;
    use super::super::{format_tokens, separate_items};
    use super::MARGIN;
    use super::Piece;
    use crate::pipeline::{ApiInput, discover, model_api};

    /// Every document of the project, its test fixtures and the corpus.
    fn documents(root: &Path) -> Vec<ApiInput> {
        let mut inputs: Vec<ApiInput> =
            ["specs", "tests/fixtures/specs"].iter().flat_map(|dir| discover(&root.join(dir)).unwrap()).collect();
        for file in ["keeper.json", "buildomat.json", "propolis-server.json", "nexus.json", "api.github.com.json"] {
            let spec = root.join("../shared/corpus").join(file);
            assert!(spec.exists(), "{} is missing", spec.display());
            inputs.push(ApiInput { module: "corpus".into(), spec, overlay: None });
        }
        inputs
    }

    /// Every item written as text that fits the margin is what prettyplease prints for
    /// it, on every document at hand; the others are reformatted, so what is written is
    /// always prettyplease's layout.
    #[test]
    fn what_fits_is_printed_as_prettyplease_prints_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut tally = Tally::default();
        for input in documents(&root) {
            let before = (tally.kept, tally.reformatted);
            let api = model_api(&input, &root).unwrap_or_else(|| panic!("{} generates", input.spec.display()));
            let types = render_types(&api.types).flatten().filter_map(|piece| match piece {
                Piece::Text(lines) => Some(lines.finish()),
                Piece::Tokens(_) => None,
            });
            let operations = api.operations.iter().flat_map(|op| written_items(&api, op));
            for (text, overflow) in types.chain(operations) {
                tally.check(&text, overflow, &input.spec);
            }
            let (kept, reformatted) = (tally.kept - before.0, tally.reformatted - before.1);
            eprintln!("{}: {kept} kept, {reformatted} reformatted", input.spec.display());
        }
        // Most are kept: the others cost what printing tokens does.
        assert!(tally.kept > 4 * tally.reformatted, "{tally:?}");
    }

    #[derive(Debug, Default)]
    struct Tally {
        kept: usize,
        reformatted: usize,
    }

    impl Tally {
        /// Checks one written item against what prettyplease prints for it.
        fn check(&mut self, text: &str, overflow: bool, spec: &Path) {
            let printed = format_tokens(text.parse().expect("lexes")).expect("parses");
            if overflow {
                self.reformatted += 1;
                if std::env::var_os("SHOW").is_some() {
                    for line in text.lines().filter(|l| l.len() > MARGIN && !l.trim_start().starts_with("///")) {
                        eprintln!("LONG {line}");
                    }
                }
                return;
            }
            self.kept += 1;
            let written = separate_items(text);
            let first = written.lines().zip(printed.lines()).position(|(a, b)| a != b);
            let at = |text: &str| {
                first.map(|n| text.lines().skip(n.saturating_sub(2)).take(4).collect::<Vec<_>>().join("\n"))
            };
            let shown = spec.display();
            assert!(written == printed, "in {shown}: written\n{:?}\nprettyplease\n{:?}", at(&written), at(&printed));
        }
    }
}
