//! Raw HTML in Markdown: kept as written, except that
//! - directive placeholders (`<!--ajuda:N-->`) become their HTML;
//! - `<a name="x">` and any `id="x"` are anchors (and `name` becomes `id`);
//! - `href`/`src` of `<a>`/`<img>` are resolved like Markdown links;
//! - text that only looks like a tag (`<tenant-name>`, `<Servername>`) is shown as text.

use super::highlight::escape;
use super::{attr_escape, Writer};
use pulldown_cmark::CowStr;
use regex::Regex;
use std::sync::LazyLock;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--ajuda:(?P<n>\d+)-->|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s[^<>]*)?)>").unwrap()
});
static BARE_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^<a\s+(?:name|id)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*>$"#).unwrap()
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<sp>\s+)(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"#).unwrap()
});

/// Elements of HTML, SVG and MathML that writers put in Markdown. Anything else is text.
const KNOWN: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "path",
    "g",
    "circle",
    "rect",
    "line",
    "polyline",
    "polygon",
    "ellipse",
    "text",
    "tspan",
    "defs",
    "use",
    "symbol",
    "math",
    "mi",
    "mo",
    "mn",
    "msup",
    "mrow",
    "nobr",
    "big",
];

/// `<a name="x">` or `<a id="x">` with no other attribute: `x`.
pub(super) fn bare_anchor(h: &str) -> Option<&str> {
    let c = BARE_ANCHOR.captures(h.trim())?;
    c.name("dq")
        .or(c.name("sq"))
        .map(|m| m.as_str())
        .filter(|v| !v.is_empty())
}

/// `<!--ajuda:N-->`: `N`.
pub(super) fn placeholder(h: &str) -> Option<usize> {
    h.trim()
        .strip_prefix("<!--ajuda:")?
        .strip_suffix("-->")?
        .parse()
        .ok()
}

/// Whether HTML starts with a tag that HTML does not have (`<tenant-name>`): then it is text.
pub(super) fn starts_with_unknown_tag(h: &str) -> bool {
    let h = h.trim_start();
    TAG.captures(h).is_some_and(|c| {
        c.get(0).is_some_and(|m| m.start() == 0)
            && c.name("name").is_some_and(|n| !is_known(n.as_str()))
    })
}

fn is_known(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KNOWN.contains(&lower.as_str())
}

impl<'a> Writer<'a, '_> {
    pub(super) fn rewrite_html(
        &mut self,
        h: &CowStr<'a>,
        block: bool,
        offset: usize,
    ) -> CowStr<'a> {
        if !h.contains('<') {
            return h.clone();
        }
        let mut out = String::with_capacity(h.len() + 16);
        let mut last = 0;
        let mut changed = false;
        for c in TAG.captures_iter(h) {
            let m = c.get(0).expect("whole match");
            out.push_str(&h[last..m.start()]);
            last = m.end();
            if let Some(n) = c.name("n") {
                out.push_str(&self.directive_html(
                    n.as_str().parse().unwrap_or(usize::MAX),
                    block,
                    offset,
                ));
                changed = true;
                continue;
            }
            let name = &c["name"];
            if !is_known(name) {
                out.push_str(&escape(m.as_str()));
                changed = true;
                continue;
            }
            if !c["close"].is_empty() {
                out.push_str(m.as_str());
                continue;
            }
            let attrs = c.name("attrs").map_or("", |a| a.as_str());
            match self.rewrite_attrs(name, attrs, offset) {
                Some(new_attrs) => {
                    out.push('<');
                    out.push_str(name);
                    out.push_str(&new_attrs);
                    out.push('>');
                    changed = true;
                }
                None => out.push_str(m.as_str()),
            }
        }
        if !changed {
            return h.clone();
        }
        out.push_str(&h[last..]);
        out.into()
    }

    /// Collects ids and resolves links in a tag's attributes; `Some` when they changed.
    fn rewrite_attrs(&mut self, tag: &str, attrs: &str, offset: usize) -> Option<String> {
        if !attrs.contains('=') {
            return None;
        }
        let tag = tag.to_ascii_lowercase();
        let has_id = ATTR
            .captures_iter(attrs)
            .any(|a| a["name"].eq_ignore_ascii_case("id"));
        let mut out = String::with_capacity(attrs.len() + 8);
        let mut last = 0;
        let mut changed = false;
        for a in ATTR.captures_iter(attrs) {
            let m = a.get(0).expect("whole match");
            let value = a.name("dq").or(a.name("sq")).map_or("", |v| v.as_str());
            let name = a["name"].to_ascii_lowercase();
            let replacement = match (tag.as_str(), name.as_str()) {
                // An id the page already has (a heading's, or written twice) is dropped: the first
                // element keeps it, and the HTML stays valid.
                (_, "id") if !value.is_empty() => {
                    self.result.anchors.push(value.to_string());
                    (!self.ids.reserve(value)).then(String::new)
                }
                ("a", "name") if !value.is_empty() && !has_id => {
                    self.result.anchors.push(value.to_string());
                    Some(if self.ids.reserve(value) {
                        format!("{}id=\"{}\"", &a["sp"], attr_escape(value))
                    } else {
                        String::new()
                    })
                }
                ("a", "name") => {
                    self.result.anchors.push(value.to_string());
                    None
                }
                ("a", "href") | ("img", "src")
                    if !value.is_empty() && !value.starts_with("#tab/") =>
                {
                    let res = self.resolve(offset, value, tag == "img");
                    let href = res.href.clone();
                    self.record(offset, value, "", res);
                    (href != value)
                        .then(|| format!("{}{}=\"{}\"", &a["sp"], &a["name"], attr_escape(&href)))
                }
                _ => None,
            };
            if let Some(r) = replacement {
                out.push_str(&attrs[last..m.start()]);
                out.push_str(&r);
                last = m.end();
                changed = true;
            }
        }
        if !changed {
            return None;
        }
        out.push_str(&attrs[last..]);
        Some(out)
    }
}
