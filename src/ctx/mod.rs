//! `BuildCtx`: everything rendering a page needs, computed once from the loaded site (link
//! index, navigation, templates, UI strings, highlighter), and `render`, which turns one page
//! into its HTML. `build` loops over it; `serve` can call it for the pages an edit affects.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::frontmatter::MsDate;
use crate::markdown::highlight::Highlighter;
use crate::markdown::prepass::FragmentSource;
use crate::markdown::Env;
use crate::model::{Fragments, Page, PageId, PageKind, Site};
use crate::nav::Navigation;
use crate::render;
use crate::resolve::{AnchorCheck, LinkIndex};
use crate::template::{self, Shared, Templates};
use crate::theme::Theme;
use std::collections::HashMap;

mod setup;

/// What of the command line rendering needs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RenderOptions<'a> {
    /// Keep `http(s)` links as checks (`ajuda check --external`).
    pub check_external: bool,
    /// Stamped into every page (`<meta name="ajuda-build">`).
    pub build_id: Option<&'a str>,
    /// The site has a search index: pages get the search box.
    pub search: bool,
}

pub(crate) struct BuildCtx<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub index: LinkIndex<'a>,
    pub navigation: Navigation,
    pub theme: &'a Theme,
    pub templates: &'a Templates,
    pub shared: Shared<'a>,
    pub fragments: Vec<LocaleFragments<'a>>,
    pub highlighter: Highlighter,
    /// Sizes of the site's images, read once per file by the pages that show them.
    pub images: crate::image_size::ImageSizes<'a>,
    /// (locale, date) → the date written in the locale's long format.
    dates: HashMap<(usize, MsDate), String>,
    /// Translations that may be out of date, when `[l10n] stale_notice` asks to say so.
    stale: std::collections::HashSet<PageId>,
    /// (locale, lowercase key) → URL of the redirect page a locale has for a page it moved.
    redirected: HashMap<(usize, String), String>,
    /// Request-flow placeholders pages left empty (see [`BuildCtx::flow_warnings`]).
    flow_gaps: crate::flows::Gaps,
    /// Home-page blocks, related articles and feeds, computed once.
    pub discovery: crate::discovery::Discovery,
}

/// One page rendered: its HTML (or why it has none), and what the anchor check needs.
pub(crate) struct RenderedPage {
    pub html: Result<String, Diagnostic>,
    pub anchors: crate::check::Anchors,
    pub checks: Vec<AnchorCheck>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files the page pulled in (includes, code samples, included articles): their locale and
    /// lowercase path in its folder. `serve` re-renders a page when one of them changes.
    pub includes: Vec<(usize, String)>,
}

/// Newer versions of pages and fragments than the site holds: what `serve` renders with after
/// an edit that changed nothing other pages see (a page's body, an include's text).
#[derive(Default)]
pub(crate) struct Overrides<'o> {
    pub pages: HashMap<PageId, &'o crate::model::Page>,
    /// (locale, path relative to the locale folder, as in the site) → text.
    pub fragments: HashMap<(usize, String), &'o str>,
}

impl<'o> Overrides<'o> {
    fn page<'s>(&self, site: &'s Site, id: PageId) -> &'s crate::model::Page
    where
        'o: 's,
    {
        self.pages.get(&id).copied().unwrap_or(&site.pages[id])
    }
}

/// A locale's fragments as a page sees them: overridden texts first, and every file it asks
/// for noted.
struct Tracked<'x> {
    inner: &'x LocaleFragments<'x>,
    over: &'x Overrides<'x>,
    used: std::cell::RefCell<Vec<(usize, String)>>,
}

impl FragmentSource for Tracked<'_> {
    fn fragment(&self, rel: &str) -> Option<(&str, &str)> {
        let (path, text) = self.inner.fragment(rel)?;
        let site = self.inner.site;
        let locale = self.inner.locale;
        // The locale whose file it is: this one's, else the first of its fallback chain that
        // has it (an article included as a fragment is this locale's).
        let chain = std::iter::once(locale).chain(site.locales[locale].fallback.iter().copied());
        let owner = chain
            .clone()
            .find(|&l| site.fragments[l].files.contains_key(path))
            .unwrap_or(locale);
        self.used.borrow_mut().push((owner, path.to_lowercase()));
        if let Some(t) = self.over.fragments.get(&(owner, path.to_string())) {
            return Some((path, t));
        }
        Some((path, text))
    }

    fn fragment_names(&self) -> Vec<&str> {
        self.inner.fragment_names()
    }

    fn docset_root(&self, rel: &str) -> &str {
        self.inner.docset_root(rel)
    }

    fn unfetched(&self, rel: &str) -> bool {
        self.inner.unfetched(rel)
    }
}

impl<'a> BuildCtx<'a> {
    /// The highlighter and what it has highlighted, for the next context (`serve`).
    pub(crate) fn into_highlighter(self) -> Highlighter {
        self.highlighter
    }

