//! The foundation: config, loading, front matter, navigation, templates and output.

mod common;

use ajuda::config::{Config, Overrides};
use ajuda::diag::{Kind, Severity};
use common::{build, build_root, site};

#[test]
fn pretty_urls_per_locale_and_folder_index() {
    let b = build("multilocale");
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    assert!(
        b.exists("en-us/docs/index.html"),
        "docs/index.md is the folder's page"
    );
    assert!(b.exists("en-us/docs/create-account/index.html"));
    assert!(
        b.exists("en-us/docs/faq/index.html"),
        "YamlMime:FAQ is a page"
    );
    assert!(
        b.exists("en-us/docs/landing/index.html"),
        "YamlMime:Landing is a page"
    );
    assert!(b.exists("pt-br/docs/create-account/index.html"));
    assert!(
        !b.exists("en-us/docs/includes/shared/index.html"),
        "includes are not pages"
    );
    assert!(
        !b.exists("en-us/README/index.html"),
        "repository files are not pages"
    );
    assert_eq!(
        b.report.pages,
        vec![("en-US".to_string(), 5), ("pt-BR".to_string(), 2)]
    );
}

#[test]
fn links_and_assets_use_the_base_path() {
    let b = build("multilocale");
    let html = b.file("en-us/docs/index.html");
    assert!(
        html.contains(r#"href="/kb/en-us/docs/create-account/""#),
        "{html}"
    );
    let create = b.file("en-us/docs/create-account/index.html");
    assert!(create.contains(r#"src="/kb/en-us/docs/media/portal.png""#));
    assert!(b.exists("en-us/docs/media/portal.png"), "images are copied");
    assert!(
        create.contains(
            r#"<link rel="canonical" href="https://help.example.org/kb/en-us/docs/create-account/""#
        ),
        "{create}"
    );
}

#[test]
fn front_matter_reaches_the_page() {
    let b = build("multilocale");
    let html = b.file("en-us/docs/create-account/index.html");
    assert!(html.contains("<title>Create an account"), "title");
    assert!(
        html.contains(r#"content="How to open a partner account.""#),
        "description"
    );
    assert!(
        html.contains(r#"datetime="2018-10-29""#),
        "ms.date as a date"
    );
    assert!(
        html.contains("Shared text from an include."),
        "include expanded"
    );
    assert_eq!(
        html.matches("<h1").count(),
        1,
        "the Markdown H1 is the page title, not repeated"
    );
}

#[test]
fn bom_and_crlf_front_matter() {
    let b = build("multilocale");
    let html = b.file("pt-br/docs/create-account/index.html");
    assert!(html.contains("<title>Criar uma conta"), "{html}");
    assert!(html.contains(r#"datetime="2021-05-06""#));
    assert!(
        html.contains("Observação"),
        "alert title in the page's locale"
    );
    assert!(html.contains(r#"<html lang="pt-BR""#));
}

#[test]
fn navigation_breadcrumb_and_prev_next() {
    let b = build("multilocale");
    let html = b.file("en-us/docs/create-account/index.html");
    assert!(
        html.contains(
            r#"<a aria-current="page" href="/kb/en-us/docs/create-account/">Create an account</a>"#
        ),
        "{html}"
    );
    assert!(
        html.contains("<details open><summary><span>Accounts</span>"),
        "ancestor opened"
    );
    let crumbs = &html[html.find("breadcrumb").unwrap()..];
    assert!(
        crumbs.contains("Accounts"),
        "breadcrumb holds the TOC group"
    );
    assert!(
        html.contains(r#"href="/kb/en-us/docs/close-account/""#),
        "next article"
    );
    let faq = b.file("en-us/docs/faq/index.html");
    assert!(faq.contains("How do I start?"));
    assert!(faq.contains(r#"id="how-do-i-start-""#), "question anchors");
    assert!(
        faq.contains(r#"<h2 id="basics">"#),
        "section anchors exist where the on-page TOC points"
    );
    let landing = b.file("en-us/docs/landing/index.html");
    assert!(
        landing.contains(r#"href="/kb/en-us/docs/create-account/""#),
        "landing links resolved"
    );
}

#[test]
fn site_files() {
    let b = build("multilocale");
    let sitemap = b.file("sitemap.xml");
    assert!(sitemap.contains("<loc>https://help.example.org/kb/pt-br/docs/create-account/</loc><lastmod>2021-05-06</lastmod>"), "{sitemap}");
    assert!(b
        .file("robots.txt")
        .contains("Sitemap: https://help.example.org/kb/sitemap.xml"));
    assert!(b.file("404.html").contains("<html"));
    assert!(
        b.file("index.html").contains("/kb/en-us/"),
        "root goes to the default locale"
    );
    assert!(b.exists("_theme/ajuda.css"));
    assert!(b.file("_theme/highlight-light.css").contains(".hl-"));
    assert!(
        b.exists("en-us/index.html"),
        "generated home for a locale without index page"
    );
}

#[test]
fn no_config_is_one_locale_from_ms_contentlocale() {
    let tmp = site(&[
        (
            "a.md",
            "---\ntitle: A\nms.contentlocale: pt-br\n---\n# A\n\nSee [b](sub/b.md).\n",
        ),
        ("sub/b.md", "---\nms.contentlocale: pt-BR\n---\n# Bê\n"),
        ("TOC.md", "# [A](a.md)\n## [B](sub/b.md)\n"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    assert_eq!(b.report.pages, vec![("pt-BR".to_string(), 2)]);
    let html = b.file("pt-br/a/index.html");
    assert!(html.contains(r#"href="/pt-br/sub/b/""#));
    let b_html = b.file("pt-br/sub/b/index.html");
    assert!(
        b_html.contains("<title>Bê"),
        "title from the H1 when front matter has none"
    );
}

#[test]
fn no_config_defaults_to_en_us() {
    let tmp = site(&[("a.md", "# A\n")]);
    let b = build_root(tmp.path());
    assert_eq!(b.report.pages, vec![("en-US".to_string(), 1)]);
    assert!(b.exists("en-us/a/index.html"));
    assert!(
        !b.file("en-us/a/index.html").contains("nav-drawer"),
        "no TOC, no empty menu"
    );
}

#[test]
fn config_errors_point_at_the_key() {
    let tmp = site(&[("ajuda.toml", "title = \"x\"\ntitel = \"y\"\n")]);
    let err = Config::load(tmp.path(), None, &Overrides::default()).unwrap_err();
    assert_eq!(err[0].kind, Kind::Config);
    assert_eq!(err[0].line, 2);
    assert_eq!(err[0].suggestion.as_deref(), Some("title"));

    let tmp = site(&[(
        "ajuda.toml",
        "[[locales]]\ncode = \"not a tag\"\ndir = \"content\"\n[[locales]]\ncode = \"pt-BR\"\ndir = \"nowhere\"\n[check]\nmissing-pge = \"error\"\n",
    )]);
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    let err = Config::load(tmp.path(), None, &Overrides::default()).unwrap_err();
    let messages: Vec<String> = err
        .iter()
        .map(|d| format!("{}:{}", d.line, d.message))
        .collect();
    assert_eq!(err.len(), 3, "{messages:#?}");
    assert!(
        messages[0].starts_with("2:") && messages[0].contains("BCP-47"),
        "{messages:#?}"
    );
    assert!(
        messages[1].starts_with("6:") && messages[1].contains("does not exist"),
        "{messages:#?}"
    );
    assert_eq!(err[2].suggestion.as_deref(), Some("missing-page"));
}

#[test]
fn locale_dir_may_be_anywhere() {
    let elsewhere = site(&[("x.md", "---\nms.contentlocale: de-DE\n---\n# X\n")]);
    let dir = elsewhere.path().display().to_string();
    let tmp = site(&[(
        "ajuda.toml",
        &format!("[[locales]]\ncode = \"de-DE\"\ndir = \"{dir}\"\nprefix = \"de\"\n"),
    )]);
    let b = build_root(tmp.path());
    assert!(b.exists("de/x/index.html"));
}

#[test]
fn bad_input_is_reported_not_fatal() {
    let tmp = site(&[
        ("good.md", "# Good\n"),
        ("yaml.md", "---\ntitle: [unclosed\n---\n# Y\n"),
        ("date.md", "---\nms.date: 31/31/2020\n---\n# D\n"),
        ("toc.yml", "- name: A\n  href: [\n"),
    ]);
    std::fs::write(tmp.path().join("latin1.md"), b"# Caf\xe9\n").unwrap();
    let b = build_root(tmp.path());
    assert!(b.report.written, "content problems do not stop the site");
    let fm = b.diags(Kind::FrontMatter);
    assert!(
        fm.iter().any(|d| d.file == "yaml.md" && d.line == 2),
        "{fm:#?}"
    );
    assert!(
        fm.iter()
            .any(|d| d.file == "date.md" && d.line == 2 && d.severity == Severity::Warning),
        "{fm:#?}"
    );
    let enc = b.diags(Kind::Encoding);
    assert_eq!((enc[0].file.as_str(), enc[0].line), ("latin1.md", 1));
    assert_eq!(b.diags(Kind::Toc).len(), 1);
    assert!(b.exists("en-us/good/index.html"));
}

#[test]
fn site_templates_override_the_theme() {
    let tmp = site(&[
        ("a.md", "# A\n\nBody.\n"),
        (
            "templates/article.html",
            "CUSTOM {{ page.title }} {{ page.content | safe }}",
        ),
    ]);
    let b = build_root(tmp.path());
    assert_eq!(b.file("en-us/a/index.html"), "CUSTOM A <p>Body.</p>\n");
}

#[test]
fn init_creates_a_site_that_builds_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kb");
    ajuda::scaffold::init(&dir).unwrap();
    assert!(
        ajuda::scaffold::init(&dir).is_err(),
        "init does not overwrite"
    );
    let b = build_root(&dir);
    assert!(
        b.report.diagnostics.is_empty(),
        "{:#?}",
        b.report.diagnostics
    );
    assert!(b.exists("en-us/docs/getting-started/index.html"));
    assert!(b.exists("pt-br/docs/getting-started/index.html"));
}

#[test]
fn the_sample_site_builds_without_problems() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = build_root(root);
    let problems: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // Three locales, each with every page: the sample is fully translated.
    let locales: Vec<&str> = b.report.pages.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(locales, ["en-US", "pt-BR", "zh-CN"]);
    let english = b.report.pages[0].1;
    assert!(english > 0);
    assert!(
        b.report.pages.iter().all(|(_, n)| *n == english),
        "{:?}",
        b.report.pages
    );
}

#[test]
fn big_tocs_are_not_inlined_in_every_page() {
    let tmp = common::big_toc_site(400);
    let b = build_root(tmp.path());
    let html = b.file("en-us/a250/index.html");
    assert!(html.contains(r#"data-toc-src="/_toc/0.html""#), "{html}");
    assert!(html.contains(r#"<a aria-current="page" href="/en-us/a250/">Article 250</a>"#));
    assert!(
        html.contains(r#"href="/en-us/a259/""#),
        "siblings are listed"
    );
    assert!(
        !html.contains(r#"href="/en-us/a0/""#),
        "other groups' articles are not"
    );
    assert!(
        html.len() < 20_000,
        "page stays small: {} bytes",
        html.len()
    );
    let full = b.file("_toc/0.html");
    assert_eq!(
        full.matches("<a ").count(),
        400,
        "the full tree is written once"
    );
    let small = common::big_toc_site(30);
    let b = build_root(small.path());
    let html = b.file("en-us/a5/index.html");
    assert!(
        !html.contains("data-toc-src") && html.contains(r#"href="/en-us/a29/""#),
        "small TOCs are inlined whole"
    );
}

#[test]
fn landing_list_types_are_labelled_in_the_page_language() {
    let landing = "### YamlMime:Landing\ntitle: Centro\nmetadata:\n  ms.contentlocale: pt-BR\nlandingContent:\n  - title: Comece\n    linkLists:\n      - linkListType: how-to-guide\n        links:\n          - text: A\n            url: a.md\n";
    let tmp = site(&[
        ("index.yml", landing),
        ("a.md", "---\nms.contentlocale: pt-BR\n---\n# A\n"),
    ]);
    let b = build_root(tmp.path());
    let html = b.file("pt-br/index.html");
    assert!(html.contains(">Guia de instruções</p>"), "{html}");
}

/// Every link in the built sample site lands: its page exists in the output and its `#anchor`
/// is an `id` in that page (what the checker believed, verified on the HTML itself).
#[test]
fn every_internal_link_of_the_sample_site_lands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = build_root(root);
    let href = regex::Regex::new(r#"href="([^"]*)""#).unwrap();
    let id = regex::Regex::new(r#" id="([^"]*)""#).unwrap();
    let pages: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&b.out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let ids_of = |file: &std::path::Path| -> Vec<String> {
        let html = std::fs::read_to_string(file).unwrap();
        id.captures_iter(&html).map(|c| c[1].to_string()).collect()
    };
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        for c in href.captures_iter(&html) {
            let link = c[1].replace("&amp;", "&");
            let (path, frag) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rel) = path.strip_prefix('/') {
                let t = b.out.join(rel);
                if path.ends_with('/') {
                    t.join("index.html")
                } else {
                    t
                }
            } else {
                continue; // external
            };
            assert!(
                target.exists(),
                "{} links to {link}: no such file",
                page.display()
            );
            if let Some(f) = frag.filter(|f| !f.is_empty() && !f.starts_with("tab/")) {
                assert!(
                    ids_of(&target).iter().any(|i| i == f),
                    "{} links to {link}: no id `{f}`",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "only {checked} links checked: is the href pattern still right?"
    );
}

#[test]
fn two_sources_for_one_url_are_reported() {
    let tmp = site(&[("a.md", "# A\n"), ("a/index.md", "# A index\n")]);
    let b = build_root(tmp.path());
    let d = b.diags(Kind::DuplicatePage);
    assert_eq!(d.len(), 1, "{d:#?}");
}

#[test]
fn redirect_sources_outside_the_content_folder_are_ignored() {
    let tmp = site(&[
        ("a.md", "# A\n"),
        (
            ".openpublishing.redirection.json",
            r#"{"redirections":[{"source_path":"../other/old.md","redirect_url":"/a"}]}"#,
        ),
    ]);
    let b = build_root(tmp.path());
    assert!(b.report.written, "{:#?}", b.report.diagnostics);
    assert_eq!(b.diags(Kind::Redirect).len(), 1);
}

#[test]
fn toc_entries_that_are_not_pages_get_urls_that_work_from_any_page() {
    let tmp = site(&[
        ("docs/TOC.yml", "- name: Guide\n  href: files/guide.pdf\n- name: Start\n  href: /docs/start\n- name: Deep\n  href: sub/deep.md\n- name: Azure\n  href: /azure/overview\n"),
        ("docs/files/guide.pdf", "%PDF"),
        ("docs/start.md", "# Start\n"),
        ("docs/sub/deep.md", "# Deep\n"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    let html = b.file("en-us/docs/sub/deep/index.html");
    assert!(
        html.contains(r#"href="/en-us/docs/files/guide.pdf""#),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/en-us/docs/start/""#),
        "a root-relative entry to this site's page"
    );
    assert!(
        html.contains(r#"href="/azure/overview""#),
        "another docset stays as written"
    );
}

#[test]
fn heading_text_in_braces_is_kept() {
    let tmp = site(&[(
        "a.md",
        "# A\n\n## Replace {subscription-id}\n\n## Custom {#my-id}\n",
    )]);
    let b = build_root(tmp.path());
    let html = b.file("en-us/a/index.html");
    assert!(html.contains("Replace {subscription-id}</h2>"), "{html}");
    assert!(html.contains(r#"<h2 id="my-id">"#));
}
