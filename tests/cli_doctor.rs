//! `cbterm doctor` against the simulator on 127.0.0.1: a good key, a key the simulator does
//! not know, a key file other users can read, and a simulator whose clock runs 120 s ahead.
//! Each report line is compared whole (the measured clock offset masked).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::credentials::Credentials;
use common::Venue;

const FIX_CLOCK: &str =
    "set this computer's clock from the network (e.g. `timedatectl set-ntp true`) and retry";
const FIX_KEY: &str = "check that the key file's name is this key's full name (organizations/…/apiKeys/…) and \
    its privateKey belongs to it, that the key was not deleted, and that it is a CDP Secret API key (ECDSA or \
    Ed25519) from portal.cdp.coinbase.com, not a legacy key";

/// The report's lines, with the one clock offset (`12.3 s`) replaced by `N s`.
fn lines(stdout: &str) -> Vec<String> {
    stdout.lines().map(mask_offset).collect()
}

fn mask_offset(line: &str) -> String {
    let Some(start) = line.find(|c: char| c.is_ascii_digit()).filter(|_| line.contains("  clock  ")) else {
        return line.to_string();
    };
    let end = line[start..].find(" s ").map(|i| start + i).expect("an offset in seconds");
    format!("{}N{}", &line[..start], &line[end..])
}

async fn portfolio(venue: &Venue) -> String {
    venue.rest().key_permissions().await.unwrap().portfolio_uuid
}

fn common_lines(venue: &Venue) -> (String, String) {
    let rest = format!("OK    rest         {} answered GET /time", venue.sim.api_url);
    let ws = format!("OK    websocket    {} accepted a connection", venue.sim.ws_url);
    (rest, ws)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_good_key_passes_every_check() {
    let venue = Venue::live().await;
    let out = venue.cli(&["doctor"]).await;
    assert_eq!(out.code, 0, "{out:?}");
    let (rest, ws) = common_lines(&venue);
    let key = format!(
        "OK    key file     {}: mode 0600, ECDSA P-256 (ES256) key organizations/test/apiKeys/cli",
        venue.key_file.display()
    );
    let rights = format!("view yes, trade yes, transfer no; portfolio {} (DEFAULT)", portfolio(&venue).await);
    let clock = lines(&out.stdout)[2].clone();
    assert!(
        [
            "OK    clock        this computer's clock is N s ahead of the exchange's",
            "OK    clock        this computer's clock is N s behind the exchange's"
        ]
        .contains(&clock.as_str()),
        "{clock}"
    );
    assert_eq!(lines(&out.stdout), vec![key, rest, clock, ws, format!("OK    permissions  {rights}")]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_the_exchange_does_not_know_fails_with_the_fix() {
    let venue = Venue::live().await;
    let stranger = Credentials::generate_es256("organizations/test/apiKeys/stranger");
    let path = venue.dir.path().join("stranger.json");
    stranger.write_key_file(&path).unwrap();
    let mut args: Vec<String> = ["doctor"].iter().map(ToString::to_string).collect();
    args.extend(
        venue
            .flags()
            .into_iter()
            .map(|f| if f == venue.key_file.display().to_string() { path.display().to_string() } else { f }),
    );
    let out = common::run_binary(&args).await;
    assert_eq!(out.code, 1, "{out:?}");
    let report = lines(&out.stdout);
    assert_eq!(
        report[0],
        format!(
            "OK    key file     {}: mode 0600, ECDSA P-256 (ES256) key organizations/test/apiKeys/stranger",
            path.display()
        )
    );
    assert_eq!(
        report[4],
        format!(
            "FAIL  permissions  the exchange does not accept this key: HTTP 401: UNAUTHORIZED: Unauthorized: unknown API key; fix: {FIX_KEY}"
        )
    );
    assert_eq!(out.stderr.trim(), "error: doctor: 1 check(s) failed");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_key_file_others_can_read_fails_with_chmod_600() {
    use std::os::unix::fs::PermissionsExt as _;
    let venue = Venue::live().await;
    std::fs::set_permissions(&venue.key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = venue.cli(&["doctor"]).await;
    assert_eq!(out.code, 1, "{out:?}");
    let path = venue.key_file.display();
    let report = lines(&out.stdout);
    assert_eq!(
        report[0],
        format!(
            "FAIL  key file     {path} has mode 0644: other users can read the private key; fix: chmod 600 {path}"
        )
    );
    assert_eq!(report[4], "SKIP  permissions  not checked: no usable key");
    let json = venue.cli(&["doctor", "--json"]).await;
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("doctor --json is JSON");
    assert_eq!(
        parsed[0],
        serde_json::json!({
            "check": "key file",
            "status": "FAIL",
            "message": format!("{path} has mode 0644: other users can read the private key"),
            "fix": format!("chmod 600 {path}"),
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_skewed_clock_fails_with_the_fix_and_the_key_still_checks() {
    let venue = Venue::live().await;
    venue.admin_post("/faults", serde_json::json!({ "clock_skew_secs": 120 })).await;
    let out = venue.cli(&["doctor"]).await;
    assert_eq!(out.code, 1, "{out:?}");
    let report = lines(&out.stdout);
    assert_eq!(
        report[2],
        format!(
            "FAIL  clock        clock N s behind the exchange's: over 30 s, new orders refused; fix: {FIX_CLOCK}"
        )
    );
    let offset: f64 = out.stdout.lines().nth(2).unwrap()[25..].split(' ').next().unwrap().parse().unwrap();
    assert!((118.0..=121.0).contains(&offset), "{offset}");
    let rights = format!("view yes, trade yes, transfer no; portfolio {} (DEFAULT)", portfolio(&venue).await);
    assert_eq!(report[4], format!("OK    permissions  {rights}"));
}
