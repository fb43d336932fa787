use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::domain::validate::Violation;
use crate::domain::{LimitGtc, MarketIoc, OrderDraft, OrderKind, ProductId, Size, StopDirection};

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn now() -> DateTime<Utc> {
    "2026-11-01T12:00:00Z".parse().expect("time")
}

fn rules() -> ProductRules {
    ProductRules {
        id: ProductId("BTC-USD".into()),
        price_increment: dec("0.01"),
        base_increment: dec("0.0001"),
        quote_increment: dec("0.01"),
        base_min_size: dec("0.0001"),
        base_max_size: dec("100"),
        quote_min_size: dec("1"),
        quote_max_size: dec("1000000"),
        trading_disabled: false,
        cancel_only: false,
        limit_only: false,
        post_only: false,
    }
}

/// Book 49990/50010 (reference 50000), last trade 50000, balances and fees unknown.
fn ctx(rules: &ProductRules) -> GuardContext<'_> {
    GuardContext {
        rules,
        bid: Some(dec("49990.00")),
        ask: Some(dec("50010.00")),
        reference: Some(dec("50000")),
        last_trade: Some(dec("50000.00")),
        base_available: None,
        quote_available: None,
        fees: None,
        now: now(),
        limits: RiskLimits::default(),
    }
}

fn limit(price: &str) -> OrderConfig {
    OrderConfig::LimitGtc(LimitGtc { base_size: dec("0.01"), limit_price: dec(price), post_only: false })
}

fn stop_limit(side: Side, direction: StopDirection, stop: &str, price: &str) -> OrderConfig {
    let d = OrderDraft {
        size: Some(Size::Base(dec("0.01"))),
        limit_price: Some(dec(price)),
        stop_price: Some(dec(stop)),
        stop_direction: Some(direction),
        ..OrderDraft::new(OrderKind::StopLimit, side)
    };
    d.build().expect("builds")
}

fn check(side: Side, config: &OrderConfig, force: bool) -> Assessment {
    assess(side, config, &ctx(&rules()), force)
}

fn market_deviation(price: &str, percent: &str) -> Deviation {
    Deviation { price: dec(price), reference: dec("50000"), basis: PriceBasis::Market, percent: dec(percent) }
}

#[test]
fn distance_warns_beyond_3_and_refuses_beyond_10_percent_through_the_market() {
    let cases = [
        (Side::Buy, "51500.00", None, None),
        (Side::Buy, "51500.50", Some("3.001"), None),
        (Side::Buy, "55000.00", Some("10"), None),
        (Side::Buy, "55000.50", None, Some("10.001")),
        (Side::Sell, "48500.00", None, None),
        (Side::Sell, "48499.50", Some("3.001"), None),
        (Side::Sell, "45000.00", Some("10"), None),
        (Side::Sell, "44999.50", None, Some("10.001")),
        (Side::Buy, "30000.00", None, None),
        (Side::Sell, "80000.00", None, None),
    ];
    for (side, price, warn, refuse) in cases {
        let a = check(side, &limit(price), false);
        let expected_warnings: Vec<Warning> =
            warn.map(|p| Warning::FarThrough(market_deviation(price, p))).into_iter().collect();
        assert_eq!(a.warnings, expected_warnings, "{side} {price}");
        assert_eq!(
            a.refusal,
            refuse
                .map(|p| Refusal::TooFarThrough { deviation: market_deviation(price, p), limit: dec("10") }),
            "{side} {price}"
        );
    }
}

#[test]
fn refusal_and_warning_name_the_numbers() {
    let a = check(Side::Buy, &limit("62500.00"), false);
    assert_eq!(
        a.refusal.expect("refused").to_string(),
        "limit price 62500.00 is 25% through the market (50000); more than 10% is refused"
    );
    let a = check(Side::Buy, &limit("55000.50"), false);
    assert!(a.refusal.expect("refused").to_string().starts_with("limit price 55000.50 is 10.01% through"));
    let a = check(Side::Sell, &limit("48000.00"), false);
    assert_eq!(a.warnings[0].to_string(), "limit price 48000.00 is 4% through the market (50000)");
}

