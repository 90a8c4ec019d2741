//! Request flows (`[flows]`, `flow:` links, the "Still need help?" panel) and the FAQPage
//! JSON-LD of Markdown FAQ articles.

mod common;

use ajuda::config::{Config, Overrides};
use ajuda::diag::{Diagnostic, Kind, Severity};
use common::{build_root, site};

const CONFIG: &str = r#"
title = "Help"
base_url = "https://help.example.com"
default_locale = "en-US"

[[locales]]
code = "en-US"
dir = "en"

[[locales]]
code = "pt-BR"
dir = "pt"

[flows.partner-request]
label = { "en-US" = "Submit a request", "PT-br" = "Enviar uma solicitação" }
url = { "en-us" = "https://support.example.com/new?lang={locale}&page={page}&title={title}&url={url}&topic={topic}&service={service}&custom={meta:ms.custom}" }

[flows.on-behalf]
label = "On behalf of a customer"
url = "https://support.example.com/obo?page={page}&lang={locale}"

[support]
default_flow = "partner-request"
"#;

/// A pt-BR page (the locale's folder must exist) with every key the default flow reads.
const PT: &str = "---\ntitle: X\nms.topic: how-to\nms.service: billing\nms.custom: x\n---\n# X\n";

/// A page with every key the default flow reads.
fn page(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nms.topic: how-to\nms.service: billing\nms.custom: [contoso, partner]\n{extra}---\n{body}"
    )
}

/// The "Still need help?" panel of a built page, `<aside ...>` to `</aside>`, when it offers a
/// request flow (without one, the aside only asks "Was this helpful?").
fn panel(html: &str) -> Option<&str> {
    let start = html.find("<aside class=\"support\"")?;
    let end = html[start..].find("</aside>")? + start + "</aside>".len();
    Some(&html[start..end]).filter(|p| p.contains("class=\"support-flow\""))
}

/// The flow URL of a page's panel button, as written in the HTML.
fn flow_href(html: &str) -> &str {
    let p = panel(html).unwrap_or_else(|| panic!("no panel in {html}"));
    let at = p
        .find("class=\"support-flow\" href=\"")
        .expect("flow button")
        + 27;
    &p[at..at + p[at..].find('"').unwrap()]
}

fn warnings(diags: &[&Diagnostic]) -> usize {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count()
}

#[test]
fn the_panel_of_an_article() {
    let a = page("Pay an invoice", "", "# Pay an invoice\n\nText.\n");
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/billing/pay.md", &a),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.report.diagnostics);
    let html = b.file("en-us/billing/pay/index.html");
    let url = "https://support.example.com/new?lang=en-US&amp;page=billing%2Fpay&amp;title=Pay%20an%20invoice&amp;url=https%3A%2F%2Fhelp.example.com%2Fen-us%2Fbilling%2Fpay%2F&amp;topic=how-to&amp;service=billing&amp;custom=contoso%2Cpartner";
    assert_eq!(
        panel(&html).unwrap(),
        format!(
            "<aside class=\"support\" aria-label=\"Still need help?\" data-page=\"billing/pay\" data-locale=\"en-US\" data-flow=\"partner-request\">\n\
             <div class=\"feedback\" hidden><p class=\"feedback-question\" id=\"ajuda-feedback-q\">Was this helpful?</p>\
             <div class=\"feedback-votes\" role=\"group\" aria-labelledby=\"ajuda-feedback-q\">\
             <button type=\"button\" class=\"feedback-yes\" data-helpful=\"true\">Yes</button> \
             <button type=\"button\" class=\"feedback-no\" data-helpful=\"false\">No</button></div></div>\n\
             <form class=\"feedback-reasons\" hidden>\n\
             <fieldset><legend>What went wrong?</legend>\n\
             <label><input type=\"radio\" name=\"reason\" value=\"inaccurate\"> It is wrong or out of date</label>\n\
             <label><input type=\"radio\" name=\"reason\" value=\"unclear\"> It is hard to understand</label>\n\
             <label><input type=\"radio\" name=\"reason\" value=\"missing\"> Information is missing</label>\n\
             <label><input type=\"radio\" name=\"reason\" value=\"unsolved\"> It did not solve my problem</label>\n\
             </fieldset>\n\
             <label class=\"feedback-comment\">Anything else? (optional, do not include personal data)<textarea name=\"comment\" rows=\"3\" maxlength=\"1000\"></textarea></label>\n\
             <button type=\"submit\">Send</button>\n\
             </form>\n\
             <p class=\"feedback-thanks\" role=\"status\" hidden>Thank you for your feedback.</p>\n\
             <h2 class=\"support-title\" id=\"ajuda-support-title\">Still need help?</h2>\n\
             <a class=\"support-flow\" href=\"{url}\" rel=\"nofollow\">Submit a request</a>\n\
             </aside>"
        )
    );
    // After the article, before the pager; the script that fires `ajuda:feedback` is there.
    assert!(
        html.find("<aside class=\"support\"").unwrap()
            > html.find("<div class=\"content\"").unwrap()
    );
    let js = b.file("_theme/ajuda.js");
    assert!(js.contains("send(\"feedback\", Object.assign({ helpful: yes }, base));"));
}

