//! The watchlist saved to the config file end to end (issue 12 item 6): the compiled binary in
//! a pseudo-terminal on the demo venue, with a config file in `$XDG_CONFIG_HOME/cbterm`. Its
//! `default_product` is focused at start; `K` moves it up the watchlist and `:watch add`
//! adds a product; after each edit the file on disk has the new `watchlist` and every other
//! line (comments, `[risk]`) as written, and it loads back. Every wait has a deadline.

mod pty;

use std::time::{Duration, Instant};

use cbterm::domain::ProductId;
use portable_pty::CommandBuilder;
use pty::Pty;

const CONFIG: &str = "# my cbterm settings\nwatchlist = [\"ETH-USD\", \"BTC-USD\"] # in this order\n\
                      default_product = \"BTC-USD\"\n\n[risk]\n# careful\nmax_distance_pct = 5\n";

/// Polls `path` until it holds `expected`; fails with what it holds after [`pty::WAIT`].
fn wait_for_file(path: &std::path::Path, expected: &str) {
    let deadline = Instant::now() + pty::WAIT;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for the file to read:\n{expected}\nit reads:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn row_of(screen: &str, product: &str) -> Option<usize> {
    screen.lines().position(|l| l.starts_with(&format!("│{product} ")))
}

#[test]
fn watchlist_edits_are_saved_to_the_config_file_keeping_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config").join("cbterm").join("config.toml");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("config dir");
    std::fs::write(&path, CONFIG).expect("config file");

    let mut pty = Pty::spawn_in(CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm")), dir.path());
    let screen = pty.wait_for("the configured watchlist", |s| {
        row_of(s, "ETH-USD").zip(row_of(s, "BTC-USD")).is_some_and(|(e, b)| e < b)
            && s.contains("market Live")
    });
    assert!(screen.contains("╭ Chart BTC-USD"), "the default product is focused:\n{screen}");
    assert_eq!(row_of(&screen, "SOL-USD"), None, "only the configured products:\n{screen}");

    pty.send("K");
    pty.wait_for("BTC-USD moved up", |s| {
        row_of(s, "BTC-USD").zip(row_of(s, "ETH-USD")).is_some_and(|(b, e)| b < e)
    });
    let moved = CONFIG.replace("[\"ETH-USD\", \"BTC-USD\"]", "[\"BTC-USD\", \"ETH-USD\"]");
    wait_for_file(&path, &moved);

    pty.send(":watch add SOL-USD\r");
    pty.wait_for("SOL-USD watched", |s| row_of(s, "SOL-USD").is_some());
    let added = CONFIG.replace("[\"ETH-USD\", \"BTC-USD\"]", "[\"BTC-USD\", \"ETH-USD\", \"SOL-USD\"]");
    wait_for_file(&path, &added);

    pty.send("q");
    assert!(pty.finish().success(), "clean exit");
    let loaded = cbterm::config::load(&path, true).expect("the saved file loads");
    let ids: Vec<ProductId> =
        ["BTC-USD", "ETH-USD", "SOL-USD"].iter().map(|p| ProductId((*p).to_string())).collect();
    assert_eq!(loaded.watchlist, ids);
    assert_eq!(loaded.default_product, Some(ProductId("BTC-USD".into())));
    assert_eq!(loaded.risk.max_distance_pct, rust_decimal::Decimal::from(5));
}
