//! One call of a generated operation: building the request (path, query, headers,
//! cookies, body, credentials), sending it, and reading the response.
//!
//! Nothing here depends on the operation's types, so this code is compiled once, in the
//! runtime, instead of once per operation in every generated crate. A generated
//! operation names its parts and dispatches on the status:
//!
//! ```ignore
//! let request = self.client.core.request("GET", "get_pet");
//! request
//!     .validated(apigen_runtime::Validate::validate(&self))
//!     .path_param("/pets/", &self.pet_id)
//!     .header("X-Request-Id", &self.x_request_id)
//!     .accept("application/json")
//!     .send(|status| match status {
//!         200 => Outcome::json(),
//!         404 => Outcome::error(GetPetError::NotFound),
//!         _ => Outcome::unexpected(),
//!     })
//! ```
//!
//! The operation's own code is plain functions; the one future, [`Request::send`]'s,
//! is generic only in a thin layer over the non-generic sending and reading here.

use std::convert::Infallible;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};
use serde::Serialize;

pub use reqwest::Method;

use crate::auth::Credential;
use crate::client::{ClientCore, encode_path_segment, read_bytes, read_stream};
use crate::error::{Error, RequestError, scrubbed};
use crate::form::FormStyle;
use crate::outcome::{Outcome, Plan, erased, finished};
use crate::pending::{Pending, Reply};
use crate::secret::Secret;
use crate::string_enum::StringEnum;
use crate::token::BoxFuture;
use crate::token::send_with;
use crate::validate::ValidationError;

/// A value sent as a path, query, header or cookie parameter.
pub trait Param {
    /// The value as text: `None` when it is absent (an optional parameter not set), one
    /// item for a scalar, one per element for a list.
    fn texts(&self) -> Option<Vec<String>>;

    /// Whether the value is a secret: as a header, it is marked sensitive (kept out of
    /// the HTTP client's logs and of error excerpts).
    fn is_secret(&self) -> bool {
        false
    }
}

macro_rules! display_params {
    ($($ty:ty),*) => {$(
        impl Param for $ty {
            fn texts(&self) -> Option<Vec<String>> {
                Some(vec![self.to_string()])
            }
        }
    )*};
}

display_params!(str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, NaiveDate, uuid::Uuid);

impl Param for Secret {
    fn texts(&self) -> Option<Vec<String>> {
        Some(vec![self.expose().to_owned()])
    }

    fn is_secret(&self) -> bool {
        true
    }
}

impl Param for DateTime<Utc> {
    fn texts(&self) -> Option<Vec<String>> {
        Some(vec![self.to_rfc3339_opts(SecondsFormat::AutoSi, true)])
    }
}

/// Any JSON value as its JSON text, a string with its quotes (`"hello"`): such a parameter
/// is one whose `content` is JSON, or whose schema no text style can carry, and the
/// generator's warning says it is sent as JSON text.
impl Param for serde_json::Value {
    fn texts(&self) -> Option<Vec<String>> {
        Some(vec![self.to_string()])
    }
}

impl<T: StringEnum> Param for T {
    fn texts(&self) -> Option<Vec<String>> {
        Some(vec![self.wire().to_owned()])
    }
}

impl<T: Param> Param for Option<T> {
    fn texts(&self) -> Option<Vec<String>> {
        self.as_ref().and_then(Param::texts)
    }

    fn is_secret(&self) -> bool {
        self.as_ref().is_some_and(Param::is_secret)
    }
}

impl<T: Param> Param for Vec<T> {
    fn texts(&self) -> Option<Vec<String>> {
        Some(self.iter().filter_map(Param::texts).flatten().collect())
    }

    fn is_secret(&self) -> bool {
        self.iter().any(Param::is_secret)
    }
}

/// A request being built. Each step records the first problem and later steps do
/// nothing, so that the chain stays one expression; [`Request::send`] reports it.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'c> {
    core: &'c ClientCore,
    operation: &'static str,
    path: String,
    /// The query's `name=value` pairs, each form-encoded already (a joined list keeps its
    /// delimiter, which encoding the whole value would hide).
    query: Vec<String>,
    cookies: Vec<String>,
    builder: reqwest::RequestBuilder,
    security: &'static [&'static [&'static str]],
    carries_credentials: bool,
    error: Option<RequestError>,
    /// Secret parameters and the secrets of the body, which an error excerpt must not show.
    secrets: Vec<String>,
}

impl ClientCore {
    /// Starts a request of the operation `operation` (its Rust name, for error messages)
    /// with the HTTP method `method` (`"GET"`, …).
    pub fn request(&self, method: &'static str, operation: &'static str) -> Request<'_> {
        let (method, error) = match Method::from_bytes(method.as_bytes()) {
            Ok(method) => (method, None),
            Err(_) => (Method::GET, Some(Error::Url(format!("`{method}` is not an HTTP method")).into())),
        };
        // The endpoint URL replaces the base URL when the request is sent, once the path
        // is complete.
        let builder = self.http().request(method, self.base_url().as_str());
        Request {
            core: self,
            operation,
            path: String::new(),
            query: Vec::new(),
            cookies: Vec::new(),
            builder,
            security: &[],
            carries_credentials: false,
            error,
            secrets: Vec::new(),
        }
    }
}

/// A body whose encoding failed, with the encoder's message: serializing it fails again
/// with that message (see [`Request::encoded_json`]).
struct Unencodable(String);

impl Serialize for Unencodable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(&self.0))
    }
}

impl<'c> Request<'c> {
    fn fail(&mut self, error: Error<Infallible>) {
        self.error.get_or_insert(error.into());
    }

    /// Whether a step failed: later steps that read values (parameters, bodies) then do
    /// nothing, so that a refused request puts no copy of a secret into a header or body.
    fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// A parameter's value as text; a secret's texts are kept, so that an error excerpt
    /// echoing them shows `[REDACTED]` instead.
    fn texts(&mut self, value: &dyn Param) -> Option<Vec<String>> {
        let texts = value.texts()?;
        if value.is_secret() {
            self.secrets.extend(texts.iter().cloned());
        }
        Some(texts)
    }

    /// Appends a literal part of the path template.
    pub fn path(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self
    }

