//! Editing a resting limit order from the ticket (`e`): the same fields, checks and review
//! card as a new order, the exchange's preview of the edit on the card, then `/orders/edit`.
//! The order keeps its id, and Open orders changes only when the exchange reports the edit.

use rust_decimal::Decimal;

use super::account::OpenOrder;
use super::on_action::short_id;
use super::ticket::{Stage, Ticket};
use super::{Model, Overlay, Problem};
use crate::app::{EditFailure, Effect};
use crate::domain::{EditEstimate, EditOrder, OrderConfig, OrderType, Refusal, Size};

impl Model {
    /// The selected order and its base size, when it is a resting limit order that can be
    /// edited; otherwise says why in the status line and gives `None`.
    pub(super) fn editable_selected(&mut self) -> Option<(OpenOrder, Decimal)> {
        if self.history_in_view("edit") {
            return None;
        }
        let Some(order) = self.account.selected_order().cloned() else {
            self.inform("no open order selected: nothing to edit");
            return None;
        };
        match editable(&order) {
            Ok(size) => Some((order, size)),
            Err(why) => {
                let name = if order.is_intent() { &order.client_order_id } else { &order.order_id };
                self.warn(format!("order {} cannot be edited: {why}", short_id(name)));
                None
            }
        }
    }

    /// `e`: the ticket, pre-filled with the selected order's price and size, in edit mode.
    pub(super) fn open_edit_ticket(&mut self) {
        if self.ticket_blocked() {
            return;
        }
        if let Some((order, size)) = self.editable_selected() {
            let id = order.client_order_id.clone();
            self.overlay = Overlay::Ticket(Box::new(Ticket::edit(&order, size, id)));
        }
    }

    /// `y` on the review card of an edit: sends it once the exchange's preview has no
    /// objection.
    pub(super) fn confirm_edit(&mut self) -> Vec<Effect> {
        if self.refuse_trading() {
            self.overlay = Overlay::None;
            return Vec::new();
        }
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        let (Stage::Review { config, .. }, Some(target)) = (&t.stage, &t.edit) else { return Vec::new() };
        match (&target.preview, edit_of(&target.order, config)) {
            (Some(Ok(_)), Some(edit)) => {
                tracing::info!(order_id = %edit.order_id, price = %edit.price, size = %edit.size, "edit sent");
                t.stage = Stage::Sending;
                vec![Effect::EditOrder(edit)]
            }
            (None, _) => {
                self.inform("waiting for the exchange's preview of the edit");
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The preview of `edit` arrived: shown on its review card, if that card is still open.
    pub(super) fn on_edit_previewed(&mut self, edit: &EditOrder, result: Result<EditEstimate, Refusal>) {
        let Overlay::Ticket(t) = &mut self.overlay else { return };
        if let (Stage::Review { config, .. }, Some(target)) = (&t.stage, &mut t.edit)
            && edit_of(&target.order, config).as_ref() == Some(edit)
        {
            target.preview = Some(result);
        }
    }

    /// The exchange answered `edit`: the ticket closes (done) or shows the refusal; Open
    /// orders and balances are reloaded, and the user channel's report changes the row.
    pub(super) fn on_edit_answered(
        &mut self,
        edit: &EditOrder,
        result: Result<(), EditFailure>,
    ) -> Vec<Effect> {
        let sending = |t: &Ticket| {
            t.stage == Stage::Sending && t.edit.as_ref().is_some_and(|e| e.order.order_id == edit.order_id)
        };
        let ticket = self.ticket().is_some_and(sending);
        let id = short_id(&edit.order_id).to_string();
        match result {
            Ok(()) => {
                tracing::info!(order_id = %edit.order_id, "edit accepted");
                if ticket {
                    self.overlay = Overlay::None;
                }
                self.inform(format!("edit of {id} accepted: price {}, size {}", edit.price, edit.size));
            }
            Err(EditFailure::Refused(refusal)) => {
                tracing::info!(order_id = %edit.order_id, refusal = ?refusal, "edit rejected");
                if let (true, Overlay::Ticket(t)) = (ticket, &mut self.overlay) {
                    t.stage = Stage::Editing;
                    t.rejection = Some(Problem::OrderRejected(refusal.clone()));
                }
                self.fail(Problem::EditRejected { order_id: edit.order_id.clone(), refusal });
            }
            Err(EditFailure::Unknown(reason)) => {
                if ticket {
                    self.overlay = Overlay::None;
                }
                self.warn(format!("edit of {id}: no answer ({reason}); Open orders is reloaded to show it"));
            }
        }
        let mut effects = vec![Effect::LoadOpenOrders];
        effects.extend(self.reload_balances());
        effects
    }
}

/// The base size of `order` when it can be edited: a limit order at the exchange, sized in
/// base, with no cancel pending; otherwise why not.
pub fn editable(order: &OpenOrder) -> Result<Decimal, String> {
    match (&order.kind, order.price, order.size) {
        _ if order.is_intent() => Err("it has no exchange order id yet".into()),
        _ if order.cancel_requested => Err("a cancel of it is pending".into()),
        (OrderType::Limit, Some(_), Some(Size::Base(size))) => Ok(size),
        (OrderType::Limit, _, _) => Err("it has no limit price and base size".into()),
        (kind, _, _) => Err(format!("only limit orders can be edited, it is a {kind} order")),
    }
}

/// The edit a reviewed ticket stands for: the order's id, the new limit price and base size.
pub fn edit_of(order: &OpenOrder, config: &OrderConfig) -> Option<EditOrder> {
    Some(EditOrder {
        order_id: order.order_id.clone(),
        price: config.limit_price()?,
        size: config.base_size()?,
    })
}
