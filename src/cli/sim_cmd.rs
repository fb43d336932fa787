//! `cbterm sim`: the simulator alone, for outside clients and scripts.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::{CliError, SimArgs, VenueArgs};
use crate::credentials::Credentials;
use crate::sim::{self, Catalogue, SimConfig};

/// Starts the simulator, registers keys, prints its URLs as one JSON line, and serves until
/// interrupted (Ctrl-C).
pub async fn run(args: &SimArgs, venue: &VenueArgs) -> Result<(), CliError> {
    if venue.live || venue.api_url.is_some() || venue.ws_url.is_some() {
        return Err(CliError::Usage("cbterm sim takes no venue flags other than --key-file".into()));
    }
    if !args.host.is_loopback() {
        return Err(CliError::Usage("the simulator binds loopback addresses only (127.0.0.1 or ::1)".into()));
    }
    let mut keys = Vec::new();
    if let Some(path) = &venue.key_file {
        keys.push(Credentials::from_key_file(path)?);
    }
    if let Some(path) = &args.write_key {
        let name = format!("organizations/sim/apiKeys/{}", uuid::Uuid::new_v4());
        let creds = Credentials::generate_es256(&name);
        creds
            .write_key_file(path)
            .map_err(|e| CliError::Usage(format!("could not write {}: {e}", path.display())))?;
        keys.push(creds);
    }
    let config = SimConfig {
        host: args.host,
        port: args.port,
        seed: args.seed,
        manual_from: args.manual.then(Utc::now),
        catalogue: if args.wide { Catalogue::Wide } else { Catalogue::Demo },
        tls: args.tls,
        ..SimConfig::default()
    };
    let handle = sim::start(config).await.map_err(|e| CliError::Network(format!("could not start: {e}")))?;
    for creds in &keys {
        handle.register_key(creds.name(), &creds.public_key());
    }
    let ca_file = match &handle.ca_pem {
        Some(pem) => Some(write_ca(&ca_path(args), pem)?),
        None => None,
    };
    let line = serde_json::json!({
        "api_url": handle.api_url.as_str(),
        "ws_url": handle.ws_url.as_str(),
        "ws_user_url": handle.ws_url.as_str(),
        "admin_url": handle.admin_url.as_str(),
        "keys": keys.iter().map(Credentials::name).collect::<Vec<_>>(),
        "ca_file": ca_file,
    });
    println!("{line}");
    tokio::signal::ctrl_c().await.map_err(|e| CliError::Network(e.to_string()))?;
    handle.shutdown();
    Ok(())
}

/// `--ca-out`, else `sim-ca.pem` beside `--write-key`, else in the temporary directory.
fn ca_path(args: &SimArgs) -> PathBuf {
    match (&args.ca_out, &args.write_key) {
        (Some(path), _) => path.clone(),
        (None, Some(key)) => key.with_file_name("sim-ca.pem"),
        (None, None) => std::env::temp_dir().join("cbterm-sim-ca.pem"),
    }
}

/// Writes the CA certificate (public, so mode 644 is fine) and returns the path written.
fn write_ca(path: &Path, pem: &str) -> Result<String, CliError> {
    std::fs::write(path, pem)
        .map_err(|e| CliError::Usage(format!("could not write {}: {e}", path.display())))?;
    Ok(path.display().to_string())
}
