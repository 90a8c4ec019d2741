//! One page's contribution to its locale's index: its words with their positions and
//! weights, its metadata words, filters, and its fragment (the JSON a result shows),
//! compressed. Made on the rendering thread right after the page, so this work runs on
//! every core; the index only merges records.

use super::cbor::Locs;
use super::digest::Digest;
use super::fields;
use super::fold;
use super::format::{pagefind_hash, Gzip};
use super::words::Words;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A page ready for the index.
#[derive(Clone, Default)]
pub(crate) struct Record {
    /// Site-relative; the index numbers its pages in this order, so builds are reproducible.
    pub url: String,
    pub language: String,
    pub custom_body: bool,
    /// Pagefind's hash of the fragment JSON (the start of it names the file).
    pub fragment_hash: String,
    /// The fragment file's bytes, compressed.
    pub fragment: Vec<u8>,
    /// Where the page's sections (its anchors) start, as word locations, ascending.
    pub sections: Vec<u32>,
    pub word_count: u32,
    /// The words' names one after the other ([`Record::name`]).
    pub names: String,
    pub words: Vec<PageWord>,
    /// The page's metadata field names, sorted; `MetaPos::field` indexes this.
    pub meta_fields: Vec<String>,
    pub meta_words: Vec<(String, Vec<MetaPos>)>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
}

impl Record {
    /// The name of one of the record's words.
    pub(crate) fn name(&self, w: &PageWord) -> &str {
        w.name(&self.names)
    }
}

impl PageWord {
    /// The word's name in `names`, its record's names.
    pub(crate) fn name<'n>(&self, names: &'n str) -> &'n str {
        names
            .get(self.word.0 as usize..self.word.1 as usize)
            .unwrap_or_default()
    }
}

/// A word on one page: its packed locations, and those of each form with diacritics.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PageWord {
    /// Where the word is in its record's `names` (one string for all of a page's words, not
    /// one allocation each).
    pub word: (u32, u32),
    pub locs: Option<Locs>,
    pub variants: Vec<(String, Locs)>,
}

#[derive(Clone)]
pub(crate) struct MetaPos {
    pub field: u16,
    pub position: u32,
    pub original: Option<String>,
}

struct Position {
    position: u32,
    weight: u8,
    original: Option<Arc<str>>,
}

#[derive(Serialize)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    location: u32,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: Vec<Anchor>,
}

/// What one thread reuses from page to page: the compressor of fragments, and the table of
/// a page's word positions.
pub(super) struct Scratch {
    gzip: Gzip,
    positions: Positions,
}

impl Scratch {
    pub(super) fn new() -> Scratch {
        Scratch {
            // Fragments are many and small, and a query fetches a few: libdeflate's fastest
            // level is 7 % larger than its default and a quarter of the time.
            gzip: Gzip::new(1),
            positions: Positions::default(),
        }
    }
}

/// A page's words' positions, by the number of each word's stem ([`Words::stem_name`]):
/// a table indexed by that number (a thread numbers its stems densely), whose lists keep
/// their memory from page to page.
#[derive(Default)]
struct Positions {
    /// By stem number: its place in `lists`, or `NONE` when the page has not had it.
    slot: Vec<u32>,
    /// The stems the page has had, in the order met, with their positions; only the first
    /// `used` are this page's.
    lists: Vec<(u32, Vec<Position>)>,
    used: usize,
}

impl Positions {
    const NONE: u32 = u32::MAX;

    /// Empties the table for a new page.
    fn clear(&mut self) {
        for (stem, list) in &mut self.lists[..self.used] {
            self.slot[*stem as usize] = Self::NONE;
            list.clear();
        }
        self.used = 0;
    }

    fn of(&mut self, stem: u32) -> &mut Vec<Position> {
        let at = stem as usize;
        if at >= self.slot.len() {
            self.slot.resize(at + 1, Self::NONE);
        }
        if self.slot[at] == Self::NONE {
            if self.used == self.lists.len() {
                self.lists.push((stem, Vec::new()));
            } else {
                self.lists[self.used].0 = stem;
            }
            self.slot[at] = self.used as u32;
            self.used += 1;
        }
        &mut self.lists[self.slot[at] as usize].1
    }

    /// The page's stems and their positions.
    fn words(&self) -> &[(u32, Vec<Position>)] {
        &self.lists[..self.used]
    }
}

