//! Navigation of the site model: TOC trees (nested TOC files grafted in, entries resolved to
//! pages), each page's place in them, and breadcrumb trees.

use super::*;

/// A breadcrumb file as the model's trail tree. Its `tocHref`s and `topicHref`s are
/// root-relative paths of the site (`/partner-center/billing/`).
pub(super) fn breadcrumbs_of(
    locale: usize,
    t: crate::toc::ParsedToc,
    docsets: &[crate::docfx::Docset],
    lower: &HashMap<(usize, String), PageId>,
    by_url: &HashMap<(usize, String), PageId>,
) -> crate::model::Breadcrumbs {
    // The docset it belongs to (`Exchange/Hub/breadcrumb/toc.yml` is `Exchange`'s when a
    // group publishes `Hub/` at the docset's root), else the folder above `breadcrumb/`.
    let docset = crate::docfx::docset_of(docsets, &t.source);
    let dir = docset.map_or_else(|| paths::parent(&t.dir).to_string(), |d| d.dir.clone());
    let extend = docset.is_some_and(|d| d.global_flag("extendBreadcrumb"));
    let page_at = |href: &str| {
        let key = paths::split_target(href)
            .path
            .trim_matches('/')
            .to_lowercase();
        let key = key.strip_suffix("/index").unwrap_or(&key).to_string();
        lower
            .get(&(locale, key.clone()))
            .or_else(|| lower.get(&(locale, format!("{key}/index"))))
            .or_else(|| {
                (key.is_empty())
                    .then(|| lower.get(&(locale, "index".into())))
                    .flatten()
            })
            // A page its docset publishes elsewhere, by its address.
            .or_else(|| by_url.get(&(locale, key.clone())))
            .copied()
    };
    let crumbs = t
        .items
        .iter()
        .map(|i| {
            let prefix = i
                .toc_href
                .as_deref()
                .or(i.href.as_deref())
                .map_or(String::new(), |h| {
                    let p = paths::split_target(h).path.trim_matches('/').to_lowercase();
                    if p.is_empty() {
                        "/".into()
                    } else {
                        format!("/{p}/")
                    }
                });
            crate::model::BreadcrumbItem {
                title: i.title.clone(),
                prefix,
                target: i.href.as_deref().and_then(page_at),
                parent: i.parent,
            }
        })
        .collect();
    crate::model::Breadcrumbs {
        locale,
        dir,
        extend,
        crumbs,
    }
}

/// The model's TOC for a parsed one: same tree, targets to be resolved.
pub(super) fn toc_of(locale: usize, t: crate::toc::ParsedToc) -> Toc {
    Toc {
        locale,
        source: t.source,
        dir: t.dir,
        nodes: t
            .items
            .into_iter()
            .map(|i| TocNode {
                title: i.title,
                href: i.href,
                line: i.line,
                children: i.children,
                parent: i.parent,
                target: None,
                support_flow: i.support_flow,
            })
            .collect(),
        roots: t.roots,
        included: false,
    }
}

/// TOC files nested in TOC files, deepest chain: real docsets nest three or four.
const MAX_TOC_NESTING: usize = 10;
/// Entries of all TOCs once nested TOCs are expanded. A TOC included twice at every level
/// doubles per level; this bound keeps such a site from taking memory out of proportion.
const MAX_TOC_ENTRIES: usize = 200_000;

/// A TOC item whose `href` is another TOC file takes that TOC's items as its children (DocFX
/// semantics); the included TOC is then not a navigation root of its own.
pub(super) fn graft_sub_tocs(
    mut tocs: Vec<Toc>,
    by_file: &HashMap<(usize, String), usize>,
    locales: &[Locale],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Toc> {
    let mut included = vec![false; tocs.len()];
    let written: usize = tocs.iter().map(|t| t.nodes.len()).sum();
    let mut g = Graft {
        by_file,
        included: &mut included,
        stack: Vec::new(),
        locales,
        diags,
        budget: MAX_TOC_ENTRIES.saturating_sub(written),
        over_budget: false,
    };
    for ti in 0..tocs.len() {
        g.stack = vec![ti];
        g.expand(&mut tocs, ti);
    }
    for (t, inc) in tocs.iter_mut().zip(included) {
        t.included = inc;
    }
    tocs
}

struct Graft<'a> {
    by_file: &'a HashMap<(usize, String), usize>,
    included: &'a mut [bool],
    /// The TOCs being expanded, outermost first.
    stack: Vec<usize>,
    locales: &'a [Locale],
    diags: &'a mut Vec<Diagnostic>,
    /// Entries that expansion may still add (see [`MAX_TOC_ENTRIES`]).
    budget: usize,
    over_budget: bool,
}

