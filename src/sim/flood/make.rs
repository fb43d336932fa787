//! The flood's messages: level2 size changes on the levels the book had when the flood started
//! (so a client's book never crosses), tickers whose price is a numbered marker, and trades at
//! the best bid or ask. Everything is drawn from one seeded `ChaCha8Rng`.

use chrono::{DateTime, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Marker;
use crate::coinbase::wire::MarketTrade;
use crate::coinbase::wire::ws::{L2Event, L2Side, L2Update, Ticker, TickerEvent, TradesEvent};
use crate::coinbase::ws::Channel;
use crate::domain::{ProductId, Side};
use crate::sim::state::Core;

/// Distinct marker prices per product before they repeat.
pub const MARKER_SPAN: u64 = 100_000;
/// Of every 20 messages, on average: 18 level2, 1 ticker, 1 trade.
const TICKER_IN_20: u32 = 1;
const TRADE_IN_20: u32 = 1;

/// One flood message, sent to every connection subscribed to its channel and product.
#[derive(Debug, Clone)]
pub struct FloodMsg {
    /// Channel it belongs to.
    pub channel: Channel,
    /// Product it is about.
    pub product: ProductId,
    /// When the generator made it (the envelope's `timestamp`).
    pub made: DateTime<Utc>,
    /// The one event of the message.
    pub event: FloodEvent,
}

/// The event of a flood message, serialised as the bare wire event.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum FloodEvent {
    /// A level2 update.
    Level2(L2Event),
    /// A ticker update.
    Ticker(TickerEvent),
    /// A market trades update.
    Trades(TradesEvent),
}

/// One product's fixed levels and sizes to draw from.
#[derive(Debug, Clone)]
struct Levels {
    id: ProductId,
    bids: Vec<Decimal>,
    asks: Vec<Decimal>,
    level_size: Decimal,
    tick: Decimal,
    marker_base: Decimal,
}

/// Makes flood messages for a set of products.
#[derive(Debug)]
pub struct Maker {
    rng: ChaCha8Rng,
    products: Vec<Levels>,
    updates: usize,
    trade_id: u64,
}

impl Maker {
    /// A maker over `products` (those with no levels on a side are left out), `updates` level
    /// changes per level2 message.
    pub fn new(core: &Core, products: &[ProductId], updates: usize, seed: u64) -> Self {
        let products = products.iter().filter_map(|id| levels(core, id)).collect();
        Self { rng: ChaCha8Rng::seed_from_u64(seed), products, updates, trade_id: 0 }
    }

    /// Whether there is anything to flood.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// The next message made at `now`; `marker` numbers it when it is a ticker.
    pub fn next(&mut self, now: DateTime<Utc>, marker: &mut u64) -> (FloodMsg, Option<Marker>) {
        let i = self.rng.gen_range(0..self.products.len());
        let roll = self.rng.gen_range(0..20);
        if roll < TICKER_IN_20 {
            let (event, mark) = self.ticker(i, now, *marker);
            *marker += 1;
            return (self.msg(Channel::Ticker, i, now, event), Some(mark));
        }
        let (channel, event) = if roll < TICKER_IN_20 + TRADE_IN_20 {
            (Channel::MarketTrades, self.trade(i, now))
        } else {
            (Channel::Level2, self.level2(i, now))
        };
        (self.msg(channel, i, now, event), None)
    }

    fn msg(&self, channel: Channel, i: usize, made: DateTime<Utc>, event: FloodEvent) -> FloodMsg {
        FloodMsg { channel, product: self.products[i].id.clone(), made, event }
    }

    fn level2(&mut self, i: usize, now: DateTime<Utc>) -> FloodEvent {
        let time = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let mut updates = Vec::with_capacity(self.updates);
        for _ in 0..self.updates {
            let bid = self.rng.gen_bool(0.5);
            let p = &self.products[i];
            let (side, prices) = if bid { (L2Side::Bid, &p.bids) } else { (L2Side::Offer, &p.asks) };
            let price_level = prices[self.rng.gen_range(0..prices.len())];
            let new_quantity = p.level_size * Decimal::new(self.rng.gen_range(1..=30), 1);
            updates.push(L2Update { side, event_time: Some(time.clone()), price_level, new_quantity });
        }
        FloodEvent::Level2(L2Event {
            kind: "update".into(),
            product_id: self.products[i].id.clone(),
            updates,
        })
    }

    fn ticker(&mut self, i: usize, now: DateTime<Utc>, marker: u64) -> (FloodEvent, Marker) {
        let p = &self.products[i];
        let step = Decimal::from(marker % MARKER_SPAN);
        let price = p.marker_base + p.tick * step;
        let ticker = Ticker {
            product_id: p.id.0.clone(),
            price: Some(price),
            volume_24_h: None,
            low_24_h: None,
            high_24_h: None,
            price_percent_chg_24_h: None,
            best_bid: p.bids.first().copied(),
            best_bid_quantity: Some(p.level_size),
            best_ask: p.asks.first().copied(),
            best_ask_quantity: Some(p.level_size),
        };
        let mark =
            Marker { product_id: p.id.clone(), price: price.to_string(), made_us: now.timestamp_micros() };
        (FloodEvent::Ticker(TickerEvent { kind: "update".into(), tickers: vec![ticker] }), mark)
    }

    fn trade(&mut self, i: usize, now: DateTime<Utc>) -> FloodEvent {
        self.trade_id += 1;
        let buy = self.rng.gen_bool(0.5);
        let size = self.products[i].level_size * Decimal::new(self.rng.gen_range(1..=10), 2);
        let p = &self.products[i];
        let (price, side) = if buy { (p.asks[0], Side::Sell) } else { (p.bids[0], Side::Buy) };
        let trade = MarketTrade {
            trade_id: format!("flood-{}", self.trade_id),
            product_id: p.id.clone(),
            price,
            size,
            time: now,
            side,
        };
        FloodEvent::Trades(TradesEvent { kind: "update".into(), trades: vec![trade] })
    }
}

/// The product's current levels, best first, and its market spec's sizes; `None` when a side
/// is empty or the product is unknown.
fn levels(core: &Core, id: &ProductId) -> Option<Levels> {
    let spec = core.market.specs().find(|s| &s.rules.id == id)?;
    let prices = |side| -> Vec<Decimal> {
        core.engine.book_levels(id, side, usize::MAX).into_iter().map(|(price, _)| price).collect()
    };
    let (bids, asks) = (prices(Side::Buy), prices(Side::Sell));
    if bids.is_empty() || asks.is_empty() {
        return None;
    }
    Some(Levels {
        id: id.clone(),
        level_size: spec.level_size,
        tick: spec.rules.price_increment,
        marker_base: marker_base(
            core.market.fair_price(id).unwrap_or(spec.start_price),
            spec.rules.price_increment,
        ),
        bids,
        asks,
    })
}

/// The first marker price: the fair price on the tick grid, with the tick's decimals.
fn marker_base(fair: Decimal, tick: Decimal) -> Decimal {
    let mut base = crate::domain::validate::nearest_valid(fair, tick).0;
    base.rescale(tick.scale());
    base
}
