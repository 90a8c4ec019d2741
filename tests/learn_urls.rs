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
    let errors = b.errors();
    assert!(errors.is_empty(), "{errors:#?}");
}
