//! What the line-level pass produces and reads: the text with its source map and directives
//! ([`Expanded`]), and where included files come from ([`FragmentSource`]). Shared by the
//! include expansion (`prepass`) and code samples (`samples`), so neither imports the other's
//! internals.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// Where the text of includes and code samples comes from.
pub trait FragmentSource {
    /// The text of `rel` (relative to the locale folder), with the path as it is on disk (which
    /// may differ in case from `rel`).
    fn fragment(&self, rel: &str) -> Option<(&str, &str)>;
    /// Candidate paths for a "did you mean" suggestion.
    fn fragment_names(&self) -> Vec<&str>;
    /// The folder `~/` means in file `rel`: its docset's root (the locale folder by default).
    fn docset_root(&self, _rel: &str) -> &str {
        ""
    }
    /// Whether `rel` lies in a dependent repository that is not here (not checked).
    fn unfetched(&self, _rel: &str) -> bool {
        false
    }
}

pub type Attrs = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub enum Directive {
    /// `:::image:::`; `complex` ones open a long description closed by `ImageEnd`.
    Image {
        attrs: Attrs,
        file: usize,
        line: u32,
        col: u32,
    },
    ImageEnd,
    Zone {
        attr: String,
        value: String,
    },
    ZoneEnd,
    Code {
        lang: String,
        code: String,
        /// Lines to mark, 1-based and inclusive.
        highlight: Vec<(usize, usize)>,
    },
    Video {
        url: String,
    },
    Row,
    RowEnd,
    Column {
        span: Option<String>,
    },
    ColumnEnd,
}

#[derive(Debug, Default)]
pub struct Expanded {
    pub text: String,
    /// For each line of `text`: (index into `files`, 1-based line in that file).
    pub lines: Vec<(usize, u32)>,
    /// Source files; 0 is the page itself.
    pub files: Vec<String>,
    pub directives: Vec<Directive>,
    pub diagnostics: Vec<Diagnostic>,
    /// Includes expanded so far, against [`MAX_INCLUDES`].
    pub(super) includes: usize,
    /// Whether the include limit was reported already (once per page).
    pub(super) limit_reported: bool,
}

/// CommonMark replaces U+0000 with U+FFFD; it must not reach the HTML.
pub(super) fn no_nul(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}").into()
    } else {
        text.into()
    }
}
