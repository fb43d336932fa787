//! REST answers: products, balances, orders, fills, fees, candles, trades, order results.

use std::time::Instant;

use super::{DEFAULT_WATCH, Model, Problem};
use crate::app::{Effect, Msg, Request};
use crate::domain::{CancelOutcome, OrderRecord, Product, ProductId};

impl Model {
    pub(super) fn on_rest(&mut self, msg: Msg) -> Vec<Effect> {
        if let Some(request) = answered(&msg) {
            self.load_succeeded(&request);
        }
        match msg {
            Msg::ProductsLoaded(products) => return self.on_products(&products),
            Msg::AccountsLoaded(accounts) => {
                self.account.set_balances(&accounts);
                return self.load_answered(&Request::Accounts).into_iter().collect();
            }
            Msg::OpenOrdersLoaded(orders) => return self.on_open_orders(&orders, self.now),
            Msg::OpenOrdersListed { requested_at, orders } => {
                return self.on_open_orders(&orders, requested_at);
            }
            Msg::OrdersListedSince { requested_at, orders } => {
                return self.on_order_reports(orders.iter(), requested_at);
            }
            Msg::FillsLoaded(fills) => {
                self.account.set_fills(&fills);
                return self.load_answered(&Request::Fills).into_iter().collect();
            }
            Msg::OrderHistoryLoaded(orders) => self.account.history.set_listing(&orders),
            Msg::FeesLoaded(tier) => self.account.fee_tier = tier,
            Msg::KeyChecked { key_type, rights } => self.on_key_checked(&key_type, rights),
            Msg::KeyCheckFailed { problem, fix } => self.on_key_check_failed(&problem, &fix),
            Msg::CandlesLoaded { product, granularity, candles } => {
                if granularity == self.granularity
                    && let Some(m) = self.markets.get_mut(&product)
                {
                    m.candles.load(granularity, &candles);
                }
            }
            Msg::TradesLoaded { product, trades } => {
                let now = self.now;
                if let Some(m) = self.markets.get_mut(&product) {
                    m.add_trades(&trades, now);
                }
            }
            Msg::OrderAccepted { client_order_id, order_id } => {
                return self.on_order_accepted(&client_order_id, &order_id);
            }
            Msg::OrderRejected { client_order_id, refusal } => {
                return self.on_order_rejected(&client_order_id, &refusal);
            }
            Msg::OrderPreviewed { order, preview } => return self.on_order_previewed(&order, preview),
            Msg::OrderUnknown { client_order_id, reason } => {
                return self.on_order_unknown(&client_order_id, &reason);
            }
            Msg::OrderLookedUp { client_order_id, order } => {
                return self.on_order_looked_up(&client_order_id, order.as_deref());
            }
            Msg::EditPreviewed { edit, result } => self.on_edit_previewed(&edit, result),
            Msg::EditAnswered { edit, result } => return self.on_edit_answered(&edit, result),
            Msg::CancelsAnswered(results) => return self.on_cancels(&results),
            Msg::RequestFailed { request, reason } => return self.on_failed(request, reason),
            Msg::ClockMeasured { offset_ms } => self.on_clock(offset_ms),
            Msg::RecordingTrouble { problem } => self.warn(problem),
            Msg::WatchlistNotSaved { reason } => {
                self.fail(Problem::Text(format!(
                    "watchlist not saved: {reason}; it is kept for this session"
                )));
            }
            Msg::ReplayProgress(progress) => self.on_replay_progress(progress),
            Msg::Action(_) | Msg::Typed(_) | Msg::Resized { .. } | Msg::Tick { .. } | Msg::Feed { .. } => {}
            msg @ (Msg::AlertsLoaded(_) | Msg::AlertsUnreadable { .. } | Msg::AlertsNotSaved { .. }) => {
                self.on_alerts_file(msg);
            }
            msg @ (Msg::JournalOpened { .. } | Msg::JournalFailed { .. } | Msg::OrderNotJournaled { .. }) => {
                return self.on_journal(msg);
            }
        }
        Vec::new()
    }

    /// A REST listing of open orders: intents it shows are adopted, then it replaces the list
    /// (rows older than a user-channel event are ignored).
    fn on_open_orders(&mut self, orders: &[OrderRecord], requested_at: Instant) -> Vec<Effect> {
        let effects = self.adopt_listed(orders);
        self.account.set_orders(orders, requested_at);
        effects
    }

