//! `FAQPage` JSON-LD for Markdown FAQ articles (`ms.topic: faq`), as YamlMime:FAQ pages have:
//! each `##` is a section, each `###` a question, and its answer everything up to the next
//! `##` or `###`, as plain text. Questions are found in the rendered article (includes expanded,
//! links resolved), by the ids their headings got, which are also their `url`s' anchors.

use crate::markdown::{attr_escape, Heading};
use crate::model::{Page, PageKind};
use crate::render::PageParts;
use serde::Serialize;

#[derive(Serialize)]
struct FaqPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntity")]
    main_entity: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: Answer,
}

#[derive(Serialize)]
struct Answer {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: String,
}

/// Whether `page` is a Markdown FAQ: an article with `ms.topic: faq`.
pub(crate) fn is_faq_article(page: &Page) -> bool {
    page.kind == PageKind::Article
        && page
            .front
            .topic()
            .is_some_and(|t| t.eq_ignore_ascii_case("faq"))
}

/// The JSON-LD of a Markdown FAQ article, escaped for a `<script>` element (`page.faq_ld` in
/// templates); `None` for other pages and for FAQs without a question.
pub(crate) fn json_ld(page: &Page, parts: &PageParts, permalink: &str) -> Option<String> {
    if !is_faq_article(page) {
        return None;
    }
    let main_entity: Vec<Question> = questions(&parts.content, &parts.headings)
        .into_iter()
        .filter(|(_, answer)| !answer.is_empty())
        .map(|(h, text)| Question {
            kind: "Question",
            name: &h.title,
            url: format!("{permalink}#{}", h.id),
            accepted_answer: Answer {
                kind: "Answer",
                text,
            },
        })
        .collect();
    if main_entity.is_empty() {
        return None;
    }
    let json = serde_json::to_string(&FaqPage {
        context: "https://schema.org",
        kind: "FAQPage",
        main_entity,
    })
    .ok()?;
    Some(crate::template::escape_json_for_script(&json))
}

/// The `###` headings of an article's HTML with their answers as plain text. `headings` are
/// the article's `##`/`###` headings in order (as rendering reported them).
pub(crate) fn questions<'h>(html: &str, headings: &'h [Heading]) -> Vec<(&'h Heading, String)> {
    // (heading, where its element starts, where it ends) in the HTML.
    let mut marks: Vec<(&Heading, usize, usize)> = Vec::new();
    let mut pos = 0;
    for h in headings {
        let open = format!("<h{} id=\"{}\">", h.level, attr_escape(&h.id));
        let Some(start) = html[pos..].find(&open).map(|i| pos + i) else {
            continue;
        };
        let close = format!("</h{}>", h.level);
        let end = html[start..]
            .find(&close)
            .map_or(html.len(), |i| start + i + close.len());
        marks.push((h, start, end));
        pos = end;
    }
    marks
        .iter()
        .enumerate()
        .filter(|(_, (h, _, _))| h.level == 3)
        .map(|(i, &(h, _, end))| {
            let stop = marks.get(i + 1).map_or(html.len(), |m| m.1);
            (h, plain_text(&html[end..stop]))
        })
        .collect()
}

/// Elements that separate words: their tags become spaces.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "pre",
    "blockquote",
    "section",
    "aside",
    "figure",
    "figcaption",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "label",
    "details",
    "summary",
];

/// HTML as plain text: tags removed (block elements separate words), scripts, styles and
/// heading `#` links dropped, character references decoded, whitespace collapsed.
pub(crate) fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(gt) = after.find('>').filter(|_| is_tag) else {
            text.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if let Some(comment) = tag.strip_prefix("!--") {
            if !comment.ends_with("--") {
                rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            }
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = match name.as_str() {
            "script" | "style" | "template" if !tag.starts_with('/') => Some(name.clone()),
            "a" if tag.contains("class=\"heading-anchor\"") => Some(name.clone()),
            _ => None,
        };
        if let Some(n) = skip_to {
            let close = format!("</{n}>");
            rest = find_ascii_ci(rest, &close).map_or("", |e| &rest[e + close.len()..]);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            text.push(' ');
        }
    }
    text.push_str(rest);
    let decoded = crate::markdown::decode_entities(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_of_an_answer() {
        assert_eq!(
            plain_text("<p>Use <code>a &amp;&amp; b</code>.</p>\n<ul><li>One</li><li>Two&#x21;</li></ul><h4 id=\"x\"><a class=\"heading-anchor\" href=\"#x\">#</a>More</h4><script>alert(1)</script>&copy;&unknown; 1 < 2"),
            "Use a && b. One Two! More ©&unknown; 1 < 2"
        );
    }

    #[test]
    fn questions_by_heading() {
        let h = |level, id: &str, title: &str| Heading {
            level,
            id: id.into(),
            title: title.into(),
        };
        let headings = [
            h(2, "s", "S"),
            h(3, "q1", "Q1?"),
            h(3, "q2", "Q2?"),
            h(2, "t", "T"),
        ];
        let html = "<h2 id=\"s\">S</h2><h3 id=\"q1\">Q1?</h3><p>A1</p><h3 id=\"q2\">Q2?</h3><p>A2</p><h4 id=\"d\">D</h4><p>more</p><h2 id=\"t\">T</h2><p>not an answer</p>";
        let q: Vec<(&str, String)> = questions(html, &headings)
            .into_iter()
            .map(|(h, a)| (h.id.as_str(), a))
            .collect();
        assert_eq!(
            q,
            [("q1", "A1".to_string()), ("q2", "A2 D more".to_string())]
        );
    }
}
