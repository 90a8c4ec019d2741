//! The scan behind `tests/layers.rs`: every `.rs` file of `src/` with comments and literals
//! blanked, and the library paths each refers to (`use crate::…`, inline `crate::x::y`,
//! `super::`), found without a Rust parser.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file of `src/`, with its code blanked of comments and literals.
pub(crate) struct SourceFile {
    /// Relative to `src/`, with `/`: `markdown/prepass.rs`.
    pub(crate) rel: String,
    /// The module path of the file's code in the library (`["markdown", "prepass"]`); `None` for
    /// the binary (`main.rs`, `cmd/`).
    pub(crate) module: Option<Vec<String>>,
    /// The source with comments and the insides of string and char literals turned to spaces:
    /// same length, same lines.
    pub(crate) code: String,
}

/// A reference to a library path from a file.
pub(crate) struct Reference {
    /// Absolute, from the library root: `["load", "rel_path"]`.
    pub(crate) path: Vec<String>,
    pub(crate) line: usize,
}

pub(crate) fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of `src/` but `lib.rs`, sorted.
pub(crate) fn source_files() -> Vec<SourceFile> {
    let root = src_dir();
    let mut rels = Vec::new();
    collect_rs(&root, &root, &mut rels);
    rels.sort();
    let texts: Vec<(String, String)> = rels
        .into_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(root.join(&rel))
                .unwrap_or_else(|e| panic!("src/{rel}: {e}"));
            (rel, text)
        })
        .collect();

    // `#[path = "x.rs"] mod name;` puts x.rs at `<declaring module>::name`.
    let mut included: HashMap<String, Vec<String>> = HashMap::new();
    for (rel, text) in &texts {
        if rel == "main.rs" || rel.starts_with("cmd/") {
            continue;
        }
        let code = strip(text);
        for (file, name) in path_attributes(text, &code) {
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            let target = normalize(&format!("{dir}/{file}"));
            let mut module = module_of(rel);
            module.push(name);
            included.insert(target, module);
        }
    }

    texts
        .into_iter()
        .filter(|(rel, _)| rel != "lib.rs")
        .map(|(rel, text)| {
            let binary = rel == "main.rs" || rel.starts_with("cmd/");
            let module = if binary {
                None
            } else {
                Some(
                    included
                        .get(&rel)
                        .cloned()
                        .unwrap_or_else(|| module_of(&rel)),
                )
            };
            SourceFile {
                code: strip(&text),
                rel,
                module,
            }
        })
        .collect()
}

