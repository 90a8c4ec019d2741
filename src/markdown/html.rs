//! Raw HTML in Markdown: kept as written, except that
//! - directive placeholders (`<!--ajuda:N-->`) become their HTML;
//! - `<a name="x">` and any `id="x"` are anchors (and `name` becomes `id`);
//! - `href`/`src` of `<a>`/`<img>` are resolved like Markdown links;
//! - text that only looks like a tag (`<tenant-name>`, `<Servername>`) is shown as text.
//!
//! Attributes (anchors, links, image sizes) are rewritten in `html_attrs`.

use super::highlight::escape;
use super::Writer;
use pulldown_cmark::CowStr;
use regex::Regex;
use std::sync::LazyLock;

/// Written by the prepass before a directive that starts a line of text
/// (`:::image ...::: and more text`), so that the line stays a paragraph instead of becoming
/// an HTML block; dropped here.
pub(super) const INLINE_MARK: &str = "ajuda-i";

/// A tag (or directive placeholder) found in raw HTML.
struct Tag<'h> {
    start: usize,
    end: usize,
    /// `<!--ajuda:N-->`.
    placeholder: Option<usize>,
    close: bool,
    name: &'h str,
    /// Everything between the name and `>` (starts with whitespace when not empty).
    attrs: &'h str,
}

/// The next tag of `h` at or after `from`: `<!--ajuda:N-->`, or `<name ...>` / `</name>` where
/// the name is `[A-Za-z][A-Za-z0-9-]*` and attributes hold no `<` or `>`. A `<` that starts
/// neither is text. (Hand-written: raw HTML is in every heading with an explicit anchor, and a
/// capturing regex was a fifth of the renderer's time.)
fn next_tag(h: &str, mut from: usize) -> Option<Tag<'_>> {
    let b = h.as_bytes();
    while let Some(i) = memchr::memchr(b'<', &b[from..]).map(|i| i + from) {
        from = i + 1;
        if let Some(rest) = h[i..].strip_prefix("<!--ajuda:") {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[digits..].starts_with("-->") {
                return Some(Tag {
                    start: i,
                    end: i + 10 + digits + 3,
                    placeholder: rest[..digits].parse().ok(),
                    close: false,
                    name: "",
                    attrs: "",
                });
            }
            continue;
        }
        let close = b.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(close);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        let name_end = name_start + name_len;
        let end = match b.get(name_end) {
            Some(b'>') => name_end,
            Some(c) if c.is_ascii_whitespace() => {
                match b[name_end..].iter().position(|&c| c == b'<' || c == b'>') {
                    Some(p) if b[name_end + p] == b'>' => name_end + p,
                    _ => continue,
                }
            }
            _ => continue,
        };
        return Some(Tag {
            start: i,
            end: end + 1,
            placeholder: None,
            close,
            name: &h[name_start..name_end],
            attrs: &h[name_end..end],
        });
    }
    None
}
static BARE_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^<a\s+(?:name|id)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*>$"#).unwrap()
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
    next_tag(h, 0).is_some_and(|t| t.start == 0 && t.placeholder.is_none() && !is_known(t.name))
}

/// HTML without its comments (`<!-- note -->`), ajuda's own placeholders kept.
fn strip_comments(h: &str) -> std::borrow::Cow<'_, str> {
    if !h.contains("<!--") {
        return h.into();
    }
    let mut out = String::with_capacity(h.len());
    let mut rest = h;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if after.starts_with("<!--ajuda:") {
            out.push_str("<!--");
            rest = &after[4..];
            continue;
        }
        rest = after.find("-->").map_or("", |e| &after[e + 3..]);
    }
    out.push_str(rest);
    out.into()
}

