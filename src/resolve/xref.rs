//! `xref:uid` links: the page that declares the uid (in the link's locale first), else, when
//! the publishing config asks for it, Learn's .NET API reference.

use super::{AnchorTarget, LinkIndex, Problem, Resolution};
use crate::diag::Kind;
use crate::paths::{self, split_target};

impl LinkIndex<'_> {
    pub(super) fn resolve_xref(&self, locale: usize, raw: &str) -> Resolution {
        let rest = &raw["xref:".len()..];
        let t = split_target(rest);
        let uid = percent_encoding::percent_decode_str(t.path).decode_utf8_lossy();
        let pages = self.uids.get(uid.as_ref());
        let page = pages.and_then(|ps| {
            ps.iter()
                .find(|&&p| self.site.pages[p].locale == locale)
                .or(ps.first())
        });
        match page {
            Some(&p) => Resolution {
                leads_nowhere: false,
                page: Some(p),
                href: self.page_href(p, None, t.fragment),
                anchor: t.fragment.map(|f| AnchorTarget::Page(p, f.to_string())),
                problem: None,
            },
            // A .NET API the publishing config sends to Learn's reference: linked there.
            None if self.dotnet_xrefs && is_dotnet_api(&uid) => {
                // A member's page: `Type.Method(Args)` → `type.method`.
                let api = uid.split('(').next().unwrap_or(&uid);
                let api = api.trim_end_matches('*').to_lowercase();
                Resolution {
                    leads_nowhere: false,
                    href: paths::with_query_fragment(
                        format!("https://learn.microsoft.com/dotnet/api/{api}"),
                        None,
                        t.fragment,
                    ),
                    anchor: None,
                    page: None,
                    problem: Some(Problem {
                        kind: Kind::ExternalXref,
                        message: format!(
                            "`{uid}` is not in this site; linked to the .NET API reference (xref_query_tags)"
                        ),
                        suggestion: None,
                    }),
                }
            }
            None => {
                let all: Vec<&str> = self.uids.keys().copied().collect();
                Resolution::broken(
                    raw,
                    Kind::Xref,
                    format!("no page declares `uid: {uid}`"),
                    self.suggestions
                        .nearest(&uid, all)
                        .map(|s| format!("xref:{s}")),
                )
            }
        }
    }
}

/// A .NET API uid (`System.Web.IHttpModule`, `Microsoft.Extensions...`).
fn is_dotnet_api(uid: &str) -> bool {
    (uid.starts_with("System.") || uid.starts_with("Microsoft.") || uid == "System")
        && uid.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '.' | '_' | '`' | '*' | '#' | '-' | '(' | ')' | ',' | '{' | '}'
                )
        })
}
