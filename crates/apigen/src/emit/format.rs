//! Generated token streams to formatted text with `prettyplease`, one item at a time.
//!
//! `prettyplease` prints a whole `syn::File`; for a document with 20,000 operations that
//! file's syntax tree alone took about 700 MB. Every item (and every item of an `impl`
//! block) is printed after a forced line break and independently of its neighbours, so
//! printing the items one by one and joining the texts gives the same output while only
//! one item's tree is alive at a time. Should that ever not hold for an `impl` block
//! (its printed opening line differs between items), generation fails rather than
//! writing something else.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Token};

use super::layout::{Lines, Piece};

/// Parses and pretty-prints a token stream as a file.
pub fn format_tokens(tokens: TokenStream) -> Result<String, String> {
    let mut printer = Printer::default();
    printer.items(tokens)?;
    Ok(printer.finish())
}

/// A file printed piece by piece: each piece's tokens can be made just before they are
/// printed and dropped after, so a file's tokens are never all in memory. Blank lines go
/// between items as each piece is added, so the file's text exists once (not again with
/// blank lines, and again with its preamble: for 20,000 operations each copy was about
/// 100 MB).
#[derive(Default)]
pub struct Printer {
    out: String,
    /// Where the last line added starts in `out`.
    previous: usize,
}

impl Printer {
    /// A printer whose file starts with `preamble` (whole lines).
    pub fn starting_with(preamble: &str) -> Self {
        let mut printer = Printer::default();
        printer.push(preamble);
        printer
    }

    /// Adds printed lines, with a blank line between items (see [`super::blank_between`]).
    ///
    /// The text is copied in runs between the blank lines it gets, its line breaks found
    /// with `memchr`: copying it line by line, each line found by its own search, was 4%
    /// of a GitHub run's instructions.
    fn push(&mut self, text: &str) {
        if text.contains('\r') {
            // `lines` drops a `\r` before a line break: kept so, line by line.
            return text.lines().for_each(|line| self.push_line(line));
        }
        let (mut start, mut copied) = (0, 0);
        let mut previous: Option<&str> = None;
        let ends = memchr::memchr_iter(b'\n', text.as_bytes());
        let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
        for end in ends.chain(last) {
            let line = &text[start..end];
            let before = previous.unwrap_or_else(|| self.last_line());
            if super::blank_between(before, line) {
                self.out.push_str(&text[copied..start]);
                self.out.push('\n');
                copied = start;
            }
            previous = Some(line);
            start = end + 1;
        }
        let Some(line) = previous else { return };
        self.out.push_str(&text[copied..]);
        if last.is_some() {
            self.out.push('\n');
        }
        self.previous = self.out.len() - line.len() - 1;
    }

    /// The last line added (without its line break).
    fn last_line(&self) -> &str {
        self.out[self.previous..].strip_suffix('\n').unwrap_or_default()
    }

