//! Alerts and notifications: the alert form and list, alerts fired by live ticker prices,
//! and the notification when an order fills or the exchange ends it. Each notification rings
//! the bell and shows a desktop notification ([`Effect::Notify`]), flags the product's
//! watchlist row, joins the recent notices and says so in the status bar.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::alerts::form::AlertForm;
use super::alerts::{self, Alert};
use super::{Model, Overlay, Problem, Severity};
use crate::app::notify::Notification;
use crate::app::{Action, Effect, Msg};
use crate::domain::{ProductId, Side};

/// Recent notifications kept for the alert list.
pub const MAX_NOTICES: usize = 20;

/// A notification shown in the alert list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The product it is about.
    pub product: ProductId,
    /// What happened.
    pub text: String,
    /// When (wall clock).
    pub at: DateTime<Utc>,
}

impl Model {
    /// `a`: the alert form for the focused product.
    pub(super) fn open_alert_form(&mut self) {
        match self.focused().cloned() {
            Some(product) => self.overlay = Overlay::AlertForm(AlertForm::new(product)),
            None => self.inform("no product focused"),
        }
    }

    /// `A`: the alert list; the products it reports on are no longer flagged.
    pub(super) fn open_alerts(&mut self) {
        self.overlay = Overlay::Alerts;
        self.flagged.clear();
    }

    pub(super) fn on_alert_form(&mut self, action: Action) -> Vec<Effect> {
        let Overlay::AlertForm(form) = &mut self.overlay else { return Vec::new() };
        match action {
            Action::Close => self.overlay = Overlay::None,
            Action::ChoicePrev => form.cycle(-1),
            Action::ChoiceNext => form.cycle(1),
            Action::DeleteChar => form.delete_char(),
            Action::SetAlert => return self.set_alert(),
            _ => {}
        }
        Vec::new()
    }

    /// Arms the alert typed in the form, or shows in the form why it is refused.
    fn set_alert(&mut self) -> Vec<Effect> {
        let Overlay::AlertForm(form) = &self.overlay else { return Vec::new() };
        let last = self.markets.get(&form.product).and_then(|m| m.last);
        match alerts::parse(form.kind, form.text.trim(), &form.product, last) {
            Ok(condition) => {
                let product = form.product.clone();
                self.overlay = Overlay::None;
                self.add_alert(product, condition)
            }
            Err(reason) => {
                if let Overlay::AlertForm(form) = &mut self.overlay {
                    form.error = Some(reason);
                }
                Vec::new()
            }
        }
    }

    pub(super) fn on_alert_list(&mut self, action: Action) -> Vec<Effect> {
        let count = self.alerts.list.len();
        match action {
            Action::Close => self.overlay = Overlay::None,
            Action::SelectUp => self.alerts.selected = self.alerts.selected.saturating_sub(1),
            Action::SelectDown => {
                self.alerts.selected = (self.alerts.selected + 1).min(count.saturating_sub(1))
            }
            Action::Pick | Action::OpenBuyTicket => return self.ticket_from_alert(Side::Buy),
            Action::OpenSellTicket => return self.ticket_from_alert(Side::Sell),
            Action::DeleteAlert => {
                let Some(alert) = self.alerts.remove_selected() else {
                    self.inform("no alert selected");
                    return Vec::new();
                };
                self.inform(format!("alert deleted: {} {}", alert.product, alert.condition.describe()));
                return self.save_alerts();
            }
            _ => {}
        }
        Vec::new()
    }

    /// A ticket for the selected fired alert's product at its price ([`Alert::ticket_price`]).
    fn ticket_from_alert(&mut self, side: Side) -> Vec<Effect> {
        let Some(alert) = self.alerts.selected().filter(|a| a.fired.is_some()).cloned() else {
            self.inform("select a fired alert to open a ticket at its price");
            return Vec::new();
        };
        if self.ticket_blocked() {
            return Vec::new();
        }
        let effects = match self.watch.iter().position(|p| *p == alert.product) {
            Some(i) => self.set_focused(i),
            None => Vec::new(),
        };
        self.overlay = Overlay::None;
        let price = alert.ticket_price();
        self.open_ticket_at(alert.product, side, price);
        effects
    }

    /// A live price of `product`: fires the alerts it meets.
    pub(super) fn check_alerts(&mut self, product: &ProductId, price: Decimal) -> Vec<Effect> {
        let fired = self.alerts.fire(product, price, self.wall);
        if fired.is_empty() {
            return Vec::new();
        }
        let mut effects = Vec::new();
        for alert in &fired {
            let text = fired_words(alert, price);
            tracing::info!(id = alert.id, "{text}");
            effects.push(self.notify(product, "cbterm", text, Severity::Warning));
        }
        effects.extend(self.save_alerts());
        effects
    }

    /// Flags `product`, keeps the notice, posts it in the status bar with `severity` and asks
    /// for the bell and the desktop notification.
    pub(super) fn notify(
        &mut self,
        product: &ProductId,
        title: &str,
        text: String,
        severity: Severity,
    ) -> Effect {
        self.flagged.insert(product.clone());
        self.notices.push_front(Notice { product: product.clone(), text: text.clone(), at: self.wall });
        self.notices.truncate(MAX_NOTICES);
        self.post(severity, Problem::Text(text.clone()));
        Effect::Notify(Notification { title: title.into(), body: text })
    }

    /// Arms an alert on `product` and says so; returns the save.
    pub(super) fn add_alert(&mut self, product: ProductId, condition: alerts::Condition) -> Vec<Effect> {
        let alert = self.alerts.add(product, condition, self.wall);
        let text = format!("alert set: {} {}", alert.product, alert.condition.describe());
        tracing::info!(id = alert.id, "{text}");
        self.inform(text);
        self.save_alerts()
    }

    fn save_alerts(&self) -> Vec<Effect> {
        if self.alerts.persist { vec![Effect::SaveAlerts(self.alerts.list.clone())] } else { Vec::new() }
    }

    /// The alerts file was read, could not be used, or could not be written.
    pub(super) fn on_alerts_file(&mut self, msg: Msg) {
        match msg {
            Msg::AlertsLoaded(list) => {
                self.alerts.list = list;
                self.alerts.persist = true;
            }
            Msg::AlertsUnreadable { path, reason } => {
                self.alerts.persist = false;
                self.fail(Problem::Text(format!(
                    "alerts file {path} unusable ({reason}); it is left as it is and alerts set now are not saved"
                )));
            }
            Msg::AlertsNotSaved { reason } => self.fail(Problem::Text(format!("alerts not saved: {reason}"))),
            _ => {}
        }
    }
}

/// `alert: BTC-USD above 100000 (last 100012.5)`.
fn fired_words(alert: &Alert, price: Decimal) -> String {
    format!("alert: {} {} (last {price})", alert.product, alert.condition.describe())
}
