//! End to end in a pseudo-terminal against the simulator: the watchlist moves, a limit buy is
//! placed through the ticket and review card, shows in Open orders and in the simulator, `+`
//! and `y` move it up one tick (same id, the new price on screen and in the simulator), `c`
//! cancels it (the simulator agrees), `h` shows it in Order history, and `q` exits with the
//! terminal restored.
//!
//! The dashboard runs in a child process attached to a PTY (portable-pty) whose output is
//! parsed by a terminal emulator (vt100). Synchronisation is by polling the screen for
//! expected text, never by fixed sleeps.

mod pty;

use std::path::Path;
use std::sync::Arc;

use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::rest::RestClient;
use cbterm::credentials::Credentials;
use cbterm::domain::{OrderRecord, OrderStatus};
use portable_pty::CommandBuilder;
use pty::Pty;
use rust_decimal::Decimal;

const CHILD_ENV: &str = "CBTERM_PTY_CHILD";

/// The BTC-USD watchlist row.
fn btc_row(screen: &str) -> Option<String> {
    screen.lines().find(|l| l.starts_with("│BTC-USD")).map(str::to_string)
}

fn btc_last(screen: &str) -> Option<Decimal> {
    btc_row(screen)?.split_whitespace().nth(1)?.parse().ok()
}

fn accepted_id(screen: &str) -> Option<String> {
    let rest = &screen[screen.find("order accepted: ")? + "order accepted: ".len()..];
    Some(rest.split_whitespace().next()?.to_string())
}

fn open_orders_count(screen: &str) -> Option<String> {
    let rest = &screen[screen.find("Open orders ")? + "Open orders ".len()..];
    Some(rest.split_whitespace().next()?.to_string())
}

/// How the test looks at the simulator's side.
struct SimView {
    rest: RestClient,
    runtime: tokio::runtime::Handle,
}

impl SimView {
    fn status(&self, order_id: &str) -> OrderStatus {
        self.record(order_id).status
    }

    fn record(&self, order_id: &str) -> OrderRecord {
        let order = self.runtime.block_on(self.rest.get_order(order_id)).expect("order in the simulator");
        cbterm::coinbase::parse::order(&order)
    }
}

/// The scenario of the issue, driven by keys.
fn drive(mut pty: Pty, sim: Option<&SimView>) {
    let live = |s: &str| btc_last(s).is_some() && s.contains("market Live") && s.contains("user Live");
    let screen = pty.wait_for("live prices", live);
    let first = btc_row(&screen);
    pty.wait_for("a price change", |s| btc_row(s).is_some() && btc_row(s) != first);
    pty.wait_for("balances", |s| s.lines().any(|l| l.starts_with("│USD ")));
    let last = btc_last(&pty.screen()).expect("last price");
    let price = (last * Decimal::new(97, 2)).floor();
    pty.send("b");
    pty.wait_for("the ticket", |s| s.contains("Order ticket"));
    pty.send(&price.to_string());
    pty.send("\t0.001");
    pty.wait_for("a valid ticket", |s| s.contains("ready to review"));
    pty.send("\r");
    pty.send("\r");
    let screen = pty.wait_for("the armed review card", |s| s.contains("to send this order"));
    assert!(screen.contains(&format!("BUY 0.001 BTC of BTC-USD at a limit of {price} USD")), "{screen}");
    pty.send("y");
    let screen = pty.wait_for("acceptance", |s| accepted_id(s).is_some());
    let order_id = accepted_id(&screen).expect("order id");
    pty.wait_for("the order in Open orders", |s| {
        s.lines().any(|l| {
            let words = l.split_whitespace().collect::<Vec<_>>().join(" ");
            words.contains("BTC-USD BUY") && words.contains(&price.to_string()) && words.contains("OPEN")
        })
    });
    let placed = sim.map(|sim| sim.record(&order_id));
    if let Some(placed) = &placed {
        assert_eq!(placed.status, OrderStatus::Open);
    }
    let short = order_id.get(..8).unwrap_or(&order_id).to_string();
    let price = nudge(&mut pty, price, &short);
    if let (Some(sim), Some(placed)) = (sim, placed) {
        let moved = OrderRecord { limit_price: Some(price), ..placed };
        assert_eq!(sim.record(&order_id), moved, "same order, one tick higher, in the simulator");
    }
    pty.send("c");
    let question = format!("cancel BUY 0.001 BTC-USD @ {price:.2} (id {short})? c or y to confirm");
    pty.wait_for("the cancel question naming the order", |s| s.contains(&question));
    pty.send("c");
    pty.wait_for("the order leaving Open orders", |s| open_orders_count(s).as_deref() == Some("0"));
    if let Some(sim) = sim {
        assert_eq!(sim.status(&order_id), OrderStatus::Cancelled);
    }
    pty.send("h");
    let done = format!("BTC-USD BUY LMT 0/0.001 {price:.2} - 0.00 CANCELLED");
    pty.wait_for("the cancelled order in Order history", |s| {
        s.contains("Order history 1")
            && s.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ").contains(&done))
    });
    pty.send("q");
    let status = pty.finish();
    assert!(status.success(), "exit status {status:?}");
}

