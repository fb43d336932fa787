//! Orders as the dashboard knows them: the venue's records and the local states of an order
//! whose placement outcome is unknown.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{OrderConfig, OrderStatus, ProductId, Rejection, Side, Size};

/// The type of a known order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderType {
    /// Market order.
    Market,
    /// Limit order.
    Limit,
    /// Stop-limit order.
    StopLimit,
    /// Bracket (limit with an attached stop).
    Bracket,
    /// A type this client does not model, as the venue named it.
    Other(String),
}

impl OrderType {
    /// The type of an order with this configuration.
    pub fn of(config: &OrderConfig) -> Self {
        match config {
            OrderConfig::MarketIoc(_) => Self::Market,
            OrderConfig::SorLimitIoc(_)
            | OrderConfig::LimitGtc(_)
            | OrderConfig::LimitGtd(_)
            | OrderConfig::LimitFok(_) => Self::Limit,
            OrderConfig::StopLimitGtc(_) | OrderConfig::StopLimitGtd(_) => Self::StopLimit,
            OrderConfig::BracketGtc(_) | OrderConfig::BracketGtd(_) => Self::Bracket,
        }
    }
}

impl fmt::Display for OrderType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Market => "MARKET",
            Self::Limit => "LIMIT",
            Self::StopLimit => "STOP_LIMIT",
            Self::Bracket => "BRACKET",
            Self::Other(name) => name,
        })
    }
}

/// An order at the venue: from a REST listing, a lookup or the user channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    /// Exchange id.
    pub order_id: String,
    /// Client order id (empty when the venue gave none).
    pub client_order_id: String,
    /// Product.
    pub product: ProductId,
    /// Side.
    pub side: Side,
    /// Type.
    pub order_type: OrderType,
    /// Limit price, when the order has one.
    pub limit_price: Option<Decimal>,
    /// Stop price, when the order has one.
    pub stop_price: Option<Decimal>,
    /// Total size with its unit (base, or quote for a market order sized in quote), when known.
    pub size: Option<Size>,
    /// Filled so far, base units.
    pub filled: Decimal,
    /// Average fill price.
    pub avg_price: Option<Decimal>,
    /// Fees paid so far, in the quote currency.
    pub fees: Decimal,
    /// Status at the venue.
    pub status: OrderStatus,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
    /// A cancel is pending at the venue.
    pub cancel_pending: bool,
}

/// Where an order whose placement outcome is unknown stands (R-ORD4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntentState {
    /// Being looked up by client order id.
    Checking,
    /// No lookup found it.
    NotFound,
    /// The user resubmitted it (same id); waiting for the answer.
    Resubmitted,
}

/// The status of a row of the open orders: the venue's, or a local state of an intent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowStatus {
    /// Reported by the venue.
    Venue(OrderStatus),
    /// An order whose outcome is unknown.
    Intent(IntentState),
}

impl RowStatus {
    /// Whether the order may still trade: a working venue status, or any intent.
    pub fn is_working(&self) -> bool {
        match self {
            Self::Venue(status) => status.is_working(),
            Self::Intent(_) => true,
        }
    }
}

/// The answer for one order of a batch cancel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelOutcome {
    /// The order.
    pub order_id: String,
    /// `None` when the cancel was initiated, else why it was refused.
    pub refused: Option<Rejection>,
}
