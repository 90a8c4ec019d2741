//! Stage 3: assemble the site model from the parsed files of every locale: locales, pages with
//! their URLs, TOC trees (sub-TOCs grafted in), each page's place in navigation, redirects.

use crate::address::Addresses;
use crate::config::{locale_display_name, Config};
use crate::diag::{Diagnostic, Kind};
use crate::model::{Locale, Page, PageId, Redirect, Site, Toc, TocNode, TocTarget};
use crate::parse::{Parsed, ParsedLocale};
use crate::paths;
use crate::toc::ParsedToc;
use std::collections::HashMap;

mod checks;
mod docsets;
mod gather;
mod redirects;
pub(crate) use checks::{docset_metadata, model_inputs, search_counts, site_checks};
use gather::Gathered;
mod nav;
use nav::{breadcrumbs_of, graft_sub_tocs, place_pages, relative_to, toc_of};

/// The site model of the parsed locales, with the problems found while assembling it.
pub(crate) fn assemble(config: &Config, parsed: Vec<ParsedLocale>) -> (Site, Vec<Diagnostic>) {
    let mut locales = locales_of(config, &parsed);
    let xref_tags = xref_tags_of(&parsed);
    let published = parsed.iter().any(|pl| pl.repo.is_some());
    let lowercase_urls = config.lowercase_urls.unwrap_or(published);
    let mut g = Gathered::default();
    for (li, pl) in parsed.into_iter().enumerate() {
        g.add_locale(config, li, &locales[li], pl, lowercase_urls);
    }
    // A locale without its own home page points at the generated one, which has the same URL.
    for l in &mut locales {
        l.home = Addresses::new(&config.root_path, &l.prefix, &[])
            .lowercase(lowercase_urls)
            .home()
            .url;
    }
    let redirects = redirects::first_redirects(g.redirects, &locales, &mut g.diags);
    let mut translations = translations(&g.pages, locales.len());
    let borrowed = fallback_pages(
        config,
        &locales,
        &g.docsets,
        &g.pages,
        &redirects,
        &mut translations,
        lowercase_urls,
    );
    g.pages.extend(borrowed);
    let toc_by_file = tocs_by_file(&g.tocs);
    let breadcrumbs = breadcrumbs(g.breadcrumb_files, &g.docsets, &g.pages, &locales);
    g.diags.extend(empty_locales(config, &g.pages, &locales));
    let tocs = graft_sub_tocs(g.tocs, &toc_by_file, &locales, &mut g.diags);
    let mut site = Site {
        locales,
        default_locale: config.default_locale,
        pages: g.pages,
        tocs,
        redirects,
        assets: g.assets,
        fragments: g.fragments,
        docsets: g.docsets,
        translations,
        unfetched: g.unfetched,
        breadcrumbs,
        titled_by_docsets: config.title.is_empty() && config.locale_titles.is_empty(),
        xref_tags,
        published,
        lowercase_urls,
    };
    let mut diags = g.diags;
    diags.extend(crate::resolve::resolve_tocs(&mut site, config));
    place_pages(&mut site.pages, &site.tocs);
    (site, diags)
}

/// The xref tags of the locales' repositories, sorted, each once.
fn xref_tags_of(parsed: &[ParsedLocale]) -> Vec<String> {
    let mut xref_tags: Vec<String> = parsed
        .iter()
        .filter_map(|pl| pl.repo.as_ref())
        .flat_map(|r| r.xref_tags.iter().cloned())
        .collect();
    xref_tags.sort();
    xref_tags.dedup();
    xref_tags
}

/// Each TOC file by (locale, source path in lower case).
fn tocs_by_file(tocs: &[Toc]) -> HashMap<(usize, String), usize> {
    tocs.iter()
        .enumerate()
        .map(|(i, t)| ((t.locale, t.source.to_ascii_lowercase()), i))
        .collect()
}

/// The breadcrumb trees of the breadcrumb `files`, their entries found among `pages` by key
/// or by URL.
fn breadcrumbs(
    files: Vec<(usize, ParsedToc)>,
    docsets: &[Vec<crate::docfx::Docset>],
    pages: &[Page],
    locales: &[Locale],
) -> Vec<crate::model::Breadcrumbs> {
    let lower: HashMap<(usize, String), PageId> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.locale, p.key.to_lowercase()), i))
        .collect();
    // Pages by their address under the locale prefix (`exchange/troubleshoot/a`), lower case.
    let by_url: HashMap<(usize, String), PageId> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let under = p.url.strip_prefix(&locales[p.locale].home)?;
            let path = crate::address::decoded_path(under).to_lowercase();
            Some(((p.locale, path.trim_matches('/').to_string()), i))
        })
        .collect();
    files
        .into_iter()
        .map(|(li, t)| breadcrumbs_of(li, t, &docsets[li], &lower, &by_url))
        .collect()
}

