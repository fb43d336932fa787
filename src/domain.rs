//! Domain types shared by the client, the simulator and the dashboard.
//!
//! Enums serialise to Coinbase's upper-case strings so the same values can be written on the
//! wire; unknown strings from the venue are kept in an `Other` variant instead of failing.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A product id such as `BTC-USD`: upper-case base and quote currency joined by `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProductId(pub String);

impl ProductId {
    /// Parses and upper-cases a product id, refusing anything that is not `BASE-QUOTE`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let upper = text.trim().to_ascii_uppercase();
        let mut parts = upper.split('-');
        let valid = |p: Option<&str>| {
            p.is_some_and(|s| !s.is_empty() && s.len() <= 12 && s.chars().all(|c| c.is_ascii_alphanumeric()))
        };
        if valid(parts.next()) && valid(parts.next()) && parts.next().is_none() {
            Ok(Self(upper))
        } else {
            Err(format!("{text:?} is not a product id like BTC-USD"))
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base currency, `BTC` in `BTC-USD`.
    pub fn base(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }

    /// The quote currency, `USD` in `BTC-USD`.
    pub fn quote(&self) -> &str {
        self.0.split('-').nth(1).unwrap_or_default()
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Buy or sell. On the wire: `BUY` / `SELL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Side {
    /// Buy the base currency.
    Buy,
    /// Sell the base currency.
    Sell,
}

impl Side {
    /// The other side.
    pub fn opposite(self) -> Self {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        }
    }

    /// `BUY` or `SELL`.
    pub fn as_wire(self) -> &'static str {
        match self {
            Side::Buy => "BUY",
            Side::Sell => "SELL",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

/// Order status as Coinbase reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum OrderStatus {
    /// Accepted, not yet working.
    Pending,
    /// Resting on the book (or a stop waiting to trigger).
    Open,
    /// Completely filled.
    Filled,
    /// Cancelled, possibly partly filled.
    Cancelled,
    /// Good-till-date passed, or IOC/FOK left unfilled.
    Expired,
    /// Failed after acceptance.
    Failed,
    /// Queued by the venue.
    Queued,
    /// A cancel is queued.
    CancelQueued,
    /// An edit is queued.
    EditQueued,
    /// Any value this client does not know.
    Other(String),
}

impl OrderStatus {
    /// The upper-case wire string.
    pub fn as_wire(&self) -> &str {
        match self {
            Self::Pending => "PENDING",
            Self::Open => "OPEN",
            Self::Filled => "FILLED",
            Self::Cancelled => "CANCELLED",
            Self::Expired => "EXPIRED",
            Self::Failed => "FAILED",
            Self::Queued => "QUEUED",
            Self::CancelQueued => "CANCEL_QUEUED",
            Self::EditQueued => "EDIT_QUEUED",
            Self::Other(s) => s,
        }
    }

    /// Whether the order can still trade or be cancelled.
    pub fn is_working(&self) -> bool {
        matches!(self, Self::Pending | Self::Open | Self::Queued | Self::CancelQueued | Self::EditQueued)
    }
}

impl From<String> for OrderStatus {
    fn from(s: String) -> Self {
        match s.to_ascii_uppercase().as_str() {
            "PENDING" => Self::Pending,
            "OPEN" => Self::Open,
            "FILLED" => Self::Filled,
            "CANCELLED" => Self::Cancelled,
            "EXPIRED" => Self::Expired,
            "FAILED" => Self::Failed,
            "QUEUED" => Self::Queued,
            "CANCEL_QUEUED" => Self::CancelQueued,
            "EDIT_QUEUED" => Self::EditQueued,
            _ => Self::Other(s),
        }
    }
}

impl From<OrderStatus> for String {
    fn from(s: OrderStatus) -> Self {
        s.as_wire().to_string()
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

/// Direction a stop-limit order triggers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopDirection {
    /// Triggers when the last trade rises to the stop price.
    #[serde(rename = "STOP_DIRECTION_STOP_UP")]
    Up,
    /// Triggers when the last trade falls to the stop price.
    #[serde(rename = "STOP_DIRECTION_STOP_DOWN")]
    Down,
}

/// The size of a market order: in base units, or in quote units (market buys only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderSize {
    /// Base currency amount (`base_size`).
    Base(Decimal),
    /// Quote currency amount (`quote_size`), fees included.
    Quote(Decimal),
}

/// Coinbase's `order_configuration`: exactly one of these keys with its fields.
///
/// This type is both the domain value and its wire form, because Coinbase's one-of object is
/// already the shape of the domain: `{"limit_limit_gtc": {"base_size": "0.001",
/// "limit_price": "60000.10", "post_only": true}}`. Decimals are strings on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderConfig {
    /// Market order, immediate-or-cancel.
    #[serde(rename = "market_market_ioc")]
    MarketIoc(MarketIoc),
    /// Smart-order-routed limit, immediate-or-cancel.
    #[serde(rename = "sor_limit_ioc")]
    SorLimitIoc(LimitIoc),
    /// Limit, good till cancelled.
    #[serde(rename = "limit_limit_gtc")]
    LimitGtc(LimitGtc),
    /// Limit, good till a date.
    #[serde(rename = "limit_limit_gtd")]
    LimitGtd(LimitGtd),
    /// Limit, fill or kill.
    #[serde(rename = "limit_limit_fok")]
    LimitFok(LimitIoc),
    /// Stop-limit, good till cancelled.
    #[serde(rename = "stop_limit_stop_limit_gtc")]
    StopLimitGtc(StopLimit),
    /// Stop-limit, good till a date (`end_time` set).
    #[serde(rename = "stop_limit_stop_limit_gtd")]
    StopLimitGtd(StopLimit),
    /// Bracket (take-profit limit plus stop trigger), good till cancelled.
    #[serde(rename = "trigger_bracket_gtc")]
    BracketGtc(Bracket),
    /// Bracket, good till a date (`end_time` set).
    #[serde(rename = "trigger_bracket_gtd")]
    BracketGtd(Bracket),
}

/// Fields of `market_market_ioc`: exactly one of `quote_size` and `base_size`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MarketIoc {
    /// Quote amount to spend (buys only).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::decimal::opt")]
    pub quote_size: Option<Decimal>,
    /// Base amount to trade.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::decimal::opt")]
    pub base_size: Option<Decimal>,
}

/// Fields of `sor_limit_ioc` and `limit_limit_fok`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitIoc {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Worst acceptable price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
}

/// Fields of `limit_limit_gtc`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitGtc {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Limit price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Reject instead of taking liquidity.
    #[serde(default)]
    pub post_only: bool,
}

/// Fields of `limit_limit_gtd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitGtd {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Limit price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Expiry (RFC 3339).
    pub end_time: DateTime<Utc>,
    /// Reject instead of taking liquidity.
    #[serde(default)]
    pub post_only: bool,
}

