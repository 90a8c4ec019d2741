//! `check --external` against a local HTTP server only.

mod common;

use ajuda::config::{Config, Overrides};
use ajuda::diag::{Kind, Severity};
use ajuda::external::ExternalOptions;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Hits = Arc<Mutex<HashMap<String, usize>>>;

/// Answers `/ok` 200, `/gone` 404, `/nohead` 405 to HEAD and 200 to GET, `/slow` after 3 s.
fn server() -> (u16, Hits) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits: Hits = Arc::default();
    let h = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let h = h.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let mut parts = request.split_whitespace();
                let (method, path) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or("").to_string(),
                );
                *h.lock()
                    .unwrap()
                    .entry(format!("{method} {path}"))
                    .or_default() += 1;
                let status = match (method, path.as_str()) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/nohead") => "405 Method Not Allowed",
                    (_, "/nohead") => "200 OK",
                    (_, "/slow") => {
                        std::thread::sleep(Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let _ = write!(
                    &stream,
                    "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            });
        }
    });
    (port, hits)
}

#[test]
fn dead_external_links_are_reported_once_per_url_and_cached() {
    let (port, hits) = server();
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let page = format!(
        "# Links\n\n[ok]({base}/ok) [gone]({base}/gone)\n[again]({base}/gone#part) [nohead]({base}/nohead)\n[slow]({base}/slow) [refused](http://127.0.0.1:{closed}/x)\n"
    );
    let tmp = common::site(&[("a.md", &page)]);
    let cache = tmp.path().join("cache/external.json");
    let run = || {
        let config = Config::load(tmp.path(), None, &Overrides::default()).unwrap();
        let opts = ajuda::pipeline::Options {
            write: false,
            external: Some(ExternalOptions {
                timeout: Duration::from_secs(1),
                cache_file: Some(cache.clone()),
                ..Default::default()
            }),
            ..common::options(&tmp.path().join("public"))
        };
        ajuda::pipeline::build(&config, &opts)
    };
    let report = run();
    let dead: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.kind == Kind::ExternalLink)
        .collect();
    let mut targets: Vec<&str> = dead.iter().map(|d| d.target.as_deref().unwrap()).collect();
    targets.sort();
    let mut expected = vec![
        format!("{base}/gone"),
        format!("{base}/gone#part"),
        format!("{base}/slow"),
        format!("http://127.0.0.1:{closed}/x"),
    ];
    expected.sort();
    assert_eq!(targets, expected, "{dead:#?}");
    assert!(dead
        .iter()
        .all(|d| d.severity == Severity::Warning && d.file == "a.md" && d.line > 0));
    assert!(dead.iter().any(|d| d.message.contains("answered HTTP 404")));
    assert!(
        dead.iter().any(|d| d.message.contains("timed out")),
        "{dead:#?}"
    );
    {
        let h = hits.lock().unwrap();
        assert_eq!(
            h.get("HEAD /gone"),
            Some(&1),
            "one request per document: {h:?}"
        );
        assert_eq!(
            h.get("GET /nohead"),
            Some(&1),
            "GET after a refused HEAD: {h:?}"
        );
    }
    let before: usize = hits.lock().unwrap().values().sum();
    let again = run();
    assert_eq!(
        again
            .diagnostics
            .iter()
            .filter(|d| d.kind == Kind::ExternalLink)
            .count(),
        4
    );
    assert_eq!(
        hits.lock().unwrap().values().sum::<usize>(),
        before,
        "answers come from the cache"
    );
}
