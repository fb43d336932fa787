//! Admin routes for tests and fault injection; they answer loopback peers only.
//!
//! | route | effect |
//! | --- | --- |
//! | `GET/POST /admin/faults` | read / merge [`RestFaults`](super::faults::RestFaults) (429/500 for the next N private requests, REST delay, withheld order response, clock skew); a POST changes only the fields it names |
//! | `POST /admin/ws/drop_all`, `/admin/ws/stall`, `/admin/ws/skip_sequence` | a [`WsFault`] on every open WebSocket |
//! | `POST /admin/step?n=N` | advance the market N steps (the only way it moves in manual mode) |
//! | `GET /admin/book?product_id=P` | the engine's full aggregated book |
//! | `GET /admin/orders?user=NAME` | every order of a user, newest first |
//! | `GET /admin/requests` | every authenticated REST request answered, oldest first, as `"METHOD /path"` (`"POST /api/v3/brokerage/orders/preview"`) |
//! | `GET /admin/connections` | open WebSocket connections and the last `sequence_num` each sent |
//! | `POST /admin/flood` | `{"rate": R, "updates": U, "products": [..]}`: market data at R messages a second (at most 200,000; 0 stops) across the named products (all when none), U level changes per level2 message (default 8); the market stands still meanwhile ([`flood`](super::flood)) |
//! | `GET /admin/flood` | the [`FloodReport`](super::flood::FloodReport): messages made and sent, per second, and every ticker marker |
//! | `GET /admin/price_protection?product_id=P`, `POST /admin/price_protection` | read / set P's [`Protection`](super::engine::Protection): `{"product_id": P, "band": "0.02", "refuse_beyond": "0.1"}`, each a fraction of the market price or `null` (off); both required |
//! | `POST /admin/product_status` | `{"product_id": P, "status": S}` with S one of `online`, `offline`, `delisted`, `disabled`: how `GET /products` reports P from now on (`disabled` sets `is_disabled`) |

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::convert;
use super::faults::WsFault;
use super::flood::{FloodSpec, MAX_RATE, MAX_UPDATES, Maker};
use super::server::{Params, bad_request, ok, parse_body};
use super::state::Shared;
use crate::coinbase::wire::{PriceBook, PriceLevel};
use crate::domain::{Listing, ProductId, Side};

mod protection;

/// Most steps one call may take.
const MAX_STEPS: usize = 100_000;

/// The admin router, nested under `/admin`.
pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/faults", get(get_faults).post(set_faults))
        .route("/ws/{fault}", post(ws_fault))
        .route("/step", post(step))
        .route("/book", get(book))
        .route("/orders", get(orders))
        .route("/connections", get(connections))
        .route("/requests", get(requests))
        .route("/product_status", post(product_status))
        .route("/flood", get(get_flood).post(set_flood))
        .route("/price_protection", get(protection::get).post(protection::set))
}

async fn get_faults(State(shared): State<Arc<Shared>>) -> Response {
    ok(&shared.faults.rest())
}

async fn set_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let changes = match parse_body::<serde_json::Map<String, serde_json::Value>>(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    match shared.faults.merge_rest(changes) {
        Ok(faults) => ok(&faults),
        Err(message) => bad_request(&format!("invalid faults: {message}")),
    }
}

async fn ws_fault(State(shared): State<Arc<Shared>>, Path(fault): Path<String>) -> Response {
    let fault = match fault.as_str() {
        "drop_all" => WsFault::DropAll,
        "stall" => WsFault::Stall,
        "skip_sequence" => WsFault::SkipSequence,
        _ => return bad_request("fault must be drop_all, stall or skip_sequence"),
    };
    ok(&serde_json::json!({ "connections": shared.faults.inject_ws(fault) }))
}

async fn step(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let n = match Params::parse(raw).number("n", 1) {
        Ok(n) if n <= MAX_STEPS => n,
        Ok(_) => return bad_request("n is at most 100000"),
        Err(response) => return response,
    };
    shared.step_market(n as u64);
    let core = shared.read();
    ok(&serde_json::json!({ "steps": core.steps, "batch_id": core.batch_id }))
}

async fn book(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let Some(Ok(id)) = params.one("product_id").map(ProductId::parse) else {
        return bad_request("product_id is required");
    };
    let core = shared.read();
    let levels = |side| {
        core.engine
            .book_levels(&id, side, usize::MAX)
            .into_iter()
            .map(|(price, size)| PriceLevel { price, size })
            .collect()
    };
    ok(&PriceBook { product_id: id.clone(), bids: levels(Side::Buy), asks: levels(Side::Sell), time: None })
}

async fn orders(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let Some(user) = params.one("user") else {
        return bad_request("user is required");
    };
    let core = shared.read();
    let orders: Vec<convert::OrderRecord> = core.engine.orders(user).map(convert::order_record).collect();
    ok(&orders)
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    ok(&shared.requests.snapshot())
}

async fn connections(State(shared): State<Arc<Shared>>) -> Response {
    ok(&shared.connections.snapshot())
}

/// The body of `POST /admin/product_status`.
#[derive(serde::Deserialize)]
struct ProductStatus {
    product_id: String,
    status: String,
}

async fn product_status(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let change = match parse_body::<ProductStatus>(&body) {
        Ok(change) => change,
        Err(response) => return response,
    };
    let listing = match change.status.as_str() {
        "online" => Listing::Online,
        "offline" => Listing::Offline,
        "delisted" => Listing::Delisted,
        "disabled" => Listing::Disabled,
        _ => return bad_request("status must be online, offline, delisted or disabled"),
    };
    let mut core = shared.read();
    let Some(id) = ProductId::parse(&change.product_id).ok().filter(|id| core.engine.product(id).is_some())
    else {
        return bad_request("product_id must be a product of the simulator");
    };
    core.listings.insert(id.clone(), listing);
    ok(&serde_json::json!({ "product_id": id, "status": listing.word() }))
}

async fn get_flood(State(shared): State<Arc<Shared>>) -> Response {
    ok(&shared.flood.report())
}

async fn set_flood(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let spec = match parse_body::<FloodSpec>(&body) {
        Ok(spec) => spec,
        Err(response) => return response,
    };
    if spec.rate > MAX_RATE || !(1..=MAX_UPDATES).contains(&spec.updates) {
        return bad_request("rate is at most 200000 and updates between 1 and 100");
    }
    if spec.rate == 0 {
        shared.flood.stop();
        return ok(&spec);
    }
    let maker = {
        let core = shared.read();
        if let Some(unknown) = spec.products.iter().find(|id| core.engine.product(id).is_none()) {
            return bad_request(&format!("{unknown} is not a product of the simulator"));
        }
        let listed = || core.engine.products().map(|rules| rules.id.clone()).collect();
        let products = if spec.products.is_empty() { listed() } else { spec.products.clone() };
        Maker::new(&core, &products, spec.updates, shared.seed())
    };
    if maker.is_empty() {
        return bad_request("no product to flood has a book on both sides");
    }
    shared.flood.start(spec.clone(), maker);
    ok(&spec)
}
