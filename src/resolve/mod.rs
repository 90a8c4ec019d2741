//! Stage 4: the site-wide link index, and resolution of every kind of link writers use:
//! relative `.md`/`.yml` paths (with `../`, `\`, `?query`, `#anchor`), folders, same-page
//! anchors, root-relative paths into this site or other docsets, redirect sources, `xref:`
//! and files (images...). Anchors are checked later, once every page is rendered.

use crate::config::Config;
use crate::diag::Kind;
use crate::model::{PageId, Site};
use crate::paths::{self, split_target};
use std::collections::{HashMap, HashSet};

mod resolution;
mod rooted;
mod toc;
mod xref;
pub use resolution::{AnchorCheck, AnchorTarget, Problem, Resolution, Resolve, Verbatim};
pub use toc::resolve_tocs;

pub struct LinkIndex<'s> {
    site: &'s Site,
    root_path: String,
    /// `[external]` prefixes (but `/`) → base, or `None` for `false`.
    external: Vec<(String, Option<String>)>,
    /// Where root-relative links in none of the site's docsets go (see
    /// [`LinkIndex::elsewhere`]): `None` keeps them as written.
    host: Option<Option<String>>,
    /// Files published only when linked ([`crate::model::Assets::linked_only`]) that a page
    /// links to.
    used_files: std::sync::Mutex<HashSet<(usize, String)>>,
    /// Distinct links sent to the host, for one note.
    sent_to_host: std::sync::Mutex<HashSet<String>>,
    keys: Vec<HashMap<&'s str, PageId>>,
    lower: Vec<HashMap<String, PageId>>,
    redirects: Vec<HashMap<String, usize>>,
    uids: HashMap<&'s str, Vec<PageId>>,
    /// Every folder of each locale that holds pages or files (lowercased, with ancestors):
    /// where root-relative links into this site can point.
    folders: Vec<HashSet<String>>,
    prefixes: HashMap<&'s str, usize>,
    /// Folder → file names in it (pages and files), for suggestions.
    by_folder: Vec<HashMap<&'s str, Vec<&'s str>>>,
    /// Pages by their address (decoded), for root-relative links written as the reader sees
    /// the URL (a page its docset's `src`/`dest` or base moved is not at its source path).
    by_path: HashMap<String, PageId>,
    /// Whether `http(s)` links are kept for checking.
    collect_external: bool,
    suggestions: crate::diag::SuggestBudget,
    /// The publishing config queries Learn's .NET API reference for `xref:` (`/dotnet`).
    dotnet_xrefs: bool,
}

const MAX_REDIRECT_HOPS: usize = 8;

/// Where a repository published to Learn sends links to the rest of Learn.
pub const LEARN_HOST: &str = "https://learn.microsoft.com/{locale}/";
/// The language the publishing host's pages are written in (Learn's source language): the
/// original of a machine translation that has no human-written version here.
pub const HOST_SOURCE_LOCALE: &str = "en-US";

/// The publishing host, where root-relative links in none of this site's docsets go and where
/// "the page on the publishing host" is: `[external] "/"` (`false`: none), else Learn for a
/// repository published to Learn. A `{locale}` in it stands for the locale's code.
pub fn host_rule(config: &Config, site: &Site) -> Option<Option<String>> {
    config
        .external
        .iter()
        .find(|(p, _)| p == "/")
        .map(|(_, base)| base.clone())
        .or_else(|| site.published.then(|| Some(LEARN_HOST.to_string())))
}

/// [`host_rule`]'s base, when links go to a host at all.
pub fn host_base(config: &Config, site: &Site) -> Option<String> {
    host_rule(config, site).flatten()
}

/// The address of locale-relative path `tail` (`partner-center/billing/`) on host `base` in
/// locale `code`, as Learn writes it: lower-case locale, no trailing slash.
pub fn host_url(base: &str, code: &str, tail: &str) -> String {
    let base = base.replace("{locale}", &code.to_lowercase());
    format!("{}/{}", base.trim_end_matches('/'), tail.trim_matches('/'))
}

/// Where a link is written: the rules are one, and what is particular to a place is this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// In a page's body; `image` for `![...](...)` and `<img>`.
    Body { image: bool },
    /// A TOC entry: a moved page's entry goes to its redirect page (it is not followed), and a
    /// file or folder entry is its URL in the locale, whether or not the site has it.
    Toc,
}

