//! The wire → domain step (`coinbase::parse`) for the WebSocket feeds: each channel the
//! dashboard uses, from a recorded fixture to the exact events; values with no domain meaning
//! are errors or skipped, never guessed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use cbterm::coinbase::parse::{self, ParseError};
use cbterm::coinbase::wire::ws::{L2Event, L2Side, L2Update, Ticker as WireTicker};
use cbterm::coinbase::ws::{FeedError, FeedEvent as WireFeedEvent, ParseError as FeedParseError, WsMessage};
use cbterm::domain::*;
use serde_json::json;
use support::{dec, id, time};

mod support;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("fixtures/", $path))
    };
}

fn message(text: &str) -> FeedEvent {
    parse::message_event(&WsMessage::parse(text).expect("fixture parses"))
}

fn book_event(kind: EventKind, levels: Vec<BookLevel>) -> FeedEvent {
    FeedEvent::Market(vec![MarketEvent::Book(BookEvent { product: id("BTC-USD"), kind, levels })])
}

fn level(side: BookSide, price: &str, size: &str) -> BookLevel {
    BookLevel { side, price: dec(price), size: dec(size) }
}

#[test]
fn level2_snapshots_and_updates_have_typed_kinds_and_sides() {
    assert_eq!(
        message(fixture!("ws/l2_snapshot.json")),
        book_event(
            EventKind::Snapshot,
            vec![level(BookSide::Bid, "21921.73", "0.06317902"), level(BookSide::Ask, "21922.30", "0.02")]
        )
    );
    assert_eq!(
        message(fixture!("ws/l2_update.json")),
        book_event(
            EventKind::Update,
            vec![level(BookSide::Bid, "21921.73", "0"), level(BookSide::Ask, "21922.31", "1.50000000")]
        )
    );
}

#[test]
fn an_unknown_event_type_is_an_error_and_fails_the_message() {
    let event = L2Event {
        kind: "replay".into(),
        product_id: id("BTC-USD"),
        updates: vec![L2Update {
            side: L2Side::Bid,
            event_time: None,
            price_level: dec("1"),
            new_quantity: dec("1"),
        }],
    };
    assert_eq!(parse::book_event(&event), Err(ParseError::EventKind("replay".into())));
    let text = json!({"channel": "l2_data", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 1,
        "events": [event]});
    let parsed = WsMessage::parse(&text.to_string());
    assert!(
        matches!(&parsed, Err(FeedParseError::Schema { channel, reason }) if channel == "l2_data" && reason.contains("replay")),
        "never applied as an update, never skipped silently: {parsed:?}"
    );
}

