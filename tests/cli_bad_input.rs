//! Bad input exits 2 and sends nothing: the simulator records no order.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;

const LIMIT: [&str; 6] = ["place", "--product", "BTC-USD", "--side", "buy", "--type"];

async fn refused(venue: &Venue, extra: &[&str], needle: &str) {
    let mut args: Vec<&str> = LIMIT.to_vec();
    args.extend_from_slice(extra);
    let out = venue.cli(&args).await;
    assert_eq!(out.code, 2, "{extra:?} should exit 2: {out:?}");
    assert!(out.stderr.to_lowercase().contains(needle), "{extra:?}: expected {needle:?} in {:?}", out.stderr);
    assert!(venue.sim_orders().await.is_empty(), "{extra:?} must send nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_bad_order_exits_2_and_sends_nothing() {
    let venue = Venue::live().await;
    refused(&venue, &["limit", "--size", "-1", "--price", "100.00"], "--size").await;
    refused(&venue, &["limit", "--size", "0", "--price", "100.00"], "greater than zero").await;
    refused(&venue, &["limit", "--size", "1e3", "--price", "100.00"], "'e'").await;
    refused(&venue, &["limit", "--size", "1_000", "--price", "100.00"], "'_'").await;
    refused(&venue, &["limit", "--size", "0.01", "--price", "100.001"], "not a multiple of the tick 0.01")
        .await;
    refused(&venue, &["limit", "--size", "0.000000001", "--price", "100.00"], "not a multiple of the lot")
        .await;
    refused(&venue, &["stop-limit", "--size", "0.01", "--price", "100.00"], "--stop-price").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn size_below_the_products_minimum_is_refused() {
    let venue = Venue::live().await;
    let args = [
        "place",
        "--product",
        "DOGE-USD",
        "--side",
        "buy",
        "--type",
        "limit",
        "--size",
        "0.5",
        "--price",
        "0.10000",
    ];
    let out = venue.cli(&args).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("below the minimum order size 1"), "{}", out.stderr);
    assert!(venue.sim_orders().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn market_sell_by_quote_and_unknown_product_are_refused() {
    let venue = Venue::live().await;
    let out = venue
        .cli(&["place", "--product", "BTC-USD", "--side", "sell", "--type", "market", "--quote-size", "100"])
        .await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("base"), "{}", out.stderr);
    let out = venue
        .cli(&[
            "place",
            "--product",
            "NOPE-USD",
            "--side",
            "buy",
            "--type",
            "limit",
            "--size",
            "1",
            "--price",
            "1",
        ])
        .await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("unknown product NOPE-USD"), "{}", out.stderr);
    assert!(venue.sim_orders().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_and_world_readable_key_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let venue = Venue::live().await;
    let api = venue.sim.api_url.to_string();
    let ws = venue.sim.ws_url.to_string();
    let missing = venue.dir.path().join("nope.json").display().to_string();
    let order = common::limit_buy("0.01", "100.00", &[]);
    let mut args: Vec<String> = order.iter().map(|s| s.to_string()).collect();
    args.extend([
        "--api-url".into(),
        api.clone(),
        "--ws-url".into(),
        ws.clone(),
        "--key-file".into(),
        missing,
    ]);
    let out = common::run_binary(&args).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("nope.json"), "{}", out.stderr);

    std::fs::set_permissions(&venue.key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = venue.cli(&order).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("chmod 600"), "{}", out.stderr);
    assert!(!out.stderr.contains("PRIVATE KEY"));
    assert!(venue.sim_orders().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keymap_with_an_unknown_action_exits_2_naming_file_line_and_action() {
    let venue = Venue::live().await;
    let keymap = venue.dir.path().join("keys.toml");
    std::fs::write(&keymap, "[normal]\n\"q\" = \"quit\"\n\"x\" = \"frobnicate\"\n").unwrap();
    let out = venue.cli(&["--keymap", keymap.to_str().unwrap()]).await;
    assert_eq!(out.code, 2, "{out:?}");
    let expected =
        format!("keymap {}: line 3: unknown action \"frobnicate\" for key \"x\"", keymap.display());
    assert!(out.stderr.contains(&expected), "expected {expected:?} in {:?}", out.stderr);
    assert!(!out.stderr.contains("stopped"), "the dashboard never started: {:?}", out.stderr);
    assert!(out.stdout.is_empty(), "no terminal was set up: {:?}", out.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn streaming_an_unknown_product_exits_2_naming_it_once() {
    let venue = Venue::live().await;
    let out = venue.cli(&["stream", "--channel", "ticker", "--product", "NOPE-USD", "--count", "1"]).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr.matches("NOPE-USD").count(), 1, "{:?}", out.stderr);
    assert!(out.stderr.contains("unknown product NOPE-USD"), "{:?}", out.stderr);
    assert!(out.stdout.is_empty(), "{:?}", out.stdout);
}
