//! Conformance against Prism, a mock server that validates every request against the
//! effective document (`generated/openapi/<api>.yaml`). `cargo xtask conformance`
//! starts one Prism per API on 127.0.0.1 (in `--errors` mode: invalid requests get a
//! 422) and runs the ignored tests here with `APIGEN_PRISM_<API>` set to its URL.
//!
//! For every operation of every generated client:
//! - a valid call succeeds and the response has no `sl-violations` header;
//! - each documented error status, forced with `Prefer: code=NNN`, decodes into its
//!   typed error variant;
//! - a request that breaks the spec, sent around the client's own checks, is rejected,
//!   which shows the validation is live.
//!
//! `every_operation_is_covered` (not ignored) fails when a spec gains an operation
//! that this file does not drive.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use apigen_runtime::Error;
use apigen_runtime::reqwest::{self, header::HeaderMap};
use serde_json::{Value, json};
use vendor_apis::{alternative_payments, core_banking, forte, frontstream, opencrvs};

/// The operations driven below: (API, method, path).
const COVERED: &[(&str, &str, &str)] = &[
    ("alternative_payments", "post", "/oauth/token"),
    ("core_banking", "post", "/api/auth/v1/authenticate"),
    ("forte", "post", "/auth/v1/oauth2/token"),
    ("frontstream", "post", "/api/ClientSession"),
    ("opencrvs", "post", "/auth/token"),
];

#[test]
fn every_operation_is_covered() {
    let dir = apigen_tests::root().join("generated/openapi");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        let api = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let doc: Value = yaml_serde::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (route, item) in doc["paths"].as_object().unwrap() {
            for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                if item.get(method).is_some() {
                    found.insert((api.clone(), method.to_owned(), route.clone()));
                }
            }
        }
    }
    let covered: BTreeSet<_> = COVERED.iter().map(|(a, m, p)| (a.to_string(), m.to_string(), p.to_string())).collect();
    assert_eq!(found, covered, "the conformance run must drive exactly the operations of the specs");
}

/// Prism's URL for an API, or `None` outside `cargo xtask conformance`.
fn prism(api: &str) -> String {
    let var = format!("APIGEN_PRISM_{}", api.to_uppercase());
    std::env::var(&var).unwrap_or_else(|_| panic!("{var} is not set: run `cargo xtask conformance`"))
}

/// An HTTP client that asks Prism for a given status.
fn prefer(code: u16) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("prefer", format!("code={code}").parse().unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

/// Records the `sl-violations` headers Prism sends.
#[derive(Clone, Default)]
struct Violations(Arc<Mutex<Vec<String>>>);

impl Violations {
    fn observer(&self) -> impl Fn(&reqwest::Response) + Send + Sync + 'static {
        let seen = self.0.clone();
        move |response: &reqwest::Response| {
            if let Some(value) = response.headers().get("sl-violations") {
                seen.lock().unwrap().push(value.to_str().unwrap_or("?").to_owned());
            }
        }
    }

    fn assert_none(&self, what: &str) {
        let seen = self.0.lock().unwrap();
        assert!(seen.is_empty(), "{what}: Prism reported violations: {seen:?}");
    }
}

