//! What used to pass without a word now has a diagnostic at the right file and line, and a
//! bad file costs that file, never the site.

use super::{page, Site};

#[test]
fn unclosed_front_matter() {
    let s = Site::new(&[("a.md", "---\ntitle: A\ndescription: never closed\n\n# A\n")]);
    // A warning: a page may also open with a thematic break.
    s.build(&[]).exit(0).expect("front-matter", "a.md", 1);
}

#[test]
fn title_of_the_wrong_type() {
    let s = Site::new(&[(
        "a.md",
        "---\nms.date: 10/29/2018\ntitle:\n  - one\n  - two\n---\n# A\n",
    )]);
    let r = s.build(&[]);
    r.exit(0).expect("front-matter", "a.md", 3);
}

#[test]
fn description_as_a_mapping() {
    let s = Site::new(&[("a.md", "---\ntitle: A\ndescription: {a: 1}\n---\n# A\n")]);
    s.build(&[]).exit(0).expect("front-matter", "a.md", 3);
}

#[test]
fn unknown_translation_type() {
    let s = Site::new(&[("a.md", "---\ntitle: A\nms.translationtype: XX\n---\n# A\n")]);
    s.build(&[]).exit(0).expect("front-matter", "a.md", 3);
}

#[test]
fn bad_date() {
    let s = Site::new(&[("a.md", "---\ntitle: A\nms.date: 31/31/2018\n---\n# A\n")]);
    s.build(&[]).exit(0).expect("front-matter", "a.md", 3);
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let s = Site::new(&[("a.md", "---\n- a\n- b\n---\n# A\n")]);
    s.build(&[]).exit(1).expect("front-matter", "a.md", 2);
}

#[test]
fn broken_yaml_costs_only_its_page() {
    let s = Site::new(&[("a.md", "---\ntitle: [A\n---\n# A\n"), ("b.md", &page("B"))]);
    let r = s.build(&[]);
    r.exit(1);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d["kind"] == "front-matter" && d["file"] == "a.md"));
    assert!(s.out().join("en-us/b/index.html").is_file());
}

const FAQ_HEAD: &str =
    "### YamlMime:FAQ\ntitle: F\nsummary: S\nsections:\n- name: N\n  questions:\n";

#[test]
fn faq_question_of_the_wrong_type() {
    let faq = format!(
        "{FAQ_HEAD}  - question: Good?\n    answer: Yes.\n  - question: [a, b]\n    answer: No.\n"
    );
    let s = Site::new(&[("faq.yml", &faq)]);
    s.build(&[]).exit(1).expect("yaml", "faq.yml", 9);
}

#[test]
fn faq_answer_of_the_wrong_type() {
    let faq = format!("{FAQ_HEAD}  - question: Good?\n    answer:\n      nested: map\n");
    let s = Site::new(&[("faq.yml", &faq)]);
    s.build(&[]).exit(1).expect("yaml", "faq.yml", 8);
}

#[test]
fn faq_entry_without_question() {
    let faq = format!("{FAQ_HEAD}  - question: Good?\n    answer: Yes.\n  - answer: Orphan.\n");
    let s = Site::new(&[("faq.yml", &faq)]);
    s.build(&[]).exit(1).expect("yaml", "faq.yml", 9);
}

#[test]
fn faq_questions_not_a_list() {
    let faq = "### YamlMime:FAQ\ntitle: F\nsummary: S\nquestions: none\n";
    let s = Site::new(&[("faq.yml", faq)]);
    s.build(&[]).exit(1).expect("yaml", "faq.yml", 4);
}

#[test]
fn faq_title_of_the_wrong_type() {
    let faq = "### YamlMime:FAQ
title: [F]
summary: S
questions:
- question: Q?
  answer: A.
";
    let s = Site::new(&[("faq.yml", faq)]);
    s.build(&[]).exit(1).expect("yaml", "faq.yml", 2);
}

const LANDING_HEAD: &str = "### YamlMime:Landing\ntitle: L\nsummary: S\nlandingContent:\n- title: Card\n  linkLists:\n  - linkListType: how-to-guide\n    links:\n";

#[test]
fn landing_url_of_the_wrong_type() {
    let l =
        format!("{LANDING_HEAD}    - text: A\n      url: a.md\n    - text: B\n      url: [b.md]\n");
    let s = Site::new(&[("index.yml", &l), ("a.md", &page("A"))]);
    s.build(&[]).exit(1).expect("yaml", "index.yml", 12);
}

#[test]
fn landing_link_without_url() {
    let l = format!("{LANDING_HEAD}    - text: A\n      url: a.md\n    - text: B\n");
    let s = Site::new(&[("index.yml", &l), ("a.md", &page("A"))]);
    s.build(&[]).exit(1).expect("yaml", "index.yml", 11);
}

