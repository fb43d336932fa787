//! `--record` in the model: the status bar says REC while recording, and a recorder in trouble
//! (lines dropped) is said once as a warning.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use cbterm::app::keymap::Keymap;
use cbterm::app::{Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::ClientOrderIds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn model() -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().unwrap(),
        watch: vec![],
        has_credentials: false,
        now: Instant::now(),
        wall: chrono::Utc::now(),
        ids: ClientOrderIds::seeded(1),
    })
}

fn status_bar(model: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 3)).expect("terminal");
    terminal.draw(|f| cbterm::ui::status_bar::draw(f, model, f.area())).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn the_status_bar_says_rec_only_while_recording() {
    let mut m = model();
    assert!(!status_bar(&m).contains(" REC "), "{}", status_bar(&m));
    m.recording = true;
    let shown = status_bar(&m);
    assert!(shown.lines().next().unwrap().starts_with("\" DEMO  REC "), "{shown}");
}

#[test]
fn recording_trouble_is_a_warning_in_the_status_bar() {
    let mut m = model();
    let problem = "the recording fell behind: lines are being dropped from s.rec".to_string();
    assert_eq!(m.update(Msg::RecordingTrouble { problem: problem.clone() }), vec![]);
    let message = m.message.as_ref().expect("a message");
    assert_eq!(message.severity, cbterm::app::model::status::Severity::Warning);
    assert!(status_bar(&m).contains(&problem), "{}", status_bar(&m));
}
