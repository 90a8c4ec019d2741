//! Nothing outside the site is read or published; only regular files are read.

use super::{page, Site};

#[test]
fn symlinked_folder_outside_is_not_published() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink("/etc", "etc");
    let r = s.build(&[]);
    r.exit(1).expect("outside-root", "etc", 0);
    assert!(!s.out().join("en-us/etc").exists());
    assert!(!s.snapshot().keys().any(|k| k.contains("passwd")));
}

#[test]
fn symlinked_page_outside_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# Secret\nTOP-SECRET\n").unwrap();
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink(outside.path().join("secret.md"), "docs/secret.md");
    s.build(&[])
        .exit(1)
        .expect("outside-root", "docs/secret.md", 0);
    assert!(!s
        .snapshot()
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("TOP-SECRET")));
}

#[test]
fn include_through_a_symlink_is_not_inlined() {
    let s = Site::new(&[(
        "a.md",
        "---\ntitle: A\n---\n# A\n\n[!INCLUDE [pw](includes/pw.md)]\n",
    )]);
    s.symlink("/etc/passwd", "includes/pw.md");
    let r = s.build(&[]);
    r.exit(1).expect("outside-root", "includes/pw.md", 0);
    r.expect("include", "a.md", 6);
    assert!(!s.output("en-us/a/index.html").contains("root:"));
}

#[test]
fn symlink_to_dev_zero_is_not_read() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink("/dev/zero", "zero.md");
    s.build(&[]).exit(1).expect("outside-root", "zero.md", 0);
}

#[test]
fn symlinked_image_outside_is_not_copied() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink("/etc/hostname", "media/host.png");
    s.build(&[])
        .exit(1)
        .expect("outside-root", "media/host.png", 0);
    assert!(!s.out().join("en-us/media/host.png").exists());
}

#[test]
fn symlink_inside_the_site_is_followed() {
    let s = Site::new(&[("a.md", &page("A")), ("shared/b.md", &page("B"))]);
    s.symlink("../shared", "docs/linked");
    let r = s.build(&[]);
    r.exit(0).none("outside-root");
    assert!(s.output("en-us/docs/linked/b/index.html").contains("B"));
}

#[test]
fn symlink_loop_is_reported() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink(".", "docs/loop");
    let r = s.build(&[]);
    r.expect("io", "docs/loop", 0);
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn broken_symlink_is_reported_not_fatal() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink("does-not-exist.md", "gone.md");
    let r = s.build(&[]);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d["file"] == "gone.md" && (d["kind"] == "io" || d["kind"] == "outside-root")),
        "{:?}",
        r.diagnostics
    );
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn fifo_page_does_not_hang_the_build() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.fifo("pipe.md");
    s.build(&[]).exit(0).expect("not-a-file", "pipe.md", 0);
}

#[test]
fn fifo_image_does_not_hang_the_build() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.fifo("x.png");
    s.build(&[]).exit(0).expect("not-a-file", "x.png", 0);
    assert!(!s.out().join("en-us/x.png").exists());
}

#[test]
fn socket_is_skipped() {
    let s = Site::new(&[("a.md", &page("A"))]);
    let _l = std::os::unix::net::UnixListener::bind(s.root().join("sock.md")).unwrap();
    s.build(&[]).exit(0).expect("not-a-file", "sock.md", 0);
}

#[test]
fn text_source_over_the_limit_is_refused() {
    let big = format!("# Big\n\n{}\n", "word ".repeat(400));
    let s = Site::new(&[
        ("ajuda.toml", "[limits]\nmax_text_size = \"1 KB\"\n"),
        ("a.md", &page("A")),
        ("big.md", &big),
    ]);
    s.build(&[]).exit(1).expect("too-large", "big.md", 0);
    assert!(s.out().join("en-us/a/index.html").is_file());
    assert!(!s.out().join("en-us/big/index.html").exists());
}

