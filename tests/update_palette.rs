//! `update` scenarios for the command palette, driven by keys through the real keymap: typing
//! with a live preview, Tab completion, the session's history, and Enter. An order line opens
//! the very ticket and review card the ticket's own keys produce (compared whole), and `y`
//! sends the same request; other commands act as their keys would.

use std::time::Duration;

use cbterm::app::model::alerts::Condition;
use cbterm::app::model::palette::Preview;
use cbterm::app::model::ticket::{OrderKind, Stage, Ticket};
use cbterm::app::model::{Overlay, Pane};
use cbterm::app::{Effect, Mode, Model, Msg, key_to_msg};
use cbterm::domain::{
    Granularity, LimitGtc, MarketIoc, OrderConfig, OrderStatus, Side, StopDirection, StopLimit,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

use support::{dec, id};

/// BTC-USD as in the ticket tests (book 49990/50010, 1000 USD and 1 BTC, fees 0.4/0.6 %), and
/// ETH-USD, BTC-EUR and SOL-USD in the catalogue.
fn model() -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    let others = ["ETH-USD", "BTC-EUR", "SOL-USD"]
        .map(|p| support::product(support::rules(p, "0.01", "0.001", "1000", "1000000")));
    let mut all = vec![support::product(support::btc_rules())];
    all.extend(others);
    m.update(Msg::ProductsLoaded(all));
    m
}

/// One key press through the keymap of the current mode.
fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    match key_to_msg(&m.keymap, m.mode(), &key) {
        Some(msg) => m.update(msg),
        None => Vec::new(),
    }
}

fn keys(m: &mut Model, text: &str) {
    for c in text.chars() {
        press(m, KeyCode::Char(c));
    }
}

/// `:`, then `line` typed key by key.
fn palette(m: &mut Model, line: &str) {
    press(m, KeyCode::Char(':'));
    assert_eq!(m.mode(), Mode::Palette);
    keys(m, line);
}

fn line(m: &Model) -> String {
    m.palette().expect("palette open").line.clone()
}

/// The open ticket with its review card's opening time set aside (the two models of a
/// comparison started at different instants), and the order its card shows.
fn card(m: &Model) -> (Ticket, OrderConfig) {
    let mut t = m.ticket().expect("a ticket").clone();
    let Stage::Review { config, .. } = std::mem::replace(&mut t.stage, Stage::Editing) else {
        panic!("not on the review card: {:?}", t.stage);
    };
    (t, config)
}

/// Waits out the card's arming delay and presses `y`.
fn confirm(m: &mut Model) -> Vec<Effect> {
    m.update(Msg::Tick { now: m.now + Duration::from_millis(600), wall: m.wall });
    press(m, KeyCode::Char('y'))
}

#[test]
fn the_line_is_previewed_as_it_is_typed() {
    let mut m = model();
    palette(&mut m, "buy 0.01 BTCUSD");
    let error = "word 3: expected a product like BTC-USD, found 'BTCUSD'";
    assert_eq!(m.palette_preview(&line(&m)), Preview::Invalid(error.into()));
    for _ in 0.."BTCUSD".len() {
        press(&mut m, KeyCode::Backspace);
    }
    keys(&mut m, "BTC-USD @ 49000.00");
    let Preview::Order { ticket, checked } = m.palette_preview(&line(&m)) else { panic!("an order") };
    assert_eq!((ticket.side, ticket.price.as_str(), ticket.size.as_str()), (Side::Buy, "49000.00", "0.01"));
    let order = LimitGtc { base_size: dec("0.01"), limit_price: dec("49000.00"), post_only: false };
    assert_eq!((checked.config, checked.problem), (Some(OrderConfig::LimitGtc(order)), None));
    keys(&mut m, "1");
    let Preview::Order { checked, .. } = m.palette_preview(&line(&m)) else { panic!("an order") };
    let tick = "limit price 49000.001 is not a multiple of the tick 0.01; nearest valid: 49000.00 (rounded down) or 49000.01";
    assert_eq!(checked.problem.as_deref(), Some(tick), "never rounded: the ticket's own guard refuses it");
}