/// A user order report or a market trade in an event of an unknown type is never dropped
/// silently: the whole message fails its schema, so the reader sees a gap and the client
/// reconciles (user channel) or resyncs.
#[test]
fn user_and_trade_events_of_an_unknown_type_fail_the_message() {
    for (fixture, channel) in [("user_update.json", "user"), ("market_trades.json", "market_trades")] {
        let path = format!("{}/tests/fixtures/ws/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let mut message: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
        assert!(WsMessage::parse(&message.to_string()).is_ok(), "{fixture} parses as it is");
        message["events"][0]["type"] = json!("replay");
        let parsed = WsMessage::parse(&message.to_string());
        assert!(
            matches!(&parsed, Err(FeedParseError::Schema { channel: c, reason }) if c == channel && reason.contains("replay")),
            "{fixture}: {parsed:?}"
        );
    }
}

#[test]
fn an_unknown_book_side_fails_the_message_instead_of_guessing() {
    let text = json!({"channel": "l2_data", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 1,
        "events": [{"type": "update", "product_id": "BTC-USD",
            "updates": [{"side": "mid", "price_level": "1", "new_quantity": "1"}]}]});
    assert!(WsMessage::parse(&text.to_string()).is_err());
}

#[test]
fn tickers_keep_their_amounts_and_one_without_a_product_is_skipped() {
    let expected = Ticker {
        product: id("BTC-USD"),
        price: Some(dec("21932.98")),
        volume_24h: Some(dec("16038.28770938")),
        change_pct_24h: Some(dec("-4.15775596190603")),
        best_bid: Some(dec("21931.98")),
        best_ask: Some(dec("21933.98")),
    };
    assert_eq!(message(fixture!("ws/ticker.json")), FeedEvent::Market(vec![MarketEvent::Ticker(expected)]));
    assert_eq!(message(fixture!("ws/ticker_batch_empty_strings.json")), FeedEvent::Market(vec![]));
    let bad: WireTicker = serde_json::from_value(json!({"product_id": "BTC_USD"})).expect("decodes");
    assert_eq!(parse::ticker(&bad), Err(ParseError::ProductId("BTC_USD".into())));
}

#[test]
fn market_trades_are_live_updates_with_the_taker_side() {
    let trade = |trade_id: &str, taker, price: &str, size: &str| Trade {
        id: trade_id.into(),
        product: id("ETH-USD"),
        time: time("2026-09-30T01:41:25.375232Z"),
        taker,
        price: dec(price),
        size: dec(size),
    };
    assert_eq!(
        message(fixture!("ws/market_trades.json")),
        FeedEvent::Market(vec![MarketEvent::Trades {
            kind: EventKind::Update,
            trades: vec![
                trade("846149798", Side::Buy, "2668.35", "0.03710506"),
                trade("846149799", Side::Sell, "2668.36", "1"),
            ],
        }])
    );
}

#[test]
fn live_candles_are_five_minute_bars_of_their_product() {
    let candle = Candle {
        start: 1_688_998_200,
        open: dec("1867.38"),
        high: dec("1867.72"),
        low: dec("1865.63"),
        close: dec("1866.81"),
        volume: dec("0.20269406"),
    };
    assert_eq!(
        message(fixture!("ws/candles.json")),
        FeedEvent::Market(vec![MarketEvent::Candle {
            product: id("ETH-USD"),
            granularity: Granularity::FiveMinute,
            candle
        }])
    );
    let text = json!({"channel": "candles", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 1,
        "events": [{"type": "update", "candles": [{"start": "1688998200", "high": "1", "low": "1", "open": "1",
            "close": "1", "volume": "1"}]}]});
    assert_eq!(message(&text.to_string()), FeedEvent::Market(vec![]), "a candle with no product is skipped");
}

#[test]
fn user_orders_become_order_updates() {
    let expected = OrderRecord {
        order_id: "e5b5a9a4-0000-4000-8000-00000000abcd".into(),
        client_order_id: "9f2c0b7e-1c1e-4f0e-9b7a-0c8f0e2d5a11".into(),
        product: id("ETH-USD"),
        side: Side::Sell,
        order_type: OrderType::Limit,
        limit_price: Some(dec("2668.35")),
        stop_price: None,
        size: Some(Size::Base(dec("1.00000000"))),
        filled: dec("0.4"),
        avg_price: Some(dec("2668.35")),
        fees: dec("0.00000001"),
        status: OrderStatus::Open,
        created: Some(time("2026-09-30T02:39:00.5Z")),
        cancel_pending: false,
    };
    assert_eq!(
        message(fixture!("ws/user_update.json")),
        FeedEvent::User(vec![OrderUpdate { kind: EventKind::Update, order: expected }])
    );
    let FeedEvent::User(snapshot) = message(fixture!("ws/user_snapshot.json")) else { panic!("user event") };
    let [OrderUpdate { kind: EventKind::Snapshot, order }] = snapshot.as_slice() else {
        panic!("{snapshot:?}")
    };
    assert_eq!(order.order_type, OrderType::Limit, "`Limit` on the user channel is a limit order");
    assert_eq!((order.size, order.stop_price), (Some(Size::Base(dec("0.01"))), None));
    assert_eq!(message(fixture!("ws/user_snapshot_empty.json")), FeedEvent::User(vec![]));
}

/// A user-channel order at its end: `leaves_quantity` is 0 then, so the size of one that did
/// not fill is unknown (a filled one's is what filled); fees and average price are kept.
#[test]
fn a_done_user_order_keeps_its_fees_and_has_no_size_unless_filled() {
    let report = |status: &str, filled: &str| {
        json!({"channel": "user", "client_id": "", "timestamp": "2026-09-30T02:40:01Z", "sequence_num": 1,
            "events": [{"type": "update", "orders": [{
                "order_id": "o-1", "client_order_id": "c-1", "product_id": "BTC-USD", "order_side": "BUY",
                "order_type": "LIMIT", "status": status, "avg_price": "49000.00", "cumulative_quantity": filled,
                "leaves_quantity": "0", "limit_price": "49000.00", "stop_price": "", "total_fees": "0.98",
                "creation_time": "2026-09-30T02:39:00Z"}]}]})
        .to_string()
    };
    let record = |status: OrderStatus, size: Option<Size>| OrderRecord {
        order_id: "o-1".into(),
        client_order_id: "c-1".into(),
        product: id("BTC-USD"),
        side: Side::Buy,
        order_type: OrderType::Limit,
        limit_price: Some(dec("49000.00")),
        stop_price: None,
        size,
        filled: dec("0.005"),
        avg_price: Some(dec("49000.00")),
        fees: dec("0.98"),
        status,
        created: Some(time("2026-09-30T02:39:00Z")),
        cancel_pending: false,
    };
    let update = |order| FeedEvent::User(vec![OrderUpdate { kind: EventKind::Update, order }]);
    assert_eq!(message(&report("CANCELLED", "0.005")), update(record(OrderStatus::Cancelled, None)));
    let filled = Some(Size::Base(dec("0.005")));
    assert_eq!(message(&report("FILLED", "0.005")), update(record(OrderStatus::Filled, filled)));
}

#[test]
fn heartbeats_and_acks_only_show_life_and_errors_carry_their_message() {
    assert_eq!(message(fixture!("ws/heartbeats.json")), FeedEvent::Alive);
    assert_eq!(message(fixture!("ws/subscriptions_market.json")), FeedEvent::Alive);
    assert_eq!(message(fixture!("ws/status.json")), FeedEvent::Alive);
    assert_eq!(
        message(fixture!("ws/error_auth.json")),
        FeedEvent::ServerError("authentication failure".into())
    );
}

#[test]
fn connection_events_map_one_to_one_with_the_error_in_words() {
    let retry_in = Duration::from_secs(2);
    let cases = [
        (WireFeedEvent::Connecting { attempt: 3 }, FeedEvent::Connecting { attempt: 3 }),
        (WireFeedEvent::Connected, FeedEvent::Connected),
        (WireFeedEvent::Gap { expected: 4, got: 6 }, FeedEvent::Gap { expected: 4, got: 6 }),
        (
            WireFeedEvent::Disconnected { reason: FeedError::Connect("refused".into()), retry_in },
            FeedEvent::Disconnected { reason: "connect failed: refused".into(), retry_in },
        ),
        (
            WireFeedEvent::Failed {
                reason: FeedError::GaveUp {
                    last: Box::new(FeedError::Server("authentication failure".into())),
                    times: 3,
                },
            },
            FeedEvent::Failed {
                reason: "server error: authentication failure (3 times in a row); stopped retrying".into(),
            },
        ),
    ];
    for (wire, domain) in cases {
        assert_eq!(parse::feed_event(wire), domain);
    }
}
