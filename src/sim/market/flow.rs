//! The synthetic order flow: the fair-price walk, the maker's quotes and the takers.

use chrono::{DateTime, Utc};
use rand::Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::history::{normal, to_tick};
use super::{MAKER, Market, ProductState, TAKER};
use crate::domain::validate::nearest_valid;
use crate::domain::{LimitGtc, LimitIoc, MarketIoc, OrderConfig, Side};
use crate::sim::engine::{Engine, NewOrder};

/// Maker levels refreshed at random per side and step.
const CHURN: usize = 2;

/// The maker's target prices: bids from the best down, asks from the best up, one gap apart,
/// around the fair price with a spread of one to two gaps.
fn targets(p: &ProductState) -> (Vec<Decimal>, Vec<Decimal>) {
    let gap = p.gap;
    let half = gap / Decimal::TWO;
    let best_bid = nearest_valid(p.fair - half, gap).0;
    let best_ask = nearest_valid(p.fair + half, gap).1;
    let levels = p.spec.levels as i64;
    let bids = (0..levels)
        .filter_map(|k| best_bid.checked_sub(gap.checked_mul(Decimal::from(k))?))
        .filter(|price| *price > Decimal::ZERO)
        .collect();
    let asks = (0..levels).filter_map(|k| best_ask.checked_add(gap.checked_mul(Decimal::from(k))?)).collect();
    (bids, asks)
}

impl Market {
    fn client_id(&mut self) -> String {
        self.next_client_id += 1;
        format!("mm-{:012}", self.next_client_id)
    }

    /// One step of the fair price's geometric random walk, kept within 1/50 and 50 times the
    /// start price.
    pub(super) fn walk(&mut self, i: usize) {
        let z = normal(&mut self.rng);
        let p = &mut self.products[i];
        let fair = p.fair.to_f64().unwrap_or(0.0) * (p.spec.volatility * z).exp();
        let start = p.spec.start_price;
        let tick = p.spec.rules.price_increment;
        let lo = nearest_valid(start / Decimal::from(50), tick).1;
        let hi = start.saturating_mul(Decimal::from(50));
        p.fair = to_tick(fair, tick).clamp(lo, hi);
    }

    /// Re-quotes product `i`: cancels levels out of range plus a few at random, then fills
    /// every missing target level.
    pub(super) fn requote(&mut self, i: usize, engine: &mut Engine, now: DateTime<Utc>) {
        let p = &mut self.products[i];
        for book in [&mut p.bids, &mut p.asks] {
            book.retain(|_, id| engine.order(id).is_some_and(|o| o.status.is_working()));
        }
        let (bids, asks) = targets(p);
        let stale_bids = p.bids.keys().filter(|k| !in_range(**k, bids.last(), bids.first()));
        let mut stale: Vec<(Side, Decimal)> = stale_bids.map(|k| (Side::Buy, *k)).collect();
        let stale_asks = p.asks.keys().filter(|k| !in_range(**k, asks.first(), asks.last()));
        stale.extend(stale_asks.map(|k| (Side::Sell, *k)));
        for side in [Side::Buy, Side::Sell] {
            for _ in 0..CHURN {
                let book = if side == Side::Buy { &p.bids } else { &p.asks };
                if !book.is_empty() {
                    let k = self.rng.gen_range(0..book.len());
                    stale.extend(book.keys().nth(k).map(|price| (side, *price)));
                }
            }
        }
        for (side, price) in stale {
            self.cancel_quote(i, engine, side, price, now);
        }
        for (side, prices) in [(Side::Buy, bids), (Side::Sell, asks)] {
            for price in prices {
                self.place_quote(i, engine, side, price, now);
            }
        }
    }

    fn cancel_quote(
        &mut self,
        i: usize,
        engine: &mut Engine,
        side: Side,
        price: Decimal,
        now: DateTime<Utc>,
    ) {
        let p = &mut self.products[i];
        let book = if side == Side::Buy { &mut p.bids } else { &mut p.asks };
        if let Some(id) = book.remove(&price) {
            let _ = engine.cancel(MAKER, &id, now);
        }
    }

