//! Tokens for authenticated calls: the [`TokenProvider`] trait, and the helpers that
//! make a call with the current token and retry once with a fresh one after a 401.

use std::future::Future;
use std::sync::Arc;

use super::{AccessToken, BoxFuture, TokenCache, TokenError, TokenSource};
use crate::client::ClientCore;
use crate::error::Error;

/// Where an authenticated call gets its token.
///
/// [`TokenCache`] implements it (the usual choice); [`StaticToken`] is a fixed token.
/// To implement it yourself (a token from a vault, a sidecar, another cache):
///
/// ```no_run
/// use std::sync::Arc;
/// use apigen_runtime::token::{AccessToken, BoxFuture, TokenError, TokenProvider};
///
/// struct FromVault { /* … */ }
///
/// impl TokenProvider for FromVault {
///     fn token(&self) -> BoxFuture<'_, Result<Arc<AccessToken>, TokenError>> {
///         Box::pin(async move {
///             // Ask the vault; map its failures to `TokenError::other(message, transient)`.
///             Ok(Arc::new(AccessToken::new("token-from-vault", "Bearer", None)))
///         })
///     }
///
///     fn invalidate_token(&self, token: &AccessToken) -> bool {
///         // Forget `token` if it is still the current one (compare with
///         // `AccessToken::same_token`), and say whether it was.
///         let _ = token;
///         false
///     }
/// }
/// ```
///
/// The future is boxed so that the trait can be used as `dyn TokenProvider` (a
/// generated client keeps one per security scheme) and is `Send` on Rust 1.85.
pub trait TokenProvider: Send + Sync {
    /// The token to use now.
    fn token(&self) -> BoxFuture<'_, Result<Arc<AccessToken>, TokenError>>;

    /// The server rejected `token` (401): drop it if it is still the current one, so
    /// the next [`TokenProvider::token`] gets a fresh one. Returns whether it did; a
    /// token that was already replaced is left alone.
    fn invalidate_token(&self, token: &AccessToken) -> bool;
}

impl<S: TokenSource + 'static> TokenProvider for TokenCache<S> {
    fn token(&self) -> BoxFuture<'_, Result<Arc<AccessToken>, TokenError>> {
        Box::pin(TokenCache::token(self))
    }

    fn invalidate_token(&self, token: &AccessToken) -> bool {
        TokenCache::invalidate_token(self, token)
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<Arc<AccessToken>, TokenError>> {
        (**self).token()
    }

    fn invalidate_token(&self, token: &AccessToken) -> bool {
        (**self).invalidate_token(token)
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> BoxFuture<'_, Result<Arc<AccessToken>, TokenError>> {
        (**self).token()
    }

    fn invalidate_token(&self, token: &AccessToken) -> bool {
        (**self).invalidate_token(token)
    }
}

/// A fixed token: always the same, never invalidated (a 401 is returned as it is,
/// without sending the request again).
#[derive(Debug, Clone)]
pub struct StaticToken(Arc<AccessToken>);

impl StaticToken {
    /// Always `token`.
    pub fn new(token: AccessToken) -> Self {
        StaticToken(Arc::new(token))
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Arc<AccessToken>, TokenError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn invalidate_token(&self, _token: &AccessToken) -> bool {
        false
    }
}

/// Makes an authenticated call: `call` gets the current token and makes the call
/// with it (for example on a generated client configured with `token.bearer()`).
/// When that fails with status 401, exactly that token is invalidated and `call`
/// runs once more with a fresh one; a second 401 is returned to the caller, so a
/// server that rejects every token costs two calls, never a loop (one, when the
/// provider keeps the token: see [`RefreshPolicy::rejection_interval`](crate::token::RefreshPolicy::rejection_interval)).
///
/// No token to be had is [`Error::Token`], and nothing is sent.
pub async fn authenticated<P, T, E, F, Fut>(provider: &P, mut call: F) -> Result<T, Error<E>>
where
    P: TokenProvider + ?Sized,
    F: FnMut(Arc<AccessToken>) -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let token = provider.token().await?;
    match call(token.clone()).await {
        Err(error) if error.status() == Some(401) => {
            provider.invalidate_token(&token);
            let fresh = provider.token().await?;
            // A provider that kept the token (it rejects fresh ones too): the 401 stands.
            if fresh.same_token(&token) { Err(error) } else { call(fresh).await }
        }
        other => other,
    }
}

/// Sends a request built by `build` with the provider's token in its
/// `Authorization` header (`<scheme> <token>`, see [`AccessToken::scheme`]); on a
/// 401 response (whose body is not read), invalidates exactly that token and sends
/// a newly built request once with a fresh one (unless the provider keeps the token:
/// the 401 is then returned). The second response is returned whatever its status,
/// for the caller to decode.
///
/// The request is refused before sending when it would carry the token over plain
/// `http://` to a host that is not loopback (see [`ClientCore::check_transport`]).
pub async fn send_authenticated<P, E, F>(
    core: &ClientCore,
    provider: &P,
    mut build: F,
) -> Result<reqwest::Response, Error<E>>
where
    P: TokenProvider + ?Sized,
    F: FnMut() -> Result<reqwest::Request, Error<E>>,
{
    let token = provider.token().await?;
    let response = send_with(core, &token, build()?, None).await?;
    if response.status() != reqwest::StatusCode::UNAUTHORIZED {
        return Ok(response);
    }
    provider.invalidate_token(&token);
    let fresh = provider.token().await?;
    if fresh.same_token(&token) {
        // The provider kept the token (it rejects fresh ones too): the 401 stands.
        return Ok(response);
    }
    drop(response);
    send_with(core, &fresh, build()?, None).await
}

/// Sends `request` with `token` in its `Authorization` header, refusing plain http as
/// for any request that carries credentials. For a generated call, `call` holds its
/// secrets, which the response hides, and its deadline; for a request built by hand
/// (`None`), the response hides what [`ClientCore::execute`] hides: its sensitive
/// headers, the token's among them.
pub(crate) async fn send_with<E>(
    core: &ClientCore,
    token: &AccessToken,
    mut request: reqwest::Request,
    call: Option<(&[String], tokio::time::Instant)>,
) -> Result<reqwest::Response, Error<E>> {
    if !crate::auth::sendable(token, &mut request) {
        let error = crate::validate::header_value("the access token");
        return Err(Error::Validation(error));
    }
    core.check_transport(&request)?;
    Ok(match call {
        Some((secrets, deadline)) => core.execute_hiding(request, secrets, deadline).await?,
        None => core.execute(request).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A provider's token a header cannot carry fails the call before anything is sent,
    /// without the value (it was dropped silently, and the server answered 401).
    #[tokio::test]
    async fn a_token_a_header_cannot_carry_is_an_error() {
        let core = ClientCore::new("https://example.com").unwrap();
        let request = reqwest::Request::new(reqwest::Method::GET, "https://example.com/x".parse().unwrap());
        let token = AccessToken::new("t0ken-s3cret\n", "Bearer", None);
        let error = send_with::<()>(&core, &token, request, None).await.unwrap_err();
        let shown = error.to_string();
        assert!(matches!(error, Error::Validation(_)) && shown.contains("the access token"), "{shown}");
        assert!(!shown.contains("s3cret"), "{shown}");
    }
}
