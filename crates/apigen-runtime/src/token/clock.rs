//! Time, injectable: the token cache asks a [`Clock`] for "now" and for sleeps, so
//! tests move time by hand and never sleep.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::BoxFuture;

/// Where the token cache gets the time and how it waits between retries.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
    /// The current time in nanoseconds since the Unix epoch, possibly a few
    /// milliseconds behind [`Clock::now`]: what the cache's hit path compares with
    /// the time a refresh is due, on every call. The default reads [`Clock::now`].
    fn coarse_unix_nanos(&self) -> i64 {
        unix_nanos(self.now())
    }
}

/// `at` in nanoseconds since the Unix epoch (saturating outside 1677–2262).
pub(crate) fn unix_nanos(at: DateTime<Utc>) -> i64 {
    at.timestamp_nanos_opt().unwrap_or(if at.timestamp() > 0 { i64::MAX } else { i64::MIN })
}

/// The real clock: `Utc::now()` and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }

    /// On Linux, `CLOCK_REALTIME_COARSE`: the time of the last timer tick (at most a
    /// few milliseconds old), read from the vDSO in a few nanoseconds, where the
    /// precise clock plus chrono's conversion costs several times that. Starting a
    /// refresh a few milliseconds late does not matter; expiry itself is checked
    /// with [`Clock::now`]. Elsewhere, the precise system time.
    fn coarse_unix_nanos(&self) -> i64 {
        #[cfg(target_os = "linux")]
        {
            let now = rustix::time::clock_gettime(rustix::time::ClockId::RealtimeCoarse);
            now.tv_sec.saturating_mul(1_000_000_000).saturating_add(now.tv_nsec)
        }
        #[cfg(not(target_os = "linux"))]
        {
            unix_nanos(Utc::now())
        }
    }
}

/// A clock for tests: time moves only when told, and a sleep returns at once
/// after moving time forward by its duration (and recording it).
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
    sleeps: Mutex<Vec<Duration>>,
}

impl ManualClock {
    /// A clock standing at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock { now: Mutex::new(start), sleeps: Mutex::new(Vec::new()) }
    }

    /// Moves time forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
    }

    /// The sleeps requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.sleeps.lock().unwrap_or_else(|p| p.into_inner()).push(duration);
        self.advance(duration);
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coarse_system_time_is_the_system_time_give_or_take_a_tick() {
        let precise = unix_nanos(Utc::now());
        let coarse = SystemClock.coarse_unix_nanos();
        assert!((precise - coarse).abs() < 50_000_000, "{precise} vs {coarse}");
    }
}
