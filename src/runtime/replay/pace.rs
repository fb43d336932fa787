//! [`Pace`]: when each recorded line is due, and the replay's clock. Pure: every function takes
//! the real `now`, so tests drive it with made-up instants.
//!
//! Recorded time `at` is due at `real + (at − anchor) / speed`, where (`real`, `anchor`) is the
//! last moment the pace changed (start, `--from`, a pause, a resume, a speed change, a step):
//! message k is delivered at start + (at_k − at_0 − skipped) / speed. The model runs on the
//! recording's clock: recorded time `at` is the instant `origin + (at − start)`, so ages and
//! staleness are those of the recorded session, whatever the speed, and stand still while
//! paused.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// The replay's pacing and clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// The recording's first line.
    pub start: DateTime<Utc>,
    /// The recording's last line: the clock stops there.
    pub end: DateTime<Utc>,
    /// The model's instant for `start` (the real instant the replay began: with `--from`, the
    /// model's clock runs ahead of the real one).
    pub origin: Instant,
    /// The real instant of the last change.
    pub real: Instant,
    /// The recorded time at `real`.
    pub anchor: DateTime<Utc>,
    /// Recorded seconds per real second (positive).
    pub speed: f64,
    /// Whether playback stands still.
    pub paused: bool,
}

impl Pace {
    /// Playing at `speed` from `from` (the start, or `--from`), as of the real `now`.
    pub fn new(span: (DateTime<Utc>, DateTime<Utc>), from: DateTime<Utc>, speed: f64, now: Instant) -> Self {
        let (start, end) = span;
        Self { start, end, origin: now, real: now, anchor: from, speed, paused: false }
    }

    /// The recorded time at the real `now` (never past the end).
    pub fn recorded_at(&self, now: Instant) -> DateTime<Utc> {
        if self.paused {
            return self.anchor;
        }
        let played = now.saturating_duration_since(self.real).as_secs_f64() * self.speed;
        let played =
            Duration::try_from_secs_f64(played).ok().and_then(|d| chrono::Duration::from_std(d).ok());
        let at = played.and_then(|d| self.anchor.checked_add_signed(d)).unwrap_or(self.end);
        at.min(self.end).max(self.anchor)
    }

    /// When recorded time `at` is due (real), or `None` while paused (and when it is too far
    /// away for the clock to say).
    pub fn due(&self, at: DateTime<Utc>) -> Option<Instant> {
        if self.paused {
            return None;
        }
        let wait = Duration::try_from_secs_f64(to_std(at - self.anchor).as_secs_f64() / self.speed).ok()?;
        self.real.checked_add(wait)
    }

    /// The model's instant for recorded time `at`.
    pub fn instant(&self, at: DateTime<Utc>) -> Instant {
        let since = to_std(at - self.start);
        self.origin.checked_add(since).unwrap_or(self.origin)
    }

    /// The model's clock at the real `now`: the instant and the wall time of the recording.
    pub fn clock(&self, now: Instant) -> (Instant, DateTime<Utc>) {
        let at = self.recorded_at(now);
        (self.instant(at), at)
    }

    /// Pauses (at the recorded time reached by `now`) or resumes (from where it stood).
    pub fn toggle(&mut self, now: Instant) {
        self.rebase(now);
        self.paused = !self.paused;
    }

    /// Plays at `speed` from the recorded time reached by `now`.
    pub fn set_speed(&mut self, speed: f64, now: Instant) {
        self.rebase(now);
        self.speed = speed;
    }

    /// A line at `at` was delivered by a step: the clock stands there.
    pub fn stepped_to(&mut self, at: DateTime<Utc>, now: Instant) {
        self.real = now;
        self.anchor = self.anchor.max(at);
    }

    fn rebase(&mut self, now: Instant) {
        self.anchor = self.recorded_at(now);
        self.real = now;
    }
}

/// A recorded interval as a `Duration` (a negative one is zero).
fn to_std(d: chrono::Duration) -> Duration {
    d.to_std().unwrap_or(Duration::ZERO)
}
