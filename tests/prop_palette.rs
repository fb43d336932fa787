//! The palette grammar on arbitrary input: parsing, completing and previewing never panic,
//! and every order line printed from a command parses back to exactly that command (amounts
//! keep the scale they were typed with: nothing is rounded).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::app::Msg;
use cbterm::app::palette::{Command, OrderCommand, PriceSpec, SizeSpec, complete, parse};
use cbterm::domain::{ProductId, Side};
use proptest::prelude::*;
use rust_decimal::Decimal;

mod support;

/// A positive amount as a person types it (up to 10 integer and 12 fraction digits, which a
/// `Decimal` holds exactly).
fn amount() -> impl Strategy<Value = Decimal> {
    ("[1-9][0-9]{0,9}", proptest::option::of("[0-9]{1,12}")).prop_map(|(int, frac)| {
        let text = match frac {
            Some(f) => format!("{int}.{f}"),
            None => int,
        };
        cbterm::decimal::parse_user(&text).expect("a typed amount")
    })
}

fn percent() -> impl Strategy<Value = Decimal> {
    (1u32..=100, proptest::option::of(0u32..10)).prop_map(|(whole, tenth)| match tenth {
        Some(t) if whole < 100 => format!("{whole}.{t}").parse().expect("percent"),
        _ => Decimal::from(whole),
    })
}

fn order() -> impl Strategy<Value = OrderCommand> {
    let side = prop_oneof![Just(Side::Buy), Just(Side::Sell)];
    let size = prop_oneof![
        amount().prop_map(SizeSpec::Base),
        amount().prop_map(SizeSpec::Quote),
        percent().prop_map(SizeSpec::Percent),
    ];
    let product = ("[A-Z0-9]{1,12}", "[A-Z0-9]{1,12}").prop_map(|(b, q)| ProductId(format!("{b}-{q}")));
    let price = prop_oneof![
        Just(PriceSpec::Market),
        (amount(), any::<bool>()).prop_map(|(price, post_only)| PriceSpec::Limit { price, post_only }),
        (amount(), amount()).prop_map(|(stop, limit)| PriceSpec::StopLimit { stop, limit }),
    ];
    (side, size, product, price).prop_map(|(side, size, product, price)| OrderCommand {
        side,
        size,
        product,
        price,
    })
}

/// Lines near the grammar: its words, amounts and products shuffled with noise.
fn near_line() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("buy".to_string()),
        Just("sell".to_string()),
        Just("cancel".to_string()),
        Just("all".to_string()),
        Just("chart".to_string()),
        Just("watch".to_string()),
        Just("add".to_string()),
        Just("rm".to_string()),
        Just("alert".to_string()),
        Just("@".to_string()),
        Just("mkt".to_string()),
        Just("stop".to_string()),
        Just("limit".to_string()),
        Just("post".to_string()),
        Just(">".to_string()),
        Just("<".to_string()),
        Just("BTC-USD".to_string()),
        "[$]?[0-9.]{0,8}[%]?",
        "[-+]?[0-9]{0,4}%",
        "\\PC{0,6}",
    ];
    proptest::collection::vec(word, 0..8).prop_map(|w| w.join(" "))
}

fn products() -> Vec<ProductId> {
    ["BTC-USD", "BTC-EUR", "ETH-USD", "SOL-USD"].iter().map(|p| ProductId((*p).into())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(line in "\\PC{0,60}") {
        let _ = parse(&line).map(|c| c.to_string()).map_err(|e| e.to_string());
        let _ = complete(&line, &products());
    }

    #[test]
    fn lines_near_the_grammar_never_panic_and_errors_name_a_word(line in near_line()) {
        let words = line.split_whitespace().count();
        match parse(&line) {
            Ok(command) => prop_assert_eq!(parse(&command.to_string()), Ok(command)),
            Err(e) => prop_assert!(e.word >= 1 && e.word <= words + 1, "{} in {:?}", e, line),
        }
        if let Some(done) = complete(&line, &products()) {
            prop_assert!(done.len() > line.len() && done.starts_with(line.trim_end_matches(|c: char| !c.is_whitespace())));
        }
    }

    #[test]
    fn a_valid_order_line_round_trips(order in order()) {
        let command = Command::Order(order);
        let line = command.to_string();
        prop_assert_eq!(parse(&line), Ok(command.clone()), "{}", line);
        prop_assert_eq!(parse(&line.to_lowercase()), Ok(command), "{}", line.to_lowercase());
    }

    #[test]
    fn the_model_previews_and_runs_arbitrary_lines_without_panicking(line in near_line()) {
        let mut m = support::btc_model(3);
        m.update(Msg::Action(cbterm::app::Action::OpenPalette));
        support::type_text(&mut m, &line);
        let _ = m.palette_preview(&line);
        m.update(Msg::Action(cbterm::app::Action::Complete));
        m.update(Msg::Action(cbterm::app::Action::RunCommand));
        let backend = ratatui::backend::TestBackend::new(80, 24);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        terminal.draw(|f| cbterm::ui::draw(f, &m)).expect("draw");
    }
}
