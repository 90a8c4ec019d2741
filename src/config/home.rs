//! `[home]` of `ajuda.toml`: the promoted articles of the help-center homes, as written and
//! checked. Which page each names in a locale is `crate::home`'s.

use crate::diag::Diagnostic;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// `[home]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHome {
    /// Paths of promoted articles, relative to each locale folder.
    #[serde(default)]
    pub promoted: Vec<Spanned<String>>,
}

/// `[home]`, checked.
#[derive(Debug, Clone, Default)]
pub struct HomeConfig {
    pub promoted: Vec<Promoted>,
}

/// A promoted article as the config names it.
#[derive(Debug, Clone)]
pub struct Promoted {
    /// As written (`partner-support/get-support.md`).
    pub path: String,
    /// Where it is written, for the warning when no locale has it.
    pub(crate) file: String,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl HomeConfig {
    /// Checks `[home]`: every promoted path must be a page path inside a locale folder.
    pub fn from_raw(
        raw: RawHome,
        file: &str,
        text: &str,
        err: &dyn Fn(Range<usize>, String) -> Diagnostic,
    ) -> (HomeConfig, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut promoted = Vec::new();
        for p in raw.promoted {
            let path = p.get_ref().trim().replace('\\', "/");
            let rel = path.trim_start_matches("./").trim_start_matches('/');
            let key = crate::paths::page_key(rel, rel);
            if !crate::paths::is_publishable_key(&key) {
                diags.push(err(
                    p.span(),
                    format!(
                        "[home] promoted: `{path}` is not a page path inside the content folder"
                    ),
                ));
                continue;
            }
            let (line, column) = crate::diag::line_col(text, p.span().start);
            promoted.push(Promoted {
                path,
                file: file.to_string(),
                line,
                column,
            });
        }
        (HomeConfig { promoted }, diags)
    }
}
