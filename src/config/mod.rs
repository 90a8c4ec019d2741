//! `ajuda.toml`: raw serde types, validated into the runtime [`Config`].
//!
//! Two layers, as in Cobalt: [`RawConfig`] mirrors the file (unknown keys refused), and
//! [`Config::from_raw`] turns it into checked values with absolute paths. Every problem is a
//! diagnostic pointing at the key in the file.

use crate::diag::{line_col, Diagnostic, Kind, Severity};
use globset::{Glob, GlobSet};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod access;
pub mod flows;
pub mod home;
mod locales;
mod raw;
pub use raw::*;
mod values;
use locales::validate_locale;
pub use locales::{default_direction, LocaleConfig, RawLocale};
pub use values::locale_display_name;
use values::{
    app_title, build_globs, normalize_prefix, parse_size, split_base_url, unknown_key_hint,
};

pub const CONFIG_FILE: &str = "ajuda.toml";
pub const DEFAULT_LOCALE: &str = "en-US";

/// Files that are part of a docs repository but not of its site.
const DEFAULT_IGNORES: &[&str] = &[
    "**/.*",
    "**/.*/**",
    "README.md",
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "SECURITY.md",
    "LICENSE*",
    "ThirdPartyNotices*",
    "**/docfx.json",
    // Repository housekeeping: owners, OS and editor droppings.
    "**/CODEOWNERS",
    "**/OWNERS",
    "**/OWNERS.*",
    "**/ContentOwners.txt",
    "**/desktop.ini",
    "**/Thumbs.db",
    "**/*.lnk",
    "node_modules/**",
    "public/**",
    "target/**",
];

/// What raw HTML in Markdown becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Written as it is: writers are trusted.
    #[default]
    Trust,
    /// Shown as text, for sites that publish contributions from people they do not trust.
    Escape,
}

#[derive(Debug, Clone)]
pub enum ThemeSource {
    /// The theme compiled into the binary.
    Builtin,
    Dir(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    /// The site title for every locale: the config's `title`, else the docset's `_appTitle`
    /// (`docfx.json`); empty when neither gives one (then each locale's "Help Center").
    pub title: String,
    /// Titles per locale code, from `title = { pt-BR = "..." }`.
    pub locale_titles: HashMap<String, String>,
    /// Absolute base URL without trailing slash (may be empty: site-relative links only).
    pub base_url: String,
    /// Path part of the base URL, always starting and ending with `/`.
    pub root_path: String,
    pub default_locale: usize,
    pub locales: Vec<LocaleConfig>,
    /// No config file: the locale is taken from the pages' `ms.contentlocale`.
    pub detect_locale: bool,
    pub theme: ThemeSource,
    /// The site's own template overrides.
    pub templates_dir: Option<PathBuf>,
    pub ignore: GlobSet,
    pub redirects: Vec<(String, String)>,
    /// `[external]`: root-relative URL prefix → the base links under it go to (`{locale}` in
    /// it is the page's locale), or `None` for `false` (such links are errors). The prefix
    /// `/` is the catch-all for links that are in none of the site's docsets.
    pub external: Vec<(String, Option<String>)>,
    /// `[urls] lowercase`, when the config sets it (else: when the site is published to Learn).
    pub lowercase_urls: Option<bool>,
    pub severities: HashMap<Kind, Severity>,
    pub raw_html: RawHtml,
    /// Largest text source read, in bytes.
    pub max_text_bytes: u64,
    /// `[limits] max_output_size`: beyond it the build is fatal.
    pub max_output_bytes: u64,
    /// The config file's folder (the root without one): where `themes/` is looked for.
    pub config_dir: PathBuf,
    /// Docset folder (lowercase) → URL bases, from `[docsets]`.
    pub docset_bases: HashMap<String, Vec<String>>,
    /// Dependent repository (`path_to_root`, lowercase) → the local folder standing in for it,
    /// from `[dependencies]`.
    pub dependencies: HashMap<String, PathBuf>,
    /// `[l10n] stale_notice`: stale translations say so.
    pub stale_notice: bool,
    /// `[search] enabled` (default true).
    pub search: bool,
    /// `[search] index_code` (default false).
    pub search_code: bool,
    /// `[search] exclude`: source paths (relative to the locale folder) left out of search.
    pub search_exclude: GlobSet,
    /// `[search.products]`: (`ms.service` value, display name).
    pub products: Vec<(String, String)>,
    /// `[feedback] endpoint`: an `http(s)` URL that receives votes and unanswered searches.
    pub feedback_endpoint: Option<String>,
    /// `[flows]` and `[support] default_flow`.
    pub flows: flows::Flows,
    /// `[home]`: promoted articles.
    pub home: home::HomeConfig,
    /// `[output] keep`: files added to the output by hand that builds carry over (paths or
    /// globs relative to the output), besides `CNAME` and `.well-known/`.
    pub keep: Vec<String>,
}

/// Options from the command line that override the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub base_url: Option<String>,
}