#[test]
fn stop_that_the_last_trade_already_meets_is_refused() {
    let cases = [
        (StopDirection::Up, "50000.00", true),
        (StopDirection::Up, "49999.99", true),
        (StopDirection::Up, "50000.01", false),
        (StopDirection::Down, "50000.00", true),
        (StopDirection::Down, "50000.01", true),
        (StopDirection::Down, "49999.99", false),
    ];
    for side in [Side::Buy, Side::Sell] {
        for (direction, stop, refused) in cases {
            let a = check(side, &stop_limit(side, direction, stop, stop), false);
            let expected = refused.then(|| Refusal::StopWouldTrigger {
                direction,
                stop: dec(stop),
                last: dec("50000.00"),
            });
            assert_eq!(a.refusal, expected, "{side} {direction} {stop}");
        }
    }
    let a = check(Side::Sell, &stop_limit(Side::Sell, StopDirection::Down, "50100.00", "50000.00"), false);
    assert_eq!(
        a.refusal.expect("refused").to_string(),
        "stop price 50100.00 would trigger at once: it triggers when the last trade falls to it, and the last \
         trade is already 50000.00"
    );
}

#[test]
fn take_profit_and_buy_stop_below_are_accepted() {
    let take_profit = stop_limit(Side::Sell, StopDirection::Up, "52000.00", "51900.00");
    assert_eq!(
        check(Side::Sell, &take_profit, false),
        Assessment { notional: Some(dec("519.0000")), fee: None, refusal: None, warnings: vec![] }
    );
    let buy_below = stop_limit(Side::Buy, StopDirection::Down, "48000.00", "48100.00");
    assert_eq!(check(Side::Buy, &buy_below, false).refusal, None);
}

#[test]
fn a_stop_limit_is_measured_from_its_stop_price() {
    let config = stop_limit(Side::Sell, StopDirection::Down, "48000.00", "43000.00");
    let deviation = Deviation {
        price: dec("43000.00"),
        reference: dec("48000.00"),
        basis: PriceBasis::Stop,
        percent: dec("10.416666666666666666666666667"),
    };
    assert_eq!(
        check(Side::Sell, &config, false).refusal,
        Some(Refusal::TooFarThrough { deviation, limit: dec("10") })
    );
    let config = stop_limit(Side::Sell, StopDirection::Down, "48000.00", "47900.00");
    assert_eq!(
        check(Side::Sell, &config, false),
        Assessment { notional: Some(dec("479.0000")), fee: None, refusal: None, warnings: vec![] }
    );
}

#[test]
fn a_brackets_stop_loss_uses_the_natural_direction() {
    let bracket = |stop: &str| {
        let d = OrderDraft {
            size: Some(Size::Base(dec("0.01"))),
            limit_price: Some(dec("52000.00")),
            stop_price: Some(dec(stop)),
            ..OrderDraft::new(OrderKind::Bracket, Side::Sell)
        };
        d.build().expect("builds")
    };
    assert_eq!(check(Side::Sell, &bracket("48000.00"), false).refusal, None);
    assert_eq!(
        check(Side::Sell, &bracket("50500.00"), false).refusal,
        Some(Refusal::StopWouldTrigger {
            direction: StopDirection::Down,
            stop: dec("50500.00"),
            last: dec("50000.00")
        })
    );
}

#[test]
fn force_overrides_distance_and_stop_guards_only() {
    let far = check(Side::Buy, &limit("62500.00"), true);
    assert_eq!(far.refusal, None);
    assert_eq!(
        far.warnings,
        vec![Warning::Overridden(Box::new(Refusal::TooFarThrough {
            deviation: market_deviation("62500.00", "25"),
            limit: dec("10")
        }))]
    );
    let stop = check(Side::Buy, &stop_limit(Side::Buy, StopDirection::Up, "49000.00", "49000.00"), true);
    assert_eq!(stop.refusal, None);
    assert!(matches!(stop.warnings.as_slice(), [Warning::Overridden(r)] if r.is_forcible()));
    let off_tick = check(Side::Buy, &limit("62500.001"), true);
    assert!(
        matches!(off_tick.refusal, Some(Refusal::Rules(Violation::PricePrecision { .. }))),
        "{off_tick:?}"
    );
    let rules = rules();
    let poor = GuardContext { quote_available: Some(dec("100")), ..ctx(&rules) };
    let a = assess(Side::Buy, &limit("50000.00"), &poor, true);
    assert_eq!(
        a.refusal,
        Some(Refusal::InsufficientQuote {
            need: dec("500.0000"),
            available: dec("100"),
            currency: "USD".into()
        })
    );
    let disabled = ProductRules { trading_disabled: true, ..rules.clone() };
    let a = assess(Side::Buy, &limit("50000.00"), &ctx(&disabled), true);
    assert_eq!(a.refusal, Some(Refusal::Rules(Violation::TradingDisabled)));
}

