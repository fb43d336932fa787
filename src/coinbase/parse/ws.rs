//! WebSocket messages → market events and order updates; feed events → the domain's.

use super::market::{book_event, candle, event_kind, ticker, trade};
use super::orders::user_order;
use super::{ParseError, each};
use crate::coinbase::wire::ws::{CandlesEvent, Envelope, L2Event, TradesEvent, UserEvent};
use crate::coinbase::ws::{FeedEvent as WireFeedEvent, WsMessage};
use crate::domain::{FeedEvent, Granularity, MarketEvent, OrderUpdate};

/// The `candles` channel's bucket size.
pub const LIVE_CANDLES: Granularity = Granularity::FiveMinute;

/// A feed task's event → the dashboard's: messages become market events or order updates.
pub fn feed_event(event: WireFeedEvent) -> FeedEvent {
    match event {
        WireFeedEvent::Connecting { attempt } => FeedEvent::Connecting { attempt },
        WireFeedEvent::Connected => FeedEvent::Connected,
        WireFeedEvent::Message(message) => message_event(&message),
        WireFeedEvent::Gap { expected, got } => FeedEvent::Gap { expected, got },
        WireFeedEvent::Disconnected { reason, retry_in } => {
            FeedEvent::Disconnected { reason: reason.to_string(), retry_in }
        }
        WireFeedEvent::Failed { reason } => FeedEvent::Failed { reason: reason.to_string() },
    }
}

/// One message → its events. Messages without data the dashboard uses only show that the
/// connection is alive.
pub fn message_event(message: &WsMessage) -> FeedEvent {
    match message {
        WsMessage::Ticker(env) | WsMessage::TickerBatch(env) => {
            let tickers = env.events.iter().flat_map(|e| &e.tickers);
            FeedEvent::Market(each("ticker", tickers, ticker).into_iter().map(MarketEvent::Ticker).collect())
        }
        WsMessage::Level2(env) => FeedEvent::Market(book_events(env)),
        WsMessage::MarketTrades(env) => FeedEvent::Market(trade_events(env)),
        WsMessage::Candles(env) => FeedEvent::Market(candle_events(env)),
        WsMessage::User(env) => FeedEvent::User(order_updates(env)),
        WsMessage::Error(e) => FeedEvent::ServerError(e.message.clone()),
        WsMessage::Heartbeats(_)
        | WsMessage::Status(_)
        | WsMessage::Subscriptions(_)
        | WsMessage::Unknown { .. } => FeedEvent::Alive,
    }
}

/// `l2_data` → book events.
pub fn book_events(env: &Envelope<L2Event>) -> Vec<MarketEvent> {
    each("level2 event", &env.events, book_event).into_iter().map(MarketEvent::Book).collect()
}

/// `market_trades` → trade events, one per wire event.
pub fn trade_events(env: &Envelope<TradesEvent>) -> Vec<MarketEvent> {
    each("market trades event", &env.events, |e| {
        Ok(MarketEvent::Trades { kind: event_kind(&e.kind)?, trades: e.trades.iter().map(trade).collect() })
    })
}

/// `candles` → live candles; each must name its product.
pub fn candle_events(env: &Envelope<CandlesEvent>) -> Vec<MarketEvent> {
    let candles = env.events.iter().flat_map(|e| &e.candles);
    each("candle", candles, |c| {
        let product = c.product_id.clone().ok_or(ParseError::MissingProduct)?;
        Ok(MarketEvent::Candle { product, granularity: LIVE_CANDLES, candle: candle(c)? })
    })
}

/// `user` → order updates.
pub fn order_updates(env: &Envelope<UserEvent>) -> Vec<OrderUpdate> {
    let events = each("user event", &env.events, |e| Ok((event_kind(&e.kind)?, e)));
    events
        .into_iter()
        .flat_map(|(kind, e)| e.orders.iter().map(move |o| OrderUpdate { kind, order: user_order(o) }))
        .collect()
}
