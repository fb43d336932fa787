//! Ending, cancelling and expiring orders, and firing stops.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::accounts::Fault;
use super::matching::Want;
use super::placing::bracket_exit_price;
use super::{Engine, hold_currency};
use crate::domain::{OrderConfig, OrderStatus, Side, StopDirection};

impl Engine {
    /// Ends an order with `status`: takes it off the book and the stop and expiry lists,
    /// releases its remaining hold and zeroes `leaves_quantity`.
    pub(super) fn close(&mut self, id: &str, status: OrderStatus, now: DateTime<Utc>) -> Result<(), Fault> {
        self.take_off_book(id, now)?;
        self.stops.remove(id);
        let o = self.orders.get_mut(id).ok_or(Fault("unknown order"))?;
        if let Some(end) = o.config.end_time() {
            self.gtd.remove(&(end, id.to_string()));
        }
        let currency = hold_currency(&o.product_id, o.side);
        self.accounts.release(&o.user, currency, o.outstanding_hold)?;
        o.outstanding_hold = Decimal::ZERO;
        o.leaves_quantity = Decimal::ZERO;
        o.status = status;
        o.last_update_time = now;
        self.touch(id);
        Ok(())
    }

    /// Removes a resting order's remaining size from its level, if it rests.
    pub(super) fn take_off_book(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), Fault> {
        if !self.on_book.remove(id) {
            return Ok(());
        }
        let o = self.orders.get(id).ok_or(Fault("unknown order"))?;
        let price = o.working_price.ok_or(Fault("no working price"))?;
        let (product, side, leaves) = (o.product_id.clone(), o.side, o.leaves_quantity);
        let book = self.books.get_mut(&product).ok_or(Fault("unknown book"))?;
        let total = book.reduce(side, price, id, leaves, true);
        self.emit_level(&product, side, price, total, now);
        Ok(())
    }

    /// Cancels a working order of `user`. Errors are Coinbase cancel failure reasons.
    pub fn cancel(&mut self, user: &str, order_id: &str, now: DateTime<Utc>) -> Result<(), &'static str> {
        let o = self.orders.get(order_id).filter(|o| o.user == user).ok_or("UNKNOWN_CANCEL_ORDER")?;
        match o.status {
            OrderStatus::Filled => return Err("ORDER_IS_FULLY_FILLED"),
            OrderStatus::Cancelled => return Err("DUPLICATE_CANCEL_REQUEST"),
            ref s if !s.is_working() => return Err("INVALID_CANCEL_REQUEST"),
            _ => {}
        }
        let closed = self.close(order_id, OrderStatus::Cancelled, now);
        let finished = self.finish_call(now);
        closed.and(finished).map_err(|_| "COMMANDER_REJECTED_CANCEL_ORDER")
    }

    /// Expires every good-till-date order whose end time is at or before `now`.
    pub fn expire(&mut self, now: DateTime<Utc>) {
        let due: Vec<(DateTime<Utc>, String)> =
            self.gtd.iter().take_while(|(end, _)| *end <= now).cloned().collect();
        for (end, id) in due {
            if self.orders.get(&id).is_some_and(|o| o.status.is_working()) {
                let _ = self.close(&id, OrderStatus::Expired, now);
            }
            self.gtd.remove(&(end, id));
        }
        let _ = self.finish_call(now);
    }

    /// Matches a working order at its working price, then rests or fills it.
    pub(super) fn work_limit(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), Fault> {
        let o = self.orders.get(id).ok_or(Fault("unknown order"))?;
        let (user, product, side, price, leaves) =
            (o.user.clone(), o.product_id.clone(), o.side, o.working_price, o.leaves_quantity);
        let plan = self.plan(&user, &product, side, price, Want::Base(leaves))?;
        let banded = plan.banded;
        self.execute(id, plan, now)?;
        self.mark_banded(id, banded);
        self.rest_or_fill(id, now)
    }

    /// Fires every stop whose trigger price traded since the last check, repeatedly, since
    /// fired stops can trade and trigger others.
    pub(super) fn process_triggers(&mut self, now: DateTime<Utc>) -> Result<(), Fault> {
        for _ in 0..=self.stops.len() {
            let ranges = std::mem::take(&mut self.trade_range);
            if ranges.is_empty() {
                break;
            }
            let fired: Vec<String> =
                self.stops.iter().filter(|id| self.should_fire(id, &ranges)).cloned().collect();
            for id in fired {
                self.stops.remove(&id);
                self.fire(&id, now)?;
            }
        }
        Ok(())
    }

    fn should_fire(
        &self,
        id: &str,
        ranges: &std::collections::BTreeMap<crate::domain::ProductId, (Decimal, Decimal)>,
    ) -> bool {
        let Some(o) = self.orders.get(id) else {
            return false;
        };
        let Some((low, high)) = ranges.get(&o.product_id) else {
            return false;
        };
        match &o.config {
            OrderConfig::StopLimitGtc(s) | OrderConfig::StopLimitGtd(s) => match s.stop_direction {
                StopDirection::Up => *high >= s.stop_price,
                StopDirection::Down => *low <= s.stop_price,
            },
            OrderConfig::BracketGtc(b) | OrderConfig::BracketGtd(b) => match o.side {
                Side::Sell => *low <= b.stop_trigger_price,
                Side::Buy => *high >= b.stop_trigger_price,
            },
            _ => false,
        }
    }

    /// Turns a triggered stop-limit or bracket into a working limit order.
    fn fire(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), Fault> {
        self.take_off_book(id, now)?;
        let o = self.orders.get(id).ok_or(Fault("unknown order"))?;
        if !o.status.is_working() {
            return Ok(());
        }
        let tick = self.rules(&o.product_id).map_or(Decimal::ZERO, |r| r.price_increment);
        let price = match &o.config {
            OrderConfig::BracketGtc(b) | OrderConfig::BracketGtd(b) => {
                bracket_exit_price(o.side, b.stop_trigger_price, tick)
            }
            other => other.limit_price().ok_or(Fault("no limit price"))?,
        };
        let o = self.orders.get_mut(id).ok_or(Fault("unknown order"))?;
        o.triggered = true;
        o.working_price = Some(price);
        o.last_update_time = now;
        self.touch(id);
        self.work_limit(id, now)
    }
}
