//! Words too common to download whole. Pagefind's client fetches the whole chunk that holds
//! a query word, and a word on nearly every page of a large site (`的`, `de`, a product
//! name) fills several chunks on its own: every location of it on every page. Such a word is
//! folded until it fits in one chunk: first to one location per section of a page (its first
//! there), then, if that is still too much, to one per page. A kept location carries the
//! weights of those it stands for, so the page's weighted term frequency, which is all
//! Pagefind's ranking reads of a word, is unchanged, and so is each section's, which orders
//! sub-results. What is lost: the highlight of a second occurrence in the same section, and
//! a quoted (exact) phrase that contains such a word matches only where the kept locations
//! form the phrase. Only words of several chunks are folded ([`FOLD_FROM_CHUNKS`]), so only
//! the commonest words of a large site pay this.

use super::cbor::{Locs, PackedPage, PackedWord};

/// The largest weight one location can carry (Pagefind's client reads it as a `u8`).
const MAX_WEIGHT: u32 = 255;

/// Pagefind's weight of a location when no marker precedes it.
const DEFAULT_WEIGHT: u8 = 25;

/// How many entries a word's postings write (a chunk's measure): every location and
/// marker, and one per page.
pub(super) fn size(word: &PackedWord) -> usize {
    word.postings()
        .map(|p| p.locs.len() + p.meta_locs.len() + 1)
        .sum::<usize>()
        + word.additional_variants.len()
}

/// How many chunks' worth of postings a word may have before it is folded. A chunk of
/// 20,000 entries is 20–25 KB compressed, so an unfolded word is at most about 70 KB to
/// download, and a query of two of them, with Pagefind's client and the metadata, stays under
/// 300 KB; every word below that keeps all its locations, for phrases and highlights.
const FOLD_FROM_CHUNKS: usize = 3;

/// Folds `word` to fit in one chunk of `chunk` entries if its postings would fill
/// [`FOLD_FROM_CHUNKS`] chunks (see [`fit`]); its [`size`] then.
pub(super) fn fit_if_large(word: &mut PackedWord, sections: &[Box<[u32]>], chunk: usize) -> usize {
    let before = size(word);
    if before <= FOLD_FROM_CHUNKS * chunk {
        return before;
    }
    fit(word, sections, chunk);
    size(word)
}

/// Folds `word` until its postings hold at most `budget` entries, or are folded as far as
/// they go. `sections[page]` are the locations where the page's sections start (its
/// anchors), by page number.
fn fit(word: &mut PackedWord, sections: &[Box<[u32]>], budget: usize) {
    if size(word) <= budget {
        return;
    }
    // One location per section is at least one per page: skip it when that is too much.
    if folded_size(word) <= budget {
        fold(word, |page| {
            sections.get(page as usize).map_or(&[][..], |s| &s[..])
        });
    }
    if size(word) > budget {
        fold(word, |_| &[]);
    }
}

/// About the smallest `word` can be folded to: one location per page, most often behind a
/// weight marker.
fn folded_size(word: &PackedWord) -> usize {
    size(word)
        - word
            .postings()
            .map(|p| p.locs.len().saturating_sub(2))
            .sum::<usize>()
}

/// Buffers one word's pages are folded through, so a page allocates only its result.
#[derive(Default)]
struct Scratch {
    locs: Vec<(u8, u32)>,
    kept: Vec<(u8, u32)>,
    packed: Vec<i32>,
}

fn fold<'s>(word: &mut PackedWord, sections: impl Fn(u32) -> &'s [u32]) {
    let mut scratch = Scratch::default();
    for page in word.postings_mut() {
        fold_page(page, sections(page.page_number), &mut scratch);
    }
}

