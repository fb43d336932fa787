//! WebSocket feed: connect, subscribe (one message per channel, fresh JWT each), parse every
//! frame into a typed [`WsMessage`], watch sequence numbers and liveness, and reconnect with
//! jittered backoff. The feed task only reads and parses; consumers get [`FeedEvent`]s.

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
/// Largest frame accepted (R-WS8).
pub const MAX_MESSAGE: usize = 10 * 1024 * 1024;
const BACKOFF_CAP: Duration = Duration::from_secs(30);
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
    /// Handshake done and subscriptions sent.
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

/// Builds the subscribe messages: `heartbeats` first, then one per channel, each with a
/// fresh JWT when credentials exist.
pub fn subscribe_messages(
    subs: &[Subscription],
    creds: Option<&Credentials>,
    now_unix: i64,
) -> Result<Vec<SubscribeRequest>, String> {
    let mut all = vec![Subscription { channel: Channel::Heartbeats, product_ids: vec![] }];
    all.extend(subs.iter().filter(|s| s.channel != Channel::Heartbeats).cloned());
    all.iter()
        .map(|sub| {
            let jwt = creds.map(|c| jwt::ws_token(c, now_unix)).transpose().map_err(|e| e.to_string())?;
            Ok(SubscribeRequest {
                kind: "subscribe".into(),
                product_ids: sub.product_ids.iter().map(|p| p.0.clone()).collect(),
                channel: sub.channel.name().into(),
                jwt,
            })
        })
        .collect()
}

/// Runs a feed until `tx` is closed: connect, stream, and on any failure or close wait a
/// jittered backoff and reconnect, forever (R-WS6).
pub async fn run_feed(config: FeedConfig, tx: mpsc::Sender<FeedEvent>) {
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        if tx.send(FeedEvent::Connecting { attempt }).await.is_err() {
            return;
        }
        let started = Instant::now();
        let reason = match stream_once(&config, &tx).await {
            Ok(()) => "connection closed".to_string(),
            Err(reason) => reason,
        };
        if tx.is_closed() {
            return;
        }
        if started.elapsed() >= STABLE_AFTER {
            attempt = 1;
        }
        let retry_in = backoff(attempt, rand::random::<f64>());
        let event = FeedEvent::Disconnected { reason, retry_in };
        if tx.send(event).await.is_err() {
            return;
        }
        tokio::time::sleep(retry_in).await;
    }
}

/// Full-jitter backoff: uniform in `[0, min(cap, 500 ms × 2^(attempt-1))]`, at least 250 ms.
pub fn backoff(attempt: u32, unit: f64) -> Duration {
    let ceiling =
        Duration::from_millis(500).saturating_mul(1u32 << attempt.saturating_sub(1).min(10)).min(BACKOFF_CAP);
    ceiling.mul_f64(unit.clamp(0.0, 1.0)).max(Duration::from_millis(250))
}

/// One connection: handshake, subscribe, then forward messages until it fails.
async fn stream_once(config: &FeedConfig, tx: &mpsc::Sender<FeedEvent>) -> Result<(), String> {
    let ws_config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE)).max_frame_size(Some(MAX_MESSAGE));
    let connect = tokio_tungstenite::connect_async_with_config(config.url.as_str(), Some(ws_config), false);
    let (mut socket, _) = timeout(HANDSHAKE_TIMEOUT, connect)
        .await
        .map_err(|_| format!("no handshake within {HANDSHAKE_TIMEOUT:?}"))?
        .map_err(|e| format!("connect failed: {e}"))?;
    let now = config.clock.now_unix();
    for request in subscribe_messages(&config.subscriptions, config.creds.as_deref(), now)? {
        let text = serde_json::to_string(&request).map_err(|e| e.to_string())?;
        socket.send(Message::text(text)).await.map_err(|e| format!("subscribe failed: {e}"))?;
    }
    tx.send(FeedEvent::Connected).await.map_err(|_| "consumer gone".to_string())?;
    let mut last_seq: Option<u64> = None;
    loop {
        let frame = match timeout(IDLE_TIMEOUT, socket.next()).await {
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
            let _ = tx.send(FeedEvent::Message(message)).await;
            return Err(reason);
        }
        tx.send(FeedEvent::Message(message)).await.map_err(|_| "consumer gone".to_string())?;
    }
}
