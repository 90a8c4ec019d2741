//! Link paths: the pure functions of `ajuda::paths` on arbitrary (lossy UTF-8) strings.
//!
//! The input is cut at its first three newlines into a link target as written, the path of the
//! page it is written in, a site root (made like `config::split_base_url` makes `root_path`:
//! `/…/`) and a locale prefix (kept to the characters `config` allows, slashes trimmed). Missing
//! fields are empty. Besides "does not panic", each function is held to what its doc comment
//! says, and the chain a link or page takes (`join` → `page_key` → `page_url` → `output_file` /
//! `encode_url`) must give an output file inside the output folder.
#![no_main]

use ajuda::paths;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.splitn(4, '\n');
    let raw = fields.next().unwrap_or("");
    let from = fields.next().unwrap_or("");
    let root_field = fields.next().unwrap_or("");
    let prefix_field = fields.next().unwrap_or("");

    let root = {
        let r = format!("{}/", root_field.trim_end_matches('/'));
        if r.starts_with('/') { r } else { format!("/{r}") }
    };
    let prefix: String = prefix_field
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
        .collect::<String>()
        .trim_matches('/')
        .to_string();

    // Every function on the raw strings, whatever they hold: no panics.
    for s in [raw, from, root_field, prefix_field] {
        check_string(s);
        std::hint::black_box(paths::join(from, s));
        std::hint::black_box(ajuda::address::output_file(&root, s));
        std::hint::black_box(ajuda::address::page_url(root_field, prefix_field, s));
        std::hint::black_box(paths::page_key(s, raw));
    }

    // `split_target`: path, `?query`, `#fragment`, signs dropped; put back together it is `raw`.
    let t = paths::split_target(raw);
    assert!(!t.path.contains(['#', '?']), "path keeps a sign: {t:?}");
    if let Some(q) = t.query {
        assert!(!q.contains('#'), "query keeps the fragment: {t:?}");
    }
    assert_eq!(
        paths::with_query_fragment(t.path.to_string(), t.query, t.fragment),
        raw,
        "split_target + with_query_fragment does not give back the target"
    );

    // A folder as the site makes one: the parent of a joined (root-relative) file path.
    let from_file = paths::join("", from).unwrap_or_default();
    let folder = paths::parent(&from_file);
    check_joined(folder, "folder");

    // `join`: `None` exactly when a `..` climbs above the root; else a clean relative path.
    let decoded = percent_decode(t.path).replace('\\', "/");
    let climbs = climbs_above(folder, &decoded);
    let joined = paths::join(folder, t.path);
    assert_eq!(
        joined.is_none(),
        climbs,
        "join({folder:?}, {:?}) = {joined:?}; decoded {decoded:?}",
        t.path
    );
    // An absolute path (after decoding) does not depend on the folder.
    if decoded.starts_with('/') {
        assert_eq!(joined, paths::join("", t.path), "absolute path depends on the folder");
    }
    let Some(joined) = joined else { return };
    check_joined(&joined, "join result");

    // `page_key`: a page path loses its extension; a folder means its `index`.
    let key = paths::page_key(&joined, t.path);
    if paths::is_page_path(&joined) {
        assert!(key.len() < joined.len() && joined.starts_with(&key), "{joined:?} → {key:?}");
    } else if joined.is_empty() {
        assert_eq!(key, "index");
    } else {
        assert!(key == joined || key == format!("{joined}/index"), "{joined:?} → {key:?}");
    }

    // `page_url`: under the root, ends in `/`; `output_file` of it is the same path + index.html.
    let url = ajuda::address::page_url(&root, &prefix, &key);
    assert!(url.starts_with(&root) && url.ends_with('/'), "page_url: {url:?}");
    let out = ajuda::address::output_file(&root, &url);
    assert!(out.ends_with("index.html"), "output_file: {out:?}");
    assert_eq!(
        out.strip_suffix("index.html").unwrap(),
        &url[root.len()..],
        "output_file({root:?}, {url:?})"
    );
    // The output file of a key the build accepts stays in the output folder. A name made of
    // dots (`..yml`, `...md`; seeds `regression-dot-key`, `regression-dotdot-key`) has a key
    // ending in `.` or `..`, whose output file would be `../index.html`: the build refuses
    // such keys (`is_publishable_key`) where pages and redirect sources are made.
    let leaves = out.starts_with('/') || out.split('/').any(|s| s == ".." || s == ".");
    assert!(
        !(leaves && paths::is_publishable_key(&key)),
        "output file {out:?} leaves the output folder (link {raw:?}, joined {joined:?}, key {key:?}, url {url:?})"
    );
    check_encoded(&url, &paths::encode_url(&url));
});

/// The one-string functions on any string.
fn check_string(s: &str) {
    // `encode_url`: ASCII, no spaces, nothing that cannot stand in a URL path; decodes back.
    check_encoded(s, &paths::encode_url(s));

    // `is_external`: `//host` or a scheme of two or more characters, starting with a letter.
    if paths::is_external(s) {
        assert!(
            s.starts_with("//") || (s.as_bytes()[0].is_ascii_alphabetic() && s.contains(':')),
            "is_external({s:?})"
        );
        // Only the start counts.
        assert!(paths::is_external(&format!("{s}/x.md")), "is_external({s:?}) but not with a tail");
    }

    // No extension is both a page and an image.
    assert!(!(paths::is_page_path(s) && paths::is_image_path(s)), "page and image: {s:?}");

    // `parent`: the folder part, without the last `/`.
    let p = paths::parent(s);
    match s.rsplit_once('/') {
        Some((dir, name)) => {
            assert_eq!(p, dir);
            assert!(!name.contains('/'));
        }
        None => assert_eq!(p, ""),
    }
}

/// What `encode_url` promises: only ASCII left, no spaces, controls or the listed signs; every
/// `%` starts an escape, and decoding gives the input back.
fn check_encoded(s: &str, enc: &str) {
    assert!(enc.is_ascii(), "encode_url({s:?}) = {enc:?} is not ASCII");
    assert!(
        !enc.bytes().any(|b| b.is_ascii_control()
            || matches!(
                b,
                b' ' | b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
                    | b'[' | b']'
            )),
        "encode_url({s:?}) = {enc:?} keeps a sign that cannot stand in a URL path"
    );
    let b = enc.as_bytes();
    for (i, _) in enc.match_indices('%') {
        assert!(
            b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit(),
            "encode_url({s:?}) = {enc:?}: bare %"
        );
    }
    assert_eq!(percent_decode(enc), s, "encode_url({s:?}) = {enc:?} does not decode back");
}

/// The folder and the result of `join`: relative, no empty, `.` or `..` segment, no `\`.
fn check_joined(p: &str, what: &str) {
    if p.is_empty() {
        return;
    }
    assert!(!p.starts_with('/'), "{what} {p:?} starts with /");
    assert!(!p.contains('\\'), "{what} {p:?} holds a backslash");
    for seg in p.split('/') {
        assert!(!matches!(seg, "" | "." | ".."), "{what} {p:?} has segment {seg:?}");
    }
}

/// Whether `..` segments in `path` (decoded, `/`-separated) climb above the root from `folder`.
fn climbs_above(folder: &str, path: &str) -> bool {
    let mut depth: usize = if path.starts_with('/') {
        0
    } else {
        folder.split('/').filter(|s| !s.is_empty()).count()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            _ => depth += 1,
        }
    }
    false
}

/// `%XX` escapes to bytes, then lossy UTF-8, like `percent_decode_str(..).decode_utf8_lossy()`.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some()
        {
            out.push(hex(b[i + 1]).unwrap() * 16 + hex(b[i + 2]).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}
