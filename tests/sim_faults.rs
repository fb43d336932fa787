//! Fault injection: each simulator fault, switched on through `/admin`, and its effect on the
//! real client (`RestClient`, the `cbterm` binary, `run_feed`).
//!
//! Two tests spend real time on purpose, because a time limit is what they test:
//! `withheld_order_response_…` waits out the client's 10 s request timeout and
//! `stall_…` waits out the feed's 10 s idle timeout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::rest::{Auth, REQUEST_TIMEOUT, RestClient};
use cbterm::coinbase::ws::{FeedConfig, FeedError, FeedEvent, IDLE_TIMEOUT, WsMessage, run_feed};
use common::Venue;
use reqwest::Method;
use serde_json::json;
use tokio::sync::mpsc;

/// A resting SOL-USD buy far below the market, through the binary, with a chosen client id.
fn place_args(client_order_id: &str) -> Vec<&str> {
    vec![
        "place",
        "--product",
        "SOL-USD",
        "--side",
        "buy",
        "--type",
        "limit",
        "--size",
        "1",
        "--price",
        "10.00",
        "--client-order-id",
        client_order_id,
        "--json",
    ]
}

async fn fail_private(venue: &Venue) -> serde_json::Value {
    venue.admin_get("/faults").await["fail_private"].clone()
}

