//! `update` scenarios for market data, connection health, focus and start-up.

use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::model::book_state::Invalid;
use cbterm::app::model::conn::{ConnStatus, Phase};
use cbterm::app::model::{BookStatus, Pane};
use cbterm::app::{Action, Effect, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{BookSide, ClientOrderIds, EventKind, FeedEvent, Granularity, Product, ProductId, Side};
use support::{book, dec, id, level, rules, ticker, tickers, trade};

mod support;

fn init(watch: Vec<ProductId>, t0: Instant) -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch,
        has_credentials: true,
        now: t0,
        wall: "2026-01-02T03:04:05Z".parse().expect("time"),
        ids: ClientOrderIds::seeded(1),
    })
}

fn products(ids: &[&str]) -> Msg {
    let list = ids
        .iter()
        .map(|p| Product {
            rules: rules(p, "0.01", "0.0001", "100", "1000000"),
            price: Some(dec("10")),
            change_pct_24h: None,
            volume_24h: None,
            listing: cbterm::domain::Listing::Online,
        })
        .collect();
    Msg::ProductsLoaded(list)
}

fn market(m: &mut Model, event: FeedEvent, at: Instant) -> Vec<Effect> {
    m.update(Msg::Feed { feed: FeedKind::Market, event, at })
}

const SNAPSHOT: EventKind = EventKind::Snapshot;
const UPDATE: EventKind = EventKind::Update;
const BID: BookSide = BookSide::Bid;
const ASK: BookSide = BookSide::Ask;

fn l2(kind: EventKind, levels: &[(BookSide, &str, &str)]) -> FeedEvent {
    l2_for("BTC-USD", kind, levels)
}

fn tick(m: &mut Model, at: Instant) {
    let wall = m.wall;
    m.update(Msg::Tick { now: at, wall });
}

