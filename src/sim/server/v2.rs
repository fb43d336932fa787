//! The Coinbase App v2 reads general clients (ccxt) call by default: `/v2/time`,
//! `/v2/currencies`, `/v2/currencies/crypto`, `/v2/exchange-rates` (public) and `/v2/accounts`
//! (signed like v3). Bodies are wrapped in `data`; errors are `{"errors": [{"id", "message"}]}`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::portfolio::usd_price;
use super::{Params, User, json, ok};
use crate::sim::convert;
use crate::sim::state::{Core, Shared};

/// Fiat currencies the simulator lists.
const FIAT: &[&str] = &["USD"];

/// A v2 error body: `{"errors": [{"id": "not_found", "message": "Not found"}]}`.
pub fn error(status: StatusCode, id: &str, message: &str) -> Response {
    json(status, &json!({"errors": [{"id": id, "message": message}]}))
}

/// The v2 answer for an unknown `/v2/…` path.
pub async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "Not found")
}

/// `GET /v2/time`: `{"data": {"iso": "2015-06-23T18:02:51Z", "epoch": 1435082571}}`.
pub async fn time(State(shared): State<Arc<Shared>>) -> Response {
    let now = shared.unix_now();
    let iso = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    ok(&json!({"data": {"iso": iso.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "epoch": now}}))
}

/// Every currency the simulator trades, crypto first by product order, then fiat.
fn currencies(core: &Core) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for id in core.engine.products().flat_map(|r| [r.id.base().to_string(), r.id.quote().to_string()]) {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    seen
}

/// `GET /v2/currencies`: the fiat currencies, `{"data": [{"id", "name", "min_size"}]}`.
pub async fn fiat() -> Response {
    let data: Vec<Value> =
        FIAT.iter().map(|c| json!({"id": c, "name": "US Dollar", "min_size": "0.01000000"})).collect();
    ok(&json!({ "data": data }))
}

fn crypto_entry(index: usize, code: &str) -> Value {
    let asset = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, code.as_bytes());
    json!({
        "code": code, "name": code, "color": "#0052FF", "sort_index": (index + 1) * 100,
        "exponent": 8, "type": "crypto", "address_regex": "", "asset_id": asset.to_string(),
    })
}

/// `GET /v2/currencies/crypto`: `{"data": [{"code", "name", "color", "sort_index", "exponent",
/// "type", "address_regex", "asset_id"}]}`.
pub async fn crypto(State(shared): State<Arc<Shared>>) -> Response {
    let core = shared.read();
    let codes: Vec<String> = currencies(&core).into_iter().filter(|c| !FIAT.contains(&c.as_str())).collect();
    let data: Vec<Value> = codes.iter().enumerate().map(|(i, c)| crypto_entry(i, c)).collect();
    ok(&json!({ "data": data }))
}

/// `GET /v2/exchange-rates?currency=USD`: how many units of each currency one unit of
/// `currency` buys, at the last trade prices (12 decimal places).
pub async fn exchange_rates(State(shared): State<Arc<Shared>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw);
    let base = params.one("currency").unwrap_or("USD").to_ascii_uppercase();
    let core = shared.read();
    let all = currencies(&core);
    if !all.contains(&base) {
        return error(StatusCode::BAD_REQUEST, "invalid_request", &format!("Invalid currency ({base})"));
    }
    let base_usd = usd_price(&core, &base);
    let rates: BTreeMap<String, String> = all
        .iter()
        .filter_map(|c| {
            let rate = base_usd.checked_div(usd_price(&core, c))?;
            Some((c.clone(), rate.round_dp(12).normalize().to_string()))
        })
        .collect();
    ok(&json!({"data": {"currency": base, "rates": rates}}))
}

fn v2_account(user: &str, b: &crate::sim::engine::Balance, created: &str) -> Value {
    let account = convert::account(user, &b.clone());
    let total: Decimal = b.available.saturating_add(b.hold);
    let kind = if FIAT.contains(&b.currency.as_str()) { "fiat" } else { "crypto" };
    json!({
        "id": account.uuid, "name": account.name, "primary": b.currency == "BTC", "type": "wallet",
        "currency": {"code": b.currency, "name": b.currency, "color": "#0052FF", "sort_index": 100,
                     "exponent": 8, "type": kind, "address_regex": "", "asset_id": ""},
        "balance": {"amount": total.normalize().to_string(), "currency": b.currency},
        "created_at": created, "updated_at": created, "resource": "account",
        "resource_path": format!("/v2/accounts/{}", account.uuid),
        "allow_deposits": true, "allow_withdrawals": true,
    })
}

/// `GET /v2/accounts`: the key's wallets with cursor-less `pagination` (one page).
pub async fn accounts(State(shared): State<Arc<Shared>>, Extension(User(user)): Extension<User>) -> Response {
    let core = shared.read();
    let created = shared.now_with(&core).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let data: Vec<Value> =
        core.engine.balances(&user).iter().map(|b| v2_account(&user, b, &created)).collect();
    let pagination = json!({
        "ending_before": null, "starting_after": null, "previous_ending_before": null,
        "next_starting_after": null, "limit": 250, "order": "desc", "previous_uri": null, "next_uri": null,
    });
    ok(&json!({"pagination": pagination, "data": data}))
}
