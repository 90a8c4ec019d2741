//! Root-relative links: `/partner-center/billing`, `/pt-br/partner-center/billing`, a page
//! at the address its docset publishes it, `[external]` prefixes, or another docset's path.

use super::{AnchorTarget, LinkIndex, Mode, Resolution};
use crate::diag::Kind;
use crate::paths::{self, split_target};

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
        let raw = path;
        let path = split_target(path).path;
        let with_suffix = |href: String| paths::with_query_fragment(href, query, fragment);
        let external = self
            .external
            .iter()
            .filter(|(prefix, _)| {
                prefix != "/"
                    && (path.starts_with(prefix.as_str()) || format!("{path}/") == *prefix)
            })
            .max_by_key(|(prefix, _)| prefix.len());
        if let Some((prefix, base)) = external {
            let tail = path.get(prefix.len()..).unwrap_or("");
            return self.to_base(locale, base.as_deref(), prefix, tail, raw, query, fragment);
        }
        if let Some(res) = self.page_at(locale, path, query, fragment) {
            return res;
        }
        let rest = path
            .strip_prefix(self.root_path.as_str())
            .unwrap_or(&path[1..]);
        let (loc, rest, prefixed) = match rest.split_once('/') {
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
        let elsewhere = |rest: &str| self.elsewhere(loc, rest, raw, query, fragment);
        // A docset published under other URL bases: links through any of them are links to
        // its files, and its folder's own path is not a path of the site.
        let written_rest = rest;
        let docsets = &self.site.docsets[loc];
        let moved = docsets.iter().find_map(|d| d.from_base(rest));
        let rest = match &moved {
            Some(source) if rest.ends_with('/') => format!("{source}/"),
            Some(source) => source.clone(),
            None => {
                let first = rest.split('/').next().unwrap_or("");
                if docsets
                    .iter()
                    .any(|d| d.moved() && d.dir.eq_ignore_ascii_case(first))
                {
                    return elsewhere(written_rest);
                }
                rest.to_string()
            }
        };
        let rest = rest.as_str();
        let Some(joined) = paths::join("", rest) else {
            return elsewhere(written_rest);
        };
        if joined.is_empty() {
            return Resolution::keep(&with_suffix(self.site.locales[loc].home.clone()));
        }
        // `/docset/sub/` names the folder `sub` itself.
        let folder = if rest.ends_with('/') {
            joined.to_lowercase()
        } else {
            paths::parent(&joined).to_lowercase()
        };
        let is_folder = self.folders[loc].contains(&joined.to_lowercase());
        let ours = prefixed
            || is_folder
            || paths::is_page_path(&joined)
            || self
                .find_page(loc, &paths::page_key(&joined, rest))
                .is_some()
            || self.asset(loc, &joined).is_some();
        if folder.is_empty() && !ours {
            // `/azure/...`: a top-level path the site does not have is another docset.
            return elsewhere(written_rest);
        }
        if folder.is_empty() || self.folders[loc].contains(&folder) || is_folder {
            let written = if rest.ends_with('/') {
                format!("{joined}/")
            } else {
                joined.clone()
            };
            return self.resolve_path(loc, raw, &joined, &written, query, fragment, mode, hops);
        }
        elsewhere(written_rest)
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
