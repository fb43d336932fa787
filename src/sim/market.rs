//! Seeded synthetic market flow for the simulator.
//!
//! Each product has a fair price that random-walks every step. A market maker (`mm-maker`)
//! keeps a grid of at least 50 price levels a side around it, re-quoting the levels that moved
//! out of range and refreshing a few at random each step; a taker (`mm-taker`) sends a few
//! market and IOC orders so trades print. Everything is drawn from one `ChaCha8Rng`, so the same
//! seed and the same sequence of `now` values give identical engine events.
//!
//! [`Market::history`] is synthetic candle history ending at the start (a backward random
//! walk per product and granularity, deterministic from the seed),
//! [`CandleBook`] merges it with live trades, and [`Market::stats`] keeps the 24-hour ticker
//! statistics from history plus the trades the engine reports.

mod candles;
mod flow;
mod history;
mod stats;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub use candles::{Candle, CandleBook, bucket_start};
pub use stats::Stats;

use super::engine::Engine;
use crate::domain::{ProductId, ProductRules};
use history::{History, HistorySpec, NOMINAL_STEP_SECS};
use stats::Rolling;

/// The market maker's user.
pub const MAKER: &str = "mm-maker";
/// The synthetic taker's user.
pub const TAKER: &str = "mm-taker";
/// Units of every currency funded to the synthetic users.
const FUNDING: i64 = 1_000_000_000_000;
/// Terminal orders and fills kept for each synthetic user: nobody reads them.
const SYNTHETIC_HISTORY: usize = 100;
/// Minutes of history seeding the 24-hour statistics.
const DAY_MINUTES: usize = 1_440;

/// How one product's synthetic market behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketSpec {
    /// Product rules (also the engine's configuration).
    pub rules: ProductRules,
    /// Fair price at the start.
    pub start_price: Decimal,
    /// Standard deviation of the fair price's log return per step.
    pub volatility: f64,
    /// Typical base size of one maker level.
    pub level_size: Decimal,
    /// Maker levels per side (at least 50).
    pub levels: usize,
    /// Expected taker orders per step (at most 3).
    pub takers_per_step: f64,
}