/// Sends `GET /accounts` signed by `rest` but bypassing its retries: the server's raw answer.
async fn raw_accounts(rest: &RestClient) -> reqwest::Response {
    let request = rest.build(Method::GET, "/accounts", &[], None, Auth::Private).unwrap();
    reqwest::Client::new().execute(request).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_private_429_fails_the_next_two_private_calls_with_an_html_body() {
    let venue = Venue::manual(1).await;
    let rest = venue.rest();
    venue.admin_post("/faults", json!({"fail_private": {"status": 429, "count": 2}})).await;
    rest.server_time().await.expect("a public call takes no injected failure");
    for call in 1..=2 {
        let response = raw_accounts(&rest).await;
        assert_eq!(response.status(), 429, "call {call}");
        assert_eq!(response.headers()["content-type"], "text/html", "call {call}");
        assert!(response.text().await.unwrap().contains("<html>"), "call {call}: HTML body");
    }
    assert_eq!(raw_accounts(&rest).await.status(), 200, "the third call is served");
    assert_eq!(fail_private(&venue).await, serde_json::Value::Null, "both failures used, none left");
    venue.admin_post("/faults", json!({"fail_private": {"status": 429, "count": 0}})).await;
    rest.accounts().await.expect("a count of 0 fails nothing");
    // The client itself waits 429s out on a read (issue 8; more in tests/rest_limits.rs).
    venue.admin_post("/faults", json!({"fail_private": {"status": 429, "count": 2}})).await;
    assert!(!rest.accounts().await.unwrap().is_empty());
    assert_eq!(fail_private(&venue).await, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_private_500_is_retried_by_a_get_exactly_three_times() {
    let venue = Venue::manual(2).await;
    let rest = venue.rest();
    // Five failures: one GET makes 1 + 3 attempts, all fail, and exactly one is left.
    venue.admin_post("/faults", json!({"fail_private": {"status": 500, "count": 5}})).await;
    let error = rest.accounts().await.unwrap_err();
    assert_eq!(error.status(), Some(500), "{error:?}");
    assert_eq!(fail_private(&venue).await, json!({"status": 500, "count": 1}), "4 attempts, no more");
    // The last failure is absorbed by a retry: the caller sees success.
    assert!(!rest.accounts().await.unwrap().is_empty());
    assert_eq!(fail_private(&venue).await, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn fail_private_500_on_post_orders_is_not_retried_and_creates_nothing() {
    let venue = Venue::manual(3).await;
    // Only POSTs fail, so the CLI's product lookup (a private GET) goes through first.
    let fault = json!({"fail_private": {"status": 500, "count": 2, "method": "POST"}});
    venue.admin_post("/faults", fault).await;
    let out = venue.cli(&place_args("post-500-once")).await;
    assert_eq!(out.code, 4, "outcome unknown: {out:?}");
    assert!(out.stderr.contains("post-500-once"), "names the client order id: {}", out.stderr);
    assert!(out.stderr.contains("HTTP 500"), "{}", out.stderr);
    assert_eq!(venue.sim_orders().await.len(), 0, "500 answered before the handler");
    assert_eq!(
        fail_private(&venue).await,
        json!({"status": 500, "count": 1, "method": "POST"}),
        "exactly one POST was sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rest_delay_holds_every_rest_response() {
    let venue = Venue::manual(4).await;
    let rest = venue.rest();
    venue.admin_post("/faults", json!({"rest_delay_ms": 400})).await;
    let started = Instant::now();
    rest.server_time().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400), "public: {:?}", started.elapsed());
    let started = Instant::now();
    rest.accounts().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400), "private: {:?}", started.elapsed());
    // A POST changes only the fields it names.
    venue.admin_post("/faults", json!({"clock_skew_secs": 0})).await;
    assert_eq!(venue.admin_get("/faults").await["rest_delay_ms"], 400);
    let url = format!("{}/faults", venue.sim.admin_url);
    let typo = reqwest::Client::new().post(url).json(&json!({"rest_delay": 0})).send().await.unwrap();
    assert_eq!(typo.status(), 400, "an unknown fault is refused");
    assert_eq!(venue.admin_get("/faults").await["rest_delay_ms"], 400, "and changes nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn withheld_order_response_leaves_one_order_that_a_resend_finds() {
    let venue = Venue::manual(5).await;
    venue.admin_post("/faults", json!({"drop_next_order_response": true})).await;
    let started = Instant::now();
    let first = venue.cli(&place_args("withheld-1")).await;
    let waited = started.elapsed();
    assert_eq!(first.code, 4, "{first:?}");
    assert!(first.stderr.contains("withheld-1"), "names the client order id: {}", first.stderr);
    assert!(first.stderr.contains("may or may not exist"), "{}", first.stderr);
    assert!(waited >= REQUEST_TIMEOUT, "gave up at the client timeout, not before: {waited:?}");
    let orders = venue.sim_orders().await;
    assert_eq!(orders.len(), 1, "the order exists: {orders:?}");
    assert_eq!(orders[0]["client_order_id"], "withheld-1");

    let second = venue.cli(&place_args("withheld-1")).await;
    assert_eq!(second.code, 0, "{second:?}");
    let placed: serde_json::Value = serde_json::from_str(&second.stdout).unwrap();
    assert_eq!(placed["order_id"], orders[0]["order_id"], "the re-send returns the same order");
    assert_eq!(venue.sim_orders().await.len(), 1, "still one order");
}

#[tokio::test(flavor = "multi_thread")]
async fn time_is_reported_to_the_millisecond() {
    let venue = Venue::manual(7).await;
    let rest = venue.rest();
    for _ in 0..5 {
        let before = chrono::Utc::now().timestamp_millis();
        let time = rest.server_time().await.unwrap();
        let after = chrono::Utc::now().timestamp_millis();
        let server: i64 = time.epoch_millis.parse().unwrap();
        assert!((before - 5..=after + 5).contains(&server), "{server} within [{before}, {after}]");
        assert_eq!(time.epoch_seconds, (server / 1000).to_string());
        assert_eq!(time.iso.timestamp_millis(), server);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn clock_skew_gets_401_until_the_client_clock_is_corrected() {
    let venue = Venue::manual(6).await;
    let rest = venue.rest();
    venue.admin_post("/faults", json!({"clock_skew_secs": 300})).await;
    let refused = raw_accounts(&rest).await;
    assert_eq!(refused.status(), 401, "a JWT on the local clock is outside the server's window");
    let server: i64 = rest.server_time().await.unwrap().epoch_seconds.parse().unwrap();
    let skew = server - chrono::Utc::now().timestamp();
    assert!((299..=301).contains(&skew), "GET /time reports the skewed clock: {skew}");
    assert!(!rest.accounts().await.unwrap().is_empty(), "the client measures the server's clock");
    let offset = rest.clock().offset();
    assert!((298..=300).contains(&offset), "measured, not set: {offset}");
}

// ---------------------------------------------------------------- WebSocket faults

/// A `run_feed` consumer subscribed to `heartbeats` only (the channel every feed has).
fn feed(venue: &Venue) -> mpsc::Receiver<FeedEvent> {
    let (tx, rx) = mpsc::channel(256);
    let config = FeedConfig {
        url: venue.sim.ws_url.clone(),
        subscriptions: Vec::new(),
        creds: None,
        clock: Clock::new(),
        subscribes: std::sync::Arc::new(cbterm::coinbase::rest::limiter::Limiter::ws_subscribe()),
        ca: None,
    };
    tokio::spawn(run_feed(config, tx));
    rx
}

async fn next(rx: &mut mpsc::Receiver<FeedEvent>, within: Duration) -> FeedEvent {
    tokio::time::timeout(within, rx.recv()).await.expect("a feed event in time").expect("feed running")
}

fn is_ack(event: &FeedEvent) -> bool {
    matches!(event, FeedEvent::Message(WsMessage::Subscriptions(_)))
}

/// Reads events until `wanted`; only data messages may come before it.
async fn skip_messages_until(
    rx: &mut mpsc::Receiver<FeedEvent>,
    within: Duration,
    wanted: impl Fn(&FeedEvent) -> bool,
) -> FeedEvent {
    let deadline = Instant::now() + within;
    loop {
        let event = next(rx, deadline.saturating_duration_since(Instant::now())).await;
        if wanted(&event) {
            return event;
        }
        assert!(matches!(event, FeedEvent::Message(_)), "unexpected {event:?}");
    }
}

/// `Connecting { attempt }`, `Connected`, then the subscriptions ack (sequence 0).
async fn expect_connection(rx: &mut mpsc::Receiver<FeedEvent>, attempt: u32) {
    assert_eq!(next(rx, Duration::from_secs(5)).await, FeedEvent::Connecting { attempt });
    assert_eq!(next(rx, Duration::from_secs(5)).await, FeedEvent::Connected);
    let ack = next(rx, Duration::from_secs(5)).await;
    assert!(is_ack(&ack), "{ack:?}");
    let FeedEvent::Message(message) = ack else { unreachable!() };
    assert_eq!(message.sequence_num(), Some(0), "a new connection starts at 0");
}

async fn inject(venue: &Venue, fault: &str) {
    let answer = venue.admin_post(&format!("/ws/{fault}"), json!({})).await;
    assert_eq!(answer["connections"], 1, "{fault} reached the one open connection");
}

async fn open_connections(venue: &Venue) -> usize {
    venue.admin_get("/connections").await.as_object().unwrap().len()
}

#[tokio::test(flavor = "multi_thread")]
async fn drop_all_disconnects_the_feed_which_reconnects() {
    let venue = Venue::manual(7).await;
    let mut rx = feed(&venue);
    expect_connection(&mut rx, 1).await;
    inject(&venue, "drop_all").await;
    let event =
        skip_messages_until(&mut rx, Duration::from_secs(5), |e| matches!(e, FeedEvent::Disconnected { .. }))
            .await;
    let FeedEvent::Disconnected { reason, .. } = event else { unreachable!() };
    assert!(matches!(reason, FeedError::Closed | FeedError::ClosedByServer(_)), "{reason}");
    expect_connection(&mut rx, 2).await;
    let heartbeat = next(&mut rx, Duration::from_secs(3)).await;
    assert!(matches!(heartbeat, FeedEvent::Message(WsMessage::Heartbeats(_))), "{heartbeat:?}");
    assert_eq!(open_connections(&venue).await, 1, "the old connection is gone");
}

#[tokio::test(flavor = "multi_thread")]
async fn stall_silences_the_connection_until_the_client_idle_timeout_reopens_it() {
    let venue = Venue::manual(8).await;
    let mut rx = feed(&venue);
    expect_connection(&mut rx, 1).await;
    // Stall just after a heartbeat, so nothing is already on its way.
    let heartbeat = next(&mut rx, Duration::from_secs(3)).await;
    assert!(matches!(heartbeat, FeedEvent::Message(WsMessage::Heartbeats(_))), "{heartbeat:?}");
    let last_message = Instant::now();
    inject(&venue, "stall").await;
    // Silence is the behaviour under test: nothing, not even a heartbeat, for 2 s.
    let silent = tokio::time::timeout(Duration::from_secs(2), rx.recv()).await;
    assert!(silent.is_err(), "nothing arrives while stalled: {silent:?}");
    assert_eq!(open_connections(&venue).await, 1, "the stalled connection stays open");
    let event = next(&mut rx, IDLE_TIMEOUT + Duration::from_secs(3)).await;
    let FeedEvent::Disconnected { reason, .. } = event else {
        panic!("expected Disconnected, got {event:?}")
    };
    assert_eq!(reason, FeedError::Idle(IDLE_TIMEOUT));
    assert!(
        last_message.elapsed() >= IDLE_TIMEOUT - Duration::from_millis(100),
        "{:?}",
        last_message.elapsed()
    );
    expect_connection(&mut rx, 2).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn skip_sequence_is_reported_as_a_gap_and_the_feed_reconnects() {
    let venue = Venue::manual(9).await;
    let mut rx = feed(&venue);
    expect_connection(&mut rx, 1).await;
    inject(&venue, "skip_sequence").await;
    let event =
        skip_messages_until(&mut rx, Duration::from_secs(3), |e| matches!(e, FeedEvent::Gap { .. })).await;
    let FeedEvent::Gap { expected, got } = event else { unreachable!() };
    assert_eq!(got, expected + 1, "one number skipped");
    let event = next(&mut rx, Duration::from_secs(1)).await;
    let FeedEvent::Disconnected { reason, .. } = event else {
        panic!("expected Disconnected, got {event:?}")
    };
    assert_eq!(reason, FeedError::Gap { expected, got });
    expect_connection(&mut rx, 2).await;
}
