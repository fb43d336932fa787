//! Editing a resting GTC limit order as Coinbase does: the order keeps its id; a new price or
//! a larger size sends it to the back of the queue, a smaller size at the same price keeps its
//! place; the hold follows the new price and size.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::accounts::{Fault, add, mul, sub};
use super::types::Preview;
use super::{Engine, hold_currency};
use crate::domain::validate::{Violation, check_order};
use crate::domain::{LimitGtc, OrderConfig, Side};

/// One accepted edit as Coinbase's `edit_history[]` reports it: the new price and total size.
///
/// `{"price": "4031", "size": "1.94417846", "replace_accept_timestamp": "2025-08-08T22:22:57.505Z"}`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRecord {
    /// The edited limit price.
    pub price: Decimal,
    /// The edited total size.
    pub size: Decimal,
    /// When the engine accepted the edit.
    pub replace_accept_timestamp: DateTime<Utc>,
}

/// Why an edit was refused: Coinbase's `edit_failure_reason` and `preview_failure_reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditReject {
    /// The `edit_failure_reason`.
    pub edit: &'static str,
    /// The `preview_failure_reason` (`UNKNOWN_PREVIEW_FAILURE_REASON` when the edit itself is
    /// the problem).
    pub preview: &'static str,
}

impl From<&'static str> for EditReject {
    fn from(edit: &'static str) -> Self {
        Self { edit, preview: "UNKNOWN_PREVIEW_FAILURE_REASON" }
    }
}

const REJECTED: &str = "COMMANDER_REJECTED_EDIT_ORDER";
const TOO_FAR: &str = "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET";

/// Edits an order's `edit_history` keeps: Coinbase lists "up to 5 most recent edits".
const KEEP_EDITS: usize = 5;

/// `edit_failure_reason` for a rule the edited order breaks.
fn edit_reason(v: &Violation) -> &'static str {
    match v {
        Violation::PricePrecision { .. }
        | Violation::NotPositive { field: crate::domain::validate::Field::LimitPrice, .. } => {
            "INVALID_EDITED_PRICE"
        }
        Violation::TradingDisabled | Violation::CancelOnly | Violation::PostOnlyRequired => REJECTED,
        _ => "INVALID_EDITED_SIZE",
    }
}

impl Engine {
    /// Changes price and total size of a resting GTC limit order of `user`.
    pub fn edit(
        &mut self,
        user: &str,
        order_id: &str,
        price: Decimal,
        size: Decimal,
        now: DateTime<Utc>,
    ) -> Result<(), EditReject> {
        let new_config = self.check_edit(user, order_id, price, size, now)?;
        let result = self.apply_edit(order_id, new_config, now);
        if result.is_ok() {
            self.record_edit(order_id, price, size, now);
        }
        let finished = self.finish_call(now);
        result?;
        finished.map_err(|_| EditReject::from(REJECTED))
    }

    /// What an edit would do, without doing it: the estimate of the remaining size at the new
    /// price, counting the order's current hold as available.
    pub fn edit_preview(
        &self,
        user: &str,
        order_id: &str,
        price: Decimal,
        size: Decimal,
        now: DateTime<Utc>,
    ) -> Result<Preview, EditReject> {
        let config = self.check_edit(user, order_id, price, size, now)?;
        let o = self.orders.get(order_id).ok_or("ORDER_NOT_FOUND")?;
        let remaining = remaining_config(&config, o.filled_size).ok_or(REJECTED)?;
        let preview = self.preview_with(user, o.side, &o.product_id, &remaining, o.outstanding_hold, now);
        match preview.errs.first() {
            Some(reason) => Err(EditReject { edit: REJECTED, preview: reason }),
            None => Ok(preview),
        }
    }

    fn check_edit(
        &self,
        user: &str,
        order_id: &str,
        price: Decimal,
        size: Decimal,
        now: DateTime<Utc>,
    ) -> Result<OrderConfig, EditReject> {
        let o = self.orders.get(order_id).filter(|o| o.user == user).ok_or("ORDER_NOT_FOUND")?;
        let OrderConfig::LimitGtc(l) = &o.config else {
            return Err("ONLY_LIMIT_ORDER_EDITS_SUPPORTED".into());
        };
        if !o.status.is_working() || !self.on_book.contains(order_id) {
            return Err("ONLY_OPEN_ORDERS_CAN_BE_EDITED".into());
        }
        if price == l.limit_price && size == l.base_size {
            return Err("EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST".into());
        }
        if size < o.filled_size {
            return Err("CANNOT_EDIT_TO_BELOW_FILLED_SIZE".into());
        }
        if size == o.filled_size {
            return Err("INVALID_EDITED_SIZE".into());
        }
        let config =
            OrderConfig::LimitGtc(LimitGtc { base_size: size, limit_price: price, post_only: l.post_only });
        let rules = self.rules(&o.product_id).ok_or("ORDER_NOT_FOUND")?;
        check_order(o.side, &config, rules, now).map_err(|v| edit_reason(&v))?;
        if self.too_far(&o.product_id, o.side, price).is_some() {
            return Err(EditReject { edit: "INVALID_EDITED_PRICE", preview: TOO_FAR });
        }
        if l.post_only && self.would_cross(&o.product_id, o.side, Some(price)) {
            return Err("INVALID_EDITED_PRICE".into());
        }
        Ok(config)
    }

