//! `cbterm replay FILE --paper` on a PTY: the hand-made recording's market fills an order
//! placed by keys — a limit buy of 1.0 at 100.00 behind 1.5 fills only once the recorded
//! trades have used up the size ahead and a trade prints through its price — and the Balances
//! pane shows the paper account after it (9,899.50 USD: 10,000 − 100 − the 0.50 % maker fee).

mod pty;

use portable_pty::CommandBuilder;
use pty::Pty;

/// Whether a screen row holds `words` (runs of spaces and box borders read as one space).
fn has_line(screen: &str, words: &str) -> bool {
    screen
        .lines()
        .any(|l| l.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ").contains(words))
}

#[test]
fn a_paper_order_on_a_replay_fills_from_the_recorded_trades() {
    let state = tempfile::tempdir().expect("state dir");
    let file = format!("{}/tests/fixtures/paper/resting.jsonl", env!("CARGO_MANIFEST_DIR"));
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(["replay", &file, "--paper", "--speed", "0.5"]);
    let mut pty = Pty::spawn_in(cmd, state.path());
    pty.wait_for("the recorded book in paper mode", |s| s.contains(" PAPER ") && s.contains("101.00"));
    pty.send("b");
    pty.wait_for("the ticket", |s| s.contains("Order ticket"));
    pty.send("100.00\t1.0");
    pty.wait_for("a valid ticket", |s| s.contains("ready to review"));
    pty.send("\r");
    pty.send("\r");
    pty.wait_for("the armed review card", |s| s.contains("to send this order"));
    pty.send("y");
    let lines = [
        "USD 9899.50 0.00 9899.50",
        "BTC 1.00000000 0.00000000 100.25 1.00000000 100.00 +0.25 0.00 0.50",
        "19:00:09 BTC-USD BUY 100.00 0.8 0.40",
        "19:00:08 BTC-USD BUY 100.00 0.2 0.10",
        "fee Intro (paper default) maker 0.50% taker 0.90%",
        "PAPER market Live",
        "order 00000001 filled (1 BTC-USD)",
    ];
    pty.wait_for("the fills and the paper balances", |s| lines.iter().all(|line| has_line(s, line)));
    pty.send("q");
    assert!(pty.finish().success());
}
