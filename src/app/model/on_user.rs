//! The user channel and account truth: every order report updates Open orders, and one that
//! may move funds (an order appeared, filled or is done) reloads balances, and fills on a fill
//! (coalesced, see [`Reload`](super::account::reload::Reload)). Each (re)connect of the user
//! channel, the start, and every [`RECONCILE_EVERY`] while the channel is live reconcile the
//! account by REST (R-ORD7).

use std::time::{Duration, Instant};

use super::conn::Phase;
use super::on_action::short_id;
use super::{Model, Problem, Severity};
use crate::app::{Effect, Request};
use crate::domain::{FeedEvent, OrderRecord, OrderStatus};

/// A live user channel is backed by a REST reconciliation this often (R-ORD7).
pub const RECONCILE_EVERY: Duration = Duration::from_secs(30);
/// The gap listing starts this long before the channel was last heard (R-ORD7).
pub const GAP_MARGIN: Duration = Duration::from_secs(60);

impl Model {
    pub(super) fn on_user_feed(&mut self, event: FeedEvent, at: Instant) -> Vec<Effect> {
        let connected = self.user_conn.observe(&event, at);
        if connected {
            let mut effects = self.reconcile();
            effects.extend(self.gap_listing());
            return effects;
        }
        if matches!(event, FeedEvent::User(_) | FeedEvent::Alive) {
            self.account.user_seen = Some(self.wall);
        }
        match event {
            FeedEvent::User(updates) => self.on_order_reports(updates.iter().map(|u| &u.order), at),
            FeedEvent::Failed { reason } => {
                self.fail(Problem::Text(format!("user feed stopped: {reason}")));
                Vec::new()
            }
            FeedEvent::ServerError(message) => {
                self.fail(Problem::Text(format!("user feed: {message}")));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// On a tick: reconciles when the user channel is live and the last reconciliation is
    /// [`RECONCILE_EVERY`] old.
    pub(super) fn reconcile_due(&mut self) -> Vec<Effect> {
        let due = self
            .account
            .reconciled_at
            .is_none_or(|t| self.now.saturating_duration_since(t) >= RECONCILE_EVERY);
        if self.has_credentials && self.user_conn.phase == Phase::Live && due {
            return self.reconcile();
        }
        Vec::new()
    }

    /// Reloads balances, open orders and fills (at start, on every user-channel connect and
    /// periodically).
    pub(super) fn reconcile(&mut self) -> Vec<Effect> {
        self.account.reconciled_at = Some(self.now);
        let mut effects: Vec<Effect> = self.reload_balances().into_iter().collect();
        effects.push(Effect::LoadOpenOrders);
        effects.extend(self.reload_fills());
        effects
    }

    /// Asks for balances, unless a load is in flight (then once more when it answers).
    pub(super) fn reload_balances(&mut self) -> Option<Effect> {
        self.account.balances_load.ask(self.now).then_some(Effect::LoadAccounts)
    }

    /// Asks for fills, unless a load is in flight (then once more when it answers).
    pub(super) fn reload_fills(&mut self) -> Option<Effect> {
        self.account.fills_load.ask(self.now).then_some(Effect::LoadFills)
    }

    /// A balances or fills load answered or failed: its follow-up, if one is due.
    pub(super) fn load_answered(&mut self, request: &Request) -> Option<Effect> {
        let now = self.now;
        match request {
            Request::Accounts => self.account.balances_load.answered(now).then_some(Effect::LoadAccounts),
            Request::Fills => self.account.fills_load.answered(now).then_some(Effect::LoadFills),
            _ => None,
        }
    }

    /// After a reconnect: the orders that may have changed while the channel was away — those
    /// created since it was last heard minus [`GAP_MARGIN`], and those working then (R-ORD7
    /// step 2). Nothing on the first connection.
    fn gap_listing(&mut self) -> Option<Effect> {
        let seen = self.account.user_seen?;
        let since = seen - chrono::Duration::from_std(GAP_MARGIN).unwrap_or_default();
        let order_ids =
            self.account.orders.iter().filter(|o| !o.is_intent()).map(|o| o.order_id.clone()).collect();
        tracing::info!(%since, "listing orders changed during the user-channel gap");
        Some(Effect::LoadOrdersSince { since, order_ids })
    }

    /// Applies order reports (from the channel, or a listing standing in for it) received at
    /// `at`: Open orders changes; balances and fills reload when funds may have moved.
    pub(super) fn on_order_reports<'a>(
        &mut self,
        orders: impl Iterator<Item = &'a OrderRecord>,
        at: Instant,
    ) -> Vec<Effect> {
        let (mut holds, mut filled) = (false, false);
        let mut effects = Vec::new();
        for order in orders {
            let user_cancel =
                self.account.orders.iter().any(|o| o.order_id == order.order_id && o.cancel_requested);
            let adopted = self.adopt_from_channel(order);
            filled |= adopted.is_some();
            effects.extend(adopted);
            let Some(change) = self.account.apply_user_order(order, at) else {
                tracing::info!(order_id = %order.order_id, status = %order.status,
                    "stale order report ignored (the order is further along)");
                continue;
            };
            filled |= change.filled;
            holds |= change.holds;
            if change.left {
                tracing::info!(order_id = %order.order_id, client_order_id = %order.client_order_id,
                    status = %order.status, "order left the book");
                effects.extend(self.announce_done(order, user_cancel));
            }
        }
        if holds || filled {
            effects.extend(self.reload_balances());
        }
        if filled {
            effects.extend(self.reload_fills());
        }
        effects
    }

    /// Says that a listed order is done; this replaces the message that asked for it
    /// ("cancel requested …"). Unless the user cancelled it here, the user is also notified
    /// ([`Effect::Notify`]): it filled, or it was cancelled, expired or failed elsewhere (by
    /// the exchange, or another client of the account: the channel does not say which).
    fn announce_done(&mut self, order: &OrderRecord, user_cancel: bool) -> Option<Effect> {
        let id = short_id(&order.order_id);
        let (filled, product) = (order.filled.normalize(), &order.product);
        let cancelled = if user_cancel { "cancelled" } else { "cancelled, not from this dashboard" };
        let (severity, text) = match &order.status {
            OrderStatus::Filled => (Severity::Info, format!("order {id} filled ({filled} {product})")),
            OrderStatus::Cancelled if filled.is_zero() => (Severity::Info, format!("order {id} {cancelled}")),
            OrderStatus::Cancelled => (Severity::Info, format!("order {id} {cancelled} (filled {filled})")),
            OrderStatus::Expired => (Severity::Info, format!("order {id} expired (filled {filled})")),
            OrderStatus::Failed => (Severity::Error, format!("order {id} failed at the exchange")),
            other => (Severity::Warning, format!("order {id} left the book: {other}")),
        };
        let known = matches!(
            order.status,
            OrderStatus::Filled | OrderStatus::Cancelled | OrderStatus::Expired | OrderStatus::Failed
        );
        if !known || (user_cancel && order.status == OrderStatus::Cancelled) {
            self.post(severity, Problem::Text(text));
            return None;
        }
        Some(self.notify(product, "cbterm", text, severity))
    }
}
