//! The REST side of the effects: each REST effect is one call (or, for orders, a journaled
//! call) whose answer becomes the [`Msg`] that reports it; the loaded answers and order actions
//! are kept in the recording when there is one.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::journaled;
use crate::app::{EditFailure, Effect, Msg, Request};
use crate::coinbase::error::ApiError;
use crate::coinbase::parse;
use crate::coinbase::rest::{FillFilter, OrderFilter, RestClient};
use crate::coinbase::wire::{EditOrderRequest, Order};
use crate::domain::{OrderStatus, Refusal};
use crate::journal::Journal;
use crate::runtime::record::hooks::{Loaded, keep};
use crate::runtime::record::{OrderAction, Recorder};

/// Fills loaded per refresh.
const FILLS_LIMIT: u32 = 50;
/// Done orders loaded for the History tab (one page).
const HISTORY_LIMIT: u32 = crate::app::model::account::history::MAX_HISTORY as u32;
/// Market trades loaded for the tape.
const TRADES_LIMIT: u32 = 50;

/// The message reporting that `request` failed with `e`.
pub(super) fn failed(request: Request, e: &ApiError) -> Msg {
    Msg::RequestFailed { request, reason: e.to_string() }
}

/// Performs one REST effect and gives the message that reports its result (`None` for effects
/// that answer nothing).
pub async fn execute(rest: &RestClient, journal: Option<&Journal>, effect: Effect) -> Option<Msg> {
    execute_recorded(rest, journal, None, effect).await
}

/// [`execute`], keeping the REST answers the model loads and the order actions in `record`.
pub async fn execute_recorded(
    rest: &RestClient,
    journal: Option<&Journal>,
    record: Option<&Recorder>,
    effect: Effect,
) -> Option<Msg> {
    Some(match effect {
        Effect::CheckKey => match rest.key_permissions().await {
            Ok(p) => {
                let key_type = rest.key_type().unwrap_or("no key").to_string();
                Msg::KeyChecked { key_type, rights: parse::key_rights(&p) }
            }
            Err(e) => {
                let d = crate::coinbase::diagnose::diagnose(&e);
                Msg::KeyCheckFailed { problem: d.problem, fix: d.fix }
            }
        },
        Effect::LoadProducts => match rest.products().await {
            Ok(products) => {
                keep(record, Loaded::Products(&products));
                Msg::ProductsLoaded(parse::products(&products))
            }
            Err(e) => failed(Request::Products, &e),
        },
        Effect::LoadAccounts => match rest.accounts().await {
            Ok(accounts) => {
                keep(record, Loaded::Accounts(&accounts));
                Msg::AccountsLoaded(parse::balances(&accounts))
            }
            Err(e) => failed(Request::Accounts, &e),
        },
        Effect::LoadOpenOrders => {
            let requested_at = Instant::now();
            match rest.open_orders(&[]).await {
                Ok(orders) => {
                    keep(record, Loaded::OpenOrders(&orders));
                    Msg::OpenOrdersListed { requested_at, orders: parse::orders(&orders) }
                }
                Err(e) => failed(Request::OpenOrders, &e),
            }
        }
        Effect::LoadFills => {
            let filter = FillFilter { limit: Some(FILLS_LIMIT), ..FillFilter::default() };
            match rest.fills(&filter).await {
                Ok(fills) => {
                    keep(record, Loaded::Fills(&fills));
                    Msg::FillsLoaded(parse::fills(&fills))
                }
                Err(e) => failed(Request::Fills, &e),
            }
        }
        Effect::LoadOrderHistory => {
            let filter = OrderFilter {
                statuses: OrderStatus::DONE.to_vec(),
                limit: Some(HISTORY_LIMIT),
                ..OrderFilter::default()
            };
            match rest.recent_orders(&filter).await {
                Ok(orders) => {
                    keep(record, Loaded::History(&orders));
                    Msg::OrderHistoryLoaded(parse::orders(&orders))
                }
                Err(e) => failed(Request::OrderHistory, &e),
            }
        }
        Effect::LoadFees => match rest.transaction_summary().await {
            Ok(summary) => {
                keep(record, Loaded::Fees(&summary));
                Msg::FeesLoaded(parse::fee_tier(&summary))
            }
            Err(e) => failed(Request::Fees, &e),
        },
        Effect::LoadCandles { product, granularity, end } => {
            let start = end - crate::app::effect::CANDLES_PER_LOAD * granularity.seconds();
            match rest.candles(&product, start, end, granularity).await {
                Ok(candles) => {
                    keep(record, Loaded::Candles(&product, granularity, &candles));
                    Msg::CandlesLoaded { product, granularity, candles: parse::candles(&candles) }
                }
                Err(e) => failed(Request::Candles(product), &e),
            }
        }
        Effect::LoadTrades { product } => match rest.market_trades(&product, TRADES_LIMIT).await {
            Ok(page) => {
                keep(record, Loaded::Trades(&product, &page));
                Msg::TradesLoaded { product, trades: parse::trades(&page.trades) }
            }
            Err(e) => failed(Request::Trades(product), &e),
        },
        Effect::PlaceOrder(order) => journaled::place(rest, journal, record, &order).await,
        Effect::PreviewOrder(order) => {
            let request = crate::coinbase::wire::PreviewOrderRequest::from(&order);
            let preview =
                rest.preview_order(&request).await.map(|p| parse::preview(&p)).map_err(|e| e.to_string());
            Msg::OrderPreviewed { order, preview }
        }
        Effect::ResolveIntent { client_order_id, outcome } => {
            return journaled::resolve(journal, client_order_id, outcome).await;
        }
        Effect::FindOrder { client_order_id, product, since } => {
            match rest.find_order(&client_order_id, &product, since).await {
                Ok(order) => {
                    Msg::OrderLookedUp { client_order_id, order: order.map(|o| Box::new(parse::order(&o))) }
                }
                Err(e) => failed(Request::FindOrder(client_order_id), &e),
            }
        }
        Effect::LoadOrdersSince { since, order_ids } => {
            let requested_at = Instant::now();
            match orders_since(rest, since, order_ids).await {
                Ok(orders) => Msg::OrdersListedSince { requested_at, orders: parse::orders(&orders) },
                Err(e) => failed(Request::OrdersSince, &e),
            }
        }
        Effect::CancelOrders { order_ids } => journaled::cancel(rest, journal, record, order_ids).await,
        Effect::PreviewEdit(edit) => {
            let result = rest.edit_order_preview(&EditOrderRequest::from(&edit)).await;
            Msg::EditPreviewed { result: result.map(|p| parse::edit_estimate(&p)).map_err(refusal), edit }
        }
        Effect::EditOrder(edit) => {
            let request = EditOrderRequest::from(&edit);
            keep_order(record, OrderAction::Edit, &request);
            let result = rest.edit_order(&request).await;
            if let Some(record) = record {
                record.edited(&request.order_id, &result);
            }
            Msg::EditAnswered { result: result.map_err(edit_failure), edit }
        }
        Effect::SubscribeMarket { .. }
        | Effect::ResyncBook { .. }
        | Effect::Notify(_)
        | Effect::SaveAlerts(_)
        | Effect::SaveWatchlist(_)
        | Effect::Replay(_) => return None,
    })
}

