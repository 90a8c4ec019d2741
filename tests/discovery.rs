//! Help-center home and discovery: the home page's blocks (search box, categories, recently
//! updated, promoted), related articles at the end of articles and FAQs, and a locale's Atom
//! feed linked from its pages' heads.

mod common;

use ajuda::config::{Config, Overrides};
use ajuda::diag::{Kind, Severity};
use ajuda::pipeline;
use common::{build_root, related, site};
use std::path::Path;

const CONFIG: &str = r#"title = "Fixture Help"
base_url = "https://help.example.org"
default_locale = "en-US"

[[locales]]
code = "en-US"
dir = "en"

[[locales]]
code = "pt-BR"
dir = "pt"

[home]
promoted = ["billing/refunds.md", "accounts/sign-in", "billing/invoice.md"]
"#;

const EN_TOC: &str = "\
- name: Getting started
  href: start.md
- name: Billing
  items:
    - name: Invoices
      href: billing/invoices.md
    - name: Payments
      href: billing/payments.md
    - name: Refunds
      href: billing/refunds.md
    - name: Currencies
      href: billing/currencies.md
- name: Accounts
  items:
    - name: Sign in
      href: accounts/sign-in.md
    - name: Account questions
      href: accounts/faq.yml
";

const PT_TOC: &str = "\
- name: Primeiros passos
  href: start.md
- name: Cobrança
  items:
    - name: Faturas
      href: billing/invoices.md
    - name: Pagamentos
      href: billing/payments.md
    - name: Reembolsos
      href: billing/refunds.md
    - name: Moedas
      href: billing/currencies.md
- name: Contas
  items:
    - name: Entrar
      href: accounts/sign-in.md
";

/// An article with front matter from `(key, value)` pairs (values written as they are).
fn article(title: &str, front: &[(&str, &str)]) -> String {
    let mut s = format!("---\ntitle: {title}\n");
    for (k, v) in front {
        s.push_str(&format!("{k}: {v}\n"));
    }
    s.push_str(&format!(
        "---\n\n# {}\n\nSome text.\n",
        title.trim_matches('"')
    ));
    s
}

/// English: a generated home (no index page); Portuguese: its own `index.md`, and some pages
/// it borrows from English.
fn fixture() -> tempfile::TempDir {
    let how_to = [("ms.service", "billing"), ("ms.topic", "how-to")];
    let files: Vec<(String, String)> = vec![
        ("ajuda.toml".into(), CONFIG.into()),
        ("en/TOC.yml".into(), EN_TOC.into()),
        (
            "en/start.md".into(),
            article(
                "Getting started",
                &[("ms.date", "1/10/2025"), ("ms.service", "portal"), ("ms.topic", "overview")],
            ),
        ),
        (
            "en/billing/invoices.md".into(),
            article(
                "Read your invoice",
                &[how_to[0], how_to[1], ("ms.date", "3/2/2025"), ("keywords", "invoice, Tax")],
            ),
        ),
        (
            "en/billing/payments.md".into(),
            article(
                "Pay an invoice",
                &[how_to[0], how_to[1], ("ms.date", "3/2/2025"), ("keywords", "[payment, invoice]")],
            ),
        ),
        (
            "en/billing/refunds.md".into(),
            article(
                "Ask for a refund",
                &[how_to[0], how_to[1], ("ms.date", "2/20/2025"), ("description", "Get money back.")],
            ),
        ),
        (
            "en/billing/currencies.md".into(),
            article("Currencies", &[how_to[0], how_to[1], ("ms.date", "5/5/2025")]),
        ),
        (
            "en/billing/hidden.md".into(),
            article(
                "Hidden",
                &[how_to[0], how_to[1], ("ms.date", "6/1/2025"), ("robots", "noindex")],
            ),
        ),
        (
            "en/billing/undated.md".into(),
            article("Undated", &[how_to[0], how_to[1]]),
        ),
        (
            "en/billing/statements.md".into(),
            article(
                "\"Statements & receipts <PDF>\"",
                &[
                    ("ms.service", "billing"),
                    ("ms.topic", "reference"),
                    ("ms.date", "6/15/2025"),
                    ("keywords", "[invoice]"),
                    ("description", "\"Monthly PDFs & CSV files.\""),
                ],
            ),
        ),
        (
            "en/reports/taxes.md".into(),
            article(
                "Tax reports",
                &[
                    ("ms.service", "reports"),
                    ("ms.topic", "reference"),
                    ("ms.date", "11/1/2024"),
                    ("keywords", "\n  - tax\n  - invoice"),
                ],
            ),
        ),
        (
            "en/accounts/sign-in.md".into(),
            article(
                "Sign in to the portal",
                &[
                    ("ms.service", "accounts"),
                    ("ms.topic", "troubleshooting"),
                    ("ms.date", "4/1/2025"),
                    ("keywords", "[password, mfa]"),
                ],
            ),
        ),
        (
            "en/accounts/reset.md".into(),
            article(
                "Reset a password",
                &[
                    ("ms.service", "accounts"),
                    ("ms.topic", "troubleshooting"),
                    ("ms.date", "12/1/2024"),
                    ("keywords", "password"),
                ],
            ),
        ),
        (
            "en/accounts/faq.yml".into(),
            "### YamlMime:FAQ\nmetadata:\n  title: Account questions\n  ms.service: accounts\n  ms.topic: faq\n  ms.date: 1/5/2025\n  keywords: [password]\ntitle: Account questions\nsummary: Answers.\nsections:\n  - name: Access\n    questions:\n      - question: Can I share an account?\n        answer: No.\n".into(),
        ),
        ("pt/TOC.yml".into(), PT_TOC.into()),
        (
            "pt/index.md".into(),
            article("Central de ajuda", &[("ms.date", "7/1/2025")]),
        ),
        (
            "pt/start.md".into(),
            article("Primeiros passos", &[("ms.date", "1/11/2025")]),
        ),
        (
            "pt/billing/invoices.md".into(),
            article(
                "Ler a fatura",
                &[how_to[0], how_to[1], ("ms.date", "3/3/2025"), ("keywords", "fatura")],
            ),
        ),
        (
            "pt/billing/payments.md".into(),
            article(
                "Pagar uma fatura",
                &[how_to[0], how_to[1], ("ms.date", "3/4/2025"), ("keywords", "fatura")],
            ),
        ),
        (
            "pt/accounts/sign-in.md".into(),
            article("Entrar no portal", &[("ms.date", "4/2/2025")]),
        ),
    ];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    site(&refs)
}

