//! The token cache: a lock-free hit path, a background refresh nobody waits for,
//! single flight when a token is needed, and retries bounded by a deadline.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use chrono::{DateTime, Utc};

use super::clock::{Clock, SystemClock};
use super::{AccessToken, TokenError, TokenSource};

/// When to refresh, how to retry, and how long a refresh may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshPolicy {
    /// Start refreshing this long before the token expires (at most half its
    /// lifetime, so a short-lived token is still used). Default 60 s.
    pub margin: Duration,
    /// How long to use a token whose expiry is unknown. Default 300 s.
    pub unknown_lifetime: Duration,
    /// Retries after a transient failure (so at most `retries + 1` requests per
    /// refresh). Default 3.
    pub retries: u32,
    /// The first backoff; each retry doubles it, with full jitter. Default 200 ms.
    pub base_delay: Duration,
    /// The longest backoff, and the longest `Retry-After` honoured (a longer one
    /// fails the refresh instead of stalling every caller). Default 10 s. After a
    /// failed background refresh, the next one starts no sooner than this.
    pub max_delay: Duration,
    /// A refresh as a whole, all attempts and backoff included, fails with
    /// [`TokenError::Deadline`] after this long (at once when the next retry would
    /// only start after it). Default 20 s: within a generated call's default bound
    /// ([`ClientCore::DEFAULT_TIMEOUT`](crate::ClientCore::DEFAULT_TIMEOUT), 30 s), so that
    /// a call waiting on a token endpoint that does not answer fails with this error,
    /// which says so, rather than with the call's [`Error::Timeout`](crate::Error::Timeout).
    pub deadline: Duration,
    /// One token request fails with [`TokenError::Timeout`] (and is retried) after
    /// this long, whatever the HTTP client's own timeout. Default 10 s.
    pub request_timeout: Duration,
    /// A 401 drops the cached token ([`TokenCache::invalidate_token`]) at most once in
    /// this long. When every call is rejected (revoked credentials, a missing scope), a
    /// fresh token does not help: calls then get their 401 without a token request each,
    /// and the token endpoint at most one request per interval. Default 5 s.
    pub rejection_interval: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            margin: Duration::from_secs(60),
            unknown_lifetime: Duration::from_secs(300),
            retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(20),
            request_timeout: Duration::from_secs(10),
            rejection_interval: Duration::from_secs(5),
        }
    }
}

struct Entry {
    token: Arc<AccessToken>,
    /// From here on, a background refresh is started.
    refresh_at: DateTime<Utc>,
    /// `refresh_at` in nanoseconds since the Unix epoch, for the hit path.
    refresh_nanos: i64,
    /// From here on, the token is not served at all.
    expires_at: DateTime<Utc>,
}

impl Entry {
    fn new(token: Arc<AccessToken>, refresh_at: DateTime<Utc>, expires_at: DateTime<Utc>) -> Self {
        Entry { token, refresh_at, refresh_nanos: super::clock::unix_nanos(refresh_at), expires_at }
    }
}

/// What the cache and its background task share.
struct Shared<S> {
    source: Arc<S>,
    clock: Arc<dyn Clock>,
    policy: RefreshPolicy,
    current: ArcSwapOption<Entry>,
    /// Held by whoever is fetching: one request in flight, however many callers.
    flight: tokio::sync::Mutex<()>,
    /// A background refresh is running (or about to).
    background: AtomicBool,
    requests: AtomicU64,
    last_error: Mutex<Option<TokenError>>,
    /// How many refreshes have finished, and the failure of the last one (if it failed):
    /// callers that waited for a refresh that failed get its failure, not one refresh
    /// each after it.
    finished: AtomicU64,
    failure: Mutex<Option<TokenError>>,
    /// When a 401 last dropped the token ([`RefreshPolicy::rejection_interval`]).
    rejected_at: Mutex<Option<DateTime<Utc>>>,
}

