//! [`FeedSink`]: where a feed delivers its events.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::FeedEvent;

/// A feed's outlet: a queue of the consumer's own type, each [`FeedEvent`] converted on the
/// feed's task before it is queued. The dashboard turns events into its messages here, with no
/// forwarding task between the socket and the model (one task wake-up less per message).
pub struct FeedSink<T> {
    tx: mpsc::Sender<T>,
    convert: Box<dyn Fn(FeedEvent) -> T + Send + Sync>,
    tap: Option<FrameTap>,
}

/// Sees the text of every frame the feed forwards, just after its message is queued
/// (`--record`). Frames the server sent are all it sees: nothing the client sends goes past it.
pub type FrameTap = Arc<dyn Fn(&str) + Send + Sync>;

/// The consumer has gone: its queue is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

impl<T: Send> FeedSink<T> {
    /// Events converted by `convert`, queued on `tx`.
    pub fn new(tx: mpsc::Sender<T>, convert: impl Fn(FeedEvent) -> T + Send + Sync + 'static) -> Self {
        Self { tx, convert: Box::new(convert), tap: None }
    }

    /// This sink, showing every forwarded frame's text to `tap` once its message is queued.
    /// Without a tap the feed keeps no frame text.
    pub fn tapped(self, tap: FrameTap) -> Self {
        Self { tap: Some(tap), ..self }
    }

    /// Whether frames' text is wanted.
    pub(super) fn is_tapped(&self) -> bool {
        self.tap.is_some()
    }

    /// Shows a frame's text to the tap, if there is one.
    pub(super) fn tap(&self, text: &str) {
        if let Some(tap) = &self.tap {
            tap(text);
        }
    }

    /// Queues one event, waiting while the queue is full.
    pub async fn send(&self, event: FeedEvent) -> Result<(), Gone> {
        self.tx.send((self.convert)(event)).await.map_err(|_| Gone)
    }

    /// Whether the consumer has gone.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

impl From<mpsc::Sender<FeedEvent>> for FeedSink<FeedEvent> {
    fn from(tx: mpsc::Sender<FeedEvent>) -> Self {
        Self::new(tx, |event| event)
    }
}
