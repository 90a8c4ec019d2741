//! The DocFX Markdown dialect, construct by construct: each test builds a fixture site
//! (`tests/fixtures/dialect-*`, whose `templates/article.html` prints only the body) and asserts
//! the exact HTML of one page's body.

mod common;

use ajuda::diag::{Kind, Severity};
use common::{body, build_inline, page, Built};

/// (file, line, column) of each diagnostic of a kind.
fn places(b: &Built, kind: Kind) -> Vec<(String, u32, u32)> {
    b.diags(kind)
        .iter()
        .map(|d| (d.file.clone(), d.line, d.column))
        .collect()
}

// ----- alerts and [!div] -----

#[test]
fn alerts_of_every_kind_and_any_case() {
    let b = common::build("dialect-alerts");
    assert_eq!(
        page(&b, "kinds"),
        r#"<div class="alert alert-note" role="note">
<p class="alert-title">Note</p>
<p>A note.</p>
</div>
<div class="alert alert-tip" role="note">
<p class="alert-title">Tip</p>
<p>A tip.</p>
</div>
<div class="alert alert-important" role="note">
<p class="alert-title">Important</p>
<p>Important.</p>
</div>
<div class="alert alert-caution" role="note">
<p class="alert-title">Caution</p>
<p>Careful.</p>
</div>
<div class="alert alert-warning" role="note">
<p class="alert-title">Warning</p>
<p>Danger.</p>
</div>
<div class="alert alert-note" role="note">
<p class="alert-title">Note</p>
<p>Mixed case.</p>
</div>"#
    );
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
}

#[test]
fn alert_with_text_on_the_marker_line() {
    let b = common::build("dialect-alerts");
    assert_eq!(
        page(&b, "same-line"),
        r#"<div class="alert alert-tip" role="note">
<p class="alert-title">Tip</p>
<p>Read <a href="/en-us/kinds/">the docs</a> first.</p>
</div>"#
    );
}

#[test]
fn alert_holding_a_list_and_code() {
    let b = common::build("dialect-alerts");
    assert_eq!(
        page(&b, "content"),
        r#"<div class="alert alert-note" role="note">
<p class="alert-title">Note</p>
<p>Steps:</p>
<ul>
<li>one</li>
<li>two</li>
</ul>
<div class="code-block"><pre class="code"><code>a &lt; b
</code></pre></div>
</div>"#
    );
}

#[test]
fn alert_nested_in_a_list_item() {
    let b = common::build("dialect-alerts");
    assert_eq!(
        page(&b, "in-list"),
        r#"<ol>
<li>
<p>Step one.</p>
<div class="alert alert-tip" role="note">
<p class="alert-title">Tip</p>
<p>Inside a list.</p>
</div>
</li>
<li>
<p>Step two.</p>
</li>
</ol>"#
    );
}

#[test]
fn div_nextstepaction_and_plain_blockquote() {
    let b = common::build("dialect-alerts");
    assert_eq!(
        page(&b, "div"),
        r#"<div class="nextstepaction">
<p><a href="/en-us/kinds/">Next</a></p>
</div>
<blockquote>
<p>Plain quote.</p>
</blockquote>"#
    );
}

#[test]
fn alert_titles_are_localized() {
    let b = common::build("dialect-alerts-pt");
    assert_eq!(
        body(&b.file("pt-br/page/index.html")),
        r#"<div class="alert alert-note" role="note">
<p class="alert-title">Observação</p>
<p>Uma nota.</p>
</div>
<div class="alert alert-warning" role="note">
<p class="alert-title">Aviso</p>
<p>Cuidado.</p>
</div>"#
    );
}

// ----- headings and anchors -----

