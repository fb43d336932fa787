//! Order history: the History tab of Open orders fills from the REST listing of done orders at
//! start and from every user-channel report of an order reaching its end; `h` switches tabs,
//! `j`/`k` move in the tab shown, and `c` on the History tab cancels nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::app::model::account::history::OrdersTab;
use cbterm::app::model::{Pane, Problem, Severity, StatusMessage};
use cbterm::app::{Action, Effect, FeedKind, Model, Msg, Request};
use cbterm::domain::{EventKind, OrderRecord, OrderStatus, OrderType, Side, Size};
use support::{dec, id, limit_order, time, user};

mod support;

/// A done BTC-USD order as the REST listing reports it (the whole record).
fn done(
    order_id: &str,
    status: OrderStatus,
    filled: &str,
    avg: Option<&str>,
    fees: &str,
    created: &str,
) -> OrderRecord {
    OrderRecord {
        avg_price: avg.map(dec),
        fees: dec(fees),
        ..limit_order(
            order_id,
            &format!("c-{order_id}"),
            "BTC-USD",
            Side::Buy,
            status,
            "49000.00",
            "0.02",
            filled,
            created,
        )
    }
}

fn channel(m: &mut Model, orders: Vec<OrderRecord>) -> Vec<Effect> {
    let at = m.now;
    m.update(Msg::Feed { feed: FeedKind::User, event: user(EventKind::Update, orders), at })
}

fn focus_orders(m: &mut Model) {
    while m.focus != Pane::Orders {
        m.update(Msg::Action(Action::FocusNext));
    }
}

#[test]
fn the_start_asks_for_the_history_and_its_answer_fills_the_tab_newest_first() {
    let mut m = support::btc_model(1);
    assert!(m.start().contains(&Effect::LoadOrderHistory));
    // Filled 0.02 in two fills, 0.01 @ 48990.00 and 0.01 @ 48994.00: average 48992.00; fees
    // 0.4 % of 979.84 = 3.91936. Cancelled after 0.005 @ 49000.00 (fee 0.98). An order still
    // open in the answer is not history.
    let filled =
        done("f-1", OrderStatus::Filled, "0.02", Some("48992.00"), "3.91936", "2026-01-02T03:00:00Z");
    let cancelled =
        done("x-1", OrderStatus::Cancelled, "0.005", Some("49000.00"), "0.98", "2026-01-02T03:02:00Z");
    let expired = done("e-1", OrderStatus::Expired, "0", None, "0", "2026-01-02T02:00:00Z");
    let failed = done("z-1", OrderStatus::Failed, "0", None, "0", "2026-01-02T01:00:00Z");
    let open = done("o-1", OrderStatus::Open, "0", None, "0", "2026-01-02T03:03:00Z");
    let listing = vec![expired.clone(), filled.clone(), open, failed.clone(), cancelled.clone()];
    assert_eq!(m.update(Msg::OrderHistoryLoaded(listing)), Vec::new());
    assert_eq!(m.account.history.rows, vec![cancelled, filled, expired, failed]);
    assert!(m.account.history.loaded);
    assert!(m.account.orders.is_empty(), "the history does not touch Open orders");
}

#[test]
fn an_order_reaching_its_end_on_the_user_channel_moves_from_open_orders_to_the_history() {
    let mut m = support::btc_model(1);
    let open = support::resting_buy("o-1", "0.02");
    m.update(Msg::OpenOrdersLoaded(vec![open.clone()]));
    // The channel's report of the cancel: leaves 0, so no size (see `parse::user_order`).
    let report = OrderRecord {
        status: OrderStatus::Cancelled,
        size: None,
        filled: dec("0.005"),
        avg_price: Some(dec("49000.00")),
        fees: dec("0.98"),
        ..open.clone()
    };
    channel(&mut m, vec![report.clone()]);
    assert!(m.account.orders.is_empty());
    let row = OrderRecord { size: Some(Size::Base(dec("0.02"))), ..report };
    assert_eq!(m.account.history.rows, vec![row.clone()], "the size is the one the open row had");

    // A market order that filled at once, never listed as open: its record as reported.
    let market = OrderRecord {
        order_id: "m-1".into(),
        client_order_id: "c-m".into(),
        product: id("BTC-USD"),
        side: Side::Sell,
        order_type: OrderType::Market,
        limit_price: None,
        stop_price: None,
        size: None,
        filled: dec("0.01"),
        avg_price: Some(dec("49990.00")),
        fees: dec("2.9994"),
        status: OrderStatus::Filled,
        created: Some(time("2026-01-02T03:04:00Z")),
        cancel_pending: false,
    };
    channel(&mut m, vec![market.clone()]);
    assert_eq!(m.account.history.rows, vec![market, row]);
}

