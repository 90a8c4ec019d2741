//! More reader behaviour in a real headless Chromium (see `common/browser.rs`): request flows
//! routed by path, the phone header on one row, the site root's locale list without
//! JavaScript, and the search page on a desktop.

mod common;

use common::browser::{start_site, start_site_with};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// What `script` returns in the page.
async fn eval(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Waits (up to 15 s) until `script` returns true.
async fn wait_until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while eval(c, script).await != Value::Bool(true) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `[left, top, width, height]` of each element matching `css`, in document order.
async fn rects(c: &Client, css: &str) -> Vec<[f64; 4]> {
    let v = c
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; });",
            vec![json!(css)],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// The text and `href` (resolved) of the first link matching `css`, which must be displayed.
async fn shown_link(c: &Client, css: &str) -> (String, String) {
    let a = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css}"));
    assert!(a.is_displayed().await.unwrap(), "{css} is not displayed");
    let href = a.prop("href").await.unwrap().unwrap_or_default();
    (a.text().await.unwrap(), href)
}

/// `ajuda.toml` of a site in English and Portuguese, with `extra` after the locales.
fn two_locales(title: &str, extra: &str) -> String {
    format!("title = \"{title}\"\ndefault_locale = \"en-US\"\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"pt-BR\"\ndir = \"pt\"\n{extra}")
}

