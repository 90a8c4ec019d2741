//! `docfx.json` of a docset folder: which files are content (`build.content`: `files`,
//! `exclude`, `src`) and the metadata every page gets (`globalMetadata`, then `fileMetadata`
//! by glob, then the page's own front matter, as in DocFX).

use crate::diag::{Diagnostic, Kind};
use crate::frontmatter::FrontMatter;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde_json::Value;

/// A docset: the folder holding a `docfx.json`, and what it says.
#[derive(Debug, Clone)]
pub struct Docset {
    /// Folder of the `docfx.json`, relative to the locale folder (`partner-center`, or empty).
    pub dir: String,
    content: Vec<Content>,
    global: Vec<(String, Value)>,
    /// Key → (glob, value) in the order written: a later match wins.
    files: Vec<(String, Vec<(globset::GlobMatcher, Value)>)>,
}

#[derive(Debug, Clone)]
struct Content {
    /// Folder the globs are relative to, inside the docset (`src`), or empty.
    src: String,
    files: GlobSet,
    exclude: GlobSet,
}

pub fn is_docfx_json(rel: &str) -> bool {
    rel.rsplit('/').next() == Some("docfx.json")
}

/// A DocFX glob: `*` stays within a folder, `**` crosses them.
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

impl Docset {
    /// Reads `docfx.json` at `rel` (locale-relative). Problems are `config` diagnostics in that
    /// file; what can be read is kept.
    pub fn parse(rel: &str, text: &str) -> (Option<Docset>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let v: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let d = Diagnostic::new(Kind::Config, rel, format!("invalid JSON: {e}"))
                    .at(e.line() as u32, e.column() as u32);
                return (None, vec![d]);
            }
        };
        let dir = crate::paths::parent(rel).to_string();
        let mut bad_glob = |g: &str, e: globset::Error| {
            let line = crate::frontmatter::key_line(text, &format!("\"{g}\"")) + 1;
            diags.push(
                Diagnostic::new(Kind::Config, rel, format!("bad glob `{g}`: {e}")).at(line, 1),
            );
        };
        let set = |globs: Vec<&str>, bad: &mut dyn FnMut(&str, globset::Error)| {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                match glob(g) {
                    Ok(g) => {
                        b.add(g);
                    }
                    Err(e) => bad(g, e),
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let build = v.get("build").unwrap_or(&Value::Null);
        let content = build
            .get("content")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| Content {
                src: c
                    .get("src")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim_matches(['.', '/'])
                    .to_string(),
                files: set(strings(c.get("files")), &mut bad_glob),
                exclude: set(strings(c.get("exclude")), &mut bad_glob),
            })
            .collect();
        let global = build
            .get("globalMetadata")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let mut files = Vec::new();
        if let Some(m) = build.get("fileMetadata").and_then(Value::as_object) {
            for (key, by_glob) in m {
                let mut rules = Vec::new();
                for (g, value) in by_glob.as_object().into_iter().flatten() {
                    match glob(g) {
                        Ok(g) => rules.push((g.compile_matcher(), value.clone())),
                        Err(e) => bad_glob(g, e),
                    }
                }
                files.push((key.clone(), rules));
            }
        }
        let docset = Docset {
            dir,
            content,
            global,
            files,
        };
        (Some(docset), diags)
    }

    /// A boolean of `globalMetadata` (`extendBreadcrumb: true`).
    pub fn global_flag(&self, key: &str) -> bool {
        self.global.iter().any(|(k, v)| {
            k == key && (v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s == "true"))
        })
    }

    /// `rel` (locale-relative) as a path inside this docset, if it is in it.
    pub fn inner<'a>(&self, rel: &'a str) -> Option<&'a str> {
        if self.dir.is_empty() {
            return Some(rel);
        }
        rel.strip_prefix(self.dir.as_str())?.strip_prefix('/')
    }

    /// Whether a page at `inner` (docset-relative) is content. A docset without `content`
    /// entries takes every page.
    pub fn is_content(&self, inner: &str) -> bool {
        self.content.is_empty()
            || self.content.iter().any(|c| {
                let path = if c.src.is_empty() {
                    Some(inner)
                } else {
                    inner
                        .strip_prefix(c.src.as_str())
                        .and_then(|r| r.strip_prefix('/'))
                };
                path.is_some_and(|p| c.files.is_match(p) && !c.exclude.is_match(p))
            })
    }

    /// Adds the docset's metadata for the page at `inner` to its front matter: file metadata
    /// where a glob matches (the last match wins), then global metadata, each only for keys the
    /// page does not set itself.
    pub fn apply(&self, inner: &str, front: &mut FrontMatter) {
        for (key, rules) in &self.files {
            if front.all.get(key).is_some() {
                continue;
            }
            if let Some((_, v)) = rules.iter().rev().find(|(g, _)| g.is_match(inner)) {
                insert(front, key, v);
            }
        }
        for (key, v) in &self.global {
            if front.all.get(key).is_none() {
                insert(front, key, v);
            }
        }
        front.all.shrink();
    }
}

