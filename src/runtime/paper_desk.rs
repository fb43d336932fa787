//! Paper trading in the running dashboard (`--paper`): the [`PaperVenue`] sees every message
//! the model gets ([`PaperDesk::observe`], called by the event loop before the model) and
//! performs every order effect and account load ([`PaperDesk::perform`], called by the
//! executor before anything reaches the exchange). Its answers go back through the event
//! queue in order, like REST answers; the account file is saved after each change and on
//! shutdown.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::Utc;
use tokio::sync::mpsc;

use super::record::Recorder;
use crate::app::{Effect, Msg, VenueLabel};
use crate::paper::{At, PaperBook, PaperVenue, StoreError};

/// The paper account of this session: where it lives and what it holds at start.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperSetup {
    /// The account file; `None` keeps the account in memory (a replay starts afresh each time).
    pub path: Option<PathBuf>,
    /// The account as read (or new).
    pub book: PaperBook,
}

/// `paper-<venue>.json` in the state directory: `demo`, `live`, or `custom-<host>_<port>`.
pub fn default_path(venue: &VenueLabel) -> PathBuf {
    let name = match venue {
        VenueLabel::Demo => "demo".to_string(),
        VenueLabel::Live => "live".to_string(),
        VenueLabel::Replay => "replay".to_string(),
        VenueLabel::Custom(url) => {
            let tail: String = url
                .split("://")
                .last()
                .unwrap_or(url)
                .chars()
                .take_while(|c| *c != '/')
                .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
                .collect();
            format!("custom-{tail}")
        }
    };
    crate::paths::state_dir().join(format!("paper-{name}.json"))
}

