//! Typed WebSocket messages and channel names.

use std::fmt;

use crate::coinbase::wire::ws::*;

/// A channel as named in a subscribe request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Channel {
    /// `heartbeats`
    Heartbeats,
    /// `ticker`
    Ticker,
    /// `ticker_batch`
    TickerBatch,
    /// `level2` (messages arrive as `l2_data`)
    Level2,
    /// `market_trades`
    MarketTrades,
    /// `candles`
    Candles,
    /// `status`
    Status,
    /// `user` (needs a JWT)
    User,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 8] = [
        Self::Heartbeats,
        Self::Ticker,
        Self::TickerBatch,
        Self::Level2,
        Self::MarketTrades,
        Self::Candles,
        Self::Status,
        Self::User,
    ];

    /// Subscribe name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Heartbeats => "heartbeats",
            Self::Ticker => "ticker",
            Self::TickerBatch => "ticker_batch",
            Self::Level2 => "level2",
            Self::MarketTrades => "market_trades",
            Self::Candles => "candles",
            Self::Status => "status",
            Self::User => "user",
        }
    }

    /// The `channel` field of data messages (`l2_data` for level2).
    pub fn message_name(self) -> &'static str {
        match self {
            Self::Level2 => "l2_data",
            other => other.name(),
        }
    }

    /// Parses a subscribe name (also accepts `l2_data`).
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "l2_data" {
            return Some(Self::Level2);
        }
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether subscribing needs a JWT.
    pub fn needs_auth(self) -> bool {
        self == Self::User
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One parsed WebSocket text frame. Serialises back to Coinbase's JSON shape.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum WsMessage {
    /// `heartbeats`
    Heartbeats(Envelope<HeartbeatEvent>),
    /// `ticker`
    Ticker(Envelope<TickerEvent>),
    /// `ticker_batch`
    TickerBatch(Envelope<TickerEvent>),
    /// `l2_data`
    Level2(Envelope<L2Event>),
    /// `market_trades`
    MarketTrades(Envelope<TradesEvent>),
    /// `candles`
    Candles(Envelope<CandlesEvent>),
    /// `status`
    Status(Envelope<StatusEvent>),
    /// `user`
    User(Envelope<UserEvent>),
    /// `subscriptions` acknowledgement.
    Subscriptions(Envelope<SubscriptionsEvent>),
    /// `{"type": "error", "message": …}`
    Error(WsError),
    /// A channel this client does not know; tolerated and skipped.
    Unknown {
        /// Its name.
        channel: String,
        /// Its sequence number, so gaps are still seen.
        sequence_num: Option<u64>,
    },
}

/// [`WsMessage::parse`] lives with the decoder (`decode.rs`).
impl WsMessage {
    /// The envelope's `sequence_num`.
    pub fn sequence_num(&self) -> Option<u64> {
        match self {
            Self::Heartbeats(e) => Some(e.sequence_num),
            Self::Ticker(e) | Self::TickerBatch(e) => Some(e.sequence_num),
            Self::Level2(e) => Some(e.sequence_num),
            Self::MarketTrades(e) => Some(e.sequence_num),
            Self::Candles(e) => Some(e.sequence_num),
            Self::Status(e) => Some(e.sequence_num),
            Self::User(e) => Some(e.sequence_num),
            Self::Subscriptions(e) => Some(e.sequence_num),
            Self::Error(_) => None,
            Self::Unknown { sequence_num, .. } => *sequence_num,
        }
    }

    /// The channel name as it appeared.
    pub fn channel(&self) -> &str {
        match self {
            Self::Heartbeats(e) => &e.channel,
            Self::Ticker(e) | Self::TickerBatch(e) => &e.channel,
            Self::Level2(e) => &e.channel,
            Self::MarketTrades(e) => &e.channel,
            Self::Candles(e) => &e.channel,
            Self::Status(e) => &e.channel,
            Self::User(e) => &e.channel,
            Self::Subscriptions(e) => &e.channel,
            Self::Error(_) => "error",
            Self::Unknown { channel, .. } => channel,
        }
    }
}