    fn on_products(&mut self, products: &[Product]) -> Vec<Effect> {
        self.catalog = products.iter().map(|p| p.id().clone()).collect();
        self.catalog.sort();
        self.rules = products.iter().map(|p| (p.id().clone(), p.rules.clone())).collect();
        let dropped = self.drop_unknown_products();
        if self.watch.is_empty() {
            let online = products.iter().filter(|p| p.listing.is_online());
            self.watch = online.take(DEFAULT_WATCH).map(|p| p.id().clone()).collect();
        }
        let relisted = self.apply_listings(products);
        let mut effects: Vec<Effect> = match self.start_market() {
            Some(start) => vec![start],
            // A product left or came back, or the feed was started unchecked (the catalogue
            // had failed) with unknown ones: resubscribe the online watched products.
            None if dropped || relisted => vec![Effect::SubscribeMarket { products: self.market_products() }],
            None => Vec::new(),
        };
        for product in products.iter().filter(|p| self.watch.contains(p.id())) {
            let market = self.markets.entry(product.id().clone()).or_default();
            if market.last.is_none() {
                market.last = product.price;
                market.change_pct = product.change_pct_24h;
                market.volume = product.volume_24h;
            }
        }
        effects.extend(self.focus_loads());
        effects
    }

    /// Takes the products the catalogue does not have out of the watchlist and names them
    /// (a subscription with an unknown product would stop every market channel). Returns
    /// whether any was dropped.
    fn drop_unknown_products(&mut self) -> bool {
        let (known, unknown): (Vec<ProductId>, Vec<ProductId>) =
            self.watch.drain(..).partition(|p| self.catalog.binary_search(p).is_ok());
        self.watch = known;
        if unknown.is_empty() {
            return false;
        }
        let names: Vec<&str> = unknown.iter().map(ProductId::as_str).collect();
        tracing::warn!(unknown = ?names, "watched products not in the catalogue");
        self.fail(Problem::Text(format!(
            "unknown product {}: not in the exchange's catalogue, not watched",
            names.join(", ")
        )));
        self.unknown_products = unknown;
        true
    }

    /// Subscribes the watchlist the first time it is known; later loads change nothing.
    pub(super) fn start_market(&mut self) -> Option<Effect> {
        if self.market_started || self.watch.is_empty() {
            return None;
        }
        self.market_started = true;
        Some(Effect::SubscribeMarket { products: self.market_products() })
    }

    fn on_cancels(&mut self, outcomes: &[CancelOutcome]) -> Vec<Effect> {
        let mut failures = Vec::new();
        for outcome in outcomes {
            tracing::info!(order_id = %outcome.order_id, refused = ?outcome.refused, "cancel answered");
            let Some(rejection) = &outcome.refused else { continue };
            if let Some(o) = self.account.orders.iter_mut().find(|o| o.order_id == outcome.order_id) {
                o.cancel_requested = false;
            }
            failures.push((outcome.order_id.clone(), rejection.clone()));
        }
        let ok = outcomes.len() - failures.len();
        if failures.is_empty() {
            self.inform(format!("cancel requested for {ok} order(s); waiting for the exchange"));
        } else {
            self.fail(Problem::CancelFailed(failures));
        }
        vec![Effect::LoadOpenOrders]
    }

    fn on_failed(&mut self, request: Request, reason: String) -> Vec<Effect> {
        tracing::warn!(request = %request.describe(), reason, "request failed");
        if super::retry::retried(&request) {
            self.schedule_retry(&request, &reason);
        } else {
            self.fail(Problem::Text(format!("{} failed: {reason}", request.describe())));
        }
        match &request {
            Request::Cancel(ids) => {
                for o in self.account.orders.iter_mut().filter(|o| ids.contains(&o.order_id)) {
                    o.cancel_requested = false;
                }
            }
            Request::FindOrder(id) => self.lookup_missed(id),
            _ => {}
        }
        let mut effects: Vec<Effect> = self.load_answered(&request).into_iter().collect();
        if request == Request::Products {
            effects.extend(self.start_market());
        }
        effects
    }
}

/// The load a message answers successfully, if it is one.
fn answered(msg: &Msg) -> Option<Request> {
    Some(match msg {
        Msg::ProductsLoaded(_) => Request::Products,
        Msg::AccountsLoaded(_) => Request::Accounts,
        Msg::OpenOrdersLoaded(_) | Msg::OpenOrdersListed { .. } => Request::OpenOrders,
        Msg::FillsLoaded(_) => Request::Fills,
        Msg::OrderHistoryLoaded(_) => Request::OrderHistory,
        Msg::FeesLoaded(_) => Request::Fees,
        Msg::CandlesLoaded { product, .. } => Request::Candles(product.clone()),
        Msg::TradesLoaded { product, .. } => Request::Trades(product.clone()),
        _ => return None,
    })
}
