//! The model's fixed numbers: default watchlist size, reference ages, resync spacing, book
//! aggregation steps and chart granularities.

use std::time::Duration;

use crate::domain::Granularity;

/// Products watched when none are given.
pub const DEFAULT_WATCH: usize = 4;
/// A last trade younger than this can serve as the reference price (R-RISK1).
pub const TRADE_REFERENCE_AGE: Duration = Duration::from_secs(5);
/// At most one level2 resync per product in this interval, and at most one market feed
/// restart in it when a resync brings no snapshot (R-BK3, R-WS6).
pub const RESYNC_EVERY: Duration = Duration::from_secs(5);
/// Book aggregation steps, as multiples of the product's price increment.
pub const TICK_STEPS: [u32; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];
/// Chart granularities the user can switch between: those of Coinbase's chart (its candles
/// endpoint also has four hours).
pub const CHART_GRANULARITIES: [Granularity; 8] = [
    Granularity::OneMinute,
    Granularity::FiveMinute,
    Granularity::FifteenMinute,
    Granularity::ThirtyMinute,
    Granularity::OneHour,
    Granularity::TwoHour,
    Granularity::SixHour,
    Granularity::OneDay,
];
