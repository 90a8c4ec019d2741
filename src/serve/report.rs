//! What a rebuild tells the writer: the overlay's diagnostics by page, and the terminal's
//! lines (only the problems that are new since the last rebuild, and how many were fixed).

use super::{Overlay, Shown};
use crate::ctx::BuildCtx;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::model::PageId;
use std::collections::{HashMap, HashSet};

pub(crate) type Log<'a> = &'a (dyn Fn(&str) + Sync);

/// Pages by URL (percent-decoded, as the overlay and open pages name them).
pub(crate) struct PageIndex {
    /// (locale code, source) → URLs of the pages made from it.
    by_source: HashMap<(String, String), Vec<String>>,
    by_url: HashMap<String, PageId>,
}

impl PageIndex {
    pub(crate) fn new(ctx: &BuildCtx) -> PageIndex {
        let site = ctx.site;
        let mut by_source: HashMap<(String, String), Vec<String>> = HashMap::new();
        for p in site.pages.iter().filter(|p| p.fallback.is_none()) {
            let code = site.locales[p.locale].code.clone();
            by_source
                .entry((code, p.source.clone()))
                .or_default()
                .push(crate::address::decoded_path(&p.url));
        }
        let by_url = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (crate::address::decoded_path(&p.url), id))
            .collect();
        PageIndex { by_source, by_url }
    }

    /// The page at `url` (as a browser's address bar has it), if any.
    pub(crate) fn ids(&self, url: &str) -> Option<PageId> {
        let url = url.strip_suffix("index.html").unwrap_or(url);
        self.by_url.get(url).copied()
    }

    /// The overlay: each diagnostic on the pages made from its file, or, for an include or a
    /// code sample, on the pages that pull it in (`includers`: locale, file → pages).
    pub(crate) fn overlay(
        &self,
        diags: &[Diagnostic],
        ctx: &BuildCtx,
        includers: &dyn Fn(usize, &str) -> Vec<PageId>,
    ) -> Overlay {
        let config = ctx.config;
        let site = ctx.site;
        let mut o = Overlay {
            all: diags.to_vec(),
            ..Overlay::default()
        };
        let dir_of = |code: &str| {
            config
                .locales
                .iter()
                .find(|l| l.code == code)
                .map(|l| crate::fsx::rel_path(&config.root, &l.dir))
                .unwrap_or_default()
        };
        let mut dirs: HashMap<String, String> = HashMap::new();
        for d in diags {
            if matches!(d.kind, Kind::Config | Kind::Template) || d.file.is_empty() {
                if d.severity >= Severity::Warning {
                    o.global.push(Shown::of(d, ""));
                }
                continue;
            }
            let Some(code) = d.locale.as_deref() else {
                continue;
            };
            let urls: Vec<String> = match self.by_source.get(&(code.to_string(), d.file.clone())) {
                Some(urls) => urls.clone(),
                None => {
                    let Some(li) = site.locales.iter().position(|l| l.code == code) else {
                        continue;
                    };
                    includers(li, &d.file)
                        .into_iter()
                        .map(|id| crate::address::decoded_path(&site.pages[id].url))
                        .collect()
                }
            };
            let dir = dirs.entry(code.to_string()).or_insert_with(|| dir_of(code));
            let shown = Shown::of(d, dir);
            // A file no page is made from or pulls in (a TOC, a redirect map, docfx.json):
            // its problem is shown on every page, or the writer would see it only in the
            // terminal.
            if urls.is_empty() {
                if d.severity >= Severity::Warning {
                    o.global.push(shown);
                }
                continue;
            }
            for u in urls {
                o.pages.entry(u).or_default().push(shown.clone());
            }
        }
        o
    }
}

/// Diagnostics printed so far: each rebuild prints only the new ones, and how many were fixed.
#[derive(Default)]
pub(crate) struct Printed {
    seen: HashSet<String>,
}

impl Printed {
    pub(crate) fn report(&mut self, diags: &[Diagnostic], log: Log) {
        let key = |d: &Diagnostic| {
            format!(
                "{:?}|{}|{:?}|{}|{}|{}",
                d.kind, d.file, d.locale, d.line, d.column, d.message
            )
        };
        let shown: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        let now: HashSet<String> = shown.iter().map(|d| key(d)).collect();
        let new: Vec<Diagnostic> = shown
            .iter()
            .filter(|d| !self.seen.contains(&key(d)))
            .map(|d| (*d).clone())
            .collect();
        let fixed = self.seen.iter().filter(|k| !now.contains(*k)).count();
        if !new.is_empty() {
            let text = crate::report::human(&new, Severity::Warning, &|_| None);
            for line in text.lines() {
                log(line);
            }
        }
        if fixed > 0 {
            log(&format!(
                "{fixed} problem{} fixed",
                if fixed == 1 { "" } else { "s" }
            ));
        }
        self.seen = now;
    }
}
