use std::path::PathBuf;

use rust_decimal::Decimal;

use super::*;

const PATH: &str = "/home/u/.config/cbterm/config.toml";

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn ids(list: &[&str]) -> Vec<ProductId> {
    list.iter().map(|p| ProductId((*p).to_string())).collect()
}

fn key_error(line: usize, key: &str, message: &str) -> ConfigError {
    ConfigError::Key { path: PATH.into(), line, key: key.into(), message: message.into() }
}

#[test]
fn every_key_parses_and_each_missing_key_is_its_default() {
    let full = "watchlist = [\"btc-usd\", \"ETH-USD\"]\ndefault_product = \"ETH-USD\"\nquote_currency = \"eur\"\n\
                theme = \"default\"\nkeymap = \"/k.toml\"\n[risk]\nmax_order_notional = \"2500.50\"\n\
                warn_distance_pct = \"1.5\"\nmax_distance_pct = 5\n";
    let expected = Config {
        watchlist: ids(&["BTC-USD", "ETH-USD"]),
        default_product: Some(ProductId("ETH-USD".into())),
        quote_currency: "EUR".into(),
        theme: ThemeName::Dark,
        keymap: Some(PathBuf::from("/k.toml")),
        risk: RiskLimits {
            warn_distance_pct: dec("1.5"),
            max_distance_pct: dec("5"),
            max_order_notional: Some(dec("2500.50")),
        },
    };
    assert_eq!(parse(full, PATH), Ok(expected));
    let default = Config::default();
    let cases = [
        ("", default.clone()),
        ("# only a comment\n", default.clone()),
        ("watchlist = [\"SOL-USD\"]", Config { watchlist: ids(&["SOL-USD"]), ..default.clone() }),
        ("default_product = \"\"", default.clone()),
        ("keymap = \"\"", default.clone()),
        ("theme = \"dark\"", default.clone()),
        ("theme = \"light\"", Config { theme: ThemeName::Light, ..default.clone() }),
        ("theme = \"colour-blind\"", Config { theme: ThemeName::ColourBlind, ..default.clone() }),
        ("[risk]", default.clone()),
        (
            "[risk]\nmax_distance_pct = 20",
            Config {
                risk: RiskLimits { max_distance_pct: dec("20"), ..RiskLimits::default() },
                ..default.clone()
            },
        ),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text, PATH), Ok(want), "{text:?}");
    }
    assert_eq!(
        default,
        Config {
            watchlist: Vec::new(),
            default_product: None,
            quote_currency: "USD".into(),
            theme: ThemeName::Dark,
            keymap: None,
            risk: RiskLimits {
                warn_distance_pct: dec("3"),
                max_distance_pct: dec("10"),
                max_order_notional: None
            },
        }
    );
}

#[test]
fn a_bad_file_names_the_file_line_and_key() {
    let cases = [
        (
            "watchlist = [\"BTC-USD\"\n",
            ConfigError::Syntax { path: PATH.into(), line: 2, message: "invalid array\nexpected `]`".into() },
        ),
        ("colour = \"red\"", key_error(1, "colour", "unknown key")),
        ("# a\n[risk]\nmax_notional = 5", key_error(3, "risk.max_notional", "unknown key")),
        (
            "watchlist = [\n  \"BTC-USD\",\n  \"BTCUSD\",\n]",
            key_error(3, "watchlist", "\"BTCUSD\" is not a product id like BTC-USD"),
        ),
        ("watchlist = [\"BTC-USD\", \"btc-usd\"]", key_error(1, "watchlist", "BTC-USD is listed twice")),
        ("watchlist = \"BTC-USD\"", key_error(1, "watchlist", "must be a list of product ids")),
        (
            "default_product = \"BTC/USD\"",
            key_error(1, "default_product", "\"BTC/USD\" is not a product id like BTC-USD"),
        ),
        (
            "quote_currency = \"US-D\"",
            key_error(1, "quote_currency", "\"US-D\" is not a currency code like USD"),
        ),
        ("quote_currency = 5", key_error(1, "quote_currency", "must be a string")),
        (
            "theme = \"solarized\"",
            key_error(1, "theme", "unknown theme \"solarized\"; the themes are: dark, light, colour-blind"),
        ),
        ("theme = 1", key_error(1, "theme", "must be a string")),
        (
            "\n[risk]\nmax_order_notional = -5",
            key_error(3, "risk.max_order_notional", "must not be negative"),
        ),
        (
            "[risk]\nmax_order_notional = \"-5\"",
            key_error(2, "risk.max_order_notional", "must not be negative"),
        ),
        ("[risk]\nmax_distance_pct = 0", key_error(2, "risk.max_distance_pct", "must be greater than zero")),
        (
            "[risk]\nwarn_distance_pct = 2.5",
            key_error(
                2,
                "risk.warn_distance_pct",
                "write a decimal as a string (\"2.5\") or an integer: a TOML float is not exact",
            ),
        ),
        (
            "[risk]\nwarn_distance_pct = \"2,5\"",
            key_error(
                2,
                "risk.warn_distance_pct",
                "\"2,5\" may contain only the digits 0-9 and one '.', found ','",
            ),
        ),
        (
            "[risk]\nwarn_distance_pct = \"12\"",
            key_error(2, "risk.warn_distance_pct", "12% is above risk.max_distance_pct (10%)"),
        ),
        ("risk = 5", key_error(1, "risk", "must be a table ([risk])")),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text, PATH), Err(want), "{text:?}");
    }
    assert_eq!(
        key_error(3, "risk.max_notional", "unknown key").to_string(),
        format!("config file {PATH}, line 3, key risk.max_notional: unknown key")
    );
}

