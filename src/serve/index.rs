//! The search index of `serve`, rebuilt in the background from the served pages once edits
//! have settled: never on the way from a save to the reload.

use super::Served;
use crate::output::MemorySink;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// How long edits must have stopped before the index is rebuilt.
const SETTLE: Duration = Duration::from_millis(800);

/// The pages a locale's index holds.
#[derive(Debug, Clone)]
pub struct LocaleJob {
    /// Output folder of the bundle (`pagefind/pt-br`).
    pub dir: String,
    /// (URL, output file) of each searchable page.
    pub pages: Vec<(String, String)>,
}

/// What to index: every published locale's pages, as they are served now.
#[derive(Debug, Clone)]
pub struct Job {
    pub locales: Vec<LocaleJob>,
    pub index_code: bool,
    /// Its number in the order jobs were asked for.
    pub seq: u64,
}

/// Runs until `jobs` closes: takes the latest job once no other came for [`SETTLE`], indexes
/// the served pages, and swaps the new index in.
pub fn run(served: Arc<Served>, jobs: Receiver<Job>) {
    let mut client = crate::search::Client::default();
    let mut next = jobs.recv();
    while let Ok(mut job) = next {
        loop {
            match jobs.recv_timeout(SETTLE) {
                Ok(newer) => job = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let sink = MemorySink::default();
        let mut dirs = Vec::new();
        let mut reader = crate::search::Reader::new(job.index_code);
        for l in &job.locales {
            let mut bundle = crate::search::Bundle::default();
            for (url, rel) in &l.pages {
                let Some(bytes) = served.file(rel) else {
                    continue;
                };
                let html = String::from_utf8_lossy(&bytes);
                if let Some(record) = reader.record(url, &html) {
                    bundle.add(record);
                }
            }
            // Problems of the index were reported by the build; the old index stays if any.
            let _ = crate::search::write(bundle.build(&mut client), &sink, &l.dir);
            dirs.push(format!("{}/", l.dir));
        }
        let files = sink.files.into_inner().unwrap_or_default();
        served.replace_under(&dirs, super::into_bytes(files));
        served.index_finished(job.seq);
        next = jobs.recv();
    }
}
