//! The token layer per provider, against real HTTP servers on 127.0.0.1: the
//! generated `TokenSource` of each API (driven by its overlay's `x-apigen-token`)
//! under a `TokenCache` with a manual clock, so nothing here sleeps for time to pass.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_runtime::token::{Clock, ManualClock, RefreshPolicy, TokenCache, TokenError, TokenSource};
use base64::Engine as _;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 12, 0, 0).unwrap()
}

/// What the fake token endpoint does next.
#[derive(Clone, Debug)]
enum Mode {
    /// Issues `t1`, `t2`, … (after `delay`).
    Issue { delay: Duration },
    /// Answers with this status (and `Retry-After`, if given).
    Status(u16, Option<u64>),
    /// Answers 2xx with a body that is not JSON.
    Garbage,
    /// Answers after 5 s (longer than the client's timeout).
    Slow,
}

struct Endpoint {
    calls: AtomicUsize,
    mode: Mutex<Mode>,
    clock: Arc<ManualClock>,
    provider: &'static Provider,
}

#[derive(Clone)]
struct Responder(Arc<Endpoint>);

impl Respond for Responder {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let endpoint = &self.0;
        let n = endpoint.calls.fetch_add(1, Ordering::SeqCst) + 1;
        match endpoint.mode.lock().unwrap().clone() {
            Mode::Issue { delay } => {
                let body = (endpoint.provider.body)(&format!("t{n}"), endpoint.clock.now());
                ResponseTemplate::new(endpoint.provider.status).set_body_json(body).set_delay(delay)
            }
            Mode::Status(status, retry_after) => {
                let response = ResponseTemplate::new(status).set_body_string("try later");
                match retry_after {
                    Some(seconds) => response.insert_header("retry-after", seconds.to_string().as_str()),
                    None => response,
                }
            }
            Mode::Garbage => ResponseTemplate::new(endpoint.provider.status)
                .set_body_raw("<html>t-secret-in-garbage</html>", "application/json"),
            Mode::Slow => ResponseTemplate::new(endpoint.provider.status).set_delay(Duration::from_secs(5)),
        }
    }
}

/// One provider: its token route, a success body, and its generated token source.
struct Provider {
    route: &'static str,
    status: u16,
    /// A success body issuing `token`, as the server would send it at `now`.
    body: fn(token: &str, now: DateTime<Utc>) -> Value,
    /// The lifetime that body gives.
    lifetime: chrono::Duration,
    /// The token type the cache should report.
    token_type: &'static str,
    /// The generated token source for a server at `uri`.
    source: fn(uri: &str, http: apigen_runtime::reqwest::Client) -> Box<dyn TokenSource>,
}