impl Mode {
    fn image(self) -> bool {
        matches!(self, Mode::Body { image: true })
    }
}

impl<'s> LinkIndex<'s> {
    pub fn new(site: &'s Site, config: &Config) -> LinkIndex<'s> {
        let n = site.locales.len();
        let mut keys = vec![HashMap::new(); n];
        let mut lower = vec![HashMap::new(); n];
        let mut uids: HashMap<&str, Vec<PageId>> = HashMap::new();
        let mut folders = vec![HashSet::new(); n];
        let mut by_folder: Vec<HashMap<&str, Vec<&str>>> = vec![HashMap::new(); n];
        let mut by_path = HashMap::new();
        for (id, p) in site.pages.iter().enumerate() {
            by_path.insert(crate::address::decoded_path(&p.url), id);
            keys[p.locale].insert(p.key.as_str(), id);
            lower[p.locale].insert(p.key.to_lowercase(), id);
            if let Some(uid) = p.front.uid() {
                uids.entry(uid).or_default().push(id);
            }
            add_folders(&mut folders[p.locale], &p.key);
            let (folder, name) = p.source.rsplit_once('/').unwrap_or(("", &p.source));
            by_folder[p.locale].entry(folder).or_default().push(name);
        }
        for (l, assets) in site.assets.iter().enumerate() {
            for f in &assets.files {
                let (folder, name) = f.rsplit_once('/').unwrap_or(("", f));
                by_folder[l].entry(folder).or_default().push(name);
                add_folders(&mut folders[l], f);
            }
        }
        let mut redirects = vec![HashMap::new(); n];
        for (i, r) in site.redirects.iter().enumerate() {
            redirects[r.locale]
                .entry(r.from.to_lowercase())
                .or_insert(i);
        }
        let prefixes = site
            .locales
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.prefix.is_empty())
            .map(|(i, l)| (l.prefix.as_str(), i))
            .collect();
        LinkIndex {
            site,
            root_path: config.root_path.clone(),
            external: config.external.clone(),
            host: host_rule(config, site),
            sent_to_host: Default::default(),
            used_files: Default::default(),
            keys,
            lower,
            redirects,
            uids,
            folders,
            prefixes,
            by_folder,
            by_path,
            collect_external: false,
            suggestions: crate::diag::SuggestBudget::new(crate::diag::SuggestBudget::DEFAULT),
            dotnet_xrefs: site
                .xref_tags
                .iter()
                .any(|t| t.trim_matches('/') == "dotnet"),
        }
    }

    /// One note for the links sent to the publishing host (see `LinkIndex::elsewhere`).
    pub fn host_note(&self) -> Option<crate::diag::Diagnostic> {
        let n = self.sent_to_host.lock().map(|s| s.len()).unwrap_or(0);
        let base = self.host.as_ref()?.as_deref()?;
        (n > 0).then(|| {
            crate::diag::Diagnostic::new(
                Kind::HostLink,
                "",
                format!(
                    "{n} distinct root-relative link{} in none of this site's docsets go{} to {base}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "es" } else { "" },
                ),
            )
            .suggest(Some(
                "`[external] \"/\" = \"https://…\"` sends them elsewhere; `\"/\" = false` makes them errors".into(),
            ))
        })
    }

    /// Keeps `http(s)` links as [`AnchorTarget::External`] checks.
    pub fn collecting_external(mut self, yes: bool) -> Self {
        self.collect_external = yes;
        self
    }

    /// The page a key names in a locale, exactly or by case only.
    fn find_page(&self, locale: usize, key: &str) -> Option<(PageId, bool)> {
        if let Some(&p) = self.keys[locale].get(key) {
            return Some((p, true));
        }
        self.lower[locale]
            .get(&key.to_lowercase())
            .map(|&p| (p, false))
    }

    fn page_href(&self, page: PageId, query: Option<&str>, fragment: Option<&str>) -> String {
        paths::with_query_fragment(self.site.pages[page].url.clone(), query, fragment)
    }

