//! R-ORD7 step 2: after the user channel reconnects, the orders that may have changed in the
//! gap (created since last heard minus 60 s, and those working then) are listed in every
//! status and applied, so a fill or a cancel the channel missed is shown.

use std::time::Duration;

use cbterm::app::model::account::lifecycle::Known;
use cbterm::app::model::{Problem, Severity, StatusMessage};
use cbterm::app::{Effect, FeedKind, Model, Msg};
use cbterm::domain::{EventKind, FeedEvent, OrderRecord, OrderStatus, Side};
use support::{balance, dec, limit_order, time, user};

mod support;

fn order(order_id: &str, status: OrderStatus, filled: &str) -> OrderRecord {
    limit_order(
        order_id,
        &format!("c-{order_id}"),
        "BTC-USD",
        Side::Buy,
        status,
        "49000.00",
        "0.01",
        filled,
        "2026-01-02T03:04:05Z",
    )
}

fn user_feed(m: &mut Model, event: FeedEvent) -> Vec<Effect> {
    let at = m.now;
    m.update(Msg::Feed { feed: FeedKind::User, event, at })
}

fn later(m: &mut Model, secs: i64) {
    let (now, wall) = (m.now + Duration::from_secs(secs as u64), m.wall + chrono::Duration::seconds(secs));
    m.update(Msg::Tick { now, wall });
}

fn gap_listings(effects: &[Effect]) -> Vec<Effect> {
    effects.iter().filter(|e| matches!(e, Effect::LoadOrdersSince { .. })).cloned().collect()
}

/// Live user channel, `ord-1` and `ord-2` working, last heard at 03:04:15.
fn connected_with_two_orders() -> Model {
    let mut m = support::btc_model(5);
    let first = user_feed(&mut m, FeedEvent::Connected);
    assert!(gap_listings(&first).is_empty(), "nothing to catch up on the first connection");
    m.update(Msg::OpenOrdersLoaded(vec![
        order("ord-1", OrderStatus::Open, "0"),
        order("ord-2", OrderStatus::Open, "0"),
    ]));
    m.update(Msg::AccountsLoaded(vec![balance("USD", "20", "980"), balance("BTC", "1", "0")]));
    m.update(Msg::FillsLoaded(Vec::new()));
    later(&mut m, 10);
    user_feed(&mut m, user(EventKind::Snapshot, vec![order("ord-1", OrderStatus::Open, "0")]));
    assert_eq!(m.account.user_seen, Some(time("2026-01-02T03:04:15Z")));
    m
}

#[test]
fn a_reconnect_lists_the_gap_and_a_missed_fill_and_cancel_are_shown() {
    let mut m = connected_with_two_orders();
    user_feed(
        &mut m,
        FeedEvent::Disconnected { reason: "connection reset".into(), retry_in: Duration::from_secs(1) },
    );
    later(&mut m, 20);
    let effects = user_feed(&mut m, FeedEvent::Connected);
    assert_eq!(
        gap_listings(&effects),
        vec![Effect::LoadOrdersSince {
            since: time("2026-01-02T03:03:15Z"),
            order_ids: vec!["ord-1".into(), "ord-2".into()],
        }]
    );
    assert!(effects.contains(&Effect::LoadOpenOrders), "step 1 still runs");

    let requested_at = m.now;
    let listed =
        vec![order("ord-1", OrderStatus::Filled, "0.01"), order("ord-2", OrderStatus::Cancelled, "0")];
    m.update(Msg::OrdersListedSince { requested_at, orders: listed });
    assert_eq!(m.account.orders, Vec::new(), "both left Open orders");
    assert_eq!(
        m.account.closed.get("ord-1"),
        Some(&Known { status: OrderStatus::Filled, filled: dec("0.01") })
    );
    assert_eq!(
        m.account.closed.get("ord-2"),
        Some(&Known { status: OrderStatus::Cancelled, filled: dec("0") })
    );
    let last = Problem::Text("order ord-2 cancelled, not from this dashboard".into());
    assert_eq!(m.message, Some(StatusMessage { severity: Severity::Info, body: last, since: m.now }));
    // The reconnect's reloads are out; the fill asks for fresh balances and fills after them.
    assert_eq!(m.update(Msg::AccountsLoaded(vec![balance("USD", "20", "490")])), vec![Effect::LoadAccounts]);
    assert_eq!(m.update(Msg::FillsLoaded(Vec::new())), vec![Effect::LoadFills]);
}

#[test]
fn a_listed_order_the_channel_already_reported_done_does_not_regress() {
    let mut m = connected_with_two_orders();
    user_feed(&mut m, user(EventKind::Update, vec![order("ord-1", OrderStatus::Filled, "0.01")]));
    user_feed(&mut m, FeedEvent::Disconnected { reason: "reset".into(), retry_in: Duration::from_secs(1) });
    let effects = user_feed(&mut m, FeedEvent::Connected);
    assert_eq!(
        gap_listings(&effects),
        vec![Effect::LoadOrdersSince {
            since: time("2026-01-02T03:03:15Z"),
            order_ids: vec!["ord-2".into()]
        }]
    );
    let requested_at = m.now;
    m.update(Msg::OrdersListedSince { requested_at, orders: vec![order("ord-1", OrderStatus::Open, "0")] });
    assert_eq!(
        m.account.closed.get("ord-1"),
        Some(&Known { status: OrderStatus::Filled, filled: dec("0.01") })
    );
    assert!(m.account.orders.iter().all(|o| o.order_id != "ord-1"), "a stale OPEN does not bring it back");
}
