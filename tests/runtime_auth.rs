//! Tokens under misbehaving token endpoints, and authenticated calls, on loopback:
//! a token endpoint that never answers (the refresh deadline holds), one that holds
//! its answer while the refresh window is open (nobody waits; 1,000 callers, one
//! request), protected calls answered 401 once or twice, and the `oauth2_zoo`
//! fixture driven end to end with its spec's client-credentials flow (client
//! authentication in the body and by HTTP Basic).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use apigen_runtime::token::{
    AccessToken, ClientAuth, ClientCredentials, ManualClock, OAuthError, RefreshPolicy, TokenCache, TokenError,
    TokenProvider, authenticated, send_authenticated,
};
use apigen_runtime::{ClientCore, Error};
use base64::Engine as _;
use chrono::{DateTime, TimeZone, Utc};
use fixture_apis::oauth2_zoo::{self, Client, ListAnimalsError};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 12, 0, 0).unwrap()
}

/// Polls a future once: `Some` when it finished without waiting for anything.
fn now_or_never<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// Waits (at most 5 s) until `done` holds.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what} did not happen");
}

/// A token endpoint (RFC 6749 §5.1 answers) issuing `t1`, `t2`, … for an hour each,
/// recording the requests.
#[derive(Clone, Default)]
struct Issuer {
    calls: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Issuer {
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl Respond for Issuer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        self.requests.lock().unwrap().push(request.clone());
        let body = json!({"access_token": format!("t{n}"), "token_type": "bearer", "expires_in": 3600});
        ResponseTemplate::new(200).set_body_json(body)
    }
}

/// A token endpoint that answers each request only once `release` has a permit, so
/// a test can hold a refresh open as long as it likes.
struct HeldIssuer {
    url: String,
    calls: Arc<AtomicUsize>,
    release: Arc<tokio::sync::Semaphore>,
}

async fn held_issuer() -> HeldIssuer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/oauth/token", listener.local_addr().unwrap());
    let (calls, release) = (Arc::new(AtomicUsize::new(0)), Arc::new(tokio::sync::Semaphore::new(0)));
    let (counter, gate) = (calls.clone(), release.clone());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (counter, gate) = (counter.clone(), gate.clone());
            tokio::spawn(async move {
                let mut request = vec![0u8; 8192];
                let _ = stream.read(&mut request).await;
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                gate.acquire().await.unwrap().forget();
                let body = json!({"access_token": format!("t{n}"), "token_type": "Bearer", "expires_in": 3600});
                let body = body.to_string();
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
            });
        }
    });
    HeldIssuer { url, calls, release }
}

/// The fixture's token source, pointed at a loopback token endpoint.
fn zoo_source(token_url: &str, auth: ClientAuth) -> ClientCredentials {
    oauth2_zoo::zoo_auth_client_credentials("zoo id:1", "zoo s&cret")
        .unwrap()
        .with_token_url(token_url)
        .unwrap()
        .with_client_auth(auth)
        .with_scopes(["animals:read"])
}

async fn token_server(issuer: &Issuer) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(issuer.clone()).mount(&server).await;
    server
}

/// A token endpoint that accepts connections, reads nothing and answers nothing: its URL,
/// and how many connections it accepted.
async fn silent_token_endpoint() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/oauth/token", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (url, accepted)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_that_never_answers_is_bounded_by_the_deadline() {
    let (url, accepted) = silent_token_endpoint().await;
    // The default HTTP client (30 s timeout) would block for 4 × 30 s; the policy's
    // request timeout and deadline, shortened here, end it.
    let policy = RefreshPolicy {
        request_timeout: Duration::from_millis(150),
        deadline: Duration::from_millis(500),
        base_delay: Duration::from_millis(10),
        ..RefreshPolicy::default()
    };
    let cache = TokenCache::new(zoo_source(&url, ClientAuth::Body)).with_policy(policy);
    let started = std::time::Instant::now();
    let error = cache.token().await.unwrap_err();
    let waited = started.elapsed();
    assert!(
        matches!(&error, TokenError::Deadline { after, last: Some(last) }
            if *after == Duration::from_millis(500) && matches!(**last, TokenError::Timeout { .. })),
        "{error:?}"
    );
    assert!(waited >= Duration::from_millis(450) && waited < Duration::from_secs(2), "{waited:?}");
    assert!(accepted.load(Ordering::SeqCst) >= 2, "timed-out requests are retried within the deadline");
    // At most one attempt per started request timeout (plus its backoff) fits in the
    // deadline. Connections are not compared with requests: the HTTP client's pool may
    // finish a connection for a request that has already timed out.
    let requests = cache.requests();
    assert!((2..=4).contains(&requests), "{requests} token requests in a 500 ms deadline of 150 ms attempts");
}

