//! The tables and keys of `ajuda.toml`, each checked into its part of [`Config`]: the steps of
//! [`Config::from_raw`], in the order their diagnostics are reported.

use super::flows::{self, ConfigError};
use super::home;
use super::locales::{self, validate_locale, RawLocale};
use super::values::{build_globs, normalize_prefix, parse_size, split_base_url};
use super::{
    Config, LocaleConfig, RawBases, RawExternal, RawFeedback, RawHtml, RawL10n, RawLimits,
    RawSearch, RawSecurity, RawTitle, ThemeSource, CONFIG_FILE, DEFAULT_IGNORES,
};
use crate::diag::{Diagnostic, Kind, Severity};
use globset::{Glob, GlobSet};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// A config being validated: the values so far, the problems found, and what turns a place in
/// the file into a diagnostic.
pub(super) struct Validation<'a> {
    pub(super) cfg: Config,
    diags: Vec<Diagnostic>,
    /// The config file's folder: paths written in the config are relative to it.
    base: &'a Path,
    /// The config file's text, where keys are looked for.
    text: &'a str,
    err: ConfigError<'a>,
}

impl<'a> Validation<'a> {
    /// Starts from `cfg` (the defaults), without problems.
    pub(super) fn new(cfg: Config, base: &'a Path, text: &'a str, err: ConfigError<'a>) -> Self {
        Validation {
            cfg,
            diags: Vec::new(),
            base,
            text,
            err,
        }
    }

    /// A problem with what is written at `span`.
    fn push(&mut self, span: Range<usize>, msg: String) {
        let d = (self.err)(span, msg);
        self.diags.push(d);
    }

    /// The config, or every problem found in it.
    pub(super) fn finish(self) -> Result<Config, Vec<Diagnostic>> {
        if self.diags.is_empty() {
            Ok(self.cfg)
        } else {
            Err(self.diags)
        }
    }

    /// `title`: one for the site, or one per locale code (lowercased).
    pub(super) fn title(&mut self, title: Option<RawTitle>) {
        match title {
            Some(RawTitle::One(t)) => self.cfg.title = t,
            Some(RawTitle::PerLocale(m)) => {
                self.cfg.locale_titles = m
                    .into_iter()
                    .map(|(code, t)| (code.to_ascii_lowercase(), t))
                    .collect()
            }
            None => {}
        }
    }

    /// `base_url`: split into the absolute base and the root path (kept even when refused).
    pub(super) fn base_url(&mut self, base_url: Option<&Spanned<String>>) {
        if let Some(b) = base_url {
            let v = b.get_ref();
            if !(v.starts_with("http://") || v.starts_with("https://") || v.starts_with('/')) {
                self.push(
                    b.span(),
                    format!("base_url `{v}` must start with http://, https:// or /"),
                );
            }
            (self.cfg.base_url, self.cfg.root_path) = split_base_url(v);
        }
    }

    /// `theme`: a folder of `themes/` with a `templates/` folder, or the built-in `default`.
    pub(super) fn theme(&mut self, theme: Option<&Spanned<String>>) {
        if let Some(theme) = theme {
            let dir = self.base.join("themes").join(theme.get_ref());
            if theme.get_ref() == "default" && !dir.is_dir() {
                self.cfg.theme = ThemeSource::Builtin;
            } else if dir.join("templates").is_dir() {
                self.cfg.theme = ThemeSource::Dir(dir);
            } else {
                self.push(
                    theme.span(),
                    format!("theme folder `{}` has no templates/ folder", dir.display()),
                );
            }
        }
    }

    /// `[[locales]]`: each valid one whose code and prefix are its own; none at all means the
    /// locale of `root` is detected from its pages.
    pub(super) fn locales(&mut self, raw: &[RawLocale], root: &Path) {
        for (i, l) in raw.iter().enumerate() {
            match validate_locale(l, self.base) {
                Ok(lc) => self.add_locale(l, lc),
                Err((span, msg)) => self.push(span, format!("locales[{i}]: {msg}")),
            }
        }
        if raw.is_empty() {
            self.cfg.detect_locale = true;
            self.cfg.locales.push(LocaleConfig::detected(root));
        }
    }

    /// Adds locale `lc` (written as `l`) unless an earlier one has its code or URL prefix.
    fn add_locale(&mut self, l: &RawLocale, lc: LocaleConfig) {
        let locales = &self.cfg.locales;
        if let Some(prev) = locales
            .iter()
            .find(|p| p.code.eq_ignore_ascii_case(&lc.code))
        {
            let msg = format!("locale `{}` is declared twice", prev.code);
            self.push(l.code.span(), msg);
        } else if let Some(prev) = locales.iter().find(|p| p.prefix == lc.prefix) {
            let msg = format!(
                "URL prefix `{}` is used by `{}` already",
                lc.prefix, prev.code
            );
            self.push(l.prefix.as_ref().map_or(l.code.span(), |p| p.span()), msg);
        } else {
            self.cfg.locales.push(lc);
        }
    }

