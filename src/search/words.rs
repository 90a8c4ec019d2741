//! What a word of a page is indexed as: normalized, stemmed and split the way Pagefind's
//! indexer does (its 1.6 `fossick/splitting.rs`), so the pinned Pagefind client, which stems
//! and splits a query the same way, finds it. Compound words (`ThreeAntelopes`,
//! `three-antelopes`) are indexed whole and by part; a word with diacritics is indexed
//! without them and remembers its original form; Chinese, Japanese and Thai runs are split
//! into words by ICU4X's dictionary segmenter (as the browser's `Intl.Segmenter` splits the
//! query) and every pair of adjacent characters is indexed too.

use super::clusters::{cross_pair_into, every_char_a_cluster, katakana_suffixes, pair_bigrams};
use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

const MAX_DOTTED_TAIL_CHARS: usize = 64;

/// Characters that count as part of a word besides letters and digits (Unicode's connector
/// punctuation), as Pagefind's default `include_characters`.
pub(super) const WORD_SYMBOLS: [char; 10] =
    ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// One form of a word as it goes into the index.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Indexable {
    pub stemmed: String,
    pub is_compound_part: bool,
    /// The word before its diacritics were removed, when that changed it (shared: every
    /// occurrence of the word on a page refers to it).
    pub original: Option<Arc<str>>,
}

/// Splits and stems the words of one language. Holds a cache of every word it has seen,
/// since a site repeats its vocabulary: one per worker thread, never shared.
pub(super) struct Words {
    stemmer: Option<Stemmer>,
    segmenter: Option<icu_segmenter::WordSegmenterBorrowed<'static>>,
    /// Each word seen, by its raw form: its number, its place in `learned`.
    cache: FxHashMap<String, u32>,
    learned: Vec<Learned>,
    /// Every stemmed word of the text, numbered, so a page keys its words by number.
    stems: FxHashMap<String, u32>,
    stem_names: Vec<String>,
    /// The forms of words of meta fields (no tails or pairs).
    meta_cache: FxHashMap<String, Vec<Indexable>>,
    /// The pairs spanning two segments, each numbered by its place here, keyed by the pair.
    pairs: FxHashMap<String, u32>,
    pair_forms: Vec<(u32, Indexable)>,
    /// The pair (its number) between two words (their numbers) met one after the other,
    /// `None` when there is none or the second word's forms already hold it: worked out
    /// the first time the two meet, since a text repeats its phrases.
    crossings: FxHashMap<(u32, u32), Option<u32>>,
    /// Reused to build a pair.
    pair_key: String,
    emoji: regex::Regex,
}

/// What a word ([`Words::learn`]) is indexed as.
struct Learned {
    forms: Vec<Indexable>,
    /// The number of each form's stemmed word in `Words::stems`, in the same order.
    stems: Vec<u32>,
    /// How many of the forms are parts of a compound (they share the word's weight).
    compound_parts: u8,
}

impl Words {
    /// For a page whose `<html lang>` is `language` (lower case).
    pub(super) fn new(language: &str) -> Words {
        let segmented = matches!(base_language(language), "zh" | "ja" | "th");
        Words {
            stemmer: stemmer_for(language).map(Stemmer::create),
            segmenter: segmented
                .then(|| icu_segmenter::WordSegmenter::new_dictionary(Default::default())),
            cache: FxHashMap::default(),
            learned: Vec::new(),
            stems: FxHashMap::default(),
            stem_names: Vec::new(),
            meta_cache: FxHashMap::default(),
            pairs: FxHashMap::default(),
            pair_forms: Vec::new(),
            crossings: FxHashMap::default(),
            pair_key: String::new(),
            emoji: regex::Regex::new("\\p{Emoji}").expect("a valid pattern"),
        }
    }

    /// Whether runs of text are split into words by the segmenter (Chinese, Japanese, Thai).
    pub(super) fn segments(&self) -> bool {
        self.segmenter.is_some()
    }

