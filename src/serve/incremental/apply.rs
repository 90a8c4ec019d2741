//! Applying a batch of changed files: what each file is (a page, an include, a theme file,
//! something the site was read from), and whether the pages that show it can be rendered
//! again, or a wider rebuild is needed.

use super::{absolute, Incremental, SourceKey};
use crate::ctx::BuildCtx;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::model::{Page, PageId};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a batch of changes needs.
#[derive(Debug)]
pub(crate) enum Wider {
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
pub(crate) struct Applied {
    /// Pages rendered again.
    pub pages: Vec<PageId>,
    /// Output files that changed (`rel` → bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Only theme stylesheets changed.
    pub css_only: bool,
    /// What changed, for the terminal (`content`, `include`, `theme asset`...).
    pub what: &'static str,
}

/// What parsing an edited page again found.
enum Reparse {
    /// Nothing to render (the file cannot be read or parsed: its last good version stays).
    Same,
    /// Only the body changed.
    Body,
    /// The title or front matter changed: the new page, for the site.
    Model(Box<Page>),
    Wider(&'static str),
}

/// What the files of a batch have changed so far.
#[derive(Default)]
struct Batch {
    /// Pages to render again.
    affected: BTreeSet<PageId>,
    /// Output files that changed (theme assets).
    files: Vec<(String, Vec<u8>)>,
    /// What changed, for the terminal.
    what: BTreeSet<&'static str>,
    /// Only theme stylesheets so far.
    all_css: bool,
    /// The first wider rebuild a file asked for.
    wider: Option<Wider>,
    /// New versions of pages whose title or front matter changed.
    models: Vec<(PageId, Page)>,
}

impl Batch {
    /// Asks for rebuild `w`, unless an earlier file asked for one.
    fn widen(&mut self, w: Wider) {
        self.wider = self.wider.take().or(Some(w));
    }

    /// Notes a changed file of the theme or the site's templates (`kind`, `rel` under the
    /// theme): a theme asset to serve again, or the wider rebuild it needs.
    fn theme_file(&mut self, path: &Path, kind: &'static str, rel: &str) -> Result<(), Wider> {
        self.what.insert(kind);
        match (kind, rel.strip_prefix("static/")) {
            ("theme asset", Some(name)) if path.is_file() => {
                match crate::fsx::read_bounded(path, 64 << 20) {
                    Ok(bytes) => {
                        self.all_css &= name.ends_with(".css");
                        self.files.push((format!("_theme/{name}"), bytes));
                    }
                    // The theme is read again with the templates, and says why.
                    Err(_) => self.widen(Wider::Render("theme asset")),
                }
            }
            ("template" | "UI strings", _) => self.widen(Wider::Render(kind)),
            _ => return Err(Wider::Full(kind)),
        }
        Ok(())
    }
}

fn located(d: Diagnostic, ctx: &BuildCtx, li: usize) -> Diagnostic {
    d.locale(ctx.site.locales[li].code.clone())
}

impl Incremental {
    /// The pages made from `files` (in every locale that shows them).
    pub(crate) fn pages_of_files(&self, files: &[PathBuf]) -> Vec<PageId> {
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
        Some((li, crate::fsx::rel_path(dir, &path)))
    }

    /// Whether `path` is in the theme or the site's templates: (kind, path under the theme).
    fn theme_part(&self, path: &Path) -> Option<(&'static str, String)> {
        let path = absolute(path);
        if let Some(d) = self.templates_dir.as_ref().filter(|d| path.starts_with(d)) {
            return Some(("template", crate::fsx::rel_path(d, &path)));
        }
        let d = self.theme_dir.as_ref().filter(|d| path.starts_with(d))?;
        let rel = crate::fsx::rel_path(d, &path);
        let kind = match rel.split('/').next() {
            Some("templates") => "template",
            Some("i18n") => "UI strings",
            Some("static") => "theme asset",
            _ => "theme",
        };
        Some((kind, rel))
    }

    /// Applies a batch of changed files, or says what wider rebuild it needs.
    pub(crate) fn apply(&mut self, ctx: &BuildCtx, changed: &[PathBuf]) -> Result<Applied, Wider> {
        let mut batch = Batch {
            all_css: true,
            ..Batch::default()
        };
        for path in changed {
            if let Some((kind, rel)) = self.theme_part(path) {
                batch.theme_file(path, kind, &rel)?;
                continue;
            }
            batch.all_css = false;
            self.source_file(ctx, &mut batch, path)?;
        }
        self.finish(ctx, batch)
    }

    /// Notes a changed file of the site's sources (a page, an include), or says what wider
    /// rebuild it needs (a new, deleted or static file, a TOC, a file outside them).
    fn source_file(&mut self, ctx: &BuildCtx, batch: &mut Batch, path: &Path) -> Result<(), Wider> {
        let site = ctx.site;
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
            return Ok(());
        }
        let key = (li, rel);
        if let Some(&id) = self.by_source.get(&key) {
            batch.what.insert("content");
            self.page_file(ctx, batch, id, path, &key)
        } else if site.fragments[li].files.contains_key(&key.1) {
            batch.what.insert("include");
            self.include_file(ctx, batch, path, key)
        } else if site.assets[li].files.contains(&key.1) {
            Err(Wider::Full("static file"))
        } else {
            let toc = crate::toc::is_toc_file(&key.1);
            Err(Wider::Full(if toc { "TOC" } else { "new file" }))
        }
    }

    /// Notes page `id`'s edited source: the pages to render again, or its new version for
    /// the site.
    fn page_file(
        &mut self,
        ctx: &BuildCtx,
        batch: &mut Batch,
        id: PageId,
        path: &Path,
        key: &SourceKey,
    ) -> Result<(), Wider> {
        match self.reparse(ctx, id, path, key) {
            Reparse::Same => {}
            // Translations' "may be out of date" notices compare them with this file.
            Reparse::Body if ctx.config.stale_notice && key.0 == ctx.site.default_locale => {
                batch.widen(Wider::Render("content"));
            }
            Reparse::Body => {
                batch.affected.insert(id);
                batch
                    .affected
                    .extend(self.fallbacks.get(&id).into_iter().flatten());
                batch.affected.extend(self.includers_of(key));
            }
            Reparse::Model(page) => batch.models.push((id, *page)),
            Reparse::Wider(why) => return Err(Wider::Full(why)),
        }
        Ok(())
    }

    /// Notes an edited include: its new text and the pages that show it, or why it cannot be
    /// read now.
    fn include_file(
        &mut self,
        ctx: &BuildCtx,
        batch: &mut Batch,
        path: &Path,
        key: SourceKey,
    ) -> Result<(), Wider> {
        let li = key.0;
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
                batch.affected.extend(self.includers_of(&key));
                self.edits.fragments.insert(key, t.text);
            }
            Err(d) => {
                self.edits.broken.insert(key, vec![located(d, ctx, li)]);
            }
        }
        Ok(())
    }

    /// What the whole batch needs: a wider rebuild, or the affected pages rendered again.
    fn finish(&mut self, ctx: &BuildCtx, batch: Batch) -> Result<Applied, Wider> {
        let Batch {
            affected,
            mut files,
            what,
            all_css,
            wider,
            models,
        } = batch;
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
        crate::assemble::docset_metadata(&ctx.site.docsets[li], &new.source, &mut new.front);
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
            // What the model is made from changed: the site is assembled again. What else
            // the site derives from front matter is derived again on the new page
            // (`assemble::site_checks`), and the link index with the new context.
            let inputs = |p: &Page| crate::assemble::model_inputs(ctx.config, &p.front);
            if inputs(&page) != inputs(old) {
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
}
