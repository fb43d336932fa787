//! The embedded exchange simulator: a Coinbase-compatible venue on 127.0.0.1.
//!
//! It serves the same REST paths and WebSocket channels as Coinbase Advanced Trade, verifies
//! every JWT against registered public keys, matches orders in a real engine ([`engine`]) and
//! runs a seeded synthetic market ([`market`]). The demo starts it in-process on an ephemeral
//! port; `cbterm sim` runs it alone; every integration test uses it.

pub mod admin;
pub mod auth;
pub mod convert;
pub mod engine;
pub mod faults;
pub mod flood;
pub mod market;
pub mod requests;
pub mod server;
pub mod state;
pub mod tls;
pub mod ws;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

use crate::credentials::PublicKey;
use state::Shared;

/// Where and how the simulator runs.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to bind; loopback by default.
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Seed of the synthetic market.
    pub seed: u64,
    /// Market step interval.
    pub tick: Duration,
    /// `Some(start)`: the market does not run by itself; it moves only through
    /// `POST /admin/step`, and its clock is `start + steps × tick` (deterministic tests).
    pub manual_from: Option<DateTime<Utc>>,
    /// Maker fee rate.
    pub maker_fee: rust_decimal::Decimal,
    /// Taker fee rate.
    pub taker_fee: rust_decimal::Decimal,
    /// Which products are listed.
    pub catalogue: Catalogue,
    /// Serve https and wss (a fresh local CA signs the certificate) instead of http and ws.
    pub tls: bool,
}

/// Which products the simulator lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Catalogue {
    /// BTC-USD, ETH-USD, SOL-USD and DOGE-USD ([`market::default_specs`]).
    #[default]
    Demo,
    /// Those four and six more ([`market::wide_specs`]), for load runs across ten products.
    Wide,
}

impl Catalogue {
    /// The market specs of the listed products.
    pub fn specs(self) -> Vec<market::MarketSpec> {
        match self {
            Self::Demo => market::default_specs(),
            Self::Wide => market::wide_specs(),
        }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            seed: 7,
            tick: Duration::from_millis(250),
            manual_from: None,
            maker_fee: rust_decimal::Decimal::new(4, 3),
            taker_fee: rust_decimal::Decimal::new(6, 3),
            catalogue: Catalogue::Demo,
            tls: false,
        }
    }
}

/// A running simulator.
pub struct SimHandle {
    /// Bound address.
    pub addr: SocketAddr,
    /// REST base, `http://127.0.0.1:PORT/api/v3/brokerage`.
    pub api_url: Url,
    /// WebSocket URL serving every channel, `ws://127.0.0.1:PORT/ws`.
    pub ws_url: Url,
    /// Admin base for fault injection and test control, `http://127.0.0.1:PORT/admin`.
    pub admin_url: Url,
    /// With TLS: the PEM of the local CA that signed the server certificate.
    pub ca_pem: Option<String>,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
    ticker: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// Registers a public key so requests signed with it are accepted, and funds its account
    /// with the demo balances the first time.
    pub fn register_key(&self, name: &str, key: &PublicKey) {
        self.shared.register_key(name, key);
    }

    /// Shared state, for in-process tests.
    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// Stops the server and the market.
    pub fn shutdown(self) {
        self.server.abort();
        if let Some(t) = self.ticker {
            t.abort();
        }
    }
}

fn url(text: String) -> std::io::Result<Url> {
    Url::parse(&text).map_err(std::io::Error::other)
}

/// Starts the simulator: binds, bootstraps the market, serves REST + WebSocket, and (unless
/// Market data goes out as soon as it is written, as an exchange sends it: without
/// `TCP_NODELAY` a small WebSocket frame can wait for the previous one's acknowledgement.
pub(crate) fn no_delay(tcp: &tokio::net::TcpStream) {
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!(error = %e, "TCP_NODELAY not set");
    }
}

/// manual) steps the market every `tick`.
pub async fn start(config: SimConfig) -> std::io::Result<SimHandle> {
    let listener = TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared::new(&config, addr));
    let app = server::router(shared.clone());
    let tls = if config.tls { Some(tls::generate()?) } else { None };
    let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
    let server = match tls {
        Some(tls) => tokio::spawn(tls::serve(listener, app, tls)),
        None => tokio::spawn(async move {
            use axum::serve::ListenerExt;
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            let listener = listener.tap_io(|tcp| no_delay(tcp));
            if let Err(e) = axum::serve(listener, service).await {
                tracing::error!(error = %e, "simulator server stopped");
            }
        }),
    };
    let ticker =
        config.manual_from.is_none().then(|| tokio::spawn(state::run_market(shared.clone(), config.tick)));
    let (http, ws) = if config.tls { ("https", "wss") } else { ("http", "ws") };
    Ok(SimHandle {
        addr,
        api_url: url(format!("{http}://{addr}/api/v3/brokerage"))?,
        ws_url: url(format!("{ws}://{addr}/ws"))?,
        admin_url: url(format!("{http}://{addr}/admin"))?,
        ca_pem,
        shared,
        server,
        ticker,
    })
}
