//! Stage 2: turn each loaded text file into what it is: a page (article, FAQ, landing), a TOC,
//! a redirect map, or a fragment that pages pull in (includes, code samples).

use crate::diag::{Diagnostic, Kind};
use crate::frontmatter::{self, yaml_error, FrontMatter};
use crate::load::{LocaleSources, TextFile};
use crate::model::{
    Body, FaqQuestion, FaqSection, LandingCard, LandingLink, LandingList, Md, PageKind, Redirect,
};
use crate::paths;
use rayon::prelude::*;
use serde_yaml::Value;

#[derive(Debug)]
pub struct ParsedPage {
    pub source: String,
    pub key: String,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub title: String,
    pub body: Body,
}

#[derive(Debug)]
pub enum Parsed {
    Page(Box<ParsedPage>),
    Toc(crate::toc::ParsedToc),
    Redirects(Vec<Redirect>),
    Fragment(TextFile),
    Skipped,
}

#[derive(Debug, Default)]
pub struct ParsedLocale {
    pub items: Vec<Parsed>,
    pub assets: Vec<String>,
}

pub fn parse_locale(locale: usize, src: LocaleSources) -> (ParsedLocale, Vec<Diagnostic>) {
    let results: Vec<(Parsed, Vec<Diagnostic>)> = src
        .texts
        .into_par_iter()
        .map(|f| parse_file(locale, f))
        .collect();
    let mut diags = Vec::new();
    let mut items = Vec::with_capacity(results.len());
    for (p, d) in results {
        diags.extend(d);
        items.push(p);
    }
    (
        ParsedLocale {
            items,
            assets: src.assets,
        },
        diags,
    )
}

fn is_include(rel: &str) -> bool {
    rel.split('/')
        .rev()
        .skip(1)
        .any(|seg| seg.eq_ignore_ascii_case("includes") || seg.eq_ignore_ascii_case("_includes"))
}

pub fn is_redirect_map(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with(".openpublishing.redirection") && name.ends_with(".json")
}

pub fn parse_file(locale: usize, f: TextFile) -> (Parsed, Vec<Diagnostic>) {
    let lower = f.rel.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if crate::toc::is_toc_file(&f.rel) {
        let (toc, d) = crate::toc::parse(&f.rel, &f.text);
        return (Parsed::Toc(toc), d);
    }
    if is_redirect_map(&f.rel) {
        let (r, d) = parse_redirects(locale, &f.rel, &f.text);
        return (Parsed::Redirects(r), d);
    }
    match ext {
        "md" | "markdown" if !is_include(&f.rel) => parse_article(f),
        "yml" | "yaml" if !is_include(&f.rel) => parse_yaml_page(f),
        // Other JSON and YAML files may be `:::code` samples.
        "json" => (Parsed::Fragment(f), Vec::new()),
        _ => (Parsed::Fragment(f), Vec::new()),
    }
}

fn key_of(rel: &str) -> String {
    rel.rsplit_once('.').map_or(rel, |(k, _)| k).to_string()
}

