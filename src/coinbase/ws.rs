//! WebSocket feed: connect, subscribe (one message per channel, fresh JWT each), wait for the
//! `subscriptions` acknowledgement, parse every frame into a typed [`WsMessage`], watch sequence
//! numbers and liveness, and reconnect with jittered backoff. The feed task only reads and
//! parses; consumers get [`FeedEvent`]s and may send [`FeedCommand`]s to the live connection.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use url::Url;

use super::jwt::{self, Clock};
use super::wire::ws::*;
use crate::credentials::Credentials;
use crate::domain::ProductId;

mod message;
pub use message::{Channel, WsMessage};

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
/// Messages held back while waiting for the acknowledgement; more fails the connection.
const MAX_HELD: usize = 10_000;
const BACKOFF_CAP: Duration = Duration::from_secs(30);
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
    /// `sequence_num` skipped; the connection is reopened for fresh snapshots.
    Gap {
        /// Expected number.
        expected: u64,
        /// Received number.
        got: u64,
    },
    /// The connection ended; a reconnect follows after `retry_in`.
    Disconnected {
        /// Why.
        reason: String,
        /// Wait before the next attempt.
        retry_in: Duration,
    },
    /// The feed stopped for good (e.g. [`MAX_AUTH_FAILURES`] authentication failures in a row):
    /// no more attempts follow and the task ends.
    Failed {
        /// Why, in plain words.
        reason: String,
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
}

/// How a controlled feed ([`run_feed_with`]) is steered.
#[derive(Debug)]
pub struct FeedControl {
    /// Commands for the live connection.
    pub commands: mpsc::Receiver<FeedCommand>,
    /// Wait this long before the first attempt (keeps restarts at ≤ 1 attempt/s, R-WS6).
    pub initial_delay: Duration,
}

/// One subscribe or unsubscribe request, with a fresh JWT when credentials exist.
fn request(
    kind: &str,
    sub: &Subscription,
    creds: Option<&Credentials>,
    now_unix: i64,
) -> Result<SubscribeRequest, String> {
    let jwt = creds.map(|c| jwt::ws_token(c, now_unix)).transpose().map_err(|e| e.to_string())?;
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
) -> Result<Vec<SubscribeRequest>, String> {
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

/// Runs a feed until `tx` is closed: connect, stream, and on any failure or close wait a
/// jittered backoff and reconnect (R-WS6), until [`MAX_AUTH_FAILURES`] authentication failures
/// in a row stop it with [`FeedEvent::Failed`].
pub async fn run_feed(config: FeedConfig, tx: mpsc::Sender<FeedEvent>) {
    let (_commands, rx) = mpsc::channel(1);
    run_feed_with(config, tx, FeedControl { commands: rx, initial_delay: Duration::ZERO }).await;
}

/// [`run_feed`] with commands for the live connection and a delay before the first attempt.
pub async fn run_feed_with(config: FeedConfig, tx: mpsc::Sender<FeedEvent>, control: FeedControl) {
    let FeedControl { commands, initial_delay } = control;
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
        let reason = match stream_once(&config, &tx, &mut commands, &mut outcome).await {
            Ok(()) => "connection closed".to_string(),
            Err(reason) => reason,
        };
        if tx.is_closed() {
            return;
        }
        if outcome.live_since.is_some() {
            auth_failures = 0;
        }
        if outcome.auth_failure {
            auth_failures += 1;
            if auth_failures >= MAX_AUTH_FAILURES {
                let reason = format!("{reason} ({auth_failures} times in a row); stopped retrying");
                tracing::error!(url = %config.url, reason, "feed stopped");
                let _ = tx.send(FeedEvent::Failed { reason }).await;
                return;
            }
        }
        if outcome.live_since.is_some_and(|t| t.elapsed() >= STABLE_AFTER) {
            attempt = 1;
        }
        let retry_in = retry_delay(attempt, rand::random::<f64>(), started.elapsed());
        let event = FeedEvent::Disconnected { reason, retry_in };
        if tx.send(event).await.is_err() {
            return;
        }
        tokio::time::sleep(retry_in).await;
    }
}

/// The wait before the next attempt: the jittered backoff, and never less than what keeps
/// attempts [`MIN_ATTEMPT_GAP`] apart, whatever the last connection's life (R-WS6).
pub fn retry_delay(attempt: u32, unit: f64, since_attempt: Duration) -> Duration {
    backoff(attempt, unit).max(MIN_ATTEMPT_GAP.saturating_sub(since_attempt))
}

/// Full-jitter backoff: uniform in `[0, min(cap, 500 ms × 2^(attempt-1))]`, at least 250 ms.
pub fn backoff(attempt: u32, unit: f64) -> Duration {
    let ceiling =
        Duration::from_millis(500).saturating_mul(1u32 << attempt.saturating_sub(1).min(10)).min(BACKOFF_CAP);
    ceiling.mul_f64(unit.clamp(0.0, 1.0)).max(Duration::from_millis(250))
}

