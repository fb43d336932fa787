//! The exchange's clock (R-AUTH3): each measurement arrives as
//! [`Msg::ClockMeasured`](crate::app::Msg); past [`CLOCK_WARN_AFTER`] the status bar warns,
//! past [`CLOCK_REFUSE_AFTER`] new orders are refused (the rule is
//! [`crate::domain::guards::clock`]).
//!
//! [`CLOCK_WARN_AFTER`]: crate::domain::guards::clock::CLOCK_WARN_AFTER
//! [`CLOCK_REFUSE_AFTER`]: crate::domain::guards::clock::CLOCK_REFUSE_AFTER

use super::{Model, Problem};
use crate::domain::guards::clock::{ClockTrust, clock_refusal, clock_trust, skew_words};

impl Model {
    /// A measurement arrived: kept, and announced when the trust it earns changed.
    pub(super) fn on_clock(&mut self, offset_ms: i64) {
        let before = self.clock_trust();
        self.clock_offset_ms = Some(offset_ms);
        let trust = self.clock_trust();
        tracing::info!(offset_ms, trust = ?trust, "exchange clock measured");
        if trust == before {
            return;
        }
        let skew = skew_words(offset_ms);
        match trust {
            ClockTrust::Good => self.inform("clock back in step with the exchange"),
            ClockTrust::Skewed => {
                self.warn(format!("this computer's clock is {skew} the exchange's; signing corrects for it"));
            }
            ClockTrust::Untrusted => self.fail(Problem::Text(clock_refusal(Some(offset_ms)).unwrap_or(skew))),
        }
    }

    /// How far the local clock can be trusted (good until measured otherwise).
    pub fn clock_trust(&self) -> ClockTrust {
        self.clock_offset_ms.map_or(ClockTrust::Good, clock_trust)
    }

    /// Why no new order may be sent now, if none may: no API key, or a clock too far off.
    pub(super) fn trading_refusal(&self) -> Option<String> {
        if !self.has_credentials {
            return Some("no API key: this session is read-only".into());
        }
        clock_refusal(self.clock_offset_ms)
    }
}
