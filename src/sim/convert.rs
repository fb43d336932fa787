//! Conversions from engine values to Coinbase's wire shapes.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::engine::{Balance, EditReject, EngineEvent, Liquidity, Preview, SimFill, SimOrder};
use super::state::{Batch, Core};
use crate::coinbase::wire::ws::{Ticker, UserOrder};
use crate::coinbase::wire::{
    Account, EditError, EditPreviewResponse, Fill, MarketTrade, Money, Order, PreviewOrderResponse, Product,
};
use crate::domain::{Listing, ProductId, ProductRules, Side};

mod record;

pub use record::{EditEntry, OrderRecord, order_record};

/// Builds the batch for `events`: tickers for products that traded, and the new state of
/// every order that changed.
pub fn batch(core: &Core, id: u64, time: DateTime<Utc>, events: Vec<EngineEvent>) -> Batch {
    let mut traded: Vec<&ProductId> = Vec::new();
    let mut changed: Vec<(&str, &str)> = Vec::new();
    for event in &events {
        match event {
            EngineEvent::Trade { product_id, .. } if !traded.contains(&product_id) => traded.push(product_id),
            EngineEvent::OrderChanged { user, order_id } if !changed.contains(&(user, order_id)) => {
                changed.push((user, order_id));
            }
            _ => {}
        }
    }
    let tickers = traded.iter().map(|p| ticker(core, p)).collect();
    let candles = traded
        .iter()
        .filter_map(|p| core.candles.candles(p, 300, time, 1).pop().map(|c| candle(p, &c)))
        .collect();
    let user_orders = changed
        .into_iter()
        .filter(|(user, _)| !user.starts_with("mm-"))
        .filter_map(|(user, id)| core.engine.order(id).map(|o| (user.to_string(), user_order(o))))
        .collect();
    Batch { id, time, events, tickers, user_orders, candles }
}

/// A simulator candle in wire form, tagged with its product (as the `candles` channel sends).
pub fn candle(product: &ProductId, c: &super::market::Candle) -> crate::coinbase::wire::Candle {
    crate::coinbase::wire::Candle {
        start: c.start.to_string(),
        low: c.low,
        high: c.high,
        open: c.open,
        close: c.close,
        volume: c.volume,
        product_id: Some(product.clone()),
    }
}

/// A trade event as a public market trade (`side` is the maker side); `None` for other events.
pub fn market_trade(event: &EngineEvent) -> Option<MarketTrade> {
    let EngineEvent::Trade { product_id, trade_id, price, size, maker_side, time } = event else {
        return None;
    };
    Some(MarketTrade {
        trade_id: trade_id.clone(),
        product_id: product_id.clone(),
        price: *price,
        size: *size,
        time: *time,
        side: *maker_side,
    })
}

/// The ticker of one product: last price, 24 h stats, best bid and ask.
pub fn ticker(core: &Core, product: &ProductId) -> Ticker {
    let stats = core.market.stats(product);
    let bid = core.engine.book_levels(product, Side::Buy, 1).first().copied();
    let ask = core.engine.book_levels(product, Side::Sell, 1).first().copied();
    let last = core.engine.last_trade(product).map(|(p, _)| p).or(stats.as_ref().map(|s| s.last));
    let change = stats.as_ref().and_then(|s| percent_change(s.open_24h, last.unwrap_or(s.last)));
    Ticker {
        product_id: product.0.clone(),
        price: last,
        volume_24_h: stats.as_ref().map(|s| s.volume_24h),
        low_24_h: stats.as_ref().map(|s| s.low_24h),
        high_24_h: stats.as_ref().map(|s| s.high_24h),
        price_percent_chg_24_h: change,
        best_bid: bid.map(|l| l.0),
        best_bid_quantity: bid.map(|l| l.1),
        best_ask: ask.map(|l| l.0),
        best_ask_quantity: ask.map(|l| l.1),
    }
}

fn percent_change(open: Decimal, last: Decimal) -> Option<Decimal> {
    if open.is_zero() {
        return None;
    }
    let pct = last.checked_sub(open)?.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(open)?;
    Some(pct.round_dp(8).normalize())
}

/// A product as `GET /products` reports it.
pub fn product(core: &Core, rules: &ProductRules) -> Product {
    let ticker = ticker(core, &rules.id);
    let listing = core.listings.get(&rules.id).copied().unwrap_or(Listing::Online);
    let status = match listing {
        Listing::Online | Listing::Disabled if rules.trading_disabled => "offline",
        Listing::Online | Listing::Disabled => "online",
        Listing::Offline => "offline",
        Listing::Delisted => "delisted",
    };
    Product {
        product_id: rules.id.clone(),
        price: ticker.price,
        price_percentage_change_24h: ticker.price_percent_chg_24_h,
        volume_24h: ticker.volume_24_h,
        base_increment: rules.base_increment,
        quote_increment: rules.quote_increment,
        price_increment: Some(rules.price_increment),
        base_min_size: rules.base_min_size,
        base_max_size: rules.base_max_size,
        quote_min_size: rules.quote_min_size,
        quote_max_size: rules.quote_max_size,
        base_name: rules.id.base().to_string(),
        quote_name: rules.id.quote().to_string(),
        status: status.into(),
        cancel_only: rules.cancel_only,
        limit_only: rules.limit_only,
        post_only: rules.post_only,
        trading_disabled: rules.trading_disabled,
        is_disabled: listing == Listing::Disabled,
        auction_mode: false,
        view_only: false,
        product_type: "SPOT".into(),
        base_currency_id: rules.id.base().to_string(),
        quote_currency_id: rules.id.quote().to_string(),
        alias: String::new(),
        alias_to: Vec::new(),
    }
}

