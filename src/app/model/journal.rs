//! The order journal as the model sees it (R-ORD1, R-ORD11, R-CR3): intents the last session
//! left unresolved are looked up by client order id before trading is enabled, and a journal
//! that cannot be used keeps trading disabled. The model never touches the journal itself:
//! the runtime reports on it with [`Msg`](crate::app::Msg)s and records outcomes for
//! [`Effect::ResolveIntent`].

use super::intents::{Intent, Lookup};
use super::on_action::short_id;
use super::ticket::{SizeUnit, Ticket};
use super::{Model, Overlay, Problem};
use crate::app::{Effect, Msg};
use crate::domain::{IntentOutcome, NewOrder, UnresolvedOrder};

/// Why new orders cannot be placed now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TradingBlock {
    /// Orders of the last session are being looked up by client order id.
    Reconciling {
        /// How many are left.
        orders: usize,
    },
    /// The order journal cannot be used (it could not be opened or written).
    Journal(String),
}

impl Model {
    /// Why new orders are refused now, if they are.
    pub fn trading_block(&self) -> Option<TradingBlock> {
        if let Some(reason) = &self.journal_error {
            return Some(TradingBlock::Journal(reason.clone()));
        }
        let orders = self
            .intents
            .values()
            .filter(|i| i.restored && matches!(i.lookup, Lookup::Checking { .. }))
            .count();
        (orders > 0).then_some(TradingBlock::Reconciling { orders })
    }

    /// Refuses a new order (ticket, resubmit or send) while trading is blocked; returns true
    /// when it refused, having said why.
    pub(super) fn refuse_trading(&mut self) -> bool {
        let Some(block) = self.trading_block() else { return false };
        let text = match block {
            TradingBlock::Reconciling { orders } => format!(
                "trading disabled until {orders} order(s) from the last session are looked up by client order id"
            ),
            TradingBlock::Journal(reason) => format!("trading disabled: {reason}"),
        };
        self.warn(text);
        true
    }

    /// A report on the journal from the runtime.
    pub(super) fn on_journal(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::JournalOpened { orders, cancels } => return self.on_journal_opened(orders, &cancels),
            Msg::JournalFailed { reason } => self.on_journal_failed(reason),
            Msg::OrderNotJournaled { client_order_id, reason } => {
                self.on_order_not_journaled(&client_order_id, reason)
            }
            _ => {}
        }
        Vec::new()
    }

    /// The journal opened: each unresolved create becomes an intent looked up at once (it is
    /// never resent); unanswered cancels are reported, not resent.
    fn on_journal_opened(&mut self, orders: Vec<UnresolvedOrder>, cancels: &[Vec<String>]) -> Vec<Effect> {
        let count = orders.len();
        for UnresolvedOrder { request, sent } in orders {
            tracing::info!(client_order_id = %request.client_order_id, "unresolved order intent from the last session");
            let ticket = Box::new(ticket_of(&request));
            let lookup = Lookup::Checking { sent: 0, answered: 0, next: self.now };
            let reason = "the last session stopped before its answer".to_string();
            self.set_intent(Intent { request, ticket, sent, reason, lookup, restored: true });
        }
        let cancel_ids: usize = cancels.iter().map(Vec::len).sum();
        match (count, cancel_ids) {
            (0, 0) => {}
            (0, n) => self.warn(format!(
                "{n} cancel(s) from the last session were never answered; not resent — Open orders shows the exchange's state"
            )),
            (n, _) => self.warn(format!(
                "reconciling {n} order(s) from the last session by client order id…; trading is enabled after"
            )),
        }
        self.poll_intents()
    }

    /// The journal cannot be opened: trading stays disabled.
    fn on_journal_failed(&mut self, reason: String) {
        tracing::error!(%reason, "order journal unusable; trading disabled");
        self.fail(Problem::Text(format!("trading disabled: {reason}")));
        self.journal_error = Some(reason);
    }

    /// An order was not sent because the journal could not record it.
    fn on_order_not_journaled(&mut self, client_order_id: &str, reason: String) {
        tracing::error!(client_order_id, %reason, "order not sent: the journal could not record it");
        self.pending_orders.remove(client_order_id);
        if self.intents.contains_key(client_order_id) {
            self.set_lookup(client_order_id, Lookup::NotFound { since: self.now });
        }
        if self.ticket().is_some_and(|t| t.client_order_id == client_order_id) {
            self.overlay = Overlay::None;
        }
        self.fail(Problem::Text(format!(
            "order {} not sent: {reason}; trading disabled",
            short_id(client_order_id)
        )));
        self.journal_error = Some(reason);
    }
}

/// The journal effect recording how `client_order_id` ended.
pub(super) fn resolve(client_order_id: &str, outcome: IntentOutcome) -> Effect {
    Effect::ResolveIntent { client_order_id: client_order_id.to_string(), outcome }
}

/// A ticket holding exactly `request`'s fields, for the resubmit review of a restored intent.
fn ticket_of(request: &NewOrder) -> Ticket {
    let config = &request.config;
    let mut t = Ticket::new(
        request.product_id.clone(),
        request.side,
        config.limit_price(),
        request.client_order_id.clone(),
    );
    t.kind = config.kind();
    t.tif = config.time_in_force();
    t.post_only = config.post_only();
    t.stop = config.stop_price().map(|p| p.to_string()).unwrap_or_default();
    t.stop_direction = config.stop_direction();
    (t.unit, t.size) = match (config.base_size(), config.quote_size()) {
        (Some(base), _) => (SizeUnit::Base, base.to_string()),
        (None, Some(quote)) => (SizeUnit::Quote, quote.to_string()),
        (None, None) => (SizeUnit::Base, String::new()),
    };
    t
}
