//! Baseline for the build benchmark: plain pulldown-cmark, parse + render to HTML, with
//! nothing else (no front matter parsing, templates, links, highlighting or writes).
//!
//!     cargo run --release --example cmark-alone -- DIR [--single-thread] [--runs 5]
//!
//! Every `.md` under DIR is read into memory first (not timed); the YAML front matter block, if
//! any, is cut off there too, so only Markdown bodies are timed. Each timed run parses and
//! renders every file to a String on a 2-thread rayon pool (or on the calling thread with
//! `--single-thread`), after one untimed warm-up run; the median of the runs is printed:
//!
//!     cmark-alone: N files, X MB, T s, Y MB/s (2 threads, median of 5)

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use std::time::Instant;

fn die(msg: &str) -> ! {
    eprintln!("cmark-alone: {msg}");
    eprintln!("usage: cmark-alone DIR [--single-thread] [--runs N]");
    std::process::exit(2);
}

/// The Markdown body: the text after a leading `---` ... `---` front matter block.
fn body(text: &str) -> &str {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = t
        .strip_prefix("---\n")
        .or_else(|| t.strip_prefix("---\r\n"))
    else {
        return t;
    };
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        pos += line.len();
        if line.trim_end() == "---" {
            return &rest[pos..];
        }
    }
    t
}

fn render(src: &str, opts: Options) -> usize {
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(src, opts));
    out.len()
}

fn main() {
    let (mut dir, mut single, mut runs) = (None, false, 5usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--single-thread" => single = true,
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| die("--runs needs a positive number"))
            }
            "-h" | "--help" => die("help"),
            _ if a.starts_with("--") => die(&format!("unknown option {a}")),
            _ if dir.is_none() => dir = Some(a),
            _ => die("only one DIR"),
        }
    }
    let dir = dir.unwrap_or_else(|| die("DIR is required"));

    let mut paths: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    if paths.is_empty() {
        die(&format!("no .md file under {dir}"));
    }
    let texts: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p).unwrap_or_else(|e| die(&format!("{}: {e}", p.display())))
        })
        .collect();
    let bodies: Vec<&str> = texts.iter().map(|t| body(t)).collect();
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();

    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);

    let threads = if single { 1 } else { 2 };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| die(&e.to_string()));
    let mut times = Vec::with_capacity(runs);
    let mut html_bytes = 0;
    // One untimed warm-up run (thread start-up, allocator), then the timed runs.
    for run in 0..=runs {
        let t0 = Instant::now();
        html_bytes = if single {
            bodies.iter().map(|b| render(b, opts)).sum::<usize>()
        } else {
            pool.install(|| bodies.par_iter().map(|b| render(b, opts)).sum::<usize>())
        };
        if run > 0 {
            times.push(t0.elapsed().as_secs_f64());
        }
        std::hint::black_box(html_bytes);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    let mb = bytes as f64 / 1e6;
    println!(
        "cmark-alone: {} files, {mb:.1} MB, {median:.4} s, {:.1} MB/s ({} thread{}, median of {runs}; min {:.4} s, max {:.4} s, {:.1} MB of HTML)",
        bodies.len(),
        mb / median,
        threads,
        if threads == 1 { "" } else { "s" },
        times[0],
        times[times.len() - 1],
        html_bytes as f64 / 1e6,
    );
}