/// The pages each published locale lacks, borrowed from the first locale of its fallback
/// chain that has them: same key, the locale's own URL, the source's body (not copied).
/// `translations` holds the own pages; the borrowed ones are added to it.
fn fallback_pages(
    config: &Config,
    locales: &[Locale],
    docsets: &[Vec<crate::docfx::Docset>],
    pages: &[Page],
    redirects: &[Redirect],
    translations: &mut HashMap<String, Vec<Option<PageId>>>,
    lowercase: bool,
) -> Vec<Page> {
    if locales.len() < 2 {
        return Vec::new();
    }
    // A page the locale moved elsewhere is a redirect there, not a fallback.
    let moved: std::collections::HashSet<(usize, String)> = redirects
        .iter()
        .map(|r| (r.locale, r.from.to_lowercase()))
        .collect();
    let mut out = Vec::new();
    // Keys in the order their first page comes, for a stable output.
    for (id, first) in pages.iter().enumerate() {
        let key = first.key.to_lowercase();
        let Some(slots) = translations.get_mut(&key) else {
            continue;
        };
        if slots.iter().flatten().min() != Some(&id) || slots.iter().all(Option::is_some) {
            continue;
        }
        for (li, locale) in locales.iter().enumerate() {
            if !locale.publish || slots[li].is_some() || moved.contains(&(li, key.clone())) {
                continue;
            }
            // Only a locale's own page is borrowed (not another locale's fallback).
            let own = |from: usize| slots[from].filter(|&s| s < pages.len());
            let Some(src) = locale.fallback.iter().find_map(|&from| own(from)) else {
                continue;
            };
            let p = &pages[src];
            // Where the source's docset publishes it, under this locale's prefix.
            let place = Addresses::new(&config.root_path, &locale.prefix, &docsets[p.locale])
                .lowercase(lowercase)
                .page(&p.key, &p.source);
            slots[li] = Some(pages.len() + out.len());
            out.push(Page {
                locale: li,
                key: p.key.clone(),
                source: p.source.clone(),
                kind: p.kind,
                front: p.front.clone(),
                title: p.title.clone(),
                body: crate::model::Body::Borrowed,
                output: place.output,
                url: place.url,
                nav: None,
                toc: None,
                fallback: Some(src),
            });
        }
    }
    out
}

/// Each page key (lowercase: translated repositories do not always keep the letter case) →
/// its page per locale. The same page may be `.md` in one locale and `.yml` in another.
fn translations(pages: &[Page], locales: usize) -> HashMap<String, Vec<Option<PageId>>> {
    let mut map: HashMap<String, Vec<Option<PageId>>> = HashMap::with_capacity(pages.len());
    for (id, p) in pages.iter().enumerate() {
        let slot = &mut map
            .entry(p.key.to_lowercase())
            .or_insert_with(|| vec![None; locales])[p.locale];
        slot.get_or_insert(id);
    }
    map
}

/// A locale without pages is a warning (a wrong `dir`?); a site without any page is an error
/// (a wrong `--root`?), not a silent empty site.
fn empty_locales(config: &Config, pages: &[Page], locales: &[Locale]) -> Vec<Diagnostic> {
    let mut count = vec![0usize; locales.len()];
    for p in pages {
        count[p.locale] += 1;
    }
    let none = pages.is_empty();
    count
        .iter()
        .enumerate()
        .filter(|(_, &n)| n == 0)
        .map(|(i, _)| {
            let dir = config.locales[i].dir.display();
            let d = Diagnostic::new(
                Kind::Config,
                crate::config::CONFIG_FILE,
                format!("no pages found in `{dir}` (Markdown files, or YAML pages starting with `### YamlMime:`)"),
            )
            .locale(&locales[i].code);
            if none {
                d
            } else {
                d.severity(crate::diag::Severity::Warning)
            }
        })
        .collect()
}

/// The site's locales; without a config, the code comes from the pages' `ms.contentlocale`.
fn locales_of(config: &Config, parsed: &[ParsedLocale]) -> Vec<Locale> {
    config
        .locales
        .iter()
        .zip(parsed)
        .map(|(lc, pl)| {
            let mut code = lc.code.clone();
            if config.detect_locale {
                let mut counts: HashMap<String, usize> = HashMap::new();
                for item in &pl.items {
                    if let Parsed::Page(p) = item {
                        if let Some(id) = checks::detected_locale(&p.front) {
                            *counts.entry(id).or_default() += 1;
                        }
                    }
                }
                if let Some((c, _)) = counts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                {
                    code = c;
                }
            }
            let (name, prefix) = if config.detect_locale {
                (locale_display_name(&code), code.to_lowercase())
            } else {
                (lc.name.clone(), lc.prefix.clone())
            };
            Locale {
                direction: if config.detect_locale {
                    crate::config::default_direction(&code)
                } else {
                    lc.direction
                },
                code,
                name,
                prefix,
                home: String::new(),
                publish: lc.publish,
                fallback: lc.fallback.clone(),
            }
        })
        .collect()
}

/// In a repository made of docsets, the pages of locale `li` in none of them (the Partner
/// Center's `Archive/` has no `docfx.json`): published as they are, with one note.
fn outside_docsets(
    pages: &[Page],
    li: usize,
    sets: &[crate::docfx::Docset],
    code: &str,
) -> Option<Diagnostic> {
    if sets.is_empty() {
        return None;
    }
    let outside: Vec<&Page> = pages
        .iter()
        .filter(|p| p.locale == li && crate::docfx::docset_of(sets, &p.source).is_none())
        .collect();
    let first = outside.first()?;
    let mut folders: Vec<&str> = outside
        .iter()
        .map(|p| p.source.split('/').next().unwrap_or(""))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let n = outside.len();
    Some(
        Diagnostic::new(
            Kind::Config,
            &first.source,
            format!(
                "{n} {} in no docset (no `docfx.json` above `{}`): published as {}; files there only when a page links to them",
                if n == 1 { "page is" } else { "pages are" },
                folders.join("`, `"),
                if n == 1 { "it is" } else { "they are" },
            ),
        )
        .severity(crate::diag::Severity::Note)
        .locale(code),
    )
}
