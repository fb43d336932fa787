//! Coinbase's order rules in the simulator, through its HTTP API: the limit-price protection
//! band (fill band and refusal, configurable per product through the admin route),
//! self-trade prevention, and `edit_history` after an edit. Bodies are compared whole, or
//! field by field against the shape of Coinbase's documented examples.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const API: &str = "/api/v3/brokerage";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/rest/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// Best bid, best ask with its size, and the second ask of BTC-USD, from the engine's book.
async fn touch(venue: &Venue) -> (Decimal, (Decimal, Decimal), Decimal) {
    let book = venue.admin_get("/book?product_id=BTC-USD").await;
    let (bids, asks) = (&book["bids"], &book["asks"]);
    (dec(&bids[0]["price"]), (dec(&asks[0]["price"]), dec(&asks[0]["size"])), dec(&asks[1]["price"]))
}

/// The order as `GET /orders/historical/{id}` reports it.
async fn order(venue: &Venue, id: &str) -> Value {
    let (status, body) = venue.signed("GET", &format!("{API}/orders/historical/{id}"), None).await;
    assert_eq!(status, 200, "{body}");
    body["order"].clone()
}

/// The named fields of an order record.
fn fields(order: &Value, names: &[&str]) -> Value {
    Value::Object(names.iter().map(|n| (n.to_string(), order[*n].clone())).collect())
}

const OUTCOME: [&str; 5] =
    ["status", "filled_size", "cancel_message", "outstanding_hold_amount", "edit_history"];

