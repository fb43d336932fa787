//! Products, candles, market trades, tickers and level2 events.

use super::{ParseError, each};
use crate::coinbase::wire::{self, ws as wire_ws};
use crate::domain::{
    BookEvent, BookLevel, BookSide, Candle, EventKind, Listing, Product, ProductId, ProductRules, Ticker,
    Trade,
};

/// The trading rules of a product. `view_only`, `is_disabled` and a status other than
/// `online` count as trading disabled; an auction allows limit orders only (no market order
/// can be matched during it); the tick falls back to `quote_increment`.
pub fn rules(p: &wire::Product) -> ProductRules {
    ProductRules {
        id: p.product_id.clone(),
        price_increment: p.price_increment.unwrap_or(p.quote_increment),
        base_increment: p.base_increment,
        quote_increment: p.quote_increment,
        base_min_size: p.base_min_size,
        base_max_size: p.base_max_size,
        quote_min_size: p.quote_min_size,
        quote_max_size: p.quote_max_size,
        trading_disabled: p.trading_disabled
            || p.is_disabled
            || p.view_only
            || !p.status.eq_ignore_ascii_case("online"),
        cancel_only: p.cancel_only,
        limit_only: p.limit_only || p.auction_mode,
        post_only: p.post_only,
    }
}

/// `GET /products` item → a product of the catalogue.
pub fn product(p: &wire::Product) -> Product {
    Product {
        rules: rules(p),
        price: p.price,
        change_pct_24h: p.price_percentage_change_24h,
        volume_24h: p.volume_24h,
        listing: listing(p),
    }
}

/// A product's listing: `is_disabled` is disabled; a status of `delisted` or `offline` says
/// so, and any other status but `online` counts as offline.
pub fn listing(p: &wire::Product) -> Listing {
    if p.is_disabled {
        return Listing::Disabled;
    }
    match p.status.to_ascii_lowercase().as_str() {
        "online" => Listing::Online,
        "delisted" => Listing::Delisted,
        _ => Listing::Offline,
    }
}

/// `GET /products` → the catalogue.
pub fn products(list: &[wire::Product]) -> Vec<Product> {
    list.iter().map(product).collect()
}

/// A candle (REST or the `candles` channel) → a bar.
pub fn candle(c: &wire::Candle) -> Result<Candle, ParseError> {
    let start = c.start.trim().parse().map_err(|_| ParseError::CandleStart(c.start.clone()))?;
    Ok(Candle { start, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume })
}

/// `GET /products/{id}/candles` → bars, in the order received; unreadable ones skipped.
pub fn candles(list: &[wire::Candle]) -> Vec<Candle> {
    each("candle", list, candle)
}

/// A market trade → a trade with the **taker** side (Coinbase reports the maker side).
pub fn trade(t: &wire::MarketTrade) -> Trade {
    Trade {
        id: t.trade_id.clone(),
        product: t.product_id.clone(),
        time: t.time,
        taker: t.side.opposite(),
        price: t.price,
        size: t.size,
    }
}

/// `GET /products/{id}/ticker` trades → trades.
pub fn trades(list: &[wire::MarketTrade]) -> Vec<Trade> {
    list.iter().map(trade).collect()
}

/// A `ticker` / `ticker_batch` item → a ticker; its product id must parse.
pub fn ticker(t: &wire_ws::Ticker) -> Result<Ticker, ParseError> {
    let product = ProductId::parse(&t.product_id).map_err(|_| ParseError::ProductId(t.product_id.clone()))?;
    Ok(Ticker {
        product,
        price: t.price,
        volume_24h: t.volume_24_h,
        change_pct_24h: t.price_percent_chg_24_h,
        best_bid: t.best_bid,
        best_ask: t.best_ask,
    })
}

/// A `snapshot` / `update` marker.
pub fn event_kind(kind: &str) -> Result<EventKind, ParseError> {
    match kind {
        "snapshot" => Ok(EventKind::Snapshot),
        "update" => Ok(EventKind::Update),
        other => Err(ParseError::EventKind(other.to_string())),
    }
}

/// An `l2_data` side → a book side.
pub fn book_side(side: wire_ws::L2Side) -> BookSide {
    match side {
        wire_ws::L2Side::Bid => BookSide::Bid,
        wire_ws::L2Side::Offer => BookSide::Ask,
    }
}

/// An `l2_data` event → a book event.
pub fn book_event(e: &wire_ws::L2Event) -> Result<BookEvent, ParseError> {
    let levels = e
        .updates
        .iter()
        .map(|u| BookLevel { side: book_side(u.side), price: u.price_level, size: u.new_quantity })
        .collect();
    Ok(BookEvent { product: e.product_id.clone(), kind: event_kind(&e.kind)?, levels })
}
