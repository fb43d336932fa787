//! `place --dry-run` against the simulator: the order stops at `POST /orders/preview`, which
//! is printed (text and JSON), and no create-order request reaches the simulator (its request
//! log and its order list say so).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;

const PREVIEW: &str = "POST /api/v3/brokerage/orders/preview";
const CREATE: &str = "POST /api/v3/brokerage/orders";

async fn requests(venue: &Venue) -> Vec<String> {
    serde_json::from_value(venue.admin_get("/requests").await).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_the_preview_and_never_posts_the_order() {
    let venue = Venue::manual(3).await;
    // A resting buy of 0.01 at 1000.00: 10.00 USD at the maker rate (0.4 %), fee 0.04.
    let out = venue.cli(&common::limit_buy("0.01", "1000.00", &["--dry-run"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "dry-run: the order was previewed, not sent\n\
         preview: total 10.04 fee 0.04 est. average price 1000 slippage 0\n\
         the exchange reports no problems with this order\n"
    );

    let out = venue.cli(&common::limit_buy("0.01", "1000.00", &["--dry-run", "--json"])).await;
    assert_eq!(out.code, 0, "{out:?}");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total: rust_decimal::Decimal = json["order_total"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        (json["dry_run"].as_bool(), total),
        (Some(true), rust_decimal::Decimal::new(1004, 2)),
        "{json}"
    );

    let log = requests(&venue).await;
    assert_eq!(log.iter().filter(|r| *r == PREVIEW).count(), 2, "{log:?}");
    assert!(!log.iter().any(|r| r == CREATE), "no create-order request: {log:?}");
    assert!(venue.sim_orders().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_refuses_a_cancel_rather_than_send_it() {
    let venue = Venue::manual(3).await;
    let out = venue.cli(&["cancel", "--all", "--dry-run"]).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("--dry-run covers orders only"), "{out:?}");
    let log = requests(&venue).await;
    assert!(!log.iter().any(|r| r.contains("batch_cancel")), "{log:?}");
}
