//! Small parsers and defaults behind the config: base URLs, sizes, prefixes, globs, locale
//! names, `docfx.json`'s app title.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::Path;

/// The `_appTitle` of the `docfx.json` at `root` (its `build.globalMetadata`), if any.
pub(super) fn app_title(root: &Path) -> Option<String> {
    let bytes = crate::fsx::read_bounded(&root.join("docfx.json"), 1 << 20).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let t = v
        .pointer("/build/globalMetadata/_appTitle")?
        .as_str()?
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub(super) fn build_globs<'a>(
    globs: impl Iterator<Item = &'a str>,
) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g)?);
    }
    b.build()
}

/// Splits `https://x.com/docs/` into (`https://x.com/docs`, `/docs/`).
pub(super) fn split_base_url(base: &str) -> (String, String) {
    let base = base.trim_end_matches('/').to_string();
    let path = match base.find("://") {
        Some(i) => base[i + 3..].find('/').map_or("", |j| &base[i + 3 + j..]),
        None => base.as_str(),
    };
    let root = format!("{}/", path.trim_end_matches('/'));
    let root = if root.starts_with('/') {
        root
    } else {
        format!("/{root}")
    };
    (base, root)
}

/// `"10 MB"`, `"512KB"`, `"2 GB"` or a number of bytes.
pub(super) fn parse_size(v: &toml::Value) -> Option<u64> {
    match v {
        toml::Value::Integer(n) => u64::try_from(*n).ok(),
        toml::Value::String(s) => {
            let s = s.trim();
            let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let n: u64 = s[..split].parse().ok()?;
            let unit = match s[split..].trim().to_ascii_uppercase().as_str() {
                "" | "B" => 1,
                "KB" | "K" | "KIB" => 1 << 10,
                "MB" | "M" | "MIB" => 1 << 20,
                "GB" | "G" | "GIB" => 1 << 30,
                _ => return None,
            };
            n.checked_mul(unit)
        }
        _ => None,
    }
}

pub(super) fn normalize_prefix(p: &str) -> String {
    format!("/{}/", p.trim_matches('/'))
}

pub(super) fn unknown_key_hint(msg: &str) -> Option<String> {
    // toml: "unknown field `titel`, expected one of `title`, `base_url`, ..."
    let field = msg.split('`').nth(1)?;
    let expected: Vec<&str> = msg
        .split("expected")
        .nth(1)?
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    crate::diag::nearest(field, expected).map(str::to_string)
}

/// A display name for a locale code, in its own language, for sites without config.
pub fn locale_display_name(code: &str) -> String {
    match code.to_ascii_lowercase().as_str() {
        "en-us" => "English",
        "en-gb" => "English (UK)",
        "pt-br" => "Português (Brasil)",
        "pt-pt" => "Português (Portugal)",
        "zh-cn" => "中文 (简体)",
        "zh-tw" => "中文 (繁體)",
        "ja-jp" => "日本語",
        "ko-kr" => "한국어",
        "de-de" => "Deutsch",
        "fr-fr" => "Français",
        "es-es" => "Español",
        "it-it" => "Italiano",
        "ru-ru" => "Русский",
        _ => return code.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_split() {
        assert_eq!(
            split_base_url("https://x.com/docs/"),
            ("https://x.com/docs".into(), "/docs/".into())
        );
        assert_eq!(
            split_base_url("https://x.com"),
            ("https://x.com".into(), "/".into())
        );
        assert_eq!(split_base_url(""), ("".into(), "/".into()));
    }

    #[test]
    fn unknown_key_gets_a_hint() {
        let hint = unknown_key_hint("unknown field `titel`, expected one of `title`, `base_url`");
        assert_eq!(hint.as_deref(), Some("title"));
    }

    #[test]
    fn sizes() {
        let s = |v: &str| parse_size(&toml::Value::String(v.into()));
        assert_eq!(s("10 MB"), Some(10 << 20));
        assert_eq!(s("512KB"), Some(512 << 10));
        assert_eq!(s("12"), Some(12));
        assert_eq!(s("ten"), None);
        assert_eq!(s("1 TB"), None);
        assert_eq!(parse_size(&toml::Value::Integer(-1)), None);
    }
}
