//! The line-level part of the DocFX dialect, run before CommonMark parsing: `[!INCLUDE]`
//! expansion (with a source map, so that every line still knows its file and line) and the
//! `:::` directives, which become placeholder comments (`<!--ajuda:N-->`) that the event pass
//! replaces with HTML. Fenced code is left alone.

use crate::diag::{Diagnostic, Kind};
use crate::paths;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Where the text of includes and code samples comes from.
pub trait FragmentSource {
    /// The text of `rel` (relative to the locale folder), with the path as it is on disk (which
    /// may differ in case from `rel`).
    fn fragment(&self, rel: &str) -> Option<(&str, &str)>;
    /// Candidate paths for a "did you mean" suggestion.
    fn fragment_names(&self) -> Vec<&str>;
    /// The folder `~/` means in file `rel`: its docset's root (the locale folder by default).
    fn docset_root(&self, _rel: &str) -> &str {
        ""
    }
    /// Whether `rel` lies in a dependent repository that is not here (not checked).
    fn unfetched(&self, _rel: &str) -> bool {
        false
    }
}

pub type Attrs = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub enum Directive {
    /// `:::image:::`; `complex` ones open a long description closed by `ImageEnd`.
    Image {
        attrs: Attrs,
        file: usize,
        line: u32,
        col: u32,
    },
    ImageEnd,
    Zone {
        attr: String,
        value: String,
    },
    ZoneEnd,
    Code {
        lang: String,
        code: String,
        highlight: String,
    },
    Video {
        url: String,
    },
    Row,
    RowEnd,
    Column {
        span: Option<String>,
    },
    ColumnEnd,
}

#[derive(Debug, Default)]
pub struct Expanded {
    pub text: String,
    /// For each line of `text`: (index into `files`, 1-based line in that file).
    pub lines: Vec<(usize, u32)>,
    /// Source files; 0 is the page itself.
    pub files: Vec<String>,
    pub directives: Vec<Directive>,
    pub diagnostics: Vec<Diagnostic>,
    /// Includes expanded so far, against [`MAX_INCLUDES`].
    includes: usize,
    /// Whether the include limit was reported already (once per page).
    limit_reported: bool,
}

static BLOCK_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<prefix>[ \t>]*)\[!include\s*\[[^\]]*\]\((?P<path>[^)]*)\)\s*\]\s*$")
        .unwrap()
});
static INLINE_INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\[!include\s*\[[^\]]*\]\((?P<path>[^)]*)\)\s*\]").unwrap());
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i):::\s*(?P<name>image-end|image|no-loc|zone-end|zone|code|row-end|row|column-end|column|moniker-end|moniker)\b(?P<attrs>(?:\s+[\w-]+\s*=\s*"[^"]*")*)\s*(?::::)?"#).unwrap()
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([\w-]+)\s*=\s*"([^"]*)""#).unwrap());
static VIDEO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\[!video\s+(?P<url>[^\]\s]+)\s*\]").unwrap());

const MAX_DEPTH: usize = 10;
/// Includes per page. Nesting is limited too, but a file included several times at each of ten
/// levels would still expand to gigabytes: a page stops including past these bounds.
const MAX_INCLUDES: usize = 256;
const MAX_EXPANDED_BYTES: usize = 8 << 20;

pub fn expand(text: &str, file: &str, first_line: u32, src: &dyn FragmentSource) -> Expanded {
    let mut ex = Expanded {
        text: String::with_capacity(text.len() + 64),
        lines: Vec::with_capacity(text.len() / 40 + 1),
        files: vec![file.to_string()],
        ..Default::default()
    };
    let mut stack = vec![file.to_string()];
    expand_into(&mut ex, &no_nul(text), 0, first_line, "", src, &mut stack);
    ex
}

