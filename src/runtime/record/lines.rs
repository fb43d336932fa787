//! [`Recorded`] ⇄ the text of one line.

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

use super::format::{
    Entry, FeedState, Json, Line, OrderAction, OrderLine, Recorded, RestKind, feed_name, feed_named,
    timestamp,
};
use crate::app::FeedKind;

/// What a line's JSON turned out to be.
#[derive(Debug)]
pub enum Parsed {
    /// A line of a known kind.
    Known(Recorded),
    /// A kind this reader does not know (skipped).
    Unknown,
}

/// A `ws` line built straight from the frame's text, with no parse: the feed's hot path. A
/// frame's line breaks (whitespace between JSON tokens) become spaces, so it stays one line.
pub fn ws_line(at: DateTime<Utc>, feed: FeedKind, frame: &str) -> String {
    let (at, feed) = (timestamp(at), feed_name(feed));
    if frame.contains(['\n', '\r']) {
        let flat = frame.replace(['\n', '\r'], " ");
        return format!(r#"{{"at":"{at}","ws":"{feed}","msg":{flat}}}"#);
    }
    format!(r#"{{"at":"{at}","ws":"{feed}","msg":{frame}}}"#)
}

impl Recorded {
    /// The line's text (no line break).
    pub fn to_line(&self) -> Result<String, serde_json::Error> {
        if let Entry::Ws { feed, msg } = &self.entry {
            return Ok(ws_line(self.at, *feed, msg.get()));
        }
        serde_json::to_string(&self.to_fields())
    }

    fn to_fields(&self) -> Line {
        let mut line = Line { at: Some(self.at), ..Line::default() };
        match &self.entry {
            Entry::Ws { feed, msg } => {
                line.ws = Some(feed_name(*feed).into());
                line.msg = Some(msg.0.clone());
            }
            Entry::State { feed, state } => {
                line.feed = Some(feed_name(*feed).into());
                state_fields(state, &mut line);
            }
            Entry::Rest { kind, body } => {
                rest_fields(kind, &mut line);
                line.body = Some(body.0.clone());
            }
            Entry::Order(order) => order_fields(order, &mut line),
        }
        line
    }
}

fn state_fields(state: &FeedState, line: &mut Line) {
    let name = match state {
        FeedState::Connecting { attempt } => {
            line.attempt = Some(*attempt);
            "connecting"
        }
        FeedState::Connected => "connected",
        FeedState::Disconnected { reason, retry_in_ms } => {
            (line.reason, line.retry_in_ms) = (Some(reason.clone()), Some(*retry_in_ms));
            "disconnected"
        }
        FeedState::Gap { expected, got } => {
            (line.expected, line.got) = (Some(*expected), Some(*got));
            "gap"
        }
        FeedState::Failed { reason } => {
            line.reason = Some(reason.clone());
            "failed"
        }
    };
    line.state = Some(name.into());
}

fn rest_fields(kind: &RestKind, line: &mut Line) {
    let name = match kind {
        RestKind::Products => "products",
        RestKind::Accounts => "accounts",
        RestKind::OpenOrders => "open_orders",
        RestKind::History => "history",
        RestKind::Fills => "fills",
        RestKind::Fees => "fees",
        RestKind::Candles { product, granularity } => {
            (line.product, line.granularity) = (Some(product.clone()), Some(*granularity));
            "candles"
        }
        RestKind::Trades { product } => {
            line.product = Some(product.clone());
            "trades"
        }
    };
    line.rest = Some(name.into());
}

fn order_fields(order: &OrderLine, line: &mut Line) {
    match order {
        OrderLine::Request { action, body } => {
            line.order = Some(action.name().into());
            line.body = Some(body.0.clone());
        }
        OrderLine::Answer { of, client_order_id, result, detail } => {
            line.order = Some("answer".into());
            line.of = Some(*of);
            line.client_order_id = Some(client_order_id.clone());
            line.result = Some(*result);
            line.detail = Some(detail.clone());
        }
    }
}

/// One line's text → what it holds; `Err` names what is wrong with it.
pub fn parse_line(text: &str) -> Result<Parsed, String> {
    let mut line: Line = serde_json::from_str(text).map_err(|e| format!("not a recording line: {e}"))?;
    let at = line.at.ok_or("no \"at\"")?;
    let entry = if let Some(ws) = line.ws.take() {
        ws_entry(&ws, line.msg.take())?
    } else if let Some(feed) = line.feed.take() {
        state_entry(&feed, &line)?
    } else if let Some(rest) = line.rest.take() {
        let kind = rest_entry(&rest, &line)?;
        kind.map(|kind| body(line.body.take()).map(|body| Entry::Rest { kind, body })).transpose()?
    } else if let Some(order) = line.order.take() {
        order_entry(&order, line)?
    } else {
        None
    };
    Ok(entry.map_or(Parsed::Unknown, |entry| Parsed::Known(Recorded { at, entry })))
}

fn body(raw: Option<Box<RawValue>>) -> Result<Json, String> {
    raw.map(Json).ok_or_else(|| "no \"body\"".to_string())
}

fn ws_entry(ws: &str, msg: Option<Box<RawValue>>) -> Result<Option<Entry>, String> {
    let Some(feed) = feed_named(ws) else { return Ok(None) };
    let msg = msg.map(Json).ok_or("a \"ws\" line without \"msg\"")?;
    Ok(Some(Entry::Ws { feed, msg }))
}

fn state_entry(feed: &str, line: &Line) -> Result<Option<Entry>, String> {
    let Some(feed) = feed_named(feed) else { return Ok(None) };
    let reason = || line.reason.clone().unwrap_or_default();
    let state = match line.state.as_deref().ok_or("a \"feed\" line without \"state\"")? {
        "connecting" => FeedState::Connecting { attempt: line.attempt.unwrap_or(1) },
        "connected" => FeedState::Connected,
        "disconnected" => {
            FeedState::Disconnected { reason: reason(), retry_in_ms: line.retry_in_ms.unwrap_or(0) }
        }
        "gap" => FeedState::Gap {
            expected: line.expected.ok_or("a gap without \"expected\"")?,
            got: line.got.ok_or("a gap without \"got\"")?,
        },
        "failed" => FeedState::Failed { reason: reason() },
        _ => return Ok(None),
    };
    Ok(Some(Entry::State { feed, state }))
}

fn rest_entry(rest: &str, line: &Line) -> Result<Option<RestKind>, String> {
    let product = || line.product.clone().ok_or(format!("a \"{rest}\" line without \"product\""));
    Ok(Some(match rest {
        "products" => RestKind::Products,
        "accounts" => RestKind::Accounts,
        "open_orders" => RestKind::OpenOrders,
        "history" => RestKind::History,
        "fills" => RestKind::Fills,
        "fees" => RestKind::Fees,
        "candles" => RestKind::Candles {
            product: product()?,
            granularity: line.granularity.ok_or("a \"candles\" line without \"granularity\"")?,
        },
        "trades" => RestKind::Trades { product: product()? },
        _ => return Ok(None),
    }))
}

fn order_entry(order: &str, f: Line) -> Result<Option<Entry>, String> {
    let action = match order {
        "place" => OrderAction::Place,
        "cancel" => OrderAction::Cancel,
        "edit" => OrderAction::Edit,
        "answer" => {
            return Ok(Some(Entry::Order(OrderLine::Answer {
                of: f.of.ok_or("an answer without \"of\"")?,
                client_order_id: f.client_order_id.unwrap_or_default(),
                result: f.result.ok_or("an answer without \"result\"")?,
                detail: f.detail.unwrap_or_default(),
            })));
        }
        _ => return Ok(None),
    };
    Ok(Some(Entry::Order(OrderLine::Request { action, body: body(f.body)? })))
}