/// Builds `root` with the search index (and so the search boxes) on.
fn build_with_search(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let config = Config::load(root, None, &Overrides::default()).unwrap();
    let report = pipeline::build(
        &config,
        &pipeline::Options {
            search: true,
            ..common::options(&out)
        },
    );
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (tmp, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Where `needle` is in `hay`; panics with the page when it is not there.
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("missing {needle:?} in:\n{hay}"))
}

#[test]
fn generated_home_shows_search_categories_recent_and_promoted_in_order() {
    let root = fixture();
    let (_tmp, out) = build_with_search(root.path());
    let home = read(&out, "en-us/index.html");
    let search = at(
        &home,
        "<div class=\"search search-hero\" data-search role=\"search\"></div>",
    );
    let cards = at(&home, "<section class=\"cards home-categories\"");
    let recent = at(&home, "<section class=\"home-list home-recent\"");
    let promoted = at(&home, "<section class=\"home-list home-promoted\"");
    assert!(
        search < cards && cards < recent && recent < promoted,
        "{home}"
    );
    // Categories: the TOC's top entries.
    at(
        &home,
        "<li><a href=\"/en-us/billing/invoices/\">Billing</a></li>",
    );
    // Newest first, ties by title; at most 8; no undated or fallback pages; `noindex` ones
    // too (it keeps pages from crawlers, not from readers).
    at(
        &home,
        "<h2 id=\"ajuda-recent-title\">Recently updated</h2>
<ul>
<li><a href=\"/en-us/billing/statements/\">Statements &amp; receipts &lt;PDF&gt;</a> <time datetime=\"2025-06-15\">June 15, 2025</time></li>
<li><a href=\"/en-us/billing/hidden/\">Hidden</a> <time datetime=\"2025-06-01\">June 1, 2025</time></li>
<li><a href=\"/en-us/billing/currencies/\">Currencies</a> <time datetime=\"2025-05-05\">May 5, 2025</time></li>
<li><a href=\"/en-us/accounts/sign-in/\">Sign in to the portal</a> <time datetime=\"2025-04-01\">April 1, 2025</time></li>
<li><a href=\"/en-us/billing/payments/\">Pay an invoice</a> <time datetime=\"2025-03-02\">March 2, 2025</time></li>
<li><a href=\"/en-us/billing/invoices/\">Read your invoice</a> <time datetime=\"2025-03-02\">March 2, 2025</time></li>
<li><a href=\"/en-us/billing/refunds/\">Ask for a refund</a> <time datetime=\"2025-02-20\">February 20, 2025</time></li>
<li><a href=\"/en-us/start/\">Getting started</a> <time datetime=\"2025-01-10\">January 10, 2025</time></li>
</ul>",
    );
    // Promoted, in config order; a path missing in every locale is left out.
    at(
        &home,
        "<h2 id=\"ajuda-promoted-title\">Featured articles</h2>
<ul>
<li><a href=\"/en-us/billing/refunds/\">Ask for a refund</a><p>Get money back.</p></li>
<li><a href=\"/en-us/accounts/sign-in/\">Sign in to the portal</a></li>
</ul>",
    );
    // The blocks are the home page's only.
    let article = read(&out, "en-us/billing/refunds/index.html");
    assert!(!article.contains("search-hero"), "{article}");
    assert!(!article.contains("home-recent"), "{article}");
}

