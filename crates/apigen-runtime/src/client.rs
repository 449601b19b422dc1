//! The part of every generated client that does not depend on the API: base URL,
//! `reqwest` client, sending, and reading responses.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::Credential;
use crate::error::{Error, RequestError, excerpt_hiding};

/// A base URL that endpoint paths are appended to.
///
/// Unlike `Url::join`, appending keeps the base's own path: `https://h/api` +
/// `/auth/token` is `https://h/api/auth/token`.
#[derive(Clone)]
pub struct BaseUrl {
    /// Always without a trailing slash.
    text: String,
    /// As given, a trailing slash kept.
    given: Url,
}

/// Base URLs are equal when they append paths the same: `https://h/` is `https://h`.
impl PartialEq for BaseUrl {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for BaseUrl {}

/// A base URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// Not a URL at all.
    #[error("`{url}` is not a valid URL: {reason}")]
    Invalid {
        /// The rejected text.
        url: String,
        /// The parser's reason.
        reason: String,
    },
    /// Not `http` or `https`.
    #[error("`{url}` must use http or https")]
    Scheme {
        /// The rejected text.
        url: String,
    },
    /// Has a query or fragment, which endpoint paths cannot be appended to.
    #[error("`{url}` must not have a query or fragment")]
    QueryOrFragment {
        /// The rejected text.
        url: String,
    },
    /// Still has an unsubstituted server variable such as `{domain}`.
    #[error("`{url}` still has an unsubstituted server variable")]
    Template {
        /// The rejected text.
        url: String,
    },
    /// Has a user name or password (`https://user:pass@host`): credentials go through
    /// the API's security schemes, where they are kept secret, not in the URL, which
    /// would show them in every error message and log.
    #[error("`{url}` must not hold a user name or password: configure the credentials on the client")]
    UserInfo {
        /// The rejected text, its user name and password replaced by `[REDACTED]`.
        url: String,
    },
}

/// What a [`BaseUrl`] error shows of `text`: its user name and password replaced by
/// `[REDACTED]`. The URL parser's reading is trusted for an `http`/`https` URL with a
/// host (`https:user:pw@host` has user info too); any other text with an `@` is shown
/// with everything from after its first `:` (or its start) to its last `@` replaced.
fn without_userinfo(text: &str) -> String {
    if let Ok(mut url) = Url::parse(text)
        && matches!(url.scheme(), "http" | "https")
        && url.has_host()
    {
        if url.username().is_empty() && url.password().is_none() {
            return text.to_owned();
        }
        let _ = url.set_password(None);
        let _ = url.set_username("");
        return url.as_str().replacen("://", "://[REDACTED]@", 1);
    }
    match text.rfind('@') {
        Some(at) => {
            let start = text.find(':').filter(|&colon| colon < at).map_or(0, |colon| colon + 1);
            format!("{}[REDACTED]{}", &text[..start], &text[at..])
        }
        None => text.to_owned(),
    }
}

