//! The user's side: open orders, balances, recent fills and fee rates.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::coinbase::wire::ws::UserOrder;
use crate::coinbase::wire::{Account, Fill, Order};
use crate::domain::{OrderStatus, ProductId, Side};

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
    /// `LIMIT`, `MARKET`, `STOP_LIMIT`, `BRACKET`.
    pub kind: String,
    /// Limit price.
    pub price: Option<Decimal>,
    /// Total size in base units.
    pub size: Option<Decimal>,
    /// Filled so far.
    pub filled: Decimal,
    /// Status.
    pub status: OrderStatus,
    /// Creation time.
    pub created: Option<DateTime<Utc>>,
    /// A cancel was sent; waiting for the exchange to say it is cancelled.
    pub cancel_requested: bool,
}

impl OpenOrder {
    /// Whether this row is an intent whose outcome is unknown: no exchange order id yet
    /// (R-ORD4). Its status says whether it is still being looked up.
    pub fn is_intent(&self) -> bool {
        self.order_id.is_empty()
    }
}

impl From<&Order> for OpenOrder {
    fn from(o: &Order) -> Self {
        let config = o.order_configuration.as_ref();
        Self {
            order_id: o.order_id.clone(),
            client_order_id: o.client_order_id.clone(),
            product: o.product_id.clone(),
            side: o.side,
            kind: config.map_or_else(|| o.order_type.clone(), |c| c.order_type().to_string()),
            price: config.and_then(|c| c.limit_price()),
            size: config.and_then(|c| c.base_size()),
            filled: o.filled_size.unwrap_or_default(),
            status: o.status.clone(),
            created: Some(o.created_time),
            cancel_requested: o.pending_cancel || o.status == OrderStatus::CancelQueued,
        }
    }
}

impl From<&UserOrder> for OpenOrder {
    fn from(u: &UserOrder) -> Self {
        let filled = u.cumulative_quantity.unwrap_or_default();
        Self {
            order_id: u.order_id.clone(),
            client_order_id: u.client_order_id.clone(),
            product: u.product_id.clone(),
            side: u.order_side,
            kind: u.order_type.clone(),
            price: u.limit_price.filter(|p| !p.is_zero()),
            size: u.leaves_quantity.and_then(|l| l.checked_add(filled)),
            filled,
            status: u.status.clone(),
            created: u.creation_time,
            cancel_requested: u.status == OrderStatus::CancelQueued,
        }
    }
}

/// Available and held balance of one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// Currency code.
    pub currency: String,
    /// Spendable.
    pub available: Decimal,
    /// Held by open orders.
    pub hold: Decimal,
}

pub use crate::domain::FeeRates;

/// Orders, balances and fills.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountState {
    /// Working orders, newest first.
    pub orders: Vec<OpenOrder>,
    /// Selected row of the orders list.
    pub selected: usize,
    /// Balances by currency, sorted.
    pub balances: Vec<Balance>,
    /// Recent fills, newest first.
    pub fills: Vec<Fill>,
    /// Fee rates, once loaded.
    pub fees: Option<FeeRates>,
    /// Whether balances have been loaded at least once.
    pub balances_loaded: bool,
    /// When the user channel last reported on each order id (monotonic), so that an older REST
    /// listing cannot bring back an order the channel has since closed or changed.
    pub seen: BTreeMap<String, Instant>,
}

impl AccountState {
    /// Replaces the open orders with a REST listing requested at `requested_at`, keeping local
    /// cancel requests and unknown-outcome intents. For an order the user channel reported on
    /// at or after `requested_at`, the channel's version wins: the REST row is ignored, and the
    /// local row (if the channel left one) is kept.
    pub fn set_orders(&mut self, orders: &[Order], requested_at: Instant) {
        let newer = |id: &str| self.seen.get(id).is_some_and(|t| *t >= requested_at);
        let requested: Vec<&str> =
            self.orders.iter().filter(|o| o.cancel_requested).map(|o| o.order_id.as_str()).collect();
        let mut next: Vec<OpenOrder> =
            self.orders.iter().filter(|o| o.is_intent() || newer(&o.order_id)).cloned().collect();
        for row in orders.iter().filter(|o| o.status.is_working()) {
            if newer(&row.order_id) || next.iter().any(|o| o.order_id == row.order_id) {
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

    /// Applies a user-channel order received at `at`: inserts, updates, or removes it when no
    /// longer working. Returns true when its filled quantity changed.
    pub fn apply_user_order(&mut self, u: &UserOrder, at: Instant) -> bool {
        self.seen.insert(u.order_id.clone(), at);
        let incoming = OpenOrder::from(u);
        let pos = self.orders.iter().position(|o| o.order_id == incoming.order_id);
        let before = pos.map(|i| self.orders[i].filled);
        let filled_changed = before.map_or(!incoming.filled.is_zero(), |b| b != incoming.filled);
        match (pos, incoming.status.is_working()) {
            (Some(i), true) => {
                let requested = self.orders[i].cancel_requested;
                self.orders[i] =
                    OpenOrder { cancel_requested: requested || incoming.cancel_requested, ..incoming };
            }
            (Some(i), false) => {
                self.orders.remove(i);
            }
            (None, true) => self.orders.push(incoming),
            (None, false) => {}
        }
        self.sort_and_clamp();
        filled_changed
    }

    /// Inserts an order we just placed or found, unless it is listed already or the user
    /// channel has reported on it (it may have filled and left the book already).
    pub fn insert_placed(&mut self, order: OpenOrder) {
        let known = self.seen.contains_key(&order.order_id);
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
    pub fn set_balances(&mut self, accounts: &[Account]) {
        let mut balances: Vec<Balance> = accounts
            .iter()
            .map(|a| Balance {
                currency: a.currency.clone(),
                available: a.available_balance.value,
                hold: a.hold_value(),
            })
            .filter(|b| !(b.available.is_zero() && b.hold.is_zero()))
            .collect();
        balances.sort_by(|a, b| a.currency.cmp(&b.currency));
        self.balances = balances;
        self.balances_loaded = true;
    }

    /// The available balance of `currency` (zero when unknown).
    pub fn available(&self, currency: &str) -> Decimal {
        self.balances.iter().find(|b| b.currency == currency).map_or(Decimal::ZERO, |b| b.available)
    }

    /// The selected order, if any.
    pub fn selected_order(&self) -> Option<&OpenOrder> {
        self.orders.get(self.selected)
    }

    /// Replaces the fills list (newest first).
    pub fn set_fills(&mut self, fills: &[Fill]) {
        let mut fills = fills.to_vec();
        fills.sort_by_key(|f| std::cmp::Reverse(f.trade_time));
        fills.truncate(MAX_FILLS);
        self.fills = fills;
    }
}
