//! Subscription handling and the messages each channel sends: snapshots on subscribe,
//! updates from every published batch.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

use super::{Closed, Conn};
use crate::coinbase::wire::ws::*;
use crate::coinbase::ws::Channel;
use crate::domain::{ProductId, Side};
use crate::sim::convert;
use crate::sim::engine::EngineEvent;
use crate::sim::state::{Batch, Core};

/// Open orders per `user` snapshot message.
const USER_SNAPSHOT_CHUNK: usize = 50;

/// Messages produced while the core is locked, sent after it is released.
type Outbox = Vec<(String, serde_json::Value)>;

impl Conn {
    /// Handles a subscribe or unsubscribe request.
    pub(super) async fn on_request(
        &mut self,
        text: &str,
        batches: &mut Option<broadcast::Receiver<Arc<Batch>>>,
    ) -> Result<(), Closed> {
        let Ok(request) = serde_json::from_str::<SubscribeRequest>(text) else {
            return self.send_error("failure to subscribe").await;
        };
        let Some(channel) = Channel::from_name(&request.channel) else {
            return self.send_error("failure to subscribe").await;
        };
        if let Err(message) = self.authorize(channel, request.jwt.as_deref()) {
            return self.send_error(message).await;
        }
        let (time, outbox) = match request.kind.as_str() {
            "subscribe" => match self.subscribe(channel, &request.product_ids, batches) {
                Ok(result) => result,
                Err(message) => return self.send_error(message).await,
            },
            "unsubscribe" => {
                self.unsubscribe(channel, &request.product_ids);
                let time = self.shared.now_with(&self.shared.read());
                (time, Vec::new())
            }
            _ => return self.send_error("failure to subscribe").await,
        };
        for (name, events) in outbox {
            let events = events.as_array().cloned().unwrap_or_default();
            self.send(&name, events, time).await?;
        }
        let ack = SubscriptionsEvent {
            subscriptions: self.subs.iter().map(|(c, ids)| (c.name().to_string(), ids.clone())).collect(),
        };
        self.send("subscriptions", vec![ack], time).await
    }

    fn authorize(&mut self, channel: Channel, jwt: Option<&str>) -> Result<(), &'static str> {
        let now = self.shared.unix_now();
        match jwt {
            Some(token) => {
                let name =
                    self.shared.verifier().verify_ws(token, now).map_err(|_| "authentication failure")?;
                self.user = Some(name);
                Ok(())
            }
            None if channel.needs_auth() => Err("authentication failure"),
            None => Ok(()),
        }
    }

    fn subscribe(
        &mut self,
        channel: Channel,
        ids: &[String],
        batches: &mut Option<broadcast::Receiver<Arc<Batch>>>,
    ) -> Result<(DateTime<Utc>, Outbox), &'static str> {
        let core = self.shared.read();
        let mut products = Vec::new();
        for id in ids {
            let parsed = ProductId::parse(id).map_err(|_| "failure to subscribe")?;
            core.engine.product(&parsed).ok_or("failure to subscribe")?;
            products.push(parsed);
        }
        let time = self.shared.now_with(&core);
        let (batch_id, rx) = self.shared.subscribe(&core);
        if batches.is_none() {
            *batches = Some(rx);
        }
        let entry = self.subs.entry(channel).or_default();
        for p in &products {
            if !entry.contains(&p.0) {
                entry.push(p.0.clone());
            }
        }
        if channel == Channel::User {
            entry.clear();
            entry.push(self.user.clone().unwrap_or_default());
        }
        let keys: Vec<String> = match channel {
            Channel::User => entry.clone(),
            _ if products.is_empty() => vec![String::new()],
            _ => products.iter().map(|p| p.0.clone()).collect(),
        };
        for key in keys {
            self.since.insert((channel, key), batch_id);
        }
        Ok((time, snapshot(&core, channel, &products, self.user.as_deref(), time)))
    }

    /// Removes the named products from a channel; the whole channel when it names none, is
    /// `user`, or has none left.
    fn unsubscribe(&mut self, channel: Channel, ids: &[String]) {
        let everything = ids.is_empty() || channel == Channel::User;
        if let Some(entry) = self.subs.get_mut(&channel) {
            entry.retain(|p| !everything && !ids.contains(p));
            if entry.is_empty() {
                self.subs.remove(&channel);
            }
        }
    }

    /// Sends what a batch means for each subscribed channel.
    pub(super) async fn on_batch(&mut self, batch: &Batch) -> Result<(), Closed> {
        let channels: Vec<Channel> = self.subs.keys().copied().collect();
        for channel in channels {
            let mut wanted = self.subs.get(&channel).cloned().unwrap_or_default();
            wanted.retain(|p| batch.id > self.since.get(&(channel, p.clone())).copied().unwrap_or(0));
            if wanted.is_empty() {
                continue;
            }
            let events = updates(channel, batch, &wanted, self.user.as_deref());
            if let Some(events) = events {
                self.send(channel.message_name(), events, batch.time).await?;
            }
        }
        Ok(())
    }
}

