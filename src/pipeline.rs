//! The build, top to bottom: load → parse → assemble → resolve → render (Markdown and
//! templates, streamed to the sink page by page) → check anchors → write the rest → swap.
//!
//! Each stage is a function of the previous stages' values. Pages are rendered and written in
//! one parallel pass so that no stage holds every page's HTML in memory; anchors are checked
//! afterwards from the ids each page reported.

use crate::assemble::assemble;
use crate::check::check_anchors;
use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::markdown::highlight::Highlighter;
use crate::markdown::prepass::FragmentSource;
use crate::markdown::Env;
use crate::model::{Fragments, PageId, Site};
use crate::nav::Navigation;
use crate::output::{DirSink, NullSink, Sink, Staging};
use crate::resolve::{AnchorCheck, LinkIndex};
use crate::template::{self, LocaleCtx, Shared, SiteCtx, Templates};
use crate::theme::{self, UiStrings};
use crate::{extras, load, parse, render};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct Options<'a> {
    pub output: PathBuf,
    /// `false` for `ajuda check`: everything but writing.
    pub write: bool,
    /// Called after each page is rendered.
    pub progress: Option<&'a (dyn Fn() + Sync)>,
    /// Called once the number of pages is known.
    pub on_pages: Option<&'a (dyn Fn(u64) + Sync)>,
    /// Folder for what builds can reuse (highlighted code); `None` to keep nothing.
    pub cache_dir: Option<PathBuf>,
    /// Check `http(s)` links over the network (`ajuda check --external`).
    pub external: Option<crate::external::ExternalOptions>,
    /// Stamped into every page (`<meta name="ajuda-build">`), e.g. a commit id.
    pub build_id: Option<String>,
    /// Called when another build holds the output folder's lock, before waiting for it.
    pub on_wait: Option<&'a (dyn Fn() + Sync)>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// (locale code, pages) per locale.
    pub pages: Vec<(String, usize)>,
    pub timings: Vec<Lap>,
    pub written: bool,
}

impl Report {
    fn fatal(diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            diagnostics,
            ..Default::default()
        }
    }

    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    pub fn total_pages(&self) -> usize {
        self.pages.iter().map(|(_, n)| n).sum()
    }
}

struct Timer {
    last: Instant,
    laps: Vec<Lap>,
}

/// One stage of a build: its name, its time, and the process's peak memory when it ended (KiB;
/// 0 where the OS does not tell).
#[derive(Debug, Clone, Copy)]
pub struct Lap {
    pub stage: &'static str,
    pub time: Duration,
    pub peak_kib: u64,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push(Lap {
            stage,
            time: now - self.last,
            peak_kib: peak_memory_kib(),
        });
        self.last = now;
    }
}

/// Peak resident memory of this process so far (`VmHWM` on Linux).
fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Includes and code samples of a locale, and its pages' bodies (an article can be included).
pub struct LocaleFragments<'a> {
    site: &'a Site,
    locale: usize,
    fragments: &'a Fragments,
    docsets: &'a [crate::docfx::Docset],
    /// Lowercased path → (path, text), fragments first, then article bodies.
    by_lower: HashMap<String, (&'a str, &'a str)>,
}

impl<'a> LocaleFragments<'a> {
    fn new(site: &'a Site, locale: usize) -> LocaleFragments<'a> {
        let fragments = &site.fragments[locale];
        let mut by_lower = HashMap::new();
        for (_, p) in site.pages_of(locale) {
            if let crate::model::Body::Markdown(md) = &p.body {
                by_lower.insert(p.source.to_lowercase(), (p.source.as_str(), md.body()));
            }
        }
        for (k, v) in &fragments.files {
            by_lower.insert(k.to_lowercase(), (k.as_str(), v.as_str()));
        }
        LocaleFragments {
            site,
            locale,
            fragments,
            docsets: &site.docsets[locale],
            by_lower,
        }
    }
}

impl FragmentSource for LocaleFragments<'_> {
    fn fragment(&self, rel: &str) -> Option<(&str, &str)> {
        if let Some((k, v)) = self.fragments.files.get_key_value(rel) {
            return Some((k, v));
        }
        self.by_lower.get(&rel.to_lowercase()).copied()
    }

