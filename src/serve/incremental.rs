//! What the builder keeps between edits, and how it applies one batch of changed files: a
//! page's body or an include's text changes → only the pages that show it are rendered again,
//! with newer versions passed as [`Overrides`]; anything that other pages see (a title, front
//! matter, a new or deleted file, a TOC) asks for a wider rebuild.

use crate::check::{check_anchors, Anchors};
use crate::diag::{Diagnostic, Kind, Severity};
use crate::model::{Body, Page, PageId};
use crate::output::MemorySink;
use crate::pipeline::{render_one, BuildCtx, Overrides, PageResult};
use crate::resolve::AnchorCheck;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// (locale, source path relative to the locale folder).
type SourceKey = (usize, String);

/// What a batch of changes needs.
#[derive(Debug)]
pub enum Wider {
    /// Templates or UI strings: render everything again from the same site.
    Render(&'static str),
    /// Pages whose title or front matter changed (other pages show them): their new
    /// versions ([`Incremental::take_models`]) go into the site, then every page is rendered
    /// again, those open first.
    Model,
    /// Everything from the sources (a new or deleted file, a TOC, the config).
    Full(&'static str),
}

/// An applied batch.
pub struct Applied {
    /// Pages rendered again.
    pub pages: Vec<PageId>,
    /// Output files that changed (`rel` → bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Only theme stylesheets changed.
    pub css_only: bool,
    /// What changed, for the terminal (`content`, `include`, `theme asset`...).
    pub what: &'static str,
}

/// Edits made since the site was loaded: kept when templates change (the site is not read
/// again then).
#[derive(Default)]
pub struct Edits {
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

pub struct Incremental {
    /// Diagnostics of parsing the site's files (replaced file by file as they are parsed
    /// again), and the others of loading it and of preparing the render.
    parsing: Vec<Diagnostic>,
    base: Vec<Diagnostic>,
    /// Of the extras (home, sitemap, feeds...).
    extras: Vec<Diagnostic>,
    page_diags: Vec<Vec<Diagnostic>>,
    anchors: Vec<Anchors>,
    /// Per page: the anchors its links need, and what checking them found.
    checks: Vec<Vec<(PageId, AnchorCheck)>>,
    anchor_diags: Vec<Vec<Diagnostic>>,
    /// A locale's own page by source file.
    by_source: HashMap<SourceKey, PageId>,
    /// Page → the fallback pages that show it in other locales.
    fallbacks: HashMap<PageId, Vec<PageId>>,
    /// (locale, lowercase path) of an included file → pages that include it, and the other
    /// way round.
    includers: HashMap<(usize, String), BTreeSet<PageId>>,
    includes: Vec<Vec<(usize, String)>>,
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

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Incremental {
    /// Renders every page and the extras into `sink`, with the edits made since the site was
    /// loaded.
    pub fn render_all(
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
        inc.anchor_diags = inc
            .checks
            .par_iter()
            .map(|c| check_anchors(site, &inc.anchors, c))
            .collect();
        inc
    }

    /// A site just loaded, nothing of it rendered yet: every page is stale, and the files
    /// the old site had that it does not make go once the last page is rendered.
    pub fn unrendered(ctx: &BuildCtx, parsing: Vec<Diagnostic>) -> Incremental {
        let mut inc = Incremental::new(ctx, parsing, Vec::new(), Edits::default());
        let n = ctx.site.pages.len();
        inc.anchors = vec![Anchors::default(); n];
        inc.page_diags = vec![Vec::new(); n];
        inc.checks = vec![Vec::new(); n];
        inc.anchor_diags = vec![Vec::new(); n];
        inc.includes = vec![Vec::new(); n];
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
            page_diags: Vec::with_capacity(n),
            anchors: Vec::with_capacity(n),
            checks: Vec::with_capacity(n),
            anchor_diags: Vec::new(),
            by_source,
            fallbacks,
            includers: HashMap::new(),
            includes: Vec::with_capacity(n),
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

    /// The pages made from `files` (in every locale that shows them).
    pub fn pages_of_files(&self, files: &[PathBuf]) -> Vec<PageId> {
        let mut out = Vec::new();
        for f in files {
            let Some(key) = self.locate(f) else { continue };
            if let Some(&id) = self.by_source.get(&key) {
                out.push(id);
                out.extend(self.fallbacks.get(&id).into_iter().flatten());
            }
        }
        out
    }

    /// The files a re-render of a newly loaded site made, once it is complete: the served
    /// files that are not among them are the old site's.
    pub fn take_produced(&mut self) -> Option<HashSet<String>> {
        if self.stale.is_empty() && !self.extras_stale {
            self.produced.take()
        } else {
            None
        }
    }

    /// Carries what was rendered over to a new context for the same pages (new templates, or
    /// pages' new titles): every page is stale until rendered again; `base` replaces the
    /// diagnostics of loading and preparing.
    pub fn rebase(&mut self, base: Vec<Diagnostic>) {
        self.base = base;
        self.stale = (0..self.anchors.len()).collect();
        self.extras_stale = true;
    }

    /// Whether the last render finished a re-render of the whole site (then the search index
    /// and the diagnostics are as a full build would make them).
    pub fn take_completed(&mut self) -> bool {
        std::mem::take(&mut self.completed)
    }

    /// Pages whose title or front matter changed, to put into the site.
    pub fn take_models(&mut self) -> Vec<(PageId, Page)> {
        std::mem::take(&mut self.models)
    }

    /// Pages the last batch changed, to render first.
    pub fn take_first(&mut self) -> Vec<PageId> {
        std::mem::take(&mut self.first)
    }

    pub fn stale(&self) -> usize {
        self.stale.len()
    }

    /// Renders up to `n` stale pages (the extras after the last). The pages rendered and the
    /// output files.
    pub fn render_stale(
        &mut self,
        ctx: &BuildCtx,
        n: usize,
    ) -> (Vec<PageId>, Vec<(String, Vec<u8>)>) {
        let pages: Vec<PageId> = self.stale.iter().take(n).copied().collect();
        let files = self.render(ctx, &pages);
        (pages, files)
    }

    /// Renders `pages` now.
    pub fn render_now(&mut self, ctx: &BuildCtx, pages: &[PageId]) -> Vec<(String, Vec<u8>)> {
        self.render(ctx, pages)
    }

    /// Stores what rendering page `id` found; whether its anchors changed.
    fn keep(&mut self, id: PageId, r: PageResult) -> bool {
        if let Some(old) = self.includes.get(id) {
            for f in old {
                if let Some(set) = self.includers.get_mut(f) {
                    set.remove(&id);
                }
            }
        }
        for f in &r.includes {
            self.includers.entry(f.clone()).or_default().insert(id);
        }
        if id == self.includes.len() {
            self.includes.push(r.includes);
        } else {
            self.includes[id] = r.includes;
        }
        let checks = r.checks.into_iter().map(|c| (id, c)).collect();
        if id == self.anchors.len() {
            self.anchors.push(r.anchors);
            self.page_diags.push(r.diagnostics);
            self.checks.push(checks);
            true
        } else {
            let changed = self.anchors[id] != r.anchors;
            self.anchors[id] = r.anchors;
            self.page_diags[id] = r.diagnostics;
            self.checks[id] = checks;
            changed
        }
    }

    /// Checks again the links of `pages`, and of every page linking into one whose anchors
    /// changed.
    fn recheck(&mut self, site: &crate::model::Site, pages: &[PageId], moved: &HashSet<PageId>) {
        let mut again: BTreeSet<PageId> = pages.iter().copied().collect();
        if !moved.is_empty() {
            for (from, checks) in self.checks.iter().enumerate() {
                let into_moved = checks.iter().any(|(_, c)| match &c.target {
                    crate::resolve::AnchorTarget::Page(p, _) => moved.contains(p),
                    _ => false,
                });
                if into_moved {
                    again.insert(from);
                }
            }
        }
        for id in again {
            self.anchor_diags[id] = check_anchors(site, &self.anchors, &self.checks[id]);
        }
    }

    /// Every diagnostic of the site as it is now, as a full build would report them.
    pub fn diagnostics(&self, ctx: &BuildCtx) -> Vec<Diagnostic> {
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
        out.extend(self.page_diags.iter().flatten().cloned());
        out.extend(ctx.flow_warnings());
        out.extend(self.anchor_diags.iter().flatten().cloned());
        out.extend(self.extras.iter().cloned());
        crate::pipeline::settle(ctx.config, &mut out);
        out
    }

    /// Where `path` is: (locale, path relative to its folder).
    fn locate(&self, path: &Path) -> Option<(usize, String)> {
        let path = absolute(path);
        // The deepest folder holding it (a locale folder may sit inside another).
        let (li, dir) = self
            .dirs
            .iter()
            .enumerate()
            .filter(|(_, d)| path.starts_with(d))
            .max_by_key(|(_, d)| d.as_os_str().len())?;
        Some((li, crate::load::rel_path(dir, &path)))
    }

    /// Whether `path` is in the theme or the site's templates: (kind, path under the theme).
    fn theme_part(&self, path: &Path) -> Option<(&'static str, String)> {
        let path = absolute(path);
        if let Some(d) = self.templates_dir.as_ref().filter(|d| path.starts_with(d)) {
            return Some(("template", crate::load::rel_path(d, &path)));
        }
        let d = self.theme_dir.as_ref().filter(|d| path.starts_with(d))?;
        let rel = crate::load::rel_path(d, &path);
        let kind = match rel.split('/').next() {
            Some("templates") => "template",
            Some("i18n") => "UI strings",
            Some("static") => "theme asset",
            _ => "theme",
        };
        Some((kind, rel))
    }

    /// Applies a batch of changed files, or says what wider rebuild it needs.
    pub fn apply(&mut self, ctx: &BuildCtx, changed: &[PathBuf]) -> Result<Applied, Wider> {
        let site = ctx.site;
        let mut affected: BTreeSet<PageId> = BTreeSet::new();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut what: BTreeSet<&'static str> = BTreeSet::new();
        let mut all_css = true;
        let mut wider: Option<Wider> = None;
        let mut models: Vec<(PageId, Page)> = Vec::new();
        for path in changed {
            if let Some((kind, rel)) = self.theme_part(path) {
                what.insert(kind);
                match (kind, rel.strip_prefix("static/")) {
                    ("theme asset", Some(name)) if path.is_file() => {
                        match crate::fsx::read_bounded(path, 64 << 20) {
                            Ok(bytes) => {
                                all_css &= name.ends_with(".css");
                                files.push((format!("_theme/{name}"), bytes));
                            }
                            // The theme is read again with the templates, and says why.
                            Err(_) => wider = wider.or(Some(Wider::Render("theme asset"))),
                        }
                    }
                    ("template" | "UI strings", _) => {
                        wider = wider.or(Some(Wider::Render(kind)));
                    }
                    _ => return Err(Wider::Full(kind)),
                }
                continue;
            }
            all_css = false;
            let Some((li, rel)) = self.locate(path) else {
                return Err(Wider::Full("config"));
            };
            if path.is_symlink() {
                // Links are confined when the site is loaded.
                return Err(Wider::Full("link"));
            }
            if path.is_dir() {
                // A folder moved in (or written before it was watched) brings files no event
                // named.
                return Err(Wider::Full("folder"));
            }
            if !path.exists() {
                // A scratch file that came and went is no change; a source that went is.
                if self.is_source(site, li, &rel) {
                    return Err(Wider::Full("deleted file"));
                }
                continue;
            }
            let key = (li, rel);
            if let Some(&id) = self.by_source.get(&key) {
                what.insert("content");
                match self.reparse(ctx, id, path, &key) {
                    Reparse::Same => {}
                    // Translations' "may be out of date" notices compare them with this file.
                    Reparse::Body if ctx.config.stale_notice && li == site.default_locale => {
                        wider = wider.or(Some(Wider::Render("content")));
                    }
                    Reparse::Body => {
                        affected.insert(id);
                        affected.extend(self.fallbacks.get(&id).into_iter().flatten());
                        affected.extend(self.includers_of(&key));
                    }
                    Reparse::Model(page) => models.push((id, *page)),
                    Reparse::Wider(why) => return Err(Wider::Full(why)),
                }
            } else if site.fragments[li].files.contains_key(&key.1) {
                what.insert("include");
                let limit = ctx.config.max_text_bytes;
                let lenient = !crate::load::is_parsed_text(&key.1);
                match crate::load::read_text(path, key.1.clone(), limit, lenient) {
                    // A file that now parses as a page (`### YamlMime:FAQ` added) is one.
                    Ok(t)
                        if crate::parse::could_be_page(&t.rel)
                            && matches!(
                                crate::parse::parse_file(li, t.clone()).0,
                                crate::parse::Parsed::Page(_)
                            ) =>
                    {
                        return Err(Wider::Full("new page"));
                    }
                    Ok(t) => {
                        self.edits.broken.remove(&key);
                        affected.extend(self.includers_of(&key));
                        self.edits.fragments.insert(key, t.text);
                    }
                    Err(d) => {
                        self.edits.broken.insert(key, vec![located(d, ctx, li)]);
                    }
                }
            } else if site.assets[li].files.contains(&key.1) {
                return Err(Wider::Full("static file"));
            } else {
                let toc = crate::toc::is_toc_file(&key.1);
                return Err(Wider::Full(if toc { "TOC" } else { "new file" }));
            }
        }
        if !models.is_empty() {
            // Pages of this batch whose body changed are rendered first, with the others.
            self.first = affected.into_iter().collect();
            self.models = models;
            return Err(Wider::Model);
        }
        if let Some(w) = wider {
            return Err(w);
        }
        let pages: Vec<PageId> = affected.into_iter().collect();
        files.extend(self.render(ctx, &pages));
        Ok(Applied {
            css_only: all_css && !files.is_empty() && pages.is_empty(),
            pages,
            files,
            what: what.into_iter().next().unwrap_or("nothing"),
        })
    }

    /// Whether locale `li`'s site was made with `rel` (a file, or a folder of files).
    fn is_source(&self, site: &crate::model::Site, li: usize, rel: &str) -> bool {
        let folder = format!("{}/", rel.trim_end_matches('/'));
        let under = |p: &str| p == rel || p.starts_with(&folder);
        self.by_source.keys().any(|(l, p)| *l == li && under(p))
            || site.fragments[li].files.keys().any(|p| under(p))
            || site.assets[li].files.iter().any(|p| under(p))
            || site.tocs.iter().any(|t| t.locale == li && under(&t.source))
            || crate::toc::is_toc_file(rel)
            || crate::parse::is_redirect_map(rel)
            || crate::docfx::is_docfx_json(rel)
    }

    /// Pages that pull in locale `locale`'s file `rel` (an include, a code sample).
    pub fn includers(&self, locale: usize, rel: &str) -> Vec<PageId> {
        self.includers_of(&(locale, rel.to_string()))
    }

    fn includers_of(&self, key: &SourceKey) -> Vec<PageId> {
        self.includers
            .get(&(key.0, key.1.to_lowercase()))
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Reads page `id`'s source again.
    fn reparse(&mut self, ctx: &BuildCtx, id: PageId, path: &Path, key: &SourceKey) -> Reparse {
        let li = key.0;
        let limit = ctx.config.max_text_bytes;
        let text = match crate::load::read_text(path, key.1.clone(), limit, false) {
            Ok(t) => t,
            Err(d) => {
                self.edits
                    .broken
                    .insert(key.clone(), vec![located(d, ctx, li)]);
                return Reparse::Same;
            }
        };
        let (parsed, diags) = crate::parse::parse_file(li, text);
        let diags: Vec<Diagnostic> = diags.into_iter().map(|d| located(d, ctx, li)).collect();
        // Front matter that cannot be parsed (or a YAML page that no longer parses as one):
        // the last good version stays, under the overlay.
        let error = |k: &[Kind]| {
            diags
                .iter()
                .any(|d| d.severity == Severity::Error && k.contains(&d.kind))
        };
        let is_page = matches!(parsed, crate::parse::Parsed::Page(_));
        if error(&[Kind::FrontMatter, Kind::Encoding]) || (!is_page && error(&[Kind::Yaml])) {
            self.edits.broken.insert(key.clone(), diags);
            return Reparse::Same;
        }
        let crate::parse::Parsed::Page(new) = parsed else {
            return Reparse::Wider("content");
        };
        let mut new = new;
        // As assembling does: a docset's metadata under the page's own front matter.
        if let Some(d) = crate::docfx::docset_of(&ctx.site.docsets[li], &new.source) {
            let inner = d.inner(&new.source).unwrap_or(&new.source);
            d.apply(inner, &mut new.front);
        }
        let old = self.edits.pages.get(&id).unwrap_or(&ctx.site.pages[id]);
        if new.kind != old.kind {
            return Reparse::Wider("page type");
        }
        // What other pages show of it must not have changed, or they are rendered again.
        let page = Page {
            body: new.body,
            title: new.title,
            front: new.front,
            ..old.clone()
        };
        if page.title != old.title || page.front != old.front {
            // What assembling derived from the front matter (a uid's owner, the locale check)
            // is not derived again: that takes a full rebuild.
            let meta = |p: &Page| {
                (
                    p.front.uid().map(str::to_string),
                    p.front
                        .all
                        .get("ms.contentlocale")
                        .map(|(v, _)| v.to_string()),
                )
            };
            if meta(&page) != meta(old) {
                return Reparse::Wider("front matter");
            }
            self.edits.broken.remove(key);
            self.edits.reparsed.insert(key.clone(), diags);
            self.edits.pages.remove(&id);
            return Reparse::Model(Box::new(page));
        }
        self.edits.broken.remove(key);
        self.edits.reparsed.insert(key.clone(), diags);
        self.edits.pages.insert(id, page);
        Reparse::Body
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
        // An include cycle or a template that fails is fatal to a page: its last good version
        // stays, under the overlay.
        let mut held = HashSet::new();
        for (id, r) in results {
            let fatal = r.diagnostics.iter().any(|d| {
                matches!(d.kind, Kind::IncludeCycle | Kind::Template)
                    && d.severity == Severity::Error
            });
            if fatal {
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

enum Reparse {
    /// Nothing to render (the file cannot be read or parsed: its last good version stays).
    Same,
    /// Only the body changed.
    Body,
    /// The title or front matter changed: the new page, for the site.
    Model(Box<Page>),
    Wider(&'static str),
}

fn located(d: Diagnostic, ctx: &BuildCtx, li: usize) -> Diagnostic {
    d.locale(ctx.site.locales[li].code.clone())
}
