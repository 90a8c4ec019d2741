//! What a docs repository holds besides content, and how its redirects behave on any host.

mod common;

use common::{build_root, site};

#[test]
fn repository_housekeeping_is_never_published() {
    let tmp = site(&[
        ("a.md", "# A\n"),
        ("CODEOWNERS", "* @docs-team\n"),
        ("docs/OWNERS", "alias\n"),
        ("docs/OWNERS.txt", "alias\n"),
        ("docs/desktop.ini", "[.ShellClassInfo]\n"),
        ("docs/Thumbs.db", "x"),
        ("docs/Shortcut to docs.lnk", "x"),
        ("docfx.json", "{}"),
        (".markdownlint.json", "{}"),
        (
            ".openpublishing.redirection.json",
            "{\"redirections\": [{\"source_path\": \"old.md\", \"redirect_url\": \"/a\"}]}",
        ),
        ("docs/sample.json", "{\"kept\": true}"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    for gone in [
        "en-us/CODEOWNERS",
        "en-us/docs/OWNERS",
        "en-us/docs/OWNERS.txt",
        "en-us/docs/desktop.ini",
        "en-us/docs/Thumbs.db",
        "en-us/docs/Shortcut to docs.lnk",
        "en-us/docfx.json",
        "en-us/.markdownlint.json",
        "en-us/.openpublishing.redirection.json",
    ] {
        assert!(!b.exists(gone), "{gone} was published");
    }
    // The redirect map still works, and a sample that happens to be JSON is still published.
    assert!(b.exists("en-us/old/index.html"));
    assert!(b.exists("en-us/docs/sample.json"));
}

fn redirect_site() -> tempfile::TempDir {
    site(&[
        (
            "ajuda.toml",
            "base_url = \"https://help.example.com/docs/\"\n\n[redirects]\n\"guides/old.md\" = \"guides/new.md#step-2\"\n\"guides/older.md\" = \"guides/new.md\"\n",
        ),
        ("guides/new.md", "---\ntitle: Set up billing\n---\n# Billing\n\n## Step 2\n"),
    ])
}

#[test]
fn redirects_are_relative_and_keep_the_fragment() {
    let tmp = redirect_site();
    let b = build_root(tmp.path());
    let old = b.file("en-us/guides/old/index.html");
    // Relative: a preview or staging host stays on its own host.
    assert!(old.contains("content=\"0; url=../new/#step-2\""), "{old}");
    // The canonical address is the published one.
    assert!(old.contains(
        "<link rel=\"canonical\" href=\"https://help.example.com/docs/en-us/guides/new/#step-2\">"
    ));
    // A fragment on the old address is carried to the new one when the target has none.
    let older = b.file("en-us/guides/older/index.html");
    assert!(older.contains("location.replace(t.indexOf(\"#\")<0?t+location.hash:t)"));
    assert!(older.contains("(\"../new/\")"), "{older}");
}

#[test]
fn redirect_title_is_the_target_title() {
    let tmp = redirect_site();
    let b = build_root(tmp.path());
    let old = b.file("en-us/guides/old/index.html");
    let title = &old[old.find("<title>").unwrap()..old.find("</title>").unwrap()];
    assert!(title.starts_with("<title>Set up billing"), "{title}");
}

fn title_of(html: &str) -> &str {
    &html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()]
}

/// The text of the page's `<h1 ...>`.
fn h1_of(html: &str) -> &str {
    let start = html.find("<h1").unwrap();
    let open = start + html[start..].find('>').unwrap() + 1;
    &html[open..html.find("</h1>").unwrap()]
}

#[test]
fn heading_is_the_first_h1_and_title_is_the_front_matter() {
    let tmp = site(&[
        ("ajuda.toml", "title = \"Contoso Support\"\n"),
        (
            "a.md",
            "---\ntitle: Set up billing for admins\ntitleSuffix: Partner Center\n---\n# Set up billing\n\nText.\n",
        ),
        ("b.md", "# Only a heading\n"),
    ]);
    let b = build_root(tmp.path());
    let a = b.file("en-us/a/index.html");
    assert_eq!(h1_of(&a), "Set up billing");
    assert_eq!(
        title_of(&a),
        "Set up billing for admins - Partner Center | Contoso Support"
    );
    let only = b.file("en-us/b/index.html");
    assert_eq!(h1_of(&only), "Only a heading");
    assert_eq!(title_of(&only), "Only a heading | Contoso Support");
}

#[test]
fn site_title_is_never_the_folder_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("partner-center-docs");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("a.md"),
        "---\ntitle: A\nms.contentlocale: pt-BR\n---\n# A\n",
    )
    .unwrap();
    let b = build_root(&root);
    let a = b.file("pt-br/a/index.html");
    assert_eq!(title_of(&a), "A | Central de Ajuda");
    assert!(!a.contains("Partner Center Docs"));
}

