//! Output: what a build writes, and what it never touches.

mod common;

use ajuda::diag::Kind;
use common::site;

#[test]
fn failed_build_leaves_previous_output() {
    let tmp = site(&[("a.md", "# A\n")]);
    let out = tmp.path().join("public");
    assert!(common::build_into(tmp.path(), &out).written);
    let before = std::fs::read_to_string(out.join("en-us/a/index.html")).unwrap();
    // A template that fails at render time.
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/article.html"),
        "{{ page.nope.deeper }}",
    )
    .unwrap();
    std::fs::write(tmp.path().join("a.md"), "# Changed\n").unwrap();
    let report = common::build_into(tmp.path(), &out);
    assert!(!report.written);
    assert!(report.diagnostics.iter().any(|d| d.kind == Kind::Template));
    assert_eq!(
        std::fs::read_to_string(out.join("en-us/a/index.html")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("ajuda-staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn rebuilds_update_only_what_changed() {
    let tmp = site(&[("a.md", "# A\n"), ("b.md", "# B\n"), ("img.png", "png")]);
    let out = tmp.path().join("public");
    let build = || common::build_into(tmp.path(), &out);
    assert!(build().written);
    std::fs::write(out.join("CNAME"), "help.example.com").unwrap();
    let a = out.join("en-us/a/index.html");
    let stamp = |p: &std::path::Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let a_before = stamp(&a);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(tmp.path().join("b.md"), "# B changed\n").unwrap();
    std::fs::remove_file(tmp.path().join("img.png")).unwrap();
    std::fs::write(tmp.path().join("c.md"), "# C\n").unwrap();
    assert!(build().written);
    assert_eq!(stamp(&a), a_before, "an unchanged page is not rewritten");
    assert!(std::fs::read_to_string(out.join("en-us/b/index.html"))
        .unwrap()
        .contains("B changed"));
    assert!(
        out.join("en-us/c/index.html").exists(),
        "a new page appears"
    );
    assert!(
        !out.join("en-us/img.png").exists(),
        "what the build no longer makes is removed"
    );
    assert!(out.join(ajuda::output::MARKER).exists());
    assert!(
        out.join("CNAME").exists(),
        "files added by hand are not the build's to delete"
    );
    std::fs::remove_file(tmp.path().join("c.md")).unwrap();
    assert!(build().written);
    assert!(!out.join("en-us/c").exists(), "emptied folders are removed");
}

#[test]
fn a_folder_not_made_by_ajuda_is_never_replaced() {
    let tmp = site(&[("a.md", "# A\n"), ("public/precious.txt", "keep me")]);
    let b = common::build_into(tmp.path(), &tmp.path().join("public"));
    assert!(!b.written);
    assert!(
        b.diagnostics
            .iter()
            .any(|d| d.kind == Kind::Output && d.message.contains("not made by ajuda")),
        "{:#?}",
        b.diagnostics
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("public/precious.txt")).unwrap(),
        "keep me"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_output_is_replaced_not_written_through() {
    let tmp = site(&[("a.md", "# A\n"), ("b.md", "# B\n")]);
    let out = tmp.path().join("public");
    assert!(common::build_into(tmp.path(), &out).written);
    let other = tempfile::tempdir().unwrap();
    let elsewhere = other.path().join("en");
    std::fs::rename(out.join("en-us"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("en-us")).unwrap();
    std::fs::write(tmp.path().join("b.md"), "# B changed\n").unwrap();
    assert!(common::build_into(tmp.path(), &out).written);
    let en = std::fs::symlink_metadata(out.join("en-us")).unwrap();
    assert!(en.is_dir(), "the link was replaced by a real folder");
    assert!(
        out.join("en-us/a/index.html").exists(),
        "unchanged pages are there too"
    );
    assert!(std::fs::read_to_string(out.join("en-us/b/index.html"))
        .unwrap()
        .contains("B changed"));
    assert!(
        !std::fs::read_to_string(elsewhere.join("b/index.html"))
            .unwrap()
            .contains("B changed"),
        "nothing written through the link"
    );
}

#[test]
fn output_inside_the_content_folder_is_not_read_back() {
    let tmp = site(&[("a.md", "# A\n")]);
    let out = tmp.path().join("site");
    for _ in 0..2 {
        let r = common::build_into(tmp.path(), &out);
        assert!(r.written);
        assert_eq!(r.pages, vec![("en-US".to_string(), 1)]);
    }
    assert!(
        !out.join("en-us/site").exists(),
        "the previous output was not copied into itself"
    );
}

#[test]
fn a_replaced_image_of_the_same_size_is_copied_again() {
    let tmp = site(&[("a.md", "# A\n"), ("img.png", "AAAA")]);
    let out = tmp.path().join("public");
    assert!(common::build_into(tmp.path(), &out).written);
    // Same size, older time (as `cp -p` of an older file would leave it).
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::write(tmp.path().join("img.png"), "BBBB").unwrap();
    std::fs::File::options()
        .write(true)
        .open(tmp.path().join("img.png"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert!(common::build_into(tmp.path(), &out).written);
    assert_eq!(
        std::fs::read_to_string(out.join("en-us/img.png")).unwrap(),
        "BBBB"
    );
}

#[test]
fn a_big_site_gets_a_sitemap_index() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/article.html"),
        "{{ page.title }}",
    )
    .unwrap();
    for i in 0..10_005 {
        std::fs::write(tmp.path().join(format!("p{i}.md")), format!("# P{i}\n")).unwrap();
    }
    let b = common::build_root(tmp.path());
    let index = b.file("sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    assert_eq!(index.matches("<sitemap>").count(), 2);
    let first = b.file("sitemap-1.xml");
    let second = b.file("sitemap-2.xml");
    assert_eq!(first.matches("<url>").count(), 10_000);
    assert_eq!(second.matches("<url>").count(), 5);
}
