//! The simulator's matching engine: pure and synchronous, no I/O and no clock (`now` is passed
//! in), deterministic ids.
//!
//! Each product has a price-time priority book. Every `OrderConfig` variant is supported:
//!
//! - **Holds.** Every order holds funds when accepted: a buy holds `price × size × (1 + fee)`
//!   quote, where `fee` is the larger of the maker and taker rates (the taker rate on normal
//!   tiers); a sell holds its base size. A market buy by base holds the cost of the fills it is
//!   about to get; a market buy by quote holds the quote size, which includes the fees. Fills
//!   are paid out of the hold and what is left is released when the order ends.
//! - **IOC leftovers.** Market, `sor_limit_ioc` and FOK orders never rest. One that filled
//!   partly ends `CANCELLED`; one that filled nothing (including a killed FOK) ends `EXPIRED`.
//!   A market buy by quote whose remaining budget cannot buy one more lot ends `FILLED`.
//! - **Stop-limit** orders are `OPEN` with trigger status `STOP_PENDING` and not on the book.
//!   When a trade prints at or through the stop price in the stop direction they become limit
//!   orders at their limit price (they may take liquidity at once).
//! - **Brackets** rest as a take-profit limit order. When a trade prints at or through the stop
//!   trigger price (at or below it for a sell, at or above for a buy), the take-profit leaves
//!   the book and the order becomes a limit order at the stop trigger price −5 % for sells
//!   (rounded up to the tick) or +5 % for buys (rounded down), as Coinbase documents for its
//!   trigger brackets. A buy bracket holds enough for that exit price.
//! - **Price protection** ([`Protection`], per product): a taking order fills only within a
//!   band of the mid and the rest is cancelled; a limit far through the market is refused with
//!   `LIMIT_PRICE_TOO_FAR_FROM_MARKET` (see the `protection` module).
//! - **Self-trade prevention**: an order never trades with a resting order of its own user;
//!   the smaller is cancelled and the larger decremented (see the `stp` module).
//! - **Edits** keep their newest five in `edit_history` (see [`Engine::edit`]).
//! - **Fees** are charged in quote: the maker rate for the resting order, the taker rate for the
//!   incoming one.
//! - **Events.** Every change of an aggregated price level emits one [`EngineEvent::Level`]
//!   with the new total, each trade one [`EngineEvent::Trade`], and each engine call one
//!   [`EngineEvent::OrderChanged`] per order it changed.
//!
//! Every history is bounded: a user keeps the newest 10,000 terminal orders and fills (fewer
//! when [`Engine::limit_history`] says so; pruned once the order list is twice that long, or
//! that limit longer than after the last pass when working orders fill it), a
//! pruned order's `client_order_id` is forgotten, and the trade log keeps the newest 2,000.

mod accounts;
mod edit;
mod ladder;
mod lifecycle;
mod liquidity;
mod matching;
mod placing;
mod preview;
mod protection;
mod rules;
mod stp;
mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

pub use edit::{EditRecord, EditReject};
pub use protection::{PRICE_PROTECTION_CANCEL, Protection};
pub use stp::SELF_TRADE_CANCEL;
pub use types::{
    Balance, EngineConfig, EngineEvent, Liquidity, NewOrder, Preview, Reject, SimFill, SimOrder, TradeRecord,
};

use crate::domain::{ProductId, ProductRules, Side};
use accounts::Accounts;
use ladder::Ladder;

/// Terminal orders and fills kept per user unless [`Engine::limit_history`] says otherwise.
const KEEP_HISTORY: usize = 10_000;
/// Trades kept in the recent-trade log.
const KEEP_TRADES: usize = 2_000;

/// The matching engine. See the module documentation for the conventions.
#[derive(Debug)]
pub struct Engine {
    products: Vec<ProductRules>,
    maker_fee: Decimal,
    taker_fee: Decimal,
    books: HashMap<ProductId, Ladder>,
    orders: BTreeMap<String, SimOrder>,
    by_user: HashMap<String, Vec<String>>,
    client_ids: HashMap<(String, String), String>,
    fills: HashMap<String, VecDeque<SimFill>>,
    accounts: Accounts,
    on_book: HashSet<String>,
    stops: BTreeSet<String>,
    gtd: BTreeSet<(DateTime<Utc>, String)>,
    last_trades: HashMap<ProductId, (Decimal, DateTime<Utc>)>,
    trade_range: BTreeMap<ProductId, (Decimal, Decimal)>,
    trade_log: VecDeque<TradeRecord>,
    history_limits: HashMap<String, usize>,
    protection: HashMap<ProductId, protection::Protection>,
    /// Per user, the order-list length at which the next prune pass runs.
    prune_at: HashMap<String, usize>,
    events: Vec<EngineEvent>,
    touched: Vec<String>,
    counters: [u64; 3],
}

/// Kinds of generated ids; the kind is the first group of the UUID-shaped id.
#[derive(Clone, Copy)]
enum IdKind {
    Order = 0,
    Trade = 1,
    Entry = 2,
}

impl Engine {
    /// An engine with empty books and no balances.
    pub fn new(config: EngineConfig) -> Self {
        let books = config.products.iter().map(|p| (p.id.clone(), Ladder::default())).collect();
        Self {
            products: config.products,
            maker_fee: config.maker_fee,
            taker_fee: config.taker_fee,
            books,
            orders: BTreeMap::new(),
            by_user: HashMap::new(),
            client_ids: HashMap::new(),
            fills: HashMap::new(),
            accounts: Accounts::default(),
            on_book: HashSet::new(),
            stops: BTreeSet::new(),
            gtd: BTreeSet::new(),
            last_trades: HashMap::new(),
            trade_range: BTreeMap::new(),
            trade_log: VecDeque::new(),
            history_limits: HashMap::new(),
            protection: HashMap::new(),
            prune_at: HashMap::new(),
            events: Vec::new(),
            touched: Vec::new(),
            counters: [0; 3],
        }
    }

