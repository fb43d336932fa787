//! WebSocket feed messages: connection health, tickers, books, trades, candles, user orders.

use std::time::Instant;

use super::Model;
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
        let FeedEvent::Message(message) = event else {
            self.markets.values_mut().for_each(|m| m.book.invalidate());
            return if connected { self.reload_candles() } else { Vec::new() };
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

    fn on_level2(&mut self, env: &Envelope<L2Event>, at: Instant) -> Vec<Effect> {
        let mut resync = false;
        for event in &env.events {
            if let Some(m) = self.markets.get_mut(&event.product_id) {
                resync |= m.book.apply(event, at);
            }
        }
        if resync {
            self.last_error = Some("order book went invalid; resubscribing for a fresh snapshot".into());
            return vec![Effect::SubscribeMarket { products: self.watch.clone() }];
        }
        Vec::new()
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
            FeedEvent::Message(WsMessage::User(env)) => self.on_user_orders(&env),
            FeedEvent::Message(WsMessage::Error(e)) => {
                self.last_error = Some(format!("user feed: {}", e.message));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn on_user_orders(&mut self, env: &Envelope<UserEvent>) -> Vec<Effect> {
        let mut filled = false;
        for event in &env.events {
            for order in &event.orders {
                filled |= self.account.apply_user_order(order);
                if !order.status.is_working() {
                    tracing::info!(order_id = %order.order_id, client_order_id = %order.client_order_id,
                        status = %order.status, "order left the book");
                }
            }
        }
        if filled { vec![Effect::LoadAccounts, Effect::LoadFills] } else { Vec::new() }
    }
}
