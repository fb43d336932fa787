//! The journal's SQL: schema, pragmas, inserts, resolutions and listings.

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, params};

use super::{CancelIntent, JournalError, UnresolvedCancel};
use crate::coinbase::wire::CreateOrderRequest;
use crate::domain::{NewOrder, UnresolvedOrder};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS intents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    venue TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'cancel')),
    client_order_id TEXT,
    product TEXT,
    request TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    outcome TEXT
);
CREATE INDEX IF NOT EXISTS intents_open ON intents (venue, resolved_at);
PRAGMA user_version = 1;
";

/// Creates the file owner-only (0600), or makes an existing one so, with its directory.
pub(super) fn create_owner_only(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

/// WAL with full fsync (on disk before the request leaves), a busy timeout, and the schema.
pub(super) fn set_up(conn: &Connection, wal: bool) -> Result<(), JournalError> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if wal {
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(JournalError::Io(format!("journal_mode is {mode}, not wal")));
        }
    }
    conn.execute_batch("PRAGMA synchronous=FULL;")?;
    Ok(conn.execute_batch(SCHEMA)?)
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_stamp(text: &str) -> Result<DateTime<Utc>, JournalError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| JournalError::Io(format!("unreadable time {text:?} in the journal: {e}")))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, JournalError> {
    serde_json::to_string(value).map_err(|e| JournalError::Io(e.to_string()))
}

/// Deletes resolved rows resolved before `cutoff`; returns how many.
pub(super) fn prune(conn: &Connection, cutoff: DateTime<Utc>) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM intents WHERE resolved_at IS NOT NULL AND resolved_at < ?1",
        params![stamp(cutoff)],
    )
}

pub(super) fn insert_create(
    conn: &Connection,
    venue: &str,
    order: &NewOrder,
    at: DateTime<Utc>,
) -> Result<(), JournalError> {
    let request = json(&CreateOrderRequest::from(order))?;
    conn.execute(
        "INSERT INTO intents (venue, kind, client_order_id, product, request, created_at)
         VALUES (?1, 'create', ?2, ?3, ?4, ?5)",
        params![venue, order.client_order_id, order.product_id.0, request, stamp(at)],
    )?;
    Ok(())
}

pub(super) fn insert_cancel(
    conn: &Connection,
    venue: &str,
    order_ids: &[String],
    at: DateTime<Utc>,
) -> Result<i64, JournalError> {
    conn.execute(
        "INSERT INTO intents (venue, kind, request, created_at) VALUES (?1, 'cancel', ?2, ?3)",
        params![venue, json(&order_ids)?, stamp(at)],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn resolve_create(
    conn: &Connection,
    venue: &str,
    client_order_id: &str,
    outcome: &str,
    at: DateTime<Utc>,
) -> Result<(), JournalError> {
    conn.execute(
        "UPDATE intents SET resolved_at = ?1, outcome = ?2
         WHERE venue = ?3 AND kind = 'create' AND client_order_id = ?4 AND resolved_at IS NULL",
        params![stamp(at), outcome, venue, client_order_id],
    )?;
    Ok(())
}

pub(super) fn resolve_row(
    conn: &Connection,
    id: i64,
    outcome: &str,
    at: DateTime<Utc>,
) -> Result<(), JournalError> {
    conn.execute(
        "UPDATE intents SET resolved_at = ?1, outcome = ?2 WHERE id = ?3 AND resolved_at IS NULL",
        params![stamp(at), outcome, id],
    )?;
    Ok(())
}

/// Unresolved creates of `venue`, one per client order id (its first journaling), oldest first.
pub(super) fn unresolved_creates(
    conn: &Connection,
    venue: &str,
) -> Result<Vec<UnresolvedOrder>, JournalError> {
    let mut stmt = conn.prepare(
        "SELECT request, MIN(created_at) FROM intents
         WHERE venue = ?1 AND kind = 'create' AND resolved_at IS NULL
         GROUP BY client_order_id ORDER BY MIN(created_at), MIN(id)",
    )?;
    let rows = stmt.query_map(params![venue], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (request, created) = row?;
        let wire: CreateOrderRequest = serde_json::from_str(&request)
            .map_err(|e| JournalError::Io(format!("unreadable order intent in the journal: {e}")))?;
        let request = NewOrder {
            client_order_id: wire.client_order_id,
            product_id: wire.product_id,
            side: wire.side,
            config: wire.order_configuration,
        };
        out.push(UnresolvedOrder { request, sent: parse_stamp(&created)? });
    }
    Ok(out)
}

/// Unresolved cancels of `venue`, oldest first.
pub(super) fn unresolved_cancels(
    conn: &Connection,
    venue: &str,
) -> Result<Vec<UnresolvedCancel>, JournalError> {
    let mut stmt = conn.prepare(
        "SELECT id, request, created_at FROM intents
         WHERE venue = ?1 AND kind = 'cancel' AND resolved_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map(params![venue], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, ids, created) = row?;
        let ids: Vec<String> = serde_json::from_str(&ids)
            .map_err(|e| JournalError::Io(format!("unreadable cancel intent in the journal: {e}")))?;
        out.push(UnresolvedCancel { id: CancelIntent(id), order_ids: ids, sent: parse_stamp(&created)? });
    }
    Ok(out)
}
