//! Price alerts and notifications in `update`: the form arms an alert (bad input is refused
//! and changes nothing), a live ticker price that crosses it fires it exactly once (bell and
//! desktop notification as an effect, a flagged watchlist row, a status message, a save), the
//! alert list opens a ticket at a fired alert's price and deletes alerts, and an order that
//! fills or is cancelled by the exchange (not from this dashboard) notifies too.

use cbterm::app::model::alerts::{Alert, Condition, Direction, Fired};
use cbterm::app::model::{Overlay, Pane, Problem, Severity, StatusMessage};
use cbterm::app::notify::Notification;
use cbterm::app::{Action, Effect, FeedKind, Model, Msg};
use cbterm::domain::{CancelOutcome, EventKind, OrderRecord, OrderStatus, Side};
use support::{dec, id, limit_order, market_msg, ticker, tickers, time, user};

mod support;

use support::type_text;

const WALL: &str = "2026-01-02T03:04:05Z";

/// BTC-USD with rules and a live book, its last price 50000.00.
fn model() -> Model {
    let mut m = support::btc_model(7);
    price(&mut m, "50000.00");
    m
}

/// A ticker of BTC-USD at `last`; returns the effects.
fn price(m: &mut Model, last: &str) -> Vec<Effect> {
    let at = m.now;
    m.update(market_msg(tickers(vec![ticker("BTC-USD", last, "1.5", None, "49990.00", "50010.00")]), at))
}

fn act(m: &mut Model, action: Action) -> Vec<Effect> {
    m.update(Msg::Action(action))
}

/// `a`, the kind moved `kind_steps` to the right, `text` typed, Enter.
fn set(m: &mut Model, kind_steps: usize, text: &str) -> Vec<Effect> {
    act(m, Action::OpenAlertForm);
    for _ in 0..kind_steps {
        act(m, Action::ChoiceNext);
    }
    type_text(m, text);
    act(m, Action::SetAlert)
}

fn alert(id: u64, condition: Condition, fired: Option<(&str, &str)>) -> Alert {
    Alert {
        id,
        product: support::id("BTC-USD"),
        condition,
        created: time(WALL),
        fired: fired.map(|(p, at)| Fired { price: dec(p), at: time(at) }),
    }
}

fn above(p: &str) -> Condition {
    Condition::Above { price: dec(p) }
}

fn message(m: &Model, severity: Severity, text: &str) -> Option<StatusMessage> {
    Some(StatusMessage { severity, body: Problem::Text(text.into()), since: m.now })
}

fn notify(title: &str, body: &str) -> Effect {
    Effect::Notify(Notification { title: title.into(), body: body.into() })
}

#[test]
fn a_on_the_focused_product_arms_an_alert_and_saves_it() {
    let mut m = model();
    let key = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('a'));
    assert_eq!(
        cbterm::app::key_to_msg(&m.keymap, m.mode(), &key),
        Some(Msg::Action(Action::OpenAlertForm)),
        "a is bound on the panes"
    );
    let effects = set(&mut m, 0, "51000.5");
    let expected = vec![alert(1, above("51000.5"), None)];
    assert_eq!(effects, vec![Effect::SaveAlerts(expected.clone())]);
    assert_eq!(m.alerts.list, expected);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.message, message(&m, Severity::Info, "alert set: BTC-USD above 51000.5"));
    let effects = set(&mut m, 1, "49000");
    let below = alert(2, Condition::Below { price: dec("49000") }, None);
    assert_eq!(effects, vec![Effect::SaveAlerts(vec![expected[0].clone(), below])]);
}

