//! [`Frames`]: when the event loop draws.

use super::FRAME;

/// When the next frame is drawn: only after something changed, and at most one per [`FRAME`].
/// With nothing to draw no timer runs, so an idle dashboard is not woken 60 times a second.
pub(super) struct Frames {
    due: Option<tokio::time::Instant>,
    last: tokio::time::Instant,
}

impl Frames {
    /// The first frame is due at once.
    pub(super) fn new() -> Self {
        let now = tokio::time::Instant::now();
        Self { due: Some(now), last: now }
    }

    /// Something on screen may have changed: a frame is due a [`FRAME`] after the last one.
    pub(super) fn changed(&mut self) {
        if self.due.is_none() {
            self.due = Some((self.last + FRAME).max(tokio::time::Instant::now()));
        }
    }

    pub(super) fn is_due(&self) -> bool {
        self.due.is_some()
    }

    /// Waits for the due frame (forever when none is due; the loop does not poll it then).
    pub(super) async fn next(&self) {
        match self.due {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    }

    pub(super) fn drawn(&mut self) {
        self.due = None;
        self.last = tokio::time::Instant::now();
    }
}
