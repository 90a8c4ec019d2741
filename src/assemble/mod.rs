//! Stage 3: assemble the site model from the parsed files of every locale: locales, pages with
//! their URLs, TOC trees (sub-TOCs grafted in), each page's place in navigation, redirects.

use crate::address::{Addresses, Place};
use crate::config::{locale_display_name, Config};
use crate::diag::{Diagnostic, Kind};
use crate::model::{
    Assets, Fragments, Locale, Page, PageId, Redirect, Site, Toc, TocNode, TocTarget,
};
use crate::parse::{Parsed, ParsedLocale};
use crate::paths;
use std::collections::HashMap;

mod checks;
mod docsets;
mod redirects;
pub use checks::{docset_metadata, model_inputs, search_counts, site_checks};
mod nav;
use nav::{breadcrumbs_of, graft_sub_tocs, place_pages, relative_to, toc_of};

pub fn assemble(config: &Config, parsed: Vec<ParsedLocale>) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut locales = locales_of(config, &parsed);
    let mut pages: Vec<Page> = Vec::new();
    let mut tocs: Vec<Toc> = Vec::new();
    let mut redirects: Vec<Redirect> = Vec::new();
    let mut assets = Vec::new();
    let mut fragments = Vec::new();
    let mut docsets = Vec::new();
    let mut breadcrumb_files = Vec::new();
    let mut unfetched = Vec::new();
    let mut xref_tags: Vec<String> = parsed
        .iter()
        .filter_map(|pl| pl.repo.as_ref())
        .flat_map(|r| r.xref_tags.iter().cloned())
        .collect();
    xref_tags.sort();
    xref_tags.dedup();
    let published = parsed.iter().any(|pl| pl.repo.is_some());
    let lowercase_urls = config.lowercase_urls.unwrap_or(published);
    for (li, pl) in parsed.into_iter().enumerate() {
        let locale = &locales[li];
        let (sets, items): (Vec<Parsed>, Vec<Parsed>) = pl
            .items
            .into_iter()
            .partition(|i| matches!(i, Parsed::Docset(_)));
        let sets: Vec<crate::docfx::Docset> = sets
            .into_iter()
            .filter_map(|i| match i {
                Parsed::Docset(d) => Some(d),
                _ => None,
            })
            .collect();
        let repo = pl.repo.as_deref();
        let sets = docsets::of_locale(config, repo, &locale.code, sets, &items, &mut diags);
        unfetched.push(docsets::unfetched_dependents(
            repo,
            &locale.code,
            &pl.dependent_dirs,
            &items,
            &mut diags,
        ));
        let sources: Vec<&str> = items
            .iter()
            .filter_map(|i| match i {
                Parsed::Page(p) => Some(p.source.as_str()),
                Parsed::Toc(t) => Some(t.source.as_str()),
                Parsed::Fragment(f) => Some(f.rel.as_str()),
                _ => None,
            })
            .chain(pl.assets.iter().map(String::as_str))
            .collect();
        docsets::unmatched_globs(&sets, &sources, &locale.code, &mut diags);
        drop(sources);
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut seen_lower: HashMap<String, String> = HashMap::new();
        let mut frag = Fragments::default();
        for item in items {
            match item {
                Parsed::Page(p) if !paths::is_publishable_key(&p.key) => {
                    diags.push(
                        Diagnostic::new(
                            Kind::Encoding,
                            &p.source,
                            format!("`{}` cannot be a page's URL; rename the file", p.source),
                        )
                        .locale(&locale.code),
                    );
                }
                Parsed::Page(mut p) => {
                    // A docset's `docfx.json` says which files are pages, and gives them
                    // metadata under their own front matter.
                    if let Some(d) = crate::docfx::docset_of(&sets, &p.source) {
                        let inner = d.inner(&p.source).unwrap_or(&p.source);
                        if !d.is_content(inner) {
                            diags.push(
                                Diagnostic::new(
                                    Kind::Config,
                                    &p.source,
                                    format!(
                                        "not built: `{}/docfx.json` does not list it as content",
                                        d.dir
                                    ),
                                )
                                .severity(crate::diag::Severity::Note)
                                .locale(&locale.code),
                            );
                            continue;
                        }
                    }
                    docset_metadata(&sets, &p.source, &mut p.front);
                    // A docset published under another base (or a content entry with a
                    // `dest`) moves its pages' URLs there.
                    let Place { url, output } =
                        Addresses::new(&config.root_path, &locale.prefix, &sets)
                            .lowercase(lowercase_urls)
                            .page(&p.key, &p.source);
                    // `a.md` and `a/index.md` are different keys but the same URL.
                    if let Some(first) = seen.get(&output) {
                        diags.push(
                            Diagnostic::new(
                                Kind::DuplicatePage,
                                &p.source,
                                format!(
                                    "`{}` and `{first}` have the same URL; `{first}` is used",
                                    p.source
                                ),
                            )
                            .locale(&locale.code),
                        );
                        continue;
                    }
                    // `A.md` beside `a.md`: two pages on Linux, one file on Windows and macOS.
                    if let Some(first) = seen_lower.get(&output.to_lowercase()) {
                        diags.push(
                            Diagnostic::new(
                                Kind::DuplicatePage,
                                &p.source,
                                format!(
                                    "`{}` and `{first}` differ only in letter case: their outputs overwrite each other on case-insensitive file systems and hosts; rename one",
                                    p.source
                                ),
                            )
                            .locale(&locale.code),
                        );
                    }
                    seen_lower.insert(output.to_lowercase(), p.source.clone());
                    seen.insert(output.clone(), p.source.clone());
                    pages.push(Page {
                        locale: li,
                        output,
                        url,
                        key: p.key,
                        source: p.source,
                        kind: p.kind,
                        front: p.front,
                        title: p.title,
                        body: p.body,
                        nav: None,
                        toc: None,
                        fallback: None,
                    });
                }
                Parsed::Toc(t) if crate::toc::is_breadcrumb_file(&t.source) => {
                    breadcrumb_files.push((li, t));
                }
                Parsed::Toc(mut t) => {
                    // `~/` in a TOC entry is the docset's root, like in links.
                    let root = crate::docfx::root_of(&sets, &t.source);
                    for item in &mut t.items {
                        if let Some(rest) = item.href.as_deref().and_then(|h| h.strip_prefix("~/"))
                        {
                            let joined = paths::join(root, rest).unwrap_or_default();
                            item.href = Some(relative_to(&t.dir, &joined));
                        }
                    }
                    tocs.push(toc_of(li, t))
                }
                // The parse stage set each redirect's locale.
                Parsed::Redirects(r) => redirects.extend(r),
                Parsed::Fragment(f) => {
                    frag.files.insert(f.rel, f.text);
                }
                Parsed::Skipped | Parsed::Docset(_) => {}
            }
        }
        for (from, to) in &config.redirects {
            // In `ajuda.toml`, a target path is relative to the locale folder, like the source.
            // A `javascript:` target stays as written, to be refused as one.
            let to = if paths::is_external(to)
                || to.starts_with('/')
                || paths::unsafe_scheme(to).is_some()
            {
                to.clone()
            } else {
                format!("/{to}")
            };
            redirects.push(Redirect {
                locale: li,
                from: paths::page_key(from.trim_start_matches('/'), from),
                to,
                declared_in: crate::config::CONFIG_FILE.into(),
                line: 0,
            });
        }
        let mut a = Assets::default();
        for f in pl.assets {
            // `docfx.json` publishes the files its `content` and `resource` entries list.
            match crate::docfx::docset_of(&sets, &f) {
                Some(d) if !d.is_published_file(d.inner(&f).unwrap_or(&f)) => {
                    a.unlisted.insert(f.to_lowercase());
                    continue;
                }
                Some(_) => {}
                // Outside every docset of a repository made of docsets: a file a page uses.
                None if !sets.is_empty() => {
                    a.linked_only.insert(f.clone());
                }
                None => {}
            }
            // A hand-written `x/index.html` would replace the page made from `x.md`.
            let out = Addresses::new(&config.root_path, &locale.prefix, &sets)
                .lowercase(lowercase_urls)
                .file(&f)
                .output;
            if let Some(page) = seen.get(&out) {
                diags.push(
                    Diagnostic::new(
                        Kind::DuplicatePage,
                        &f,
                        format!("`{f}` has the output path of the page made from `{page}`; the file was not published"),
                    )
                    .locale(&locale.code),
                );
                continue;
            }
            a.by_lower.insert(f.to_lowercase(), f.clone());
            a.files.insert(f);
        }
        assets.push(a);
        diags.extend(outside_docsets(&pages, li, &sets, &locale.code));
        fragments.push(frag);
        docsets.push(sets);
    }
    // A locale without its own home page points at the generated one, which has the same URL.
    for l in &mut locales {
        l.home = Addresses::new(&config.root_path, &l.prefix, &[])
            .lowercase(lowercase_urls)
            .home()
            .url;
    }
    let redirects = redirects::first_redirects(redirects, &locales, &mut diags);
    let mut translations = translations(&pages, locales.len());
    let borrowed = fallback_pages(
        config,
        &locales,
        &docsets,
        &pages,
        &redirects,
        &mut translations,
        lowercase_urls,
    );
    pages.extend(borrowed);
    let toc_by_file: HashMap<(usize, String), usize> = tocs
        .iter()
        .enumerate()
        .map(|(i, t)| ((t.locale, t.source.to_ascii_lowercase()), i))
        .collect();
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
    let breadcrumbs = breadcrumb_files
        .into_iter()
        .map(|(li, t)| breadcrumbs_of(li, t, &docsets[li], &lower, &by_url))
        .collect();
    diags.extend(empty_locales(config, &pages, &locales));
    let tocs = graft_sub_tocs(tocs, &toc_by_file, &locales, &mut diags);
    let mut site = Site {
        locales,
        default_locale: config.default_locale,
        pages,
        tocs,
        redirects,
        assets,
        fragments,
        docsets,
        translations,
        unfetched,
        breadcrumbs,
        titled_by_docsets: config.title.is_empty() && config.locale_titles.is_empty(),
        xref_tags,
        published,
        lowercase_urls,
    };
    diags.extend(crate::resolve::resolve_tocs(&mut site, config));
    place_pages(&mut site.pages, &site.tocs);
    (site, diags)
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
