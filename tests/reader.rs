//! The reader's experience of built pages: the on-page TOC on phones, code block labels,
//! scrolling tables, image sizes and the 404 pages. (How they behave in a browser:
//! `tests/browser.rs`.)

mod common;

use common::{build_root, site, Built};

/// The `<main>` of a page: what the page shows, without the head and the navigation.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

/// A PNG of `w` × `h` pixels: what a header reader sees (signature, IHDR), and no pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    v.extend(w.to_be_bytes());
    v.extend(h.to_be_bytes());
    v.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    v
}

/// A GIF of `w` × `h` pixels (header and logical screen descriptor).
fn gif(w: u16, h: u16) -> Vec<u8> {
    let mut v = b"GIF89a".to_vec();
    v.extend(w.to_le_bytes());
    v.extend(h.to_le_bytes());
    v.extend([0, 0, 0, 0x3b]);
    v
}

const TWO_LOCALES: &str = "default_locale = \"en-US\"\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"pt-BR\"\ndir = \"pt\"\n";

#[test]
fn in_this_article_is_a_disclosure_closed_until_the_screen_is_wide() {
    let s = site(&[(
        "guide.md",
        "# Guide\n\nIntro.\n\n## Install\n\nText.\n\n### On Windows\n\nText.\n\n## Configure\n\nText.\n",
    )]);
    let b = build_root(s.path());
    let html = b.file("en-us/guide/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(
            "<nav class=\"page-toc\" aria-labelledby=\"ajuda-toc-title\">\n<details class=\"page-toc-box\">\n<summary id=\"ajuda-toc-title\" class=\"page-toc-title\">In this article</summary>\n<ol>\n<li class=\"toc-h2\"><a href=\"#install\">Install</a></li>\n<li class=\"toc-h3\"><a href=\"#on-windows\">On Windows</a></li>\n<li class=\"toc-h2\"><a href=\"#configure\">Configure</a></li>\n</ol>\n</details>\n</nav>"
        ),
        "{main}"
    );
    // Closed as served (phones); the theme opens it from 900px and hides H3s below.
    assert!(!main.contains("<details class=\"page-toc-box\" open"));
    let css = b.file("_theme/ajuda.css");
    assert!(css.contains("@media (max-width: 899px) { .page-toc .toc-h3 { display: none; } }"));
    assert!(css.contains(".page-toc-box::details-content { display: block;"));
    let js = b.file("_theme/ajuda.js");
    assert!(js.contains("matchMedia(\"(min-width: 900px)\")"));
}

#[test]
fn code_blocks_are_labelled_with_the_language_name() {
    let fences = [
        ("azurecli", "Azure CLI"),
        ("azurepowershell", "Azure PowerShell"),
        ("powershell", "PowerShell"),
        ("csharp", "C#"),
        ("json", "JSON"),
        ("bash", "Bash"),
        ("console", "Console"),
        ("cmd", "Windows Command Prompt"),
        ("kusto", "Kusto"),
        ("plaintext", "Text"),
        ("YAML", "YAML"),
        ("MyDsl", "MyDsl"),
    ];
    let mut page = String::from("# Code\n\n");
    for (id, _) in fences {
        page.push_str(&format!("```{id}\nx\n```\n\n"));
    }
    page.push_str(":::code language=\"typescript\" source=\"s.ts\":::\n");
    let s = site(&[("code.md", &page), ("s.ts", "let a = 1;\n")]);
    let b = build_root(s.path());
    let html = b.file("en-us/code/index.html");
    for (id, label) in fences {
        let lower = id.to_ascii_lowercase();
        assert!(
            html.contains(&format!(
                "<div class=\"code-block\" data-lang=\"{lower}\" data-label=\"{label}\"><pre"
            )),
            "{id}: {html}"
        );
    }
    assert!(html.contains(
        "<div class=\"code-block\" data-lang=\"typescript\" data-label=\"TypeScript\"><pre"
    ));
    // The theme shows the label as written, not the id in capitals.
    let css = b.file("_theme/ajuda.css");
    assert!(css.contains("content: attr(data-label);"));
    assert!(!css.contains("content: attr(data-lang); display: block"));
}