    /// One `flow` warning per request flow and placeholder that pages left empty (a page
    /// without `ms.topic` for `{topic}`...), at the first such page: call after rendering.
    /// What rendering every page found about the site as a whole: flows that lacked what
    /// their URL needs, links sent to the publishing host.
    pub(crate) fn site_diagnostics(&self) -> Vec<Diagnostic> {
        let mut d = self.flow_gaps.warnings(self.site, &self.config.flows);
        d.extend(self.index.host_note());
        d
    }

    /// Date `d` written in locale `li`'s long format (ISO where ICU has none).
    pub(crate) fn date_display(&self, li: usize, d: MsDate) -> String {
        self.dates
            .get(&(li, d))
            .filter(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| d.to_string())
    }

    /// Renders page `id` with newer versions of some pages and fragments (`serve`).
    pub(crate) fn render_with(&self, id: PageId, over: &Overrides) -> RenderedPage {
        let (site, config) = (self.site, self.config);
        let page = over.page(site, id);
        let tracked = Tracked {
            inner: &self.fragments[page.locale],
            over,
            used: Default::default(),
        };
        let permalink = config.permalink(&page.url);
        // `flow:` links are filled from this page; the others go to the link index.
        let info = crate::flows::PageInfo::of(site, page, &permalink);
        let links = crate::flows::PageLinks::new(&self.index, &config.flows, info);
        let parts = self.render_body(page, over, &links, &tracked);
        // The locale's home page (its own index page) gets the home blocks.
        let home = (page.url == site.locales[page.locale].home)
            .then(|| crate::home::home_ctx(self, page.locale));
        let mut ctx = template::page_ctx(
            site,
            &self.navigation,
            permalink.clone(),
            page,
            id,
            &parts,
            &self.shared.ui[page.locale],
        );
        ctx.alternates = self.alternates(id);
        let mut flow_diags = Vec::new();
        if matches!(page.kind, PageKind::Article | PageKind::Faq) {
            let label = self.shared.ui[page.locale].get("support_request");
            let label = label.map_or("", String::as_str);
            ctx.support = links.support(site, page, label, &mut flow_diags);
        }
        ctx.faq_ld = crate::faq_ld::json_ld(page, &parts, &permalink);
        ctx.home = home.as_ref();
        if page.fallback.is_none() {
            links.report_gaps(id, &self.flow_gaps);
        }
        self.add_page_links(&mut ctx, id, page);
        let html = self.render_template(id, page, &ctx);
        let mut diagnostics = parts.diagnostics;
        diagnostics.append(&mut flow_diags);
        let mut includes = tracked.used.into_inner();
        includes.sort_unstable();
        includes.dedup();
        RenderedPage {
            html,
            anchors: parts.anchors.into(),
            checks: parts.checks,
            diagnostics,
            includes,
        }
    }

    /// The Markdown of `page` rendered with its links and fragments. A fallback page shows
    /// the body of the page it borrows, its links resolved in this locale (so readers stay in
    /// it), and reports nothing (the page itself does).
    fn render_body(
        &self,
        page: &Page,
        over: &Overrides,
        links: &crate::flows::PageLinks,
        tracked: &Tracked,
    ) -> render::PageParts {
        let env = Env {
            locale: page.locale,
            resolver: links,
            fragments: tracked,
            highlighter: &self.highlighter,
            ui: &self.shared.ui[page.locale],
            escape_html: self.config.raw_html == crate::config::RawHtml::Escape,
            images: Some(&self.images),
        };
        let body_of = page.fallback.map_or(page, |src| over.page(self.site, src));
        let mut parts = render::render_page(body_of, &env);
        if page.fallback.is_some() {
            parts.diagnostics.clear();
            parts.checks.clear();
        }
        parts
    }

