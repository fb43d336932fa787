//! The History tab of the Open orders pane: the most recent done orders (filled, cancelled,
//! expired, failed), from a REST listing at start and from every report of an order reaching
//! its end (the user channel, or the listing after a gap in it).

use super::lifecycle::Known;
use crate::domain::{OrderRecord, Size};

/// Done orders kept (and listed at start).
pub const MAX_HISTORY: usize = 100;

/// Which list the Open orders pane shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OrdersTab {
    /// The working orders.
    #[default]
    Open,
    /// The done orders.
    History,
}

/// Done orders, newest first (by creation time), at most [`MAX_HISTORY`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// The orders.
    pub rows: Vec<OrderRecord>,
    /// Selected row.
    pub selected: usize,
    /// Whether the REST listing has answered.
    pub loaded: bool,
}

impl History {
    /// A REST listing of done orders: each is recorded (working ones are left out).
    pub fn set_listing(&mut self, orders: &[OrderRecord]) {
        for order in orders.iter().filter(|o| !o.status.is_working()) {
            self.record(order, None);
        }
        self.loaded = true;
    }

    /// Records the done order `order`; `size` is its size as last known while it was open,
    /// for a report that does not give it. A report of less than what is known (an earlier
    /// status or less filled) changes nothing; a later one replaces the row, keeping what it
    /// does not say.
    pub fn record(&mut self, order: &OrderRecord, size: Option<Size>) {
        let mut row = order.clone();
        row.size = row.size.or(size);
        match self.rows.iter_mut().find(|r| r.order_id == order.order_id) {
            Some(known) => {
                let was = Known { status: known.status.clone(), filled: known.filled };
                if was.is_stale(&order.status, order.filled) {
                    return;
                }
                row.size = row.size.or(known.size);
                row.limit_price = row.limit_price.or(known.limit_price);
                row.stop_price = row.stop_price.or(known.stop_price);
                row.created = row.created.or(known.created);
                *known = row;
            }
            None => self.rows.push(row),
        }
        self.rows.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.order_id.cmp(&b.order_id)));
        self.rows.truncate(MAX_HISTORY);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The selected order, if any.
    pub fn selected_order(&self) -> Option<&OrderRecord> {
        self.rows.get(self.selected)
    }
}
