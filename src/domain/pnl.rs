//! Profit and loss of the user's fills, first in first out (FIFO), and the value of balances
//! in one quote currency. Pure `Decimal` arithmetic; FIFO needs no division, so realized P&L
//! is exact. Fees are kept apart: realized and unrealized P&L are before fees.

use std::collections::{BTreeMap, VecDeque};

use rust_decimal::Decimal;

use super::{Balance, Fill, ProductId, Side};

/// The cost method P&L is computed with, as the dashboard names it.
pub const COST_METHOD: &str = "FIFO";

/// One product's position built from its fills (FIFO).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The product.
    pub product: ProductId,
    /// Net base size held by the fills: positive long, negative when more was sold than the
    /// fills bought (coins acquired before the fills shown).
    pub size: Decimal,
    /// What the open size cost, in quote (signed like `size`).
    pub cost: Decimal,
    /// P&L of the closed size, before fees, in quote.
    pub realized: Decimal,
    /// Fees paid on every fill, in quote.
    pub fees: Decimal,
}

impl Position {
    /// The average entry price of the open size (`None` when flat).
    pub fn entry(&self) -> Option<Decimal> {
        if self.size.is_zero() { None } else { self.cost.checked_div(self.size) }
    }

    /// P&L of the open size at `mark`, before fees: `size × mark − cost`.
    pub fn unrealized(&self, mark: Decimal) -> Option<Decimal> {
        self.size.checked_mul(mark)?.checked_sub(self.cost)
    }
}

/// One open lot: a signed base size bought (or sold) at one price.
#[derive(Debug, Clone, Copy)]
struct Lot {
    size: Decimal,
    price: Decimal,
}

/// The lots and running totals of one product.
#[derive(Debug, Clone, Default)]
struct Ledger {
    lots: VecDeque<Lot>,
    realized: Decimal,
    fees: Decimal,
}

impl Ledger {
    /// Applies one fill; `None` when the arithmetic overflows.
    fn apply(&mut self, fill: &Fill) -> Option<()> {
        self.fees = self.fees.checked_add(fill.fee)?;
        let mut left = match fill.side {
            Side::Buy => fill.size,
            Side::Sell => -fill.size,
        };
        while !left.is_zero() {
            let Some(front) =
                self.lots.front_mut().filter(|l| l.size.is_sign_negative() != left.is_sign_negative())
            else {
                self.lots.push_back(Lot { size: left, price: fill.price });
                return Some(());
            };
            let closed = if left.abs() < front.size.abs() { -left } else { front.size };
            let gain = fill.price.checked_sub(front.price)?.checked_mul(closed)?;
            self.realized = self.realized.checked_add(gain)?;
            front.size = front.size.checked_sub(closed)?;
            left = left.checked_add(closed)?;
            if front.size.is_zero() {
                self.lots.pop_front();
            }
        }
        Some(())
    }

    fn position(&self, product: ProductId) -> Option<Position> {
        let (mut size, mut cost) = (Decimal::ZERO, Decimal::ZERO);
        for lot in &self.lots {
            size = size.checked_add(lot.size)?;
            cost = cost.checked_add(lot.size.checked_mul(lot.price)?)?;
        }
        Some(Position { product, size, cost, realized: self.realized, fees: self.fees })
    }
}

/// Each product's position from `fills` (any order: they are applied oldest first), sorted by
/// product. A product whose amounts overflow is left out rather than shown wrong.
pub fn positions(fills: &[Fill]) -> Vec<Position> {
    let mut sorted: Vec<&Fill> = fills.iter().collect();
    sorted.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.trade_id.cmp(&b.trade_id)));
    let mut ledgers: BTreeMap<&ProductId, Option<Ledger>> = BTreeMap::new();
    for fill in sorted {
        let ledger = ledgers.entry(&fill.product).or_insert_with(|| Some(Ledger::default()));
        if ledger.as_mut().and_then(|l| l.apply(fill)).is_none() {
            *ledger = None;
        }
    }
    ledgers.into_iter().filter_map(|(p, l)| l?.position(p.clone())).collect()
}

/// One currency's balance valued in the quote currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// Currency code.
    pub currency: String,
    /// Available plus held.
    pub total: Decimal,
    /// Value in the quote currency; `None` when no price is known.
    pub value: Option<Decimal>,
}

/// Balances valued in one quote currency, with their total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valuation {
    /// The quote currency values are in.
    pub quote: String,
    /// One row per balance, in the balances' order.
    pub holdings: Vec<Holding>,
    /// Sum of the values that are known.
    pub total: Decimal,
    /// Currencies left out of the total for want of a price.
    pub unpriced: Vec<String>,
}

/// Values `balances` in `quote`: the quote itself at 1, a coin at `price(COIN-QUOTE)`.
pub fn valuation(
    balances: &[Balance],
    quote: &str,
    price: impl Fn(&ProductId) -> Option<Decimal>,
) -> Valuation {
    let mut out =
        Valuation { quote: quote.to_string(), holdings: vec![], total: Decimal::ZERO, unpriced: vec![] };
    for b in balances {
        let total = b.available.checked_add(b.hold);
        let rate = if b.currency == quote {
            Some(Decimal::ONE)
        } else {
            price(&ProductId(format!("{}-{quote}", b.currency)))
        };
        let value = total.zip(rate).and_then(|(t, r)| t.checked_mul(r));
        match value.and_then(|v| out.total.checked_add(v)) {
            Some(sum) => out.total = sum,
            None => out.unpriced.push(b.currency.clone()),
        }
        out.holdings.push(Holding {
            currency: b.currency.clone(),
            total: total.unwrap_or(b.available),
            value,
        });
    }
    out
}

#[cfg(test)]
mod tests;
