//! The postings of a chunk of Pagefind's index and their CBOR encoding, written by hand:
//! at 30,000 pages minicbor's generic encoder was 5 % of the build. The bytes are those
//! minicbor's derive writes for Pagefind's `WordIndex` (a struct is an array of its fields).

/// A word's locations on one page, packed ([`super::fold::pack`]): most often one to four,
/// held inline.
pub(crate) type Locs = smallvec::SmallVec<[i32; 4]>;

/// A word's postings: its pages, and the other forms it was seen in.
#[derive(Default)]
pub(super) struct PackedWord {
    pub(super) word: String,
    pub(super) pages: Vec<PackedPage>,
    pub(super) additional_variants: Vec<PackedVariant>,
}

impl PackedWord {
    /// Every page of the word, of its own form and of each other form.
    pub(super) fn postings(&self) -> impl Iterator<Item = &PackedPage> {
        let variants = self.additional_variants.iter().flat_map(|v| &v.pages);
        self.pages.iter().chain(variants)
    }

    pub(super) fn postings_mut(&mut self) -> impl Iterator<Item = &mut PackedPage> {
        let variants = self
            .additional_variants
            .iter_mut()
            .flat_map(|v| &mut v.pages);
        self.pages.iter_mut().chain(variants)
    }
}

pub(super) struct PackedVariant {
    pub(super) form: String,
    pub(super) pages: Vec<PackedPage>,
}

/// A word on one page. Held for every word of every page of a locale until its index is
/// written, so kept small: 48 bytes with up to four locations inline, and no allocation.
pub(super) struct PackedPage {
    pub(super) page_number: u32,
    pub(super) locs: Locs,
    pub(super) meta_locs: Box<[i32]>,
}

/// A chunk as Pagefind's `WordIndex` (CBOR as minicbor's derive writes it: a struct is
/// an array of its fields): `[[word, [[page, [loc...], [meta...]]...], [[form, pages]...]]...]`.
pub(super) fn encode_words(words: &[PackedWord]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    cbor_head(&mut out, 4, 1);
    cbor_head(&mut out, 4, words.len() as u64);
    for w in words {
        cbor_head(&mut out, 4, 3);
        cbor_str(&mut out, &w.word);
        cbor_pages(&mut out, &w.pages);
        cbor_head(&mut out, 4, w.additional_variants.len() as u64);
        for v in &w.additional_variants {
            cbor_head(&mut out, 4, 2);
            cbor_str(&mut out, &v.form);
            cbor_pages(&mut out, &v.pages);
        }
    }
    out
}

fn cbor_pages(out: &mut Vec<u8>, pages: &[PackedPage]) {
    cbor_head(out, 4, pages.len() as u64);
    for p in pages {
        cbor_head(out, 4, 3);
        cbor_head(out, 0, u64::from(p.page_number));
        for locs in [&p.locs[..], &p.meta_locs[..]] {
            cbor_head(out, 4, locs.len() as u64);
            for &l in locs.iter() {
                match u64::try_from(l) {
                    Ok(n) => cbor_head(out, 0, n),
                    Err(_) => cbor_head(out, 1, (-1 - i64::from(l)) as u64),
                }
            }
        }
    }
}

fn cbor_str(out: &mut Vec<u8>, s: &str) {
    cbor_head(out, 3, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A CBOR item's head: its major type and argument, in the fewest bytes.
fn cbor_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    if n < 24 {
        out.push(m | n as u8);
    } else if n <= u64::from(u8::MAX) {
        out.extend_from_slice(&[m | 24, n as u8]);
    } else if n <= u64::from(u16::MAX) {
        out.push(m | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= u64::from(u32::MAX) {
        out.push(m | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

pub(super) fn delta(pages: &mut [PackedPage]) {
    let mut last = 0;
    for p in pages {
        let n = p.page_number;
        p.page_number = n - last;
        last = n;
    }
}
