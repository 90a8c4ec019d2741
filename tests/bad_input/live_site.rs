//! The live site is replaced only by a real site: no pages, a missing root or an unreadable
//! config leave it byte for byte; a build with far fewer pages needs `--allow-shrink`; and
//! only the files the README lists are carried over from the output.

use super::{page, run, Site};

fn site_of(n: usize) -> Site {
    let files: Vec<(String, String)> = (0..n)
        .map(|i| (format!("p{i}.md"), page(&format!("Page {i}"))))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Site::new(&refs)
}

#[test]
fn a_build_without_pages_leaves_the_live_site() {
    let s = site_of(3);
    s.build(&[]).exit(0);
    let before = s.snapshot();
    for i in 0..3 {
        std::fs::remove_file(s.root().join(format!("p{i}.md"))).unwrap();
    }
    let r = s.build(&[]);
    r.exit(1).expect("config", "ajuda.toml", 0);
    assert!(before == s.snapshot(), "the live site changed");
}

#[test]
fn an_empty_root_never_replaces_another_sites_output() {
    let s = site_of(3);
    s.build(&[]).exit(0);
    let before = s.snapshot();
    let empty = tempfile::tempdir().unwrap();
    let r = run(&[
        "build",
        "--format",
        "json",
        "--root",
        empty.path().to_str().unwrap(),
        "--output",
        s.out().to_str().unwrap(),
    ]);
    r.exit(1);
    assert!(before == s.snapshot(), "the live site changed");
}

#[test]
fn a_missing_root_is_named_and_nothing_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("does-not-exist");
    let r = run(&[
        "build",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    r.exit(1);
    let d = r.expect("config", root.to_str().unwrap(), 0);
    assert!(
        d["message"].as_str().unwrap().contains("does not exist"),
        "{d}"
    );
    assert!(!root.exists(), "the missing root was created");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_config_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("nowhere/ajuda.toml");
    let r = run(&[
        "build",
        "--format",
        "json",
        "--config",
        config.to_str().unwrap(),
    ]);
    r.exit(1);
    let d = r.expect("config", config.to_str().unwrap(), 0);
    assert!(
        d["message"].as_str().unwrap().contains("does not exist"),
        "{d}"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_config_that_is_a_folder_is_an_error() {
    let s = site_of(1);
    std::fs::create_dir(s.root().join("ajuda.toml")).unwrap();
    let r = s.build(&[]);
    r.exit(1);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d["kind"] == "config" && d["file"].as_str().unwrap().ends_with("ajuda.toml")));
    assert!(!s.out().exists());
}

#[test]
fn a_config_that_is_a_fifo_is_an_error_without_blocking() {
    let s = site_of(1);
    s.fifo("ajuda.toml");
    let r = s.build(&[]);
    r.exit(1);
    assert!(r.diagnostics.iter().any(|d| d["kind"] == "config"));
    assert!(!s.out().exists());
}

#[test]
fn a_build_with_under_half_the_pages_needs_allow_shrink() {
    let s = site_of(10);
    s.build(&[]).exit(0);
    let before = s.snapshot();
    for i in 2..10 {
        std::fs::remove_file(s.root().join(format!("p{i}.md"))).unwrap();
    }
    let r = s.build(&[]);
    r.exit(1);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d["kind"] == "output")
        .unwrap_or_else(|| panic!("no output error: {:?}", r.diagnostics));
    assert!(
        d["suggestion"].as_str().unwrap().contains("--allow-shrink"),
        "{d}"
    );
    assert!(before == s.snapshot(), "the live site changed");

    s.build(&["--allow-shrink"]).exit(0);
    assert!(!s.out().join("en-us/p5/index.html").exists());
    assert!(s.out().join("en-us/p1/index.html").exists());
}

#[test]
fn removing_a_few_pages_needs_no_flag() {
    let s = site_of(10);
    s.build(&[]).exit(0);
    for i in 7..10 {
        std::fs::remove_file(s.root().join(format!("p{i}.md"))).unwrap();
    }
    s.build(&[]).exit(0);
    assert!(!s.out().join("en-us/p8/index.html").exists());
}

#[test]
fn only_listed_hand_added_files_are_carried_over() {
    let s = site_of(2);
    s.write(
        "ajuda.toml",
        b"[output]\nkeep = [\"google1234.html\", \"downloads/**\"]\n",
    );
    s.build(&[]).exit(0);
    let out = s.out();
    let add = |rel: &str, text: &str| {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    add("CNAME", "help.example.com");
    add(".well-known/security.txt", "Contact: x");
    add("google1234.html", "verification");
    add("downloads/tool.zip", "zip");
    add("downloads/evil.html", "<script>alert(1)</script>");
    add("en-us/evil.html", "<script>alert(1)</script>");
    add("en-us/evil.js", "alert(1)");
    add("notes.txt", "stray");
    let r = s.build(&[]);
    r.exit(0);
    for kept in [
        "CNAME",
        ".well-known/security.txt",
        "google1234.html",
        "downloads/tool.zip",
    ] {
        assert!(out.join(kept).is_file(), "{kept} was not carried over");
    }
    for dropped in [
        "downloads/evil.html",
        "en-us/evil.html",
        "en-us/evil.js",
        "notes.txt",
    ] {
        assert!(!out.join(dropped).exists(), "{dropped} was carried over");
        let d = r.expect("output", dropped, 0);
        assert_eq!(d["severity"], "warning");
    }
}

/// One big include used by many pages multiplies the output (7 MB × 500 pages wrote 6.6 GB):
/// past `[limits] max_output_size` the build is fatal and the live site stays as it was.
#[test]
fn output_over_its_budget_is_fatal_and_leaves_the_live_site() {
    let mut files: Vec<(String, String)> = (0..20)
        .map(|i| {
            (
                format!("p{i}.md"),
                format!("# Page {i}\n\n[!INCLUDE[shared](includes/shared.md)]\n"),
            )
        })
        .collect();
    files.push(("includes/shared.md".into(), "Shared text.\n".into()));
    files.push((
        "ajuda.toml".into(),
        "[limits]\nmax_output_size = \"2 MB\"\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = Site::new(&refs);
    s.build(&["--no-search"]).exit(0);
    let before = s.snapshot();
    let big = format!("{}\n", "Shared paragraph of text. ".repeat(8_000));
    s.write("includes/shared.md", big.as_bytes());
    let r = s.build(&["--no-search"]);
    r.exit(1);
    let over: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d["kind"] == "output")
        .collect();
    assert_eq!(over.len(), 1, "reported once: {over:?}");
    assert!(over[0]["message"]
        .as_str()
        .unwrap()
        .contains("max_output_size"));
    assert!(before == s.snapshot(), "the live site changed");
}

#[test]
fn an_output_budget_that_is_not_a_size_is_a_config_error() {
    let s = Site::new(&[
        ("ajuda.toml", "[limits]\nmax_output_size = \"lots\"\n"),
        ("a.md", &page("A")),
    ]);
    let r = s.build(&[]);
    r.exit(1);
    let toml = s.root().join("ajuda.toml");
    let d = r.expect("config", toml.to_str().unwrap(), 2);
    assert!(d["message"].as_str().unwrap().contains("max_output_size"));
}
