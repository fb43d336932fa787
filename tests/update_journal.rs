//! `update` scenarios for the order journal (R-ORD1, R-ORD11, R-CR3): intents the last session
//! left unresolved are looked up before trading is enabled, found ones are shown as whole
//! records, none is resent by itself; a journal that cannot be used disables trading; definite
//! outcomes are handed to the journal.

use std::time::{Duration, Instant};

use cbterm::app::model::account::OpenOrder;
use cbterm::app::model::intents::Lookup;
use cbterm::app::model::{Overlay, Pane, Problem, Severity, StatusMessage, TradingBlock};
use cbterm::app::{Action, Effect, Model, Msg};
use cbterm::domain::{
    IntentOutcome, IntentState, LimitGtc, NewOrder, OrderConfig, OrderStatus, OrderType, Refusal, RowStatus,
    Side, Size, UnresolvedOrder,
};
use rust_decimal::Decimal;
use support::{dec, id, limit_order, time};

mod support;

const CID: &str = "0123456789abcdef0123456789abcdef";

/// The journaled buy of 0.01 BTC at 49000.00 from the last session.
fn last_session() -> UnresolvedOrder {
    let config = OrderConfig::LimitGtc(LimitGtc {
        base_size: dec("0.01"),
        limit_price: dec("49000.00"),
        post_only: false,
    });
    let request =
        NewOrder { client_order_id: CID.into(), product_id: id("BTC-USD"), side: Side::Buy, config };
    UnresolvedOrder { request, sent: time("2026-01-02T02:59:00Z") }
}

fn restored_model() -> (Model, Vec<Effect>) {
    let mut m = support::btc_model(1);
    let effects = m.update(Msg::JournalOpened { orders: vec![last_session()], cancels: vec![] });
    (m, effects)
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

fn at(m: &mut Model, t0: Instant, ms: u64) -> Vec<Effect> {
    let wall = m.wall;
    m.update(Msg::Tick { now: t0 + Duration::from_millis(ms), wall })
}

fn find() -> Effect {
    Effect::FindOrder {
        client_order_id: CID.into(),
        product: id("BTC-USD"),
        since: time("2026-01-02T02:58:00Z"),
    }
}

fn warning(m: &Model, text: &str) -> Option<StatusMessage> {
    Some(StatusMessage { severity: Severity::Warning, body: Problem::Text(text.into()), since: m.now })
}

fn missed(m: &mut Model) -> Vec<Effect> {
    m.update(Msg::OrderLookedUp { client_order_id: CID.into(), order: None })
}

#[test]
fn a_restored_order_is_looked_up_at_once_and_trading_waits_for_it() {
    let (mut m, effects) = restored_model();
    assert_eq!(effects, vec![find()], "looked up by client order id, never resent");
    let row = OpenOrder {
        order_id: String::new(),
        client_order_id: CID.into(),
        product: id("BTC-USD"),
        side: Side::Buy,
        kind: OrderType::Limit,
        price: Some(dec("49000.00")),
        stop: None,
        size: Some(Size::Base(dec("0.01"))),
        filled: Decimal::ZERO,
        status: RowStatus::Intent(IntentState::Checking),
        created: Some(time("2026-01-02T02:59:00Z")),
        cancel_requested: false,
    };
    assert_eq!(m.account.orders, vec![row]);
    assert_eq!(m.trading_block(), Some(TradingBlock::Reconciling { orders: 1 }));
    assert_eq!(act(&mut m, Action::OpenBuyTicket), vec![]);
    assert_eq!(m.overlay, Overlay::None, "no ticket while reconciling");
    let refusal = "trading disabled until 1 order(s) from the last session are looked up by client order id";
    assert_eq!(m.message, warning(&m, refusal));
    assert_eq!(act(&mut m, Action::OpenSellTicket), vec![]);
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn the_found_order_is_shown_whole_and_trading_is_enabled() {
    let (mut m, _) = restored_model();
    let found = limit_order(
        "ord-1",
        CID,
        "BTC-USD",
        Side::Buy,
        OrderStatus::Open,
        "49000.00",
        "0.01",
        "0",
        "2026-01-02T02:59:01Z",
    );
    let effects =
        m.update(Msg::OrderLookedUp { client_order_id: CID.into(), order: Some(Box::new(found.clone())) });
    let resolved = Effect::ResolveIntent {
        client_order_id: CID.into(),
        outcome: IntentOutcome::Found { order_id: "ord-1".into() },
    };
    assert_eq!(effects, vec![resolved, Effect::LoadAccounts, Effect::LoadFills]);
    assert_eq!(m.account.orders, vec![OpenOrder::from(&found)]);
    assert_eq!(m.notice(), Some("order 01234567 from the last session found: ord-1 OPEN (filled 0)"));
    assert_eq!(m.trading_block(), None);
    act(&mut m, Action::OpenBuyTicket);
    assert!(matches!(&m.overlay, Overlay::Ticket(t) if !t.resubmit), "{:?}", m.overlay);
}

#[test]
fn a_restored_order_listed_as_open_at_start_is_adopted_from_the_listing() {
    let (mut m, _) = restored_model();
    let found = limit_order(
        "ord-2",
        CID,
        "BTC-USD",
        Side::Buy,
        OrderStatus::Open,
        "49000.00",
        "0.01",
        "0",
        "2026-01-02T02:59:01Z",
    );
    let now = m.now;
    let effects = m.update(Msg::OpenOrdersListed { requested_at: now, orders: vec![found.clone()] });
    let resolved = Effect::ResolveIntent {
        client_order_id: CID.into(),
        outcome: IntentOutcome::Found { order_id: "ord-2".into() },
    };
    assert_eq!(effects, vec![resolved, Effect::LoadAccounts, Effect::LoadFills]);
    assert_eq!(m.account.orders, vec![OpenOrder::from(&found)]);
    assert_eq!(m.trading_block(), None);
}

#[test]
fn a_restored_order_not_found_is_offered_for_a_resubmit_with_its_own_request() {
    let (mut m, _) = restored_model();
    let t0 = m.now;
    let mut sent = Vec::new();
    for i in 1..=5u64 {
        sent.extend(missed(&mut m));
        sent.extend(at(&mut m, t0, i * 2_000));
    }
    assert!(!sent.iter().any(|e| matches!(e, Effect::PlaceOrder(_))), "never resent by itself: {sent:?}");
    assert_eq!(m.intents[CID].lookup, Lookup::NotFound { since: t0 + Duration::from_millis(8_000) });
    assert_eq!(m.trading_block(), None, "looked up: trading is enabled");
    while m.focus != Pane::Orders {
        act(&mut m, Action::FocusNext);
    }
    act(&mut m, Action::OpenBuyTicket);
    let Overlay::Ticket(t) = &m.overlay else { panic!("resubmit card: {:?}", m.overlay) };
    assert!(t.resubmit && t.client_order_id == CID);
    at(&mut m, t0, 20_000);
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::PlaceOrder(last_session().request)]);
}

