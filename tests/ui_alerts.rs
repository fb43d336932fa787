//! Snapshots of the price alert form and the alert list at 80×24 and 160×48, and the highlight
//! of a fired alert's row and of its product's watchlist row (read from the cells' colours).

use cbterm::app::{Action, Model, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use support::{market_msg, ticker, tickers};

mod support;

/// BTC-USD at 50000.00 (its book 49990.00 / 50010.00 agrees), with an alert above 51000.00
/// that fired at 51000.00 and one below 45000.00 still armed; the last price is 51000.00.
fn fired() -> Model {
    let mut m = support::btc_model(11);
    price(&mut m, "50000.00");
    set(&mut m, 0, "51000.00");
    set(&mut m, 1, "45000.00");
    price(&mut m, "51000.00");
    m
}

fn price(m: &mut Model, last: &str) {
    let at = m.now;
    m.update(market_msg(
        tickers(vec![ticker("BTC-USD", last, "2.0", Some("1234"), "49990.00", "50010.00")]),
        at,
    ));
}

fn set(m: &mut Model, kind_steps: usize, text: &str) {
    m.update(Msg::Action(Action::OpenAlertForm));
    for _ in 0..kind_steps {
        m.update(Msg::Action(Action::ChoiceNext));
    }
    text.chars().for_each(|c| drop(m.update(Msg::Typed(c))));
    m.update(Msg::Action(Action::SetAlert));
}

fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    let symbols: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    symbols.chunks(width).map(|row| row.concat()).collect::<Vec<_>>().join("\n")
}

/// The background of the cell where `needle` first appears on screen.
fn bg_at(buffer: &Buffer, needle: &str) -> Option<Color> {
    let width = usize::from(buffer.area.width);
    let screen = text(buffer);
    screen.lines().enumerate().find_map(|(y, line)| {
        let x = line[..line.find(needle)?].chars().count();
        Some(buffer.content[y * width + x].bg)
    })
}

#[test]
fn an_armed_alert_on_a_product_outside_the_watchlist_says_it_gets_no_prices() {
    let mut m = fired();
    let mut eth = m.alerts.list[1].clone();
    eth.product = support::id("ETH-USD");
    eth.id = 3;
    let mut list = m.alerts.list.clone();
    list.push(eth);
    m.update(Msg::AlertsLoaded(list));
    m.update(Msg::Action(Action::OpenAlerts));
    let screen = text(&draw(&m, 160, 48));
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("45000.00")).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(
        rows[0].contains("│BTC-USD     below 45000.00                    armed                       │"),
        "{screen}"
    );
    assert!(
        rows[1].contains("│ETH-USD     below 45000.00                    not watched: / adds it      │"),
        "{screen}"
    );
}

#[test]
fn the_form_with_a_refusal_at_80x24_and_160x48() {
    let mut m = support::btc_model(11);
    price(&mut m, "50000.00");
    m.update(Msg::Action(Action::OpenAlertForm));
    m.update(Msg::Action(Action::ChoiceNext));
    "50100".chars().for_each(|c| drop(m.update(Msg::Typed(c))));
    m.update(Msg::Action(Action::SetAlert));
    insta::assert_snapshot!("alert_form_80x24", text(&draw(&m, 80, 24)));
    insta::assert_snapshot!("alert_form_160x48", text(&draw(&m, 160, 48)));
}

#[test]
fn a_fired_alert_highlights_its_watchlist_row_until_the_list_is_opened() {
    let mut m = fired();
    let screen = draw(&m, 160, 48);
    assert_eq!(bg_at(&screen, "BTC-USD  51000.00"), Some(Color::Yellow), "{}", text(&screen));
    insta::assert_snapshot!("alert_fired_dashboard_80x24", text(&draw(&m, 80, 24)));
    m.update(Msg::Action(Action::OpenAlerts));
    let screen = draw(&m, 160, 48);
    assert_eq!(
        bg_at(&screen, "above 51000.00"),
        Some(Color::Yellow),
        "the fired alert's row:\n{}",
        text(&screen)
    );
    insta::assert_snapshot!("alert_list_80x24", text(&draw(&m, 80, 24)));
    insta::assert_snapshot!("alert_list_160x48", text(&screen));
    m.update(Msg::Action(Action::Close));
    assert_eq!(bg_at(&draw(&m, 160, 48), "BTC-USD  51000.00"), Some(Color::Reset), "seen: only selected now");
}
