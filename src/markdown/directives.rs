//! The HTML of `:::` directives (`image`, `zone`, `row`/`column`, `code`, `video`), which the
//! pre-pass left as placeholders.

use super::highlight::escape;
use super::prepass::{self, Directive};
use super::{attr_escape, Writer};
use crate::diag::{Diagnostic, Kind};

impl<'a> Writer<'a, '_> {
    pub(super) fn directive_html(&mut self, n: usize, block: bool, offset: usize) -> String {
        let Some(d) = self.ex.directives.get(n) else {
            return String::new();
        };
        match d {
            Directive::Image {
                attrs,
                file,
                line,
                col,
            } => self.image_directive(attrs, block, offset, (*file, *line, *col)),
            Directive::ImageEnd => self.close_directive("image", offset),
            Directive::Zone { attr, value } => {
                self.open_dirs.push(("zone", offset));
                format!(
                    "<div class=\"zone\" data-{}=\"{}\">",
                    attr_escape(&attr.to_ascii_lowercase()),
                    attr_escape(value)
                )
            }
            Directive::ZoneEnd => self.close_directive("zone", offset),
            Directive::RowEnd => self.close_directive("row", offset),
            Directive::ColumnEnd => self.close_directive("column", offset),
            Directive::Row => {
                self.open_dirs.push(("row", offset));
                "<div class=\"row\">".into()
            }
            Directive::Column { span } => {
                self.open_dirs.push(("column", offset));
                match span {
                    Some(s) => format!(
                        "<div class=\"column\" style=\"--span:{}\">",
                        s.parse::<u8>().unwrap_or(1)
                    ),
                    None => "<div class=\"column\">".into(),
                }
            }
            Directive::Code {
                lang,
                code,
                highlight,
            } => self
                .code_html_marked(lang, code, highlight)
                .trim_end()
                .to_string(),
            Directive::Video { url } => {
                if let Some(refused) = crate::resolve::Resolution::refuse_unsafe(url) {
                    let message = refused.problem.map(|p| p.message).unwrap_or_default();
                    let url = url.clone();
                    self.diag(offset, Kind::UnsafeLink, message, Some(&url), None);
                    return String::new();
                }
                if url.starts_with("https://") || url.starts_with("http://") {
                    let title = self.env.ui.get("video").map_or("Video", String::as_str);
                    format!(
                        "<div class=\"video\"><iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allowfullscreen></iframe></div>",
                        attr_escape(url),
                        attr_escape(title)
                    )
                } else {
                    String::new()
                }
            }
        }
    }

    /// The end of a `kind` directive: closes it (and any directive left open inside it), or
    /// nothing when none is open, so that a stray end never closes the theme's own elements.
    fn close_directive(&mut self, kind: &str, offset: usize) -> String {
        let Some(pos) = self.open_dirs.iter().rposition(|k| k.0 == kind) else {
            self.diag(
                offset,
                Kind::Syntax,
                format!("`{kind}-end` closes no open `{kind}` directive; it was ignored"),
                None,
                None,
            );
            return String::new();
        };
        // Directives opened inside this one and never closed.
        let inner: Vec<(&str, usize)> = self.open_dirs[pos + 1..].to_vec();
        for (k, at) in inner {
            self.unclosed(
                k,
                at,
                &format!("it was closed by the `{kind}-end` around it"),
            );
        }
        self.open_dirs
            .drain(pos..)
            .rev()
            .map(|k| closer(k.0))
            .collect()
    }

    /// Reports directive `kind`, opened at `offset`, that was never closed.
    pub(super) fn unclosed(&mut self, kind: &str, offset: usize, what_happened: &str) {
        self.diag(
            offset,
            Kind::Syntax,
            format!("`{kind}` directive is never closed (`{kind}-end` missing); {what_happened}"),
            None,
            None,
        );
    }

    fn image_directive(
        &mut self,
        attrs: &prepass::Attrs,
        block: bool,
        offset: usize,
        (file, line, col): (usize, u32, u32),
    ) -> String {
        let kind = attrs
            .get("type")
            .map_or("content", String::as_str)
            .to_ascii_lowercase();
        let source = attrs.get("source").cloned().unwrap_or_default();
        // The attribute is HTML-like: `&quot;` in it is a quote, escaped once when written.
        let alt = attrs
            .get("alt-text")
            .map(|a| super::html::decode_entities(a).into_owned())
            .unwrap_or_default();
        let file_name = self.ex.files[file].clone();
        if alt.trim().is_empty() && kind != "icon" {
            self.result.diagnostics.push(
                Diagnostic::new(
                    Kind::MissingAltText,
                    file_name,
                    "image has no `alt-text`; screen readers will skip it",
                )
                .at(line, col)
                .target(source.clone()),
            );
        }
        let res = self.resolve(offset, &source, true);
        let src = res.href.clone();
        self.record(offset, &source, &alt, res);
        let lightbox = attrs.get("lightbox").map(|l| {
            let r = self.resolve(offset, l, true);
            let href = r.href.clone();
            self.record(offset, l, &alt, r);
            href
        });
        let border = attrs
            .get("border")
            .map_or(kind != "icon", |b| !b.eq_ignore_ascii_case("false"));
        let mut class = format!("image image-{kind}");
        if border {
            class.push_str(" image-border");
        }
        let size = self.image_size_attrs(&src);
        let img = format!(
            "<img src=\"{}\" alt=\"{}\"{size} loading=\"lazy\">",
            attr_escape(&src),
            attr_escape(&alt)
        );
        let img = match lightbox {
            Some(l) => format!(
                "<a class=\"lightbox\" href=\"{}\">{img}</a>",
                attr_escape(&l)
            ),
            None => img,
        };
        if kind == "complex" {
            self.open_dirs.push(("image", offset));
            let summary = self
                .env
                .ui
                .get("long_description")
                .map_or("Description", String::as_str);
            return format!(
                "<figure class=\"{class}\">{img}<details class=\"long-description\"><summary>{}</summary>",
                escape(summary)
            );
        }
        if block {
            format!("<figure class=\"{class}\">{img}</figure>")
        } else {
            format!("<span class=\"{class}\">{img}</span>")
        }
    }
}

/// The HTML that ends an open directive.
pub(super) fn closer(kind: &str) -> &'static str {
    if kind == "image" {
        "</details></figure>"
    } else {
        "</div>"
    }
}
