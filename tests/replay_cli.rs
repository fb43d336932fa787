//! `cbterm replay`'s bad input exits 2 with a clear message, before the terminal is taken:
//! a speed that is not a positive number, a `--from` that is not a time or lies outside the
//! recording (naming its span), a missing recording, a line that is not JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Output, run_binary_in};

/// A plain (uncompressed) recording of two heartbeats, 19:00:00.5 to 19:00:30.
const RECORDING: &str = concat!(
    r#"{"at":"2026-12-04T19:00:00.500000Z","feed":"market","state":"connected"}"#,
    "\n",
    r#"{"at":"2026-12-04T19:00:30.000000Z","feed":"market","state":"connected"}"#,
    "\n",
);

async fn replay(dir: &tempfile::TempDir, file: &str, extra: &[&str]) -> Output {
    let mut args = vec!["replay".to_string(), dir.path().join(file).display().to_string()];
    args.extend(extra.iter().map(ToString::to_string));
    run_binary_in(&args, dir.path()).await
}

fn refused(out: &Output, needle: &str) {
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains(needle), "expected {needle:?} in {:?}", out.stderr);
}

#[tokio::test]
async fn bad_replay_input_exits_2_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rec.jsonl"), RECORDING).unwrap();
    std::fs::write(dir.path().join("bad.jsonl"), format!("{RECORDING}not json\n")).unwrap();
    for speed in ["0", "-2", "fast"] {
        refused(&replay(&dir, "rec.jsonl", &["--speed", speed]).await, "is not a positive number");
    }
    refused(&replay(&dir, "rec.jsonl", &["--from", "soon"]).await, "is not a time");
    refused(&replay(&dir, "rec.jsonl", &["--from", "+5"]).await, "is not an offset");
    let span = "which spans 2026-12-04 19:00:00.500 to 2026-12-04 19:00:30.000 UTC";
    for from in ["+1m", "18:59", "2026-12-04T20:00:00Z"] {
        refused(&replay(&dir, "rec.jsonl", &["--from", from]).await, span);
    }
    refused(&replay(&dir, "missing.jsonl", &[]).await, "missing.jsonl");
    refused(&replay(&dir, "bad.jsonl", &[]).await, "bad.jsonl, line 3");
}
