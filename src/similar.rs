//! Pages similar in what they say: for each listable page, the pages of its locale that share
//! the most distinctive terms of its title, keywords, description and body (TF-IDF over each
//! locale's own pages, so the terms that matter are those of its language and its content).
//!
//! Terms are Unicode words of three letters or more, and pairs of adjacent characters in
//! Chinese, Japanese and Korean text (which has no spaces). A term many pages of the locale
//! use (a tenth of them, at least five, at most half) says nothing about a page and is
//! dropped, as is one no other page has. Each page keeps its [`SIGNATURE`] heaviest terms; pages are compared through
//! an index of those terms, at most [`POSTINGS`] pages per term, never pairwise, so the cost
//! grows with the number of pages, not its square.

use crate::model::{Body, Page, PageId, Site};
use rayon::prelude::*;

/// Terms kept per page.
const SIGNATURE: usize = 16;
/// Pages kept per term in the index (those for which it weighs most).
const POSTINGS: usize = 32;
/// Bytes of a page's body read for terms (its start says what it is about).
const BODY_BYTES: usize = 1024;

/// Per page, its signature: (term, weight), weights of unit length.
type Signature = Vec<(u32, f32)>;

/// Term hash → term id. The keys are already hashes: they are used as they are.
type TermIds = std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<Identity>>;

#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The pages most similar to each page, best first.
pub(crate) struct Similar {
    lists: Vec<Vec<PageId>>,
}

impl Similar {
    /// Similar pages among the pages `candidate` admits (a locale's own listable pages), for
    /// each of them, at most `max` each.
    pub(crate) fn new(site: &Site, candidate: &[bool], max: usize) -> Similar {
        let mut lists = vec![Vec::new(); site.pages.len()];
        for li in 0..site.locales.len() {
            let ids: Vec<PageId> = (0..site.pages.len())
                .filter(|&i| candidate[i] && site.pages[i].locale == li)
                .collect();
            for (id, list) in locale_lists(site, &ids, max) {
                lists[id] = list;
            }
        }
        Similar { lists }
    }

    pub(crate) fn of(&self, id: PageId) -> &[PageId] {
        self.lists.get(id).map_or(&[], Vec::as_slice)
    }
}

fn locale_lists(site: &Site, ids: &[PageId], max: usize) -> Vec<(PageId, Vec<PageId>)> {
    if ids.len() < 2 {
        return Vec::new();
    }
    let counts: Vec<Vec<(u64, f32)>> = ids
        .par_iter()
        .map(|&id| term_counts(&site.pages[id]))
        .collect();
    // Document frequencies: every page's distinct terms, sorted, counted by runs.
    let mut all: Vec<u64> = counts.iter().flat_map(|c| c.iter().map(|t| t.0)).collect();
    all.par_sort_unstable();
    let n = ids.len() as f32;
    // In a small locale, a term half its pages use is not distinctive either.
    let max_df = (ids.len() / 10).max(5).min(ids.len() / 2).max(2);
    // Kept terms: (hash, document frequency), sorted by hash; a term's id is its index.
    let kept: Vec<(u64, u32)> = all
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= 2 && run.len() <= max_df)
        .map(|run| (run[0], run.len() as u32))
        .collect();
    drop(all);
    let ids_of: TermIds = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (k.0, i as u32))
        .collect();
    let signatures: Vec<Signature> = counts
        .par_iter()
        .map(|c| signature(c, &kept, &ids_of, n))
        .collect();
    drop(counts);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); kept.len()];
    for (pi, sig) in signatures.iter().enumerate() {
        for &(t, w) in sig {
            postings[t as usize].push((pi as u32, w));
        }
    }
    postings.par_iter_mut().for_each(|p| {
        if p.len() > POSTINGS {
            p.select_nth_unstable_by(POSTINGS, |a, b| b.1.total_cmp(&a.1));
            p.truncate(POSTINGS);
        }
    });
    (0..ids.len())
        .into_par_iter()
        .map(|pi| {
            let mut scores: Vec<(u32, f32)> = Vec::with_capacity(SIGNATURE * POSTINGS);
            for &(t, w) in &signatures[pi] {
                for &(q, wq) in &postings[t as usize] {
                    if q as usize != pi {
                        scores.push((q, w * wq));
                    }
                }
            }
            scores.sort_unstable_by_key(|s| s.0);
            let mut best: Vec<(u32, f32)> = scores
                .chunk_by(|a, b| a.0 == b.0)
                .map(|run| (run[0].0, run.iter().map(|s| s.1).sum()))
                .collect();
            // Best score first; equal scores by page order, so lists are the same every build.
            best.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let list = best
                .into_iter()
                .take(max)
                .map(|(q, _)| ids[q as usize])
                .collect();
            (ids[pi], list)
        })
        .collect()
}

