//! Search: a Pagefind index per published locale, written into the output, from the pages'
//! own content (not fallbacks; `noindex` pages too, which only crawlers skip; not what
//! `[search] exclude` or `search: false` leaves out), with the search box wired to it.

mod common;

use ajuda::config::{Config, Overrides};

fn site() -> tempfile::TempDir {
    common::site(&[
        (
            "ajuda.toml",
            "default_locale = \"en-US\"\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"zh-CN\"\ndir = \"zh\"\n",
        ),
        ("en/invoice.md", "# Invoices\n\nDownload the invoice file every month.\n"),
        ("en/only-en.md", "# Only English\n\nA page nobody translated.\n"),
        (
            "en/in-product.md",
            "---\nROBOTS: NOINDEX, NOFOLLOW\n---\n# Shown in the product\n\nNot for crawlers, for readers.\n",
        ),
        (
            "en/opted-out.md",
            "---\nsearch: false\n---\n# Opted out\n\nNot for search.\n",
        ),
        ("zh/invoice.md", "# 发票\n\n每个月下载发票文件。\n"),
    ])
}

fn build(root: &std::path::Path, search: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let config = Config::load(root, None, &Overrides::default()).unwrap();
    let opts = ajuda::pipeline::Options {
        search,
        ..common::options(&out)
    };
    let report = ajuda::pipeline::build(&config, &opts);
    assert!(report.written, "{:#?}", report.diagnostics);
    if search && config.search {
        // en-US: invoice, only-en, in-product; zh-CN: invoice.
        assert_eq!(report.searched, [3, 1], "{:?}", report.pages);
    } else {
        assert!(report.searched.is_empty());
    }
    (tmp, out)
}

/// The fragments of a locale's index (gzip-compressed JSON), by URL.
fn fragments(
    out: &std::path::Path,
    prefix: &str,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let dir = out.join("pagefind").join(prefix).join("fragment");
    let mut all = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        let mut text = String::new();
        use std::io::Read;
        // Pagefind's fragments are gzip with a "pagefind_dcd" signature after decompression.
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json = text.trim_start_matches("pagefind_dcd");
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        all.insert(v["url"].as_str().unwrap().to_string(), v);
    }
    all
}

/// The pages a locale's index holds.
fn indexed(out: &std::path::Path, prefix: &str) -> Vec<String> {
    fragments(out, prefix).into_keys().collect()
}

#[test]
fn each_locale_has_its_index_of_its_own_pages() {
    let site = site();
    let (_t, out) = build(site.path(), true);
    assert_eq!(
        indexed(&out, "en-us"),
        ["/en-us/in-product/", "/en-us/invoice/", "/en-us/only-en/"]
    );
    // The fallback of `only-en` in Chinese is searched in English, not here; `opted-out`
    // nowhere.
    assert_eq!(indexed(&out, "zh-cn"), ["/zh-cn/invoice/"]);
    assert!(out.join("pagefind/en-us/pagefind.js").is_file());
    assert!(out.join("pagefind/zh-cn/pagefind-entry.json").is_file());
    // Pagefind's own UI is not published: the theme has its box.
    assert!(!out.join("pagefind/en-us/pagefind-ui.js").exists());
    // Every page points its search box at its locale's index.
    let zh = std::fs::read_to_string(out.join("zh-cn/invoice/index.html")).unwrap();
    assert!(
        zh.contains("data-search-bundle=\"/pagefind/zh-cn/\""),
        "{zh}"
    );
    assert!(zh.contains("<div class=\"search\" data-search role=\"search\"></div>"));
}

#[test]
fn only_the_title_and_body_are_indexed() {
    let site = site();
    let (_t, out) = build(site.path(), true);
    let html = std::fs::read_to_string(out.join("en-us/invoice/index.html")).unwrap();
    assert!(html.contains("data-pagefind-body"));
    // Result metadata and filters reach the index as data, not through the page's HTML.
    assert!(!html.contains("data-pagefind-meta"), "{html}");
    assert!(!html.contains("data-pagefind-filter"), "{html}");
    // The header and navigation are outside the indexed element.
    let body_at = html.find("data-pagefind-body").unwrap();
    assert!(html.find("class=\"site-header\"").unwrap() < body_at);
}

#[test]
fn no_search_writes_no_index_and_no_box() {
    let site = site();
    let (_t, out) = build(site.path(), false);
    assert!(!out.join("pagefind").exists());
    let html = std::fs::read_to_string(out.join("en-us/invoice/index.html")).unwrap();
    assert!(!html.contains("data-search"), "{html}");
    // The config can turn it off too.
    std::fs::write(
        site.path().join("ajuda.toml"),
        std::fs::read_to_string(site.path().join("ajuda.toml")).unwrap()
            + "\n[search]\nenabled = false\n",
    )
    .unwrap();
    let (_t2, out2) = build(site.path(), true);
    assert!(!out2.join("pagefind").exists());
}

#[test]
fn not_found_pages_put_the_search_box_in_the_page_not_twice() {
    let site = site();
    let (_t, out) = build(site.path(), true);
    for file in ["404.html", "zh-cn/404.html"] {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        assert_eq!(
            html.matches("data-search role=\"search\"").count(),
            1,
            "{file}: {html}"
        );
        assert!(
            html.contains("<div class=\"search search-hero\" data-search role=\"search\"></div>")
        );
    }
}

