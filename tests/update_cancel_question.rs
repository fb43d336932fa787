//! `c` away from Open orders names the order and waits for a second `c` or `y`; with Open
//! orders focused it cancels at once. Keys go through the built-in keymap, as typed.

use cbterm::app::keymap::Keymap;
use cbterm::app::model::{Overlay, Pane};
use cbterm::app::{Effect, Mode, Model, Msg};
use cbterm::domain::{OrderRecord, OrderStatus, Side};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::limit_order;

mod support;

fn order(order_id: &str, side: Side, price: &str, size: &str, created: &str) -> OrderRecord {
    let client = format!("c-{order_id}");
    limit_order(order_id, &client, "BTC-USD", side, OrderStatus::Open, price, size, "0", created)
}

fn first() -> OrderRecord {
    order("11111111-aaaa", Side::Buy, "49000.00", "0.01", "2026-01-02T03:00:00Z")
}

fn second() -> OrderRecord {
    order("22222222-bbbb", Side::Sell, "51000.50", "0.25", "2026-01-02T02:00:00Z")
}

/// BTC-USD with two open orders; the newer (the BUY) is highlighted; the watchlist has focus.
fn model() -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::OpenOrdersLoaded(vec![first(), second()]));
    assert_eq!(m.focus, Pane::Watchlist);
    assert_eq!(m.account.selected_order().map(|o| o.order_id.as_str()), Some("11111111-aaaa"));
    m
}

/// Presses `code` as the runtime would: resolved in the current mode.
fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    let keymap = Keymap::builtin().expect("keymap");
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    let msg = cbterm::app::key_to_msg(&keymap, m.mode(), &key).expect("a bound key");
    m.update(msg)
}

fn cancel(id: &str) -> Vec<Effect> {
    vec![Effect::CancelOrders { order_ids: vec![id.into()] }]
}

fn status_lines(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (28..30)
        .map(|y| (0..100).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

const QUESTION: &str =
    "cancel BUY 0.01 BTC-USD @ 49000.00 (id 11111111)? c or y to confirm, n or Esc to keep";

#[test]
fn away_from_open_orders_c_names_the_order_and_a_second_c_sends_exactly_one_cancel() {
    let mut m = model();
    assert_eq!(press(&mut m, KeyCode::Char('c')), vec![], "nothing sent on the first c");
    assert_eq!(m.mode(), Mode::Confirm);
    assert!(!m.account.orders.iter().any(|o| o.cancel_requested));
    let bar = status_lines(&m);
    assert!(bar.contains(QUESTION), "the status line names the order:\n{bar}");
    assert_eq!(press(&mut m, KeyCode::Char('c')), cancel("11111111-aaaa"));
    assert_eq!((m.mode(), &m.overlay), (Mode::Normal, &Overlay::None));
    assert_eq!(press(&mut m, KeyCode::Char('c')), vec![], "no second cancel of the same order");
    assert_eq!(m.notice(), Some("cancel of 11111111 already requested"));
}

#[test]
fn y_confirms_and_esc_keeps_the_order() {
    let mut m = model();
    press(&mut m, KeyCode::Char('c'));
    assert_eq!(press(&mut m, KeyCode::Esc), vec![]);
    assert_eq!((m.mode(), &m.overlay), (Mode::Normal, &Overlay::None));
    assert!(!m.account.orders.iter().any(|o| o.cancel_requested), "kept");
    assert!(!status_lines(&m).contains("to confirm"), "the question is gone");
    press(&mut m, KeyCode::Char('c'));
    assert_eq!(press(&mut m, KeyCode::Char('y')), cancel("11111111-aaaa"));
}

#[test]
fn the_cancel_goes_to_the_order_named_even_when_the_rows_move() {
    let mut m = model();
    press(&mut m, KeyCode::Char('c'));
    let newer = order("33333333-cccc", Side::Buy, "48000.00", "1", "2026-01-02T03:04:00Z");
    m.update(Msg::OpenOrdersLoaded(vec![newer, first(), second()]));
    assert_eq!(m.account.selected_order().map(|o| o.order_id.as_str()), Some("33333333-cccc"));
    assert_eq!(press(&mut m, KeyCode::Char('y')), cancel("11111111-aaaa"));

    let mut m = model();
    press(&mut m, KeyCode::Char('c'));
    m.update(Msg::OpenOrdersLoaded(vec![second()]));
    assert_eq!(press(&mut m, KeyCode::Char('c')), vec![], "the order named is gone: nothing sent");
    assert_eq!(m.notice(), Some("order 11111111 is no longer open; nothing cancelled"));
}

#[test]
fn with_open_orders_focused_c_cancels_the_highlighted_row_at_once() {
    let mut m = model();
    while m.focus != Pane::Orders {
        press(&mut m, KeyCode::Tab);
    }
    press(&mut m, KeyCode::Char('j'));
    assert_eq!(press(&mut m, KeyCode::Char('c')), cancel("22222222-bbbb"));
    assert_eq!(m.mode(), Mode::Normal);
}
