//! `### YamlMime:Hub` pages render as hub pages with every link resolved and checked; YAML
//! types ajuda does not render are not published.

mod common;

use ajuda::diag::{Kind, Severity};
use common::{build_root, site};

/// A hub with every section. Line numbers matter: the tests below point into it.
const FULL_HUB: &str = "\
### YamlMime:Hub
title: Fabrikam help
summary: Everything about Fabrikam.
brand: azure
metadata:
  title: Fabrikam documentation
  description: Start here.
  ms.topic: hub-page
highlightedContent:
  items:
  - title: What is Fabrikam?
    itemType: overview
    url: docs/intro.md
  - title: Set it up
    itemType: get-started
    url: docs/setup.md#before-you-start
conceptualContent:
  title: Understand Fabrikam
  summary: The ideas behind it.
  items:
  - title: Basics
    links:
    - url: docs/intro.md
      itemType: concept
      text: Introduction
    - url: https://example.com/more
      text: More reading
    footerLink:
      url: docs/setup.md
      text: See more
tools:
  title: Tools
  summary: Work faster.
  items:
  - title: Fabrikam CLI
    imageSrc: media/cli.svg
    url: docs/cli.md
productDirectory:
  title: Products
  items:
  - title: Fabrikam Cloud
    imageSrc: media/cloud.svg
    summary: Hosted Fabrikam.
    links:
    - url: docs/cloud.md
      text: Get started with Cloud
  - title: Fabrikam Edge
    text: Edge overview
    url: docs/edge.md
additionalContent:
  sections:
  - title: Community
    summary: Talk to others.
    items:
    - title: Forums
      summary: Ask questions.
      links:
      - text: Q&A
        url: docs/qa.md
        note: (moderated)
      url: docs/forums.md
  footer: \"Missing something? [Tell us](docs/feedback.md).\"
";

