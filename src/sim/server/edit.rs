//! `POST /orders/edit` and `POST /orders/edit_preview`, answered in Coinbase's shapes.

use std::sync::Arc;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{User, ok, parse_body};
use crate::coinbase::wire::{EditError, EditOrderResponse};
use crate::sim::engine::{EditReject, Preview};
use crate::sim::state::Shared;

/// The edit body as Coinbase reads it: an omitted `price` or `size` reads as 0 (and is then
/// refused as an invalid edit), so both must be sent.
#[derive(Deserialize)]
struct EditBody {
    order_id: String,
    #[serde(default, with = "crate::decimal::opt")]
    price: Option<Decimal>,
    #[serde(default, with = "crate::decimal::opt")]
    size: Option<Decimal>,
}

/// `POST /orders/edit_preview` response: `{"errors": [], "slippage": "0", "order_total": …,
/// "commission_total": …, "quote_size": …, "base_size": …, "best_bid": …, "best_ask": …,
/// "average_filled_price": …}`; only `errors` when the edit would be refused.
#[derive(Serialize, Default)]
struct EditPreviewReply {
    errors: Vec<EditError>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    estimate: Option<EditEstimate>,
}

/// The amounts of an edit preview, decimals as strings.
#[derive(Serialize)]
struct EditEstimate {
    slippage: String,
    order_total: String,
    commission_total: String,
    quote_size: String,
    base_size: String,
    best_bid: String,
    best_ask: String,
    average_filled_price: String,
}

impl From<&Preview> for EditEstimate {
    fn from(p: &Preview) -> Self {
        let text = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
        Self {
            slippage: text(Some(p.slippage)),
            order_total: text(Some(p.order_total)),
            commission_total: text(Some(p.commission_total)),
            quote_size: text(Some(p.quote_size)),
            base_size: text(Some(p.base_size)),
            best_bid: text(p.best_bid),
            best_ask: text(p.best_ask),
            average_filled_price: text(Some(p.est_average_filled_price)),
        }
    }
}

fn error(reject: EditReject) -> EditError {
    EditError { edit_failure_reason: reject.edit.into(), preview_failure_reason: reject.preview.into() }
}

#[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
fn edit_body(bytes: &[u8]) -> Result<(String, Decimal, Decimal), Response> {
    let body: EditBody = parse_body(bytes)?;
    Ok((body.order_id, body.price.unwrap_or_default(), body.size.unwrap_or_default()))
}

/// `POST /orders/edit`: `{"success": true, "errors": []}`, or `success: false` with the
/// failure reasons (HTTP 200 either way).
pub async fn edit(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Response {
    let (id, price, size) = match edit_body(&body) {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let result = shared.mutate(|core, now| core.engine.edit(&user, &id, price, size, now));
    let errors: Vec<EditError> = result.err().into_iter().map(error).collect();
    ok(&EditOrderResponse { success: errors.is_empty(), errors })
}

/// `POST /orders/edit_preview`: the estimate of the edited order, or the reasons it would be
/// refused; nothing changes.
pub async fn edit_preview(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Response {
    let (id, price, size) = match edit_body(&body) {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let core = shared.read();
    let now = shared.now_with(&core);
    match core.engine.edit_preview(&user, &id, price, size, now) {
        Ok(preview) => {
            ok(&EditPreviewReply { errors: Vec::new(), estimate: Some(EditEstimate::from(&preview)) })
        }
        Err(reject) => ok(&EditPreviewReply { errors: vec![error(reject)], estimate: None }),
    }
}
