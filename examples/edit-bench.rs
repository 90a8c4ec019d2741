//! Edit-to-reload benchmark of `ajuda serve` (run by `bench/run.sh --edit`).
//!
//!     edit-bench --ajuda target/release/ajuda --site target/bench/site-30000 [--edits 1000]
//!
//! Starts `ajuda serve --no-search` on the site (with a site template to edit), listens on the
//! live-reload WebSocket like an open page, and for each kind of edit saves a file and times
//! the save → reload message: a one-article text edit, a title edit, a template edit. Prints
//! the medians, the first start, and the server's resident memory after 100 and after
//! `--edits` text edits. The site is restored afterwards.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn die(msg: &str) -> ! {
    eprintln!("edit-bench: {msg}");
    std::process::exit(2)
}

fn rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |k| k / 1024.0)
}

/// Waits for the next `reload` message (any page: a page's first); its time.
fn next_reload(ws: &mut Socket) -> Instant {
    loop {
        match ws.read() {
            Ok(tungstenite::Message::Text(t)) if t.contains("\"type\":\"reload\"") => {
                return Instant::now()
            }
            Ok(_) => {}
            Err(e) => die(&format!("the WebSocket closed: {e}")),
        }
    }
}

/// Saves `text` at `path` and times until the reload message, in ms.
fn timed_save(ws: &mut Socket, path: &Path, text: &str) -> f64 {
    let start = Instant::now();
    std::fs::write(path, text).unwrap_or_else(|e| die(&format!("{}: {e}", path.display())));
    let end = next_reload(ws);
    // A save may come as two events (truncate, write): let a second rebuild pass.
    drain(ws, Duration::from_millis(30));
    (end - start).as_secs_f64() * 1000.0
}

fn drain(ws: &mut Socket, quiet: Duration) {
    let stream = match ws.get_mut() {
        tungstenite::stream::MaybeTlsStream::Plain(s) => s,
        _ => return,
    };
    let _ = stream.set_read_timeout(Some(quiet));
    while ws.read().is_ok() {}
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_mut() {
        let _ = s.set_read_timeout(None);
    }
}

/// `pending` of the server's status: pages still to render again.
fn pending(port: u16) -> u64 {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    let req = format!(
        "GET /__ajuda/status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let _ = s.write_all(req.as_bytes());
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split("\"pending\":")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .unwrap_or(0)
}

/// Saves, times the reload of the open page, then waits until no page is left to render
/// again: (reload ms, whole site s).
fn timed_full(ws: &mut Socket, port: u16, path: &Path, text: &str) -> (f64, f64) {
    let start = Instant::now();
    let reload = timed_save(ws, path, text);
    while pending(port) > 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let all = start.elapsed().as_secs_f64();
    drain(ws, Duration::from_millis(50));
    (reload, all)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn first_article(dir: &Path) -> PathBuf {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| {
            p.to_string_lossy().contains("topic-") && p.extension().is_some_and(|e| e == "md")
        })
        .unwrap_or_else(|| die(&format!("no article under {}", dir.display())))
}

fn main() {
    let ajuda = arg("--ajuda").unwrap_or_else(|| "target/release/ajuda".into());
    let site = PathBuf::from(arg("--site").unwrap_or_else(|| die("--site DIR is required")));
    let edits: usize = arg("--edits")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
        .max(100);
    let samples: usize = arg("--samples").and_then(|n| n.parse().ok()).unwrap_or(21);
    let locale_dir = site.join("content/en-us");
    let article = first_article(&locale_dir);
    let original = std::fs::read_to_string(&article).unwrap();
    // A site template to edit (the theme's footer, unchanged at first).
    let partial = site.join("templates/partials/footer.html");
    let had_templates = site.join("templates").exists();
    if !partial.exists() {
        std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
        let theme = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/partials/footer.html");
        std::fs::copy(theme, &partial).unwrap();
    }
    let footer = std::fs::read_to_string(&partial).unwrap();

    let start = Instant::now();
    let mut child = Command::new(&ajuda)
        .args(["serve", "--no-search", "--quiet", "--port", "0", "--root"])
        .arg(&site)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| die(&format!("{ajuda}: {e}")));
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let port: u16 = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split("at http://127.0.0.1:")
                .nth(1)
                .and_then(|r| r.split('/').next()?.parse().ok())
        })
        .unwrap_or_else(|| die("the server did not start"));
    let started = start.elapsed().as_secs_f64();
    std::thread::spawn(move || for _ in lines {});
    let pid = child.id();
    let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__ajuda/ws"))
        .unwrap_or_else(|e| die(&format!("WebSocket: {e}")));
    // Like a page open on the article: it says where it is.
    let rel = article
        .strip_prefix(site.join("content"))
        .unwrap()
        .with_extension("");
    let url = format!("/{}/", rel.to_string_lossy().replace('\\', "/"));
    let hello = format!("{{\"page\":\"{url}\"}}");
    ws.send(tungstenite::Message::Text(hello.into()))
        .unwrap_or_else(|e| die(&format!("{e}")));
    drain(&mut ws, Duration::from_millis(200));

    let text_edit = |i: usize| {
        original.replacen(
            "\n## ",
            &format!("\nEdit number {i} of the body.\n\n## "),
            1,
        )
    };
    let mut text = Vec::new();
    let mut rss_100 = 0.0;
    for i in 0..edits {
        let t = timed_save(&mut ws, &article, &text_edit(i));
        if i < samples.max(100) {
            text.push(t);
        }
        if i + 1 == 100 {
            rss_100 = rss_mib(pid);
        }
    }
    let rss_end = rss_mib(pid);
    let (mut title, mut title_all) = (Vec::new(), Vec::new());
    for i in 0..samples.min(7) {
        let edited = original.replacen("title: \"", &format!("title: \"({i}) "), 1);
        let (r, a) = timed_full(&mut ws, port, &article, &edited);
        title.push(r);
        title_all.push(a);
    }
    timed_full(&mut ws, port, &article, &original);
    let (mut template, mut template_all) = (Vec::new(), Vec::new());
    for i in 0..samples.min(5) {
        let text = format!("{footer}<!-- edit {i} -->");
        let (r, a) = timed_full(&mut ws, port, &partial, &text);
        template.push(r);
        template_all.push(a);
    }
    std::fs::write(&partial, &footer).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    if !had_templates {
        let _ = std::fs::remove_dir_all(site.join("templates"));
    }

    println!(
        "article edited: {}",
        article.strip_prefix(&site).unwrap_or(&article).display()
    );
    println!("first serve start (spawn → serving): {started:.2} s");
    println!(
        "save → reload, median: text edit {:.1} ms ({} edits), title edit {:.0} ms ({}), template edit {:.0} ms ({})",
        median(text.clone()),
        text.len(),
        median(title.clone()),
        title.len(),
        median(template.clone()),
        template.len()
    );
    println!(
        "after a title edit / a template edit, every page rendered again in (median): {:.2} s / {:.2} s",
        median(title_all),
        median(template_all)
    );
    println!(
        "text edit p90: {:.1} ms, max: {:.1} ms",
        {
            let mut v = text.clone();
            v.sort_by(|a, b| a.total_cmp(b));
            v[v.len() * 9 / 10]
        },
        text.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "server memory (RSS): {rss_100:.0} MiB after 100 edits, {rss_end:.0} MiB after {edits} ({:+.1}%)",
        (rss_end - rss_100) / rss_100.max(1.0) * 100.0
    );
}
