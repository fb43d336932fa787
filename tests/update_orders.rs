//! `update` scenarios for order outcomes and order lists: unknown outcomes (R-ORD4) and REST
//! listings racing the user channel. Messages in, exact state and effects out.

use std::time::{Duration, Instant};

use cbterm::app::model::account::OpenOrder;
use cbterm::app::model::intents::Lookup;
use cbterm::app::model::ticket::Stage;
use cbterm::app::model::{Overlay, Pane};
use cbterm::app::{Action, Effect, FeedKind, Model, Msg, Request};
use cbterm::domain::{
    EventKind, FeedEvent, IntentOutcome, IntentState, NewOrder, OrderRecord, OrderStatus, OrderType,
    ProductId, Refusal, RowStatus, Side, Size,
};
use rust_decimal::Decimal;
use support::{dec, id, limit_order, time, user};

mod support;

fn btc() -> ProductId {
    id("BTC-USD")
}

/// BTC-USD with rules, a live book 49990/50010, 1000 USD and 1 BTC.
fn model() -> Model {
    support::btc_model(1)
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

/// Moves the model's monotonic clock to `t0 + ms` (the wall clock stays).
fn at(m: &mut Model, t0: Instant, ms: u64) -> Vec<Effect> {
    let wall = m.wall;
    m.update(Msg::Tick { now: t0 + Duration::from_millis(ms), wall })
}

/// Sends a reviewed buy of 0.01 BTC at 49000.00; returns the request.
fn send_order(m: &mut Model) -> NewOrder {
    act(m, Action::OpenBuyTicket);
    for c in "49000.00".chars() {
        m.update(Msg::Typed(c));
    }
    act(m, Action::NextField);
    for c in "0.01".chars() {
        m.update(Msg::Typed(c));
    }
    act(m, Action::Review);
    let t0 = m.now;
    at(m, t0, 600);
    let effects = act(m, Action::Confirm);
    let [Effect::PlaceOrder(request)] = effects.as_slice() else { panic!("one PlaceOrder, got {effects:?}") };
    request.clone()
}

/// Sends an order whose answer is lost; returns the request and the time of the answer.
fn unknown_order(m: &mut Model) -> (NewOrder, Instant) {
    let request = send_order(m);
    let reason = "no answer within 10s".to_string();
    let effects = m.update(Msg::OrderUnknown { client_order_id: request.client_order_id.clone(), reason });
    assert_eq!(effects, vec![], "nothing is resent");
    (request, m.now)
}

fn find(request: &NewOrder) -> Effect {
    Effect::FindOrder {
        client_order_id: request.client_order_id.clone(),
        product: btc(),
        since: time("2026-01-02T03:03:05Z"),
    }
}

/// A listed limit buy of 0.01 at 49000.00.
fn order(id: &str, client_order_id: &str, status: OrderStatus, filled: &str) -> OrderRecord {
    let created = "2026-01-02T03:04:05Z";
    limit_order(id, client_order_id, "BTC-USD", Side::Buy, status, "49000.00", "0.01", filled, created)
}

/// A user-channel update of a limit buy at 49000.00 with 0.01 left to fill.
fn user_update(id: &str, client_order_id: &str, status: OrderStatus, cumulative: &str) -> FeedEvent {
    let filled = dec(cumulative);
    let record = OrderRecord {
        order_id: id.into(),
        client_order_id: client_order_id.into(),
        product: btc(),
        side: Side::Buy,
        order_type: OrderType::Limit,
        limit_price: Some(dec("49000.00")),
        stop_price: None,
        size: Some(Size::Base(dec("0.01") + filled)),
        filled,
        avg_price: None,
        fees: dec("0"),
        status,
        created: None,
        cancel_pending: false,
    };
    user(EventKind::Update, vec![record])
}

fn intent_row(request: &NewOrder, state: IntentState) -> OpenOrder {
    OpenOrder {
        order_id: String::new(),
        client_order_id: request.client_order_id.clone(),
        product: btc(),
        side: Side::Buy,
        kind: OrderType::Limit,
        price: Some(dec("49000.00")),
        stop: None,
        size: Some(Size::Base(dec("0.01"))),
        filled: Decimal::ZERO,
        status: RowStatus::Intent(state),
        created: Some(time("2026-01-02T03:04:05Z")),
        cancel_requested: false,
    }
}

/// The journal effect recording how `request` ended.
fn resolved(request: &NewOrder, outcome: IntentOutcome) -> Effect {
    Effect::ResolveIntent { client_order_id: request.client_order_id.clone(), outcome }
}

fn found(request: &NewOrder, order_id: &str) -> Effect {
    resolved(request, IntentOutcome::Found { order_id: order_id.into() })
}

fn lookup(m: &Model, request: &NewOrder) -> Lookup {
    m.intents[&request.client_order_id].lookup.clone()
}

#[test]
fn an_unknown_outcome_is_kept_as_an_unknown_row_and_looked_up_every_2s() {
    let mut m = model();
    let (request, t) = unknown_order(&mut m);
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.pending_orders.is_empty());
    assert_eq!(m.account.orders, vec![intent_row(&request, IntentState::Checking)]);
    assert_eq!(
        lookup(&m, &request),
        Lookup::Checking { sent: 0, answered: 0, next: t + Duration::from_secs(2) }
    );
    let short = &request.client_order_id[..8];
    assert_eq!(
        support::error_text(&m),
        Some(format!(
            "order {short} outcome unknown (no answer within 10s); looking it up by client order id, not resending"
        ))
    );
    assert!(at(&mut m, t, 1_999).is_empty(), "the first lookup waits 2 s");
    assert_eq!(at(&mut m, t, 2_000), vec![find(&request)]);
    assert!(at(&mut m, t, 3_000).is_empty());
    assert!(
        m.update(Msg::OrderLookedUp { client_order_id: request.client_order_id.clone(), order: None })
            .is_empty()
    );
    assert_eq!(at(&mut m, t, 4_000), vec![find(&request)]);
    assert_eq!(
        lookup(&m, &request),
        Lookup::Checking { sent: 2, answered: 1, next: t + Duration::from_secs(6) }
    );
}

