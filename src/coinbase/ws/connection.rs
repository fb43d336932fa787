//! One connection of a feed, in four steps: handshake, subscribe, acknowledge, stream.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use super::{
    ACK_TIMEOUT, Channel, FeedCommand, FeedConfig, FeedError, FeedEvent, FeedSink, HANDSHAKE_TIMEOUT,
    IDLE_TIMEOUT, MAX_MESSAGE, Subscription, WsMessage, acked_channels, acknowledges, all_subscriptions,
    request,
};
use crate::coinbase::rest::limiter::Priority;
use crate::coinbase::tls::TrustedCa;
use crate::coinbase::wire::ws::SubscribeRequest;

/// Messages held back while waiting for the acknowledgement; more fails the connection.
const MAX_HELD: usize = 10_000;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// What one connection achieved, for the reconnect policy.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// When the subscriptions were acknowledged.
    pub live_since: Option<Instant>,
    /// Whether the server answered with an authentication failure.
    pub auth_failure: bool,
}

/// The commands of a controlled feed; `None` once their sender is gone.
pub(super) type Commands = Option<mpsc::Receiver<FeedCommand>>;

/// One connection, from handshake until it ends; returns why it ended.
pub(super) async fn stream_once<T: Send>(
    config: &FeedConfig,
    tx: &FeedSink<T>,
    commands: &mut Commands,
    outcome: &mut Outcome,
) -> FeedError {
    let result = async {
        let mut socket = handshake(config).await?;
        subscribe(config, &mut socket).await?;
        drain(commands);
        let mut reader = Reader { last_seq: None, keep_text: tx.is_tapped() };
        acknowledge(config, &mut socket, &mut reader, tx, outcome).await?;
        stream(config, &mut socket, &mut reader, tx, commands, outcome).await
    };
    let error = result.await.err().unwrap_or(FeedError::Closed);
    outcome.auth_failure = error.is_auth_failure();
    error
}

/// Opens the WebSocket within [`HANDSHAKE_TIMEOUT`], with the frame size capped (R-WS8).
async fn handshake(config: &FeedConfig) -> Result<Socket, FeedError> {
    handshake_to(&config.url, config.ca.as_ref()).await
}

/// Opens a WebSocket to `url` and closes it again: whether the feed can be reached.
pub(super) async fn probe(url: &url::Url, ca: Option<&TrustedCa>) -> Result<(), FeedError> {
    let mut socket = handshake_to(url, ca).await?;
    let _ = socket.close(None).await;
    Ok(())
}

async fn handshake_to(url: &url::Url, ca: Option<&TrustedCa>) -> Result<Socket, FeedError> {
    let ws_config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE)).max_frame_size(Some(MAX_MESSAGE));
    let connector = ca.map(TrustedCa::ws_connector).transpose().map_err(FeedError::Connect)?;
    let disable_nagle = true;
    let connect = tokio_tungstenite::connect_async_tls_with_config(
        url.as_str(),
        Some(ws_config),
        disable_nagle,
        connector,
    );
    let (socket, _) = timeout(HANDSHAKE_TIMEOUT, connect)
        .await
        .map_err(|_| FeedError::HandshakeTimeout(HANDSHAKE_TIMEOUT))?
        .map_err(|e| FeedError::Connect(e.to_string()))?;
    Ok(socket)
}

/// Sends one subscribe per channel, `heartbeats` first, each with a fresh JWT signed once the
/// subscribe bucket lets it go (R-RATE1).
async fn subscribe(config: &FeedConfig, socket: &mut Socket) -> Result<(), FeedError> {
    let creds = config.creds.as_deref();
    for sub in all_subscriptions(&config.subscriptions) {
        config.subscribes.acquire(Priority::Other).await;
        send(socket, "subscribe", &request("subscribe", &sub, creds, config.clock.now_unix())?).await?;
    }
    Ok(())
}

/// Drops commands queued while no connection was open: a new one brings fresh snapshots.
fn drain(commands: &mut Commands) {
    if let Some(rx) = commands.as_mut() {
        while rx.try_recv().is_ok() {}
    }
}

