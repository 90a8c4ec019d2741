//! Redirect maps, `docfx.json` and `ajuda init`: what used to be taken without a word (a
//! list that is an object, a source given twice, a glob that lists nothing) is now a
//! diagnostic at its file and line.

use super::{page, run, Site};

const MAP: &str = ".openpublishing.redirection.json";

/// A redirect map with one entry per (source, target), one key per line.
fn map(entries: &[(&str, &str)]) -> String {
    let mut s = String::from("{\n  \"redirections\": [\n");
    for (i, (from, to)) in entries.iter().enumerate() {
        let comma = if i + 1 < entries.len() { "," } else { "" };
        s.push_str(&format!(
            "    {{\n      \"source_path\": \"{from}\",\n      \"redirect_url\": \"{to}\"\n    }}{comma}\n"
        ));
    }
    s.push_str("  ]\n}\n");
    s
}

#[test]
fn a_redirect_map_with_an_object_for_its_list() {
    let text = "{\n  \"redirections\": {\n    \"source_path\": \"old.md\",\n    \"redirect_url\": \"/a\"\n  }\n}\n";
    let s = Site::new(&[("a.md", &page("A")), (MAP, text)]);
    let r = s.build(&[]);
    r.exit(0);
    assert!(r.expect("redirect", MAP, 2)["message"]
        .as_str()
        .unwrap()
        .contains("not a list"));
}

#[test]
fn a_redirect_from_a_page_that_exists() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        ("b.md", &page("B")),
        (MAP, &map(&[("a.md", "/b")])),
    ]);
    let r = s.build(&[]);
    r.exit(0);
    let d = r.expect("redirect", MAP, 4);
    assert!(d["message"].as_str().unwrap().contains("is a page"), "{d}");
    // The page stands.
    assert!(s.output("en-us/a/index.html").contains("<h1"));
}

#[test]
fn a_source_redirected_twice_keeps_the_first() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        ("b.md", &page("B")),
        (MAP, &map(&[("old.md", "/a"), ("old.md", "/b")])),
    ]);
    let r = s.build(&[]);
    r.exit(0);
    r.expect("redirect", MAP, 8);
    let html = s.output("en-us/old/index.html");
    assert!(html.contains("../a/"), "{html}");
    assert!(!html.contains("../b/"), "{html}");
}

#[test]
fn a_redirect_to_javascript_after_a_space_is_refused() {
    for target in [
        " javascript:alert(1)",
        "\\tjavascript:alert(1)",
        "JavaScript:alert(1)",
    ] {
        let s = Site::new(&[("a.md", &page("A")), (MAP, &map(&[("old.md", target)]))]);
        let r = s.build(&["--no-search"]);
        r.expect("unsafe-link", MAP, 4);
        assert!(
            !s.out().join("en-us/old/index.html").exists(),
            "a page was written for {target:?}"
        );
        let written: String = s
            .snapshot()
            .into_values()
            .map(|b| String::from_utf8_lossy(&b).to_lowercase())
            .collect();
        assert!(
            !written.contains("javascript:"),
            "{target:?} reached the output"
        );
    }
}

#[test]
fn a_config_redirect_to_javascript_after_a_space_is_refused() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        (
            "ajuda.toml",
            "[redirects]\n\"old.md\" = \" javascript:alert(1)\"\n",
        ),
    ]);
    let r = s.build(&["--no-search"]);
    assert!(
        r.diagnostics.iter().any(|d| d["kind"] == "unsafe-link"),
        "{:?}",
        r.diagnostics
    );
    assert!(!s.out().join("en-us/old/index.html").exists());
}

const DOCFX_HEAD: &str = "{\n  \"build\": {\n";

#[test]
fn a_docfx_glob_that_matches_nothing() {
    let docfx = format!(
        "{DOCFX_HEAD}    \"content\": [\n      {{ \"files\": [\"**/*.md\", \"artcles/**/*.yml\"] }}\n    ],\n    \"resource\": [\n      {{ \"files\": [\"**/*.png\"] }}\n    ]\n  }}\n}}\n"
    );
    let s = Site::new(&[("a.md", &page("A")), ("docfx.json", &docfx)]);
    let r = s.build(&[]);
    r.exit(0);
    let d = r.expect("config", "docfx.json", 4);
    assert!(
        d["message"].as_str().unwrap().contains("artcles/**/*.yml"),
        "{d}"
    );
    assert_eq!(d["severity"], "warning");
    // `**/*.md` lists a.md, and resource globs are a stock list: nothing said of them.
    assert_eq!(
        r.diagnostics
            .iter()
            .filter(|d| d["kind"] == "config")
            .count(),
        1,
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn docfx_content_that_is_not_a_list() {
    let docfx = format!("{DOCFX_HEAD}    \"content\": 5\n  }}\n}}\n");
    let s = Site::new(&[("a.md", &page("A")), ("docfx.json", &docfx)]);
    let r = s.build(&[]);
    r.exit(0);
    let d = r.expect("config", "docfx.json", 2);
    assert!(
        d["message"].as_str().unwrap().contains("build.content"),
        "{d}"
    );
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn a_docfx_entry_without_files() {
    let docfx = format!("{DOCFX_HEAD}    \"content\": [ {{ \"src\": \"docs\" }} ]\n  }}\n}}\n");
    let s = Site::new(&[("a.md", &page("A")), ("docfx.json", &docfx)]);
    let r = s.build(&[]);
    assert!(r.expect("config", "docfx.json", 2)["message"]
        .as_str()
        .unwrap()
        .contains("no `files`"));
}

#[test]
fn init_adds_what_a_gitignore_lacks() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "target/\n/public").unwrap();
    let r = run(&["init", tmp.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ignore = std::fs::read_to_string(tmp.path().join(".gitignore")).unwrap();
    let lines: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        ["target/", "/public", ".public.ajuda-*", ".ajuda-cache/"],
        "{ignore}"
    );
}
