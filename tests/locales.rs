//! One site from many locales: the same page across translations.

mod common;

use common::build;

#[test]
fn language_switcher_goes_to_the_same_page_in_each_locale() {
    let b = build("multilocale");
    let en = b.file("en-us/docs/create-account/index.html");
    // Translated: the switcher goes to the page itself in Portuguese.
    assert!(
        en.contains("<a href=\"/kb/pt-br/docs/create-account/\" hreflang=\"pt-BR\" lang=\"pt-BR\" data-same-page>Português</a>"),
        "{en}"
    );
    assert!(en.contains("<a href=\"/kb/en-us/docs/create-account/\" hreflang=\"en-US\" lang=\"en-US\" aria-current=\"true\" data-same-page>English</a>"));
    // Not translated: its fallback page in Portuguese.
    let close = b.file("en-us/docs/close-account/index.html");
    assert!(
        close.contains("<a href=\"/kb/pt-br/docs/close-account/\" hreflang=\"pt-BR\" lang=\"pt-BR\" data-same-page>Português</a>"),
        "{close}"
    );
}

#[test]
fn hreflang_lists_the_locales_that_have_the_page_and_x_default() {
    let b = build("multilocale");
    let pt = b.file("pt-br/docs/create-account/index.html");
    for want in [
        "<link rel=\"alternate\" hreflang=\"en-us\" href=\"https://help.example.org/kb/en-us/docs/create-account/\">",
        "<link rel=\"alternate\" hreflang=\"pt-br\" href=\"https://help.example.org/kb/pt-br/docs/create-account/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://help.example.org/kb/en-us/docs/create-account/\">",
    ] {
        assert!(pt.contains(want), "{want}\n{pt}");
    }
    let close = b.file("en-us/docs/close-account/index.html");
    assert!(!close.contains("hreflang=\"pt-br\" href"), "{close}");
    assert!(close.contains("hreflang=\"en-us\" href"));
}

const CONFIG: &str = r#"base_url = "https://help.example.org/"
default_locale = "en-US"

[[locales]]
code = "en-US"
dir = "en"

[[locales]]
code = "pt-br"
dir = "pt"

[[locales]]
code = "ar-SA"
dir = "ar"
publish = false
"#;

fn fallback_site(config: &str) -> (tempfile::TempDir, common::Built) {
    let tmp = common::site(&[
        ("ajuda.toml", config),
        (
            "en/docs/TOC.yml",
            "- name: Start\n  href: start.md\n- name: Billing\n  href: billing.md\n",
        ),
        (
            "en/docs/start.md",
            "---\ntitle: Start\nms.date: 03/04/2024\n---\n# Start\n\nSee [billing](billing.md#invoices).\n",
        ),
        (
            "en/docs/billing.md",
            "---\ntitle: Billing\n---\n# Billing\n\n![Invoice](media/invoice.png)\n\n[!INCLUDE [note](includes/note.md)]\n\n## Invoices\n\n[Broken](nowhere.md)\n",
        ),
        ("en/docs/media/invoice.png", "P"),
        ("en/docs/includes/note.md", "Shared note.\n"),
        (
            "pt/docs/TOC.yml",
            "- name: Início\n  href: start.md\n- name: Cobrança\n  href: billing.md\n",
        ),
        (
            "pt/docs/start.md",
            "---\ntitle: Início\nms.translationtype: MT\n---\n# Início\n\nVeja [cobrança](billing.md#invoices).\n",
        ),
        ("ar/docs/start.md", "---\ntitle: بداية\n---\n# بداية\n"),
        ("ar/docs/only-ar.md", "# فقط\n"),
    ]);
    let b = common::build_root(tmp.path());
    (tmp, b)
}

