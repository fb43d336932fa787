//! `update` scenarios for trading: message sequences in, exact model state and effects out.

use std::time::Duration;

use cbterm::app::keymap::Keymap;
use cbterm::app::model::ticket::{OrderKind, Stage};
use cbterm::app::model::{Overlay, Pane};
use cbterm::app::{Action, Effect, FeedKind, Mode, Model, Msg};
use cbterm::domain::{
    CancelOutcome, EventKind, FeedEvent, LimitGtc, OrderConfig, OrderRecord, OrderStatus, OrderType,
    ProductId, Refusal, RejectReason, Rejection, RowStatus, Side,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::{dec, id, limit_order, user};

mod support;

use support::type_text;

fn btc() -> ProductId {
    id("BTC-USD")
}

fn open_order(order_id: &str) -> OrderRecord {
    let client_order_id = format!("c-{order_id}");
    let created = "2026-01-02T03:00:00Z";
    limit_order(
        order_id,
        &client_order_id,
        "BTC-USD",
        Side::Buy,
        OrderStatus::Open,
        "49000.00",
        "0.01",
        "0",
        created,
    )
}

/// BTC-USD with rules, a live book 49990/50010, 1000 USD and 1 BTC, fees 0.4/0.6 %.
fn model() -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    m
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

fn later(m: &mut Model, ms: u64) {
    let (now, wall) = (m.now + Duration::from_millis(ms), m.wall);
    m.update(Msg::Tick { now, wall });
}

/// Opens a buy ticket and types `price` then `size`.
fn buy_ticket(m: &mut Model, price: &str, size: &str) {
    assert!(act(m, Action::OpenBuyTicket).is_empty());
    type_text(m, price);
    act(m, Action::NextField);
    type_text(m, size);
}

fn ticket_id(m: &Model) -> String {
    m.ticket().expect("ticket open").client_order_id.clone()
}

#[test]
fn ticket_submission_produces_exactly_one_place_order() {
    let mut m = model();
    buy_ticket(&mut m, "49000.00", "0.01");
    let id = ticket_id(&m);
    assert_eq!(id.len(), 32);
    let expected = OrderConfig::LimitGtc(LimitGtc {
        base_size: dec("0.01"),
        limit_price: dec("49000.00"),
        post_only: false,
    });
    let previewed = act(&mut m, Action::Review);
    let [Effect::PreviewOrder(asked)] = previewed.as_slice() else {
        panic!("one preview, got {previewed:?}")
    };
    assert_eq!((asked.client_order_id.as_str(), &asked.config), (id.as_str(), &expected), "only a preview");
    assert_eq!(m.mode(), Mode::Review);
    assert!(act(&mut m, Action::Confirm).is_empty(), "arming: an instant second key cannot send");
    later(&mut m, 600);
    let effects = act(&mut m, Action::Confirm);
    let [Effect::PlaceOrder(request)] = effects.as_slice() else { panic!("one PlaceOrder, got {effects:?}") };
    assert_eq!(request.client_order_id, id);
    assert_eq!(request.product_id, btc());
    assert_eq!(request.config, expected);
    assert_eq!(m.ticket().expect("ticket").stage, Stage::Sending);
    assert!(act(&mut m, Action::Confirm).is_empty(), "a second confirm of the same intent never sends");
    assert!(act(&mut m, Action::Review).is_empty());
}

#[test]
fn enter_on_the_review_card_is_not_a_confirm() {
    let keymap = Keymap::builtin().expect("keymap");
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(cbterm::app::key_to_msg(&keymap, Mode::Ticket, &enter), Some(Msg::Action(Action::Review)));
    assert_eq!(cbterm::app::key_to_msg(&keymap, Mode::Review, &enter), None);
    let seven = KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE);
    assert_eq!(cbterm::app::key_to_msg(&keymap, Mode::Ticket, &seven), Some(Msg::Typed('7')));
    assert_eq!(cbterm::app::key_to_msg(&keymap, Mode::Normal, &seven), None);
}

