//! Diagnostics as text for people (grouped by file, with the source line) or as JSON for CI.

use crate::diag::{Diagnostic, Severity, Summary};
use serde::Serialize;
use std::fmt::Write;

/// Reads a source line for display; `None` if the file or line is not there.
pub type LineSource<'a> = &'a dyn Fn(&Diagnostic) -> Option<String>;

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
}

pub fn json(diags: &[Diagnostic]) -> String {
    let report = JsonReport {
        diagnostics: diags,
        summary: Summary::of(diags),
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
