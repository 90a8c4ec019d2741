//! Throughput of the DocFX dialect renderer against plain pulldown-cmark, on one thread.
//!
//!     cargo run --release --example dialect-bench -- DIR [--runs 5]
//!
//! Every `.md` under DIR is read into memory, normalized like `ajuda build` does (BOM, CRLF) and
//! cut after its front matter (`ajuda::frontmatter::split`); none of that is timed. Then, on the
//! calling thread, each measurement is one untimed warm-up pass plus `--runs` timed passes over
//! all bodies, and the median pass is reported in MB/s of Markdown input (1 MB = 10^6 bytes):
//!
//! - pulldown: `Parser::new_ext(body, ajuda::markdown::options())` + `html::push_html` into a
//!   `String`;
//! - ajuda: `ajuda::markdown::render` with a resolver that keeps every link as written, no
//!   include/code-sample files (an empty `FragmentSource`), the built-in English UI strings and
//!   a `Highlighter::new()` without any disk cache:
//!   - cold: a fresh `Highlighter` per pass (created outside the timing), so every distinct code
//!     block is highlighted once per pass, as in a build without `.ajuda-cache`;
//!   - warm: one `Highlighter` kept across passes, so every block is a cache hit;
//! - both again on the same bodies with their fenced code blocks cut out (found with
//!   pulldown-cmark's offset iterator), which is the dialect without highlighting.
//!
//! It prints a Markdown table with the ratio ajuda / pulldown for each (the target is
//! >= 60%).

use ajuda::markdown::highlight::Highlighter;
use ajuda::markdown::prepass::FragmentSource;
use ajuda::markdown::slug::Slugger;
use ajuda::markdown::{self, Env};
use ajuda::model::Md;
use ajuda::resolve::Verbatim;
use pulldown_cmark::{html, CodeBlockKind, Event, Parser, Tag};
use std::hint::black_box;
use std::time::Instant;

fn die(msg: &str) -> ! {
    eprintln!("dialect-bench: {msg}");
    eprintln!("usage: dialect-bench DIR [--runs N]");
    std::process::exit(2);
}

/// No include or code-sample files.
struct NoFragments;

impl FragmentSource for NoFragments {
    fn fragment(&self, _rel: &str) -> Option<(&str, &str)> {
        None
    }
    fn fragment_names(&self) -> Vec<&str> {
        Vec::new()
    }
}

struct Page {
    rel: String,
    md: Md,
}

/// `body` without its fenced code blocks; also returns how many blocks were cut.
fn without_fenced_code(body: &str) -> (String, usize) {
    let mut cuts = Vec::new();
    let mut iter = Parser::new_ext(body, markdown::options()).into_offset_iter();
    while let Some((e, r)) = iter.next() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) = e {
            // The range of a block's Start event spans the whole block; skip to its end.
            cuts.push(r.clone());
            for (e, _) in iter.by_ref() {
                if let Event::End(pulldown_cmark::TagEnd::CodeBlock) = e {
                    break;
                }
            }
        }
    }
    let mut out = String::with_capacity(body.len());
    let mut pos = 0;
    for r in &cuts {
        if r.start < pos {
            continue;
        }
        out.push_str(&body[pos..r.start]);
        pos = r.end;
    }
    out.push_str(&body[pos..]);
    (out, cuts.len())
}

fn pulldown_pass(bodies: &[&str]) -> usize {
    let mut total = 0;
    for b in bodies {
        let mut out = String::with_capacity(b.len() * 3 / 2);
        html::push_html(&mut out, Parser::new_ext(b, markdown::options()));
        total += out.len();
        black_box(&out);
    }
    total
}

/// (HTML bytes, diagnostics).
fn ajuda_pass(pages: &[Page], env: &Env) -> (usize, usize) {
    let (mut total, mut diags) = (0, 0);
    for p in pages {
        let mut ids = Slugger::default();
        let r = markdown::render(&p.md, &p.rel, env, &mut ids, true);
        total += r.html.len();
        diags += r.diagnostics.len();
        black_box(&r);
    }
    (total, diags)
}

struct Timing {
    median: f64,
    min: f64,
    max: f64,
}

/// One untimed warm-up pass, then `runs` timed passes; `setup` runs before each pass, untimed.
fn measure<S, R>(
    runs: usize,
    mut setup: impl FnMut() -> S,
    mut pass: impl FnMut(&S) -> R,
) -> (Timing, R) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for run in 0..=runs {
        let s = setup();
        let t0 = Instant::now();
        let r = pass(&s);
        let t = t0.elapsed().as_secs_f64();
        if run > 0 {
            times.push(t);
        }
        last = Some(r);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (
        Timing {
            median: times[times.len() / 2],
            min: times[0],
            max: times[times.len() - 1],
        },
        last.expect("at least one pass"),
    )
}

