//! The site's redirects, one per source.

use crate::diag::{Diagnostic, Kind};
use crate::model::{Locale, Redirect};
use std::collections::hash_map::{Entry, HashMap};

/// Each locale's redirects with one per source: a source declared again (in the same map,
/// another map or `ajuda.toml`) is a warning at the later declaration, and the first stands,
/// as links already follow the first.
pub(super) fn first_redirects(
    redirects: Vec<Redirect>,
    locales: &[Locale],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Redirect> {
    let mut first: HashMap<(usize, String), (String, u32)> = HashMap::new();
    let mut out = Vec::with_capacity(redirects.len());
    for r in redirects {
        match first.entry((r.locale, r.from.to_lowercase())) {
            Entry::Occupied(e) => {
                let (file, line) = e.get();
                diags.push(
                    Diagnostic::new(
                        Kind::Redirect,
                        &r.declared_in,
                        format!(
                            "`{}` already redirects (at {file}:{line}); this redirect was ignored",
                            r.from
                        ),
                    )
                    .at(r.line, 1)
                    .target(r.to.as_str())
                    .locale(&locales[r.locale].code),
                );
            }
            Entry::Vacant(e) => {
                e.insert((r.declared_in.clone(), r.line));
                out.push(r);
            }
        }
    }
    out
}
