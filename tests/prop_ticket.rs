//! Arbitrary keystrokes into the dashboard (through the real keymap) never panic the model or
//! the screen drawn from it, and every order they send passes the product's rules with exactly
//! the amounts typed.
//!
//! Sequences are episodes: a key that may open a ticket, random edits (numbers typed key by
//! key, field and choice keys, shortcuts, stray letters, Esc), then often Enter, a wait past
//! the arming delay and `y`. Each `PlaceOrder` is answered with an acceptance so later
//! episodes can trade again. The run counts the orders sent, so a generator that never reaches
//! the send path fails the test instead of passing vacuously.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::Duration;

use cbterm::app::keymap::Keymap;
use cbterm::app::model::ticket::{OrderKind, SizeUnit, Ticket};
use cbterm::app::model::ticket_check::base_from_quote;
use cbterm::app::{Effect, Model, Msg, key_to_msg};
use cbterm::decimal::{parse_user, to_wire};
use cbterm::domain::validate::check_order;
use cbterm::domain::{NewOrder, OrderConfig, TimeInForce};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use support::btc_rules;

mod support;

#[derive(Debug, Clone)]
enum Step {
    /// One key press.
    Key(KeyCode),
    /// A string typed key by key.
    Text(String),
    /// Time passes (ms), past the review card's arming delay when long enough.
    Wait(u64),
}

fn char_key() -> impl Strategy<Value = KeyCode> {
    prop::sample::select("0123456789.-+eE ,bsam%ynxjkgG[]c_".chars().collect::<Vec<_>>())
        .prop_map(KeyCode::Char)
}

fn named_key() -> impl Strategy<Value = KeyCode> {
    prop::sample::select(vec![
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Char(' '),
    ])
}

/// A price on this market's tick near its book (49990 / 50010).
fn good_price() -> impl Strategy<Value = String> {
    prop_oneof!["49[5-9][0-9]{2}(\\.[0-9]{1,2})?", "50[0-4][0-9]{2}(\\.[0-9]{1,2})?"]
}

/// A size on the lot that 1000 USD or 1 BTC covers.
fn good_size() -> impl Strategy<Value = String> {
    prop_oneof!["0\\.0[01][0-9]{0,2}", "0\\.00[1-9][0-9]?", "0\\.01"]
}

/// Amounts a trader would type near this market, and some they should not.
fn typed_number() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => good_price(),
        3 => good_size(),
        2 => "4[89][0-9]{3}(\\.[0-9]{1,3})?",
        2 => "0\\.0[0-9]{1,5}",
        2 => "[0-9]{1,4}",
        1 => "[0-9]{1,3}\\.[0-9]{1,20}",
        1 => "[0-9.eE-]{1,8}",
        1 => "[0-9]{20,45}",
    ]
}

fn edit() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => typed_number().prop_map(Step::Text),
        4 => named_key().prop_map(Step::Key),
        3 => char_key().prop_map(Step::Key),
        1 => any::<char>().prop_map(|c| Step::Key(KeyCode::Char(c))),
        1 => (0u64..1_500).prop_map(Step::Wait),
    ]
}

/// The fields of one order kind filled in screen order: for a limit order (the ticket's
/// default) price and size; otherwise the kind chosen first (`BackTab` to it, arrows), then
/// price, stop and size as that kind shows them (a stop-limit has its direction before size).
fn filled_fields() -> impl Strategy<Value = Vec<Step>> {
    (0usize..4, good_price(), good_price(), good_size()).prop_map(|(kind, price, stop, size)| {
        use KeyCode::{BackTab, Left, Right, Tab};
        let keys = |codes: &[KeyCode]| codes.iter().map(|c| Step::Key(*c)).collect::<Vec<_>>();
        let (price, stop, size) = (Step::Text(price), Step::Text(stop), Step::Text(size));
        match kind {
            0 => vec![price, Step::Key(Tab), size],
            1 => [keys(&[BackTab, Left, Tab]), vec![size]].concat(),
            2 => [
                keys(&[BackTab, Right, Tab]),
                vec![price, Step::Key(Tab), stop],
                keys(&[Tab, Tab]),
                vec![size],
            ]
            .concat(),
            _ => {
                [keys(&[BackTab, Right, Right, Tab]), vec![price, Step::Key(Tab), stop, Step::Key(Tab), size]]
                    .concat()
            }
        }
    })
}

/// Esc twice (back to the dashboard from wherever the last episode left it), a key that may
/// open a ticket, often a good price and size, random edits, and often Enter, a wait and `y`.
fn episode() -> impl Strategy<Value = Vec<Step>> {
    let open = prop_oneof![3 => Just(KeyCode::Char('b')), 3 => Just(KeyCode::Char('s')), 1 => named_key(), 1 => char_key()];
    let core = prop_oneof![3 => filled_fields(), 1 => Just(Vec::new())];
    let edits = prop::collection::vec(edit(), 0..6);
    (open, core, edits, prop::bool::weighted(0.8)).prop_map(|(open, core, edits, finish)| {
        let mut steps = vec![Step::Key(KeyCode::Esc), Step::Key(KeyCode::Esc), Step::Key(open)];
        steps.extend(core);
        steps.extend(edits);
        if finish {
            steps.extend([Step::Key(KeyCode::Enter), Step::Wait(600), Step::Key(KeyCode::Char('y'))]);
        }
        steps
    })
}

/// Episodes, cut to at most 60 key presses.
fn keystrokes() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(episode(), 1..8).prop_map(|episodes| {
        let mut keys = 0;
        let mut out = Vec::new();
        for step in episodes.into_iter().flatten() {
            keys += match &step {
                Step::Text(t) => t.chars().count(),
                Step::Key(_) => 1,
                Step::Wait(_) => 0,
            };
            if keys > 60 {
                break;
            }
            out.push(step);
        }
        out
    })
}