#[test]
fn placeholders_are_percent_encoded() {
    let a = page("\"Café & crème: 100% sûr?\"", "", "# X\n");
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/Docs/a b.md", &a),
    ]);
    let b = build_root(tmp.path());
    let html = b.file("en-us/Docs/a b/index.html");
    assert_eq!(
        flow_href(&html),
        "https://support.example.com/new?lang=en-US&amp;page=Docs%2Fa%20b&amp;title=Caf%C3%A9%20%26%20cr%C3%A8me%3A%20100%25%20s%C3%BBr%3F&amp;url=https%3A%2F%2Fhelp.example.com%2Fen-us%2FDocs%2Fa%2520b%2F&amp;topic=how-to&amp;service=billing&amp;custom=contoso%2Cpartner"
    );
}

#[test]
fn a_locale_without_its_own_url_or_label_uses_the_default_locales() {
    let en = page("Pay", "", "# Pay\n");
    let pt = page(
        "Pagar",
        "ms.contentlocale: pt-BR\nsupport.flow: on-behalf\n",
        "# Pagar\n",
    );
    let pt2 = page("Faturas", "", "# Faturas\n");
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/pay.md", &en),
        ("pt/pay.md", &pt),
        ("pt/invoices.md", &pt2),
    ]);
    let b = build_root(tmp.path());
    // Its own label (the config's `PT-br` key in another letter case), the default locale's URL.
    let html = b.file("pt-br/invoices/index.html");
    assert!(
        flow_href(&html).starts_with(
            "https://support.example.com/new?lang=pt-BR&amp;page=invoices&amp;title=Faturas&amp;"
        ),
        "{}",
        flow_href(&html)
    );
    assert!(html.contains(">Enviar uma solicitação</a>\n</aside>"));
    assert!(html.contains(
        "<h2 class=\"support-title\" id=\"ajuda-support-title\">Ainda precisa de ajuda?</h2>"
    ));
    assert!(html.contains("data-helpful=\"true\">Sim</button>"));
    // One label for every locale.
    let html = b.file("pt-br/pay/index.html");
    assert_eq!(
        flow_href(&html),
        "https://support.example.com/obo?page=pay&amp;lang=pt-BR"
    );
    assert!(html.contains(">On behalf of a customer</a>\n</aside>"));
    // A flow without a label: the theme's "Contact support" in the page's language.
    let config = CONFIG.replace("label = \"On behalf of a customer\"\n", "");
    let tmp = site(&[
        ("ajuda.toml", &config),
        ("en/pay.md", &en),
        ("pt/pay.md", &pt),
    ]);
    let b = build_root(tmp.path());
    assert!(b
        .file("pt-br/pay/index.html")
        .contains(">Fale com o suporte</a>\n</aside>"));
}

