//! Order types: post-only, FOK, IOC, market by quote, edits, GTD expiry, preview.

use super::*;
use crate::domain::LimitGtd;

#[test]
fn post_only_that_would_cross_is_rejected() {
    let mut e = engine();
    place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let po = |price: &str| {
        OrderConfig::LimitGtc(LimitGtc { base_size: d("1"), limit_price: d(price), post_only: true })
    };
    let err = e.place("bob", new_order(Side::Buy, po("100")), t0()).expect_err("crosses");
    assert_eq!(err.reason, "INVALID_LIMIT_PRICE_POST_ONLY");
    assert_eq!(err.preview_reason, "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY");
    let ok = place(&mut e, "bob", Side::Buy, po("99.99"));
    assert_eq!(order(&e, &ok).status, OrderStatus::Open);
}

#[test]
fn fill_or_kill_is_all_or_nothing() {
    let mut e = engine();
    let ask = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let fok = |size: &str| OrderConfig::LimitFok(LimitIoc { base_size: d(size), limit_price: d("100") });
    e.drain_events();
    let killed = place(&mut e, "bob", Side::Buy, fok("2"));
    let k = order(&e, &killed);
    assert_eq!((k.status, k.filled_size, k.number_of_fills), (OrderStatus::Expired, d("0"), 0));
    assert_eq!(bal(&e, "bob", "USD"), (d("100000"), d("0")));
    assert_eq!(order(&e, &ask).filled_size, d("0"));
    assert!(
        !e.drain_events()
            .iter()
            .any(|ev| matches!(ev, EngineEvent::Trade { .. } | EngineEvent::Level { .. }))
    );
    let filled = place(&mut e, "bob", Side::Buy, fok("1"));
    assert_eq!(order(&e, &filled).status, OrderStatus::Filled);
}

#[test]
fn ioc_leftovers_end_cancelled_or_expired() {
    let mut e = engine();
    place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let none = place(&mut e, "bob", Side::Buy, ioc("1", "99"));
    assert_eq!(order(&e, &none).status, OrderStatus::Expired);
    let part = place(&mut e, "bob", Side::Buy, ioc("1.5", "100"));
    let p = order(&e, &part);
    assert_eq!((p.status, p.filled_size, p.leaves_quantity), (OrderStatus::Cancelled, d("1"), d("0")));
    assert_eq!(bal(&e, "bob", "USD").1, d("0"), "leftover hold released");
    let empty = place(&mut e, "bob", Side::Buy, market_base("1"));
    assert_eq!(order(&e, &empty).status, OrderStatus::Expired);
}

#[test]
fn market_buy_by_quote_spends_at_most_the_quote_size_fees_included() {
    let mut e = engine();
    place(&mut e, "alice", Side::Sell, gtc("0.1", "100"));
    place(&mut e, "alice", Side::Sell, gtc("10", "101"));
    let config = OrderConfig::MarketIoc(MarketIoc { quote_size: Some(d("50.00")), base_size: None });
    let id = place(&mut e, "bob", Side::Buy, config);
    let o = order(&e, &id);
    assert_eq!(o.status, OrderStatus::Filled);
    let spent = d("100000") - bal(&e, "bob", "USD").0;
    assert_eq!(spent, o.filled_value + o.total_fees);
    assert!(spent <= d("50") && spent > d("49.9"), "spent {spent}");
    assert_eq!(bal(&e, "bob", "USD").1, d("0"));
    assert_eq!(o.number_of_fills, 2);
    let sell_by_quote = OrderConfig::MarketIoc(MarketIoc { quote_size: Some(d("50")), base_size: None });
    let err = e.place("bob", new_order(Side::Sell, sell_by_quote), t0()).expect_err("sell by quote");
    assert_eq!(err.reason, "UNSUPPORTED_ORDER_CONFIGURATION");
}

#[test]
fn market_buy_by_base_needs_funds_for_the_fills() {
    let mut e = engine();
    e.fund("poor", "USD", d("50"));
    place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let err = e.place("poor", new_order(Side::Buy, market_base("0.5")), t0()).expect_err("50.30 needed");
    assert_eq!(err.reason, "INSUFFICIENT_FUND");
    let ok = e.place("poor", new_order(Side::Buy, market_base("0.4")), t0()).expect("40.24 needed");
    assert_eq!(order(&e, &ok).status, OrderStatus::Filled);
    assert_eq!(bal(&e, "poor", "USD"), (d("9.76"), d("0")));
}

