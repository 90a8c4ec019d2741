//! The builder of `serve`: loads the site, renders it into memory, then applies batches of
//! changed files as they come, re-rendering as little as each needs:
//! - a page's body or an include's text: the pages that show it ([`Incremental::apply`]);
//! - a theme stylesheet or script: that file;
//! - templates or UI strings: every page, from the site already loaded;
//! - anything else (config, TOC, front matter, new or deleted files): everything.

use super::incremental::{Edits, Incremental, Wider};
use super::{into_bytes, Overlay, Served, Shown, Status};
use crate::config::{Config, Overrides as ConfigOverrides};
use crate::diag::{Diagnostic, Kind, Severity};
use crate::model::{Page, PageId, Site};
use crate::output::MemorySink;
use crate::pipeline::{BuildCtx, Options};
use crate::template::Templates;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

/// What `serve` builds.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub root: PathBuf,
    pub config: Option<PathBuf>,
    pub overrides: ConfigOverrides,
    /// Folder a build would write to: never read as a source.
    pub output: Option<PathBuf>,
    pub build_id: Option<String>,
    /// Keep a search index, rebuilt in the background after edits.
    pub search: bool,
    /// Read highlighted code from `ROOT/.ajuda-cache` at start, as builds do.
    pub cache: bool,
}

/// Reports for the writer's terminal, a line at a time.
pub type Log<'a> = &'a (dyn Fn(&str) + Sync);

/// Pages rendered again per step while nothing else waits (about 0.1 s of work).
const STALE_STEP: usize = 1000;

/// Builds, then rebuilds after each batch of changes, until the channel closes. A rebuild
/// that panics (a bug) is reported in the terminal and the overlay; the next change starts
/// again from the sources, and the last good site stays served meanwhile.
pub fn run(args: &Args, served: &Arc<Served>, batches: &Receiver<Vec<PathBuf>>, log: Log) {
    // The search index is rebuilt on a thread of its own once edits settle.
    let indexer: Option<Sender<super::index::Job>> = args.search.then(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        let served = served.clone();
        std::thread::spawn(move || super::index::run(served, rx));
        tx
    });
    let mut pending: Vec<PathBuf> = Vec::new();
    loop {
        let run = std::panic::AssertUnwindSafe(|| {
            run_until_panic(args, served, batches, log, indexer.as_ref(), &mut pending)
        });
        if std::panic::catch_unwind(run).is_ok() {
            return;
        }
        let d = Diagnostic::new(
            Kind::Output,
            "",
            "ajuda serve hit an internal error (a bug: please report it with the message above); the last good site is still served, and the next change rebuilds everything",
        );
        failed(
            served,
            &[d],
            &mut Printed::default(),
            "rebuild",
            Instant::now(),
            log,
        );
        if next_batch(batches, &mut pending).is_none() {
            return;
        }
    }
}

