//! The simulator's account and edit endpoints answer in Coinbase's documented shapes: each
//! success and error body has the fields (and JSON types) of the fixture taken from Coinbase's
//! documented example.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;
use serde_json::{Value, json};

const API: &str = "/api/v3/brokerage";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/rest/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The JSON type tree of `v`: objects by key, arrays by their first element, `null` matches
/// anything (a field the example fills that does not apply here).
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => a.first().map_or(json!("array"), |first| json!([shape(first)])),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => Value::Null,
    }
}

fn same_shape(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Null, _) | (_, Value::Null) => true,
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, v)| a.get(k).is_some_and(|w| same_shape(v, w)))
        }
        (Value::Array(e), Value::Array(a)) => same_shape(&e[0], &a[0]),
        (Value::Array(_), Value::String(s)) | (Value::String(s), Value::Array(_)) => s == "array",
        (e, a) => e == a,
    }
}

fn assert_shape(name: &str, actual: &Value) {
    let (expected, got) = (shape(&fixture(name)), shape(actual));
    assert!(same_shape(&expected, &got), "{name}\nexpected {expected:#}\ngot {got:#}\nbody {actual:#}");
}

async fn resting_bid(venue: &Venue, client_id: &str, price: &str) -> String {
    let config = json!({"limit_limit_gtc": {"base_size": "0.01", "limit_price": price, "post_only": false}});
    venue.place(client_id, "BTC-USD", "BUY", config).await
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_and_edit_preview_answer_in_coinbase_shapes() {
    let venue = Venue::manual(3).await;
    let id = resting_bid(&venue, "edit-me", "1000.00").await;
    let edit = |price: &str, size: &str| json!({"order_id": id, "price": price, "size": size});
    let (status, preview) =
        venue.signed("POST", &format!("{API}/orders/edit_preview"), Some(edit("1001.00", "0.02"))).await;
    assert_eq!(status, 200);
    assert_shape("edit_preview.json", &preview);
    assert_eq!(
        (preview["base_size"].clone(), preview["quote_size"].clone()),
        (json!("0.02"), json!("20.02"))
    );
    let (_, done) = venue.signed("POST", &format!("{API}/orders/edit"), Some(edit("1001.00", "0.02"))).await;
    assert_eq!(done, fixture("edit_order_success.json"));
    let (_, order) = venue.signed("GET", &format!("{API}/orders/historical/{id}"), None).await;
    let config =
        json!({"limit_limit_gtc": {"base_size": "0.02", "limit_price": "1001.00", "post_only": false}});
    assert_eq!(
        (order["order"]["order_id"].clone(), order["order"]["order_configuration"].clone()),
        (json!(id), config)
    );
    let (_, same) = venue.signed("POST", &format!("{API}/orders/edit"), Some(edit("1001.00", "0.02"))).await;
    let equal = json!({"success": false, "errors": [{"edit_failure_reason": "EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST", "preview_failure_reason": "UNKNOWN_PREVIEW_FAILURE_REASON"}]});
    assert_eq!(same, equal);
    assert_shape("edit_order_failure.json", &same);
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_refusals_carry_coinbase_failure_reasons() {
    let venue = Venue::manual(3).await;
    let market =
        venue.place("mkt", "BTC-USD", "BUY", json!({"market_market_ioc": {"base_size": "0.001"}})).await;
    let rest = resting_bid(&venue, "rest", "1000.00").await;
    let reason = |edit: &str| json!([{"edit_failure_reason": edit, "preview_failure_reason": "UNKNOWN_PREVIEW_FAILURE_REASON"}]);
    let cases = [
        (json!({"order_id": "nope", "price": "1", "size": "1"}), reason("ORDER_NOT_FOUND")),
        (
            json!({"order_id": market, "price": "1000", "size": "0.001"}),
            reason("ONLY_LIMIT_ORDER_EDITS_SUPPORTED"),
        ),
        (json!({"order_id": rest, "price": "1000.00"}), reason("INVALID_EDITED_SIZE")),
        (json!({"order_id": rest, "price": "1000.001", "size": "0.01"}), reason("INVALID_EDITED_PRICE")),
    ];
    for (body, errors) in cases {
        let (status, edit) = venue.signed("POST", &format!("{API}/orders/edit"), Some(body.clone())).await;
        assert_eq!((status, edit), (200, json!({"success": false, "errors": errors})), "edit {body}");
        let (status, preview) =
            venue.signed("POST", &format!("{API}/orders/edit_preview"), Some(body.clone())).await;
        assert_eq!((status, preview.clone()), (200, json!({"errors": errors})), "preview {body}");
        assert_shape("edit_preview_failure.json", &preview);
    }
    let (status, _) = venue.signed("POST", &format!("{API}/orders/edit"), Some(json!({"price": "1"}))).await;
    assert_eq!(status, 400, "no order_id is a malformed request");
}

#[tokio::test(flavor = "multi_thread")]
async fn account_endpoints_answer_in_coinbase_shapes() {
    let venue = Venue::manual(3).await;
    venue.place("fill", "BTC-USD", "BUY", json!({"market_market_ioc": {"base_size": "0.001"}})).await;
    let (_, permissions) = venue.signed("GET", &format!("{API}/key_permissions"), None).await;
    assert_shape("key_permissions.json", &permissions);
    let (_, summary) =
        venue.signed("GET", &format!("{API}/transaction_summary?product_type=SPOT"), None).await;
    assert_shape("transaction_summary.json", &summary);
    assert!(summary["total_volume"].as_f64().unwrap() > 0.0 && summary["total_fees"].as_f64().unwrap() > 0.0);
    let (_, portfolios) = venue.signed("GET", &format!("{API}/portfolios"), None).await;
    assert_shape("portfolios.json", &portfolios);
    let uuid = portfolios["portfolios"][0]["uuid"].as_str().unwrap().to_string();
    assert_eq!(uuid, permissions["portfolio_uuid"], "the key's portfolio");
    let (_, intx) = venue.signed("GET", &format!("{API}/portfolios?portfolio_type=INTX"), None).await;
    assert_eq!(intx, json!({"portfolios": []}));
    let (_, breakdown) = venue.signed("GET", &format!("{API}/portfolios/{uuid}?currency=USD"), None).await;
    assert_shape("portfolio_breakdown.json", &breakdown);
    let btc = breakdown["breakdown"]["spot_positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["asset"] == "BTC")
        .cloned();
    assert!(btc.is_some_and(|p| p["total_balance_fiat"].as_f64().unwrap() > 0.0), "{breakdown}");
}

#[tokio::test(flavor = "multi_thread")]
async fn account_endpoint_errors_answer_as_coinbase_does() {
    let venue = Venue::manual(3).await;
    let cases = [
        (
            format!("{API}/portfolios?portfolio_type=SAVINGS"),
            400,
            json!({"error": "INVALID_ARGUMENT", "message": "parsing field \"portfolio_type\": \"SAVINGS\" is not a valid value", "error_details": "parsing field \"portfolio_type\": \"SAVINGS\" is not a valid value"}),
        ),
        (
            format!("{API}/portfolios/00000000-0000-0000-0000-000000000000"),
            404,
            json!({"error": "NOT_FOUND", "message": "portfolio not found", "error_details": "portfolio not found"}),
        ),
        (
            format!("{API}/transaction_summary?product_type=BOND"),
            400,
            json!({"error": "INVALID_ARGUMENT", "message": "parsing field \"product_type\": \"BOND\" is not a valid value", "error_details": "parsing field \"product_type\": \"BOND\" is not a valid value"}),
        ),
    ];
    for (path, status, body) in cases {
        assert_eq!(venue.signed("GET", &path, None).await, (status, body), "{path}");
    }
}

async fn public_get(venue: &Venue, path: &str) -> (u16, Value) {
    let response = reqwest::get(format!("http://{}{path}", venue.sim.addr)).await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn v2_reads_answer_in_coinbase_shapes() {
    let venue = Venue::manual(3).await;
    for (path, name) in [
        ("/v2/time", "v2_time.json"),
        ("/v2/currencies", "v2_currencies.json"),
        ("/v2/currencies/crypto", "v2_currencies_crypto.json"),
        ("/v2/exchange-rates?currency=BTC", "v2_exchange_rates.json"),
    ] {
        let (status, mut body) = public_get(&venue, path).await;
        assert_eq!(status, 200, "{path}");
        if let Some(rates) = body["data"].get_mut("rates") {
            assert!(rates.as_object().unwrap().values().all(Value::is_string), "{rates}");
            *rates = fixture(name)["data"]["rates"].clone();
        }
        assert_shape(name, &body);
    }
    let (_, crypto) = public_get(&venue, "/v2/currencies/crypto").await;
    let codes: Vec<&str> =
        crypto["data"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["BTC", "ETH", "SOL", "DOGE"]);
    let (_, rates) = public_get(&venue, "/v2/exchange-rates").await;
    assert_eq!(
        (rates["data"]["currency"].clone(), rates["data"]["rates"]["USD"].clone()),
        (json!("USD"), json!("1"))
    );
    let (_, time) = public_get(&venue, "/v2/time").await;
    let epoch = time["data"]["epoch"].as_i64().unwrap();
    assert!((epoch - chrono::Utc::now().timestamp()).abs() <= 5, "the clock JWTs are checked against");
    let iso = chrono::DateTime::from_timestamp(epoch, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(time["data"]["iso"], iso);
    let (status, accounts) = venue.signed("GET", "/v2/accounts", None).await;
    assert_eq!(status, 200);
    assert_shape("v2_accounts.json", &accounts);
}

#[tokio::test(flavor = "multi_thread")]
async fn v2_errors_answer_in_coinbase_shapes() {
    let venue = Venue::manual(3).await;
    let (status, body) = public_get(&venue, "/v2/prices/BTC-USD/nowhere").await;
    assert_eq!((status, body.clone()), (404, fixture("v2_error.json")));
    let (status, body) = public_get(&venue, "/v2/exchange-rates?currency=XYZ").await;
    let invalid = json!({"errors": [{"id": "invalid_request", "message": "Invalid currency (XYZ)"}]});
    assert_eq!((status, body.clone()), (400, invalid));
    assert_shape("v2_error.json", &body);
    let (status, _) = public_get(&venue, "/v2/accounts").await;
    assert_eq!(status, 401, "v2 accounts need a signed token");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_the_last_trade_already_meets_is_refused_in_the_create_failure_shape() {
    let venue = Venue::manual(3).await;
    venue.place("print", "BTC-USD", "BUY", json!({"market_market_ioc": {"base_size": "0.001"}})).await;
    let (_, trades) = venue.signed("GET", &format!("{API}/products/BTC-USD/ticker?limit=1"), None).await;
    let last: rust_decimal::Decimal = trades["trades"][0]["price"].as_str().unwrap().parse().unwrap();
    let stop = (last - rust_decimal::Decimal::ONE).to_string();
    let config = json!({"stop_limit_stop_limit_gtc": {
        "base_size": "0.001", "limit_price": stop, "stop_price": stop, "stop_direction": "STOP_DIRECTION_STOP_UP",
    }});
    let body = json!({"client_order_id": "bad-stop", "product_id": "BTC-USD", "side": "BUY", "order_configuration": config});
    let (status, reply) = venue.signed("POST", &format!("{API}/orders"), Some(body)).await;
    let message = format!("stop price {stop} must be above the last trade price {last}");
    let expected = json!({
        "success": false,
        "failure_reason": "UNKNOWN_FAILURE_REASON",
        "error_response": {
            "error": "PREVIEW_INVALID_STOP_PRICE", "message": message, "error_details": "",
            "preview_failure_reason": "PREVIEW_INVALID_STOP_PRICE", "new_order_failure_reason": "PREVIEW_INVALID_STOP_PRICE",
        },
        "order_configuration": config,
    });
    assert_eq!((status, reply), (200, expected));
}
