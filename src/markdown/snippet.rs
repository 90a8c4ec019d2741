//! The part of a code sample a snippet shows, chosen as DocFX chooses it: by line ranges
//! (`?range=2,5-7,9-`, `?start=3&end=10`, `#L12-L16`), by region or tag (`?name=Region`,
//! `#Region`: `#region` blocks and `<Snippet1>` comments in any language's comment syntax),
//! with lines to mark (`?highlight=5-6`) and indentation removed (`?dedent=4`, else the
//! indentation every line shares).

use regex::Regex;
use std::sync::LazyLock;

/// What a snippet reference asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selector {
    pub name: Option<String>,
    /// 1-based inclusive line ranges; `None` as the end means "to the last line".
    pub ranges: Vec<(usize, Option<usize>)>,
    pub highlight: Vec<(usize, Option<usize>)>,
    pub dedent: Option<usize>,
    /// Problems with the query itself (`range=abc`).
    pub problems: Vec<String>,
}

impl Selector {
    /// The `range` or `highlight` ranges of a selector parsed from `?key=...`.
    pub(crate) fn ranges_or_highlight(self, key: &str) -> Vec<(usize, Option<usize>)> {
        if key == "highlight" {
            self.highlight
        } else {
            self.ranges
        }
    }
}

/// The selected code, and its lines to mark (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippet {
    pub code: String,
    pub highlight: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SelectError {
    /// No region or tag of that name; the names the file has.
    UnknownName(String, Vec<String>),
    /// A region whose end is missing.
    Unclosed(String),
    /// The ranges select no line of the file (it has this many).
    OutOfRange(usize),
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectError::UnknownName(n, names) if names.is_empty() => {
                write!(f, "has no region or tag `{n}` (it has none)")
            }
            SelectError::UnknownName(n, names) => write!(
                f,
                "has no region or tag `{n}`; it has {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SelectError::Unclosed(n) => write!(f, "opens `{n}` but never closes it"),
            SelectError::OutOfRange(len) => {
                write!(f, "has {len} lines; the range selects none of them")
            }
        }
    }
}

/// Splits a snippet target `path?query#fragment` into the path and what it selects.
pub(crate) fn parse_target(target: &str) -> (&str, Selector) {
    let (rest, fragment) = match target.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (target, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    let mut sel = Selector::default();
    let (mut start, mut end) = (None, None);
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v);
        match k.to_ascii_lowercase().as_str() {
            "name" => sel.name = Some(v).filter(|v| !v.is_empty()),
            "range" => sel.ranges = ranges(&v, &mut sel.problems, "range"),
            "highlight" => sel.highlight = ranges(&v, &mut sel.problems, "highlight"),
            "start" => start = number(&v, &mut sel.problems, "start"),
            "end" => end = number(&v, &mut sel.problems, "end"),
            "dedent" => sel.dedent = number(&v, &mut sel.problems, "dedent"),
            _ => {}
        }
    }
    if start.is_some() || end.is_some() {
        sel.ranges.push((start.unwrap_or(1), end));
    }
    if let Some(f) = fragment.map(percent_decode).filter(|f| !f.is_empty()) {
        match line_fragment(&f) {
            Some(r) => sel.ranges.push(r),
            None => sel.name = Some(f),
        }
    }
    (path, sel)
}

/// `L12-L16`, `L12`.
fn line_fragment(f: &str) -> Option<(usize, Option<usize>)> {
    let f = f.strip_prefix(['L', 'l'])?;
    let (a, b) = match f.split_once('-') {
        Some((a, b)) => (a, Some(b.strip_prefix(['L', 'l']).unwrap_or(b))),
        None => (f, None),
    };
    let a: usize = a.parse().ok()?;
    match b {
        Some(b) => Some((a, Some(b.parse().ok()?))),
        None => Some((a, Some(a))),
    }
}

fn number(v: &str, problems: &mut Vec<String>, key: &str) -> Option<usize> {
    match v.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(format!("`{key}={v}` is not a number"));
            None
        }
    }
}

