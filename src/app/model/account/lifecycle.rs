//! The order of an order's states, so that a late report never moves it back (R-ORD5).
//!
//! An order goes forward through three stages: *accepted* (`PENDING`, `QUEUED`), *working*
//! (`OPEN`, `EDIT_QUEUED`, `CANCEL_QUEUED`) and *done* (`FILLED`, `CANCELLED`, `EXPIRED`,
//! `FAILED`, or a status this client does not know, which it does not show as working). Its
//! filled quantity never decreases. A report of an earlier stage, or of less filled, than what
//! is known is stale and ignored: a late `OPEN` after `FILLED` or `CANCELLED` changes nothing.
//! Moves within a stage are allowed (a failed cancel: `CANCEL_QUEUED` → `OPEN`), and so is a
//! done order that fills more (a late fill after a cancel: `CANCELLED` → `FILLED`).

use std::collections::{BTreeMap, VecDeque};

use rust_decimal::Decimal;

use crate::domain::OrderStatus;

/// Done orders remembered, so a late report cannot bring them back (bounded, R-ORD6).
pub const MAX_CLOSED: usize = 10_000;

/// How far an order has come: 0 accepted, 1 working, 2 done.
pub fn stage(status: &OrderStatus) -> u8 {
    match status {
        OrderStatus::Pending | OrderStatus::Queued => 0,
        s if s.is_working() => 1,
        _ => 2,
    }
}

/// What is known of an order: its status and filled quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Last status.
    pub status: OrderStatus,
    /// Filled so far.
    pub filled: Decimal,
}

impl Known {
    /// Whether a report of `status` with `filled` is older than what is known.
    pub fn is_stale(&self, status: &OrderStatus, filled: Decimal) -> bool {
        stage(status) < stage(&self.status) || filled < self.filled
    }
}

/// The last status of done orders, by order id, at most [`MAX_CLOSED`] (oldest forgotten).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Closed {
    by_id: BTreeMap<String, Known>,
    order: VecDeque<String>,
}

impl Closed {
    /// What is known of done order `order_id`.
    pub fn get(&self, order_id: &str) -> Option<&Known> {
        self.by_id.get(order_id)
    }

    /// Records that `order_id` is done.
    pub fn insert(&mut self, order_id: &str, known: Known) {
        if self.by_id.insert(order_id.to_string(), known).is_none() {
            self.order.push_back(order_id.to_string());
        }
        while self.order.len() > MAX_CLOSED {
            if let Some(oldest) = self.order.pop_front() {
                self.by_id.remove(&oldest);
            }
        }
    }

    /// How many done orders are remembered.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}
