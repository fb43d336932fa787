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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{LimitGtc, OrderConfig, ProductId, ProductRules, Side};
    use crate::sim::engine::{Engine, EngineConfig, NewOrder, SELF_TRADE_CANCEL};

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    fn engine() -> Engine {
        let (tick, lot, max) = (d("0.01"), d("0.00000001"), d("10000000"));
        let id = ProductId("BTC-USD".into());
        let rules = ProductRules {
            id,
            price_increment: tick,
            base_increment: lot,
            quote_increment: tick,
            base_min_size: lot,
            base_max_size: max,
            quote_min_size: d("1"),
            quote_max_size: max,
            trading_disabled: false,
            cancel_only: false,
            limit_only: false,
            post_only: false,
        };
        let mut e = Engine::new(EngineConfig { products: vec![rules], maker_fee: d("0"), taker_fee: d("0") });
        e.fund("alice", "BTC", d("1"));
        e.fund("alice", "USD", d("1000"));
        e
    }

    #[test]
    fn the_engines_cancel_reason_and_edits_reach_the_rest_record_and_the_user_channel() {
        let mut e = engine();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).single().expect("valid time");
        let mut place = |id: &str, side, price: &str| {
            let config = OrderConfig::LimitGtc(LimitGtc {
                base_size: d("1"),
                limit_price: d(price),
                post_only: false,
            });
            let order = NewOrder {
                client_order_id: id.into(),
                product_id: ProductId("BTC-USD".into()),
                side,
                config,
            };
            e.place("alice", order, now).expect("accepted")
        };
        let ask = place("ask", Side::Sell, "100");
        let taker = place("taker", Side::Buy, "100");
        let bid = place("bid", Side::Buy, "90");
        e.edit("alice", &bid, d("91"), d("1"), now).expect("edited");
        let record = |id: &str| order_record(e.order(id).expect("order"));
        let entry = EditEntry { price: d("91"), size: d("1"), replace_accept_timestamp: now };
        let edited = record(&bid);
        assert_eq!((edited.edit_history, edited.current_pending_replace), (vec![entry], None));
        for id in [&ask, &taker] {
            assert_eq!(record(id).cancel_message, SELF_TRADE_CANCEL, "REST record of {id}");
            let user = super::super::user_order(e.order(id).expect("order"));
            assert_eq!(user.cancel_reason, SELF_TRADE_CANCEL, "user channel of {id}");
        }
        assert_eq!(record(&bid).cancel_message, "", "an order the engine did not cancel");
    }
}
