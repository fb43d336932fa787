//! Accounts, key permissions and fees.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An amount with its currency: `{"value": "1.23", "currency": "BTC"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount.
    #[serde(with = "crate::decimal::str")]
    pub value: Decimal,
    /// Currency code.
    pub currency: String,
}

/// One account (wallet) from `GET /accounts`.
///
/// `{"uuid": "8bfc20d7-…", "name": "BTC Wallet", "currency": "BTC",
///   "available_balance": {"value": "1.23", "currency": "BTC"}, "default": false,
///   "active": true, "type": "ACCOUNT_TYPE_CRYPTO", "ready": true,
///   "hold": {"value": "0", "currency": "BTC"}, "platform": "ACCOUNT_PLATFORM_CONSUMER"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Account id.
    pub uuid: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Spendable balance.
    pub available_balance: Money,
    /// Held by open orders; may be absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<Money>,
    /// Account type (`ACCOUNT_TYPE_CRYPTO`, `ACCOUNT_TYPE_FIAT`, …; sometimes bare `FIAT`).
    #[serde(default, rename = "type")]
    pub account_type: String,
    /// Active.
    #[serde(default)]
    pub active: bool,
    /// Platform.
    #[serde(default)]
    pub platform: String,
}

impl Account {
    /// The held amount, zero when absent.
    pub fn hold_value(&self) -> Decimal {
        self.hold.as_ref().map_or(Decimal::ZERO, |h| h.value)
    }
}

/// `GET /accounts`: `{"accounts": [...], "has_next": false, "cursor": "", "size": 1}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountsPage {
    /// Accounts.
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// More pages follow.
    #[serde(default)]
    pub has_next: bool,
    /// Next cursor.
    #[serde(default)]
    pub cursor: String,
}

/// `GET /key_permissions`: `{"can_view": true, "can_trade": true, "can_transfer": false,
/// "portfolio_uuid": "ca72…", "portfolio_type": "DEFAULT"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyPermissions {
    /// Read access.
    #[serde(default)]
    pub can_view: bool,
    /// Trading.
    #[serde(default)]
    pub can_trade: bool,
    /// Transfers (a dashboard never needs this).
    #[serde(default)]
    pub can_transfer: bool,
    /// The portfolio the key is bound to.
    #[serde(default)]
    pub portfolio_uuid: String,
    /// Its type.
    #[serde(default)]
    pub portfolio_type: String,
}

/// `fee_tier` of the transaction summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeeTier {
    /// Tier name.
    #[serde(default)]
    pub pricing_tier: String,
    /// Taker rate as a fraction (`"0.0010"` = 0.10 %).
    #[serde(default, with = "crate::decimal::opt")]
    pub taker_fee_rate: Option<Decimal>,
    /// Maker rate as a fraction.
    #[serde(default, with = "crate::decimal::opt")]
    pub maker_fee_rate: Option<Decimal>,
}

/// `GET /transaction_summary` (abridged): `{"total_volume": 1000, "total_fees": 25,
/// "fee_tier": {"pricing_tier": "<$10k", "taker_fee_rate": "0.0010", "maker_fee_rate": "0.0020"}}`.
/// Volume and fee totals are JSON numbers here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TransactionSummary {
    /// 30-day volume in USD.
    #[serde(default, deserialize_with = "crate::decimal::num::deserialize")]
    pub total_volume: Decimal,
    /// Fees paid in USD.
    #[serde(default, deserialize_with = "crate::decimal::num::deserialize")]
    pub total_fees: Decimal,
    /// Current tier.
    #[serde(default)]
    pub fee_tier: FeeTier,
}
