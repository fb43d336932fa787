//! `cbterm replay FILE [--speed N] [--from TIME] [--paper]`: the dashboard driven by a
//! recording. No venue is opened (no simulator, no REST, no WebSocket); nothing is written but
//! the log. With `--paper` orders fill against the recorded market, from a fresh paper account
//! kept in memory.

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::dashboard::DashboardSettings;
use super::replay_from::{StartAt, parse_from, parse_speed, resolve};
use crate::paper::PaperBook;
use crate::runtime::Preferences;
use crate::runtime::paper_desk::{PaperSetup, recorded_for_paper};
use crate::runtime::replay::{self, Lines, Plan, ReplayConfig, Source};

/// The recording without the recorded account, which the paper account replaces.
fn for_paper(lines: Lines) -> Lines {
    Box::new(
        lines.map(|line| line.map(|(at, msgs)| (at, msgs.into_iter().filter(recorded_for_paper).collect()))),
    )
}

/// `cbterm replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The recording made with `--record FILE` (zstd or plain JSON lines; FILE.1, FILE.2, …
    /// follow it when they exist).
    pub file: PathBuf,
    /// Recorded seconds per real second: 0.25, 1, 10, … (`>` and `<` double and halve it).
    #[arg(long, default_value = "1", value_parser = parse_speed, allow_negative_numbers = true)]
    pub speed: f64,
    /// Start here; everything before is applied at once. An RFC 3339 time
    /// (2026-12-04T19:05:00Z), a UTC time of day on the recording's first day (19:05[:30]),
    /// or an offset from its start (+90s, +5m, +1h30m).
    #[arg(long, value_parser = parse_from)]
    pub from: Option<StartAt>,
}

/// Checks the recording and `--from` (exit 2 naming the recording's span), then replays it.
pub async fn run(
    args: &ReplayArgs,
    settings: DashboardSettings<'_>,
    log_level: &str,
) -> Result<(), CliError> {
    let (config, keymap) = settings.resolve()?;
    let (span, lines) = replay::open(&args.file).map_err(CliError::Usage)?;
    let paper =
        settings.paper.map(|_| PaperSetup { path: None, book: PaperBook::starting(&config.quote_currency) });
    let lines = if paper.is_some() { for_paper(lines) } else { lines };
    let from = match args.from {
        Some(from) => resolve(from, span).map_err(CliError::Usage)?,
        None => span.0,
    };
    let _guard = super::logging::init(log_level)?;
    tracing::info!(file = %args.file.display(), speed = args.speed, %from, "replay starting");
    let config = ReplayConfig {
        source: Source { lines, plan: Plan { span, from, speed: args.speed } },
        keymap,
        products: config.watchlist,
        preferences: Preferences {
            quote: config.quote_currency,
            limits: config.risk,
            default_product: config.default_product,
            watchlist_file: None,
        },
        paper,
    };
    replay::run(config).await.map_err(|e| CliError::Failed(format!("the replay stopped: {e}")))
}