#[test]
fn explicit_anchors() {
    let b = common::build("dialect-headings");
    // `<a name>` becomes `<a id>`; one that repeats the heading's own id is dropped (two
    // elements with one id is invalid HTML); an author's anchor keeps its id and a later
    // heading with the same text gets the next one.
    assert_eq!(
        page(&b, "anchors"),
        r##"<h2 id="next-steps"><a class="heading-anchor" href="#next-steps" aria-hidden="true" tabindex="-1">#</a>Next steps</h2>
<h2 id="two-anchors"><a class="heading-anchor" href="#two-anchors" aria-hidden="true" tabindex="-1">#</a><a id="one"></a><a id="two"></a>Two anchors</h2>
<p>A paragraph with <a id="para-anchor"></a>an anchor.</p>
<p><a id="setup"></a></p>
<h2 id="setup-1"><a class="heading-anchor" href="#setup-1" aria-hidden="true" tabindex="-1">#</a>Setup</h2>
<p><a href="#next-steps">1</a> <a href="#two">2</a> <a href="#para-anchor">3</a> <a href="#setup">4</a> <a href="#setup-1">5</a></p>"##
    );
}

#[test]
fn heading_ids_unicode_duplicates_custom_and_no_h1() {
    let b = common::build("dialect-headings");
    // The H1 leaves the body (the theme prints it, with its id `title`); its explicit anchors
    // stay, so links land.
    assert_eq!(
        page(&b, "ids"),
        r##"<a id="top-anchor"></a>
<p>Intro.</p>
<h2 id="后续步骤"><a class="heading-anchor" href="#后续步骤" aria-hidden="true" tabindex="-1">#</a>后续步骤</h2>
<h2 id="overview"><a class="heading-anchor" href="#overview" aria-hidden="true" tabindex="-1">#</a>Overview</h2>
<h2 id="overview-1"><a class="heading-anchor" href="#overview-1" aria-hidden="true" tabindex="-1">#</a>Overview</h2>
<h2 id="custom-id"><a class="heading-anchor" href="#custom-id" aria-hidden="true" tabindex="-1">#</a>Custom</h2>
<h3 id="whats-new-2021"><a class="heading-anchor" href="#whats-new-2021" aria-hidden="true" tabindex="-1">#</a>What's new? (2021)</h3>
<p><a href="#%E5%90%8E%E7%BB%AD%E6%AD%A5%E9%AA%A4">zh</a> <a href="#overview-1">dup</a> <a href="#custom-id">custom</a> <a href="#top-anchor">top</a> <a href="#title">title</a></p>"##
    );
}

#[test]
fn the_h1_has_an_id_like_every_heading() {
    let site = common::site(&[(
        "a.md",
        "# Getting started\n\nText.\n\n## Details\n\n[Back to top](#getting-started)\n",
    )]);
    let b = common::build_root(site.path());
    assert!(
        b.diags(Kind::MissingAnchor).is_empty(),
        "{:#?}",
        b.report.diagnostics
    );
    let html = b.file("en-us/a/index.html");
    assert!(
        html.contains("<h1 id=\"getting-started\">Getting started</h1>"),
        "{html}"
    );
    // Once: the body does not repeat it.
    assert_eq!(html.matches("id=\"getting-started\"").count(), 1);
}

#[test]
fn every_anchor_link_lands_except_the_broken_one() {
    let b = common::build("dialect-headings");
    assert_eq!(
        places(&b, Kind::MissingAnchor),
        vec![("broken.md".to_string(), 9, 1)]
    );
    assert_eq!(
        b.diags(Kind::MissingAnchor)[0].target.as_deref(),
        Some("#nope")
    );
}

// ----- images -----

#[test]
fn image_content_lightbox_and_border() {
    let b = common::build("dialect-images");
    assert_eq!(
        page(&b, "content"),
        r#"<figure class="image image-content image-border"><img src="/en-us/media/a.png" alt="A" loading="lazy"></figure>
<figure class="image image-content image-border"><a class="lightbox" href="/en-us/media/a.png"><img src="/en-us/media/a.png" alt="A" loading="lazy"></a></figure>
<figure class="image image-content"><img src="/en-us/media/a.png" alt="A" loading="lazy"></figure>"#
    );
}

