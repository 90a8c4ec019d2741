//! The builder of `serve`: loads the site, renders it into memory, then applies batches of
//! changed files as they come, re-rendering as little as each needs:
//! - a page's body or an include's text: the pages that show it (`Incremental::apply`);
//! - a theme stylesheet or script: that file;
//! - templates or UI strings: every page, from the site already loaded;
//! - anything else (config, TOC, front matter, new or deleted files): everything.

mod round;

use super::incremental::Incremental;
use super::report::{PageIndex, Printed};
use super::{Overlay, Served, Shown, Status};
use crate::config::{Config, Overrides as ConfigOverrides};
use crate::diag::{Diagnostic, Kind};
use crate::model::{Page, PageId, Site};
use crate::pipeline::{BuildCtx, Options};
use crate::template::Templates;
use round::Round;
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
    let mut session = Session {
        args,
        served,
        io,
        log,
        indexer,
        printed: Printed::default(),
        cause: "start",
        changed_files: Vec::new(),
        highlighter: None,
    };
    loop {
        let start = Instant::now();
        let next = match Config::load(&args.root, args.config.as_deref(), &args.overrides) {
            Ok(config) => session.serve_config(&config, start),
            Err(d) => session.fail_and_wait(&d, start),
        };
        if next.is_none() {
            return;
        }
    }
}

/// What the builder keeps from one config, and one context, to the next.
struct Session<'s> {
    args: &'s Args,
    served: &'s Arc<Served>,
    io: Io<'s>,
    log: Log<'s>,
    indexer: Option<&'s Sender<super::index::Job>>,
    printed: Printed,
    /// What made this render happen, for the terminal.
    cause: &'static str,
    /// The files whose change made the sources be read again (their pages render first).
    changed_files: Vec<PathBuf>,
    /// Highlighted code is kept from one render of the site to the next.
    highlighter: Option<crate::markdown::highlight::Highlighter>,
}

/// The site loaded with one config, and the options it renders with.
struct Sources<'c> {
    config: &'c Config,
    opts: Options<'static>,
    loaded: crate::pipeline::site::Loaded,
}

