//! Status messages: a severity, a lifetime on the model's clock, dismissal, replacement, and a
//! long message shown whole at 80×24.

use std::time::Duration;

use cbterm::app::model::{Problem, Severity, StatusMessage};
use cbterm::app::{Action, FeedKind, Mode, Model, Msg, Request};
use cbterm::domain::FeedEvent;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;

fn tick(m: &mut Model, since: std::time::Instant, ms: u64) {
    let wall = m.wall;
    m.update(Msg::Tick { now: since + Duration::from_millis(ms), wall });
}

fn text(severity: Severity, body: &str, since: std::time::Instant) -> Option<StatusMessage> {
    Some(StatusMessage { severity, body: Problem::Text(body.into()), since })
}

#[test]
fn an_info_message_expires_after_five_seconds_of_ticks() {
    let mut m = support::btc_model(1);
    let t0 = m.now;
    m.update(Msg::Action(Action::CancelSelected));
    let shown = text(Severity::Info, "no open order selected", t0);
    assert_eq!(m.message, shown);
    tick(&mut m, t0, 4_999);
    assert_eq!(m.message, shown);
    tick(&mut m, t0, 5_000);
    assert_eq!(m.message, None);
}

#[test]
fn an_error_stays_until_dismissed_or_replaced() {
    let mut m = support::btc_model(1);
    let t0 = m.now;
    let failed =
        || Msg::RequestFailed { request: Request::Cancel(vec!["o-1".into()]), reason: "HTTP 503".into() };
    m.update(failed());
    let shown = text(Severity::Error, "cancelling 1 order(s) failed: HTTP 503", t0);
    assert_eq!(m.message, shown);
    tick(&mut m, t0, 10 * 60 * 1000);
    assert_eq!(m.message, shown, "ten minutes later it is still there");
    m.update(Msg::Action(Action::Dismiss));
    assert_eq!(m.message, None);

    m.update(failed());
    m.update(Msg::Action(Action::CancelSelected));
    let t1 = m.now;
    assert_eq!(
        m.message,
        text(Severity::Info, "no open order selected", t1),
        "replaced by the newer message"
    );
}

#[test]
fn x_and_esc_dismiss_in_the_panes() {
    let keymap = cbterm::app::keymap::Keymap::builtin().expect("keymap");
    for code in [KeyCode::Char('x'), KeyCode::Esc] {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(cbterm::app::key_to_msg(&keymap, Mode::Normal, &key), Some(Msg::Action(Action::Dismiss)));
    }
    let help = keymap.bindings(Mode::Normal);
    assert!(help.iter().any(|(action, _)| *action == Action::Dismiss), "the help lists it");
}

fn render(m: &Model) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..24).map(|y| (0..80).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect()
}

#[test]
fn a_long_message_is_fully_visible_at_80x24() {
    let mut m = support::btc_model(1);
    let reason = "the server closed the connection after 3 authentication failures: the key may be revoked, \
                  its clock may be wrong, or the key file may belong to another portfolio; check cbterm doctor \
                  and its last words are here";
    let at = m.now;
    m.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Failed { reason: reason.into() }, at });
    let rows = render(&m);
    let screen = rows.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = format!("user feed stopped: {reason} (x dismisses)");
    let expected = expected.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(screen.contains(&expected), "the whole message is on screen:\n{}", rows.join("\n"));
    assert!(rows[23].starts_with("q quit"), "the key hints stay on the last row:\n{}", rows.join("\n"));
    assert!(rows[0].contains("Watchlist"), "the panes keep their place:\n{}", rows.join("\n"));
}

#[test]
fn a_short_message_stays_on_the_state_line() {
    let mut m = support::btc_model(1);
    m.update(Msg::Action(Action::CancelSelected));
    let rows = render(&m);
    assert!(rows[22].contains("│ no open order selected"), "{}", rows.join("\n"));
    assert!(rows[23].starts_with("q quit"));
}