    /// Adds one line, after a blank line if it starts an item.
    fn push_line(&mut self, line: &str) {
        if super::blank_between(self.last_line(), line) {
            self.out.push('\n');
        }
        self.previous = self.out.len();
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// Prints inner attributes (at the start of the file only) and items.
    pub fn items(&mut self, tokens: TokenStream) -> Result<(), String> {
        // No copy of `tokens` is kept for a second try: syn would then copy them all.
        let text = checked(format_items(tokens))?;
        self.push(&text);
        Ok(())
    }

    /// Adds items written as text: as they are when every line fits the margin, else
    /// reformatted by prettyplease (see [`super::layout`]).
    pub fn text(&mut self, lines: Lines) -> Result<(), String> {
        match lines.finish() {
            (text, false) => {
                self.push(&text);
                Ok(())
            }
            (text, true) => self.items(lex(&text).map_err(|e| format!("generated code does not parse: {e}"))?),
        }
    }

    /// Prints an `impl` block: `header` is what comes before its body (`impl Client`),
    /// each of `bodies` some of its items (an item written as text is kept when it fits,
    /// else reformatted like the others).
    pub fn impl_block(&mut self, header: TokenStream, bodies: impl Iterator<Item = Piece>) -> Result<(), String> {
        let text = checked(format_impl(&header, bodies))?;
        self.push(&text);
        Ok(())
    }

    /// Adds the files other printers finished, in order: their blank lines stay as they
    /// are, and one goes between two that meet between items (the file is the one printing
    /// all their lines on one printer gives, which a test checks). Room is made for all of them at once, and a little more for what may follow
    /// (the token source's items): doubling a buffer of 100 MB would reserve, and copy
    /// into, 200 MB.
    pub fn push_all(&mut self, others: impl IntoIterator<Item = Printer>) {
        let others: Vec<Printer> = others.into_iter().collect();
        self.out.reserve_exact(others.iter().map(|other| other.out.len()).sum::<usize>() + 1024 * 1024);
        for other in others {
            self.append(&other.out);
        }
    }

    /// Adds another printer's text: its own blank lines are in it already, so only where
    /// the two meet is decided.
    fn append(&mut self, text: &str) {
        let Some(first) = text.find('\n') else {
            self.push(text);
            return;
        };
        self.push(&text[..=first]);
        let rest = &text[first + 1..];
        if rest.is_empty() {
            return;
        }
        let start = self.out.len();
        self.out.push_str(rest);
        if !rest.ends_with('\n') {
            self.out.push('\n');
        }
        let body = rest.strip_suffix('\n').unwrap_or(rest);
        self.previous = start + body.rfind('\n').map_or(0, |at| at + 1);
    }

    /// The printed file, with a blank line between items.
    pub fn finish(self) -> String {
        self.out
    }
}

fn checked(printed: syn::Result<Option<String>>) -> Result<String, String> {
    match printed {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err("an impl block of the generated code cannot be printed item by item".into()),
        Err(e) => Err(format!("generated code does not parse: {e}")),
    }
}

/// Prints inner attributes and items as a file holding just them.
fn unparse_parts(attrs: Vec<Attribute>, items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs, items })
}

/// The file printed item by item; `None` when an `impl` block cannot be split.
fn format_items(tokens: TokenStream) -> syn::Result<Option<String>> {
    let mut out = String::new();
    let parse = |input: ParseStream| -> syn::Result<bool> {
        out.push_str(&unparse_parts(input.call(Attribute::parse_inner)?, Vec::new()));
        while !input.is_empty() {
            if starts_impl(input) {
                let (header, body) = split_impl(input)?;
                let Some(text) = format_impl(&header, std::iter::once(Piece::Tokens(body)))? else {
                    return Ok(false);
                };
                out.push_str(&text);
            } else {
                out.push_str(&unparse_parts(Vec::new(), vec![input.parse()?]));
            }
        }
        Ok(true)
    };
    let split = parse.parse2(tokens)?;
    Ok(split.then_some(out))
}

/// Whether the next item is an `impl` block.
fn starts_impl(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.call(Attribute::parse_outer).is_ok()
        && (fork.peek(Token![impl]) || (fork.peek(Token![unsafe]) && fork.peek2(Token![impl])))
}

/// An `impl` block's tokens before its body (attributes included), and its body.
fn split_impl(input: ParseStream) -> syn::Result<(TokenStream, TokenStream)> {
    input.step(|cursor| {
        let mut header = TokenStream::new();
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            match tree {
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    return Ok(((header, group.stream()), rest));
                }
                tree => header.extend([tree]),
            }
        }
        Err(cursor.error("an impl block without a body"))
    })
}

/// Text written in [`super::layout`] that prettyplease is to reformat, as tokens.
fn lex(text: &str) -> syn::Result<TokenStream> {
    text.parse().map_err(|e| syn::Error::new(proc_macro2::Span::call_site(), format!("it does not lex: {e}")))
}

