//! The publishing config around a docs repository (`.openpublishing.publish.config.json`):
//! its docsets and their output subfolders, its root redirect map seen from one docset, and
//! its dependent repositories.

mod common;

use common::{build_root, site};

const PUBLISH: &str = r#"{
  "docsets_to_publish": [
    {"docset_name": "help", "build_source_folder": "help", "build_output_subfolder": "help"},
    {"docset_name": "help-china", "build_source_folder": "china", "build_output_subfolder": "help-cn"}
  ],
  "dependent_repositories": [
    {"path_to_root": "_repo.en-us", "url": "https://example.com/help-en"},
    {"path_to_root": "_samples", "url": "https://example.com/samples"}
  ]
}"#;

fn publishing_repo() -> tempfile::TempDir {
    site(&[
        (".openpublishing.publish.config.json", PUBLISH),
        (
            ".openpublishing.redirection.json",
            r#"{"redirections": [
                {"source_path": "help/old-start.md", "redirect_url": "/help/start"},
                {"source_path": "China/old.md", "redirect_url": "/help-cn/new"}
            ]}"#,
        ),
        ("help/docfx.json", r#"{"build": {"content": [{"files": ["**/*.md"]}]}}"#),
        (
            "help/start.md",
            "# Start\n\n[![shot](../_samples/media/shot.png)](../_repo.en-us/help/start.md)\n\n[!INCLUDE [shared](../_repo.en-us/includes/shared.md)]\n\n[Missing](missing.md)\n",
        ),
        ("China/new.md", "# New\n\n[Start](../help/start.md)\n"),
        ("Archive/old-guide.md", "# Old guide\n"),
    ])
}

#[test]
fn publishing_config_docsets_match_folders_ignoring_case_and_take_their_output_subfolder() {
    let tmp = publishing_repo();
    let b = build_root(tmp.path());
    // `china` is `China/`, published under its output subfolder, with a note saying so.
    assert!(b.exists("en-us/help-cn/new/index.html"));
    assert!(!b.exists("en-us/China/new/index.html"));
    let notes: Vec<_> = b
        .diags(ajuda::diag::Kind::Config)
        .into_iter()
        .filter(|d| d.message.contains("/help-cn/"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].severity, ajuda::diag::Severity::Note);
    // Same folder name as the output subfolder: no move, no note.
    assert!(b.exists("en-us/help/start/index.html"));
    // A folder outside every docset still builds under its own path, in lower case as Learn
    // publishes it.
    assert!(b.exists("en-us/archive/old-guide/index.html"));
    // The link from the moved docset is resolved through its new URL.
    let new = b.file("en-us/help-cn/new/index.html");
    assert!(new.contains("href=\"/en-us/help/start/\""), "{new}");
}

#[test]
fn missing_dependent_repositories_give_one_note_each_and_no_false_errors() {
    let tmp = publishing_repo();
    let b = build_root(tmp.path());
    let notes: Vec<_> = b
        .diags(ajuda::diag::Kind::Config)
        .into_iter()
        .filter(|d| d.message.starts_with("dependent repository"))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes[0].message.contains("https://example.com/help-en"));
    assert!(notes
        .iter()
        .all(|n| n.file == ".openpublishing.publish.config.json"));
    // The link, the image and the include into them are not checked; the real broken link is.
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].target.as_deref(), Some("missing.md"));
    assert!(b.diags(ajuda::diag::Kind::MissingImage).is_empty());
}

#[test]
fn a_dependent_repository_mapped_to_a_local_folder_lends_includes_and_publishes_nothing() {
    let tmp = publishing_repo();
    let local = site(&[
        (
            "includes/shared.md",
            "Shared **text** from the source repository.\n",
        ),
        ("help/start.md", "# Start in English\n"),
    ]);
    std::fs::write(
        tmp.path().join("ajuda.toml"),
        format!(
            "[dependencies]\n\"_repo.en-us\" = \"{}\"\n",
            local.path().display()
        ),
    )
    .unwrap();
    let b = build_root(tmp.path());
    let start = b.file("en-us/help/start/index.html");
    assert!(
        start.contains("Shared <strong>text</strong> from the source repository."),
        "{start}"
    );
    assert!(!b.exists("en-us/_repo.en-us/help/start/index.html"));
    let notes: Vec<_> = b
        .diags(ajuda::diag::Kind::Config)
        .into_iter()
        .filter(|d| d.message.starts_with("dependent repository"))
        .collect();
    assert_eq!(notes.len(), 1, "only `_samples` is missing: {notes:#?}");
}

#[test]
fn a_docset_folder_built_alone_takes_the_root_redirect_map() {
    let tmp = publishing_repo();
    let b = build_root(&tmp.path().join("help"));
    // `help/old-start.md` in the root map is `old-start` here, and the page is where Learn
    // publishes it: under the docset's output subfolder.
    let old = b.file("en-us/help/old-start/index.html");
    assert!(old.contains("url=../start/"), "{old}");
    assert!(b.exists("en-us/help/start/index.html"));
    // The other docset's entries are not this folder's.
    assert!(!b.exists("en-us/old/index.html"));
    assert!(!b.exists("en-us/help/old/index.html"));
}

/// TOC entries go through the same resolver as links: a moved page's entry goes to its
/// redirect page where the docset publishes it, `xref:` entries find the page declaring the
/// uid, and a typo gets the same suggestion a body link gets.
#[test]
fn toc_entries_resolve_like_links_in_a_moved_docset() {
    let tmp = publishing_repo();
    std::fs::write(
        tmp.path().join("China/TOC.yml"),
        "- name: New\n  href: new.md\n- name: Old\n  href: old.md\n- name: Start\n  href: xref:help.start\n- name: Typo\n  href: nwe.md\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("help/start.md"),
        "---\nuid: help.start\n---\n# Start\n",
    )
    .unwrap();
    let b = build_root(tmp.path());
    // The redirect page is where the docset publishes it, and the TOC entry goes there.
    assert!(b.exists("en-us/help-cn/old/index.html"));
    let new = b.file("en-us/help-cn/new/index.html");
    assert!(
        new.contains("href=\"/en-us/help-cn/old/\">Old</a>"),
        "{new}"
    );
    assert!(
        new.contains("href=\"/en-us/help/start/\">Start</a>"),
        "{new}"
    );
    assert!(
        !new.contains(">Typo</a>"),
        "a broken entry has no link: {new}"
    );
    let moved = b.diags(ajuda::diag::Kind::RedirectFollowed);
    assert!(
        moved
            .iter()
            .any(|d| d.file == "China/TOC.yml" && d.line == 3),
        "{moved:#?}"
    );
    let typo: Vec<_> = b
        .errors()
        .into_iter()
        .filter(|d| d.file == "China/TOC.yml")
        .collect();
    assert_eq!(typo.len(), 1, "{typo:#?}");
    assert_eq!(typo[0].line, 7);
    assert_eq!(typo[0].suggestion.as_deref(), Some("new.md"));
}
