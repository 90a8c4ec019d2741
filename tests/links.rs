//! Link resolution and checking: every kind of link, resolved and broken.

mod common;

use ajuda::diag::{Kind, Severity};
use common::{build_root, site};
use std::process::Command;

const CONFIG: &str = r#"
title = "Links"
default_locale = "en-US"
[[locales]]
code = "en-US"
dir = "en"
prefix = "en-us"
[[locales]]
code = "pt-BR"
dir = "pt"
prefix = "pt-br"
[redirects]
"docs/old-config.md" = "docs/target.md"
[external]
"/azure/" = "https://docs.example.com/{locale}/azure/"
"#;

fn links_site() -> tempfile::TempDir {
    site(&[
        ("ajuda.toml", CONFIG),
        (
            "en/docs/page.md",
            "# Page\n\n\
             [a](target.md) [b](./target.md#section-two) [c](..\\docs\\target.md?tabs=cli#section-two)\n\
             [d](sub/) [e](#local) [f](target.md?view=x) [g](old.md) [h](old-config.md)\n\
             [i](/docs/target) [j](/azure/vm/overview) [k](/other-docset/x) [l](xref:target.uid)\n\
             [m](Target.md) [n](https://example.com/a_(b)) ![img](media/pic.png)\n\n\
             [!INCLUDE [inc](../includes/inc.md)]\n\n\
             ## Local\n",
        ),
        ("en/docs/target.md", "---\nuid: target.uid\n---\n# Target\n\n## Section two\n\n<a name=\"explicit\"></a>Text.\n"),
        ("en/docs/sub/index.md", "# Sub\n"),
        ("en/docs/media/pic.png", "png"),
        ("en/includes/inc.md", "From include: [t](../docs/target.md#explicit).\n"),
        ("en/docs/faq.yml", "### YamlMime:FAQ\ntitle: FAQ\nsections:\n  - name: General\n    questions:\n      - question: Why is it so?\n        answer: Because.\n"),
        ("en/docs/faq-link.md", "# F\n\n[q](faq.yml#why-is-it-so-) [s](faq.yml#general)\n"),
        (
            "en/.openpublishing.redirection.json",
            r#"{"redirections": [
                {"source_path": "docs/old.md", "redirect_url": "/docs/target", "redirect_document_id": "FALSE"},
                {"source_path": "docs/gone.md", "redirect_url": "https://elsewhere.example.com/x", "redirect_document_id": true}
            ]}"#,
        ),
        ("pt/docs/page.md", "# Página\n\n[alvo](target.md)\n"),
        ("pt/docs/target.md", "# Alvo\n"),
    ])
}

