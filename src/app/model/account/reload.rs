//! Coalesced reloads: at most one request of a kind in flight, and one follow-up when another
//! reason to reload came while it was out (its answer may predate that change).

use std::time::{Duration, Instant};

/// A load unanswered for this long is taken as lost (every REST request has a shorter
/// deadline, so this only guards against a lost answer).
pub const LOAD_LOST_AFTER: Duration = Duration::from_secs(30);

/// The state of one kind of reload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reload {
    /// When the request in flight was sent.
    pub in_flight: Option<Instant>,
    /// Another change arrived while it was out: reload once more when it answers.
    pub again: bool,
}

impl Reload {
    /// A reason to reload at `now`: true when the request is to be sent now, false when one is
    /// in flight (a follow-up is then due when it answers).
    pub fn ask(&mut self, now: Instant) -> bool {
        match self.in_flight {
            Some(sent) if now.saturating_duration_since(sent) < LOAD_LOST_AFTER => {
                self.again = true;
                false
            }
            _ => {
                self.in_flight = Some(now);
                self.again = false;
                true
            }
        }
    }

    /// The request answered (or failed) at `now`: true when the follow-up is to be sent now.
    pub fn answered(&mut self, now: Instant) -> bool {
        self.in_flight = None;
        if !self.again {
            return false;
        }
        self.again = false;
        self.in_flight = Some(now);
        true
    }
}