#[test]
fn image_icon_block_and_inline() {
    let b = common::build("dialect-images");
    assert_eq!(
        page(&b, "icon"),
        r#"<figure class="image image-icon"><img src="/en-us/media/icon.png" alt="" loading="lazy"></figure>
<p>Inline <span class="image image-icon"><img src="/en-us/media/icon.png" alt="" loading="lazy"></span> icon.</p>"#
    );
    // Icons are decorative: no alt-text needed.
    assert!(b
        .diags(Kind::MissingAltText)
        .iter()
        .all(|d| d.file != "icon.md"));
}

#[test]
fn image_complex_with_long_description() {
    let b = common::build("dialect-images");
    assert_eq!(
        page(&b, "complex"),
        r#"<figure class="image image-complex image-border"><img src="/en-us/media/a.png" alt="A chart" loading="lazy"><details class="long-description"><summary>Long description</summary>
<p>The chart shows <strong>growth</strong>.</p>
</details></figure>"#
    );
}

#[test]
fn markdown_images_with_lightbox_and_title() {
    let b = common::build("dialect-images");
    assert_eq!(
        page(&b, "markdown"),
        r#"<p><a class="lightbox" href="/en-us/media/a.png"><img src="/en-us/media/a.png" alt="Alt text" loading="lazy"></a></p>
<p><img src="/en-us/media/a.png" alt="Plain" title="Title" loading="lazy"></p>"#
    );
}

#[test]
fn missing_alt_text_and_missing_images_are_warnings() {
    let b = common::build("dialect-images");
    assert_eq!(
        page(&b, "broken"),
        r#"<p>Text.</p>
<figure class="image image-content image-border"><img src="/en-us/media/a.png" alt="" loading="lazy"></figure>
<figure class="image image-content image-border"><img src="media/missing.png" alt="Missing" loading="lazy"></figure>
<p><img src="media/gone.png" alt="Gone" loading="lazy"></p>"#
    );
    assert_eq!(
        places(&b, Kind::MissingAltText),
        vec![("broken.md".to_string(), 9, 1)]
    );
    assert_eq!(
        places(&b, Kind::MissingImage),
        vec![
            ("broken.md".to_string(), 11, 1),
            ("broken.md".to_string(), 13, 1)
        ]
    );
    let targets: Vec<_> = b
        .diags(Kind::MissingImage)
        .iter()
        .map(|d| d.target.clone().unwrap_or_default())
        .collect();
    assert_eq!(targets, ["media/missing.png", "media/gone.png"]);
    assert!(b
        .report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.kind, Kind::MissingAltText | Kind::MissingImage))
        .all(|d| d.severity == Severity::Warning));
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
}

// ----- includes -----

#[test]
fn includes_block_inline_nested_and_in_a_list() {
    let b = common::build("dialect-includes");
    // The heading of the include is an anchor of the page (the link to it is not reported),
    // and the include's link and image resolve from the include's folder.
    assert_eq!(
        page(&b, "page"),
        r##"<p>Before.</p>
<h2 id="heading-from-include"><a class="heading-anchor" href="#heading-from-include" aria-hidden="true" tabindex="-1">#</a>Heading from include</h2>
<p>Included <strong>text</strong> with a <a href="/en-us/other/target/">link</a> and <img src="/en-us/includes/media/inc.png" alt="an image" loading="lazy">.</p>
<p>Inline: <em>inline words</em> after.</p>
<p>Outer start.</p>
<p>Inner text.</p>
<ul>
<li>
<p>Item:</p>
<p>Inner text.</p>
</li>
</ul>
<p><a href="#heading-from-include">See the included heading</a></p>"##
    );
    let on_page: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.file != "cycle.md" && !d.file.contains("cycle-"))
        .filter(|d| d.severity != Severity::Note)
        .collect();
    assert!(on_page.is_empty(), "{on_page:#?}");
}