#[test]
fn a_lookup_that_finds_the_filled_order_adopts_it_and_leaves_no_row() {
    let mut m = model();
    let (request, t) = unknown_order(&mut m);
    at(&mut m, t, 2_000);
    let found = order("ord-9", &request.client_order_id, OrderStatus::Filled, "0.01");
    let effects = m.update(Msg::OrderLookedUp {
        client_order_id: request.client_order_id.clone(),
        order: Some(Box::new(found)),
    });
    assert_eq!(effects, vec![self::found(&request, "ord-9"), Effect::LoadAccounts, Effect::LoadFills]);
    assert!(m.intents.is_empty());
    assert!(m.account.orders.is_empty(), "a filled order is not open");
    let short = &request.client_order_id[..8];
    assert_eq!(m.notice(), Some(format!("order {short} found: ord-9 FILLED (filled 0.01)").as_str()));
    assert_eq!(m.error(), None, "the unknown-outcome error is resolved");
    assert!(at(&mut m, t, 4_000).is_empty(), "no more lookups");
}

#[test]
fn an_open_orders_listing_adopts_a_resting_unknown_order() {
    let mut m = model();
    let (request, t) = unknown_order(&mut m);
    let listed = vec![order("ord-3", &request.client_order_id, OrderStatus::Open, "0")];
    let effects = m.update(Msg::OpenOrdersListed { requested_at: t, orders: listed });
    assert_eq!(effects, vec![found(&request, "ord-3"), Effect::LoadAccounts, Effect::LoadFills]);
    assert!(m.intents.is_empty());
    let rows: Vec<(&str, &str, RowStatus)> = m
        .account
        .orders
        .iter()
        .map(|o| (o.order_id.as_str(), o.client_order_id.as_str(), o.status.clone()))
        .collect();
    assert_eq!(rows, vec![("ord-3", request.client_order_id.as_str(), RowStatus::Venue(OrderStatus::Open))]);
}