#[test]
fn a_missing_page_is_a_fallback_in_the_locale_layout() {
    let (_t, b) = fallback_site(CONFIG);
    let html = b.file("pt-br/docs/billing/index.html");
    // Portuguese chrome, English content marked as such, a notice, canonical to the source.
    assert!(html.contains("<html lang=\"pt-BR\""), "{html}");
    assert!(html.contains("data-pagefind-body lang=\"en-US\">"));
    assert!(html.contains("Esta página ainda não foi traduzida"));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://help.example.org/en-us/docs/billing/\">"
    ));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!html.contains("hreflang=\"pt-br\" href"));
    // Images and includes come from the chain.
    assert!(
        html.contains("src=\"/en-us/docs/media/invoice.png\""),
        "{html}"
    );
    assert!(html.contains("Shared note."));
    // The Portuguese TOC entry and link land on it, anchor included: no diagnostics for them.
    let start = b.file("pt-br/docs/start/index.html");
    assert!(
        start.contains("href=\"/pt-br/docs/billing/#invoices\""),
        "{start}"
    );
    let missing: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == ajuda::diag::Severity::Error)
        .map(|d| (d.file.clone(), d.locale.clone()))
        .collect();
    // The source page's broken link, reported once (not again for pt-BR).
    assert_eq!(
        missing,
        [("docs/billing.md".to_string(), Some("en-US".to_string()))],
        "{:#?}",
        b.report.diagnostics
    );
    // pt-BR borrows `billing` and `only-ar`; en-US borrows `only-ar`.
    assert_eq!(b.report.fallback_pages, 3);
}

#[test]
fn fallback_pages_stay_out_of_the_sitemap_and_hreflang() {
    let (_t, b) = fallback_site(CONFIG);
    let sitemap = b.file("sitemap.xml");
    assert!(!sitemap.contains("/pt-br/docs/billing/"), "{sitemap}");
    assert!(sitemap.contains("<url><loc>https://help.example.org/pt-br/docs/start/</loc><xhtml:link rel=\"alternate\" hreflang=\"en-us\" href=\"https://help.example.org/en-us/docs/start/\"/><xhtml:link rel=\"alternate\" hreflang=\"pt-br\" href=\"https://help.example.org/pt-br/docs/start/\"/><xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://help.example.org/en-us/docs/start/\"/></url>"), "{sitemap}");
    let en = b.file("en-us/docs/billing/index.html");
    assert!(!en.contains("hreflang=\"pt-br\" href"), "{en}");
}

#[test]
fn an_unpublished_locale_is_only_a_source() {
    let (_t, b) = fallback_site(CONFIG);
    assert!(!b.exists("ar-sa/docs/start/index.html"));
    assert!(!b.exists("ar-sa/index.html"));
    // Its pages are borrowed by the published locales (the default chain takes any locale).
    let only = b.file("pt-br/docs/only-ar/index.html");
    assert!(
        only.contains("data-pagefind-body lang=\"ar-SA\">"),
        "{only}"
    );
    // The switcher lists published locales only.
    let start = b.file("en-us/docs/start/index.html");
    assert!(!start.contains("hreflang=\"ar-SA\""), "{start}");
}

#[test]
fn a_configured_chain_decides_where_pages_come_from() {
    let config = CONFIG.replace(
        "code = \"pt-br\"\ndir = \"pt\"\n",
        "code = \"pt-br\"\ndir = \"pt\"\nfallback = []\n",
    );
    let (_t, b) = fallback_site(&config);
    assert!(!b.exists("pt-br/docs/billing/index.html"));
    // The Portuguese TOC entry is now a broken link of the Portuguese TOC.
    assert!(b
        .errors()
        .iter()
        .any(|d| d.file == "docs/TOC.yml" && d.locale.as_deref() == Some("pt-BR")));
}

