//! The Coinbase Advanced Trade client: JWT signing, REST, WebSocket and the wire types.

pub mod diagnose;
pub mod error;
pub mod jwt;
pub mod parse;
pub mod rest;
pub mod tls;
pub mod wire;
pub mod ws;
