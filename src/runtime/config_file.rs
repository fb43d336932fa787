//! The config file's settings for the dashboard ([`Preferences`]), and saving the watchlist to
//! it: read the file, set its `watchlist` ([`crate::config::with_watchlist`] keeps every other
//! key and comment), write it atomically ([`super::saving`]).

use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::app::Msg;
use crate::domain::ProductId;
use crate::domain::guards::RiskLimits;

/// What the config file sets besides the watchlist and the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// The valuation currency.
    pub quote: String,
    /// The pre-trade guards' thresholds.
    pub limits: RiskLimits,
    /// The product focused at start, when it is in the watchlist.
    pub default_product: Option<ProductId>,
    /// The colour theme.
    pub theme: crate::app::ThemeName,
    /// The config file an edited watchlist is saved to; `None`: not saved.
    pub watchlist_file: Option<PathBuf>,
}

impl Default for Preferences {
    /// The built-in settings, nothing saved.
    fn default() -> Self {
        let config = crate::config::Config::default();
        Self {
            quote: config.quote_currency,
            limits: config.risk,
            default_product: None,
            theme: config.theme,
            watchlist_file: None,
        }
    }
}

/// Writes `products` as the `watchlist` of the config file at `path`, creating the file (and
/// its directory) when there is none.
pub fn save_watchlist(path: &Path, products: &[ProductId]) -> Result<(), String> {
    let shown = path.display();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let edited = crate::config::with_watchlist(&text, products).map_err(|e| format!("{shown}: {e}"))?;
    super::saving::write_atomically(path, "toml.tmp", &edited).map_err(|e| format!("{shown}: {e}"))
}

/// Starts the task that saves each watchlist sent to it to `path`; a failure is sent back as
/// [`Msg::WatchlistNotSaved`].
pub fn spawn_writer(path: PathBuf, tx: mpsc::Sender<Msg>) -> mpsc::UnboundedSender<Vec<ProductId>> {
    let save = |path: &Path, products: &Vec<ProductId>| save_watchlist(path, products);
    super::saving::spawn_writer(path, tx, save, |reason| Msg::WatchlistNotSaved { reason }, "watchlist")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, Config};

    fn ids(list: &[&str]) -> Vec<ProductId> {
        list.iter().map(|p| ProductId((*p).to_string())).collect()
    }

    #[test]
    fn a_saved_watchlist_loads_back_and_the_rest_of_the_file_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(config::FILE_NAME);
        let text = format!(
            "# mine\n{}\n[risk]\n# tight\nmax_order_notional = \"2500\"\n",
            "quote_currency = \"EUR\""
        );
        std::fs::write(&path, &text).expect("written");
        save_watchlist(&path, &ids(&["SOL-USD", "BTC-USD"])).expect("saved");
        let saved = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            saved,
            "# mine\nquote_currency = \"EUR\"\nwatchlist = [\"SOL-USD\", \"BTC-USD\"]\n[risk]\n# tight\nmax_order_notional = \"2500\"\n"
        );
        let loaded = config::load(&path, true).expect("loads");
        let mut expected = config::parse(&text, "before").expect("parses");
        expected.watchlist = ids(&["SOL-USD", "BTC-USD"]);
        assert_eq!(loaded, expected);
        save_watchlist(&path, &ids(&["BTC-USD"])).expect("saved again");
        assert_eq!(config::load(&path, true).map(|c| c.watchlist), Ok(ids(&["BTC-USD"])));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listing")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .collect();
        assert_eq!(names, vec![config::FILE_NAME.to_string()]);
    }

    #[test]
    fn the_example_file_keeps_its_comments_when_the_watchlist_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("new").join(config::FILE_NAME);
        std::fs::create_dir_all(path.parent().expect("dir")).expect("dir");
        std::fs::write(&path, config::EXAMPLE).expect("written");
        save_watchlist(&path, &ids(&["ETH-USD"])).expect("saved");
        let expected = config::EXAMPLE.replace("watchlist = []", "watchlist = [\"ETH-USD\"]");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), expected);
        assert_eq!(
            config::load(&path, true),
            Ok(Config { watchlist: ids(&["ETH-USD"]), ..Config::default() })
        );
    }

    #[tokio::test]
    async fn a_write_failure_comes_back_as_a_message_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("not-a-dir");
        std::fs::write(&blocker, "").expect("written");
        let path = blocker.join(config::FILE_NAME);
        let (tx, mut rx) = mpsc::channel(4);
        let writer = spawn_writer(path.clone(), tx);
        writer.send(ids(&["BTC-USD"])).expect("sent");
        let msg = tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv()).await.expect("in time");
        let reason = format!("{}: Not a directory (os error 20)", path.display());
        assert_eq!(msg, Some(Msg::WatchlistNotSaved { reason }));
    }
}
