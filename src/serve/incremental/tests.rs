//! Applying each kind of change to a rendered site: what is rendered again, and what asks for
//! a wider rebuild.

use super::{Incremental, Wider};
use crate::config::{Config, Overrides};
use crate::ctx::{BuildCtx, RenderOptions};
use crate::model::Site;
use crate::output::MemorySink;
use std::path::{Path, PathBuf};

const CONFIG: &str = "[[locales]]\ncode = \"en-US\"\ndir = \"content\"\n";

/// A small site: two pages, one including a fragment, a TOC, a site template.
fn site(config: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = if config.is_some() { "content" } else { "" };
    let files = [
        (
            "a.md",
            "---\ntitle: A\n---\n# A\n\n[!INCLUDE [x](includes/x.md)]\n",
        ),
        ("b.md", "---\ntitle: B\n---\n# B\n\nSee [A](a.md).\n"),
        ("includes/x.md", "Shared text.\n"),
        (
            "TOC.yml",
            "- name: A\n  href: a.md\n- name: B\n  href: b.md\n",
        ),
    ];
    for (rel, text) in files {
        let path = tmp.path().join(dir).join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if let Some(c) = config {
        std::fs::write(tmp.path().join("ajuda.toml"), c).unwrap();
    }
    tmp
}

/// Loads and renders the site at `root`, then applies the change `change` makes (to files
/// under the content folder), and gives the result to `check`.
fn apply(
    root: &Path,
    change: impl FnOnce(&Path) -> Vec<PathBuf>,
    check: impl FnOnce(&Site, Result<super::Applied, Wider>, &mut Incremental),
) {
    let config = Config::load(root, None, &Overrides::default()).unwrap();
    let (site, diags) = Site::load(&config, &root.join("public"));
    let theme = crate::theme::load(&config).unwrap();
    let templates = crate::template::Templates::compile(&theme).unwrap();
    let opts = RenderOptions {
        check_external: false,
        build_id: None,
        search: false,
    };
    let (ctx, _) = BuildCtx::new(&config, &site, &theme, &templates, opts);
    let sink = MemorySink::default();
    let mut inc = Incremental::render_all(&ctx, diags, Vec::new(), Default::default(), &sink);
    let content = config.locales[0].dir.clone();
    let changed = change(&content);
    let result = inc.apply(&ctx, &changed);
    check(&site, result, &mut inc);
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
    path.to_path_buf()
}

/// A change made to the content folder: the files it changed.
type Change = fn(&Path) -> Vec<PathBuf>;

fn key_of(site: &Site, ids: &[usize]) -> Vec<String> {
    ids.iter().map(|&id| site.pages[id].key.clone()).collect()
}

#[test]
fn a_body_edit_renders_that_page_alone() {
    let tmp = site(Some(CONFIG));
    apply(
        tmp.path(),
        |c| vec![edit(&c.join("b.md"), |t| t + "\nMore.\n")],
        |site, r, _| {
            let a = r.expect("no wider rebuild");
            assert_eq!(key_of(site, &a.pages), ["b"]);
            assert_eq!(a.what, "content");
            assert!(a.files.iter().any(|(f, _)| f == "en-us/b/index.html"));
        },
    );
}

#[test]
fn an_include_edit_renders_its_includers() {
    let tmp = site(Some(CONFIG));
    apply(
        tmp.path(),
        |c| vec![edit(&c.join("includes/x.md"), |t| t + "More.\n")],
        |site, r, _| {
            let a = r.expect("no wider rebuild");
            assert_eq!(key_of(site, &a.pages), ["a"]);
            assert_eq!(a.what, "include");
        },
    );
}

#[test]
fn a_title_or_uid_edit_replaces_the_page_in_the_model() {
    for change in ["title: A\n", "title: A\nuid: docs.a\n"] {
        let tmp = site(Some(CONFIG));
        apply(
            tmp.path(),
            |c| {
                vec![edit(&c.join("a.md"), |t| {
                    t.replace("title: A\n", &change.replace("title: A", "title: A new"))
                })]
            },
            |site, r, inc| {
                assert!(matches!(r, Err(Wider::Model)), "{change:?}");
                let models = inc.take_models();
                assert_eq!(models.len(), 1);
                assert_eq!(key_of(site, &[models[0].0]), ["a"]);
                assert_eq!(models[0].1.title, "A new");
            },
        );
    }
}

#[test]
fn a_page_s_declared_locale_reassembles_a_site_that_detects_its_locale() {
    let tmp = site(None);
    apply(
        tmp.path(),
        |c| {
            vec![edit(&c.join("a.md"), |t| {
                t.replace("title: A\n", "title: A\nms.contentlocale: pt-BR\n")
            })]
        },
        |_, r, _| {
            assert!(
                matches!(r, Err(Wider::Full("front matter"))),
                "{r:?}",
                r = r.err()
            )
        },
    );
}

#[test]
fn new_deleted_and_navigation_files_reload_the_site() {
    let cases: [(&str, Change); 3] = [
        ("new file", |c| {
            std::fs::write(c.join("c.md"), "# C\n").unwrap();
            vec![c.join("c.md")]
        }),
        ("deleted file", |c| {
            std::fs::remove_file(c.join("b.md")).unwrap();
            vec![c.join("b.md")]
        }),
        ("TOC", |c| {
            vec![edit(&c.join("TOC.yml"), |t| t + "- name: C\n")]
        }),
    ];
    for (why, change) in cases {
        let tmp = site(Some(CONFIG));
        apply(tmp.path(), change, |_, r, _| match r {
            Err(Wider::Full(w)) => assert_eq!(w, why),
            other => panic!("{why}: {:?}", other.err()),
        });
    }
}

#[test]
fn front_matter_that_cannot_be_parsed_renders_nothing_and_is_reported() {
    let tmp = site(Some(CONFIG));
    apply(
        tmp.path(),
        |c| {
            vec![edit(&c.join("b.md"), |t| {
                t.replace("title: B", "title: [B")
            })]
        },
        |_, r, inc| {
            let a = r.expect("no wider rebuild");
            assert!(a.pages.is_empty());
            let broken = inc.edits.broken.values().flatten().count();
            assert_eq!(broken, 1);
        },
    );
}