#[test]
fn market_orders_need_a_reference_unless_forced() {
    let rules = rules();
    let blind = GuardContext { reference: None, bid: None, ask: None, ..ctx(&rules) };
    let market = OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(dec("0.01")) });
    assert_eq!(assess(Side::Buy, &market, &blind, false).refusal, Some(Refusal::NoReference));
    let forced = assess(Side::Buy, &market, &blind, true);
    assert_eq!(forced.refusal, None);
    assert_eq!(forced.warnings, vec![Warning::Overridden(Box::new(Refusal::NoReference))]);
    let a = assess(Side::Buy, &limit("50000.00"), &blind, false);
    assert_eq!((a.refusal, a.warnings), (None, vec![Warning::NoReference]));
}

#[test]
fn balance_and_fee_when_known() {
    let rules = rules();
    let rich = GuardContext {
        quote_available: Some(dec("1000")),
        base_available: Some(dec("0.005")),
        fees: Some(FeeRates { maker: dec("0.004"), taker: dec("0.006") }),
        ..ctx(&rules)
    };
    let buy = assess(Side::Buy, &limit("49000.00"), &rich, false);
    assert_eq!(
        buy,
        Assessment {
            notional: Some(dec("490.0000")),
            fee: Some(dec("2.94")),
            refusal: None,
            warnings: vec![]
        }
    );
    let sell = assess(Side::Sell, &limit("51000.00"), &rich, false);
    assert_eq!(sell.refusal.expect("refused").to_string(), "needs 0.01 BTC; 0.005 BTC available");
    let big = OrderConfig::LimitGtc(LimitGtc {
        base_size: dec("1"),
        limit_price: dec("49000.00"),
        post_only: false,
    });
    let a = assess(Side::Buy, &big, &rich, false);
    assert_eq!(
        a.refusal.expect("refused").to_string(),
        "needs 49294.00 USD with the fee; 1000 USD available"
    );
}

#[test]
fn post_only_that_crosses_is_warned() {
    let crossing = OrderConfig::LimitGtc(LimitGtc {
        base_size: dec("0.01"),
        limit_price: dec("50010.00"),
        post_only: true,
    });
    assert_eq!(check(Side::Buy, &crossing, false).warnings, vec![Warning::PostOnlyWouldCross]);
    let resting = OrderConfig::LimitGtc(LimitGtc {
        base_size: dec("0.01"),
        limit_price: dec("50000.00"),
        post_only: true,
    });
    assert_eq!(check(Side::Buy, &resting, false).warnings, vec![]);
}

#[test]
fn the_configured_limits_set_the_distance_thresholds_and_the_notional_ceiling() {
    let rules = rules();
    let limits = RiskLimits {
        warn_distance_pct: dec("1"),
        max_distance_pct: dec("2"),
        max_order_notional: Some(dec("600")),
    };
    let tight = GuardContext { limits, ..ctx(&rules) };
    let far = assess(Side::Buy, &limit("51500.00"), &tight, false);
    assert_eq!(
        far.refusal,
        Some(Refusal::TooFarThrough { deviation: market_deviation("51500.00", "3"), limit: dec("2") })
    );
    assert_eq!(
        far.refusal.map(|r| r.to_string()),
        Some("limit price 51500.00 is 3% through the market (50000); more than 2% is refused".to_string())
    );
    let near = assess(Side::Buy, &limit("50750.00"), &tight, false);
    assert_eq!(near.refusal, None);
    assert_eq!(near.warnings, vec![Warning::FarThrough(market_deviation("50750.00", "1.5"))]);
    let big = OrderConfig::LimitGtc(LimitGtc {
        base_size: dec("0.02"),
        limit_price: dec("50000.00"),
        post_only: false,
    });
    let refused = assess(Side::Buy, &big, &tight, true);
    let expected =
        Refusal::NotionalTooLarge { notional: dec("1000.0000"), limit: dec("600"), currency: "USD".into() };
    assert_eq!(refused.refusal, Some(expected.clone()));
    assert!(!expected.is_forcible());
    assert_eq!(
        expected.to_string(),
        "order notional 1000 USD is above the limit of 600 USD (risk.max_order_notional)"
    );
    assert_eq!(assess(Side::Buy, &limit("50000.00"), &tight, false).refusal, None);
}
