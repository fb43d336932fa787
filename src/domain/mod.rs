//! Domain types shared by the client, the simulator and the dashboard.
//!
//! Enums serialise to Coinbase's upper-case strings so the same values can be written on the
//! wire; unknown strings from the venue are kept in an `Other` variant instead of failing.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod account;
mod currency;
mod draft;
mod edit;
mod events;
pub mod guards;
mod ids;
mod intent;
mod key_rights;
mod market;
mod order;
mod pnl;
mod preview;
mod records;
mod reject;
pub mod validate;

pub use account::*;
pub use currency::{UNKNOWN_CURRENCY_SCALE, currency_scale};
pub use draft::{DraftError, DraftField, NewOrder, OrderDraft, OrderKind, Size};
pub use edit::{EditEstimate, EditOrder};
pub use events::*;
pub use guards::FeeRates;
pub use ids::ClientOrderIds;
pub use intent::{IntentOutcome, UnresolvedOrder};
pub use key_rights::{Concern, KeyRights};
pub use market::*;
pub use order::*;
pub use pnl::{COST_METHOD, Holding, Position, Valuation, positions, valuation};
pub use preview::OrderPreview;
pub use records::*;
pub use reject::*;

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

    /// Coinbase's terminal statuses: the order is done and can no longer change (but for a
    /// late fill report).
    pub const DONE: [OrderStatus; 4] = [Self::Filled, Self::Cancelled, Self::Expired, Self::Failed];

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