/// Fields of `stop_limit_stop_limit_gtc` / `_gtd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopLimit {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Limit price once triggered.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Last-trade price that triggers the order.
    #[serde(with = "crate::decimal::str")]
    pub stop_price: Decimal,
    /// Which way the last trade must move to trigger.
    pub stop_direction: StopDirection,
    /// Expiry, only for the GTD variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
}

/// Fields of `trigger_bracket_gtc` / `_gtd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Take-profit limit price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Stop-loss trigger price.
    #[serde(with = "crate::decimal::str")]
    pub stop_trigger_price: Decimal,
    /// Expiry, only for the GTD variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
}

/// Coinbase's time-in-force names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeInForce {
    /// `GOOD_UNTIL_CANCELLED`
    #[serde(rename = "GOOD_UNTIL_CANCELLED")]
    Gtc,
    /// `GOOD_UNTIL_DATE_TIME`
    #[serde(rename = "GOOD_UNTIL_DATE_TIME")]
    Gtd,
    /// `IMMEDIATE_OR_CANCEL`
    #[serde(rename = "IMMEDIATE_OR_CANCEL")]
    Ioc,
    /// `FILL_OR_KILL`
    #[serde(rename = "FILL_OR_KILL")]
    Fok,
}

impl OrderConfig {
    /// Coinbase's `order_type` for this configuration.
    pub fn order_type(&self) -> &'static str {
        match self {
            Self::MarketIoc(_) => "MARKET",
            Self::SorLimitIoc(_) | Self::LimitGtc(_) | Self::LimitGtd(_) | Self::LimitFok(_) => "LIMIT",
            Self::StopLimitGtc(_) | Self::StopLimitGtd(_) => "STOP_LIMIT",
            Self::BracketGtc(_) | Self::BracketGtd(_) => "BRACKET",
        }
    }

    /// The time in force this configuration implies.
    pub fn time_in_force(&self) -> TimeInForce {
        match self {
            Self::MarketIoc(_) | Self::SorLimitIoc(_) => TimeInForce::Ioc,
            Self::LimitFok(_) => TimeInForce::Fok,
            Self::LimitGtd(_) | Self::StopLimitGtd(_) | Self::BracketGtd(_) => TimeInForce::Gtd,
            Self::LimitGtc(_) | Self::StopLimitGtc(_) | Self::BracketGtc(_) => TimeInForce::Gtc,
        }
    }

    /// The base size, when the order is sized in base units.
    pub fn base_size(&self) -> Option<Decimal> {
        match self {
            Self::MarketIoc(m) => m.base_size,
            Self::SorLimitIoc(l) | Self::LimitFok(l) => Some(l.base_size),
            Self::LimitGtc(l) => Some(l.base_size),
            Self::LimitGtd(l) => Some(l.base_size),
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.base_size),
            Self::BracketGtc(b) | Self::BracketGtd(b) => Some(b.base_size),
        }
    }

    /// The quote size of a market order sized in quote units.
    pub fn quote_size(&self) -> Option<Decimal> {
        match self {
            Self::MarketIoc(m) => m.quote_size,
            _ => None,
        }
    }

    /// The limit price, for every type except market.
    pub fn limit_price(&self) -> Option<Decimal> {
        match self {
            Self::MarketIoc(_) => None,
            Self::SorLimitIoc(l) | Self::LimitFok(l) => Some(l.limit_price),
            Self::LimitGtc(l) => Some(l.limit_price),
            Self::LimitGtd(l) => Some(l.limit_price),
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.limit_price),
            Self::BracketGtc(b) | Self::BracketGtd(b) => Some(b.limit_price),
        }
    }

    /// The stop price (stop-limit) or stop trigger price (bracket).
    pub fn stop_price(&self) -> Option<Decimal> {
        match self {
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.stop_price),
            Self::BracketGtc(b) | Self::BracketGtd(b) => Some(b.stop_trigger_price),
            _ => None,
        }
    }

    /// Whether the order must only add liquidity.
    pub fn post_only(&self) -> bool {
        match self {
            Self::LimitGtc(l) => l.post_only,
            Self::LimitGtd(l) => l.post_only,
            _ => false,
        }
    }

    /// The expiry of a GTD order.
    pub fn end_time(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::LimitGtd(l) => Some(l.end_time),
            Self::StopLimitGtd(s) => s.end_time,
            Self::BracketGtd(b) => b.end_time,
            _ => None,
        }
    }
}

/// Trading rules and state of one product, from `GET /products`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRules {
    /// The product.
    pub id: ProductId,
    /// Tick: prices must be multiples of this.
    pub price_increment: Decimal,
    /// Lot: base sizes must be multiples of this.
    pub base_increment: Decimal,
    /// Precision of quote sizes.
    pub quote_increment: Decimal,
    /// Smallest base size.
    pub base_min_size: Decimal,
    /// Largest base size.
    pub base_max_size: Decimal,
    /// Smallest notional.
    pub quote_min_size: Decimal,
    /// Largest notional.
    pub quote_max_size: Decimal,
    /// Whether new orders are refused (`trading_disabled`, `is_disabled`, status not online).
    pub trading_disabled: bool,
    /// Only cancels are accepted.
    pub cancel_only: bool,
    /// Market orders are refused.
    pub limit_only: bool,
    /// Only post-only limit orders are accepted.
    pub post_only: bool,
}
