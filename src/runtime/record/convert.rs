//! One recorded line → the dashboard's messages, through the same decoding the live feeds
//! (`WsMessage::parse`, `parse::feed_event`) and the executor (wire types, `coinbase::parse`)
//! use. Order lines become a [`RecordedOrder`] to show, not a model message.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use super::format::{Entry, FeedState, Json, OrderAction, OrderLine, Outcome, Recorded, RestKind};
use crate::app::{FeedKind, Msg};
use crate::coinbase::parse;
use crate::coinbase::wire;
use crate::coinbase::ws::{FeedEvent as WireFeedEvent, WsMessage};
use crate::domain::FeedEvent;

/// What a recorded line gives the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Replayed {
    /// Messages for the model, in order.
    Model(Vec<Msg>),
    /// An order action or answer: shown, never applied.
    Order(RecordedOrder),
}

/// An order line of the recording, with a one-line description.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedOrder {
    /// When it was sent or answered.
    pub at: DateTime<Utc>,
    /// The line.
    pub line: OrderLine,
    /// In words: "place BUY BTC-USD (client order id 1f2e…)".
    pub description: String,
}

/// An embedded message or body that the wire types do not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("recorded {what} unreadable: {reason}")]
pub struct ConvertError {
    /// What was being read ("market frame", "products body").
    pub what: String,
    /// Why.
    pub reason: String,
}

/// `recorded` as the dashboard's messages; feed messages are stamped `at` (the caller's clock).
pub fn convert(recorded: &Recorded, at: Instant) -> Result<Replayed, ConvertError> {
    match &recorded.entry {
        Entry::Ws { feed, msg } => ws_msg(*feed, msg, at).map(|m| Replayed::Model(vec![m])),
        Entry::State { feed, state } => {
            Ok(Replayed::Model(vec![Msg::Feed { feed: *feed, event: state_event(state), at }]))
        }
        Entry::Rest { kind, body } => rest_msg(kind, body).map(|m| Replayed::Model(vec![m])),
        Entry::Order(line) => order(recorded.at, line).map(Replayed::Order),
    }
}

/// A frame as the live feed hands it to the model.
fn ws_msg(feed: FeedKind, msg: &Json, at: Instant) -> Result<Msg, ConvertError> {
    let message = WsMessage::parse(msg.get()).map_err(|e| ConvertError {
        what: format!("{} frame", super::format::feed_name(feed)),
        reason: e.to_string(),
    })?;
    Ok(Msg::Feed { feed, event: parse::feed_event(WireFeedEvent::Message(message)), at })
}

fn state_event(state: &FeedState) -> FeedEvent {
    match state {
        FeedState::Connecting { attempt } => FeedEvent::Connecting { attempt: *attempt },
        FeedState::Connected => FeedEvent::Connected,
        FeedState::Disconnected { reason, retry_in_ms } => {
            FeedEvent::Disconnected { reason: reason.clone(), retry_in: Duration::from_millis(*retry_in_ms) }
        }
        FeedState::Gap { expected, got } => FeedEvent::Gap { expected: *expected, got: *got },
        FeedState::Failed { reason } => FeedEvent::Failed { reason: reason.clone() },
    }
}

fn decode<T: DeserializeOwned>(what: &str, body: &Json) -> Result<T, ConvertError> {
    serde_json::from_str(body.get()).map_err(|e| ConvertError { what: what.into(), reason: e.to_string() })
}

/// A REST body as the executor reports it.
fn rest_msg(kind: &RestKind, body: &Json) -> Result<Msg, ConvertError> {
    Ok(match kind {
        RestKind::Products => Msg::ProductsLoaded(parse::products(
            &decode::<wire::ProductsResponse>("products", body)?.products,
        )),
        RestKind::Accounts => {
            Msg::AccountsLoaded(parse::balances(&decode::<wire::AccountsPage>("accounts", body)?.accounts))
        }
        RestKind::OpenOrders => {
            Msg::OpenOrdersLoaded(parse::orders(&decode::<wire::OrdersPage>("open orders", body)?.orders))
        }
        RestKind::History => {
            Msg::OrderHistoryLoaded(parse::orders(&decode::<wire::OrdersPage>("order history", body)?.orders))
        }
        RestKind::Fills => Msg::FillsLoaded(parse::fills(&decode::<wire::FillsPage>("fills", body)?.fills)),
        RestKind::Fees => {
            Msg::FeesLoaded(parse::fee_tier(&decode::<wire::TransactionSummary>("fees", body)?))
        }
        RestKind::Candles { product, granularity } => Msg::CandlesLoaded {
            product: product.clone(),
            granularity: *granularity,
            candles: parse::candles(&decode::<wire::CandlesResponse>("candles", body)?.candles),
        },
        RestKind::Trades { product } => Msg::TradesLoaded {
            product: product.clone(),
            trades: parse::trades(&decode::<wire::MarketTradesResponse>("trades", body)?.trades),
        },
    })
}

fn order(at: DateTime<Utc>, line: &OrderLine) -> Result<RecordedOrder, ConvertError> {
    let description = match line {
        OrderLine::Request { action: OrderAction::Place, body } => {
            let r: wire::CreateOrderRequest = decode("order placed", body)?;
            format!("place {} {} (client order id {})", r.side, r.product_id, r.client_order_id)
        }
        OrderLine::Request { action: OrderAction::Cancel, body } => {
            let r: wire::CancelOrdersRequest = decode("cancel", body)?;
            format!("cancel {} order(s): {}", r.order_ids.len(), r.order_ids.join(", "))
        }
        OrderLine::Request { action: OrderAction::Edit, body } => {
            let r: wire::EditOrderRequest = decode("edit", body)?;
            format!("edit order {}: price {}, size {}", r.order_id, r.price, r.size)
        }
        OrderLine::Answer { of, client_order_id, result, detail } => {
            let result = match result {
                Outcome::Accepted => "accepted",
                Outcome::Rejected => "rejected",
                Outcome::Unknown => "outcome unknown",
            };
            let id = if client_order_id.is_empty() { String::new() } else { format!(" {client_order_id}") };
            format!("{}{id} {result}: {detail}", of.name())
        }
    };
    Ok(RecordedOrder { at, line: line.clone(), description })
}

#[cfg(test)]
mod tests;
