//! Reading one `docfx.json`: its `build.content` and `build.resource` entries (globs, `src`,
//! `dest`), `globalMetadata` and `fileMetadata`, with a diagnostic for each part that cannot
//! be read as DocFX reads it.

use super::{normalize_base, without_comments, Content, Docset};
use crate::diag::{Diagnostic, Kind};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde_json::Value;

impl Docset {
    /// Reads `docfx.json` at `rel` (locale-relative). Problems are `config` diagnostics in that
    /// file; what can be read is kept.
    pub fn parse(rel: &str, text: &str) -> (Option<Docset>, Vec<Diagnostic>) {
        let v: Value = match serde_json::from_str(&without_comments(text)) {
            Ok(v) => v,
            Err(e) => {
                let d = Diagnostic::new(Kind::Config, rel, format!("invalid JSON: {e}"))
                    .at(e.line() as u32, e.column() as u32);
                return (None, vec![d]);
            }
        };
        let dir = crate::paths::parent(rel).to_string();
        let mut reader = Reader {
            rel,
            text,
            diags: Vec::new(),
            shape: Vec::new(),
        };
        let build = v.get("build").unwrap_or(&Value::Null);
        let content = reader.entries(build, "content");
        let resource = reader.entries(build, "resource");
        let global: Vec<(String, Value)> = build
            .get("globalMetadata")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let files = reader.file_metadata(build);
        let bases = bases_of(&global);
        let docset = Docset {
            dir,
            bases,
            name: None,
            output_subfolder: None,
            content,
            resource,
            global,
            files,
        };
        (Some(docset), reader.into_diagnostics())
    }
}

/// A DocFX glob: `*` stays within a folder, `**` crosses them; letter case does not matter
/// (`**/*.png` takes `hsts.PNG`, as DocFX does on Windows, where Learn builds).
pub(super) fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .case_insensitive(true)
        .build()
}

/// A folder of a `build.content` entry: `./articles/` → `articles`.
fn folder(v: Option<&Value>) -> String {
    v.and_then(Value::as_str)
        .unwrap_or("")
        .trim_matches(['.', '/'])
        .to_string()
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Reading one `docfx.json` (`rel`, locale-relative): the problems found so far.
struct Reader<'a> {
    rel: &'a str,
    text: &'a str,
    /// Globs that do not compile, in the order met.
    diags: Vec<Diagnostic>,
    /// `build` entries of the wrong shape, reported after the globs.
    shape: Vec<String>,
}

impl Reader<'_> {
    /// Reports glob `g`, which does not compile, at its line.
    fn bad_glob(&mut self, g: &str, e: globset::Error) {
        let line = crate::frontmatter::key_line(self.text, &format!("\"{g}\"")) + 1;
        self.diags.push(
            Diagnostic::new(Kind::Config, self.rel, format!("bad glob `{g}`: {e}")).at(line, 1),
        );
    }

    /// The globs of `globs` that compile, as one set and as written (with their lines).
    fn set(&mut self, globs: Vec<&str>) -> (GlobSet, Vec<(String, u32)>) {
        let mut b = GlobSetBuilder::new();
        let mut good = Vec::new();
        for g in globs {
            match glob(g) {
                Ok(compiled) => {
                    b.add(compiled);
                    good.push((g.to_string(), line_of(self.text, &format!("\"{g}\""))));
                }
                Err(e) => self.bad_glob(g, e),
            }
        }
        (b.build().unwrap_or_else(|_| GlobSet::empty()), good)
    }

    /// The entries of `build.{key}` (`content` or `resource`); none when it is not a list.
    fn entries(&mut self, build: &Value, key: &str) -> Vec<Content> {
        let list = match build.get(key) {
            None => return Vec::new(),
            Some(Value::Array(list)) => list,
            Some(_) => {
                self.shape.push(format!(
                    "`build.{key}` is not a list of entries (`[{{\"files\": [...]}}]`); it was ignored, so {}",
                    if key == "content" { "every page of the folder is built" } else { "no file is listed as a resource" }
                ));
                return Vec::new();
            }
        };
        list.iter().map(|c| self.entry(key, c)).collect()
    }

    /// One entry `c` of `build.{key}`.
    fn entry(&mut self, key: &str, c: &Value) -> Content {
        let (files, patterns) = self.set(strings(c.get("files")));
        if patterns.is_empty() {
            self.shape.push(format!(
                "a `build.{key}` entry has no `files` glob (a string or a list of strings), so it lists nothing"
            ));
        }
        Content {
            src: folder(c.get("src")),
            dest: folder(c.get("dest")),
            files,
            exclude: self.set(strings(c.get("exclude"))).0,
            patterns,
        }
    }

    /// `build.fileMetadata`: each key with its (glob, value) rules, in the order written.
    fn file_metadata(
        &mut self,
        build: &Value,
    ) -> Vec<(String, Vec<(globset::GlobMatcher, Value)>)> {
        let mut files = Vec::new();
        if let Some(m) = build.get("fileMetadata").and_then(Value::as_object) {
            for (key, by_glob) in m {
                let mut rules = Vec::new();
                for (g, value) in by_glob.as_object().into_iter().flatten() {
                    match glob(g) {
                        Ok(g) => rules.push((g.compile_matcher(), value.clone())),
                        Err(e) => self.bad_glob(g, e),
                    }
                }
                files.push((key.clone(), rules));
            }
        }
        files
    }

    /// The problems: bad globs, then the shape warnings at the line of `"build"`.
    fn into_diagnostics(self) -> Vec<Diagnostic> {
        let mut diags = self.diags;
        let build_line = line_of(self.text, "\"build\"");
        for message in self.shape {
            diags.push(
                Diagnostic::new(Kind::Config, self.rel, message)
                    .at(build_line, 1)
                    .severity(crate::diag::Severity::Warning),
            );
        }
        diags
    }
}

/// The URL base `globalMetadata`'s `breadcrumb_path` implies:
/// `/exchange/troubleshoot/breadcrumb/toc.json` → `/exchange/troubleshoot/` (none for `/`).
fn bases_of(global: &[(String, Value)]) -> Vec<String> {
    global
        .iter()
        .find(|(k, _)| k == "breadcrumb_path")
        .and_then(|(_, v)| v.as_str())
        .and_then(|p| {
            let lower = p.to_ascii_lowercase();
            lower.find("/breadcrumb/").map(|i| normalize_base(&p[..i]))
        })
        .filter(|b| b != "/")
        .into_iter()
        .collect()
}

/// The 1-based line of the first line of `text` holding `needle`, 0 when none does.
pub(super) fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i as u32 + 1)
}
