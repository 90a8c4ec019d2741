//! Stage 7: pages into the theme's Tera templates. Templates are compiled once; the shared
//! navigation HTML is spliced in after rendering instead of going through Tera per page.

use crate::diag::{Diagnostic, Kind};
use crate::model::{Locale, Page, PageKind, Site};
use crate::nav::Navigation;
use crate::render::{CardOut, FaqSectionOut, HubOut, PageParts};
use crate::theme::{Theme, UiStrings};
use serde::Serialize;
use tera::{Context, Tera};

/// Stands for the navigation in Tera's output; replaced by [`crate::nav::NavHtml::write_for`].
const NAV_MARKER: &str = "<!--ajuda:nav-->";

pub(crate) struct Templates {
    tera: Tera,
}

#[derive(Serialize, Clone)]
pub(crate) struct SiteCtx<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub root: &'a str,
    pub generator: String,
    /// The id stamped into every page, when the build was given one.
    pub build_id: Option<&'a str>,
    /// The site has a search index (`pagefind/`): pages show the search box.
    pub search: bool,
    /// `[feedback] endpoint`, where the theme sends votes and searches without results.
    pub feedback: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct LocaleCtx<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub prefix: &'a str,
    pub home: &'a str,
    pub dir: &'static str,
    /// The locale's Atom feed of recently updated articles (`url`, `title`), if it has one.
    pub feed: Option<crate::discovery::FeedLink>,
    /// The site's default request flow, filled for the locale and no page: the "Contact
    /// support" link of the header, home, 404 and search without results.
    pub contact: Option<String>,
    /// The locale's search results page, when the site has search.
    pub search: Option<String>,
}

impl<'a> LocaleCtx<'a> {
    pub(crate) fn of(l: &'a Locale) -> LocaleCtx<'a> {
        LocaleCtx {
            code: &l.code,
            name: &l.name,
            prefix: &l.prefix,
            home: &l.home,
            dir: l.direction,
            feed: None,
            contact: None,
            search: None,
        }
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct HeadingCtx<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

#[derive(Serialize, Default)]
pub(crate) struct PageCtx<'a> {
    /// The site title for this page when its docset has its own (`site.title` then).
    #[serde(skip)]
    pub site_title: Option<&'a str>,
    /// The page's identity across locales (its path without extension).
    pub key: &'a str,
    pub title: &'a str,
    /// The visible heading: the article's first `# Heading`, else the title.
    pub heading: &'a str,
    /// The id of the article's H1 (its slug), when the heading is one.
    pub heading_id: &'a str,
    pub title_suffix: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub kind: &'static str,
    pub content: &'a str,
    pub headings: Vec<HeadingCtx<'a>>,
    pub date: String,
    pub date_display: String,
    pub topic: &'a str,
    pub author: &'a str,
    pub meta: Option<&'a crate::frontmatter::Meta>,
    pub breadcrumb: Vec<Crumb>,
    pub prev: Option<Crumb>,
    pub next: Option<Crumb>,
    pub robots: &'a str,
    pub source_path: &'a str,
    pub faq: &'a [FaqSectionOut],
    pub landing: &'a [CardOut],
    /// Hub pages only: their sections.
    pub hub: Option<&'a HubOut>,
    /// This page in every locale, in the site's locale order (the language switcher and
    /// `hreflang`); empty for pages that are not content pages.
    pub alternates: Vec<AlternateCtx<'a>>,
    /// A fallback page: the locale has no translation and shows this locale's page (its
    /// language for `lang`, its address for `canonical`).
    pub fallback: Option<OtherLocaleCtx<'a>>,
    /// A machine-translated page (`ms.translationtype: MT`, unless `mt_notice: false`): its
    /// original, for the notice's link (`url` absent when there is none to link).
    pub machine_translated: Option<OriginalCtx>,
    /// A translation that may be out of date (`[l10n] stale_notice`): the source page.
    pub stale: Option<OtherLocaleCtx<'a>>,
    /// The site-wide `/404.html`: (locale home, that locale's 404 page) for each other
    /// published locale, so a reader lost under `/pt-br/` is sent to the Portuguese one.
    pub not_found_pages: Vec<(String, String)>,
    /// The "Still need help?" panel: the page's request flow (`flow`, `label`, `url` filled
    /// from the page) and its key (`page`); `None` when the page's flow is `none`.
    pub support: Option<crate::flows::SupportCtx>,
    /// A Markdown FAQ's (`ms.topic: faq`) `FAQPage` JSON-LD, already escaped for a
    /// `<script>` element (write it with `safe`).
    pub faq_ld: Option<String>,
    /// The locale's home page (generated, or the locale's own index page): its blocks
    /// (`categories`, `recent`, `promoted`).
    pub home: Option<&'a HomeCtx<'a>>,
    /// Articles and FAQs: related articles (`title`, `url`, `description`, `date`...).
    pub related: Vec<ArticleLink<'a>>,
    /// The "all articles" page: its groups (`id`, `title`, `articles`).
    pub groups: Vec<GroupCtx<'a>>,
}

/// A group of the "all articles" page: the articles of one folder that no TOC reaches.
#[derive(Serialize)]
pub(crate) struct GroupCtx<'a> {
    pub id: String,
    pub title: String,
    pub articles: Vec<ArticleLink<'a>>,
}

/// The same page in another locale.
#[derive(Serialize)]
pub(crate) struct OtherLocaleCtx<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub permalink: String,
}

