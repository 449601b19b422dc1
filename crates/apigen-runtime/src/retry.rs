//! Sending a call again after an answer that says the server did not act on it, or a
//! request that may be sent twice without harm (RFC 9110 §9.2.2).

use std::time::Duration;

/// When a call is sent again ([`ClientCore::with_retries`](crate::ClientCore::with_retries)).
///
/// A call is sent again, after a wait, when
/// - no connection could be made (nothing reached the server), whatever the method;
/// - the server answered 429 Too Many Requests (it refused the request), whatever the method;
/// - the request is idempotent (`GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`, or any
///   method with a non-blank `Idempotency-Key` header) and the server answered 408, 500,
///   502, 503 or 504, or the connection broke before the response arrived, or fell silent
///   past the HTTP client's read timeout (when that ends before the call's bound).
///
/// A `POST` (or `PATCH`) without an `Idempotency-Key` answered 503, or whose connection
/// broke after it was sent, is not sent again: the server may have acted on it (a
/// payment made twice is worse than an error). A request whose body is streamed cannot
/// be sent again.
///
/// The wait is the server's `Retry-After`, or else a random time up to `base_delay`
/// doubled per retry ("full jitter"), at most `max_delay`. A `Retry-After` longer than
/// `max_delay`, or a wait that, with another attempt as long as the last, would end
/// after the call's bound ([`ClientCore::with_timeout`](crate::ClientCore::with_timeout)),
/// is not waited: the answer at hand is the call's (an `Error::UnexpectedStatus`, for a
/// status the document does not list, carries the `Retry-After`). An attempt that was
/// started and is still going at the bound ends the call with `Error::Timeout`. Every
/// response, those answered again included, reaches the response observer.
///
/// With a token provider, the request sent again after a 401 with a fresh token is one
/// more send, retried in its turn: a call is then at most `2 × (retries + 1)` requests.
///
/// Retries draw on a budget that a client shares with the clones made from it, as the
/// AWS SDKs' retry quota does: each retry takes [`RetryPolicy::RETRY_COST`] of `budget`; a
/// call that ends without a transport error, 408, 429 or 5xx gives back what its retries
/// took (one, when it needed none). When a server is down, calls then stop being sent
/// again once the budget is spent (100 retries with the defaults), instead of tripling the
/// load on it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Times a request is sent again at most (so at most `retries + 1` requests, or twice
    /// that with a 401 answered by a fresh token). Default 2.
    pub retries: u32,
    /// The first wait; each retry doubles it, with full jitter. Default 200 ms.
    pub base_delay: Duration,
    /// The longest wait, and the longest `Retry-After` honoured. Default 10 s.
    pub max_delay: Duration,
    /// The retry budget of the client and its clones. Default 500 (100 retries).
    pub budget: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 2,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            budget: 500,
        }
    }
}

impl RetryPolicy {
    /// What one retry takes of the budget.
    pub const RETRY_COST: u32 = 5;

    /// Never send a call again: every call is one request (and one more after a 401 with
    /// a token provider, which is not a retry).
    pub fn none() -> Self {
        RetryPolicy { retries: 0, ..RetryPolicy::default() }
    }

    /// The wait before sending again a request that got `sent` at its `attempt`-th try
    /// (from 1), or `None` when it is not to be sent again.
    pub(crate) fn wait(
        &self,
        attempt: u32,
        idempotent: bool,
        sent: &Result<reqwest::Response, reqwest::Error>,
    ) -> Option<Duration> {
        if attempt > self.retries {
            return None;
        }
        let retry_after = match sent {
            Err(error) if error.is_connect() => None,
            Err(error) if idempotent && (error.is_timeout() || error.is_request()) => None,
            Err(_) => return None,
            Ok(response) if again_after(response.status().as_u16(), idempotent) => crate::client::retry_after(response),
            Ok(_) => return None,
        };
        let wait = retry_after.unwrap_or_else(|| self.backoff(attempt));
        (wait <= self.max_delay).then_some(wait)
    }

    /// Full jitter: a uniformly random wait up to `base_delay * 2^(attempt-1)`, capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.base_delay.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(self.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// The retry budget a client and its clones share (see [`RetryPolicy`]).
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    tokens: std::sync::Arc<std::sync::atomic::AtomicU32>,
    max: u32,
}

impl Budget {
    pub(crate) fn new(max: u32) -> Self {
        Budget { tokens: std::sync::Arc::new(std::sync::atomic::AtomicU32::new(max)), max }
    }

