//! What the WebSocket feeds deliver to the dashboard, already out of Coinbase's JSON.

use std::time::Duration;

use super::{BookEvent, Candle, EventKind, Granularity, OrderRecord, ProductId, Ticker, Trade};

/// One market-data event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarketEvent {
    /// A ticker.
    Ticker(Ticker),
    /// A level2 snapshot or update.
    Book(BookEvent),
    /// Market trades: a snapshot of recent history or live ones.
    Trades {
        /// Snapshot or update.
        kind: EventKind,
        /// The trades.
        trades: Vec<Trade>,
    },
    /// A live candle.
    Candle {
        /// Product.
        product: ProductId,
        /// Its bucket size.
        granularity: Granularity,
        /// The candle.
        candle: Candle,
    },
}

/// One order reported by the user channel, with cumulative fill state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderUpdate {
    /// Snapshot (open orders on subscribing) or update.
    pub kind: EventKind,
    /// The order as it stands now.
    pub order: OrderRecord,
}

/// What a feed reported: its connection's life, or the events of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEvent {
    /// Opening connection attempt `attempt` (1-based).
    Connecting {
        /// Attempt number since the last stable connection.
        attempt: u32,
    },
    /// Subscribed: every requested channel was acknowledged.
    Connected,
    /// Market events of one message.
    Market(Vec<MarketEvent>),
    /// Order updates of one user-channel message.
    User(Vec<OrderUpdate>),
    /// A message that only shows the connection is alive (heartbeats, acknowledgements, and
    /// channels the dashboard does not use).
    Alive,
    /// The server reported an error on the connection.
    ServerError(String),
    /// A sequence number was skipped; the books are resubscribed for fresh snapshots (or the
    /// connection reopened, which a `Disconnected` then reports).
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
    /// The feed stopped for good; no more attempts follow.
    Failed {
        /// Why, in plain words.
        reason: String,
    },
}