#[test]
fn the_user_channel_adopts_an_unknown_order_by_client_order_id() {
    let mut m = model();
    let (request, t) = unknown_order(&mut m);
    let event = user_update("ord-7", &request.client_order_id, OrderStatus::Open, "0");
    let effects = m.update(Msg::Feed { feed: FeedKind::User, event, at: t });
    assert_eq!(effects, vec![found(&request, "ord-7"), Effect::LoadAccounts, Effect::LoadFills]);
    assert!(m.intents.is_empty());
    let rows: Vec<(&str, RowStatus)> =
        m.account.orders.iter().map(|o| (o.order_id.as_str(), o.status.clone())).collect();
    assert_eq!(rows, vec![("ord-7", RowStatus::Venue(OrderStatus::Open))]);
    assert!(at(&mut m, t, 2_000).is_empty(), "adopted: no lookup");
}

/// Runs the five lookups, all missing (one of them failing); returns the time of the answer.
fn not_found(m: &mut Model) -> (NewOrder, Instant) {
    let (request, t) = unknown_order(m);
    let id = request.client_order_id.clone();
    for k in 1..=5u64 {
        assert_eq!(at(m, t, 2_000 * k), vec![find(&request)], "lookup {k}");
        let msg = if k == 3 {
            Msg::RequestFailed { request: Request::FindOrder(id.clone()), reason: "HTTP 503".into() }
        } else {
            Msg::OrderLookedUp { client_order_id: id.clone(), order: None }
        };
        assert!(m.update(msg).is_empty());
    }
    (request, t)
}

#[test]
fn five_missed_lookups_mark_it_not_found_and_nothing_is_sent_by_itself() {
    let mut m = model();
    let (request, t) = not_found(&mut m);
    assert_eq!(lookup(&m, &request), Lookup::NotFound { since: t + Duration::from_secs(10) });
    assert_eq!(m.account.orders, vec![intent_row(&request, IntentState::NotFound)]);
    let short = &request.client_order_id[..8];
    assert_eq!(
        support::error_text(&m),
        Some(format!(
            "order {short} not found after 5 checks; in Open orders, b/s reviews a resubmit with the same id, \
             c forgets it"
        ))
    );
    for ms in [12_000, 60_000, 300_000] {
        assert!(at(&mut m, t, ms).is_empty(), "no lookup and no resubmit at {ms} ms");
    }
    // A late user-channel event still adopts it.
    let event = user_update("ord-8", &request.client_order_id, OrderStatus::Filled, "0.01");
    let now = m.now;
    assert_eq!(
        m.update(Msg::Feed { feed: FeedKind::User, event, at: now }),
        vec![found(&request, "ord-8"), Effect::LoadAccounts, Effect::LoadFills]
    );
    assert!(m.intents.is_empty() && m.account.orders.is_empty());
}

#[test]
fn a_not_found_order_is_dropped_after_10_minutes() {
    let mut m = model();
    let (request, t) = not_found(&mut m);
    assert!(at(&mut m, t, 10_000 + 599_000).is_empty());
    assert!(m.intents.contains_key(&request.client_order_id));
    assert_eq!(at(&mut m, t, 10_000 + 600_000), vec![resolved(&request, IntentOutcome::NotFound)]);
    assert!(m.intents.is_empty() && m.account.orders.is_empty());
}

fn focus_orders(m: &mut Model) {
    while m.focus != Pane::Orders {
        act(m, Action::FocusNext);
    }
}