/// Records an order request when recording.
pub(super) fn keep_order<T: serde::Serialize>(record: Option<&Recorder>, action: OrderAction, body: &T) {
    if let Some(record) = record {
        record.order_request(action, body);
    }
}

/// A refused request in the dashboard's terms: the exchange's code, or the error in words.
pub(super) fn refusal(e: ApiError) -> Refusal {
    match e {
        ApiError::Rejected { reason, message } => Refusal::Exchange(parse::rejection(&reason, &message)),
        other => Refusal::Request(other.to_string()),
    }
}

/// Why an edit did not go through: refused, or no answer (it may have been applied).
fn edit_failure(e: ApiError) -> EditFailure {
    if e.is_ambiguous() { EditFailure::Unknown(e.to_string()) } else { EditFailure::Refused(refusal(e)) }
}

/// Orders created since `since`, and the orders `order_ids` whatever their age (R-ORD7 step 2).
async fn orders_since(
    rest: &RestClient,
    since: DateTime<Utc>,
    order_ids: Vec<String>,
) -> Result<Vec<Order>, ApiError> {
    let mut orders =
        rest.list_orders(&OrderFilter { start_date: Some(since), ..OrderFilter::default() }).await?;
    if !order_ids.is_empty() {
        let listed = rest.list_orders(&OrderFilter { order_ids, ..OrderFilter::default() }).await?;
        let fresh: Vec<Order> =
            listed.into_iter().filter(|o| !orders.iter().any(|k| k.order_id == o.order_id)).collect();
        orders.extend(fresh);
    }
    Ok(orders)
}
