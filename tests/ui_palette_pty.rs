//! The command palette end to end: the compiled binary in a pseudo-terminal against the
//! simulator. A limit buy is said in one line (`:` then `buy 0.001 bt<Tab>@ PRICE`), reviewed on
//! the ticket's review card, which shows the simulator's own preview of it and the walk of the
//! book, confirmed with `y` and found open in the simulator; then
//! `cancel all BTC-USD` asks the cancel-all question for that product and `y` cancels it, which
//! the simulator confirms. With `--dry-run` the same line stops at the preview: `y` sends
//! nothing, and the simulator's request log has the preview and no create-order request.
//! Every wait polls the screen with a deadline ([`pty::WAIT`]).

mod pty;

use std::sync::Arc;

use cbterm::coinbase::jwt::Clock;
use cbterm::coinbase::rest::RestClient;
use cbterm::credentials::Credentials;
use cbterm::domain::OrderStatus;
use portable_pty::CommandBuilder;
use pty::Pty;
use rust_decimal::Decimal;

fn btc_last(screen: &str) -> Option<Decimal> {
    let row = screen.lines().find(|l| l.starts_with("│BTC-USD"))?;
    row.split_whitespace().nth(1)?.parse().ok()
}

fn accepted_id(screen: &str) -> Option<String> {
    let rest = &screen[screen.find("order accepted: ")? + "order accepted: ".len()..];
    Some(rest.split_whitespace().next()?.to_string())
}

fn open_orders_count(screen: &str) -> Option<String> {
    let rest = &screen[screen.find("Open orders ")? + "Open orders ".len()..];
    Some(rest.split_whitespace().next()?.to_string())
}

#[test]
fn place_and_cancel_through_the_palette_against_the_simulator() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(cbterm::sim::start(cbterm::sim::SimConfig::default())).expect("simulator");
    let creds = Credentials::generate_es256("organizations/test/apiKeys/palette");
    sim.register_key(creds.name(), &creds.public_key());
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("key.json");
    creds.write_key_file(&key).expect("key file");
    let rest = RestClient::new(sim.api_url.clone(), Some(Arc::new(creds)), Clock::new()).expect("rest");
    let status = |id: &str| runtime.block_on(rest.get_order(id)).expect("order in the simulator").status;

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    let key = key.display().to_string();
    cmd.args(["--api-url", sim.api_url.as_str(), "--ws-url", sim.ws_url.as_str(), "--key-file", &key]);
    let mut pty = Pty::spawn_in(cmd, dir.path());
    let live = |s: &str| btc_last(s).is_some() && s.contains("market Live") && s.contains("user Live");
    pty.wait_for("live prices", live);
    pty.wait_for("balances", |s| s.lines().any(|l| l.starts_with("│USD ")));
    let price = (btc_last(&pty.screen()).expect("last price") * Decimal::new(97, 2)).floor();

    pty.send(":");
    pty.wait_for("the palette", |s| s.contains("╭ Command") && s.contains("│: ▏"));
    pty.send("buy 0.001 bt\t");
    pty.wait_for("the product completed", |s| s.contains("│: buy 0.001 BTC-USD ▏"));
    pty.send(&format!("@ {price}"));
    let preview = format!("✓ BUY 0.001 BTC of BTC-USD at a limit of {price} USD · Enter reviews it");
    pty.wait_for("the order previewed under the line", |s| s.contains(&preview));
    pty.send("\r");
    let card = pty.wait_for("the armed review card", |s| s.contains("to send this order"));
    assert!(card.contains(&format!("BUY 0.001 BTC of BTC-USD at a limit of {price} USD")), "{card}");
    // A buy 3 % under the market rests whole: the exchange's average is its limit.
    let exchange = format!("Exchange      avg {price}.00 · fees ");
    let card = pty.wait_for("the simulator's preview on the card", |s| s.contains(&exchange));
    assert!(card.contains(&format!("Book now      fills now: 0; rests: 0.001 at {price}.00")), "{card}");
    assert!(card.contains(&format!("Outcome       rests on the book at {price}.00")), "{card}");
    pty.send("y");
    let screen = pty.wait_for("acceptance", |s| accepted_id(s).is_some());
    let order_id = accepted_id(&screen).expect("order id");
    pty.wait_for("the order in Open orders", |s| open_orders_count(s).as_deref() == Some("1"));
    assert_eq!(status(&order_id), OrderStatus::Open);

    pty.send(":cancel all BTC-USD");
    pty.wait_for("the cancel previewed", |s| s.contains("✓ ask to cancel 1 open BTC-USD order(s)"));
    pty.send("\r");
    pty.wait_for("the cancel-all question for BTC-USD", |s| s.contains("Cancel all 1 open BTC-USD order?"));
    pty.send("y");
    pty.wait_for("the order leaving Open orders", |s| open_orders_count(s).as_deref() == Some("0"));
    assert_eq!(status(&order_id), OrderStatus::Cancelled);

    pty.send(":");
    pty.wait_for("the palette again", |s| s.contains("│: ▏"));
    pty.send("\x1b[A");
    pty.wait_for("the last command recalled with ↑", |s| s.contains("│: cancel all BTC-USD▏"));
    pty.send("\x1b");
    pty.wait_for("the palette closed", |s| !s.contains("╭ Command"));
    pty.send("q");
    let exit = pty.finish();
    assert!(exit.success(), "exit status {exit:?}");
}