    /// Appends the literal text `before` and a path parameter: one percent-encoded
    /// segment, the items of a list joined by `,` (style `simple`). An empty value, `.`
    /// and `..` are refused, because URL parsing would turn them into another path.
    pub fn path_param(mut self, before: &str, value: &dyn Param) -> Self {
        if self.failed() {
            return self;
        }
        self.path.push_str(before);
        let texts = self.texts(value).unwrap_or_default();
        for text in &texts {
            if text == "." || text == ".." {
                self.fail(Error::Url(format!("a path parameter is `{text}`, which would change the path")));
            }
        }
        let joined = texts.iter().map(|text| encode_path_segment(text)).collect::<Vec<_>>().join(",");
        if joined.is_empty() {
            self.fail(Error::Url("a path parameter is empty".to_owned()));
        }
        self.path.push_str(&joined);
        self
    }

    /// A query parameter, style `form` with `explode`: a list repeats the key. Nothing
    /// is sent for an absent value.
    pub fn query(mut self, name: &'static str, value: &dyn Param) -> Self {
        if self.failed() {
            return self;
        }
        match self.texts(value) {
            // An empty list: the key with no value (`color=`, as the style examples write it).
            Some(texts) if texts.is_empty() => self.query.push(format!("{}=", form_encoded(name))),
            texts => {
                for text in texts.unwrap_or_default() {
                    self.query.push(format!("{}={}", form_encoded(name), form_encoded(&text)));
                }
            }
        }
        self
    }

    /// A query parameter whose list items are joined by `delimiter` (`,` for `form`
    /// without `explode`, ` ` for `spaceDelimited`, `|` for `pipeDelimited`), each item
    /// encoded and the delimiter not (`form::joined_items`).
    pub fn query_joined(mut self, name: &'static str, value: &dyn Param, delimiter: char) -> Self {
        if self.failed() {
            return self;
        }
        if let Some(texts) = self.texts(value) {
            self.query.push(format!("{}={}", form_encoded(name), crate::form::joined_items(texts, delimiter)));
        }
        self
    }

    /// A header parameter (list items joined by `,`). Nothing is sent for an absent value;
    /// a value an HTTP header cannot carry (a line break, …) fails the request with
    /// [`Error::Validation`] naming the header, and a [`Secret`] is marked sensitive.
    pub fn header(mut self, name: &'static str, value: &dyn Param) -> Self {
        if self.failed() {
            return self;
        }
        let Some(texts) = self.texts(value) else { return self };
        match reqwest::header::HeaderValue::from_str(&texts.join(",")) {
            Ok(mut header) => {
                header.set_sensitive(value.is_secret());
                self.builder = self.builder.header(name, header);
            }
            Err(_) => {
                let kind = crate::validate::ValidationErrorKind::HeaderValue;
                self.fail(Error::Validation(ValidationError::new(name, kind)));
            }
        }
        self
    }

    /// An optional `Idempotency-Key` header parameter: its value, or, when none is
    /// given (or a blank one, which no server takes for a key), a fresh random key (a
    /// UUID) for this call. The key goes with every retry of the call, so that the server
    /// recognises a repeat, and makes a `POST` safe to send again
    /// ([`RetryPolicy`](crate::RetryPolicy)); two calls get two keys.
    pub fn idempotency_key(self, name: &'static str, value: &dyn Param) -> Self {
        if value.texts().is_some_and(|texts| texts.iter().any(|text| !text.trim().is_empty())) {
            return self.header(name, value);
        }
        // From the operating system's random source: two keys alike would make the server
        // take a new call for a repeat of another, and drop it.
        self.header(name, &uuid::Uuid::new_v4())
    }

    /// A cookie parameter (list items joined by `,`). Nothing is sent for an absent value.
    /// Each item is percent-encoded where a cookie value cannot hold a character as it
    /// is (`;`, `,`, spaces, quotes, `\`, `%`, control and non-ASCII characters), so a
    /// value can never add a cookie of its own.
    pub fn cookie(mut self, name: &'static str, value: &dyn Param) -> Self {
        if self.failed() {
            return self;
        }
        if let Some(texts) = self.texts(value) {
            let items: Vec<String> = texts
                .iter()
                .map(|text| percent_encoding::utf8_percent_encode(text, NOT_COOKIE_OCTET).to_string())
                .collect();
            self.cookies.push(format!("{name}={}", items.join(",")));
        }
        self
    }