#[test]
fn a_resubmit_is_reviewed_by_the_user_and_reuses_the_same_client_order_id() {
    let mut m = model();
    let (request, t) = not_found(&mut m);
    focus_orders(&mut m);
    let asked = act(&mut m, Action::OpenSellTicket);
    assert_eq!(
        asked,
        vec![Effect::PreviewOrder(request.clone())],
        "its card asks the exchange's preview too"
    );
    let ticket = m.ticket().expect("the review card of the intent");
    assert!(ticket.resubmit);
    assert_eq!(ticket.client_order_id, request.client_order_id);
    assert_eq!(ticket.side, Side::Buy, "the intent as it was, whichever key opened it");
    assert!(matches!(&ticket.stage, Stage::Review { config, .. } if *config == request.config));
    assert!(act(&mut m, Action::Confirm).is_empty(), "arming");
    at(&mut m, t, 10_600);
    assert_eq!(
        act(&mut m, Action::Confirm),
        vec![Effect::PlaceOrder(request.clone())],
        "same id, same order"
    );
    assert!(act(&mut m, Action::Confirm).is_empty(), "sent once");
    assert_eq!(lookup(&m, &request), Lookup::Resubmitting);
    assert_eq!(m.account.orders, vec![intent_row(&request, IntentState::Resubmitted)]);
    let effects = m.update(Msg::OrderAccepted {
        client_order_id: request.client_order_id.clone(),
        order_id: "ord-2".into(),
    });
    let accepted = resolved(&request, IntentOutcome::Accepted { order_id: "ord-2".into() });
    assert_eq!(effects, vec![accepted, Effect::LoadOpenOrders, Effect::LoadAccounts]);
    assert!(m.intents.is_empty());
    assert_eq!(m.overlay, Overlay::None);
    let rows: Vec<(&str, RowStatus)> =
        m.account.orders.iter().map(|o| (o.order_id.as_str(), o.status.clone())).collect();
    assert_eq!(rows, vec![("ord-2", RowStatus::Venue(OrderStatus::Pending))]);
}

#[test]
fn closing_the_resubmit_card_sends_nothing_and_a_rejected_resubmit_looks_again() {
    let mut m = model();
    let (request, t) = not_found(&mut m);
    focus_orders(&mut m);
    act(&mut m, Action::OpenBuyTicket);
    at(&mut m, t, 10_600);
    assert!(act(&mut m, Action::Close).is_empty());
    assert_eq!(m.overlay, Overlay::None, "a resubmit card is closed, never edited");
    act(&mut m, Action::OpenBuyTicket);
    at(&mut m, t, 11_200);
    assert_eq!(act(&mut m, Action::Confirm), vec![Effect::PlaceOrder(request.clone())]);
    let refusal = Refusal::Request("duplicate client order id".into());
    assert!(
        m.update(Msg::OrderRejected { client_order_id: request.client_order_id.clone(), refusal }).is_empty()
    );
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(
        lookup(&m, &request),
        Lookup::Checking { sent: 0, answered: 0, next: m.now + Duration::from_secs(2) }
    );
    assert_eq!(m.account.orders, vec![intent_row(&request, IntentState::Checking)]);
    assert_eq!(at(&mut m, t, 13_200), vec![find(&request)], "looked up again under the same id");
}

#[test]
fn cancel_keys_never_send_a_cancel_for_an_unknown_row() {
    let mut m = model();
    let (request, _) = unknown_order(&mut m);
    focus_orders(&mut m);
    assert!(act(&mut m, Action::CancelSelected).is_empty());
    let short = &request.client_order_id[..8];
    assert_eq!(
        m.notice(),
        Some(format!("order {short} is still being looked up; nothing to cancel yet").as_str())
    );
    assert!(act(&mut m, Action::CancelAll).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.notice(), Some("no open orders to cancel"));
    assert!(m.intents.contains_key(&request.client_order_id));
    let mut m = model();
    let (request, _) = not_found(&mut m);
    focus_orders(&mut m);
    assert_eq!(act(&mut m, Action::CancelSelected), vec![resolved(&request, IntentOutcome::Dismissed)]);
    assert!(m.intents.is_empty() && m.account.orders.is_empty());
    let short = &request.client_order_id[..8];
    assert_eq!(
        m.notice(),
        Some(format!("order {short} forgotten (it was not found at the exchange)").as_str())
    );
}

// ------------------------------------------------------------- REST listing vs user channel

const OPEN: RowStatus = RowStatus::Venue(OrderStatus::Open);

