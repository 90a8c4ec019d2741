//! Where Learn publishes a docset's files, from its `docfx.json` groups: a file's path relative
//! to its group's `src` (stripped whatever `dest` is), under the group's `dest`, under the
//! docset's base (here from `breadcrumb_path`).

mod common;

use common::{build_root, site};

const DOCFX: &str = r#"{"build": {
    "content": [
        {"files": ["**/*.md", "**/*.yml"], "src": "ExchangeOnline", "dest": "."},
        {"files": ["**/*.yml"], "src": "Hub", "dest": "."},
        {"files": ["**/*.md"], "src": "Admin", "dest": "admin-center"}
    ],
    "resource": [
        {"files": ["**/*.png"], "src": "ExchangeOnline"},
        {"files": ["shared/**/*.png"]}
    ],
    "globalMetadata": {"breadcrumb_path": "/exchange/troubleshoot/breadcrumb/toc.json"}
}}"#;

const HUB: &str = "### YamlMime:Hub\ntitle: Exchange troubleshooting\nsummary: Start here.\n";

fn exchange() -> tempfile::TempDir {
    site(&[
        ("Exchange/docfx.json", DOCFX),
        ("Exchange/Hub/index.yml", HUB),
        (
            "Exchange/Hub/breadcrumb/toc.yml",
            "- name: Learn\n  tocHref: /\n  topicHref: /\n  items:\n  - name: Exchange\n    tocHref: /exchange/\n    topicHref: /exchange/\n    items:\n    - name: Troubleshooting\n      tocHref: /exchange/troubleshoot/\n      topicHref: /exchange/troubleshoot/\n",
        ),
        (
            "Exchange/ExchangeOnline/mail-flow/bounced-mail.md",
            "# Bounced mail\n\n![Where the report is](media/report.png)\n\n![Logo](../../shared/logo.png)\n\nSee [the sign-in guide](/exchange/troubleshoot/admin-center/sign-in) and [home](/exchange/troubleshoot/).\n",
        ),
        ("Exchange/ExchangeOnline/mail-flow/media/report.png", "P"),
        ("Exchange/shared/logo.png", "P"),
        (
            "Exchange/Admin/sign-in.md",
            "# Sign in\n\nRead [bounced mail](../ExchangeOnline/mail-flow/bounced-mail.md#bounced-mail).\n",
        ),
    ])
}

#[test]
fn group_src_is_stripped_and_dest_applied_under_the_docset_base() {
    let tmp = exchange();
    let b = build_root(tmp.path());
    // `src` stripped with `dest: "."`, and with a folder `dest`.
    assert!(b.exists("en-us/exchange/troubleshoot/mail-flow/bounced-mail/index.html"));
    assert!(b.exists("en-us/exchange/troubleshoot/admin-center/sign-in/index.html"));
    assert!(
        !b.exists("en-us/exchange/troubleshoot/ExchangeOnline/mail-flow/bounced-mail/index.html")
    );
    // The hub in a `src: Hub` group is the docset's root.
    assert!(b.exists("en-us/exchange/troubleshoot/index.html"));
    // A relative link between pages moved by different groups goes where each lands.
    let sign_in = b.file("en-us/exchange/troubleshoot/admin-center/sign-in/index.html");
    assert!(
        sign_in
            .contains("href=\"/en-us/exchange/troubleshoot/mail-flow/bounced-mail/#bounced-mail\""),
        "{sign_in}"
    );
    // Root-relative links at Learn's addresses reach the pages there.
    let bounced = b.file("en-us/exchange/troubleshoot/mail-flow/bounced-mail/index.html");
    assert!(
        bounced.contains("href=\"/en-us/exchange/troubleshoot/admin-center/sign-in/\""),
        "{bounced}"
    );
    assert!(
        bounced.contains("href=\"/en-us/exchange/troubleshoot/\""),
        "{bounced}"
    );
    // Images: one moved by its group's `src`, one in a group without `src` (under the base).
    assert!(b.exists("en-us/exchange/troubleshoot/mail-flow/media/report.png"));
    assert!(
        bounced.contains("src=\"/en-us/exchange/troubleshoot/mail-flow/media/report.png\""),
        "{bounced}"
    );
    assert!(b.exists("en-us/exchange/troubleshoot/shared/logo.png"));
    assert!(
        bounced.contains("src=\"/en-us/exchange/troubleshoot/shared/logo.png\""),
        "{bounced}"
    );
    // The breadcrumb of `Hub/breadcrumb/toc.yml` is the docset's, its entries found at the
    // addresses the groups give.
    let start = bounced.find("class=\"breadcrumb\"").expect("a breadcrumb");
    let trail = &bounced[start..start + bounced[start..].find("</ol>").unwrap()];
    assert!(
        trail.contains("href=\"/en-us/exchange/troubleshoot/\">Troubleshooting</a>"),
        "{trail}"
    );
    assert!(trail.contains("Exchange"), "{trail}");
    let errors = b.errors();
    assert!(errors.is_empty(), "{errors:#?}");
}

const PUBLISH: &str =
    r#"{"docsets_to_publish": [{"docset_name": "help", "build_source_folder": "."}]}"#;

fn published(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files = vec![
        (".openpublishing.publish.config.json", PUBLISH),
        (
            "Guides/Set-Up.md",
            "# Set up\n\nSee [billing](../Billing/Über-Rechnungen.md), [Azure](/azure/active-directory/overview) and [setup](/guides/set-up#set-up).\n",
        ),
        ("Billing/Über-Rechnungen.md", "# Bills\n\nBack to [setup](../guides/set-up.md).\n"),
    ];
    files.extend_from_slice(extra);
    site(&files)
}

