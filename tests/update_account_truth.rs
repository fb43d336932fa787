//! Account truth: every order report from the user channel updates Open orders and, when funds
//! may have moved, reloads balances (coalesced) and fills; a state never regresses; every
//! user-channel (re)connect and the start reconcile the account by REST.

use std::time::{Duration, Instant};

use cbterm::app::model::Problem;
use cbterm::app::model::account::OpenOrder;
use cbterm::app::model::account::lifecycle::Known;
use cbterm::app::model::{Pane, Severity, StatusMessage};
use cbterm::app::{Action, Effect, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{CancelOutcome, EventKind, FeedEvent, OrderRecord, OrderStatus, Side};
use support::{balance, dec, id, limit_order, user};

mod support;

fn order(status: OrderStatus, filled: &str) -> OrderRecord {
    limit_order(
        "ord-1",
        "c-1",
        "BTC-USD",
        Side::Buy,
        status,
        "49000.00",
        "0.01",
        filled,
        "2026-01-02T03:04:05Z",
    )
}

fn channel(m: &mut Model, orders: Vec<OrderRecord>) -> Vec<Effect> {
    let at = m.now;
    m.update(Msg::Feed { feed: FeedKind::User, event: user(EventKind::Update, orders), at })
}

fn user_feed(m: &mut Model, event: FeedEvent) -> Vec<Effect> {
    let at = m.now;
    m.update(Msg::Feed { feed: FeedKind::User, event, at })
}

/// The bell and desktop notification of an order event.
fn notify(text: &str) -> Effect {
    Effect::Notify(cbterm::app::notify::Notification { title: "cbterm".into(), body: text.into() })
}

fn info(m: &Model, text: &str) -> Option<StatusMessage> {
    Some(StatusMessage { severity: Severity::Info, body: Problem::Text(text.into()), since: m.now })
}

/// A model with the open order `ord-1` (buy 0.01 at 49000.00) listed and 490 USD on hold.
fn with_open_order() -> Model {
    let mut m = support::btc_model(3);
    m.update(Msg::OpenOrdersLoaded(vec![order(OrderStatus::Open, "0")]));
    m.update(Msg::AccountsLoaded(vec![balance("USD", "510", "490"), balance("BTC", "1", "0")]));
    m
}

#[test]
fn a_cancel_from_the_user_channel_reloads_balances_at_once_and_the_hold_is_released() {
    let mut m = with_open_order();
    m.update(Msg::Action(Action::FocusNext));
    for _ in 0..3 {
        m.update(Msg::Action(Action::FocusNext));
    }
    assert_eq!(m.focus, Pane::Orders);
    assert_eq!(
        m.update(Msg::Action(Action::CancelSelected)),
        vec![Effect::CancelOrders { order_ids: vec!["ord-1".into()] }]
    );
    let ok = vec![CancelOutcome { order_id: "ord-1".into(), refused: None }];
    assert_eq!(m.update(Msg::CancelsAnswered(ok)), vec![Effect::LoadOpenOrders]);
    assert_eq!(m.message, info(&m, "cancel requested for 1 order(s); waiting for the exchange"));

    // The exchange confirms: balances are asked for at once (no fill, so no fills reload).
    assert_eq!(channel(&mut m, vec![order(OrderStatus::Cancelled, "0")]), vec![Effect::LoadAccounts]);
    assert_eq!(m.account.orders, Vec::<OpenOrder>::new());
    assert_eq!(m.message, info(&m, "order ord-1 cancelled"), "the outcome replaces the request");

    // The reloaded balances show the hold released; nothing more is asked for.
    assert!(
        m.update(Msg::AccountsLoaded(vec![balance("USD", "1000", "0"), balance("BTC", "1", "0")])).is_empty()
    );
    assert_eq!(m.account.balances, vec![balance("BTC", "1", "0"), balance("USD", "1000", "0")]);
}

#[test]
fn a_fill_reloads_balances_and_fills_and_an_open_report_changes_no_funds() {
    let mut m = with_open_order();
    assert!(channel(&mut m, vec![order(OrderStatus::Open, "0")]).is_empty(), "same state: nothing moved");
    assert_eq!(
        channel(&mut m, vec![order(OrderStatus::Open, "0.004")]),
        vec![Effect::LoadAccounts, Effect::LoadFills]
    );
    assert_eq!(m.account.orders, vec![OpenOrder::from(&order(OrderStatus::Open, "0.004"))]);
    assert_eq!(
        channel(&mut m, vec![order(OrderStatus::Filled, "0.01")]),
        vec![notify("order ord-1 filled (0.01 BTC-USD)")],
        "both loads are in flight: the change waits for their answers (the user is notified)"
    );
    assert_eq!(m.message, info(&m, "order ord-1 filled (0.01 BTC-USD)"));
    // Each answer brings its one follow-up, then the loads are idle.
    assert_eq!(m.update(Msg::AccountsLoaded(Vec::new())), vec![Effect::LoadAccounts]);
    assert_eq!(m.update(Msg::FillsLoaded(Vec::new())), vec![Effect::LoadFills]);
    assert!(m.update(Msg::AccountsLoaded(Vec::new())).is_empty());
    assert!(m.update(Msg::FillsLoaded(Vec::new())).is_empty());
    assert_eq!(channel(&mut m, vec![order(OrderStatus::Filled, "0.01")]), Vec::<Effect>::new());
}

#[test]
fn a_failed_balances_load_still_sends_its_follow_up_and_a_lost_one_is_retried() {
    let mut m = with_open_order();
    assert_eq!(
        channel(&mut m, vec![order(OrderStatus::Open, "0.002")]),
        vec![Effect::LoadAccounts, Effect::LoadFills]
    );
    assert_eq!(
        channel(&mut m, vec![order(OrderStatus::Cancelled, "0.002")]),
        vec![notify("order ord-1 cancelled, not from this dashboard (filled 0.002)")]
    );
    let failed = Msg::RequestFailed { request: cbterm::app::Request::Accounts, reason: "timeout".into() };
    assert_eq!(m.update(failed), vec![Effect::LoadAccounts]);
    // That follow-up is never answered: 30 s later a new change asks again.
    let (now, wall) = (m.now + Duration::from_secs(30), m.wall);
    m.update(Msg::Tick { now, wall });
    m.update(Msg::OpenOrdersLoaded(vec![limit_order(
        "ord-2",
        "c-2",
        "BTC-USD",
        Side::Sell,
        OrderStatus::Open,
        "51000.00",
        "0.1",
        "0",
        "2026-01-02T03:04:06Z",
    )]));
    let cancel2 = limit_order(
        "ord-2",
        "c-2",
        "BTC-USD",
        Side::Sell,
        OrderStatus::Cancelled,
        "51000.00",
        "0.1",
        "0",
        "2026-01-02T03:04:06Z",
    );
    assert_eq!(
        channel(&mut m, vec![cancel2]),
        vec![notify("order ord-2 cancelled, not from this dashboard"), Effect::LoadAccounts]
    );
}

#[test]
fn a_late_open_after_filled_or_cancelled_is_ignored_and_allowed_moves_apply() {
    let mut m = with_open_order();
    assert_eq!(
        channel(&mut m, vec![order(OrderStatus::Filled, "0.01")]),
        vec![notify("order ord-1 filled (0.01 BTC-USD)"), Effect::LoadAccounts, Effect::LoadFills]
    );
    let settled = (m.account.orders.clone(), m.message.clone());
    assert_eq!(settled.0, Vec::<OpenOrder>::new());
    assert_eq!(
        m.account.closed.get("ord-1"),
        Some(&Known { status: OrderStatus::Filled, filled: dec("0.01") })
    );
    // Late reports of earlier states change nothing and ask for nothing.
    assert!(channel(&mut m, vec![order(OrderStatus::Open, "0")]).is_empty());
    assert!(channel(&mut m, vec![order(OrderStatus::Pending, "0")]).is_empty());
    assert!(channel(&mut m, vec![order(OrderStatus::Open, "0.01")]).is_empty());
    assert_eq!((m.account.orders.clone(), m.message.clone()), settled);
    // Nor does a REST listing that still shows it open.
    m.update(Msg::OpenOrdersLoaded(vec![order(OrderStatus::Open, "0")]));
    assert_eq!(m.account.orders, Vec::<OpenOrder>::new());

    // Within the working stage a failed cancel goes back to OPEN (R-ORD5) …
    let mut m = with_open_order();
    channel(&mut m, vec![order(OrderStatus::CancelQueued, "0")]);
    channel(&mut m, vec![order(OrderStatus::Open, "0")]);
    assert_eq!(m.account.orders, vec![OpenOrder::from(&order(OrderStatus::Open, "0"))]);
    // … less filled is stale, and a done order may still fill late (CANCELLED → FILLED).
    channel(&mut m, vec![order(OrderStatus::Open, "0.005")]);
    assert!(channel(&mut m, vec![order(OrderStatus::Open, "0.003")]).is_empty());
    assert_eq!(m.account.orders, vec![OpenOrder::from(&order(OrderStatus::Open, "0.005"))]);
    channel(&mut m, vec![order(OrderStatus::Cancelled, "0.005")]);
    assert_eq!(
        m.update(Msg::AccountsLoaded(Vec::new())),
        vec![Effect::LoadAccounts],
        "the cancel's follow-up"
    );
    assert!(m.update(Msg::AccountsLoaded(Vec::new())).is_empty());
    assert!(m.update(Msg::FillsLoaded(Vec::new())).is_empty());
    assert_eq!(
        channel(&mut m, vec![order(OrderStatus::Filled, "0.01")]),
        vec![Effect::LoadAccounts, Effect::LoadFills]
    );
    assert_eq!(
        m.account.closed.get("ord-1"),
        Some(&Known { status: OrderStatus::Filled, filled: dec("0.01") })
    );
}

fn fresh(has_credentials: bool) -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: cbterm::app::keymap::Keymap::builtin().expect("keymap"),
        watch: vec![id("BTC-USD")],
        has_credentials,
        now: Instant::now(),
        wall: support::time("2026-01-02T03:04:05Z"),
        ids: cbterm::domain::ClientOrderIds::seeded(4),
    })
}