/// A machine-translated page's original: the first human-written version of it in the
/// locale's fallback chain, else the page on the publishing host in its source language.
#[derive(Serialize)]
pub(crate) struct OriginalCtx {
    pub code: String,
    pub name: String,
    pub url: Option<String>,
}

/// A locale's version of the current page: its URL there, or the locale's home page when it
/// has no translation (`exists` false).
#[derive(Serialize)]
pub(crate) struct AlternateCtx<'a> {
    /// `code`, `name`, `url` and `permalink` for templates.
    #[serde(flatten)]
    pub page: OtherLocaleCtx<'a>,
    /// The locale has its own page (not a fallback): listed in `hreflang`.
    pub exists: bool,
    /// The link goes to this page there (its own or its fallback), not to the home page.
    pub same_page: bool,
    pub current: bool,
    /// The site's default locale (`hreflang="x-default"`).
    pub default: bool,
}

/// What every page of a build shares.
pub(crate) struct Shared<'a> {
    pub site: SiteCtx<'a>,
    /// The site title in each locale (`site.title` in that locale's templates).
    pub titles: Vec<String>,
    pub ui: Vec<UiStrings>,
    /// Per locale: the context every page of the locale starts from (site, locale, locales,
    /// ui, nav), converted to Tera values once instead of once per page.
    base: Vec<Context>,
}

impl<'a> Shared<'a> {
    /// `title(code, help_center)` gives a locale's site title from its code and the theme's
    /// "Help Center" in its language.
    pub(crate) fn new(
        site: SiteCtx<'a>,
        locales: Vec<LocaleCtx<'a>>,
        ui: Vec<UiStrings>,
        title: impl Fn(&str, &str) -> String,
    ) -> Shared<'a> {
        let mut base = Vec::with_capacity(locales.len());
        let titles: Vec<String> = locales
            .iter()
            .zip(&ui)
            .map(|(l, u)| {
                let fallback = u.get("help_center").map_or("Help Center", String::as_str);
                title(l.code, fallback)
            })
            .collect();
        for (i, l) in locales.iter().enumerate() {
            let mut c = Context::new();
            c.insert(
                "site",
                &SiteCtx {
                    title: &titles[i],
                    ..site.clone()
                },
            );
            c.insert("locale", l);
            c.insert("locales", &locales);
            c.insert("ui", &ui[i]);
            c.insert("nav", NAV_MARKER);
            c.insert("target", "");
            base.push(c);
        }
        Shared {
            site,
            titles,
            ui,
            base,
        }
    }
}

