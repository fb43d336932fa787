//! Flood mode (`POST /admin/flood`, for `cargo bench --bench e2e`): the asked rate is made and
//! every message reaches a subscriber once, in sequence, with books that stay valid and ticker
//! prices that are the reported markers; bad requests are refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use cbterm::book::OrderBook;
use cbterm::coinbase::ws::WsMessage;
use cbterm::sim::flood::FloodReport;
use cbterm::sim::{Catalogue, SimConfig};
use chrono::{TimeZone, Utc};
use common::Venue;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const RATE: u64 = 2_000;

async fn wide_venue() -> Venue {
    let start = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
    Venue::with(SimConfig { manual_from: Some(start), catalogue: Catalogue::Wide, ..SimConfig::default() })
        .await
}

async fn products(venue: &Venue) -> Vec<String> {
    let listed = venue.rest().products().await.unwrap();
    listed.into_iter().map(|p| p.product_id.0).collect()
}

async fn next_message(socket: &mut Socket) -> WsMessage {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next()).await.expect("a message");
        if let Message::Text(text) = frame.unwrap().unwrap() {
            return WsMessage::parse(&text).unwrap();
        }
    }
}

/// What a subscriber to every flooded channel saw.
#[derive(Default)]
struct Seen {
    books: BTreeMap<String, OrderBook>,
    updates: u64,
    tickers: Vec<(String, String)>,
    last_seq: Option<u64>,
}

impl Seen {
    fn take(&mut self, message: &WsMessage) {
        let seq = message.sequence_num().unwrap();
        assert_eq!(seq, self.last_seq.map_or(0, |s| s + 1), "no gaps");
        self.last_seq = Some(seq);
        match message {
            WsMessage::Level2(envelope) => {
                for event in &envelope.events {
                    let event = cbterm::coinbase::parse::book_event(event).unwrap();
                    let book = self.books.entry(event.product.0.clone()).or_default();
                    book.apply_event(&event);
                    assert!(!book.is_crossed(), "{} crossed", event.product);
                    self.updates += u64::from(event.kind == cbterm::domain::EventKind::Update);
                }
            }
            WsMessage::Ticker(envelope) => {
                for t in envelope.events.iter().filter(|e| e.kind == "update").flat_map(|e| &e.tickers) {
                    self.tickers.push((t.product_id.clone(), t.price.unwrap().to_string()));
                }
                self.updates += envelope.events.iter().filter(|e| e.kind == "update").count() as u64;
            }
            WsMessage::MarketTrades(envelope) => {
                self.updates += envelope.events.iter().filter(|e| e.kind == "update").count() as u64;
            }
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_sends_every_message_made_in_order_and_books_stay_valid() {
    let venue = wide_venue().await;
    let ids = products(&venue).await;
    assert_eq!(ids.len(), 10, "the wide catalogue lists ten products: {ids:?}");
    let (mut socket, _) = tokio_tungstenite::connect_async(venue.sim.ws_url.as_str()).await.unwrap();
    let mut seen = Seen::default();
    for channel in ["level2", "ticker", "market_trades"] {
        let request = serde_json::json!({"type": "subscribe", "channel": channel, "product_ids": ids});
        socket.send(Message::text(request.to_string())).await.unwrap();
        loop {
            let message = next_message(&mut socket).await;
            seen.take(&message);
            if matches!(message, WsMessage::Subscriptions(_)) {
                break;
            }
        }
    }
    venue.admin_post("/flood", serde_json::json!({"rate": RATE, "updates": 4})).await;
    let flooding = tokio::time::Instant::now();
    while flooding.elapsed() < Duration::from_millis(1_300) {
        seen.take(&next_message(&mut socket).await);
    }
    venue.admin_post("/flood", serde_json::json!({"rate": 0})).await;
    let mut report: FloodReport = serde_json::from_value(venue.admin_get("/flood").await).unwrap();
    assert!(!report.running);
    while seen.updates < report.made {
        seen.take(&next_message(&mut socket).await);
        report = serde_json::from_value(venue.admin_get("/flood").await).unwrap();
    }
    assert_eq!((seen.updates, report.sent), (report.made, report.made), "each made message sent once");
    let first = report.seconds.first().expect("a whole second");
    assert_eq!(first.made, RATE, "the asked rate: {first:?}");
    let markers: Vec<(String, String)> =
        report.markers.iter().map(|m| (m.product_id.0.clone(), m.price.clone())).collect();
    assert_eq!(seen.tickers, markers, "every ticker's price is its reported marker");
    assert!(seen.books.values().all(|b| b.len() >= 100), "every book keeps its levels");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_flood_request_is_refused_and_starts_nothing() {
    let venue = wide_venue().await;
    let url = format!("{}/flood", venue.sim.admin_url);
    let bodies = [
        serde_json::json!({"rate": 200_001}),
        serde_json::json!({"rate": 10, "updates": 0}),
        serde_json::json!({"rate": 10, "products": ["NOPE-USD"]}),
        serde_json::json!({"updates": 3}),
    ];
    for body in bodies {
        let response = reqwest::Client::new().post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
    }
    let report: FloodReport = serde_json::from_value(venue.admin_get("/flood").await).unwrap();
    assert_eq!(report, FloodReport::default());
}