/// A page's locations, one kept per section (the first) with the weight of all of them;
/// a weight over [`MAX_WEIGHT`] is spread over the section's next locations.
fn fold_page(page: &mut PackedPage, starts: &[u32], scratch: &mut Scratch) {
    if page.locs.iter().filter(|&&l| l >= 0).nth(1).is_none() {
        return;
    }
    let Scratch { locs, kept, packed } = scratch;
    unpack_into(&page.locs, locs);
    if !locs.is_sorted_by_key(|&(_, position)| position) {
        locs.sort_unstable_by_key(|&(_, position)| position);
    }
    kept.clear();
    let mut next_start = 0;
    let mut group = 0;
    for i in 0..locs.len() {
        let position = locs[i].1;
        let before = next_start;
        while next_start < starts.len() && starts[next_start] <= position {
            next_start += 1;
        }
        if next_start != before && i > group {
            keep(&locs[group..i], kept);
            group = i;
        }
    }
    keep(&locs[group..], kept);
    if kept.len() < locs.len() {
        pack_into(kept, packed);
        page.locs = Locs::from_slice(packed);
    }
}

/// The locations of one section as few as carry their total weight.
fn keep(section: &[(u8, u32)], kept: &mut Vec<(u8, u32)>) {
    let mut total: u32 = section.iter().map(|&(w, _)| u32::from(w)).sum();
    for &(_, position) in section {
        let w = total.min(MAX_WEIGHT);
        kept.push((w as u8, position));
        total -= w;
        if total == 0 {
            break;
        }
    }
}

/// Locations as Pagefind stores them (see [`pack`]) back to `(weight, position)`.
#[cfg(test)]
fn unpack(locs: &[i32]) -> Vec<(u8, u32)> {
    let mut out = Vec::new();
    unpack_into(locs, &mut out);
    out
}

fn unpack_into(locs: &[i32], out: &mut Vec<(u8, u32)>) {
    out.clear();
    let mut weight = DEFAULT_WEIGHT;
    let mut last = 0u32;
    for &l in locs {
        if l < 0 {
            weight = u8::try_from(-(l + 1)).unwrap_or(u8::MAX);
            last = 0;
        } else {
            last += l as u32;
            out.push((weight, last));
        }
    }
}

/// `(weight, position)` pairs as Pagefind stores them: by weight (the default first) then
/// position, deltas within a weight; a weight change is `-(weight + 1)` followed by an
/// absolute position.
#[cfg(test)]
pub(super) fn pack(locs: &mut [(u8, u32)]) -> Locs {
    pack_with(locs, &mut Vec::new())
}

/// [`pack`] through the buffer `out`, so only a result of more than four allocates.
pub(super) fn pack_with(locs: &mut [(u8, u32)], out: &mut Vec<i32>) -> Locs {
    // Most words are once on a page.
    if let [(weight, position)] = *locs {
        let position = position as i32;
        return if weight == DEFAULT_WEIGHT {
            smallvec::smallvec![position]
        } else {
            smallvec::smallvec![-i32::from(weight) - 1, position]
        };
    }
    pack_into(locs, out);
    Locs::from_slice(out)
}

