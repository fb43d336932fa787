//! WebSocket feed messages: connection health, tickers, books, trades, candles, user orders.

use std::time::Instant;

use super::book_state::Invalid;
use super::{Model, RESYNC_EVERY};
use crate::app::{Effect, FeedKind};
use crate::coinbase::wire::Granularity;
use crate::coinbase::wire::ws::{Envelope, L2Event, UserEvent};
use crate::coinbase::ws::{FeedEvent, WsMessage};
use crate::domain::ProductId;

impl Model {
    pub(super) fn on_feed(&mut self, feed: FeedKind, event: FeedEvent, at: Instant) -> Vec<Effect> {
        match feed {
            FeedKind::Market => self.on_market_feed(event, at),
            FeedKind::User => self.on_user_feed(event, at),
        }
    }

    fn on_market_feed(&mut self, event: FeedEvent, at: Instant) -> Vec<Effect> {
        let connected = self.market_conn.observe(&event, at);
        let message = match event {
            FeedEvent::Message(message) => message,
            other => {
                self.markets.values_mut().for_each(|m| m.book.invalidate());
                if let FeedEvent::Failed { reason } = other {
                    self.last_error = Some(format!("market feed stopped: {reason}"));
                }
                return if connected { self.reload_candles() } else { Vec::new() };
            }
        };
        match message {
            WsMessage::Ticker(env) | WsMessage::TickerBatch(env) => {
                for ticker in env.events.iter().flat_map(|e| &e.tickers) {
                    if let Some(m) =
                        ProductId::parse(&ticker.product_id).ok().and_then(|p| self.markets.get_mut(&p))
                    {
                        m.apply_ticker(ticker, at);
                    }
                }
            }
            WsMessage::Level2(env) => return self.on_level2(&env, at),
            WsMessage::MarketTrades(env) => {
                for event in &env.events {
                    for trade in &event.trades {
                        if let Some(m) = self.markets.get_mut(&trade.product_id) {
                            m.add_trades([trade], at);
                            if event.kind == "update" {
                                m.live_trade_at = Some(at);
                            }
                        }
                    }
                }
            }
            WsMessage::Candles(env) => {
                for candle in env.events.iter().flat_map(|e| &e.candles) {
                    let market = candle.product_id.as_ref().and_then(|p| self.markets.get_mut(p));
                    if let Some(m) = market {
                        m.candles.apply_live(Granularity::FiveMinute, candle);
                    }
                }
            }
            WsMessage::Error(e) => self.last_error = Some(format!("market feed: {}", e.message)),
            _ => {}
        }
        Vec::new()
    }

    /// Applies level2 events; a book left crossed or invalid is marked INVALID and only that
    /// product is resubscribed, at most once per [`RESYNC_EVERY`] (R-BK4).
    fn on_level2(&mut self, env: &Envelope<L2Event>, at: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        for event in &env.events {
            let Some(m) = self.markets.get_mut(&event.product_id) else { continue };
            if !m.book.apply(event, at) {
                continue;
            }
            let product = &event.product_id;
            if m.resync_at.is_some_and(|t| at.saturating_duration_since(t) < RESYNC_EVERY) {
                self.last_error = Some(format!("{product} order book invalid; waiting for its resync"));
                continue;
            }
            m.resync_at = Some(at);
            self.last_error =
                Some(format!("{product} order book invalid; resubscribing it for a fresh snapshot"));
            effects.push(Effect::ResyncBook { product: product.clone() });
        }
        effects
    }

    /// On a tick: a book still invalid [`RESYNC_EVERY`] after its resync is resynced again if a
    /// snapshot came (and was invalid too); if no snapshot came, the market feed is restarted,
    /// at most once per [`RESYNC_EVERY`] (R-BK3).
    pub(super) fn check_books(&mut self) -> Vec<Effect> {
        let now = self.now;
        let mut effects = Vec::new();
        let mut silent = false;
        for (product, m) in &mut self.markets {
            let (Some(Invalid::Crossed), Some(asked)) = (m.book.invalid, m.resync_at) else { continue };
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
            self.last_error =
                Some("no fresh book snapshot after a resync; reconnecting the market feed".into());
            effects.push(Effect::SubscribeMarket { products: self.watch.clone() });
        }
        effects
    }

    fn reload_candles(&mut self) -> Vec<Effect> {
        let Some(product) = self.focused().cloned() else { return Vec::new() };
        vec![Effect::LoadCandles { product, granularity: self.granularity, end: self.wall.timestamp() }]
    }

    fn on_user_feed(&mut self, event: FeedEvent, at: Instant) -> Vec<Effect> {
        let connected = self.user_conn.observe(&event, at);
        if connected {
            return vec![Effect::LoadAccounts, Effect::LoadOpenOrders, Effect::LoadFills];
        }
        match event {
            FeedEvent::Message(WsMessage::User(env)) => self.on_user_orders(&env, at),
            FeedEvent::Failed { reason } => {
                self.last_error = Some(format!("user feed stopped: {reason}"));
                Vec::new()
            }
            FeedEvent::Message(WsMessage::Error(e)) => {
                self.last_error = Some(format!("user feed: {}", e.message));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_user_orders(&mut self, env: &Envelope<UserEvent>, at: Instant) -> Vec<Effect> {
        let mut filled = false;
        for event in &env.events {
            for order in &event.orders {
                filled |= self.adopt_from_channel(order);
                filled |= self.account.apply_user_order(order, at);
                if !order.status.is_working() {
                    tracing::info!(order_id = %order.order_id, client_order_id = %order.client_order_id,
                        status = %order.status, "order left the book");
                }
            }
        }
        if filled { vec![Effect::LoadAccounts, Effect::LoadFills] } else { Vec::new() }
    }
}
