//! The error type returned by every generated operation.

use std::fmt;

mod message;

pub(crate) use message::root_cause;

use crate::scrub::{longest_first, redacted};
use crate::validate::ValidationError;

/// Why an operation of a generated client failed.
///
/// `E` is the operation's own enum of documented error responses (one variant per
/// documented non-2xx status, plus `default` when the spec has one).
///
/// No variant carries a secret: request bodies are never included, the secrets the
/// request carried are replaced by `[REDACTED]` in a documented error's body before it
/// is decoded and in an undocumented status's excerpt, and decoding failures keep the
/// position and category of the error, not the offending value.
///
/// Its message (`Display`) shows a documented error's decoded body as its `Debug` does,
/// cut after [`EXCERPT_LIMIT`](Error::EXCERPT_LIMIT) characters, so that a log says what
/// the server objected to.
///
/// `#[non_exhaustive]`: match it with a wildcard arm, so that a new kind of failure in a
/// later runtime does not break your code.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = ()> {
    /// A declared constraint (`maxLength`, `pattern`, …) does not hold; nothing was sent.
    Validation(ValidationError),
    /// The operation needs credentials that the client was not given; nothing was sent.
    MissingCredentials(MissingCredentials),
    /// The request URL could not be built (for example a bad base URL).
    Url(String),
    /// The request could not be sent or the response not read (a connect error, the HTTP
    /// client's own connect or read timeout, a broken connection, …); the call's bound is
    /// [`Error::Timeout`].
    /// The URL it shows has its query redacted (see [`Error::transport`]).
    Transport(reqwest::Error),
    /// The server answered with a status the spec documents as an error.
    Api {
        /// The HTTP status code.
        status: u16,
        /// The decoded body of the documented error response.
        error: E,
    },
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        /// The HTTP status code.
        status: u16,
        /// The first bytes of the body (at most [`EXCERPT_LIMIT`](Error::EXCERPT_LIMIT)), lossily decoded.
        excerpt: String,
        /// The `Retry-After` header (seconds or an HTTP date), if any.
        retry_after: Option<std::time::Duration>,
    },
    /// Credentials would go over plain `http://` to a host that is not loopback; nothing was sent.
    InsecureTransport {
        /// The host the request was for.
        host: String,
    },
    /// The body of a documented response does not match its schema.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// What went wrong, without the offending value.
        source: DecodeError,
    },
    /// The response body is larger than the client's limit (see
    /// [`ClientCore::with_body_limit`](crate::ClientCore::with_body_limit)); the rest
    /// of it was not read.
    BodyTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// No access token could be had for an authenticated call; nothing was sent.
    Token(crate::token::TokenError),
    /// The call was not done within the client's bound
    /// ([`ClientCore::with_timeout`](crate::ClientCore::with_timeout)); what was
    /// started was dropped. The HTTP client's own timeout expiring at the bound or later
    /// (the default read timeout equals the default bound) is this too; one expiring
    /// before it is [`Error::Transport`].
    Timeout {
        /// The bound that expired.
        after: std::time::Duration,
    },
}

impl<E> Error<E> {
    /// Whether it is a transport error that is the HTTP client's own timeout (its read or
    /// connect timeout), not the call's bound.
    pub(crate) fn is_client_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }

    /// A transport error, with the query string removed from the URL it shows: an API
    /// key sent as a query parameter must not end up in an error message or a log.
    pub fn transport(error: reqwest::Error) -> Self {
        Error::Transport(redact_query(error))
    }

    /// A documented error response (what generated operations return for one).
    pub fn api(status: u16, error: E) -> Self {
        Error::Api { status, error }
    }

    /// The largest number of body bytes kept in [`Error::UnexpectedStatus`], and of
    /// characters of a documented error's body shown in the message of [`Error::Api`].
    pub const EXCERPT_LIMIT: usize = 512;

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The documented error response, if that is what the server sent.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Removes the query from the URL a transport error shows.
pub(crate) fn redact_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut()
        && url.query().is_some()
    {
        url.set_query(Some("[REDACTED]"));
    }
    error
}