/// The simulator's log of authenticated REST requests (`METHOD /path`).
fn requests(runtime: &tokio::runtime::Runtime, sim: &cbterm::sim::SimHandle) -> Vec<String> {
    let url = format!("{}/requests", sim.admin_url);
    runtime.block_on(async { reqwest::get(url).await.expect("admin").json().await.expect("json") })
}

#[test]
fn dry_run_stops_the_palettes_order_at_the_preview() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = runtime.block_on(cbterm::sim::start(cbterm::sim::SimConfig::default())).expect("simulator");
    let creds = Credentials::generate_es256("organizations/test/apiKeys/dry");
    sim.register_key(creds.name(), &creds.public_key());
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("key.json");
    creds.write_key_file(&key).expect("key file");

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    let key = key.display().to_string();
    cmd.args([
        "--dry-run",
        "--api-url",
        sim.api_url.as_str(),
        "--ws-url",
        sim.ws_url.as_str(),
        "--key-file",
        &key,
    ]);
    let mut pty = Pty::spawn_in(cmd, dir.path());
    let live = |s: &str| btc_last(s).is_some() && s.contains("market Live") && s.contains("user Live");
    let screen = pty.wait_for("live prices", live);
    assert!(screen.contains(" DRY-RUN "), "the status bar says DRY-RUN:\n{screen}");
    pty.wait_for("balances", |s| s.lines().any(|l| l.starts_with("│USD ")));
    let price = (btc_last(&pty.screen()).expect("last price") * Decimal::new(97, 2)).floor();

    pty.send(&format!(":buy 0.001 BTC-USD @ {price}"));
    pty.wait_for("the order previewed under the line", |s| s.contains("Enter reviews it"));
    pty.send("\r");
    let exchange = format!("Exchange      avg {price}.00 · fees ");
    let card = pty.wait_for("the preview on the armed card", |s| {
        s.contains(&exchange) && s.contains("DRY-RUN: nothing")
    });
    assert!(card.contains("Press y to close (DRY-RUN: nothing is sent)"), "{card}");
    pty.send("y");
    pty.wait_for("the dry-run notice", |s| s.contains("dry-run: BUY BTC-USD order not sent"));

    let log = requests(&runtime, &sim);
    assert!(log.iter().any(|r| r == "POST /api/v3/brokerage/orders/preview"), "{log:?}");
    assert!(!log.iter().any(|r| r == "POST /api/v3/brokerage/orders"), "no create-order request: {log:?}");
    let url = format!("{}/orders?user={}", sim.admin_url, creds.name());
    let orders: Vec<serde_json::Value> =
        runtime.block_on(async { reqwest::get(url).await.expect("admin").json().await.expect("json") });
    assert!(orders.is_empty(), "{orders:?}");
    pty.send("q");
    let exit = pty.finish();
    assert!(exit.success(), "exit status {exit:?}");
}
