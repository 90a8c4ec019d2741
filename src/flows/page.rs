//! A flow for one page: its context (what placeholders are filled from), the flow it
//! chooses, its `flow:` links and "Still need help?" panel, and the placeholders left empty.

use super::*;
use crate::diag::Severity;
use crate::frontmatter::FrontMatter;
use crate::model::{Body, Page, PageId};
use crate::resolve::{Problem, Resolution, Resolve};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// What a flow's URL is filled from: the page being read.
#[derive(Debug, Clone, Copy)]
pub struct PageInfo<'a> {
    /// The reader's locale (code as configured).
    pub locale: &'a str,
    /// The site's default locale, whose values locales without their own use.
    pub default_locale: &'a str,
    /// The page's key, its id across locales.
    pub key: &'a str,
    pub title: &'a str,
    /// The page's absolute address.
    pub permalink: &'a str,
    pub front: &'a FrontMatter,
}

impl<'a> PageInfo<'a> {
    pub fn of(site: &'a Site, page: &'a Page, permalink: &'a str) -> PageInfo<'a> {
        PageInfo {
            locale: &site.locales[page.locale].code,
            default_locale: &site.locales[site.default_locale].code,
            key: &page.key,
            title: &page.title,
            permalink,
            front: &page.front,
        }
    }

    pub(super) fn value(&self, v: &Var) -> String {
        match v {
            Var::Locale => self.locale.to_string(),
            Var::Page => self.key.to_string(),
            Var::Title => self.title.trim().to_string(),
            Var::Url => self.permalink.to_string(),
            Var::Topic => self.front.topic().unwrap_or("").to_string(),
            Var::Service => self.front.service().unwrap_or("").to_string(),
            Var::Meta(k) => meta_text(self.front, k).unwrap_or_default(),
        }
    }
}

/// A front-matter value as text: `key` as written (`ms.custom`), else a path into a mapping
/// (`support.flow` in `support: {flow: x}`). A list of scalars is joined with commas.
pub(crate) fn meta_text(front: &FrontMatter, key: &str) -> Option<String> {
    let text = |v: &serde_json::Value| -> Option<String> {
        let s = match v {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|x| match x {
                    serde_json::Value::String(s) => Some(s.trim().to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(","),
            _ => return None,
        };
        Some(s).filter(|s| !s.is_empty())
    };
    if let Some((v, json)) = front.all.get(key) {
        return if json {
            text(&serde_json::from_str(v).ok()?)
        } else {
            Some(v.trim().to_string()).filter(|s| !s.is_empty())
        };
    }
    // `a.b.c`: the mapping `a` (or `a.b`), then the rest inside it.
    for (i, _) in key.match_indices('.') {
        let Some((v, true)) = front.all.get(&key[..i]) else {
            continue;
        };
        let mut value: serde_json::Value = serde_json::from_str(v).ok()?;
        let mut rest = &key[i + 1..];
        loop {
            if let Some(found) = value.get(rest) {
                return text(found);
            }
            let (head, tail) = rest.split_once('.')?;
            value = value.get(head)?.clone();
            rest = tail;
        }
    }
    None
}

/// The flow a page's front matter names: `support.flow: x`, `support: {flow: x}` or
/// `support: x`.
fn front_flow(front: &FrontMatter) -> Option<String> {
    meta_text(front, "support.flow").or_else(|| match front.all.get("support") {
        Some((v, false)) => Some(v.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    })
}

/// The 1-based line of the front-matter key that names the page's flow, in its source.
fn front_flow_line(page: &Page) -> u32 {
    let (text, end) = match &page.body {
        Body::Markdown(md) => (md.text.as_str(), md.start),
        Body::Faq { source, .. } => (source.as_str(), source.len()),
        _ => return 1,
    };
    let head = text.get(..end).unwrap_or(text);
    let is_key = |l: &str, k: &str| {
        l.trim_start()
            .strip_prefix(k)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    head.lines()
        .position(|l| is_key(l, "support.flow") || is_key(l, "flow"))
        .or_else(|| head.lines().position(|l| is_key(l, "support")))
        .map_or(1, |i| i as u32 + 1)
}

/// The "Still need help?" panel of a page (`page.support` in templates).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SupportCtx {
    /// The flow's name.
    pub flow: String,
    /// The button's text in the page's language.
    pub label: String,
    /// The flow's URL, filled from the page.
    pub url: String,
    /// The page's key (its id across locales), for the feedback event.
    pub page: String,
}

/// The link resolver of one page: `flow:NAME` links become the flow's URL filled from the
/// page; every other link goes to the site's resolver.
pub(crate) struct PageLinks<'a> {
    inner: &'a dyn Resolve,
    flows: &'a Flows,
    info: PageInfo<'a>,
    /// Placeholders left empty on this page: (flow, placeholder).
    missing: Mutex<Vec<(usize, Var)>>,
}

impl<'a> PageLinks<'a> {
    pub(crate) fn new(
        inner: &'a dyn Resolve,
        flows: &'a Flows,
        info: PageInfo<'a>,
    ) -> PageLinks<'a> {
        PageLinks {
            inner,
            flows,
            info,
            missing: Mutex::new(Vec::new()),
        }
    }

    fn flow_link(&self, raw: &str, name: &str) -> Resolution {
        let name = name.trim();
        match self.flows.find(name) {
            Some(f) => {
                let mut missing = Vec::new();
                let href = self.flows.url(f, &self.info, &mut missing);
                self.missing.lock().expect("not poisoned").extend(missing);
                Resolution {
                    leads_nowhere: false,
                    href,
                    anchor: None,
                    page: None,
                    problem: None,
                }
            }
            None => {
                let message = if self.flows.is_empty() {
                    format!("no flow `{name}`: ajuda.toml declares no [flows]")
                } else {
                    format!("no flow `{name}` in the [flows] of ajuda.toml")
                };
                Resolution {
                    leads_nowhere: false,
                    href: raw.to_string(),
                    anchor: None,
                    page: None,
                    problem: Some(Problem {
                        kind: Kind::Flow,
                        message,
                        suggestion: self.flows.suggest(name).map(|s| format!("flow:{s}")),
                    }),
                }
            }
        }
    }

    /// The page's panel, or `None` when its flow is `none` (or the site has no flow).
    /// `page` chooses the flow; an unknown name in its front matter is a `flow` error added to
    /// `diags` (the next choice applies). `fallback_label`: the theme's "Contact support".
    pub(crate) fn support(
        &self,
        site: &Site,
        page: &Page,
        fallback_label: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<SupportCtx> {
        if self.flows.is_empty() {
            return None;
        }
        let flow = choose(self.flows, site, page, diags)?;
        let mut missing = Vec::new();
        let url = self.flows.url(flow, &self.info, &mut missing);
        self.missing.lock().expect("not poisoned").extend(missing);
        let f = &self.flows.list[flow];
        let label = self
            .flows
            .label(flow, self.info.locale, self.info.default_locale)
            .unwrap_or(fallback_label);
        Some(SupportCtx {
            flow: f.name.clone(),
            label: label.to_string(),
            url,
            page: self.info.key.to_string(),
        })
    }

    /// The placeholders this page left empty, into the build's tally.
    pub(crate) fn report_gaps(&self, id: PageId, gaps: &Gaps) {
        let mut missing = std::mem::take(&mut *self.missing.lock().expect("not poisoned"));
        if missing.is_empty() {
            return;
        }
        missing.sort();
        missing.dedup();
        let mut all = gaps.0.lock().expect("not poisoned");
        for m in missing {
            all.entry(m).or_default().insert(id);
        }
    }
}

/// The flow of `page`: front matter, else the nearest TOC entry's `support_flow`, else the
/// first `[[support.routes]]` its path or docset matches, else the default. `None`: no panel.
fn choose(flows: &Flows, site: &Site, page: &Page, diags: &mut Vec<Diagnostic>) -> Option<usize> {
    if let Some(name) = front_flow(&page.front) {
        if name.eq_ignore_ascii_case("none") {
            return None;
        }
        match flows.find(&name) {
            Some(f) => return Some(f),
            None if page.fallback.is_none() => diags.push(
                Diagnostic::new(
                    Kind::Flow,
                    &page.source,
                    format!("support flow `{name}` is not one of the [flows] of ajuda.toml"),
                )
                .at(front_flow_line(page), 1)
                .target(name.as_str())
                .suggest(flows.suggest(&name).map(str::to_string)),
            ),
            None => {}
        }
    }
    if let Some((t, n)) = page.nav {
        let toc = &site.tocs[t];
        let mut at = Some(n);
        while let Some(i) = at {
            if let Some(name) = toc.nodes[i].support_flow.as_deref() {
                if name.eq_ignore_ascii_case("none") {
                    return None;
                }
                // An unknown name is reported at the TOC (`Flows::check_tocs`).
                if let Some(f) = flows.find(name) {
                    return Some(f);
                }
            }
            at = toc.nodes[i].parent;
        }
    }
    if !flows.routes.is_empty() {
        let docset = site
            .docsets
            .get(page.locale)
            .and_then(|d| crate::docfx::docset_of(d, &page.source))
            .map(|d| (d.dir.as_str(), d.name.as_deref()));
        if let Some(r) = flows
            .routes
            .iter()
            .find(|r| r.matches(&page.source, docset))
        {
            return r.flow;
        }
    }
    flows.default
}

impl Resolve for PageLinks<'_> {
    fn resolve(&self, locale: usize, file: &str, raw: &str, image: bool) -> Resolution {
        let t = raw.trim().trim_start_matches('<').trim_end_matches('>');
        match t.get(..5) {
            Some(p) if !image && p.eq_ignore_ascii_case("flow:") => self.flow_link(raw, &t[5..]),
            _ => self.inner.resolve(locale, file, raw, image),
        }
    }
}

/// Placeholders pages left empty, across the build: (flow, placeholder) → the pages. Reported
/// once each, at the first page, whatever order pages render in (or how often: `serve`
/// renders a page again after an edit).
#[derive(Debug, Default)]
pub(crate) struct Gaps(Mutex<BTreeMap<(usize, Var), std::collections::BTreeSet<PageId>>>);

impl Gaps {
    /// One `flow` warning per flow and placeholder.
    pub(crate) fn warnings(&self, site: &Site, flows: &Flows) -> Vec<Diagnostic> {
        let all = self.0.lock().expect("not poisoned");
        all.iter()
            .filter_map(|((flow, var), pages)| Some(((flow, var), *pages.first()?, pages.len())))
            .map(|((flow, var), page, count)| {
                let p = &site.pages[page];
                let what = match var.source() {
                    s if s.is_empty() => String::new(),
                    s => format!(": the page has no `{s}`"),
                };
                let others = match count - 1 {
                    0 => String::new(),
                    1 => " (and 1 other page)".into(),
                    n => format!(" (and {n} other pages)"),
                };
                Diagnostic::new(
                    Kind::Flow,
                    &p.source,
                    format!(
                        "flow `{}`: `{}` is left empty{what}{others}",
                        flows.list[*flow].name,
                        var.placeholder()
                    ),
                )
                .severity(Severity::Warning)
                .target(var.placeholder())
                .locale(&site.locales[p.locale].code)
            })
            .collect()
    }
}
