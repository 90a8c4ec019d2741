//! The search index of `serve`, rebuilt in the background from the served pages once edits
//! have settled: never on the way from a save to the reload.

use super::Served;
use crate::output::MemorySink;
use axum::body::Bytes;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// How long edits must have stopped before the index is rebuilt.
const SETTLE: Duration = Duration::from_millis(800);

/// The pages a locale's index holds.
#[derive(Debug, Clone)]
pub(super) struct LocaleJob {
    /// Output folder of the bundle (`pagefind/pt-br`).
    pub dir: String,
    /// (URL, output file, what the index holds of it besides its text) of each searchable
    /// page.
    pub pages: Vec<(String, String, crate::search::Facets)>,
}

/// What to index: every published locale's pages, as they are served now.
#[derive(Debug, Clone)]
pub(super) struct Job {
    pub locales: Vec<LocaleJob>,
    pub index_code: bool,
    /// Its number in the order jobs were asked for.
    pub seq: u64,
}

/// Each served page's record as of its last reading, and each bundle's pages as of its
/// last build: an edit re-reads only the pages whose HTML changed and rebuilds only the
/// bundles they are in.
#[derive(Default)]
struct Cache {
    pages: HashMap<String, (u64, Option<crate::search::PackedRecord>)>,
    bundles: HashMap<String, u64>,
    /// The `[search] index_code` the records were read with: a change reads them all again.
    index_code: Option<bool>,
}

impl Cache {
    /// Forgets what `job` no longer has: records read another way, pages gone.
    fn keep_for(&mut self, job: &Job) {
        if self.index_code != Some(job.index_code) {
            *self = Cache {
                index_code: Some(job.index_code),
                ..Cache::default()
            };
        }
        let live: std::collections::HashSet<&str> = job
            .locales
            .iter()
            .flat_map(|l| l.pages.iter().map(|(_, rel, _)| rel.as_str()))
            .collect();
        self.pages.retain(|rel, _| live.contains(rel.as_str()));
    }
}

fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Runs until `jobs` closes: takes the latest job once no other came for [`SETTLE`], indexes
/// the served pages that changed, and swaps the bundles they changed in.
pub(super) fn run(served: Arc<Served>, jobs: Receiver<Job>) {
    let mut client = crate::search::Client::default();
    let mut cache = Cache::default();
    let mut next = jobs.recv();
    while let Ok(mut job) = next {
        loop {
            match jobs.recv_timeout(SETTLE) {
                Ok(newer) => job = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        cache.keep_for(&job);
        let sink = MemorySink::default();
        let mut dirs = Vec::new();
        for l in &job.locales {
            if let Some(bundle) = bundle_of(&served, l, job.index_code, &mut cache) {
                // Problems of the index were reported by the build; the old index stays if any.
                let _ = crate::search::write(Ok(bundle), &mut client, &sink, &l.dir);
                dirs.push(format!("{}/", l.dir));
            }
        }
        let files = sink.files.into_inner().unwrap_or_default();
        if !dirs.is_empty() {
            served.replace_under(&dirs, super::into_bytes(files));
        }
        served.index_finished(job.seq);
        next = jobs.recv();
    }
}

/// The locale's bundle from its pages' records (read again, on every core, only where the
/// page changed), or `None` when no page of it changed since its last build.
fn bundle_of(
    served: &Served,
    l: &LocaleJob,
    index_code: bool,
    cache: &mut Cache,
) -> Option<crate::search::Bundle> {
    let pages: Vec<(&String, &String, Option<Bytes>)> = l
        .pages
        .iter()
        .map(|(url, rel, _)| (url, rel, served.file(rel)))
        .collect();
    // A page is read again when its HTML or its facets changed.
    let prints: Vec<u64> = pages
        .iter()
        .zip(&l.pages)
        .map(|((_, _, b), (_, _, facets))| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.as_deref().map_or(0, fingerprint).hash(&mut h);
            facets.hash(&mut h);
            h.finish()
        })
        .collect();
    let mut all = std::collections::hash_map::DefaultHasher::new();
    for ((url, _, _), print) in pages.iter().zip(&prints) {
        url.hash(&mut all);
        print.hash(&mut all);
    }
    let signature = all.finish();
    if cache.bundles.get(&l.dir) == Some(&signature) {
        return None;
    }
    let stale: Vec<usize> = (0..pages.len())
        .filter(|&i| cache.pages.get(pages[i].1).map(|(p, _)| *p) != Some(prints[i]))
        .collect();
    let fresh: Vec<(usize, Option<crate::search::PackedRecord>)> = stale
        .into_par_iter()
        .map_init(
            || crate::search::Reader::new(index_code),
            |reader, i| {
                let (url, _, bytes) = &pages[i];
                let facets = &l.pages[i].2;
                let record = bytes
                    .as_deref()
                    .and_then(|b| reader.record(url, &String::from_utf8_lossy(b), facets))
                    .map(crate::search::PackedRecord::pack);
                (i, record)
            },
        )
        .collect();
    for (i, record) in fresh {
        cache.pages.insert(pages[i].1.clone(), (prints[i], record));
    }
    let mut bundle = crate::search::Bundle::default();
    for (_, rel, _) in &pages {
        if let Some((_, Some(record))) = cache.pages.get(*rel) {
            bundle.add(record.unpack());
        }
    }
    cache.bundles.insert(l.dir.clone(), signature);
    Some(bundle)
}