/// Everything that can go wrong with a call except a documented error status: building
/// and sending the request, and reading a response. It does not depend on the
/// operation, so the runtime's request plumbing returns it, and `?` turns it into the
/// operation's [`Error`] (`From<RequestError> for Error<E>`).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct RequestError(Error<std::convert::Infallible>);

impl RequestError {
    /// The failure, as the [`Error`] of an operation without documented errors.
    pub fn into_error(self) -> Error<std::convert::Infallible> {
        self.0
    }

    /// Whether it is the HTTP client's own timeout (see [`Error::is_client_timeout`]).
    pub(crate) fn is_client_timeout(&self) -> bool {
        self.0.is_client_timeout()
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        self.0.status()
    }
}

impl From<Error<std::convert::Infallible>> for RequestError {
    fn from(error: Error<std::convert::Infallible>) -> Self {
        RequestError(error)
    }
}

impl From<ValidationError> for RequestError {
    fn from(error: ValidationError) -> Self {
        RequestError(Error::Validation(error))
    }
}

impl From<MissingCredentials> for RequestError {
    fn from(error: MissingCredentials) -> Self {
        RequestError(Error::MissingCredentials(error))
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(error: RequestError) -> Self {
        match error.0 {
            Error::Validation(e) => Error::Validation(e),
            Error::MissingCredentials(e) => Error::MissingCredentials(e),
            Error::Url(e) => Error::Url(e),
            Error::Transport(e) => Error::Transport(e),
            Error::UnexpectedStatus { status, excerpt, retry_after } => {
                Error::UnexpectedStatus { status, excerpt, retry_after }
            }
            Error::InsecureTransport { host } => Error::InsecureTransport { host },
            Error::Decode { status, source } => Error::Decode { status, source },
            Error::BodyTooLarge { limit } => Error::BodyTooLarge { limit },
            Error::Token(e) => Error::Token(e),
            Error::Timeout { after } => Error::Timeout { after },
            Error::Api { error, .. } => match error {},
        }
    }
}

/// A response body that does not match its schema.
///
/// Holds serde's category, the path to the value that failed (keys and indexes) and its
/// line and column, but deliberately not serde's message, which may quote the offending
/// value (and that value may be a token). The path holds the body's keys as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The Rust type the body was decoded into.
    pub type_name: &'static str,
    /// `syntax`, `data` (valid JSON, wrong shape) or `eof` (truncated); `form` (a form
    /// body of the wrong shape, without a position); `internal` when
    /// the runtime was handed a value of another type than the one expected (a bug in the
    /// runtime or in code calling it, never the server's doing).
    pub category: &'static str,
    /// Where in the value, as keys and indexes (`data.items[3].age`); empty at the top or
    /// when not known.
    pub path: String,
    /// 1-based line of the error in the body (0 for an `internal` error).
    pub line: usize,
    /// 1-based column of the error in the body (0 for an `internal` error).
    pub column: usize,
    /// The response's `Content-Type`, when it had one and it is not JSON's (an HTML page
    /// of a proxy where the document promised JSON), shown escaped and cut to length.
    pub content_type: Option<Box<str>>,
    /// The body's first bytes (at most [`Error::EXCERPT_LIMIT`], lossily decoded, escaped,
    /// every secret of the request redacted) when it is an HTML page (a proxy's or a
    /// gateway's, where JSON was documented); empty otherwise: JSON of the wrong shape
    /// has its path, and a body of another kind may carry what the response was to
    /// (a form-encoded token, which the request did not send and so cannot redact).
    /// (Boxed strings, as `content_type`: an `Error` stays small.)
    pub excerpt: Box<str>,
}

impl DecodeError {
    /// A value of another type than `type_name` (what the runtime reports, rather than
    /// panicking, should a reply ever be given another operation's types).
    pub(crate) fn mismatch(type_name: &'static str) -> Self {
        DecodeError {
            type_name,
            category: "internal",
            path: String::new(),
            line: 0,
            column: 0,
            content_type: None,
            excerpt: Box::default(),
        }
    }

    /// A form body that does not match `type_name` (`serde_urlencoded` says neither where
    /// nor, always, without the value: nothing of its message is kept).
    pub(crate) fn form(type_name: &'static str) -> Self {
        DecodeError { category: "form", ..DecodeError::mismatch(type_name) }
    }

