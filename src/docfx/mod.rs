//! `docfx.json` of a docset folder: which files are content (`build.content`: `files`,
//! `exclude`, `src`) and the metadata every page gets (`globalMetadata`, then `fileMetadata`
//! by glob, then the page's own front matter, as in DocFX).

use crate::frontmatter::FrontMatter;
use globset::GlobSet;
use serde_json::Value;

mod read;

/// A docset: the folder holding a `docfx.json`, and what it says.
#[derive(Debug, Clone)]
pub struct Docset {
    /// Folder of the `docfx.json`, relative to the locale folder (`partner-center`, or empty).
    pub dir: String,
    /// URL bases the docset is published under (`/exchange/troubleshoot/`), first the one its
    /// pages get: from `ajuda.toml`'s `[docsets]`, else inferred from `breadcrumb_path`. Empty:
    /// its folder is its URL.
    pub bases: Vec<String>,
    /// Its `docset_name` in the publishing config, if it is listed there.
    pub name: Option<String>,
    /// Its `build_output_subfolder` in the publishing config (`IIS`), if any.
    pub output_subfolder: Option<String>,
    content: Vec<Content>,
    resource: Vec<Content>,
    global: Vec<(String, Value)>,
    /// Key → (glob, value) in the order written: a later match wins.
    files: Vec<(String, Vec<(globset::GlobMatcher, Value)>)>,
}

#[derive(Debug, Clone)]
struct Content {
    /// Folder the globs are relative to, inside the docset (`src`), or empty.
    src: String,
    /// Folder the matched files are published under instead of `src` (`dest`), or empty.
    dest: String,
    files: GlobSet,
    exclude: GlobSet,
    /// The `files` globs as written (those that compile, in `files`' order), with their lines.
    patterns: Vec<(String, u32)>,
}

impl Content {
    /// `inner` (docset-relative) as a path under the entry's `src`, if it is under it.
    fn under_src<'p>(&self, inner: &'p str) -> Option<&'p str> {
        if self.src.is_empty() {
            return Some(inner);
        }
        inner.strip_prefix(self.src.as_str())?.strip_prefix('/')
    }
}

/// JSON as DocFX reads it (Newtonsoft): `//` and `/* */` comments allowed. They are blanked
/// out, line breaks kept, so errors keep their line and column.
pub(crate) fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('/') {
        return text.into();
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        let c = b[i];
        if in_string {
            out.push(c);
            if c == b'\\' && i + 1 < b.len() {
                out.push(b[i + 1]);
                i += 2;
                continue;
            }
            in_string = c != b'"';
            i += 1;
        } else if c == b'"' {
            in_string = true;
            out.push(c);
            i += 1;
        } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            out.extend(
                b[i..end]
                    .iter()
                    .map(|&c| if c == b'\n' { b'\n' } else { b' ' }),
            );
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    // Only ASCII bytes outside strings were replaced by ASCII: still UTF-8.
    String::from_utf8(out).map_or_else(|_| text.into(), Into::into)
}

pub(crate) fn is_docfx_json(rel: &str) -> bool {
    rel.rsplit('/').next() == Some("docfx.json")
}

impl Docset {
    /// A docset the publishing config names in a folder without a `docfx.json`: every page
    /// is content, no metadata.
    pub fn empty(dir: &str) -> Docset {
        Docset {
            dir: dir.to_string(),
            bases: Vec::new(),
            name: None,
            output_subfolder: None,
            content: Vec::new(),
            resource: Vec::new(),
            global: Vec::new(),
            files: Vec::new(),
        }
    }