#[test]
fn media_are_not_bounded_by_the_text_limit() {
    let s = Site::new(&[
        ("ajuda.toml", "[limits]\nmax_text_size = \"1 KB\"\n"),
        ("a.md", "# A\n\n![Photo](photo.png)\n"),
    ]);
    s.write("photo.png", &vec![7u8; 4096]);
    s.build(&[]).exit(0).none("too-large");
    assert_eq!(
        std::fs::read(s.out().join("en-us/photo.png"))
            .unwrap()
            .len(),
        4096
    );
}

#[test]
fn include_escaping_the_folder_is_refused() {
    let s = Site::new(&[("docs/a.md", "# A\n\n[!INCLUDE [x](../../../etc/passwd)]\n")]);
    let r = s.build(&[]);
    r.exit(1).expect("outside-root", "docs/a.md", 3);
    assert!(!s.output("en-us/docs/a/index.html").contains("root:"));
}

#[test]
fn absolute_include_is_refused() {
    let s = Site::new(&[("a.md", "# A\n\n[!INCLUDE [x](/etc/passwd)]\n")]);
    s.build(&[]).exit(1).expect("outside-root", "a.md", 3);
}

#[test]
fn code_sample_outside_is_refused() {
    let s = Site::new(&[(
        "a.md",
        "# A\n\n:::code language=\"text\" source=\"../../../../etc/passwd\":::\n",
    )]);
    let r = s.build(&[]);
    assert_eq!(r.code, 1);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d["file"] == "a.md" && d["line"] == 3));
    assert!(!s.output("en-us/a/index.html").contains("root:"));
}

#[test]
fn link_leaving_the_folder_is_reported() {
    let s = Site::new(&[("a.md", "# A\n\nSee [pw](../../../../etc/passwd).\n")]);
    s.build(&[]).exit(1).expect("missing-page", "a.md", 3);
}

#[test]
fn file_name_with_a_backslash_costs_only_that_file() {
    let s = Site::new(&[("a.md", &page("A")), ("b\\c.md", &page("BC"))]);
    s.build(&[]).exit(1).expect("encoding", "b\\c.md", 0);
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn theme_link_outside_is_not_read() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink("/etc/passwd", "templates/article.html");
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "outside-root"));
    assert!(!s.out().exists());
}

#[test]
fn cache_folder_linked_elsewhere_is_not_written() {
    let elsewhere = tempfile::tempdir().unwrap();
    let s = Site::new(&[("a.md", "# A\n\n```json\n{\"a\": 1}\n```\n")]);
    s.symlink(elsewhere.path(), ".ajuda-cache");
    s.build(&[]).exit(0);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn cache_file_linked_to_a_device_is_not_read() {
    let s = Site::new(&[("a.md", "# A\n\n```json\n{\"a\": 1}\n```\n")]);
    s.symlink("/dev/zero", ".ajuda-cache/highlight.bin");
    s.build(&[]).exit(0);
    assert!(s.output("en-us/a/index.html").contains("hl-"));
    // The link was replaced by a real cache file, not written through.
    assert!(
        !std::fs::symlink_metadata(s.root().join(".ajuda-cache/highlight.bin"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn links_fanning_out_are_walked_once() {
    // Each level links the next one twice: 2^25 paths if every link were walked.
    let s = Site::new(&[("a.md", &page("A")), ("d25/p.md", &page("P"))]);
    for k in 0..25 {
        s.symlink(format!("../d{}", k + 1), &format!("d{k}/x"));
        s.symlink(format!("../d{}", k + 1), &format!("d{k}/y"));
    }
    let r = s.build(&[]);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "limit"));
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn templates_linked_outside_do_not_widen_the_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("credentials"), "SECRET-KEY").unwrap();
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink(outside.path(), "templates");
    s.symlink(outside.path().join("credentials"), "docs/c.txt");
    let r = s.build(&[]);
    // The templates are refused, which stops the build: nothing is published.
    assert_ne!(r.code, 0);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "outside-root"));
    assert!(!s
        .snapshot()
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("SECRET-KEY")));
}

