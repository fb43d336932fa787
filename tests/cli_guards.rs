//! The CLI's pre-trade guards against a simulator whose market stands still: a limit far
//! through the market and a stop that would trigger at once exit 2 and send nothing;
//! `--force` sends them (a limit 25 % through then meets the simulator's own price protection,
//! as it would meet Coinbase's). Also the venue flags: a bare origin and no `--ws-url` are
//! enough.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::domain::ProductId;
use common::Venue;
use rust_decimal::Decimal;

/// Best bid, best ask and last trade of BTC-USD on a manual market that has traded.
async fn market(venue: &Venue) -> (Decimal, Decimal, Decimal) {
    venue.step(200).await;
    let rest = venue.rest();
    let btc = ProductId::parse("BTC-USD").unwrap();
    let book = rest.best_bid_ask(std::slice::from_ref(&btc)).await.unwrap().remove(0);
    let last =
        rest.market_trades(&btc, 1).await.unwrap().trades.first().expect("the market has traded").price;
    (book.bids[0].price, book.asks[0].price, last)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_limit_25_percent_through_the_market_is_refused_then_forced() {
    let venue = Venue::manual(11).await;
    let (bid, ask, _) = market(&venue).await;
    let mid = (bid + ask) / Decimal::TWO;
    let price = (mid * Decimal::new(125, 2)).round_dp(2).to_string();
    let out = venue.cli(&common::limit_buy("0.001", &price, &[])).await;
    assert_eq!(out.code, 2, "{out:?}");
    let expected = format!("limit price {price} is 25% through the market ({mid}); more than 10% is refused");
    assert!(out.stderr.contains(&expected), "expected {expected:?} in {:?}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert!(venue.sim_orders().await.is_empty(), "nothing is sent");

    let out = venue.cli(&common::limit_buy("0.001", &price, &["--force", "--json"])).await;
    assert_eq!(out.code, 3, "sent, and refused by the exchange's own protection: {out:?}");
    assert!(out.stderr.contains("overridden by force"), "{}", out.stderr);
    let refused = format!("(LIMIT_PRICE_TOO_FAR_FROM_MARKET): limit price {price} is more than 10% through");
    assert!(out.stderr.contains(&refused), "expected {refused:?} in {:?}", out.stderr);
    assert!(venue.sim_orders().await.is_empty(), "refused by the simulator");

    let off = serde_json::json!({"product_id": "BTC-USD", "band": "0.02", "refuse_beyond": null});
    venue.admin_post("/price_protection", off).await;
    let out = venue.cli(&common::limit_buy("0.001", &price, &["--force", "--json"])).await;
    assert_eq!(out.code, 0, "a venue without the refusal accepts it: {out:?}");
    assert!(out.stderr.contains("overridden by force"), "{}", out.stderr);
    let placed: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let orders = venue.sim_orders().await;
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(orders[0]["order_id"], placed["order_id"]);
    assert_eq!(orders[0]["order_configuration"]["limit_limit_gtc"]["limit_price"], price.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_that_would_trigger_at_once_is_refused_with_the_reason() {
    let venue = Venue::manual(12).await;
    let (_, _, last) = market(&venue).await;
    let stop = (last + Decimal::ONE_HUNDRED).to_string();
    let args = [
        "place",
        "--product",
        "BTC-USD",
        "--side",
        "buy",
        "--type",
        "stop-limit",
        "--stop-direction",
        "down",
        "--size",
        "0.001",
        "--price",
        &stop,
        "--stop-price",
        &stop,
    ];
    let out = venue.cli(&args).await;
    assert_eq!(out.code, 2, "{out:?}");
    let expected = format!(
        "stop price {stop} would trigger at once: it triggers when the last trade falls to it, and the last \
         trade is already {last}"
    );
    assert!(out.stderr.contains(&expected), "expected {expected:?} in {:?}", out.stderr);
    assert!(venue.sim_orders().await.is_empty(), "nothing is sent");

    let mut up: Vec<&str> = args.to_vec();
    up[8] = "up";
    let out = venue.cli(&up).await;
    assert_eq!(out.code, 0, "the same stop triggering on a rise is a normal buy stop: {out:?}");
    let orders = venue.sim_orders().await;
    assert_eq!(orders.len(), 1);
    let config = &orders[0]["order_configuration"]["stop_limit_stop_limit_gtc"];
    assert_eq!(config["stop_direction"], "STOP_DIRECTION_STOP_UP");
    assert_eq!(config["stop_price"], stop.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bare_origin_works_and_only_streaming_commands_need_the_ws_url() {
    let venue = Venue::manual(13).await;
    let origin = format!("http://{}", venue.sim.api_url.authority());
    let key = venue.key_file.display().to_string();
    let run = |args: &[&str]| {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--api-url".into(), origin.clone(), "--key-file".into(), key.clone()]);
        all
    };
    let out = common::run_binary(&run(&["products"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("BTC-USD"), "{}", out.stdout);
    let out = common::run_binary(&run(&common::limit_buy("0.001", "1000.00", &["--json"]))).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(venue.sim_orders().await.len(), 1);
    let out =
        common::run_binary(&run(&["stream", "--channel", "ticker", "--product", "BTC-USD", "--count", "1"]))
            .await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--ws-url"), "{}", out.stderr);
}
