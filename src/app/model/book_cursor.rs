//! The book cursor: the selected level is a side and a price, not a screen row, so it stays on
//! its level while the book moves around it. With aggregation it selects the aggregated level
//! containing its price. When that level disappears, the cursor moves to the nearest level left
//! on its side and the status bar says so; with no level left on the side it is cleared.

use std::ops::Bound;

use rust_decimal::Decimal;

use super::Model;
use crate::domain::BookSide;
use crate::domain::validate::nearest_valid;

/// How many aggregated levels per side `j`/`k` can walk through.
pub const CURSOR_DEPTH: usize = 50;

/// The selected book level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookCursor {
    /// Its side.
    pub side: BookSide,
    /// Its price (an aggregated level's price at the tick it was chosen at).
    pub price: Decimal,
}

/// The price of the aggregated level of `side` containing `price` at `tick`: bids round down,
/// asks up (as the ladder aggregates them).
pub fn bucket(side: BookSide, price: Decimal, tick: Decimal) -> Decimal {
    let (floor, ceil) = nearest_valid(price, tick);
    if side == BookSide::Bid { floor } else { ceil }
}

/// The raw price range an aggregated level covers.
fn bucket_range(side: BookSide, level: Decimal, tick: Decimal) -> (Bound<Decimal>, Bound<Decimal>) {
    match side {
        BookSide::Bid => {
            (Bound::Included(level), level.checked_add(tick).map_or(Bound::Unbounded, Bound::Excluded))
        }
        BookSide::Ask => {
            (level.checked_sub(tick).map_or(Bound::Unbounded, Bound::Excluded), Bound::Included(level))
        }
    }
}

impl Model {
    /// The selected level as shown: its side and aggregated price, when the level exists in a
    /// valid book.
    pub fn book_selection(&self) -> Option<(BookSide, Decimal)> {
        let cursor = self.book_cursor?;
        let tick = self.book_tick()?;
        let book = &self.focused_market()?.book;
        if book.invalid.is_some() {
            return None;
        }
        let level = bucket(cursor.side, cursor.price, tick);
        let exists =
            book.book.levels_in(cursor.side, bucket_range(cursor.side, level, tick)).next().is_some();
        exists.then_some((cursor.side, level))
    }

    /// The price of the selected book level, if it exists.
    pub fn selected_book_price(&self) -> Option<Decimal> {
        self.book_selection().map(|(_, price)| price)
    }

    /// Moves the cursor one level: `up` toward higher prices (asks), across the spread.
    pub(super) fn move_book_cursor(&mut self, up: bool) {
        let Some(tick) = self.book_tick() else { return };
        let Some(market) = self.focused_market() else { return };
        let (asks, bids) = market.book.ladder(tick, CURSOR_DEPTH);
        let at = self.book_selection().and_then(|(side, price)| {
            let levels = if side == BookSide::Ask { &asks } else { &bids };
            levels.iter().position(|l| l.0 == price).map(|i| (side, i))
        });
        let target = match (at, up) {
            (None, true) | (Some((BookSide::Bid, 0)), true) => (BookSide::Ask, 0),
            (None, false) | (Some((BookSide::Ask, 0)), false) => (BookSide::Bid, 0),
            (Some((BookSide::Ask, i)), true) => (BookSide::Ask, (i + 1).min(asks.len().saturating_sub(1))),
            (Some((BookSide::Ask, i)), false) => (BookSide::Ask, i - 1),
            (Some((BookSide::Bid, i)), true) => (BookSide::Bid, i - 1),
            (Some((BookSide::Bid, i)), false) => (BookSide::Bid, (i + 1).min(bids.len().saturating_sub(1))),
        };
        let levels = if target.0 == BookSide::Ask { &asks } else { &bids };
        if let Some(level) = levels.get(target.1) {
            self.book_cursor = Some(BookCursor { side: target.0, price: level.0 });
        }
    }

    /// After the book or the tick changed: keeps the cursor while its level exists, else moves
    /// it to the nearest level on its side (or clears it) and says so. An invalid book leaves
    /// it alone until the next snapshot.
    pub(super) fn keep_book_cursor(&mut self) {
        let Some(cursor) = self.book_cursor else { return };
        if self.book_selection().is_some() {
            return;
        }
        let (Some(tick), Some(market)) = (self.book_tick(), self.focused_market()) else { return };
        if market.book.invalid.is_some() {
            return;
        }
        let book = &market.book.book;
        let below = book.levels_in(cursor.side, ..cursor.price).next_back().map(|l| *l.0);
        let above = book
            .levels_in(cursor.side, (Bound::Excluded(cursor.price), Bound::Unbounded))
            .next()
            .map(|l| *l.0);
        let distance = |p: Decimal| (p - cursor.price).abs();
        let nearest = match (below, above) {
            (Some(b), Some(a)) => Some(if distance(a) < distance(b) { a } else { b }),
            (b, a) => b.or(a),
        };
        let side = if cursor.side == BookSide::Bid { "bid" } else { "ask" };
        match nearest {
            Some(raw) => {
                let price = bucket(cursor.side, raw, tick);
                self.book_cursor = Some(BookCursor { side: cursor.side, price });
                self.warn(format!("{side} level {} is gone; the book cursor moved to {price}", cursor.price));
            }
            None => {
                self.book_cursor = None;
                self.warn(format!(
                    "{side} level {} is gone and no {side}s are left; book cursor cleared",
                    cursor.price
                ));
            }
        }
    }
}
