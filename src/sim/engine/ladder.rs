//! One product's resting orders: price levels with FIFO queues (price-time priority).

use std::collections::{BTreeMap, VecDeque};

use rust_decimal::Decimal;

use crate::domain::Side;

/// Orders resting at one price, oldest first, with their aggregated size.
#[derive(Debug, Default, Clone)]
pub struct Level {
    /// Sum of the resting sizes.
    pub total: Decimal,
    /// Order ids in time priority.
    pub queue: VecDeque<String>,
}

/// Bids and asks of one product.
#[derive(Debug, Default, Clone)]
pub struct Ladder {
    bids: BTreeMap<Decimal, Level>,
    asks: BTreeMap<Decimal, Level>,
}

impl Ladder {
    fn side_mut(&mut self, side: Side) -> &mut BTreeMap<Decimal, Level> {
        match side {
            Side::Buy => &mut self.bids,
            Side::Sell => &mut self.asks,
        }
    }

    /// Appends an order at the back of its price level; returns the level's new total.
    pub fn push(&mut self, side: Side, price: Decimal, order_id: &str, size: Decimal) -> Decimal {
        let level = self.side_mut(side).entry(price).or_default();
        level.total = level.total.saturating_add(size);
        level.queue.push_back(order_id.to_string());
        level.total
    }

    /// Takes `size` off the level total and, when `gone`, the order out of the queue.
    /// Returns the level's new total (zero when the level disappeared).
    pub fn reduce(
        &mut self,
        side: Side,
        price: Decimal,
        order_id: &str,
        size: Decimal,
        gone: bool,
    ) -> Decimal {
        let book = self.side_mut(side);
        let Some(level) = book.get_mut(&price) else {
            return Decimal::ZERO;
        };
        level.total = level.total.saturating_sub(size);
        if gone {
            level.queue.retain(|id| id != order_id);
        }
        if level.queue.is_empty() || level.total <= Decimal::ZERO {
            book.remove(&price);
            return Decimal::ZERO;
        }
        level.total
    }

    /// Best price of a side: highest bid or lowest ask.
    pub fn best(&self, side: Side) -> Option<Decimal> {
        match side {
            Side::Buy => self.bids.keys().next_back().copied(),
            Side::Sell => self.asks.keys().next().copied(),
        }
    }

    /// Levels of one side in priority order: bids descending, asks ascending.
    pub fn iter(&self, side: Side) -> Box<dyn Iterator<Item = (&Decimal, &Level)> + '_> {
        match side {
            Side::Buy => Box::new(self.bids.iter().rev()),
            Side::Sell => Box::new(self.asks.iter()),
        }
    }

    /// Up to `depth` aggregated `(price, size)` levels in priority order.
    pub fn levels(&self, side: Side, depth: usize) -> Vec<(Decimal, Decimal)> {
        self.iter(side).take(depth).map(|(p, l)| (*p, l.total)).collect()
    }
}
