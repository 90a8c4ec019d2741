//! Context-correct output: script-safe JSON-LD, and no `javascript:`/`vbscript:`/`data:` link
//! anywhere a reader can click.

use super::{page, Site};

/// The page's `<script type="application/ld+json">` element, which must end at its own
/// `</script>`.
fn json_ld(html: &str) -> &str {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD block");
    let body = &html[start + 35..];
    &body[..body.find("</script>").unwrap()]
}

#[test]
fn faq_text_cannot_break_out_of_json_ld() {
    let faq = "### YamlMime:FAQ\ntitle: F\nsummary: S\nsections:\n- name: N\n  questions:\n  - question: \"Why </script><script>alert(1)</script> <!-- ?\"\n    answer: \"Because <!-- and & and > are text.\"\n";
    let s = Site::new(&[("faq.yml", faq)]);
    s.build(&[]).exit(0);
    let html = s.output("en-us/faq/index.html");
    let block = json_ld(&html);
    assert!(!block.contains('<') && !block.contains('>'), "{block}");
    assert!(block.contains("\\u003c/script\\u003e"));
    assert!(block.contains("\\u003c!--"));
    assert!(block.contains("\\u0026"));
    let v: serde_json::Value = serde_json::from_str(block).expect("still valid JSON");
    assert_eq!(
        v["mainEntity"][0]["name"],
        "Why </script><script>alert(1)</script> <!-- ?"
    );
    assert_eq!(html.matches("<script>alert(1)").count(), 0);
}

/// A Markdown page whose line 3 holds `link`; returns the built page.
fn link_case(link: &str, kind: &str) -> String {
    let s = Site::new(&[("a.md", &format!("# A\n\n{link}\n"))]);
    let r = s.build(&[]);
    r.exit(1).expect(kind, "a.md", 3);
    s.output("en-us/a/index.html")
}

fn assert_no_script_url(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in ["javascript:", "vbscript:", "data:"] {
        assert!(!lower.contains(bad), "{bad} in output: {html}");
    }
}

#[test]
fn javascript_link_is_dropped_to_text() {
    let html = link_case("Click [here](javascript:alert(1)) now.", "unsafe-link");
    assert!(
        html.contains("Click <span class=\"broken-link\">here</span> now."),
        "{html}"
    );
    assert_no_script_url(&html);
}

#[test]
fn mixed_case_scheme_is_caught() {
    assert_no_script_url(&link_case("[x](JaVaScRiPt:alert(1))", "unsafe-link"));
}

#[test]
fn entity_encoded_tab_in_scheme_is_caught() {
    assert_no_script_url(&link_case("[x](java&#x09;script:alert(1))", "unsafe-link"));
}

#[test]
fn leading_control_characters_are_caught() {
    assert_no_script_url(&link_case(
        "[x](<&#x01;javascript:alert(1)>)",
        "unsafe-link",
    ));
}

#[test]
fn vbscript_link_is_dropped() {
    assert_no_script_url(&link_case("[x](vbscript:msgbox(1))", "unsafe-link"));
}

#[test]
fn data_image_is_dropped_to_its_alt_text() {
    let html = link_case(
        "![Chart](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "unsafe-link",
    );
    assert!(html.contains("Chart"));
    assert!(!html.contains("<img"));
}

#[test]
fn javascript_autolink_is_dropped_to_text() {
    let html = link_case("<javascript:alert(1)>", "unsafe-link");
    assert!(!html.to_ascii_lowercase().contains("href=\"javascript:"));
    assert!(
        html.contains("<p><span class=\"broken-link\">javascript:alert(1)</span></p>"),
        "{html}"
    );
}

#[test]
fn javascript_reference_link_is_dropped() {
    let s = Site::new(&[("a.md", "# A\n\n[x][r]\n\n[r]: javascript:alert(1)\n")]);
    let r = s.build(&[]);
    assert_eq!(r.code, 1);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "unsafe-link"));
    assert_no_script_url(&s.output("en-us/a/index.html"));
}

#[test]
fn raw_html_link_is_neutralized() {
    let html = link_case("<a href=\"javascript:alert(1)\">x</a>", "unsafe-link");
    assert_no_script_url(&html);
}

#[test]
fn other_schemes_are_kept() {
    let s = Site::new(&[
        (
            "ajuda.toml",
            "[flows.submit-request]\nurl = \"https://support.example.com/new?page={page}\"\n",
        ),
        (
            "a.md",
            "# A\n\n[mail](mailto:help@example.com) [settings](ms-settings:display) [web](https://example.com/) [flow](flow:submit-request)\n",
        ),
    ]);
    s.build(&[]).exit(0).none("unsafe-link");
    let html = s.output("en-us/a/index.html");
    for href in [
        "mailto:help@example.com",
        "ms-settings:display",
        "https://example.com/",
        // ajuda's own scheme: the request flow's URL.
        "https://support.example.com/new?page=a",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
    }
}

