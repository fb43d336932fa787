//! The one set of pre-trade guards, used by the CLI's `place` and the dashboard's ticket.
//!
//! In order: grammar, increments, minimums and product flags ([`crate::domain::validate::check_order`],
//! shared with the simulator); balance and fee when known; the limit price's distance from the
//! live reference (warn beyond [`RiskLimits::warn_distance_pct`], refuse beyond
//! [`RiskLimits::max_distance_pct`] through the market, the aggressive side only); the notional
//! against [`RiskLimits::max_order_notional`]; the stop price against the last trade and the
//! stop direction. `force` overrides the distance and stop guards and nothing else.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{OrderConfig, ProductRules, Side, StopDirection};

pub mod clock;
mod verdict;

pub use verdict::{Deviation, PriceBasis, Refusal, Warning};

/// A limit price this far (in percent) on the aggressive side of the reference needs care.
pub const WARN_DEVIATION_PCT: Decimal = Decimal::from_parts(3, 0, 0, false, 0);
/// A limit price this far (in percent) on the aggressive side of the reference is refused.
pub const MAX_DEVIATION_PCT: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// The guards' thresholds: [`RiskLimits::default`] is the built-in one, the config file's
/// `[risk]` table sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskLimits {
    /// A limit price this far (percent) on the aggressive side of its reference is warned about.
    pub warn_distance_pct: Decimal,
    /// A limit price this far (percent) on the aggressive side of its reference is refused.
    pub max_distance_pct: Decimal,
    /// The largest notional (quote currency) of one order; `None`: no limit.
    pub max_order_notional: Option<Decimal>,
}

impl Default for RiskLimits {
    fn default() -> Self {
        Self {
            warn_distance_pct: WARN_DEVIATION_PCT,
            max_distance_pct: MAX_DEVIATION_PCT,
            max_order_notional: None,
        }
    }
}

/// Maker and taker fee rates as fractions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeRates {
    /// Maker rate.
    pub maker: Decimal,
    /// Taker rate.
    pub taker: Decimal,
}

impl FeeRates {
    /// The rate to expect: maker for post-only orders, else the higher of the two.
    pub fn for_order(&self, post_only: bool) -> Decimal {
        if post_only { self.maker } else { self.taker.max(self.maker) }
    }
}

/// What the guards know about the product, the market and the account.
#[derive(Debug, Clone, Copy)]
pub struct GuardContext<'a> {
    /// The product's rules.
    pub rules: &'a ProductRules,
    /// Best bid, when known.
    pub bid: Option<Decimal>,
    /// Best ask, when known.
    pub ask: Option<Decimal>,
    /// Reference price (R-RISK1): mid of a live book, else a recent last trade.
    pub reference: Option<Decimal>,
    /// The last trade price, for stop guards.
    pub last_trade: Option<Decimal>,
    /// Available base balance, `None` when unknown.
    pub base_available: Option<Decimal>,
    /// Available quote balance, `None` when unknown.
    pub quote_available: Option<Decimal>,
    /// Fee rates, `None` when unknown.
    pub fees: Option<FeeRates>,
    /// Wall-clock now (GTD expiry).
    pub now: DateTime<Utc>,
    /// The thresholds.
    pub limits: RiskLimits,
}

/// The guards' answer: derived amounts, the first refusal if any, and every warning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessment {
    /// Price × size (estimated with the reference for market orders), or the quote size.
    pub notional: Option<Decimal>,
    /// Estimated fee.
    pub fee: Option<Decimal>,
    /// The first guard that refuses the order.
    pub refusal: Option<Refusal>,
    /// Everything worth reading twice.
    pub warnings: Vec<Warning>,
}

impl Assessment {
    /// The warnings, or the refusal.
    pub fn into_result(self) -> Result<Vec<Warning>, Refusal> {
        match self.refusal {
            Some(r) => Err(r),
            None => Ok(self.warnings),
        }
    }
}

/// Runs every guard over `config` on `side`.
pub fn assess(side: Side, config: &OrderConfig, ctx: &GuardContext, force: bool) -> Assessment {
    let notional = notional(config, ctx.reference);
    let rate = ctx.fees.map(|f| f.for_order(config.post_only()));
    let fee = notional.zip(rate).and_then(|(n, r)| n.checked_mul(r)).map(|f| f.round_dp(8).normalize());
    let mut out = Assessment { notional, fee, refusal: None, warnings: Vec::new() };
    let mut forcible = Vec::new();
    out.refusal = crate::domain::validate::check_order(side, config, ctx.rules, ctx.now)
        .err()
        .map(Refusal::Rules)
        .or_else(|| balance(side, config, ctx, &out))
        .or_else(|| too_large(ctx, out.notional));
    if config.post_only() && crosses(side, config.limit_price(), ctx) {
        out.warnings.push(Warning::PostOnlyWouldCross);
    }
    forcible.extend(distance(side, config, ctx, &mut out.warnings));
    forcible.extend(stop(side, config, ctx, &mut out.warnings));
    for refusal in forcible {
        if force {
            out.warnings.push(Warning::Overridden(Box::new(refusal)));
        } else if out.refusal.is_none() {
            out.refusal = Some(refusal);
        }
    }
    out
}

