//! Synthetic corpus generator for benchmarks: a localized Microsoft-Docs/DocFX-style
//! knowledge base (front matter, alerts, anchors, cross-links, FAQ YAML, TOC.yml).
//!
//!     cargo run --release --example gen-corpus -- \
//!         --pages 10000 --locales en-US,pt-BR,zh-CN --out DIR [--seed 42] [--force]
//!
//! `--pages` is the TOTAL number of pages (articles + faq.yml + index.md) over all locales.
//! Every locale has the same file set (page identity = path); the structure of a page
//! (sections, links, anchors, code blocks) is the same in every locale, only the prose differs.
//! The output is a pure function of (pages, locales, seed): same bytes on every run and machine.
//!
//! Files: `main.rs` (arguments, layout, RNG, writing), `vocab.rs` (word lists, prose tables,
//! code templates), `content.rs` (article, FAQ, TOC and index builders).
//!
//! Randomness: `rand_chacha::ChaCha8Rng` (portable, value-stable), one stream per
//! (seed, stream id, page[, locale]), seeded with `seed_from_u64` of a mix of those numbers, so
//! the output does not depend on thread scheduling. Integers are drawn as `u64` (never `usize`),
//! so 32- and 64-bit machines agree.

mod content;
mod vocab;

use content::{article, faq, index, toc};
use rand::{Rng as _, RngCore as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use vocab::{lang_of, Lang, ACTIONS, AREAS, CONTEXTS, OBJECTS};

// ---------------------------------------------------------------------------------------------
// RNG

struct Rng(ChaCha8Rng);

impl Rng {
    /// An independent stream for `(seed, parts...)`.
    fn new(seed: u64, parts: &[u64]) -> Rng {
        let mut s = seed ^ 0x6a09_e667_f3bc_c908;
        for &p in parts {
            s = mix(s ^ p.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        }
        Rng(ChaCha8Rng::seed_from_u64(s))
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        self.0.gen_range(0..n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        self.0.gen_range(lo as u64..=hi as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.0.gen_bool(p)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

/// SplitMix64's finalizer: folds the stream ids into one well-spread ChaCha seed.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// Stream ids.
const S_STRUCT: u64 = 1;
const S_LINKS: u64 = 2;
const S_TEXT: u64 = 3;
const S_FAQ: u64 = 4;
const S_FAQ_TEXT: u64 = 5;
const S_INDEX: u64 = 6;

// ---------------------------------------------------------------------------------------------
// Corpus layout

struct Layout {
    seed: u64,
    /// folder index of each article
    folder_of: Vec<usize>,
    /// first article of each folder, plus a final sentinel
    folder_start: Vec<usize>,
}

impl Layout {
    fn folders(&self) -> usize {
        self.folder_start.len() - 1
    }
    fn articles_in(&self, f: usize) -> std::ops::Range<usize> {
        self.folder_start[f]..self.folder_start[f + 1]
    }
    fn rel_path(&self, a: usize) -> String {
        format!("area-{:03}/topic-{:04}.md", self.folder_of[a] + 1, a + 1)
    }
    /// Link from article/faq in folder `from` to article `to`.
    fn href(&self, from_folder: usize, to: usize) -> String {
        if self.folder_of[to] == from_folder {
            format!("topic-{:04}.md", to + 1)
        } else {
            format!("../{}", self.rel_path(to))
        }
    }
    /// The stream of article `a`'s identity: its section count first, then its title.
    fn ident(&self, a: usize) -> (usize, Rng) {
        let mut r = Rng::new(self.seed, &[S_STRUCT, a as u64]);
        (r.range(4, 6), r)
    }
    fn sections_of(&self, a: usize) -> usize {
        self.ident(a).0
    }
    fn title(&self, a: usize, l: Lang) -> String {
        let (_, mut r) = self.ident(a);
        let act = r.pick(ACTIONS)[l as usize];
        let obj = r.pick(OBJECTS)[l as usize];
        let ctx = r.pick(CONTEXTS)[l as usize];
        let t = act.replace("{}", obj);
        ctx.replace("{}", &t)
    }
    fn area_name(&self, f: usize, l: Lang) -> String {
        format!("{} {}", AREAS[f % AREAS.len()][l as usize], f + 1)
    }
}

struct Locale {
    code: String,
    dir: String,
    lang: Lang,
    idx: u64,
}

const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

fn locale_name(code: &str) -> String {
    match code.to_ascii_lowercase().as_str() {
        "en-us" => "English (United States)",
        "en-gb" => "English (United Kingdom)",
        "pt-br" => "Português (Brasil)",
        "pt-pt" => "Português (Portugal)",
        "zh-cn" => "中文 (简体)",
        "zh-tw" => "中文 (繁體)",
        "es-es" => "Español (España)",
        "fr-fr" => "Français (France)",
        "de-de" => "Deutsch (Deutschland)",
        "ja-jp" => "日本語 (日本)",
        _ => return code.to_string(),
    }
    .to_string()
}

// ---------------------------------------------------------------------------------------------

fn die(msg: &str) -> ! {
    eprintln!("gen-corpus: {msg}");
    eprintln!(
        "usage: gen-corpus --pages N --locales en-US,pt-BR,zh-CN --out DIR [--seed 42] [--force]"
    );
    std::process::exit(2);
}

fn write(path: &Path, data: &[u8]) -> u64 {
    std::fs::write(path, data)
        .unwrap_or_else(|e| die(&format!("cannot write {}: {e}", path.display())));
    data.len() as u64
}

fn main() {
    let t0 = Instant::now();
    let (mut pages, mut locales, mut out, mut seed, mut force) =
        (0usize, String::from("en-US"), None, 42u64, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| {
            args.next()
                .unwrap_or_else(|| die(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--pages" => {
                pages = val("--pages")
                    .parse()
                    .unwrap_or_else(|_| die("--pages: not a number"))
            }
            "--locales" => locales = val("--locales"),
            "--out" => out = Some(PathBuf::from(val("--out"))),
            "--seed" => {
                seed = val("--seed")
                    .parse()
                    .unwrap_or_else(|_| die("--seed: not a number"))
            }
            "--force" => force = true,
            "-h" | "--help" => die("help"),
            _ => die(&format!("unknown argument {a}")),
        }
    }
    let out = out.unwrap_or_else(|| die("--out is required"));
    let locs: Vec<Locale> = locales
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .enumerate()
        .map(|(i, c)| Locale {
            code: c.to_string(),
            dir: c.to_ascii_lowercase(),
            lang: lang_of(c),
            idx: i as u64,
        })
        .collect();
    if locs.is_empty() {
        die("--locales is empty");
    }
    let per_locale = pages / locs.len();
    if per_locale < 3 {
        die("--pages must be at least 3 per locale");
    }
    // Per locale: 1 index.md + F faq.yml + A articles, ~20 articles per folder.
    let rest = per_locale - 1;
    let nfolders = rest.div_ceil(21);
    let narticles = rest - nfolders;
    let folder_start: Vec<usize> = (0..=nfolders).map(|f| narticles * f / nfolders).collect();
    let mut folder_of = vec![0; narticles];
    for f in 0..nfolders {
        for slot in &mut folder_of[folder_start[f]..folder_start[f + 1]] {
            *slot = f;
        }
    }
    let lay = Layout {
        seed,
        folder_of,
        folder_start,
    };

    // Write only into an empty or new directory, or over our own earlier output (then
    // `content/` is replaced); `--force` allows any directory (`content/` is still replaced).
    let stamp = out.join(".gen-corpus");
    let content = out.join("content");
    let non_empty = std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some());
    if non_empty && !stamp.exists() && !force {
        die(&format!(
            "{} is not empty and was not made by gen-corpus (use --force, which replaces its content/)",
            out.display()
        ));
    }
    if content.exists() {
        std::fs::remove_dir_all(&content)
            .unwrap_or_else(|e| die(&format!("cannot remove {}: {e}", content.display())));
    }
    let _ = std::fs::remove_file(&stamp);
    std::fs::create_dir_all(&out)
        .unwrap_or_else(|e| die(&format!("cannot create {}: {e}", out.display())));

    let mut bytes = 0u64;
    let mut toml = String::new();
    let _ = writeln!(toml, "title = \"Bench Help Center\"\nbase_url = \"https://bench.example.com\"\ndefault_locale = \"{}\"", locs[0].code);
    for loc in &locs {
        let _ = writeln!(
            toml,
            "\n[[locales]]\ncode = \"{}\"\nname = \"{}\"\ndir = \"content/{}\"\nprefix = \"{}\"",
            loc.code,
            locale_name(&loc.code),
            loc.dir,
            loc.dir
        );
    }
    bytes += write(&out.join("ajuda.toml"), toml.as_bytes());

    for loc in &locs {
        let root = content.join(&loc.dir);
        let docs = root.join("docs");
        let media = root.join("media");
        std::fs::create_dir_all(&media).unwrap();
        for f in 0..nfolders {
            std::fs::create_dir_all(docs.join(format!("area-{:03}", f + 1))).unwrap();
        }
        for k in 1..=5 {
            bytes += write(&media.join(format!("diagram-{k}.png")), PNG_1X1);
        }
        bytes += write(&docs.join("TOC.yml"), toc(&lay, loc).as_bytes());
        bytes += write(&docs.join("index.md"), index(&lay, loc).as_bytes());
        bytes += (0..nfolders)
            .into_par_iter()
            .map(|f| {
                write(
                    &docs.join(format!("area-{:03}/faq.yml", f + 1)),
                    faq(&lay, f, loc).as_bytes(),
                )
            })
            .sum::<u64>();
        bytes += (0..narticles)
            .into_par_iter()
            .map(|a| {
                write(
                    &docs.join(lay.rel_path(a)),
                    article(&lay, a, loc).as_bytes(),
                )
            })
            .sum::<u64>();
    }
    let total_pages = per_locale * locs.len();
    let secs = t0.elapsed().as_secs_f64();
    write(
        &stamp,
        format!(
            "requested={pages} locales={} seed={seed} pages={total_pages} bytes={bytes}\n",
            locs.iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>()
                .join(",")
        )
        .as_bytes(),
    );
    println!(
        "gen-corpus: {total_pages} pages ({} locales x ({narticles} articles + {nfolders} faq + 1 index)), {:.1} MB, {secs:.2} s -> {}",
        locs.len(),
        bytes as f64 / 1e6,
        out.display()
    );
}
