//! Switching the ticket's size unit converts the size at the ticket's price (its limit price,
//! else the book's mid) instead of reinterpreting the number: rounded down onto the lot or the
//! quote increment, with the conversion shown on the card. Without a price, or when the result
//! is less than one lot, the switch changes nothing and says why.

use cbterm::app::model::Problem;
use cbterm::app::model::ticket::{Conversion, Field, OrderKind, SizeUnit, convert};
use cbterm::app::{Action, Model, Msg};
use cbterm::domain::FeedEvent;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;
use support::{btc_rules, dec};

mod support;

use support::type_text;

fn act(m: &mut Model, action: Action) {
    m.update(Msg::Action(action));
}

/// A buy ticket of `kind` (limit: at `price`) sized `size`, with the size unit focused.
fn ticket(m: &mut Model, kind: OrderKind, price: &str, size: &str) {
    act(m, Action::OpenBuyTicket);
    act(m, Action::PrevField);
    while m.ticket().expect("ticket").kind != kind {
        act(m, Action::ChoiceNext);
    }
    act(m, Action::NextField);
    if kind == OrderKind::Limit {
        type_text(m, price);
        act(m, Action::NextField);
    }
    type_text(m, size);
    act(m, Action::NextField);
    assert_eq!(m.ticket().expect("ticket").field, Field::Unit);
}

/// The ticket's unit, size, conversion and refusal.
fn state(m: &Model) -> (SizeUnit, String, Option<Conversion>, Option<Problem>) {
    let t = m.ticket().expect("ticket");
    (t.unit, t.size.clone(), t.converted, t.rejection.clone())
}

fn conversion(size: &str, from: SizeUnit, converted: &str, price: &str, rounded: bool) -> Option<Conversion> {
    Some(Conversion { size: dec(size), from, converted: dec(converted), price: dec(price), rounded })
}