/// The record of the page at `url` (site-relative) from its digest, `None` when it has no
/// words. `words` must be for the digest's language.
pub(super) fn record(
    url: &str,
    d: Digest,
    words: &mut Words,
    scratch: &mut Scratch,
) -> Option<Record> {
    let Scratch { gzip, positions } = scratch;
    positions.clear();
    let mut split = Split::new(&d, positions);
    split.run(&d.text, words);
    if split.map.words().is_empty() {
        return None;
    }
    let meta_fields: Vec<String> = d.meta.keys().cloned().collect();
    let meta_words = meta_words(&d.meta, words);
    let word_count = split.max_index + 1;
    let mut sections: Vec<u32> = split.anchors.iter().map(|a| a.location).collect();
    sections.dedup();
    let json = serde_json::to_string(&Fragment {
        url,
        content: &split.content,
        word_count,
        filters: &d.filters,
        meta: &d.meta,
        anchors: split.anchors,
    })
    .ok()?;
    let fragment_hash = format!("{}_{}", d.language, pagefind_hash(json.as_bytes()));
    let (names, words) = pack_words(split.map.words(), words);
    Some(Record {
        url: url.to_string(),
        fragment_hash,
        fragment: gzip.compress(json.as_bytes()),
        word_count: u32::try_from(word_count).unwrap_or(u32::MAX),
        sections,
        names,
        words,
        meta_fields,
        meta_words,
        filters: d.filters,
        sort: d.sort,
        custom_body: d.custom_body,
        language: d.language,
    })
}

/// The words of a page's text in order, as Pagefind's indexer reads its digest.
struct Split<'d, 'p> {
    d: &'d Digest,
    content: String,
    /// Each word's positions, by the number of its stem ([`Words::stem_name`]).
    map: &'p mut Positions,
    anchors: Vec<Anchor>,
    index: usize,
    max_index: usize,
    weights: Vec<u8>,
}

const WEIGHT_MULTIPLIER: f32 = 24.0;
const WEIGHT_MAX: f32 = 10.0;

impl<'d, 'p> Split<'d, 'p> {
    fn new(d: &'d Digest, map: &'p mut Positions) -> Split<'d, 'p> {
        Split {
            d,
            content: String::with_capacity(d.text.len()),
            map,
            anchors: Vec::new(),
            index: 0,
            max_index: 0,
            weights: vec![WEIGHT_MULTIPLIER as u8],
        }
    }

    fn run(&mut self, text: &str, words: &mut Words) {
        // Zero-width spaces are dropped from words, so where there are any a pair across
        // segments is read from the text, not from the words' numbers.
        let zero_width = text.contains('\u{200B}');
        let mut ends = Vec::new();
        for chunk in text.split_whitespace() {
            if !words.segments() || chunk.starts_with("___") {
                self.word(chunk, true, None, zero_width, words);
                continue;
            }
            words.segment_ends(chunk, &mut ends);
            let mut start = 0;
            let mut previous = None;
            for (i, &end) in ends.iter().enumerate() {
                let seg = &chunk[start..end];
                let id = self.word(seg, i + 1 == ends.len(), Some(previous), zero_width, words);
                previous = id.map(|id| (id, seg));
                start = end;
            }
        }
        if self.content.ends_with('\u{200B}') {
            self.content.pop();
        }
        if self.content.ends_with(' ') {
            self.content.pop();
        }
    }

