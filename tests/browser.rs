//! Reader behaviour in a real headless Chromium: the tests start `ajuda serve` on the sample
//! site and chromedriver themselves. Without Chromium on the machine they are skipped with a
//! message, unless `AJUDA_REQUIRE_BROWSER=1` (set by `.ci/run`), which makes that a failure.

mod common;

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

/// Reads the server's stderr until it says where it serves; keeps draining it afterwards.
fn serving_port(stderr: std::process::ChildStderr) -> u16 {
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
    start_site(Path::new(env!("CARGO_MANIFEST_DIR"))).await
}

async fn start_site(root: &Path) -> Option<Session> {
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
    assert_eq!(attr_of(c, "html", "lang").await.as_deref(), Some("pt-BR"));

    // Broken URLs get the 404 page, not a bare error.
    c.goto(&format!("{}/en-us/no-such-page/", s.base))
        .await
        .unwrap();
    // Chromium's own error page has a title too: check that this is ajuda's page, served with
    // a 404 status.
    let title = c.title().await.unwrap();
    assert!(title.starts_with("Page not found"), "title: {title}");
    let h1 = c.find(Locator::Css("main h1, h1")).await.unwrap();
    assert_eq!(h1.text().await.unwrap(), "Page not found");
    let body_class = c
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .attr("class")
        .await
        .unwrap();
    assert_eq!(body_class.as_deref(), Some("kind-404"));
    let status = {
        use std::io::{Read, Write};
        let mut tcp = std::net::TcpStream::connect(s.base.trim_start_matches("http://")).unwrap();
        tcp.write_all(b"GET /en-us/no-such-page/ HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        let _ = tcp.read_to_string(&mut answer);
        answer.lines().next().unwrap_or("").to_string()
    };
    assert!(status.contains(" 404"), "status line: {status}");
    s.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn big_toc_is_swapped_in_by_the_script() {
    let site = common::big_toc_site(400);
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!("{}/en-us/a250/", s.base)).await.unwrap();
    // The page itself carries the branch of the current article; the script loads the rest.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let links = c.find_all(Locator::Css(".site-nav a")).await.unwrap();
        if links.len() == 400 {
            break;
        }
        if std::time::Instant::now() > deadline {
            let src = c.source().await.unwrap();
            panic!(
                "full tree never arrived: {} links in\n{}",
                links.len(),
                &src[..src.len().min(3000)]
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let current = c
        .find(Locator::Css(".site-nav [aria-current=page]"))
        .await
        .unwrap();
    // textContent: the drawer may be a closed <details> shown by CSS on wide screens.
    let text = current.prop("textContent").await.unwrap();
    assert_eq!(text.as_deref(), Some("Article 250"));
    let open = c
        .find_all(Locator::Css(".site-nav details[open]"))
        .await
        .unwrap();
    assert_eq!(open.len(), 1, "only the current article's group is open");
    s.client.clone().close().await.unwrap();
}

/// Attribute `name` of the first element matching `css`.
async fn attr_of(c: &Client, css: &str, name: &str) -> Option<String> {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .attr(name)
        .await
        .unwrap()
}

/// A two-locale site where `guide` is translated and `setup` is not.
fn fallback_site() -> tempfile::TempDir {
    common::site(&[
        (
            "ajuda.toml",
            "default_locale = \"en-US\"\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"pt-BR\"\ndir = \"pt\"\n",
        ),
        (
            "en/setup.md",
            "# Setup\n\nIntro.\n\n## <a name=\"install\"></a>Install\n\nStep one.\n\n## Configure\n\nStep two.\n",
        ),
        ("en/guide.md", "# Guide\n\n## <a name=\"first\"></a>First\n\nText.\n"),
        ("pt/guide.md", "# Guia\n\n## <a name=\"first\"></a>Primeiro\n\nTexto.\n"),
    ])
}

async fn switch_to(c: &Client, hreflang: &str) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_keeps_the_anchor_even_on_a_fallback_page() {
    let site = fallback_site();
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!("{}/en-us/setup/#install", s.base))
        .await
        .unwrap();
    switch_to(c, "pt-BR").await;
    let url = c.current_url().await.unwrap();
    // The untranslated page's Portuguese fallback, at the same anchor.
    assert_eq!(url.path(), "/pt-br/setup/");
    assert_eq!(url.fragment(), Some("install"));
    let notice = c
        .find(Locator::Css(".notice-fallback"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(notice.contains("não foi traduzida"), "{notice}");
    assert_eq!(
        attr_of(c, ".content", "lang").await.as_deref(),
        Some("en-US")
    );
    // The anchor is on the page (the explicit anchor is shared across translations).
    let there = c
        .execute(
            "return document.getElementById('install') !== null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(there, serde_json::Value::Bool(true));

    // And back: the English page, same anchor.
    switch_to(c, "en-US").await;
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/en-us/setup/");
    assert_eq!(url.fragment(), Some("install"));

    // An anchor the other translation lacks is dropped, not kept dangling.
    c.goto(&format!("{}/en-us/guide/#nowhere-else", s.base))
        .await
        .unwrap();
    switch_to(c, "pt-BR").await;
    let url = c.current_url().await.unwrap();
    assert_eq!(url.path(), "/pt-br/guide/");
    assert_eq!(url.fragment(), None);
    s.client.clone().close().await.unwrap();
}

/// Types `query` into the header's search box and waits for results; returns their links.
async fn search(c: &Client, query: &str) -> Vec<String> {
    let input = c
        .find(Locator::Css(".site-header .search input"))
        .await
        .unwrap();
    input.click().await.unwrap();
    input.send_keys(query).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let links = c
            .find_all(Locator::Css(".site-header .search-results a"))
            .await
            .unwrap();
        if !links.is_empty() {
            let mut hrefs = Vec::new();
            for l in links {
                hrefs.push(l.attr("href").await.unwrap().unwrap_or_default());
            }
            return hrefs;
        }
        assert!(Instant::now() < deadline, "no results for {query}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_articles_in_portuguese_and_chinese() {
    let Some(s) = start().await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!("{}/pt-br/", s.base)).await.unwrap();
    let hits = search(c, "fatura").await;
    assert!(
        hits.iter()
            .any(|h| h == "/pt-br/partner-support/billing-support/"),
        "{hits:?}"
    );
    // Results show a title and a highlighted excerpt, and open the article.
    let first = c
        .find(Locator::Css(".site-header .search-results li"))
        .await
        .unwrap();
    assert!(!first
        .find(Locator::Css(".search-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .is_empty());
    assert!(first
        .find(Locator::Css(".search-excerpt mark"))
        .await
        .is_ok());
    c.find(Locator::Css(&format!(
        ".site-header .search-results a[href='{}']",
        "/pt-br/partner-support/billing-support/"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.current_url().await.unwrap().path() != "/pt-br/partner-support/billing-support/" {
        assert!(Instant::now() < deadline, "the result did not open");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Chinese: a word inside unspaced text.
    c.goto(&format!("{}/zh-cn/", s.base)).await.unwrap();
    let hits = search(c, "发票").await;
    assert!(hits.iter().any(|h| h.starts_with("/zh-cn/")), "{hits:?}");
    assert!(
        hits.iter()
            .any(|h| h == "/zh-cn/partner-support/billing-support/"),
        "{hits:?}"
    );
    s.client.clone().close().await.unwrap();
}

/// A number read in the page with `script` (which returns it).
async fn number(c: &Client, script: &str) -> f64 {
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_else(|| panic!("{script} gave no number"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_this_article_stays_out_of_the_way_on_a_phone() {
    // A long article: 94 headings, a wide table, a code block.
    let mut article = String::from("# Long article\n\nThe first paragraph of the body.\n\n");
    for i in 0..47 {
        article.push_str(&format!(
            "## Section {i}\n\nText {i}.\n\n### Detail {i}\n\nMore text.\n\n"
        ));
    }
    article.push_str(
        "| Column one | Column two | Column three | Column four | Column five | Column six |\n",
    );
    article.push_str("| --- | --- | --- | --- | --- | --- |\n");
    article.push_str("| averyveryverylongvalue | averyveryverylongvalue | averyveryverylongvalue | averyveryverylongvalue | averyveryverylongvalue | averyveryverylongvalue |\n\n");
    article.push_str("```azurecli\naz login\n```\n");
    let site = common::site(&[("long.md", &article)]);
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    let first_paragraph = "return document.querySelector('.content > p').getBoundingClientRect().top + window.scrollY;";

    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{}/en-us/long/", s.base)).await.unwrap();
    let width = number(c, "return window.innerWidth;").await;
    assert!(width <= 400.0, "the window is a phone's: {width}");
    let top = number(c, first_paragraph).await;
    assert!(top < 600.0, "the body starts {top}px down on a phone");
    let open = c
        .execute(
            "return document.querySelector('.page-toc-box').open;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(open, serde_json::Value::Bool(false));
    let h2 = c.find(Locator::Css(".page-toc .toc-h2 a")).await.unwrap();
    assert!(!h2.is_displayed().await.unwrap(), "closed: no entry shows");
    // Opened, it lists the H2s only.
    c.find(Locator::Css(".page-toc-title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(h2.is_displayed().await.unwrap());
    let h3 = c.find(Locator::Css(".page-toc .toc-h3 a")).await.unwrap();
    assert!(!h3.is_displayed().await.unwrap(), "no H3 on a phone");
    // The wide table scrolls in its container, the page does not.
    let table = number(
        c,
        "var t = document.querySelector('.table-wrap'); return t.scrollWidth - t.clientWidth;",
    )
    .await;
    assert!(table > 0.0, "the table's container scrolls");
    let page = number(
        c,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await;
    assert!(page <= 0.0, "the page scrolls sideways by {page}px");
    let label = c
        .execute(
            "return getComputedStyle(document.querySelector('.code-block'), '::before').content;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(label.as_str(), Some("\"Azure CLI\""));

    // On a desktop the list is there at once, H3s included, beside the article.
    c.set_window_size(1366, 768).await.unwrap();
    c.goto(&format!("{}/en-us/long/", s.base)).await.unwrap();
    let h2 = c.find(Locator::Css(".page-toc .toc-h2 a")).await.unwrap();
    assert!(
        h2.is_displayed().await.unwrap(),
        "the list shows on a desktop"
    );
    let h3 = c.find(Locator::Css(".page-toc .toc-h3 a")).await.unwrap();
    assert!(h3.is_displayed().await.unwrap());
    let top = number(c, first_paragraph).await;
    assert!(top < 500.0, "the body starts {top}px down on a desktop");
    s.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn still_need_help_carries_the_page_context_and_faq_answers_open_by_anchor() {
    let Some(s) = start().await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!(
        "{}/pt-br/partner-support/billing-support/",
        s.base
    ))
    .await
    .unwrap();
    // "Yes" fires the event a site can hook, and nothing leaves the page.
    c.execute(
        "window.__fb = null; document.addEventListener('ajuda:feedback', e => { window.__fb = e.detail; });",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css(".support .feedback-yes"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let detail = c.execute("return window.__fb;", vec![]).await.unwrap();
    assert_eq!(detail["helpful"], serde_json::Value::Bool(true), "{detail}");
    assert_eq!(detail["page"], "partner-support/billing-support");
    assert_eq!(detail["locale"], "pt-BR");
    // The flow button carries the page's context into the request form.
    let href = attr_of(c, ".support a.support-flow", "href")
        .await
        .unwrap_or_default();
    let q: std::collections::HashMap<String, String> = href
        .split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
            (k.to_string(), v.into_owned())
        })
        .collect();
    assert_eq!(q.get("lang").map(String::as_str), Some("pt-BR"), "{href}");
    assert_eq!(
        q.get("article").map(String::as_str),
        Some("partner-support/billing-support")
    );
    assert!(
        q.get("source")
            .is_some_and(|s| s.ends_with("/pt-br/partner-support/billing-support/")),
        "{href}"
    );
    // "No" leads to the same flow.
    assert_eq!(
        attr_of(c, ".support a.feedback-no", "href")
            .await
            .as_deref(),
        Some(href.as_str())
    );

    // An FAQ answer opened by its anchor: the question is on screen.
    c.goto(&format!(
        "{}/en-us/partner-support/support-faq/#what-should-i-attach-to-a-technical-request-",
        s.base
    ))
    .await
    .unwrap();
    let visible = c
        .execute(
            "const h = document.getElementById('what-should-i-attach-to-a-technical-request-'); const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(visible, serde_json::Value::Bool(true));
    s.client.clone().close().await.unwrap();
}
