//! Properties of every decimal parser and formatter: what a person types (`parse_user`), what
//! Coinbase sends (`parse_wire` and the serde modules), what goes back on the wire (`to_wire`,
//! the `POST /orders` body) and what the screen shows (`ui::fmt`).
//!
//! Any string into a parser never panics; a parsed value formats for the wire as exactly the
//! number that was written (no exponent, no rounding) and parses back to the same decimal with
//! the same scale.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::coinbase::wire::CreateOrderRequest;
use cbterm::decimal::{self, InputError, parse_user, parse_wire, to_wire};
use cbterm::domain::{
    Bracket, LimitGtc, LimitGtd, LimitIoc, MarketIoc, NewOrder, OrderConfig, ProductId, Side, StopDirection,
    StopLimit,
};
use cbterm::ui::fmt;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use rust_decimal::Decimal;
use serde_json::Value;

fn config() -> Config {
    Config { cases: 512, failure_persistence: None, rng_seed: RngSeed::Fixed(0xDEC1), ..Config::default() }
}

/// Any representable decimal: a 96-bit mantissa, either sign, scale 0..=28.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
        .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale))
}

/// A positive decimal of realistic size (what a price or size can be).
fn amount() -> impl Strategy<Value = Decimal> {
    (1u64..=u64::MAX / 2, 0u32..=18).prop_map(|(m, scale)| Decimal::from_i128_with_scale(m.into(), scale))
}

/// Strings near the decimal grammars: signs, exponents, separators, spaces, many digits.
fn decimalish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+]?[0-9]{0,32}(\\.[0-9]{0,32})?([eE][-+]?[0-9]{1,5})?",
        "[0-9 ._,+eE-]{0,12}",
        "[-]?[0-9]{1,3}(_[0-9]{3})*(\\.[0-9]{1,4})?",
        "\\PC{0,12}",
        any::<String>(),
    ]
}

/// The number a plain decimal string denotes, written canonically: leading zeros of the
/// integer part dropped (one kept), fraction kept as written.
fn canonical(text: &str) -> String {
    let (sign, body) = text.strip_prefix('-').map_or(("", text), |b| ("-", b));
    let (int, frac) = body.split_once('.').map_or((body, None), |(i, f)| (i, Some(f)));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let number = frac.map_or_else(|| int.to_string(), |f| format!("{int}.{f}"));
    let zero = number.chars().all(|c| c == '0' || c == '.');
    if zero { number } else { format!("{sign}{number}") }
}

