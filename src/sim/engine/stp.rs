//! Self-trade prevention: an incoming order never trades with a resting order of the same
//! user (the simulator has one portfolio per user).
//!
//! Advanced Trade documents no self-trade option for spot orders (the SDK's
//! `self_trade_prevention_id` is **UNCONFIRMED**), so the engine applies Coinbase Exchange's
//! documented default, **decrement and cancel** (`dc`): the smaller of the two orders is
//! cancelled and the larger is decremented by its size; equal sizes cancel both. Nothing
//! trades and no fee is charged; a quote-sized market buy has its funds decremented by the
//! notional. A cancelled order ends `CANCELLED` with `cancel_message` (and the `user`
//! channel's `cancel_reason`) [`SELF_TRADE_CANCEL`] (UNCONFIRMED wording). A fill-or-kill
//! order counts only real fills, so a self-match in its way kills it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::accounts::{Fault, mul, sub};
use super::matching::Planned;
use super::types::SimOrder;
use super::{Engine, hold_currency};
use crate::domain::{OrderConfig, OrderStatus, Side};

/// `cancel_message` of an order self-trade prevention cancelled.
pub const SELF_TRADE_CANCEL: &str = "SELF_TRADE_PREVENTION";

impl Engine {
    /// Applies one planned self-match: both orders lose `fill.size`, and whichever reaches
    /// zero is cancelled (the taker when the engine call ends it).
    pub(super) fn decrement_self_match(
        &mut self,
        taker: &str,
        fill: &Planned,
        now: DateTime<Utc>,
    ) -> Result<(), Fault> {
        self.decrement(&fill.maker, fill.price, fill.size, now)?;
        self.decrement(taker, fill.price, fill.size, now)
    }

    /// Takes `size` (at `price`) off an order's remaining quantity and releases the hold it
    /// needed; a resting order leaves the book when nothing is left.
    fn decrement(
        &mut self,
        id: &str,
        price: Decimal,
        size: Decimal,
        now: DateTime<Utc>,
    ) -> Result<(), Fault> {
        let o = self.orders.get(id).ok_or(Fault("unknown order"))?;
        let release = self.decrement_release(o, price, size)?.min(o.outstanding_hold);
        let used = if o.config.quote_size().is_some() { mul(price, size)? } else { size };
        let (user, product, side) = (o.user.clone(), o.product_id.clone(), o.side);
        let o = self.orders.get_mut(id).ok_or(Fault("unknown order"))?;
        o.leaves_quantity = sub(o.leaves_quantity, used)?.max(Decimal::ZERO);
        o.outstanding_hold = sub(o.outstanding_hold, release)?;
        o.last_update_time = now;
        let gone = o.leaves_quantity <= Decimal::ZERO;
        if gone {
            o.cancel_reason = Some(SELF_TRADE_CANCEL);
        }
        self.accounts.release(&user, hold_currency(&product, side), release)?;
        self.touch(id);
        if self.on_book.contains(id) {
            let book = self.books.get_mut(&product).ok_or(Fault("unknown book"))?;
            let total = book.reduce(side, price, id, size, gone);
            self.emit_level(&product, side, price, total, now);
            if gone {
                self.on_book.remove(id);
                self.close(id, OrderStatus::Cancelled, now)?;
            }
        }
        Ok(())
    }

    /// The hold `size` of an order needed: base for a sell; for a buy what acceptance held
    /// for it (the notional of a quote-sized market buy, the taker cost of a base-sized one,
    /// the working price plus the hold rate otherwise).
    fn decrement_release(&self, o: &SimOrder, price: Decimal, size: Decimal) -> Result<Decimal, Fault> {
        match (o.side, &o.config) {
            (Side::Sell, _) => Ok(size),
            (Side::Buy, OrderConfig::MarketIoc(m)) if m.quote_size.is_some() => mul(price, size),
            (Side::Buy, OrderConfig::MarketIoc(_)) => self.taker_cost(price, size),
            (Side::Buy, _) => self.hold_for(Side::Buy, o.working_price.unwrap_or(price), size),
        }
    }
}