#[test]
fn bad_input_gets_a_clear_error_in_the_form_and_changes_nothing() {
    let cases = [
        (0, "abc", "the price may contain only the digits 0-9 and one '.', found 'a'"),
        (0, "", "the price is empty"),
        (1, "-5", "the price may contain only the digits 0-9 and one '.', found '-'"),
        (0, "0", "the price must be greater than zero"),
        (0, "50000.00", "BTC-USD is already above 50000.00 (last 50000.00); nothing to wait for"),
        (1, "50100", "BTC-USD is already below 50100 (last 50000.00); nothing to wait for"),
        (2, "+x%", "the percentage may contain only the digits 0-9 and one '.', found 'x'"),
        (2, "-100", "a fall of 100% is impossible; use less than 100"),
        (2, "1e3", "the percentage may contain only the digits 0-9 and one '.', found 'e'"),
    ];
    for (steps, text, error) in cases {
        let mut m = model();
        let before = m.alerts.clone();
        assert_eq!(set(&mut m, steps, text), Vec::<Effect>::new(), "{text:?}");
        let Overlay::AlertForm(form) = &m.overlay else { panic!("the form stays open for {text:?}") };
        assert_eq!(form.error.as_deref(), Some(error), "{text:?}");
        assert_eq!(m.alerts, before, "{text:?} changes nothing");
        m.update(Msg::Typed('1'));
        let Overlay::AlertForm(form) = &m.overlay else { panic!("form") };
        assert_eq!(form.error, None, "the next edit clears the error");
    }
}

#[test]
fn a_percent_move_needs_a_price_to_start_from() {
    let mut m = support::btc_model(7);
    assert_eq!(set(&mut m, 2, "5"), Vec::<Effect>::new());
    let Overlay::AlertForm(form) = &m.overlay else { panic!("form") };
    assert_eq!(form.error.as_deref(), Some("no price for BTC-USD yet: a % move needs one to start from"));
    assert!(m.alerts.list.is_empty());
}

#[test]
fn an_above_alert_fires_once_when_a_ticker_crosses_it() {
    let mut m = model();
    set(&mut m, 0, "51000.00");
    assert_eq!(price(&mut m, "50999.99"), Vec::<Effect>::new(), "below the level: armed");
    assert!(m.flagged.is_empty());
    let effects = price(&mut m, "51000.00");
    let text = "alert: BTC-USD above 51000.00 (last 51000.00)";
    let fired = alert(1, above("51000.00"), Some(("51000.00", WALL)));
    assert_eq!(effects, vec![notify("cbterm", text), Effect::SaveAlerts(vec![fired.clone()])]);
    assert_eq!(m.alerts.list, vec![fired.clone()]);
    assert_eq!(m.message, message(&m, Severity::Warning, text));
    assert_eq!(m.flagged, [id("BTC-USD")].into_iter().collect());
    assert_eq!(m.notices.front().map(|n| n.text.as_str()), Some(text));
    assert_eq!(price(&mut m, "51500.00"), Vec::<Effect>::new(), "fires once");
    assert_eq!(price(&mut m, "50000.00"), Vec::<Effect>::new());
    assert_eq!(price(&mut m, "52000.00"), Vec::<Effect>::new(), "a second crossing does not fire it");
    assert_eq!(m.alerts.list, vec![fired]);
}

#[test]
fn a_below_alert_fires_on_a_gap_through_its_level_at_the_price_that_crossed() {
    let mut m = model();
    set(&mut m, 1, "49000");
    assert!(price(&mut m, "49000.01").is_empty());
    let effects = price(&mut m, "48000.00");
    let fired = alert(1, Condition::Below { price: dec("49000") }, Some(("48000.00", WALL)));
    let text = "alert: BTC-USD below 49000 (last 48000.00)";
    assert_eq!(effects, vec![notify("cbterm", text), Effect::SaveAlerts(vec![fired])]);
}

