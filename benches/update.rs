//! `Model::update` for one decoded level2 message of 100 updates, on books of 100, 10,000
//! and 100,000 levels a side. `cargo bench --bench update`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::Instant;

use cbterm::app::{Model, Msg};
use cbterm::domain::{BookLevel, BookSide, EventKind};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use support::{book, btc_model, market_msg};

/// Level changes per message.
const UPDATES: usize = 100;
/// The book's mid price in cents.
const MID_CENTS: i64 = 5_000_000;

fn level(side: BookSide, ticks: i64, size: Decimal) -> BookLevel {
    let cents = if side == BookSide::Bid { MID_CENTS - 1 - ticks } else { MID_CENTS + 1 + ticks };
    BookLevel { side, price: Decimal::new(cents, 2), size }
}

/// BTC-USD with a book of `depth` levels a side, one cent apart around the mid.
fn model(depth: i64, at: Instant) -> Model {
    let mut model = btc_model(1);
    let levels = (0..depth)
        .flat_map(|t| [level(BookSide::Bid, t, Decimal::ONE), level(BookSide::Ask, t, Decimal::ONE)])
        .collect();
    model.update(market_msg(book("BTC-USD", EventKind::Snapshot, levels), at));
    model
}

/// Messages of [`UPDATES`] changes anywhere in the book (a fifth of them removals).
fn messages(depth: i64, at: Instant) -> Vec<Msg> {
    let mut rng = ChaCha8Rng::seed_from_u64(depth as u64);
    (0..32)
        .map(|_| {
            let levels = (0..UPDATES)
                .map(|_| {
                    let side = if rng.gen_bool(0.5) { BookSide::Bid } else { BookSide::Ask };
                    let size = if rng.gen_bool(0.2) {
                        Decimal::ZERO
                    } else {
                        Decimal::new(rng.gen_range(1..9_999), 4)
                    };
                    level(side, rng.gen_range(0..depth), size)
                })
                .collect();
            market_msg(book("BTC-USD", EventKind::Update, levels), at)
        })
        .collect()
}

fn update(c: &mut Criterion) {
    let mut group = c.benchmark_group("update");
    group.throughput(Throughput::Elements(UPDATES as u64));
    for depth in [100, 10_000, 100_000] {
        let at = Instant::now();
        let mut model = model(depth, at);
        let messages = messages(depth, at);
        group.bench_with_input(BenchmarkId::from_parameter(depth), &depth, |b, _| {
            let mut i = 0;
            b.iter_batched(
                || {
                    i = (i + 1) % messages.len();
                    messages[i].clone()
                },
                |msg| black_box(model.update(msg)),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, update);
criterion_main!(benches);