fn expand_into(
    ex: &mut Expanded,
    text: &str,
    file: usize,
    first_line: u32,
    prefix: &str,
    src: &dyn FragmentSource,
    stack: &mut Vec<String>,
) {
    let mut fence: Option<(u8, usize)> = None;
    for (i, raw_line) in text.split_inclusive('\n').enumerate() {
        let line_no = first_line + i as u32;
        let line = raw_line.strip_suffix('\n').unwrap_or(raw_line);
        let bare = line.trim_start_matches([' ', '\t', '>']);
        if let Some((ch, len)) = fence {
            if bare.bytes().take_while(|&b| b == ch).count() >= len
                && bare.trim_end().bytes().all(|b| b == ch)
            {
                fence = None;
            }
            push_line(ex, prefix, line, file, line_no);
            continue;
        }
        let ticks = bare.bytes().take_while(|&b| b == b'`').count();
        let tildes = bare.bytes().take_while(|&b| b == b'~').count();
        if ticks >= 3 || tildes >= 3 {
            fence = Some(if ticks >= 3 {
                (b'`', ticks)
            } else {
                (b'~', tildes)
            });
            push_line(ex, prefix, line, file, line_no);
            continue;
        }
        let escaped;
        let line = match escape_heading_braces(line) {
            Some(e) => {
                escaped = e;
                escaped.as_str()
            }
            None => line,
        };
        if !line.contains("[!") && !line.contains(":::") {
            push_line(ex, prefix, line, file, line_no);
            continue;
        }
        if let Some(c) = BLOCK_INCLUDE.captures(line) {
            let inner_prefix = format!("{prefix}{}", &c["prefix"]);
            let path = c["path"].trim().to_string();
            let col = c.name("path").map_or(1, |m| m.start() as u32 + 1);
            match load_include(ex, &path, file, line_no, col, src, stack) {
                Some((inc_file, inc_text)) => {
                    let idx = ex.files.len();
                    ex.files.push(inc_file.clone());
                    stack.push(inc_file);
                    let (body, body_line) = strip_front_matter(&inc_text);
                    expand_into(ex, body, idx, body_line, &inner_prefix, src, stack);
                    stack.pop();
                }
                None => push_line(ex, prefix, "", file, line_no),
            }
            continue;
        }
        let rewritten = rewrite_line(ex, line, file, line_no, src, stack);
        push_line(ex, prefix, &rewritten, file, line_no);
    }
}

/// `## Replace {subscription-id}`: a trailing `{...}` that is not an attribute block
/// (`{#id}`, `{.class}`) is text in DocFX; its `{` is written as a character reference so that
/// the heading-attribute syntax does not take it (a backslash escape does not stop it).
fn escape_heading_braces(line: &str) -> Option<String> {
    let bare = line.trim_start_matches(' ');
    if !bare.starts_with('#') || !line.trim_end().ends_with('}') {
        return None;
    }
    let open = line.rfind('{')?;
    let inner = line[open + 1..].trim_start();
    if inner.starts_with('#') || inner.starts_with('.') || line[..open].ends_with('\\') {
        return None;
    }
    Some(format!("{}&#123;{}", &line[..open], &line[open + 1..]))
}

/// CommonMark replaces U+0000 with U+FFFD; it must not reach the HTML.
fn no_nul(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}").into()
    } else {
        text.into()
    }
}

fn push_line(ex: &mut Expanded, prefix: &str, line: &str, file: usize, line_no: u32) {
    ex.text.push_str(prefix);
    ex.text.push_str(line);
    ex.text.push('\n');
    ex.lines.push((file, line_no));
}

/// Front matter in an include is not content.
fn strip_front_matter(text: &str) -> (&str, u32) {
    let s = crate::frontmatter::split(text);
    (s.body, s.body_line)
}

