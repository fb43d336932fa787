//! Issue 13's must-show: record a demo run, replay it, and the replayed books and trades equal
//! the recorded session's at every checkpoint.
//!
//! Recording: the market feed task (`run_feed_with`, subscribed like the dashboard's market
//! feed) against a manual simulator, delivering through the dashboard's own sink with the
//! [`Recorder`] attached (`runtime::feeds::into_model`: every frame's text through the tap,
//! every connection state as it is queued, then parsed into the model's messages), applied
//! to a pure `Model`. Replay: the file through `cbterm replay`'s own source (`runtime::replay::start`,
//! its reader thread, converter, player and executor) at a speed of 10⁹, into a fresh model.
//! A checkpoint, taken after every 50th market message on both sides, is every product's
//! whole book (levels and validity) and its whole trades list.
//!
//! Synchronisation: the market moves only through `/admin/step`; after each chunk the test
//! pumps the client until its books equal the simulator's (`/admin/book`). The recording
//! holds exactly what the live model got: a frame is recorded in the same poll that queues it
//! (the queue never fills here), and after the feed is stopped its queue is drained into the
//! model. The replay is read until it reports itself finished. Every wait has a deadline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::model::ReplayProgress;
use cbterm::app::model::book_state::Invalid;
use cbterm::app::{FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::book::OrderBook;
use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::ws::{Channel, FeedConfig, FeedControl, Subscription, run_feed_with};
use cbterm::domain::{ClientOrderIds, ProductId, Trade};
use cbterm::runtime::Preferences;
use cbterm::runtime::feeds::into_model;
use cbterm::runtime::record::{Limits, Recorder};
use cbterm::runtime::replay::{self, Plan, ReplayConfig, Source};
use common::Venue;
use tokio::sync::mpsc;

const PRODUCTS: [&str; 2] = ["BTC-USD", "ETH-USD"];
/// Market messages between checkpoints.
const EVERY: u64 = 50;
/// Market steps per `/admin/step` call, and how many calls.
const STEP_CHUNK: u64 = 100;
const CHUNKS: u64 = 10;
/// The model's queue (as the dashboard's).
const QUEUE: usize = 4096;
/// Longest wait for the client or the replay.
const DEADLINE: Duration = Duration::from_secs(20);

fn ids() -> Vec<ProductId> {
    PRODUCTS.iter().map(|p| ProductId::parse(p).unwrap()).collect()
}

/// One product at a checkpoint: its whole book, whether it is valid, its trades.
type ProductState = (ProductId, OrderBook, Option<Invalid>, Vec<Trade>);

/// A model fed messages, taking a checkpoint after every [`EVERY`]th market message.
struct Session {
    model: Model,
    market_messages: u64,
    checkpoints: Vec<Vec<ProductState>>,
}

impl Session {
    fn new(model: Model) -> Self {
        Self { model, market_messages: 0, checkpoints: Vec::new() }
    }

    fn apply(&mut self, msg: Msg) -> Vec<cbterm::app::Effect> {
        let market = matches!(
            &msg,
            Msg::Feed { feed: FeedKind::Market, event: cbterm::domain::FeedEvent::Market(_), .. }
        );
        let effects = self.model.update(msg);
        if market {
            self.market_messages += 1;
            if self.market_messages.is_multiple_of(EVERY) {
                self.checkpoints.push(self.state());
            }
        }
        effects
    }

    /// The model's valid book of `product` as (bids, asks); empty while invalid.
    fn levels(&self, product: &ProductId) -> (Levels, Levels) {
        let book = &self.model.markets[product].book;
        if book.invalid.is_some() {
            return (Vec::new(), Vec::new());
        }
        (book.book.bids(usize::MAX), book.book.asks(usize::MAX))
    }

    fn state(&self) -> Vec<ProductState> {
        ids()
            .into_iter()
            .map(|p| {
                let m = &self.model.markets[&p];
                (p, m.book.book.clone(), m.book.invalid, m.trades.iter().cloned().collect())
            })
            .collect()
    }
}

fn live_model() -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().unwrap(),
        watch: ids(),
        has_credentials: false,
        now: Instant::now(),
        wall: chrono::Utc::now(),
        ids: ClientOrderIds::seeded(1),
    })
}

type Levels = Vec<(rust_decimal::Decimal, rust_decimal::Decimal)>;

/// The simulator's full book of `product`: (bids, asks), best first.
async fn sim_book(venue: &Venue, product: &ProductId) -> (Levels, Levels) {
    let book = venue.admin_get(&format!("/book?product_id={product}")).await;
    let side = |name: &str| -> Levels {
        let level = |l: &serde_json::Value| {
            (l["price"].as_str().unwrap().parse().unwrap(), l["size"].as_str().unwrap().parse().unwrap())
        };
        book[name].as_array().unwrap().iter().map(level).collect()
    };
    (side("bids"), side("asks"))
}