impl BaseUrl {
    /// Parses and checks a base URL.
    pub fn parse(text: &str) -> Result<Self, BaseUrlError> {
        let shown = || without_userinfo(text);
        if text.contains('{') || text.contains('}') {
            return Err(BaseUrlError::Template { url: shown() });
        }
        let url = Url::parse(text).map_err(|e| BaseUrlError::Invalid { url: shown(), reason: e.to_string() })?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(BaseUrlError::Scheme { url: shown() });
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BaseUrlError::UserInfo { url: shown() });
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(BaseUrlError::QueryOrFragment { url: shown() });
        }
        Ok(BaseUrl { text: url.as_str().trim_end_matches('/').to_owned(), given: url })
    }

    /// The URL as it was given, a trailing slash kept: what a token endpoint is requested
    /// at (some servers answer `/token/` and not `/token`).
    pub(crate) fn as_given(&self) -> &Url {
        &self.given
    }

    /// The base URL as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The URL of an endpoint: `path` (already expanded, starting with `/`) appended.
    pub fn endpoint(&self, path: &str) -> Result<Url, url::ParseError> {
        Url::parse(&format!("{}{}", self.text, path))
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BaseUrl").field(&self.text).finish()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The `Retry-After` header: delay seconds, or an HTTP date in any of the three forms
/// RFC 9110 §5.6.7 has a recipient accept (relative to now; a date past is no wait).
pub(crate) fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

/// Percent-encodes one path segment (a path parameter's value).
pub fn encode_path_segment(value: &str) -> String {
    /// RFC 3986 `pchar` minus what must be escaped inside one segment.
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// Called with every response before it is read: status, headers, URL (for logging,
/// metrics, or reading headers the spec does not describe).
///
/// The URL is the one requested, with each query value and path segment that holds a
/// secret of the request as `[REDACTED]`, and so is a `Location` header (the response the
/// call then reads has them too, observer or not). For a generated client's call the
/// secrets are its credentials (an API key in the query, a token), its secret parameters
/// and those of its body; a secret of fewer than 4 bytes is hidden only where it is a whole
/// value or an item of a list. For a request built by hand ([`ClientCore::execute`]),
/// only its sensitive headers' values are known to be secret.
pub type ResponseObserver = std::sync::Arc<dyn Fn(&reqwest::Response) + Send + Sync>;

/// The `reqwest::ClientBuilder` behind [`ClientCore::new`], to extend rather than
/// replace: add a proxy, root certificates or other timeouts, then pass the built
/// client to `with_http_client`.
///
/// It sets:
/// - a read timeout of [`ClientCore::DEFAULT_READ_TIMEOUT`] (30 s): a server silent
///   that long, before answering or in the middle of a body, is given up on (the
///   whole call is bounded by [`ClientCore::with_timeout`], a streamed download only
///   by this);
/// - a connect timeout of [`ClientCore::DEFAULT_CONNECT_TIMEOUT`] (10 s);
/// - redirects followed only within the origin (scheme, host and port) of the request,
///   at most 10: a redirect to another origin is not followed and its 3xx response is
///   the answer, so no API key, cookie, credential in a body or query goes to a host
///   the client was not pointed at;
/// - no `Referer` header (it would carry the query, and an API key in it, along a
///   redirect);
/// - the user agent `apigen-runtime/<version>`;
///
/// and otherwise `reqwest`'s defaults (rustls, connection pooling).
///
/// ```no_run
/// let http = apigen_runtime::default_http_client_builder()
///     .proxy(apigen_runtime::reqwest::Proxy::https("http://proxy.internal:3128")?)
///     .build()?;
/// # Ok::<(), apigen_runtime::reqwest::Error>(())
/// ```
pub fn default_http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .read_timeout(ClientCore::DEFAULT_READ_TIMEOUT)
        .connect_timeout(ClientCore::DEFAULT_CONNECT_TIMEOUT)
        .redirect(same_origin_redirects())
        .referer(false)
        .user_agent(concat!("apigen-runtime/", env!("CARGO_PKG_VERSION")))
}

/// Follows a redirect only to the origin of the first request (at most 10 hops).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Base URL, HTTP client and credentials: what every generated client wraps.
#[derive(Clone)]
pub struct ClientCore {
    base_url: BaseUrl,
    http: reqwest::Client,
    allow_insecure_http: bool,
    observer: Option<ResponseObserver>,
    body_limit: u64,
    timeout: Duration,
    retry: crate::retry::RetryPolicy,
    /// The retry budget, shared with clones.
    budget: crate::retry::Budget,
    /// One credential per security scheme the caller configured, by scheme name.
    credentials: Vec<(&'static str, std::sync::Arc<dyn Credential>)>,
    /// One token provider per bearer/OAuth 2 scheme the caller gave one for.
    token_providers: Vec<(&'static str, std::sync::Arc<dyn crate::token::TokenProvider>)>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("observer", &self.observer.is_some())
            .field("body_limit", &self.body_limit)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("retry_budget_left", &self.budget.left())
            .field("credentials", &self.credentials.iter().map(|(scheme, _)| scheme).collect::<Vec<_>>())
            .field("token_providers", &self.token_providers.iter().map(|(scheme, _)| scheme).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// The default bound of a whole call ([`ClientCore::with_timeout`]).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// The read timeout of the default HTTP client: the longest a server may stay silent.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

    /// The connect timeout of the default HTTP client.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// A client for `base_url` with the HTTP client of [`default_http_client_builder`]
    /// (30 s read timeout, 10 s connect timeout, redirects within the origin only,
    /// `apigen-runtime` user agent), calls bounded by [`ClientCore::DEFAULT_TIMEOUT`]
    /// (30 s) and the body limit [`DEFAULT_BODY_LIMIT`](crate::DEFAULT_BODY_LIMIT) (16 MiB).
    pub fn new(base_url: &str) -> Result<Self, BaseUrlError> {
        let http = default_http_client_builder()
            .build()
            // Building only fails when the TLS backend cannot initialise, which is a
            // broken installation rather than a caller error; fall back to the default.
            .unwrap_or_default();
        Ok(ClientCore {
            base_url: BaseUrl::parse(base_url)?,
            http,
            allow_insecure_http: false,
            observer: None,
            body_limit: crate::body::DEFAULT_BODY_LIMIT,
            timeout: Self::DEFAULT_TIMEOUT,
            retry: crate::retry::RetryPolicy::default(),
            budget: crate::retry::Budget::new(crate::retry::RetryPolicy::default().budget),
            credentials: Vec::new(),
            token_providers: Vec::new(),
        })
    }

    /// Calls `observer` with every response, before it is read.
    pub fn with_response_observer(mut self, observer: ResponseObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Allows credentials over plain `http://` to hosts that are not loopback.
    /// Off by default: a client secret or token sent that way can be read by anyone
    /// on the path.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Reads success bodies (JSON, text, binary read whole) up to `limit` bytes;
    /// a larger body fails with [`Error::BodyTooLarge`] and is not read further.
    /// The default is [`DEFAULT_BODY_LIMIT`](crate::DEFAULT_BODY_LIMIT) (16 MiB).
    /// Error excerpts are always at most [`Error::EXCERPT_LIMIT`] bytes.
    pub fn with_body_limit(mut self, limit: u64) -> Self {
        self.body_limit = limit;
        self
    }

    /// The body limit.
    pub fn body_limit(&self) -> u64 {
        self.body_limit
    }

    /// Bounds each call, from sending (credentials and a token included) until its
    /// body is read, by `timeout`: a call not done by then fails with
    /// [`Error::Timeout`]. A streamed download is bounded until its response arrives;
    /// its body then only by the HTTP client's read timeout. The default is
    /// [`ClientCore::DEFAULT_TIMEOUT`] (30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The bound of a call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends a call again as `policy` says (see [`RetryPolicy`](crate::RetryPolicy) for
    /// when: a connection refused, a 429, and a 408, 500, 502, 503 or 504 of an idempotent
    /// request), within the call's bound. The default is
    /// [`RetryPolicy::default`](crate::RetryPolicy) (2 retries);
    /// [`RetryPolicy::none`](crate::RetryPolicy::none) sends each call once. It starts a
    /// new retry budget, which clones made from this client afterwards share.
    pub fn with_retries(mut self, policy: crate::RetryPolicy) -> Self {
        self.budget = crate::retry::Budget::new(policy.budget);
        self.retry = policy;
        self
    }

    /// When a call is sent again.
    pub fn retries(&self) -> &crate::RetryPolicy {
        &self.retry
    }

    /// The same client for another base URL (a token endpoint's own, say).
    pub(crate) fn with_base_url(mut self, base_url: &str) -> Result<Self, BaseUrlError> {
        self.base_url = BaseUrl::parse(base_url)?;
        Ok(self)
    }

    /// Uses `credential` for the security scheme `scheme` (replacing an earlier one).
    pub fn with_credential(mut self, scheme: &'static str, credential: impl Credential + 'static) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.token_providers.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, std::sync::Arc::new(credential)));
        self
    }

    /// Takes each call's token for the bearer (or OAuth 2) security scheme `scheme` from
    /// `provider` (replacing a fixed token or an earlier provider): a call answered 401
    /// invalidates exactly the token it carried and is sent once more with a fresh one;
    /// a second 401 is the call's answer.
    pub fn with_token_provider(
        mut self,
        scheme: &'static str,
        provider: impl crate::token::TokenProvider + 'static,
    ) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.token_providers.retain(|(name, _)| *name != scheme);
        self.token_providers.push((scheme, std::sync::Arc::new(provider)));
        self
    }

    /// The token provider configured for the security scheme `scheme`, if any.
    pub fn token_provider(&self, scheme: &str) -> Option<&std::sync::Arc<dyn crate::token::TokenProvider>> {
        self.token_providers.iter().find(|(name, _)| *name == scheme).map(|(_, provider)| provider)
    }

    /// The credential configured for the security scheme `scheme`, if any.
    pub fn credential(&self, scheme: &str) -> Option<&dyn Credential> {
        self.credentials.iter().find(|(name, _)| *name == scheme).map(|(_, credential)| credential.as_ref())
    }

    /// Refuses a request that carries credentials over plain `http://` to a host that
    /// is not loopback, unless [`ClientCore::allow_insecure_http`] was called.
    pub fn check_transport(&self, request: &reqwest::Request) -> Result<(), RequestError> {
        let url = request.url();
        if self.allow_insecure_http || url.scheme() != "http" || is_loopback(url) {
            return Ok(());
        }
        Err(Error::InsecureTransport { host: url.host_str().unwrap_or_default().to_owned() }.into())
    }

    /// Replaces the HTTP client (for proxies, timeouts, connection pools, middleware).
    ///
    /// The client given replaces the default one whole, including its read timeout,
    /// redirect policy and user agent: start from [`default_http_client_builder`] to
    /// keep them.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends a built request, bounded by [`ClientCore::with_timeout`] until the response
    /// arrives (its body is then bounded by the HTTP client's read timeout), again as
    /// [`ClientCore::with_retries`] says. The response's
    /// URL and `Location` hide the values of the request's sensitive headers (a request
    /// built by hand has no other secrets the client knows of: an API key put into its
    /// query yourself is not hidden).
    pub async fn execute(&self, request: reqwest::Request) -> Result<reqwest::Response, RequestError> {
        let secrets = crate::request::secrets_of(&request, usize::MAX, 0);
        self.execute_hiding(request, &secrets, crate::request::deadline_after(self.timeout)).await
    }

    /// [`ClientCore::execute`] until `deadline` (the call's); the response's URL and
    /// `Location` header, which the observer and then the caller see, hide each query value
    /// and path segment that holds one of `secrets` (the request's) as `[REDACTED]`.
    pub(crate) async fn execute_hiding(
        &self,
        mut request: reqwest::Request,
        secrets: &[String],
        deadline: tokio::time::Instant,
    ) -> Result<reqwest::Response, RequestError> {
        let idempotent = crate::retry::idempotent(&request);
        let mut attempt = 1;
        loop {
            let again = if attempt <= self.retry.retries { request.try_clone() } else { None };
            let started = tokio::time::Instant::now();
            let sent = crate::request::within(deadline, self.timeout, self.http.execute(request)).await?;
            let sent = sent.map(|response| self.received(response, secrets));
            let wait = again.as_ref().and_then(|_| self.retry.wait(attempt, idempotent, &sent));
            // Sent again only when the wait, and another attempt as long as this one,
            // end before the call's bound (its body is read within it, too).
            let took = started.elapsed();
            let needed = |wait| took.saturating_mul(2).saturating_add(wait);
            let in_time = |wait| started.checked_add(needed(wait)).is_some_and(|end| end < deadline);
            match (again, wait) {
                (Some(next), Some(wait)) if in_time(wait) && self.budget.take() => {
                    drop(sent);
                    tokio::time::sleep(wait).await;
                    (request, attempt) = (next, attempt + 1);
                }
                _ => {
                    if sent.as_ref().is_ok_and(|response| !crate::retry::failed(response.status().as_u16())) {
                        self.budget.give_back(attempt - 1);
                    }
                    // reqwest's error shows the URL it was sending to, path included.
                    return sent.map_err(|error| hidden_error(error, secrets));
                }
            }
        }
    }

    /// A response as the caller and the observer see it: with the client's body limit,
    /// and `secrets` hidden in its URL and `Location`.
    fn received(&self, mut response: reqwest::Response, secrets: &[String]) -> reqwest::Response {
        response.extensions_mut().insert(crate::body::BodyLimit(self.body_limit));
        if secrets.iter().any(|secret| !secret.is_empty()) {
            let mut url = response.url().clone();
            if hidden_url(&mut url, secrets) {
                response = with_url(response, url);
            }
            hide_location(&mut response, secrets);
        }
        if let Some(observer) = &self.observer {
            observer(&response);
        }
        response
    }
}

/// A transport error, the URL it shows hiding `secrets`.
fn hidden_error(mut error: reqwest::Error, secrets: &[String]) -> RequestError {
    if let Some(url) = error.url_mut() {
        hidden_url(url, secrets);
    }
    Error::<std::convert::Infallible>::transport(error).into()
}

/// `response` with another URL (reqwest has no setter): through `http::Response`, whose
/// parts (status, headers, extensions, body) it keeps.
fn with_url(response: reqwest::Response, url: Url) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let mut response = http::Response::<reqwest::Body>::from(response);
    // Building an empty response with a URL cannot fail; were it to, reqwest would give
    // the response a placeholder URL, which shows no secret either.
    if let Ok(carrier) = http::Response::builder().url(url).body(()) {
        response.extensions_mut().extend(carrier.into_parts().0.extensions);
    }
    reqwest::Response::from(response)
}

