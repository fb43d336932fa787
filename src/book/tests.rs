use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

fn book(bids: &[(&str, &str)], asks: &[(&str, &str)]) -> OrderBook {
    let mut b = OrderBook::new();
    let levels = bids
        .iter()
        .map(|(p, s)| (BookSide::Bid, d(p), d(s)))
        .chain(asks.iter().map(|(p, s)| (BookSide::Ask, d(p), d(s))));
    b.apply_snapshot(levels);
    b
}

#[test]
fn snapshot_replaces_everything() {
    let mut b = book(&[("99", "1"), ("98", "2")], &[("101", "3")]);
    b.apply_snapshot([(BookSide::Ask, d("105"), d("1")), (BookSide::Bid, d("1"), d("0"))]);
    assert_eq!(b.len(), 1);
    assert_eq!(b.best_bid(), None);
    assert_eq!(b.best_ask(), Some((d("105"), d("1"))));
}

#[test]
fn updates_are_absolute_and_zero_removes() {
    let mut b = book(&[("99", "1")], &[("101", "3")]);
    b.apply_update(BookSide::Bid, d("99"), d("5"));
    assert_eq!(b.best_bid(), Some((d("99"), d("5"))));
    b.apply_update(BookSide::Bid, d("99.5"), d("0.1"));
    assert_eq!(b.best_bid(), Some((d("99.5"), d("0.1"))));
    b.apply_update(BookSide::Bid, d("99.5"), d("0"));
    b.apply_update(BookSide::Ask, d("500"), d("0"));
    assert_eq!(b.bids(10), vec![(d("99"), d("5"))]);
    assert_eq!(b.depth(BookSide::Ask), 1);
    assert_eq!(b.size_at(BookSide::Ask, d("101")), Some(d("3")));
}

#[test]
fn best_spread_mid_and_ordering() {
    let b = book(&[("99", "1"), ("98", "2"), ("97", "3")], &[("101", "1"), ("103", "2"), ("102", "4")]);
    assert_eq!(b.spread(), Some(d("2")));
    assert_eq!(b.mid(), Some(d("100")));
    assert_eq!(b.bids(2), vec![(d("99"), d("1")), (d("98"), d("2"))]);
    assert_eq!(b.asks(5), vec![(d("101"), d("1")), (d("102"), d("4")), (d("103"), d("2"))]);
    assert_eq!((b.len(), b.is_empty()), (6, false));
    assert_eq!(OrderBook::new().mid(), None);
    assert_eq!(OrderBook::new().spread(), None);
}

#[test]
fn invariants_catch_crossed_books_and_bad_levels() {
    assert_eq!(book(&[("99", "1")], &[("101", "1")]).check_invariants(), Ok(()));
    let crossed = book(&[("101", "1")], &[("101", "1")]);
    assert!(crossed.is_crossed());
    assert_eq!(crossed.check_invariants(), Err(BookError::Crossed { bid: d("101"), ask: d("101") }));
    let negative = book(&[("99", "-1")], &[]);
    assert!(matches!(negative.check_invariants(), Err(BookError::NonPositiveSize { .. })));
    let zero_price = book(&[], &[("0", "1")]);
    assert!(matches!(zero_price.check_invariants(), Err(BookError::NonPositivePrice { .. })));
    assert!(!book(&[("99", "1")], &[]).is_crossed());
}

#[test]
fn aggregated_buckets_bids_down_and_asks_up() {
    let b = book(
        &[("99.99", "1"), ("99.50", "2"), ("99.00", "3"), ("98.10", "4")],
        &[("100.01", "1"), ("100.99", "2"), ("101.00", "3"), ("101.01", "4")],
    );
    assert_eq!(b.aggregated(BookSide::Bid, d("1"), 10), vec![(d("99"), d("6")), (d("98"), d("4"))]);
    assert_eq!(b.aggregated(BookSide::Bid, d("1"), 1), vec![(d("99"), d("6"))]);
    assert_eq!(b.aggregated(BookSide::Ask, d("1"), 10), vec![(d("101"), d("6")), (d("102"), d("4"))]);
    assert_eq!(b.aggregated(BookSide::Ask, d("0"), 2), b.asks(2));
    assert!(b.aggregated(BookSide::Ask, d("1"), 0).is_empty());
}

