//! Trust in the local clock (R-AUTH3): the measured offset from the exchange's clock decides
//! whether the dashboard warns and whether new orders may be sent. This is the one place the
//! thresholds live.

use std::time::Duration;

/// Beyond this offset the status bar warns.
pub const CLOCK_WARN_AFTER: Duration = Duration::from_secs(2);
/// Beyond this offset new orders are refused.
pub const CLOCK_REFUSE_AFTER: Duration = Duration::from_secs(30);

/// How far the local clock can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClockTrust {
    /// Within [`CLOCK_WARN_AFTER`] of the exchange (or not measured yet).
    Good,
    /// Off by more than [`CLOCK_WARN_AFTER`]: signing corrects it, the user is told.
    Skewed,
    /// Off by more than [`CLOCK_REFUSE_AFTER`]: new orders are refused.
    Untrusted,
}

/// The trust an offset (server minus local, in milliseconds) earns.
pub fn clock_trust(offset_ms: i64) -> ClockTrust {
    let off = u128::from(offset_ms.unsigned_abs());
    if off > CLOCK_REFUSE_AFTER.as_millis() {
        ClockTrust::Untrusted
    } else if off > CLOCK_WARN_AFTER.as_millis() {
        ClockTrust::Skewed
    } else {
        ClockTrust::Good
    }
}

/// Where this computer's clock stands against the exchange's, for an offset (server minus
/// local): "45.0 s behind", "3.2 s ahead of" (tenths, rounded toward zero).
pub fn skew_words(offset_ms: i64) -> String {
    let tenths = (offset_ms / 100).unsigned_abs();
    let side = if offset_ms > 0 { "behind" } else { "ahead of" };
    format!("{}.{} s {side}", tenths / 10, tenths % 10)
}

/// Why a new order is refused at this offset, if it is.
pub fn clock_refusal(offset_ms: Option<i64>) -> Option<String> {
    let offset_ms = offset_ms?;
    (clock_trust(offset_ms) == ClockTrust::Untrusted).then(|| {
        let (skew, limit) = (skew_words(offset_ms), CLOCK_REFUSE_AFTER.as_secs());
        format!("clock {skew} the exchange's: over {limit} s, new orders refused")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_strict_and_symmetric() {
        for (offset, trust) in [
            (0, ClockTrust::Good),
            (2_000, ClockTrust::Good),
            (-2_000, ClockTrust::Good),
            (2_001, ClockTrust::Skewed),
            (-2_001, ClockTrust::Skewed),
            (30_000, ClockTrust::Skewed),
            (30_001, ClockTrust::Untrusted),
            (-30_001, ClockTrust::Untrusted),
            (i64::MIN, ClockTrust::Untrusted),
        ] {
            assert_eq!(clock_trust(offset), trust, "{offset}");
        }
        assert_eq!(clock_refusal(None), None);
        assert_eq!(clock_refusal(Some(30_000)), None);
        assert_eq!(
            clock_refusal(Some(45_000)).as_deref(),
            Some("clock 45.0 s behind the exchange's: over 30 s, new orders refused")
        );
        assert_eq!(skew_words(-3_250), "3.2 s ahead of");
        assert_eq!(skew_words(45_000), "45.0 s behind");
    }
}
