//! The help center's reader features in a real headless Chromium (see `common/browser.rs`):
//! feedback that reaches a receiver, the search page, its filters and its empty state.

mod common;

use common::browser::start_site;
use fantoccini::{Client, Locator};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A local receiver for `[feedback] endpoint`: its port, and the bodies it was sent.
fn receiver() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            if length > 0 {
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&body).into_owned());
            }
            let _ = reader.get_mut().write_all(
                b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
            );
        }
    });
    (port, bodies)
}

fn help_site(endpoint: &str) -> tempfile::TempDir {
    common::site(&[
        (
            "ajuda.toml",
            &format!(
                "title = \"Help\"\n\n[flows.desk]\nlabel = \"Open a request\"\nurl = \"https://desk.example/new?page={{page}}\"\n\n[support]\ndefault_flow = \"desk\"\n\n[feedback]\nendpoint = \"{endpoint}\"\n"
            ),
        ),
        ("billing/invoices.md", "---\ntitle: Read your invoice\nms.service: billing\n---\n# Read your invoice\n\nEach invoice lists the charges of the month.\n"),
    ])
}

async fn wait_until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if c.execute(script, vec![]).await.unwrap() == serde_json::Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_asks_why_and_the_vote_and_reason_reach_the_endpoint() {
    let (port, bodies) = receiver();
    let site = help_site(&format!("http://127.0.0.1:{port}/collect"));
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!("{}/en-us/billing/invoices/", s.base))
        .await
        .unwrap();
    c.find(Locator::Css(".support .feedback-no"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The reasons, focused on the first; the question is gone.
    wait_until(
        c,
        "return !document.querySelector('.feedback-reasons').hidden && document.activeElement.name === 'reason' && document.querySelector('.support .feedback').hidden",
        "the reasons",
    )
    .await;
    c.find(Locator::Css("input[value=missing]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css(".feedback-reasons textarea"))
        .await
        .unwrap()
        .send_keys("Which months?")
        .await
        .unwrap();
    c.find(Locator::Css(".feedback-reasons button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Then the request flow is offered.
    wait_until(
        c,
        "return document.activeElement.classList.contains('support-flow') && !document.querySelector('.feedback-thanks').hidden",
        "the flow offered",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while bodies.lock().unwrap().len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the receiver got {:?}",
            bodies.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got: Vec<serde_json::Value> = bodies
        .lock()
        .unwrap()
        .iter()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(got[0]["type"], "feedback");
    assert_eq!(got[0]["helpful"], false);
    assert_eq!(got[0]["page"], "billing/invoices");
    assert_eq!(got[0]["locale"], "en-US");
    assert_eq!(got[1]["reason"], "missing");
    assert_eq!(got[1]["comment"], "Which months?");
    // The vote is remembered for the page.
    c.refresh().await.unwrap();
    wait_until(
        c,
        "return document.querySelector('.support .feedback').hidden && !document.querySelector('.feedback-thanks').hidden",
        "the remembered vote",
    )
    .await;
    s.client.clone().close().await.unwrap();
}

/// Twelve billing articles about invoices in two categories and products, and one that only
/// has words starting like "Outlook" ("out", "our").
fn search_site(endpoint: &str) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![
        (
            "ajuda.toml".into(),
            format!("title = \"Help\"\n\n[flows.desk]\nlabel = \"Open a request\"\nurl = \"https://desk.example/new\"\n\n[support]\ndefault_flow = \"desk\"\n\n[feedback]\nendpoint = \"{endpoint}\"\n\n[search.products]\nbilling-portal = \"Billing Portal\"\n"),
        ),
        (
            "TOC.yml".into(),
            format!(
                "- name: Billing\n  items:\n{}- name: Accounts\n  items:\n{}",
                (0..12).step_by(2).map(|i| format!("  - name: Q{i}\n    href: billing/invoice-{i}.md\n")).collect::<String>(),
                (1..12).step_by(2).map(|i| format!("  - name: Q{i}\n    href: accounts/invoice-{i}.md\n")).collect::<String>(),
            ),
        ),
        ("other/out.md".into(), "# Our status page\n\nWhen a service is out, our page says so.\n".into()),
    ];
    for i in 0..12 {
        let (folder, service) = if i % 2 == 0 {
            ("billing", "billing-portal")
        } else {
            ("accounts", "sign-in")
        };
        files.push((
            format!("{folder}/invoice-{i}.md"),
            format!("---\ntitle: Invoice question {i}\nms.service: {service}\n---\n# Invoice question {i}\n\nHow to read invoices, part {i}.\n"),
        ));
    }
    common::site_of(&files)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_page_ranks_filters_pages_and_says_when_nothing_matches() {
    let (port, bodies) = receiver();
    let site = search_site(&format!("http://127.0.0.1:{port}/collect"));
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{}/en-us/other/out/", s.base))
        .await
        .unwrap();
    // The header box is a combobox over a listbox; Enter with no option chosen goes to the
    // search page, its query in the address.
    let input = c
        .find(Locator::Css(".site-header [data-search] input"))
        .await
        .unwrap();
    assert_eq!(
        input.attr("role").await.unwrap().as_deref(),
        Some("combobox")
    );
    input.click().await.unwrap();
    // The box opened over the header: the keys go to what has the focus.
    let typing = c.active_element().await.unwrap();
    typing.send_keys("invoices").await.unwrap();
    wait_until(
        c,
        "const l = document.querySelector('.site-header .search-results'); return !l.hidden && l.getAttribute('role') === 'listbox' && l.querySelectorAll('[role=option]').length > 0",
        "the as-you-type results",
    )
    .await;
    // On a phone the open list takes the whole width.
    let width = c
        .execute("return document.querySelector('.site-header .search-results').getBoundingClientRect().width", vec![])
        .await
        .unwrap();
    assert!(width.as_f64().unwrap() >= 389.0, "{width}");
    typing.send_keys("\u{E007}").await.unwrap();
    wait_until(
        c,
        "return location.pathname === '/en-us/search/' && location.search === '?q=invoices'",
        "the search page",
    )
    .await;
    wait_until(
        c,
        "return document.querySelectorAll('.search-page-results li').length === 10",
        "ten results",
    )
    .await;
    let summary = c
        .execute(
            "return document.querySelector('.search-summary').textContent",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(summary, "12 results");
    // Two pages; the second has the last two.
    c.find(Locator::Css(".search-pager a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(c, "return location.search.includes('page=2') && document.querySelectorAll('.search-page-results li').length === 2", "page 2").await;
    // A category filter narrows the results and goes into the address.
    c.execute(
        "const s = document.querySelector('select[data-filter=category]'); s.value = 'Billing'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await
    .unwrap();
    wait_until(c, "return location.search.includes('category=Billing') && document.querySelector('.search-summary').textContent === '6 results'", "the Billing filter").await;
    let product = c
        .execute(
            "return document.querySelector('.search-page-results .search-product').textContent",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(product, "Billing Portal");

    // No whole-word match: "no results", the promoted articles and the desk instead of prefix
    // noise, and the unanswered query reaches the endpoint.
    c.goto(&format!("{}/en-us/search/?q=Outlook", s.base))
        .await
        .unwrap();
    wait_until(
        c,
        "return !document.querySelector('.search-empty').hidden",
        "the empty state",
    )
    .await;
    assert_eq!(
        c.execute(
            "return document.querySelectorAll('.search-page-results li').length",
            vec![]
        )
        .await
        .unwrap(),
        0
    );
    assert!(c
        .find(Locator::Css(".search-empty a.contact-support"))
        .await
        .is_ok());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if bodies
            .lock()
            .unwrap()
            .iter()
            .any(|b| b.contains("\"type\":\"search\"") && b.contains("Outlook"))
        {
            break;
        }
        assert!(Instant::now() < deadline, "{:?}", bodies.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    s.client.clone().close().await.unwrap();
}

/// On a wide screen with "In this article" beside the text, the machine-translation notice is
/// under the title, above the article, not pushed below it by the grid.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_machine_translation_notice_is_under_the_title() {
    let long: String = (1..=6)
        .map(|i| {
            format!(
                "## Parte {i}\n\n{}\n\n",
                "Texto de exemplo para ocupar espaço. ".repeat(30)
            )
        })
        .collect();
    let site = common::site(&[(
        "fatura.md",
        &format!("---\ntitle: Fatura\nms.translationtype: MT\nms.contentlocale: pt-BR\n---\n# Fatura\n\n{long}"),
    )]);
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    for (w, h) in [(1366, 768), (390, 844)] {
        c.set_window_size(w, h).await.unwrap();
        c.goto(&format!("{}/pt-br/fatura/", s.base)).await.unwrap();
        let place = c
            .execute(
                "const n = document.querySelector('.notice-mt').getBoundingClientRect(); const h = document.querySelector('h1').getBoundingClientRect(); const p = document.querySelector('.content p:not([hidden])').getBoundingClientRect(); return [h.bottom <= n.top, n.bottom <= p.top, n.top < window.innerHeight];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(place, serde_json::json!([true, true, true]), "{w}x{h}");
    }
    s.client.clone().close().await.unwrap();
}

/// Forty pages of equal length that all say "widget", page `i` 80 × (i + 1) times across
/// four sections: more locations than three index chunks hold, so the index folds them (one
/// per section, carrying their weight).
fn common_word_site() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![("ajuda.toml".into(), "title = \"Help\"\n".into())];
    for i in 0..40 {
        let mut page = format!("# Page {i}\n");
        for part in 1..=4 {
            let said = 20 * (i + 1);
            let text: Vec<&str> = (0..800)
                .map(|n| if n < said { "widget" } else { "filler" })
                .collect();
            page.push_str(&format!("\n## Part {part}\n\n{}\n", text.join(" ")));
        }
        files.push((format!("p{i}.md"), page));
    }
    common::site_of(&files)
}

/// A word too common to download whole (see `search/fold.rs`) still finds every page, ranked
/// by how often each says it, with a result for each of its sections and the word highlighted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_on_every_page_ranks_by_how_often_and_keeps_its_sections() {
    let site = common_word_site();
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!("{}/en-us/p0/", s.base)).await.unwrap();
    let found = c
        .execute(
            "return (async () => {
                const pf = await import('/pagefind/en-us/pagefind.js');
                const r = await pf.search('widget');
                const all = await Promise.all(r.results.map(x => x.data()));
                return { urls: all.map(d => d.url), sections: all[0].sub_results.map(s => s.url),
                         excerpt: all[0].excerpt, least: all[all.length - 1].excerpt };
            })()",
            vec![],
        )
        .await
        .unwrap();
    let urls: Vec<&str> = found["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    let by_count: Vec<String> = (0..40).rev().map(|i| format!("/en-us/p{i}/")).collect();
    assert_eq!(urls, by_count);
    let sections = found["sections"].as_array().unwrap();
    for part in 1..=4 {
        assert!(
            sections
                .iter()
                .any(|u| u.as_str().unwrap().ends_with(&format!("#part-{part}"))),
            "{sections:?}"
        );
    }
    assert!(
        found["excerpt"]
            .as_str()
            .unwrap()
            .contains("<mark>widget</mark>"),
        "{found}"
    );
    // The locations were folded: of the twenty in a row on the last page, two are kept (and
    // highlighted), carrying the weight of all twenty (a location holds at most 255; twenty
    // in body text weigh 480).
    assert_eq!(
        found["least"].as_str().unwrap().matches("<mark>").count(),
        2,
        "{found}"
    );
    s.client.clone().close().await.unwrap();
}
