//! The client's level2 order book for one product.
//!
//! A snapshot replaces the whole book (R-BK1); an update sets the absolute size at one price,
//! where zero removes the level (R-BK2). Prices are `Decimal` keys in a `BTreeMap`, never
//! floats. [`OrderBook::check_invariants`] is the R-BK4 check to run after every applied
//! message; the book stores whatever it is given, so a corrupt feed is detected, not hidden.
//! The check costs O(log depth): each level is checked as it is applied and the first bad one
//! is remembered until the next snapshot, and only the top of the book is compared.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

pub use crate::domain::BookSide;
use crate::domain::validate::nearest_valid;
use crate::domain::{BookEvent, EventKind};
pub use walk::Walk;

mod walk;

/// Levels kept per side: past this, the level furthest from the touch is dropped, so a feed
/// that never deletes far levels cannot grow the book without bound. It is a safety cap far
/// above any real book (Coinbase's deepest hold some thousands per side; the benchmarks run
/// books of 100,000), at about 10 MB a side.
pub const MAX_LEVELS: usize = 200_000;

/// A broken book invariant (R-BK4). The book must be resynchronised, never shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookError {
    /// Best bid at or above best ask.
    #[error("crossed book: best bid {bid} is not below best ask {ask}")]
    Crossed {
        /// Best bid price.
        bid: Decimal,
        /// Best ask price.
        ask: Decimal,
    },
    /// A level with a zero or negative size.
    #[error("{side:?} level at {price} has size {size}, which is not above zero")]
    NonPositiveSize {
        /// Side of the level.
        side: BookSide,
        /// Price of the level.
        price: Decimal,
        /// Its size.
        size: Decimal,
    },
    /// A level with a zero or negative price.
    #[error("{side:?} level has price {price}, which is not above zero")]
    NonPositivePrice {
        /// Side of the level.
        side: BookSide,
        /// The price.
        price: Decimal,
    },
}

/// Bids and offers of one product: price → size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderBook {
    bids: BTreeMap<Decimal, Decimal>,
    asks: BTreeMap<Decimal, Decimal>,
    /// The first level with a non-positive price or a negative size applied since the last
    /// snapshot (or `clear`).
    fault: Option<BookError>,
}

impl OrderBook {
    /// An empty book.
    pub fn new() -> Self {
        Self::default()
    }

    fn side(&self, side: BookSide) -> &BTreeMap<Decimal, Decimal> {
        match side {
            BookSide::Bid => &self.bids,
            BookSide::Ask => &self.asks,
        }
    }

    fn side_mut(&mut self, side: BookSide) -> &mut BTreeMap<Decimal, Decimal> {
        match side {
            BookSide::Bid => &mut self.bids,
            BookSide::Ask => &mut self.asks,
        }
    }

    /// Removes every level.
    pub fn clear(&mut self) {
        self.bids.clear();
        self.asks.clear();
        self.fault = None;
    }

    /// Applies one level2 event: a snapshot replaces the book, an update sets the absolute
    /// size of each level it names.
    pub fn apply_event(&mut self, event: &BookEvent) {
        let levels = event.levels.iter().map(|l| (l.side, l.price, l.size));
        if event.kind == EventKind::Snapshot {
            self.apply_snapshot(levels);
        } else {
            for (side, price, size) in levels {
                self.apply_update(side, price, size);
            }
        }
    }

    /// Replaces the whole book with `levels` (side, price, size); zero sizes are skipped.
    pub fn apply_snapshot<I>(&mut self, levels: I)
    where
        I: IntoIterator<Item = (BookSide, Decimal, Decimal)>,
    {
        self.clear();
        for (side, price, size) in levels {
            self.apply_update(side, price, size);
        }
    }

    /// Sets the absolute size at `price`; zero removes the level (absent levels are fine).
    pub fn apply_update(&mut self, side: BookSide, price: Decimal, new_quantity: Decimal) {
        if self.fault.is_none() {
            self.fault = level_fault(side, price, new_quantity);
        }
        let levels = self.side_mut(side);
        if new_quantity.is_zero() {
            levels.remove(&price);
            return;
        }
        levels.insert(price, new_quantity);
        if levels.len() > MAX_LEVELS {
            match side {
                BookSide::Bid => levels.pop_first(),
                BookSide::Ask => levels.pop_last(),
            };
        }
    }