impl Session<'_> {
    /// Reports a config or templates that cannot be used, then waits for the next changes:
    /// `None` when the watcher has stopped.
    fn fail_and_wait(&mut self, diags: &[Diagnostic], start: Instant) -> Option<()> {
        failed(
            self.served,
            diags,
            &mut self.printed,
            self.cause,
            start,
            self.log,
        );
        let batch = next_batch(self.io.batches, self.io.pending)?;
        self.cause = classify(&batch);
        Some(())
    }

    /// Serves the site of `config`: loads it, then renders it in one context after another
    /// until the sources must be read again (`Some`) or the watcher stops (`None`).
    fn serve_config(&mut self, config: &Config, start: Instant) -> Option<()> {
        self.served.set_root_path(&config.root_path);
        self.follow(config);
        let opts = options(self.args, config);
        let loaded = crate::pipeline::site::load_parts(
            config,
            &opts.output,
            &mut crate::pipeline::Timer::new(),
        );
        let mut sources = Sources {
            config,
            opts,
            loaded,
        };
        // What was rendered with the previous templates or site, carried into the next.
        let mut carried: Option<Incremental> = None;
        let mut start = start;
        loop {
            // Pages whose title or front matter changed go into the site first.
            let changed = match carried.as_mut() {
                Some(inc) => sources.take_models(inc),
                None => Vec::new(),
            };
            let leave = match self.render_context(&sources, carried.take(), changed, start) {
                Ok(leave) => leave,
                Err(d) => return self.fail_and_wait(&d, start),
            };
            match leave {
                Leave::Render(inc, why) => {
                    self.cause = why;
                    carried = Some(*inc);
                    start = Instant::now();
                }
                Leave::Full(why, paths) => {
                    self.cause = why;
                    self.changed_files = paths;
                    return Some(());
                }
                Leave::Stop => return None,
            }
        }
    }

    /// Watches the folders `config` reads.
    fn follow(&mut self, config: &Config) {
        if let Some(w) = self.io.watch.as_mut() {
            let config_file = self
                .args
                .config
                .clone()
                .unwrap_or_else(|| config.root.join(crate::config::CONFIG_FILE));
            if let Err(e) = w.update(&super::watch::sources(config, &config_file)) {
                (self.log)(&format!("warning: {e}"));
            }
        }
    }

    /// Renders the site in a new context (the theme and templates read again): what
    /// `carried` rendered with the last one, or everything, then applies changes until they
    /// need another context. `Err`: the theme or templates cannot be used.
    fn render_context(
        &mut self,
        sources: &Sources,
        carried: Option<Incremental>,
        changed: Vec<PageId>,
        start: Instant,
    ) -> Result<Leave, Vec<Diagnostic>> {
        let Sources {
            config,
            opts,
            loaded,
        } = sources;
        let (theme, templates) = theme_and_templates(config)?;
        let (mut ctx, d) = BuildCtx::new(
            config,
            &loaded.site,
            &theme,
            &templates,
            opts.render(config),
        );
        // Highlighted code: kept from the last render, else read as `build` reads it.
        match self.highlighter.take() {
            Some(h) => ctx.highlighter = h,
            None => {
                if let Some(f) = crate::pipeline::highlight_cache(config, opts) {
                    ctx.highlighter.load_cache(&f);
                }
            }
        }
        let mut base = loaded.loading.clone();
        base.extend(loaded.derived.iter().cloned());
        base.extend(d);
        let job = config.search.then(|| search_job(&ctx));
        let (served, indexer) = (self.served, self.indexer);
        let mut round = Round {
            ctx: &ctx,
            served,
            pages: PageIndex::new(&ctx),
            printed: &mut self.printed,
            log: self.log,
            reindex: &|| {
                if let (Some(tx), Some(job)) = (indexer, &job) {
                    let mut job = job.clone();
                    job.seq = served.index_requested();
                    let _ = tx.send(job);
                }
            },
        };
        let (cause, parsing) = (self.cause, &loaded.parsing);
        let inc = match carried {
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
                let first = fresh.pages_of_files(&std::mem::take(&mut self.changed_files));
                round.render_first(fresh, base, first, cause, start)
            }
        };
        let leave = round.edits(inc, self.io.batches, self.io.pending);
        self.highlighter = Some(ctx.into_highlighter());
        Ok(leave)
    }
}

impl Sources<'_> {
    /// Puts the new versions of pages whose title or front matter changed into the site, and
    /// derives again what the site derives from every page's front matter: the pages changed.
    fn take_models(&mut self, inc: &mut Incremental) -> Vec<PageId> {
        let mut changed = Vec::new();
        let models = inc.take_models();
        let any = !models.is_empty();
        for (id, page) in models {
            changed.extend(replace_page(&mut self.loaded.site, id, page));
        }
        if any {
            self.loaded.derived = crate::assemble::site_checks(self.config, &self.loaded.site);
        }
        changed
    }
}

/// The options `serve` renders with: always writing (into memory), no progress, any size.
fn options(args: &Args, config: &Config) -> Options<'static> {
    Options {
        output: args
            .output
            .clone()
            .unwrap_or_else(|| config.root.join("public")),
        write: true,
        progress: None,
        on_pages: None,
        cache_dir: config.cache_dir().filter(|_| args.cache),
        external: None,
        build_id: args.build_id.clone(),
        on_wait: None,
        search: args.search,
        allow_shrink: true,
        in_place: false,
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
                .enumerate()
                .filter(|(_, p)| p.locale == li && crate::discovery::searchable(ctx.config, p))
                .map(|(id, p)| {
                    let facets = crate::search::facets_of(ctx, id);
                    (p.url.clone(), p.output.clone(), facets)
                })
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
        all: diags.to_vec(),
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
