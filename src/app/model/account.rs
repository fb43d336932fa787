//! The user's side: open orders, balances, recent fills and fee rates.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

pub use crate::domain::{Balance, FeeRates, FeeTier};
use crate::domain::{Fill, OrderRecord, OrderType, Position, ProductId, RowStatus, Side, Size};

pub mod history;
pub mod lifecycle;
pub mod reload;

use history::{History, OrdersTab};
use lifecycle::{Closed, Known};
use reload::Reload;

/// Fills kept for the fills list.
pub const MAX_FILLS: usize = 50;
/// User-channel times are kept this long past a REST listing's request time, for listings
/// answered out of order (a REST request times out well before).
const SEEN_KEEP: Duration = Duration::from_secs(60);

/// One working order as shown in the Open orders pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOrder {
    /// Exchange id.
    pub order_id: String,
    /// Our id.
    pub client_order_id: String,
    /// Product.
    pub product: ProductId,
    /// Side.
    pub side: Side,
    /// Type.
    pub kind: OrderType,
    /// Limit price.
    pub price: Option<Decimal>,
    /// Stop price (stop-limit) or stop-loss trigger (bracket).
    pub stop: Option<Decimal>,
    /// Total size with its unit (base, or quote for a market order sized in quote).
    pub size: Option<Size>,
    /// Filled so far.
    pub filled: Decimal,
    /// The venue's status, or the local state of an intent.
    pub status: RowStatus,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
    /// A cancel was sent; waiting for the exchange to say it is cancelled.
    pub cancel_requested: bool,
}

impl OpenOrder {
    /// Its venue status and filled quantity (`None` for an intent).
    pub fn known(&self) -> Option<Known> {
        match &self.status {
            RowStatus::Venue(status) => Some(Known { status: status.clone(), filled: self.filled }),
            RowStatus::Intent(_) => None,
        }
    }

    /// Whether this row is an intent whose outcome is unknown: no exchange order id yet
    /// (R-ORD4). Its status says whether it is still being looked up.
    pub fn is_intent(&self) -> bool {
        self.order_id.is_empty()
    }
}

impl From<&OrderRecord> for OpenOrder {
    fn from(o: &OrderRecord) -> Self {
        Self {
            order_id: o.order_id.clone(),
            client_order_id: o.client_order_id.clone(),
            product: o.product.clone(),
            side: o.side,
            kind: o.order_type.clone(),
            price: o.limit_price,
            stop: o.stop_price,
            size: o.size,
            filled: o.filled,
            status: RowStatus::Venue(o.status.clone()),
            created: o.created,
            cancel_requested: o.cancel_pending,
        }
    }
}

/// Orders, balances and fills.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountState {
    /// Working orders, newest first.
    pub orders: Vec<OpenOrder>,
    /// Selected row of the orders list.
    pub selected: usize,
    /// Which list the Open orders pane shows.
    pub tab: OrdersTab,
    /// Recent done orders (the History tab).
    pub history: History,
    /// Balances by currency, sorted.
    pub balances: Vec<Balance>,
    /// Recent fills, newest first.
    pub fills: Vec<Fill>,
    /// Positions and P&L of every product in the loaded fills (FIFO, before truncation).
    pub positions: Vec<Position>,
    /// Fee tier and rates, once loaded.
    pub fee_tier: Option<FeeTier>,
    /// Whether balances have been loaded at least once.
    pub balances_loaded: bool,
    /// When the user channel last reported on each order id (monotonic), so that an older REST
    /// listing cannot bring back an order the channel has since closed or changed.
    pub seen: BTreeMap<String, Instant>,
    /// Orders known to be done, so a late report cannot reopen them.
    pub closed: Closed,
    /// The balances reload.
    pub balances_load: Reload,
    /// The fills reload.
    pub fills_load: Reload,
    /// When the account was last reconciled by REST (monotonic).
    pub reconciled_at: Option<Instant>,
    /// Wall time of the last user-channel message, for the gap listing after a reconnect.
    pub user_seen: Option<DateTime<Utc>>,
}

/// What a user-channel report changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Change {
    /// The filled quantity grew.
    pub filled: bool,
    /// Funds on hold may have changed: the order is new to us, filled or left the book.
    pub holds: bool,
    /// The order was listed and left the list (it is done).
    pub left: bool,
}

impl AccountState {
    /// Replaces the open orders with a REST listing requested at `requested_at`, keeping local
    /// cancel requests and unknown-outcome intents. For an order the user channel reported on
    /// at or after `requested_at`, the channel's version wins: the REST row is ignored, and the
    /// local row (if the channel left one) is kept.
    pub fn set_orders(&mut self, orders: &[OrderRecord], requested_at: Instant) {
        let newer = |id: &str| self.seen.get(id).is_some_and(|t| *t >= requested_at);
        let requested: Vec<&str> =
            self.orders.iter().filter(|o| o.cancel_requested).map(|o| o.order_id.as_str()).collect();
        let mut next: Vec<OpenOrder> =
            self.orders.iter().filter(|o| o.is_intent() || newer(&o.order_id)).cloned().collect();
        for row in orders.iter().filter(|o| o.status.is_working()) {
            let closed = self.closed.get(&row.order_id).is_some();
            if closed || newer(&row.order_id) || next.iter().any(|o| o.order_id == row.order_id) {
                continue;
            }
            let mut o = OpenOrder::from(row);
            o.cancel_requested |= requested.contains(&o.order_id.as_str());
            next.push(o);
        }
        self.orders = next;
        self.seen.retain(|_, t| requested_at.saturating_duration_since(*t) < SEEN_KEEP);
        self.sort_and_clamp();
    }