#[test]
fn start_with_an_empty_watchlist_takes_the_first_four_products() {
    let t0 = Instant::now();
    let mut m = init(Vec::new(), t0);
    let reconcile = [Effect::LoadAccounts, Effect::LoadOpenOrders, Effect::LoadFills];
    let first = vec![Effect::LoadProducts, Effect::CheckKey, Effect::LoadFees, Effect::LoadOrderHistory];
    assert_eq!(m.start(), [first, reconcile.to_vec()].concat());
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
    market(&mut m, FeedEvent::Alive, t0 + Duration::from_secs(3));
    assert_eq!(m.market_conn.status(t0 + Duration::from_millis(3100)), ConnStatus::Live);
    market(&mut m, FeedEvent::Disconnected { reason: "closed".into(), retry_in: Duration::from_secs(1) }, t0);
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
        let lost = FeedEvent::Disconnected { reason: "closed".into(), retry_in: Duration::from_secs(1) };
        m.update(Msg::Feed { feed: FeedKind::User, event: lost, at: t0 });
        // The loads answer before the next connect (one of each kind is in flight at a time).
        assert!(m.update(Msg::AccountsLoaded(Vec::new())).is_empty());
        assert!(m.update(Msg::FillsLoaded(Vec::new())).is_empty());
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
    assert!(market(&mut m, l2(UPDATE, &[(BID, "99", "1")]), t0).is_empty());
    assert_eq!(m.book_status(&btc), BookStatus::Invalid, "updates before a snapshot are ignored");
    market(&mut m, l2(SNAPSHOT, &[(BID, "99.00", "1"), (ASK, "101.00", "2")]), t0);
    assert_eq!(m.book_status(&btc), BookStatus::Live);
    market(&mut m, l2(UPDATE, &[(BID, "100.00", "3")]), t0);
    assert_eq!(m.reference_price(&btc).map(|d| d.to_string()), Some("100.50".into()));
    let effects = market(&mut m, l2(UPDATE, &[(BID, "102.00", "1")]), t0);
    assert_eq!(effects, vec![Effect::ResyncBook { product: btc.clone() }], "only this product resyncs");
    let book = &m.markets[&btc].book;
    assert_eq!(book.invalid, Some(Invalid::Crossed));
    assert_eq!(
        book.ladder("0.01".parse().expect("tick"), 5),
        (vec![], vec![]),
        "a crossed book is never drawn"
    );
    market(&mut m, l2(SNAPSHOT, &[(BID, "99.00", "1"), (ASK, "101.00", "2")]), t0);
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

/// `g` walks the chart through Coinbase's intervals, 1m to 1d, loading each; `G` walks back.
#[test]
fn the_chart_steps_through_every_coinbase_interval() {
    use Granularity as G;
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    m.update(products(&["BTC-USD"]));
    let end = m.wall.timestamp();
    let walk = |action: Action, m: &mut Model| -> Vec<Granularity> {
        (0..8)
            .filter_map(|_| match m.update(Msg::Action(action)).first() {
                Some(Effect::LoadCandles { granularity, end: e, .. }) if *e == end => Some(*granularity),
                _ => None,
            })
            .collect()
    };
    let up =
        [G::FiveMinute, G::FifteenMinute, G::ThirtyMinute, G::OneHour, G::TwoHour, G::SixHour, G::OneDay];
    assert_eq!(walk(Action::NextGranularity, &mut m), up, "and no further than 1d");
    let down =
        [G::SixHour, G::TwoHour, G::OneHour, G::ThirtyMinute, G::FifteenMinute, G::FiveMinute, G::OneMinute];
    assert_eq!(walk(Action::PrevGranularity, &mut m), down, "and no shorter than 1m");
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
    market(&mut m, l2(SNAPSHOT, &[(BID, "99.00", "1"), (BID, "98.00", "1"), (ASK, "101.00", "2")]), t0);
    m.update(Msg::Action(Action::FocusNext));
    assert_eq!(m.focus, Pane::Book);
    m.update(Msg::Action(Action::SelectDown));
    m.update(Msg::Action(Action::SelectDown));
    m.update(Msg::Action(Action::OpenBuyTicket));
    assert_eq!(m.ticket().expect("ticket").price, "98.00");
    m.update(Msg::Action(Action::Close));
    for _ in 0..Pane::ALL.len() {
        m.update(Msg::Action(Action::FocusPrev));
    }
    assert_eq!(m.focus, Pane::Book, "a whole cycle back returns to the book");
}

#[test]
fn tickers_and_trades_feed_the_watchlist_and_tape() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    market(&mut m, tickers(vec![ticker("BTC-USD", "101", "1", None, "100", "102")]), t0);
    let sold = trade("1", "BTC-USD", Side::Sell, "101", "2", "2026-01-02T03:04:05Z");
    market(&mut m, support::trades(UPDATE, vec![sold.clone()]), t0);
    let btc = &m.markets[&id("BTC-USD")];
    assert_eq!(btc.last.map(|d| d.to_string()), Some("101".into()));
    assert_eq!(btc.spread().map(|d| d.to_string()), Some("2".into()));
    assert_eq!(btc.change_abs().map(|d| d.round_dp(4).to_string()), Some("1".into()));
    assert_eq!(btc.trades, [sold], "the tape holds the trade as received");
}

fn l2_for(product: &str, kind: EventKind, levels: &[(BookSide, &str, &str)]) -> FeedEvent {
    book(product, kind, levels.iter().map(|(side, price, size)| level(*side, price, size)).collect())
}

fn secs(t0: Instant, s: u64) -> Instant {
    t0 + Duration::from_secs(s)
}

