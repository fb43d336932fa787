//! Measuring the server's clock from `GET /time` (R-AUTH3) and reading 401s (R-AUTH4).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use url::Url;

use super::limiter::{Limiter, Priority};
use super::{ApiError, ServerTime, decode};

/// A measurement whose round trip took longer than this is discarded (R-AUTH3).
pub const MAX_ROUND_TRIP: Duration = Duration::from_secs(1);

/// Where a [`Clock`](super::super::jwt::Clock) reads the server's time: `GET /time`, metered
/// by the public bucket.
#[derive(Clone, Debug)]
pub struct TimeSource {
    pub(super) http: reqwest::Client,
    pub(super) url: Url,
    pub(super) limiter: Arc<Limiter>,
}

impl TimeSource {
    /// Server time minus local time, in milliseconds.
    ///
    /// The server read its clock somewhere inside the round trip; the estimate is the low end
    /// of that interval (server time at the moment the answer arrived), so a corrected `nbf` is
    /// never ahead of the server.
    pub async fn measure(&self) -> Result<i64, ApiError> {
        self.limiter.acquire(Priority::Status).await;
        let sent = Utc::now().timestamp_millis();
        let response = self.http.get(self.url.clone()).send().await;
        let received = Utc::now().timestamp_millis();
        let text = response
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| ApiError::Transport(format!("GET /time: {e}")))?
            .text()
            .await
            .map_err(|e| ApiError::Transport(format!("GET /time: {e}")))?;
        let rtt = received.saturating_sub(sent);
        if rtt > MAX_ROUND_TRIP.as_millis() as i64 {
            return Err(ApiError::Transport(format!("GET /time took {rtt} ms; clock not measured")));
        }
        Ok(server_millis(&decode(&text)?).saturating_sub(received))
    }
}

/// The server time in unix milliseconds: `epochMillis`, else `epochSeconds`, else `iso`.
pub fn server_millis(time: &ServerTime) -> i64 {
    time.epoch_millis
        .trim()
        .parse::<i64>()
        .ok()
        .or_else(|| time.epoch_seconds.trim().parse::<i64>().ok().map(|s| s.saturating_mul(1000)))
        .unwrap_or_else(|| time.iso.timestamp_millis())
}

/// What a 401's text says about its cause. Coinbase's exact wording is unconfirmed (a bare
/// `Unauthorized` is common), so an unstated cause is handled like a clock problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthCause {
    /// The token's time window: expired, not yet valid, clock skew.
    Clock,
    /// The key itself: unknown, revoked, bad signature, wrong algorithm.
    Credentials,
    /// The server did not say.
    Unstated,
}

impl AuthCause {
    /// Whether the clock should be re-measured before signing again.
    pub fn remeasure(self) -> bool {
        self != Self::Credentials
    }
}

/// Reads a 401's text (body or message) for its cause.
pub fn auth_cause(text: &str) -> AuthCause {
    let text = text.to_ascii_lowercase();
    let clock = ["expired", "not yet valid", "nbf", "exp ", "clock", "skew", "time", "future"];
    let credentials = ["api key", "signature", "revoked", "algorithm", "permission", "issuer"];
    if clock.iter().any(|w| text.contains(w)) {
        AuthCause::Clock
    } else if credentials.iter().any(|w| text.contains(w)) {
        AuthCause::Credentials
    } else {
        AuthCause::Unstated
    }
}

#[cfg(test)]
mod tests;
