//! When to try a request again, and how long to wait first (R-REST2, R-RATE3, R-AUTH4).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::Method;
use reqwest::header::HeaderMap;

use super::super::error::ApiError;

/// Total time a request may spend waiting between attempts (the 10 s deadline).
pub const RETRY_BUDGET: Duration = Duration::from_secs(10);
/// Retries of a read after a transient failure or 5xx (R-REST2).
pub const TRANSIENT_RETRIES: u32 = 3;
/// Longest wait a server may ask for before a retry is pointless within the budget.
const RATE_CAP: Duration = Duration::from_secs(30);

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Wait this long, then send again with a fresh JWT.
    Retry(Duration),
    /// Re-measure the clock, wait this long, then send again with a fresh JWT (one 401).
    Resign(Duration),
    /// Give up and return the error.
    Stop,
}

/// Counts of what has been retried so far for one request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Attempts {
    /// Transient failures and 5xx retried.
    pub transient: u32,
    /// 429s retried.
    pub limited: u32,
    /// Whether the one re-sign after a 401 was used.
    pub resigned: bool,
    /// Time already spent waiting.
    pub waited: Duration,
}

/// Which retry counter a failure advanced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A 429.
    RateLimited,
    /// A transient failure or 5xx.
    Transient,
}

impl Attempts {
    /// Counts a retried failure and says which kind it was.
    pub fn count(&mut self, error: &ApiError) -> Kind {
        if let ApiError::RateLimited { .. } = error {
            self.limited += 1;
            Kind::RateLimited
        } else {
            self.transient += 1;
            Kind::Transient
        }
    }
}

/// More 401s than this within [`REFUSAL_WINDOW`] stop re-signing altogether (R-AUTH4).
pub const MAX_REFUSALS: usize = 3;
/// The window [`MAX_REFUSALS`] counts in.
pub const REFUSAL_WINDOW: Duration = Duration::from_secs(60);

/// The 401s a client received lately: past [`MAX_REFUSALS`] in [`REFUSAL_WINDOW`], a 401 is
/// final at once, never an endless re-sign loop (R-AUTH4).
#[derive(Debug, Default)]
pub struct Refusals(Mutex<VecDeque<Instant>>);

impl Refusals {
    /// Records a 401 at `now`; true when the limit is passed.
    pub fn record(&self, now: Instant) -> bool {
        let mut recent = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while recent.front().is_some_and(|t| now.saturating_duration_since(*t) >= REFUSAL_WINDOW) {
            recent.pop_front();
        }
        recent.push_back(now);
        recent.len() > MAX_REFUSALS
    }
}

/// Decides the next step after `error` on a `method` request; `unit` in `[0, 1]` is jitter.
///
/// Reads retry transient failures, 5xx and 429; writes never do (an order 429 is "not
/// placed", R-RATE3). Any request re-signs once after a 401: it is a definitive refusal, so a
/// second try cannot double anything (R-AUTH4). Every wait must fit [`RETRY_BUDGET`].
pub fn next(error: &ApiError, method: &Method, attempts: &Attempts, unit: f64) -> Next {
    let read = *method == Method::GET;
    let plan = match error {
        e if e.is_unauthorized() && !attempts.resigned => {
            return Next::Resign(Duration::from_millis(250).mul_f64(1.0 + 3.0 * unit.clamp(0.0, 1.0)));
        }
        ApiError::RateLimited { retry_after, .. } if read => {
            Some(retry_after.map_or_else(|| rate_backoff(attempts.limited, unit), |d| jittered(d, unit)))
        }
        e if read && transient(e) && attempts.transient < TRANSIENT_RETRIES => {
            Some(backoff(attempts.transient, unit))
        }
        _ => None,
    };
    match plan {
        Some(wait) if attempts.waited + wait <= RETRY_BUDGET => Next::Retry(wait),
        _ => Next::Stop,
    }
}

/// Connection failures, timeouts and 5xx (HTML error pages included).
fn transient(e: &ApiError) -> bool {
    matches!(e, ApiError::Connect { .. } | ApiError::Transport(_) | ApiError::Timeout(_))
        || e.status().is_some_and(|s| s >= 500)
}

/// Wait before transient retry `attempt` (0-based): 100 ms doubling to at most 5 s, the upper
/// half jittered (R-REST2).
pub fn backoff(attempt: u32, unit: f64) -> Duration {
    let ceiling = Duration::from_millis(100).saturating_mul(1 << attempt.min(6)).min(Duration::from_secs(5));
    half_jitter(ceiling, unit)
}

/// Wait before 429 retry `attempt` (0-based) when the server named no time: 250 ms doubling
/// to at most 30 s, the upper half jittered. It starts below R-RATE3's 1 s so that five 429s
/// in a row still fit the 10 s budget.
pub fn rate_backoff(attempt: u32, unit: f64) -> Duration {
    let ceiling = Duration::from_millis(250).saturating_mul(1 << attempt.min(7)).min(RATE_CAP);
    half_jitter(ceiling, unit)
}

fn half_jitter(ceiling: Duration, unit: f64) -> Duration {
    ceiling / 2 + (ceiling / 2).mul_f64(unit.clamp(0.0, 1.0))
}

/// The server's wait plus up to 250 ms, so clients told the same time do not return together.
fn jittered(wait: Duration, unit: f64) -> Duration {
    wait.min(RATE_CAP) + Duration::from_millis(250).mul_f64(unit.clamp(0.0, 1.0))
}

/// The wait a 429 asks for: `Retry-After` (seconds or an HTTP date), else `x-ratelimit-reset`
/// (seconds to wait, or a unix time in seconds), measured from `now`.
pub fn server_wait(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    text("retry-after")
        .and_then(|v| retry_after(v, now))
        .or_else(|| text("x-ratelimit-reset").and_then(|v| ratelimit_reset(v, now)))
}

/// `Retry-After`: delay-seconds or an HTTP date.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&Utc) - now).to_std().unwrap_or(Duration::ZERO))
}

/// `x-ratelimit-reset`: a unix time when it is after 2001-09-09 (10^9), else seconds to wait.
pub fn ratelimit_reset(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let number: f64 = value.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    let secs = if number >= 1e9 { number - now.timestamp_millis() as f64 / 1000.0 } else { number };
    Some(Duration::from_secs_f64(secs.clamp(0.0, RATE_CAP.as_secs_f64())))
}

#[cfg(test)]
mod tests;
