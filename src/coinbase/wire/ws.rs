//! WebSocket messages: subscribe requests, the envelope and every channel's events.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use super::{Candle, MarketTrade};
use crate::domain::{OrderStatus, ProductId, Side};

/// A subscribe or unsubscribe request; one channel per message.
///
/// `{"type": "subscribe", "product_ids": ["BTC-USD"], "channel": "level2", "jwt": "…"}`
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscribeRequest {
    /// `subscribe` or `unsubscribe`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Products (empty for `heartbeats` and an all-products `user`).
    #[serde(default)]
    pub product_ids: Vec<String>,
    /// Channel name as subscribed (`level2`, not `l2_data`).
    pub channel: String,
    /// Fresh JWT, required for `user`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<String>,
}

impl std::fmt::Debug for SubscribeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscribeRequest")
            .field("kind", &self.kind)
            .field("channel", &self.channel)
            .field("product_ids", &self.product_ids)
            .field("jwt", &self.jwt.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// The envelope of every data message, generic over the event type.
///
/// `{"channel": "l2_data", "client_id": "", "timestamp": "2026-09-30T01:41:27.834Z",
///   "sequence_num": 5, "events": [...]}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<E> {
    /// Channel name (`l2_data` for level2, `subscriptions` for acks).
    pub channel: String,
    /// Always empty or absent.
    #[serde(default)]
    pub client_id: String,
    /// Server time.
    pub timestamp: DateTime<Utc>,
    /// Per-connection counter starting at 0.
    pub sequence_num: u64,
    /// The events.
    pub events: Vec<E>,
}

/// `{"type": "error", "message": "authentication failure"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WsError {
    /// Always `error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What failed.
    pub message: String,
}

/// `heartbeats` event: `{"current_time": "2026-09-30 02:37:15.05 +0000 UTC m=+21697.19",
/// "heartbeat_counter": 21697}` (the counter is a string in the docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeartbeatEvent {
    /// Go time dump; not parsed.
    #[serde(default)]
    pub current_time: String,
    /// Counter, number or string on the wire.
    #[serde(deserialize_with = "u64_lenient")]
    pub heartbeat_counter: u64,
}

fn u64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => {
            n.as_u64().ok_or_else(|| serde::de::Error::custom("counter is not a u64"))
        }
        serde_json::Value::String(s) => s.parse().map_err(serde::de::Error::custom),
        other => Err(serde::de::Error::custom(format!("counter is {other}"))),
    }
}

/// `subscriptions` event: `{"subscriptions": {"level2": ["BTC-USD"], "heartbeats": []}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionsEvent {
    /// Channel to subscribed ids.
    #[serde(default)]
    pub subscriptions: BTreeMap<String, Vec<String>>,
}

/// One ticker. Every amount is optional: `ticker_batch` omits best bid/ask, and an odd
/// snapshot has had every field empty.
///
/// `{"type": "ticker", "product_id": "BTC-USD", "price": "21932.98",
///   "volume_24_h": "16038.28770938", "low_24_h": "21835.29", "high_24_h": "23011.18",
///   "price_percent_chg_24_h": "-4.15775596190603", "best_bid": "21931.98",
///   "best_bid_quantity": "8000.21", "best_ask": "21933.98", "best_ask_quantity": "8038.07"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticker {
    /// Product; empty tickers are skipped.
    #[serde(default)]
    pub product_id: String,
    /// Last price.
    #[serde(default, with = "crate::decimal::opt")]
    pub price: Option<Decimal>,
    /// 24 h volume.
    #[serde(default, with = "crate::decimal::opt")]
    pub volume_24_h: Option<Decimal>,
    /// 24 h low.
    #[serde(default, with = "crate::decimal::opt")]
    pub low_24_h: Option<Decimal>,
    /// 24 h high.
    #[serde(default, with = "crate::decimal::opt")]
    pub high_24_h: Option<Decimal>,
    /// 24 h change in percent.
    #[serde(default, with = "crate::decimal::opt")]
    pub price_percent_chg_24_h: Option<Decimal>,
    /// Best bid.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_bid: Option<Decimal>,
    /// Size at the best bid.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_bid_quantity: Option<Decimal>,
    /// Best ask.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_ask: Option<Decimal>,
    /// Size at the best ask.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_ask_quantity: Option<Decimal>,
}

/// `ticker` / `ticker_batch` event: `{"type": "snapshot", "tickers": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TickerEvent {
    /// `snapshot` or `update`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Tickers.
    #[serde(default)]
    pub tickers: Vec<Ticker>,
}

/// Book side on `l2_data`: `bid` or `offer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum L2Side {
    /// Bid.
    Bid,
    /// Offer (ask).
    Offer,
}

/// One level change: the new **absolute** size; `"0"` removes the level.
///
/// `{"side": "bid", "event_time": "1970-01-01T00:00:00Z", "price_level": "21921.73",
///   "new_quantity": "0.06317902"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct L2Update {
    /// Side.
    pub side: L2Side,
    /// Engine time (zero epoch in snapshots), as sent: the book never reads it, so it is not
    /// parsed per update; [`L2Update::time`] parses it on demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<String>,
    /// Price.
    #[serde(with = "crate::decimal::str")]
    pub price_level: Decimal,
    /// New total size.
    #[serde(with = "crate::decimal::str")]
    pub new_quantity: Decimal,
}

impl L2Update {
    /// The engine time, when it is present and an RFC 3339 time.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        self.event_time.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.to_utc())
    }
}