fn json<T: serde::Serialize>(events: Vec<T>) -> serde_json::Value {
    serde_json::to_value(events).unwrap_or_default()
}

fn snapshot(
    core: &Core,
    channel: Channel,
    products: &[ProductId],
    user: Option<&str>,
    time: DateTime<Utc>,
) -> Outbox {
    let name = channel.message_name().to_string();
    match channel {
        Channel::Heartbeats | Channel::Candles if products.is_empty() => Vec::new(),
        Channel::Heartbeats => Vec::new(),
        Channel::Level2 => {
            products.iter().map(|p| (name.clone(), json(vec![l2_snapshot(core, p)]))).collect()
        }
        Channel::Ticker | Channel::TickerBatch => {
            let tickers = products.iter().map(|p| ticker_for(core, p, channel)).collect();
            vec![(name, json(vec![TickerEvent { kind: "snapshot".into(), tickers }]))]
        }
        Channel::MarketTrades => {
            let trades = products
                .iter()
                .flat_map(|p| core.trades.get(p).into_iter().flat_map(|t| t.iter().rev().take(50).cloned()))
                .collect();
            vec![(name, json(vec![TradesEvent { kind: "snapshot".into(), trades }]))]
        }
        Channel::Candles => {
            let candles = products.iter().filter_map(|p| live_candle(core, p, time)).collect();
            vec![(name, json(vec![CandlesEvent { kind: "snapshot".into(), candles }]))]
        }
        Channel::Status => {
            let products = core.engine.products().map(status_product).collect();
            vec![(name, json(vec![StatusEvent { kind: "snapshot".into(), products }]))]
        }
        Channel::User => user_snapshot(core, user.unwrap_or_default()),
    }
}

fn l2_snapshot(core: &Core, product: &ProductId) -> L2Event {
    let mut updates = Vec::new();
    for (side, l2) in [(Side::Buy, L2Side::Bid), (Side::Sell, L2Side::Offer)] {
        for (price, size) in core.engine.book_levels(product, side, usize::MAX) {
            updates.push(L2Update { side: l2, event_time: None, price_level: price, new_quantity: size });
        }
    }
    L2Event { kind: "snapshot".into(), product_id: product.clone(), updates }
}

fn ticker_for(core: &Core, product: &ProductId, channel: Channel) -> Ticker {
    let mut ticker = convert::ticker(core, product);
    if channel == Channel::TickerBatch {
        strip_best(&mut ticker);
    }
    ticker
}

fn strip_best(ticker: &mut Ticker) {
    ticker.best_bid = None;
    ticker.best_bid_quantity = None;
    ticker.best_ask = None;
    ticker.best_ask_quantity = None;
}

fn live_candle(
    core: &Core,
    product: &ProductId,
    time: DateTime<Utc>,
) -> Option<crate::coinbase::wire::Candle> {
    let candle = core.candles.candles(product, 300, time, 1).pop()?;
    Some(convert::candle(product, &candle))
}