#[test]
fn percent_moves_fire_up_down_or_either_way_from_the_price_when_set() {
    // From 50000.00: 2 % is 1000.00, so up fires at 51000.00 and down at 49000.00.
    let cases = [
        ("+2", Direction::Up, "50999.99", "51000.00"),
        ("-2", Direction::Down, "49000.01", "49000.00"),
        ("2", Direction::Either, "49000.01", "49000.00"),
        ("2%", Direction::Either, "50999.99", "51000.00"),
    ];
    for (typed, direction, near, crossing) in cases {
        let mut m = model();
        set(&mut m, 2, typed);
        let condition = Condition::Move { from: dec("50000.00"), percent: dec("2"), direction };
        assert_eq!(m.alerts.list, vec![alert(1, condition.clone(), None)], "{typed}");
        assert!(price(&mut m, near).is_empty(), "{typed} at {near}");
        let effects = price(&mut m, crossing);
        let sign = match direction {
            Direction::Up => "+",
            Direction::Down => "-",
            Direction::Either => "±",
        };
        let text = format!("alert: BTC-USD {sign}2% from 50000.00 (last {crossing})");
        let fired = alert(1, condition, Some((crossing, WALL)));
        assert_eq!(effects, vec![notify("cbterm", &text), Effect::SaveAlerts(vec![fired])], "{typed}");
    }
    let mut m = model();
    set(&mut m, 2, "+2");
    assert!(price(&mut m, "40000.00").is_empty(), "an up move ignores a fall");
}

#[test]
fn another_products_ticker_does_not_fire_it() {
    let mut m = model();
    set(&mut m, 0, "51000");
    let at = m.now;
    let eth = tickers(vec![ticker("ETH-USD", "60000", "0", None, "59999", "60001")]);
    assert!(m.update(market_msg(eth, at)).is_empty());
    assert_eq!(m.alerts.list, vec![alert(1, above("51000"), None)]);
}

#[test]
fn the_list_clears_the_flag_opens_a_ticket_at_a_fired_alerts_price_and_deletes() {
    let mut m = model();
    set(&mut m, 0, "51000.00");
    set(&mut m, 1, "40000.00");
    price(&mut m, "51234.56");
    assert!(act(&mut m, Action::OpenAlerts).is_empty());
    assert_eq!(m.overlay, Overlay::Alerts);
    assert!(m.flagged.is_empty(), "looking at the list unflags the row");
    act(&mut m, Action::SelectDown);
    assert!(act(&mut m, Action::Pick).is_empty());
    assert_eq!(m.overlay, Overlay::Alerts, "an armed alert opens no ticket");
    assert_eq!(m.message, message(&m, Severity::Info, "select a fired alert to open a ticket at its price"));
    act(&mut m, Action::SelectUp);
    act(&mut m, Action::Pick);
    let Overlay::Ticket(t) = &m.overlay else { panic!("a ticket, got {:?}", m.overlay) };
    assert_eq!((t.product.clone(), t.side, t.price.as_str()), (id("BTC-USD"), Side::Buy, "51000.00"));
    act(&mut m, Action::Close);
    act(&mut m, Action::OpenAlerts);
    act(&mut m, Action::OpenSellTicket);
    let Overlay::Ticket(t) = &m.overlay else { panic!("a sell ticket") };
    assert_eq!((t.side, t.price.as_str()), (Side::Sell, "51000.00"));
    act(&mut m, Action::Close);
    act(&mut m, Action::OpenAlerts);
    let effects = act(&mut m, Action::DeleteAlert);
    let left = alert(2, Condition::Below { price: dec("40000.00") }, None);
    assert_eq!(effects, vec![Effect::SaveAlerts(vec![left.clone()])]);
    assert_eq!(m.alerts.list, vec![left]);
    assert_eq!(m.message, message(&m, Severity::Info, "alert deleted: BTC-USD above 51000.00"));
    act(&mut m, Action::DeleteAlert);
    assert_eq!(act(&mut m, Action::DeleteAlert), Vec::<Effect>::new());
    assert_eq!(m.message, message(&m, Severity::Info, "no alert selected"));
}

#[test]
fn loaded_alerts_keep_their_state_and_fired_ones_never_fire_again() {
    let mut m = model();
    let fired = alert(4, above("50500"), Some(("50600", WALL)));
    let armed = alert(9, Condition::Below { price: dec("49000") }, None);
    m.update(Msg::AlertsLoaded(vec![fired.clone(), armed.clone()]));
    assert!(price(&mut m, "50700.00").is_empty());
    set(&mut m, 0, "52000");
    assert_eq!(m.alerts.list.last().map(|a| a.id), Some(10), "new ids follow the loaded ones");
}

