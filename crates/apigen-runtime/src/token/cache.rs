//! The token cache: early refresh, single flight, bounded retries.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::clock::{Clock, SystemClock};
use super::{AccessToken, FetchError, TokenSource};

/// When to refresh and how to retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshPolicy {
    /// Refresh this long before the token expires (at most half its lifetime, so a
    /// short-lived token is still used).
    pub margin: Duration,
    /// How long to use a token whose expiry is unknown.
    pub unknown_lifetime: Duration,
    /// Retries after a transient failure (so at most `retries + 1` requests per refresh).
    pub retries: u32,
    /// The first backoff; each retry doubles it, with full jitter.
    pub base_delay: Duration,
    /// The longest backoff, and the longest `Retry-After` honoured (a longer one
    /// fails the refresh instead of stalling every caller).
    pub max_delay: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            margin: Duration::from_secs(60),
            unknown_lifetime: Duration::from_secs(300),
            retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

/// A refresh failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not get an access token after {attempts} attempt(s): {last}")]
pub struct TokenError {
    /// Requests made.
    pub attempts: u32,
    /// The last failure.
    pub last: FetchError,
}

struct Entry {
    token: Arc<AccessToken>,
    /// From here on, callers trigger a refresh.
    refresh_at: DateTime<Utc>,
    /// From here on, the token is not served at all.
    expires_at: DateTime<Utc>,
}

/// Caches the token of a [`TokenSource`].
///
/// - Serves the cached token until `margin` before it expires (a read lock and an
///   `Arc` clone: no allocation, no await).
/// - When a refresh is due, exactly one request is in flight however many callers
///   wait; the others get its result.
/// - A failed refresh changes nothing: the next call tries again, and a token that
///   is inside the margin but not yet expired is still served.
/// - Transient failures (connect errors, timeouts, 5xx, 429) are retried with
///   exponential backoff and full jitter, honouring `Retry-After`.
/// - [`TokenCache::invalidate`] drops the token, for a 401 on a protected call.
pub struct TokenCache<S> {
    source: S,
    clock: Arc<dyn Clock>,
    policy: RefreshPolicy,
    current: RwLock<Option<Entry>>,
    refresh: tokio::sync::Mutex<()>,
    requests: AtomicU64,
}

