//! Crash safety (issue 8): the terminal is restored — raw mode off, alternate screen left,
//! cursor shown — when the dashboard is ended by SIGTERM or SIGHUP, and when it panics (a
//! trigger compiled only into debug builds, which tests use); the mouse, captured while it
//! runs, is released on each of those ways out.

mod pty;

use portable_pty::CommandBuilder;
use pty::Pty;

/// The demo dashboard on a PTY, once its first live frame is drawn and raw mode is on.
fn running_demo(env: Option<(&str, &str)>) -> Pty {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    if let Some((key, value)) = env {
        cmd.env(key, value);
    }
    Pty::spawn(cmd)
}

fn captured(output: &[u8]) -> bool {
    output.windows(pty::MOUSE_ON.len()).any(|w| w == pty::MOUSE_ON)
}

fn pid(pty: &Pty) -> String {
    pty.child.process_id().expect("child pid").to_string()
}

fn signal_ends_the_dashboard_cleanly(signal: &str) {
    let pty = running_demo(None);
    pty.wait_for("the live dashboard", |s| s.contains("market Live"));
    assert!(pty.raw_mode(), "raw mode is on while the dashboard runs");
    let sent = std::process::Command::new("kill").args([signal, &pid(&pty)]).status().expect("kill runs");
    assert!(sent.success(), "signal sent");
    let (status, output) = pty.finish_with_output();
    assert!(status.success(), "a signal ends the dashboard like q: {status:?}");
    assert!(captured(&output), "the dashboard captured the mouse (and finish saw it released)");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_ends_the_dashboard_cleanly("-TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_ends_the_dashboard_cleanly("-HUP");
}

#[test]
fn a_panic_restores_the_terminal() {
    let pty = running_demo(Some(("CBTERM_DEBUG_PANIC_AFTER_FIRST_FRAME", "1")));
    let (status, output) = pty.finish_with_output();
    assert!(!status.success(), "the panic ends the process with a failure: {status:?}");
    assert!(captured(&output), "the dashboard captured the mouse (and finish saw it released)");
}
