//! Engine tests: helpers and basic matching. Order types, stops and events live in submodules.

mod edits;
mod events;
mod orders;
mod protection;
mod stops;
mod stp;

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::domain::{LimitGtc, LimitIoc, MarketIoc, OrderConfig, OrderStatus, ProductId};

pub(super) fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

pub(super) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).single().expect("valid time")
}

pub(super) fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

pub(super) fn btc_id() -> ProductId {
    ProductId("BTC-USD".into())
}

pub(super) fn btc() -> ProductRules {
    ProductRules {
        id: btc_id(),
        price_increment: d("0.01"),
        base_increment: d("0.00000001"),
        quote_increment: d("0.01"),
        base_min_size: d("0.00000001"),
        base_max_size: d("1000"),
        quote_min_size: d("1"),
        quote_max_size: d("10000000"),
        trading_disabled: false,
        cancel_only: false,
        limit_only: false,
        post_only: false,
    }
}

/// Maker 0.4 %, taker 0.6 %; alice and bob each hold 100,000 USD and 100 BTC. Price
/// protection is off: these tests use books far from any market (the `protection` tests
/// switch it on).
pub(super) fn engine() -> Engine {
    let mut e =
        Engine::new(EngineConfig { products: vec![btc()], maker_fee: d("0.004"), taker_fee: d("0.006") });
    e.set_protection(&btc_id(), Protection { band: None, refuse_beyond: None });
    for user in ["alice", "bob"] {
        e.fund(user, "USD", d("100000"));
        e.fund(user, "BTC", d("100"));
    }
    e
}

static COID: AtomicU64 = AtomicU64::new(0);

pub(super) fn new_order(side: Side, config: OrderConfig) -> NewOrder {
    let n = COID.fetch_add(1, Ordering::Relaxed);
    NewOrder { client_order_id: format!("coid-{n}"), product_id: btc_id(), side, config }
}

pub(super) fn gtc(size: &str, price: &str) -> OrderConfig {
    OrderConfig::LimitGtc(LimitGtc { base_size: d(size), limit_price: d(price), post_only: false })
}

pub(super) fn market_base(size: &str) -> OrderConfig {
    OrderConfig::MarketIoc(MarketIoc { base_size: Some(d(size)), quote_size: None })
}

pub(super) fn ioc(size: &str, price: &str) -> OrderConfig {
    OrderConfig::SorLimitIoc(LimitIoc { base_size: d(size), limit_price: d(price) })
}

pub(super) fn place(e: &mut Engine, user: &str, side: Side, config: OrderConfig) -> String {
    e.place(user, new_order(side, config), t0()).expect("order accepted")
}

pub(super) fn bal(e: &Engine, user: &str, currency: &str) -> (Decimal, Decimal) {
    let all = e.balances(user);
    let b = all.iter().find(|b| b.currency == currency).expect("currency listed");
    (b.available, b.hold)
}

pub(super) fn order(e: &Engine, id: &str) -> SimOrder {
    e.order(id).expect("order exists").clone()
}

