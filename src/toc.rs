//! Navigation files: `TOC.yml` (nested `items`) and `TOC.md` (heading levels), parsed into a flat
//! tree of [`TocItem`]s as written. The assemble stage builds the model's TOCs from them, once
//! all pages are known.

use crate::diag::{Diagnostic, Kind};
use serde_yaml::Value;

/// A navigation file as written.
#[derive(Debug, Clone)]
pub struct ParsedToc {
    /// Path relative to the locale folder.
    pub source: String,
    /// Folder of the file (`partner-center`, or empty at the root).
    pub dir: String,
    pub items: Vec<TocItem>,
    pub roots: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct TocItem {
    pub title: String,
    pub href: Option<String>,
    /// `tocHref`: in a breadcrumb file, the URL prefix of the pages under this item.
    pub toc_href: Option<String>,
    /// 1-based line of the item in the file.
    pub line: u32,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// `support_flow`: the request flow of the item's page and of the pages under it.
    pub support_flow: Option<String>,
}

/// A docset's breadcrumb file (`breadcrumb/toc.yml`): the trail above its pages, not
/// navigation.
pub(crate) fn is_breadcrumb_file(rel: &str) -> bool {
    let mut parts = rel.rsplit('/');
    let name = parts.next().unwrap_or("");
    is_toc_file(name)
        && parts
            .next()
            .is_some_and(|d| d.eq_ignore_ascii_case("breadcrumb"))
}

pub(crate) fn is_toc_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    name == "toc.yml" || name == "toc.yaml" || name == "toc.md"
}

pub fn parse(rel: &str, text: &str) -> (ParsedToc, Vec<Diagnostic>) {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let mut toc = ParsedToc {
        source: rel.to_string(),
        dir,
        items: Vec::new(),
        roots: Vec::new(),
    };
    let mut diags = Vec::new();
    if rel.to_ascii_lowercase().ends_with(".md") {
        parse_md(&mut toc, text);
    } else {
        match crate::frontmatter::parse_yaml(text, 1, rel, Kind::Toc) {
            Ok(v) => {
                let mut cursor = LineCursor::new(text);
                let items = match &v {
                    Value::Sequence(s) => s.as_slice(),
                    // A TOC may also be `items: [...]` at the top.
                    Value::Mapping(m) => m
                        .get("items")
                        .and_then(Value::as_sequence)
                        .map_or(&[][..], |s| s.as_slice()),
                    _ => &[],
                };
                if items.is_empty() && !matches!(v, Value::Null) {
                    diags.push(
                        Diagnostic::new(
                            Kind::Toc,
                            rel,
                            "a TOC must be a list of items with `name` and `href`",
                        )
                        .at(1, 1),
                    );
                }
                add_yml_items(&mut toc, items, None, &mut cursor, rel, &mut diags);
            }
            Err(d) => diags.push(d),
        }
    }
    (toc, diags)
}

/// Finds the line of each item by scanning forward for its name: serde_yaml keeps no positions.
struct LineCursor<'a> {
    lines: Vec<&'a str>,
    at: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        LineCursor {
            lines: text.lines().collect(),
            at: 0,
        }
    }

    /// The line of the next item: items come in document order, each opening a sequence entry
    /// (`- name: ...`, or `-` alone with its keys below), so it is the next line that starts
    /// with `- `, whatever its keys and their quoting. Flow-style TOCs (`[{name: A}]`) fall back
    /// to the next line holding `needle`.
    fn find(&mut self, needle: &str) -> u32 {
        let opens_entry = |l: &str| {
            let t = l.trim_start();
            t == "-" || t.starts_with("- ")
        };
        let rest = &self.lines[self.at.min(self.lines.len())..];
        match rest
            .iter()
            .position(|l| opens_entry(l))
            .or_else(|| rest.iter().position(|l| l.contains(needle)))
        {
            Some(i) => {
                let line = self.at + i;
                self.at = line + 1;
                line as u32 + 1
            }
            None => self.at as u32 + 1,
        }
    }
}

