//! TOC entries, resolved by the same link index as body links (one rule set, one suggestion
//! engine). What is particular to a TOC is [`Mode::Toc`]: an entry names a page (its target is
//! the page, so the page is placed in the navigation there), a moved page's entry goes to its
//! redirect page, and a file or folder entry is its URL in the locale.

use super::{LinkIndex, Mode};
use crate::config::Config;
use crate::diag::{Diagnostic, Kind};
use crate::model::{Site, TocTarget};

/// Sets the target of every entry of every TOC that is not included in another (whose entries
/// were grafted into their includer's); returns what was wrong with them.
pub fn resolve_tocs(site: &mut Site, config: &Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut targets = Vec::new();
    {
        let index = LinkIndex::new(site, config);
        for (ti, toc) in site.tocs.iter().enumerate().filter(|(_, t)| !t.included) {
            let code = &site.locales[toc.locale].code;
            for (n, node) in toc.nodes.iter().enumerate() {
                let Some(href) = node.href.as_deref() else {
                    continue;
                };
                let res = index.resolve_in(toc.locale, &toc.source, href, Mode::Toc);
                let unsafe_link = res.is_unsafe();
                let target = match res.page {
                    Some(p) => Some(TocTarget::Page(p)),
                    None if res.leads_nowhere => None,
                    None => Some(TocTarget::Url(res.href.clone())),
                };
                if let Some(p) = res.problem {
                    let message = format!("TOC entry `{}`: {}", node.title, p.message);
                    // A missing image in a TOC entry is a missing page all the same.
                    let kind = match p.kind {
                        Kind::MissingImage => Kind::MissingPage,
                        k => k,
                    };
                    diags.push(
                        Diagnostic::new(kind, &toc.source, message)
                            .at(node.line, 1)
                            .target(href)
                            .locale(code)
                            .suggest(p.suggestion),
                    );
                }
                targets.push((ti, n, target, unsafe_link));
            }
        }
    }
    for (ti, n, target, unsafe_link) in targets {
        let node = &mut site.tocs[ti].nodes[n];
        node.target = target;
        if unsafe_link {
            node.href = None;
        }
    }
    diags
}
