//! Locales, search and support in a real headless Chromium (see `common/browser.rs`):
//! switching language at the same anchor (fallback pages too), searching in Portuguese and
//! Chinese, and the "Still need help?" panel.

mod common;

use common::browser::{attr_of, start, start_site, switch_to};
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};

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
        ("en/faq.md", "# FAQ\n\n## Billing\n\nA.\n\n### Invoices\n\nB.\n\n## Refunds\n\nC.\n"),
        ("pt/faq.md", "# FAQ\n\n## Cobrança\n\nA.\n\n### Faturas\n\nB.\n\n## Reembolsos\n\nC.\n"),
    ])
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

    // Localized heading ids, same outline: the heading at the same position.
    c.goto(&format!("{}/en-us/faq/#refunds", s.base))
        .await
        .unwrap();
    switch_to(c, "pt-BR").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let url = c.current_url().await.unwrap();
        if url.path() == "/pt-br/faq/" && url.fragment() == Some("reembolsos") {
            break;
        }
        assert!(Instant::now() < deadline, "{url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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
    // The vote is kept: thanks instead of the question, after a reload too.
    c.refresh().await.unwrap();
    let shown = c
        .execute(
            "return [document.querySelector('.support .feedback').hidden, document.querySelector('.support .feedback-thanks').hidden];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown, serde_json::json!([true, false]));

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
