//! `cbterm place` and `cbterm cancel`: local validation first, then one signed request.

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use rust_decimal::Decimal;

use super::query::product_arg;
use super::{CliError, Venue};
use crate::coinbase::error::ApiError;
use crate::coinbase::wire::{CreateOrderRequest, PreviewOrderRequest};
use crate::decimal::parse_user;
use crate::domain::*;
use crate::validate::check_order;

/// Order types the CLI can place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderType {
    /// Market, immediate-or-cancel.
    Market,
    /// Limit.
    Limit,
    /// Stop-limit (triggers on the last trade price).
    StopLimit,
    /// Bracket: take-profit limit plus stop trigger.
    Bracket,
}

/// Time in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Tif {
    /// Good till cancelled.
    Gtc,
    /// Good till --end-time.
    Gtd,
    /// Immediate or cancel.
    Ioc,
    /// Fill or kill.
    Fok,
}

/// Stop direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    /// Trigger when the last trade rises to the stop price.
    Up,
    /// Trigger when the last trade falls to the stop price.
    Down,
}

/// `cbterm place`.
#[derive(Debug, Clone, Args)]
pub struct PlaceArgs {
    /// Product, e.g. BTC-USD.
    #[arg(long)]
    pub product: String,
    /// buy or sell.
    #[arg(long, value_parser = parse_side)]
    pub side: Side,
    /// Order type.
    #[arg(long = "type", value_enum)]
    pub order_type: OrderType,
    /// Size in base currency.
    #[arg(long, allow_hyphen_values = true)]
    pub size: Option<String>,
    /// Size in quote currency (market buys only).
    #[arg(long, allow_hyphen_values = true)]
    pub quote_size: Option<String>,
    /// Limit price (take-profit price for a bracket).
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    /// Stop price (stop trigger price for a bracket).
    #[arg(long, allow_hyphen_values = true)]
    pub stop_price: Option<String>,
    /// Stop direction; by default up for buys, down for sells.
    #[arg(long, value_enum)]
    pub stop_direction: Option<Direction>,
    /// Time in force (default gtc; market orders are always ioc).
    #[arg(long, value_enum)]
    pub tif: Option<Tif>,
    /// Expiry for gtd orders, RFC 3339.
    #[arg(long)]
    pub end_time: Option<String>,
    /// Rest only; reject instead of taking liquidity (limit gtc/gtd).
    #[arg(long)]
    pub post_only: bool,
    /// Idempotency key; a fresh UUID when absent. Re-sending the same id never makes a
    /// second order.
    #[arg(long)]
    pub client_order_id: Option<String>,
    /// Ask the exchange for a preview (fees, errors) instead of placing.
    #[arg(long)]
    pub preview: bool,
}

/// `cbterm cancel`.
#[derive(Debug, Clone, Args)]
pub struct CancelArgs {
    /// Order ids.
    pub order_ids: Vec<String>,
    /// Cancel every open order (of --product, when given).
    #[arg(long, conflicts_with = "order_ids")]
    pub all: bool,
    /// With --all: only this product.
    #[arg(long, requires = "all")]
    pub product: Option<String>,
}

fn parse_side(text: &str) -> Result<Side, String> {
    match text.to_ascii_lowercase().as_str() {
        "buy" => Ok(Side::Buy),
        "sell" => Ok(Side::Sell),
        _ => Err("side must be buy or sell".into()),
    }
}

fn amount(label: &str, text: Option<&str>) -> Result<Option<Decimal>, CliError> {
    text.map(|t| parse_user(t).map_err(|e| CliError::Usage(format!("{label} {t:?} {e}")))).transpose()
}

fn required(label: &str, value: Option<Decimal>, order: &str) -> Result<Decimal, CliError> {
    value.ok_or_else(|| CliError::Usage(format!("a {order} order needs {label}")))
}

