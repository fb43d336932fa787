//! `RestClient` against a tiny loopback server started inside each test.
//!
//! The server (axum on 127.0.0.1:0) records every request (method, path, raw query,
//! `Authorization` header, body) and answers with canned bodies, statuses and content types,
//! so the tests can check what goes on the wire (repeated array keys, the JWT `uri` claim,
//! fresh nonces, public `/market` paths), pagination, error mapping and the retry rules.
//!
//! Not covered: a response slower than the client's deadline. `REQUEST_TIMEOUT` is a 10 s
//! constant with no way to shorten it for a test, and waiting it out is not acceptable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method as HttpMethod, StatusCode, Uri};
use axum::response::Response;
use axum::routing::any;
use cbterm::coinbase::error::ApiError;
use cbterm::coinbase::jwt::{Claims, Clock};
use cbterm::coinbase::rest::{
    Auth, CANCEL_NOT_SENT, CANCEL_OUTCOME_UNKNOWN, FillFilter, OrderFilter, RestClient,
};
use cbterm::coinbase::wire::*;
use cbterm::credentials::Credentials;
use cbterm::domain::{Granularity, LimitGtc, MarketIoc, OrderConfig, OrderStatus, ProductId, Side};
use chrono::{TimeZone, Utc};
use jsonwebtoken::{Algorithm, Validation};
use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("fixtures/", $path))
    };
}

const KEY_NAME: &str = "organizations/x/apiKeys/y";
const BASE_PATH: &str = "/api/v3/brokerage";
const JSON: &str = "application/json";
const HTML: &str = "text/html; charset=utf-8";

// ---------------------------------------------------------------------------------------------
// The loopback server
// ---------------------------------------------------------------------------------------------

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path below the base, e.g. `/orders/historical/batch`.
    path: String,
    /// Raw query string, exactly as sent.
    query: Option<String>,
    authorization: Option<String>,
    body: String,
}