fn screen(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn base_to_quote_and_back_at_the_limit_price() {
    let mut m = support::btc_model(1);
    ticket(&mut m, OrderKind::Limit, "49000.00", "0.01");
    act(&mut m, Action::ChoiceNext);
    let to_quote = conversion("0.01", SizeUnit::Base, "490.00", "49000.00", false);
    assert_eq!(state(&m), (SizeUnit::Quote, "490.00".into(), to_quote, None));
    assert!(screen(&m).contains("Converted     0.01 BTC at 49000.00 USD = 490.00 USD"), "{}", screen(&m));
    assert_eq!(m.ticket_check().expect("check").base_size, Some(dec("0.01")), "the same order");
    act(&mut m, Action::ChoicePrev);
    let back = conversion("490.00", SizeUnit::Quote, "0.0100", "49000.00", false);
    assert_eq!(state(&m), (SizeUnit::Base, "0.0100".into(), back, None));
}

/// 0.0123 BTC at 33333.33 is 409.99995900 USD: 409.99 is sent (never more than was typed);
/// 409.99 USD back is 0.01229970… BTC: 0.0122, the whole lots it buys.
#[test]
fn an_inexact_conversion_rounds_down_and_says_so() {
    let mut m = support::btc_model(1);
    ticket(&mut m, OrderKind::Limit, "33333.33", "0.0123");
    act(&mut m, Action::ChoiceNext);
    let to_quote = conversion("0.0123", SizeUnit::Base, "409.99", "33333.33", true);
    assert_eq!(state(&m), (SizeUnit::Quote, "409.99".into(), to_quote, None));
    let words = "0.0123 BTC at 33333.33 USD = 409.99 USD (rounded down to the increment 0.01 USD)";
    assert!(screen(&m).contains(words), "{}", screen(&m));
    act(&mut m, Action::ChoiceNext);
    let back = conversion("409.99", SizeUnit::Quote, "0.0122", "33333.33", true);
    assert_eq!(state(&m), (SizeUnit::Base, "0.0122".into(), back, None));
    assert!(screen(&m).contains("(rounded down to the lot 0.0001 BTC)"), "{}", screen(&m));
    act(&mut m, Action::PrevField);
    type_text(&mut m, "5");
    assert_eq!(state(&m).2, None, "an edit of the size forgets the conversion");
}

#[test]
fn a_market_ticket_converts_at_the_mid() {
    let mut m = support::btc_model(1);
    ticket(&mut m, OrderKind::Market, "", "0.02");
    act(&mut m, Action::ChoiceNext);
    let at_mid = conversion("0.02", SizeUnit::Base, "1000.00", "50000.00", false);
    assert_eq!(state(&m), (SizeUnit::Quote, "1000.00".into(), at_mid, None));
}

#[test]
fn without_a_price_the_unit_stays_and_the_ticket_says_why() {
    let mut m = support::btc_model(1);
    let down =
        FeedEvent::Disconnected { reason: "closed".into(), retry_in: std::time::Duration::from_secs(1) };
    m.update(support::market_msg(down, m.now));
    ticket(&mut m, OrderKind::Market, "", "0.02");
    act(&mut m, Action::ChoiceNext);
    let why = Problem::Text("no market price yet to convert the size at; size unit unchanged".into());
    assert_eq!(state(&m), (SizeUnit::Base, "0.02".into(), None, Some(why)));
}

#[test]
fn less_than_one_lot_is_refused() {
    let mut m = support::btc_model(1);
    ticket(&mut m, OrderKind::Limit, "50000.00", "");
    act(&mut m, Action::ChoiceNext);
    act(&mut m, Action::PrevField);
    type_text(&mut m, "1");
    act(&mut m, Action::NextField);
    act(&mut m, Action::ChoiceNext);
    let why = Problem::Text("1 USD is less than one lot at 50000.00 USD; size unit unchanged".into());
    assert_eq!(state(&m), (SizeUnit::Quote, "1".into(), None, Some(why)));
}

/// A quote-sized limit sell turned into a market sell (sized in base only) is converted at the
/// mid, not reinterpreted as 500 BTC.
#[test]
fn a_switch_forced_by_the_order_type_converts_too() {
    let mut m = support::btc_model(1);
    ticket(&mut m, OrderKind::Limit, "50010.00", "");
    act(&mut m, Action::ChoiceNext);
    act(&mut m, Action::PrevField);
    type_text(&mut m, "500.00");
    for _ in 0..3 {
        act(&mut m, Action::PrevField);
    }
    act(&mut m, Action::ChoiceNext);
    act(&mut m, Action::NextField);
    act(&mut m, Action::ChoicePrev);
    let t = m.ticket().expect("ticket");
    assert_eq!((t.kind, t.side), (OrderKind::Market, cbterm::domain::Side::Sell));
    let at_mid = conversion("500.00", SizeUnit::Quote, "0.0100", "50000.00", false);
    assert_eq!(state(&m), (SizeUnit::Base, "0.0100".into(), at_mid, None));
}

fn lots() -> impl Strategy<Value = Decimal> {
    (1i64..=1_000_000).prop_map(|n| Decimal::new(n, 4))
}

fn prices() -> impl Strategy<Value = Decimal> {
    (1i64..=10_000_000_000).prop_map(|n| Decimal::new(n, 2))
}

proptest! {
    #![proptest_config(Config { cases: 512, failure_persistence: None, rng_seed: RngSeed::Fixed(7), ..Config::default() })]

    /// Base → quote never spends more than the base is worth, by less than one increment;
    /// quote → base never buys more than the quote pays for, by less than one lot; both land
    /// on their grid.
    #[test]
    fn conversions_round_down_onto_the_grid(base in lots(), quote in prices(), price in prices()) {
        let rules = btc_rules();
        let q = convert(base, SizeUnit::Base, price, &rules).expect("converts");
        let worth = base * price;
        prop_assert!(q.converted <= worth && worth - q.converted < rules.quote_increment);
        prop_assert!((q.converted % rules.quote_increment).is_zero());
        prop_assert_eq!(q.rounded, q.converted != worth);
        let b = convert(quote, SizeUnit::Quote, price, &rules).expect("converts");
        prop_assert!(b.converted * price <= quote);
        prop_assert!((b.converted + rules.base_increment) * price > quote);
        prop_assert!((b.converted % rules.base_increment).is_zero());
    }
}
