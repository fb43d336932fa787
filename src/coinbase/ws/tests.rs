//! The feed task against the simulator: `Connected` only after the acknowledgement,
//! repeated authentication failures stop the feed, a resubscribe stays on the connection.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use tokio::sync::mpsc;

use super::*;
use crate::sim::{self, SimConfig, SimHandle};

async fn manual_sim() -> SimHandle {
    let start = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
    sim::start(SimConfig { manual_from: Some(start), ..SimConfig::default() })
        .await
        .expect("simulator starts")
}

fn btc() -> ProductId {
    ProductId("BTC-USD".into())
}

fn config(sim: &SimHandle, subscriptions: Vec<Subscription>) -> FeedConfig {
    FeedConfig {
        url: sim.ws_url.clone(),
        subscriptions,
        creds: None,
        clock: Clock::new(),
        subscribes: std::sync::Arc::new(crate::coinbase::rest::limiter::Limiter::ws_subscribe()),
        ca: None,
    }
}

async fn next(rx: &mut mpsc::Receiver<FeedEvent>) -> Option<FeedEvent> {
    tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("a feed event in time")
}

fn is_l2_snapshot(event: &FeedEvent) -> bool {
    matches!(event, FeedEvent::Message(WsMessage::Level2(env))
        if env.events.iter().any(|e| e.kind == "snapshot" && e.product_id == btc()))
}

#[test]
fn retries_stay_a_second_apart_whatever_the_backoff() {
    assert_eq!(retry_delay(1, 0.0, Duration::from_millis(10), BACKOFF_CAP), Duration::from_millis(990));
    assert_eq!(retry_delay(1, 1.0, Duration::from_secs(5), BACKOFF_CAP), Duration::from_millis(500));
    assert_eq!(retry_delay(4, 1.0, Duration::ZERO, BACKOFF_CAP), Duration::from_secs(4));
    assert_eq!(retry_delay(9, 1.0, Duration::from_secs(5), BACKOFF_CAP), BACKOFF_CAP);
    let cap = Duration::from_millis(600);
    assert_eq!(retry_delay(9, 1.0, Duration::from_secs(5), cap), cap, "a lower cap bounds the backoff");
    assert_eq!(retry_delay(9, 1.0, Duration::from_millis(100), cap), Duration::from_millis(900));
}

#[test]
fn the_acknowledgement_must_cover_every_channel() {
    let wanted: BTreeSet<Channel> = [Channel::Heartbeats, Channel::Level2].into();
    assert!(!acknowledges(&wanted, &[Channel::Heartbeats].into()));
    assert!(acknowledges(&wanted, &[Channel::Heartbeats, Channel::Level2, Channel::Ticker].into()));
    let ack = r#"{"channel":"subscriptions","timestamp":"2026-01-02T03:04:05Z","sequence_num":3,
        "events":[{"subscriptions":{"l2_data":["BTC-USD"],"heartbeats":["heartbeats"]}}]}"#;
    let WsMessage::Subscriptions(env) = WsMessage::parse(ack).unwrap() else { panic!("an ack") };
    assert_eq!(acked_channels(&env).collect::<BTreeSet<_>>(), wanted);
    assert!(is_auth_failure("authentication failure"));
    assert!(!is_auth_failure("failure to subscribe"));
}

#[tokio::test(flavor = "multi_thread")]
async fn connected_follows_the_acknowledgement_and_precedes_every_message() {
    let sim = manual_sim().await;
    let (tx, mut rx) = mpsc::channel(256);
    let subs = vec![
        Subscription { channel: Channel::Level2, product_ids: vec![btc()] },
        Subscription { channel: Channel::Ticker, product_ids: vec![btc()] },
    ];
    let feed = tokio::spawn(run_feed(config(&sim, subs), tx));
    assert_eq!(next(&mut rx).await, Some(FeedEvent::Connecting { attempt: 1 }));
    assert_eq!(next(&mut rx).await, Some(FeedEvent::Connected), "nothing of the connection before it");
    let mut acked = BTreeSet::new();
    let mut snapshot_seen = false;
    while !(snapshot_seen && acked.contains(&Channel::Ticker)) {
        let event = next(&mut rx).await.expect("feed running");
        snapshot_seen |= is_l2_snapshot(&event);
        match event {
            FeedEvent::Message(WsMessage::Subscriptions(env)) => acked.extend(acked_channels(&env)),
            FeedEvent::Message(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    feed.abort();
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn three_authentication_failures_in_a_row_stop_the_feed() {
    let sim = manual_sim().await;
    let (tx, mut rx) = mpsc::channel(256);
    let subs = vec![Subscription { channel: Channel::User, product_ids: vec![] }];
    let feed = tokio::spawn(run_feed(config(&sim, subs), tx));
    for attempt in 1..=MAX_AUTH_FAILURES {
        assert_eq!(next(&mut rx).await, Some(FeedEvent::Connecting { attempt }));
        let Some(FeedEvent::Message(WsMessage::Error(e))) = next(&mut rx).await else { panic!("an error") };
        assert_eq!(e.message, "authentication failure");
        match next(&mut rx).await.expect("feed running") {
            FeedEvent::Disconnected { reason, retry_in } if attempt < MAX_AUTH_FAILURES => {
                assert_eq!(reason, FeedError::Server("authentication failure".into()));
                assert!(retry_in >= Duration::from_millis(250), "{retry_in:?}");
            }
            FeedEvent::Failed { reason } if attempt == MAX_AUTH_FAILURES => assert_eq!(
                reason.to_string(),
                "server error: authentication failure (3 times in a row); stopped retrying"
            ),
            other => panic!("attempt {attempt}: unexpected {other:?}"),
        }
    }
    assert_eq!(next(&mut rx).await, None, "no attempt after the final failure");
    feed.await.expect("the feed task ends by itself");
    sim.shutdown();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resubscribe_brings_a_fresh_snapshot_on_the_same_connection() {
    let sim = manual_sim().await;
    let (tx, mut rx) = mpsc::channel(256);
    let (commands, command_rx) = mpsc::channel(4);
    let subs = vec![Subscription { channel: Channel::Level2, product_ids: vec![btc()] }];
    let control =
        FeedControl { commands: command_rx, initial_delay: Duration::ZERO, backoff_cap: BACKOFF_CAP };
    let feed = tokio::spawn(run_feed_with(config(&sim, subs), tx.into(), control));
    assert_eq!(next(&mut rx).await, Some(FeedEvent::Connecting { attempt: 1 }));
    assert_eq!(next(&mut rx).await, Some(FeedEvent::Connected));
    while !is_l2_snapshot(&next(&mut rx).await.expect("feed running")) {}
    let resync = FeedCommand::Resubscribe { channel: Channel::Level2, product_ids: vec![btc()] };
    commands.send(resync).await.expect("feed listening");
    loop {
        let event = next(&mut rx).await.expect("feed running");
        if is_l2_snapshot(&event) {
            break;
        }
        assert!(matches!(event, FeedEvent::Message(_)), "the connection stays up: {event:?}");
    }
    feed.abort();
    sim.shutdown();
}