    /// Highest bid `(price, size)`.
    pub fn best_bid(&self) -> Option<(Decimal, Decimal)> {
        self.bids.iter().next_back().map(|(p, s)| (*p, *s))
    }

    /// Lowest ask `(price, size)`.
    pub fn best_ask(&self) -> Option<(Decimal, Decimal)> {
        self.asks.iter().next().map(|(p, s)| (*p, *s))
    }

    /// Best ask minus best bid.
    pub fn spread(&self) -> Option<Decimal> {
        let (bid, ask) = (self.best_bid()?.0, self.best_ask()?.0);
        ask.checked_sub(bid)
    }

    /// Midpoint of best bid and best ask.
    pub fn mid(&self) -> Option<Decimal> {
        let (bid, ask) = (self.best_bid()?.0, self.best_ask()?.0);
        bid.checked_add(ask)?.checked_div(Decimal::TWO)
    }

    /// The levels of `side` with a price in `range`, lowest price first (double-ended).
    pub fn levels_in<R: std::ops::RangeBounds<Decimal>>(
        &self,
        side: BookSide,
        range: R,
    ) -> std::collections::btree_map::Range<'_, Decimal, Decimal> {
        self.side(side).range(range)
    }

    /// The best `n` bids, highest first.
    pub fn bids(&self, n: usize) -> Vec<(Decimal, Decimal)> {
        self.bids.iter().rev().take(n).map(|(p, s)| (*p, *s)).collect()
    }

    /// The best `n` asks, lowest first.
    pub fn asks(&self, n: usize) -> Vec<(Decimal, Decimal)> {
        self.asks.iter().take(n).map(|(p, s)| (*p, *s)).collect()
    }

    /// Size at one price, if the level exists.
    pub fn size_at(&self, side: BookSide, price: Decimal) -> Option<Decimal> {
        self.side(side).get(&price).copied()
    }

    /// Whether the best bid is at or above the best ask.
    pub fn is_crossed(&self) -> bool {
        matches!((self.best_bid(), self.best_ask()), (Some(b), Some(a)) if b.0 >= a.0)
    }

    /// R-BK4: best bid below best ask, and every level applied since the last snapshot had
    /// a price above zero and a size not below zero (zero removes the level).
    pub fn check_invariants(&self) -> Result<(), BookError> {
        if let Some(fault) = &self.fault {
            return Err(fault.clone());
        }
        if let (Some((bid, _)), Some((ask, _))) = (self.best_bid(), self.best_ask())
            && bid >= ask
        {
            return Err(BookError::Crossed { bid, ask });
        }
        Ok(())
    }

    /// Number of levels on both sides.
    pub fn len(&self) -> usize {
        self.bids.len() + self.asks.len()
    }

    /// Whether both sides are empty.
    pub fn is_empty(&self) -> bool {
        self.bids.is_empty() && self.asks.is_empty()
    }

    /// Number of levels on one side.
    pub fn depth(&self, side: BookSide) -> usize {
        self.side(side).len()
    }

    /// A depth ladder: levels bucketed by `tick` (bids rounded down, asks rounded up to a
    /// multiple of it) with summed sizes; the best `n` buckets in priority order. A tick that
    /// is not positive leaves the levels as they are.
    pub fn aggregated(&self, side: BookSide, tick: Decimal, n: usize) -> Vec<(Decimal, Decimal)> {
        let levels: Box<dyn Iterator<Item = (&Decimal, &Decimal)>> = match side {
            BookSide::Bid => Box::new(self.bids.iter().rev()),
            BookSide::Ask => Box::new(self.asks.iter()),
        };
        let mut out: Vec<(Decimal, Decimal)> = Vec::with_capacity(n.min(64));
        for (&price, &size) in levels {
            let (floor, ceil) = nearest_valid(price, tick);
            let bucket = if side == BookSide::Bid { floor } else { ceil };
            if let Some((_, s)) = out.last_mut().filter(|(p, _)| *p == bucket) {
                *s = s.saturating_add(size);
            } else if out.len() == n {
                break;
            } else {
                out.push((bucket, size));
            }
        }
        out
    }
}

/// Why one applied level breaks R-BK4, if it does.
fn level_fault(side: BookSide, price: Decimal, size: Decimal) -> Option<BookError> {
    if price <= Decimal::ZERO {
        Some(BookError::NonPositivePrice { side, price })
    } else if size < Decimal::ZERO {
        Some(BookError::NonPositiveSize { side, price, size })
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