/// An `impl` block printed one associated item at a time: each inside a copy of the
/// block, from which the opening line and closing brace are cut. An item written as text
/// that fits the margin is taken as it is.
fn format_impl(header: &TokenStream, bodies: impl Iterator<Item = Piece>) -> syn::Result<Option<String>> {
    let block: syn::ItemImpl = syn::parse2(quote!(#header {}))?;
    let mut file =
        syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![syn::Item::Impl(block)] };
    let empty = prettyplease::unparse(&file);
    let Some(opening) = empty.strip_suffix("{}\n").map(|start| format!("{start}{{\n")) else { return Ok(None) };
    let mut inner = String::new();
    for body in bodies {
        let stream = match body {
            Piece::Tokens(stream) => stream,
            Piece::Text(lines) => match lines.finish() {
                (text, false) => {
                    inner.push_str(&text);
                    continue;
                }
                (text, true) => lex(&text)?,
            },
        };
        let parse = |content: ParseStream| -> syn::Result<bool> {
            if !content.call(Attribute::parse_inner)?.is_empty() {
                return Ok(false);
            }
            while !content.is_empty() {
                if let Some(syn::Item::Impl(block)) = file.items.first_mut() {
                    block.items = vec![content.parse()?];
                }
                let text = prettyplease::unparse(&file);
                let Some(printed) = text.strip_prefix(&opening).and_then(|t| t.strip_suffix("}\n")) else {
                    return Ok(false);
                };
                inner.push_str(printed);
            }
            Ok(true)
        };
        if !parse.parse2(stream)? {
            return Ok(None);
        }
    }
    Ok(Some(if inner.is_empty() { empty } else { format!("{opening}{inner}}}\n") }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushing a text in runs gives what pushing it line by line gives: the same blank
    /// lines, the same last line for the next push.
    #[test]
    fn a_text_pushed_in_runs_is_the_text_pushed_line_by_line() {
        let texts = [
            "",
            "\n",
            "fn a() {}\nfn b() {}\n",
            "/// Docs\npub struct A;\nimpl A {\n    fn a() {}\n    fn b() {}\n}\nconst B: u8 = 0;",
            "//! Inner\n#![allow(x)]\nuse a;\n\n\nstruct B;\n",
            "struct A;\r\nstruct B;\r\n",
            "    }\nimpl C {}",
        ];
        for first in texts {
            for second in texts {
                let (mut runs, mut lines) = (Printer::default(), Printer::default());
                runs.push(first);
                runs.push(second);
                first.lines().chain(second.lines()).for_each(|line| lines.push_line(line));
                assert_eq!((runs.previous, runs.out), (lines.previous, lines.out), "{first:?} then {second:?}");
            }
        }
    }

    /// Prints a whole file.
    fn unparse(tokens: TokenStream) -> syn::Result<String> {
        let file: syn::File = syn::parse2(tokens)?;
        Ok(prettyplease::unparse(&file))
    }

    #[test]
    fn item_by_item_is_the_same_as_whole() {
        let tokens = quote! {
            //! Inner docs.
            #![allow(dead_code)]
            /// A struct.
            #[derive(Debug)]
            pub struct A { pub field_with_a_long_name: Option<std::collections::BTreeMap<String, Vec<u8>>>, pub b: u8 }
            /// An impl.
            impl A {
                /// New.
                pub fn new() -> Self { A { field_with_a_long_name: None, b: 0 } }
                pub const C: u8 = 1;
                pub fn long(&self, first_argument: &str, second_argument: &str, third_argument: u64) -> Result<(), String> { match self.b { 0 => Ok(()), _ => Err(format!("{first_argument}{second_argument}{third_argument}")) } }
            }
            impl Default for A { fn default() -> Self { Self::new() } }
            impl std::fmt::Display for A {}
            pub const X: A = A { field_with_a_long_name: None, b: 2 };
            pub enum E { One, Two(u8) }
        };
        let whole = unparse(tokens.clone()).expect("parses");
        let split = format_items(tokens).expect("parses").expect("splits");
        assert_eq!(split, whole);
        assert!(format_tokens(quote!(fn broken {})).is_err());
    }

    #[test]
    fn printers_joined_are_the_file_printed_line_by_line() {
        let text = "//! Docs.\n#![allow(x)]\n/// A.\npub struct A;\nimpl A {\n    fn a() {}\n    fn b() {}\n}\npub enum E {}\n";
        let lines: Vec<&str> = text.lines().collect();
        for cut in 0..=lines.len() {
            for second in cut..=lines.len() {
                let mut whole = Printer::default();
                whole.push(text);
                let mut joined = Printer::default();
                let mut parts = [Printer::default(), Printer::default(), Printer::default()];
                parts[0].push(&lines[..cut].join("\n"));
                parts[1].push(&lines[cut..second].join("\n"));
                parts[2].push(&lines[second..].join("\n"));
                joined.push_all(parts);
                assert_eq!(joined.out, whole.out, "cut at {cut} and {second}");
                assert_eq!(joined.previous, whole.previous, "cut at {cut} and {second}");
            }
        }
    }
}
