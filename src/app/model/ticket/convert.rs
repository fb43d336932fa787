//! Switching the ticket's size unit converts the size at a price instead of reinterpreting the
//! number. The result is rounded down onto the target grid (never a larger order than the one
//! typed), and the ticket keeps the [`Conversion`] so the card can say what was done.

use rust_decimal::Decimal;

use super::SizeUnit;
use crate::domain::ProductRules;
use crate::domain::validate::nearest_valid;

/// A size converted between base and quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    /// The size before, in `from` units.
    pub size: Decimal,
    /// Its unit.
    pub from: SizeUnit,
    /// The size after, in the other unit, on its grid.
    pub converted: Decimal,
    /// The price it was converted at.
    pub price: Decimal,
    /// Whether `converted` was rounded down onto the lot or quote increment.
    pub rounded: bool,
}

impl Conversion {
    /// The unit converted to.
    pub fn to(&self) -> SizeUnit {
        self.from.other()
    }
}

impl SizeUnit {
    /// The other unit.
    pub fn other(self) -> Self {
        match self {
            SizeUnit::Base => SizeUnit::Quote,
            SizeUnit::Quote => SizeUnit::Base,
        }
    }
}

/// `size` in `from` units converted to the other unit at `price`, rounded down onto the
/// product's lot (to base) or quote increment (to quote), written at that increment's scale.
/// `None` when the price is not
/// positive or the arithmetic overflows.
pub fn convert(size: Decimal, from: SizeUnit, price: Decimal, rules: &ProductRules) -> Option<Conversion> {
    if price <= Decimal::ZERO {
        return None;
    }
    let (exact, increment) = match from {
        SizeUnit::Base => (size.checked_mul(price)?, rules.quote_increment),
        SizeUnit::Quote => (size.checked_div(price)?, rules.base_increment),
    };
    let mut converted = nearest_valid(exact, increment).0.max(Decimal::ZERO);
    converted.rescale(increment.scale());
    Some(Conversion { size, from, converted, price, rounded: converted != exact })
}
