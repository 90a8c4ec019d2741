//! No input makes a build run for minutes or take memory out of proportion (the harness kills
//! a case after 30 s); each limit has its own message.

use super::{page, Site};

/// `n` TOC files, each including the next one twice: 2^n entries without a bound.
fn doubling_tocs(n: usize) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                format!("t{i}/TOC.yml"),
                format!(
                    "- name: A{i}\n  href: ../t{next}/TOC.yml\n- name: B{i}\n  href: ../t{next}/TOC.yml\n",
                    next = i + 1
                ),
            )
        })
        .collect();
    files.push((
        format!("t{n}/TOC.yml"),
        "- name: Leaf\n  href: ../a.md\n".into(),
    ));
    files.push(("a.md".into(), page("A")));
    files
}

fn site_of(files: &[(String, String)]) -> Site {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Site::new(&refs)
}

#[test]
fn exponential_toc_nesting_is_cut_off() {
    let s = site_of(&doubling_tocs(26));
    let r = s.build(&[]);
    r.exit(1);
    let limit: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d["kind"] == "limit")
        .collect();
    assert!(!limit.is_empty(), "{:?}", r.diagnostics);
    assert!(limit.iter().all(|d| d["line"].as_u64().unwrap() > 0));
    // The pages are still written.
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn deep_toc_chain_is_cut_off_with_its_own_message() {
    let mut files: Vec<(String, String)> = (0..14)
        .map(|i| {
            (
                format!("t{i}/TOC.yml"),
                format!("- name: N{i}\n  href: ../t{}/TOC.yml\n", i + 1),
            )
        })
        .collect();
    files.push((
        "t14/TOC.yml".into(),
        "- name: Leaf\n  href: ../a.md\n".into(),
    ));
    files.push(("a.md".into(), page("A")));
    let r = site_of(&files).build(&[]);
    let d = r.expect("limit", "t10/TOC.yml", 1);
    assert!(d["message"].as_str().unwrap().contains("nested more than"));
    r.none("include-cycle");
}

#[test]
fn toc_including_itself_is_reported() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        (
            "TOC.yml",
            "- name: A\n  href: a.md\n- name: Me\n  href: TOC.yml\n",
        ),
    ]);
    s.build(&[]).exit(1).expect("toc", "TOC.yml", 3);
}

#[test]
fn deep_flow_yaml_in_front_matter_is_refused_fast() {
    let text = format!("---\ntitle: {}\n---\n# A\n", "[".repeat(250_000));
    let s = Site::new(&[("a.md", &text), ("b.md", &page("B"))]);
    s.build(&[]).exit(1).expect("front-matter", "a.md", 2);
    assert!(s.out().join("en-us/b/index.html").is_file());
}

#[test]
fn deep_yaml_in_a_toc_is_refused() {
    let text = format!(
        "- name: A\n  href: a.md\n- name: {}\n",
        "{a: ".repeat(100_000)
    );
    let s = Site::new(&[("a.md", &page("A")), ("TOC.yml", &text)]);
    s.build(&[]).exit(1).expect("toc", "TOC.yml", 3);
}

#[test]
fn deep_yaml_in_a_faq_is_refused() {
    let text = format!(
        "### YamlMime:FAQ\ntitle: F\nsummary: {}\n",
        "[".repeat(100_000)
    );
    let s = Site::new(&[("a.md", &page("A")), ("faq.yml", &text)]);
    s.build(&[]).exit(1).expect("yaml", "faq.yml", 3);
}

