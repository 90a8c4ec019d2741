//! Stage 2: turn each loaded text file into what it is: a page (article, FAQ, landing), a TOC,
//! a redirect map, or a fragment that pages pull in (includes, code samples).

use crate::diag::{Diagnostic, Kind};
use crate::frontmatter::{self, FrontMatter};
use crate::load::{LocaleSources, TextFile};
use crate::model::{
    Body, FaqQuestion, FaqSection, LandingCard, LandingLink, LandingList, Md, PageKind, Redirect,
};
use rayon::prelude::*;
use serde_yaml::Value;
use std::borrow::Cow;

mod hub;
mod redirects;

pub(crate) use redirects::is_redirect_map;
use redirects::parse_redirects;

#[derive(Debug)]
pub(crate) struct ParsedPage {
    pub source: String,
    pub key: String,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub title: String,
    pub body: Body,
}

#[derive(Debug)]
pub(crate) enum Parsed {
    Page(Box<ParsedPage>),
    Toc(crate::toc::ParsedToc),
    Redirects(Vec<Redirect>),
    Docset(crate::docfx::Docset),
    Fragment(TextFile),
    Skipped,
}

#[derive(Debug, Default)]
pub(crate) struct ParsedLocale {
    pub items: Vec<Parsed>,
    pub assets: Vec<String>,
    /// See [`LocaleSources::dependent_dirs`].
    pub dependent_dirs: Vec<String>,
    /// See [`LocaleSources::repo`].
    pub repo: Option<std::sync::Arc<crate::publish::Repo>>,
}

pub(crate) fn parse_locale(locale: usize, src: LocaleSources) -> (ParsedLocale, Vec<Diagnostic>) {
    let dependent = |rel: &str| {
        let lower = rel.to_ascii_lowercase();
        src.dependent_dirs.iter().any(|d| lower.starts_with(d))
    };
    let results: Vec<(Parsed, Vec<Diagnostic>)> = src
        .texts
        .into_par_iter()
        .map(|f| {
            // A dependent repository lends includes and samples; it publishes nothing here.
            if dependent(&f.rel) {
                (Parsed::Fragment(f), Vec::new())
            } else {
                parse_file(locale, f)
            }
        })
        .collect();
    let mut diags = Vec::new();
    let mut items = Vec::with_capacity(results.len() + src.repo_redirects.len());
    for f in &src.repo_redirects {
        let (r, d) = parse_redirects(locale, &f.rel, &f.text, Some(&src.repo_prefix));
        diags.extend(d);
        items.push(Parsed::Redirects(r));
    }
    for (p, d) in results {
        diags.extend(d);
        items.push(p);
    }
    (
        ParsedLocale {
            items,
            assets: src.assets,
            dependent_dirs: src.dependent_dirs,
            repo: src.repo,
        },
        diags,
    )
}

/// Whether a file that is not a page now could become one by its content (Markdown, or YAML
/// that a `### YamlMime:` line makes a page).
pub(crate) fn could_be_page(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    !is_include(rel)
        && [".md", ".markdown", ".yml", ".yaml"]
            .iter()
            .any(|e| lower.ends_with(e))
}

fn is_include(rel: &str) -> bool {
    rel.split('/')
        .rev()
        .skip(1)
        .any(|seg| seg.eq_ignore_ascii_case("includes") || seg.eq_ignore_ascii_case("_includes"))
}

