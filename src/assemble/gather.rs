//! The first step of assembling: each locale's docsets, and its items placed (pages at their
//! URLs, TOCs, redirects, fragments, files), two sources with one output refused.

use super::{docset_metadata, docsets, outside_docsets, relative_to, toc_of};
use crate::address::{Addresses, Place};
use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::docfx::Docset;
use crate::model::{Assets, Fragments, Locale, Page, Redirect, Toc};
use crate::parse::{Parsed, ParsedLocale, ParsedPage};
use crate::paths;
use crate::toc::ParsedToc;
use std::collections::HashMap;

/// The site's parts, gathered locale by locale: those of every locale (each knows its own),
/// and one entry per locale (`assets`, `fragments`, `docsets`, `unfetched`).
#[derive(Default)]
pub(super) struct Gathered {
    pub(super) pages: Vec<Page>,
    pub(super) tocs: Vec<Toc>,
    /// Breadcrumb files, with their locale.
    pub(super) breadcrumb_files: Vec<(usize, ParsedToc)>,
    pub(super) redirects: Vec<Redirect>,
    pub(super) assets: Vec<Assets>,
    pub(super) fragments: Vec<Fragments>,
    pub(super) docsets: Vec<Vec<Docset>>,
    pub(super) unfetched: Vec<Vec<String>>,
    pub(super) diags: Vec<Diagnostic>,
}

/// One locale being gathered: what places its pages and files.
struct LocaleCtx<'a> {
    config: &'a Config,
    li: usize,
    locale: &'a Locale,
    sets: &'a [Docset],
    lowercase_urls: bool,
}

impl<'a> LocaleCtx<'a> {
    /// Addresses under the locale's prefix, in its docsets.
    fn addresses(&self) -> Addresses<'a> {
        Addresses::new(&self.config.root_path, &self.locale.prefix, self.sets)
            .lowercase(self.lowercase_urls)
    }

    /// Why page `p` is not built, if it is not: its path cannot be a URL, or its docset's
    /// `docfx.json` does not list it as content.
    fn not_built(&self, p: &ParsedPage) -> Option<Diagnostic> {
        if !paths::is_publishable_key(&p.key) {
            return Some(
                Diagnostic::new(
                    Kind::Encoding,
                    &p.source,
                    format!("`{}` cannot be a page's URL; rename the file", p.source),
                )
                .locale(&self.locale.code),
            );
        }
        // A docset's `docfx.json` says which files are pages, and gives them
        // metadata under their own front matter.
        let d = crate::docfx::docset_of(self.sets, &p.source)?;
        let inner = d.inner(&p.source).unwrap_or(&p.source);
        if d.is_content(inner) {
            return None;
        }
        Some(
            Diagnostic::new(
                Kind::Config,
                &p.source,
                format!(
                    "not built: `{}/docfx.json` does not list it as content",
                    d.dir
                ),
            )
            .severity(Severity::Note)
            .locale(&self.locale.code),
        )
    }
}

/// The outputs a locale's pages have taken so far, to find two pages with one output.
#[derive(Default)]
struct Seen {
    /// Output → the source of the page that has it.
    output: HashMap<String, String>,
    /// The same, outputs in lower case.
    lower: HashMap<String, String>,
}

impl Seen {
    /// Gives `output` to page `source` (of locale `code`), unless an earlier page has it:
    /// then `false`, with a diagnostic. Another letter case is a diagnostic too.
    fn claim(
        &mut self,
        output: &str,
        source: &str,
        code: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        // `a.md` and `a/index.md` are different keys but the same URL.
        if let Some(first) = self.output.get(output) {
            diags.push(
                Diagnostic::new(
                    Kind::DuplicatePage,
                    source,
                    format!("`{source}` and `{first}` have the same URL; `{first}` is used"),
                )
                .locale(code),
            );
            return false;
        }
        // `A.md` beside `a.md`: two pages on Linux, one file on Windows and macOS.
        if let Some(first) = self.lower.get(&output.to_lowercase()) {
            diags.push(
                Diagnostic::new(
                    Kind::DuplicatePage,
                    source,
                    format!(
                        "`{source}` and `{first}` differ only in letter case: their outputs overwrite each other on case-insensitive file systems and hosts; rename one"
                    ),
                )
                .locale(code),
            );
        }
        self.lower.insert(output.to_lowercase(), source.to_string());
        self.output.insert(output.to_string(), source.to_string());
        true
    }
}

impl Gathered {
    /// Adds locale `li` (`locale`, parsed as `pl`): its docsets, its items and its files.
    pub(super) fn add_locale(
        &mut self,
        config: &Config,
        li: usize,
        locale: &Locale,
        pl: ParsedLocale,
        lowercase_urls: bool,
    ) {
        let (sets, items) = split_docsets(pl.items);
        let repo = pl.repo.as_deref();
        let sets = docsets::of_locale(config, repo, &locale.code, sets, &items, &mut self.diags);
        self.unfetched.push(docsets::unfetched_dependents(
            repo,
            &locale.code,
            &pl.dependent_dirs,
            &items,
            &mut self.diags,
        ));
        let sources = sources_of(&items, &pl.assets);
        docsets::unmatched_globs(&sets, &sources, &locale.code, &mut self.diags);
        drop(sources);
        let cx = LocaleCtx {
            config,
            li,
            locale,
            sets: &sets,
            lowercase_urls,
        };
        let mut seen = Seen::default();
        let mut frag = Fragments::default();
        for item in items {
            self.add_item(&cx, item, &mut seen, &mut frag);
        }
        self.redirects.extend(config_redirects(config, li));
        let assets = self.assets_of(&cx, pl.assets, &seen);
        self.assets.push(assets);
        self.diags
            .extend(outside_docsets(&self.pages, li, &sets, &locale.code));
        self.fragments.push(frag);
        self.docsets.push(sets);
    }