#[test]
fn site_title_per_locale_and_from_docfx() {
    let tmp = site(&[
        (
            "ajuda.toml",
            "title = { en-US = \"Contoso Support\", pt-BR = \"Suporte Contoso\" }\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"pt-BR\"\ndir = \"pt\"\n",
        ),
        ("en/a.md", "# A\n"),
        ("pt/a.md", "# A\n"),
    ]);
    let b = build_root(tmp.path());
    assert_eq!(
        title_of(&b.file("en-us/a/index.html")),
        "A | Contoso Support"
    );
    assert_eq!(
        title_of(&b.file("pt-br/a/index.html")),
        "A | Suporte Contoso"
    );

    let docfx = site(&[
        (
            "docfx.json",
            "{\"build\": {\"globalMetadata\": {\"_appTitle\": \"Partner Center\"}}}",
        ),
        ("a.md", "# A\n"),
    ]);
    let b = build_root(docfx.path());
    assert_eq!(
        title_of(&b.file("en-us/a/index.html")),
        "A | Partner Center"
    );
}

fn docset_site() -> tempfile::TempDir {
    site(&[
        (
            "billing/docfx.json",
            r#"{"build": {
                "content": [{"files": ["**/*.md"], "exclude": ["drafts/**", "README.md"]}],
                "globalMetadata": {"titleSuffix": "Billing Help", "ms.topic": "article", "author": "global-author"},
                "fileMetadata": {"author": {"invoices/**/*.md": "invoice-team"}}
            }}"#,
        ),
        ("billing/README.md", "# Not content\n"),
        ("billing/drafts/wip.md", "# Draft\n"),
        (
            "billing/invoices/read.md",
            "---\ntitle: Read an invoice\n---\n# Read an invoice\n\nSee [the overview](~/overview.md#totals).\n",
        ),
        (
            "billing/overview.md",
            "---\ntitle: Billing overview\nauthor: page-author\n---\n# Overview\n\n## Totals\n",
        ),
        ("other.md", "# Outside every docset\n"),
    ])
}

#[test]
fn docfx_content_globs_choose_the_pages() {
    let tmp = docset_site();
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    assert!(b.exists("en-us/billing/overview/index.html"));
    assert!(b.exists("en-us/billing/invoices/read/index.html"));
    assert!(!b.exists("en-us/billing/drafts/wip/index.html"), "excluded");
    assert!(!b.exists("en-us/billing/README/index.html"), "excluded");
    assert!(!b.exists("en-us/billing/docfx.json"), "never published");
    assert!(
        b.exists("en-us/other/index.html"),
        "outside every docset: built"
    );
}

#[test]
fn docfx_metadata_is_global_then_file_then_front_matter() {
    let tmp = docset_site();
    let b = build_root(tmp.path());
    let read = b.file("en-us/billing/invoices/read/index.html");
    assert_eq!(
        title_of(&read),
        "Read an invoice - Billing Help | Help Center"
    );
    assert!(
        read.contains("<meta name=\"author\" content=\"invoice-team\">"),
        "{read}"
    );
    let overview = b.file("en-us/billing/overview/index.html");
    assert!(overview.contains("<meta name=\"author\" content=\"page-author\">"));
    let other = b.file("en-us/other/index.html");
    assert!(!other.contains("Billing Help"));
}

#[test]
fn tilde_links_start_at_the_docset_root() {
    let tmp = docset_site();
    let b = build_root(tmp.path());
    let read = b.file("en-us/billing/invoices/read/index.html");
    assert!(
        read.contains("href=\"/en-us/billing/overview/#totals\""),
        "{read}"
    );
}

