//! The clock face (`ui::clock_face`): the event loop ticks the model's clock every 250 ms but
//! draws only when the face changed (or the tick acted). These tests hold the face to what it
//! promises: with no message in between, an unchanged face means an unchanged screen, and on
//! a quiet dashboard the face changes only when a shown age changes its text.

use std::time::{Duration, Instant};

use cbterm::app::model::Model;
use cbterm::app::{Action, FeedKind, Msg};
use cbterm::domain::{EventKind, FeedEvent, OrderStatus, Side};
use cbterm::ui::clock_face;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use support::{limit_order, market_msg, ticker, tickers, trade, trades, user};

mod support;

/// BTC-USD live with a ticker and a trade (inside its own 49990.00 / 50010.00 book), one
/// resting order of the user created at `created`, an info message that expires at 5 s, and
/// heartbeats at t0 (wall clock 03:04:05).
fn dashboard(created: &str) -> Model {
    let mut m = support::btc_model(7);
    let t0 = m.now;
    m.update(market_msg(
        tickers(vec![ticker("BTC-USD", "50000.00", "1.5", Some("1234"), "49990.00", "50010.00")]),
        t0,
    ));
    let tape = vec![trade("t-1", "BTC-USD", Side::Buy, "50010.00", "0.01", "2026-01-02T03:04:04Z")];
    m.update(market_msg(trades(EventKind::Update, tape), t0));
    let order =
        limit_order("o-1", "c-1", "BTC-USD", Side::Buy, OrderStatus::Open, "49000.00", "0.01", "0", created);
    m.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connected, at: t0 });
    m.update(Msg::Feed { feed: FeedKind::User, event: user(EventKind::Snapshot, vec![order]), at: t0 });
    m.update(Msg::Action(Action::CancelSelected));
    m
}

/// An order created a whole minute before the fixture's wall clock.
const ON_THE_MINUTE: &str = "2026-01-02T03:03:05Z";
/// An order whose age turns over 0.6 s after every other age on screen.
const OFF_THE_SECOND: &str = "2026-01-02T03:03:04.400Z";

fn screen(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().buffer().clone()
}

/// Moves the clock to `t0 + ms` as the event loop's tick does; returns whether it acted.
fn tick(model: &mut Model, t0: Instant, wall0: chrono::DateTime<chrono::Utc>, ms: u64) -> bool {
    let step = Duration::from_millis(ms);
    let wall = wall0 + chrono::Duration::from_std(step).expect("step");
    !model.update(Msg::Tick { now: t0 + step, wall }).is_empty()
}

/// The instants (ms after t0) at which a tick every 250 ms would draw over `until_ms`.
fn drawn_at(model: &mut Model, until_ms: u64) -> Vec<u64> {
    let (t0, wall0) = (model.now, model.wall);
    let mut shown = clock_face(model);
    let mut drawn = Vec::new();
    for ms in (250..=until_ms).step_by(250) {
        let acted = tick(model, t0, wall0, ms);
        let face = clock_face(model);
        if acted || face != shown {
            drawn.push(ms);
            shown = face;
        }
    }
    drawn
}

#[test]
fn a_quiet_dashboard_draws_only_when_a_shown_age_turns_over() {
    let mut m = dashboard(ON_THE_MINUTE);
    // Every age on screen started at t0 (ticker, trade, book, heartbeat) or is a whole minute
    // old (the order, 60 s before the wall clock): all turn over on whole seconds, and the info
    // message expires at 5 s. Two thresholds fall between seconds: past 3 s the market feed is
    // STALE (3.25 s), past 5 s the ticker and trade ages turn amber (5.25 s). So 8 of the 24
    // ticks in 6 s draw; before the clock face, all 24 did.
    let drawn = drawn_at(&mut m, 6_000);
    assert_eq!(drawn, vec![1_000, 2_000, 3_000, 3_250, 4_000, 5_000, 5_250, 6_000]);
}

#[test]
fn minutes_old_data_draws_once_a_minute() {
    let mut m = dashboard(ON_THE_MINUTE);
    let (t0, wall0) = (m.now, m.wall);
    tick(&mut m, t0, wall0, 600_000);
    // Past 120 s every age is shown in minutes and the market is STALE: from 10:00 to 12:00
    // the screen changes at 11:00 and 12:00 only (the order, 60 s older, turns over on the same
    // minutes). A tick that acts (a 30 s reconcile) draws too.
    let drawn = drawn_at(&mut m, 120_000);
    let expected: Vec<u64> = drawn.iter().copied().filter(|ms| ms % 60_000 == 0).collect();
    assert_eq!(expected, vec![60_000, 120_000]);
    assert!(drawn.len() <= 10, "a tick every 250 ms for 2 minutes drew {} frames: {drawn:?}", drawn.len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(9), ..ProptestConfig::default() })]

    /// Whatever the steps between ticks, a tick that did not act and left the face unchanged
    /// left the whole screen unchanged, at 80×24 and 160×48. The order's age turns over apart
    /// from the others, so each age on screen must be in the face on its own.
    #[test]
    fn an_unchanged_face_is_an_unchanged_screen(steps in proptest::collection::vec(1u64..40_000, 1..30)) {
        let mut m = dashboard(OFF_THE_SECOND);
        let (t0, wall0) = (m.now, m.wall);
        let mut at = 0;
        for (width, height) in [(80, 24), (160, 48)] {
            let mut before = (clock_face(&m), screen(&m, width, height));
            for step in &steps {
                at += step;
                let acted = tick(&mut m, t0, wall0, at);
                let now = (clock_face(&m), screen(&m, width, height));
                if !acted && now.0 == before.0 {
                    prop_assert_eq!(&now.1, &before.1, "screen changed at {} ms with the same face", at);
                }
                before = now;
            }
        }
    }
}
