//! Read-only subcommands: products, accounts, book, orders, fills.

use serde::Serialize;

use super::table::{Align, render};
use super::{CliError, Venue};
use crate::coinbase::parse;
use crate::coinbase::rest::{FillFilter, OrderFilter};
use crate::coinbase::wire::{Order, PriceLevel};
use crate::domain::{OrderConfig, OrderRecord, ProductId, ProductRules};
use crate::ui::fmt;

/// Prints `value` as pretty JSON, shown inertly.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Usage(e.to_string()))?;
    println!("{}", crate::inert::json_text(&text));
    Ok(())
}

fn opt(value: Option<rust_decimal::Decimal>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

/// Parses a product id argument.
pub fn product_arg(text: &str) -> Result<ProductId, CliError> {
    ProductId::parse(text).map_err(CliError::Usage)
}

/// `cbterm products`.
pub async fn products(venue: &Venue, json: bool) -> Result<(), CliError> {
    let products = venue.rest.products().await?;
    if json {
        return print_json(&products);
    }
    let rows: Vec<Vec<String>> = products
        .iter()
        .map(|p| {
            let r = p.rules();
            vec![
                p.product_id.to_string(),
                opt(p.price),
                opt(p.price_percentage_change_24h.map(|c| c.round_dp(2))),
                r.price_increment.to_string(),
                r.base_increment.to_string(),
                r.base_min_size.to_string(),
                r.quote_min_size.to_string(),
                p.status.clone(),
            ]
        })
        .collect();
    let header = [
        ("PRODUCT", Align::Left),
        ("PRICE", Align::Right),
        ("24H %", Align::Right),
        ("TICK", Align::Right),
        ("LOT", Align::Right),
        ("MIN SIZE", Align::Right),
        ("MIN NOTIONAL", Align::Right),
        ("STATUS", Align::Left),
    ];
    println!("{}", render(&header, &rows));
    Ok(())
}

/// `cbterm book PRODUCT`.
pub async fn book(venue: &Venue, product: &str, depth: u32, json: bool) -> Result<(), CliError> {
    let id = product_arg(product)?;
    if !(1..=1000).contains(&depth) {
        return Err(CliError::Usage("--depth must be between 1 and 1000".into()));
    }
    let book = venue.rest.product_book(&id, Some(depth)).await?;
    if json {
        return print_json(&book);
    }
    let side = |levels: &[PriceLevel], label: &str| -> Vec<Vec<String>> {
        levels.iter().map(|l| vec![label.to_string(), l.price.to_string(), l.size.to_string()]).collect()
    };
    let mut rows = side(&book.pricebook.asks, "ask");
    rows.reverse();
    rows.extend(side(&book.pricebook.bids, "bid"));
    println!("{}", render(&[("SIDE", Align::Left), ("PRICE", Align::Right), ("SIZE", Align::Right)], &rows));
    Ok(())
}

/// Every product's rules, which decide each currency's precision.
async fn rules(venue: &Venue) -> Result<Vec<ProductRules>, CliError> {
    Ok(venue.rest.products().await?.iter().map(|p| p.rules()).collect())
}

/// The columns of [`order_rows`].
pub const ORDER_HEADER: [(&str, Align); 12] = [
    ("ORDER ID", Align::Left),
    ("PRODUCT", Align::Left),
    ("SIDE", Align::Left),
    ("TYPE", Align::Left),
    ("PRICE", Align::Right),
    ("STOP", Align::Right),
    ("SIZE", Align::Right),
    ("FILLED", Align::Right),
    ("AVG PRICE", Align::Right),
    ("FEES", Align::Right),
    ("STATUS", Align::Left),
    ("CREATED (UTC)", Align::Left),
];

/// Table rows for orders: prices at the product's tick, fees at the quote currency's
/// precision, a quote size with its currency (`100.00 USD`).
pub fn order_rows(orders: &[OrderRecord], rules: &[ProductRules]) -> Vec<Vec<String>> {
    orders
        .iter()
        .map(|o| {
            let inc = rules.iter().find(|r| r.id == o.product).map(|r| r.price_increment);
            let size = o.size.map(|s| fmt::order_size(s, &o.product, rules));
            vec![
                o.order_id.clone(),
                o.product.to_string(),
                o.side.to_string(),
                o.order_type.to_string(),
                fmt::opt_price(o.limit_price, inc),
                fmt::opt_price(o.stop_price, inc),
                size.unwrap_or_else(|| "-".into()),
                fmt::size(o.filled),
                fmt::opt_price(o.avg_price, inc),
                fmt::fee(o.fees, o.product.quote(), rules),
                o.status.to_string(),
                o.created.map_or("-".into(), |t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
            ]
        })
        .collect()
}

/// The orders as Coinbase lists them, each with a top-level `stop_price`: a stop-limit's stop,
/// a bracket's stop-loss trigger, else `null` (Coinbase nests them in `order_configuration`).
fn with_stop_prices(orders: &[Order]) -> Result<Vec<serde_json::Value>, CliError> {
    orders
        .iter()
        .map(|o| {
            let mut value = serde_json::to_value(o).map_err(|e| CliError::Usage(e.to_string()))?;
            let stop = o.order_configuration.as_ref().and_then(OrderConfig::stop_price);
            if let Some(fields) = value.as_object_mut() {
                fields.insert("stop_price".into(), serde_json::json!(stop.map(|p| p.to_string())));
            }
            Ok(value)
        })
        .collect()
}

/// `cbterm orders`.
pub async fn orders(venue: &Venue, product: Option<&str>, all: bool, json: bool) -> Result<(), CliError> {
    let products: Vec<ProductId> = product.map(product_arg).transpose()?.into_iter().collect();
    let orders = if all {
        venue.rest.list_orders(&OrderFilter { product_ids: products, ..OrderFilter::default() }).await?
    } else {
        venue.rest.open_orders(&products).await?
    };
    if json {
        return print_json(&with_stop_prices(&orders)?);
    }
    let rules = rules(venue).await?;
    println!("{}", render(&ORDER_HEADER, &order_rows(&parse::orders(&orders), &rules)));
    Ok(())
}

/// `cbterm fills`.
pub async fn fills(
    venue: &Venue,
    product: Option<&str>,
    order_id: Option<String>,
    json: bool,
) -> Result<(), CliError> {
    let filter = FillFilter {
        product_ids: product.map(product_arg).transpose()?.into_iter().collect(),
        order_ids: order_id.into_iter().collect(),
        limit: None,
    };
    let fills = venue.rest.fills(&filter).await?;
    if json {
        return print_json(&fills);
    }
    let rows: Vec<Vec<String>> = fills
        .iter()
        .map(|f| {
            vec![
                f.trade_time.format("%Y-%m-%d %H:%M:%S").to_string(),
                f.product_id.to_string(),
                f.side.to_string(),
                f.price.to_string(),
                f.size.to_string(),
                f.commission.to_string(),
                f.liquidity_indicator.clone(),
                f.order_id.clone(),
            ]
        })
        .collect();
    let header = [
        ("TIME (UTC)", Align::Left),
        ("PRODUCT", Align::Left),
        ("SIDE", Align::Left),
        ("PRICE", Align::Right),
        ("SIZE", Align::Right),
        ("FEE", Align::Right),
        ("LIQUIDITY", Align::Left),
        ("ORDER ID", Align::Left),
    ];
    println!("{}", render(&header, &rows));
    Ok(())
}