#[test]
fn tab_completes_keywords_and_known_products() {
    let mut m = model();
    palette(&mut m, "se");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "sell ");
    keys(&mut m, "1 s");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "sell 1 SOL-USD ");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "sell 1 SOL-USD ", "three order types start with anything: nothing shared");
    keys(&mut m, "m");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "sell 1 SOL-USD mkt ");
    press(&mut m, KeyCode::Esc);
    palette(&mut m, "watch add b");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "watch add BTC-", "BTC-EUR and BTC-USD share BTC-");
    keys(&mut m, "e");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "watch add BTC-EUR ");
    press(&mut m, KeyCode::Esc);
    palette(&mut m, "chart 1");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "chart 1", "1m, 15m, 1h, 1d share only 1");
    keys(&mut m, "5");
    press(&mut m, KeyCode::Tab);
    assert_eq!(line(&m), "chart 15m ");
}

#[test]
fn up_and_down_browse_the_sessions_history() {
    let mut m = model();
    for command in ["chart 1h", "chart 5m", "chart 5m", "watch add ETH-USD"] {
        palette(&mut m, command);
        press(&mut m, KeyCode::Enter);
        assert_eq!(m.mode(), Mode::Normal, "{command} ran and closed the palette");
    }
    assert_eq!(m.palette_history, ["chart 1h", "chart 5m", "watch add ETH-USD"], "a repeat is kept once");
    palette(&mut m, "cha");
    let mut seen = Vec::new();
    for code in
        [KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Down, KeyCode::Down, KeyCode::Down]
    {
        press(&mut m, code);
        seen.push(line(&m));
    }
    let expected =
        ["watch add ETH-USD", "chart 5m", "chart 1h", "chart 1h", "chart 5m", "watch add ETH-USD", "cha"];
    assert_eq!(seen, expected);
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.granularity, Granularity::FiveMinute, "a recalled line runs");
}

#[test]
fn enter_on_a_limit_order_opens_the_tickets_own_review_card_and_y_sends_the_same_order() {
    let mut by_palette = model();
    palette(&mut by_palette, "buy 0.01 BTC-USD @ 49000.00");
    let asked = press(&mut by_palette, KeyCode::Enter);
    assert!(
        matches!(asked.as_slice(), [Effect::PreviewOrder(_)]),
        "only a preview from the palette: {asked:?}"
    );
    assert_eq!(by_palette.mode(), Mode::Review);
    let mut by_ticket = model();
    press(&mut by_ticket, KeyCode::Char('b'));
    keys(&mut by_ticket, "49000.00");
    press(&mut by_ticket, KeyCode::Tab);
    keys(&mut by_ticket, "0.01");
    press(&mut by_ticket, KeyCode::Enter);
    assert_eq!(card(&by_palette), card(&by_ticket));
    let sent = confirm(&mut by_palette);
    assert_eq!(sent, confirm(&mut by_ticket));
    assert!(matches!(sent.as_slice(), [Effect::PlaceOrder(o)] if o.product_id == id("BTC-USD")), "{sent:?}");
    assert_eq!(by_palette.palette_history, ["buy 0.01 BTC-USD @ 49000.00"]);
}

#[test]
fn fifty_percent_is_the_tickets_percent_key_and_dollars_are_a_quote_size() {
    let mut by_palette = model();
    palette(&mut by_palette, "sell 50% BTC-USD mkt");
    press(&mut by_palette, KeyCode::Enter);
    let mut by_ticket = model();
    press(&mut by_ticket, KeyCode::Char('s'));
    press(&mut by_ticket, KeyCode::BackTab);
    press(&mut by_ticket, KeyCode::Left);
    press(&mut by_ticket, KeyCode::Char('%'));
    press(&mut by_ticket, KeyCode::Char('%'));
    press(&mut by_ticket, KeyCode::Enter);
    let (ticket, config) = card(&by_palette);
    assert_eq!((ticket.clone(), config.clone()), card(&by_ticket));
    assert_eq!(config, OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(dec("0.5")) }));
    assert_eq!(confirm(&mut by_palette), confirm(&mut by_ticket));

    let mut by_palette = model();
    palette(&mut by_palette, "buy $250 BTC-USD mkt");
    press(&mut by_palette, KeyCode::Enter);
    let mut by_ticket = model();
    press(&mut by_ticket, KeyCode::Char('b'));
    press(&mut by_ticket, KeyCode::BackTab);
    press(&mut by_ticket, KeyCode::Left);
    press(&mut by_ticket, KeyCode::Tab);
    press(&mut by_ticket, KeyCode::Tab);
    press(&mut by_ticket, KeyCode::Right);
    press(&mut by_ticket, KeyCode::BackTab);
    keys(&mut by_ticket, "250");
    press(&mut by_ticket, KeyCode::Enter);
    let (ticket, config) = card(&by_palette);
    assert_eq!((ticket, config.clone()), card(&by_ticket));
    assert_eq!(config, OrderConfig::MarketIoc(MarketIoc { quote_size: Some(dec("250")), base_size: None }));
}

