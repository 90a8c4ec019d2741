//! Headings (ids, the table of contents, the stripped H1) and tabs (`# [Title](#tab/id)`).

use super::highlight::escape;
use super::slug::slugify;
use super::{attr_escape, Heading, Writer};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::ops::Range;

pub(super) struct OpenTabs {
    level: HeadingLevel,
    group: usize,
    count: usize,
    /// Container depth of the group: tabs group within a list item or blockquote too.
    pub(super) depth: usize,
}

impl<'a> Writer<'a, '_> {
    /// A heading's id: its explicit anchor (`<a name>`, `{#id}`) or the slug of its text,
    /// numbered when taken. An explicit anchor already on the page is a `duplicate-anchor`.
    fn heading_id(&mut self, explicit: Option<&str>, text: &str, offset: usize) -> String {
        match explicit {
            Some(a) => {
                let id = self.ids.unique(a);
                if id != a {
                    self.duplicate_anchor(offset, a);
                }
                id
            }
            None => self.ids.unique(&slugify(text)),
        }
    }

    pub(super) fn open_heading(
        &mut self,
        ev: &'a [(Event<'a>, Range<usize>)],
        i: usize,
        level: HeadingLevel,
        attr_id: Option<&str>,
    ) -> usize {
        let end = ev[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(ev.len() - 1, |p| i + p);
        let inner = &ev[i + 1..end];
        if let Some((title, tab_id)) = tab_heading(inner) {
            self.open_tab(level, &title, &tab_id);
            return end + 1;
        }
        if self
            .tabs
            .last()
            .is_some_and(|t| t.depth == self.depth && level <= t.level)
        {
            self.close_tabs();
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
            // The theme prints the heading, with this id: `#its-slug` lands on it like on any
            // heading. Its explicit anchors stay where it was, so that links to them land.
            let id = self.heading_id(attr_id, &text, ev[i].1.start);
            self.result.anchors.push(id.clone());
            self.result.h1 = Some(text);
            self.result.h1_id = Some(id);
            let mut anchors = String::new();
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
        let id = self.heading_id(attr_id, &text, ev[i].1.start);
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

    pub(super) fn close_heading(&mut self, level: HeadingLevel) {
        self.out
            .push(Event::Html(format!("</h{}>\n", level as u8).into()));
    }

    fn open_tab(&mut self, level: HeadingLevel, title: &str, tab_id: &str) {
        let depth = self.depth;
        let (group, index) = match self.tabs.last_mut() {
            Some(t) if t.depth == depth && t.level == level => {
                t.count += 1;
                self.out.push(Event::Html("</section>\n".into()));
                (t.group, t.count)
            }
            _ => {
                if self.tabs.last().is_some_and(|t| t.depth == depth) {
                    self.close_tabs();
                }
                let group = self.ids.next_number();
                self.tabs.push(OpenTabs {
                    level,
                    group,
                    count: 1,
                    depth,
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

    /// Closes the innermost tab group.
    pub(super) fn close_tabs(&mut self) {
        if self.tabs.pop().is_some() {
            self.out.push(Event::Html("</section>\n</div>\n".into()));
        }
    }

    /// Leaving a container: its tab groups end with it.
    pub(super) fn leave_container(&mut self) {
        while self.tabs.last().is_some_and(|t| t.depth >= self.depth) {
            self.close_tabs();
        }
        self.depth = self.depth.saturating_sub(1);
    }
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
