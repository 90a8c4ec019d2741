//! Translation status (`ajuda l10n`): for every page of the site and every locale, whether the
//! locale has its own file for it (translated by people, or by machine) or lacks it, and which
//! of its own files may be out of date against the default locale's page.
//!
//! A page's identity across locales is its key (path without extension), compared in lower
//! case: the same page may be `.md` in one locale and a YamlMime:FAQ `.yml` in another. Only a
//! locale's own files count: a fallback page (borrowed from another locale) is not a
//! translation.
//!
//! Stale, in order of evidence, for a translation against the default locale's page:
//! 1. the default locale's files are in a git repository and its page is a source (it carries
//!    no `ms.openlocfilehash` of its own): the translation's `ms.openlocfilehash` is not the
//!    source file's git blob hash (`sha1("blob <len>\0" + bytes)`, of the file as on disk);
//! 2. the default locale is itself a translation (both pages carry `ms.openlocfilehash`, the
//!    hash of a source not here): the hashes differ and the default page was handed off later
//!    (`ms.lasthandoff`, else `ms.date`) than the translation;
//! 3. otherwise by dates: the translation's `ms.date` is earlier than the default page's.
//!
//! Nothing is read but the default locale's source files, for their blob hashes.

use crate::config::Config;
use crate::frontmatter::{FrontMatter, MsDate, TranslationType};
use crate::model::{PageId, Site};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// The translation status of a site.
#[derive(Debug, Clone)]
pub struct Status {
    /// Code of the default locale.
    pub default_locale: String,
    /// Number of distinct page ids (keys, lower case) across all locales.
    pub pages: usize,
    /// Every locale of the site, in config order, the default included.
    pub locales: Vec<LocaleStatus>,
}

/// One locale's figures: `translated + machine_translated + missing == pages`.
#[derive(Debug, Clone)]
pub struct LocaleStatus {
    pub locale: usize,
    pub code: String,
    /// Own files with `ms.translationtype: HT`, or no translation type.
    pub translated: usize,
    /// Own files with `ms.translationtype: MT`.
    pub machine_translated: usize,
    /// Page ids the locale has no own file for (see [`report_path`] for how they are named).
    pub missing_pages: Vec<String>,
    /// Own files that may be out of date, in page-path order.
    pub stale: Vec<StalePage>,
}

impl LocaleStatus {
    pub fn missing(&self) -> usize {
        self.missing_pages.len()
    }
}

/// A translation that may be out of date, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StalePage {
    /// The translation (a page of this locale, never a fallback).
    pub page: PageId,
    /// The default locale's page of the same key.
    pub source: PageId,
    /// The page id as reported (see [`report_path`]).
    pub path: String,
    pub evidence: Evidence,
}

/// What shows a translation to be stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The translation's `ms.openlocfilehash` is not the git blob hash of the source file.
    GitBlob { recorded: String, current: String },
    /// Both are translations of an unseen source: the hashes differ and the default locale's
    /// page was handed off later (`ms.lasthandoff`, else `ms.date`).
    Handoff {
        recorded: String,
        default_hash: String,
        date: MsDate,
        default_date: MsDate,
    },
    /// The translation's `ms.date` is earlier than the default page's.
    Date { date: MsDate, default_date: MsDate },
}

impl Evidence {
    /// A short explanation, for people.
    pub fn describe(&self, default_code: &str) -> String {
        match self {
            Evidence::GitBlob { recorded, current } => format!(
                "ms.openlocfilehash {} ≠ source blob {}",
                short(recorded),
                short(current)
            ),
            Evidence::Handoff {
                recorded,
                default_hash,
                date,
                default_date,
            } => format!(
                "ms.openlocfilehash {} ≠ {default_code}'s {}; handed off {date}, {default_code} {default_date}",
                short(recorded),
                short(default_hash)
            ),
            Evidence::Date { date, default_date } => {
                format!("ms.date {date}, {default_code} {default_date}")
            }
        }
    }
}

fn short(hash: &str) -> &str {
    hash.get(..10).unwrap_or(hash)
}

impl Status {
    /// Every stale translation's page id.
    pub fn stale_pages(&self) -> HashSet<PageId> {
        self.locales
            .iter()
            .flat_map(|l| l.stale.iter().map(|s| s.page))
            .collect()
    }

