//! Why a WebSocket connection ended, and why a frame could not be parsed.

use std::time::Duration;

/// Why one connection of a feed ended. Carried by [`super::FeedEvent::Disconnected`] and
/// [`super::FeedEvent::Failed`]; never holds a JWT or key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The TCP, TLS and WebSocket handshakes did not finish in time (R-WS5).
    #[error("no handshake within {0:?}")]
    HandshakeTimeout(Duration),
    /// The connection could not be opened.
    #[error("connect failed: {0}")]
    Connect(String),
    /// A subscribe request could not be signed.
    #[error("cannot sign the {kind} request: {reason}")]
    Sign {
        /// `subscribe` or `unsubscribe`.
        kind: &'static str,
        /// Why (from [`crate::coinbase::jwt::JwtError`], which holds no secret).
        reason: String,
    },
    /// A request could not be written in time.
    #[error("{kind} not sent within {timeout:?}")]
    SendTimeout {
        /// `subscribe` or `unsubscribe`.
        kind: &'static str,
        /// The deadline.
        timeout: Duration,
    },
    /// A request could not be written.
    #[error("{kind} failed: {reason}")]
    Send {
        /// `subscribe` or `unsubscribe`.
        kind: &'static str,
        /// The transport's error.
        reason: String,
    },
    /// The server did not acknowledge every subscription in time (R-WS3).
    #[error("no subscriptions acknowledgement within {0:?}")]
    AckTimeout(Duration),
    /// No message at all for this long, not even a heartbeat (R-WS4).
    #[error("no message for {0:?}")]
    Idle(Duration),
    /// Reading from the socket failed.
    #[error("read failed: {0}")]
    Read(String),
    /// The server sent a close frame.
    #[error("closed by server: {0}")]
    ClosedByServer(String),
    /// The stream ended without a close frame.
    #[error("connection closed")]
    Closed,
    /// A `sequence_num` was skipped; fresh snapshots are needed.
    #[error("sequence gap: expected {expected}, got {got}")]
    Gap {
        /// The number that should have come.
        expected: u64,
        /// The number that came.
        got: u64,
    },
    /// The server sent `{"type": "error"}` with this message.
    #[error("server error: {0}")]
    Server(String),
    /// Too many messages arrived before the acknowledgement.
    #[error("too many messages before the subscriptions acknowledgement")]
    TooManyHeld,
    /// Nobody listens to the feed any more.
    #[error("consumer gone")]
    ConsumerGone,
    /// The feed stopped retrying after `times` failures of this kind in a row.
    #[error("{last} ({times} times in a row); stopped retrying")]
    GaveUp {
        /// The last failure.
        last: Box<FeedError>,
        /// How many in a row.
        times: u32,
    },
}

impl FeedError {
    /// Whether the server refused the connection's credentials.
    pub fn is_auth_failure(&self) -> bool {
        match self {
            Self::Server(message) => super::is_auth_failure(message),
            Self::GaveUp { last, .. } => last.is_auth_failure(),
            _ => false,
        }
    }
}

/// Why a text frame is not a message this client understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not JSON at all.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// A known channel whose content does not match its schema.
    #[error("{channel} message does not match its schema: {reason}")]
    Schema {
        /// The channel (or `error`).
        channel: String,
        /// What serde said.
        reason: String,
    },
}
