//! Plain-words explanations of each [`Violation`] for a trader.

use std::fmt;

use super::{Field, Violation};
use crate::domain::Side;

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPositive { field, value } => {
                write!(f, "{field} must be greater than zero (got {value})")
            }
            Self::SizePrecision { field, value, increment, floor, ceil } => {
                let grid = if *field == Field::QuoteSize { "quote increment" } else { "lot" };
                write!(
                    f,
                    "{field} {value} is not a multiple of the {grid} {increment}; \
                     nearest valid: {floor} or {ceil}"
                )
            }
            Self::PricePrecision { field, side, value, increment, floor, ceil } => {
                write!(f, "{field} {value} is not a multiple of the tick {increment}; ")?;
                match side {
                    Side::Buy => write!(f, "nearest valid: {floor} (rounded down) or {ceil}"),
                    Side::Sell => write!(f, "nearest valid: {ceil} (rounded up) or {floor}"),
                }
            }
            Self::BaseSizeTooSmall { size, min } => {
                write!(f, "size {size} is below the minimum order size {min}")
            }
            Self::BaseSizeTooLarge { size, max } => {
                write!(f, "size {size} is above the maximum order size {max}")
            }
            Self::QuoteSizeTooSmall { value, min } => {
                write!(f, "order value {value} is below the minimum order value {min}")
            }
            Self::QuoteSizeTooLarge { value: Some(value), max } => {
                write!(f, "order value {value} is above the maximum order value {max}")
            }
            Self::QuoteSizeTooLarge { value: None, max } => {
                write!(f, "order value is too large to compute (maximum {max})")
            }
            other => fmt_order_rule(other, f),
        }
    }
}

/// The end-time and bracket messages, then the ones that carry no values.
fn fmt_order_rule(v: &Violation, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match v {
        Violation::EndTimeNotInFuture { end_time, now } => {
            write!(f, "end time {end_time} is not in the future (now {now})")
        }
        Violation::BracketPrices { side, limit, stop } => {
            let (word, rel) = match side {
                Side::Sell => ("sell", "below"),
                Side::Buy => ("buy", "above"),
            };
            write!(
                f,
                "for a {word} bracket the stop trigger price {stop} must be {rel} \
                 the take-profit limit price {limit}"
            )
        }
        other => f.write_str(fixed_text(other)),
    }
}

/// Messages that carry no values.
fn fixed_text(v: &Violation) -> &'static str {
    match v {
        Violation::TradingDisabled => "trading is disabled for this product",
        Violation::CancelOnly => "the product is in cancel-only mode; only cancels are accepted",
        Violation::LimitOnly => "the product is in limit-only mode; market orders are refused",
        Violation::PostOnlyRequired => {
            "the product is in post-only mode; only post-only limit orders are accepted"
        }
        Violation::MarketSellByQuote => "market sells must be sized in base currency",
        Violation::MarketSizeMissing => "a market order needs a base size or a quote size",
        Violation::MarketSizeBoth => "a market order takes a base size or a quote size, not both",
        Violation::EndTimeMissing => "a good-till-date order needs an end time",
        _ => "the order breaks a product rule",
    }
}