    /// The report as one JSON object:
    /// `{"default_locale", "pages", "locales": [{"code", "translated", "machine_translated",
    /// "missing", "stale", "missing_pages", "stale_pages"}]}`.
    pub fn json(&self) -> String {
        let report = JsonStatus {
            default_locale: &self.default_locale,
            pages: self.pages,
            locales: self
                .locales
                .iter()
                .map(|l| JsonLocale {
                    code: &l.code,
                    translated: l.translated,
                    machine_translated: l.machine_translated,
                    missing: l.missing(),
                    stale: l.stale.len(),
                    missing_pages: l.missing_pages.iter().map(String::as_str).collect(),
                    stale_pages: l.stale.iter().map(|s| s.path.as_str()).collect(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report for people: a table with a row per locale, then each locale's missing and
    /// stale pages. `site` names a stale translation's own file when it differs from the
    /// reported path.
    pub fn human(&self, site: &Site) -> String {
        let mut out = format!(
            "Translation status: {} pages, default locale {}\n\n",
            self.pages, self.default_locale
        );
        let width = self
            .locales
            .iter()
            .map(|l| l.code.len())
            .max()
            .unwrap_or(0)
            .max("locale".len());
        let _ = writeln!(
            out,
            "{:<width$}  {:>10}  {:>18}  {:>7}  {:>5}",
            "locale", "translated", "machine_translated", "missing", "stale"
        );
        for l in &self.locales {
            let _ = writeln!(
                out,
                "{:<width$}  {:>10}  {:>18}  {:>7}  {:>5}{}",
                l.code,
                l.translated,
                l.machine_translated,
                l.missing(),
                l.stale.len(),
                if l.code == self.default_locale {
                    "  (default)"
                } else {
                    ""
                }
            );
        }
        for l in &self.locales {
            if !l.missing_pages.is_empty() {
                let _ = writeln!(out, "\n{}: {} missing", l.code, l.missing());
                for p in &l.missing_pages {
                    let _ = writeln!(out, "  {p}");
                }
            }
            if !l.stale.is_empty() {
                let _ = writeln!(out, "\n{}: {} may be out of date", l.code, l.stale.len());
                for s in &l.stale {
                    let own = &site.pages[s.page].source;
                    let file = if *own == s.path {
                        String::new()
                    } else {
                        format!(" [{own}]")
                    };
                    let why = s.evidence.describe(&self.default_locale);
                    let _ = writeln!(out, "  {}{file}  ({why})", s.path);
                }
            }
        }
        out
    }
}

#[derive(Serialize)]
struct JsonStatus<'a> {
    default_locale: &'a str,
    pages: usize,
    locales: Vec<JsonLocale<'a>>,
}

#[derive(Serialize)]
struct JsonLocale<'a> {
    code: &'a str,
    translated: usize,
    machine_translated: usize,
    missing: usize,
    stale: usize,
    missing_pages: Vec<&'a str>,
    stale_pages: Vec<&'a str>,
}

/// The translation status of `site`, loaded with `config`. Reads the default locale's source
/// files (bounded by `max_text_bytes`) only where their git blob hashes are evidence.
pub fn status(config: &Config, site: &Site) -> Status {
    let n = site.locales.len();
    let default = site.default_locale;
    // Lowercase key → each locale's own page (the first, as the translations map does).
    let mut own: BTreeMap<String, Vec<Option<PageId>>> = BTreeMap::new();
    for (id, p) in site.pages.iter().enumerate() {
        if p.fallback.is_some() || p.locale >= n {
            continue;
        }
        own.entry(p.key.to_lowercase())
            .or_insert_with(|| vec![None; n])[p.locale]
            .get_or_insert(id);
    }
    let mut blobs = Blobs::new(config, default);
    let mut locales: Vec<LocaleStatus> = site
        .locales
        .iter()
        .enumerate()
        .map(|(i, l)| LocaleStatus {
            locale: i,
            code: l.code.clone(),
            translated: 0,
            machine_translated: 0,
            missing_pages: Vec::new(),
            stale: Vec::new(),
        })
        .collect();
    for slots in own.values() {
        let path = report_path(site, slots);
        let source = slots.get(default).copied().flatten();
        for (i, slot) in slots.iter().enumerate() {
            let l = &mut locales[i];
            let Some(id) = *slot else {
                l.missing_pages.push(path.clone());
                continue;
            };
            match site.pages[id].front.translation_type {
                Some(TranslationType::Machine) => l.machine_translated += 1,
                _ => l.translated += 1,
            }
            if i == default {
                continue;
            }
            let Some(src) = source else { continue };
            if let Some(evidence) = staleness(site, id, src, &mut blobs) {
                l.stale.push(StalePage {
                    page: id,
                    source: src,
                    path: path.clone(),
                    evidence,
                });
            }
        }
    }
    Status {
        default_locale: site
            .locales
            .get(default)
            .map(|l| l.code.clone())
            .unwrap_or_default(),
        pages: own.len(),
        locales,
    }
}

/// The ids of the translations that may be out of date (for a "may be out of date" notice).
pub fn stale_pages(config: &Config, site: &Site) -> HashSet<PageId> {
    status(config, site).stale_pages()
}

/// How a page id is named in the report: the default locale's source path when it has the
/// page (the key with the default locale's extension), else the key as the first locale that
/// has the page writes it.
pub fn report_path(site: &Site, slots: &[Option<PageId>]) -> String {
    if let Some(Some(id)) = slots.get(site.default_locale) {
        return site.pages[*id].source.clone();
    }
    slots
        .iter()
        .flatten()
        .next()
        .map(|&id| site.pages[id].key.clone())
        .unwrap_or_default()
}

/// Whether translation `page` may be out of date against the default locale's `source`.
fn staleness(site: &Site, page: PageId, source: PageId, blobs: &mut Blobs) -> Option<Evidence> {
    let t = &site.pages[page].front;
    let d = &site.pages[source].front;
    let recorded = t.openlocfilehash();
    match (recorded, d.openlocfilehash()) {
        // 1. The default page is a source in a git repository.
        (Some(recorded), None) if blobs.in_git => {
            if let Some(current) = blobs.hash(site, source) {
                return (!recorded.eq_ignore_ascii_case(current)).then(|| Evidence::GitBlob {
                    recorded: recorded.to_string(),
                    current: current.to_string(),
                });
            }
        }
        // 2. Both are translations of a source not here.
        (Some(recorded), Some(default_hash)) => {
            if recorded.eq_ignore_ascii_case(default_hash) {
                return None;
            }
            let (date, default_date) = (handoff(t)?, handoff(d)?);
            return (default_date > date).then(|| Evidence::Handoff {
                recorded: recorded.to_string(),
                default_hash: default_hash.to_string(),
                date,
                default_date,
            });
        }
        _ => {}
    }
    // 3. Dates.
    let (date, default_date) = (t.date?, d.date?);
    (date < default_date).then_some(Evidence::Date { date, default_date })
}

/// When a translation was handed off: `ms.lasthandoff`, else `ms.date`.
fn handoff(front: &FrontMatter) -> Option<MsDate> {
    front.lasthandoff.or(front.date)
}

/// Git blob hashes of the default locale's source files, computed once each.
struct Blobs {
    dir: std::path::PathBuf,
    in_git: bool,
    limit: u64,
    hashes: HashMap<PageId, Option<String>>,
}

impl Blobs {
    fn new(config: &Config, default: usize) -> Blobs {
        let dir = config
            .locales
            .get(default)
            .map(|l| l.dir.clone())
            .unwrap_or_else(|| config.root.clone());
        Blobs {
            in_git: in_git_repository(&dir),
            dir,
            limit: config.max_text_bytes,
            hashes: HashMap::new(),
        }
    }

    /// The blob hash of page `id`'s file, `None` when it cannot be read.
    fn hash(&mut self, site: &Site, id: PageId) -> Option<&str> {
        let dir = &self.dir;
        let limit = self.limit;
        self.hashes
            .entry(id)
            .or_insert_with(|| {
                let bytes = crate::fsx::read_bounded(&dir.join(&site.pages[id].source), limit);
                bytes.ok().map(|b| git_blob_hash(&b))
            })
            .as_deref()
    }
}

/// Whether `dir` is in a git repository: a `.git` folder (or, in a worktree or a submodule, a
/// `.git` file) in it or in one of its ancestors.
pub fn in_git_repository(dir: &Path) -> bool {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// The git blob hash of `bytes`, as `git hash-object` computes it: the SHA-1, in lower-case
/// hex, of `blob <len>\0` followed by the bytes.
pub fn git_blob_hash(bytes: &[u8]) -> String {
    use sha1::Digest;
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    format!("{:x}", h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_hash_is_gits() {
        // `echo -n 'hello' | git hash-object --stdin`
        assert_eq!(
            git_blob_hash(b"hello"),
            "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0"
        );
        // The empty blob.
        assert_eq!(
            git_blob_hash(b""),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
    }
}
