//! The simulator process (`cbterm sim --manual --wide`) and its admin routes, over plain
//! HTTP/1.1 on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use cbterm::sim::flood::{FloodReport, FloodSpec};

/// A running `cbterm sim`; killed when dropped.
pub struct Sim {
    child: Child,
    /// REST base.
    pub api_url: String,
    /// WebSocket URL.
    pub ws_url: String,
    /// `host:port` of the admin routes.
    authority: String,
}

impl Sim {
    /// Starts the simulator with ten products and a still market, writing a key to `key`.
    pub fn start(key: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cbterm"))
            .args(["sim", "--manual", "--wide", "--write-key"])
            .arg(key)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the simulator starts");
        let stdout = child.stdout.take().expect("its stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("its URLs");
        let urls: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
        let field = |name: &str| urls[name].as_str().expect("a URL").to_string();
        let admin = url::Url::parse(&field("admin_url")).expect("an admin URL");
        let authority = format!("{}:{}", admin.host_str().unwrap_or("127.0.0.1"), admin.port().unwrap_or(80));
        Self { child, api_url: field("api_url"), ws_url: field("ws_url"), authority }
    }

    /// The simulator's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Starts (or, with rate 0, stops) the flood.
    pub fn flood(&self, rate: u32) {
        let spec = FloodSpec { rate, updates: 8, products: Vec::new() };
        let body = serde_json::to_string(&spec).expect("a body");
        self.request("POST", "/admin/flood", &body);
    }

    /// What the flood did.
    pub fn report(&self) -> FloodReport {
        serde_json::from_str(&self.request("GET", "/admin/flood", "")).expect("a flood report")
    }

    fn request(&self, method: &str, path: &str, body: &str) -> String {
        let mut stream = TcpStream::connect(&self.authority).expect("the admin port");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.authority,
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("a request");
        stream.write_all(body.as_bytes()).expect("a request body");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("an answer");
        let (status, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
        assert!(status.starts_with("HTTP/1.1 200"), "{method} {path}: {status}\n{body}");
        body.to_string()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
