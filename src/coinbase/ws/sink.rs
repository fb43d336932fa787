//! [`FeedSink`]: where a feed delivers its events.

use tokio::sync::mpsc;

use super::FeedEvent;

/// A feed's outlet: a queue of the consumer's own type, each [`FeedEvent`] converted on the
/// feed's task before it is queued. The dashboard turns events into its messages here, with no
/// forwarding task between the socket and the model (one task wake-up less per message).
pub struct FeedSink<T> {
    tx: mpsc::Sender<T>,
    convert: Box<dyn Fn(FeedEvent) -> T + Send + Sync>,
}

/// The consumer has gone: its queue is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

impl<T: Send> FeedSink<T> {
    /// Events converted by `convert`, queued on `tx`.
    pub fn new(tx: mpsc::Sender<T>, convert: impl Fn(FeedEvent) -> T + Send + Sync + 'static) -> Self {
        Self { tx, convert: Box::new(convert) }
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