#[test]
fn acceptance_closes_the_ticket_and_shows_the_order() {
    let mut m = model();
    buy_ticket(&mut m, "49000.00", "0.01");
    act(&mut m, Action::Review);
    later(&mut m, 600);
    act(&mut m, Action::Confirm);
    let client_order_id = m.pending_orders.keys().next().expect("pending").clone();
    let effects =
        m.update(Msg::OrderAccepted { client_order_id: client_order_id.clone(), order_id: "ord-1".into() });
    let outcome = cbterm::domain::IntentOutcome::Accepted { order_id: "ord-1".into() };
    let resolved = Effect::ResolveIntent { client_order_id, outcome };
    assert_eq!(effects, vec![resolved, Effect::LoadOpenOrders, Effect::LoadAccounts]);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.notice(), Some("order accepted: ord-1"));
    let order = &m.account.orders[0];
    assert_eq!(
        (order.order_id.as_str(), order.price, order.status.clone()),
        ("ord-1", Some(dec("49000.00")), RowStatus::Venue(OrderStatus::Pending))
    );
    assert!(m.pending_orders.is_empty());
}

#[test]
fn a_rejection_shows_its_reason_and_starts_a_new_intent() {
    let mut m = model();
    buy_ticket(&mut m, "49000.00", "0.01");
    act(&mut m, Action::Review);
    later(&mut m, 600);
    act(&mut m, Action::Confirm);
    let id = ticket_id(&m);
    let refusal = Refusal::Exchange(Rejection {
        reason: RejectReason::InsufficientFunds,
        code: "INSUFFICIENT_FUND".into(),
        message: String::new(),
    });
    let outcome = cbterm::domain::IntentOutcome::Rejected(refusal.clone());
    assert_eq!(
        m.update(Msg::OrderRejected { client_order_id: id.clone(), refusal }),
        vec![Effect::ResolveIntent { client_order_id: id.clone(), outcome }]
    );
    let t = m.ticket().expect("ticket stays open");
    assert_eq!(t.stage, Stage::Editing);
    let words = "not enough available balance for this order (INSUFFICIENT_FUND)";
    let shown = t.rejection.as_ref().map(cbterm::ui::words::ticket_problem);
    assert_eq!(shown, Some(format!("rejected: {words}")));
    assert_ne!(t.client_order_id, id);
    assert_eq!(support::error_text(&m), Some(format!("order rejected: {words}")));
}

#[test]
fn an_unknown_outcome_is_never_resent() {
    let mut m = model();
    buy_ticket(&mut m, "49000.00", "0.01");
    act(&mut m, Action::Review);
    later(&mut m, 600);
    act(&mut m, Action::Confirm);
    let id = ticket_id(&m);
    let effects =
        m.update(Msg::OrderUnknown { client_order_id: id.clone(), reason: "no answer within 10s".into() });
    assert_eq!(effects, vec![], "never resent; looked up on later ticks (tests/update_orders.rs)");
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.intents.contains_key(&id), "the intent and its id are kept");
}

/// Open orders takes focus, so `c` cancels the highlighted row at once.
fn focus_orders(m: &mut Model) {
    while m.focus != Pane::Orders {
        act(m, Action::FocusNext);
    }
}

fn load_orders(m: &mut Model, ids: &[&str]) {
    m.update(Msg::OpenOrdersLoaded(ids.iter().map(|id| open_order(id)).collect()));
}

#[test]
fn cancel_all_sends_one_batch_with_every_id_after_confirmation() {
    let mut m = model();
    load_orders(&mut m, &["o1", "o2", "o3"]);
    assert!(act(&mut m, Action::CancelAll).is_empty());
    assert_eq!(m.mode(), Mode::Confirm);
    let ids: Vec<String> = ["o1", "o2", "o3"].map(String::from).to_vec();
    assert_eq!(m.overlay, Overlay::ConfirmCancelAll { order_ids: ids.clone(), product: None });
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::CancelOrders { order_ids: ids }]);
    assert!(m.account.orders.iter().all(|o| o.cancel_requested), "marked, never assumed cancelled");
    assert_eq!(m.account.orders.len(), 3);
}

#[test]
fn cancel_stays_requested_until_the_exchange_says_cancelled() {
    let mut m = model();
    load_orders(&mut m, &["o1"]);
    focus_orders(&mut m);
    assert_eq!(
        act(&mut m, Action::CancelSelected),
        vec![Effect::CancelOrders { order_ids: vec!["o1".into()] }]
    );
    assert!(act(&mut m, Action::CancelSelected).is_empty(), "no second cancel");
    let ok = vec![CancelOutcome { order_id: "o1".into(), refused: None }];
    assert_eq!(m.update(Msg::CancelsAnswered(ok)), vec![Effect::LoadOpenOrders]);
    assert!(m.account.orders[0].cancel_requested);
    load_orders(&mut m, &["o1"]);
    assert!(m.account.orders[0].cancel_requested, "a REST refresh keeps the request");
    let cancelled = OrderRecord {
        order_id: "o1".into(),
        client_order_id: String::new(),
        product: btc(),
        side: Side::Buy,
        order_type: OrderType::Other(String::new()),
        limit_price: None,
        stop_price: None,
        size: None,
        filled: dec("0"),
        avg_price: None,
        fees: dec("0"),
        status: OrderStatus::Cancelled,
        created: None,
        cancel_pending: false,
    };
    m.update(Msg::Feed { feed: FeedKind::User, event: user(EventKind::Update, vec![cancelled]), at: m.now });
    assert!(m.account.orders.is_empty());
}

