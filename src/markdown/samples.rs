//! Files that pages pull in: where an include or code sample is (relative to the writing
//! file, `~/` its docset's root), a "did you mean" when it is not there, and the part of a code
//! sample a `[!code-...]` or `:::code:::` shows.

use super::expanded::{no_nul, Attrs, Directive, Expanded, FragmentSource};
use super::snippet::{self, Selector};
use crate::diag::{Diagnostic, Kind};
use crate::paths;

/// Where `target` is in the locale folder: relative to the file `from`, or with `~/` to its
/// docset's root. `None` when it leaves the folder (or is root-relative).
pub(super) fn fragment_path(src: &dyn FragmentSource, from: &str, target: &str) -> Option<String> {
    let (base, rel) = match target.strip_prefix("~/") {
        Some(rest) => (src.docset_root(from), rest),
        None => (paths::parent(from), target),
    };
    paths::join(base, rel).filter(|_| !rel.starts_with('/'))
}

/// A "did you mean" for a missing include or sample: the nearest name in its folder, else a
/// file of the same name in another folder. (Comparing with every file of the site costs a
/// second per thousand broken includes.)
pub(super) fn nearest_file(src: &dyn FragmentSource, joined: &str) -> Option<String> {
    let folder = paths::parent(joined);
    let names = src.fragment_names();
    let here = names.iter().copied().filter(|n| paths::parent(n) == folder);
    crate::diag::nearest(joined, here)
        .or_else(|| {
            let name = joined.rsplit('/').next().unwrap_or(joined);
            names
                .iter()
                .copied()
                .filter(|n| {
                    n.rsplit('/')
                        .next()
                        .is_some_and(|m| m.eq_ignore_ascii_case(name))
                })
                .min()
        })
        .map(str::to_string)
}

/// Where a directive is written.
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub(super) file: usize,
    pub(super) line: u32,
    pub(super) col: u32,
}

pub(super) fn code_directive(
    ex: &mut Expanded,
    attrs: Attrs,
    file: usize,
    line: u32,
    col: u32,
    src: &dyn FragmentSource,
) -> Option<Directive> {
    let source = attrs.get("source").cloned().unwrap_or_default();
    let lang = attrs.get("language").cloned().unwrap_or_default();
    sample(ex, Place { file, line, col }, &source, &lang, &attrs, src)
}

/// A code sample shown by `[!code-lang[name](target)]` or `:::code source="target":::`: the
/// file (relative to the writing file, `~/` the docset root) and the part its query, fragment
/// or `:::code` attributes (`range`, `id`, `highlight`, `dedent`) select. Problems are
/// `snippet` diagnostics; `None` shows nothing.
pub(super) fn sample(
    ex: &mut Expanded,
    at: Place,
    target: &str,
    lang: &str,
    attrs: &Attrs,
    src: &dyn FragmentSource,
) -> Option<Directive> {
    let mut s = Sample {
        from: ex.files[at.file].clone(),
        ex,
        at,
        target,
    };
    let (path, sel) = selector(target, attrs);
    if !sel.problems.is_empty() {
        for p in sel.problems {
            let d = s.diag(Kind::Snippet, format!("code sample `{target}`: {p}"));
            s.ex.diagnostics.push(d);
        }
        return None;
    }
    let (joined, text) = s.file(src, path)?;
    s.code(&joined, &text, &sel, lang)
}

/// The path of a code sample's target, and what part of the file the target and the `id`,
/// `range`, `highlight` and `dedent` attributes select.
fn selector<'t>(target: &'t str, attrs: &Attrs) -> (&'t str, Selector) {
    let (path, mut sel) = snippet::parse_target(target);
    if let Some(v) = attrs.get("id") {
        sel.name = Some(v.clone());
    }
    for (key, v) in [
        ("range", &mut sel.ranges),
        ("highlight", &mut sel.highlight),
    ] {
        if let Some(r) = attrs.get(key) {
            *v = snippet::parse_target(&format!("?{key}={r}"))
                .1
                .ranges_or_highlight(key);
        }
    }
    if let Some(d) = attrs.get("dedent").and_then(|d| d.trim().parse().ok()) {
        sel.dedent = Some(d);
    }
    (path, sel)
}

/// A code sample being shown: the file that shows it and where, what it names, and where its
/// problems go.
struct Sample<'e, 't> {
    ex: &'e mut Expanded,
    /// The file that shows the sample.
    from: String,
    at: Place,
    target: &'t str,
}

impl Sample<'_, '_> {
    /// A diagnostic about the sample, at its place.
    fn diag(&self, kind: Kind, msg: String) -> Diagnostic {
        Diagnostic::new(kind, self.from.clone(), msg)
            .at(self.at.line, self.at.col)
            .target(self.target)
    }

    /// The sample's file `path`: its path in the locale folder and its text; `None` when the
    /// path is not a relative one inside the content folder or the file is missing (each said
    /// in a diagnostic, but for a file of a repository that is not here).
    fn file(&mut self, src: &dyn FragmentSource, path: &str) -> Option<(String, String)> {
        let target = self.target;
        if path.is_empty() || paths::is_external(path) {
            let d = self.diag(
                Kind::Snippet,
                format!("code sample `{target}` must be a relative path to a file"),
            );
            self.ex.diagnostics.push(d);
            return None;
        }
        let Some(joined) = fragment_path(src, &self.from, path) else {
            let d = self.diag(
                Kind::OutsideRoot,
                format!("code sample `{path}` is outside the content folder; it was not shown"),
            );
            self.ex.diagnostics.push(d);
            return None;
        };
        let Some((actual, text)) = src.fragment(&joined) else {
            if !src.unfetched(&joined) {
                let suggestion = nearest_file(src, &joined);
                let d = self
                    .diag(
                        Kind::Snippet,
                        format!("code sample `{joined}` does not exist"),
                    )
                    .suggest(suggestion);
                self.ex.diagnostics.push(d);
            }
            return None;
        };
        if actual != joined {
            let d = self.diag(
                Kind::CaseMismatch,
                format!("code sample `{joined}` is `{actual}` on disk; this breaks on case-sensitive systems"),
            );
            self.ex.diagnostics.push(d);
        }
        Some((joined, no_nul(text).into_owned()))
    }

    /// The part of `text` (of file `joined`) that `sel` selects, as code in `lang` (else the
    /// language of the file's extension); `None` with a diagnostic when it selects nothing.
    fn code(&mut self, joined: &str, text: &str, sel: &Selector, lang: &str) -> Option<Directive> {
        match snippet::select(text, sel) {
            Ok(s) => {
                let lang = if lang.is_empty() {
                    joined.rsplit_once('.').map_or("", |(_, e)| e)
                } else {
                    lang
                };
                Some(Directive::Code {
                    lang: lang.to_string(),
                    code: s.code,
                    highlight: s.highlight,
                })
            }
            Err(e) => {
                let suggestion = match &e {
                    snippet::SelectError::UnknownName(n, names) => {
                        crate::diag::nearest(n, names.iter().map(String::as_str))
                            .map(str::to_string)
                    }
                    _ => None,
                };
                let d = self
                    .diag(Kind::Snippet, format!("code sample `{joined}` {e}"))
                    .suggest(suggestion);
                self.ex.diagnostics.push(d);
                None
            }
        }
    }
}