fn run_until_panic(
    args: &Args,
    served: &Arc<Served>,
    batches: &Receiver<Vec<PathBuf>>,
    log: Log,
    indexer: Option<&Sender<super::index::Job>>,
    pending: &mut Vec<PathBuf>,
) {
    let mut printed = Printed::default();
    let mut cause = "start";
    // Highlighted code is kept from one render of the site to the next.
    let mut highlighter = None;
    'full: loop {
        let start = Instant::now();
        let config = match Config::load(&args.root, args.config.as_deref(), &args.overrides) {
            Ok(c) => c,
            Err(d) => {
                failed(served, &d, &mut printed, cause, start, log);
                let Some(b) = next_batch(batches, pending) else {
                    return;
                };
                cause = classify(&b);
                continue 'full;
            }
        };
        let output = args
            .output
            .clone()
            .unwrap_or_else(|| config.root.join("public"));
        let opts = Options {
            output,
            write: true,
            progress: None,
            on_pages: None,
            cache_dir: None,
            external: None,
            build_id: args.build_id.clone(),
            on_wait: None,
            search: args.search,
        };
        served.set_root_path(&config.root_path);
        let (mut site, parsing, load_diags) = crate::pipeline::site::load_parts(
            &config,
            &opts.output,
            &mut crate::pipeline::Timer::new(),
        );
        // What was rendered with the previous templates or site, carried into the next.
        let mut carried: Option<Incremental> = None;
        let mut models: Vec<(PageId, Page)> = Vec::new();
        'render: loop {
            let start = Instant::now();
            let mut first_models = Vec::new();
            for (id, page) in models.drain(..) {
                first_models.extend(replace_page(&mut site, id, page));
            }
            let (theme, templates) = match theme_and_templates(&config) {
                Ok(t) => t,
                Err(d) => {
                    failed(served, &d, &mut printed, cause, start, log);
                    let Some(b) = next_batch(batches, pending) else {
                        return;
                    };
                    cause = classify(&b);
                    continue 'full;
                }
            };
            let (mut ctx, d) = BuildCtx::new(&config, &site, &theme, &templates, &opts);
            match highlighter.take() {
                Some(h) => ctx.highlighter = h,
                None => {
                    // As `build` does: the cache holds HTML, so it is read only where
                    // contributions are trusted.
                    let dir = config.root.join(".ajuda-cache");
                    if args.cache
                        && config.raw_html == crate::config::RawHtml::Trust
                        && crate::fsx::usable_cache_dir(&dir)
                    {
                        ctx.highlighter.load_cache(&dir.join("highlight.bin"));
                    }
                }
            }
            let mut base = load_diags.clone();
            base.extend(d);
            let pages = PageIndex::new(&ctx);
            let job = (config.search).then(|| search_job(&ctx));
            let reindex = || {
                if let (Some(tx), Some(job)) = (indexer, &job) {
                    let mut job = job.clone();
                    job.seq = served.index_requested();
                    let _ = tx.send(job);
                }
            };
            let mut inc = match carried.take() {
                None => {
                    let sink = MemorySink::default();
                    let inc = Incremental::render_all(
                        &ctx,
                        parsing.clone(),
                        base,
                        Edits::default(),
                        &sink,
                    );
                    let diags = inc.diagnostics(&ctx);
                    let files = sink.files.into_inner().unwrap_or_default();
                    let status = Status {
                        rebuild: "full",
                        rendered: site.pages.len(),
                        millis: ms(start),
                        ..Default::default()
                    };
                    served.set_overlay(pages.overlay(&diags, &config));
                    if crate::pipeline::is_fatal(&diags) && served.generation() > 0 {
                        // A template that fails on some page: the last good site stays, under
                        // the overlay.
                        served.publish(
                            Status {
                                rebuild: "failed",
                                ..status
                            },
                            "diagnostics",
                            false,
                            None,
                        );
                    } else {
                        served.replace_files(into_bytes(files));
                        reindex();
                        served.publish(status, "reload", false, None);
                    }
                    log(&format!(
                        "{cause}: rendered {} in {:.0} ms",
                        plural(site.pages.len(), "page"),
                        ms(start)
                    ));
                    printed.report(&diags, log);
                    inc
                }
                Some(mut inc) => {
                    // The pages open in browsers and those the edit changed first; the rest
                    // while no other edit waits.
                    inc.rebase(base);
                    let mut first = inc.take_first();
                    first.extend(first_models.iter().copied());
                    first.extend(served.open_pages().iter().flat_map(|u| pages.ids(u)));
                    first.sort_unstable();
                    first.dedup();
                    let files = inc.render_now(&ctx, &first);
                    let urls = urls_of(&site, &first);
                    served.update_files(into_bytes(files));
                    let diags = inc.diagnostics(&ctx);
                    served.set_overlay(pages.overlay(&diags, &config));
                    if inc.take_completed() {
                        printed.report(&diags, log);
                        reindex();
                    }
                    let status = Status {
                        rebuild: "render",
                        rendered: first.len(),
                        millis: ms(start),
                        pending: inc.stale(),
                        ..Default::default()
                    };
                    served.publish(status, "reload", false, Some(urls));
                    log(&format!(
                        "{cause}: rendered {} first in {:.0} ms, {} to go",
                        plural(first.len(), "page"),
                        ms(start),
                        inc.stale()
                    ));
                    inc
                }
            };
            loop {
                let batch = if inc.stale() > 0 {
                    match try_batch(batches, pending) {
                        Some(b) => b,
                        None => {
                            let start = Instant::now();
                            let (ids, files) = inc.render_stale(&ctx, STALE_STEP);
                            let changed = changed_pages(served, &site, &ids, &files);
                            served.update_files(into_bytes(files));
                            if inc.take_completed() {
                                let diags = inc.diagnostics(&ctx);
                                served.set_overlay(pages.overlay(&diags, &config));
                                printed.report(&diags, log);
                                reindex();
                            }
                            let status = Status {
                                rebuild: "render",
                                rendered: ids.len(),
                                millis: ms(start),
                                pending: inc.stale(),
                                ..Default::default()
                            };
                            served.publish(status, "reload", false, Some(changed));
                            continue;
                        }
                    }
                } else {
                    match next_batch(batches, pending) {
                        Some(b) => b,
                        None => return,
                    }
                };
                let start = Instant::now();
                match inc.apply(&ctx, &batch) {
                    Ok(a) => {
                        let diags = inc.diagnostics(&ctx);
                        let urls = urls_of(&site, &a.pages);
                        let kind = if a.files.is_empty() {
                            "diagnostics"
                        } else {
                            "reload"
                        };
                        served.update_files(into_bytes(a.files));
                        served.set_overlay(pages.overlay(&diags, &config));
                        let status = Status {
                            rebuild: if a.pages.is_empty() {
                                "diagnostics"
                            } else {
                                "pages"
                            },
                            rendered: a.pages.len(),
                            millis: ms(start),
                            pending: inc.stale(),
                            ..Default::default()
                        };
                        let completed = inc.take_completed();
                        if completed || (!a.pages.is_empty() && inc.stale() == 0) {
                            reindex();
                        }
                        let pages_changed = (!a.css_only).then_some(urls);
                        served.publish(status, kind, a.css_only, pages_changed);
                        log(&format!(
                            "{} ({}): rendered {} in {:.1} ms",
                            a.what,
                            names(&batch),
                            plural(a.pages.len(), "page"),
                            ms(start)
                        ));
                        // While pages wait to render again, what they report is not known yet.
                        if inc.stale() == 0 {
                            printed.report(&diags, log);
                        }
                    }
                    Err(Wider::Render(why)) => {
                        cause = why;
                        carried = Some(inc);
                        highlighter = Some(ctx.into_highlighter());
                        continue 'render;
                    }
                    Err(Wider::Model(changed)) => {
                        cause = "title or front matter";
                        models = changed;
                        carried = Some(inc);
                        highlighter = Some(ctx.into_highlighter());
                        continue 'render;
                    }
                    Err(Wider::Full(why)) => {
                        cause = why;
                        highlighter = Some(ctx.into_highlighter());
                        continue 'full;
                    }
                }
            }
        }
    }
}