fn model() -> Model {
    let mut m = support::btc_model(11);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    m
}

/// A key through the real keymap, in the model's current mode.
fn press(m: &mut Model, keymap: &Keymap, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    match key_to_msg(keymap, m.mode(), &key) {
        Some(msg) => m.update(msg),
        None => Vec::new(),
    }
}

/// The value a ticket text field says, when it parses.
fn typed(text: &str) -> Result<Decimal, TestCaseError> {
    parse_user(text)
        .map_err(|e| TestCaseError::fail(format!("sent a field that does not parse: {text:?}: {e}")))
}

/// The order sent is the one the ticket's fields say: same id, product, side, kind, time in
/// force, and the exact typed price, stop and size (or the whole lots a quote size buys).
fn assert_as_typed(order: &NewOrder, t: &Ticket, reference: Option<Decimal>) -> Result<(), TestCaseError> {
    let config = &order.config;
    prop_assert_eq!(&order.client_order_id, &t.client_order_id);
    prop_assert_eq!(&order.product_id, &t.product);
    prop_assert_eq!(order.side, t.side);
    prop_assert_eq!(
        config.time_in_force(),
        if t.kind == OrderKind::Market { TimeInForce::Ioc } else { t.tif }
    );
    let price = if t.kind.has_limit_price() { Some(typed(&t.price)?) } else { None };
    prop_assert_eq!(config.limit_price().map(|p| to_wire(&p)), price.map(|p| to_wire(&p)));
    let stop = if t.kind.has_stop_price() { Some(typed(&t.stop)?) } else { None };
    prop_assert_eq!(config.stop_price().map(|p| to_wire(&p)), stop.map(|p| to_wire(&p)));
    let size = typed(&t.size)?;
    let rules = btc_rules();
    match (t.unit, t.kind) {
        (SizeUnit::Base, _) => {
            prop_assert_eq!(config.base_size().map(|s| to_wire(&s)), Some(to_wire(&size)));
            prop_assert_eq!(config.quote_size(), None);
        }
        (SizeUnit::Quote, OrderKind::Market) => {
            prop_assert_eq!(config.quote_size().map(|s| to_wire(&s)), Some(to_wire(&size)));
            prop_assert_eq!(config.base_size(), None);
        }
        (SizeUnit::Quote, _) => {
            let at = price.or(reference).expect("a priced order");
            prop_assert_eq!(config.base_size(), base_from_quote(size, at, rules.base_increment));
        }
    }
    prop_assert_eq!(matches!(config, OrderConfig::MarketIoc(_)), t.kind == OrderKind::Market);
    Ok(())
}

/// Runs one key sequence; returns the number of orders sent.
fn run(steps: &[Step], kinds: &mut BTreeMap<&'static str, usize>) -> Result<usize, TestCaseError> {
    let keymap = Keymap::builtin().expect("keymap");
    let rules = btc_rules();
    let mut m = model();
    let mut sent = 0;
    for step in steps {
        let before = m.ticket().cloned();
        let effects = match step {
            Step::Key(code) => press(&mut m, &keymap, *code),
            Step::Text(text) => text.chars().flat_map(|c| press(&mut m, &keymap, KeyCode::Char(c))).collect(),
            Step::Wait(ms) => {
                let (now, wall) =
                    (m.now + Duration::from_millis(*ms), m.wall + chrono::Duration::milliseconds(*ms as i64));
                m.update(Msg::Tick { now, wall })
            }
        };
        if matches!(step, Step::Key(KeyCode::Enter)) {
            draw(&m);
        }
        for effect in effects {
            let Effect::PlaceOrder(order) = effect else { continue };
            let ticket =
                before.as_ref().ok_or_else(|| TestCaseError::fail("an order with no ticket open"))?;
            let verdict = check_order(order.side, &order.config, &rules, m.wall);
            prop_assert!(verdict.is_ok(), "sent an order the rules refuse: {:?}\n{:?}", verdict, order);
            assert_as_typed(&order, ticket, m.focused_market().and_then(|mk| mk.book.mid()))?;
            sent += 1;
            *kinds.entry(order.config.order_type()).or_default() += 1;
            let client_order_id = order.client_order_id.clone();
            m.update(Msg::OrderAccepted { client_order_id, order_id: format!("ord-{sent}") });
        }
    }
    draw(&m);
    Ok(sent)
}

/// Draws the whole screen at 80×24, where the ticket has the least room.
fn draw(m: &Model) {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
}

#[test]
fn keystrokes_never_panic_and_every_order_sent_passes_the_rules() {
    let config = Config {
        cases: 256,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x71C7),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let (orders, cases_with_orders) = (Cell::new(0usize), Cell::new(0usize));
    let kinds = RefCell::new(BTreeMap::new());
    let result = runner.run(&keystrokes(), |steps| {
        let sent = run(&steps, &mut kinds.borrow_mut())?;
        orders.set(orders.get() + sent);
        cases_with_orders.set(cases_with_orders.get() + usize::from(sent > 0));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "{} orders sent in {} of 256 cases: {:?}",
        orders.get(),
        cases_with_orders.get(),
        kinds.borrow()
    );
    assert!(
        cases_with_orders.get() >= 40,
        "too few sequences reach the send path: {}",
        cases_with_orders.get()
    );
    for kind in ["BRACKET", "LIMIT", "MARKET", "STOP_LIMIT"] {
        assert!(kinds.borrow().contains_key(kind), "no {kind} order was ever sent: {:?}", kinds.borrow());
    }
}
