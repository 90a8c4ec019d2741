//! The help center's reader features in a real headless Chromium (see `common/browser.rs`):
//! feedback that reaches a receiver, the search page, its filters and its empty state.

mod common;

use common::browser::start_site;
use fantoccini::{Client, Locator};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A local receiver for `[feedback] endpoint`: its port, and the bodies it was sent.
fn receiver() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            if length > 0 {
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&body).into_owned());
            }
            let _ = reader.get_mut().write_all(
                b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
            );
        }
    });
    (port, bodies)
}

fn help_site(endpoint: &str) -> tempfile::TempDir {
    common::site(&[
        (
            "ajuda.toml",
            &format!(
                "title = \"Help\"\n\n[flows.desk]\nlabel = \"Open a request\"\nurl = \"https://desk.example/new?page={{page}}\"\n\n[support]\ndefault_flow = \"desk\"\n\n[feedback]\nendpoint = \"{endpoint}\"\n"
            ),
        ),
        ("billing/invoices.md", "---\ntitle: Read your invoice\nms.service: billing\n---\n# Read your invoice\n\nEach invoice lists the charges of the month.\n"),
    ])
}

async fn wait_until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if c.execute(script, vec![]).await.unwrap() == serde_json::Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_asks_why_and_the_vote_and_reason_reach_the_endpoint() {
    let (port, bodies) = receiver();
    let site = help_site(&format!("http://127.0.0.1:{port}/collect"));
    let Some(s) = start_site(site.path()).await else {
        return;
    };
    let c = &s.client;
    c.goto(&format!("{}/en-us/billing/invoices/", s.base))
        .await
        .unwrap();
    c.find(Locator::Css(".support .feedback-no"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The reasons, focused on the first; the question is gone.
    wait_until(
        c,
        "return !document.querySelector('.feedback-reasons').hidden && document.activeElement.name === 'reason' && document.querySelector('.support .feedback').hidden",
        "the reasons",
    )
    .await;
    c.find(Locator::Css("input[value=missing]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css(".feedback-reasons textarea"))
        .await
        .unwrap()
        .send_keys("Which months?")
        .await
        .unwrap();
    c.find(Locator::Css(".feedback-reasons button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Then the request flow is offered.
    wait_until(
        c,
        "return document.activeElement.classList.contains('support-flow') && !document.querySelector('.feedback-thanks').hidden",
        "the flow offered",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while bodies.lock().unwrap().len() < 2 {
        assert!(
            Instant::now() < deadline,
            "the receiver got {:?}",
            bodies.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got: Vec<serde_json::Value> = bodies
        .lock()
        .unwrap()
        .iter()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(got[0]["type"], "feedback");
    assert_eq!(got[0]["helpful"], false);
    assert_eq!(got[0]["page"], "billing/invoices");
    assert_eq!(got[0]["locale"], "en-US");
    assert_eq!(got[1]["reason"], "missing");
    assert_eq!(got[1]["comment"], "Which months?");
    // The vote is remembered for the page.
    c.refresh().await.unwrap();
    wait_until(
        c,
        "return document.querySelector('.support .feedback').hidden && !document.querySelector('.feedback-thanks').hidden",
        "the remembered vote",
    )
    .await;
    s.client.clone().close().await.unwrap();
}
