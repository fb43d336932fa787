//! What became of an order `place` sent: it is read back by id until it has settled (filled,
//! ended, or resting) or [`SETTLE_WITHIN`] has passed, and judged new or existing.

use std::time::Duration;

use chrono::Utc;
use rust_decimal::Decimal;
use tokio::time::Instant;

use crate::coinbase::error::ApiError;
use crate::coinbase::rest::RestClient;
use crate::coinbase::wire::Order;
use crate::domain::{NewOrder, OrderConfig, OrderStatus, TimeInForce};

/// How long `place` waits for an accepted order to settle.
pub const SETTLE_WITHIN: Duration = Duration::from_secs(2);
/// The first pause between reads; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const MAX_PAUSE: Duration = Duration::from_millis(400);
/// How far back the order history is searched for a client order id the user chose.
const LOOKBACK: chrono::Duration = chrono::Duration::hours(24);

/// An accepted order as `place` learned it.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The exchange's order id.
    pub order_id: String,
    /// The order as last read, or why it could not be read.
    pub order: Result<Order, String>,
    /// The answer named an order that was created before this request: the client order id
    /// was used already, and nothing new was placed.
    pub existing: bool,
}

/// What happened to an order, in the terms a trader asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Completely filled.
    Filled,
    /// Partly filled, the rest cancelled or expired.
    PartlyFilled,
    /// Partly filled, the rest resting on the book.
    PartlyFilledResting,
    /// Resting on the book, nothing filled yet.
    Resting,
    /// A stop-limit waiting for its stop price.
    AwaitingStop,
    /// Ended (cancelled or expired) with nothing filled.
    Unfilled,
    /// Failed after it was accepted.
    Failed,
    /// Not settled when the deadline passed, or its state could not be read.
    Undecided,
}

impl Fate {
    /// Whether the order ended without trading: the command exits 3.
    pub fn is_refusal(self) -> bool {
        matches!(self, Self::Unfilled | Self::Failed)
    }
}

/// The fate of `order`, a read of the request `request`.
pub fn fate(order: &Order, request: &NewOrder) -> Fate {
    let filled = order.filled_size.unwrap_or_default() > Decimal::ZERO;
    match &order.status {
        OrderStatus::Filled => Fate::Filled,
        OrderStatus::Failed => Fate::Failed,
        OrderStatus::Cancelled | OrderStatus::Expired if filled => Fate::PartlyFilled,
        OrderStatus::Cancelled | OrderStatus::Expired => Fate::Unfilled,
        OrderStatus::Open if immediate(request) => Fate::Undecided,
        OrderStatus::Open if awaits_stop(order, request) => Fate::AwaitingStop,
        OrderStatus::Open if filled => Fate::PartlyFilledResting,
        OrderStatus::Open => Fate::Resting,
        _ => Fate::Undecided,
    }
}

/// Orders that may not rest (market, IOC, FOK) settle only when they end.
fn immediate(request: &NewOrder) -> bool {
    matches!(request.config.time_in_force(), TimeInForce::Ioc | TimeInForce::Fok)
}

fn awaits_stop(order: &Order, request: &NewOrder) -> bool {
    matches!(request.config, OrderConfig::StopLimitGtc(_) | OrderConfig::StopLimitGtd(_))
        && order.trigger_status != "STOP_TRIGGERED"
}

/// The order a client order id the user chose already names, looked up before sending (open
/// orders of the product, then its history of the last [`LOOKBACK`]): the exchange answers a
/// re-sent id with that order and creates nothing. `None` for a fresh id, or when the lookup
/// failed (with a warning: the order is sent anyway).
pub async fn already_placed(rest: &RestClient, request: &NewOrder, user_chose_id: bool) -> Option<String> {
    if !user_chose_id {
        return None;
    }
    let since = Utc::now() - LOOKBACK;
    match rest.find_order(&request.client_order_id, &request.product_id, since).await {
        Ok(found) => found.map(|o| o.order_id),
        Err(e) => {
            eprintln!(
                "warning: could not check whether client order id {} names an order already: {e}",
                request.client_order_id
            );
            None
        }
    }
}

