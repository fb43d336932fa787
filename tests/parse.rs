//! The wire → domain step (`coinbase::parse`): every channel and endpoint the dashboard uses,
//! from a recorded fixture to the exact domain value, and values with no domain meaning to an
//! error (or skipped from a list), never to a guess.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use cbterm::coinbase::parse::{self, ParseError};
use cbterm::coinbase::wire::ws::{L2Event, Ticker as WireTicker};
use cbterm::coinbase::wire::{
    self, AccountsPage, CancelOrdersResponse, CandlesResponse, CreateOrderResponse, FillsPage,
    GetOrderResponse, MarketTradesResponse, ProductsResponse, TransactionSummary,
};
use cbterm::coinbase::ws::{FeedError, FeedEvent as WireFeedEvent, WsMessage};
use cbterm::domain::*;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::json;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("fixtures/", $path))
    };
}

fn decode<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("fixture decodes")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn time(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn id(s: &str) -> ProductId {
    ProductId(s.into())
}

fn message(text: &str) -> FeedEvent {
    parse::message_event(&WsMessage::parse(text).expect("fixture parses"))
}

// ------------------------------------------------------------------------------------ REST

#[test]
fn products_become_rules_and_24h_stats() {
    let page: ProductsResponse = decode(fixture!("rest/products.json"));
    let products = parse::products(&page.products);
    assert_eq!(products.len(), page.products.len());
    let expected = Product {
        rules: ProductRules {
            id: id("BTC-USD"),
            price_increment: dec("0.01"),
            base_increment: dec("0.00000001"),
            quote_increment: dec("0.01"),
            base_min_size: dec("0.00000001"),
            base_max_size: dec("3400"),
            quote_min_size: dec("1"),
            quote_max_size: dec("150000000"),
            trading_disabled: false,
            cancel_only: false,
            limit_only: false,
            post_only: false,
        },
        price: Some(dec("68923.67")),
        change_pct_24h: Some(dec("-0.28560028286595")),
        volume_24h: Some(dec("11005.02587005")),
    };
    assert_eq!(products[0], expected);
}

#[test]
fn candles_keep_their_values_and_a_bad_start_is_an_error() {
    let response: CandlesResponse = decode(fixture!("rest/candles.json"));
    let bars = parse::candles(&response.candles);
    let first = Candle {
        start: 1_712_192_400,
        open: dec("66312.4"),
        high: dec("66331.99"),
        low: dec("66055.14"),
        close: dec("66181.6"),
        volume: dec("355.82896243"),
    };
    assert_eq!(bars.len(), 2);
    assert_eq!(bars[0], first);
    let mut bad = response.candles[0].clone();
    bad.start = "soon".into();
    assert_eq!(parse::candle(&bad), Err(ParseError::CandleStart("soon".into())));
    let mixed = [bad, response.candles[1].clone()];
    assert_eq!(parse::candles(&mixed), vec![bars[1]], "the bad candle is skipped, the good one kept");
}

#[test]
fn market_trades_carry_the_taker_side() {
    let response: MarketTradesResponse = decode(fixture!("rest/market_trades.json"));
    let expected = Trade {
        id: "846149798".into(),
        product: id("BTC-USD"),
        time: time("2021-05-31T09:59:59Z"),
        taker: Side::Sell,
        price: dec("140.91"),
        size: dec("4"),
    };
    assert_eq!(parse::trades(&response.trades), vec![expected], "maker BUY means a seller took it");
}

#[test]
fn accounts_become_balances() {
    let page: AccountsPage = decode(fixture!("rest/accounts.json"));
    let expected = Balance { currency: "BTC".into(), available: dec("1.23"), hold: dec("0") };
    assert_eq!(parse::balances(&page.accounts), vec![expected]);
    let mut no_hold = page.accounts[0].clone();
    no_hold.hold = None;
    assert_eq!(parse::balance(&no_hold).hold, Decimal::ZERO, "an absent hold is nothing held");
}

#[test]
fn the_transaction_summary_gives_fee_rates() {
    let summary: TransactionSummary = decode(fixture!("rest/transaction_summary.json"));
    assert_eq!(parse::fee_rates(&summary), Some(FeeRates { maker: dec("0.0020"), taker: dec("0.0010") }));
    let mut taker_only = summary.clone();
    taker_only.fee_tier.maker_fee_rate = None;
    let taker = dec("0.0010");
    assert_eq!(parse::fee_rates(&taker_only), Some(FeeRates { maker: taker, taker }));
    let mut none = summary;
    none.fee_tier.maker_fee_rate = None;
    none.fee_tier.taker_fee_rate = None;
    assert_eq!(parse::fee_rates(&none), None);
}

#[test]
fn fills_become_domain_fills() {
    let page: FillsPage = decode(fixture!("rest/fills.json"));
    let expected = Fill {
        trade_id: "1111-11111-111111".into(),
        order_id: "0000-000000-000000".into(),
        product: id("BTC-USD"),
        side: Side::Buy,
        time: time("2021-05-31T09:59:59Z"),
        price: dec("10000.00"),
        size: dec("0.001"),
        fee: dec("1.25"),
    };
    assert_eq!(parse::fills(&page.fills), vec![expected]);
}

#[test]
fn an_order_takes_type_prices_and_size_from_its_configuration() {
    let response: GetOrderResponse = decode(fixture!("rest/get_order.json"));
    let expected = OrderRecord {
        order_id: "0000-000000-000000".into(),
        client_order_id: "11111-000000-000000".into(),
        product: id("BTC-USD"),
        side: Side::Buy,
        order_type: OrderType::Limit,
        limit_price: Some(dec("10000.00")),
        stop_price: None,
        size: Some(dec("0.001")),
        filled: dec("0.0005"),
        avg_price: Some(dec("10000")),
        status: OrderStatus::Open,
        created: Some(time("2021-05-31T09:59:59Z")),
        cancel_pending: false,
    };
    assert_eq!(parse::order(&response.order), expected);
    let mut unmodelled = response.order.clone();
    unmodelled.order_configuration = None;
    unmodelled.order_type = "TWAP".into();
    unmodelled.pending_cancel = true;
    let record = parse::order(&unmodelled);
    assert_eq!(
        (record.order_type, record.limit_price, record.size, record.cancel_pending),
        (OrderType::Other("TWAP".into()), None, None, true)
    );
}

#[test]
fn cancel_results_are_judged_by_success_and_carry_their_code() {
    let response: CancelOrdersResponse = decode(fixture!("rest/batch_cancel.json"));
    let refused = |reason, code: &str| Some(Rejection { reason, code: code.into(), message: String::new() });
    assert_eq!(
        parse::cancel_outcomes(&response.results),
        vec![
            CancelOutcome { order_id: "id1".into(), refused: None },
            CancelOutcome {
                order_id: "id2".into(),
                refused: refused(RejectReason::NoSuchOrder, "UNKNOWN_CANCEL_ORDER")
            },
            CancelOutcome {
                order_id: "id3".into(),
                refused: refused(RejectReason::AlreadyFilled, "ORDER_IS_FULLY_FILLED")
            },
        ]
    );
}

#[test]
fn failure_codes_become_reasons_and_unknown_codes_are_kept() {
    let cases = [
        ("INSUFFICIENT_FUND", RejectReason::InsufficientFunds),
        ("INSUFFICIENT_FUNDS", RejectReason::InsufficientFunds),
        ("PREVIEW_INSUFFICIENT_FUND", RejectReason::InsufficientFunds),
        ("INVALID_LIMIT_PRICE_POST_ONLY", RejectReason::PostOnlyWouldCross),
        ("PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", RejectReason::SizeTooSmall),
        ("DUPLICATE_CANCEL_REQUEST", RejectReason::DuplicateCancel),
        ("", RejectReason::NotGiven),
        ("SOMETHING_NEW", RejectReason::Other("SOMETHING_NEW".into())),
    ];
    for (code, reason) in cases {
        assert_eq!(parse::reject_reason(code), reason, "{code:?}");
    }
    let error: CreateOrderResponse = decode(fixture!("rest/create_order_failure_new_reason.json"));
    let body = error.error_response.expect("error response");
    assert_eq!(
        parse::rejection(&body.reason(), &body.message),
        Rejection {
            reason: RejectReason::PostOnlyWouldCross,
            code: "INVALID_LIMIT_PRICE_POST_ONLY".into(),
            message: body.message.clone(),
        }
    );
}

#[test]
fn granularities_map_both_ways() {
    for g in wire::Granularity::ALL {
        let domain = Granularity::from(g);
        assert_eq!(wire::Granularity::from(domain), g);
        assert_eq!(domain.seconds(), g.seconds());
    }
}

// ------------------------------------------------------------------------------- WebSocket

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
fn an_unknown_event_type_is_an_error_and_its_event_is_skipped() {
    let event: L2Event = serde_json::from_value(
        json!({"type": "replay", "product_id": "BTC-USD", "updates": [{"side": "bid", "price_level": "1", "new_quantity": "1"}]}),
    )
    .expect("decodes");
    assert_eq!(parse::book_event(&event), Err(ParseError::EventKind("replay".into())));
    let text = json!({"channel": "l2_data", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 1,
        "events": [event]});
    assert_eq!(message(&text.to_string()), FeedEvent::Market(vec![]), "never applied as an update");
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
        size: Some(dec("1.00000000")),
        filled: dec("0.4"),
        avg_price: Some(dec("2668.35")),
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
    assert_eq!((order.size, order.stop_price), (Some(dec("0.01")), None));
    assert_eq!(message(fixture!("ws/user_snapshot_empty.json")), FeedEvent::User(vec![]));
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