#[test]
fn a_crossed_book_resyncs_only_its_product_at_most_every_5s_then_restarts_the_feed_if_silent() {
    let t0 = Instant::now();
    let (btc, eth) = (id("BTC-USD"), id("ETH-USD"));
    let mut m = init(vec![btc.clone(), eth.clone()], t0);
    m.update(products(&["BTC-USD", "ETH-USD"]));
    market(&mut m, FeedEvent::Connected, t0);
    let good = [(BID, "99.00", "1"), (ASK, "101.00", "2")];
    market(&mut m, l2_for("BTC-USD", SNAPSHOT, &good), t0);
    market(&mut m, l2_for("ETH-USD", SNAPSHOT, &good), t0);
    let cross = [(BID, "102.00", "1")];

    assert_eq!(
        market(&mut m, l2_for("BTC-USD", UPDATE, &cross), t0),
        vec![Effect::ResyncBook { product: btc.clone() }]
    );
    assert_eq!(m.book_status(&btc), BookStatus::Invalid);
    assert_eq!(m.book_status(&eth), BookStatus::Live, "the other product is untouched");
    assert_eq!(
        support::error_text(&m).as_deref(),
        Some("BTC-USD order book invalid; resubscribing it for a fresh snapshot")
    );

    // The resync's snapshot arrives, then the book crosses again within 5 s: no second request.
    market(&mut m, l2_for("BTC-USD", SNAPSHOT, &good), secs(t0, 1));
    assert_eq!(m.markets[&btc].book.invalid, None);
    assert!(market(&mut m, l2_for("BTC-USD", UPDATE, &cross), secs(t0, 2)).is_empty());
    assert_eq!(m.markets[&btc].book.invalid, Some(Invalid::Crossed));
    assert_eq!(
        support::error_text(&m).as_deref(),
        Some("BTC-USD order book invalid; waiting for its resync")
    );
    assert!(m.update(Msg::Tick { now: secs(t0, 4), wall: m.wall }).is_empty());
    // 5 s after the first request it is asked again, because a snapshot did come in between.
    assert_eq!(
        m.update(Msg::Tick { now: secs(t0, 5), wall: m.wall }),
        vec![Effect::ResyncBook { product: btc.clone() }]
    );
    assert!(m.update(Msg::Tick { now: secs(t0, 9), wall: m.wall }).is_empty());
    // No snapshot within 5 s of that request: the market feed is restarted, once.
    let watch = vec![btc.clone(), eth.clone()];
    assert_eq!(
        m.update(Msg::Tick { now: secs(t0, 10), wall: m.wall }),
        vec![Effect::SubscribeMarket { products: watch }]
    );
    assert_eq!(m.market_restart_at, Some(secs(t0, 10)));
    assert!(m.update(Msg::Tick { now: secs(t0, 11), wall: m.wall }).is_empty());
    assert!(m.update(Msg::Tick { now: secs(t0, 30), wall: m.wall }).is_empty());
}

fn trades(kind: EventKind, time: &str) -> FeedEvent {
    let one = trade(&format!("{kind:?}-{time}"), "BTC-USD", Side::Sell, "101", "2", time);
    support::trades(kind, vec![one])
}

fn rest_trade(m: &mut Model, trade_id: &str, time: &str) {
    let trades = vec![trade(trade_id, "BTC-USD", Side::Buy, "100", "1", time)];
    m.update(Msg::TradesLoaded { product: id("BTC-USD"), trades });
}

#[test]
fn only_a_recent_trade_by_its_own_time_or_a_live_one_is_a_reference_price() {
    let t0 = Instant::now();
    let btc = id("BTC-USD");
    let mut m = init(vec![btc.clone()], t0);
    m.update(products(&["BTC-USD"]));
    rest_trade(&mut m, "old", "2026-01-02T03:03:05Z");
    assert_eq!(m.reference_price(&btc), None, "a REST trade from a minute ago is not recent");
    rest_trade(&mut m, "new", "2026-01-02T03:04:03Z");
    assert_eq!(m.reference_price(&btc).map(|d| d.to_string()), Some("100".into()));
    let wall = m.wall + chrono::Duration::seconds(6);
    m.update(Msg::Tick { now: t0, wall });
    assert_eq!(m.reference_price(&btc), None, "6 s later by the wall clock it is not");

    let mut m = init(vec![btc.clone()], t0);
    m.update(products(&["BTC-USD"]));
    market(&mut m, trades(SNAPSHOT, "2026-01-02T03:00:00Z"), t0);
    assert_eq!(m.reference_price(&btc), None, "a WebSocket snapshot of old trades is not live");
    // A live update counts by its arrival, even if the venue clock is behind ours.
    market(&mut m, trades(UPDATE, "2026-01-02T03:03:30Z"), t0);
    assert_eq!(m.reference_price(&btc).map(|d| d.to_string()), Some("101".into()));
    tick(&mut m, secs(t0, 5));
    assert_eq!(m.reference_price(&btc), None);
}

