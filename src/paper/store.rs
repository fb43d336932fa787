//! What the paper account keeps between runs: balances and open orders, as versioned JSON
//! (the runtime writes it atomically). An open order is kept with what is left of it and
//! re-placed, as a new order with the same client order id, when the first book snapshot of
//! its product arrives: at the back of the queue at its price, since the synthetic orders of
//! the snapshot are placed first.
//!
//! ```json
//! {"version": 1,
//!  "balances": [{"currency": "USD", "amount": "9000.5"}, {"currency": "BTC", "amount": "0.01"}],
//!  "open_orders": [{"client_order_id": "…", "product_id": "BTC-USD", "side": "BUY",
//!                   "order_configuration": {"limit_limit_gtc": {"base_size": "0.01", "limit_price": "90000", "post_only": false}}}]}
//! ```

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PAPER;
use crate::domain::{OrderConfig, ProductId, Side};
use crate::sim::engine::{Engine, NewOrder};

/// The file format this build reads and writes.
const VERSION: u32 = 1;

/// A new paper account holds this much of the configured quote currency and nothing else.
pub const STARTING_BALANCE: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// A paper account: balances (available and held together) and open orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaperBook {
    /// The file format.
    pub version: u32,
    /// Every currency held, sorted.
    pub balances: Vec<SavedBalance>,
    /// Working orders with what is left of them.
    pub open_orders: Vec<SavedOrder>,
}

/// One currency's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBalance {
    /// Currency code.
    pub currency: String,
    /// Available plus held.
    #[serde(with = "crate::decimal::str")]
    pub amount: Decimal,
}

/// An order to re-place: the create request with the unfilled size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOrder {
    /// The intent's id.
    pub client_order_id: String,
    /// Product.
    pub product_id: ProductId,
    /// Side.
    pub side: Side,
    /// Configuration, its base size cut to what was left.
    pub order_configuration: OrderConfig,
}

/// Why a paper account file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

impl PaperBook {
    /// A new account: [`STARTING_BALANCE`] of `quote`.
    pub fn starting(quote: &str) -> Self {
        let balances = vec![SavedBalance { currency: quote.to_string(), amount: STARTING_BALANCE }];
        Self { version: VERSION, balances, open_orders: Vec::new() }
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a file's text; anything malformed, of another version, with a negative amount
    /// or an invalid product id is refused with the reason.
    pub fn from_json(text: &str) -> Result<Self, StoreError> {
        let book: PaperBook = serde_json::from_str(text)
            .map_err(|e| StoreError(format!("not a valid paper account file: {e}")))?;
        if book.version != VERSION {
            return Err(StoreError(format!(
                "version {} is not understood (this cbterm reads version {VERSION})",
                book.version
            )));
        }
        if let Some(b) = book.balances.iter().find(|b| b.amount < Decimal::ZERO || b.currency.is_empty()) {
            return Err(StoreError(format!("balance {:?} {} is not a valid amount", b.currency, b.amount)));
        }
        if let Some(o) = book.open_orders.iter().find(|o| ProductId::parse(&o.product_id.0).is_err()) {
            return Err(StoreError(format!("{:?} is not a product id like BTC-USD", o.product_id.0)));
        }
        Ok(book)
    }
}

/// Re-places the saved orders of `product`, removing them from `waiting`; one the engine
/// refuses now (funds, rules) is dropped with a log line.
pub(super) fn restore(
    engine: &mut Engine,
    waiting: &mut Vec<SavedOrder>,
    product: &ProductId,
    now: DateTime<Utc>,
) {
    let (due, rest): (Vec<SavedOrder>, Vec<SavedOrder>) =
        waiting.drain(..).partition(|o| &o.product_id == product);
    *waiting = rest;
    for saved in due {
        let order = NewOrder {
            client_order_id: saved.client_order_id.clone(),
            product_id: saved.product_id,
            side: saved.side,
            config: saved.order_configuration,
        };
        if let Err(reject) = engine.place(PAPER, order, now) {
            tracing::warn!(client_order_id = saved.client_order_id, reason = %reject.message, "paper: saved order not re-placed");
        }
    }
}

/// The account as the engine holds it, with the orders still waiting to be re-placed.
pub(super) fn snapshot(engine: &Engine, waiting: &[SavedOrder]) -> PaperBook {
    let balances = engine
        .balances(PAPER)
        .into_iter()
        .map(|b| SavedBalance { amount: b.available.saturating_add(b.hold), currency: b.currency })
        .filter(|b| !b.amount.is_zero())
        .collect();
    let working = engine.orders(PAPER).filter(|o| o.status.is_working() && o.leaves_quantity > Decimal::ZERO);
    let mut open_orders: Vec<SavedOrder> = working
        .filter_map(|o| {
            Some(SavedOrder {
                client_order_id: o.client_order_id.clone(),
                product_id: o.product_id.clone(),
                side: o.side,
                order_configuration: o.config.with_base_size(o.leaves_quantity)?,
            })
        })
        .collect();
    open_orders.reverse();
    open_orders.extend(waiting.iter().cloned());
    PaperBook { version: VERSION, balances, open_orders }
}
