//! Read-only questions about the model, shared by `update` and the renderer.

use rust_decimal::Decimal;

use super::conn::ConnStatus;
use super::market::Market;
use super::ticket::Ticket;
use super::ticket_check::{self, Checked, TicketContext};
use super::{Model, Overlay, TICK_STEPS, TRADE_REFERENCE_AGE};
use crate::domain::{ProductId, Valuation, valuation};

/// The currency balances and P&L are valued in when the config file names none
/// (`quote_currency`; the model's is [`super::Model::quote`]).
pub const VALUATION_QUOTE: &str = "USD";

/// What a book widget may claim about its data (R-UI1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookStatus {
    /// Valid and the feed is live.
    Live,
    /// Valid but the feed is silent.
    Stale,
    /// Waiting for a snapshot (reconnect, gap, crossed).
    Invalid,
}

impl Model {
    /// The focused product.
    pub fn focused(&self) -> Option<&ProductId> {
        self.watch.get(self.selected)
    }

    /// The focused product's market.
    pub fn focused_market(&self) -> Option<&Market> {
        self.markets.get(self.focused()?)
    }

    /// The open ticket.
    pub fn ticket(&self) -> Option<&Ticket> {
        match &self.overlay {
            Overlay::Ticket(t) => Some(t),
            _ => None,
        }
    }

    /// The book aggregation tick of the focused product.
    pub fn book_tick(&self) -> Option<Decimal> {
        let rules = self.rules.get(self.focused()?)?;
        let step = TICK_STEPS[self.tick_step.min(TICK_STEPS.len() - 1)];
        rules.price_increment.checked_mul(Decimal::from(step))
    }

    /// Whether the book of `product` can be shown as live (valid and the feed is live).
    pub fn book_status(&self, product: &ProductId) -> BookStatus {
        let Some(market) = self.markets.get(product) else { return BookStatus::Invalid };
        if market.book.invalid.is_some() {
            return BookStatus::Invalid;
        }
        match self.market_conn.status(self.now) {
            ConnStatus::Live => BookStatus::Live,
            ConnStatus::Stale => BookStatus::Stale,
            _ => BookStatus::Invalid,
        }
    }

    /// The reference price of `product` (R-RISK1): mid of a live book, else the last trade if
    /// it is recent: a live WebSocket trade received less than [`TRADE_REFERENCE_AGE`] ago, or
    /// any trade (REST, snapshot) whose own venue time is that close to the wall clock. A REST
    /// load of old trades is not recent just because it arrived now.
    pub fn reference_price(&self, product: &ProductId) -> Option<Decimal> {
        let market = self.markets.get(product)?;
        if self.book_status(product) == BookStatus::Live
            && let Some(mid) = market.book.mid()
        {
            return Some(mid);
        }
        let last = market.trades.front()?;
        let live =
            market.live_trade_at.is_some_and(|t| self.now.saturating_duration_since(t) < TRADE_REFERENCE_AGE);
        let age_ms = (self.wall - last.time).num_milliseconds().unsigned_abs();
        let fresh = u128::from(age_ms) < TRADE_REFERENCE_AGE.as_millis();
        (live || fresh).then_some(last.price)
    }

    /// The price balances and positions of `product` are marked at: its last ticker price.
    pub fn mark_price(&self, product: &ProductId) -> Option<Decimal> {
        self.markets.get(product)?.last
    }

    /// The balances valued in [`Model::quote`] at the mark prices.
    pub fn valuation(&self) -> Valuation {
        valuation(&self.account.balances, &self.quote, |p| self.mark_price(p))
    }

    /// What the ticket checks against.
    pub fn ticket_context(&self, t: &Ticket) -> TicketContext<'_> {
        let live = self.book_status(&t.product) == BookStatus::Live;
        let top = self.markets.get(&t.product).and_then(|m| if live { m.book.top() } else { None });
        let loaded = self.account.balances_loaded;
        let held = t.edit.as_ref().map_or((Decimal::ZERO, Decimal::ZERO), |e| self.held_by(&e.order));
        TicketContext {
            rules: self.rules.get(&t.product),
            reference: self.reference_price(&t.product),
            bid: top.map(|t| t.0),
            ask: top.map(|t| t.1),
            last_trade: self.markets.get(&t.product).and_then(|m| m.trades.front()).map(|tr| tr.price),
            base_available: loaded.then(|| self.account.available(t.product.base()) + held.0),
            quote_available: loaded.then(|| self.account.available(t.product.quote()) + held.1),
            fees: self.account.fees(),
            wall: self.wall,
            limits: self.limits,
        }
    }

    /// What a resting order holds (base, quote), as far as the dashboard can tell: its unfilled
    /// size, or for a buy that size at its price plus the larger fee rate. An edit releases it,
    /// so the ticket of an edit counts it as available.
    pub fn held_by(&self, o: &super::account::OpenOrder) -> (Decimal, Decimal) {
        let Some(crate::domain::Size::Base(size)) = o.size else { return (Decimal::ZERO, Decimal::ZERO) };
        let left = (size - o.filled).max(Decimal::ZERO);
        match o.side {
            crate::domain::Side::Sell => (left, Decimal::ZERO),
            crate::domain::Side::Buy => {
                let fee = self.account.fees().map_or(Decimal::ZERO, |f| f.taker.max(f.maker));
                let quote = o.price.and_then(|p| p.checked_mul(left)?.checked_mul(Decimal::ONE + fee));
                (Decimal::ZERO, quote.unwrap_or_default())
            }
        }
    }

    /// The open ticket checked against the current market and balances.
    pub fn ticket_check(&self) -> Option<Checked> {
        let t = self.ticket()?;
        Some(ticket_check::check(t, &self.ticket_context(t)))
    }
}