#[test]
fn front_matter_chooses_the_flow_or_none() {
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/none.md", &page("None", "support.flow: none\n", "# None\n")),
        ("en/nested.md", &page("Nested", "support:\n  flow: on-behalf\n", "# Nested\n")),
        ("en/flat.md", &page("Flat", "support.flow: ON-BEHALF\n", "# Flat\n")),
        ("en/typo.md", &page("Typo", "support.flow: on-behlf\n", "# Typo\n")),
        ("en/faq.yml", "### YamlMime:FAQ\ntitle: FAQ\nmetadata:\n  support.flow: on-behalf\nsections:\n  - name: General\n    questions:\n      - question: Why?\n        answer: Because.\n"),
    ]);
    let b = build_root(tmp.path());
    let none = b.file("en-us/none/index.html");
    assert!(panel(&none).is_none() && !none.contains("Still need help?"));
    for p in ["nested", "flat", "faq"] {
        let html = b.file(&format!("en-us/{p}/index.html"));
        assert_eq!(
            flow_href(&html),
            format!("https://support.example.com/obo?page={p}&amp;lang=en-US"),
            "{p}"
        );
    }
    // An unknown flow is an error at its key, with a suggestion; the default flow applies.
    let errs = b.diags(Kind::Flow);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let d = errs[0];
    assert_eq!(
        (d.file.as_str(), d.line, d.severity),
        ("typo.md", 6, Severity::Error)
    );
    assert_eq!(d.suggestion.as_deref(), Some("on-behalf"));
    assert!(
        flow_href(&b.file("en-us/typo/index.html")).starts_with("https://support.example.com/new?")
    );
}

#[test]
fn toc_entries_choose_the_flow_of_their_pages() {
    let toc = "\
- name: Billing
  support_flow: on-behalf
  items:
    - name: Pay
      href: pay.md
    - name: Refunds
      support_flow: none
      items:
        - name: Refund
          href: refund.md
    - name: Chosen by the page
      href: own.md
- name: Other
  href: other.md
- name: Own entry
  href: entry.md
  support_flow: on-behalf
- name: Typo
  support_flow: on-behaf
  items:
    - name: Under typo
      href: typo.md
";
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/TOC.yml", toc),
        ("en/pay.md", &page("Pay", "", "# Pay\n")),
        ("en/refund.md", &page("Refund", "", "# Refund\n")),
        (
            "en/own.md",
            &page("Own", "support.flow: partner-request\n", "# Own\n"),
        ),
        ("en/other.md", &page("Other", "", "# Other\n")),
        ("en/entry.md", &page("Entry", "", "# Entry\n")),
        ("en/typo.md", &page("Typo", "", "# Typo\n")),
    ]);
    let b = build_root(tmp.path());
    let obo = |p: &str| {
        flow_href(&b.file(&format!("en-us/{p}/index.html")))
            .starts_with("https://support.example.com/obo?")
    };
    assert!(obo("pay"), "the group's flow");
    assert!(
        panel(&b.file("en-us/refund/index.html")).is_none(),
        "the nearest entry wins: none"
    );
    assert!(!obo("own"), "front matter before the TOC");
    assert!(!obo("other"), "the default");
    assert!(obo("entry"), "an entry's own");
    assert!(!obo("typo"), "an unknown name is skipped");
    let errs = b.diags(Kind::Flow);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!((errs[0].file.as_str(), errs[0].line), ("TOC.yml", 18));
    assert_eq!(errs[0].suggestion.as_deref(), Some("on-behalf"));
}

