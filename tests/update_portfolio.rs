//! The model keeps each product's FIFO position from every fill the listing gives (not only the
//! fills the list keeps), and the fee tier with its rates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::app::Msg;
use cbterm::app::model::account::MAX_FILLS;
use cbterm::domain::{FeeRates, FeeTier, Position, Side};
use support::{btc_model, dec, fill, id};

mod support;

#[test]
fn positions_count_every_listed_fill_while_the_list_keeps_the_newest() {
    let mut m = btc_model(1);
    // 60 buys of 0.001 BTC at 50000.00, fee 0.30 each, one a minute.
    let fills: Vec<_> = (0..60)
        .map(|i| {
            let at = format!("2026-01-02T01:{i:02}:00Z");
            fill(&format!("f{i:02}"), "BTC-USD", Side::Buy, &at, "50000.00", "0.001", "0.30")
        })
        .collect();
    m.update(Msg::FillsLoaded(fills));
    // 60 × 0.001 = 0.06 BTC costing 60 × 50 = 3000, fees 60 × 0.30 = 18, nothing closed.
    let expected = Position {
        product: id("BTC-USD"),
        size: dec("0.060"),
        cost: dec("3000"),
        realized: dec("0"),
        fees: dec("18"),
    };
    assert_eq!((m.account.fills.len(), m.account.positions.clone()), (MAX_FILLS, vec![expected]));
}

#[test]
fn the_fee_tier_is_kept_with_its_rates() {
    let mut m = btc_model(1);
    let rates = FeeRates { maker: dec("0.004"), taker: dec("0.006") };
    let tier = FeeTier { name: "Advanced 1".into(), rates };
    m.update(Msg::FeesLoaded(Some(tier.clone())));
    assert_eq!((m.account.fee_tier.clone(), m.account.fees()), (Some(tier), Some(rates)));
}
