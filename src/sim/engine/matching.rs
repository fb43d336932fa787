//! Planning fills against the book (no mutation) and applying them.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::accounts::{Fault, add, mul, sub};
use super::types::{EngineEvent, Liquidity, SimFill, SimOrder, TradeRecord};
use super::{Engine, IdKind, KEEP_TRADES, hold_currency};
use crate::domain::validate::nearest_valid;
use crate::domain::{OrderStatus, ProductId, Side};

/// What an incoming order still wants.
#[derive(Debug, Clone, Copy)]
pub enum Want {
    /// Base size left.
    Base(Decimal),
    /// Quote budget left, fees included (market buy by quote).
    Quote(Decimal),
}

/// One fill the incoming order would get.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The resting order.
    pub maker: String,
    /// Price of the resting order.
    pub price: Decimal,
    /// Base size.
    pub size: Decimal,
    /// The resting order is the taker's own: a self-match, decremented instead of traded.
    pub own: bool,
}

/// The fills an incoming order would get, in order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The fills.
    pub fills: Vec<Planned>,
    /// The book (or the limit price) ran out before the order was satisfied.
    pub exhausted: bool,
    /// The price band stopped the order before it was satisfied.
    pub banded: bool,
}

impl Plan {
    /// Total base size the plan trades (self-matches excluded).
    pub fn base(&self) -> Decimal {
        self.trades().map(|f| f.size).sum()
    }

    /// The fills that trade, without the self-matches.
    pub fn trades(&self) -> impl Iterator<Item = &Planned> {
        self.fills.iter().filter(|f| !f.own)
    }
}

/// Whether a taker on `side` with `limit` accepts a resting `price`.
fn acceptable(side: Side, price: Decimal, limit: Option<Decimal>) -> bool {
    match (side, limit) {
        (_, None) => true,
        (Side::Buy, Some(l)) => price <= l,
        (Side::Sell, Some(l)) => price >= l,
    }
}

/// `x` rounded down to a multiple of `lot`, with the lot's decimals (unchanged when `lot` is
/// not positive).
fn floor_lot(x: Decimal, lot: Decimal) -> Decimal {
    nearest_valid(x, lot).0
}

impl Engine {
    /// The fills an order of `user` on `side` would get now, without changing anything. A
    /// resting order of the same user is planned as a self-match (see [`super::stp`]); the
    /// price band stops the plan at [`Engine::band_cap`].
    pub(super) fn plan(
        &self,
        user: &str,
        product: &ProductId,
        side: Side,
        limit: Option<Decimal>,
        mut want: Want,
    ) -> Result<Plan, Fault> {
        let lot = self.rules(product).map_or(Decimal::ZERO, |r| r.base_increment);
        let cap = self.band_cap(product, side);
        let mut plan = Plan::default();
        let Some(book) = self.books.get(product) else {
            plan.exhausted = true;
            return Ok(plan);
        };
        for (price, level) in book.iter(side.opposite()) {
            if !acceptable(side, *price, limit) {
                break;
            }
            if !acceptable(side, *price, cap) {
                plan.banded = true;
                return Ok(plan);
            }
            for maker in &level.queue {
                let Some(m) = self.orders.get(maker).filter(|m| m.leaves_quantity > Decimal::ZERO) else {
                    continue;
                };
                let (avail, own) = (m.leaves_quantity, m.user == user);
                let take = self.take_size(want, *price, avail, lot, own)?;
                if take <= Decimal::ZERO {
                    return Ok(plan);
                }
                want = self.after_take(want, *price, take, own)?;
                plan.fills.push(Planned { maker: maker.clone(), price: *price, size: take, own });
                // A maker left with size means the order ran out of size or budget.
                if take < avail || matches!(want, Want::Base(b) if b <= Decimal::ZERO) {
                    return Ok(plan);
                }
            }
        }
        plan.exhausted = true;
        Ok(plan)
    }

    /// Quote a taker pays for `size` at `price`, taker fee included.
    pub(super) fn taker_cost(&self, price: Decimal, size: Decimal) -> Result<Decimal, Fault> {
        let notional = mul(price, size)?;
        add(notional, mul(notional, self.taker_fee)?)
    }

    /// Quote one step uses of a quote budget: the taker cost, or the bare notional for a
    /// self-match (Coinbase decrements the funds, no fee is charged).
    fn step_cost(&self, price: Decimal, size: Decimal, own: bool) -> Result<Decimal, Fault> {
        if own { mul(price, size) } else { self.taker_cost(price, size) }
    }

    fn take_size(
        &self,
        want: Want,
        price: Decimal,
        avail: Decimal,
        lot: Decimal,
        own: bool,
    ) -> Result<Decimal, Fault> {
        match want {
            Want::Base(left) => Ok(left.min(avail)),
            Want::Quote(budget) => {
                let fee = if own { Decimal::ZERO } else { self.taker_fee };
                let unit = mul(price, add(Decimal::ONE, fee)?)?;
                let affordable = budget.checked_div(unit).ok_or(Fault("division"))?;
                let mut take = floor_lot(affordable, lot).min(avail);
                if take > Decimal::ZERO && self.step_cost(price, take, own)? > budget {
                    take = sub(take, lot)?.max(Decimal::ZERO);
                }
                Ok(take)
            }
        }
    }

