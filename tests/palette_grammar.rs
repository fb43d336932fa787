//! The palette grammar, table-driven: every line with its whole parsed command or its exact
//! error message (the word, what was expected there, what was found).

use cbterm::app::model::alerts::{Direction, Target};
use cbterm::app::palette::{Command, OrderCommand, PriceSpec, SizeSpec, WatchChange, parse};
use cbterm::domain::{Granularity, ProductId, Side};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn id(s: &str) -> ProductId {
    ProductId(s.into())
}

fn order(side: Side, size: SizeSpec, product: &str, price: PriceSpec) -> Result<Command, String> {
    Ok(Command::Order(OrderCommand { side, size, product: id(product), price }))
}

fn limit(price: &str) -> PriceSpec {
    PriceSpec::Limit { price: dec(price), post_only: false }
}

fn base(s: &str) -> SizeSpec {
    SizeSpec::Base(dec(s))
}

fn err(text: &str) -> Result<Command, String> {
    Err(text.to_string())
}

fn watch(change: WatchChange, product: &str) -> Result<Command, String> {
    Ok(Command::Watch { change, product: id(product) })
}

fn alert(product: &str, target: Target) -> Result<Command, String> {
    Ok(Command::Alert { product: id(product), target })
}

fn moved(percent: &str, direction: Direction) -> Target {
    Target::Move { percent: dec(percent), direction }
}

fn valid_rows() -> Vec<(&'static str, Result<Command, String>)> {
    use Side::{Buy, Sell};
    vec![
        ("buy 0.01 BTC-USD @ 60000", order(Buy, base("0.01"), "BTC-USD", limit("60000"))),
        (
            "buy 0.01 BTC-USD @ 60000 post",
            order(Buy, base("0.01"), "BTC-USD", PriceSpec::Limit { price: dec("60000"), post_only: true }),
        ),
        ("sell 50% ETH-USD mkt", order(Sell, SizeSpec::Percent(dec("50")), "ETH-USD", PriceSpec::Market)),
        ("buy $250 SOL-USD mkt", order(Buy, SizeSpec::Quote(dec("250")), "SOL-USD", PriceSpec::Market)),
        (
            "sell 0.5 ETH-USD stop 2400 limit 2390",
            order(
                Sell,
                base("0.5"),
                "ETH-USD",
                PriceSpec::StopLimit { stop: dec("2400"), limit: dec("2390") },
            ),
        ),
        ("  BUY   0.010  btc-usd  @  60000.50  ", order(Buy, base("0.010"), "BTC-USD", limit("60000.50"))),
        ("Sell 1 eth-usd MARKET", order(Sell, base("1"), "ETH-USD", PriceSpec::Market)),
        ("buy 100% BTC-USD @ 1", order(Buy, SizeSpec::Percent(dec("100")), "BTC-USD", limit("1"))),
        ("buy 12.5% BTC-USD mkt", order(Buy, SizeSpec::Percent(dec("12.5")), "BTC-USD", PriceSpec::Market)),
        (
            "buy $10.25 BTC-USD @ 59000.01",
            order(Buy, SizeSpec::Quote(dec("10.25")), "BTC-USD", limit("59000.01")),
        ),
        ("buy 0.01 BTC-USD @ 60000 POST", {
            order(Buy, base("0.01"), "BTC-USD", PriceSpec::Limit { price: dec("60000"), post_only: true })
        }),
        ("cancel all BTC-USD", Ok(Command::CancelAll { product: Some(id("BTC-USD")) })),
        ("cancel all", Ok(Command::CancelAll { product: None })),
        ("CANCEL ALL eth-usd", Ok(Command::CancelAll { product: Some(id("ETH-USD")) })),
        ("chart 1h", Ok(Command::Chart { granularity: Granularity::OneHour })),
        ("chart 1m", Ok(Command::Chart { granularity: Granularity::OneMinute })),
        ("chart 1D", Ok(Command::Chart { granularity: Granularity::OneDay })),
        ("theme light", Ok(Command::Theme { name: cbterm::app::ThemeName::Light })),
        ("THEME Colour-Blind", Ok(Command::Theme { name: cbterm::app::ThemeName::ColourBlind })),
        ("theme dark", Ok(Command::Theme { name: cbterm::app::ThemeName::Dark })),
        ("watch add AVAX-USD", watch(WatchChange::Add, "AVAX-USD")),
        ("watch rm DOGE-USD", watch(WatchChange::Remove, "DOGE-USD")),
        ("alert BTC-USD > 70000", alert("BTC-USD", Target::Above(dec("70000")))),
        ("alert BTC-USD < 58000.5", alert("BTC-USD", Target::Below(dec("58000.5")))),
        ("alert eth-usd +5%", alert("ETH-USD", moved("5", Direction::Up))),
        ("alert ETH-USD -2.5%", alert("ETH-USD", moved("2.5", Direction::Down))),
        ("alert SOL-USD 10%", alert("SOL-USD", moved("10", Direction::Either))),
    ]
}

