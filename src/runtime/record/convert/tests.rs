use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::domain::{BookEvent, BookLevel, BookSide, EventKind, MarketEvent, ProductId};
use crate::runtime::record::lines::{Parsed, parse_line, ws_line};
use crate::runtime::record::samples::{at, every_kind, fixture};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn recorded(line: &str) -> Recorded {
    match parse_line(line).expect("line") {
        Parsed::Known(r) => r,
        Parsed::Unknown => panic!("unknown: {line}"),
    }
}

/// What the live market feed hands the model for this frame text (`feeds::into_model`).
fn live(text: &str, now: Instant) -> Msg {
    let message = WsMessage::parse(text).expect("frame");
    Msg::Feed { feed: FeedKind::Market, event: parse::feed_event(WireFeedEvent::Message(message)), at: now }
}

#[test]
fn a_level2_snapshot_line_is_the_message_the_live_feed_makes() {
    let text = fixture("ws/l2_snapshot.json");
    let now = Instant::now();
    let line = ws_line(at(0), FeedKind::Market, &text);
    let converted = convert(&recorded(&line), now).expect("converts");
    let level = |side, price, size| BookLevel { side, price, size };
    let book = BookEvent {
        product: ProductId("BTC-USD".into()),
        kind: EventKind::Snapshot,
        levels: vec![
            level(BookSide::Bid, d("21921.73"), d("0.06317902")),
            level(BookSide::Ask, d("21922.30"), d("0.02")),
        ],
    };
    let expected = Msg::Feed {
        feed: FeedKind::Market,
        event: FeedEvent::Market(vec![MarketEvent::Book(book)]),
        at: now,
    };
    assert_eq!(converted, Replayed::Model(vec![expected.clone()]));
    assert_eq!(live(&text, now), expected);
}

#[test]
fn every_kind_converts_without_error() {
    let now = Instant::now();
    for line in every_kind() {
        convert(&line, now).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    }
}

#[test]
fn rest_bodies_become_what_the_executor_reports() {
    let body = fixture("rest/products.json");
    let line =
        format!(r#"{{"at":"2026-12-04T19:00:00Z","rest":"products","body":{}}}"#, body.replace('\n', " "));
    let page: wire::ProductsResponse = serde_json::from_str(&body).expect("fixture");
    let converted = convert(&recorded(&line), Instant::now()).expect("converts");
    assert_eq!(converted, Replayed::Model(vec![Msg::ProductsLoaded(parse::products(&page.products))]));
    assert!(!page.products.is_empty());
}

#[test]
fn feed_states_become_the_feed_events() {
    let now = Instant::now();
    let line = r#"{"at":"2026-12-04T19:00:00Z","feed":"user","state":"disconnected","reason":"idle"}"#;
    let event = FeedEvent::Disconnected { reason: "idle".into(), retry_in: Duration::ZERO };
    let expected = Msg::Feed { feed: FeedKind::User, event, at: now };
    assert_eq!(convert(&recorded(line), now).expect("converts"), Replayed::Model(vec![expected]));
}

#[test]
fn order_lines_are_described_not_applied() {
    let descriptions: Vec<String> = every_kind()
        .iter()
        .filter_map(|line| match convert(line, Instant::now()).expect("converts") {
            Replayed::Order(order) => Some(order.description),
            Replayed::Model(_) => None,
        })
        .collect();
    assert_eq!(
        descriptions,
        [
            "place BUY BTC-USD (client order id c1)",
            "cancel 2 order(s): o1, o2",
            "edit order o1: price 101.00, size 0.02",
            "place c1 accepted: order id o1",
        ]
    );
}

#[test]
fn a_malformed_embedded_message_is_an_error_not_a_panic() {
    let bad = [
        (
            r#"{"at":"2026-12-04T19:00:00Z","ws":"market","msg":{"channel":"l2_data","events":[{"type":"snapshot","updates":7}]}}"#,
            "market frame",
        ),
        (r#"{"at":"2026-12-04T19:00:00Z","ws":"user","msg":[1,2]}"#, "user frame"),
        (r#"{"at":"2026-12-04T19:00:00Z","rest":"accounts","body":{"accounts":"none"}}"#, "accounts"),
        (r#"{"at":"2026-12-04T19:00:00Z","order":"place","body":{"side":"UP"}}"#, "order placed"),
    ];
    for (line, what) in bad {
        let err = convert(&recorded(line), Instant::now()).expect_err(line);
        assert_eq!(err.what, what, "{line}");
    }
}