/// Holds messages back until every channel is acknowledged (R-WS3), then reports
/// [`FeedEvent::Connected`] and forwards them.
async fn acknowledge<T: Send>(
    config: &FeedConfig,
    socket: &mut Socket,
    reader: &mut Reader,
    tx: &FeedSink<T>,
    outcome: &mut Outcome,
) -> Result<(), FeedError> {
    let wanted: BTreeSet<Channel> =
        all_subscriptions(&config.subscriptions).iter().map(|s| s.channel).collect();
    let mut acked = BTreeSet::new();
    let deadline = Instant::now() + ACK_TIMEOUT;
    let mut held = Vec::new();
    while !acknowledges(&wanted, &acked) {
        let wait = deadline.saturating_duration_since(Instant::now());
        let (message, gap) = reader.next(socket, wait, FeedError::AckTimeout(ACK_TIMEOUT)).await?;
        if let Some(gap) = gap {
            return Err(gap);
        }
        let received = server_error(message, tx).await?;
        if let WsMessage::Subscriptions(env) = &received.message {
            acked.extend(acked_channels(env));
        }
        held.push(received);
        if held.len() > MAX_HELD {
            return Err(FeedError::TooManyHeld);
        }
    }
    outcome.live_since = Some(Instant::now());
    tx.send(FeedEvent::Connected).await.map_err(|_| FeedError::ConsumerGone)?;
    for received in held {
        forward(tx, received).await?;
    }
    Ok(())
}

/// Forwards messages and performs commands until the connection fails or closes.
async fn stream<T: Send>(
    config: &FeedConfig,
    socket: &mut Socket,
    reader: &mut Reader,
    tx: &FeedSink<T>,
    commands: &mut Commands,
    outcome: &mut Outcome,
) -> Result<(), FeedError> {
    debug_assert!(outcome.live_since.is_some());
    loop {
        tokio::select! {
            message = reader.next(socket, IDLE_TIMEOUT, FeedError::Idle(IDLE_TIMEOUT)) => {
                let (message, gap) = message?;
                if let Some(gap) = gap {
                    resync(config, socket, tx, gap).await?;
                }
                let message = server_error(message, tx).await?;
                forward(tx, message).await?;
            }
            command = next_command(commands) => match command {
                Some(command) => perform(config, socket, command).await?,
                None => *commands = None,
            },
        }
    }
}

/// Passes a message through, or forwards a server `error` message and fails with it.
async fn server_error<T: Send>(received: Received, tx: &FeedSink<T>) -> Result<Received, FeedError> {
    let WsMessage::Error(e) = &received.message else { return Ok(received) };
    let error = FeedError::Server(e.message.clone());
    let _ = forward(tx, received).await;
    Err(error)
}

/// A fresh message, with its frame's text when the sink is tapped.
struct Received {
    message: WsMessage,
    text: Option<Utf8Bytes>,
}

/// Reads frames, skipping what is not a fresh message, and watches the sequence numbers.
#[derive(Debug, Default)]
struct Reader {
    last_seq: Option<u64>,
    /// Keep each message's text (only when the sink is tapped).
    keep_text: bool,
}

impl Reader {
    /// The next new message within `wait`, or `on_timeout`. Non-text frames, unparseable text
    /// and repeated sequence numbers are skipped; a message after skipped numbers comes with
    /// that [`FeedError::Gap`], and numbering goes on from it.
    async fn next(
        &mut self,
        socket: &mut Socket,
        wait: Duration,
        on_timeout: FeedError,
    ) -> Result<(Received, Option<FeedError>), FeedError> {
        loop {
            let next = timeout(wait.min(IDLE_TIMEOUT), socket.next()).await;
            let text = match next {
                Err(_) => return Err(on_timeout),
                Ok(None) => return Err(FeedError::Closed),
                Ok(Some(Err(e))) => return Err(FeedError::Read(e.to_string())),
                Ok(Some(Ok(Message::Text(text)))) => text,
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return Err(FeedError::ClosedByServer(format!("{frame:?}")));
                }
                Ok(Some(Ok(_))) => continue,
            };
            let message = match WsMessage::parse(&text) {
                Ok(message) => message,
                Err(e) => {
                    tracing::warn!(error = %e, "unparseable WebSocket message");
                    continue;
                }
            };
            let gap = match self.check(message.sequence_num()) {
                Seq::Stale => continue,
                Seq::Next => None,
                Seq::Gap { expected, got } => Some(FeedError::Gap { expected, got }),
            };
            let text = self.keep_text.then_some(text);
            return Ok((Received { message, text }, gap));
        }
    }

    /// Where `seq` stands: a repeat is stale, a jump is a gap; a new number becomes the last.
    fn check(&mut self, seq: Option<u64>) -> Seq {
        let Some(seq) = seq else { return Seq::Next };
        let verdict = match self.last_seq {
            Some(last) if seq <= last => return Seq::Stale,
            Some(last) if seq != last + 1 => Seq::Gap { expected: last + 1, got: seq },
            _ => Seq::Next,
        };
        self.last_seq = Some(seq);
        verdict
    }
}

