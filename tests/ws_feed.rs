//! The simulator's WebSocket protocol over a raw socket: heartbeats and `sequence_num`,
//! subscription acks, `user` authentication and snapshots, subscribe errors, the subscribe
//! deadline, and each market channel's snapshot and updates.
//!
//! Markets are manual (`Venue::manual`) and move only through `venue.step(n)`, taken after
//! the subscription ack. One test spends real time on purpose: the 5 s subscribe deadline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use cbterm::coinbase::jwt::ws_token;
use cbterm::coinbase::rest::RestClient;
use cbterm::coinbase::wire::CreateOrderRequest;
use cbterm::domain::*;
use common::Venue;
use futures_util::{SinkExt, StreamExt};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const WAIT: Duration = Duration::from_secs(5);

async fn connect(venue: &Venue) -> Socket {
    tokio_tungstenite::connect_async(venue.sim.ws_url.as_str()).await.unwrap().0
}

async fn send(socket: &mut Socket, request: Value) {
    socket.send(Message::text(request.to_string())).await.unwrap();
}

async fn subscribe(socket: &mut Socket, channel: &str, products: &[&str]) {
    send(socket, json!({"type": "subscribe", "channel": channel, "product_ids": products})).await;
}

/// The next text frame as JSON; panics on close or after 5 s.
async fn next(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(WAIT, socket.next()).await.expect("a message within 5 s");
        match frame.expect("socket open").expect("frame") {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Close(frame) => panic!("closed by the server: {frame:?}"),
            _ => {}
        }
    }
}

/// The next message of `channel`, skipping others (still checking their order).
async fn next_on(socket: &mut Socket, channel: &str) -> Value {
    loop {
        let message = next(socket).await;
        if message["channel"] == channel {
            return message;
        }
    }
}

/// Reads the subscriptions ack, checking that nothing else is pending before it, and returns
/// its `subscriptions` map.
async fn ack(socket: &mut Socket) -> Value {
    let message = next(socket).await;
    assert_eq!(message["channel"], "subscriptions", "expected the ack, got {message}");
    message["events"][0]["subscriptions"].clone()
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap_or_else(|| panic!("{v} is a string")).parse().unwrap()
}

fn seq(message: &Value) -> u64 {
    message["sequence_num"].as_u64().unwrap()
}

fn user_subscribe(jwt: Option<&str>) -> Value {
    let mut request = json!({"type": "subscribe", "channel": "user", "product_ids": []});
    if let Some(jwt) = jwt {
        request["jwt"] = json!(jwt);
    }
    request
}

fn fresh_jwt(venue: &Venue) -> String {
    ws_token(&venue.creds, chrono::Utc::now().timestamp()).unwrap()
}

async fn place(rest: &RestClient, request: &CreateOrderRequest) -> String {
    rest.create_order(request).await.unwrap().order_id
}

// ---------------------------------------------------------------- heartbeats and acks

