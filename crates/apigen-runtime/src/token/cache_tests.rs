use std::sync::Mutex as StdMutex;
use std::task::{Context, Poll, Waker};

use chrono::TimeZone;

use super::super::{BoxFuture, ManualClock};
use super::*;

/// Answers from a script of results, counting calls.
struct Script {
    results: StdMutex<Vec<Result<AccessToken, TokenError>>>,
}

impl TokenSource for Script {
    fn fetch(&self, _now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        let next = self.results.lock().unwrap().remove(0);
        Box::pin(async move { next })
    }
}

/// A token endpoint that never answers.
struct Never;

impl TokenSource for Never {
    fn fetch(&self, _now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(std::future::pending())
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

fn token(value: &str, minutes: i64) -> Result<AccessToken, TokenError> {
    Ok(AccessToken::new(value, "Bearer", Some(start() + chrono::Duration::minutes(minutes))))
}

fn transient(retry_after: Option<Duration>) -> Result<AccessToken, TokenError> {
    Err(TokenError::UnexpectedStatus { status: 503, retry_after })
}

fn cache(results: Vec<Result<AccessToken, TokenError>>) -> (TokenCache<Script>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(start()));
    let cache = TokenCache::new(Script { results: StdMutex::new(results) }).with_clock(clock.clone());
    (cache, clock)
}

/// Polls a future once: `Some` when it finished without waiting for anything.
fn now_or_never<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// Lets spawned tasks run until `done` holds (at most 1,000 yields).
async fn settle(done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("the background refresh did not finish");
}

async fn value(cache: &TokenCache<Script>) -> String {
    cache.token().await.unwrap().secret().expose().to_owned()
}

#[tokio::test]
async fn caches_until_the_margin_then_refreshes_once_in_the_background() {
    let (cache, clock) = cache(vec![token("a", 10), token("b", 30)]);
    assert_eq!(value(&cache).await, "a");
    clock.advance(Duration::from_secs(8 * 60 + 59));
    assert_eq!(value(&cache).await, "a");
    assert_eq!(cache.requests(), 1);
    clock.advance(Duration::from_secs(1)); // 9:00, the 60 s margin: the window opens
    // The caller that opens the window is not kept waiting: it gets the current token.
    let served = now_or_never(cache.token()).expect("served without waiting").unwrap();
    assert_eq!(served.secret().expose(), "a");
    settle(|| cache.requests() == 2).await;
    settle(|| now_or_never(cache.token()).is_some_and(|t| t.unwrap().secret().expose() == "b")).await;
    assert_eq!(cache.requests(), 2);
}

#[tokio::test]
async fn retries_transient_failures_with_backoff_and_retry_after() {
    let (cache, clock) = cache(vec![transient(None), transient(Some(Duration::from_secs(2))), token("a", 10)]);
    assert_eq!(value(&cache).await, "a");
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] <= Duration::from_millis(200), "{sleeps:?}");
    assert_eq!(sleeps[1], Duration::from_secs(2));
}

#[tokio::test]
async fn gives_up_after_the_retries_and_does_not_poison() {
    let mut script = vec![transient(None); 4];
    script.push(token("a", 10));
    let (cache, _clock) = cache(script);
    let error = cache.token().await.unwrap_err();
    assert!(matches!(error, TokenError::UnexpectedStatus { status: 503, .. }), "{error:?}");
    assert_eq!(cache.requests(), 4);
    assert_eq!(value(&cache).await, "a");
}

#[tokio::test]
async fn permanent_failures_are_not_retried_and_a_valid_token_still_serves() {
    let missing = Err(TokenError::MissingToken { at: "/t".into() });
    let (cache, clock) = cache(vec![token("a", 10), missing, token("b", 10)]);
    cache.token().await.unwrap();
    clock.advance(Duration::from_secs(9 * 60 + 30)); // inside the margin, not expired
    assert_eq!(value(&cache).await, "a");
    settle(|| cache.last_error().is_some()).await;
    assert!(matches!(cache.last_error(), Some(TokenError::MissingToken { .. })));
    assert_eq!(value(&cache).await, "a", "no new background refresh before max_delay");
    assert_eq!(cache.requests(), 2);
    clock.advance(Duration::from_secs(31)); // expired
    assert_eq!(value(&cache).await, "b");
    assert_eq!(cache.requests(), 3);
    assert!(cache.last_error().is_none());
}