const PAGES: &[(&str, &str)] = &[
    ("docs/intro.md", "# Intro\n"),
    ("docs/setup.md", "# Setup\n\n## Before you start\n\nText.\n"),
    ("docs/cli.md", "# CLI\n"),
    ("docs/cloud.md", "# Cloud\n"),
    ("docs/edge.md", "# Edge\n"),
    ("docs/qa.md", "# Q&A\n"),
    ("docs/forums.md", "# Forums\n"),
    ("docs/feedback.md", "# Feedback\n"),
    (
        "media/cli.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    ),
    (
        "media/cloud.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    ),
];

fn full_site(hub: &str) -> tempfile::TempDir {
    let mut files: Vec<(&str, &str)> = PAGES.to_vec();
    files.push(("hub.yml", hub));
    site(&files)
}

#[test]
fn hub_renders_every_section_in_order() {
    let tmp = full_site(FULL_HUB);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    let html = b.file("en-us/hub/index.html");
    for fragment in [
        r#"<body class="kind-hub""#,
        r#"<div class="page-head hero hub-hero hub-brand-azure">"#,
        "<h1>Fabrikam help</h1>",
        "<div class=\"summary hub-summary\">\n<p>Everything about Fabrikam.</p>",
        // Highlighted content: type label and title, linked.
        r#"<li class="hub-highlight" data-type="overview"><a href="/en-us/docs/intro/"><span class="hub-type">Overview</span><span class="hub-item-title">What is Fabrikam?</span></a></li>"#,
        r#"<a href="/en-us/docs/setup/#before-you-start"><span class="hub-type">Get started</span>"#,
        // Conceptual content: heading, summary, card with typed links and a footer link.
        "<section class=\"hub-section hub-conceptual\" aria-labelledby=\"understand-fabrikam\">\n<h2 id=\"understand-fabrikam\">Understand Fabrikam</h2>\n<p class=\"hub-section-summary\">The ideas behind it.</p>",
        "<article class=\"hub-card\">\n<h3>Basics</h3>\n<ul class=\"hub-links\">\n<li data-type=\"concept\"><span class=\"hub-type\">Concept</span> <a href=\"/en-us/docs/intro/\">Introduction</a></li>\n<li><a href=\"https://example.com/more\">More reading</a></li>\n</ul>\n<p class=\"hub-card-footer\"><a href=\"/en-us/docs/setup/\">See more</a></p>\n</article>",
        // Tools: image and title in one link.
        r#"<li class="hub-tool"><a href="/en-us/docs/cli/"><img src="/en-us/media/cli.svg" alt="" loading="lazy"><span class="hub-item-title">Fabrikam CLI</span></a></li>"#,
        // Product directory: image, title, summary, links; an item written as one link.
        "<article class=\"hub-card\">\n<img class=\"hub-card-image\" src=\"/en-us/media/cloud.svg\" alt=\"\" loading=\"lazy\">\n<h3>Fabrikam Cloud</h3>\n<p class=\"hub-card-summary\">Hosted Fabrikam.</p>\n<ul class=\"hub-links\">\n<li><a href=\"/en-us/docs/cloud/\">Get started with Cloud</a></li>\n</ul>\n</article>",
        "<h3>Fabrikam Edge</h3>\n<ul class=\"hub-links\">\n<li><a href=\"/en-us/docs/edge/\">Edge overview</a></li>",
        // Additional content: a linked card title, a link with its note, the footer.
        "<h3><a href=\"/en-us/docs/forums/\">Forums</a></h3>\n<p class=\"hub-card-summary\">Ask questions.</p>",
        r#"<li><a href="/en-us/docs/qa/">Q&amp;A</a> <span class="hub-note">(moderated)</span></li>"#,
        "<div class=\"hub-footer\">\n<p>Missing something? <a href=\"/en-us/docs/feedback/\">Tell us</a>.</p>",
    ] {
        assert!(html.contains(fragment), "missing {fragment}\nin\n{html}");
    }
    let order: Vec<usize> = [
        "hub-highlighted",
        "hub-conceptual",
        "hub-tools",
        "hub-products",
        "hub-additional",
        "hub-footer",
    ]
    .iter()
    .map(|c| {
        html.find(&format!("class=\"hub-section {c}\""))
            .or_else(|| html.find(&format!("class=\"{c}\"")))
            .unwrap_or_else(|| panic!("no {c}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn hub_title_is_the_metadata_title() {
    let tmp = full_site(FULL_HUB);
    let b = build_root(tmp.path());
    let html = b.file("en-us/hub/index.html");
    assert!(
        html.contains("<title>Fabrikam documentation | "),
        "{}",
        &html[..600]
    );
    assert!(html.contains(r#"<meta name="description" content="Start here.">"#));
}

#[test]
fn missing_sections_are_absent() {
    let hub = "### YamlMime:Hub\ntitle: Small hub\nsummary: Just tools.\ntools:\n  items:\n  - title: CLI\n    url: docs/cli.md\n";
    let tmp = full_site(hub);
    let b = build_root(tmp.path());
    assert!(
        b.report
            .diagnostics
            .iter()
            .all(|d| d.severity == ajuda::diag::Severity::Note),
        "{:#?}",
        b.report.diagnostics
    );
    let html = b.file("en-us/hub/index.html");
    assert!(html.contains("<section class=\"hub-section hub-tools\">\n<ul class=\"hub-tools\">\n<li class=\"hub-tool\"><a href=\"/en-us/docs/cli/\"><span class=\"hub-item-title\">CLI</span></a></li>\n</ul>\n</section>"), "{html}");
    for absent in [
        "hub-highlighted",
        "hub-conceptual",
        "hub-products",
        "hub-additional",
        "hub-footer",
        "<h2",
    ] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
}

#[test]
fn broken_links_and_images_are_reported_at_their_lines() {
    let hub = FULL_HUB
        .replace("url: docs/qa.md", "url: docs/nowhere.md")
        .replace("imageSrc: media/cli.svg", "imageSrc: media/gone.svg");
    let tmp = full_site(&hub);
    let b = build_root(tmp.path());
    let missing = b.diags(Kind::MissingPage);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert_eq!(missing[0].file, "hub.yml");
    assert_eq!(missing[0].line, 59);
    assert_eq!(missing[0].target.as_deref(), Some("docs/nowhere.md"));
    assert_eq!(missing[0].severity, Severity::Error);
    let images = b.diags(Kind::MissingImage);
    assert_eq!(images.len(), 1, "{images:#?}");
    assert_eq!((images[0].file.as_str(), images[0].line), ("hub.yml", 36));
    // The page is still written.
    assert!(b.exists("en-us/hub/index.html"));
}

#[test]
fn broken_anchor_in_a_hub_link_is_reported() {
    let hub = FULL_HUB.replace("#before-you-start", "#after-you-start");
    let tmp = full_site(&hub);
    let b = build_root(tmp.path());
    let anchors = b.diags(Kind::MissingAnchor);
    assert_eq!(anchors.len(), 1, "{anchors:#?}");
    assert_eq!((anchors[0].file.as_str(), anchors[0].line), ("hub.yml", 16));
}

#[test]
fn context_object_is_a_note_and_not_published() {
    let tmp = site(&[
        ("index.md", "# Home\n"),
        (
            "context/context.yml",
            "### YamlMime:ContextObject\nbrand: azure\nbreadcrumb_path: ../breadcrumb/toc.yml\ntoc_rel: ../toc.yml\n",
        ),
    ]);
    let b = build_root(tmp.path());
    let notes: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.file == "context/context.yml")
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].severity, Severity::Note);
    assert_eq!(notes[0].line, 1);
    assert!(
        notes[0].message.contains("ContextObject"),
        "{}",
        notes[0].message
    );
    assert!(b.errors().is_empty());
    assert!(!b.exists("en-us/context/context/index.html"));
    assert!(!b.exists("en-us/context/index.html"));
}

#[test]
fn malformed_sections_are_diagnostics_not_panics() {
    let hub = "\
### YamlMime:Hub
title: Broken hub
highlightedContent:
  items: docs/intro.md
conceptualContent: a string
tools:
  items:
  - just text
  - title: CLI
    url: docs/cli.md
productDirectory:
  items:
  - title: Cloud
    links:
    - text: No URL here
additionalContent:
  sections: [1, 2]
";
    let tmp = full_site(hub);
    let b = build_root(tmp.path());
    let yaml: Vec<(u32, &str)> = b
        .diags(Kind::Yaml)
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        yaml,
        vec![
            (4, "`items` must be a list; it was ignored"),
            (5, "`conceptualContent` must be a mapping of keys; it was ignored"),
            (8, "an entry of `items` must be a mapping of keys (`title:`, `url:`...); it was ignored"),
            (15, "a link needs `text` and `url`"),
            (17, "an entry of `sections` must be a mapping of keys (`title:`, `url:`...); it was ignored"),
            (17, "an entry of `sections` must be a mapping of keys (`title:`, `url:`...); it was ignored"),
        ],
        "{:#?}",
        b.report.diagnostics
    );
    // The rest of the page is there.
    let html = b.file("en-us/hub/index.html");
    assert!(
        html.contains(r#"<a href="/en-us/docs/cli/"><span class="hub-item-title">CLI</span></a>"#),
        "{html}"
    );
    assert!(html.contains("<h3>Cloud</h3>"), "{html}");
}

#[test]
fn flow_style_lists_are_read_and_reported_on_their_line() {
    let hub = "### YamlMime:Hub\ntitle: Flow\nconceptualContent:\n  items:\n  - title: Card\n    links: [{text: Intro, url: docs/intro.md}, {text: Gone, url: docs/gone.md}]\n";
    let tmp = full_site(hub);
    let b = build_root(tmp.path());
    let missing = b.diags(Kind::MissingPage);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert_eq!(missing[0].line, 6);
    let html = b.file("en-us/hub/index.html");
    assert!(
        html.contains(r#"<li><a href="/en-us/docs/intro/">Intro</a></li>"#),
        "{html}"
    );
}