/// What one connection achieved, for the reconnect policy.
#[derive(Debug, Default)]
struct Outcome {
    /// When the subscriptions were acknowledged.
    live_since: Option<Instant>,
    /// Whether the server answered with an authentication failure.
    auth_failure: bool,
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next command, or never when there is no (more) command channel.
async fn next_command(commands: &mut Option<mpsc::Receiver<FeedCommand>>) -> Option<FeedCommand> {
    match commands {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// One connection: handshake, subscribe, wait for the acknowledgement, then forward messages
/// until it fails.
async fn stream_once(
    config: &FeedConfig,
    tx: &mpsc::Sender<FeedEvent>,
    commands: &mut Option<mpsc::Receiver<FeedCommand>>,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let ws_config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE)).max_frame_size(Some(MAX_MESSAGE));
    let connect = tokio_tungstenite::connect_async_with_config(config.url.as_str(), Some(ws_config), false);
    let (mut socket, _) = timeout(HANDSHAKE_TIMEOUT, connect)
        .await
        .map_err(|_| format!("no handshake within {HANDSHAKE_TIMEOUT:?}"))?
        .map_err(|e| format!("connect failed: {e}"))?;
    let now = config.clock.now_unix();
    for request in subscribe_messages(&config.subscriptions, config.creds.as_deref(), now)? {
        send(&mut socket, &request).await?;
    }
    // Commands queued while no connection was open are moot: this one brings fresh snapshots.
    if let Some(rx) = commands.as_mut() {
        while rx.try_recv().is_ok() {}
    }
    let wanted: BTreeSet<Channel> =
        all_subscriptions(&config.subscriptions).iter().map(|s| s.channel).collect();
    let mut acked = BTreeSet::new();
    let ack_deadline = Instant::now() + ACK_TIMEOUT;
    let mut held: Vec<WsMessage> = Vec::new();
    let mut last_seq: Option<u64> = None;
    loop {
        let live = outcome.live_since.is_some();
        let wait = if live { IDLE_TIMEOUT } else { ack_deadline.saturating_duration_since(Instant::now()) };
        let frame = tokio::select! {
            frame = timeout(wait.min(IDLE_TIMEOUT), socket.next()) => frame,
            command = next_command(commands), if live => {
                match command {
                    Some(command) => perform(config, &mut socket, command).await?,
                    None => *commands = None,
                }
                continue;
            }
        };
        let frame = match frame {
            Err(_) if !live => {
                return Err(format!("no subscriptions acknowledgement within {ACK_TIMEOUT:?}"));
            }
            Err(_) => return Err(format!("no message for {IDLE_TIMEOUT:?}")),
            Ok(None) => return Ok(()),
            Ok(Some(Err(e))) => return Err(format!("read failed: {e}")),
            Ok(Some(Ok(frame))) => frame,
        };
        let text = match frame {
            Message::Text(text) => text,
            Message::Close(frame) => return Err(format!("closed by server: {frame:?}")),
            _ => continue,
        };
        let message = match WsMessage::parse(&text) {
            Ok(message) => message,
            Err(e) => {
                tracing::warn!(error = %e, "unparseable WebSocket message");
                continue;
            }
        };
        if let Some(seq) = message.sequence_num() {
            match last_seq {
                Some(last) if seq <= last => continue,
                Some(last) if seq != last + 1 => {
                    let _ = tx.send(FeedEvent::Gap { expected: last + 1, got: seq }).await;
                    return Err(format!("sequence gap: expected {}, got {seq}", last + 1));
                }
                _ => last_seq = Some(seq),
            }
        }
        if let WsMessage::Error(e) = &message {
            let reason = format!("server error: {}", e.message);
            outcome.auth_failure = is_auth_failure(&e.message);
            let _ = tx.send(FeedEvent::Message(message)).await;
            return Err(reason);
        }
        if live {
            forward(tx, message).await?;
            continue;
        }
        if let WsMessage::Subscriptions(env) = &message {
            acked.extend(acked_channels(env));
        }
        held.push(message);
        if held.len() > MAX_HELD {
            return Err("too many messages before the subscriptions acknowledgement".into());
        }
        if acknowledges(&wanted, &acked) {
            outcome.live_since = Some(Instant::now());
            tx.send(FeedEvent::Connected).await.map_err(|_| "consumer gone".to_string())?;
            for message in held.drain(..) {
                forward(tx, message).await?;
            }
        }
    }
}

async fn forward(tx: &mpsc::Sender<FeedEvent>, message: WsMessage) -> Result<(), String> {
    tx.send(FeedEvent::Message(message)).await.map_err(|_| "consumer gone".to_string())
}

async fn send(socket: &mut Socket, request: &SubscribeRequest) -> Result<(), String> {
    let text = serde_json::to_string(request).map_err(|e| e.to_string())?;
    timeout(HANDSHAKE_TIMEOUT, socket.send(Message::text(text)))
        .await
        .map_err(|_| format!("{} not sent within {HANDSHAKE_TIMEOUT:?}", request.kind))?
        .map_err(|e| format!("{} failed: {e}", request.kind))
}

/// Performs a command on the open connection.
async fn perform(config: &FeedConfig, socket: &mut Socket, command: FeedCommand) -> Result<(), String> {
    match command {
        FeedCommand::Resubscribe { channel, product_ids } => {
            tracing::info!(%channel, products = ?product_ids, "resubscribing for a fresh snapshot");
            let sub = Subscription { channel, product_ids };
            let creds = config.creds.as_deref();
            for kind in ["unsubscribe", "subscribe"] {
                let request = request(kind, &sub, creds, config.clock.now_unix())?;
                send(socket, &request).await?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
