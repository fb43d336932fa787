//! `--paper` on the command line: a paper account file that cannot be read stops the start
//! with the file, the reason and the way out (it is left as it is), and `place` / `cancel`
//! refuse `--paper` rather than reach the exchange.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;

fn paper_file(venue: &Venue, state: &std::path::Path) -> std::path::PathBuf {
    let url = &venue.sim.api_url;
    let name = format!("paper-custom-{}_{}.json", url.host_str().unwrap(), url.port().unwrap());
    state.join("cbterm").join(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_paper_account_stops_the_start_and_is_left_alone() {
    let venue = Venue::manual(3).await;
    let state = tempfile::tempdir().unwrap();
    let file = paper_file(&venue, state.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let text = r#"{"version":1,"balances":[{"currency":"USD","amount":"ten"}],"open_orders":[]}"#;
    std::fs::write(&file, text).unwrap();
    let out = venue.cli_in(&["--paper"], state.path()).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "error: paper account {}: not a valid paper account file: not a decimal string: ten at line 1 \
             column 58; paper trading not started. Fix the file, or \
             start over with --paper-reset (the paper balances and orders are lost)",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[tokio::test(flavor = "multi_thread")]
async fn place_and_cancel_refuse_paper_and_send_nothing() {
    let venue = Venue::manual(3).await;
    for args in [common::limit_buy("0.01", "1000.00", &["--paper"]), vec!["cancel", "--all", "--paper"]] {
        let out = venue.cli(&args).await;
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr.contains("--paper is a dashboard mode"), "{out:?}");
    }
    let log: Vec<String> = serde_json::from_value(venue.admin_get("/requests").await).unwrap();
    assert!(!log.iter().any(|r| r.contains("/orders")), "{log:?}");
}
