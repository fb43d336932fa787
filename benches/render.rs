//! A full-screen frame (every pane: watchlist, a 50-level book, 100 trades, 300 candles,
//! orders, balances, fills) drawn into a ratatui `TestBackend` at 160×48 and 240×70.
//! `cargo bench --bench render`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use cbterm::app::{FeedKind, Model, Msg};
use cbterm::domain::{BookSide, Candle, EventKind, FeedEvent, Granularity, OrderStatus, Side};
use criterion::{BenchmarkId, Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;
use support::{balance, book, btc_model, fill, level, limit_order, market_msg, trade, trades};

fn candles() -> Vec<Candle> {
    (0..300i64)
        .map(|i| {
            let open = 49_800 + (i * 37) % 300 + i;
            let close = open + (i * 53) % 120 - 60;
            let (low, high) = (open.min(close) - 20, open.max(close) + 25);
            let [open, high, low, close] = [open, high, low, close].map(Decimal::from);
            Candle { start: 1_767_322_800 + 60 * i, open, high, low, close, volume: Decimal::new(35, 1) }
        })
        .collect()
}

/// BTC-USD with a 50-level book, 100 trades, 300 one-minute candles, orders, fills, balances.
fn model() -> Model {
    let at = Instant::now();
    let mut model = btc_model(1);
    let levels = (0..50)
        .flat_map(|k| {
            let size = format!("0.{}", 100 + k * 37);
            [
                level(BookSide::Ask, &format!("{}.00", 50_010 + k * 5), &size),
                level(BookSide::Bid, &format!("{}.00", 49_990 - k * 5), &size),
            ]
        })
        .collect();
    model.update(market_msg(book("BTC-USD", EventKind::Snapshot, levels), at));
    let tape = (0..100)
        .map(|i| {
            let taker = if i % 3 == 0 { Side::Sell } else { Side::Buy };
            let (price, size) = (format!("{}.50", 49_995 + (i * 3) % 11), format!("0.0{}", i % 9 + 1));
            let time = format!("2026-01-02T03:{:02}:{:02}Z", 2 + i / 60, i % 60);
            trade(&format!("t{i}"), "BTC-USD", taker, &price, &size, &time)
        })
        .collect();
    model.update(market_msg(trades(EventKind::Snapshot, tape), at));
    let product = support::id("BTC-USD");
    model.update(Msg::CandlesLoaded { product, granularity: Granularity::OneMinute, candles: candles() });
    account(&mut model);
    model.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connected, at });
    model.update(Msg::Tick {
        now: at + Duration::from_millis(500),
        wall: support::time("2026-01-02T03:04:05Z"),
    });
    model
}

fn account(model: &mut Model) {
    model
        .update(Msg::AccountsLoaded(vec![balance("USD", "100000.00", "500.00"), balance("BTC", "1.5", "0")]));
    let order = |i: u32| {
        let (id, client) = (format!("{i:08}-aaaa"), format!("c-{i:08}"));
        let price = format!("{}.00", 49_000 + i);
        limit_order(
            &id,
            &client,
            "BTC-USD",
            Side::Buy,
            OrderStatus::Open,
            &price,
            "0.01",
            "0",
            "2026-01-02T03:00:05Z",
        )
    };
    model.update(Msg::OpenOrdersLoaded((0..10).map(order).collect()));
    let one = |i: u32| {
        let side = if i.is_multiple_of(2) { Side::Buy } else { Side::Sell };
        let at = format!("2026-01-02T02:5{}:00Z", i % 10);
        fill(&format!("f{i}"), "BTC-USD", side, &at, "49950.00", "0.002", "0.60")
    };
    model.update(Msg::FillsLoaded((0..20).map(one).collect()));
}

fn render(c: &mut Criterion) {
    let model = model();
    let mut group = c.benchmark_group("render");
    for (width, height) in [(160u16, 48u16), (240, 70)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        let id = BenchmarkId::from_parameter(format!("{width}x{height}"));
        group.bench_function(id, |b| {
            b.iter(|| {
                terminal.draw(|f| cbterm::ui::draw(f, &model)).expect("a frame");
            })
        });
    }
    group.finish();
}

/// Frames timed one by one for percentiles (criterion reports means of batches only).
const FRAMES: usize = 5_000;

/// Prints the median, p99 and maximum of [`FRAMES`] single frames at each size.
fn percentiles() {
    let model = model();
    for (width, height) in [(160u16, 48u16), (240, 70)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        let mut times: Vec<Duration> = (0..FRAMES)
            .map(|_| {
                let start = Instant::now();
                terminal.draw(|f| cbterm::ui::draw(f, &model)).expect("a frame");
                start.elapsed()
            })
            .collect();
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        println!(
            "render/{width}x{height} single frames ({FRAMES}): median {:?}  p99 {:?}  max {:?}",
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
}

criterion_group!(benches, render);

fn main() {
    percentiles();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