#[test]
fn landing_links_not_a_list() {
    let l = "### YamlMime:Landing\ntitle: L\nsummary: S\nlandingContent:\n- title: Card\n  linkLists:\n  - linkListType: how-to-guide\n    links: a.md\n";
    let s = Site::new(&[("index.yml", l)]);
    s.build(&[]).exit(1).expect("yaml", "index.yml", 8);
}

#[test]
fn names_differing_in_case() {
    let s = Site::new(&[
        ("docs/Setup.md", &page("S1")),
        ("docs/setup.md", &page("S2")),
    ]);
    s.build(&[])
        .exit(1)
        .expect("duplicate-page", "docs/setup.md", 0);
}

#[test]
fn duplicate_uid() {
    let s = Site::new(&[
        ("a.md", "---\ntitle: A\nuid: shared.id\n---\n# A\n"),
        (
            "b.md",
            "---\ntitle: B\nms.date: 01/02/2020\nuid: shared.id\n---\n# B\n",
        ),
    ]);
    s.build(&[]).exit(1).expect("duplicate-uid", "b.md", 4);
}

#[test]
fn hand_written_html_over_a_page() {
    let s = Site::new(&[
        ("x.md", &page("Generated")),
        ("x/index.html", "<p>hand-written</p>"),
    ]);
    s.build(&[])
        .exit(1)
        .expect("duplicate-page", "x/index.html", 0);
    assert!(s.output("en-us/x/index.html").contains("Generated"));
}

#[test]
fn two_files_with_one_url() {
    let s = Site::new(&[("x.md", &page("X")), ("x/index.md", &page("X index"))]);
    // `x/index.md` is listed first (folders before `x.md`); the second one is reported.
    s.build(&[]).exit(1).expect("duplicate-page", "x.md", 0);
}

#[test]
fn unclosed_zone() {
    let s = Site::new(&[(
        "a.md",
        "# A\n\n::: zone pivot=\"portal\"\n\nPortal steps.\n\n## Next\n",
    )]);
    s.build(&[]).exit(0).expect("syntax", "a.md", 3);
}

#[test]
fn unclosed_row() {
    let s = Site::new(&[(
        "a.md",
        "# A\n\n:::row:::\n:::column:::\nOne\n:::column-end:::\n\nText.\n",
    )]);
    s.build(&[]).exit(0).expect("syntax", "a.md", 3);
}

#[test]
fn unclosed_column_inside_a_row() {
    let s = Site::new(&[(
        "a.md",
        "# A\n\n:::row:::\n:::column:::\nOne\n:::row-end:::\n",
    )]);
    s.build(&[]).exit(0).expect("syntax", "a.md", 4);
}

#[test]
fn stray_zone_end() {
    let s = Site::new(&[("a.md", "# A\n\nText.\n\n::: zone-end\n")]);
    s.build(&[]).exit(0).expect("syntax", "a.md", 5);
}

#[test]
fn invalid_utf8_names_its_line() {
    let s = Site::new(&[("b.md", &page("B"))]);
    s.write("a.md", b"# A\n\nfine\ncaf\xe9\n");
    s.build(&[]).exit(1).expect("encoding", "a.md", 4);
    assert!(s.out().join("en-us/b/index.html").is_file());
}

#[test]
fn toc_diagnostic_points_at_the_entry() {
    let toc =
        "- name: Billing\n  href: billing-overview.md\n- name: overview\n  href: missing.md\n";
    let s = Site::new(&[("billing-overview.md", &page("B")), ("TOC.yml", toc)]);
    s.build(&[]).exit(1).expect("missing-page", "TOC.yml", 3);
}

#[test]
fn toc_item_without_name() {
    let toc = "- name: A\n  href: a.md\n- href: b.md\n";
    let s = Site::new(&[("a.md", &page("A")), ("b.md", &page("B")), ("TOC.yml", toc)]);
    s.build(&[]).exit(1).expect("toc", "TOC.yml", 3);
}

#[test]
fn bad_redirect_map_json() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        (".openpublishing.redirection.json", "{ \"redirections\": [ "),
    ]);
    let r = s.build(&[]);
    r.exit(1);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d["kind"] == "redirect" && d["file"] == ".openpublishing.redirection.json"));
}

#[test]
fn site_without_pages_is_an_error() {
    let s = Site::new(&[("notes.txt", "nothing here")]);
    let r = s.build(&[]);
    r.exit(1);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d["kind"] == "config" && d["message"].as_str().unwrap().contains("no pages")));
}

#[test]
fn root_and_config_in_different_folders() {
    let s = Site::new(&[("a.md", &page("A"))]);
    let other = s.tmp.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("ajuda.toml"), "title = \"Other\"\n").unwrap();
    std::fs::write(other.join("private.png"), "not for publishing").unwrap();
    let r = s.build(&["--config", other.join("ajuda.toml").to_str().unwrap()]);
    r.exit(0);
    assert!(s.output("en-us/a/index.html").contains("Other"));
    assert!(!s.snapshot().keys().any(|k| k.contains("private")));
}