    fn fragment_names(&self) -> Vec<&str> {
        self.fragments.files.keys().map(String::as_str).collect()
    }

    fn docset_root(&self, rel: &str) -> &str {
        crate::docfx::root_of(self.docsets, rel)
    }

    fn unfetched(&self, rel: &str) -> bool {
        self.site.is_unfetched(self.locale, rel)
    }
}

struct PageResult {
    anchors: crate::check::Anchors,
    checks: Vec<AnchorCheck>,
    diagnostics: Vec<Diagnostic>,
}

pub fn build(config: &Config, opts: &Options) -> Report {
    let mut t = Timer {
        last: Instant::now(),
        laps: Vec::new(),
    };
    // The output's lock first: a second build into the same folder waits here, before reading
    // anything, so it builds what is there once the first one is done.
    let staging = if opts.write {
        match Staging::new(&opts.output, opts.on_wait.unwrap_or(&|| {})) {
            Ok(s) => Some(s),
            Err(e) => {
                return Report::fatal(vec![Diagnostic::new(
                    Kind::Output,
                    opts.output.display().to_string(),
                    format!("cannot prepare the output folder: {e}"),
                )])
            }
        }
    } else {
        None
    };
    let theme = match theme::load(config) {
        Ok(t) => t,
        Err(d) => return Report::fatal(d),
    };
    let templates = match Templates::compile(&theme) {
        Ok(t) => t,
        Err(d) => return Report::fatal(d),
    };
    t.lap("theme");

    let sources = load::load(config, &opts.output);
    let mut diags = sources.diagnostics;
    t.lap("load");

    let codes: Vec<String> = config.locales.iter().map(|l| l.code.clone()).collect();
    let parsed: Vec<parse::ParsedLocale> = sources
        .locales
        .into_iter()
        .enumerate()
        .map(|(i, src)| {
            let (p, d) = parse::parse_locale(i, src);
            diags.extend(d.into_iter().map(|d| d.locale(codes[i].clone())));
            p
        })
        .collect();
    t.lap("parse");

    let (site, d) = assemble(config, parsed);
    diags.extend(d);
    t.lap("assemble");

    let index = LinkIndex::new(&site, config).collecting_external(opts.external.is_some());
    let navigation = Navigation::build(&site);
    let mut ui: Vec<UiStrings> = Vec::new();
    for l in &site.locales {
        let (strings, d) = theme::ui_strings(&theme, &l.code);
        diags.extend(d);
        ui.push(strings);
    }
    let fragments: Vec<LocaleFragments> = (0..site.locales.len())
        .map(|i| LocaleFragments::new(&site, i))
        .collect();
    let highlighter = Highlighter::new();
    // The cache holds HTML that is written into pages as it is: where contributions are not
    // trusted (raw HTML escaped), a cache file they could commit is not read.
    let cache_file = opts
        .cache_dir
        .as_ref()
        .filter(|_| config.raw_html == crate::config::RawHtml::Trust)
        .map(|d| d.join("highlight.bin"));
    if let Some(f) = &cache_file {
        highlighter.load_cache(f);
    }
    t.lap("resolve");

    let dir_sink = staging.as_ref().map(Staging::sink);
    let sink: &dyn Sink = match &dir_sink {
        Some(s) => s,
        None => &NullSink,
    };
    let generator = format!("ajuda {}", env!("CARGO_PKG_VERSION"));
    let shared = Shared::new(
        SiteCtx {
            title: &config.title,
            base_url: &config.base_url,
            root: &config.root_path,
            generator,
            build_id: opts.build_id.as_deref(),
        },
        site.locales.iter().map(LocaleCtx::of).collect(),
        ui,
        |code, help_center| config.site_title(code, help_center),
    );
    if let Some(f) = opts.on_pages {
        f(site.pages.len() as u64);
    }

    let results: Vec<PageResult> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let env = Env {
                locale: page.locale,
                resolver: &index,
                fragments: &fragments[page.locale],
                highlighter: &highlighter,
                ui: &shared.ui[page.locale],
                escape_html: config.raw_html == crate::config::RawHtml::Escape,
            };
            let parts = render::render_page(page, &env);
            let ctx = template::page_ctx(
                &site,
                &navigation,
                config.permalink(&page.url),
                page,
                id,
                &parts,
                &shared.ui[page.locale],
            );
            let mut page_diags = parts.diagnostics.clone();
            let write_page_nav =
                |out: &mut String| write_nav(&site, &config.root_path, &navigation, id, out);
            let html = templates.render_page(
                template::template_for(page.kind),
                &shared,
                page.locale,
                &ctx,
                page.toc
                    .is_some()
                    .then_some(&write_page_nav as &dyn Fn(&mut String)),
            );
            match html {
                Ok(h) => {
                    if let Err(mut d) = sink.write(&page.output, h.as_bytes()) {
                        d.file = page.source.clone();
                        page_diags.push(d);
                    }
                }
                Err(mut d) => {
                    d.message = format!("{} (rendering {})", d.message, page.source);
                    page_diags.push(d);
                }
            }
            if let Some(p) = opts.progress {
                p();
            }
            let code = &site.locales[page.locale].code;
            PageResult {
                anchors: parts.anchors.into(),
                checks: parts.checks,
                diagnostics: page_diags
                    .into_iter()
                    .map(|d| d.locale(code.clone()))
                    .collect(),
            }
        })
        .collect();
    t.lap("render");

    let mut anchors = Vec::with_capacity(results.len());
    // Sized up front: growing by doubling would hold two copies at the build's peak.
    let mut checks: Vec<(PageId, AnchorCheck)> =
        Vec::with_capacity(results.iter().map(|r| r.checks.len()).sum());
    for (id, r) in results.into_iter().enumerate() {
        anchors.push(r.anchors);
        checks.extend(r.checks.into_iter().map(|c| (id, c)));
        diags.extend(r.diagnostics);
    }
    diags.extend(check_anchors(&site, &anchors, &checks));
    if let Some(ext) = &opts.external {
        diags.extend(crate::external::check(&site, &checks, ext));
    }
    t.lap("check");

    if let Some(f) = &cache_file {
        // A cache that cannot be written (read-only source tree) only costs speed.
        let _ = highlighter.save_cache(f);
    }
    diags.extend(extras::write_extras(
        config,
        &site,
        &index,
        &navigation,
        &templates,
        &shared,
        &theme,
        sink,
    ));
    t.lap("write");

    let staged = staging.zip(dir_sink);
    finish(config, &site, diags, staged, t)
}