/// Replaces each query value and path segment of `url` that holds one of `secrets` by
/// `[REDACTED]`; whether there was one. Values are compared decoded: a value that is a
/// secret, holds a secret of 4 characters or more (`k3y.json`), or is a list (`,`, `|`,
/// ` `) with a secret in it. Shorter secrets are compared whole, so that a short one does
/// not redact every place its characters happen to appear; an empty one hides nothing.
/// The rest of the URL stays as it was encoded.
fn hide_secrets(url: &mut url::Url, secrets: &[String]) -> bool {
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
    let secret = |text: &str| {
        secrets.iter().any(|s| text == *s || (s.len() >= 4 && text.contains(s)))
            || text.split([',', '|', ' ']).any(|part| secrets.contains(&part))
    };
    let decoded = |raw: &str| percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned();
    let mut hid = false;
    if let Some(query) = url.query() {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) if secret(&decoded(&value.replace('+', " "))) => format!("{key}=%5BREDACTED%5D"),
                _ => pair.to_owned(),
            })
            .collect();
        let hidden = pairs.join("&");
        if hidden != query {
            url.set_query(Some(&hidden));
            hid = true;
        }
    }
    let path: Vec<String> = url
        .path_segments()
        .into_iter()
        .flatten()
        .map(|segment| if secret(&decoded(segment)) { "%5BREDACTED%5D".to_owned() } else { segment.to_owned() })
        .collect();
    let path = format!("/{}", path.join("/"));
    if url.path_segments().is_some() && path != url.path() {
        url.set_path(&path);
        hid = true;
    }
    hid
}

