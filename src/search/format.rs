//! Pagefind 1.6's index format, written from ajuda's records: the metadata file
//! (`pagefind.<hash>.pf_meta`), word chunks (`index/*.pf_index`), filters
//! (`filter/*.pf_filter`) and fragments (`fragment/*.pf_fragment`), each gzip'd behind
//! Pagefind's `pagefind_dcd` signature, CBOR-encoded as its client decodes them. The client
//! (`pagefind.js` and its WebAssembly) is Pagefind's own, the same version.

use super::cbor::{delta, encode_words, Locs, PackedPage, PackedVariant, PackedWord};
use super::fold;
use super::page::{MetaPos, Record};
use minicbor::Encode;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The version of Pagefind whose format this writes and whose client is shipped.
pub(super) const VERSION: &str = "1.6.0";

/// How many location entries a word chunk holds before the next starts (Pagefind's default).
const CHUNK_SIZE: usize = 20_000;

#[derive(Encode)]
struct MetaIndex {
    #[n(0)]
    version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    index_chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
    #[n(4)]
    sorts: Vec<MetaSort>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Encode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

#[derive(Encode)]
struct MetaPage {
    #[n(0)]
    hash: String,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: String,
}

#[derive(Encode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

#[derive(Encode)]
struct MetaSort {
    #[n(0)]
    sort: String,
    #[n(1)]
    pages: Vec<usize>,
}

#[derive(Encode)]
struct FilterIndex {
    #[n(0)]
    filter: String,
    #[n(1)]
    values: Vec<PackedValue>,
}

#[derive(Encode)]
struct PackedValue {
    #[n(0)]
    value: String,
    #[n(1)]
    pages: Vec<usize>,
}

/// The index's words: looked up by a record's borrowed name, allocated once per word.
type WordMap = hashbrown::HashMap<String, PackedWord, rustc_hash::FxBuildHasher>;

/// A file of the bundle: its path within the bundle folder and its bytes.
pub(super) type File = (String, Vec<u8>);

/// One language's index, built from its pages' records in the order they were added
/// (their page numbers). The words are merged as records arrive, so memory holds the
/// inverted index and the compressed fragments, never the pages.
#[derive(Default)]
pub(super) struct LocaleIndex {
    language: Option<String>,
    words: WordMap,
    /// Metadata positions per word, with the page's field names to remap them once every
    /// field is known.
    meta: Vec<(usize, String, Vec<MetaPos>)>,
    page_fields: Vec<Vec<String>>,
    filters: HashMap<String, HashMap<String, Vec<usize>>>,
    sorts: BTreeMap<String, Vec<(String, usize)>>,
    pages: Vec<(String, u32, Vec<u8>)>,
    /// Where each page's sections start (see [`fold`]), by page.
    sections: Vec<Box<[u32]>>,
    urls: Vec<String>,
}

impl LocaleIndex {
    pub(super) fn add(&mut self, mut r: Record) {
        let page = self.pages.len();
        let number = posting_number(page);
        self.language.get_or_insert(std::mem::take(&mut r.language));
        for w in std::mem::take(&mut r.words) {
            let name = r.name(&w);
            let entry = self.words.entry_ref(name).or_insert_with(|| PackedWord {
                word: name.to_string(),
                ..PackedWord::default()
            });
            if let Some(locs) = w.locs {
                entry.pages.push(PackedPage {
                    page_number: number,
                    locs,
                    meta_locs: Box::default(),
                });
            }
            for (form, locs) in w.variants {
                let page = PackedPage {
                    page_number: number,
                    locs,
                    meta_locs: Box::default(),
                };
                match entry
                    .additional_variants
                    .iter_mut()
                    .find(|v| v.form == form)
                {
                    Some(v) => v.pages.push(page),
                    None => entry.additional_variants.push(PackedVariant {
                        form,
                        pages: vec![page],
                    }),
                }
            }
        }
        for (word, positions) in r.meta_words {
            self.meta.push((page, word, positions));
        }
        self.page_fields.push(r.meta_fields);
        for (filter, values) in r.filters {
            let by_value = self.filters.entry(filter).or_default();
            for v in values {
                by_value.entry(v).or_default().push(page);
            }
        }
        for (key, value) in r.sort {
            self.sorts.entry(key).or_default().push((value, page));
        }
        self.pages.push((r.fragment_hash, r.word_count, r.fragment));
        self.sections.push(r.sections.into_boxed_slice());
        self.urls.push(r.url);
    }

