//! Edit and nudge (issue 11, item 4) through `update`: `+`/`-` coalesce into one edit of N
//! ticks, `n` sends nothing, an order that cannot be edited says why, and `e` opens the ticket
//! in edit mode whose review asks the exchange's preview before `y` sends the edit. Open
//! orders changes only when the exchange reports the edit.

use std::time::Duration;

use cbterm::app::model::account::OpenOrder;
use cbterm::app::model::ticket::{Field, Stage};
use cbterm::app::model::{Overlay, Severity};
use cbterm::app::{Action, EditFailure, Effect, Model, Msg};
use cbterm::domain::{EditEstimate, EditOrder, EventKind, OrderStatus, OrderType, Refusal, Side};
use support::{dec, limit_order, user};

mod support;

/// BTC-USD (tick 0.01), a live book 49990/50010, 1000 USD and 1 BTC available, and one open
/// limit buy `o-1` of 0.01 BTC at 49000.00 selected in Open orders.
fn model() -> Model {
    let mut m = support::btc_model(1);
    let order = support::resting_buy("o-1", "0.01");
    m.update(Msg::OpenOrdersLoaded(vec![order]));
    m
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

/// The open orders as they are now.
fn rows(m: &Model) -> Vec<OpenOrder> {
    m.account.orders.clone()
}

fn edit(price: &str, size: &str) -> EditOrder {
    EditOrder { order_id: "o-1".into(), price: dec(price), size: dec(size) }
}

fn message(m: &Model) -> Option<String> {
    m.message.as_ref().map(|msg| cbterm::ui::words::problem(&msg.body))
}

#[test]
fn three_nudges_up_then_yes_send_one_edit_of_three_ticks() {
    let mut m = model();
    let before = rows(&m);
    for _ in 0..3 {
        assert_eq!(act(&mut m, Action::NudgeUp), vec![], "nothing is sent before the answer");
    }
    let Overlay::Nudge { ticks, .. } = &m.overlay else { panic!("the question is open: {:?}", m.overlay) };
    assert_eq!(*ticks, 3);
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::EditOrder(edit("49000.03", "0.01"))]);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(rows(&m), before, "Open orders unchanged until the exchange reports the edit");
}

#[test]
fn up_and_down_add_up_and_the_question_shows_the_target() {
    let mut m = model();
    act(&mut m, Action::NudgeDown);
    act(&mut m, Action::NudgeUp);
    act(&mut m, Action::NudgeUp);
    let (order, ticks, target) = m.nudge_target().expect("a nudge question");
    assert_eq!((order.order_id.as_str(), ticks, target), ("o-1", 1, Some(dec("49000.01"))));
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::EditOrder(edit("49000.01", "0.01"))]);
}

#[test]
fn no_sends_nothing_and_zero_ticks_send_nothing() {
    let mut m = model();
    let before = rows(&m);
    act(&mut m, Action::NudgeUp);
    act(&mut m, Action::NudgeUp);
    assert_eq!(act(&mut m, Action::Close), vec![]);
    assert_eq!(m.overlay, Overlay::None);
    act(&mut m, Action::NudgeUp);
    act(&mut m, Action::NudgeDown);
    assert_eq!(act(&mut m, Action::Confirm), vec![]);
    assert_eq!(message(&m).as_deref(), Some("price of o-1 unchanged: nothing sent"));
    assert_eq!(rows(&m), before);
}

#[test]
fn nothing_selected_says_so_and_sends_nothing() {
    let mut m = support::btc_model(1);
    for action in [Action::NudgeUp, Action::NudgeDown, Action::EditSelected] {
        assert_eq!(act(&mut m, action), vec![], "{action:?}");
        assert_eq!(m.overlay, Overlay::None, "{action:?}");
        assert_eq!(message(&m).as_deref(), Some("no open order selected: nothing to edit"), "{action:?}");
    }
}

#[test]
fn on_the_history_tab_nothing_is_edited_or_nudged() {
    let mut m = model();
    m.focus = cbterm::app::model::Pane::Orders;
    act(&mut m, Action::ToggleOrderHistory);
    for action in [Action::NudgeUp, Action::NudgeDown, Action::EditSelected] {
        assert_eq!(act(&mut m, action), vec![], "{action:?}");
        assert_eq!(m.overlay, Overlay::None, "{action:?}");
        let expected = "the History tab lists done orders: nothing to edit; h shows the open orders";
        assert_eq!(message(&m).as_deref(), Some(expected), "{action:?}");
    }
}

