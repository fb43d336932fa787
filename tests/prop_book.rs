//! Random level2 sequences through the model keep the shown book equal to a reference model
//! and never show a crossed book.
//!
//! The contract (R-BK1..4, `app::model::book_state`): a snapshot replaces the book and makes it
//! valid; an update sets absolute sizes (zero deletes) and is ignored while the book is invalid;
//! a book left crossed, or with a size or price not above zero, is marked invalid, shown as no
//! prices, and resynced (one `ResyncBook` per product per `RESYNC_EVERY`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cbterm::app::model::BookStatus;
use cbterm::app::model::RESYNC_EVERY;
use cbterm::app::{Effect, Model};
use cbterm::domain::{BookLevel, BookSide, EventKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use support::{book, id, market_msg};

mod support;

#[derive(Debug, Clone)]
struct Event {
    kind: EventKind,
    levels: Vec<BookLevel>,
    /// Milliseconds after the previous event.
    after_ms: u64,
}

fn level() -> impl Strategy<Value = BookLevel> {
    let size = prop_oneof![
        25 => Just(Decimal::ZERO),
        74 => (1i64..5_000).prop_map(|n| Decimal::new(n, 3)),
        1 => (1i64..5_000).prop_map(|n| Decimal::new(-n, 3)),
    ];
    // Bids from 0.1 to 3.2 and asks from 2.9 to 6.0 (so they cross only between 2.9 and 3.2);
    // now and then a price of 0, -0.1 or -0.2.
    let tick = prop_oneof![150 => 0i64..32, 1 => -32i64..-29];
    (any::<bool>(), tick, size).prop_map(|(bid, tick, size)| {
        let side = if bid { BookSide::Bid } else { BookSide::Ask };
        let k = if tick < 0 {
            tick + 30
        } else if bid {
            tick + 1
        } else {
            tick + 29
        };
        BookLevel { side, price: Decimal::new(k, 1), size }
    })
}

fn event() -> impl Strategy<Value = Event> {
    let snapshot = prop::collection::vec(level(), 0..24).prop_map(|levels| (EventKind::Snapshot, levels));
    let update = prop::collection::vec(level(), 1..5).prop_map(|levels| (EventKind::Update, levels));
    let kind = prop_oneof![1 => snapshot, 4 => update];
    (kind, 0u64..3_000).prop_map(|((kind, levels), after_ms)| Event { kind, levels, after_ms })
}

/// The reference: two price maps, whether the book may be shown, when the last resync was asked.
#[derive(Default)]
struct Reference {
    bids: BTreeMap<Decimal, Decimal>,
    asks: BTreeMap<Decimal, Decimal>,
    valid: bool,
    resync_at: Option<Instant>,
}

impl Reference {
    /// Applies `event`; returns whether a `ResyncBook` must follow.
    fn apply(&mut self, event: &Event, at: Instant) -> bool {
        if event.kind == EventKind::Snapshot {
            self.bids.clear();
            self.asks.clear();
            self.valid = true;
        } else if !self.valid {
            return false;
        }
        for l in &event.levels {
            let side = if l.side == BookSide::Bid { &mut self.bids } else { &mut self.asks };
            if l.size.is_zero() {
                side.remove(&l.price);
            } else {
                side.insert(l.price, l.size);
            }
        }
        let crossed = matches!((self.best_bid(), self.best_ask()), (Some(b), Some(a)) if b >= a);
        // R-BK4 per applied level: a price at or below zero, or a negative size, is corrupt even
        // when a later level of the same event overwrites or removes it.
        let bad_level = event.levels.iter().any(|l| l.price <= Decimal::ZERO || l.size < Decimal::ZERO);
        if !crossed && !bad_level {
            return false;
        }
        self.valid = false;
        if self.resync_at.is_some_and(|t| at.saturating_duration_since(t) < RESYNC_EVERY) {
            return false;
        }
        self.resync_at = Some(at);
        true
    }

    fn best_bid(&self) -> Option<Decimal> {
        self.bids.keys().next_back().copied()
    }

    fn best_ask(&self) -> Option<Decimal> {
        self.asks.keys().next().copied()
    }

    fn bids(&self) -> Vec<(Decimal, Decimal)> {
        self.bids.iter().rev().map(|(p, s)| (*p, *s)).collect()
    }

    fn asks(&self) -> Vec<(Decimal, Decimal)> {
        self.asks.iter().map(|(p, s)| (*p, *s)).collect()
    }
}

fn check_shown(m: &Model, reference: &Reference, step: usize) -> Result<(), TestCaseError> {
    let btc = id("BTC-USD");
    let state = &m.markets[&btc].book;
    prop_assert_eq!(state.invalid.is_none(), reference.valid, "validity at step {}", step);
    prop_assert_eq!(m.book_status(&btc) == BookStatus::Invalid, !reference.valid, "status at step {}", step);
    let (asks, bids) = state.ladder(Decimal::ZERO, usize::MAX);
    if !reference.valid {
        prop_assert_eq!(state.top(), None, "an invalid book shows no prices (step {})", step);
        prop_assert!(asks.is_empty() && bids.is_empty(), "an invalid book shows no levels (step {})", step);
        return Ok(());
    }
    prop_assert_eq!(&bids, &reference.bids(), "bids at step {}", step);
    prop_assert_eq!(&asks, &reference.asks(), "asks at step {}", step);
    if let (Some(bid), Some(ask)) = (bids.first(), asks.first()) {
        prop_assert!(bid.0 < ask.0, "shown book crossed at step {}: {:?} / {:?}", step, bid, ask);
        prop_assert_eq!(state.top(), Some((bid.0, ask.0)));
    }
    let tick = m.book_tick().expect("tick");
    let (agg_asks, agg_bids) = state.ladder(tick, usize::MAX);
    let total = |levels: &[(Decimal, Decimal)]| levels.iter().map(|l| l.1).sum::<Decimal>();
    prop_assert_eq!(total(&agg_bids), total(&bids), "aggregation keeps every bid (step {})", step);
    prop_assert_eq!(total(&agg_asks), total(&asks), "aggregation keeps every ask (step {})", step);
    Ok(())
}

/// Runs one sequence; returns (steps shown valid, steps, resyncs).
fn run(events: &[Event]) -> Result<(usize, usize, usize), TestCaseError> {
    let mut m = support::btc_model(7);
    let mut reference = Reference::default();
    let first =
        vec![support::level(BookSide::Bid, "49990.00", "1"), support::level(BookSide::Ask, "50010.00", "1")];
    reference.apply(&Event { kind: EventKind::Snapshot, levels: first, after_ms: 0 }, m.now);
    let (mut at, mut valid, mut resyncs) = (m.now, 0, 0);
    for (step, event) in events.iter().enumerate() {
        at += Duration::from_millis(event.after_ms);
        let effects = m.update(market_msg(book("BTC-USD", event.kind, event.levels.clone()), at));
        let resync = reference.apply(event, at);
        let asked: Vec<Effect> =
            effects.into_iter().filter(|e| matches!(e, Effect::ResyncBook { .. })).collect();
        let expected = if resync { vec![Effect::ResyncBook { product: id("BTC-USD") }] } else { Vec::new() };
        prop_assert_eq!(asked, expected, "resync at step {}", step);
        check_shown(&m, &reference, step)?;
        valid += usize::from(reference.valid);
        resyncs += usize::from(resync);
    }
    Ok((valid, events.len(), resyncs))
}

#[test]
fn the_shown_book_equals_the_reference_and_is_never_crossed() {
    let config = Config {
        cases: 256,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0xB00C),
        ..Config::default()
    };
    let totals = Cell::new((0, 0, 0));
    let result = TestRunner::new(config).run(&prop::collection::vec(event(), 1..80), |events| {
        let (valid, steps, resyncs) = run(&events)?;
        let (v, s, r) = totals.get();
        totals.set((v + valid, s + steps, r + resyncs));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (valid, steps, resyncs) = totals.get();
    eprintln!("{valid} of {steps} steps shown valid, {resyncs} resyncs");
    assert!(
        valid * 4 > steps && valid * 4 < steps * 3,
        "both valid and invalid books are exercised: {valid} of {steps}"
    );
    assert!(resyncs > 100, "crossed books are exercised: {resyncs} resyncs");
}
