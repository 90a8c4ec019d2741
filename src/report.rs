//! Diagnostics as text for people (grouped by file, with the source line) or as JSON for CI.

use crate::diag::{Diagnostic, Severity, Summary};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

/// Reads a source line for display; `None` if the file or line is not there.
pub type LineSource<'a> = &'a dyn Fn(&Diagnostic) -> Option<String>;

/// The source lines diagnostics point at, read again from disk for display: each file once
/// (through the same bounded, regular-files-only reads as the build), then indexed by line.
pub struct SourceLines<'a> {
    config: &'a crate::config::Config,
    files: std::cell::RefCell<HashMap<std::path::PathBuf, Option<Lines>>>,
}

/// A file's text and the byte offset where each line starts.
type Lines = (String, Vec<usize>);

impl<'a> SourceLines<'a> {
    pub fn new(config: &'a crate::config::Config) -> SourceLines<'a> {
        SourceLines {
            config,
            files: Default::default(),
        }
    }

    /// The line `d` points at (its first 160 characters).
    pub fn line(&self, d: &Diagnostic) -> Option<String> {
        if d.line == 0 {
            return None;
        }
        let dir = match &d.locale {
            Some(code) => self
                .config
                .locales
                .iter()
                .find(|l| l.code.eq_ignore_ascii_case(code))
                .or_else(|| self.config.locales.first())
                .map(|l| l.dir.as_path())?,
            None => self.config.root.as_path(),
        };
        let path = dir.join(&d.file);
        let mut files = self.files.borrow_mut();
        let entry = files.entry(path).or_insert_with_key(|path| {
            let bytes = crate::fsx::read_bounded(path, self.config.max_text_bytes).ok()?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let starts = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect();
            Some((text, starts))
        });
        let (text, starts) = entry.as_ref()?;
        let start = *starts.get(d.line as usize - 1)?;
        let end = starts.get(d.line as usize).map_or(text.len(), |e| e - 1);
        let line = text.get(start..end)?.trim_end_matches('\r');
        Some(line.chars().take(160).collect())
    }
}

/// Human-readable report: diagnostics grouped by file, then counts by kind.
pub fn human(diags: &[Diagnostic], min: Severity, source_line: LineSource) -> String {
    let mut out = String::new();
    let mut current: Option<(Option<&str>, &str)> = None;
    for d in diags.iter().filter(|d| d.severity >= min) {
        let key = (d.locale.as_deref(), d.file.as_str());
        if current != Some(key) {
            current = Some(key);
            match d.locale.as_deref() {
                Some(l) => {
                    let _ = writeln!(out, "\n{} ({l})", d.file);
                }
                None => {
                    let _ = writeln!(out, "\n{}", d.file);
                }
            }
        }
        let place = if d.line > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column.max(1))
        } else {
            d.file.clone()
        };
        let _ = writeln!(out, "  {place}: {}[{}]: {}", d.severity, d.kind, d.message);
        if let Some(line) = source_line(d) {
            let _ = writeln!(out, "      | {}", line.trim_end());
        }
        if let Some(s) = &d.suggestion {
            let _ = writeln!(out, "      = help: did you mean `{s}`?");
        }
    }
    let shown: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.severity >= min)
        .cloned()
        .collect();
    if !shown.is_empty() {
        let s = Summary::of(&shown);
        let kinds: Vec<String> = s.by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        let _ = writeln!(out, "\nby kind: {}", kinds.join(", "));
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    summary: Summary,
    #[serde(skip_serializing_if = "<[LocaleCount]>::is_empty")]
    locales: &'a [LocaleCount],
}

pub fn json(diags: &[Diagnostic]) -> String {
    json_with(diags, &[])
}

/// A locale's pages in a build's JSON report, and how many its search index holds.
#[derive(Debug, Serialize)]
pub struct LocaleCount {
    pub code: String,
    pub pages: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub searched: Option<usize>,
}

/// [`json`] with the build's locales (`locales`, left out when empty).
pub fn json_with(diags: &[Diagnostic], locales: &[LocaleCount]) -> String {
    let report = JsonReport {
        diagnostics: diags,
        summary: Summary::of(diags),
        locales,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;

    #[test]
    fn json_shape() {
        let d = vec![
            Diagnostic::new(Kind::MissingPage, "a.md", "page `b.md` does not exist")
                .at(3, 7)
                .locale("pt-BR")
                .target("b.md"),
        ];
        let v: serde_json::Value = serde_json::from_str(&json(&d)).unwrap();
        assert_eq!(v["diagnostics"][0]["kind"], "missing-page");
        assert_eq!(v["diagnostics"][0]["severity"], "error");
        assert_eq!(v["diagnostics"][0]["line"], 3);
        assert_eq!(v["diagnostics"][0]["suggestion"], serde_json::Value::Null);
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["summary"]["by_kind"]["missing-page"], 1);
    }

    #[test]
    fn human_groups_by_file() {
        let d = vec![
            Diagnostic::new(Kind::MissingPage, "a.md", "m1").at(1, 1),
            Diagnostic::new(Kind::MissingAnchor, "a.md", "m2")
                .at(2, 1)
                .suggest(Some("#x".into())),
        ];
        let s = human(&d, Severity::Note, &|_| None);
        assert_eq!(s.matches("\na.md\n").count(), 1, "{s}");
        assert!(s.contains("help: did you mean `#x`?"));
        assert!(s.contains("by kind: missing-anchor: 1, missing-page: 1"));
    }
}
