//! Order handlers: create, preview, cancel (edits are in `edit`).

use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;

use super::{User, bad_request, ok, parse_body};
use crate::coinbase::wire::*;
use crate::sim::convert;
use crate::sim::engine::{NewOrder, Reject};
use crate::sim::state::Shared;

/// How long a withheld order response is held: longer than any client's request timeout.
const WITHHOLD: Duration = Duration::from_secs(15);

/// `POST /orders`. Business rejections are HTTP 200 with `success: false`.
pub async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Response {
    let request: CreateOrderRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(response) => return response,
    };
    if request.client_order_id.is_empty() {
        return bad_request("client_order_id is required");
    }
    let new = NewOrder {
        client_order_id: request.client_order_id.clone(),
        product_id: request.product_id.clone(),
        side: request.side,
        config: request.order_configuration.clone(),
    };
    let result = shared.mutate(|core, now| core.engine.place(&user, new, now));
    if shared.faults.take_drop_order_response() {
        tokio::time::sleep(WITHHOLD).await;
    }
    ok(&create_response(&request, result))
}

fn create_response(request: &CreateOrderRequest, result: Result<String, Reject>) -> CreateOrderResponse {
    let config = serde_json::to_value(&request.order_configuration).ok();
    match result {
        Ok(order_id) => CreateOrderResponse {
            success: true,
            failure_reason: Some("UNKNOWN_FAILURE_REASON".into()),
            order_id: Some(order_id.clone()),
            success_response: Some(CreateSuccess {
                order_id,
                product_id: Some(request.product_id.clone()),
                side: Some(request.side),
                client_order_id: request.client_order_id.clone(),
            }),
            error_response: None,
            order_configuration: config,
        },
        Err(reject) => CreateOrderResponse {
            success: false,
            failure_reason: Some("UNKNOWN_FAILURE_REASON".into()),
            order_id: None,
            success_response: None,
            error_response: Some(CreateError {
                error: reject.reason.to_string(),
                message: reject.message,
                error_details: String::new(),
                preview_failure_reason: reject.preview_reason.to_string(),
                new_order_failure_reason: reject.reason.to_string(),
            }),
            order_configuration: config,
        },
    }
}

/// `POST /orders/preview`.
pub async fn preview(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Response {
    let request: PreviewOrderRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(response) => return response,
    };
    let core = shared.read();
    let now = shared.now_with(&core);
    let preview =
        core.engine.preview(&user, request.side, &request.product_id, &request.order_configuration, now);
    ok(&convert::preview(&preview))
}

/// `POST /orders/batch_cancel`: one result per id; judge by `success`.
pub async fn batch_cancel(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Response {
    let request: CancelOrdersRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(response) => return response,
    };
    let results = shared.mutate(|core, now| {
        request
            .order_ids
            .iter()
            .map(|id| {
                let outcome = core.engine.cancel(&user, id, now);
                CancelResult {
                    success: outcome.is_ok(),
                    failure_reason: outcome.err().unwrap_or("UNKNOWN_CANCEL_FAILURE_REASON").to_string(),
                    order_id: id.clone(),
                }
            })
            .collect()
    });
    ok(&CancelOrdersResponse { results })
}
