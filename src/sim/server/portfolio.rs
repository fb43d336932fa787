//! `GET /portfolios` and `GET /portfolios/{uuid}`: each key has one DEFAULT portfolio holding
//! its accounts, valued in USD at the last trade price.
//!
//! The breakdown's position amounts are JSON numbers on Coinbase's wire, so they are written
//! as `f64` (rounded to cents or to 8 places first); the valuation itself is done in `Decimal`.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use serde_json::{Value, json};

use super::account::portfolio_uuid;
use super::{Params, User, json_error, ok};
use crate::domain::ProductId;
use crate::sim::convert;
use crate::sim::engine::Balance;
use crate::sim::state::{Core, Shared};

/// `portfolio_type` values.
const PORTFOLIO_TYPES: &[&str] = &["UNDEFINED", "DEFAULT", "CONSUMER", "INTX"];

fn portfolio(user: &str) -> Value {
    json!({"name": "Default", "uuid": portfolio_uuid(user), "type": "DEFAULT", "deleted": false})
}

/// `GET /portfolios?portfolio_type=`: `{"portfolios": [{"name", "uuid", "type", "deleted"}]}`.
pub async fn list(Extension(User(user)): Extension<User>, RawQuery(raw): RawQuery) -> Response {
    let kind = match Params::parse(raw).enum_one("portfolio_type", PORTFOLIO_TYPES) {
        Ok(kind) => kind,
        Err(response) => return response,
    };
    let portfolios = match kind.as_deref() {
        None | Some("UNDEFINED" | "DEFAULT") => vec![portfolio(&user)],
        Some(_) => Vec::new(),
    };
    ok(&json!({ "portfolios": portfolios }))
}

/// The USD value of one unit of `currency`: 1 for USD, else the last `CUR-USD` trade.
pub fn usd_price(core: &Core, currency: &str) -> Decimal {
    if currency == "USD" {
        return Decimal::ONE;
    }
    core.engine.last_trade(&ProductId(format!("{currency}-USD"))).map_or(Decimal::ZERO, |(p, _)| p)
}

fn number(value: Decimal, places: u32) -> Value {
    json!(value.round_dp(places).to_f64().unwrap_or_default())
}

fn position(user: &str, b: &Balance, price: Decimal, total_usd: Decimal) -> Value {
    let total = b.available.saturating_add(b.hold);
    let fiat = total.saturating_mul(price);
    let allocation = fiat.checked_div(total_usd).unwrap_or_default();
    json!({
        "asset": b.currency,
        "account_uuid": convert::account(user, b).uuid,
        "total_balance_fiat": number(fiat, 2),
        "total_balance_crypto": number(total, 8),
        "available_to_trade_fiat": number(b.available.saturating_mul(price), 2),
        "available_to_trade_crypto": number(b.available, 8),
        "allocation": number(allocation, 8),
        "cost_basis": {"value": "0", "currency": "USD"},
        "is_cash": b.currency == "USD",
        "account_type": if b.currency == "USD" { "ACCOUNT_TYPE_FIAT" } else { "ACCOUNT_TYPE_CRYPTO" },
    })
}

fn money(value: Decimal) -> Value {
    json!({"value": value.round_dp(2).normalize().to_string(), "currency": "USD"})
}

/// `GET /portfolios/{uuid}?currency=USD`: `{"breakdown": {"portfolio", "portfolio_balances",
/// "spot_positions", "perp_positions", "futures_positions"}}`; another key's or an unknown
/// uuid is a 404.
pub async fn breakdown(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    Path(uuid): Path<String>,
) -> Response {
    if uuid != portfolio_uuid(&user) {
        return json_error(StatusCode::NOT_FOUND, "NOT_FOUND", "portfolio not found");
    }
    let core = shared.read();
    let balances = core.engine.balances(&user);
    let priced: Vec<(&Balance, Decimal)> =
        balances.iter().map(|b| (b, usd_price(&core, &b.currency))).collect();
    let value = |b: &Balance, p: Decimal| b.available.saturating_add(b.hold).saturating_mul(p);
    let total = priced.iter().fold(Decimal::ZERO, |t, (b, p)| t.saturating_add(value(b, *p)));
    let cash = priced
        .iter()
        .filter(|(b, _)| b.currency == "USD")
        .fold(Decimal::ZERO, |t, (b, p)| t.saturating_add(value(b, *p)));
    let positions: Vec<Value> = priced.iter().map(|(b, p)| position(&user, b, *p, total)).collect();
    ok(&json!({"breakdown": {
        "portfolio": portfolio(&user),
        "portfolio_balances": {
            "total_balance": money(total),
            "total_futures_balance": money(Decimal::ZERO),
            "total_cash_equivalent_balance": money(cash),
            "total_crypto_balance": money(total.saturating_sub(cash)),
            "futures_unrealized_pnl": money(Decimal::ZERO),
            "perp_unrealized_pnl": money(Decimal::ZERO),
        },
        "spot_positions": positions,
        "perp_positions": [],
        "futures_positions": [],
    }}))
}
