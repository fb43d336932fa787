//! The embedded exchange simulator: a Coinbase-compatible venue on 127.0.0.1.

pub mod auth;
pub mod engine;
pub mod market;