#[test]
fn an_unreadable_alerts_file_is_reported_and_never_overwritten() {
    let mut m = model();
    let reason = "not a valid alerts file: EOF while parsing a value at line 1 column 0".to_string();
    m.update(Msg::AlertsUnreadable { path: "/cfg/cbterm/alerts.json".into(), reason });
    let text = "alerts file /cfg/cbterm/alerts.json unusable (not a valid alerts file: EOF while parsing a \
                value at line 1 column 0); it is left as it is and alerts set now are not saved";
    assert_eq!(m.message, message(&m, Severity::Error, text));
    assert_eq!(set(&mut m, 0, "51000"), Vec::<Effect>::new(), "no save over the damaged file");
    assert_eq!(m.alerts.list, vec![alert(1, above("51000"), None)], "the alert still works this session");
    assert_eq!(price(&mut m, "51000"), vec![notify("cbterm", "alert: BTC-USD above 51000 (last 51000)")]);
    m.update(Msg::AlertsNotSaved { reason: "disk full".into() });
    assert_eq!(m.message, message(&m, Severity::Error, "alerts not saved: disk full"));
}

fn order(status: OrderStatus, filled: &str) -> OrderRecord {
    limit_order("ord-12345678", "c-1", "BTC-USD", Side::Buy, status, "49000.00", "0.01", filled, WALL)
}

fn channel(m: &mut Model, order: OrderRecord) -> Vec<Effect> {
    let at = m.now;
    m.update(Msg::Feed { feed: FeedKind::User, event: user(EventKind::Update, vec![order]), at })
}

fn notifies(effects: &[Effect]) -> Vec<&Effect> {
    effects.iter().filter(|e| matches!(e, Effect::Notify(_))).collect()
}

fn with_order() -> Model {
    let mut m = model();
    m.update(Msg::OpenOrdersLoaded(vec![order(OrderStatus::Open, "0")]));
    m
}

#[test]
fn a_filled_order_notifies() {
    let mut m = with_order();
    assert!(
        notifies(&channel(&mut m, order(OrderStatus::Open, "0.004"))).is_empty(),
        "a partial fill does not"
    );
    let effects = channel(&mut m, order(OrderStatus::Filled, "0.01"));
    let text = "order ord-1234 filled (0.01 BTC-USD)";
    assert_eq!(notifies(&effects), vec![&notify("cbterm", text)]);
    assert_eq!(m.message, message(&m, Severity::Info, text));
    assert_eq!(m.flagged, [id("BTC-USD")].into_iter().collect());
    assert!(notifies(&channel(&mut m, order(OrderStatus::Filled, "0.01"))).is_empty(), "once");
}

#[test]
fn an_order_cancelled_elsewhere_notifies_and_one_the_user_cancelled_here_does_not() {
    let mut m = with_order();
    let effects = channel(&mut m, order(OrderStatus::Cancelled, "0"));
    let text = "order ord-1234 cancelled, not from this dashboard";
    assert_eq!(notifies(&effects), vec![&notify("cbterm", text)]);
    assert_eq!(m.message, message(&m, Severity::Info, text));

    let mut m = with_order();
    for _ in Pane::ALL.iter().take_while(|p| **p != Pane::Orders) {
        act(&mut m, Action::FocusNext);
    }
    act(&mut m, Action::CancelSelected);
    m.update(Msg::CancelsAnswered(vec![CancelOutcome { order_id: "ord-12345678".into(), refused: None }]));
    let effects = channel(&mut m, order(OrderStatus::Cancelled, "0"));
    assert!(notifies(&effects).is_empty(), "the user's own cancel: {effects:?}");
    assert_eq!(m.message, message(&m, Severity::Info, "order ord-1234 cancelled"));
    assert!(m.flagged.is_empty());
}

#[test]
fn an_expired_order_notifies() {
    let mut m = with_order();
    let effects = channel(&mut m, order(OrderStatus::Expired, "0.002"));
    assert_eq!(notifies(&effects), vec![&notify("cbterm", "order ord-1234 expired (filled 0.002)")]);
}
