//! Navigation computed once per build: each TOC's HTML (rendered once and shared by all of its
//! pages, with the places to mark the current page recorded), breadcrumbs and previous/next.

use crate::markdown::attr_escape;
use crate::markdown::highlight::escape;
use crate::model::{PageId, Site, Toc, TocTarget};

/// A TOC rendered once. Per page, [`NavHtml::write_for`] copies it, opening the `<details>` of
/// the page's ancestors and marking its link `aria-current`.
#[derive(Debug, Default, Clone)]
pub struct NavHtml {
    pub html: String,
    /// Per node: offset right after `<details`, where ` open` goes.
    details_at: Vec<Option<usize>>,
    /// Per node: offset right after `<a`, where ` aria-current="page"` goes.
    link_at: Vec<Option<usize>>,
}

impl NavHtml {
    pub fn render(site: &Site, toc: &Toc) -> NavHtml {
        let mut nav = NavHtml {
            html: String::with_capacity(toc.nodes.len() * 96),
            details_at: vec![None; toc.nodes.len()],
            link_at: vec![None; toc.nodes.len()],
        };
        nav.html.push_str("<ul class=\"toc\">");
        for &r in &toc.roots {
            nav.node(site, toc, r);
        }
        nav.html.push_str("</ul>");
        nav
    }

    fn node(&mut self, site: &Site, toc: &Toc, n: usize) {
        let node = &toc.nodes[n];
        let href = match &node.target {
            Some(TocTarget::Page(p)) => Some(site.pages[*p].url.as_str()),
            Some(TocTarget::Url(u)) => Some(u.as_str()),
            None => None,
        };
        let title = escape(&node.title);
        self.html.push_str("<li>");
        if !node.children.is_empty() {
            self.html.push_str("<details");
            self.details_at[n] = Some(self.html.len());
            self.html.push_str("><summary>");
        }
        match href {
            Some(h) => {
                self.html.push_str("<a");
                self.link_at[n] = Some(self.html.len());
                self.html.push_str(" href=\"");
                self.html.push_str(&attr_escape(h));
                self.html.push_str("\">");
                self.html.push_str(&title);
                self.html.push_str("</a>");
            }
            None => {
                self.html.push_str("<span>");
                self.html.push_str(&title);
                self.html.push_str("</span>");
            }
        }
        if !node.children.is_empty() {
            self.html.push_str("</summary><ul>");
            for &c in &node.children {
                self.node(site, toc, c);
            }
            self.html.push_str("</ul></details>");
        }
        self.html.push_str("</li>");
    }

    /// Appends the navigation for a page at `node` (with `ancestors`) to `out`.
    pub fn write_for(&self, node: Option<usize>, ancestors: &[usize], out: &mut String) {
        let mut inserts: Vec<(usize, &str)> = ancestors
            .iter()
            .filter_map(|&a| self.details_at[a].map(|o| (o, " open")))
            .collect();
        if let Some(n) = node {
            if let Some(o) = self.details_at[n] {
                inserts.push((o, " open"));
            }
            if let Some(o) = self.link_at[n] {
                inserts.push((o, " aria-current=\"page\""));
            }
        }
        inserts.sort_unstable();
        let mut last = 0;
        for (at, text) in inserts {
            out.push_str(&self.html[last..at]);
            out.push_str(text);
            last = at;
        }
        out.push_str(&self.html[last..]);
    }
}

#[derive(Debug, Clone, Default)]
pub struct Navigation {
    /// Per TOC (empty for TOCs included in others).
    pub tocs: Vec<NavHtml>,
    /// Per page: previous and next page in reading order.
    pub prev_next: Vec<(Option<PageId>, Option<PageId>)>,
}

impl Navigation {
    pub fn build(site: &Site) -> Navigation {
        let tocs = site
            .tocs
            .iter()
            .map(|t| if t.included { NavHtml::default() } else { NavHtml::render(site, t) })
            .collect();
        let mut prev_next = vec![(None, None); site.pages.len()];
        for (ti, toc) in site.tocs.iter().enumerate().filter(|(_, t)| !t.included) {
            let mut order: Vec<PageId> = Vec::new();
            for n in toc.in_order() {
                if let Some(TocTarget::Page(p)) = toc.nodes[n].target {
                    // A page listed twice reads in its first place only.
                    if site.pages[p].nav.is_some_and(|(t, node)| t == ti && node == n) {
                        order.push(p);
                    }
                }
            }
            for (i, &p) in order.iter().enumerate() {
                let prev = i.checked_sub(1).map(|j| order[j]);
                prev_next[p] = (prev, order.get(i + 1).copied());
            }
        }
        Navigation { tocs, prev_next }
    }
}
