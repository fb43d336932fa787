//! The simulator as a venue: every order type through the CLI, balances, holds, idempotency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::coinbase::rest::FillFilter;
use cbterm::coinbase::wire::{Account, CreateOrderRequest};
use cbterm::domain::*;
use common::Venue;
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn balance(accounts: &[Account], currency: &str) -> (Decimal, Decimal) {
    let a = accounts.iter().find(|a| a.currency == currency).expect("account exists");
    (a.available_balance.value, a.hold_value())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_order_type_is_accepted_through_the_cli() {
    let venue = Venue::live().await;
    let rest = venue.rest();
    let book = rest.product_book(&ProductId::parse("ETH-USD").unwrap(), Some(1)).await.unwrap();
    let bid = book.pricebook.bids[0].price;
    let ask = book.pricebook.asks[0].price;
    let below = (bid * dec("0.9")).round_dp(2).to_string();
    let above = (ask * dec("1.05")).round_dp(2).to_string();
    let far_below = (bid * dec("0.88")).round_dp(2).to_string();
    let end = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let cases: Vec<Vec<&str>> = vec![
        vec!["--side", "buy", "--type", "market", "--size", "0.01"],
        vec!["--side", "buy", "--type", "market", "--quote-size", "50"],
        vec!["--side", "sell", "--type", "market", "--size", "0.01"],
        vec!["--side", "buy", "--type", "limit", "--size", "0.01", "--price", &below],
        vec!["--side", "buy", "--type", "limit", "--size", "0.01", "--price", &below, "--post-only"],
        vec![
            "--side",
            "buy",
            "--type",
            "limit",
            "--size",
            "0.01",
            "--price",
            &below,
            "--tif",
            "gtd",
            "--end-time",
            &end,
        ],
        vec!["--side", "buy", "--type", "limit", "--size", "0.01", "--price", &above, "--tif", "ioc"],
        vec!["--side", "buy", "--type", "limit", "--size", "0.01", "--price", &above, "--tif", "fok"],
        vec![
            "--side",
            "buy",
            "--type",
            "stop-limit",
            "--size",
            "0.01",
            "--price",
            &above,
            "--stop-price",
            &above,
        ],
        vec![
            "--side",
            "sell",
            "--type",
            "stop-limit",
            "--size",
            "0.01",
            "--price",
            &far_below,
            "--stop-price",
            &below,
            "--tif",
            "gtd",
            "--end-time",
            &end,
        ],
        vec![
            "--side",
            "sell",
            "--type",
            "bracket",
            "--size",
            "0.01",
            "--price",
            &above,
            "--stop-price",
            &below,
        ],
        vec![
            "--side",
            "sell",
            "--type",
            "bracket",
            "--size",
            "0.01",
            "--price",
            &above,
            "--stop-price",
            &below,
            "--tif",
            "gtd",
            "--end-time",
            &end,
        ],
    ];
    for case in &cases {
        let mut args = vec!["place", "--product", "ETH-USD"];
        args.extend(case.iter().copied());
        let out = venue.cli(&args).await;
        assert_eq!(out.code, 0, "{case:?}: {out:?}");
        let newest = venue.sim_orders().await[0]["order_id"].as_str().unwrap().to_string();
        let said = ["order filled: ", "order partly filled", "order resting on the book", "stop order open"];
        let named = out.stdout.contains(&format!("(order id {newest}, client order id "));
        assert!(said.iter().any(|s| out.stdout.starts_with(s)) && named, "{case:?}: {}", out.stdout);
    }
    assert_eq!(venue.sim_orders().await.len(), cases.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn crossing_buy_moves_balances_by_size_times_price_plus_fee() {
    let venue = Venue::live().await;
    let rest = venue.rest();
    let before = rest.accounts().await.unwrap();
    let product = ProductId::parse("BTC-USD").unwrap();
    let ask = rest.product_book(&product, Some(1)).await.unwrap().pricebook.asks[0].price;
    let limit = (ask * dec("1.01")).round_dp(2);
    let order = CreateOrderRequest {
        client_order_id: uuid::Uuid::new_v4().to_string(),
        product_id: product.clone(),
        side: Side::Buy,
        order_configuration: OrderConfig::SorLimitIoc(LimitIoc {
            base_size: dec("0.05"),
            limit_price: limit,
        }),
    };
    let placed = rest.create_order(&order).await.unwrap();
    let fills = rest
        .fills(&FillFilter { order_ids: vec![placed.order_id.clone()], ..FillFilter::default() })
        .await
        .unwrap();
    assert!(!fills.is_empty());
    let size: Decimal = fills.iter().map(|f| f.size).sum();
    let cost: Decimal = fills.iter().map(|f| f.price * f.size + f.commission).sum();
    assert_eq!(size, dec("0.05"));
    for f in &fills {
        assert_eq!(f.commission, f.price * f.size * dec("0.006"), "taker fee is 0.6 % of the notional");
        assert_eq!(f.liquidity_indicator, "TAKER");
    }
    let after = rest.accounts().await.unwrap();
    assert_eq!(balance(&before, "USD").0 - balance(&after, "USD").0, cost);
    assert_eq!(balance(&after, "BTC").0 - balance(&before, "BTC").0, size);
    assert_eq!(balance(&after, "USD").1, Decimal::ZERO);
}

#[tokio::test(flavor = "multi_thread")]
async fn resting_order_holds_funds_until_cancelled() {
    let venue = Venue::live().await;
    let rest = venue.rest();
    let order = CreateOrderRequest {
        client_order_id: uuid::Uuid::new_v4().to_string(),
        product_id: ProductId::parse("SOL-USD").unwrap(),
        side: Side::Buy,
        order_configuration: OrderConfig::LimitGtc(LimitGtc {
            base_size: dec("2"),
            limit_price: dec("10.00"),
            post_only: false,
        }),
    };
    let placed = rest.create_order(&order).await.unwrap();
    let held = balance(&rest.accounts().await.unwrap(), "USD");
    assert!(held.1 >= dec("20"), "hold {held:?}");
    let open = rest.open_orders(&[]).await.unwrap();
    assert!(open.iter().any(|o| o.order_id == placed.order_id));
    let results = rest.cancel_orders(std::slice::from_ref(&placed.order_id)).await.unwrap();
    assert!(results[0].success);
    let released = balance(&rest.accounts().await.unwrap(), "USD");
    assert_eq!(released.1, Decimal::ZERO);
    assert_eq!(released.0, dec("100000"));
    assert_eq!(rest.get_order(&placed.order_id).await.unwrap().status, OrderStatus::Cancelled);
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_client_order_id_yields_one_order() {
    let venue = Venue::live().await;
    let args = common::limit_buy("0.01", "1000.00", &["--client-order-id", "same-intent-1", "--json"]);
    let first = venue.cli(&args).await;
    let second = venue.cli(&args).await;
    assert_eq!((first.code, second.code), (0, 0), "{first:?} {second:?}");
    let id = |o: &common::Output| {
        serde_json::from_str::<serde_json::Value>(&o.stdout).unwrap()["order_id"].clone()
    };
    assert_eq!(id(&first), id(&second));
    assert_eq!(venue.sim_orders().await.len(), 1);
}

/// The gap listing's query (R-ORD7 step 2): `order_ids` finds an order that is done whatever its
/// age, and `start_date` alone leaves out orders created before it.
#[tokio::test(flavor = "multi_thread")]
async fn orders_listed_by_id_come_back_in_every_status() {
    use cbterm::coinbase::rest::OrderFilter;
    let venue = Venue::live().await;
    let rest = venue.rest();
    let placed = rest.create_order(&common::resting_buy("gap-listing-1")).await.unwrap();
    rest.cancel_orders(std::slice::from_ref(&placed.order_id)).await.unwrap();
    let by_id = OrderFilter { order_ids: vec![placed.order_id.clone()], ..OrderFilter::default() };
    let listed = rest.list_orders(&by_id).await.unwrap();
    let found: Vec<(String, OrderStatus)> =
        listed.iter().map(|o| (o.order_id.clone(), o.status.clone())).collect();
    assert_eq!(found, vec![(placed.order_id.clone(), OrderStatus::Cancelled)]);
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let since = OrderFilter { start_date: Some(later), ..OrderFilter::default() };
    assert!(rest.list_orders(&since).await.unwrap().is_empty(), "created before the window");
}
