//! Market data: server time, products, order book, candles and market trades.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{ProductId, ProductRules, Side};

/// `GET /time`: `{"iso": "2026-09-30T02:37:29.298Z", "epochSeconds": "1790735849",
/// "epochMillis": "1790735849298"}` (int64 values as strings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerTime {
    /// RFC 3339 time.
    pub iso: DateTime<Utc>,
    /// Seconds since the epoch, as a string.
    #[serde(rename = "epochSeconds")]
    pub epoch_seconds: String,
    /// Milliseconds since the epoch, as a string.
    #[serde(rename = "epochMillis")]
    pub epoch_millis: String,
}

/// One product from `GET /products` or `GET /products/{id}` (the latter unwrapped).
///
/// ```json
/// {"product_id": "BTC-USD", "price": "68923.67", "price_percentage_change_24h": "-0.28",
///  "volume_24h": "11005.02587005", "base_increment": "0.00000001", "quote_increment": "0.01",
///  "price_increment": "0.01", "base_min_size": "0.00000001", "base_max_size": "3400",
///  "quote_min_size": "1", "quote_max_size": "150000000", "base_name": "Bitcoin",
///  "quote_name": "US Dollar", "status": "online", "cancel_only": false, "limit_only": false,
///  "post_only": false, "trading_disabled": false, "is_disabled": false, "auction_mode": false,
///  "product_type": "SPOT", "quote_currency_id": "USD", "base_currency_id": "BTC",
///  "alias": "", "alias_to": ["BTC-USDC"], "view_only": false}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// `BTC-USD`.
    pub product_id: ProductId,
    /// Last price.
    #[serde(default, with = "crate::decimal::opt")]
    pub price: Option<Decimal>,
    /// 24 h change in percent (may be negative).
    #[serde(default, with = "crate::decimal::opt")]
    pub price_percentage_change_24h: Option<Decimal>,
    /// 24 h volume in base units.
    #[serde(default, with = "crate::decimal::opt")]
    pub volume_24h: Option<Decimal>,
    /// Lot size.
    #[serde(with = "crate::decimal::str")]
    pub base_increment: Decimal,
    /// Quote precision.
    #[serde(with = "crate::decimal::str")]
    pub quote_increment: Decimal,
    /// Tick size; falls back to `quote_increment` when absent.
    #[serde(default, with = "crate::decimal::opt")]
    pub price_increment: Option<Decimal>,
    /// Smallest base size.
    #[serde(with = "crate::decimal::str")]
    pub base_min_size: Decimal,
    /// Largest base size.
    #[serde(with = "crate::decimal::str")]
    pub base_max_size: Decimal,
    /// Smallest notional.
    #[serde(with = "crate::decimal::str")]
    pub quote_min_size: Decimal,
    /// Largest notional.
    #[serde(with = "crate::decimal::str")]
    pub quote_max_size: Decimal,
    /// `Bitcoin`.
    #[serde(default)]
    pub base_name: String,
    /// `US Dollar`.
    #[serde(default)]
    pub quote_name: String,
    /// `online`, `delisted`, …
    #[serde(default)]
    pub status: String,
    /// Cancels only.
    #[serde(default)]
    pub cancel_only: bool,
    /// Limit orders only.
    #[serde(default)]
    pub limit_only: bool,
    /// Post-only orders only.
    #[serde(default)]
    pub post_only: bool,
    /// No new orders.
    #[serde(default)]
    pub trading_disabled: bool,
    /// Disabled.
    #[serde(default)]
    pub is_disabled: bool,
    /// In an auction: the book may look crossed and there is no continuous matching.
    #[serde(default)]
    pub auction_mode: bool,
    /// Spot tradability flag (with `get_tradability_status=true`): view only, no orders.
    #[serde(default)]
    pub view_only: bool,
    /// `SPOT` or `FUTURE`.
    #[serde(default)]
    pub product_type: String,
    /// `BTC`.
    #[serde(default)]
    pub base_currency_id: String,
    /// `USD`.
    #[serde(default)]
    pub quote_currency_id: String,
    /// The product this one aliases (`BTC-USD` for `BTC-USDC`), or empty.
    #[serde(default)]
    pub alias: String,
    /// Products aliasing this one.
    #[serde(default)]
    pub alias_to: Vec<String>,
}

impl Product {
    /// The trading rules of this product (see [`crate::coinbase::parse::rules`]).
    pub fn rules(&self) -> ProductRules {
        crate::coinbase::parse::rules(self)
    }
}

/// `GET /products`: `{"products": [...], "num_products": 923, "pagination": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductsResponse {
    /// The products.
    #[serde(default)]
    pub products: Vec<Product>,
    /// How many there are (a JSON number).
    #[serde(default)]
    pub num_products: Option<i64>,
}

/// One price level: `{"price": "68900.00", "size": "1.5"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLevel {
    /// Price.
    #[serde(with = "crate::decimal::str")]
    pub price: Decimal,
    /// Total size at that price.
    #[serde(with = "crate::decimal::str")]
    pub size: Decimal,
}

