//! How ingest and render scale as the number of products (1, 10, 50) and the book depth
//! (100, 10,000, 100,000 levels a side) grow.
//!
//! - `scaling/ingest/…`: the dashboard's whole path for one level2 message of 100 updates: JSON
//!   text → typed message → domain events → `Model::update` (book applied, R-BK4 check),
//!   messages spread round-robin over the products. Throughput is in level updates.
//! - `scaling/render/…`: one full 160×48 frame with every product in the watchlist (each with a
//!   ticker and a book) and the focused product's book at the given depth.
//!
//! - `scaling/memory`: peak RSS (`VmHWM`) after ten products with books of 1,000 levels a side
//!   and 10,000 trades (1,000 a product) were applied and one frame drawn, measured first, before
//!   criterion allocates anything.
//!
//! `cargo bench --bench scaling`.

mod data;

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::Instant;

use cbterm::app::keymap::Keymap;
use cbterm::app::{FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::coinbase::parse;
use cbterm::coinbase::ws::WsMessage;
use cbterm::domain::{ClientOrderIds, FeedEvent, Product};
use cbterm::domain::{EventKind, Side};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{market_msg, ticker, tickers, trade, trades};

/// Level changes per message.
const UPDATES: usize = 100;
/// Product counts measured (at [`BASE_DEPTH`]).
const PRODUCTS: [usize; 3] = [1, 10, 50];
/// Depths measured (with one product).
const DEPTHS: [i64; 3] = [100, 10_000, 100_000];
/// Depth of every book when the product count varies.
const BASE_DEPTH: i64 = 1_000;

/// `n` product ids: BTC-USD, then `P01-USD`, `P02-USD`, ….
fn product_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| if i == 0 { "BTC-USD".to_string() } else { format!("P{i:02}-USD") }).collect()
}

fn decode(text: &str) -> FeedEvent {
    parse::message_event(&WsMessage::parse(text).expect("a valid message"))
}

/// A dashboard watching `ids`, every market live with a book of `depth` levels a side and a
/// ticker inside it.
fn model(ids: &[String], depth: i64, generator: &mut data::L2Gen) -> Model {
    let at = Instant::now();
    let mut model = Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: ids.iter().map(|p| support::id(p)).collect(),
        has_credentials: true,
        now: at,
        wall: support::time("2026-12-04T08:30:12Z"),
        ids: ClientOrderIds::seeded(1),
    });
    let products: Vec<Product> = ids
        .iter()
        .map(|p| support::product(support::rules(p, "0.01", "0.00000001", "1000", "10000000")))
        .collect();
    model.update(Msg::ProductsLoaded(products));
    model.update(Msg::Feed { feed: FeedKind::Market, event: FeedEvent::Connected, at });
    for p in ids {
        model.update(market_msg(decode(&generator.snapshot_message(p, depth)), at));
        let t = ticker(p, "60000.00", "1.25", Some("1234.5"), "59999.99", "60000.01");
        model.update(market_msg(tickers(vec![t]), at));
    }
    model
}

fn ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling/ingest");
    group.throughput(Throughput::Elements(UPDATES as u64));
    let cases = PRODUCTS.map(|n| (n, BASE_DEPTH)).into_iter().chain(DEPTHS.map(|d| (1, d)));
    for (n, depth) in cases {
        let mut generator = data::L2Gen::new(11);
        let ids = product_ids(n);
        let mut model = model(&ids, depth, &mut generator);
        let messages: Vec<String> =
            (0..64).map(|i| generator.update_message(&ids[i % n], UPDATES, depth)).collect();
        let id = BenchmarkId::from_parameter(format!("{n}p_{depth}lv"));
        let at = Instant::now();
        group.bench_function(id, |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % messages.len();
                black_box(model.update(market_msg(decode(&messages[i]), at)))
            })
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling/render");
    let cases = PRODUCTS.map(|n| (n, BASE_DEPTH)).into_iter().chain(DEPTHS.map(|d| (1, d)));
    for (n, depth) in cases {
        let model = model(&product_ids(n), depth, &mut data::L2Gen::new(13));
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
        let id = BenchmarkId::from_parameter(format!("{n}p_{depth}lv"));
        group.bench_function(id, |b| {
            b.iter(|| terminal.draw(|f| cbterm::ui::draw(f, &model)).map(|_| ()).expect("a frame"))
        });
    }
    group.finish();
}

/// The peak memory of the dashboard's model with ten products × 1,000 levels a side and 10,000
/// trades, one frame drawn (the process's `VmHWM`: the model, the frame and the binary).
fn memory() {
    let ids = product_ids(10);
    let mut model = model(&ids, BASE_DEPTH, &mut data::L2Gen::new(17));
    let at = Instant::now();
    for (n, p) in (0..10_000).zip(ids.iter().cycle()) {
        let cents = 5_999_000 + n % 2_000;
        let price = rust_decimal::Decimal::new(cents, 2).to_string();
        let t = trade(&format!("t{n}"), p, Side::Buy, &price, "0.01", "2026-12-04T08:30:12Z");
        model.update(market_msg(trades(EventKind::Update, vec![t]), at));
    }
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
    terminal.draw(|f| cbterm::ui::draw(f, &model)).expect("a frame");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or("VmHWM: unknown");
    println!("scaling/memory 10 products × {BASE_DEPTH} levels a side + 10,000 trades: peak RSS {hwm}");
    black_box(model);
}

criterion_group!(benches, ingest, render);

fn main() {
    memory();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
