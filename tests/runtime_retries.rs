//! Calls sent again (`RetryPolicy`) against loopback servers that answer as a script
//! says: a refused connection, 429 and 503 with and without `Retry-After`, a connection
//! closed before the answer; by method, with an `Idempotency-Key`, within the call's bound.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apigen_runtime::{ClientCore, Error, Outcome, RetryPolicy};
use fixture_apis::feature_zoo;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Copy, Debug)]
enum Reply {
    /// Answers this status, with this `Retry-After` (seconds) if any, and an empty JSON object.
    Status(u16, Option<u64>),
    /// Closes the connection once the request is read, without answering.
    Close,
}

/// A loopback server answering the n-th request with `script[n]` (the last one from
/// then on): its URL, and the requests it read.
async fn scripted(script: Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (url, serve(listener, script))
}

fn serve(listener: TcpListener, script: Vec<Reply>) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let request = apigen_tests::loopback::read_request(&mut stream).await;
            let n = {
                let mut seen = kept.lock().unwrap();
                seen.push(request);
                seen.len() - 1
            };
            let reply = script[n.min(script.len() - 1)];
            tokio::spawn(async move { answer(stream, reply).await });
        }
    });
    seen
}

async fn answer(mut stream: TcpStream, reply: Reply) {
    let Reply::Status(status, retry_after) = reply else { return };
    let wait = retry_after.map(|s| format!("retry-after: {s}\r\n")).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status} Status\r\nconnection: close\r\ncontent-type: application/json\r\n{wait}content-length: 2\r\n\r\n{{}}"
    );
    let _ = stream.write_all(head.as_bytes()).await;
}

/// Quick retries, so that the tests wait little.
fn quick(retries: u32) -> RetryPolicy {
    let mut policy = RetryPolicy::default();
    policy.retries = retries;
    policy.base_delay = Duration::from_millis(20);
    policy.max_delay = Duration::from_secs(2);
    policy
}

async fn call(core: &ClientCore, method: &'static str, key: Option<&str>) -> Result<serde_json::Value, Error> {
    let mut request =
        core.request(method, "op").path("/charges").json("application/json", &serde_json::json!({"amount": 5}));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", &key.to_owned());
    }
    request.send(|status| if status == 200 { Outcome::json() } else { Outcome::unexpected() }).await
}

#[tokio::test]
async fn an_idempotent_call_is_sent_again_after_503_and_every_answer_is_observed() {
    use Reply::Status;
    let (url, seen) = scripted(vec![Status(503, None), Status(502, None), Status(200, None)]).await;
    let observed = Arc::new(AtomicUsize::new(0));
    let counter = observed.clone();
    let observer = Arc::new(move |_: &apigen_runtime::reqwest::Response| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let core = ClientCore::new(&url).unwrap().with_retries(quick(2)).with_response_observer(observer);
    assert_eq!(call(&core, "PUT", None).await.unwrap(), serde_json::json!({}));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|request| request.ends_with(r#"{"amount":5}"#)), "{seen:?}");
    assert_eq!(observed.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_are_counted_and_the_last_answer_is_the_calls() {
    let (url, seen) = scripted(vec![Reply::Status(503, None)]).await;
    let core = ClientCore::new(&url).unwrap().with_retries(quick(2));
    let error = call(&core, "GET", None).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status: 503, .. }), "{error:?}");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_is_not_sent_again_after_503_or_a_broken_connection_but_is_with_an_idempotency_key() {
    for reply in [Reply::Status(503, None), Reply::Close] {
        let (url, seen) = scripted(vec![reply, Reply::Status(200, None)]).await;
        let core = ClientCore::new(&url).unwrap().with_retries(quick(2));
        let error = call(&core, "POST", None).await.unwrap_err();
        let expected = match reply {
            Reply::Status(..) => matches!(error, Error::UnexpectedStatus { status: 503, .. }),
            Reply::Close => matches!(error, Error::Transport(_)),
        };
        assert!(expected, "{reply:?}: {error:?}");
        assert_eq!(seen.lock().unwrap().len(), 1, "{reply:?}");

        let (url, seen) = scripted(vec![reply, Reply::Status(200, None)]).await;
        let core = ClientCore::new(&url).unwrap().with_retries(quick(2));
        call(&core, "POST", Some("order-17")).await.unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "{reply:?}");
        assert!(seen.iter().all(|r| r.to_ascii_lowercase().contains("idempotency-key: order-17")));
    }
}

#[tokio::test]
async fn a_429_is_sent_again_after_its_retry_after_whatever_the_method() {
    let (url, seen) = scripted(vec![Reply::Status(429, Some(1)), Reply::Status(200, None)]).await;
    let core = ClientCore::new(&url).unwrap().with_retries(quick(2));
    let started = Instant::now();
    call(&core, "POST", None).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_wait_longer_than_allowed_or_past_the_calls_bound_is_not_waited() {
    // Retry-After beyond the longest wait: the 429 is the answer, with its Retry-After.
    let (url, seen) = scripted(vec![Reply::Status(429, Some(5)), Reply::Status(200, None)]).await;
    let core = ClientCore::new(&url).unwrap().with_retries(quick(2));
    let started = Instant::now();
    let error = call(&core, "GET", None).await.unwrap_err();
    let five = Some(Duration::from_secs(5));
    assert!(matches!(error, Error::UnexpectedStatus { status: 429, retry_after, .. } if retry_after == five));
    assert_eq!(seen.lock().unwrap().len(), 1);
    // Within the longest wait but past the call's bound of 500 ms: not waited either.
    let (url, seen) = scripted(vec![Reply::Status(503, Some(1)), Reply::Status(200, None)]).await;
    let core = ClientCore::new(&url).unwrap().with_retries(quick(2)).with_timeout(Duration::from_millis(500));
    let error = call(&core, "GET", None).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status: 503, .. }), "{error:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
}

