//! Venue resolution: the demo simulator, Coinbase, or any compatible server.

use std::net::IpAddr;
use std::sync::Arc;

use url::Url;

use super::{CliError, VenueArgs};
use crate::coinbase::jwt::Clock;
use crate::coinbase::rest::RestClient;
use crate::coinbase::tls::TrustedCa;
use crate::credentials::Credentials;
use crate::domain::ProductId;
use crate::sim::{self, SimConfig, SimHandle};

/// The path of Coinbase's REST API under its origin.
pub const API_PATH: &str = "/api/v3/brokerage";
/// Coinbase's REST base.
pub const LIVE_API: &str = "https://api.coinbase.com/api/v3/brokerage";
/// Coinbase's market-data WebSocket.
pub const LIVE_WS: &str = "wss://advanced-trade-ws.coinbase.com";
/// Coinbase's user-data WebSocket.
pub const LIVE_WS_USER: &str = "wss://advanced-trade-ws-user.coinbase.com";

/// Which kind of venue is in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VenueKind {
    /// The embedded simulator.
    Demo,
    /// Coinbase.
    Live,
    /// A compatible server at this REST URL.
    Custom(String),
}

/// A resolved venue: clients, URLs, credentials, and the embedded simulator in demo mode.
pub struct Venue {
    /// Which venue.
    pub kind: VenueKind,
    /// REST client.
    pub rest: RestClient,
    /// Market-data WebSocket; `None` for a custom venue given without `--ws-url`.
    pub ws_market: Option<Url>,
    /// User-data WebSocket; `None` for a custom venue given without `--ws-url`.
    pub ws_user: Option<Url>,
    /// Credentials, when any.
    pub creds: Option<Arc<Credentials>>,
    /// JWT clock.
    pub clock: Clock,
    sim: Option<SimHandle>,
}

impl Venue {
    /// Resolves the flags into a venue; demo unless `--live` or `--api-url` is given.
    pub async fn open(args: &VenueArgs) -> Result<Self, CliError> {
        Self::open_with(args, load_creds).await
    }

    /// [`Venue::open`] without loading the key (`cbterm doctor` loads and checks it itself);
    /// the demo still makes its own.
    pub async fn open_keyless(args: &VenueArgs) -> Result<Self, CliError> {
        Self::open_with(args, |_| Ok(None)).await
    }

    async fn open_with(args: &VenueArgs, creds: fn(&VenueArgs) -> CredsResult) -> Result<Self, CliError> {
        let custom = args.api_url.is_some() || args.ws_url.is_some() || args.ws_user_url.is_some();
        if [args.demo, args.live, custom].iter().filter(|b| **b).count() > 1 {
            return Err(CliError::Usage(
                "choose one venue: --demo, --live, or --api-url (with --ws-url to stream)".into(),
            ));
        }
        if args.ca_file.is_some() && !custom {
            return Err(CliError::Usage(
                "--ca-file needs --api-url: it is trusted for that venue only".into(),
            ));
        }
        let venue = if args.live {
            let creds = creds(args)?;
            let urls = (parse(LIVE_API)?, Some(parse(LIVE_WS)?), Some(parse(LIVE_WS_USER)?));
            Self::remote(VenueKind::Live, urls, creds, None)?
        } else if custom {
            Self::custom(args, creds)?
        } else if args.key_file.is_some() {
            return Err(CliError::Usage(
                "--key-file needs --live or --api-url; the demo makes its own key".into(),
            ));
        } else {
            Self::demo().await?
        };
        venue.measure_clock().await;
        Ok(venue)
    }

    /// Measures the server clock once, so the first signed request is already on its time
    /// (R-AUTH3). Without credentials nothing is signed and nothing is measured; a failure is
    /// logged, and a 401 re-measures later.
    async fn measure_clock(&self) {
        if self.creds.is_none() {
            return;
        }
        match self.rest.sync_clock().await {
            Ok(offset_ms) => tracing::info!(offset_ms, "server clock measured"),
            Err(e) => tracing::warn!(error = %e, "server clock not measured"),
        }
    }

    fn custom(args: &VenueArgs, creds: fn(&VenueArgs) -> CredsResult) -> Result<Self, CliError> {
        let Some(api) = args.api_url.clone().map(rest_base) else {
            return Err(CliError::Usage("--ws-url and --ws-user-url need --api-url".into()));
        };
        check_scheme(&api, "https", "http")?;
        let ws = args.ws_url.clone();
        let user = args.ws_user_url.clone().or_else(|| ws.clone());
        if user.is_some() && ws.is_none() {
            return Err(CliError::Usage("--ws-user-url needs --ws-url".into()));
        }
        for url in ws.iter().chain(user.iter()) {
            check_scheme(url, "wss", "ws")?;
        }
        let creds = creds(args)?;
        let ca = args.ca_file.as_deref().map(TrustedCa::from_file).transpose().map_err(CliError::Usage)?;
        Self::remote(VenueKind::Custom(api.to_string()), (api, ws, user), creds, ca)
    }

