//! The simulator's order record: the wire [`Order`] plus the fields only the simulator sends.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::coinbase::wire::Order;
use crate::sim::engine::{EditRecord, SimOrder};

/// An order as `GET /orders/historical/{id}` and `/batch` send it: the fields of [`Order`]
/// plus `edit_history`, `current_pending_replace` and `cancel_message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderRecord {
    /// The fields the client reads.
    #[serde(flatten)]
    pub order: Order,
    /// Accepted edits, oldest first (the newest five).
    pub edit_history: Vec<EditEntry>,
    /// The edit in flight; always `null` here, since the engine applies an edit at once.
    pub current_pending_replace: Option<EditEntry>,
    /// Why the exchange ended the order (self-trade prevention, price protection); empty
    /// otherwise.
    pub cancel_message: String,
}

/// One `edit_history[]` entry.
///
/// `{"price": "4031", "size": "1.94417846", "replace_accept_timestamp": "2025-08-08T22:22:57.505Z"}`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditEntry {
    /// The edited limit price.
    #[serde(with = "crate::decimal::str")]
    pub price: Decimal,
    /// The edited total size.
    #[serde(with = "crate::decimal::str")]
    pub size: Decimal,
    /// When the edit was accepted.
    pub replace_accept_timestamp: DateTime<Utc>,
}

impl From<&EditRecord> for EditEntry {
    fn from(e: &EditRecord) -> Self {
        Self { price: e.price, size: e.size, replace_accept_timestamp: e.replace_accept_timestamp }
    }
}

/// The record of one order.
pub fn order_record(o: &SimOrder) -> OrderRecord {
    OrderRecord {
        order: super::order(o),
        edit_history: o.edit_history.iter().map(EditEntry::from).collect(),
        current_pending_replace: None,
        cancel_message: o.cancel_reason.unwrap_or_default().to_string(),
    }
}
