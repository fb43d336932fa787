//! Panic keys, pressed through the built-in keymap: `X` asks to cancel every open order of the
//! focused product, `F` asks to sell its whole available base balance at market. Each question
//! names what `y` sends; `n` sends nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::app::keymap::Keymap;
use cbterm::app::model::Overlay;
use cbterm::app::{Effect, Mode, Model, Msg};
use cbterm::domain::{MarketIoc, NewOrder, OrderConfig, OrderRecord, OrderStatus, Side};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{balance, dec, id, limit_order};

mod support;

fn press(m: &mut Model, c: char) -> Vec<Effect> {
    let keymap = Keymap::builtin().expect("keymap");
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let msg = cbterm::app::key_to_msg(&keymap, m.mode(), &key).expect("a bound key");
    m.update(msg)
}

/// BTC-USD (lot 0.0001) focused, with `btc` available.
fn model(btc: &str) -> Model {
    let mut m = support::btc_model(3);
    m.update(Msg::AccountsLoaded(vec![balance("USD", "1000", "0"), balance("BTC", btc, "0.5")]));
    m
}

/// The status bar's rows, trimmed, of a 120×30 screen.
fn status_rows(m: &Model) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (26..30)
        .map(|y| (0..120).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        .collect()
}

const QUESTION: &str = "Send MARKET SELL 0.1234 BTC-USD (all available BTC)? y to send, n or Esc to keep";

#[test]
fn f_asks_with_the_exact_order_and_y_sends_the_whole_balance_rounded_down_to_the_lot() {
    let mut m = model("0.12349999");
    assert_eq!(press(&mut m, 'F'), vec![], "nothing sent before the answer");
    assert_eq!(m.mode(), Mode::Confirm);
    let rows = status_rows(&m);
    assert!(rows.iter().any(|r| r.ends_with(&format!("│ {QUESTION}")) || r == QUESTION), "{rows:#?}");
    let Overlay::ConfirmFlatten { ticket } = &m.overlay else { panic!("flatten question: {:?}", m.overlay) };
    let client_order_id = ticket.client_order_id.clone();
    assert!(!client_order_id.is_empty());
    let sent = NewOrder {
        client_order_id,
        product_id: id("BTC-USD"),
        side: Side::Sell,
        config: OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(dec("0.1234")) }),
    };
    assert_eq!(press(&mut m, 'y'), vec![Effect::PlaceOrder(sent)]);
    assert_eq!(m.mode(), cbterm::app::Mode::Review, "the order shows as a ticket being sent");
    assert_eq!(press(&mut m, 'y'), vec![], "a second y sends nothing");
}

#[test]
fn n_and_esc_send_nothing() {
    for key in ['n', 'x'] {
        let mut m = model("0.12349999");
        press(&mut m, 'F');
        let effects = if key == 'x' {
            let keymap = Keymap::builtin().expect("keymap");
            let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
            m.update(cbterm::app::key_to_msg(&keymap, m.mode(), &esc).expect("esc bound"))
        } else {
            press(&mut m, key)
        };
        assert_eq!(effects, vec![]);
        assert_eq!((m.mode(), &m.overlay), (Mode::Normal, &Overlay::None));
        assert!(m.pending_orders.is_empty());
    }
}

#[test]
fn flatten_with_nothing_to_sell_says_so_and_sends_nothing() {
    for btc in ["0", "0.00009"] {
        let mut m = model(btc);
        assert_eq!(press(&mut m, 'F'), vec![]);
        assert_eq!((m.mode(), &m.overlay), (Mode::Normal, &Overlay::None), "{btc}");
        assert_eq!(m.notice(), Some("no BTC available to sell: nothing to flatten on BTC-USD"), "{btc}");
    }
}

fn order(order_id: &str, product: &str) -> OrderRecord {
    let client = format!("c-{order_id}");
    let created = "2026-01-02T03:00:00Z";
    limit_order(order_id, &client, product, Side::Buy, OrderStatus::Open, "100.00", "0.01", "0", created)
}

#[test]
fn x_asks_to_cancel_the_focused_products_orders_only_and_y_sends_them_in_one_batch() {
    let mut m = model("1");
    let orders = vec![order("b1", "BTC-USD"), order("e1", "ETH-USD"), order("b2", "BTC-USD")];
    m.update(Msg::OpenOrdersLoaded(orders));
    assert_eq!(press(&mut m, 'X'), vec![]);
    let ids: Vec<String> = vec!["b1".into(), "b2".into()];
    assert_eq!(m.overlay, Overlay::ConfirmCancelAll { order_ids: ids.clone(), product: Some(id("BTC-USD")) });
    assert_eq!(press(&mut m, 'n'), vec![], "n sends nothing");
    assert_eq!(m.overlay, Overlay::None);
    press(&mut m, 'X');
    assert_eq!(press(&mut m, 'y'), vec![Effect::CancelOrders { order_ids: ids }]);
}

#[test]
fn x_with_no_orders_on_the_product_says_so() {
    let mut m = model("1");
    m.update(Msg::OpenOrdersLoaded(vec![order("e1", "ETH-USD")]));
    assert_eq!(press(&mut m, 'X'), vec![]);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.notice(), Some("no open BTC-USD orders to cancel"));
}

#[test]
fn under_dry_run_flatten_and_cancel_all_on_product_send_nothing() {
    let mut m = model("0.12349999");
    m.dry_run = true;
    press(&mut m, 'F');
    assert_eq!(press(&mut m, 'y'), vec![], "no market sell");
    assert_eq!((m.mode(), &m.overlay), (Mode::Normal, &Overlay::None));
    assert!(m.pending_orders.is_empty());
    assert_eq!(m.notice(), Some("dry-run: SELL BTC-USD order not sent (stopped at the preview)"));
    m.update(Msg::OpenOrdersLoaded(vec![order("o-1", "BTC-USD")]));
    press(&mut m, 'X');
    assert_eq!(press(&mut m, 'y'), vec![], "no cancel");
    assert_eq!(m.notice(), Some("dry-run: the cancel of 1 order is not sent"));
}
