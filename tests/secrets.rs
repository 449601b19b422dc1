//! No secret in `Debug`, error messages or logs: every public type of the runtime
//! and of the generated clients that can hold a secret is built with known secret
//! values and formatted; a full token flow per provider runs with a logger that
//! records everything at trace level.

use std::sync::{Arc, Mutex};

use apigen_runtime::auth::{ApiKey, ApiKeyLocation, BearerToken, HttpBasic};
use apigen_runtime::token::{
    AccessToken, ClientCredentials, ExpirySource, ManualClock, RefreshPolicy, TokenCache, TokenError, TokenMapping,
};
use apigen_runtime::{Error, Secret, Validate};
use chrono::{TimeZone, Utc};
use serde_json::json;
use vendor_apis::{alternative_payments, core_banking, forte, frontstream, opencrvs};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every secret value used below contains this marker.
const MARK: &str = "SECRETMARK";

fn secret(name: &str) -> Secret {
    Secret::new(format!("{MARK}-{name}"))
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(MARK), "{what} shows a secret: {text}");
}

fn token_at(minutes: i64) -> AccessToken {
    AccessToken::new(secret("token"), "Bearer", Some(Utc.with_ymd_and_hms(2030, 1, 1, 12, minutes as u32, 0).unwrap()))
}

#[test]
fn runtime_types_redact() {
    let shown = [
        format!("{:?}", secret("plain")),
        format!("{:?}", token_at(5)),
        format!("{:?}", HttpBasic::new("user", secret("password"))),
        format!("{:?}", BearerToken::new(secret("bearer"))),
        format!("{:?}", ApiKey::new(ApiKeyLocation::Header, "X-Key", secret("key"))),
        format!("{:?}", RefreshPolicy::default()),
        format!(
            "{:?}",
            TokenMapping {
                token: "/t",
                token_type: None,
                default_token_type: "Bearer",
                expiry: &[ExpirySource::JwtExp],
                default_lifetime: None,
                max_lifetime: None,
            }
        ),
        format!("{:?}", ManualClock::new(Utc::now())),
    ];
    for text in &shown {
        assert_clean("runtime Debug", text);
    }
    assert!(shown[0].contains("REDACTED"));
}