/// A page's heaviest terms by TF-IDF, normalized to unit length; `kept` the locale's terms
/// worth comparing, with their document frequencies.
fn signature(counts: &[(u64, f32)], kept: &[(u64, u32)], ids: &TermIds, n: f32) -> Signature {
    let mut sig: Vec<(u32, f32)> = counts
        .iter()
        .filter_map(|&(t, tf)| {
            let id = *ids.get(&t)?;
            let idf = (n / kept[id as usize].1 as f32).ln();
            Some((id, (1.0 + tf.ln()) * idf))
        })
        .collect();
    if sig.len() > SIGNATURE {
        sig.select_nth_unstable_by(SIGNATURE, |a, b| b.1.total_cmp(&a.1));
        sig.truncate(SIGNATURE);
    }
    let norm = sig.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for s in &mut sig {
            s.1 /= norm;
        }
    }
    sig
}

/// Weighted term counts of a page: title and keywords thrice, description twice, body once;
/// terms by their hash ([`term_hash`]), sorted, each once.
fn term_counts(p: &Page) -> Vec<(u64, f32)> {
    let mut counts: Vec<(u64, f32)> = Vec::new();
    let mut add = |text: &str, weight: f32| {
        each_term(text, |t| counts.push((term_hash(t), weight)));
    };
    add(&p.title, 3.0);
    for k in crate::related::page_keywords(p) {
        add(&k, 3.0);
    }
    add(p.front.description().unwrap_or(""), 2.0);
    let tail = |md: &crate::model::Md| prose(&md.text[md.start.min(md.text.len())..]);
    match &p.body {
        Body::Markdown(md) => add(&tail(md), 1.0),
        Body::Faq {
            summary, sections, ..
        } => {
            add(&tail(summary), 1.0);
            for q in sections.iter().flat_map(|s| &s.questions) {
                add(&q.question, 2.0);
                add(&tail(&q.answer), 1.0);
            }
        }
        _ => {}
    }
    counts.sort_unstable_by_key(|c| c.0);
    counts
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| (run[0].0, run.iter().map(|c| c.1).sum()))
        .collect()
}

/// FNV-1a of a term: terms are compared by hash, never stored.
fn term_hash(t: &str) -> u64 {
    t.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The start of a Markdown text without its fenced code (commands and identifiers are not
/// what an article is about), at most [`BODY_BYTES`].
fn prose(md: &str) -> String {
    let mut out = String::with_capacity(BODY_BYTES.min(md.len()));
    let mut fenced = false;
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if out.len() + line.len() > BODY_BYTES {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// The terms of `text`, lower case: words of three letters or more (not all digits), and
/// pairs of adjacent CJK characters.
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each term of `text` (see [`terms`]), from one reused buffer.
fn each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut letters = 0usize;
    let mut digits_only = true;
    let mut prev_cjk: Option<char> = None;
    for c in text.chars() {
        let cjk = is_cjk(c);
        if !cjk && c.is_alphanumeric() {
            prev_cjk = None;
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
            letters += 1;
            digits_only &= c.is_ascii_digit();
            continue;
        }
        if letters >= 3 && !digits_only {
            f(&word);
        }
        word.clear();
        letters = 0;
        digits_only = true;
        if cjk {
            if let Some(p) = prev_cjk {
                let mut pair = [0u8; 8];
                let a = p.encode_utf8(&mut pair).len();
                let b = c.encode_utf8(&mut pair[a..]).len();
                f(std::str::from_utf8(&pair[..a + b]).unwrap_or(""));
            }
            prev_cjk = Some(c);
        } else {
            prev_cjk = None;
        }
    }
    if letters >= 3 && !digits_only {
        f(&word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_words_and_cjk_pairs() {
        assert_eq!(
            terms("Pague a fatura do Partner Center em 2024: 发票下载"),
            ["pague", "fatura", "partner", "center", "发票", "票下", "下载"]
        );
    }

    #[test]
    fn code_is_not_prose() {
        assert_eq!(prose("Text\n```\ncode here\n```\nMore\n"), "Text\nMore\n");
    }
}
