//! Operators' setups: an output that is a mount point (a container volume), `--in-place`, a
//! read-only output, and the twin beside the output, which must not keep deleted pages.

use super::{page, Site};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

fn site() -> Site {
    Site::new(&[
        ("a.md", &page("A")),
        ("b.md", &page("B")),
        ("c.md", &page("C")),
    ])
}

fn twin(s: &Site) -> std::path::PathBuf {
    s.tmp.path().join(".out.ajuda-next")
}

#[test]
fn the_twin_keeps_no_deleted_page() {
    let s = site();
    s.build(&["--no-search"]).exit(0);
    s.build(&["--no-search"]).exit(0);
    std::fs::remove_file(s.root().join("c.md")).unwrap();
    s.build(&["--no-search"]).exit(0);
    assert!(!s.out().join("en-us/c/index.html").exists());
    // The twin holds the site before: a, b, c; c is gone from it too.
    assert!(twin(&s).join("en-us/a/index.html").is_file());
    assert!(!twin(&s).join("en-us/c").exists());
}

#[test]
fn a_read_only_output_is_refused_and_left_alone() {
    let s = site();
    s.build(&["--no-search"]).exit(0);
    let before = s.snapshot();
    std::fs::set_permissions(s.out(), std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::write(s.root().join("a.md"), page("A, changed")).unwrap();
    let r = s.build(&["--no-search"]);
    std::fs::set_permissions(s.out(), std::fs::Permissions::from_mode(0o755)).unwrap();
    r.exit(1);
    let d = r.expect("output", s.out().to_str().unwrap(), 0);
    assert!(d["message"].as_str().unwrap().contains("read-only"), "{d}");
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_twin_made_read_only_is_taken_back() {
    let s = site();
    s.build(&["--no-search"]).exit(0);
    s.build(&["--no-search"]).exit(0);
    for dir in [twin(&s), twin(&s).join("en-us"), twin(&s).join("en-us/a")] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    std::fs::write(s.root().join("a.md"), page("A, changed")).unwrap();
    s.build(&["--no-search"]).exit(0);
    assert!(s.output("en-us/a/index.html").contains("A, changed"));
    let mode = std::fs::metadata(twin(&s).join("en-us/a"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o700, 0o700);
}

#[test]
fn in_place_writes_into_the_output_and_deletes_last() {
    let s = site();
    s.build(&["--no-search", "--in-place"]).exit(0);
    assert!(s.output("en-us/a/index.html").contains("<h1"));
    assert!(!twin(&s).exists(), "no twin in place");
    // Hand-added: CNAME is kept, an unlisted page is not.
    std::fs::write(s.out().join("CNAME"), "docs.example.com\n").unwrap();
    std::fs::write(s.out().join("en-us/evil.html"), "<script>x()</script>").unwrap();
    let inode =
        |p: &std::path::Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let folder = inode(&s.out());
    std::fs::remove_file(s.root().join("c.md")).unwrap();
    std::fs::write(s.root().join("a.md"), page("A, changed")).unwrap();
    s.build(&["--no-search", "--in-place"]).exit(0);
    assert_eq!(
        inode(&s.out()),
        folder,
        "the output folder itself was written into"
    );
    assert!(s.output("en-us/a/index.html").contains("A, changed"));
    assert!(!s.out().join("en-us/c").exists());
    assert!(s.out().join("CNAME").is_file());
    assert!(!s.out().join("en-us/evil.html").exists());
    // No temporary file is left.
    let leftovers: Vec<String> = s
        .snapshot()
        .into_keys()
        .filter(|k| k.contains("ajuda-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Runs `script` with `$AJUDA`, `$ROOT` and `$OUT` set, in its own user and mount namespace
/// (`unshare`, no privilege needed) where it may mount a tmpfs on `$OUT`; returns its stdout.
fn in_namespace(s: &Site, script: &str) -> String {
    std::fs::create_dir_all(s.out()).unwrap();
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-ec", script])
        .env("AJUDA", env!("CARGO_BIN_EXE_ajuda"))
        .env("ROOT", s.root())
        .env("OUT", s.out())
        .output()
        .expect("unshare (util-linux) runs");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_mount_point_is_explained_and_built_in_place() {
    let s = site();
    let log = in_namespace(
        &s,
        r#"mount -t tmpfs none "$OUT"
"$AJUDA" build --no-search --format json --root "$ROOT" --output "$OUT" > "$ROOT/../swap.json" && echo "swap: 0" || echo "swap: $?"
echo "files after swap: $(ls -A "$OUT" | wc -l)"
"$AJUDA" build --no-search --quiet --root "$ROOT" --output "$OUT" --in-place && echo "in place: 0"
echo hello > "$OUT/CNAME"
"$AJUDA" build --no-search --quiet --root "$ROOT" --output "$OUT" --in-place && echo "again: 0"
for p in a b c; do test -f "$OUT/en-us/$p/index.html" && echo "page $p"; done
echo "cname: $(cat "$OUT/CNAME")"
"#,
    );
    // Not exchangeable: an output error that says why and what to do; nothing written.
    assert!(log.contains("swap: 1"), "{log}");
    assert!(log.contains("files after swap: 0"), "{log}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.tmp.path().join("swap.json")).unwrap())
            .unwrap();
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("mount point") && message.contains("--in-place"),
        "{message}"
    );
    // In place, it builds, and builds again keeping a hand-added CNAME.
    assert!(
        log.contains("in place: 0") && log.contains("again: 0"),
        "{log}"
    );
    for p in ["a", "b", "c"] {
        assert!(log.contains(&format!("page {p}\n")), "{log}");
    }
    assert!(log.contains("cname: hello"), "{log}");
}
