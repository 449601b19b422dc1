//! Why no token could be had, as kinds a caller can match on.
//!
//! No variant carries a secret: transport errors show their URL with the query
//! redacted, undocumented statuses keep a bounded excerpt of the body (a token
//! endpoint answering an error status does not issue a token in it), documented
//! error bodies are kept typed (their `Debug` redacts [`Secret`](crate::Secret)
//! fields) and shown only by type name and a summary, and decode failures keep the
//! position of the error, never the value.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{DecodeError, Error};

/// A failed token request or refresh.
///
/// Cloneable, so that one refresh's failure can be given to every caller that
/// waited for it. New kinds may be added: match with a `_` arm.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The request could not be sent or the response not read (connect error, reset,
    /// the HTTP client's own timeout). Retried.
    #[error("token request failed: {source}{cause}", source = .0, cause = crate::error::root_cause(.0))]
    Transport(Arc<reqwest::Error>),
    /// One token request took longer than [`RefreshPolicy::request_timeout`](super::RefreshPolicy::request_timeout).
    /// Retried.
    #[error("the token request timed out after {after:?}")]
    Timeout {
        /// The timeout that expired.
        after: Duration,
    },
    /// The request would send credentials over plain `http://` to a host that is not
    /// loopback; nothing was sent. Not retried.
    #[error(
        "refusing to send credentials over plain http to `{host}`: use https, or allow insecure http on the client if this is really wanted"
    )]
    InsecureTransport {
        /// The host the request was for.
        host: String,
    },
    /// The token endpoint answered with a status its API documents as an error, with
    /// the decoded body. Retried only for 408, 429 and 5xx.
    #[error("the token endpoint answered with documented error status {status}{}", body.shown())]
    Api {
        /// The HTTP status code.
        status: u16,
        /// The decoded error body (for example [`OAuthError`](super::OAuthError)).
        body: ErrorBody,
    },
    /// The token endpoint answered with a status its API does not document. Retried
    /// for 408, 429 and 5xx, after `Retry-After` when the server sent one.
    #[error("the token endpoint answered with undocumented status {status}")]
    UnexpectedStatus {
        /// The HTTP status code.
        status: u16,
        /// The `Retry-After` header, if any.
        retry_after: Option<Duration>,
    },
    /// The token response could not be decoded (malformed JSON, wrong shape, too
    /// large). Not retried.
    #[error("cannot decode the token response: {reason}")]
    Decode {
        /// What went wrong, without the offending value.
        reason: String,
    },
    /// The token response has no token where it should (absent, `null` or empty). Not retried.
    #[error("the token response has no token at `{at}`")]
    MissingToken {
        /// Where the token was looked for (a JSON pointer or a field name).
        at: String,
    },
    /// The request could not be built (an invalid request body, a bad URL). Not retried.
    #[error("cannot build the token request: {message}")]
    Request {
        /// What is wrong (never a secret).
        message: String,
    },
    /// The refresh as a whole, all attempts and backoff, took longer than
    /// [`RefreshPolicy::deadline`](super::RefreshPolicy::deadline). Not retried.
    #[error("no token within the refresh deadline of {after:?}{}", last.as_ref().map(|e| format!(" (last failure: {e})")).unwrap_or_default())]
    Deadline {
        /// The deadline.
        after: Duration,
        /// The last failed attempt before the deadline, if one had failed.
        last: Option<Box<TokenError>>,
    },
    /// The call's own bound ([`ClientCore::with_timeout`](crate::ClientCore::with_timeout))
    /// came while it waited for a token: the token source had given none yet (a refresh
    /// still under way is bounded by its own
    /// [`RefreshPolicy::deadline`](super::RefreshPolicy::deadline)). Trying again may help.
    #[error("no token within the call's bound of {after:?}: the token endpoint has not given one yet")]
    Waiting {
        /// The call's bound.
        after: Duration,
    },
    /// A failure of a token source written outside this crate.
    #[error("{message}")]
    Other {
        /// What happened (never a secret).
        message: String,
        /// Whether trying again may help.
        transient: bool,
    },
}

