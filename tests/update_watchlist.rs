//! Market truth (issue 8): the watchlist is checked against the catalogue before the market
//! feed is subscribed, so one unknown product is named and left out instead of stopping
//! every market channel.

mod support;

use cbterm::app::keymap::Keymap;
use cbterm::app::{Effect, Model, ModelInit, Msg, Request, VenueLabel};
use cbterm::domain::{ClientOrderIds, ProductId};
use support::*;

fn init(watch: &[&str]) -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: watch.iter().map(|p| id(p)).collect(),
        has_credentials: false,
        now: std::time::Instant::now(),
        wall: time("2026-01-02T03:04:05Z"),
        ids: ClientOrderIds::seeded(1),
    })
}

fn catalogue(ids: &[&str]) -> Msg {
    Msg::ProductsLoaded(ids.iter().map(|p| product(rules(p, "0.01", "0.0001", "100", "1000000"))).collect())
}

fn subscriptions(effects: &[Effect]) -> Vec<Vec<ProductId>> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SubscribeMarket { products } => Some(products.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_unknown_product_is_named_and_left_out_of_the_subscription() {
    let mut m = init(&["BTC-USD", "FOO-USD"]);
    assert!(subscriptions(&m.start()).is_empty(), "nothing is subscribed before the catalogue is known");
    let effects = m.update(catalogue(&["BTC-USD", "ETH-USD"]));
    assert_eq!(subscriptions(&effects), vec![vec![id("BTC-USD")]]);
    assert_eq!(m.watch, vec![id("BTC-USD")]);
    assert_eq!(m.unknown_products, vec![id("FOO-USD")]);
    assert_eq!(
        error_text(&m).as_deref(),
        Some("unknown product FOO-USD: not in the exchange's catalogue, not watched")
    );
}

#[test]
fn a_later_catalogue_load_does_not_restart_the_feed() {
    let mut m = init(&["BTC-USD"]);
    m.start();
    assert_eq!(subscriptions(&m.update(catalogue(&["BTC-USD"]))), vec![vec![id("BTC-USD")]]);
    assert!(subscriptions(&m.update(catalogue(&["BTC-USD"]))).is_empty());
    assert_eq!(error_text(&m), None, "every product is known");
}

#[test]
fn only_unknown_products_fall_back_to_the_first_products_of_the_catalogue() {
    let mut m = init(&["FOO-USD"]);
    m.start();
    let effects = m.update(catalogue(&["BTC-USD", "ETH-USD"]));
    assert_eq!(subscriptions(&effects), vec![vec![id("BTC-USD"), id("ETH-USD")]]);
    assert_eq!(m.unknown_products, vec![id("FOO-USD")]);
}

#[test]
fn without_a_catalogue_the_watchlist_is_subscribed_unchecked() {
    let mut m = init(&["BTC-USD"]);
    m.start();
    let failed = Msg::RequestFailed { request: Request::Products, reason: "connect failed".into() };
    assert_eq!(subscriptions(&m.update(failed)), vec![vec![id("BTC-USD")]], "market data still flows");
    assert!(subscriptions(&m.update(catalogue(&["BTC-USD"]))).is_empty(), "started once");
}