#[test]
fn include_cycle_and_escape_are_diagnostics() {
    let b = common::build("dialect-includes");
    assert_eq!(
        page(&b, "cycle"),
        r#"<p>A.</p>
<p>B.</p>
<p>End.</p>"#
    );
    assert_eq!(
        places(&b, Kind::IncludeCycle),
        vec![("includes/cycle-b.md".to_string(), 3, 15)]
    );
    assert_eq!(
        places(&b, Kind::OutsideRoot),
        vec![("cycle.md".to_string(), 9, 20)]
    );
    assert_eq!(
        b.diags(Kind::OutsideRoot)[0].target.as_deref(),
        Some("../../x.md")
    );
}

// ----- tabs, zones, details -----

#[test]
fn tabs() {
    let b = common::build("dialect-tabs");
    assert_eq!(
        page(&b, "tabs"),
        r#"<div class="tabs">
<input type="radio" class="tab-radio" name="tabs-1" id="tabs-1-1" data-tab="portal" checked><label class="tab-label" for="tabs-1-1">Portal</label>
<section class="tab-panel" data-tab="portal" aria-label="Portal">
<p>Use the <strong>portal</strong>.</p>
</section>
<input type="radio" class="tab-radio" name="tabs-1" id="tabs-1-2" data-tab="cli"><label class="tab-label" for="tabs-1-2">CLI</label>
<section class="tab-panel" data-tab="cli" aria-label="CLI">
<p>Run <code>az</code>.</p>
</section>
</div>
<p>After tabs.</p>"#
    );
}

#[test]
fn zones_stray_end_and_unclosed_zone() {
    let b = common::build("dialect-tabs");
    // A `zone-end` without a zone closes nothing (it would close the theme's own `div`); a zone
    // left open is closed at the end of the page.
    assert_eq!(
        page(&b, "zones"),
        r#"<div class="zone" data-pivot="x">
<p>Zone text.</p>
</div>
<div class="zone" data-pivot="y">
<p>Unclosed zone.</p>
</div>"#
    );
}

#[test]
fn details_with_markdown_inside() {
    let b = common::build("dialect-tabs");
    assert_eq!(
        page(&b, "details"),
        r#"<details><summary>S</summary>
<p>Markdown <strong>inside</strong>.</p>
</details>"#
    );
}

// ----- code and video -----

#[test]
fn fenced_code_in_docs_languages() {
    let b = common::build("dialect-code");
    assert_eq!(
        page(&b, "fences"),
        r#"<div class="code-block" data-lang="powershell" data-label="PowerShell"><pre class="code"><code><span class="hl-source hl-powershell"><span class="hl-support hl-function hl-powershell">Get-Item</span>
</span></code></pre></div>
<div class="code-block" data-lang="azurecli" data-label="Azure CLI"><pre class="code"><code><span class="hl-source hl-shell hl-bash"><span class="hl-meta hl-function-call hl-shell"><span class="hl-variable hl-function hl-shell">az</span></span><span class="hl-meta hl-function-call hl-arguments hl-shell"> login</span>
</span></code></pre></div>
<div class="code-block" data-lang="json" data-label="JSON"><pre class="code"><code><span class="hl-source hl-json"><span class="hl-meta hl-mapping hl-json"><span class="hl-punctuation hl-section hl-mapping hl-begin hl-json">{</span><span class="hl-punctuation hl-section hl-mapping hl-end hl-json">}</span></span>
</span></code></pre></div>
<div class="code-block" data-lang="console" data-label="Console"><pre class="code"><code><span class="hl-source hl-shell hl-bash"><span class="hl-meta hl-function-call hl-shell"><span class="hl-variable hl-function hl-shell">$</span></span><span class="hl-meta hl-function-call hl-arguments hl-shell"> ls</span>
</span></code></pre></div>"#
    );
}

