//! What helps readers discover articles, computed once per build from the site model (no
//! HTML): each locale's recently updated articles, the articles `[home] promoted` names, its
//! feed link, and related articles ([`crate::related`]). The home page, feeds and templates
//! show them.

use crate::config::home::Promoted;
use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::frontmatter::MsDate;
use crate::model::{Page, PageId, PageKind, Site};
use crate::resolve::Resolve;
use serde::Serialize;
use std::cmp::Ordering;

/// Recently updated articles on a home page.
pub(crate) const RECENT: usize = 8;
/// Entries of a locale's feed (the longest list of recently updated articles kept).
pub(crate) const FEED_ENTRIES: usize = 30;

/// What the discovery features need, computed once per build (in `BuildCtx::new`).
#[derive(Default)]
pub(crate) struct Discovery {
    /// Per locale: its own dated articles, newest first (ties by title, then URL), at most
    /// [`FEED_ENTRIES`].
    pub recent: Vec<Vec<PageId>>,
    /// Per locale: its own pages that `[home] promoted` names, in config order.
    pub promoted: Vec<Vec<PageId>>,
    /// Per locale: its feed, when it has one.
    pub feeds: Vec<Option<FeedLink>>,
    pub related: crate::related::Related,
}

impl Discovery {
    /// `help_center[li]` is the theme's "Help Center" in locale `li`'s language and
    /// `recently_updated[li]` its "Recently updated" (for feed titles).
    pub(crate) fn new(
        config: &Config,
        site: &Site,
        links: &impl Resolve,
        help_center: &[&str],
        recently_updated: &[&str],
    ) -> (Discovery, Vec<Diagnostic>) {
        let recent: Vec<Vec<PageId>> = (0..site.locales.len())
            .map(|li| recent(site, li, FEED_ENTRIES))
            .collect();
        let (promoted, diags) = promoted(config, site, links);
        let feeds = crate::discovery::links(config, site, &recent, help_center, recently_updated);
        let related = crate::related::Related::new(site);
        (
            Discovery {
                recent,
                promoted,
                feeds,
                related,
            },
            diags,
        )
    }
}

/// Whether readers of page `p`'s locale may be pointed to it from another page (recently
/// updated, promoted, related, feeds): the locale's own article or FAQ (not a page it borrows),
/// not the locale's home page. `noindex` does not matter: it keeps a page from crawlers (its
/// robots meta, the sitemap), not from the help center's readers, and support articles written
/// to be shown inside a product are often all `noindex`.
pub(crate) fn listable(site: &Site, p: &Page) -> bool {
    p.fallback.is_none()
        && matches!(p.kind, PageKind::Article | PageKind::Faq)
        && p.url != site.locales[p.locale].home
}

/// The articles of locale `li` that no TOC reaches, grouped by their top folder (`""` for the
/// locale's root, last), in path order, without folders' index pages (which name the groups):
/// what the "all articles" page lists.
pub(crate) fn untocked(site: &Site, li: usize) -> Vec<(String, Vec<PageId>)> {
    let mut ids: Vec<PageId> = site
        .pages_of(li)
        .filter(|(_, p)| p.nav.is_none() && listable(site, p))
        .map(|(id, _)| id)
        .collect();
    let folder_of = |id: PageId| {
        let key = &site.pages[id].key;
        key.rsplit_once('/')
            .map_or("", |(d, _)| d.split('/').next().unwrap_or(""))
    };
    // Pages at the locale's root last; a folder's own index page names its group instead.
    ids.retain(|&id| !site.pages[id].key.ends_with("/index"));
    ids.sort_by(|&a, &b| {
        (folder_of(a).is_empty(), &site.pages[a].key)
            .cmp(&(folder_of(b).is_empty(), &site.pages[b].key))
    });
    let mut groups: Vec<(String, Vec<PageId>)> = Vec::new();
    for id in ids {
        let folder = folder_of(id);
        match groups.last_mut() {
            Some((f, list)) if f == folder => list.push(id),
            _ => groups.push((folder.to_string(), vec![id])),
        }
    }
    groups
}

/// The category of page `p` for search filters: the title of its top TOC entry (the one under
/// a TOC's single root, when everything hangs from one), as the home page's categories show.
pub(crate) fn category_of<'s>(site: &'s Site, p: &Page) -> Option<&'s str> {
    let (t, n) = p.nav.or_else(|| {
        let p = &site.pages[p.fallback?];
        p.nav
    })?;
    let toc = &site.tocs[t];
    let mut path = toc.ancestors(n);
    path.push(n);
    let depth = usize::from(toc.roots.len() == 1 && path.len() > 1);
    path.get(depth).map(|&i| toc.nodes[i].title.as_str())
}

