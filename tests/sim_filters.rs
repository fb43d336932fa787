//! The list endpoints filter as Coinbase documents: products, orders and fills, table-driven,
//! and refuse unknown enum values with the gateway's 400.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Venue, invalid_argument};
use serde_json::{Value, json};

const ORDERS: &str = "/api/v3/brokerage/orders/historical/batch";
const FILLS: &str = "/api/v3/brokerage/orders/historical/fills";
const PRODUCTS: &str = "/api/v3/brokerage/products";

fn limit(size: &str, price: &str) -> Value {
    json!({"limit_limit_gtc": {"base_size": size, "limit_price": price, "post_only": false}})
}

/// Five orders of every kind the filters tell apart; returns the venue and the BTC order id
/// that filled.
async fn venue_with_orders() -> (Venue, String) {
    let venue = Venue::manual(5).await;
    venue.place("a-open-btc-buy", "BTC-USD", "BUY", limit("0.001", "1000.00")).await;
    venue.place("b-open-eth-sell", "ETH-USD", "SELL", limit("0.01", "999999.00")).await;
    let filled = venue
        .place("c-filled-btc-buy", "BTC-USD", "BUY", json!({"market_market_ioc": {"base_size": "0.001"}}))
        .await;
    let d = venue.place("d-cancelled-btc-buy", "BTC-USD", "BUY", limit("0.001", "1001.00")).await;
    let (status, _) =
        venue.signed("POST", "/api/v3/brokerage/orders/batch_cancel", Some(json!({"order_ids": [d]}))).await;
    assert_eq!(status, 200);
    venue
        .place("e-filled-eth-sell", "ETH-USD", "SELL", json!({"market_market_ioc": {"base_size": "0.01"}}))
        .await;
    (venue, filled)
}