/// The config file's text: a regular UTF-8 file (a folder or FIFO named `ajuda.toml` is
/// refused without blocking), of bounded size.
fn read_config_text(path: &Path) -> Result<String, Vec<Diagnostic>> {
    let fail = |msg: String| {
        vec![Diagnostic::new(
            Kind::Config,
            path.display().to_string(),
            msg,
        )]
    };
    let bytes = crate::fsx::read_bounded(path, crate::fsx::DEFAULT_MAX_TEXT_BYTES)
        .map_err(|e| fail(format!("cannot read the config file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "the config file is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

impl Config {
    /// Finds and reads the config: `config` if given, else `root/ajuda.toml` if present, else the
    /// no-config defaults. `root` is the site root whichever config is used: paths written in
    /// the config are relative to the config's folder, and a config without `[[locales]]`
    /// builds `root`.
    pub fn load(
        root: &Path,
        config: Option<&Path>,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        if let Some(c) = config.filter(|c| std::fs::symlink_metadata(c).is_err()) {
            return Err(vec![Diagnostic::new(
                Kind::Config,
                c.display().to_string(),
                format!(
                    "the config file `{}` does not exist; nothing was built",
                    c.display()
                ),
            )]);
        }
        if !root.is_dir() {
            let what = if root.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            return Err(vec![Diagnostic::new(
                Kind::Config,
                root.display().to_string(),
                format!(
                    "the site root `{}` {what}; nothing was built",
                    root.display()
                ),
            )
            .suggest(Some(
                "give the folder that holds the content (or ajuda.toml) as --root".into(),
            ))]);
        }
        let path = match config {
            Some(p) => Some(p.to_path_buf()),
            // Anything at `ajuda.toml` is the config: a folder or a FIFO there is an error, not a
            // site without one.
            None => Some(root.join(CONFIG_FILE)).filter(|p| std::fs::symlink_metadata(p).is_ok()),
        };
        let Some(path) = path else {
            return Config::without_file(root, overrides);
        };
        let text = read_config_text(&path)?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let file = path.display().to_string();
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
            let msg = e.message().to_string();
            let hint = unknown_key_hint(&msg);
            vec![Diagnostic::new(Kind::Config, &file, msg)
                .at(line, col)
                .suggest(hint)]
        })?;
        Config::from_raw(raw, root, &base, &file, &text, overrides)
    }

    fn without_file(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let mut cfg = Config::defaults(root.to_path_buf(), overrides);
        cfg.config_dir = root.to_path_buf();
        cfg.detect_locale = true;
        cfg.locales = vec![LocaleConfig::detected(root)];
        Ok(cfg)
    }

    fn defaults(root: PathBuf, overrides: &Overrides) -> Config {
        let theme = match root.join("themes/default") {
            d if d.join("templates").is_dir() => ThemeSource::Dir(d),
            _ => ThemeSource::Builtin,
        };
        let templates_dir = Some(root.join("templates")).filter(|d| d.is_dir());
        let base = overrides.base_url.clone().unwrap_or_default();
        let (base_url, root_path) = split_base_url(&base);
        Config {
            title: app_title(&root).unwrap_or_default(),
            dependencies: HashMap::new(),
            lowercase_urls: None,
            stale_notice: false,
            search: true,
            search_code: false,
            search_exclude: GlobSet::empty(),
            feedback_endpoint: None,
            products: Vec::new(),
            flows: Default::default(),
            home: Default::default(),
            keep: Vec::new(),
            locale_titles: HashMap::new(),
            root,
            base_url,
            root_path,
            default_locale: 0,
            locales: Vec::new(),
            detect_locale: false,
            theme,
            templates_dir,
            ignore: build_globs(DEFAULT_IGNORES.iter().copied()).expect("built-in globs are valid"),
            redirects: Vec::new(),
            external: Vec::new(),
            severities: HashMap::new(),
            raw_html: RawHtml::Trust,
            max_text_bytes: crate::fsx::DEFAULT_MAX_TEXT_BYTES,
            max_output_bytes: crate::fsx::DEFAULT_MAX_OUTPUT_BYTES,
            config_dir: PathBuf::new(),
            docset_bases: HashMap::new(),
        }
    }

    pub fn from_raw(
        raw: RawConfig,
        root: &Path,
        base: &Path,
        file: &str,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let err = |span: std::ops::Range<usize>, msg: String| {
            let (l, c) = line_col(text, span.start);
            Diagnostic::new(Kind::Config, file, msg).at(l, c)
        };
        let mut cfg = Config::defaults(root.to_path_buf(), overrides);
        cfg.config_dir = base.to_path_buf();
        match raw.title {
            Some(RawTitle::One(t)) => cfg.title = t,
            Some(RawTitle::PerLocale(m)) => {
                cfg.locale_titles = m
                    .into_iter()
                    .map(|(code, t)| (code.to_ascii_lowercase(), t))
                    .collect()
            }
            None => {}
        }
        if overrides.base_url.is_none() {
            if let Some(b) = &raw.base_url {
                let v = b.get_ref();
                if !(v.starts_with("http://") || v.starts_with("https://") || v.starts_with('/')) {
                    diags.push(err(
                        b.span(),
                        format!("base_url `{v}` must start with http://, https:// or /"),
                    ));
                }
                (cfg.base_url, cfg.root_path) = split_base_url(v);
            }
        }
        if let Some(theme) = &raw.theme {
            let dir = base.join("themes").join(theme.get_ref());
            if theme.get_ref() == "default" && !dir.is_dir() {
                cfg.theme = ThemeSource::Builtin;
            } else if dir.join("templates").is_dir() {
                cfg.theme = ThemeSource::Dir(dir);
            } else {
                diags.push(err(
                    theme.span(),
                    format!("theme folder `{}` has no templates/ folder", dir.display()),
                ));
            }
        }
        for (i, l) in raw.locales.iter().enumerate() {
            match validate_locale(l, base) {
                Ok(lc) => {
                    if let Some(prev) = cfg
                        .locales
                        .iter()
                        .find(|p| p.code.eq_ignore_ascii_case(&lc.code))
                    {
                        diags.push(err(
                            l.code.span(),
                            format!("locale `{}` is declared twice", prev.code),
                        ));
                    } else if let Some(prev) = cfg.locales.iter().find(|p| p.prefix == lc.prefix) {
                        diags.push(err(
                            l.prefix.as_ref().map_or(l.code.span(), |p| p.span()),
                            format!(
                                "URL prefix `{}` is used by `{}` already",
                                lc.prefix, prev.code
                            ),
                        ));
                    } else {
                        cfg.locales.push(lc);
                    }
                }
                Err((span, msg)) => diags.push(err(span, format!("locales[{i}]: {msg}"))),
            }
        }
        if raw.locales.is_empty() {
            cfg.detect_locale = true;
            cfg.locales.push(LocaleConfig::detected(root));
        }
        cfg.stale_notice = raw.l10n.stale_notice.unwrap_or(false);
        cfg.search = raw.search.enabled.unwrap_or(true);
        cfg.search_code = raw.search.index_code.unwrap_or(false);
        cfg.products = raw
            .search
            .products
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (path, dir) in raw.dependencies {
            cfg.dependencies
                .insert(path.trim_matches('/').to_ascii_lowercase(), base.join(dir));
        }
        for (folder, bases) in raw.docsets {
            let bases = match bases {
                RawBases::One(b) => vec![b],
                RawBases::Many(v) => v,
            };
            cfg.docset_bases.insert(
                folder.trim_matches('/').to_ascii_lowercase(),
                bases
                    .iter()
                    .map(|b| crate::docfx::normalize_base(b))
                    .collect(),
            );
        }
        if let Some(v) = &raw.security.raw_html {
            match v.get_ref().as_str() {
                "trust" => cfg.raw_html = RawHtml::Trust,
                "escape" => cfg.raw_html = RawHtml::Escape,
                other => diags.push(err(
                    v.span(),
                    format!("[security] raw_html `{other}` must be `trust` or `escape`"),
                )),
            }
        }
        for (v, key, example, slot) in [
            (
                &raw.limits.max_text_size,
                "max_text_size",
                "\"10 MB\", \"512 KB\"",
                &mut cfg.max_text_bytes,
            ),
            (
                &raw.limits.max_output_size,
                "max_output_size",
                "\"5 GB\", \"800 MB\"",
                &mut cfg.max_output_bytes,
            ),
        ] {
            if let Some(v) = v {
                match parse_size(v.get_ref()) {
                    Some(n) if n > 0 => *slot = n,
                    _ => diags.push(err(
                        v.span(),
                        format!(
                            "[limits] {key} must be a size such as {example} or a number of bytes"
                        ),
                    )),
                }
            }
        }
        if let Some(d) = &raw.default_locale {
            match cfg
                .locales
                .iter()
                .position(|l| l.code.eq_ignore_ascii_case(d.get_ref()))
            {
                Some(i) => cfg.default_locale = i,
                None if cfg.detect_locale => {}
                None => diags.push(err(
                    d.span(),
                    format!("default_locale `{}` is not one of the locales", d.get_ref()),
                )),
            }
        }
        if cfg.locales.len() == raw.locales.len() {
            diags.extend(locales::fallback_chains(
                &raw.locales,
                raw.default_locale.as_ref(),
                &mut cfg.locales,
                cfg.default_locale,
                &err,
            ));
        }
        let (flows, d) = flows::Flows::from_raw(
            raw.flows,
            raw.support,
            &cfg.locales,
            cfg.default_locale,
            !cfg.detect_locale,
            text,
            &err,
        );
        cfg.flows = flows;
        diags.extend(d);
        let (home, d) = home::HomeConfig::from_raw(raw.home, file, text, &err);
        cfg.home = home;
        diags.extend(d);
        let mut valid = Vec::new();
        for g in &raw.ignore {
            match Glob::new(g.get_ref()) {
                Ok(_) => valid.push(g.get_ref().as_str()),
                Err(e) => diags.push(err(g.span(), format!("bad ignore glob: {e}"))),
            }
        }
        cfg.ignore = build_globs(DEFAULT_IGNORES.iter().copied().chain(valid))
            .unwrap_or_else(|_| GlobSet::empty());
        if let Some(e) = &raw.feedback.endpoint {
            let url = e.get_ref().trim();
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('/')
            {
                cfg.feedback_endpoint = Some(url.to_string());
            } else {
                diags.push(err(
                    e.span(),
                    format!(
                        "[feedback] endpoint `{url}` is not an http(s) URL nor a path on the site"
                    ),
                ));
            }
        }
        let mut valid = Vec::new();
        for g in &raw.search.exclude {
            match Glob::new(g.get_ref()) {
                Ok(_) => valid.push(g.get_ref().as_str()),
                Err(e) => diags.push(err(g.span(), format!("bad [search] exclude glob: {e}"))),
            }
        }
        cfg.search_exclude = build_globs(valid.into_iter()).unwrap_or_else(|_| GlobSet::empty());
        for k in &raw.output.keep {
            match Glob::new(k.get_ref().trim_start_matches('/')) {
                Ok(_) => cfg
                    .keep
                    .push(k.get_ref().trim_start_matches('/').to_string()),
                Err(e) => diags.push(err(k.span(), format!("bad [output] keep glob: {e}"))),
            }
        }
        for (kind, sev) in &raw.check {
            let k = Kind::from_name(kind);
            let s = Severity::parse(sev.get_ref());
            match (k, s) {
                (Some(k), Some(s)) if k.is_configurable() => {
                    cfg.severities.insert(k, s);
                }
                (Some(k), Some(_)) => diags.push(err(
                    sev.span(),
                    format!("the severity of `{k}` cannot be changed"),
                )),
                (None, _) => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    diags.push(
                        err(
                            sev.span(),
                            format!("[check]: unknown diagnostic kind `{kind}`"),
                        )
                        .suggest(crate::diag::nearest(kind, names).map(str::to_string)),
                    )
                }
                (_, None) => diags.push(err(
                    sev.span(),
                    format!(
                        "[check]: `{}` is not a severity (error, warning, note)",
                        sev.get_ref()
                    ),
                )),
            }
        }
        for (from, to) in raw.redirects {
            let key = crate::paths::page_key(from.trim_start_matches('/'), &from);
            if crate::paths::is_publishable_key(&key) {
                cfg.redirects.push((from, to));
            } else {
                let at = text.find(&format!("\"{from}\"")).unwrap_or(0);
                diags.push(err(
                    at..at,
                    format!(
                        "[redirects]: source `{from}` is not a page path inside the content folder"
                    ),
                ));
            }
        }
        for (k, v) in raw.external {
            let prefix = match k.trim_matches('/') {
                "" => "/".to_string(),
                _ => normalize_prefix(&k),
            };
            let base = match v {
                RawExternal::Base(b) => Some(b),
                RawExternal::Off(false) => None,
                RawExternal::Off(true) => {
                    diags.push(Diagnostic::new(
                        Kind::Config,
                        CONFIG_FILE,
                        format!("[external] \"{k}\" = true: give the base URL links under it go to, or false to make them errors"),
                    ));
                    continue;
                }
            };
            cfg.external.push((prefix, base));
        }
        cfg.lowercase_urls = raw.urls.lowercase;
        if diags.is_empty() {
            Ok(cfg)
        } else {
            Err(diags)
        }
    }

    /// The site title of locale `code`; `fallback` (the theme's "Help Center" in that
    /// language) when the config and the docset give none. Never the name of a folder.
    pub fn site_title(&self, code: &str, fallback: &str) -> String {
        self.locale_titles
            .get(&code.to_ascii_lowercase())
            .or(Some(&self.title).filter(|t| !t.is_empty()))
            .map_or_else(|| fallback.to_string(), String::clone)
    }

    /// Absolute URL of a site-relative path (`/pt-br/x/`).
    pub fn permalink(&self, url: &str) -> String {
        let origin = self
            .base_url
            .strip_suffix(self.root_path.trim_end_matches('/'))
            .unwrap_or(&self.base_url);
        format!("{origin}{url}")
    }
}