#[test]
fn toc_yml_href_is_refused_at_its_line() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        (
            "TOC.yml",
            "- name: A\n  href: a.md\n- name: Evil\n  href: \"javascript:alert(1)\"\n",
        ),
    ]);
    s.build(&[]).exit(1).expect("unsafe-link", "TOC.yml", 3);
    assert_no_script_url(&s.output("en-us/a/index.html"));
}

#[test]
fn toc_md_href_is_refused_at_its_line() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        ("TOC.md", "# [A](a.md)\n## [Evil](javascript:alert(1))\n"),
    ]);
    s.build(&[]).exit(1).expect("unsafe-link", "TOC.md", 2);
    assert_no_script_url(&s.output("en-us/a/index.html"));
}

#[test]
fn landing_url_is_refused() {
    let landing = "### YamlMime:Landing\ntitle: L\nsummary: S\nlandingContent:\n- title: Card\n  linkLists:\n  - linkListType: how-to-guide\n    links:\n    - text: Evil\n      url: \"javascript:alert(1)\"\n";
    let s = Site::new(&[("index.yml", landing)]);
    s.build(&[]).exit(1).expect("unsafe-link", "index.yml", 10);
    let html = s.output("en-us/index.html");
    assert_no_script_url(&html);
    assert!(html.contains("Evil"));
}

#[test]
fn redirect_map_target_is_refused() {
    let map = "{\n  \"redirections\": [\n    {\n      \"source_path\": \"old.md\",\n      \"redirect_url\": \"javascript:alert(1)\"\n    }\n  ]\n}\n";
    let s = Site::new(&[
        ("a.md", &page("A")),
        (".openpublishing.redirection.json", map),
    ]);
    let r = s.build(&[]);
    r.exit(1);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d["kind"] == "unsafe-link" && d["file"] == ".openpublishing.redirection.json"));
    assert!(!s.out().join("en-us/old/index.html").exists());
}

#[test]
fn config_redirect_target_is_refused() {
    let s = Site::new(&[
        (
            "ajuda.toml",
            "[redirects]\n\"old.md\" = \"data:text/html,<script>alert(1)</script>\"\n",
        ),
        ("a.md", &page("A")),
    ]);
    let r = s.build(&[]);
    r.exit(1);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "unsafe-link"));
    assert!(!s.out().join("en-us/old/index.html").exists());
}

