//! One-pass decoding of a text frame into a [`WsMessage`].
//!
//! The envelope's fields are read in the order they come; when `channel` precedes `events`
//! (Coinbase always sends it first) the events are decoded straight into their typed structs.
//! Otherwise they are kept as a borrowed raw slice and decoded once the channel is known.
//! Nothing is built twice and no intermediate `serde_json::Value` is made.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::ParseError;
use super::message::{Channel, WsMessage};
use crate::coinbase::wire::ws::*;

/// How a message's events are decoded: by the data channel it names, as a subscriptions
/// acknowledgement, or skipped (a channel this client does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Data(Channel),
    Subscriptions,
    Unknown,
}

impl Shape {
    /// The shape of a message whose `channel` field is `name` (`l2_data` for level2).
    fn of(name: &str) -> Self {
        if name == "subscriptions" {
            return Self::Subscriptions;
        }
        Channel::ALL.into_iter().find(|c| c.message_name() == name).map_or(Self::Unknown, Self::Data)
    }
}

/// The typed events of one message.
enum Events {
    Heartbeats(Vec<HeartbeatEvent>),
    Ticker(Vec<TickerEvent>),
    Level2(Vec<L2Event>),
    Trades(Vec<TradesEvent>),
    Candles(Vec<CandlesEvent>),
    Status(Vec<StatusEvent>),
    User(Vec<UserEvent>),
    Subscriptions(Vec<SubscriptionsEvent>),
    Skipped,
}

impl<'de> DeserializeSeed<'de> for Shape {
    type Value = Events;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Events, D::Error> {
        Ok(match self {
            Shape::Data(Channel::Heartbeats) => Events::Heartbeats(Deserialize::deserialize(d)?),
            Shape::Data(Channel::Ticker | Channel::TickerBatch) => {
                Events::Ticker(Deserialize::deserialize(d)?)
            }
            Shape::Data(Channel::Level2) => Events::Level2(Deserialize::deserialize(d)?),
            Shape::Data(Channel::MarketTrades) => Events::Trades(Deserialize::deserialize(d)?),
            Shape::Data(Channel::Candles) => Events::Candles(Deserialize::deserialize(d)?),
            Shape::Data(Channel::Status) => Events::Status(Deserialize::deserialize(d)?),
            Shape::Data(Channel::User) => Events::User(Deserialize::deserialize(d)?),
            Shape::Subscriptions => Events::Subscriptions(Deserialize::deserialize(d)?),
            Shape::Unknown => {
                IgnoredAny::deserialize(d)?;
                Events::Skipped
            }
        })
    }
}

/// Where the `events` array stands while the envelope is read.
enum Pending<'a> {
    Absent,
    Decoded(Shape, Events),
    Raw(&'a RawValue),
}

/// The envelope's keys; others are skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Type,
    Message,
    Channel,
    ClientId,
    Timestamp,
    SequenceNum,
    Events,
    #[serde(other)]
    Other,
}

/// The envelope as read: the head fields as raw slices (interpreted once the channel is
/// known, so a channel this client does not know is never refused for them), the events
/// decoded or raw.
struct Frame<'a> {
    kind: Option<&'a RawValue>,
    message: Option<&'a RawValue>,
    channel: Option<String>,
    client_id: Option<&'a RawValue>,
    timestamp: Option<&'a RawValue>,
    sequence_num: Option<&'a RawValue>,
    events: Pending<'a>,
}

/// Reads a frame; the channel it names is left in `channel` even when decoding fails, so a
/// schema error can name it.
struct FrameSeed<'s> {
    channel: &'s mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for FrameSeed<'_> {
    type Value = Frame<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Frame<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FrameSeed<'_> {
    type Value = Frame<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a WebSocket message object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Frame<'de>, A::Error> {
        let mut frame = Frame {
            kind: None,
            message: None,
            channel: None,
            client_id: None,
            timestamp: None,
            sequence_num: None,
            events: Pending::Absent,
        };
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Type => frame.kind = Some(map.next_value()?),
                Field::Message => frame.message = Some(map.next_value()?),
                Field::Channel => {
                    let raw: &RawValue = map.next_value()?;
                    frame.channel = serde_json::from_str(raw.get()).ok();
                    self.channel.clone_from(&frame.channel);
                }
                Field::ClientId => frame.client_id = Some(map.next_value()?),
                Field::Timestamp => frame.timestamp = Some(map.next_value()?),
                Field::SequenceNum => frame.sequence_num = Some(map.next_value()?),
                Field::Events => frame.events = events(&mut map, frame.channel.as_deref())?,
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(frame)
    }
}

/// Decodes `events` now when the channel is known, else keeps the raw slice.
fn events<'de, A: MapAccess<'de>>(map: &mut A, channel: Option<&str>) -> Result<Pending<'de>, A::Error> {
    match channel.map(Shape::of) {
        Some(shape) => map.next_value_seed(shape).map(|events| Pending::Decoded(shape, events)),
        None => map.next_value().map(Pending::Raw),
    }
}

