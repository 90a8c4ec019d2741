//! The build, top to bottom: load → parse → assemble → resolve → render (Markdown and
//! templates, streamed to the sink page by page) → check anchors → write the rest → swap.
//!
//! Each stage is a function of the previous stages' values. Pages are rendered and written in
//! one parallel pass so that no stage holds every page's HTML in memory; anchors are checked
//! afterwards from the ids each page reported.

use crate::check::check_anchors;
use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::extras;
use crate::model::{PageId, Site};
use crate::output::{DirSink, NullSink, Sink, Staging};
use crate::resolve::AnchorCheck;
use crate::template::Templates;
use crate::theme;
use rayon::prelude::*;
use std::path::PathBuf;

pub(crate) mod site;
pub(crate) use crate::ctx::{BuildCtx, Overrides};
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
    /// Build the search index (when writing, and unless the config turns search off).
    pub search: bool,
    /// Replace the live site even by one with fewer than half its pages (`--allow-shrink`).
    pub allow_shrink: bool,
    /// Write into the output folder itself rather than swapping its twin in (`--in-place`).
    pub in_place: bool,
}

#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// (locale code, its own pages) per locale.
    pub pages: Vec<(String, usize)>,
    /// Pages published locales borrow from their fallback chains.
    pub fallback_pages: usize,
    /// Pages the search index holds, per locale as in `pages`; empty without search.
    pub searched: Vec<usize>,
    pub timings: Vec<Lap>,
    pub written: bool,
}

impl Options<'_> {
    /// What rendering pages needs of these options.
    pub(crate) fn render(&self, config: &Config) -> crate::ctx::RenderOptions<'_> {
        crate::ctx::RenderOptions {
            check_external: self.external.is_some(),
            build_id: self.build_id.as_deref(),
            search: self.search && self.write && config.search,
        }
    }
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

pub(crate) struct Timer {
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
    pub(crate) fn new() -> Timer {
        Timer {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
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

pub(crate) struct PageResult {
    pub(crate) anchors: crate::check::Anchors,
    pub(crate) checks: Vec<AnchorCheck>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) includes: Vec<(usize, String)>,
}

pub fn build(config: &Config, opts: &Options) -> Report {
    let mut t = Timer::new();
    // The output's lock first: a second build into the same folder waits here, before reading
    // anything, so it builds what is there once the first one is done.
    let staging = match lock_output(config, opts) {
        Ok(s) => s,
        Err(report) => return report,
    };
    let (theme, templates) = match theme_and_templates(config) {
        Ok(t) => t,
        Err(d) => return Report::fatal(d),
    };
    t.lap("theme");

    let (site, mut diags) = site::load(config, &opts.output, &mut t);

    let cache_file = highlight_cache(config, opts);
    let (ctx, d) = BuildCtx::new(config, &site, &theme, &templates, opts.render(config));
    diags.extend(d);
    if let Some(f) = &cache_file {
        ctx.highlighter.load_cache(f);
    }
    t.lap("resolve");

    let dir_sink = staging
        .as_ref()
        .map(|s| s.sink().with_budget(config.max_output_bytes));
    let sink: &dyn Sink = match &dir_sink {
        Some(s) => s,
        None => &NullSink,
    };
    if let Some(f) = opts.on_pages {
        f(site.pages.len() as u64);
    }
    let search = opts.search && opts.write && config.search;
    let (results, search_wait) = render_pages(&ctx, sink, opts, search, &mut diags);
    t.lap("render");
    if search {
        split_search_lap(&mut t, search_wait);
    }

    check_pages(&ctx, results, opts, &mut diags);
    t.lap("check");

    if let Some(f) = &cache_file {
        // A cache that cannot be written (read-only source tree) only costs speed.
        let _ = ctx.highlighter.save_cache(f);
    }
    for (_, generate) in extras::GENERATORS {
        diags.extend(generate(&ctx, sink));
    }
    t.lap("write");

    let staged = staging.zip(dir_sink);
    finish(config, &site, diags, staged, opts, t)
}

/// The staging area of the output folder, once its lock is held (`None` for `ajuda check`),
/// or the report of a build that cannot prepare it.
fn lock_output(config: &Config, opts: &Options) -> Result<Option<Staging>, Report> {
    if !opts.write {
        return Ok(None);
    }
    let keep = crate::output::Keep::new(&config.keep);
    match Staging::new(
        &opts.output,
        opts.on_wait.unwrap_or(&|| {}),
        &keep,
        opts.in_place,
    ) {
        Ok(s) => Ok(Some(s)),
        Err(e) => Err(Report::fatal(vec![Diagnostic::new(
            Kind::Output,
            opts.output.display().to_string(),
            format!("cannot prepare the output folder: {e}"),
        )])),
    }
}

/// The site's theme and its compiled templates.
fn theme_and_templates(config: &Config) -> Result<(theme::Theme, Templates), Vec<Diagnostic>> {
    let theme = theme::load(config)?;
    let templates = Templates::compile(&theme)?;
    Ok((theme, templates))
}

/// Renders and writes every page, locale by locale: each page's result, by id, and the time
/// the build waited for search indexes (their diagnostics go to `diags`).
///
/// Each published locale's search index is merged beside its pages, then built and written
/// on a thread of its own while the next locale renders. At most two locales' indexes are
/// held at once: the one being built and the one being merged.
fn render_pages(
    ctx: &BuildCtx,
    sink: &dyn Sink,
    opts: &Options,
    search: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<PageResult>, Duration) {
    let site = ctx.site;
    let mut results: Vec<Option<PageResult>> = (0..site.pages.len()).map(|_| None).collect();
    let indexer = search.then(crate::search::Indexer::start);
    // Indexes are built on a pool of their own: on the render pool their parallel parts
    // would wait behind the next locale's pages instead of running beside them.
    let index_pool = search
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads())
                .thread_name(|i| format!("ajuda-index-{i}"))
                .build()
                .ok()
        })
        .flatten();
    let mut waited = Duration::ZERO;
    std::thread::scope(|scope| {
        let mut index = IndexWriter::Idle(crate::search::Client::default());
        for (li, locale) in site.locales.iter().enumerate() {
            let indexer = indexer.as_ref().filter(|_| locale.publish);
            for (id, r) in render_locale(ctx, sink, opts, li, indexer) {
                results[id] = Some(r);
            }
            if let Some(indexer) = indexer {
                let start = Instant::now();
                let bundle = indexer.take();
                let client = index.join(diags);
                waited += start.elapsed();
                let dir = crate::search::bundle_dir(&locale.prefix);
                let pool = index_pool.as_ref();
                index = IndexWriter::Building(scope.spawn(move || {
                    let mut client = client;
                    let build_and_write = || crate::search::write(bundle, &mut client, sink, &dir);
                    let diags = match pool {
                        Some(pool) => pool.install(build_and_write),
                        None => build_and_write(),
                    };
                    (diags, client)
                }));
            }
        }
        let start = Instant::now();
        index.join(diags);
        waited += start.elapsed();
    });
    (results.into_iter().flatten().collect(), waited)
}

