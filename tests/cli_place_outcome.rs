//! `cbterm place` says what became of the order, read back from the simulator on 127.0.0.1:
//! filled (size, average price, fees), partly filled, resting, or expired unfilled (exit 3),
//! and a re-sent client order id is named as the EXISTING order, never as a new one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::coinbase::wire::PriceLevel;
use cbterm::domain::ProductId;
use common::{Output, Venue};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The best SOL-USD ask of a manual market that has traded.
async fn best_ask(venue: &Venue) -> PriceLevel {
    venue.step(50).await;
    let sol = ProductId::parse("SOL-USD").unwrap();
    venue.rest().product_book(&sol, Some(1)).await.unwrap().pricebook.asks.remove(0)
}

/// A SOL-USD buy: `kind` (`limit` or `market`), then the other flags.
fn buy<'a>(kind: &'a str, client_order_id: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["place", "--product", "SOL-USD", "--side", "buy", "--type", kind];
    args.extend(["--client-order-id", client_order_id]);
    args.extend_from_slice(extra);
    args
}

/// The simulator's record of the order with `client_order_id`.
async fn on_sim(venue: &Venue, client_order_id: &str) -> Value {
    let orders = venue.sim_orders().await;
    orders.into_iter().find(|o| o["client_order_id"] == client_order_id).expect("the simulator has it")
}

/// A decimal field of a simulator record, as `place` prints it (trailing zeros dropped).
fn dec(order: &Value, field: &str) -> String {
    order[field].as_str().unwrap().parse::<Decimal>().unwrap().normalize().to_string()
}