/// Finds an include's text, or reports why not. Returns (path, text).
fn load_include(
    ex: &mut Expanded,
    path: &str,
    file: usize,
    line: u32,
    col: u32,
    src: &dyn FragmentSource,
    stack: &[String],
) -> Option<(String, String)> {
    let from = ex.files[file].clone();
    let diag = |kind: Kind, msg: String| {
        Diagnostic::new(kind, from.clone(), msg)
            .at(line, col)
            .target(path)
    };
    if paths::is_external(path) {
        ex.diagnostics.push(diag(
            Kind::Include,
            format!("include `{path}` must be a relative path"),
        ));
        return None;
    }
    let target = paths::split_target(path).path;
    let (base, target) = match target.strip_prefix("~/") {
        Some(rest) => (src.docset_root(&from), rest),
        None => (paths::parent(&from), target),
    };
    let Some(joined) = paths::join(base, target).filter(|_| !target.starts_with('/')) else {
        ex.diagnostics.push(diag(
            Kind::OutsideRoot,
            format!("include `{path}` is outside the content folder; it was not included"),
        ));
        return None;
    };
    ex.includes += 1;
    if ex.includes > MAX_INCLUDES || ex.text.len() > MAX_EXPANDED_BYTES {
        if !ex.limit_reported {
            ex.limit_reported = true;
            ex.diagnostics.push(diag(
                Kind::Limit,
                format!(
                    "this page expands to more than {MAX_INCLUDES} includes or {} MB; the rest were skipped (is a file included several times at several levels?)",
                    MAX_EXPANDED_BYTES >> 20
                ),
            ));
        }
        return None;
    }
    if stack.iter().any(|s| s.eq_ignore_ascii_case(&joined)) {
        let chain = stack.join(" → ");
        ex.diagnostics.push(diag(
            Kind::IncludeCycle,
            format!("include cycle: {chain} → {joined}; the include was skipped"),
        ));
        return None;
    }
    if stack.len() > MAX_DEPTH {
        ex.diagnostics.push(diag(
            Kind::Limit,
            format!(
                "includes nested more than {MAX_DEPTH} levels deep ({} → {joined}); the include was skipped",
                stack.join(" → ")
            ),
        ));
        return None;
    }
    match src.fragment(&joined) {
        Some((actual, text)) => {
            if actual != joined {
                ex.diagnostics.push(diag(
                    Kind::CaseMismatch,
                    format!("include `{joined}` is `{actual}` on disk; this breaks on case-sensitive systems"),
                ));
            }
            Some((actual.to_string(), no_nul(text).into_owned()))
        }
        None if src.unfetched(&joined) => None,
        None => {
            let names = src.fragment_names();
            let suggestion = crate::diag::nearest(&joined, names).map(str::to_string);
            ex.diagnostics.push(
                diag(Kind::Include, format!("include `{joined}` does not exist"))
                    .suggest(suggestion),
            );
            None
        }
    }
}

/// Rewrites the directives and inline includes of a line, except inside inline code
/// (`` `:::image:::` `` in an article about writing articles stays as written).
fn rewrite_line(
    ex: &mut Expanded,
    line: &str,
    file: usize,
    line_no: u32,
    src: &dyn FragmentSource,
    stack: &mut Vec<String>,
) -> String {
    if !line.contains('`') {
        return rewrite_segment(ex, line, file, line_no, src, stack);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((before, code, after)) = next_code_span(rest) {
        out.push_str(&rewrite_segment(ex, before, file, line_no, src, stack));
        out.push_str(code);
        rest = after;
    }
    out.push_str(&rewrite_segment(ex, rest, file, line_no, src, stack));
    out
}

/// The first inline code span of `s`: (text before, the span with its backticks, text after).
fn next_code_span(s: &str) -> Option<(&str, &str, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'`') {
        let start = i + p;
        let n = b[start..].iter().take_while(|&&c| c == b'`').count();
        let mut j = start + n;
        while let Some(q) = b[j..].iter().position(|&c| c == b'`') {
            let close = j + q;
            let m = b[close..].iter().take_while(|&&c| c == b'`').count();
            if m == n {
                let end = close + m;
                return Some((&s[..start], &s[start..end], &s[end..]));
            }
            j = close + m;
        }
        i = start + n;
    }
    None
}