#[tokio::test(start_paused = true)]
async fn with_the_defaults_a_call_waiting_on_a_silent_token_endpoint_says_so() {
    // Time is paused, so the defaults (10 s per token request, 20 s per refresh, 30 s per
    // call) pass at once.
    let (url, _) = silent_token_endpoint().await;
    let cache = Arc::new(TokenCache::new(zoo_source(&url, ClientAuth::Body)));
    // The API itself is never reached: there is no token to send it.
    let client = Client::new("http://127.0.0.1:9/v1").unwrap().with_zoo_auth_provider(cache);
    let started = tokio::time::Instant::now();
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(&error, Error::Token(TokenError::Deadline { last: Some(_), .. })), "{error:?}");
    assert!(started.elapsed() < ClientCore::DEFAULT_TIMEOUT, "{:?}", started.elapsed());
    assert!(error.to_string().starts_with("no access token for the call"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_call_bound_shorter_than_the_refresh_deadline_says_it_waited_for_a_token() {
    let (url, _) = silent_token_endpoint().await;
    let cache = Arc::new(TokenCache::new(zoo_source(&url, ClientAuth::Body)));
    // The refresh may take 20 s (the default); the call, 5 s.
    let bound = Duration::from_secs(5);
    let client =
        Client::new("http://127.0.0.1:9/v1").unwrap().with_zoo_auth_provider(cache.clone()).with_timeout(bound);
    let started = tokio::time::Instant::now();
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(&error, Error::Token(TokenError::Waiting { after }) if *after == bound), "{error:?}");
    assert_eq!(started.elapsed(), bound);
    assert!(error.to_string().contains("no token within the call's bound of 5s"), "{error}");
    assert!(matches!(&error, Error::Token(e) if e.is_transient()));
    // The next call waits its own bound again, no longer.
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(&error, Error::Token(TokenError::Waiting { .. })), "{error:?}");
    assert_eq!(started.elapsed(), 2 * bound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_waits_for_a_slow_refresh_while_the_token_is_valid() {
    let clock = Arc::new(ManualClock::new(start()));
    let issuer = held_issuer().await;
    let cache = Arc::new(TokenCache::new(zoo_source(&issuer.url, ClientAuth::Body)).with_clock(clock.clone()));
    issuer.release.add_permits(1);
    assert_eq!(cache.token().await.unwrap().secret().expose(), "t1");

    // The next token request is held open. Open the refresh window (60 s before expiry).
    clock.advance(Duration::from_secs(59 * 60 + 30));
    let served = now_or_never(cache.token()).expect("the current token, at once").unwrap();
    assert_eq!(served.secret().expose(), "t1");
    eventually("the background request reaching the server", || issuer.calls.load(Ordering::SeqCst) == 2).await;

    // 1,000 callers while that request is held: each gets the current token on the
    // first poll, and no other request is made.
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..1000 {
        let cache = cache.clone();
        callers.spawn(async move { now_or_never(cache.token()).map(|t| t.unwrap().secret().expose().to_owned()) });
    }
    while let Some(done) = callers.join_next().await {
        assert_eq!(done.unwrap().as_deref(), Some("t1"));
    }
    assert_eq!(issuer.calls.load(Ordering::SeqCst), 2, "one request for 1,000 callers");
    assert_eq!(cache.requests(), 2);

    // Released, the refresh lands; callers get the new token.
    issuer.release.add_permits(1);
    eventually("the refreshed token", || now_or_never(cache.token()).unwrap().unwrap().secret().expose() == "t2").await;
    assert_eq!(issuer.calls.load(Ordering::SeqCst), 2);
}

/// A protected API answering 401 to the first `rejections` calls, 200 after.
#[derive(Clone)]
struct Guarded {
    calls: Arc<AtomicUsize>,
    rejections: usize,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Respond for Guarded {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let authorization = request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        self.seen.lock().unwrap().push(authorization.to_owned());
        if n < self.rejections {
            return ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_token"}));
        }
        ResponseTemplate::new(200).set_body_json(json!([{"name": "Ada", "species": "owl"}]))
    }
}

struct Protected {
    api: Guarded,
    issuer: Issuer,
    clock: Arc<ManualClock>,
    cache: TokenCache<ClientCredentials>,
    client: Client,
    _servers: (MockServer, MockServer),
}

async fn protected(rejections: usize) -> Protected {
    let clock = Arc::new(ManualClock::new(start()));
    let issuer = Issuer::default();
    let tokens = token_server(&issuer).await;
    let api = Guarded { calls: Arc::default(), rejections, seen: Arc::default() };
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v1/animals")).respond_with(api.clone()).mount(&server).await;
    let cache = TokenCache::new(zoo_source(&format!("{}/oauth/token", tokens.uri()), ClientAuth::Body))
        .with_clock(clock.clone());
    let client = Client::new(&format!("{}/v1", server.uri())).unwrap();
    Protected { api, issuer, clock, cache, client, _servers: (tokens, server) }
}

impl Protected {
    /// `list_animals` on the generated client, with the provider's current token.
    async fn list(&self) -> Result<Vec<oauth2_zoo::types::Animal>, Error<ListAnimalsError>> {
        authenticated(&self.cache, |token| {
            let client = self.client.clone().with_zoo_auth(token.bearer());
            async move { client.list_animals().await }
        })
        .await
    }

    fn seen(&self) -> Vec<String> {
        self.api.seen.lock().unwrap().clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_invalidates_that_token_and_retries_once() {
    let p = protected(1).await;
    let animals = p.list().await.unwrap();
    assert_eq!(animals[0].name, "Ada");
    assert_eq!(p.seen(), ["Bearer t1", "Bearer t2"], "one retry, with a fresh token");
    assert_eq!(p.issuer.calls(), 2, "one refresh");
    // The fresh token is cached: the next call needs no token request.
    p.list().await.unwrap();
    assert_eq!(p.issuer.calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_401_is_returned_without_a_loop() {
    let p = protected(usize::MAX).await;
    let error = p.list().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { status: 401, error: ListAnimalsError::Unauthorized(problem) } if problem.error == "invalid_token"),
        "{error:?}"
    );
    assert_eq!(p.seen(), ["Bearer t1", "Bearer t2"]);
    assert_eq!(p.issuer.calls(), 2);
}

/// The generated client itself takes tokens from a provider: each call the current
/// token, a 401 one refresh and one retry, a second 401 returned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_client_with_a_token_provider_refreshes_once_on_401() {
    let p = protected(1).await;
    let cache = Arc::new(p.cache);
    let client = p.client.clone().with_zoo_auth_provider(cache.clone());
    let animals = client.list_animals().await.unwrap();
    assert_eq!(animals[0].name, "Ada");
    assert_eq!(p.api.seen.lock().unwrap().clone(), ["Bearer t1", "Bearer t2"], "one retry, with a fresh token");
    assert_eq!(p.issuer.calls(), 2, "one refresh");
    client.list_animals().await.unwrap();
    assert_eq!(p.issuer.calls(), 2, "the fresh token is cached");
    assert_eq!(p.api.seen.lock().unwrap().len(), 3);

    let q = protected(usize::MAX).await;
    let client = q.client.clone().with_zoo_auth_provider(q.cache);
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(&error, Error::Api { status: 401, error: ListAnimalsError::Unauthorized(_) }), "{error:?}");
    assert_eq!(q.api.seen.lock().unwrap().clone(), ["Bearer t1", "Bearer t2"], "no loop");
    assert_eq!(q.issuer.calls(), 2);
}

/// A server that rejects every token (revoked credentials): after one refresh, calls
/// get their 401 at once, without a token request each, until the rejection interval
/// has passed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_rejecting_every_token_costs_one_token_request_per_interval() {
    let p = protected(usize::MAX).await;
    let clock = p.clock.clone();
    let cache = Arc::new(p.cache);
    let client = p.client.clone().with_zoo_auth_provider(cache.clone());
    for _ in 0..3 {
        let error = client.list_animals().await.unwrap_err();
        assert!(matches!(&error, Error::Api { status: 401, .. }), "{error:?}");
    }
    let seen = p.api.seen.lock().unwrap().clone();
    assert_eq!(seen, ["Bearer t1", "Bearer t2", "Bearer t2", "Bearer t2"], "one refresh, then the 401 stands");
    assert_eq!(p.issuer.calls(), 2);
    clock.advance(Duration::from_secs(5));
    assert!(client.list_animals().await.is_err());
    assert_eq!(p.api.seen.lock().unwrap()[4..], ["Bearer t2", "Bearer t3"], "after the interval, one more refresh");
    assert_eq!(p.issuer.calls(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_authenticated_retries_at_the_response_and_spells_the_scheme() {
    let p = protected(1).await;
    // The issuer says `bearer`: the header says `Bearer`.
    let core = ClientCore::new(p.client.base_url().as_str()).unwrap();
    let response = send_authenticated::<_, (), _>(&core, &p.cache, || {
        let url = core.base_url().endpoint("/animals").map_err(|e| Error::Url(e.to_string()))?;
        core.http().get(url).build().map_err(Error::transport)
    })
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(p.seen(), ["Bearer t1", "Bearer t2"]);
    assert_eq!(p.issuer.calls(), 2);
    // A token already replaced is not invalidated again.
    let stale = AccessToken::new("t1", "bearer", None);
    assert!(!p.cache.invalidate_token(&stale));
    // The current one is, once the rejection interval since t1's 401 has passed.
    p.clock.advance(Duration::from_secs(5));
    assert!(TokenProvider::invalidate_token(&p.cache, &AccessToken::new("t2", "Bearer", None)));
}

fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body).into_owned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth2_from_the_spec_end_to_end_with_the_secret_in_the_body() {
    let p = protected(0).await;
    assert_eq!(oauth2_zoo::ZOO_AUTH_TOKEN_URL, "https://auth.oauth-zoo.example/oauth/token");
    p.list().await.unwrap();
    let requests = p.issuer.requests.lock().unwrap().clone();
    let first = &requests[0];
    assert_eq!(first.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert!(first.headers.get("authorization").is_none());
    assert_eq!(
        form(first),
        [
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("scope".to_owned(), "animals:read".to_owned()),
            ("client_id".to_owned(), "zoo id:1".to_owned()),
            ("client_secret".to_owned(), "zoo s&cret".to_owned()),
        ]
    );
    assert_eq!(p.seen(), ["Bearer t1"]);
    // Refreshed in the background once the window opens; the API then sees t2.
    p.clock.advance(Duration::from_secs(59 * 60 + 30));
    p.list().await.unwrap();
    eventually("the refresh", || p.issuer.calls() == 2).await;
    eventually("t2 in the cache", || now_or_never(p.cache.token()).unwrap().unwrap().secret().expose() == "t2").await;
    p.list().await.unwrap();
    assert_eq!(p.seen(), ["Bearer t1", "Bearer t1", "Bearer t2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth2_from_the_spec_with_http_basic_client_authentication() {
    let clock = Arc::new(ManualClock::new(start()));
    let issuer = Issuer::default();
    let server = token_server(&issuer).await;
    let source = zoo_source(&format!("{}/oauth/token", server.uri()), ClientAuth::Basic);
    let cache = TokenCache::new(source).with_clock(clock);
    let token = cache.token().await.unwrap();
    assert_eq!(token.secret().expose(), "t1");
    assert_eq!(token.scheme(), "Bearer");
    assert_eq!(token.expires_at(), Some(start() + chrono::Duration::hours(1)));
    let request = issuer.requests.lock().unwrap()[0].clone();
    // RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded.
    let expected = base64::engine::general_purpose::STANDARD.encode("zoo+id%3A1:zoo+s%26cret");
    assert_eq!(request.headers.get("authorization").unwrap().to_str().unwrap(), format!("Basic {expected}"));
    assert_eq!(
        form(&request),
        [("grant_type".to_owned(), "client_credentials".to_owned()), ("scope".to_owned(), "animals:read".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth2_error_responses_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "invalid_client", "error_description": "unknown client zoo id:1"})),
        )
        .mount(&server)
        .await;
    let cache = TokenCache::new(zoo_source(&format!("{}/oauth/token", server.uri()), ClientAuth::Basic));
    let error = cache.token().await.unwrap_err();
    let TokenError::Api { status: 401, body } = &error else { panic!("{error:?}") };
    let oauth = body.downcast_ref::<OAuthError>().unwrap();
    assert_eq!(oauth.error, "invalid_client");
    assert_eq!(oauth.error_description.as_deref(), Some("unknown client zoo id:1"));
    assert!(error.to_string().contains("invalid_client"), "{error}");
    assert!(!error.is_transient());
    assert_eq!(cache.requests(), 1, "not retried");

    // An undocumented status keeps its Retry-After, and is retried as transient.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "7"))
        .mount(&server)
        .await;
    let source = zoo_source(&format!("{}/oauth/token", server.uri()), ClientAuth::Basic);
    let policy = RefreshPolicy { retries: 0, ..RefreshPolicy::default() };
    let error = TokenCache::new(source).with_policy(policy).token().await.unwrap_err();
    assert!(
        matches!(error, TokenError::UnexpectedStatus { status: 503, retry_after: Some(wait) } if wait == Duration::from_secs(7)),
        "{error:?}"
    );
}

/// Answers in turn, the last one again once they run out.
struct Answers(Mutex<Vec<ResponseTemplate>>);

impl Respond for Answers {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut answers = self.0.lock().unwrap();
        if answers.len() > 1 { answers.remove(0) } else { answers[0].clone() }
    }
}

async fn answering(answers: Vec<ResponseTemplate>) -> (MockServer, TokenCache<ClientCredentials>) {
    let server = MockServer::start().await;
    let answers = Answers(Mutex::new(answers));
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(answers).mount(&server).await;
    let source = zoo_source(&format!("{}/oauth/token", server.uri()), ClientAuth::Body);
    let policy = RefreshPolicy { retries: 0, ..RefreshPolicy::default() };
    (server, TokenCache::new(source).with_policy(policy))
}

/// The token endpoint's answers echo the client secret (as sent in the form: `zoo
/// s&cret` is `zoo+s%26cret`), in an error code with a forged log line, in a garbled
/// token response's key, and issue a token no header can carry: none of it reaches an
/// error's message or `Debug`, and the bad token is not kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth2_answers_that_echo_the_secret_or_cannot_be_sent_show_and_keep_nothing() {
    let echo = json!({"error": format!("invalid_client: secret zoo s&cret (zoo+s%26cret) is revoked\u{1b}[2J\r\nforged {}", "x".repeat(5000))});
    let (_server, cache) = answering(vec![ResponseTemplate::new(401).set_body_json(echo)]).await;
    let error = cache.token().await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("s&cret") && !shown.contains("s%26cret") && !shown.contains('\u{1b}'), "{shown}");
    assert!(shown.contains("secret [REDACTED] ([REDACTED]) is revoked\\u{1b}[2J\\r\\nforged"), "{shown}");
    assert!(error.to_string().len() < 400, "the code is cut short: {error}");
    let TokenError::Api { body, .. } = &error else { panic!("{error:?}") };
    assert!(!body.downcast_ref::<OAuthError>().unwrap().error.contains("s&cret"));

    let garbled = ResponseTemplate::new(200).set_body_raw(r#"{"echo": {"zoo s&cret": {"x": tru"#, "application/json");
    let (_server, cache) = answering(vec![garbled]).await;
    let error = cache.token().await.unwrap_err();
    assert!(matches!(&error, TokenError::Decode { reason } if reason.contains("`echo.[REDACTED].x`")), "{error:?}");

    let unsendable = json!({"access_token": "tok\r\nx-evil: 1", "token_type": "bearer", "expires_in": 3600});
    let good = json!({"access_token": "tok-2", "token_type": "bearer", "expires_in": 3600});
    let answers =
        vec![ResponseTemplate::new(200).set_body_json(unsendable), ResponseTemplate::new(200).set_body_json(good)];
    let (_server, cache) = answering(answers).await;
    let error = cache.token().await.unwrap_err();
    assert!(matches!(&error, TokenError::Decode { reason } if reason.contains("cannot carry")), "{error:?}");
    assert_eq!(cache.token().await.unwrap().secret().expose(), "tok-2", "the next call asks again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_token_response_is_refused_at_the_limit() {
    // A 201 token response that never ends: read up to the limit, then refused. (The
    // server's send buffer is small, so what it manages to write is what the client took.)
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_send_buffer_size(16 * 1024).unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(4).unwrap();
    let url = format!("http://{}/oauth/token", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head).await;
        let start = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        stream.write_all(start).await.unwrap();
        let piece = [b'a'; 32 * 1024];
        let chunk = [format!("{:x}\r\n", piece.len()).as_bytes(), &piece, b"\r\n"].concat();
        let mut written = 0;
        while stream.write_all(&chunk).await.is_ok() {
            written += piece.len();
        }
        written
    });
    let source = zoo_source(&url, ClientAuth::Basic).with_body_limit(64 * 1024);
    let error = TokenCache::new(source).token().await.unwrap_err();
    assert!(matches!(&error, TokenError::Decode { reason } if reason.contains("65536")), "{error:?}");
    let written = tokio::time::timeout(Duration::from_secs(10), server).await.unwrap().unwrap();
    assert!(written <= 64 * 1024 + 1024 * 1024, "the server wrote {written} bytes for a 64 KiB limit");
}