    fn apply_edit(&mut self, id: &str, config: OrderConfig, now: DateTime<Utc>) -> Result<(), EditReject> {
        let internal = |_: Fault| EditReject::from(REJECTED);
        let o = self.orders.get(id).ok_or("ORDER_NOT_FOUND")?;
        let (user, side, product, old_hold) =
            (o.user.clone(), o.side, o.product_id.clone(), o.outstanding_hold);
        let remaining = sub(config.base_size().unwrap_or_default(), o.filled_size).map_err(internal)?;
        let price = config.limit_price().unwrap_or_default();
        let keeps_place = o.working_price == Some(price) && remaining <= o.leaves_quantity;
        let new_hold = self.hold_for(side, price, remaining).map_err(internal)?;
        let currency = hold_currency(&product, side).to_string();
        self.accounts.release(&user, &currency, old_hold).map_err(internal)?;
        if !self.accounts.hold(&user, &currency, new_hold).map_err(internal)? {
            let _ = self.accounts.hold(&user, &currency, old_hold);
            return Err(EditReject { edit: REJECTED, preview: "PREVIEW_INSUFFICIENT_FUND" });
        }
        if keeps_place {
            return self.shrink_in_place(id, config, new_hold, remaining, now).map_err(internal);
        }
        self.take_off_book(id, now).map_err(internal)?;
        let o = self.orders.get_mut(id).ok_or("ORDER_NOT_FOUND")?;
        (o.config, o.outstanding_hold, o.leaves_quantity, o.working_price) =
            (config, new_hold, remaining, Some(price));
        o.last_update_time = now;
        self.work_limit(id, now).map_err(internal)
    }

    /// Adds an accepted edit to the order's `edit_history`, keeping the newest
    /// [`KEEP_EDITS`].
    fn record_edit(&mut self, id: &str, price: Decimal, size: Decimal, now: DateTime<Utc>) {
        if let Some(o) = self.orders.get_mut(id) {
            o.edit_history.push(EditRecord { price, size, replace_accept_timestamp: now });
            let extra = o.edit_history.len().saturating_sub(KEEP_EDITS);
            o.edit_history.drain(..extra);
        }
    }

    /// The hold a resting limit order of `size` at `price` needs.
    pub(super) fn hold_for(&self, side: Side, price: Decimal, size: Decimal) -> Result<Decimal, Fault> {
        match side {
            Side::Buy => mul(mul(price, size)?, add(Decimal::ONE, self.hold_rate())?),
            Side::Sell => Ok(size),
        }
    }

    /// A smaller size at the same price: the order stays where it is in its queue.
    fn shrink_in_place(
        &mut self,
        id: &str,
        config: OrderConfig,
        hold: Decimal,
        remaining: Decimal,
        now: DateTime<Utc>,
    ) -> Result<(), Fault> {
        let o = self.orders.get_mut(id).ok_or(Fault("unknown order"))?;
        let cut = sub(o.leaves_quantity, remaining)?;
        let (product, side, price) = (o.product_id.clone(), o.side, o.working_price.unwrap_or_default());
        (o.config, o.outstanding_hold, o.leaves_quantity) = (config, hold, remaining);
        o.last_update_time = now;
        let book = self.books.get_mut(&product).ok_or(Fault("unknown book"))?;
        let total = book.reduce(side, price, id, cut, false);
        self.emit_level(&product, side, price, total, now);
        self.touch(id);
        Ok(())
    }
}

/// The edited order's configuration cut to what is still to be filled.
fn remaining_config(config: &OrderConfig, filled: Decimal) -> Option<OrderConfig> {
    let OrderConfig::LimitGtc(l) = config else {
        return None;
    };
    config.with_base_size(l.base_size.checked_sub(filled)?)
}