    /// Builds a decode error from a `serde_json` error, dropping its message.
    pub fn from_json(type_name: &'static str, error: &serde_json::Error) -> Self {
        let category = match error.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax",
            serde_json::error::Category::Data => "data",
            serde_json::error::Category::Eof => "eof",
        };
        DecodeError {
            type_name,
            category,
            path: String::new(),
            line: error.line(),
            column: error.column(),
            content_type: None,
            excerpt: Box::default(),
        }
    }

    /// The error with what the response said of its body: its `Content-Type` unless it
    /// is JSON's, and, for an HTML page, an excerpt with `secrets` redacted.
    pub(crate) fn in_response(mut self, content_type: Option<&str>, body: &[u8], secrets: &[String]) -> Self {
        let essence = content_type.map(|media| media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
        let json =
            |essence: &str| essence == "application/json" || essence.ends_with("+json") || essence == "text/json";
        // What the decoder read the body as: a form, or JSON.
        let expected = |essence: &str| match self.category {
            "form" => essence == "application/x-www-form-urlencoded",
            _ => json(essence),
        };
        if essence.as_deref().is_some_and(|essence| !expected(essence)) {
            self.content_type = content_type.map(|media| shown_text(media, 100).into());
        }
        if self.category == "syntax" && matches!(essence.as_deref(), Some("text/html" | "application/xhtml+xml")) {
            let limit = body.len().min(Error::<()>::EXCERPT_LIMIT);
            // As written first (before `excerpt` escapes what a secret may hold), then
            // as read (a secret the page echoes HTML-escaped: `scrubbed_excerpt`).
            let written = excerpt_hiding(body[..limit].to_vec(), body.len() > limit, secrets);
            self.excerpt = scrubbed_excerpt(written, secrets).into();
        }
        self
    }

    /// The decode error of `body` read as `T`, with the path to the value that failed,
    /// found from the error's position in the text (see `decode_path`).
    pub fn of<T: serde::de::DeserializeOwned>(body: &[u8], error: &serde_json::Error) -> Self {
        Self::located(std::any::type_name::<T>(), body, error, &[])
    }

    /// The same for the type named `type_name` (not generic: compiled once), with every
    /// secret the request carried replaced in the path (a map key of the body may be one)
    /// before the path is escaped and cut to length.
    pub(crate) fn located(type_name: &'static str, body: &[u8], error: &serde_json::Error, secrets: &[String]) -> Self {
        let path = crate::decode_path::path_at(body, error.line(), error.column(), error.is_eof());
        let path = if path == "." { String::new() } else { shown_path(&redacted(path, &longest_first(secrets))) };
        DecodeError { path, ..DecodeError::from_json(type_name, error) }
    }
}

