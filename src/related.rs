//! Related articles: up to [`MAX`] per article and FAQ, shown at its end.
//!
//! In order, without repeats, until there are [`MAX`]:
//!
//! 1. its siblings in its TOC section, in TOC order;
//! 2. pages with the same `ms.service` and the same `ms.topic`;
//! 3. pages sharing `keywords` (a front-matter list, or one comma-separated string), those
//!    sharing the most first.
//!
//! Only the locale's own articles and FAQs are listed ([`crate::discovery::listable`]): never the
//! page itself, a page the locale borrows from another, or a page of another locale. Within
//! steps 2 and 3, pages come newest first, then by title, then by URL
//! ([`crate::discovery::newest_first`]), so the lists are the same on every build.
//!
//! Computed once per build from an index (service and topic → pages, keyword → pages), not by
//! comparing pages pairwise; step 3 counts shared keywords among the first [`KEYWORD_SCAN`]
//! pages of each of the page's keywords, which bounds the work of keywords many pages share.

use crate::model::{Page, PageId, PageKind, Site};
use rayon::prelude::*;
use std::collections::HashMap;

/// Related articles per page.
pub const MAX: usize = 5;
/// Pages looked at per keyword of a page (the newest first).
const KEYWORD_SCAN: usize = 64;

/// Every page's related articles.
#[derive(Default)]
pub struct Related {
    /// Per page: its related pages (`len` of them).
    lists: Vec<([u32; MAX], u8)>,
}

impl Related {
    /// The related articles of page `id`, best first.
    pub fn of(&self, id: PageId) -> impl Iterator<Item = PageId> + '_ {
        self.lists
            .get(id)
            .map_or(&[][..], |(ids, n)| &ids[..usize::from(*n)])
            .iter()
            .map(|&q| q as PageId)
    }

    pub fn new(site: &Site) -> Related {
        let pages = &site.pages;
        let listable: Vec<bool> = pages
            .iter()
            .map(|p| crate::discovery::listable(site, p))
            .collect();
        // The listable pages in the order lists show them.
        let mut order: Vec<PageId> = (0..pages.len()).filter(|&i| listable[i]).collect();
        order.par_sort_unstable_by(|&a, &b| crate::discovery::newest_first(&pages[a], &pages[b]));
        let mut rank = vec![u32::MAX; pages.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id] = r as u32;
        }
        // (locale, service, topic) → pages, and (locale, keyword) → pages, in that order.
        let mut groups: HashMap<(usize, String, String), Vec<PageId>> = HashMap::new();
        let mut keywords: HashMap<(usize, String), Vec<PageId>> = HashMap::new();
        for &id in &order {
            let p = &pages[id];
            if let Some(g) = group(p) {
                groups.entry((p.locale, g.0, g.1)).or_default().push(id);
            }
            for k in page_keywords(p) {
                keywords.entry((p.locale, k)).or_default().push(id);
            }
        }
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
                list.siblings(site, p);
                if let Some((service, topic)) = group(p).filter(|_| !list.full()) {
                    for &q in groups
                        .get(&(p.locale, service, topic))
                        .into_iter()
                        .flatten()
                    {
                        if list.full() {
                            break;
                        }
                        list.push(q);
                    }
                }
                if !list.full() {
                    let mut seen: Vec<PageId> = Vec::new();
                    for k in page_keywords(p) {
                        let Some(with) = keywords.get(&(p.locale, k)) else {
                            continue;
                        };
                        seen.extend(
                            with.iter()
                                .filter(|&&q| q != id && !list.has(q))
                                .take(KEYWORD_SCAN),
                        );
                    }
                    // Shared keywords (the runs of one page), most first, then the list order.
                    seen.sort_unstable();
                    let mut counted: Vec<(usize, u32, PageId)> = seen
                        .chunk_by(|a, b| a == b)
                        .map(|run| (run.len(), rank[run[0]], run[0]))
                        .collect();
                    counted.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                    for (_, _, q) in counted {
                        if list.full() {
                            break;
                        }
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

    /// The other entries of the page's TOC section, in TOC order.
    fn siblings(&mut self, site: &Site, p: &Page) {
        let Some((t, n)) = p.nav else { return };
        let toc = &site.tocs[t];
        let section = match toc.nodes[n].parent {
            Some(parent) => &toc.nodes[parent].children,
            None => &toc.roots,
        };
        for &s in section {
            if self.full() {
                break;
            }
            if let Some(crate::model::TocTarget::Page(q)) = toc.nodes[s].target {
                self.push(q);
            }
        }
    }
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
pub fn page_keywords(p: &Page) -> Vec<String> {
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