fn placed_json(out: &Output) -> Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fill_or_kill_that_cannot_fill_says_it_expired_unfilled_and_exits_3() {
    let venue = Venue::manual(31).await;
    let ask = best_ask(&venue).await;
    let (size, price) = ((ask.size + Decimal::ONE).to_string(), ask.price.to_string());
    let flags = ["--tif", "fok", "--size", &size, "--price", &price];

    let out = venue.cli(&buy("limit", "fok-1", &flags)).await;
    let order = on_sim(&venue, "fok-1").await;
    assert_eq!(order["status"], "EXPIRED");
    let id = order["order_id"].as_str().unwrap();
    let expected = format!(
        "error: order expired unfilled, nothing traded: BUY SOL-USD LIMIT (order id {id}, client order id fok-1)\n"
    );
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (3, "", expected.as_str()), "{out:?}");

    let out = venue.cli(&buy("limit", "fok-2", &[&flags[..], &["--json"]].concat())).await;
    assert_eq!(out.code, 3, "{out:?}");
    let order = on_sim(&venue, "fok-2").await;
    let expected = json!({
        "success": true,
        "order_id": order["order_id"],
        "client_order_id": "fok-2",
        "product_id": "SOL-USD",
        "side": "BUY",
        "order_configuration": {"limit_limit_fok": {"base_size": size, "limit_price": price}},
        "existing": false,
        "status": "EXPIRED",
        "filled_size": "0",
        "average_filled_price": null,
        "total_fees": "0",
    });
    assert_eq!(placed_json(&out), expected);
    assert!(out.stderr.contains("order expired unfilled, nothing traded"), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_market_order_says_it_filled_with_size_average_price_and_fees() {
    let venue = Venue::manual(32).await;
    best_ask(&venue).await;
    let out = venue.cli(&buy("market", "mkt-1", &["--size", "1.5"])).await;
    let order = on_sim(&venue, "mkt-1").await;
    assert_eq!(order["status"], "FILLED");
    let expected = format!(
        "order filled: BUY SOL-USD MARKET; filled 1.5 SOL at an average {} USD, fees {} USD \
         (order id {}, client order id mkt-1)\n",
        dec(&order, "average_filled_price"),
        dec(&order, "total_fees"),
        order["order_id"].as_str().unwrap()
    );
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, expected.as_str(), ""), "{out:?}");

    let out = venue.cli(&buy("market", "mkt-2", &["--size", "1.5", "--json"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    let order = on_sim(&venue, "mkt-2").await;
    let expected = json!({
        "success": true,
        "order_id": order["order_id"],
        "client_order_id": "mkt-2",
        "product_id": "SOL-USD",
        "side": "BUY",
        "order_configuration": {"market_market_ioc": {"base_size": "1.5"}},
        "existing": false,
        "status": "FILLED",
        "filled_size": "1.5",
        "average_filled_price": dec(&order, "average_filled_price"),
        "total_fees": dec(&order, "total_fees"),
    });
    assert_eq!(placed_json(&out), expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_immediate_or_cancel_that_takes_one_level_says_it_partly_filled() {
    let venue = Venue::manual(33).await;
    let ask = best_ask(&venue).await;
    let (size, price) = ((ask.size + Decimal::ONE).to_string(), ask.price.to_string());
    let out = venue.cli(&buy("limit", "ioc-1", &["--tif", "ioc", "--size", &size, "--price", &price])).await;
    let order = on_sim(&venue, "ioc-1").await;
    assert_eq!(
        (order["status"].as_str(), dec(&order, "filled_size")),
        (Some("CANCELLED"), ask.size.normalize().to_string())
    );
    let expected = format!(
        "order partly filled, the rest cancelled: BUY SOL-USD LIMIT; filled {} SOL at an average {} USD, \
         fees {} USD (order id {}, client order id ioc-1)\n",
        ask.size.normalize(),
        ask.price.normalize(),
        dec(&order, "total_fees"),
        order["order_id"].as_str().unwrap()
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, expected.as_str()), "{out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_re_sent_client_order_id_is_named_as_the_existing_order() {
    let venue = Venue::manual(34).await;
    best_ask(&venue).await;
    let resting = ["--size", "1", "--price", "10.00"];
    let out = venue.cli(&buy("limit", "again-1", &resting)).await;
    let order = on_sim(&venue, "again-1").await;
    let id = order["order_id"].as_str().unwrap().to_string();
    let expected = format!(
        "order resting on the book, nothing filled yet: BUY SOL-USD LIMIT (order id {id}, client order id again-1)\n"
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, expected.as_str()), "{out:?}");

    venue.step(1).await;
    let out = venue.cli(&buy("limit", "again-1", &resting)).await;
    let expected = format!(
        "EXISTING order {id} (OPEN): client order id again-1 was used already, nothing new was placed; \
         order resting on the book, nothing filled yet: BUY SOL-USD LIMIT\n"
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, expected.as_str()), "{out:?}");

    let other = ["--size", "2", "--price", "11.00", "--json"];
    let out = venue.cli(&buy("limit", "again-1", &other)).await;
    assert_eq!(out.code, 0, "{out:?}");
    let expected = json!({
        "success": true,
        "order_id": id,
        "client_order_id": "again-1",
        "product_id": "SOL-USD",
        "side": "BUY",
        "order_configuration": {"limit_limit_gtc": {"base_size": "1", "limit_price": "10.00", "post_only": false}},
        "existing": true,
        "status": "OPEN",
        "filled_size": "0",
        "average_filled_price": null,
        "total_fees": "0",
    });
    assert_eq!(placed_json(&out), expected, "the existing order as it is, not the request");
    assert_eq!(venue.sim_orders().await.len(), 1, "one order, however often its id is sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_and_orders_show_each_currency_at_one_precision_and_quote_sizes_with_their_unit() {
    let venue = Venue::manual(35).await;
    best_ask(&venue).await;
    let out = venue.cli(&buy("limit", "hold-1", &["--size", "1", "--price", "10.00"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    let out = venue.cli(&buy("market", "quote-1", &["--quote-size", "100"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    let accounts = venue.cli(&["accounts"]).await;
    let expected = "\
CURRENCY     AVAILABLE        HOLD         TOTAL  VALUE USD
BTC         1.00000000  0.00000000    1.00000000   68010.20
DOGE           10000.0         0.0       10000.0    1500.30
ETH        10.00000000  0.00000000   10.00000000   25979.20
SOL       100.66299992  0.00000000  100.66299992   15092.40
USD           99889.94       10.06      99900.00   99900.00
TOTAL                                             210482.10
";
    assert_eq!((accounts.code, accounts.stdout.as_str()), (0, expected), "{accounts:?}");

    // The market buy of 100 USD: 0.66299992 SOL at 149.93 on average (99.40 USD) plus 0.60 fees.
    let orders = venue.cli(&["orders", "--all-statuses"]).await;
    let (market, limit) = (on_sim(&venue, "quote-1").await, on_sim(&venue, "hold-1").await);
    let expected = format!(
        "\
ORDER ID                              PRODUCT  SIDE  TYPE    PRICE  STOP        SIZE      FILLED  AVG PRICE  FEES  STATUS  CREATED (UTC)
{}  SOL-USD  BUY   MARKET      -     -  100.00 USD  0.66299992     149.93  0.60  FILLED  2026-11-01 12:00:12
{}  SOL-USD  BUY   LIMIT   10.00     -           1           0          -  0.00  OPEN    2026-11-01 12:00:12
",
        market["order_id"].as_str().unwrap(),
        limit["order_id"].as_str().unwrap()
    );
    assert_eq!((orders.code, orders.stdout.as_str()), (0, expected.as_str()), "{orders:?}");
}
