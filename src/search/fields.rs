//! What an element's `data-pagefind-meta`, `-default-meta`, `-filter` and `-sort`
//! attributes give a page's digest: each spec (`title[content]`, `key:literal`, or a key
//! taking the element's text) paired with its value, normalized as Pagefind's indexer does.

use super::digest::Digest;
use super::tag::Tag;

/// An element's specs, by attribute.
#[derive(Default)]
pub(super) struct Fields {
    meta: Vec<String>,
    default_meta: Vec<String>,
    filter: Vec<String>,
    sort: Vec<String>,
}

impl Fields {
    pub(super) fn of(tag: &Tag) -> Fields {
        let parse = |attr: &str| {
            tag.get(attr)
                .map(|v| parse_attr_string(v, tag))
                .unwrap_or_default()
        };
        Fields {
            meta: parse("data-pagefind-meta"),
            default_meta: parse("data-pagefind-default-meta"),
            filter: parse("data-pagefind-filter"),
            sort: parse("data-pagefind-sort"),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.meta.is_empty()
            && self.default_meta.is_empty()
            && self.filter.is_empty()
            && self.sort.is_empty()
    }

    /// Adds what the element gives to `d`, `text` being the element's text.
    pub(super) fn collect(&self, d: &mut Digest, text: &str) {
        for f in &self.filter {
            if let Some((k, v)) = pair(f, text) {
                d.filters.entry(k).or_default().push(v);
            }
        }
        for s in &self.sort {
            if let Some((k, v)) = pair(s, text) {
                d.sort.insert(k, v);
            }
        }
        for m in &self.meta {
            if let Some((k, v)) = pair(m, text) {
                d.meta.insert(k, v);
            }
        }
        for m in &self.default_meta {
            if let Some((k, v)) = pair(m, text) {
                d.meta.entry(k).or_insert(v);
            }
        }
    }
}

/// `title[content]` → `title:<the content attribute>`; `key:literal` stays.
fn parse_attr_string(input: &str, tag: &Tag) -> Vec<String> {
    if let Some((attrs, literal)) = input.split_once(':') {
        let mut out = parse_attr_string(attrs, tag);
        if let Some(last) = out.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return out;
    }
    input
        .split(',')
        .map(|chunk| {
            let chunk = chunk.trim();
            match chunk.split_once('[') {
                Some((name, rest)) if rest.ends_with(']') && !name.trim().is_empty() => {
                    let attr = &rest[..rest.len() - 1];
                    format!("{}:{}", name.trim(), tag.get(attr).unwrap_or_default())
                }
                _ => chunk.to_string(),
            }
        })
        .collect()
}

/// `key:value`, or `key` with the element's text as its value.
fn pair(spec: &str, text: &str) -> Option<(String, String)> {
    match spec.split_once(':') {
        Some((k, v)) => Some((k.to_string(), normalize(v))),
        None if text.is_empty() => None,
        None => Some((spec.to_string(), normalize(text))),
    }
}

/// Entities decoded, whitespace runs made one space, ends trimmed (a lone whitespace
/// character stays, but a line break becomes a space).
pub(super) fn normalize(s: &str) -> String {
    let decoded = html_escape::decode_html_entities(s);
    let mut rest = decoded.trim();
    let mut out = String::with_capacity(rest.len());
    while let Some(i) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..i]);
        let run = &rest[i..];
        let len = run.find(|c: char| !c.is_whitespace()).unwrap_or(run.len());
        let mut chars = run[..len].chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c != '\n' && c != '\r' => out.push(c),
            _ => out.push(' '),
        }
        rest = &run[len..];
    }
    out.push_str(rest);
    out
}

/// Pagefind's private markers never show in metadata or filters.
pub(super) fn tidy(d: &mut Digest) {
    if let Some(image) = d.meta.remove("auto_image") {
        let alt = d.meta.remove("auto_image_alt").unwrap_or_default();
        if !d.meta.contains_key("image") {
            d.meta.insert("image".into(), image);
            d.meta.insert("image_alt".into(), alt);
        }
    }
    if let Some(title) = d.meta.remove("auto_title") {
        d.meta.entry("title".into()).or_insert(title);
    }
    for v in d.filters.values_mut().flatten().chain(d.meta.values_mut()) {
        if v.contains("___PAGEFIND_") {
            *v = v
                .split_whitespace()
                .filter(|w| !w.starts_with("___PAGEFIND_"))
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_become_one_space_and_a_lone_one_stays() {
        assert_eq!(
            normalize("  a\u{a0}b \n c\r\nd\te &amp; f\ng  "),
            "a\u{a0}b c d\te & f g"
        );
        assert_eq!(normalize(" \n "), "");
    }
}