#[tokio::test]
async fn too_long_retry_after_fails_fast() {
    let (cache, clock) = cache(vec![transient(Some(Duration::from_secs(3600)))]);
    assert_eq!(cache.token().await.unwrap_err().retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(cache.requests(), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn invalidate_token_compares_values_and_says_whether_it_did() {
    let (cache, _clock) = cache(vec![token("a", 10), token("b", 10), token("c", 10)]);
    let first = cache.token().await.unwrap();
    cache.invalidate();
    let second = cache.token().await.unwrap();
    assert_eq!(second.secret().expose(), "b");
    assert!(!cache.invalidate_token(&first), "stale: no effect");
    assert_eq!(value(&cache).await, "b");
    // A clone of the token (not the same Arc) invalidates it.
    let copy = AccessToken::clone(&second);
    assert!(cache.invalidate_token(&copy));
    assert!(!cache.invalidate_token(&copy), "only the first of many 401s");
    assert_eq!(value(&cache).await, "c");
}

#[tokio::test]
async fn a_401_drops_a_token_at_most_once_per_rejection_interval() {
    let (cache, clock) = cache(vec![token("a", 10), token("b", 10), token("c", 10)]);
    let first = cache.token().await.unwrap();
    assert!(cache.invalidate_token(&first));
    let second = cache.token().await.unwrap();
    assert!(!cache.invalidate_token(&second), "within the interval: kept");
    assert_eq!(value(&cache).await, "b");
    clock.advance(Duration::from_secs(5));
    assert!(cache.invalidate_token(&second));
    assert_eq!(value(&cache).await, "c");
    assert_eq!(cache.requests(), 3);
}

#[tokio::test]
async fn unknown_expiry_uses_the_policy_lifetime_and_short_tokens_half_their_life() {
    let (cache, clock) = cache(vec![
        Ok(AccessToken::new("a", "Bearer", None)),
        Ok(AccessToken::new("b", "Bearer", Some(start() + chrono::Duration::seconds(300)))),
    ]);
    cache.token().await.unwrap();
    let entry = cache.shared.current.load_full().unwrap();
    assert_eq!(entry.expires_at, start() + chrono::Duration::seconds(300));
    assert_eq!(entry.refresh_at, start() + chrono::Duration::seconds(240));
    clock.advance(Duration::from_secs(240));
    let b = cache.refresh().await.unwrap();
    assert_eq!(b.secret().expose(), "b");
    // "b" lives 60 s from now: the margin is capped at half of it.
    let entry = cache.shared.current.load_full().unwrap();
    assert_eq!(entry.refresh_at, start() + chrono::Duration::seconds(270));
}

#[tokio::test(start_paused = true)]
async fn a_refresh_that_never_answers_ends_at_the_deadline() {
    // The default policy: 10 s per request, 20 s for the refresh, real (paused) sleeps.
    let cache = TokenCache::new(Never);
    let started = tokio::time::Instant::now();
    let error = cache.token().await.unwrap_err();
    let waited = started.elapsed();
    assert!(
        matches!(&error, TokenError::Deadline { after, last: Some(last) }
        if *after == Duration::from_secs(20) && matches!(**last, TokenError::Timeout { .. })),
        "{error:?}"
    );
    assert!(waited >= Duration::from_secs(20) && waited < Duration::from_secs(21), "{waited:?}");
    assert!(cache.requests() >= 2, "timed-out requests are retried: {}", cache.requests());
}

#[tokio::test(start_paused = true)]
async fn callers_waiting_for_a_failing_refresh_share_its_failure() {
    let cache = Arc::new(TokenCache::new(Never));
    let started = tokio::time::Instant::now();
    let callers: Vec<_> = (0..5)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { (cache.token().await.unwrap_err(), started.elapsed()) })
        })
        .collect();
    for caller in callers {
        let (error, waited) = caller.await.unwrap();
        assert!(matches!(error, TokenError::Deadline { .. }), "{error:?}");
        assert!(waited < Duration::from_secs(21), "every caller is answered at the one deadline: {waited:?}");
    }
    // One refresh: its first request and the retries that fit its deadline.
    let first = cache.requests();
    assert!((1..=4).contains(&first), "{first} requests");
    // A caller that comes after the failure starts a new refresh.
    let again = tokio::spawn({
        let cache = cache.clone();
        async move { cache.token().await.unwrap_err() }
    });
    assert!(matches!(again.await.unwrap(), TokenError::Deadline { .. }));
    assert!(cache.requests() > first);
}

