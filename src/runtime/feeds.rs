//! The two WebSocket feed tasks, each delivering into the model's queue.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::DashboardConfig;
use crate::app::{FeedKind, Msg};
use crate::coinbase::jwt::Clock;
use crate::coinbase::parse;
use crate::coinbase::rest::limiter::Limiter;
use crate::coinbase::ws::{
    BACKOFF_CAP, Channel, FeedCommand, FeedConfig, FeedControl, FeedSink, MIN_ATTEMPT_GAP, Subscription,
    run_feed_with,
};
use crate::credentials::Credentials;
use crate::domain::ProductId;
use crate::runtime::record::Recorder;

/// Queue of commands for a feed's live connection.
const COMMAND_QUEUE: usize = 64;

/// One running feed: its tasks, its command queue and when it was started.
#[derive(Default)]
struct Running {
    tasks: Vec<JoinHandle<()>>,
    commands: Option<mpsc::Sender<FeedCommand>>,
    started: Option<Instant>,
}

impl Running {
    fn stop(&mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
        }
        self.commands = None;
    }

    /// How long a new start must wait so starts stay [`MIN_ATTEMPT_GAP`] apart (R-WS6).
    fn restart_delay(&self, now: Instant) -> Duration {
        self.started
            .map_or(Duration::ZERO, |t| MIN_ATTEMPT_GAP.saturating_sub(now.saturating_duration_since(t)))
    }
}

/// The running feeds.
pub struct Feeds {
    market_url: url::Url,
    user_url: url::Url,
    creds: Option<Arc<Credentials>>,
    clock: Clock,
    ca: Option<crate::coinbase::tls::TrustedCa>,
    tx: mpsc::Sender<Msg>,
    market: Running,
    user: Running,
    /// One subscribe bucket for both feeds (Coinbase counts per IP).
    subscribes: Arc<Limiter>,
    /// `--record`: frames and connection states are kept here.
    record: Option<Recorder>,
}

impl Feeds {
    /// Feeds for `config`, forwarding into `tx`.
    pub fn new(config: &DashboardConfig, tx: mpsc::Sender<Msg>) -> Self {
        Self {
            market_url: config.market_ws.clone(),
            user_url: config.user_ws.clone(),
            creds: config.creds.clone(),
            clock: config.clock.clone(),
            ca: config.rest.trusted_ca().cloned(),
            tx,
            market: Running::default(),
            user: Running::default(),
            subscribes: Arc::new(Limiter::ws_subscribe()),
            record: config.record.clone(),
        }
    }

    /// (Re)starts the market feed for `products`; a restart waits so that connection attempts
    /// stay at most one per second.
    pub fn subscribe_market(&mut self, products: Vec<ProductId>) {
        self.market.stop();
        let channels = [Channel::Ticker, Channel::Level2, Channel::MarketTrades, Channel::Candles];
        let subscriptions = channels
            .into_iter()
            .map(|channel| Subscription { channel, product_ids: products.clone() })
            .collect();
        tracing::info!(products = ?products, "market feed subscribing");
        let url = self.market_url.clone();
        self.market = self.spawn(url, subscriptions, FeedKind::Market, &self.market);
    }

    /// Asks the live market connection for a fresh level2 snapshot of `product` only.
    pub fn resync_book(&mut self, product: ProductId) {
        let Some(commands) = &self.market.commands else { return };
        let command = FeedCommand::Resubscribe { channel: Channel::Level2, product_ids: vec![product] };
        if let Err(e) = commands.try_send(command) {
            tracing::warn!(error = %e, "book resync not queued");
        }
    }

    /// Starts the user feed, when there are credentials.
    pub fn start_user(&mut self) {
        if self.creds.is_none() || !self.user.tasks.is_empty() {
            return;
        }
        let subscriptions = vec![Subscription { channel: Channel::User, product_ids: Vec::new() }];
        let url = self.user_url.clone();
        self.user = self.spawn(url, subscriptions, FeedKind::User, &self.user);
    }

    /// Stops both feeds.
    pub fn shutdown(&mut self) {
        self.market.stop();
        self.user.stop();
    }

    fn spawn(
        &self,
        url: url::Url,
        subscriptions: Vec<Subscription>,
        kind: FeedKind,
        previous: &Running,
    ) -> Running {
        let now = Instant::now();
        let config = FeedConfig {
            url,
            subscriptions,
            creds: self.creds.clone(),
            clock: self.clock.clone(),
            subscribes: self.subscribes.clone(),
            ca: self.ca.clone(),
        };
        let (command_tx, command_rx) = mpsc::channel(COMMAND_QUEUE);
        let initial_delay = previous.restart_delay(now);
        let control = FeedControl { commands: command_rx, initial_delay, backoff_cap: BACKOFF_CAP };
        let sink = into_model(self.tx.clone(), kind, self.record.clone());
        let feed = tokio::spawn(run_feed_with(config, sink, control));
        Running { tasks: vec![feed], commands: Some(command_tx), started: Some(now + initial_delay) }
    }
}

/// The feed's events as the model's messages: converted to domain events on the feed's own
/// task and stamped with their arrival, straight into the model's queue. When recording, every
/// connection state (as it is converted) and every frame's text (once queued) is kept too, in
/// the order the model gets them.
pub fn into_model(tx: mpsc::Sender<Msg>, feed: FeedKind, record: Option<Recorder>) -> FeedSink<Msg> {
    let states = record.clone();
    let sink = FeedSink::new(tx, move |event| {
        if let Some(record) = &states {
            record.feed_state(feed, &event);
        }
        Msg::Feed { feed, event: parse::feed_event(event), at: Instant::now() }
    });
    match record {
        Some(record) => sink.tapped(Arc::new(move |text: &str| record.frame(feed, text))),
        None => sink,
    }
}