    /// `[l10n]` and the switches and product names of `[search]`.
    pub(super) fn l10n_and_search(&mut self, l10n: &RawL10n, search: &RawSearch) {
        self.cfg.stale_notice = l10n.stale_notice.unwrap_or(false);
        self.cfg.search = search.enabled.unwrap_or(true);
        self.cfg.search_code = search.index_code.unwrap_or(false);
        self.cfg.products = search
            .products
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    }

    /// `[dependencies]` (local folders of dependent repositories) and `[docsets]` (URL bases),
    /// keyed by folder in lower case.
    pub(super) fn folders(
        &mut self,
        dependencies: BTreeMap<String, String>,
        docsets: BTreeMap<String, RawBases>,
    ) {
        for (path, dir) in dependencies {
            self.cfg.dependencies.insert(
                path.trim_matches('/').to_ascii_lowercase(),
                self.base.join(dir),
            );
        }
        for (folder, bases) in docsets {
            let bases = match bases {
                RawBases::One(b) => vec![b],
                RawBases::Many(v) => v,
            };
            self.cfg.docset_bases.insert(
                folder.trim_matches('/').to_ascii_lowercase(),
                bases
                    .iter()
                    .map(|b| crate::docfx::normalize_base(b))
                    .collect(),
            );
        }
    }

    /// `[security] raw_html`: `trust` or `escape`.
    pub(super) fn security(&mut self, security: &RawSecurity) {
        if let Some(v) = &security.raw_html {
            match v.get_ref().as_str() {
                "trust" => self.cfg.raw_html = RawHtml::Trust,
                "escape" => self.cfg.raw_html = RawHtml::Escape,
                other => self.push(
                    v.span(),
                    format!("[security] raw_html `{other}` must be `trust` or `escape`"),
                ),
            }
        }
    }

    /// `[limits]`: sizes in bytes, greater than zero.
    pub(super) fn limits(&mut self, limits: &RawLimits) {
        for (v, key, example, slot) in [
            (
                &limits.max_text_size,
                "max_text_size",
                "\"10 MB\", \"512 KB\"",
                &mut self.cfg.max_text_bytes,
            ),
            (
                &limits.max_output_size,
                "max_output_size",
                "\"5 GB\", \"800 MB\"",
                &mut self.cfg.max_output_bytes,
            ),
        ] {
            if let Some(v) = v {
                match parse_size(v.get_ref()) {
                    Some(n) if n > 0 => *slot = n,
                    _ => self.diags.push((self.err)(
                        v.span(),
                        format!(
                            "[limits] {key} must be a size such as {example} or a number of bytes"
                        ),
                    )),
                }
            }
        }
    }

    /// `default_locale`, then each locale's fallback chain (when every locale was valid).
    pub(super) fn default_locale(&mut self, raw: Option<&Spanned<String>>, locales: &[RawLocale]) {
        if let Some(d) = raw {
            match self
                .cfg
                .locales
                .iter()
                .position(|l| l.code.eq_ignore_ascii_case(d.get_ref()))
            {
                Some(i) => self.cfg.default_locale = i,
                None if self.cfg.detect_locale => {}
                None => self.push(
                    d.span(),
                    format!("default_locale `{}` is not one of the locales", d.get_ref()),
                ),
            }
        }
        if self.cfg.locales.len() == locales.len() {
            self.diags.extend(locales::fallback_chains(
                locales,
                raw,
                &mut self.cfg.locales,
                self.cfg.default_locale,
                self.err,
            ));
        }
    }

    /// `[flows]` and `[support]`, checked against the locales.
    pub(super) fn flows(
        &mut self,
        raw: BTreeMap<String, flows::RawFlow>,
        support: flows::RawSupport,
    ) {
        let (flows, d) = flows::Flows::from_raw(
            raw,
            support,
            &self.cfg.locales,
            self.cfg.default_locale,
            !self.cfg.detect_locale,
            self.text,
            self.err,
        );
        self.cfg.flows = flows;
        self.diags.extend(d);
    }

    /// `[home]`.
    pub(super) fn home(&mut self, raw: home::RawHome, file: &str) {
        let (home, d) = home::HomeConfig::from_raw(raw, file, self.text, self.err);
        self.cfg.home = home;
        self.diags.extend(d);
    }

