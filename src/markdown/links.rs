//! Links and Markdown images: resolved, recorded for checking, their problems reported.

use super::{attr_escape, Writer};
use crate::resolve::{AnchorCheck, Resolution};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

pub(super) struct OpenLink {
    /// Refused (an unsafe scheme): only its text is written.
    dropped: bool,
    raw: String,
    pub(super) text: String,
    offset: usize,
    res: Option<Resolution>,
}

/// Where a link that leads nowhere was: the writer's preview outlines it.
const BROKEN_OPEN: &str = "<span class=\"broken-link\">";

impl<'a> Writer<'a, '_> {
    pub(super) fn resolve(&self, offset: usize, raw: &str, image: bool) -> Resolution {
        let file = self.file_of(offset);
        self.env.resolver.resolve(self.env.locale, file, raw, image)
    }

    pub(super) fn open_link(
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
                dropped: false,
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
        // A link that goes nowhere is its text, as a TOC entry is: never a raw `.md` address.
        let dropped = res.leads_nowhere;
        if dropped {
            self.out.push(Event::InlineHtml(BROKEN_OPEN.into()));
        } else {
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
        }
        self.links.push(OpenLink {
            dropped,
            raw: dest.to_string(),
            text: String::new(),
            offset,
            res: Some(res),
        });
    }

    pub(super) fn close_link(&mut self) {
        let l = self.links.pop();
        if l.as_ref().is_some_and(|l| l.dropped) {
            self.out.push(Event::InlineHtml("</span>".into()));
        } else {
            self.out.push(Event::End(TagEnd::Link));
        }
        if let Some(l) = l {
            if let Some(res) = l.res {
                self.record(l.offset, &l.raw, &l.text, res);
            }
        }
    }

    /// Turns a resolution's problem into a diagnostic and keeps its anchor for checking.
    pub(super) fn record(&mut self, offset: usize, raw: &str, text: &str, res: Resolution) {
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

    pub(super) fn close_image(&mut self) {
        let Some((raw, alt, offset, title)) = self.image_open.pop() else {
            return;
        };
        let (src, lightbox) = match raw.strip_suffix("#lightbox") {
            Some(s) => (s.to_string(), true),
            None => (raw.clone(), false),
        };
        let res = self.resolve(offset, &src, true);
        let href = res.href.clone();
        let dropped = res.is_unsafe();
        self.record(offset, &raw, &alt, res);
        if dropped {
            if let Some(l) = self.links.last_mut() {
                l.text.push_str(&alt);
            }
            self.out.push(Event::Text(alt.into()));
            return;
        }
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", attr_escape(&title))
        };
        let size = self.image_size_attrs(&href);
        let img = format!(
            "<img src=\"{}\" alt=\"{}\"{title_attr}{size} loading=\"lazy\">",
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
}