impl Templates {
    pub(crate) fn compile(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also writes `/` as `&#x2F;`, which makes every URL noisy.
        tera.set_escape_fn(escape_html_text);
        tera.register_filter("json_script", json_script);
        tera.register_function("t", crate::messages::Messages::new(theme).tera_function());
        // A theme made before hub pages shows them with its landing template, and before the
        // root language page, with ajuda's.
        let hub_fallback = theme
            .templates
            .iter()
            .all(|(n, _)| n != "hub.html")
            .then(|| theme.templates.iter().find(|(n, _)| n == "landing.html"))
            .flatten()
            .map(|(_, s)| ("hub.html", s.as_str()));
        let root_fallback = theme
            .templates
            .iter()
            .all(|(n, _)| n != "root.html")
            .then_some(("root.html", ROOT_TEMPLATE));
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(n, s)| (n.as_str(), s.as_str()))
                .chain(hub_fallback)
                .chain(root_fallback),
        )
        .map_err(|e| vec![tera_diag(&e, "templates")])?;
        for needed in [
            "article.html",
            "faq.html",
            "landing.html",
            "home.html",
            "404.html",
            "redirect.html",
        ] {
            if !theme.templates.iter().any(|(n, _)| n == needed) {
                return Err(vec![Diagnostic::new(
                    Kind::Template,
                    format!("templates/{needed}"),
                    "the theme has no such template",
                )]);
            }
        }
        Ok(Templates { tera })
    }

    /// Renders a page, navigation spliced in; without navigation `nav` is empty for the
    /// templates (no menu drawer).
    pub(crate) fn render_page(
        &self,
        template: &str,
        shared: &Shared,
        locale: usize,
        page: &PageCtx,
        nav: Option<&dyn Fn(&mut String)>,
    ) -> Result<String, Diagnostic> {
        let mut ctx = shared.base[locale].clone();
        ctx.try_insert("page", page)
            .map_err(|e| tera_diag(&e, template))?;
        if let Some(title) = page.site_title {
            ctx.insert(
                "site",
                &SiteCtx {
                    title,
                    ..shared.site.clone()
                },
            );
        }
        let Some(nav) = nav else {
            ctx.insert("nav", "");
            return self
                .tera
                .render(template, &ctx)
                .map_err(|e| tera_diag(&e, template));
        };
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| tera_diag(&e, template))?;
        Ok(match html.find(NAV_MARKER) {
            Some(i) => {
                let mut out = String::with_capacity(html.len() + 16 * 1024);
                out.push_str(&html[..i]);
                nav(&mut out);
                out.push_str(&html[i + NAV_MARKER.len()..]);
                out
            }
            None => html,
        })
    }

    /// The redirect page for a moved URL.
    pub(crate) fn render_redirect(
        &self,
        shared: &Shared,
        locale: usize,
        r: RedirectCtx,
    ) -> Result<String, Diagnostic> {
        let page = PageCtx {
            permalink: r.permalink,
            kind: "redirect",
            ..Default::default()
        };
        let mut ctx = shared.base[locale].clone();
        ctx.try_insert("page", &page)
            .map_err(|e| tera_diag(&e, "redirect.html"))?;
        ctx.insert("nav", "");
        ctx.insert("target", r.target);
        ctx.insert("canonical", r.canonical);
        ctx.insert("target_title", &r.title);
        self.tera
            .render("redirect.html", &ctx)
            .map_err(|e| tera_diag(&e, "redirect.html"))
    }
}

/// The default theme's root page, for themes that have none.
const ROOT_TEMPLATE: &str = include_str!("../themes/default/templates/root.html");

/// A redirect page: where it is, where it sends readers (relative to itself), the target's
/// absolute address and title.
pub(crate) struct RedirectCtx<'a> {
    pub permalink: String,
    pub target: &'a str,
    pub canonical: &'a str,
    pub title: Option<&'a str>,
}

fn escape_html_text(s: &str) -> String {
    crate::markdown::attr_escape(s)
}

fn tera_diag(e: &tera::Error, template: &str) -> Diagnostic {
    // Tera's useful text is in the chain of sources.
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    Diagnostic::new(Kind::Template, format!("templates/{template}"), msg)
}

pub(crate) fn template_for(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Article => "article.html",
        PageKind::Faq => "faq.html",
        PageKind::Landing => "landing.html",
        PageKind::Hub => "hub.html",
    }
}

/// The title of the page's docset, where the site is made of docsets and the config names no
/// title: its `_appTitle`, else its breadcrumb's root name.
fn docset_title<'a>(site: &'a Site, page: &Page) -> Option<&'a str> {
    if !site.titled_by_docsets {
        return None;
    }
    let docset = crate::docfx::docset_of(&site.docsets[page.locale], &page.source)?;
    docset.app_title().or_else(|| {
        site.breadcrumbs
            .iter()
            .find(|b| b.locale == page.locale && b.dir == docset.dir)
            .and_then(|b| b.crumbs.first())
            .map(|c| c.title.as_str())
    })
}