    /// Numbers the pages in the order of their URLs (they were numbered as they came).
    fn renumber(&mut self) {
        let mut order: Vec<usize> = (0..self.urls.len()).collect();
        order.sort_by(|&a, &b| self.urls[a].cmp(&self.urls[b]));
        let mut new_of = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = new;
        }
        let mut pages: Vec<Option<(String, u32, Vec<u8>)>> = std::mem::take(&mut self.pages)
            .into_iter()
            .map(Some)
            .collect();
        self.pages = order.iter().filter_map(|&old| pages[old].take()).collect();
        let mut sections = std::mem::take(&mut self.sections);
        self.sections = order
            .iter()
            .map(|&old| std::mem::take(&mut sections[old]))
            .collect();
        for word in self.words.values_mut() {
            for p in word.postings_mut() {
                p.page_number = posting_number(new_of[p.page_number as usize]);
            }
        }
        for values in self.filters.values_mut() {
            for pages in values.values_mut() {
                for p in pages.iter_mut() {
                    *p = new_of[*p];
                }
                pages.sort_unstable();
            }
        }
        for values in self.sorts.values_mut() {
            for (_, p) in values.iter_mut() {
                *p = new_of[*p];
            }
        }
    }

    /// The bundle's index files and the language's entry (meta hash, page count).
    pub(super) fn files(mut self) -> (Vec<File>, Option<(String, String, usize)>) {
        let Some(language) = self.language.take() else {
            return (Vec::new(), None);
        };
        let meta_fields: Vec<String> = self
            .page_fields
            .iter()
            .flatten()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.merge_meta(&meta_fields);
        self.renumber();
        let mut files = Vec::new();
        let mut meta = MetaIndex {
            version: VERSION.into(),
            pages: Vec::new(),
            index_chunks: Vec::new(),
            filters: Vec::new(),
            sorts: sorts(std::mem::take(&mut self.sorts)),
            meta_fields,
        };
        let mut taken: HashSet<String> = HashSet::new();
        let page_count = self.pages.len();
        for (full, word_count, gz) in std::mem::take(&mut self.pages) {
            let short = shorten(&full, language.len() + 8, |h| taken.contains(h));
            taken.insert(short.clone());
            files.push((format!("fragment/{short}.pf_fragment"), gz));
            meta.pages.push(MetaPage {
                hash: short,
                word_count,
                group_hash: String::new(),
            });
        }
        let (filter_files, filter_meta) =
            filter_files(std::mem::take(&mut self.filters), &language);
        files.extend(filter_files);
        meta.filters = filter_meta;
        let (chunk_files, chunks) =
            chunk_files(std::mem::take(&mut self.words), &self.sections, &language);
        files.extend(chunk_files);
        meta.index_chunks = chunks;
        let mut bytes = Vec::new();
        let _ = minicbor::encode(meta, &mut bytes);
        let hash = pagefind_hash(&bytes);
        let meta_hash = format!(
            "{language}_{}",
            &hash[..(language.len() + 8).min(hash.len())]
        );
        // One file per locale, fetched by every search: worth the smallest encoding.
        files.push((format!("pagefind.{meta_hash}.pf_meta"), gzip_at(&bytes, 12)));
        (files, Some((language, meta_hash, page_count)))
    }

    fn merge_meta(&mut self, fields: &[String]) {
        for (page, word, positions) in std::mem::take(&mut self.meta) {
            let names = &self.page_fields[page];
            let global = |local: u16| {
                let name = &names[usize::from(local)];
                fields.iter().position(|f| f == name).unwrap_or(0) as u16
            };
            let mut plain = Vec::new();
            let mut variants: BTreeMap<String, Vec<(u16, u32)>> = BTreeMap::new();
            for p in positions {
                let at = (global(p.field), p.position);
                match p.original {
                    None => plain.push(at),
                    Some(o) => variants.entry(o).or_default().push(at),
                }
            }
            let entry = self.words.entry(word).or_insert_with_key(|k| PackedWord {
                word: k.clone(),
                ..PackedWord::default()
            });
            if !plain.is_empty() {
                set_meta(&mut entry.pages, page, pack_meta(plain).into_boxed_slice());
            }
            for (form, at) in variants {
                let locs = pack_meta(at).into_boxed_slice();
                match entry
                    .additional_variants
                    .iter_mut()
                    .find(|v| v.form == form)
                {
                    Some(v) => set_meta(&mut v.pages, page, locs),
                    None => entry.additional_variants.push(PackedVariant {
                        form,
                        pages: vec![PackedPage {
                            page_number: posting_number(page),
                            locs: Locs::new(),
                            meta_locs: locs,
                        }],
                    }),
                }
            }
        }
    }
}

