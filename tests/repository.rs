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
