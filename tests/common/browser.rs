//! Headless Chromium for the browser tests: `ajuda serve` and chromedriver started by the
//! tests themselves, and what the tests do in pages. Without Chromium on the machine a test is
//! skipped with a message, unless `AJUDA_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes
//! that a failure.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

pub fn chromedriver() -> Option<String> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .map(str::to_string)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "nothing listens on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Reads the server's stderr until it says where it serves; keeps draining it afterwards.
pub fn serving_port(stderr: std::process::ChildStderr) -> u16 {
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("at http://127.0.0.1:").nth(1) {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            std::thread::spawn(move || for _ in lines {});
            return port;
        }
    }
    panic!("ajuda serve exited before serving");
}

/// Kills the child processes when the test ends, even on failure.
pub struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

pub struct Session {
    pub client: Client,
    pub base: String,
    _procs: Processes,
    _out: tempfile::TempDir,
}

pub async fn start() -> Option<Session> {
    start_site(Path::new(env!("CARGO_MANIFEST_DIR"))).await
}

pub async fn start_site(root: &Path) -> Option<Session> {
    start_site_with(root, &[]).await
}

/// [`start_site`] with more Chromium switches (`--blink-settings=scriptEnabled=false`).
pub async fn start_site_with(root: &Path, chromium_args: &[&str]) -> Option<Session> {
    let Some(driver) = chromedriver().filter(|_| Path::new(CHROMIUM).exists()) else {
        assert!(
            std::env::var("AJUDA_REQUIRE_BROWSER").is_err(),
            "AJUDA_REQUIRE_BROWSER is set but chromium/chromedriver are not installed"
        );
        eprintln!(
            "skipped: install Debian's chromium and chromium-driver to run the browser tests"
        );
        return None;
    };
    let out = tempfile::tempdir().unwrap();
    let driver_port = free_port();
    // Port 0: the server picks a free port and says which on stderr (no race between tests).
    let mut server = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(["serve", "--no-cache", "--port", "0", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("public"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let driver = Command::new(driver)
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let procs = Processes(vec![server, driver]);
    let site_port = serving_port(stderr);
    // Pages are served at once; their search index follows in the background.
    super::serve::wait_indexed(site_port);
    wait_for_port(driver_port);
    let mut args = vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ];
    args.extend_from_slice(chromium_args);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": CHROMIUM, "args": args }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("chromedriver session");
    Some(Session {
        client,
        base: format!("http://127.0.0.1:{site_port}"),
        _procs: procs,
        _out: out,
    })
}

/// Attribute `name` of the first element matching `css`.
pub async fn attr_of(c: &Client, css: &str, name: &str) -> Option<String> {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .attr(name)
        .await
        .unwrap()
}

pub async fn switch_to(c: &Client, hreflang: &str) {
    c.find(Locator::Css(".lang-menu summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css(&format!(
        ".lang-menu a[hreflang='{hreflang}']"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    // Wait for the other locale's page.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if attr_of(c, "html", "lang").await.as_deref() == Some(hreflang) {
            return;
        }
        assert!(Instant::now() < deadline, "never reached {hreflang}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
