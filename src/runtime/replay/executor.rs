//! The replay's executor: nothing touches the network. Loads, subscriptions and lookups are
//! answered by nobody (the recording's own `rest` lines deliver what the session loaded);
//! orders, cancels and edits are refused — unless paper trading (`--paper`), where they and
//! the account loads go to the paper venue on the recording's clock; the replay keys go to
//! the replay source.

use std::time::Instant;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, watch};

use super::pace::Pace;
use crate::app::model::ReplayControl;
use crate::app::{EditFailure, Effect, Msg, Request};
use crate::domain::Refusal;
use crate::paper::At;
use crate::runtime::paper_desk::PaperDesk;

/// Why an order action does nothing in a replay.
pub const NOT_SENT: &str = "replay: orders are not sent — use --paper to paper-trade on a replay";

/// Performs a replay's effects.
pub struct ReplayExecutor {
    tx: mpsc::Sender<Msg>,
    controls: mpsc::UnboundedSender<ReplayControl>,
    clock: watch::Receiver<Pace>,
    terminal_out: Vec<u8>,
    paper: Option<PaperDesk>,
}

impl ReplayExecutor {
    /// An executor answering on `tx`, handing replay keys to `controls`, telling the time of
    /// the replay's `clock`.
    pub fn new(
        tx: mpsc::Sender<Msg>,
        controls: mpsc::UnboundedSender<ReplayControl>,
        clock: watch::Receiver<Pace>,
    ) -> Self {
        Self { tx, controls, clock, terminal_out: Vec::new(), paper: None }
    }

    /// The same executor paper trading with `desk`.
    pub fn with_paper(self, desk: PaperDesk) -> Self {
        Self { paper: Some(desk), ..self }
    }

    /// The replay's clock as the paper venue's time.
    fn at(&self) -> At {
        let (mono, wall) = self.clock();
        At { wall, mono }
    }

    /// Shows the paper venue, if any, a message the model is about to get.
    pub fn observe(&mut self, msg: &Msg) {
        let at = self.at();
        if let Some(paper) = &mut self.paper {
            paper.observe(msg, at);
        }
    }

    /// The model's clock: the recording's time (it stands still while paused).
    pub fn clock(&self) -> (Instant, DateTime<Utc>) {
        self.clock.borrow().clock(super::source::now())
    }

    /// Performs each effect; none waits.
    pub fn perform(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            let at = self.at();
            let Some(effect) = crate::runtime::paper_desk::route(self.paper.as_mut(), effect, || at) else {
                continue;
            };
            match effect {
                Effect::Replay(control) => {
                    let _ = self.controls.send(control);
                }
                Effect::Notify(notification) => self.terminal_out.extend(notification.bytes()),
                other => {
                    if let Some(msg) = refusal(other) {
                        let _ = self.tx.try_send(msg);
                    }
                }
            }
        }
    }

    /// The bytes effects asked to write to the terminal since the last call.
    pub fn take_terminal_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.terminal_out)
    }
}

/// The answer to an order action ([`NOT_SENT`]); `None` for every other effect.
pub fn refusal(effect: Effect) -> Option<Msg> {
    let refused = || Refusal::Request(NOT_SENT.into());
    Some(match effect {
        Effect::PlaceOrder(order) => {
            Msg::OrderRejected { client_order_id: order.client_order_id, refusal: refused() }
        }
        Effect::PreviewOrder(order) => Msg::OrderPreviewed { order, preview: Err(NOT_SENT.into()) },
        Effect::CancelOrders { order_ids } => {
            Msg::RequestFailed { request: Request::Cancel(order_ids), reason: NOT_SENT.into() }
        }
        Effect::PreviewEdit(edit) => Msg::EditPreviewed { edit, result: Err(refused()) },
        Effect::EditOrder(edit) => Msg::EditAnswered { edit, result: Err(EditFailure::Refused(refused())) },
        _ => return None,
    })
}
