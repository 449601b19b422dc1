//! The OAuth 2.0 client-credentials grant (RFC 6749 §4.4): a [`TokenSource`] for the
//! `tokenUrl` of an `oauth2` security scheme with a `clientCredentials` flow.

use std::fmt;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::mapping::{ExpiryField, ExpirySource, TokenFields, TokenMapping, assemble};
use super::{AccessToken, BoxFuture, ErrorBody, TokenCache, TokenError, TokenSource};
use crate::client::{BaseUrlError, ClientCore};
use crate::error::Error;
use crate::secret::Secret;

/// How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic with the form-encoded client id and secret (`client_secret_basic`),
    /// which every authorization server must support. The default.
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the form body (`client_secret_post`).
    Body,
}

/// An error response of the token endpoint (RFC 6749 §5.2), kept in
/// [`TokenError::Api`]'s body: `error.body.downcast_ref::<OAuthError>()`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OAuthError {
    /// The error code: `invalid_client`, `invalid_scope`, `unauthorized_client`, …
    pub error: String,
    /// The server's human-readable description, if any.
    #[serde(default)]
    pub error_description: Option<String>,
    /// A page about the error, if any.
    #[serde(default)]
    pub error_uri: Option<String>,
}

/// A successful token response (RFC 6749 §5.1); the token goes straight into a [`Secret`].
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<Secret>,
    token_type: Option<String>,
    expires_in: Option<serde_json::Value>,
}

/// How [`TokenResponse`] maps to an access token: `expires_in` seconds, the
/// cache's `unknown_lifetime` when absent.
const MAPPING: TokenMapping = TokenMapping {
    token: "/access_token",
    token_type: Some("/token_type"),
    default_token_type: "Bearer",
    expiry: &[ExpirySource::Seconds("/expires_in")],
    default_lifetime: None,
    max_lifetime: None,
};

/// Access tokens from an OAuth 2.0 token endpoint with the client-credentials grant:
/// `POST <token_url>` with the form body `grant_type=client_credentials` (plus
/// `scope` when scopes are given), the client authenticated by HTTP Basic or in the
/// body ([`ClientAuth`]).
///
/// Put it under a [`TokenCache`]. Requests are refused over plain `http://` to hosts
/// other than loopback unless [`ClientCredentials::allow_insecure_http`] is called.
#[derive(Clone)]
pub struct ClientCredentials {
    core: ClientCore,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    auth: ClientAuth,
    extra: Vec<(String, String)>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", self.core.base_url())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// The grant for `client_id` and `client_secret` at `token_url`, with HTTP Basic
    /// client authentication, no scope, and the default HTTP client.
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Result<Self, BaseUrlError> {
        Ok(ClientCredentials {
            // The cache retries a failed token request itself (`RefreshPolicy`).
            core: ClientCore::new(token_url)?.with_retries(crate::RetryPolicy::none()),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            auth: ClientAuth::Basic,
            extra: Vec::new(),
        })
    }

    /// Asks for these scopes (sent space-separated as `scope`).
    #[must_use]
    pub fn with_scopes<I: IntoIterator<Item = T>, T: Into<String>>(mut self, scopes: I) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Authenticates the client as `auth` says.
    #[must_use]
    pub fn with_client_auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Adds a form parameter some servers want (for example `audience`).
    #[must_use]
    pub fn with_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// Sends to another token URL (a test server, a regional endpoint).
    pub fn with_token_url(mut self, token_url: &str) -> Result<Self, BaseUrlError> {
        self.core = self.core.with_base_url(token_url)?;
        Ok(self)
    }