/// Applies the site's severities, sorts, and swaps the output in unless the build failed
/// in a way that leaves the site incomplete.
fn finish(
    config: &Config,
    site: &Site,
    mut diags: Vec<Diagnostic>,
    staging: Option<(Staging, DirSink)>,
    mut t: Timer,
) -> Report {
    for d in &mut diags {
        if let Some(&s) = config.severities.get(&d.kind) {
            d.severity = s;
        }
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let fatal = diags
        .iter()
        .any(|d| d.severity == Severity::Error && matches!(d.kind, Kind::Template | Kind::Output));
    let mut written = false;
    if let Some((s, sink)) = staging {
        if !fatal {
            match s.commit(sink) {
                Ok(()) => written = true,
                Err(e) => diags.push(Diagnostic::new(
                    Kind::Output,
                    "",
                    format!("cannot replace the output folder: {e}"),
                )),
            }
        }
    }
    t.lap("commit");
    let pages = site
        .locales
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.clone(), site.pages_of(i).count()))
        .collect();
    Report {
        diagnostics: diags,
        pages,
        timings: t.laps,
        written,
    }
}

fn write_nav(site: &Site, root_path: &str, navigation: &Navigation, id: PageId, out: &mut String) {
    let page = &site.pages[id];
    let Some(toc) = page.toc else { return };
    let (node, ancestors) = match page.nav {
        Some((t, n)) if t == toc => (Some(n), site.tocs[t].ancestors(n)),
        _ => (None, Vec::new()),
    };
    navigation.write_for(site, root_path, toc, node, &ancestors, out);
}