/// `text` with HTML character references read: numeric ones (`&#43;`, `&#x2F;`, with or
/// without their `;`, zeros before the digits), and the named ones of the ASCII characters
/// a secret may hold (`&plus;`, `&sol;`, `&period;`, `&lowbar;`, …, and the legacy `&AMP;`,
/// `&LT;`, `&GT;`, `&QUOT;`). Other named references stay as written. (Not an HTML parser:
/// a large dependency for an error message, where only what may hide a secret matters.)
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        match reference(&rest[1..]) {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[1 + length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference after a `&` stands for, and the length of its text.
fn reference(text: &str) -> Option<(char, usize)> {
    const NAMED: [(&str, char); 45] = [
        ("excl", '!'),
        ("quot", '"'),
        ("QUOT", '"'),
        ("num", '#'),
        ("dollar", '$'),
        ("percnt", '%'),
        ("amp", '&'),
        ("AMP", '&'),
        ("apos", '\''),
        ("lpar", '('),
        ("rpar", ')'),
        ("ast", '*'),
        ("plus", '+'),
        ("comma", ','),
        ("period", '.'),
        ("sol", '/'),
        ("colon", ':'),
        ("semi", ';'),
        ("lt", '<'),
        ("LT", '<'),
        ("equals", '='),
        ("gt", '>'),
        ("GT", '>'),
        ("quest", '?'),
        ("commat", '@'),
        ("lsqb", '['),
        ("lbrack", '['),
        ("bsol", '\\'),
        ("rsqb", ']'),
        ("rbrack", ']'),
        ("Hat", '^'),
        ("lowbar", '_'),
        ("grave", '`'),
        ("lcub", '{'),
        ("verbar", '|'),
        ("rcub", '}'),
        ("UnderBar", '_'),
        ("lbrace", '{'),
        ("rbrace", '}'),
        ("vert", '|'),
        ("VerticalLine", '|'),
        ("midast", '*'),
        ("DiacriticalGrave", '`'),
        ("NewLine", '\n'),
        ("Tab", '\t'),
    ];
    // The legacy names a browser reads without their `;`.
    const LEGACY: [(&str, char); 8] =
        [("amp", '&'), ("AMP", '&'), ("lt", '<'), ("LT", '<'), ("gt", '>'), ("GT", '>'), ("quot", '"'), ("QUOT", '"')];
    if let Some(number) = text.strip_prefix('#') {
        let (hex, digits) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (true, hex),
            None => (false, number),
        };
        let count = digits.chars().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
        let value = digits[..count].trim_start_matches('0');
        let code = if value.is_empty() { 0 } else { u32::from_str_radix(value, if hex { 16 } else { 10 }).ok()? };
        let semicolon = usize::from(digits[count..].starts_with(';'));
        if count == 0 {
            return None;
        }
        return char::from_u32(code).map(|c| (c, 1 + usize::from(hex) + count + semicolon));
    }
    let named = text.find(';').filter(|&end| end <= 16).and_then(|end| {
        let name = &text[..end];
        NAMED.iter().find(|(named, _)| *named == name).map(|(_, c)| (*c, end + 1))
    });
    named.or_else(|| LEGACY.iter().find(|(name, _)| text.starts_with(name)).map(|(name, c)| (*c, name.len())))
}

/// `text` without a character reference its end leaves unfinished (an excerpt cut in
/// `&#4`), which would hide the start of a secret from the check of a cut excerpt.
fn without_open_reference(text: &str) -> &str {
    match text.rfind('&') {
        Some(at) if text[at + 1..].chars().all(|c| c.is_ascii_alphanumeric() || c == '#') => &text[..at],
        _ => text,
    }
}

/// A path as a message shows it: control and format characters escaped (a key of the
/// body may hold line breaks, terminal escapes or bidi overrides), at most 200
/// characters.
fn shown_path(path: &str) -> String {
    shown_text(path, 200)
}

/// Text from a response as a message shows it: control and format characters escaped,
/// at most `max` characters and then `…`.
pub(crate) fn shown_text(text: &str, max: usize) -> String {
    let mut shown = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max {
            shown.push('…');
            break;
        }
        push_shown(&mut shown, c);
    }
    shown
}

/// `c` as text from a response is shown: escaped if it is a control or format character.
fn push_shown(shown: &mut String, c: char) {
    if c.is_control() || hidden(c) {
        shown.extend(c.escape_debug());
    } else {
        shown.push(c);
    }
}