#[test]
fn redirect_source_made_of_dots_costs_only_that_redirect() {
    // Found by fuzzing: the key of `...md` is `..`, whose output would be the parent folder.
    let map = "{\n  \"redirections\": [\n    {\n      \"source_path\": \"...md\",\n      \"redirect_url\": \"/a\"\n    }\n  ]\n}\n";
    let s = Site::new(&[
        ("a.md", &page("A")),
        (".openpublishing.redirection.json", map),
    ]);
    s.build(&[])
        .exit(0)
        .expect("redirect", ".openpublishing.redirection.json", 4);
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn numbers_are_text_in_landing_and_faq_fields() {
    let l = "### YamlMime:Landing\ntitle: 2024\nsummary: 1.5\nlandingContent:\n- title: 2025\n  linkLists:\n  - linkListType: how-to-guide\n    links:\n    - text: 1.0\n      url: a.md\n";
    let s = Site::new(&[("index.yml", l), ("a.md", &page("A"))]);
    s.build(&[]).exit(0).none("yaml");
    let html = s.output("en-us/index.html");
    assert!(html.contains("2025") && html.contains(">1.0<"), "{html}");
}

#[test]
fn page_opening_with_a_thematic_break_is_only_warned() {
    let s = Site::new(&[("a.md", "---\n\nText after a rule.\n")]);
    s.build(&[]).exit(0).expect("front-matter", "a.md", 1);
}

#[test]
fn toc_item_that_is_not_a_mapping() {
    let toc = "- name: A\n  href: a.md\n- just text\n";
    let s = Site::new(&[("a.md", &page("A")), ("TOC.yml", toc)]);
    s.build(&[]).exit(1).expect("toc", "TOC.yml", 3);
}

#[test]
fn faq_question_without_an_answer() {
    let faq = format!(
        "{FAQ_HEAD}  - question: Lonely?\n  - question: Good?\n    answer: Yes, see [b](b.md).\n"
    );
    let s = Site::new(&[("faq.yml", &faq)]);
    let r = s.build(&[]);
    let d = r.expect("yaml", "faq.yml", 7);
    assert!(d["message"].as_str().unwrap().contains("Lonely?"), "{d}");
    // The next entry's answer keeps its own line: its broken link is reported there.
    r.expect("missing-page", "faq.yml", 9);
}

#[test]
fn the_same_anchor_twice_on_a_page() {
    let s = Site::new(&[(
        "a.md",
        "# A\n\n## <a name=\"x\"></a>One\n\n## <a name=\"x\"></a>Two\n\n<span id=\"y\"></span> <span id=\"y\"></span>\n",
    )]);
    let r = s.build(&[]);
    r.exit(0);
    let d = r.expect("duplicate-anchor", "a.md", 5);
    assert_eq!(d["severity"], "warning");
    assert!(d["message"].as_str().unwrap().contains("`y`"), "{d}");
    // An anchor that repeats its own heading's slug is no duplicate.
    let s = Site::new(&[("a.md", "# A\n\n## <a name=\"next-steps\"></a>Next steps\n")]);
    s.build(&[]).exit(0).none("duplicate-anchor");
}

#[test]
fn a_file_name_with_a_bidirectional_control_character() {
    let s = Site::new(&[("a.md", &page("A")), ("evil\u{202E}dm.md", &page("Evil"))]);
    let r = s.build(&[]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or("")
                .contains("bidirectional")
        })
        .unwrap_or_else(|| panic!("{:?}", r.diagnostics));
    assert!(d["message"].as_str().unwrap().contains("\\u{202e}"), "{d}");
    assert!(s.out().join("en-us/a/index.html").is_file());
}

#[test]
fn a_control_character_in_a_title() {
    let s = Site::new(&[("a.md", "---\ntitle: \"Bad\\u0007title\"\n---\n# A\n")]);
    let r = s.build(&[]);
    r.exit(0).expect("front-matter", "a.md", 2);
    let html = s.output("en-us/a/index.html");
    assert!(html.contains("<title>Badtitle"), "{html}");
    assert!(!html.contains('\u{7}'));
}

#[test]
fn toc_entries_that_name_nothing() {
    let s = Site::new(&[
        ("a.md", &page("A")),
        ("guide/b.md", &page("B")),
        (
            "TOC.yml",
            "- name: A\n  href: a.md\n- name: Guide\n  href: guide/\n- name: Typo\n  href: getting-startd\n- name: Encoded\n  href: \"javascript&#58;alert(1)\"\n",
        ),
    ]);
    let r = s.build(&[]);
    r.exit(1);
    r.expect("missing-page", "TOC.yml", 5);
    r.expect("missing-page", "TOC.yml", 7);
    // A folder of pages is a fine entry.
    assert!(!r
        .diagnostics
        .iter()
        .any(|d| d["file"] == "TOC.yml" && d["line"] == 3));
}