#[test]
fn machine_translated_pages_say_so_and_link_the_original() {
    let (_t, b) = fallback_site(CONFIG);
    let start = b.file("pt-br/docs/start/index.html");
    assert!(start.contains("<div class=\"alert alert-note notice-mt\" role=\"note\"><p>Esta página foi traduzida automaticamente e pode conter erros. <a href=\"/en-us/docs/start/\" hreflang=\"en-US\">Página original (<span lang=\"en-US\">English</span>)</a></p></div>"), "{start}");
    let (t2, _) = fallback_site(CONFIG);
    let p = t2.path().join("pt/docs/start.md");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "ms.translationtype: MT\n",
        "ms.translationtype: MT\nmt_notice: false\n",
    );
    std::fs::write(&p, text).unwrap();
    let b2 = common::build_root(t2.path());
    assert!(!b2.file("pt-br/docs/start/index.html").contains("notice-mt"));
}

#[test]
fn locale_codes_ignore_case_and_direction_follows_the_language() {
    let config = CONFIG
        .replace("publish = false\n", "")
        .replace("code = \"ar-SA\"", "code = \"ar-sa\"");
    let (_t, b) = fallback_site(&config);
    let ar = b.file("ar-sa/docs/start/index.html");
    assert!(ar.contains("<html lang=\"ar-SA\" dir=\"rtl\">"), "{ar}");
    let pt = b.file("pt-br/docs/start/index.html");
    assert!(pt.contains("<html lang=\"pt-BR\" dir=\"ltr\">"));
}

#[test]
fn dates_are_written_in_each_locale_by_icu4x() {
    let mut files = vec![(
        "ajuda.toml".to_string(),
        "default_locale = \"en-US\"\n".to_string(),
    )];
    for (code, dir) in [
        ("en-US", "en"),
        ("pt-BR", "pt"),
        ("zh-CN", "zh"),
        ("ja-JP", "ja"),
        ("de-DE", "de"),
    ] {
        files[0].1.push_str(&format!(
            "\n[[locales]]\ncode = \"{code}\"\ndir = \"{dir}\"\n"
        ));
        files.push((
            format!("{dir}/a.md"),
            "---\ntitle: A\nms.date: 10/29/2018\n---\n# A\n".to_string(),
        ));
    }
    let tmp = common::site_of(&files);
    let b = common::build_root(tmp.path());
    for (prefix, want) in [
        ("en-us", "October 29, 2018"),
        ("pt-br", "29 de outubro de 2018"),
        ("zh-cn", "2018年10月29日"),
        ("ja-jp", "2018年10月29日"),
        ("de-de", "29. Oktober 2018"),
    ] {
        let html = b.file(&format!("{prefix}/a/index.html"));
        assert!(
            html.contains(&format!("<time datetime=\"2018-10-29\">{want}</time>")),
            "{prefix}: {html}"
        );
    }
}

#[test]
fn the_root_lists_the_locales_and_each_locale_has_its_404() {
    let (_t, b) = fallback_site(CONFIG);
    let root = b.file("index.html");
    // Without JavaScript, a plain list of the published locales.
    assert!(
        root.contains("<li><a href=\"/en-us/\" hreflang=\"en-US\" lang=\"en-US\">English</a></li>"),
        "{root}"
    );
    assert!(
        root.contains(
            "<li><a href=\"/pt-br/\" hreflang=\"pt-BR\" lang=\"pt-BR\">Português (Brasil)</a></li>"
        ),
        "{root}"
    );
    assert!(!root.contains("ar-SA"));
    // With it, the remembered choice, else the browser's languages, else the default.
    assert!(root.contains("localStorage.getItem(\"ajuda-locale\")"));
    assert!(root.contains("navigator.languages"));
    assert!(root.contains("[\"pt-BR\", \"/pt-br/\", false]"), "{root}");
    let pt404 = b.file("pt-br/404.html");
    assert!(pt404.contains("<html lang=\"pt-BR\""));
    assert!(
        pt404.contains("Página não encontrada") || pt404.contains("não"),
        "{pt404}"
    );
    // The site-wide one sends readers lost under /pt-br/ to the Portuguese one.
    let root404 = b.file("404.html");
    assert!(
        root404.contains("[[\"/pt-br/\",\"/pt-br/404.html\"]]"),
        "{root404}"
    );
}

