//! Self-trade prevention, decrement and cancel: the smaller order is cancelled, the larger
//! decremented, equal sizes cancel both; nothing trades.

use super::*;

/// Status, filled size, leaves, cancel reason and hold of an order.
fn outcome(e: &Engine, id: &str) -> (OrderStatus, Decimal, Decimal, Option<&'static str>, Decimal) {
    let o = order(e, id);
    (o.status, o.filled_size, o.leaves_quantity, o.cancel_reason, o.outstanding_hold)
}

const STP: Option<&str> = Some(SELF_TRADE_CANCEL);

#[test]
fn a_self_match_cancels_the_smaller_order_and_decrements_the_larger() {
    struct Case {
        name: &'static str,
        resting: &'static str,
        taker: OrderConfig,
        maker_after: (OrderStatus, Decimal, Decimal, Option<&'static str>, Decimal),
        taker_after: (OrderStatus, Decimal, Decimal, Option<&'static str>, Decimal),
        asks: Vec<(Decimal, Decimal)>,
    }
    let open = OrderStatus::Open;
    let cases = [
        Case {
            name: "smaller taker",
            resting: "1",
            taker: market_base("0.4"),
            maker_after: (open.clone(), d("0"), d("0.6"), None, d("0.6")),
            taker_after: (OrderStatus::Cancelled, d("0"), d("0"), STP, d("0")),
            asks: vec![(d("100"), d("0.6")), (d("101"), d("1"))],
        },
        Case {
            name: "smaller maker",
            resting: "0.4",
            taker: gtc("1", "101"),
            maker_after: (OrderStatus::Cancelled, d("0"), d("0"), STP, d("0")),
            taker_after: (OrderStatus::Filled, d("0.6"), d("0"), None, d("0")),
            asks: vec![(d("101"), d("0.4"))],
        },
        Case {
            name: "equal sizes",
            resting: "1",
            taker: gtc("1", "100"),
            maker_after: (OrderStatus::Cancelled, d("0"), d("0"), STP, d("0")),
            taker_after: (OrderStatus::Cancelled, d("0"), d("0"), STP, d("0")),
            asks: vec![(d("101"), d("1"))],
        },
    ];
    for case in cases {
        let mut e = engine();
        let mine = place(&mut e, "alice", Side::Sell, gtc(case.resting, "100"));
        place(&mut e, "bob", Side::Sell, gtc("1", "101"));
        let taker = place(&mut e, "alice", Side::Buy, case.taker);
        assert_eq!(outcome(&e, &mine), case.maker_after, "{}: resting order", case.name);
        assert_eq!(outcome(&e, &taker), case.taker_after, "{}: incoming order", case.name);
        assert_eq!(e.book_levels(&btc_id(), Side::Sell, 5), case.asks, "{}", case.name);
        let own_fills = e.fills("alice").filter(|f| f.order_id == mine).count();
        assert_eq!(own_fills, 0, "{}: alice never trades with herself", case.name);
    }
}

#[test]
fn a_self_match_releases_the_holds_and_moves_no_money() {
    let mut e = engine();
    place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    place(&mut e, "alice", Side::Buy, gtc("0.4", "100"));
    assert_eq!(bal(&e, "alice", "USD"), (d("100000"), d("0")), "the cancelled buy holds nothing");
    assert_eq!(bal(&e, "alice", "BTC"), (d("99.4"), d("0.6")), "the sell holds its decremented size");
    assert!(e.last_trade(&btc_id()).is_none(), "nothing printed");
}

#[test]
fn a_quote_sized_market_buy_has_its_funds_decremented() {
    let mut e = engine();
    let mine = place(&mut e, "alice", Side::Sell, gtc("0.5", "100"));
    place(&mut e, "bob", Side::Sell, gtc("1", "100"));
    let quote = OrderConfig::MarketIoc(MarketIoc { base_size: None, quote_size: Some(d("100.3")) });
    let taker = place(&mut e, "alice", Side::Buy, quote);
    assert_eq!(outcome(&e, &mine), (OrderStatus::Cancelled, d("0"), d("0"), STP, d("0")));
    // 50 of the funds go to the self-match, the other 50.3 buy 0.5 from bob with the fee.
    assert_eq!(outcome(&e, &taker), (OrderStatus::Filled, d("0.5"), d("0"), None, d("0")));
    assert_eq!(bal(&e, "alice", "USD"), (d("100000") - d("50.3"), d("0")));
}