    /// Uses `http` for the token requests (see [`crate::default_http_client_builder`]).
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.core = self.core.with_http_client(http);
        self
    }

    /// Reads token responses up to `limit` bytes (default [`crate::DEFAULT_BODY_LIMIT`]).
    #[must_use]
    pub fn with_body_limit(mut self, limit: u64) -> Self {
        self.core = self.core.with_body_limit(limit);
        self
    }

    /// Allows the client secret over plain `http://` to hosts that are not loopback.
    #[must_use]
    pub fn allow_insecure_http(mut self) -> Self {
        self.core = self.core.allow_insecure_http();
        self
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &crate::BaseUrl {
        self.core.base_url()
    }

    /// A token cache over this grant, with the default refresh policy.
    pub fn into_cache(self) -> TokenCache<Self> {
        TokenCache::new(self)
    }

    /// The token request, and the secrets it carries ([`ClientCredentials::secrets`]).
    fn request(&self) -> Result<(reqwest::Request, Vec<String>), Error> {
        let mut form: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        let scope = self.scopes.join(" ");
        if !scope.is_empty() {
            form.push(("scope", &scope));
        }
        if self.auth == ClientAuth::Body {
            form.push(("client_id", &self.client_id));
            form.push(("client_secret", self.client_secret.expose()));
        }
        form.extend(self.extra.iter().map(|(name, value)| (name.as_str(), value.as_str())));
        // The token URL exactly as declared: it is an endpoint, not a base to append to.
        let url = self.core.base_url().as_given().clone();
        let builder = self.core.http().request(reqwest::Method::POST, url);
        let mut request = builder
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .build()
            .map_err(Error::transport)?;
        let basic = self.basic_credentials();
        if self.auth == ClientAuth::Basic {
            let header = Secret::new(format!("Basic {}", basic.expose()));
            crate::auth::set_sensitive(&mut request, reqwest::header::AUTHORIZATION, header.expose());
        }
        Ok((request, self.secrets(&basic)))
    }

    /// §2.3.1: both parts form-encoded before they are joined and base64-encoded.
    fn basic_credentials(&self) -> Secret {
        let encode = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let joined = Secret::new(format!("{}:{}", encode(&self.client_id), encode(self.client_secret.expose())));
        Secret::new(base64::engine::general_purpose::STANDARD.encode(joined.expose()))
    }

    /// The secrets a token request carries, as they may come back in its answer (a
    /// server that echoes the request): the client secret in each encoding, and the
    /// Basic credentials.
    fn secrets(&self, basic: &Secret) -> Vec<String> {
        crate::request::as_sent(vec![self.client_secret.expose().to_owned(), basic.expose().to_owned()])
    }

    async fn fetch_token(&self, now: DateTime<Utc>) -> Result<AccessToken, TokenError> {
        let (request, secrets) = self.request()?;
        self.core.check_transport(&request)?;
        let response = self.core.execute(request).await?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            let body = crate::read_bytes::<()>(response).await?;
            let body: TokenResponse = crate::outcome::decode(&body, &secrets)?;
            let expiry = [body.expires_in.as_ref().map_or(ExpiryField::Missing, ExpiryField::Json)];
            let fields =
                TokenFields { token: body.access_token, token_type: body.token_type.as_deref(), expiry: &expiry };
            return assemble(fields, &MAPPING, now);
        }
        let json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
        if (status == 400 || status == 401) && json {
            // §5.2; a body that is not such an error is an undocumented answer.
            return match read_oauth_error(response, &secrets).await {
                Some(error) => {
                    // The code as a message shows server text: escaped and cut short.
                    let summary = crate::error::shown_text(&error.error, SUMMARY_LIMIT);
                    Err(TokenError::Api { status, body: ErrorBody::new(error).with_summary(summary) })
                }
                None => Err(TokenError::UnexpectedStatus { status, retry_after: None }),
            };
        }
        Err(crate::unexpected_status::<()>(response).await.into())
    }
}

/// The most characters of an error code a message shows (codes are short words; a
/// server may put anything there).
const SUMMARY_LIMIT: usize = 200;

/// An error answer of §5.2, the request's `secrets` replaced in it before it is decoded;
/// `None` for a body that is not one.
async fn read_oauth_error(response: reqwest::Response, secrets: &[String]) -> Option<OAuthError> {
    let body = crate::read_bytes::<()>(response).await.ok()?;
    let body = crate::scrub::scrubbed_body(body, secrets, true);
    crate::outcome::decode(&body, &[]).ok()
}

impl TokenSource for ClientCredentials {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(self.fetch_token(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The token URL is an endpoint: requested as declared, a trailing slash kept.
    #[test]
    fn the_token_url_is_requested_as_declared() {
        for url in ["https://auth.example/o/token/", "https://auth.example/o/token", "https://auth.example/"] {
            let grant = ClientCredentials::new(url, "id", "s3cret").unwrap();
            assert_eq!(grant.request().unwrap().0.url().as_str(), url);
        }
    }
}