fn file_stem_title(key: &str) -> String {
    let stem = key.rsplit('/').next().unwrap_or(key);
    let t = stem.replace(['-', '_'], " ");
    let mut c = t.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn parse_article(f: TextFile) -> (Parsed, Vec<Diagnostic>) {
    let split = frontmatter::split(&f.text);
    let (front, diags) = match split.yaml {
        Some(y) => frontmatter::parse(y, split.yaml_line, &f.rel),
        None => (FrontMatter::default(), Vec::new()),
    };
    let key = key_of(&f.rel);
    let title = front
        .title()
        .map(str::to_string)
        .or_else(|| frontmatter::first_h1(split.body))
        .unwrap_or_else(|| file_stem_title(&key));
    let start = split.body.as_ptr() as usize - f.text.as_ptr() as usize;
    let body_line = split.body_line;
    let body = Body::Markdown(Md::with_offset(f.text, start, body_line));
    let page = ParsedPage {
        source: f.rel,
        key,
        kind: PageKind::Article,
        front,
        title,
        body,
    };
    (Parsed::Page(Box::new(page)), diags)
}

/// `### YamlMime:FAQ` and `### YamlMime:Landing` files; other YAML files are not pages.
fn parse_yaml_page(f: TextFile) -> (Parsed, Vec<Diagnostic>) {
    let first = f.text.lines().next().unwrap_or("").trim();
    let kind = match first.strip_prefix("### YamlMime:").map(str::trim) {
        Some("FAQ") => PageKind::Faq,
        Some("Landing") | Some("Hub") => PageKind::Landing,
        // Not a page; it may still be a `:::code` sample.
        _ => return (Parsed::Fragment(f), Vec::new()),
    };
    let v: Value = match serde_yaml::from_str(&f.text) {
        Ok(v) => v,
        Err(e) => return (Parsed::Skipped, vec![yaml_error(&e, 1, &f.rel, Kind::Yaml)]),
    };
    let mut diags = Vec::new();
    let meta_line = frontmatter::key_line(&f.text, "metadata") + 2;
    let (front, d) = match v.get("metadata").and_then(Value::as_mapping) {
        Some(m) => frontmatter::from_mapping(m, &f.text, meta_line - 1, &f.rel),
        None => (FrontMatter::default(), Vec::new()),
    };
    diags.extend(d);
    let text_of = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let key = key_of(&f.rel);
    let title = text_of("title")
        .or_else(|| front.title().map(str::to_string))
        .unwrap_or_else(|| file_stem_title(&key));
    let summary = Md {
        text: text_of("summary").unwrap_or_default(),
        start: 0,
        line: frontmatter::key_line(&f.text, "summary") + 1,
    };
    let mut cursor = KeyCursor::new(&f.text);
    let body = match kind {
        PageKind::Faq => {
            let mut sections = Vec::new();
            if let Some(qs) = v.get("questions").and_then(Value::as_sequence) {
                sections.push(FaqSection {
                    name: String::new(),
                    questions: faq_questions(qs, &mut cursor),
                });
            }
            for s in items(&v, "sections") {
                let qs = s.get("questions").and_then(Value::as_sequence);
                sections.push(FaqSection {
                    name: text(s, "name").trim().to_string(),
                    questions: qs
                        .map(|q| faq_questions(q, &mut cursor))
                        .unwrap_or_default(),
                });
            }
            if sections.iter().all(|s| s.questions.is_empty()) {
                diags.push(Diagnostic::new(Kind::Yaml, &f.rel, "FAQ has no `questions`").at(1, 1));
            }
            Body::Faq {
                summary,
                sections,
                source: f.text,
            }
        }
        _ => {
            let mut cards = Vec::new();
            for c in items(&v, "landingContent") {
                let mut lists = Vec::new();
                for l in items(c, "linkLists") {
                    let links = items(l, "links")
                        .filter_map(|k| {
                            let text = k.get("text").and_then(Value::as_str)?.to_string();
                            let url = k.get("url").and_then(Value::as_str)?.to_string();
                            let line = cursor.next_key("url");
                            Some(LandingLink { text, url, line })
                        })
                        .collect();
                    lists.push(LandingList {
                        kind: text(l, "linkListType").to_string(),
                        links,
                    });
                }
                cards.push(LandingCard {
                    title: text(c, "title").to_string(),
                    lists,
                });
            }
            Body::Landing { summary, cards }
        }
    };
    let page = ParsedPage {
        source: f.rel,
        key,
        kind,
        front,
        title,
        body,
    };
    (Parsed::Page(Box::new(page)), diags)
}

/// The elements of sequence `key` of a YAML mapping (none when absent or not a sequence).
fn items<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    v.get(key)
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
}

/// String `key` of a YAML mapping, or empty.
fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn faq_questions(qs: &[Value], cursor: &mut KeyCursor) -> Vec<FaqQuestion> {
    qs.iter()
        .filter_map(|q| {
            let question = q
                .get("question")
                .and_then(Value::as_str)?
                .trim()
                .to_string();
            let answer = q
                .get("answer")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let line = cursor.next_key("answer");
            Some(FaqQuestion {
                question,
                answer: Md::new(answer, line),
            })
        })
        .collect()
}