#[test]
fn tilde_works_in_includes_and_tocs() {
    let tmp = site(&[
        ("help/docfx.json", "{\"build\": {}}"),
        ("help/includes/note.md", "Shared note.\n"),
        (
            "help/guides/a.md",
            "# A\n\n[!INCLUDE [note](~/includes/note.md)]\n",
        ),
        (
            "help/guides/TOC.yml",
            "- name: A\n  href: ~/guides/a.md\n- name: B\n  href: ~/b.md\n",
        ),
        ("help/b.md", "# B\n"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    let a = b.file("en-us/help/guides/a/index.html");
    assert!(a.contains("Shared note."), "{a}");
    assert!(
        a.contains("href=\"/en-us/help/b/\""),
        "TOC entry resolved: {a}"
    );
}

fn crumbs(html: &str) -> Vec<String> {
    let start = html.find("class=\"breadcrumb\"").expect("a breadcrumb");
    let end = start + html[start..].find("</ol>").unwrap();
    html[start..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let text_start = li.find('>').unwrap() + 1;
            let text = &li[text_start..];
            text[..text.find('<').unwrap()].to_string()
        })
        .collect()
}

fn breadcrumb_site(extend: bool) -> tempfile::TempDir {
    site(&[
        (
            "billing/docfx.json",
            &format!("{{\"build\": {{\"globalMetadata\": {{\"breadcrumb_path\": \"/billing/breadcrumb/toc.json\", \"extendBreadcrumb\": {extend}}}}}}}"),
        ),
        (
            "billing/breadcrumb/toc.yml",
            "- name: Billing docs\n  tocHref: /billing/\n  topicHref: /billing/index\n  items:\n  - name: Invoices\n    tocHref: /billing/invoices/\n    topicHref: /billing/invoices/overview\n",
        ),
        ("billing/index.md", "# Billing\n"),
        ("billing/invoices/overview.md", "# Invoices overview\n"),
        ("billing/invoices/read.md", "# Read an invoice\n"),
        (
            "billing/TOC.yml",
            "- name: Money matters\n  items:\n  - name: Reading\n    href: invoices/read.md\n",
        ),
    ])
}

#[test]
fn breadcrumb_file_gives_the_trail_above_the_page() {
    let tmp = breadcrumb_site(false);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    let read = b.file("en-us/billing/invoices/read/index.html");
    assert_eq!(crumbs(&read), ["Home", "Billing docs", "Invoices"]);
    // It is not a page, a navigation tree or a home-page card.
    assert!(!b.exists("en-us/billing/breadcrumb/toc/index.html"));
    assert!(!read.contains(">Billing docs</a></li>\n</ul>"));
    let home = b.file("en-us/index.html");
    assert!(!home.contains("Invoices</"), "{home}");
}

#[test]
fn extend_breadcrumb_appends_the_toc_trail() {
    let tmp = breadcrumb_site(true);
    let b = build_root(tmp.path());
    let read = b.file("en-us/billing/invoices/read/index.html");
    assert_eq!(
        crumbs(&read),
        ["Home", "Billing docs", "Invoices", "Money matters"]
    );
}

fn moved_docset(config: &str) -> tempfile::TempDir {
    site(&[
        ("ajuda.toml", config),
        (
            "Exchange/docfx.json",
            r#"{"build": {"globalMetadata": {"breadcrumb_path": "/exchange/troubleshoot/breadcrumb/toc.json"}}}"#,
        ),
        ("Exchange/admin/foo.md", "# Foo\n\n## Steps\n"),
        (
            "Exchange/TOC.yml",
            "- name: Foo through its base\n  href: /exchange/troubleshoot/admin/foo\n",
        ),
        (
            "Exchange/admin/links.md",
            "# Links\n\n[a](/exchange/troubleshoot/admin/foo#steps) [b](/en-us/exchange/troubleshoot/admin/foo) [c](/troubleshoot/exchange/admin/foo) [d](/exchange/other-product/page) [e](foo.md)\n",
        ),
    ])
}

#[test]
fn docset_pages_are_published_under_its_base() {
    let tmp = moved_docset("");
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    assert!(b.exists("en-us/exchange/troubleshoot/admin/foo/index.html"));
    assert!(!b.exists("en-us/Exchange/admin/foo/index.html"));
    // The base was inferred from breadcrumb_path: a note says so.
    assert!(b.report.diagnostics.iter().any(|d| d
        .message
        .contains("published under `/exchange/troubleshoot/`")));
    let links = b.file("en-us/exchange/troubleshoot/admin/links/index.html");
    assert!(
        links.contains("href=\"/en-us/exchange/troubleshoot/admin/foo/#steps\""),
        "{links}"
    );
    assert!(links.contains("href=\"/en-us/exchange/troubleshoot/admin/foo/\">e</a>"));
    // A path the site does not own, even beside a local folder of a similar name, is external.
    assert!(links.contains("href=\"/exchange/other-product/page\""));
    // TOC entries go through the base too.
    let foo = b.file("en-us/exchange/troubleshoot/admin/foo/index.html");
    assert!(foo.contains("aria-current=\"page\""), "{foo}");
}

#[test]
fn configured_bases_all_resolve() {
    let tmp = moved_docset(
        "[docsets]\nExchange = [\"/exchange/troubleshoot/\", \"/troubleshoot/exchange/\"]\n",
    );
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    let links = b.file("en-us/exchange/troubleshoot/admin/links/index.html");
    assert!(
        links.contains("href=\"/en-us/exchange/troubleshoot/admin/foo/\">c</a>"),
        "{links}"
    );
}

#[test]
fn each_docset_has_its_title() {
    let tmp = site(&[
        (
            "billing/docfx.json",
            r#"{"build": {"globalMetadata": {"_appTitle": "Billing Help"}}}"#,
        ),
        ("billing/a.md", "# A\n"),
        ("support/docfx.json", r#"{"build": {}}"#),
        (
            "support/breadcrumb/toc.yml",
            "- name: Support docs\n  tocHref: /support/\n  topicHref: /support/b\n",
        ),
        ("support/b.md", "# B\n"),
        ("c.md", "# C\n"),
    ]);
    let b = build_root(tmp.path());
    assert_eq!(
        title_of(&b.file("en-us/billing/a/index.html")),
        "A | Billing Help"
    );
    assert_eq!(
        title_of(&b.file("en-us/support/b/index.html")),
        "B | Support docs"
    );
    assert_eq!(title_of(&b.file("en-us/c/index.html")), "C | Help Center");
    // A title in the config is the title of every docset.
    std::fs::write(tmp.path().join("ajuda.toml"), "title = \"Contoso\"\n").unwrap();
    let b = build_root(tmp.path());
    assert_eq!(
        title_of(&b.file("en-us/billing/a/index.html")),
        "A | Contoso"
    );
}

#[test]
fn redirect_maps_may_hold_comments_and_tocs_follow_them() {
    let map = "{\n  \"redirections\": [\n    // moved in the 2024 reorganization\n    {\n      \"source_path\": \"old.md\",\n      \"redirect_url\": \"/new\"\n    }\n    /* an entry kept for later\n    , { \"source_path\": \"x.md\", \"redirect_url\": \"/y\" } */\n  ]\n}\n";
    let tmp = site(&[
        (".openpublishing.redirection.json", map),
        ("new.md", "# New\n"),
        ("a.md", "# A\n\nSee [the old page](old.md).\n"),
        (
            "TOC.yml",
            "- name: A\n  href: a.md\n- name: Old\n  href: old.md\n",
        ),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    assert!(b.exists("en-us/old/index.html"));
    let a = b.file("en-us/a/index.html");
    assert!(a.contains("href=\"/en-us/new/\">the old page</a>"), "{a}");
    assert!(
        a.contains("href=\"/en-us/old/\">Old</a>"),
        "TOC entry goes to the redirect: {a}"
    );
    assert!(b
        .diags(ajuda::diag::Kind::RedirectFollowed)
        .iter()
        .any(|d| d.file == "TOC.yml" && d.line == 3));
}

#[test]
fn dotnet_xrefs_go_to_the_api_reference_when_the_publishing_config_says_so() {
    let page = "# A\n\nImplement <xref:System.Web.IHttpModule> and [Init](xref:System.Web.IHttpModule.Init%2A), then [ProcessRequest](xref:System.Web.IHttpHandler.ProcessRequest(System.Web.HttpContext)); [ours](xref:contoso.billing) is not there.\n";
    let publish = "{\"docsets_to_publish\": [{\"docset_name\": \"Help\", \"build_source_folder\": \".\", \"xref_query_tags\": [\"/dotnet\"]}]}";
    let tmp = site(&[
        (".openpublishing.publish.config.json", publish),
        ("a.md", page),
    ]);
    let b = build_root(tmp.path());
    let a = b.file("en-us/a/index.html");
    for href in [
        "https://learn.microsoft.com/dotnet/api/system.web.ihttpmodule",
        "https://learn.microsoft.com/dotnet/api/system.web.ihttpmodule.init",
        "https://learn.microsoft.com/dotnet/api/system.web.ihttphandler.processrequest",
    ] {
        assert!(a.contains(&format!("href=\"{href}\"")), "{href}: {a}");
    }
    assert_eq!(b.diags(ajuda::diag::Kind::ExternalXref).len(), 3);
    // A uid of the site's own that no page declares is still an error.
    let errors = b.diags(ajuda::diag::Kind::Xref);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].target.as_deref(), Some("xref:contoso.billing"));
    // Without the publishing config, a .NET uid is an error like any other.
    std::fs::remove_file(tmp.path().join(".openpublishing.publish.config.json")).unwrap();
    assert_eq!(
        build_root(tmp.path()).diags(ajuda::diag::Kind::Xref).len(),
        4
    );
}

#[test]
fn a_folder_url_follows_its_moved_index_page() {
    let map = r#"{"redirections": [
        {"source_path": "install/setup/index.md", "redirect_url": "/install/new-setup"},
        {"source_path": "install/old.md", "redirect_url": "/install/setup"}
    ]}"#;
    let tmp = site(&[
        (".openpublishing.redirection.json", map),
        ("install/new-setup.md", "# New setup\n"),
        (
            "a.md",
            "# A\n\n[Setup](/install/setup) and [old](install/old.md).\n",
        ),
    ]);
    let b = build_root(tmp.path());
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
    assert!(
        b.diags(ajuda::diag::Kind::Redirect).is_empty(),
        "{:#?}",
        b.report.diagnostics
    );
    let a = b.file("en-us/a/index.html");
    assert!(
        a.contains("href=\"/en-us/install/new-setup/\">Setup</a>"),
        "{a}"
    );
    assert!(
        a.contains("href=\"/en-us/install/new-setup/\">old</a>"),
        "{a}"
    );
}

#[test]
fn docfx_resources_choose_the_files_and_content_dest_moves_pages() {
    let docfx = r#"{"build": {
        "content": [
            {"files": ["**/*.md"], "exclude": ["articles/**"]},
            {"files": ["**/*.md"], "src": "articles", "dest": "guides"}
        ],
        "resource": [{"files": ["**/*.png"]}]
    }}"#;
    let tmp = site(&[
        ("docs/docfx.json", docfx),
        (
            "docs/index.md",
            "# Home\n\n![Shot](media/shot.png)\n\n[Guide](articles/setup.md)\n\n[Notes](media/notes.txt)\n",
        ),
        ("docs/articles/setup.md", "# Setup\n\n[Home](../index.md)\n"),
        ("docs/media/shot.png", "P"),
        ("docs/media/notes.txt", "scratch"),
        ("docs/media/sample.cs", "class A {}\n"),
    ]);
    let b = build_root(tmp.path());
    // `dest` publishes the entry's pages under it, and links follow.
    assert!(b.exists("en-us/docs/guides/setup/index.html"));
    assert!(!b.exists("en-us/docs/articles/setup/index.html"));
    let home = b.file("en-us/docs/index.html");
    assert!(
        home.contains("href=\"/en-us/docs/guides/setup/\""),
        "{home}"
    );
    // Resources are published; other files are not, and a link to one says why.
    assert!(b.exists("en-us/docs/media/shot.png"));
    assert!(!b.exists("en-us/docs/media/sample.cs"));
    assert!(!b.exists("en-us/docs/media/notes.txt"));
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .contains("lists it neither as content nor as a resource"),
        "{}",
        errors[0].message
    );
}
