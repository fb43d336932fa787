//! Rolling 24-hour statistics per product, for the ticker.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::candles::{Candle, bucket_start};

const DAY: i64 = 86_400;

/// 24-hour statistics of one product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Price 24 hours ago (open of the oldest minute in the window).
    pub open_24h: Decimal,
    /// Highest price in the window.
    pub high_24h: Decimal,
    /// Lowest price in the window.
    pub low_24h: Decimal,
    /// Base volume in the window.
    pub volume_24h: Decimal,
    /// Last price.
    pub last: Decimal,
}

/// One-minute candles of the last day, seeded from history and fed with live trades.
#[derive(Debug, Clone, Default)]
pub struct Rolling {
    minutes: BTreeMap<i64, Candle>,
    latest: i64,
}

impl Rolling {
    /// Starts from one-minute history candles (oldest first) ending at `now`.
    pub fn seeded(history: Vec<Candle>, now: i64) -> Self {
        let minutes = history.into_iter().map(|c| (c.start, c)).collect();
        Self { minutes, latest: now }
    }

    /// Records a trade at UNIX second `ts`.
    pub fn record(&mut self, price: Decimal, size: Decimal, ts: i64) {
        let start = bucket_start(ts, 60);
        self.minutes
            .entry(start)
            .and_modify(|c| c.add_trade(price, size))
            .or_insert_with(|| Candle::from_trade(start, price, size));
        self.advance(ts);
    }

    /// Moves the window's end to `ts` (never backwards) and drops minutes older than a day.
    pub fn advance(&mut self, ts: i64) {
        self.latest = self.latest.max(ts);
        let first = bucket_start(self.latest - DAY, 60);
        while self.minutes.first_key_value().is_some_and(|(k, _)| *k < first) {
            self.minutes.pop_first();
        }
    }

    /// Statistics of the window; `None` before any candle.
    pub fn stats(&self) -> Option<Stats> {
        let first = self.minutes.values().next()?;
        let last = self.minutes.values().next_back()?;
        let mut stats = Stats {
            open_24h: first.open,
            high_24h: first.high,
            low_24h: first.low,
            volume_24h: Decimal::ZERO,
            last: last.close,
        };
        for c in self.minutes.values() {
            stats.high_24h = stats.high_24h.max(c.high);
            stats.low_24h = stats.low_24h.min(c.low);
            stats.volume_24h = stats.volume_24h.saturating_add(c.volume);
        }
        Some(stats)
    }
}
