//! Request flows: where a reader who did not find the answer goes to ask for help, with the
//! page they were reading filled in.
//!
//! `ajuda.toml` declares named flows (`[flows.NAME]`, a `label` and a `url` template, each one
//! string or one per locale) and the default one (`[support] default_flow`). A page's flow is
//! its front matter's (`support.flow: NAME`, `support: {flow: NAME}`, or `none`), else the
//! nearest TOC entry's `support_flow` (the page's own entry, then its ancestors), else the
//! default. Writers link into any flow with `[text](flow:NAME)`.
//!
//! URL templates hold placeholders (`{locale}`, `{page}`, `{title}`, `{url}`, `{topic}`,
//! `{service}`, `{meta:KEY}`), each filled percent-encoded from the page; a key a page lacks is
//! left empty and reported once per flow and placeholder ([`Gaps`]).

pub(crate) use crate::config::flows::{Flows, Var};
use crate::config::flows::{Seg, COMPONENT};
use crate::diag::{Diagnostic, Kind};
use crate::model::Site;
use percent_encoding::utf8_percent_encode;

mod page;
pub(crate) use page::{Gaps, PageInfo, PageLinks, SupportCtx};

impl Flows {
    /// The URL of flow `flow` filled from `page`; the placeholders the page has no value for
    /// are added to `missing`.
    pub fn url(&self, flow: usize, page: &PageInfo, missing: &mut Vec<(usize, Var)>) -> String {
        let Some(t) = self.list[flow].url.get(page.locale, page.default_locale) else {
            return String::new();
        };
        let mut out = String::new();
        for seg in &t.0 {
            match seg {
                Seg::Lit(s) => out.push_str(s),
                Seg::Var(v) => {
                    let value = page.value(v);
                    if value.is_empty() {
                        missing.push((flow, v.clone()));
                    }
                    out.extend(utf8_percent_encode(&value, COMPONENT));
                }
            }
        }
        out
    }

    /// The unknown `support_flow` names of the site's TOCs, as `flow` errors at their entries.
    pub fn check_tocs(&self, site: &Site) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::new();
        for toc in site.tocs.iter().filter(|t| !t.included) {
            for node in &toc.nodes {
                let Some(name) = node.support_flow.as_deref() else {
                    continue;
                };
                if name.eq_ignore_ascii_case("none") || self.find(name).is_some() {
                    continue;
                }
                if out
                    .iter()
                    .any(|d| d.file == toc.source && d.line == node.line)
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Kind::Flow,
                        &toc.source,
                        format!(
                            "TOC entry `{}`: support_flow `{name}` is not one of the [flows] of ajuda.toml",
                            node.title
                        ),
                    )
                    .at(node.line, 1)
                    .target(name)
                    .locale(&site.locales[toc.locale].code)
                    .suggest(self.suggest(name).map(str::to_string)),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::page::meta_text;

    #[test]
    fn nested_meta() {
        let (fm, _) =
            crate::frontmatter::parse("support:\n  flow: a\nms.custom: [x, y]\nn: 3\n", 2, "a.md");
        assert_eq!(meta_text(&fm, "support.flow").as_deref(), Some("a"));
        assert_eq!(meta_text(&fm, "ms.custom").as_deref(), Some("x,y"));
        assert_eq!(meta_text(&fm, "n").as_deref(), Some("3"));
        assert_eq!(meta_text(&fm, "nope"), None);
    }
}