/// A page's number as a posting holds it ([`PackedPage`] keeps it in 32 bits: a locale has
/// far fewer pages).
fn posting_number(page: usize) -> u32 {
    u32::try_from(page).unwrap_or(u32::MAX)
}

/// Pages are in the order they were added (ascending), so the page is found by bisection:
/// a word on every page would otherwise make this quadratic.
fn set_meta(pages: &mut Vec<PackedPage>, page: usize, meta_locs: Box<[i32]>) {
    let page = posting_number(page);
    match pages.binary_search_by_key(&page, |p| p.page_number) {
        Ok(i) => pages[i].meta_locs = meta_locs,
        Err(i) => pages.insert(
            i,
            PackedPage {
                page_number: page,
                locs: Locs::new(),
                meta_locs,
            },
        ),
    }
}

/// Field switches as `-(field + 1)`, positions as deltas within a field.
fn pack_meta(mut at: Vec<(u16, u32)>) -> Vec<i32> {
    at.sort_unstable();
    let mut out = Vec::with_capacity(at.len() + 4);
    let mut field = None;
    let mut last = 0;
    for (f, p) in at {
        if field != Some(f) {
            out.push(-(i32::from(f)) - 1);
            field = Some(f);
            last = 0;
        }
        out.push((p - last) as i32);
        last = p;
    }
    out
}

fn sorts(sorts: BTreeMap<String, Vec<(String, usize)>>) -> Vec<MetaSort> {
    sorts
        .into_iter()
        .map(|(sort, mut values)| {
            let numeric: Option<Vec<f32>> = values.iter().map(|(v, _)| number(v)).collect();
            match numeric {
                Some(n) => {
                    let mut keyed: Vec<(f32, usize)> =
                        n.into_iter().zip(values.iter().map(|(_, p)| *p)).collect();
                    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    values = keyed.into_iter().map(|(_, p)| (String::new(), p)).collect();
                }
                None => values.sort(),
            }
            MetaSort {
                sort,
                pages: values.into_iter().map(|(_, p)| p).collect(),
            }
        })
        .collect()
}

fn number(v: &str) -> Option<f32> {
    v.parse::<i32>()
        .map(|i| i as f32)
        .ok()
        .or_else(|| v.parse::<f32>().ok())
}

fn filter_files(
    filters: HashMap<String, HashMap<String, Vec<usize>>>,
    language: &str,
) -> (Vec<File>, Vec<MetaFilter>) {
    let mut filters: Vec<_> = filters.into_iter().collect();
    filters.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut files = Vec::new();
    let mut meta = Vec::new();
    let mut taken = BTreeSet::new();
    for (filter, values) in filters {
        let mut values: Vec<_> = values.into_iter().collect();
        values.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut bytes = Vec::new();
        let _ = minicbor::encode(
            FilterIndex {
                filter: filter.clone(),
                values: values
                    .into_iter()
                    .map(|(value, pages)| PackedValue { value, pages })
                    .collect(),
            },
            &mut bytes,
        );
        let full = format!("{language}_{}", pagefind_hash(&bytes));
        let short = shorten(&full, language.len() + 8, |h| taken.contains(h));
        taken.insert(short.clone());
        files.push((format!("filter/{short}.pf_filter"), gzip(&bytes)));
        meta.push(MetaFilter {
            filter,
            hash: short,
        });
    }
    (files, meta)
}

