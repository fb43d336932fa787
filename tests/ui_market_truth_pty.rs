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