/// `+` on the selected order, the question naming it and its target, `y`, and the new price
/// in Open orders (the row keeps the order's id); returns the new price.
fn nudge(pty: &mut Pty, price: Decimal, short: &str) -> Decimal {
    let target = price + Decimal::new(1, 2);
    pty.send("+");
    let question =
        format!("move BUY 0.001 BTC-USD @ {price:.2} (id {short}) → {target:.2} (+1 tick)? y to confirm");
    pty.wait_for("the nudge question", |s| s.contains(&question));
    pty.send("y");
    pty.wait_for("the edit accepted", |s| {
        s.contains(&format!("edit of {short} accepted: price {target:.2}"))
    });
    pty.wait_for("the new price in Open orders", |s| {
        s.lines().any(|l| {
            let words = l.split_whitespace().collect::<Vec<_>>().join(" ");
            words.contains("BTC-USD BUY") && words.contains(&format!("{target:.2}")) && words.contains("OPEN")
        })
    });
    target
}

struct Venue {
    sim: cbterm::sim::SimHandle,
    key_file: tempfile::TempDir,
    view: SimView,
}

fn start_venue(runtime: &tokio::runtime::Runtime) -> Venue {
    let sim = runtime.block_on(cbterm::sim::start(cbterm::sim::SimConfig::default())).expect("simulator");
    let creds = Credentials::generate_es256("organizations/test/apiKeys/pty");
    sim.register_key(creds.name(), &creds.public_key());
    let key_file = tempfile::tempdir().expect("tempdir");
    creds.write_key_file(&key_file.path().join("key.json")).expect("key file");
    let rest = RestClient::new(sim.api_url.clone(), Some(Arc::new(creds)), Clock::new()).expect("rest");
    let view = SimView { rest, runtime: runtime.handle().clone() };
    Venue { sim, key_file, view }
}

fn key_path(dir: &Path) -> String {
    dir.join("key.json").display().to_string()
}

/// Runs `cbterm::runtime::run` in a child process (this test binary, re-executed) on a PTY.
#[test]
fn dashboard_in_a_pty_against_the_simulator() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = start_venue(&runtime);
    let mut cmd = CommandBuilder::new(std::env::current_exe().expect("test binary"));
    cmd.args(["--exact", "pty_child", "--ignored", "--nocapture", "--test-threads=1"]);
    cmd.env(CHILD_ENV, "1");
    cmd.env("CBTERM_TEST_API_URL", venue.sim.api_url.as_str());
    cmd.env("CBTERM_TEST_WS_URL", venue.sim.ws_url.as_str());
    cmd.env("CBTERM_TEST_KEY_FILE", key_path(venue.key_file.path()));
    drive(Pty::spawn(cmd), Some(&venue.view));
}

/// The compiled binary on a custom venue (the test's simulator), with simulator-side checks.
#[test]
fn binary_against_the_simulator() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = start_venue(&runtime);
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    let key = key_path(venue.key_file.path());
    cmd.args([
        "--api-url",
        venue.sim.api_url.as_str(),
        "--ws-url",
        venue.sim.ws_url.as_str(),
        "--key-file",
        &key,
    ]);
    drive(Pty::spawn(cmd), Some(&venue.view));
}

