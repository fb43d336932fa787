//! Accepting new orders: idempotency, validation, holds, immediate execution, resting.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::accounts::{Fault, add, mul};
use super::matching::{Plan, Want};
use super::protection::PRICE_PROTECTION_CANCEL;
use super::types::{NewOrder, Reject, SimOrder};
use super::{Engine, IdKind, hold_currency};
use crate::domain::validate::{check_order, nearest_valid};
use crate::domain::{OrderConfig, OrderStatus, ProductId, Side};

fn fault(_: Fault) -> Reject {
    Reject::overflow()
}

/// The price a triggered bracket exits at: the stop trigger −5 % for sells (rounded up to the
/// tick), +5 % for buys (rounded down).
pub(super) fn bracket_exit_price(side: Side, stop: Decimal, tick: Decimal) -> Decimal {
    let factor = match side {
        Side::Sell => Decimal::new(95, 2),
        Side::Buy => Decimal::new(105, 2),
    };
    let raw = stop.checked_mul(factor).unwrap_or(stop);
    let (floor, ceil) = nearest_valid(raw, tick);
    match side {
        Side::Sell if ceil > Decimal::ZERO => ceil,
        Side::Sell => tick,
        Side::Buy => floor,
    }
}

impl Engine {
    /// Places an order for `user`. A `client_order_id` the user already used returns the
    /// original order id and creates nothing.
    pub fn place(&mut self, user: &str, order: NewOrder, now: DateTime<Utc>) -> Result<String, Reject> {
        let key = (user.to_string(), order.client_order_id.clone());
        if let Some(id) = self.client_ids.get(&key) {
            return Ok(id.clone());
        }
        self.admit(&order, now)?;
        self.accept(user, order, now)
    }

    /// Holds the funds of an admitted order, creates it and executes it.
    pub(super) fn accept(
        &mut self,
        user: &str,
        order: NewOrder,
        now: DateTime<Utc>,
    ) -> Result<String, Reject> {
        let plan = self.immediate_plan(user, order.side, &order.product_id, &order.config).map_err(fault)?;
        let hold = self.required_hold(order.side, &order.product_id, &order.config, plan.as_ref());
        let hold = hold.map_err(fault)?;
        let currency = hold_currency(&order.product_id, order.side).to_string();
        if !self.accounts.hold(user, &currency, hold).map_err(fault)? {
            return Err(Reject::insufficient_fund());
        }
        let id = self.create(user, order, hold, now);
        let ran = self.run_new(&id, plan, now);
        let finished = self.finish_call(now);
        ran.and(finished).map_err(fault)?;
        Ok(id)
    }

    /// Product, rule, stop and post-only checks that refuse an order before anything changes.
    pub(super) fn admit(&self, order: &NewOrder, now: DateTime<Utc>) -> Result<(), Reject> {
        let rules =
            self.rules(&order.product_id).ok_or_else(|| Reject::unknown_product(&order.product_id))?;
        check_order(order.side, &order.config, rules, now)?;
        self.check_stop(order)?;
        self.check_limit_distance(order)?;
        if order.config.post_only()
            && self.would_cross(&order.product_id, order.side, order.config.limit_price())
        {
            return Err(Reject::post_only_cross());
        }
        Ok(())
    }

    /// Whether a limit order at `limit` would take liquidity now.
    pub(super) fn would_cross(&self, product: &ProductId, side: Side, limit: Option<Decimal>) -> bool {
        let Some(limit) = limit else { return true };
        let best = self.books.get(product).and_then(|b| b.best(side.opposite()));
        match (side, best) {
            (_, None) => false,
            (Side::Buy, Some(ask)) => limit >= ask,
            (Side::Sell, Some(bid)) => limit <= bid,
        }
    }

    /// The fills an order would get on arrival; `None` for a stop-limit (it waits).
    pub(super) fn immediate_plan(
        &self,
        user: &str,
        side: Side,
        product: &ProductId,
        config: &OrderConfig,
    ) -> Result<Option<Plan>, Fault> {
        let want = match (config.base_size(), config.quote_size()) {
            (Some(b), _) => Want::Base(b),
            (None, Some(q)) => Want::Quote(q),
            (None, None) => return Ok(None),
        };
        match config {
            OrderConfig::StopLimitGtc(_) | OrderConfig::StopLimitGtd(_) => Ok(None),
            _ => self.plan(user, product, side, config.limit_price(), want).map(Some),
        }
    }