type Model = BTreeMap<(bool, Decimal), Decimal>;

#[test]
fn each_side_keeps_at_most_max_levels_dropping_the_furthest() {
    let mut book = OrderBook::new();
    let top = Decimal::from(100_000);
    for i in 0..=MAX_LEVELS as i64 {
        book.apply_update(BookSide::Bid, top - Decimal::from(i), Decimal::ONE);
        book.apply_update(BookSide::Ask, top + Decimal::from(1 + i), Decimal::ONE);
    }
    assert_eq!((book.depth(BookSide::Bid), book.depth(BookSide::Ask)), (MAX_LEVELS, MAX_LEVELS));
    assert_eq!(book.best_bid(), Some((top, Decimal::ONE)), "the touch is kept");
    assert_eq!(book.best_ask(), Some((top + Decimal::ONE, Decimal::ONE)));
    let deepest = Decimal::from(MAX_LEVELS as i64);
    assert_eq!(book.size_at(BookSide::Bid, top - deepest), None, "the lowest bid went");
    assert_eq!(book.size_at(BookSide::Bid, top - deepest + Decimal::ONE), Some(Decimal::ONE));
    assert_eq!(book.size_at(BookSide::Ask, top + deepest + Decimal::ONE), None, "the highest ask went");
    book.apply_update(BookSide::Bid, top + Decimal::new(5, 1), Decimal::TWO);
    assert_eq!(
        book.best_bid(),
        Some((top + Decimal::new(5, 1), Decimal::TWO)),
        "a better level still enters"
    );
    assert_eq!(book.depth(BookSide::Bid), MAX_LEVELS);
}

fn random_level(rng: &mut ChaCha8Rng) -> (BookSide, Decimal, Decimal) {
    let bid = rng.gen_bool(0.5);
    let side = if bid { BookSide::Bid } else { BookSide::Ask };
    let price = Decimal::new(rng.gen_range(1..400), 2);
    let size = if rng.gen_bool(0.3) { Decimal::ZERO } else { Decimal::new(rng.gen_range(1..10_000), 4) };
    (side, price, size)
}

fn model_side(model: &Model, bid: bool) -> Vec<(Decimal, Decimal)> {
    let levels = model.iter().filter(|((b, _), _)| *b == bid).map(|((_, p), s)| (*p, *s));
    if bid { levels.rev().collect() } else { levels.collect() }
}

#[test]
fn random_snapshots_and_updates_match_a_reference_model() {
    let mut rng = ChaCha8Rng::seed_from_u64(0xB00C);
    let (mut book, mut model) = (OrderBook::new(), Model::new());
    for step in 0..5_000 {
        if rng.gen_bool(0.02) {
            let levels: Vec<_> = (0..rng.gen_range(0..60)).map(|_| random_level(&mut rng)).collect();
            model.clear();
            for (side, price, size) in &levels {
                let key = (*side == BookSide::Bid, *price);
                if size.is_zero() {
                    model.remove(&key)
                } else {
                    model.insert(key, *size)
                };
            }
            book.apply_snapshot(levels);
        } else {
            let (side, price, size) = random_level(&mut rng);
            let key = (side == BookSide::Bid, price);
            if size.is_zero() {
                model.remove(&key)
            } else {
                model.insert(key, size)
            };
            book.apply_update(side, price, size);
        }
        let (bids, asks) = (model_side(&model, true), model_side(&model, false));
        assert_eq!(book.bids(usize::MAX), bids, "step {step}");
        assert_eq!(book.asks(usize::MAX), asks, "step {step}");
        assert_eq!(book.best_bid(), bids.first().copied());
        assert_eq!(book.best_ask(), asks.first().copied());
        assert_eq!(book.len(), model.len());
        let total: Decimal = bids.iter().map(|l| l.1).sum();
        let bucketed: Decimal =
            book.aggregated(BookSide::Bid, d("0.25"), usize::MAX).iter().map(|l| l.1).sum();
        assert_eq!(bucketed, total, "aggregation keeps every unit, step {step}");
        let crossed = matches!((bids.first(), asks.first()), (Some(b), Some(a)) if b.0 >= a.0);
        assert_eq!(book.is_crossed(), crossed);
        assert_eq!(book.check_invariants().is_err(), crossed, "sizes are positive here");
    }
}