    /// The media types the response is expected in (`Accept`: one, or several joined by `, `).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.builder = self.builder.header(ACCEPT, media_type);
        self
    }

    /// A JSON body, sent as `media_type`.
    ///
    /// Encoded here, and handed to the HTTP client as bytes by a function that is not
    /// generic: `reqwest`'s own `json` is generic in the body's type, and its instance
    /// (with its header map's entry API) was about 400 lines of LLVM IR per body type,
    /// compiled in every generated crate.
    pub fn json<T: Serialize + ?Sized>(self, media_type: &'static str, body: &T) -> Self {
        if self.failed() {
            return self;
        }
        let (encoded, secrets) = crate::secret::serialized_secrets(|| json_bytes(body));
        self.encoded_json(media_type, encoded, secrets)
    }

    /// The body [`Request::json`] encoded, or its encoding's failure, which fails the
    /// request as a body `reqwest` cannot encode does (a transport error of the builder
    /// kind): given to `reqwest`'s encoder as [`Unencodable`], one instance in all.
    fn encoded_json(
        mut self,
        media_type: &'static str,
        encoded: serde_json::Result<Vec<u8>>,
        secrets: Vec<String>,
    ) -> Self {
        self.secrets.extend(secrets);
        self.builder = match encoded {
            Ok(bytes) => self.builder.header(CONTENT_TYPE, media_type).body(bytes),
            Err(error) => self.builder.json(&Unencodable(error.to_string())),
        };
        self
    }

    /// An `application/x-www-form-urlencoded` body, each property written as `styles`
    /// says (by wire name, from the Encoding Objects; see [`FormStyle`] for the others).
    /// A body that is no object fails the request with a transport error.
    pub fn form<T: Serialize + ?Sized>(self, body: &T, styles: &[(&str, FormStyle)]) -> Self {
        if self.failed() {
            return self;
        }
        // Through JSON text, which writes an `f32` as the decimal it is (`0.1`, where a
        // `Value` would hold `0.10000000149011612`) and a whole float as an integer.
        let encoded = || json_bytes(body).and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes));
        let (value, secrets) = crate::secret::serialized_secrets(encoded);
        self.encoded_form(value.map_err(|e| e.to_string()), styles, secrets)
    }

    /// The body [`Request::form`] serialized, written as a form (not generic: one copy).
    fn encoded_form(
        mut self,
        value: Result<serde_json::Value, String>,
        styles: &[(&str, FormStyle)],
        secrets: Vec<String>,
    ) -> Self {
        self.secrets.extend(secrets);
        self.builder = match value.and_then(|value| crate::form::encode(&value, styles)) {
            Ok(text) => self.builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(text),
            Err(error) => self.builder.json(&Unencodable(error)),
        };
        self
    }

    /// A text body, sent as `media_type`.
    pub fn text(mut self, media_type: &str, body: String) -> Self {
        if self.failed() {
            return self;
        }
        // A `String` is UTF-8; `text/*` without a charset is US-ASCII (RFC 2046).
        let charset = media_type.starts_with("text/") && !media_type.to_ascii_lowercase().contains("charset=");
        let content_type = if charset { format!("{media_type}; charset=utf-8") } else { media_type.to_owned() };
        self.builder = self.builder.header(CONTENT_TYPE, content_type).body(body);
        self
    }

    /// A binary body (or encoded multipart parts), sent as `media_type` (the caller's
    /// `content_type`, or the document's). A media type an HTTP header cannot carry (a
    /// line break) fails the request with [`Error::Validation`] naming `content_type`.
    pub fn bytes(mut self, media_type: &str, body: Vec<u8>) -> Self {
        if self.failed() {
            return self;
        }
        match reqwest::header::HeaderValue::from_str(media_type) {
            Ok(media_type) => self.builder = self.builder.header(CONTENT_TYPE, media_type).body(body),
            Err(_) => self.fail(Error::Validation(crate::validate::header_value("content_type"))),
        }
        self
    }

    /// The operation's security alternatives, each a list of security scheme names: the
    /// first alternative whose credentials the client has is sent; an empty alternative
    /// makes credentials optional.
    pub fn security(mut self, alternatives: &'static [&'static [&'static str]]) -> Self {
        self.security = alternatives;
        self
    }

    /// Marks a request that always carries a secret (a secret parameter or body): it is
    /// refused over plain `http://` to hosts other than loopback. A request is refused
    /// so too when a credential of its security is applied, or a secret it holds is
    /// found, marked or not.
    pub fn carries_credentials(mut self) -> Self {
        self.carries_credentials = true;
        self
    }

    /// Records a failed check of the operation's declared constraints (the first
    /// problem wins, as with every step): nothing is sent then.
    pub fn validated(mut self, check: Result<(), ValidationError>) -> Self {
        if let Err(error) = check {
            self.fail(Error::Validation(error));
        }
        self
    }

    /// The future of the call: when awaited, it sends the request and reads the response
    /// as `outcome` says for its status: the whole body (up to the client's limit),
    /// nothing, a stream, or an excerpt for an undocumented status. Nothing happens
    /// before it is awaited.
    ///
    /// # Errors
    /// What [`Request::respond`] fails with, a body that cannot be read or decoded, a
    /// documented error status ([`Error::Api`]) or an undocumented one.
    pub fn send<T: Send + 'static, E: Send + 'static>(self, outcome: fn(u16) -> Outcome<T, E>) -> Pending<'c, T, E> {
        Pending::new(self.reply(Box::new(move |status| outcome(status).plan)))
    }

    /// The future of [`Request::send`], whatever the operation's types: it is compiled
    /// once, here, not once per operation.
    fn reply(self, plan: Box<dyn FnOnce(u16) -> Plan + Send>) -> BoxFuture<'c, Result<Reply, RequestError>> {
        let exchange = self.exchange();
        Box::pin(async move {
            let exchange = exchange.await?;
            let status = exchange.status();
            let headers = exchange.response.headers().clone();
            let (value, error) = match plan(status) {
                // A 204, 205 or 304 has no content (RFC 9110), so one that a range or
                // `default` documents with content is no answer the call can give.
                Plan::Read { .. } | Plan::Stream if matches!(status, 204 | 205 | 304) => {
                    return Err(exchange.unexpected().await);
                }
                Plan::Read { finish, error } => {
                    let (body, secrets) = exchange.read_whole().await?;
                    let content_type = headers.get(CONTENT_TYPE).and_then(|media| media.to_str().ok());
                    (finished(finish, status, content_type, body, &secrets)?, error)
                }
                Plan::Ready { value, error } => (value, error),
                Plan::Stream => (erased(read_stream(exchange.response)), false),
                Plan::Unexpected => return Err(exchange.unexpected().await),
            };
            Ok(Reply { status, headers, value, error })
        })
    }

    /// The response to the request, within the call's time bound (from the first poll).
    fn exchange(self) -> BoxFuture<'c, Result<Exchange, RequestError>> {
        let bound = self.core.timeout();
        Box::pin(async move {
            let deadline = deadline_after(bound);
            let (response, secrets) = within(deadline, bound, self.respond_keeping_secrets(deadline)).await??;
            Ok(Exchange { response, secrets, deadline, bound })
        })
    }

    /// Builds the request, applies credentials, checks the transport and sends it.
    ///
    /// With a token provider for the scheme the call uses
    /// ([`ClientCore::with_token_provider`]), the provider's current token is attached;
    /// a 401 invalidates exactly that token and the request goes once more with a fresh
    /// one. A second 401 is the answer, and so is the first when the provider keeps the
    /// token (a [`TokenCache`](crate::token::TokenCache) drops one at most once per
    /// [`rejection_interval`](crate::token::RefreshPolicy::rejection_interval)).
    ///
    /// # Errors
    /// Whatever failed first: building the URL or body, missing credentials, plain
    /// http with credentials, getting a token, or the transport.
    pub async fn respond(self) -> Result<reqwest::Response, RequestError> {
        let deadline = deadline_after(self.core.timeout());
        Ok(self.respond_keeping_secrets(deadline).await?.0)
    }

    /// [`Request::respond`], and the secrets the request carried (see [`secrets_of`]).
    /// A token is waited for until `deadline`, the call's.
    async fn respond_keeping_secrets(
        self,
        deadline: tokio::time::Instant,
    ) -> Result<(reqwest::Response, Vec<String>), RequestError> {
        let core = self.core;
        let provider = self.provider().cloned();
        let (request, mut secrets) = self.build_keeping_secrets()?;
        let Some(provider) = provider else {
            return Ok((core.execute_hiding(request, &secrets, deadline).await?, secrets));
        };
        // Kept before a token is on it, for the one retry (a streamed body cannot be).
        let retry = request.try_clone();
        let token = token_until(&*provider, deadline, core.timeout()).await?;
        // The token in each form a server may echo it (see `as_sent`), as the others are.
        secrets.extend(as_sent(vec![token.secret().expose().to_owned()]));
        let response = send_with::<Infallible>(core, &token, request, Some((&secrets, deadline))).await?;
        match retry {
            Some(retry) if response.status() == reqwest::StatusCode::UNAUTHORIZED => {
                provider.invalidate_token(&token);
                let fresh = token_until(&*provider, deadline, core.timeout()).await?;
                if fresh.same_token(&token) {
                    // The provider kept the token (it rejects fresh ones too): the 401 stands.
                    return Ok((response, secrets));
                }
                drop(response);
                secrets.extend(as_sent(vec![fresh.secret().expose().to_owned()]));
                Ok((send_with::<Infallible>(core, &fresh, retry, Some((&secrets, deadline))).await?, secrets))
            }
            _ => Ok((response, secrets)),
        }
    }

    /// The token provider of the first alternative of the operation's security that the
    /// client can satisfy, if that alternative uses one.
    fn provider(&self) -> Option<&std::sync::Arc<dyn crate::token::TokenProvider>> {
        let available =
            |scheme: &str| self.core.credential(scheme).is_some() || self.core.token_provider(scheme).is_some();
        let alternative = self.security.iter().find(|a| !a.is_empty() && a.iter().all(|scheme| available(scheme)))?;
        alternative.iter().find_map(|scheme| self.core.token_provider(scheme))
    }

    #[cfg(test)]
    fn build(self) -> Result<reqwest::Request, RequestError> {
        Ok(self.build_keeping_secrets()?.0)
    }

    fn build_keeping_secrets(self) -> Result<(reqwest::Request, Vec<String>), RequestError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let url = self.core.base_url().endpoint(&self.path).map_err(|e| Error::<Infallible>::Url(e.to_string()))?;
        let mut builder = self.builder;
        if !self.cookies.is_empty() {
            builder = builder.header(COOKIE, self.cookies.join("; "));
        }
        let mut request = builder.build().map_err(Error::<Infallible>::transport)?;
        *request.url_mut() = url;
        declare_empty_body(&mut request);
        if !self.query.is_empty() {
            request.url_mut().set_query(Some(&self.query.join("&")));
        }
        let alternatives: Vec<Vec<crate::auth::Scheme<'_>>> = self
            .security
            .iter()
            .map(|schemes| schemes.iter().map(|scheme| (*scheme, credential(self.core, scheme))).collect())
            .collect();
        let alternatives: Vec<&[crate::auth::Scheme<'_>]> = alternatives.iter().map(Vec::as_slice).collect();
        let plain_pairs = request.url().query_pairs().count();
        let applied = crate::auth::applied(self.operation, &mut request, &alternatives)?;
        let mut secrets = secrets_of(&request, plain_pairs, self.cookies.len());
        secrets.extend(self.secrets);
        // What is sent counts: a credential applied, a secret collected, or a secret the
        // operation always sends (`carries_credentials`: a secret body, text included,
        // which is not collected). An operation that allows anonymous calls, called
        // without credentials, sends none of them and may go over plain http.
        if self.carries_credentials || applied || !secrets.is_empty() {
            self.core.check_transport(&request)?;
        }
        Ok((request, as_sent(secrets)))
    }
}