/// Whether `c` shows as nothing or acts on the text around it: format characters (bidi
/// controls, zero-width characters, tags), line and paragraph separators, fillers. The
/// generator's documentation escapes the same list (`apigen::emit::docs::is_hidden`);
/// the standard library has no general category, and a crate of Unicode tables for a
/// few stable ranges is not worth a dependency of every generated crate.
fn hidden(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x34F
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
            | 0xFFF0..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// `alloc::collections::btree::map::BTreeMap<alloc::string::String, f64>` as
/// `BTreeMap<String, f64>`: the standard library's paths without their modules (a
/// generated type keeps its path, which names its API). The standard library's
/// `type_name` has no short form, and a few lines of scanning do not justify a dependency.
fn short_type_name(name: &str) -> String {
    let mut shown = String::with_capacity(name.len());
    let mut path = String::new();
    let flush = |path: &mut String, shown: &mut String| {
        let standard = ["alloc::", "core::", "std::"].iter().any(|root| path.starts_with(root));
        shown.push_str(if standard { path.rsplit("::").next().unwrap_or_default() } else { path });
        path.clear();
    };
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            flush(&mut path, &mut shown);
            shown.push(c);
        }
    }
    flush(&mut path, &mut shown);
    shown
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.category {
            "syntax" => "malformed JSON",
            "data" => "JSON that does not match the schema",
            "eof" => "truncated JSON",
            "internal" => {
                return write!(f, "internal error: the reply was not a `{}`", short_type_name(self.type_name));
            }
            "form" => "a form that does not match the schema",
            _ => "unreadable body",
        };
        write!(f, "{what} for `{}`", short_type_name(self.type_name))?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        match (&self.content_type, self.excerpt.is_empty()) {
            (Some(media), true) => write!(f, " (the response says its body is `{media}`)"),
            (Some(media), false) => {
                write!(f, " (the response says its body is `{media}`; it begins: {})", self.excerpt)
            }
            (None, false) => write!(f, " (the body begins: {})", self.excerpt),
            (None, true) => Ok(()),
        }
    }
}

impl std::error::Error for DecodeError {}

/// An operation needs credentials the client does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("operation `{operation}` needs credentials for {}; configure the client with one of them", describe(.alternatives))]
pub struct MissingCredentials {
    /// The operation's Rust name.
    pub operation: &'static str,
    /// The accepted alternatives, each a list of security scheme names that must all be present.
    pub alternatives: Vec<Vec<&'static str>>,
}

fn describe(alternatives: &[Vec<&'static str>]) -> String {
    alternatives.iter().map(|schemes| schemes.join(" + ")).collect::<Vec<_>>().join(" or ")
}

/// A value built with a generated builder (`<Type>::builder()…build()`) without one of
/// its required fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{type_name}` needs `{field}`, which was not set")]
pub struct BuildError {
    /// The type being built.
    pub type_name: &'static str,
    /// The Rust name of the required field (and of the builder method that sets it).
    pub field: &'static str,
}

impl BuildError {
    /// `field` of `type_name` was not set.
    pub const fn missing(type_name: &'static str, field: &'static str) -> Self {
        BuildError { type_name, field }
    }
}

/// A body prefix as an excerpt, lossily decoded; `more` says the body went on, which
/// the excerpt shows with a trailing `…`.
/// [`excerpt`] of a body's first bytes with `secrets` (the request's) replaced in them
/// before: inside JSON strings too, and in a string the limit leaves open (see
/// `scrub::scrubbed_prefix`).
pub(crate) fn excerpt_hiding(prefix: Vec<u8>, more: bool, secrets: &[String]) -> String {
    excerpt(&crate::scrub::scrubbed_prefix(prefix, secrets, more), more)
}

pub(crate) fn excerpt(prefix: &[u8], more: bool) -> String {
    let mut text = String::from_utf8_lossy(prefix).into_owned();
    if more {
        // The lossy decoder may have turned a multi-byte character cut in half into
        // U+FFFD; drop it so the excerpt ends cleanly.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
    }
    // Control and format characters (line breaks, terminal escapes, bidi overrides) are
    // shown escaped: an excerpt logged cannot forge log lines or drive a terminal.
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        push_shown(&mut shown, c);
    }
    if more {
        shown.push('…');
    }
    shown
}

/// `error` with every secret the request carried (`secrets`: credential header values,
/// tokens, API keys in the query) replaced by `[REDACTED]` in its excerpt: a server
/// that echoes the request back must not put its credentials into an error message.
pub(crate) fn scrubbed<E>(error: Error<E>, secrets: &[String]) -> Error<E> {
    match error {
        Error::UnexpectedStatus { status, excerpt, retry_after } => {
            Error::UnexpectedStatus { status, excerpt: scrubbed_excerpt(excerpt, secrets), retry_after }
        }
        // A map key of the body in the path may be a secret the request sent.
        Error::Decode { status, mut source } => {
            source.path = redacted(source.path, &longest_first(secrets));
            Error::Decode { status, source }
        }
        other => other,
    }
}

