//! The simulator's HTTP surface: Coinbase's REST paths, the WebSocket upgrade and the admin
//! routes, with JWT verification on every private route.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::state::Shared;
use super::{admin, ws};
use crate::coinbase::wire::ErrorBody;

mod account;
mod edit;
mod history;
mod market;
mod orders;
mod portfolio;
mod query;
mod v2;

pub use query::Params;

/// The authenticated key name of a private request.
#[derive(Debug, Clone)]
pub struct User(pub String);

/// The whole application: REST under `/api/v3/brokerage`, the v2 reads under `/v2`, WebSocket
/// at `/ws`, admin at `/admin`.
pub fn router(shared: Arc<Shared>) -> Router {
    let public = Router::new()
        .route("/time", get(market::time))
        .route("/market/products", get(market::products))
        .route("/market/products/{id}", get(market::product))
        .route("/market/product_book", get(market::product_book))
        .route("/market/products/{id}/candles", get(market::candles))
        .route("/market/products/{id}/ticker", get(market::trades));
    let private = Router::new()
        .route("/products", get(market::products))
        .route("/products/{id}", get(market::product))
        .route("/product_book", get(market::product_book))
        .route("/products/{id}/candles", get(market::candles))
        .route("/products/{id}/ticker", get(market::trades))
        .route("/best_bid_ask", get(market::best_bid_ask))
        .route("/accounts", get(account::accounts))
        .route("/key_permissions", get(account::key_permissions))
        .route("/transaction_summary", get(account::transaction_summary))
        .route("/portfolios", get(portfolio::list))
        .route("/portfolios/{uuid}", get(portfolio::breakdown))
        .route("/orders", post(orders::create))
        .route("/orders/preview", post(orders::preview))
        .route("/orders/edit", post(edit::edit))
        .route("/orders/edit_preview", post(edit::edit_preview))
        .route("/orders/batch_cancel", post(orders::batch_cancel))
        .route("/orders/historical/batch", get(history::list))
        .route("/orders/historical/fills", get(history::fills))
        .route("/orders/historical/{order_id}", get(history::get_one))
        .route_layer(middleware::from_fn_with_state(shared.clone(), require_jwt));
    let v2 = Router::new()
        .route("/time", get(v2::time))
        .route("/currencies", get(v2::fiat))
        .route("/currencies/crypto", get(v2::crypto))
        .route("/exchange-rates", get(v2::exchange_rates))
        .merge(
            Router::new()
                .route("/accounts", get(v2::accounts))
                .route_layer(middleware::from_fn_with_state(shared.clone(), require_jwt)),
        )
        .fallback(v2::not_found);
    Router::new()
        .nest("/api/v3/brokerage", public.merge(private))
        .nest("/v2", v2)
        .layer(middleware::from_fn_with_state(shared.clone(), delay))
        .route("/ws", get(ws::upgrade))
        .nest("/admin", admin::router().route_layer(middleware::from_fn(loopback_only)))
        .fallback(|| async { json_error(StatusCode::NOT_FOUND, "NOT_FOUND", "no such route") })
        .with_state(shared)
}

/// A JSON response with a status.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", &e.to_string()),
    }
}

/// 200 with a JSON body.
pub fn ok<T: Serialize>(value: &T) -> Response {
    json(StatusCode::OK, value)
}

/// Coinbase's error body: `{"error": CODE, "message": …, "error_details": …}`.
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = ErrorBody {
        error: Some(code.to_string()),
        code: None,
        message: Some(message.to_string()),
        error_details: Some(message.to_string()),
    };
    json(status, &body)
}

/// 400 `INVALID_ARGUMENT`.
pub fn bad_request(message: &str) -> Response {
    json_error(StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", message)
}

/// Parses a JSON request body, answering 400 in Coinbase's shape when it does not fit.
#[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
pub fn parse_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(bytes).map_err(|e| bad_request(&format!("invalid request body: {e}")))
}

async fn require_jwt(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    let token = bearer(request.headers());
    let method = request.method().as_str().to_string();
    let path = match request.extensions().get::<axum::extract::OriginalUri>() {
        Some(original) => original.path().to_string(),
        None => request.uri().path().to_string(),
    };
    let now = shared.unix_now();
    let verified = token.ok_or("missing bearer token").and_then(|t| {
        shared.verifier().verify_rest(t, &method, &shared.authority, &path, now).map_err(|e| e.message())
    });
    match verified {
        Err(reason) => unauthorized(reason),
        Ok(name) => {
            shared.requests.record(&method, &path);
            if let Some(status) = shared.faults.take_failure(&method) {
                return injected_failure(status);
            }
            request.extensions_mut().insert(User(name));
            next.run(request).await
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

fn unauthorized(reason: &str) -> Response {
    let body = ErrorBody {
        error: Some("UNAUTHORIZED".into()),
        code: Some(16),
        message: Some("Unauthorized".into()),
        error_details: Some(reason.to_string()),
    };
    json(StatusCode::UNAUTHORIZED, &body)
}

fn injected_failure(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match status {
        429 => (
            code,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>429 Too Many Requests</h1></body></html>",
        )
            .into_response(),
        502 => (code, [(header::CONTENT_TYPE, "text/html")], "<html><body>502 Bad Gateway</body></html>")
            .into_response(),
        _ => json_error(code, "INTERNAL", "injected failure"),
    }
}

async fn delay(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let pause = shared.faults.rest_delay();
    if !pause.is_zero() {
        tokio::time::sleep(pause).await;
    }
    next.run(request).await
}

async fn loopback_only(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if peer.ip().is_loopback() {
        next.run(request).await
    } else {
        json_error(StatusCode::FORBIDDEN, "PERMISSION_DENIED", "admin routes answer loopback only")
    }
}
