//! `ajuda serve` started by a test: its port, its terminal lines, plain HTTP requests to it, and
//! waiting for its rebuilds.

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub port: u16,
    /// What the server printed on stderr so far.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `ajuda serve --port 0 --root ROOT EXTRA...` and waits until it serves.
pub fn start(root: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let lines = log.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
                let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
                let _ = tx.send(port);
            }
            lines.lock().unwrap().push(line);
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("ajuda serve did not start: {:?}", log.lock().unwrap()));
    Server { child, port, log }
}

/// A response: status, headers (lowercase names), body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `GET path` with `Host: 127.0.0.1:PORT` unless `headers` names another.
pub fn get_with(port: u16, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("GET {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = unchunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

pub fn get(port: u16, path: &str) -> Response {
    get_with(port, path, &[])
}

pub fn status(port: u16) -> serde_json::Value {
    serde_json::from_slice(&get(port, "/__ajuda/status").body).unwrap()
}

/// Waits for a rebuild after `generation`, then for no other to follow for a moment and no
/// page left to render again: the status of the last one.
pub fn wait_rebuilt(port: u16, generation: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = status(port);
    while last["generation"].as_u64().unwrap() <= generation {
        assert!(Instant::now() < deadline, "no rebuild after {generation}");
        std::thread::sleep(Duration::from_millis(20));
        last = status(port);
    }
    loop {
        std::thread::sleep(Duration::from_millis(400));
        let now = status(port);
        if now["generation"] == last["generation"] && now["pending"] == 0 {
            return now;
        }
        last = now;
    }
}

/// Waits (up to a minute) until the served page at `url` shows `text`.
pub fn until_served(port: u16, url: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !get(port, url).text().contains(text) {
        assert!(Instant::now() < deadline, "{url} never showed {text:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the background search index is up to date.
pub fn wait_indexed(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while status(port)["indexing"] != serde_json::json!(false) {
        assert!(
            Instant::now() < deadline,
            "the search index was never built"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Replaces a file the way editors that save atomically do: write beside, then rename over.
pub fn save(path: &Path, text: &str) {
    let name = path.file_name().unwrap().to_string_lossy();
    let tmp = path.with_file_name(format!(".ajuda-tmp-{name}"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Copies a folder (for a fixture the test then edits).
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if rel.components().any(|c| c.as_os_str() == ".ajuda-cache") {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
