//! WebSocket feed messages: connection health, tickers, books, trades, candles (the user
//! channel is in `on_user.rs`).

use std::time::Instant;

use super::{Model, Problem, RESYNC_EVERY};
use crate::app::{Effect, FeedKind};
use crate::domain::{BookEvent, EventKind, FeedEvent, MarketEvent};

impl Model {
    pub(super) fn on_feed(&mut self, feed: FeedKind, event: FeedEvent, at: Instant) -> Vec<Effect> {
        match feed {
            FeedKind::Market => self.on_market_feed(event, at),
            FeedKind::User => self.on_user_feed(event, at),
        }
    }

    fn on_market_feed(&mut self, event: FeedEvent, at: Instant) -> Vec<Effect> {
        let connected = self.market_conn.observe(&event, at);
        match event {
            FeedEvent::Market(events) => {
                let effects = self.on_market_events(events, at);
                self.keep_book_cursor();
                return effects;
            }
            FeedEvent::ServerError(message) => self.fail(Problem::Text(format!("market feed: {message}"))),
            FeedEvent::User(_) | FeedEvent::Alive => {}
            other => {
                // After a gap the feed resubscribes the books: `check_books` reconnects if no
                // snapshot follows within RESYNC_EVERY (R-BK3). A reconnect brings snapshots.
                let asked = matches!(other, FeedEvent::Gap { .. }).then_some(at);
                for m in self.markets.values_mut() {
                    m.book.invalidate();
                    m.resync_at = asked;
                }
                if let FeedEvent::Failed { reason } = other {
                    self.fail(Problem::Text(format!("market feed stopped: {reason}")));
                }
                return if connected { self.reload_candles() } else { Vec::new() };
            }
        }
        Vec::new()
    }

    fn on_market_events(&mut self, events: Vec<MarketEvent>, at: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        for event in events {
            match event {
                MarketEvent::Ticker(ticker) => {
                    if let Some(m) = self.markets.get_mut(&ticker.product) {
                        m.apply_ticker(&ticker, at);
                    }
                    if let Some(price) = ticker.price {
                        effects.extend(self.check_alerts(&ticker.product, price));
                    }
                }
                MarketEvent::Book(book) => effects.extend(self.on_book(&book, at)),
                MarketEvent::Trades { kind, trades } => {
                    for trade in &trades {
                        if let Some(m) = self.markets.get_mut(&trade.product) {
                            m.add_trades([trade], at);
                            if kind == EventKind::Update {
                                m.live_trade_at = Some(at);
                            }
                        }
                    }
                }
                MarketEvent::Candle { product, granularity, candle } => {
                    if let Some(m) = self.markets.get_mut(&product) {
                        m.candles.apply_live(granularity, candle);
                    }
                }
            }
        }
        effects
    }

    /// Applies a level2 event; a book left crossed or invalid is marked INVALID and only that
    /// product is resubscribed, at most once per [`RESYNC_EVERY`] (R-BK4).
    fn on_book(&mut self, event: &BookEvent, at: Instant) -> Option<Effect> {
        let m = self.markets.get_mut(&event.product)?;
        if !m.book.apply(event, at) {
            return None;
        }
        let product = &event.product;
        if m.resync_at.is_some_and(|t| at.saturating_duration_since(t) < RESYNC_EVERY) {
            self.fail(Problem::Text(format!("{product} order book invalid; waiting for its resync")));
            return None;
        }
        m.resync_at = Some(at);
        self.fail(Problem::Text(format!(
            "{product} order book invalid; resubscribing it for a fresh snapshot"
        )));
        Some(Effect::ResyncBook { product: product.clone() })
    }

    /// On a tick: a book still invalid [`RESYNC_EVERY`] after its resync (a crossed book's, or
    /// every book's after a gap) is resynced again if a snapshot came (and was invalid too);
    /// if no snapshot came, the market feed is restarted, at most once per [`RESYNC_EVERY`]
    /// (R-BK3).
    pub(super) fn check_books(&mut self) -> Vec<Effect> {
        let now = self.now;
        let mut effects = Vec::new();
        let mut silent = false;
        for (product, m) in &mut self.markets {
            let (Some(_), Some(asked)) = (m.book.invalid, m.resync_at) else { continue };
            if now.saturating_duration_since(asked) < RESYNC_EVERY {
                continue;
            }
            if m.book.snapshot_at.is_some_and(|s| s > asked) {
                m.resync_at = Some(now);
                effects.push(Effect::ResyncBook { product: product.clone() });
            } else {
                silent = true;
            }
        }
        let restarted_recently =
            self.market_restart_at.is_some_and(|t| now.saturating_duration_since(t) < RESYNC_EVERY);
        if silent && !restarted_recently && !self.watch.is_empty() {
            tracing::warn!("no snapshot after a book resync; restarting the market feed");
            self.market_restart_at = Some(now);
            self.markets.values_mut().for_each(|m| m.resync_at = None);
            self.fail("no fresh book snapshot after a resync; reconnecting the market feed");
            effects.push(Effect::SubscribeMarket { products: self.market_products() });
        }
        effects
    }

    fn reload_candles(&mut self) -> Vec<Effect> {
        let Some(product) = self.focused().cloned() else { return Vec::new() };
        vec![Effect::LoadCandles { product, granularity: self.granularity, end: self.wall.timestamp() }]
    }
}
