//! Front matter: the YAML block at the top of an article, parsed into typed Microsoft Docs keys.
//! Every key also stays available to templates as written (`page.meta["ms.service"]`).

use crate::diag::{Diagnostic, Kind};
use serde_yaml::{Mapping, Value};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MsDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl MsDate {
    /// `10/29/2018`, `5/6/2021` (M/D/YYYY as Microsoft Docs writes it) or ISO `2018-10-29`.
    pub fn parse(s: &str) -> Option<MsDate> {
        let s = s.trim();
        let parts: Vec<&str> = if s.contains('/') {
            let p: Vec<&str> = s.split('/').collect();
            if p.len() != 3 {
                return None;
            }
            vec![p[2], p[0], p[1]]
        } else {
            s.split('-').collect()
        };
        if parts.len() != 3 || parts[0].len() != 4 {
            return None;
        }
        let year: u16 = parts[0].trim().parse().ok()?;
        let month: u8 = parts[1].trim().parse().ok()?;
        let day: u8 = parts[2].trim().parse().ok()?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days_in_month).then_some(MsDate { year, month, day })
    }
}

impl fmt::Display for MsDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TranslationType {
    Human,
    Machine,
}

/// Front matter: every key as written (for templates), with typed access to the Microsoft Docs
/// keys. Text keys are read from the map (stored once: a 30,000-page site keeps every page's
/// front matter in memory); dates and the translation type are parsed up front.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub date: Option<MsDate>,
    pub lasthandoff: Option<MsDate>,
    pub translation_type: Option<TranslationType>,
    /// Every key as written, for templates.
    pub all: Meta,
}

/// Front-matter keys and values packed into one string (a page's ~12 keys would otherwise be
/// ~25 small allocations in a map: 40 MB at 30,000 pages). Scalars are kept as text; lists and
/// mappings as JSON, turned back into values only for templates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    text: String,
    /// (key end, value end, value is JSON); each entry starts where the previous one ended.
    entries: Vec<(u32, u32, bool)>,
}

impl Meta {
    pub fn insert(&mut self, key: &str, value: &str, json: bool) {
        self.text.push_str(key);
        let key_end = self.text.len() as u32;
        self.text.push_str(value);
        self.entries.push((key_end, self.text.len() as u32, json));
    }

    /// (key, value, value is JSON) in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        let mut start = 0usize;
        self.entries.iter().map(move |&(k, v, json)| {
            let (k, v) = (k as usize, v as usize);
            let item = (&self.text[start..k], &self.text[k..v], json);
            start = v;
            item
        })
    }

    pub fn get(&self, key: &str) -> Option<(&str, bool)> {
        self.iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, j)| (v, j))
    }

    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.entries.shrink_to_fit();
    }
}

impl serde::Serialize for Meta {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v, json) in self.iter() {
            if json {
                let value: serde_json::Value =
                    serde_json::from_str(v).unwrap_or(serde_json::Value::Null);
                map.serialize_entry(k, &value)?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

macro_rules! text_keys {
    ($($name:ident => $key:literal),* $(,)?) => {
        /// Keys whose value must be text (a scalar).
        const TEXT_KEYS: &[&str] = &[$($key,)* "ms.date", "ms.lasthandoff", "ms.translationtype", "robots"];

        impl FrontMatter {
            $(
                #[doc = concat!("`", $key, "`, trimmed; `None` when absent or empty.")]
                pub fn $name(&self) -> Option<&str> {
                    self.text($key)
                }
            )*
        }
    };
}

text_keys! {
    title => "title",
    title_suffix => "titleSuffix",
    description => "description",
    topic => "ms.topic",
    author => "author",
    ms_author => "ms.author",
    service => "ms.service",
    content_locale => "ms.contentlocale",
    openlocfilehash => "ms.openlocfilehash",
    sourcegitcommit => "ms.sourcegitcommit",
    locfileid => "ms.locfileid",
    uid => "uid",
}

impl FrontMatter {
    /// A scalar key as text (numbers as written, `robots`/`ROBOTS` alike for `robots`).
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.all.get(key)? {
            (s, false) => Some(s.trim()).filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    pub fn robots(&self) -> Option<&str> {
        self.text("robots").or_else(|| self.text("ROBOTS"))
    }
}

/// Fields shown on one line (titles, the author): no control character belongs in them.
fn is_one_line(key: &str) -> bool {
    matches!(
        key,
        "title" | "titleSuffix" | "author" | "ms.author" | "uid"
    )
}

/// A Markdown file cut into its front matter and body.
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line.
    pub yaml_line: u32,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: u32,
    /// The text opens front matter (`---` on line 1) that no `---` closes.
    pub unclosed: bool,
}

/// Cuts `---\n...\n---\n` off the top of `text` (already BOM- and CRLF-free).
pub fn split(text: &str) -> Split<'_> {
    let none = Split {
        yaml: None,
        yaml_line: 0,
        body: text,
        body_line: 1,
        unclosed: false,
    };
    let Some(rest) = text.strip_prefix("---") else {
        return none;
    };
    let Some(rest) = rest
        .strip_prefix('\n')
        .or_else(|| rest.trim_start_matches([' ', '\t']).strip_prefix('\n'))
    else {
        return none;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let yaml_lines = yaml.matches('\n').count() as u32;
            return Split {
                yaml: Some(yaml),
                yaml_line: 2,
                body,
                body_line: 3 + yaml_lines,
                unclosed: false,
            };
        }
        offset += line.len();
    }
    Split {
        unclosed: true,
        ..none
    }
}

