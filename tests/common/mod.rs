//! Shared helpers for loopback integration tests: a simulator per test, a key file, the
//! compiled binary, and the simulator's admin routes.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::rest::RestClient;
use cbterm::credentials::Credentials;
use cbterm::sim::{self, SimConfig, SimHandle};
use chrono::{TimeZone, Utc};

/// A simulator with one registered key, and that key written to a 0600 file.
pub struct Venue {
    pub sim: SimHandle,
    pub creds: Arc<Credentials>,
    pub key_file: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Venue {
    /// A simulator whose market moves by itself.
    pub async fn live() -> Self {
        Self::with(SimConfig::default()).await
    }

    /// A simulator whose market moves only through `step` (deterministic).
    pub async fn manual(seed: u64) -> Self {
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        Self::with(SimConfig { seed, manual_from: Some(start), ..SimConfig::default() }).await
    }

    pub async fn with(config: SimConfig) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let sim = sim::start(config).await.expect("simulator starts");
        let name = "organizations/test/apiKeys/cli";
        let creds = Arc::new(Credentials::generate_es256(name));
        sim.register_key(name, &creds.public_key());
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("key.json");
        creds.write_key_file(&key_file).unwrap();
        Self { sim, creds, key_file, dir }
    }

    /// A REST client signed with the registered key.
    pub fn rest(&self) -> RestClient {
        RestClient::new(self.sim.api_url.clone(), Some(self.creds.clone()), Clock::new()).unwrap()
    }

    /// Venue flags for the binary.
    pub fn flags(&self) -> Vec<String> {
        vec![
            "--api-url".into(),
            self.sim.api_url.to_string(),
            "--ws-url".into(),
            self.sim.ws_url.to_string(),
            "--key-file".into(),
            self.key_file.display().to_string(),
        ]
    }

    /// Runs `cbterm <args> <venue flags>` and waits for it.
    pub async fn cli(&self, args: &[&str]) -> Output {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(self.flags());
        run_binary(&all).await
    }

    /// Runs `cbterm <args> <venue flags>` with its own state directory.
    pub async fn cli_in(&self, args: &[&str], state: &std::path::Path) -> Output {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(self.flags());
        run_binary_in(&all, state).await
    }

    /// POSTs to an admin route.
    pub async fn admin_post(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}{path}", self.sim.admin_url);
        let response = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
        assert!(response.status().is_success(), "admin {path}: {}", response.status());
        response.json().await.unwrap()
    }

    /// GETs an admin route.
    pub async fn admin_get(&self, path: &str) -> serde_json::Value {
        let url = format!("{}{path}", self.sim.admin_url);
        reqwest::get(url).await.unwrap().json().await.unwrap()
    }

    /// Every order of the test key, from the simulator's own records.
    pub async fn sim_orders(&self) -> Vec<serde_json::Value> {
        let v = self.admin_get(&format!("/orders?user={}", self.creds.name())).await;
        v.as_array().cloned().unwrap_or_default()
    }

    /// Steps a manual market.
    pub async fn step(&self, n: u64) {
        self.admin_post(&format!("/step?n={n}"), serde_json::json!({})).await;
    }
}

/// What the binary did.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the compiled binary with `args` (no stdin) and captures its output.
pub async fn run_binary(args: &[String]) -> Output {
    run_binary_in(args, &std::env::temp_dir().join("cbterm-test-state")).await
}

/// Runs the compiled binary with `state` as its XDG state directory (where the order journal
/// lives) and `state/config` as its configuration directory (no user config file applies).
pub async fn run_binary_in(args: &[String], state: &std::path::Path) -> Output {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_cbterm"))
        .args(args)
        .env_remove("COINBASE_API_KEY")
        .env_remove("COINBASE_API_SECRET")
        .env("XDG_STATE_HOME", state)
        .env("XDG_CONFIG_HOME", state.join("config"))
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .expect("binary runs");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `place` arguments for a BTC-USD limit buy of `size` at `price`, followed by `extra`.
pub fn limit_buy<'a>(size: &'a str, price: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "place",
        "--product",
        "BTC-USD",
        "--side",
        "buy",
        "--type",
        "limit",
        "--size",
        size,
        "--price",
        price,
    ];
    args.extend_from_slice(extra);
    args
}

/// A limit buy of 1 SOL-USD at 10.00: far below the market, so it rests.
pub fn resting_buy(client_order_id: &str) -> cbterm::coinbase::wire::CreateOrderRequest {
    cbterm::coinbase::wire::CreateOrderRequest {
        client_order_id: client_order_id.into(),
        product_id: cbterm::domain::ProductId::parse("SOL-USD").unwrap(),
        side: cbterm::domain::Side::Buy,
        order_configuration: cbterm::domain::OrderConfig::LimitGtc(cbterm::domain::LimitGtc {
            base_size: rust_decimal::Decimal::ONE,
            limit_price: "10.00".parse().unwrap(),
            post_only: false,
        }),
    }
}

/// The order journal's file under the state directory `state`.
pub fn journal_file(state: &std::path::Path) -> PathBuf {
    state.join("cbterm").join("journal.sqlite3")
}

/// One journal row: kind (`create`/`cancel`), client order id (creates), outcome (`None` while
/// unresolved).
pub type JournalRow = (String, Option<String>, Option<String>);

/// The journal's rows in order, read through a read-only connection; empty when there is no
/// readable journal yet.
pub fn journal_rows(state: &std::path::Path) -> Vec<JournalRow> {
    let file = journal_file(state);
    if !file.exists() {
        return Vec::new();
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let Ok(conn) = rusqlite::Connection::open_with_flags(&file, flags) else { return Vec::new() };
    let Ok(mut stmt) = conn.prepare("SELECT kind, client_order_id, outcome FROM intents ORDER BY id") else {
        return Vec::new();
    };
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map(|rows| rows.flatten().collect())
        .unwrap_or_default()
}

impl Venue {
    /// A request signed with the registered key, as any Coinbase client sends it: `path` is
    /// from the origin (`/api/v3/brokerage/…` or `/v2/…`), the query is left out of the `uri`.
    /// Returns the status and the JSON body (`Null` when the body is not JSON).
    pub async fn signed(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let now = Utc::now().timestamp();
        let authority = self.sim.addr.to_string();
        let token = cbterm::coinbase::jwt::rest_token(&self.creds, method, &authority, path, now).unwrap();
        let url = format!("http://{authority}{path}");
        let client = reqwest::Client::new();
        let mut request = client.request(method.parse().unwrap(), url).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// Places an order through `POST /orders`; returns its order id (panics when refused).
    pub async fn place(
        &self,
        client_id: &str,
        product: &str,
        side: &str,
        config: serde_json::Value,
    ) -> String {
        let body = serde_json::json!({
            "client_order_id": client_id, "product_id": product, "side": side, "order_configuration": config,
        });
        let (status, reply) = self.signed("POST", "/api/v3/brokerage/orders", Some(body)).await;
        assert_eq!(status, 200, "{reply}");
        assert_eq!(reply["success"], true, "{client_id}: {reply}");
        reply["success_response"]["order_id"].as_str().unwrap().to_string()
    }
}

/// Coinbase's 400 body for a bad argument.
pub fn invalid_argument(message: &str) -> serde_json::Value {
    serde_json::json!({"error": "INVALID_ARGUMENT", "message": message, "error_details": message})
}
