//! Paper order actions in a recording (`--paper --record`): the requests exactly as the real
//! venue would have been sent them, and the paper venue's answers, each answer's detail
//! starting with `paper:` so a reader never takes a paper fill for a real one.

use super::format::{Entry, OrderAction, OrderLine, Outcome};
use super::writer::Recorder;
use crate::app::{EditFailure, Effect, Msg};
use crate::coinbase::wire::{CancelOrdersRequest, CreateOrderRequest, EditOrderRequest};
use crate::domain::{Refusal, Rejection};

impl Recorder {
    /// An order action the paper venue takes: the request body the real venue would get.
    pub fn paper_action(&self, effect: &Effect) {
        match effect {
            Effect::PlaceOrder(order) => {
                self.order_request(OrderAction::Place, &CreateOrderRequest::from(order))
            }
            Effect::CancelOrders { order_ids } => {
                self.order_request(OrderAction::Cancel, &CancelOrdersRequest { order_ids: order_ids.clone() })
            }
            Effect::EditOrder(edit) => self.order_request(OrderAction::Edit, &EditOrderRequest::from(edit)),
            _ => {}
        }
    }

    /// The paper venue's answer to an order action (other messages are not answers).
    pub fn paper_answer(&self, msg: &Msg) {
        let Some((of, client_order_id, result, detail)) = answer(msg) else { return };
        let detail = format!("paper: {detail}");
        self.entry(Entry::Order(OrderLine::Answer { of, client_order_id, result, detail }));
    }
}

/// What an answer line says of `msg`: the action, the intent, the outcome and its words.
fn answer(msg: &Msg) -> Option<(OrderAction, String, Outcome, String)> {
    Some(match msg {
        Msg::OrderAccepted { client_order_id, order_id } => {
            (OrderAction::Place, client_order_id.clone(), Outcome::Accepted, format!("order id {order_id}"))
        }
        Msg::OrderRejected { client_order_id, refusal } => {
            (OrderAction::Place, client_order_id.clone(), Outcome::Rejected, refusal_words(refusal))
        }
        Msg::CancelsAnswered(outcomes) => {
            let each = |o: &crate::domain::CancelOutcome| {
                format!("{}: {}", o.order_id, o.refused.as_ref().map_or("ok".to_string(), rejection_words))
            };
            let detail = outcomes.iter().map(each).collect::<Vec<_>>().join(", ");
            (OrderAction::Cancel, String::new(), Outcome::Accepted, detail)
        }
        Msg::EditAnswered { edit, result } => {
            let (outcome, words) = match result {
                Ok(()) => (Outcome::Accepted, format!("order id {}", edit.order_id)),
                Err(EditFailure::Refused(refusal)) => (Outcome::Rejected, refusal_words(refusal)),
                Err(EditFailure::Unknown(reason)) => (Outcome::Unknown, reason.clone()),
            };
            (OrderAction::Edit, String::new(), outcome, words)
        }
        _ => return None,
    })
}

fn refusal_words(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Exchange(rejection) => rejection_words(rejection),
        Refusal::Request(words) => words.clone(),
    }
}

fn rejection_words(r: &Rejection) -> String {
    if r.message.is_empty() { r.code.clone() } else { format!("{}: {}", r.code, r.message) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::record::{Limits, RecordReader};

    /// A paper place and its acceptance, a refused place and a cancel read back as the lines
    /// the real venue's would be, the answers marked `paper:`.
    #[test]
    fn paper_actions_and_answers_read_back_marked() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("paper.zst");
        let recorder = Recorder::create(&path, Limits::DEFAULT).expect("recorder");
        recorder.paper_action(&Effect::CancelOrders { order_ids: vec!["o-1".into()] });
        recorder.paper_answer(&Msg::OrderAccepted { client_order_id: "c-1".into(), order_id: "o-1".into() });
        let refusal = Refusal::Request("not ready".into());
        recorder.paper_answer(&Msg::OrderRejected { client_order_id: "c-2".into(), refusal });
        recorder.paper_answer(&Msg::ProductsLoaded(Vec::new()));
        recorder.finish().expect("finish");
        let entries: Vec<Entry> =
            RecordReader::open(&path).expect("open").map(|r| r.expect("line").entry).collect();
        let answer = |of, id: &str, result, detail: &str| {
            Entry::Order(OrderLine::Answer { of, client_order_id: id.into(), result, detail: detail.into() })
        };
        let Entry::Order(OrderLine::Request { action: OrderAction::Cancel, body }) = &entries[0] else {
            panic!("a cancel request first: {entries:?}");
        };
        assert_eq!(body.get(), r#"{"order_ids":["o-1"]}"#);
        assert_eq!(
            entries[1..],
            [
                answer(OrderAction::Place, "c-1", Outcome::Accepted, "paper: order id o-1"),
                answer(OrderAction::Place, "c-2", Outcome::Rejected, "paper: not ready"),
            ]
        );
    }
}