#[test]
fn a_failed_cancel_clears_the_request_and_says_why() {
    let mut m = model();
    load_orders(&mut m, &["o1"]);
    focus_orders(&mut m);
    act(&mut m, Action::CancelSelected);
    let refused = Some(Rejection {
        reason: RejectReason::NoSuchOrder,
        code: "UNKNOWN_CANCEL_ORDER".into(),
        message: String::new(),
    });
    m.update(Msg::CancelsAnswered(vec![CancelOutcome { order_id: "o1".into(), refused }]));
    assert!(!m.account.orders[0].cancel_requested);
    assert_eq!(
        support::error_text(&m).as_deref(),
        Some(
            "cancel failed for o1: no such open order (already filled, cancelled, or not yours) (UNKNOWN_CANCEL_ORDER)"
        )
    );
}

fn problem(m: &Model) -> Option<String> {
    m.ticket_check().expect("ticket").problem
}

fn clear(m: &mut Model) {
    for _ in 0..45 {
        act(m, Action::DeleteChar);
    }
}

#[test]
fn inline_validation_names_the_rule_and_nearest_values() {
    let mut m = model();
    buy_ticket(&mut m, "49000.00", "0.00015");
    assert!(problem(&m).expect("off lot").contains("0.0001 or 0.0002"), "{:?}", problem(&m));
    act(&mut m, Action::Review);
    assert_eq!(m.mode(), Mode::Ticket, "a ticket with a problem cannot be reviewed");
    clear(&mut m);
    type_text(&mut m, "1");
    assert_eq!(problem(&m).as_deref(), Some("needs 49294.00 USD with the fee; 1000 USD available"));
    clear(&mut m);
    type_text(&mut m, "0.01x");
    let check = m.ticket_check().expect("check");
    assert_eq!(
        check.size_error.as_deref(),
        Some("size may contain only the digits 0-9 and one '.', found 'x'")
    );
    assert_eq!(check.problem.as_deref(), Some("fix the field marked ✗"));
    assert_eq!(check.config, None);
}

#[test]
fn fat_finger_limits_warn_then_refuse() {
    let mut m = model();
    buy_ticket(&mut m, "52000.00", "0.001");
    let check = m.ticket_check().expect("check");
    assert_eq!(check.problem, None);
    assert!(check.warning.expect("warned").contains("through the market"));
    let mut m = model();
    buy_ticket(&mut m, "56000.00", "0.001");
    assert!(problem(&m).expect("refused").contains("more than 10% is refused"));
}

#[test]
fn market_orders_need_a_reference_price() {
    let mut m = model();
    m.update(Msg::Feed {
        feed: FeedKind::Market,
        event: FeedEvent::Disconnected { reason: "closed".into(), retry_in: Duration::from_secs(1) },
        at: m.now,
    });
    act(&mut m, Action::OpenBuyTicket);
    act(&mut m, Action::PrevField);
    act(&mut m, Action::ChoicePrev);
    assert_eq!(m.ticket().expect("ticket").kind, OrderKind::Market);
    act(&mut m, Action::NextField);
    type_text(&mut m, "0.001");
    assert_eq!(problem(&m).as_deref(), Some("no live price: market orders are disabled"));
}

#[test]
fn shortcuts_fill_price_from_the_book_and_size_from_the_balance() {
    let mut m = model();
    act(&mut m, Action::OpenBuyTicket);
    act(&mut m, Action::PriceFromBid);
    assert_eq!(m.ticket().expect("t").price, "49990.00");
    act(&mut m, Action::PriceFromMid);
    assert_eq!(m.ticket().expect("t").price, "50000.00");
    act(&mut m, Action::SizeFromBalance);
    let size = dec(&m.ticket().expect("t").size);
    assert_eq!(size, dec("0.0049"), "25% of 1000 USD less the fee, at 50000, floored to the lot");
}