    /// Fills in what page `id` links to besides its body: related articles, its date in its
    /// locale's format, and the notices pointing to another locale's version (fallback, may
    /// be out of date, machine-translated).
    fn add_page_links<'x>(&'x self, ctx: &mut template::PageCtx<'x>, id: PageId, page: &Page) {
        let site = self.site;
        ctx.related = self
            .discovery
            .related
            .of(id)
            .map(|q| crate::template::ArticleLink::of(self, q))
            .collect();
        if let Some(d) = page
            .front
            .date
            .and_then(|d| self.dates.get(&(page.locale, d)))
            .filter(|d| !d.is_empty())
        {
            ctx.date_display = d.clone();
        }
        ctx.fallback = page.fallback.map(|src| self.other_locale(src));
        if self.stale.contains(&id) {
            ctx.stale = site
                .in_locale(id, site.default_locale)
                .map(|p| self.other_locale(p));
        }
        let mt = page.front.translation_type == Some(crate::frontmatter::TranslationType::Machine)
            && page.fallback.is_none()
            && page.front.all.get("mt_notice").map(|(v, _)| v) != Some("false");
        if mt {
            ctx.machine_translated = Some(self.original(id));
        }
    }

    /// Page `id`'s HTML from its kind's template, with its navigation when it has a TOC.
    fn render_template(
        &self,
        id: PageId,
        page: &Page,
        ctx: &template::PageCtx,
    ) -> Result<String, Diagnostic> {
        let write_page_nav = |out: &mut String| self.write_nav(id, out);
        self.templates
            .render_page(
                template::template_for(page.kind),
                &self.shared,
                page.locale,
                ctx,
                page.toc
                    .is_some()
                    .then_some(&write_page_nav as &dyn Fn(&mut String)),
            )
            .map_err(|mut d| {
                d.message = format!("{} (rendering {})", d.message, page.source);
                d
            })
    }

    /// Page `id` in every locale, for the language switcher and `hreflang`.
    fn alternates(&self, id: PageId) -> Vec<template::AlternateCtx<'_>> {
        let site = self.site;
        if site.locales.len() < 2 {
            return Vec::new();
        }
        let there = site.translations_of(id);
        site.locales
            .iter()
            .enumerate()
            .filter(|(_, l)| l.publish)
            .map(|(li, l)| {
                let page = there.get(li).copied().flatten();
                // Not there, but moved there: its redirect page sends readers on.
                let moved = page
                    .is_none()
                    .then(|| {
                        self.redirected
                            .get(&(li, site.pages[id].key.to_lowercase()))
                    })
                    .flatten();
                let url = match (page, moved) {
                    (Some(p), _) => site.pages[p].url.as_str(),
                    (None, Some(u)) => u.as_str(),
                    (None, None) => l.home.as_str(),
                };
                template::AlternateCtx {
                    page: template::OtherLocaleCtx {
                        code: &l.code,
                        name: &l.name,
                        url,
                        permalink: self.config.permalink(url),
                    },
                    exists: page.is_some_and(|p| site.pages[p].fallback.is_none()),
                    same_page: page.is_some() || moved.is_some(),
                    current: li == site.pages[id].locale,
                    default: li == site.default_locale,
                }
            })
            .collect()
    }

    /// Page `id` as the page of another locale: its language, name and address.
    /// The original of machine-translated page `id`: its first human-written version along
    /// its locale's fallback chain (then the default locale), else the page on the publishing
    /// host in Learn's source language, else none to link.
    fn original(&self, id: PageId) -> template::OriginalCtx {
        let site = self.site;
        let page = &site.pages[id];
        let chain = site.locales[page.locale].fallback.iter().copied();
        let human = chain
            .chain(std::iter::once(site.default_locale))
            .filter_map(|li| site.in_locale(id, li))
            .find(|&p| {
                p != id
                    && site.pages[p].fallback.is_none()
                    && site.pages[p].front.translation_type
                        != Some(crate::frontmatter::TranslationType::Machine)
            });
        if let Some(p) = human {
            let o = self.other_locale(p);
            return template::OriginalCtx {
                code: o.code.to_string(),
                name: o.name.to_string(),
                url: Some(o.url.to_string()),
            };
        }
        let source = crate::resolve::HOST_SOURCE_LOCALE;
        let url = crate::resolve::host_base(self.config, site).map(|base| {
            let prefix = &site.locales[page.locale].prefix;
            let tail = page
                .url
                .strip_prefix(self.config.root_path.as_str())
                .unwrap_or(&page.url);
            let tail = if prefix.is_empty() {
                tail
            } else {
                tail.strip_prefix(prefix.as_str()).unwrap_or(tail)
            };
            crate::resolve::host_url(&base, source, tail)
        });
        template::OriginalCtx {
            code: source.to_string(),
            name: crate::config::locale_display_name(source),
            url,
        }
    }

    fn other_locale(&self, id: PageId) -> template::OtherLocaleCtx<'a> {
        let p = &self.site.pages[id];
        let l = &self.site.locales[p.locale];
        template::OtherLocaleCtx {
            code: &l.code,
            name: &l.name,
            url: &p.url,
            permalink: self.config.permalink(&p.url),
        }
    }

    /// The navigation of page `id`: its TOC, opened at its place.
    fn write_nav(&self, id: PageId, out: &mut String) {
        let site = self.site;
        let page = &site.pages[id];
        let Some(toc) = page.toc else { return };
        let (node, ancestors) = match page.nav {
            Some((t, n)) if t == toc => (Some(n), site.tocs[t].ancestors(n)),
            _ => (None, Vec::new()),
        };
        self.navigation
            .write_for(site, &self.config.root_path, toc, node, &ancestors, out);
    }
}

/// Includes and code samples of a locale, and its pages' bodies (an article can be included).
pub(crate) struct LocaleFragments<'a> {
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
        // Files missing from the locale's tree come from its fallback chain (exact path).
        if !self.by_lower.contains_key(&rel.to_lowercase()) {
            let site = self.site;
            if let Some(found) = site.locales[self.locale]
                .fallback
                .iter()
                .find_map(|&l| site.fragments[l].files.get_key_value(rel))
            {
                return Some((found.0.as_str(), found.1.as_str()));
            }
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