pub(crate) fn collect_rs(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap();
            let parts: Vec<_> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

/// `a/./b/../c.rs` to `a/c.rs`.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

/// The module path of a file by its place: `a.rs` and `a/mod.rs` are `a`, `a/b.rs` is `a::b`.
pub(crate) fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.len() > 1 && parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The modules `src/lib.rs` declares (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
pub(crate) fn library_modules() -> Vec<String> {
    let path = src_dir().join("lib.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("src/lib.rs: {e}"));
    let code = strip(&text);
    let toks = tokens(&code);
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.text {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            "mod" if depth == 0 => {
                if let (Some(name), Some(semi)) = (toks.get(i + 1), toks.get(i + 2)) {
                    if is_ident(name.text) && semi.text == ";" {
                        out.push(name.text.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `(file, module name)` of each `#[path = "file"] mod name;`, the path read from the source
/// (`code` has the string blanked, at the same offsets).
pub(crate) fn path_attributes(text: &str, code: &str) -> Vec<(String, String)> {
    let toks = tokens(code);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let at = |k: usize| toks.get(i + k).map_or("", |t| t.text);
        if at(0) == "#" && at(1) == "[" && at(2) == "path" && at(3) == "=" && at(4) == "\"" {
            let Some(close) = toks.get(i + 5).filter(|t| t.text == "\"") else {
                continue;
            };
            let file = &text[toks[i + 4].at + 1..close.at];
            // The next `mod name;`, past other attributes.
            let rest = &toks[i + 6..];
            if let Some(k) = rest.iter().position(|t| t.text == "mod") {
                if rest.get(k + 2).is_some_and(|t| t.text == ";") {
                    out.push((file.to_string(), rest[k + 1].text.to_string()));
                }
            }
        }
    }
    out
}

/// Every reference of a file to a library path, resolved from the module the code is in
/// (inline `mod name { ... }` blocks included, for `super::`).
pub(crate) fn references(file: &SourceFile) -> Vec<Reference> {
    let toks = tokens(&file.code);
    let mut out = Vec::new();
    // One entry per open brace: the name of an inline module it opens, if it does.
    let mut braces: Vec<Option<&str>> = Vec::new();
    let here = |braces: &Vec<Option<&str>>| -> Option<Vec<String>> {
        let mut m = file.module.clone()?;
        m.extend(braces.iter().flatten().map(|s| s.to_string()));
        Some(m)
    };
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].text;
        let next = toks.get(i + 1).map_or("", |t| t.text);
        if t == "mod" && is_ident(next) && toks.get(i + 2).is_some_and(|t| t.text == "{") {
            braces.push(Some(next));
            i += 3;
        } else if t == "{" {
            braces.push(None);
            i += 1;
        } else if t == "}" {
            braces.pop();
            i += 1;
        } else if t == "use" {
            let mut leaves = Vec::new();
            i = use_tree(&toks, i + 1, &[], &mut leaves);
            let module = here(&braces);
            for leaf in leaves {
                out.extend(resolve(&leaf, module.as_deref()));
            }
        } else if matches!(t, "crate" | "super" | "self" | "ajuda") && next == "::" {
            let mut segs = vec![(t, toks[i].line)];
            let mut j = i + 1;
            while toks.get(j).is_some_and(|t| t.text == "::")
                && toks.get(j + 1).is_some_and(|t| is_ident(t.text))
            {
                segs.push((toks[j + 1].text, toks[j + 1].line));
                j += 2;
            }
            out.extend(resolve(&segs, here(&braces).as_deref()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Parses a use tree from `toks[i]`, pushing each full path (segments with their lines) onto
/// `leaves`; returns the index past the tree.
pub(crate) fn use_tree<'a>(
    toks: &[Token<'a>],
    mut i: usize,
    prefix: &[(&'a str, usize)],
    leaves: &mut Vec<Vec<(&'a str, usize)>>,
) -> usize {
    let mut segs = prefix.to_vec();
    while let Some(t) = toks.get(i) {
        match t.text {
            "::" => i += 1,
            "{" => {
                i += 1;
                while let Some(t) = toks.get(i) {
                    match t.text {
                        "}" => return i + 1,
                        "," => i += 1,
                        _ => {
                            let before = i;
                            i = use_tree(toks, i, &segs, leaves);
                            if i == before {
                                i += 1; // not a tree: do not loop
                            }
                        }
                    }
                }
                return i;
            }
            "*" => {
                segs.push(("*", t.line));
                leaves.push(segs);
                return i + 1;
            }
            name if is_ident(name) && name != "as" => {
                segs.push((name, t.line));
                i += 1;
                if toks.get(i).is_some_and(|t| t.text == "::") {
                    i += 1;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    if toks.get(i).is_some_and(|t| t.text == "as") {
        i += 2;
    }
    if !segs.is_empty() {
        leaves.push(segs);
    }
    i
}

/// The library path a path written in `module` names (`None`: the binary), with the line of
/// each segment; `None` when it is not a path into the library (an extern crate, a local name,
/// `crate::` of the binary).
pub(crate) fn resolve(segs: &[(&str, usize)], module: Option<&[String]>) -> Option<Reference> {
    let (head, line) = *segs.first()?;
    let rest: Vec<(&str, usize)> = match (head, module) {
        ("ajuda", _) => segs[1..].to_vec(),
        (_, None) => return None, // `crate::`, `super::`, `self::` of the binary stay in it
        ("crate", Some(_)) => segs[1..].to_vec(),
        ("self" | "super", Some(module)) => {
            let mut base: Vec<(&str, usize)> = module.iter().map(|m| (m.as_str(), line)).collect();
            let mut k = usize::from(head == "self");
            while segs.get(k).is_some_and(|s| s.0 == "super") {
                base.pop()?; // above the crate root: not a path
                k += 1;
            }
            base.extend(segs[k..].iter().filter(|s| s.0 != "self"));
            base
        }
        _ => return None,
    };
    let (first, line) = *rest.first()?;
    if first == "*" {
        return None;
    }
    Some(Reference {
        path: rest.iter().map(|s| s.0.to_string()).collect(),
        line,
    })
}

pub(crate) struct Token<'a> {
    text: &'a str,
    /// 1-based.
    line: usize,
    /// Byte offset in the source.
    at: usize,
}

pub(crate) fn is_ident(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80)
}

pub(crate) fn is_ident_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// Identifiers (`$` apart: `$crate` is `$`, `crate`), `::`, and every other non-space byte
/// alone.
pub(crate) fn tokens(code: &str) -> Vec<Token<'_>> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if is_ident_byte(c) {
            let start = i;
            while i < b.len() && is_ident_byte(b[i]) {
                i += 1;
            }
            out.push(Token {
                text: &code[start..i],
                line,
                at: start,
            });
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            out.push(Token {
                text: &code[i..i + 2],
                line,
                at: i,
            });
            i += 2;
        } else {
            // ASCII here: bytes >= 0x80 are identifier bytes.
            out.push(Token {
                text: &code[i..i + 1],
                line,
                at: i,
            });
            i += 1;
        }
    }
    out
}

/// The source with comments (line, doc and nested block comments) and the insides of string,
/// raw string, byte string and char literals replaced by spaces, newlines kept: byte offsets
/// and line numbers stay those of the source. Lifetimes are left alone.
pub(crate) fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for x in &mut out[from..to.min(n)] {
            if *x != b'\n' {
                *x = b' ';
            }
        }
    };
    let mut i = 0;
    while i < n {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let starts_token = i == 0 || !is_ident_byte(b[i - 1]);
        if c == b'/' && next == Some(b'/') {
            let end = b[i..].iter().position(|&x| x == b'\n').map_or(n, |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if c == b'/' && next == Some(b'*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < n && depth > 0 {
                if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if starts_token && (c == b'r' || (c == b'b' && next == Some(b'r'))) {
            // r"..", r#".."#, br"..": maybe a raw string.
            let mut j = i + if c == b'b' { 2 } else { 1 };
            let hashes_at = j;
            while b.get(j) == Some(&b'#') {
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                i += 1; // an identifier starting with r or b
                continue;
            }
            let hashes = j - hashes_at;
            let start = j + 1;
            let mut close = vec![b'"'];
            close.resize(hashes + 1, b'#');
            let end = b[start..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(n, |p| start + p);
            blank(&mut out, start, end);
            i = end + close.len();
        } else if c == b'"' {
            let mut j = i + 1;
            while j < n && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i + 1, j);
            i = j + 1;
        } else if c == b'\'' {
            if next == Some(b'\\') {
                let mut j = i + 3; // past the escaped character
                while j < n && b[j] != b'\'' {
                    j += 1;
                }
                blank(&mut out, i + 1, j);
                i = j + 1;
            } else if let Some(len) = next.filter(|&x| x != b'\n').map(utf8_len) {
                if b.get(i + 1 + len) == Some(&b'\'') {
                    blank(&mut out, i + 1, i + 1 + len);
                    i += 2 + len;
                } else {
                    i += 1; // a lifetime or a label
                }
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking whole characters keeps UTF-8")
}

/// The length of the UTF-8 character that starts with byte `b`.
pub(crate) fn utf8_len(b: u8) -> usize {
    match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

#[test]
pub(crate) fn scan_finds_every_shape_of_reference() {
    let code = r##"
//! crate::docs_only
use crate::{a, b::{c, d as e}};
pub(crate) use super::super::f::G;
pub use crate::h
    ::i;
pub(crate) fn x() { let s = "crate::in_string"; let r = r#"crate::raw"#; crate::j::k(); /* crate::c */ }
mod inner { use super::super::super::l; }
pub(crate) fn y<'a>(c: char) -> &'a str { if c == '"' { $crate::m::n!() } else { "" } }
"##;
    let file = SourceFile {
        rel: "z/w.rs".into(),
        module: Some(vec!["z".into(), "w".into()]),
        code: strip(code),
    };
    let found: Vec<(String, usize)> = references(&file)
        .into_iter()
        .map(|r| (r.path[0].clone(), r.line))
        .collect();
    let want = [
        ("a", 3),
        ("b", 3),
        ("b", 3),
        ("f", 4),
        ("h", 5),
        ("j", 7),
        ("l", 8),
        ("m", 9),
    ];
    let want: Vec<(String, usize)> = want.iter().map(|(m, l)| (m.to_string(), *l)).collect();
    assert_eq!(found, want);
}
