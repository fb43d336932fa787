//! `cbterm accounts` values each balance in USD with a total, and `cbterm orders` shows every
//! order's trigger (a stop-limit's stop, a bracket's stop-loss), in text and JSON; against the
//! simulator on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;
use serde_json::{Value, json};

/// A SOL-USD buy of 1 of `kind` with `client_order_id` and the price flags.
fn buy<'a>(kind: &'a str, client_order_id: &'a str, prices: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["place", "--product", "SOL-USD", "--side", "buy", "--type", kind, "--size", "1"];
    args.extend(["--client-order-id", client_order_id]);
    args.extend_from_slice(prices);
    args
}

fn id_of(orders: &[Value], client_order_id: &str) -> String {
    let o = orders.iter().find(|o| o["client_order_id"] == client_order_id).expect("the simulator has it");
    o["order_id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_show_the_stop_of_a_stop_limit_and_the_stop_loss_of_a_bracket_in_text_and_json() {
    let venue = Venue::manual(35).await;
    venue.step(50).await;
    let stop = buy(
        "stop-limit",
        "stop-1",
        &["--price", "161.00", "--stop-price", "160.00", "--stop-direction", "up"],
    );
    let out = venue.cli(&stop).await;
    assert_eq!(out.code, 0, "{out:?}");
    let out = venue.cli(&buy("bracket", "bracket-1", &["--price", "140.00", "--stop-price", "158.00"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    let sim = venue.sim_orders().await;
    let (stop_id, bracket_id) = (id_of(&sim, "stop-1"), id_of(&sim, "bracket-1"));

    let text = venue.cli(&["orders"]).await;
    let expected = format!(
        "\
ORDER ID                              PRODUCT  SIDE  TYPE         PRICE    STOP  SIZE  FILLED  AVG PRICE  FEES  STATUS  CREATED (UTC)
{bracket_id}  SOL-USD  BUY   BRACKET     140.00  158.00     1       0          -  0.00  OPEN    2026-11-01 12:00:12
{stop_id}  SOL-USD  BUY   STOP_LIMIT  161.00  160.00     1       0          -  0.00  OPEN    2026-11-01 12:00:12
"
    );
    assert_eq!((text.code, text.stdout.as_str()), (0, expected.as_str()), "{text:?}");

    let out = venue.cli(&["orders", "--json"]).await;
    assert_eq!(out.code, 0, "{out:?}");
    let listed: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    let mut stops: Vec<(String, Value)> = listed
        .iter()
        .map(|o| (o["client_order_id"].as_str().unwrap().to_string(), o["stop_price"].clone()))
        .collect();
    stops.sort_by(|a, b| a.0.cmp(&b.0));
    let expected = vec![("bracket-1".to_string(), json!("158.00")), ("stop-1".to_string(), json!("160.00"))];
    assert_eq!(stops, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_json_values_each_account_in_usd_with_a_total() {
    let venue = Venue::manual(35).await;
    venue.step(50).await;
    let out = venue.cli(&["accounts", "--json"]).await;
    assert_eq!(out.code, 0, "{out:?}");
    let answer: Value = serde_json::from_str(&out.stdout).unwrap();
    let values: Vec<(&str, Value)> = answer["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["currency"].as_str().unwrap(), a["value"].clone()))
        .collect();
    // The funded account at the seed-35 market after 50 steps: 100000 USD, 1 BTC at
    // 68010.20, 10000 DOGE at 0.15003, 10 ETH at 2597.92, 100 SOL at 149.90; the total is
    // 68010.20 + 1500.30 + 25979.20 + 14990.00 + 100000.00 = 210479.70.
    let expected = vec![
        ("BTC", json!("68010.20")),
        ("DOGE", json!("1500.30")),
        ("ETH", json!("25979.20")),
        ("SOL", json!("14990.00")),
        ("USD", json!("100000.00")),
    ];
    assert_eq!(values, expected);
    let total = (&answer["quote"], &answer["total_value"], &answer["unpriced"]);
    assert_eq!(total, (&json!("USD"), &json!("210479.70"), &json!([])));
}
