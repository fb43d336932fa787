//! [`Driver`]: what the event loop needs from the session it drives.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::executor::Executor;
use crate::app::{Effect, Model, Msg};

/// What the event loop drives: it performs the model's effects and tells the model's time
/// (the live executor, or a replay's).
pub(super) trait Driver {
    /// Performs each effect without waiting for any of them.
    fn perform(&mut self, effects: Vec<Effect>);
    /// The bytes effects asked to write to the terminal since the last call.
    fn take_terminal_bytes(&mut self) -> Vec<u8>;
    /// The model's clock: monotonic and wall time.
    fn clock(&self) -> (Instant, DateTime<Utc>);
    /// Shows the paper venue, if any, a message the model is about to get.
    fn observe(&mut self, _msg: &Msg) {}
}

impl Driver for Executor {
    fn perform(&mut self, effects: Vec<Effect>) {
        Executor::perform(self, effects);
    }
    fn take_terminal_bytes(&mut self) -> Vec<u8> {
        Executor::take_terminal_bytes(self)
    }
    fn clock(&self) -> (Instant, DateTime<Utc>) {
        (Instant::now(), Utc::now())
    }
    fn observe(&mut self, msg: &Msg) {
        Executor::observe(self, msg);
    }
}

/// Applies one queued message: the paper venue, if any, sees it first (market events fill its
/// orders), then the model; the effects are performed. Every feed, REST answer and replayed
/// message passes here.
pub(super) fn apply(model: &mut Model, driver: &mut impl Driver, msg: Msg) {
    driver.observe(&msg);
    driver.perform(model.update(msg));
}
