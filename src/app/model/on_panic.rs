//! Panic keys: cancel every open order of the focused product, and flatten its position by a
//! market sell of the whole available base balance. Both ask first, naming what will be sent.
//!
//! Spot only: a position is the available base balance; there is no short to buy back. The
//! flatten order is a ticket like any other (same builder, guards and send path).

use rust_decimal::Decimal;

use super::ticket::{Field, OrderKind, Stage, Ticket};
use super::{Model, Overlay, ticket_check};
use crate::app::Effect;
use crate::domain::Side;
use crate::domain::validate::nearest_valid;

impl Model {
    /// `X`: the cancel-all question for the focused product's orders.
    pub(super) fn ask_cancel_all_focused(&mut self) {
        match self.focused().cloned() {
            Some(product) => self.ask_cancel_all(Some(product)),
            None => self.inform("no product focused"),
        }
    }

    /// `F`: asks to sell the focused product's available base balance at market, sized down
    /// to the base increment; says why when there is nothing to sell or the guards refuse it.
    pub(super) fn ask_flatten(&mut self) {
        if self.ticket_blocked() {
            return;
        }
        let Some(product) = self.focused().cloned() else {
            self.inform("no product focused");
            return;
        };
        if let Some(refusal) = self.trading_refusal() {
            self.warn(refusal);
            return;
        }
        let mut t = Ticket::new(product.clone(), Side::Sell, None, String::new());
        t.kind = OrderKind::Market;
        t.tif = OrderKind::Market.default_tif();
        t.field = Field::Size;
        match self.flatten_size(&t) {
            Ok(size) => t.size = size.to_string(),
            Err(why) => return self.inform(why),
        }
        let check = ticket_check::check(&t, &self.ticket_context(&t));
        match (check.config, check.problem) {
            (Some(config), None) => {
                t.client_order_id = self.ids.next_id();
                t.stage = Stage::Review { opened: self.now, config };
                self.overlay = Overlay::ConfirmFlatten { ticket: Box::new(t) };
            }
            (_, problem) => {
                let why = problem.unwrap_or_else(|| "the order could not be built".into());
                self.warn(format!("cannot flatten {product}: {why}"));
            }
        }
    }

    /// The whole available base balance, rounded down to the base increment.
    fn flatten_size(&self, t: &Ticket) -> Result<Decimal, String> {
        let ctx = self.ticket_context(t);
        let (product, base) = (&t.product, t.product.base());
        let available = ctx.base_available.ok_or("balances not loaded yet: nothing to flatten")?;
        let rules =
            ctx.rules.ok_or_else(|| format!("rules of {product} not loaded yet: nothing to flatten"))?;
        let size = nearest_valid(available, rules.base_increment).0.normalize();
        if size <= Decimal::ZERO {
            return Err(format!("no {base} available to sell: nothing to flatten on {product}"));
        }
        Ok(size)
    }

    /// `y` to the flatten question: the ticket is sent as a reviewed ticket would be.
    pub(super) fn send_flatten(&mut self) -> Vec<Effect> {
        let Overlay::ConfirmFlatten { ticket } = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return Vec::new();
        };
        if let Some(refusal) = self.trading_refusal() {
            self.warn(format!("nothing sent: {refusal}"));
            return Vec::new();
        }
        self.overlay = Overlay::Ticket(ticket);
        self.send_reviewed()
    }
}
