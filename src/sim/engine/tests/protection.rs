//! Price protection: the fill band cancels what is left beyond it, the refusal turns away a
//! limit price far through the market, and either can be switched off.

use super::*;

/// The product's defaults: 2 % band, refusal beyond 10 %.
fn protected() -> Engine {
    let mut e = engine();
    e.set_protection(&btc_id(), Protection::default_for(&btc_id()));
    e
}

/// Bids 99 and 97, asks 100, 101 and 103 (1 BTC each, bob's): mid 99.5, so the buy band ends
/// at 101.49 and the sell band at 97.51.
fn book(e: &mut Engine) {
    for (side, price) in
        [(Side::Buy, "99"), (Side::Buy, "97"), (Side::Sell, "100"), (Side::Sell, "101"), (Side::Sell, "103")]
    {
        place(e, "bob", side, gtc("1", price));
    }
}

/// The parts of an order the rules decide.
fn outcome(e: &Engine, id: &str) -> (OrderStatus, Decimal, Decimal, Option<&'static str>, Decimal) {
    let o = order(e, id);
    (o.status, o.filled_size, o.leaves_quantity, o.cancel_reason, o.outstanding_hold)
}

#[test]
fn taking_orders_fill_up_to_the_band_and_the_rest_is_cancelled() {
    let band = Some(PRICE_PROTECTION_CANCEL);
    let cases = [
        ("market buy", Side::Buy, market_base("3"), (OrderStatus::Cancelled, d("2"), d("0"), band, d("0"))),
        (
            "marketable limit buy",
            Side::Buy,
            gtc("3", "105"),
            (OrderStatus::Cancelled, d("2"), d("0"), band, d("0")),
        ),
        ("IOC sell", Side::Sell, ioc("2", "90"), (OrderStatus::Cancelled, d("1"), d("0"), band, d("0"))),
    ];
    let mut e = protected();
    book(&mut e);
    let within = place(&mut e, "alice", Side::Buy, gtc("1.5", "101"));
    assert_eq!(
        outcome(&e, &within),
        (OrderStatus::Filled, d("1.5"), d("0"), None, d("0")),
        "within the band"
    );
    for (name, side, config, expected) in cases {
        let mut e = protected();
        book(&mut e);
        let id = place(&mut e, "alice", side, config.clone());
        assert_eq!(outcome(&e, &id), expected, "{name}");
        let mut off = engine();
        book(&mut off);
        let id = place(&mut off, "alice", side, config);
        assert_ne!(outcome(&off, &id), expected, "{name}: without the band it fills further");
    }
}

#[test]
fn the_band_leaves_the_levels_beyond_it_on_the_book() {
    let mut e = protected();
    book(&mut e);
    place(&mut e, "alice", Side::Buy, market_base("3"));
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 5), vec![(d("103"), d("1"))]);
    assert_eq!(bal(&e, "alice", "USD"), (d("100000") - d("201") - d("1.206"), d("0")), "nothing stays held");
}

#[test]
fn a_limit_far_through_the_market_is_refused_with_coinbase_reasons() {
    let message = |limit: &str| format!("limit price {limit} is more than 10% through the market (99.5)");
    let refused = |limit: &str| {
        Err(Reject::new(
            "LIMIT_PRICE_TOO_FAR_FROM_MARKET",
            "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET",
            &message(limit),
        ))
    };
    let cases = [
        (Side::Buy, gtc("1", "109.46"), refused("109.46")),
        (Side::Sell, gtc("1", "89.54"), refused("89.54")),
        (Side::Buy, ioc("1", "200"), refused("200")),
        (Side::Buy, gtc("1", "109.45"), Ok(())),
        (Side::Sell, gtc("1", "89.55"), Ok(())),
        (Side::Buy, gtc("1", "10"), Ok(())),
    ];
    for (side, config, expected) in cases {
        let mut e = protected();
        book(&mut e);
        let got = e.place("alice", new_order(side, config.clone()), t0()).map(|_| ());
        assert_eq!(got, expected, "{side:?} {config:?}");
        let errs = e.preview("alice", side, &btc_id(), &config, t0()).errs;
        let want: Vec<&str> = expected.err().map(|r| r.preview_reason).into_iter().collect();
        assert_eq!(errs, want, "preview of {side:?} {config:?}");
    }
}

#[test]
fn the_refusal_measures_from_the_last_trade_when_a_side_is_empty_and_can_be_switched_off() {
    let mut e = protected();
    place(&mut e, "bob", Side::Sell, gtc("1", "100"));
    let limit = gtc("1", "1000");
    assert!(
        e.place("alice", new_order(Side::Buy, limit.clone()), t0()).is_ok(),
        "no bid, no trade: no reference"
    );
    let mut e = protected();
    place(&mut e, "bob", Side::Sell, gtc("0.5", "100"));
    place(&mut e, "alice", Side::Buy, market_base("0.5"));
    let far = e.place("alice", new_order(Side::Buy, limit.clone()), t0()).map_err(|r| r.message);
    assert_eq!(far, Err("limit price 1000 is more than 10% through the market (100)".into()));
    e.set_protection(&btc_id(), Protection { band: Some(d("0.02")), refuse_beyond: None });
    assert!(e.place("alice", new_order(Side::Buy, limit), t0()).is_ok(), "refusal off");
}

#[test]
fn an_edit_far_through_the_market_is_refused_as_an_invalid_price() {
    let mut e = protected();
    book(&mut e);
    let bid = place(&mut e, "alice", Side::Buy, gtc("1", "98"));
    let far =
        Err(EditReject { edit: "INVALID_EDITED_PRICE", preview: "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET" });
    assert_eq!(e.edit("alice", &bid, d("120"), d("1"), t0()), far);
    assert_eq!(e.edit_preview("alice", &bid, d("120"), d("1"), t0()).map(|_| ()), far);
    assert_eq!(outcome(&e, &bid).0, OrderStatus::Open, "a refused edit changes nothing");
}
