use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::domain::{ClientOrderIds, ProductId};

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn end() -> DateTime<Utc> {
    "2026-11-01T13:00:00Z".parse().expect("time")
}

/// A complete draft of `kind` with `tif`: size 0.01, limit 100.00, stop 99.00 where the kind
/// takes them, an end time for GTD.
fn draft(kind: OrderKind, side: Side, tif: TimeInForce) -> OrderDraft {
    OrderDraft {
        size: Some(Size::Base(dec("0.01"))),
        limit_price: kind.has_limit_price().then(|| dec("100.00")),
        stop_price: kind.has_stop_price().then(|| dec("99.00")),
        tif,
        end_time: (tif == TimeInForce::Gtd).then(end),
        ..OrderDraft::new(kind, side)
    }
}

#[test]
fn every_kind_and_allowed_tif_builds_the_matching_configuration() {
    let (size, limit, stop) = (dec("0.01"), dec("100.00"), dec("99.00"));
    let stop_limit = |end_time| StopLimit {
        base_size: size,
        limit_price: limit,
        stop_price: stop,
        stop_direction: StopDirection::Up,
        end_time,
    };
    let bracket =
        |end_time| Bracket { base_size: size, limit_price: limit, stop_trigger_price: stop, end_time };
    let cases = [
        (
            OrderKind::Market,
            TimeInForce::Ioc,
            OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(size) }),
        ),
        (
            OrderKind::Limit,
            TimeInForce::Gtc,
            OrderConfig::LimitGtc(LimitGtc { base_size: size, limit_price: limit, post_only: false }),
        ),
        (
            OrderKind::Limit,
            TimeInForce::Gtd,
            OrderConfig::LimitGtd(LimitGtd {
                base_size: size,
                limit_price: limit,
                end_time: end(),
                post_only: false,
            }),
        ),
        (
            OrderKind::Limit,
            TimeInForce::Ioc,
            OrderConfig::SorLimitIoc(LimitIoc { base_size: size, limit_price: limit }),
        ),
        (
            OrderKind::Limit,
            TimeInForce::Fok,
            OrderConfig::LimitFok(LimitIoc { base_size: size, limit_price: limit }),
        ),
        (OrderKind::StopLimit, TimeInForce::Gtc, OrderConfig::StopLimitGtc(stop_limit(None))),
        (OrderKind::StopLimit, TimeInForce::Gtd, OrderConfig::StopLimitGtd(stop_limit(Some(end())))),
        (OrderKind::Bracket, TimeInForce::Gtc, OrderConfig::BracketGtc(bracket(None))),
        (OrderKind::Bracket, TimeInForce::Gtd, OrderConfig::BracketGtd(bracket(Some(end())))),
    ];
    for kind in OrderKind::ALL {
        for &tif in kind.tifs() {
            let (_, _, expected) = cases
                .iter()
                .find(|(k, t, _)| *k == kind && *t == tif)
                .expect("a case for every allowed pair");
            let built = draft(kind, Side::Buy, tif).build().expect("builds");
            assert_eq!(&built, expected, "{kind} {tif}");
            assert_eq!(built.kind(), kind);
            assert_eq!(built.time_in_force(), tif);
        }
    }
    assert_eq!(cases.len(), OrderKind::ALL.iter().map(|k| k.tifs().len()).sum::<usize>());
}

#[test]
fn tifs_a_kind_does_not_allow_are_refused_with_what_it_allows() {
    for kind in OrderKind::ALL {
        for tif in [TimeInForce::Gtc, TimeInForce::Gtd, TimeInForce::Ioc, TimeInForce::Fok] {
            if kind.tifs().contains(&tif) {
                continue;
            }
            let err = draft(kind, Side::Buy, tif).build().expect_err("refused");
            let allowed = error::allowed_tifs(kind);
            assert_eq!(err, DraftError::TifNotAllowed { kind, tif, allowed: allowed.clone() });
            assert_eq!(err.field(), DraftField::Tif);
            assert!(err.to_string().contains(&allowed), "{err}");
        }
    }
    let err = draft(OrderKind::StopLimit, Side::Buy, TimeInForce::Ioc).build().expect_err("refused");
    assert_eq!(err.to_string(), "a stop-limit order cannot be ioc; it allows gtc or gtd");
    let err = draft(OrderKind::Market, Side::Buy, TimeInForce::Gtc).build().expect_err("refused");
    assert_eq!(err.to_string(), "a market order cannot be gtc; it allows only ioc");
}

#[test]
fn stop_direction_defaults_to_the_natural_one_and_can_be_chosen() {
    let direction = |side, chosen| {
        let d = OrderDraft { stop_direction: chosen, ..draft(OrderKind::StopLimit, side, TimeInForce::Gtc) };
        d.build().expect("builds").stop_direction().expect("stop-limit")
    };
    assert_eq!(direction(Side::Buy, None), StopDirection::Up);
    assert_eq!(direction(Side::Sell, None), StopDirection::Down);
    assert_eq!(direction(Side::Buy, Some(StopDirection::Down)), StopDirection::Down);
    assert_eq!(direction(Side::Sell, Some(StopDirection::Up)), StopDirection::Up);
}

