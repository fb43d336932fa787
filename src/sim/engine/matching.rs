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
}

/// The fills an incoming order would get, in order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The fills.
    pub fills: Vec<Planned>,
    /// The book (or the limit price) ran out before the order was satisfied.
    pub exhausted: bool,
}

impl Plan {
    /// Total base size of the plan.
    pub fn base(&self) -> Decimal {
        self.fills.iter().map(|f| f.size).sum()
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
    /// The fills an order on `side` would get now, without changing anything.
    pub(super) fn plan(
        &self,
        product: &ProductId,
        side: Side,
        limit: Option<Decimal>,
        mut want: Want,
    ) -> Result<Plan, Fault> {
        let lot = self.rules(product).map_or(Decimal::ZERO, |r| r.base_increment);
        let mut plan = Plan::default();
        let Some(book) = self.books.get(product) else {
            plan.exhausted = true;
            return Ok(plan);
        };
        for (price, level) in book.iter(side.opposite()) {
            if !acceptable(side, *price, limit) {
                break;
            }
            for maker in &level.queue {
                let avail = self.orders.get(maker).map_or(Decimal::ZERO, |o| o.leaves_quantity);
                if avail <= Decimal::ZERO {
                    continue;
                }
                let take = self.take_size(want, *price, avail, lot)?;
                if take <= Decimal::ZERO {
                    return Ok(plan);
                }
                want = self.after_take(want, *price, take)?;
                plan.fills.push(Planned { maker: maker.clone(), price: *price, size: take });
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
    fn taker_cost(&self, price: Decimal, size: Decimal) -> Result<Decimal, Fault> {
        let notional = mul(price, size)?;
        add(notional, mul(notional, self.taker_fee)?)
    }

    fn take_size(&self, want: Want, price: Decimal, avail: Decimal, lot: Decimal) -> Result<Decimal, Fault> {
        match want {
            Want::Base(left) => Ok(left.min(avail)),
            Want::Quote(budget) => {
                let unit = mul(price, add(Decimal::ONE, self.taker_fee)?)?;
                let affordable = budget.checked_div(unit).ok_or(Fault("division"))?;
                let mut take = floor_lot(affordable, lot).min(avail);
                if take > Decimal::ZERO && self.taker_cost(price, take)? > budget {
                    take = sub(take, lot)?.max(Decimal::ZERO);
                }
                Ok(take)
            }
        }
    }

    fn after_take(&self, want: Want, price: Decimal, take: Decimal) -> Result<Want, Fault> {
        Ok(match want {
            Want::Base(left) => Want::Base(sub(left, take)?),
            Want::Quote(budget) => Want::Quote(sub(budget, self.taker_cost(price, take)?)?),
        })
    }

    /// Applies planned fills for the incoming order `taker`.
    pub(super) fn execute(&mut self, taker: &str, plan: Plan, now: DateTime<Utc>) -> Result<(), Fault> {
        for fill in plan.fills {
            self.apply_fill(taker, fill, now)?;
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
