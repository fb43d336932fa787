//! `cbterm orders --all-statuses` lists done orders beside open ones, each with its status,
//! average fill price and fees, in text and JSON, and the dashboard's history listing finds the
//! same done orders; against the simulator on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::coinbase::parse;
use cbterm::coinbase::rest::{FillFilter, OrderFilter};
use cbterm::coinbase::wire::Order;
use cbterm::domain::OrderStatus;
use common::Venue;
use rust_decimal::Decimal;
use serde_json::Value;

/// A SOL-USD limit buy of `size` at `price` with `client_order_id`.
fn limit_buy<'a>(client_order_id: &'a str, size: &'a str, price: &'a str) -> Vec<&'a str> {
    let mut args = vec!["place", "--product", "SOL-USD", "--side", "buy", "--type", "limit"];
    args.extend(["--size", size, "--price", price, "--client-order-id", client_order_id]);
    args
}

/// The order id of `client_order_id` in the simulator's records.
async fn order_id(venue: &Venue, client_order_id: &str) -> String {
    let orders = venue.sim_orders().await;
    let o = orders.iter().find(|o| o["client_order_id"] == client_order_id).expect("the simulator has it");
    o["order_id"].as_str().unwrap().to_string()
}

/// The average price and total fee of `order_id`'s fills, worked out from the fills themselves.
async fn from_fills(venue: &Venue, order_id: &str) -> (Decimal, Decimal, Decimal) {
    let filter = FillFilter { order_ids: vec![order_id.into()], ..FillFilter::default() };
    let fills = venue.rest().fills(&filter).await.unwrap();
    assert!(!fills.is_empty(), "the order filled");
    let size: Decimal = fills.iter().map(|f| f.size).sum();
    let value: Decimal = fills.iter().map(|f| f.price * f.size).sum();
    let fees: Decimal = fills.iter().map(|f| f.commission).sum();
    (size, value / size, fees)
}

/// A table row as its cells (the creation time is two: date and time).
fn cells(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn all_statuses_shows_a_filled_and_a_cancelled_order_with_average_price_and_fees() {
    let venue = Venue::manual(35).await;
    venue.step(50).await;
    // SOL trades near 149.90: a buy at 151.00 takes the asks; one at 140.00 rests, then is
    // cancelled.
    let out = venue.cli(&limit_buy("fill-1", "2", "151.00")).await;
    assert_eq!(out.code, 0, "{out:?}");
    let out = venue.cli(&limit_buy("rest-1", "1", "140.00")).await;
    assert_eq!(out.code, 0, "{out:?}");
    let (filled_id, rested_id) = (order_id(&venue, "fill-1").await, order_id(&venue, "rest-1").await);
    let out = venue.cli(&["cancel", &rested_id]).await;
    assert_eq!(out.code, 0, "{out:?}");
    let (size, avg, fees) = from_fills(&venue, &filled_id).await;
    assert_eq!(size, Decimal::from(2));
    let shown = |d: Decimal| {
        let mut d = d.round_dp(2);
        d.rescale(2);
        d.to_string()
    };
    let rest = venue.rest();
    let (filled, rested) =
        (rest.get_order(&filled_id).await.unwrap(), rest.get_order(&rested_id).await.unwrap());
    let created = |o: &Order| o.created_time.format("%Y-%m-%d %H:%M:%S").to_string();

    let text = venue.cli(&["orders", "--all-statuses"]).await;
    assert_eq!(text.code, 0, "{text:?}");
    let lines: Vec<&str> = text.stdout.lines().collect();
    let header = "ORDER ID PRODUCT SIDE TYPE PRICE STOP SIZE FILLED AVG PRICE FEES STATUS CREATED (UTC)";
    assert_eq!(cells(lines[0]).join(" "), header);
    let row = |id: &str| lines.iter().find(|l| l.starts_with(id)).map(|l| cells(l)).unwrap();
    let filled_row = format!(
        "{filled_id} SOL-USD BUY LIMIT 151.00 - 2 2 {} {} FILLED {}",
        shown(avg),
        shown(fees),
        created(&filled)
    );
    assert_eq!(row(&filled_id), cells(&filled_row));
    let cancelled_row =
        format!("{rested_id} SOL-USD BUY LIMIT 140.00 - 1 0 - 0.00 CANCELLED {}", created(&rested));
    assert_eq!(row(&rested_id), cells(&cancelled_row));
    assert_eq!(lines.len(), 3, "{}", text.stdout);

    let json = venue.cli(&["orders", "--all-statuses", "--json"]).await;
    assert_eq!(json.code, 0, "{json:?}");
    let listed: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    for order in [&filled, &rested] {
        let mut expected = serde_json::to_value(order).unwrap();
        expected["stop_price"] = Value::Null;
        let record = listed.iter().find(|o| o["order_id"] == order.order_id.as_str()).unwrap();
        assert_eq!(record, &expected, "the whole record, as Coinbase reports it");
    }
    let record = |id: &str| listed.iter().find(|o| o["order_id"] == id).unwrap().clone();
    let (f, c) = (record(&filled_id), record(&rested_id));
    let dec = |v: &Value| v.as_str().unwrap().parse::<Decimal>().unwrap();
    assert_eq!(
        (f["status"].as_str(), dec(&f["average_filled_price"]), dec(&f["total_fees"])),
        (Some("FILLED"), avg, fees)
    );
    assert_eq!(
        (c["status"].as_str(), dec(&c["filled_size"]), dec(&c["total_fees"])),
        (Some("CANCELLED"), Decimal::ZERO, Decimal::ZERO)
    );

    // The dashboard's History tab asks for one page of the done statuses: the same two orders.
    let done =
        OrderFilter { statuses: OrderStatus::DONE.to_vec(), limit: Some(100), ..OrderFilter::default() };
    let mut listed = parse::orders(&rest.recent_orders(&done).await.unwrap());
    listed.sort_by(|a, b| a.order_id.cmp(&b.order_id));
    let mut expected = parse::orders(&[filled, rested]);
    expected.sort_by(|a, b| a.order_id.cmp(&b.order_id));
    assert_eq!(listed, expected);
}
