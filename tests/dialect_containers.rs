//! The DocFX dialect, round two: constructs inside containers (tabs in list items and
//! blockquotes, ids from raw HTML anywhere), inline `:::image:::` and its attribute forms,
//! blockquotes holding several alerts, and tables. Exact HTML of a one-page site's body.

mod common;

use ajuda::diag::Kind;
use common::{build_inline, page};

#[test]
fn tabs_group_inside_list_items_and_blockquotes() {
    let (_s, b) = build_inline(
        "1. Pick your system:\n\n   # [Windows](#tab/windows)\n\n   Run setup.exe.\n\n   # [Linux](#tab/linux)\n\n   Run setup.sh.\n\n   ---\n\n   Then restart.\n\n> # [Portal](#tab/portal)\n>\n> Click **Save**.\n>\n> # [CLI](#tab/cli)\n>\n> Run `save`.\n\nAfter.\n",
    );
    let html = page(&b, "page");
    let want = "<ol>\n<li>\n<p>Pick your system:</p>\n<div class=\"tabs\">\n<input type=\"radio\" class=\"tab-radio\" name=\"tabs-1\" id=\"tabs-1-1\" data-tab=\"windows\" checked><label class=\"tab-label\" for=\"tabs-1-1\">Windows</label>\n<section class=\"tab-panel\" data-tab=\"windows\" aria-label=\"Windows\">\n<p>Run setup.exe.</p>\n</section>\n<input type=\"radio\" class=\"tab-radio\" name=\"tabs-1\" id=\"tabs-1-2\" data-tab=\"linux\"><label class=\"tab-label\" for=\"tabs-1-2\">Linux</label>\n<section class=\"tab-panel\" data-tab=\"linux\" aria-label=\"Linux\">\n<p>Run setup.sh.</p>\n</section>\n</div>\n<p>Then restart.</p>\n</li>\n</ol>\n";
    assert!(html.starts_with(want), "{html}");
    // The blockquote's group closes with the blockquote, before the next paragraph.
    assert!(
        html.contains(
            "<p>Run <code>save</code>.</p>\n</section>\n</div>\n</blockquote>\n<p>After.</p>"
        ),
        "{html}"
    );
    assert_eq!(html.matches("<div class=\"tabs\">").count(), 2);
}

#[test]
fn raw_html_ids_in_any_form_and_any_container() {
    let (_s, b) = build_inline(
        "<h2 id=errors>Errors</h2>\n\n| Code | Meaning |\n| --- | --- |\n| <a id='e404'></a>404 | Not found |\n\n- <a name=\"in-list\"></a>Item\n\n> <span id=quoted>Quoted</span>\n\n[1](#errors) [2](#e404) [3](#in-list) [4](#quoted) [5](#nowhere)\n",
    );
    let broken: Vec<_> = b
        .diags(Kind::MissingAnchor)
        .iter()
        .map(|d| d.target.clone().unwrap_or_default())
        .collect();
    assert_eq!(broken, ["#nowhere"]);
    let html = page(&b, "page");
    assert!(html.contains("<a id=\"in-list\"></a>Item"), "{html}");
}

#[test]
fn image_then_text_on_one_line_and_every_attribute_form() {
    let (_s, b) = build_inline(
        ":::image type=\"content\" source=\"a.png\" alt-text=\"Run `setup`\"lightbox=\"a.png\"::: Then click **Next**.\n\n- :::image type=\"icon\" source=\"a.png\" border=\"false\"::: Item *text*\n\n:::image source='a.png' alt-text='Say \"hi\"':::\n\nText with `:::image source=\"x.png\":::` code.\n",
    );
    assert_eq!(
        page(&b, "page"),
        "<p><span class=\"image image-content image-border\"><a class=\"lightbox\" href=\"/en-us/a.png\"><img src=\"/en-us/a.png\" alt=\"Run `setup`\" loading=\"lazy\"></a></span> Then click <strong>Next</strong>.</p>\n<ul>\n<li><span class=\"image image-icon\"><img src=\"/en-us/a.png\" alt=\"\" loading=\"lazy\"></span> Item <em>text</em></li>\n</ul>\n<figure class=\"image image-content image-border\"><img src=\"/en-us/a.png\" alt=\"Say &quot;hi&quot;\" loading=\"lazy\"></figure>\n<p>Text with <code>:::image source=\"x.png\":::</code> code.</p>"
    );
}

#[test]
fn a_second_alert_or_div_in_a_blockquote_starts_a_new_block() {
    let (_s, b) = build_inline(
        "> [!NOTE]\n> First note.\n> [!WARNING]\n> Second, a warning.\n> [!div class=\"nextstepaction\"]\n> [Next](page.md)\n",
    );
    assert_eq!(
        page(&b, "page"),
        "<div class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\">Note</p>\n<p>First note.</p>\n</div>\n<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n<p>Second, a warning.</p>\n</div>\n<div class=\"nextstepaction\">\n<p><a href=\"/en-us/page/\">Next</a></p>\n</div>"
    );
}

#[test]
fn a_line_of_only_a_pipe_does_not_end_a_table() {
    let (_s, b) = build_inline("| A | B |\n| - | - |\n| 1 | 2 |\n|\n| 3 | 4 |\n\nAfter.\n");
    assert_eq!(
        page(&b, "page"),
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n<tr><td></td><td></td></tr>\n<tr><td>3</td><td>4</td></tr>\n</tbody></table>\n</div>\n<p>After.</p>"
    );
}

#[test]
fn a_div_after_a_blank_line_inside_an_alert_is_a_div_in_the_alert() {
    let (_s, b) = build_inline(
        "> [!TIP]\n> Tip text.\n>\n> [!div class=\"nextstepaction\"]\n> [Next](page.md)\n\n> Quote.\n>\n> [!div class=\"button\"] [Go](page.md)\n\n[!div class=\"x\"] stays text outside a blockquote.\n",
    );
    assert_eq!(
        page(&b, "page"),
        "<div class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">Tip</p>\n<p>Tip text.</p>\n<div class=\"nextstepaction\">\n<p><a href=\"/en-us/page/\">Next</a></p>\n</div>\n</div>\n<blockquote>\n<p>Quote.</p>\n<div class=\"button\">\n<p><a href=\"/en-us/page/\">Go</a></p>\n</div>\n</blockquote>\n<p>[!div class=\"x\"] stays text outside a blockquote.</p>"
    );
}

#[test]
fn alt_text_written_with_entities_is_escaped_once() {
    let (_s, b) = build_inline(
        ":::image type=\"content\" source=\"a.png\" alt-text=\"&quot;Quoted&quot; &amp; more\":::\n\n<img src=\"a.png\" alt=\"&quot;Raw&quot;\">\n",
    );
    let html = page(&b, "page");
    assert!(
        html.contains("alt=\"&quot;Quoted&quot; &amp; more\""),
        "{html}"
    );
    assert!(html.contains("alt=\"&quot;Raw&quot;\""), "{html}");
    assert!(!html.contains("&amp;quot;"), "{html}");
}
