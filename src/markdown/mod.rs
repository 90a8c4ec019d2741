//! The DocFX Markdown dialect: CommonMark (pulldown-cmark) plus alerts, explicit anchors,
//! `:::` directives, includes, tabs, zones and build-time highlighting.
//!
//! [`render`] runs the line pre-pass ([`prepass`]), parses the result once, rewrites the event
//! stream (this file) and writes HTML with pulldown-cmark's writer. Along the way it collects
//! what later stages need: headings and anchors, the links to check, and diagnostics.

pub mod highlight;
mod html;
pub mod prepass;
pub mod slug;

use crate::diag::{Diagnostic, Kind};
use crate::model::Md;
use crate::resolve::{AnchorCheck, Resolution, Resolve};
use highlight::{escape, Highlighter};
use prepass::{Directive, Expanded, FragmentSource};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use slug::{slugify, Slugger};
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
pub fn render(md: &Md, file: &str, env: &Env, ids: &mut Slugger, strip_h1: bool) -> Rendered {
    let ex = prepass::expand(md.body(), file, md.line, env.fragments);
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&ex.text, options())
        .into_offset_iter()
        .collect();
    let mut w = Writer {
        env,
        ex: &ex,
        line_starts: line_starts(&ex.text),
        ids,
        strip_h1,
        out: Vec::with_capacity(events.len()),
        result: Rendered::default(),
        quotes: Vec::new(),
        depth: 0,
        tabs: None,
        links: Vec::new(),
        image_open: Vec::new(),
        open_dirs: Vec::new(),
    };
    w.run(&events);
    let mut result = w.result;
    let out = w.out;
    let mut html = String::with_capacity(md.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    result.html = html;
    result.diagnostics.extend(ex.diagnostics);
    result
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    v
}

struct OpenTabs {
    level: HeadingLevel,
    group: usize,
    count: usize,
}

struct OpenLink {
    raw: String,
    text: String,
    offset: usize,
    res: Option<Resolution>,
}

struct Writer<'a, 'e> {
    env: &'a Env<'e>,
    ex: &'a Expanded,
    line_starts: Vec<usize>,
    ids: &'a mut Slugger,
    strip_h1: bool,
    out: Vec<Event<'a>>,
    result: Rendered,
    /// For each open blockquote: whether it became a `<div>` (alert or `[!div]`).
    quotes: Vec<bool>,
    /// Nesting of block containers; tabs are recognized at the top level only.
    depth: usize,
    tabs: Option<OpenTabs>,
    links: Vec<OpenLink>,
    /// For each open image: (raw src, alt text so far, offset, title).
    image_open: Vec<(String, String, usize, String)>,
    /// Open `:::zone`/`:::row`/`:::column`/complex `:::image` directives, innermost last.
    open_dirs: Vec<&'static str>,
}