/// An excerpt with `secrets` replaced, also a secret's start that the excerpt's limit
/// cut short. Not generic, so compiled once (`scrubbed` is compiled per error type).
fn scrubbed_excerpt(excerpt: String, secrets: &[String]) -> String {
    let secrets = longest_first(secrets);
    let (body, cut) = match excerpt.strip_suffix('…') {
        Some(body) => (body.to_owned(), true),
        None => (excerpt, false),
    };
    let raw = redacted(body, &secrets);
    // A server may echo a secret in HTML character references (`Sk&#43;9f`, `&period;`,
    // escaped twice), percent-encoded otherwise than the client sent it, or both: the
    // first of these readings of the text that holds a secret (or, at a cut, the start
    // of one) is shown, redacted, its characters escaped as the excerpt's are.
    let starts = |text: &str| cut && crate::scrub::secret_start_at_end(text.as_bytes(), &secrets) > 0;
    let trimmed = if cut { without_open_reference(&raw) } else { raw.as_str() };
    let html = html_text(trimmed);
    let readings = [html_text(&html), percent_decoded(trimmed), percent_decoded(&html)];
    let revealing = std::iter::once(html).chain(readings).find(|read| {
        let shown = redacted(read.clone(), &secrets);
        (shown != *read || starts(read)) && read != &raw
    });
    // What a reading made of its characters is escaped, as the excerpt's own are.
    let text = match revealing {
        Some(read) => shown_text(&redacted(read, &secrets), usize::MAX),
        None => raw,
    };
    if !cut {
        return text;
    }
    // A secret the excerpt's limit cut short: its start at the end of the excerpt.
    match crate::scrub::secret_start_at_end(text.as_bytes(), &secrets) {
        0 => format!("{text}…"),
        // A secret starts a character, so the text before its start ends on one.
        n => format!("{}[REDACTED]…", &text[..text.len() - n]),
    }
}

