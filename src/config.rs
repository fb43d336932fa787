//! The config file, `config.toml` in [`crate::paths::config_dir`] (or `--config PATH`):
//! watchlist, default product, quote currency, theme, risk limits and keymap path. Every key
//! is optional; [`Config::default`] holds the built-in defaults, documented in the README and
//! in `assets/config.example.toml`. Precedence: a command-line flag, then this file, then the
//! default. A bad file is refused whole, with its path, line and key.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use thiserror::Error;
use toml_edit::{ImDocument, Item, Table, Value};

use crate::app::ThemeName;
use crate::domain::ProductId;
use crate::domain::guards::RiskLimits;

mod edit;
#[cfg(test)]
mod tests;

pub use edit::with_watchlist;

/// The file's name in the configuration directory.
pub const FILE_NAME: &str = "config.toml";
/// The example file: every key at its default, with comments.
pub const EXAMPLE: &str = include_str!("../assets/config.example.toml");

/// The settings of the config file, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Products watched at start (`watchlist`); empty: the first four of the catalogue.
    pub watchlist: Vec<ProductId>,
    /// The product focused at start when it is in the watchlist (`default_product`; `""`:
    /// none).
    pub default_product: Option<ProductId>,
    /// The currency balances and P&L are valued in (`quote_currency`).
    pub quote_currency: String,
    /// The colour theme (`theme`; `default` is `dark`); `--theme` wins.
    pub theme: ThemeName,
    /// A keymap file overriding the default keys (`keymap`; `""`: none); `--keymap` wins.
    pub keymap: Option<PathBuf>,
    /// The pre-trade guards' thresholds (`[risk]`).
    pub risk: RiskLimits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            watchlist: Vec::new(),
            default_product: None,
            quote_currency: crate::app::model::VALUATION_QUOTE.to_string(),
            theme: ThemeName::default(),
            keymap: None,
            risk: RiskLimits::default(),
        }
    }
}

/// Why a config file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    /// The file cannot be read (or, given with `--config`, does not exist).
    #[error("config file {path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The text is not TOML.
    #[error("config file {path}, line {line}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// The parser's words.
        message: String,
    },
    /// A key that is unknown or has a bad value.
    #[error("config file {path}, line {line}, key {key}: {message}")]
    Key {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// The dotted key, e.g. `risk.max_order_notional`.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// `config.toml` in the configuration directory.
pub fn default_path() -> PathBuf {
    crate::paths::config_dir().join(FILE_NAME)
}

/// Reads the file at `path`. A missing file is the defaults unless `required` (it was named
/// with `--config`).
pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &shown),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(Config::default()),
        Err(e) => Err(ConfigError::Read { path: shown, message: e.to_string() }),
    }
}

/// Parses the text of a config file; `path` names it in errors.
pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
    let doc = ImDocument::parse(text).map_err(|e| ConfigError::Syntax {
        path: path.to_string(),
        line: line_of(text, e.span().map_or(0, |s| s.start)),
        message: e.message().trim().to_string(),
    })?;
    let reader = Reader { text, path };
    let mut config = Config::default();
    for (key, item) in doc.as_table() {
        let mut at = reader.at(key, doc.as_table(), item);
        match key {
            "watchlist" => config.watchlist = at.products(item)?,
            "default_product" => {
                config.default_product = at.optional(item)?.map(|p| at.product(p)).transpose()?
            }
            "quote_currency" => config.quote_currency = at.currency(at.string(item)?)?,
            "theme" => config.theme = at.theme(at.string(item)?)?,
            "keymap" => config.keymap = at.optional(item)?.map(PathBuf::from),
            "risk" => config.risk = reader.risk(item, &at)?,
            _ => return Err(at.fail("unknown key")),
        }
    }
    Ok(config)
}

/// The 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |t| t.matches('\n').count() + 1)
}

/// Reads values out of one file's document.
struct Reader<'a> {
    text: &'a str,
    path: &'a str,
}