fn rewrite_segment(
    ex: &mut Expanded,
    line: &str,
    file: usize,
    line_no: u32,
    src: &dyn FragmentSource,
    stack: &mut Vec<String>,
) -> String {
    let mut out = line.to_string();
    if out.contains(":::") {
        out = DIRECTIVE
            .replace_all(&out.clone(), |c: &regex::Captures| {
                let name = c["name"].to_ascii_lowercase();
                let attrs: Attrs = ATTR
                    .captures_iter(c.name("attrs").map_or("", |m| m.as_str()))
                    .map(|a| (a[1].to_ascii_lowercase(), a[2].to_string()))
                    .collect();
                let col = c.get(0).map_or(1, |m| {
                    line[..m.start().min(line.len())].chars().count() as u32 + 1
                });
                directive(ex, &name, attrs, file, line_no, col, src)
                    .unwrap_or_else(|| c[0].to_string())
            })
            .into_owned();
    }
    if out.contains("[!") {
        if VIDEO.is_match(&out) {
            out = VIDEO
                .replace_all(&out.clone(), |c: &regex::Captures| {
                    token(
                        ex,
                        Directive::Video {
                            url: c["url"].to_string(),
                        },
                    )
                })
                .into_owned();
        }
        if INLINE_INCLUDE.is_match(&out) {
            let mut result = String::new();
            let mut last = 0;
            let copy = out.clone();
            for c in INLINE_INCLUDE.captures_iter(&copy) {
                let m = c.get(0).expect("whole match");
                result.push_str(&copy[last..m.start()]);
                let col = m.start() as u32 + 1;
                if let Some((inc_file, text)) =
                    load_include(ex, c["path"].trim(), file, line_no, col, src, stack)
                {
                    let (body, _) = strip_front_matter(&text);
                    // Includes nested in this one are relative to it. (Its text joins the
                    // page's line, so its links resolve from the page, as its line does.)
                    let idx = ex.files.len();
                    ex.files.push(inc_file.clone());
                    stack.push(inc_file);
                    let flat = body.trim().replace('\n', " ");
                    let nested = rewrite_line(ex, &flat, idx, line_no, src, stack);
                    stack.pop();
                    result.push_str(&nested);
                }
                last = m.end();
            }
            result.push_str(&copy[last..]);
            out = result;
        }
    }
    out
}

fn token(ex: &mut Expanded, d: Directive) -> String {
    ex.directives.push(d);
    format!("<!--ajuda:{}-->", ex.directives.len() - 1)
}

fn directive(
    ex: &mut Expanded,
    name: &str,
    attrs: Attrs,
    file: usize,
    line: u32,
    col: u32,
    src: &dyn FragmentSource,
) -> Option<String> {
    let d = match name {
        "no-loc" => {
            return Some(markdown_escape(
                attrs.get("text").map_or("", String::as_str),
            ))
        }
        "image" => Directive::Image {
            attrs,
            file,
            line,
            col,
        },
        "image-end" => Directive::ImageEnd,
        "zone" | "moniker" => {
            let (attr, value) = attrs.into_iter().next().unwrap_or_default();
            Directive::Zone { attr, value }
        }
        "zone-end" | "moniker-end" => Directive::ZoneEnd,
        "row" => Directive::Row,
        "row-end" => Directive::RowEnd,
        "column" => Directive::Column {
            span: attrs.get("span").cloned(),
        },
        "column-end" => Directive::ColumnEnd,
        // A missing sample is reported; the page shows nothing rather than the raw directive.
        "code" => match code_directive(ex, attrs, file, line, col, src) {
            Some(d) => d,
            None => return Some(String::new()),
        },
        _ => return None,
    };
    Some(token(ex, d))
}

fn code_directive(
    ex: &mut Expanded,
    attrs: Attrs,
    file: usize,
    line: u32,
    col: u32,
    src: &dyn FragmentSource,
) -> Option<Directive> {
    let from = ex.files[file].clone();
    let source = attrs.get("source").cloned().unwrap_or_default();
    let lang = attrs.get("language").cloned().unwrap_or_default();
    let joined = paths::join(paths::parent(&from), &source);
    let text = joined
        .as_deref()
        .and_then(|j| src.fragment(j))
        .map(|(_, t)| no_nul(t).into_owned());
    let Some(text) = text else {
        ex.diagnostics.push(
            Diagnostic::new(
                Kind::Include,
                from,
                format!("code sample `{source}` does not exist"),
            )
            .at(line, col)
            .target(source),
        );
        return None;
    };
    let code = match attrs.get("range") {
        Some(r) => select_lines(&text, r),
        None => text,
    };
    let highlight = attrs.get("highlight").cloned().unwrap_or_default();
    Some(Directive::Code {
        lang,
        code,
        highlight,
    })
}

/// `range="2-5,7"`: those lines (1-based, inclusive) of `text`.
fn select_lines(text: &str, range: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for part in range.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                a.trim().parse().unwrap_or(1),
                b.trim().parse().unwrap_or(lines.len()),
            ),
            None => {
                let n = part.trim().parse().unwrap_or(1);
                (n, n)
            }
        };
        for l in lines.iter().take(b.min(lines.len())).skip(a.max(1) - 1) {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Text that must reach the page literally (`:::no-loc:::`): Markdown punctuation escaped.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[path = "prepass_tests.rs"]
mod tests;
