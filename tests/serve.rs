//! `ajuda serve`: served from memory, rebuilt incrementally, and the same as a full build.

mod common;

use common::serve::{copy_dir, get, get_with, save, start, status, wait_rebuilt};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A copy of the two-locale fixture (an include, a page pt-BR borrows, a FAQ, a landing page),
/// with a site template the test can edit.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture("multilocale"), tmp.path());
    let partial =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/footer.html");
    std::fs::create_dir_all(tmp.path().join("templates/partials")).unwrap();
    std::fs::copy(partial, tmp.path().join("templates/partials/footer.html")).unwrap();
    tmp
}

fn en(root: &Path, rel: &str) -> std::path::PathBuf {
    root.join("content/en/docs").join(rel)
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    save(path, &f(text));
}

/// Every file a full build of `root` writes (without search).
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(["build", "--quiet", "--no-search", "--no-cache", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("site"))
        .status()
        .unwrap();
    assert!(st.success() || out.path().join("site").exists());
    let base = out.path().join("site");
    walkdir::WalkDir::new(&base)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| !rel.starts_with(".ajuda"))
        .collect()
}

/// Every file the server serves, the live-reload script taken out of pages.
fn served(port: u16) -> BTreeMap<String, Vec<u8>> {
    served_at(port, "/kb/")
}

/// Every file the server serves under the site's root path.
fn served_at(port: u16, root: &str) -> BTreeMap<String, Vec<u8>> {
    let list: Vec<String> = serde_json::from_slice(&get(port, "/__ajuda/files").body).unwrap();
    list.into_iter()
        .map(|rel| {
            let r = get(port, &format!("{root}{rel}"));
            assert_eq!(
                r.status,
                if rel.ends_with("404.html") && !rel.contains('/') {
                    200
                } else {
                    r.status
                }
            );
            let body = ajuda::serve::http::strip_injected(&String::from_utf8_lossy(&r.body));
            let bytes = if rel.ends_with(".html") {
                body.into_bytes()
            } else {
                r.body
            };
            (rel, bytes)
        })
        .collect()
}

/// The diagnostics a full build of `root` reports, as (severity, kind, file, locale, line,
/// message), sorted.
fn full_diagnostics(root: &Path) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(["check", "--no-cache", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    diagnostic_lines(&serde_json::from_slice(&out.stdout).unwrap())
}

/// The diagnostics the server reports for the site as it is now, as [`full_diagnostics`].
fn served_diagnostics(port: u16) -> Vec<String> {
    diagnostic_lines(&serde_json::from_slice(&get(port, "/__ajuda/diagnostics").body).unwrap())
}

fn diagnostic_lines(report: &serde_json::Value) -> Vec<String> {
    let mut lines: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {} {} {}",
                d["severity"], d["kind"], d["file"], d["locale"], d["line"], d["message"]
            )
        })
        .collect();
    lines.sort();
    lines
}

fn assert_same(full: &BTreeMap<String, Vec<u8>>, served: &BTreeMap<String, Vec<u8>>) {
    let a: Vec<&String> = full.keys().collect();
    let b: Vec<&String> = served.keys().collect();
    assert_eq!(a, b, "the served files differ from a full build's");
    for (rel, bytes) in full {
        if served[rel] != *bytes {
            panic!(
                "{rel} differs from a full build's:\n--- full\n{}\n--- served\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&served[rel])
            );
        }
    }
}

#[test]
fn edits_rebuild_what_they_affect_and_end_as_a_full_build() {
    let tmp = site();
    let root = tmp.path();
    let s = start(root, &["--no-search"]);
    let p = s.port;
    let mut g = status(p)["generation"].as_u64().unwrap();
    assert_eq!(status(p)["rebuild"], "full");

    // A text edit of a page pt-BR borrows: the page, and its fallback in pt-BR.
    edit(&en(root, "close-account.md"), |t| {
        t + "\nClosing takes a day.\n"
    });
    let st = wait_rebuilt(p, g);
    g = st["generation"].as_u64().unwrap();
    assert_eq!(
        (st["rebuild"].as_str(), st["rendered"].as_u64()),
        (Some("pages"), Some(2))
    );
    for url in [
        "/kb/en-us/docs/close-account/",
        "/kb/pt-br/docs/close-account/",
    ] {
        assert!(get(p, url).text().contains("Closing takes a day."), "{url}");
    }

    // An include: the one page that includes it.
    edit(&en(root, "includes/shared.md"), |t| t + "\nShared news.\n");
    let st = wait_rebuilt(p, g);
    g = st["generation"].as_u64().unwrap();
    assert_eq!(
        (st["rebuild"].as_str(), st["rendered"].as_u64()),
        (Some("pages"), Some(1))
    );
    assert!(get(p, "/kb/en-us/docs/create-account/")
        .text()
        .contains("Shared news."));

    // A title: other pages show it (breadcrumbs, related lists, home, feeds): the page first,
    // then every page again, without reading the sources.
    edit(&en(root, "create-account.md"), |t| {
        t.replace("title: Create an account", "title: Open an account")
    });
    let st = wait_rebuilt(p, g);
    g = st["generation"].as_u64().unwrap();
    assert_eq!(st["rebuild"], "render");
    assert!(get(p, "/kb/en-us/docs/create-account/")
        .text()
        .contains("<title>Open an account"));

    // A template: every page again, from the same sources.
    edit(&root.join("templates/partials/footer.html"), |t| {
        t + "<!-- footer edited -->"
    });
    let st = wait_rebuilt(p, g);
    g = st["generation"].as_u64().unwrap();
    assert_eq!(st["rebuild"], "render");
    assert!(get(p, "/kb/en-us/docs/").text().contains("footer edited"));

    // A new page, a TOC change, a deleted page.
    save(
        &en(root, "new-page.md"),
        "---\ntitle: A new page\n---\n# A new page\n\nFresh.\n",
    );
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    edit(&en(root, "TOC.yml"), |t| {
        t + "- name: A new page\n  href: new-page.md\n"
    });
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    std::fs::remove_file(en(root, "close-account.md")).unwrap();
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    // A text edit after all that is still one page.
    edit(&en(root, "new-page.md"), |t| t + "\nMore.\n");
    let st = wait_rebuilt(p, g);
    assert_eq!(st["rendered"], 2, "the page and its pt-BR fallback");

    assert_same(&full_build(root), &served(p));
    assert_eq!(full_diagnostics(root), served_diagnostics(p));
}

