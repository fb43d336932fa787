//! The one order validator, shared by the pre-trade guards ([`crate::domain::guards`], which
//! the CLI and the dashboard ticket run before sending) and the simulator (server-side, to
//! reject like Coinbase).
//!
//! [`check_order`] applies the R-IN2 domain checks in order: sizes and prices above zero, sizes
//! on the lot, prices on the tick, base size bounds, notional bounds, then the product flags,
//! then the rules of the order type (GTD end time, bracket prices). It never rounds: an
//! off-increment value is refused with the nearest valid values in the message (R-IN3).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{OrderConfig, ProductRules, Side};

mod codes;
mod text;
mod violation;

pub use violation::{Field, Violation};

/// The nearest multiples of `increment` at or below and at or above `value`: `(floor, ceil)`.
///
/// Both equal `value` when it is already a multiple, or when `increment` is not positive.
/// Results on the grid are shown with the increment's number of decimals.
pub fn nearest_valid(value: Decimal, increment: Decimal) -> (Decimal, Decimal) {
    if increment <= Decimal::ZERO {
        return (value, value);
    }
    let Some(mut rem) = value.checked_rem(increment) else {
        return (value, value);
    };
    if rem.is_zero() {
        return (value, value);
    }
    if rem.is_sign_negative() {
        rem += increment;
    }
    let floor = value.checked_sub(rem).unwrap_or(value);
    let ceil = floor.checked_add(increment).unwrap_or(floor);
    (on_grid_scale(floor, increment), on_grid_scale(ceil, increment))
}

fn on_grid_scale(value: Decimal, increment: Decimal) -> Decimal {
    let mut v = value;
    if v.scale() > increment.scale() {
        v.rescale(increment.scale());
    }
    v
}

/// Checks an order against the product rules, returning the first rule it breaks.
pub fn check_order(
    side: Side,
    config: &OrderConfig,
    rules: &ProductRules,
    now: DateTime<Utc>,
) -> Result<(), Violation> {
    check_market_shape(side, config)?;
    check_positive(config)?;
    check_size_increment(config, rules)?;
    check_price_increments(side, config, rules)?;
    check_base_bounds(config, rules)?;
    check_notional(config, rules)?;
    check_flags(config, rules)?;
    check_end_time(config, now)?;
    check_bracket(side, config)
}

fn check_market_shape(side: Side, config: &OrderConfig) -> Result<(), Violation> {
    let OrderConfig::MarketIoc(m) = config else {
        return Ok(());
    };
    match (m.base_size, m.quote_size) {
        (None, None) => Err(Violation::MarketSizeMissing),
        (Some(_), Some(_)) => Err(Violation::MarketSizeBoth),
        (None, Some(_)) if side == Side::Sell => Err(Violation::MarketSellByQuote),
        _ => Ok(()),
    }
}

/// Every price of the order with its field, in the order they are checked.
fn prices(config: &OrderConfig) -> Vec<(Field, Decimal)> {
    let mut out = Vec::with_capacity(2);
    if let Some(p) = config.limit_price() {
        out.push((Field::LimitPrice, p));
    }
    match config {
        OrderConfig::StopLimitGtc(s) | OrderConfig::StopLimitGtd(s) => {
            out.push((Field::StopPrice, s.stop_price));
        }
        OrderConfig::BracketGtc(b) | OrderConfig::BracketGtd(b) => {
            out.push((Field::StopTriggerPrice, b.stop_trigger_price));
        }
        _ => {}
    }
    out
}

/// The size of the order: base size, or quote size for a market order sized in quote.
fn size(config: &OrderConfig) -> Option<(Field, Decimal)> {
    match (config.base_size(), config.quote_size()) {
        (Some(b), _) => Some((Field::BaseSize, b)),
        (None, Some(q)) => Some((Field::QuoteSize, q)),
        (None, None) => None,
    }
}

fn check_positive(config: &OrderConfig) -> Result<(), Violation> {
    let amounts = size(config).into_iter().chain(prices(config));
    for (field, value) in amounts {
        if value <= Decimal::ZERO {
            return Err(Violation::NotPositive { field, value });
        }
    }
    Ok(())
}

