//! The [`Violation`] type and the order amounts it names.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::Side;

/// Which amount of an order a [`Violation`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `base_size`.
    BaseSize,
    /// `quote_size` of a market order.
    QuoteSize,
    /// `limit_price`.
    LimitPrice,
    /// `stop_price` of a stop-limit order.
    StopPrice,
    /// `stop_trigger_price` of a bracket order.
    StopTriggerPrice,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BaseSize => "size",
            Self::QuoteSize => "quote size",
            Self::LimitPrice => "limit price",
            Self::StopPrice => "stop price",
            Self::StopTriggerPrice => "stop trigger price",
        })
    }
}

/// Why an order is refused. [`Violation::reason`] gives Coinbase's failure code and `Display`
/// a sentence for a trader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A size or price is zero or negative.
    NotPositive {
        /// The amount.
        field: Field,
        /// What was given.
        value: Decimal,
    },
    /// A base size off the lot, or a quote size off the quote increment.
    SizePrecision {
        /// [`Field::BaseSize`] or [`Field::QuoteSize`].
        field: Field,
        /// What was given.
        value: Decimal,
        /// The lot or quote increment.
        increment: Decimal,
        /// Nearest valid value below.
        floor: Decimal,
        /// Nearest valid value above.
        ceil: Decimal,
    },
    /// A limit, stop or stop trigger price off the tick.
    PricePrecision {
        /// The price.
        field: Field,
        /// Side of the order, to suggest the safe rounding first.
        side: Side,
        /// What was given.
        value: Decimal,
        /// The tick.
        increment: Decimal,
        /// Nearest valid price below.
        floor: Decimal,
        /// Nearest valid price above.
        ceil: Decimal,
    },
    /// Base size below `base_min_size`.
    BaseSizeTooSmall {
        /// What was given.
        size: Decimal,
        /// The minimum.
        min: Decimal,
    },
    /// Base size above `base_max_size`.
    BaseSizeTooLarge {
        /// What was given.
        size: Decimal,
        /// The maximum.
        max: Decimal,
    },
    /// Notional (price × size, or the quote size of a market order) below `quote_min_size`.
    QuoteSizeTooSmall {
        /// The notional.
        value: Decimal,
        /// The minimum.
        min: Decimal,
    },
    /// Notional above `quote_max_size` (or too large to compute).
    QuoteSizeTooLarge {
        /// The notional, `None` when price × size overflows.
        value: Option<Decimal>,
        /// The maximum.
        max: Decimal,
    },
    /// The product has `trading_disabled` set.
    TradingDisabled,
    /// The product accepts cancels only.
    CancelOnly,
    /// The product accepts limit orders only.
    LimitOnly,
    /// The product accepts post-only limit orders only.
    PostOnlyRequired,
    /// A market sell sized in quote currency.
    MarketSellByQuote,
    /// A market order with neither `base_size` nor `quote_size`.
    MarketSizeMissing,
    /// A market order with both `base_size` and `quote_size`.
    MarketSizeBoth,
    /// A good-till-date order without `end_time`.
    EndTimeMissing,
    /// `end_time` is not after now.
    EndTimeNotInFuture {
        /// The requested expiry.
        end_time: DateTime<Utc>,
        /// The time of the check.
        now: DateTime<Utc>,
    },
    /// Bracket stop trigger on the wrong side of the take-profit price.
    BracketPrices {
        /// Side of the order.
        side: Side,
        /// Take-profit limit price.
        limit: Decimal,
        /// Stop trigger price.
        stop: Decimal,
    },
}

impl std::error::Error for Violation {}
