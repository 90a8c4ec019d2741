//! Writers' preview in headless Chromium: a save shows in the open page by itself, keeping the
//! scroll position; a page that cannot be parsed shows the overlay with file and line; fixing it
//! clears the overlay.

mod common;

use common::browser::start_site;
use common::serve::{copy_dir, save};
use fantoccini::Client;
use std::time::{Duration, Instant};

async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Waits until `script` returns true.
async fn until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if js(c, script).await == serde_json::json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Serves `site` in Chromium, on the English create-account page, once its live reload is
/// connected.
async fn open_page(site: &std::path::Path) -> Option<common::browser::Session> {
    let s = start_site(site).await?;
    let c = &s.client;
    c.goto(&format!("{}/kb/en-us/docs/create-account/", s.base))
        .await
        .unwrap();
    until(
        c,
        "return !!(window.__ajudaLive && window.__ajudaLive.connected)",
        "live reload connected",
    )
    .await;
    Some(s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_shows_in_the_open_page_and_errors_show_on_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture("multilocale"), tmp.path());
    let page = tmp.path().join("content/en/docs/create-account.md");
    let mut long = std::fs::read_to_string(&page).unwrap();
    for i in 0..60 {
        long.push_str(&format!("\nParagraph {i} of a long article.\n"));
    }
    std::fs::write(&page, &long).unwrap();
    let Some(s) = open_page(tmp.path()).await else {
        return;
    };
    let c = &s.client;
    js(
        c,
        "window.scrollTo(0, 400); window.__sameDocument = true; return true",
    )
    .await;

    // A text edit on disk: the page reloads by itself, where the reader was.
    save(
        &page,
        &long.replace("Paragraph 59 of", "Edited live: paragraph 59 of"),
    );
    until(
        c,
        "return document.body.innerText.includes('Edited live')",
        "the new text",
    )
    .await;
    assert_eq!(
        js(c, "return window.__sameDocument === undefined").await,
        true,
        "the page was reloaded"
    );
    until(
        c,
        "return Math.abs(window.scrollY - 400) < 5",
        "the scroll position kept",
    )
    .await;

    // Front matter that cannot be parsed: the overlay, with the file and the line.
    let broken = long.replacen("title: Create an account", "title: [unclosed", 1);
    save(&page, &broken);
    until(
        c,
        "return !!document.getElementById('ajuda-overlay')",
        "the overlay",
    )
    .await;
    let text = js(
        c,
        "return document.getElementById('ajuda-overlay').innerText",
    )
    .await;
    let text = text.as_str().unwrap();
    assert!(
        text.contains("content/en/docs/create-account.md:"),
        "{text}"
    );
    assert!(text.contains("front-matter"), "{text}");
    // The last good page stays under it.
    assert_eq!(
        js(c, "return document.querySelector('h1').innerText").await,
        "Create an account"
    );

    // Fixed: the overlay goes.
    save(
        &page,
        &long.replace("Paragraph 3 of", "Fixed: paragraph 3 of"),
    );
    until(
        c,
        "return document.body.innerText.includes('Fixed: paragraph') && !document.getElementById('ajuda-overlay')",
        "the overlay gone",
    )
    .await;
    s.client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stylesheet_is_swapped_in_without_a_reload_and_broken_links_are_marked() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture("multilocale"), tmp.path());
    let theme = tmp.path().join("themes/custom");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    let config = tmp.path().join("ajuda.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("theme = \"custom\"\n{text}")).unwrap();
    let page = tmp.path().join("content/en/docs/create-account.md");
    let good = std::fs::read_to_string(&page).unwrap();
    let Some(s) = open_page(tmp.path()).await else {
        return;
    };
    let c = &s.client;
    js(c, "window.__sameDocument = true; return true").await;

    // The theme's stylesheet: swapped in place.
    let css = theme.join("static/ajuda.css");
    let mut sheet = std::fs::read_to_string(&css).unwrap();
    sheet.push_str("\nbody { border-top: 7px solid rgb(1, 2, 3); }\n");
    save(&css, &sheet);
    until(
        c,
        "return getComputedStyle(document.body).borderTopColor === 'rgb(1, 2, 3)'",
        "the new stylesheet applied",
    )
    .await;
    assert_eq!(
        js(c, "return window.__sameDocument === true").await,
        true,
        "the page reloaded"
    );

    // Broken links (a missing page, a missing anchor): the new page is served, the links
    // outlined, the problems in the overlay.
    save(
        &page,
        &format!(
            "{good}\nSee [the missing page](missing-page.md) and [a missing part](close-account.md#no-such-part).\n"
        ),
    );
    until(
        c,
        "return document.querySelectorAll('span.broken-link[data-ajuda-broken]').length === 1 && document.querySelectorAll('a[data-ajuda-broken]').length === 1",
        "both broken links marked",
    )
    .await;
    let text = js(
        c,
        "return document.getElementById('ajuda-overlay').innerText",
    )
    .await;
    assert!(text.as_str().unwrap().contains("missing-page.md"), "{text}");
    s.client.clone().close().await.unwrap();
}
