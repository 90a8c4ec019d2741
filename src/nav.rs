//! Navigation computed once per build: each TOC's HTML (rendered once and shared by all of its
//! pages, with the places to mark the current page recorded), breadcrumbs and previous/next.
//!
//! A TOC of up to [`INLINE_MAX_NODES`] entries is inlined in every page. A bigger one would make
//! every page carry it (a 10,000-entry TOC is ~1 MB per page): its pages get a local view (the
//! branch that leads to the page, with siblings at each level), and the full tree is written
//! once to `_toc/<n>.html`, which the theme's script swaps in.

use crate::markdown::attr_escape;
use crate::markdown::highlight::escape;
use crate::model::{PageId, Site, Toc, TocNode, TocTarget};

/// A TOC rendered once. Per page, [`NavHtml::write_for`] copies it, opening the `<details>` of
/// the page's ancestors and marking its link `aria-current`.
#[derive(Debug, Default, Clone)]
pub(crate) struct NavHtml {
    pub html: String,
    /// Per node: offset right after `<details`, where ` open` goes.
    details_at: Vec<Option<usize>>,
    /// Per node: offset right after `<a`, where ` aria-current="page"` goes.
    link_at: Vec<Option<usize>>,
}

impl NavHtml {
    pub(crate) fn render(site: &Site, toc: &Toc) -> NavHtml {
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
        self.html.push_str("<li>");
        if !node.children.is_empty() {
            self.html.push_str("<details");
            self.details_at[n] = Some(self.html.len());
            self.html.push_str("><summary>");
        }
        self.link_at[n] = write_entry(site, node, false, &mut self.html);
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
    pub(crate) fn write_for(&self, node: Option<usize>, ancestors: &[usize], out: &mut String) {
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

/// TOCs with more entries than this are not inlined whole in each page.
pub(crate) const INLINE_MAX_NODES: usize = 300;
/// In the local view of a big TOC, the top-level entries are all listed up to this many.
const LOCAL_MAX_ROOTS: usize = 40;

#[derive(Debug, Clone, Default)]
pub(crate) struct Navigation {
    /// Per TOC (empty for TOCs included in others).
    pub tocs: Vec<NavHtml>,
    /// Per TOC: site-relative URL of the full tree when it is too big to inline.
    pub external: Vec<Option<String>>,
    /// Per page: previous and next page in reading order.
    pub prev_next: Vec<(Option<PageId>, Option<PageId>)>,
}

impl Navigation {
    pub(crate) fn build(site: &Site) -> Navigation {
        let tocs = site
            .tocs
            .iter()
            .map(|t| {
                if t.included {
                    NavHtml::default()
                } else {
                    NavHtml::render(site, t)
                }
            })
            .collect();
        let external = site
            .tocs
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (!t.included && t.nodes.len() > INLINE_MAX_NODES)
                    .then(|| Navigation::fragment_path(i))
            })
            .collect();
        let mut prev_next = vec![(None, None); site.pages.len()];
        for (ti, toc) in site.tocs.iter().enumerate().filter(|(_, t)| !t.included) {
            let mut order: Vec<PageId> = Vec::new();
            for n in toc.in_order() {
                if let Some(TocTarget::Page(p)) = toc.nodes[n].target {
                    // A page listed twice reads in its first place only.
                    if site.pages[p]
                        .nav
                        .is_some_and(|(t, node)| t == ti && node == n)
                    {
                        order.push(p);
                    }
                }
            }
            for (i, &p) in order.iter().enumerate() {
                let prev = i.checked_sub(1).map(|j| order[j]);
                prev_next[p] = (prev, order.get(i + 1).copied());
            }
        }
        Navigation {
            tocs,
            external,
            prev_next,
        }
    }

    /// Output path (relative to the output root) of a big TOC's full tree.
    pub(crate) fn fragment_path(toc: usize) -> String {
        format!("_toc/{toc}.html")
    }

    /// Appends the navigation of a page to `out`.
    pub(crate) fn write_for(
        &self,
        site: &Site,
        root_path: &str,
        toc: usize,
        node: Option<usize>,
        ancestors: &[usize],
        out: &mut String,
    ) {
        match &self.external[toc] {
            None => self.tocs[toc].write_for(node, ancestors, out),
            Some(frag) => {
                let t = &site.tocs[toc];
                out.push_str("<ul class=\"toc toc-local\" data-toc-src=\"");
                out.push_str(&attr_escape(root_path));
                out.push_str(frag);
                out.push_str("\">");
                let path: Vec<usize> = ancestors.iter().copied().chain(node).collect();
                for &r in &t.roots {
                    if t.roots.len() <= LOCAL_MAX_ROOTS || path.first() == Some(&r) {
                        local_node(site, t, r, &path, node, out);
                    }
                }
                out.push_str("</ul>");
            }
        }
    }
}

/// A TOC entry's label: `<a href>` to its target, or a `<span>` without one. Returns the offset
/// right after `<a`, where attributes such as `aria-current` go.
fn write_entry(site: &Site, node: &TocNode, current: bool, out: &mut String) -> Option<usize> {
    let Some(href) = site.toc_url(node) else {
        out.push_str("<span>");
        out.push_str(&escape(&node.title));
        out.push_str("</span>");
        return None;
    };
    out.push_str("<a");
    let at = out.len();
    if current {
        out.push_str(" aria-current=\"page\"");
    }
    out.push_str(" href=\"");
    out.push_str(&attr_escape(href));
    out.push_str("\">");
    out.push_str(&escape(&node.title));
    out.push_str("</a>");
    Some(at)
}

/// One entry of a local view: expanded when it is on the page's path, a plain link otherwise.
fn local_node(
    site: &Site,
    toc: &Toc,
    n: usize,
    path: &[usize],
    current: Option<usize>,
    out: &mut String,
) {
    let node = &toc.nodes[n];
    let on_path = path.contains(&n);
    out.push_str("<li>");
    let open = on_path && !node.children.is_empty();
    if open {
        out.push_str("<details open><summary>");
    }
    write_entry(site, node, current == Some(n), out);
    if open {
        out.push_str("</summary><ul>");
        for &c in &node.children {
            local_node(site, toc, c, path, current, out);
        }
        out.push_str("</ul></details>");
    }
    out.push_str("</li>");
}