#[test]
fn a_late_or_older_report_never_takes_a_history_row_back() {
    let mut m = support::btc_model(1);
    let filled =
        done("f-1", OrderStatus::Filled, "0.02", Some("48992.00"), "3.91936", "2026-01-02T03:00:00Z");
    channel(&mut m, vec![filled.clone()]);
    // A REST answer sent before the last fill, and a late OPEN from the channel.
    let older =
        done("f-1", OrderStatus::Cancelled, "0.01", Some("48990.00"), "1.95960", "2026-01-02T03:00:00Z");
    m.update(Msg::OrderHistoryLoaded(vec![older]));
    channel(&mut m, vec![done("f-1", OrderStatus::Open, "0.01", None, "0", "2026-01-02T03:00:00Z")]);
    assert_eq!(m.account.history.rows, vec![filled]);
    assert!(m.account.orders.is_empty(), "a late OPEN does not reopen a done order");
}

#[test]
fn h_switches_tabs_j_and_k_move_in_the_tab_shown_and_c_on_the_history_cancels_nothing() {
    let mut m = support::btc_model(1);
    let open = |id: &str, at: &str| {
        limit_order(id, id, "BTC-USD", Side::Buy, OrderStatus::Open, "49000.00", "0.02", "0", at)
    };
    m.update(Msg::OpenOrdersLoaded(vec![
        open("o-1", "2026-01-02T03:00:00Z"),
        open("o-2", "2026-01-02T03:01:00Z"),
    ]));
    let history = vec![
        done("f-1", OrderStatus::Filled, "0.02", Some("49000.00"), "3.92", "2026-01-02T02:00:00Z"),
        done("f-2", OrderStatus::Filled, "0.02", Some("49000.00"), "3.92", "2026-01-02T02:01:00Z"),
        done("f-3", OrderStatus::Filled, "0.02", Some("49000.00"), "3.92", "2026-01-02T02:02:00Z"),
    ];
    m.update(Msg::OrderHistoryLoaded(history));
    focus_orders(&mut m);
    assert_eq!(m.account.tab, OrdersTab::Open);
    m.update(Msg::Action(Action::ToggleOrderHistory));
    assert_eq!(m.account.tab, OrdersTab::History);
    for _ in 0..5 {
        m.update(Msg::Action(Action::SelectDown));
    }
    assert_eq!((m.account.history.selected, m.account.selected), (2, 0), "j moves in the history only");
    assert_eq!(m.account.history.selected_order().map(|o| o.order_id.as_str()), Some("f-1"));

    assert_eq!(m.update(Msg::Action(Action::CancelSelected)), Vec::new());
    let text = "the History tab lists done orders: nothing to cancel; h shows the open orders";
    let expected = StatusMessage { severity: Severity::Info, body: Problem::Text(text.into()), since: m.now };
    assert_eq!(m.message, Some(expected));
    assert!(m.account.orders.iter().all(|o| !o.cancel_requested));

    m.update(Msg::Action(Action::ToggleOrderHistory));
    assert_eq!(m.account.tab, OrdersTab::Open);
    m.update(Msg::Action(Action::SelectDown));
    assert_eq!((m.account.history.selected, m.account.selected), (2, 1));
    let cancel = m.update(Msg::Action(Action::CancelSelected));
    assert_eq!(cancel, vec![Effect::CancelOrders { order_ids: vec!["o-1".into()] }]);
}

#[test]
fn a_failed_history_load_is_retried() {
    let mut m = support::btc_model(1);
    let failed = Msg::RequestFailed { request: Request::OrderHistory, reason: "timed out".into() };
    m.update(failed);
    assert_eq!(m.retry_of(&Request::OrderHistory).map(|r| r.attempt), Some(1));
    let later = m.now + cbterm::app::model::retry::RETRY_CAP;
    let wall = m.wall;
    assert_eq!(m.update(Msg::Tick { now: later, wall }), vec![Effect::LoadOrderHistory]);
}
