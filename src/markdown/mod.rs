//! The DocFX Markdown dialect: CommonMark (pulldown-cmark) plus alerts, explicit anchors,
//! `:::` directives, includes, tabs, zones and build-time highlighting.
//!
//! [`render`] runs the line pre-pass ([`prepass`]), parses the result once, rewrites the event
//! stream (this module) and writes HTML with pulldown-cmark's writer. Along the way it collects
//! what later stages need: headings and anchors, the links to check, and diagnostics.

mod anchors;
mod code;
mod directives;
mod expanded;
mod headings;
pub mod highlight;
mod html;
pub(crate) use html::decode_entities;
mod html_attrs;
mod layout;
mod links;
pub mod prepass;
mod quotes;
mod samples;
pub mod slug;
pub(crate) mod snippet;

use crate::diag::{Diagnostic, Kind};
use crate::model::Md;
use crate::resolve::{AnchorCheck, Resolve};
use directives::closer;
use headings::OpenTabs;
use highlight::Highlighter;
use links::OpenLink;
use prepass::{Expanded, FragmentSource};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use slug::Slugger;
use std::collections::HashMap;
use std::ops::Range;

/// What rendering needs from the rest of the build.
pub struct Env<'a> {
    pub locale: usize,
    pub resolver: &'a dyn Resolve,
    pub fragments: &'a dyn FragmentSource,
    pub highlighter: &'a Highlighter,
    /// UI strings of the page's locale (`alert_note`...).
    pub ui: &'a HashMap<String, String>,
    /// Raw HTML written in Markdown is shown as text (`[security] raw_html = "escape"`).
    pub escape_html: bool,
    /// Sizes of the site's images, for `width`/`height` on `<img>` (none: no sizes).
    pub images: Option<&'a crate::image_size::ImageSizes<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// Text of the first H1 when it was taken out of the body.
    pub h1: Option<String>,
    /// The id of that H1 (its slug, or its `{#id}`), which the theme's heading carries.
    pub h1_id: Option<String>,
    pub headings: Vec<Heading>,
    /// Every id an `#anchor` can land on.
    pub anchors: Vec<String>,
    pub checks: Vec<AnchorCheck>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders one Markdown fragment of page file `file` (relative to its locale folder).
/// How many Markdown elements (events) a page may have: [`MIN_ELEMENTS`], or one per
/// [`BYTES_PER_ELEMENT`] bytes of its text if more. Each costs a few hundred bytes until the
/// page is written, so nine megabytes of `## a` lines (five million elements) took 2.9 GB;
/// prose has one element per 20–50 bytes.
const MIN_ELEMENTS: usize = 200_000;
const BYTES_PER_ELEMENT: usize = 8;

pub fn render(md: &Md, file: &str, env: &Env, ids: &mut Slugger, strip_h1: bool) -> Rendered {
    let ex = prepass::expand(md.body(), file, md.line, env.fragments);
    let budget = MIN_ELEMENTS.max(ex.text.len() / BYTES_PER_ELEMENT);
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&ex.text, options())
        .into_offset_iter()
        .take(budget + 1)
        .collect();
    if events.len() > budget {
        return too_many_elements(md, file, budget, ex);
    }
    let mut w = Writer {
        env,
        ex: &ex,
        line_starts: line_starts(&ex.text),
        last_column: std::cell::Cell::new((usize::MAX, 0, 0)),
        duplicates: Vec::new(),
        ids,
        strip_h1,
        out: Vec::with_capacity(events.len()),
        result: Rendered::default(),
        quotes: Vec::new(),
        div_paragraph: false,
        depth: 0,
        tabs: Vec::new(),
        links: Vec::new(),
        image_open: Vec::new(),
        open_dirs: Vec::new(),
    };
    w.run(&events);
    w.report_duplicate_anchors();
    let mut result = w.result;
    let out = w.out;
    let mut html = String::with_capacity(md.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    result.html = html;
    result.diagnostics.extend(ex.diagnostics);
    result
}

/// A page over its element budget is not rendered: a `limit` error says why.
fn too_many_elements(md: &Md, file: &str, budget: usize, ex: Expanded) -> Rendered {
    let mut result = Rendered::default();
    result.diagnostics.extend(ex.diagnostics);
    result.diagnostics.push(
        Diagnostic::new(
            Kind::Limit,
            file,
            format!(
                "this page has more than {budget} Markdown elements (headings, list items, links, emphasis…) for its {} KB; it was not rendered: split it into several pages",
                md.body().len() >> 10
            ),
        )
        .at(md.line, 1),
    );
    result
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    v
}

