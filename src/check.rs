//! Stage 6: every collected `#anchor` against the ids each page reported while rendering.

use crate::diag::{nearest, Diagnostic, Kind};
use crate::model::{PageId, Site};
use crate::resolve::{AnchorCheck, AnchorTarget};
use std::collections::HashSet;

pub fn check_anchors(
    site: &Site,
    anchors: &[HashSet<String>],
    checks: &[(PageId, AnchorCheck)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
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
        let suggestion = nearest(&decoded, set.iter().map(String::as_str)).map(|a| format!("#{a}"));
        let mut d = base.suggest(suggestion);
        d.message = format!("anchor `#{anchor}` does not exist in `{target_page}`{text}");
        out.push(d);
    }
    out
}
