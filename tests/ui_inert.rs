//! Terminal safety in the dashboard (issue 8): text that came from the network, with escape
//! sequences in it (set the window title, clear the screen, an 8-bit CSI), is drawn inertly:
//! no cell of the screen the terminal receives holds a control character.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use cbterm::app::{FeedKind, Msg, Request};
use cbterm::domain::FeedEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1m";

/// Every cell symbol of the full screen at `width`×`height`.
fn cells(model: &cbterm::app::Model, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draws");
    terminal.backend().buffer().content().iter().map(|c| c.symbol().to_string()).collect()
}

/// No control character at 80×24 or 160×48, and `shown` visible on the wide screen (the
/// compact one may leave the pane out).
fn assert_inert(model: &cbterm::app::Model, shown: &str) {
    for (width, height) in [(80, 24), (160, 48)] {
        let cells = cells(model, width, height);
        let bad: Vec<&String> = cells.iter().filter(|s| s.chars().any(char::is_control)).collect();
        assert!(bad.is_empty(), "{width}x{height}: control characters drawn: {bad:?}");
        let text: String = cells.concat();
        assert!(width < 160 || text.contains(shown), "{width}x{height}: the text is still shown: {text}");
    }
}

#[test]
fn a_hostile_server_error_is_drawn_inertly() {
    let mut m = btc_model(1);
    let at = std::time::Instant::now();
    let event = FeedEvent::ServerError(format!("bad{HOSTILE}"));
    m.update(Msg::Feed { feed: FeedKind::User, event, at });
    assert_inert(&m, "]0;pwned");
}

#[test]
fn a_hostile_failure_reason_and_order_id_are_drawn_inertly() {
    let mut m = btc_model(2);
    m.update(Msg::RequestFailed { request: Request::Accounts, reason: format!("HTTP 400{HOSTILE}") });
    assert_inert(&m, "]0;pwned");
    let accepted = Msg::OrderAccepted { client_order_id: "x".into(), order_id: format!("id{HOSTILE}") };
    m.update(accepted);
    assert_inert(&m, "[2J");
}

#[test]
fn a_hostile_currency_name_is_drawn_inertly() {
    let mut m = btc_model(3);
    m.update(Msg::AccountsLoaded(vec![balance(&format!("X{HOSTILE}"), "1", "0"), balance("USD", "5", "0")]));
    assert_inert(&m, "pwned");
}
