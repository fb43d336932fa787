//! The durable order-intent journal (R-ORD1): every create and cancel is written to SQLite
//! (WAL, `synchronous=FULL`, so the row is on disk) before its request leaves the process, and
//! its outcome is recorded once it is definite. On start the dashboard reads the intents this
//! venue left unresolved and looks them up by client order id before trading is enabled;
//! nothing is ever resent from the journal.
//!
//! The file is `journal.sqlite3` in the state directory ([`crate::paths::state_dir`]), mode
//! 0600. Rows are keyed by venue (REST base URL and key name), so two venues never mix.
//! Resolved rows older than [`KEEP_RESOLVED_DAYS`] are pruned when the journal opens.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::domain::{IntentOutcome, NewOrder, UnresolvedOrder};

mod store;
#[cfg(test)]
mod tests;

/// Resolved intents are kept this many days.
pub const KEEP_RESOLVED_DAYS: i64 = 7;
/// The journal's file name in the state directory.
pub const FILE_NAME: &str = "journal.sqlite3";

/// Why the journal cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    /// The file could not be opened or set up (missing directory rights, not a database, …).
    #[error("cannot open the order journal {path}: {message}")]
    Open {
        /// The file.
        path: String,
        /// What SQLite or the file system said.
        message: String,
    },
    /// A read or write failed.
    #[error("the order journal failed: {0}")]
    Io(String),
}

impl From<rusqlite::Error> for JournalError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Io(e.to_string())
    }
}

/// The id of a journaled cancel, to record its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelIntent(i64);

/// A cancel the journal holds without an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedCancel {
    /// Its row.
    pub id: CancelIntent,
    /// The exchange order ids it asked to cancel.
    pub order_ids: Vec<String>,
    /// When it was journaled.
    pub sent: DateTime<Utc>,
}

/// What a venue left unresolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unresolved {
    /// Creates (one per client order id, oldest first).
    pub orders: Vec<UnresolvedOrder>,
    /// Cancels, oldest first.
    pub cancels: Vec<UnresolvedCancel>,
}

/// The journal of one venue. Cloning shares the connection; each call blocks on SQLite (run
/// it off the async executor's threads, e.g. in `spawn_blocking`).
#[derive(Debug, Clone)]
pub struct Journal {
    conn: Arc<Mutex<Connection>>,
    venue: String,
}

impl Journal {
    /// The journal's path in the state directory.
    pub fn default_path() -> PathBuf {
        crate::paths::state_dir().join(FILE_NAME)
    }

    /// The venue key: the REST base URL, plus the API key name when there is one.
    pub fn venue_key(rest_base: &url::Url, key_name: Option<&str>) -> String {
        match key_name {
            Some(name) => format!("{rest_base} {name}"),
            None => rest_base.to_string(),
        }
    }

    /// Opens (creating it, mode 0600, and its directory) the journal at `path` for `venue`,
    /// in WAL mode with `synchronous=FULL`, and prunes old resolved rows.
    pub fn open(path: &Path, venue: &str) -> Result<Self, JournalError> {
        let open_error = |message: String| JournalError::Open { path: path.display().to_string(), message };
        store::create_owner_only(path).map_err(|e| open_error(e.to_string()))?;
        let conn = Connection::open(path).map_err(|e| open_error(e.to_string()))?;
        store::set_up(&conn, true).map_err(|e| match e {
            JournalError::Io(message) => open_error(message),
            other => other,
        })?;
        Self::ready(conn, venue)
    }

    /// A journal in memory. The demo uses it: its embedded simulator dies with the process,
    /// so its intents mean nothing to a later session.
    pub fn in_memory(venue: &str) -> Result<Self, JournalError> {
        let conn = Connection::open_in_memory()?;
        store::set_up(&conn, false)?;
        Self::ready(conn, venue)
    }

    fn ready(conn: Connection, venue: &str) -> Result<Self, JournalError> {
        let cutoff = Utc::now() - chrono::Duration::days(KEEP_RESOLVED_DAYS);
        let pruned = store::prune(&conn, cutoff)?;
        if pruned > 0 {
            tracing::info!(pruned, "old resolved intents pruned from the journal");
        }
        Ok(Self { conn: Arc::new(Mutex::new(conn)), venue: venue.to_string() })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, JournalError> {
        self.conn.lock().map_err(|_| JournalError::Io("the journal lock is poisoned".into()))
    }

    /// Journals a create before it is sent; the row is on disk when this returns.
    pub fn record_create(&self, order: &NewOrder, at: DateTime<Utc>) -> Result<(), JournalError> {
        store::insert_create(&*self.lock()?, &self.venue, order, at)
    }

    /// Records the outcome of every unresolved create of `client_order_id`.
    pub fn resolve_create(
        &self,
        client_order_id: &str,
        outcome: &IntentOutcome,
        at: DateTime<Utc>,
    ) -> Result<(), JournalError> {
        store::resolve_create(&*self.lock()?, &self.venue, client_order_id, &outcome.to_string(), at)
    }

    /// Journals a cancel of `order_ids` before it is sent.
    pub fn record_cancel(
        &self,
        order_ids: &[String],
        at: DateTime<Utc>,
    ) -> Result<CancelIntent, JournalError> {
        store::insert_cancel(&*self.lock()?, &self.venue, order_ids, at).map(CancelIntent)
    }

    /// Records the outcome of a cancel, in words.
    pub fn resolve_cancel(
        &self,
        id: CancelIntent,
        outcome: &str,
        at: DateTime<Utc>,
    ) -> Result<(), JournalError> {
        store::resolve_row(&*self.lock()?, id.0, outcome, at)
    }

    /// The intents of this venue without an outcome.
    pub fn unresolved(&self) -> Result<Unresolved, JournalError> {
        let conn = self.lock()?;
        Ok(Unresolved {
            orders: store::unresolved_creates(&conn, &self.venue)?,
            cancels: store::unresolved_cancels(&conn, &self.venue)?,
        })
    }
}
