//! Related articles: up to [`MAX`] per article and FAQ, shown at its end.
//!
//! In order, without repeats, until there are [`MAX`]:
//!
//! 1. its nearest siblings in its TOC section (the next, the previous, then further), at most
//!    [`SIBLINGS`] of them;
//! 2. the pages most similar in title, keywords, description and body ([`crate::similar`]);
//! 3. its other siblings, nearest first;
//! 4. pages with the same `ms.service` and the same `ms.topic`, newest first, then by title,
//!    then by URL ([`crate::discovery::newest_first`]).
//!
//! Only the locale's own articles and FAQs are listed ([`crate::discovery::listable`]): never the
//! page itself, a page the locale borrows from another, or a page of another locale. Lists
//! differ from page to page (a flat TOC section of 3,000 articles gives each its neighbours)
//! and are the same on every build. Computed once per build from indexes, never by comparing
//! pages pairwise.

use crate::model::{Page, PageId, PageKind, Site};
use rayon::prelude::*;
use std::collections::HashMap;

/// Related articles per page.
pub(crate) const MAX: usize = 5;
/// TOC siblings listed before similar pages.
const SIBLINGS: usize = 3;

/// Every page's related articles.
#[derive(Default)]
pub(crate) struct Related {
    /// Per page: its related pages (`len` of them).
    lists: Vec<([u32; MAX], u8)>,
}

impl Related {
    /// The related articles of page `id`, best first.
    pub(crate) fn of(&self, id: PageId) -> impl Iterator<Item = PageId> + '_ {
        self.lists
            .get(id)
            .map_or(&[][..], |(ids, n)| &ids[..usize::from(*n)])
            .iter()
            .map(|&q| q as PageId)
    }

    pub(crate) fn new(site: &Site) -> Related {
        let pages = &site.pages;
        let listable: Vec<bool> = pages
            .iter()
            .map(|p| crate::discovery::listable(site, p))
            .collect();
        // The listable pages in the order lists show them.
        let mut order: Vec<PageId> = (0..pages.len()).filter(|&i| listable[i]).collect();
        order.par_sort_unstable_by(|&a, &b| crate::discovery::newest_first(&pages[a], &pages[b]));
        // (locale, service, topic) → pages, in list order.
        let mut groups: HashMap<(usize, String, String), Vec<PageId>> = HashMap::new();
        for &id in &order {
            let p = &pages[id];
            if let Some(g) = group(p) {
                groups.entry((p.locale, g.0, g.1)).or_default().push(id);
            }
        }
        let similar = crate::similar::Similar::new(site, &listable, MAX);
        let lists = (0..pages.len())
            .into_par_iter()
            .map(|id| {
                let p = &pages[id];
                if !matches!(p.kind, PageKind::Article | PageKind::Faq)
                    || !site.locales[p.locale].publish
                    || p.url == site.locales[p.locale].home
                {
                    return ([0; MAX], 0);
                }
                let mut list = List {
                    of: id,
                    locale: p.locale,
                    listable: &listable,
                    pages,
                    ids: [0; MAX],
                    len: 0,
                };
                let siblings = siblings(site, p);
                for &q in siblings.iter().take(SIBLINGS) {
                    list.push(q);
                }
                for &q in similar.of(id) {
                    list.push(q);
                }
                for &q in siblings.iter().skip(SIBLINGS) {
                    list.push(q);
                }
                if let Some((service, topic)) = group(p).filter(|_| !list.full()) {
                    for &q in groups
                        .get(&(p.locale, service, topic))
                        .into_iter()
                        .flatten()
                    {
                        list.push(q);
                    }
                }
                (list.ids, list.len)
            })
            .collect();
        Related { lists }
    }
}

/// A page's related list as it fills.
struct List<'s> {
    of: PageId,
    locale: usize,
    listable: &'s [bool],
    pages: &'s [Page],
    ids: [u32; MAX],
    len: u8,
}

impl List<'_> {
    fn full(&self) -> bool {
        usize::from(self.len) == MAX
    }

    fn has(&self, q: PageId) -> bool {
        self.ids[..usize::from(self.len)].contains(&(q as u32))
    }

    fn push(&mut self, q: PageId) {
        if !self.full()
            && q != self.of
            && self.listable[q]
            && self.pages[q].locale == self.locale
            && !self.has(q)
        {
            self.ids[usize::from(self.len)] = q as u32;
            self.len += 1;
        }
    }
}

/// The pages of the other entries of the page's TOC section, nearest first (the next, the
/// previous, the one after next...).
fn siblings(site: &Site, p: &Page) -> Vec<PageId> {
    let Some((t, n)) = p.nav else {
        return Vec::new();
    };
    let toc = &site.tocs[t];
    let section = match toc.nodes[n].parent {
        Some(parent) => &toc.nodes[parent].children,
        None => &toc.roots,
    };
    let at = section.iter().position(|&s| s == n).unwrap_or(0);
    let mut out = Vec::new();
    // Enough to fill a list whatever the others hold; a section of thousands is not sorted.
    for d in 1..section.len() {
        for i in [at.checked_add(d), at.checked_sub(d)].into_iter().flatten() {
            if let Some(crate::model::TocTarget::Page(q)) =
                section.get(i).and_then(|&s| toc.nodes[s].target.as_ref())
            {
                out.push(*q);
            }
        }
        if out.len() >= 2 * MAX {
            break;
        }
    }
    out
}

/// A page's `ms.service` and `ms.topic` (lowercase), when it has both.
fn group(p: &Page) -> Option<(String, String)> {
    Some((
        p.front.service()?.to_lowercase(),
        p.front.topic()?.to_lowercase(),
    ))
}

/// A page's `keywords`, lowercase, without repeats: a front-matter list, or one string of
/// comma-separated keywords.
pub(crate) fn page_keywords(p: &Page) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |k: &str| {
        let k = k.trim().to_lowercase();
        if !k.is_empty() && !out.contains(&k) {
            out.push(k);
        }
    };
    match p.front.all.get("keywords") {
        Some((v, false)) => v.split(',').for_each(&mut add),
        Some((v, true)) => {
            if let Ok(serde_json::Value::Array(items)) = serde_json::from_str(v) {
                for item in items {
                    match item {
                        serde_json::Value::String(s) => s.split(',').for_each(&mut add),
                        serde_json::Value::Number(n) => add(&n.to_string()),
                        _ => {}
                    }
                }
            }
        }
        None => {}
    }
    out
}
