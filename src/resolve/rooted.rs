//! Root-relative links: `/partner-center/billing`, `/pt-br/partner-center/billing`, a page
//! at the address its docset publishes it, `[external]` prefixes, or another docset's path.

use super::{AnchorTarget, LinkIndex, Mode, Resolution};
use crate::diag::Kind;
use crate::paths::{self, split_target};

/// A root-relative link being resolved: as written, and how it is followed.
#[derive(Clone, Copy)]
struct RootedLink<'l> {
    raw: &'l str,
    query: Option<&'l str>,
    fragment: Option<&'l str>,
    mode: Mode,
    hops: usize,
}

/// Where a root-relative path is: the locale, the path under the locale's prefix, and whether
/// the prefix is written.
struct UnderRoot<'p> {
    locale: usize,
    rest: &'p str,
    prefixed: bool,
}

impl LinkIndex<'_> {
    /// The page whose address is `path` (root-relative, with or without the locale's prefix,
    /// with or without the closing `/`), exactly as the site publishes it.
    pub(super) fn page_at(
        &self,
        locale: usize,
        path: &str,
        query: Option<&str>,
        fragment: Option<&str>,
    ) -> Option<Resolution> {
        let mut decoded = crate::address::decoded_path(path);
        if self.site.lowercase_urls {
            decoded = decoded.to_lowercase();
        }
        let folder = format!("{}/", decoded.trim_end_matches('/'));
        let inner = folder.trim_start_matches('/');
        let home = crate::address::decoded_path(&self.address(locale).home().url);
        let candidates = [folder.clone(), format!("{home}{inner}")];
        let &page = candidates.iter().find_map(|c| self.by_path.get(c))?;
        Some(Resolution {
            leads_nowhere: false,
            href: self.page_href(page, query, fragment),
            anchor: fragment
                .filter(|f| !f.is_empty())
                .map(|f| AnchorTarget::Page(page, f.to_string())),
            page: Some(page),
            problem: None,
        })
    }

    /// `/partner-center/billing`, `/pt-br/partner-center/billing`, or another docset's path.
    ///
    /// A root-relative link is checked when its folder exists in the site: `/partner-center/x`
    /// is a page of this site, while `/partner-center/develop/x`, whose folder the site does
    /// not have, belongs to another docset published under the same prefix.
    pub(super) fn resolve_rooted(
        &self,
        locale: usize,
        path: &str,
        query: Option<&str>,
        fragment: Option<&str>,
        mode: Mode,
        hops: usize,
    ) -> Resolution {
        let link = RootedLink {
            raw: path,
            query,
            fragment,
            mode,
            hops,
        };
        let path = split_target(path).path;
        if let Some((prefix, base)) = self.external_prefix(path) {
            let tail = path.get(prefix.len()..).unwrap_or("");
            return self.to_base(
                locale,
                base.as_deref(),
                prefix,
                tail,
                link.raw,
                query,
                fragment,
            );
        }
        if let Some(res) = self.page_at(locale, path, query, fragment) {
            return res;
        }
        let at = self.under_root(locale, path);
        match self.source_path(&at) {
            Some(rest) => self.in_site(&at, &rest, &link),
            None => self.elsewhere(at.locale, at.rest, link.raw, query, fragment),
        }
    }

    /// The longest `[external]` prefix (other than `"/"`) that `path` starts with or is the
    /// folder of, with the base it sends links to.
    fn external_prefix(&self, path: &str) -> Option<&(String, Option<String>)> {
        self.external
            .iter()
            .filter(|(prefix, _)| {
                prefix != "/"
                    && (path.starts_with(prefix.as_str()) || format!("{path}/") == *prefix)
            })
            .max_by_key(|(prefix, _)| prefix.len())
    }

    /// Where the root-relative `path` is: in the locale whose prefix starts it (else
    /// `locale`), at the rest of it.
    fn under_root<'p>(&self, locale: usize, path: &'p str) -> UnderRoot<'p> {
        let rest = path
            .strip_prefix(self.root_path.as_str())
            .unwrap_or(&path[1..]);
        let (locale, rest, prefixed) = match rest.split_once('/') {
            Some((first, tail))
                if self
                    .prefixes
                    .contains_key(first.to_ascii_lowercase().as_str()) =>
            {
                (
                    self.prefixes[first.to_ascii_lowercase().as_str()],
                    tail,
                    true,
                )
            }
            None if self
                .prefixes
                .contains_key(rest.to_ascii_lowercase().as_str()) =>
            {
                (self.prefixes[rest.to_ascii_lowercase().as_str()], "", true)
            }
            _ => (locale, rest, false),
        };
        UnderRoot {
            locale,
            rest,
            prefixed,
        }
    }

    /// The path of the locale's files that `at.rest` is. A docset published under other URL
    /// bases: links through any of them are links to its files, and its folder's own path is
    /// not a path of the site (`None`).
    fn source_path(&self, at: &UnderRoot) -> Option<String> {
        let docsets = &self.site.docsets[at.locale];
        match docsets.iter().find_map(|d| d.source_under_base(at.rest)) {
            Some(source) if at.rest.ends_with('/') => Some(format!("{source}/")),
            Some(source) => Some(source),
            None => {
                let first = at.rest.split('/').next().unwrap_or("");
                let moved = docsets
                    .iter()
                    .any(|d| d.moved() && d.dir.eq_ignore_ascii_case(first));
                (!moved).then(|| at.rest.to_string())
            }
        }
    }

    /// A root-relative link to `rest`, a path of the files of locale `at.locale`: resolved in
    /// the site when its folder is one of the site's (or it is at the top and the site has
    /// it), else a link elsewhere.
    fn in_site(&self, at: &UnderRoot, rest: &str, link: &RootedLink) -> Resolution {
        let loc = at.locale;
        let elsewhere = || self.elsewhere(loc, at.rest, link.raw, link.query, link.fragment);
        let Some(joined) = paths::join("", rest) else {
            return elsewhere();
        };
        if joined.is_empty() {
            let home = self.site.locales[loc].home.clone();
            return Resolution::keep(&paths::with_query_fragment(home, link.query, link.fragment));
        }
        // `/docset/sub/` names the folder `sub` itself.
        let folder = if rest.ends_with('/') {
            joined.to_lowercase()
        } else {
            paths::parent(&joined).to_lowercase()
        };
        let is_folder = self.folders[loc].contains(&joined.to_lowercase());
        let ours = at.prefixed
            || is_folder
            || paths::is_page_path(&joined)
            || self
                .find_page(loc, &paths::page_key(&joined, rest))
                .is_some()
            || self.asset(loc, &joined).is_some();
        if folder.is_empty() && !ours {
            // `/azure/...`: a top-level path the site does not have is another docset.
            return elsewhere();
        }
        if folder.is_empty() || self.folders[loc].contains(&folder) || is_folder {
            let written = if rest.ends_with('/') {
                format!("{joined}/")
            } else {
                joined.clone()
            };
            let RootedLink {
                raw,
                query,
                fragment,
                mode,
                hops,
            } = *link;
            return self.resolve_path(loc, raw, &joined, &written, query, fragment, mode, hops);
        }
        elsewhere()
    }

    /// A root-relative link in none of the site's docsets (`rest`: its path under the locale
    /// prefix): to the publishing host (`[external] "/"`, else Learn for a repository
    /// published there), an error under `"/" = false`, else kept as written.
    fn elsewhere(
        &self,
        locale: usize,
        rest: &str,
        raw: &str,
        query: Option<&str>,
        fragment: Option<&str>,
    ) -> Resolution {
        match &self.host {
            None => Resolution::keep(raw),
            Some(base) => self.to_base(locale, base.as_deref(), "/", rest, raw, query, fragment),
        }
    }

    /// A link to `base` (with `{locale}`) + `tail`, `base` being what `[external]` says for
    /// `prefix`: `None` (`false`) makes it an error.
    #[allow(clippy::too_many_arguments)]
    fn to_base(
        &self,
        locale: usize,
        base: Option<&str>,
        prefix: &str,
        tail: &str,
        raw: &str,
        query: Option<&str>,
        fragment: Option<&str>,
    ) -> Resolution {
        let Some(base) = base else {
            return Resolution::broken(
                raw,
                Kind::MissingPage,
                format!(
                    "`{}` is in none of this site's docsets, and `[external] \"{prefix}\" = false`",
                    split_target(raw).path
                ),
                None,
            );
        };
        let base = base.replace("{locale}", &self.site.locales[locale].code.to_lowercase());
        let tail = tail.trim_start_matches('/');
        let href = paths::with_query_fragment(
            format!("{}/{tail}", base.trim_end_matches('/')),
            query,
            fragment,
        );
        if prefix == "/" {
            if let Ok(mut sent) = self.sent_to_host.lock() {
                sent.insert(href.clone());
            }
        }
        let mut res = Resolution::keep(&href);
        if self.collect_external {
            res.anchor = Some(AnchorTarget::External(href));
        }
        res
    }
}
