//! `ajuda serve` under bad input: it keeps serving, keeps the last good version of what cannot
//! be built, says why, and ends right once the input is fixed.

mod common;

use common::serve::{self as serve, get, save, start, status, until_served, wait_rebuilt};

fn diagnostics(port: u16, url: &str) -> serde_json::Value {
    serde_json::from_slice(&get(port, &format!("/__ajuda/diagnostics?path={url}")).body).unwrap()
}

#[test]
fn an_include_cycle_keeps_the_last_good_page_under_the_overlay() {
    let tmp = common::site(&[
        ("page.md", "# Page\n\n[!INCLUDE [part](includes/part.md)]\n"),
        ("includes/part.md", "Included once.\n"),
    ]);
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    until_served(p, "/en-us/page/", "Included once.");
    let g = status(p)["generation"].as_u64().unwrap();
    let part = tmp.path().join("includes/part.md");
    save(&part, "Now a loop.\n\n[!INCLUDE [part](part.md)]\n");
    wait_rebuilt(p, g);
    let page = get(p, "/en-us/page/").text();
    assert!(
        page.contains("Included once.") && !page.contains("Now a loop."),
        "{page}"
    );
    let d = diagnostics(p, "/en-us/page/");
    assert!(
        d.as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "include-cycle"),
        "{d}"
    );
    save(&part, "Fixed.\n");
    until_served(p, "/en-us/page/", "Fixed.");
    assert_eq!(diagnostics(p, "/en-us/page/"), serde_json::json!([]));
}

#[test]
fn hostile_edits_never_stop_the_server() {
    let tmp = common::site(&[
        ("page.md", "---\ntitle: Page\n---\n# Page\n\nGood.\n"),
        ("TOC.yml", "- name: Page\n  href: page.md\n"),
    ]);
    let root = tmp.path();
    let s = start(root, &["--no-search"]);
    let p = s.port;
    until_served(p, "/en-us/page/", "Good.");
    let mut g = status(p)["generation"].as_u64().unwrap();
    // Not UTF-8: the last good page stays.
    std::fs::write(
        root.join("page.md"),
        b"---\ntitle: Page\n---\n# Page\n\n\xff\xfe bad\n",
    )
    .unwrap();
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    assert!(get(p, "/en-us/page/").text().contains("Good."));
    // A TOC that is not YAML, a file that is a folder, an empty file, a huge line.
    std::fs::write(root.join("TOC.yml"), "- name: [\n  href: : :\n\t\u{0}").unwrap();
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    std::fs::create_dir_all(root.join("folder.md")).unwrap();
    std::fs::write(root.join("empty.md"), "").unwrap();
    std::fs::write(root.join("long.md"), "x".repeat(2_000_000)).unwrap();
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    // The whole content gone, then back.
    let saved = std::fs::read_to_string(root.join("TOC.yml")).unwrap();
    for f in ["page.md", "TOC.yml", "empty.md", "long.md"] {
        std::fs::remove_file(root.join(f)).unwrap();
    }
    g = wait_rebuilt(p, g)["generation"].as_u64().unwrap();
    assert_eq!(get(p, "/__ajuda/status").status, 200);
    std::fs::write(root.join("TOC.yml"), saved).unwrap();
    std::fs::write(
        root.join("page.md"),
        "---\ntitle: Page\n---\n# Page\n\nBack.\n",
    )
    .unwrap();
    wait_rebuilt(p, g);
    until_served(p, "/en-us/page/", "Back.");
}

#[test]
fn a_yaml_file_that_becomes_a_faq_page_is_published() {
    let tmp = common::site(&[
        ("page.md", "# Page\n\nHello.\n"),
        ("data.yml", "items:\n  - one\n"),
    ]);
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    until_served(p, "/en-us/page/", "Hello.");
    assert_eq!(get(p, "/en-us/data/").status, 404);
    let faq = "### YamlMime:FAQ\nmetadata:\n  title: Data questions\ntitle: Data questions\nsummary: About data.\nsections:\n  - name: Basics\n    questions:\n      - question: Where is it?\n        answer: Here.\n";
    save(&tmp.path().join("data.yml"), faq);
    until_served(p, "/en-us/data/", "Where is it?");
}

/// RFC 9112: a request with two `Host` headers is a 400, even when the first names the
/// server (the second could reach whatever reads the last one).
#[test]
fn two_host_headers_are_a_bad_request() {
    let site = common::site(&[("a.md", "# A\n\nText.\n")]);
    let server = serve::start(site.path(), &["--no-search"]);
    let port = server.port;
    let good = format!("127.0.0.1:{port}");
    let r = serve::get_with(
        port,
        "/en-us/a/",
        &[("Host", good.as_str()), ("Host", "evil.example")],
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(serve::get_with(port, "/en-us/a/", &[]).status, 200);
}

/// Connections that send no request (or keep an idle keep-alive) are closed after the head
/// timeout, so clients holding connections cannot use up the server's files; a request on a
/// fresh connection is still answered meanwhile.
#[test]
fn connections_that_send_nothing_are_closed() {
    use std::io::Read;
    let site = common::site(&[("a.md", "# A\n\nText.\n")]);
    let server = serve::start(site.path(), &["--no-search"]);
    let port = server.port;
    let held: Vec<std::net::TcpStream> = (0..50)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    assert_eq!(serve::get_with(port, "/en-us/a/", &[]).status, 200);
    let start = std::time::Instant::now();
    let mut first = &held[0];
    first
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut buf = [0u8; 256];
    // The server closes the connection: end of stream (or a reset), not our read timeout.
    let n = first.read(&mut buf).unwrap_or(0);
    let waited = start.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(25),
        "the idle connection was held {waited:?}"
    );
    // A 408 answer is allowed before the close; nothing else.
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || answer.contains(" 408 "), "{answer}");
}

/// A TOC is no page: its problems were printed in the terminal only. Now the overlay of
/// every page shows them, from the first build and after an edit.
#[test]
fn toc_problems_are_shown_on_the_pages() {
    let tmp = common::site(&[
        ("a.md", "# A\n\nText.\n"),
        ("TOC.yml", "- name: A\n  href: a.md\n"),
    ]);
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    until_served(p, "/en-us/a/", "Text.");
    assert_eq!(diagnostics(p, "/en-us/a/"), serde_json::json!([]));
    let g = status(p)["generation"].as_u64().unwrap();
    save(
        &tmp.path().join("TOC.yml"),
        "- name: A\n  href: a.md\n- name: Typo\n  href: getting-startd.md\n",
    );
    wait_rebuilt(p, g);
    let d = diagnostics(p, "/en-us/a/");
    let shown = d.as_array().unwrap();
    assert!(
        shown.iter().any(|d| d["kind"] == "missing-page"
            && d["file"].as_str().unwrap_or("").ends_with("TOC.yml")
            && d["line"] == 3),
        "{d}"
    );
}
