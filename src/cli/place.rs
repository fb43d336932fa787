//! `cbterm place` and `cbterm cancel`: the flags become an [`OrderDraft`], the draft is built,
//! the shared pre-trade guards run against the live market, then one signed request.

use chrono::{DateTime, Utc};
use clap::Args;
use rust_decimal::Decimal;

use super::outcome;
use super::query::product_arg;
use super::{CliError, Venue};
use crate::app::model::TRADE_REFERENCE_AGE;
use crate::coinbase::error::ApiError;
use crate::coinbase::wire::{CreateOrderRequest, PreviewOrderRequest};
use crate::decimal::parse_user;
use crate::domain::Refusal as NotPlaced;
use crate::domain::guards::{self, GuardContext, Refusal, RiskLimits};
use crate::domain::*;

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
    pub order_type: OrderKind,
    /// Size in base currency.
    #[arg(long, allow_hyphen_values = true)]
    pub size: Option<String>,
    /// Size in quote currency (market orders only).
    #[arg(long, allow_hyphen_values = true)]
    pub quote_size: Option<String>,
    /// Limit price (take-profit price for a bracket).
    #[arg(long, allow_hyphen_values = true)]
    pub price: Option<String>,
    /// Stop price (stop trigger price for a bracket).
    #[arg(long, allow_hyphen_values = true)]
    pub stop_price: Option<String>,
    /// Stop-limit only: trigger when the last trade rises (up) or falls (down) to the stop
    /// price; by default up for buys, down for sells.
    #[arg(long, value_enum)]
    pub stop_direction: Option<StopDirection>,
    /// Time in force (default gtc; market orders are always ioc).
    #[arg(long, value_enum)]
    pub tif: Option<TimeInForce>,
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
    /// Send even if the limit price is more than 10% through the market, there is no live
    /// price for a market order, or the stop would trigger at once. Overrides those guards
    /// only: sizes, increments, minimums and product flags are still checked.
    #[arg(long)]
    pub force: bool,
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

fn parse_time(text: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| CliError::Usage(format!("--end-time {text:?} is not RFC 3339 ({e})")))
}

/// The flags as an [`OrderDraft`]: amounts parsed (never rounded), nothing else decided here.
pub fn draft_from_args(args: &PlaceArgs) -> Result<OrderDraft, CliError> {
    let size = match (
        amount("--size", args.size.as_deref())?,
        amount("--quote-size", args.quote_size.as_deref())?,
    ) {
        (Some(_), Some(_)) => {
            return Err(CliError::Usage("give one of --size and --quote-size, not both".into()));
        }
        (Some(base), None) => Some(Size::Base(base)),
        (None, Some(quote)) => Some(Size::Quote(quote)),
        (None, None) => None,
    };
    Ok(OrderDraft {
        kind: args.order_type,
        side: args.side,
        size,
        limit_price: amount("--price", args.price.as_deref())?,
        stop_price: amount("--stop-price", args.stop_price.as_deref())?,
        stop_direction: args.stop_direction,
        tif: args.tif.unwrap_or(args.order_type.default_tif()),
        end_time: args.end_time.as_deref().map(parse_time).transpose()?,
        post_only: args.post_only,
        client_order_id: args.client_order_id.clone(),
    })
}

fn draft_error(e: DraftError) -> CliError {
    let flag = match e.field() {
        DraftField::Size => "--size or --quote-size",
        DraftField::LimitPrice => "--price",
        DraftField::StopPrice => "--stop-price",
        DraftField::StopDirection => "--stop-direction",
        DraftField::Tif => "--tif",
        DraftField::EndTime => "--end-time",
        DraftField::PostOnly => "--post-only",
        DraftField::ClientOrderId => "--client-order-id",
    };
    CliError::Usage(format!("{e} ({flag})"))
}

fn refused(refusal: Refusal) -> CliError {
    let hint = if refusal.is_forcible() { "; --force sends it anyway" } else { "" };
    CliError::Usage(format!("{refusal}{hint}"))
}

/// What the guards need to know about the market: best bid and ask, and the last trade.
async fn market(venue: &Venue, product_id: &ProductId) -> Result<MarketNow, CliError> {
    let (books, trades) = tokio::join!(
        venue.rest.best_bid_ask(std::slice::from_ref(product_id)),
        venue.rest.market_trades(product_id, 1)
    );
    let book = books?.into_iter().find(|b| &b.product_id == product_id);
    let bid = book.as_ref().and_then(|b| b.bids.first()).map(|l| l.price);
    let ask = book.as_ref().and_then(|b| b.asks.first()).map(|l| l.price);
    let last = trades?.trades.first().map(|t| (t.price, t.time));
    Ok(MarketNow { bid, ask, last_trade: last.map(|l| l.0), last_time: last.map(|l| l.1) })
}

/// Best bid, best ask and last trade as fetched for the guards.
struct MarketNow {
    bid: Option<Decimal>,
    ask: Option<Decimal>,
    last_trade: Option<Decimal>,
    last_time: Option<DateTime<Utc>>,
}

