//! Terminal input read on a task of its own.
//!
//! crossterm's [`EventStream`] takes a lock on every poll, and a poll while its reader thread
//! waits spins and yields the CPU. Polled as one branch of the event loop's `select!`, it ran
//! on every wake-up (every feed batch): a few percent of a core under a heavy feed. On its own
//! task it is polled only when crossterm wakes it, and the loop reads a channel instead.

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Terminal events the loop acts on waiting here; keys are few, so this never fills in use.
const INPUT_QUEUE: usize = 64;

/// The terminal's key presses, mouse presses and wheel turns, and resizes, in order; the stream's
/// end or error ends it.
pub struct Input {
    rx: mpsc::Receiver<std::io::Result<Event>>,
    task: JoinHandle<()>,
}

impl Input {
    /// Starts reading the terminal.
    pub fn start() -> Self {
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        let task = tokio::spawn(async move {
            let mut events = EventStream::new();
            while let Some(event) = events.next().await {
                if wanted(&event) && tx.send(event).await.is_err() {
                    return;
                }
            }
        });
        Self { rx, task }
    }

    /// The next event; `None` when the terminal's stream has ended.
    pub async fn next(&mut self) -> Option<std::io::Result<Event>> {
        self.rx.recv().await
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Key presses and repeats, mouse presses and wheel turns, resizes and errors; key releases,
/// mouse moves and focus events are dropped.
fn wanted(event: &std::io::Result<Event>) -> bool {
    match event {
        Ok(Event::Key(key)) => key.kind != KeyEventKind::Release,
        Ok(Event::Mouse(mouse)) => super::mouse::wanted(mouse),
        Ok(Event::Resize(..)) | Err(_) => true,
        Ok(_) => false,
    }
}
