//! The engine's public value types: configuration, requests, orders, fills, events.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::edit::EditRecord;
use crate::domain::validate::Violation;
use crate::domain::{OrderConfig, OrderStatus, ProductId, ProductRules, Side};

/// Products and fee rates of an engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Tradable products, in the order [`super::Engine::products`] lists them.
    pub products: Vec<ProductRules>,
    /// Maker fee rate, a fraction (`0.004` = 0.40 %).
    pub maker_fee: Decimal,
    /// Taker fee rate, a fraction.
    pub taker_fee: Decimal,
}

/// A create-order request, as `POST /orders` carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrder {
    /// Idempotency key, unique per user.
    pub client_order_id: String,
    /// The product.
    pub product_id: ProductId,
    /// Buy or sell.
    pub side: Side,
    /// The order configuration.
    pub config: OrderConfig,
}

/// Why an order was refused: Coinbase's codes and a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// `new_order_failure_reason` (or the `PREVIEW_*` code where Coinbase has no new-order code).
    pub reason: &'static str,
    /// `preview_failure_reason`.
    pub preview_reason: &'static str,
    /// Plain-words explanation.
    pub message: String,
}

impl Reject {
    /// A reject with both codes and a message.
    pub fn new(reason: &'static str, preview_reason: &'static str, message: &str) -> Self {
        Self { reason, preview_reason, message: message.to_string() }
    }

    /// `INSUFFICIENT_FUND`.
    pub fn insufficient_fund() -> Self {
        Self::new("INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND", "Insufficient balance in source account")
    }

    /// `INVALID_PRODUCT_ID`.
    pub fn unknown_product(product: &ProductId) -> Self {
        let message = format!("unknown product {product}");
        Self::new("INVALID_PRODUCT_ID", "PREVIEW_INVALID_PRODUCT_ID", &message)
    }

    /// `INVALID_LIMIT_PRICE_POST_ONLY`: a post-only order would take liquidity.
    pub fn post_only_cross() -> Self {
        Self::new(
            "INVALID_LIMIT_PRICE_POST_ONLY",
            "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY",
            "post-only order would cross the book",
        )
    }

    /// An internal arithmetic limit was hit (amounts near `Decimal::MAX`).
    pub fn overflow() -> Self {
        Self::new("UNKNOWN_FAILURE_REASON", "UNKNOWN_PREVIEW_FAILURE_REASON", "amount overflow")
    }
}

impl From<Violation> for Reject {
    fn from(v: Violation) -> Self {
        Self { reason: v.reason(), preview_reason: v.preview_reason(), message: v.to_string() }
    }
}

/// Maker or taker side of a fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Liquidity {
    /// The order was resting on the book.
    Maker,
    /// The order took liquidity.
    Taker,
}

/// An order and its cumulative state, as Coinbase reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOrder {
    /// Engine-assigned id (UUID-shaped, deterministic).
    pub order_id: String,
    /// The client's idempotency key.
    pub client_order_id: String,
    /// Owner.
    pub user: String,
    /// The product.
    pub product_id: ProductId,
    /// Buy or sell.
    pub side: Side,
    /// Configuration; an edit rewrites its price and size.
    pub config: OrderConfig,
    /// `OPEN`, `FILLED`, `CANCELLED` or `EXPIRED`.
    pub status: OrderStatus,
    /// Acceptance time.
    pub created_time: DateTime<Utc>,
    /// Last change of any kind.
    pub last_update_time: DateTime<Utc>,
    /// Base filled so far.
    pub filled_size: Decimal,
    /// Quote value filled so far, fees excluded.
    pub filled_value: Decimal,
    /// `filled_value / filled_size`, zero before the first fill.
    pub average_filled_price: Decimal,
    /// Fees charged so far, in quote.
    pub total_fees: Decimal,
    /// Number of fills.
    pub number_of_fills: u64,
    /// Time of the last fill.
    pub last_fill_time: Option<DateTime<Utc>>,
    /// Funds still on hold for this order: quote for buys, base for sells.
    pub outstanding_hold: Decimal,
    /// Stop-limit or bracket stop leg has triggered.
    pub triggered: bool,
    /// Unfilled amount in the unit the order is sized in (quote for quote-sized market
    /// buys); zero once the order is done.
    pub leaves_quantity: Decimal,
    /// Price the order works at now: the limit price, or a triggered bracket's exit price.
    pub working_price: Option<Decimal>,
    /// Accepted edits, oldest first: Coinbase's `edit_history`.
    pub edit_history: Vec<EditRecord>,
    /// Why the engine, not the user, ended the order (self-trade prevention, price band).
    pub cancel_reason: Option<&'static str>,
}