/// What the site derives from every page's front matter together (here: which page owns a
/// uid, and the duplicate-uid check) is derived again when a page's front matter changes,
/// without reading the sources again and without a list of such fields in `serve`.
#[test]
fn front_matter_the_site_derives_from_is_derived_again() {
    let tmp = site();
    let root = tmp.path();
    let s = start(root, &["--no-search"]);
    let p = s.port;
    let mut g = status(p)["generation"].as_u64().unwrap();
    let uid = |t: String| t.replacen("ms.date:", "uid: docs.start\nms.date:", 1);
    edit(&en(root, "create-account.md"), |t| {
        uid(t) + "\nSee [closing](xref:docs.start).\n"
    });
    let st = wait_rebuilt(p, g);
    g = st["generation"].as_u64().unwrap();
    assert_eq!(st["rebuild"], "render", "{st}");
    let page = get(p, "/kb/en-us/docs/create-account/").text();
    assert!(
        page.contains("href=\"/kb/en-us/docs/create-account/\">closing"),
        "{page}"
    );
    // A second page takes the same uid: the duplicate is reported, at its line.
    edit(&en(root, "close-account.md"), uid);
    let st = wait_rebuilt(p, g);
    assert_eq!(st["rebuild"], "render", "{st}");
    let diags = served_diagnostics(p);
    assert!(
        diags.iter().any(|d| d.contains("duplicate-uid")),
        "{diags:#?}"
    );
    assert_eq!(full_diagnostics(root), diags);
    assert_same(&full_build(root), &served(p));
}

#[test]
fn front_matter_that_cannot_be_parsed_keeps_the_last_good_page_and_says_where() {
    let tmp = site();
    let root = tmp.path();
    let s = start(root, &["--no-search"]);
    let p = s.port;
    let g = status(p)["generation"].as_u64().unwrap();
    let page = en(root, "create-account.md");
    let good = std::fs::read_to_string(&page).unwrap();
    save(
        &page,
        &good.replacen("title: Create an account", "title: [unclosed", 1),
    );
    let st = wait_rebuilt(p, g);
    assert_eq!(st["rebuild"], "diagnostics");
    assert!(get(p, "/kb/en-us/docs/create-account/")
        .text()
        .contains("Create an account"));
    let d: serde_json::Value = serde_json::from_slice(
        &get(
            p,
            "/__ajuda/diagnostics?path=/kb/en-us/docs/create-account/",
        )
        .body,
    )
    .unwrap();
    let first = &d[0];
    assert_eq!(first["file"], "content/en/docs/create-account.md", "{d}");
    assert!((2..=3).contains(&first["line"].as_u64().unwrap()), "{d}");
    assert_eq!(first["severity"], "error");
    // Fixed: the overlay has nothing left to show.
    let g = st["generation"].as_u64().unwrap();
    save(
        &page,
        &good.replace("# Create an account", "# Create an account\n\nFixed."),
    );
    wait_rebuilt(p, g);
    assert!(get(p, "/kb/en-us/docs/create-account/")
        .text()
        .contains("Fixed."));
    let d: serde_json::Value = serde_json::from_slice(
        &get(
            p,
            "/__ajuda/diagnostics?path=/kb/en-us/docs/create-account/",
        )
        .body,
    )
    .unwrap();
    assert_eq!(d, serde_json::json!([]));
    // The terminal told what changed and what was fixed, once each.
    let log = s.log.lock().unwrap().join("\n");
    assert!(log.contains("error[front-matter]"), "{log}");
    assert!(log.contains("1 problem fixed"), "{log}");
}

