//! Orders whose placement outcome is unknown (R-ORD4).
//!
//! A `POST /orders` that timed out, got a 5xx or an unreadable answer may or may not have
//! placed the order. The intent is kept as a "checking" row in Open orders and
//! looked up by its `client_order_id` on a schedule driven by [`Msg::Tick`](crate::app::Msg):
//! [`MAX_POLLS`] lookups, [`POLL_EVERY`] apart, starting [`POLL_EVERY`] after the answer. It is
//! adopted (state and order id) as soon as a lookup, a REST listing or the user channel shows
//! it. If no lookup finds it, it becomes "not found"; only then may the user resubmit it, and
//! the resubmit reuses the same `client_order_id`. Nothing is ever resent automatically.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::account::OpenOrder;
use super::journal::resolve;
use super::on_action::short_id;
use super::ticket::Ticket;
use super::{Model, Overlay, PendingOrder, Problem};
use crate::app::{Action, Effect, Mode};
use crate::domain::{IntentOutcome, IntentState, NewOrder, OrderRecord, OrderType, RowStatus};

mod resubmit;

/// Time between lookups, and before the first.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
/// Lookups before an intent is declared not found.
pub const MAX_POLLS: u32 = 5;
/// The order history is searched from the intent time minus this margin (seconds).
pub const LOOKBACK_SECS: i64 = 60;
/// A not-found intent is still matched against the user channel and REST listings this long,
/// then dropped.
pub const WATCH_FOR: Duration = Duration::from_secs(10 * 60);

/// Where the lookup of an intent stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Being looked up.
    Checking {
        /// Lookups sent.
        sent: u32,
        /// Lookups answered (found nothing or failed).
        answered: u32,
        /// When the next lookup is due.
        next: Instant,
    },
    /// No lookup found it; the user may resubmit (same id) or dismiss it.
    NotFound {
        /// Since when.
        since: Instant,
    },
    /// The user resubmitted it; waiting for the answer.
    Resubmitting,
}

/// An order intent whose outcome is unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    /// Exactly what was sent; a resubmit sends it again unchanged.
    pub request: NewOrder,
    /// The ticket it came from (for the resubmit review card).
    pub ticket: Box<Ticket>,
    /// When it was first sent (wall clock).
    pub sent: DateTime<Utc>,
    /// Why the outcome is unknown.
    pub reason: String,
    /// The lookup.
    pub lookup: Lookup,
    /// It comes from the journal of an earlier session (trading waits for its lookup).
    pub restored: bool,
}

impl Intent {
    /// Its state, as shown in Open orders.
    pub fn state(&self) -> IntentState {
        match self.lookup {
            Lookup::Checking { .. } => IntentState::Checking,
            Lookup::NotFound { .. } => IntentState::NotFound,
            Lookup::Resubmitting => IntentState::Resubmitted,
        }
    }

    /// Its row in Open orders: product, side, type, price and size of the request, no order id.
    pub fn row(&self) -> OpenOrder {
        let config = &self.request.config;
        OpenOrder {
            order_id: String::new(),
            client_order_id: self.request.client_order_id.clone(),
            product: self.request.product_id.clone(),
            side: self.request.side,
            kind: OrderType::of(config),
            price: config.limit_price(),
            stop: config.stop_price(),
            size: config.size(),
            filled: rust_decimal::Decimal::ZERO,
            status: RowStatus::Intent(self.state()),
            created: Some(self.sent),
            cancel_requested: false,
        }
    }
}

impl Model {
    /// The outcome of an order request is unknown: keep the intent and look it up (R-ORD4).
    pub(super) fn on_order_unknown(&mut self, client_order_id: &str, reason: &str) -> Vec<Effect> {
        tracing::warn!(client_order_id, reason, "order outcome unknown; looking it up, not resending");
        if self.ticket().is_some_and(|t| t.client_order_id == client_order_id) {
            self.overlay = Overlay::None;
        }
        let Some(pending) = self.pending_orders.remove(client_order_id) else {
            self.fail(Problem::Text(format!(
                "order outcome unknown ({reason}); checking open orders, not resending"
            )));
            return vec![Effect::LoadOpenOrders];
        };
        self.fail(Problem::Text(format!(
            "order {} outcome unknown ({reason}); looking it up by client order id, not resending",
            short_id(client_order_id)
        )));
        let PendingOrder { request, sent, ticket } = pending;
        let lookup = self.checking();
        self.set_intent(Intent {
            request,
            ticket,
            sent,
            reason: reason.to_string(),
            lookup,
            restored: false,
        });
        Vec::new()
    }

    fn checking(&self) -> Lookup {
        Lookup::Checking { sent: 0, answered: 0, next: self.now + POLL_EVERY }
    }

    /// Closes the resubmit card of `client_order_id`, if it is open (the intent was resolved).
    fn close_resubmit_card(&mut self, client_order_id: &str) {
        if self.ticket().is_some_and(|t| t.resubmit && t.client_order_id == client_order_id) {
            self.overlay = Overlay::None;
        }
    }

    pub(super) fn set_intent(&mut self, intent: Intent) {
        self.account.upsert_intent(intent.row());
        self.intents.insert(intent.request.client_order_id.clone(), intent);
    }

    pub(super) fn set_lookup(&mut self, client_order_id: &str, lookup: Lookup) {
        if let Some(intent) = self.intents.get_mut(client_order_id) {
            intent.lookup = lookup;
            let row = intent.row();
            self.account.upsert_intent(row);
        }
    }

