//! Failed loads come back: a REST load that fails (products, balances, open orders, fills,
//! fee rates, candles, trades) is retried with jittered exponential backoff, scheduled on the
//! model's clock and sent from [`Msg::Tick`](crate::app::Msg), never by sleeping. The status
//! bar says what failed and when it is retried; a success clears both.

use std::time::{Duration, Instant};

use super::{Model, Problem, Severity};
use crate::app::{Effect, Request};

/// The first retry comes after about this long (the REST client already retried a failed GET
/// within its own budget before the model hears of it).
pub const RETRY_FIRST: Duration = Duration::from_secs(2);
/// Retries are never further apart than this; it is within a warning's lifetime, so the
/// "retrying in …" message stays up until the retry.
pub const RETRY_CAP: Duration = Duration::from_secs(15);

/// A load that failed and is retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// The load.
    pub request: Request,
    /// Failures so far (1 after the first).
    pub attempt: u32,
    /// When it is sent again; `None` once sent (waiting for its answer).
    pub due: Option<Instant>,
}

/// Whether a failed `request` is retried by the model (cancels and order look-ups have their
/// own handling; the gap listing is covered by the next reconciliation).
pub fn retried(request: &Request) -> bool {
    !matches!(request, Request::Cancel(_) | Request::FindOrder(_) | Request::OrdersSince)
}

/// The wait before retry number `attempt` (1-based): [`RETRY_FIRST`] doubling up to
/// [`RETRY_CAP`], of which the upper half is jitter drawn from `seed`.
pub fn backoff(attempt: u32, seed: u64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(16);
    let full = RETRY_FIRST.saturating_mul(1 << doublings).min(RETRY_CAP);
    let half = full / 2;
    let jitter_ms = mix(seed) % (half.as_millis() as u64 + 1);
    half + Duration::from_millis(jitter_ms)
}

/// splitmix64: spreads nearby seeds over the whole range.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Model {
    /// A load failed: schedules its next attempt and says so in the status bar.
    pub(super) fn schedule_retry(&mut self, request: &Request, reason: &str) {
        let attempt = self.retry_of(request).map_or(1, |r| r.attempt + 1);
        let seed = (self.wall.timestamp_subsec_nanos() as u64) ^ (u64::from(attempt) << 32);
        let wait = backoff(attempt, seed);
        tracing::info!(request = %request.describe(), attempt, wait_ms = wait.as_millis() as u64, "load retry scheduled");
        let due = Some(self.now + wait);
        match self.retries.iter_mut().find(|r| r.request == *request) {
            Some(r) => *r = Retry { request: request.clone(), attempt, due },
            None => self.retries.push(Retry { request: request.clone(), attempt, due }),
        }
        let in_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let body = Problem::Retrying { request: request.clone(), reason: reason.to_string(), in_secs };
        self.post(Severity::Warning, body);
    }

    /// A load answered: its retry (if any) ends, and so does the message announcing it.
    pub(super) fn load_succeeded(&mut self, request: &Request) {
        self.retries.retain(|r| r.request != *request);
        self.clear_message_if(|m| matches!(&m.body, Problem::Retrying { request: r, .. } if r == request));
    }

    /// The retry of `request`, if it failed and has not succeeded since.
    pub fn retry_of(&self, request: &Request) -> Option<&Retry> {
        self.retries.iter().find(|r| r.request == *request)
    }

    /// On a tick: sends the retries that are due.
    pub(super) fn retries_due(&mut self) -> Vec<Effect> {
        let now = self.now;
        let mut due = Vec::new();
        for r in &mut self.retries {
            if r.due.is_some_and(|t| t <= now) {
                r.due = None;
                due.push(r.request.clone());
            }
        }
        due.into_iter().filter_map(|request| self.load_effect(&request)).collect()
    }

    /// The effect that performs `request` again (`None` when it is no longer wanted, or when a
    /// coalesced reload is already out: its answer settles the retry).
    fn load_effect(&mut self, request: &Request) -> Option<Effect> {
        match request {
            Request::Products => Some(Effect::LoadProducts),
            Request::Accounts if self.account.balances_load.in_flight.is_none() => self.reload_balances(),
            Request::OpenOrders => Some(Effect::LoadOpenOrders),
            Request::Fills if self.account.fills_load.in_flight.is_none() => self.reload_fills(),
            Request::Accounts | Request::Fills => None,
            Request::Fees => Some(Effect::LoadFees),
            Request::OrderHistory => Some(Effect::LoadOrderHistory),
            Request::Candles(product) => self.markets.contains_key(product).then(|| Effect::LoadCandles {
                product: product.clone(),
                granularity: self.granularity,
                end: self.wall.timestamp(),
            }),
            Request::Trades(product) => {
                self.markets.contains_key(product).then(|| Effect::LoadTrades { product: product.clone() })
            }
            Request::Cancel(_) | Request::FindOrder(_) | Request::OrdersSince => None,
        }
    }
}
