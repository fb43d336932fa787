//! Unit tests of the paper venue: which effects it answers, the fee constants, the saved
//! account (round trip, refusal of a bad file, re-placing at the back of the queue), and a
//! book update that crosses a resting order.

use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::app::{Effect, Msg};
use crate::coinbase::{parse, wire};
use crate::domain::{
    BookEvent, BookLevel, BookSide, EditOrder, Granularity, LimitGtc, NewOrder, OrderConfig, OrderStatus,
    ProductId, Side, Trade,
};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn btc() -> ProductId {
    ProductId::parse("BTC-USD").expect("id")
}

fn at(sec: i64) -> At {
    let wall: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 12, 4, 19, 0, 0).single().expect("time");
    At { wall: wall + chrono::Duration::seconds(sec), mono: Instant::now() }
}

fn products() -> Msg {
    let product: wire::Product =
        serde_json::from_str(include_str!("../../tests/fixtures/rest/product_btc_usd.json"))
            .expect("product");
    Msg::ProductsLoaded(parse::products(&[product]))
}

fn book(kind: EventKind, levels: &[(BookSide, &str, &str)]) -> Msg {
    let levels =
        levels.iter().map(|(side, p, q)| BookLevel { side: *side, price: d(p), size: d(q) }).collect();
    let event = MarketEvent::Book(BookEvent { product: btc(), kind, levels });
    Msg::Feed { feed: FeedKind::Market, event: FeedEvent::Market(vec![event]), at: Instant::now() }
}

fn trade(price: &str, size: &str, taker: Side) -> Msg {
    let trade =
        Trade { id: "1".into(), product: btc(), time: at(0).wall, taker, price: d(price), size: d(size) };
    let event = MarketEvent::Trades { kind: EventKind::Update, trades: vec![trade] };
    Msg::Feed { feed: FeedKind::Market, event: FeedEvent::Market(vec![event]), at: Instant::now() }
}

fn limit_buy(id: &str, size: &str, price: &str) -> NewOrder {
    let config =
        OrderConfig::LimitGtc(LimitGtc { base_size: d(size), limit_price: d(price), post_only: false });
    NewOrder { client_order_id: id.into(), product_id: btc(), side: Side::Buy, config }
}

/// A venue with the BTC-USD catalogue and a book: bids 100 × 1.5, asks 101 × 1.
fn venue(book_state: PaperBook) -> PaperVenue {
    let mut venue = PaperVenue::new(book_state, false);
    venue.observe(&products(), at(0));
    venue.observe(
        &book(EventKind::Snapshot, &[(BookSide::Bid, "100", "1.5"), (BookSide::Ask, "101", "1")]),
        at(1),
    );
    venue
}