/// Puts a page's new version (new title or front matter) into the site, and into the pages
/// other locales borrow from it: those pages.
fn replace_page(site: &mut Site, id: PageId, page: Page) -> Vec<PageId> {
    let mut changed = vec![id];
    for (f, p) in site.pages.iter_mut().enumerate() {
        if p.fallback == Some(id) {
            p.title = page.title.clone();
            p.front = page.front.clone();
            changed.push(f);
        }
    }
    site.pages[id] = page;
    changed
}

fn urls_of(site: &Site, ids: &[PageId]) -> Vec<String> {
    ids.iter().map(|&id| site.pages[id].url.clone()).collect()
}

/// URLs of the pages among `ids` whose output differs from what is served.
fn changed_pages(
    served: &Served,
    site: &Site,
    ids: &[PageId],
    files: &[(String, Vec<u8>)],
) -> Vec<String> {
    let new: HashMap<&str, &[u8]> = files
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    ids.iter()
        .map(|&id| &site.pages[id])
        .filter(|p| {
            new.get(p.output.as_str())
                .is_some_and(|b| served.file(&p.output).as_deref() != Some(*b))
        })
        .map(|p| p.url.clone())
        .collect()
}

/// The searchable pages of every published locale, as the build indexes them.
fn search_job(ctx: &BuildCtx) -> super::index::Job {
    let site = ctx.site;
    let locales = site
        .locales
        .iter()
        .enumerate()
        .filter(|(_, l)| l.publish)
        .map(|(li, l)| super::index::LocaleJob {
            dir: crate::search::bundle_dir(&l.prefix),
            pages: site
                .pages
                .iter()
                .filter(|p| p.locale == li && crate::pipeline::searchable(p))
                .map(|p| (p.url.clone(), p.output.clone()))
                .collect(),
        })
        .collect();
    super::index::Job {
        locales,
        index_code: ctx.config.search_code,
        seq: 0,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The changed files' names, for the terminal: a few, then how many more.
fn names(paths: &[PathBuf]) -> String {
    let mut v: Vec<String> = paths
        .iter()
        .take(3)
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if paths.len() > 3 {
        v.push(format!("{} more", paths.len() - 3));
    }
    v.join(", ")
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn theme_and_templates(
    config: &Config,
) -> Result<(crate::theme::Theme, Templates), Vec<Diagnostic>> {
    let theme = crate::theme::load(config)?;
    let templates = Templates::compile(&theme)?;
    Ok((theme, templates))
}

/// The config or the templates cannot be used: the last good site stays, under the overlay.
fn failed(
    served: &Served,
    diags: &[Diagnostic],
    printed: &mut Printed,
    cause: &str,
    start: Instant,
    log: Log,
) {
    served.set_overlay(Overlay {
        pages: HashMap::new(),
        global: diags.iter().map(|d| Shown::of(d, "")).collect(),
    });
    let status = Status {
        rebuild: "failed",
        millis: ms(start),
        ..Default::default()
    };
    served.publish(status, "diagnostics", false, None);
    log(&format!(
        "{cause}: not rebuilt, the last good site is still served"
    ));
    printed.report(diags, log);
}

/// The changes waiting, if any, without waiting.
fn try_batch(batches: &Receiver<Vec<PathBuf>>, pending: &mut Vec<PathBuf>) -> Option<Vec<PathBuf>> {
    if pending.is_empty() {
        match batches.try_recv() {
            Ok(b) => *pending = b,
            Err(_) => return None,
        }
    }
    next_batch(batches, pending)
}

/// Waits for changes: the first batch, and any that arrived meanwhile. `None`: the watcher
/// has stopped.
fn next_batch(
    batches: &Receiver<Vec<PathBuf>>,
    pending: &mut Vec<PathBuf>,
) -> Option<Vec<PathBuf>> {
    let mut out = std::mem::take(pending);
    if out.is_empty() {
        out = batches.recv().ok()?;
    }
    while let Ok(more) = batches.try_recv() {
        out.extend(more);
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// A word for what changed, before the site is loaded (for the terminal).
fn classify(paths: &[PathBuf]) -> &'static str {
    let named = |p: &PathBuf, n: &str| p.file_name().is_some_and(|f| f == n);
    if paths.iter().any(|p| named(p, crate::config::CONFIG_FILE)) {
        "config"
    } else {
        "change"
    }
}

/// Pages by URL (percent-decoded, as the overlay and open pages name them).
struct PageIndex {
    /// (locale code, source) → URLs of the pages made from it.
    by_source: HashMap<(String, String), Vec<String>>,
    by_url: HashMap<String, PageId>,
}

/// A URL percent-decoded (`/pt-br/configura%C3%A7%C3%A3o/` → `/pt-br/configuração/`).
pub(crate) fn decoded(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned()
}

impl PageIndex {
    fn new(ctx: &BuildCtx) -> PageIndex {
        let site = ctx.site;
        let mut by_source: HashMap<(String, String), Vec<String>> = HashMap::new();
        for p in site.pages.iter().filter(|p| p.fallback.is_none()) {
            let code = site.locales[p.locale].code.clone();
            by_source
                .entry((code, p.source.clone()))
                .or_default()
                .push(decoded(&p.url));
        }
        let by_url = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (decoded(&p.url), id))
            .collect();
        PageIndex { by_source, by_url }
    }

    /// The page at `url` (as a browser's address bar has it), if any.
    fn ids(&self, url: &str) -> Option<PageId> {
        let url = url.strip_suffix("index.html").unwrap_or(url);
        self.by_url.get(url).copied()
    }

    fn overlay(&self, diags: &[Diagnostic], config: &Config) -> Overlay {
        let mut o = Overlay::default();
        let dir_of = |code: &str| {
            config
                .locales
                .iter()
                .find(|l| l.code == code)
                .map(|l| crate::load::rel_path(&config.root, &l.dir))
                .unwrap_or_default()
        };
        let mut dirs: HashMap<String, String> = HashMap::new();
        for d in diags {
            if matches!(d.kind, Kind::Config | Kind::Template) || d.file.is_empty() {
                if d.severity >= Severity::Warning {
                    o.global.push(Shown::of(d, ""));
                }
                continue;
            }
            let Some(code) = d.locale.as_deref() else {
                continue;
            };
            let Some(urls) = self.by_source.get(&(code.to_string(), d.file.clone())) else {
                continue;
            };
            let dir = dirs.entry(code.to_string()).or_insert_with(|| dir_of(code));
            let shown = Shown::of(d, dir);
            for u in urls {
                o.pages.entry(u.clone()).or_default().push(shown.clone());
            }
        }
        o
    }
}

/// Diagnostics printed so far: each rebuild prints only the new ones, and how many were fixed.
#[derive(Default)]
struct Printed {
    seen: HashSet<String>,
}

impl Printed {
    fn report(&mut self, diags: &[Diagnostic], log: Log) {
        let key = |d: &Diagnostic| {
            format!(
                "{:?}|{}|{:?}|{}|{}|{}",
                d.kind, d.file, d.locale, d.line, d.column, d.message
            )
        };
        let shown: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        let now: HashSet<String> = shown.iter().map(|d| key(d)).collect();
        let new: Vec<Diagnostic> = shown
            .iter()
            .filter(|d| !self.seen.contains(&key(d)))
            .map(|d| (*d).clone())
            .collect();
        let fixed = self.seen.iter().filter(|k| !now.contains(*k)).count();
        if !new.is_empty() {
            let text = crate::report::human(&new, Severity::Warning, &|_| None);
            for line in text.lines() {
                log(line);
            }
        }
        if fixed > 0 {
            log(&format!(
                "{fixed} problem{} fixed",
                if fixed == 1 { "" } else { "s" }
            ));
        }
        self.seen = now;
    }
}
