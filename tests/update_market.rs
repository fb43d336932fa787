//! `update` scenarios for market data, connection health, focus and start-up.

use std::time::{Duration, Instant};

use cbterm::app::model::book_state::Invalid;
use cbterm::app::model::conn::ConnStatus;
use cbterm::app::model::{BookStatus, Pane};
use cbterm::app::{Action, Effect, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::coinbase::wire::Granularity;
use cbterm::coinbase::ws::{FeedEvent, WsMessage};
use cbterm::domain::ProductId;
use cbterm::keymap::Keymap;
use serde_json::{Value, json};

fn id(s: &str) -> ProductId {
    ProductId(s.into())
}

fn init(watch: Vec<ProductId>, t0: Instant) -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch,
        has_credentials: true,
        now: t0,
        wall: "2026-01-02T03:04:05Z".parse().expect("time"),
    })
}

fn products(ids: &[&str]) -> Msg {
    let list: Vec<Value> = ids
        .iter()
        .map(|p| json!({"product_id": p, "base_increment": "0.0001", "quote_increment": "0.01", "price_increment": "0.01",
            "base_min_size": "0.0001", "base_max_size": "100", "quote_min_size": "1", "quote_max_size": "1000000",
            "status": "online", "price": "10"}))
        .collect();
    Msg::ProductsLoaded(serde_json::from_value(Value::Array(list)).expect("products"))
}

fn market(m: &mut Model, event: FeedEvent, at: Instant) -> Vec<Effect> {
    m.update(Msg::Feed { feed: FeedKind::Market, event, at })
}

fn l2(kind: &str, levels: &[(&str, &str, &str)]) -> FeedEvent {
    let updates: Vec<Value> =
        levels.iter().map(|(s, p, q)| json!({"side": s, "price_level": p, "new_quantity": q})).collect();
    let text = json!({"channel": "l2_data", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 1,
        "events": [{"type": kind, "product_id": "BTC-USD", "updates": updates}]});
    FeedEvent::Message(WsMessage::parse(&text.to_string()).expect("parses"))
}

fn tick(m: &mut Model, at: Instant) {
    let wall = m.wall;
    m.update(Msg::Tick { now: at, wall });
}

#[test]
fn start_with_an_empty_watchlist_takes_the_first_four_products() {
    let t0 = Instant::now();
    let mut m = init(Vec::new(), t0);
    assert_eq!(m.start(), vec![Effect::LoadProducts, Effect::LoadFees]);
    let effects = m.update(products(&["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD", "ADA-USD"]));
    let watch: Vec<ProductId> = ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"].map(id).to_vec();
    let end = m.wall.timestamp();
    assert_eq!(
        effects,
        vec![
            Effect::SubscribeMarket { products: watch.clone() },
            Effect::LoadCandles { product: id("BTC-USD"), granularity: Granularity::OneMinute, end },
            Effect::LoadTrades { product: id("BTC-USD") },
        ]
    );
    assert_eq!(m.watch, watch);
    assert_eq!(m.catalog.len(), 5);
}

#[test]
fn connection_state_is_derived_from_events_and_message_age() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    assert_eq!(m.market_conn.status(t0), ConnStatus::Off);
    market(&mut m, FeedEvent::Connecting { attempt: 1 }, t0);
    assert_eq!(m.market_conn.status(t0), ConnStatus::Connecting);
    market(&mut m, FeedEvent::Connected, t0);
    assert_eq!(m.market_conn.status(t0 + Duration::from_secs(2)), ConnStatus::Live);
    assert_eq!(m.market_conn.status(t0 + Duration::from_millis(3100)), ConnStatus::Stale);
    let heartbeat = json!({"channel": "heartbeats", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 2,
        "events": [{"current_time": "x", "heartbeat_counter": 3}]});
    let msg = FeedEvent::Message(WsMessage::parse(&heartbeat.to_string()).expect("parses"));
    market(&mut m, msg, t0 + Duration::from_secs(3));
    assert_eq!(m.market_conn.status(t0 + Duration::from_millis(3100)), ConnStatus::Live);
    market(&mut m, FeedEvent::Disconnected { reason: "reset".into(), retry_in: Duration::from_secs(1) }, t0);
    assert_eq!(m.market_conn.status(t0), ConnStatus::Reconnecting);
    market(&mut m, FeedEvent::Connecting { attempt: 2 }, t0);
    assert_eq!(m.market_conn.status(t0), ConnStatus::Reconnecting);
}

#[test]
fn every_user_feed_connect_refreshes_account_state_by_rest() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    let refresh = vec![Effect::LoadAccounts, Effect::LoadOpenOrders, Effect::LoadFills];
    for _ in 0..2 {
        assert!(
            m.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connecting { attempt: 1 }, at: t0 })
                .is_empty()
        );
        assert_eq!(
            m.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connected, at: t0 }),
            refresh
        );
        let lost = FeedEvent::Disconnected { reason: "x".into(), retry_in: Duration::from_secs(1) };
        m.update(Msg::Feed { feed: FeedKind::User, event: lost, at: t0 });
    }
}

