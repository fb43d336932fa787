//! `POST /orders/edit` and `POST /orders/edit_preview`, answered in Coinbase's shapes.

use std::sync::Arc;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{User, ok, parse_body};
use crate::coinbase::wire::{EditError, EditOrderResponse, EditPreviewResponse};
use crate::sim::convert::{edit_error as error, edit_estimate as estimate};
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
        Ok(preview) => ok(&estimate(&preview)),
        Err(reject) => {
            ok(&EditPreviewResponse { errors: vec![error(reject)], ..EditPreviewResponse::default() })
        }
    }
}