#[test]
fn a_locale_own_index_page_gets_the_home_blocks() {
    let root = fixture();
    let (_tmp, out) = build_with_search(root.path());
    let home = read(&out, "pt-br/index.html");
    at(&home, ">Central de ajuda</h1>");
    let search = at(
        &home,
        "<div class=\"search search-hero\" data-search role=\"search\"></div>",
    );
    let recent = at(
        &home,
        "<h2 id=\"ajuda-recent-title\">Atualizados recentemente</h2>
<ul>
<li><a href=\"/pt-br/accounts/sign-in/\">Entrar no portal</a> <time datetime=\"2025-04-02\">2 de abril de 2025</time></li>
<li><a href=\"/pt-br/billing/payments/\">Pagar uma fatura</a> <time datetime=\"2025-03-04\">4 de março de 2025</time></li>
<li><a href=\"/pt-br/billing/invoices/\">Ler a fatura</a> <time datetime=\"2025-03-03\">3 de março de 2025</time></li>
<li><a href=\"/pt-br/start/\">Primeiros passos</a> <time datetime=\"2025-01-11\">11 de janeiro de 2025</time></li>
</ul>",
    );
    // `billing/refunds.md` is English only: not promoted in Portuguese.
    let promoted = at(
        &home,
        "<h2 id=\"ajuda-promoted-title\">Artigos em destaque</h2>
<ul>
<li><a href=\"/pt-br/accounts/sign-in/\">Entrar no portal</a></li>
</ul>",
    );
    assert!(search < recent && recent < promoted);
    at(&home, "<section class=\"cards home-categories\"");
    // The home page lists no related articles of its own.
    assert!(!home.contains("ajuda-related-title"), "{home}");
}

#[test]
fn no_search_box_on_the_home_page_without_search() {
    let root = fixture();
    let b = build_root(root.path());
    let home = b.file("en-us/index.html");
    assert!(!home.contains("data-search"), "{home}");
    at(&home, "<section class=\"home-list home-recent\"");
}

#[test]
fn a_landing_index_page_gets_the_home_blocks() {
    let root = site(&[
        (
            "index.yml",
            "### YamlMime:Landing\ntitle: Help home\nsummary: Start here.\nlandingContent:\n  - title: Basics\n    linkLists:\n      - linkListType: overview\n        links:\n          - text: First\n            url: first.md\n",
        ),
        ("first.md", "---\nms.date: 2/3/2024\n---\n# First steps\n"),
        ("TOC.yml", "- name: First steps\n  href: first.md\n"),
    ]);
    let b = build_root(root.path());
    let home = b.file("en-us/index.html");
    at(
        &home,
        "<li><a href=\"/en-us/first/\">First steps</a> <time datetime=\"2024-02-03\">February 3, 2024</time></li>",
    );
}

#[test]
fn promoted_path_missing_everywhere_is_a_config_warning_with_a_suggestion() {
    let root = fixture();
    let b = build_root(root.path());
    let warnings = b.diags(Kind::Config);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let w = warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.file.ends_with("ajuda.toml"), "{w:?}");
    assert_eq!(w.line, 14);
    assert!(w.message.contains("`billing/invoice.md`"), "{w:?}");
    assert_eq!(w.suggestion.as_deref(), Some("billing/invoices.md"));
}