#[test]
fn yaml_alias_bomb_does_not_explode() {
    let mut text = String::from("---\ntitle: Bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    text.push_str("---\n# Bomb\n");
    let s = Site::new(&[("a.md", &text), ("b.md", &page("B"))]);
    let r = s.build(&[]);
    r.expect("front-matter", "a.md", 2);
    assert!(s.out().join("en-us/b/index.html").is_file());
}

#[test]
fn deep_include_chain_is_not_called_a_cycle() {
    let mut files: Vec<(String, String)> = (0..14)
        .map(|i| {
            (
                format!("includes/i{i}.md"),
                format!("Level {i}\n\n[!INCLUDE [n](i{}.md)]\n", i + 1),
            )
        })
        .collect();
    files.push(("includes/i14.md".into(), "Leaf\n".into()));
    files.push((
        "a.md".into(),
        "# A\n\n[!INCLUDE [n](includes/i0.md)]\n".into(),
    ));
    let r = site_of(&files).build(&[]);
    r.none("include-cycle");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d["kind"] == "limit")
        .unwrap_or_else(|| panic!("{:?}", r.diagnostics));
    assert!(d["message"].as_str().unwrap().contains("nested more than"));
}

#[test]
fn include_cycle_is_a_cycle() {
    let s = Site::new(&[
        ("a.md", "# A\n\n[!INCLUDE [x](includes/x.md)]\n"),
        ("includes/x.md", "X\n\n[!INCLUDE [y](y.md)]\n"),
        ("includes/y.md", "Y\n\n[!INCLUDE [x](x.md)]\n"),
    ]);
    s.build(&[])
        .exit(1)
        .expect("include-cycle", "includes/y.md", 3);
}

#[test]
fn exponential_includes_are_cut_off() {
    let mut files: Vec<(String, String)> = (0..8)
        .map(|i| {
            (
                format!("includes/l{i}.md"),
                format!("[!INCLUDE [x](l{}.md)]\n\n", i + 1).repeat(6),
            )
        })
        .collect();
    files.push(("includes/l8.md".into(), "leaf\n".into()));
    files.push((
        "a.md".into(),
        "# A\n\n[!INCLUDE [x](includes/l0.md)]\n".into(),
    ));
    let r = site_of(&files).build(&[]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d["kind"] == "limit")
        .unwrap_or_else(|| panic!("{:?}", r.diagnostics));
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("expands to more than"));
}

