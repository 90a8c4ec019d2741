//! What `assemble` derives from the pages' front matter. These functions are the whole of it, so that `serve`, which replaces a page whose front matter changed without
//! assembling the site again, derives the same: [`site_checks`] (diagnostics over every page,
//! computed again on the site as it now is) and [`model_inputs`] (what the model itself is
//! made from; when it changes, the site is assembled again).

use crate::config::Config;
use crate::diag::{Diagnostic, Kind};
use crate::frontmatter::FrontMatter;
use crate::model::{Locale, Page, Site};
use std::collections::HashMap;
use std::str::FromStr;

/// The diagnostics derived from every page's front matter together: duplicate uids, and
/// `ms.contentlocale` that disagrees with the page's folder.
pub(crate) fn site_checks(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut diags = duplicate_uids(&site.pages, &site.locales);
    if !config.detect_locale {
        diags.extend(content_locale_mismatches(&site.pages, &site.locales));
    }
    if config.search {
        diags.extend(search_coverage(config, site));
    }
    diags
}

/// Pages of each locale the site's search covers ([`crate::discovery::searchable`]).
pub(crate) fn search_counts(config: &Config, site: &Site) -> Vec<usize> {
    (0..site.locales.len())
        .map(|li| {
            site.pages_of(li)
                .filter(|(_, p)| crate::discovery::searchable(config, p))
                .count()
        })
        .collect()
}

/// A warning for each published locale whose search leaves out most of its pages: readers
/// then search a help center that seems empty.
fn search_coverage(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let counts = search_counts(config, site);
    let mut diags = Vec::new();
    for (li, l) in site.locales.iter().enumerate().filter(|(_, l)| l.publish) {
        let own = site.pages_of(li).count();
        if own >= 4 && counts[li] * 2 < own {
            diags.push(
                Diagnostic::new(
                    Kind::Search,
                    "",
                    format!(
                        "the {} search covers {} of its {own} pages: `[search] exclude` or `search: false` leaves the others out",
                        l.code, counts[li]
                    ),
                )
                .locale(&l.code)
                .suggest(Some("readers find only what search covers; narrow the exclusions".into())),
            );
        }
    }
    diags
}

/// What of a page's front matter the site model is made from, beyond the page itself (a
/// locale's code, without a config, is the one most of its pages declare).
pub(crate) fn model_inputs(config: &Config, front: &FrontMatter) -> Option<String> {
    config
        .detect_locale
        .then(|| detected_locale(front))
        .flatten()
}

/// A page's front matter with its docset's metadata under it (`docfx.json`'s
/// `fileMetadata` and `globalMetadata`), `source` being the page's locale-relative path.
pub(crate) fn docset_metadata(
    docsets: &[crate::docfx::Docset],
    source: &str,
    front: &mut FrontMatter,
) {
    if let Some(d) = crate::docfx::docset_of(docsets, source) {
        d.apply(d.inner(source).unwrap_or(source), front);
    }
}

/// The locale a page's `ms.contentlocale` declares, normalized (`pt-br` → `pt-BR`).
pub(super) fn detected_locale(front: &FrontMatter) -> Option<String> {
    let c = front.content_locale()?;
    unic_langid::LanguageIdentifier::from_str(c)
        .ok()
        .map(|id| id.to_string())
}

/// A `uid` given to two pages of one locale: `xref:` links to it would go to either.
/// The 1-based line of front-matter key `key` of a page (0 when unknown).
fn front_line(p: &Page, key: &str) -> u32 {
    match &p.body {
        crate::model::Body::Markdown(md) => {
            crate::frontmatter::key_line(&md.text[..md.start], key) + 1
        }
        crate::model::Body::Faq { source, .. } => crate::frontmatter::key_line(source, key) + 1,
        _ => 0,
    }
}

/// `ms.contentlocale` that is not a language tag, or names another locale than the page's
/// folder: a warning; the folder decides the page's locale.
fn content_locale_mismatches(pages: &[Page], locales: &[Locale]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in pages.iter().filter(|p| p.fallback.is_none()) {
        let Some(written) = p.front.content_locale() else {
            continue;
        };
        let code = &locales[p.locale].code;
        let message = match unic_langid::LanguageIdentifier::from_str(written) {
            Err(_) => format!(
                "`ms.contentlocale: {written}` is not a language tag; the page is in `{code}` (its folder's locale)"
            ),
            Ok(id) if id.to_string().eq_ignore_ascii_case(code) => continue,
            Ok(_) => format!(
                "`ms.contentlocale: {written}` disagrees with its folder's locale `{code}`; the page stays in `{code}`"
            ),
        };
        diags.push(
            Diagnostic::new(Kind::FrontMatter, &p.source, message)
                .at(front_line(p, "ms.contentlocale"), 1)
                .severity(crate::diag::Severity::Warning)
                .locale(code),
        );
    }
    diags
}

fn duplicate_uids(pages: &[Page], locales: &[Locale]) -> Vec<Diagnostic> {
    let mut first: HashMap<(usize, &str), &str> = HashMap::new();
    let mut diags = Vec::new();
    for p in pages.iter().filter(|p| p.fallback.is_none()) {
        let Some(uid) = p.front.uid() else { continue };
        match first.get(&(p.locale, uid)) {
            Some(other) => {
                let line = front_line(p, "uid");
                diags.push(
                    Diagnostic::new(
                        Kind::DuplicateUid,
                        &p.source,
                        format!("uid `{uid}` is also the uid of `{other}`; `xref:{uid}` links go to `{other}`"),
                    )
                    .at(line, 1)
                    .locale(&locales[p.locale].code),
                );
            }
            None => {
                first.insert((p.locale, uid), &p.source);
            }
        }
    }
    diags
}