pub(crate) fn parse_file(locale: usize, f: TextFile) -> (Parsed, Vec<Diagnostic>) {
    let lower = f.rel.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if crate::toc::is_toc_file(&f.rel) {
        let (toc, d) = crate::toc::parse(&f.rel, &f.text);
        return (Parsed::Toc(toc), d);
    }
    if crate::docfx::is_docfx_json(&f.rel) {
        let (docset, d) = crate::docfx::Docset::parse(&f.rel, &f.text);
        return (docset.map_or(Parsed::Skipped, Parsed::Docset), d);
    }
    if is_redirect_map(&f.rel) {
        let (r, d) = parse_redirects(locale, &f.rel, &f.text, None);
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
    let (front, mut diags) = match split.yaml {
        Some(y) => frontmatter::parse(y, split.yaml_line, &f.rel),
        None => (FrontMatter::default(), Vec::new()),
    };
    if split.unclosed {
        diags.push(
            Diagnostic::new(
                Kind::FrontMatter,
                &f.rel,
                "front matter opened with `---` on line 1 is never closed by a `---` line; the file was read as body text",
            )
            // A page may also open with a thematic break.
            .severity(crate::diag::Severity::Warning)
            .at(1, 1),
        );
    }
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

/// `### YamlMime:FAQ`, `### YamlMime:Landing` and `### YamlMime:Hub` files; other YAML files
/// are not pages.
fn parse_yaml_page(f: TextFile) -> (Parsed, Vec<Diagnostic>) {
    let kind = match yaml_kind(&f) {
        Ok(kind) => kind,
        // Not a page; it may still be a `:::code` sample.
        Err(notes) => return (Parsed::Fragment(f), notes),
    };
    let v: Value = match frontmatter::parse_yaml(&f.text, 1, &f.rel, Kind::Yaml) {
        Ok(v) => v,
        Err(d) => return (Parsed::Skipped, vec![d]),
    };
    let mut diags = Vec::new();
    let front = yaml_front(&v, &f, &mut diags);
    let mut cursor = KeyCursor::new(&f.text);
    let mut check = TypeCheck {
        file: &f.rel,
        text: &f.text,
        diags: &mut diags,
    };
    let text_of = |check: &mut TypeCheck, k: &str| check.top_str(&v, k).map(Cow::into_owned);
    let key = key_of(&f.rel);
    let heading = text_of(&mut check, "title");
    // A hub's `<title>` is its `metadata.title`, its visible heading its `title` (as on Learn).
    let title = match kind {
        PageKind::Hub => front.title().map(str::to_string).or(heading.clone()),
        _ => heading
            .clone()
            .or_else(|| front.title().map(str::to_string)),
    }
    .unwrap_or_else(|| file_stem_title(&key));
    let summary = Md {
        text: text_of(&mut check, "summary").unwrap_or_default(),
        start: 0,
        line: frontmatter::key_line(&f.text, "summary") + 1,
    };
    let body = match kind {
        PageKind::Hub => {
            let heading = heading.unwrap_or_else(|| title.clone());
            hub::parse(&v, &f.text, heading, summary, &mut check)
        }
        PageKind::Faq => {
            let sections = faq_sections(&v, &mut cursor, &mut check);
            if sections.iter().all(|s| s.questions.is_empty()) {
                diags.push(Diagnostic::new(Kind::Yaml, &f.rel, "FAQ has no `questions`").at(1, 1));
            }
            Body::Faq {
                summary,
                sections,
                source: f.text,
            }
        }
        _ => Body::Landing {
            summary,
            cards: landing_cards(&v, &mut cursor, &mut check),
        },
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

/// The front matter of YAML page `f` (`v` as read): its `metadata`; problems go to `diags`.
fn yaml_front(v: &Value, f: &TextFile, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    let meta_line = frontmatter::key_line(&f.text, "metadata") + 2;
    let (front, d) = match v.get("metadata").and_then(Value::as_mapping) {
        Some(m) => frontmatter::from_mapping(m, &f.text, meta_line - 1, &f.rel),
        None => (FrontMatter::default(), Vec::new()),
    };
    diags.extend(d);
    if v.get("metadata").is_some_and(|m| !m.is_mapping()) {
        let mut check = TypeCheck {
            file: &f.rel,
            text: &f.text,
            diags,
        };
        check.wrong(
            frontmatter::key_line(&f.text, "metadata") + 1,
            "metadata",
            "a mapping of keys",
        );
    }
    front
}

/// The page kind of a YAML file, from its `### YamlMime:` line; `Err` when the file is not a
/// page, with a note when it is a YAML type ajuda does not render.
fn yaml_kind(f: &TextFile) -> Result<PageKind, Vec<Diagnostic>> {
    let first = f.text.lines().next().unwrap_or_default().trim();
    match first.strip_prefix("### YamlMime:").map(str::trim) {
        Some("FAQ") => Ok(PageKind::Faq),
        Some("Landing") => Ok(PageKind::Landing),
        Some("Hub") => Ok(PageKind::Hub),
        // A type ajuda does not render (`ContextObject`, reference pages...): not published,
        // and said so, rather than an empty page. It may still be a `:::code` sample.
        Some(other) => {
            let note = Diagnostic::new(
                Kind::Yaml,
                &f.rel,
                format!("`YamlMime:{other}` is a YAML type ajuda does not render; the file was not published"),
            )
            .severity(crate::diag::Severity::Note)
            .at(1, 1);
            Err(vec![note])
        }
        None => Err(Vec::new()),
    }
}

/// A FAQ's sections: its top-level `questions` (as a section without a name), then each of
/// its `sections`.
fn faq_sections(v: &Value, cursor: &mut KeyCursor, check: &mut TypeCheck) -> Vec<FaqSection> {
    let mut sections = Vec::new();
    if let Some(qs) = check.top_seq(v, "questions") {
        sections.push(FaqSection {
            name: String::new(),
            questions: faq_questions(qs, cursor, check),
        });
    }
    for s in check.top_seq(v, "sections").unwrap_or_default() {
        let line = cursor.next_key("name");
        let name = check
            .field_str(s, "name", line)
            .unwrap_or_default()
            .trim()
            .to_string();
        let qs = check.field_seq(s, "questions", cursor.peek_key("questions"));
        sections.push(FaqSection {
            name,
            questions: qs
                .map(|q| faq_questions(q, cursor, check))
                .unwrap_or_default(),
        });
    }
    sections
}

/// A landing page's cards (`landingContent`), each with its link lists.
fn landing_cards(v: &Value, cursor: &mut KeyCursor, check: &mut TypeCheck) -> Vec<LandingCard> {
    let mut cards = Vec::new();
    // Cards' `title:` keys come after the page's own.
    cursor.at = frontmatter::key_line(check.text, "landingContent") as usize;
    for c in check.top_seq(v, "landingContent").unwrap_or_default() {
        let title_line = cursor.next_key("title");
        let title = check
            .field_str(c, "title", title_line)
            .unwrap_or_default()
            .to_string();
        let mut lists = Vec::new();
        let lists_line = cursor.peek_key("linkLists");
        for l in check
            .field_seq(c, "linkLists", lists_line)
            .unwrap_or_default()
        {
            let type_line = cursor.peek_key("linkListType");
            let list_kind = check
                .field_str(l, "linkListType", type_line)
                .unwrap_or_default();
            let links_line = cursor.peek_key("links");
            let ks = check.field_seq(l, "links", links_line).unwrap_or_default();
            lists.push(LandingList {
                kind: list_kind.to_string(),
                links: landing_links(ks, cursor, check),
            });
        }
        cards.push(LandingCard { title, lists });
    }
    cards
}

/// The links `ks` of a landing list; one without `text` or `url` is a problem.
fn landing_links(ks: &[Value], cursor: &mut KeyCursor, check: &mut TypeCheck) -> Vec<LandingLink> {
    let mut links = Vec::new();
    for k in ks {
        let text_line = cursor.peek_key("text");
        let line = cursor.next_key("url");
        let text = check.field_str(k, "text", text_line);
        let url = check.field_str(k, "url", line);
        match (text, url) {
            (Some(text), Some(url)) => links.push(LandingLink {
                text: text.to_string(),
                url: url.to_string(),
                line,
            }),
            _ if k.get("text").is_none() || k.get("url").is_none() => {
                check.missing(line.max(text_line), "a landing link needs `text` and `url`");
            }
            _ => {}
        }
    }
    links
}

/// Reads typed fields of FAQ and landing YAML, reporting each that is there with the wrong
/// type (it would otherwise vanish from the page without a word).
struct TypeCheck<'a> {
    file: &'a str,
    text: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl<'v> TypeCheck<'_> {
    fn wrong(&mut self, line: u32, key: &str, want: &str) {
        self.diags.push(
            Diagnostic::new(
                Kind::Yaml,
                self.file,
                format!("`{key}` must be {want}; it was ignored"),
            )
            .at(line.max(1), 1),
        );
    }

    fn missing(&mut self, line: u32, message: &str) {
        self.diags
            .push(Diagnostic::new(Kind::Yaml, self.file, message).at(line.max(1), 1));
    }

    /// Text field `key` of `v` (a number or boolean is taken as written: `title: 2024`).
    fn field_str(&mut self, v: &'v Value, key: &str, line: u32) -> Option<Cow<'v, str>> {
        match v.get(key)? {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            Value::Null => None,
            _ => {
                self.wrong(line, key, "text");
                None
            }
        }
    }

    fn field_seq(&mut self, v: &'v Value, key: &str, line: u32) -> Option<&'v [Value]> {
        match v.get(key)? {
            Value::Sequence(s) => Some(s),
            Value::Null => None,
            _ => {
                self.wrong(line, key, "a list");
                None
            }
        }
    }

    fn top_str(&mut self, v: &'v Value, key: &str) -> Option<Cow<'v, str>> {
        let line = frontmatter::key_line(self.text, key) + 1;
        self.field_str(v, key, line)
    }

    fn top_seq(&mut self, v: &'v Value, key: &str) -> Option<&'v [Value]> {
        let line = frontmatter::key_line(self.text, key) + 1;
        self.field_seq(v, key, line)
    }
}

fn faq_questions(qs: &[Value], cursor: &mut KeyCursor, check: &mut TypeCheck) -> Vec<FaqQuestion> {
    let mut out = Vec::with_capacity(qs.len());
    for q in qs {
        let q_line = cursor.peek_key("question");
        let question = check.field_str(q, "question", q_line);
        // Without an `answer:` key the cursor must not walk on to the next entry's.
        let has_answer = q.get("answer").is_some();
        let a_line = if has_answer {
            cursor.next_key("answer")
        } else {
            q_line
        };
        let answer = check.field_str(q, "answer", cursor.key_line);
        let Some(question) = question else {
            if q.get("question").is_none() {
                check.missing(
                    a_line.max(q_line),
                    "FAQ entry has no `question`; it was skipped",
                );
            }
            continue;
        };
        if answer.as_deref().is_none_or(|a| a.trim().is_empty()) {
            check.diags.push(
                Diagnostic::new(
                    Kind::Yaml,
                    check.file,
                    format!("FAQ question `{}` has no answer", question.trim()),
                )
                .severity(crate::diag::Severity::Warning)
                .at(q_line.max(1), 1),
            );
        }
        out.push(FaqQuestion {
            question: question.trim().to_string(),
            answer: Md::new(answer.unwrap_or_default().to_string(), a_line),
        });
    }
    out
}

/// Walks a YAML text forward to find the line of the next `key:`, since serde_yaml keeps no
/// positions. Block scalars (`answer: |`) start on the next line.
struct KeyCursor<'a> {
    lines: Vec<&'a str>,
    at: usize,
    /// The line of the key [`KeyCursor::next_key`] found last (its value may start below).
    key_line: u32,
}

impl<'a> KeyCursor<'a> {
    fn new(text: &'a str) -> Self {
        KeyCursor {
            lines: text.lines().collect(),
            at: 0,
            key_line: 0,
        }
    }

    /// The line of the next `key:` itself, without moving past it (0 if there is none).
    fn peek_key(&mut self, key: &str) -> u32 {
        let (at, key_line) = (self.at, self.key_line);
        let line = match self.next_key(key) {
            0 => 0,
            _ => self.key_line,
        };
        (self.at, self.key_line) = (at, key_line);
        line
    }

    fn next_key(&mut self, key: &str) -> u32 {
        for i in self.at..self.lines.len() {
            let t = self.lines[i].trim_start().trim_start_matches("- ");
            if let Some(rest) = t.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                self.at = i + 1;
                self.key_line = i as u32 + 1;
                let block = matches!(rest.trim(), "|" | ">" | "|-" | ">-" | "|+" | ">+" | "");
                return i as u32 + 1 + u32::from(block);
            }
        }
        0
    }
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
