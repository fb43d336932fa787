//! Terminal safety (R-SEC, issue 8): text a server sends is shown inertly. A loopback server
//! whose strings carry escape sequences (set the window title, clear the screen) answers the
//! CLI; nothing it sent may reach stdout or stderr as a control character.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use cbterm::credentials::Credentials;
use cbterm::inert::is_control;
use serde_json::{Value, json};

/// Sets the terminal's title, then clears the screen.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1m";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/rest/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn hostile_products() -> Value {
    let mut products = fixture("products.json");
    let first = &mut products["products"][0];
    first["status"] = json!(format!("online{HOSTILE}"));
    first["display_name"] = json!(format!("BTC{HOSTILE}"));
    products
}

fn hostile_accounts() -> Value {
    let mut accounts = fixture("accounts.json");
    accounts["accounts"][0]["currency"] = json!(format!("BTC{HOSTILE}"));
    accounts["accounts"][0]["name"] = json!(format!("wallet{HOSTILE}"));
    accounts
}

async fn hostile_error() -> impl IntoResponse {
    let body = json!({"error": "INVALID_ARGUMENT", "message": format!("no such product{HOSTILE}")});
    (StatusCode::BAD_REQUEST, axum::Json(body))
}

/// A server that answers products, accounts, what `place` asks first (the product, best bid
/// and ask, the last trade) and `POST /orders` with `order_answer`; everything else is an
/// error. Its strings carry escape sequences. Returns its origin.
async fn hostile_server_answering(order_answer: Value) -> String {
    let products = hostile_products();
    let accounts = hostile_accounts();
    let listing = get(move || async move { axum::Json(products) });
    let fixed = |name: &str| {
        let value = fixture(name);
        get(move || async move { axum::Json(value) })
    };
    let app = Router::new()
        .route("/api/v3/brokerage/market/products", listing.clone())
        .route("/api/v3/brokerage/products", listing)
        .route("/api/v3/brokerage/accounts", get(move || async move { axum::Json(accounts) }))
        .route("/api/v3/brokerage/products/BTC-USD", fixed("product_btc_usd.json"))
        .route("/api/v3/brokerage/best_bid_ask", fixed("best_bid_ask.json"))
        .route("/api/v3/brokerage/products/BTC-USD/ticker", fixed("market_trades.json"))
        .route("/api/v3/brokerage/orders", post(move || async move { axum::Json(order_answer) }))
        .fallback(hostile_error);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    origin
}

/// [`hostile_server_answering`] with an order rejection whose message is hostile.
async fn hostile_server() -> String {
    let mut rejection = fixture("create_order_failure_error.json");
    rejection["error_response"]["message"] = json!(format!("Insufficient balance{HOSTILE}"));
    hostile_server_answering(rejection).await
}

async fn run(origin: &str, key_file: &std::path::Path, args: &[&str]) -> common::Output {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let api = format!("{origin}/api/v3/brokerage");
    let ws = format!("{}/ws", origin.replace("http", "ws"));
    all.extend(["--api-url".into(), api, "--ws-url".into(), ws]);
    all.extend(["--key-file".into(), key_file.display().to_string()]);
    common::run_binary(&all).await
}

fn assert_inert(output: &common::Output, context: &str) {
    for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let bad: Vec<char> = text.chars().filter(|c| *c != '\n' && is_control(*c)).collect();
        assert!(bad.is_empty(), "{context}: {stream} carries control characters {bad:?}: {text:?}");
    }
}

fn key_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("key.json");
    Credentials::generate_es256("organizations/test/apiKeys/hostile").write_key_file(&path).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn products_print_hostile_statuses_as_visible_escapes() {
    let origin = hostile_server().await;
    let dir = tempfile::tempdir().unwrap();
    let output = run(&origin, &key_file(&dir), &["products"]).await;
    assert_eq!(output.code, 0, "{output:?}");
    assert_inert(&output, "products");
    assert!(output.stdout.contains("online\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}1m"), "{}", output.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_print_hostile_currencies_as_visible_escapes() {
    let origin = hostile_server().await;
    let dir = tempfile::tempdir().unwrap();
    let output = run(&origin, &key_file(&dir), &["accounts"]).await;
    assert_eq!(output.code, 0, "{output:?}");
    assert_inert(&output, "accounts");
    assert!(output.stdout.contains("BTC\\u{1b}]0;pwned"), "{}", output.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_error_message_is_escaped_on_stderr() {
    let origin = hostile_server().await;
    let dir = tempfile::tempdir().unwrap();
    let output = run(&origin, &key_file(&dir), &["book", "BTC-USD"]).await;
    assert_ne!(output.code, 0, "{output:?}");
    assert_inert(&output, "book");
    assert!(output.stderr.contains("no such product\\u{1b}]0;pwned"), "{}", output.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_stays_exact_json() {
    let origin = hostile_server().await;
    let dir = tempfile::tempdir().unwrap();
    let output = run(&origin, &key_file(&dir), &["products", "--json"]).await;
    assert_eq!(output.code, 0, "{output:?}");
    assert_inert(&output, "products --json");
    let printed: Value = serde_json::from_str(&output.stdout).expect("stdout is JSON");
    assert_eq!(printed[0]["status"], json!(format!("online{HOSTILE}")), "the exact string, JSON-escaped");
}

/// A limit buy at the fixture's best bid: inside every guard, so it is sent.
fn place() -> Vec<&'static str> {
    common::limit_buy("0.001", "68900.00", &[])
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_rejection_message_from_place_is_escaped() {
    let origin = hostile_server().await;
    let dir = tempfile::tempdir().unwrap();
    let output = run(&origin, &key_file(&dir), &place()).await;
    assert_eq!(output.code, 3, "rejected by the exchange: {output:?}");
    assert_inert(&output, "place (rejected)");
    assert!(output.stderr.contains("Insufficient balance\\u{1b}]0;pwned"), "{}", output.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_order_id_from_place_is_escaped() {
    let mut accepted = fixture("create_order_success.json");
    accepted["success_response"]["order_id"] = json!(format!("id{HOSTILE}"));
    let origin = hostile_server_answering(accepted).await;
    let dir = tempfile::tempdir().unwrap();
    let output = run(&origin, &key_file(&dir), &place()).await;
    assert_eq!(output.code, 0, "accepted: {output:?}");
    assert_inert(&output, "place (accepted)");
    assert!(output.stdout.contains("order id id\\u{1b}]0;pwned"), "{}", output.stdout);
}