#[test]
fn serves_from_memory_with_types_folders_and_locale_404s() {
    let tmp = site();
    let root = tmp.path();
    let s = start(root, &["--no-search"]);
    let p = s.port;
    assert!(
        !root.join("public").exists(),
        "serve wrote an output folder"
    );
    let page = get(p, "/kb/en-us/docs/create-account/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page
        .text()
        .contains("<script src=\"/__ajuda/live.js\" data-generation=\"1\"></script></body>"));
    let css = get(p, "/kb/_theme/ajuda.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("__ajuda"));
    let png = get(p, "/kb/en-us/docs/media/portal.png");
    assert_eq!(png.header("content-type"), Some("image/png"));
    // A folder without its slash goes to it.
    let r = get(p, "/kb/en-us/docs/create-account");
    assert_eq!(
        (r.status, r.header("location")),
        (307, Some("/kb/en-us/docs/create-account/"))
    );
    // A miss under a locale gets that locale's 404 page.
    let miss = get(p, "/kb/pt-br/docs/nothing-here/");
    assert_eq!(miss.status, 404);
    assert!(miss.text().contains("lang=\"pt-BR\""), "{}", miss.text());
    // Nothing outside the site.
    for path in [
        "/kb/../Cargo.toml",
        "/kb/%2e%2e/ajuda.toml",
        "/kb/..%2fajuda.toml",
    ] {
        let r = get(p, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("[[locales]]"), "{path}");
    }
}

#[test]
fn requests_naming_another_host_or_origin_are_refused() {
    let tmp = site();
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    let me = format!("127.0.0.1:{p}");
    let local = format!("localhost:{p}");
    assert_eq!(get_with(p, "/kb/", &[("Host", &me)]).status, 200);
    assert_eq!(get_with(p, "/kb/", &[("Host", &local)]).status, 200);
    // DNS rebinding: a page of evil.example whose name now points here.
    let evil = format!("evil.example:{p}");
    assert_eq!(get_with(p, "/kb/", &[("Host", &evil)]).status, 403);
    assert_eq!(get_with(p, "/kb/", &[("Host", "127.0.0.1:1")]).status, 403);
    let origin = format!("http://evil.example:{p}");
    assert_eq!(
        get_with(p, "/__ajuda/ws", &[("Origin", &origin)]).status,
        403
    );
    assert_eq!(
        get_with(p, "/__ajuda/files", &[("Origin", &origin)]).status,
        403
    );
    let mine = format!("http://127.0.0.1:{p}");
    assert_eq!(
        get_with(p, "/__ajuda/status", &[("Origin", &mine)]).status,
        200
    );
}

#[test]
fn edits_during_a_long_re_render_are_taken_between_steps_and_the_end_is_a_full_build() {
    // More pages than one step of re-rendering (1,000), so edits come in the middle of it.
    let tmp = common::big_toc_site(2400);
    let root = tmp.path();
    let partial =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/footer.html");
    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    std::fs::copy(partial, root.join("templates/partials/footer.html")).unwrap();
    let s = start(root, &["--no-search"]);
    let p = s.port;
    let g = status(p)["generation"].as_u64().unwrap();
    edit(&root.join("templates/partials/footer.html"), |t| {
        t + "<!-- v2 -->"
    });
    // At once: a body edit and a title edit, then the template again.
    save(
        &root.join("a2000.md"),
        "# Article 2000\n\nEdited while re-rendering.\n",
    );
    save(
        &root.join("a5.md"),
        "---\ntitle: Renamed five\n---\n# Article 5\n",
    );
    edit(&root.join("templates/partials/footer.html"), |t| {
        t + "<!-- v3 -->"
    });
    let st = wait_rebuilt(p, g);
    assert_eq!(st["pending"], 0);
    assert!(get(p, "/en-us/a2000/")
        .text()
        .contains("Edited while re-rendering."));
    assert!(get(p, "/en-us/a1999/")
        .text()
        .contains("<!-- v2 --><!-- v3 -->"));
    let full = full_build(root);
    let served: BTreeMap<String, Vec<u8>> = served_at(p, "/").into_iter().collect();
    assert_same(&full, &served);
}

#[test]
fn addresses_with_plus_signs_and_accents_are_served_and_keep_their_overlay() {
    let tmp = common::site(&[
        ("c++.md", "# C++\n\nPlus signs.\n"),
        (
            "configuração.md",
            "# Configuração\n\nVeja [a página](nao-existe.md).\n",
        ),
    ]);
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    assert!(get(p, "/en-us/c++/").text().contains("Plus signs."));
    let encoded = "/en-us/configura%C3%A7%C3%A3o/";
    assert!(get(p, encoded).text().contains("Configuração"));
    // The live script sends `location.pathname`, percent-encoded, through encodeURIComponent.
    let q = "/__ajuda/diagnostics?path=%2Fen-us%2Fconfigura%25C3%25A7%25C3%25A3o%2F";
    let d: serde_json::Value = serde_json::from_slice(&get(p, q).body).unwrap();
    assert_eq!(d[0]["kind"], "missing-page", "{d}");
    assert_eq!(d[0]["target"], "nao-existe.md", "{d}");
}