/// `Content-Length: 0` on a POST, PUT or PATCH without a body (or with an empty one),
/// which hyper leaves out: RFC 9110 8.6 says a user agent normally sends it, and some
/// front ends answer 411 Length Required without it.
fn declare_empty_body(request: &mut reqwest::Request) {
    let empty = request.body().is_none_or(|body| body.as_bytes().is_some_and(<[u8]>::is_empty));
    if empty && matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH) {
        request.headers_mut().insert(reqwest::header::CONTENT_LENGTH, reqwest::header::HeaderValue::from_static("0"));
    }
}

/// The provider's token, or [`TokenError::Waiting`](crate::token::TokenError::Waiting)
/// when the call's `deadline` (of its `bound`) comes first: a call waiting on a silent
/// token endpoint says so, whatever its bound and the refresh policy's deadline.
async fn token_until(
    provider: &dyn crate::token::TokenProvider,
    deadline: tokio::time::Instant,
    bound: std::time::Duration,
) -> Result<std::sync::Arc<crate::token::AccessToken>, RequestError> {
    match tokio::time::timeout_at(deadline, provider.token()).await {
        Ok(token) => Ok(token.map_err(Error::<Infallible>::from)?),
        Err(_) => Err(Error::<Infallible>::from(crate::token::TokenError::Waiting { after: bound }).into()),
    }
}

/// What a request carries that is secret: the values of its sensitive headers
/// (credentials), the token alone (after `Bearer `, `Basic `), the cookies after the first
/// `plain_cookies` and the query pairs after the first `plain_pairs` (API keys that
/// credentials added).
pub(crate) fn secrets_of(request: &reqwest::Request, plain_pairs: usize, plain_cookies: usize) -> Vec<String> {
    use base64::Engine as _;
    let mut secrets = Vec::new();
    for (name, value) in request.headers().iter().filter(|(_, value)| value.is_sensitive()) {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if let Some((scheme, token)) = text.split_once(' ') {
            // Basic: the user and password it encodes, as they were given.
            if scheme.eq_ignore_ascii_case("basic") {
                let decoded = base64::engine::general_purpose::STANDARD.decode(token).unwrap_or_default();
                let pair = String::from_utf8_lossy(&decoded).into_owned();
                secrets.extend(pair.split_once(':').map(|(_, password)| password.to_owned()));
                secrets.push(pair);
            }
            secrets.push(token.to_owned());
        }
        // Cookies: each value that credentials added alone too (not those of cookie
        // parameters, which come first and are secret only when declared so).
        let skip = if name == COOKIE { plain_cookies } else { 0 };
        let pairs = text.split("; ").skip(skip).filter_map(|pair| pair.split_once('='));
        secrets.extend(pairs.map(|(_, v)| v.to_owned()));
        secrets.push(text);
    }
    secrets.extend(request.url().query_pairs().skip(plain_pairs).map(|(_, value)| value.into_owned()));
    secrets
}

