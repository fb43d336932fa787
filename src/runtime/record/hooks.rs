//! What the feeds and the executor record: connection states, REST answers (the wire types
//! the client returned, serialized back with Coinbase's field names), order requests as sent
//! and their answers. Frames come through the feed sink's tap ([`Recorder::frame`]).

use serde::Serialize;

use super::format::{Entry, FeedState, Json, OrderAction, OrderLine, Outcome, RestKind};
use super::writer::Recorder;
use crate::app::FeedKind;
use crate::coinbase::error::ApiError;
use crate::coinbase::wire::{self, CancelResult, CreateSuccess};
use crate::coinbase::ws::FeedEvent;
use crate::domain::{Granularity, ProductId};

impl Recorder {
    /// A feed's connection state change (messages are recorded as frames, not here).
    pub fn feed_state(&self, feed: FeedKind, event: &FeedEvent) {
        let state = match event {
            FeedEvent::Connecting { attempt } => FeedState::Connecting { attempt: *attempt },
            FeedEvent::Connected => FeedState::Connected,
            FeedEvent::Gap { expected, got } => FeedState::Gap { expected: *expected, got: *got },
            FeedEvent::Disconnected { reason, retry_in } => FeedState::Disconnected {
                reason: reason.to_string(),
                retry_in_ms: u64::try_from(retry_in.as_millis()).unwrap_or(u64::MAX),
            },
            FeedEvent::Failed { reason } => FeedState::Failed { reason: reason.to_string() },
            FeedEvent::Message(_) => return,
        };
        self.entry(Entry::State { feed, state });
    }

    /// A REST answer the dashboard loaded.
    pub fn rest<T: Serialize>(&self, kind: RestKind, body: &T) {
        match Json::of(body) {
            Ok(body) => self.entry(Entry::Rest { kind, body }),
            Err(e) => tracing::error!(error = %e, "REST answer not recorded"),
        }
    }

    /// An order request, as sent.
    pub fn order_request<T: Serialize>(&self, action: OrderAction, body: &T) {
        match Json::of(body) {
            Ok(body) => self.entry(Entry::Order(OrderLine::Request { action, body })),
            Err(e) => tracing::error!(error = %e, "order request not recorded"),
        }
    }

    /// The answer to a create.
    pub fn placed(&self, client_order_id: &str, answer: &Result<CreateSuccess, ApiError>) {
        let detail = answer.as_ref().map(|s| format!("order id {}", s.order_id));
        self.answer(OrderAction::Place, client_order_id, detail);
    }

    /// The answer to a batch cancel, one `id: ok|reason` per order.
    pub fn cancelled(&self, answer: &Result<Vec<CancelResult>, ApiError>) {
        let each = |r: &CancelResult| {
            format!("{}: {}", r.order_id, if r.success { "ok" } else { r.failure_reason.as_str() })
        };
        let detail = answer.as_ref().map(|results| results.iter().map(each).collect::<Vec<_>>().join(", "));
        self.answer(OrderAction::Cancel, "", detail);
    }

    /// The answer to an edit of `order_id`.
    pub fn edited(&self, order_id: &str, answer: &Result<(), ApiError>) {
        let detail = answer.as_ref().map(|()| format!("order id {order_id}"));
        self.answer(OrderAction::Edit, "", detail);
    }

    fn answer(&self, of: OrderAction, client_order_id: &str, detail: Result<String, &ApiError>) {
        let (result, detail) = match detail {
            Ok(detail) => (Outcome::Accepted, detail),
            Err(e) if e.is_ambiguous() => (Outcome::Unknown, e.to_string()),
            Err(e) => (Outcome::Rejected, e.to_string()),
        };
        let client_order_id = client_order_id.to_string();
        self.entry(Entry::Order(OrderLine::Answer { of, client_order_id, result, detail }));
    }
}

/// A REST answer the model loads, as the client returned it.
#[derive(Debug, Clone, Copy)]
pub enum Loaded<'a> {
    /// `GET /products`.
    Products(&'a [wire::Product]),
    /// Every page of `GET /accounts`.
    Accounts(&'a [wire::Account]),
    /// The open orders.
    OpenOrders(&'a [wire::Order]),
    /// Recent done orders.
    History(&'a [wire::Order]),
    /// Recent fills.
    Fills(&'a [wire::Fill]),
    /// The fee tier.
    Fees(&'a wire::TransactionSummary),
    /// Candles of a product.
    Candles(&'a ProductId, Granularity, &'a [wire::Candle]),
    /// Recent trades of a product.
    Trades(&'a ProductId, &'a wire::MarketTradesResponse),
}

/// Records a REST answer when recording, as its wire page with every page merged (built
/// only then).
pub fn keep(record: Option<&Recorder>, loaded: Loaded<'_>) {
    let Some(record) = record else { return };
    match loaded {
        Loaded::Products(p) => {
            record.rest(
                RestKind::Products,
                &wire::ProductsResponse { products: p.to_vec(), num_products: None },
            );
        }
        Loaded::Accounts(a) => {
            record
                .rest(RestKind::Accounts, &wire::AccountsPage { accounts: a.to_vec(), ..Default::default() });
        }
        Loaded::OpenOrders(o) => {
            record.rest(RestKind::OpenOrders, &wire::OrdersPage { orders: o.to_vec(), ..Default::default() });
        }
        Loaded::History(o) => {
            record.rest(RestKind::History, &wire::OrdersPage { orders: o.to_vec(), ..Default::default() });
        }
        Loaded::Fills(f) => {
            record.rest(RestKind::Fills, &wire::FillsPage { fills: f.to_vec(), ..Default::default() });
        }
        Loaded::Fees(summary) => record.rest(RestKind::Fees, summary),
        Loaded::Candles(product, granularity, c) => {
            let kind = RestKind::Candles { product: product.clone(), granularity };
            record.rest(kind, &wire::CandlesResponse { candles: c.to_vec() });
        }
        Loaded::Trades(product, page) => record.rest(RestKind::Trades { product: product.clone() }, page),
    }
}

#[cfg(test)]
mod tests;
