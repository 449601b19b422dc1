//! What an [`Error`] says (`Display`), its source, and the conversions `?` makes into it.
//!
//! Written out rather than derived with `thiserror`: the message of [`Error::Api`] shows
//! the operation's error type with its `Debug`, and a derive would have to put that bound
//! on the type itself (every use of `Error<E>` would then need `E: Debug`).

use std::fmt::{self, Write as _};

use super::{Error, MissingCredentials, push_shown};
use crate::validate::ValidationError;

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid request: {e}"),
            Error::MissingCredentials(e) => fmt::Display::fmt(e, f),
            Error::Url(e) => write!(f, "cannot build the request URL: {e}"),
            Error::Transport(e) => write!(f, "transport error: {e}{}", root_cause(e)),
            Error::Api { status, error } => {
                write!(f, "the server answered with documented error status {status}: ")?;
                clipped_debug(f, error, Self::EXCERPT_LIMIT)
            }
            Error::UnexpectedStatus { status, excerpt, .. } => {
                write!(f, "the server answered with undocumented status {status}: {excerpt}")
            }
            Error::InsecureTransport { host } => write!(
                f,
                "refusing to send credentials over plain http to `{host}`: use an https base URL, or call `allow_insecure_http()` on the client if this is really wanted"
            ),
            Error::Decode { status, source } => write!(f, "cannot decode the body of the {status} response: {source}"),
            Error::BodyTooLarge { limit } => {
                write!(f, "the response body is larger than the limit of {limit} bytes; the rest was not read")
            }
            Error::Token(e) => write!(f, "no access token for the call: {e}"),
            Error::Timeout { after } => write!(f, "no complete response within {after:?}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Token(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(error: ValidationError) -> Self {
        Error::Validation(error)
    }
}

impl<E> From<MissingCredentials> for Error<E> {
    fn from(error: MissingCredentials) -> Self {
        Error::MissingCredentials(error)
    }
}

impl<E> From<crate::token::TokenError> for Error<E> {
    fn from(error: crate::token::TokenError) -> Self {
        Error::Token(error)
    }
}

/// The innermost cause of a transport error, as ` (cause)`: reqwest's own message is
/// what it was doing ("error decoding response body"), the cause what went wrong ("end of
/// file before message length reached"), and a log that shows only the message must say
/// both. It names no URL (reqwest's message does, its query redacted).
pub(crate) fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: Option<&dyn std::error::Error> = None;
    let mut next = std::error::Error::source(error);
    while let Some(source) = next {
        cause = Some(source);
        next = source.source();
    }
    cause.map(|cause| format!(" ({})", crate::error::shown_text(&cause.to_string(), 300))).unwrap_or_default()
}

/// Writes `value`'s `Debug` to `f`, at most `limit` characters of it and then `…`, with
/// control and format characters escaped as in excerpts.
fn clipped_debug(f: &mut fmt::Formatter<'_>, value: &dyn fmt::Debug, limit: usize) -> fmt::Result {
    let mut clip = Clip { out: f, left: limit, cut: false };
    match write!(clip, "{value:?}") {
        Err(_) if clip.cut => clip.out.write_str("…"),
        done => done,
    }
}

/// A writer that passes on `left` more characters, then stops the formatting (with an
/// error, the only way `fmt` has to end early) and says it was `cut`.
struct Clip<'a, 'b> {
    out: &'a mut fmt::Formatter<'b>,
    left: usize,
    cut: bool,
}

impl fmt::Write for Clip<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut shown = String::new();
        for c in text.chars() {
            if self.left == 0 {
                self.cut = true;
                break;
            }
            self.left -= 1;
            push_shown(&mut shown, c);
        }
        self.out.write_str(&shown)?;
        if self.cut { Err(fmt::Error) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code, reason = "the fields are read through `Debug`, as a generated error's are")]
    enum Failure {
        NotFound,
        Problem { detail: String },
    }

    fn shown(error: Failure) -> String {
        Error::api(422, error).to_string()
    }

    #[test]
    fn a_documented_error_shows_its_body_escaped_and_cut_to_length() {
        let prefix = "the server answered with documented error status 422: ";
        assert_eq!(shown(Failure::NotFound), format!("{prefix}NotFound"));
        // Debug escapes line breaks; a bidi override is escaped too.
        let detail = "card \u{202e}declined\nforged: line".to_owned();
        let text = shown(Failure::Problem { detail });
        assert_eq!(text, format!("{prefix}Problem {{ detail: \"card \\u{{202e}}declined\\nforged: line\" }}"));
        // A long body: 512 characters of its Debug, then an ellipsis.
        let text = shown(Failure::Problem { detail: "é".repeat(2000) });
        let body = text.strip_prefix(prefix).unwrap();
        assert_eq!(body.chars().count(), Error::<()>::EXCERPT_LIMIT + 1, "{body}");
        assert!(body.starts_with("Problem { detail: \"éé") && body.ends_with("é…"), "{body}");
        // Exactly at the limit: no ellipsis.
        let exact = "x".repeat(Error::<()>::EXCERPT_LIMIT - "Problem { detail: \"\" }".len());
        assert!(!shown(Failure::Problem { detail: exact }).ends_with('…'));
    }

    #[test]
    fn sources_and_conversions_are_those_of_each_kind() {
        use std::error::Error as _;
        let kind = crate::validate::ValidationErrorKind::TooLong { max: 3, actual: 4 };
        let validation = ValidationError::new("name", kind);
        let error: Error<Failure> = validation.into();
        assert!(error.source().is_some() && error.to_string().starts_with("invalid request: "));
        let missing: Error<Failure> = MissingCredentials { operation: "op", alternatives: vec![vec!["key"]] }.into();
        assert!(missing.source().is_none());
        assert_eq!(
            missing.to_string(),
            "operation `op` needs credentials for key; configure the client with one of them"
        );
        assert!(Error::api(404, Failure::NotFound).source().is_none());
    }
}
