//! Access tokens for every provider: one token type, a declarative mapping from
//! token responses, and a cache that refreshes early with one request in flight.
//!
//! - [`AccessToken`]: the secret, its type (`Bearer`) and when it expires (if known).
//! - [`TokenSource`]: anything that can fetch a token; generated clients implement
//!   it for their token operation, mapping the response with a [`TokenMapping`]
//!   declared in the API's overlay (`x-apigen-token`).
//! - [`TokenCache`]: serves the cached token until a margin before expiry, then
//!   refreshes it exactly once however many callers wait, retrying transient
//!   failures with backoff and jitter.

mod cache;
mod clock;
mod mapping;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use cache::{RefreshPolicy, TokenCache, TokenError};
pub use clock::{Clock, ManualClock, SystemClock};
pub use mapping::{ExpirySource, TokenMapping, epoch_to_datetime, extract, jwt_expiry};

use crate::Error;
use crate::secret::Secret;

/// A boxed, sendable future (what [`TokenSource::fetch`] returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An access token from any provider.
#[derive(Clone, Debug)]
pub struct AccessToken {
    value: Secret,
    token_type: String,
    expires_at: Option<DateTime<Utc>>,
}

impl AccessToken {
    /// A token; `expires_at` is `None` when the provider did not say.
    pub fn new(value: impl Into<Secret>, token_type: impl Into<String>, expires_at: Option<DateTime<Utc>>) -> Self {
        AccessToken { value: value.into(), token_type: token_type.into(), expires_at }
    }

    /// The token itself.
    pub fn secret(&self) -> &Secret {
        &self.value
    }

    /// The token type, as the provider spells it (`Bearer`, `bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// When it stops being valid, if known.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// A bearer credential to give a generated client (`with_bearer_auth`).
    pub fn bearer(&self) -> Secret {
        self.value.clone()
    }
}

/// Something that fetches access tokens: a generated `TokenSource`, or your own.
pub trait TokenSource: Send + Sync {
    /// Fetches a new token. `now` is the cache's clock, for relative lifetimes.
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, FetchError>>;
}

impl<T: TokenSource + ?Sized> TokenSource for Box<T> {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, FetchError>> {
        (**self).fetch(now)
    }
}

impl<T: TokenSource + ?Sized> TokenSource for std::sync::Arc<T> {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, FetchError>> {
        (**self).fetch(now)
    }
}

/// Why a token could not be fetched, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Connection errors, timeouts, 5xx, 429: retried with backoff.
    Transient {
        /// What happened (never contains a secret).
        message: String,
        /// The server's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// Anything else (4xx, a response that is not a token): not retried.
    Permanent {
        /// What happened (never contains a secret).
        message: String,
    },
}

impl FetchError {
    /// A permanent failure.
    pub fn permanent(message: impl Into<String>) -> Self {
        FetchError::Permanent { message: message.into() }
    }

    /// Whether retrying may help.
    pub fn is_transient(&self) -> bool {
        matches!(self, FetchError::Transient { .. })
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Transient { message, .. } => write!(f, "{message} (transient)"),
            FetchError::Permanent { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for FetchError {}

fn transient_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

impl<E> From<Error<E>> for FetchError {
    fn from(error: Error<E>) -> Self {
        let message = error.to_string();
        match &error {
            Error::Transport(e) if !e.is_builder() => FetchError::Transient { message, retry_after: None },
            Error::UnexpectedStatus { status, retry_after, .. } if transient_status(*status) => {
                FetchError::Transient { message, retry_after: *retry_after }
            }
            Error::Api { status, .. } if transient_status(*status) => {
                FetchError::Transient { message, retry_after: None }
            }
            _ => FetchError::Permanent { message },
        }
    }
}
