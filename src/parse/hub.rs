//! `### YamlMime:Hub` pages: the hero, then highlighted content, conceptual content, tools, the
//! product directory and additional content, each optional, read with the line of every URL so
//! that broken links are reported where they are written.

use super::TypeCheck;
use crate::model::{Body, HubItem, HubLink, HubSection, HubSectionKind, HubUrl, Md};
use serde_yaml::Value;

/// Reads the sections of a hub page. `heading` and `summary` come from the caller, which reads
/// them as it does for every YAML page.
pub(super) fn parse(
    v: &Value,
    text: &str,
    heading: String,
    summary: Md,
    check: &mut TypeCheck,
) -> Body {
    let loc = Locator::new(text);
    let root = loc.root();
    let mut hub = HubReader {
        loc: &loc,
        check,
        sections: Vec::new(),
    };
    let brand = hub.string(v, root, "brand");
    for (key, kind) in [
        ("highlightedContent", HubSectionKind::Highlighted),
        ("conceptualContent", HubSectionKind::Conceptual),
        ("tools", HubSectionKind::Tools),
        ("productDirectory", HubSectionKind::Products),
    ] {
        if let Some((s, span)) = hub.mapping(v, root, key) {
            hub.section(s, span, kind);
        }
    }
    let mut footer = Md::default();
    if let Some((add, span)) = hub.mapping(v, root, "additionalContent") {
        for (s, s_span) in hub.seq(add, span, "sections") {
            if hub.entry(s, s_span, "sections") {
                hub.section(s, s_span, HubSectionKind::Additional);
            }
        }
        let line = loc.value_line(span, "footer");
        if let Some(text) = hub.check.field_str(add, "footer", line) {
            footer = Md::new(text.into_owned(), line);
        }
    }
    Body::Hub {
        heading,
        summary,
        brand,
        sections: hub.sections,
        footer,
    }
}

struct HubReader<'l, 'c, 'd> {
    loc: &'l Locator<'l>,
    check: &'c mut TypeCheck<'d>,
    sections: Vec<HubSection>,
}

