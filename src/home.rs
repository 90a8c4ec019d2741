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

/// The home blocks of locale `li`.
pub fn home_ctx<'a>(ctx: &BuildCtx<'a>, li: usize) -> HomeCtx<'a> {
    let d = &ctx.discovery;
    let links = |ids: &[PageId]| ids.iter().map(|&id| ArticleLink::of(ctx, id)).collect();
    HomeCtx {
        categories: categories(ctx, li),
        recent: links(&d.recent[li][..d.recent[li].len().min(RECENT)]),
        promoted: links(&d.promoted[li]),
    }
}

/// The categories of locale `li`: a card per TOC with its top entries as links (the home
/// page's and the 404 page's).
pub(crate) fn categories(ctx: &BuildCtx, li: usize) -> Vec<CardOut> {
    let (site, shared) = (ctx.site, &ctx.shared);
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
        let title = toc
            .roots
            .first()
            .filter(|_| toc.roots.len() == 1)
            .map(|&r| toc.nodes[r].title.clone())
            .unwrap_or_else(|| {
                if toc.dir.is_empty() {
                    shared.titles[li].clone()
                } else {
                    toc.dir.clone()
                }
            });
        cards.push(CardOut {
            title,
            lists: vec![ListOut {
                kind: String::new(),
                label: String::new(),
                links,
            }],
        });
    }
    cards
}
