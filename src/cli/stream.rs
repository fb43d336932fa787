//! `cbterm stream`: one JSON object per line from a WebSocket channel.

use tokio::sync::mpsc;

use super::query::product_arg;
use super::{CliError, StreamArgs, Venue};
use crate::coinbase::ws::{Channel, FeedConfig, FeedEvent, Subscription, WsMessage, run_feed};
use crate::domain::ProductId;

/// Streams until `--count` data messages were printed (forever without it).
///
/// Fails with exit 2 for a product the catalogue does not list, with exit 4 if the first
/// connection cannot be made; later drops are reconnected and noted on stderr.
pub async fn run(venue: &Venue, args: &StreamArgs, _json: bool) -> Result<(), CliError> {
    let products = args.product.iter().map(|p| product_arg(p)).collect::<Result<Vec<_>, _>>()?;
    let needs_products = !matches!(args.channel, Channel::Heartbeats | Channel::User | Channel::Status);
    if needs_products && products.is_empty() {
        return Err(CliError::Usage(format!("--channel {} needs --product", args.channel)));
    }
    if args.channel.needs_auth() && venue.creds.is_none() {
        return Err(CliError::Usage(
            "the user channel needs credentials (--key-file or COINBASE_API_KEY)".into(),
        ));
    }
    let (market, user) = venue.ws_urls()?;
    refuse_unknown_products(venue, &products).await?;
    let url = if args.channel == Channel::User { user } else { market };
    let config = FeedConfig {
        url,
        subscriptions: vec![Subscription { channel: args.channel, product_ids: products }],
        creds: venue.creds.clone(),
        clock: venue.clock.clone(),
        subscribes: std::sync::Arc::new(crate::coinbase::rest::limiter::Limiter::ws_subscribe()),
        ca: venue.rest.trusted_ca().cloned(),
    };
    let (tx, mut rx) = mpsc::channel(1024);
    let feed = tokio::spawn(run_feed(config, tx));
    let result = print_messages(&mut rx, args).await;
    feed.abort();
    result
}

/// Refuses, before subscribing, the products the exchange's catalogue does not list (exit 2):
/// the server would only answer the subscription with an error.
async fn refuse_unknown_products(venue: &Venue, products: &[ProductId]) -> Result<(), CliError> {
    if products.is_empty() {
        return Ok(());
    }
    let catalogue = venue.rest.products().await?;
    let unknown: Vec<&str> = products
        .iter()
        .filter(|p| !catalogue.iter().any(|known| known.product_id == **p))
        .map(ProductId::as_str)
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(CliError::Usage(format!("unknown product {}: not in the exchange's catalogue", unknown.join(", "))))
}

async fn print_messages(rx: &mut mpsc::Receiver<FeedEvent>, args: &StreamArgs) -> Result<(), CliError> {
    let wanted = args.channel.message_name();
    let mut printed = 0u64;
    let mut connected = false;
    while let Some(event) = rx.recv().await {
        match event {
            FeedEvent::Connected => connected = true,
            FeedEvent::Disconnected { reason, .. } if !connected => {
                return Err(CliError::Network(reason.to_string()));
            }
            FeedEvent::Disconnected { reason, retry_in } => {
                let reason = crate::inert::inert_lines(&reason.to_string());
                eprintln!("stream: {reason}; reconnecting in {:.1}s", retry_in.as_secs_f64());
            }
            FeedEvent::Failed { reason } => return Err(CliError::Rejected(reason.to_string())),
            // Before the first connection, a server error is the failure's own reason.
            FeedEvent::Message(WsMessage::Error(e)) if connected => {
                eprintln!("stream: server error: {}", crate::inert::inert(&e.message))
            }
            FeedEvent::Message(message) if message.channel() == wanted => {
                let line = serde_json::to_string(&message).map_err(|e| CliError::Usage(e.to_string()))?;
                println!("{}", crate::inert::json_text(&line));
                printed += 1;
                if args.count.is_some_and(|n| printed >= n) {
                    return Ok(());
                }
            }
            _ => {}
        }
    }
    Err(CliError::Network("the feed stopped".into()))
}
