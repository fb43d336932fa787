//! `--record` against the simulator, headless: the dashboard's own feed sinks
//! (`runtime::feeds::into_model`, with the recorder's frame tap) and REST executor
//! (`execute_recorded`) run with a recorder, their messages are applied to a live `Model`, and
//! the recording read back, converted and applied to a second `Model` gives the same books,
//! trades and tickers. The authenticated user feed and an order are recorded too, and the file
//! holds no JWT or key material.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::{Effect, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::rest::limiter::Limiter;
use cbterm::coinbase::ws::{Channel, FeedConfig, FeedControl, Subscription, run_feed_with};
use cbterm::domain::{
    ClientOrderIds, FeedEvent, LimitGtc, MarketEvent, NewOrder, OrderConfig, ProductId, Side,
};
use cbterm::journal::Journal;
use cbterm::runtime::execute_recorded;
use cbterm::runtime::feeds::into_model;
use cbterm::runtime::record::{Limits, Recorder, Replayed, convert, part_path};
use common::Venue;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const PRODUCTS: [&str; 2] = ["BTC-USD", "ETH-USD"];
/// Level2 and trade messages to receive before stopping.
const MESSAGES: usize = 60;
/// Longest wait for them.
const DEADLINE: Duration = Duration::from_secs(30);

fn ids() -> Vec<ProductId> {
    PRODUCTS.iter().map(|p| ProductId::parse(p).unwrap()).collect()
}

fn model() -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().unwrap(),
        watch: ids(),
        has_credentials: true,
        now: Instant::now(),
        wall: chrono::Utc::now(),
        ids: ClientOrderIds::seeded(1),
    })
}

/// A feed like the dashboard's, delivering into `tx` through the recorder.
fn feed(venue: &Venue, kind: FeedKind, tx: &mpsc::Sender<Msg>, recorder: &Recorder) -> JoinHandle<()> {
    let (channels, creds) = match kind {
        FeedKind::Market => {
            (vec![Channel::Ticker, Channel::Level2, Channel::MarketTrades, Channel::Candles], None)
        }
        FeedKind::User => (vec![Channel::User], Some(venue.creds.clone())),
    };
    let product_ids = if kind == FeedKind::Market { ids() } else { vec![] };
    let subscriptions = channels
        .into_iter()
        .map(|channel| Subscription { channel, product_ids: product_ids.clone() })
        .collect();
    let config = FeedConfig {
        url: venue.sim.ws_url.clone(),
        subscriptions,
        creds,
        clock: Clock::new(),
        subscribes: std::sync::Arc::new(Limiter::ws_subscribe()),
        ca: None,
    };
    let (_no_commands, rx) = mpsc::channel(1);
    let control =
        FeedControl { commands: rx, initial_delay: Duration::ZERO, backoff_cap: Duration::from_millis(500) };
    tokio::spawn(run_feed_with(config, into_model(tx.clone(), kind, Some(recorder.clone())), control))
}

fn is_book_or_trades(msg: &Msg) -> bool {
    let Msg::Feed { event: FeedEvent::Market(events), .. } = msg else { return false };
    events.iter().any(|e| matches!(e, MarketEvent::Book(_) | MarketEvent::Trades { .. }))
}

/// What must be equal: every product's book (levels, validity, snapshot count), trades tape
/// and ticker values.
fn market_view(model: &Model) -> Vec<String> {
    ids()
        .iter()
        .map(|p| {
            let m = &model.markets[p];
            format!(
                "{p}: book {:?} {:?} {} | trades {:?} | last {:?} bid {:?} ask {:?} spark {:?}",
                m.book.book,
                m.book.invalid,
                m.book.snapshots,
                m.trades,
                m.last,
                m.best_bid,
                m.best_ask,
                m.spark
            )
        })
        .collect()
}

fn resting_buy() -> NewOrder {
    let config = OrderConfig::LimitGtc(LimitGtc {
        base_size: "0.01".parse().unwrap(),
        limit_price: "1000.00".parse().unwrap(),
        post_only: false,
    });
    NewOrder { client_order_id: "rec-1".into(), product_id: ids()[0].clone(), side: Side::Buy, config }
}

