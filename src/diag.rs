//! Diagnostics: every user-facing problem, with its place in a source file.
//!
//! Stages never print; they return diagnostics next to their values. The command layer sorts,
//! filters and prints them (human or JSON) at the end.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "note" | "info" => Some(Severity::Note),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What went wrong, as a stable machine-readable name (`kind` in JSON output).
/// Declares the diagnostic kinds once: the enum, [`Kind::ALL`] and [`Kind::name`] (the name
/// used in `[check]`, JSON output and reports).
macro_rules! kinds {
    ($($variant:ident => $name:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Kind {
            $($variant,)*
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    Config => "config",
    Io => "io",
    Encoding => "encoding",
    FrontMatter => "front-matter",
    Yaml => "yaml",
    Toc => "toc",
    DuplicatePage => "duplicate-page",
    MissingPage => "missing-page",
    MissingAnchor => "missing-anchor",
    DuplicateAnchor => "duplicate-anchor",
    CaseMismatch => "case-mismatch",
    RedirectFollowed => "redirect-followed",
    Redirect => "redirect",
    MissingImage => "missing-image",
    MissingAltText => "missing-alt-text",
    Include => "include",
    IncludeCycle => "include-cycle",
    Snippet => "snippet",
    OutsideRoot => "outside-root",
    IgnoredTarget => "ignored-target",
    Xref => "xref",
    ExternalLink => "external-link",
    Template => "template",
    Output => "output",
    UnsafeLink => "unsafe-link",
    TooLarge => "too-large",
    NotAFile => "not-a-file",
    DuplicateUid => "duplicate-uid",
    Syntax => "syntax",
    Limit => "limit",
    ExternalXref => "external-xref",
    Flow => "flow",
    HostLink => "host-link",
    Search => "search",
}

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The severity of this kind unless the site's `[check]` table says otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::CaseMismatch
            | Kind::MissingImage
            | Kind::MissingAltText
            | Kind::Redirect
            | Kind::ExternalLink
            | Kind::NotAFile
            | Kind::Search
            | Kind::DuplicateAnchor
            | Kind::Syntax => Severity::Warning,
            Kind::RedirectFollowed | Kind::ExternalXref | Kind::HostLink => Severity::Note,
            _ => Severity::Error,
        }
    }

    /// Whether the severity of this kind may be changed in `ajuda.toml`: problems that make the
    /// site impossible to build stay errors.
    pub fn is_configurable(self) -> bool {
        !matches!(
            self,
            Kind::Config | Kind::Io | Kind::Template | Kind::Output
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Path relative to the locale's folder (or to the site root for config problems).
    pub file: String,
    pub locale: Option<String>,
    pub line: u32,
    pub column: u32,
    /// The link or reference as written, when there is one.
    pub target: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// Whether this problem leaves the output incomplete: a template that could not render a
    /// page, a file that could not be written. The rule for `build` (the live site is not
    /// replaced) and `serve` (the site keeps its last good build; see [`Self::holds_page`]).
    pub fn is_fatal(&self) -> bool {
        self.severity == Severity::Error && matches!(self.kind, Kind::Template | Kind::Output)
    }

    /// Whether a page with this problem keeps its last good version in `serve`: what is
    /// fatal, and an include cycle (a writer's edit in progress, whose page would lose the
    /// included text; `build` cuts the cycle and reports it).
    pub fn holds_page(&self) -> bool {
        self.is_fatal() || (self.severity == Severity::Error && self.kind == Kind::IncludeCycle)
    }

    pub fn new(kind: Kind, file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: kind.default_severity(),
            kind,
            file: file.into(),
            locale: None,
            line: 0,
            column: 0,
            target: None,
            message: message.into(),
            suggestion: None,
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Diagnostic {
        self.line = line;
        self.column = column;
        self
    }

    pub fn locale(mut self, locale: impl Into<String>) -> Diagnostic {
        self.locale = Some(locale.into());
        self
    }

    pub fn target(mut self, target: impl Into<String>) -> Diagnostic {
        self.target = Some(target.into());
        self
    }

    pub fn suggest(mut self, suggestion: Option<String>) -> Diagnostic {
        self.suggestion = suggestion;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Ordering for output: by locale, file, line, column.
    pub fn sort_key(&self) -> (Option<&str>, &str, u32, u32) {
        (self.locale.as_deref(), &self.file, self.line, self.column)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        write!(f, ": {}[{}]: {}", self.severity, self.kind, self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

/// Counts of a set of diagnostics, for the summary line and the JSON output.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub by_kind: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn of(diags: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
            *s.by_kind.entry(d.kind.name()).or_default() += 1;
        }
        s
    }
}

/// Line and column (1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let col = text
        .get(line_start..offset)
        .map_or(offset - line_start, |s| s.chars().count())
        + 1;
    (line as u32, col as u32)
}

/// A bound on the work one build spends on "did you mean" suggestions for links and anchors: a
/// page with 20,000 broken links into a folder of 3,000 files would otherwise compare 60
/// million names. Each suggestion costs one unit per candidate; one that does not fit in what
/// is left is not made (the problem is still reported).
#[derive(Debug)]
pub struct SuggestBudget(std::sync::atomic::AtomicUsize);

impl SuggestBudget {
    /// About half a second of comparisons on this project's machine; a real site's broken
    /// links take a few percent of it (iis-docs: ~85,000).
    pub const DEFAULT: usize = 1_000_000;

    pub fn new(comparisons: usize) -> SuggestBudget {
        SuggestBudget(std::sync::atomic::AtomicUsize::new(comparisons))
    }

    /// [`nearest`] among `candidates`, if the budget has room for all of them.
    pub fn nearest<'a, I>(&self, wanted: &str, candidates: I) -> Option<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
        I::IntoIter: ExactSizeIterator,
    {
        use std::sync::atomic::Ordering;
        let candidates = candidates.into_iter();
        let cost = candidates.len();
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(cost)
            })
            .ok()?;
        nearest(wanted, candidates)
    }
}

/// The candidate nearest to `wanted` by edit distance, if it is near enough to be a plausible typo
/// or rename (case and `-`/`_` differences are cheap).
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let cl = c.to_lowercase();
        let mut score = strsim::normalized_levenshtein(&w, &cl);
        // A renamed file often keeps its old name as a suffix or prefix (`China-billing.md`).
        if w.len() >= 4 && (cl.ends_with(&w) || cl.starts_with(&w) || w.ends_with(&cl)) {
            score = score.max(0.9);
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.6).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_stop_at_the_budget() {
        let b = SuggestBudget::new(3);
        assert_eq!(b.nearest("billing", ["biling", "x"]), Some("biling"));
        assert_eq!(b.nearest("billing", ["biling", "x"]), None, "2 + 2 > 3");
        assert_eq!(b.nearest("billing", ["biling"]), Some("biling"));
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\n后续步骤x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, t.find('x').unwrap()), (2, 5));
    }

    #[test]
    fn nearest_prefers_renamed_files() {
        let c = [
            "China-csp-program-guide-and-agreements",
            "China-billing",
            "index",
        ];
        assert_eq!(
            nearest("csp-program-guide-and-agreements", c),
            Some("China-csp-program-guide-and-agreements")
        );
        assert_eq!(nearest("zzzz-unrelated", c), None);
    }
}