#[test]
fn escape_mode_shows_raw_html_as_text() {
    let s = Site::new(&[
        ("ajuda.toml", "[security]\nraw_html = \"escape\"\n"),
        (
            "a.md",
            "# A\n\n<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n\n:::image type=\"content\" source=\"p.png\" alt-text=\"P\":::\n",
        ),
    ]);
    s.write("p.png", b"png");
    s.build(&[]).exit(0);
    let html = s.output("en-us/a/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("<b onclick"));
    // Directives are ajuda's own HTML, not raw HTML.
    assert!(html.contains("<img src=\""));
}

#[test]
fn trusted_mode_keeps_raw_html() {
    let s = Site::new(&[("a.md", "# A\n\nText <kbd>Ctrl</kbd>.\n")]);
    s.build(&[]).exit(0);
    assert!(s.output("en-us/a/index.html").contains("<kbd>Ctrl</kbd>"));
}

const XSS: &str = "<img src=x onerror=alert(1)>";

#[test]
fn titles_and_toc_names_are_escaped_everywhere() {
    let s = Site::new(&[
        (
            "a.md",
            &format!("---\ntitle: '{XSS}\" onmouseover=\"x'\ndescription: '\"><script>alert(2)</script>'\n---\n# Heading {XSS}\n\nText.\n"),
        ),
        ("b.md", "# B\n\nText.\n"),
        ("TOC.yml", &format!("- name: '{XSS}'\n  href: a.md\n- name: B\n  href: b.md\n")),
    ]);
    s.build(&[]).exit(0);
    for page in ["en-us/a/index.html", "en-us/b/index.html"] {
        let html = s.output(page);
        assert!(!html.contains("<img src=x"), "{page}: {html}");
        assert!(!html.contains("<script>alert(2)"), "{page}");
        assert!(!html.contains("\" onmouseover=\"x"), "{page}");
    }
}

#[test]
fn faq_question_is_escaped_in_the_page() {
    let faq = format!(
        "### YamlMime:FAQ\ntitle: F\nsummary: S\nquestions:\n- question: '{XSS}'\n  answer: A.\n"
    );
    let s = Site::new(&[("faq.yml", &faq)]);
    s.build(&[]).exit(0);
    assert!(!s.output("en-us/faq/index.html").contains("<img src=x"));
}

#[test]
fn image_directive_with_a_script_source_is_refused() {
    let s = Site::new(&[(
        "a.md",
        "# A\n\n:::image type=\"content\" source=\"javascript:alert(1)\" alt-text=\"A\":::\n",
    )]);
    s.build(&[]).exit(1).expect("unsafe-link", "a.md", 3);
    assert_no_script_url(&s.output("en-us/a/index.html"));
}

#[test]
fn video_with_a_script_url_is_refused() {
    let s = Site::new(&[("a.md", "# A\n\n> [!VIDEO javascript:alert(1)]\n")]);
    s.build(&[]).exit(1).expect("unsafe-link", "a.md", 3);
    assert_no_script_url(&s.output("en-us/a/index.html"));
}

#[test]
fn numeric_entities_in_raw_html_are_decoded_before_the_check() {
    let html = link_case("<a href=\"&#106;avascript:alert(1)\">x</a>", "unsafe-link");
    assert!(!html.contains("&#106;avascript"));
    let html = link_case(
        "<a href=\"java&Tab;script&colon;alert(1)\">x</a>",
        "unsafe-link",
    );
    assert!(!html.contains("script&colon;"));
}

#[test]
fn unquoted_raw_html_attribute_is_checked() {
    let html = link_case("<a href=javascript:alert(1)>x</a>", "unsafe-link");
    assert_no_script_url(&html);
}

#[test]
fn iframe_with_a_script_url_is_neutralized() {
    let html = link_case(
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "unsafe-link",
    );
    assert_no_script_url(&html);
}

#[test]
fn escape_mode_drops_comments_and_active_files() {
    let s = Site::new(&[
        ("ajuda.toml", "[security]\nraw_html = \"escape\"\n"),
        ("a.md", "# A\n\n<!-- note to the translator -->\n\nText.\n"),
        ("page.html", "<script>alert(1)</script>"),
        ("evil.svg", "<svg onload=\"alert(1)\"></svg>"),
        ("clean.svg", "<svg><rect width=\"1\" height=\"1\"/></svg>"),
    ]);
    let r = s.build(&[]);
    r.exit(1).expect("unsafe-link", "page.html", 0);
    r.expect("unsafe-link", "evil.svg", 0);
    assert!(!s.output("en-us/a/index.html").contains("translator"));
    assert!(!s.out().join("en-us/page.html").exists());
    assert!(!s.out().join("en-us/evil.svg").exists());
    assert!(s.out().join("en-us/clean.svg").exists());
}

#[test]
fn escape_mode_does_not_trust_a_committed_highlight_cache() {
    let page_text = "# A\n\n```json\n{\"a\": 1}\n```\n";
    let s = Site::new(&[("a.md", page_text)]);
    s.build(&[]).exit(0);
    // Tamper with the cached HTML, keeping every length so the file still parses.
    let cache = s.root().join(".ajuda-cache/highlight.bin");
    let text = std::fs::read_to_string(&cache).unwrap();
    let tampered = text.replacen("<span class=\"", "<script>a()//", 1);
    assert_ne!(text, tampered);
    std::fs::write(&cache, tampered).unwrap();
    s.build(&[]).exit(0);
    assert!(
        s.output("en-us/a/index.html").contains("<script>a()//"),
        "trusted: the cache is used"
    );
    s.write("ajuda.toml", b"[security]\nraw_html = \"escape\"\n");
    s.build(&[]).exit(0);
    assert!(!s.output("en-us/a/index.html").contains("<script>a()"));
}

/// Inline raster icons (`data:image/png`, `gif`, `jpeg`, `webp`) are images a browser only
/// draws: kept in Markdown and in `<img>`; as a link's target, or of another type, they stay
/// refused; past the size limit, dropped with a diagnostic at their line.
#[test]
fn inline_raster_images_are_kept_and_other_data_urls_refused() {
    let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    let big = format!("data:image/gif;base64,{}", "R".repeat(200 * 1024));
    let s = Site::new(&[(
        "a.md",
        &format!(
            "# A\n\n![Icon]({png}) and <img src=\"{png}\" alt=\"Icon 2\">\n\n[Open]({png})\n\n![Big]({big})\n\n![Page](data:text/html;base64,PHNjcmlwdD4=)\n"
        ),
    )]);
    let r = s.build(&[]);
    let r = r.exit(1);
    r.expect("unsafe-link", "a.md", 5);
    r.expect("too-large", "a.md", 7);
    r.expect("unsafe-link", "a.md", 9);
    let html = s.output("en-us/a/index.html");
    assert_eq!(html.matches(&format!("src=\"{png}\"")).count(), 2, "{html}");
    assert!(!html.contains("href=\"data:"), "{html}");
    assert!(!html.contains("data:image/gif"), "{html}");
    assert!(!html.contains("data:text"), "{html}");
}
