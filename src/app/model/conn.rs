//! Connection health as data: the phase a feed reported and the age of its last message.

use std::time::{Duration, Instant};

use crate::domain::FeedEvent;

/// A live connection with no message for this long is shown as stale.
pub const STALE_AFTER: Duration = Duration::from_secs(3);

/// What the feed task last reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Not started (or no credentials for the user feed).
    Off,
    /// First connection attempt in progress.
    Connecting,
    /// Subscriptions acknowledged and receiving.
    Live,
    /// Lost; retrying.
    Reconnecting {
        /// Attempt number.
        attempt: u32,
        /// Why the last connection ended.
        reason: String,
    },
    /// The feed stopped for good (e.g. repeated authentication failures); no more attempts.
    Failed {
        /// Why.
        reason: String,
    },
}

/// The state shown in the status bar, derived from the phase and message age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnStatus {
    /// Not started.
    Off,
    /// Connecting for the first time.
    Connecting,
    /// Receiving.
    Live,
    /// Connected but silent for more than [`STALE_AFTER`].
    Stale,
    /// Lost and retrying.
    Reconnecting,
}

impl ConnStatus {
    /// The word shown in the status bar.
    pub fn label(self) -> &'static str {
        match self {
            ConnStatus::Off => "Off",
            ConnStatus::Connecting => "Connecting",
            ConnStatus::Live => "Live",
            ConnStatus::Stale => "Stale",
            ConnStatus::Reconnecting => "Reconnecting",
        }
    }
}

/// One WebSocket connection's health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conn {
    /// The reported phase.
    pub phase: Phase,
    /// When the last message of any kind arrived.
    pub last_message: Option<Instant>,
    /// Sequence gaps reported since start; each one resyncs the connection's books.
    pub gaps: u64,
}

impl Conn {
    /// A connection that has not started.
    pub fn off() -> Self {
        Self { phase: Phase::Off, last_message: None, gaps: 0 }
    }

    /// Applies a feed event received at `at`; returns true when the feed just (re)connected.
    pub fn observe(&mut self, event: &FeedEvent, at: Instant) -> bool {
        match event {
            FeedEvent::Connecting { attempt } if *attempt <= 1 && self.phase == Phase::Off => {
                self.phase = Phase::Connecting;
            }
            FeedEvent::Connecting { attempt } => {
                let reason = match &self.phase {
                    Phase::Reconnecting { reason, .. } => reason.clone(),
                    _ => String::new(),
                };
                self.phase = Phase::Reconnecting { attempt: *attempt, reason };
            }
            FeedEvent::Connected => {
                self.phase = Phase::Live;
                self.last_message = Some(at);
                return true;
            }
            FeedEvent::Market(_) | FeedEvent::User(_) | FeedEvent::Alive | FeedEvent::ServerError(_) => {
                self.last_message = Some(at);
            }
            // The books resync on the open connection; if it is reopened instead, the
            // `Disconnected` that follows says so.
            FeedEvent::Gap { .. } => self.gaps += 1,
            FeedEvent::Failed { reason } => self.phase = Phase::Failed { reason: reason.to_string() },
            FeedEvent::Disconnected { reason, .. } => {
                let attempt = match self.phase {
                    Phase::Reconnecting { attempt, .. } => attempt,
                    _ => 0,
                };
                self.phase = Phase::Reconnecting { attempt, reason: reason.to_string() };
            }
        }
        false
    }

    /// The status at `now`.
    pub fn status(&self, now: Instant) -> ConnStatus {
        match self.phase {
            // A stopped feed shows as off; the reason is in the status bar's error.
            Phase::Off | Phase::Failed { .. } => ConnStatus::Off,
            Phase::Connecting => ConnStatus::Connecting,
            Phase::Reconnecting { .. } => ConnStatus::Reconnecting,
            Phase::Live => match self.age(now) {
                Some(age) if age > STALE_AFTER => ConnStatus::Stale,
                _ => ConnStatus::Live,
            },
        }
    }

    /// Time since the last message.
    pub fn age(&self, now: Instant) -> Option<Duration> {
        self.last_message.map(|t| now.saturating_duration_since(t))
    }
}
