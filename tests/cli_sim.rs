//! `cbterm sim` runs the simulator alone: one JSON line with its URLs, a key file for outside
//! clients, and it serves until stopped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread")]
async fn sim_prints_its_urls_and_serves_clients_that_use_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("sim-key.json");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cbterm"))
        .args(["sim", "--port", "0", "--seed", "3", "--write-key"])
        .arg(&key)
        .stdout(std::process::Stdio::piped())
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next_line().await.unwrap().expect("one JSON line");
    let urls: serde_json::Value = serde_json::from_str(&first).unwrap();
    let api = urls["api_url"].as_str().unwrap().to_string();
    let ws = urls["ws_url"].as_str().unwrap().to_string();
    assert!(api.starts_with("http://127.0.0.1:") && api.ends_with("/api/v3/brokerage"), "{api}");
    assert!(ws.starts_with("ws://127.0.0.1:"), "{ws}");

    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the key file is private");

    let flags = ["--api-url", &api, "--ws-url", &ws, "--key-file", key.to_str().unwrap()];
    let args: Vec<String> = ["accounts"].iter().chain(flags.iter()).map(|s| s.to_string()).collect();
    let out = common::run_binary(&args).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("100000"), "{}", out.stdout);
    child.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn sim_refuses_a_public_address_and_plain_http_to_remote_hosts() {
    let out = common::run_binary(&["sim".into(), "--host".into(), "0.0.0.0".into()]).await;
    assert_eq!(out.code, 2, "{out:?}");
    let args: Vec<String> =
        ["products", "--api-url", "http://example.com/api/v3/brokerage", "--ws-url", "ws://example.com/ws"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let out = common::run_binary(&args).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("loopback"), "{}", out.stderr);
}