fn add_yml_items(
    toc: &mut ParsedToc,
    items: &[Value],
    parent: Option<usize>,
    cursor: &mut LineCursor,
    rel: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for item in items {
        let Some(m) = item.as_mapping() else {
            let line = cursor.find("-");
            diags.push(Diagnostic::new(Kind::Toc, rel, "TOC item is not a mapping").at(line, 1));
            continue;
        };
        let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let name = s("name").or_else(|| s("displayName"));
        let href = s("href")
            .or_else(|| s("topicHref"))
            .filter(|h| !h.trim().is_empty());
        let line = cursor.find(name.as_deref().or(href.as_deref()).unwrap_or("-"));
        let Some(name) = name else {
            diags.push(Diagnostic::new(Kind::Toc, rel, "TOC item has no `name`").at(line, 1));
            continue;
        };
        let id = push_node(toc, parent, name, href, line);
        toc.items[id].toc_href = s("tocHref");
        toc.items[id].support_flow = s("support_flow").filter(|f| !f.trim().is_empty());
        if let Some(children) = m.get("items").and_then(Value::as_sequence) {
            add_yml_items(toc, children, Some(id), cursor, rel, diags);
        }
    }
}

fn push_node(
    toc: &mut ParsedToc,
    parent: Option<usize>,
    title: String,
    href: Option<String>,
    line: u32,
) -> usize {
    let id = toc.items.len();
    toc.items.push(TocItem {
        title,
        href,
        toc_href: None,
        line,
        children: Vec::new(),
        parent,
        support_flow: None,
    });
    match parent {
        Some(p) => toc.items[p].children.push(id),
        None => toc.roots.push(id),
    }
    id
}

/// `# [Title](href)` / `## Title` lines; the number of `#` is the depth.
fn parse_md(toc: &mut ParsedToc, text: &str) {
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (level, node)
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let level = t.chars().take_while(|&c| c == '#').count();
        if level == 0 || !t[level..].starts_with(' ') {
            continue;
        }
        let content = t[level..].trim();
        let (title, href) = match parse_md_link(content) {
            Some((title, href)) => (title, Some(href)),
            None => (content.to_string(), None),
        };
        while stack.last().is_some_and(|&(l, _)| l >= level) {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, n)| n);
        let id = push_node(toc, parent, title, href, i as u32 + 1);
        stack.push((level, id));
    }
}

/// `[text](href)` at the start of `s`.
fn parse_md_link(s: &str) -> Option<(String, String)> {
    let s = s.strip_prefix('[')?;
    let close = s.rfind("](")?;
    let title = s[..close].to_string();
    let rest = &s[close + 2..];
    let end = rest.rfind(')')?;
    let href = rest[..end].trim().trim_matches(['<', '>']).to_string();
    Some((title, href))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yml_nesting() {
        let (toc, d) = parse(
            "docs/TOC.yml",
            "- name: A\n  href: a.md\n- name: G\n  items:\n    - name: B\n      href: b.md\n",
        );
        assert!(d.is_empty());
        assert_eq!(toc.roots.len(), 2);
        assert_eq!(toc.items[2].title, "B");
        assert_eq!(toc.items[2].parent, Some(1));
        assert_eq!(toc.items[2].line, 5);
        assert_eq!(toc.dir, "docs");
    }

    #[test]
    fn md_levels() {
        let (toc, _) = parse(
            "TOC.md",
            "# [Home](index.md)\n## [A](a.md)\n### [B](b.md)\n## C\n",
        );
        assert_eq!(toc.roots, vec![0]);
        assert_eq!(toc.items[0].children, vec![1, 3]);
        assert_eq!(toc.items[2].parent, Some(1));
        assert_eq!(toc.items[3].href, None);
    }

    #[test]
    fn item_named_like_the_one_before() {
        let (toc, _) = parse(
            "TOC.yml",
            "- name: Install Azure CLI\n  href: a.md\n- name: Install\n  items:\n  - name: Inst\n    href: b.md\n",
        );
        let lines: Vec<u32> = toc.items.iter().map(|i| i.line).collect();
        assert_eq!(lines, [1, 3, 5]);
    }

    #[test]
    fn item_lines_are_their_own() {
        let (toc, _) = parse(
            "TOC.yml",
            "- name: Billing\n  href: billing-overview.md\n- name: overview\n  href: o.md\n",
        );
        assert_eq!(toc.items[1].line, 3);
    }

    #[test]
    fn bad_yaml_is_a_diagnostic() {
        let (_, d) = parse("TOC.yml", "- name: A\n  href: [\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, Kind::Toc);
    }
}