fn pack_into(locs: &mut [(u8, u32)], out: &mut Vec<i32>) {
    out.clear();
    locs.sort_unstable_by_key(|&(w, p)| (if w == DEFAULT_WEIGHT { 0 } else { w }, p, w));
    // Exactly as many as it will hold, so it becomes a boxed slice without a copy.
    let mut markers = 0;
    let mut weight = DEFAULT_WEIGHT;
    for &(w, _) in locs.iter() {
        markers += usize::from(w != weight);
        weight = w;
    }
    out.reserve_exact(locs.len() + markers);
    let mut current = DEFAULT_WEIGHT;
    let mut last = 0;
    for &mut (weight, position) in locs {
        if weight != current {
            out.push(-i32::from(weight) - 1);
            out.push(position as i32);
            current = weight;
        } else {
            out.push((position - last) as i32);
        }
        last = position;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: u32, locs: &[(u8, u32)]) -> PackedPage {
        PackedPage {
            page_number: number,
            locs: pack(&mut locs.to_vec()),
            meta_locs: Box::default(),
        }
    }

    fn weights_by_page(word: &PackedWord) -> Vec<u32> {
        word.pages
            .iter()
            .map(|p| unpack(&p.locs).iter().map(|&(w, _)| u32::from(w)).sum())
            .collect()
    }

    #[test]
    fn locations_round_trip_through_the_packed_form() {
        let locs = vec![(24, 3), (24, 9), (168, 1), (25, 40), (24, 70)];
        let mut back = unpack(&pack(&mut locs.clone()));
        back.sort_by_key(|&(_, p)| p);
        let mut want = locs;
        want.sort_by_key(|&(_, p)| p);
        assert_eq!(back, want);
    }

    #[test]
    fn a_word_within_budget_is_left_alone() {
        let mut word = PackedWord {
            word: "fatura".into(),
            pages: vec![page(0, &[(24, 1), (24, 5)])],
            additional_variants: Vec::new(),
        };
        let before = word.pages[0].locs.clone();
        let budget = size(&word);
        fit(&mut word, &[Box::new([3])], budget);
        assert_eq!(word.pages[0].locs, before);
    }

    #[test]
    fn only_a_word_of_several_chunks_is_folded() {
        let locs: Vec<(u8, u32)> = (0..20).map(|p| (24, p)).collect();
        let word = || PackedWord {
            word: "de".into(),
            pages: vec![page(0, &locs)],
            additional_variants: Vec::new(),
        };
        let entries = size(&word());
        let mut small = word();
        fit_if_large(
            &mut small,
            &[Box::new([])],
            entries.div_ceil(FOLD_FROM_CHUNKS),
        );
        assert_eq!(size(&small), entries);
        let mut large = word();
        fit_if_large(&mut large, &[Box::new([])], entries / FOLD_FROM_CHUNKS - 1);
        assert!(size(&large) < entries);
    }

    #[test]
    fn a_word_over_budget_keeps_one_location_per_section_and_every_weight() {
        // Sections start at 10 and 20: locations 1 and 4 before them, 12 (a heading, 168)
        // and 15 in the second, 30 in the third.
        let locs = [(24, 1), (24, 4), (168, 12), (24, 15), (24, 30)];
        let mut word = PackedWord {
            word: "的".into(),
            pages: vec![page(0, &locs)],
            additional_variants: Vec::new(),
        };
        let total_before = weights_by_page(&word);
        let budget = size(&word) - 1;
        fit(&mut word, &[Box::new([10, 20])], budget);
        let mut kept = unpack(&word.pages[0].locs);
        kept.sort_by_key(|&(_, p)| p);
        assert_eq!(kept, vec![(48, 1), (192, 12), (24, 30)]);
        assert_eq!(weights_by_page(&word), total_before);
    }

    #[test]
    fn a_word_still_over_budget_keeps_one_location_per_page() {
        let mut word = PackedWord {
            word: "de".into(),
            pages: vec![
                page(0, &[(24, 1), (24, 12), (24, 30)]),
                page(1, &[(24, 2), (24, 3)]),
            ],
            additional_variants: Vec::new(),
        };
        let sections: Vec<Box<[u32]>> = vec![Box::new([10, 20]), Box::new([])];
        fit(&mut word, &sections, 4);
        assert_eq!(unpack(&word.pages[0].locs), vec![(72, 1)]);
        assert_eq!(unpack(&word.pages[1].locs), vec![(48, 2)]);
    }

    #[test]
    fn a_weight_over_what_a_location_holds_spreads_over_the_next_ones() {
        let locs: Vec<(u8, u32)> = (0..12).map(|p| (24, p)).collect();
        let mut word = PackedWord {
            word: "计".into(),
            pages: vec![page(0, &locs)],
            additional_variants: Vec::new(),
        };
        fit(&mut word, &[Box::new([])], 1);
        let mut kept = unpack(&word.pages[0].locs);
        kept.sort_by_key(|&(_, p)| p);
        assert_eq!(kept, vec![(255, 0), (33, 1)]);
    }
}