impl TokenError {
    /// A transport error, with the query removed from the URL it shows.
    pub fn transport(error: reqwest::Error) -> Self {
        TokenError::Transport(Arc::new(crate::error::redact_query(error)))
    }

    /// A failure of your own token source.
    pub fn other(message: impl Into<String>, transient: bool) -> Self {
        TokenError::Other { message: message.into(), transient }
    }

    /// Whether trying again may help: connection errors, timeouts, 408, 429 and 5xx.
    pub fn is_transient(&self) -> bool {
        match self {
            TokenError::Transport(e) => !e.is_builder(),
            TokenError::Timeout { .. } | TokenError::Waiting { .. } => true,
            TokenError::Api { status, .. } | TokenError::UnexpectedStatus { status, .. } => transient_status(*status),
            TokenError::Other { transient, .. } => *transient,
            _ => false,
        }
    }

    /// The server's `Retry-After`, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            TokenError::UnexpectedStatus { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status of the token endpoint's answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            TokenError::Api { status, .. } | TokenError::UnexpectedStatus { status, .. } => Some(*status),
            TokenError::Transport(e) => e.status().map(|s| s.as_u16()),
            TokenError::Deadline { last: Some(last), .. } => last.status(),
            _ => None,
        }
    }
}

fn transient_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

impl<E: fmt::Debug + Send + Sync + 'static> From<Error<E>> for TokenError {
    fn from(error: Error<E>) -> Self {
        match error {
            Error::Transport(e) => TokenError::Transport(Arc::new(e)),
            Error::InsecureTransport { host } => TokenError::InsecureTransport { host },
            Error::Api { status, error } => TokenError::Api { status, body: ErrorBody::new(error) },
            Error::UnexpectedStatus { status, retry_after, .. } => TokenError::UnexpectedStatus { status, retry_after },
            // A documented error status whose body does not decode (a gateway's 502 page
            // where the document says JSON) is still that status: retried when it is
            // transient, its body the decode error.
            // A token endpoint's body is never shown, not even an HTML page's start.
            Error::Decode { status, mut source } if status >= 400 => {
                source.excerpt = Box::default();
                let summary = format!("a body that does not decode: {source}");
                TokenError::Api { status, body: ErrorBody::new(source).with_summary(summary) }
            }
            Error::Decode { mut source, .. } => {
                source.excerpt = Box::default();
                TokenError::Decode { reason: source.to_string() }
            }
            Error::BodyTooLarge { limit } => {
                TokenError::Decode { reason: format!("the body is larger than the limit of {limit} bytes") }
            }
            Error::Token(e) => e,
            // The client's own bound (`with_timeout`), shorter than the policy's: the
            // same as a token request that took too long, and retried as one.
            Error::Timeout { after } => TokenError::Timeout { after },
            other => TokenError::Request { message: other.to_string() },
        }
    }
}

impl From<crate::RequestError> for TokenError {
    fn from(error: crate::RequestError) -> Self {
        TokenError::from(error.into_error())
    }
}

impl From<DecodeError> for TokenError {
    fn from(mut error: DecodeError) -> Self {
        error.excerpt = Box::default();
        TokenError::Decode { reason: error.to_string() }
    }
}

/// A documented error body, kept typed: get it back with [`ErrorBody::downcast_ref`].
///
/// Its `Debug` and `Display` show the type's name and a summary (for OAuth 2.0, the
/// `error` code), never the body's fields.
#[derive(Clone)]
pub struct ErrorBody {
    value: Arc<dyn Any + Send + Sync>,
    type_name: &'static str,
    summary: Option<String>,
}

impl ErrorBody {
    /// Keeps `value`.
    pub fn new<T: Any + Send + Sync>(value: T) -> Self {
        ErrorBody { value: Arc::new(value), type_name: std::any::type_name::<T>(), summary: None }
    }