fn jwt(exp: DateTime<Utc>) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = json!({"sub": "client", "exp": exp.timestamp()}).to_string();
    format!("{}.{}.c2ln", engine.encode(br#"{"alg":"RS256","typ":"JWT"}"#), engine.encode(payload))
}

static FRONTSTREAM: Provider = Provider {
    route: "/api/ClientSession",
    status: 200,
    body: |token, now| {
        // .NET style: no offset, read as UTC.
        let expires = (now + chrono::Duration::hours(5)).format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
        json!({"Token": token, "ClientId": "6f1c0a52-1c7e-4c59-9b8e-2f1d2a0c9e11", "ExpirationDate": expires})
    },
    lifetime: chrono::Duration::hours(5),
    token_type: "Bearer",
    source: |uri, http| {
        use vendor_apis::frontstream::{Client, TokenSource, types};
        let client = Client::new(uri).unwrap().with_http_client(http);
        let body = types::ClientSessionRequest::new("partner", "fs-secret");
        Box::new(TokenSource::new(client, body))
    },
};

static FORTE: Provider = Provider {
    route: "/auth/v1/oauth2/token",
    status: 201,
    body: |token, _| json!({"data": {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}}),
    lifetime: chrono::Duration::hours(1),
    token_type: "Bearer",
    source: |uri, http| {
        use vendor_apis::forte::{Client, TokenSource, types};
        let client = Client::new(uri).unwrap().with_http_client(http);
        let body = types::AuthorizeExternalServiceRequest::new("cid", "forte-secret");
        Box::new(TokenSource::new(client, body))
    },
};

static ALTERNATIVE_PAYMENTS: Provider = Provider {
    route: "/oauth/token",
    status: 200,
    body: |token, _| json!({"access_token": token, "expires_in": 3600, "token_type": "bearer"}),
    lifetime: chrono::Duration::hours(1),
    token_type: "bearer",
    source: |uri, http| {
        use vendor_apis::alternative_payments::{Client, TokenSource, types};
        let client = Client::new(uri).unwrap().with_http_client(http).with_basic_auth("ap-id", "ap-secret");
        let body = types::CreateOAuthTokenRequest::new(types::CreateOAuthTokenRequestGrantType::ClientCredentials);
        Box::new(TokenSource::new(client, body))
    },
};

static CORE_BANKING: Provider = Provider {
    route: "/api/auth/v1/authenticate",
    status: 200,
    // Milliseconds since the epoch: detected by magnitude.
    body: |token, now| {
        let expires = now + chrono::Duration::minutes(30);
        json!({"accessToken": token, "tokenType": "Bearer", "expirationTime": expires.timestamp_millis(), "tokenValiditySec": 1800})
    },
    lifetime: chrono::Duration::minutes(30),
    token_type: "Bearer",
    source: |uri, http| {
        use vendor_apis::core_banking::{Client, TokenSource, types};
        let client = Client::new(uri).unwrap().with_http_client(http);
        let body = types::GetAccessTokenRequest::new("cb", "cb-secret");
        Box::new(TokenSource::new(client, body))
    },
};

static OPENCRVS: Provider = Provider {
    route: "/auth/token",
    status: 200,
    body: |token, now| json!({"access_token": format!("{}.{token}", jwt(now + chrono::Duration::minutes(5)))}),
    lifetime: chrono::Duration::minutes(5),
    token_type: "Bearer",
    source: |uri, http| {
        use vendor_apis::opencrvs::{Client, TokenSource, types};
        let client = Client::new(uri).unwrap().with_http_client(http);
        let body = types::AuthenticateClientRequest::new(
            "2fd153ab-86c8-45fb-990d-721140e46061",
            "crvs-secret",
            types::AuthenticateClientRequestGrantType::ClientCredentials,
        );
        Box::new(TokenSource::new(client, body))
    },
};

struct Harness {
    endpoint: Arc<Endpoint>,
    clock: Arc<ManualClock>,
    cache: Arc<TokenCache<Box<dyn TokenSource>>>,
    _server: MockServer,
}

impl Harness {
    async fn new(provider: &'static Provider) -> Self {
        let clock = Arc::new(ManualClock::new(start()));
        let endpoint = Arc::new(Endpoint {
            calls: AtomicUsize::new(0),
            mode: Mutex::new(Mode::Issue { delay: Duration::ZERO }),
            clock: clock.clone(),
            provider,
        });
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(provider.route))
            .respond_with(Responder(endpoint.clone()))
            .mount(&server)
            .await;
        let http = apigen_runtime::reqwest::Client::builder().timeout(Duration::from_millis(500)).build().unwrap();
        let policy = RefreshPolicy { retries: 1, ..RefreshPolicy::default() };
        let cache =
            TokenCache::new((provider.source)(&server.uri(), http)).with_clock(clock.clone()).with_policy(policy);
        Harness { endpoint, clock, cache: Arc::new(cache), _server: server }
    }

    fn set(&self, mode: Mode) {
        *self.endpoint.mode.lock().unwrap() = mode;
    }

    fn calls(&self) -> usize {
        self.endpoint.calls.load(Ordering::SeqCst)
    }

    /// Waits (on the real clock, at most 5 s) until the cache serves `expected`.
    async fn eventually(&self, expected: &str) {
        for _ in 0..500 {
            if self.token().await == expected {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the background refresh did not deliver {expected}");
    }

    async fn token(&self) -> String {
        let token = self.cache.token().await.unwrap_or_else(|e| panic!("token: {e}"));
        let value = token.secret().expose();
        value.rsplit('.').next().unwrap_or(value).to_owned()
    }
}

/// Everything the token layer promises, for one provider.
async fn suite(provider: &'static Provider) {
    let h = Harness::new(provider).await;
    fetch_cache_and_refresh(&h, provider).await;
    many_callers_one_request(&h, provider).await;
    failures_and_retries(&h, provider).await;
}

/// The first token is fetched and read as declared, then served from the cache until
/// the refresh margin, where one refresh runs in the background.
async fn fetch_cache_and_refresh(h: &Harness, provider: &'static Provider) {
    // First call fetches; the token, its type and its expiry are read as declared.
    assert_eq!(h.token().await, "t1");
    let token = h.cache.token().await.unwrap();
    assert_eq!(token.token_type(), provider.token_type);
    assert_eq!(token.expires_at(), Some(start() + provider.lifetime));
    // Second call is served from the cache.
    assert_eq!(h.token().await, "t1");
    assert_eq!(h.calls(), 1);

    // Just before the refresh margin: still cached. At it: the current token is served
    // and exactly one refresh runs in the background.
    let margin = RefreshPolicy::default().margin.min((provider.lifetime / 2).to_std().unwrap());
    let until_refresh = provider.lifetime.to_std().unwrap() - margin;
    h.clock.advance(until_refresh - Duration::from_secs(1));
    assert_eq!(h.token().await, "t1");
    h.clock.advance(Duration::from_secs(1));
    assert_eq!(h.token().await, "t1");
    h.eventually("t2").await;
    assert_eq!(h.token().await, "t2");
    assert_eq!(h.calls(), 2);
}

/// 1,000 concurrent callers on an expired token: one request.
async fn many_callers_one_request(h: &Harness, provider: &'static Provider) {
    h.clock.advance(provider.lifetime.to_std().unwrap());
    h.set(Mode::Issue { delay: Duration::from_millis(50) });
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..1000 {
        let cache = h.cache.clone();
        callers.spawn(async move { cache.token().await.map(|t| t.secret().expose().to_owned()) });
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(result) = callers.join_next().await {
        let value = result.unwrap().unwrap();
        seen.insert(value.rsplit('.').next().unwrap_or(&value).to_owned());
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec!["t3".to_owned()]);
    assert_eq!(h.calls(), 3, "exactly one token request for 1,000 callers");
}

/// Server errors, garbage, timeouts and 429s during refresh, each followed by a call
/// that tries again; and `invalidate()`.
async fn failures_and_retries(h: &Harness, provider: &'static Provider) {
    // A 500 during refresh: retried once (the policy), then an error; the next call tries again.
    h.clock.advance(provider.lifetime.to_std().unwrap());
    h.set(Mode::Status(500, None));
    let error = h.cache.token().await.unwrap_err();
    assert!(matches!(error, TokenError::UnexpectedStatus { status: 500, .. }), "{error:?}");
    assert!(error.to_string().contains("500"), "{error}");
    assert_eq!(h.calls(), 5, "two requests");
    h.set(Mode::Issue { delay: Duration::ZERO });
    assert_eq!(h.token().await, "t6");

    // Garbage JSON: not retried, an error without the body; the next call tries again.
    h.clock.advance(provider.lifetime.to_std().unwrap());
    h.set(Mode::Garbage);
    let error = h.cache.token().await.unwrap_err();
    assert!(matches!(error, TokenError::Decode { .. }), "{error:?}");
    assert_eq!(h.calls(), 7, "one request");
    assert!(!format!("{error} {error:?}").contains("t-secret"), "{error}");
    h.set(Mode::Issue { delay: Duration::ZERO });
    assert_eq!(h.token().await, "t8");

    // A timeout: retried once, then an error; the next call tries again.
    h.clock.advance(provider.lifetime.to_std().unwrap());
    h.set(Mode::Slow);
    let error = h.cache.token().await.unwrap_err();
    assert!(matches!(&error, TokenError::Transport(e) if e.is_timeout()), "{error:?}");
    assert!(error.is_transient());
    assert_eq!(h.calls(), 10, "two requests");
    h.set(Mode::Issue { delay: Duration::ZERO });
    assert_eq!(h.token().await, "t11");

    // 429 with Retry-After: waited for as the server asked, then retried, by the cache
    // alone (the generated client does not send the token request again itself).
    h.clock.advance(provider.lifetime.to_std().unwrap());
    h.set(Mode::Status(429, Some(3)));
    let (sleeps_before, calls_before) = (h.clock.sleeps().len(), h.calls());
    assert!(h.cache.token().await.is_err());
    assert_eq!(h.clock.sleeps()[sleeps_before..], [Duration::from_secs(3)]);
    assert_eq!(h.calls(), calls_before + 2, "two requests");

    // invalidate() (after a 401 on a protected call) forces one new request.
    h.set(Mode::Issue { delay: Duration::ZERO });
    let calls = h.calls();
    h.token().await;
    h.cache.invalidate();
    h.token().await;
    assert_eq!(h.calls(), calls + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frontstream_tokens() {
    suite(&FRONTSTREAM).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forte_tokens() {
    suite(&FORTE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alternative_payments_tokens() {
    suite(&ALTERNATIVE_PAYMENTS).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_banking_tokens() {
    suite(&CORE_BANKING).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opencrvs_tokens() {
    suite(&OPENCRVS).await;
}

/// A one-off token endpoint answering `body` with `status`.
async fn one_shot(provider: &'static Provider, body: Value) -> TokenCache<Box<dyn TokenSource>> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(provider.route))
        .respond_with(ResponseTemplate::new(provider.status).set_body_json(body))
        .mount(&server)
        .await;
    let source = (provider.source)(&server.uri(), apigen_runtime::reqwest::Client::new());
    // Keep the server alive for the cache's lifetime by leaking it into a task.
    tokio::spawn(async move {
        let _server = server;
        std::future::pending::<()>().await;
    });
    TokenCache::new(source).with_clock(Arc::new(ManualClock::new(start())))
}

#[tokio::test]
async fn frontstream_null_token_is_an_error() {
    let cache = one_shot(&FRONTSTREAM, json!({"Token": null, "ExpirationDate": "2030-01-01T17:00:00Z"})).await;
    let error = cache.token().await.unwrap_err();
    assert!(matches!(&error, TokenError::MissingToken { at } if at == "/Token"), "{error:?}");
    assert_eq!(cache.requests(), 1);
    assert!(error.to_string().contains("no token at `/Token`"), "{error}");
}

#[tokio::test]
async fn frontstream_missing_expiry_is_the_documented_five_hours() {
    let cache = one_shot(&FRONTSTREAM, json!({"Token": "t"})).await;
    assert_eq!(cache.token().await.unwrap().expires_at(), Some(start() + chrono::Duration::hours(5)));
}

#[tokio::test]
async fn core_banking_epoch_seconds_and_fallback_to_validity() {
    let expires = start() + chrono::Duration::minutes(20);
    let body = json!({"accessToken": "t", "tokenType": "Bearer", "expirationTime": expires.timestamp(), "tokenValiditySec": 60});
    assert_eq!(one_shot(&CORE_BANKING, body).await.token().await.unwrap().expires_at(), Some(expires));
    let body = json!({"accessToken": "t", "tokenType": "Bearer", "expirationTime": 0, "tokenValiditySec": 60});
    assert_eq!(
        one_shot(&CORE_BANKING, body).await.token().await.unwrap().expires_at(),
        Some(start() + chrono::Duration::seconds(60))
    );
}

#[tokio::test]
async fn opencrvs_jwt_expiry_is_capped_at_ten_minutes() {
    let ten_minutes = Some(start() + chrono::Duration::minutes(10));
    let body = json!({"access_token": jwt(start() + chrono::Duration::hours(8))});
    assert_eq!(one_shot(&OPENCRVS, body).await.token().await.unwrap().expires_at(), ten_minutes);
    let body = json!({"access_token": "opaque-not-a-jwt"});
    assert_eq!(one_shot(&OPENCRVS, body).await.token().await.unwrap().expires_at(), ten_minutes);
}

#[tokio::test]
async fn alternative_payments_refuses_credentials_over_plain_http() {
    use vendor_apis::alternative_payments::{Client, TokenSource as Source, types};
    // The spec's own server is http://: the secret would cross the network in clear.
    let client = Client::with_default_server().unwrap().with_basic_auth("ap-id", "ap-secret");
    let body = types::CreateOAuthTokenRequest::new(types::CreateOAuthTokenRequestGrantType::ClientCredentials);
    let error = client.create_o_auth_token(body.clone()).await.unwrap_err();
    assert!(
        matches!(&error, apigen_runtime::Error::InsecureTransport { host } if host == "public-api.alternativepayments.io")
    );
    assert!(error.to_string().contains("allow_insecure_http()"), "{error}");
    let cache = TokenCache::new(Source::new(client, body));
    let error = cache.token().await.unwrap_err();
    assert!(matches!(&error, TokenError::InsecureTransport { host } if host == "public-api.alternativepayments.io"));
    assert_eq!(cache.requests(), 1, "not retried");
}

/// A sixth provider, not among the five: the generator has no code for it, only its
/// overlay's `x-apigen-token` (token nested under `grant`, epoch milliseconds,
/// form-encoded request with an `x-secret` field).
#[tokio::test]
async fn a_sixth_provider_needs_only_an_overlay() {
    use fixture_apis::sixth_provider::{Client, TokenSource as Source, types};
    let clock = Arc::new(ManualClock::new(start()));
    let server = MockServer::start().await;
    let expires = start() + chrono::Duration::minutes(15);
    let body = json!({"grant": {"value": "acme-token", "scheme": "MAC", "valid_until_ms": expires.timestamp_millis()}});
    Mock::given(method("POST"))
        .and(path("/api/v2/grants"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::new(&format!("{}/api", server.uri())).unwrap();
    let request = types::GrantRequest::new("billing", "acme-key");
    assert!(!format!("{request:?}").contains("acme-key"));
    let cache = TokenCache::new(Source::new(client, request)).with_clock(clock.clone());

    let token = cache.token().await.unwrap();
    assert_eq!(token.secret().expose(), "acme-token");
    assert_eq!(token.token_type(), "MAC");
    assert_eq!(token.expires_at(), Some(expires));
    let received = server.received_requests().await.unwrap();
    assert_eq!(std::str::from_utf8(&received[0].body).unwrap(), "app=billing&key=acme-key");
    cache.token().await.unwrap();
    assert_eq!(cache.requests(), 1);
    clock.advance(Duration::from_secs(14 * 60));
    // Inside the refresh window: served at once, refreshed in the background.
    assert_eq!(cache.token().await.unwrap().secret().expose(), "acme-token");
    for _ in 0..500 {
        if server.received_requests().await.unwrap().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(cache.requests(), 2);
}

/// A declaration that does not match the response is a generation error, located in
/// the overlay that wrote it, saying what the response has instead.
#[test]
fn a_wrong_declaration_is_a_diagnostic() {
    let dir = std::env::temp_dir().join(format!("apigen-token-decl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("p")).unwrap();
    let spec =
        std::fs::read_to_string(apigen_tests::root().join("tests/fixtures/specs/sixth_provider/openapi.json")).unwrap();
    std::fs::write(dir.join("p/openapi.json"), spec).unwrap();
    std::fs::write(
        dir.join("p/overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths['/v2/grants'].post\n    update:\n      x-apigen-token:\n        token: /grant/token\n        expiry:\n          - date-time: /grant/valid_until_ms\n          - weekly\n",
    )
    .unwrap();
    let inputs = apigen::discover(&dir).unwrap();
    let errors = apigen::generate_api(&inputs[0], &dir).unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "error: p/overlay.yaml:7:9 at /actions/0/update/x-apigen-token/token: `/grant/token`: the response type `GrantGrant` has no property `token` (it has scheme, valid_until_ms, value)",
            "error: p/overlay.yaml:9:13 at /actions/0/update/x-apigen-token/expiry/0/date-time: `/grant/valid_until_ms` must lead to a date-time string, but the response type has `i64` there",
            "error: p/overlay.yaml:10:13 at /actions/0/update/x-apigen-token/expiry/1: expected `jwt-exp` or one of `seconds: <pointer>`, `date-time: <pointer>`, `epoch: <pointer>`",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A connection error is transient: retried (with backoff, on the manual clock), then
/// reported; nothing is cached.
#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let clock = Arc::new(ManualClock::new(start()));
    let source = (FORTE.source)(&format!("http://127.0.0.1:{port}"), apigen_runtime::reqwest::Client::new());
    let cache = TokenCache::new(source)
        .with_clock(clock.clone())
        .with_policy(RefreshPolicy { retries: 2, ..RefreshPolicy::default() });
    let error = cache.token().await.unwrap_err();
    assert_eq!(cache.requests(), 3);
    assert!(matches!(&error, TokenError::Transport(e) if e.is_connect()), "{error:?}");
    assert_eq!(clock.sleeps().len(), 2, "two backoffs between three attempts");
    assert!(clock.sleeps()[1] <= Duration::from_millis(400));
}

/// The generated source reads its typed response along every kind of step (an
/// optional, nullable object; a secret; an untyped object; a map; untyped JSON), and
/// each expiry source in order.
#[tokio::test]
async fn token_paths_through_every_kind_of_step() {
    use fixture_apis::token_paths::{Client, TokenSource as Source, types};
    let server = MockServer::start().await;
    let issue = |body: Value| ResponseTemplate::new(200).set_body_json(body);
    Mock::given(method("POST"))
        .and(path("/tokens"))
        .respond_with(issue(json!({
            "result": {"credentials": {"access": "tp-1"}},
            "meta": {"kind": "bearer"},
            "lifetimes": {"access": 120},
            "issued": {"expires": {"at": "2030-01-01T15:00:00Z"}},
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/tokens"))
        .respond_with(issue(json!({
            "result": {"credentials": {"access": "tp-2"}},
            "issued": {"expires": {"at": "2030-01-01T15:00:00Z"}},
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path("/tokens")).respond_with(issue(json!({"result": null}))).mount(&server).await;
    let source = Source::new(Client::new(&server.uri()).unwrap(), types::IssueRequest::new("c"));
    let clock = Arc::new(ManualClock::new(start()));
    let cache = TokenCache::new(source).with_clock(clock);
    let token = cache.token().await.unwrap();
    assert_eq!(token.secret().expose(), "tp-1");
    assert_eq!(token.token_type(), "bearer");
    assert_eq!(token.expires_at(), Some(start() + chrono::Duration::seconds(120)), "the first source wins");
    cache.invalidate();
    let token = cache.token().await.unwrap();
    assert_eq!(token.secret().expose(), "tp-2");
    assert_eq!(token.token_type(), "Bearer", "the default type");
    assert_eq!(token.expires_at(), Some(start() + chrono::Duration::hours(3)), "the second source");
    cache.invalidate();
    let error = cache.token().await.unwrap_err();
    assert!(matches!(&error, TokenError::MissingToken { at } if at == "/result/credentials/access"), "{error:?}");
}