#[test]
fn the_start_and_every_user_channel_reconnect_reconcile_by_rest() {
    let reconcile = vec![Effect::LoadAccounts, Effect::LoadOpenOrders, Effect::LoadFills];
    let mut m = fresh(true);
    let start = m.start();
    let account: Vec<Effect> = start.into_iter().filter(|e| reconcile.contains(e)).collect();
    assert_eq!(account, reconcile, "the start reconciles");
    assert!(!fresh(false).start().contains(&Effect::LoadAccounts), "no key, no account");

    // Connected while the start's loads are out: the open orders now, the rest as follow-ups.
    assert_eq!(user_feed(&mut m, FeedEvent::Connected), vec![Effect::LoadOpenOrders]);
    assert_eq!(m.update(Msg::AccountsLoaded(Vec::new())), vec![Effect::LoadAccounts]);
    assert_eq!(m.update(Msg::FillsLoaded(Vec::new())), vec![Effect::LoadFills]);
    m.update(Msg::AccountsLoaded(Vec::new()));
    m.update(Msg::FillsLoaded(Vec::new()));

    // Each reconnect reconciles in full.
    for attempt in 2..4 {
        let lost = FeedEvent::Disconnected { reason: "reset".into(), retry_in: Duration::from_secs(1) };
        assert!(user_feed(&mut m, lost).is_empty());
        assert!(user_feed(&mut m, FeedEvent::Connecting { attempt }).is_empty());
        assert_eq!(user_feed(&mut m, FeedEvent::Connected), reconcile);
        m.update(Msg::AccountsLoaded(Vec::new()));
        m.update(Msg::FillsLoaded(Vec::new()));
    }
}

