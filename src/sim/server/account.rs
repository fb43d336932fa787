//! Account handlers: accounts, key permissions, fee summary.
//!
//! Volume and fee totals are JSON numbers on Coinbase's wire, so they are written as `f64`
//! here, rounded to cents first; every amount the simulator computes with stays `Decimal`.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::response::Response;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use serde::Serialize;
use serde_json::{Value, json};

use super::query::SUMMARY_PRODUCT_TYPES;
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

/// The one portfolio a key is bound to (CDP keys belong to one portfolio).
pub fn portfolio_uuid(user: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, user.as_bytes()).to_string()
}

/// `GET /key_permissions`: view and trade, never transfer.
pub async fn key_permissions(Extension(User(user)): Extension<User>) -> Response {
    ok(&KeyPermissions {
        can_view: true,
        can_trade: true,
        can_transfer: false,
        portfolio_uuid: portfolio_uuid(&user),
        portfolio_type: "DEFAULT".into(),
    })
}

/// `GET /transaction_summary` as Coinbase answers it (the docs' example fields): the
/// simulator's fee rates, and this key's volume and fees from its fills (JSON numbers in USD).
#[derive(Serialize)]
struct SummaryReply {
    total_volume: f64,
    total_fees: f64,
    fee_tier: FeeTierReply,
    margin_rate: Option<f64>,
    goods_and_services_tax: Value,
    advanced_trade_only_volume: f64,
    advanced_trade_only_fees: f64,
    coinbase_pro_volume: f64,
    coinbase_pro_fees: f64,
    total_balance: String,
    volume_breakdown: Value,
    has_cost_plus_commission: bool,
    fee_tier_without_promotion: Value,
}

/// `fee_tier` with the documented tier bounds.
#[derive(Serialize)]
struct FeeTierReply {
    #[serde(flatten)]
    tier: FeeTier,
    aop_from: String,
    aop_to: String,
    volume_types_and_range: Value,
}

/// `GET /transaction_summary?product_type=&product_venue=`.
pub async fn transaction_summary(
    State(shared): State<Arc<Shared>>,
    Extension(User(user)): Extension<User>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = Params::parse(raw);
    if let Err(response) = params.enum_one("product_type", SUMMARY_PRODUCT_TYPES) {
        return response;
    }
    let (maker, taker) = shared.fees();
    let (volume, fees) =
        shared.read().engine.fills(&user).fold((Decimal::ZERO, Decimal::ZERO), |(v, f), fill| {
            (v.saturating_add(fill.price.saturating_mul(fill.size)), f.saturating_add(fill.commission))
        });
    let (volume, fees) =
        (volume.round_dp(2).to_f64().unwrap_or_default(), fees.round_dp(2).to_f64().unwrap_or_default());
    let tier = FeeTier {
        pricing_tier: "Simulator".into(),
        taker_fee_rate: Some(taker),
        maker_fee_rate: Some(maker),
    };
    let range = json!([{"volume_types": ["VOLUME_TYPE_SPOT"], "vol_from": "0", "vol_to": ""}]);
    ok(&SummaryReply {
        total_volume: volume,
        total_fees: fees,
        fee_tier: FeeTierReply {
            tier,
            aop_from: "0".into(),
            aop_to: String::new(),
            volume_types_and_range: range,
        },
        margin_rate: None,
        goods_and_services_tax: json!({"rate": "", "type": "INCLUSIVE"}),
        advanced_trade_only_volume: volume,
        advanced_trade_only_fees: fees,
        coinbase_pro_volume: 0.0,
        coinbase_pro_fees: 0.0,
        total_balance: String::new(),
        volume_breakdown: json!([{"volume_type": "VOLUME_TYPE_SPOT", "volume": volume}]),
        has_cost_plus_commission: false,
        fee_tier_without_promotion: json!({
            "pricing_tier": "Simulator", "current_tier": {}, "next_tier": {},
            "current_value": volume.to_string(), "next_tier_threshold": "",
        }),
    })
}
