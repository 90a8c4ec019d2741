//! Full-text search: every searchable page's words, read from its rendered HTML on the
//! thread that rendered it ([`Reader`]), merged into its locale's index on a thread of its
//! own while the next pages render ([`Indexer`]), and written as a Pagefind 1.6 bundle per
//! locale under `pagefind/` (the index in Pagefind's format, [`format`], and Pagefind's own
//! client, [`assets`]). Chinese, Japanese and Thai are segmented into words. A word on so
//! many pages that its chunk alone would be a large download is folded to fewer locations
//! that keep its ranking ([`fold`]).
//!
//! Pagefind's own indexer parsed every page again, one at a time behind one lock, held a
//! locale's pages whole and compressed every file at the highest level: at 30,000 pages it
//! cost twelve times the rest of the build. Here reading a page is part of rendering it (in
//! parallel), the index holds only merged postings and compressed fragments, and the
//! client is unchanged.

mod assets;
mod cbor;
mod clusters;
mod digest;
mod facets;
mod fields;
mod fold;
mod format;
mod packed;
mod page;
mod tag;
mod words;
pub(crate) use facets::of_page as facets_of;

use crate::diag::{Diagnostic, Kind};
use crate::output::Sink;
use assets::Assets;
use format::LocaleIndex;
pub(crate) use packed::PackedRecord;
pub(crate) use page::Record;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// The output folder of the indexes and of Pagefind's scripts.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// A locale's search bundle (`pagefind/pt-br`): each locale has an index of its own, which
/// its pages' search box loads.
pub(crate) fn bundle_dir(prefix: &str) -> String {
    if prefix.is_empty() {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}/{prefix}")
    }
}

/// What the index holds of a page besides its text, given as data rather than read back from
/// its HTML: filters (`category`, `product`) and result metadata (`title`, `breadcrumb`,
/// `product`). Each takes the place of a `data-pagefind-filter`/`-meta` of the same name a
/// theme may still write.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Facets {
    pub filters: Vec<(&'static str, String)>,
    pub meta: Vec<(&'static str, String)>,
}

/// Batches of records waiting for the indexer; rendering waits beyond this.
const QUEUE: usize = 16;

/// Reads pages into records: one per rendering thread, as it keeps the stems of the words
/// it has seen.
pub(crate) struct Reader {
    index_code: bool,
    words: HashMap<String, words::Words>,
    scratch: page::Scratch,
}

impl Reader {
    /// `index_code`: code blocks are searched too (`[search] index_code`, off by default).
    pub(crate) fn new(index_code: bool) -> Reader {
        Reader {
            index_code,
            words: HashMap::new(),
            scratch: page::Scratch::new(),
        }
    }

    /// The record of a rendered page at `url` (site-relative) with its `facets`, `None` when
    /// it has no words.
    pub(crate) fn record(&mut self, url: &str, html: &str, facets: &Facets) -> Option<Record> {
        let mut digest = digest::read(html, self.index_code);
        for (k, v) in &facets.filters {
            digest.filters.insert(k.to_string(), vec![v.clone()]);
        }
        for (k, v) in &facets.meta {
            digest.meta.insert(k.to_string(), v.clone());
        }
        if !self.words.contains_key(&digest.language) {
            let words = words::Words::new(&digest.language);
            self.words.insert(digest.language.clone(), words);
        }
        let words = self.words.get_mut(&digest.language)?;
        page::record(url, digest, words, &mut self.scratch)
    }
}

/// The indexer running beside the build, on one thread for the whole build. Send a locale's
/// records with [`Indexer::sender`], then [`Indexer::take`] for its bundle; the next
/// records start the next. Building and writing the bundle ([`write`]) is left to the
/// caller, so it can run while the next locale's pages render and are merged here.
pub(crate) struct Indexer {
    tx: Option<SyncSender<Msg>>,
    worker: Option<JoinHandle<()>>,
}

enum Msg {
    Pages(Vec<Record>),
    Take(SyncSender<Bundle>),
}

/// Where a renderer sends records: a few at a time, since waking the indexer for each
/// page costs more than merging it. What is left is sent when the sender is dropped.
pub(crate) struct PageSender {
    tx: SyncSender<Msg>,
    batch: Vec<Record>,
}

/// Records sent to the indexer together.
const BATCH: usize = 16;

impl Clone for PageSender {
    fn clone(&self) -> PageSender {
        PageSender {
            tx: self.tx.clone(),
            batch: Vec::new(),
        }
    }
}

impl PageSender {
    /// Queues a record (waiting while the indexer is behind). An indexer that stopped is
    /// reported by [`Indexer::finish`].
    pub(crate) fn send(&mut self, record: Record) {
        self.batch.push(record);
        if self.batch.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let _ = self.tx.send(Msg::Pages(std::mem::take(&mut self.batch)));
        }
    }
}