    /// Splits a whitespace-free run of text into words, as Pagefind does for the languages
    /// that do not separate words with spaces.
    #[cfg(test)]
    fn segment<'a>(&self, input: &'a str) -> Vec<&'a str> {
        let mut ends = Vec::new();
        self.segment_ends(input, &mut ends);
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let word = &input[start..end];
                start = end;
                word
            })
            .collect()
    }

    /// [`Words::segment`], as where each word ends, written into `ends` (cleared first).
    pub(super) fn segment_ends(&self, input: &str, ends: &mut Vec<usize>) {
        ends.clear();
        let Some(segmenter) = self.segmenter else {
            ends.push(input.len());
            return;
        };
        let breaks = segmenter.segment_str(input).skip(1);
        if every_char_a_cluster(input) {
            ends.extend(breaks);
            return;
        }
        // A break inside a grapheme cluster (a base and its mark) is not a word boundary.
        let mut grapheme_starts = input.grapheme_indices(true).map(|(i, _)| i).peekable();
        for end in breaks {
            while grapheme_starts.next_if(|&g| g < end).is_some() {}
            if end == input.len() || grapheme_starts.peek() == Some(&end) {
                ends.push(end);
            }
        }
    }

    /// Every form `raw` is indexed as: the word itself, its parts, its dotted tails and,
    /// for segmented text, its pairs of characters (`bigrams`).
    #[cfg(test)]
    fn of(&mut self, raw: &str, bigrams: bool) -> &[Indexable] {
        let id = self.learn(raw, bigrams);
        self.forms(id)
    }

    /// The forms of the word [`Words::learn`] numbered `id`.
    pub(super) fn forms(&self, id: u32) -> &[Indexable] {
        self.learned.get(id as usize).map_or(&[], |l| &l.forms)
    }

    /// Works out the forms of `raw` once (see [`Words::of`]); their number, for
    /// [`Words::forms`].
    pub(super) fn learn(&mut self, raw: &str, bigrams: bool) -> u32 {
        if let Some(&id) = self.cache.get(raw) {
            return id;
        }
        let mut words = self.indexable(raw);
        let tails = self.dotted_tails(raw, &words);
        words.extend(tails);
        if bigrams {
            let mut seen: HashSet<String> = words.iter().map(|w| w.stemmed.clone()).collect();
            for pair in pair_bigrams(raw) {
                let pair = self.stem_word(&pair, true);
                if seen.insert(pair.stemmed.clone()) {
                    words.push(pair);
                }
            }
        }
        let id = u32::try_from(self.learned.len()).unwrap_or(u32::MAX);
        let stems = words.iter().map(|w| self.stem_number(&w.stemmed)).collect();
        let parts = words.iter().filter(|w| w.is_compound_part).count();
        self.learned.push(Learned {
            forms: words,
            stems,
            compound_parts: u8::try_from(parts).unwrap_or(u8::MAX),
        });
        self.cache.insert(raw.to_string(), id);
        id
    }

    /// The numbers of the stemmed words of [`Words::forms`], in the same order.
    pub(super) fn form_stems(&self, id: u32) -> &[u32] {
        self.learned.get(id as usize).map_or(&[], |l| &l.stems)
    }

    /// The stemmed word numbered `n` ([`Words::form_stems`], [`Words::cross_pair`]).
    pub(super) fn stem_name(&self, n: u32) -> &str {
        self.stem_names.get(n as usize).map_or("", String::as_str)
    }

    fn stem_number(&mut self, stemmed: &str) -> u32 {
        if let Some(&n) = self.stems.get(stemmed) {
            return n;
        }
        let n = u32::try_from(self.stem_names.len()).unwrap_or(u32::MAX);
        self.stem_names.push(stemmed.to_string());
        self.stems.insert(stemmed.to_string(), n);
        n
    }

    /// How many of the forms of the word numbered `id` are parts of a compound.
    pub(super) fn compound_parts(&self, id: u32) -> u8 {
        self.learned
            .get(id as usize)
            .map_or(0, |l| l.compound_parts)
    }

    /// The pair of characters spanning the boundary between the segment `previous` (raw,
    /// numbered `previous_id` by [`Words::learn`]) and `raw` (numbered `id`): its stem's
    /// number and form, unless there is none or the forms of `id` already have it.
    pub(super) fn cross_pair(
        &mut self,
        (previous_id, previous): (u32, &str),
        (id, raw): (u32, &str),
    ) -> Option<(u32, &Indexable)> {
        let pair = match self.crossings.get(&(previous_id, id)) {
            Some(&pair) => pair,
            None => {
                let pair = self.learn_cross_pair(previous, raw, id);
                self.crossings.insert((previous_id, id), pair);
                pair
            }
        };
        self.pair_form(pair?)
    }

    /// [`Words::cross_pair`] of two segments that may hold characters a word drops (a
    /// zero-width space): worked out from the text each time, not by the words' numbers.
    pub(super) fn cross_pair_of_text(
        &mut self,
        previous: &str,
        (id, raw): (u32, &str),
    ) -> Option<(u32, &Indexable)> {
        let pair = self.learn_cross_pair(previous, raw, id)?;
        self.pair_form(pair)
    }

    /// The pair numbered `pair`: its stem's number and its form.
    fn pair_form(&self, pair: u32) -> Option<(u32, &Indexable)> {
        let (n, form) = self.pair_forms.get(pair as usize)?;
        Some((*n, form))
    }

    fn learn_cross_pair(&mut self, previous: &str, raw: &str, id: u32) -> Option<u32> {
        let mut key = std::mem::take(&mut self.pair_key);
        let pair = cross_pair_into(raw, previous.graphemes(true).next_back(), &mut key)
            .then(|| self.pair_number(&key))
            .filter(|&pair| {
                let n = self.pair_forms[pair as usize].0;
                !self.form_stems(id).contains(&n)
            });
        self.pair_key = key;
        pair
    }

    fn pair_number(&mut self, key: &str) -> u32 {
        if let Some(&pair) = self.pairs.get(key) {
            return pair;
        }
        let form = self.stem_word(key, true);
        let n = self.stem_number(&form.stemmed);
        let pair = u32::try_from(self.pair_forms.len()).unwrap_or(u32::MAX);
        self.pair_forms.push((n, form));
        self.pairs.insert(key.to_string(), pair);
        pair
    }

    /// The forms of a word of a meta field (a title): the word and its parts, without tails
    /// or pairs.
    pub(super) fn of_meta(&mut self, raw: &str) -> &[Indexable] {
        if !self.meta_cache.contains_key(raw) {
            let forms = self.indexable(raw);
            self.meta_cache.insert(raw.to_string(), forms);
        }
        &self.meta_cache[raw]
    }

    fn indexable(&self, raw: &str) -> Vec<Indexable> {
        let mut results = Vec::new();
        let normalized = normalize_word(raw);
        if !normalized.is_empty() {
            results.push(self.stem_word(&normalized, false));
        }
        for suffix in katakana_suffixes(raw) {
            let plain = normalize_diacritics(suffix);
            results.push(Indexable {
                stemmed: plain.clone().unwrap_or_else(|| suffix.to_string()),
                original: plain.map(|_| suffix.into()),
                is_compound_part: true,
            });
        }
        let possibly_compound = raw.chars().any(|c| !c.is_alphanumeric())
            || raw.chars().skip(1).any(char::is_uppercase);
        if !possibly_compound {
            return results;
        }
        let (parts, emoji) = self.discrete_words(raw);
        if !normalized.is_empty()
            && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
        {
            for part in parts.split_whitespace().filter(|w| w.len() > 1) {
                let plain = normalize_diacritics(part);
                let stemmed = match &self.stemmer {
                    Some(s) => s.stem(plain.as_deref().unwrap_or(part)).into_owned(),
                    None => plain.clone().unwrap_or_else(|| part.to_string()),
                };
                results.push(Indexable {
                    stemmed,
                    original: plain.map(|_| part.into()),
                    is_compound_part: true,
                });
            }
        }
        results.extend(emoji.into_iter().map(|e| Indexable {
            stemmed: e,
            original: None,
            is_compound_part: false,
        }));
        results
    }

    /// `sysconfig.is_python_build` is also indexed as `is_python_build`.
    fn dotted_tails(&self, raw: &str, existing: &[Indexable]) -> Vec<Indexable> {
        let mut tails = Vec::new();
        if !raw.contains('.') {
            return tails;
        }
        let seen: HashSet<&str> = existing.iter().map(|w| w.stemmed.as_str()).collect();
        let mut seen_tails: HashSet<String> = HashSet::new();
        for (i, _) in raw.match_indices('.') {
            let rest = &raw[i + 1..];
            let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
                Some((end, _)) => &rest[..end],
                None => rest,
            };
            let compound = tail.chars().any(|c| !c.is_alphanumeric())
                || tail.chars().skip(1).any(char::is_uppercase);
            if !compound {
                continue;
            }
            let normalized = normalize_word(tail);
            if normalized.chars().count() < 2 {
                continue;
            }
            let word = self.stem_word(&normalized, true);
            if !seen.contains(word.stemmed.as_str()) && seen_tails.insert(word.stemmed.clone()) {
                tails.push(word);
            }
        }
        tails
    }

    fn stem_word(&self, normalized: &str, is_compound_part: bool) -> Indexable {
        let plain = normalize_diacritics(normalized);
        let stemmed = match &self.stemmer {
            Some(s) => s.stem(plain.as_deref().unwrap_or(normalized)).into_owned(),
            None => plain.clone().unwrap_or_else(|| normalized.to_string()),
        };
        Indexable {
            stemmed,
            original: plain.map(|_| normalized.into()),
            is_compound_part,
        }
    }

    /// The word's parts (split at punctuation and case changes, lower case) and its emoji.
    fn discrete_words(&self, s: &str) -> (String, Vec<String>) {
        let words = s
            .replace(|c: char| c.is_ascii_punctuation(), " ")
            .to_case(Case::Lower)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let emoji = if self.emoji.is_match(s) {
            s.graphemes(true)
                .filter(|g| emojis::get(g).is_some())
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        };
        (words, emoji)
    }
}