#[tokio::test(start_paused = true)]
async fn a_caller_that_stops_waiting_does_not_cancel_the_refresh() {
    struct Slow(AtomicU64);
    impl TokenSource for Slow {
        fn fetch(&self, _now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                Ok(AccessToken::new("slow", "Bearer", None))
            })
        }
    }
    let cache = Arc::new(TokenCache::new(Slow(AtomicU64::new(0))));
    // The first caller gives up after 400 ms, before the 600 ms request answers; the
    // request goes on, and the next caller has its token 200 ms later (a new request
    // would take 600 ms, longer than this caller waits).
    let started = tokio::time::Instant::now();
    assert!(tokio::time::timeout(Duration::from_millis(400), cache.token()).await.is_err());
    let token = tokio::time::timeout(Duration::from_millis(400), cache.token()).await;
    assert_eq!(token.expect("the first request's token").unwrap().secret().expose(), "slow");
    assert_eq!(started.elapsed(), Duration::from_millis(600));
    assert_eq!(cache.source().0.load(Ordering::SeqCst), 1, "one request for both");
}

#[tokio::test(start_paused = true)]
async fn dropping_the_cache_aborts_the_refresh_a_caller_gave_up_on() {
    let source = Arc::new(Never);
    let cache = TokenCache::from_parts(source.clone(), Arc::new(SystemClock), RefreshPolicy::default(), None);
    assert!(tokio::time::timeout(Duration::from_millis(50), cache.token()).await.is_err());
    assert!(Arc::strong_count(&source) > 1, "the refresh goes on for the other callers");
    drop(cache);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(Arc::strong_count(&source), 1, "nothing of the cache is left running");
}

#[tokio::test]
async fn dropping_the_cache_aborts_its_background_refresh() {
    struct Held(Arc<tokio::sync::Notify>, Arc<()>);
    impl TokenSource for Held {
        fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
            let (gate, alive) = (self.0.clone(), self.1.clone());
            Box::pin(async move {
                let _alive = alive;
                gate.notified().await;
                Ok(AccessToken::new("late", "Bearer", Some(now + chrono::Duration::minutes(10))))
            })
        }
    }
    let (gate, alive) = (Arc::new(tokio::sync::Notify::new()), Arc::new(()));
    let clock = Arc::new(ManualClock::new(start()));
    let cache = TokenCache::new(Held(gate.clone(), alive.clone())).with_clock(clock.clone());
    cache.shared.store(AccessToken::new("a", "Bearer", Some(start() + chrono::Duration::minutes(10))), start());
    clock.advance(Duration::from_secs(9 * 60 + 30));
    assert_eq!(value_of(&cache).await, "a");
    settle(|| cache.requests() == 1).await;
    assert_eq!(Arc::strong_count(&alive), 3, "the source and its held request");
    drop(cache);
    settle(|| Arc::strong_count(&alive) == 1).await;
}

async fn value_of<S: TokenSource + 'static>(cache: &TokenCache<S>) -> String {
    cache.token().await.unwrap().secret().expose().to_owned()
}

#[test]
fn debug_shows_no_secret() {
    let (cache, _clock) = cache(vec![]);
    cache.shared.store(AccessToken::new("s3cr3t-token", "Bearer", None), start());
    let shown = format!("{cache:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}

/// Issues tokens that expire one second after they are asked for, and takes two seconds
/// of the clock to answer: each has expired by the time the callers waiting see it.
struct Stale {
    clock: Arc<ManualClock>,
    fetches: std::sync::atomic::AtomicUsize,
}

impl TokenSource for Stale {
    fn fetch(&self, now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        let n = self.fetches.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            self.clock.advance(Duration::from_secs(2));
            Ok(AccessToken::new(format!("stale-{n}"), "Bearer", Some(now + chrono::Duration::seconds(1))))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn callers_waiting_on_a_refresh_share_its_token_even_one_expired_on_arrival() {
    let clock = Arc::new(ManualClock::new(start()));
    let source = Stale { clock: clock.clone(), fetches: Default::default() };
    let cache = Arc::new(TokenCache::new(source).with_clock(clock.clone()));
    let callers: Vec<_> = (0..20)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token().await.map(|t| t.secret().expose().to_owned()) })
        })
        .collect();
    for caller in callers {
        assert_eq!(caller.await.unwrap().unwrap(), "stale-1");
    }
    assert_eq!(cache.requests(), 1, "one request however many callers wait");
}
