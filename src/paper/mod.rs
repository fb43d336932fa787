//! The paper venue: the user's orders filled locally by the simulator's matching engine
//! ([`crate::sim::engine`]) against the live book. Pure and synchronous like the engine: no
//! I/O and no clock (the time is passed in). It sees the messages the model gets
//! ([`PaperVenue::observe`]) and performs the order and account effects
//! ([`PaperVenue::perform`]), answering with the `Msg`s the real venue's answers become, so
//! the model needs no paper special case.
//!
//! **The mirror.** The live book is held in the engine as resting limit orders of a
//! synthetic user with effectively unlimited funds ([`mirror::MARKET`]); the user's orders are
//! placed in the same engine as user [`PAPER`]. So:
//!
//! - **Queue position.** A user's limit order joins behind the visible size already at its
//!   price (the synthetic orders there were placed first).
//! - **Level2.** A level that grows gets a new synthetic order for the increase, behind the
//!   user. A level that shrinks is cut from the back (the newest synthetic order first). The
//!   mirror compares the venue's size with the synthetic size resting now, so a shrink that
//!   only reflects a trade already replayed (next point) changes nothing: the size ahead of
//!   the user is not reduced twice. The level2 and trade channels are separate, so a shrink
//!   may also arrive before its trade: a shrink waits up to a second, and a trade at that
//!   level in the meantime explains (and cancels) as much of it; what no trade explained is
//!   then cut as cancels. **Approximations:** during that second the level still shows its old
//!   size to the user's taking orders, and a genuine cancel followed within the second by an
//!   unrelated trade at the same price is taken for that trade (the user's order fills later,
//!   never earlier, than it would).
//! - **Trades.** Each live trade at price p of size q is replayed as an IOC order of a second
//!   synthetic user ([`mirror::TAPE`]) on the aggressor's side: it takes every level better
//!   than p, then q at p from the front of the queue, so a user's resting order fills only
//!   once trades at its price have consumed the size ahead, and at once by a trade through
//!   its price.
//! - **Crossing.** A level2 update that puts the opposite side through a resting user order
//!   fills it at the user's price (the synthetic order is placed crossing it and matches).
//! - **Taking.** Market, IOC and crossing limit orders take the synthetic liquidity at the
//!   book's prices level by level, with the engine's taker fee and price protection.
//! - **Fees.** The engine's maker and taker rates are the venue's `/transaction_summary` tier
//!   when the dashboard has credentials (it loads the fees and the venue sees the answer), else
//!   [`LOWEST_TIER`]: Coinbase's US Intro tier, 0.50 % maker / 0.90 % taker.
//!
//! Nothing of a synthetic user is ever reported; the engine's events for [`PAPER`] become
//! user-channel order updates. Before the product catalogue is loaded there is no engine:
//! balances are the saved ones and orders are refused ("not ready"); the engine keeps the
//! first catalogue loaded (a product listed later is paper-traded after a restart). The
//! synthetic users hold 10^15 of every currency, far more than any real book needs; a level
//! they cannot fund is left out (logged).

mod answers;
mod mirror;
mod store;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::app::{FeedKind, Msg};
use crate::domain::{EventKind, FeeRates, FeeTier, FeedEvent, MarketEvent, OrderUpdate, Product};
use crate::sim::engine::{Engine, EngineConfig, EngineEvent};
use mirror::{MARKET, Mirror, TAPE};
pub use store::{PaperBook, STARTING_BALANCE, SavedBalance, SavedOrder, StoreError};

/// The engine user whose orders are the user's.
pub const PAPER: &str = "paper";

/// Coinbase's lowest-volume tier (US Intro since 2026-09-16): 0.50 % maker, 0.90 % taker.
pub const LOWEST_TIER: FeeRates = FeeRates {
    maker: Decimal::from_parts(50, 0, 0, false, 4),
    taker: Decimal::from_parts(90, 0, 0, false, 4),
};

/// Funds of each synthetic user in every currency (10^15): far more than any book holds.
const SYNTHETIC_FUNDS: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// The user channel is kept alive at most this often while market data flows.
const ALIVE_EVERY: Duration = Duration::from_secs(1);

/// Terminal orders and fills kept for each synthetic user.
const SYNTHETIC_HISTORY: usize = 64;

/// When something happens: the wall clock (order times) and the monotonic clock (message times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// Wall-clock time.
    pub wall: DateTime<Utc>,
    /// Monotonic time, the clock of [`Msg::Feed`]'s `at`.
    pub mono: Instant,
}

/// The paper venue. See the module documentation.
#[derive(Debug)]
pub struct PaperVenue {
    engine: Option<Engine>,
    mirror: Mirror,
    fees: FeeRates,
    venue_fees: bool,
    book: PaperBook,
    changed: bool,
    alive_at: Option<Instant>,
}