/// How an `ms.service` value is shown: its name in `[search.products]`, else the value tidied
/// (`partner-center` → `Partner Center`).
pub(crate) fn product_name(config: &Config, service: &str) -> String {
    if let Some((_, name)) = config
        .products
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(service))
    {
        return name.clone();
    }
    service
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the site's own search covers page `p`: every page a reader can reach in its locale,
/// `noindex` or not, unless `[search] exclude` matches its source path or its front matter says
/// `search: false`. A fallback page is found in the locale it comes from.
pub(crate) fn searchable(config: &Config, p: &Page) -> bool {
    p.fallback.is_none()
        && !p
            .front
            .text("search")
            .is_some_and(|v| v.eq_ignore_ascii_case("false") || v.eq_ignore_ascii_case("no"))
        && !config.search_exclude.is_match(&p.source)
}

/// The order of "recently updated": newest `ms.date` first (undated last), then title, then
/// URL, so that equal dates always come out the same way.
pub(crate) fn newest_first(a: &Page, b: &Page) -> Ordering {
    fn date(p: &Page) -> Option<std::cmp::Reverse<MsDate>> {
        p.front.date.map(std::cmp::Reverse)
    }
    // `None` sorts before `Some`: undated pages go last by comparing the flags first.
    (date(a).is_none(), date(a), &a.title, &a.url).cmp(&(
        date(b).is_none(),
        date(b),
        &b.title,
        &b.url,
    ))
}

/// Locale `li`'s own dated articles, newest first, at most `n`.
pub(crate) fn recent(site: &Site, li: usize, n: usize) -> Vec<PageId> {
    if !site.locales[li].publish {
        return Vec::new();
    }
    let mut ids: Vec<PageId> = site
        .pages_of(li)
        .filter(|(_, p)| p.front.date.is_some() && listable(site, p))
        .map(|(id, _)| id)
        .collect();
    let by = |a: &PageId, b: &PageId| newest_first(&site.pages[*a], &site.pages[*b]);
    if ids.len() > n {
        ids.select_nth_unstable_by(n, by);
        ids.truncate(n);
    }
    ids.sort_by(by);
    ids
}

/// Each locale's promoted pages, and a warning for each path that no locale has. A path is a
/// link from the locale's root, answered by the resolver every link goes through (letter case,
/// folders' `index`, redirects), so `[home] promoted` and a body link agree on what a path names.
fn promoted(
    config: &Config,
    site: &Site,
    links: &impl Resolve,
) -> (Vec<Vec<PageId>>, Vec<Diagnostic>) {
    let mut out = vec![Vec::new(); site.locales.len()];
    let mut diags = Vec::new();
    for p in &config.home.promoted {
        let wanted = p.path.trim_start_matches("./").trim_start_matches('/');
        let mut anywhere = false;
        let mut suggestion = None;
        for (li, (locale, promoted)) in site.locales.iter().zip(&mut out).enumerate() {
            let res = links.resolve(li, "", wanted, false);
            suggestion = suggestion.or_else(|| res.problem.and_then(|pr| pr.suggestion));
            let Some(id) = res.page.filter(|&id| site.pages[id].fallback.is_none()) else {
                continue;
            };
            anywhere = true;
            if locale.publish && !promoted.contains(&id) {
                promoted.push(id);
            }
        }
        if !anywhere {
            diags.push(missing_promoted(p, suggestion));
        }
    }
    (out, diags)
}

/// The warning for a promoted path no locale has, with the resolver's nearest path.
fn missing_promoted(p: &Promoted, suggestion: Option<String>) -> Diagnostic {
    Diagnostic::new(
        Kind::Config,
        &p.file,
        format!(
            "[home] promoted: no locale has a page `{}`; it is not promoted",
            p.path
        ),
    )
    .at(p.line, p.column)
    .target(p.path.as_str())
    .severity(Severity::Warning)
    .suggest(suggestion)
}

/// A locale's feed, as pages link it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedLink {
    /// Site-relative URL (`/pt-br/feed.xml`).
    pub url: String,
    /// The feed's title: the locale's site title and "Recently updated".
    pub title: String,
}

/// The feed of each locale, when it has one (`recent`: each locale's articles for it).
/// `help_center` and `recently_updated`: those UI strings per locale.
pub(crate) fn links(
    config: &Config,
    site: &Site,
    recent: &[Vec<PageId>],
    help_center: &[&str],
    recently_updated: &[&str],
) -> Vec<Option<FeedLink>> {
    site.locales
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let absolute =
                config.base_url.starts_with("http://") || config.base_url.starts_with("https://");
            if !l.publish
                || !absolute
                || recent[li].is_empty()
                || site.assets[li].files.contains(FILE)
            {
                return None;
            }
            Some(FeedLink {
                url: format!("{}{}", config.root_path, output_path(&l.prefix)),
                title: format!(
                    "{} – {}",
                    config.site_title(&l.code, help_center[li]),
                    recently_updated[li]
                ),
            })
        })
        .collect()
}

pub(crate) const FILE: &str = "feed.xml";

/// Where a locale's feed is written, relative to the output.
pub(crate) fn output_path(prefix: &str) -> String {
    if prefix.is_empty() {
        FILE.to_string()
    } else {
        format!("{prefix}/{FILE}")
    }
}
