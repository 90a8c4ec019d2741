//! The help-center home of each locale: the blocks of its home page (its categories, its
//! recently updated articles, the articles the config promotes), from what
//! [`crate::discovery`] computed once per build.
//!
//! The generated home page (a locale without its own `index` page) shows the blocks; a locale's
//! own index page gets them too (`page.home`), for its template to show.

use crate::ctx::BuildCtx;
use crate::discovery::RECENT;
use crate::model::{PageId, TocTarget};
use crate::render::{CardOut, LinkOut, ListOut};
use crate::template::{ArticleLink, HomeCtx};

impl<'a> ArticleLink<'a> {
    pub(crate) fn of(ctx: &BuildCtx<'a>, id: PageId) -> ArticleLink<'a> {
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

/// The home blocks of locale `li`.
pub(crate) fn home_ctx<'a>(ctx: &BuildCtx<'a>, li: usize) -> HomeCtx<'a> {
    let d = &ctx.discovery;
    let links = |ids: &[PageId]| ids.iter().map(|&id| ArticleLink::of(ctx, id)).collect();
    HomeCtx {
        categories: categories(ctx, li),
        recent: links(&d.recent[li][..d.recent[li].len().min(RECENT)]),
        promoted: links(&d.promoted[li]),
    }
}

/// The categories of locale `li`: a card per TOC with its top entries as links (the home
/// page's and the 404 page's), and a card for the articles no TOC reaches, its links to their
/// groups on the "all articles" page.
pub(crate) fn categories(ctx: &BuildCtx, li: usize) -> Vec<CardOut> {
    let mut cards = toc_cards(ctx, li);
    let groups = crate::discovery::untocked(ctx.site, li);
    if !groups.is_empty() {
        let url = ctx
            .site
            .addresses(&ctx.config.root_path, li)
            .all_articles()
            .url;
        let title = ctx.shared.ui[li]
            .get("all_articles")
            .cloned()
            .unwrap_or_else(|| "All articles".into());
        let links = groups
            .iter()
            .map(|(folder, _)| LinkOut {
                text: group_title(ctx, li, folder),
                url: format!("{url}#{}", group_id(folder)),
            })
            .collect();
        cards.push(card(title, links));
    }
    cards
}

/// A card of one untitled list of links.
fn card(title: String, links: Vec<LinkOut>) -> CardOut {
    CardOut {
        title,
        lists: vec![ListOut {
            kind: String::new(),
            label: String::new(),
            links,
        }],
    }
}

/// The heading of a group of the "all articles" page: the folder's name in the locale (see
/// [`folder_title`]), else tidied; the locale's own title for pages at its root.
pub(crate) fn group_title(ctx: &BuildCtx, li: usize, folder: &str) -> String {
    if folder.is_empty() {
        return ctx.shared.titles[li].clone();
    }
    folder_title(ctx, li, folder).unwrap_or_else(|| tidy(folder))
}

/// The id of a group's heading on the "all articles" page.
pub(crate) fn group_id(folder: &str) -> String {
    if folder.is_empty() {
        "top".into()
    } else {
        crate::markdown::slug::slugify(folder)
    }
}

fn toc_cards(ctx: &BuildCtx, li: usize) -> Vec<CardOut> {
    let site = ctx.site;
    let mut cards = Vec::new();
    for toc in site.tocs.iter().filter(|t| t.locale == li && !t.included) {
        let links: Vec<LinkOut> = toc
            .roots
            .iter()
            .flat_map(|&r| {
                let node = &toc.nodes[r];
                // A single root holding everything: list its children instead.
                if toc.roots.len() == 1 && !node.children.is_empty() {
                    node.children.clone()
                } else {
                    vec![r]
                }
            })
            .filter_map(|n| {
                let node = &toc.nodes[n];
                let url = match site.toc_url(node) {
                    Some(u) => u.to_string(),
                    None => node
                        .children
                        .iter()
                        .find_map(|&c| match &toc.nodes[c].target {
                            Some(TocTarget::Page(p)) => Some(site.pages[*p].url.clone()),
                            _ => None,
                        })?,
                };
                Some(LinkOut {
                    text: node.title.clone(),
                    url,
                })
            })
            .collect();
        if links.is_empty() {
            continue;
        }
        cards.push(card(card_title(ctx, li, toc).0, links));
    }
    cards
}

/// A category card's title, and whether it is only the folder's name tidied: the TOC's single
/// root entry, else the folder's own name ([`folder_title`]), else the site's title for the
/// locale's root TOC, else the folder name tidied.
fn card_title(ctx: &BuildCtx, li: usize, toc: &crate::model::Toc) -> (String, bool) {
    let named = toc
        .roots
        .first()
        .filter(|_| toc.roots.len() == 1)
        .map(|&r| toc.nodes[r].title.clone())
        .or_else(|| folder_title(ctx, li, &toc.dir));
    match named {
        Some(t) => (t, false),
        None if toc.dir.is_empty() => (ctx.shared.titles[li].clone(), false),
        None => (tidy(&toc.dir), true),
    }
}

/// One note per category card of locale `li` titled by its folder's name only (no TOC root,
/// index page or `_appTitle` names it in the locale's language).
pub(crate) fn untitled_categories(ctx: &BuildCtx, li: usize) -> Vec<crate::diag::Diagnostic> {
    let code = &ctx.site.locales[li].code;
    ctx.site
        .tocs
        .iter()
        .filter(|t| t.locale == li && !t.included)
        .filter(|t| card_title(ctx, li, t).1)
        .map(|t| {
            crate::diag::Diagnostic::new(
                crate::diag::Kind::Toc,
                &t.source,
                format!(
                    "the home page's card for `{}` is titled \"{}\" from the folder's name: give the TOC one root entry or the folder an index page to name it in {code}",
                    t.dir,
                    tidy(&t.dir)
                ),
            )
            .severity(crate::diag::Severity::Note)
            .locale(code)
        })
        .collect()
}

/// The name of folder `dir` of locale `li` in that locale, when its content gives one: its
/// own index page's title (a landing page, in the locale's language, a fallback's in its
/// source's), else the `_appTitle` of the docset it is the root of.
fn folder_title(ctx: &BuildCtx, li: usize, dir: &str) -> Option<String> {
    let site = ctx.site;
    if dir.is_empty() {
        return None;
    }
    let key = format!("{}/index", dir.to_lowercase());
    let index = site
        .translations
        .get(&key)
        .and_then(|t| t.get(li).copied().flatten());
    if let Some(p) = index {
        return Some(site.pages[p].title.clone());
    }
    site.docsets
        .get(li)?
        .iter()
        .find(|d| d.dir.eq_ignore_ascii_case(dir))
        .and_then(|d| d.app_title())
        .map(str::to_string)
}

/// A folder name as a title: `partner-support` is "Partner support".
pub(crate) fn tidy(dir: &str) -> String {
    let last = dir.rsplit('/').next().unwrap_or(dir);
    let words = last.replace(['-', '_'], " ");
    let mut c = words.trim().chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