fn open_ids(m: &Model) -> Vec<(&str, RowStatus, Decimal)> {
    m.account.orders.iter().map(|o| (o.order_id.as_str(), o.status.clone(), o.filled)).collect()
}

#[test]
fn a_listing_older_than_a_user_channel_event_cannot_bring_back_a_closed_order() {
    let mut m = model();
    let t0 = m.now;
    let (t1, t2, t3) =
        (t0 + Duration::from_secs(1), t0 + Duration::from_secs(2), t0 + Duration::from_secs(3));
    m.update(Msg::OpenOrdersListed {
        requested_at: t0,
        orders: vec![order("o1", "c1", OrderStatus::Open, "0")],
    });
    assert_eq!(open_ids(&m), vec![("o1", OPEN, dec("0"))]);
    m.update(Msg::Feed {
        feed: FeedKind::User,
        event: user_update("o1", "c1", OrderStatus::Cancelled, "0"),
        at: t2,
    });
    assert!(m.account.orders.is_empty());
    // Requested at t1, before the cancel arrived, answered after it: the row is stale.
    m.update(Msg::OpenOrdersListed {
        requested_at: t1,
        orders: vec![order("o1", "c1", OrderStatus::Open, "0")],
    });
    assert!(m.account.orders.is_empty(), "no ghost");
    // Even a listing requested after the event cannot reopen a done order: a state never
    // regresses (R-ORD5; a lagging REST replica is the likely author of such a row).
    m.update(Msg::OpenOrdersListed {
        requested_at: t3,
        orders: vec![order("o1", "c1", OrderStatus::Open, "0")],
    });
    assert!(m.account.orders.is_empty(), "a cancelled order stays cancelled");
}

#[test]
fn a_listing_keeps_the_channel_version_of_orders_it_reported_after_the_request() {
    let mut m = model();
    let t0 = m.now;
    let (t1, t2) = (t0 + Duration::from_secs(1), t0 + Duration::from_secs(2));
    m.update(Msg::OpenOrdersListed {
        requested_at: t0,
        orders: vec![order("o1", "c1", OrderStatus::Open, "0")],
    });
    m.update(Msg::Feed {
        feed: FeedKind::User,
        event: user_update("o1", "c1", OrderStatus::Open, "0.004"),
        at: t2,
    });
    m.update(Msg::Feed {
        feed: FeedKind::User,
        event: user_update("o2", "c2", OrderStatus::Open, "0"),
        at: t2,
    });
    m.update(Msg::OpenOrdersListed {
        requested_at: t1,
        orders: vec![order("o1", "c1", OrderStatus::Open, "0")],
    });
    let mut rows = open_ids(&m);
    rows.sort_by_key(|r| r.0);
    assert_eq!(rows, vec![("o1", OPEN, dec("0.004")), ("o2", OPEN, dec("0"))]);
}

#[test]
fn an_acceptance_after_the_channel_reported_the_fill_leaves_no_ghost_row() {
    let mut m = model();
    let request = send_order(&mut m);
    let now = m.now;
    let event = user_update("ord-1", &request.client_order_id, OrderStatus::Filled, "0.01");
    m.update(Msg::Feed { feed: FeedKind::User, event, at: now });
    m.update(Msg::OrderAccepted {
        client_order_id: request.client_order_id.clone(),
        order_id: "ord-1".into(),
    });
    assert!(m.account.orders.is_empty());
}

#[test]
fn finding_the_order_while_its_resubmit_card_is_open_closes_the_card() {
    let mut m = model();
    let (request, t) = not_found(&mut m);
    focus_orders(&mut m);
    act(&mut m, Action::OpenBuyTicket);
    assert!(m.ticket().is_some_and(|t| t.resubmit));
    let event = user_update("ord-5", &request.client_order_id, OrderStatus::Open, "0");
    m.update(Msg::Feed { feed: FeedKind::User, event, at: t + Duration::from_secs(11) });
    assert_eq!(m.overlay, Overlay::None, "nothing left to resubmit");
    assert!(m.intents.is_empty());
    at(&mut m, t, 11_000);
    assert!(act(&mut m, Action::Confirm).is_empty());
}
