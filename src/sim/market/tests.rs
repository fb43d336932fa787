//! Market tests: determinism, book depth and sanity, candles, history and statistics.

use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::Side;
use crate::sim::engine::{EngineConfig, EngineEvent};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 9, 30, 0).single().expect("valid time")
}

fn tick_time(step: i64) -> DateTime<Utc> {
    t0() + Duration::milliseconds(250 * step)
}

fn setup(seed: u64) -> (Market, Engine) {
    let specs = default_specs();
    let products = specs.iter().map(|s| s.rules.clone()).collect();
    let mut engine = Engine::new(EngineConfig { products, maker_fee: dec(4, 3), taker_fee: dec(6, 3) });
    let mut market = Market::new(seed, specs);
    market.bootstrap(&mut engine, t0());
    (market, engine)
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

fn on_grid(value: Decimal, increment: Decimal) -> bool {
    value > Decimal::ZERO && crate::domain::validate::nearest_valid(value, increment).0 == value
}

/// Depth, crossing and tick checks on every product's book.
fn check_books(market: &Market, engine: &Engine, step: i64) {
    for spec in market.specs() {
        let id = &spec.rules.id;
        let bids = engine.book_levels(id, Side::Buy, usize::MAX);
        let asks = engine.book_levels(id, Side::Sell, usize::MAX);
        assert!(
            bids.len() >= 50 && asks.len() >= 50,
            "{id} step {step}: {} bids, {} asks",
            bids.len(),
            asks.len()
        );
        assert!(bids[0].0 < asks[0].0, "{id} crossed at step {step}");
        for (price, size) in bids.iter().chain(&asks) {
            assert!(on_grid(*price, spec.rules.price_increment), "{id} price {price} off tick");
            assert!(*size > Decimal::ZERO);
        }
    }
}

#[test]
fn default_specs_cover_the_main_products() {
    let specs = default_specs();
    let ids: Vec<&str> = specs.iter().map(|s| s.rules.id.as_str()).collect();
    assert_eq!(ids, ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"]);
    for s in &specs {
        assert!(s.levels >= 50);
        assert!(on_grid(s.start_price, s.rules.price_increment), "{}", s.rules.id);
    }
    assert_eq!(specs[3].rules.price_increment, d("0.00001"));
    assert_eq!(specs[3].rules.base_increment, d("0.1"));
}

#[test]
fn same_seed_same_events_and_books_stay_sane() {
    let (mut a, mut engine_a) = setup(11);
    let (mut b, mut engine_b) = setup(11);
    assert_eq!(engine_a.drain_events(), engine_b.drain_events());
    check_books(&a, &engine_a, 0);
    let mut trades = 0;
    for step in 1..=1_000 {
        a.step(&mut engine_a, tick_time(step));
        b.step(&mut engine_b, tick_time(step));
        let events = engine_a.drain_events();
        assert_eq!(events, engine_b.drain_events(), "step {step}");
        for ev in &events {
            if let EngineEvent::Trade { product_id, price, size, .. } = ev {
                trades += 1;
                let rules = engine_a.product(product_id).expect("known product");
                assert!(on_grid(*price, rules.price_increment), "trade at {price}");
                assert!(on_grid(*size, rules.base_increment), "trade of {size}");
            }
        }
        check_books(&a, &engine_a, step);
    }
    assert!(trades > 1_000, "only {trades} trades in 1,000 steps");
}

#[test]
fn different_seeds_differ() {
    let (mut a, mut engine_a) = setup(1);
    let (mut b, mut engine_b) = setup(2);
    for step in 1..=20 {
        a.step(&mut engine_a, tick_time(step));
        b.step(&mut engine_b, tick_time(step));
    }
    assert_ne!(engine_a.drain_events(), engine_b.drain_events());
}

#[test]
fn candles_aggregate_trades() {
    let mut book = CandleBook::without_history();
    let btc = ProductId("BTC-USD".into());
    let at = |s: i64| t0() + Duration::seconds(s);
    let base = bucket_start(t0().timestamp(), 300);
    book.record(&btc, d("100"), d("1"), at(0));
    book.record(&btc, d("105"), d("0.5"), at(10));
    book.record(&btc, d("98"), d("2"), at(70));
    book.record(&btc, d("101"), d("1"), at(400));
    let minutes = book.candles(&btc, 60, at(400), 10);
    assert_eq!(minutes.len(), 3);
    assert_eq!(
        minutes[0],
        Candle {
            start: base,
            low: d("100"),
            high: d("105"),
            open: d("100"),
            close: d("105"),
            volume: d("1.5")
        }
    );
    let five = book.candles(&btc, 300, at(400), 10);
    assert_eq!(five.len(), 2);
    assert_eq!(
        (five[0].start, five[0].open, five[0].high, five[0].low, five[0].close),
        (base, d("100"), d("105"), d("98"), d("98"))
    );
    assert_eq!(five[0].volume, d("3.5"));
    assert_eq!((five[1].start, five[1].volume), (base + 300, d("1")));
    assert_eq!(book.candles(&btc, 300, at(100), 10).len(), 1, "nothing after end");
    assert_eq!(book.candles(&btc, 15, at(400), 10).len(), 3, "sub-minute granularity");
    assert_eq!(book.range(&btc, 60, at(60), at(400)).len(), 2);
}

#[test]
fn history_is_deterministic_aligned_and_ends_at_the_start_price() {
    let (market, _) = setup(5);
    let btc = ProductId("BTC-USD".into());
    let h = market.history(&btc, 3_600, t0(), 300);
    assert_eq!(h.len(), 300);
    assert_eq!(h, setup(5).0.history(&btc, 3_600, t0(), 300));
    assert_ne!(h, setup(6).0.history(&btc, 3_600, t0(), 300));
    assert_eq!(h.last().map(|c| c.close), Some(d("68000")));
    for pair in h.windows(2) {
        assert_eq!(pair[1].start - pair[0].start, 3_600);
        assert_eq!(pair[0].close, pair[1].open, "continuous");
    }
    for c in &h {
        assert_eq!(c.start % 3_600, 0);
        assert!(c.low <= c.open.min(c.close) && c.high >= c.open.max(c.close) && c.low > Decimal::ZERO);
        assert!(on_grid(c.low, d("0.01")) && on_grid(c.high, d("0.01")));
    }
    let shorter = market.history(&btc, 3_600, t0(), 10);
    assert_eq!(shorter.as_slice(), &h[290..], "count does not change the path");
    let earlier = market.history(&btc, 3_600, t0() - Duration::hours(5), 10);
    assert_eq!(earlier.as_slice(), &h[285..295]);
}

#[test]
fn candle_book_merges_history_and_live_trades() {
    let (mut market, mut engine) = setup(9);
    let mut book = CandleBook::new(&market, t0());
    let btc = ProductId("BTC-USD".into());
    for step in 1..=240 {
        market.step(&mut engine, tick_time(step));
        for ev in engine.drain_events() {
            if let EngineEvent::Trade { product_id, price, size, time, .. } = ev {
                book.record(&product_id, price, size, time);
            }
        }
    }
    let end = tick_time(240);
    let candles = book.candles(&btc, 60, end, 100);
    assert_eq!(candles.len(), 100);
    let history = market.history(&btc, 60, end, 100);
    let live_start = bucket_start(t0().timestamp(), 60);
    let merged = candles.iter().find(|c| c.start == live_start).expect("start candle");
    let hist = history.iter().find(|c| c.start == live_start).expect("history candle");
    assert_eq!(merged.open, hist.open);
    assert!(merged.volume > hist.volume, "live volume added");
    assert_eq!(candles.last().map(|c| c.start), Some(bucket_start(end.timestamp(), 60)));
}

#[test]
fn stats_cover_history_and_live_trades() {
    let (mut market, mut engine) = setup(3);
    let btc = ProductId("BTC-USD".into());
    let before = market.stats(&btc).expect("seeded from history");
    assert_eq!(before.last, d("68000"));
    assert!(before.low_24h <= before.open_24h && before.open_24h <= before.high_24h);
    assert!(before.volume_24h > Decimal::ZERO);
    for step in 1..=100 {
        market.step(&mut engine, tick_time(step));
    }
    let after = market.stats(&btc).expect("stats");
    assert_eq!(Some(after.last), engine.last_trade(&btc).map(|t| t.0));
    assert!(after.high_24h >= after.last && after.low_24h <= after.last);
    assert!(market.stats(&ProductId("XRP-USD".into())).is_none());
}

#[test]
fn one_second_candles_are_kept_one_hour() {
    let mut book = CandleBook::without_history();
    let btc = ProductId::parse("BTC-USD").expect("product id");
    let start = t0();
    for s in (0..7_200).step_by(10) {
        book.record(&btc, Decimal::ONE, Decimal::ONE, start + Duration::seconds(s));
    }
    let end = start + Duration::seconds(7_190);
    let seconds = book.candles(&btc, 1, end, 10_000);
    assert_eq!(seconds.len(), 361, "one candle per 10 s over the last hour, both ends included");
    assert_eq!(seconds[0].start, (end - Duration::seconds(3_600)).timestamp());
    let minutes = book.candles(&btc, 60, end, 10_000);
    assert_eq!(minutes.len(), 120, "minute candles keep the whole two hours");
}
