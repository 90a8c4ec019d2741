//! The attributes of a tag in raw HTML: any `id` (and `<a name>`, which becomes `id`) is an
//! anchor; `href`/`src` of `<a>`/`<img>` are resolved like Markdown links, and an `<img>` the
//! writer did not size gets its file's size; a script URL in any attribute that loads or
//! navigates to a URL is refused.

use super::html::decode_entities;
use super::{attr_escape, Writer};
use regex::{Captures, Regex};
use std::sync::LazyLock;

static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<sp>\s+)(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+))"#).unwrap()
});

/// One tag whose attributes are being rewritten: what the rewriting of each attribute needs.
struct TagAttrs {
    /// The tag's name, lowercase.
    tag: String,
    /// Whether the tag has an `id` (then its `name` is not made one).
    has_id: bool,
    /// An `<img>` the writer sized: it keeps that size.
    sized: bool,
    /// Where the tag is in the expanded text.
    offset: usize,
    /// The resolved `src` of an `<img>` that gets its file's size.
    img_href: Option<String>,
}

impl TagAttrs {
    /// What the attributes `attrs` of tag `tag` say before any of them is rewritten.
    fn new(tag: &str, attrs: &str, offset: usize) -> TagAttrs {
        let tag = tag.to_ascii_lowercase();
        let has_id = ATTR
            .captures_iter(attrs)
            .any(|a| a["name"].eq_ignore_ascii_case("id"));
        // An image the writer sized keeps that size; others get their file's.
        let sized = tag == "img"
            && ATTR.captures_iter(attrs).any(|a| {
                a["name"].eq_ignore_ascii_case("width") || a["name"].eq_ignore_ascii_case("height")
            });
        TagAttrs {
            tag,
            has_id,
            sized,
            offset,
            img_href: None,
        }
    }
}

impl Writer<'_, '_> {
    /// Collects ids and resolves links in a tag's attributes; `Some` when they changed.
    pub(super) fn rewrite_attrs(
        &mut self,
        tag: &str,
        attrs: &str,
        offset: usize,
    ) -> Option<String> {
        if !attrs.contains('=') {
            return None;
        }
        let mut t = TagAttrs::new(tag, attrs, offset);
        let mut out = String::with_capacity(attrs.len() + 8);
        let mut last = 0;
        let mut changed = false;
        for a in ATTR.captures_iter(attrs) {
            let m = a.get(0).expect("whole match");
            if let Some(r) = self.rewrite_attr(&mut t, &a) {
                out.push_str(&attrs[last..m.start()]);
                out.push_str(&r);
                last = m.end();
                changed = true;
            }
        }
        let size = t
            .img_href
            .map_or_else(String::new, |h| self.image_size_attrs(&h));
        if !changed && size.is_empty() {
            return None;
        }
        out.push_str(&attrs[last..]);
        if !size.is_empty() {
            insert_size(&mut out, &size);
        }
        Some(out)
    }

    /// What replaces attribute `a` (its leading space included): `None` keeps it as written.
    fn rewrite_attr(&mut self, t: &mut TagAttrs, a: &Captures) -> Option<String> {
        let value = a
            .name("dq")
            .or(a.name("sq"))
            .or(a.name("uq"))
            .map_or("", |v| v.as_str());
        let name = a["name"].to_ascii_lowercase();
        match (t.tag.as_str(), name.as_str()) {
            // An id the page already has (a heading's, or written twice) is dropped: the first
            // element keeps it, and the HTML stays valid.
            (_, "id") if !value.is_empty() => self.id_attr(value, t.offset),
            ("a", "name") if !value.is_empty() && !t.has_id => {
                Some(self.name_as_id(&a["sp"], value, t.offset))
            }
            ("a", "name") => {
                self.result.anchors.push(value.to_string());
                None
            }
            ("a", "href") | ("img", "src") if !value.is_empty() && !value.starts_with("#tab/") => {
                self.link_attr(t, a, value)
            }
            // Other attributes that load or navigate to a URL: not checked as links, but a
            // script URL is refused like everywhere else.
            (_, "href" | "src" | "action" | "formaction" | "data" | "poster" | "xlink:href")
                if crate::paths::unsafe_scheme(&decode_entities(value)).is_some() =>
            {
                Some(self.refused_url_attr(a, value, t.offset))
            }
            _ => None,
        }
    }

    /// An `id`: an anchor. Dropped (`Some("")`) when the page already has it.
    fn id_attr(&mut self, value: &str, offset: usize) -> Option<String> {
        self.result.anchors.push(value.to_string());
        let taken = !self.ids.reserve(value);
        if taken {
            self.duplicate_anchor(offset, value);
        }
        taken.then(String::new)
    }

    /// `<a name="x">` without an `id`: an anchor, written `id="x"` (after `space`), or dropped
    /// when the page already has it.
    fn name_as_id(&mut self, space: &str, value: &str, offset: usize) -> String {
        self.result.anchors.push(value.to_string());
        if self.ids.reserve(value) {
            format!("{space}id=\"{}\"", attr_escape(value))
        } else {
            self.duplicate_anchor(offset, value);
            String::new()
        }
    }

    /// `href` of `<a>` or `src` of `<img>`, resolved and recorded as a link: rewritten when its
    /// URL changed or was refused, dropped when an `<a>` leads nowhere. An `<img>` to size
    /// keeps its URL in `t`.
    fn link_attr(&mut self, t: &mut TagAttrs, a: &Captures, value: &str) -> Option<String> {
        // The attribute is HTML: `&amp;` in it is `&` in the URL.
        let value = decode_entities(value);
        let res = self.resolve(t.offset, &value, t.tag == "img");
        let refused = res.is_unsafe();
        // An `<a>` whose target is missing loses its `href`: text, as in Markdown.
        let nowhere = t.tag == "a" && res.leads_nowhere;
        let href = res.href.clone();
        self.record(t.offset, &value, "", res);
        if t.tag == "img" && !refused && !t.sized {
            t.img_href = Some(href.clone());
        }
        if nowhere {
            Some(String::new())
        } else {
            (href != value || refused)
                .then(|| format!("{}{}=\"{}\"", &a["sp"], &a["name"], attr_escape(&href)))
        }
    }

    /// An attribute that loads a script URL: recorded as a (refused) link, its value emptied.
    fn refused_url_attr(&mut self, a: &Captures, value: &str, offset: usize) -> String {
        let value = decode_entities(value).into_owned();
        let res = self.resolve(offset, &value, false);
        self.record(offset, &value, "", res);
        format!("{}{}=\"\"", &a["sp"], &a["name"])
    }
}

/// Puts `size` (` width=".." height=".."`) at the end of attributes `out`, before the `/` of
/// `<img ... />`.
fn insert_size(out: &mut String, size: &str) {
    let end = out
        .trim_end()
        .strip_suffix('/')
        .map_or(out.len(), |s| s.trim_end().len());
    out.insert_str(end, size);
}