#[test]
fn live_means_acknowledged_and_a_stopped_feed_shows_off_with_its_reason() {
    let t0 = Instant::now();
    let mut m = init(vec![id("BTC-USD")], t0);
    let user = |m: &mut Model, event| m.update(Msg::Feed { feed: FeedKind::User, event, at: t0 });
    assert!(user(&mut m, FeedEvent::Connecting { attempt: 1 }).is_empty());
    assert!(user(&mut m, FeedEvent::ServerError("authentication failure".into())).is_empty());
    assert_eq!(m.user_conn.status(t0), ConnStatus::Connecting, "an error is not Live");
    let reason = "server error: authentication failure (3 times in a row); stopped retrying".to_string();
    assert!(user(&mut m, FeedEvent::Failed { reason: reason.clone() }).is_empty());
    assert_eq!(m.user_conn.phase, Phase::Failed { reason: reason.clone() });
    assert_eq!(m.user_conn.status(t0), ConnStatus::Off);
    assert_eq!(support::error_text(&m), Some(format!("user feed stopped: {reason}")));
}

#[test]
fn after_a_gap_the_books_wait_for_the_feeds_resync_and_a_silent_one_restarts_the_feed() {
    let t0 = Instant::now();
    let (btc, eth) = (id("BTC-USD"), id("ETH-USD"));
    let mut m = init(vec![btc.clone(), eth.clone()], t0);
    m.update(products(&["BTC-USD", "ETH-USD"]));
    market(&mut m, FeedEvent::Connected, t0);
    let good = [(BID, "99.00", "1"), (ASK, "101.00", "2")];
    market(&mut m, l2_for("BTC-USD", SNAPSHOT, &good), t0);
    market(&mut m, l2_for("ETH-USD", SNAPSHOT, &good), t0);

    assert!(
        market(&mut m, FeedEvent::Gap { expected: 8, got: 9 }, secs(t0, 1)).is_empty(),
        "the feed resyncs"
    );
    assert_eq!((m.book_status(&btc), m.book_status(&eth)), (BookStatus::Invalid, BookStatus::Invalid));
    assert_eq!(m.market_conn.gaps, 1);
    assert_eq!(m.market_conn.phase, cbterm::app::model::conn::Phase::Live, "the connection stays up");
    market(&mut m, l2_for("BTC-USD", UPDATE, &[(BID, "99.50", "1")]), secs(t0, 1));
    assert_eq!(m.markets[&btc].book.book.bids(5), vec![], "no update applies between a gap and its snapshot");
    market(&mut m, l2_for("BTC-USD", SNAPSHOT, &good), secs(t0, 2));
    assert_eq!(m.book_status(&btc), BookStatus::Live);
    assert!(m.update(Msg::Tick { now: secs(t0, 5), wall: m.wall }).is_empty());
    // ETH-USD's snapshot never came: 5 s after the gap the market feed is restarted.
    assert_eq!(
        m.update(Msg::Tick { now: secs(t0, 6), wall: m.wall }),
        vec![Effect::SubscribeMarket { products: vec![btc.clone(), eth.clone()] }]
    );
    assert!(m.update(Msg::Tick { now: secs(t0, 7), wall: m.wall }).is_empty(), "once");
}
