//! The help-center home of each locale and what helps readers discover articles: the blocks
//! of a locale's home page (its categories, its recently updated articles, the articles the
//! config promotes), related articles ([`crate::related`]) and the locale's Atom feed
//! ([`crate::feeds`]), all computed once per build in [`Discovery::new`].
//!
//! The generated home page (a locale without its own `index` page) shows the blocks; a locale's
//! own index page gets them too (`page.home`), for its template to show.
//!
//! `[home] promoted = ["partner-support/get-support.md", ...]` names the promoted articles by
//! their path relative to each locale folder, with or without extension. A locale without its
//! own page at a path promotes nothing there; a path no locale has is a `config` warning.

use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::frontmatter::MsDate;
use crate::model::{Page, PageId, PageKind, Site};
use crate::pipeline::BuildCtx;
use crate::render::CardOut;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Range;
use toml::Spanned;

/// Recently updated articles on a home page.
pub const RECENT: usize = 8;
/// Entries of a locale's feed (the longest list of recently updated articles kept).
pub const FEED_ENTRIES: usize = 30;

/// `[home]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHome {
    /// Paths of promoted articles, relative to each locale folder.
    #[serde(default)]
    pub promoted: Vec<Spanned<String>>,
}

/// `[home]`, checked.
#[derive(Debug, Clone, Default)]
pub struct HomeConfig {
    pub promoted: Vec<Promoted>,
}

/// A promoted article as the config names it.
#[derive(Debug, Clone)]
pub struct Promoted {
    /// As written (`partner-support/get-support.md`).
    pub path: String,
    /// The page key it names, lowercase (`partner-support/get-support`).
    key: String,
    /// Written with an extension (compared with file names, else with page keys).
    with_ext: bool,
    /// Where it is written, for the warning when no locale has it.
    file: String,
    line: u32,
    column: u32,
}

impl HomeConfig {
    /// Checks `[home]`: every promoted path must be a page path inside a locale folder.
    pub fn from_raw(
        raw: RawHome,
        file: &str,
        text: &str,
        err: &dyn Fn(Range<usize>, String) -> Diagnostic,
    ) -> (HomeConfig, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut promoted = Vec::new();
        for p in raw.promoted {
            let path = p.get_ref().trim().replace('\\', "/");
            let rel = path.trim_start_matches("./").trim_start_matches('/');
            let key = crate::paths::page_key(rel, rel);
            if !crate::paths::is_publishable_key(&key) {
                diags.push(err(
                    p.span(),
                    format!(
                        "[home] promoted: `{path}` is not a page path inside the content folder"
                    ),
                ));
                continue;
            }
            let (line, column) = crate::diag::line_col(text, p.span().start);
            promoted.push(Promoted {
                with_ext: key.len() != rel.len(),
                key: key.to_lowercase(),
                path,
                file: file.to_string(),
                line,
                column,
            });
        }
        (HomeConfig { promoted }, diags)
    }
}

/// What the discovery features need, computed once per build (in `BuildCtx::new`).
#[derive(Default)]
pub struct Discovery {
    /// Per locale: its own dated articles, newest first (ties by title, then URL), at most
    /// [`FEED_ENTRIES`].
    pub recent: Vec<Vec<PageId>>,
    /// Per locale: its own pages that `[home] promoted` names, in config order.
    pub promoted: Vec<Vec<PageId>>,
    /// Per locale: its feed, when it has one.
    pub feeds: Vec<Option<crate::feeds::FeedLink>>,
    pub related: crate::related::Related,
}