    /// What an order must hold on acceptance (see the module documentation).
    pub(super) fn required_hold(
        &self,
        side: Side,
        product: &ProductId,
        config: &OrderConfig,
        plan: Option<&Plan>,
    ) -> Result<Decimal, Fault> {
        if let Some(q) = config.quote_size() {
            return Ok(q);
        }
        let size = config.base_size().unwrap_or_default();
        if side == Side::Sell {
            return Ok(size);
        }
        let price = match config {
            OrderConfig::MarketIoc(_) => {
                let fills = plan.map(|p| p.fills.as_slice()).unwrap_or_default();
                return fills.iter().try_fold(Decimal::ZERO, |acc, f| {
                    let notional = mul(f.price, f.size)?;
                    add(acc, add(notional, mul(notional, self.taker_fee)?)?)
                });
            }
            OrderConfig::BracketGtc(b) | OrderConfig::BracketGtd(b) => {
                let tick = self.rules(product).map_or(Decimal::ZERO, |r| r.price_increment);
                b.limit_price.max(bracket_exit_price(side, b.stop_trigger_price, tick))
            }
            other => other.limit_price().unwrap_or_default(),
        };
        mul(mul(price, size)?, add(Decimal::ONE, self.hold_rate())?)
    }

    fn create(&mut self, user: &str, order: NewOrder, hold: Decimal, now: DateTime<Utc>) -> String {
        let id = self.next_id(IdKind::Order);
        if let Some(end) = order.config.end_time() {
            self.gtd.insert((end, id.clone()));
        }
        if !order.client_order_id.is_empty() {
            self.client_ids.insert((user.to_string(), order.client_order_id.clone()), id.clone());
        }
        self.orders.insert(id.clone(), accepted(&id, user, order, hold, now));
        self.by_user.entry(user.to_string()).or_default().push(id.clone());
        self.touch(&id);
        self.prune(user);
        id
    }

    /// Executes a new order according to its type.
    fn run_new(&mut self, id: &str, plan: Option<Plan>, now: DateTime<Utc>) -> Result<(), Fault> {
        let config = self.orders.get(id).ok_or(Fault("unknown order"))?.config.clone();
        let plan = plan.unwrap_or_default();
        let banded = plan.banded;
        match config {
            OrderConfig::StopLimitGtc(_) | OrderConfig::StopLimitGtd(_) => {
                self.stops.insert(id.to_string());
                Ok(())
            }
            OrderConfig::LimitFok(l) if plan.base() < l.base_size => {
                self.close(id, OrderStatus::Expired, now)
            }
            OrderConfig::MarketIoc(_) | OrderConfig::SorLimitIoc(_) | OrderConfig::LimitFok(_) => {
                let exhausted = plan.exhausted;
                self.execute(id, plan, now)?;
                self.mark_banded(id, banded);
                self.finish_ioc(id, exhausted, now)
            }
            OrderConfig::LimitGtc(_) | OrderConfig::LimitGtd(_) => {
                self.execute(id, plan, now)?;
                self.mark_banded(id, banded);
                self.rest_or_fill(id, now)
            }
            OrderConfig::BracketGtc(_) | OrderConfig::BracketGtd(_) => {
                self.execute(id, plan, now)?;
                self.mark_banded(id, banded);
                self.rest_or_fill(id, now)?;
                if self.orders.get(id).is_some_and(|o| o.status.is_working()) {
                    self.stops.insert(id.to_string());
                }
                Ok(())
            }
        }
    }

    /// Marks an order the price band stopped with size left: it is cancelled, not rested.
    pub(super) fn mark_banded(&mut self, id: &str, banded: bool) {
        if let Some(o) = self.orders.get_mut(id).filter(|o| banded && o.leaves_quantity > Decimal::ZERO) {
            o.cancel_reason = Some(PRICE_PROTECTION_CANCEL);
        }
    }