/// The `pricebook` object of `GET /product_book` and the items of `GET /best_bid_ask`.
///
/// `{"product_id": "BTC-USD", "bids": [{"price": "68900.00", "size": "1.5"}],
///   "asks": [{"price": "68901.00", "size": "0.5"}], "time": "2026-09-27T15:45:01.123456Z"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceBook {
    /// Product.
    pub product_id: ProductId,
    /// Bids, best first.
    #[serde(default)]
    pub bids: Vec<PriceLevel>,
    /// Asks, best first.
    #[serde(default)]
    pub asks: Vec<PriceLevel>,
    /// Book time.
    #[serde(default)]
    pub time: Option<DateTime<Utc>>,
}

/// `GET /product_book`: `{"pricebook": {...}, "last": "68900.50", "mid_market": "68900.5",
/// "spread_bps": "0.145", "spread_absolute": "1.00"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductBookResponse {
    /// The book.
    pub pricebook: PriceBook,
    /// Last trade price.
    #[serde(default, with = "crate::decimal::opt")]
    pub last: Option<Decimal>,
    /// Mid price.
    #[serde(default, with = "crate::decimal::opt")]
    pub mid_market: Option<Decimal>,
    /// Spread in basis points.
    #[serde(default, with = "crate::decimal::opt")]
    pub spread_bps: Option<Decimal>,
    /// Spread in quote units.
    #[serde(default, with = "crate::decimal::opt")]
    pub spread_absolute: Option<Decimal>,
}

/// `GET /best_bid_ask`: `{"pricebooks": [{"product_id", "bids", "asks", "time"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BestBidAskResponse {
    /// One book per product, one level per side.
    #[serde(default)]
    pub pricebooks: Vec<PriceBook>,
}

/// One candle; `start` is UNIX seconds as a string.
///
/// `{"start": "1712192400", "low": "66055.14", "high": "66331.99", "open": "66312.4",
///   "close": "66181.6", "volume": "355.82896243"}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candle {
    /// Bucket start, UNIX seconds as a string.
    pub start: String,
    /// Low.
    #[serde(with = "crate::decimal::str")]
    pub low: Decimal,
    /// High.
    #[serde(with = "crate::decimal::str")]
    pub high: Decimal,
    /// Open.
    #[serde(with = "crate::decimal::str")]
    pub open: Decimal,
    /// Close.
    #[serde(with = "crate::decimal::str")]
    pub close: Decimal,
    /// Volume in base units.
    #[serde(with = "crate::decimal::str")]
    pub volume: Decimal,
    /// Product (only on the WebSocket `candles` channel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<ProductId>,
}

impl Candle {
    /// The bucket start as UNIX seconds, if it parses.
    pub fn start_secs(&self) -> Option<i64> {
        self.start.parse().ok()
    }
}

/// `GET /products/{id}/candles`: `{"candles": [...]}`, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CandlesResponse {
    /// Candles, newest first.
    #[serde(default)]
    pub candles: Vec<Candle>,
}

/// One market trade. `side` is the **maker** side.
///
/// `{"trade_id": "846149798", "product_id": "BTC-USD", "price": "140.91", "size": "4",
///   "time": "2021-05-31T09:59:59.000Z", "side": "BUY", "exchange": "coinbase"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketTrade {
    /// Trade id.
    pub trade_id: String,
    /// Product.
    pub product_id: ProductId,
    /// Price.
    #[serde(with = "crate::decimal::str")]
    pub price: Decimal,
    /// Size in base units.
    #[serde(with = "crate::decimal::str")]
    pub size: Decimal,
    /// Trade time.
    pub time: DateTime<Utc>,
    /// Maker side.
    pub side: Side,
}

/// `GET /products/{id}/ticker`: `{"trades": [...], "best_bid": "291.13", "best_ask": "292.40"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MarketTradesResponse {
    /// Newest trades first.
    #[serde(default)]
    pub trades: Vec<MarketTrade>,
    /// Best bid.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_bid: Option<Decimal>,
    /// Best ask.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_ask: Option<Decimal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(extra: &str) -> Product {
        let status = if extra.contains("status") { "" } else { r#", "status": "online""# };
        let json = format!(
            r#"{{"product_id": "BTC-USD", "base_increment": "0.00000001", "quote_increment": "0.01",
                "base_min_size": "0.00000001", "base_max_size": "3400", "quote_min_size": "1",
                "quote_max_size": "150000000"{status}{extra}}}"#
        );
        serde_json::from_str(&json).expect("product decodes")
    }

    #[test]
    fn flags_fold_into_the_trading_rules() {
        let plain = product("").rules();
        assert!(!plain.trading_disabled && !plain.limit_only);
        assert_eq!(plain.price_increment.to_string(), "0.01", "tick falls back to quote_increment");
        assert!(product(r#", "view_only": true"#).rules().trading_disabled);
        assert!(product(r#", "is_disabled": true"#).rules().trading_disabled);
        assert!(product(r#", "status": "delisted""#).rules().trading_disabled);
        assert!(product(r#", "auction_mode": true"#).rules().limit_only);
    }
}
