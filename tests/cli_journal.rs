//! `cbterm place` and `cancel` write the order journal (R-ORD1) before sending: an answered
//! order and cancel are recorded with their outcome, an order whose answer never came stays
//! unresolved for the next dashboard start, and without a usable journal no order is sent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Venue, journal_file, journal_rows};
use serde_json::json;

/// A resting SOL-USD buy far below the market with a chosen client order id.
fn place_args(client_order_id: &str) -> Vec<&str> {
    let mut args = vec!["place", "--product", "SOL-USD", "--side", "buy", "--type", "limit"];
    args.extend(["--size", "1", "--price", "10.00", "--client-order-id", client_order_id, "--json"]);
    args
}

fn row(kind: &str, client_order_id: Option<&str>, outcome: Option<&str>) -> common::JournalRow {
    (kind.into(), client_order_id.map(Into::into), outcome.map(Into::into))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answered_order_and_cancel_are_journaled_with_their_outcome() {
    let venue = Venue::manual(21).await;
    let state = tempfile::tempdir().unwrap();
    let placed = venue.cli_in(&place_args("cli-journal-1"), state.path()).await;
    assert_eq!(placed.code, 0, "{placed:?}");
    let placed: serde_json::Value = serde_json::from_str(&placed.stdout).unwrap();
    let order_id = placed["order_id"].as_str().unwrap().to_string();
    let accepted = format!("accepted {order_id}");
    assert_eq!(journal_rows(state.path()), vec![row("create", Some("cli-journal-1"), Some(&accepted))]);

    let cancelled = venue.cli_in(&["cancel", &order_id], state.path()).await;
    assert_eq!(cancelled.code, 0, "{cancelled:?}");
    let expected =
        vec![row("create", Some("cli-journal-1"), Some(&accepted)), row("cancel", None, Some("answered"))];
    assert_eq!(journal_rows(state.path()), expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_without_an_answer_stays_unresolved() {
    let venue = Venue::manual(22).await;
    let state = tempfile::tempdir().unwrap();
    venue.admin_post("/faults", json!({"drop_next_order_response": true})).await;
    let out = venue.cli_in(&place_args("cli-journal-2"), state.path()).await;
    assert_eq!(out.code, 4, "{out:?}");
    assert_eq!(journal_rows(state.path()), vec![row("create", Some("cli-journal-2"), None)]);
    assert_eq!(venue.sim_orders().await.len(), 1, "the exchange has it; the journal says it is unresolved");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_usable_journal_no_order_is_sent() {
    let venue = Venue::manual(23).await;
    let state = tempfile::tempdir().unwrap();
    let file = journal_file(state.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, vec![0x5a_u8; 8192]).unwrap();
    let out = venue.cli_in(&place_args("cli-journal-3"), state.path()).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("cannot open the order journal"), "{}", out.stderr);
    assert!(out.stderr.contains("file is not a database; nothing was sent"), "{}", out.stderr);
    assert!(venue.sim_orders().await.is_empty(), "no order reached the exchange");
}
