//! Market truth end to end: the compiled dashboard on a PTY against the simulator.
//!
//! `--products BTC-USD,FOO-USD`: BTC-USD is live within 3 s and the screen names FOO-USD as
//! unknown (a subscription naming it would stop every market channel).

mod common;
mod pty;

use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::Pty;
use rust_decimal::Decimal;

/// How soon a known product must be live.
const LIVE_WITHIN: Duration = Duration::from_secs(3);

fn row<'a>(screen: &'a str, product: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.starts_with(&format!("│{product} ")))
}

fn last_price(screen: &str, product: &str) -> Option<Decimal> {
    row(screen, product)?.trim_start_matches('│').split_whitespace().nth(1)?.parse().ok()
}

fn dashboard(venue: &common::Venue, extra: &[&str]) -> Pty {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(venue.flags());
    cmd.args(extra);
    Pty::spawn(cmd)
}

#[test]
fn an_unknown_product_is_named_and_the_known_one_is_live_within_3_s() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(common::Venue::live());
    let started = Instant::now();
    let mut pty = dashboard(&venue, &["--products", "BTC-USD,FOO-USD"]);
    let live = |s: &str| last_price(s, "BTC-USD").is_some() && s.contains("market Live");
    let screen = pty.wait_for("BTC-USD live", live);
    let elapsed = started.elapsed();
    assert!(elapsed < LIVE_WITHIN, "BTC-USD live after {elapsed:?}; screen:\n{screen}");
    let first = row(&screen, "BTC-USD").map(str::to_string);
    pty.wait_for("a BTC-USD update", |s| row(s, "BTC-USD").map(str::to_string) != first);
    let screen = pty.wait_for("FOO-USD named as unknown", |s| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("unknown product FOO-USD: not in the exchange's catalogue")
    });
    assert!(row(&screen, "FOO-USD").is_none(), "FOO-USD is not a watchlist row:\n{screen}");
    pty.send("q");
    let status = pty.finish();
    assert!(status.success(), "exit status {status:?}");
}

fn words(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// R-AUTH3 measured, not set: the simulator's clock runs 45 s ahead; the dashboard measures
/// it, marks the status bar, and refuses a new order with the reason. Nothing sets the offset.
#[test]
fn a_clock_45_s_off_is_measured_marked_and_stops_new_orders() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(common::Venue::live());
    runtime.block_on(venue.admin_post("/faults", serde_json::json!({"clock_skew_secs": 45})));
    let mut pty = dashboard(&venue, &["--products", "BTC-USD"]);
    let refused = "s behind the exchange's: over 30 s, new orders refused";
    let screen = pty.wait_for("the clock marker and the refusal", |s| {
        s.contains("clock 4") && s.contains("s behind") && words(s).contains(refused)
    });
    let marker = &screen[screen.find("clock 4").expect("marker")..];
    let secs: Decimal =
        marker["clock ".len()..].split_whitespace().next().expect("seconds").parse().expect("number");
    assert!(secs >= Decimal::new(440, 1) && secs <= Decimal::new(451, 1), "measured {secs} s:\n{screen}");
    pty.wait_for("BTC-USD live", |s| last_price(s, "BTC-USD").is_some() && s.contains("user Live"));
    pty.send("x");
    pty.send("b");
    pty.wait_for("the ticket", |s| s.contains("Order ticket"));
    pty.send("1000\t0.001");
    pty.wait_for("a valid ticket", |s| s.contains("ready to review"));
    pty.send("\r");
    // The ticket grows with the terminal: at 160 columns the whole reason is one line in it.
    let in_ticket =
        |s: &str| s.lines().any(|l| l.contains("│✗ clock 4") && l.contains(&format!("{refused} ")));
    let screen = pty.wait_for("the refusal in the ticket", |s| in_ticket(s) && s.contains("Order ticket"));
    assert!(!screen.contains("to send this order"), "no review card:\n{screen}");
    let orders = runtime.block_on(venue.sim_orders());
    assert!(orders.is_empty(), "nothing reached the simulator: {orders:?}");
    pty.send("\x1b");
    pty.wait_for("the ticket closed", |s| !s.contains("Order ticket"));
    pty.send("q");
    let status = pty.finish();
    assert!(status.success(), "exit status {status:?}");
}
