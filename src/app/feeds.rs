//! The two WebSocket feed tasks and their forwarders into the model's queue.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{DashboardConfig, FeedKind, Msg};
use crate::coinbase::jwt::Clock;
use crate::coinbase::ws::{Channel, FeedConfig, FeedEvent, Subscription, run_feed};
use crate::credentials::Credentials;
use crate::domain::ProductId;

/// Queue between a feed task and its forwarder.
const FEED_QUEUE: usize = 1024;

/// The running feeds.
pub struct Feeds {
    market_url: url::Url,
    user_url: url::Url,
    creds: Option<Arc<Credentials>>,
    clock: Clock,
    tx: mpsc::Sender<Msg>,
    market: Vec<JoinHandle<()>>,
    user: Vec<JoinHandle<()>>,
}

impl Feeds {
    /// Feeds for `config`, forwarding into `tx`.
    pub fn new(config: &DashboardConfig, tx: mpsc::Sender<Msg>) -> Self {
        Self {
            market_url: config.market_ws.clone(),
            user_url: config.user_ws.clone(),
            creds: config.creds.clone(),
            clock: config.clock.clone(),
            tx,
            market: Vec::new(),
            user: Vec::new(),
        }
    }

    /// (Re)starts the market feed for `products`.
    pub fn subscribe_market(&mut self, products: Vec<ProductId>) {
        abort(&mut self.market);
        let channels = [Channel::Ticker, Channel::Level2, Channel::MarketTrades, Channel::Candles];
        let subscriptions = channels
            .into_iter()
            .map(|channel| Subscription { channel, product_ids: products.clone() })
            .collect();
        tracing::info!(products = ?products, "market feed subscribing");
        self.market = self.spawn(self.market_url.clone(), subscriptions, FeedKind::Market);
    }

    /// Starts the user feed, when there are credentials.
    pub fn start_user(&mut self) {
        if self.creds.is_none() || !self.user.is_empty() {
            return;
        }
        let subscriptions = vec![Subscription { channel: Channel::User, product_ids: Vec::new() }];
        self.user = self.spawn(self.user_url.clone(), subscriptions, FeedKind::User);
    }

    /// Stops both feeds.
    pub fn shutdown(&mut self) {
        abort(&mut self.market);
        abort(&mut self.user);
    }

    fn spawn(&self, url: url::Url, subscriptions: Vec<Subscription>, kind: FeedKind) -> Vec<JoinHandle<()>> {
        let config = FeedConfig { url, subscriptions, creds: self.creds.clone(), clock: self.clock.clone() };
        let (feed_tx, feed_rx) = mpsc::channel(FEED_QUEUE);
        let feed = tokio::spawn(run_feed(config, feed_tx));
        let forward = tokio::spawn(forward(feed_rx, self.tx.clone(), kind));
        vec![feed, forward]
    }
}

fn abort(tasks: &mut Vec<JoinHandle<()>>) {
    for task in tasks.drain(..) {
        task.abort();
    }
}

async fn forward(mut rx: mpsc::Receiver<FeedEvent>, tx: mpsc::Sender<Msg>, feed: FeedKind) {
    while let Some(event) = rx.recv().await {
        if tx.send(Msg::Feed { feed, event, at: Instant::now() }).await.is_err() {
            return;
        }
    }
}