#[test]
fn deeply_nested_quotes_and_lists_render() {
    let quotes = format!("# Q\n\n{}deep\n", "> ".repeat(20_000));
    let lists = format!(
        "# L\n\n{}",
        (0..3_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>()
    );
    let brackets = format!("# B\n\n{}x{}\n", "[".repeat(50_000), "](y)".repeat(50_000));
    let s = Site::new(&[("q.md", &quotes), ("l.md", &lists), ("b.md", &brackets)]);
    let r = s.build(&[]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(s.out().join("en-us/q/index.html").is_file());
    assert!(s.out().join("en-us/l/index.html").is_file());
}

#[test]
fn huge_toc_md_is_linear() {
    let toc: String = (0..50_000)
        .map(|i| format!("{} [E{i}](a.md)\n", "#".repeat(1 + i % 6)))
        .collect();
    let s = Site::new(&[("a.md", &page("A")), ("TOC.md", &toc)]);
    s.build(&[]).exit(0);
}

#[test]
fn thousands_of_broken_links_are_reported_quickly() {
    // Without bounds, "did you mean" compares every broken link with every file of its folder
    // (60 million names here), and printing re-reads the page for every diagnostic.
    let mut files: Vec<(String, String)> = (0..3000)
        .map(|i| (format!("docs/page-number-{i}.md"), format!("# P{i}\n")))
        .collect();
    let links: String = (0..20_000)
        .map(|i| format!("[l](docs/missing-file-{i}.md) [a](#nope-{i})\n"))
        .collect();
    let headings: String = (0..3000).map(|i| format!("## H {i}\n\n")).collect();
    files.push(("links.md".into(), format!("# L\n\n{links}\n{headings}")));
    let s = site_of(&files);
    let r = s.build(&[]);
    r.exit(1).expect("missing-page", "links.md", 3);
    r.expect("missing-anchor", "links.md", 20_002);
    // The human report too (it shows each diagnostic's source line).
    let human = super::run(&["check", "--root", s.root().to_str().unwrap()]);
    assert_eq!(human.code, 1);
    assert!(human.stderr.contains("missing-file-19999"));
}

/// A YamlMime:FAQ of 40,000 questions: each answer's links were looked for from its line to
/// the end of the file, and the file split into lines again per answer (quadratic: 29 s in
/// release). Within the harness's 30 s in a debug build only if linear.
#[test]
fn a_faq_of_forty_thousand_questions_builds_in_linear_time() {
    let mut faq = String::from(
        "### YamlMime:FAQ\nmetadata:\n  title: Big\ntitle: Big\nsummary: All of it\nsections:\n- name: All\n  questions:\n",
    );
    for i in 0..40_000 {
        faq.push_str(&format!(
            "  - question: Question {i}?\n    answer: Answer {i}, see [a](a.md#nowhere{i}).\n"
        ));
    }
    let s = Site::new(&[("a.md", &page("A")), ("faq.yml", &faq)]);
    let r = s.build(&[]);
    // Every broken anchor is still reported where it is written.
    let last = r.expect("missing-anchor", "faq.yml", 8 + 2 * 40_000);
    assert_eq!(last["column"], 35, "{last}");
}

/// Links on one line: each link's column was counted from the start of the line
/// (quadratic: 5 s for 100,000 in release, 28 s for 250,000 in this debug harness). 300,000
/// are over the page's element budget now (a `limit` error, at once); 40,000 are within it
/// and render, their columns right.
#[test]
fn a_line_of_links_builds_in_linear_time() {
    let links = |n: usize| -> String {
        let line: Vec<String> = (0..n).map(|i| format!("[l{i}](a.md)")).collect();
        format!("# Links\n\n{} [broken](missing.md)\n", line.join(" "))
    };
    let s = Site::new(&[("a.md", &page("A")), ("links.md", &links(300_000))]);
    s.build(&[]).expect("limit", "links.md", 1);
    let s = Site::new(&[("a.md", &page("A")), ("links.md", &links(40_000))]);
    let r = s.build(&[]);
    let d = r.expect("missing-page", "links.md", 3);
    let column = 40_000
        + (0..40_000)
            .map(|i| format!("[l{i}](a.md)").len())
            .sum::<usize>()
        + 1;
    assert_eq!(d["column"], column as u64, "{d}");
    assert!(s.output("en-us/links/index.html").contains("l39999"));
}

/// Pages under the 10 MB limit whose every few bytes are a Markdown element: nine megabytes
/// of `## a` took 2.9 GB, six of table rows 1.4 GB, nine of `*a*` 1.6 GB, and four such pages
/// aborted the build (exit 134, no diagnostic). Now each is a `limit` error, the other pages
/// are built, and memory stays far below that.
#[test]
fn pages_of_millions_of_elements_are_refused_with_bounded_memory() {
    let headings = format!("# H\n\n{}", "## a\n".repeat(1_900_000));
    let table = format!(
        "# T\n\n| a | b |\n|---|---|\n{}",
        "| x | y |\n".repeat(600_000)
    );
    let emphasis = format!("# E\n\n{}\n", "*a* ".repeat(2_300_000));
    let s = Site::new(&[
        ("a.md", &page("A")),
        ("h1.md", &headings),
        ("h2.md", &headings),
        ("t.md", &table),
        ("e.md", &emphasis),
    ]);
    let r = s.build(&["--no-search"]);
    r.exit(1);
    for file in ["h1.md", "h2.md", "t.md", "e.md"] {
        let d = r.expect("limit", file, 1);
        assert!(d["message"].as_str().unwrap().contains("split it"), "{d}");
    }
    assert!(s.output("en-us/a/index.html").contains("<h1"));
    assert!(r.peak_kib < 1_500_000, "peak {} KiB", r.peak_kib);
}
