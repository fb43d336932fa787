//! Edits: queue position, holds, edit previews and the refusals Coinbase gives.

use super::*;
use crate::domain::{StopDirection, StopLimit};

/// The order ids resting at `price` on the ask side, in time priority.
fn ask_queue(e: &Engine, price: &str) -> Vec<String> {
    let book = e.books.get(&btc_id()).expect("book");
    book.iter(Side::Sell)
        .find(|(p, _)| **p == d(price))
        .map(|(_, l)| l.queue.iter().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn a_smaller_size_keeps_the_queue_place_a_larger_one_or_a_new_price_loses_it() {
    let mut e = engine();
    let first = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let second = place(&mut e, "bob", Side::Sell, gtc("1", "100"));
    assert_eq!(e.edit("alice", &first, d("100"), d("0.4"), t0()), Ok(()));
    assert_eq!(ask_queue(&e, "100"), [first.clone(), second.clone()], "a decrease keeps its place");
    assert_eq!(order(&e, &first).order_id, first, "the order keeps its id");
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 1), vec![(d("100"), d("1.4"))]);
    assert_eq!(bal(&e, "alice", "BTC"), (d("99.6"), d("0.4")), "the hold follows the size");
    assert_eq!(e.edit("alice", &first, d("100"), d("0.5"), t0()), Ok(()));
    assert_eq!(ask_queue(&e, "100"), [second.clone(), first.clone()], "an increase goes to the back");
    assert_eq!(e.edit("bob", &second, d("100.01"), d("1"), t0()), Ok(()));
    assert_eq!(e.edit("bob", &second, d("100"), d("1"), t0()), Ok(()));
    assert_eq!(ask_queue(&e, "100"), [first.clone(), second.clone()], "a price change goes to the back");
    e.fund("carol", "USD", d("1000"));
    place(&mut e, "carol", Side::Buy, market_base("0.5"));
    assert_eq!(order(&e, &first).status, OrderStatus::Filled, "the head of the queue fills first");
    assert_eq!(order(&e, &second).filled_size, d("0"));
}

#[test]
fn a_buy_edit_moves_the_quote_hold_to_the_new_price_and_size() {
    let mut e = engine();
    let bid = place(&mut e, "alice", Side::Buy, gtc("1", "90"));
    assert_eq!(bal(&e, "alice", "USD"), (d("100000") - d("90.54"), d("90.54")));
    assert_eq!(e.edit("alice", &bid, d("80"), d("2"), t0()), Ok(()));
    assert_eq!(bal(&e, "alice", "USD"), (d("100000") - d("160.96"), d("160.96")));
    let o = order(&e, &bid);
    assert_eq!(
        (o.outstanding_hold, o.leaves_quantity, o.config.limit_price()),
        (d("160.96"), d("2"), Some(d("80")))
    );
}

#[test]
fn edits_of_other_orders_are_refused_with_coinbase_reasons() {
    let mut e = engine();
    let stop = StopLimit {
        base_size: d("1"),
        limit_price: d("120"),
        stop_price: d("110"),
        stop_direction: StopDirection::Up,
        end_time: None,
    };
    let stop = place(&mut e, "alice", Side::Buy, OrderConfig::StopLimitGtc(stop));
    let reason = |r: Result<(), EditReject>| r.map_err(|r| (r.edit, r.preview));
    let only_limit = Err(("ONLY_LIMIT_ORDER_EDITS_SUPPORTED", "UNKNOWN_PREVIEW_FAILURE_REASON"));
    assert_eq!(reason(e.edit("alice", &stop, d("121"), d("1"), t0())), only_limit);
    let ask = place(&mut e, "bob", Side::Sell, gtc("1", "100"));
    place(&mut e, "alice", Side::Buy, market_base("1"));
    let done = Err(("ONLY_OPEN_ORDERS_CAN_BE_EDITED", "UNKNOWN_PREVIEW_FAILURE_REASON"));
    assert_eq!(reason(e.edit("bob", &ask, d("101"), d("1"), t0())), done);
    let big = place(&mut e, "alice", Side::Buy, gtc("1", "50"));
    let poor = Err(("COMMANDER_REJECTED_EDIT_ORDER", "PREVIEW_INSUFFICIENT_FUND"));
    assert_eq!(reason(e.edit("alice", &big, d("200"), d("999"), t0())), poor);
    assert_eq!(
        e.edit_preview("alice", &big, d("200"), d("999"), t0()).map(|_| ()).map_err(|r| (r.edit, r.preview)),
        poor
    );
    assert_eq!(order(&e, &big).outstanding_hold, d("50.3"), "a refused edit changes nothing");
}

#[test]
fn edit_preview_counts_the_current_hold_and_changes_nothing() {
    let mut e = engine();
    e.fund("carol", "USD", d("100.6"));
    let bid = place(&mut e, "carol", Side::Buy, gtc("1", "100"));
    let preview =
        e.edit_preview("carol", &bid, d("99"), d("1"), t0()).expect("fundable with the hold it has");
    assert_eq!(
        (preview.base_size, preview.quote_size, preview.commission_total),
        (d("1"), d("99"), d("0.396"))
    );
    assert_eq!(preview.errs, Vec::<&str>::new());
    assert_eq!(order(&e, &bid).config.limit_price(), Some(d("100")));
    assert_eq!(bal(&e, "carol", "USD"), (d("0"), d("100.6")));
}

#[test]
fn accepted_edits_are_kept_newest_five_in_the_edit_history() {
    let mut e = engine();
    let bid = place(&mut e, "alice", Side::Buy, gtc("1", "90"));
    assert_eq!(order(&e, &bid).edit_history, vec![], "no edit yet");
    for i in 1..=6 {
        assert_eq!(e.edit("alice", &bid, d("90") + Decimal::from(i), d("1"), at(i)), Ok(()));
    }
    assert!(e.edit("alice", &bid, d("96"), d("1"), at(7)).is_err(), "a refused edit is not recorded");
    let record = |i: i64| EditRecord {
        price: d("90") + Decimal::from(i),
        size: d("1"),
        replace_accept_timestamp: at(i),
    };
    assert_eq!(order(&e, &bid).edit_history, (2..=6).map(record).collect::<Vec<_>>());
}