impl Discovery {
    /// `help_center[li]` is the theme's "Help Center" in locale `li`'s language and
    /// `recently_updated[li]` its "Recently updated" (for feed titles).
    pub fn new(
        config: &Config,
        site: &Site,
        help_center: &[&str],
        recently_updated: &[&str],
    ) -> (Discovery, Vec<Diagnostic>) {
        let recent: Vec<Vec<PageId>> = (0..site.locales.len())
            .map(|li| recent(site, li, FEED_ENTRIES))
            .collect();
        let (promoted, diags) = promoted(config, site);
        let feeds = crate::feeds::links(config, site, &recent, help_center, recently_updated);
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
/// not `noindex`, not the locale's home page.
pub fn listable(site: &Site, p: &Page) -> bool {
    p.fallback.is_none()
        && matches!(p.kind, PageKind::Article | PageKind::Faq)
        && !p
            .front
            .robots()
            .is_some_and(|r| r.to_ascii_lowercase().contains("noindex"))
        && p.url != site.locales[p.locale].home
}

/// The order of "recently updated": newest `ms.date` first (undated last), then title, then
/// URL, so that equal dates always come out the same way.
pub fn newest_first(a: &Page, b: &Page) -> Ordering {
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
pub fn recent(site: &Site, li: usize, n: usize) -> Vec<PageId> {
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

/// Each locale's promoted pages, and a warning for each path that no locale has.
fn promoted(config: &Config, site: &Site) -> (Vec<Vec<PageId>>, Vec<Diagnostic>) {
    let mut out = vec![Vec::new(); site.locales.len()];
    let mut diags = Vec::new();
    for p in &config.home.promoted {
        let found = site.translations.get(&p.key).map_or(&[][..], Vec::as_slice);
        let mut anywhere = false;
        for (li, id) in found.iter().enumerate() {
            let Some(id) = id.filter(|&id| site.pages[id].fallback.is_none()) else {
                continue;
            };
            anywhere = true;
            if site.locales[li].publish && !out[li].contains(&id) {
                out[li].push(id);
            }
        }
        if !anywhere {
            diags.push(missing_promoted(site, p));
        }
    }
    (out, diags)
}

/// The warning for a promoted path no locale has, with the nearest page path.
fn missing_promoted(site: &Site, p: &Promoted) -> Diagnostic {
    let names: BTreeSet<&str> = site
        .pages
        .iter()
        .filter(|q| q.fallback.is_none())
        .map(|q| {
            if p.with_ext {
                q.source.as_str()
            } else {
                q.key.as_str()
            }
        })
        .collect();
    let wanted = p.path.trim_start_matches("./").trim_start_matches('/');
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
    .suggest(crate::diag::nearest(wanted, names).map(str::to_string))
}

/// An article as other pages list it (`page.home.recent`, `page.home.promoted`,
/// `page.related`).
#[derive(Debug, Serialize)]
pub struct ArticleLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    /// ISO date from `ms.date`, or empty.
    pub date: String,
    /// The same date written for the locale, or empty.
    pub date_display: String,
}

impl<'a> ArticleLink<'a> {
    pub fn of(ctx: &BuildCtx<'a>, id: PageId) -> ArticleLink<'a> {
        let p = &ctx.site.pages[id];
        ArticleLink {
            title: &p.title,
            url: &p.url,
            description: p.front.description().unwrap_or(""),
            date: p.front.date.map(|d| d.to_string()).unwrap_or_default(),
            date_display: p
                .front
                .date
                .map(|d| ctx.date_display(p.locale, d))
                .unwrap_or_default(),
        }
    }
}

/// The blocks of a locale's home page (`page.home`).
#[derive(Debug, Serialize)]
pub struct HomeCtx<'a> {
    /// A card per TOC of the locale, its top entries as links (as `page.landing`).
    pub categories: Vec<CardOut>,
    /// Recently updated articles, newest first.
    pub recent: Vec<ArticleLink<'a>>,
    /// The articles `[home] promoted` names, in config order.
    pub promoted: Vec<ArticleLink<'a>>,
}

/// The home blocks of locale `li`.
pub fn home_ctx<'a>(ctx: &BuildCtx<'a>, li: usize) -> HomeCtx<'a> {
    let d = &ctx.discovery;
    let links = |ids: &[PageId]| ids.iter().map(|&id| ArticleLink::of(ctx, id)).collect();
    HomeCtx {
        categories: crate::extras::categories(ctx, li),
        recent: links(&d.recent[li][..d.recent[li].len().min(RECENT)]),
        promoted: links(&d.promoted[li]),
    }
}