/// Sends a raw request around the client's checks and expects Prism to reject it.
async fn assert_rejected(base: &str, path: &str, content_type: &str, body: &str, auth: Option<(&str, &str)>) {
    let mut request =
        reqwest::Client::new().post(format!("{base}{path}")).header("content-type", content_type).body(body.to_owned());
    if let Some((user, password)) = auth {
        request = request.basic_auth(user, Some(password));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let detail = response.text().await.unwrap_or_default();
    // Prism answers an invalid request with the operation's documented 400 or 422, if
    // it has one, and with its own 422 otherwise.
    assert!(matches!(status, 400 | 422), "{path}: an invalid request must be rejected, got {status}: {detail}");
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn frontstream() {
    let base = prism("frontstream");
    let violations = Violations::default();
    let body = frontstream::types::ClientSessionRequest::new("partner", "s");
    let client = frontstream::Client::new(&base).unwrap().with_response_observer(violations.observer());
    let session = client.post_api_client_session(body.clone()).await.unwrap();
    assert!(session.expiration_date.is_some());
    violations.assert_none("post_api_client_session");

    let client = frontstream::Client::new(&base).unwrap().with_http_client(prefer(400));
    match client.post_api_client_session(body).await.unwrap_err() {
        Error::Api { status: 400, error: frontstream::PostApiClientSessionError::BadRequest(rules) } => {
            assert!(!rules.is_empty());
        }
        other => panic!("expected the documented 400, got {other:?}"),
    }
    // `additionalProperties: false` and a required secret: both broken.
    assert_rejected(&base, "/api/ClientSession", "application/json", r#"{"ClientId":"p","Extra":1}"#, None).await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn forte() {
    let base = prism("forte");
    let violations = Violations::default();
    let body = forte::types::AuthorizeExternalServiceRequest::new("cid", "s");
    let client = forte::Client::new(&base).unwrap().with_response_observer(violations.observer());
    let token = client.authorize_external_service(body.clone()).await.unwrap();
    assert_eq!(token.data.token_type, forte::types::AuthorizeExternalServiceResponseDataTokenType::Bearer);
    violations.assert_none("authorize_external_service");

    let client = forte::Client::new(&base).unwrap().with_http_client(prefer(401));
    match client.authorize_external_service(body).await.unwrap_err() {
        Error::Api { status: 401, error: forte::AuthorizeExternalServiceError::Unauthorized(_) } => {}
        other => panic!("expected the documented 401, got {other:?}"),
    }
    // minLength 1 (from the overlay's correction of `minimum`).
    let empty = json!({"client_id": "", "client_secret": "s"}).to_string();
    assert_rejected(&base, "/auth/v1/oauth2/token", "application/json", &empty, None).await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn alternative_payments() {
    let base = prism("alternative_payments");
    let violations = Violations::default();
    let body = alternative_payments::types::CreateOAuthTokenRequest::new(
        alternative_payments::types::CreateOAuthTokenRequestGrantType::ClientCredentials,
    );
    let client = alternative_payments::Client::new(&base)
        .unwrap()
        .with_basic_auth("id", "secret")
        .with_response_observer(violations.observer());
    client.create_o_auth_token(body.clone()).await.unwrap();
    violations.assert_none("create_o_auth_token");

    let client =
        alternative_payments::Client::new(&base).unwrap().with_basic_auth("id", "secret").with_http_client(prefer(403));
    match client.create_o_auth_token(body).await.unwrap_err() {
        Error::Api { status: 403, error: alternative_payments::CreateOAuthTokenError::Forbidden(_) } => {}
        other => panic!("expected the documented 403, got {other:?}"),
    }
    // The grant type is fixed by the overlay's enum.
    let form = "grant_type=password";
    assert_rejected(&base, "/oauth/token", "application/x-www-form-urlencoded", form, Some(("id", "secret"))).await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn core_banking() {
    let base = prism("core_banking");
    let violations = Violations::default();
    let body = core_banking::types::GetAccessTokenRequest::new("cb", "s");
    let client = core_banking::Client::new(&base).unwrap().with_response_observer(violations.observer());
    client.get_access_token(body).await.unwrap();
    violations.assert_none("get_access_token");
    // No error responses are documented. maxLength 100:
    let long = json!({"clientId": "x".repeat(101), "clientSecret": "s"}).to_string();
    assert_rejected(&base, "/api/auth/v1/authenticate", "application/json", &long, None).await;
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask conformance`"]
async fn opencrvs() {
    let base = prism("opencrvs");
    let violations = Violations::default();
    let body = opencrvs::types::AuthenticateClientRequest::new(
        "2fd153ab-86c8-45fb-990d-721140e46061",
        "s",
        opencrvs::types::AuthenticateClientRequestGrantType::ClientCredentials,
    );
    let client = opencrvs::Client::new(&base).unwrap().with_response_observer(violations.observer());
    let token = client.authenticate_client(body).await.unwrap();
    assert!(token.access_token.expose().starts_with("eyJ"), "the documented example comes back");
    violations.assert_none("authenticate_client");
    // No error responses are documented. grant_type must be client_credentials:
    let wrong = json!({"client_id": "c", "client_secret": "s", "grant_type": "password"}).to_string();
    assert_rejected(&base, "/auth/token", "application/json", &wrong, None).await;
}