/// A locale's search index being built and written in the background, or nothing: either
/// way it ends with Pagefind's client files, loaded once, for the next.
enum IndexWriter<'s> {
    Idle(crate::search::Client),
    Building(std::thread::ScopedJoinHandle<'s, (Vec<Diagnostic>, crate::search::Client)>),
}

impl IndexWriter<'_> {
    /// Waits for the index being built, adding its diagnostics to `diags`.
    fn join(self, diags: &mut Vec<Diagnostic>) -> crate::search::Client {
        match self {
            IndexWriter::Idle(client) => client,
            IndexWriter::Building(handle) => match handle.join() {
                Ok((d, client)) => {
                    diags.extend(d);
                    client
                }
                Err(panic) => std::panic::resume_unwind(panic),
            },
        }
    }
}

/// Renders and writes locale `li`'s pages in parallel, sending the searchable ones to
/// `indexer` when there is one.
fn render_locale(
    ctx: &BuildCtx,
    sink: &dyn Sink,
    opts: &Options,
    li: usize,
    indexer: Option<&crate::search::Indexer>,
) -> Vec<(PageId, PageResult)> {
    let (config, site) = (ctx.config, ctx.site);
    let ids: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| site.pages[id].locale == li)
        .collect();
    let to_index = indexer.map(crate::search::Indexer::sender);
    ids.into_par_iter()
        .map_init(
            || {
                (
                    to_index.clone(),
                    crate::search::Reader::new(config.search_code),
                )
            },
            |(to_index, reader), id| {
                let index = to_index
                    .as_mut()
                    .filter(|_| crate::discovery::searchable(config, &site.pages[id]))
                    .map(|tx| (tx, reader));
                let r = render_one(ctx, sink, &Overrides::default(), id, index);
                if let Some(p) = opts.progress {
                    p();
                }
                (id, r)
            },
        )
        .collect()
}

/// Makes the time the build waited for search indexes, inside the render loop, its own
/// stage (`search`), not counted twice: the last lap (`render`) loses it. Indexing that
/// overlapped rendering is in `render`.
fn split_search_lap(t: &mut Timer, waited: Duration) {
    if let Some(render) = t.laps.last_mut() {
        render.time = render.time.saturating_sub(waited);
    }
    t.laps.push(Lap {
        stage: "search",
        time: waited,
        peak_kib: peak_memory_kib(),
    });
}

/// Collects the pages' diagnostics into `diags`, then what the site as a whole, its anchors
/// and (with `--external`) its external links have.
fn check_pages(
    ctx: &BuildCtx,
    results: Vec<PageResult>,
    opts: &Options,
    diags: &mut Vec<Diagnostic>,
) {
    let site = ctx.site;
    let mut anchors = Vec::with_capacity(results.len());
    // Sized up front: growing by doubling would hold two copies at the build's peak.
    let mut checks: Vec<(PageId, AnchorCheck)> =
        Vec::with_capacity(results.iter().map(|r| r.checks.len()).sum());
    for (id, r) in results.into_iter().enumerate() {
        anchors.push(r.anchors);
        checks.extend(r.checks.into_iter().map(|c| (id, c)));
        diags.extend(r.diagnostics);
    }
    diags.extend(ctx.site_diagnostics());
    diags.extend(check_anchors(site, &anchors, &checks));
    if let Some(ext) = &opts.external {
        diags.extend(crate::external::check(site, &checks, ext));
    }
}