/// Caches the token of a [`TokenSource`].
///
/// - While the cached token is fresh, [`TokenCache::token`] is a lock-free load, a
///   coarse clock read ([`Clock::coarse_unix_nanos`]) and an `Arc` clone: no
///   allocation, no await, no lock.
/// - From `margin` before expiry (the refresh window), callers still get the current
///   token at once, and one background task refreshes it. Nobody waits for that
///   request; a failure of it is kept ([`TokenCache::last_error`]) and retried no
///   sooner than `max_delay` later.
/// - Only when no valid token exists (first use, expiry, [`TokenCache::invalidate`])
///   do callers wait, all for the same single request.
/// - A refresh retries transient failures (connect errors, timeouts, 408, 429, 5xx)
///   with exponential backoff and full jitter, honouring `Retry-After`; each request
///   is bounded by `request_timeout` and the whole refresh by `deadline`.
/// - A failed refresh changes nothing: a token that is not yet expired is still served.
///
/// # Runtime
///
/// The background refresh is a task spawned on the current tokio runtime, and the
/// timeouts use tokio's timer: use the cache inside a tokio runtime with the time
/// driver enabled (`rt` and `time` features, as `reqwest` needs anyway). The task
/// is aborted when the cache is dropped, so it never outlives it.
pub struct TokenCache<S> {
    shared: Arc<Shared<S>>,
    task: Mutex<Option<tokio::task::AbortHandle>>,
    /// Refreshes callers wait for, each on a task of its own (aborted with the cache).
    refreshes: Mutex<Vec<tokio::task::AbortHandle>>,
}

impl<S> fmt::Debug for TokenCache<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let current = self.shared.current.load();
        f.debug_struct("TokenCache")
            .field("token", &current.as_ref().map(|e| &e.token))
            .field("refresh_at", &current.as_ref().map(|e| e.refresh_at))
            .field("policy", &self.shared.policy)
            .field("requests", &self.shared.requests.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl<S> Drop for TokenCache<S> {
    fn drop(&mut self) {
        if let Some(task) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
        for refresh in self.refreshes.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
            refresh.abort();
        }
    }
}