#[test]
fn crossing_buy_moves_balances_by_size_times_price_plus_fee() {
    let mut e = engine();
    let ask = place(&mut e, "alice", Side::Sell, gtc("1", "100.00"));
    assert_eq!(bal(&e, "alice", "BTC"), (d("99"), d("1")));
    let bid = place(&mut e, "bob", Side::Buy, gtc("0.5", "101.00"));
    // bob pays 0.5 × 100 = 50 plus 0.6 % taker fee = 0.30; the price improvement is released.
    assert_eq!(bal(&e, "bob", "USD"), (d("99949.70"), d("0")));
    assert_eq!(bal(&e, "bob", "BTC"), (d("100.5"), d("0")));
    // alice receives 50 minus 0.4 % maker fee = 0.20; 0.5 BTC stays on hold.
    assert_eq!(bal(&e, "alice", "USD"), (d("100049.80"), d("0")));
    assert_eq!(bal(&e, "alice", "BTC"), (d("99"), d("0.5")));
    let b = order(&e, &bid);
    assert_eq!(b.status, OrderStatus::Filled);
    assert_eq!((b.filled_size, b.filled_value, b.total_fees), (d("0.5"), d("50"), d("0.3")));
    assert_eq!(b.average_filled_price, d("100"));
    assert_eq!((b.outstanding_hold, b.leaves_quantity), (d("0"), d("0")));
    let a = order(&e, &ask);
    assert_eq!((a.status.clone(), a.leaves_quantity, a.number_of_fills), (OrderStatus::Open, d("0.5"), 1));
    assert_eq!(a.completion_percentage(), d("50"));
    let fills: Vec<_> = e.fills("bob").collect();
    assert_eq!(fills.len(), 1);
    assert_eq!((fills[0].liquidity, fills[0].commission), (Liquidity::Taker, d("0.3")));
    let maker_fill = e.fills("alice").next().expect("maker fill");
    assert_eq!(
        (maker_fill.liquidity, maker_fill.trade_id.clone()),
        (Liquidity::Maker, fills[0].trade_id.clone())
    );
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 10), vec![(d("100.00"), d("0.5"))]);
    assert_eq!(e.last_trade(&btc_id()), Some((d("100.00"), t0())));
}

#[test]
fn partial_fill_keeps_the_maker_open() {
    let mut e = engine();
    let ask = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let mkt = place(&mut e, "bob", Side::Buy, market_base("0.3"));
    assert_eq!(order(&e, &mkt).status, OrderStatus::Filled);
    let a = order(&e, &ask);
    assert_eq!((a.filled_size, a.leaves_quantity, a.outstanding_hold), (d("0.3"), d("0.7"), d("0.7")));
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 1), vec![(d("100"), d("0.7"))]);
    let big = place(&mut e, "bob", Side::Buy, gtc("2", "100"));
    let b = order(&e, &big);
    assert_eq!((b.status.clone(), b.filled_size, b.leaves_quantity), (OrderStatus::Open, d("0.7"), d("1.3")));
    assert_eq!(order(&e, &ask).status, OrderStatus::Filled);
    assert_eq!(e.book_levels(&btc_id(), Side::Buy, 1), vec![(d("100"), d("1.3"))]);
    assert!(e.book_levels(&btc_id(), Side::Sell, 1).is_empty());
}

#[test]
fn price_then_time_priority() {
    let mut e = engine();
    let first = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let second = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let worse = place(&mut e, "alice", Side::Sell, gtc("1", "101"));
    let better = place(&mut e, "alice", Side::Sell, gtc("1", "99"));
    place(&mut e, "bob", Side::Buy, market_base("2.5"));
    assert_eq!(order(&e, &better).status, OrderStatus::Filled);
    assert_eq!(order(&e, &first).status, OrderStatus::Filled);
    assert_eq!(order(&e, &second).filled_size, d("0.5"));
    assert_eq!(order(&e, &worse).filled_size, d("0"));
    let prices: Vec<Decimal> = e.fills("bob").map(|f| f.price).collect();
    assert_eq!(prices, vec![d("100"), d("100"), d("99")], "newest first");
}

#[test]
fn cancel_releases_the_hold() {
    let mut e = engine();
    let id = place(&mut e, "bob", Side::Buy, gtc("1", "100"));
    assert_eq!(bal(&e, "bob", "USD"), (d("99899.4"), d("100.6")));
    assert_eq!(order(&e, &id).outstanding_hold, d("100.6"));
    assert_eq!(e.cancel("alice", &id, t0()), Err("UNKNOWN_CANCEL_ORDER"));
    assert_eq!(e.cancel("bob", "nope", t0()), Err("UNKNOWN_CANCEL_ORDER"));
    e.drain_events();
    assert_eq!(e.cancel("bob", &id, t0()), Ok(()));
    assert_eq!(bal(&e, "bob", "USD"), (d("100000"), d("0")));
    let o = order(&e, &id);
    assert_eq!((o.status, o.outstanding_hold, o.leaves_quantity), (OrderStatus::Cancelled, d("0"), d("0")));
    assert!(e.book_levels(&btc_id(), Side::Buy, 1).is_empty());
    let events = e.drain_events();
    assert!(events.iter().any(|ev| matches!(ev, EngineEvent::Level { new_size, .. } if new_size.is_zero())));
    assert!(events.contains(&EngineEvent::OrderChanged { user: "bob".into(), order_id: id.clone() }));
    assert_eq!(e.cancel("bob", &id, t0()), Err("DUPLICATE_CANCEL_REQUEST"));
    let filled = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    place(&mut e, "bob", Side::Buy, market_base("1"));
    assert_eq!(e.cancel("alice", &filled, t0()), Err("ORDER_IS_FULLY_FILLED"));
}