/// `2,5-7,9-`.
fn ranges(v: &str, problems: &mut Vec<String>, key: &str) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = match part.split_once('-') {
            Some((a, b)) => {
                let a = if a.trim().is_empty() {
                    Some(1)
                } else {
                    a.trim().parse().ok()
                };
                let b = if b.trim().is_empty() {
                    Some(None)
                } else {
                    b.trim().parse().ok().map(Some)
                };
                a.zip(b)
            }
            None => part.parse().ok().map(|n| (n, Some(n))),
        };
        match parsed {
            Some(r) => out.push(r),
            None => problems.push(format!("`{key}={v}`: `{part}` is not a line or a range")),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// A line that marks a region: `#region Name`, `#endregion`, or a tag comment such as
/// `// <Snippet1>`, `' </Name>`, `<!-- <Name> -->`, `# <Name>`, `-- <Name>`, `REM <Name>`.
enum Marker {
    Start(String),
    End(Option<String>),
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^\s*(?://+|'|#|--|::|rem\b|;|<!--|/\*|\(\*|%|\{/\*)\s*<(/?)\s*([\w.\-:]+)\s*>\s*(?:-->|\*/\}?|\*\))?\s*$"#,
    )
    .expect("valid regex")
});
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^\s*(?://\s*)?#\s*(region|end\s*region)\b\s*"?([^"\r\n]*?)"?\s*$"#)
        .expect("valid regex")
});

fn marker(line: &str) -> Option<Marker> {
    if !line.contains('<') && !line.contains('#') {
        return None;
    }
    if let Some(c) = TAG.captures(line) {
        let name = c[2].to_string();
        return Some(if c[1].is_empty() {
            Marker::Start(name)
        } else {
            Marker::End(Some(name))
        });
    }
    let c = REGION.captures(line)?;
    let name = c[2].trim().to_string();
    Some(if c[1].eq_ignore_ascii_case("region") {
        Marker::Start(name)
    } else {
        Marker::End(None)
    })
}

/// The lines of `text` between the start and end markers of `name` (letter case ignored;
/// `1` also finds DocFX's `<Snippet1>`), as indexes into `lines`.
fn region(lines: &[&str], name: &str) -> Result<Vec<usize>, SelectError> {
    let markers: Vec<Option<Marker>> = lines.iter().map(|l| marker(l)).collect();
    let names = || {
        let mut n: Vec<String> = markers
            .iter()
            .filter_map(|m| match m {
                Some(Marker::Start(n)) if !n.is_empty() => Some(n.clone()),
                _ => None,
            })
            .collect();
        n.sort_by_key(|s| s.to_ascii_lowercase());
        n.dedup_by_key(|s| s.to_ascii_lowercase());
        n
    };
    let wanted: Vec<String> = if name.bytes().all(|b| b.is_ascii_digit()) {
        vec![name.to_string(), format!("snippet{name}")]
    } else {
        vec![name.to_string()]
    };
    let start = wanted.iter().find_map(|w| {
        markers
            .iter()
            .position(|m| matches!(m, Some(Marker::Start(n)) if n.eq_ignore_ascii_case(w)))
    });
    let Some(start) = start else {
        return Err(SelectError::UnknownName(name.to_string(), names()));
    };
    let Some(Marker::Start(found)) = &markers[start] else {
        unreachable!("position found a start marker")
    };
    // `#endregion` closes the innermost open region; a named end tag closes its own.
    let is_region = REGION.is_match(lines[start]);
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (i, m) in markers.iter().enumerate().skip(start + 1) {
        match m {
            Some(Marker::End(Some(n))) if n.eq_ignore_ascii_case(found) => return Ok(out),
            Some(Marker::End(None)) if depth == 0 && is_region => return Ok(out),
            Some(Marker::End(None)) => depth = depth.saturating_sub(1),
            Some(Marker::Start(_)) if REGION.is_match(lines[i]) => depth += 1,
            Some(_) => {}
            // Other regions' marker lines are not part of the code shown.
            None => out.push(i),
        }
    }
    Err(SelectError::Unclosed(found.clone()))
}

/// The part of `text` that `sel` asks for.
pub(crate) fn select(text: &str, sel: &Selector) -> Result<Snippet, SelectError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut chosen: Vec<usize> = match &sel.name {
        Some(name) => region(&lines, name)?,
        None => (0..lines.len()).collect(),
    };
    if !sel.ranges.is_empty() {
        // Ranges count the lines of the region when there is one, else of the file.
        let base = chosen;
        chosen = Vec::new();
        for &(a, b) in &sel.ranges {
            let b = b.unwrap_or(base.len()).min(base.len());
            for n in a.max(1)..=b {
                chosen.push(base[n - 1]);
            }
        }
        if chosen.is_empty() && !base.is_empty() {
            return Err(SelectError::OutOfRange(base.len()));
        }
    }
    let picked: Vec<&str> = chosen.iter().map(|&i| lines[i]).collect();
    let cut = match sel.dedent {
        Some(n) => n,
        None => common_indent(&picked),
    };
    let mut code = String::with_capacity(picked.iter().map(|l| l.len() + 1).sum());
    for l in &picked {
        code.push_str(strip_indent(l, cut));
        code.push('\n');
    }
    let count = picked.len();
    let highlight = sel
        .highlight
        .iter()
        .filter_map(|&(a, b)| {
            let b = b.unwrap_or(count).min(count);
            (a.max(1) <= b).then_some((a.max(1), b))
        })
        .collect();
    Ok(Snippet { code, highlight })
}

