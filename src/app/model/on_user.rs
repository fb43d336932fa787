//! The user channel and account truth: every order report updates Open orders, and one that
//! may move funds (an order appeared, filled or is done) reloads balances, and fills on a fill
//! (coalesced, see [`Reload`](super::account::reload::Reload)). Each (re)connect of the user
//! channel, the start, and every [`RECONCILE_EVERY`] while the channel is live reconcile the
//! account by REST (R-ORD7).

use std::time::{Duration, Instant};

use super::conn::Phase;
use super::on_action::short_id;
use super::{Model, Problem};
use crate::app::{Effect, Request};
use crate::domain::{FeedEvent, OrderRecord, OrderStatus, OrderUpdate};

/// A live user channel is backed by a REST reconciliation this often (R-ORD7).
pub const RECONCILE_EVERY: Duration = Duration::from_secs(30);

impl Model {
    pub(super) fn on_user_feed(&mut self, event: FeedEvent, at: Instant) -> Vec<Effect> {
        let connected = self.user_conn.observe(&event, at);
        if connected {
            return self.reconcile();
        }
        match event {
            FeedEvent::User(updates) => self.on_order_updates(&updates, at),
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

    fn on_order_updates(&mut self, updates: &[OrderUpdate], at: Instant) -> Vec<Effect> {
        let (mut holds, mut filled) = (false, false);
        let mut effects = Vec::new();
        for OrderUpdate { order, .. } in updates {
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
                self.announce_done(order);
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
    /// ("cancel requested …").
    fn announce_done(&mut self, order: &OrderRecord) {
        let id = short_id(&order.order_id);
        let filled = order.filled.normalize();
        match &order.status {
            OrderStatus::Filled => self.inform(format!("order {id} filled ({filled} {})", order.product)),
            OrderStatus::Cancelled if filled.is_zero() => self.inform(format!("order {id} cancelled")),
            OrderStatus::Cancelled => self.inform(format!("order {id} cancelled (filled {filled})")),
            OrderStatus::Expired => self.inform(format!("order {id} expired (filled {filled})")),
            OrderStatus::Failed => self.fail(Problem::Text(format!("order {id} failed at the exchange"))),
            other => self.warn(format!("order {id} left the book: {other}")),
        }
    }
}
