//! Chart candles: loaded from REST, then extended by live trades and the candles channel.

use rust_decimal::Decimal;

use crate::domain::{Candle, Granularity};

/// Candles kept per product.
pub const MAX_BARS: usize = 300;

/// One OHLCV bar of the chart.
pub type Bar = Candle;

/// Bars of one granularity, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candles {
    /// Bucket size.
    pub granularity: Granularity,
    /// The bars, oldest first.
    pub bars: Vec<Bar>,
    /// Whether REST history has been loaded for this granularity.
    pub loaded: bool,
}

impl Default for Candles {
    fn default() -> Self {
        Self { granularity: Granularity::OneMinute, bars: Vec::new(), loaded: false }
    }
}

impl Candles {
    /// Replaces the bars with REST history (any order).
    pub fn load(&mut self, granularity: Granularity, candles: &[Candle]) {
        self.granularity = granularity;
        let mut bars: Vec<Bar> = candles.to_vec();
        bars.sort_by_key(|b| b.start);
        bars.dedup_by_key(|b| b.start);
        let keep = bars.len().saturating_sub(MAX_BARS);
        self.bars = bars.split_off(keep);
        self.loaded = true;
    }

    /// Forgets the bars when switching granularity.
    pub fn reset(&mut self, granularity: Granularity) {
        *self = Self { granularity, bars: Vec::new(), loaded: false };
    }

    /// Merges one live candle of the same granularity (the candles channel is 5-minute).
    pub fn apply_live(&mut self, granularity: Granularity, bar: Candle) {
        if granularity != self.granularity {
            return;
        }
        if let Some(existing) = self.bars.iter_mut().find(|b| b.start == bar.start) {
            *existing = bar;
        } else if self.bars.last().is_none_or(|l| l.start < bar.start) {
            self.push(bar);
        }
    }

    /// Extends the current bar (or opens the next one) with a trade at `time` (UNIX seconds).
    pub fn apply_trade(&mut self, time: i64, price: Decimal, size: Decimal) {
        if !self.loaded {
            return;
        }
        let g = self.granularity.seconds();
        let start = time.div_euclid(g) * g;
        match self.bars.last_mut() {
            Some(last) if last.start == start => {
                last.high = last.high.max(price);
                last.low = last.low.min(price);
                last.close = price;
                last.volume = last.volume.checked_add(size).unwrap_or(last.volume);
            }
            Some(last) if last.start > start => {}
            _ => self.push(Bar { start, open: price, high: price, low: price, close: price, volume: size }),
        }
    }

    fn push(&mut self, bar: Bar) {
        self.bars.push(bar);
        if self.bars.len() > MAX_BARS {
            self.bars.remove(0);
        }
    }
}
