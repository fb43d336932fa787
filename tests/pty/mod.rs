//! A child process on a pseudo-terminal whose output a terminal emulator (vt100) parses, for
//! end-to-end tests of the dashboard. Synchronisation is by polling the screen for expected
//! text with a deadline, never by fixed sleeps.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 48;
pub const COLS: u16 = 160;
/// What a terminal is sent to start reporting mouse presses (crossterm's EnableMouseCapture
/// starts with it), and to stop.
pub const MOUSE_ON: &[u8] = b"\x1b[?1000h";
pub const MOUSE_OFF: &[u8] = b"\x1b[?1000l";
/// The longest any single wait may take.
pub const WAIT: Duration = Duration::from_secs(30);

/// A child on a PTY, its screen as a terminal would show it, and the keys it is sent.
pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    reader: std::thread::JoinHandle<()>,
    master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// Spawns `cmd` with the XDG state directory it names, or the shared test one.
    pub fn spawn(cmd: CommandBuilder) -> Self {
        let state = cmd
            .get_env("XDG_STATE_HOME")
            .map_or_else(|| std::env::temp_dir().join("cbterm-test-state"), std::path::PathBuf::from);
        Self::spawn_in(cmd, &state)
    }

    /// Spawns `cmd` with `state` as its XDG state directory (log and order journal), and its
    /// XDG config directory (alerts) under it unless `cmd` names one: never the real home.
    pub fn spawn_in(mut cmd: CommandBuilder, state: &std::path::Path) -> Self {
        if cmd.get_env("XDG_CONFIG_HOME").is_none() {
            cmd.env("XDG_CONFIG_HOME", state.join("config"));
        }
        let size = PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 };
        let pair = native_pty_system().openpty(size).expect("openpty");
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", state);
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let sink = parser.clone();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = raw.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw_sink.lock().expect("raw output").extend_from_slice(&buf[..n]);
                sink.lock().expect("parser").process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("writer");
        Self { parser, raw, writer, child, reader, master: pair.master }
    }

    /// Every byte the child wrote so far, as the terminal received it.
    pub fn output(&self) -> Vec<u8> {
        self.raw.lock().expect("raw output").clone()
    }

    /// The background colour of the cell at `row`, `col` of the screen.
    pub fn bg(&self, row: u16, col: u16) -> Option<vt100::Color> {
        self.parser.lock().expect("parser").screen().cell(row, col).map(vt100::Cell::bgcolor)
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Polls the screen until `pred` holds; panics with the screen after [`WAIT`].
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush");
    }

    /// The child's exit status, polled until [`WAIT`]; a child still running then is killed
    /// and the test fails.
    pub fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!("the child did not exit within {WAIT:?}; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the terminal is in raw mode (no line editing, no echo), read from the PTY.
    pub fn raw_mode(&self) -> bool {
        let termios = self.master.get_termios().expect("termios of the pty");
        !termios.local_flags.intersects(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    /// Waits for the child to exit and for its last output, then checks that the terminal is
    /// restored: raw mode off, alternate screen left, cursor shown. Returns the exit status.
    pub fn finish(self) -> ExitStatus {
        self.finish_with_output().0
    }

    /// [`Pty::finish`], also checking that the mouse, if it was captured, was released last;
    /// returns every byte the child wrote too.
    pub fn finish_with_output(mut self) -> (ExitStatus, Vec<u8>) {
        let status = self.exit_status();
        assert!(!self.raw_mode(), "raw mode off");
        self.reader.join().expect("the reader saw the end of the output");
        let parser = self.parser.lock().expect("parser");
        assert!(!parser.screen().alternate_screen(), "alternate screen left");
        assert!(!parser.screen().hide_cursor(), "cursor shown again");
        let output = self.raw.lock().expect("raw output").clone();
        let last = |needle: &[u8]| output.windows(needle.len()).rposition(|w| w == needle);
        if let Some(on) = last(MOUSE_ON) {
            assert!(last(MOUSE_OFF).is_some_and(|off| off > on), "mouse capture released");
        }
        (status, output)
    }
}
