//! The status-bar message: one at a time, with a severity and a lifetime.
//!
//! A new message replaces the old one (an outcome replaces the request it answers: "cancel
//! requested" → "cancelled"). Info goes after [`INFO_FOR`] and warnings after [`WARNING_FOR`],
//! measured on the model's clock ([`Msg::Tick`](crate::app::Msg)); errors stay until the user
//! dismisses them ([`Action::Dismiss`](crate::app::Action)) or another message replaces them.

use std::time::{Duration, Instant};

use super::{Model, Problem};

/// How long an info message is shown.
pub const INFO_FOR: Duration = Duration::from_secs(5);
/// How long a warning is shown.
pub const WARNING_FOR: Duration = Duration::from_secs(15);

/// How serious a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something happened as asked (order accepted, cancelled); expires after [`INFO_FOR`].
    Info,
    /// Something needs attention but recovers by itself; expires after [`WARNING_FOR`].
    Warning,
    /// Something failed; stays until dismissed or replaced.
    Error,
}

impl Severity {
    /// How long a message of this severity lives; `None` until dismissed.
    pub fn lifetime(self) -> Option<Duration> {
        match self {
            Severity::Info => Some(INFO_FOR),
            Severity::Warning => Some(WARNING_FOR),
            Severity::Error => None,
        }
    }
}

/// The message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    /// How serious it is.
    pub severity: Severity,
    /// What it says (words come from `ui::words::problem`).
    pub body: Problem,
    /// When it was posted (the model's monotonic clock).
    pub since: Instant,
}

impl StatusMessage {
    /// Whether it has outlived its severity's lifetime at `now`.
    pub fn expired(&self, now: Instant) -> bool {
        self.severity.lifetime().is_some_and(|life| now.saturating_duration_since(self.since) >= life)
    }
}

impl Model {
    /// Posts an info message (replacing any message).
    pub(crate) fn inform(&mut self, text: impl Into<String>) {
        self.post(Severity::Info, Problem::Text(text.into()));
    }

    /// Posts a warning (replacing any message).
    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        self.post(Severity::Warning, Problem::Text(text.into()));
    }

    /// Posts an error (replacing any message); it stays until dismissed or replaced.
    pub(crate) fn fail(&mut self, problem: impl Into<Problem>) {
        self.post(Severity::Error, problem.into());
    }

    pub(super) fn post(&mut self, severity: Severity, body: Problem) {
        self.message = Some(StatusMessage { severity, body, since: self.now });
    }

    /// Removes the message if `pred` holds for it (an outcome that settles what it said).
    pub(crate) fn clear_message_if(&mut self, pred: impl Fn(&StatusMessage) -> bool) {
        if self.message.as_ref().is_some_and(pred) {
            self.message = None;
        }
    }

    /// Drops a message that outlived its lifetime (on a tick).
    pub(super) fn expire_message(&mut self) {
        let now = self.now;
        self.clear_message_if(|m| m.expired(now));
    }

    /// The error shown, if the message is one.
    pub fn error(&self) -> Option<&Problem> {
        self.message.as_ref().filter(|m| m.severity == Severity::Error).map(|m| &m.body)
    }

    /// The text of the info message shown, if the message is one.
    pub fn notice(&self) -> Option<&str> {
        match self.message.as_ref() {
            Some(StatusMessage { severity: Severity::Info, body: Problem::Text(text), .. }) => Some(text),
            _ => None,
        }
    }
}