    /// Ends an order that may not rest: `CANCELLED` if the engine cancelled it (self-trade
    /// prevention, price band), else `FILLED`, else `CANCELLED` if it filled some, else
    /// `EXPIRED`. A quote-sized order that stopped only for lack of budget counts as filled.
    fn finish_ioc(&mut self, id: &str, exhausted: bool, now: DateTime<Utc>) -> Result<(), Fault> {
        let o = self.orders.get(id).ok_or(Fault("unknown order"))?;
        let by_quote = o.config.quote_size().is_some();
        let status = if o.cancel_reason.is_some() {
            OrderStatus::Cancelled
        } else if o.leaves_quantity <= Decimal::ZERO || (by_quote && !exhausted && o.number_of_fills > 0) {
            OrderStatus::Filled
        } else if o.filled_size > Decimal::ZERO {
            OrderStatus::Cancelled
        } else {
            OrderStatus::Expired
        };
        self.close(id, status, now)
    }

    /// Rests what is left of an order at its working price, or ends it `FILLED` (or
    /// `CANCELLED` when the engine cancelled it).
    pub(super) fn rest_or_fill(&mut self, id: &str, now: DateTime<Utc>) -> Result<(), Fault> {
        let o = self.orders.get(id).ok_or(Fault("unknown order"))?;
        if o.cancel_reason.is_some() {
            return self.close(id, OrderStatus::Cancelled, now);
        }
        if o.leaves_quantity <= Decimal::ZERO {
            return self.close(id, OrderStatus::Filled, now);
        }
        let price = o.working_price.ok_or(Fault("no working price"))?;
        let (product, side, leaves) = (o.product_id.clone(), o.side, o.leaves_quantity);
        let book = self.books.get_mut(&product).ok_or(Fault("unknown book"))?;
        let total = book.push(side, price, id, leaves);
        self.on_book.insert(id.to_string());
        self.emit_level(&product, side, price, total, now);
        self.touch(id);
        Ok(())
    }

    /// Drops the oldest terminal orders of a user whose list reached twice the user's
    /// history limit, keeping that limit. Amortised: after a pass the next one waits for
    /// `limit` more orders, also when working orders keep the list long.
    fn prune(&mut self, user: &str) {
        let keep = self.history_limit(user);
        let Some(ids) = self.by_user.get_mut(user) else {
            return;
        };
        let due = self.prune_at.get(user).copied().unwrap_or(keep.saturating_mul(2)).max(64);
        if ids.len() < due {
            return;
        }
        let ids = std::mem::take(ids);
        let working = |id: &String| self.orders.get(id).is_some_and(|o| o.status.is_working());
        let terminal = ids.iter().filter(|id| !working(id)).count();
        let mut to_drop = terminal.saturating_sub(keep);
        let mut kept = Vec::with_capacity(ids.len());
        for id in ids {
            if to_drop > 0 && !self.orders.get(&id).is_some_and(|o| o.status.is_working()) {
                to_drop -= 1;
                if let Some(o) = self.orders.remove(&id) {
                    self.client_ids.remove(&(o.user, o.client_order_id));
                }
            } else {
                kept.push(id);
            }
        }
        self.prune_at.insert(user.to_string(), kept.len().saturating_add(keep.max(32)));
        self.by_user.insert(user.to_string(), kept);
    }
}

/// A freshly accepted order: `OPEN`, nothing filled, `hold` on hold. A stop-limit has no
/// working price until it triggers.
fn accepted(id: &str, user: &str, order: NewOrder, hold: Decimal, now: DateTime<Utc>) -> SimOrder {
    let config = order.config;
    let leaves_quantity = config.base_size().or(config.quote_size()).unwrap_or_default();
    let working_price = match config {
        OrderConfig::StopLimitGtc(_) | OrderConfig::StopLimitGtd(_) => None,
        _ => config.limit_price(),
    };
    SimOrder {
        order_id: id.to_string(),
        client_order_id: order.client_order_id,
        user: user.to_string(),
        product_id: order.product_id,
        side: order.side,
        config,
        status: OrderStatus::Open,
        created_time: now,
        last_update_time: now,
        filled_size: Decimal::ZERO,
        filled_value: Decimal::ZERO,
        average_filled_price: Decimal::ZERO,
        total_fees: Decimal::ZERO,
        number_of_fills: 0,
        last_fill_time: None,
        outstanding_hold: hold,
        triggered: false,
        leaves_quantity,
        working_price,
        edit_history: Vec::new(),
        cancel_reason: None,
    }
}