/// What a cookie value encodes: RFC 6265 `cookie-octet`s stay as they are; `%` is encoded
/// to keep it reversible.
const NOT_COOKIE_OCTET: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// Each secret as it may appear on the wire or in a server's echo of it: as it is,
/// form-encoded (query, form body), percent-encoded (path, cookie; with upper- and
/// lower-case hex digits: `scrub` also compares escapes folded, for one string that mixes
/// them), JSON-escaped (body) as serde_json and as ASCII-only encoders write it, and, for
/// secrets of 4 bytes or more, in base64 (standard and URL-safe, unpadded), whole and
/// inside a longer encoded text.
pub(crate) fn as_sent(secrets: Vec<String>) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let mut all = Vec::with_capacity(secrets.len() * 10);
    for secret in secrets {
        let encoded: [String; 3] = [
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
            encode_path_segment(&secret),
            percent_encoding::utf8_percent_encode(&secret, NOT_COOKIE_OCTET).to_string(),
        ];
        for form in encoded {
            all.push(lower_hex(&form));
            all.push(form);
        }
        if let Ok(json) = serde_json::to_string(&secret) {
            // Its quotes off (one each: a quote the secret ends with is escaped, `\"`).
            let json = json.strip_prefix('"').and_then(|json| json.strip_suffix('"')).unwrap_or(&json);
            all.push(escaped_ascii(json));
            all.push(json.to_owned());
        }
        // Not for secrets too short to be replaced anyway: their base64 would be long enough.
        if secret.len() >= 4 {
            // Unpadded: the padded form starts with it (its `=`s left are no secret).
            all.extend([STANDARD_NO_PAD, URL_SAFE_NO_PAD].map(|engine| engine.encode(&secret)));
            all.extend(base64_inside(secret.as_bytes()));
        }
        all.push(secret);
    }
    all.sort();
    all.dedup();
    all
}

/// `text` as `application/x-www-form-urlencoded` writes it (a space as `+`), as a query
/// value is written.
pub(crate) fn form_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `body` as compact JSON, except that a float holding a whole number is written as that
/// integer (`3`, not `3.0`): the same JSON number, but a server that reads the field into
/// an integer (a `type: number` enum of `[0, 1, 2]`, Go's `int`) refuses `3.0`.
fn json_bytes<T: Serialize + ?Sized>(body: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(128);
    body.serialize(&mut serde_json::Serializer::with_formatter(&mut bytes, WholeNumbers))?;
    Ok(bytes)
}

/// serde_json's compact formatter, with whole floats within ±2^53 (where every integer
/// is a float exactly) written as integers.
struct WholeNumbers;

impl serde_json::ser::Formatter for WholeNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: f64) -> std::io::Result<()> {
        match value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
            true => serde_json::ser::CompactFormatter.write_i64(writer, value as i64),
            false => serde_json::ser::CompactFormatter.write_f64(writer, value),
        }
    }

    fn write_f32<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: f32) -> std::io::Result<()> {
        match value.fract() == 0.0 && value.abs() < 16_777_216.0 {
            true => serde_json::ser::CompactFormatter.write_i64(writer, value as i64),
            false => serde_json::ser::CompactFormatter.write_f32(writer, value),
        }
    }
}

/// A JSON string's text (`json`) as encoders that keep to ASCII write it (PHP's
/// `json_encode`, by default): `/` as `\/`, every other character beyond ASCII as
/// `\u` escapes (lower-case hex, a surrogate pair beyond the first plane). A server's
/// text or HTML page may hold it outside any JSON string, where the JSON scrub, which
/// reads a string's value, does not look.
fn escaped_ascii(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// What base64 of a longer text holding `secret` shows of it wherever it starts: the
/// characters that only the secret's bytes make, for each of its three offsets from the
/// 3-byte groups base64 encodes (a server that encodes a JSON document or a
/// `user:password` pair with the secret inside), standard and URL-safe. A character that
/// also takes bits of the bytes around it is left out; so is a run shorter than 8
/// characters (a secret of some 6 bytes or fewer), which could stand for other data by
/// chance. The whole secret's own base64 is [`as_sent`]'s other form.
fn base64_inside(secret: &[u8]) -> Vec<String> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let mut forms = Vec::new();
    for offset in 0..3 {
        // `offset` bytes of other data share the secret's first group: of its four
        // characters (6 bits each), the last 2 (offset 1) or 1 (offset 2) are the
        // secret's alone. In a last group the secret does not fill, the first 1 (one
        // byte in it) or 2 (two bytes) characters are.
        let padded = [&[0u8; 2][..offset], secret].concat();
        let (first, end) = ([0, 2, 3][offset], padded.len() / 3 * 4 + padded.len() % 3);
        for engine in [STANDARD_NO_PAD, URL_SAFE_NO_PAD] {
            let encoded = engine.encode(&padded);
            if end >= first + 8 {
                forms.push(encoded[first..end].to_owned());
            }
        }
    }
    forms
}

/// Percent-encoded `text` with the hex digits of its escapes in lower case (`%2f`).
fn lower_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = 0;
    for c in text.chars() {
        if digits > 0 {
            out.push(c.to_ascii_lowercase());
            digits -= 1;
        } else {
            digits = if c == '%' { 2 } else { 0 };
            out.push(c);
        }
    }
    out
}

/// A body read whole, and the secrets the request carried.
type BodyAndSecrets = (Vec<u8>, Vec<String>);

/// A response whose body is not read yet, with what reading it needs: the call's
/// deadline and the secrets the request carried (to scrub from errors).
struct Exchange {
    response: reqwest::Response,
    secrets: Vec<String>,
    deadline: tokio::time::Instant,
    bound: std::time::Duration,
}

impl Exchange {
    fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The whole body, up to the client's limit, and the request's secrets.
    fn read_whole(self) -> BoxFuture<'static, Result<BodyAndSecrets, RequestError>> {
        Box::pin(async move {
            let body = within(self.deadline, self.bound, read_bytes::<Infallible>(self.response)).await??;
            Ok((body, self.secrets))
        })
    }

    /// The error of a status the operation does not document, its excerpt scrubbed.
    fn unexpected(self) -> BoxFuture<'static, RequestError> {
        Box::pin(async move {
            let read = crate::client::unexpected_status_hiding::<Infallible>(self.response, &self.secrets);
            match within(self.deadline, self.bound, read).await {
                Ok(error) => scrubbed(error, &self.secrets).into(),
                Err(timeout) => timeout,
            }
        })
    }
}