/// [`hide_secrets`], and where a secret of 4 bytes or more still shows anywhere (a
/// fragment, a user name or password, a query key, a value split where `/` or `+` were
/// part of it): the query, fragment and credentials of the URL go, and then its path.
/// Whether `url` changed.
fn hidden_url(url: &mut Url, secrets: &[String]) -> bool {
    let mut hid = hide_secrets(url, secrets);
    if shows_secret(url.as_str(), secrets) {
        url.set_query(Some("%5BREDACTED%5D"));
        url.set_fragment(None);
        // Only URLs that cannot have credentials refuse these, and those have none.
        let _ = url.set_password(None);
        let _ = url.set_username("");
        hid = true;
    }
    if shows_secret(url.as_str(), secrets) {
        url.set_path("/%5BREDACTED%5D");
    }
    hid
}

/// Whether a secret of 4 bytes or more is in `text`, as it is or percent-decoded.
fn shows_secret(text: &str, secrets: &[String]) -> bool {
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    secrets.iter().filter(|s| s.len() >= 4).any(|s| text.contains(s.as_str()) || decoded.contains(s.as_str()))
}

/// The `Location` headers (of a redirect not followed, or a created resource) without the
/// request's secrets ([`hidden_url`]), as absolute URLs; one that cannot be read as a URL
/// and shows a secret is `[REDACTED]`.
fn hide_location(response: &mut reqwest::Response, secrets: &[String]) {
    use reqwest::header::{HeaderValue, LOCATION};
    let redacted = || HeaderValue::from_static("[REDACTED]");
    let base = response.url().clone();
    let hide = |value: &HeaderValue| {
        let raw = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let mut url = value.to_str().ok().and_then(|text| base.join(text).ok());
        let hid = url.as_mut().is_some_and(|url| hidden_url(url, secrets));
        match url {
            Some(url) if hid => HeaderValue::from_str(url.as_str()).unwrap_or_else(|_| redacted()),
            _ if shows_secret(&raw, secrets) => redacted(),
            _ => value.clone(),
        }
    };
    let values: Vec<HeaderValue> = response.headers().get_all(LOCATION).iter().map(hide).collect();
    if values.iter().eq(response.headers().get_all(LOCATION).iter()) {
        return;
    }
    response.headers_mut().remove(LOCATION);
    for value in values {
        response.headers_mut().append(LOCATION, value);
    }
}

