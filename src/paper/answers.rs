//! The paper venue's answers to the order and account effects: the engine's answer in
//! Coinbase's wire shape ([`crate::sim::convert`]), read back by [`crate::coinbase::parse`],
//! exactly as a real answer is.

use crate::app::{EditFailure, Effect, Msg};
use crate::coinbase::parse;
use crate::coinbase::wire::{CancelResult, EditError};
use crate::domain::{EditOrder, NewOrder, OrderRecord, Refusal};
use crate::sim::convert;
use crate::sim::engine::{self, SimOrder};

use super::{At, PAPER, PaperVenue};

/// Fills listed per load, as the real executor asks.
const FILLS: usize = 50;

/// An order as the user channel reports it.
pub(super) fn record(o: &SimOrder) -> OrderRecord {
    parse::user_order(&convert::user_order(o))
}

/// An order as the REST order lists report it.
fn listed(o: &SimOrder) -> OrderRecord {
    parse::order(&convert::order(o))
}

/// Why the engine refused an order, as a refused create request reads.
fn refusal(reject: &engine::Reject) -> Refusal {
    Refusal::Exchange(parse::rejection(reject.reason, &reject.message))
}

/// Why the engine refused an edit, as a refused edit request reads.
fn edit_refusal(reject: engine::EditReject) -> Refusal {
    let errors = [convert::edit_error(reject)];
    let reason = EditError::reason(&errors).unwrap_or("UNKNOWN_EDIT_FAILURE_REASON");
    Refusal::Exchange(parse::rejection(reason, ""))
}

fn not_ready() -> Refusal {
    Refusal::Request("paper trading is not ready: the product catalogue is not loaded yet".into())
}

impl PaperVenue {
    /// Performs `effect` when it is the paper venue's (every order effect and the account
    /// loads), with the messages the real venue's answers become; `None` for any other effect
    /// (the real venue performs it).
    pub fn perform(&mut self, effect: &Effect, at: At) -> Option<Vec<Msg>> {
        let answer = match effect {
            Effect::PlaceOrder(order) => self.place(order, at),
            Effect::CancelOrders { order_ids } => self.cancel(order_ids, at),
            Effect::EditOrder(edit) => self.edit(edit, at),
            Effect::LoadFees if !self.venue_fees => Msg::FeesLoaded(Some(Self::lowest_tier())),
            Effect::CheckKey if !self.venue_fees => return Some(Vec::new()),
            _ => self.read(effect, at)?,
        };
        let mut answers = vec![answer];
        answers.extend(self.reports(at));
        Some(answers)
    }

    /// The answers that change nothing: previews and account loads.
    fn read(&self, effect: &Effect, at: At) -> Option<Msg> {
        let engine = self.engine.as_ref();
        let mine = || engine.into_iter().flat_map(|e| e.orders(PAPER));
        Some(match effect {
            Effect::PreviewOrder(order) => self.preview(order, at),
            Effect::PreviewEdit(edit) => self.preview_edit(edit, at),
            Effect::LoadAccounts => Msg::AccountsLoaded(self.balances()),
            Effect::LoadOpenOrders => {
                Msg::OpenOrdersLoaded(mine().filter(|o| o.status.is_working()).map(listed).collect())
            }
            Effect::LoadOrderHistory => Msg::OrderHistoryLoaded(
                mine()
                    .filter(|o| !o.status.is_working())
                    .take(crate::app::model::account::history::MAX_HISTORY)
                    .map(listed)
                    .collect(),
            ),
            Effect::LoadFills => Msg::FillsLoaded(
                engine
                    .into_iter()
                    .flat_map(|e| e.fills(PAPER))
                    .take(FILLS)
                    .map(|f| parse::fill(&convert::fill(f)))
                    .collect(),
            ),
            Effect::FindOrder { client_order_id, .. } => Msg::OrderLookedUp {
                client_order_id: client_order_id.clone(),
                order: mine().find(|o| &o.client_order_id == client_order_id).map(|o| Box::new(listed(o))),
            },
            Effect::LoadOrdersSince { since, order_ids } => Msg::OrdersListedSince {
                requested_at: at.mono,
                orders: mine()
                    .filter(|o| o.created_time >= *since || order_ids.contains(&o.order_id))
                    .map(listed)
                    .collect(),
            },
            _ => return None,
        })
    }

    /// Balances as `GET /accounts` lists them: the engine's, or the saved ones before it.
    fn balances(&self) -> Vec<crate::domain::Balance> {
        let balances = match &self.engine {
            Some(engine) => engine.balances(PAPER),
            None => self
                .book
                .balances
                .iter()
                .map(|b| engine::Balance {
                    currency: b.currency.clone(),
                    available: b.amount,
                    hold: rust_decimal::Decimal::ZERO,
                })
                .collect(),
        };
        let accounts: Vec<_> = balances.iter().map(|b| convert::account(PAPER, b)).collect();
        parse::balances(&accounts)
    }

    fn place(&mut self, order: &NewOrder, at: At) -> Msg {
        let client_order_id = order.client_order_id.clone();
        let Some(engine) = &mut self.engine else {
            return Msg::OrderRejected { client_order_id, refusal: not_ready() };
        };
        let new = engine::NewOrder {
            client_order_id: order.client_order_id.clone(),
            product_id: order.product_id.clone(),
            side: order.side,
            config: order.config.clone(),
        };
        match engine.place(PAPER, new, at.wall) {
            Ok(order_id) => Msg::OrderAccepted { client_order_id, order_id },
            Err(reject) => Msg::OrderRejected { client_order_id, refusal: refusal(&reject) },
        }
    }

    fn preview(&self, order: &NewOrder, at: At) -> Msg {
        let preview = match &self.engine {
            Some(engine) => {
                let p = engine.preview(PAPER, order.side, &order.product_id, &order.config, at.wall);
                Ok(parse::preview(&convert::preview(&p)))
            }
            None => Err("paper trading is not ready: the product catalogue is not loaded yet".to_string()),
        };
        Msg::OrderPreviewed { order: order.clone(), preview }
    }

    fn cancel(&mut self, order_ids: &[String], at: At) -> Msg {
        let results: Vec<CancelResult> = order_ids
            .iter()
            .map(|id| {
                let result = match &mut self.engine {
                    Some(engine) => engine.cancel(PAPER, id, at.wall),
                    None => Err("UNKNOWN_CANCEL_ORDER"),
                };
                CancelResult {
                    success: result.is_ok(),
                    failure_reason: result.err().unwrap_or("UNKNOWN_CANCEL_FAILURE_REASON").to_string(),
                    order_id: id.clone(),
                }
            })
            .collect();
        Msg::CancelsAnswered(parse::cancel_outcomes(&results))
    }

    fn edit(&mut self, edit: &EditOrder, at: At) -> Msg {
        let result = match &mut self.engine {
            Some(engine) => {
                engine.edit(PAPER, &edit.order_id, edit.price, edit.size, at.wall).map_err(edit_refusal)
            }
            None => Err(not_ready()),
        };
        Msg::EditAnswered { edit: edit.clone(), result: result.map_err(EditFailure::Refused) }
    }

    fn preview_edit(&self, edit: &EditOrder, at: At) -> Msg {
        let result = match &self.engine {
            Some(engine) => engine
                .edit_preview(PAPER, &edit.order_id, edit.price, edit.size, at.wall)
                .map(|p| parse::edit_estimate(&convert::edit_estimate(&p)))
                .map_err(edit_refusal),
            None => Err(not_ready()),
        };
        Msg::EditPreviewed { edit: edit.clone(), result }
    }
}