    fn after_take(&self, want: Want, price: Decimal, take: Decimal, own: bool) -> Result<Want, Fault> {
        Ok(match want {
            Want::Base(left) => Want::Base(sub(left, take)?),
            Want::Quote(budget) => Want::Quote(sub(budget, self.step_cost(price, take, own)?)?),
        })
    }

    /// Applies planned fills for the incoming order `taker`.
    pub(super) fn execute(&mut self, taker: &str, plan: Plan, now: DateTime<Utc>) -> Result<(), Fault> {
        for fill in plan.fills {
            if fill.own {
                self.decrement_self_match(taker, &fill, now)?;
            } else {
                self.apply_fill(taker, fill, now)?;
            }
        }
        Ok(())
    }

    fn apply_fill(&mut self, taker: &str, fill: Planned, now: DateTime<Utc>) -> Result<(), Fault> {
        let maker = self.orders.get(&fill.maker).ok_or(Fault("unknown maker"))?;
        let (product, maker_side) = (maker.product_id.clone(), maker.side);
        let trade_id = self.next_id(IdKind::Trade);
        let notional = mul(fill.price, fill.size)?;
        let fees = (mul(notional, self.maker_fee)?, mul(notional, self.taker_fee)?);
        let base = (&trade_id, fill.price, fill.size, notional);
        self.settle(&fill.maker, base, fees.0, Liquidity::Maker, now)?;
        self.settle(taker, base, fees.1, Liquidity::Taker, now)?;
        let maker = self.orders.get(&fill.maker).ok_or(Fault("unknown maker"))?;
        let gone = maker.leaves_quantity <= Decimal::ZERO;
        let book = self.books.get_mut(&product).ok_or(Fault("unknown book"))?;
        let total = book.reduce(maker_side, fill.price, &fill.maker, fill.size, gone);
        self.record_trade(&product, trade_id, fill.price, fill.size, maker_side, now);
        self.emit_level(&product, maker_side, fill.price, total, now);
        if gone {
            self.on_book.remove(&fill.maker);
            self.close(&fill.maker, OrderStatus::Filled, now)?;
        }
        Ok(())
    }

    /// Moves the money of one side of a fill, updates that order's cumulative state and
    /// records the fill.
    fn settle(
        &mut self,
        order_id: &str,
        (trade_id, price, size, notional): (&String, Decimal, Decimal, Decimal),
        fee: Decimal,
        liquidity: Liquidity,
        now: DateTime<Utc>,
    ) -> Result<(), Fault> {
        let entry_id = self.next_id(IdKind::Entry);
        let o = self.orders.get_mut(order_id).ok_or(Fault("unknown order"))?;
        let (user, product, side) = (o.user.clone(), o.product_id.clone(), o.side);
        let (paid, received) = match side {
            Side::Buy => (add(notional, fee)?, size),
            Side::Sell => (size, sub(notional, fee)?),
        };
        self.accounts.spend_hold(&user, hold_currency(&product, side), paid)?;
        self.accounts.credit(&user, hold_currency(&product, side.opposite()), received)?;
        accumulate(o, paid, size, notional, fee, now)?;
        self.push_fill(SimFill {
            entry_id,
            trade_id: trade_id.clone(),
            order_id: order_id.to_string(),
            user,
            product_id: product,
            side,
            price,
            size,
            commission: fee,
            liquidity,
            time: now,
        });
        self.touch(order_id);
        Ok(())
    }

    fn push_fill(&mut self, fill: SimFill) {
        let keep = self.history_limit(&fill.user);
        let list = self.fills.entry(fill.user.clone()).or_default();
        list.push_back(fill);
        while list.len() > keep {
            list.pop_front();
        }
    }

    fn record_trade(
        &mut self,
        product: &ProductId,
        trade_id: String,
        price: Decimal,
        size: Decimal,
        maker_side: Side,
        time: DateTime<Utc>,
    ) {
        let seq = self.counters[IdKind::Trade as usize];
        self.events.push(EngineEvent::Trade {
            product_id: product.clone(),
            trade_id: trade_id.clone(),
            price,
            size,
            maker_side,
            time,
        });
        let record =
            TradeRecord { seq, product_id: product.clone(), trade_id, price, size, maker_side, time };
        self.trade_log.push_back(record);
        if self.trade_log.len() > KEEP_TRADES {
            self.trade_log.pop_front();
        }
        self.last_trades.insert(product.clone(), (price, time));
        let range = self.trade_range.entry(product.clone()).or_insert((price, price));
        *range = (range.0.min(price), range.1.max(price));
    }
}

/// Adds one fill to an order's cumulative state; `paid` came out of its hold.
fn accumulate(
    o: &mut SimOrder,
    paid: Decimal,
    size: Decimal,
    notional: Decimal,
    fee: Decimal,
    now: DateTime<Utc>,
) -> Result<(), Fault> {
    o.outstanding_hold = sub(o.outstanding_hold, paid)?;
    let used = if o.config.quote_size().is_some() { paid } else { size };
    o.leaves_quantity = sub(o.leaves_quantity, used)?.max(Decimal::ZERO);
    o.filled_size = add(o.filled_size, size)?;
    o.filled_value = add(o.filled_value, notional)?;
    o.total_fees = add(o.total_fees, fee)?;
    o.number_of_fills += 1;
    o.last_fill_time = Some(now);
    o.last_update_time = now;
    let avg = o.filled_value.checked_div(o.filled_size).unwrap_or_default();
    o.average_filled_price = avg.round_dp(10).normalize();
    Ok(())
}