fn insert(front: &mut FrontMatter, key: &str, v: &Value) {
    match v {
        Value::String(s) => front.all.insert(key, s.trim(), false),
        Value::Number(n) => front.all.insert(key, &n.to_string(), false),
        Value::Bool(b) => front.all.insert(key, &b.to_string(), false),
        Value::Null => {}
        other => front.all.insert(key, &other.to_string(), true),
    }
}

/// The docset of a locale-relative path: the deepest docset folder holding it.
pub fn docset_of<'a>(docsets: &'a [Docset], rel: &str) -> Option<&'a Docset> {
    docsets
        .iter()
        .filter(|d| d.inner(rel).is_some())
        .max_by_key(|d| d.dir.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{"build": {
        "content": [{"files": ["**/*.md", "**/*.yml"], "exclude": ["**/includes/**", "README.md"]}],
        "globalMetadata": {"titleSuffix": "Partner Center", "ms.service": "partner", "tags": ["a"]},
        "fileMetadata": {"ms.subservice": {"billing/**/*.md": "billing", "billing/old/*.md": "legacy"}}
    }}"#;

    #[test]
    fn content_and_metadata() {
        let (d, diags) = Docset::parse("pc/docfx.json", JSON);
        assert!(diags.is_empty(), "{diags:?}");
        let d = d.unwrap();
        assert_eq!(d.inner("pc/billing/a.md"), Some("billing/a.md"));
        assert_eq!(d.inner("other/a.md"), None);
        assert!(d.is_content("billing/a.md"));
        assert!(!d.is_content("README.md"));
        assert!(!d.is_content("billing/includes/x.md"));
        let mut f = FrontMatter::default();
        f.all.insert("ms.service", "mine", false);
        d.apply("billing/old/a.md", &mut f);
        assert_eq!(
            f.text("ms.service"),
            Some("mine"),
            "the page's own value wins"
        );
        assert_eq!(
            f.text("ms.subservice"),
            Some("legacy"),
            "the last matching glob wins"
        );
        assert_eq!(f.text("titleSuffix"), Some("Partner Center"));
        assert_eq!(f.all.get("tags"), Some(("[\"a\"]", true)));
    }

    #[test]
    fn stars_stay_in_their_folder() {
        let (d, _) = Docset::parse(
            "docfx.json",
            r#"{"build": {"content": [{"files": ["*.md"], "src": "docs"}]}}"#,
        );
        let d = d.unwrap();
        assert!(d.is_content("docs/a.md"));
        assert!(!d.is_content("docs/sub/a.md"));
        assert!(!d.is_content("a.md"));
    }

    #[test]
    fn bad_json_is_a_diagnostic() {
        let (d, diags) = Docset::parse("docfx.json", "{\n  \"build\": [\n");
        assert!(d.is_none());
        assert_eq!((diags[0].kind, diags[0].line), (Kind::Config, 3));
    }
}