#[test]
fn stop_limit_and_post_only_lines_review_the_orders_they_say() {
    let mut m = model();
    palette(&mut m, "sell 0.5 BTC-USD stop 48000 limit 47990.5");
    press(&mut m, KeyCode::Enter);
    let (ticket, config) = card(&m);
    let stop = StopLimit {
        base_size: dec("0.5"),
        limit_price: dec("47990.5"),
        stop_price: dec("48000"),
        stop_direction: StopDirection::Down,
        end_time: None,
    };
    assert_eq!((ticket.kind, config), (OrderKind::StopLimit, OrderConfig::StopLimitGtc(stop)));
    let mut m = model();
    palette(&mut m, "buy 0.01 BTC-USD @ 49000 post");
    press(&mut m, KeyCode::Enter);
    let order = LimitGtc { base_size: dec("0.01"), limit_price: dec("49000"), post_only: true };
    assert_eq!(card(&m).1, OrderConfig::LimitGtc(order));
}

#[test]
fn an_order_the_ticket_would_refuse_is_refused_by_the_same_guard() {
    let mut m = model();
    palette(&mut m, "buy 0.03 BTC-USD @ 49000.00");
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::Ticket, "the ticket opens with the problem, as its own Enter leaves it");
    let problem = m.ticket_check().expect("ticket").problem;
    let mut by_ticket = model();
    press(&mut by_ticket, KeyCode::Char('b'));
    keys(&mut by_ticket, "49000.00");
    press(&mut by_ticket, KeyCode::Tab);
    keys(&mut by_ticket, "0.03");
    assert_eq!(problem, by_ticket.ticket_check().expect("ticket").problem);
    assert_eq!(problem.as_deref(), Some("needs 1478.82 USD with the fee; 1000 USD available"));
    let mut m = model();
    palette(&mut m, "sell $250 BTC-USD mkt");
    press(&mut m, KeyCode::Enter);
    let error = "a market sell is sized in BTC, not in USD";
    assert_eq!((m.mode(), m.palette().and_then(|p| p.error.clone())), (Mode::Palette, Some(error.into())));
}

#[test]
fn a_wrong_line_stays_in_the_palette_with_its_error_and_runs_nothing() {
    let mut m = model();
    palette(&mut m, "buy 0.01 BTCUSD @ 60000");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let error = "word 3: expected a product like BTC-USD, found 'BTCUSD'";
    assert_eq!(m.palette().and_then(|p| p.error.clone()), Some(error.into()));
    assert!(m.palette_history.is_empty(), "only lines that ran are remembered");
    palette_line_is_refused(&mut m, "watch add DOGE-USD", "DOGE-USD is not a known product");
    palette_line_is_refused(&mut m, "watch rm ETH-USD", "ETH-USD is not in the watchlist");
    palette_line_is_refused(&mut m, "cancel all", "no open orders to cancel");
    let unwatched = "ETH-USD is not in the watchlist, so no live price would fire it: watch add it first";
    palette_line_is_refused(&mut m, "alert ETH-USD > 3000", unwatched);
    m.update(support::market_msg(
        support::tickers(vec![support::ticker("BTC-USD", "50000", "0", None, "49990", "50010")]),
        m.now,
    ));
    let met = "BTC-USD is already above 40000 (last 50000); nothing to wait for";
    palette_line_is_refused(&mut m, "alert BTC-USD > 40000", met);
    assert!(m.alerts.list.is_empty());
    assert_eq!((m.watch.clone(), m.mode()), (vec![id("BTC-USD")], Mode::Palette), "nothing changed");
}