#[tokio::test]
async fn many_retries_end_within_the_calls_bound_with_the_servers_answer() {
    let (url, seen) = scripted(vec![Reply::Status(503, None)]).await;
    let mut policy = quick(1_000);
    policy.base_delay = Duration::from_millis(50);
    policy.max_delay = Duration::from_millis(100);
    let core = ClientCore::new(&url).unwrap().with_retries(policy).with_timeout(Duration::from_millis(600));
    let started = Instant::now();
    let error = call(&core, "GET", None).await.unwrap_err();
    // The server's answer, unless a retry started in time was cut off by the bound.
    let bound = Duration::from_millis(600);
    let ended = match error {
        Error::UnexpectedStatus { status, .. } => status == 503,
        Error::Timeout { after } => after == bound,
        _ => false,
    };
    assert!(ended, "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(1_500), "{:?}", started.elapsed());
    assert!(seen.lock().unwrap().len() >= 3);
}

#[tokio::test]
async fn a_refused_connection_is_tried_again_whatever_the_method() {
    // The port is free when the call starts; a server takes it 300 ms later.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let mut policy = quick(40);
    policy.max_delay = Duration::from_millis(50);
    let core = ClientCore::new(&format!("http://{address}")).unwrap().with_retries(policy);
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        serve(TcpListener::bind(address).await.unwrap(), vec![Reply::Status(200, None)])
    });
    call(&core, "POST", None).await.unwrap();
    assert_eq!(late.await.unwrap().lock().unwrap().len(), 1);
    // Without retries, the refusal is the answer.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let core = ClientCore::new(&format!("http://{address}")).unwrap().with_retries(RetryPolicy::none());
    assert!(matches!(call(&core, "GET", None).await, Err(Error::Transport(_))));
}

#[tokio::test]
async fn a_generated_client_retries_by_default_and_not_when_told() {
    let (url, seen) = scripted(vec![Reply::Status(503, None), Reply::Status(404, None)]).await;
    let client = feature_zoo::Client::new(&url).unwrap().with_bearer("zoo-token");
    let error = client.get_pet(7).await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 404, .. }), "{error:?}");
    assert_eq!(seen.lock().unwrap().len(), 2);

    let (url, seen) = scripted(vec![Reply::Status(503, None), Reply::Status(404, None)]).await;
    let client = feature_zoo::Client::new(&url).unwrap().with_bearer("zoo-token").with_retries(RetryPolicy::none());
    assert!(client.get_pet(7).await.is_err());
    assert_eq!(seen.lock().unwrap().len(), 1);
}

/// The key a request carried in its `Idempotency-Key` header.
fn key_of(request: &str) -> Option<String> {
    let line = request.lines().find(|line| line.to_ascii_lowercase().starts_with("idempotency-key:"))?;
    Some(line.split_once(':')?.1.trim().to_owned())
}

#[tokio::test]
async fn a_declared_idempotency_key_is_made_per_call_so_that_a_post_is_sent_again() {
    use feature_zoo::types;
    let (url, seen) = scripted(vec![Reply::Status(503, None), Reply::Close, Reply::Status(404, None)]).await;
    let client = feature_zoo::Client::new(&url).unwrap().with_bearer("zoo-token").with_retries(quick(2));
    let error = client.create_pet(types::NewPet::new(types::Kind::Cat, "Tom")).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status: 404, .. }), "{error:?}");
    let _ = client.create_pet(types::NewPet::new(types::Kind::Cat, "Tom")).await;
    let keys: Vec<Option<String>> = seen.lock().unwrap().iter().map(|request| key_of(request)).collect();
    // Three tries of the first call with one key (a UUID); the second call, another.
    assert_eq!(keys.len(), 4, "{keys:?}");
    let first = keys[0].clone().expect("a key");
    assert!(first.len() == 36 && uuid::Uuid::parse_str(&first).is_ok(), "{first}");
    assert!(keys[..3].iter().all(|key| key.as_deref() == Some(&first)), "{keys:?}");
    assert!(keys[3].as_ref().is_some_and(|key| *key != first), "{keys:?}");

    let (url, seen) = scripted(vec![Reply::Status(503, None), Reply::Status(404, None)]).await;
    let client = feature_zoo::Client::new(&url).unwrap().with_bearer("zoo-token").with_retries(quick(2));
    let _ = client.create_pet(types::NewPet::new(types::Kind::Cat, "Tom")).idempotency_key("order-17").await;
    let keys: Vec<Option<String>> = seen.lock().unwrap().iter().map(|request| key_of(request)).collect();
    assert_eq!(keys, [Some("order-17".to_owned()), Some("order-17".to_owned())]);
}