/// A page's trail from its locale's home: the docset's breadcrumb file above it, then its TOC's
/// ancestors (only with `extendBreadcrumb` when a breadcrumb file applies, as on Learn).
pub(crate) fn breadcrumb(site: &Site, page: &Page, ui: &UiStrings) -> Vec<Crumb> {
    let mut breadcrumb = vec![Crumb {
        title: ui.get("home").cloned().unwrap_or_else(|| "Home".into()),
        url: site.locales[page.locale].home.clone(),
    }];
    // The docset's breadcrumb file gives the trail above the page; its TOC's trail follows
    // only with `extendBreadcrumb` (as on Learn).
    let tree = site
        .breadcrumbs
        .iter()
        .filter(|b| {
            b.locale == page.locale
                && (b.dir.is_empty() || page.source.starts_with(&format!("{}/", b.dir)))
        })
        .max_by_key(|b| b.dir.len());
    let mut extend = true;
    if let Some(tree) = tree {
        // Where the page is published under the locale (its docset may move it).
        let home = &site.locales[page.locale].home;
        let path = page.url.strip_prefix(home.as_str()).unwrap_or(&page.url);
        let trail = tree.trail(&crate::address::decoded_path(path));
        extend = tree.extend || trail.is_empty();
        for item in trail {
            let url = item
                .target
                .map_or(String::new(), |p| site.pages[p].url.clone());
            if url.is_empty() || breadcrumb.iter().all(|c| c.url != url) {
                breadcrumb.push(Crumb {
                    title: item.title.clone(),
                    url,
                });
            }
        }
    }
    if let Some((t, n)) = page.nav.filter(|_| extend) {
        let toc = &site.tocs[t];
        for a in toc.ancestors(n) {
            let node = &toc.nodes[a];
            let url = site.toc_url(node).unwrap_or_default().to_string();
            if breadcrumb.iter().all(|c| c.url != url || url.is_empty()) {
                breadcrumb.push(Crumb {
                    title: node.title.clone(),
                    url,
                });
            }
        }
    }
    breadcrumb
}

/// The template context of a page.
pub(crate) fn page_ctx<'a>(
    site: &'a Site,
    nav: &Navigation,
    permalink: String,
    page: &'a Page,
    id: usize,
    parts: &'a PageParts,
    ui: &UiStrings,
) -> PageCtx<'a> {
    let f = &page.front;
    let breadcrumb = breadcrumb(site, page, ui);
    let crumb = |p: usize| Crumb {
        title: site.pages[p].title.clone(),
        url: site.pages[p].url.clone(),
    };
    let (prev, next) = nav.prev_next[id];
    PageCtx {
        site_title: docset_title(site, page),
        key: &page.key,
        groups: Vec::new(),
        title: &page.title,
        heading: parts.heading.as_deref().unwrap_or(&page.title),
        heading_id: parts.heading_id.as_deref().unwrap_or(""),
        title_suffix: f.title_suffix().unwrap_or(""),
        description: f.description().unwrap_or(""),
        url: &page.url,
        permalink,
        kind: match page.kind {
            PageKind::Article => "article",
            PageKind::Faq => "faq",
            PageKind::Landing => "landing",
            PageKind::Hub => "hub",
        },
        content: &parts.content,
        headings: parts
            .headings
            .iter()
            .map(|h| HeadingCtx {
                level: h.level,
                id: &h.id,
                title: &h.title,
            })
            .collect(),
        date: f.date.map(|d| d.to_string()).unwrap_or_default(),
        date_display: f.date.map(|d| d.to_string()).unwrap_or_default(),
        topic: f.topic().unwrap_or(""),
        author: f.author().unwrap_or(""),
        meta: Some(&f.all),
        breadcrumb,
        prev: prev.map(crumb),
        next: next.map(crumb),
        robots: f.robots().unwrap_or(""),
        source_path: &page.source,
        faq: &parts.faq,
        landing: &parts.landing,
        hub: parts.hub.as_ref(),
        fallback: None,
        machine_translated: None,
        stale: None,
        not_found_pages: Vec::new(),
        support: None,
        faq_ld: None,
        alternates: Vec::new(),
        home: None,
        related: Vec::new(),
    }
}

/// `{{ value | json_script | safe }}`: JSON that can sit inside a `<script>` element. `<`, `>`
/// and `&` are written as `\u003c`, `\u003e`, `\u0026` (and U+2028/9 escaped), so no text can
/// close the element (`</script>`) or open a comment (`<!--`) in it.
fn json_script(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let json = serde_json::to_string(value).map_err(tera::Error::json)?;
    Ok(tera::Value::String(escape_json_for_script(&json)))
}

/// Escapes serialized JSON for a `<script>` element (see [`json_script`]).
pub(crate) fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// An article as other pages list it (`page.home.recent`, `page.home.promoted`,
/// `page.related`).
#[derive(Debug, Serialize)]
pub(crate) struct ArticleLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    /// ISO date from `ms.date`, or empty.
    pub date: String,
    /// The same date written for the locale, or empty.
    pub date_display: String,
}

/// The blocks of a locale's home page (`page.home`).
#[derive(Debug, Serialize)]
pub(crate) struct HomeCtx<'a> {
    /// A card per TOC of the locale, its top entries as links (as `page.landing`).
    pub categories: Vec<crate::render::CardOut>,
    /// Recently updated articles, newest first.
    pub recent: Vec<ArticleLink<'a>>,
    /// The articles `[home] promoted` names, in config order.
    pub promoted: Vec<ArticleLink<'a>>,
}
