//! WebSocket feed: connect, subscribe (one message per channel, fresh JWT each), wait for the
//! `subscriptions` acknowledgement, parse every frame into a typed [`WsMessage`], watch sequence
//! numbers and liveness, and reconnect with jittered backoff. The feed task only reads and
//! parses; consumers get [`FeedEvent`]s and may send [`FeedCommand`]s to the live connection.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use url::Url;

use super::jwt::{self, Clock};
use super::rest::limiter::Limiter;
use super::wire::ws::*;
use crate::credentials::Credentials;
use crate::domain::ProductId;

mod connection;
mod decode;
mod error;
mod message;
mod sink;
use connection::{Outcome, stream_once};
pub use error::{FeedError, ParseError};
pub use message::{Channel, WsMessage};
pub use sink::{FeedSink, FrameTap, Gone};

/// Deadline for the TCP, TLS and WebSocket handshakes (R-WS5).
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// With no application message for this long, the connection is closed and reopened (R-WS4).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection whose subscriptions are not acknowledged within this time has failed (R-WS3).
pub const ACK_TIMEOUT: Duration = Duration::from_secs(5);
/// Consecutive "authentication failure" connections after which the feed stops (R-WS3).
pub const MAX_AUTH_FAILURES: u32 = 3;
/// At most one connection attempt per this interval (R-WS6).
pub const MIN_ATTEMPT_GAP: Duration = Duration::from_secs(1);
/// Largest frame accepted (R-WS8).
pub const MAX_MESSAGE: usize = 10 * 1024 * 1024;
/// The longest reconnect backoff (R-WS6); [`FeedControl::backoff_cap`] may lower it.
pub const BACKOFF_CAP: Duration = Duration::from_secs(30);
/// The backoff starts over only after this long LIVE (R-WS6).
const STABLE_AFTER: Duration = Duration::from_secs(30);

/// One channel subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Channel.
    pub channel: Channel,
    /// Products (empty for `heartbeats`, or for `user` meaning all products).
    pub product_ids: Vec<ProductId>,
}

/// Everything a feed task reports.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedEvent {
    /// Opening connection attempt `attempt` (1-based).
    Connecting {
        /// Attempt number since the last stable connection.
        attempt: u32,
    },
    /// Subscribed: the server acknowledged every requested channel (R-WS3). Every message of
    /// the connection, including the acknowledgement itself, follows this event.
    Connected,
    /// A parsed message.
    Message(WsMessage),
    /// `sequence_num` skipped. A connection carrying `level2` stays open and resubscribes
    /// its books for fresh snapshots (R-BK3); any other connection is reopened.
    Gap {
        /// Expected number.
        expected: u64,
        /// Received number.
        got: u64,
    },
    /// The connection ended; a reconnect follows after `retry_in`.
    Disconnected {
        /// Why.
        reason: FeedError,
        /// Wait before the next attempt.
        retry_in: Duration,
    },
    /// The feed stopped for good (e.g. [`MAX_AUTH_FAILURES`] authentication failures in a row):
    /// no more attempts follow and the task ends.
    Failed {
        /// Why: a [`FeedError::GaveUp`].
        reason: FeedError,
    },
}

/// What a consumer can ask of the live connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedCommand {
    /// Unsubscribe then subscribe `channel` for these products on the open connection, for a
    /// fresh snapshot of just them (R-BK3/R-BK4). Ignored while not connected: a new connection
    /// brings fresh snapshots anyway.
    Resubscribe {
        /// The channel (normally `level2`).
        channel: Channel,
        /// The products.
        product_ids: Vec<ProductId>,
    },
}

/// What a feed connects to and subscribes.
#[derive(Clone)]
pub struct FeedConfig {
    /// `wss://advanced-trade-ws.coinbase.com` or a simulator URL.
    pub url: Url,
    /// Channels; `heartbeats` is always added.
    pub subscriptions: Vec<Subscription>,
    /// Signs every subscribe when present (required for `user`).
    pub creds: Option<Arc<Credentials>>,
    /// Clock for JWTs.
    pub clock: Clock,
    /// Meters every subscribe and unsubscribe message; share one across the process's feeds
    /// ([`Limiter::ws_subscribe`], R-RATE1).
    pub subscribes: Arc<Limiter>,
    /// An extra CA to trust for `wss` (`--ca-file`); the web roots stay trusted.
    pub ca: Option<crate::coinbase::tls::TrustedCa>,
}

/// How a controlled feed ([`run_feed_with`]) is steered.
#[derive(Debug)]
pub struct FeedControl {
    /// Commands for the live connection.
    pub commands: mpsc::Receiver<FeedCommand>,
    /// Wait this long before the first attempt (keeps restarts at ≤ 1 attempt/s, R-WS6).
    pub initial_delay: Duration,
    /// The reconnect backoff's ceiling: [`BACKOFF_CAP`] in the product; tests that drop the
    /// connection many times lower it to keep their run short.
    pub backoff_cap: Duration,
}

/// One subscribe or unsubscribe request, with a fresh JWT when credentials exist.
fn request(
    kind: &'static str,
    sub: &Subscription,
    creds: Option<&Credentials>,
    now_unix: i64,
) -> Result<SubscribeRequest, FeedError> {
    let jwt = creds
        .map(|c| jwt::ws_token(c, now_unix))
        .transpose()
        .map_err(|e| FeedError::Sign { kind, reason: e.to_string() })?;
    Ok(SubscribeRequest {
        kind: kind.into(),
        product_ids: sub.product_ids.iter().map(|p| p.0.clone()).collect(),
        channel: sub.channel.name().into(),
        jwt,
    })
}

