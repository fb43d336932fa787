//! Keeps the JWT clock on the server's time: a measurement at start, then every
//! [`CLOCK_SYNC_EVERY`] (R-AUTH3). Failures are logged and retried at the next turn; the last
//! good offset stays in use. Every applied measurement — these, and the ones a 401 or a
//! WebSocket authentication failure triggers — reaches the model as
//! [`Msg::ClockMeasured`] within [`CLOCK_WATCH`].

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::app::Msg;
use crate::coinbase::rest::RestClient;

/// Time between server-clock measurements.
pub const CLOCK_SYNC_EVERY: Duration = Duration::from_secs(5 * 60);
/// How often the clock is looked at for a measurement the model has not seen.
pub const CLOCK_WATCH: Duration = Duration::from_secs(1);

/// Spawns the measuring task, which reports into `tx`; abort the handle to stop it.
pub fn spawn(rest: RestClient, tx: mpsc::Sender<Msg>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CLOCK_SYNC_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut watch = tokio::time::interval(CLOCK_WATCH);
        watch.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut reported = None;
        loop {
            tokio::select! {
                _ = every.tick() => match rest.sync_clock().await {
                    Ok(offset_ms) => tracing::debug!(offset_ms, "server clock measured"),
                    Err(e) => tracing::warn!(error = %e, "server clock not measured"),
                },
                _ = watch.tick() => {}
            }
            let clock = rest.clock();
            let generation = clock.generation();
            let Some(offset_ms) = clock.measured_offset_ms() else { continue };
            if reported != Some(generation) {
                reported = Some(generation);
                if tx.send(Msg::ClockMeasured { offset_ms }).await.is_err() {
                    return;
                }
            }
        }
    })
}