fn client_ids(page: &Value, key: &str, field: &str) -> Vec<String> {
    page[key].as_array().unwrap().iter().map(|o| o[field].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn list_orders_filters_as_coinbase_documents() {
    let (venue, _) = venue_with_orders().await;
    let all =
        ["e-filled-eth-sell", "d-cancelled-btc-buy", "c-filled-btc-buy", "b-open-eth-sell", "a-open-btc-buy"];
    let cases: [(&str, &[&str]); 14] = [
        ("", &all),
        ("order_status=OPEN", &["b-open-eth-sell", "a-open-btc-buy"]),
        (
            "order_status=OPEN&order_status=CANCELLED",
            &["d-cancelled-btc-buy", "b-open-eth-sell", "a-open-btc-buy"],
        ),
        ("product_ids=ETH-USD", &["e-filled-eth-sell", "b-open-eth-sell"]),
        ("product_ids=ETH-USD&product_ids=BTC-USD", &all),
        ("order_side=SELL", &["e-filled-eth-sell", "b-open-eth-sell"]),
        ("order_types=MARKET", &["e-filled-eth-sell", "c-filled-btc-buy"]),
        ("time_in_forces=GOOD_UNTIL_CANCELLED&order_side=BUY", &["d-cancelled-btc-buy", "a-open-btc-buy"]),
        ("product_type=SPOT", &all),
        ("product_type=FUTURE", &[]),
        ("order_placement_source=RETAIL_SIMPLE", &[]),
        ("start_date=2026-11-01T12:00:00Z", &all),
        ("end_date=2026-11-01T12:00:00Z", &[]),
        ("start_date=2026-11-01T12:00:01Z", &[]),
    ];
    for (query, expected) in cases {
        let (status, page) = venue.signed("GET", &format!("{ORDERS}?{query}"), None).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert_eq!(client_ids(&page, "orders", "client_order_id"), expected, "{query}");
        let envelope =
            json!({"has_next": false, "cursor": "", "sequence": "0", "proof_token_required": false});
        let mut rest = page.clone();
        rest.as_object_mut().unwrap().remove("orders");
        assert_eq!(rest, envelope, "{query}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn list_orders_pages_with_cursors() {
    let (venue, _) = venue_with_orders().await;
    let (_, first) = venue.signed("GET", &format!("{ORDERS}?limit=2"), None).await;
    assert_eq!(client_ids(&first, "orders", "client_order_id"), ["e-filled-eth-sell", "d-cancelled-btc-buy"]);
    assert_eq!((first["has_next"].clone(), first["cursor"].clone()), (json!(true), json!("2")));
    let (_, last) = venue.signed("GET", &format!("{ORDERS}?limit=2&cursor=4"), None).await;
    assert_eq!(client_ids(&last, "orders", "client_order_id"), ["a-open-btc-buy"]);
    assert_eq!((last["has_next"].clone(), last["cursor"].clone()), (json!(false), json!("")));
}

#[tokio::test(flavor = "multi_thread")]
async fn list_fills_filters_as_coinbase_documents() {
    let (venue, btc_order) = venue_with_orders().await;
    let (_, all) = venue.signed("GET", FILLS, None).await;
    let ids = client_ids(&all, "fills", "order_id");
    assert!(ids.len() >= 2 && ids.contains(&btc_order), "{all}");
    let btc: Vec<&String> = ids.iter().filter(|id| **id == btc_order).collect();
    let first_trade = all["fills"][0]["trade_id"].as_str().unwrap().to_string();
    let cases: Vec<(String, Vec<String>)> = vec![
        (format!("order_ids={btc_order}"), btc.iter().map(|s| s.to_string()).collect()),
        ("product_ids=BTC-USD".into(), btc.iter().map(|s| s.to_string()).collect()),
        ("order_side=BUY".into(), btc.iter().map(|s| s.to_string()).collect()),
        (format!("trade_ids={first_trade}"), vec![ids[0].clone()]),
        ("start_sequence_timestamp=2026-11-01T12:00:00Z".into(), ids.clone()),
        ("end_sequence_timestamp=2026-11-01T12:00:00Z".into(), vec![]),
    ];
    for (query, expected) in cases {
        let (status, page) = venue.signed("GET", &format!("{FILLS}?{query}"), None).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert_eq!(client_ids(&page, "fills", "order_id"), expected, "{query}");
        assert_eq!((page["cursor"].clone(), page["proof_token_required"].clone()), (json!(""), json!(false)));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn list_products_filters_and_pages() {
    let venue = Venue::manual(5).await;
    let cases: [(&str, &[&str], bool, bool); 6] = [
        ("", &["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"], false, false),
        ("product_type=SPOT", &["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"], false, false),
        ("product_type=FUTURE", &[], false, false),
        ("product_ids=SOL-USD&product_ids=BTC-USD", &["BTC-USD", "SOL-USD"], false, false),
        ("limit=2&offset=1", &["ETH-USD", "SOL-USD"], true, true),
        ("limit=2&offset=2", &["SOL-USD", "DOGE-USD"], false, true),
    ];
    for (query, expected, has_next, has_prev) in cases {
        let (status, page) = venue.signed("GET", &format!("{PRODUCTS}?{query}"), None).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert_eq!(client_ids(&page, "products", "product_id"), expected, "{query}");
        assert_eq!(page["num_products"], json!(expected.len()), "{query}");
        let pagination =
            json!({"prev_cursor": "", "next_cursor": "", "has_next": has_next, "has_prev": has_prev});
        assert_eq!(page["pagination"], pagination, "{query}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_query_values_are_refused_as_coinbase_refuses_them() {
    let venue = Venue::manual(5).await;
    let cases = [
        (
            format!("{ORDERS}?order_status=open"),
            "parsing list \"order_status\": \"open\" is not a valid value",
        ),
        (
            format!("{ORDERS}?order_status=OPEN&order_status=DONE"),
            "parsing list \"order_status\": \"DONE\" is not a valid value",
        ),
        (format!("{ORDERS}?order_side=BOTH"), "parsing field \"order_side\": \"BOTH\" is not a valid value"),
        (
            format!("{ORDERS}?order_types=ICEBERG"),
            "parsing list \"order_types\": \"ICEBERG\" is not a valid value",
        ),
        (
            format!("{ORDERS}?start_date=yesterday"),
            "parsing field \"start_date\": \"yesterday\" is not a valid RFC 3339 time",
        ),
        (format!("{ORDERS}?cursor=abc"), "cursor must be a whole number"),
        (format!("{FILLS}?order_side=buy"), "parsing field \"order_side\": \"buy\" is not a valid value"),
        (
            format!("{FILLS}?end_sequence_timestamp=2026-13-01"),
            "parsing field \"end_sequence_timestamp\": \"2026-13-01\" is not a valid RFC 3339 time",
        ),
        (
            format!("{PRODUCTS}?product_type=spot"),
            "parsing field \"product_type\": \"spot\" is not a valid value",
        ),
        (format!("{PRODUCTS}?limit=-1"), "limit must be a whole number"),
    ];
    for (path, message) in cases {
        let (status, body) = venue.signed("GET", &path, None).await;
        assert_eq!((status, body), (400, invalid_argument(message)), "{path}");
    }
}
