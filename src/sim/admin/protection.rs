//! `GET/POST /admin/price_protection`: read or set one product's price protection.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::ProductId;
use crate::sim::engine::Protection;
use crate::sim::server::{Params, bad_request, ok, parse_body};
use crate::sim::state::Shared;

/// One product's protection, as the route reads and answers it. Both fields are required;
/// `null` switches that part off.
#[derive(Serialize, Deserialize)]
struct ProductProtection {
    product_id: String,
    #[serde(flatten)]
    protection: Protection,
}

/// `GET /admin/price_protection?product_id=P`.
pub async fn get(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let core = shared.read();
    let Some(id) = params.one("product_id").and_then(|p| known(&core.engine, p)) else {
        return bad_request("product_id must be a product of the simulator");
    };
    let protection = core.engine.protection(&id);
    ok(&ProductProtection { product_id: id.0, protection })
}

/// `POST /admin/price_protection` with `{"product_id": P, "band": F|null, "refuse_beyond": F|null}`.
pub async fn set(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let change = match parse_body::<ProductProtection>(&body) {
        Ok(change) => change,
        Err(response) => return response,
    };
    let p = change.protection;
    let fraction = |f: Option<Decimal>| f.is_none_or(|f| f >= Decimal::ZERO && f < Decimal::ONE);
    if !fraction(p.band) || !fraction(p.refuse_beyond) {
        return bad_request("band and refuse_beyond are fractions from 0 up to (not including) 1, or null");
    }
    let mut core = shared.read();
    let Some(id) = known(&core.engine, &change.product_id) else {
        return bad_request("product_id must be a product of the simulator");
    };
    core.engine.set_protection(&id, p);
    ok(&ProductProtection { product_id: id.0, protection: p })
}

fn known(engine: &crate::sim::engine::Engine, product: &str) -> Option<ProductId> {
    ProductId::parse(product).ok().filter(|id| engine.product(id).is_some())
}