#[test]
fn unknown_language_list_item_fence_and_indented_code() {
    let b = common::build("dialect-code");
    assert_eq!(
        page(&b, "plain"),
        r#"<div class="code-block" data-lang="foo" data-label="foo"><pre class="code"><code>a &lt; b &amp; c
</code></pre></div>
<ul>
<li>
<p>Item:</p>
<div class="code-block" data-lang="json" data-label="JSON"><pre class="code"><code><span class="hl-source hl-json"><span class="hl-meta hl-mapping hl-json"><span class="hl-punctuation hl-section hl-mapping hl-begin hl-json">{</span><span class="hl-punctuation hl-section hl-mapping hl-end hl-json">}</span></span>
</span></code></pre></div>
</li>
</ul>
<p>Indented:</p>
<div class="code-block"><pre class="code"><code>plain &lt;code&gt;
</code></pre></div>"#
    );
    // Only the page written to miss its sample has a problem.
    assert!(
        b.report
            .diagnostics
            .iter()
            .all(|d| d.file == "missing-snippet.md" || d.severity == Severity::Note),
        "{:#?}",
        b.report.diagnostics
    );
}

#[test]
fn code_directive_with_range() {
    let b = common::build("dialect-code");
    assert_eq!(
        page(&b, "snippet"),
        r#"<div class="code-block" data-lang="csharp" data-label="C#"><pre class="code"><code><span class="hl-source hl-cs"><span class="hl-storage hl-type hl-variable hl-cs">var</span> <span class="hl-variable hl-other hl-cs">x</span> <span class="hl-keyword hl-operator hl-assignment hl-variable hl-cs">=</span> <span class="hl-constant hl-numeric hl-integer hl-decimal hl-cs">1</span><span class="hl-punctuation hl-terminator hl-statement hl-cs">;</span>
<span class="hl-storage hl-type hl-variable hl-cs">var</span> <span class="hl-variable hl-other hl-cs">y</span> <span class="hl-keyword hl-operator hl-assignment hl-variable hl-cs">=</span> <span class="hl-constant hl-numeric hl-integer hl-decimal hl-cs">2</span><span class="hl-punctuation hl-terminator hl-statement hl-cs">;</span>
</span></code></pre></div>"#
    );
}

#[test]
fn missing_code_sample_is_reported_and_not_shown() {
    let b = common::build("dialect-code");
    assert_eq!(page(&b, "missing-snippet"), "<p>Before.</p>\n<p>After.</p>");
    let d = b.diags(Kind::Snippet);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.file == "missing-snippet.md")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].line, d[0].target.as_deref()),
        (8, Some("snippets/nope.cs"))
    );
}

#[test]
fn video_is_not_a_blockquote() {
    let b = common::build("dialect-code");
    assert_eq!(
        page(&b, "video"),
        r#"<div class="video"><iframe src="https://www.youtube.com/embed/x" title="Video" loading="lazy" allowfullscreen></iframe></div>"#
    );
}

// ----- raw HTML, no-loc, links -----

#[test]
fn raw_html_passes_and_placeholders_are_text() {
    let b = common::build("dialect-html");
    assert_eq!(
        page(&b, "raw"),
        r#"<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.</p>
<p>Open &lt;filename.pptx&gt; and &lt;Servername.contoso.com&gt; as &lt;tenant-name&gt;.</p>
<p>&lt;tenant-name&gt;</p>"#
    );
}

#[test]
fn no_loc_in_a_paragraph_and_a_table_cell() {
    let b = common::build("dialect-html");
    assert_eq!(
        page(&b, "noloc"),
        r#"<p>Use Contoso here.</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="Table">
<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>
<tr><td>Contoso</td><td>1</td></tr>
</tbody></table>
</div>"#
    );
}

#[test]
fn links_with_parentheses_query_and_anchor() {
    let b = common::build("dialect-html");
    assert_eq!(
        page(&b, "links"),
        r#"<p><a href="https://example.com/a_(b)">Paren</a> <a href="/en-us/other/?tabs=cli#sec">Query</a> <a href="https://example.com/x?y=1#z">Ext</a></p>"#
    );
    assert!(
        b.report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note),
        "{:#?}",
        b.report.diagnostics
    );
}