/// The account in `path`: a new one with the starting balance in `quote` when there is no
/// file; a file that cannot be used is an error naming it (it is left as it is).
pub fn load(path: &Path, quote: &str) -> Result<PaperBook, StoreError> {
    let named = |reason: String| StoreError(format!("paper account {}: {reason}", path.display()));
    match std::fs::read_to_string(path) {
        Ok(text) => PaperBook::from_json(&text).map_err(|e| named(e.0)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(PaperBook::starting(quote)),
        Err(e) => Err(named(e.to_string())),
    }
}

/// Writes `book` to `path` atomically.
pub fn save(path: &Path, book: &PaperBook) -> Result<(), String> {
    super::saving::write_atomically(path, "json.tmp", &book.to_json())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// One state of the account to write: numbered, so a write that was queued before the last
/// one (the synchronous save at shutdown) never lands after it.
struct Snapshot {
    seq: u64,
    book: PaperBook,
    written: Arc<Mutex<u64>>,
}

fn save_snapshot(path: &Path, s: &Snapshot) -> Result<(), String> {
    let mut written = s.written.lock().map_err(|_| "paper account writer poisoned".to_string())?;
    if s.seq <= *written {
        return Ok(());
    }
    save(path, &s.book)?;
    *written = s.seq;
    Ok(())
}

/// The paper venue of a running dashboard, with its answer queue and file writer.
pub struct PaperDesk {
    venue: PaperVenue,
    path: Option<PathBuf>,
    answers: mpsc::UnboundedSender<Msg>,
    saves: Option<mpsc::UnboundedSender<Snapshot>>,
    seq: u64,
    written: Arc<Mutex<u64>>,
    record: Option<Recorder>,
}

impl PaperDesk {
    /// Starts the venue from `setup`; answers reach the model through `tx`. With
    /// `venue_fees` the real venue is asked for the fee tier (there are credentials).
    pub fn start(setup: PaperSetup, venue_fees: bool, tx: mpsc::Sender<Msg>) -> Self {
        let (answers, mut queue) = mpsc::unbounded_channel::<Msg>();
        let forward = tx.clone();
        tokio::spawn(async move {
            while let Some(msg) = queue.recv().await {
                if forward.send(msg).await.is_err() {
                    return;
                }
            }
        });
        let saves = setup.path.clone().map(|path| {
            let failed = |reason| Msg::PaperNotSaved { reason };
            super::saving::spawn_writer(path, tx, save_snapshot, failed, "paper account")
        });
        let venue = PaperVenue::new(setup.book, venue_fees);
        let written = Arc::new(Mutex::new(0));
        Self { venue, path: setup.path, answers, saves, seq: 0, written, record: None }
    }

    /// Keeps the order actions the venue takes, and its answers, in `record` (`--record`).
    pub fn recording(mut self, record: Option<Recorder>) -> Self {
        self.record = record;
        self
    }

    /// Performs `effect` at `at` when it is the paper venue's; gives it back otherwise.
    pub fn perform(&mut self, effect: Effect, at: At) -> Option<Effect> {
        let Some(answers) = self.venue.perform(&effect, at) else {
            return Some(effect);
        };
        if let Some(record) = &self.record {
            record.paper_action(&effect);
            answers.iter().for_each(|msg| record.paper_answer(msg));
        }
        self.send(answers);
        None
    }

    /// Shows the venue a message the model is about to get at `at`.
    pub fn observe(&mut self, msg: &Msg, at: At) {
        let answers = self.venue.observe(msg, at);
        self.send(answers);
    }

    fn send(&mut self, answers: Vec<Msg>) {
        for msg in answers {
            let _ = self.answers.send(msg);
        }
        if self.venue.take_changed() && self.saves.is_some() {
            let snapshot = self.snapshot();
            if let Some(saves) = &self.saves {
                let _ = saves.send(snapshot);
            }
        }
    }

    fn snapshot(&mut self) -> Snapshot {
        self.seq += 1;
        Snapshot { seq: self.seq, book: self.venue.saved(), written: self.written.clone() }
    }

    /// Saves the account one last time, synchronously (a queued older write is then skipped).
    pub fn shutdown(&mut self) {
        let last = self.snapshot();
        let Some(path) = &self.path else { return };
        if let Err(reason) = save_snapshot(path, &last) {
            tracing::error!(%reason, "paper account not saved");
        }
    }
}

/// Now by the computer's clocks (the live dashboard's time).
pub fn now() -> At {
    At { wall: Utc::now(), mono: Instant::now() }
}

/// Hands `effect` to the paper desk, when there is one, at the time `at` tells; gives back the
/// effect when no desk takes it (the executors' one routing rule for paper trading).
pub fn route(desk: Option<&mut PaperDesk>, effect: Effect, at: impl FnOnce() -> At) -> Option<Effect> {
    match desk {
        Some(desk) => desk.perform(effect, at()),
        None => Some(effect),
    }
}

/// Whether a recorded message still applies when paper trading on a replay: the recorded
/// account (user channel, balances, orders, fills) was the real one; the paper venue's
/// replaces it. Market data, the catalogue and the fee tier stay.
pub fn recorded_for_paper(msg: &Msg) -> bool {
    !matches!(
        msg,
        Msg::Feed { feed: crate::app::FeedKind::User, .. }
            | Msg::AccountsLoaded(_)
            | Msg::OpenOrdersLoaded(_)
            | Msg::OpenOrdersListed { .. }
            | Msg::OrdersListedSince { .. }
            | Msg::OrderHistoryLoaded(_)
            | Msg::FillsLoaded(_)
            | Msg::OrderLookedUp { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_account_loads_back_no_file_is_a_new_one_and_a_bad_one_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested").join("paper-live.json");
        assert_eq!(load(&path, "EUR"), Ok(PaperBook::starting("EUR")));
        let mut book = PaperBook::starting("USD");
        book.balances
            .push(crate::paper::SavedBalance { currency: "BTC".into(), amount: "0.5".parse().expect("d") });
        save(&path, &book).expect("saved");
        assert_eq!(load(&path, "EUR"), Ok(book));
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("listing")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .collect();
        assert_eq!(names, vec!["paper-live.json".to_string()], "no temporary file is left");
        std::fs::write(&path, "{").expect("corrupt");
        let reason = format!(
            "paper account {}: not a valid paper account file: EOF while parsing an object at line 1 column 1",
            path.display()
        );
        assert_eq!(load(&path, "USD"), Err(StoreError(reason)));
        assert_eq!(std::fs::read_to_string(&path).expect("left"), "{");
    }

    #[test]
    fn each_venue_has_its_own_file() {
        let names: Vec<String> = [
            VenueLabel::Demo,
            VenueLabel::Live,
            VenueLabel::Custom("http://127.0.0.1:8080/api/v3/brokerage".into()),
        ]
        .iter()
        .map(|v| default_path(v).file_name().expect("name").to_string_lossy().into_owned())
        .collect();
        assert_eq!(names, ["paper-demo.json", "paper-live.json", "paper-custom-127.0.0.1_8080.json"]);
    }
}
