//! cbterm: a keyboard-driven terminal trading dashboard for the Coinbase Advanced Trade API.
//!
//! The crate holds the Coinbase client ([`coinbase`]), the embedded exchange simulator
//! ([`sim`]) that speaks the same protocol on loopback, the command line ([`cli`]) and the
//! dashboard. `main.rs` only parses arguments and hands over to [`cli::run`].

pub mod app;
pub mod book;
pub mod cli;
pub mod coinbase;
pub mod config;
pub mod credentials;
pub mod decimal;
pub mod domain;
pub mod inert;
pub mod journal;
pub mod paper;
pub mod paths;
pub mod runtime;
pub mod sim;
pub mod ui;
