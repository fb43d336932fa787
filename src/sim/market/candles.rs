//! Candles: OHLCV buckets aligned to their granularity, built from live trades and merged with
//! the synthetic history.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::Market;
use super::history::History;
use crate::domain::ProductId;

/// Live one-second buckets are kept this long.
const KEEP_SECONDS: i64 = 3600;
/// Live one-minute buckets are kept this long.
const KEEP_MINUTES: i64 = 30 * 86_400;

/// One candle. `start` is UNIX seconds, a multiple of the granularity; volume is in base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candle {
    /// Bucket start, UNIX seconds.
    pub start: i64,
    /// Lowest price.
    pub low: Decimal,
    /// Highest price.
    pub high: Decimal,
    /// First price.
    pub open: Decimal,
    /// Last price.
    pub close: Decimal,
    /// Base volume.
    pub volume: Decimal,
}

impl Candle {
    /// A candle holding one trade.
    pub fn from_trade(start: i64, price: Decimal, size: Decimal) -> Self {
        Self { start, low: price, high: price, open: price, close: price, volume: size }
    }

    /// Adds a later trade.
    pub fn add_trade(&mut self, price: Decimal, size: Decimal) {
        self.low = self.low.min(price);
        self.high = self.high.max(price);
        self.close = price;
        self.volume = self.volume.saturating_add(size);
    }

    /// Folds in a candle that comes after this one.
    pub fn merge_later(&mut self, later: &Candle) {
        self.low = self.low.min(later.low);
        self.high = self.high.max(later.high);
        self.close = later.close;
        self.volume = self.volume.saturating_add(later.volume);
    }
}

/// Start of the bucket of `granularity` seconds holding `ts`.
pub fn bucket_start(ts: i64, granularity: i64) -> i64 {
    ts - ts.rem_euclid(granularity.max(1))
}

/// Folds `candles` (oldest first) into buckets of `granularity` seconds.
pub fn regroup<'a>(candles: impl Iterator<Item = &'a Candle>, granularity: i64) -> BTreeMap<i64, Candle> {
    let mut out: BTreeMap<i64, Candle> = BTreeMap::new();
    for c in candles {
        let start = bucket_start(c.start, granularity);
        out.entry(start).and_modify(|b| b.merge_later(c)).or_insert(Candle { start, ..*c });
    }
    out
}

/// Candles of every granularity from live trades, merged with the market's history.
#[derive(Debug, Clone)]
pub struct CandleBook {
    history: Option<History>,
    seconds: HashMap<ProductId, BTreeMap<i64, Candle>>,
    minutes: HashMap<ProductId, BTreeMap<i64, Candle>>,
}

impl CandleBook {
    /// A book whose history comes from `market` and ends at `start` (the bootstrap time).
    pub fn new(market: &Market, start: DateTime<Utc>) -> Self {
        Self { history: Some(market.history_source(start)), seconds: HashMap::new(), minutes: HashMap::new() }
    }

    /// A book with live candles only.
    pub fn without_history() -> Self {
        Self { history: None, seconds: HashMap::new(), minutes: HashMap::new() }
    }

    /// Records one trade.
    pub fn record(&mut self, product: &ProductId, price: Decimal, size: Decimal, time: DateTime<Utc>) {
        let ts = time.timestamp();
        for (map, granularity, keep) in
            [(&mut self.seconds, 1, KEEP_SECONDS), (&mut self.minutes, 60, KEEP_MINUTES)]
        {
            let buckets = map.entry(product.clone()).or_default();
            let start = bucket_start(ts, granularity);
            buckets
                .entry(start)
                .and_modify(|c| c.add_trade(price, size))
                .or_insert_with(|| Candle::from_trade(start, price, size));
            while buckets.first_key_value().is_some_and(|(k, _)| *k < ts - keep) {
                buckets.pop_first();
            }
        }
    }

    /// Up to `count` candles of `granularity_secs` starting at or before `end`, oldest first:
    /// history, then live trades (the candle holding the start has both). Granularities that
    /// are not a multiple of 60 s use live data of the last hour only.
    pub fn candles(
        &self,
        product: &ProductId,
        granularity_secs: i64,
        end: DateTime<Utc>,
        count: usize,
    ) -> Vec<Candle> {
        if granularity_secs <= 0 || count == 0 {
            return Vec::new();
        }
        let base = if granularity_secs % 60 == 0 { &self.minutes } else { &self.seconds };
        let last = bucket_start(end.timestamp(), granularity_secs);
        let live = base.get(product).map(|b| b.range(..last + granularity_secs));
        let live = regroup(live.into_iter().flatten().map(|(_, c)| c), granularity_secs);
        let history = self.history.as_ref().map(|h| h.candles(product, granularity_secs, end, count));
        let mut merged: BTreeMap<i64, Candle> =
            history.unwrap_or_default().into_iter().map(|c| (c.start, c)).collect();
        for (start, c) in live {
            merged.entry(start).and_modify(|h| h.merge_later(&c)).or_insert(c);
        }
        let skip = merged.len().saturating_sub(count);
        merged.into_values().skip(skip).collect()
    }

    /// Candles whose start lies in `[start, end]`, oldest first.
    pub fn range(
        &self,
        product: &ProductId,
        granularity_secs: i64,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Vec<Candle> {
        let span = (end.timestamp() - start.timestamp()).max(0) / granularity_secs.max(1) + 1;
        let count = usize::try_from(span).unwrap_or(usize::MAX).min(100_000);
        let first = bucket_start(start.timestamp(), granularity_secs);
        let mut out = self.candles(product, granularity_secs, end, count);
        out.retain(|c| c.start >= first);
        out
    }
}
