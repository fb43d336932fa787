#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::domain::{LimitGtc, OrderConfig, ProductId, Side};

fn order(id: &str) -> NewOrder {
    NewOrder {
        client_order_id: id.into(),
        product_id: ProductId::parse("BTC-USD").unwrap(),
        side: Side::Buy,
        config: OrderConfig::LimitGtc(LimitGtc {
            base_size: Decimal::new(1, 3),
            limit_price: Decimal::new(6_000_010, 2),
            post_only: true,
        }),
    }
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 8, 0, 0).unwrap() + chrono::Duration::seconds(secs)
}

fn path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("state/cbterm").join(FILE_NAME)
}

#[test]
fn a_journaled_create_is_unresolved_until_its_outcome_is_recorded() {
    let journal = Journal::in_memory("venue-a").unwrap();
    journal.record_create(&order("c1"), at(0)).unwrap();
    journal.record_create(&order("c2"), at(1)).unwrap();
    let expected = vec![
        UnresolvedOrder { request: order("c1"), sent: at(0) },
        UnresolvedOrder { request: order("c2"), sent: at(1) },
    ];
    assert_eq!(journal.unresolved().unwrap(), Unresolved { orders: expected, cancels: vec![] });
    journal.resolve_create("c1", &IntentOutcome::Accepted { order_id: "o1".into() }, at(2)).unwrap();
    let left = journal.unresolved().unwrap().orders;
    assert_eq!(left, vec![UnresolvedOrder { request: order("c2"), sent: at(1) }]);
}

#[test]
fn a_resubmitted_intent_is_listed_once_with_its_first_time() {
    let journal = Journal::in_memory("v").unwrap();
    journal.record_create(&order("c1"), at(0)).unwrap();
    journal.record_create(&order("c1"), at(30)).unwrap();
    assert_eq!(
        journal.unresolved().unwrap().orders,
        vec![UnresolvedOrder { request: order("c1"), sent: at(0) }]
    );
    journal.resolve_create("c1", &IntentOutcome::Dismissed, at(40)).unwrap();
    assert_eq!(journal.unresolved().unwrap(), Unresolved::default(), "both rows resolved");
}

#[test]
fn cancels_are_journaled_and_resolved_by_their_row() {
    let journal = Journal::in_memory("v").unwrap();
    let first = journal.record_cancel(&["o1".into(), "o2".into()], at(0)).unwrap();
    let second = journal.record_cancel(&["o3".into()], at(1)).unwrap();
    journal.resolve_cancel(first, "answered", at(2)).unwrap();
    let expected = UnresolvedCancel { id: second, order_ids: vec!["o3".into()], sent: at(1) };
    assert_eq!(journal.unresolved().unwrap(), Unresolved { orders: vec![], cancels: vec![expected] });
}

#[test]
fn venues_never_mix() {
    let dir = tempfile::tempdir().unwrap();
    let a = Journal::open(&path(&dir), "http://127.0.0.1:1/api key-a").unwrap();
    let b = Journal::open(&path(&dir), "http://127.0.0.1:2/api key-a").unwrap();
    a.record_create(&order("c1"), at(0)).unwrap();
    b.record_cancel(&["o9".into()], at(0)).unwrap();
    assert_eq!(a.unresolved().unwrap().orders.len(), 1);
    assert!(a.unresolved().unwrap().cancels.is_empty());
    assert!(b.unresolved().unwrap().orders.is_empty());
    b.resolve_create("c1", &IntentOutcome::NotFound, at(1)).unwrap();
    assert_eq!(a.unresolved().unwrap().orders.len(), 1, "another venue cannot resolve it");
}

#[test]
fn the_file_is_owner_only_in_wal_mode_and_keeps_rows_across_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir);
    let journal = Journal::open(&file, "v").unwrap();
    journal.record_create(&order("c1"), at(0)).unwrap();
    let wal = file.with_file_name(format!("{FILE_NAME}-wal"));
    assert_eq!(std::fs::metadata(&wal).unwrap().permissions().mode() & 0o777, 0o600, "the WAL too");
    drop(journal);
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let reader = Connection::open_with_flags(&file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mode: String = reader.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(reader);
    let reopened = Journal::open(&file, "v").unwrap();
    assert_eq!(
        reopened.unresolved().unwrap().orders,
        vec![UnresolvedOrder { request: order("c1"), sent: at(0) }]
    );
}

#[test]
fn a_world_readable_file_is_made_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir);
    drop(Journal::open(&file, "v").unwrap());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Journal::open(&file, "v").unwrap());
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn rows_are_written_with_full_sync() {
    let journal = Journal::in_memory("v").unwrap();
    let sync: i64 = journal.lock().unwrap().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "FULL");
}

#[test]
fn resolved_rows_older_than_the_window_are_pruned_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir);
    let journal = Journal::open(&file, "v").unwrap();
    let old = Utc::now() - chrono::Duration::days(KEEP_RESOLVED_DAYS + 1);
    for id in ["old", "recent", "open"] {
        journal.record_create(&order(id), old).unwrap();
    }
    journal.resolve_create("old", &IntentOutcome::NotFound, old).unwrap();
    journal.resolve_create("recent", &IntentOutcome::NotFound, Utc::now()).unwrap();
    drop(journal);
    let reopened = Journal::open(&file, "v").unwrap();
    let ids: Vec<String> = {
        let conn = reopened.lock().unwrap();
        let mut stmt = conn.prepare("SELECT client_order_id FROM intents ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(ids, vec!["recent".to_string(), "open".to_string()], "unresolved rows are never pruned");
}

#[test]
fn a_corrupt_file_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, vec![0x5a_u8; 8192]).unwrap();
    let err = Journal::open(&file, "v").unwrap_err();
    let JournalError::Open { path, message } = &err else { panic!("{err:?}") };
    assert_eq!(path, &file.display().to_string());
    assert!(message.contains("not a database"), "{message}");
    assert!(err.to_string().starts_with("cannot open the order journal"), "{err}");
}

#[test]
fn a_directory_that_cannot_be_created_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("state");
    std::fs::write(&blocker, "a file, not a directory").unwrap();
    let err = Journal::open(&path(&dir), "v").unwrap_err();
    assert!(matches!(err, JournalError::Open { .. }), "{err:?}");
}

#[test]
fn the_venue_key_names_the_url_and_the_key() {
    let url: url::Url = "http://127.0.0.1:8080/api/v3/brokerage".parse().unwrap();
    assert_eq!(Journal::venue_key(&url, Some("keys/k1")), "http://127.0.0.1:8080/api/v3/brokerage keys/k1");
    assert_eq!(Journal::venue_key(&url, None), "http://127.0.0.1:8080/api/v3/brokerage");
}
