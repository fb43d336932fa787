//! A replay's state in the model: where the replay source says it stands (the timeline in the
//! status bar), and the replay keys, which become [`Effect::Replay`] for the runtime's replay
//! source. Outside a replay the keys do nothing.

use chrono::{DateTime, Utc};

use super::{Model, Problem};
use crate::app::{Action, Effect, VenueLabel};

/// Fastest speed the replay keys reach.
pub const MAX_SPEED: f64 = 1024.0;
/// Slowest speed the replay keys reach.
pub const MIN_SPEED: f64 = 1.0 / 64.0;

/// A command for the replay source, from a replay key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayControl {
    /// Pause a playing replay, resume a paused one.
    TogglePause,
    /// While paused: deliver the next recorded line (all its messages) and stop again.
    Step,
    /// Play twice as fast.
    Faster,
    /// Play half as fast.
    Slower,
}

/// Where a replay stands, as the replay source last reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayProgress {
    /// The recorded time now: the replay's clock.
    pub at: DateTime<Utc>,
    /// The recording's first line.
    pub start: DateTime<Utc>,
    /// The recording's last line.
    pub end: DateTime<Utc>,
    /// Recorded seconds per real second.
    pub speed: f64,
    /// Whether playback is paused.
    pub paused: bool,
    /// Whether every line has been delivered (the last state stays on screen).
    pub finished: bool,
    /// Why the replay stopped early (a damaged line), in plain words.
    pub problem: Option<String>,
}

impl ReplayProgress {
    /// How far through the recording `at` is, 0.0 to 1.0.
    pub fn position(&self) -> f64 {
        let span = (self.end - self.start).num_microseconds().unwrap_or(i64::MAX);
        let done = (self.at - self.start).num_microseconds().unwrap_or(0);
        if span <= 0 { 1.0 } else { (done as f64 / span as f64).clamp(0.0, 1.0) }
    }
}

impl Action {
    /// The replay command of a replay key.
    pub fn replay_control(self) -> Option<ReplayControl> {
        Some(match self {
            Action::ReplayPause => ReplayControl::TogglePause,
            Action::ReplayStep => ReplayControl::Step,
            Action::ReplayFaster => ReplayControl::Faster,
            Action::ReplaySlower => ReplayControl::Slower,
            _ => return None,
        })
    }
}

impl Model {
    /// Whether this dashboard is driven by a recording.
    pub fn is_replay(&self) -> bool {
        self.venue == VenueLabel::Replay
    }

    /// Whether the open review card still ignores keys ([`super::ticket::Ticket::arming`] on
    /// the model's clock). Never in a replay: its clock stands still while paused, which would
    /// hold the card (and its keys) until resumed, and its orders are not sent.
    pub fn review_arming(&self) -> bool {
        !self.is_replay() && self.ticket().is_some_and(|t| t.arming(self.now))
    }

    /// A replay key: handed to the replay source, only in a replay.
    pub(super) fn on_replay_action(&mut self, control: ReplayControl) -> Vec<Effect> {
        if self.is_replay() { vec![Effect::Replay(control)] } else { Vec::new() }
    }

    /// The replay source reported: kept for the timeline; a new problem is shown.
    pub(super) fn on_replay_progress(&mut self, progress: ReplayProgress) {
        let known = self.replay.as_ref().and_then(|p| p.problem.as_ref());
        if let Some(problem) = progress.problem.as_ref().filter(|p| Some(*p) != known) {
            self.fail(Problem::Text(format!("replay stopped: {problem}")));
        }
        self.replay = Some(progress);
    }
}

impl Model {
    /// The message of a key press: in a replay with no overlay open the replay keys come
    /// first, then the mode's bindings.
    pub fn key_msg(&self, key: &crossterm::event::KeyEvent) -> Option<crate::app::Msg> {
        let mode = self.mode();
        if self.is_replay()
            && mode == crate::app::Mode::Normal
            && let Some(action) = self.keymap.resolve(key, crate::app::Mode::Replay)
        {
            return Some(crate::app::Msg::Action(action));
        }
        crate::app::keymap::key_to_msg(&self.keymap, mode, key)
    }
}