    /// Resolves a path relative to the locale root (`partner-center/billing.md`).
    #[allow(clippy::too_many_arguments)]
    fn resolve_path(
        &self,
        locale: usize,
        raw: &str,
        joined: &str,
        written: &str,
        query: Option<&str>,
        fragment: Option<&str>,
        mode: Mode,
        hops: usize,
    ) -> Resolution {
        let has_ext = written.rsplit('/').next().is_some_and(|n| n.contains('.'));
        if paths::is_page_path(written) || !has_ext {
            let key = paths::page_key(joined, written);
            let found = self.find_page(locale, &key).or_else(|| {
                (!paths::is_page_path(written))
                    .then(|| self.find_page(locale, &format!("{key}/index")))
                    .flatten()
            });
            if let Some((page, exact)) = found {
                let mut res = Resolution {
                    leads_nowhere: false,
                    page: Some(page),
                    href: self.page_href(page, query, fragment),
                    anchor: fragment
                        .filter(|f| !f.is_empty())
                        .map(|f| AnchorTarget::Page(page, f.to_string())),
                    problem: None,
                };
                // With lower-case URLs, letter case makes no difference to the address.
                if !exact && !self.site.lowercase_urls {
                    res.problem = Some(Problem {
                        kind: Kind::CaseMismatch,
                        message: case_mismatch_message(written, &self.site.pages[page].source),
                        suggestion: None,
                    });
                }
                return res;
            }
            // A folder URL (`/iis/install/setup`) is its `index` page, which may have moved too.
            let folder_index = (!paths::is_page_path(written)).then(|| format!("{key}/index"));
            if mode == Mode::Toc {
                if let Some(res) = self.redirect_page(locale, &key, fragment) {
                    return res;
                }
            }
            let moved = self
                .follow_redirect(locale, &key, raw, query, fragment, hops)
                .or_else(|| {
                    let index = folder_index.as_deref()?;
                    self.follow_redirect(locale, index, raw, query, fragment, hops)
                });
            if let Some(res) = moved {
                return res;
            }
            if mode == Mode::Toc
                && !paths::is_page_path(written)
                && self.asset(locale, joined).is_none()
            {
                let slash = if written.ends_with('/') { "/" } else { "" };
                let url = self.address(locale).file_url(&format!("{joined}{slash}"));
                let mut res = Resolution::keep(&paths::with_query_fragment(url, None, fragment));
                // A folder of pages is a fine entry; a name that is nothing of the site
                // (`getting-startd`, `javascript&#58;...`) is a typo, said as one.
                if !self.is_folder_of_pages(locale, joined) {
                    res.problem = self.missing(locale, raw, joined, written, false).problem;
                }
                return res;
            }
            if paths::is_page_path(written) || self.asset(locale, joined).is_none() {
                return self.missing(locale, raw, joined, written, mode.image());
            }
        }
        match self.asset(locale, joined) {
            Some((href, exact)) => {
                let mut res = Resolution::keep(raw);
                res.href = paths::with_query_fragment(href, query, fragment);
                if !exact && !self.site.lowercase_urls {
                    res.problem = Some(Problem {
                        kind: Kind::CaseMismatch,
                        message: format!(
                            "`{written}` differs in letter case from the file on disk"
                        ),
                        suggestion: None,
                    });
                }
                res
            }
            None => self.missing(locale, raw, joined, written, mode.image()),
        }
    }

    /// Notes that a page links to locale `locale`'s file `rel` (when it is published only
    /// if one does).
    fn used(&self, locale: usize, rel: &str) {
        if self.site.assets[locale].linked_only.contains(rel) {
            if let Ok(mut used) = self.used_files.lock() {
                used.insert((locale, rel.to_string()));
            }
        }
    }

    /// Whether locale `locale`'s file `rel` is published: always, unless it is outside every
    /// docset of a repository of docsets and no page linked to it.
    pub fn publishes_file(&self, locale: usize, rel: &str) -> bool {
        !self.site.assets[locale].linked_only.contains(rel)
            || self
                .used_files
                .lock()
                .is_ok_and(|u| u.contains(&(locale, rel.to_string())))
    }

