//! Redirect maps (`.openpublishing.redirection.json`): moved pages and where they went.

use super::{key_of, KeyCursor};
use crate::diag::{Diagnostic, Kind};
use crate::model::Redirect;
use crate::paths;

pub(crate) fn is_redirect_map(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with(".openpublishing.redirection") && name.ends_with(".json")
}

/// A redirect map's entries. Sources are relative to the map's folder; for a map at the
/// repository root above the locale folder, they are relative to that root and only those
/// under `repo_prefix` (the locale folder) are kept, made relative to it.
pub(super) fn parse_redirects(
    locale: usize,
    rel: &str,
    text: &str,
    repo_prefix: Option<&str>,
) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let v: serde_json::Value = match serde_json::from_str(&crate::docfx::without_comments(text)) {
        Ok(v) => v,
        Err(e) => {
            return (
                Vec::new(),
                vec![
                    Diagnostic::new(Kind::Redirect, rel, format!("invalid JSON: {e}"))
                        .at(e.line() as u32, e.column() as u32)
                        .severity(crate::diag::Severity::Error),
                ],
            )
        }
    };
    let list = match redirections(&v, rel, text) {
        Ok(list) => list,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let map = RedirectMap {
        locale,
        rel,
        repo_prefix,
        base: match repo_prefix {
            Some(_) => "",
            None => rel.rsplit_once('/').map_or("", |(d, _)| d),
        },
    };
    let mut cursor = KeyCursor::new(text);
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for r in list {
        let line = cursor.next_key("\"source_path\"");
        match map.entry(r, line) {
            Some(Ok(redirect)) => out.push(redirect),
            Some(Err(d)) => diags.push(d),
            None => {}
        }
    }
    (out, diags)
}

/// The `redirections` list of map `rel`; `Err` says why the file redirects nothing.
fn redirections<'v>(
    v: &'v serde_json::Value,
    rel: &str,
    text: &str,
) -> Result<&'v [serde_json::Value], Diagnostic> {
    match v.get("redirections") {
        Some(serde_json::Value::Array(list)) => Ok(list.as_slice()),
        other => {
            let what = if other.is_some() {
                "`redirections` is not a list of `{\"source_path\": ..., \"redirect_url\": ...}` entries"
            } else {
                "no `redirections` list"
            };
            let line = text
                .lines()
                .position(|l| l.contains("\"redirections\""))
                .map_or(1, |i| i as u32 + 1);
            Err(Diagnostic::new(
                Kind::Redirect,
                rel,
                format!("{what}; the file redirects nothing"),
            )
            .at(line, 1))
        }
    }
}

/// One redirect map being read: see [`parse_redirects`].
struct RedirectMap<'a> {
    locale: usize,
    rel: &'a str,
    repo_prefix: Option<&'a str>,
    /// The folder sources are relative to, inside the locale folder.
    base: &'a str,
}

impl RedirectMap<'_> {
    /// Entry `r`, whose `source_path` is on `line`: a redirect, or why it is not one; `None`
    /// for another docset's entry in a root map.
    fn entry(&self, r: &serde_json::Value, line: u32) -> Option<Result<Redirect, Diagnostic>> {
        let rel = self.rel;
        let src = r.get("source_path").and_then(|s| s.as_str());
        let to = r.get("redirect_url").and_then(|s| s.as_str());
        // Another docset's entry, in a root map seen from one docset folder.
        let src = match (src, self.repo_prefix) {
            (Some(s), Some(prefix)) => Some(strip_folder(s.trim_start_matches('/'), prefix)?),
            (s, _) => s,
        };
        let (Some(src), Some(to)) = (src, to) else {
            return Some(Err(Diagnostic::new(
                Kind::Redirect,
                rel,
                "redirect needs `source_path` and `redirect_url`",
            )
            .at(line, 1)));
        };
        Some(match paths::join(self.base, src.trim_start_matches('/')) {
            Some(path) if paths::is_publishable_key(&key_of(&path)) => Ok(Redirect {
                locale: self.locale,
                from: key_of(&path),
                to: to.to_string(),
                declared_in: rel.to_string(),
                line,
            }),
            _ => Err(Diagnostic::new(
                Kind::Redirect,
                rel,
                format!(
                    "redirect source `{src}` is outside the content folder or not a page path; it was ignored"
                ),
            )
            .at(line, 1)
            .target(src)),
        })
    }
}

/// `path` inside `folder`, ignoring letter case (`IIS/a.md` in `iis` is `a.md`).
fn strip_folder<'a>(path: &'a str, folder: &str) -> Option<&'a str> {
    if folder.is_empty() {
        return Some(path);
    }
    let head = path.get(..folder.len())?;
    (head.eq_ignore_ascii_case(folder) && path[folder.len()..].starts_with('/'))
        .then(|| &path[folder.len() + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_document_id_any_type() {
        let j = r#"{"redirections":[{"source_path":"a/b.md","redirect_url":"/x/c","redirect_document_id":"FALSE"},{"source_path":"d.md","redirect_url":"e","redirect_document_id":true}]}"#;
        let (r, d) = parse_redirects(0, ".openpublishing.redirection.json", j, None);
        assert!(d.is_empty());
        assert_eq!(r[0].from, "a/b");
        assert_eq!(r[1].to, "e");
    }
}