/// The columns of leading whitespace every non-blank line shares (a tab counts as one).
fn common_indent(lines: &[&str]) -> usize {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0)
}

/// `line` without up to `n` leading spaces or tabs.
fn strip_indent(line: &str, n: usize) -> &str {
    let ws = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[ws.min(n)..]
}

#[cfg(test)]
mod tests {
    use super::*;

    const CS: &str = "using System;\n\nclass P\n{\n    #region Main\n    static void Main()\n    {\n        // <Greeting>\n        Console.WriteLine(\"hi\");\n        // </Greeting>\n    }\n    #endregion\n}\n";

    fn pick(target: &str, text: &str) -> Result<Snippet, SelectError> {
        let (_, sel) = parse_target(target);
        assert!(sel.problems.is_empty(), "{:?}", sel.problems);
        select(text, &sel)
    }

    #[test]
    fn ranges_and_lists() {
        let text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        assert_eq!(
            pick("a.txt?range=2,5-7,9-", text).unwrap().code,
            "2\n5\n6\n7\n9\n10\n"
        );
        assert_eq!(pick("a.txt?start=3&end=4", text).unwrap().code, "3\n4\n");
        assert_eq!(pick("a.txt#L8-L9", text).unwrap().code, "8\n9\n");
        assert_eq!(pick("a.txt#L10", text).unwrap().code, "10\n");
        assert_eq!(
            pick("a.txt?range=20-30", text),
            Err(SelectError::OutOfRange(10))
        );
    }

    #[test]
    fn regions_and_tags_by_name_or_fragment() {
        let main = pick("p.cs?name=main", CS).unwrap();
        // Dedented, and the tag lines of the nested snippet left out.
        assert_eq!(
            main.code,
            "static void Main()\n{\n    Console.WriteLine(\"hi\");\n}\n"
        );
        assert_eq!(
            pick("p.cs#Greeting", CS).unwrap().code,
            "Console.WriteLine(\"hi\");\n"
        );
        match pick("p.cs#Nope", CS) {
            Err(SelectError::UnknownName(n, names)) => {
                assert_eq!(n, "Nope");
                assert_eq!(names, ["Greeting", "Main"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn comment_styles_of_many_languages() {
        let vb = "Module M\n    ' <Snippet2>\n    Sub Main()\n    End Sub\n    ' </Snippet2>\n#Region \"Other\"\nDim x\n#End Region\nEnd Module\n";
        assert_eq!(pick("m.vb#2", vb).unwrap().code, "Sub Main()\nEnd Sub\n");
        assert_eq!(pick("m.vb?name=other", vb).unwrap().code, "Dim x\n");
        let xml = "<configuration>\n  <!-- <Rules> -->\n  <rule name=\"a\" />\n  <!-- </Rules> -->\n</configuration>\n";
        assert_eq!(
            pick("w.xml#Rules", xml).unwrap().code,
            "<rule name=\"a\" />\n"
        );
        let ps = "# <Install>\nInstall-WindowsFeature Web-Server\n# </Install>\n";
        assert_eq!(
            pick("i.ps1#install", ps).unwrap().code,
            "Install-WindowsFeature Web-Server\n"
        );
        let sql = "-- <Q>\nSELECT 1;\n-- </Q>\n";
        assert_eq!(pick("q.sql#Q", sql).unwrap().code, "SELECT 1;\n");
        let cmd = "REM <Setup>\nappcmd list site\nREM </Setup>\n";
        assert_eq!(pick("s.cmd#Setup", cmd).unwrap().code, "appcmd list site\n");
    }

    #[test]
    fn highlight_and_dedent() {
        let s = pick("p.cs?name=Main&highlight=2-3,9&dedent=2", CS).unwrap();
        assert_eq!(s.highlight, [(2, 3)]);
        assert!(s.code.starts_with("  static void Main()\n"), "{}", s.code);
        let s = pick("p.cs?highlight=1,12-", CS).unwrap();
        assert_eq!(s.highlight, [(1, 1), (12, 13)]);
    }

    #[test]
    fn bad_queries_are_reported_and_unclosed_regions_too() {
        let (_, sel) = parse_target("a.cs?range=x-2&dedent=four");
        assert_eq!(sel.problems.len(), 2);
        assert_eq!(
            pick("a.cs#Open", "// <Open>\nx\n"),
            Err(SelectError::Unclosed("Open".into()))
        );
    }
}
