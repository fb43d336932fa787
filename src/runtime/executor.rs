//! The effect executor: every REST effect runs in its own task and answers with a [`Msg`]
//! ([`super::rest_effects`]); market subscriptions restart the market feed, book resyncs go to
//! the live market connection. Nothing here touches the model.

use tokio::sync::mpsc;

use super::DashboardConfig;
use super::alerts_file::AlertsLocation;
use super::feeds::Feeds;
use super::rest_effects::execute_recorded;
use crate::app::{Effect, Msg};
use crate::coinbase::rest::RestClient;
use crate::journal::Journal;
use crate::runtime::record::Recorder;

/// Performs effects: REST calls through the executor, subscriptions through the feeds.
pub struct Executor {
    rest: RestClient,
    journal: Option<Journal>,
    tx: mpsc::Sender<Msg>,
    feeds: Feeds,
    clock_sync: tokio::task::JoinHandle<()>,
    alerts: Option<mpsc::UnboundedSender<Vec<crate::app::model::alerts::Alert>>>,
    watchlist: Option<mpsc::UnboundedSender<Vec<crate::domain::ProductId>>>,
    terminal_out: Vec<u8>,
    dry_run: bool,
    record: Option<Recorder>,
    paper: Option<super::paper_desk::PaperDesk>,
}

impl Executor {
    /// An executor for `config` that answers on `tx`; orders are journaled in `journal`, and
    /// none is sent without it.
    pub fn new(config: &DashboardConfig, journal: Option<Journal>, tx: mpsc::Sender<Msg>) -> Self {
        let feeds = Feeds::new(config, tx.clone());
        let tx_paper = tx.clone();
        let clock_sync = super::clock_sync::spawn(config.rest.clone(), tx.clone());
        let alerts = match &config.alerts {
            AlertsLocation::File(path) => Some(super::alerts_file::spawn_writer(path.clone(), tx.clone())),
            AlertsLocation::InMemory => None,
        };
        let watchlist = config
            .preferences
            .watchlist_file
            .clone()
            .map(|p| super::config_file::spawn_writer(p, tx.clone()));
        Self {
            rest: config.rest.clone(),
            journal,
            tx,
            feeds,
            clock_sync,
            alerts,
            watchlist,
            terminal_out: Vec::new(),
            dry_run: config.dry_run,
            record: config.record.clone(),
            paper: config
                .paper
                .clone()
                .map(|s| super::paper_desk::PaperDesk::start(s, config.creds.is_some(), tx_paper))
                .map(|desk| desk.recording(config.record.clone())),
        }
    }

    /// Starts the user feed when there are credentials.
    pub fn start_user_feed(&mut self) {
        self.feeds.start_user();
    }

    /// Shows the paper venue, if any, a message the model is about to get.
    pub fn observe(&mut self, msg: &Msg) {
        if let Some(paper) = &mut self.paper {
            paper.observe(msg, super::paper_desk::now());
        }
    }

    /// Stops the feed tasks.
    pub fn shutdown(&mut self) {
        if let Some(paper) = &mut self.paper {
            paper.shutdown();
        }
        self.feeds.shutdown();
        self.clock_sync.abort();
    }

    /// Performs each effect without waiting for any of them.
    pub fn perform(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            let Some(effect) = super::paper_desk::route(self.paper.as_mut(), effect, super::paper_desk::now)
            else {
                continue;
            };
            match effect {
                Effect::SubscribeMarket { products } => self.feeds.subscribe_market(products),
                Effect::ResyncBook { product } => self.feeds.resync_book(product),
                Effect::Notify(notification) => self.terminal_out.extend(notification.bytes()),
                Effect::SaveAlerts(alerts) => {
                    if let Some(writer) = &self.alerts {
                        let _ = writer.send(alerts);
                    }
                }
                Effect::PlaceOrder(order) if self.dry_run => self.refuse_dry_run(order.client_order_id),
                Effect::Replay(_) => {}
                Effect::SaveWatchlist(products) => {
                    if let Some(writer) = &self.watchlist {
                        let _ = writer.send(products);
                    }
                }
                other => self.spawn(other),
            }
        }
    }

    /// The bytes effects asked to write to the terminal (bell, notifications) since the last
    /// call; the event loop writes them.
    pub fn take_terminal_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.terminal_out)
    }

    /// A second guard behind the model's: under dry-run no order is ever journaled or sent;
    /// one that gets here is answered as refused, so its ticket does not wait forever.
    fn refuse_dry_run(&self, client_order_id: String) {
        tracing::error!(client_order_id, "dry-run: an order reached the executor; not sent");
        let refusal = crate::domain::Refusal::Request("dry-run: orders are never sent".into());
        let _ = self.tx.try_send(Msg::OrderRejected { client_order_id, refusal });
    }

    fn spawn(&self, effect: Effect) {
        let (rest, tx, journal) = (self.rest.clone(), self.tx.clone(), self.journal.clone());
        let record = self.record.clone();
        tokio::spawn(async move {
            let msg = execute_recorded(&rest, journal.as_ref(), record.as_ref(), effect).await;
            if let Some(msg) = msg {
                let _ = tx.send(msg).await;
            }
        });
    }
}