/// Reads a JSON body into `T`, up to the client's body limit.
pub async fn read_json<T: DeserializeOwned, E>(response: reqwest::Response) -> Result<T, Error<E>> {
    let status = response.status().as_u16();
    let limit = crate::body::limit_of(&response);
    let body = crate::body::read_limited(response, limit).await?;
    crate::outcome::decode(&body, &[]).map_err(|source| Error::Decode { status, source })
}

/// Reads a text body (lossily decoded as UTF-8), up to the client's body limit.
pub async fn read_text<E>(response: reqwest::Response) -> Result<String, Error<E>> {
    let limit = crate::body::limit_of(&response);
    let body = crate::body::read_limited(response, limit).await?;
    Ok(crate::outcome::text(body))
}

/// Reads a binary body whole, up to the client's body limit. For downloads that may
/// be larger, [`read_stream`] hands the body out chunk by chunk instead.
pub async fn read_bytes<E>(response: reqwest::Response) -> Result<Vec<u8>, Error<E>> {
    let limit = crate::body::limit_of(&response);
    Ok(crate::body::read_limited(response, limit).await?)
}

/// A binary body as a stream of chunks, not held in memory; unbounded unless
/// [`ByteStream::limit`](crate::body::ByteStream::limit) says otherwise.
pub fn read_stream(response: reqwest::Response) -> crate::body::ByteStream {
    crate::body::ByteStream::new(response)
}