/// Records a demo run of `CHUNKS × STEP_CHUNK` market steps at `path`; the live session.
async fn record(venue: &Venue, path: &std::path::Path) -> Session {
    let recorder = Recorder::create(path, Limits::DEFAULT).unwrap();
    let subscriptions = [Channel::Ticker, Channel::Level2, Channel::MarketTrades, Channel::Candles]
        .into_iter()
        .map(|channel| Subscription { channel, product_ids: ids() })
        .collect();
    let config = FeedConfig {
        url: venue.sim.ws_url.clone(),
        subscriptions,
        creds: None,
        clock: Clock::new(),
        subscribes: Arc::new(cbterm::coinbase::rest::limiter::Limiter::ws_subscribe()),
        ca: None,
    };
    let (tx, events) = mpsc::channel(QUEUE);
    let (_commands, command_rx) = mpsc::channel(8);
    let control = FeedControl { commands: command_rx, initial_delay: Duration::ZERO, backoff_cap: DEADLINE };
    let sink = into_model(tx, FeedKind::Market, Some(recorder.clone()));
    let feed = tokio::spawn(run_feed_with(config, sink, control));
    let mut live = Live { session: Session::new(live_model()), events };
    for chunk in 0..=CHUNKS {
        if chunk > 0 {
            venue.step(STEP_CHUNK).await;
        }
        let mut books = Vec::new();
        for product in ids() {
            books.push((product.clone(), sim_book(venue, &product).await));
        }
        live.pump(|s| books.iter().all(|(p, book)| s.levels(p) == *book)).await;
    }
    feed.abort();
    let _ = feed.await;
    while let Ok(msg) = live.events.try_recv() {
        live.session.apply(msg);
    }
    recorder.finish().unwrap();
    live.session
}

/// The live side: the dashboard's feed messages, applied to the model.
struct Live {
    session: Session,
    events: mpsc::Receiver<Msg>,
}

impl Live {
    /// Applies messages until `done` holds (deadline [`DEADLINE`]).
    async fn pump(&mut self, done: impl Fn(&Session) -> bool) {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        while !done(&self.session) {
            let msg =
                tokio::time::timeout_at(deadline, self.events.recv()).await.expect("feed message").unwrap();
            self.session.apply(msg);
        }
    }
}

/// Replays `path` through `cbterm replay`'s source into a fresh model, to its end.
async fn replay(path: &std::path::Path) -> Session {
    let (span, lines) = replay::open(path).unwrap();
    let config = ReplayConfig {
        source: Source { lines, plan: Plan { span, from: span.0, speed: 1e9 } },
        keymap: Keymap::builtin().unwrap(),
        products: ids(),
        preferences: Preferences::default(),
        paper: None,
    };
    let (model, mut executor, mut rx) = replay::start(config);
    let mut replayed = Session::new(model);
    loop {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        let msg = tokio::time::timeout_at(deadline, rx.recv()).await.expect("replay message").unwrap();
        if let Msg::ReplayProgress(ReplayProgress { finished: true, problem, .. }) = &msg {
            assert_eq!(problem, &None);
            break;
        }
        let effects = replayed.apply(msg);
        executor.perform(effects);
    }
    replayed
}

#[tokio::test(flavor = "multi_thread")]
async fn replayed_books_and_trades_equal_the_recorded_sessions_at_every_checkpoint() {
    let venue = Venue::manual(7).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.zst");
    let live = record(&venue, &path).await;
    let replayed = replay(&path).await;
    eprintln!("checkpoints {} market messages {}", live.checkpoints.len(), live.market_messages);
    assert!(live.checkpoints.len() >= 20, "a real session: {} checkpoints", live.checkpoints.len());
    assert!(
        live.checkpoints.iter().any(|c| c.iter().all(|(_, book, invalid, trades)| {
            invalid.is_none() && !book.is_empty() && !trades.is_empty()
        })),
        "the checkpoints hold books and trades"
    );
    assert_eq!(replayed.market_messages, live.market_messages, "every market message was recorded");
    for (i, (recorded, replayed)) in live.checkpoints.iter().zip(&replayed.checkpoints).enumerate() {
        assert!(
            recorded == replayed,
            "checkpoint {i} (after {} market messages) differs",
            (i as u64 + 1) * EVERY
        );
    }
    assert_eq!(replayed.checkpoints.len(), live.checkpoints.len());
    assert_eq!(replayed.state(), live.state(), "the last state");
}