#[test]
fn stale_translations_say_so_when_the_config_asks() {
    let config = format!("{CONFIG}\n[l10n]\nstale_notice = true\n");
    let (t, _) = fallback_site(&config);
    // The English source changed after the translation (dates: the last evidence).
    let p = t.path().join("pt/docs/start.md");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("title: Início\n", "title: Início\nms.date: 01/02/2023\n");
    std::fs::write(&p, text).unwrap();
    let b = common::build_root(t.path());
    let start = b.file("pt-br/docs/start/index.html");
    assert!(start.contains("<div class=\"alert alert-note notice-stale\" role=\"note\"><p>Esta tradução pode estar desatualizada. Consulte a página original: <a href=\"/en-us/docs/start/\" hreflang=\"en-US\" lang=\"en-US\">English</a></p></div>"), "{start}");
    // Without the switch, no notice.
    let (t2, _) = fallback_site(CONFIG);
    std::fs::write(
        t2.path().join("pt/docs/start.md"),
        std::fs::read_to_string(&p).unwrap(),
    )
    .unwrap();
    assert!(!common::build_root(t2.path())
        .file("pt-br/docs/start/index.html")
        .contains("notice-stale"));
}

#[test]
fn a_content_locale_that_disagrees_is_a_warning_and_renames_nothing() {
    let (t, _) = fallback_site(CONFIG);
    std::fs::write(
        t.path().join("pt/docs/wrong.md"),
        "---\ntitle: Errado\nms.contentlocale: zh-cn\n---\n# Errado\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("pt/docs/bad.md"),
        "---\ntitle: Ruim\nms.contentlocale: not a tag\n---\n# Ruim\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("pt/docs/fine.md"),
        "---\ntitle: Certo\nms.contentlocale: PT-br\n---\n# Certo\n",
    )
    .unwrap();
    let b = common::build_root(t.path());
    let mut got: Vec<_> = b
        .diags(ajuda::diag::Kind::FrontMatter)
        .iter()
        .map(|d| (d.file.clone(), d.line, d.severity))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("docs/bad.md".to_string(), 3, ajuda::diag::Severity::Warning),
            (
                "docs/wrong.md".to_string(),
                3,
                ajuda::diag::Severity::Warning
            )
        ]
    );
    assert!(b.exists("pt-br/docs/wrong/index.html"));
    assert!(b
        .file("pt-br/docs/wrong/index.html")
        .contains("<html lang=\"pt-BR\""));
}

#[test]
fn a_page_a_locale_moved_is_a_redirect_there_not_a_fallback() {
    let (t, _) = fallback_site(CONFIG);
    std::fs::write(
        t.path().join("pt/.openpublishing.redirection.json"),
        r#"{"redirections": [{"source_path": "docs/billing.md", "redirect_url": "/docs/start"}]}"#,
    )
    .unwrap();
    let b = common::build_root(t.path());
    let moved = b.file("pt-br/docs/billing/index.html");
    assert!(moved.contains("http-equiv=\"refresh\""), "{moved}");
    assert!(!moved.contains("notice-fallback"));
    // The English page's switcher goes there (the redirect sends readers on).
    let en = b.file("en-us/docs/billing/index.html");
    assert!(
        en.contains(
            "<a href=\"/pt-br/docs/billing/\" hreflang=\"pt-BR\" lang=\"pt-BR\" data-same-page>"
        ),
        "{en}"
    );
}

