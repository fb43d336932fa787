//! Walking the book: what an order would take from the levels that are there now, at which
//! average price, and how much of it would be left to rest.

use rust_decimal::Decimal;

use super::{BookSide, OrderBook};
use crate::domain::{Side, Size};

/// An order walked against the book as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    /// Base size that takes liquidity now.
    pub taken: Decimal,
    /// Quote value of that part.
    pub value: Decimal,
    /// What is left once the crossing levels are used up, in the order's own unit.
    pub left: Size,
}

impl Walk {
    /// Average price of the part taken now; `None` when nothing is taken.
    pub fn average(&self) -> Option<Decimal> {
        if self.taken.is_zero() { None } else { self.value.checked_div(self.taken) }
    }

    /// Whether anything is left after the crossing levels.
    pub fn has_left(&self) -> bool {
        match self.left {
            Size::Base(v) | Size::Quote(v) => v > Decimal::ZERO,
        }
    }
}

impl OrderBook {
    /// Walks a `side` order of `size` through the opposite side of the book, best level first,
    /// taking levels at or better than `limit` (every level for a market order).
    pub fn walk(&self, side: Side, size: Size, limit: Option<Decimal>) -> Walk {
        let levels: Box<dyn Iterator<Item = (&Decimal, &Decimal)>> = match side {
            Side::Buy => Box::new(self.side(BookSide::Ask).iter()),
            Side::Sell => Box::new(self.side(BookSide::Bid).iter().rev()),
        };
        let crosses = |price: Decimal| match (side, limit) {
            (_, None) => true,
            (Side::Buy, Some(l)) => price <= l,
            (Side::Sell, Some(l)) => price >= l,
        };
        let mut walk = Walk { taken: Decimal::ZERO, value: Decimal::ZERO, left: size };
        for (&price, &available) in levels.take_while(|(p, _)| crosses(**p)) {
            if !walk.has_left() || !walk.take(price, available) {
                break;
            }
        }
        walk
    }
}

impl Walk {
    /// Takes what it needs of `available` at `price`; `false` when the sums overflow.
    fn take(&mut self, price: Decimal, available: Decimal) -> bool {
        let base = match self.left {
            Size::Base(left) => left.min(available),
            Size::Quote(left) => match price.checked_mul(available) {
                Some(value) if value <= left => available,
                _ => left.checked_div(price).unwrap_or_default(),
            },
        };
        let Some(value) = price.checked_mul(base) else { return false };
        let left = match self.left {
            Size::Base(left) => left.checked_sub(base).map(Size::Base),
            Size::Quote(left) => left.checked_sub(value).map(|l| Size::Quote(l.max(Decimal::ZERO))),
        };
        match (self.taken.checked_add(base), self.value.checked_add(value), left) {
            (Some(taken), Some(sum), Some(left)) => {
                (self.taken, self.value, self.left) = (taken, sum, left);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }

    /// Asks 100.00 × 0.3, 100.50 × 0.2, 101.00 × 1; bids 99.50 × 0.4, 99.00 × 1.
    fn book() -> OrderBook {
        let mut b = OrderBook::new();
        for (side, p, s) in [
            (BookSide::Ask, "100.00", "0.3"),
            (BookSide::Ask, "100.50", "0.2"),
            (BookSide::Ask, "101.00", "1"),
            (BookSide::Bid, "99.50", "0.4"),
            (BookSide::Bid, "99.00", "1"),
        ] {
            b.apply_update(side, d(p), d(s));
        }
        b
    }

    #[test]
    fn a_limit_buy_takes_the_levels_at_or_below_its_price_and_rests_the_rest() {
        // 0.3 × 100.00 + 0.2 × 100.50 = 50.10 for 0.5, average 100.20; 0.1 of 0.6 is left.
        let w = book().walk(Side::Buy, Size::Base(d("0.6")), Some(d("100.50")));
        assert_eq!(w, Walk { taken: d("0.5"), value: d("50.100"), left: Size::Base(d("0.1")) });
        assert_eq!(w.average(), Some(d("100.2")));
    }

    #[test]
    fn a_limit_sell_below_the_bids_takes_from_the_highest() {
        // 0.4 × 99.50 + 0.1 × 99.00 = 49.70 for 0.5.
        let w = book().walk(Side::Sell, Size::Base(d("0.5")), Some(d("99.00")));
        assert_eq!(w, Walk { taken: d("0.5"), value: d("49.700"), left: Size::Base(d("0.0")) });
        assert!(!w.has_left());
    }

    #[test]
    fn a_limit_that_does_not_cross_takes_nothing() {
        let w = book().walk(Side::Buy, Size::Base(d("1")), Some(d("99.90")));
        assert_eq!((w.taken, w.average(), w.left), (Decimal::ZERO, None, Size::Base(d("1"))));
    }

    #[test]
    fn a_market_buy_in_quote_spends_exactly_its_amount() {
        // 30.00 at 100.00 (0.3), then 20.10 of 100.50 buys 0.2: 50.10 spent on 0.5.
        let w = book().walk(Side::Buy, Size::Quote(d("50.10")), None);
        assert_eq!((w.taken, w.value), (d("0.5"), d("50.100")));
        assert!(!w.has_left());
    }
}