/// `bound` from now; a bound too large for the clock is as good as none.
pub(crate) fn deadline_after(bound: std::time::Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(bound).unwrap_or_else(|| now + std::time::Duration::from_secs(100 * 365 * 24 * 3600))
}

/// `future`'s output, or [`Error::Timeout`] (of `bound`) if `deadline` comes first.
///
/// The HTTP client's own timeout (its read timeout, say) ending `future` at `deadline` or
/// later is the call's bound too: the default client's read timeout equals the default
/// bound, both expire in the same tick of the timer, and `future`, polled first, would
/// report a silent server as a transport error rather than the call's timeout.
pub(crate) async fn within<T: MayTimeOut>(
    deadline: tokio::time::Instant,
    bound: std::time::Duration,
    future: impl std::future::Future<Output = T>,
) -> Result<T, RequestError> {
    match tokio::time::timeout_at(deadline, future).await {
        Ok(output) if !(output.timed_out() && tokio::time::Instant::now() >= deadline) => Ok(output),
        _ => Err(Error::<Infallible>::Timeout { after: bound }.into()),
    }
}

/// What [`within`] bounds: an output that may be the HTTP client's own timeout.
pub(crate) trait MayTimeOut {
    /// Whether it is a transport error that is a timeout.
    fn timed_out(&self) -> bool;
}

impl<T> MayTimeOut for Result<T, reqwest::Error> {
    fn timed_out(&self) -> bool {
        self.as_ref().is_err_and(reqwest::Error::is_timeout)
    }
}

impl<T> MayTimeOut for Result<T, RequestError> {
    fn timed_out(&self) -> bool {
        self.as_ref().is_err_and(RequestError::is_client_timeout)
    }
}

impl<T> MayTimeOut for Result<T, Error<Infallible>> {
    fn timed_out(&self) -> bool {
        self.as_ref().is_err_and(Error::is_client_timeout)
    }
}

impl MayTimeOut for Error<Infallible> {
    fn timed_out(&self) -> bool {
        self.is_client_timeout()
    }
}

/// The credential for `scheme`: the configured one, or, for a scheme with a token
/// provider, one that adds nothing (the token goes on when the request is sent).
fn credential<'a>(core: &'a ClientCore, scheme: &str) -> Option<&'a dyn Credential> {
    core.credential(scheme).or_else(|| core.token_provider(scheme).map(|_| &FROM_PROVIDER as &dyn Credential))
}

/// Stands for a credential that a token provider supplies at send time.
struct FromProvider;

impl Credential for FromProvider {
    fn apply(&self, _request: &mut reqwest::Request) {}
}

