//! One HTML tag of a rendered page, read where it starts: its name, attributes (values with
//! entities decoded) and whether it ends an element.

use std::borrow::Cow;

/// A start or end tag (`end`): its lower-case name and attributes (values decoded).
pub(super) struct Tag<'a> {
    pub name: String,
    pub end: bool,
    /// Borrowed from the page unless lower-casing or decoding changed them.
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl Tag<'_> {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }
    pub(super) fn has_class(&self, class: &str) -> bool {
        self.get("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|x| x == class))
    }
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case.
pub(super) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, h).find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Parses the tag starting at `lt` (`<name ...>` or `</name>`); `None` when it is not one.
pub(super) fn parse_tag(s: &str, lt: usize) -> Option<(Tag<'_>, usize)> {
    let b = s.as_bytes();
    let mut i = lt + 1;
    let end = b.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    if !b.get(i)?.is_ascii_alphabetic() {
        if b.get(i) == Some(&b'!') || b.get(i) == Some(&b'?') {
            let close = s[i..].find('>')? + i + 1;
            return Some((
                Tag {
                    name: "!".into(),
                    end: true,
                    attrs: Vec::new(),
                },
                close,
            ));
        }
        return None;
    }
    let name_start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Some((Tag { name, end, attrs }, b.len()));
        }
        if b[i] == b'>' {
            return Some((Tag { name, end, attrs }, i + 1));
        }
        let a = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = lower(&s[a..i]);
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Cow::Borrowed("");
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v, next) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = s[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    (&s[i + 1..close], (close + 1).min(b.len()))
                }
                _ => {
                    let st = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (&s[st..i], i)
                }
            };
            value = html_escape::decode_html_entities(v);
            i = next;
        }
        attrs.push((attr, value));
    }
}
