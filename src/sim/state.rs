//! The simulator's shared state: one engine and market behind a mutex, and a broadcast of
//! every change to the WebSocket connections.
//!
//! Every mutation goes through [`Shared::mutate`], which drains the engine's events and
//! publishes them as one numbered [`Batch`] while still holding the lock. Snapshots are taken
//! under the same lock and remember the last batch id, so a connection applies exactly the
//! batches after its snapshot: nothing is missed and nothing is applied twice.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tokio::sync::broadcast;

use super::auth::Verifier;
use super::engine::{Engine, EngineConfig, EngineEvent};
use super::faults::Faults;
use super::flood::Flood;
use super::market::{CandleBook, Market};
use super::{SimConfig, convert};
use crate::coinbase::wire::MarketTrade;
use crate::coinbase::wire::ws::{Ticker, UserOrder};
use crate::credentials::PublicKey;
use crate::domain::ProductId;

/// Recent trades kept per product for REST and the `market_trades` snapshot.
const RECENT_TRADES: usize = 100;
const BROADCAST_CAPACITY: usize = 4096;

/// Demo balances funded for every newly registered key.
pub const DEMO_BALANCES: [(&str, i64); 5] =
    [("USD", 100_000), ("BTC", 1), ("ETH", 10), ("SOL", 100), ("DOGE", 10_000)];

/// Everything behind the simulator's lock.
pub struct Core {
    /// Matching engine.
    pub engine: Engine,
    /// Synthetic order flow.
    pub market: Market,
    /// Candles from history and live trades.
    pub candles: CandleBook,
    /// Recent trades per product, newest last.
    pub trades: HashMap<ProductId, VecDeque<MarketTrade>>,
    /// Id of the last published batch.
    pub batch_id: u64,
    /// Market steps taken (drives the manual clock).
    pub steps: u64,
    /// Products whose listing an admin route changed (the others are online).
    pub listings: HashMap<ProductId, crate::domain::Listing>,
}

/// One published set of changes.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Increasing id; snapshots record the id they include.
    pub id: u64,
    /// Simulator time of the change.
    pub time: DateTime<Utc>,
    /// Engine events in order.
    pub events: Vec<EngineEvent>,
    /// Tickers of products that traded.
    pub tickers: Vec<Ticker>,
    /// Changed orders with their owners.
    pub user_orders: Vec<(String, UserOrder)>,
    /// The current 5-minute candle of products that traded.
    pub candles: Vec<crate::coinbase::wire::Candle>,
}

impl Batch {
    /// The trades in this batch, as market trades (maker side).
    pub fn trades(&self) -> impl Iterator<Item = MarketTrade> + '_ {
        self.events.iter().filter_map(convert::market_trade)
    }
}

/// State shared by every handler and connection.
pub struct Shared {
    core: Mutex<Core>,
    tx: broadcast::Sender<Arc<Batch>>,
    verifier: RwLock<Verifier>,
    funded: Mutex<HashSet<String>>,
    /// Open WebSocket connections.
    pub connections: super::ws::Connections,
    /// Fault injection switches.
    pub faults: Faults,
    /// Flood mode for load runs.
    pub flood: Arc<Flood>,
    /// Every authenticated REST request answered.
    pub requests: super::requests::RequestLog,
    /// `host:port` the JWT `uri` claim must name.
    pub authority: String,
    tick: Duration,
    manual_from: Option<DateTime<Utc>>,
    fees: (Decimal, Decimal),
    seed: u64,
}

impl Shared {
    /// Builds the engine and market and bootstraps the book.
    pub fn new(config: &SimConfig, addr: SocketAddr) -> Self {
        let specs = config.catalogue.specs();
        let rules = specs.iter().map(|s| s.rules.clone()).collect();
        let mut engine = Engine::new(EngineConfig {
            products: rules,
            maker_fee: config.maker_fee,
            taker_fee: config.taker_fee,
        });
        let start = config.manual_from.unwrap_or_else(Utc::now);
        let mut market = Market::new(config.seed, specs);
        market.bootstrap(&mut engine, start);
        let candles = CandleBook::new(&market, start);
        engine.drain_events();
        let core = Core {
            engine,
            market,
            candles,
            trades: HashMap::new(),
            batch_id: 0,
            steps: 0,
            listings: HashMap::new(),
        };
        Self {
            core: Mutex::new(core),
            tx: broadcast::channel(BROADCAST_CAPACITY).0,
            verifier: RwLock::new(Verifier::new()),
            funded: Mutex::new(HashSet::new()),
            connections: super::ws::Connections::default(),
            faults: Faults::default(),
            flood: Arc::new(Flood::default()),
            requests: super::requests::RequestLog::default(),
            authority: addr.to_string(),
            tick: config.tick,
            manual_from: config.manual_from,
            fees: (config.maker_fee, config.taker_fee),
            seed: config.seed,
        }
    }