fn invalid_rows() -> Vec<(&'static str, Result<Command, String>)> {
    vec![
        (
            "",
            err(
                "word 1: expected a command (buy, sell, cancel, chart, theme, watch or alert), found nothing",
            ),
        ),
        (
            "   ",
            err(
                "word 1: expected a command (buy, sell, cancel, chart, theme, watch or alert), found nothing",
            ),
        ),
        (
            "purchase 1 BTC-USD mkt",
            err(
                "word 1: expected a command (buy, sell, cancel, chart, theme, watch or alert), found 'purchase'",
            ),
        ),
        ("buy", err("word 2: expected a size like 0.01, $250 or 50%, found nothing")),
        ("theme", err("word 2: expected a theme (dark, light, colour-blind), found nothing")),
        ("theme solarized", err("word 2: expected a theme (dark, light, colour-blind), found 'solarized'")),
        ("theme light now", err("word 3: expected the end of the line, found 'now'")),
        ("buy 0.01 BTCUSD @ 60000", err("word 3: expected a product like BTC-USD, found 'BTCUSD'")),
        ("buy 0.01", err("word 3: expected a product like BTC-USD, found nothing")),
        ("buy 0.01 BTC-USD", err("word 4: expected @ PRICE, mkt or stop PRICE limit PRICE, found nothing")),
        (
            "buy 0.01 BTC-USD at 60000",
            err("word 4: expected @ PRICE, mkt or stop PRICE limit PRICE, found 'at'"),
        ),
        ("buy 0.01 BTC-USD @", err("word 5: expected a limit price like 60000, found nothing")),
        (
            "buy 0.01 BTC-USD @ 60,000",
            err(
                "word 5: expected a limit price like 60000, found '60,000' (the price may contain only the digits 0-9 and one '.', found ',')",
            ),
        ),
        (
            "buy 0.01 BTC-USD @ 6e4",
            err(
                "word 5: expected a limit price like 60000, found '6e4' (the price may contain only the digits 0-9 and one '.', found 'e')",
            ),
        ),
        (
            "buy 0.01 BTC-USD @ 0",
            err("word 5: expected a limit price like 60000, found '0' (the price must be greater than zero)"),
        ),
        ("buy 0.01 BTC-USD @ 60000 gtc", err("word 6: expected post or the end of the line, found 'gtc'")),
        ("buy 0.01 BTC-USD @ 60000 post now", err("word 7: expected the end of the line, found 'now'")),
        (
            "buy -1 BTC-USD mkt",
            err(
                "word 2: expected a size like 0.01, $250 or 50%, found '-1' (the amount may contain only the digits 0-9 and one '.', found '-')",
            ),
        ),
        (
            "buy 0 BTC-USD mkt",
            err(
                "word 2: expected a size like 0.01, $250 or 50%, found '0' (the amount must be greater than zero)",
            ),
        ),
        (
            "buy .5 BTC-USD mkt",
            err(
                "word 2: expected a size like 0.01, $250 or 50%, found '.5' (the amount must look like 123 or 123.45)",
            ),
        ),
        (
            "buy $ BTC-USD mkt",
            err("word 2: expected a size like 0.01, $250 or 50%, found '$' (the amount is empty)"),
        ),
        (
            "sell 150% ETH-USD mkt",
            err(
                "word 2: expected a size like 0.01, $250 or 50%, found '150%' (a share of the balance is at most 100%)",
            ),
        ),
        ("sell 0.5 ETH-USD stop", err("word 5: expected a stop price like 2400, found nothing")),
        ("sell 0.5 ETH-USD stop 2400", err("word 6: expected limit, found nothing")),
        ("sell 0.5 ETH-USD stop 2400 at 2390", err("word 6: expected limit, found 'at'")),
        ("sell 0.5 ETH-USD stop 2400 limit", err("word 7: expected a limit price like 2390, found nothing")),
        (
            "sell 0.5 ETH-USD stop 2400 limit 2390 post",
            err("word 8: expected the end of the line, found 'post'"),
        ),
        ("sell 0.5 ETH-USD mkt now", err("word 5: expected the end of the line, found 'now'")),
        ("cancel", err("word 2: expected all, found nothing")),
        ("cancel 3f2a", err("word 2: expected all, found '3f2a'")),
        (
            "cancel all BTC",
            err("word 3: expected a product like BTC-USD or the end of the line, found 'BTC'"),
        ),
        ("cancel all BTC-USD ETH-USD", err("word 4: expected the end of the line, found 'ETH-USD'")),
        ("chart", err("word 2: expected an interval (1m, 5m, 15m, 30m, 1h, 2h, 6h, 1d), found nothing")),
        ("chart 4h", err("word 2: expected an interval (1m, 5m, 15m, 30m, 1h, 2h, 6h, 1d), found '4h'")),
        ("watch AVAX-USD", err("word 2: expected add or rm, found 'AVAX-USD'")),
        ("watch add", err("word 3: expected a product like BTC-USD, found nothing")),
        ("watch rm DOGE_USD", err("word 3: expected a product like BTC-USD, found 'DOGE_USD'")),
        ("alert BTC-USD", err("word 3: expected > PRICE, < PRICE or a move like +5%, found nothing")),
        ("alert BTC-USD >", err("word 4: expected a price like 70000, found nothing")),
        ("alert BTC-USD >= 70000", err("word 3: expected > PRICE, < PRICE or a move like +5%, found '>='")),
        (
            "alert BTC-USD > 70k",
            err(
                "word 4: expected a price like 70000, found '70k' (the price may contain only the digits 0-9 and one '.', found 'k')",
            ),
        ),
        (
            "alert BTC-USD -100%",
            err(
                "word 3: expected > PRICE, < PRICE or a move like +5%, found '-100%' (a fall of 100% is impossible; use less than 100)",
            ),
        ),
        ("alert 70000 > BTC-USD", err("word 2: expected a product like BTC-USD, found '70000'")),
        (
            "buy 0.01 ABCDEFGHIJKLMNOPQRSTUVWXYZ-USD mkt",
            err("word 3: expected a product like BTC-USD, found 'ABCDEFGHIJKLMNOPQRSTUVWX…'"),
        ),
    ]
}

