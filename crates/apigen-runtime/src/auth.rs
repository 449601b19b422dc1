//! Credentials for the OpenAPI security schemes, applied to a request per operation.
//!
//! A generated client keeps one optional credential per security scheme of its spec.
//! Each operation lists the alternatives its `security` allows; [`apply`] uses the
//! first alternative whose credentials are all configured.

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::error::MissingCredentials;
use crate::secret::Secret;

/// Something that can authenticate a request.
pub trait Credential: Send + Sync {
    /// Adds the credential to the request.
    fn apply(&self, request: &mut reqwest::Request);
}

/// HTTP Basic authentication (`type: http, scheme: basic`).
#[derive(Debug, Clone)]
pub struct HttpBasic {
    username: String,
    password: Secret,
}

impl HttpBasic {
    /// A user name and password (for OAuth clients: client id and client secret).
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        HttpBasic { username: username.into(), password: password.into() }
    }
}

impl Credential for HttpBasic {
    fn apply(&self, request: &mut reqwest::Request) {
        let raw = format!("{}:{}", self.username, self.password.expose());
        let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
        set_sensitive(request, AUTHORIZATION, &format!("Basic {encoded}"));
    }
}

/// A bearer token (`type: http, scheme: bearer`, or OAuth 2 / OpenID Connect).
#[derive(Debug, Clone)]
pub struct BearerToken {
    token: Secret,
}

impl BearerToken {
    /// The token, without the `Bearer ` prefix.
    pub fn new(token: impl Into<Secret>) -> Self {
        BearerToken { token: token.into() }
    }
}

impl Credential for BearerToken {
    fn apply(&self, request: &mut reqwest::Request) {
        set_sensitive(request, AUTHORIZATION, &format!("Bearer {}", self.token.expose()));
    }
}

/// Where an API key goes (`in` of an `apiKey` security scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// An API key (`type: apiKey`).
#[derive(Debug, Clone)]
pub struct ApiKey {
    location: ApiKeyLocation,
    name: &'static str,
    value: Secret,
}

impl ApiKey {
    /// A key sent as `name` in `location`, as the security scheme declares.
    pub fn new(location: ApiKeyLocation, name: &'static str, value: impl Into<Secret>) -> Self {
        ApiKey { location, name, value: value.into() }
    }
}

impl Credential for ApiKey {
    fn apply(&self, request: &mut reqwest::Request) {
        match self.location {
            ApiKeyLocation::Header => match HeaderName::from_bytes(self.name.as_bytes()) {
                Ok(name) => set_sensitive(request, name, self.value.expose()),
                Err(_) => note_unsendable(),
            },
            ApiKeyLocation::Query => {
                request.url_mut().query_pairs_mut().append_pair(self.name, self.value.expose());
            }
            ApiKeyLocation::Cookie => {
                // Added to the cookies already there (cookie parameters, other keys).
                let mut cookie = format!("{}={}", self.name, self.value.expose());
                if let Some(existing) = request.headers().get(reqwest::header::COOKIE).and_then(|v| v.to_str().ok()) {
                    cookie = format!("{existing}; {cookie}");
                }
                set_sensitive(request, reqwest::header::COOKIE, &cookie);
            }
        }
    }
}

