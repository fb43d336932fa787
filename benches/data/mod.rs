//! Deterministic bench data: level2 messages as Coinbase sends them and books of any depth.
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

/// Centre of the generated BTC-USD market, in cents.
pub const MID_CENTS: i64 = 6_000_000;

/// A seeded generator of level2 traffic around [`MID_CENTS`].
pub struct L2Gen {
    rng: ChaCha8Rng,
    sequence: u64,
}

impl L2Gen {
    /// A generator with a fixed seed.
    pub fn new(seed: u64) -> Self {
        Self { rng: ChaCha8Rng::seed_from_u64(seed), sequence: 0 }
    }

    /// A price `ticks` cents away from the mid on `side`'s side of the book.
    fn price(side: &str, ticks: i64) -> Decimal {
        let cents = if side == "bid" { MID_CENTS - 1 - ticks } else { MID_CENTS + 1 + ticks };
        Decimal::new(cents, 2)
    }

    fn update(&mut self, max_ticks: i64) -> String {
        let side = if self.rng.gen_bool(0.5) { "bid" } else { "offer" };
        let price = Self::price(side, self.rng.gen_range(0..max_ticks));
        let size = if self.rng.gen_bool(0.2) {
            Decimal::ZERO
        } else {
            Decimal::new(self.rng.gen_range(1..5_000_000), 8)
        };
        let micros = self.rng.gen_range(0..1_000_000);
        format!(
            r#"{{"side":"{side}","event_time":"2026-12-04T08:30:12.{micros:06}Z","price_level":"{price}","new_quantity":"{size}"}}"#
        )
    }

    /// One `l2_data` update message of `n` level changes within `max_ticks` of the mid.
    pub fn update_message(&mut self, product: &str, n: usize, max_ticks: i64) -> String {
        let updates: Vec<String> = (0..n).map(|_| self.update(max_ticks)).collect();
        self.envelope(product, "update", &updates.join(","))
    }

    /// One `l2_data` snapshot of `depth` levels a side, one cent apart.
    pub fn snapshot_message(&mut self, product: &str, depth: i64) -> String {
        let levels: Vec<String> = (0..depth)
            .flat_map(|t| ["bid", "offer"].map(|side| (side, t)))
            .map(|(side, t)| {
                let size = Decimal::new(self.rng.gen_range(1..5_000_000), 8);
                let price = Self::price(side, t);
                format!(r#"{{"side":"{side}","event_time":"1970-01-01T00:00:00Z","price_level":"{price}","new_quantity":"{size}"}}"#)
            })
            .collect();
        self.envelope(product, "snapshot", &levels.join(","))
    }

    fn envelope(&mut self, product: &str, kind: &str, updates: &str) -> String {
        self.sequence += 1;
        format!(
            r#"{{"channel":"l2_data","client_id":"","timestamp":"2026-12-04T08:30:12.834211Z","sequence_num":{},"events":[{{"type":"{kind}","product_id":"{product}","updates":[{updates}]}}]}}"#,
            self.sequence
        )
    }
}
