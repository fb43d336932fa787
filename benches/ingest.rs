//! Level2 ingest: JSON text → typed message → domain events → applied to the book, with the
//! R-BK4 check after each message. Throughput is counted in level updates.
//! `cargo bench --bench ingest`.

mod data;

use std::hint::black_box;

use cbterm::book::OrderBook;
use cbterm::coinbase::parse;
use cbterm::coinbase::ws::WsMessage;
use cbterm::domain::{FeedEvent, MarketEvent};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// Level changes per message.
const UPDATES: usize = 100;
/// Messages applied per iteration of `decode_apply` (the book is cloned between iterations).
const APPLIED: usize = 8;

fn decode(text: &str) -> FeedEvent {
    let message = WsMessage::parse(text).expect("a valid message");
    parse::message_event(&message)
}

fn apply(book: &mut OrderBook, event: &FeedEvent) {
    if let FeedEvent::Market(events) = event {
        for event in events {
            if let MarketEvent::Book(book_event) = event {
                book.apply_event(book_event);
            }
        }
    }
    let _ = black_box(book.check_invariants());
}

fn ingest(c: &mut Criterion) {
    let mut generator = data::L2Gen::new(7);
    let snapshot = generator.snapshot_message("BTC-USD", 1_000);
    let messages: Vec<String> =
        (0..64).map(|_| generator.update_message("BTC-USD", UPDATES, 1_000)).collect();
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(UPDATES as u64));
    group.bench_function("decode", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % messages.len();
            black_box(decode(&messages[i]))
        })
    });
    group.throughput(Throughput::Elements((APPLIED * UPDATES) as u64));
    group.bench_function("decode_apply", |b| {
        let mut book = OrderBook::new();
        apply(&mut book, &decode(&snapshot));
        b.iter_batched_ref(
            || book.clone(),
            |book| {
                for text in messages.iter().take(APPLIED) {
                    apply(book, &decode(text));
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