#[test]
fn the_book_comes_only_from_snapshots_and_updates_and_a_crossed_book_is_invalid() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    m.update(products(&["BTC-USD"]));
    market(&mut m, FeedEvent::Connected, t0);
    let btc = id("BTC-USD");
    assert_eq!(m.book_status(&btc), BookStatus::Invalid);
    assert!(market(&mut m, l2("update", &[("bid", "99", "1")]), t0).is_empty());
    assert_eq!(m.book_status(&btc), BookStatus::Invalid, "updates before a snapshot are ignored");
    market(&mut m, l2("snapshot", &[("bid", "99.00", "1"), ("offer", "101.00", "2")]), t0);
    assert_eq!(m.book_status(&btc), BookStatus::Live);
    market(&mut m, l2("update", &[("bid", "100.00", "3")]), t0);
    assert_eq!(m.reference_price(&btc).map(|d| d.to_string()), Some("100.50".into()));
    let effects = market(&mut m, l2("update", &[("bid", "102.00", "1")]), t0);
    assert_eq!(effects, vec![Effect::SubscribeMarket { products: vec![btc.clone()] }]);
    let book = &m.markets[&btc].book;
    assert_eq!(book.invalid, Some(Invalid::Crossed));
    assert_eq!(
        book.ladder("0.01".parse().expect("tick"), 5),
        (vec![], vec![]),
        "a crossed book is never drawn"
    );
    market(&mut m, l2("snapshot", &[("bid", "99.00", "1"), ("offer", "101.00", "2")]), t0);
    assert_eq!(m.book_status(&btc), BookStatus::Live);
    tick(&mut m, t0 + Duration::from_secs(4));
    assert_eq!(m.book_status(&btc), BookStatus::Stale);
    market(&mut m, FeedEvent::Gap { expected: 5, got: 7 }, t0);
    assert_eq!(m.book_status(&btc), BookStatus::Invalid);
}

#[test]
fn moving_in_the_watchlist_focuses_a_product_and_loads_its_chart() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD"), id("ETH-USD")], t0);
    m.update(products(&["BTC-USD", "ETH-USD"]));
    let end = m.wall.timestamp();
    let effects = m.update(Msg::Action(Action::SelectDown));
    let eth = id("ETH-USD");
    assert_eq!(
        effects,
        vec![
            Effect::LoadCandles { product: eth.clone(), granularity: Granularity::OneMinute, end },
            Effect::LoadTrades { product: eth.clone() },
        ]
    );
    assert_eq!(m.focused(), Some(&eth));
    let effects = m.update(Msg::Action(Action::NextGranularity));
    assert_eq!(effects[0], Effect::LoadCandles { product: eth, granularity: Granularity::FiveMinute, end });
}

#[test]
fn the_picker_adds_a_new_product_to_the_watchlist_and_the_feed() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    m.update(products(&["BTC-USD", "SOL-USD", "SHIB-USD"]));
    m.update(Msg::Action(Action::OpenPicker));
    for c in "sol".chars() {
        m.update(Msg::Typed(c));
    }
    let effects = m.update(Msg::Action(Action::Pick));
    let watch = vec![id("BTC-USD"), id("SOL-USD")];
    assert_eq!(effects[0], Effect::SubscribeMarket { products: watch.clone() });
    assert_eq!(m.watch, watch);
    assert_eq!(m.focused(), Some(&id("SOL-USD")));
}

#[test]
fn tab_cycles_panes_and_b_in_the_book_prefills_the_selected_level() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    m.update(products(&["BTC-USD"]));
    market(&mut m, FeedEvent::Connected, t0);
    market(
        &mut m,
        l2("snapshot", &[("bid", "99.00", "1"), ("bid", "98.00", "1"), ("offer", "101.00", "2")]),
        t0,
    );
    m.update(Msg::Action(Action::FocusNext));
    assert_eq!(m.focus, Pane::Book);
    m.update(Msg::Action(Action::SelectDown));
    m.update(Msg::Action(Action::SelectDown));
    m.update(Msg::Action(Action::OpenBuyTicket));
    assert_eq!(m.ticket().expect("ticket").price, "98.00");
    m.update(Msg::Action(Action::Close));
    for _ in 0..6 {
        m.update(Msg::Action(Action::FocusPrev));
    }
    assert_eq!(m.focus, Pane::Book);
}

#[test]
fn tickers_and_trades_feed_the_watchlist_and_tape() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    let ticker = json!({"channel": "ticker", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 3, "events": [{"type": "update",
        "tickers": [{"product_id": "BTC-USD", "price": "101", "price_percent_chg_24_h": "1", "best_bid": "100", "best_ask": "102"}]}]});
    market(&mut m, FeedEvent::Message(WsMessage::parse(&ticker.to_string()).expect("ticker")), t0);
    let trades = json!({"channel": "market_trades", "timestamp": "2026-01-02T03:04:05Z", "sequence_num": 4, "events": [{"type": "update",
        "trades": [{"trade_id": "1", "product_id": "BTC-USD", "price": "101", "size": "2", "time": "2026-01-02T03:04:05Z", "side": "BUY"}]}]});
    market(&mut m, FeedEvent::Message(WsMessage::parse(&trades.to_string()).expect("trades")), t0);
    let btc = &m.markets[&id("BTC-USD")];
    assert_eq!(btc.last.map(|d| d.to_string()), Some("101".into()));
    assert_eq!(btc.spread().map(|d| d.to_string()), Some("2".into()));
    assert_eq!(btc.change_abs().map(|d| d.round_dp(4).to_string()), Some("1".into()));
    assert_eq!(btc.trades.len(), 1);
    assert_eq!(btc.trades[0].taker, cbterm::domain::Side::Sell, "the maker side BUY means a seller took it");
}