fn main() {
    let (mut dir, mut runs) = (None, 5usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
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
    let pages: Vec<Page> = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| die(&format!("{}: {e}", p.display())));
            let text = ajuda::fsx::normalize_text(String::from_utf8_lossy(&bytes).into_owned());
            let split = ajuda::frontmatter::split(&text);
            let start = split.body.as_ptr() as usize - text.as_ptr() as usize;
            let line = split.body_line;
            let rel = p
                .strip_prefix(&dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            Page {
                rel,
                md: Md::with_offset(text, start, line),
            }
        })
        .collect();
    let bodies: Vec<&str> = pages.iter().map(|p| p.md.body()).collect();
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();

    let mut blocks = 0;
    let plain_pages: Vec<Page> = pages
        .iter()
        .map(|p| {
            let (text, n) = without_fenced_code(p.md.body());
            blocks += n;
            Page {
                rel: p.rel.clone(),
                md: Md::new(text, p.md.line),
            }
        })
        .collect();
    let plain_bodies: Vec<&str> = plain_pages.iter().map(|p| p.md.body()).collect();
    let plain_bytes: usize = plain_bodies.iter().map(|b| b.len()).sum();

    let theme = ajuda::theme::Theme {
        strings: vec![(
            "en-US".into(),
            include_str!("../themes/default/i18n/en-US.ftl").into(),
        )],
        ..Default::default()
    };
    let (ui, _) = ajuda::theme::ui_strings(&theme, "en-US");
    let resolver = Verbatim;
    let fragments = NoFragments;
    let env_with = |h: &Highlighter| -> (usize, usize) {
        let env = Env {
            locale: 0,
            resolver: &resolver,
            fragments: &fragments,
            highlighter: h,
            ui: &ui,
            escape_html: false,
            images: None,
        };
        ajuda_pass(&pages, &env)
    };

    let t0 = Instant::now();
    let probe = Highlighter::new();
    let new_highlighter = t0.elapsed().as_secs_f64();
    drop(probe);

    eprintln!("dialect-bench: pulldown, with code");
    let (pd, pd_html) = measure(runs, || (), |_| pulldown_pass(&bodies));
    eprintln!("dialect-bench: ajuda, with code, cold highlight cache");
    let (cold, (cold_html, diags)) = measure(runs, Highlighter::new, |h| env_with(h));
    eprintln!("dialect-bench: ajuda, with code, warm highlight cache");
    let warm_h = Highlighter::new();
    let (warm, _) = measure(runs, || (), |_| env_with(&warm_h));
    eprintln!("dialect-bench: pulldown, without fenced code");
    let (pd_plain, _) = measure(runs, || (), |_| pulldown_pass(&plain_bodies));
    eprintln!("dialect-bench: ajuda, without fenced code");
    let plain_h = Highlighter::new();
    let (plain, (_, plain_diags)) = measure(
        runs,
        || (),
        |_| {
            let env = Env {
                locale: 0,
                resolver: &resolver,
                fragments: &fragments,
                highlighter: &plain_h,
                ui: &ui,
                escape_html: false,
                images: None,
            };
            ajuda_pass(&plain_pages, &env)
        },
    );

    let mbs = |b: usize, t: &Timing| b as f64 / 1e6 / t.median;
    println!(
        "dialect-bench: {} files, {:.2} MB of Markdown ({:.2} MB without its {blocks} fenced code blocks), \
         1 thread, median of {runs} (+1 warm-up); Highlighter::new() {:.0} ms (not timed)",
        pages.len(),
        bytes as f64 / 1e6,
        plain_bytes as f64 / 1e6,
        new_highlighter * 1e3,
    );
    println!(
        "HTML: pulldown {:.2} MB, ajuda {:.2} MB; ajuda diagnostics per pass: {diags} with code, {plain_diags} without \
         (no include files are served)",
        pd_html as f64 / 1e6,
        cold_html as f64 / 1e6,
    );
    println!();
    println!(
        "| input | pulldown-cmark MB/s | ajuda render MB/s | ajuda / pulldown | ajuda min–max s |"
    );
    println!("|---|---:|---:|---:|---|");
    let row = |name: &str, b: usize, p: &Timing, a: &Timing| {
        println!(
            "| {name} | {:.1} | {:.1} | {:.0}% | {:.3}–{:.3} |",
            mbs(b, p),
            mbs(b, a),
            100.0 * p.median / a.median,
            a.min,
            a.max
        );
    };
    row("with code, cold highlight cache", bytes, &pd, &cold);
    row("with code, warm highlight cache", bytes, &pd, &warm);
    row("without fenced code", plain_bytes, &pd_plain, &plain);
}
