//! The release dashboard on a pseudo-terminal, and a thread that reads its output into a
//! vt100 screen and reports every change of a watchlist row's price or of the selected row,
//! timestamped when the bytes that made it arrived.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Instant, SystemTime};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Terminal size of the run.
pub const ROWS: u16 = 48;
/// Terminal width of the run.
pub const COLS: u16 = 160;

/// Something that changed on screen.
#[derive(Debug, Clone)]
pub enum Seen {
    /// A product's last price in the watchlist now reads `price`.
    Price { product: usize, price: String, wall: SystemTime, at: Instant },
    /// The selected watchlist row is now this product's.
    Selected { product: usize, at: Instant },
}

/// The dashboard process; killed when dropped.
pub struct Dashboard {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    /// Changes on screen, in order.
    pub seen: mpsc::Receiver<Seen>,
}

impl Dashboard {
    /// Starts `cbterm` with `args` on a [`COLS`]×[`ROWS`] terminal, watching `products`' rows.
    pub fn start(args: &[String], products: &[String], state: &Path) -> Self {
        let size = PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 };
        let pair = native_pty_system().openpty(size).expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", state);
        let child = pair.slave.spawn_command(cmd).expect("the dashboard starts");
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let (tx, seen) = mpsc::channel();
        let names = products.to_vec();
        std::thread::spawn(move || watch(reader, &names, &tx));
        Self { child, writer, _master: pair.master, seen }
    }

    /// The dashboard's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// Types `key`.
    pub fn press(&mut self, key: &str) {
        self.writer.write_all(key.as_bytes()).expect("a key");
        self.writer.flush().expect("a key sent");
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One product's row as last seen: its price and whether it was selected.
#[derive(Debug, Clone, Default, PartialEq)]
struct Row {
    price: Option<String>,
    selected: bool,
}

fn watch(mut reader: Box<dyn Read + Send>, products: &[String], tx: &mpsc::Sender<Seen>) {
    let mut parser = vt100::Parser::new(ROWS, COLS, 0);
    let mut last = vec![Row::default(); products.len()];
    let needles: Vec<String> = products.iter().map(|p| format!("│{p} ")).collect();
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            return;
        }
        parser.process(&buf[..n]);
        let (at, wall) = (Instant::now(), SystemTime::now());
        let rows = rows(parser.screen(), &needles);
        for (product, (row, before)) in rows.into_iter().zip(&mut last).enumerate() {
            if row.price != before.price
                && let Some(price) = row.price.clone()
            {
                let _ = tx.send(Seen::Price { product, price, wall, at });
            }
            if row.selected && !before.selected {
                let _ = tx.send(Seen::Selected { product, at });
            }
            *before = row;
        }
    }
}

/// Each product's watchlist row: the first line with `│PRODUCT `, the token after it.
fn rows(screen: &vt100::Screen, needles: &[String]) -> Vec<Row> {
    let mut found = vec![Row::default(); needles.len()];
    let mut done = vec![false; needles.len()];
    for (r, line) in screen.rows(0, COLS).enumerate() {
        for (i, needle) in needles.iter().enumerate() {
            let Some(at) = line.find(needle.as_str()).filter(|_| !done[i]) else { continue };
            done[i] = true;
            let token = line[at + needle.len()..].split_whitespace().next().unwrap_or_default();
            let is_price = token.contains('.') && token.chars().all(|c| c.is_ascii_digit() || c == '.');
            let col = line[..at].chars().count() + 1;
            let selected = screen.cell(r as u16, col as u16).is_some_and(vt100::Cell::inverse);
            found[i] = Row { price: is_price.then(|| token.to_string()), selected };
        }
    }
    found
}
