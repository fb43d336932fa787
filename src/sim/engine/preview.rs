//! Pre-trade estimates for `POST /orders/preview`.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::accounts::{Fault, add, mul, sub};
use super::types::{NewOrder, Preview};
use super::{Engine, hold_currency};
use crate::domain::{OrderConfig, ProductId, Side};

/// Estimated size, value and fees of an order.
#[derive(Default)]
struct Estimate {
    base: Decimal,
    value: Decimal,
    fee: Decimal,
    taken_base: Decimal,
    taken_value: Decimal,
}

impl Engine {
    /// Estimates an order without placing it: the part that would take liquidity now at book
    /// prices and the taker rate, the rest at its limit price and the maker rate (stop-limit
    /// and bracket orders entirely at their limit price and the taker rate). `errs` lists the
    /// `PREVIEW_*` reasons the order would be refused with.
    pub fn preview(
        &self,
        user: &str,
        side: Side,
        product: &ProductId,
        config: &OrderConfig,
        now: DateTime<Utc>,
    ) -> Preview {
        self.preview_with(user, side, product, config, Decimal::ZERO, now)
    }

    /// [`Engine::preview`] with `credit` more available to the order (the hold an edited
    /// order already has).
    pub(super) fn preview_with(
        &self,
        user: &str,
        side: Side,
        product: &ProductId,
        config: &OrderConfig,
        credit: Decimal,
        now: DateTime<Utc>,
    ) -> Preview {
        let book = self.books.get(product);
        let mut preview = Preview {
            best_bid: book.and_then(|b| b.best(Side::Buy)),
            best_ask: book.and_then(|b| b.best(Side::Sell)),
            ..Preview::default()
        };
        let order = NewOrder {
            client_order_id: String::new(),
            product_id: product.clone(),
            side,
            config: config.clone(),
        };
        if let Err(reject) = self.admit(&order, now) {
            preview.errs.push(reject.preview_reason);
            return preview;
        }
        match self.estimate(user, &order, &mut preview, credit) {
            Ok(true) => {}
            Ok(false) => preview.errs.push("PREVIEW_INSUFFICIENT_FUND"),
            Err(_) => preview.errs.push("PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE"),
        }
        preview
    }

    /// Fills the amounts of `preview`; `Ok(false)` when the user cannot fund the order.
    fn estimate(
        &self,
        user: &str,
        order: &NewOrder,
        preview: &mut Preview,
        credit: Decimal,
    ) -> Result<bool, Fault> {
        let (side, product, config) = (order.side, &order.product_id, &order.config);
        let plan = self.immediate_plan(user, side, product, config)?;
        let mut est = Estimate::default();
        for f in plan.iter().flat_map(|p| p.trades()) {
            let notional = mul(f.price, f.size)?;
            est.base = add(est.base, f.size)?;
            est.value = add(est.value, notional)?;
            est.fee = add(est.fee, mul(notional, self.taker_fee)?)?;
        }
        (est.taken_base, est.taken_value) = (est.base, est.value);
        if !plan.as_ref().is_some_and(|p| p.banded) {
            self.estimate_rest(config, &mut est)?;
        }
        let touch = match side {
            Side::Buy => preview.best_ask,
            Side::Sell => preview.best_bid,
        };
        fill_preview(preview, side, &est, touch)?;
        let hold = self.required_hold(side, product, config, plan.as_ref())?;
        let available = self.accounts.get(user, hold_currency(product, side)).available;
        Ok(hold <= add(available, credit)?)
    }

    /// Adds the part of the order that would not take liquidity on arrival.
    fn estimate_rest(&self, config: &OrderConfig, est: &mut Estimate) -> Result<(), Fault> {
        let (Some(size), Some(price)) = (config.base_size(), config.limit_price()) else {
            return Ok(());
        };
        let rate = match config {
            OrderConfig::LimitGtc(_) | OrderConfig::LimitGtd(_) => self.maker_fee,
            OrderConfig::StopLimitGtc(_)
            | OrderConfig::StopLimitGtd(_)
            | OrderConfig::BracketGtc(_)
            | OrderConfig::BracketGtd(_) => self.taker_fee,
            _ => return Ok(()),
        };
        let rest = sub(size, est.base)?.max(Decimal::ZERO);
        let notional = mul(price, rest)?;
        est.base = add(est.base, rest)?;
        est.value = add(est.value, notional)?;
        est.fee = add(est.fee, mul(notional, rate)?)?;
        Ok(())
    }
}

fn fill_preview(
    preview: &mut Preview,
    side: Side,
    est: &Estimate,
    touch: Option<Decimal>,
) -> Result<(), Fault> {
    preview.base_size = est.base;
    preview.quote_size = est.value;
    preview.commission_total = est.fee;
    preview.order_total = match side {
        Side::Buy => add(est.value, est.fee)?,
        Side::Sell => sub(est.value, est.fee)?,
    };
    let avg = |value: Decimal, base: Decimal| value.checked_div(base).unwrap_or_default();
    preview.est_average_filled_price = avg(est.value, est.base).round_dp(10).normalize();
    if let Some(touch) = touch.filter(|t| !t.is_zero() && !est.taken_base.is_zero()) {
        let taken_avg = avg(est.taken_value, est.taken_base);
        let slip = sub(taken_avg, touch)?.abs().checked_div(touch).unwrap_or_default();
        preview.slippage = slip.round_dp(6).normalize();
    }
    Ok(())
}