impl PaperVenue {
    /// A venue that starts from `book`. With `venue_fees` the real venue answers
    /// `LoadFees` (the rates are taken from its answer), else the venue answers it with
    /// [`LOWEST_TIER`].
    pub fn new(book: PaperBook, venue_fees: bool) -> Self {
        Self {
            engine: None,
            mirror: Mirror::default(),
            fees: LOWEST_TIER,
            venue_fees,
            book,
            changed: false,
            alive_at: None,
        }
    }

    /// The fee rates fills are charged at now.
    pub fn fees(&self) -> FeeRates {
        self.fees
    }

    /// Sees a message the model gets: the catalogue (builds the engine), fee rates, market
    /// events. Returns the venue's answers (user-channel reports).
    pub fn observe(&mut self, msg: &Msg, at: At) -> Vec<Msg> {
        match msg {
            Msg::ProductsLoaded(products) if self.engine.is_none() => self.open(products, at),
            Msg::FeesLoaded(Some(tier)) => {
                self.set_fees(tier.rates);
                Vec::new()
            }
            Msg::Feed { feed: FeedKind::Market, event: FeedEvent::Market(events), .. } => {
                self.on_market(events, at)
            }
            _ => Vec::new(),
        }
    }

    fn set_fees(&mut self, rates: FeeRates) {
        self.fees = rates;
        if let Some(engine) = &mut self.engine {
            engine.set_fees(rates.maker, rates.taker);
        }
    }

    /// Builds the engine for the catalogue, funds it with the saved balances and says the
    /// user channel is connected (the model then loads the account from this venue).
    fn open(&mut self, products: &[Product], at: At) -> Vec<Msg> {
        let rules = products.iter().map(|p| p.rules.clone()).collect();
        let mut engine = Engine::new(EngineConfig {
            products: rules,
            maker_fee: self.fees.maker,
            taker_fee: self.fees.taker,
        });
        let currencies: Vec<String> = engine.balances(MARKET).into_iter().map(|b| b.currency).collect();
        for user in [MARKET, TAPE] {
            engine.limit_history(user, SYNTHETIC_HISTORY);
            for currency in &currencies {
                engine.fund(user, currency, SYNTHETIC_FUNDS);
            }
        }
        for balance in &self.book.balances {
            engine.fund(PAPER, &balance.currency, balance.amount);
        }
        self.engine = Some(engine);
        vec![Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connected, at: at.mono }]
    }

    /// Mirrors book events, replays trades, re-places saved orders once their book is known,
    /// and reports what happened to the user's orders.
    fn on_market(&mut self, events: &[MarketEvent], at: At) -> Vec<Msg> {
        let Some(engine) = &mut self.engine else { return Vec::new() };
        self.mirror.apply_due_cuts(engine, at.wall);
        for event in events {
            match event {
                MarketEvent::Book(book) => {
                    self.mirror.on_book(engine, book, at.wall);
                    if book.kind == EventKind::Snapshot {
                        store::restore(engine, &mut self.book.open_orders, &book.product, at.wall);
                    }
                }
                MarketEvent::Trades { kind, trades } => self.mirror.on_trades(engine, *kind, trades, at.wall),
                MarketEvent::Ticker(_) | MarketEvent::Candle { .. } => {}
            }
        }
        engine.expire(at.wall);
        let mut answers = self.reports(at);
        if answers.is_empty()
            && self.alive_at.is_none_or(|t| at.mono.saturating_duration_since(t) >= ALIVE_EVERY)
        {
            self.alive_at = Some(at.mono);
            answers.push(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Alive, at: at.mono });
        }
        answers
    }

    /// The user's orders the engine changed since the last call, as one user-channel message.
    fn reports(&mut self, at: At) -> Vec<Msg> {
        let Some(engine) = &mut self.engine else { return Vec::new() };
        let mut ids: Vec<String> = Vec::new();
        for event in engine.drain_events() {
            if let EngineEvent::OrderChanged { user, order_id } = event
                && user == PAPER
                && !ids.contains(&order_id)
            {
                ids.push(order_id);
            }
        }
        let updates: Vec<OrderUpdate> = ids
            .iter()
            .filter_map(|id| engine.order(id))
            .map(|o| OrderUpdate { kind: EventKind::Update, order: answers::record(o) })
            .collect();
        if updates.is_empty() {
            return Vec::new();
        }
        self.changed = true;
        self.alive_at = Some(at.mono);
        vec![Msg::Feed { feed: FeedKind::User, event: FeedEvent::User(updates), at: at.mono }]
    }

    /// Whether balances or orders changed since the last call (the file is due a save).
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// What the file keeps: every balance (available and held together) and the open orders
    /// with what is left of them (saved orders not re-placed yet included).
    pub fn saved(&self) -> PaperBook {
        match &self.engine {
            Some(engine) => store::snapshot(engine, &self.book.open_orders),
            None => self.book.clone(),
        }
    }

    /// The fee tier the venue answers `LoadFees` with when the real venue is not asked.
    fn lowest_tier() -> FeeTier {
        FeeTier { name: "Intro (paper default)".into(), rates: LOWEST_TIER }
    }
}

#[cfg(test)]
mod tests;