impl<'v> HubReader<'_, '_, '_> {
    /// Text field `key` of `v` (empty when absent or of the wrong type, which is reported).
    fn string(&mut self, v: &'v Value, span: Span, key: &str) -> String {
        let line = self.loc.key_line(span, key);
        self.check
            .field_str(v, key, line)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    /// A URL field of `v`, with its line.
    fn url(&mut self, v: &'v Value, span: Span, key: &str) -> Option<HubUrl> {
        let line = self.loc.key_line(span, key);
        let url = self.check.field_str(v, key, line)?;
        let url = url.trim();
        (!url.is_empty()).then(|| HubUrl {
            url: url.to_string(),
            line,
        })
    }

    /// Mapping field `key` of `v` and its lines; a value of another type is reported.
    fn mapping(&mut self, v: &'v Value, span: Span, key: &str) -> Option<(&'v Value, Span)> {
        let line = self.loc.key_line(span, key);
        match v.get(key)? {
            m @ Value::Mapping(_) => Some((m, self.loc.value(span, key).unwrap_or(span))),
            Value::Null => None,
            _ => {
                self.check.wrong(line, key, "a mapping of keys");
                None
            }
        }
    }

    /// List field `key` of `v`, each entry with its lines when the list is written in block
    /// style (else the list's own lines stand for them).
    fn seq(&mut self, v: &'v Value, span: Span, key: &str) -> Vec<(&'v Value, Span)> {
        let line = self.loc.key_line(span, key);
        let Some(list) = self.check.field_seq(v, key, line) else {
            return Vec::new();
        };
        let value = self.loc.value(span, key).unwrap_or(span);
        let mut spans = self.loc.items(value);
        if spans.len() != list.len() {
            // A flow list (`[a, b]`): its entries are on the key's line.
            spans.clear();
        }
        let mut spans = spans.into_iter();
        list.iter()
            .map(|e| (e, spans.next().unwrap_or(value)))
            .collect()
    }

    /// Whether a list entry is a mapping, as hub entries must be (else it is reported).
    fn entry(&mut self, e: &Value, span: Span, list: &str) -> bool {
        match e {
            Value::Mapping(_) => true,
            Value::Null => false,
            _ => {
                self.check.missing(
                    span.line,
                    &format!(
                        "an entry of `{list}` must be a mapping of keys (`title:`, `url:`...); it was ignored"
                    ),
                );
                false
            }
        }
    }

    fn section(&mut self, s: &'v Value, span: Span, kind: HubSectionKind) {
        let title = self.string(s, span, "title");
        let summary = self.string(s, span, "summary");
        let mut items = Vec::new();
        for (e, e_span) in self.seq(s, span, "items") {
            if self.entry(e, e_span, "items") {
                items.push(self.item(e, e_span, kind));
            }
        }
        self.sections.push(HubSection {
            kind,
            title,
            summary,
            items,
        });
    }

    fn item(&mut self, e: &'v Value, span: Span, kind: HubSectionKind) -> HubItem {
        let mut item = HubItem {
            title: self.string(e, span, "title"),
            summary: self.string(e, span, "summary"),
            item_type: self.string(e, span, "itemType"),
            url: self.url(e, span, "url"),
            image: self.url(e, span, "imageSrc"),
            ..HubItem::default()
        };
        for (l, l_span) in self.seq(e, span, "links") {
            if self.entry(l, l_span, "links") {
                item.links.extend(self.link(l, l_span, "a link"));
            }
        }
        if let Some((f, f_span)) = self.mapping(e, span, "footerLink") {
            item.footer = self.link(f, f_span, "a footer link");
        }
        // A product written as one link (`text:` and `url:` on the item).
        let text = self.string(e, span, "text");
        if !text.is_empty() {
            match (item.title.is_empty(), item.url.take()) {
                (true, url) => {
                    item.title = text;
                    item.url = url;
                }
                (false, Some(url)) => item.links.push(HubLink {
                    text,
                    url,
                    ..HubLink::default()
                }),
                (false, None) => {}
            }
        }
        let needs_url = matches!(kind, HubSectionKind::Highlighted | HubSectionKind::Tools);
        if item.title.is_empty() || (needs_url && item.url.is_none()) {
            let what = match kind {
                HubSectionKind::Highlighted => "a highlighted item needs `title` and `url`",
                HubSectionKind::Tools => "a tool needs `title` and `url`",
                _ => "a hub card needs a `title`",
            };
            let line = match item.url.as_ref() {
                Some(u) if item.title.is_empty() => u.line,
                _ => span.line,
            };
            self.check.missing(line, what);
        }
        item
    }

    /// A link (`text`, `url`, `itemType`, `note`); both `text` and `url` are needed.
    fn link(&mut self, l: &'v Value, span: Span, what: &str) -> Option<HubLink> {
        let text = self.string(l, span, "text");
        let url = self.url(l, span, "url");
        let item_type = self.string(l, span, "itemType");
        let note = self.string(l, span, "note");
        match url {
            Some(url) if !text.is_empty() => Some(HubLink {
                text,
                url,
                item_type,
                note,
            }),
            url => {
                let line = url.map_or(span.line, |u| u.line);
                self.check
                    .missing(line, &format!("{what} needs `text` and `url`"));
                None
            }
        }
    }
}

/// Lines `start..end` (0-based) of a YAML node written in block style, and the 1-based line
/// to report for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    line: u32,
}

/// Finds the lines of keys and list entries from indentation, since serde_yaml keeps no
/// positions. Only block style is followed; within a flow collection (`{a: b}`, `[a, b]`)
/// everything is on the line of its key.
struct Locator<'a> {
    lines: Vec<&'a str>,
}

/// Spaces before a line's text.
fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

/// The column of the first key on a line: after its indentation and any `- ` list markers.
fn key_col(l: &str) -> usize {
    let mut col = indent(l);
    let mut rest = &l[col..];
    while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("-\t")) {
        let pad = r.len() - r.trim_start().len();
        col += 2 + pad;
        rest = &r[pad..];
    }
    col
}

/// Whether a line holds nothing for the structure: blank, a comment, a document marker.
fn is_filler(l: &str) -> bool {
    let t = l.trim();
    t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
}