    /// Sends the lookups that are due and drops not-found intents past [`WATCH_FOR`].
    pub(super) fn poll_intents(&mut self) -> Vec<Effect> {
        let now = self.now;
        let mut effects = Vec::new();
        let mut expired = Vec::new();
        for (id, intent) in &mut self.intents {
            match &mut intent.lookup {
                Lookup::Checking { sent, next, .. } if *sent < MAX_POLLS && now >= *next => {
                    *sent += 1;
                    *next = now + POLL_EVERY;
                    effects.push(Effect::FindOrder {
                        client_order_id: id.clone(),
                        product: intent.request.product_id.clone(),
                        since: intent.sent - chrono::Duration::seconds(LOOKBACK_SECS),
                    });
                }
                Lookup::NotFound { since } if now.saturating_duration_since(*since) >= WATCH_FOR => {
                    expired.push(id.clone());
                }
                _ => {}
            }
        }
        for id in expired {
            tracing::info!(client_order_id = %id, "not-found order intent no longer watched");
            self.intents.remove(&id);
            self.account.remove_intent(&id);
            self.close_resubmit_card(&id);
            effects.push(resolve(&id, IntentOutcome::NotFound));
        }
        effects
    }

    /// A lookup answered.
    pub(super) fn on_order_looked_up(
        &mut self,
        client_order_id: &str,
        order: Option<&OrderRecord>,
    ) -> Vec<Effect> {
        match order {
            Some(order) => self.adopt(client_order_id, order),
            None => {
                self.lookup_missed(client_order_id);
                Vec::new()
            }
        }
    }

    /// A lookup found nothing or failed; after [`MAX_POLLS`] of them the intent is not found.
    pub(super) fn lookup_missed(&mut self, client_order_id: &str) {
        let Some(intent) = self.intents.get_mut(client_order_id) else { return };
        let Lookup::Checking { answered, .. } = &mut intent.lookup else { return };
        *answered += 1;
        if *answered < MAX_POLLS {
            return;
        }
        tracing::warn!(client_order_id, "order not found after {MAX_POLLS} lookups");
        self.set_lookup(client_order_id, Lookup::NotFound { since: self.now });
        let keys = |action| self.keymap_key(action).unwrap_or_else(|| "?".into());
        self.fail(Problem::Text(format!(
            "order {} not found after {MAX_POLLS} checks; in Open orders, {}/{} reviews a resubmit with the \
             same id, {} forgets it",
            short_id(client_order_id),
            keys(Action::OpenBuyTicket),
            keys(Action::OpenSellTicket),
            keys(Action::CancelSelected),
        )));
    }

    /// The first key bound to `action` in the panes.
    fn keymap_key(&self, action: Action) -> Option<String> {
        self.keymap.first_key(Mode::Normal, action)
    }

    /// Adopts the exchange's order for an intent: its state and order id replace the row.
    fn adopt(&mut self, client_order_id: &str, order: &OrderRecord) -> Vec<Effect> {
        let Some(intent) = self.intents.remove(client_order_id) else { return Vec::new() };
        self.account.remove_intent(client_order_id);
        self.close_resubmit_card(client_order_id);
        tracing::info!(client_order_id, order_id = %order.order_id, status = %order.status, "unknown order found");
        self.found_notice(&intent, order);
        if order.status.is_working() {
            self.account.insert_placed(OpenOrder::from(order));
        }
        let found = IntentOutcome::Found { order_id: order.order_id.clone() };
        let mut effects = vec![resolve(client_order_id, found)];
        effects.extend(self.reload_balances());
        effects.extend(self.reload_fills());
        effects
    }

    fn found_notice(&mut self, intent: &Intent, found: &OrderRecord) {
        // Replaces the "outcome unknown" message of this intent (or any other message).
        let short = short_id(&intent.request.client_order_id);
        let when = if intent.restored { " from the last session" } else { "" };
        self.inform(format!(
            "order {short}{when} found: {} {} (filled {})",
            short_id(&found.order_id),
            found.status,
            found.filled.normalize()
        ));
    }

    /// Adopts intents that appear in a REST listing.
    pub(super) fn adopt_listed(&mut self, orders: &[OrderRecord]) -> Vec<Effect> {
        let found: Vec<&OrderRecord> =
            orders.iter().filter(|o| self.intents.contains_key(&o.client_order_id)).collect();
        let mut effects = Vec::new();
        for order in found {
            for effect in self.adopt(&order.client_order_id, order) {
                if !effects.contains(&effect) {
                    effects.push(effect);
                }
            }
        }
        effects
    }

    /// Adopts an intent the user channel reports on; the caller then applies the order.
    /// Returns the journal effect when one was adopted.
    pub(super) fn adopt_from_channel(&mut self, order: &OrderRecord) -> Option<Effect> {
        let id = &order.client_order_id;
        let intent = if id.is_empty() { None } else { self.intents.remove(id) }?;
        self.account.remove_intent(id);
        self.close_resubmit_card(id);
        tracing::info!(client_order_id = %id, order_id = %order.order_id, status = %order.status,
            "unknown order seen on the user channel");
        self.found_notice(&intent, order);
        Some(resolve(id, IntentOutcome::Found { order_id: order.order_id.clone() }))
    }
}
