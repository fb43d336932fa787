//! Accounts, fee rates and fills.

use crate::coinbase::wire;
use crate::domain::{Balance, FeeRates, FeeTier, Fill, KeyRights};

/// `GET /accounts` item → a balance.
pub fn balance(a: &wire::Account) -> Balance {
    Balance { currency: a.currency.clone(), available: a.available_balance.value, hold: a.hold_value() }
}

/// `GET /key_permissions` → the key's rights.
pub fn key_rights(p: &wire::KeyPermissions) -> KeyRights {
    KeyRights {
        view: p.can_view,
        trade: p.can_trade,
        transfer: p.can_transfer,
        portfolio_uuid: p.portfolio_uuid.clone(),
        portfolio_type: p.portfolio_type.clone(),
    }
}

/// `GET /accounts` → balances, one per account.
pub fn balances(list: &[wire::Account]) -> Vec<Balance> {
    list.iter().map(balance).collect()
}

/// `GET /transaction_summary` → the fee tier: `None` when neither rate is given.
pub fn fee_tier(summary: &wire::TransactionSummary) -> Option<FeeTier> {
    let rates = fee_rates(summary)?;
    Some(FeeTier { name: summary.fee_tier.pricing_tier.clone(), rates })
}

/// `GET /transaction_summary` → fee rates: `None` when neither rate is given; a missing rate
/// takes the other one.
pub fn fee_rates(summary: &wire::TransactionSummary) -> Option<FeeRates> {
    let tier = &summary.fee_tier;
    match (tier.maker_fee_rate, tier.taker_fee_rate) {
        (None, None) => None,
        (maker, taker) => {
            let taker = taker.or(maker).unwrap_or_default();
            Some(FeeRates { maker: maker.unwrap_or(taker), taker })
        }
    }
}

/// `GET /orders/historical/fills` item → a fill.
pub fn fill(f: &wire::Fill) -> Fill {
    Fill {
        trade_id: f.trade_id.clone(),
        order_id: f.order_id.clone(),
        product: f.product_id.clone(),
        side: f.side,
        time: f.trade_time,
        price: f.price,
        size: f.size,
        fee: f.commission,
    }
}

/// `GET /orders/historical/fills` → fills.
pub fn fills(list: &[wire::Fill]) -> Vec<Fill> {
    list.iter().map(fill).collect()
}
