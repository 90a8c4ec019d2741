//! What the builder keeps between edits, and how it applies one batch of changed files: a
//! page's body or an include's text changes → only the pages that show it are rendered again,
//! with newer versions passed as [`Overrides`]; anything that other pages see (a title, front
//! matter, a new or deleted file, a TOC) asks for a wider rebuild.

use crate::check::{check_anchors, Anchors};
use crate::diag::Diagnostic;
use crate::model::{Body, Page, PageId};
use crate::output::MemorySink;
use crate::pipeline::{render_one, BuildCtx, Overrides, PageResult};
use crate::resolve::AnchorCheck;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

mod apply;
pub(super) use apply::{Applied, Wider};

/// (locale, source path relative to the locale folder).
type SourceKey = (usize, String);

/// Edits made since the site was loaded: kept when templates change (the site is not read
/// again then).
#[derive(Default)]
pub(super) struct Edits {
    /// Newer versions of pages and fragments than the site holds.
    pages: HashMap<PageId, Page>,
    fragments: HashMap<SourceKey, String>,
    /// Parse diagnostics of edited files, replacing those the site was loaded with.
    reparsed: HashMap<SourceKey, Vec<Diagnostic>>,
    /// Files that cannot be read or parsed now: their last good version stays.
    broken: HashMap<SourceKey, Vec<Diagnostic>>,
}

impl Edits {
    fn overrides(&self) -> Overrides<'_> {
        let mut over = Overrides::default();
        for (id, p) in &self.pages {
            over.pages.insert(*id, p);
            if let Body::Markdown(md) = &p.body {
                over.fragments
                    .insert((p.locale, p.source.clone()), md.body());
            }
        }
        for (k, text) in &self.fragments {
            over.fragments.insert(k.clone(), text.as_str());
        }
        over
    }
}

pub(super) struct Incremental {
    /// Diagnostics of parsing the site's files (replaced file by file as they are parsed
    /// again), and the others of loading it and of preparing the render.
    parsing: Vec<Diagnostic>,
    base: Vec<Diagnostic>,
    /// Of the extras (home, sitemap, feeds...).
    extras: Vec<Diagnostic>,
    /// Per page: what rendering it found.
    pages: Vec<PageState>,
    /// Per page: its ids, the table every page's links are checked against.
    anchors: Vec<Anchors>,
    /// A locale's own page by source file.
    by_source: HashMap<SourceKey, PageId>,
    /// Page → the fallback pages that show it in other locales.
    fallbacks: HashMap<PageId, Vec<PageId>>,
    /// (locale, lowercase path) of an included file → pages that include it, and the other
    /// way round.
    includers: HashMap<(usize, String), BTreeSet<PageId>>,
    edits: Edits,
    /// Pages rendered with an older context (templates or the site changed since), rendered
    /// again a few at a time while no edit waits.
    stale: BTreeSet<PageId>,
    /// Pages to render before the stale ones (those an edit changed).
    first: Vec<PageId>,
    /// New versions of pages whose title or front matter changed, for the site.
    models: Vec<(PageId, Page)>,
    /// After a site is loaded again: every file rendered since (see [`Self::take_produced`]).
    produced: Option<HashSet<String>>,
    /// The extras (home, sitemap, feeds...) wait for the last stale page.
    extras_stale: bool,
    /// The last stale page and the extras were just rendered.
    completed: bool,
    /// Absolute locale folders.
    dirs: Vec<PathBuf>,
    /// Theme folders (absolute): the theme's own, and the site's `templates/`.
    theme_dir: Option<PathBuf>,
    templates_dir: Option<PathBuf>,
}

/// What rendering one page found, kept until it is rendered again.
#[derive(Default)]
struct PageState {
    diagnostics: Vec<Diagnostic>,
    /// The anchors its links need (in other pages, by id), and what checking them found.
    checks: Vec<(PageId, AnchorCheck)>,
    anchor_diags: Vec<Diagnostic>,
    /// (locale, lowercase path) of the files it pulls in.
    includes: Vec<(usize, String)>,
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Incremental {
    /// Renders every page and the extras into `sink`, with the edits made since the site was
    /// loaded.
    pub(super) fn render_all(
        ctx: &BuildCtx,
        parsing: Vec<Diagnostic>,
        base: Vec<Diagnostic>,
        edits: Edits,
        sink: &MemorySink,
    ) -> Incremental {
        let site = ctx.site;
        let over = edits.overrides();
        let results: Vec<PageResult> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| render_one(ctx, sink, &over, id, None))
            .collect();
        drop(over);
        let mut inc = Incremental::new(ctx, parsing, base, edits);
        for (_, generate) in crate::extras::GENERATORS {
            inc.extras.extend(generate(ctx, sink));
        }
        for (id, r) in results.into_iter().enumerate() {
            inc.keep(id, r);
        }
        let anchors = &inc.anchors;
        inc.pages
            .par_iter_mut()
            .for_each(|p| p.anchor_diags = check_anchors(site, anchors, &p.checks));
        inc
    }