impl Seen {
    fn param(&self, key: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A canned answer.
#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    content_type: &'static str,
    body: String,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(body: impl Into<String>) -> Self {
        Self::with(200, JSON, body)
    }

    fn with(status: u16, content_type: &'static str, body: impl Into<String>) -> Self {
        Self { status, content_type, body: body.into(), headers: Vec::new() }
    }

    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// Chooses the answer from the request and how many requests came before it.
type Responder = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

#[derive(Clone)]
struct ServerState {
    seen: Arc<Mutex<Vec<Seen>>>,
    respond: Arc<Responder>,
}

struct Server {
    /// `http://127.0.0.1:PORT/api/v3/brokerage`.
    base: Url,
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    async fn start(respond: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let state = ServerState { seen: seen.clone(), respond: Arc::new(respond) };
        let app = Router::new().route("/{*path}", any(record)).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let base = Url::parse(&format!("http://127.0.0.1:{port}{BASE_PATH}")).unwrap();
        Self { base, port, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    fn client(&self, creds: &Arc<Credentials>) -> RestClient {
        RestClient::new(self.base.clone(), Some(creds.clone()), Clock::new()).unwrap()
    }

    fn public_client(&self) -> RestClient {
        RestClient::new(self.base.clone(), None, Clock::new()).unwrap()
    }

    /// The `uri` claim Coinbase expects for `method` on `path` below the base.
    fn uri_claim(&self, method: &str, path: &str) -> String {
        format!("{method} 127.0.0.1:{}{BASE_PATH}{path}", self.port)
    }
}

async fn record(
    State(state): State<ServerState>,
    method: HttpMethod,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Response {
    let full = uri.path();
    let seen = Seen {
        method: method.to_string(),
        path: full.strip_prefix(BASE_PATH).unwrap_or(full).to_string(),
        query: uri.query().map(str::to_string),
        authorization: headers.get("authorization").map(|v| v.to_str().unwrap().to_string()),
        body,
    };
    let index = {
        let mut all = state.seen.lock().unwrap();
        all.push(seen.clone());
        all.len() - 1
    };
    let reply = (state.respond)(&seen, index);
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap())
        .header("content-type", reply.content_type);
    for (name, value) in reply.headers {
        builder = builder.header(name, value);
    }
    builder.body(axum::body::Body::from(reply.body)).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn creds() -> Arc<Credentials> {
    Arc::new(Credentials::generate_es256(KEY_NAME))
}

/// Verifies a `Bearer` JWT with the key's public half (signature, ES256, `exp`, `nbf`, `iss`,
/// `sub`) and returns its claims and header nonce.
fn verify(creds: &Credentials, authorization: Option<&str>) -> (Claims, String) {
    let token = authorization.expect("Authorization header").strip_prefix("Bearer ").expect("Bearer");
    let mut validation = Validation::new(Algorithm::ES256);
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "nbf", "sub", "iss"]);
    validation.set_issuer(&["cdp"]);
    validation.sub = Some(KEY_NAME.to_string());
    let data = jsonwebtoken::decode::<Claims>(token, &creds.public_key().decoding_key(), &validation)
        .unwrap_or_else(|e| panic!("JWT does not verify: {e:?}"));
    assert_eq!(data.header.alg, Algorithm::ES256);
    assert_eq!(data.header.kid.as_deref(), Some(KEY_NAME));
    assert_eq!(data.claims.exp - data.claims.nbf, 120);
    let nonce = data.header.nonce.expect("nonce");
    assert_eq!(nonce.len(), 64);
    (data.claims, nonce)
}

fn assert_distinct_nonces(creds: &Credentials, seen: &[Seen]) {
    let nonces: HashSet<String> = seen.iter().map(|s| verify(creds, s.authorization.as_deref()).1).collect();
    assert_eq!(nonces.len(), seen.len(), "every request has a fresh nonce");
}

fn pid(text: &str) -> ProductId {
    ProductId::parse(text).unwrap()
}

fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

fn limit_order(client_order_id: &str) -> CreateOrderRequest {
    CreateOrderRequest {
        client_order_id: client_order_id.into(),
        product_id: pid("BTC-USD"),
        side: Side::Buy,
        order_configuration: OrderConfig::LimitGtc(LimitGtc {
            base_size: dec("0.001"),
            limit_price: dec("60000.10"),
            post_only: true,
        }),
    }
}

/// An order object for list pages, with its id.
fn order_json(id: &str) -> Value {
    json!({
        "order_id": id, "product_id": "BTC-USD", "side": "BUY", "status": "OPEN",
        "created_time": "2026-09-30T01:00:00Z", "client_order_id": format!("c-{id}"),
        "order_configuration": {"limit_limit_gtc": {"base_size": "0.001", "limit_price": "60000.00", "post_only": false}}
    })
}

fn fill_json(trade_id: &str) -> Value {
    json!({
        "entry_id": format!("e-{trade_id}"), "trade_id": trade_id, "order_id": "o-1",
        "trade_time": "2026-09-30T01:00:00Z", "trade_type": "FILL", "price": "60000.00",
        "size": "0.001", "commission": "0.06", "product_id": "BTC-USD",
        "liquidity_indicator": "MAKER", "side": "BUY"
    })
}

/// Canned answers for every endpoint, by method and path.
fn canned(seen: &Seen) -> Reply {
    let path = seen.path.strip_prefix("/market").unwrap_or(&seen.path);
    let body = match (seen.method.as_str(), path) {
        ("GET", "/time") => fixture!("rest/time.json"),
        ("GET", "/key_permissions") => fixture!("rest/key_permissions.json"),
        ("GET", "/accounts") => fixture!("rest/accounts.json"),
        ("GET", "/products") => fixture!("rest/products.json"),
        ("GET", "/products/BTC-USD") => fixture!("rest/product_btc_usd.json"),
        ("GET", "/product_book") => fixture!("rest/product_book.json"),
        ("GET", "/best_bid_ask") => fixture!("rest/best_bid_ask.json"),
        ("GET", "/products/BTC-USD/candles") => fixture!("rest/candles.json"),
        ("GET", "/products/BTC-USD/ticker") => fixture!("rest/market_trades.json"),
        ("GET", "/transaction_summary") => fixture!("rest/transaction_summary.json"),
        ("GET", "/orders/historical/batch") => fixture!("rest/list_orders_empty.json"),
        ("GET", "/orders/historical/fills") => r#"{"fills": [], "cursor": ""}"#,
        ("GET", "/orders/historical/0000-000000-000000") => fixture!("rest/get_order.json"),
        ("POST", "/orders") => fixture!("rest/create_order_success.json"),
        ("POST", "/orders/preview") => fixture!("rest/preview_order.json"),
        ("POST", "/orders/edit") => fixture!("rest/edit_order_success.json"),
        ("POST", "/orders/batch_cancel") => fixture!("rest/batch_cancel.json"),
        _ => return Reply::with(404, JSON, fixture!("errors/404_product.json")),
    };
    Reply::json(body)
}

// ---------------------------------------------------------------------------------------------
// Building requests: query encoding and the JWT
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn build_repeats_array_keys_and_signs_the_path_without_query() {
    let server = Server::start(|seen, _| canned(seen)).await;
    let creds = creds();
    let client = server.client(&creds);
    let query = [
        ("order_status", "OPEN".to_string()),
        ("order_status", "PENDING".to_string()),
        ("product_ids", "BTC-USD".to_string()),
        ("product_ids", "ETH-USD".to_string()),
        ("start_date", "2026-09-01T00:00:00Z".to_string()),
    ];
    let request = client.build(Method::GET, "/orders/historical/batch", &query, None, Auth::Private).unwrap();
    assert_eq!(request.method(), Method::GET);
    assert_eq!(request.url().path(), "/api/v3/brokerage/orders/historical/batch");
    assert_eq!(
        request.url().query(),
        Some(
            "order_status=OPEN&order_status=PENDING&product_ids=BTC-USD&product_ids=ETH-USD\
             &start_date=2026-09-01T00%3A00%3A00Z"
        )
    );
    let authorization = request.headers().get("authorization").map(|v| v.to_str().unwrap());
    let (claims, first_nonce) = verify(&creds, authorization);
    let expected_uri = format!("GET 127.0.0.1:{}/api/v3/brokerage/orders/historical/batch", server.port);
    assert_eq!(claims.uri.as_deref(), Some(expected_uri.as_str()));
    assert_eq!(claims.sub, KEY_NAME);
    assert_eq!(claims.iss, "cdp");

    // Building the same request again signs a new token with a new nonce.
    let again = client.build(Method::GET, "/orders/historical/batch", &query, None, Auth::Private).unwrap();
    let (_, second_nonce) = verify(&creds, again.headers().get("authorization").map(|v| v.to_str().unwrap()));
    assert_ne!(first_nonce, second_nonce);

    // A POST carries its JSON body and signs `POST <authority><path>`.
    let post = client.build(Method::POST, "/orders", &[], Some(b"{}".to_vec()), Auth::Private).unwrap();
    assert_eq!(post.headers().get("content-type").unwrap(), JSON);
    let (claims, _) = verify(&creds, post.headers().get("authorization").map(|v| v.to_str().unwrap()));
    assert_eq!(claims.uri, Some(server.uri_claim("POST", "/orders")));

    // Public requests carry no token; private ones need credentials.
    let public = client.build(Method::GET, "/time", &[], None, Auth::Public).unwrap();
    assert!(public.headers().get("authorization").is_none());
    let anonymous = server.public_client();
    let err = anonymous.build(Method::GET, "/accounts", &[], None, Auth::Private).unwrap_err();
    assert_eq!(err, ApiError::NoCredentials);
    assert_eq!(server.count(), 0, "build sends nothing");
}

#[tokio::test]
async fn list_filters_repeat_array_keys_on_the_wire() {
    let server = Server::start(|seen, _| canned(seen)).await;
    let creds = creds();
    let client = server.client(&creds);

    let filter = OrderFilter {
        product_ids: vec![pid("BTC-USD"), pid("ETH-USD")],
        statuses: vec![OrderStatus::Open, OrderStatus::Pending],
        start_date: Some(Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap()),
        limit: Some(50),
        order_ids: Vec::new(),
    };
    assert!(client.list_orders(&filter).await.unwrap().is_empty());
    let fills = FillFilter {
        order_ids: vec!["o-1".into(), "o-2".into()],
        product_ids: vec![pid("BTC-USD")],
        limit: None,
    };
    assert!(client.fills(&fills).await.unwrap().is_empty());
    let books = client.best_bid_ask(&[pid("BTC-USD"), pid("ETH-USD")]).await.unwrap();
    assert_eq!(books.len(), 2);
    client.open_orders(&[pid("SOL-USD")]).await.unwrap();

    let seen = server.seen();
    let queries: Vec<(&str, Option<&str>)> =
        seen.iter().map(|s| (s.path.as_str(), s.query.as_deref())).collect();
    assert_eq!(
        queries,
        vec![
            (
                "/orders/historical/batch",
                Some(
                    "product_ids=BTC-USD&product_ids=ETH-USD&order_status=OPEN&order_status=PENDING\
                     &start_date=2026-09-01T00%3A00%3A00Z&limit=50"
                )
            ),
            ("/orders/historical/fills", Some("product_ids=BTC-USD&order_ids=o-1&order_ids=o-2&limit=100")),
            ("/best_bid_ask", Some("product_ids=BTC-USD&product_ids=ETH-USD")),
            // OPEN alone, then PENDING and QUEUED together.
            ("/orders/historical/batch", Some("product_ids=SOL-USD&order_status=OPEN&limit=250")),
            (
                "/orders/historical/batch",
                Some("product_ids=SOL-USD&order_status=PENDING&order_status=QUEUED&limit=250")
            ),
        ]
    );
    // The JWT `uri` never includes the query string.
    for s in &seen {
        let (claims, _) = verify(&creds, s.authorization.as_deref());
        assert_eq!(claims.uri, Some(server.uri_claim("GET", &s.path)), "{s:?}");
    }
    assert_eq!(
        verify(&creds, seen[0].authorization.as_deref()).0.uri.unwrap(),
        format!("GET 127.0.0.1:{}/api/v3/brokerage/orders/historical/batch", server.port)
    );
    assert_distinct_nonces(&creds, &seen);
}

#[tokio::test]
async fn every_endpoint_uses_its_path_and_a_fresh_signed_token() {
    let server = Server::start(|seen, _| canned(seen)).await;
    let creds = creds();
    let client = server.client(&creds);
    let btc = pid("BTC-USD");

    let time = client.server_time().await.unwrap();
    assert_eq!(time.epoch_seconds, "1790735849");
    assert!(client.key_permissions().await.unwrap().can_trade);
    assert_eq!(client.accounts().await.unwrap().len(), 1);
    assert_eq!(client.products().await.unwrap().len(), 3);
    assert_eq!(client.product(&btc).await.unwrap().product_id, btc);
    assert_eq!(client.product_book(&btc, Some(10)).await.unwrap().pricebook.bids.len(), 1);
    assert_eq!(
        client.candles(&btc, 1_712_188_800, 1_712_192_400, Granularity::OneHour).await.unwrap().len(),
        2
    );
    assert_eq!(client.market_trades(&btc, 5).await.unwrap().trades.len(), 1);
    assert_eq!(client.transaction_summary().await.unwrap().total_fees.to_string(), "25");
    let created = client.create_order(&limit_order("cid-1")).await.unwrap();
    assert_eq!(created.order_id, "a1b2c3d4-0000-4000-8000-000000000001");
    let preview = PreviewOrderRequest {
        product_id: btc.clone(),
        side: Side::Buy,
        order_configuration: OrderConfig::MarketIoc(MarketIoc {
            quote_size: Some(dec("60.01")),
            base_size: None,
        }),
    };
    assert_eq!(
        client.preview_order(&preview).await.unwrap().preview_id,
        "b40bbff9-17ce-4726-8b64-9de7ae57ad26"
    );
    let edit = EditOrderRequest {
        order_id: "0000-000000-000000".into(),
        price: dec("10001.00"),
        size: dec("0.001"),
    };
    client.edit_order(&edit).await.unwrap();
    assert_eq!(client.cancel_orders(&["id1".into(), "id2".into(), "id3".into()]).await.unwrap().len(), 3);
    assert_eq!(client.get_order("0000-000000-000000").await.unwrap().status, OrderStatus::Open);

    let seen = server.seen();
    let calls: Vec<(&str, &str, Option<&str>)> =
        seen.iter().map(|s| (s.method.as_str(), s.path.as_str(), s.query.as_deref())).collect();
    assert_eq!(
        calls,
        vec![
            ("GET", "/time", None),
            ("GET", "/key_permissions", None),
            ("GET", "/accounts", Some("limit=250")),
            ("GET", "/products", Some("product_type=SPOT")),
            ("GET", "/products/BTC-USD", None),
            ("GET", "/product_book", Some("product_id=BTC-USD&limit=10")),
            (
                "GET",
                "/products/BTC-USD/candles",
                Some("start=1712188800&end=1712192400&granularity=ONE_HOUR")
            ),
            ("GET", "/products/BTC-USD/ticker", Some("limit=5")),
            ("GET", "/transaction_summary", Some("product_type=SPOT")),
            ("POST", "/orders", None),
            ("POST", "/orders/preview", None),
            ("POST", "/orders/edit", None),
            ("POST", "/orders/batch_cancel", None),
            ("GET", "/orders/historical/0000-000000-000000", None),
        ]
    );
    // `/time` is public: no token even when the client has credentials.
    assert_eq!(seen[0].authorization, None);
    let signed = &seen[1..];
    for s in signed {
        let (claims, _) = verify(&creds, s.authorization.as_deref());
        assert_eq!(claims.uri, Some(server.uri_claim(&s.method, &s.path)), "{s:?}");
    }
    assert_distinct_nonces(&creds, signed);

    // The bodies are Coinbase's JSON shapes.
    assert_eq!(
        seen[9].json(),
        json!({"client_order_id": "cid-1", "product_id": "BTC-USD", "side": "BUY",
               "order_configuration": {"limit_limit_gtc": {"base_size": "0.001", "limit_price": "60000.10", "post_only": true}}})
    );
    assert_eq!(
        seen[10].json(),
        json!({"product_id": "BTC-USD", "side": "BUY", "order_configuration": {"market_market_ioc": {"quote_size": "60.01"}}})
    );
    assert_eq!(
        seen[11].json(),
        json!({"order_id": "0000-000000-000000", "price": "10001.00", "size": "0.001"})
    );
    assert_eq!(seen[12].json(), json!({"order_ids": ["id1", "id2", "id3"]}));
}

#[tokio::test]
async fn without_credentials_market_data_uses_the_public_mirror_and_no_token() {
    let server = Server::start(|seen, _| canned(seen)).await;
    let client = server.public_client();
    assert!(!client.has_credentials());
    let btc = pid("BTC-USD");

    client.server_time().await.unwrap();
    assert_eq!(client.products().await.unwrap().len(), 3);
    assert_eq!(client.product(&btc).await.unwrap().product_id, btc);
    client.product_book(&btc, None).await.unwrap();
    client.candles(&btc, 1, 2, Granularity::FiveMinute).await.unwrap();
    client.market_trades(&btc, 100).await.unwrap();

    let seen = server.seen();
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "/time",
            "/market/products",
            "/market/products/BTC-USD",
            "/market/product_book",
            "/market/products/BTC-USD/candles",
            "/market/products/BTC-USD/ticker",
        ]
    );
    assert!(seen.iter().all(|s| s.authorization.is_none()), "{seen:?}");
    assert_eq!(seen[3].query.as_deref(), Some("product_id=BTC-USD"));

    // Private endpoints refuse before sending anything.
    assert_eq!(client.key_permissions().await.unwrap_err(), ApiError::NoCredentials);
    assert_eq!(client.best_bid_ask(&[btc]).await.unwrap_err(), ApiError::NoCredentials);
    assert_eq!(client.create_order(&limit_order("c")).await.unwrap_err(), ApiError::NoCredentials);
    assert_eq!(server.count(), 6);
}

#[tokio::test]
async fn a_base_url_without_a_path_does_not_double_the_slash() {
    let server = Server::start(|seen, _| canned(seen)).await;
    let root = Url::parse(&format!("http://127.0.0.1:{}/", server.port)).unwrap();
    let creds = creds();
    let client = RestClient::new(root, Some(creds.clone()), Clock::new()).unwrap();
    let request = client.build(Method::GET, "/accounts", &[], None, Auth::Private).unwrap();
    assert_eq!(request.url().path(), "/accounts");
    let (claims, _) = verify(&creds, request.headers().get("authorization").map(|v| v.to_str().unwrap()));
    assert_eq!(claims.uri, Some(format!("GET 127.0.0.1:{}/accounts", server.port)));
}

// ---------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_orders_follows_the_cursor_across_three_pages_and_stops() {
    let server = Server::start(|seen, _| {
        let (ids, has_next, cursor) = match seen.param("cursor").as_deref() {
            None => (vec!["o-1", "o-2"], true, "c1"),
            Some("c1") => (vec!["o-3"], true, "c2"),
            Some("c2") => (vec!["o-4"], false, ""),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        let orders: Vec<Value> = ids.into_iter().map(order_json).collect();
        Reply::json(
            json!({"orders": orders, "has_next": has_next, "cursor": cursor, "sequence": "0"}).to_string(),
        )
    })
    .await;
    let creds = creds();
    let filter = OrderFilter { statuses: vec![OrderStatus::Open], ..OrderFilter::default() };
    let orders = server.client(&creds).list_orders(&filter).await.unwrap();
    let ids: Vec<&str> = orders.iter().map(|o| o.order_id.as_str()).collect();
    assert_eq!(ids, vec!["o-1", "o-2", "o-3", "o-4"]);

    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    let cursors: Vec<Option<String>> = seen.iter().map(|s| s.param("cursor")).collect();
    assert_eq!(cursors, vec![None, Some("c1".into()), Some("c2".into())]);
    // The filter is repeated on every page, and the cursor is appended.
    assert_eq!(seen[1].query.as_deref(), Some("order_status=OPEN&limit=250&cursor=c1"));
    assert_distinct_nonces(&creds, &seen);
}

#[tokio::test]
async fn list_orders_stops_when_has_next_is_false_even_with_a_cursor() {
    let server = Server::start(|seen, _| {
        let (id, has_next, cursor) = match seen.param("cursor").as_deref() {
            None => ("o-1", true, "c1"),
            _ => ("o-2", false, "c-stale"),
        };
        Reply::json(json!({"orders": [order_json(id)], "has_next": has_next, "cursor": cursor}).to_string())
    })
    .await;
    let orders = server.client(&creds()).list_orders(&OrderFilter::default()).await.unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn fills_stop_on_an_empty_cursor() {
    let server = Server::start(|seen, _| {
        let (ids, cursor) = match seen.param("cursor").as_deref() {
            None => (vec!["t-1", "t-2"], "f1"),
            Some("f1") => (vec!["t-3"], ""),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        let fills: Vec<Value> = ids.into_iter().map(fill_json).collect();
        Reply::json(json!({"fills": fills, "cursor": cursor, "proof_token_required": false}).to_string())
    })
    .await;
    let fills = server.client(&creds()).fills(&FillFilter::default()).await.unwrap();
    let ids: Vec<&str> = fills.iter().map(|f| f.trade_id.as_str()).collect();
    assert_eq!(ids, vec!["t-1", "t-2", "t-3"]);
    assert_eq!(server.count(), 2);
    assert_eq!(server.seen()[1].param("cursor").as_deref(), Some("f1"));
}

#[tokio::test]
async fn fills_stop_on_an_empty_page() {
    let server = Server::start(|seen, _| {
        let fills: Vec<Value> = match seen.param("cursor") {
            None => vec![fill_json("t-1")],
            Some(_) => vec![],
        };
        Reply::json(json!({"fills": fills, "cursor": "more"}).to_string())
    })
    .await;
    let fills = server.client(&creds()).fills(&FillFilter::default()).await.unwrap();
    assert_eq!(fills.len(), 1);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn accounts_follow_the_cursor() {
    let server = Server::start(|seen, _| match seen.param("cursor").as_deref() {
        None => Reply::json(fixture!("rest/accounts_variants.json")),
        Some("NDk=") => Reply::json(fixture!("rest/accounts.json")),
        Some(other) => panic!("unexpected cursor {other}"),
    })
    .await;
    let accounts = server.client(&creds()).accounts().await.unwrap();
    let currencies: Vec<&str> = accounts.iter().map(|a| a.currency.as_str()).collect();
    assert_eq!(currencies, vec!["USD", "ETH", "BTC"]);
    let queries: Vec<Option<String>> = server.seen().into_iter().map(|s| s.query).collect();
    // The cursor is form-encoded (`=` becomes `%3D`).
    assert_eq!(queries, vec![Some("limit=250".into()), Some("limit=250&cursor=NDk%3D".into())]);
}

#[tokio::test]
async fn a_server_repeating_the_same_cursor_does_not_loop_forever() {
    let server = Server::start(|seen, _| {
        let body = match seen.path.as_str() {
            "/orders/historical/batch" => {
                json!({"orders": [order_json(&format!("o-{}", seen.param("cursor").is_some()))],
                       "has_next": true, "cursor": "same"})
            }
            "/orders/historical/fills" => json!({"fills": [fill_json("t-1")], "cursor": "same"}),
            "/accounts" => {
                let mut page: Value = serde_json::from_str(fixture!("rest/accounts.json")).unwrap();
                page["has_next"] = json!(true);
                page["cursor"] = json!("same");
                page
            }
            other => panic!("unexpected path {other}"),
        };
        Reply::json(body.to_string())
    })
    .await;
    let client = server.client(&creds());

    let orders = client.list_orders(&OrderFilter::default()).await.unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(server.count(), 2, "the second page repeats the cursor: stop");

    let fills = client.fills(&FillFilter::default()).await.unwrap();
    assert_eq!(fills.len(), 2);
    assert_eq!(server.count(), 4);

    let accounts = client.accounts().await.unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(server.count(), 6);
}

// ---------------------------------------------------------------------------------------------
// Business rejections (HTTP 200, `success: false`)
// ---------------------------------------------------------------------------------------------

async fn create_with(body: &'static str) -> (Result<CreateSuccess, ApiError>, usize) {
    let server = Server::start(move |_, _| Reply::json(body)).await;
    let result = server.client(&creds()).create_order(&limit_order("cid-9")).await;
    (result, server.count())
}

fn rejected(reason: &str, message: &str) -> ApiError {
    ApiError::Rejected { reason: reason.into(), message: message.into() }
}

#[tokio::test]
async fn create_order_rejections_carry_the_reason_from_each_field() {
    let cases = [
        (
            fixture!("rest/create_order_failure_error.json"),
            rejected("INSUFFICIENT_FUND", "Insufficient balance in source account"),
        ),
        (
            fixture!("rest/create_order_failure_new_reason.json"),
            rejected("INVALID_LIMIT_PRICE_POST_ONLY", "post only order would cross"),
        ),
        (
            fixture!("rest/create_order_failure_preview_reason.json"),
            rejected("PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", ""),
        ),
        (fixture!("rest/create_order_failure_legacy.json"), rejected("UNSUPPORTED_ORDER_CONFIGURATION", "")),
        // A legacy top-level code wins over a bare message in `error_response`.
        (
            fixture!("rest/create_order_failure_legacy_with_message.json"),
            rejected(
                "UNSUPPORTED_ORDER_CONFIGURATION",
                "Market sells must be parameterized in base currency",
            ),
        ),
        // Only a message: it becomes the reason (and is not repeated as the message).
        (
            r#"{"success": false, "error_response": {"error": "UNKNOWN_FAILURE_REASON",
                "message": "account is not available", "new_order_failure_reason": "UNKNOWN_FAILURE_REASON"}}"#,
            rejected("account is not available", ""),
        ),
        // Nothing useful at all (an empty legacy code is no code).
        (r#"{"success": false}"#, rejected("UNKNOWN_FAILURE_REASON", "")),
        (
            r#"{"success": false, "failure_reason": "", "order_id": ""}"#,
            rejected("UNKNOWN_FAILURE_REASON", ""),
        ),
        (
            r#"{"success": false, "failure_reason": "UNKNOWN_FAILURE_REASON",
                "error_response": {"error": "UNKNOWN_FAILURE_REASON", "error_details": "rejected upstream"}}"#,
            rejected("rejected upstream", ""),
        ),
    ];
    for (body, expected) in cases {
        let (result, requests) = create_with(body).await;
        let error = result.unwrap_err();
        assert_eq!(error, expected, "{body}");
        assert!(!error.is_ambiguous(), "a rejection is definitive");
        assert_eq!(requests, 1);
    }
}

#[tokio::test]
async fn create_order_success_shapes() {
    let (result, _) = create_with(fixture!("rest/create_order_success.json")).await;
    let created = result.unwrap();
    assert_eq!(created.order_id, "a1b2c3d4-0000-4000-8000-000000000001");
    assert_eq!(created.client_order_id, "clientOrderId");
    assert_eq!(created.side, Some(Side::Buy));

    // Only the legacy top-level order id: the client order id comes from the request.
    let (result, _) = create_with(r#"{"success": true, "order_id": "legacy-1"}"#).await;
    assert_eq!(
        result.unwrap(),
        CreateSuccess {
            order_id: "legacy-1".into(),
            product_id: None,
            side: None,
            client_order_id: "cid-9".into()
        }
    );

    // Accepted without any order id: the outcome is unknown, not failed.
    let (result, _) = create_with(r#"{"success": true}"#).await;
    let error = result.unwrap_err();
    assert!(matches!(error, ApiError::Decode { .. }), "{error:?}");
    assert!(error.is_ambiguous());
}

#[tokio::test]
async fn edit_order_rejections() {
    for (body, expected) in [
        (fixture!("rest/edit_order_failure.json"), Err(rejected("ONLY_LIMIT_ORDER_EDITS_SUPPORTED", ""))),
        (
            fixture!("rest/edit_order_failure_preview_only.json"),
            Err(rejected("PREVIEW_INSUFFICIENT_FUND", "")),
        ),
        (r#"{"success": false, "errors": []}"#, Err(rejected("UNKNOWN_EDIT_ORDER_FAILURE_REASON", ""))),
        (fixture!("rest/edit_order_success.json"), Ok(())),
    ] {
        let server = Server::start(move |_, _| Reply::json(body)).await;
        let edit = EditOrderRequest { order_id: "o-1".into(), price: dec("1.00"), size: dec("2") };
        assert_eq!(server.client(&creds()).edit_order(&edit).await, expected, "{body}");
        assert_eq!(server.count(), 1);
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP errors and undecodable answers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn html_429_on_a_read_is_waited_out_per_retry_after_and_on_an_order_not_retried() {
    let server = Server::start(|seen, index| {
        if index == 0 || seen.method == "POST" {
            Reply::with(429, HTML, fixture!("errors/429_rate_limit.html")).header("retry-after", "1")
        } else {
            canned(seen)
        }
    })
    .await;
    let client = server.client(&creds());
    let started = std::time::Instant::now();
    assert!(client.key_permissions().await.unwrap().can_trade, "served after the wait");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked");
    assert_eq!(server.count(), 2);

    let error = client.create_order(&limit_order("c")).await.unwrap_err();
    match &error {
        ApiError::RateLimited { retry_after, body } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(1)));
            assert!(body.contains("Too Many Requests"), "{body}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(!error.is_ambiguous(), "an order answered 429 was not placed");
    assert_eq!(server.count(), 3, "and is never resent");
}

#[tokio::test]
async fn json_429_without_retry_after() {
    let server = Server::start(|seen, index| {
        if index == 0 || seen.method == "POST" {
            Reply::with(429, JSON, fixture!("errors/429_rate_limit.json"))
        } else {
            canned(seen)
        }
    })
    .await;
    let client = server.client(&creds());
    assert_eq!(client.accounts().await.unwrap().len(), 1, "a read backs off and is served");
    assert_eq!(server.count(), 2);
    let error = client.create_order(&limit_order("c")).await.unwrap_err();
    assert!(
        matches!(&error, ApiError::RateLimited { retry_after: None, body } if body.contains("rate_limit_exceeded"))
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn json_404_is_a_status_error() {
    let server = Server::start(|seen, _| {
        if seen.path.starts_with("/orders/") {
            Reply::with(404, JSON, fixture!("errors/404_order.json"))
        } else {
            Reply::with(404, JSON, fixture!("errors/404_product.json"))
        }
    })
    .await;
    let client = server.client(&creds());
    let error = client.product(&pid("NOPE-USD")).await.unwrap_err();
    assert_eq!(
        error,
        ApiError::Status {
            status: 404,
            body: ErrorBody {
                error: Some("NOT_FOUND".into()),
                code: None,
                message: Some("Product NOPE-USD not supported".into()),
                error_details: None,
            }
        }
    );
    assert!(!error.is_ambiguous());
    assert_eq!(server.count(), 1, "4xx is not retried");

    let error = client.get_order("missing").await.unwrap_err();
    assert!(
        matches!(&error, ApiError::Status { status: 404, body } if body.error_details.as_deref() == Some("order with this orderID was not found"))
    );
    assert!(!error.is_ambiguous());
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn other_4xx_bodies() {
    let server = Server::start(|seen, _| match seen.path.as_str() {
        "/key_permissions" => Reply::with(403, JSON, fixture!("errors/403_missing_scopes.json")),
        "/products/BTC-USD/candles" => Reply::with(400, JSON, fixture!("errors/400_invalid_argument.json")),
        _ => Reply::with(401, "text/plain", fixture!("errors/401_unauthorized.txt")),
    })
    .await;
    let client = server.client(&creds());
    let error = client.key_permissions().await.unwrap_err();
    assert!(
        matches!(&error, ApiError::Status { status: 403, body } if body.error_details.as_deref() == Some("Missing required scopes"))
    );
    assert!(!error.is_ambiguous());
    let error = client.candles(&pid("BTC-USD"), 0, 1_000_000, Granularity::OneMinute).await.unwrap_err();
    assert!(
        matches!(&error, ApiError::Status { status: 400, body } if body.error.as_deref() == Some("INVALID_ARGUMENT"))
    );
    assert_eq!(server.count(), 2);

    // A plain-text 401 re-measures the clock (`/time` is refused here too) and signs once
    // more, then is reported as one credentials-or-clock error (R-AUTH4).
    let error = client.accounts().await.unwrap_err();
    let detail = "HTTP 401: Unauthorized".to_string();
    assert_eq!(error, ApiError::Unauthorized { offset_ms: None, detail });
    assert!(error.is_unauthorized());
    assert!(!error.is_ambiguous());
    assert!(error.to_string().contains("credentials or clock"), "{error}");
    let calls = |from: usize| -> Vec<String> {
        server.seen().iter().skip(from).map(|s| format!("{} {}", s.method, s.path)).collect()
    };
    assert_eq!(calls(2), ["GET /accounts", "GET /time", "GET /accounts"]);
    // An order refused with 401 was refused for sure: it is signed once more, same id.
    let error = client.create_order(&limit_order("c")).await.unwrap_err();
    assert!(error.is_unauthorized());
    assert_eq!(calls(5), ["POST /orders", "GET /time", "POST /orders"]);
    let seen = server.seen();
    assert_eq!(seen[5].json()["client_order_id"], seen[7].json()["client_order_id"]);
}

#[tokio::test]
async fn a_200_with_an_html_body_is_a_decode_error() {
    let page = "<html><body><h1>Service temporarily unavailable</h1></body></html>";
    let server = Server::start(move |_, _| Reply::with(200, HTML, page)).await;
    let error = server.client(&creds()).accounts().await.unwrap_err();
    assert_eq!(error, ApiError::Decode { message: "response is not JSON".into(), excerpt: page.into() });
    assert!(error.is_ambiguous());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_200_with_malformed_json_is_a_decode_error_with_an_excerpt() {
    let body = r#"{"orders": [{"order_id": "o-1", "#;
    let server = Server::start(move |seen, _| match seen.method.as_str() {
        "POST" => Reply::json(r#"{"success": "maybe"}"#),
        _ => Reply::json(body),
    })
    .await;
    let client = server.client(&creds());
    let error = client.list_orders(&OrderFilter::default()).await.unwrap_err();
    match &error {
        ApiError::Decode { message, excerpt } => {
            assert!(message.contains("EOF"), "{message}");
            assert_eq!(excerpt, body.trim_end());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(error.is_ambiguous());

    // Valid JSON in the wrong shape is a decode error too; for an order it is ambiguous.
    let error = client.create_order(&limit_order("c")).await.unwrap_err();
    assert!(
        matches!(&error, ApiError::Decode { excerpt, .. } if excerpt == r#"{"success": "maybe"}"#),
        "{error:?}"
    );
    assert!(error.is_ambiguous());
    assert_eq!(server.count(), 2, "decode errors are not retried");
}

#[tokio::test]
async fn reads_are_retried_on_500_with_a_fresh_token_each_time() {
    let server = Server::start(|_, _| Reply::with(500, JSON, fixture!("errors/500_internal.json"))).await;
    let creds = creds();
    let error = server.client(&creds).key_permissions().await.unwrap_err();
    assert!(matches!(&error, ApiError::Status { status: 500, .. }), "{error:?}");
    assert!(error.is_ambiguous());
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "one attempt and three retries");
    assert!(seen.iter().all(|s| s.path == "/key_permissions"));
    assert_distinct_nonces(&creds, &seen);
}

#[tokio::test]
async fn a_read_that_recovers_after_5xx_succeeds() {
    let server = Server::start(|seen, index| match index {
        0 => Reply::with(502, HTML, fixture!("errors/502_bad_gateway.html")),
        1 => Reply::with(503, JSON, fixture!("errors/grpc.json")),
        _ => canned(seen),
    })
    .await;
    let creds = creds();
    let perms = server.client(&creds).key_permissions().await.unwrap();
    assert!(perms.can_view);
    assert_eq!(server.count(), 3);
    assert_distinct_nonces(&creds, &server.seen());
}

#[tokio::test]
async fn writes_are_never_retried_on_500() {
    let server = Server::start(|_, _| Reply::with(500, JSON, fixture!("errors/500_internal.json"))).await;
    let client = server.client(&creds());

    let error = client.create_order(&limit_order("cid-500")).await.unwrap_err();
    assert!(matches!(&error, ApiError::Status { status: 500, .. }), "{error:?}");
    assert!(error.is_ambiguous(), "the order may exist: its outcome is unknown");
    assert_eq!(server.count(), 1);

    let error = client.cancel_orders(&["id1".into()]).await.unwrap_err();
    assert!(error.is_ambiguous());
    assert_eq!(server.count(), 2);

    let edit = EditOrderRequest { order_id: "o-1".into(), price: dec("1"), size: dec("1") };
    assert!(client.edit_order(&edit).await.unwrap_err().is_ambiguous());
    assert_eq!(server.count(), 3);

    let html = Server::start(|_, _| Reply::with(502, HTML, fixture!("errors/502_bad_gateway.html"))).await;
    let error = html.client(&creds()).create_order(&limit_order("cid-502")).await.unwrap_err();
    assert!(
        matches!(&error, ApiError::StatusText { status: 502, excerpt } if excerpt.contains("502 Bad Gateway"))
    );
    assert!(error.is_ambiguous());
    assert_eq!(html.count(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_definitive() {
    // A socket bound but not listening keeps the port reserved and refuses connections.
    let reserved = tokio::net::TcpSocket::new_v4().unwrap();
    reserved.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = reserved.local_addr().unwrap().port();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let base = Url::parse(&format!("http://127.0.0.1:{port}{BASE_PATH}")).unwrap();
    let client = RestClient::new(base, Some(creds()), Clock::new()).unwrap();
    let error = client.create_order(&limit_order("c")).await.unwrap_err();
    assert!(matches!(&error, ApiError::Connect { host, .. } if host == "127.0.0.1"), "{error:?}");
    assert!(!error.is_ambiguous(), "the order never left");
    // A read retries, then reports the same definitive error.
    let error = client.key_permissions().await.unwrap_err();
    assert!(matches!(&error, ApiError::Connect { .. }), "{error:?}");
    drop(reserved);
}

// ---------------------------------------------------------------------------------------------
// Batch cancel chunking
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cancel_orders_sends_at_most_100_ids_per_request() {
    let server = Server::start(|seen, _| {
        let ids = seen.json()["order_ids"].as_array().unwrap().clone();
        let results: Vec<Value> = ids
            .iter()
            .map(|id| json!({"success": true, "failure_reason": "UNKNOWN_CANCEL_FAILURE_REASON", "order_id": id}))
            .collect();
        Reply::json(json!({"results": results}).to_string())
    })
    .await;
    let creds = creds();
    let ids: Vec<String> = (0..250).map(|i| format!("order-{i:03}")).collect();
    let results = server.client(&creds).cancel_orders(&ids).await.unwrap();
    assert_eq!(results.len(), 250);
    assert!(results.iter().all(|r| r.success));
    let returned: Vec<&str> = results.iter().map(|r| r.order_id.as_str()).collect();
    assert_eq!(returned, ids.iter().map(String::as_str).collect::<Vec<_>>());

    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    let sizes: Vec<usize> = seen.iter().map(|s| s.json()["order_ids"].as_array().unwrap().len()).collect();
    assert_eq!(sizes, vec![100, 100, 50]);
    let sent: Vec<String> = seen
        .iter()
        .flat_map(|s| s.json()["order_ids"].as_array().unwrap().clone())
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent, ids, "every id once, in order");
    for s in &seen {
        assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/orders/batch_cancel"));
        let (claims, _) = verify(&creds, s.authorization.as_deref());
        assert_eq!(claims.uri, Some(server.uri_claim("POST", "/orders/batch_cancel")));
    }
    assert_distinct_nonces(&creds, &seen);

    // No ids: nothing is sent.
    assert!(server.client(&creds).cancel_orders(&[]).await.unwrap().is_empty());
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn cancel_orders_keeps_answered_results_when_a_later_request_fails() {
    let server = Server::start(|seen, before| {
        if before == 0 {
            let ids = seen.json()["order_ids"].as_array().unwrap().clone();
            let results: Vec<Value> = ids.iter().map(|id| json!({"success": true, "order_id": id})).collect();
            Reply::json(json!({"results": results}).to_string())
        } else {
            Reply::with(502, "text/html", "<html>bad gateway</html>")
        }
    })
    .await;
    let creds = creds();
    let ids: Vec<String> = (0..250).map(|i| format!("order-{i:03}")).collect();
    let results = server.client(&creds).cancel_orders(&ids).await.unwrap();
    assert_eq!(results.len(), 250);
    assert!(results[..100].iter().all(|r| r.success));
    assert!(results[100..200].iter().all(|r| !r.success && r.failure_reason == CANCEL_OUTCOME_UNKNOWN));
    assert!(results[200..].iter().all(|r| !r.success && r.failure_reason == CANCEL_NOT_SENT));
    assert_eq!(server.count(), 2, "nothing is sent after the failure; a POST is never retried");
}
