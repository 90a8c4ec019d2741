//! Blockquotes that are DocFX syntax: alerts (`[!NOTE]`...), `[!div class="x"]` and
//! `[!VIDEO url]`.

use super::highlight::escape;
use super::prepass::Directive;
use super::{attr_escape, html, Writer};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

impl<'a> Writer<'a, '_> {
    pub(super) fn open_quote(&mut self, ev: &'a [(Event<'a>, Range<usize>)], i: usize) -> usize {
        if let Some(next) = self.video_quote(ev, i) {
            return next;
        }
        self.depth += 1;
        if let Some((Event::Start(Tag::Paragraph), _)) = ev.get(i + 1) {
            let mut j = i + 2;
            let mut s = String::new();
            while let Some((Event::Text(t), _)) = ev.get(j) {
                s.push_str(t);
                j += 1;
            }
            if let Some((open, rest)) = self.quote_marker(&s) {
                self.quotes.push(true);
                self.out.push(Event::Html(open.into()));
                let rest = if rest.trim().is_empty() {
                    ""
                } else {
                    rest.trim_start()
                }
                .to_string();
                return match ev.get(j).map(|(e, _)| e) {
                    Some(Event::End(TagEnd::Paragraph)) if rest.is_empty() => j + 1,
                    Some(Event::SoftBreak | Event::HardBreak) if rest.is_empty() => {
                        self.out.push(Event::Start(Tag::Paragraph));
                        j + 1
                    }
                    _ => {
                        self.out.push(Event::Start(Tag::Paragraph));
                        if !rest.is_empty() {
                            self.out.push(Event::Text(rest.into()));
                        }
                        j
                    }
                };
            }
        }
        self.quotes.push(false);
        self.out.push(ev[i].0.clone());
        i + 1
    }

    /// A paragraph inside an alert or blockquote that starts with `[!div class="x"]` (after a
    /// blank `>` line, so not a new blockquote): the rest of the paragraph in that `<div>`, as
    /// Learn shows a "next step" button inside a note. Returns the index after the marker.
    pub(super) fn div_paragraph(
        &mut self,
        ev: &'a [(Event<'a>, Range<usize>)],
        i: usize,
    ) -> Option<usize> {
        if self.quotes.is_empty() || self.div_paragraph {
            return None;
        }
        let mut j = i + 1;
        let mut s = String::new();
        while let Some((Event::Text(t), _)) = ev.get(j) {
            s.push_str(t);
            j += 1;
        }
        let (open, rest) = self.quote_marker(&s)?;
        if !open.starts_with("<div class=\"") || open.starts_with("<div class=\"alert") {
            return None;
        }
        let rest = rest.trim_start().to_string();
        self.div_paragraph = true;
        self.out.push(Event::Html(open.into()));
        self.out.push(Event::Start(Tag::Paragraph));
        if !rest.is_empty() {
            self.out.push(Event::Text(rest.into()));
        }
        Some(match ev.get(j).map(|(e, _)| e) {
            Some(Event::SoftBreak | Event::HardBreak) => j + 1,
            _ => j,
        })
    }

    /// `> [!VIDEO url]`: the blockquote is only DocFX's syntax, the video stands alone. Returns
    /// the index after the blockquote when it holds nothing but videos.
    fn video_quote(&mut self, ev: &'a [(Event<'a>, Range<usize>)], i: usize) -> Option<usize> {
        let mut j = i + 1;
        let mut html = String::new();
        while let Some(
            [(Event::Start(Tag::HtmlBlock), _), (Event::Html(h), r), (Event::End(TagEnd::HtmlBlock), _)],
        ) = ev.get(j..j + 3)
        {
            let n = html::placeholder(h)?;
            if !matches!(self.ex.directives.get(n), Some(Directive::Video { .. })) {
                return None;
            }
            html.push_str(&self.directive_html(n, true, r.start));
            html.push('\n');
            j += 3;
        }
        if j == i + 1 || !matches!(ev.get(j), Some((Event::End(TagEnd::BlockQuote(_)), _))) {
            return None;
        }
        self.out.push(Event::Html(html.into()));
        Some(j + 1)
    }

    /// `[!NOTE]` (any case) or `[!div class="x"]` at the start of a blockquote: the opening HTML
    /// and the text after the marker.
    fn quote_marker<'s>(&self, s: &'s str) -> Option<(String, &'s str)> {
        let s = s.trim_start();
        let inner_start = s.strip_prefix("[!")?;
        let close = inner_start.find(']')?;
        let inner = inner_start[..close].trim();
        let rest = &inner_start[close + 1..];
        let lower = inner.to_ascii_lowercase();
        if let Some(kind) = ["note", "tip", "important", "caution", "warning"]
            .into_iter()
            .find(|k| *k == lower)
        {
            let title = self
                .env
                .ui
                .get(&format!("alert_{kind}"))
                .cloned()
                .unwrap_or_else(|| {
                    let mut c = kind.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                });
            // Not `role="alert"`, even for warnings: that is a live region, for messages that
            // appear while the page is in use, not for static text.
            return Some((
                format!(
                    "<div class=\"alert alert-{kind}\" role=\"note\">\n<p class=\"alert-title\">{}</p>\n",
                    escape(&title)
                ),
                rest,
            ));
        }
        if lower.starts_with("div") {
            let class = inner
                .split_once("class=")
                .map_or("", |(_, c)| quoted_value(c.trim()));
            return Some((format!("<div class=\"{}\">\n", attr_escape(class)), rest));
        }
        None
    }
}

/// `"a b" c` → `a b`; `a b` → `a`.
fn quoted_value(s: &str) -> &str {
    match s.chars().next() {
        Some(q @ ('"' | '\'')) => s[1..].split(q).next().unwrap_or(""),
        _ => s.split(char::is_whitespace).next().unwrap_or(""),
    }
}