#[test]
fn quote_size_builds_a_market_order_and_is_refused_elsewhere() {
    let quote = Size::Quote(dec("50"));
    let market = OrderDraft { size: Some(quote), ..draft(OrderKind::Market, Side::Buy, TimeInForce::Ioc) };
    assert_eq!(
        market.build(),
        Ok(OrderConfig::MarketIoc(MarketIoc { quote_size: Some(dec("50")), base_size: None }))
    );
    for kind in [OrderKind::Limit, OrderKind::StopLimit, OrderKind::Bracket] {
        let d = OrderDraft { size: Some(quote), ..draft(kind, Side::Buy, TimeInForce::Gtc) };
        assert_eq!(d.build(), Err(DraftError::QuoteSizeNotMarket { kind }));
    }
}

/// Each refusal, with the draft that causes it.
#[test]
fn each_refusal_names_what_coinbase_does_not_have() {
    let gtc = |kind| draft(kind, Side::Buy, TimeInForce::Gtc);
    let cases: Vec<(OrderDraft, DraftError)> = vec![
        (
            OrderDraft { size: None, ..gtc(OrderKind::Limit) },
            DraftError::MissingSize { kind: OrderKind::Limit },
        ),
        (
            OrderDraft { limit_price: None, ..gtc(OrderKind::StopLimit) },
            DraftError::MissingLimitPrice { kind: OrderKind::StopLimit },
        ),
        (
            OrderDraft { stop_price: None, ..gtc(OrderKind::Bracket) },
            DraftError::MissingStopPrice { kind: OrderKind::Bracket },
        ),
        (
            OrderDraft {
                limit_price: Some(dec("1")),
                ..draft(OrderKind::Market, Side::Buy, TimeInForce::Ioc)
            },
            DraftError::MarketWithPrice,
        ),
        (
            OrderDraft {
                stop_price: Some(dec("1")),
                ..draft(OrderKind::Market, Side::Buy, TimeInForce::Ioc)
            },
            DraftError::MarketWithPrice,
        ),
        (OrderDraft { stop_price: Some(dec("1")), ..gtc(OrderKind::Limit) }, DraftError::StopPriceNotStop),
        (
            OrderDraft { stop_direction: Some(StopDirection::Up), ..gtc(OrderKind::Bracket) },
            DraftError::StopDirectionNotStopLimit { kind: OrderKind::Bracket },
        ),
        (
            OrderDraft { end_time: None, ..draft(OrderKind::Limit, Side::Buy, TimeInForce::Gtd) },
            DraftError::GtdWithoutEndTime,
        ),
        (
            OrderDraft { end_time: Some(end()), ..gtc(OrderKind::StopLimit) },
            DraftError::EndTimeWithoutGtd { tif: TimeInForce::Gtc },
        ),
        (
            OrderDraft { post_only: true, ..gtc(OrderKind::StopLimit) },
            DraftError::PostOnlyNotLimit { kind: OrderKind::StopLimit },
        ),
        (
            OrderDraft { post_only: true, ..draft(OrderKind::Market, Side::Buy, TimeInForce::Ioc) },
            DraftError::PostOnlyNotLimit { kind: OrderKind::Market },
        ),
        (
            OrderDraft { post_only: true, ..draft(OrderKind::Limit, Side::Buy, TimeInForce::Fok) },
            DraftError::PostOnlyWithTif { tif: TimeInForce::Fok },
        ),
        (
            OrderDraft { post_only: true, ..draft(OrderKind::Limit, Side::Buy, TimeInForce::Ioc) },
            DraftError::PostOnlyWithTif { tif: TimeInForce::Ioc },
        ),
    ];
    for (d, expected) in cases {
        assert_eq!(d.build(), Err(expected.clone()), "{d:?}");
        assert!(!expected.to_string().is_empty());
    }
    assert_eq!(
        OrderDraft { post_only: true, ..draft(OrderKind::Limit, Side::Buy, TimeInForce::Ioc) }
            .build()
            .expect_err("refused")
            .to_string(),
        "post-only works only with gtc or gtd limit orders, not ioc"
    );
}

#[test]
fn post_only_builds_on_resting_limits() {
    let d = OrderDraft { post_only: true, ..draft(OrderKind::Limit, Side::Sell, TimeInForce::Gtd) };
    assert!(d.build().expect("builds").post_only());
}

#[test]
fn new_order_uses_the_drafts_id_or_a_fresh_one() {
    let product = ProductId("BTC-USD".into());
    let mut ids = ClientOrderIds::seeded(3);
    let expected_fresh = ClientOrderIds::seeded(3).next_id();
    let d = draft(OrderKind::Limit, Side::Buy, TimeInForce::Gtc);
    let order = d.new_order(product.clone(), &mut ids).expect("order");
    assert_eq!(
        order,
        NewOrder {
            client_order_id: expected_fresh,
            product_id: product.clone(),
            side: Side::Buy,
            config: d.build().expect("builds"),
        }
    );
    let named = OrderDraft { client_order_id: Some("mine".into()), ..d.clone() };
    assert_eq!(named.new_order(product.clone(), &mut ids).expect("order").client_order_id, "mine");
    let empty = OrderDraft { client_order_id: Some(" ".into()), ..d };
    assert_eq!(empty.new_order(product, &mut ids), Err(DraftError::EmptyClientOrderId));
}
