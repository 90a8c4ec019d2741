//! Path arithmetic on `/`-separated relative paths and link targets. Pure functions.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// What cannot stand as itself in a URL path: spaces, `#`, `%`, `?`... (and, by
/// `utf8_percent_encode`, every non-ASCII byte).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// A site path (`/pt-br/a b/`) as it must be written in a link (`/pt-br/a%20b/`). File names
/// in the output stay as they are; only links are encoded.
pub fn encode_url(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// A link target cut into path, `?query` and `#fragment` (query and fragment without their sign).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

pub fn split_target(raw: &str) -> Target<'_> {
    let (rest, fragment) = match raw.find('#') {
        Some(i) => (&raw[..i], Some(&raw[i + 1..])),
        None => (raw, None),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    Target {
        path,
        query,
        fragment,
    }
}

/// `href` with the `?query` and `#fragment` a link was written with.
pub fn with_query_fragment(
    mut href: String,
    query: Option<&str>,
    fragment: Option<&str>,
) -> String {
    if let Some(q) = query {
        href.push('?');
        href.push_str(q);
    }
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    href
}

/// `https:`, `mailto:`, `//host`... anything that is not a path of this site.
pub fn is_external(raw: &str) -> bool {
    if raw.starts_with("//") {
        return true;
    }
    let scheme_len = raw
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        .count();
    // One letter before `:` is a Windows drive (`C:\`), not a scheme.
    scheme_len > 1
        && raw.as_bytes().get(scheme_len) == Some(&b':')
        && raw.as_bytes()[0].is_ascii_alphabetic()
}

/// The scheme of a link that runs code or embeds content when followed (`javascript:`,
/// `vbscript:`, `data:`), as a browser would read it: any case, after leading spaces and
/// control characters, with tabs and line breaks anywhere removed (`java\tscript:` runs).
pub fn unsafe_scheme(raw: &str) -> Option<&'static str> {
    let mut scheme = String::with_capacity(12);
    for c in raw
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
    {
        if c == ':' {
            break;
        }
        if scheme.len() > 10 || !c.is_ascii_alphanumeric() && !matches!(c, '+' | '-' | '.') {
            return None;
        }
        scheme.push(c.to_ascii_lowercase());
    }
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| *s == scheme)
        .filter(|_| raw.contains(':'))
}

/// The invisible characters that reorder text (U+202A–U+202E, U+2066–U+2069): in a file
/// name, `evil\u{202E}dm.md` reads as `evilmd.md`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a page key (`docs/billing`) can be published: no empty, `.` or `..` segment, no
/// backslash or control character. `...md` has key `..`, which would name the parent folder.
pub fn is_publishable_key(key: &str) -> bool {
    !key.chars().any(is_bidi_control)
        && !key.is_empty()
        && key
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && !key.contains('\\')
        && !key.chars().any(char::is_control)
}

/// `to` (a root-relative URL, with `?query` or `#fragment`) as a URL relative to the page at
/// folder URL `from` (`/en-us/old/`): `../new/#x`. Relative redirects keep `serve`, previews and
/// staging hosts on their own host.
pub fn relative_url(from: &str, to: &str) -> String {
    let cut = to.find(['?', '#']).unwrap_or(to.len());
    let (path, rest) = to.split_at(cut);
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_segs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_segs[common..].join("/"));
    if path.ends_with('/') && to_segs.len() > common {
        out.push('/');
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(rest);
    out
}

/// The folder part of a relative file path (`a/b/c.md` → `a/b`).
pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Joins `path` (relative, with `..`, `.`, `\`, `%20`) onto folder `base`. `None` when the result
/// leaves the root.
pub fn join(base: &str, path: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let path = decoded.replace('\\', "/");
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The page key a link path points to: extension removed, a folder means its `index`.
pub fn page_key(path: &str, original: &str) -> String {
    let lower = path.to_ascii_lowercase();
    for ext in [".md", ".markdown", ".yml", ".yaml"] {
        if lower.ends_with(ext) {
            return path[..path.len() - ext.len()].to_string();
        }
    }
    if path.is_empty() {
        "index".to_string()
    } else if original.ends_with('/') || original.ends_with('\\') {
        format!("{path}/index")
    } else {
        path.to_string()
    }
}

/// Whether a link path names a Markdown or YAML page (as opposed to an image or other file).
pub fn is_page_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".yml", ".yaml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Whether a path names an image file.
pub fn is_image_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico", ".avif",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = split_target("a.md?tabs=x#y");
        assert_eq!(
            (t.path, t.query, t.fragment),
            ("a.md", Some("tabs=x"), Some("y"))
        );
        assert_eq!(relative_url("/en-us/old/", "/en-us/new/#x"), "../new/#x");
        assert_eq!(relative_url("/en-us/a/b/", "/en-us/"), "../../");
        assert_eq!(relative_url("/en-us/a/", "/en-us/a/"), "./");
        assert_eq!(relative_url("/en-us/a/", "/en-us/a/c.png"), "c.png");
        assert_eq!(
            relative_url("/help/en-us/a/", "/help/pt-br/b/?q=1"),
            "../../pt-br/b/?q=1"
        );
        assert!(is_publishable_key("docs/billing"));
        for bad in ["", ".", "..", "a/../b", "a//b", "a\\b", "a/./b", "a\u{1}"] {
            assert!(!is_publishable_key(bad), "{bad:?}");
        }
        assert!(is_external("https://x"));
        for bad in [
            "javascript:alert(1)",
            "  JavaScript:x",
            "\u{1}\u{8}javascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "vbscript:x",
            "DATA:text/html,x",
        ] {
            assert!(unsafe_scheme(bad).is_some(), "{bad:?}");
        }
        for ok in [
            "https://x",
            "mailto:a@b",
            "ms-settings:display",
            "flow:submit",
            "javascript.md",
            "data/file.md",
            "docs/javascript:x",
            "",
        ] {
            assert!(unsafe_scheme(ok).is_none(), "{ok:?}");
        }
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("a.md"));
        assert!(!is_external("C:\\x"));
    }

    #[test]
    fn joins() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("a", ".\\c%20d.md").as_deref(), Some("a/c d.md"));
        assert_eq!(join("a", "../../x.md"), None);
        assert_eq!(join("a", "/x/y.md").as_deref(), Some("x/y.md"));
    }

    #[test]
    fn urls_are_encoded() {
        assert_eq!(encode_url("/en-us/c#d 100%/"), "/en-us/c%23d%20100%25/");
        assert_eq!(encode_url("/zh-cn/文档/"), "/zh-cn/%E6%96%87%E6%A1%A3/");
        assert_eq!(encode_url("/a-b_c.d/"), "/a-b_c.d/");
    }

    #[test]
    fn keys_and_urls() {
        assert_eq!(page_key("a/b.md", "b.md"), "a/b");
        assert_eq!(page_key("a/b", "b/"), "a/b/index");
    }
}