    /// Takes one retry's cost, if the budget holds it.
    pub(crate) fn take(&self) -> bool {
        use std::sync::atomic::Ordering;
        let cost = RetryPolicy::RETRY_COST;
        self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| left.checked_sub(cost)).is_ok()
    }

    /// Gives back what a call that succeeded after `retries` retries took (one token
    /// when it needed none), up to the budget.
    pub(crate) fn give_back(&self, retries: u32) {
        use std::sync::atomic::Ordering;
        let amount = if retries == 0 { 1 } else { retries.saturating_mul(RetryPolicy::RETRY_COST) };
        let refill = |left: u32| (left < self.max).then(|| left.saturating_add(amount).min(self.max));
        let _ = self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, refill);
    }

    /// What is left.
    pub(crate) fn left(&self) -> u32 {
        self.tokens.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// Whether an answer with `status` says the server failed or refused for its load (what
/// does not give back the retry budget).
pub(crate) fn failed(status: u16) -> bool {
    status == 408 || status == 429 || status >= 500
}

/// Whether an answer with `status` is worth asking again.
fn again_after(status: u16, idempotent: bool) -> bool {
    status == 429 || (idempotent && matches!(status, 408 | 500 | 502 | 503 | 504))
}

/// Whether sending `request` twice does what sending it once does: its method says so
/// (RFC 9110 §9.2.2), or it carries an `Idempotency-Key` that is not empty (with which
/// the server recognises a repeat).
pub(crate) fn idempotent(request: &reqwest::Request) -> bool {
    use reqwest::Method;
    let keyed = request.headers().get_all("idempotency-key").iter().any(|key| !key.as_bytes().trim_ascii().is_empty());
    keyed
        || matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<&str>) -> Result<reqwest::Response, reqwest::Error> {
        let mut response = http::Response::builder().status(status);
        if let Some(value) = retry_after {
            response = response.header("retry-after", value);
        }
        Ok(reqwest::Response::from(response.body(Vec::<u8>::new()).unwrap()))
    }

    /// Statuses are asked again by what they say of the request, and only within the
    /// number of retries.
    #[test]
    fn which_answers_are_asked_again() {
        let policy = RetryPolicy::default();
        for (status, idempotent, again) in [
            (429, false, true),
            (503, true, true),
            (503, false, false),
            (500, true, true),
            (502, true, true),
            (504, true, true),
            (501, true, false),
            (408, true, true),
            (400, true, false),
            (200, true, false),
        ] {
            let wait = policy.wait(1, idempotent, &answer(status, None));
            assert_eq!(wait.is_some(), again, "{status} {idempotent}");
        }
        assert!(policy.wait(3, true, &answer(503, None)).is_none());
        assert!(RetryPolicy::none().wait(1, true, &answer(503, None)).is_none());
    }

    /// `Retry-After` is the wait, unless it is longer than the longest wait.
    #[test]
    fn retry_after_is_the_wait_within_the_longest() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait(1, true, &answer(503, Some("3"))), Some(Duration::from_secs(3)));
        assert_eq!(policy.wait(1, false, &answer(429, Some("11"))), None);
        for attempt in 1..=2 {
            let wait = policy.wait(attempt, true, &answer(503, None)).unwrap();
            assert!(wait <= Duration::from_millis(200 << (attempt - 1)), "{wait:?}");
        }
    }

    /// `Retry-After` as an HTTP date, in each of its three forms.
    #[test]
    fn retry_after_dates_in_every_form() {
        let at = std::time::SystemTime::now() + Duration::from_secs(30);
        let imf = httpdate::fmt_http_date(at);
        let parsed = chrono::DateTime::parse_from_rfc2822(&imf).unwrap();
        let rfc850 = parsed.format("%A, %d-%b-%y %H:%M:%S GMT").to_string();
        let asctime = parsed.format("%a %b %e %H:%M:%S %Y").to_string();
        for date in [imf, rfc850, asctime] {
            let wait = crate::client::retry_after(&answer(503, Some(&date)).unwrap());
            assert!(
                wait.is_some_and(|w| w > Duration::from_secs(25) && w <= Duration::from_secs(30)),
                "{date}: {wait:?}"
            );
        }
        let past = crate::client::retry_after(&answer(503, Some("Sun, 06 Nov 1994 08:49:37 GMT")).unwrap());
        assert_eq!(past, Some(Duration::ZERO));
    }

    /// The budget pays for retries while it lasts and is refilled by calls that succeed.
    #[test]
    fn the_budget_pays_for_retries_and_is_refilled() {
        let budget = Budget::new(12);
        assert!(budget.take() && budget.take(), "two retries of 5");
        assert!(!budget.take(), "2 left: no third");
        budget.give_back(0);
        assert_eq!(budget.left(), 3);
        budget.give_back(2);
        assert_eq!(budget.left(), 12, "up to the budget");
    }

    #[test]
    fn idempotent_by_method_or_key() {
        let request = |method: reqwest::Method, key: bool| {
            let mut request = reqwest::Request::new(method, "https://example.com/".parse().unwrap());
            if key {
                request.headers_mut().insert("Idempotency-Key", "k1".parse().unwrap());
            }
            request
        };
        assert!(idempotent(&request(reqwest::Method::GET, false)));
        assert!(idempotent(&request(reqwest::Method::DELETE, false)));
        assert!(idempotent(&request(reqwest::Method::TRACE, false)));
        assert!(idempotent(&request(reqwest::Method::HEAD, false)));
        assert!(idempotent(&request(reqwest::Method::OPTIONS, false)));
        assert!(!idempotent(&request(reqwest::Method::POST, false)));
        assert!(!idempotent(&request(reqwest::Method::PATCH, false)));
        assert!(idempotent(&request(reqwest::Method::POST, true)));
        let mut empty = request(reqwest::Method::POST, false);
        empty.headers_mut().insert("Idempotency-Key", " ".parse().unwrap());
        assert!(!idempotent(&empty), "an empty key is no key");
    }
}
