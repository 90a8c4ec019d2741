//! The raw `ajuda.toml`, as it is written (validated into [`super::Config`]).

use super::flows;
use super::home;
use super::locales::RawLocale;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: Option<RawTitle>,
    pub base_url: Option<Spanned<String>>,
    pub default_locale: Option<Spanned<String>>,
    #[serde(default)]
    pub locales: Vec<RawLocale>,
    pub theme: Option<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Redirect source path (relative to a locale's folder, with extension) → target URL or path.
    #[serde(default)]
    pub redirects: BTreeMap<String, String>,
    /// Root-relative URL prefix of another docset → external base, with `{locale}`; `false`
    /// makes links under the prefix errors instead (`"/" = false`).
    #[serde(default)]
    pub external: BTreeMap<String, RawExternal>,
    #[serde(default)]
    pub urls: RawUrls,
    /// Diagnostic kind → severity (`error`, `warning`, `note`).
    #[serde(default)]
    pub check: BTreeMap<String, Spanned<String>>,
    /// Docset folder → the URL bases it is published under (`"/exchange/troubleshoot/"` or a
    /// list, the first being the one its pages get).
    #[serde(default)]
    pub docsets: BTreeMap<String, RawBases>,
    /// Dependent repository of the publishing config (`path_to_root`) → a local folder
    /// standing in for it (includes and code samples are read from it).
    #[serde(default)]
    pub dependencies: BTreeMap<String, String>,
    #[serde(default)]
    pub security: RawSecurity,
    #[serde(default)]
    pub limits: RawLimits,
    #[serde(default)]
    pub output: RawOutput,
    #[serde(default)]
    pub l10n: RawL10n,
    #[serde(default)]
    pub search: RawSearch,
    /// Request flows: `[flows.NAME]` with `label` and `url` (see `crate::flows`).
    #[serde(default)]
    pub flows: BTreeMap<String, flows::RawFlow>,
    #[serde(default)]
    pub support: flows::RawSupport,
    /// `[home]`: the help-center home pages (promoted articles).
    #[serde(default)]
    pub home: home::RawHome,
    #[serde(default)]
    pub feedback: RawFeedback,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeedback {
    /// Where "Was this helpful?" votes and searches without results are sent (JSON).
    pub endpoint: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSearch {
    /// `false`: no search index (and no search box).
    pub enabled: Option<bool>,
    /// `true`: code blocks are searched too.
    pub index_code: Option<bool>,
    /// Globs of source paths (relative to the locale folder) kept out of the site's search.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Display names of `ms.service` values, the search page's products.
    #[serde(default)]
    pub products: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawL10n {
    /// Show "this translation may be out of date" on stale translations (see `ajuda l10n`).
    pub stale_notice: Option<bool>,
}

/// `title = "Contoso Support"`, or one per locale: `title = { en-US = "...", pt-BR = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawTitle {
    One(String),
    PerLocale(BTreeMap<String, String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecurity {
    /// `trust` (default) or `escape`.
    pub raw_html: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// Files added to the output by hand that builds keep (paths or globs relative to the
    /// output), besides `CNAME` and `.well-known/`.
    #[serde(default)]
    pub keep: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimits {
    /// Largest text source read (`"10 MB"`, `"512 KB"` or a number of bytes).
    pub max_text_size: Option<Spanned<toml::Value>>,
    /// Most bytes the whole output may take.
    pub max_output_size: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawBases {
    One(String),
    Many(Vec<String>),
}

/// A value of `[external]`: a base URL, or `false`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawExternal {
    Base(String),
    Off(bool),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUrls {
    /// Lower-case page and file URLs (default: when the site is a repository published to
    /// Learn, one with `.openpublishing.publish.config.json`).
    pub lowercase: Option<bool>,
}