    /// The addresses of locale `locale`.
    fn address(&self, locale: usize) -> crate::address::Addresses<'_> {
        self.site.addresses(&self.root_path, locale)
    }

    /// A redirect source's own page (where the redirect is written out), for TOC entries.
    fn redirect_page(
        &self,
        locale: usize,
        key: &str,
        fragment: Option<&str>,
    ) -> Option<Resolution> {
        let &ri = self.redirects[locale].get(&key.to_lowercase())?;
        let r = &self.site.redirects[ri];
        let url = self.address(locale).redirect_source(&r.from).url;
        Some(Resolution {
            leads_nowhere: false,
            href: paths::with_query_fragment(url, None, fragment),
            anchor: None,
            page: None,
            problem: Some(Problem {
                kind: Kind::RedirectFollowed,
                message: format!(
                    "`{key}` was moved ({} line {}); the entry goes to its redirect page",
                    r.declared_in, r.line
                ),
                suggestion: None,
            }),
        })
    }

    /// A file of the locale, else of the first locale of its fallback chain that has it
    /// (untranslated images are shared).
    fn asset(&self, locale: usize, path: &str) -> Option<(String, bool)> {
        let chain = &self.site.locales[locale].fallback;
        for l in std::iter::once(locale).chain(chain.iter().copied()) {
            let assets = &self.site.assets[l];
            let url = |p: &str| self.address(l).file_url(p);
            if assets.files.contains(path) {
                self.used(l, path);
                return Some((url(path), true));
            }
            if let Some(actual) = assets.by_lower.get(&path.to_lowercase()) {
                self.used(l, actual);
                return Some((url(actual), false));
            }
        }
        None
    }

    /// Whether `folder` (a content path) holds pages of locale `locale`.
    fn is_folder_of_pages(&self, locale: usize, folder: &str) -> bool {
        let folder = folder.trim_matches('/');
        if folder.is_empty() || folder == "." {
            return true;
        }
        let prefix = format!("{}/", folder.to_lowercase());
        self.site
            .pages
            .iter()
            .any(|p| p.locale == locale && p.key.to_lowercase().starts_with(&prefix))
    }

    fn missing(
        &self,
        locale: usize,
        raw: &str,
        joined: &str,
        written: &str,
        image: bool,
    ) -> Resolution {
        if self.site.is_unfetched(locale, joined) {
            return Resolution::keep(raw);
        }
        let (folder, name) = joined.rsplit_once('/').unwrap_or(("", joined));
        let candidates = self.by_folder[locale]
            .get(folder)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let suggestion = self
            .suggestions
            .nearest(name, candidates.iter().copied())
            .map(|found| {
                let written_path = split_target(written).path;
                match written_path.rsplit_once(['/', '\\']) {
                    Some((dir, _)) => format!("{dir}/{found}"),
                    None => found.to_string(),
                }
            })
            .or_else(|| {
                // The same file name in another folder (a link written from the wrong place),
                // given from the site root.
                self.by_folder[locale]
                    .iter()
                    .filter_map(|(dir, names)| {
                        names
                            .iter()
                            .find(|n| n.eq_ignore_ascii_case(name))
                            .map(|n| {
                                if dir.is_empty() {
                                    format!("/{n}")
                                } else {
                                    format!("/{dir}/{n}")
                                }
                            })
                    })
                    .min()
            });
        let (kind, what) = if image || paths::is_image_path(joined) {
            (Kind::MissingImage, "image")
        } else if paths::is_page_path(written) || !name.contains('.') {
            (Kind::MissingPage, "page")
        } else {
            (Kind::MissingPage, "file")
        };
        let message = if self.site.assets[locale]
            .unlisted
            .contains(&joined.to_lowercase())
        {
            format!("{what} `{joined}` is not published: its docset's `docfx.json` lists it neither as content nor as a resource")
        } else {
            format!("{what} `{joined}` does not exist")
        };
        Resolution::broken(raw, kind, message, suggestion)
    }

    fn follow_redirect(
        &self,
        locale: usize,
        key: &str,
        raw: &str,
        query: Option<&str>,
        fragment: Option<&str>,
        hops: usize,
    ) -> Option<Resolution> {
        let &ri = self.redirects[locale].get(&key.to_lowercase())?;
        let r = &self.site.redirects[ri];
        let mut res = if hops >= MAX_REDIRECT_HOPS {
            Resolution::broken(
                raw,
                Kind::Redirect,
                format!("redirect loop at `{}`", r.from),
                None,
            )
        } else if paths::is_external(&r.to) {
            Resolution::keep(&r.to)
        } else {
            let t = split_target(&r.to);
            let (q, f) = (t.query.or(query), t.fragment.or(fragment));
            let target = if r.to.starts_with('/') {
                self.resolve_rooted(locale, &r.to, q, f, Mode::Body { image: false }, hops + 1)
            } else {
                let joined = paths::join(paths::parent(&r.from), t.path).unwrap_or_default();
                let mode = Mode::Body { image: false };
                self.resolve_path(locale, &r.to, &joined, t.path, q, f, mode, hops + 1)
            };
            if target
                .problem
                .as_ref()
                .is_some_and(|p| p.kind != Kind::RedirectFollowed)
            {
                let p = target.problem.expect("checked");
                return Some(Resolution::broken(
                    raw,
                    p.kind,
                    format!("`{key}` redirects to `{}`, but {}", r.to, p.message),
                    p.suggestion,
                ));
            }
            target
        };
        if res.problem.is_none() {
            res.problem = Some(Problem {
                kind: Kind::RedirectFollowed,
                message: format!(
                    "`{key}` was moved: link goes to `{}` ({} line {})",
                    r.to, r.declared_in, r.line
                ),
                suggestion: None,
            });
        }
        Some(res)
    }
}