/// Every byte of the recording, decompressed, across its files.
fn whole_text(path: &Path) -> String {
    let mut text = String::new();
    let mut n = 0;
    while part_path(path, n).exists() {
        let file = std::fs::File::open(part_path(path, n)).unwrap();
        zstd::stream::read::Decoder::new(file).unwrap().read_to_string(&mut text).unwrap();
        n += 1;
    }
    text
}

/// Runs the recorded session: products loaded, both feeds until [`MESSAGES`] book/trade
/// messages arrived, an order placed. Returns the live model.
async fn record_session(venue: &Venue, recorder: &Recorder) -> Model {
    let mut live = model();
    let rest = venue.rest();
    let journal = Journal::in_memory("record-test").unwrap();
    let products = execute_recorded(&rest, Some(&journal), Some(recorder), Effect::LoadProducts).await;
    live.update(products.expect("products"));
    let (tx, mut rx) = mpsc::channel(4096);
    let feeds = [feed(venue, FeedKind::Market, &tx, recorder), feed(venue, FeedKind::User, &tx, recorder)];
    let deadline = tokio::time::Instant::now() + DEADLINE;
    let (mut seen, mut placed) = (0, false);
    while seen < MESSAGES {
        let msg =
            tokio::time::timeout_at(deadline, rx.recv()).await.expect("market messages in time").unwrap();
        seen += usize::from(is_book_or_trades(&msg));
        live.update(msg);
        if seen >= MESSAGES / 2 && !placed {
            placed = true;
            let effect = Effect::PlaceOrder(resting_buy());
            let answer = execute_recorded(&rest, Some(&journal), Some(recorder), effect).await.unwrap();
            let Msg::OrderAccepted { order_id, .. } = answer else { panic!("{answer:?}") };
            let cancel = Effect::CancelOrders { order_ids: vec![order_id] };
            let answer = execute_recorded(&rest, Some(&journal), Some(recorder), cancel).await.unwrap();
            assert!(matches!(answer, Msg::CancelsAnswered(_)), "{answer:?}");
        }
    }
    for task in feeds {
        task.abort();
        let _ = task.await;
    }
    drop(tx);
    while let Ok(msg) = rx.try_recv() {
        live.update(msg);
    }
    live
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_session_rebuilds_the_same_books_and_holds_no_secrets() {
    let venue = Venue::live().await;
    let path = venue.dir.path().join("session.rec");
    let recorder = Recorder::create(&path, Limits::DEFAULT).unwrap().redacting(Some(venue.creds.name()));
    let live = record_session(&venue, &recorder).await;
    recorder.finish().unwrap();
    assert_eq!(recorder.dropped(), 0);

    let mut replayed = model();
    let mut orders = Vec::new();
    let reader = cbterm::runtime::record::RecordReader::open(&path).unwrap();
    for line in reader {
        match convert(&line.unwrap(), Instant::now()).expect("every line converts") {
            Replayed::Model(msgs) => msgs.into_iter().for_each(|m| drop(replayed.update(m))),
            Replayed::Order(order) => orders.push(order.description),
        }
    }
    assert_eq!(market_view(&replayed), market_view(&live));
    assert!(
        live.markets[&ids()[0]].book.snapshots >= 1 && !live.markets[&ids()[0]].book.book.bids(1).is_empty()
    );
    assert_eq!(orders.len(), 4, "{orders:?}");
    assert_eq!(orders[0], "place BUY BTC-USD (client order id rec-1)");
    let order_id = orders[1].strip_prefix("place rec-1 accepted: order id ").expect("the place answer");
    assert_eq!(
        orders[2..],
        [format!("cancel 1 order(s): {order_id}"), format!("cancel accepted: {order_id}: ok")]
    );

    let text = whole_text(&path);
    assert!(text.contains(r#""ws":"user""#), "the authenticated user feed is recorded");
    let lower = text.to_lowercase();
    for secret in ["jwt", "bearer", "eyj", "private", "apikeys", venue.creds.name()] {
        let at = lower.find(&secret.to_lowercase());
        assert!(at.is_none(), "the recording holds {secret:?}: {}", &text[at.unwrap().saturating_sub(300)..]);
    }
}
