//! `cbterm sim --tls`: a client trusting only the simulator's CA completes REST and WebSocket
//! flows over https and wss; a client without that CA is refused by certificate verification.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use cbterm::sim::SimConfig;
use common::Venue;
use futures_util::{SinkExt as _, StreamExt as _};
use tokio_tungstenite::tungstenite::Message;

async fn tls_venue() -> Venue {
    Venue::with(SimConfig { tls: true, ..SimConfig::default() }).await
}

fn ca(venue: &Venue) -> String {
    venue.sim.ca_pem.clone().expect("a TLS simulator has a CA")
}

/// A REST client whose only root is the simulator's CA.
fn trusting(venue: &Venue) -> reqwest::Client {
    let cert = reqwest::Certificate::from_pem(ca(venue).as_bytes()).unwrap();
    reqwest::Client::builder().tls_built_in_root_certs(false).add_root_certificate(cert).build().unwrap()
}

/// Every message in an error chain, to see why a connection failed.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_trusting_the_written_ca_completes_signed_rest_over_https() {
    let venue = tls_venue().await;
    assert_eq!(venue.sim.api_url.scheme(), "https");
    let client = trusting(&venue);
    let time = client.get(format!("{}/time", venue.sim.api_url)).send().await.unwrap();
    assert_eq!(time.status(), 200);
    let now = chrono::Utc::now().timestamp();
    let path = "/api/v3/brokerage/accounts";
    let authority = venue.sim.addr.to_string();
    let token = cbterm::coinbase::jwt::rest_token(&venue.creds, "GET", &authority, path, now).unwrap();
    let accounts = client.get(format!("https://{authority}{path}")).bearer_auth(token).send().await.unwrap();
    assert_eq!(accounts.status(), 200);
    let body: serde_json::Value = accounts.json().await.unwrap();
    assert!(body["accounts"].as_array().is_some_and(|a| !a.is_empty()), "{body}");
    let localhost = format!("https://localhost:{}/api/v3/brokerage/time", venue.sim.addr.port());
    assert_eq!(client.get(localhost).send().await.unwrap().status(), 200, "the certificate names localhost");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_without_the_ca_is_refused_by_certificate_verification() {
    let venue = tls_venue().await;
    let error = reqwest::get(format!("{}/time", venue.sim.api_url)).await.expect_err("untrusted");
    let text = chain(&error);
    assert!(text.contains("UnknownIssuer") || text.contains("certificate"), "{text}");
    let ws = tokio_tungstenite::connect_async(venue.sim.ws_url.as_str()).await.expect_err("untrusted");
    let text = chain(&ws);
    assert!(text.contains("UnknownIssuer") || text.contains("certificate"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_trusting_the_written_ca_streams_over_wss() {
    let venue = tls_venue().await;
    assert_eq!(venue.sim.ws_url.scheme(), "wss");
    let mut roots = rustls::RootCertStore::empty();
    let der = rustls::pki_types::pem::PemObject::from_pem_slice(ca(&venue).as_bytes()).unwrap();
    roots.add(der).unwrap();
    let config = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    let connector = tokio_tungstenite::Connector::Rustls(Arc::new(config));
    let (mut socket, _) = tokio_tungstenite::connect_async_tls_with_config(
        venue.sim.ws_url.as_str(),
        None,
        false,
        Some(connector),
    )
    .await
    .unwrap();
    let request = serde_json::json!({"type": "subscribe", "channel": "heartbeats", "product_ids": []});
    socket.send(Message::text(request.to_string())).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next()).await.expect("a message in time");
        let text = message.unwrap().unwrap().into_text().unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if value["channel"] == "heartbeats" {
            break;
        }
    }
}

/// Starts `cbterm sim --tls` writing its key and CA into `dir`; returns the child and its JSON line.
async fn sim_binary(dir: &std::path::Path) -> (tokio::process::Child, serde_json::Value) {
    use tokio::io::AsyncBufReadExt as _;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cbterm"))
        .args(["sim", "--port", "0", "--tls", "--write-key"])
        .arg(dir.join("sim-key.json"))
        .stdout(std::process::Stdio::piped())
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first =
        tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await.unwrap().unwrap().unwrap();
    (child, serde_json::from_str(&first).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn sim_tls_names_its_ca_file_and_https_urls_in_its_json_line() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, line) = sim_binary(dir.path()).await;
    let ca_file = dir.path().join("sim-ca.pem");
    assert_eq!(line["ca_file"], ca_file.display().to_string(), "beside --write-key by default");
    let api = line["api_url"].as_str().unwrap();
    assert!(api.starts_with("https://127.0.0.1:") && api.ends_with("/api/v3/brokerage"), "{api}");
    assert!(line["ws_url"].as_str().unwrap().starts_with("wss://127.0.0.1:"), "{line}");
    let pem = std::fs::read(&ca_file).unwrap();
    let cert = reqwest::Certificate::from_pem(&pem).unwrap();
    let client =
        reqwest::Client::builder().tls_built_in_root_certs(false).add_root_certificate(cert).build().unwrap();
    assert_eq!(client.get(format!("{api}/time")).send().await.unwrap().status(), 200);
    child.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn cbterm_with_ca_file_trusts_the_simulator_and_without_it_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, line) = sim_binary(dir.path()).await;
    let (api, ws, ca) = (
        line["api_url"].as_str().unwrap(),
        line["ws_url"].as_str().unwrap(),
        line["ca_file"].as_str().unwrap(),
    );
    let key = dir.path().join("sim-key.json").display().to_string();
    let run = |args: &[&str], with_ca: bool| {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--api-url", api, "--ws-url", ws, "--key-file", &key].map(String::from));
        if with_ca {
            all.extend(["--ca-file".to_string(), ca.to_string()]);
        }
        all
    };
    let out = common::run_binary(&run(&["accounts"], true)).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("100000"), "{}", out.stdout);
    let out =
        common::run_binary(&run(&["stream", "--channel", "heartbeats", "--count", "1", "--json"], true))
            .await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("heartbeat"), "{}", out.stdout);
    let out = common::run_binary(&run(&["accounts"], false)).await;
    assert_eq!(out.code, 4, "{out:?}");
    assert!(out.stderr.contains("certificate") || out.stderr.contains("UnknownIssuer"), "{}", out.stderr);
    let out = common::run_binary(&["accounts".into(), "--demo".into(), "--ca-file".into(), ca.into()]).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--ca-file needs --api-url"), "{}", out.stderr);
    child.kill().await.unwrap();
}
