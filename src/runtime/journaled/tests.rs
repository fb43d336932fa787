#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};

use super::*;
use crate::coinbase::jwt::Clock;
use crate::credentials::Credentials;
use crate::domain::{LimitGtc, OrderConfig, ProductId, Side, UnresolvedOrder};
use crate::sim::{self, SimConfig, SimHandle};

async fn venue() -> (SimHandle, RestClient) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let start = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
    let sim = sim::start(SimConfig { manual_from: Some(start), ..SimConfig::default() }).await.unwrap();
    let creds = Credentials::generate_es256("organizations/test/apiKeys/journal");
    sim.register_key(creds.name(), &creds.public_key());
    let rest = RestClient::new(sim.api_url.clone(), Some(Arc::new(creds)), Clock::new()).unwrap();
    (sim, rest)
}

/// A limit buy of 1 SOL-USD at 10.00: far below the market, so it rests.
fn order(id: &str) -> NewOrder {
    NewOrder {
        client_order_id: id.into(),
        product_id: ProductId("SOL-USD".into()),
        side: Side::Buy,
        config: OrderConfig::LimitGtc(LimitGtc {
            base_size: "1".parse().unwrap(),
            limit_price: "10.00".parse().unwrap(),
            post_only: false,
        }),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_journal_no_order_is_sent() {
    let (_sim, rest) = venue().await;
    let msg = place(&rest, None, None, &order("unjournaled-1")).await;
    let reason = "the order journal is not open".to_string();
    assert_eq!(msg, Msg::OrderNotJournaled { client_order_id: "unjournaled-1".into(), reason });
    assert!(rest.open_orders(&[]).await.unwrap().is_empty(), "nothing reached the exchange");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_placed_order_stays_journaled_until_its_outcome_is_recorded() {
    let (_sim, rest) = venue().await;
    let journal = Journal::in_memory("v").unwrap();
    let Msg::OrderAccepted { client_order_id, order_id } =
        place(&rest, Some(&journal), None, &order("kept-1")).await
    else {
        panic!("accepted")
    };
    assert_eq!(client_order_id, "kept-1");
    let listed: Vec<NewOrder> =
        journal.unresolved().unwrap().orders.into_iter().map(|o: UnresolvedOrder| o.request).collect();
    assert_eq!(listed, vec![order("kept-1")], "the model resolves it, not the send");
    let outcome = IntentOutcome::Accepted { order_id };
    assert_eq!(resolve(Some(&journal), client_order_id, outcome).await, None);
    assert!(journal.unresolved().unwrap().orders.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancel_is_journaled_and_resolved_when_answered() {
    let (_sim, rest) = venue().await;
    let journal = Journal::in_memory("v").unwrap();
    let Msg::OrderAccepted { order_id, .. } = place(&rest, Some(&journal), None, &order("to-cancel")).await
    else {
        panic!("accepted")
    };
    let msg = cancel(&rest, Some(&journal), None, vec![order_id]).await;
    assert!(matches!(msg, Msg::CancelsAnswered(_)), "{msg:?}");
    assert!(journal.unresolved().unwrap().cancels.is_empty(), "answered");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outcome_the_journal_cannot_record_disables_trading() {
    let msg = resolve(None, "c1".into(), IntentOutcome::NotFound).await;
    assert_eq!(msg, Some(Msg::JournalFailed { reason: "the order journal is not open".into() }));
}