/// `text` with its percent escapes read (`%2B` → `+`; a `%` not followed by two hex
/// digits stays), lossily as UTF-8.
fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {

    #[test]
    fn type_names_are_shown_without_their_modules() {
        let map = "alloc::collections::btree::map::BTreeMap<alloc::string::String, f64>";
        assert_eq!(short_type_name(map), "BTreeMap<String, f64>");
        assert_eq!(short_type_name("vendor::api::types::Pet"), "vendor::api::types::Pet");
        assert_eq!(short_type_name("alloc::vec::Vec<(u8, core::option::Option<i64>)>"), "Vec<(u8, Option<i64>)>");
    }
    use super::*;

    #[test]
    fn a_decode_path_shows_keys_escaped_and_bounded() {
        type Meta = std::collections::BTreeMap<String, u8>;
        let decode = |body: &str| {
            let error = serde_json::from_str::<Meta>(body).unwrap_err();
            DecodeError::of::<Meta>(body.as_bytes(), &error).path
        };
        assert_eq!(decode("{\"k\\u001b[31m\\n\": \"x\"}"), "k\\u{1b}[31m\\n");
        let long = "k".repeat(1000);
        let path = decode(&format!("{{\"{long}\": \"x\"}}"));
        assert_eq!(path.chars().count(), 201, "200 characters and an ellipsis");
        // A secret of the request used as a key is scrubbed like an excerpt.
        let error =
            Error::<()>::Decode { status: 200, source: DecodeError { path: "meta.KEY-1234".into(), ..decode_error() } };
        let Error::Decode { source, .. } = scrubbed(error, &["KEY-1234".to_owned()]) else { panic!() };
        assert_eq!(source.path, "meta.[REDACTED]");
        // A secret that holds a shorter one is replaced whole.
        let error =
            Error::<()>::Decode { status: 200, source: DecodeError { path: "m.abcdef".into(), ..decode_error() } };
        let Error::Decode { source, .. } = scrubbed(error, &["abcd".to_owned(), "abcdef".to_owned()]) else { panic!() };
        assert_eq!(source.path, "m.[REDACTED]");
        // A list of date-times read leniently: the item that is not one.
        type Times = crate::de::Lenient<Vec<chrono::DateTime<chrono::Utc>>>;
        let body = r#"["2024-01-01T00:00:00", "bad"]"#;
        let error = serde_json::from_str::<Times>(body).err().expect("not a date-time");
        assert_eq!(DecodeError::of::<Times>(body.as_bytes(), &error).path, "[1]");
    }

    #[test]
    fn a_secret_key_is_replaced_before_the_path_is_cut_or_escaped() {
        type Meta = std::collections::BTreeMap<String, std::collections::BTreeMap<String, u8>>;
        let secret = "SECRET-TOKEN-1234567890".to_owned();
        let body = format!("{{\"{}\": {{\"{secret}\": \"x\"}}}}", "k".repeat(185));
        let error = serde_json::from_str::<Meta>(&body).unwrap_err();
        let located = DecodeError::located("Meta", body.as_bytes(), &error, std::slice::from_ref(&secret));
        let path = located.path;
        assert!(path.ends_with(".[REDACTED]"), "{path}");
        // Bidi overrides in a key are shown escaped, as in excerpts.
        let body = "{\"a\u{202e}b\": {\"c\": \"x\"}}";
        let error = serde_json::from_str::<Meta>(body).unwrap_err();
        assert_eq!(DecodeError::of::<Meta>(body.as_bytes(), &error).path, "a\\u{202e}b.c");
    }

    #[test]
    fn a_decode_error_says_what_came_when_it_is_no_json() {
        let syntax = || DecodeError { category: "syntax", ..decode_error() };
        let json = syntax().in_response(Some("application/problem+json; charset=utf-8"), b"{", &[]);
        assert_eq!((json.content_type, &*json.excerpt), (None, ""));
        let body = format!("<p>token K3Y-5678</p>{}", "x".repeat(600));
        let page = syntax().in_response(Some("text/html; x=\r\n"), body.as_bytes(), &["K3Y-5678".to_owned()]);
        assert_eq!(page.content_type.as_deref(), Some("text/html; x=\\r\\n"));
        assert!(page.excerpt.starts_with("<p>token [REDACTED]</p>xxx") && page.excerpt.ends_with('…'), "{page:?}");
        let data = DecodeError { category: "data", ..decode_error() }.in_response(Some("text/plain"), b"[1]", &[]);
        assert_eq!((data.content_type.as_deref(), &*data.excerpt), (Some("text/plain"), ""));
        // A secret the page echoes HTML-escaped is redacted too, whatever the entities.
        let secret = ["Sk+9f/x&y<1'\"=".to_owned()];
        // Raw, a secret that looks like escaped text stays itself.
        let raw = syntax().in_response(Some("text/html"), b"<p>B0dy&amp; Pw#1</p>", &["B0dy&amp; Pw#1".to_owned()]);
        assert_eq!(&*raw.excerpt, "<p>[REDACTED]</p>");
        // HTML5 names, numbers without `;` or with zeros before them.
        let dotted = ["eyJ0.eyJ1.sig_A".to_owned()];
        for page in ["<p>eyJ0&period;eyJ1&#46sig&lowbar;A</p>", "<p>eyJ0&#x0000000002E;eyJ1.sig_A</p>"] {
            let echoed = syntax().in_response(Some("text/html"), page.as_bytes(), &dotted);
            assert_eq!(&*echoed.excerpt, "<p>[REDACTED]</p>", "{page}");
        }
        // What reading references makes of control characters is escaped; a secret
        // percent-encoded otherwise, escaped twice, or in names without `;`, is found.
        let forged = syntax().in_response(
            Some("text/html"),
            b"<p>k Sk&#43;9f/x&amp;y&lt;1&#39;&#34;=</p>&#10;&#27;[31m",
            &secret,
        );
        assert_eq!(&*forged.excerpt, "<p>k [REDACTED]</p>\\n\\u{1b}[31m");
        for page in
            ["Sk%2B9f%2Fx%26y%3C1%27%22%3D", "Sk&amp;#43;9f/x&amp;amp;y&amp;lt;1'\"=", "Sk+9f/x&ampy&lt1'&quot="]
        {
            let echoed = syntax().in_response(Some("text/html"), page.as_bytes(), &secret);
            assert_eq!(&*echoed.excerpt, "[REDACTED]", "{page}");
        }
        // An undocumented status's page too, and a reference cut at the excerpt's end.
        let page = format!("<p>{}Sk&#43;9f&#47;x&#38;y&#60;1&#39;&#34;&#61;</p>", "y".repeat(480));
        let error = scrubbed(
            Error::<()>::UnexpectedStatus {
                status: 401,
                excerpt: excerpt(&page.as_bytes()[..500], true),
                retry_after: None,
            },
            &secret,
        );
        assert!(!error.to_string().contains("9f"), "{error}");
        let error = scrubbed(
            Error::<()>::UnexpectedStatus { status: 401, excerpt: excerpt(page.as_bytes(), false), retry_after: None },
            &secret,
        );
        assert!(error.to_string().ends_with("y[REDACTED]</p>"), "{error}");
        for page in [
            "<p>Sk+9f/x&amp;y&lt;1&#39;&quot;=</p>",
            "<p>Sk&#43;9f/x&amp;y&lt;1&#39;&#34;=</p>",
            "<p>Sk&#x2B;9f&#x2F;x&#38;y&#60;1&apos;&#x22;&equals;</p>",
            "<p>Sk&plus;9f&sol;x&amp;y&lt;1&#x27;&quot;=</p>",
        ] {
            let echoed = syntax().in_response(Some("text/html"), page.as_bytes(), &secret);
            assert_eq!(&*echoed.excerpt, "<p>[REDACTED]</p>", "{page}");
        }
        assert_eq!(html_text("a &copy; &#xZZ; & b &#10;"), "a &copy; &#xZZ; & b \n");
        // A form-encoded token where JSON was documented: named, not shown.
        let form = syntax().in_response(Some("application/x-www-form-urlencoded"), b"access_token=gho_1", &[]);
        assert_eq!((form.content_type.as_deref(), &*form.excerpt), (Some("application/x-www-form-urlencoded"), ""));
    }

    fn decode_error() -> DecodeError {
        DecodeError::from_json("T", &serde_json::from_str::<u8>("x").unwrap_err())
    }

    #[test]
    fn excerpts_show_control_characters_escaped_and_no_secret() {
        let shown = excerpt(b"a\x1b[2J\r\nforged: line\xe2\x80\xae", false);
        assert_eq!(shown, "a\\u{1b}[2J\\r\\nforged: line\\u{202e}");
        let error = Error::<()>::UnexpectedStatus {
            status: 500,
            excerpt: excerpt(b"authorization: Bearer T0KEN-1234; key=K3Y-5678", true),
            retry_after: None,
        };
        let secrets = ["Bearer T0KEN-1234".to_owned(), "T0KEN-1234".to_owned(), "K3Y-5678".to_owned()];
        let shown = scrubbed(error, &secrets).to_string();
        assert!(shown.ends_with("authorization: [REDACTED]; key=[REDACTED]…"), "{shown}");
    }

    #[test]
    fn excerpt_is_bounded_and_cut_on_a_char_boundary() {
        let body = "é".repeat(400); // 800 bytes
        let cut = excerpt(&body.as_bytes()[..511], true);
        assert!(cut.len() <= 511 + '…'.len_utf8());
        assert!(cut.ends_with('…'));
        assert!(!cut.contains('\u{FFFD}'));
        assert_eq!(excerpt(b"short", false), "short");
    }

    #[test]
    fn decode_error_does_not_quote_the_value() {
        let err = serde_json::from_str::<u32>("\"tok_live_abc\"").unwrap_err();
        let decode = DecodeError::from_json("u32", &err);
        let shown = Error::<()>::Decode { status: 200, source: decode }.to_string();
        assert!(!shown.contains("tok_live_abc"), "{shown}");
        assert!(shown.contains("does not match the schema"), "{shown}");
    }

    #[test]
    fn missing_credentials_lists_alternatives() {
        let err = MissingCredentials {
            operation: "list_things",
            alternatives: vec![vec!["BasicAuth"], vec!["ApiKey", "AppId"]],
        };
        assert_eq!(
            err.to_string(),
            "operation `list_things` needs credentials for BasicAuth or ApiKey + AppId; configure the client with one of them"
        );
    }
}
