//! The characters of Chinese, Japanese and Thai text as search splits them: which
//! grapheme clusters the segmenter splits and pairs, which characters are clusters of their
//! own (so its breaks need no check), and the suffixes of katakana runs.

use std::collections::HashSet;
use unicode_segmentation::UnicodeSegmentation;

const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;

/// Whether a cluster is of a script the segmenter splits (Chinese, Japanese, Thai, Lao,
/// Myanmar, Khmer): pairs of them are indexed.
fn is_segmented_cluster(cluster: &str) -> bool {
    matches!(
        cluster.chars().next().map(u32::from),
        Some(
            0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F
            | 0x30000..=0x323AF
            | 0x3041..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9F
            | 0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF,
        )
    )
}

/// Whether each character of `text` is a grapheme cluster of its own: true of printable
/// ASCII and Latin, of general punctuation (quotes, dashes), of the common Chinese and
/// Japanese blocks and of full-width forms (`，`, `：`), none of them a combining mark, joiner
/// or control character, so the segmenter's breaks need no check against clusters.
pub(super) fn every_char_a_cluster(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            u32::from(c),
            0x20..=0x7E
                | 0xA0..=0xAC
                | 0xAE..=0x2FF
                | 0x2010..=0x2027
                | 0x2030..=0x205E
                | 0x3000..=0x3029
                | 0x3030..=0x3098
                | 0x309B..=0x9FFF
                | 0xFF01..=0xFF9D
        )
    })
}

/// The pair of the segmented clusters `previous_cluster` and the first of `word`, written
/// into `key`; `false` when either is not a segmented cluster.
pub(super) fn cross_pair_into(
    word: &str,
    previous_cluster: Option<&str>,
    key: &mut String,
) -> bool {
    let Some(previous) = previous_cluster.filter(|c| is_segmented_cluster(c)) else {
        return false;
    };
    let Some(first) = word
        .graphemes(true)
        .next()
        .filter(|f| is_segmented_cluster(f))
    else {
        return false;
    };
    key.clear();
    key.push_str(previous);
    key.push_str(first);
    true
}

/// Every pair of adjacent segmented clusters within a word.
pub(super) fn pair_bigrams(word: &str) -> Vec<String> {
    let mut pairs = Vec::new();
    let mut previous: Option<&str> = None;
    for cluster in word.graphemes(true) {
        if !is_segmented_cluster(cluster) {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            pairs.push(format!("{p}{cluster}"));
        }
        previous = Some(cluster);
    }
    pairs
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// ICU4X's dictionary has no katakana words: every suffix of a katakana run is indexed, so
/// prefix matching finds a word inside it.
pub(super) fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut suffixes = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_counted_as_its_own_cluster_is_one() {
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            let text = c.to_string();
            if !every_char_a_cluster(&text) {
                continue;
            }
            for joined in [
                format!("a{c}a"),
                format!("{c}{c}"),
                format!("\u{4e00}{c}\u{4e00}"),
            ] {
                let n = joined.graphemes(true).count();
                assert_eq!(n, joined.chars().count(), "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn common_chinese_and_latin_are_clusters_of_their_own_but_marks_are_not() {
        assert!(every_char_a_cluster("管理发票和付款abc，“费用”：café"));
        assert!(!every_char_a_cluster("ｶﾞ"));
        assert!(!every_char_a_cluster("e\u{301}"));
        assert!(!every_char_a_cluster("か\u{3099}"));
        assert!(!every_char_a_cluster("a\u{200B}b"));
    }
}