/// Parses front matter YAML. `line` is the file line where the YAML starts (for diagnostics).
pub fn parse(yaml: &str, line: u32, file: &str) -> (FrontMatter, Vec<Diagnostic>) {
    if yaml.trim().is_empty() {
        return (FrontMatter::default(), Vec::new());
    }
    match parse_yaml(yaml, line, file, Kind::FrontMatter) {
        Ok(Value::Mapping(m)) => from_mapping(&m, yaml, line, file),
        Ok(Value::Null) => (FrontMatter::default(), Vec::new()),
        Ok(_) => (
            FrontMatter::default(),
            vec![Diagnostic::new(
                Kind::FrontMatter,
                file,
                "front matter is not a YAML mapping of keys",
            )
            .at(line, 1)],
        ),
        Err(mut d) => {
            // At the end of the block ("unclosed bracket"), point at its last line rather than at
            // the closing `---`.
            let last = line + yaml.lines().count().max(1) as u32 - 1;
            if d.line > last {
                d.line = last;
            }
            (FrontMatter::default(), vec![d])
        }
    }
}

/// Deepest `[`/`{` nesting a YAML text may have. The YAML parser takes time quadratic in the
/// nesting (80,000 `[` take seconds), and the deserializer stops at 128 anyway.
pub const MAX_YAML_NESTING: usize = 64;

/// Parses YAML into a value, refusing text nested deeper than [`MAX_YAML_NESTING`] before the
/// parser sees it. `first_line` is the file line where the YAML starts.
pub fn parse_yaml(
    yaml: &str,
    first_line: u32,
    file: &str,
    kind: Kind,
) -> Result<Value, Diagnostic> {
    if let Some(line) = too_deep(yaml) {
        return Err(Diagnostic::new(
            kind,
            file,
            format!("YAML nested more than {MAX_YAML_NESTING} levels deep; not read"),
        )
        .at(first_line + line, 1));
    }
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(&e, first_line, file, kind))
}