fn open_orders(venue: &mut PaperVenue) -> Vec<crate::domain::OrderRecord> {
    match venue.perform(&Effect::LoadOpenOrders, at(9)).expect("answered").remove(0) {
        Msg::OpenOrdersLoaded(orders) => orders,
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_order_effect_and_account_load_is_answered_here_and_nothing_else() {
    let edit = EditOrder { order_id: "x".into(), price: d("1"), size: d("1") };
    let since = at(0).wall;
    let ours = [
        Effect::PlaceOrder(limit_buy("a", "1", "100")),
        Effect::PreviewOrder(limit_buy("b", "1", "100")),
        Effect::CancelOrders { order_ids: vec!["x".into()] },
        Effect::EditOrder(edit.clone()),
        Effect::PreviewEdit(edit),
        Effect::LoadAccounts,
        Effect::LoadOpenOrders,
        Effect::LoadFills,
        Effect::LoadOrderHistory,
        Effect::FindOrder { client_order_id: "a".into(), product: btc(), since },
        Effect::LoadOrdersSince { since, order_ids: vec![] },
    ];
    let theirs = [
        Effect::LoadProducts,
        Effect::LoadCandles { product: btc(), granularity: Granularity::OneMinute, end: 0 },
        Effect::LoadTrades { product: btc() },
        Effect::SubscribeMarket { products: vec![btc()] },
        Effect::ResyncBook { product: btc() },
    ];
    for venue_fees in [false, true] {
        let mut venue = PaperVenue::new(PaperBook::starting("USD"), venue_fees);
        for effect in &ours {
            assert!(venue.perform(effect, at(0)).is_some(), "{effect:?}");
        }
        for effect in &theirs {
            assert_eq!(venue.perform(effect, at(0)), None, "{effect:?}");
        }
        for effect in [Effect::LoadFees, Effect::CheckKey] {
            assert_eq!(venue.perform(&effect, at(0)).is_none(), venue_fees, "{effect:?}");
        }
    }
}

#[test]
fn the_default_tier_is_coinbase_intro_and_the_synthetic_funds_are_ten_to_the_fifteen() {
    assert_eq!((LOWEST_TIER.maker, LOWEST_TIER.taker), (d("0.005"), d("0.009")));
    assert_eq!(SYNTHETIC_FUNDS, d("1000000000000000"));
    assert_eq!(STARTING_BALANCE, d("10000"));
    let mut venue = PaperVenue::new(PaperBook::starting("USD"), false);
    let tier = FeeTier { name: "Intro (paper default)".into(), rates: LOWEST_TIER };
    assert_eq!(venue.perform(&Effect::LoadFees, at(0)), Some(vec![Msg::FeesLoaded(Some(tier))]));
}

#[test]
fn a_saved_account_reads_back_the_same() {
    let mut book = PaperBook::starting("USD");
    book.balances.push(SavedBalance { currency: "BTC".into(), amount: d("0.25") });
    let order = limit_buy("c1", "0.5", "100.25");
    book.open_orders.push(SavedOrder {
        client_order_id: order.client_order_id,
        product_id: order.product_id,
        side: order.side,
        order_configuration: order.config,
    });
    assert_eq!(PaperBook::from_json(&book.to_json()), Ok(book));
}

#[test]
fn a_bad_file_is_refused_with_the_reason() {
    for (text, reason) in [
        (
            "{\"version\": 1, \"balances\": [",
            "not a valid paper account file: EOF while parsing a list at line 1 column 28",
        ),
        (
            r#"{"version":2,"balances":[],"open_orders":[]}"#,
            "version 2 is not understood (this cbterm reads version 1)",
        ),
        (
            r#"{"version":1,"balances":[{"currency":"USD","amount":"-5"}],"open_orders":[]}"#,
            "balance \"USD\" -5 is not a valid amount",
        ),
        (
            r#"{"version":1,"balances":[],"open_orders":[{"client_order_id":"a","product_id":"btc usd","side":"BUY","order_configuration":{"limit_limit_gtc":{"base_size":"1","limit_price":"1"}}}]}"#,
            "\"btc usd\" is not a product id like BTC-USD",
        ),
    ] {
        assert_eq!(PaperBook::from_json(text), Err(StoreError(reason.into())), "{text}");
    }
}

#[test]
fn an_open_order_is_saved_with_what_is_left_and_re_placed_behind_the_visible_size() {
    let mut first = venue(PaperBook::starting("USD"));
    first.perform(&Effect::PlaceOrder(limit_buy("c1", "1", "100")), at(2));
    first.observe(&trade("100", "1.7", Side::Sell), at(3));
    let saved = first.saved();
    let usd = d("10000") - d("20") - d("0.1");
    let expected = SavedOrder {
        client_order_id: "c1".into(),
        product_id: btc(),
        side: Side::Buy,
        order_configuration: limit_buy("c1", "0.8", "100").config,
    };
    assert_eq!(saved.open_orders, vec![expected]);
    assert_eq!(
        saved.balances,
        vec![
            SavedBalance { currency: "BTC".into(), amount: d("0.2") },
            SavedBalance { currency: "USD".into(), amount: usd }
        ]
    );

    let mut second = venue(PaperBook::from_json(&saved.to_json()).expect("read back"));
    let [order] = open_orders(&mut second).try_into().expect("one order");
    assert_eq!(
        (order.client_order_id.as_str(), order.size, order.filled),
        ("c1", Some(crate::domain::Size::Base(d("0.8"))), d("0"))
    );
    second.observe(&trade("100", "1.5", Side::Sell), at(4));
    assert_eq!(open_orders(&mut second)[0].filled, d("0"), "the 1.5 of the snapshot is ahead");
    second.observe(&trade("100", "0.3", Side::Sell), at(5));
    assert_eq!(open_orders(&mut second)[0].filled, d("0.3"));
}

#[test]
fn an_ask_that_moves_through_a_resting_bid_fills_it_at_the_bid_price() {
    let mut venue = venue(PaperBook::starting("USD"));
    venue.perform(&Effect::PlaceOrder(limit_buy("c1", "0.5", "100.50")), at(2));
    let answers = venue.observe(&book(EventKind::Update, &[(BookSide::Ask, "100.25", "2")]), at(3));
    let Some(Msg::Feed { event: FeedEvent::User(updates), .. }) = answers.first() else {
        panic!("{answers:?}")
    };
    let order = &updates[0].order;
    assert_eq!(
        (order.status.clone(), order.filled, order.avg_price),
        (OrderStatus::Filled, d("0.5"), Some(d("100.5")))
    );
    assert_eq!(order.fees, d("0.25125"), "maker rate 0.5 % of 50.25");
}

#[test]
fn absurd_sizes_and_prices_from_the_feed_change_nothing_and_never_panic() {
    let mut venue = venue(PaperBook::starting("USD"));
    let huge = "70000000000000000000000000000";
    venue.observe(
        &book(EventKind::Update, &[(BookSide::Bid, "99", huge), (BookSide::Bid, "98", huge)]),
        at(2),
    );
    venue
        .observe(&book(EventKind::Update, &[(BookSide::Ask, "0", "1"), (BookSide::Ask, "102", "-1")]), at(3));
    venue.observe(&trade("97", huge, Side::Sell), at(4));
    venue.observe(&trade("-1", "1", Side::Buy), at(5));
    let accepted = venue.perform(&Effect::PlaceOrder(limit_buy("c1", "1", "100")), at(6)).expect("answered");
    assert!(matches!(accepted[0], Msg::OrderAccepted { .. }), "{accepted:?}");
    assert_eq!(open_orders(&mut venue)[0].filled, d("0"), "nothing traded");
}

#[test]
fn a_level2_shrink_that_comes_before_its_trade_is_not_counted_twice() {
    let mut venue = venue(PaperBook::starting("USD"));
    venue.perform(&Effect::PlaceOrder(limit_buy("c1", "1", "100")), at(2));
    venue.observe(&book(EventKind::Update, &[(BookSide::Bid, "100", "0.5")]), at(3));
    venue.observe(&trade("100", "1.0", Side::Sell), at(3));
    assert_eq!(open_orders(&mut venue)[0].filled, d("0"), "the update was that trade: 0.5 still ahead");
    venue.observe(&trade("100", "0.7", Side::Sell), at(4));
    assert_eq!(open_orders(&mut venue)[0].filled, d("0.2"));
}

#[test]
fn a_shrink_with_no_trade_within_a_second_is_cancels_from_the_back() {
    let mut venue = venue(PaperBook::starting("USD"));
    venue.perform(&Effect::PlaceOrder(limit_buy("c1", "1", "100")), at(2));
    venue.observe(&book(EventKind::Update, &[(BookSide::Bid, "100", "1.0")]), at(3));
    venue.observe(&trade("100", "1.2", Side::Sell), at(5));
    assert_eq!(open_orders(&mut venue)[0].filled, d("0.2"), "1.0 was left ahead, then 1.2 traded");
}
