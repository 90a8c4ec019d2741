//! Stage 6: every collected `#anchor` against the ids each page reported while rendering.

use crate::diag::{Diagnostic, Kind, SuggestBudget};
use crate::model::{PageId, Site};
use crate::resolve::{AnchorCheck, AnchorTarget};
use std::collections::HashSet;

/// The ids of one page, sorted: kept for every page until all links are checked, so a compact
/// sorted slice rather than a hash set.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Anchors(Box<[Box<str>]>);

impl From<HashSet<String>> for Anchors {
    fn from(set: HashSet<String>) -> Anchors {
        let mut v: Vec<Box<str>> = set.into_iter().map(String::into_boxed_str).collect();
        v.sort_unstable();
        Anchors(v.into_boxed_slice())
    }
}

impl Anchors {
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.0.binary_search_by(|a| (**a).cmp(id)).is_ok()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|a| &**a)
    }
}

pub(crate) fn check_anchors(
    site: &Site,
    anchors: &[Anchors],
    checks: &[(PageId, AnchorCheck)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let budget = SuggestBudget::new(SuggestBudget::DEFAULT);
    for (from, c) in checks {
        let (page, anchor) = match &c.target {
            AnchorTarget::Page(p, a) => (*p, a.as_str()),
            AnchorTarget::Same(a) => (*from, a.as_str()),
            AnchorTarget::External(_) => continue,
        };
        let decoded = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
        let set = &anchors[page];
        if set.contains(anchor) || set.contains(decoded.as_ref()) {
            continue;
        }
        let locale = &site.locales[site.pages[*from].locale].code;
        let target_page = &site.pages[page].source;
        let base = Diagnostic::new(Kind::MissingAnchor, &c.file, String::new())
            .at(c.line, c.column)
            .locale(locale)
            .target(c.raw.as_str());
        let text = if c.text.is_empty() {
            String::new()
        } else {
            format!(" (link text: \"{}\")", c.text)
        };
        if let Some(actual) = set.iter().find(|a| a.eq_ignore_ascii_case(&decoded)) {
            let mut d = base;
            d.kind = Kind::CaseMismatch;
            d.severity = Kind::CaseMismatch.default_severity();
            d.message = format!("anchor `#{anchor}` is `#{actual}` in `{target_page}`{text}");
            out.push(d);
            continue;
        }
        let suggestion = budget
            .nearest(&decoded, set.0.iter().map(|a| &**a))
            .map(|a| format!("#{a}"));
        let mut d = base.suggest(suggestion);
        d.message = format!("anchor `#{anchor}` does not exist in `{target_page}`{text}");
        out.push(d);
    }
    out
}
