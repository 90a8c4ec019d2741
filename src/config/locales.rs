//! `[[locales]]`: each locale's code, folder, URL prefix, text direction, whether it is
//! published, and the chain of locales a missing page is borrowed from.

use super::{locale_display_name, DEFAULT_LOCALE};
use crate::diag::Diagnostic;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocale {
    pub code: Spanned<String>,
    pub name: Option<String>,
    pub dir: Spanned<String>,
    pub prefix: Option<Spanned<String>>,
    /// `ltr` or `rtl`; by default from the language (Arabic, Hebrew, Persian, Urdu... are rtl).
    pub direction: Option<Spanned<String>>,
    /// `false`: the locale's pages are not published; it is a source other locales fall back to.
    pub publish: Option<bool>,
    /// Locales (codes) whose page a missing one borrows, in order; by default the default
    /// locale, then the others in config order.
    pub fallback: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Clone)]
pub struct LocaleConfig {
    /// BCP-47 code, canonical case (`pt-BR`).
    pub code: String,
    pub name: String,
    pub dir: PathBuf,
    pub prefix: String,
    /// `"ltr"` or `"rtl"`.
    pub direction: &'static str,
    pub publish: bool,
    /// Indexes of the locales a missing page is borrowed from, in order.
    pub fallback: Vec<usize>,
}

impl LocaleConfig {
    /// The one locale of a site whose config names none: `root`, its code taken from the
    /// pages' `ms.contentlocale` later (en-US until then).
    pub(super) fn detected(root: &Path) -> LocaleConfig {
        LocaleConfig {
            code: DEFAULT_LOCALE.into(),
            name: locale_display_name(DEFAULT_LOCALE),
            dir: root.to_path_buf(),
            prefix: DEFAULT_LOCALE.to_lowercase(),
            direction: "ltr",
            publish: true,
            fallback: Vec::new(),
        }
    }
}

pub(super) fn validate_locale(
    l: &RawLocale,
    base: &Path,
) -> Result<LocaleConfig, (std::ops::Range<usize>, String)> {
    let code = unic_langid::LanguageIdentifier::from_str(l.code.get_ref())
        .map_err(|_| {
            (
                l.code.span(),
                format!("`{}` is not a BCP-47 language tag", l.code.get_ref()),
            )
        })?
        .to_string();
    let dir = base.join(l.dir.get_ref());
    if !dir.is_dir() {
        return Err((
            l.dir.span(),
            format!("content folder `{}` does not exist", dir.display()),
        ));
    }
    let prefix = match &l.prefix {
        Some(p) => {
            let v = p.get_ref().trim_matches('/').to_string();
            if v.chars()
                .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '/'))
            {
                return Err((
                    p.span(),
                    format!("prefix `{v}` may only hold letters, digits, `-`, `_` and `/`"),
                ));
            }
            v
        }
        None => code.to_lowercase(),
    };
    let direction = match l
        .direction
        .as_ref()
        .map(|d| d.get_ref().to_ascii_lowercase())
    {
        None => default_direction(&code),
        Some(d) if d == "ltr" => "ltr",
        Some(d) if d == "rtl" => "rtl",
        Some(d) => {
            let span = l.direction.as_ref().map_or(l.code.span(), |s| s.span());
            return Err((span, format!("direction `{d}` must be `ltr` or `rtl`")));
        }
    };
    Ok(LocaleConfig {
        name: l.name.clone().unwrap_or_else(|| locale_display_name(&code)),
        code,
        dir,
        prefix,
        direction,
        publish: l.publish.unwrap_or(true),
        fallback: Vec::new(),
    })
}

/// Right to left for the languages written so (Arabic, Hebrew, Persian, Urdu and others).
pub fn default_direction(code: &str) -> &'static str {
    let lang = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(
        lang.as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb"
    ) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Each locale's fallback chain: as configured (`fallback = [...]`, codes in any letter
/// case), else the default locale, then the others in config order; never itself. The
/// default locale must be published.
pub(super) fn fallback_chains(
    raw: &[RawLocale],
    raw_default: Option<&Spanned<String>>,
    locales: &mut [LocaleConfig],
    default: usize,
    err: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let n = locales.len();
    for (i, l) in raw.iter().enumerate() {
        let chain: Vec<usize> = match &l.fallback {
            Some(codes) => codes
                .iter()
                .filter_map(|c| {
                    let found = locales
                        .iter()
                        .position(|x| x.code.eq_ignore_ascii_case(c.get_ref()));
                    if found.is_none() {
                        diags.push(err(
                            c.span(),
                            format!("fallback `{}` is not one of the locales", c.get_ref()),
                        ));
                    }
                    found
                })
                .filter(|&j| j != i)
                .collect(),
            None => std::iter::once(default)
                .chain((0..n).filter(|&j| j != default))
                .filter(|&j| j != i)
                .collect(),
        };
        locales[i].fallback = chain;
    }
    if !locales[default].publish {
        let span = raw_default.map_or(raw[default].code.span(), |d| d.span());
        diags.push(err(
            span,
            "the default locale must be published; make another locale the default".into(),
        ));
    }
    diags
}