    /// The `files` globs of `build.content` that match none of `paths` (locale-relative
    /// paths of this docset's files), with their lines: a typo, or a folder that moved, which
    /// DocFX passes over in silence. `build.resource` is left out: its globs are a stock list
    /// (`**/*.png`, `**/*.pdf`...) that most docsets only partly use.
    pub fn unmatched_globs<'a>(&'a self, paths: &[&str]) -> Vec<(&'a str, u32)> {
        let mut out = Vec::new();
        for c in &self.content {
            let mut used = vec![false; c.patterns.len()];
            for inner in paths.iter().filter_map(|p| self.inner(p)) {
                for i in c
                    .under_src(inner)
                    .map(|p| c.files.matches(p))
                    .unwrap_or_default()
                {
                    used[i] = true;
                }
            }
            out.extend(
                c.patterns
                    .iter()
                    .zip(used)
                    .filter(|(_, used)| !used)
                    .map(|((g, line), _)| (g.as_str(), *line)),
            );
        }
        out
    }

    /// Whether the docset is published under a URL base other than its folder.
    pub fn moved(&self) -> bool {
        self.bases
            .first()
            .is_some_and(|b| !b.trim_matches('/').eq_ignore_ascii_case(&self.dir))
    }

    /// The URL key (path under the locale prefix) of the page whose docset-relative key is
    /// `inner` (source path `inner_source`), when it is not its locale-relative key: the
    /// docset is published under another base, or its `build.content` entry has a `dest`.
    pub fn url_key(&self, inner: &str, inner_source: &str) -> Option<String> {
        self.placed(self.dest_of(&self.content, inner, inner_source), inner)
    }

    /// `inner`, or where its group moves it (`dest`), under the docset's base when the docset
    /// is published under another one; `None` when neither moves it.
    fn placed(&self, dest: Option<String>, inner: &str) -> Option<String> {
        if !self.moved() && dest.is_none() {
            return None;
        }
        let base = match self.bases.first().filter(|_| self.moved()) {
            Some(b) => b.trim_matches('/'),
            None => self.dir.as_str(),
        };
        let inner = dest.as_deref().unwrap_or(inner);
        Some(if base.is_empty() {
            inner.to_string()
        } else {
            format!("{base}/{inner}")
        })
    }

    /// Where the first of `entries` that takes `source` publishes `inner`, when that is not
    /// where it is: as DocFX builds a group, the path relative to the group's `src` (stripped
    /// whatever `dest` is), under its `dest` (none for an absent or `.` dest).
    /// `Articles/a.md` in `{"src": "Articles", "dest": "."}` is `a`; in
    /// `{"src": "Articles", "dest": "guides"}`, `guides/a`; in `{"dest": "guides"}`, `guides/Articles/a`.
    fn dest_of(&self, entries: &[Content], inner: &str, source: &str) -> Option<String> {
        let c = entries
            .iter()
            .find(|c| matches_entries(std::slice::from_ref(c), source))?;
        if c.src == c.dest {
            return None;
        }
        let rest = c.under_src(inner)?;
        Some(if c.dest.is_empty() {
            rest.to_string()
        } else {
            format!("{}/{rest}", c.dest)
        })
    }

    /// The path (under the locale prefix) a resource file at `inner` (docset-relative) is
    /// published at, when its resource group or the docset's base moves it.
    pub fn file_key(&self, inner: &str) -> Option<String> {
        self.placed(self.dest_of(&self.resource, inner, inner), inner)
    }

    /// Whether a file at `inner` (docset-relative) is published: listed as content or as a
    /// resource. A `docfx.json` without either publishes every file.
    pub fn is_published_file(&self, inner: &str) -> bool {
        (self.content.is_empty() && self.resource.is_empty())
            || matches_entries(&self.resource, inner)
            || matches_entries(&self.content, inner)
    }

    /// A root-relative path under one of the docset's bases, as a locale-relative source path
    /// (`exchange/troubleshoot/admin/foo` → `Exchange/admin/foo`).
    pub fn source_under_base(&self, path: &str) -> Option<String> {
        let wanted = format!("/{}", path.trim_start_matches('/')).to_ascii_lowercase();
        self.bases.iter().find_map(|b| {
            let b = b.to_ascii_lowercase();
            let rest = wanted
                .strip_prefix(&b)
                .or_else(|| (format!("{wanted}/") == b).then_some(""))?;
            let rest =
                &path.trim_start_matches('/')[path.trim_start_matches('/').len() - rest.len()..];
            Some(if self.dir.is_empty() {
                rest.to_string()
            } else if rest.is_empty() {
                self.dir.clone()
            } else {
                format!("{}/{rest}", self.dir)
            })
        })
    }

    /// The docset's `_appTitle` (`globalMetadata`), if it has one.
    pub fn app_title(&self) -> Option<&str> {
        self.global
            .iter()
            .find(|(k, _)| k == "_appTitle")
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|t| !t.is_empty())
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
        self.content.is_empty() || matches_entries(&self.content, inner)
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

