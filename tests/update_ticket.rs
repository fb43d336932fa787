//! `update` scenarios for the ticket's live validation: after every edit (a keystroke, a price
//! or size shortcut, a changed choice) the ticket's error is that of its current fields; no
//! earlier Enter leaves a stale message behind. Bracket errors name the bracket's own fields.

use cbterm::app::model::Problem;
use cbterm::app::model::ticket::{Field, OrderKind};
use cbterm::app::{Action, Effect, Mode, Model, Msg};
use cbterm::domain::{Refusal, RejectReason, Rejection};

mod support;

use support::type_text;

/// BTC-USD (tick 0.01, lot 0.0001), a live book 49990/50010, 1000 USD and 1 BTC, fees 0.4/0.6 %.
fn model() -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    m
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

fn clear(m: &mut Model) {
    for _ in 0..45 {
        act(m, Action::DeleteChar);
    }
}

/// Opens a ticket on `open`'s side and types `price`, then `size` (empty: left empty).
fn ticket(m: &mut Model, open: Action, price: &str, size: &str) {
    assert!(act(m, open).is_empty());
    type_text(m, price);
    act(m, Action::NextField);
    type_text(m, size);
}

/// What the ticket holds against sending: its stored rejection and its live problem.
fn errors(m: &Model) -> (Option<Problem>, Option<String>) {
    let t = m.ticket().expect("ticket open");
    (t.rejection.clone(), m.ticket_check().expect("ticket").problem)
}

fn text(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn correcting_a_bad_size_after_enter_shows_the_new_fields_problem() {
    let mut m = model();
    ticket(&mut m, Action::OpenBuyTicket, "49000.00", "xyz-1");
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Ticket);
    assert_eq!(errors(&m), (None, text("fix the field marked ✗")));
    clear(&mut m);
    type_text(&mut m, "0.123456789");
    let lot = "size 0.123456789 is not a multiple of the lot 0.0001; nearest valid: 0.1234 or 0.1235";
    assert_eq!(errors(&m), (None, text(lot)));
    assert_eq!(m.ticket_check().expect("check").size_error, None, "no field is marked any more");
}

#[test]
fn a_price_shortcut_replaces_the_distance_refusal_with_the_next_problem() {
    let mut m = model();
    ticket(&mut m, Action::OpenSellTicket, "41150.00", "0.5");
    act(&mut m, Action::Review);
    let far = "limit price 41150.00 is 17.7% through the market (50000.00); more than 10% is refused";
    assert_eq!(errors(&m), (None, text(far)));
    act(&mut m, Action::PriceFromBid);
    assert_eq!(m.ticket().expect("ticket").price, "49990.00");
    assert_eq!(errors(&m), (None, None));
    clear(&mut m);
    type_text(&mut m, "1.5");
    assert_eq!(errors(&m), (None, text("needs 1.5 BTC; 1 BTC available")));
}

#[test]
fn the_size_shortcut_clears_enter_a_size() {
    let mut m = model();
    ticket(&mut m, Action::OpenBuyTicket, "49000.00", "");
    act(&mut m, Action::Review);
    assert_eq!(errors(&m), (None, text("enter a size")));
    act(&mut m, Action::SizeFromBalance);
    assert_eq!(m.ticket().expect("ticket").size, "0.005");
    assert_eq!(errors(&m), (None, None));
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Review, "the filled ticket can be reviewed at once");
}

#[test]
fn changing_the_order_type_revalidates() {
    let mut m = model();
    ticket(&mut m, Action::OpenBuyTicket, "", "0.001");
    act(&mut m, Action::Review);
    assert_eq!(errors(&m), (None, text("enter a limit price")));
    act(&mut m, Action::PrevField);
    act(&mut m, Action::PrevField);
    assert_eq!(m.ticket().expect("ticket").field, Field::Kind);
    act(&mut m, Action::ChoicePrev);
    assert_eq!(m.ticket().expect("ticket").kind, OrderKind::Market);
    assert_eq!(errors(&m), (None, None));
}

/// Sends a valid ticket and has the exchange refuse it for lack of funds.
fn rejected(m: &mut Model) {
    ticket(m, Action::OpenBuyTicket, "49000.00", "0.01");
    act(m, Action::Review);
    let now = m.now + std::time::Duration::from_millis(600);
    m.update(Msg::Tick { now, wall: m.wall });
    act(m, Action::Confirm);
    let client_order_id = m.ticket().expect("ticket").client_order_id.clone();
    let refusal = Refusal::Exchange(Rejection {
        reason: RejectReason::InsufficientFunds,
        code: "INSUFFICIENT_FUND".into(),
        message: String::new(),
    });
    m.update(Msg::OrderRejected { client_order_id, refusal });
}

#[test]
fn the_exchanges_refusal_stays_until_the_ticket_is_edited() {
    let mut m = model();
    rejected(&mut m);
    let (rejection, problem) = errors(&m);
    assert!(matches!(rejection, Some(Problem::OrderRejected(_))), "{rejection:?}");
    assert_eq!(problem, None);
    act(&mut m, Action::NextField);
    act(&mut m, Action::DeleteChar);
    assert!(errors(&m).0.is_some(), "moving between fields, deleting nowhere, is not an edit");
    act(&mut m, Action::PrevField);
    act(&mut m, Action::DeleteChar);
    assert_eq!(errors(&m).0, None, "the refusal was about the order as it was sent");
    type_text(&mut m, "1");
    assert_eq!(errors(&m), (None, None));
}

/// Opens a buy bracket ticket; types the take-profit, stop-loss and size given.
fn bracket(m: &mut Model, take_profit: &str, stop_loss: &str, size: &str) {
    act(m, Action::OpenBuyTicket);
    act(m, Action::PrevField);
    act(m, Action::ChoicePrev);
    act(m, Action::ChoicePrev);
    let t = m.ticket().expect("ticket");
    assert_eq!((t.kind, t.field), (OrderKind::Bracket, Field::Kind));
    for (field, value) in [(Field::Price, take_profit), (Field::Stop, stop_loss), (Field::Size, size)] {
        act(m, Action::NextField);
        assert_eq!(m.ticket().expect("ticket").field, field);
        type_text(m, value);
    }
}

#[test]
fn bracket_errors_name_the_take_profit_and_the_stop_loss() {
    let mut m = model();
    bracket(&mut m, "", "", "0.001");
    assert_eq!(errors(&m), (None, text("enter a take-profit price")));
    act(&mut m, Action::Close);
    bracket(&mut m, "49000.00", "", "0.001");
    assert_eq!(errors(&m), (None, text("enter a stop-loss price")));
    act(&mut m, Action::Close);
    bracket(&mut m, "49000.0x", "5100O", "0.001");
    let check = m.ticket_check().expect("check");
    let fields = (check.price_error.as_deref(), check.stop_error.as_deref());
    let grammar = "may contain only the digits 0-9 and one '.', found";
    assert_eq!(
        fields,
        (
            Some(format!("take-profit price {grammar} 'x'").as_str()),
            Some(format!("stop-loss price {grammar} 'O'").as_str())
        )
    );
}