    /// Applies a user-channel order received at `at`: inserts, updates, or removes it when
    /// done (into the history, with the size its open row had). A stale report (an earlier
    /// state or less filled than known, see [`lifecycle`]) is ignored: `None`.
    pub fn apply_user_order(&mut self, u: &OrderRecord, at: Instant) -> Option<Change> {
        let pos = self.orders.iter().position(|o| o.order_id == u.order_id);
        let known = match pos {
            Some(i) => self.orders[i].known(),
            None => self.closed.get(&u.order_id).cloned(),
        };
        if known.as_ref().is_some_and(|k| k.is_stale(&u.status, u.filled)) {
            return None;
        }
        self.seen.insert(u.order_id.clone(), at);
        let before = known.as_ref().map_or(Decimal::ZERO, |k| k.filled);
        let filled = u.filled > before;
        let new = known.is_none();
        let incoming = OpenOrder::from(u);
        let working = u.status.is_working();
        if !working {
            self.closed.insert(&u.order_id, Known { status: u.status.clone(), filled: u.filled });
        }
        let left = pos.is_some() && !working;
        let change = Change { filled, holds: filled || new || left, left };
        match (pos, working) {
            (Some(i), true) => {
                let (requested, size) = (self.orders[i].cancel_requested, self.orders[i].size);
                let cancel_requested = requested || incoming.cancel_requested;
                self.orders[i] = OpenOrder { cancel_requested, size: incoming.size.or(size), ..incoming };
            }
            (Some(i), false) => {
                let size = self.orders.remove(i).size;
                self.history.record(u, size);
            }
            (None, true) => self.orders.push(incoming),
            (None, false) => self.history.record(u, None),
        }
        self.sort_and_clamp();
        Some(change)
    }

    /// Inserts an order we just placed or found, unless it is listed already or the user
    /// channel has reported on it (it may have filled and left the book already).
    pub fn insert_placed(&mut self, order: OpenOrder) {
        let known = self.seen.contains_key(&order.order_id) || self.closed.get(&order.order_id).is_some();
        if !known && !self.orders.iter().any(|o| o.order_id == order.order_id) {
            self.orders.push(order);
            self.sort_and_clamp();
        }
    }

    /// Adds or replaces the row of an unknown-outcome intent (matched by client order id).
    pub fn upsert_intent(&mut self, row: OpenOrder) {
        match self.orders.iter_mut().find(|o| o.is_intent() && o.client_order_id == row.client_order_id) {
            Some(o) => *o = row,
            None => self.orders.push(row),
        }
        self.sort_and_clamp();
    }

    /// Removes the row of an unknown-outcome intent.
    pub fn remove_intent(&mut self, client_order_id: &str) {
        self.orders.retain(|o| !(o.is_intent() && o.client_order_id == client_order_id));
        self.sort_and_clamp();
    }

    fn sort_and_clamp(&mut self) {
        self.orders.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.order_id.cmp(&b.order_id)));
        self.selected = self.selected.min(self.orders.len().saturating_sub(1));
    }

    /// Replaces balances with an accounts listing (empty zero balances dropped).
    pub fn set_balances(&mut self, accounts: &[Balance]) {
        let mut balances: Vec<Balance> =
            accounts.iter().filter(|b| !(b.available.is_zero() && b.hold.is_zero())).cloned().collect();
        balances.sort_by(|a, b| a.currency.cmp(&b.currency));
        self.balances = balances;
        self.balances_loaded = true;
    }

    /// The available balance of `currency` (zero when unknown).
    pub fn available(&self, currency: &str) -> Decimal {
        self.balances.iter().find(|b| b.currency == currency).map_or(Decimal::ZERO, |b| b.available)
    }

    /// The selected open order, if any (also while the pane shows the History tab).
    pub fn selected_order(&self) -> Option<&OpenOrder> {
        self.orders.get(self.selected)
    }

    /// Whether the Open orders pane shows the History tab (its rows are not open orders).
    pub fn showing_history(&self) -> bool {
        self.tab == OrdersTab::History
    }

    /// The fee rates, once loaded.
    pub fn fees(&self) -> Option<FeeRates> {
        self.fee_tier.as_ref().map(|t| t.rates)
    }

    /// Replaces the fills list (newest first, the last [`MAX_FILLS`]) and the positions (from
    /// every fill given).
    pub fn set_fills(&mut self, fills: &[Fill]) {
        self.positions = crate::domain::positions(fills);
        let mut fills = fills.to_vec();
        fills.sort_by_key(|f| std::cmp::Reverse(f.time));
        fills.truncate(MAX_FILLS);
        self.fills = fills;
    }
}
