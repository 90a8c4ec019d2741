//! What resolving a link gives: the URL to write, the anchor to check later, the problem to
//! report; and the `Resolve` interface the Markdown renderer calls.

use crate::diag::Kind;
use crate::model::PageId;
use crate::paths;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorTarget {
    Page(PageId, String),
    /// An anchor of the page the link is on.
    Same(String),
    /// An `http(s)` URL, collected for `ajuda check --external`.
    External(String),
}

/// A link whose `#anchor` must be checked once all pages are rendered.
#[derive(Debug, Clone)]
pub struct AnchorCheck {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub raw: String,
    pub text: String,
    pub target: AnchorTarget,
}

/// The largest `data:` image kept inline (its whole URL, in bytes).
pub(super) const MAX_DATA_IMAGE: usize = 128 * 1024;

#[derive(Debug, Clone)]
pub struct Problem {
    pub kind: Kind,
    pub message: String,
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Resolution {
    /// The URL to write in the page.
    pub href: String,
    pub anchor: Option<AnchorTarget>,
    /// The page of this site the link goes to, when it goes to one.
    pub page: Option<PageId>,
    pub problem: Option<Problem>,
    /// The link goes nowhere (a missing page, a bad `xref:`, a redirect loop, a refused
    /// scheme): the body and the navigation both show its text without a link.
    pub leads_nowhere: bool,
}

impl Resolution {
    pub(super) fn keep(raw: &str) -> Resolution {
        Resolution {
            leads_nowhere: false,
            href: raw.to_string(),
            anchor: None,
            page: None,
            problem: None,
        }
    }

    /// A `javascript:`, `vbscript:` or `data:` link: no URL at all, and an `unsafe-link`
    /// problem. `None` for every other link.
    pub fn refuse_unsafe(raw: &str) -> Option<Resolution> {
        let scheme = paths::unsafe_scheme(raw)?;
        Some(Resolution {
            leads_nowhere: true,
            href: String::new(),
            anchor: None,
            page: None,
            problem: Some(Problem {
                kind: Kind::UnsafeLink,
                message: format!(
                    "`{scheme}:` links run code or load hidden content in the reader's browser; the link was dropped"
                ),
                suggestion: None,
            }),
        })
    }

    /// A `data:` URL as an image's source: kept when it is a raster image (PNG, GIF, JPEG,
    /// WebP) of at most `MAX_DATA_IMAGE` bytes, which nothing can run. `None` for anything
    /// else, which [`Self::refuse_unsafe`] decides: SVG too, which may hold script and is
    /// opened as a document from the image's context menu.
    pub fn data_image(raw: &str) -> Option<Resolution> {
        let trimmed = raw.trim();
        let rest = trimmed
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("data:"))
            .map(|_| &trimmed[5..])?;
        let mime = rest
            .split([';', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let raster = matches!(
            mime.as_str(),
            "image/png" | "image/gif" | "image/jpeg" | "image/jpg" | "image/webp"
        );
        if !raster {
            return None;
        }
        if trimmed.len() > MAX_DATA_IMAGE {
            return Some(Resolution::broken(
                "",
                Kind::TooLarge,
                format!(
                    "an inline `{mime}` image of {} KB (over {} KB) was dropped",
                    trimmed.len() / 1024,
                    MAX_DATA_IMAGE / 1024
                ),
                Some("save it as a file beside the page and link that".into()),
            ));
        }
        Some(Resolution::keep(trimmed))
    }

    /// The `unsafe-link` diagnostic for `raw` written in `file` at `line`, when its scheme is
    /// refused: for the places that write URLs without resolving them as links (TOC entries,
    /// redirect targets, videos).
    pub fn unsafe_diagnostic(raw: &str, file: &str, line: u32) -> Option<crate::diag::Diagnostic> {
        let problem = Resolution::refuse_unsafe(raw)?.problem?;
        Some(
            crate::diag::Diagnostic::new(Kind::UnsafeLink, file, problem.message)
                .at(line, 1)
                .target(raw),
        )
    }

    /// Whether this link was refused (see [`Resolution::refuse_unsafe`]).
    pub fn is_unsafe(&self) -> bool {
        self.problem
            .as_ref()
            .is_some_and(|p| p.kind == Kind::UnsafeLink)
    }

    pub(super) fn broken(
        raw: &str,
        kind: Kind,
        message: String,
        suggestion: Option<String>,
    ) -> Resolution {
        Resolution {
            leads_nowhere: true,
            href: raw.to_string(),
            anchor: None,
            page: None,
            problem: Some(Problem {
                kind,
                message,
                suggestion,
            }),
        }
    }
}

/// Keeps every link as written: for rendering Markdown outside a site (benchmarks, fuzzing).
pub struct Verbatim;

impl Resolve for Verbatim {
    fn resolve(&self, _locale: usize, _file: &str, raw: &str, _image: bool) -> Resolution {
        Resolution::refuse_unsafe(raw).unwrap_or_else(|| Resolution::keep(raw))
    }
}

pub trait Resolve: Sync {
    /// Resolves `raw`, written in file `file` (relative to the folder of locale `locale`).
    fn resolve(&self, locale: usize, file: &str, raw: &str, image: bool) -> Resolution;
}