/// The notice's "original" is never itself a machine translation: the first human-written
/// version along the chain, else the page on the publishing host, else no link; and it sits
/// under the title, above the article.
#[test]
fn the_original_of_a_machine_translation_is_human_written_or_on_the_host() {
    let mt = |title: &str| {
        format!("---\ntitle: {title}\nms.translationtype: MT\n---\n# {title}\n\nText.\n")
    };
    let config = "default_locale = \"pt-BR\"\n\n[[locales]]\ncode = \"pt-BR\"\ndir = \"pt\"\n\n[[locales]]\ncode = \"zh-CN\"\ndir = \"zh\"\n\n[[locales]]\ncode = \"ja-JP\"\ndir = \"ja\"\nfallback = [\"zh-CN\", \"pt-BR\"]\n";
    let tmp = common::site(&[
        ("ajuda.toml", config),
        ("pt/billing.md", &mt("Fatura")),
        (
            "zh/billing.md",
            "---\ntitle: 发票\nms.translationtype: HT\n---\n# 发票\n\nText.\n",
        ),
        ("ja/billing.md", &mt("請求書")),
        ("pt/taxes.md", &mt("Impostos")),
        ("zh/taxes.md", &mt("税")),
    ]);
    let b = common::build_root(tmp.path());
    // ja-JP's chain reaches zh-CN's human translation first; pt-BR's own MT page is passed over.
    let ja = b.file("ja-jp/billing/index.html");
    assert!(
        ja.contains(
            "<a href=\"/zh-cn/billing/\" hreflang=\"zh-CN\">元のページ (<span lang=\"zh-CN\">"
        ),
        "{ja}"
    );
    let pt = b.file("pt-br/billing/index.html");
    assert!(pt.contains("hreflang=\"zh-CN\">Página original"), "{pt}");
    // No human-written version and no publishing host: the notice, without a link.
    let zh = b.file("zh-cn/taxes/index.html");
    assert!(
        zh.contains("<div class=\"alert alert-note notice-mt\" role=\"note\"><p>此页面为机器翻译，可能包含错误。</p></div>"),
        "{zh}"
    );
    // Under the title, before the article's body.
    let (h1, notice, body) = (
        zh.find("<h1").unwrap(),
        zh.find("notice-mt").unwrap(),
        zh.find("data-pagefind-body").unwrap(),
    );
    assert!(h1 < notice && notice < body, "{zh}");

    // One locale and a publishing host: the page there, in its source language.
    let one = common::site(&[
        (
            "ajuda.toml",
            "[external]\n\"/\" = \"https://learn.microsoft.com/{locale}/\"\n",
        ),
        ("partner-center/billing.md", &mt("Fatura")),
    ]);
    let b = common::build_root(one.path());
    let page = b.file("en-us/partner-center/billing/index.html");
    assert!(
        page.contains("<a href=\"https://learn.microsoft.com/en-us/partner-center/billing\" hreflang=\"en-US\">Original page (<span lang=\"en-US\">English</span>)</a>"),
        "{page}"
    );
}

/// Messages that place a value are formatted by Fluent with it, where each language puts it.
#[test]
fn the_date_and_generator_sit_where_each_language_puts_them() {
    let site = common::site(&[
        (
            "ajuda.toml",
            "[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"zh-CN\"\ndir = \"zh\"\n",
        ),
        ("en/a.md", "---\ntitle: A\nms.date: 10/29/2018\n---\n# A\n\nText.\n"),
        ("zh/a.md", "---\ntitle: 甲\nms.date: 10/29/2018\n---\n# 甲\n\n文本。\n"),
    ]);
    let b = common::build_root(site.path());
    let en = b.file("en-us/a/index.html");
    assert!(
        en.contains("<p class=\"page-meta\">Last updated <time datetime=\"2018-10-29\">"),
        "{en}"
    );
    let zh = b.file("zh-cn/a/index.html");
    assert!(
        zh.contains("上次更新时间：<time datetime=\"2018-10-29\">"),
        "{zh}"
    );
    assert!(zh.contains("<p class=\"generator\">由 ajuda "), "{zh}");
    assert!(zh.contains(" 生成</p>"), "{zh}");
}
