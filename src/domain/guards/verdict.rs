//! What the pre-trade guards say: a [`Refusal`] that stops the order, [`Warning`]s to read
//! twice. Each displays as a sentence that names the numbers.

use rust_decimal::Decimal;
use thiserror::Error;

use crate::domain::StopDirection;
use crate::domain::validate::Violation;

/// What a limit price is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceBasis {
    /// The live reference price (mid, else a recent last trade).
    Market,
    /// The stop price of a stop-limit: the market when the order triggers.
    Stop,
}

impl PriceBasis {
    fn words(self) -> &'static str {
        match self {
            Self::Market => "the market",
            Self::Stop => "the stop price",
        }
    }
}

/// How far a limit price is on the aggressive side of its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deviation {
    /// The limit price.
    pub price: Decimal,
    /// The price it is measured against.
    pub reference: Decimal,
    /// What `reference` is.
    pub basis: PriceBasis,
    /// Percent through the basis (positive: aggressive).
    pub percent: Decimal,
}

impl std::fmt::Display for Deviation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "limit price {} is {}% through {} ({})",
            self.price,
            shown_percent(self.percent),
            self.basis.words(),
            self.reference
        )
    }
}

/// The percentage as shown: two decimals, rounded away from zero so that a refused value
/// never reads as the limit itself (10.004 % shows as 10.01 %).
fn shown_percent(percent: Decimal) -> Decimal {
    percent.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero).normalize()
}

/// Why an order must not be sent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// Grammar, increments, minimums or product flags (shared with the simulator).
    #[error("{0}")]
    Rules(Violation),
    /// A buy needs more quote currency than is available.
    #[error("needs {} {currency} with the fee; {available} {currency} available", need.round_dp(2))]
    InsufficientQuote {
        /// Notional plus fee.
        need: Decimal,
        /// Available balance.
        available: Decimal,
        /// Quote currency.
        currency: String,
    },
    /// A sell needs more base currency than is available.
    #[error("needs {need} {currency}; {available} {currency} available")]
    InsufficientBase {
        /// Base size.
        need: Decimal,
        /// Available balance.
        available: Decimal,
        /// Base currency.
        currency: String,
    },
    /// A market order with no live price to measure it against.
    #[error("no live price: market orders are disabled")]
    NoReference,
    /// A limit price more than [`RiskLimits::max_distance_pct`](super::RiskLimits) through
    /// its basis.
    #[error("{deviation}; more than {limit}% is refused")]
    TooFarThrough {
        /// How far it is.
        deviation: Deviation,
        /// The limit it is beyond.
        limit: Decimal,
    },
    /// An order worth more than [`RiskLimits::max_order_notional`](super::RiskLimits).
    #[error(
        "order notional {} {currency} is above the limit of {limit} {currency} (risk.max_order_notional)",
        notional.normalize()
    )]
    NotionalTooLarge {
        /// Price × size, or the quote size.
        notional: Decimal,
        /// The configured limit.
        limit: Decimal,
        /// Quote currency.
        currency: String,
    },
    /// A stop that the last trade already meets: it would trigger at once.
    #[error(
        "stop price {stop} would trigger at once: it triggers when the last trade {} to it, and the \
         last trade is already {last}",
        direction.verb()
    )]
    StopWouldTrigger {
        /// The stop direction.
        direction: StopDirection,
        /// The stop price.
        stop: Decimal,
        /// The last trade price.
        last: Decimal,
    },
}

impl Refusal {
    /// Whether `force` may override this refusal (distance and stop guards only).
    pub fn is_forcible(&self) -> bool {
        matches!(self, Self::NoReference | Self::TooFarThrough { .. } | Self::StopWouldTrigger { .. })
    }
}

/// Something to read twice before sending.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Warning {
    /// A post-only limit that would cross the book; the exchange rejects it.
    #[error("post-only order would cross the book; the exchange will reject it")]
    PostOnlyWouldCross,
    /// No live reference price to measure a limit price against.
    #[error("no live reference price: check the price against the market")]
    NoReference,
    /// A limit price more than [`RiskLimits::warn_distance_pct`](super::RiskLimits) through its basis.
    #[error("{0}")]
    FarThrough(Deviation),
    /// No last trade to check a stop price against.
    #[error("no recent trade: the stop price is not checked against the last trade")]
    NoLastTrade,
    /// A refusal that `force` overrode.
    #[error("{0} (overridden by force)")]
    Overridden(Box<Refusal>),
}
