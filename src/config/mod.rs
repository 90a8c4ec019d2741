//! `ajuda.toml`: raw serde types, validated into the runtime [`Config`].
//!
//! Two layers, as in Cobalt: [`RawConfig`] mirrors the file (unknown keys refused), and
//! [`Config::from_raw`] turns it into checked values with absolute paths. Every problem is a
//! diagnostic pointing at the key in the file.

use crate::diag::{line_col, Diagnostic, Kind, Severity};
use globset::GlobSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod access;
pub(crate) mod flows;
pub(crate) mod home;
mod locales;
mod raw;
pub use raw::*;
mod tables;
mod values;
pub use locales::{default_direction, LocaleConfig, RawLocale};
pub use values::locale_display_name;
use values::{app_title, build_globs, split_base_url, unknown_key_hint};

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

    /// Validates the parsed file `file` (text `text`, in folder `base`) into the config of the
    /// site at `root`; every problem found is a diagnostic pointing at its key.
    pub fn from_raw(
        raw: RawConfig,
        root: &Path,
        base: &Path,
        file: &str,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let err = |span: std::ops::Range<usize>, msg: String| {
            let (l, c) = line_col(text, span.start);
            Diagnostic::new(Kind::Config, file, msg).at(l, c)
        };
        let mut cfg = Config::defaults(root.to_path_buf(), overrides);
        cfg.config_dir = base.to_path_buf();
        let mut v = tables::Validation::new(cfg, base, text, &err);
        v.title(raw.title);
        if overrides.base_url.is_none() {
            v.base_url(raw.base_url.as_ref());
        }
        v.theme(raw.theme.as_ref());
        v.locales(&raw.locales, root);
        v.l10n_and_search(&raw.l10n, &raw.search);
        v.folders(raw.dependencies, raw.docsets);
        v.security(&raw.security);
        v.limits(&raw.limits);
        v.default_locale(raw.default_locale.as_ref(), &raw.locales);
        v.flows(raw.flows, raw.support);
        v.home(raw.home, file);
        v.ignore(&raw.ignore);
        v.feedback(&raw.feedback);
        v.search_exclude(&raw.search.exclude);
        v.keep(&raw.output.keep);
        v.check(&raw.check);
        v.redirects(raw.redirects);
        v.external(raw.external);
        v.cfg.lowercase_urls = raw.urls.lowercase;
        v.finish()
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