fn status_product(rules: &crate::domain::ProductRules) -> StatusProduct {
    StatusProduct {
        id: rules.id.0.clone(),
        status: if rules.trading_disabled { "offline".into() } else { "online".into() },
        base_increment: Some(rules.base_increment),
        quote_increment: Some(rules.quote_increment),
        min_market_funds: Some(rules.quote_min_size),
        status_message: String::new(),
    }
}

fn user_snapshot(core: &Core, user: &str) -> Outbox {
    let open: Vec<UserOrder> =
        core.engine.orders(user).filter(|o| o.status.is_working()).map(convert::user_order).collect();
    let mut out: Outbox = open
        .chunks(USER_SNAPSHOT_CHUNK)
        .map(|chunk| {
            ("user".to_string(), json(vec![UserEvent { kind: "snapshot".into(), orders: chunk.to_vec() }]))
        })
        .collect();
    if open.len().is_multiple_of(USER_SNAPSHOT_CHUNK) {
        out.push(("user".into(), json(vec![UserEvent { kind: "snapshot".into(), orders: Vec::new() }])));
    }
    out
}

fn updates(
    channel: Channel,
    batch: &Batch,
    wanted: &[String],
    user: Option<&str>,
) -> Option<Vec<serde_json::Value>> {
    let wants = |p: &ProductId| wanted.contains(&p.0);
    let events: Vec<serde_json::Value> = match channel {
        Channel::Level2 => level2_updates(batch, &wants),
        Channel::Ticker | Channel::TickerBatch => {
            let mut tickers: Vec<Ticker> =
                batch.tickers.iter().filter(|t| wanted.contains(&t.product_id)).cloned().collect();
            if channel == Channel::TickerBatch {
                tickers.iter_mut().for_each(strip_best);
            }
            one_event(!tickers.is_empty(), || TickerEvent { kind: "update".into(), tickers })
        }
        Channel::MarketTrades => {
            let trades: Vec<_> = batch.trades().filter(|t| wants(&t.product_id)).collect();
            one_event(!trades.is_empty(), || TradesEvent { kind: "update".into(), trades })
        }
        Channel::Candles => {
            let candles: Vec<_> =
                batch.candles.iter().filter(|c| c.product_id.as_ref().is_some_and(&wants)).cloned().collect();
            one_event(!candles.is_empty(), || CandlesEvent { kind: "update".into(), candles })
        }
        Channel::User => {
            let orders: Vec<UserOrder> = batch
                .user_orders
                .iter()
                .filter(|(u, _)| Some(u.as_str()) == user)
                .map(|(_, o)| o.clone())
                .collect();
            one_event(!orders.is_empty(), || UserEvent { kind: "update".into(), orders })
        }
        Channel::Heartbeats | Channel::Status => Vec::new(),
    };
    (!events.is_empty()).then_some(events)
}

fn one_event<T: serde::Serialize>(any: bool, make: impl FnOnce() -> T) -> Vec<serde_json::Value> {
    if any { serde_json::to_value(make()).into_iter().collect() } else { Vec::new() }
}

fn level2_updates(batch: &Batch, wants: &dyn Fn(&ProductId) -> bool) -> Vec<serde_json::Value> {
    let mut events: Vec<L2Event> = Vec::new();
    for event in &batch.events {
        let EngineEvent::Level { product_id, side, price, new_size, time } = event else { continue };
        if !wants(product_id) {
            continue;
        }
        let side = if *side == Side::Buy { L2Side::Bid } else { L2Side::Offer };
        let event_time = Some(time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        let update = L2Update { side, event_time, price_level: *price, new_quantity: *new_size };
        match events.iter_mut().find(|e| e.product_id == *product_id) {
            Some(e) => e.updates.push(update),
            None => events.push(L2Event {
                kind: "update".into(),
                product_id: product_id.clone(),
                updates: vec![update],
            }),
        }
    }
    events.into_iter().filter_map(|e| serde_json::to_value(e).ok()).collect()
}