#[test]
fn flow_links_carry_the_linking_page() {
    let a = page(
        "Pay",
        "",
        "# Pay\n\n[New request](flow:partner-request) and [for a customer](<flow:on-behalf>).\n\n\
         Raw: <a href=\"flow:on-behalf\">here</a>.\n\n[Broken](flow:partner-requst)\n\n[!INCLUDE [x](includes/help.md)]\n",
    );
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/docs/pay.md", &a),
        (
            "en/docs/includes/help.md",
            "Still stuck? [Ask us](flow:on-behalf).\n",
        ),
    ]);
    let b = build_root(tmp.path());
    let html = b.file("en-us/docs/pay/index.html");
    assert!(html.contains("<a href=\"https://support.example.com/new?lang=en-US&amp;page=docs%2Fpay&amp;title=Pay&amp;"), "{html}");
    let obo = "https://support.example.com/obo?page=docs%2Fpay&amp;lang=en-US";
    assert!(
        html.contains(&format!("<a href=\"{obo}\">for a customer</a>")),
        "{html}"
    );
    assert!(
        html.contains(&format!("<a href=\"{obo}\">here</a>")),
        "raw HTML links too"
    );
    assert!(
        html.contains(&format!("<a href=\"{obo}\">Ask us</a>")),
        "an include's link carries the page that includes it"
    );
    let errs = b.diags(Kind::Flow);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let d = errs[0];
    assert_eq!((d.file.as_str(), d.line, d.column), ("docs/pay.md", 13, 1));
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.suggestion.as_deref(), Some("flow:partner-request"));
    assert_eq!(d.target.as_deref(), Some("flow:partner-requst"));
    assert!(
        d.message.contains("no flow `partner-requst`"),
        "{}",
        d.message
    );
    assert!(b.diags(Kind::UnsafeLink).is_empty() && b.diags(Kind::MissingPage).is_empty());
}

#[test]
fn an_empty_placeholder_is_reported_once_per_flow_and_key() {
    let bare = |t: &str| format!("---\ntitle: {t}\n---\n# {t}\n\n[x](flow:on-behalf)\n");
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/a.md", &bare("A")),
        ("en/b.md", &bare("B")),
        ("en/c.md", &page("C", "", "# C\n")),
    ]);
    let b = build_root(tmp.path());
    let flow = b.diags(Kind::Flow);
    assert_eq!(warnings(&flow), flow.len(), "{flow:#?}");
    let mut got: Vec<(String, String, String)> = flow
        .iter()
        .map(|d| (d.file.clone(), d.target.clone().unwrap(), d.message.clone()))
        .collect();
    got.sort();
    let expect = |key: &str, from: &str| {
        (
            "a.md".to_string(),
            key.to_string(),
            format!("flow `partner-request`: `{key}` is left empty: the page has no `{from}` (and 1 other page)"),
        )
    };
    assert_eq!(
        got,
        [
            expect("{meta:ms.custom}", "ms.custom"),
            expect("{service}", "ms.service"),
            expect("{topic}", "ms.topic"),
        ]
    );
    // `on-behalf` reads only what every page has: no warning for it.
    let html = b.file("en-us/a/index.html");
    assert!(flow_href(&html).ends_with("&amp;topic=&amp;service=&amp;custom="));
}

fn config_errors(config: &str) -> Vec<Diagnostic> {
    let tmp = site(&[
        ("ajuda.toml", config),
        ("en/a.md", "# A\n"),
        ("pt/a.md", "# A\n"),
    ]);
    Config::load(tmp.path(), None, &Overrides::default()).expect_err("invalid config")
}

#[test]
fn config_mistakes_are_errors_at_their_line() {
    let bad = CONFIG
        .replace("&lang={locale}\"", "&lang={locael}\"")
        .replace(
            "default_flow = \"partner-request\"",
            "default_flow = \"partner-reqest\"",
        );
    let errs = config_errors(&bad);
    let got: Vec<(u32, &str, Option<&str>)> = errs
        .iter()
        .map(|d| (d.line, d.message.as_str(), d.suggestion.as_deref()))
        .collect();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(got[0].0, 20);
    assert!(got[0]
        .1
        .starts_with("[flows.on-behalf] url: unknown placeholder `{locael}`"));
    assert_eq!(got[0].2, Some("{locale}"));
    assert_eq!((got[1].0, got[1].2), (23, Some("partner-request")));
    assert!(errs.iter().all(|d| d.kind == Kind::Config));

    // One value per locale: each at its own line; codes must be locales; the default one is needed.
    let per_locale = format!(
        "{}\n[flows.x]\n[flows.x.url]\n\"pt-BR\" = \"https://x/{{page}}\"\n\"pt-PT\" = \"https://x/{{pagina}}\"\n",
        CONFIG
    );
    let errs = config_errors(&per_locale);
    let mut got: Vec<(u32, String)> = errs.iter().map(|d| (d.line, d.message.clone())).collect();
    got.sort();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, 26, "the table's header");
    assert!(
        got[0].1.contains("no value for the default locale `en-US`"),
        "{}",
        got[0].1
    );
    assert_eq!(got[1].0, 28);
    assert!(
        got[1].1.contains("`pt-PT` is not one of the locales"),
        "{}",
        got[1].1
    );

    let errs = config_errors(&format!(
        "{CONFIG}\n[flows.y]\nlabel = \"Y\"\nurl = \"javascript:alert(1)\"\nextra = 1\n"
    ));
    assert!(
        errs[0].message.contains("unknown field `extra`"),
        "{errs:#?}"
    );
    let errs = config_errors(&format!(
        "{CONFIG}\n[flows.none]\nurl = \"https://x/\"\n[flows.z]\nurl = \"javascript:alert(1)\"\n"
    ));
    let msgs: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("`none` means")), "{msgs:#?}");
    assert!(
        msgs.iter().any(|m| m.contains("`javascript:` URLs")),
        "{msgs:#?}"
    );
}

