//! Issue 8, REST and clock (R-RATE3, R-AUTH3, R-AUTH4) on loopback against the simulator's
//! faults: reads back off through 429s, an order 429 is "not placed" and sent once, and a
//! skewed server clock is measured and corrected by the client itself, for signed REST (client
//! and binary) and the `user` WebSocket subscription.
//!
//! No test sets a clock offset: each client starts with a fresh `Clock` and measures it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use cbterm::coinbase::error::ApiError;
use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::rest::RestClient;
use cbterm::coinbase::rest::retry::RETRY_BUDGET;
use cbterm::coinbase::ws::{Channel, FeedConfig, FeedEvent, Subscription, run_feed};
use cbterm::credentials::Credentials;
use common::{Output, Venue};
use serde_json::json;
use tokio::sync::mpsc;

/// Longest a CLI run or a client call may take here: the retry budget plus slack.
const DEADLINE: Duration = Duration::from_secs(25);

async fn within<F: std::future::Future>(what: &str, future: F) -> F::Output {
    tokio::time::timeout(DEADLINE, future)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer in {DEADLINE:?}"))
}

async fn cli(venue: &Venue, args: &[&str]) -> Output {
    within(&args.join(" "), venue.cli(args)).await
}

async fn faults(venue: &Venue) -> serde_json::Value {
    venue.admin_get("/faults").await["fail_private"].clone()
}

async fn fail_next(venue: &Venue, status: u16, count: u32, method: Option<&str>) {
    let mut fail = json!({"status": status, "count": count});
    if let Some(method) = method {
        fail["method"] = json!(method);
    }
    venue.admin_post("/faults", json!({ "fail_private": fail })).await;
}

