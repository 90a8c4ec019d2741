//! DocFX code snippets, `[!code-lang[name](path?query#fragment)]`, and the selectors
//! `:::code:::` shares with them: exact HTML of each page of `tests/fixtures/dialect-snippets`.

mod common;

use ajuda::diag::Kind;
use common::{body, Built};
use std::sync::LazyLock;

static SITE: LazyLock<Built> = LazyLock::new(|| common::build("dialect-snippets"));

fn page(name: &str) -> String {
    body(&SITE.file(&format!("en-us/{name}/index.html"))).to_string()
}

fn block(code: &str) -> String {
    format!("<div class=\"code-block\" data-lang=\"text\" data-label=\"Text\"><pre class=\"code\"><code>{code}</code></pre></div>")
}

#[test]
fn whole_file_ranges_start_end_and_line_fragments() {
    let want = [
        block("one\ntwo\nthree\nfour\nfive\nsix\n"),
        block("two\nfour\nfive\nsix\n"),
        block("two\nthree\n"),
        block("five\nsix\n"),
    ]
    .join("\n");
    assert_eq!(page("ranges"), want);
}

#[test]
fn regions_tags_and_numbered_snippets_dedented_without_their_markers() {
    let html = page("regions");
    let want = [
        block("start()\n    say(\"hello\")\nstop()\n"),
        block("say(\"bye\")\n"),
        block("say(\"hello\")\n"),
    ]
    .join("\n");
    assert!(html.starts_with(&want), "{html}");
    // An XML comment tag, highlighted as XML.
    assert!(html.contains("<div class=\"code-block\" data-lang=\"xml\" data-label=\"XML\">"));
    assert!(html.contains(">rule</span>"), "{html}");
    assert!(!html.contains("rules"), "{html}");
}

#[test]
fn highlighted_lines_are_marked_and_dedent_removes_what_it_says() {
    let want = [
        block("one\n<span class=\"hl\">two</span>\nthree\n"),
        block("  start()\n      // &lt;Snippet1&gt;\n      say(\"hello\")\n"),
    ]
    .join("\n");
    assert_eq!(page("highlight"), want);
}

#[test]
fn snippets_in_lists_and_blockquotes() {
    let want = format!(
        "<ol>\n<li>\n<p>Run:</p>\n{}\n</li>\n</ol>\n<blockquote>\n{}\n</blockquote>\n<ul>\n<li>{}\n</li>\n</ul>",
        block("one\n"),
        block("two\n"),
        block("three\n")
    );
    assert_eq!(page("containers"), want);
}

#[test]
fn code_directive_takes_the_same_selectors() {
    let want = [
        block("<span class=\"hl\">    say(\"hello\")</span>\nstop()\n"),
        block("two\nthree\n"),
    ]
    .join("\n");
    assert_eq!(page("directive"), want);
}

#[test]
fn snippets_in_code_stay_text() {
    let html = page("fence");
    assert!(
        html.contains("<code>[!code-text[Shown](samples/lines.txt)]</code>"),
        "{html}"
    );
    assert!(!html.contains("one\ntwo"), "{html}");
}

#[test]
fn missing_files_unknown_regions_and_bad_ranges_are_snippet_errors() {
    assert_eq!(page("errors"), "<p>Before.</p>\n<p>After.</p>");
    let d: Vec<_> = SITE
        .diags(Kind::Snippet)
        .into_iter()
        .filter(|d| d.file == "errors.md")
        .collect();
    let got: Vec<_> = d
        .iter()
        .map(|d| (d.line, d.column, d.suggestion.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (8, 1, Some("samples/lines.txt")),
            (10, 1, Some("Farewell")),
            (12, 1, None)
        ]
    );
    assert!(d[1].message.contains("no region or tag `Farwell`"));
    // Not a page link: nothing else is reported for them.
    assert!(SITE.diags(Kind::MissingPage).is_empty());
    assert_eq!(SITE.errors().len(), 3);
}
