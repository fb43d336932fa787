//! The simulator's WebSocket endpoint: subscriptions, snapshots, live updates, heartbeats
//! and a per-connection `sequence_num`, as Coinbase serves them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, interval_at, sleep_until};

use super::faults::WsFault;
use super::flood::FloodMsg;
use super::state::{Batch, Shared};
use crate::coinbase::wire::ws::*;
use crate::coinbase::ws::Channel;

mod feed;

/// A connection that has not subscribed within this time is closed.
pub const SUBSCRIBE_DEADLINE: Duration = Duration::from_secs(5);
const HEARTBEAT_EVERY: Duration = Duration::from_secs(1);
/// At most this many messages wait in a connection's buffer before they are written.
const MAX_UNFLUSHED: usize = 64;

/// `GET /ws`: upgrades to a WebSocket connection.
pub async fn upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(1 << 20).on_upgrade(move |socket| run(shared, socket))
}

/// One client connection's state.
struct Conn {
    shared: Arc<Shared>,
    sink: SplitSink<WebSocket, Message>,
    id: u64,
    seq: u64,
    /// Subscribed channels and their product ids (empty set: all / not applicable).
    subs: BTreeMap<Channel, Vec<String>>,
    /// Per channel and product: batches at or below this id are already in its snapshot.
    since: HashMap<(Channel, String), u64>,
    user: Option<String>,
    heartbeat_counter: u64,
    stalled: bool,
    skip_next: bool,
    /// Messages written to the socket's buffer and not yet flushed.
    unflushed: usize,
}

/// Why a connection loop ended.
type Closed = ();

async fn run(shared: Arc<Shared>, socket: WebSocket) {
    let (sink, mut stream) = socket.split();
    let id = shared.connections.open();
    let mut conn = Conn {
        shared: shared.clone(),
        sink,
        id,
        seq: 0,
        subs: BTreeMap::new(),
        since: HashMap::new(),
        user: None,
        heartbeat_counter: 0,
        stalled: false,
        skip_next: false,
        unflushed: 0,
    };
    let mut faults = shared.faults.ws_faults();
    let mut flood = shared.flood.subscribe();
    let mut batches = None;
    let deadline = Instant::now() + SUBSCRIBE_DEADLINE;
    let mut heartbeat = interval_at(Instant::now() + HEARTBEAT_EVERY, HEARTBEAT_EVERY);
    loop {
        // Biased: the flush comes last, so the messages queued for this connection at one
        // moment leave in one write, as a server under load sends them.
        let step: Result<(), Closed> = tokio::select! {
            biased;
            fault = faults.recv() => match fault {
                Ok(WsFault::DropAll) => Err(()),
                Ok(WsFault::Stall) => { conn.stalled = true; Ok(()) }
                Ok(WsFault::SkipSequence) => { conn.skip_next = true; Ok(()) }
                Err(_) => Ok(()),
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => conn.on_request(text.as_str(), &mut batches).await,
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Err(()),
                Some(Ok(_)) => Ok(()),
            },
            batch = recv(&mut batches) => match batch {
                Ok(batch) => conn.on_batch(&batch).await,
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => Err(()),
            },
            _ = heartbeat.tick() => conn.on_heartbeat().await,
            msg = flood.recv() => match msg {
                Ok(msg) => conn.on_flood(&msg).await,
                Err(RecvError::Lagged(_)) => {
                    shared.flood.count_dropped();
                    Err(())
                }
                Err(RecvError::Closed) => Ok(()),
            },
            // `since` gains an entry on every accepted subscribe and keeps it: the deadline
            // applies until the first one, not again after unsubscribing everything.
            _ = sleep_until(deadline), if conn.since.is_empty() => Err(()),
            () = std::future::ready(()), if conn.unflushed > 0 => conn.flush().await,
        };
        if step.is_err() {
            break;
        }
    }
    shared.connections.close(id);
    let _ = conn.sink.close().await;
}

async fn recv(
    batches: &mut Option<tokio::sync::broadcast::Receiver<Arc<Batch>>>,
) -> Result<Arc<Batch>, RecvError> {
    match batches {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

impl Conn {
    /// Sends one envelope with the next sequence number.
    async fn send<E: Serialize>(
        &mut self,
        channel: &str,
        events: Vec<E>,
        time: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), Closed> {
        if self.stalled {
            return Ok(());
        }
        if std::mem::take(&mut self.skip_next) {
            self.seq += 1;
        }
        let envelope = Envelope {
            channel: channel.to_string(),
            client_id: String::new(),
            timestamp: time,
            sequence_num: self.seq,
            events,
        };
        self.seq += 1;
        self.shared.connections.record(self.id, self.seq.saturating_sub(1));
        self.send_json(&envelope).await
    }

    /// Queues one message; it leaves when the connection has nothing else ready, or at once
    /// after [`MAX_UNFLUSHED`] messages.
    async fn send_json<T: Serialize>(&mut self, value: &T) -> Result<(), Closed> {
        let text = serde_json::to_string(value).map_err(|_| ())?;
        self.sink.feed(Message::Text(text.into())).await.map_err(|_| ())?;
        self.unflushed += 1;
        if self.unflushed >= MAX_UNFLUSHED {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), Closed> {
        self.unflushed = 0;
        self.sink.flush().await.map_err(|_| ())
    }

    async fn send_error(&mut self, message: &str) -> Result<(), Closed> {
        if self.stalled {
            return Ok(());
        }
        self.send_json(&WsError { kind: "error".into(), message: message.into() }).await
    }

    /// Sends a flood message when this connection is subscribed to its channel and product.
    async fn on_flood(&mut self, msg: &FloodMsg) -> Result<(), Closed> {
        let wanted = self.subs.get(&msg.channel).is_some_and(|ids| ids.contains(&msg.product.0));
        if !wanted || self.stalled {
            return Ok(());
        }
        self.send(msg.channel.message_name(), vec![&msg.event], msg.made).await?;
        self.shared.flood.count_sent();
        Ok(())
    }

    async fn on_heartbeat(&mut self) -> Result<(), Closed> {
        if !self.subs.contains_key(&Channel::Heartbeats) {
            return Ok(());
        }
        self.heartbeat_counter += 1;
        let now = chrono::Utc::now();
        let event = HeartbeatEvent {
            current_time: now.format("%Y-%m-%d %H:%M:%S%.9f +0000 UTC").to_string(),
            heartbeat_counter: self.heartbeat_counter,
        };
        self.send("heartbeats", vec![event], now).await
    }
}

/// Open connections and the last `sequence_num` each sent, for tests and the admin API.
#[derive(Default)]
pub struct Connections {
    next_id: std::sync::atomic::AtomicU64,
    last_seq: std::sync::Mutex<BTreeMap<u64, u64>>,
}

impl Connections {
    fn open(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    fn record(&self, id: u64, seq: u64) {
        if let Ok(mut map) = self.last_seq.lock() {
            map.insert(id, seq);
        }
    }

    fn close(&self, id: u64) {
        if let Ok(mut map) = self.last_seq.lock() {
            map.remove(&id);
        }
    }

    /// Connection id to the last `sequence_num` it sent.
    pub fn snapshot(&self) -> BTreeMap<u64, u64> {
        self.last_seq.lock().map(|m| m.clone()).unwrap_or_default()
    }
}