impl Graft<'_> {
    fn diag(&mut self, toc: &Toc, line: u32, kind: Kind, message: String, href: &str) {
        self.diags.push(
            Diagnostic::new(kind, &toc.source, message)
                .at(line, 1)
                .target(href)
                .locale(&self.locales[toc.locale].code),
        );
    }

    fn expand(&mut self, tocs: &mut [Toc], ti: usize) {
        let mut n = 0;
        while n < tocs[ti].nodes.len() {
            let node = &tocs[ti].nodes[n];
            let Some(href) = node.href.clone() else {
                n += 1;
                continue;
            };
            let line = node.line;
            if paths::is_external(&href)
                || !crate::toc::is_toc_file(paths::split_target(&href).path)
            {
                n += 1;
                continue;
            }
            let t = &tocs[ti];
            let joined = paths::join(&t.dir, paths::split_target(&href).path).unwrap_or_default();
            match self.by_file.get(&(t.locale, joined.to_ascii_lowercase())) {
                Some(&sub) if self.stack.contains(&sub) => {
                    let msg = format!("TOC `{href}` includes itself");
                    self.diag(&tocs[ti], line, Kind::Toc, msg, &href);
                }
                Some(_) if self.stack.len() > MAX_TOC_NESTING => {
                    let chain: Vec<&str> = self
                        .stack
                        .iter()
                        .map(|&i| tocs[i].source.as_str())
                        .collect();
                    let msg = format!(
                        "TOC files nested more than {MAX_TOC_NESTING} levels deep ({} → {joined}); `{href}` was not expanded",
                        chain.join(" → ")
                    );
                    self.diag(&tocs[ti], line, Kind::Limit, msg, &href);
                }
                Some(&sub) => {
                    self.stack.push(sub);
                    self.expand(tocs, sub);
                    self.stack.pop();
                    self.included[sub] = true;
                    let size = tocs[sub].nodes.len();
                    if size > self.budget {
                        if !self.over_budget {
                            self.over_budget = true;
                            let msg = format!(
                                "nested TOCs expand to more than {MAX_TOC_ENTRIES} entries (is a TOC included several times at several levels?); `{href}` and the rest were not expanded"
                            );
                            self.diag(&tocs[ti], line, Kind::Limit, msg, &href);
                        }
                    } else {
                        self.budget -= size;
                        let sub_toc = tocs[sub].clone();
                        copy_subtree(&mut tocs[ti], n, &sub_toc);
                    }
                }
                None => {
                    let msg = format!("TOC `{href}` does not exist");
                    self.diag(&tocs[ti], line, Kind::MissingPage, msg, &href);
                }
            }
            tocs[ti].nodes[n].href = None;
            n += 1;
        }
    }
}

/// Copies every node of `sub` under node `at` of `toc`. Hrefs are rewritten relative to `toc`'s
/// folder so they resolve the same way.
fn copy_subtree(toc: &mut Toc, at: usize, sub: &Toc) {
    let offset = toc.nodes.len();
    let rel = |h: &str| -> String {
        if paths::is_external(h) || h.starts_with('/') || h.starts_with('#') {
            return h.to_string();
        }
        let joined = paths::join(&sub.dir, h).unwrap_or_else(|| h.to_string());
        relative_to(&toc.dir, &joined)
    };
    for node in &sub.nodes {
        let mapped = TocNode {
            title: node.title.clone(),
            href: node.href.as_deref().map(rel),
            line: node.line,
            children: node.children.iter().map(|c| c + offset).collect(),
            parent: Some(node.parent.map_or(at, |p| p + offset)),
            target: None,
            support_flow: node.support_flow.clone(),
        };
        toc.nodes.push(mapped);
    }
    let roots: Vec<usize> = sub.roots.iter().map(|r| r + offset).collect();
    toc.nodes[at].children.extend(roots);
}

/// `to` (relative to the locale root) as a path relative to folder `from`.
pub(super) fn relative_to(from: &str, to: &str) -> String {
    if from.is_empty() {
        return to.to_string();
    }
    let from_parts: Vec<&str> = from.split('/').collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_parts.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Each page's navigation: the first TOC node that lists it, and the TOC it shows (its own, or
/// the nearest one in an enclosing folder).
pub(super) fn place_pages(pages: &mut [Page], tocs: &[Toc]) {
    for (ti, toc) in tocs.iter().enumerate().filter(|(_, t)| !t.included) {
        for n in toc.in_order() {
            if let Some(TocTarget::Page(p)) = toc.nodes[n].target {
                if pages[p].nav.is_none() {
                    pages[p].nav = Some((ti, n));
                    pages[p].toc = Some(ti);
                }
            }
        }
    }
    for page in pages.iter_mut().filter(|p| p.toc.is_none()) {
        let folder = paths::parent(&page.source);
        page.toc = tocs
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                !t.included
                    && t.locale == page.locale
                    && (t.dir.is_empty()
                        || folder == t.dir
                        || folder.starts_with(&format!("{}/", t.dir)))
            })
            .max_by_key(|(_, t)| t.dir.len())
            .map(|(i, _)| i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("a", "a/b/c.md"), "b/c.md");
        assert_eq!(relative_to("a/x", "a/b.md"), "../b.md");
        assert_eq!(relative_to("", "a/b.md"), "a/b.md");
    }
}