    /// Adds one item of the locale: a page, a TOC, redirects or a fragment (into `frag`).
    fn add_item(&mut self, cx: &LocaleCtx, item: Parsed, seen: &mut Seen, frag: &mut Fragments) {
        match item {
            Parsed::Page(p) => self.add_page(cx, *p, seen),
            Parsed::Toc(t) if crate::toc::is_breadcrumb_file(&t.source) => {
                self.breadcrumb_files.push((cx.li, t));
            }
            Parsed::Toc(t) => self.tocs.push(toc_of(cx.li, rooted_toc(cx.sets, t))),
            // The parse stage set each redirect's locale.
            Parsed::Redirects(r) => self.redirects.extend(r),
            Parsed::Fragment(f) => {
                frag.files.insert(f.rel, f.text);
            }
            Parsed::Skipped | Parsed::Docset(_) => {}
        }
    }

    /// Adds page `p` at its URL, unless it is not built or an earlier page has its output.
    fn add_page(&mut self, cx: &LocaleCtx, mut p: ParsedPage, seen: &mut Seen) {
        if let Some(d) = cx.not_built(&p) {
            self.diags.push(d);
            return;
        }
        docset_metadata(cx.sets, &p.source, &mut p.front);
        // A docset published under another base (or a content entry with a
        // `dest`) moves its pages' URLs there.
        let Place { url, output } = cx.addresses().page(&p.key, &p.source);
        if !seen.claim(&output, &p.source, &cx.locale.code, &mut self.diags) {
            return;
        }
        self.pages.push(Page {
            locale: cx.li,
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

    /// The locale's files `files`: published, not listed by their docset, or only linked; one
    /// with the output of a page in `seen` is not published.
    fn assets_of(&mut self, cx: &LocaleCtx, files: Vec<String>, seen: &Seen) -> Assets {
        let mut a = Assets::default();
        for f in files {
            // `docfx.json` publishes the files its `content` and `resource` entries list.
            match crate::docfx::docset_of(cx.sets, &f) {
                Some(d) if !d.is_published_file(d.inner(&f).unwrap_or(&f)) => {
                    a.unlisted.insert(f.to_lowercase());
                    continue;
                }
                Some(_) => {}
                // Outside every docset of a repository made of docsets: a file a page uses.
                None if !cx.sets.is_empty() => {
                    a.linked_only.insert(f.clone());
                }
                None => {}
            }
            // A hand-written `x/index.html` would replace the page made from `x.md`.
            let out = cx.addresses().file(&f).output;
            if let Some(page) = seen.output.get(&out) {
                self.diags.push(
                    Diagnostic::new(
                        Kind::DuplicatePage,
                        &f,
                        format!("`{f}` has the output path of the page made from `{page}`; the file was not published"),
                    )
                    .locale(&cx.locale.code),
                );
                continue;
            }
            a.by_lower.insert(f.to_lowercase(), f.clone());
            a.files.insert(f);
        }
        a
    }
}

/// The `docfx.json` files among `items`, and the other items.
fn split_docsets(items: Vec<Parsed>) -> (Vec<Docset>, Vec<Parsed>) {
    let (sets, items): (Vec<Parsed>, Vec<Parsed>) = items
        .into_iter()
        .partition(|i| matches!(i, Parsed::Docset(_)));
    let sets = sets
        .into_iter()
        .filter_map(|i| match i {
            Parsed::Docset(d) => Some(d),
            _ => None,
        })
        .collect();
    (sets, items)
}

/// The paths of the locale's sources: its pages, TOCs and fragments, then its files.
fn sources_of<'a>(items: &'a [Parsed], assets: &'a [String]) -> Vec<&'a str> {
    items
        .iter()
        .filter_map(|i| match i {
            Parsed::Page(p) => Some(p.source.as_str()),
            Parsed::Toc(t) => Some(t.source.as_str()),
            Parsed::Fragment(f) => Some(f.rel.as_str()),
            _ => None,
        })
        .chain(assets.iter().map(String::as_str))
        .collect()
}

/// TOC `t` with its `~/` hrefs (the docset's root, like in links) made relative to its folder.
fn rooted_toc(sets: &[Docset], mut t: ParsedToc) -> ParsedToc {
    let root = crate::docfx::root_of(sets, &t.source);
    for item in &mut t.items {
        if let Some(rest) = item.href.as_deref().and_then(|h| h.strip_prefix("~/")) {
            let joined = paths::join(root, rest).unwrap_or_default();
            item.href = Some(relative_to(&t.dir, &joined));
        }
    }
    t
}

/// The redirects of `ajuda.toml`, in locale `li`.
fn config_redirects(config: &Config, li: usize) -> impl Iterator<Item = Redirect> + '_ {
    config.redirects.iter().map(move |(from, to)| {
        // In `ajuda.toml`, a target path is relative to the locale folder, like the source.
        // A URL stays as written, whatever spaces lead it (browsers skip them): ` javascript:`
        // must reach the check that refuses it, not become a path.
        let url = to.trim_start_matches(|c: char| c <= ' ');
        let to = if paths::is_external(url) || to.starts_with('/') {
            to.clone()
        } else {
            format!("/{to}")
        };
        Redirect {
            locale: li,
            from: paths::page_key(from.trim_start_matches('/'), from),
            to,
            declared_in: crate::config::CONFIG_FILE.into(),
            line: 0,
        }
    })
}