#[test]
fn faq_articles_get_faq_page_json_ld() {
    let faq = "---\ntitle: Billing FAQ\nms.topic: faq\nsupport.flow: none\n---\n# Billing FAQ\n\nIntro, not a question.\n\n\
               ## Invoices\n\n### When is the invoice issued?\n\nOn the **first** day &amp; <em>never</em> later.\n\n\
               - Monthly\n- In `UTC`\n\n#### Detail\n\nClose it with `</script>` if you dare.\n\n\
               ### <a name=\"pay\"></a>How do I pay?\n\nBy card.\n\n## Other\n\nNot an answer.\n";
    let tmp = site(&[("ajuda.toml", CONFIG), ("pt/x.md", PT), ("en/faq.md", faq)]);
    let b = build_root(tmp.path());
    let html = b.file("en-us/faq/index.html");
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let json = &html[start..start + html[start..].find("</script>").unwrap()];
    assert_eq!(
        json,
        r#"{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[{"@type":"Question","name":"When is the invoice issued?","url":"https://help.example.com/en-us/faq/#when-is-the-invoice-issued","acceptedAnswer":{"@type":"Answer","text":"On the first day \u0026 never later. Monthly In UTC Detail Close it with \u003c/script\u003e if you dare."}},{"@type":"Question","name":"How do I pay?","url":"https://help.example.com/en-us/faq/#how-do-i-pay","acceptedAnswer":{"@type":"Answer","text":"By card."}}]}"#
    );
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        v["mainEntity"][0]["acceptedAnswer"]["text"].as_str().unwrap(),
        "On the first day & never later. Monthly In UTC Detail Close it with </script> if you dare."
    );
    // The anchors the JSON-LD names are the headings' (and the explicit one still lands).
    assert!(html.contains("<h3 id=\"when-is-the-invoice-issued\">"));
    assert!(html.contains("<h3 id=\"how-do-i-pay\">"));
    assert!(html.contains("id=\"pay\""));
    // Other articles have none.
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/a.md", &page("A", "", "# A\n\n## S\n\n### Q?\n\nA.\n")),
    ]);
    let b = build_root(tmp.path());
    assert!(!b.file("en-us/a/index.html").contains("application/ld+json"));
}