/// A message's `sequence_num` against the last one seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seq {
    /// Already seen: skipped.
    Stale,
    /// The next number, or a message without one.
    Next,
    /// Numbers were skipped.
    Gap { expected: u64, got: u64 },
}

/// A gap on a live connection (R-BK3): the feed reports it and resubscribes `level2` for
/// fresh snapshots, staying connected; a connection without `level2` fails with the gap and
/// is reopened.
async fn resync<T: Send>(
    config: &FeedConfig,
    socket: &mut Socket,
    tx: &FeedSink<T>,
    gap: FeedError,
) -> Result<(), FeedError> {
    let (FeedError::Gap { expected, got }, Some(books)) = (&gap, level2_products(config)) else {
        return Err(gap);
    };
    tracing::warn!(expected, got, "sequence gap; resubscribing level2 for fresh snapshots");
    let (expected, got) = (*expected, *got);
    tx.send(FeedEvent::Gap { expected, got }).await.map_err(|_| FeedError::ConsumerGone)?;
    perform(config, socket, FeedCommand::Resubscribe { channel: Channel::Level2, product_ids: books }).await
}

/// The products of the connection's `level2` subscription, if it has one.
fn level2_products(config: &FeedConfig) -> Option<Vec<crate::domain::ProductId>> {
    config
        .subscriptions
        .iter()
        .find(|s| s.channel == Channel::Level2 && !s.product_ids.is_empty())
        .map(|s| s.product_ids.clone())
}

/// The next command, or never when there is no (more) command channel.
async fn next_command(commands: &mut Commands) -> Option<FeedCommand> {
    match commands {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// Queues the message, then shows its frame to the sink's tap: nothing between the two can
/// stop the task, so the tap sees exactly the frames the consumer got, in its order.
async fn forward<T: Send>(tx: &FeedSink<T>, received: Received) -> Result<(), FeedError> {
    let Received { message, text } = received;
    tx.send(FeedEvent::Message(message)).await.map_err(|_| FeedError::ConsumerGone)?;
    if let Some(text) = &text {
        tx.tap(text);
    }
    Ok(())
}

async fn send(socket: &mut Socket, kind: &'static str, request: &SubscribeRequest) -> Result<(), FeedError> {
    let text = serde_json::to_string(request).map_err(|e| FeedError::Send { kind, reason: e.to_string() })?;
    timeout(HANDSHAKE_TIMEOUT, socket.send(Message::text(text)))
        .await
        .map_err(|_| FeedError::SendTimeout { kind, timeout: HANDSHAKE_TIMEOUT })?
        .map_err(|e| FeedError::Send { kind, reason: e.to_string() })
}

/// Performs a command on the open connection.
async fn perform(config: &FeedConfig, socket: &mut Socket, command: FeedCommand) -> Result<(), FeedError> {
    match command {
        FeedCommand::Resubscribe { channel, product_ids } => {
            tracing::info!(%channel, products = ?product_ids, "resubscribing for a fresh snapshot");
            let sub = Subscription { channel, product_ids };
            let creds = config.creds.as_deref();
            for kind in ["unsubscribe", "subscribe"] {
                config.subscribes.acquire(Priority::Other).await;
                send(socket, kind, &request(kind, &sub, creds, config.clock.now_unix())?).await?;
            }
            Ok(())
        }
    }
}