#[test]
fn tables_scroll_in_a_named_container_in_each_language() {
    let table =
        "| Setting | Where | Default | Notes |\n| --- | --- | --- | --- |\n| a | b | c | d |\n";
    let s = site(&[
        ("ajuda.toml", TWO_LOCALES),
        ("en/wide.md", &format!("# Wide\n\n{table}\nAfter.\n")),
        (
            "pt/wide.md",
            &format!("# Larga\n\n- Item\n\n  {}\n", table.replace('\n', "\n  ")),
        ),
    ]);
    let b = build_root(s.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    let en = b.file("en-us/wide/index.html");
    assert!(
        en.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table><thead><tr><th>Setting</th>"),
        "{en}"
    );
    assert!(
        en.contains("</tbody></table>\n</div>\n<p>After.</p>"),
        "{en}"
    );
    // In a list item too, named in the page's language.
    let pt = b.file("pt-br/wide/index.html");
    assert!(
        pt.contains("<li>\n<p>Item</p>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Tabela\">\n<table>"),
        "{pt}"
    );
    assert!(pt.contains("</tbody></table>\n</div>\n</li>"), "{pt}");
    let css = b.file("_theme/ajuda.css");
    assert!(css.contains(".table-wrap {"));
    assert!(css.contains("no-repeat local"));
}

#[test]
fn local_images_carry_the_width_and_height_of_their_file() {
    let page = "# Pictures\n\n\
        ![Screen](media/screen.png)\n\n\
        ![Shared again](media/screen.png \"Title\")\n\n\
        :::image type=\"content\" source=\"media/anim.gif\" alt-text=\"Animation\" lightbox=\"media/screen.png\":::\n\n\
        <img src=\"media/screen.png\" alt=\"Raw\">\n\n\
        <img alt=\"Closed\" src=\"media/anim.gif\" />\n\n\
        <img src=\"media/screen.png\" alt=\"Sized by the writer\" width=\"50\">\n\n\
        ![Logo](media/logo.svg) ![Fluid](media/fluid.svg) ![Empty](media/empty.png) ![Broken](media/broken.png)\n\n\
        ![Not a PNG](media/text.png) ![Remote](https://example.com/x.png) ![Missing](media/gone.png)\n";
    let s = site(&[
        ("pictures.md", page),
        (
            "media/logo.svg",
            "<?xml version=\"1.0\"?>\n<!-- a logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"32px\" viewBox=\"0 0 64 32\"><rect width=\"64\" height=\"32\"/></svg>\n",
        ),
        (
            "media/fluid.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" width=\"100%\"></svg>\n",
        ),
        ("media/empty.png", ""),
        ("media/text.png", "not an image at all"),
    ]);
    let media = s.path().join("media");
    std::fs::write(media.join("screen.png"), png(1280, 720)).unwrap();
    std::fs::write(media.join("anim.gif"), gif(320, 200)).unwrap();
    // A PNG cut short in its header.
    std::fs::write(media.join("broken.png"), &png(10, 10)[..18]).unwrap();
    let b = build_root(s.path());
    let html = b.file("en-us/pictures/index.html");
    for want in [
        r#"<img src="/en-us/media/screen.png" alt="Screen" width="1280" height="720" loading="lazy">"#,
        r#"<img src="/en-us/media/screen.png" alt="Shared again" title="Title" width="1280" height="720" loading="lazy">"#,
        r#"<a class="lightbox" href="/en-us/media/screen.png"><img src="/en-us/media/anim.gif" alt="Animation" width="320" height="200" loading="lazy"></a>"#,
        r#"<img src="/en-us/media/screen.png" alt="Raw" width="1280" height="720">"#,
        r#"<img alt="Closed" src="/en-us/media/anim.gif" width="320" height="200" />"#,
        r#"<img src="/en-us/media/screen.png" alt="Sized by the writer" width="50">"#,
        r#"<img src="/en-us/media/logo.svg" alt="Logo" width="64" height="32" loading="lazy">"#,
        r#"<img src="/en-us/media/fluid.svg" alt="Fluid" loading="lazy">"#,
        r#"<img src="/en-us/media/empty.png" alt="Empty" loading="lazy">"#,
        r#"<img src="/en-us/media/broken.png" alt="Broken" loading="lazy">"#,
        r#"<img src="/en-us/media/text.png" alt="Not a PNG" loading="lazy">"#,
        r#"<img src="https://example.com/x.png" alt="Remote" loading="lazy">"#,
        r#"<img src="media/gone.png" alt="Missing" loading="lazy">"#,
    ] {
        assert!(html.contains(want), "missing {want} in\n{}", main_of(&html));
    }
    // Bad images cost nothing but their size: only the missing one is reported.
    let images = b.diags(ajuda::diag::Kind::MissingImage);
    assert_eq!(images.len(), 1, "{images:#?}");
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
}

#[test]
fn an_image_a_translation_borrows_has_its_size_too() {
    let s = site(&[
        ("ajuda.toml", TWO_LOCALES),
        ("en/page.md", "# Page\n\n![Chart](media/chart.png)\n"),
        ("pt/page.md", "# Página\n\n![Gráfico](media/chart.png)\n"),
        (
            "en/only.md",
            "# Only in English\n\n![Chart](media/chart.png)\n",
        ),
    ]);
    std::fs::create_dir_all(s.path().join("en/media")).unwrap();
    std::fs::write(s.path().join("en/media/chart.png"), png(640, 480)).unwrap();
    let b: Built = build_root(s.path());
    // The Portuguese page shows the English file, which it does not have.
    let pt = b.file("pt-br/page/index.html");
    assert!(
        pt.contains(r#"<img src="/en-us/media/chart.png" alt="Gráfico" width="640" height="480" loading="lazy">"#),
        "{}",
        main_of(&pt)
    );
    // So does the fallback page of an untranslated article.
    let fallback = b.file("pt-br/only/index.html");
    assert!(fallback.contains(r#"alt="Chart" width="640" height="480""#));
}

#[test]
fn not_found_pages_carry_the_locale_categories_and_a_search_box() {
    let s = site(&[
        ("ajuda.toml", TWO_LOCALES),
        (
            "en/TOC.yml",
            "- name: Billing\n  href: billing.md\n- name: Accounts\n  items:\n    - name: Sign in\n      href: sign-in.md\n",
        ),
        ("en/billing.md", "# Billing\n"),
        ("en/sign-in.md", "# Sign in\n"),
        (
            "pt/TOC.yml",
            "- name: Cobrança\n  href: billing.md\n- name: Contas\n  items:\n    - name: Entrar\n      href: sign-in.md\n",
        ),
        ("pt/billing.md", "# Cobrança\n"),
        ("pt/sign-in.md", "# Entrar\n"),
    ]);
    let b = build_root(s.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    for (file, links) in [
        (
            "404.html",
            [
                r#"<a href="/en-us/billing/">Billing</a>"#,
                r#"<a href="/en-us/sign-in/">Accounts</a>"#,
            ],
        ),
        (
            "en-us/404.html",
            [
                r#"<a href="/en-us/billing/">Billing</a>"#,
                r#"<a href="/en-us/sign-in/">Accounts</a>"#,
            ],
        ),
        (
            "pt-br/404.html",
            [
                r#"<a href="/pt-br/billing/">Cobrança</a>"#,
                r#"<a href="/pt-br/sign-in/">Contas</a>"#,
            ],
        ),
    ] {
        let html = b.file(file);
        let main = main_of(&html);
        // Without a search index there is no box (tests/search.rs checks it with one).
        assert!(!main.contains("data-search"), "{file}: {main}");
        assert!(main.contains("<section class=\"cards\""), "{file}: {main}");
        for link in links {
            assert!(main.contains(link), "{file}: {link} in {main}");
        }
    }
    assert!(!main_of(&b.file("pt-br/404.html")).contains("/en-us/billing/"));
}
