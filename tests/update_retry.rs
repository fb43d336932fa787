//! Market truth (issue 8 item 4): a failed start-up load is retried with jittered backoff on the
//! model's clock, the status bar says so, and a success clears it; `b`/`s` before the catalogue
//! says why nothing opens.

mod support;

use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::model::retry::{RETRY_CAP, RETRY_FIRST, Retry, backoff};
use cbterm::app::model::{Overlay, Problem, Severity, StatusMessage};
use cbterm::app::{Action, Effect, Model, ModelInit, Msg, Request, VenueLabel};
use cbterm::domain::ClientOrderIds;
use support::*;

fn init(has_credentials: bool) -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: vec![id("BTC-USD")],
        has_credentials,
        now: Instant::now(),
        wall: time("2026-01-02T03:04:05.123456789Z"),
        ids: ClientOrderIds::seeded(1),
    })
}

fn failed(request: Request) -> Msg {
    Msg::RequestFailed { request, reason: "connect failed: no route to host".into() }
}

fn tick_at(m: &mut Model, now: Instant) -> Vec<Effect> {
    let wall = m.wall;
    m.update(Msg::Tick { now, wall })
}

/// The one retry record, checked whole, with its due time inside the backoff window.
fn due_within(m: &Model, request: Request, attempt: u32, low: Duration, high: Duration) -> Instant {
    let [retry] = m.retries.as_slice() else { panic!("one retry expected: {:?}", m.retries) };
    let due = retry.due.expect("scheduled");
    assert_eq!(*retry, Retry { request, attempt, due: Some(due) });
    let wait = due - m.now;
    assert!(wait >= low && wait <= high, "wait {wait:?} outside {low:?}..={high:?}");
    due
}

fn retrying(m: &Model, request: Request, due: Instant) -> Option<StatusMessage> {
    let in_secs = (due - m.now).as_secs_f64().ceil() as u64;
    let reason = "connect failed: no route to host".to_string();
    Some(StatusMessage {
        severity: Severity::Warning,
        body: Problem::Retrying { request, reason, in_secs },
        since: m.now,
    })
}

#[test]
fn failed_products_are_retried_with_growing_backoff_and_the_status_bar_says_so() {
    let mut m = init(false);
    assert_eq!(
        m.start(),
        vec![
            Effect::LoadProducts,
            Effect::LoadCandles {
                product: id("BTC-USD"),
                granularity: cbterm::domain::Granularity::OneMinute,
                end: m.wall.timestamp()
            },
            Effect::LoadTrades { product: id("BTC-USD") }
        ]
    );
    let subscribe = Effect::SubscribeMarket { products: vec![id("BTC-USD")] };
    assert_eq!(m.update(failed(Request::Products)), vec![subscribe.clone()], "market data flows unchecked");
    let due = due_within(&m, Request::Products, 1, RETRY_FIRST / 2, RETRY_FIRST);
    assert_eq!(m.message, retrying(&m, Request::Products, due));
    let words = error_or_warning(&m);
    assert!(
        words.starts_with("products failed to load (connect failed: no route to host); retrying in "),
        "{words}"
    );

    assert!(
        !tick_at(&mut m, due - Duration::from_millis(1)).contains(&Effect::LoadProducts),
        "not before due"
    );
    assert_eq!(tick_at(&mut m, due), vec![Effect::LoadProducts]);
    assert_eq!(m.retries, vec![Retry { request: Request::Products, attempt: 1, due: None }], "sent once");
    assert!(tick_at(&mut m, due + RETRY_CAP).is_empty(), "not resent while out");

    m.update(failed(Request::Products));
    let due = due_within(&m, Request::Products, 2, RETRY_FIRST, RETRY_FIRST * 2);
    assert_eq!(m.message, retrying(&m, Request::Products, due));

    let effects = m.update(Msg::ProductsLoaded(vec![product(btc_rules())]));
    assert!(!effects.contains(&subscribe), "already subscribed, and BTC-USD is known");
    assert_eq!(m.rules.get(&id("BTC-USD")), Some(&btc_rules()));
    assert_eq!(m.retries, Vec::new(), "the retry ended");
    assert_eq!(m.message, None, "the message cleared on success");
    // (Inside the catalogue's one-minute reload period, so any effect would be a stray retry.)
    assert!(tick_at(&mut m, due + RETRY_CAP).is_empty(), "nothing more is sent");
}

fn error_or_warning(m: &Model) -> String {
    cbterm::ui::words::problem(&m.message.as_ref().expect("a message").body)
}

#[test]
fn every_start_up_load_is_retried_and_cancels_are_not() {
    let mut m = init(true);
    m.start();
    m.update(Msg::AccountsLoaded(Vec::new()));
    m.update(Msg::FillsLoaded(Vec::new()));
    for request in [
        Request::Accounts,
        Request::OpenOrders,
        Request::Fills,
        Request::Fees,
        Request::Trades(id("BTC-USD")),
    ] {
        m.update(failed(request.clone()));
        assert_eq!(m.retry_of(&request).map(|r| r.attempt), Some(1), "{request:?}");
    }
    let late = m.now + RETRY_CAP;
    let mut effects = tick_at(&mut m, late);
    effects.sort_by_key(|e| format!("{e:?}"));
    assert_eq!(
        effects,
        vec![
            Effect::LoadAccounts,
            Effect::LoadFees,
            Effect::LoadFills,
            Effect::LoadOpenOrders,
            Effect::LoadTrades { product: id("BTC-USD") }
        ]
    );
    let cancel = Request::Cancel(vec!["o-1".into()]);
    m.update(failed(cancel.clone()));
    assert_eq!(m.retry_of(&cancel), None);
    assert_eq!(
        m.message.as_ref().map(|msg| msg.severity),
        Some(Severity::Error),
        "a failed cancel is an error"
    );
}

#[test]
fn b_and_s_before_the_catalogue_say_it_is_not_loaded() {
    let mut m = init(true);
    m.start();
    m.update(Msg::Action(Action::OpenBuyTicket));
    assert_eq!(m.overlay, Overlay::None);
    let loading = Problem::Text("products not loaded yet: loading".into());
    assert_eq!(m.message, Some(StatusMessage { severity: Severity::Warning, body: loading, since: m.now }));

    m.update(failed(Request::Products));
    m.update(Msg::Action(Action::OpenSellTicket));
    assert_eq!(m.overlay, Overlay::None);
    let retrying = Problem::Text("products not loaded yet: retrying".into());
    assert_eq!(m.message, Some(StatusMessage { severity: Severity::Warning, body: retrying, since: m.now }));

    m.update(Msg::ProductsLoaded(vec![product(btc_rules())]));
    m.update(Msg::Action(Action::OpenBuyTicket));
    assert!(matches!(m.overlay, Overlay::Ticket(_)), "the ticket opens once products are in");
}

#[test]
fn backoff_doubles_to_a_cap_with_jitter_in_its_upper_half() {
    for attempt in 1..=10u32 {
        let full = (RETRY_FIRST * 2u32.pow(attempt.min(10) - 1)).min(RETRY_CAP);
        let waits: Vec<Duration> = (0..200u64).map(|seed| backoff(attempt, seed)).collect();
        assert!(waits.iter().all(|w| *w >= full / 2 && *w <= full), "attempt {attempt}: {waits:?}");
        let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
        assert!(distinct.len() > 100, "attempt {attempt}: the jitter spreads retries");
    }
    assert_eq!(backoff(u32::MAX, 7).max(RETRY_CAP), RETRY_CAP, "no overflow");
}
