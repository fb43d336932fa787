//! The user's account as the dashboard knows it: balances and fills (fee rates: [`super::FeeRates`]).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{ProductId, Side};

/// Available and held balance of one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// Currency code.
    pub currency: String,
    /// Spendable.
    pub available: Decimal,
    /// Held by open orders.
    pub hold: Decimal,
}

/// One fill of one of the user's orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    /// Venue trade id.
    pub trade_id: String,
    /// The order that filled.
    pub order_id: String,
    /// Product.
    pub product: ProductId,
    /// Side of the user's order.
    pub side: Side,
    /// Time of the trade.
    pub time: DateTime<Utc>,
    /// Price.
    pub price: Decimal,
    /// Size in base units.
    pub size: Decimal,
    /// Fee paid.
    pub fee: Decimal,
}

/// The account's fee tier from `/transaction_summary`: its name and rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeTier {
    /// The venue's name for the tier (`"Advanced 1"`); empty when not given.
    pub name: String,
    /// Maker and taker rates.
    pub rates: super::FeeRates,
}
