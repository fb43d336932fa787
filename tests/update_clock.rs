//! R-AUTH3 in the model: a measured clock offset arrives as `Msg::ClockMeasured`; past 2 s the
//! status bar warns and shows a marker, past 30 s new orders are refused with the reason, at
//! review and at confirm.

use std::time::Duration;

use cbterm::app::model::ticket::Stage;
use cbterm::app::model::{Problem, Severity, StatusMessage};
use cbterm::app::{Action, Effect, Mode, Model, Msg};
use cbterm::domain::guards::clock::ClockTrust;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;

const REFUSED: &str = "clock 45.0 s behind the exchange's: over 30 s, new orders refused";

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

fn buy_ticket(m: &mut Model) {
    act(m, Action::OpenBuyTicket);
    for c in "49000.00".chars() {
        m.update(Msg::Typed(c));
    }
    act(m, Action::NextField);
    for c in "0.01".chars() {
        m.update(Msg::Typed(c));
    }
}

fn measured(m: &mut Model, offset_ms: i64) -> Vec<Effect> {
    m.update(Msg::ClockMeasured { offset_ms })
}

fn state_line(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let rows: Vec<String> =
        (0..48).map(|y| (0..160).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>()).collect();
    rows.into_iter().find(|r| r.contains(" market ")).expect("the state line")
}

fn message(severity: Severity, text: &str, m: &Model) -> Option<StatusMessage> {
    Some(StatusMessage { severity, body: Problem::Text(text.into()), since: m.now })
}

#[test]
fn a_small_offset_is_quiet_and_a_skew_past_2_s_warns_with_a_marker() {
    let mut m = support::btc_model(1);
    assert!(measured(&mut m, 2_000).is_empty());
    assert_eq!(
        (m.clock_offset_ms, m.clock_trust(), m.message.clone()),
        (Some(2_000), ClockTrust::Good, None)
    );
    assert!(!state_line(&m).contains("clock"), "no marker within 2 s");

    measured(&mut m, -2_500);
    assert_eq!(m.clock_trust(), ClockTrust::Skewed);
    let warning = "this computer's clock is 2.5 s ahead of the exchange's; signing corrects for it";
    assert_eq!(m.message, message(Severity::Warning, warning, &m));
    assert!(state_line(&m).contains("clock 2.5 s ahead of"), "{}", state_line(&m));

    buy_ticket(&mut m);
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Review, "a skew under 30 s does not stop orders");
}

#[test]
fn past_30_s_new_orders_are_refused_with_the_reason_until_the_clock_is_back() {
    let mut m = support::btc_model(1);
    measured(&mut m, 45_000);
    assert_eq!(m.clock_trust(), ClockTrust::Untrusted);
    assert_eq!(m.message, message(Severity::Error, REFUSED, &m));
    assert!(state_line(&m).contains("clock 45.0 s behind"));

    buy_ticket(&mut m);
    assert!(act(&mut m, Action::Review).is_empty());
    let t = m.ticket().expect("ticket");
    assert_eq!((t.stage.clone(), t.rejection.clone()), (Stage::Editing, Some(Problem::Text(REFUSED.into()))));

    measured(&mut m, 300);
    assert_eq!(m.message, message(Severity::Info, "clock back in step with the exchange", &m));
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Review);
}

#[test]
fn a_skew_measured_during_review_stops_the_confirm() {
    let mut m = support::btc_model(1);
    buy_ticket(&mut m);
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Review);
    measured(&mut m, 45_000);
    let (now, wall) = (m.now + Duration::from_secs(1), m.wall);
    m.update(Msg::Tick { now, wall });
    assert_eq!(act(&mut m, Action::Confirm), Vec::<Effect>::new(), "nothing is sent");
    let t = m.ticket().expect("ticket");
    assert_eq!((t.stage.clone(), t.rejection.clone()), (Stage::Editing, Some(Problem::Text(REFUSED.into()))));
    assert!(m.pending_orders.is_empty());
}
