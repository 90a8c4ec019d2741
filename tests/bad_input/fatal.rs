//! Fatal failures (config, template, theme, output) keep the previous site byte for byte.

use super::{page, Site};

/// Builds a good site, applies `change`, builds again: the second build must fail with a
/// `kind` diagnostic and leave the first build's output exactly as it was.
fn keeps_previous_output(change: impl FnOnce(&Site), kind: &str) {
    let s = Site::new(&[("a.md", &page("A")), ("b.md", &page("B"))]);
    s.build(&[]).exit(0);
    let before = s.snapshot();
    assert!(before.contains_key("en-us/a/index.html"));
    change(&s);
    s.write("a.md", page("Changed").as_bytes());
    let r = s.build(&[]);
    assert_ne!(r.code, 0, "{:?}", r.diagnostics);
    assert!(
        r.diagnostics.iter().any(|d| d["kind"] == kind),
        "no {kind} diagnostic: {:?}",
        r.diagnostics
    );
    assert!(before == s.snapshot(), "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(s.tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn template_error_at_render_time() {
    keeps_previous_output(
        |s| s.write("templates/article.html", b"{{ page.nope.deeper }}"),
        "template",
    );
}

#[test]
fn template_syntax_error() {
    keeps_previous_output(
        |s| s.write("templates/article.html", b"{% if %}"),
        "template",
    );
}

#[test]
fn unknown_config_key() {
    keeps_previous_output(|s| s.write("ajuda.toml", b"titel = \"x\"\n"), "config");
}

#[test]
fn bad_security_setting() {
    keeps_previous_output(
        |s| s.write("ajuda.toml", b"[security]\nraw_html = \"sometimes\"\n"),
        "config",
    );
}

#[test]
fn bad_size_limit() {
    keeps_previous_output(
        |s| s.write("ajuda.toml", b"[limits]\nmax_text_size = \"lots\"\n"),
        "config",
    );
}

#[test]
fn missing_locale_folder() {
    keeps_previous_output(
        |s| {
            s.write(
                "ajuda.toml",
                b"[[locales]]\ncode = \"en-US\"\ndir = \"nowhere\"\n",
            )
        },
        "config",
    );
}

#[test]
fn theme_file_linked_outside() {
    keeps_previous_output(
        |s| s.symlink("/etc/hostname", "templates/article.html"),
        "outside-root",
    );
}

#[test]
fn config_redirect_leaving_the_folder() {
    keeps_previous_output(
        |s| s.write("ajuda.toml", b"[redirects]\n\"../../x.md\" = \"a.md\"\n"),
        "config",
    );
}

#[test]
fn config_diagnostic_names_its_line() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        (
            "ajuda.toml",
            "title = \"T\"\n\n[security]\nraw_html = \"maybe\"\n",
        ),
    ]);
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d["kind"] == "config")
        .unwrap();
    assert_eq!(d["line"], 4);
}

#[test]
fn foreign_output_folder_is_never_replaced() {
    let s = Site::new(&[("a.md", &page("A"))]);
    std::fs::create_dir_all(s.out()).unwrap();
    std::fs::write(s.out().join("important.txt"), "keep me").unwrap();
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "output"));
    assert_eq!(
        std::fs::read_to_string(s.out().join("important.txt")).unwrap(),
        "keep me"
    );
    assert!(!s.out().join("en-us").exists());
}

#[test]
fn output_that_is_a_file_is_refused() {
    let s = Site::new(&[("a.md", &page("A"))]);
    std::fs::write(s.out(), "a file").unwrap();
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    assert_eq!(std::fs::read_to_string(s.out()).unwrap(), "a file");
}

#[test]
fn hand_added_files_survive_rebuilds() {
    let s = Site::new(&[("a.md", &page("A")), ("b.md", &page("B"))]);
    s.build(&[]).exit(0);
    std::fs::write(s.out().join("CNAME"), "help.example.com").unwrap();
    std::fs::create_dir_all(s.out().join(".well-known")).unwrap();
    std::fs::write(s.out().join(".well-known/security.txt"), "x").unwrap();
    std::fs::remove_file(s.root().join("b.md")).unwrap();
    s.build(&[]).exit(0);
    assert_eq!(s.output("CNAME"), "help.example.com");
    assert_eq!(s.output(".well-known/security.txt"), "x");
    assert!(
        !s.out().join("en-us/b/index.html").exists(),
        "stale page removed"
    );
}

#[test]
fn output_folder_of_an_earlier_build_is_updated() {
    let s = Site::new(&[("a.md", &page("A"))]);
    std::fs::create_dir_all(s.out().join("en-us/old")).unwrap();
    std::fs::write(s.out().join("en-us/old/index.html"), "old").unwrap();
    std::fs::write(s.out().join("CNAME"), "help.example.com").unwrap();
    std::fs::write(
        s.out().join(".ajuda-output"),
        "# made by ajuda\nen-us/old/index.html\n",
    )
    .unwrap();
    s.build(&[]).exit(0);
    assert!(std::fs::symlink_metadata(s.out()).unwrap().is_dir());
    assert!(s.output("en-us/a/index.html").contains("A"));
    assert!(
        !s.out().join("en-us/old").exists(),
        "the old build's page is gone"
    );
    assert_eq!(
        s.output("CNAME"),
        "help.example.com",
        "hand-added file kept"
    );
}

#[test]
fn trailing_slash_on_the_output_is_the_same_folder() {
    let s = Site::new(&[("a.md", &page("A"))]);
    let out = format!("{}/", s.out().display());
    for _ in 0..3 {
        let r = super::run(&[
            "build",
            "--format",
            "json",
            "--root",
            s.root().to_str().unwrap(),
            "--output",
            &out,
        ]);
        r.exit(0);
    }
    assert!(std::fs::symlink_metadata(s.out()).unwrap().is_dir());
    assert!(s.output("en-us/a/index.html").contains("A"));
}

#[test]
fn hand_added_links_are_not_carried_over() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.build(&[]).exit(0);
    std::os::unix::fs::symlink("/etc/passwd", s.out().join("pw")).unwrap();
    s.build(&[]).exit(0);
    assert!(std::fs::symlink_metadata(s.out().join("pw")).is_err());
}

#[test]
fn planted_links_in_the_twin_are_not_written_through() {
    let s = Site::new(&[("a.md", &page("A"))]);
    s.build(&[]).exit(0);
    let elsewhere = tempfile::tempdir().unwrap();
    let twin = s.tmp.path().join(".out.ajuda-next");
    std::fs::create_dir_all(&twin).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), twin.join("en-us")).unwrap();
    s.write("a.md", page("Changed").as_bytes());
    s.build(&[]).exit(0);
    assert!(s.output("en-us/a/index.html").contains("Changed"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn output_link_made_by_someone_else_is_refused() {
    let s = Site::new(&[("a.md", &page("A"))]);
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), s.out()).unwrap();
    let r = s.build(&[]);
    assert_ne!(r.code, 0);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "output"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}
