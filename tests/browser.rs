//! Reader behaviour in a real headless Chromium: the tests start `ajuda serve` on the sample
//! site and chromedriver themselves. Without Chromium on the machine they are skipped with a
//! message, unless `AJUDA_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes that a failure.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromedriver() -> Option<String> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .map(str::to_string)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "nothing listens on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills the child processes when the test ends, even on failure.
struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

struct Session {
    client: Client,
    base: String,
    _procs: Processes,
    _out: tempfile::TempDir,
}

async fn start() -> Option<Session> {
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
    let (site_port, driver_port) = (free_port(), free_port());
    let server = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args([
            "serve",
            "--quiet",
            "--port",
            &site_port.to_string(),
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .arg("--output")
        .arg(out.path().join("public"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Command::new(driver)
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let procs = Processes(vec![server, driver]);
    wait_for_port(site_port);
    wait_for_port(driver_port);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900"]
        }),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reader_features_work_in_chromium() {
    let Some(s) = start().await else { return };
    let c = &s.client;

    // Tabs: the first panel shows; clicking the second label shows the second panel only.
    c.goto(&format!("{}/en-us/partner-support/self-support/", s.base))
        .await
        .unwrap();
    let panels = c.find_all(Locator::Css(".tabs .tab-panel")).await.unwrap();
    assert!(panels.len() >= 2, "tab panels rendered");
    assert!(panels[0].is_displayed().await.unwrap());
    assert!(
        !panels[1].is_displayed().await.unwrap(),
        "only the checked tab's panel shows"
    );
    let labels = c.find_all(Locator::Css(".tabs .tab-label")).await.unwrap();
    labels[1].click().await.unwrap();
    assert!(panels[1].is_displayed().await.unwrap());
    assert!(!panels[0].is_displayed().await.unwrap());

    // Code blocks get a copy button from the theme's script.
    c.goto(&format!(
        "{}/en-us/partner-support/technical-support/",
        s.base
    ))
    .await
    .unwrap();
    let buttons = c
        .find_all(Locator::Css(".code-block button"))
        .await
        .unwrap();
    let blocks = c.find_all(Locator::Css(".code-block")).await.unwrap();
    assert!(!blocks.is_empty());
    assert_eq!(
        buttons.len(),
        blocks.len(),
        "one copy button per code block"
    );

    // The language menu leads to the same site in another language.
    c.find(Locator::Css(".lang-menu summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css(".lang-menu a[hreflang='pt-BR']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/pt-br/"), "{url}");
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("pt-BR"));

    // Broken URLs get the 404 page, not a bare error.
    c.goto(&format!("{}/en-us/no-such-page/", s.base))
        .await
        .unwrap();
    let title = c.title().await.unwrap();
    assert!(!title.is_empty(), "404 page has a title");
    s.client.clone().close().await.unwrap();
}