#[test]
fn every_kind_of_link_resolves() {
    let tmp = links_site();
    let b = build_root(tmp.path());
    let errors = b.errors();
    assert!(errors.is_empty(), "{errors:#?}");
    let html = b.file("en-us/docs/page/index.html");
    for expected in [
        r#"<a href="/en-us/docs/target/">a</a>"#,
        r#"<a href="/en-us/docs/target/#section-two">b</a>"#,
        r#"<a href="/en-us/docs/target/?tabs=cli#section-two">c</a>"#,
        r#"<a href="/en-us/docs/sub/">d</a>"#,
        r##"<a href="#local">e</a>"##,
        r#"<a href="/en-us/docs/target/?view=x">f</a>"#,
        r#"<a href="/en-us/docs/target/">g</a>"#,
        r#"<a href="/en-us/docs/target/">h</a>"#,
        r#"<a href="/en-us/docs/target/">i</a>"#,
        r#"<a href="https://docs.example.com/en-us/azure/vm/overview">j</a>"#,
        r#"<a href="/other-docset/x">k</a>"#,
        r#"<a href="/en-us/docs/target/">l</a>"#,
        r#"<a href="/en-us/docs/target/">m</a>"#,
        r#"<a href="https://example.com/a_(b)">n</a>"#,
        r#"src="/en-us/docs/media/pic.png""#,
        r#"<a href="/en-us/docs/target/#explicit">t</a>"#,
    ] {
        assert!(
            html.contains(expected),
            "missing {expected} in\n{}",
            common::body(&html)
        );
    }
    let pt = b.file("pt-br/docs/page/index.html");
    assert!(
        pt.contains(r#"<a href="/pt-br/docs/target/">alvo</a>"#),
        "a pt-BR link goes to the pt-BR page"
    );
}

#[test]
fn notes_and_warnings_for_links_that_work() {
    let tmp = links_site();
    let b = build_root(tmp.path());
    let case = b.diags(Kind::CaseMismatch);
    assert_eq!(case.len(), 1, "{case:#?}");
    assert_eq!(
        (case[0].file.as_str(), case[0].line, case[0].severity),
        ("docs/page.md", 6, Severity::Warning)
    );
    let followed = b.diags(Kind::RedirectFollowed);
    assert_eq!(followed.len(), 2, "{followed:#?}");
    assert!(followed.iter().all(|d| d.severity == Severity::Note));
}

#[test]
fn redirect_sources_get_redirect_pages() {
    let tmp = links_site();
    let b = build_root(tmp.path());
    let old = b.file("en-us/docs/old/index.html");
    assert!(old.contains("/en-us/docs/target/"), "{old}");
    assert!(old.contains("http-equiv=\"refresh\""), "{old}");
    assert!(old.contains("rel=\"canonical\""));
    assert!(b
        .file("en-us/docs/gone/index.html")
        .contains("https://elsewhere.example.com/x"));
    assert!(b
        .file("en-us/docs/old-config/index.html")
        .contains("/en-us/docs/target/"));
}

#[test]
fn faq_and_include_anchors_count() {
    let tmp = links_site();
    let b = build_root(tmp.path());
    assert!(
        b.diags(Kind::MissingAnchor).is_empty(),
        "{:#?}",
        b.diags(Kind::MissingAnchor)
    );
}

fn broken_site() -> tempfile::TempDir {
    site(&[
        ("Archive/China-csp-program-guide-and-agreements.md", "# Guide\n\n## Requirements\n"),
        (
            "Archive/China-customer-support.md",
            "# Support\n\nSee the [guide](csp-program-guide-and-agreements.md).\n\
             Also [reqs](China-csp-program-guide-and-agreements.md#requirments) and [here](#nowhere).\n\
             ![Missing](media/none.png) [x](xref:no.such.uid) [root](/Archive/nothing-here)\n\n## Real\n",
        ),
        ("Archive/TOC.md", "# [Support](customer-support.md)\n"),
    ])
}

#[test]
fn broken_links_are_diagnostics_with_suggestions() {
    let tmp = broken_site();
    let b = build_root(tmp.path());
    let pages = b.diags(Kind::MissingPage);
    assert_eq!(pages.len(), 3, "{pages:#?}");
    let guide = pages
        .iter()
        .find(|d| d.target.as_deref() == Some("csp-program-guide-and-agreements.md"))
        .unwrap();
    assert_eq!(
        (guide.file.as_str(), guide.line, guide.column),
        ("Archive/China-customer-support.md", 3, 9)
    );
    assert_eq!(
        guide.suggestion.as_deref(),
        Some("China-csp-program-guide-and-agreements.md")
    );
    assert!(
        guide.message.contains("guide"),
        "the link text is in the message: {}",
        guide.message
    );
    let toc = pages.iter().find(|d| d.file == "Archive/TOC.md").unwrap();
    assert_eq!(toc.suggestion.as_deref(), Some("China-customer-support.md"));
    assert!(
        pages
            .iter()
            .any(|d| d.target.as_deref() == Some("/Archive/nothing-here")),
        "root-relative into the site is checked"
    );

    let anchors = b.diags(Kind::MissingAnchor);
    assert_eq!(anchors.len(), 2, "{anchors:#?}");
    assert_eq!(anchors[0].suggestion.as_deref(), Some("#requirements"));
    assert_eq!(anchors[1].target.as_deref(), Some("#nowhere"));
    assert_eq!(b.diags(Kind::MissingImage).len(), 1);
    assert_eq!(b.diags(Kind::MissingImage)[0].severity, Severity::Warning);
    assert_eq!(b.diags(Kind::Xref).len(), 1);
    assert!(
        b.report.written,
        "a site with broken links is still written"
    );
}

fn ajuda(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_json_for_ci() {
    let tmp = broken_site();
    let root = tmp.path().to_str().unwrap();
    let (code, stdout) = ajuda(&["check", "--root", root, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &v["diagnostics"][0];
    for key in [
        "severity",
        "kind",
        "file",
        "locale",
        "line",
        "column",
        "target",
        "message",
        "suggestion",
    ] {
        assert!(first.get(key).is_some(), "no {key} in {first}");
    }
    assert_eq!(v["summary"]["by_kind"]["missing-page"], 3);
    assert_eq!(v["summary"]["errors"], 3 + 2 + 1);
    assert!(!tmp.path().join("public").exists(), "check writes nothing");
}

#[test]
fn severity_is_configurable() {
    let tmp = broken_site();
    std::fs::write(
        tmp.path().join("ajuda.toml"),
        "[check]\nmissing-page = \"warning\"\nmissing-anchor = \"note\"\nxref = \"warning\"\n",
    )
    .unwrap();
    let (code, stdout) = ajuda(&[
        "check",
        "--root",
        tmp.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 0, "{stdout}");
    assert_eq!(code, 0);
}

#[test]
fn check_human_output_groups_by_file() {
    let tmp = broken_site();
    let out = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(["check", "--root", tmp.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("\nArchive/China-customer-support.md (en-US)\n")
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("Archive/China-customer-support.md:3:9: error[missing-page]"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `China-csp-program-guide-and-agreements.md`?"));
    assert!(err.contains("by kind: "));
}

#[test]
fn broken_links_in_folded_faq_answers_point_at_their_line() {
    let faq = "### YamlMime:FAQ\ntitle: FAQ\nsections:\n  - name: General\n    questions:\n      - question: Where?\n        answer: >\n          First paragraph.\n\n\n          See [the guide](missing-guide.md) for more.\n";
    let tmp = site(&[("faq.yml", faq)]);
    let b = build_root(tmp.path());
    let d = b.diags(Kind::MissingPage);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].file.as_str(), d[0].line, d[0].column),
        ("faq.yml", 11, 27)
    );
}

#[test]
fn root_relative_links_to_top_level_pages_are_checked() {
    let tmp = site(&[
        ("a.md", "# A\n\n[ok](/b.md) [also](/b) [locale](/en-us/b) [gone](/nope.md) [gone too](/en-us/nope) [other](/azure/x)\n"),
        ("b.md", "# B\n"),
    ]);
    let b = build_root(tmp.path());
    let html = b.file("en-us/a/index.html");
    assert!(
        html.contains(r#"<a href="/en-us/b/">ok</a>"#)
            && html.contains(r#"<a href="/en-us/b/">also</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/en-us/b/">locale</a>"#));
    let missing: Vec<_> = b
        .diags(Kind::MissingPage)
        .iter()
        .map(|d| d.target.clone().unwrap())
        .collect();
    assert_eq!(
        missing,
        vec!["/nope.md".to_string(), "/en-us/nope".to_string()]
    );
}

#[test]
fn a_file_in_another_folder_is_suggested_from_the_root() {
    let tmp = site(&[("docs/a.md", "# A\n\n[b](/b.md)\n"), ("docs/b.md", "# B\n")]);
    let b = build_root(tmp.path());
    let d = b.diags(Kind::MissingPage);
    assert_eq!(d[0].suggestion.as_deref(), Some("/docs/b.md"));
}

#[test]
fn scripts_are_published_and_html_entities_are_decoded() {
    let tmp = site(&[
        ("a.md", "# A\n\n[script](setup.ps1) <a href=\"b.md?x=1&amp;y=2\">b</a>\n\n:::code language=\"json\" source=\"sample.json\":::\n"),
        ("b.md", "# B\n"),
        ("setup.ps1", "Write-Host hi\n"),
        ("sample.json", "{\"a\": 1}\n"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    let html = b.file("en-us/a/index.html");
    assert!(html.contains(r#"href="/en-us/setup.ps1""#), "{html}");
    assert!(
        b.exists("en-us/setup.ps1"),
        "scripts readers download are published"
    );
    assert!(html.contains(r#"href="/en-us/b/?x=1&amp;y=2""#), "{html}");
    assert!(
        html.contains(r#"data-lang="json""#),
        "a JSON file serves as a code sample"
    );
}

#[test]
fn urls_of_unusual_file_names_are_encoded() {
    let tmp = site(&[
        (
            "a.md",
            "# A\n\n[b](b%20c%23d.md) ![i](100%25.png) [z](文档.md)\n",
        ),
        ("b c#d.md", "# B\n"),
        ("100%.png", "png"),
        ("文档.md", "# 文档\n"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    let html = b.file("en-us/a/index.html");
    assert!(html.contains(r#"href="/en-us/b%20c%23d/""#), "{html}");
    assert!(html.contains(r#"src="/en-us/100%25.png""#), "{html}");
    assert!(
        html.contains(r#"href="/en-us/%E6%96%87%E6%A1%A3/""#),
        "{html}"
    );
    assert!(
        b.exists("en-us/b c#d/index.html")
            && b.exists("en-us/100%.png")
            && b.exists("en-us/文档/index.html")
    );
}

/// A link reported as an error is its text wherever it is written: Markdown body, raw HTML and
/// navigation alike, never the `.md` address (a 404 for the reader).
#[test]
fn a_broken_link_is_text_in_the_body_and_the_navigation_alike() {
    let tmp = site(&[
        (
            "docs/page.md",
            "# Page\n\nSee [the gone page](gone.md), <a href=\"gone.md\">raw</a>, [an uid](xref:No.Uid) and [a real one](other.md).\n",
        ),
        ("docs/other.md", "# Other\n"),
        (
            "ajuda.toml",
            "[external]\n\"/\" = \"https://learn.microsoft.com/{locale}/\"\n",
        ),
        (
            "docs/toc.yml",
            "- name: Page\n  href: page.md\n- name: Gone\n  href: gone.md\n- name: Learn\n  href: /azure/overview\n",
        ),
    ]);
    let b = build_root(tmp.path());
    let missing = b.diags(Kind::MissingPage);
    assert_eq!(missing.len(), 3, "body, raw HTML and TOC: {missing:#?}");
    let html = b.file("en-us/docs/page/index.html");
    assert!(
        html.contains("See <span class=\"broken-link\">the gone page</span>, <a>raw</a>, <span class=\"broken-link\">an uid</span> and <a href=\"/en-us/docs/other/\">a real one</a>."),
        "{html}"
    );
    assert!(
        !html.contains("gone.md\""),
        "no .md address is written: {html}"
    );
    assert!(
        html.contains("<span>Gone</span>"),
        "the TOC entry is text too"
    );
    assert!(
        html.contains("href=\"https://learn.microsoft.com/en-us/azure/overview\""),
        "a TOC entry into the rest of Learn is a link, as in the body"
    );
}
