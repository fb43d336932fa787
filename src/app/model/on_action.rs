//! Key actions outside the ticket: focus, selection, picker, help, cancels, book and chart.

use super::account::OpenOrder;
use super::account::history::OrdersTab;
use super::picker::Picker;
use super::{CHART_GRANULARITIES, Model, Overlay, Pane, TICK_STEPS};
use crate::app::{Action, Effect, Mode};
use crate::domain::{Granularity, ProductId};

impl Model {
    pub(super) fn on_action(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Quit {
            self.quit = true;
            return Vec::new();
        }
        if let Some(control) = action.replay_control() {
            return self.on_replay_action(control);
        }
        match self.mode() {
            Mode::Normal | Mode::Global | Mode::Replay => self.on_normal(action),
            Mode::Help => {
                self.on_help(action);
                Vec::new()
            }
            Mode::Picker => self.on_picker(action),
            Mode::Confirm => self.on_confirm(action),
            Mode::Ticket => self.on_ticket_action(action),
            Mode::Review => self.on_review_action(action),
            Mode::AlertForm => self.on_alert_form(action),
            Mode::Alerts => self.on_alert_list(action),
            Mode::Palette => self.on_palette(action),
            Mode::Nudge => self.on_nudge(action),
        }
    }

    pub(super) fn on_typed(&mut self, c: char) -> Vec<Effect> {
        match &mut self.overlay {
            Overlay::Picker(p) => {
                p.query.push(c);
                p.selected = 0;
            }
            Overlay::Ticket(t) if t.stage == super::ticket::Stage::Editing => t.type_char(c),
            Overlay::AlertForm(form) => form.type_char(c),
            Overlay::Palette(p) => p.type_char(c),
            _ => {}
        }
        Vec::new()
    }

