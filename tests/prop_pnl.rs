//! Random fill histories keep the FIFO P&L invariants (`domain::pnl`): the position is the net
//! of the fills, fees are their sum, and realized plus unrealized P&L at any mark equals the
//! mark-to-market change of the fills (cash in minus cash out plus the position at the mark),
//! so that net P&L = realized + unrealized − fees. Exact, in `Decimal`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::domain::{Fill, Side, positions};
use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use support::id;

mod support;

/// `(buy, price in cents, size in lots of 0.001, fee in cents)`.
type Raw = (bool, i64, i64, i64);

fn fills(raw: &[Raw]) -> Vec<Fill> {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap();
    raw.iter()
        .enumerate()
        .map(|(i, &(buy, cents, lots, fee))| Fill {
            trade_id: format!("t{i:04}"),
            order_id: format!("o{i}"),
            product: id("BTC-USD"),
            side: if buy { Side::Buy } else { Side::Sell },
            time: t0 + Duration::seconds(i as i64),
            price: Decimal::new(cents, 2),
            size: Decimal::new(lots, 3),
            fee: Decimal::new(fee, 2),
        })
        .collect()
}

proptest! {
    #[test]
    fn realized_plus_unrealized_is_the_mark_to_market_change(
        raw in prop::collection::vec((any::<bool>(), 1i64..10_000_000, 1i64..5_000, 0i64..5_000), 1..40),
        mark_cents in 1i64..10_000_000,
        shuffle in any::<u64>(),
    ) {
        let mut listed = fills(&raw);
        // The order the venue lists them in does not matter: they are applied by time.
        let rotate = (shuffle % listed.len() as u64) as usize;
        listed.rotate_left(rotate);
        let all = positions(&listed);
        prop_assert_eq!(all.len(), 1);
        let p = &all[0];
        let mark = Decimal::new(mark_cents, 2);
        let signed = |f: &Fill| if f.side == Side::Buy { f.size } else { -f.size };
        let net: Decimal = listed.iter().map(signed).sum();
        let cash: Decimal = listed.iter().map(|f| -signed(f) * f.price).sum();
        let fees: Decimal = listed.iter().map(|f| f.fee).sum();
        prop_assert_eq!(p.size, net);
        prop_assert_eq!(p.fees, fees);
        prop_assert_eq!(p.realized + p.unrealized(mark).unwrap(), cash + net * mark);
        // Flat means no entry; otherwise the entry times the size is the cost of the open lots.
        match p.entry() {
            None => prop_assert!(p.size.is_zero()),
            Some(entry) => prop_assert!((entry * p.size - p.cost).abs() < Decimal::new(1, 10)),
        }
    }
}