    /// A site just loaded, nothing of it rendered yet: every page is stale, and the files
    /// the old site had that it does not make go once the last page is rendered.
    pub(super) fn unrendered(ctx: &BuildCtx, parsing: Vec<Diagnostic>) -> Incremental {
        let mut inc = Incremental::new(ctx, parsing, Vec::new(), Edits::default());
        let n = ctx.site.pages.len();
        inc.anchors = vec![Anchors::default(); n];
        inc.pages = (0..n).map(|_| PageState::default()).collect();
        inc.produced = Some(HashSet::new());
        inc
    }

    fn new(ctx: &BuildCtx, parsing: Vec<Diagnostic>, base: Vec<Diagnostic>, edits: Edits) -> Self {
        let site = ctx.site;
        let mut by_source = HashMap::new();
        let mut fallbacks: HashMap<PageId, Vec<PageId>> = HashMap::new();
        for (id, p) in site.pages.iter().enumerate() {
            match p.fallback {
                Some(src) => fallbacks.entry(src).or_default().push(id),
                None => {
                    by_source.insert((p.locale, p.source.clone()), id);
                }
            }
        }
        let n = site.pages.len();
        Incremental {
            parsing,
            base,
            extras: Vec::new(),
            pages: Vec::with_capacity(n),
            anchors: Vec::with_capacity(n),
            by_source,
            fallbacks,
            includers: HashMap::new(),
            edits,
            stale: BTreeSet::new(),
            first: Vec::new(),
            extras_stale: false,
            completed: false,
            models: Vec::new(),
            produced: None,
            dirs: ctx
                .config
                .locales
                .iter()
                .map(|l| absolute(&l.dir))
                .collect(),
            theme_dir: match &ctx.config.theme {
                crate::config::ThemeSource::Dir(d) => Some(absolute(d)),
                crate::config::ThemeSource::Builtin => None,
            },
            templates_dir: ctx.config.templates_dir.as_deref().map(absolute),
        }
    }

    /// The files a re-render of a newly loaded site made, once it is complete: the served
    /// files that are not among them are the old site's.
    pub(super) fn take_produced(&mut self) -> Option<HashSet<String>> {
        if self.stale.is_empty() && !self.extras_stale {
            self.produced.take()
        } else {
            None
        }
    }

    /// Carries what was rendered over to a new context for the same pages (new templates, or
    /// pages' new titles): every page is stale until rendered again; `base` replaces the
    /// diagnostics of loading and preparing.
    pub(super) fn rebase(&mut self, base: Vec<Diagnostic>) {
        self.base = base;
        self.stale = (0..self.anchors.len()).collect();
        self.extras_stale = true;
    }

    /// Whether the last render finished a re-render of the whole site (then the search index
    /// and the diagnostics are as a full build would make them).
    pub(super) fn take_completed(&mut self) -> bool {
        std::mem::take(&mut self.completed)
    }

    /// Pages whose title or front matter changed, to put into the site.
    pub(super) fn take_models(&mut self) -> Vec<(PageId, Page)> {
        std::mem::take(&mut self.models)
    }

    /// Pages the last batch changed, to render first.
    pub(super) fn take_first(&mut self) -> Vec<PageId> {
        std::mem::take(&mut self.first)
    }

    pub(super) fn stale(&self) -> usize {
        self.stale.len()
    }

    /// Renders up to `n` stale pages (the extras after the last). The pages rendered and the
    /// output files.
    pub(super) fn render_stale(
        &mut self,
        ctx: &BuildCtx,
        n: usize,
    ) -> (Vec<PageId>, Vec<(String, Vec<u8>)>) {
        let pages: Vec<PageId> = self.stale.iter().take(n).copied().collect();
        let files = self.render(ctx, &pages);
        (pages, files)
    }

    /// Renders `pages` now.
    pub(super) fn render_now(
        &mut self,
        ctx: &BuildCtx,
        pages: &[PageId],
    ) -> Vec<(String, Vec<u8>)> {
        self.render(ctx, pages)
    }

    /// Stores what rendering page `id` found; whether its anchors changed.
    fn keep(&mut self, id: PageId, r: PageResult) -> bool {
        if let Some(old) = self.pages.get(id) {
            for f in &old.includes {
                if let Some(set) = self.includers.get_mut(f) {
                    set.remove(&id);
                }
            }
        }
        for f in &r.includes {
            self.includers.entry(f.clone()).or_default().insert(id);
        }
        let state = PageState {
            diagnostics: r.diagnostics,
            checks: r.checks.into_iter().map(|c| (id, c)).collect(),
            // Kept until the page is checked again.
            anchor_diags: self
                .pages
                .get_mut(id)
                .map(|p| std::mem::take(&mut p.anchor_diags))
                .unwrap_or_default(),
            includes: r.includes,
        };
        if id == self.anchors.len() {
            self.anchors.push(r.anchors);
            self.pages.push(state);
            true
        } else {
            let changed = self.anchors[id] != r.anchors;
            self.anchors[id] = r.anchors;
            self.pages[id] = state;
            changed
        }
    }