/// `l2_data` event: `{"type": "snapshot", "product_id": "BTC-USD", "updates": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct L2Event {
    /// `snapshot` replaces the book; `update` changes levels. Any other type fails the message's
    /// schema (R-WS8): its levels cannot be applied, and skipping them would leave the book wrong
    /// with no gap to see, while a failed message is skipped as a gap in the sequence.
    #[serde(rename = "type", deserialize_with = "event_type")]
    pub kind: String,
    /// Product.
    pub product_id: ProductId,
    /// Level changes.
    #[serde(default)]
    pub updates: Vec<L2Update>,
}

/// An event `type` that must be `snapshot` or `update` (the rule lives in
/// [`event_kind`](crate::coinbase::parse::event_kind)).
fn event_type<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let kind = String::deserialize(d)?;
    crate::coinbase::parse::event_kind(&kind).map_err(serde::de::Error::custom)?;
    Ok(kind)
}

/// `market_trades` event: `{"type": "update", "trades": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TradesEvent {
    /// `snapshot` (recent history) or `update`; any other type fails the message's schema, as
    /// for level2, so a trade is never dropped without a gap being seen.
    #[serde(rename = "type", deserialize_with = "event_type")]
    pub kind: String,
    /// Trades.
    #[serde(default)]
    pub trades: Vec<MarketTrade>,
}

/// `candles` event: `{"type": "snapshot", "candles": [...]}`, 5-minute buckets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandlesEvent {
    /// `snapshot` or `update`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Candles with `product_id`.
    #[serde(default)]
    pub candles: Vec<Candle>,
}

/// One product on the `status` channel.
///
/// `{"product_type": "SPOT", "id": "BTC-USD", "base_currency": "BTC", "quote_currency": "USD",
///   "base_increment": "0.00000001", "quote_increment": "0.01", "display_name": "BTC/USD",
///   "status": "online", "status_message": "", "min_market_funds": "1"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusProduct {
    /// Product id.
    pub id: String,
    /// `online`, …
    #[serde(default)]
    pub status: String,
    /// Lot.
    #[serde(default, with = "crate::decimal::opt")]
    pub base_increment: Option<Decimal>,
    /// Quote precision.
    #[serde(default, with = "crate::decimal::opt")]
    pub quote_increment: Option<Decimal>,
    /// Minimum notional of a market order.
    #[serde(default, with = "crate::decimal::opt")]
    pub min_market_funds: Option<Decimal>,
    /// Message.
    #[serde(default)]
    pub status_message: String,
}

/// `status` event: `{"type": "snapshot", "products": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// `snapshot` or `update`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Products.
    #[serde(default)]
    pub products: Vec<StatusProduct>,
}

/// One order on the `user` channel, with **cumulative** fill state.
///
/// `{"avg_price": "50000", "client_order_id": "XXX", "cumulative_quantity": "0.01",
///   "leaves_quantity": "0", "limit_price": "50000", "order_id": "YYY", "order_side": "BUY",
///   "order_type": "Limit", "post_only": "false", "product_id": "BTC-USD", "status": "FILLED",
///   "stop_price": "", "time_in_force": "GOOD_UNTIL_CANCELLED", "total_fees": "2",
///   "creation_time": "2024-06-21T18:29:13.909347Z"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserOrder {
    /// Exchange id.
    pub order_id: String,
    /// Client id.
    #[serde(default)]
    pub client_order_id: String,
    /// Product.
    pub product_id: ProductId,
    /// Side.
    pub order_side: Side,
    /// `Limit` or `LIMIT`: compare case-insensitively.
    #[serde(default)]
    pub order_type: String,
    /// Status.
    pub status: OrderStatus,
    /// Average fill price.
    #[serde(default, with = "crate::decimal::opt")]
    pub avg_price: Option<Decimal>,
    /// Filled so far.
    #[serde(default, with = "crate::decimal::opt")]
    pub cumulative_quantity: Option<Decimal>,
    /// Left to fill, in the unit the order was sized in.
    #[serde(default, with = "crate::decimal::opt")]
    pub leaves_quantity: Option<Decimal>,
    /// Limit price, `"0"` or `""` when not applicable.
    #[serde(default, with = "crate::decimal::opt")]
    pub limit_price: Option<Decimal>,
    /// Stop price.
    #[serde(default, with = "crate::decimal::opt")]
    pub stop_price: Option<Decimal>,
    /// Fees so far.
    #[serde(default, with = "crate::decimal::opt")]
    pub total_fees: Option<Decimal>,
    /// Filled value.
    #[serde(default, with = "crate::decimal::opt")]
    pub filled_value: Option<Decimal>,
    /// Number of fills (string).
    #[serde(default)]
    pub number_of_fills: String,
    /// Time in force.
    #[serde(default)]
    pub time_in_force: String,
    /// `"true"` / `"false"` as a string.
    #[serde(default)]
    pub post_only: String,
    /// Created.
    #[serde(default)]
    pub creation_time: Option<DateTime<Utc>>,
    /// Cancel reason.
    #[serde(default)]
    pub cancel_reason: String,
    /// Reject reason.
    #[serde(default)]
    pub reject_reason: String,
}

/// `user` event: `{"type": "snapshot", "orders": [...], "positions": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserEvent {
    /// `snapshot` (open orders, in batches of 50) or `update`; any other type fails the
    /// message's schema, so an order report is never dropped without a gap (and a
    /// reconnect with reconciliation) following.
    #[serde(rename = "type", deserialize_with = "event_type")]
    pub kind: String,
    /// Orders.
    #[serde(default)]
    pub orders: Vec<UserOrder>,
}