/// Builds the order configuration from the flags, refusing combinations Coinbase does not
/// have (post-only with IOC/FOK, quote size on non-market orders, missing prices).
pub fn build_config(args: &PlaceArgs, now: DateTime<Utc>) -> Result<OrderConfig, CliError> {
    let size = amount("--size", args.size.as_deref())?;
    let quote = amount("--quote-size", args.quote_size.as_deref())?;
    let price = amount("--price", args.price.as_deref())?;
    let stop = amount("--stop-price", args.stop_price.as_deref())?;
    let end_time = args.end_time.as_deref().map(parse_time).transpose()?;
    if end_time.is_some_and(|t| t <= now) {
        return Err(CliError::Usage("--end-time must be in the future".into()));
    }
    if quote.is_some() && args.order_type != OrderType::Market {
        return Err(CliError::Usage("--quote-size is only for market orders; use --size".into()));
    }
    if args.post_only && !matches!(args.tif, None | Some(Tif::Gtc) | Some(Tif::Gtd)) {
        return Err(CliError::Usage("--post-only works only with gtc or gtd limit orders".into()));
    }
    if args.post_only && args.order_type != OrderType::Limit {
        return Err(CliError::Usage("--post-only works only with limit orders".into()));
    }
    match args.order_type {
        OrderType::Market => market(args, size, quote),
        OrderType::Limit => {
            limit(args, required("--size", size, "limit")?, required("--price", price, "limit")?, end_time)
        }
        OrderType::StopLimit => stop_limit(args, size, price, stop, end_time),
        OrderType::Bracket => bracket(args, size, price, stop, end_time),
    }
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| CliError::Usage(format!("--end-time {text:?} is not RFC 3339 ({e})")))
}

fn gtd_time(tif: Tif, end_time: Option<DateTime<Utc>>) -> Result<Option<DateTime<Utc>>, CliError> {
    match (tif, end_time) {
        (Tif::Gtd, None) => Err(CliError::Usage("--tif gtd needs --end-time".into())),
        (Tif::Gtd, t) => Ok(t),
        (_, Some(_)) => Err(CliError::Usage("--end-time needs --tif gtd".into())),
        (_, None) => Ok(None),
    }
}

fn market(args: &PlaceArgs, size: Option<Decimal>, quote: Option<Decimal>) -> Result<OrderConfig, CliError> {
    if !matches!(args.tif, None | Some(Tif::Ioc)) {
        return Err(CliError::Usage("market orders are always ioc".into()));
    }
    if args.price.is_some() || args.stop_price.is_some() || args.end_time.is_some() {
        return Err(CliError::Usage("market orders take no --price, --stop-price or --end-time".into()));
    }
    match (size, quote) {
        (Some(_), Some(_)) | (None, None) => {
            Err(CliError::Usage("a market order needs exactly one of --size and --quote-size".into()))
        }
        (base_size, quote_size) => Ok(OrderConfig::MarketIoc(MarketIoc { quote_size, base_size })),
    }
}

fn limit(
    args: &PlaceArgs,
    base_size: Decimal,
    limit_price: Decimal,
    end: Option<DateTime<Utc>>,
) -> Result<OrderConfig, CliError> {
    let tif = args.tif.unwrap_or(Tif::Gtc);
    let end_time = gtd_time(tif, end)?;
    Ok(match (tif, end_time) {
        (Tif::Gtd, Some(end_time)) => {
            OrderConfig::LimitGtd(LimitGtd { base_size, limit_price, end_time, post_only: args.post_only })
        }
        (Tif::Ioc, _) => OrderConfig::SorLimitIoc(LimitIoc { base_size, limit_price }),
        (Tif::Fok, _) => OrderConfig::LimitFok(LimitIoc { base_size, limit_price }),
        _ => OrderConfig::LimitGtc(LimitGtc { base_size, limit_price, post_only: args.post_only }),
    })
}