#[tokio::test(flavor = "multi_thread")]
async fn heartbeats_tick_every_second_with_per_connection_sequence_numbers() {
    let venue = Venue::manual(21).await;
    let mut a = connect(&venue).await;
    let mut b = connect(&venue).await;
    subscribe(&mut a, "heartbeats", &[]).await;
    subscribe(&mut b, "heartbeats", &[]).await;
    for socket in [&mut a, &mut b] {
        let message = next(socket).await;
        assert_eq!(message["channel"], "subscriptions");
        assert_eq!(seq(&message), 0, "each connection starts at 0");
        assert_eq!(message["events"][0]["subscriptions"], json!({"heartbeats": []}));
    }
    let mut arrivals = Vec::new();
    for expected in 1..=3u64 {
        let message = next(&mut a).await;
        arrivals.push(Instant::now());
        assert_eq!(message["channel"], "heartbeats");
        assert_eq!(seq(&message), expected, "consecutive sequence numbers");
        assert_eq!(message["events"][0]["heartbeat_counter"], expected, "counter rises by one");
        assert!(message["events"][0]["current_time"].as_str().is_some_and(|t| t.ends_with("UTC")));
    }
    let spacing = arrivals[2] - arrivals[0];
    assert!(
        (Duration::from_millis(1500)..=Duration::from_millis(5000)).contains(&spacing),
        "two intervals of about a second: {spacing:?}"
    );
    for expected in 1..=3u64 {
        let message = next(&mut b).await;
        assert_eq!(
            (seq(&message), message["events"][0]["heartbeat_counter"].as_u64()),
            (expected, Some(expected))
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_subscribe_is_acknowledged_and_unsubscribe_removes_products() {
    let venue = Venue::manual(22).await;
    let mut socket = connect(&venue).await;
    subscribe(&mut socket, "level2", &["BTC-USD", "ETH-USD"]).await;
    for product in ["BTC-USD", "ETH-USD"] {
        let snapshot = next(&mut socket).await;
        assert_eq!(snapshot["channel"], "l2_data");
        assert_eq!(snapshot["events"][0]["product_id"], product);
    }
    assert_eq!(ack(&mut socket).await, json!({"level2": ["BTC-USD", "ETH-USD"]}));
    subscribe(&mut socket, "ticker", &["SOL-USD"]).await;
    assert_eq!(next(&mut socket).await["channel"], "ticker");
    assert_eq!(ack(&mut socket).await, json!({"level2": ["BTC-USD", "ETH-USD"], "ticker": ["SOL-USD"]}));

    send(&mut socket, json!({"type": "unsubscribe", "channel": "level2", "product_ids": ["ETH-USD"]})).await;
    assert_eq!(ack(&mut socket).await, json!({"level2": ["BTC-USD"], "ticker": ["SOL-USD"]}));
    send(&mut socket, json!({"type": "unsubscribe", "channel": "ticker", "product_ids": ["SOL-USD"]})).await;
    assert_eq!(ack(&mut socket).await, json!({"level2": ["BTC-USD"]}));

    // Only BTC-USD level2 flows now: every message until the book has moved is BTC-USD l2_data.
    venue.step(30).await;
    let mut updates = 0;
    while updates < 3 {
        let message = next(&mut socket).await;
        assert_eq!(message["channel"], "l2_data", "no ticker after unsubscribing: {message}");
        for event in message["events"].as_array().unwrap() {
            assert_eq!(event["product_id"], "BTC-USD", "no ETH-USD after unsubscribing");
        }
        updates += 1;
    }
}

// ---------------------------------------------------------------- user channel

#[tokio::test(flavor = "multi_thread")]
async fn user_needs_a_fresh_valid_jwt() {
    let venue = Venue::manual(23).await;
    let mut socket = connect(&venue).await;
    let failure = json!({"type": "error", "message": "authentication failure"});
    send(&mut socket, user_subscribe(None)).await;
    assert_eq!(next(&mut socket).await, failure, "no JWT");
    send(&mut socket, user_subscribe(Some("not.a.jwt"))).await;
    assert_eq!(next(&mut socket).await, failure, "garbage JWT");
    let other = cbterm::credentials::Credentials::generate_es256(venue.creds.name());
    let unregistered = ws_token(&other, chrono::Utc::now().timestamp()).unwrap();
    send(&mut socket, user_subscribe(Some(&unregistered))).await;
    assert_eq!(next(&mut socket).await, failure, "JWT signed with a key the venue does not know");

    let jwt = fresh_jwt(&venue);
    send(&mut socket, user_subscribe(Some(&jwt))).await;
    let snapshot = next(&mut socket).await;
    assert_eq!(snapshot["channel"], "user");
    assert_eq!(snapshot["events"][0]["type"], "snapshot");
    assert_eq!(snapshot["events"][0]["orders"], json!([]), "no orders: one empty snapshot ends it");
    assert!(ack(&mut socket).await.get("user").is_some());
    send(&mut socket, user_subscribe(Some(&jwt))).await;
    assert_eq!(next(&mut socket).await, failure, "a JWT is accepted once");
}

#[tokio::test(flavor = "multi_thread")]
async fn user_snapshot_comes_in_batches_of_50_then_cumulative_updates() {
    let venue = Venue::manual(24).await;
    let rest = venue.rest();
    let mut resting = BTreeSet::new();
    for i in 0..55 {
        resting.insert(place(&rest, &common::resting_buy(&format!("rest-{i}"))).await);
    }
    let mut socket = connect(&venue).await;
    send(&mut socket, user_subscribe(Some(&fresh_jwt(&venue)))).await;
    let mut seen = BTreeSet::new();
    for expected in [50, 5] {
        let message = next(&mut socket).await;
        assert_eq!(message["channel"], "user");
        let event = &message["events"][0];
        assert_eq!(event["type"], "snapshot");
        let orders = event["orders"].as_array().unwrap();
        assert_eq!(orders.len(), expected, "batches of 50; a shorter one ends the snapshot");
        for order in orders {
            assert_eq!(order["status"], "OPEN");
            assert_eq!(dec(&order["cumulative_quantity"]), Decimal::ZERO);
            assert_eq!(dec(&order["leaves_quantity"]), Decimal::ONE);
            seen.insert(order["order_id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(seen, resting, "the snapshot is every open order");
    assert!(ack(&mut socket).await.get("user").is_some());

    let id = place(&rest, &common::resting_buy("one-more")).await;
    let update = next_on(&mut socket, "user").await;
    let event = &update["events"][0];
    assert_eq!(event["type"], "update");
    let order = &event["orders"][0];
    assert_eq!((order["order_id"].as_str(), order["status"].as_str()), (Some(id.as_str()), Some("OPEN")));
    assert_eq!(
        (dec(&order["cumulative_quantity"]), dec(&order["leaves_quantity"])),
        (Decimal::ZERO, Decimal::ONE)
    );

    assert!(rest.cancel_orders(std::slice::from_ref(&id)).await.unwrap()[0].success);
    let update = next_on(&mut socket, "user").await;
    let order = &update["events"][0]["orders"][0];
    assert_eq!(
        (order["order_id"].as_str(), order["status"].as_str()),
        (Some(id.as_str()), Some("CANCELLED"))
    );
    assert_eq!(
        (dec(&order["cumulative_quantity"]), dec(&order["leaves_quantity"])),
        (Decimal::ZERO, Decimal::ZERO)
    );

    let half: Decimal = "0.5".parse().unwrap();
    let market = CreateOrderRequest {
        client_order_id: "taker".into(),
        product_id: ProductId::parse("SOL-USD").unwrap(),
        side: Side::Buy,
        order_configuration: OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(half) }),
    };
    let id = place(&rest, &market).await;
    let mut filled = Decimal::ZERO;
    loop {
        let update = next_on(&mut socket, "user").await;
        let Some(order) =
            update["events"][0]["orders"].as_array().unwrap().iter().find(|o| o["order_id"] == id)
        else {
            continue;
        };
        let cumulative = dec(&order["cumulative_quantity"]);
        assert!(cumulative >= filled, "cumulative never decreases");
        filled = cumulative;
        if order["status"] == "FILLED" {
            assert_eq!((filled, dec(&order["leaves_quantity"])), (half, Decimal::ZERO));
            assert!(dec(&order["avg_price"]) > Decimal::ZERO);
            break;
        }
    }
}

// ---------------------------------------------------------------- errors and the deadline

#[tokio::test(flavor = "multi_thread")]
async fn unknown_channel_or_product_fails_to_subscribe() {
    let venue = Venue::manual(25).await;
    let mut socket = connect(&venue).await;
    let failure = json!({"type": "error", "message": "failure to subscribe"});
    subscribe(&mut socket, "level3", &["BTC-USD"]).await;
    assert_eq!(next(&mut socket).await, failure, "unknown channel");
    subscribe(&mut socket, "level2", &["XYZ-USD"]).await;
    assert_eq!(next(&mut socket).await, failure, "unknown product");
    subscribe(&mut socket, "ticker", &["not a product"]).await;
    assert_eq!(next(&mut socket).await, failure, "malformed product");
    send(&mut socket, json!({"type": "subscribe"})).await;
    assert_eq!(next(&mut socket).await, failure, "no channel");
    subscribe(&mut socket, "ticker", &["BTC-USD", "XYZ-USD"]).await;
    assert_eq!(next(&mut socket).await, failure, "one unknown product fails the request");
    subscribe(&mut socket, "status", &[]).await;
    assert_eq!(next(&mut socket).await["channel"], "status", "the connection still works");
    assert_eq!(ack(&mut socket).await, json!({"status": []}), "nothing of the failed requests");
}

/// Real time: the behaviour under test is the 5 s deadline.
#[tokio::test(flavor = "multi_thread")]
async fn a_connection_without_subscribe_is_closed_after_5_seconds() {
    let venue = Venue::manual(26).await;
    // Subscribes then unsubscribes everything: the deadline is over once it has subscribed.
    let mut quiet = connect(&venue).await;
    subscribe(&mut quiet, "heartbeats", &[]).await;
    assert_eq!(ack(&mut quiet).await, json!({"heartbeats": []}));
    send(&mut quiet, json!({"type": "unsubscribe", "channel": "heartbeats", "product_ids": []})).await;
    assert_eq!(ack(&mut quiet).await, json!({}));

    let opened = Instant::now();
    let mut silent = connect(&venue).await;
    let closed = tokio::time::timeout(Duration::from_secs(12), async {
        loop {
            match silent.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(Message::Text(text))) => panic!("nothing is sent before a subscribe: {text}"),
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "closed by the server");
    let after = opened.elapsed();
    assert!(
        (Duration::from_millis(4500)..Duration::from_secs(11)).contains(&after),
        "closed after {after:?}"
    );

    // Its deadline passed before the silent one's: it is still open and served.
    subscribe(&mut quiet, "status", &[]).await;
    assert_eq!(next(&mut quiet).await["channel"], "status");
    assert_eq!(ack(&mut quiet).await, json!({"status": []}));
}

// ---------------------------------------------------------------- market channels

type Side2 = BTreeMap<Decimal, Decimal>;

fn sim_side(book: &Value, key: &str) -> Side2 {
    book[key].as_array().unwrap().iter().map(|l| (dec(&l["price"]), dec(&l["size"]))).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn level2_snapshot_then_absolute_updates_rebuild_the_book() {
    let venue = Venue::manual(27).await;
    let mut socket = connect(&venue).await;
    subscribe(&mut socket, "level2", &["BTC-USD"]).await;
    let snapshot = next(&mut socket).await;
    assert_eq!(snapshot["channel"], "l2_data");
    let event = &snapshot["events"][0];
    assert_eq!((event["type"].as_str(), event["product_id"].as_str()), (Some("snapshot"), Some("BTC-USD")));
    let levels = event["updates"].as_array().unwrap();
    let prices = |side: &str| -> Vec<Decimal> {
        levels.iter().filter(|u| u["side"] == side).map(|u| dec(&u["price_level"])).collect()
    };
    let (bids, offers) = (prices("bid"), prices("offer"));
    assert!(bids.len() >= 50 && offers.len() >= 50, "{} bids, {} offers", bids.len(), offers.len());
    assert!(bids.windows(2).all(|w| w[0] > w[1]), "bids best first");
    assert!(offers.windows(2).all(|w| w[0] < w[1]), "offers best first");
    assert!(bids[0] < offers[0], "not crossed");
    assert!(levels.iter().all(|u| dec(&u["new_quantity"]) > Decimal::ZERO));
    assert_eq!(ack(&mut socket).await, json!({"level2": ["BTC-USD"]}));

    let mut book: [Side2; 2] = [Side2::new(), Side2::new()];
    let apply = |book: &mut [Side2; 2], u: &Value| {
        let side = usize::from(u["side"] == "offer");
        let (price, size) = (dec(&u["price_level"]), dec(&u["new_quantity"]));
        if size.is_zero() {
            book[side].remove(&price);
        } else {
            book[side].insert(price, size);
        }
    };
    levels.iter().for_each(|u| apply(&mut book, u));
    let sim = venue.admin_get("/book?product_id=BTC-USD").await;
    assert_eq!(book, [sim_side(&sim, "bids"), sim_side(&sim, "asks")], "the snapshot is the whole book");

    venue.step(40).await;
    let sim = venue.admin_get("/book?product_id=BTC-USD").await;
    let target = [sim_side(&sim, "bids"), sim_side(&sim, "asks")];
    let (mut removals, mut last) = (0, seq(&snapshot));
    while book != target {
        let message = next_on(&mut socket, "l2_data").await;
        assert!(seq(&message) > last);
        last = seq(&message);
        for event in message["events"].as_array().unwrap() {
            assert_eq!(event["type"], "update");
            for u in event["updates"].as_array().unwrap() {
                assert!(u["event_time"].is_string(), "updates carry their time: {u}");
                if u["new_quantity"] == "0" {
                    removals += 1;
                }
                apply(&mut book, u);
            }
        }
    }
    assert!(removals > 0, "40 steps remove some level, sent as new_quantity \"0\"");
}

#[tokio::test(flavor = "multi_thread")]
async fn market_trades_snapshot_then_updates() {
    let venue = Venue::manual(28).await;
    let mut socket = connect(&venue).await;
    subscribe(&mut socket, "market_trades", &["BTC-USD"]).await;
    let snapshot = next(&mut socket).await;
    assert_eq!(snapshot["channel"], "market_trades");
    assert_eq!(snapshot["events"][0]["type"], "snapshot");
    assert!(snapshot["events"][0]["trades"].is_array());
    assert_eq!(ack(&mut socket).await, json!({"market_trades": ["BTC-USD"]}));

    venue.step(40).await;
    // A later subscriber's snapshot: the 50 most recent trades, newest first.
    let mut late = connect(&venue).await;
    subscribe(&mut late, "market_trades", &["BTC-USD"]).await;
    let snapshot = next(&mut late).await;
    let recent: Vec<Value> = snapshot["events"][0]["trades"].as_array().unwrap().clone();
    assert!(!recent.is_empty() && recent.len() <= 50, "{} trades", recent.len());
    let newest = recent[0]["trade_id"].clone();

    // The first subscriber gets the same trades as updates, oldest first.
    let mut updates: Vec<Value> = Vec::new();
    while updates.last().is_none_or(|t| t["trade_id"] != newest) {
        let update = next_on(&mut socket, "market_trades").await;
        let event = &update["events"][0];
        assert_eq!(event["type"], "update");
        let trades = event["trades"].as_array().unwrap();
        assert!(!trades.is_empty(), "no empty updates");
        for trade in trades {
            assert_eq!(trade["product_id"], "BTC-USD");
            assert!(dec(&trade["price"]) > Decimal::ZERO && dec(&trade["size"]) > Decimal::ZERO);
            assert!(trade["side"] == "BUY" || trade["side"] == "SELL", "{trade}");
            assert!(trade["trade_id"].as_str().is_some_and(|t| !t.is_empty()));
        }
        updates.extend(trades.iter().cloned());
    }
    let tail: Vec<&Value> = updates.iter().rev().take(recent.len()).collect();
    assert_eq!(tail, recent.iter().collect::<Vec<_>>(), "snapshot = the latest updates, newest first");
}

#[tokio::test(flavor = "multi_thread")]
async fn ticker_snapshot_has_the_best_bid_and_ask() {
    let venue = Venue::manual(29).await;
    let mut socket = connect(&venue).await;
    subscribe(&mut socket, "ticker", &["BTC-USD"]).await;
    let snapshot = next(&mut socket).await;
    assert_eq!(snapshot["channel"], "ticker");
    let event = &snapshot["events"][0];
    assert_eq!(event["type"], "snapshot");
    let ticker = &event["tickers"][0];
    assert_eq!(ticker["product_id"], "BTC-USD");
    let sim = venue.admin_get("/book?product_id=BTC-USD").await;
    assert_eq!(dec(&ticker["best_bid"]), dec(&sim["bids"][0]["price"]));
    assert_eq!(dec(&ticker["best_bid_quantity"]), dec(&sim["bids"][0]["size"]));
    assert_eq!(dec(&ticker["best_ask"]), dec(&sim["asks"][0]["price"]));
    assert_eq!(dec(&ticker["best_ask_quantity"]), dec(&sim["asks"][0]["size"]));
    assert!(dec(&ticker["price"]) > Decimal::ZERO);
    assert_eq!(ack(&mut socket).await, json!({"ticker": ["BTC-USD"]}));
}

#[tokio::test(flavor = "multi_thread")]
async fn candles_snapshot_has_the_current_candle() {
    let venue = Venue::manual(30).await;
    let mut socket = connect(&venue).await;
    subscribe(&mut socket, "candles", &["ETH-USD"]).await;
    let snapshot = next(&mut socket).await;
    assert_eq!(snapshot["channel"], "candles");
    let event = &snapshot["events"][0];
    assert_eq!(event["type"], "snapshot");
    let candles = event["candles"].as_array().unwrap();
    assert_eq!(candles.len(), 1, "{candles:?}");
    let candle = &candles[0];
    assert_eq!(candle["product_id"], "ETH-USD");
    let (low, high) = (dec(&candle["low"]), dec(&candle["high"]));
    for field in ["open", "close"] {
        let value = dec(&candle[field]);
        assert!(low <= value && value <= high, "{field} within low..high: {candle}");
    }
    assert!(candle["start"].as_str().is_some_and(|s| s.parse::<i64>().is_ok()), "{candle}");
    assert_eq!(ack(&mut socket).await, json!({"candles": ["ETH-USD"]}));
}

#[tokio::test(flavor = "multi_thread")]
async fn status_lists_the_four_products() {
    let venue = Venue::manual(31).await;
    let mut socket = connect(&venue).await;
    subscribe(&mut socket, "status", &[]).await;
    let snapshot = next(&mut socket).await;
    assert_eq!(snapshot["channel"], "status");
    let event = &snapshot["events"][0];
    assert_eq!(event["type"], "snapshot");
    let products = event["products"].as_array().unwrap();
    let ids: BTreeSet<&str> = products.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, BTreeSet::from(["BTC-USD", "DOGE-USD", "ETH-USD", "SOL-USD"]));
    assert!(products.iter().all(|p| p["status"] == "online"));
    assert_eq!(ack(&mut socket).await, json!({"status": []}));
}
