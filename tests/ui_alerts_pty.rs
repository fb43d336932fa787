//! Alerts end to end: the compiled dashboard on a PTY against a simulator whose market moves
//! only when stepped. An alert is set with `a`, the market is stepped until the price crosses
//! it, and the terminal receives the bell and the OSC 9 / OSC 777 notification, the watchlist
//! row is highlighted, the status bar says it, the alerts file records it, and the alert list
//! shows it fired and opens a ticket at its price.

mod common;
mod pty;

use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::{Pty, WAIT};
use rust_decimal::Decimal;

/// Row and column (in cells) where `needle` first appears on the screen.
fn cell_of(screen: &str, needle: &str) -> Option<(u16, u16)> {
    screen.lines().enumerate().find_map(|(y, line)| {
        let x = line[..line.find(needle)?].chars().count();
        Some((u16::try_from(y).ok()?, u16::try_from(x).ok()?))
    })
}

fn last_price(screen: &str) -> Option<Decimal> {
    let line = screen.lines().find(|l| l.starts_with("│BTC-USD "))?;
    line.trim_start_matches('│').split_whitespace().nth(1)?.parse().ok()
}

fn words(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether the cell's background is the alert highlight (yellow, normal or bright).
fn is_yellow(color: Option<vt100::Color>) -> bool {
    matches!(color, Some(vt100::Color::Idx(3 | 11)))
}

#[test]
fn a_price_crossing_an_alert_rings_notifies_and_highlights_the_row() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(common::Venue::manual(41));
    runtime.block_on(venue.step(20));
    let dirs = tempfile::tempdir().expect("tempdir");
    let config = dirs.path().join("config");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(venue.flags());
    cmd.args(["--products", "BTC-USD"]);
    cmd.env("XDG_CONFIG_HOME", &config);
    let mut pty = Pty::spawn_in(cmd, &dirs.path().join("state"));
    let screen = pty.wait_for("BTC-USD live", |s| last_price(s).is_some() && s.contains("market Live"));
    let from = last_price(&screen).expect("a last price");

    pty.send("a");
    pty.wait_for("the alert form", |s| s.contains("Price alert"));
    pty.send("\x1b[C\x1b[C0.01\r");
    let set = format!("alert set: BTC-USD ±0.01% from {from}");
    pty.wait_for("the alert armed", |s| words(s).contains(&set));
    assert_eq!(find(&pty.output(), b"\x07"), None, "no bell before the alert fires");

    let deadline = Instant::now() + WAIT;
    while find(&pty.output(), b"\x07").is_none() {
        assert!(Instant::now() < deadline, "no bell within {WAIT:?}; screen:\n{}", pty.screen());
        runtime.block_on(venue.step(5));
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = pty.output();
    let bell = find(&output, b"\x07").expect("bell");
    let osc9 = find(&output, b"\x1b]9;cbterm: alert: BTC-USD \xc2\xb10.01% from ").expect("OSC 9");
    let osc777 =
        find(&output, b"\x1b]777;notify;cbterm;alert: BTC-USD \xc2\xb10.01% from ").expect("OSC 777");
    assert!(bell < osc9 && osc9 < osc777, "bell, then OSC 9, then OSC 777");
    assert_eq!(output.iter().filter(|b| **b == 0x07).count(), 1, "one bell: the OSCs end with ST");

    let screen = pty.wait_for("the status message", |s| words(s).contains("alert: BTC-USD ±0.01% from"));
    let (row, col) = cell_of(&screen, "│BTC-USD ").expect("watchlist row");
    assert!(
        is_yellow(pty.bg(row, col + 1)),
        "highlighted watchlist row: {:?}\n{screen}",
        pty.bg(row, col + 1)
    );

    let file = config.join("cbterm").join("alerts.json");
    let deadline = Instant::now() + WAIT;
    let saved = loop {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if text.contains("\"fired\": {") {
            break text;
        }
        assert!(Instant::now() < deadline, "the fired alert was not saved: {text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let json: serde_json::Value = serde_json::from_str(&saved).expect("JSON");
    let fired_at: Decimal =
        json["alerts"][0]["fired"]["price"].as_str().expect("price").parse().expect("decimal");
    let moved = (fired_at - from).abs() * Decimal::from(10_000);
    assert!(moved >= from, "fired after a move of at least 0.01%: from {from} to {fired_at}");

    pty.send("A");
    let screen = pty.wait_for("the alert list", |s| s.contains("FIRED at"));
    let (row, col) = cell_of(&screen, "BTC-USD     ±0.01%").expect("the fired alert's row");
    assert!(is_yellow(pty.bg(row, col)), "highlighted fired alert:\n{screen}");
    pty.send("\r");
    let price = fired_at.to_string();
    pty.wait_for("a ticket at the fired price", |s| s.contains("Order ticket") && s.contains(&price));
    pty.send("\x1b");
    pty.wait_for("the ticket closed", |s| !s.contains("Order ticket"));
    pty.send("q");
    let status = pty.finish();
    assert!(status.success(), "exit status {status:?}");
}
