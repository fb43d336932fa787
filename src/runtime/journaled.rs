//! Order effects that go through the journal (R-ORD1): a create is on disk before its POST
//! leaves, and nothing is sent when it cannot be written; a cancel is journaled too and
//! resolved when answered; outcomes the model settles are recorded here.

use chrono::Utc;

use super::record::{OrderAction, Recorder};
use super::rest_effects::{failed, keep_order, refusal};
use crate::app::{Msg, Request};
use crate::coinbase::parse;
use crate::coinbase::rest::RestClient;
use crate::coinbase::wire::CreateOrderRequest;
use crate::domain::{IntentOutcome, NewOrder};
use crate::journal::{Journal, JournalError};

/// Runs a journal call off the async threads (SQLite blocks on fsync).
async fn write<T: Send + 'static>(
    journal: Option<&Journal>,
    call: impl FnOnce(&Journal) -> Result<T, JournalError> + Send + 'static,
) -> Result<T, String> {
    let Some(journal) = journal.cloned() else { return Err("the order journal is not open".into()) };
    tokio::task::spawn_blocking(move || call(&journal))
        .await
        .map_err(|e| format!("the order journal task failed: {e}"))?
        .map_err(|e| e.to_string())
}

/// Journals the order, then sends it once and classifies the outcome: accepted, definitively
/// rejected, or unknown. An order the journal could not record is not sent.
pub(super) async fn place(
    rest: &RestClient,
    journal: Option<&Journal>,
    record: Option<&Recorder>,
    order: &NewOrder,
) -> Msg {
    let client_order_id = order.client_order_id.clone();
    let entry = order.clone();
    if let Err(reason) = write(journal, move |j| j.record_create(&entry, Utc::now())).await {
        return Msg::OrderNotJournaled { client_order_id, reason };
    }
    let request = &CreateOrderRequest::from(order);
    keep_order(record, OrderAction::Place, request);
    let answer = rest.create_order(request).await;
    if let Some(record) = record {
        record.placed(&client_order_id, &answer);
    }
    match answer {
        Ok(success) => Msg::OrderAccepted { client_order_id, order_id: success.order_id },
        Err(e) if e.is_ambiguous() => Msg::OrderUnknown { client_order_id, reason: e.to_string() },
        Err(e) => Msg::OrderRejected { client_order_id, refusal: refusal(e) },
    }
}

/// Records how an intent ended; a journal that fails here disables trading.
pub(super) async fn resolve(
    journal: Option<&Journal>,
    client_order_id: String,
    outcome: IntentOutcome,
) -> Option<Msg> {
    let id = client_order_id.clone();
    match write(journal, move |j| j.resolve_create(&id, &outcome, Utc::now())).await {
        Ok(()) => None,
        Err(reason) => {
            tracing::error!(client_order_id, %reason, "intent outcome not journaled");
            Some(Msg::JournalFailed { reason })
        }
    }
}

/// Journals a cancel, sends it, and records the answer. A cancel never adds exposure and
/// stays allowed whenever REST is reachable (R-ORD11): one the journal cannot record is sent
/// anyway, with a logged error.
pub(super) async fn cancel(
    rest: &RestClient,
    journal: Option<&Journal>,
    record: Option<&Recorder>,
    order_ids: Vec<String>,
) -> Msg {
    let ids = order_ids.clone();
    let intent = match write(journal, move |j| j.record_cancel(&ids, Utc::now())).await {
        Ok(intent) => Some(intent),
        Err(reason) => {
            tracing::error!(%reason, "cancel not journaled; sent anyway");
            None
        }
    };
    keep_order(
        record,
        OrderAction::Cancel,
        &crate::coinbase::wire::CancelOrdersRequest { order_ids: order_ids.clone() },
    );
    let answer = rest.cancel_orders(&order_ids).await;
    if let Some(record) = record {
        record.cancelled(&answer);
    }
    let (msg, outcome) = match answer {
        Ok(results) => (Msg::CancelsAnswered(parse::cancel_outcomes(&results)), Some("answered".to_string())),
        Err(e) if e.is_ambiguous() => (failed(Request::Cancel(order_ids), &e), None),
        Err(e) => (failed(Request::Cancel(order_ids), &e), Some(format!("failed: {e}"))),
    };
    if let (Some(intent), Some(outcome)) = (intent, outcome)
        && let Err(reason) = write(journal, move |j| j.resolve_cancel(intent, &outcome, Utc::now())).await
    {
        tracing::error!(%reason, "cancel outcome not journaled");
    }
    msg
}

#[cfg(test)]
mod tests;