#[test]
fn dry_run_sends_no_nudge_and_no_cancel() {
    let mut m = model();
    m.dry_run = true;
    let before = rows(&m);
    act(&mut m, Action::NudgeUp);
    assert_eq!(act(&mut m, Action::Confirm), vec![], "no edit sent");
    assert_eq!(message(&m).as_deref(), Some("dry-run: the move of o-1 to 49000.01 is not sent"));
    m.focus = cbterm::app::model::Pane::Orders;
    assert_eq!(act(&mut m, Action::CancelSelected), vec![], "no cancel sent");
    assert_eq!(message(&m).as_deref(), Some("dry-run: the cancel of o-1 is not sent"));
    act(&mut m, Action::CancelAll);
    assert_eq!(act(&mut m, Action::Confirm), vec![], "no cancel-all sent");
    assert_eq!(message(&m).as_deref(), Some("dry-run: the cancel of 1 order is not sent"));
    assert_eq!(rows(&m), before, "no row marked as cancelling");
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn a_stop_limit_order_cannot_be_edited_or_nudged() {
    let mut m = support::btc_model(1);
    let mut order = limit_order(
        "s-1",
        "c-1",
        "BTC-USD",
        Side::Sell,
        OrderStatus::Open,
        "48000.00",
        "0.01",
        "0",
        "2026-01-02T03:00:00Z",
    );
    order.order_type = OrderType::StopLimit;
    order.stop_price = Some(dec("48100.00"));
    m.update(Msg::OpenOrdersLoaded(vec![order]));
    for action in [Action::NudgeUp, Action::EditSelected] {
        assert_eq!(act(&mut m, action), vec![], "{action:?}");
        assert_eq!(m.overlay, Overlay::None, "{action:?}");
        let text = "order s-1 cannot be edited: only limit orders can be edited, it is a STOP_LIMIT order";
        assert_eq!(message(&m).as_deref(), Some(text), "{action:?}");
        assert_eq!(m.message.as_ref().map(|msg| msg.severity), Some(Severity::Warning));
    }
}

/// The nudge runs the ticket's guards: with no USD free beyond the order's own 490.00 hold, a
/// tick down passes and a tick up (490.01 needed) is refused by the balance guard.
#[test]
fn a_nudge_the_balance_guard_refuses_is_not_sent() {
    let mut m = model();
    m.update(Msg::AccountsLoaded(vec![
        support::balance("USD", "0", "490"),
        support::balance("BTC", "0", "0"),
    ]));
    act(&mut m, Action::NudgeDown);
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::EditOrder(edit("48999.99", "0.01"))]);
    act(&mut m, Action::NudgeUp);
    assert_eq!(act(&mut m, Action::Confirm), vec![]);
    let text = message(&m).expect("why");
    assert_eq!(
        text,
        "order o-1 not moved to 49000.01: needs 490.00 USD with the fee; 490.0000 USD available"
    );
    // (490.0001 needed, shown to the cent by the guard's own wording)
    assert_eq!(m.message.as_ref().map(|msg| msg.severity), Some(Severity::Error));
}

/// Moves the model's clock past the review card's arming delay.
fn arm(m: &mut Model) {
    let (now, wall) = (m.now + Duration::from_millis(600), m.wall);
    m.update(Msg::Tick { now, wall });
}

/// Replaces the focused ticket field's text.
fn retype(m: &mut Model, text: &str) {
    for _ in 0..20 {
        act(m, Action::DeleteChar);
    }
    support::type_text(m, text);
}

