//! Crash safety: termination signals end the dashboard the way `q` does, so the terminal is
//! restored; and, in debug builds only, a trigger that panics after the first frame so tests
//! can prove the panic hook restores the terminal too.

use tokio::signal::unix::{Signal, SignalKind, signal};

/// SIGTERM, SIGHUP and SIGINT, listened to while the dashboard runs.
pub struct Signals {
    term: Signal,
    hup: Signal,
    int: Signal,
}

impl Signals {
    /// Starts listening; from now on these signals no longer kill the process outright.
    pub fn listen() -> std::io::Result<Self> {
        Ok(Self {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// The name of the next termination signal.
    pub async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.term.recv() => "SIGTERM",
            _ = self.hup.recv() => "SIGHUP",
            _ = self.int.recv() => "SIGINT",
        }
    }
}

/// Set to any value, a debug build panics right after drawing its first frame.
#[cfg(debug_assertions)]
pub const PANIC_AFTER_FIRST_FRAME: &str = "CBTERM_DEBUG_PANIC_AFTER_FIRST_FRAME";

/// Panics when [`PANIC_AFTER_FIRST_FRAME`] is set (debug builds only; release builds have no
/// such trigger).
#[cfg(debug_assertions)]
pub fn panic_if_asked() {
    if std::env::var_os(PANIC_AFTER_FIRST_FRAME).is_some() {
        panic!("panic requested by {PANIC_AFTER_FIRST_FRAME} (debug build)");
    }
}