/// Every channel a connection subscribes: `heartbeats` first, then the configured ones.
fn all_subscriptions(subs: &[Subscription]) -> Vec<Subscription> {
    let mut all = vec![Subscription { channel: Channel::Heartbeats, product_ids: vec![] }];
    all.extend(subs.iter().filter(|s| s.channel != Channel::Heartbeats).cloned());
    all
}

/// Builds the subscribe messages: `heartbeats` first, then one per channel, each with a
/// fresh JWT when credentials exist.
pub fn subscribe_messages(
    subs: &[Subscription],
    creds: Option<&Credentials>,
    now_unix: i64,
) -> Result<Vec<SubscribeRequest>, FeedError> {
    all_subscriptions(subs).iter().map(|sub| request("subscribe", sub, creds, now_unix)).collect()
}

/// Whether the acknowledged channel names cover every requested channel (R-WS3).
pub fn acknowledges(wanted: &BTreeSet<Channel>, acked: &BTreeSet<Channel>) -> bool {
    wanted.is_subset(acked)
}

/// The channels a `subscriptions` message lists (`l2_data` counts as `level2`).
pub fn acked_channels(env: &Envelope<SubscriptionsEvent>) -> impl Iterator<Item = Channel> + '_ {
    env.events.iter().flat_map(|e| e.subscriptions.keys()).filter_map(|name| Channel::from_name(name))
}

/// Whether a server `error` message is an authentication failure.
pub fn is_auth_failure(message: &str) -> bool {
    message.to_ascii_lowercase().contains("authentication")
}

/// Opens a connection to `url` within the handshake deadline and closes it: whether the
/// feed can be reached (`cbterm doctor`).
pub async fn probe(url: &Url, ca: Option<&crate::coinbase::tls::TrustedCa>) -> Result<(), FeedError> {
    connection::probe(url, ca).await
}

/// Runs a feed until `tx` is closed: connect, stream, and on any failure or close wait a
/// jittered backoff and reconnect (R-WS6), until [`MAX_AUTH_FAILURES`] authentication failures
/// in a row stop it with [`FeedEvent::Failed`].
pub async fn run_feed(config: FeedConfig, tx: mpsc::Sender<FeedEvent>) {
    let (_commands, rx) = mpsc::channel(1);
    let control = FeedControl { commands: rx, initial_delay: Duration::ZERO, backoff_cap: BACKOFF_CAP };
    run_feed_with(config, FeedSink::from(tx), control).await;
}

/// [`run_feed`] with commands for the live connection and a delay before the first attempt.
pub async fn run_feed_with<T: Send>(config: FeedConfig, tx: FeedSink<T>, control: FeedControl) {
    let FeedControl { commands, initial_delay, backoff_cap } = control;
    let mut commands = Some(commands);
    tokio::time::sleep(initial_delay).await;
    let mut attempt: u32 = 0;
    let mut auth_failures: u32 = 0;
    loop {
        attempt += 1;
        if tx.send(FeedEvent::Connecting { attempt }).await.is_err() {
            return;
        }
        let started = Instant::now();
        let mut outcome = Outcome::default();
        let reason = stream_once(&config, &tx, &mut commands, &mut outcome).await;
        if tx.is_closed() {
            return;
        }
        if let FeedError::Gap { expected, got } = reason
            && tx.send(FeedEvent::Gap { expected, got }).await.is_err()
        {
            return;
        }
        if outcome.live_since.is_some() {
            auth_failures = 0;
        }
        if outcome.auth_failure {
            auth_failures += 1;
            if auth_failures >= MAX_AUTH_FAILURES {
                let reason = FeedError::GaveUp { last: Box::new(reason), times: auth_failures };
                tracing::error!(url = %config.url, %reason, "feed stopped");
                let _ = tx.send(FeedEvent::Failed { reason }).await;
                return;
            }
            remeasure_clock(&config.clock).await;
        }
        if outcome.live_since.is_some_and(|t| t.elapsed() >= STABLE_AFTER) {
            attempt = 1;
        }
        let retry_in = retry_delay(attempt, rand::random::<f64>(), started.elapsed(), backoff_cap);
        let event = FeedEvent::Disconnected { reason, retry_in };
        if tx.send(event).await.is_err() {
            return;
        }
        tokio::time::sleep(retry_in).await;
    }
}

/// After an authentication failure the next subscribe is signed on a freshly measured clock
/// (R-AUTH4); a clock without a server-time source stays as it is.
async fn remeasure_clock(clock: &Clock) {
    if let Err(e) = clock.remeasure().await {
        tracing::warn!(error = %e, "clock not re-measured after an authentication failure");
    }
}

/// The wait before the next attempt: the jittered backoff under `cap`, and never less than
/// what keeps attempts [`MIN_ATTEMPT_GAP`] apart, whatever the last connection's life (R-WS6).
pub fn retry_delay(attempt: u32, unit: f64, since_attempt: Duration, cap: Duration) -> Duration {
    backoff_under(attempt, unit, cap).max(MIN_ATTEMPT_GAP.saturating_sub(since_attempt))
}

/// Full-jitter backoff: uniform in `[0, min(cap, 500 ms × 2^(attempt-1))]`, at least 250 ms,
/// with the product's [`BACKOFF_CAP`].
pub fn backoff(attempt: u32, unit: f64) -> Duration {
    backoff_under(attempt, unit, BACKOFF_CAP)
}

fn backoff_under(attempt: u32, unit: f64, cap: Duration) -> Duration {
    let ceiling =
        Duration::from_millis(500).saturating_mul(1u32 << attempt.saturating_sub(1).min(10)).min(cap);
    ceiling.mul_f64(unit.clamp(0.0, 1.0)).max(Duration::from_millis(250))
}

#[cfg(test)]
mod tests;
