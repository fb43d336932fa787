//! Entry points for participants that stand for a real venue's market (the paper venue,
//! [`crate::paper`]): their orders mirror sizes and prices seen on the venue, so they skip the
//! admission checks (a real level may be smaller than the minimum size, a real trade far from
//! this engine's mid), and a resting one can shrink in place, as a level does when orders in
//! it are cancelled.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::Engine;
use super::types::{NewOrder, Reject};
use crate::domain::OrderStatus;

impl Engine {
    /// Places an order of `user` like [`Engine::place`] but without the admission checks
    /// (product rules, stops, price distance, post-only): funds are held, it matches, and
    /// what is left rests (or, for IOC types, is cancelled). `client_order_id` may be empty.
    pub fn place_unchecked(
        &mut self,
        user: &str,
        order: NewOrder,
        now: DateTime<Utc>,
    ) -> Result<String, Reject> {
        if self.rules(&order.product_id).is_none() {
            return Err(Reject::unknown_product(&order.product_id));
        }
        self.accept(user, order, now)
    }

    /// Takes `by` off the unfilled size of a resting order of `user`, keeping its place in the
    /// queue; an order left with nothing is cancelled. Its hold stays until the order ends.
    pub fn shrink(
        &mut self,
        user: &str,
        order_id: &str,
        by: Decimal,
        now: DateTime<Utc>,
    ) -> Result<(), &'static str> {
        if by <= Decimal::ZERO {
            return Ok(());
        }
        if !self.on_book.contains(order_id) {
            return Err("ORDER_NOT_RESTING");
        }
        let o = self.orders.get_mut(order_id).filter(|o| o.user == user).ok_or("UNKNOWN_ORDER")?;
        if by >= o.leaves_quantity {
            let closed = self.close(order_id, OrderStatus::Cancelled, now);
            let finished = self.finish_call(now);
            return closed.and(finished).map_err(|_| "SHRINK_FAILED");
        }
        o.leaves_quantity -= by;
        o.last_update_time = now;
        let (product, side, price) = (o.product_id.clone(), o.side, o.working_price.unwrap_or_default());
        let total = self
            .books
            .get_mut(&product)
            .map_or(Decimal::ZERO, |b| b.reduce(side, price, order_id, by, false));
        self.emit_level(&product, side, price, total, now);
        self.touch(order_id);
        self.finish_call(now).map_err(|_| "SHRINK_FAILED")
    }
}