#[test]
fn e_opens_an_edit_ticket_whose_review_previews_then_sends_the_edit() {
    let mut m = model();
    let before = rows(&m);
    assert_eq!(act(&mut m, Action::EditSelected), vec![]);
    let t = m.ticket().expect("the ticket").clone();
    assert_eq!((t.price.as_str(), t.size.as_str(), t.side), ("49000.00", "0.01", Side::Buy));
    assert_eq!(t.fields(), vec![Field::Price, Field::Size], "side, product and type are locked");
    retype(&mut m, "49100.00");
    assert_eq!(act(&mut m, Action::Review), vec![Effect::PreviewEdit(edit("49100.00", "0.01"))]);
    arm(&mut m);
    assert_eq!(act(&mut m, Action::Confirm), vec![], "no edit before the exchange's preview");
    let estimate = EditEstimate { order_total: Some(dec("491.00")), ..EditEstimate::default() };
    m.update(Msg::EditPreviewed { edit: edit("49100.00", "0.01"), result: Ok(estimate.clone()) });
    let preview = m.ticket().and_then(|t| t.edit.as_ref()).and_then(|e| e.preview.clone());
    assert_eq!(preview, Some(Ok(estimate)));
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::EditOrder(edit("49100.00", "0.01"))]);
    assert_eq!(m.ticket().map(|t| t.stage.clone()), Some(Stage::Sending));
    let effects = m.update(Msg::EditAnswered { edit: edit("49100.00", "0.01"), result: Ok(()) });
    assert_eq!(effects, vec![Effect::LoadOpenOrders, Effect::LoadAccounts]);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(message(&m).as_deref(), Some("edit of o-1 accepted: price 49100.00, size 0.01"));
    assert_eq!(rows(&m), before, "the row changes when the exchange reports the edit, not before");
    let moved = limit_order(
        "o-1",
        "c-1",
        "BTC-USD",
        Side::Buy,
        OrderStatus::Open,
        "49100.00",
        "0.01",
        "0",
        "2026-01-02T03:00:00Z",
    );
    m.update(Msg::Feed {
        feed: cbterm::app::FeedKind::User,
        event: user(EventKind::Update, vec![moved.clone()]),
        at: m.now,
    });
    assert_eq!(rows(&m), vec![OpenOrder::from(&moved)], "same id, new price");
}

#[test]
fn a_refused_preview_blocks_yes_and_a_refused_edit_returns_to_the_fields() {
    let mut m = model();
    act(&mut m, Action::EditSelected);
    act(&mut m, Action::NextField);
    retype(&mut m, "0.02");
    assert_eq!(act(&mut m, Action::Review), vec![Effect::PreviewEdit(edit("49000.00", "0.02"))]);
    arm(&mut m);
    let refusal = Refusal::Exchange(cbterm::coinbase::parse::rejection("PREVIEW_INSUFFICIENT_FUND", ""));
    m.update(Msg::EditPreviewed { edit: edit("49000.00", "0.02"), result: Err(refusal.clone()) });
    assert_eq!(act(&mut m, Action::Confirm), vec![], "the exchange would refuse it");
    m.update(Msg::EditPreviewed { edit: edit("49000.00", "0.02"), result: Ok(EditEstimate::default()) });
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::EditOrder(edit("49000.00", "0.02"))]);
    let failure = EditFailure::Refused(refusal);
    m.update(Msg::EditAnswered { edit: edit("49000.00", "0.02"), result: Err(failure) });
    let t = m.ticket().expect("the ticket stays open");
    assert_eq!(t.stage, Stage::Editing);
    assert!(t.rejection.is_some());
    let text = message(&m).expect("a message");
    assert!(text.starts_with("edit of o-1 rejected: not enough available balance"), "{text}");
}

#[test]
fn the_edit_ticket_counts_the_orders_own_hold_as_available() {
    let mut m = model();
    act(&mut m, Action::EditSelected);
    act(&mut m, Action::NextField);
    // 0.025 × 49000 = 1225 USD: more than the 1000 available, less than 1000 + the 490 the
    // order itself holds (released by the edit).
    retype(&mut m, "0.025");
    assert_eq!(m.ticket_check().and_then(|c| c.problem), None);
    assert_eq!(act(&mut m, Action::Review), vec![Effect::PreviewEdit(edit("49000.00", "0.025"))]);
    arm(&mut m);
    act(&mut m, Action::Close);
    retype(&mut m, "0.04");
    let problem = m.ticket_check().and_then(|c| c.problem).expect("1960 USD is more than 1490");
    assert_eq!(problem, "needs 1960.00 USD with the fee; 1490.0000 USD available");
    assert_eq!(act(&mut m, Action::Review), vec![]);
}
