//! Reader behaviour in a real headless Chromium (see `common/browser.rs`): the sample site's
//! features, big navigation trees, and the layout on a phone.

mod common;

use common::browser::{start, start_site, switch_to};
use fantoccini::{Client, Locator};
use std::time::Duration;

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
    switch_to(c, "pt-BR").await;
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/pt-br/"), "{url}");

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
        let authority = s.base.trim_start_matches("http://");
        let mut tcp = std::net::TcpStream::connect(authority).unwrap();
        let req = format!("GET /en-us/no-such-page/ HTTP/1.0\r\nHost: {authority}\r\n\r\n");
        tcp.write_all(req.as_bytes()).unwrap();
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