/// `[[support.routes]]`: the desk by path glob or docset, first match wins; front matter and
/// TOC entries still choose first.
#[test]
fn routes_choose_the_desk_by_path_or_docset() {
    let config = format!(
        "{CONFIG}\n[flows.vianet]\nlabel = \"Contact 21Vianet\"\nurl = \"https://support.example.cn/?page={{page}}\"\n\n[[support.routes]]\npaths = [\"Archive/China-*\"]\nflow = \"vianet\"\n\n[[support.routes]]\ndocset = \"Partners\"\nflow = \"on-behalf\"\n\n[[support.routes]]\npaths = [\"internal/**\"]\nflow = \"none\"\n"
    );
    let tmp = site(&[
        ("ajuda.toml", &config),
        ("pt/x.md", PT),
        (
            "en/Archive/China-support.md",
            &page("China", "", "# China\n"),
        ),
        ("en/Archive/other.md", &page("Other", "", "# Other\n")),
        (
            "en/Archive/China-chosen.md",
            &page("Chosen", "support.flow: partner-request\n", "# Chosen\n"),
        ),
        (
            "en/Partners/docfx.json",
            "{\"build\": {\"content\": [{\"files\": [\"**/*.md\"]}]}}",
        ),
        (
            "en/Partners/China-in-docset.md",
            &page("Docset", "", "# Docset\n"),
        ),
        ("en/internal/notes.md", &page("Notes", "", "# Notes\n")),
    ]);
    let b = build_root(tmp.path());
    let href = |p: &str| flow_href(&b.file(&format!("en-us/{p}/index.html"))).to_string();
    assert!(
        href("Archive/China-support")
            .starts_with("https://support.example.cn/?page=Archive%2FChina-support"),
        "{}",
        href("Archive/China-support")
    );
    assert!(
        href("Archive/other").starts_with("https://support.example.com/new?"),
        "the default"
    );
    assert!(
        href("Archive/China-chosen").starts_with("https://support.example.com/new?"),
        "front matter first"
    );
    assert!(
        href("Partners/China-in-docset").starts_with("https://support.example.com/obo?"),
        "by docset"
    );
    assert!(
        panel(&b.file("en-us/internal/notes/index.html")).is_none(),
        "none: no panel"
    );
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    // A route to an unknown flow, or with nothing to match, is a config error.
    let errs = config_errors(&format!("{CONFIG}\n[[support.routes]]\npaths = [\"a/**\"]\nflow = \"on-behaf\"\n\n[[support.routes]]\nflow = \"on-behalf\"\n"));
    assert!(
        errs.iter().any(
            |d| d.message.contains("`on-behaf` is not one of the [flows]")
                && d.suggestion.as_deref() == Some("on-behalf")
        ),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|d| d.message.contains("needs `paths`")),
        "{errs:#?}"
    );
}

/// With a default flow, "Contact support" is in the header of every page, on the home page and
/// on the 404 page, filled for the locale; without any flow, one note says readers have no way
/// to reach support.
#[test]
fn contact_support_is_everywhere_when_the_site_has_a_default_flow() {
    let tmp = site(&[
        ("ajuda.toml", CONFIG),
        ("pt/x.md", PT),
        ("en/a.md", &page("A", "", "# A\n")),
    ]);
    let b = build_root(tmp.path());
    let link = "<a class=\"contact-link\" href=\"https://support.example.com/new?lang=en-US&amp;page=&amp;title=&amp;url=https%3A%2F%2Fhelp.example.com%2Fen-us%2F&amp;topic=&amp;service=&amp;custom=\" rel=\"nofollow\"><svg class=\"icon\" aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"18\" height=\"18\"><path d=\"M4 5h16v11H9l-5 4z\"/></svg><span class=\"contact-label\">Contact support</span></a>";
    for file in ["en-us/a/index.html", "en-us/index.html", "en-us/404.html"] {
        assert!(b.file(file).contains(link), "{file}: {}", b.file(file));
    }
    assert!(b
        .file("en-us/index.html")
        .contains("<section class=\"home-contact\""));
    assert!(b
        .file("en-us/404.html")
        .contains("class=\"button button-secondary contact-support\""));
    assert!(
        b.diags(Kind::Flow).is_empty(),
        "site-level links leave no placeholder gaps"
    );

    let none = site(&[("a.md", "# A\n")]);
    let b = build_root(none.path());
    let page = b.file("en-us/a/index.html");
    assert!(!page.contains("contact-link"));
    // "Was this helpful?" does not need a flow.
    assert!(page.contains("<div class=\"feedback\" hidden>"), "{page}");
    assert!(!page.contains("support-flow"), "{page}");
    let notes = b.diags(Kind::Flow);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].severity, Severity::Note);
}