impl<S> fmt::Debug for TokenCache<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        f.debug_struct("TokenCache")
            .field("token", &current.as_ref().map(|e| &e.token))
            .field("refresh_at", &current.as_ref().map(|e| e.refresh_at))
            .field("policy", &self.policy)
            .field("requests", &self.requests.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl<S: TokenSource> TokenCache<S> {
    /// A cache over `source` with the system clock and the default policy.
    pub fn new(source: S) -> Self {
        TokenCache {
            source,
            clock: Arc::new(SystemClock),
            policy: RefreshPolicy::default(),
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            requests: AtomicU64::new(0),
        }
    }

    /// Uses another clock (tests use [`super::ManualClock`]).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Uses another refresh policy.
    #[must_use]
    pub fn with_policy(mut self, policy: RefreshPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The source.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// How many token requests the cache has made.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    fn cached(&self, now: DateTime<Utc>, usable_until: fn(&Entry) -> DateTime<Utc>) -> Option<Arc<AccessToken>> {
        let current = self.current.read().unwrap_or_else(|p| p.into_inner());
        current.as_ref().filter(|entry| now < usable_until(entry)).map(|entry| entry.token.clone())
    }

    /// A valid token: the cached one, or a fresh one.
    pub async fn token(&self) -> Result<Arc<AccessToken>, TokenError> {
        if let Some(token) = self.cached(self.clock.now(), |e| e.refresh_at) {
            return Ok(token);
        }
        let _flight = self.refresh.lock().await;
        // Whoever held the lock before may have refreshed already.
        if let Some(token) = self.cached(self.clock.now(), |e| e.refresh_at) {
            return Ok(token);
        }
        let mut attempts = 0;
        loop {
            let now = self.clock.now();
            attempts += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let failure = match self.source.fetch(now).await {
                Ok(token) => return Ok(self.store(token, now)),
                Err(failure) => failure,
            };
            let delay = match &failure {
                FetchError::Transient { retry_after, .. } if attempts <= self.policy.retries => match retry_after {
                    Some(wait) if *wait > self.policy.max_delay => None,
                    Some(wait) => Some(*wait),
                    None => Some(self.backoff(attempts)),
                },
                _ => None,
            };
            match delay {
                Some(delay) => self.clock.sleep(delay).await,
                None => {
                    // The cache is left as it was; a token not yet expired still serves.
                    if let Some(token) = self.cached(self.clock.now(), |e| e.expires_at) {
                        return Ok(token);
                    }
                    return Err(TokenError { attempts, last: failure });
                }
            }
        }
    }

    /// Full jitter: a uniformly random delay up to `base * 2^(attempt-1)`, capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.policy.base_delay.saturating_mul(1 << (attempt - 1).min(16)).min(self.policy.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }

    fn store(&self, token: AccessToken, now: DateTime<Utc>) -> Arc<AccessToken> {
        let expires_at = token.expires_at().unwrap_or_else(|| {
            now + chrono::Duration::from_std(self.policy.unknown_lifetime).unwrap_or(chrono::Duration::zero())
        });
        let lifetime = (expires_at - now).to_std().unwrap_or_default();
        let margin = self.policy.margin.min(lifetime / 2);
        let refresh_at = expires_at - chrono::Duration::from_std(margin).unwrap_or(chrono::Duration::zero());
        let token = Arc::new(token);
        let entry = Entry { token: token.clone(), refresh_at, expires_at };
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(entry);
        token
    }

    /// Drops the cached token: the next call fetches a new one. Call it when a
    /// protected call answers 401.
    pub fn invalidate(&self) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Drops the cached token only if it is `token`: when many calls get a 401 for
    /// the same token at once, only the first forces a refresh.
    pub fn invalidate_token(&self, token: &Arc<AccessToken>) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if current.as_ref().is_some_and(|entry| Arc::ptr_eq(&entry.token, token)) {
            *current = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use chrono::TimeZone;

    use super::super::{BoxFuture, ManualClock};
    use super::*;

    /// Answers from a script of results, counting calls.
    struct Script {
        results: Mutex<Vec<Result<AccessToken, FetchError>>>,
    }

    impl TokenSource for Script {
        fn fetch(&self, _now: DateTime<Utc>) -> BoxFuture<'_, Result<AccessToken, FetchError>> {
            let next = self.results.lock().unwrap().remove(0);
            Box::pin(async move { next })
        }
    }

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn token(value: &str, minutes: i64) -> Result<AccessToken, FetchError> {
        Ok(AccessToken::new(value, "Bearer", Some(start() + chrono::Duration::minutes(minutes))))
    }

    fn transient(retry_after: Option<Duration>) -> Result<AccessToken, FetchError> {
        Err(FetchError::Transient { message: "503".into(), retry_after })
    }

    fn cache(results: Vec<Result<AccessToken, FetchError>>) -> (TokenCache<Script>, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new(start()));
        let cache = TokenCache::new(Script { results: Mutex::new(results) }).with_clock(clock.clone());
        (cache, clock)
    }

    #[tokio::test]
    async fn caches_until_the_margin_then_refreshes_once() {
        let (cache, clock) = cache(vec![token("a", 10), token("b", 30)]);
        assert_eq!(cache.token().await.unwrap().secret().expose(), "a");
        clock.advance(Duration::from_secs(8 * 60 + 59));
        assert_eq!(cache.token().await.unwrap().secret().expose(), "a");
        assert_eq!(cache.requests(), 1);
        clock.advance(Duration::from_secs(1)); // 9:00, the 60 s margin
        assert_eq!(cache.token().await.unwrap().secret().expose(), "b");
        assert_eq!(cache.requests(), 2);
    }

    #[tokio::test]
    async fn retries_transient_failures_with_backoff_and_retry_after() {
        let (cache, clock) = cache(vec![transient(None), transient(Some(Duration::from_secs(2))), token("a", 10)]);
        assert_eq!(cache.token().await.unwrap().secret().expose(), "a");
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
        assert_eq!(error.attempts, 4);
        assert_eq!(cache.token().await.unwrap().secret().expose(), "a");
    }

    #[tokio::test]
    async fn permanent_failures_are_not_retried_and_a_valid_token_still_serves() {
        let (cache, clock) = cache(vec![token("a", 10), Err(FetchError::permanent("garbage")), token("b", 10)]);
        cache.token().await.unwrap();
        clock.advance(Duration::from_secs(9 * 60 + 30)); // inside the margin, not expired
        assert_eq!(cache.token().await.unwrap().secret().expose(), "a");
        clock.advance(Duration::from_secs(31)); // expired
        assert_eq!(cache.token().await.unwrap().secret().expose(), "b");
        assert_eq!(cache.requests(), 3);
    }

    #[tokio::test]
    async fn too_long_retry_after_fails_fast() {
        let (cache, clock) = cache(vec![transient(Some(Duration::from_secs(3600)))]);
        assert_eq!(cache.token().await.unwrap_err().attempts, 1);
        assert!(clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn invalidate_forces_a_refresh_once() {
        let (cache, _clock) = cache(vec![token("a", 10), token("b", 10), token("c", 10)]);
        let first = cache.token().await.unwrap();
        cache.invalidate();
        let second = cache.token().await.unwrap();
        assert_eq!(second.secret().expose(), "b");
        cache.invalidate_token(&first); // stale: no effect
        assert_eq!(cache.token().await.unwrap().secret().expose(), "b");
        cache.invalidate_token(&second);
        assert_eq!(cache.token().await.unwrap().secret().expose(), "c");
    }

    #[tokio::test]
    async fn unknown_expiry_uses_the_policy_lifetime_and_short_tokens_half_their_life() {
        let (cache, clock) = cache(vec![
            Ok(AccessToken::new("a", "Bearer", None)),
            Ok(AccessToken::new("b", "Bearer", Some(start() + chrono::Duration::seconds(300)))),
            token("c", 60),
        ]);
        cache.token().await.unwrap();
        clock.advance(Duration::from_secs(239));
        assert_eq!(cache.token().await.unwrap().secret().expose(), "a");
        clock.advance(Duration::from_secs(1)); // 300 s lifetime, 60 s margin
        assert_eq!(cache.token().await.unwrap().secret().expose(), "b");
        // "b" lives 60 s from now (300 s after start): the margin is capped at 30 s.
        clock.advance(Duration::from_secs(29));
        assert_eq!(cache.token().await.unwrap().secret().expose(), "b");
        clock.advance(Duration::from_secs(1));
        assert_eq!(cache.token().await.unwrap().secret().expose(), "c");
    }

    #[test]
    fn debug_shows_no_secret() {
        let (cache, _clock) = cache(vec![]);
        cache.store(AccessToken::new("s3cr3t-token", "Bearer", None), start());
        let shown = format!("{cache:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("REDACTED"), "{shown}");
    }
}