/// Named character references that [`decode_entities`] decodes: those that can appear in a
/// URL or hide a scheme, and those that text commonly holds.
const NAMED: &[(&str, char)] = &[
    ("quot", '"'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("amp", '&'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("colon", ':'),
    ("sol", '/'),
    ("lpar", '('),
    ("rpar", ')'),
    ("period", '.'),
    ("comma", ','),
    ("num", '#'),
    ("quest", '?'),
    ("equals", '='),
    ("nbsp", '\u{a0}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("middot", '·'),
    ("bull", '•'),
    ("times", '×'),
    ("deg", '°'),
    ("euro", '€'),
];

/// Decodes character references as a browser does: numeric ones (`&#106;`, `&#x6A;`, with or
/// without `;`) and the named ones that can appear in a URL or hide a scheme
/// (`java&Tab;script&colon;`) or that text commonly holds (`&copy;`, `&hellip;`). Used for
/// URLs in attributes and for plain text (FAQ JSON-LD).
pub(crate) fn decode_entities(v: &str) -> std::borrow::Cow<'_, str> {
    if !v.contains('&') {
        return v.into();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match reference(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The character reference at the start of `after` (the text after a `&`): its character and
/// how many bytes of `after` it takes, `;` included; `None` when it is not one.
fn reference(after: &str) -> Option<(char, usize)> {
    match after.strip_prefix('#') {
        Some(num) => numeric_reference(num),
        None => NAMED.iter().find_map(|(name, c)| {
            after
                .strip_prefix(name)
                .map(|r| (*c, name.len() + usize::from(r.starts_with(';'))))
        }),
    }
}

/// A numeric reference (`num`: the text after `&#`, as `106;` or `x6A`): its character
/// (U+FFFD when no character has that number) and how many bytes it takes after the `&`.
fn numeric_reference(num: &str) -> Option<(char, usize)> {
    let (hex, digits) = match num.strip_prefix(['x', 'X']) {
        Some(h) => (true, h),
        None => (false, num),
    };
    let len = digits
        .bytes()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    let code = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 }).ok();
    code.map(|c| {
        let c = char::from_u32(c).unwrap_or('\u{fffd}');
        let used = 1 + usize::from(hex) + len;
        let used = used + usize::from(num[used - 1..].starts_with(';'));
        (c, used)
    })
    .filter(|_| len > 0)
}

fn is_known(name: &str) -> bool {
    KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name))
}

impl<'a> Writer<'a, '_> {
    pub(super) fn rewrite_html(
        &mut self,
        h: &CowStr<'a>,
        block: bool,
        offset: usize,
    ) -> CowStr<'a> {
        if self.env.escape_html {
            return self.escape_raw_html(h, block, offset);
        }
        if !h.contains('<') {
            return h.clone();
        }
        let mut out = String::with_capacity(h.len() + 16);
        let mut last = 0;
        let mut changed = false;
        while let Some(t) = next_tag(h, last) {
            let whole = &h[t.start..t.end];
            out.push_str(&h[last..t.start]);
            last = t.end;
            if let Some(n) = t.placeholder {
                out.push_str(&self.directive_html(n, block, offset));
                changed = true;
                continue;
            }
            if t.name == INLINE_MARK {
                changed = true;
                continue;
            }
            if !is_known(t.name) {
                out.push_str(&escape(whole));
                changed = true;
                continue;
            }
            if t.close {
                out.push_str(whole);
                continue;
            }
            match self.rewrite_attrs(t.name, t.attrs, offset) {
                Some(new_attrs) => {
                    out.push('<');
                    out.push_str(t.name);
                    out.push_str(&new_attrs);
                    out.push('>');
                    changed = true;
                }
                None => out.push_str(whole),
            }
        }
        if !changed {
            return h.clone();
        }
        out.push_str(&h[last..]);
        out.into()
    }

    /// Raw HTML as text: every tag but ajuda's own directive placeholders is escaped.
    fn escape_raw_html(&mut self, h: &CowStr<'a>, block: bool, offset: usize) -> CowStr<'a> {
        let mut out = String::with_capacity(h.len() + 16);
        let mut last = 0;
        // Comments are notes to other writers, not content.
        let h = &strip_comments(h);
        while let Some(t) = next_tag(h, last) {
            out.push_str(&escape(&h[last..t.start]));
            match t.placeholder {
                Some(n) => out.push_str(&self.directive_html(n, block, offset)),
                None if t.name == INLINE_MARK => {}
                None => out.push_str(&escape(&h[t.start..t.end])),
            }
            last = t.end;
        }
        out.push_str(&escape(&h[last..]));
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(h: &str) -> Vec<(bool, &str, &str, Option<usize>)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(t) = next_tag(h, at) {
            out.push((t.close, t.name, t.attrs, t.placeholder));
            at = t.end;
        }
        out
    }

    #[test]
    fn scanner_finds_what_the_grammar_says() {
        assert_eq!(
            tags(r#"<a name="x"></a>"#),
            vec![(false, "a", r#" name="x""#, None), (true, "a", "", None)]
        );
        assert_eq!(
            tags("a < b <!--ajuda:12--> <x-y>"),
            vec![(false, "", "", Some(12)), (false, "x-y", "", None)]
        );
        assert_eq!(
            tags("<yourcompany.onmicrosoft.com> <1> <a href=\"x\" <b>"),
            vec![(false, "b", "", None)]
        );
        assert_eq!(
            tags("<!-- plain comment --> <br/>"),
            Vec::<(bool, &str, &str, Option<usize>)>::new()
        );
    }
}