/// Issue 8, item 7: the whole session above — products, accounts, the `user` subscription,
/// place, cancel — at trace level, then the log is scanned for secrets: PEM markers, `Bearer `,
/// JWT-shaped strings, any line of the private key's body; and for raw control characters.
#[test]
fn binary_at_trace_level_logs_no_secret() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = start_venue(&runtime);
    let state = tempfile::tempdir().expect("state dir");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    let key = key_path(venue.key_file.path());
    cmd.env("XDG_STATE_HOME", state.path());
    cmd.args(["--api-url", venue.sim.api_url.as_str(), "--ws-url", venue.sim.ws_url.as_str()]);
    cmd.args(["--key-file", &key, "--log-level", "trace"]);
    drive(Pty::spawn(cmd), Some(&venue.view));
    let log = std::fs::read_to_string(state.path().join("cbterm/cbterm.log")).expect("the log");
    for line in ["order accepted", "cancel requested", "TRACE", "request answered"] {
        assert!(log.contains(line), "the session is in the log at trace level ({line:?}):\n{log}");
    }
    assert!(!log.contains("-----BEGIN"), "a PEM marker in the log");
    assert!(!log.contains("Bearer "), "a bearer token in the log");
    assert_eq!(jwt_shaped(&log), None, "a JWT in the log");
    for line in private_key_body(Path::new(&key)) {
        assert!(!log.contains(&line), "a line of the private key in the log");
    }
    assert!(!log.chars().any(|c| c != '\n' && cbterm::inert::is_control(c)), "a raw control in the log");
}

/// The first `eyJ…​.….…` (three base64url segments) in `text`.
fn jwt_shaped(text: &str) -> Option<&str> {
    let segment =
        |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(s.len());
    text.match_indices("eyJ").find_map(|(start, _)| {
        let mut end = start;
        for part in 0..3 {
            let len = segment(&text[end..]);
            if len == 0 {
                return None;
            }
            end += len;
            if part < 2 {
                text[end..].starts_with('.').then_some(())?;
                end += 1;
            }
        }
        Some(&text[start..end])
    })
}

/// The base64 lines of the PEM private key in a key file.
fn private_key_body(key_file: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(key_file).expect("key file")).expect("json");
    let pem = json["privateKey"].as_str().expect("privateKey");
    let body: Vec<String> = pem
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .map(str::to_string)
        .collect();
    assert!(!body.is_empty(), "the key has a body");
    body
}

#[test]
fn jwt_shapes_are_recognised() {
    assert_eq!(jwt_shaped("x eyJhbGciOi.eyJzdWIi.c2ln-_x y"), Some("eyJhbGciOi.eyJzdWIi.c2ln-_x"));
    assert_eq!(jwt_shaped("eyJhbGciOi.eyJzdWIi"), None, "two segments");
    assert_eq!(jwt_shaped("eyJ..x"), None, "an empty segment");
}

/// The compiled binary with no flags, as the README's first command runs it: the demo on the
/// embedded simulator.
#[test]
fn binary_demo() {
    let cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    drive(Pty::spawn(cmd), None);
}

/// The child side of [`dashboard_in_a_pty_against_the_simulator`]; does nothing unless run by it.
#[test]
#[ignore = "run by dashboard_in_a_pty_against_the_simulator in a PTY"]
fn pty_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let env = |k: &str| std::env::var(k).expect(k);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let creds = Arc::new(Credentials::from_key_file(Path::new(&env("CBTERM_TEST_KEY_FILE"))).expect("key"));
    let clock = Clock::new();
    let api: url::Url = env("CBTERM_TEST_API_URL").parse().expect("api url");
    let ws: url::Url = env("CBTERM_TEST_WS_URL").parse().expect("ws url");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let config = cbterm::runtime::DashboardConfig {
        rest: RestClient::new(api, Some(creds.clone()), clock.clone()).expect("rest"),
        market_ws: ws.clone(),
        user_ws: ws,
        creds: Some(creds),
        clock,
        venue_label: cbterm::app::VenueLabel::Demo,
        products: vec![],
        keymap: cbterm::app::keymap::Keymap::builtin().expect("the embedded keymap parses"),
        journal: cbterm::runtime::JournalLocation::InMemory,
        alerts: cbterm::runtime::alerts_file::AlertsLocation::InMemory,
        dry_run: false,
        record: None,
        preferences: cbterm::runtime::Preferences::default(),
    };
    runtime.block_on(cbterm::runtime::run(config)).expect("dashboard ran");
}