static FROM_PROVIDER: FromProvider = FromProvider;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_looked_for_in_the_forms_servers_echo() {
        assert_eq!(lower_hex("a%2Fb%C3%A9%"), "a%2fb%c3%a9%");
        let forms = as_sent(vec!["k/y+".to_owned(), "???>".to_owned(), "ab".to_owned()]);
        for form in ["k/y+", "k%2Fy%2B", "k%2fy%2b", "ay95Kw", "Pz8/Pg", "Pz8_Pg", "k\\/y+"] {
            assert!(forms.iter().any(|f| f == form), "{form} not in {forms:?}");
        }
        // JSON-escaped with a quote at its end; as ASCII-only encoders write it.
        let forms = as_sent(vec!["ab\"".to_owned(), "p\u{e4}ss/\u{1f511}".to_owned()]);
        for form in ["ab\\\"", "p\\u00e4ss\\/\\ud83d\\udd11"] {
            assert!(forms.iter().any(|f| f == form), "{form} not in {forms:?}");
        }
        let forms = as_sent(vec!["k/y+".to_owned(), "???>".to_owned(), "ab".to_owned()]);
        // Too short to be replaced, and so no base64 form (which would be long enough).
        assert!(!forms.iter().any(|f| f == "YWI=" || f == "YWI"), "{forms:?}");
    }

    #[test]
    fn a_secret_inside_a_longer_base64_text_is_hidden_at_any_offset() {
        use base64::Engine as _;
        use base64::engine::general_purpose::{STANDARD, URL_SAFE};
        let secret = "s3cr\u{e9}t-Zq9/+?x";
        let forms = as_sent(vec![secret.to_owned()]);
        for before in ["", "{", "{\""] {
            for after in ["", "}", "\"}"] {
                for engine in [STANDARD, URL_SAFE] {
                    let text = engine.encode(format!("{before}{secret}{after}"));
                    let scrubbed = crate::scrub::scrubbed_body(text.clone().into_bytes(), &forms, false);
                    let scrubbed = String::from_utf8(scrubbed).unwrap();
                    // Its 15 bytes are 20 characters; what is left of them: the one at
                    // each end that also holds bits of the bytes around it.
                    let left = scrubbed.replacen("[REDACTED]", "", 1);
                    assert!(scrubbed.contains("[REDACTED]") && text.len() - left.len() >= 18, "{text} -> {scrubbed}");
                }
            }
        }
        // Too short for 8 characters of its own at any offset; at the first only.
        assert_eq!(base64_inside(b"abcde"), Vec::<String>::new());
        assert_eq!(base64_inside(b"abcdef"), ["YWJjZGVm", "YWJjZGVm"]);
    }

    fn core() -> ClientCore {
        ClientCore::new("https://example.com/api").unwrap()
    }

    #[test]
    fn path_parameters_are_escaped_and_checked() {
        let client = core();
        let request = client.request("GET", "op").path_param("/a/", &"x y/z?".to_owned()).path("/b");
        assert_eq!(request.build().unwrap().url().as_str(), "https://example.com/api/a/x%20y%2Fz%3F/b");
        let list = client.request("GET", "op").path_param("/a/", &vec!["a b".to_owned(), "c".to_owned()]);
        assert_eq!(list.build().unwrap().url().path(), "/api/a/a%20b,c");
        for bad in ["..", ".", ""] {
            let error = core().request("GET", "op").path_param("/a/", &bad.to_owned()).build();
            assert!(matches!(error.unwrap_err().into_error(), Error::Url(_)), "{bad}");
        }
        let empty: Vec<i64> = Vec::new();
        assert!(core().request("GET", "op").path_param("/a/", &empty).build().is_err());
    }

    #[test]
    fn query_headers_and_cookies_skip_absent_values() {
        let none: Option<i64> = None;
        let tags = Some(vec!["a b".to_owned(), "c".to_owned()]);
        let request = core()
            .request("GET", "op")
            .path("/q")
            .query("n", &none)
            .query("tag", &tags)
            .query_joined("ids", &vec![1, 2], '|')
            .query_joined("in", &vec!["a,b".to_owned(), "c d".to_owned()], ',')
            .query_joined("sp", &vec!["x".to_owned(), "y".to_owned()], ' ')
            .query("empty", &Vec::<String>::new())
            .text("text/plain", "héllo".to_owned())
            .header("X-Absent", &none)
            .header("X-List", &vec![1, 2])
            .cookie("a", &"1".to_owned())
            .cookie("b", &none)
            .cookie("c", &true)
            .cookie("d", &"x; admin=1,é%".to_owned())
            .header("X-Secret", &Secret::new("s3cret"))
            .build()
            .unwrap();
        // Items encoded, their delimiter not: `a,b` stays one item.
        assert_eq!(request.url().query(), Some("tag=a+b&tag=c&ids=1|2&in=a%2Cb,c+d&sp=x%20y&empty="));
        assert_eq!(request.headers()[CONTENT_TYPE], "text/plain; charset=utf-8");
        assert_eq!(request.headers().get("x-list").unwrap(), "1,2");
        assert!(request.headers().get("x-absent").is_none());
        assert_eq!(request.headers().get(COOKIE).unwrap(), "a=1; c=true; d=x%3B%20admin=1%2C%C3%A9%25");
        assert!(request.headers().get("x-secret").unwrap().is_sensitive());
        assert!(!request.headers().get("x-list").unwrap().is_sensitive());
        for bad in ["a\r\nx-injected: 1", "a\nb", "\u{7f}"] {
            let error = core().request("GET", "op").header("X-Note", &bad.to_owned()).build().unwrap_err();
            let error = error.into_error();
            assert!(matches!(&error, Error::Validation(e) if e.path == ["X-Note"]), "{error:?}");
            assert!(!error.to_string().contains("injected"), "{error}");
        }
    }

    #[test]
    fn parameters_as_text() {
        let at = DateTime::parse_from_rfc3339("2024-05-01T12:00:00+02:00").unwrap().with_timezone(&Utc);
        assert_eq!(at.texts(), Some(vec!["2024-05-01T10:00:00Z".to_owned()]));
        assert_eq!(serde_json::json!("x").texts(), Some(vec![r#""x""#.to_owned()]));
        assert_eq!(serde_json::json!({"a": 1}).texts(), Some(vec![r#"{"a":1}"#.to_owned()]));
        assert_eq!(Secret::new("s").texts(), Some(vec!["s".to_owned()]));
        assert_eq!(Vec::<i64>::new().texts(), Some(vec![]));
    }

    #[test]
    fn a_json_body_is_sent_as_its_media_type_and_one_that_cannot_be_encoded_fails() {
        let client = core();
        let sent = client.request("POST", "op").path("/b").json("application/merge-patch+json", &[1, 2]).build();
        let sent = sent.unwrap();
        assert_eq!(sent.body().and_then(|b| b.as_bytes()), Some(&b"[1,2]"[..]));
        assert_eq!(sent.headers()[CONTENT_TYPE], "application/merge-patch+json");
        // Whole floats go as integers, the others as they are.
        let numbers = (3.0_f64, -2.0_f32, 2.5_f64, 1e300_f64, serde_json::json!({"a": 7.0}));
        let sent = client.request("POST", "op").path("/b").json("application/json", &numbers).build().unwrap();
        assert_eq!(sent.body().and_then(|b| b.as_bytes()), Some(&br#"[3,-2,2.5,1e+300,{"a":7}]"#[..]));
        // JSON keys are strings: a map keyed by lists cannot be encoded.
        let unencodable = std::collections::BTreeMap::from([(vec![1u8], 1u8)]);
        let error = client.request("POST", "op").path("/b").json("application/json", &unencodable).build();
        let error = error.unwrap_err().into_error();
        assert!(matches!(&error, Error::Transport(e) if e.is_builder()), "{error:?}");
        assert!(error.to_string().contains("key must be a string"), "{error}");
    }

    #[test]
    fn the_first_problem_wins_and_later_steps_do_nothing() {
        let invalid = || crate::validate::max_length("name", "too long", 3);
        let error = core().request("GET", "op").validated(invalid()).path_param("/a/", &"..".to_owned()).build();
        assert!(matches!(error.unwrap_err().into_error(), Error::Validation(e) if e.to_string().contains("name")));
        let error = core().request("GET", "op").path_param("/a/", &"..".to_owned()).validated(invalid()).build();
        assert!(matches!(error.unwrap_err().into_error(), Error::Url(_)));
        let client = core();
        let fine = client.request("POST", "op").validated(Ok(())).path("/b").json("application/json", &[1]);
        assert_eq!(fine.build().unwrap().body().and_then(|b| b.as_bytes()), Some(&b"[1]"[..]));
        let refused = client.request("POST", "op").validated(invalid()).json("application/json", &[1]);
        assert!(refused.builder.build().unwrap().body().is_none(), "a refused request has no body");
    }

    #[tokio::test]
    async fn the_response_observer_sees_the_url_without_its_secrets() {
        use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string("hello")).mount(&server).await;
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let key = crate::auth::ApiKey::new(crate::auth::ApiKeyLocation::Query, "api_key", "k-s3cret");
        let client = ClientCore::new(&server.uri())
            .unwrap()
            .with_credential("key", key)
            .with_body_limit(1234)
            .with_response_observer(std::sync::Arc::new(move |r| log.lock().unwrap().push(r.url().to_string())));
        let secured: &'static [&'static [&'static str]] = &[&["key"]];
        let request = client
            .request("GET", "op")
            .path_param("/users/", &Secret::new("p@th secret"))
            .path_param("/items/", &"2".to_owned())
            .query("page", &2)
            .query("token", &Secret::new("q-secret"))
            .security(secured);
        let response = request.respond().await.unwrap();
        // Sent as they are; observed (and returned) without the secrets.
        let sent = server.received_requests().await.unwrap().remove(0).url.to_string();
        assert!(sent.ends_with("/users/p%40th%20secret/items/2?page=2&token=q-secret&api_key=k-s3cret"), "{sent}");
        let hidden = "/users/%5BREDACTED%5D/items/2?page=2&token=%5BREDACTED%5D&api_key=%5BREDACTED%5D";
        assert_eq!(seen.lock().unwrap().clone(), [format!("{}{hidden}", server.uri())]);
        assert_eq!(response.url().as_str(), format!("{}{hidden}", server.uri()));
        // The response is whole: its status, body and the client's body limit.
        assert_eq!((response.status().as_u16(), crate::body::limit_of(&response)), (200, 1234));
        assert_eq!(response.text().await.unwrap(), "hello");

        // A short secret (`2`) hides the values that are it, not every `2` of the URL.
        let short = client.request("GET", "op").path("/v2").query("page", &2).query("pin", &Secret::new("2"));
        short.respond().await.unwrap();
        let last = seen.lock().unwrap().last().cloned().unwrap();
        assert_eq!(last, format!("{}/v2?page=%5BREDACTED%5D&pin=%5BREDACTED%5D", server.uri()));
        // A request without secrets is observed as it was sent.
        client.request("GET", "op").path("/v2").query("page", &2).respond().await.unwrap();
        let last = seen.lock().unwrap().last().cloned().unwrap();
        assert_eq!(last, format!("{}/v2?page=2", server.uri()));

        // A redirect to another origin is the answer: its `Location` is hidden too.
        let away = ResponseTemplate::new(302).insert_header("location", "https://elsewhere.example/x?api_key=k-s3cret");
        Mock::given(wiremock::matchers::path("/moved")).respond_with(away).with_priority(1).mount(&server).await;
        let moved = client.request("GET", "op").path("/moved").security(secured).respond().await.unwrap();
        assert_eq!(moved.status().as_u16(), 302);
        let location = moved.headers().get("location").unwrap().to_str().unwrap();
        assert_eq!(location, "https://elsewhere.example/x?api_key=%5BREDACTED%5D");

        // Without an observer, the response a call reads is the same.
        let key = crate::auth::ApiKey::new(crate::auth::ApiKeyLocation::Query, "api_key", "k-s3cret");
        let unobserved = ClientCore::new(&server.uri()).unwrap().with_credential("key", key);
        let response = unobserved.request("GET", "op").path("/v2").security(secured).respond().await.unwrap();
        assert_eq!(response.url().as_str(), format!("{}/v2?api_key=%5BREDACTED%5D", server.uri()));

        // A cookie parameter's value is no secret because a cookie API key joins it.
        let key = crate::auth::ApiKey::new(crate::auth::ApiKeyLocation::Cookie, "session", "s3ss10n-key");
        let cookied = ClientCore::new(&server.uri()).unwrap().with_credential("key", key);
        let request = cookied.request("GET", "op").path("/docs/en").query("lang", &"en".to_owned());
        let request = request.cookie("lang", &"en".to_owned()).security(secured);
        let response = request.respond().await.unwrap();
        assert_eq!(response.url().as_str(), format!("{}/docs/en?lang=en", server.uri()));
    }

    /// A connection that fails shows the URL it was for without the request's secrets:
    /// neither a secret path segment nor a query value.
    #[tokio::test]
    async fn a_failed_connection_shows_no_secret_of_the_url() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let client = ClientCore::new(&format!("http://127.0.0.1:{port}")).unwrap();
        let request = client
            .request("GET", "op")
            .path_param("/vault/", &Secret::new("p4th-s3cret"))
            .query("q", &Secret::new("qu3ry-s3cret"));
        let error = request.respond().await.unwrap_err().into_error();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("s3cret") && shown.contains("/vault/%5BREDACTED%5D"), "{shown}");
        }
    }

    #[test]
    fn security_and_transport() {
        let secured: &'static [&'static [&'static str]] = &[&["bearer"]];
        let error = core().request("GET", "op").path("/s").security(secured).build().unwrap_err();
        assert!(matches!(error.into_error(), Error::MissingCredentials(_)));
        let with = core().with_credential("bearer", crate::auth::BearerToken::new("t"));
        let request = with.request("GET", "op").path("/s").security(secured).build().unwrap();
        assert_eq!(request.headers().get("authorization").unwrap(), "Bearer t");
        let plain = ClientCore::new("http://example.com")
            .unwrap()
            .with_credential("bearer", crate::auth::BearerToken::new("t"));
        let error = plain.request("GET", "op").path("/s").security(secured).carries_credentials().build();
        assert!(matches!(error.unwrap_err().into_error(), Error::InsecureTransport { .. }));
        // Anonymous calls allowed, and none of the credentials given: nothing to protect.
        let optional: &'static [&'static [&'static str]] = &[&[], &["bearer"]];
        let anonymous = ClientCore::new("http://example.com").unwrap();
        let request = anonymous.request("GET", "op").path("/s").security(optional).build();
        assert!(request.unwrap().headers().get("authorization").is_none());
        // With the credential, a secret parameter, or a secret body it always sends (a
        // text body, whose secret is not collected), it is refused.
        let error = plain.request("GET", "op").path("/s").security(optional).build();
        assert!(matches!(error.unwrap_err().into_error(), Error::InsecureTransport { .. }));
        let secret = anonymous.request("GET", "op").path("/s").query("pin", &Secret::new("1234"));
        let error = secret.security(optional).build();
        assert!(matches!(error.unwrap_err().into_error(), Error::InsecureTransport { .. }));
        let text = anonymous.request("POST", "op").path("/s").text("text/plain", "pin 1234".to_owned());
        let error = text.security(optional).carries_credentials().build();
        assert!(matches!(error.unwrap_err().into_error(), Error::InsecureTransport { .. }));
        // A token a header cannot carry (read from a file, with its line break) is not
        // dropped silently: the call fails before anything is sent, without the value.
        let broken = core().with_credential("bearer", crate::auth::BearerToken::new("t0ken-s3cret\n"));
        let error = broken.request("GET", "op").path("/s").security(secured).build().unwrap_err().into_error();
        let shown = error.to_string();
        assert!(matches!(error, Error::Validation(_)), "{error:?}");
        assert!(shown.contains("the credential of bearer") && !shown.contains("s3cret"), "{shown}");
    }
}
