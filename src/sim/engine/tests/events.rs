//! Level events reproduce the book; a seeded random order flow keeps every invariant.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

type Book = [BTreeMap<Decimal, Decimal>; 2];

fn apply(book: &mut Book, events: &[EngineEvent]) {
    for ev in events {
        if let EngineEvent::Level { side, price, new_size, .. } = ev {
            let map = &mut book[usize::from(*side == Side::Sell)];
            if new_size.is_zero() {
                map.remove(price);
            } else {
                map.insert(*price, *new_size);
            }
        }
    }
}

fn random_order(rng: &mut ChaCha8Rng) -> (Side, OrderConfig) {
    let side = if rng.gen_bool(0.5) { Side::Buy } else { Side::Sell };
    let price = Decimal::new(rng.gen_range(9_900..10_100), 2);
    let size = Decimal::new(rng.gen_range(1..300), 2);
    let config = match rng.gen_range(0..10) {
        0 => market_base(&size.to_string()),
        1 => ioc(&size.to_string(), &price.to_string()),
        _ => gtc(&size.to_string(), &price.to_string()),
    };
    (side, config)
}

#[test]
fn level_events_reproduce_book_levels() {
    let mut e = engine();
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut replica: Book = Default::default();
    let mut ids = Vec::new();
    for step in 0..2_000 {
        let user = if rng.gen_bool(0.5) { "alice" } else { "bob" };
        if rng.gen_bool(0.2) && !ids.is_empty() {
            let id: String = ids.swap_remove(rng.gen_range(0..ids.len()));
            let _ = e.cancel("alice", &id, at(step));
            let _ = e.cancel("bob", &id, at(step));
        } else {
            let (side, config) = random_order(&mut rng);
            if let Ok(id) = e.place(user, new_order(side, config), at(step)) {
                ids.push(id);
            }
        }
        apply(&mut replica, &e.drain_events());
        let bids: Vec<_> = replica[0].iter().rev().map(|(p, s)| (*p, *s)).collect();
        let asks: Vec<_> = replica[1].iter().map(|(p, s)| (*p, *s)).collect();
        assert_eq!(bids, e.book_levels(&btc_id(), Side::Buy, usize::MAX), "step {step}");
        assert_eq!(asks, e.book_levels(&btc_id(), Side::Sell, usize::MAX), "step {step}");
        if let (Some(b), Some(a)) = (bids.first(), asks.first()) {
            assert!(b.0 < a.0, "crossed at step {step}");
        }
    }
}

#[test]
fn holds_always_equal_the_outstanding_holds_of_working_orders() {
    let mut e = engine();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for step in 0..1_000 {
        let user = if rng.gen_bool(0.5) { "alice" } else { "bob" };
        let (side, config) = random_order(&mut rng);
        let _ = e.place(user, new_order(side, config), at(step));
    }
    for user in ["alice", "bob"] {
        for (currency, side) in [("USD", Side::Buy), ("BTC", Side::Sell)] {
            let held: Decimal = e
                .orders(user)
                .filter(|o| o.status.is_working() && o.side == side)
                .map(|o| o.outstanding_hold)
                .sum();
            assert_eq!(bal(&e, user, currency).1, held, "{user} {currency}");
        }
        let usd = bal(&e, user, "USD");
        assert!(usd.0 >= Decimal::ZERO && usd.1 >= Decimal::ZERO);
    }
    let total_btc: Decimal = ["alice", "bob"]
        .iter()
        .map(|u| {
            let b = bal(&e, u, "BTC");
            b.0 + b.1
        })
        .sum();
    assert_eq!(total_btc, d("200"), "base is conserved");
    let fees: Decimal = ["alice", "bob"].iter().flat_map(|u| e.fills(u)).map(|f| f.commission).sum();
    let total_usd: Decimal = ["alice", "bob"]
        .iter()
        .map(|u| {
            let b = bal(&e, u, "USD");
            b.0 + b.1
        })
        .sum();
    assert_eq!(total_usd + fees, d("200000"), "quote is conserved up to fees");
}
