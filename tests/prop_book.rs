//! Random level2 sequences through the model keep the shown book equal to a reference model
//! and never show a crossed book.
//!
//! The contract (R-BK1..4, `app::model::book_state`): a snapshot replaces the book and makes it
//! valid; an update sets absolute sizes (zero deletes) and is ignored while the book is invalid;
//! a book left crossed, or with a size or price not above zero, is marked invalid, shown as no
//! prices, and resynced (one `ResyncBook` per product per `RESYNC_EVERY`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cbterm::app::model::BookStatus;
use cbterm::app::model::RESYNC_EVERY;
use cbterm::app::{Effect, Model};
use cbterm::domain::{BookLevel, BookSide, EventKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
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
        5 => Just(Decimal::ZERO),
        14 => (1i64..5_000).prop_map(|n| Decimal::new(n, 3)),
        1 => (1i64..5_000).prop_map(|n| Decimal::new(-n, 3)),
    ];
    let tick = prop_oneof![30 => 1i64..=60, 1 => -2i64..=0];
    (any::<bool>(), tick, size).prop_map(|(bid, tick, size)| {
        // Bids sit mostly low and asks mostly high; the overlap (2.5 to 3.5) can cross.
        let (side, k) =
            if bid { (BookSide::Bid, tick.min(35)) } else { (BookSide::Ask, tick.max(25).min(60)) };
        let k = if tick <= 0 { tick } else { k };
        BookLevel { side, price: Decimal::new(k, 1), size }
    })
}

fn event() -> impl Strategy<Value = Event> {
    let snapshot = prop::collection::vec(level(), 0..24).prop_map(|levels| (EventKind::Snapshot, levels));
    let update = prop::collection::vec(level(), 1..5).prop_map(|levels| (EventKind::Update, levels));
    let kind = prop_oneof![1 => snapshot, 6 => update];
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
        let bad_level =
            self.bids.iter().chain(&self.asks).any(|(p, s)| *p <= Decimal::ZERO || *s <= Decimal::ZERO);
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

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, rng_seed: RngSeed::Fixed(0xB00C), ..Config::default() })]

    #[test]
    fn the_shown_book_equals_the_reference_and_is_never_crossed(
        events in prop::collection::vec(event(), 1..80),
    ) {
        let mut m = support::btc_model(7);
        let mut reference = Reference::default();
        reference.apply(
            &Event {
                kind: EventKind::Snapshot,
                levels: vec![support::level(BookSide::Bid, "49990.00", "1"), support::level(BookSide::Ask, "50010.00", "1")],
                after_ms: 0,
            },
            m.now,
        );
        let mut at = m.now;
        for (step, event) in events.iter().enumerate() {
            at += Duration::from_millis(event.after_ms);
            let message = market_msg(book("BTC-USD", event.kind, event.levels.clone()), at);
            let effects = m.update(message);
            let resync = reference.apply(event, at);
            let resyncs: Vec<Effect> =
                effects.into_iter().filter(|e| matches!(e, Effect::ResyncBook { .. })).collect();
            let expected = if resync { vec![Effect::ResyncBook { product: id("BTC-USD") }] } else { Vec::new() };
            prop_assert_eq!(resyncs, expected, "resync at step {}", step);
            check_shown(&m, &reference, step)?;
        }
    }
}
