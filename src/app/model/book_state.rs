//! The focused products' level2 books, rebuilt only from snapshots and updates.
//!
//! A book becomes valid on a snapshot and invalid on a reconnect, a gap or when an update
//! leaves it crossed; an invalid book is never drawn as prices.

use std::time::Instant;

use rust_decimal::Decimal;

use crate::book::{BookSide, OrderBook};
use crate::domain::{BookEvent, EventKind};

/// Why a book cannot be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// No snapshot yet on this connection.
    AwaitingSnapshot,
    /// An update broke a book invariant (crossed, non-positive size).
    Crossed,
}

/// A book and whether it can be trusted.
#[derive(Debug, Clone)]
pub struct BookState {
    /// The levels.
    pub book: OrderBook,
    /// `None` when valid.
    pub invalid: Option<Invalid>,
    /// When the last snapshot or update was applied (monotonic).
    pub updated_at: Option<Instant>,
    /// When the last snapshot was applied (monotonic).
    pub snapshot_at: Option<Instant>,
    /// Snapshots applied since start: the first one and one per resync or reconnect.
    pub snapshots: u64,
}

impl Default for BookState {
    fn default() -> Self {
        Self {
            book: OrderBook::default(),
            invalid: Some(Invalid::AwaitingSnapshot),
            updated_at: None,
            snapshot_at: None,
            snapshots: 0,
        }
    }
}

/// One side of the book as (price, size) pairs, best first.
pub type Levels = Vec<(Decimal, Decimal)>;

impl BookState {
    /// Forgets the book until the next snapshot (reconnect or gap).
    pub fn invalidate(&mut self) {
        self.book = OrderBook::default();
        self.invalid = Some(Invalid::AwaitingSnapshot);
    }

    /// Applies a level2 event; returns true when it left the book crossed.
    pub fn apply(&mut self, event: &BookEvent, at: Instant) -> bool {
        if event.kind == EventKind::Snapshot {
            self.book.apply_event(event);
            self.invalid = None;
            self.snapshot_at = Some(at);
            self.snapshots += 1;
        } else if self.invalid.is_some() {
            return false;
        } else {
            self.book.apply_event(event);
        }
        self.updated_at = Some(at);
        if let Err(e) = self.book.check_invariants() {
            tracing::warn!(product = %event.product, error = %e, "level2 book invalid; waiting for a snapshot");
            self.invalid = Some(Invalid::Crossed);
            return true;
        }
        false
    }

    /// The best bid and ask of a valid book.
    pub fn top(&self) -> Option<(Decimal, Decimal)> {
        if self.invalid.is_some() {
            return None;
        }
        Some((self.book.best_bid()?.0, self.book.best_ask()?.0))
    }

    /// The mid price of a valid book.
    pub fn mid(&self) -> Option<Decimal> {
        let (bid, ask) = self.top()?;
        bid.checked_add(ask)?.checked_div(Decimal::TWO)
    }

    /// Up to `n` levels per side aggregated by `tick`: (asks best first, bids best first).
    pub fn ladder(&self, tick: Decimal, n: usize) -> (Levels, Levels) {
        if self.invalid.is_some() {
            return (Vec::new(), Vec::new());
        }
        let asks = self.book.aggregated(BookSide::Ask, tick, n);
        let bids = self.book.aggregated(BookSide::Bid, tick, n);
        (asks, bids)
    }
}