/// `/exchange/troubleshoot/` for `exchange/troubleshoot`, `/Exchange/Troubleshoot` and the like.
pub(crate) fn normalize_base(b: &str) -> String {
    let t = b.trim().trim_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        format!("/{t}/")
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

/// Whether `inner` is among the files of `entries` (under their `src`, matching `files` and
/// not `exclude`).
fn matches_entries(entries: &[Content], inner: &str) -> bool {
    entries.iter().any(|c| {
        c.under_src(inner)
            .is_some_and(|p| c.files.is_match(p) && !c.exclude.is_match(p))
    })
}

/// The folder `~/` means for a locale-relative path: its docset's root, or the locale folder.
pub(crate) fn root_of<'a>(docsets: &'a [Docset], rel: &str) -> &'a str {
    docset_of(docsets, rel).map_or("", |d| d.dir.as_str())
}

/// The docset of a locale-relative path: the deepest docset folder holding it.
pub(crate) fn docset_of<'a>(docsets: &'a [Docset], rel: &str) -> Option<&'a Docset> {
    docsets
        .iter()
        .filter(|d| d.inner(rel).is_some())
        .max_by_key(|d| d.dir.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;

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
        assert!(d.is_content("docs/UPPER.MD"), "letter case does not matter");
    }

    #[test]
    fn published_bases() {
        let (d, _) = Docset::parse(
            "Exchange/docfx.json",
            r#"{"build": {"globalMetadata": {"breadcrumb_path": "/exchange/troubleshoot/breadcrumb/toc.json"}}}"#,
        );
        let d = d.unwrap();
        assert_eq!(d.bases, ["/exchange/troubleshoot/"]);
        assert!(d.moved());
        assert_eq!(
            d.url_key("admin/foo", "admin/foo.md").as_deref(),
            Some("exchange/troubleshoot/admin/foo")
        );
        assert_eq!(
            d.source_under_base("/Exchange/Troubleshoot/admin/foo")
                .as_deref(),
            Some("Exchange/admin/foo")
        );
        assert_eq!(
            d.source_under_base("/exchange/troubleshoot").as_deref(),
            Some("Exchange")
        );
        assert_eq!(d.source_under_base("/exchange/admin/foo"), None);
        let (same, _) = Docset::parse(
            "partner-center/docfx.json",
            r#"{"build": {"globalMetadata": {"breadcrumb_path": "/partner-center/breadcrumb/toc.json"}}}"#,
        );
        assert!(!same.unwrap().moved());
    }

    #[test]
    fn comments_are_allowed() {
        let text = "{\n  // a note\n  \"a\": \"http://x//y\", /* b */ \"c\": 1\n}\n";
        let v: Value = serde_json::from_str(&without_comments(text)).unwrap();
        assert_eq!(v["a"], "http://x//y");
        assert_eq!(v["c"], 1);
        assert_eq!(without_comments(text).lines().count(), text.lines().count());
    }

    #[test]
    fn bad_json_is_a_diagnostic() {
        let (d, diags) = Docset::parse("docfx.json", "{\n  \"build\": [\n");
        assert!(d.is_none());
        assert_eq!((diags[0].kind, diags[0].line), (Kind::Config, 3));
    }
}