    /// Simulator time: wall time, or `start + steps × tick` in manual mode.
    pub fn now_with(&self, core: &Core) -> DateTime<Utc> {
        match self.manual_from {
            Some(start) => start + self.tick.mul_f64(core.steps as f64),
            None => Utc::now(),
        }
    }

    /// Wall-clock UNIX seconds plus the injected skew, for JWT checks and `/time`.
    pub fn unix_now(&self) -> i64 {
        Utc::now().timestamp() + self.faults.clock_skew()
    }

    /// [`Self::unix_now`] in milliseconds, as `/time` reports it.
    pub fn unix_millis(&self) -> i64 {
        Utc::now().timestamp_millis() + self.faults.clock_skew() * 1000
    }

    /// Maker and taker fee rates.
    pub fn fees(&self) -> (Decimal, Decimal) {
        self.fees
    }

    /// The market seed (the flood draws from it too).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Locks the core for reading. Do not mutate the engine through this guard.
    pub fn read(&self) -> MutexGuard<'_, Core> {
        self.core.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the core and publishes whatever it changed as one batch.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut Core, DateTime<Utc>) -> R) -> R {
        let mut core = self.read();
        let now = self.now_with(&core);
        let result = f(&mut core, now);
        self.publish(&mut core, now);
        result
    }

    /// A receiver of future batches, with the id of the last batch already published.
    /// Call with the core locked, together with taking a snapshot.
    pub fn subscribe(&self, core: &Core) -> (u64, broadcast::Receiver<Arc<Batch>>) {
        (core.batch_id, self.tx.subscribe())
    }

    /// Advances the market `n` steps, publishing after each.
    pub fn step_market(&self, n: u64) {
        for _ in 0..n {
            self.mutate(|core, now| {
                core.engine.expire(now);
                core.market.step(&mut core.engine, now);
                core.steps += 1;
            });
        }
    }

    /// Registers a key; the first time a name is seen its account gets the demo balances.
    pub fn register_key(&self, name: &str, key: &PublicKey) {
        if let Ok(mut verifier) = self.verifier.write() {
            verifier.register(name, key);
        }
        let first = self.funded.lock().map(|mut f| f.insert(name.to_string())).unwrap_or(false);
        if first {
            self.mutate(|core, _| {
                for (currency, units) in DEMO_BALANCES {
                    core.engine.fund(name, currency, Decimal::from(units));
                }
            });
        }
    }

    /// The verifier, for handlers.
    pub fn verifier(&self) -> std::sync::RwLockReadGuard<'_, Verifier> {
        self.verifier.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn publish(&self, core: &mut Core, now: DateTime<Utc>) {
        let events = core.engine.drain_events();
        if events.is_empty() {
            return;
        }
        core.batch_id += 1;
        record_trades(core, &events);
        let batch = convert::batch(core, core.batch_id, now, events);
        let _ = self.tx.send(Arc::new(batch));
    }
}

fn record_trades(core: &mut Core, events: &[EngineEvent]) {
    for trade in events.iter().filter_map(convert::market_trade) {
        core.candles.record(&trade.product_id, trade.price, trade.size, trade.time);
        let trades = core.trades.entry(trade.product_id.clone()).or_default();
        trades.push_back(trade);
        while trades.len() > RECENT_TRADES {
            trades.pop_front();
        }
    }
}

/// Steps the market every `tick` until the task is aborted; it stands still while a flood
/// runs.
pub async fn run_market(shared: Arc<Shared>, tick: Duration) {
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if !shared.flood.running() {
            shared.step_market(1);
        }
    }
}
