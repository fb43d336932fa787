//! Account handlers: accounts, key permissions, fee summary.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::{Params, User, ok};
use crate::coinbase::wire::*;
use crate::sim::convert;
use crate::sim::state::Shared;

/// `GET /accounts?limit=&cursor=`; the cursor is the offset of the next page.
pub async fn accounts(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    let (limit, offset) = match (params.number("limit", 49), params.number("cursor", 0)) {
        (Ok(l), Ok(o)) => (l.clamp(1, 250), o),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let balances = shared.read().engine.balances(&user);
    let page: Vec<Account> =
        balances.iter().skip(offset).take(limit).map(|b| convert::account(&user, b)).collect();
    let next = offset + page.len();
    let has_next = next < balances.len();
    let cursor = if has_next { next.to_string() } else { String::new() };
    ok(&AccountsPage { accounts: page, has_next, cursor })
}

/// `GET /key_permissions`: view and trade, never transfer.
pub async fn key_permissions(Extension(User(user)): Extension<User>) -> Response {
    let portfolio = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, user.as_bytes());
    ok(&KeyPermissions {
        can_view: true,
        can_trade: true,
        can_transfer: false,
        portfolio_uuid: portfolio.to_string(),
        portfolio_type: "DEFAULT".into(),
    })
}

/// `GET /transaction_summary`: the simulator's fee rates.
pub async fn transaction_summary(State(shared): State<Arc<Shared>>) -> Response {
    let (maker, taker) = shared.fees();
    ok(&TransactionSummary {
        total_volume: rust_decimal::Decimal::ZERO,
        total_fees: rust_decimal::Decimal::ZERO,
        fee_tier: FeeTier {
            pricing_tier: "Simulator".into(),
            taker_fee_rate: Some(taker),
            maker_fee_rate: Some(maker),
        },
    })
}