fn stop_limit(
    args: &PlaceArgs,
    size: Option<Decimal>,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    end: Option<DateTime<Utc>>,
) -> Result<OrderConfig, CliError> {
    let stop_price = required("--stop-price", stop, "stop-limit")?;
    let tif = args.tif.unwrap_or(Tif::Gtc);
    let end_time = gtd_time(tif, end)?;
    let stop_direction = match args.stop_direction.unwrap_or(if args.side == Side::Buy {
        Direction::Up
    } else {
        Direction::Down
    }) {
        Direction::Up => StopDirection::Up,
        Direction::Down => StopDirection::Down,
    };
    let fields = StopLimit {
        base_size: required("--size", size, "stop-limit")?,
        limit_price: required("--price", price, "stop-limit")?,
        stop_price,
        stop_direction,
        end_time,
    };
    match tif {
        Tif::Gtc => Ok(OrderConfig::StopLimitGtc(fields)),
        Tif::Gtd => Ok(OrderConfig::StopLimitGtd(fields)),
        _ => Err(CliError::Usage("stop-limit orders are gtc or gtd".into())),
    }
}

fn bracket(
    args: &PlaceArgs,
    size: Option<Decimal>,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    end: Option<DateTime<Utc>>,
) -> Result<OrderConfig, CliError> {
    let tif = args.tif.unwrap_or(Tif::Gtc);
    let end_time = gtd_time(tif, end)?;
    let fields = Bracket {
        base_size: required("--size", size, "bracket")?,
        limit_price: required("--price", price, "bracket")?,
        stop_trigger_price: required("--stop-price", stop, "bracket")?,
        end_time,
    };
    match tif {
        Tif::Gtc => Ok(OrderConfig::BracketGtc(fields)),
        Tif::Gtd => Ok(OrderConfig::BracketGtd(fields)),
        _ => Err(CliError::Usage("bracket orders are gtc or gtd".into())),
    }
}

/// `cbterm place`: builds, validates against the product's rules, then previews or places.
pub async fn place(venue: &Venue, args: &PlaceArgs, json: bool) -> Result<(), CliError> {
    let product_id = product_arg(&args.product)?;
    let now = Utc::now();
    let config = build_config(args, now)?;
    let product = venue.rest.product(&product_id).await.map_err(|e| match e.status() {
        Some(404) => CliError::Usage(format!("unknown product {product_id}")),
        _ => CliError::from(e),
    })?;
    check_order(args.side, &config, &product.rules(), now).map_err(|v| CliError::Usage(v.to_string()))?;
    if args.preview {
        let request = PreviewOrderRequest { product_id, side: args.side, order_configuration: config };
        let preview = venue.rest.preview_order(&request).await?;
        return super::place_out::preview(&preview, json);
    }
    let client_order_id =
        args.client_order_id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let request = CreateOrderRequest {
        client_order_id: client_order_id.clone(),
        product_id,
        side: args.side,
        order_configuration: config,
    };
    match venue.rest.create_order(&request).await {
        Ok(success) => super::place_out::placed(&success, &request, json),
        Err(e) if e.is_ambiguous() => Err(CliError::Network(format!(
            "{e}. The order may or may not exist: look for client_order_id {client_order_id} with `cbterm orders`, \
             and re-send with --client-order-id {client_order_id} to be sure of one order at most"
        ))),
        Err(ApiError::Rejected { reason, message }) => {
            Err(CliError::Rejected(super::place_out::rejection(&reason, &message)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `cbterm cancel`.
pub async fn cancel(venue: &Venue, args: &CancelArgs, json: bool) -> Result<(), CliError> {
    let ids: Vec<String> = if args.all {
        let products: Vec<ProductId> =
            args.product.as_deref().map(product_arg).transpose()?.into_iter().collect();
        venue.rest.open_orders(&products).await?.into_iter().map(|o| o.order_id).collect()
    } else if args.order_ids.is_empty() {
        return Err(CliError::Usage("name the order ids to cancel, or use --all".into()));
    } else {
        args.order_ids.clone()
    };
    let results = if ids.is_empty() { Vec::new() } else { venue.rest.cancel_orders(&ids).await? };
    super::place_out::cancelled(&results, json)
}