#[test]
fn exclude_globs_leave_pages_out_and_a_mostly_empty_index_is_a_warning() {
    let site = common::site(&[
        (
            "ajuda.toml",
            "[search]\nexclude = [\"internal/**\", \"[bad\"]\n",
        ),
        ("guide.md", "# Guide\n\nText.\n"),
        ("internal/a.md", "# A\n\nText.\n"),
        ("internal/b.md", "# B\n\nText.\n"),
        ("internal/c.md", "# C\n\nText.\n"),
    ]);
    let config = Config::load(site.path(), None, &Overrides::default());
    let config = match config {
        Ok(c) => panic!("a bad glob is a config error: {:?}", c.title),
        Err(diags) => diags,
    };
    assert!(
        config
            .iter()
            .any(|d| d.message.contains("bad [search] exclude glob")),
        "{config:#?}"
    );
    std::fs::write(
        site.path().join("ajuda.toml"),
        "[search]\nexclude = [\"internal/**\"]\n",
    )
    .unwrap();
    let (_t, out) = build_with_counts(site.path(), &[1]);
    assert_eq!(indexed(&out, "en-us"), ["/en-us/guide/"]);
}

fn build_with_counts(
    root: &std::path::Path,
    searched: &[usize],
) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let config = Config::load(root, None, &Overrides::default()).unwrap();
    let opts = ajuda::pipeline::Options {
        search: true,
        ..common::options(&out)
    };
    let report = ajuda::pipeline::build(&config, &opts);
    assert_eq!(report.searched, searched);
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.kind == ajuda::diag::Kind::Search)
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(warnings[0].severity, ajuda::diag::Severity::Warning);
    assert!(
        warnings[0].message.contains("covers 1 of its 4 pages"),
        "{}",
        warnings[0].message
    );
    (tmp, out)
}

/// Each locale has a search results page, out of crawlers' way; a content page at its address
/// keeps it, with a `duplicate-page` error.
#[test]
fn each_locale_has_a_search_page_out_of_the_sitemap() {
    let site = site();
    let (_t, out) = build(site.path(), true);
    for (file, lang) in [
        ("en-us/search/index.html", "Search results"),
        ("zh-cn/search/index.html", "搜索结果"),
    ] {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{html}"
        );
        assert!(html.contains(&format!("<h1>{lang}</h1>")), "{html}");
        assert!(
            html.contains("<div class=\"search-page\" data-search-page"),
            "{html}"
        );
    }
    let page = std::fs::read_to_string(out.join("en-us/invoice/index.html")).unwrap();
    assert!(
        page.contains("data-search-url=\"/en-us/search/\""),
        "{page}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/search/"), "{sitemap}");

    let taken = common::site(&[("search.md", "# Search tips\n\nUse fewer words.\n")]);
    let tmp = tempfile::tempdir().unwrap();
    let config = Config::load(taken.path(), None, &Overrides::default()).unwrap();
    let opts = ajuda::pipeline::Options {
        search: true,
        ..common::options(&tmp.path().join("public"))
    };
    let report = ajuda::pipeline::build(&config, &opts);
    let dup: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.kind == ajuda::diag::Kind::DuplicatePage)
        .collect();
    assert_eq!(dup.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(dup[0].file, "search.md");
    let html = std::fs::read_to_string(tmp.path().join("public/en-us/search/index.html")).unwrap();
    assert!(
        html.contains("Use fewer words."),
        "the page keeps its address"
    );
}

#[test]
fn titles_breadcrumbs_categories_and_products_reach_the_index_as_data() {
    let site = common::site(&[
        (
            "ajuda.toml",
            "[search.products]\nms-billing = \"Billing & Payments\"\n",
        ),
        (
            "TOC.yml",
            "- name: Money matters\n  items:\n  - name: Paying\n    href: billing/pay.md\n",
        ),
        (
            "billing/pay.md",
            "---\ntitle: Pay an invoice\nms.service: ms-billing\n---\n# How to pay\n\nPay by card or transfer.\n",
        ),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let config = Config::load(site.path(), None, &Overrides::default()).unwrap();
    let opts = ajuda::pipeline::Options {
        search: true,
        ..common::options(&out)
    };
    let report = ajuda::pipeline::build(&config, &opts);
    assert!(report.written, "{:#?}", report.diagnostics);
    let all = fragments(&out, "en-us");
    let f = &all["/en-us/billing/pay/"];
    assert_eq!(f["meta"]["title"], "Pay an invoice", "{f}");
    assert_eq!(f["meta"]["product"], "Billing & Payments", "{f}");
    let crumbs = f["meta"]["breadcrumb"].as_str().unwrap();
    assert!(crumbs.ends_with("Money matters"), "{crumbs}");
    // Under a TOC's one root, the categories are its entries.
    assert_eq!(
        f["filters"]["category"],
        serde_json::json!(["Paying"]),
        "{f}"
    );
    assert_eq!(
        f["filters"]["product"],
        serde_json::json!(["Billing & Payments"]),
        "{f}"
    );
}