/// Reads the accepted order `order_id` until it settles or [`SETTLE_WITHIN`] passes. It is an
/// existing order when the lookup before sending found it ([`already_placed`]), or when it is
/// for another product or side than the request.
pub async fn follow(rest: &RestClient, order_id: &str, request: &NewOrder, before: Option<String>) -> Placed {
    let order = settled(rest, order_id, request).await;
    let other = order.as_ref().is_ok_and(|o| o.product_id != request.product_id || o.side != request.side);
    let existing = other || before.as_deref() == Some(order_id);
    Placed { order_id: order_id.to_string(), order, existing }
}

async fn settled(rest: &RestClient, order_id: &str, request: &NewOrder) -> Result<Order, String> {
    let deadline = Instant::now() + SETTLE_WITHIN;
    let mut pause = FIRST_PAUSE;
    let mut last: Result<Order, String> = Err(format!("no answer within {}s", SETTLE_WITHIN.as_secs()));
    loop {
        match tokio::time::timeout_at(deadline, rest.get_order(order_id)).await {
            Ok(Ok(order)) if fate(&order, request) != Fate::Undecided => return Ok(order),
            Ok(Ok(order)) => last = Ok(order),
            Ok(Err(e)) if not_yet_listed(&e) => {}
            Ok(Err(e)) => return last.or(Err(e.to_string())),
            Err(_) => return last,
        }
        if Instant::now() + pause >= deadline {
            return last;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

/// A just-accepted order may not be readable at once.
fn not_yet_listed(e: &ApiError) -> bool {
    e.status() == Some(404)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ClientOrderIds, OrderDraft, OrderKind, ProductId, Side, Size};

    fn request(kind: OrderKind, tif: TimeInForce) -> NewOrder {
        let draft = OrderDraft {
            size: Some(Size::Base(Decimal::ONE)),
            limit_price: Some(Decimal::TEN),
            stop_price: (kind == OrderKind::StopLimit).then_some(Decimal::TEN),
            tif,
            ..OrderDraft::new(kind, Side::Buy)
        };
        draft.new_order(ProductId("SOL-USD".into()), &mut ClientOrderIds::seeded(1)).expect("order")
    }

    fn order(status: &str, filled: &str, trigger: &str) -> Order {
        serde_json::from_value(serde_json::json!({
            "order_id": "o-1", "product_id": "SOL-USD", "side": "BUY", "status": status,
            "created_time": "2026-01-02T03:04:05Z", "filled_size": filled, "trigger_status": trigger
        }))
        .expect("order")
    }

    #[test]
    fn each_state_has_its_fate() {
        let gtc = request(OrderKind::Limit, TimeInForce::Gtc);
        let ioc = request(OrderKind::Limit, TimeInForce::Ioc);
        let stop = request(OrderKind::StopLimit, TimeInForce::Gtc);
        let cases = [
            (order("OPEN", "0.5", ""), &gtc, Fate::PartlyFilledResting),
            (order("OPEN", "0", ""), &gtc, Fate::Resting),
            (order("PENDING", "0", ""), &gtc, Fate::Undecided),
            (order("OPEN", "0", ""), &ioc, Fate::Undecided),
            (order("EXPIRED", "0", ""), &ioc, Fate::Unfilled),
            (order("CANCELLED", "0.5", ""), &ioc, Fate::PartlyFilled),
            (order("FAILED", "0", ""), &gtc, Fate::Failed),
            (order("OPEN", "0", "STOP_PENDING"), &stop, Fate::AwaitingStop),
            (order("OPEN", "0", "STOP_TRIGGERED"), &stop, Fate::Resting),
            (order("FILLED", "1", ""), &gtc, Fate::Filled),
        ];
        let fates: Vec<Fate> = cases.iter().map(|(o, r, _)| fate(o, r)).collect();
        assert_eq!(fates, cases.iter().map(|c| c.2).collect::<Vec<_>>());
    }
}
