//! Resolving an intent by hand: the resubmit card, the resubmit itself (same client order id),
//! a rejected resubmit, and forgetting a not-found intent.

use super::super::journal::resolve;
use super::super::on_action::short_id;
use super::super::ticket::Stage;
use super::super::ticket_check;
use super::super::{Model, Overlay, Pane, PendingOrder, Problem};
use super::{Intent, Lookup};
use crate::app::Effect;
use crate::domain::{IntentOutcome, Refusal};

impl Model {
    /// The answer to a resubmit was a rejection: the first attempt may still exist (a venue
    /// may refuse the duplicate id), so the lookup starts over. Returns false when
    /// `client_order_id` is not an intent.
    pub(in crate::app::model) fn resubmit_rejected(
        &mut self,
        client_order_id: &str,
        refusal: &Refusal,
    ) -> bool {
        if !self.intents.contains_key(client_order_id) {
            return false;
        }
        if self.ticket().is_some_and(|t| t.client_order_id == client_order_id) {
            self.overlay = Overlay::None;
        }
        self.fail(Problem::ResubmitRejected {
            client_order_id: client_order_id.to_string(),
            refusal: refusal.clone(),
        });
        let lookup = self.checking();
        self.set_lookup(client_order_id, lookup);
        true
    }

    /// The not-found intent selected in Open orders, if the Orders pane has focus and shows
    /// the open orders.
    fn selected_not_found(&self) -> Option<&Intent> {
        if self.focus != Pane::Orders || self.account.showing_history() {
            return None;
        }
        let row = self.account.selected_order().filter(|o| o.is_intent())?;
        self.intents.get(&row.client_order_id).filter(|i| matches!(i.lookup, Lookup::NotFound { .. }))
    }

    /// Opens the review card of the selected not-found intent, for a resubmit with the same
    /// `client_order_id`. Returns false when no such intent is selected.
    pub(in crate::app::model) fn review_resubmit(&mut self) -> bool {
        if self.selected_not_found().is_none() {
            return false;
        }
        if self.refuse_trading() {
            return true;
        }
        let Some(intent) = self.selected_not_found() else { return false };
        let mut t = (*intent.ticket).clone();
        let config = intent.request.config.clone();
        t.rejection = None;
        t.resubmit = true;
        if let Some(problem) = ticket_check::check(&t, &self.ticket_context(&t)).problem {
            self.fail(Problem::Text(format!("cannot resubmit {}: {problem}", short_id(&t.client_order_id))));
            return true;
        }
        t.stage = Stage::Review { opened: self.now, config };
        self.overlay = Overlay::Ticket(Box::new(t));
        true
    }

    /// The confirmed resubmit of an intent: its original request, same id, sent once more.
    pub(in crate::app::model) fn send_resubmit(&mut self, client_order_id: &str) -> Vec<Effect> {
        let Some(intent) = self.intents.get(client_order_id) else {
            self.overlay = Overlay::None;
            self.inform(format!("order {} was found meanwhile; nothing resent", short_id(client_order_id)));
            return Vec::new();
        };
        let request = intent.request.clone();
        let pending =
            PendingOrder { request: request.clone(), sent: intent.sent, ticket: intent.ticket.clone() };
        tracing::info!(client_order_id, "order resubmitted with the same client order id");
        self.pending_orders.insert(client_order_id.to_string(), pending);
        self.set_lookup(client_order_id, Lookup::Resubmitting);
        vec![Effect::PlaceOrder(request)]
    }

    /// `c` on an intent row: a not-found intent is forgotten (and so recorded in the journal);
    /// one being checked cannot be cancelled yet. `None` when the selected row is not an intent.
    pub(in crate::app::model) fn cancel_intent(&mut self) -> Option<Vec<Effect>> {
        let row = self.account.selected_order().filter(|o| o.is_intent())?;
        let id = row.client_order_id.clone();
        let short = short_id(&id).to_string();
        match self.intents.get(&id).map(|i| &i.lookup) {
            Some(Lookup::NotFound { .. }) | None => {
                tracing::info!(client_order_id = %id, "not-found order intent dismissed");
                self.intents.remove(&id);
                self.account.remove_intent(&id);
                self.inform(format!("order {short} forgotten (it was not found at the exchange)"));
                Some(vec![resolve(&id, IntentOutcome::Dismissed)])
            }
            Some(_) => {
                self.inform(format!("order {short} is still being looked up; nothing to cancel yet"));
                Some(Vec::new())
            }
        }
    }
}
