//! `cbterm replay` on screen: the timeline in the status bar at 80 and 160 columns (playing,
//! paused, finished), the REPLAY badge, the replay keys (only in a replay, clashing with no
//! pane key), and a paused replay that is not shown stale however long it stays paused.

use std::time::{Duration, Instant};

use cbterm::app::model::{BookStatus, ReplayControl, ReplayProgress};
use cbterm::app::{Action, Effect, Mode, Model, Msg, VenueLabel};
use cbterm::runtime::replay::Pace;
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

/// BTC-USD's live book (see `support::btc_model`) in a replay.
fn replay_model() -> Model {
    let mut m = support::btc_model(1);
    m.venue = VenueLabel::Replay;
    m
}

fn progress(at: &str, speed: f64, paused: bool, finished: bool) -> Msg {
    Msg::ReplayProgress(ReplayProgress {
        at: t(at),
        start: t("2026-12-04T19:00:00Z"),
        end: t("2026-12-04T19:10:00Z"),
        speed,
        paused,
        finished,
        problem: None,
    })
}

fn render(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().to_string()
}

/// The last two rows: the state line and the key hints.
fn status_rows(model: &Model, width: u16, height: u16) -> String {
    let screen = render(model, width, height);
    let rows: Vec<&str> = screen.lines().collect();
    rows[rows.len() - 2..].join("\n")
}

#[test]
fn timeline_at_80_and_160_columns() {
    let mut m = replay_model();
    m.update(progress("2026-12-04T19:04:30.125Z", 4.0, false, false));
    insta::assert_snapshot!("replay_playing_80x24", render(&m, 80, 24));
    insta::assert_snapshot!("replay_playing_160x48", render(&m, 160, 48));
    m.update(progress("2026-12-04T19:04:30.125Z", 0.25, true, false));
    insta::assert_snapshot!("replay_paused_80", status_rows(&m, 80, 24));
    insta::assert_snapshot!("replay_paused_160", status_rows(&m, 160, 48));
    m.update(progress("2026-12-04T19:10:00Z", 0.25, true, true));
    insta::assert_snapshot!("replay_finished_80", status_rows(&m, 80, 24));
    insta::assert_snapshot!("replay_finished_160", status_rows(&m, 160, 48));
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn replay_keys_act_only_in_a_replay() {
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    let keys = [(space, ReplayControl::TogglePause), (key('.'), ReplayControl::Step)];
    let keys =
        [keys.as_slice(), &[(key('>'), ReplayControl::Faster), (key('<'), ReplayControl::Slower)]].concat();
    let mut replay = replay_model();
    let mut demo = support::btc_model(1);
    for (key, control) in keys {
        let msg = replay.key_msg(&key).expect("bound in a replay");
        assert_eq!(replay.update(msg), vec![Effect::Replay(control)]);
        assert_eq!(demo.key_msg(&key), None, "{key:?} is not a key outside a replay");
        let action = Action::ReplayPause;
        assert_eq!(demo.update(Msg::Action(action)), Vec::new());
    }
    let normal = replay.keymap.bindings(Mode::Normal);
    for (action, keys) in replay.keymap.bindings(Mode::Replay) {
        for k in keys {
            assert!(
                normal.iter().all(|(_, ks)| !ks.contains(&k)),
                "replay key {k} of {action:?} clashes with a pane key"
            );
        }
    }
}

#[test]
fn replay_keys_are_listed_only_in_a_replay() {
    let mut replay = replay_model();
    let mut demo = support::btc_model(1);
    for m in [&mut replay, &mut demo] {
        m.update(Msg::Action(Action::ToggleHelp));
    }
    let help = |m: &Model| render(m, 160, 48);
    assert!(help(&replay).contains("pause/play"), "{}", help(&replay));
    assert!(!help(&demo).contains("pause/play"));
    assert!(!status_rows(&demo, 160, 48).contains("pause/play"));
}

#[test]
fn a_paused_replay_is_paused_not_stale() {
    let real = Instant::now();
    let mut pace = Pace::new(
        (t("2026-12-04T19:00:00Z"), t("2026-12-04T19:10:00Z")),
        t("2026-12-04T19:00:00Z"),
        1.0,
        real,
    );
    let mut m = replay_model();
    let (now, wall) = pace.clock(real);
    m.update(Msg::Tick { now, wall });
    m.update(support::market_msg(cbterm::domain::FeedEvent::Alive, now));
    pace.toggle(real);
    let (now, wall) = pace.clock(real + Duration::from_secs(3600));
    m.update(Msg::Tick { now, wall });
    assert_eq!(m.book_status(&support::id("BTC-USD")), BookStatus::Live, "an hour paused is not stale");
    pace.toggle(real + Duration::from_secs(3600));
    let (now, wall) = pace.clock(real + Duration::from_secs(3610));
    m.update(Msg::Tick { now, wall });
    assert_eq!(
        m.book_status(&support::id("BTC-USD")),
        BookStatus::Stale,
        "ten recorded seconds of silence are"
    );
}

#[test]
fn a_replays_review_card_answers_at_once_even_paused() {
    let mut m = replay_model();
    m.update(Msg::Action(Action::OpenBuyTicket));
    support::type_text(&mut m, "50000.00");
    m.update(Msg::Action(Action::NextField));
    support::type_text(&mut m, "0.01");
    m.update(Msg::Action(Action::Review));
    assert_eq!(m.mode(), Mode::Review);
    assert!(!m.review_arming(), "the replay's clock stands still while paused");
    m.update(Msg::Action(Action::Close));
    assert_eq!(m.mode(), Mode::Ticket, "Esc goes back to the ticket at once");
    let mut demo = support::btc_model(1);
    demo.update(Msg::Action(Action::OpenBuyTicket));
    support::type_text(&mut demo, "50000.00");
    demo.update(Msg::Action(Action::NextField));
    support::type_text(&mut demo, "0.01");
    demo.update(Msg::Action(Action::Review));
    assert!(demo.review_arming(), "elsewhere the card arms first");
}