impl<'a> Reader<'a> {
    fn at(&self, key: &str, table: &Table, item: &Item) -> At<'a> {
        let span = table.key(key).and_then(toml_edit::Key::span).or_else(|| item.span());
        At {
            text: self.text,
            path: self.path,
            key: key.to_string(),
            line: line_of(self.text, span.map_or(0, |s| s.start)),
        }
    }

    fn risk(&self, item: &Item, at: &At) -> Result<RiskLimits, ConfigError> {
        let table = item.as_table().ok_or_else(|| at.fail("must be a table ([risk])"))?;
        let mut risk = RiskLimits::default();
        for (key, value) in table {
            let mut at = self.at(key, table, value);
            at.key = format!("risk.{key}");
            match key {
                "max_order_notional" => risk.max_order_notional = Some(at.amount(value)?),
                "warn_distance_pct" => risk.warn_distance_pct = at.amount(value)?,
                "max_distance_pct" => risk.max_distance_pct = at.amount(value)?,
                _ => return Err(at.fail("unknown key")),
            }
        }
        if risk.warn_distance_pct > risk.max_distance_pct {
            let at = self.at("warn_distance_pct", table, item);
            return Err(At { key: "risk.warn_distance_pct".into(), ..at }.fail(&format!(
                "{}% is above risk.max_distance_pct ({}%)",
                risk.warn_distance_pct, risk.max_distance_pct
            )));
        }
        Ok(risk)
    }
}

/// Where a value is: for its error.
struct At<'a> {
    text: &'a str,
    path: &'a str,
    key: String,
    line: usize,
}

impl At<'_> {
    fn fail(&self, message: &str) -> ConfigError {
        ConfigError::Key {
            path: self.path.to_string(),
            line: self.line,
            key: self.key.clone(),
            message: message.to_string(),
        }
    }

    fn string<'i>(&self, item: &'i Item) -> Result<&'i str, ConfigError> {
        item.as_str().ok_or_else(|| self.fail("must be a string"))
    }

    /// A string where `""` means "not set".
    fn optional<'i>(&self, item: &'i Item) -> Result<Option<&'i str>, ConfigError> {
        self.string(item).map(|s| Some(s).filter(|s| !s.is_empty()))
    }

    fn product(&self, text: &str) -> Result<ProductId, ConfigError> {
        ProductId::parse(text).map_err(|e| self.fail(&e))
    }

    fn products(&mut self, item: &Item) -> Result<Vec<ProductId>, ConfigError> {
        let array = item.as_array().ok_or_else(|| self.fail("must be a list of product ids"))?;
        let mut out: Vec<ProductId> = Vec::new();
        for value in array {
            self.line = value.span().map_or(self.line, |s| line_of(self.text, s.start));
            let id =
                self.product(value.as_str().ok_or_else(|| self.fail("must be a list of product ids"))?)?;
            if out.contains(&id) {
                return Err(self.fail(&format!("{id} is listed twice")));
            }
            out.push(id);
        }
        Ok(out)
    }

    /// A currency code as it appears in a product id (the same rule: `ProductId::parse`).
    fn currency(&self, text: &str) -> Result<String, ConfigError> {
        match ProductId::parse(&format!("X-{text}")) {
            Ok(id) if !text.contains('-') => Ok(id.quote().to_string()),
            _ => Err(self.fail(&format!("{text:?} is not a currency code like USD"))),
        }
    }

    fn theme(&self, text: &str) -> Result<ThemeName, ConfigError> {
        text.parse().map_err(|e: crate::app::theme::UnknownTheme| self.fail(&e.to_string()))
    }

    /// A positive amount: an integer or a decimal string (a TOML float is not exact).
    fn amount(&self, item: &Item) -> Result<Decimal, ConfigError> {
        let value = match item.as_value() {
            Some(Value::Integer(i)) => Decimal::from(*i.value()),
            Some(Value::String(s)) => {
                let text = s.value().trim();
                match text.strip_prefix('-') {
                    Some(_) => Decimal::NEGATIVE_ONE,
                    None => {
                        crate::decimal::parse_user(text).map_err(|e| self.fail(&format!("{text:?} {e}")))?
                    }
                }
            }
            Some(Value::Float(_)) => {
                return Err(self
                    .fail("write a decimal as a string (\"2.5\") or an integer: a TOML float is not exact"));
            }
            _ => return Err(self.fail("must be a number (an integer or a decimal string)")),
        };
        if value.is_sign_negative() {
            return Err(self.fail("must not be negative"));
        }
        if value.is_zero() {
            return Err(self.fail("must be greater than zero"));
        }
        Ok(value)
    }
}

impl Config {
    /// This file's settings with the command line's on top: `--products` replaces the
    /// watchlist, `--keymap` the keymap path.
    #[must_use]
    pub fn with_flags(mut self, products: Vec<ProductId>, keymap: Option<PathBuf>) -> Self {
        if !products.is_empty() {
            self.watchlist = products;
        }
        if keymap.is_some() {
            self.keymap = keymap;
        }
        self
    }

    /// This file's settings with `--theme` on top.
    #[must_use]
    pub fn with_theme(mut self, theme: Option<ThemeName>) -> Self {
        self.theme = theme.unwrap_or(self.theme);
        self
    }
}
