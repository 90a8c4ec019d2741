//! Stage 5: a page's body to HTML parts (article Markdown, FAQ questions and answers, landing
//! cards), with its anchors, the links to check and diagnostics.

use crate::diag::Diagnostic;
use crate::markdown::{self, slug::faq_slug, slug::slugify, slug::Slugger, Env, Heading};
use crate::model::{Body, FaqQuestion, FaqSection, HubSection, HubUrl, LandingCard, Md, Page};
use crate::resolve::AnchorCheck;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Serialize)]
pub(crate) struct FaqSectionOut {
    /// Anchor of the section heading; empty when the section has no name.
    pub id: String,
    pub name: String,
    pub questions: Vec<FaqQuestionOut>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FaqQuestionOut {
    pub id: String,
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct CardOut {
    pub title: String,
    pub lists: Vec<ListOut>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ListOut {
    #[serde(rename = "type")]
    pub kind: String,
    /// The type in the page's language (UI string `linklist-<type>`), else the type itself.
    pub label: String,
    pub links: Vec<LinkOut>,
}

#[derive(Debug, Serialize)]
pub(crate) struct LinkOut {
    pub text: String,
    pub url: String,
}

/// A hub page's sections (`page.hub` in templates).
#[derive(Debug, Serialize)]
pub(crate) struct HubOut {
    pub brand: String,
    pub sections: Vec<HubSectionOut>,
    /// Safe HTML of `additionalContent.footer`, or empty.
    pub footer: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct HubSectionOut {
    /// `highlighted`, `conceptual`, `tools`, `products` or `additional`.
    pub kind: &'static str,
    /// Anchor of the section heading; empty when the section has no title.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub items: Vec<HubItemOut>,
}

#[derive(Debug, Serialize)]
pub(crate) struct HubItemOut {
    pub title: String,
    pub summary: String,
    #[serde(rename = "type")]
    pub item_type: String,
    /// The type in the page's language (UI string `linklist-<type>`), else the type itself.
    pub label: String,
    /// Where the card's title goes, or empty.
    pub url: String,
    /// The card's image, or empty.
    pub image: String,
    pub links: Vec<HubLinkOut>,
    pub footer: Option<HubLinkOut>,
}

#[derive(Debug, Serialize)]
pub(crate) struct HubLinkOut {
    pub text: String,
    pub url: String,
    #[serde(rename = "type")]
    pub item_type: String,
    pub label: String,
    pub note: String,
}

#[derive(Debug, Default)]
pub(crate) struct PageParts {
    /// The article's first `# Heading`, which the page shows as its heading (the front
    /// matter's `title` is for `<title>`, search and feeds, as on Learn).
    pub heading: Option<String>,
    pub heading_id: Option<String>,
    pub content: String,
    pub headings: Vec<Heading>,
    pub faq: Vec<FaqSectionOut>,
    pub landing: Vec<CardOut>,
    pub hub: Option<HubOut>,
    pub anchors: HashSet<String>,
    pub checks: Vec<AnchorCheck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl PageParts {
    fn absorb(&mut self, r: markdown::Rendered) -> String {
        self.anchors.extend(r.anchors);
        self.checks.extend(r.checks);
        self.diagnostics.extend(r.diagnostics);
        self.headings.extend(r.headings);
        r.html
    }
}

/// Renders `page`'s body. A fallback page is rendered from the page it borrows (the caller
/// passes that one; its body is here as [`Body::Borrowed`] only as a marker).
pub(crate) fn render_page(page: &Page, env: &Env) -> PageParts {
    let mut r = PageRender {
        parts: PageParts::default(),
        file: page.source.as_str(),
        env,
        ids: Slugger::default(),
    };
    match &page.body {
        Body::Borrowed => {}
        Body::Markdown(md) => r.article(md),
        Body::Faq {
            summary,
            sections,
            source,
        } => {
            r.parts.content = r.md(summary);
            r.faq(sections, source);
        }
        Body::Landing { summary, cards } => {
            r.parts.content = r.md(summary);
            for c in cards {
                let card = r.landing_card(c);
                r.parts.landing.push(card);
            }
        }
        Body::Hub {
            heading,
            summary,
            brand,
            sections,
            footer,
        } => {
            r.parts.heading = Some(heading.clone()).filter(|h| !h.is_empty());
            r.parts.content = r.md(summary);
            let hub = r.hub(brand, sections, footer);
            r.parts.hub = Some(hub);
        }
    }
    r.parts
}

/// One page being rendered: its parts so far, its source file, what rendering needs from the
/// build, and the ids the page has given out.
struct PageRender<'p, 'e> {
    parts: PageParts,
    file: &'p str,
    env: &'p Env<'e>,
    ids: Slugger,
}

impl PageRender<'_, '_> {
    /// The HTML of Markdown of the page other than an article's body (a summary, an answer).
    fn md(&mut self, md: &Md) -> String {
        render_md(&mut self.parts, md, self.file, self.env, &mut self.ids)
    }

    /// An article: its body, whose first `# Heading` becomes the page's heading.
    fn article(&mut self, md: &Md) {
        let mut r = markdown::render(md, self.file, self.env, &mut self.ids, true);
        self.parts.heading = r.h1.take().filter(|h| !h.is_empty());
        self.parts.heading_id = r.h1_id.take();
        self.parts.content = self.parts.absorb(r);
    }

    /// A FAQ's sections (`source`: its YAML as written), each question with its answer.
    fn faq(&mut self, sections: &[FaqSection], source: &str) {
        let lines: Vec<&str> = source.lines().collect();
        // Where each answer's text is searched for: from its line to the next answer's.
        let answer_lines: Vec<u32> = sections
            .iter()
            .flat_map(|s| s.questions.iter().map(|q| q.answer.line))
            .collect();
        let mut next_answer = answer_lines.iter().skip(1);
        for s in sections {
            let mut out = self.faq_section(s);
            for q in &s.questions {
                let end = next_answer.next().copied().unwrap_or(u32::MAX);
                let question = self.faq_question(q, &lines, end);
                out.questions.push(question);
            }
            self.parts.faq.push(out);
        }
    }

    /// A FAQ section, its questions yet to come: a named one is a heading with an id.
    fn faq_section(&mut self, s: &FaqSection) -> FaqSectionOut {
        let mut out = FaqSectionOut {
            id: String::new(),
            name: s.name.clone(),
            questions: Vec::with_capacity(s.questions.len()),
        };
        if !s.name.is_empty() {
            let id = self.ids.unique(&slugify(&s.name));
            self.parts.anchors.insert(id.clone());
            self.parts.headings.push(Heading {
                level: 2,
                id: id.clone(),
                title: s.name.clone(),
            });
            out.id = id;
        }
        out
    }

    /// A FAQ question with its id and its answer, whose diagnostics and checks are placed in
    /// the YAML source `lines` between the answer's line and `end` (the next answer's).
    fn faq_question(&mut self, q: &FaqQuestion, lines: &[&str], end: u32) -> FaqQuestionOut {
        let id = self.ids.unique(&faq_slug(&q.question));
        self.parts.anchors.insert(id.clone());
        let before = (self.parts.diagnostics.len(), self.parts.checks.len());
        let answer = self.md(&q.answer);
        let within = (q.answer.line, end.max(q.answer.line + 1));
        relocate(&mut self.parts, before, lines, within, self.file);
        FaqQuestionOut {
            id,
            question: q.question.clone(),
            answer,
        }
    }

    /// A landing page's card: its link lists, with their labels and resolved links.
    fn landing_card(&mut self, c: &LandingCard) -> CardOut {
        let lists = c
            .lists
            .iter()
            .map(|l| ListOut {
                label: type_label(self.env, &l.kind),
                kind: l.kind.clone(),
                links: l
                    .links
                    .iter()
                    .map(|k| LinkOut {
                        text: k.text.clone(),
                        url: resolve_landing_link(
                            &mut self.parts,
                            self.env,
                            self.file,
                            &k.url,
                            &k.text,
                            k.line,
                            false,
                        ),
                    })
                    .collect(),
            })
            .collect();
        CardOut {
            title: c.title.clone(),
            lists,
        }
    }

    /// A hub page's sections and footer.
    fn hub(&mut self, brand: &str, sections: &[HubSection], footer: &Md) -> HubOut {
        let sections = sections
            .iter()
            .map(|s| render_hub_section(&mut self.parts, s, self.file, self.env, &mut self.ids))
            .collect();
        let footer = self.md(footer);
        HubOut {
            brand: brand.to_string(),
            sections,
            footer,
        }
    }
}

/// A link list's or hub item's type in the page's language (UI string `linklist-<type>`),
/// else the type itself.
fn type_label(env: &Env, kind: &str) -> String {
    env.ui
        .get(&format!(
            "linklist_{}",
            kind.to_ascii_lowercase().replace('-', "_")
        ))
        .cloned()
        .unwrap_or_else(|| kind.replace('-', " "))
}

fn render_hub_section(
    parts: &mut PageParts,
    s: &HubSection,
    file: &str,
    env: &Env,
    ids: &mut Slugger,
) -> HubSectionOut {
    let mut id = String::new();
    if !s.title.is_empty() {
        id = ids.unique(&slugify(&s.title));
        parts.anchors.insert(id.clone());
    }
    let resolve = |parts: &mut PageParts, u: &Option<HubUrl>, text: &str, image: bool| {
        u.as_ref().map_or(String::new(), |u| {
            resolve_landing_link(parts, env, file, &u.url, text, u.line, image)
        })
    };
    let items = s
        .items
        .iter()
        .map(|i| {
            let link = |parts: &mut PageParts, l: &crate::model::HubLink| HubLinkOut {
                url: resolve_landing_link(parts, env, file, &l.url.url, &l.text, l.url.line, false),
                text: l.text.clone(),
                label: type_label(env, &l.item_type),
                item_type: l.item_type.clone(),
                note: l.note.clone(),
            };
            HubItemOut {
                url: resolve(parts, &i.url, &i.title, false),
                image: resolve(parts, &i.image, &i.title, true),
                links: i.links.iter().map(|l| link(parts, l)).collect(),
                footer: i.footer.as_ref().map(|l| link(parts, l)),
                title: i.title.clone(),
                summary: i.summary.clone(),
                label: type_label(env, &i.item_type),
                item_type: i.item_type.clone(),
            }
        })
        .collect();
    HubSectionOut {
        kind: s.kind.name(),
        id,
        title: s.title.clone(),
        summary: s.summary.clone(),
        items,
    }
}

/// Moves the diagnostics and checks an answer produced (from index `before` on) to the line and
/// column where their target is written in the YAML source, searching from the answer's first
/// line: a folded block scalar (`answer: >`) joins lines, so the rendered text's lines are not
/// the file's. Only the answer's own lines (`within`: its first line, and the next answer's)
/// are searched, so a FAQ of 40,000 questions is not quadratic.
fn relocate(
    parts: &mut PageParts,
    before: (usize, usize),
    lines: &[&str],
    within: (u32, u32),
    file: &str,
) {
    let find = |target: &str| -> Option<(u32, u32)> {
        let start = within.0.saturating_sub(1) as usize;
        let end = (within.1.saturating_sub(1) as usize).min(lines.len());
        let answer = lines.get(start..end.max(start)).unwrap_or_default();
        answer.iter().enumerate().find_map(|(i, l)| {
            let i = i + start;
            l.find(target)
                .map(|b| (i as u32 + 1, l[..b].chars().count() as u32 + 1))
        })
    };
    for d in &mut parts.diagnostics[before.0..] {
        if d.file != file {
            continue;
        }
        if let Some((line, col)) = d.target.as_deref().and_then(&find) {
            d.line = line;
            d.column = col;
        }
    }
    for c in &mut parts.checks[before.1..] {
        if c.file == file {
            if let Some((line, col)) = find(&c.raw) {
                c.line = line;
                c.column = col;
            }
        }
    }
}

fn render_md(parts: &mut PageParts, md: &Md, file: &str, env: &Env, ids: &mut Slugger) -> String {
    if md.body().trim().is_empty() {
        return String::new();
    }
    let r = markdown::render(md, file, env, ids, false);
    parts.absorb(r)
}

/// Resolves a URL written in landing or hub YAML at `line` (an image's with `image`).
fn resolve_landing_link(
    parts: &mut PageParts,
    env: &Env,
    file: &str,
    url: &str,
    text: &str,
    line: u32,
    image: bool,
) -> String {
    let res = env.resolver.resolve(env.locale, file, url, image);
    if let Some(p) = res.problem {
        let what = if image { "image of" } else { "link text:" };
        parts.diagnostics.push(
            Diagnostic::new(p.kind, file, format!("{} ({what} \"{text}\")", p.message))
                .at(line, 1)
                .target(url)
                .suggest(p.suggestion),
        );
    }
    if let Some(target) = res.anchor {
        parts.checks.push(AnchorCheck {
            file: file.to_string(),
            line,
            column: 1,
            raw: url.to_string(),
            text: text.to_string(),
            target,
        });
    }
    res.href
}