#[test]
fn dismissing_a_not_found_order_is_recorded() {
    let (mut m, _) = restored_model();
    let t0 = m.now;
    for i in 1..=5u64 {
        missed(&mut m);
        at(&mut m, t0, i * 2_000);
    }
    while m.focus != Pane::Orders {
        act(&mut m, Action::FocusNext);
    }
    let effects = act(&mut m, Action::CancelSelected);
    assert_eq!(
        effects,
        vec![Effect::ResolveIntent { client_order_id: CID.into(), outcome: IntentOutcome::Dismissed }]
    );
    assert!(m.intents.is_empty() && m.account.orders.is_empty());
}

#[test]
fn unanswered_cancels_of_the_last_session_are_reported_and_not_resent() {
    let mut m = support::btc_model(1);
    let effects =
        m.update(Msg::JournalOpened { orders: vec![], cancels: vec![vec!["ord-5".into(), "ord-6".into()]] });
    assert_eq!(effects, vec![]);
    let text = "2 cancel(s) from the last session were never answered; not resent — Open orders shows the exchange's state";
    assert_eq!(m.message, warning(&m, text));
    assert_eq!(m.trading_block(), None);
}

#[test]
fn a_journal_that_cannot_be_opened_disables_trading() {
    let mut m = support::btc_model(1);
    let reason = "cannot open the order journal /x/journal.sqlite3: file is not a database";
    m.update(Msg::JournalFailed { reason: reason.into() });
    assert_eq!(m.trading_block(), Some(TradingBlock::Journal(reason.into())));
    assert_eq!(act(&mut m, Action::OpenBuyTicket), vec![]);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.message, warning(&m, &format!("trading disabled: {reason}")));
}

/// Opens, fills and confirms a buy of 0.01 at 49000.00; returns its effects.
fn confirm_order(m: &mut Model) -> Vec<Effect> {
    act(m, Action::OpenBuyTicket);
    "49000.00".chars().for_each(|c| drop(m.update(Msg::Typed(c))));
    act(m, Action::NextField);
    "0.01".chars().for_each(|c| drop(m.update(Msg::Typed(c))));
    act(m, Action::Review);
    let t0 = m.now;
    at(m, t0, 600);
    act(m, Action::Confirm)
}

/// Confirms an order; returns its client order id.
fn sent_id(m: &mut Model) -> String {
    let effects = confirm_order(m);
    let [Effect::PlaceOrder(request)] = effects.as_slice() else { panic!("one PlaceOrder, got {effects:?}") };
    request.client_order_id.clone()
}

#[test]
fn an_order_the_journal_could_not_record_is_not_sent_and_trading_stops() {
    let mut m = support::btc_model(1);
    let cid = sent_id(&mut m);
    let reason = "the order journal failed: disk I/O error";
    let effects = m.update(Msg::OrderNotJournaled { client_order_id: cid.clone(), reason: reason.into() });
    assert_eq!(effects, vec![]);
    assert!(m.pending_orders.is_empty() && m.intents.is_empty() && m.account.orders.is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(
        support::error_text(&m),
        Some(format!("order {} not sent: {reason}; trading disabled", &cid[..8]))
    );
    assert_eq!(m.trading_block(), Some(TradingBlock::Journal(reason.into())));
    assert_eq!(act(&mut m, Action::OpenBuyTicket), vec![]);
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn definite_answers_are_handed_to_the_journal() {
    let mut m = support::btc_model(1);
    let cid = sent_id(&mut m);
    let effects = m.update(Msg::OrderAccepted { client_order_id: cid.clone(), order_id: "ord-8".into() });
    let accepted = IntentOutcome::Accepted { order_id: "ord-8".into() };
    assert_eq!(effects.first(), Some(&Effect::ResolveIntent { client_order_id: cid, outcome: accepted }));

    let cid = sent_id(&mut m);
    let refusal = Refusal::Request("HTTP 400".into());
    let effects = m.update(Msg::OrderRejected { client_order_id: cid.clone(), refusal: refusal.clone() });
    assert_eq!(
        effects,
        vec![Effect::ResolveIntent { client_order_id: cid, outcome: IntentOutcome::Rejected(refusal) }]
    );
}
