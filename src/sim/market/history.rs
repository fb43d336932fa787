//! Synthetic candle history before the simulator started, deterministic from the seed.
//!
//! For each product and granularity a random walk runs backwards from the start price, so the
//! newest history candle closes at the price the live market opens with. The walk's volatility
//! math is `f64` (synthetic flow, not user money); every price is converted to `Decimal` and
//! rounded to the tick with an explicit strategy.

use chrono::{DateTime, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::candles::{Candle, bucket_start};
use crate::domain::ProductId;

/// Nominal seconds per market step, to scale per-step volatility to a candle.
pub const NOMINAL_STEP_SECS: f64 = 0.25;
/// The most candles one history request generates.
const MAX_GENERATED: usize = 200_000;

/// What the generator needs to know about one product.
#[derive(Debug, Clone)]
pub struct HistorySpec {
    /// The product.
    pub id: ProductId,
    /// Close of the newest history candle.
    pub start_price: Decimal,
    /// Price increment.
    pub tick: Decimal,
    /// Base increment (volumes are rounded down to it).
    pub lot: Decimal,
    /// Volatility per nominal step.
    pub volatility: f64,
    /// Average base volume per second.
    pub volume_per_sec: f64,
}

/// The history generator of a market.
#[derive(Debug, Clone)]
pub struct History {
    seed: u64,
    start: DateTime<Utc>,
    products: Vec<HistorySpec>,
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - rng.r#gen::<f64>();
    let u2 = rng.r#gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// `value` converted to `Decimal` and rounded to a multiple of `tick` (half to even), at least
/// one tick.
pub fn to_tick(value: f64, tick: Decimal) -> Decimal {
    let Ok(raw) = Decimal::try_from(value) else { return tick };
    let Some(units) = raw.checked_div(tick) else { return tick };
    let units = units.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
    units.checked_mul(tick).filter(|p| *p >= tick).unwrap_or(tick)
}

/// `value` converted to `Decimal` and rounded down to a multiple of `lot`.
pub fn to_lot(value: f64, lot: Decimal) -> Decimal {
    let Ok(raw) = Decimal::try_from(value.max(0.0)) else { return Decimal::ZERO };
    let Some(units) = raw.checked_div(lot) else { return Decimal::ZERO };
    let units = units.round_dp_with_strategy(0, RoundingStrategy::ToZero);
    units.checked_mul(lot).unwrap_or(Decimal::ZERO)
}

impl History {
    /// A generator for `products` whose history ends at `start`.
    pub fn new(seed: u64, start: DateTime<Utc>, products: Vec<HistorySpec>) -> Self {
        Self { seed, start, products }
    }

    /// Up to `count` candles of `granularity_secs` starting at or before `end` (and no later
    /// than the candle holding the start), oldest first.
    pub fn candles(
        &self,
        product: &ProductId,
        granularity_secs: i64,
        end: DateTime<Utc>,
        count: usize,
    ) -> Vec<Candle> {
        let Some((index, spec)) = self.products.iter().enumerate().find(|(_, s)| &s.id == product) else {
            return Vec::new();
        };
        if granularity_secs <= 0 || count == 0 {
            return Vec::new();
        }
        let newest = bucket_start(self.start.timestamp(), granularity_secs);
        let last = bucket_start(end.timestamp(), granularity_secs).min(newest);
        let skip = usize::try_from((newest - last) / granularity_secs).unwrap_or(usize::MAX);
        let total = skip.saturating_add(count).min(MAX_GENERATED);
        let mut walk = Walk::new(self.seed, index, granularity_secs, spec);
        let mut out: Vec<Candle> =
            (0..total).map(|k| walk.next_candle(newest - granularity_secs * k as i64)).skip(skip).collect();
        out.reverse();
        out
    }
}

/// The backward random walk of one product at one granularity.
struct Walk<'a> {
    rng: ChaCha8Rng,
    sigma: f64,
    close: f64,
    volume_mean: f64,
    spec: &'a HistorySpec,
}

impl<'a> Walk<'a> {
    fn new(seed: u64, index: usize, granularity: i64, spec: &'a HistorySpec) -> Self {
        let mix = seed
            ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (granularity as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        let steps = granularity as f64 / NOMINAL_STEP_SECS;
        Self {
            rng: ChaCha8Rng::seed_from_u64(mix),
            sigma: (spec.volatility * steps.sqrt()).min(0.25),
            close: spec.start_price.to_f64().unwrap_or(1.0),
            volume_mean: spec.volume_per_sec * granularity as f64,
            spec,
        }
    }

    /// The candle starting at `start`; the walk then moves to the one before it.
    fn next_candle(&mut self, start: i64) -> Candle {
        let floor = self.spec.tick.to_f64().unwrap_or(0.0) * 10.0;
        let open = (self.close * (-self.sigma * normal(&mut self.rng)).exp()).max(floor);
        let wick_up = 1.0 + normal(&mut self.rng).abs() * self.sigma / 2.0;
        let wick_down = (1.0 - normal(&mut self.rng).abs() * self.sigma / 2.0).max(0.5);
        let volume = self.volume_mean * self.rng.gen_range(0.5..1.5);
        let tick = self.spec.tick;
        let candle = Candle {
            start,
            low: to_tick(open.min(self.close) * wick_down, tick),
            high: to_tick(open.max(self.close) * wick_up, tick),
            open: to_tick(open, tick),
            close: to_tick(self.close, tick),
            volume: to_lot(volume, self.spec.lot),
        };
        self.close = open;
        candle
    }
}
