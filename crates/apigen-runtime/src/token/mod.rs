//! Access tokens for every provider: one token type, a declarative mapping from
//! token responses, a cache that refreshes early without making callers wait, and
//! authenticated calls that retry once on 401.
//!
//! - [`AccessToken`]: the secret, its type (`Bearer`) and when it expires (if known).
//! - [`TokenSource`]: anything that can fetch a token; generated clients implement
//!   it for their token operation, reading the typed response as the API's overlay
//!   declares (`x-apigen-token`, a [`TokenMapping`]); [`ClientCredentials`] is the
//!   OAuth 2.0 client-credentials grant, for specs with an `oauth2` security scheme.
//! - [`TokenCache`]: serves the cached token, refreshes it in the background once the
//!   refresh window opens, and makes callers wait (one request however many) only
//!   when no valid token exists.
//! - [`TokenProvider`]: what an authenticated call needs (a current token, and a way
//!   to drop one the server rejected); [`TokenCache`] implements it, and so can you.
//!   [`authenticated`] and [`send_authenticated`] make a call with it, retrying once
//!   with a fresh token after a 401.
//! - [`TokenError`]: why no token could be had, by kind.

mod cache;
mod clock;
mod error;
mod mapping;
mod oauth2;
mod provider;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};

pub use cache::{RefreshPolicy, TokenCache};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ErrorBody, TokenError};
pub use mapping::{
    ExpiryField, ExpirySource, TokenFields, TokenMapping, assemble, epoch_to_datetime, extract, jwt_expiry,
};
pub use oauth2::{ClientAuth, ClientCredentials, OAuthError};
pub(crate) use provider::send_with;
pub use provider::{StaticToken, TokenProvider, authenticated, send_authenticated};

use crate::secret::Secret;

/// A boxed, sendable future (what [`TokenSource::fetch`] and [`TokenProvider::token`] return).
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

    /// The scheme of the `Authorization` header: the token type, compared without
    /// regard to case, so `bearer` and `BEARER` give `Bearer` (RFC 6749 §5.1 says the
    /// type is case-insensitive; some servers only accept `Bearer`). Other types are
    /// kept as the provider spells them.
    pub fn scheme(&self) -> &str {
        if self.token_type.eq_ignore_ascii_case("bearer") { "Bearer" } else { &self.token_type }
    }

    /// When it stops being valid, if known.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// A bearer credential to give a generated client (`with_bearer_auth`).
    pub fn bearer(&self) -> Secret {
        self.value.clone()
    }

    /// The whole `Authorization` header value: `<scheme> <token>`.
    pub fn authorization(&self) -> Secret {
        Secret::new(format!("{} {}", self.scheme(), self.value.expose()))
    }

    /// Whether `other` is the same token (same secret), compared in constant time.
    pub fn same_token(&self, other: &AccessToken) -> bool {
        use subtle::ConstantTimeEq as _;
        let (a, b) = (self.value.expose().as_bytes(), other.value.expose().as_bytes());
        // `ct_eq` on slices of different lengths is false at once: the length of a
        // token is not the secret part.
        bool::from(a.ct_eq(b))
    }
}

impl crate::auth::Credential for AccessToken {
    /// Sets `Authorization: <scheme> <token>` (marked sensitive).
    fn apply(&self, request: &mut reqwest::Request) {
        crate::auth::set_sensitive(request, reqwest::header::AUTHORIZATION, self.authorization().expose());
    }
}

/// Something that fetches access tokens: a generated `TokenSource`, a
/// [`ClientCredentials`] grant, or your own.
pub trait TokenSource: Send + Sync {
    /// Fetches a new token. `now` is the cache's clock, for relative lifetimes.
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>>;
}

impl<T: TokenSource + ?Sized> TokenSource for Box<T> {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        (**self).fetch(now)
    }
}

impl<T: TokenSource + ?Sized> TokenSource for std::sync::Arc<T> {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        (**self).fetch(now)
    }
}

impl fmt::Display for AccessToken {
    /// The type and expiry, never the token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expires_at {
            Some(at) => write!(f, "{} token expiring {at}", self.scheme()),
            None => write!(f, "{} token", self.scheme()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credential as _;

    #[test]
    fn token_types_compare_without_case_in_the_header() {
        for spelled in ["bearer", "BEARER", "Bearer"] {
            let token = AccessToken::new("abc", spelled, None);
            assert_eq!(token.scheme(), "Bearer");
            let mut request = reqwest::Request::new(reqwest::Method::GET, "https://x.example/a".parse().unwrap());
            token.apply(&mut request);
            let header = request.headers().get(reqwest::header::AUTHORIZATION).unwrap();
            assert_eq!(header.to_str().unwrap(), "Bearer abc");
            assert!(header.is_sensitive());
        }
        assert_eq!(AccessToken::new("abc", "MAC", None).authorization().expose(), "MAC abc");
        assert!(!AccessToken::new("s3cr3t", "bearer", None).to_string().contains("s3cr3t"));
    }

    #[test]
    fn same_token_compares_values_not_identity() {
        let a = AccessToken::new("abc", "Bearer", None);
        assert!(a.same_token(&a.clone()));
        assert!(a.same_token(&AccessToken::new("abc", "bearer", None)));
        assert!(!a.same_token(&AccessToken::new("abd", "Bearer", None)));
        assert!(!a.same_token(&AccessToken::new("abcd", "Bearer", None)));
    }
}
