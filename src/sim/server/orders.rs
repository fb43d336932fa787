//! Order handlers: create, preview, edit, cancel, list, get, fills.

use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::{Params, User, bad_request, json_error, ok, parse_body};
use crate::coinbase::wire::*;
use crate::domain::{OrderStatus, ProductId};
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

/// `POST /orders/edit`: price and size both required.
pub async fn edit(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Response {
    let request: EditOrderRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(response) => return response,
    };
    let result = shared
        .mutate(|core, now| core.engine.edit(&user, &request.order_id, request.price, request.size, now));
    let errors = match result {
        Ok(()) => Vec::new(),
        Err(reason) => {
            vec![EditError { edit_failure_reason: reason.into(), preview_failure_reason: String::new() }]
        }
    };
    ok(&EditOrderResponse { success: errors.is_empty(), errors })
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

struct Page {
    limit: usize,
    offset: usize,
}

#[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
fn page(params: &Params, default_limit: usize) -> Result<Page, Response> {
    Ok(Page {
        limit: params.number("limit", default_limit)?.clamp(1, 1000),
        offset: params.number("cursor", 0)?,
    })
}

/// One page of `matching` and the cursor of the next page (empty on the last).
fn paginate<T: Clone>(matching: &[T], page: &Page) -> (Vec<T>, String) {
    let items: Vec<T> = matching.iter().skip(page.offset).take(page.limit).cloned().collect();
    let next = page.offset + items.len();
    let cursor = if next < matching.len() { next.to_string() } else { String::new() };
    (items, cursor)
}

/// `GET /orders/historical/batch` with `order_status`, `product_ids`, `order_ids`,
/// `start_date`, `limit`, `cursor`.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let page = match page(&params, 100) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let statuses: Vec<OrderStatus> = params.all("order_status").into_iter().map(OrderStatus::from).collect();
    let products: Vec<String> = params.all("product_ids");
    let ids: Vec<String> = params.all("order_ids");
    let start: Option<DateTime<Utc>> = match params.one("start_date").map(DateTime::parse_from_rfc3339) {
        Some(Ok(t)) => Some(t.with_timezone(&Utc)),
        Some(Err(_)) => return bad_request("start_date must be RFC 3339"),
        None => None,
    };
    let core = shared.read();
    let matching: Vec<Order> = core
        .engine
        .orders(&user)
        .filter(|o| statuses.is_empty() || statuses.contains(&o.status))
        .filter(|o| products.is_empty() || products.contains(&o.product_id.0))
        .filter(|o| ids.is_empty() || ids.contains(&o.order_id))
        .filter(|o| start.is_none_or(|s| o.created_time >= s))
        .map(convert::order)
        .collect();
    let (orders, cursor) = paginate(&matching, &page);
    ok(&OrdersPage { has_next: !cursor.is_empty(), orders, cursor })
}

/// `GET /orders/historical/{id}`.
pub async fn get_one(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    Path(id): Path<String>,
) -> Response {
    let core = shared.read();
    match core.engine.order(&id).filter(|o| o.user == user) {
        Some(order) => ok(&GetOrderResponse { order: convert::order(order) }),
        None => json_error(StatusCode::NOT_FOUND, "NOT_FOUND", "order with this orderID was not found"),
    }
}

/// `GET /orders/historical/fills` with `order_ids`, `product_ids`, `limit`, `cursor`.
pub async fn fills(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let page = match page(&params, 100) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let orders = params.all("order_ids");
    let products: Vec<ProductId> = params.all("product_ids").into_iter().map(ProductId).collect();
    let core = shared.read();
    let matching: Vec<Fill> = core
        .engine
        .fills(&user)
        .filter(|f| orders.is_empty() || orders.contains(&f.order_id))
        .filter(|f| products.is_empty() || products.contains(&f.product_id))
        .map(convert::fill)
        .collect();
    let (fills, cursor) = paginate(&matching, &page);
    ok(&FillsPage { fills, cursor })
}