const DESK: &str = "\n[flows.desk]\nlabel = \"Open a ticket\"\nurl = \"https://desk.example/new?page={page}\"\n\n[support]\ndefault_flow = \"desk\"\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_routes_send_archive_pages_to_their_own_flow() {
    let config = format!("title = \"Help\"\n{DESK}\n[flows.legacy]\nlabel = \"Ask the archive team\"\nurl = \"https://legacy.example/ask?page={{page}}\"\n\n[[support.routes]]\npaths = [\"archive/**\"]\nflow = \"legacy\"\n");
    let site = common::site(&[
        ("ajuda.toml", &config),
        (
            "archive/2019/old-plans.md",
            "# Old plans\n\nThe plans we sold until 2019.\n",
        ),
        (
            "plans/current.md",
            "# Current plans\n\nWhat each plan includes today.\n",
        ),
    ]);
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    for (page, label, url) in [
        (
            "archive/2019/old-plans",
            "Ask the archive team",
            "https://legacy.example/ask?page=archive%2F2019%2Fold-plans",
        ),
        (
            "plans/current",
            "Open a ticket",
            "https://desk.example/new?page=plans%2Fcurrent",
        ),
    ] {
        c.goto(&format!("{}/en-us/{page}/", s.base)).await.unwrap();
        let title = c
            .find(Locator::Css(".support .support-title"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(title, "Still need help?", "{page}");
        let (text, href) = shown_link(c, ".support a.support-flow").await;
        assert_eq!((text.as_str(), href.as_str()), (label, url), "{page}");
        // The header's link is on every page: the site's default flow.
        let (text, href) = shown_link(c, ".site-header a.contact-link").await;
        assert_eq!(text, "Contact support", "{page}");
        assert!(
            href.starts_with("https://desk.example/new"),
            "{page}: {href}"
        );
    }
    s.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_header_is_one_row_with_a_long_site_title() {
    let config = two_locales(
        "Contoso Cloud Backup Customer Help and Knowledge Center",
        DESK,
    );
    let site = common::site(&[
        ("ajuda.toml", &config),
        (
            "en/restore.md",
            "# Restore a file\n\nPick the file and the day to restore it from.\n",
        ),
        (
            "pt/restore.md",
            "# Restaurar um arquivo\n\nEscolha o arquivo e o dia.\n",
        ),
    ]);
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{}/en-us/restore/", s.base)).await.unwrap();
    let width = eval(c, "return window.innerWidth;").await.as_f64().unwrap();
    assert!(width <= 400.0, "the window is a phone's: {width}");
    let font = eval(
        c,
        "return parseFloat(getComputedStyle(document.querySelector('.site-name > span')).fontSize);",
    )
    .await
    .as_f64()
    .unwrap();
    let name = rects(c, ".site-header .site-name > span").await[0];
    assert!(
        name[3] > 0.0 && name[3] < 1.9 * font,
        "the site name is {}px tall at {font}px: more than one line",
        name[3]
    );
    assert!(name[2] >= 60.0, "the site name is {}px wide", name[2]);
    let logo = rects(c, ".site-header .site-name .logo").await[0];
    assert!(logo[2] >= 20.0 && logo[3] >= 20.0, "logo {logo:?}");
    // Name, search, contact link and language menu: side by side, in one row, on screen.
    let mut parts: Vec<[f64; 4]> = rects(c, ".site-header .header-inner > *")
        .await
        .into_iter()
        .filter(|r| r[2] > 0.0 && r[3] > 0.0)
        .collect();
    assert_eq!(parts.len(), 4, "{parts:?}");
    let top = parts.iter().map(|r| r[1]).fold(f64::MIN, f64::max);
    let bottom = parts.iter().map(|r| r[1] + r[3]).fold(f64::MAX, f64::min);
    assert!(top < bottom, "not one row: {parts:?}");
    parts.sort_by(|a, b| a[0].total_cmp(&b[0]));
    for w in parts.windows(2) {
        assert!(w[0][0] + w[0][2] <= w[1][0] + 0.5, "overlap: {parts:?}");
    }
    assert!(
        parts[0][0] >= 0.0 && parts[3][0] + parts[3][2] <= width,
        "{parts:?}"
    );
    let header = rects(c, ".site-header").await[0];
    assert!(header[3] <= 72.0, "the header is {}px tall", header[3]);
    s.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_root_lists_the_locales_without_javascript() {
    let config = two_locales("Help", "");
    let site = common::site(&[
        ("ajuda.toml", &config),
        ("en/welcome.md", "# Welcome\n\nWhere to start.\n"),
        ("pt/welcome.md", "# Boas-vindas\n\nPor onde começar.\n"),
    ]);
    let Some(s) = start_site_with(site.path(), &["--blink-settings=scriptEnabled=false"]).await
    else {
        return;
    };
    let (c, base) = (&s.client, &s.base);
    c.goto(&format!("{base}/index.html")).await.unwrap();
    // The script that picks the reader's language did not run: no redirect.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(c.current_url().await.unwrap().path(), "/index.html");
    let links = rects(c, ".root-locales .lang-list a").await;
    assert_eq!(links.len(), 2, "{links:?}");
    let width = eval(c, "return window.innerWidth;").await.as_f64().unwrap();
    for (i, r) in links.iter().enumerate() {
        assert!(r[2] >= 100.0 && r[3] >= 24.0, "link {i} is {r:?}");
        assert!(
            r[0] >= 0.0 && r[0] + r[2] <= width && r[1] >= 0.0,
            "link {i} off screen: {r:?}"
        );
    }
    // A list: one under the other, not hidden in a closed menu.
    assert!(links[0][1] + links[0][3] <= links[1][1], "{links:?}");
    let closed = eval(
        c,
        "return Array.from(document.querySelectorAll('.root-locales a')).some(a => a.closest('details:not([open])') !== null);",
    )
    .await;
    assert_eq!(closed, Value::Bool(false));
    let pt = c
        .find(Locator::Css(".root-locales a[hreflang='pt-BR']"))
        .await
        .unwrap();
    assert!(pt.is_displayed().await.unwrap());
    assert_eq!(pt.text().await.unwrap(), "Português (Brasil)");
    pt.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.current_url().await.unwrap().path() != "/pt-br/" {
        assert!(Instant::now() < deadline, "the link did not open /pt-br/");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("pt-BR"));
    s.client.clone().close().await.unwrap();
}

/// Four articles about refunds, three under the TOC's "Billing" and one under "Accounts", and
/// one about something else.
fn refund_site() -> tempfile::TempDir {
    let article =
        |title: &str, text: &str| format!("---\ntitle: {title}\n---\n# {title}\n\n{text}\n");
    let toc = "- name: Billing\n  items:\n  - name: Card\n    href: billing/card-refund.md\n  - name: Bank\n    href: billing/bank-refund.md\n  - name: Late\n    href: billing/late-refund.md\n- name: Accounts\n  items:\n  - name: Credit\n    href: accounts/store-credit.md\n  - name: Close\n    href: accounts/close.md\n";
    common::site(&[
        ("ajuda.toml", &format!("title = \"Help\"\n{DESK}")),
        ("TOC.yml", toc),
        (
            "billing/card-refund.md",
            &article(
                "Get a refund on a card",
                "A refund to a credit card appears within five business days.",
            ),
        ),
        (
            "billing/bank-refund.md",
            &article(
                "Get a refund by bank transfer",
                "We send the refund to the account that paid.",
            ),
        ),
        (
            "billing/late-refund.md",
            &article(
                "When a refund is late",
                "Ask your bank first, then write to us with the refund number.",
            ),
        ),
        (
            "accounts/store-credit.md",
            &article(
                "Store credit",
                "Choose store credit and keep the refund for later purchases.",
            ),
        ),
        (
            "accounts/close.md",
            &article(
                "Close your account",
                "Closing removes your data after thirty days.",
            ),
        ),
    ])
}

/// Waits for `n` results on the search page: each one's title, highlighted words and link,
/// checked to be displayed.
async fn results(c: &Client, n: usize) -> Vec<(String, String, String)> {
    wait_until(
        c,
        &format!("return document.querySelectorAll('.search-page-results li').length === {n}"),
        &format!("{n} results"),
    )
    .await;
    let rows = eval(c, "return Array.from(document.querySelectorAll('.search-page-results li a')).map(a => [a.querySelector('.search-title').textContent, Array.from(a.querySelectorAll('.search-excerpt mark')).map(m => m.textContent).join(' '), a.getAttribute('href'), a.getBoundingClientRect().height]);").await;
    let rows: Vec<(String, String, String, f64)> = serde_json::from_value(rows).unwrap();
    for (title, marks, href, height) in &rows {
        assert!(!title.is_empty() && *height > 0.0, "{rows:?}");
        assert!(
            marks.to_lowercase().contains("refund"),
            "no highlighted excerpt: {rows:?}"
        );
        assert!(href.starts_with("/en-us/"), "{href}");
    }
    rows.into_iter().map(|(t, m, h, _)| (t, m, h)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_page_on_a_desktop_filters_and_keeps_its_results_on_reload() {
    let site = refund_site();
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.set_window_size(1366, 768).await.unwrap();
    c.goto(&format!("{}/en-us/accounts/close/", s.base))
        .await
        .unwrap();
    // On a desktop the box is in the header, shown and wide, without opening anything.
    let input = c
        .find(Locator::Css(".site-header [data-search] input"))
        .await
        .unwrap();
    assert!(input.is_displayed().await.unwrap());
    let box_width = rects(c, ".site-header [data-search] input").await[0][2];
    assert!(box_width >= 200.0, "the search box is {box_width}px wide");
    input.click().await.unwrap();
    input.send_keys("refund").await.unwrap();
    input.send_keys("\u{E007}").await.unwrap();
    wait_until(
        c,
        "return location.pathname === '/en-us/search/' && location.search === '?q=refund'",
        "the search page",
    )
    .await;
    let all = results(c, 4).await;
    let summary = "return document.querySelector('.search-summary').textContent";
    assert_eq!(eval(c, summary).await, "4 results");
    assert!(!all.iter().any(|r| r.2.contains("close")), "{all:?}");
    // The category filter narrows them to Billing's three, and goes into the address.
    let select = c
        .find(Locator::Css(".search-filters select[data-filter=category]"))
        .await
        .unwrap();
    assert!(select.is_displayed().await.unwrap());
    select.select_by_value("Billing").await.unwrap();
    wait_until(
        c,
        "return new URLSearchParams(location.search).get('category') === 'Billing' && new URLSearchParams(location.search).get('q') === 'refund'",
        "the filter in the address",
    )
    .await;
    let billing = results(c, 3).await;
    assert!(
        billing.iter().all(|r| r.2.starts_with("/en-us/billing/")),
        "{billing:?}"
    );
    assert_eq!(eval(c, summary).await, "3 results");
    // Reloading the address shows the same results, query and filter.
    c.refresh().await.unwrap();
    assert_eq!(results(c, 3).await, billing);
    let state = eval(c, "return [document.getElementById('search-q').value, document.querySelector('select[data-filter=category]').value];").await;
    assert_eq!(state, json!(["refund", "Billing"]));
    s.client.clone().close().await.unwrap();
}