/// The 0-based line where flow nesting (`[`, `{`) passes [`MAX_YAML_NESTING`]. Brackets are
/// counted everywhere, quoted text included: an over-count costs a false alarm on absurd
/// text, while an under-count could let a deep input through.
fn too_deep(yaml: &str) -> Option<u32> {
    let mut depth = 0usize;
    let mut line = 0;
    for b in yaml.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_NESTING {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

/// A serde_yaml error as a diagnostic, its line shifted by where the YAML starts in the file.
pub fn yaml_error(e: &serde_yaml::Error, first_line: u32, file: &str, kind: Kind) -> Diagnostic {
    let (l, c) = e
        .location()
        .map_or((0, 1), |loc| (loc.line() as u32 - 1, loc.column() as u32));
    let msg = e.to_string();
    // serde_yaml appends " at line X column Y", which is wrong once shifted: drop it.
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    Diagnostic::new(kind, file, format!("invalid YAML: {msg}")).at(first_line + l, c)
}

/// The front matter of mapping `m`, written in `yaml` from line `line` of `file`: typed keys
/// parsed, every key kept as written; values that cannot be read are warnings.
pub fn from_mapping(
    m: &Mapping,
    yaml: &str,
    line: u32,
    file: &str,
) -> (FrontMatter, Vec<Diagnostic>) {
    let mut r = MappingReader {
        yaml,
        line,
        file,
        diags: Vec::new(),
    };
    let mut fm = FrontMatter {
        date: r.date(m, "ms.date"),
        lasthandoff: r.date(m, "ms.lasthandoff"),
        translation_type: r.translation_type(m),
        all: Meta::default(),
    };
    r.check_text_keys(m);
    r.copy_all(m, &mut fm.all);
    fm.all.shrink();
    (fm, r.diags)
}

/// Reading one front matter mapping: where it is written, and the problems found.
struct MappingReader<'a> {
    yaml: &'a str,
    /// The line the YAML starts at in the file.
    line: u32,
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl MappingReader<'_> {
    /// A warning about `key`, at its line.
    fn warn(&mut self, key: &str, msg: String) {
        self.diags.push(
            Diagnostic::new(Kind::FrontMatter, self.file, msg)
                .severity(crate::diag::Severity::Warning)
                .at(self.line + key_line(self.yaml, key), 1),
        );
    }

    /// The date at `key`; one that is not a date is a warning.
    fn date(&mut self, m: &Mapping, key: &str) -> Option<MsDate> {
        let raw = m.get(key).and_then(scalar_string)?;
        let d = MsDate::parse(&raw);
        if d.is_none() {
            self.warn(
                key,
                format!("`{key}: {raw}` is not a date (expected MM/DD/YYYY)"),
            );
        }
        d
    }

    /// `ms.translationtype`: `HT` or `MT`, in any letter case; another value is a warning.
    fn translation_type(&mut self, m: &Mapping) -> Option<TranslationType> {
        let t = m.get("ms.translationtype").and_then(scalar_string)?;
        match t.to_ascii_uppercase().as_str() {
            "HT" => Some(TranslationType::Human),
            "MT" => Some(TranslationType::Machine),
            _ => {
                self.warn(
                    "ms.translationtype",
                    format!("`ms.translationtype: {t}` is neither HT (human) nor MT (machine); it was ignored"),
                );
                None
            }
        }
    }

    /// Warns of each text key whose value is a list, mapping or tagged value.
    fn check_text_keys(&mut self, m: &Mapping) {
        for key in TEXT_KEYS {
            let what = match m.get(*key) {
                Some(Value::Sequence(_)) => "a list",
                Some(Value::Mapping(_)) => "a mapping",
                Some(Value::Tagged(_)) => "a tagged value",
                _ => continue,
            };
            self.warn(
                key,
                format!("`{key}` must be text, not {what}; it was ignored"),
            );
        }
    }

    /// Every key of `m` into `all`: scalars as text, other values as JSON.
    fn copy_all(&mut self, m: &Mapping, all: &mut Meta) {
        for (k, v) in m {
            if let Some(k) = k.as_str() {
                // Scalars become text (`ms.locfileid: 113798329` is an id, not a number).
                match scalar_string(v) {
                    // A control character in a one-line field (a bell in a title) is invisible
                    // in the page and breaks the feeds' XML: removed, and said.
                    Some(s) if is_one_line(k) && s.chars().any(char::is_control) => {
                        self.warn(
                            k,
                            format!(
                                "`{k}` holds a control character (`{}`); it was removed",
                                s.escape_debug()
                            ),
                        );
                        let clean: String = s.chars().filter(|c| !c.is_control()).collect();
                        all.insert(k, &clean, false);
                    }
                    Some(s) => all.insert(k, &s, false),
                    None => {
                        if let Ok(j) = serde_json::to_string(v) {
                            all.insert(k, &j, true);
                        }
                    }
                }
            }
        }
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// 0-based line of `key:` in a YAML text (0 if not found).
pub fn key_line(yaml: &str, key: &str) -> u32 {
    yaml.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .unwrap_or(0) as u32
}

/// The text of the first `# H1` line of a Markdown body, outside code fences.
pub fn first_h1(body: &str) -> Option<String> {
    // (fence character, length): a fence closes with at least as many of the same character.
    let mut fence: Option<(char, usize)> = None;
    for line in body.lines() {
        let t = line.trim_start();
        let run = |c: char| t.chars().take_while(|&x| x == c).count();
        if let Some((c, n)) = fence {
            if run(c) >= n && t.trim_end().chars().all(|x| x == c) {
                fence = None;
            }
            continue;
        }
        if run('`') >= 3 {
            fence = Some(('`', run('`')));
        } else if run('~') >= 3 {
            fence = Some(('~', run('~')));
        } else if let Some(h) = line.strip_prefix("# ") {
            let h = strip_inline_html(h.trim().trim_end_matches('#').trim());
            return Some(h).filter(|h| !h.is_empty());
        }
    }
    None
}

/// Removes tags such as `<a name="x"></a>` from a heading's text.
pub fn strip_inline_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let is_tag = after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match (is_tag, after.find('>')) {
            (true, Some(j)) => rest = &after[j + 1..],
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.replace(['*', '`'], "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            MsDate::parse("10/29/2018").unwrap().to_string(),
            "2018-10-29"
        );
        assert_eq!(MsDate::parse("5/6/2021").unwrap().to_string(), "2021-05-06");
        assert_eq!(
            MsDate::parse("2021-05-06").unwrap().to_string(),
            "2021-05-06"
        );
        assert!(MsDate::parse("13/01/2020").is_none());
        assert!(MsDate::parse("02/30/2020").is_none());
        assert!(MsDate::parse("yesterday").is_none());
    }

    #[test]
    fn split_front_matter() {
        let s = split("---\ntitle: A\n---\n# Body\n");
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
        assert!(split("no front matter").yaml.is_none());
        assert!(split("---\nunterminated").yaml.is_none());
    }

    #[test]
    fn yaml_error_has_file_line() {
        let (_, d) = parse("title: a\nms.date: [\n", 2, "a.md");
        assert_eq!(d.len(), 1);
        // The unclosed `[` is reported on the block's last line, 3 in the file.
        assert_eq!((d[0].kind, d[0].line), (Kind::FrontMatter, 3), "{:?}", d[0]);
    }

    #[test]
    fn h1_after_a_long_fence() {
        assert_eq!(
            first_h1("````\n```\n# no\n````\n# Yes").as_deref(),
            Some("Yes")
        );
    }

    #[test]
    fn h1_text_without_anchor() {
        assert_eq!(
            first_h1("```\n# no\n```\n# <a name=\"x\"></a>Yes").as_deref(),
            Some("Yes")
        );
    }
}