fn check_size_increment(config: &OrderConfig, rules: &ProductRules) -> Result<(), Violation> {
    let Some((field, value)) = size(config) else {
        return Ok(());
    };
    let increment = match field {
        Field::QuoteSize => rules.quote_increment,
        _ => rules.base_increment,
    };
    let (floor, ceil) = nearest_valid(value, increment);
    if floor == value {
        return Ok(());
    }
    Err(Violation::SizePrecision { field, value, increment, floor, ceil })
}

fn check_price_increments(side: Side, config: &OrderConfig, rules: &ProductRules) -> Result<(), Violation> {
    let increment =
        if rules.price_increment > Decimal::ZERO { rules.price_increment } else { rules.quote_increment };
    for (field, value) in prices(config) {
        let (floor, ceil) = nearest_valid(value, increment);
        if floor != value {
            return Err(Violation::PricePrecision { field, side, value, increment, floor, ceil });
        }
    }
    Ok(())
}

fn check_base_bounds(config: &OrderConfig, rules: &ProductRules) -> Result<(), Violation> {
    let Some(size) = config.base_size() else {
        return Ok(());
    };
    if size < rules.base_min_size {
        return Err(Violation::BaseSizeTooSmall { size, min: rules.base_min_size });
    }
    if rules.base_max_size > Decimal::ZERO && size > rules.base_max_size {
        return Err(Violation::BaseSizeTooLarge { size, max: rules.base_max_size });
    }
    Ok(())
}

/// The order's notional: quote size of a market order, or limit price × base size.
/// `Ok(None)` for a market order by base size (no price known); `Err` on overflow.
fn notional(config: &OrderConfig) -> Result<Option<Decimal>, ()> {
    if let Some(q) = config.quote_size() {
        return Ok(Some(q));
    }
    match (config.limit_price(), config.base_size()) {
        (Some(p), Some(s)) => p.checked_mul(s).map(Some).ok_or(()),
        _ => Ok(None),
    }
}

fn check_notional(config: &OrderConfig, rules: &ProductRules) -> Result<(), Violation> {
    let max = rules.quote_max_size;
    let value = match notional(config) {
        Ok(Some(v)) => v,
        Ok(None) => return Ok(()),
        Err(()) => return Err(Violation::QuoteSizeTooLarge { value: None, max }),
    };
    if value < rules.quote_min_size {
        return Err(Violation::QuoteSizeTooSmall { value, min: rules.quote_min_size });
    }
    if max > Decimal::ZERO && value > max {
        return Err(Violation::QuoteSizeTooLarge { value: Some(value), max });
    }
    Ok(())
}

fn check_flags(config: &OrderConfig, rules: &ProductRules) -> Result<(), Violation> {
    if rules.trading_disabled {
        return Err(Violation::TradingDisabled);
    }
    if rules.cancel_only {
        return Err(Violation::CancelOnly);
    }
    if rules.limit_only && matches!(config, OrderConfig::MarketIoc(_)) {
        return Err(Violation::LimitOnly);
    }
    if rules.post_only && !config.post_only() {
        return Err(Violation::PostOnlyRequired);
    }
    Ok(())
}

fn check_end_time(config: &OrderConfig, now: DateTime<Utc>) -> Result<(), Violation> {
    let is_gtd = matches!(
        config,
        OrderConfig::LimitGtd(_) | OrderConfig::StopLimitGtd(_) | OrderConfig::BracketGtd(_)
    );
    if !is_gtd {
        return Ok(());
    }
    match config.end_time() {
        None => Err(Violation::EndTimeMissing),
        Some(end_time) if end_time <= now => Err(Violation::EndTimeNotInFuture { end_time, now }),
        Some(_) => Ok(()),
    }
}

fn check_bracket(side: Side, config: &OrderConfig) -> Result<(), Violation> {
    let (OrderConfig::BracketGtc(b) | OrderConfig::BracketGtd(b)) = config else {
        return Ok(());
    };
    let (limit, stop) = (b.limit_price, b.stop_trigger_price);
    let ok = match side {
        Side::Sell => stop < limit,
        Side::Buy => stop > limit,
    };
    if ok { Ok(()) } else { Err(Violation::BracketPrices { side, limit, stop }) }
}

#[cfg(test)]
mod tests;