    /// A marker (anchor, weight) changes state and is not a word.
    fn marker(&mut self, word: &str) -> bool {
        if let Some(rest) = word.strip_prefix("___PAGEFIND_ANCHOR___") {
            if let Some((element, key)) = rest.split_once(':') {
                let text = self
                    .d
                    .anchor_content
                    .get(key)
                    .map(|t| fields::normalize(t))
                    .unwrap_or_default();
                if let Some((_, id)) = key.split_once(':') {
                    self.anchors.push(Anchor {
                        element: element.to_string(),
                        id: id.to_string(),
                        text,
                        title: self.d.anchor_titles.get(key).cloned(),
                        location: self.index as u32,
                    });
                }
            }
            return true;
        }
        if let Some(w) = word.strip_prefix("___PAGEFIND_WEIGHT___") {
            let w: f32 = w.parse().unwrap_or(1.0);
            self.weights.push(if w <= 0.0 {
                0
            } else {
                ((w.clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8).max(1)
            });
            return true;
        }
        if let Some(w) = word.strip_prefix("___PAGEFIND_AUTO_WEIGHT___") {
            let top = *self.weights.last().unwrap_or(&0);
            self.weights.push(if self.weights.len() == 1 {
                let w: f32 = w.parse().unwrap_or(1.0);
                (w.clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8
            } else {
                top
            });
            return true;
        }
        if word.starts_with("___END_PAGEFIND_WEIGHT___") {
            self.weights.pop();
            return true;
        }
        false
    }

    /// Adds one word; `previous` is `Some` for a segment of Chinese, Japanese or Thai text,
    /// holding the segment before it in the run and its number, if any. The word's number
    /// ([`Words::learn`]), `None` for a marker or nothing.
    fn word(
        &mut self,
        word: &str,
        space_after: bool,
        previous: Option<Option<(u32, &str)>>,
        zero_width: bool,
        words: &mut Words,
    ) -> Option<u32> {
        if word.starts_with('_') && self.marker(word) {
            return None;
        }
        let base: std::borrow::Cow<str> = if zero_width && word.contains('\u{200B}') {
            word.replace('\u{200B}', "").into()
        } else {
            word.into()
        };
        if base.is_empty() {
            return None;
        }
        self.content.push_str(&base);
        if space_after {
            self.content.push(' ');
        }
        if words.segments() {
            self.content.push('\u{200B}');
        }
        let weight = *self.weights.last().unwrap_or(&1);
        let segmented = previous.is_some();
        let id = words.learn(&base, segmented);
        let cross = match previous.flatten() {
            Some(before) if zero_width => words.cross_pair_of_text(before.1, (id, &base)),
            Some(before) => words.cross_pair(before, (id, &base)),
            None => None,
        };
        let cross = cross.map(|(stem, pair)| (stem, pair.original.clone()));
        let words = &*words;
        let parts = usize::from(words.compound_parts(id)) + usize::from(cross.is_some());
        let partial = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        let position = self.index as u32;
        for (form, &stem) in words.forms(id).iter().zip(words.form_stems(id)) {
            let at = Position {
                position,
                weight: if form.is_compound_part {
                    partial
                } else {
                    weight
                },
                original: form.original.clone(),
            };
            self.map.of(stem).push(at);
        }
        // The pair spanning two segments belongs to the segment it starts in.
        if let (Some((stem, original)), Some(before)) = (cross, self.index.checked_sub(1)) {
            let positions = self.map.of(stem);
            if !positions.iter().any(|p| p.position == before as u32) {
                positions.push(Position {
                    position: before as u32,
                    weight: partial,
                    original,
                });
            }
        }
        self.max_index = self.index;
        self.index += 1;
        Some(id)
    }
}

/// Each word's positions packed as Pagefind stores them, forms with diacritics apart, and
/// the words' names one after the other (see [`Record::name`]).
fn pack_words(map: &[(u32, Vec<Position>)], words: &Words) -> (String, Vec<PageWord>) {
    let mut names = String::new();
    let mut name = |stem: u32| {
        let start = names.len() as u32;
        names.push_str(words.stem_name(stem));
        (start, names.len() as u32)
    };
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    let mut pack = |positions: &mut dyn Iterator<Item = &Position>| {
        scratch.clear();
        scratch.extend(positions.map(|p| (p.weight, p.position)));
        fold::pack_with(&mut scratch, &mut out)
    };
    let packed = map
        .iter()
        .map(|&(stem, ref positions)| {
            let word = name(stem);
            if positions.iter().all(|p| p.original.is_none()) {
                return PageWord {
                    word,
                    locs: Some(pack(&mut positions.iter())),
                    variants: Vec::new(),
                };
            }
            let mut plain = Vec::new();
            let mut variants: BTreeMap<Arc<str>, Vec<&Position>> = BTreeMap::new();
            for p in positions {
                match &p.original {
                    None => plain.push(p),
                    Some(o) => variants.entry(o.clone()).or_default().push(p),
                }
            }
            PageWord {
                word,
                locs: (!plain.is_empty()).then(|| pack(&mut plain.into_iter())),
                variants: variants
                    .into_iter()
                    .map(|(form, p)| (form.to_string(), pack(&mut p.into_iter())))
                    .collect(),
            }
        })
        .collect();
    (names, packed)
}

fn meta_words(meta: &BTreeMap<String, String>, words: &mut Words) -> Vec<(String, Vec<MetaPos>)> {
    let mut map: FxHashMap<String, Vec<MetaPos>> = FxHashMap::default();
    for (field, (_, value)) in meta.iter().enumerate() {
        for (position, word) in value.split_whitespace().enumerate() {
            for form in words.of_meta(word) {
                let at = MetaPos {
                    field: field as u16,
                    position: position as u32,
                    original: form.original.as_deref().map(str::to_string),
                };
                match map.get_mut(form.stemmed.as_str()) {
                    Some(positions) => positions.push(at),
                    None => {
                        map.insert(form.stemmed.clone(), vec![at]);
                    }
                }
            }
        }
    }
    map.into_iter().collect()
}