/// An order as the REST order endpoints report it.
pub fn order(o: &SimOrder) -> Order {
    Order {
        order_id: o.order_id.clone(),
        product_id: o.product_id.clone(),
        order_configuration: Some(o.config.clone()),
        side: o.side,
        client_order_id: o.client_order_id.clone(),
        status: o.status.clone(),
        time_in_force: tif_wire(o),
        created_time: o.created_time,
        last_fill_time: o.last_fill_time,
        completion_percentage: Some(o.completion_percentage()),
        filled_size: Some(o.filled_size),
        average_filled_price: Some(o.average_filled_price),
        number_of_fills: o.number_of_fills.to_string(),
        filled_value: Some(o.filled_value),
        total_fees: Some(o.total_fees),
        total_value_after_fees: Some(o.total_value_after_fees()),
        order_type: o.config.order_type().to_string(),
        outstanding_hold_amount: Some(o.outstanding_hold),
        trigger_status: o.trigger_status().to_string(),
        pending_cancel: false,
        size_in_quote: o.config.quote_size().is_some(),
        reject_reason: String::new(),
    }
}

pub fn tif_wire(o: &SimOrder) -> String {
    serde_json::to_value(o.config.time_in_force())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A preview as `POST /orders/preview` reports it; `errs` holds `UNKNOWN_PREVIEW_FAILURE_REASON`
/// when there is nothing wrong, as Coinbase does.
pub fn preview(p: &Preview) -> PreviewOrderResponse {
    let errs = if p.errs.is_empty() {
        vec!["UNKNOWN_PREVIEW_FAILURE_REASON".to_string()]
    } else {
        p.errs.iter().map(|e| e.to_string()).collect()
    };
    PreviewOrderResponse {
        order_total: Some(p.order_total),
        commission_total: Some(p.commission_total),
        errs,
        warning: Vec::new(),
        quote_size: Some(p.quote_size),
        base_size: Some(p.base_size),
        best_bid: p.best_bid,
        best_ask: p.best_ask,
        preview_id: String::new(),
        est_average_filled_price: Some(p.est_average_filled_price),
        slippage: Some(p.slippage),
    }
}

/// An order as the `user` channel reports it (cumulative state).
pub fn user_order(o: &SimOrder) -> UserOrder {
    UserOrder {
        order_id: o.order_id.clone(),
        client_order_id: o.client_order_id.clone(),
        product_id: o.product_id.clone(),
        order_side: o.side,
        order_type: o.config.order_type().to_string(),
        status: o.status.clone(),
        avg_price: Some(o.average_filled_price),
        cumulative_quantity: Some(o.filled_size),
        leaves_quantity: Some(o.leaves_quantity),
        limit_price: o.config.limit_price(),
        stop_price: o.config.stop_price(),
        total_fees: Some(o.total_fees),
        filled_value: Some(o.filled_value),
        number_of_fills: o.number_of_fills.to_string(),
        time_in_force: tif_wire(o),
        post_only: o.config.post_only().to_string(),
        creation_time: Some(o.created_time),
        cancel_reason: o.cancel_reason.unwrap_or_default().to_string(),
        reject_reason: String::new(),
    }
}

/// A fill as `GET /orders/historical/fills` reports it.
pub fn fill(f: &SimFill) -> Fill {
    Fill {
        entry_id: f.entry_id.clone(),
        trade_id: f.trade_id.clone(),
        order_id: f.order_id.clone(),
        trade_time: f.time,
        trade_type: "FILL".into(),
        price: f.price,
        size: f.size,
        commission: f.commission,
        product_id: f.product_id.clone(),
        liquidity_indicator: match f.liquidity {
            Liquidity::Maker => "MAKER".into(),
            Liquidity::Taker => "TAKER".into(),
        },
        side: f.side,
    }
}

/// An account as `GET /accounts` reports it; the uuid is derived from user and currency.
pub fn account(user: &str, b: &Balance) -> Account {
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("{user}/{}", b.currency).as_bytes());
    let kind = if ["USD", "EUR", "GBP"].contains(&b.currency.as_str()) { "FIAT" } else { "CRYPTO" };
    Account {
        uuid: uuid.to_string(),
        name: format!("{} Wallet", b.currency),
        currency: b.currency.clone(),
        available_balance: Money { value: b.available, currency: b.currency.clone() },
        hold: Some(Money { value: b.hold, currency: b.currency.clone() }),
        account_type: format!("ACCOUNT_TYPE_{kind}"),
        active: true,
        platform: "ACCOUNT_PLATFORM_CONSUMER".into(),
    }
}

/// The amounts of an edit preview in Coinbase's shape, decimals normalised; `best_bid`/`best_ask` are left out
/// when that side of the book is empty.
pub fn edit_estimate(p: &Preview) -> EditPreviewResponse {
    let n = |d: Decimal| Some(d.normalize());
    EditPreviewResponse {
        errors: Vec::new(),
        order_total: n(p.order_total),
        commission_total: n(p.commission_total),
        quote_size: n(p.quote_size),
        base_size: n(p.base_size),
        slippage: n(p.slippage),
        best_bid: p.best_bid.and_then(n),
        best_ask: p.best_ask.and_then(n),
        average_filled_price: n(p.est_average_filled_price),
    }
}

/// An edit refusal in Coinbase's shape.
pub fn edit_error(reject: EditReject) -> EditError {
    EditError { edit_failure_reason: reject.edit.into(), preview_failure_reason: reject.preview.into() }
}