fn palette_line_is_refused(m: &mut Model, line: &str, error: &str) {
    press(m, KeyCode::Esc);
    palette(m, line);
    assert_eq!(m.palette_preview(line), Preview::Invalid(error.into()));
    assert!(press(m, KeyCode::Enter).is_empty());
    assert_eq!(m.palette().and_then(|p| p.error.clone()), Some(error.into()));
}

#[test]
fn cancel_all_of_a_product_asks_the_cancel_all_question_for_its_orders_only() {
    let mut m = model();
    let order = |oid: &str, product: &str| {
        support::limit_order(
            oid,
            &format!("c-{oid}"),
            product,
            Side::Buy,
            OrderStatus::Open,
            "100",
            "1",
            "0",
            "2026-01-02T03:00:00Z",
        )
    };
    m.update(Msg::OpenOrdersLoaded(vec![
        order("o1", "BTC-USD"),
        order("o2", "ETH-USD"),
        order("o3", "BTC-USD"),
    ]));
    palette(&mut m, "cancel all BTC-USD");
    assert_eq!(m.palette_preview(&line(&m)), Preview::Ready("ask to cancel 2 open BTC-USD order(s)".into()));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let ids = vec!["o1".to_string(), "o3".to_string()];
    assert_eq!(m.overlay, Overlay::ConfirmCancelAll { order_ids: ids.clone(), product: Some(id("BTC-USD")) });
    assert_eq!(press(&mut m, KeyCode::Char('y')), vec![Effect::CancelOrders { order_ids: ids }]);
    palette(&mut m, "cancel all");
    press(&mut m, KeyCode::Enter);
    let all = ["o1", "o2", "o3"].map(String::from).to_vec();
    assert_eq!(m.overlay, Overlay::ConfirmCancelAll { order_ids: all, product: None });
}

#[test]
fn chart_watch_and_alert_lines_act_on_the_model() {
    let mut m = model();
    palette(&mut m, "chart 1h");
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!(m.granularity, Granularity::OneHour);
    assert!(
        matches!(effects[0], Effect::LoadCandles { granularity: Granularity::OneHour, .. }),
        "{effects:?}"
    );
    palette(&mut m, "theme colour-blind");
    assert_eq!(
        m.palette_preview("theme colour-blind"),
        Preview::Ready("draw in the colour-blind theme (this session)".into())
    );
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!((m.theme, m.mode()), (cbterm::app::ThemeName::ColourBlind, Mode::Normal));
    palette(&mut m, "watch add sol-usd");
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!(m.watch, [id("BTC-USD"), id("SOL-USD")]);
    assert_eq!(effects[0], Effect::SubscribeMarket { products: vec![id("BTC-USD"), id("SOL-USD")] });
    assert_eq!(m.focused(), Some(&id("SOL-USD")));
    palette(&mut m, "watch rm SOL-USD");
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!((m.watch.clone(), m.focused().cloned()), (vec![id("BTC-USD")], Some(id("BTC-USD"))));
    assert_eq!(effects[0], Effect::SubscribeMarket { products: vec![id("BTC-USD")] });
    assert!(!m.markets.contains_key(&id("SOL-USD")));
    palette(&mut m, "alert BTC-USD > 70000");
    let effects = press(&mut m, KeyCode::Enter);
    let alert = m.alerts.list.last().expect("an alert");
    assert_eq!(
        (&alert.product, &alert.condition),
        (&id("BTC-USD"), &Condition::Above { price: dec("70000") })
    );
    assert_eq!(effects, vec![Effect::SaveAlerts(m.alerts.list.clone())]);
    assert_eq!((m.mode(), m.focus), (Mode::Normal, Pane::Watchlist));
}

#[test]
fn esc_closes_the_palette_and_colon_is_typed_inside_it() {
    let mut m = model();
    palette(&mut m, "chart:");
    assert_eq!(line(&m), "chart:");
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.mode(), Mode::Normal);
}
