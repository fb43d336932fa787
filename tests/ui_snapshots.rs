//! Snapshot tests of every pane and the full screen, drawn into a `TestBackend` from a fully
//! fixed model (times injected, no clocks, no randomness).

use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::model::Pane;
use cbterm::app::{Action, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::coinbase::ws::{FeedError, FeedEvent, WsMessage};
use cbterm::domain::{ClientOrderIds, ProductId};
use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

const WALL: &str = "2026-01-02T03:04:05Z";

fn wall() -> DateTime<Utc> {
    WALL.parse().expect("fixed time")
}

fn ids() -> Vec<ProductId> {
    ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"].iter().map(|p| ProductId(p.to_string())).collect()
}

fn product(id: &str, price: &str, tick: &str, lot: &str) -> Value {
    json!({"product_id": id, "price": price, "price_percentage_change_24h": "1.5", "volume_24h": "12345.678",
        "base_increment": lot, "quote_increment": "0.01", "price_increment": tick, "base_min_size": lot,
        "base_max_size": "10000000", "quote_min_size": "1", "quote_max_size": "10000000", "status": "online"})
}

fn ws(text: Value) -> FeedEvent {
    FeedEvent::Message(WsMessage::parse(&text.to_string()).expect("fixture message parses"))
}

fn envelope(channel: &str, seq: u64, events: Value) -> Value {
    json!({"channel": channel, "client_id": "", "timestamp": WALL, "sequence_num": seq, "events": events})
}

fn feed(model: &mut Model, feed: FeedKind, event: FeedEvent, at: Instant) {
    model.update(Msg::Feed { feed, event, at });
}

/// `price` moved by `ticks` of its last decimal place, e.g. `quote("150", 1)` = `"151"`.
fn quote(price: &str, ticks: i64) -> String {
    let scale = price.split('.').nth(1).map_or(0, str::len);
    let units: i64 = price.replace('.', "").parse::<i64>().expect("digits") + ticks;
    let text = format!("{:0>width$}", units, width = scale + 1);
    if scale == 0 { text } else { format!("{}.{}", &text[..text.len() - scale], &text[text.len() - scale..]) }
}

fn tickers(model: &mut Model, t0: Instant) {
    let bases = [
        ("BTC-USD", 50000i64, 100i64, "1.25"),
        ("ETH-USD", 3000, 5, "-2.10"),
        ("SOL-USD", 150, 1, "0.00"),
        ("DOGE-USD", 0, 0, "3.5"),
    ];
    for i in 0..30u64 {
        let mut events = Vec::new();
        for (id, base, step, pct) in bases {
            let wobble = ((i * (7 + step as u64 % 5)) % 13) as i64 - 6 + i as i64 / 3;
            let price = if base == 0 {
                format!("0.{:05}", 12000 + wobble * 10)
            } else {
                (base + wobble * step).to_string()
            };
            events.push(json!({"product_id": id, "price": price, "price_percent_chg_24_h": pct, "volume_24_h": "9876.5",
                "best_bid": quote(&price, -1), "best_ask": quote(&price, 1)}));
        }
        let at = t0 + Duration::from_millis(100 * i);
        feed(
            model,
            FeedKind::Market,
            ws(envelope("ticker", i + 10, json!([{"type": "update", "tickers": events}]))),
            at,
        );
    }
}

fn book(model: &mut Model, at: Instant) {
    let mut updates = Vec::new();
    for k in 0..12 {
        let size = format!("0.{}", 100 + k * 37);
        updates.push(
            json!({"side": "offer", "price_level": format!("{}.00", 50010 + k * 5), "new_quantity": size}),
        );
        updates.push(
            json!({"side": "bid", "price_level": format!("{}.00", 49990 - k * 5), "new_quantity": size}),
        );
    }
    let event = json!([{"type": "snapshot", "product_id": "BTC-USD", "updates": updates}]);
    feed(model, FeedKind::Market, ws(envelope("l2_data", 100, event)), at);
}

fn trades(model: &mut Model, at: Instant) {
    let trades: Vec<Value> = (0..20)
        .map(|i| json!({"trade_id": format!("t{i}"), "product_id": "BTC-USD", "price": format!("{}.50", 50000 + (i * 3) % 11),
            "size": format!("0.0{}", i % 9 + 1), "time": format!("2026-01-02T03:03:{:02}Z", 30 + i), "side": if i % 3 == 0 { "BUY" } else { "SELL" }}))
        .collect();
    feed(
        model,
        FeedKind::Market,
        ws(envelope("market_trades", 101, json!([{"type": "snapshot", "trades": trades}]))),
        at,
    );
}

fn candles() -> Vec<cbterm::coinbase::wire::Candle> {
    (0..80i64)
        .map(|i| {
            let open = 49800 + (i * 37) % 300 + i * 2;
            let close = open + ((i * 53) % 120) - 60;
            let (lo, hi) = (open.min(close) - 20, open.max(close) + 25);
            serde_json::from_value(
                json!({"start": (1_767_322_800 + 60 * i).to_string(), "open": open.to_string(),
                "close": close.to_string(), "low": lo.to_string(), "high": hi.to_string(), "volume": "3.5"}),
            )
            .expect("candle")
        })
        .collect()
}

fn account(model: &mut Model) {
    let accounts = json!([
        {"uuid": "a1", "currency": "USD", "available_balance": {"value": "100000.00", "currency": "USD"}, "hold": {"value": "500.00", "currency": "USD"}},
        {"uuid": "a2", "currency": "BTC", "available_balance": {"value": "1.5", "currency": "BTC"}, "hold": {"value": "0", "currency": "BTC"}},
        {"uuid": "a3", "currency": "ETH", "available_balance": {"value": "10", "currency": "ETH"}}]);
    model.update(Msg::AccountsLoaded(serde_json::from_value(accounts).expect("accounts")));
    let order = |id: &str, product: &str, side: &str, price: &str, size: &str, created: &str| {
        json!({"order_id": id, "product_id": product, "side": side, "client_order_id": format!("c-{id}"), "status": "OPEN",
            "created_time": created, "filled_size": "0", "order_type": "LIMIT",
            "order_configuration": {"limit_limit_gtc": {"base_size": size, "limit_price": price, "post_only": false}}})
    };
    let orders = json!([
        order("11111111-aaaa", "BTC-USD", "BUY", "49000.00", "0.01", "2026-01-02T03:00:05Z"),
        order("22222222-bbbb", "ETH-USD", "SELL", "3200.00", "0.5", "2026-01-02T02:04:05Z")
    ]);
    model.update(Msg::OpenOrdersLoaded(serde_json::from_value(orders).expect("orders")));
    let fill = |i: u32| {
        json!({"trade_id": format!("f{i}"), "order_id": "o", "trade_time": format!("2026-01-02T02:5{i}:00Z"),
        "price": "49950.00", "size": "0.002", "commission": "0.60", "product_id": "BTC-USD", "side": if i.is_multiple_of(2) { "BUY" } else { "SELL" }})
    };
    model
        .update(Msg::FillsLoaded(serde_json::from_value(json!([fill(1), fill(2), fill(3)])).expect("fills")));
    let fees = json!({"total_volume": 1000, "total_fees": 5, "fee_tier": {"pricing_tier": "x", "taker_fee_rate": "0.006", "maker_fee_rate": "0.004"}});
    model.update(Msg::FeesLoaded(serde_json::from_value(fees).expect("fees")));
}

/// The fixed model every snapshot starts from.
fn fixture() -> Model {
    let t0 = Instant::now();
    let keymap = Keymap::builtin().expect("keymap");
    let init = ModelInit {
        venue: VenueLabel::Demo,
        keymap,
        watch: ids(),
        has_credentials: true,
        now: t0,
        wall: wall(),
        ids: ClientOrderIds::seeded(1),
    };
    let mut model = Model::new(init);
    let products = json!([
        product("BTC-USD", "50000", "0.01", "0.00000001"),
        product("ETH-USD", "3000", "0.01", "0.0001"),
        product("SOL-USD", "150", "0.01", "0.001"),
        product("DOGE-USD", "0.12", "0.00001", "0.1"),
        product("ADA-USD", "0.5", "0.0001", "1")
    ]);
    model.update(Msg::ProductsLoaded(serde_json::from_value(products).expect("products")));
    feed(&mut model, FeedKind::Market, FeedEvent::Connected, t0);
    feed(&mut model, FeedKind::User, FeedEvent::Connected, t0);
    tickers(&mut model, t0);
    book(&mut model, t0 + Duration::from_millis(2900));
    trades(&mut model, t0 + Duration::from_millis(2950));
    let granularity = cbterm::coinbase::wire::Granularity::OneMinute;
    model.update(Msg::CandlesLoaded { product: ids()[0].clone(), granularity, candles: candles() });
    account(&mut model);
    feed(
        &mut model,
        FeedKind::User,
        ws(envelope("heartbeats", 5, json!([{"current_time": WALL, "heartbeat_counter": 1}]))),
        t0 + Duration::from_millis(2000),
    );
    model.update(Msg::Tick { now: t0 + Duration::from_millis(3100), wall: wall() });
    model
}

fn render(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().to_string()
}

fn act(model: &mut Model, actions: &[Action]) {
    for a in actions {
        model.update(Msg::Action(*a));
    }
}

#[test]
fn full_screen_80x24() {
    insta::assert_snapshot!(render(&fixture(), 80, 24));
}

#[test]
fn full_screen_160x48() {
    insta::assert_snapshot!(render(&fixture(), 160, 48));
}

#[test]
fn too_small_terminal() {
    insta::assert_snapshot!(render(&fixture(), 50, 10));
}

#[test]
fn book_with_selected_level_and_wider_tick() {
    let mut model = fixture();
    act(
        &mut model,
        &[Action::FocusNext, Action::SelectUp, Action::SelectUp, Action::WidenTick, Action::WidenTick],
    );
    assert_eq!(model.focus, Pane::Book);
    insta::assert_snapshot!(render(&model, 80, 24));
}

#[test]
fn invalid_book_is_not_drawn() {
    let mut model = fixture();
    let at = model.now;
    feed(
        &mut model,
        FeedKind::Market,
        FeedEvent::Disconnected { reason: FeedError::Closed, retry_in: Duration::from_secs(1) },
        at,
    );
    insta::assert_snapshot!(render(&model, 80, 24));
}

#[test]
fn chart_and_balances_panes_at_80x24() {
    let mut model = fixture();
    act(&mut model, &[Action::FocusNext, Action::FocusNext, Action::FocusNext]);
    insta::assert_snapshot!("chart_80x24", render(&model, 80, 24));
    act(&mut model, &[Action::FocusNext, Action::FocusNext]);
    insta::assert_snapshot!("balances_80x24", render(&model, 80, 24));
}

#[test]
fn ticket_review_and_help_overlays() {
    let mut model = fixture();
    act(&mut model, &[Action::OpenBuyTicket]);
    for c in "49000.00".chars() {
        model.update(Msg::Typed(c));
    }
    act(&mut model, &[Action::NextField]);
    for c in "0.01x".chars() {
        model.update(Msg::Typed(c));
    }
    insta::assert_snapshot!("ticket_with_error_80x24", render(&model, 80, 24));
    act(&mut model, &[Action::DeleteChar, Action::Review]);
    insta::assert_snapshot!("review_arming_80x24", render(&model, 80, 24));
    let later = model.now + Duration::from_secs(1);
    model.update(Msg::Tick { now: later, wall: wall() });
    insta::assert_snapshot!("review_160x48", render(&model, 160, 48));
    act(&mut model, &[Action::Close, Action::Close, Action::ToggleHelp]);
    insta::assert_snapshot!("help_160x48", render(&model, 160, 48));
}

#[test]
fn picker_and_cancel_all_confirmation() {
    let mut model = fixture();
    act(&mut model, &[Action::OpenPicker]);
    model.update(Msg::Typed('a'));
    insta::assert_snapshot!("picker_80x24", render(&model, 80, 24));
    act(&mut model, &[Action::Close, Action::CancelAll]);
    insta::assert_snapshot!("confirm_cancel_all_80x24", render(&model, 80, 24));
}

/// Every pane drawn alone, filling the terminal, at both reference sizes.
#[test]
fn each_pane_alone_at_80x24_and_160x48() {
    type PaneDraw = fn(&mut ratatui::Frame, &Model, ratatui::layout::Rect);
    let panes: [(&str, PaneDraw); 8] = [
        ("watchlist", cbterm::ui::watchlist::draw),
        ("book", cbterm::ui::book::draw),
        ("trades", cbterm::ui::trades::draw),
        ("chart", cbterm::ui::chart::draw),
        ("orders", cbterm::ui::orders::draw),
        ("balances", cbterm::ui::balances::draw),
        ("status_bar", cbterm::ui::status_bar::draw),
        ("help", cbterm::ui::help::draw),
    ];
    let model = fixture();
    for (name, draw) in panes {
        for (width, height) in [(80, 24), (160, 48)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            terminal.draw(|f| draw(f, &model, f.area())).expect("draw");
            insta::assert_snapshot!(format!("pane_{name}_{width}x{height}"), terminal.backend().to_string());
        }
    }
}