#[test]
fn edit_changes_price_and_size_and_loses_priority() {
    let mut e = engine();
    let first = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    let second = place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    assert_eq!(
        e.edit("alice", &first, d("100"), d("1"), t0()).map_err(|r| r.edit),
        Err("EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST")
    );
    assert_eq!(
        e.edit("alice", &first, d("100.001"), d("1"), t0()).map_err(|r| r.edit),
        Err("INVALID_EDITED_PRICE")
    );
    assert_eq!(e.edit("bob", &first, d("100"), d("2"), t0()).map_err(|r| r.edit), Err("ORDER_NOT_FOUND"));
    assert_eq!(e.edit("alice", &first, d("100"), d("2"), t0()).map_err(|r| r.edit), Ok(()));
    assert_eq!(bal(&e, "alice", "BTC"), (d("97"), d("3")));
    assert_eq!(e.book_levels(&btc_id(), Side::Sell, 1), vec![(d("100"), d("3"))]);
    place(&mut e, "bob", Side::Buy, market_base("1"));
    assert_eq!(order(&e, &second).status, OrderStatus::Filled, "the unedited order is first now");
    assert_eq!(e.edit("alice", &first, d("100"), d("0.5"), t0()).map_err(|r| r.edit), Ok(()));
    place(&mut e, "bob", Side::Buy, market_base("0.2"));
    assert_eq!(
        e.edit("alice", &first, d("100"), d("0.1"), t0()).map_err(|r| r.edit),
        Err("CANNOT_EDIT_TO_BELOW_FILLED_SIZE")
    );
    let mkt = place(&mut e, "bob", Side::Buy, market_base("0.1"));
    assert_eq!(
        e.edit("bob", &mkt, d("1"), d("1"), t0()).map_err(|r| r.edit),
        Err("ONLY_LIMIT_ORDER_EDITS_SUPPORTED")
    );
    let bid = place(&mut e, "bob", Side::Buy, gtc("1", "90"));
    assert_eq!(
        e.edit("bob", &bid, d("100"), d("1"), t0()).map_err(|r| r.edit),
        Ok(()),
        "crosses at the new price"
    );
    let b = order(&e, &bid);
    assert_eq!((b.filled_size, b.status), (d("0.2"), OrderStatus::Open));
    assert_eq!(bal(&e, "alice", "BTC").1, d("0"));
}

#[test]
fn gtd_orders_expire_and_release_their_hold() {
    let mut e = engine();
    let config = OrderConfig::LimitGtd(LimitGtd {
        base_size: d("1"),
        limit_price: d("100"),
        end_time: at(10),
        post_only: false,
    });
    let id = place(&mut e, "bob", Side::Buy, config);
    e.expire(at(9));
    assert_eq!(order(&e, &id).status, OrderStatus::Open);
    e.expire(at(10));
    let o = order(&e, &id);
    assert_eq!((o.status, o.outstanding_hold), (OrderStatus::Expired, d("0")));
    assert_eq!(bal(&e, "bob", "USD"), (d("100000"), d("0")));
    assert!(e.book_levels(&btc_id(), Side::Buy, 1).is_empty());
    assert_eq!(e.cancel("bob", &id, at(11)), Err("INVALID_CANCEL_REQUEST"));
}

#[test]
fn preview_estimates_fees_and_reports_errors() {
    let mut e = engine();
    place(&mut e, "alice", Side::Sell, gtc("1", "100"));
    place(&mut e, "alice", Side::Buy, gtc("1", "99"));
    let p = e.preview("bob", Side::Buy, &btc_id(), &market_base("0.5"), t0());
    assert!(p.errs.is_empty(), "{:?}", p.errs);
    assert_eq!(
        (p.base_size, p.quote_size, p.commission_total, p.order_total),
        (d("0.5"), d("50"), d("0.3"), d("50.3"))
    );
    assert_eq!((p.best_bid, p.best_ask), (Some(d("99")), Some(d("100"))));
    assert_eq!(p.est_average_filled_price, d("100"));
    let rest = e.preview("bob", Side::Sell, &btc_id(), &gtc("2", "101"), t0());
    assert_eq!((rest.quote_size, rest.commission_total), (d("202"), d("0.808")));
    let broke = e.preview("nobody", Side::Buy, &btc_id(), &gtc("1", "98"), t0());
    assert_eq!(broke.errs, vec!["PREVIEW_INSUFFICIENT_FUND"]);
    let small = e.preview("bob", Side::Buy, &btc_id(), &gtc("0.001", "98"), t0());
    assert_eq!(small.errs, vec!["PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL"]);
    assert_eq!(e.orders("bob").count(), 0, "preview places nothing");
}

#[test]
fn a_limited_history_keeps_working_orders_and_the_newest_terminal_ones() {
    let mut e = engine();
    e.limit_history("bob", 40);
    let resting = place(&mut e, "bob", Side::Buy, gtc("1", "50"));
    let mut filled = Vec::new();
    for _ in 0..100 {
        place(&mut e, "alice", Side::Sell, gtc("0.01", "100"));
        filled.push(place(&mut e, "bob", Side::Buy, ioc("0.01", "100")));
    }
    let kept: Vec<&str> = e.orders("bob").map(|o| o.order_id.as_str()).collect();
    assert!(kept.len() <= 2 * 40 + 1, "bounded: {} orders kept", kept.len());
    assert!(kept.contains(&resting.as_str()), "a working order is never dropped");
    assert!(kept.contains(&filled[99].as_str()), "the newest terminal order is kept");
    assert!(!kept.contains(&filled[0].as_str()), "the oldest terminal order is gone");
    assert_eq!(e.fills("bob").count(), 40, "fills are cut to the limit");
    assert_eq!(e.orders("alice").count(), 100, "other users keep the default history");
}

#[test]
fn the_trade_log_keeps_the_newest_keep_trades_trades() {
    let mut e = engine();
    e.limit_history("alice", 10);
    e.limit_history("bob", 10);
    for _ in 0..KEEP_TRADES + 25 {
        place(&mut e, "alice", Side::Sell, gtc("0.01", "100"));
        place(&mut e, "bob", Side::Buy, ioc("0.01", "100"));
    }
    let log: Vec<u64> = e.trades_after(0).map(|t| t.seq).collect();
    assert_eq!(log.len(), KEEP_TRADES, "the oldest 25 trades forgotten");
    assert!(log.windows(2).all(|w| w[0] < w[1]), "oldest first, consecutive");
    assert_eq!(e.trades_after(log[0] - 1).count(), KEEP_TRADES);
}
