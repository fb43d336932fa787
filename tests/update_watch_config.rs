//! Issue 12 item 6 in the pure core: `J`/`K` (through the real keymap) move the focused
//! watchlist row; every watchlist edit (move, `watch add`, `watch rm`, the picker) asks for
//! [`Effect::SaveWatchlist`] with the whole new list; a failed save is an error message and
//! the list in memory stays; the config file's settings (default product, quote currency,
//! risk limits) reach the model.

use cbterm::app::keymap::Keymap;
use cbterm::app::model::{Pane, Problem, Severity, StatusMessage};
use cbterm::app::{Effect, Model, ModelInit, Msg, VenueLabel, key_to_msg};
use cbterm::domain::guards::RiskLimits;
use cbterm::domain::{ClientOrderIds, ProductId};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

use support::*;

fn init(watch: &[&str]) -> Model {
    let mut m = Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: ids(watch),
        has_credentials: false,
        now: std::time::Instant::now(),
        wall: time("2026-01-02T03:04:05Z"),
        ids: ClientOrderIds::seeded(1),
    });
    let all = ["BTC-USD", "ETH-USD", "SOL-USD", "AVAX-USD"];
    m.update(Msg::ProductsLoaded(
        all.iter().map(|p| product(rules(p, "0.01", "0.0001", "100", "1000000"))).collect(),
    ));
    m
}

fn ids(list: &[&str]) -> Vec<ProductId> {
    list.iter().map(|p| id(p)).collect()
}

fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    key_to_msg(&m.keymap, m.mode(), &key).map(|msg| m.update(msg)).unwrap_or_default()
}

fn run_line(m: &mut Model, line: &str) -> Vec<Effect> {
    press(m, KeyCode::Char(':'));
    line.chars().for_each(|c| {
        m.update(Msg::Typed(c));
    });
    press(m, KeyCode::Enter)
}

#[test]
fn shift_j_and_shift_k_move_the_focused_row_and_save_the_whole_list() {
    let mut m = init(&["BTC-USD", "ETH-USD", "SOL-USD"]);
    assert_eq!(m.focus, Pane::Watchlist);
    let effects = press(&mut m, KeyCode::Char('J'));
    assert_eq!(effects, vec![Effect::SaveWatchlist(ids(&["ETH-USD", "BTC-USD", "SOL-USD"]))]);
    assert_eq!((m.selected, m.focused().cloned()), (1, Some(id("BTC-USD"))));
    let effects = press(&mut m, KeyCode::Char('J'));
    assert_eq!(effects, vec![Effect::SaveWatchlist(ids(&["ETH-USD", "SOL-USD", "BTC-USD"]))]);
    assert_eq!(press(&mut m, KeyCode::Char('J')), Vec::new(), "the last row stays last");
    assert_eq!(m.watch, ids(&["ETH-USD", "SOL-USD", "BTC-USD"]));
    let effects = press(&mut m, KeyCode::Char('K'));
    assert_eq!(effects, vec![Effect::SaveWatchlist(ids(&["ETH-USD", "BTC-USD", "SOL-USD"]))]);
    press(&mut m, KeyCode::Char('K'));
    assert_eq!(press(&mut m, KeyCode::Char('K')), Vec::new(), "the first row stays first");
    assert_eq!((m.watch.clone(), m.selected), (ids(&["BTC-USD", "ETH-USD", "SOL-USD"]), 0));
}

#[test]
fn reordering_needs_the_watchlist_focused() {
    let mut m = init(&["BTC-USD", "ETH-USD"]);
    press(&mut m, KeyCode::Tab);
    assert_eq!(press(&mut m, KeyCode::Char('J')), Vec::new());
    assert_eq!(m.watch, ids(&["BTC-USD", "ETH-USD"]));
    let message = m.message.clone().expect("a message");
    let expected = StatusMessage {
        severity: Severity::Info,
        body: Problem::Text("focus the watchlist (Tab) to reorder it".into()),
        since: message.since,
    };
    assert_eq!(message, expected);
}

#[test]
fn watch_add_and_rm_save_the_whole_list() {
    let mut m = init(&["BTC-USD", "ETH-USD"]);
    let effects = run_line(&mut m, "watch add SOL-USD");
    let focus_loads: Vec<Effect> = effects[2..].to_vec();
    assert_eq!(
        effects[..2],
        [
            Effect::SubscribeMarket { products: ids(&["BTC-USD", "ETH-USD", "SOL-USD"]) },
            Effect::SaveWatchlist(ids(&["BTC-USD", "ETH-USD", "SOL-USD"])),
        ]
    );
    assert!(focus_loads.iter().all(|e| !matches!(e, Effect::SaveWatchlist(_))), "{focus_loads:?}");
    let effects = run_line(&mut m, "watch rm BTC-USD");
    assert_eq!(
        effects,
        vec![
            Effect::SubscribeMarket { products: ids(&["ETH-USD", "SOL-USD"]) },
            Effect::SaveWatchlist(ids(&["ETH-USD", "SOL-USD"])),
        ]
    );
    assert_eq!(
        run_line(&mut m, "watch add ETH-USD")
            .iter()
            .filter(|e| matches!(e, Effect::SaveWatchlist(_)))
            .count(),
        0
    );
}

#[test]
fn a_failed_save_is_an_error_and_the_list_in_memory_stays() {
    let mut m = init(&["BTC-USD", "ETH-USD"]);
    press(&mut m, KeyCode::Char('J'));
    let reason = "/ro/cbterm/config.toml: Permission denied (os error 13)".to_string();
    assert_eq!(m.update(Msg::WatchlistNotSaved { reason }), Vec::new());
    assert_eq!(m.watch, ids(&["ETH-USD", "BTC-USD"]));
    assert_eq!(
        error_text(&m).as_deref(),
        Some(
            "watchlist not saved: /ro/cbterm/config.toml: Permission denied (os error 13); it is kept for this \
             session"
        )
    );
    assert_eq!(m.message.as_ref().map(|s| s.severity), Some(Severity::Error));
}

#[test]
fn the_config_files_settings_reach_the_model() {
    let mut m = init(&["BTC-USD", "ETH-USD", "SOL-USD"]);
    let limits = RiskLimits {
        warn_distance_pct: dec("1"),
        max_distance_pct: dec("2"),
        max_order_notional: Some(dec("900")),
    };
    m.configure("EUR".into(), limits, Some(&id("SOL-USD")));
    assert_eq!((m.quote.as_str(), m.limits, m.selected), ("EUR", limits, 2));
    m.update(Msg::AccountsLoaded(vec![balance("EUR", "100", "0")]));
    assert_eq!((m.valuation().total, m.valuation().unpriced), (dec("100"), Vec::<String>::new()));
    m.configure("USD".into(), RiskLimits::default(), Some(&id("AVAX-USD")));
    assert_eq!(m.valuation().unpriced, vec!["EUR".to_string()], "EUR has no USD price here");
    assert_eq!(m.selected, 2, "a default product outside the watchlist moves nothing");
}