/// Plain decimal shape: optional `-`, digits, optionally one `.` followed by digits.
fn is_plain(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = body.split_once('.').map_or((body, None), |(i, f)| (i, Some(f)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// `to_wire` is the exact number, and `parse_wire` reads it back with the same scale.
fn assert_wire_round_trip(value: Decimal) -> Result<(), TestCaseError> {
    let text = to_wire(&value);
    prop_assert!(is_plain(&text), "{text:?} is not a plain decimal");
    let back = parse_wire(&text).map_err(TestCaseError::fail)?;
    prop_assert_eq!(back, value);
    prop_assert_eq!(back.scale(), value.scale(), "scale of {}", text);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn user_input_never_panics_and_parses_exactly(text in decimalish()) {
        match parse_user(&text) {
            Ok(value) => {
                prop_assert!(value > Decimal::ZERO);
                prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
                prop_assert_eq!(to_wire(&value), canonical(&text), "typed {:?}", text);
                assert_wire_round_trip(value)?;
                prop_assert_eq!(parse_user(&to_wire(&value)), Ok(value));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn every_well_formed_typed_amount_is_accepted(text in "[0-9]{1,14}(\\.[0-9]{1,14})?") {
        let result = parse_user(&text);
        if text.bytes().all(|b| b == b'0' || b == b'.') {
            prop_assert_eq!(result, Err(InputError::NotPositive));
        } else {
            let value = result.map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            prop_assert_eq!(to_wire(&value), canonical(&text));
        }
    }

    #[test]
    fn wire_input_never_panics_and_parses_exactly(text in decimalish()) {
        if let Ok(value) = parse_wire(&text) {
            prop_assert!(is_plain(&text), "accepted {:?}", text);
            prop_assert_eq!(to_wire(&value), canonical(&text), "wire {:?}", text);
            assert_wire_round_trip(value)?;
        }
    }

    #[test]
    fn every_decimal_formats_for_the_wire_exactly(value in any_decimal()) {
        assert_wire_round_trip(value)?;
    }

    #[test]
    fn serde_decimal_fields_never_panic(json in json_scalar()) {
        let str_field = serde_json::from_str::<StrField>(&json);
        let opt_field = serde_json::from_str::<OptField>(&json);
        let num_field = serde_json::from_str::<NumField>(&json);
        for value in str_field.iter().map(|f| f.a).chain(opt_field.iter().filter_map(|f| f.a)) {
            assert_wire_round_trip(value)?;
        }
        if let Ok(NumField { a }) = num_field {
            prop_assert!(is_plain(&to_wire(&a)));
        }
    }

    #[test]
    fn a_string_field_reads_exactly_the_number_written(text in decimalish()) {
        let json = serde_json::to_string(&serde_json::json!({ "a": text })).expect("json");
        match serde_json::from_str::<StrField>(&json) {
            Ok(StrField { a }) => prop_assert_eq!(to_wire(&a), canonical(&text)),
            Err(_) => prop_assert!(parse_wire(&text).is_err()),
        }
    }

    #[test]
    fn order_requests_carry_every_amount_exactly(order in new_order()) {
        let body = serde_json::to_value(CreateOrderRequest::from(&order)).expect("encode");
        let config = &body["order_configuration"];
        let fields = config.as_object().and_then(|o| o.values().next()).and_then(Value::as_object);
        let fields = fields.ok_or_else(|| TestCaseError::fail(format!("one configuration: {body}")))?;
        let expected = amounts(&order.config);
        let mut seen = Vec::new();
        for (name, value) in fields {
            if ["base_size", "quote_size", "limit_price", "stop_price", "stop_trigger_price"].contains(&name.as_str()) {
                let text = value.as_str().ok_or_else(|| TestCaseError::fail(format!("{name} is a string")))?;
                prop_assert!(is_plain(text), "{} = {:?}", name, text);
                seen.push((name.clone(), parse_wire(text).map_err(TestCaseError::fail)?.to_string()));
            }
        }
        seen.sort();
        prop_assert_eq!(seen, expected);
        let back: CreateOrderRequest = serde_json::from_value(body).expect("decode");
        prop_assert_eq!(back, CreateOrderRequest::from(&order));
    }

    #[test]
    fn screen_formatting_never_panics(value in any_decimal(), increment in any_decimal(), scale in 0u32..=40) {
        let shown = [
            fmt::price(value, Some(increment)),
            fmt::price(value, None),
            fmt::fixed(value, scale),
            fmt::size(value),
            fmt::compact(value),
            fmt::pct(value),
            fmt::signed(value, Some(increment)),
        ];
        for text in shown {
            prop_assert!(!text.is_empty());
            prop_assert!(!text.contains(['e', 'E']), "{:?} has an exponent", text);
        }
    }

    #[test]
    fn screen_shows_on_grid_amounts_exactly(value in amount(), extra in 0u32..=4) {
        let scale = value.scale() + extra;
        prop_assert_eq!(fmt::fixed(value, scale).parse::<Decimal>().expect("decimal"), value);
        let tick = Decimal::new(1, scale);
        prop_assert_eq!(fmt::price(value, Some(tick)).parse::<Decimal>().expect("decimal"), value);
        if value.scale() <= 8 {
            prop_assert_eq!(fmt::size(value).parse::<Decimal>().expect("decimal"), value);
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct StrField {
    #[serde(with = "cbterm::decimal::str")]
    a: Decimal,
}

#[derive(Debug, serde::Deserialize)]
struct OptField {
    #[serde(default, with = "cbterm::decimal::opt")]
    a: Option<Decimal>,
}

#[derive(Debug, serde::Deserialize)]
struct NumField {
    #[serde(deserialize_with = "decimal::num::deserialize")]
    a: Decimal,
}

/// `{"a": X}` where X is any JSON scalar as raw text, including numbers no f64 holds.
fn json_scalar() -> impl Strategy<Value = String> {
    let raw = prop_oneof![
        "-?[0-9]{1,40}(\\.[0-9]{1,40})?([eE][-+]?[0-9]{1,6})?",
        decimalish().prop_map(|s| serde_json::to_string(&s).expect("json string")),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("1e400".to_string()),
        Just("-1e-400".to_string()),
        Just("\"1e-4000000\"".to_string()),
        Just("\"9e99999999999\"".to_string()),
    ];
    raw.prop_map(|x| format!("{{\"a\": {x}}}"))
}

/// The decimal fields a configuration must put on the wire, as `(name, value)`, sorted.
fn amounts(config: &OrderConfig) -> Vec<(String, String)> {
    let stop_name = match config {
        OrderConfig::BracketGtc(_) | OrderConfig::BracketGtd(_) => "stop_trigger_price",
        _ => "stop_price",
    };
    let mut out: Vec<(String, String)> = [
        ("base_size", config.base_size()),
        ("quote_size", config.quote_size()),
        ("limit_price", config.limit_price()),
        (stop_name, config.stop_price()),
    ]
    .into_iter()
    .filter_map(|(name, v)| v.map(|v| (name.to_string(), v.to_string())))
    .collect();
    out.sort();
    out
}

fn new_order() -> impl Strategy<Value = NewOrder> {
    let configs =
        (amount(), amount(), amount(), any::<bool>(), 0u8..10).prop_map(|(size, price, stop, flag, kind)| {
            let end_time = Utc.timestamp_opt(1_900_000_000, 0).single().expect("time");
            let direction = if flag { StopDirection::Up } else { StopDirection::Down };
            let stop_limit = StopLimit {
                base_size: size,
                limit_price: price,
                stop_price: stop,
                stop_direction: direction,
                end_time: None,
            };
            let bracket =
                Bracket { base_size: size, limit_price: price, stop_trigger_price: stop, end_time: None };
            match kind {
                0 => OrderConfig::MarketIoc(MarketIoc { quote_size: Some(size), base_size: None }),
                1 => OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(size) }),
                2 => OrderConfig::SorLimitIoc(LimitIoc { base_size: size, limit_price: price }),
                3 => OrderConfig::LimitGtc(LimitGtc { base_size: size, limit_price: price, post_only: flag }),
                4 => OrderConfig::LimitGtd(LimitGtd {
                    base_size: size,
                    limit_price: price,
                    end_time,
                    post_only: flag,
                }),
                5 => OrderConfig::LimitFok(LimitIoc { base_size: size, limit_price: price }),
                6 => OrderConfig::StopLimitGtc(stop_limit),
                7 => OrderConfig::StopLimitGtd(StopLimit { end_time: Some(end_time), ..stop_limit }),
                8 => OrderConfig::BracketGtc(bracket),
                _ => OrderConfig::BracketGtd(Bracket { end_time: Some(end_time), ..bracket }),
            }
        });
    (configs, any::<bool>()).prop_map(|(config, buy)| NewOrder {
        client_order_id: "0123456789abcdef0123456789abcdef".into(),
        product_id: ProductId("BTC-USD".into()),
        side: if buy { Side::Buy } else { Side::Sell },
        config,
    })
}
