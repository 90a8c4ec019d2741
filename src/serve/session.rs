//! The builder of `serve`: loads the site, renders it into memory, then applies batches of
//! changed files as they come, re-rendering as little as each needs:
//! - a page's body or an include's text: the pages that show it ([`Incremental::apply`]);
//! - a theme stylesheet or script: that file;
//! - templates or UI strings: every page, from the site already loaded;
//! - anything else (config, TOC, front matter, new or deleted files): everything.

use super::incremental::{Applied, Edits, Incremental, Wider};
use super::report::{PageIndex, Printed};
use super::{into_bytes, Overlay, Served, Shown, Status};
use crate::config::{Config, Overrides as ConfigOverrides};
use crate::diag::{Diagnostic, Kind};
use crate::model::{Page, PageId, Site};
use crate::output::MemorySink;
use crate::pipeline::{BuildCtx, Options};
use crate::template::Templates;
use std::collections::HashMap;
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
pub type Log<'a> = super::report::Log<'a>;

/// Pages rendered again per step while nothing else waits (about 0.1 s of work).
const STALE_STEP: usize = 1000;

/// Builds, then rebuilds after each batch of changes, until the channel closes. A rebuild
/// that panics (a bug) is reported in the terminal and the overlay; the next change starts
/// again from the sources, and the last good site stays served meanwhile.
pub fn run(
    args: &Args,
    served: &Arc<Served>,
    batches: &Receiver<Vec<PathBuf>>,
    mut watch: Option<super::watch::Watch>,
    log: Log,
) {
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
            let to = Io {
                batches,
                pending: &mut pending,
                watch: watch.as_mut(),
            };
            run_until_panic(args, served, to, log, indexer.as_ref())
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

/// Why the edits of one context stopped.
enum Leave {
    /// Render the same site again (templates, or pages' new versions put into it).
    Render(Box<Incremental>, &'static str),
    /// Read the sources again; the files that changed.
    Full(&'static str, Vec<PathBuf>),
    /// The watcher stopped.
    Stop,
}

/// Where changes come from: the watcher's batches, the changes read but not yet applied, and
/// the watch itself (which follows the config's folders).
struct Io<'a> {
    batches: &'a Receiver<Vec<PathBuf>>,
    pending: &'a mut Vec<PathBuf>,
    watch: Option<&'a mut super::watch::Watch>,
}

fn run_until_panic(
    args: &Args,
    served: &Arc<Served>,
    io: Io,
    log: Log,
    indexer: Option<&Sender<super::index::Job>>,
) {
    let Io {
        batches,
        pending,
        mut watch,
    } = io;
    let mut printed = Printed::default();
    let mut cause = "start";
    // The files whose change made the sources be read again (their pages render first).
    let mut changed_files: Vec<PathBuf> = Vec::new();
    // Highlighted code is kept from one render of the site to the next.
    let mut highlighter = None;
    loop {
        let start = Instant::now();
        let config = match Config::load(&args.root, args.config.as_deref(), &args.overrides) {
            Ok(c) => c,
            Err(d) => {
                failed(served, &d, &mut printed, cause, start, log);
                match next_batch(batches, pending) {
                    Some(b) => cause = classify(&b),
                    None => return,
                }
                continue;
            }
        };
        served.set_root_path(&config.root_path);
        if let Some(w) = watch.as_mut() {
            let config_file = args
                .config
                .clone()
                .unwrap_or_else(|| config.root.join(crate::config::CONFIG_FILE));
            if let Err(e) = w.update(&super::watch::sources(&config, &config_file)) {
                log(&format!("warning: {e}"));
            }
        }
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
        let (mut site, parsing, load_diags) = crate::pipeline::site::load_parts(
            &config,
            &opts.output,
            &mut crate::pipeline::Timer::new(),
        );
        // What was rendered with the previous templates or site, carried into the next.
        let mut carried: Option<Incremental> = None;
        let mut start = start;
        loop {
            // Pages whose title or front matter changed go into the site first.
            let mut changed = Vec::new();
            if let Some(inc) = carried.as_mut() {
                for (id, page) in inc.take_models() {
                    changed.extend(replace_page(&mut site, id, page));
                }
            }
            let (theme, templates) = match theme_and_templates(&config) {
                Ok(t) => t,
                Err(d) => {
                    failed(served, &d, &mut printed, cause, start, log);
                    match next_batch(batches, pending) {
                        Some(b) => cause = classify(&b),
                        None => return,
                    }
                    break;
                }
            };
            let (mut ctx, d) = BuildCtx::new(&config, &site, &theme, &templates, &opts);
            match highlighter.take() {
                Some(h) => ctx.highlighter = h,
                None => load_highlight_cache(&ctx, args.cache),
            }
            let mut base = load_diags.clone();
            base.extend(d);
            let job = config.search.then(|| search_job(&ctx));
            let mut round = Round {
                ctx: &ctx,
                served,
                pages: PageIndex::new(&ctx),
                printed: &mut printed,
                log,
                reindex: &|| {
                    if let (Some(tx), Some(job)) = (indexer, &job) {
                        let mut job = job.clone();
                        job.seq = served.index_requested();
                        let _ = tx.send(job);
                    }
                },
            };
            let inc = match carried.take() {
                Some(inc) => round.render_first(inc, base, changed, cause, start),
                // The first build: everything before serving.
                None if served.generation() == 0 => {
                    round.render_all(parsing.clone(), base, cause, start)
                }
                // The site read again (a file added or deleted, a TOC, the config): the open
                // pages first, as after a template edit; the old site's other pages are served
                // until their turn.
                None => {
                    let fresh = Incremental::unrendered(&ctx, parsing.clone());
                    let first = fresh.pages_of_files(&std::mem::take(&mut changed_files));
                    round.render_first(fresh, base, first, cause, start)
                }
            };
            let leave = round.edits(inc, batches, pending);
            highlighter = Some(ctx.into_highlighter());
            match leave {
                Leave::Render(inc, why) => {
                    cause = why;
                    carried = Some(*inc);
                    start = Instant::now();
                }
                Leave::Full(why, paths) => {
                    cause = why;
                    changed_files = paths;
                    break;
                }
                Leave::Stop => return,
            }
        }
    }
}

/// What the renders of one context share.
struct Round<'r, 'c> {
    ctx: &'r BuildCtx<'c>,
    served: &'r Served,
    pages: PageIndex,
    printed: &'r mut Printed,
    log: Log<'r>,
    /// Asks for a new search index.
    reindex: &'r dyn Fn(),
}

impl Round<'_, '_> {
    fn site(&self) -> &Site {
        self.ctx.site
    }

    /// Every page and the extras, from the sources just loaded.
    fn render_all(
        &mut self,
        parsing: Vec<Diagnostic>,
        base: Vec<Diagnostic>,
        cause: &str,
        start: Instant,
    ) -> Incremental {
        let sink = MemorySink::default();
        let inc = Incremental::render_all(self.ctx, parsing, base, Edits::default(), &sink);
        let diags = inc.diagnostics(self.ctx);
        let files = sink.files.into_inner().unwrap_or_default();
        let n = self.site().pages.len();
        let status = Status {
            rebuild: "full",
            rendered: n,
            millis: ms(start),
            ..Default::default()
        };
        self.served.set_overlay(
            self.pages
                .overlay(&diags, self.ctx, &|l, f| inc.includers(l, f)),
        );
        if crate::pipeline::is_fatal(&diags) && self.served.generation() > 0 {
            // A template that fails on some page: the last good site stays, under the overlay.
            let status = Status {
                rebuild: "failed",
                ..status
            };
            self.served.publish(status, "diagnostics", false, None);
        } else {
            self.served.replace_files(into_bytes(files));
            (self.reindex)();
            self.served.publish(status, "reload", false, None);
        }
        (self.log)(&format!(
            "{cause}: rendered {} in {:.0} ms",
            plural(n, "page"),
            ms(start)
        ));
        self.printed.report(&diags, self.log);
        inc
    }

    /// After new templates or pages' new versions: the pages open in browsers and those the
    /// edit changed first; the rest while no other edit waits.
    fn render_first(
        &mut self,
        mut inc: Incremental,
        base: Vec<Diagnostic>,
        changed: Vec<PageId>,
        cause: &str,
        start: Instant,
    ) -> Incremental {
        inc.rebase(base);
        let mut first = inc.take_first();
        first.extend(changed);
        let open = self.served.open_pages();
        first.extend(open.iter().flat_map(|u| self.pages.ids(u)));
        first.sort_unstable();
        first.dedup();
        let files = inc.render_now(self.ctx, &first);
        let changed = self.served.update_files(into_bytes(files));
        self.after_render(&mut inc);
        let status = Status {
            rebuild: "render",
            rendered: first.len(),
            millis: ms(start),
            pending: inc.stale(),
            ..Default::default()
        };
        let mut urls = urls_of(self.site(), &first);
        urls.extend(self.served.urls_of_files(&changed));
        self.served.publish(status, "reload", false, Some(urls));
        (self.log)(&format!(
            "{cause}: rendered {} first in {:.0} ms, {} to go",
            plural(first.len(), "page"),
            ms(start),
            inc.stale()
        ));
        inc
    }

    /// The overlay after a render; the terminal and the search index once the whole site is
    /// as a full build would make it.
    fn after_render(&mut self, inc: &mut Incremental) {
        if let Some(files) = inc.take_produced() {
            // Pages and files the site no longer has.
            self.served.retain_files(&files);
        }
        let diags = inc.diagnostics(self.ctx);
        self.served.set_overlay(
            self.pages
                .overlay(&diags, self.ctx, &|l, f| inc.includers(l, f)),
        );
        if inc.take_completed() {
            (self.reindex)();
        }
        // While pages wait to render again, what they report is not known yet.
        if inc.stale() == 0 {
            self.printed.report(&diags, self.log);
        }
    }

    /// Applies batches of changes until one needs a wider rebuild; renders stale pages while
    /// none waits.
    fn edits(
        &mut self,
        mut inc: Incremental,
        batches: &Receiver<Vec<PathBuf>>,
        pending: &mut Vec<PathBuf>,
    ) -> Leave {
        loop {
            let waiting = if inc.stale() > 0 {
                try_batch(batches, pending)
            } else {
                next_batch(batches, pending)
            };
            let Some(batch) = waiting else {
                if inc.stale() == 0 {
                    return Leave::Stop;
                }
                self.stale_step(&mut inc);
                continue;
            };
            let start = Instant::now();
            match inc.apply(self.ctx, &batch) {
                Ok(a) => self.applied(&mut inc, a, &batch, start),
                Err(Wider::Render(why)) => return Leave::Render(Box::new(inc), why),
                Err(Wider::Model) => return Leave::Render(Box::new(inc), "title or front matter"),
                Err(Wider::Full(why)) => return Leave::Full(why, batch),
            }
        }
    }

    /// Renders the next stale pages; tells the pages whose output changed.
    fn stale_step(&mut self, inc: &mut Incremental) {
        let start = Instant::now();
        let (ids, files) = inc.render_stale(self.ctx, STALE_STEP);
        // Pages, and generated pages (home, 404, redirects) once the last step is done.
        let changed = self.served.update_files(into_bytes(files));
        let changed = self.served.urls_of_files(&changed);
        if inc.stale() == 0 {
            self.after_render(inc);
        }
        let status = Status {
            rebuild: "render",
            rendered: ids.len(),
            millis: ms(start),
            pending: inc.stale(),
            ..Default::default()
        };
        self.served.publish(status, "reload", false, Some(changed));
    }

    fn applied(&mut self, inc: &mut Incremental, a: Applied, batch: &[PathBuf], start: Instant) {
        let urls = urls_of(self.site(), &a.pages);
        let kind = if a.files.is_empty() {
            "diagnostics"
        } else {
            "reload"
        };
        self.served.update_files(into_bytes(a.files));
        if !a.pages.is_empty() && inc.stale() == 0 {
            (self.reindex)();
        }
        self.after_render(inc);
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
        let pages_changed = (!a.css_only).then_some(urls);
        self.served.publish(status, kind, a.css_only, pages_changed);
        (self.log)(&format!(
            "{} ({}): rendered {} in {:.1} ms",
            a.what,
            names(batch),
            plural(a.pages.len(), "page"),
            ms(start)
        ));
    }
}

/// As `build` does: highlighted code from `ROOT/.ajuda-cache`. The cache holds HTML, so it is
/// read only where contributions are trusted.
fn load_highlight_cache(ctx: &BuildCtx, cache: bool) {
    let config = ctx.config;
    let dir = config.root.join(".ajuda-cache");
    if cache
        && config.raw_html == crate::config::RawHtml::Trust
        && crate::fsx::usable_cache_dir(&dir)
    {
        ctx.highlighter.load_cache(&dir.join("highlight.bin"));
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