impl SimOrder {
    /// `completion_percentage`: filled share of the order, 0–100.
    pub fn completion_percentage(&self) -> Decimal {
        if self.status == OrderStatus::Filled {
            return Decimal::ONE_HUNDRED;
        }
        let Some(size) = self.config.base_size() else {
            return Decimal::ZERO;
        };
        let pct = self.filled_size.checked_mul(Decimal::ONE_HUNDRED);
        pct.and_then(|p| p.checked_div(size)).map_or(Decimal::ZERO, |p| p.round_dp(2))
    }

    /// `trigger_status`: `INVALID_ORDER_TYPE`, `STOP_PENDING` or `STOP_TRIGGERED`.
    pub fn trigger_status(&self) -> &'static str {
        match (self.config.stop_price().is_some(), self.triggered) {
            (false, _) => "INVALID_ORDER_TYPE",
            (true, false) => "STOP_PENDING",
            (true, true) => "STOP_TRIGGERED",
        }
    }

    /// `total_value_after_fees`: value plus fees for buys, minus fees for sells.
    pub fn total_value_after_fees(&self) -> Decimal {
        match self.side {
            Side::Buy => self.filled_value.saturating_add(self.total_fees),
            Side::Sell => self.filled_value.saturating_sub(self.total_fees),
        }
    }
}

/// One side of one trade, as `GET /orders/historical/fills` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimFill {
    /// Unique id of this fill record.
    pub entry_id: String,
    /// Id of the trade (shared by the maker and taker fills).
    pub trade_id: String,
    /// The order filled.
    pub order_id: String,
    /// Owner of the order.
    pub user: String,
    /// The product.
    pub product_id: ProductId,
    /// Side of the order.
    pub side: Side,
    /// Trade price.
    pub price: Decimal,
    /// Base size.
    pub size: Decimal,
    /// Fee in quote.
    pub commission: Decimal,
    /// Maker or taker.
    pub liquidity: Liquidity,
    /// Trade time.
    pub time: DateTime<Utc>,
}

/// A public trade, kept in the engine's recent-trade log.
#[derive(Debug, Clone, PartialEq)]
pub struct TradeRecord {
    /// Increasing number of the trade across all products, from 1.
    pub seq: u64,
    /// The product.
    pub product_id: ProductId,
    /// Trade id.
    pub trade_id: String,
    /// Price.
    pub price: Decimal,
    /// Base size.
    pub size: Decimal,
    /// Side of the resting order.
    pub maker_side: Side,
    /// Trade time.
    pub time: DateTime<Utc>,
}

/// Something that changed, for the market-data and user feeds.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// A trade printed.
    Trade {
        /// The product.
        product_id: ProductId,
        /// Trade id.
        trade_id: String,
        /// Price.
        price: Decimal,
        /// Base size.
        size: Decimal,
        /// Side of the resting order.
        maker_side: Side,
        /// Trade time.
        time: DateTime<Utc>,
    },
    /// The aggregated size at one price changed.
    Level {
        /// The product.
        product_id: ProductId,
        /// `Buy` = bid, `Sell` = offer.
        side: Side,
        /// Price of the level.
        price: Decimal,
        /// New total at that price; zero removes the level.
        new_size: Decimal,
        /// Change time.
        time: DateTime<Utc>,
    },
    /// An order's state changed (once per order per engine call).
    OrderChanged {
        /// Owner.
        user: String,
        /// The order.
        order_id: String,
    },
}

/// One currency balance of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// Currency code.
    pub currency: String,
    /// Free to use.
    pub available: Decimal,
    /// Reserved by working orders.
    pub hold: Decimal,
}

/// The answer of `POST /orders/preview`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preview {
    /// Buys: quote spent including fees; sells: quote received after fees.
    pub order_total: Decimal,
    /// Estimated fees in quote.
    pub commission_total: Decimal,
    /// Estimated value, fees excluded.
    pub quote_size: Decimal,
    /// Estimated base size.
    pub base_size: Decimal,
    /// Best bid now.
    pub best_bid: Option<Decimal>,
    /// Best ask now.
    pub best_ask: Option<Decimal>,
    /// Estimated average price.
    pub est_average_filled_price: Decimal,
    /// Relative distance of the average price from the touch, for the part that takes.
    pub slippage: Decimal,
    /// `PREVIEW_*` reasons the order would fail with; empty when it would be accepted.
    pub errs: Vec<&'static str>,
}