    /// Places a maker order at `price` unless one is already there.
    fn place_quote(&mut self, i: usize, engine: &mut Engine, side: Side, price: Decimal, now: DateTime<Utc>) {
        let p = &self.products[i];
        let book = if side == Side::Buy { &p.bids } else { &p.asks };
        if book.contains_key(&price) {
            return;
        }
        let size = self.random_size(i, 300, 1_700);
        let config =
            OrderConfig::LimitGtc(LimitGtc { base_size: size, limit_price: price, post_only: false });
        let product_id = self.products[i].spec.rules.id.clone();
        let order = NewOrder { client_order_id: self.client_id(), product_id, side, config };
        let Ok(id) = engine.place(MAKER, order, now) else { return };
        if engine.order(&id).is_some_and(|o| o.status.is_working()) {
            let p = &mut self.products[i];
            let book = if side == Side::Buy { &mut p.bids } else { &mut p.asks };
            book.insert(price, id);
        }
    }

    /// A base size of `level_size × U(lo, hi)` (bounds in thousandths), rounded down to the
    /// lot and at least the minimum.
    fn random_size(&mut self, i: usize, lo: i64, hi: i64) -> Decimal {
        let factor = Decimal::new(self.rng.gen_range(lo..hi), 3);
        let spec = &self.products[i].spec;
        let raw = spec.level_size.checked_mul(factor).unwrap_or(spec.level_size);
        let lot = spec.rules.base_increment;
        nearest_valid(raw, lot).0.max(spec.rules.base_min_size)
    }

    /// Sends up to three taker orders for product `i`.
    pub(super) fn take(&mut self, i: usize, engine: &mut Engine, now: DateTime<Utc>) {
        let chance = (self.products[i].spec.takers_per_step / 3.0).clamp(0.0, 1.0);
        for _ in 0..3 {
            if !self.rng.gen_bool(chance) {
                continue;
            }
            let config_side = self.taker_order(i, engine);
            let Some((side, config)) = config_side else { continue };
            let product_id = self.products[i].spec.rules.id.clone();
            let order = NewOrder { client_order_id: self.client_id(), product_id, side, config };
            let _ = engine.place(TAKER, order, now);
        }
    }

    /// A random taker order: market by base (60 %), market buy by quote or IOC limit one gap
    /// through the touch.
    fn taker_order(&mut self, i: usize, engine: &Engine) -> Option<(Side, OrderConfig)> {
        let side = if self.rng.gen_bool(0.5) { Side::Buy } else { Side::Sell };
        let size = self.random_size(i, 50, 800);
        let roll: f64 = self.rng.gen_range(0.0..1.0);
        let p = &self.products[i];
        let market = |base_size, quote_size| OrderConfig::MarketIoc(MarketIoc { base_size, quote_size });
        if roll < 0.6 {
            return Some((side, market(Some(size), None)));
        }
        if roll < 0.75 && side == Side::Buy {
            let notional = size.checked_mul(p.fair)?;
            let quote = nearest_valid(notional, p.spec.rules.quote_increment).0;
            return Some((side, market(None, Some(quote.max(p.spec.rules.quote_min_size)))));
        }
        let touch = engine.book_levels(&p.spec.rules.id, side.opposite(), 1).first()?.0;
        let price = match side {
            Side::Buy => touch.checked_add(p.gap)?,
            Side::Sell => touch.checked_sub(p.gap).filter(|x| *x > Decimal::ZERO)?,
        };
        Some((side, OrderConfig::SorLimitIoc(LimitIoc { base_size: size, limit_price: price })))
    }
}

/// Whether `price` lies within `[lo, hi]` (false when the range is empty).
fn in_range(price: Decimal, lo: Option<&Decimal>, hi: Option<&Decimal>) -> bool {
    matches!((lo, hi), (Some(lo), Some(hi)) if *lo <= price && price <= *hi)
}
