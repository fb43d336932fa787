//! Delisting (issue 8 item 4): the catalogue is reloaded every minute; a watched product that
//! is no longer online is named, marked in the watchlist and left out of the market
//! subscription while the others stay subscribed; back online, it is subscribed again.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use cbterm::app::keymap::Keymap;
use cbterm::app::model::listing::PRODUCTS_EVERY;
use cbterm::app::{Effect, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{ClientOrderIds, Listing, ProductId};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

const WATCH: [&str; 3] = ["BTC-USD", "ETH-USD", "SOL-USD"];

fn init() -> Model {
    Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: WATCH.iter().map(|p| id(p)).collect(),
        has_credentials: false,
        now: std::time::Instant::now(),
        wall: time("2026-01-02T03:04:05Z"),
        ids: ClientOrderIds::seeded(1),
    })
}

fn catalogue(off: &[(&str, Listing)]) -> Msg {
    let listing = |p: &str| off.iter().find(|(q, _)| *q == p).map_or(Listing::Online, |(_, l)| *l);
    Msg::ProductsLoaded(
        WATCH
            .iter()
            .map(|p| {
                let mut product = product(rules(p, "0.01", "0.0001", "100", "1000000"));
                product.listing = listing(p);
                product
            })
            .collect(),
    )
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

fn ids(list: &[&str]) -> Vec<ProductId> {
    list.iter().map(|p| id(p)).collect()
}

/// Ticks one reload period on and returns the tick's effects.
fn minute_later(m: &mut Model) -> Vec<Effect> {
    let (now, wall) = (m.now + PRODUCTS_EVERY, m.wall);
    m.update(Msg::Tick { now, wall })
}

fn screen(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..48)
        .map(|y| (0..160).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>() + "\n")
        .collect()
}

fn watch_row(screen: &str, product: &str) -> String {
    let line = screen.lines().find(|l| l.starts_with(&format!("│{product} "))).expect("a watchlist row");
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_delisted_product_is_named_marked_and_unsubscribed_and_comes_back_when_online() {
    let mut m = init();
    m.start();
    assert_eq!(subscriptions(&m.update(catalogue(&[]))), vec![ids(&WATCH)]);
    assert!(minute_later(&mut m).contains(&Effect::LoadProducts), "the catalogue is reloaded");

    let effects = m.update(catalogue(&[("ETH-USD", Listing::Delisted)]));
    assert_eq!(subscriptions(&effects), vec![ids(&["BTC-USD", "SOL-USD"])], "the rest stay subscribed");
    assert_eq!(m.watch, ids(&WATCH), "it stays in the watchlist");
    assert_eq!(m.off_market, BTreeMap::from([(id("ETH-USD"), Listing::Delisted)]));
    assert_eq!(
        error_text(&m).as_deref(),
        Some("ETH-USD is delisted: no market data, left out of the market feed")
    );
    let shown = screen(&m);
    assert!(watch_row(&shown, "ETH-USD").starts_with("│ETH-USD DELISTED -"), "{shown}");
    assert!(!watch_row(&shown, "BTC-USD").contains("DELISTED"), "{shown}");

    m.update(cbterm::app::Msg::Action(cbterm::app::Action::Dismiss));
    assert!(subscriptions(&m.update(catalogue(&[("ETH-USD", Listing::Delisted)]))).is_empty(), "no change");
    assert_eq!(error_text(&m), None, "named once");

    let effects = m.update(catalogue(&[("ETH-USD", Listing::Delisted), ("SOL-USD", Listing::Offline)]));
    assert_eq!(subscriptions(&effects), vec![ids(&["BTC-USD"])]);
    assert_eq!(
        error_text(&m).as_deref(),
        Some("SOL-USD is offline: no market data, left out of the market feed")
    );

    let effects = m.update(catalogue(&[]));
    assert_eq!(subscriptions(&effects), vec![ids(&WATCH)], "back online, subscribed again");
    assert_eq!(m.off_market, BTreeMap::new());
}

#[test]
fn the_catalogue_is_reloaded_every_minute() {
    let mut m = init();
    let t0 = m.now;
    m.start();
    m.update(catalogue(&[]));
    let wall = m.wall;
    let at = |m: &mut Model, secs: u64| m.update(Msg::Tick { now: t0 + Duration::from_secs(secs), wall });
    assert!(!at(&mut m, 59).contains(&Effect::LoadProducts));
    assert!(at(&mut m, 60).contains(&Effect::LoadProducts));
    assert!(!at(&mut m, 119).contains(&Effect::LoadProducts), "once per minute");
    assert!(at(&mut m, 120).contains(&Effect::LoadProducts));
}

#[test]
fn a_first_catalogue_with_a_delisted_watched_product_never_subscribes_it() {
    let mut m = init();
    m.start();
    let effects = m.update(catalogue(&[("SOL-USD", Listing::Disabled)]));
    assert_eq!(subscriptions(&effects), vec![ids(&["BTC-USD", "ETH-USD"])]);
    assert_eq!(m.off_market, BTreeMap::from([(id("SOL-USD"), Listing::Disabled)]));
    assert_eq!(
        error_text(&m).as_deref(),
        Some("SOL-USD is disabled: no market data, left out of the market feed")
    );
}
