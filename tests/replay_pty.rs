//! `cbterm replay` in a pseudo-terminal, with no network: a hand-made plain recording (the
//! catalogue, a connected market feed, a BTC-USD book moving every recorded second) drives
//! the dashboard; space pauses and resumes, `.` steps one line, `>` doubles the speed, the
//! book shows the recorded levels, and `q` quits with the terminal restored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod pty;

use portable_pty::CommandBuilder;
use pty::Pty;
use serde_json::{Value, json};

const T0: &str = "2026-12-04T19:00:";

/// `19:00:SS.ffffff` as the recording writes it.
fn at(second: u32, micros: u32) -> String {
    format!("{T0}{second:02}.{micros:06}Z")
}

/// A book update at second `s`: a bid at 49900.00 + `s`, sized `s`.
fn update(s: u32) -> Value {
    let level = json!({"side": "bid", "event_time": at(s, 0), "price_level": format!("49{:03}.00", 900 + s), "new_quantity": format!("{s}")});
    json!({"at": at(s, 0), "ws": "market", "msg": {"channel": "l2_data", "client_id": "", "timestamp": at(s, 0),
        "sequence_num": s + 1, "events": [{"type": "update", "product_id": "BTC-USD", "updates": [level]}]}})
}

fn recording() -> String {
    let products: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/rest/products.json").unwrap()).unwrap();
    let snapshot = json!({"channel": "l2_data", "client_id": "", "timestamp": at(0, 200_000), "sequence_num": 0,
        "events": [{"type": "snapshot", "product_id": "BTC-USD", "updates": [
            {"side": "bid", "event_time": at(0, 0), "price_level": "49800.00", "new_quantity": "1"},
            {"side": "offer", "event_time": at(0, 0), "price_level": "50010.00", "new_quantity": "2"}]}]});
    let mut lines = vec![
        json!({"at": at(0, 0), "rest": "products", "body": products}),
        json!({"at": at(0, 100_000), "feed": "market", "state": "connected"}),
        json!({"at": at(0, 200_000), "ws": "market", "msg": snapshot}),
    ];
    lines.extend((1..=50).map(update));
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The recorded time the timeline shows (`19:00:07.000`).
fn shown_time(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.contains("REPLAY"))?;
    line.split_whitespace().find(|w| w.starts_with("19:00:")).map(str::to_string)
}

#[test]
fn a_recording_drives_the_dashboard_with_pause_step_and_speed_keys() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.jsonl");
    std::fs::write(&file, recording()).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(["replay", file.to_str().unwrap(), "--products", "BTC-USD", "--from", "+3s"]);
    let mut pty = Pty::spawn_in(cmd, &dir.path().join("state"));
    let screen = pty.wait_for("the replay playing", |s| s.contains("REPLAY") && s.contains("▶ ×1"));
    assert!(screen.contains("49800.00") && screen.contains("50010.00"), "the recorded book:\n{screen}");
    assert!(screen.contains("49902.00"), "lines before --from applied at once:\n{screen}");
    assert!(screen.lines().any(|l| l.starts_with(" REPLAY ")), "the badge says REPLAY:\n{screen}");
    assert!(!screen.contains("DEMO"), "no DEMO badge");

    pty.send(" ");
    let paused = pty.wait_for("paused", |s| s.contains("⏸ ×1"));
    let at = shown_time(&paused).expect("the recorded time");
    pty.send(".");
    let stepped = pty.wait_for("one step", |s| shown_time(s).is_some_and(|t| t != at));
    assert!(stepped.contains("⏸"), "a step stays paused:\n{stepped}");
    pty.send(">");
    pty.wait_for("twice as fast", |s| s.contains("⏸ ×2"));
    pty.send(">>>>");
    pty.wait_for("32 times as fast", |s| s.contains("⏸ ×32"));
    pty.send(" ");
    pty.wait_for("the end", |s| s.contains("replay finished") && s.contains("100%"));
    pty.wait_for("the last update", |s| s.contains("49950.00"));

    pty.send("q");
    assert!(pty.finish().success());
}
