//! Coinbase's limit-price protection, as a per-product configurable band.
//!
//! Coinbase Exchange caps how far a taking order may trade from the market
//! (`max_slippage_percentage`: 2 % for BTC and ETH, 3 % for most others) and cancels the rest;
//! Advanced Trade names the refusal `LIMIT_PRICE_TOO_FAR_FROM_MARKET` /
//! `PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET`. How Advanced Trade applies it is
//! **UNCONFIRMED**, so both answers are modelled and each can be switched off per product:
//!
//! - **Fill band** (`band`): a taking order fills only at prices within `band` of the
//!   reference price; what is left when the band stops it is cancelled
//!   ([`PRICE_PROTECTION_CANCEL`]). Defaults: 2 % for BTC and ETH products, 3 % for others.
//! - **Refusal** (`refuse_beyond`): an order whose limit price is more than `refuse_beyond`
//!   through the reference on its taking side (a buy above, a sell below) is refused on
//!   arrival (and by preview and edit). Default: five bands (10 % for BTC and ETH, 15 % for
//!   others), the point where a limit is no longer a plausible price but a typo.
//!
//! The reference price is the mid of the best bid and ask (as the Exchange measures it), or
//! the last trade when one side of the book is empty; with neither nothing is limited.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Engine;
use super::types::{NewOrder, Reject};
use crate::domain::{OrderConfig, ProductId, Side};

/// `cancel_message` of an order the fill band stopped (UNCONFIRMED wording).
pub const PRICE_PROTECTION_CANCEL: &str = "PRICE_PROTECTION";

/// The price protection of one product; `None` switches a part off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protection {
    /// Fraction of the reference price a taking order may trade through.
    #[serde(with = "crate::decimal::opt")]
    pub band: Option<Decimal>,
    /// Fraction of the reference price beyond which a taking-side limit is refused.
    #[serde(with = "crate::decimal::opt")]
    pub refuse_beyond: Option<Decimal>,
}

impl Protection {
    /// The default of a product: 2 % band for BTC and ETH, 3 % for others; refusal at five
    /// bands.
    pub fn default_for(product: &ProductId) -> Self {
        let band =
            if ["BTC", "ETH"].contains(&product.base()) { Decimal::new(2, 2) } else { Decimal::new(3, 2) };
        Self { band: Some(band), refuse_beyond: band.checked_mul(Decimal::from(5)) }
    }
}

/// `reference × (1 ± fraction)`: the furthest price a taker on `side` may reach.
fn through(reference: Decimal, side: Side, fraction: Decimal) -> Option<Decimal> {
    let factor = match side {
        Side::Buy => Decimal::ONE.checked_add(fraction)?,
        Side::Sell => Decimal::ONE.checked_sub(fraction)?,
    };
    reference.checked_mul(factor)
}

impl Engine {
    /// The price protection of `product` (its default unless [`Engine::set_protection`]
    /// changed it).
    pub fn protection(&self, product: &ProductId) -> Protection {
        self.protection.get(product).copied().unwrap_or_else(|| Protection::default_for(product))
    }

    /// Changes the price protection of a known product; `false` for an unknown one.
    pub fn set_protection(&mut self, product: &ProductId, protection: Protection) -> bool {
        if self.product(product).is_none() {
            return false;
        }
        self.protection.insert(product.clone(), protection);
        true
    }

    /// The mid of the best bid and ask, else the last trade.
    pub(super) fn reference_price(&self, product: &ProductId) -> Option<Decimal> {
        let book = self.books.get(product);
        let best = |side| book.and_then(|b| b.best(side));
        match (best(Side::Buy), best(Side::Sell)) {
            (Some(bid), Some(ask)) => bid.checked_add(ask)?.checked_div(Decimal::TWO),
            _ => self.last_trade(product).map(|(price, _)| price),
        }
    }

    /// The furthest price a taker on `side` may fill at now; `None` when unlimited.
    pub(super) fn band_cap(&self, product: &ProductId, side: Side) -> Option<Decimal> {
        let band = self.protection(product).band?;
        through(self.reference_price(product)?, side, band)
    }

    /// Refuses an order whose limit price is more than `refuse_beyond` through the market on
    /// its taking side. A stop-limit's limit is not checked (it works only once triggered,
    /// and then the fill band applies).
    pub(super) fn check_limit_distance(&self, order: &NewOrder) -> Result<(), Reject> {
        if matches!(order.config, OrderConfig::StopLimitGtc(_) | OrderConfig::StopLimitGtd(_)) {
            return Ok(());
        }
        let Some(limit) = order.config.limit_price() else {
            return Ok(());
        };
        match self.too_far(&order.product_id, order.side, limit) {
            Some(message) => Err(Reject::new(
                "LIMIT_PRICE_TOO_FAR_FROM_MARKET",
                "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET",
                &message,
            )),
            None => Ok(()),
        }
    }

    /// Why `limit` is too far through the market for a taker on `side`, if it is.
    pub(super) fn too_far(&self, product: &ProductId, side: Side, limit: Decimal) -> Option<String> {
        let fraction = self.protection(product).refuse_beyond?;
        let reference = self.reference_price(product)?;
        let bound = through(reference, side, fraction)?;
        let beyond = match side {
            Side::Buy => limit > bound,
            Side::Sell => limit < bound,
        };
        let pct = fraction.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(fraction).normalize();
        let reference = reference.normalize();
        beyond.then(|| format!("limit price {limit} is more than {pct}% through the market ({reference})"))
    }
}