impl<S: TokenSource + 'static> TokenCache<S> {
    /// A cache over `source` with the system clock and the default policy.
    pub fn new(source: S) -> Self {
        Self::from_parts(Arc::new(source), Arc::new(SystemClock), RefreshPolicy::default(), None)
    }

    fn from_parts(source: Arc<S>, clock: Arc<dyn Clock>, policy: RefreshPolicy, current: Option<Arc<Entry>>) -> Self {
        let shared = Shared {
            source,
            clock,
            policy,
            current: ArcSwapOption::new(current),
            flight: tokio::sync::Mutex::new(()),
            background: AtomicBool::new(false),
            requests: AtomicU64::new(0),
            last_error: Mutex::new(None),
            finished: AtomicU64::new(0),
            failure: Mutex::new(None),
            rejected_at: Mutex::new(None),
        };
        TokenCache { shared: Arc::new(shared), task: Mutex::new(None), refreshes: Mutex::new(Vec::new()) }
    }

    /// Rebuilds the shared state with a change (a running background refresh keeps
    /// the old state and is aborted with it).
    fn rebuild(self, change: impl FnOnce(&mut Arc<dyn Clock>, &mut RefreshPolicy)) -> Self {
        let (mut clock, mut policy) = (self.shared.clock.clone(), self.shared.policy.clone());
        change(&mut clock, &mut policy);
        Self::from_parts(self.shared.source.clone(), clock, policy, self.shared.current.load_full())
    }

    /// Uses another clock (tests use [`super::ManualClock`]).
    #[must_use]
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        self.rebuild(|c, _| *c = clock)
    }

    /// Uses another refresh policy.
    #[must_use]
    pub fn with_policy(self, policy: RefreshPolicy) -> Self {
        self.rebuild(|_, p| *p = policy)
    }

    /// The source.
    pub fn source(&self) -> &S {
        &self.shared.source
    }

    /// The policy.
    pub fn policy(&self) -> &RefreshPolicy {
        &self.shared.policy
    }

    /// How many token requests the cache has made.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// The failure of the last background refresh, if it failed (cleared by the next
    /// successful refresh). Callers never see it otherwise: they keep the current token.
    pub fn last_error(&self) -> Option<TokenError> {
        self.shared.last_error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A valid token: the cached one (starting a background refresh when the refresh
    /// window is open), or, when none is valid, a fresh one.
    #[inline]
    pub async fn token(&self) -> Result<Arc<AccessToken>, TokenError> {
        {
            let current = self.shared.current.load();
            if let Some(entry) = current.as_ref()
                && self.shared.clock.coarse_unix_nanos() < entry.refresh_nanos
            {
                return Ok(entry.token.clone());
            }
        }
        self.token_slow().await
    }

    async fn token_slow(&self) -> Result<Arc<AccessToken>, TokenError> {
        if let Some(token) = self.shared.valid() {
            self.start_background();
            return Ok(token);
        }
        let shared = self.shared.clone();
        let finished = shared.finished.load(Ordering::Acquire);
        let wait = async move {
            let _flight = shared.flight.lock().await;
            // Whoever held the lock before (a caller, or the background task) may have
            // refreshed already, or failed to: then its failure is this caller's too.
            if let Some(token) = shared.valid() {
                return Ok(token);
            }
            if shared.finished.load(Ordering::Acquire) != finished {
                if let Some(failure) = shared.failure.lock().unwrap_or_else(|p| p.into_inner()).clone() {
                    return Err(failure);
                }
                // It succeeded, but its token's lifetime ran out before this caller got to
                // it (a lifetime shorter than the endpoint takes to answer): asking again,
                // caller after caller, would give none that lives longer. Served as it came.
                if let Some(entry) = shared.current.load().as_ref() {
                    return Ok(entry.token.clone());
                }
            }
            // A failure changes nothing: a token that has not expired (one that came in
            // while this refresh ran) is still served.
            shared.refresh().await.or_else(|error| shared.valid().ok_or(error))
        };
        // On a task of its own: a caller that stops waiting (its call timed out, or was
        // dropped) does not cancel the refresh the other callers wait for.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return wait.await };
        let task = runtime.spawn(wait);
        {
            let mut refreshes = self.refreshes.lock().unwrap_or_else(|p| p.into_inner());
            refreshes.retain(|refresh| !refresh.is_finished());
            refreshes.push(task.abort_handle());
        }
        match task.await {
            Ok(result) => result,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(_) => Err(TokenError::other("the token refresh was cancelled (the runtime is shutting down)", true)),
        }
    }

    /// Refreshes now, whatever the state of the cached token, and waits for it (one
    /// request in flight with any other refresh).
    pub async fn refresh(&self) -> Result<Arc<AccessToken>, TokenError> {
        let _flight = self.shared.flight.lock().await;
        self.shared.refresh().await
    }

    fn start_background(&self) {
        if self.shared.background.swap(true, Ordering::AcqRel) {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            // No runtime to run it on: the token is refreshed when it expires instead.
            self.shared.background.store(false, Ordering::Release);
            return;
        };
        let shared = self.shared.clone();
        let task = runtime.spawn(async move { shared.background_refresh().await });
        *self.task.lock().unwrap_or_else(|p| p.into_inner()) = Some(task.abort_handle());
    }

    /// Drops the cached token: the next call fetches a new one.
    pub fn invalidate(&self) {
        self.shared.current.store(None);
    }

    /// Drops the cached token only if it is `token` (the same secret, compared in
    /// constant time), and says whether it did. Call it when a protected call using
    /// `token` answers 401: when many calls fail with the same token at once, only
    /// the first forces a refresh, and a token already replaced is left alone. Within
    /// [`RefreshPolicy::rejection_interval`] of the last token it dropped, it keeps the
    /// token (the server rejects fresh tokens too: asking for another would not help).
    pub fn invalidate_token(&self, token: &AccessToken) -> bool {
        let current = self.shared.current.load();
        match current.as_ref() {
            Some(entry) if entry.token.same_token(token) && self.shared.rejection_allowed() => {
                let previous = self.shared.current.compare_and_swap(&*current, None);
                match (&*previous, &*current) {
                    (Some(previous), Some(expected)) => Arc::ptr_eq(previous, expected),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

impl<S: TokenSource> Shared<S> {
    /// Whether a 401 may drop the token now, at most once per `rejection_interval`;
    /// if so, now is the last time.
    fn rejection_allowed(&self) -> bool {
        let now = self.clock.now();
        let mut last = self.rejected_at.lock().unwrap_or_else(|p| p.into_inner());
        let interval = chrono::Duration::from_std(self.policy.rejection_interval).unwrap_or(chrono::Duration::MAX);
        let allowed = last.is_none_or(|at| now.signed_duration_since(at) >= interval);
        if allowed {
            *last = Some(now);
        }
        allowed
    }

    /// The cached token while it has not expired (inside the refresh window too).
    fn valid(&self) -> Option<Arc<AccessToken>> {
        let current = self.current.load();
        current.as_ref().filter(|entry| self.clock.now() < entry.expires_at).map(|entry| entry.token.clone())
    }

    async fn background_refresh(&self) {
        let _flight = self.flight.lock().await;
        let fresh = self.current.load().as_ref().is_some_and(|entry| self.clock.now() < entry.refresh_at);
        if !fresh && let Err(error) = self.refresh().await {
            // Try again no sooner than `max_delay` from now (still before expiry).
            let now = self.clock.now();
            let current = self.current.load_full();
            if let Some(entry) = current.as_ref() {
                let later = now + chrono::Duration::from_std(self.policy.max_delay).unwrap_or_default();
                let entry = Entry::new(entry.token.clone(), later, entry.expires_at);
                self.current.compare_and_swap(&current, Some(Arc::new(entry)));
            }
            *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(error);
        }
        self.background.store(false, Ordering::Release);
    }

    /// One refresh, all attempts, bounded by the policy's deadline. Call with `flight` held.
    async fn refresh(&self) -> Result<Arc<AccessToken>, TokenError> {
        let mut last = None;
        let outcome = tokio::time::timeout(self.policy.deadline, self.attempts(&mut last)).await;
        let result = outcome
            .unwrap_or_else(|_| Err(TokenError::Deadline { after: self.policy.deadline, last: last.map(Box::new) }));
        if result.is_ok() {
            *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = result.as_ref().err().cloned();
        self.finished.fetch_add(1, Ordering::Release);
        result
    }

    /// Requests until one succeeds, a failure is permanent, or the retries are used up.
    async fn attempts(&self, last: &mut Option<TokenError>) -> Result<Arc<AccessToken>, TokenError> {
        let started = tokio::time::Instant::now();
        let mut attempt = 0;
        loop {
            let now = self.clock.now();
            attempt += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let timeout = self.policy.request_timeout;
            let failure = match tokio::time::timeout(timeout, self.source.fetch(now)).await {
                Ok(Ok(token)) => return Ok(self.store(token, now)),
                Ok(Err(failure)) => failure,
                Err(_) => TokenError::Timeout { after: timeout },
            };
            let remaining = self.policy.deadline.saturating_sub(started.elapsed());
            let delay = match failure.retry_after() {
                Some(wait) => wait,
                None => self.backoff(attempt),
            };
            if !failure.is_transient() || attempt > self.policy.retries || delay > self.policy.max_delay {
                return Err(failure);
            }
            if delay >= remaining {
                // The retry would start after the deadline: give up now, as at the deadline.
                return Err(TokenError::Deadline { after: self.policy.deadline, last: Some(Box::new(failure)) });
            }
            *last = Some(failure);
            self.clock.sleep(delay).await;
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
        self.current.store(Some(Arc::new(Entry::new(token.clone(), refresh_at, expires_at))));
        token
    }
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;
