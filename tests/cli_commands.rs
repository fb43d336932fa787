//! Every CLI subcommand end to end against the simulator on 127.0.0.1, which verifies each
//! JWT's signature and claims.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;

#[tokio::test(flavor = "multi_thread")]
async fn read_only_subcommands_print_tables_and_json() {
    let venue = Venue::live().await;
    let products = venue.cli(&["products"]).await;
    assert_eq!(products.code, 0, "{products:?}");
    assert!(products.stdout.contains("BTC-USD") && products.stdout.contains("DOGE-USD"));

    let json = venue.cli(&["products", "--json"]).await;
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("products --json is JSON");
    assert!(parsed.as_array().unwrap().iter().any(|p| p["product_id"] == "ETH-USD"));

    let accounts = venue.cli(&["accounts"]).await;
    assert_eq!(accounts.code, 0, "{accounts:?}");
    assert!(accounts.stdout.contains("USD") && accounts.stdout.contains("100000"), "{}", accounts.stdout);

    let book = venue.cli(&["book", "BTC-USD", "--depth", "5"]).await;
    assert_eq!(book.code, 0, "{book:?}");
    assert_eq!(book.stdout.lines().filter(|l| l.starts_with("ask")).count(), 5);
    assert_eq!(book.stdout.lines().filter(|l| l.starts_with("bid")).count(), 5);

    for args in [["orders"].as_slice(), &["orders", "--all-statuses"], &["fills"], &["fills", "--json"]] {
        let out = venue.cli(args).await;
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn limit_order_is_placed_listed_and_cancelled() {
    let venue = Venue::live().await;
    let placed = venue.cli(&common::limit_buy("0.01", "1000.00", &["--json"])).await;
    assert_eq!(placed.code, 0, "{placed:?}");
    let placed: serde_json::Value = serde_json::from_str(&placed.stdout).unwrap();
    let order_id = placed["order_id"].as_str().unwrap().to_string();

    let listed = venue.cli(&["orders", "--json"]).await;
    let orders: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert!(
        orders
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["order_id"] == order_id.as_str() && o["status"] == "OPEN")
    );

    let cancelled = venue.cli(&["cancel", &order_id]).await;
    assert_eq!(cancelled.code, 0, "{cancelled:?}");
    let listed = venue.cli(&["orders", "--json"]).await;
    let orders: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert!(orders.as_array().unwrap().is_empty(), "{orders}");
    let on_sim = venue.sim_orders().await;
    assert_eq!(on_sim.len(), 1);
    assert_eq!(on_sim[0]["status"], "CANCELLED");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_all_cancels_every_open_order() {
    let venue = Venue::live().await;
    for price in ["1000.00", "1001.00", "1002.00"] {
        let out = venue.cli(&common::limit_buy("0.001", price, &[])).await;
        assert_eq!(out.code, 0, "{out:?}");
    }
    let out = venue.cli(&["cancel", "--all"]).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout.matches("cancel requested").count(), 3, "{}", out.stdout);
    assert!(venue.sim_orders().await.iter().all(|o| o["status"] == "CANCELLED"));
}

#[tokio::test(flavor = "multi_thread")]
async fn stream_prints_exactly_count_lines() {
    let venue = Venue::live().await;
    for channel in ["ticker", "level2"] {
        let out = venue.cli(&["stream", "--channel", channel, "--product", "BTC-USD", "--count", "3"]).await;
        assert_eq!(out.code, 0, "{channel}: {out:?}");
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{channel}: {}", out.stdout);
        let expected = if channel == "level2" { "l2_data" } else { "ticker" };
        for line in lines {
            let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            assert_eq!(v["channel"], expected);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_reports_fees_without_placing() {
    let venue = Venue::live().await;
    let args = [
        "place",
        "--product",
        "ETH-USD",
        "--side",
        "buy",
        "--type",
        "market",
        "--quote-size",
        "100",
        "--preview",
        "--json",
    ];
    let out = venue.cli(&args).await;
    assert_eq!(out.code, 0, "{out:?}");
    let preview: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let dec = |k: &str| preview[k].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap();
    let (total, fee) = (dec("order_total"), dec("commission_total"));
    assert!(
        total <= rust_decimal::Decimal::ONE_HUNDRED && total > rust_decimal::Decimal::from(99),
        "{preview}"
    );
    let expected_fee = (total - fee) * rust_decimal::Decimal::new(6, 3);
    assert!((fee - expected_fee).abs() < rust_decimal::Decimal::new(1, 2), "fee {fee} vs {expected_fee}");
    assert!(venue.sim_orders().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn fills_and_orders_show_a_filled_market_order() {
    let venue = Venue::live().await;
    let placed = venue
        .cli(&[
            "place",
            "--product",
            "SOL-USD",
            "--side",
            "buy",
            "--type",
            "market",
            "--size",
            "1.5",
            "--json",
        ])
        .await;
    assert_eq!(placed.code, 0, "{placed:?}");
    let order_id = serde_json::from_str::<serde_json::Value>(&placed.stdout).unwrap()["order_id"].clone();
    let fills = venue.cli(&["fills", "--json"]).await;
    let fills: serde_json::Value = serde_json::from_str(&fills.stdout).unwrap();
    let size: rust_decimal::Decimal = fills
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["order_id"] == order_id)
        .map(|f| f["size"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(size, rust_decimal::Decimal::new(15, 1));
    let table = venue.cli(&["orders", "--all-statuses"]).await;
    assert!(
        table.stdout.contains(order_id.as_str().unwrap()) && table.stdout.contains("FILLED"),
        "{}",
        table.stdout
    );
    let open = venue.cli(&["orders"]).await;
    assert!(!open.stdout.contains(order_id.as_str().unwrap()), "a filled order is not open");
}

#[tokio::test(flavor = "multi_thread")]
async fn stream_of_the_user_channel_needs_a_valid_key() {
    let venue = Venue::live().await;
    let out = venue.cli(&["stream", "--channel", "user", "--count", "1"]).await;
    assert_eq!(out.code, 0, "{out:?}");
    let first: serde_json::Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["channel"], "user");
    assert_eq!(first["events"][0]["type"], "snapshot");

    let stranger = cbterm::credentials::Credentials::generate_es256("organizations/x/apiKeys/unknown");
    let key = venue.dir.path().join("stranger.json");
    stranger.write_key_file(&key).unwrap();
    let args: Vec<String> = ["stream", "--channel", "user", "--count", "1", "--api-url"]
        .iter()
        .map(|s| s.to_string())
        .chain([venue.sim.api_url.to_string(), "--ws-url".into(), venue.sim.ws_url.to_string()])
        .chain(["--key-file".into(), key.display().to_string()])
        .collect();
    let out = common::run_binary(&args).await;
    assert_ne!(out.code, 0, "an unregistered key must not stream: {out:?}");
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("authentication failure"), "{}", out.stderr);
}