#[test]
fn template_folder_link_outside_is_not_walked() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.symlink("/usr", "templates/usr");
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "outside-root"));
}

#[test]
fn planted_twin_link_and_marker_link_are_not_followed() {
    let elsewhere = tempfile::tempdir().unwrap();
    let s = Site::new(&[("a.md", &page("A"))]);
    std::os::unix::fs::symlink(elsewhere.path(), s.tmp.path().join(".out.ajuda-next")).unwrap();
    s.build(&[]).exit(0);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    std::fs::remove_file(s.out().join(".ajuda-output")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", s.out().join(".ajuda-output")).unwrap();
    // The live site no longer has a marker it can read: it is not ajuda's, and stays.
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    assert!(s.out().join("en-us/a/index.html").is_file());
}

/// A secret any checkout holds: `.git/config` (where `actions/checkout` keeps the job's token).
fn site_with_a_git_secret() -> Site {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.write(
        ".git/config",
        b"[http]\n\textraheader = AUTHORIZATION: basic GIT-TOKEN\n",
    );
    s.write(".env", b"API_KEY=ENV-SECRET\n");
    s
}

fn assert_no_secret(s: &Site) {
    for (name, bytes) in s.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("GIT-TOKEN") && !text.contains("ENV-SECRET"),
            "{name} publishes a secret"
        );
    }
}

#[test]
fn link_to_a_dot_file_inside_the_site_is_refused() {
    let s = site_with_a_git_secret();
    s.symlink("../.git/config", "docs/notes.txt");
    s.symlink(".env", "settings.txt");
    let r = s.build(&[]);
    r.exit(1);
    let d = r.expect("ignored-target", "docs/notes.txt", 0);
    assert!(
        d["message"].as_str().unwrap().contains(".git/config"),
        "{d}"
    );
    r.expect("ignored-target", "settings.txt", 0);
    assert!(!s.out().join("en-us/docs/notes.txt").exists());
    assert!(!s.out().join("en-us/settings.txt").exists());
    assert!(s.out().join("en-us/a/index.html").is_file());
    assert_no_secret(&s);
}

#[test]
fn link_to_the_git_folder_is_refused() {
    let s = site_with_a_git_secret();
    s.symlink(".git", "vcs");
    let r = s.build(&[]);
    r.exit(1).expect("ignored-target", "vcs", 0);
    assert!(!s.out().join("en-us/vcs").exists());
    assert_no_secret(&s);
}

#[test]
fn link_into_a_dot_folder_through_a_plain_folder_is_refused() {
    // The target's path is judged, not only its last name: `.git/hooks/pre-commit.txt` lies
    // in a dot folder although its own name has no dot.
    let s = site_with_a_git_secret();
    s.write(".git/hooks/notes.md", b"# Hook\n\nGIT-TOKEN\n");
    s.symlink("../.git/hooks/notes.md", "docs/hook.md");
    let r = s.build(&[]);
    r.exit(1).expect("ignored-target", "docs/hook.md", 0);
    assert_no_secret(&s);
}

#[test]
fn link_to_an_ordinary_page_is_still_followed() {
    let s = site_with_a_git_secret();
    s.write("shared/b.md", page("B").as_bytes());
    s.symlink("../shared/b.md", "docs/b.md");
    let r = s.build(&[]);
    r.exit(0).none("ignored-target");
    assert!(s.output("en-us/docs/b/index.html").contains("B"));
}

#[test]
fn template_link_to_a_dot_file_is_refused() {
    let s = site_with_a_git_secret();
    s.symlink("../../.env", "templates/partials/env.html");
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    r.expect(
        "ignored-target",
        &s.root()
            .join("templates/partials/env.html")
            .display()
            .to_string(),
        0,
    );
    assert_no_secret(&s);
}