    /// Adds a short description that is safe to show (no secret).
    #[must_use]
    pub fn with_summary(mut self, summary: impl Into<String>) -> Self {
        self.summary = Some(summary.into());
        self
    }

    /// The body as `T`, if that is its type (for a generated client, the operation's
    /// error enum, such as `forte::AuthorizeExternalServiceError`).
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.value.downcast_ref()
    }

    /// The Rust type of the body.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The summary, if one was given.
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    fn shown(&self) -> String {
        match &self.summary {
            Some(summary) => format!(": {summary}"),
            None => String::new(),
        }
    }
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBody").field("type", &self.type_name).field("summary", &self.summary).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Denied {
        detail: String,
    }

    #[test]
    fn documented_errors_stay_typed_and_are_not_shown() {
        let error = TokenError::from(Error::Api { status: 401, error: Denied { detail: "sk_live_123".into() } });
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("sk_live_123"), "{shown}");
        let TokenError::Api { status: 401, body } = &error else { panic!("{error:?}") };
        assert_eq!(body.downcast_ref::<Denied>().map(|d| d.detail.as_str()), Some("sk_live_123"));
        assert!(!error.is_transient());
    }

    #[test]
    fn a_token_endpoints_page_is_never_shown() {
        let json = serde_json::from_slice::<u8>(b"<html>").unwrap_err();
        let page = || {
            DecodeError::located("Token", b"<html>", &json, &[]).in_response(
                Some("text/html"),
                b"<html>t0k</html>",
                &[],
            )
        };
        assert_eq!(&*page().excerpt, "<html>t0k</html>");
        for error in [
            TokenError::from(Error::<()>::Decode { status: 502, source: page() }),
            TokenError::from(Error::<()>::Decode { status: 200, source: page() }),
            TokenError::from(page()),
        ] {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("t0k") && shown.contains("text/html"), "{shown}");
        }
    }

    #[test]
    fn transient_kinds_and_retry_after() {
        let busy = TokenError::from(Error::<()>::UnexpectedStatus {
            status: 503,
            excerpt: "busy".into(),
            retry_after: Some(Duration::from_secs(2)),
        });
        assert!(busy.is_transient());
        assert_eq!(busy.retry_after(), Some(Duration::from_secs(2)));
        assert_eq!(busy.status(), Some(503));
        assert!(TokenError::Timeout { after: Duration::from_secs(1) }.is_transient());
        assert!(!TokenError::MissingToken { at: "/token".into() }.is_transient());
        let request = TokenError::from(Error::<()>::Url("bad".into()));
        assert!(matches!(request, TokenError::Request { .. }));
        // A documented error status whose body does not decode is that status.
        let page =
            DecodeError::located("Problem", b"<html>", &serde_json::from_slice::<u8>(b"<html>").unwrap_err(), &[]);
        let gateway = TokenError::from(Error::<()>::Decode { status: 502, source: page });
        assert!(
            matches!(&gateway, TokenError::Api { status: 502, body } if body.downcast_ref::<DecodeError>().is_some())
        );
        assert!(gateway.is_transient() && gateway.to_string().contains("does not decode"), "{gateway}");
        let success = TokenError::from(Error::<()>::Decode {
            status: 200,
            source: DecodeError::located("T", b"{", &serde_json::from_slice::<u8>(b"{").unwrap_err(), &[]),
        });
        assert!(matches!(success, TokenError::Decode { .. }) && !success.is_transient());
        // The call's own bound is a timeout, retried, not a request that cannot be built.
        let bounded = TokenError::from(Error::<()>::Timeout { after: Duration::from_secs(5) });
        assert!(matches!(bounded, TokenError::Timeout { after } if after == Duration::from_secs(5)));
        assert!(bounded.is_transient());
        let deadline = TokenError::Deadline { after: Duration::from_secs(30), last: Some(Box::new(busy)) };
        assert!(!deadline.is_transient());
        assert_eq!(deadline.status(), Some(503));
        assert!(deadline.to_string().contains("undocumented status 503"), "{deadline}");
    }
}
