//! Stop-limit and bracket orders.

use super::*;
use crate::domain::{Bracket, StopDirection, StopLimit};

fn stop_limit(size: &str, limit: &str, stop: &str, direction: StopDirection) -> OrderConfig {
    OrderConfig::StopLimitGtc(StopLimit {
        base_size: d(size),
        limit_price: d(limit),
        stop_price: d(stop),
        stop_direction: direction,
        end_time: None,
    })
}

fn bracket(limit: &str, stop: &str) -> OrderConfig {
    OrderConfig::BracketGtc(Bracket {
        base_size: d("1"),
        limit_price: d(limit),
        stop_trigger_price: d(stop),
        end_time: None,
    })
}

/// A trade at `price` between alice (resting) and carol (taking).
fn print_trade(e: &mut Engine, price: &str) {
    e.fund("carol", "BTC", d("10"));
    e.fund("carol", "USD", d("10000"));
    place(e, "alice", Side::Buy, gtc("0.02", price));
    place(e, "carol", Side::Sell, ioc("0.02", price));
}

#[test]
fn stop_limit_waits_then_triggers_into_a_limit_order() {
    let mut e = engine();
    let stop = place(&mut e, "bob", Side::Sell, stop_limit("1", "94", "95", StopDirection::Down));
    let s = order(&e, &stop);
    assert_eq!(
        (s.status.clone(), s.trigger_status(), s.triggered),
        (OrderStatus::Open, "STOP_PENDING", false)
    );
    assert_eq!(bal(&e, "bob", "BTC"), (d("99"), d("1")));
    assert!(e.book_levels(&btc_id(), Side::Sell, 1).is_empty(), "a pending stop is not on the book");
    place(&mut e, "alice", Side::Buy, gtc("0.4", "94.50"));
    print_trade(&mut e, "96");
    assert!(!order(&e, &stop).triggered, "96 is above the stop");
    print_trade(&mut e, "95");
    let s = order(&e, &stop);
    assert_eq!((s.trigger_status(), s.working_price), ("STOP_TRIGGERED", Some(d("94"))));
    assert_eq!(s.filled_size, d("0.4"), "took the 94.50 bid at once");
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 1), vec![(d("94"), d("0.6"))]);
}

#[test]
fn stop_up_buy_triggers_on_a_rise() {
    let mut e = engine();
    let stop = place(&mut e, "bob", Side::Buy, stop_limit("1", "106", "105", StopDirection::Up));
    assert_eq!(order(&e, &stop).outstanding_hold, d("106.636"));
    print_trade(&mut e, "104.99");
    assert!(!order(&e, &stop).triggered);
    print_trade(&mut e, "105.01");
    let s = order(&e, &stop);
    assert!(s.triggered);
    assert_eq!(e.book_levels(&btc_id(), Side::Buy, 1), vec![(d("106"), d("1"))]);
}

#[test]
fn bracket_take_profit_fills_like_a_limit_order() {
    let mut e = engine();
    let id = place(&mut e, "bob", Side::Sell, bracket("110", "90"));
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 1), vec![(d("110"), d("1"))]);
    assert_eq!(order(&e, &id).trigger_status(), "STOP_PENDING");
    place(&mut e, "alice", Side::Buy, market_base("1"));
    let o = order(&e, &id);
    assert_eq!((o.status, o.triggered), (OrderStatus::Filled, false));
    print_trade(&mut e, "80");
    assert_eq!(order(&e, &id).status, OrderStatus::Filled, "a filled bracket never triggers");
}

#[test]
fn bracket_stop_replaces_the_take_profit_with_an_exit_five_percent_through() {
    let mut e = engine();
    let id = place(&mut e, "bob", Side::Sell, bracket("110", "90"));
    place(&mut e, "alice", Side::Buy, gtc("0.5", "86"));
    print_trade(&mut e, "90");
    let o = order(&e, &id);
    assert_eq!((o.triggered, o.working_price), (true, Some(d("85.50"))));
    assert_eq!(o.filled_size, d("0.5"), "sold into the 86 bid");
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 2), vec![(d("85.50"), d("0.5"))]);
    assert_eq!(o.status, OrderStatus::Open);
}

#[test]
fn buy_bracket_holds_enough_for_its_exit_price() {
    let mut e = engine();
    let id = place(&mut e, "bob", Side::Buy, bracket("90", "100"));
    // exit = 100 × 1.05 = 105, hold = 105 × 1 × 1.006
    assert_eq!(order(&e, &id).outstanding_hold, d("105.63"));
    place(&mut e, "alice", Side::Sell, gtc("1", "104"));
    print_trade(&mut e, "100");
    let o = order(&e, &id);
    assert_eq!((o.status, o.average_filled_price), (OrderStatus::Filled, d("104")));
    assert_eq!(bal(&e, "bob", "USD"), (d("100000") - d("104") - d("0.624"), d("0")));
}

#[test]
fn a_stop_the_last_trade_already_meets_is_refused_with_coinbase_reasons() {
    let mut e = engine();
    print_trade(&mut e, "100");
    let refuse = |e: &mut Engine, side, config| {
        let reject = e.place("bob", new_order(side, config), t0()).expect_err("refused");
        (reject.reason, reject.preview_reason, reject.message)
    };
    let stop = "PREVIEW_INVALID_STOP_PRICE";
    assert_eq!(
        refuse(&mut e, Side::Buy, stop_limit("1", "101", "100", StopDirection::Up)),
        (stop, stop, "stop price 100 must be above the last trade price 100".to_string())
    );
    assert_eq!(
        refuse(&mut e, Side::Sell, stop_limit("1", "100", "101", StopDirection::Down)),
        (stop, stop, "stop price 101 must be below the last trade price 100".to_string())
    );
    assert_eq!(
        refuse(&mut e, Side::Sell, bracket("110", "100.01")),
        (
            "INVALID_BRACKET_STOP_TRIGGER_PRICE",
            stop,
            "stop price 100.01 must be below the last trade price 100".to_string()
        )
    );
    let preview =
        e.preview("bob", Side::Buy, &btc_id(), &stop_limit("1", "101", "99", StopDirection::Up), t0());
    assert_eq!(preview.errs, vec![stop]);
    place(&mut e, "bob", Side::Buy, stop_limit("1", "101.5", "101", StopDirection::Up));
    place(&mut e, "bob", Side::Sell, stop_limit("1", "98.5", "99", StopDirection::Down));
    place(&mut e, "bob", Side::Sell, bracket("110", "99"));
}

#[test]
fn without_a_last_trade_stops_are_not_checked() {
    let mut e = engine();
    place(&mut e, "bob", Side::Buy, stop_limit("1", "101", "1", StopDirection::Up));
}
