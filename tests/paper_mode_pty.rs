//! `--paper` end to end: the compiled dashboard on a PTY against a simulator with a key. It
//! says PAPER, takes orders by keys (a resting buy, a crossing buy, then cancel-all), fills
//! them locally against the simulator's live book, keeps the account in its file, and no
//! order or account request reaches the simulator (its request log and order list say so).

mod common;
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Venue;
use portable_pty::CommandBuilder;
use pty::{Pty, WAIT};
use rust_decimal::Decimal;

fn dashboard(venue: &Venue, state: &Path) -> Pty {
    dashboard_with(venue.flags(), &[], state)
}

fn dashboard_with(venue_flags: Vec<String>, extra: &[&str], state: &Path) -> Pty {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.args(venue_flags);
    cmd.args(["--paper", "--products", "BTC-USD"]);
    cmd.args(extra);
    cmd.env_remove("COINBASE_API_KEY");
    cmd.env_remove("COINBASE_API_SECRET");
    Pty::spawn_in(cmd, state)
}

fn btc_last(screen: &str) -> Option<Decimal> {
    let row = screen.lines().find(|l| l.starts_with("│BTC-USD"))?;
    row.split_whitespace().nth(1)?.parse().ok()
}

/// Opens a limit buy ticket at `price` for `size` BTC and confirms it by keys.
fn buy_by_keys(pty: &mut Pty, price: Decimal, size: &str) {
    pty.send("b");
    pty.wait_for("the ticket", |s| s.contains("Order ticket"));
    pty.send(&price.to_string());
    pty.send(&format!("\t{size}"));
    pty.wait_for("a valid ticket", |s| s.contains("ready to review"));
    pty.send("\r");
    pty.send("\r");
    pty.wait_for("the armed review card", |s| s.contains("to send this order"));
    pty.send("y");
    pty.wait_for("the ticket closed", |s| !s.contains("Order ticket"));
}

fn open_row(screen: &str, price: Decimal) -> bool {
    screen.lines().any(|l| {
        let words = l.split_whitespace().collect::<Vec<_>>().join(" ");
        words.contains("BTC-USD BUY") && words.contains(&price.to_string()) && words.contains("OPEN")
    })
}

