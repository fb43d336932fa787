//! `+`/`-` on a resting limit order: a question in the status line ("move … → …?"), more
//! presses before the answer add up, and `y` sends one edit of the accumulated ticks, after the
//! same checks as the ticket's (through an edit ticket, never a copy of them).

use rust_decimal::Decimal;

use super::account::OpenOrder;
use super::on_action::short_id;
use super::on_edit::editable;
use super::ticket::Ticket;
use super::ticket_check::check;
use super::{Model, Overlay};
use crate::app::{Action, Effect};
use crate::domain::EditOrder;

impl Model {
    /// `+` (`step` 1) or `-` (`step` -1) in the panes: asks to move the selected order.
    pub(super) fn start_nudge(&mut self, step: i64) {
        if self.ticket_blocked() {
            return;
        }
        if let Some((order, _)) = self.editable_selected() {
            self.overlay = Overlay::Nudge { order: Box::new(order), ticks: step };
        }
    }

    /// Keys while the nudge question is open.
    pub(super) fn on_nudge(&mut self, action: Action) -> Vec<Effect> {
        let Overlay::Nudge { ticks, .. } = &mut self.overlay else { return Vec::new() };
        match action {
            Action::NudgeUp => *ticks = ticks.saturating_add(1),
            Action::NudgeDown => *ticks = ticks.saturating_sub(1),
            Action::Close => self.overlay = Overlay::None,
            Action::Confirm => return self.confirm_nudge(),
            _ => {}
        }
        Vec::new()
    }

    /// The order the nudge question is about and the price it would move to (`None` while
    /// the product's rules are unknown or the move goes to zero or below).
    pub fn nudge_target(&self) -> Option<(&OpenOrder, i64, Option<Decimal>)> {
        let Overlay::Nudge { order, ticks } = &self.overlay else { return None };
        let tick = self.rules.get(&order.product).map(|r| r.price_increment);
        let target = tick
            .zip(order.price)
            .and_then(|(tick, price)| price.checked_add(tick.checked_mul(Decimal::from(*ticks))?))
            .filter(|p| *p > Decimal::ZERO);
        Some((order, *ticks, target))
    }

    /// `y`: one edit to the accumulated target, when the order is still open and the moved
    /// order passes the ticket's checks.
    fn confirm_nudge(&mut self) -> Vec<Effect> {
        let Some((asked, ticks, target)) = self.nudge_target().map(|(o, n, p)| (o.clone(), n, p)) else {
            return Vec::new();
        };
        self.overlay = Overlay::None;
        let id = short_id(&asked.order_id).to_string();
        if ticks == 0 {
            self.inform(format!("price of {id} unchanged: nothing sent"));
            return Vec::new();
        }
        let Some(row) = self.account.orders.iter().find(|o| o.order_id == asked.order_id) else {
            self.inform(format!("order {id} is no longer open: nothing sent"));
            return Vec::new();
        };
        let (Some(price), Ok(size)) = (target, editable(row)) else {
            self.warn(format!("order {id} cannot move {ticks} tick(s) now"));
            return Vec::new();
        };
        let mut t = Ticket::edit(&asked, size, asked.client_order_id.clone());
        t.price = price.to_string();
        if let Some(problem) = check(&t, &self.ticket_context(&t)).problem {
            self.fail(format!("order {id} not moved to {price}: {problem}"));
            return Vec::new();
        }
        if self.dry_run_stops(&format!("the move of {id} to {price}")) {
            return Vec::new();
        }
        tracing::info!(order_id = %asked.order_id, %price, ticks, "nudge sent");
        self.inform(format!("moving {id} to {price}…"));
        vec![Effect::EditOrder(EditOrder { order_id: asked.order_id, price, size })]
    }
}
