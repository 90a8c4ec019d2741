//! Shared helpers for the integration tests: build a fixture site into a temporary folder and
//! read what came out.
#![allow(dead_code)]

pub mod browser;
pub mod serve;

use ajuda::config::{Config, Overrides};
use ajuda::diag::{Diagnostic, Kind, Severity};
use ajuda::pipeline::{self, Options, Report};
use std::path::{Path, PathBuf};

pub struct Built {
    pub report: Report,
    pub out: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Built {
    /// The text of an output file (`pt-br/docs/page/index.html`); panics with the list of
    /// files when it is not there.
    pub fn file(&self, rel: &str) -> String {
        let p = self.out.join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|_| {
            let files: Vec<String> = walkdir::WalkDir::new(&self.out)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    e.path()
                        .strip_prefix(&self.out)
                        .unwrap()
                        .display()
                        .to_string()
                })
                .collect();
            panic!("no output file {rel}; files: {files:#?}")
        })
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }

    pub fn diags(&self, kind: Kind) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.kind == kind)
            .collect()
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds `tests/fixtures/<name>` into a fresh temporary output folder.
pub fn build(name: &str) -> Built {
    build_root(&fixture(name))
}

pub fn build_root(root: &Path) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report = build_into(root, &out);
    Built {
        report,
        out,
        _tmp: tmp,
    }
}

/// Options of a plain build into `out`: no cache, no external checks, no progress.
pub fn options(out: &Path) -> Options<'static> {
    Options {
        output: out.to_path_buf(),
        write: true,
        progress: None,
        on_pages: None,
        cache_dir: None,
        external: None,
        build_id: None,
        on_wait: None,
        search: false,
        allow_shrink: false,
        in_place: false,
    }
}

/// Loads the config of `root` (which must be valid) and builds into `out`.
pub fn build_into(root: &Path, out: &Path) -> Report {
    let config = Config::load(root, None, &Overrides::default())
        .unwrap_or_else(|d| panic!("config of {} is invalid: {d:#?}", root.display()));
    pipeline::build(&config, &options(out))
}

/// Writes a site from (path, text) pairs into a temporary folder, for tests that are easier to
/// read with their input inline.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    tmp
}

/// [`site`] from generated (path, text) pairs.
pub fn site_of(files: &[(String, String)]) -> tempfile::TempDir {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    site(&refs)
}

/// The rendered body of a page built with the `content-only` test template (see
/// `tests/fixtures/*/templates/article.html`): everything between the markers.
pub fn body(html: &str) -> &str {
    let start = html
        .find("<!--body-->")
        .map(|i| i + "<!--body-->".len())
        .unwrap_or(0);
    let end = html.find("<!--/body-->").unwrap_or(html.len());
    html[start..end].trim()
}

/// A site whose TOC has `n` articles in groups of 20.
pub fn big_toc_site(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut toc = String::new();
    for g in 0..n.div_ceil(20) {
        toc.push_str(&format!("- name: Group {g}\n  items:\n"));
        for i in g * 20..((g + 1) * 20).min(n) {
            toc.push_str(&format!("    - name: Article {i}\n      href: a{i}.md\n"));
            std::fs::write(
                tmp.path().join(format!("a{i}.md")),
                format!("# Article {i}\n"),
            )
            .unwrap();
        }
    }
    std::fs::write(tmp.path().join("TOC.yml"), toc).unwrap();
    tmp
}

/// The body of page `name` (`kinds` → `en-us/kinds/index.html`).
pub fn page(b: &Built, name: &str) -> String {
    body(&b.file(&format!("en-us/{name}/index.html"))).to_string()
}

/// Builds a one-page site with `text` as the page body.
pub fn build_inline(text: &str) -> (tempfile::TempDir, Built) {
    let page = format!("---\ntitle: Evil\nms.contentlocale: en-US\n---\n# Evil\n\n{text}");
    let site = site(&[
        ("page.md", &page),
        ("s.cs", "a\nb\n"),
        ("a.png", "P"),
        (
            "templates/article.html",
            "<!--body-->{{ page.content | safe }}<!--/body-->",
        ),
    ]);
    let built = build_root(site.path());
    (site, built)
}

/// The related-articles block of an output page, `<nav class="related"` to `</nav>`.
pub fn related(b: &Built, rel: &str) -> String {
    let html = b.file(rel);
    let start = html
        .find("<nav class=\"related\"")
        .unwrap_or_else(|| panic!("no related articles in {rel}:\n{html}"));
    let end = start + html[start..].find("</nav>").expect("closed") + "</nav>".len();
    html[start..end].to_string()
}