#[test]
fn a_repository_published_to_learn_has_lower_case_urls() {
    let tmp = published(&[]);
    let b = build_root(tmp.path());
    // Lower case, Unicode included.
    assert!(b.exists("en-us/guides/set-up/index.html"));
    assert!(b.exists("en-us/billing/über-rechnungen/index.html"));
    let page = b.file("en-us/guides/set-up/index.html");
    assert!(
        page.contains("href=\"/en-us/billing/%C3%BCber-rechnungen/\""),
        "{page}"
    );
    // A link whose letter case differs from the file reaches the same lower-case address:
    // nothing to warn about; so does Learn's own address of the page.
    assert!(b.diags(ajuda::diag::Kind::CaseMismatch).is_empty());
    assert!(
        page.contains("href=\"/en-us/guides/set-up/#set-up\""),
        "{page}"
    );
    assert!(b.errors().is_empty(), "{:#?}", b.errors());

    // The config can keep the source's letter case.
    std::fs::write(tmp.path().join("ajuda.toml"), "[urls]\nlowercase = false\n").unwrap();
    let b = build_root(tmp.path());
    assert!(b.exists("en-us/Guides/Set-Up/index.html"));
    assert_eq!(b.diags(ajuda::diag::Kind::CaseMismatch).len(), 2);
}

#[test]
fn two_files_whose_urls_differ_only_in_case_are_one_page_and_an_error() {
    let tmp = published(&[("Guides/set-up.md", "# Another set up\n")]);
    let b = build_root(tmp.path());
    let dup = b.diags(ajuda::diag::Kind::DuplicatePage);
    assert_eq!(dup.len(), 1, "{dup:#?}");
    assert_eq!(dup[0].severity, ajuda::diag::Severity::Error);
    assert!(dup[0].message.contains("same URL"), "{}", dup[0].message);
}

#[test]
fn links_into_the_rest_of_learn_go_to_learn_with_one_note() {
    let tmp = published(&[]);
    let b = build_root(tmp.path());
    let page = b.file("en-us/guides/set-up/index.html");
    assert!(
        page.contains("href=\"https://learn.microsoft.com/en-us/azure/active-directory/overview\""),
        "{page}"
    );
    let notes = b.diags(ajuda::diag::Kind::HostLink);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(
        notes[0].message.starts_with("1 distinct"),
        "{}",
        notes[0].message
    );

    // A catch-all of the config sends them elsewhere; `false` makes them errors.
    std::fs::write(
        tmp.path().join("ajuda.toml"),
        "[external]\n\"/\" = \"https://docs.example.com/{locale}/\"\n",
    )
    .unwrap();
    let b = build_root(tmp.path());
    let page = b.file("en-us/guides/set-up/index.html");
    assert!(
        page.contains("href=\"https://docs.example.com/en-us/azure/active-directory/overview\""),
        "{page}"
    );
    std::fs::write(tmp.path().join("ajuda.toml"), "[external]\n\"/\" = false\n").unwrap();
    let b = build_root(tmp.path());
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].kind, ajuda::diag::Kind::MissingPage);
    assert_eq!(errors[0].file, "Guides/Set-Up.md");
    assert_eq!(errors[0].line, 3);
}

#[test]
fn a_site_not_published_to_learn_keeps_its_case_and_its_other_links() {
    let tmp = site(&[(
        "Guides/Set-Up.md",
        "# Set up\n\nSee [Azure](/azure/active-directory/overview).\n",
    )]);
    let b = build_root(tmp.path());
    assert!(b.exists("en-us/Guides/Set-Up/index.html"));
    let page = b.file("en-us/Guides/Set-Up/index.html");
    assert!(
        page.contains("href=\"/azure/active-directory/overview\""),
        "{page}"
    );
    assert!(b.diags(ajuda::diag::Kind::HostLink).is_empty());
}

/// In a repository made of docsets, a folder with no `docfx.json` still publishes its pages
/// (one note says so) and only the files they link to; owners' files are never published.
#[test]
fn outside_every_docset_pages_are_published_and_files_only_when_linked() {
    let tmp = site(&[
        (
            "help/docfx.json",
            r#"{"build": {"content": [{"files": ["**/*.md"]}]}}"#,
        ),
        ("help/start.md", "# Start\n"),
        ("help/ContentOwners.txt", "someone\n"),
        ("Archive/old.md", "# Old\n\n![Used](media/used.png)\n"),
        ("Archive/media/used.png", "P"),
        ("Archive/media/unused.png", "P"),
        ("Archive/ContentOwners.txt", "someone\n"),
    ]);
    let b = build_root(tmp.path());
    assert!(b.exists("en-us/Archive/old/index.html"));
    assert!(b.exists("en-us/Archive/media/used.png"));
    assert!(!b.exists("en-us/Archive/media/unused.png"));
    assert!(!b.exists("en-us/Archive/ContentOwners.txt"));
    assert!(!b.exists("en-us/help/ContentOwners.txt"));
    let notes: Vec<_> = b
        .diags(ajuda::diag::Kind::Config)
        .into_iter()
        .filter(|d| d.message.contains("in no docset"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].file, "Archive/old.md");
    assert!(b.errors().is_empty(), "{:#?}", b.errors());
}