/// `Decimal` from an integer mantissa and a scale.
fn dec(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

fn rules(id: &str, tick: Decimal, lot: Decimal, min: Decimal, max: Decimal, quote_max: i64) -> ProductRules {
    ProductRules {
        id: ProductId(id.to_string()),
        price_increment: tick,
        base_increment: lot,
        quote_increment: tick,
        base_min_size: min,
        base_max_size: max,
        quote_min_size: Decimal::ONE,
        quote_max_size: dec(quote_max, 0),
        trading_disabled: false,
        cancel_only: false,
        limit_only: false,
        post_only: false,
    }
}

fn spec(rules: ProductRules, start: Decimal, volatility: f64, level_size: Decimal) -> MarketSpec {
    MarketSpec { rules, start_price: start, volatility, level_size, levels: 60, takers_per_step: 1.5 }
}

/// BTC-USD, ETH-USD, SOL-USD and DOGE-USD with Coinbase-like increments and limits.
pub fn default_specs() -> Vec<MarketSpec> {
    let (cent, sat) = (dec(1, 2), dec(1, 8));
    vec![
        spec(rules("BTC-USD", cent, sat, sat, dec(3_400, 0), 150_000_000), dec(68_000, 0), 6e-5, dec(25, 2)),
        spec(rules("ETH-USD", cent, sat, sat, dec(42_000, 0), 100_000_000), dec(2_600, 0), 8e-5, dec(3, 0)),
        spec(rules("SOL-USD", cent, sat, sat, dec(500_000, 0), 25_000_000), dec(150, 0), 1e-4, dec(40, 0)),
        spec(
            rules("DOGE-USD", dec(1, 5), dec(1, 1), Decimal::ONE, dec(30_000_000, 0), 10_000_000),
            dec(15, 2),
            1.2e-4,
            dec(25_000, 0),
        ),
    ]
}

/// The four demo products and six more (ADA, XRP, LTC, AVAX, LINK and DOT against USD), for
/// load runs across ten products.
pub fn wide_specs() -> Vec<MarketSpec> {
    let sat = dec(1, 8);
    let extra = [
        ("ADA-USD", dec(1, 4), dec(45, 2), dec(2_000, 0)),
        ("XRP-USD", dec(1, 4), dec(55, 2), dec(2_000, 0)),
        ("LTC-USD", dec(1, 2), dec(72, 0), dec(20, 0)),
        ("AVAX-USD", dec(1, 2), dec(28, 0), dec(50, 0)),
        ("LINK-USD", dec(1, 3), dec(14, 0), dec(100, 0)),
        ("DOT-USD", dec(1, 3), dec(6, 0), dec(200, 0)),
    ];
    let mut specs = default_specs();
    for (id, tick, start, level) in extra {
        specs.push(spec(rules(id, tick, sat, sat, dec(10_000_000, 0), 10_000_000), start, 1e-4, level));
    }
    specs
}

/// One product's live state.
#[derive(Debug, Clone)]
struct ProductState {
    spec: MarketSpec,
    fair: Decimal,
    /// Distance between maker levels, fixed at the start (a multiple of the tick).
    gap: Decimal,
    bids: BTreeMap<Decimal, String>,
    asks: BTreeMap<Decimal, String>,
    rolling: Rolling,
}

/// The synthetic market of every product.
#[derive(Debug, Clone)]
pub struct Market {
    seed: u64,
    rng: ChaCha8Rng,
    products: Vec<ProductState>,
    history: Option<History>,
    next_client_id: u64,
    trade_seq: u64,
}

/// Level spacing: about half a basis point of the start price, at least one tick.
fn level_gap(spec: &MarketSpec) -> Decimal {
    let tick = spec.rules.price_increment;
    let raw = spec.start_price.checked_mul(dec(5, 5)).unwrap_or(tick);
    let mut gap = crate::domain::validate::nearest_valid(raw, tick).1.max(tick);
    gap.rescale(tick.scale());
    gap
}

impl Market {
    /// A market over `specs`; nothing is quoted until [`Market::bootstrap`].
    pub fn new(seed: u64, specs: Vec<MarketSpec>) -> Self {
        let products = specs
            .into_iter()
            .map(|spec| ProductState {
                fair: spec.start_price,
                gap: level_gap(&spec),
                spec,
                bids: BTreeMap::new(),
                asks: BTreeMap::new(),
                rolling: Rolling::default(),
            })
            .collect();
        Self {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            products,
            history: None,
            next_client_id: 0,
            trade_seq: 0,
        }
    }

    /// The specs, in order.
    pub fn specs(&self) -> impl Iterator<Item = &MarketSpec> {
        self.products.iter().map(|p| &p.spec)
    }

    /// The current fair price of a product.
    pub fn fair_price(&self, product: &ProductId) -> Option<Decimal> {
        self.products.iter().find(|p| &p.spec.rules.id == product).map(|p| p.fair)
    }

    /// Funds the synthetic users, seeds the statistics from history and quotes every product.
    pub fn bootstrap(&mut self, engine: &mut Engine, now: DateTime<Utc>) {
        let history = self.history_source(now);
        for i in 0..self.products.len() {
            let id = self.products[i].spec.rules.id.clone();
            for currency in [id.base(), id.quote()] {
                engine.fund(MAKER, currency, dec(FUNDING, 0));
                engine.fund(TAKER, currency, dec(FUNDING, 0));
                engine.limit_history(MAKER, SYNTHETIC_HISTORY);
                engine.limit_history(TAKER, SYNTHETIC_HISTORY);
            }
            let minutes = history.candles(&id, 60, now, DAY_MINUTES);
            self.products[i].rolling = Rolling::seeded(minutes, now.timestamp());
        }
        self.history = Some(history);
        for i in 0..self.products.len() {
            self.requote(i, engine, now);
        }
        self.ingest_trades(engine, now);
    }

    /// Advances one tick: the fair prices move, takers trade, makers re-quote.
    pub fn step(&mut self, engine: &mut Engine, now: DateTime<Utc>) {
        for i in 0..self.products.len() {
            self.walk(i);
            self.take(i, engine, now);
            self.requote(i, engine, now);
        }
        self.ingest_trades(engine, now);
    }

    /// Up to `count` synthetic history candles of `granularity_secs` starting at or before
    /// `end`, oldest first; the newest closes at the start price. Empty before bootstrap.
    pub fn history(
        &self,
        product: &ProductId,
        granularity_secs: i64,
        end: DateTime<Utc>,
        count: usize,
    ) -> Vec<Candle> {
        let history = self.history.as_ref();
        history.map(|h| h.candles(product, granularity_secs, end, count)).unwrap_or_default()
    }

    /// 24-hour statistics from history and the trades seen so far; `None` for an unknown
    /// product or before bootstrap.
    pub fn stats(&self, product: &ProductId) -> Option<Stats> {
        self.products.iter().find(|p| &p.spec.rules.id == product)?.rolling.stats()
    }

    /// The history generator for a market that starts at `start`.
    fn history_source(&self, start: DateTime<Utc>) -> History {
        let specs = self.products.iter().map(|p| {
            let s = &p.spec;
            let level = s.level_size.to_f64().unwrap_or(0.0);
            HistorySpec {
                id: s.rules.id.clone(),
                start_price: s.start_price,
                tick: s.rules.price_increment,
                lot: s.rules.base_increment,
                volatility: s.volatility,
                volume_per_sec: level * s.takers_per_step * 0.4 / NOMINAL_STEP_SECS,
            }
        });
        History::new(self.seed, start, specs.collect())
    }

    /// Feeds the engine's new trades into the 24-hour statistics.
    fn ingest_trades(&mut self, engine: &Engine, now: DateTime<Utc>) {
        for t in engine.trades_after(self.trade_seq) {
            self.trade_seq = t.seq;
            if let Some(p) = self.products.iter_mut().find(|p| p.spec.rules.id == t.product_id) {
                p.rolling.record(t.price, t.size, t.time.timestamp());
            }
        }
        for p in &mut self.products {
            p.rolling.advance(now.timestamp());
        }
    }
}

#[cfg(test)]
mod tests;