    fn on_normal(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::ToggleHelp => self.overlay = Overlay::Help { scroll: 0 },
            Action::Dismiss => self.message = None,
            Action::FocusNext => self.focus = cycle_pane(self.focus, 1),
            Action::FocusPrev => self.focus = cycle_pane(self.focus, -1),
            Action::SelectUp => return self.move_selection(-1),
            Action::SelectDown => return self.move_selection(1),
            Action::OpenPicker => self.overlay = Overlay::Picker(Picker::default()),
            Action::OpenPalette => self.overlay = Overlay::Palette(super::palette::Palette::default()),
            // On a NOT FOUND order in Open orders, b/s review its resubmit (same id, R-ORD4).
            Action::OpenBuyTicket | Action::OpenSellTicket if self.review_resubmit() => {
                return self.ask_preview();
            }
            Action::OpenBuyTicket => self.open_ticket(crate::domain::Side::Buy),
            Action::OpenSellTicket => self.open_ticket(crate::domain::Side::Sell),
            Action::CancelSelected => return self.cancel_selected(),
            Action::CancelAll => self.ask_cancel_all(None),
            Action::CancelAllProduct => self.ask_cancel_all_focused(),
            Action::Flatten => self.ask_flatten(),
            Action::ToggleOrderHistory => self.toggle_order_history(),
            Action::EditSelected => self.open_edit_ticket(),
            Action::NudgeUp => self.start_nudge(1),
            Action::NudgeDown => self.start_nudge(-1),
            Action::WidenTick => {
                self.tick_step = (self.tick_step + 1).min(TICK_STEPS.len() - 1);
                self.keep_book_cursor();
            }
            Action::NarrowTick => {
                self.tick_step = self.tick_step.saturating_sub(1);
                self.keep_book_cursor();
            }
            Action::OpenAlertForm => self.open_alert_form(),
            Action::OpenAlerts => self.open_alerts(),
            Action::MoveWatchUp => return self.move_watch(-1),
            Action::MoveWatchDown => return self.move_watch(1),
            Action::NextGranularity => return self.step_granularity(1),
            Action::PrevGranularity => return self.step_granularity(-1),
            _ => {}
        }
        Vec::new()
    }

    fn move_selection(&mut self, step: isize) -> Vec<Effect> {
        match self.focus {
            Pane::Watchlist if !self.watch.is_empty() => {
                let max = self.watch.len() as isize - 1;
                let next = (self.selected as isize + step).clamp(0, max) as usize;
                return self.set_focused(next);
            }
            Pane::Book => self.move_book_cursor(step < 0),
            Pane::Orders if self.account.showing_history() => {
                let history = &mut self.account.history;
                history.selected = step_index(history.selected, step, history.rows.len());
            }
            Pane::Orders => {
                self.account.selected = step_index(self.account.selected, step, self.account.orders.len());
            }
            _ => {}
        }
        Vec::new()
    }

    /// Loads the focused product needs (candles of the chart granularity, recent trades).
    pub(super) fn focus_loads(&self) -> Vec<Effect> {
        let Some(product) = self.focused().cloned() else { return Vec::new() };
        let mut effects = Vec::new();
        let market = self.markets.get(&product);
        let candles_ok =
            market.is_some_and(|m| m.candles.loaded && m.candles.granularity == self.granularity);
        if !candles_ok {
            let end = self.wall.timestamp();
            effects.push(Effect::LoadCandles {
                product: product.clone(),
                granularity: self.granularity,
                end,
            });
        }
        if market.is_none_or(|m| m.trades.is_empty()) {
            effects.push(Effect::LoadTrades { product });
        }
        effects
    }

    /// Makes watchlist row `index` the focused product.
    pub(super) fn set_focused(&mut self, index: usize) -> Vec<Effect> {
        if index == self.selected {
            return Vec::new();
        }
        self.selected = index;
        self.book_cursor = None;
        self.tick_step = 0;
        self.focus_loads()
    }

    fn step_granularity(&mut self, step: isize) -> Vec<Effect> {
        let pos = CHART_GRANULARITIES.iter().position(|g| *g == self.granularity).unwrap_or(0) as isize;
        let next = (pos + step).clamp(0, CHART_GRANULARITIES.len() as isize - 1) as usize;
        self.set_granularity(CHART_GRANULARITIES[next])
    }

    /// Switches the chart to `granularity` (its candles are loaded again).
    pub(super) fn set_granularity(&mut self, granularity: Granularity) -> Vec<Effect> {
        if granularity == self.granularity {
            return Vec::new();
        }
        self.granularity = granularity;
        for market in self.markets.values_mut() {
            market.candles.reset(self.granularity);
        }
        self.focus_loads()
    }

    fn on_picker(&mut self, action: Action) -> Vec<Effect> {
        let Overlay::Picker(picker) = &mut self.overlay else { return Vec::new() };
        let matches = picker.matches(&self.catalog);
        match action {
            Action::Close => self.overlay = Overlay::None,
            Action::SelectUp => picker.move_by(-1, matches.len()),
            Action::SelectDown => picker.move_by(1, matches.len()),
            Action::DeleteChar => {
                picker.query.pop();
                picker.selected = 0;
            }
            Action::Pick => {
                let chosen = matches.get(picker.selected).cloned();
                self.overlay = Overlay::None;
                return chosen.map(|p| self.watch_product(p)).unwrap_or_default();
            }
            _ => {}
        }
        Vec::new()
    }

    /// Focuses `product`, adding it to the watchlist (and the market feed) when new.
    pub(super) fn watch_product(&mut self, product: ProductId) -> Vec<Effect> {
        if let Some(i) = self.watch.iter().position(|p| *p == product) {
            return self.set_focused(i);
        }
        self.watch.push(product.clone());
        self.markets.entry(product).or_default();
        let mut effects =
            vec![Effect::SubscribeMarket { products: self.market_products() }, self.save_watchlist()];
        effects.extend(self.set_focused(self.watch.len() - 1));
        effects
    }

    /// `h`: the Open orders pane shows the other tab (open orders or order history).
    fn toggle_order_history(&mut self) {
        self.account.tab = match self.account.tab {
            OrdersTab::Open => OrdersTab::History,
            OrdersTab::History => OrdersTab::Open,
        };
    }

    /// Whether the focused Open orders pane shows its History tab, where the selected open
    /// order is not in view: then nothing is done to it, and the status line says so.
    pub(super) fn history_in_view(&mut self, verb: &str) -> bool {
        if self.focus != Pane::Orders || !self.account.showing_history() {
            return false;
        }
        let open = self.keymap.first_key(Mode::Normal, Action::ToggleOrderHistory);
        let back = open.map_or(String::new(), |k| format!("; {k} shows the open orders"));
        self.inform(format!("the History tab lists done orders: nothing to {verb}{back}"));
        true
    }

    /// `c`: with Open orders focused the highlighted row is cancelled at once; from any other
    /// pane the row is named in the status line first and only a second `c` or `y` cancels it.
    /// With the History tab focused nothing is cancelled: its rows are done orders, and the
    /// selected open order is not in view.
    fn cancel_selected(&mut self) -> Vec<Effect> {
        if self.history_in_view("cancel") {
            return Vec::new();
        }
        match self.account.selected_order() {
            Some(order) if self.focus != Pane::Orders && !order.cancel_requested => {
                self.overlay = Overlay::ConfirmCancel { order: Box::new(order.clone()) };
                Vec::new()
            }
            _ => self.cancel_row(),
        }
    }

    /// Cancels the selected row (or forgets a not-found intent).
    fn cancel_row(&mut self) -> Vec<Effect> {
        if let Some(effects) = self.cancel_intent() {
            return effects;
        }
        let Some(order) = self.account.orders.get_mut(self.account.selected) else {
            self.inform("no open order selected");
            return Vec::new();
        };
        if order.cancel_requested {
            let text = format!("cancel of {} already requested", short_id(&order.order_id));
            self.inform(text);
            return Vec::new();
        }
        let id = order.order_id.clone();
        if self.dry_run_stops(&format!("the cancel of {}", short_id(&id))) {
            return Vec::new();
        }
        let Some(order) = self.account.orders.get_mut(self.account.selected) else { return Vec::new() };
        order.cancel_requested = true;
        tracing::info!(order_id = %order.order_id, product = %order.product, "cancel requested");
        vec![Effect::CancelOrders { order_ids: vec![order.order_id.clone()] }]
    }

    /// The answer yes to "cancel this order?": the order asked about, wherever its row now is.
    fn cancel_asked(&mut self, asked: &OpenOrder) -> Vec<Effect> {
        let same = |o: &OpenOrder| o.order_id == asked.order_id && o.client_order_id == asked.client_order_id;
        let Some(pos) = self.account.orders.iter().position(same) else {
            let id = if asked.is_intent() { &asked.client_order_id } else { &asked.order_id };
            self.inform(format!("order {} is no longer open; nothing cancelled", short_id(id)));
            return Vec::new();
        };
        self.account.selected = pos;
        self.cancel_row()
    }

    /// The ids of the open orders (of `product`, when given) a cancel-all would send.
    pub(super) fn cancellable(&self, product: Option<&ProductId>) -> Vec<String> {
        let chosen = |o: &&OpenOrder| !o.is_intent() && product.is_none_or(|p| o.product == *p);
        self.account.orders.iter().filter(chosen).map(|o| o.order_id.clone()).collect()
    }

    /// Asks "cancel all N open orders?" (of `product`, when given).
    pub(super) fn ask_cancel_all(&mut self, product: Option<ProductId>) {
        let order_ids = self.cancellable(product.as_ref());
        if order_ids.is_empty() {
            let what = product.as_ref().map_or(String::new(), |p| format!("{p} "));
            self.inform(format!("no open {what}orders to cancel"));
        } else {
            self.overlay = Overlay::ConfirmCancelAll { order_ids, product };
        }
    }

    fn on_confirm(&mut self, action: Action) -> Vec<Effect> {
        match (&self.overlay, action) {
            (_, Action::Close) => self.overlay = Overlay::None,
            (Overlay::ConfirmCancel { order }, Action::Confirm | Action::CancelSelected) => {
                let asked = order.clone();
                self.overlay = Overlay::None;
                return self.cancel_asked(&asked);
            }
            (Overlay::ConfirmCancelAll { order_ids, .. }, Action::Confirm) => {
                let order_ids = order_ids.clone();
                self.overlay = Overlay::None;
                let n = order_ids.len();
                if self.dry_run_stops(&format!("the cancel of {n} order{}", if n == 1 { "" } else { "s" })) {
                    return Vec::new();
                }
                for o in self.account.orders.iter_mut().filter(|o| order_ids.contains(&o.order_id)) {
                    o.cancel_requested = true;
                }
                tracing::info!(count = order_ids.len(), "cancel all requested");
                return vec![Effect::CancelOrders { order_ids }];
            }
            (Overlay::ConfirmFlatten { .. }, Action::Confirm) => return self.send_flatten(),
            _ => {}
        }
        Vec::new()
    }
}

/// `index` moved by `step` within a list of `len` rows.
fn step_index(index: usize, step: isize, len: usize) -> usize {
    let max = len.saturating_sub(1) as isize;
    (index as isize + step).clamp(0, max) as usize
}

fn cycle_pane(pane: Pane, step: isize) -> Pane {
    let pos = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0) as isize;
    Pane::ALL[(pos + step).rem_euclid(Pane::ALL.len() as isize) as usize]
}

/// The first 8 characters of an order id, for messages.
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}