#[test]
fn client_order_id_is_idempotent_per_user() {
    let mut e = engine();
    let order = NewOrder {
        client_order_id: "same".into(),
        product_id: btc_id(),
        side: Side::Buy,
        config: gtc("1", "100"),
    };
    let first = e.place("bob", order.clone(), t0()).expect("accepted");
    let again = e.place("bob", order.clone(), at(1)).expect("idempotent");
    assert_eq!(first, again);
    assert_eq!(e.orders("bob").count(), 1);
    assert_eq!(bal(&e, "bob", "USD").1, d("100.6"), "held once");
    let other = e.place("alice", order, t0()).expect("other user");
    assert_ne!(other, first);
}

#[test]
fn insufficient_funds_and_unknown_product_are_rejected() {
    let mut e = engine();
    let err = e.place("bob", new_order(Side::Buy, gtc("999", "101")), t0()).expect_err("too expensive");
    assert_eq!((err.reason, err.preview_reason), ("INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND"));
    let err = e.place("bob", new_order(Side::Sell, gtc("101", "100")), t0()).expect_err("not enough BTC");
    assert_eq!(err.reason, "INSUFFICIENT_FUND");
    let mut o = new_order(Side::Buy, gtc("1", "100"));
    o.product_id = ProductId("ETH-USD".into());
    assert_eq!(e.place("bob", o, t0()).expect_err("unknown").reason, "INVALID_PRODUCT_ID");
    let err = e.place("bob", new_order(Side::Buy, gtc("1", "100.001")), t0()).expect_err("tick");
    assert_eq!(err.reason, "INVALID_PRICE_PRECISION");
    assert!(err.message.contains("100.00 (rounded down) or 100.01"), "{}", err.message);
    assert_eq!(e.orders("bob").count(), 0);
    assert!(e.drain_events().is_empty());
    assert_eq!(bal(&e, "bob", "USD"), (d("100000"), d("0")));
}

#[test]
fn balances_list_every_product_currency_sorted() {
    let mut e = engine();
    e.fund("carol", "EUR", d("5"));
    let currencies: Vec<String> = e.balances("carol").into_iter().map(|b| b.currency).collect();
    assert_eq!(currencies, vec!["BTC", "EUR", "USD"]);
    assert_eq!(e.balances("nobody").len(), 2);
}

#[test]
fn ids_are_deterministic_and_uuid_shaped() {
    let run = || {
        let mut e = engine();
        let a = e.place(
            "alice",
            NewOrder {
                client_order_id: "a".into(),
                product_id: btc_id(),
                side: Side::Sell,
                config: gtc("1", "100"),
            },
            t0(),
        );
        let b = e.place(
            "bob",
            NewOrder {
                client_order_id: "b".into(),
                product_id: btc_id(),
                side: Side::Buy,
                config: gtc("1", "100"),
            },
            t0(),
        );
        (a, b, e.drain_events())
    };
    let (a, b, events) = run();
    assert_eq!((a.clone(), b.clone(), events.clone()), run());
    let a = a.expect("placed");
    assert_eq!(a.len(), 36);
    assert_eq!(a.matches('-').count(), 4);
    assert!(events.iter().any(|e| matches!(e, EngineEvent::Trade { .. })));
}