#[test]
fn every_line_parses_to_its_command_or_its_error() {
    let rows: Vec<_> = valid_rows().into_iter().chain(invalid_rows()).collect();
    assert!(rows.len() >= 40, "{} rows", rows.len());
    for (line, expected) in rows {
        assert_eq!(parse(line).map_err(|e| e.to_string()), expected, "{line:?}");
    }
}

#[test]
fn every_valid_command_prints_as_a_line_that_parses_back_to_it() {
    for (line, expected) in valid_rows() {
        let command = expected.expect("a valid row");
        assert_eq!(parse(&command.to_string()), Ok(command.clone()), "{line:?} printed as {command}");
    }
}

#[test]
fn the_canonical_form_of_the_issue_examples_is_the_example() {
    for line in [
        "buy 0.01 BTC-USD @ 60000",
        "buy 0.01 BTC-USD @ 60000 post",
        "sell 50% ETH-USD mkt",
        "buy $250 SOL-USD mkt",
        "sell 0.5 ETH-USD stop 2400 limit 2390",
        "cancel all BTC-USD",
        "cancel all",
        "chart 1h",
        "watch add AVAX-USD",
        "watch rm DOGE-USD",
        "alert BTC-USD > 70000",
    ] {
        assert_eq!(parse(line).expect(line).to_string(), line);
    }
}