/// The paper account file of the simulator's venue, once it holds `pred`.
fn account(path: &Path, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
            && pred(&value)
        {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for the paper account file:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn balance(account: &serde_json::Value, currency: &str) -> Decimal {
    let balances = account["balances"].as_array().cloned().unwrap_or_default();
    let found = balances.iter().find(|b| b["currency"] == currency);
    found.and_then(|b| b["amount"].as_str()).map_or(Decimal::ZERO, |a| a.parse().expect("amount"))
}

fn paper_file(venue: &Venue, state: &Path) -> std::path::PathBuf {
    let host = venue.sim.api_url.host_str().expect("host").to_string();
    let port = venue.sim.api_url.port().expect("port");
    state.join("cbterm").join(format!("paper-custom-{host}_{port}.json"))
}

#[test]
fn paper_orders_fill_locally_persist_and_never_reach_the_exchange() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(Venue::live());
    let state = tempfile::tempdir().expect("state dir");
    let file = paper_file(&venue, state.path());

    let mut pty = dashboard(&venue, state.path());
    let ready = |s: &str| s.contains(" PAPER ") && btc_last(s).is_some() && s.contains("user Live");
    let screen = pty.wait_for("paper mode with live prices", ready);
    let last = btc_last(&screen).expect("last");
    let resting = (last * Decimal::new(97, 2)).floor();
    buy_by_keys(&mut pty, resting, "0.001");
    pty.wait_for("the resting buy in Open orders", |s| open_row(s, resting));
    let crossing = (last * Decimal::new(101, 2)).floor();
    buy_by_keys(&mut pty, crossing, "0.002");
    let filled = account(&file, |a| balance(a, "BTC") >= Decimal::new(2, 3));
    assert!(balance(&filled, "USD") < Decimal::from(10_000), "{filled}");

    pty.send("C");
    pty.wait_for("the cancel-all question", |s| s.contains("Cancel all 1 open"));
    pty.send("y");
    account(&file, |a| a["open_orders"].as_array().is_some_and(Vec::is_empty));
    pty.send("q");
    assert!(pty.finish().success());

    let log: Vec<String> =
        serde_json::from_value(runtime.block_on(venue.admin_get("/requests"))).expect("log");
    let reached: Vec<&String> = log
        .iter()
        .filter(|r| r.contains("/orders") || r.contains("/accounts") || r.contains("/fills"))
        .collect();
    assert!(reached.is_empty(), "order or account requests reached the simulator: {reached:?}\n{log:?}");
    assert!(runtime.block_on(venue.sim_orders()).is_empty(), "the simulator has no order");
}

#[test]
fn without_a_key_paper_trading_runs_on_public_market_data_and_reset_starts_over() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let venue = runtime.block_on(Venue::live());
    let state = tempfile::tempdir().expect("state dir");
    let file = paper_file(&venue, state.path());
    std::fs::create_dir_all(file.parent().expect("dir")).expect("dir");
    std::fs::write(&file, "not json").expect("corrupt file");
    let flags = vec![
        "--api-url".to_string(),
        venue.sim.api_url.to_string(),
        "--ws-url".to_string(),
        venue.sim.ws_url.to_string(),
    ];
    let recording = state.path().join("paper.zst");
    let record_flag = recording.to_str().expect("utf-8 path");
    let mut pty = dashboard_with(flags, &["--paper-reset", "--record", record_flag], state.path());
    let ready = |s: &str| s.contains(" PAPER ") && btc_last(s).is_some() && s.contains("user Live");
    let screen = pty.wait_for("paper mode with public prices", ready);
    let fresh = account(&file, |a| a["open_orders"].as_array().is_some_and(Vec::is_empty));
    assert_eq!((balance(&fresh, "USD"), balance(&fresh, "BTC")), (Decimal::from(10_000), Decimal::ZERO));
    let crossing = (btc_last(&screen).expect("last") * Decimal::new(101, 2)).floor();
    buy_by_keys(&mut pty, crossing, "0.001");
    let filled = account(&file, |a| balance(a, "BTC") == Decimal::new(1, 3));
    assert!(balance(&filled, "USD") < Decimal::from(10_000), "{filled}");
    pty.send("q");
    assert!(pty.finish().success());
    assert!(runtime.block_on(venue.sim_orders()).is_empty(), "the simulator has no order");
    assert_paper_order_recorded(&recording, crossing);
}

/// The recording holds the paper buy as the request the real venue would have got, and the
/// paper venue's acceptance marked `paper:`.
fn assert_paper_order_recorded(path: &Path, price: Decimal) {
    use cbterm::runtime::record::{Entry, OrderAction, OrderLine, Outcome, RecordReader};
    let orders: Vec<OrderLine> = RecordReader::open(path)
        .expect("recording")
        .filter_map(|line| match line.expect("line").entry {
            Entry::Order(order) => Some(order),
            _ => None,
        })
        .collect();
    let [
        OrderLine::Request { action: OrderAction::Place, body },
        OrderLine::Answer { of, result, detail, .. },
    ] = orders.as_slice()
    else {
        panic!("one paper place and its answer: {orders:?}");
    };
    let body: serde_json::Value = serde_json::from_str(body.get()).expect("body");
    let limit = &body["order_configuration"]["limit_limit_gtc"];
    assert_eq!(
        (&body["product_id"], &body["side"], &limit["base_size"], &limit["limit_price"]),
        (
            &serde_json::json!("BTC-USD"),
            &serde_json::json!("BUY"),
            &serde_json::json!("0.001"),
            &serde_json::json!(price.to_string())
        ),
        "{body}"
    );
    assert_eq!((of, result), (&OrderAction::Place, &Outcome::Accepted));
    assert!(detail.starts_with("paper: order id "), "{detail}");
}