struct Writer<'a, 'e> {
    env: &'a Env<'e>,
    ex: &'a Expanded,
    line_starts: Vec<usize>,
    /// The last column worked out, as (offset, line index, column): the next place on the
    /// same line counts on from there, so a line of 100,000 links is not quadratic.
    last_column: std::cell::Cell<(usize, usize, u32)>,
    /// Ids written a second time, where (see `duplicate_anchor`).
    duplicates: Vec<(usize, String)>,
    ids: &'a mut Slugger,
    strip_h1: bool,
    out: Vec<Event<'a>>,
    result: Rendered,
    /// For each open blockquote: whether it became a `<div>` (alert or `[!div]`).
    quotes: Vec<bool>,
    /// Nesting of block containers.
    depth: usize,
    /// Open tab groups, innermost last.
    tabs: Vec<OpenTabs>,
    links: Vec<OpenLink>,
    /// For each open image: (raw src, alt text so far, offset, title).
    image_open: Vec<(String, String, usize, String)>,
    /// Open `:::zone`/`:::row`/`:::column`/complex `:::image` directives, innermost last.
    /// Open `:::` directives (zone, row, column, complex image) and where each was opened.
    open_dirs: Vec<(&'static str, usize)>,
    /// The open paragraph began with `[!div]` inside a blockquote: it closes a `<div>` too.
    div_paragraph: bool,
}

impl<'a> Writer<'a, '_> {
    /// (file, line, column) of a byte offset of the expanded text.
    fn place(&self, offset: usize) -> (&'a str, u32, u32) {
        let idx = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let (file, line) = self.ex.lines.get(idx).copied().unwrap_or((0, 0));
        let (last, last_idx, last_col) = self.last_column.get();
        let (start, base) = if last_idx == idx && last <= offset {
            (last, last_col)
        } else {
            (self.line_starts[idx], 1)
        };
        let col = self
            .ex
            .text
            .get(start..offset)
            .map_or(base, |s| s.chars().count() as u32 + base);
        self.last_column.set((offset, idx, col));
        (&self.ex.files[file], line, col)
    }