async fn skew(venue: &Venue, secs: i64) {
    venue.admin_post("/faults", json!({ "clock_skew_secs": secs })).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn five_429s_in_a_row_are_waited_out_by_a_read_of_the_client() {
    let venue = Venue::manual(81).await;
    let rest = venue.rest();
    let expected = rest.accounts().await.unwrap();
    fail_next(&venue, 429, 5, None).await;
    let accounts = within("accounts", rest.accounts()).await.expect("served after backing off");
    assert_eq!(accounts, expected, "the same accounts as without the fault");
    assert_eq!(faults(&venue).await, serde_json::Value::Null, "all five 429s were answered");
}

#[tokio::test(flavor = "multi_thread")]
async fn five_429s_in_a_row_are_waited_out_by_cbterm_accounts() {
    let venue = Venue::manual(82).await;
    let expected = cli(&venue, &["accounts", "--json"]).await;
    assert_eq!(expected.code, 0, "{expected:?}");
    fail_next(&venue, 429, 5, None).await;
    let output = cli(&venue, &["accounts", "--json"]).await;
    assert_eq!(output.code, 0, "{output:?}");
    let parse = |o: &Output| serde_json::from_str::<serde_json::Value>(&o.stdout).unwrap();
    assert_eq!(parse(&output), parse(&expected));
    assert_eq!(faults(&venue).await, serde_json::Value::Null, "all five 429s were answered");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_answered_429_is_reported_not_placed_and_sent_exactly_once() {
    let venue = Venue::manual(83).await;
    fail_next(&venue, 429, 5, Some("POST")).await;
    let args = common::limit_buy("0.001", "1000.00", &["--client-order-id", "rate-limited-1"]);
    let output = cli(&venue, &args).await;
    assert_eq!(output.code, 3, "rejected: {output:?}");
    assert!(output.stderr.contains("rate limited, not placed"), "{}", output.stderr);
    assert!(output.stderr.contains("rate-limited-1"), "names the client order id: {}", output.stderr);
    assert_eq!(venue.sim_orders().await, Vec::<serde_json::Value>::new(), "nothing was placed");
    let left = json!({"status": 429, "count": 4, "method": "POST"});
    assert_eq!(faults(&venue).await, left, "exactly one POST reached the server");

    let rest = venue.rest();
    let request = common::resting_buy("rate-limited-2");
    let error = within("create", rest.create_order(&request)).await.unwrap_err();
    assert!(matches!(error, ApiError::RateLimited { .. }), "{error:?}");
    assert!(!error.is_ambiguous(), "a 429 is a definitive no");
    let left = json!({"status": 429, "count": 3, "method": "POST"});
    assert_eq!(faults(&venue).await, left, "the client sent it once too");
    assert_eq!(venue.sim_orders().await, Vec::<serde_json::Value>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_skewed_server_clock_is_measured_and_signed_requests_succeed_without_a_restart() {
    let venue = Venue::manual(84).await;
    let rest = venue.rest();
    let expected = rest.accounts().await.unwrap();
    for secs in [30, -30, 150] {
        skew(&venue, secs).await;
        let accounts = within("accounts", rest.accounts()).await;
        assert_eq!(accounts.unwrap(), expected, "skew {secs} s: the same client, corrected");
        if secs != 30 {
            // +30 s after 0 stays inside the token's 120 s window: no 401, nothing to correct.
            assert_offset(rest.clock(), secs);
        }
        let fresh = venue.rest();
        assert_eq!(within("accounts", fresh.accounts()).await.unwrap(), expected, "skew {secs} s, new");
        if secs != 30 {
            assert_offset(fresh.clock(), secs);
        }
        let output = cli(&venue, &["accounts", "--json"]).await;
        assert_eq!(output.code, 0, "skew {secs} s, cbterm accounts: {output:?}");
    }
}

/// The measured offset is the server's skew, to within the second the server reports in.
fn assert_offset(clock: &Clock, secs: i64) {
    let measured = clock.measured_offset_ms().expect("measured");
    assert!((secs * 1000 - 1500..=secs * 1000 + 500).contains(&measured), "skew {secs} s: {measured} ms");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_user_subscription_succeeds_on_a_skewed_server_and_after_the_skew_changes() {
    let venue = Venue::manual(85).await;
    let rest = venue.rest();
    skew(&venue, 150).await;
    let (tx, mut rx) = mpsc::channel(256);
    let subscriptions = vec![Subscription { channel: Channel::User, product_ids: Vec::new() }];
    let config = FeedConfig {
        url: venue.sim.ws_url.clone(),
        subscriptions,
        creds: Some(venue.creds.clone()),
        clock: rest.clock().clone(),
        subscribes: std::sync::Arc::new(cbterm::coinbase::rest::limiter::Limiter::ws_subscribe()),
        ca: None,
    };
    let feed = tokio::spawn(run_feed(config, tx));
    connected(&mut rx, "skew +150 s").await;
    assert_offset(rest.clock(), 150);
    for secs in [-30, 30] {
        skew(&venue, secs).await;
        venue.admin_post("/ws/drop_all", json!({})).await;
        connected(&mut rx, &format!("skew {secs} s")).await;
        if secs == -30 {
            // +30 s after −30 s stays inside the token's window: no failure, nothing to correct.
            assert_offset(rest.clock(), secs);
        }
    }
    feed.abort();
}

/// Waits for `Connected`; the feed must not give up on the way.
async fn connected(rx: &mut mpsc::Receiver<FeedEvent>, what: &str) {
    let wait = async {
        loop {
            match rx.recv().await.expect("feed running") {
                FeedEvent::Connected => return,
                FeedEvent::Failed { reason } => panic!("{what}: the feed gave up: {reason}"),
                _ => {}
            }
        }
    };
    within(what, wait).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_401s_are_one_credentials_or_clock_error_with_the_measured_offset() {
    let venue = Venue::manual(86).await;
    skew(&venue, 30).await;
    let stranger = Arc::new(Credentials::generate_es256("organizations/test/apiKeys/unknown"));
    let rest = RestClient::new(venue.sim.api_url.clone(), Some(stranger.clone()), Clock::new()).unwrap();
    let error = within("accounts", rest.accounts()).await.unwrap_err();
    let ApiError::Unauthorized { offset_ms: Some(offset_ms), .. } = &error else {
        panic!("one credentials-or-clock error: {error:?}");
    };
    assert!((28_500..=30_500).contains(offset_ms), "{offset_ms}");
    let text = error.to_string();
    assert!(text.contains("credentials or clock"), "{text}");
    assert!(text.contains("s ahead of this machine's"), "{text}");

    let key_file = venue.dir.path().join("stranger.json");
    stranger.write_key_file(&key_file).unwrap();
    let args = ["accounts", "--api-url", venue.sim.api_url.as_str(), "--key-file"];
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    args.push(key_file.display().to_string());
    let output = within("cbterm accounts", common::run_binary(&args)).await;
    assert_ne!(output.code, 0, "{output:?}");
    assert_eq!(output.stderr.matches("credentials or clock").count(), 1, "one message: {}", output.stderr);
    assert!(output.stderr.contains("measured server clock: "), "{}", output.stderr);
    assert!(output.stderr.contains("s ahead of this machine's"), "{}", output.stderr);
    assert!(RETRY_BUDGET >= Duration::from_secs(10));
}