#[test]
fn the_example_file_parses_to_the_defaults() {
    assert_eq!(parse(EXAMPLE, "assets/config.example.toml"), Ok(Config::default()));
}

#[test]
fn a_missing_file_is_the_defaults_unless_it_was_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(FILE_NAME);
    assert_eq!(load(&path, false), Ok(Config::default()));
    let Err(ConfigError::Read { path: shown, message }) = load(&path, true) else { panic!("not an error") };
    assert_eq!(
        (shown, message),
        (path.display().to_string(), "No such file or directory (os error 2)".to_string())
    );
}

#[test]
fn the_watchlist_is_rewritten_and_everything_else_kept() {
    let text = "# my settings\nwatchlist = [\"BTC-USD\"] # the ones I watch\ntheme = \"default\"\n\n\
                [risk]\n# careful\nmax_distance_pct = 5\n\n[plugins.extra]\nname = \"kept\"\n";
    let out = with_watchlist(text, &ids(&["ETH-USD", "BTC-USD"])).expect("edited");
    let want = "# my settings\nwatchlist = [\"ETH-USD\", \"BTC-USD\"] # the ones I watch\ntheme = \"default\"\n\n\
                [risk]\n# careful\nmax_distance_pct = 5\n\n[plugins.extra]\nname = \"kept\"\n";
    assert_eq!(out, want);
    let added = with_watchlist("theme = \"default\"\n[risk]\nmax_distance_pct = 5\n", &ids(&["SOL-USD"]));
    assert_eq!(
        added.as_deref(),
        Ok("theme = \"default\"\nwatchlist = [\"SOL-USD\"]\n[risk]\nmax_distance_pct = 5\n")
    );
    assert_eq!(with_watchlist("", &[]).as_deref(), Ok("watchlist = []\n"));
}

#[test]
fn a_flag_wins_over_the_file_and_the_file_over_the_default() {
    let file = parse("watchlist = [\"SOL-USD\"]\nkeymap = \"/file-keys.toml\"", PATH).expect("parsed");
    let none = Config::default().with_flags(Vec::new(), None);
    assert_eq!(none, Config::default());
    assert_eq!(file.clone().with_flags(Vec::new(), None), file);
    let flags = file.clone().with_flags(ids(&["ETH-USD"]), Some(PathBuf::from("/flag-keys.toml")));
    assert_eq!(
        flags,
        Config { watchlist: ids(&["ETH-USD"]), keymap: Some(PathBuf::from("/flag-keys.toml")), ..file }
    );
}

#[test]
fn the_theme_flag_wins_over_the_files_theme() {
    let file = parse("theme = \"light\"", PATH).expect("parsed");
    assert_eq!(file.theme, ThemeName::Light);
    assert_eq!(file.clone().with_theme(None), file);
    assert_eq!(file.clone().with_theme(Some(ThemeName::ColourBlind)).theme, ThemeName::ColourBlind);
    assert_eq!(Config::default().with_theme(Some(ThemeName::Light)).theme, ThemeName::Light);
    assert_eq!(Config::default().with_theme(None).theme, ThemeName::Dark);
}