/// Words sorted, cut into chunks of about [`CHUNK_SIZE`] locations (a word of several chunks
/// folded to fit in one, [`fold::fit_if_large`]), each encoded with page numbers as deltas;
/// chunks are encoded and compressed in parallel.
fn chunk_files(
    words: WordMap,
    sections: &[Box<[u32]>],
    language: &str,
) -> (Vec<File>, Vec<MetaChunk>) {
    let mut words: Vec<PackedWord> = words.into_values().collect();
    words.par_sort_unstable_by(|a, b| a.word.cmp(&b.word));
    let sizes: Vec<usize> = words
        .par_iter_mut()
        .map(|word| {
            in_page_order(word);
            fold::fit_if_large(word, sections, CHUNK_SIZE)
        })
        .collect();
    let mut chunks: Vec<Vec<PackedWord>> = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for (word, word_size) in words.into_iter().zip(sizes) {
        size += word_size;
        chunk.push(word);
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    let mut meta = chunk_ranges(&chunks);
    let encoded: Vec<(Vec<u8>, String)> = chunks
        .into_par_iter()
        .map(|mut chunk| {
            for word in &mut chunk {
                delta(&mut word.pages);
                for v in &mut word.additional_variants {
                    delta(&mut v.pages);
                }
            }
            let bytes = encode_words(&chunk);
            let hash = format!("{language}_{}", pagefind_hash(&bytes));
            (gzip(&bytes), hash)
        })
        .collect();
    let mut taken = BTreeSet::new();
    let mut files = Vec::with_capacity(encoded.len());
    for (i, (gz, full)) in encoded.into_iter().enumerate() {
        let short = shorten(&full, language.len() + 8, |h| taken.contains(h));
        taken.insert(short.clone());
        files.push((format!("index/{short}.pf_index"), gz));
        meta[i].hash = short;
    }
    (files, meta)
}

/// A word's pages in page order, and its forms in the order they first occur: by page, on a
/// page those of the text first.
fn in_page_order(word: &mut PackedWord) {
    word.pages.sort_by_key(|p| p.page_number);
    for v in &mut word.additional_variants {
        v.pages.sort_by_key(|p| p.page_number);
    }
    word.additional_variants.sort_by_cached_key(|v| {
        let first = v.pages.first();
        (
            first.map_or(0, |p| p.page_number),
            first.is_some_and(|p| p.locs.is_empty()),
            v.form.clone(),
        )
    });
}

/// Each chunk's first and last word, cut to the shortest prefixes that still tell
/// neighbouring chunks apart.
fn chunk_ranges(chunks: &[Vec<PackedWord>]) -> Vec<MetaChunk> {
    let mut named: Vec<MetaChunk> = chunks
        .iter()
        .map(|c| MetaChunk {
            from: c.first().map_or(String::new(), |w| w.word.clone()),
            to: c.last().map_or(String::new(), |w| w.word.clone()),
            hash: String::new(),
        })
        .collect();
    for i in 1..named.len() {
        let (a, b) = prefixes(&named[i - 1].to, &named[i].from);
        if a >= named[i - 1].from {
            named[i - 1].to = a;
        }
        named[i].from = b;
    }
    named
}

fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(common + 1).collect(),
        b.chars().take(common + 1).collect(),
    )
}

/// The shortest start of `full` (at least `min` characters) that `taken` does not hold.
fn shorten(full: &str, min: usize, taken: impl Fn(&str) -> bool) -> String {
    let mut len = min.min(full.len());
    while taken(&full[..len]) && len < full.len() {
        len += 1;
    }
    full[..len].to_string()
}

/// Pagefind's content hash: SHA-1, each byte in hex without its leading zero.
pub(super) fn pagefind_hash(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    use sha1::Digest;
    let digest = sha1::Sha1::digest(bytes);
    let mut hash = String::with_capacity(2 * digest.len());
    for b in digest {
        if b >= 16 {
            hash.push(char::from(HEX[usize::from(b >> 4)]));
        }
        hash.push(char::from(HEX[usize::from(b & 15)]));
    }
    hash
}

/// Pagefind's compressed file: gzip of its signature and the data, at the level the
/// index's chunks and metadata use (a query downloads them whole).
pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, 6)
}

/// [`gzip`] at a libdeflate level (1 fastest, 12 smallest).
pub(super) fn gzip_at(bytes: &[u8], level: i32) -> Vec<u8> {
    Gzip::new(level).compress(bytes)
}

/// A compressor for many files ([`gzip_at`]), keeping its state and buffers between them.
pub(super) struct Gzip {
    compressor: libdeflater::Compressor,
    data: Vec<u8>,
    out: Vec<u8>,
}

impl Gzip {
    pub(super) fn new(level: i32) -> Gzip {
        let level = libdeflater::CompressionLvl::new(level).unwrap_or_default();
        Gzip {
            compressor: libdeflater::Compressor::new(level),
            data: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The file's bytes, allocated at their size.
    pub(super) fn compress(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.data.clear();
        self.data.extend_from_slice(b"pagefind_dcd");
        self.data.extend_from_slice(bytes);
        self.out
            .resize(self.compressor.gzip_compress_bound(self.data.len()), 0);
        let n = self
            .compressor
            .gzip_compress(&self.data, &mut self.out)
            .unwrap_or(0);
        self.out[..n].to_vec()
    }
}