#[tokio::test(flavor = "multi_thread")]
async fn a_market_buy_fills_up_to_the_band_and_the_rest_is_cancelled() {
    let venue = Venue::manual(21).await;
    let (bid, (ask, ask_size), _) = touch(&venue).await;
    let mid = (bid + ask) / Decimal::TWO;
    let band = ((ask - mid) / mid).round_dp_with_strategy(12, rust_decimal::RoundingStrategy::AwayFromZero);
    let only_the_touch = json!({"product_id": "BTC-USD", "band": band.to_string(), "refuse_beyond": null});
    assert_eq!(venue.admin_post("/price_protection", only_the_touch.clone()).await, only_the_touch);
    let size = (ask_size + Decimal::new(1, 3)).to_string();
    let id = venue.place("banded", "BTC-USD", "BUY", json!({"market_market_ioc": {"base_size": size}})).await;
    let expected = json!({
        "status": "CANCELLED", "filled_size": ask_size.to_string(), "cancel_message": "PRICE_PROTECTION",
        "outstanding_hold_amount": "0", "edit_history": [],
    });
    assert_eq!(fields(&order(&venue, &id).await, &OUTCOME), expected);
    let (_, next, _) = touch(&venue).await;
    assert!(next.0 > ask, "the levels beyond the band stay on the book");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_limit_far_through_the_market_is_refused_and_previewed_as_coinbase_does() {
    let venue = Venue::manual(22).await;
    let (bid, (ask, _), _) = touch(&venue).await;
    let mid = ((bid + ask) / Decimal::TWO).normalize();
    let price = (mid * Decimal::new(125, 2)).round_dp(2).to_string();
    let config = json!({"limit_limit_gtc": {"base_size": "0.001", "limit_price": price, "post_only": false}});
    let body = json!({"client_order_id": "far", "product_id": "BTC-USD", "side": "BUY", "order_configuration": config});
    let (status, reply) = venue.signed("POST", &format!("{API}/orders"), Some(body.clone())).await;
    let message = format!("limit price {price} is more than 10% through the market ({mid})");
    let refused = json!({
        "success": false, "failure_reason": "UNKNOWN_FAILURE_REASON",
        "error_response": {
            "error": "LIMIT_PRICE_TOO_FAR_FROM_MARKET", "message": message, "error_details": "",
            "preview_failure_reason": "PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET",
            "new_order_failure_reason": "LIMIT_PRICE_TOO_FAR_FROM_MARKET",
        },
        "order_configuration": config,
    });
    assert_eq!((status, reply), (200, refused.clone()));
    let keys = |v: &Value| v["error_response"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&refused), keys(&fixture("create_order_failure_new_reason.json")), "Coinbase's fields");
    let preview = json!({"product_id": "BTC-USD", "side": "BUY", "order_configuration": config});
    let (_, previewed) = venue.signed("POST", &format!("{API}/orders/preview"), Some(preview)).await;
    assert_eq!(previewed["errs"], json!(["PREVIEW_LIMIT_PRICE_TOO_FAR_FROM_MARKET"]));
    assert!(venue.sim_orders().await.is_empty(), "nothing was placed");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_route_reads_and_sets_a_products_protection() {
    let venue = Venue::manual(23).await;
    let defaults = [
        ("BTC-USD", json!({"product_id": "BTC-USD", "band": "0.02", "refuse_beyond": "0.10"})),
        ("SOL-USD", json!({"product_id": "SOL-USD", "band": "0.03", "refuse_beyond": "0.15"})),
    ];
    for (product, expected) in defaults {
        assert_eq!(venue.admin_get(&format!("/price_protection?product_id={product}")).await, expected);
    }
    let url = format!("{}/price_protection", venue.sim.admin_url);
    let bad = [
        json!({"product_id": "BTC-USD", "band": "1", "refuse_beyond": null}),
        json!({"product_id": "BTC-USD", "band": "-0.1", "refuse_beyond": null}),
        json!({"product_id": "NOPE-USD", "band": null, "refuse_beyond": null}),
        json!({"product_id": "BTC-USD", "band": null}),
    ];
    for body in bad {
        let response = reqwest::Client::new().post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
    }
    let unchanged = venue.admin_get("/price_protection?product_id=BTC-USD").await;
    assert_eq!(unchanged["band"], "0.02", "bad input changes nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_self_match_cancels_the_smaller_order_and_decrements_the_resting_one() {
    let venue = Venue::manual(24).await;
    let (_, (ask, _), _) = touch(&venue).await;
    let inside = (ask - Decimal::new(1, 2)).to_string();
    let limit = |size: &str| json!({"limit_limit_gtc": {"base_size": size, "limit_price": inside, "post_only": false}});
    let resting = venue.place("mine", "BTC-USD", "SELL", limit("0.01")).await;
    let taker = venue.place("me-again", "BTC-USD", "BUY", limit("0.004")).await;
    let cancelled = json!({
        "status": "CANCELLED", "filled_size": "0", "cancel_message": "SELF_TRADE_PREVENTION",
        "outstanding_hold_amount": "0", "edit_history": [],
    });
    assert_eq!(fields(&order(&venue, &taker).await, &OUTCOME), cancelled);
    let decremented = json!({
        "status": "OPEN", "filled_size": "0", "cancel_message": "",
        "outstanding_hold_amount": "0.006", "edit_history": [],
    });
    assert_eq!(fields(&order(&venue, &resting).await, &OUTCOME), decremented);
    let (_, fills) = venue.signed("GET", &format!("{API}/orders/historical/fills"), None).await;
    assert_eq!(fills["fills"], json!([]), "nothing traded");
    let (_, (best, size), _) = touch(&venue).await;
    assert_eq!((best.to_string(), size.to_string()), (inside, "0.006".to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_shows_in_the_orders_edit_history() {
    let venue = Venue::manual(25).await;
    let config =
        json!({"limit_limit_gtc": {"base_size": "0.01", "limit_price": "1000.00", "post_only": false}});
    let id = venue.place("edit-me", "BTC-USD", "BUY", config).await;
    let edit = json!({"order_id": id, "price": "1001.00", "size": "0.02"});
    let (_, done) = venue.signed("POST", &format!("{API}/orders/edit"), Some(edit)).await;
    assert_eq!(done, json!({"success": true, "errors": []}));
    let history = json!({
        "edit_history": [{"price": "1001.00", "size": "0.02", "replace_accept_timestamp": "2026-11-01T12:00:00Z"}],
        "current_pending_replace": null,
    });
    let one = order(&venue, &id).await;
    assert_eq!(fields(&one, &["edit_history", "current_pending_replace"]), history);
    let documented = fixture("order_edit_history.json");
    let keys = |v: &Value| v["edit_history"][0].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&history), keys(&documented), "Coinbase's fields");
    let (_, batch) =
        venue.signed("GET", &format!("{API}/orders/historical/batch?order_ids={id}"), None).await;
    assert_eq!(fields(&batch["orders"][0], &["edit_history", "current_pending_replace"]), history);
}