    /// The products, in configuration order.
    pub fn products(&self) -> impl Iterator<Item = &ProductRules> {
        self.products.iter()
    }

    /// The rules of one product.
    pub fn product(&self, id: &ProductId) -> Option<&ProductRules> {
        self.products.iter().find(|p| &p.id == id)
    }

    /// Keeps at most `keep` terminal orders and fills of `user` (default 10,000), e.g. few for
    /// the synthetic market participants whose history nobody reads.
    pub fn limit_history(&mut self, user: &str, keep: usize) {
        self.history_limits.insert(user.to_string(), keep);
    }

    /// How many terminal orders and fills of `user` are kept.
    fn history_limit(&self, user: &str) -> usize {
        self.history_limits.get(user).copied().unwrap_or(KEEP_HISTORY)
    }

    /// Adds `amount` to a user's available balance (ignored if it would overflow).
    pub fn fund(&mut self, user: &str, currency: &str, amount: Decimal) {
        let _ = self.accounts.credit(user, currency, amount);
    }

    /// Changes the maker and taker rates of every later fill and hold.
    pub fn set_fees(&mut self, maker: Decimal, taker: Decimal) {
        (self.maker_fee, self.taker_fee) = (maker, taker);
    }

    /// A user's balances sorted by currency, including zero balances of every currency of
    /// every product.
    pub fn balances(&self, user: &str) -> Vec<Balance> {
        let mut currencies: BTreeSet<String> =
            self.products.iter().flat_map(|p| [p.id.base().to_string(), p.id.quote().to_string()]).collect();
        currencies.extend(self.accounts.of_user(user).map(|(c, _)| c.clone()));
        currencies
            .into_iter()
            .map(|currency| {
                let bal = self.accounts.get(user, &currency);
                Balance { currency, available: bal.available, hold: bal.hold }
            })
            .collect()
    }

    /// One order by id, whoever owns it.
    pub fn order(&self, order_id: &str) -> Option<&SimOrder> {
        self.orders.get(order_id)
    }

    /// A user's orders, newest first.
    pub fn orders(&self, user: &str) -> impl Iterator<Item = &SimOrder> {
        let ids = self.by_user.get(user).map(Vec::as_slice).unwrap_or_default();
        ids.iter().rev().filter_map(|id| self.orders.get(id))
    }

    /// A user's fills, newest first.
    pub fn fills(&self, user: &str) -> impl Iterator<Item = &SimFill> {
        self.fills.get(user).into_iter().flat_map(|f| f.iter().rev())
    }

    /// Up to `depth` aggregated levels: `Buy` = bids descending, `Sell` = asks ascending.
    pub fn book_levels(&self, product: &ProductId, side: Side, depth: usize) -> Vec<(Decimal, Decimal)> {
        self.books.get(product).map(|b| b.levels(side, depth)).unwrap_or_default()
    }

    /// Price and time of the product's last trade.
    pub fn last_trade(&self, product: &ProductId) -> Option<(Decimal, DateTime<Utc>)> {
        self.last_trades.get(product).copied()
    }

    /// Recent trades of every product with `seq > after`, oldest first (the log keeps the
    /// newest 2,000).
    pub fn trades_after(&self, after: u64) -> impl Iterator<Item = &TradeRecord> {
        let start = self.trade_log.partition_point(|t| t.seq <= after);
        self.trade_log.range(start..)
    }

    /// Every event since the last drain, in order.
    pub fn drain_events(&mut self) -> Vec<EngineEvent> {
        std::mem::take(&mut self.events)
    }

    fn rules(&self, product: &ProductId) -> Option<&ProductRules> {
        self.product(product)
    }

    fn next_id(&mut self, kind: IdKind) -> String {
        let counter = &mut self.counters[kind as usize];
        *counter += 1;
        format!("{:08x}-0000-4000-8000-{:012x}", kind as u32 + 1, *counter)
    }

    /// The rate used for buy holds: the larger of the two fee rates.
    fn hold_rate(&self) -> Decimal {
        self.maker_fee.max(self.taker_fee)
    }

    fn touch(&mut self, order_id: &str) {
        if !self.touched.iter().any(|id| id == order_id) {
            self.touched.push(order_id.to_string());
        }
    }

    fn emit_level(
        &mut self,
        product: &ProductId,
        side: Side,
        price: Decimal,
        total: Decimal,
        now: DateTime<Utc>,
    ) {
        self.events.push(EngineEvent::Level {
            product_id: product.clone(),
            side,
            price,
            new_size: total,
            time: now,
        });
    }

    /// Ends an engine call: fires triggered stops, then reports every changed order once.
    fn finish_call(&mut self, now: DateTime<Utc>) -> Result<(), accounts::Fault> {
        let fired = self.process_triggers(now);
        self.trade_range.clear();
        for id in std::mem::take(&mut self.touched) {
            if let Some(o) = self.orders.get(&id) {
                let user = o.user.clone();
                self.events.push(EngineEvent::OrderChanged { user, order_id: id });
            }
        }
        fired
    }
}

/// Currency an order holds: quote for buys, base for sells.
fn hold_currency(product: &ProductId, side: Side) -> &str {
    match side {
        Side::Buy => product.quote(),
        Side::Sell => product.base(),
    }
}

#[cfg(test)]
mod tests;
