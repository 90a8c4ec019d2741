//! Raw HTML in Markdown: kept as written, except that
//! - directive placeholders (`<!--ajuda:N-->`) become their HTML;
//! - `<a name="x">` and any `id="x"` are anchors (and `name` becomes `id`);
//! - `href`/`src` of `<a>`/`<img>` are resolved like Markdown links;
//! - text that only looks like a tag (`<tenant-name>`, `<Servername>`) is shown as text.

use super::{attr_escape, Writer};
use pulldown_cmark::CowStr;
use regex::Regex;
use std::sync::LazyLock;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--ajuda:(?P<n>\d+)-->|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s[^<>]*)?)>").unwrap()
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<sp>\s+)(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"#).unwrap()
});

/// Elements of HTML, SVG and MathML that writers put in Markdown. Anything else is text.
const KNOWN: &[&str] = &[
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote",
    "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "dd",
    "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption",
    "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark",
    "meta", "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p",
    "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
    "section", "select", "small", "source", "span", "strike", "strong", "style", "sub", "summary",
    "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
    "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "path", "g", "circle", "rect", "line",
    "polyline", "polygon", "ellipse", "text", "tspan", "defs", "use", "symbol", "math", "mi", "mo",
    "mn", "msup", "mrow", "nobr", "big",
];

fn is_known(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KNOWN.contains(&lower.as_str())
}

impl<'a> Writer<'a, '_> {
    pub(super) fn rewrite_html(&mut self, h: &CowStr<'a>, block: bool, offset: usize) -> CowStr<'a> {
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
                out.push_str(&self.directive_html(n.as_str().parse().unwrap_or(usize::MAX), block, offset));
                changed = true;
                continue;
            }
            let name = &c["name"];
            if !is_known(name) {
                out.push_str("&lt;");
                out.push_str(&h[m.start() + 1..m.end()]);
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
        let has_id = ATTR.captures_iter(attrs).any(|a| a["name"].eq_ignore_ascii_case("id"));
        let mut out = String::with_capacity(attrs.len() + 8);
        let mut last = 0;
        let mut changed = false;
        for a in ATTR.captures_iter(attrs) {
            let m = a.get(0).expect("whole match");
            let value = a.name("dq").or(a.name("sq")).map_or("", |v| v.as_str());
            let name = a["name"].to_ascii_lowercase();
            let replacement = match (tag.as_str(), name.as_str()) {
                (_, "id") => {
                    self.result.anchors.push(value.to_string());
                    None
                }
                ("a", "name") => {
                    self.result.anchors.push(value.to_string());
                    (!has_id).then(|| format!("{}id=\"{}\"", &a["sp"], attr_escape(value)))
                }
                ("a", "href") | ("img", "src") if !value.is_empty() && !value.starts_with("#tab/") => {
                    let res = self.resolve(offset, value, tag == "img");
                    let href = res.href.clone();
                    self.record(offset, value, "", res);
                    (href != value).then(|| format!("{}{}=\"{}\"", &a["sp"], &a["name"], attr_escape(&href)))
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