/// The other public types of the runtime and of a generated client, formatted with
/// secrets configured on the client: none of them shows one.
#[tokio::test]
async fn every_other_public_type_formats_clean() {
    use apigen_runtime::{BaseUrl, ClientCore, DecodeError, MissingCredentials};
    let core = ClientCore::new("https://example.com/api").unwrap();
    let client = forte::Client::new("http://127.0.0.1:1").unwrap().with_bearer_auth(secret("bearer"));
    let ap_client = alternative_payments::Client::new("http://127.0.0.1:1").unwrap().with_basic_auth("u", secret("p"));
    // A transport error for a request that carried an API key in its query.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/x?key={MARK}").parse().unwrap();
    let request = apigen_runtime::reqwest::Request::new(apigen_runtime::reqwest::Method::GET, url);
    let transport = core.execute(request).await.unwrap_err();
    // A body that does not match, the secret where a number belongs: the error names where.
    let body = format!(r#"{{"token": "{MARK}"}}"#);
    let error = serde_json::from_str::<std::collections::BTreeMap<String, u8>>(&body).unwrap_err();
    let decode = DecodeError::of::<std::collections::BTreeMap<String, u8>>(body.as_bytes(), &error);
    assert_eq!(decode.path, "token");
    let errors: Vec<Error<forte::AuthorizeExternalServiceError>> = vec![
        Error::MissingCredentials(MissingCredentials { operation: "op", alternatives: vec![vec!["bearerAuth"]] }),
        Error::InsecureTransport { host: "example.com".into() },
        Error::Decode { status: 200, source: decode },
        Error::UnexpectedStatus { status: 500, excerpt: "oops".into(), retry_after: None },
    ];
    let mut shown = vec![
        format!("{core:?} {:?}", BaseUrl::parse("https://example.com/api").unwrap()),
        format!("{client:?} {ap_client:?}"),
        format!("{transport} {transport:?}"),
        format!("{:?} {:?}", opencrvs::ServerVariables::default(), core_banking::ServerVariables::default()),
        format!("{:?}", forte::types::AuthorizeExternalServiceResponseDataTokenType::Bearer),
        format!("{:?}", forte::types::AuthorizeExternalServiceResponseDataTokenType::Unrecognized("DPoP".into())),
    ];
    for error in &errors {
        shown.push(format!("{error} {error:?}"));
    }
    for text in &shown {
        assert_clean("public type", text);
    }
}

#[test]
fn generated_types_redact() {
    let fs_request = frontstream::types::ClientSessionRequest::new("id", secret("fs"));
    let fs_response =
        frontstream::types::AuthenticationClientSessionResponse::builder().token(Some(secret("fs-token"))).build();
    let forte_request = forte::types::AuthorizeExternalServiceRequest::new("id", secret("forte"));
    let forte_data = forte::types::AuthorizeExternalServiceResponseData::builder()
        .access_token(secret("forte-token"))
        .expires_in(3600)
        .token_type(forte::types::AuthorizeExternalServiceResponseDataTokenType::Bearer)
        .build()
        .unwrap();
    let forte_response = forte::types::AuthorizeExternalServiceResponse::builder().data(forte_data).build();
    let ap_response = alternative_payments::types::TokenResponse::builder().access_token(secret("ap-token")).build();
    let cb_request = core_banking::types::GetAccessTokenRequest::new("id", secret("cb"));
    let cb_response = core_banking::types::GetAccessTokenResponse::builder()
        .access_token(secret("cb-token"))
        .token_type("Bearer")
        .expiration_time(1)
        .token_validity_sec(1)
        .build();
    let crvs_request = opencrvs::types::AuthenticateClientRequest::new(
        "id",
        secret("crvs"),
        opencrvs::types::AuthenticateClientRequestGrantType::ClientCredentials,
    );
    let crvs_response =
        opencrvs::types::AuthenticateClientResponse::builder().access_token(secret("crvs-token")).build();
    // A builder still holding a secret, and its error.
    let half_built = forte::types::AuthorizeExternalServiceResponseData::builder().access_token(secret("half"));
    let uri = "http://127.0.0.1:1";
    let ap_client = alternative_payments::Client::new(uri).unwrap().with_basic_auth("id", secret("ap"));
    let forte_client = forte::Client::new(uri).unwrap().with_bearer_auth(secret("forte-bearer"));
    let sources = [
        format!("{:?}", frontstream::TokenSource::new(frontstream::Client::new(uri).unwrap(), fs_request.clone())),
        format!("{:?}", forte::TokenSource::new(forte_client.clone(), forte_request.clone())),
        format!(
            "{:?}",
            alternative_payments::TokenSource::new(
                ap_client.clone(),
                alternative_payments::types::CreateOAuthTokenRequest::new(
                    alternative_payments::types::CreateOAuthTokenRequestGrantType::ClientCredentials
                )
            )
        ),
        format!("{:?}", core_banking::TokenSource::new(core_banking::Client::new(uri).unwrap(), cb_request.clone())),
        format!("{:?}", opencrvs::TokenSource::new(opencrvs::Client::new(uri).unwrap(), crvs_request.clone())),
    ];
    let values = [
        format!("{fs_request:?} {fs_response:?}"),
        format!("{forte_request:?} {forte_response:?} {forte_client:?}"),
        format!("{ap_response:?} {ap_client:?}"),
        format!("{cb_request:?} {cb_response:?}"),
        format!("{crvs_request:?} {crvs_response:?}"),
        format!("{half_built:?} {:?}", half_built.clone().build()),
        format!("{:?}", forte_client.authorize_external_service(forte_request.clone())),
    ];
    for text in sources.iter().chain(&values) {
        assert_clean("generated Debug", text);
    }
}

#[test]
fn error_messages_carry_no_secret() {
    // A too-long secret: the message names the field, never the value.
    let mut request = frontstream::types::ClientSessionRequest::new("id", secret("x"));
    request.client_secret = Secret::new(format!("{MARK}{}", "x".repeat(600)));
    let validation = request.validate().unwrap_err();
    let errors: Vec<String> = vec![
        validation.to_string(),
        format!("{validation:?}"),
        Error::<()>::InsecureTransport { host: "example.com".into() }.to_string(),
    ];
    // A documented error body that quotes a secret stays typed, and is not shown.
    let documented = TokenError::from(Error::Api {
        status: 401,
        error: forte::AuthorizeExternalServiceError::Unauthorized(
            forte::types::Unauthorized::builder()
                .error(
                    forte::types::UnauthorizedError::builder()
                        .message(format!("client secret {MARK} is wrong"))
                        .reason("Unauthorized")
                        .status(401)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        ),
    });
    let deadline =
        TokenError::Deadline { after: std::time::Duration::from_secs(30), last: Some(Box::new(documented.clone())) };
    let errors: Vec<String> = errors
        .into_iter()
        .chain([documented, deadline].iter().map(|e| format!("{e} {e:?}")))
        .chain([format!("{:?}", ClientCredentials::new("https://id.example/token", "id", secret("client")).unwrap())])
        .collect();
    for text in &errors {
        assert_clean("error message", text);
    }
}

/// A documented error whose body echoes the request's secret: the error's message and
/// `Debug` show the body the server sent, with the secret `[REDACTED]`.
#[tokio::test]
async fn a_documented_error_that_echoes_the_request_shows_its_body_and_no_secret() {
    let server = MockServer::start().await;
    let echo = format!(
        r#"{{"error": {{"message": "client secret {MARK}-forte is wrong", "reason": "Unauthorized", "status": 401}}}}"#
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(echo, "application/json"))
        .mount(&server)
        .await;
    let client = forte::Client::new(&server.uri()).unwrap();
    let request = forte::types::AuthorizeExternalServiceRequest::new("id", secret("forte"));
    let error = client.authorize_external_service(request).await.unwrap_err();
    let Error::Api { status: 401, error: forte::AuthorizeExternalServiceError::Unauthorized(body) } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(body.error.message.as_deref(), Some("client secret [REDACTED] is wrong"));
    assert_clean("documented error", &format!("{error} {error:?}"));
    let shown = error.to_string();
    assert!(shown.starts_with("the server answered with documented error status 401: Unauthorized("), "{shown}");
    assert!(shown.contains("client secret [REDACTED] is wrong"), "{shown}");
}

/// Records every `log` record.
struct Recorder(Mutex<Vec<String>>);

impl log::Log for Recorder {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        self.0.lock().unwrap().push(format!("{} {}: {}", record.level(), record.target(), record.args()));
    }
    fn flush(&self) {}
}

#[tokio::test]
async fn logs_and_cache_state_carry_no_secret() {
    let recorder: &'static Recorder = Box::leak(Box::new(Recorder(Mutex::new(Vec::new()))));
    log::set_logger(recorder).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let server = MockServer::start().await;
    let body = json!({"data": {"access_token": format!("{MARK}-issued"), "expires_in": 3600, "token_type": "Bearer"}});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(body)).mount(&server).await;
    let source = forte::TokenSource::new(
        forte::Client::new(&server.uri()).unwrap(),
        forte::types::AuthorizeExternalServiceRequest::new("id", secret("forte")),
    );
    let cache = TokenCache::new(source).with_clock(Arc::new(ManualClock::new(Utc::now())));
    let token = cache.token().await.unwrap();
    assert!(token.secret().expose().contains(MARK), "the token itself is there, for the wire");
    assert_clean("cache Debug", &format!("{cache:?} {token:?}"));

    // A failing refresh, logged too.
    cache.invalidate();
    server.reset().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let cache = cache.with_policy(RefreshPolicy { retries: 0, ..RefreshPolicy::default() });
    let error = cache.token().await.unwrap_err();
    assert_clean("refresh error", &error.to_string());

    let records = recorder.0.lock().unwrap();
    assert!(records.iter().any(|r| r.contains("reqwest")), "the HTTP stack's records were captured: {records:?}");
    for record in records.iter() {
        assert_clean("log record", record);
    }
}
