//! Market data handlers: time, products, book, best bid/ask, candles, trades.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{TimeZone, Utc};

use serde::Serialize;

use super::query::{PRODUCT_TYPES, keeps, keeps_spot};
use super::{Params, bad_request, json_error, ok};
use crate::coinbase::wire::*;
use crate::domain::{Granularity, ProductId, ProductRules, Side};
use crate::sim::convert;
use crate::sim::state::{Core, Shared};

/// Most levels a book request returns per side.
const MAX_BOOK_LEVELS: usize = 1000;
/// Most candles one request may span (Coinbase rejects more).
const MAX_CANDLES: i64 = 350;

/// `GET /time`, to the millisecond as Coinbase answers (whole seconds made every client's
/// clock look up to a second ahead).
pub async fn time(State(shared): State<Arc<Shared>>) -> Response {
    let millis = shared.unix_millis();
    let iso = Utc.timestamp_millis_opt(millis).single().unwrap_or_else(Utc::now);
    let epoch_seconds = millis.div_euclid(1000).to_string();
    ok(&ServerTime { iso, epoch_seconds, epoch_millis: millis.to_string() })
}

/// `GET /products` as Coinbase answers it: the products plus `pagination`.
#[derive(Serialize)]
struct ProductsReply {
    #[serde(flatten)]
    page: ProductsResponse,
    pagination: Pagination,
}

/// The `pagination` object of `GET /products` (cursors stay empty: `offset` pages here).
#[derive(Serialize)]
struct Pagination {
    prev_cursor: String,
    next_cursor: String,
    has_next: bool,
    has_prev: bool,
}

/// `GET /products?product_type=&product_ids=&limit=&offset=`; `limit` 0 or absent means all.
pub async fn products(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let ids = params.all("product_ids");
    let query = (
        params.enum_one("product_type", PRODUCT_TYPES),
        params.number("limit", 0),
        params.number("offset", 0),
    );
    let (product_type, limit, offset) = match query {
        (Ok(t), Ok(l), Ok(o)) => (t, if l == 0 { usize::MAX } else { l }, o),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let core = shared.read();
    let matching: Vec<&ProductRules> = core
        .engine
        .products()
        .filter(|r| keeps_spot(product_type.as_deref()) && keeps(&ids, &r.id.0))
        .collect();
    let products: Vec<Product> =
        matching.iter().skip(offset).take(limit).map(|r| convert::product(&core, r)).collect();
    let pagination = Pagination {
        prev_cursor: String::new(),
        next_cursor: String::new(),
        has_next: offset.saturating_add(products.len()) < matching.len(),
        has_prev: offset > 0 && !matching.is_empty(),
    };
    let num = i64::try_from(products.len()).ok();
    ok(&ProductsReply { page: ProductsResponse { products, num_products: num }, pagination })
}

#[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
fn known(core: &Core, id: &str) -> Result<ProductId, Response> {
    let not_found = || json_error(StatusCode::NOT_FOUND, "NOT_FOUND", &format!("Product {id} not supported"));
    let parsed = ProductId::parse(id).map_err(|_| not_found())?;
    core.engine.product(&parsed).map(|r| r.id.clone()).ok_or_else(not_found)
}

/// `GET /products/{id}`: the product object, unwrapped.
pub async fn product(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let core = shared.read();
    match known(&core, &id).map(|id| core.engine.product(&id).map(|r| convert::product(&core, r))) {
        Ok(Some(product)) => ok(&product),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "NOT_FOUND", "product vanished"),
        Err(response) => response,
    }
}

fn price_book(core: &Core, id: &ProductId, depth: usize) -> PriceBook {
    let levels = |side| {
        core.engine
            .book_levels(id, side, depth)
            .into_iter()
            .map(|(price, size)| PriceLevel { price, size })
            .collect()
    };
    PriceBook {
        product_id: id.clone(),
        bids: levels(Side::Buy),
        asks: levels(Side::Sell),
        time: Some(Utc::now()),
    }
}

/// `GET /product_book?product_id=…&limit=…`.
pub async fn product_book(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let Some(id) = params.one("product_id").map(str::to_string) else {
        return bad_request("product_id is required");
    };
    let depth = match params.number("limit", MAX_BOOK_LEVELS) {
        Ok(0) => MAX_BOOK_LEVELS,
        Ok(n) => n.min(MAX_BOOK_LEVELS),
        Err(response) => return response,
    };
    let core = shared.read();
    let id = match known(&core, &id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let book = price_book(&core, &id, depth);
    let best = (book.bids.first().map(|l| l.price), book.asks.first().map(|l| l.price));
    let (mid, spread) = match best {
        (Some(b), Some(a)) => (Some((b + a) / rust_decimal::Decimal::TWO), Some(a - b)),
        _ => (None, None),
    };
    let last = core.engine.last_trade(&id).map(|(p, _)| p);
    ok(&ProductBookResponse {
        pricebook: book,
        last,
        mid_market: mid,
        spread_bps: None,
        spread_absolute: spread,
    })
}

/// `GET /best_bid_ask?product_ids=…` (all products when none are named).
pub async fn best_bid_ask(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let core = shared.read();
    let mut ids = Vec::new();
    for id in params.all("product_ids") {
        match known(&core, &id) {
            Ok(id) => ids.push(id),
            Err(response) => return response,
        }
    }
    if ids.is_empty() {
        ids = core.engine.products().map(|r| r.id.clone()).collect();
    }
    let pricebooks = ids.iter().map(|id| price_book(&core, id, 1)).collect();
    ok(&BestBidAskResponse { pricebooks })
}

/// `GET /products/{id}/candles?start=&end=&granularity=`, newest first.
pub async fn candles(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let parse = |k: &str| params.one(k).and_then(|v| v.parse::<i64>().ok());
    let (Some(start), Some(end)) = (parse("start"), parse("end")) else {
        return bad_request("start and end are required UNIX seconds");
    };
    let Some(granularity) = params.one("granularity").and_then(Granularity::from_wire) else {
        return bad_request("granularity is required, e.g. ONE_MINUTE");
    };
    if end <= start || (end - start) / granularity.seconds() > MAX_CANDLES {
        return bad_request(
            "start and end argument is invalid - number of candles requested should be less than 350",
        );
    }
    let core = shared.read();
    let id = match known(&core, &id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let (Some(from), Some(to)) = (Utc.timestamp_opt(start, 0).single(), Utc.timestamp_opt(end, 0).single())
    else {
        return bad_request("start and end are out of range");
    };
    let candles = core
        .candles
        .range(&id, granularity.seconds(), from, to)
        .into_iter()
        .rev()
        .map(|c| Candle { product_id: None, ..convert::candle(&id, &c) });
    ok(&CandlesResponse { candles: candles.collect() })
}

/// `GET /products/{id}/ticker?limit=`: recent trades (at most 100) and best bid/ask.
pub async fn trades(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let limit = match params.number("limit", 0) {
        Ok(0) => return bad_request("limit is required"),
        Ok(n) => n.min(100),
        Err(response) => return response,
    };
    let core = shared.read();
    let id = match known(&core, &id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let trades =
        core.trades.get(&id).map(|t| t.iter().rev().take(limit).cloned().collect()).unwrap_or_default();
    let best = |side| core.engine.book_levels(&id, side, 1).first().map(|l| l.0);
    ok(&MarketTradesResponse { trades, best_bid: best(Side::Buy), best_ask: best(Side::Sell) })
}