#[tokio::test]
async fn an_empty_key_is_no_key_and_a_huge_wait_is_no_overflow() {
    use feature_zoo::types;
    // An empty key set by the caller: a fresh one is sent instead, kept for the retry.
    let (url, seen) = scripted(vec![Reply::Status(503, None), Reply::Status(404, None)]).await;
    let client = feature_zoo::Client::new(&url).unwrap().with_bearer("zoo-token").with_retries(quick(2));
    let _ = client.create_pet(types::NewPet::new(types::Kind::Cat, "Tom")).idempotency_key("").await;
    let keys: Vec<Option<String>> = seen.lock().unwrap().iter().map(|request| key_of(request)).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys[0].as_ref().is_some_and(|key| key.len() == 36) && keys[0] == keys[1], "{keys:?}");
    // No cap on the wait and the longest Retry-After there is: the 429 is the answer.
    let (url, seen) = scripted(vec![Reply::Status(429, Some(u64::MAX))]).await;
    let mut policy = quick(2);
    policy.max_delay = Duration::MAX;
    let core = ClientCore::new(&url).unwrap().with_retries(policy);
    let error = call(&core, "POST", None).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status: 429, .. }), "{error:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn retries_stop_when_the_budget_a_client_shares_with_its_clones_is_spent() {
    let (url, seen) = scripted(vec![Reply::Status(503, None)]).await;
    let mut policy = quick(5);
    policy.budget = 2 * RetryPolicy::RETRY_COST;
    let core = ClientCore::new(&url).unwrap().with_retries(policy);
    let clone = core.clone();
    assert!(call(&core, "GET", None).await.is_err());
    assert_eq!(seen.lock().unwrap().len(), 3, "two retries, then the budget is spent");
    assert!(clone.request("GET", "op").path("/x").send::<(), ()>(|_| Outcome::unexpected()).await.is_err());
    assert_eq!(seen.lock().unwrap().len(), 4, "a clone shares the spent budget: no retry");
    // A call that succeeded after a retry gives back what the retry took: the next call
    // can pay for one again.
    let script = vec![Reply::Status(503, None), Reply::Status(200, None), Reply::Status(503, None)];
    let (url, seen) = scripted(script).await;
    let mut policy = quick(5);
    policy.budget = RetryPolicy::RETRY_COST;
    let core = ClientCore::new(&url).unwrap().with_retries(policy);
    call(&core, "GET", None).await.unwrap();
    assert!(call(&core, "GET", None).await.is_err());
    assert_eq!(seen.lock().unwrap().len(), 4, "503, 200; then 503, one retry paid for by the refund, 503");
}

/// Tokens `t1`, `t2`, … one per request to the token endpoint.
struct Counting(AtomicUsize);

impl apigen_runtime::token::TokenSource for Counting {
    fn fetch(
        &self,
        _now: chrono::DateTime<chrono::Utc>,
    ) -> apigen_runtime::BoxFuture<'_, Result<apigen_runtime::token::AccessToken, apigen_runtime::token::TokenError>>
    {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(apigen_runtime::token::AccessToken::new(format!("t{n}"), "Bearer", None)) })
    }
}

#[tokio::test]
async fn the_request_sent_again_after_a_401_is_retried_in_its_turn() {
    let script = vec![Reply::Status(401, None), Reply::Status(503, None), Reply::Status(200, None)];
    let (url, seen) = scripted(script).await;
    let cache = apigen_runtime::token::TokenCache::new(Counting(AtomicUsize::new(0)));
    let core = ClientCore::new(&url).unwrap().with_retries(quick(2)).with_token_provider("bearer", cache);
    let security: &'static [&'static [&'static str]] = &[&["bearer"]];
    let answer: Result<serde_json::Value, Error> = core
        .request("GET", "op")
        .path("/x")
        .security(security)
        .send(|status| if status == 200 { Outcome::json() } else { Outcome::unexpected() })
        .await;
    assert_eq!(answer.unwrap(), serde_json::json!({}));
    let tokens: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .filter_map(|request| {
            request.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("authorization: ").map(str::to_owned))
        })
        .collect();
    assert_eq!(tokens, ["bearer t1", "bearer t2", "bearer t2"], "401 with t1; a fresh t2, answered 503, retried");
}
