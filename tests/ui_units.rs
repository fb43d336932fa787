//! Units wherever a number could be read two ways: a quote-sized market order's SIZE carries
//! its currency (`100.00 USD`, never a bare `100` beside base sizes), also after the user
//! channel reports the order in its own terms; Balances show every amount of a currency at that
//! currency's one precision (USD to cents, a coin to its lot), never `0.00` beside `0`.

use std::time::Instant;

use cbterm::app::keymap::Keymap;
use cbterm::app::{FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::coinbase::parse;
use cbterm::coinbase::wire::{Order, ws::UserOrder};
use cbterm::domain::{ClientOrderIds, EventKind, FeedEvent, OrderStatus, ProductId, Side};
use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use support::{balance, limit_order, product_with_stats, rules};

mod support;

fn wall() -> DateTime<Utc> {
    "2026-01-02T03:04:05Z".parse().expect("fixed time")
}

fn model() -> Model {
    let t0 = Instant::now();
    let watch = vec![ProductId("BTC-USD".into()), ProductId("SOL-USD".into())];
    let init = ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch,
        has_credentials: true,
        now: t0,
        wall: wall(),
        ids: ClientOrderIds::seeded(1),
    };
    let mut model = Model::new(init);
    let products = vec![
        product_with_stats(rules("BTC-USD", "0.01", "0.00000001", "1000", "1000000"), "68000", "1", "10"),
        product_with_stats(rules("SOL-USD", "0.01", "0.001", "100000", "1000000"), "150", "1", "10"),
        product_with_stats(rules("DOGE-USD", "0.00001", "0.1", "1000000", "1000000"), "0.15", "1", "10"),
    ];
    model.update(Msg::ProductsLoaded(products));
    model.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connected, at: t0 });
    model
}

/// A market buy of 100 USD of SOL as `GET /orders/historical/batch` lists it, still open.
fn quote_sized_market_order() -> Order {
    serde_json::from_value(json!({
        "order_id": "33333333-cccc", "product_id": "SOL-USD", "side": "BUY",
        "client_order_id": "c-33333333-cccc", "status": "OPEN", "time_in_force": "IMMEDIATE_OR_CANCEL",
        "created_time": "2026-01-02T03:04:00Z", "order_type": "MARKET", "filled_size": "0",
        "order_configuration": {"market_market_ioc": {"quote_size": "100"}}
    }))
    .expect("order")
}

/// The same order on the user channel: `leaves_quantity` is in USD, the currency it was sized in.
fn on_the_user_channel() -> UserOrder {
    serde_json::from_value(json!({
        "order_id": "33333333-cccc", "client_order_id": "c-33333333-cccc", "product_id": "SOL-USD",
        "order_side": "BUY", "order_type": "Market", "status": "OPEN", "cumulative_quantity": "0",
        "leaves_quantity": "100", "avg_price": "0", "limit_price": "", "stop_price": "",
        "time_in_force": "IMMEDIATE_OR_CANCEL", "post_only": "false", "total_fees": "0",
        "creation_time": "2026-01-02T03:04:00Z"
    }))
    .expect("user order")
}

fn render(model: &Model, draw: fn(&mut ratatui::Frame, &Model, ratatui::layout::Rect)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 9)).expect("terminal");
    terminal.draw(|f| draw(f, model, f.area())).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn a_quote_sized_order_shows_its_currency_before_and_after_the_user_channel_reports_it() {
    let mut model = model();
    let base = limit_order(
        "11111111-aaaa",
        "c-11111111-aaaa",
        "BTC-USD",
        Side::Buy,
        OrderStatus::Open,
        "49000.00",
        "0.01",
        "0",
        "2026-01-02T03:00:05Z",
    );
    let listed = vec![base, parse::order(&quote_sized_market_order())];
    model.update(Msg::OpenOrdersLoaded(listed));
    insta::assert_snapshot!("quote_size_listed", render(&model, cbterm::ui::orders::draw));
    let update = support::user(EventKind::Update, vec![parse::user_order(&on_the_user_channel())]);
    model.update(Msg::Feed { feed: FeedKind::User, event: update, at: model.now });
    insta::assert_snapshot!("quote_size_after_user_channel", render(&model, cbterm::ui::orders::draw));
}

#[test]
fn each_currency_has_one_precision_in_balances() {
    let mut model = model();
    let balances = vec![
        balance("USD", "100000", "0.00"),
        balance("BTC", "1.5", "0"),
        balance("SOL", "100", "10.25"),
        balance("DOGE", "10000", "0"),
        balance("XYZ", "3", "0"),
    ];
    model.update(Msg::AccountsLoaded(balances));
    insta::assert_snapshot!("balances_one_precision", render(&model, cbterm::ui::balances::draw));
}
