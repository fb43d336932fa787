//! The command line: venue flags, subcommands, and the exit-code contract
//! (0 ok, 2 usage or bad input, 3 rejected by the exchange, 4 network failure or unknown outcome).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use url::Url;

use crate::coinbase::ws::Channel;

mod accounts;
mod dashboard;
mod doctor;
mod doctor_report;
mod exit;
mod journal;
mod logging;
mod outcome;
mod place;
mod place_out;
mod query;
mod replay_cmd;
mod replay_from;
mod sim_cmd;
mod stream;
mod table;
mod venue;

pub use exit::CliError;
pub use place::{CancelArgs, PlaceArgs, draft_from_args};
pub use venue::{Venue, VenueKind};

/// cbterm: a keyboard-driven terminal trading dashboard for Coinbase Advanced Trade.
///
/// With no subcommand it opens the dashboard. With no venue flag it runs the demo: an
/// embedded exchange simulator on 127.0.0.1, no account needed.
#[derive(Debug, Parser)]
#[command(name = "cbterm", version, about, long_about = None)]
pub struct Cli {
    /// Where to connect.
    #[command(flatten)]
    pub venue: VenueArgs,
    /// Products for the dashboard watchlist, e.g. BTC-USD,ETH-USD (wins over the config
    /// file's `watchlist`).
    #[arg(long, global = true, value_delimiter = ',')]
    pub products: Vec<String>,
    /// A keymap file overriding the default keys (wins over the config file's `keymap`).
    #[arg(long, global = true)]
    pub keymap: Option<PathBuf>,
    /// The config file (default: $XDG_CONFIG_HOME/cbterm/config.toml).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Log level for the log file (error, warn, info, debug, trace).
    #[arg(long, global = true, default_value = "info")]
    pub log_level: String,
    /// Print JSON instead of a table (one object per line for `stream`).
    #[arg(long, global = true)]
    pub json: bool,
    /// Orders stop at Coinbase's preview (`POST /orders/preview`) and are never posted: the
    /// dashboard's `y` and `place` only show what the exchange would do.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Keep the dashboard session in FILE (zstd-compressed JSON lines; FILE.1, FILE.2, … past
    /// 64 MiB): every WebSocket message received, the REST answers loaded, every order action
    /// and its answer. Keys and JWTs are never written.
    #[arg(long, global = true, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// What to do; the dashboard when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Venue selection; accepted before or after the subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct VenueArgs {
    /// The embedded exchange simulator (the default).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Coinbase Advanced Trade (api.coinbase.com).
    #[arg(long, global = true)]
    pub live: bool,
    /// REST base of a Coinbase-compatible server, e.g. http://127.0.0.1:8080/api/v3/brokerage;
    /// a bare origin (http://127.0.0.1:8080) gets /api/v3/brokerage appended.
    #[arg(long, global = true)]
    pub api_url: Option<Url>,
    /// Market-data WebSocket URL of that server (needed only by the dashboard and `stream`).
    #[arg(long, global = true)]
    pub ws_url: Option<Url>,
    /// User-data WebSocket URL (defaults to --ws-url).
    #[arg(long, global = true)]
    pub ws_user_url: Option<Url>,
    /// Coinbase key JSON file ({"name" or "id", "privateKey"}), mode 600.
    #[arg(long, global = true)]
    pub key_file: Option<PathBuf>,
    /// Also trust this CA (PEM) for the --api-url venue, e.g. the ca_file of `cbterm sim --tls`.
    #[arg(long, global = true)]
    pub ca_file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List spot products with their trading rules.
    Products,
    /// List account balances (available and held).
    Accounts,
    /// Show the order book of one product.
    Book {
        /// Product, e.g. BTC-USD.
        product: String,
        /// Levels per side.
        #[arg(long, default_value_t = 10)]
        depth: u32,
    },
    /// List orders (open ones unless --all-statuses).
    Orders {
        /// Only this product.
        #[arg(long)]
        product: Option<String>,
        /// Every status, not only open orders.
        #[arg(long)]
        all_statuses: bool,
    },
    /// List recent fills.
    Fills {
        /// Only this product.
        #[arg(long)]
        product: Option<String>,
        /// Only this order.
        #[arg(long)]
        order_id: Option<String>,
    },
    /// Validate and place an order (or only preview it with --preview).
    Place(PlaceArgs),
    /// Cancel orders by id, or every open order with --all.
    Cancel(CancelArgs),
    /// Print a WebSocket channel as JSON lines.
    Stream(StreamArgs),
    /// Run the exchange simulator alone and print its URLs as one JSON line.
    Sim(SimArgs),
    /// Replay a recording (`--record FILE`) in the dashboard, with no network: same panes,
    /// a timeline in the status bar, space pauses, . steps, > and < change the speed.
    Replay(replay_cmd::ReplayArgs),
    /// Check the key file, the clock, the connection and the key's rights; one line per check
    /// (OK, WARN, FAIL, SKIP) with the fix. Exits 1 when any check fails.
    Doctor,
}