/// The quote size of a market order, else (limit price or reference) × base size.
fn notional(config: &OrderConfig, reference: Option<Decimal>) -> Option<Decimal> {
    if let Some(q) = config.quote_size() {
        return Some(q);
    }
    config.limit_price().or(reference)?.checked_mul(config.base_size()?)
}

fn balance(side: Side, config: &OrderConfig, ctx: &GuardContext, out: &Assessment) -> Option<Refusal> {
    let id = &ctx.rules.id;
    match side {
        Side::Buy => {
            let available = ctx.quote_available?;
            let need = out.notional?.checked_add(out.fee.unwrap_or_default())?;
            (need > available).then(|| Refusal::InsufficientQuote {
                need,
                available,
                currency: id.quote().to_string(),
            })
        }
        Side::Sell => {
            let available = ctx.base_available?;
            let need = config.base_size()?;
            (need > available).then(|| Refusal::InsufficientBase {
                need,
                available,
                currency: id.base().to_string(),
            })
        }
    }
}

/// The notional limit; an order whose notional is unknown is left to the other guards.
fn too_large(ctx: &GuardContext, notional: Option<Decimal>) -> Option<Refusal> {
    let limit = ctx.limits.max_order_notional?;
    let notional = notional?;
    (notional > limit).then(|| Refusal::NotionalTooLarge {
        notional,
        limit,
        currency: ctx.rules.id.quote().to_string(),
    })
}

fn crosses(side: Side, price: Option<Decimal>, ctx: &GuardContext) -> bool {
    let Some(price) = price else { return false };
    match side {
        Side::Buy => ctx.ask.is_some_and(|a| price >= a),
        Side::Sell => ctx.bid.is_some_and(|b| price <= b),
    }
}

/// Signed deviation of `price` from `reference` in percent, positive on the aggressive side.
pub fn aggressive_deviation(side: Side, price: Decimal, reference: Decimal) -> Option<Decimal> {
    if reference.is_zero() {
        return None;
    }
    let diff = match side {
        Side::Buy => price.checked_sub(reference)?,
        Side::Sell => reference.checked_sub(price)?,
    };
    diff.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(reference)
}

/// The distance guard. A stop-limit's limit is measured from its stop price (the market when
/// it triggers); every other limit from the live reference.
fn distance(
    side: Side,
    config: &OrderConfig,
    ctx: &GuardContext,
    warnings: &mut Vec<Warning>,
) -> Option<Refusal> {
    let Some(price) = config.limit_price() else {
        return ctx.reference.is_none().then_some(Refusal::NoReference);
    };
    let (reference, basis) = match (config.stop_direction(), config.stop_price(), ctx.reference) {
        (Some(_), Some(stop), _) => (stop, PriceBasis::Stop),
        (_, _, Some(reference)) => (reference, PriceBasis::Market),
        (_, _, None) => {
            warnings.push(Warning::NoReference);
            return None;
        }
    };
    let percent = aggressive_deviation(side, price, reference)?;
    let deviation = Deviation { price, reference, basis, percent };
    if percent > ctx.limits.max_distance_pct {
        return Some(Refusal::TooFarThrough { deviation, limit: ctx.limits.max_distance_pct });
    }
    (percent > ctx.limits.warn_distance_pct).then(|| warnings.push(Warning::FarThrough(deviation)));
    None
}

/// The stop guard: a stop-limit with its direction, a bracket's stop-loss with the natural
/// direction of its side, against the last trade.
fn stop(
    side: Side,
    config: &OrderConfig,
    ctx: &GuardContext,
    warnings: &mut Vec<Warning>,
) -> Option<Refusal> {
    let stop = config.stop_price()?;
    let direction = config.stop_direction().unwrap_or_else(|| StopDirection::natural(side));
    let Some(last) = ctx.last_trade else {
        warnings.push(Warning::NoLastTrade);
        return None;
    };
    direction.is_met(stop, last).then_some(Refusal::StopWouldTrigger { direction, stop, last })
}

#[cfg(test)]
mod tests;