/// Walks a YAML text forward to find the line of the next `key:`, since serde_yaml keeps no
/// positions. Block scalars (`answer: |`) start on the next line.
struct KeyCursor<'a> {
    lines: Vec<&'a str>,
    at: usize,
}

impl<'a> KeyCursor<'a> {
    fn new(text: &'a str) -> Self {
        KeyCursor {
            lines: text.lines().collect(),
            at: 0,
        }
    }

    fn next_key(&mut self, key: &str) -> u32 {
        for i in self.at..self.lines.len() {
            let t = self.lines[i].trim_start().trim_start_matches("- ");
            if let Some(rest) = t.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                self.at = i + 1;
                let block = matches!(rest.trim(), "|" | ">" | "|-" | ">-" | "|+" | ">+" | "");
                return i as u32 + 1 + u32::from(block);
            }
        }
        0
    }
}

fn parse_redirects(locale: usize, rel: &str, text: &str) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return (
                Vec::new(),
                vec![
                    Diagnostic::new(Kind::Redirect, rel, format!("invalid JSON: {e}"))
                        .at(e.line() as u32, e.column() as u32)
                        .severity(crate::diag::Severity::Error),
                ],
            )
        }
    };
    let base = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let mut cursor = KeyCursor::new(text);
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for r in v
        .get("redirections")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        let line = cursor.next_key("\"source_path\"");
        let src = r.get("source_path").and_then(|s| s.as_str());
        let to = r.get("redirect_url").and_then(|s| s.as_str());
        match (src, to) {
            (Some(src), Some(to)) => match paths::join(base, src.trim_start_matches('/')) {
                Some(path) if !path.is_empty() => out.push(Redirect {
                    locale,
                    from: key_of(&path),
                    to: to.to_string(),
                    declared_in: rel.to_string(),
                    line,
                }),
                _ => diags.push(
                    Diagnostic::new(
                        Kind::Redirect,
                        rel,
                        format!(
                            "redirect source `{src}` is outside the content folder; it was ignored"
                        ),
                    )
                    .at(line, 1)
                    .target(src),
                ),
            },
            _ => diags.push(
                Diagnostic::new(
                    Kind::Redirect,
                    rel,
                    "redirect needs `source_path` and `redirect_url`",
                )
                .at(line, 1),
            ),
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tf(rel: &str, text: &str) -> TextFile {
        TextFile {
            rel: rel.into(),
            text: text.into(),
        }
    }

    #[test]
    fn faq_answers_know_their_lines() {
        let y = "### YamlMime:FAQ\nmetadata:\n  title: T\ntitle: Q&A\nsummary: s\nsections:\n- name: S\n  questions:\n  - question: Why?\n    answer: |\n      Because.\n";
        let (p, d) = parse_file(0, tf("faq.yml", y));
        assert!(d.is_empty(), "{d:?}");
        let Parsed::Page(p) = p else { panic!() };
        let Body::Faq { sections, .. } = p.body else {
            panic!()
        };
        assert_eq!(sections[0].questions[0].answer.line, 11);
        assert_eq!(p.title, "Q&A");
    }

    #[test]
    fn redirect_document_id_any_type() {
        let j = r#"{"redirections":[{"source_path":"a/b.md","redirect_url":"/x/c","redirect_document_id":"FALSE"},{"source_path":"d.md","redirect_url":"e","redirect_document_id":true}]}"#;
        let (r, d) = parse_redirects(0, ".openpublishing.redirection.json", j);
        assert!(d.is_empty());
        assert_eq!(r[0].from, "a/b");
        assert_eq!(r[1].to, "e");
    }

    #[test]
    fn includes_are_fragments() {
        assert!(matches!(
            parse_file(0, tf("a/includes/x.md", "hi")).0,
            Parsed::Fragment(_)
        ));
        assert!(matches!(
            parse_file(0, tf("a/x.yml", "foo: 1")).0,
            Parsed::Fragment(_)
        ));
    }
}
