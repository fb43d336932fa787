//! `cbterm doctor`: checks the key file (readable by no one else, parses, key type), the
//! clock against the server's `GET /time`, that the REST API and the WebSocket answer, and
//! the key's rights (`GET /key_permissions`); prints one line per check with the fix.

use std::path::Path;
use std::sync::Arc;

use super::doctor_report::{self, Check, Status};
use super::{CliError, Venue, VenueArgs, VenueKind};
use crate::coinbase::diagnose::{FIX_CLOCK, diagnose};
use crate::coinbase::error::ApiError;
use crate::coinbase::rest::RestClient;
use crate::coinbase::{parse, ws};
use crate::credentials::{CredentialError, Credentials};
use crate::domain::Concern;
use crate::domain::guards::clock::{ClockTrust, clock_refusal, clock_trust, skew_words};

/// Runs every check, prints the report, and fails when any check failed.
pub async fn run(args: &VenueArgs, json: bool) -> Result<(), CliError> {
    let venue = Venue::open_keyless(args).await?;
    let (key_line, creds) = key_check(args, &venue);
    let mut checks = vec![key_line];
    checks.extend(clock_and_rest(&venue).await);
    checks.push(websocket(&venue).await);
    checks.push(permissions(&venue, creds).await);
    venue.close();
    println!("{}", doctor_report::render(&checks, json));
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    match failed {
        0 => Ok(()),
        n => Err(CliError::Failed(format!("doctor: {n} check(s) failed"))),
    }
}

/// The key: the demo's own, `--key-file`, or the environment.
fn key_check(args: &VenueArgs, venue: &Venue) -> (Check, Option<Arc<Credentials>>) {
    const NAME: &str = "key file";
    if venue.kind == VenueKind::Demo {
        let line = Check::ok(NAME, "demo venue: a throwaway key made for the embedded simulator");
        return (line, venue.creds.clone());
    }
    let (source, loaded) = match &args.key_file {
        Some(path) => (path.display().to_string(), Credentials::from_key_file(path).map(Some)),
        None => ("COINBASE_API_KEY".to_string(), Credentials::from_env()),
    };
    match loaded {
        Ok(Some(creds)) => {
            let mode = args.key_file.as_deref().and_then(file_mode).map(|m| format!("mode {m:04o}, "));
            let what =
                format!("{source}: {}{} key {}", mode.unwrap_or_default(), creds.key_type(), creds.name());
            (Check::ok(NAME, what), Some(Arc::new(creds)))
        }
        Ok(None) => {
            let d = diagnose(&ApiError::NoCredentials);
            (Check::found(NAME, Status::Fail, d.problem, d.fix), None)
        }
        Err(e) => (Check::found(NAME, Status::Fail, key_problem(&e), e.fix()), None),
    }
}

fn key_problem(e: &CredentialError) -> String {
    match e {
        CredentialError::InsecurePermissions { path, mode } => {
            format!("{} has mode {mode:04o}: other users can read the private key", path.display())
        }
        e => e.to_string(),
    }
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_: &Path) -> Option<u32> {
    None
}

/// `GET /time`: whether the REST API answers, and this computer's clock against the server's.
async fn clock_and_rest(venue: &Venue) -> [Check; 2] {
    let base = venue.rest.base().to_string();
    match venue.rest.sync_clock().await {
        Ok(offset_ms) => [Check::ok("rest", format!("{base} answered GET /time")), clock(offset_ms)],
        Err(e) => {
            let d = diagnose(&e);
            let skipped = "not measured: the REST API did not answer GET /time";
            let clock = Check { check: "clock", status: Status::Skip, message: skipped.into(), fix: None };
            [Check::found("rest", Status::Fail, format!("{base}: {}", d.problem), d.fix), clock]
        }
    }
}

fn clock(offset_ms: i64) -> Check {
    let skew = skew_words(offset_ms);
    match clock_trust(offset_ms) {
        ClockTrust::Good => Check::ok("clock", format!("this computer's clock is {skew} the exchange's")),
        ClockTrust::Skewed => {
            let what = format!("this computer's clock is {skew} the exchange's; signing corrects for it");
            Check::found("clock", Status::Warn, what, FIX_CLOCK)
        }
        ClockTrust::Untrusted => {
            let what = clock_refusal(Some(offset_ms)).unwrap_or(skew);
            Check::found("clock", Status::Fail, what, FIX_CLOCK)
        }
    }
}

/// Opens the market-data WebSocket and closes it.
async fn websocket(venue: &Venue) -> Check {
    let Some(url) = &venue.ws_market else {
        let fix = "pass --ws-url (the venue's WebSocket URL) to check it";
        return Check::found("websocket", Status::Skip, "no --ws-url given", fix);
    };
    match ws::probe(url, venue.rest.trusted_ca()).await {
        Ok(()) => Check::ok("websocket", format!("{url} accepted a connection")),
        Err(e) => {
            let fix = "check the WebSocket URL and this computer's network (proxy, firewall)";
            Check::found("websocket", Status::Fail, format!("{url}: {e}"), fix)
        }
    }
}

/// `GET /key_permissions`, signed with the key, on the clock measured above.
async fn permissions(venue: &Venue, creds: Option<Arc<Credentials>>) -> Check {
    const NAME: &str = "permissions";
    let Some(creds) = creds else {
        let message = "not checked: no usable key";
        return Check { check: NAME, status: Status::Skip, message: message.into(), fix: None };
    };
    let ca = venue.rest.trusted_ca().cloned();
    let signed = match RestClient::with_ca(venue.rest.base().clone(), Some(creds), venue.clock.clone(), ca) {
        Ok(client) => client,
        Err(e) => return Check::found(NAME, Status::Fail, e.to_string(), diagnose(&e).fix),
    };
    match signed.key_permissions().await {
        Ok(p) => {
            let rights = parse::key_rights(&p);
            match rights.concern() {
                None => Check::ok(NAME, rights.summary()),
                Some((concern, what, fix)) => {
                    let status = if concern == Concern::Fail { Status::Fail } else { Status::Warn };
                    Check::found(NAME, status, format!("{}: {what}", rights.summary()), fix)
                }
            }
        }
        Err(e) => {
            let d = diagnose(&e);
            Check::found(NAME, Status::Fail, d.problem, d.fix)
        }
    }
}
