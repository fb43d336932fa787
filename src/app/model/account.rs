//! The user's side: open orders, balances, recent fills and fee rates.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::coinbase::wire::ws::UserOrder;
use crate::coinbase::wire::{Account, Fill, Order};
use crate::domain::{OrderStatus, ProductId, Side};

/// Fills kept for the fills list.
pub const MAX_FILLS: usize = 50;

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

/// Maker and taker fee rates as fractions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeRates {
    /// Maker rate.
    pub maker: Decimal,
    /// Taker rate.
    pub taker: Decimal,
}

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
}

impl AccountState {
    /// Replaces the open orders with a REST listing, keeping local cancel requests.
    pub fn set_orders(&mut self, orders: &[Order]) {
        let requested: Vec<String> =
            self.orders.iter().filter(|o| o.cancel_requested).map(|o| o.order_id.clone()).collect();
        self.orders = orders.iter().filter(|o| o.status.is_working()).map(OpenOrder::from).collect();
        for o in &mut self.orders {
            o.cancel_requested |= requested.contains(&o.order_id);
        }
        self.sort_and_clamp();
    }

    /// Applies a user-channel order: inserts, updates, or removes it when no longer working.
    /// Returns true when its filled quantity changed.
    pub fn apply_user_order(&mut self, u: &UserOrder) -> bool {
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

    /// Inserts an order we just placed, until the exchange reports on it.
    pub fn insert_placed(&mut self, order: OpenOrder) {
        if !self.orders.iter().any(|o| o.order_id == order.order_id) {
            self.orders.push(order);
            self.sort_and_clamp();
        }
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