#[test]
fn a_placed_order_cancelled_on_the_user_channel_reloads_balances_at_once() {
    let mut m = support::btc_model(5);
    m.update(Msg::Action(Action::OpenBuyTicket));
    "49000.00".chars().for_each(|c| drop(m.update(Msg::Typed(c))));
    m.update(Msg::Action(Action::NextField));
    "0.01".chars().for_each(|c| drop(m.update(Msg::Typed(c))));
    m.update(Msg::Action(Action::Review));
    let (now, wall) = (m.now + Duration::from_millis(600), m.wall);
    m.update(Msg::Tick { now, wall });
    let effects = m.update(Msg::Action(Action::Confirm));
    let [Effect::PlaceOrder(request)] = effects.as_slice() else { panic!("one PlaceOrder, got {effects:?}") };
    let accepted =
        Msg::OrderAccepted { client_order_id: request.client_order_id.clone(), order_id: "ord-7".into() };
    let resolved = Effect::ResolveIntent {
        client_order_id: request.client_order_id.clone(),
        outcome: cbterm::domain::IntentOutcome::Accepted { order_id: "ord-7".into() },
    };
    assert_eq!(m.update(accepted), vec![resolved, Effect::LoadOpenOrders, Effect::LoadAccounts]);
    assert!(
        m.update(Msg::AccountsLoaded(vec![balance("USD", "510", "490"), balance("BTC", "1", "0")]))
            .is_empty()
    );
    let placed = |status, filled: &str| {
        let created = "2026-01-02T03:04:05Z";
        let cid = request.client_order_id.as_str();
        limit_order("ord-7", cid, "BTC-USD", Side::Buy, status, "49000.00", "0.01", filled, created)
    };
    assert!(channel(&mut m, vec![placed(OrderStatus::Open, "0")]).is_empty(), "OPEN moves no funds");
    assert_eq!(m.account.orders, vec![OpenOrder::from(&placed(OrderStatus::Open, "0"))]);
    assert_eq!(
        channel(&mut m, vec![placed(OrderStatus::Cancelled, "0")]),
        vec![notify("order ord-7 cancelled, not from this dashboard"), Effect::LoadAccounts],
        "not cancelled from this dashboard: the user is notified"
    );
    assert_eq!(m.account.orders, Vec::<OpenOrder>::new());
    assert!(
        m.update(Msg::AccountsLoaded(vec![balance("USD", "1000", "0"), balance("BTC", "1", "0")])).is_empty()
    );
    assert_eq!(m.account.balances, vec![balance("BTC", "1", "0"), balance("USD", "1000", "0")]);
    assert_eq!(m.message, info(&m, "order ord-7 cancelled, not from this dashboard"));
}

#[test]
fn a_live_user_channel_is_reconciled_every_30_s() {
    let mut m = fresh(true);
    let t0 = m.now;
    let reconcile = vec![Effect::LoadAccounts, Effect::LoadOpenOrders, Effect::LoadFills];
    assert_eq!(user_feed(&mut m, FeedEvent::Connected), reconcile);
    m.update(Msg::AccountsLoaded(Vec::new()));
    m.update(Msg::FillsLoaded(Vec::new()));
    let wall = m.wall;
    let at = |ms: u64| Msg::Tick { now: t0 + Duration::from_millis(ms), wall };
    assert!(m.update(at(29_999)).is_empty());
    assert_eq!(m.update(at(30_000)), reconcile);
    m.update(Msg::AccountsLoaded(Vec::new()));
    m.update(Msg::FillsLoaded(Vec::new()));
    assert!(m.update(at(59_999)).is_empty());
    let lost = FeedEvent::Disconnected { reason: "reset".into(), retry_in: Duration::from_secs(1) };
    user_feed(&mut m, lost);
    assert!(m.update(at(90_000)).is_empty(), "not while the channel is down: its connect reconciles");
}