/// `cbterm stream`.
#[derive(Debug, Args)]
pub struct StreamArgs {
    /// Channel.
    #[arg(long, value_enum)]
    pub channel: Channel,
    /// Products (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    pub product: Vec<String>,
    /// Exit after this many data messages (subscription acks and heartbeats of other
    /// channels are not counted).
    #[arg(long)]
    pub count: Option<u64>,
}

/// `cbterm sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to bind (loopback only).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Port (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Market seed.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Write a fresh key for this simulator to PATH (mode 600) so clients can sign.
    #[arg(long)]
    pub write_key: Option<PathBuf>,
    /// The market moves only through POST /admin/step (deterministic tests).
    #[arg(long)]
    pub manual: bool,
    /// List ten products instead of four (adds ADA, XRP, LTC, AVAX, LINK and DOT against USD),
    /// for load runs.
    #[arg(long)]
    pub wide: bool,
    /// Serve https and wss (certificate for 127.0.0.1, ::1 and localhost, signed by a fresh
    /// local CA whose PEM is written to --ca-out).
    #[arg(long)]
    pub tls: bool,
    /// Where --tls writes the CA certificate (default: sim-ca.pem beside --write-key, else in
    /// the temporary directory).
    #[arg(long, requires = "tls")]
    pub ca_out: Option<PathBuf>,
}

/// Runs the parsed command line; returns the process exit code.
pub async fn run(cli: Cli) -> i32 {
    match dispatch(cli).await {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {}", crate::inert::inert_lines(&e.to_string()));
            e.code()
        }
    }
}

async fn dispatch(cli: Cli) -> Result<(), CliError> {
    if cli.record.is_some() && cli.command.is_some() {
        return Err(CliError::Usage(
            "--record keeps a dashboard session; run the dashboard (no subcommand) to record".into(),
        ));
    }
    let json = cli.json;
    if let Some(Command::Sim(args)) = &cli.command {
        return sim_cmd::run(args, &cli.venue).await;
    }
    let config_path = cli.config.clone().unwrap_or_else(crate::config::default_path);
    let config = crate::config::load(&config_path, cli.config.is_some())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    if let Some(Command::Doctor) = &cli.command {
        return doctor::run(&cli.venue, json).await;
    }
    if let Some(Command::Replay(args)) = &cli.command {
        let settings = dashboard::DashboardSettings {
            config,
            path: config_path,
            products: &cli.products,
            keymap: cli.keymap.clone(),
            dry_run: cli.dry_run,
            record: None,
        };
        return replay_cmd::run(args, settings, &cli.log_level).await;
    }
    let venue = Venue::open(&cli.venue).await?;
    if venue.kind == VenueKind::Demo && matches!(cli.command, Some(Command::Place(_) | Command::Cancel(_))) {
        eprintln!(
            "note: demo venue — this runs on a throwaway simulator that stops when the command exits; \
             run `cbterm sim --write-key KEY` and point --api-url/--ws-url/--key-file at it to keep orders"
        );
    }
    let result = match cli.command {
        None => {
            let settings = dashboard::DashboardSettings {
                config,
                path: config_path,
                products: &cli.products,
                keymap: cli.keymap,
                dry_run: cli.dry_run,
                record: cli.record,
            };
            dashboard::dashboard(&venue, settings, &cli.log_level).await
        }
        Some(Command::Products) => query::products(&venue, json).await,
        Some(Command::Accounts) => accounts::accounts(&venue, &config.quote_currency, json).await,
        Some(Command::Book { product, depth }) => query::book(&venue, &product, depth, json).await,
        Some(Command::Orders { product, all_statuses }) => {
            query::orders(&venue, product.as_deref(), all_statuses, json).await
        }
        Some(Command::Fills { product, order_id }) => {
            query::fills(&venue, product.as_deref(), order_id, json).await
        }
        Some(Command::Place(args)) => place::place(&venue, &args, config.risk, json, cli.dry_run).await,
        Some(Command::Cancel(_)) if cli.dry_run => Err(CliError::Usage(
            "--dry-run covers orders only: a cancel is never previewed; run cancel without --dry-run".into(),
        )),
        Some(Command::Cancel(args)) => place::cancel(&venue, &args, json).await,
        Some(Command::Stream(args)) => stream::run(&venue, &args, json).await,
        Some(Command::Sim(_) | Command::Doctor | Command::Replay(_)) => Ok(()),
    };
    venue.close();
    result
}
