//! `--record FILE` from the command line: refused with exit 2 before the terminal is taken
//! when the file cannot be written or a subcommand is given; the dashboard in a
//! pseudo-terminal against the simulator says REC, and after `q` the file reads back with the
//! products, both feeds' frames and no JWT or key material. Every wait has a deadline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod pty;

use cbterm::runtime::record::{Entry, RecordReader, Replayed, RestKind, convert};
use portable_pty::CommandBuilder;
use pty::Pty;

#[tokio::test]
async fn an_unwritable_record_path_is_refused_before_the_terminal() {
    let venue = common::Venue::live().await;
    let path = venue.dir.path().join("no/such/dir/session.rec");
    let out = venue.cli(&["--record", path.to_str().unwrap()]).await;
    assert_eq!(out.code, 2, "{out:?}");
    let expected = format!("error: --record: cannot write {}: No such file or directory", path.display());
    assert!(out.stderr.starts_with(&expected), "{}", out.stderr);
    assert!(!out.stdout.contains("\x1b[?1049h"), "the alternate screen was never entered");
}

#[tokio::test]
async fn record_with_a_subcommand_is_a_usage_error() {
    let venue = common::Venue::live().await;
    let path = venue.dir.path().join("s.rec");
    let out = venue.cli(&["products", "--record", path.to_str().unwrap()]).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--record keeps a dashboard session"), "{}", out.stderr);
    assert!(!path.exists());
}

#[test]
fn the_dashboard_records_a_session_that_reads_back_without_secrets() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(common::Venue::live());
    let path = venue.dir.path().join("session.rec");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.arg("--record");
    cmd.arg(&path);
    cmd.args(venue.flags());
    let mut pty = Pty::spawn_in(cmd, venue.dir.path());
    let live = |s: &str| s.contains(" REC ") && s.contains("market Live") && s.contains("user Live");
    pty.wait_for("REC and both feeds live", live);
    pty.send("q");
    let status = pty.finish();
    assert!(status.success(), "exit status {status:?}");

    let (mut kinds, mut frames) = (Vec::new(), [0, 0]);
    for line in RecordReader::open(&path).expect("the recording opens") {
        let line = line.expect("every line reads");
        assert!(matches!(convert(&line, std::time::Instant::now()), Ok(Replayed::Model(_))), "{line:?}");
        match line.entry {
            Entry::Ws { feed, .. } => frames[usize::from(feed == cbterm::app::FeedKind::User)] += 1,
            Entry::Rest { kind, .. } => kinds.push(kind),
            _ => {}
        }
    }
    assert!(kinds.contains(&RestKind::Products) && kinds.contains(&RestKind::Accounts), "{kinds:?}");
    assert!(frames[0] > 0 && frames[1] > 0, "market and user frames: {frames:?}");
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(zstd::stream::decode_all(&bytes[..]).unwrap()).unwrap().to_lowercase();
    for secret in ["jwt", "bearer", "eyj", "private", "apikeys", &venue.creds.name().to_lowercase()] {
        assert!(!text.contains(secret), "the recording holds {secret:?}");
    }
}