impl<'a> Writer<'a, '_> {
    /// (file, line, column) of a byte offset of the expanded text.
    fn place(&self, offset: usize) -> (&'a str, u32, u32) {
        let idx = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let (file, line) = self.ex.lines.get(idx).copied().unwrap_or((0, 0));
        let start = self.line_starts[idx];
        let col = self
            .ex
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() as u32 + 1);
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

    fn run(&mut self, ev: &'a [(Event<'a>, Range<usize>)]) {
        let mut i = 0;
        while i < ev.len() {
            let (e, range) = &ev[i];
            match e {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    i = self.open_heading(ev, i, *level, id.as_deref(), range.start);
                    continue;
                }
                Event::End(TagEnd::Heading(level)) => self.close_heading(*level),
                Event::Start(Tag::BlockQuote(_)) => {
                    i = self.open_quote(ev, i);
                    continue;
                }
                Event::End(TagEnd::BlockQuote(k)) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.quotes.pop() == Some(true) {
                        self.out.push(Event::Html("</div>\n".into()));
                    } else {
                        self.out.push(Event::End(TagEnd::BlockQuote(*k)));
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    i = self.code_block(ev, i, kind);
                    continue;
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    self.image_open.push((
                        dest_url.to_string(),
                        String::new(),
                        range.start,
                        title.to_string(),
                    ));
                }
                Event::End(TagEnd::Image) => self.close_image(),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    self.open_link(*link_type, dest_url, title, id, range.start);
                }
                Event::End(TagEnd::Link) => self.close_link(),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(img) = self.image_open.last_mut() {
                        img.1.push_str(t);
                        i += 1;
                        continue;
                    }
                    if let Some(l) = self.links.last_mut() {
                        l.text.push_str(t);
                    }
                    self.out.push(e.clone());
                }
                Event::Html(h) => {
                    let html = self.rewrite_html(h, true, range.start);
                    // A directive that renders to nothing (a stray `:::zone-end:::`) leaves no line.
                    if !html.trim().is_empty() || h.trim().is_empty() {
                        self.out.push(Event::Html(html));
                    }
                }
                Event::InlineHtml(h) => {
                    // `## <a name="x"></a>X`: the heading already has id `x`; a second element
                    // with it would be invalid HTML.
                    if let Some(id) = html::bare_anchor(h) {
                        let closed = matches!(ev.get(i + 1), Some((Event::InlineHtml(c), _)) if c.trim().eq_ignore_ascii_case("</a>"));
                        if closed && self.ids.is_taken(id) {
                            self.result.anchors.push(id.to_string());
                            i += 2;
                            continue;
                        }
                    }
                    let html = self.rewrite_html(h, false, range.start);
                    self.out.push(Event::InlineHtml(html));
                }
                Event::Rule if self.depth == 0 && self.tabs.is_some() => self.close_tabs(),
                Event::Start(Tag::HtmlBlock) => {
                    if let Some(next) = self.text_block(ev, i) {
                        i = next;
                        continue;
                    }
                    self.depth += 1;
                    self.out.push(e.clone());
                }
                Event::Start(t) => {
                    if is_container(t) {
                        self.depth += 1;
                    }
                    self.out.push(e.clone());
                }
                Event::End(t) => {
                    if is_container_end(t) {
                        self.depth = self.depth.saturating_sub(1);
                    }
                    self.out.push(e.clone());
                }
                _ => {
                    if !self.image_open.is_empty() {
                        i += 1;
                        continue;
                    }
                    self.out.push(e.clone());
                }
            }
            i += 1;
        }
        if self.tabs.is_some() {
            self.close_tabs();
        }
        if !self.open_dirs.is_empty() {
            let closers: String = self.open_dirs.drain(..).rev().map(closer).collect();
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

    // ----- headings, tabs -----

    fn open_heading(
        &mut self,
        ev: &'a [(Event<'a>, Range<usize>)],
        i: usize,
        level: HeadingLevel,
        attr_id: Option<&str>,
        offset: usize,
    ) -> usize {
        let end = ev[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(ev.len() - 1, |p| i + p);
        let inner = &ev[i + 1..end];
        if self.depth == 0 {
            if let Some((title, tab_id)) = tab_heading(inner) {
                self.open_tab(level, &title, &tab_id);
                return end + 1;
            }
            if self.tabs.as_ref().is_some_and(|t| level <= t.level) {
                self.close_tabs();
            }
        }
        // Explicit anchors (`<a name>`) are ids of their own, not part of the heading's text.
        let mut text = String::new();
        for (e, _) in inner {
            if let Event::Text(t) | Event::Code(t) = e {
                text.push_str(t);
            }
        }
        let text = text.trim().to_string();
        if level == HeadingLevel::H1 && self.strip_h1 && self.result.h1.is_none() {
            self.result.h1 = Some(text);
            // The theme prints the title; the H1's explicit anchors stay where it was, so that
            // links to them land.
            let mut anchors = String::new();
            if let Some(a) = attr_id.filter(|a| self.ids.reserve(a)) {
                self.result.anchors.push(a.to_string());
                anchors.push_str(&format!("<a id=\"{}\"></a>", attr_escape(a)));
            }
            for (e, r) in inner {
                if let Event::InlineHtml(h) = e {
                    anchors.push_str(&self.rewrite_html(h, false, r.start));
                }
            }
            if anchors.contains(" id=") {
                self.out.push(Event::Html(format!("{anchors}\n").into()));
            }
            return end + 1;
        }
        let id = match attr_id {
            Some(a) => self.ids.unique(a),
            None => self.ids.unique(&slugify(&text)),
        };
        let _ = offset;
        self.result.anchors.push(id.clone());
        let n = level as u8;
        if n == 2 || n == 3 {
            self.result.headings.push(Heading {
                level: n,
                id: id.clone(),
                title: text,
            });
        }
        self.out.push(Event::Html(
            format!("<h{n} id=\"{}\">", attr_escape(&id)).into(),
        ));
        self.out.push(Event::Html(
            format!("<a class=\"heading-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>", attr_escape(&id)).into(),
        ));
        i + 1
    }

    fn close_heading(&mut self, level: HeadingLevel) {
        self.out
            .push(Event::Html(format!("</h{}>\n", level as u8).into()));
    }

    fn open_tab(&mut self, level: HeadingLevel, title: &str, tab_id: &str) {
        let (group, index) = match &mut self.tabs {
            Some(t) if t.level == level => {
                t.count += 1;
                self.out.push(Event::Html("</section>\n".into()));
                (t.group, t.count)
            }
            _ => {
                if self.tabs.is_some() {
                    self.close_tabs();
                }
                let group = self.ids.next_number();
                self.tabs = Some(OpenTabs {
                    level,
                    group,
                    count: 1,
                });
                self.out.push(Event::Html("<div class=\"tabs\">\n".into()));
                (group, 1)
            }
        };
        let checked = if index == 1 { " checked" } else { "" };
        let tab = attr_escape(tab_id);
        self.out.push(Event::Html(
            format!(
                "<input type=\"radio\" class=\"tab-radio\" name=\"tabs-{group}\" id=\"tabs-{group}-{index}\" data-tab=\"{tab}\"{checked}>\
                 <label class=\"tab-label\" for=\"tabs-{group}-{index}\">{}</label>\n\
                 <section class=\"tab-panel\" data-tab=\"{tab}\" aria-label=\"{}\">\n",
                escape(title),
                attr_escape(title)
            )
            .into(),
        ));
    }

    fn close_tabs(&mut self) {
        if self.tabs.take().is_some() {
            self.out.push(Event::Html("</section>\n</div>\n".into()));
        }
    }

    // ----- alerts and [!div] -----

    fn open_quote(&mut self, ev: &'a [(Event<'a>, Range<usize>)], i: usize) -> usize {
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

    // ----- code -----

    fn code_block(
        &mut self,
        ev: &'a [(Event<'a>, Range<usize>)],
        i: usize,
        kind: &CodeBlockKind,
    ) -> usize {
        let mut code = String::new();
        let mut j = i + 1;
        while let Some((e, _)) = ev.get(j) {
            match e {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
            j += 1;
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("")
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let html = self.code_html(&lang, &code);
        self.out.push(Event::Html(html.into()));
        j + 1
    }

    fn code_html(&self, lang: &str, code: &str) -> String {
        let body = self.env.highlighter.highlight(lang, code);
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{}\"", attr_escape(&lang.to_ascii_lowercase()))
        };
        format!("<div class=\"code-block\"{lang_attr}><pre class=\"code\"><code>{body}</code></pre></div>\n")
    }

    // ----- links and images -----

    fn resolve(&self, offset: usize, raw: &str, image: bool) -> Resolution {
        let file = self.file_of(offset);
        self.env.resolver.resolve(self.env.locale, file, raw, image)
    }

    fn open_link(
        &mut self,
        link_type: LinkType,
        dest: &CowStr<'a>,
        title: &CowStr<'a>,
        id: &CowStr<'a>,
        offset: usize,
    ) {
        let skip = matches!(link_type, LinkType::Email) || dest.starts_with("#tab/");
        if skip {
            self.links.push(OpenLink {
                raw: dest.to_string(),
                text: String::new(),
                offset,
                res: None,
            });
            self.out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: dest.clone(),
                title: title.clone(),
                id: id.clone(),
            }));
            return;
        }
        let res = self.resolve(offset, dest, false);
        let href: CowStr = if res.href == **dest {
            dest.clone()
        } else {
            res.href.clone().into()
        };
        self.out.push(Event::Start(Tag::Link {
            link_type,
            dest_url: href,
            title: title.clone(),
            id: id.clone(),
        }));
        self.links.push(OpenLink {
            raw: dest.to_string(),
            text: String::new(),
            offset,
            res: Some(res),
        });
    }

    fn close_link(&mut self) {
        self.out.push(Event::End(TagEnd::Link));
        if let Some(l) = self.links.pop() {
            if let Some(res) = l.res {
                self.record(l.offset, &l.raw, &l.text, res);
            }
        }
    }

    /// Turns a resolution's problem into a diagnostic and keeps its anchor for checking.
    fn record(&mut self, offset: usize, raw: &str, text: &str, res: Resolution) {
        let (file, line, column) = self.place(offset);
        if let Some(p) = res.problem {
            let msg = if text.trim().is_empty() {
                p.message
            } else {
                format!("{} (link text: \"{}\")", p.message, text.trim())
            };
            self.diag(offset, p.kind, msg, Some(raw), p.suggestion);
        }
        if let Some(target) = res.anchor {
            self.result.checks.push(AnchorCheck {
                file: file.to_string(),
                line,
                column,
                raw: raw.to_string(),
                text: text.trim().to_string(),
                target,
            });
        }
    }

    fn close_image(&mut self) {
        let Some((raw, alt, offset, title)) = self.image_open.pop() else {
            return;
        };
        let (src, lightbox) = match raw.strip_suffix("#lightbox") {
            Some(s) => (s.to_string(), true),
            None => (raw.clone(), false),
        };
        let res = self.resolve(offset, &src, true);
        let href = res.href.clone();
        self.record(offset, &raw, &alt, res);
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", attr_escape(&title))
        };
        let img = format!(
            "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\">",
            attr_escape(&href),
            attr_escape(&alt)
        );
        let html = if lightbox {
            format!(
                "<a class=\"lightbox\" href=\"{}\">{img}</a>",
                attr_escape(&href)
            )
        } else {
            img
        };
        if let Some(l) = self.links.last_mut() {
            l.text.push_str(&alt);
        }
        self.out.push(Event::InlineHtml(html.into()));
    }

    // ----- directives -----

    fn directive_html(&mut self, n: usize, block: bool, offset: usize) -> String {
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
            Directive::ImageEnd => self.close_directive("image"),
            Directive::Zone { attr, value } => {
                self.open_dirs.push("zone");
                format!(
                    "<div class=\"zone\" data-{}=\"{}\">",
                    attr_escape(&attr.to_ascii_lowercase()),
                    attr_escape(value)
                )
            }
            Directive::ZoneEnd => self.close_directive("zone"),
            Directive::RowEnd => self.close_directive("row"),
            Directive::ColumnEnd => self.close_directive("column"),
            Directive::Row => {
                self.open_dirs.push("row");
                "<div class=\"row\">".into()
            }
            Directive::Column { span } => {
                self.open_dirs.push("column");
                match span {
                    Some(s) => format!(
                        "<div class=\"column\" style=\"--span:{}\">",
                        s.parse::<u8>().unwrap_or(1)
                    ),
                    None => "<div class=\"column\">".into(),
                }
            }
            Directive::Code { lang, code, .. } => self.code_html(lang, code).trim_end().to_string(),
            Directive::Video { url } => {
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
    fn close_directive(&mut self, kind: &str) -> String {
        let Some(pos) = self.open_dirs.iter().rposition(|k| *k == kind) else {
            return String::new();
        };
        self.open_dirs.drain(pos..).rev().map(closer).collect()
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
        let alt = attrs.get("alt-text").cloned().unwrap_or_default();
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
        let img = format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
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
            self.open_dirs.push("image");
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
fn closer(kind: &str) -> &'static str {
    if kind == "image" {
        "</details></figure>"
    } else {
        "</div>"
    }
}

/// `"a b" c` → `a b`; `a b` → `a`.
fn quoted_value(s: &str) -> &str {
    match s.chars().next() {
        Some(q @ ('"' | '\'')) => s[1..].split(q).next().unwrap_or(""),
        _ => s.split(char::is_whitespace).next().unwrap_or(""),
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

/// `# [Title](#tab/id)`: the tab's title and id.
fn tab_heading(inner: &[(Event, Range<usize>)]) -> Option<(String, String)> {
    let (first, rest) = inner.split_first()?;
    let Event::Start(Tag::Link { dest_url, .. }) = &first.0 else {
        return None;
    };
    let id = dest_url.strip_prefix("#tab/")?;
    let (last, middle) = rest.split_last()?;
    if !matches!(last.0, Event::End(TagEnd::Link)) {
        return None;
    }
    let mut title = String::new();
    for (e, _) in middle {
        match e {
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            Event::End(TagEnd::Link) | Event::Start(Tag::Link { .. }) => return None,
            _ => {}
        }
    }
    Some((title.trim().to_string(), id.to_string()))
}

pub fn attr_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String");
    out
}