    /// Checks again the links of `pages`, and of every page linking into one whose anchors
    /// changed.
    fn recheck(&mut self, site: &crate::model::Site, pages: &[PageId], moved: &HashSet<PageId>) {
        let mut again: BTreeSet<PageId> = pages.iter().copied().collect();
        if !moved.is_empty() {
            for (from, page) in self.pages.iter().enumerate() {
                let into_moved = page.checks.iter().any(|(_, c)| match &c.target {
                    crate::resolve::AnchorTarget::Page(p, _) => moved.contains(p),
                    _ => false,
                });
                if into_moved {
                    again.insert(from);
                }
            }
        }
        for id in again {
            self.pages[id].anchor_diags =
                check_anchors(site, &self.anchors, &self.pages[id].checks);
        }
    }

    /// Every diagnostic of the site as it is now, as a full build would report them.
    pub(super) fn diagnostics(&self, ctx: &BuildCtx) -> Vec<Diagnostic> {
        let site = ctx.site;
        let code = |l: usize| site.locales[l].code.as_str();
        let edits = &self.edits;
        let replaced: HashSet<(&str, &str)> = edits
            .reparsed
            .keys()
            .chain(edits.broken.keys())
            .map(|(l, f)| (code(*l), f.as_str()))
            .collect();
        let mut out: Vec<Diagnostic> = self
            .parsing
            .iter()
            .filter(|d| {
                !d.locale
                    .as_deref()
                    .is_some_and(|l| replaced.contains(&(l, d.file.as_str())))
            })
            .cloned()
            .collect();
        out.extend(self.base.iter().cloned());
        // A file that cannot be parsed now reports that, not what it reported before.
        out.extend(
            edits
                .reparsed
                .iter()
                .filter(|(k, _)| !edits.broken.contains_key(*k))
                .flat_map(|(_, d)| d.iter().cloned()),
        );
        out.extend(self.edits.broken.values().flatten().cloned());
        out.extend(
            self.pages
                .iter()
                .flat_map(|p| p.diagnostics.iter().cloned()),
        );
        out.extend(ctx.site_diagnostics());
        out.extend(
            self.pages
                .iter()
                .flat_map(|p| p.anchor_diags.iter().cloned()),
        );
        out.extend(self.extras.iter().cloned());
        crate::pipeline::settle(ctx.config, &mut out);
        out
    }

    /// Pages that pull in locale `locale`'s file `rel` (an include, a code sample).
    pub(super) fn includers(&self, locale: usize, rel: &str) -> Vec<PageId> {
        self.includers_of(&(locale, rel.to_string()))
    }

    fn includers_of(&self, key: &SourceKey) -> Vec<PageId> {
        self.includers
            .get(&(key.0, key.1.to_lowercase()))
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Renders `pages` with every newer version known; returns their output files.
    fn render(&mut self, ctx: &BuildCtx, pages: &[PageId]) -> Vec<(String, Vec<u8>)> {
        for id in pages {
            self.stale.remove(id);
        }
        let over = self.edits.overrides();
        let sink = MemorySink::default();
        let results: Vec<(PageId, PageResult)> = pages
            .par_iter()
            .map(|&id| (id, render_one(ctx, &sink, &over, id, None)))
            .collect();
        drop(over);
        let mut moved = HashSet::new();
        // A page whose render is incomplete keeps its last good version, under the overlay.
        let mut held = HashSet::new();
        for (id, r) in results {
            if r.diagnostics.iter().any(Diagnostic::holds_page) {
                held.insert(ctx.site.pages[id].output.clone());
            }
            if self.keep(id, r) {
                moved.insert(id);
            }
        }
        self.recheck(ctx.site, pages, &moved);
        if self.stale.is_empty() && self.extras_stale {
            self.extras = crate::extras::GENERATORS
                .iter()
                .flat_map(|(_, generate)| generate(ctx, &sink))
                .collect();
            self.extras_stale = false;
            self.completed = true;
        }
        let files: Vec<(String, Vec<u8>)> = sink
            .files
            .into_inner()
            .map(|f| f.into_iter().filter(|(k, _)| !held.contains(k)).collect())
            .unwrap_or_default();
        if let Some(p) = self.produced.as_mut() {
            p.extend(files.iter().map(|(k, _)| k.clone()));
            // A held page is still the site's: its last good version stays.
            p.extend(held);
        }
        files
    }
}

#[cfg(test)]
mod tests;