// ----- robustness -----

#[test]
fn nasty_input_never_panics() {
    let cases: Vec<(&str, String)> = vec![
        ("unterminated image", ":::image type=\"content\" source=\"a.png\" alt-text=\"A\"\n".into()),
        ("image without attributes", ":::image:::\n:::image-end:::\n:::image-end:::\n".into()),
        ("unterminated include", "[!INCLUDE [x](\n".into()),
        ("empty includes", "[!INCLUDE [x]()]\n[!INCLUDE[](.)]\n[!include [x](/)]\nA [!INCLUDE [x](includes/)] b\n".into()),
        ("unterminated alert", "> [!\n".into()),
        ("empty alert", "> [!]\n> [!NOTE\n".into()),
        ("unterminated div", "> [!div class=\n".into()),
        ("odd div", "> [!div class=\"a\" b]\n> [!div]\n".into()),
        ("nested tabs without rule", "# [A](#tab/a)\n\n## [B](#tab/b)\n\n### [C](#tab/c)\n\n# [D](#tab/d)\n\n#### [E](#tab/)\n".into()),
        ("tabs in a list", "- # [A](#tab/a)\n\n  ---\n".into()),
        ("zone end without start", ":::zone-end\n::: zone-end\n::: zone pivot=\"a\"\n::: zone pivot=\"b\"\n".into()),
        ("5000 nested quotes", ">".repeat(5000) + " deep\n"),
        ("3000 nested lists", "- ".repeat(3000) + "x\n"),
        ("100 KB line", "word ".repeat(20_000) + "\n"),
        ("NUL bytes", "a\0b\n# \0\n:::image source=\"\0\":::\n[\0](\0)\n> [!NOTE]\0\n```\0\n\0\n```\n".into()),
        ("bad heading attributes", "## A {#}\n## B {#a b=}\n## C {.}\n## D { #x #y }\n## E {=}\n## F {#\"<>\"}\n".into()),
        ("bad code ranges", ":::code language=\"cs\" source=\"s.cs\" range=\"9-2\":::\n:::code language=\"cs\" source=\"s.cs\" range=\"0\":::\n:::code source=\"s.cs\" range=\"-\":::\n:::code source=\"../../../etc/passwd\":::\n".into()),
        ("bad videos", "> [!VIDEO javascript:alert(1)]\n> [!VIDEO]\n".into()),
        ("broken HTML", "<a name=\"x\"\n<a id='y'>\n</a></a></div></details>\n<!--ajuda:99-->\n<!--ajuda:99999999999999999999999-->\n".into()),
        ("multibyte", "## é\u{301} 日本\n> [!NOTE] 日本語\n:::image source=\"a.png\" alt-text=\"日\":::\n".into()),
        ("rows and columns", ":::row:::\n:::column span=\"999\":::\nx\n:::column-end:::\n:::row-end:::\n:::column-end:::\n".into()),
    ];
    for (name, text) in cases {
        let (_site, b) = build_inline(&text);
        assert!(
            b.exists("en-us/page/index.html"),
            "{name}: no page; {:#?}",
            b.report.diagnostics
        );
        let html = b.file("en-us/page/index.html");
        assert!(!html.contains('\0'), "{name}: a NUL byte reached the HTML");
    }
}

#[test]
fn unbalanced_directives_do_not_unbalance_the_page() {
    let (_site, b) = build_inline(
        ":::image-end:::\n\n:::row:::\n:::column:::\nx\n:::row-end:::\n\n:::column-end:::\n",
    );
    assert_eq!(
        body(&b.file("en-us/page/index.html")),
        r#"<div class="row">
<div class="column">
<p>x</p>
</div></div>"#
    );
}

#[test]
fn non_ascii_link_target_does_not_panic() {
    let (_site, b) = build_inline("[x](日本語.md) ![y](图片.png)\n");
    assert!(b.exists("en-us/page/index.html"));
}
