//! Order history handlers: list orders, get one order, list fills, with Coinbase's filters.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::query::{
    ORDER_SIDES, ORDER_STATUSES, ORDER_TYPES, PLACEMENT_SOURCES, PRODUCT_TYPES, Params, TIME_IN_FORCES,
    Window, keeps, keeps_spot,
};
use super::{User, json_error, ok};
use crate::coinbase::wire::*;
use crate::sim::convert::{self, OrderRecord};
use crate::sim::engine::{SimFill, SimOrder};
use crate::sim::state::Shared;

/// `GET /orders/historical/batch` as Coinbase answers it: the page plus `sequence` (deprecated,
/// always `"0"`) and `proof_token_required`.
#[derive(Serialize)]
struct OrdersReply {
    orders: Vec<OrderRecord>,
    has_next: bool,
    cursor: String,
    sequence: &'static str,
    proof_token_required: bool,
}

/// `GET /orders/historical/{id}`: `{"order": {...}}`.
#[derive(Serialize)]
struct OrderReply {
    order: OrderRecord,
}

/// `GET /orders/historical/fills` as Coinbase answers it: the page plus `proof_token_required`.
#[derive(Serialize)]
struct FillsReply {
    #[serde(flatten)]
    page: FillsPage,
    proof_token_required: bool,
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

/// The List Orders filters; every list is "any of", an empty list keeps everything.
struct OrderFilter {
    ids: Vec<String>,
    products: Vec<String>,
    statuses: Vec<String>,
    tifs: Vec<String>,
    types: Vec<String>,
    side: Option<String>,
    product_type: Option<String>,
    placement: Option<String>,
    window: Window,
}

impl OrderFilter {
    #[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
    fn parse(params: &Params) -> Result<Self, Response> {
        Ok(Self {
            ids: params.all("order_ids"),
            products: params.all("product_ids"),
            statuses: params.enums("order_status", ORDER_STATUSES)?,
            tifs: params.enums("time_in_forces", TIME_IN_FORCES)?,
            types: params.enums("order_types", ORDER_TYPES)?,
            side: params.enum_one("order_side", ORDER_SIDES)?,
            product_type: params.enum_one("product_type", PRODUCT_TYPES)?,
            placement: params.enum_one("order_placement_source", PLACEMENT_SOURCES)?,
            window: Window::parse(params, "start_date", "end_date")?,
        })
    }

    fn keeps(&self, o: &SimOrder) -> bool {
        keeps(&self.ids, &o.order_id)
            && keeps(&self.products, &o.product_id.0)
            && keeps(&self.statuses, o.status.as_wire())
            && keeps(&self.tifs, &convert::tif_wire(o))
            && keeps(&self.types, o.config.order_type())
            && self.side.as_deref().is_none_or(|s| s == o.side.as_wire())
            && keeps_spot(self.product_type.as_deref())
            && self.placement.as_deref() != Some("RETAIL_SIMPLE")
            && self.window.contains(o.created_time)
    }
}

/// `GET /orders/historical/batch`: newest first, with every documented filter.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let (page, filter) = match (page(&params, 100), OrderFilter::parse(&params)) {
        (Ok(p), Ok(f)) => (p, f),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let core = shared.read();
    let matching: Vec<OrderRecord> =
        core.engine.orders(&user).filter(|o| filter.keeps(o)).map(convert::order_record).collect();
    let (orders, cursor) = paginate(&matching, &page);
    ok(&OrdersReply {
        has_next: !cursor.is_empty(),
        orders,
        cursor,
        sequence: "0",
        proof_token_required: false,
    })
}

/// `GET /orders/historical/{id}`.
pub async fn get_one(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    Path(id): Path<String>,
) -> Response {
    let core = shared.read();
    match core.engine.order(&id).filter(|o| o.user == user) {
        Some(order) => ok(&OrderReply { order: convert::order_record(order) }),
        None => json_error(StatusCode::NOT_FOUND, "NOT_FOUND", "order with this orderID was not found"),
    }
}

/// The List Fills filters.
struct FillFilter {
    orders: Vec<String>,
    trades: Vec<String>,
    products: Vec<String>,
    side: Option<String>,
    window: Window,
}

impl FillFilter {
    #[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
    fn parse(params: &Params) -> Result<Self, Response> {
        Ok(Self {
            orders: params.all("order_ids"),
            trades: params.all("trade_ids"),
            products: params.all("product_ids"),
            side: params.enum_one("order_side", ORDER_SIDES)?,
            window: Window::parse(params, "start_sequence_timestamp", "end_sequence_timestamp")?,
        })
    }

    fn keeps(&self, f: &SimFill) -> bool {
        keeps(&self.orders, &f.order_id)
            && keeps(&self.trades, &f.trade_id)
            && keeps(&self.products, &f.product_id.0)
            && self.side.as_deref().is_none_or(|s| s == f.side.as_wire())
            && self.window.contains(f.time)
    }
}

/// `GET /orders/historical/fills` with `order_ids`, `trade_ids`, `product_ids`, `order_side`,
/// `start_sequence_timestamp`/`end_sequence_timestamp`, `limit`, `cursor`.
pub async fn fills(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let (page, filter) = match (page(&params, 100), FillFilter::parse(&params)) {
        (Ok(p), Ok(f)) => (p, f),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let core = shared.read();
    let matching: Vec<Fill> =
        core.engine.fills(&user).filter(|f| filter.keeps(f)).map(convert::fill).collect();
    let (fills, cursor) = paginate(&matching, &page);
    ok(&FillsReply { page: FillsPage { fills, cursor }, proof_token_required: false })
}
