//! The line-level part of the DocFX dialect, run before CommonMark parsing: `[!INCLUDE]`
//! expansion (with a source map, so that every line still knows its file and line) and the
//! `:::` directives, which become placeholder comments (`<!--ajuda:N-->`) that the event pass
//! replaces with HTML. Fenced code is left alone.

use super::expanded::no_nul;
pub use super::expanded::{Attrs, Directive, Expanded, FragmentSource};
use super::samples::{code_directive, fragment_path, nearest_file, sample, Place};
use crate::diag::{Diagnostic, Kind};
use crate::paths;
use regex::Regex;
use std::sync::LazyLock;

static BLOCK_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<prefix>[ \t>]*)\[!include\s*\[[^\]]*\]\((?P<path>[^)]*)\)\s*\]\s*$")
        .unwrap()
});
static INLINE_INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\[!include\s*\[[^\]]*\]\((?P<path>[^)]*)\)\s*\]").unwrap());
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i):::\s*(?P<name>image-end|image|no-loc|zone-end|zone|code|row-end|row|column-end|column|moniker-end|moniker)\b(?P<attrs>(?:\s*[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?::::)?"#).unwrap()
});
static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).unwrap());
/// DocFX's code snippet: `[!code-csharp[Name](path?range=3-5#Region)]`.
static CODE_SNIPPET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\[!code(?:-(?P<lang>[^\[\]\s]*))?\[(?P<name>[^\]]*)\]\(\s*(?P<target>[^)"\s]*(?:\s[^)"]*?)?)\s*(?:"[^"]*")?\s*\)\]"#)
        .unwrap()
});
/// The first line of an alert or `[!div]` in a blockquote.
static ALERT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\[!(?:note|tip|important|warning|caution|div\b)").unwrap());
/// A table's delimiter row: `| --- | :-: |`.
static TABLE_DELIMITER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$").unwrap());
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
    // Quote level of the previous line when it had text (0: none), and whether a table is open.
    let mut quoted_text = 0usize;
    let mut in_table = false;
    for (i, raw_line) in text.split_inclusive('\n').enumerate() {
        let line_no = first_line + i as u32;
        let line = raw_line.strip_suffix('\n').unwrap_or(raw_line);
        let bare = line.trim_start_matches([' ', '\t', '>']);
        let lead = &line[..line.len() - bare.len()];
        let level = lead.matches('>').count();
        // `> [!WARNING]` or `> [!div]` after text in the same blockquote starts a new one, as in
        // DocFX: a line with one `>` less ends the first.
        if fence.is_none() && level > 0 && quoted_text >= level && ALERT_START.is_match(bare) {
            let cut = lead.rfind('>').map_or("", |p| &lead[..p]);
            push_line(ex, prefix, cut, file, line_no);
        }
        quoted_text = if bare.trim().is_empty() { 0 } else { level };
        // Markdig ends a table at a blank line only: a line of just `|` is an empty row.
        if fence.is_none() {
            if bare.trim().is_empty() {
                in_table = false;
            } else if bare.contains('|') && TABLE_DELIMITER.is_match(bare) {
                in_table = true;
            } else if in_table && bare.trim() == "|" {
                push_line(ex, prefix, &format!("{lead}| |"), file, line_no);
                continue;
            }
        }
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
    let Some(joined) = fragment_path(src, &from, paths::split_target(path).path) else {
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
            let suggestion = nearest_file(src, &joined);
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
    let out = if !line.contains('`') {
        rewrite_segment(ex, line, file, line_no, src, stack)
    } else {
        // Left to right: a code span that opens first hides a directive
        // (`` `:::image:::` ``); a directive that opens first keeps the backticks in its
        // attributes (`alt-text="Run `setup`"`).
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some((before, code, after)) = next_code_span(rest) {
            let dir = rest
                .contains(":::")
                .then(|| DIRECTIVE.find(rest))
                .flatten()
                .filter(|d| d.start() < before.len() && d.end() > before.len());
            if let Some(d) = dir {
                out.push_str(&rewrite_segment(
                    ex,
                    &rest[..d.end()],
                    file,
                    line_no,
                    src,
                    stack,
                ));
                rest = &rest[d.end()..];
                continue;
            }
            out.push_str(&rewrite_segment(ex, before, file, line_no, src, stack));
            out.push_str(code);
            rest = after;
        }
        out.push_str(&rewrite_segment(ex, rest, file, line_no, src, stack));
        out
    };
    // A directive opening a line that goes on with text is inline: the line must stay a
    // paragraph, not become an HTML block.
    let mut bare = out.trim_start_matches([' ', '\t', '>']);
    let digits = bare.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(item) = bare
        .strip_prefix(['-', '*', '+'])
        .or_else(|| {
            (digits > 0)
                .then(|| bare[digits..].strip_prefix(['.', ')']))
                .flatten()
        })
        .filter(|r| r.starts_with([' ', '\t']))
    {
        bare = item.trim_start();
    }
    if bare.starts_with("<!--ajuda:") {
        let end = bare.find("-->").map_or(bare.len(), |e| e + 3);
        if !bare[end..].trim().is_empty() && !bare[end..].trim_start().starts_with("<!--ajuda:") {
            let at = out.len() - bare.len();
            return format!("{}<{}>{}", &out[..at], super::html::INLINE_MARK, &out[at..]);
        }
    }
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
                    .map(|a| {
                        let v = a.get(2).or(a.get(3)).map_or("", |m| m.as_str());
                        (a[1].to_ascii_lowercase(), v.to_string())
                    })
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
        if CODE_SNIPPET.is_match(&out) {
            out = CODE_SNIPPET
                .replace_all(&out.clone(), |c: &regex::Captures| {
                    let col = c.get(0).map_or(1, |m| {
                        line[..m.start().min(line.len())].chars().count() as u32 + 1
                    });
                    let at = Place {
                        file,
                        line: line_no,
                        col,
                    };
                    let lang = c.name("lang").map_or("", |m| m.as_str());
                    // A missing sample is reported; the page shows nothing rather than syntax.
                    match sample(ex, at, c["target"].trim(), lang, &Attrs::new(), src) {
                        Some(d) => token(ex, d),
                        None => String::new(),
                    }
                })
                .into_owned();
        }
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