/// The message for a link that finds its target only when letter case is ignored.
pub fn case_mismatch_message(written: &str, actual: &str) -> String {
    format!("`{written}` is `{actual}` on disk; the link breaks on case-sensitive web servers")
}

/// Adds every ancestor folder of `path` (lowercased) to `set`.
fn add_folders(set: &mut HashSet<String>, path: &str) {
    let lower = path.to_lowercase();
    let mut folder = paths::parent(&lower);
    while !folder.is_empty() && set.insert(folder.to_string()) {
        folder = paths::parent(folder);
    }
}

impl Resolve for LinkIndex<'_> {
    fn resolve(&self, locale: usize, file: &str, raw: &str, image: bool) -> Resolution {
        self.resolve_in(locale, file, raw, Mode::Body { image })
    }
}

impl LinkIndex<'_> {
    /// Resolves `raw`, written in `file` (locale-relative) in the way `mode` says.
    pub(crate) fn resolve_in(
        &self,
        locale: usize,
        file: &str,
        raw: &str,
        mode: Mode,
    ) -> Resolution {
        if mode.image() {
            if let Some(inline) = Resolution::data_image(raw) {
                return inline;
            }
        }
        if let Some(refused) = Resolution::refuse_unsafe(raw) {
            return refused;
        }
        let trimmed = raw.trim().trim_start_matches('<').trim_end_matches('>');
        if trimmed.is_empty() {
            return Resolution::keep(raw);
        }
        if let Some(frag) = trimmed.strip_prefix('#') {
            let mut res = Resolution::keep(raw);
            if !frag.is_empty() && !frag.starts_with("tab/") {
                res.anchor = Some(AnchorTarget::Same(frag.to_string()));
            }
            return res;
        }
        if trimmed
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("xref:"))
        {
            return self.resolve_xref(locale, trimmed);
        }
        if paths::is_external(trimmed) {
            let mut res = Resolution::keep(raw);
            let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
            if self.collect_external
                && (lower.starts_with("http://") || lower.starts_with("https://"))
            {
                res.anchor = Some(AnchorTarget::External(trimmed.to_string()));
            }
            return res;
        }
        let t = split_target(trimmed);
        if trimmed.starts_with('/') {
            return self.resolve_rooted(locale, trimmed, t.query, t.fragment, mode, 0);
        }
        // `~/` is the root of the file's docset (the folder of its `docfx.json`).
        let (base, path) = match t.path.strip_prefix("~/") {
            Some(rest) => (
                crate::docfx::root_of(&self.site.docsets[locale], file),
                rest,
            ),
            None => (paths::parent(file), t.path),
        };
        match paths::join(base, path) {
            Some(joined) => {
                self.resolve_path(locale, raw, &joined, t.path, t.query, t.fragment, mode, 0)
            }
            None => Resolution::broken(
                raw,
                Kind::MissingPage,
                format!("`{}` leaves the content folder", t.path),
                None,
            ),
        }
    }
}
