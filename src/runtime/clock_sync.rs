//! Keeps the JWT clock on the server's time: a measurement at start, then every
//! [`CLOCK_SYNC_EVERY`] (R-AUTH3). Failures are logged and retried at the next turn; the last
//! good offset stays in use.

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::coinbase::rest::RestClient;

/// Time between server-clock measurements.
pub const CLOCK_SYNC_EVERY: Duration = Duration::from_secs(5 * 60);

/// Spawns the measuring task; abort the handle to stop it.
pub fn spawn(rest: RestClient) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CLOCK_SYNC_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match rest.sync_clock().await {
                Ok(offset_ms) => tracing::debug!(offset_ms, "server clock measured"),
                Err(e) => tracing::warn!(error = %e, "server clock not measured"),
            }
        }
    })
}