#[test]
fn promoted_paths_name_what_a_link_from_the_locale_root_names() {
    // Letter case, a folder's `index` and a redirect: the answers a body link gets.
    let root = site(&[
        (
            "ajuda.toml",
            "[home]\npromoted = [\"Guides/Setup.md\", \"./teams\", \"old-name.md\"]\n[redirects]\n\"old-name.md\" = \"renamed.md\"\n",
        ),
        ("guides/setup.md", "---\nms.date: 1/2/2024\n---\n# Set up\n"),
        ("teams/index.md", "---\nms.date: 1/3/2024\n---\n# Teams\n"),
        ("renamed.md", "---\nms.date: 1/4/2024\n---\n# Renamed\n"),
    ]);
    let b = build_root(root.path());
    assert!(
        b.diags(Kind::Config).is_empty(),
        "{:#?}",
        b.diags(Kind::Config)
    );
    let home = b.file("en-us/index.html");
    at(
        &home,
        "<ul>
<li><a href=\"/en-us/guides/setup/\">Set up</a></li>
<li><a href=\"/en-us/teams/\">Teams</a></li>
<li><a href=\"/en-us/renamed/\">Renamed</a></li>
</ul>",
    );
}

#[test]
fn promoted_paths_outside_the_content_folder_are_config_errors() {
    let root = site(&[
        ("ajuda.toml", "[home]\npromoted = [\"../secret.md\"]\n"),
        ("a.md", "# A\n"),
    ]);
    let err = Config::load(root.path(), None, &Overrides::default()).unwrap_err();
    assert_eq!(err.len(), 1, "{err:#?}");
    assert_eq!(err[0].line, 2);
    assert!(err[0].message.contains("../secret.md"), "{err:#?}");
    let root = site(&[
        ("ajuda.toml", "[home]\npromote = [\"a.md\"]\n"),
        ("a.md", "# A\n"),
    ]);
    let err = Config::load(root.path(), None, &Overrides::default()).unwrap_err();
    assert_eq!(err[0].suggestion.as_deref(), Some("promoted"), "{err:#?}");
}

#[test]
fn related_articles_nearest_siblings_then_similar_pages() {
    let root = fixture();
    let b = build_root(root.path());
    // The three nearest siblings (the first entry: those after it); then the pages that say
    // most of the same things (both about invoices).
    assert_eq!(
        related(&b, "en-us/billing/invoices/index.html"),
        "<nav class=\"related\" aria-labelledby=\"ajuda-related-title\">
<h2 id=\"ajuda-related-title\">Related articles</h2>
<ul>
<li><a href=\"/en-us/billing/payments/\">Pay an invoice</a></li>
<li><a href=\"/en-us/billing/refunds/\">Ask for a refund</a></li>
<li><a href=\"/en-us/billing/currencies/\">Currencies</a></li>
<li><a href=\"/en-us/reports/taxes/\">Tax reports</a></li>
<li><a href=\"/en-us/billing/statements/\">Statements &amp; receipts &lt;PDF&gt;</a></li>
</ul>
</nav>"
    );
    // A page in no TOC: similar pages (keywords count), then service and topic.
    assert_eq!(
        related(&b, "en-us/accounts/reset/index.html"),
        "<nav class=\"related\" aria-labelledby=\"ajuda-related-title\">
<h2 id=\"ajuda-related-title\">Related articles</h2>
<ul>
<li><a href=\"/en-us/accounts/faq/\">Account questions</a></li>
<li><a href=\"/en-us/accounts/sign-in/\">Sign in to the portal</a></li>
</ul>
</nav>"
    );
    // A FAQ has them too, before the support panel when there is one.
    let faq = b.file("en-us/accounts/faq/index.html");
    at(
        &faq,
        "<ul>
<li><a href=\"/en-us/accounts/sign-in/\">Sign in to the portal</a></li>
<li><a href=\"/en-us/accounts/reset/\">Reset a password</a></li>
</ul>
</nav>",
    );
    // Portuguese: its own pages only, never the English pages it borrows nor English ones.
    assert_eq!(
        related(&b, "pt-br/billing/invoices/index.html"),
        "<nav class=\"related\" aria-labelledby=\"ajuda-related-title\">
<h2 id=\"ajuda-related-title\">Artigos relacionados</h2>
<ul>
<li><a href=\"/pt-br/billing/payments/\">Pagar uma fatura</a></li>
</ul>
</nav>"
    );
    // A borrowed page lists the locale's own pages, nearest first.
    assert_eq!(
        related(&b, "pt-br/billing/refunds/index.html"),
        "<nav class=\"related\" aria-labelledby=\"ajuda-related-title\">
<h2 id=\"ajuda-related-title\">Artigos relacionados</h2>
<ul>
<li><a href=\"/pt-br/billing/payments/\">Pagar uma fatura</a></li>
<li><a href=\"/pt-br/billing/invoices/\">Ler a fatura</a></li>
</ul>
</nav>"
    );
    // Nothing related: no section.
    let start = b.file("pt-br/start/index.html");
    assert!(!start.contains("class=\"related\""), "{start}");
}