    /// The globs of `globs` that compile; each other is a problem named after `what`.
    fn valid_globs<'g>(&mut self, globs: &'g [Spanned<String>], what: &str) -> Vec<&'g str> {
        let mut valid = Vec::new();
        for g in globs {
            match Glob::new(g.get_ref()) {
                Ok(_) => valid.push(g.get_ref().as_str()),
                Err(e) => self.push(g.span(), format!("bad {what} glob: {e}")),
            }
        }
        valid
    }

    /// `ignore`: globs of paths left out, after the built-in ones.
    pub(super) fn ignore(&mut self, ignore: &[Spanned<String>]) {
        let valid = self.valid_globs(ignore, "ignore");
        self.cfg.ignore = build_globs(DEFAULT_IGNORES.iter().copied().chain(valid))
            .unwrap_or_else(|_| GlobSet::empty());
    }

    /// `[feedback] endpoint`: an `http(s)` URL or a path on the site.
    pub(super) fn feedback(&mut self, feedback: &RawFeedback) {
        if let Some(e) = &feedback.endpoint {
            let url = e.get_ref().trim();
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('/')
            {
                self.cfg.feedback_endpoint = Some(url.to_string());
            } else {
                self.push(
                    e.span(),
                    format!(
                        "[feedback] endpoint `{url}` is not an http(s) URL nor a path on the site"
                    ),
                );
            }
        }
    }

    /// `[search] exclude`: globs of source paths left out of search.
    pub(super) fn search_exclude(&mut self, exclude: &[Spanned<String>]) {
        let valid = self.valid_globs(exclude, "[search] exclude");
        self.cfg.search_exclude =
            build_globs(valid.into_iter()).unwrap_or_else(|_| GlobSet::empty());
    }

    /// `[output] keep`: globs relative to the output, without a leading `/`.
    pub(super) fn keep(&mut self, keep: &[Spanned<String>]) {
        for k in keep {
            match Glob::new(k.get_ref().trim_start_matches('/')) {
                Ok(_) => self
                    .cfg
                    .keep
                    .push(k.get_ref().trim_start_matches('/').to_string()),
                Err(e) => self.push(k.span(), format!("bad [output] keep glob: {e}")),
            }
        }
    }

    /// `[check]`: the severity of each configurable diagnostic kind named.
    pub(super) fn check(&mut self, check: &BTreeMap<String, Spanned<String>>) {
        for (kind, sev) in check {
            let k = Kind::from_name(kind);
            let s = Severity::parse(sev.get_ref());
            match (k, s) {
                (Some(k), Some(s)) if k.is_configurable() => {
                    self.cfg.severities.insert(k, s);
                }
                (Some(k), Some(_)) => self.push(
                    sev.span(),
                    format!("the severity of `{k}` cannot be changed"),
                ),
                (None, _) => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    let d = (self.err)(
                        sev.span(),
                        format!("[check]: unknown diagnostic kind `{kind}`"),
                    )
                    .suggest(crate::diag::nearest(kind, names).map(str::to_string));
                    self.diags.push(d)
                }
                (_, None) => self.push(
                    sev.span(),
                    format!(
                        "[check]: `{}` is not a severity (error, warning, note)",
                        sev.get_ref()
                    ),
                ),
            }
        }
    }

    /// `[redirects]`: those whose source is a page path.
    pub(super) fn redirects(&mut self, redirects: BTreeMap<String, String>) {
        for (from, to) in redirects {
            let key = crate::paths::page_key(from.trim_start_matches('/'), &from);
            if crate::paths::is_publishable_key(&key) {
                self.cfg.redirects.push((from, to));
            } else {
                let at = self.text.find(&format!("\"{from}\"")).unwrap_or(0);
                self.push(
                    at..at,
                    format!(
                        "[redirects]: source `{from}` is not a page path inside the content folder"
                    ),
                );
            }
        }
    }

    /// `[external]`: URL prefix → base (`false`: none); `true` is refused.
    pub(super) fn external(&mut self, external: BTreeMap<String, RawExternal>) {
        for (k, v) in external {
            let prefix = match k.trim_matches('/') {
                "" => "/".to_string(),
                _ => normalize_prefix(&k),
            };
            let base = match v {
                RawExternal::Base(b) => Some(b),
                RawExternal::Off(false) => None,
                RawExternal::Off(true) => {
                    self.diags.push(Diagnostic::new(
                        Kind::Config,
                        CONFIG_FILE,
                        format!("[external] \"{k}\" = true: give the base URL links under it go to, or false to make them errors"),
                    ));
                    continue;
                }
            };
            self.cfg.external.push((prefix, base));
        }
    }
}