fn is_dash(t: &str) -> bool {
    t == "-" || t.starts_with("- ") || t.starts_with("-\t")
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Locator<'a> {
        Locator {
            lines: text.lines().collect(),
        }
    }

    fn root(&self) -> Span {
        Span {
            start: 0,
            end: self.lines.len(),
            line: 1,
        }
    }

    /// The column of the keys of the mapping in `span`.
    fn col(&self, span: Span) -> Option<usize> {
        self.lines[span.start..span.end]
            .iter()
            .find(|l| !is_filler(l) && l.trim() != "-")
            .map(|l| key_col(l))
    }

    /// The line index of `key:` in the mapping in `span`.
    fn find(&self, span: Span, key: &str) -> Option<usize> {
        let col = self.col(span)?;
        (span.start..span.end).find(|&i| {
            let l = self.lines[i];
            if is_filler(l) || key_col(l) != col {
                return false;
            }
            let rest = &l[col..];
            let rest = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
                .iter()
                .find_map(|k| rest.strip_prefix(k.as_str()))
                .map(str::trim_start);
            rest.is_some_and(|r| r == ":" || r.starts_with(": ") || r.starts_with(":\t"))
        })
    }

    /// The 1-based line of `key:` in `span`, else the span's own line.
    fn key_line(&self, span: Span, key: &str) -> u32 {
        self.find(span, key).map_or(span.line, |i| i as u32 + 1)
    }

    /// The 1-based line where the text of `key` starts: the line after `key: |`.
    fn value_line(&self, span: Span, key: &str) -> u32 {
        let Some(i) = self.find(span, key) else {
            return span.line;
        };
        let after = self.lines[i].split_once(':').map_or("", |(_, r)| r).trim();
        let block = after.is_empty() || after.starts_with('|') || after.starts_with('>');
        i as u32 + 1 + u32::from(block)
    }

    /// The lines of the value of `key:` in `span`: those below the key that are more indented
    /// (a list may sit at the key's own indentation); its line is the key's.
    fn value(&self, span: Span, key: &str) -> Option<Span> {
        let i = self.find(span, key)?;
        let col = key_col(self.lines[i]);
        let mut end = i + 1;
        while end < span.end {
            let l = self.lines[end];
            if !is_filler(l) {
                let ind = indent(l);
                if ind < col || (ind == col && !is_dash(l.trim_start())) {
                    break;
                }
            }
            end += 1;
        }
        Some(Span {
            start: i + 1,
            end,
            line: i as u32 + 1,
        })
    }

    /// The entries of the block list that is the value in `span` (from [`Locator::value`]).
    fn items(&self, span: Span) -> Vec<Span> {
        let first = (span.start..span.end).find(|&i| !is_filler(self.lines[i]));
        let Some(first) = first.filter(|&i| is_dash(self.lines[i].trim_start())) else {
            return Vec::new();
        };
        let ind = indent(self.lines[first]);
        let starts: Vec<usize> = (first..span.end)
            .filter(|&i| {
                let l = self.lines[i];
                !is_filler(l) && indent(l) == ind && is_dash(l.trim_start())
            })
            .collect();
        starts
            .iter()
            .enumerate()
            .map(|(n, &s)| Span {
                start: s,
                end: starts.get(n + 1).copied().unwrap_or(span.end),
                line: s as u32 + 1,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_finds_keys_and_entries() {
        let y = "### YamlMime:Hub\ntitle: T\ntools:\n  title: Tools\n  items:\n  # a comment\n  - title: A\n    url: a.md\n  -\n    title: B\n    url: b.md\nbrand: x\n";
        let loc = Locator::new(y);
        let root = loc.root();
        assert_eq!(loc.key_line(root, "brand"), 12);
        let tools = loc.value(root, "tools").unwrap();
        assert_eq!(loc.key_line(tools, "title"), 4);
        let items = loc.items(loc.value(tools, "items").unwrap());
        assert_eq!(items.len(), 2);
        assert_eq!(loc.key_line(items[0], "url"), 8);
        assert_eq!(loc.key_line(items[1], "title"), 10);
        assert_eq!(loc.key_line(items[1], "url"), 11);
    }
}