    fn remote(
        kind: VenueKind,
        urls: (Url, Option<Url>, Option<Url>),
        creds: Option<Arc<Credentials>>,
        ca: Option<TrustedCa>,
    ) -> Result<Self, CliError> {
        let clock = Clock::new();
        let rest = RestClient::with_ca(urls.0, creds.clone(), clock.clone(), ca)?;
        Ok(Self { kind, rest, ws_market: urls.1, ws_user: urls.2, creds, clock, sim: None })
    }

    async fn demo() -> Result<Self, CliError> {
        let handle = sim::start(SimConfig::default())
            .await
            .map_err(|e| CliError::Network(format!("could not start the demo simulator: {e}")))?;
        let name = format!("organizations/demo/apiKeys/{}", uuid::Uuid::new_v4());
        let creds = Arc::new(Credentials::generate_es256(&name));
        handle.register_key(&name, &creds.public_key());
        let clock = Clock::new();
        let rest = RestClient::new(handle.api_url.clone(), Some(creds.clone()), clock.clone())?;
        let ws = handle.ws_url.clone();
        Ok(Self {
            kind: VenueKind::Demo,
            rest,
            ws_market: Some(ws.clone()),
            ws_user: Some(ws),
            creds: Some(creds),
            clock,
            sim: Some(handle),
        })
    }

    /// The market and user WebSocket URLs, for the commands that stream.
    pub fn ws_urls(&self) -> Result<(Url, Url), CliError> {
        match (&self.ws_market, &self.ws_user) {
            (Some(market), Some(user)) => Ok((market.clone(), user.clone())),
            _ => Err(CliError::Usage(
                "this command streams: give --ws-url (the venue's WebSocket URL) with --api-url".into(),
            )),
        }
    }

    /// Stops the embedded simulator, if any.
    pub fn close(self) {
        if let Some(sim) = self.sim {
            sim.shutdown();
        }
    }
}

/// The REST base: a bare origin (`http://127.0.0.1:8080`, path empty or `/`) gets Coinbase's
/// API path appended; any other path is kept as given.
pub fn rest_base(mut url: Url) -> Url {
    if matches!(url.path(), "" | "/") {
        url.set_path(API_PATH);
    }
    url
}

fn parse(text: &str) -> Result<Url, CliError> {
    Url::parse(text).map_err(|e| CliError::Usage(format!("{text}: {e}")))
}

/// What loading a key gives: a key, none, or why not.
type CredsResult = Result<Option<Arc<Credentials>>, CliError>;

/// Credentials from `--key-file`, else from the environment, else none.
fn load_creds(args: &VenueArgs) -> CredsResult {
    if let Some(path) = &args.key_file {
        return Ok(Some(Arc::new(Credentials::from_key_file(path)?)));
    }
    Ok(Credentials::from_env()?.map(Arc::new))
}

/// Plain `http`/`ws` only to loopback hosts; everything else must use TLS (R-TLS3).
fn check_scheme(url: &Url, secure: &str, plain: &str) -> Result<(), CliError> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    match url.scheme() {
        s if s == secure => Ok(()),
        s if s == plain && loopback => Ok(()),
        s if s == plain => Err(CliError::Usage(format!(
            "{url}: {plain}:// is allowed only to a loopback address; use {secure}://"
        ))),
        s => Err(CliError::Usage(format!("{url}: unsupported scheme {s}; use {secure}://"))),
    }
}

/// Parses `--products`.
pub fn product_ids(products: &[String]) -> Result<Vec<ProductId>, CliError> {
    products.iter().map(|p| ProductId::parse(p).map_err(CliError::Usage)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("url")
    }

    #[test]
    fn a_bare_origin_gets_the_api_path_and_any_other_path_is_kept() {
        let api = "http://127.0.0.1:8080/api/v3/brokerage";
        assert_eq!(rest_base(url("http://127.0.0.1:8080")).as_str(), api);
        assert_eq!(rest_base(url("http://127.0.0.1:8080/")).as_str(), api);
        assert_eq!(rest_base(url(api)).as_str(), api);
        assert_eq!(rest_base(url("https://example.test/v3")).as_str(), "https://example.test/v3");
    }
}
