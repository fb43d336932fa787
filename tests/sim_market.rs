//! The market feed: a level2 stream rebuilds the simulator's own book, and one seed gives one
//! market.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use cbterm::book::OrderBook;
use cbterm::coinbase::wire::PriceBook;
use cbterm::coinbase::ws::WsMessage;
use common::Venue;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn subscribe(venue: &Venue, channels: &[&str], products: &[&str]) -> Socket {
    let (mut socket, _) = tokio_tungstenite::connect_async(venue.sim.ws_url.as_str()).await.unwrap();
    for channel in channels {
        let request = serde_json::json!({"type": "subscribe", "channel": channel, "product_ids": products});
        socket.send(Message::text(request.to_string())).await.unwrap();
    }
    socket
}

async fn next_text(socket: &mut Socket) -> String {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s");
        if let Message::Text(text) = frame.unwrap().unwrap() {
            return text.to_string();
        }
    }
}

fn apply(books: &mut std::collections::BTreeMap<String, OrderBook>, message: &WsMessage) {
    let WsMessage::Level2(envelope) = message else { return };
    for event in &envelope.events {
        let event = cbterm::coinbase::parse::book_event(event).expect("snapshot or update");
        books.entry(event.product.0.clone()).or_default().apply_event(&event);
    }
}

fn same_as_sim(book: &OrderBook, sim: &PriceBook) -> bool {
    let ours_bids: Vec<_> = book.bids(usize::MAX).into_iter().collect();
    let ours_asks: Vec<_> = book.asks(usize::MAX).into_iter().collect();
    let theirs_bids: Vec<_> = sim.bids.iter().map(|l| (l.price, l.size)).collect();
    let theirs_asks: Vec<_> = sim.asks.iter().map(|l| (l.price, l.size)).collect();
    ours_bids == theirs_bids && ours_asks == theirs_asks
}

#[tokio::test(flavor = "multi_thread")]
async fn level2_stream_rebuilds_the_simulators_book() {
    let venue = Venue::manual(11).await;
    let mut socket = subscribe(&venue, &["level2"], &["BTC-USD"]).await;
    let mut books = std::collections::BTreeMap::new();
    let mut last_seq = None;
    for round in 0..5 {
        venue.step(40).await;
        let sim: PriceBook =
            serde_json::from_value(venue.admin_get("/book?product_id=BTC-USD").await).unwrap();
        while !books.get("BTC-USD").is_some_and(|b| same_as_sim(b, &sim)) {
            let message = WsMessage::parse(&next_text(&mut socket).await).unwrap();
            let seq = message.sequence_num();
            if let (Some(prev), Some(seq)) = (last_seq, seq) {
                assert_eq!(seq, prev + 1, "no gaps on loopback");
            }
            last_seq = seq;
            apply(&mut books, &message);
        }
        let sent = venue.admin_get("/connections").await;
        let sent = sent.as_object().unwrap().values().next().unwrap().as_u64();
        assert_eq!(sent, last_seq, "round {round}: equal at the sequence number the simulator sent last");
        let book = &books["BTC-USD"];
        assert!(book.len() >= 100, "round {round}: at least 50 levels a side");
        assert!(!book.is_crossed());
    }
}

async fn first_messages(seed: u64, count: usize) -> Vec<String> {
    let venue = Venue::manual(seed).await;
    let channels = ["level2", "ticker", "market_trades"];
    let mut socket = subscribe(&venue, &channels, &["BTC-USD", "ETH-USD"]).await;
    let mut out = Vec::with_capacity(count);
    let mut acks = 0;
    while acks < channels.len() {
        let text = next_text(&mut socket).await;
        acks += usize::from(WsMessage::parse(&text).unwrap().channel() == "subscriptions");
        out.push(text);
    }
    while out.len() < count {
        venue.step(5).await;
        let target = venue.admin_get("/connections").await;
        let target = target.as_object().unwrap().values().next().unwrap().as_u64().unwrap();
        loop {
            let text = next_text(&mut socket).await;
            let seq = WsMessage::parse(&text).unwrap().sequence_num();
            out.push(text);
            if seq >= Some(target) {
                break;
            }
        }
    }
    out.truncate(count);
    venue.sim.shutdown();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn same_seed_gives_the_same_first_thousand_messages() {
    let a = first_messages(42, 1000).await;
    let b = first_messages(42, 1000).await;
    assert_eq!(a.len(), 1000);
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "message {i} differs");
    }
    let c = first_messages(43, 50).await;
    assert_ne!(a[..50], c[..], "another seed gives another market");
}

/// The simulator's candles endpoint answers every interval the chart offers with whole,
/// aligned buckets, as many as asked for.
#[tokio::test]
async fn the_simulator_has_candles_of_every_chart_interval() {
    let venue = Venue::live().await;
    let btc = cbterm::domain::ProductId("BTC-USD".into());
    let end = chrono::Utc::now().timestamp();
    for granularity in cbterm::app::model::CHART_GRANULARITIES {
        let g = granularity.seconds();
        let candles = venue.rest().candles(&btc, end - 50 * g, end, granularity).await.unwrap();
        let candles = cbterm::coinbase::parse::candles(&candles);
        assert!((50..=51).contains(&candles.len()), "{granularity:?}: {} candles", candles.len());
        assert!(candles.iter().all(|c| c.start % g == 0 && c.low <= c.open.min(c.close)), "{granularity:?}");
    }
}

/// `POST /admin/product_status` changes how `GET /products` reports one product, and the
/// client reads it as that listing; an unknown status or product is refused.
#[tokio::test]
async fn the_product_status_route_delists_one_product() {
    use cbterm::coinbase::parse;
    use cbterm::domain::Listing;
    let venue = Venue::live().await;
    let listings = |products: &[cbterm::domain::Product]| -> Vec<(String, Listing)> {
        products.iter().map(|p| (p.id().to_string(), p.listing)).collect()
    };
    let before = parse::products(&venue.rest().products().await.unwrap());
    assert!(before.iter().all(|p| p.listing == Listing::Online), "{:?}", listings(&before));
    let answer = venue
        .admin_post("/product_status", serde_json::json!({"product_id": "ETH-USD", "status": "delisted"}))
        .await;
    assert_eq!(answer, serde_json::json!({"product_id": "ETH-USD", "status": "delisted"}));
    venue
        .admin_post("/product_status", serde_json::json!({"product_id": "SOL-USD", "status": "disabled"}))
        .await;
    let wire = venue.rest().products().await.unwrap();
    let eth = wire.iter().find(|p| p.product_id.as_str() == "ETH-USD").unwrap();
    assert_eq!((eth.status.as_str(), eth.is_disabled), ("delisted", false));
    let expected: Vec<(String, Listing)> = before
        .iter()
        .map(|p| {
            let listing = match p.id().as_str() {
                "ETH-USD" => Listing::Delisted,
                "SOL-USD" => Listing::Disabled,
                _ => Listing::Online,
            };
            (p.id().to_string(), listing)
        })
        .collect();
    assert_eq!(listings(&parse::products(&wire)), expected);

    let url = format!("{}/product_status", venue.sim.admin_url);
    for body in [
        serde_json::json!({"product_id": "ETH-USD", "status": "gone"}),
        serde_json::json!({"product_id": "FOO-USD", "status": "offline"}),
    ] {
        let response = reqwest::Client::new().post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST, "{body}");
    }
    assert_eq!(listings(&parse::products(&venue.rest().products().await.unwrap())), expected, "unchanged");
}