/// The file of highlighted code kept between builds. The cache holds HTML that is written
/// into pages as it is: where contributions are not trusted (raw HTML escaped), a cache file
/// they could commit is not read.
pub(crate) fn highlight_cache(config: &Config, opts: &Options) -> Option<PathBuf> {
    opts.cache_dir
        .as_ref()
        .filter(|_| config.raw_html == crate::config::RawHtml::Trust)
        .map(|d| d.join("highlight.bin"))
}

/// Renders page `id`, writes it (when its locale is published) and hands it to the search
/// indexer when one is given.
pub(crate) fn render_one(
    ctx: &BuildCtx,
    sink: &dyn Sink,
    over: &Overrides,
    id: PageId,
    to_index: Option<(&mut crate::search::PageSender, &mut crate::search::Reader)>,
) -> PageResult {
    let site = ctx.site;
    let page = &site.pages[id];
    let r = ctx.render_with(id, over);
    let mut page_diags = r.diagnostics;
    match r.html {
        // A locale that is a source only is rendered (its problems are reported) but not
        // published.
        Ok(_) if !site.locales[page.locale].publish => {}
        Ok(h) => {
            if let Err(mut d) = sink.write(&page.output, h.as_bytes()) {
                d.file = page.source.clone();
                page_diags.push(d);
            }
            if let Some((tx, reader)) = to_index {
                let facets = crate::search::facets_of(ctx, id);
                if let Some(record) = reader.record(&page.url, &h, &facets) {
                    tx.send(record);
                }
            }
        }
        Err(d) => page_diags.push(d),
    }
    let code = &site.locales[page.locale].code;
    PageResult {
        includes: r.includes,
        anchors: r.anchors,
        checks: r.checks,
        diagnostics: page_diags
            .into_iter()
            .map(|d| d.locale(code.clone()))
            .collect(),
    }
}

/// Applies the site's severities (`[check]`) and sorts.
pub(crate) fn settle(config: &Config, diags: &mut [Diagnostic]) {
    for d in diags.iter_mut() {
        if let Some(&s) = config.severities.get(&d.kind) {
            d.severity = s;
        }
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// What replacing the live site with this build would lose: hand-added files that are not
/// carried over (warnings), and most of its pages (an `output` error unless `--allow-shrink`).
fn replacement_problems(
    site: &Site,
    staging: &Staging,
    sink: &DirSink,
    opts: &Options,
) -> Vec<Diagnostic> {
    let output = opts.output.display();
    let mut out: Vec<Diagnostic> = staging
        .dropped()
        .iter()
        .map(|rel| {
            Diagnostic::new(
                Kind::Output,
                rel.as_str(),
                format!("`{rel}` was added to {output} by hand and is not carried into the new site"),
            )
            .severity(Severity::Warning)
            .suggest(Some(
                "only CNAME, .well-known/ and what `[output] keep` lists are kept (HTML, scripts and SVG by exact path)".into(),
            ))
        })
        .collect();
    if site.pages.is_empty() || opts.allow_shrink {
        return out;
    }
    if let Some((live, now)) = staging.shrinks(sink) {
        out.push(
            Diagnostic::new(
                Kind::Output,
                output.to_string(),
                format!("this build has {now} pages where the live site has {live}; the live site was left as it is"),
            )
            .suggest(Some(
                "if the pages were removed on purpose, build again with --allow-shrink".into(),
            )),
        );
    }
    out
}

/// Whether the output is incomplete (see [`Diagnostic::is_fatal`]).
pub(crate) fn is_fatal(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_fatal)
}

/// Applies the site's severities, sorts, and swaps the output in unless the build failed
/// in a way that leaves the site incomplete.
fn finish(
    config: &Config,
    site: &Site,
    mut diags: Vec<Diagnostic>,
    staging: Option<(Staging, DirSink)>,
    opts: &Options,
    mut t: Timer,
) -> Report {
    if let Some((s, sink)) = &staging {
        diags.extend(replacement_problems(site, s, sink, opts));
    }
    settle(config, &mut diags);
    // A site without pages never replaces the live one (a failed checkout, an empty root).
    let fatal = is_fatal(&diags) || site.pages.is_empty();
    let mut written = false;
    if let Some((s, sink)) = staging {
        if !fatal {
            match s.commit(sink) {
                Ok(()) => written = true,
                Err(e) => diags.push(Diagnostic::new(
                    Kind::Output,
                    opts.output.display().to_string(),
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
    let fallback_pages = site.pages.iter().filter(|p| p.fallback.is_some()).count();
    let searched = if opts.render(config).search {
        crate::assemble::search_counts(config, site)
    } else {
        Vec::new()
    };
    Report {
        diagnostics: diags,
        pages,
        fallback_pages,
        searched,
        timings: t.laps,
        written,
    }
}