std::thread_local! {
    /// Set when a credential being applied on this thread holds what a header cannot
    /// carry (a line break, say, as a token read from a file ends with). `apply` is
    /// synchronous and the trait's signature returns nothing, so the flag is how
    /// [`applied`] learns it; reqwest keeps a request's extensions to itself.
    static UNSENDABLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets the header `name` to `value`, marked sensitive (never shown by `Debug`). A value
/// with bytes a header cannot carry is neither sent mangled nor dropped silently: it is
/// left out and noted (see [`sendable`]), and the request fails before it is sent.
pub(crate) fn set_sensitive(request: &mut reqwest::Request, name: HeaderName, value: &str) {
    match HeaderValue::from_str(value) {
        Ok(mut value) => {
            value.set_sensitive(true);
            request.headers_mut().insert(name, value);
        }
        Err(_) => note_unsendable(),
    }
}

/// Notes that the credential being applied holds what a header cannot carry.
fn note_unsendable() {
    UNSENDABLE.with(|flag| flag.set(true));
}

/// Applies `credential` to `request`; `false` when it holds what a header cannot carry.
pub(crate) fn sendable(credential: &dyn Credential, request: &mut reqwest::Request) -> bool {
    UNSENDABLE.with(|flag| flag.set(false));
    credential.apply(request);
    !UNSENDABLE.with(|flag| flag.replace(false))
}

/// One scheme of a security requirement: its name and the configured credential, if any.
pub type Scheme<'a> = (&'static str, Option<&'a dyn Credential>);

/// Applies the first security alternative whose credentials are all configured.
///
/// `alternatives` is the operation's effective `security`: empty means no security;
/// an empty alternative (`{}` in the spec) means anonymous access is allowed.
pub fn apply(
    operation: &'static str,
    request: &mut reqwest::Request,
    alternatives: &[&[Scheme<'_>]],
) -> Result<(), MissingCredentials> {
    match applied(operation, request, alternatives) {
        Err(Refused::Missing(missing)) => Err(missing),
        // Applied as far as it goes (the value a header cannot carry is left out).
        Ok(_) | Err(Refused::Unsendable(_)) => Ok(()),
    }
}

/// Why [`applied`] applied no credentials.
pub(crate) enum Refused {
    /// The client has the credentials of no alternative.
    Missing(MissingCredentials),
    /// The credential of this scheme holds what a header cannot carry.
    Unsendable(&'static str),
}

impl From<Refused> for crate::RequestError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Missing(missing) => crate::Error::<std::convert::Infallible>::MissingCredentials(missing).into(),
            Refused::Unsendable(scheme) => {
                let error = crate::validate::header_value(&format!("the credential of {scheme}"));
                crate::Error::<std::convert::Infallible>::Validation(error).into()
            }
        }
    }
}

/// [`apply`], saying whether credentials were applied (`false`: the operation needs
/// none, or the anonymous alternative was taken), and refusing a credential a header
/// cannot carry.
pub(crate) fn applied(
    operation: &'static str,
    request: &mut reqwest::Request,
    alternatives: &[&[Scheme<'_>]],
) -> Result<bool, Refused> {
    if alternatives.is_empty() {
        return Ok(false);
    }
    // Credentials the client has are sent even where anonymous access is allowed
    // (`security: [{}, {bearer: []}]`): the empty alternative is the fallback.
    let complete = |alternative: &&&[Scheme<'_>]| alternative.iter().all(|(_, credential)| credential.is_some());
    if let Some(alternative) = alternatives.iter().filter(|a| !a.is_empty()).find(complete) {
        // Every credential of the alternative is applied; the first a header cannot carry
        // is named.
        let mut unsendable = None;
        for (scheme, credential) in alternative.iter() {
            if let Some(credential) = credential
                && !sendable(*credential, request)
            {
                unsendable = unsendable.or(Some(*scheme));
            }
        }
        return unsendable.map_or(Ok(true), |scheme| Err(Refused::Unsendable(scheme)));
    }
    if alternatives.iter().any(|a| a.is_empty()) {
        return Ok(false);
    }
    Err(Refused::Missing(MissingCredentials {
        operation,
        alternatives: alternatives
            .iter()
            .map(|alternative| alternative.iter().map(|(name, _)| *name).collect())
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::POST, "http://127.0.0.1/x".parse().unwrap())
    }

    #[test]
    fn basic_is_base64_of_user_colon_password_and_sensitive() {
        let mut req = request();
        let basic = HttpBasic::new("id", "secret");
        apply("op", &mut req, &[&[("BasicAuth", Some(&basic))]]).unwrap();
        let header = req.headers().get(AUTHORIZATION).unwrap();
        assert_eq!(header.to_str().unwrap(), "Basic aWQ6c2VjcmV0");
        assert!(header.is_sensitive());
        assert!(!format!("{basic:?}").contains("secret\""));
    }

    #[test]
    fn bearer_and_api_keys_go_where_declared() {
        let mut req = request();
        let bearer = BearerToken::new("b34r3r");
        apply("op", &mut req, &[&[("Bearer", Some(&bearer))]]).unwrap();
        assert_eq!(req.headers().get(AUTHORIZATION).unwrap().to_str().unwrap(), "Bearer b34r3r");
        let mut req = request();
        let header = ApiKey::new(ApiKeyLocation::Header, "X-Api-Key", "k1");
        let cookie = ApiKey::new(ApiKeyLocation::Cookie, "session", "k2");
        apply("op", &mut req, &[&[("H", Some(&header)), ("C", Some(&cookie))]]).unwrap();
        assert_eq!(req.headers().get("x-api-key").unwrap().to_str().unwrap(), "k1");
        assert_eq!(req.headers().get("cookie").unwrap().to_str().unwrap(), "session=k2");
        // Cookie keys add to the cookies a request already has.
        let mut req = request();
        req.headers_mut().insert(reqwest::header::COOKIE, "lang=en".parse().unwrap());
        apply("op", &mut req, &[&[("C", Some(&cookie))]]).unwrap();
        assert_eq!(req.headers().get("cookie").unwrap().to_str().unwrap(), "lang=en; session=k2");
        let shown = format!("{bearer:?} {header:?}");
        assert!(!shown.contains("b34r3r") && !shown.contains("k1"), "{shown}");
    }

    #[test]
    fn first_complete_alternative_wins_and_missing_is_an_error() {
        let bearer = BearerToken::new("tok");
        let key = ApiKey::new(ApiKeyLocation::Query, "api_key", "k");
        let mut req = request();
        apply("op", &mut req, &[&[("A", None), ("B", Some(&bearer))], &[("Key", Some(&key))]]).unwrap();
        assert_eq!(req.url().query(), Some("api_key=k"));
        assert!(req.headers().get(AUTHORIZATION).is_none());

        let mut req = request();
        let err = apply("op", &mut req, &[&[("A", None)]]).unwrap_err();
        assert_eq!(err.alternatives, vec![vec!["A"]]);

        let mut req = request();
        apply("op", &mut req, &[&[("A", None)], &[]]).unwrap();
        assert!(req.headers().is_empty());

        // Optional security: a configured credential is still sent.
        let mut req = request();
        apply("op", &mut req, &[&[], &[("B", Some(&bearer))]]).unwrap();
        assert_eq!(req.headers().get(AUTHORIZATION).unwrap().to_str().unwrap(), "Bearer tok");
    }
}