impl MarketNow {
    /// The reference price (R-RISK1): mid of bid and ask, else the last trade if it is recent.
    fn reference(&self, now: DateTime<Utc>) -> Option<Decimal> {
        let mid = self.bid.zip(self.ask).and_then(|(b, a)| b.checked_add(a)?.checked_div(Decimal::TWO));
        let max_age = chrono::Duration::from_std(TRADE_REFERENCE_AGE).ok()?;
        let recent = self.last_time.is_some_and(|t| (now - t).abs() < max_age);
        mid.or(self.last_trade.filter(|_| recent))
    }
}

/// Builds the order, fetches the product and the market, runs the guards.
async fn checked(venue: &Venue, args: &PlaceArgs, limits: RiskLimits) -> Result<NewOrder, CliError> {
    let product_id = product_arg(&args.product)?;
    let draft = draft_from_args(args)?;
    let order = draft.new_order(product_id.clone(), &mut ClientOrderIds::random()).map_err(draft_error)?;
    let product = venue.rest.product(&product_id).await.map_err(|e| match e.status() {
        Some(404) => CliError::Usage(format!("unknown product {product_id}")),
        _ => CliError::from(e),
    })?;
    let rules = product.rules();
    let market = market(venue, &product_id).await?;
    let now = Utc::now();
    let ctx = GuardContext {
        rules: &rules,
        bid: market.bid,
        ask: market.ask,
        reference: market.reference(now),
        last_trade: market.last_trade,
        base_available: None,
        quote_available: None,
        fees: None,
        now,
        limits,
    };
    let warnings =
        guards::assess(order.side, &order.config, &ctx, args.force).into_result().map_err(refused)?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    Ok(order)
}

/// `cbterm place`: builds, checks against the product's rules and the live market, then
/// previews (`--preview`, `--dry-run`: nothing is journaled or posted) or places.
pub async fn place(
    venue: &Venue,
    args: &PlaceArgs,
    limits: RiskLimits,
    json: bool,
    dry_run: bool,
) -> Result<(), CliError> {
    let order = checked(venue, args, limits).await?;
    if args.preview || dry_run {
        let preview = venue.rest.preview_order(&PreviewOrderRequest::from(&order)).await?;
        return super::place_out::preview(&preview, json, dry_run);
    }
    let client_order_id = order.client_order_id.clone();
    let journal = super::journal::open(venue)?;
    super::journal::record_create(&journal, &order)?;
    let before = outcome::already_placed(&venue.rest, &order, args.client_order_id.is_some()).await;
    let result = venue.rest.create_order(&CreateOrderRequest::from(&order)).await;
    let success = match result {
        Ok(success) => success,
        Err(e) => {
            if let Some(refusal) = refusal(&e) {
                super::journal::resolve(&journal, &client_order_id, &IntentOutcome::Rejected(refusal));
            }
            return Err(create_error(e, &client_order_id));
        }
    };
    let placed = outcome::follow(&venue.rest, &success.order_id, &order, before).await;
    super::journal::resolve_placed(&journal, &client_order_id, &placed);
    super::place_out::placed(&placed, &order, json)
}

fn create_error(e: ApiError, client_order_id: &str) -> CliError {
    match e {
        e if e.is_ambiguous() => CliError::Network(format!(
            "{e}. The order may or may not exist: look for client_order_id {client_order_id} with `cbterm orders`, \
             and re-send with --client-order-id {client_order_id} to be sure of one order at most"
        )),
        e @ ApiError::RateLimited { .. } => CliError::Rejected(format!(
            "{e}: rate limited, not placed (client_order_id {client_order_id}); it was not resent"
        )),
        ApiError::Rejected { reason, message } => {
            CliError::Rejected(super::place_out::rejection(&reason, &message))
        }
        e => e.into(),
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
    if ids.is_empty() {
        return super::place_out::cancelled(&[], json);
    }
    let journal = super::journal::open(venue).inspect_err(|e| eprintln!("warning: {e}")).ok();
    let intent = super::journal::record_cancel(journal.as_ref(), &ids);
    let answer = venue.rest.cancel_orders(&ids).await;
    let outcome = match &answer {
        Ok(_) => Some("answered".to_string()),
        Err(e) if e.is_ambiguous() => None,
        Err(e) => Some(format!("failed: {e}")),
    };
    if let Some(outcome) = outcome {
        super::journal::resolve_cancel(journal.as_ref(), intent, &outcome);
    }
    super::place_out::cancelled(&answer?, json)
}

/// Why a create was definitely not placed, for the journal; `None` when its outcome is unknown.
fn refusal(e: &ApiError) -> Option<NotPlaced> {
    Some(match e {
        ApiError::Rejected { reason, message } => {
            NotPlaced::Exchange(crate::coinbase::parse::rejection(reason, message))
        }
        e if e.is_ambiguous() => return None,
        e => NotPlaced::Request(e.to_string()),
    })
}