/// `pt-br` → `pt`.
pub(super) fn base_language(language: &str) -> &str {
    language.split('-').next().unwrap_or(language)
}

/// The Snowball stemmer Pagefind uses for a language (and ships in that language's client).
pub(super) fn stemmer_for(language: &str) -> Option<Algorithm> {
    use Algorithm::*;
    Some(match base_language(language) {
        "ar" => Arabic,
        "hy" => Armenian,
        "eu" => Basque,
        "ca" => Catalan,
        "da" => Danish,
        "nl" => Dutch,
        "en" => English,
        "eo" => Esperanto,
        "et" => Estonian,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hi" => Hindi,
        "hu" => Hungarian,
        "id" => Indonesian,
        "ga" => Irish,
        "it" => Italian,
        "lt" => Lithuanian,
        "nb" | "nn" | "no" => Norwegian,
        "ne" => Nepali,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "sr" => Serbian,
        "pl" => Polish,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        "yi" => Yiddish,
        _ => return None,
    })
}

/// Letters, digits and word symbols, lower case.
fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// "café" → "cafe" (kana voicing marks kept), or `None` when nothing changes.
fn normalize_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let stripped: String = word
        .nfd()
        .filter(|c| {
            !unicode_normalization::char::is_combining_mark(*c)
                || matches!(*c, '\u{3099}' | '\u{309A}')
        })
        .collect();
    let normalized = if stripped
        .chars()
        .any(|c| matches!(c, '\u{3099}' | '\u{309A}'))
    {
        stripped.nfc().collect::<String>()
    } else {
        stripped
    };
    (normalized != word).then_some(normalized)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        unicode_normalization::char::is_combining_mark(c) || {
            let mut decomposes = false;
            unicode_normalization::char::decompose_canonical(c, |part| {
                decomposes = decomposes || part != c;
            });
            decomposes
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[Indexable]) -> Vec<(&str, bool, Option<&str>)> {
        words
            .iter()
            .map(|w| {
                (
                    w.stemmed.as_str(),
                    w.is_compound_part,
                    w.original.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn compound_words_are_indexed_whole_and_by_part() {
        let mut w = Words::new("en");
        for raw in ["ThreeAntelopes", "three-antelopes"] {
            assert_eq!(
                stems(w.of(raw, false)),
                [
                    ("threeantelop", false, None),
                    ("three", true, None),
                    ("antelop", true, None)
                ],
                "{raw}"
            );
        }
        // `_` is a word character (as in identifiers); the parts are still found.
        assert_eq!(
            stems(w.of("three_antelopes", false)),
            [
                ("three_antelop", false, None),
                ("three", true, None),
                ("antelop", true, None)
            ]
        );
    }

    #[test]
    fn diacritics_are_removed_and_the_original_kept() {
        let mut w = Words::new("fr");
        assert_eq!(
            stems(w.of("café-crème", false)),
            [
                ("cafecrem", false, Some("cafécrème")),
                ("caf", true, Some("café")),
                ("crem", true, Some("crème"))
            ]
        );
    }

    #[test]
    fn chinese_is_segmented_into_words_and_pairs() {
        let mut w = Words::new("zh-cn");
        let words = w.segment("管理发票和付款");
        assert!(words.len() > 1, "{words:?}");
        assert_eq!(words.concat(), "管理发票和付款");
        let forms: Vec<String> = w
            .of("发票", true)
            .iter()
            .map(|i| i.stemmed.clone())
            .collect();
        assert_eq!(forms, ["发票"]);
        let forms: Vec<String> = w
            .of("管理发票", true)
            .iter()
            .map(|i| i.stemmed.clone())
            .collect();
        assert_eq!(forms, ["管理发票", "管理", "理发", "发票"]);
    }

    #[test]
    fn a_break_never_splits_a_character_from_its_mark() {
        let w = Words::new("ja");
        // `ガ` written as `カ` and a combining voiced mark: one cluster, never two words.
        let words = w.segment("テカ\u{3099}ストの請求書");
        assert_eq!(words.concat(), "テカ\u{3099}ストの請求書");
        assert!(
            words.iter().all(|w| !w.starts_with('\u{3099}')),
            "{words:?}"
        );
    }
}