impl Drop for PageSender {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A built bundle: its files, relative to its folder.
struct Index {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Indexer {
    pub(crate) fn start() -> Indexer {
        let (tx, rx) = sync_channel::<Msg>(QUEUE);
        let worker = std::thread::Builder::new()
            .name("ajuda-search".into())
            .spawn(move || run(rx))
            .expect("a thread can be started");
        Indexer {
            tx: Some(tx),
            worker: Some(worker),
        }
    }

    pub(crate) fn sender(&self) -> PageSender {
        PageSender {
            tx: self
                .tx
                .clone()
                .expect("the sender lives as long as the indexer"),
            batch: Vec::new(),
        }
    }

    /// Waits for every record sent so far and returns their bundle, unbuilt.
    pub(crate) fn take(&self) -> Result<Bundle, String> {
        let (reply, answer) = sync_channel(1);
        let stopped = || "the search indexer stopped unexpectedly".to_string();
        self.tx
            .as_ref()
            .expect("the sender lives as long as the indexer")
            .send(Msg::Take(reply))
            .map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

fn run(rx: Receiver<Msg>) {
    let mut bundle = Bundle::default();
    while let Ok(msg) = rx.recv() {
        match msg {
            Msg::Pages(records) => records.into_iter().for_each(|r| bundle.add(r)),
            Msg::Take(reply) => {
                let _ = reply.send(std::mem::take(&mut bundle));
            }
        }
    }
}

/// Pagefind's client files, loaded once and again only when a language needs its own.
#[derive(Default)]
pub(crate) struct Client(Option<(BTreeSet<String>, Assets)>);

impl Client {
    fn for_languages(&mut self, languages: &BTreeSet<String>) -> Result<&Assets, String> {
        if !self
            .0
            .as_ref()
            .is_some_and(|(l, _)| l.is_superset(languages))
        {
            let mut all = self.0.take().map(|(l, _)| l).unwrap_or_default();
            all.extend(languages.iter().cloned());
            let loaded = Assets::load(&all)?;
            self.0 = Some((all, loaded));
        }
        Ok(&self.0.as_ref().expect("loaded above").1)
    }
}

/// One bundle's indexes, one per language of its pages (one, with ajuda's themes).
#[derive(Default)]
pub(crate) struct Bundle {
    languages: BTreeMap<String, LocaleIndex>,
    /// Pages without a `data-pagefind-body` element, kept until it is known whether any
    /// page has one (then they are left out, as Pagefind does).
    whole_body: Vec<Record>,
    custom_body: bool,
}

impl Bundle {
    pub(crate) fn add(&mut self, record: Record) {
        if !record.custom_body {
            if !self.custom_body {
                self.whole_body.push(record);
            }
            return;
        }
        if !self.custom_body {
            self.custom_body = true;
            self.whole_body.clear();
        }
        self.languages
            .entry(record.language.clone())
            .or_default()
            .add(record);
    }

    /// The bundle's files: its indexes, their entry and the client.
    fn build(mut self, client: &mut Client) -> Result<Index, String> {
        for r in std::mem::take(&mut self.whole_body) {
            self.languages.entry(r.language.clone()).or_default().add(r);
        }
        let languages: BTreeSet<String> = self.languages.keys().cloned().collect();
        let assets = client.for_languages(&languages)?;
        let mut files = Vec::new();
        let mut entries = BTreeMap::new();
        for (_, index) in self.languages {
            let (index_files, entry) = index.files();
            files.extend(index_files);
            if let Some((language, hash, page_count)) = entry {
                let wasm = assets.stems(&language).then(|| language.clone());
                entries.insert(
                    language,
                    serde_json::json!({"hash": hash, "wasm": wasm, "page_count": page_count}),
                );
            }
        }
        let langs: Vec<String> = entries.keys().cloned().collect();
        files.extend(assets.for_bundle(&langs));
        let entry = serde_json::json!({
            "version": format::VERSION,
            "languages": entries,
            "include_characters": words::WORD_SYMBOLS,
        });
        files.push(("pagefind-entry.json".into(), entry.to_string().into_bytes()));
        Ok(Index { files })
    }
}

/// Builds a bundle ([`Bundle::build`]) and writes it into the output, its files in parallel
/// (a locale's fragments are thousands of small files); a bundle that could not be taken or
/// built is an `output` diagnostic (the site works without search, but a build that was
/// asked for it fails).
pub(crate) fn write(
    bundle: Result<Bundle, String>,
    client: &mut Client,
    sink: &dyn Sink,
    dir: &str,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let index = match bundle.and_then(|b| b.build(client)) {
        Ok(i) => i,
        Err(e) => return vec![Diagnostic::new(Kind::Output, dir, e)],
    };
    index
        .files
        .par_iter()
        .filter_map(|(name, bytes)| sink.write(&format!("{dir}/{name}"), bytes).err())
        .collect()
}

#[cfg(test)]
mod tests;