#[test]
fn related_articles_come_before_the_support_panel() {
    let mut config = CONFIG.to_string();
    config.push_str("\n[flows.ask]\nurl = \"https://example.org/ask?p={page}\"\n\n[support]\ndefault_flow = \"ask\"\n");
    let root = fixture();
    std::fs::write(root.path().join("ajuda.toml"), config).unwrap();
    let b = build_root(root.path());
    let html = b.file("en-us/billing/invoices/index.html");
    assert!(at(&html, "<nav class=\"related\"") < at(&html, "<aside class=\"support\""));
}

#[test]
fn atom_feed_per_locale_linked_from_every_page_head() {
    let root = fixture();
    let b = build_root(root.path());
    let feed = b.file("en-us/feed.xml");
    assert!(
        feed.starts_with(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-US\">
<id>https://help.example.org/en-us/feed.xml</id>
<title>Fixture Help – Recently updated</title>
<updated>2025-06-15T00:00:00Z</updated>
<link rel=\"self\" type=\"application/atom+xml\" href=\"https://help.example.org/en-us/feed.xml\"/>
<link rel=\"alternate\" type=\"text/html\" href=\"https://help.example.org/en-us/\"/>
<author><name>Fixture Help</name></author>
<generator version=\""
        ),
        "{feed}"
    );
    at(
        &feed,
        "<entry>
<id>https://help.example.org/en-us/billing/statements/</id>
<title>Statements &amp; receipts &lt;PDF&gt;</title>
<link rel=\"alternate\" type=\"text/html\" href=\"https://help.example.org/en-us/billing/statements/\"/>
<updated>2025-06-15T00:00:00Z</updated>
<summary>Monthly PDFs &amp; CSV files.</summary>
</entry>
<entry>
<id>https://help.example.org/en-us/billing/hidden/</id>
<title>Hidden</title>
<link rel=\"alternate\" type=\"text/html\" href=\"https://help.example.org/en-us/billing/hidden/\"/>
<updated>2025-06-01T00:00:00Z</updated>
</entry>
<entry>
<id>https://help.example.org/en-us/billing/currencies/</id>
<title>Currencies</title>
<link rel=\"alternate\" type=\"text/html\" href=\"https://help.example.org/en-us/billing/currencies/\"/>
<updated>2025-05-05T00:00:00Z</updated>
</entry>
",
    );
    assert!(feed.ends_with("</entry>\n</feed>\n"), "{feed}");
    // Every dated own article (noindex too), not the undated or borrowed ones.
    assert_eq!(feed.matches("<entry>").count(), 11, "{feed}");
    assert!(!feed.contains("undated"), "{feed}");
    let pt = b.file("pt-br/feed.xml");
    assert_eq!(pt.matches("<entry>").count(), 4, "{pt}");
    assert!(!pt.contains("/en-us/") && !pt.contains("refunds"), "{pt}");
    assert!(
        !pt.contains("<id>https://help.example.org/pt-br/</id>"),
        "{pt}"
    );

    let link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fixture Help – Recently updated\" href=\"/en-us/feed.xml\">";
    for page in [
        "en-us/index.html",
        "en-us/billing/invoices/index.html",
        "en-us/accounts/faq/index.html",
        "en-us/404.html",
    ] {
        at(&b.file(page), link);
    }
    let pt_link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fixture Help – Atualizados recentemente\" href=\"/pt-br/feed.xml\">";
    at(&b.file("pt-br/index.html"), pt_link);
    at(&b.file("pt-br/billing/refunds/index.html"), pt_link);
}

#[test]
fn feeds_only_for_published_locales_of_a_site_with_an_absolute_base_url() {
    let root = site(&[
        (
            "ajuda.toml",
            "base_url = \"https://x.example\"\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\nprefix = \"\"\n[[locales]]\ncode = \"de-DE\"\ndir = \"de\"\npublish = false\n",
        ),
        ("en/a.md", "---\nms.date: 1/2/2024\n---\n# A\n"),
        ("de/a.md", "---\nms.date: 1/2/2024\n---\n# A\n"),
    ]);
    let b = build_root(root.path());
    // No prefix: at the root.
    at(&b.file("feed.xml"), "<id>https://x.example/feed.xml</id>");
    at(&b.file("a/index.html"), "href=\"/feed.xml\">");
    assert!(!b.exists("de-de/feed.xml"));

    let root = site(&[("a.md", "---\nms.date: 1/2/2024\n---\n# A\n")]);
    let b = build_root(root.path());
    assert!(!b.exists("en-us/feed.xml"));
    assert!(!b
        .file("en-us/a/index.html")
        .contains("application/atom+xml"));
}