/// The error for a status the spec does not document, with a bounded body excerpt:
/// only the bytes the excerpt keeps are read.
pub async fn unexpected_status<E>(response: reqwest::Response) -> Error<E> {
    unexpected_status_hiding(response, &[]).await
}

/// [`unexpected_status`], with `secrets` (the request's) replaced in the bytes read, before
/// they become the excerpt: inside JSON strings too, where a server may have escaped them
/// (`\/`), and in a string the excerpt's limit leaves open. (The excerpt shows hidden
/// characters escaped, which would hide such a string from a JSON reader.)
pub(crate) async fn unexpected_status_hiding<E>(response: reqwest::Response, secrets: &[String]) -> Error<E> {
    let status = response.status().as_u16();
    let retry_after = retry_after(&response);
    match crate::body::read_prefix(response, Error::<E>::EXCERPT_LIMIT).await {
        Ok((body, more)) => {
            Error::UnexpectedStatus { status, excerpt: excerpt_hiding(body, more, secrets), retry_after }
        }
        Err(e) => Error::transport(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secrets_of_a_url_are_hidden_whole_values_at_a_time() {
        let hide = |url: &str, secrets: &[&str]| {
            let mut url = Url::parse(url).unwrap();
            hide_secrets(&mut url, &secrets.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            url.to_string()
        };
        // In a segment with other text; in a list joined by `|`; the rest as it was encoded.
        assert_eq!(
            hide("https://h/things/k3y-secret.json?pins=p1%7Cs3cr&flag&q=a%20b", &["k3y-secret", "s3cr"]),
            "https://h/things/%5BREDACTED%5D?pins=%5BREDACTED%5D&flag&q=a%20b"
        );
        // A short secret hides values that are it (or an item of a list); an empty one nothing.
        assert_eq!(
            hide("https://h/v2/ab?x=ab&y=abc&z=1,ab&w=", &["ab", ""]),
            "https://h/v2/%5BREDACTED%5D?x=%5BREDACTED%5D&y=abc&z=%5BREDACTED%5D&w="
        );
        // `+` is a space in a query value.
        assert_eq!(hide("https://h/?k=my+key", &["my key"]), "https://h/?k=%5BREDACTED%5D");
        assert_eq!(hide("https://h/a/b?c=d", &["x"]), "https://h/a/b?c=d");
    }

    #[test]
    fn a_secret_left_anywhere_takes_the_query_fragment_credentials_then_path() {
        let hide = |url: &str| {
            let mut url = Url::parse(url).unwrap();
            hidden_url(&mut url, &["KEY-SECRET-1".to_owned(), "abc+def/ghi=".to_owned()]);
            url.to_string()
        };
        assert_eq!(hide("https://h/cb?x=1#k=KEY-SECRET-1"), "https://h/cb?%5BREDACTED%5D");
        assert_eq!(hide("https://u:KEY-SECRET-1@h/"), "https://h/?%5BREDACTED%5D");
        assert_eq!(hide("https://h/cb?KEY-SECRET-1"), "https://h/cb?%5BREDACTED%5D");
        // A token with `+` and `/` in it, raw in the path.
        assert_eq!(hide("https://h/t/abc+def/ghi=/x"), "https://h/%5BREDACTED%5D?%5BREDACTED%5D");
        assert_eq!(hide("https://h/t/x?lang=en#top"), "https://h/t/x?lang=en#top");
    }

    #[test]
    fn every_location_header_is_hidden() {
        let secrets = ["KEY-SECRET-1".to_owned()];
        let response = http::Response::builder()
            .header("location", "/ok")
            .header("location", "/cb?k=KEY-SECRET-1&n=1")
            .header("location", "https://other.example:99999/?k=KEY-SECRET-1")
            .body("")
            .unwrap();
        let mut response = reqwest::Response::from(response);
        hide_location(&mut response, &secrets);
        let locations: Vec<&str> = response.headers().get_all("location").iter().map(|v| v.to_str().unwrap()).collect();
        let base = "http://no.url.provided.local";
        // One without a secret stays as it was sent.
        assert_eq!(locations, ["/ok", &format!("{base}/cb?k=%5BREDACTED%5D&n=1"), "[REDACTED]"]);
    }

    #[test]
    fn endpoint_keeps_the_base_path() {
        let base = BaseUrl::parse("https://example.com/api/").unwrap();
        assert_eq!(base.as_str(), "https://example.com/api");
        assert_eq!(base.endpoint("/auth/token").unwrap().as_str(), "https://example.com/api/auth/token");
    }

    #[test]
    fn rejects_bad_base_urls() {
        assert!(matches!(BaseUrl::parse("ftp://x"), Err(BaseUrlError::Scheme { .. })));
        assert!(matches!(BaseUrl::parse("https://x/?a=1"), Err(BaseUrlError::QueryOrFragment { .. })));
        assert!(matches!(BaseUrl::parse("https://gateway.{domain}"), Err(BaseUrlError::Template { .. })));
        assert!(matches!(BaseUrl::parse("not a url"), Err(BaseUrlError::Invalid { .. })));
    }

    #[test]
    fn a_password_in_the_base_url_is_refused_and_never_shown() {
        for text in [
            "https://user:PASSW0RD@example.com/api",
            "https://PASSW0RD@example.com",
            "http://user:PASSW0RD@127.0.0.1:8080",
            "https://user:PASSW0RD@exa mple.com/a@b",
            "https://user:PASSW0RD@{region}.example.com",
            "ftp://user:PASSW0RD@example.com",
            "https:user:PASSW0RD@example.com",
            "https:\\\\user:PASSW0RD@example.com",
            "https:/\t/user:PASSW0RD@example.com",
            "https://user:pa/PASSW0RD@example.com",
            "admin:PASSW0RD@api.example.com",
            "htps:user:PASSW0RD@example.com",
            "foo:/user:PASSW0RD@example.com",
            "PASSW0RD@example.com",
        ] {
            let error = BaseUrl::parse(text).unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("PASSW0RD"), "{shown}");
            assert!(shown.contains("[REDACTED]@"), "{shown}");
        }
        let error = ClientCore::new("https://user:PASSW0RD@example.com").unwrap_err();
        assert!(matches!(error, BaseUrlError::UserInfo { .. }), "{error:?}");
        assert_eq!(without_userinfo("https://example.com/a@b?c@d"), "https://example.com/a@b?c@d");
    }

    #[test]
    fn credentials_over_plain_http_only_to_loopback_or_when_allowed() {
        let request = |url: &str| reqwest::Request::new(reqwest::Method::POST, url.parse().unwrap());
        let core = ClientCore::new("http://public-api.example.com").unwrap();
        for allowed in ["https://x.example.com/a", "http://127.0.0.1:8080/a", "http://localhost/a", "http://[::1]/a"] {
            assert!(core.check_transport(&request(allowed)).is_ok(), "{allowed}");
        }
        let error = core.check_transport(&request("http://public-api.example.com/oauth/token")).unwrap_err();
        assert!(error.to_string().contains("allow_insecure_http()"), "{error}");
        let error = error.into_error();
        assert!(matches!(&error, Error::InsecureTransport { host } if host == "public-api.example.com"));
        assert!(error.to_string().contains("allow_insecure_http()"), "{error}");
        let core = core.allow_insecure_http();
        assert!(core.check_transport(&request("http://public-api.example.com/oauth/token")).is_ok());
    }

    #[tokio::test]
    async fn transport_errors_do_not_show_the_query() {
        // A port nobody listens on: the connection is refused at once.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let core = ClientCore::new(&format!("http://127.0.0.1:{port}")).unwrap();
        let url = core.base_url().endpoint("/things").unwrap();
        let mut request = reqwest::Request::new(reqwest::Method::GET, url);
        request.url_mut().query_pairs_mut().append_pair("api_key", "k3y-s3cr3t");
        let error = core.execute(request).await.unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(matches!(error.into_error(), Error::Transport(_)), "{shown}");
        assert!(!shown.contains("k3y-s3cr3t"), "{shown}");
        assert!(shown.contains("/things"), "{shown}");
    }

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(encode_path_segment("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(encode_path_segment("safe-._~"), "safe-._~");
    }
}