    fn file_of(&self, offset: usize) -> &'a str {
        self.place(offset).0
    }

    fn diag(
        &mut self,
        offset: usize,
        kind: Kind,
        message: String,
        target: Option<&str>,
        suggestion: Option<String>,
    ) {
        let (file, line, col) = self.place(offset);
        let mut d = Diagnostic::new(kind, file, message)
            .at(line, col)
            .suggest(suggestion);
        if let Some(t) = target {
            d = d.target(t);
        }
        self.result.diagnostics.push(d);
    }

    /// Rewrites the whole event stream into `out`, then closes what the page left open.
    fn run(&mut self, ev: &'a [(Event<'a>, Range<usize>)]) {
        let mut i = 0;
        while i < ev.len() {
            i = self.step(ev, i);
        }
        self.close_open_blocks();
    }

    /// Rewrites the event at `i` (with those after it that it takes): the index of the next.
    fn step(&mut self, ev: &'a [(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (e, range) = &ev[i];
        match e {
            Event::Start(Tag::Heading { level, id, .. }) => {
                return self.open_heading(ev, i, *level, id.as_deref());
            }
            Event::End(TagEnd::Heading(level)) => self.close_heading(*level),
            Event::Start(Tag::BlockQuote(_)) => return self.open_quote(ev, i),
            Event::End(TagEnd::BlockQuote(k)) => self.close_quote(*k),
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(ev, i, kind),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.open_image(dest_url, title, range.start),
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.open_link(*link_type, dest_url, title, id, range.start),
            Event::End(TagEnd::Link) => self.close_link(),
            Event::Text(t) | Event::Code(t) => self.text(e, t),
            Event::Html(h) => self.html_block(h, range.start),
            Event::InlineHtml(h) => return self.inline_html(ev, i, h),
            Event::Rule if self.tabs.last().is_some_and(|t| t.depth == self.depth) => {
                self.close_tabs()
            }
            Event::Start(Tag::Table(_)) => self.open_table(e),
            Event::End(TagEnd::Table) => self.close_table(e),
            Event::Start(Tag::Paragraph) if !self.quotes.is_empty() => {
                if let Some(next) = self.div_paragraph(ev, i) {
                    return next;
                }
                self.out.push(e.clone());
            }
            Event::End(TagEnd::Paragraph) if self.div_paragraph => {
                self.div_paragraph = false;
                self.out.push(e.clone());
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::HtmlBlock) => {
                if let Some(next) = self.text_block(ev, i) {
                    return next;
                }
                self.depth += 1;
                self.out.push(e.clone());
            }
            _ => self.pass(e),
        }
        i + 1
    }

    /// The end of a blockquote: of its `<div>` when it became one (an alert, `[!div]`).
    fn close_quote(&mut self, kind: Option<pulldown_cmark::BlockQuoteKind>) {
        self.leave_container();
        if self.quotes.pop() == Some(true) {
            self.out.push(Event::Html("</div>\n".into()));
        } else {
            self.out.push(Event::End(TagEnd::BlockQuote(kind)));
        }
    }

    /// An image opens: its alt text is collected until it closes.
    fn open_image(&mut self, dest_url: &str, title: &str, offset: usize) {
        self.image_open.push((
            dest_url.to_string(),
            String::new(),
            offset,
            title.to_string(),
        ));
    }

    /// A table opens, in its scrolling wrapper.
    fn open_table(&mut self, e: &Event<'a>) {
        self.depth += 1;
        self.out.push(Event::Html(self.table_wrap_open().into()));
        self.out.push(e.clone());
    }

    /// A table closes, and its wrapper.
    fn close_table(&mut self, e: &Event<'a>) {
        self.leave_container();
        self.out.push(e.clone());
        self.out.push(Event::Html(layout::TABLE_WRAP_CLOSE.into()));
    }

    /// Text or inline code: part of the open image's alt text, else written (and part of the
    /// open link's text).
    fn text(&mut self, e: &Event<'a>, t: &str) {
        if let Some(img) = self.image_open.last_mut() {
            img.1.push_str(t);
            return;
        }
        if let Some(l) = self.links.last_mut() {
            l.text.push_str(t);
        }
        self.out.push(e.clone());
    }

    /// An HTML block's HTML, rewritten.
    fn html_block(&mut self, h: &CowStr<'a>, offset: usize) {
        let html = self.rewrite_html(h, true, offset);
        // A directive that renders to nothing (a stray `:::zone-end:::`) leaves no line.
        if !html.trim().is_empty() || h.trim().is_empty() {
            self.out.push(Event::Html(html));
        }
    }

    /// Inline HTML at `i`, rewritten: the index of the next event.
    fn inline_html(
        &mut self,
        ev: &'a [(Event<'a>, Range<usize>)],
        i: usize,
        h: &CowStr<'a>,
    ) -> usize {
        let offset = ev[i].1.start;
        // `## <a name="x"></a>X`: the heading already has id `x`; a second element
        // with it would be invalid HTML.
        if let Some(id) = html::bare_anchor(h) {
            let closed = matches!(ev.get(i + 1), Some((Event::InlineHtml(c), _)) if c.trim().eq_ignore_ascii_case("</a>"));
            if closed && self.ids.is_taken(id) {
                // Taken by the heading it sits in (its slug is the same): fine.
                // Taken by another element: links to it reach that one.
                if self.result.anchors.last().map(String::as_str) != Some(id) {
                    self.duplicate_anchor(offset, id);
                }
                self.result.anchors.push(id.to_string());
                return i + 2;
            }
        }
        let html = self.rewrite_html(h, false, offset);
        self.out.push(Event::InlineHtml(html));
        i + 1
    }

    /// Any other event: written as it is, counting the containers it opens and closes (but
    /// nothing other than tags inside an image, whose alt text `text` collects).
    fn pass(&mut self, e: &Event<'a>) {
        match e {
            Event::Start(t) if is_container(t) => self.depth += 1,
            Event::End(t) if is_container_end(t) => self.leave_container(),
            Event::Start(_) | Event::End(_) => {}
            _ if !self.image_open.is_empty() => return,
            _ => {}
        }
        self.out.push(e.clone());
    }

    /// At the end of the page: closes the open tab groups and `:::` directives, each of the
    /// latter with an `unclosed` diagnostic.
    fn close_open_blocks(&mut self) {
        while !self.tabs.is_empty() {
            self.close_tabs();
        }
        if !self.open_dirs.is_empty() {
            for (k, at) in self.open_dirs.clone() {
                self.unclosed(k, at, "it was closed at the end of the page");
            }
            let closers: String = self
                .open_dirs
                .drain(..)
                .rev()
                .map(|k| closer(k.0))
                .collect();
            self.out.push(Event::Html(format!("{closers}\n").into()));
        }
    }

    /// An HTML block that starts with a tag HTML does not have (`<tenant-name>` alone on a line)
    /// is text: a paragraph. Returns the index after the block.
    fn text_block(&mut self, ev: &'a [(Event<'a>, Range<usize>)], i: usize) -> Option<usize> {
        let Some((Event::Html(first), _)) = ev.get(i + 1) else {
            return None;
        };
        if !html::starts_with_unknown_tag(first) {
            return None;
        }
        let mut j = i + 1;
        let mut text = String::new();
        while let Some((Event::Html(h), r)) = ev.get(j) {
            text.push_str(&self.rewrite_html(h, false, r.start));
            j += 1;
        }
        self.out.push(Event::Start(Tag::Paragraph));
        self.out
            .push(Event::InlineHtml(text.trim_end().to_string().into()));
        self.out.push(Event::End(TagEnd::Paragraph));
        Some(j + 1)
    }
}

fn is_container(t: &Tag) -> bool {
    matches!(
        t,
        Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_) | Tag::Table(_) | Tag::HtmlBlock
    )
}

fn is_container_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::HtmlBlock
    )
}

pub fn attr_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String");
    out
}
