//! Bounded memory on the dashboard side (issue 8, item 9): every history the model keeps has a
//! cap or a time window, and each is shown here by feeding it past its limit.
//! (The level2 book's per-side cap is tested in `src/book/tests.rs`.)

mod support;

use std::time::{Duration, Instant};

use cbterm::app::model::account::lifecycle::{Closed, Known, MAX_CLOSED};
use cbterm::app::model::account::{AccountState, MAX_FILLS};
use cbterm::app::model::candles::{Candles, MAX_BARS};
use cbterm::app::model::market::{Market, SPARK_LEN, TAPE_LEN};
use cbterm::domain::{Granularity, OrderStatus, Side, Ticker};
use rust_decimal::Decimal;
use support::*;

/// `n` trades one second apart from 2026-01-02T00:00:00Z, ids `t0`…
fn trades(n: usize) -> Vec<cbterm::domain::Trade> {
    (0..n)
        .map(|i| {
            let at = format!("2026-01-02T{:02}:{:02}:{:02}Z", i / 3600, (i / 60) % 60, i % 60);
            trade(&format!("t{i}"), "BTC-USD", Side::Buy, "100.00", "1", &at)
        })
        .collect()
}

#[test]
fn the_trade_tape_keeps_the_newest_tape_len_trades() {
    let mut m = Market::default();
    let all = trades(TAPE_LEN + 30);
    m.add_trades(&all, Instant::now());
    assert_eq!(m.trades.len(), TAPE_LEN);
    let ids: Vec<&str> = m.trades.iter().map(|t| t.id.as_str()).collect();
    let newest: Vec<String> = (30..TAPE_LEN + 30).rev().map(|i| format!("t{i}")).collect();
    assert_eq!(ids, newest, "newest first, the oldest 30 forgotten");
}

#[test]
fn the_sparkline_keeps_the_last_spark_len_prices() {
    let mut m = Market::default();
    for i in 0..SPARK_LEN + 10 {
        let ticker = Ticker {
            product: id("BTC-USD"),
            price: Some(Decimal::from(i)),
            volume_24h: None,
            change_pct_24h: None,
            best_bid: None,
            best_ask: None,
        };
        m.apply_ticker(&ticker, Instant::now());
    }
    let expected: Vec<Decimal> = (10..SPARK_LEN + 10).map(Decimal::from).collect();
    assert_eq!(m.spark.iter().copied().collect::<Vec<_>>(), expected);
}

#[test]
fn candles_keep_max_bars_from_history_and_from_live_trades() {
    let mut c = Candles::default();
    let history: Vec<_> =
        (0..MAX_BARS as i64 + 50).map(|i| candle(i * 60, "1", "1", "1", "1", "1")).collect();
    c.load(Granularity::OneMinute, &history);
    assert_eq!(c.bars.len(), MAX_BARS);
    assert_eq!(c.bars[0].start, 50 * 60, "the oldest 50 bars dropped");
    let end = (MAX_BARS as i64 + 50) * 60;
    for i in 0..20 {
        c.apply_trade(end + i * 60, dec("2"), dec("1"));
    }
    assert_eq!(c.bars.len(), MAX_BARS, "live bars push the oldest out");
    assert_eq!(c.bars.last().map(|b| b.start), Some(end + 19 * 60));
    assert_eq!(c.bars[0].start, 70 * 60);
}

#[test]
fn fills_keep_the_newest_max_fills() {
    let mut a = AccountState::default();
    let all: Vec<_> = (0..MAX_FILLS + 20)
        .map(|i| {
            fill(
                &format!("f{i:03}"),
                "BTC-USD",
                Side::Buy,
                &format!("2026-01-02T00:{:02}:{:02}Z", i / 60, i % 60),
                "1",
                "1",
                "0",
            )
        })
        .collect();
    a.set_fills(&all);
    assert_eq!(a.fills.len(), MAX_FILLS);
    assert_eq!(a.fills[0].trade_id, format!("f{:03}", MAX_FILLS + 19), "the newest first");
    assert!(a.fills.iter().all(|f| f.trade_id.as_str() >= "f020"), "the oldest 20 forgotten");
}

#[test]
fn closed_orders_remember_at_most_max_closed_forgetting_the_oldest() {
    let mut closed = Closed::default();
    let done = || Known { status: OrderStatus::Filled, filled: Decimal::ONE };
    for i in 0..MAX_CLOSED + 5 {
        closed.insert(&format!("o{i}"), done());
    }
    assert_eq!(closed.len(), MAX_CLOSED);
    assert!(closed.get("o4").is_none(), "the oldest five forgotten");
    assert_eq!(closed.get("o5"), Some(&done()));
    assert_eq!(closed.get(&format!("o{}", MAX_CLOSED + 4)), Some(&done()));
}

#[test]
fn user_channel_times_are_kept_for_a_minute_past_a_listing() {
    let mut a = AccountState::default();
    let t0 = Instant::now();
    let open = |id: &str| {
        limit_order(
            id,
            &format!("c-{id}"),
            "BTC-USD",
            Side::Buy,
            OrderStatus::Open,
            "1",
            "1",
            "0",
            "2026-01-02T00:00:00Z",
        )
    };
    a.apply_user_order(&open("old"), t0);
    a.apply_user_order(&open("recent"), t0 + Duration::from_secs(50));
    a.set_orders(&[], t0 + Duration::from_secs(61));
    let kept: Vec<&str> = a.seen.keys().map(String::as_str).collect();
    assert_eq!(kept, vec!["recent"], "a time older than 60 s before the listing is forgotten");
}
