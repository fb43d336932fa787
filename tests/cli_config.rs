//! The config file on the command line (issue 12 item 6): a bad file stops every command with
//! its path, line and key before anything starts; `--config` names a file that must exist; the
//! file's `[risk]` limits are the thresholds `cbterm place` checks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Venue;

fn config_file(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_config_file_stops_the_command_with_its_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(&dir, "watchlist = [\"BTC-USD\"]\n[risk]\nmax_order_notional = -5\n");
    let out = common::run_binary(&["--config".into(), path.clone(), "products".into()]).await;
    let expected =
        format!("error: config file {path}, line 3, key risk.max_order_notional: must not be negative\n");
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (2, "", expected.as_str()));

    let path = config_file(&dir, "theme = \"solarized\"\n");
    let out = common::run_binary(&["--config".into(), path.clone(), "products".into()]).await;
    let expected = format!(
        "error: config file {path}, line 1, key theme: unknown theme \"solarized\"; the themes are: dark, light, \
         colour-blind\n"
    );
    assert_eq!((out.code, out.stderr.as_str()), (2, expected.as_str()));

    let missing = dir.path().join("none.toml").display().to_string();
    let out = common::run_binary(&["--config".into(), missing.clone(), "products".into()]).await;
    let expected = format!("error: config file {missing}: No such file or directory (os error 2)\n");
    assert_eq!((out.code, out.stderr.as_str()), (2, expected.as_str()));
}

/// `--theme` takes a theme's name; a bad name stops the command (exit 2) with the choices,
/// before anything starts.
#[tokio::test(flavor = "multi_thread")]
async fn the_theme_flag_takes_a_themes_name_and_a_bad_one_names_the_choices() {
    use clap::Parser;
    let out = common::run_binary(&["--theme".into(), "solarized".into(), "products".into()]).await;
    let expected = "error: invalid value 'solarized' for '--theme <NAME>': unknown theme \"solarized\"; \
                    the themes are: dark, light, colour-blind\n\nFor more information, try '--help'.\n";
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (2, "", expected));

    let parse = |args: &[&str]| cbterm::cli::Cli::try_parse_from(args).map(|c| c.theme);
    assert_eq!(parse(&["cbterm"]).unwrap(), None);
    assert_eq!(parse(&["cbterm", "--theme", "light"]).unwrap(), Some(cbterm::app::ThemeName::Light));
    assert_eq!(
        parse(&["cbterm", "products", "--theme", "colour-blind"]).unwrap(),
        Some(cbterm::app::ThemeName::ColourBlind)
    );
    assert_eq!(parse(&["cbterm", "--theme=default"]).unwrap(), Some(cbterm::app::ThemeName::Dark));
    assert!(parse(&["cbterm", "--theme"]).is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_files_risk_limits_are_the_thresholds_place_checks() {
    let venue = Venue::manual(21).await;
    venue.step(200).await;
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(&dir, "[risk]\nmax_order_notional = \"5\"\n");
    let mut args = common::limit_buy("0.01", "1000.00", &[]);
    args.extend(["--config", path.as_str()]);
    let out = venue.cli(&args).await;
    assert_eq!(out.code, 2, "{out:?}");
    let refused = "order notional 10 USD is above the limit of 5 USD (risk.max_order_notional)";
    assert!(out.stderr.contains(refused), "expected {refused:?} in {:?}", out.stderr);
    assert!(venue.sim_orders().await.is_empty(), "nothing is sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_values_balances_in_the_config_files_quote_currency() {
    let venue = Venue::manual(22).await;
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(&dir, "quote_currency = \"EUR\"\n");
    let out = venue.cli(&["accounts", "--config", path.as_str()]).await;
    assert_eq!(out.code, 0, "{out:?}");
    let header = out.stdout.lines().next().unwrap_or_default().split_whitespace().last();
    assert_eq!(header, Some("EUR"), "{}", out.stdout);
    let default = venue.cli(&["accounts"]).await;
    let header = default.stdout.lines().next().unwrap_or_default().split_whitespace().last();
    assert_eq!(header, Some("USD"), "{}", default.stdout);
}