impl WsMessage {
    /// Parses a text frame. Unknown channels and fields are tolerated; a known channel whose
    /// events do not match their schema is an error.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let mut channel = None;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let frame = FrameSeed { channel: &mut channel }
            .deserialize(&mut deserializer)
            .and_then(|frame| deserializer.end().map(|()| frame))
            .map_err(|e| failure(text, channel.as_deref(), &e))?;
        assemble(frame)
    }
}

/// A frame that could not be read: not JSON at all, or JSON whose events break their
/// channel's schema (a wrong type inside a value can read as a syntax error, so the text is
/// checked again, on this failure path only).
fn failure(text: &str, channel: Option<&str>, e: &serde_json::Error) -> ParseError {
    if serde_json::from_str::<IgnoredAny>(text).is_err() {
        return ParseError::NotJson(e.to_string());
    }
    schema(channel.unwrap_or("message"), &e.to_string())
}

/// One head field, decoded as its channel's schema wants.
fn field<'a, T: Deserialize<'a>>(raw: &'a RawValue, channel: &str, name: &str) -> Result<T, ParseError> {
    serde_json::from_str(raw.get()).map_err(|e| schema(channel, &format!("`{name}`: {e}")))
}

fn required<'a>(raw: Option<&'a RawValue>, channel: &str, name: &str) -> Result<&'a RawValue, ParseError> {
    raw.ok_or_else(|| schema(channel, &format!("missing field `{name}`")))
}

/// Builds the message from the envelope's fields.
fn assemble(frame: Frame<'_>) -> Result<WsMessage, ParseError> {
    if frame.kind.is_some_and(|k| k.get() == r#""error""#) {
        let message = frame.message.ok_or_else(|| schema("error", "missing field `message`"))?;
        return Ok(WsMessage::Error(WsError {
            kind: "error".into(),
            message: field(message, "error", "message")?,
        }));
    }
    let channel = frame.channel.unwrap_or_default();
    let shape = Shape::of(&channel);
    if shape == Shape::Unknown {
        let sequence_num = frame.sequence_num.and_then(|raw| serde_json::from_str(raw.get()).ok());
        return Ok(WsMessage::Unknown { channel, sequence_num });
    }
    let events = match frame.events {
        Pending::Decoded(decoded_as, events) if decoded_as == shape => events,
        Pending::Decoded(..) => return Err(schema(&channel, "`channel` named twice")),
        Pending::Raw(raw) => shape
            .deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
            .map_err(|e| schema(&channel, &e.to_string()))?,
        Pending::Absent => return Err(schema(&channel, "missing field `events`")),
    };
    let timestamp = field(required(frame.timestamp, &channel, "timestamp")?, &channel, "timestamp")?;
    let sequence_num =
        field(required(frame.sequence_num, &channel, "sequence_num")?, &channel, "sequence_num")?;
    let client_id =
        frame.client_id.map(|raw| field(raw, &channel, "client_id")).transpose()?.unwrap_or_default();
    Ok(message(shape, events, Head { channel, client_id, timestamp, sequence_num }))
}

/// The envelope without its events.
struct Head {
    channel: String,
    client_id: String,
    timestamp: DateTime<Utc>,
    sequence_num: u64,
}

impl Head {
    fn wrap<E>(self, events: Vec<E>) -> Envelope<E> {
        let Self { channel, client_id, timestamp, sequence_num } = self;
        Envelope { channel, client_id, timestamp, sequence_num, events }
    }
}

fn message(shape: Shape, events: Events, head: Head) -> WsMessage {
    match (shape, events) {
        (Shape::Data(Channel::TickerBatch), Events::Ticker(e)) => WsMessage::TickerBatch(head.wrap(e)),
        (_, Events::Ticker(e)) => WsMessage::Ticker(head.wrap(e)),
        (_, Events::Heartbeats(e)) => WsMessage::Heartbeats(head.wrap(e)),
        (_, Events::Level2(e)) => WsMessage::Level2(head.wrap(e)),
        (_, Events::Trades(e)) => WsMessage::MarketTrades(head.wrap(e)),
        (_, Events::Candles(e)) => WsMessage::Candles(head.wrap(e)),
        (_, Events::Status(e)) => WsMessage::Status(head.wrap(e)),
        (_, Events::User(e)) => WsMessage::User(head.wrap(e)),
        (_, Events::Subscriptions(e)) => WsMessage::Subscriptions(head.wrap(e)),
        (_, Events::Skipped) => {
            WsMessage::Unknown { channel: head.channel, sequence_num: Some(head.sequence_num) }
        }
    }
}

fn schema(channel: &str, reason: &str) -> ParseError {
    ParseError::Schema { channel: channel.to_string(), reason: reason.to_string() }
}
