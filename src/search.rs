//! Full-text search: the rendered pages fed to Pagefind's indexer in-process, on a thread of its
//! own while the pages are rendered, and its index (per language, Chinese and Japanese
//! segmented into words) written into the output under `pagefind/`.
//!
//! Pages reach the indexer through a bounded channel, so rendering never holds more than a few
//! dozen pages' HTML for it; indexing runs beside rendering on the other core.

use crate::diag::{Diagnostic, Kind};
use crate::output::Sink;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

/// The output folder of the indexes and of Pagefind's scripts.
pub const BUNDLE_DIR: &str = "pagefind";

/// A locale's search bundle (`pagefind/pt-br`): each locale has an index of its own, which
/// its pages' search box loads.
pub fn bundle_dir(prefix: &str) -> String {
    if prefix.is_empty() {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}/{prefix}")
    }
}

/// Pages waiting for the indexer; rendering waits beyond this.
const QUEUE: usize = 32;

/// A page for the index: its URL (site-relative, as links have it) and its whole HTML (the
/// templates mark the indexed part with `data-pagefind-body`).
pub struct Entry {
    pub url: String,
    pub html: String,
}

/// The indexer running beside the build. Send pages with [`Indexer::sender`], then
/// [`Indexer::finish`] to get the index files.
pub struct Indexer {
    tx: Option<SyncSender<Entry>>,
    worker: JoinHandle<Result<Index, String>>,
}

/// The built index: its files (relative to [`BUNDLE_DIR`]) and how many pages it holds.
pub struct Index {
    pub files: Vec<(String, Vec<u8>)>,
    pub pages: usize,
    pub problems: Vec<String>,
}

impl Indexer {
    /// `index_code`: code blocks are searched too (three times the indexing time on
    /// code-heavy docs; off by default, `[search] index_code`).
    pub fn start(index_code: bool) -> Indexer {
        let (tx, rx) = sync_channel::<Entry>(QUEUE);
        let worker = std::thread::Builder::new()
            .name("ajuda-search".into())
            .spawn(move || run(rx, index_code))
            .expect("a thread can be started");
        Indexer {
            tx: Some(tx),
            worker,
        }
    }

    pub fn sender(&self) -> SyncSender<Entry> {
        self.tx.clone().expect("the sender lives until finish")
    }

    /// Waits for every page sent to be indexed and builds the index.
    pub fn finish(mut self) -> Result<Index, String> {
        drop(self.tx.take());
        self.worker
            .join()
            .map_err(|_| "the search indexer stopped unexpectedly".to_string())?
    }
}

fn run(rx: Receiver<Entry>, index_code: bool) -> Result<Index, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async move {
        // `#` links of headings are not words of the page.
        let mut exclude = vec![
            ".heading-anchor".to_string(),
            "[data-pagefind-ignore]".into(),
        ];
        if !index_code {
            exclude.push(".code-block".into());
        }
        let options = pagefind::options::PagefindServiceConfig::builder()
            .exclude_selectors(exclude)
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options))
            .map_err(|e| format!("cannot start the search indexer: {e}"))?;
        let mut pages = 0;
        let mut problems = Vec::new();
        while let Ok(entry) = rx.recv() {
            match index
                .add_html_file(None, Some(entry.url.clone()), entry.html)
                .await
            {
                Ok(_) => pages += 1,
                Err(e) => problems.push(format!("{}: {e}", entry.url)),
            }
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("cannot build the search index: {e}"))?;
        // ajuda's theme has its own search box: Pagefind's UI bundles are not published.
        let files = files
            .into_iter()
            .filter(|f| {
                let name = f.filename.to_string_lossy();
                !(name.ends_with("-ui.js")
                    || name.ends_with("-ui.css")
                    || name == "pagefind-highlight.js")
            })
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (name, f.contents)
            })
            .collect();
        Ok(Index {
            files,
            pages,
            problems,
        })
    })
}

/// Writes the index into the output; problems are `output` diagnostics (the site works
/// without search, but a build that was asked for it fails).
pub fn write(index: Result<Index, String>, sink: &dyn Sink, dir: &str) -> Vec<Diagnostic> {
    let index = match index {
        Ok(i) => i,
        Err(e) => return vec![Diagnostic::new(Kind::Output, dir, e)],
    };
    let mut diags: Vec<Diagnostic> = index
        .problems
        .into_iter()
        .map(|p| {
            Diagnostic::new(Kind::Output, dir, format!("not indexed: {p}"))
                .severity(crate::diag::Severity::Warning)
        })
        .collect();
    for (name, bytes) in &index.files {
        if let Err(d) = sink.write(&format!("{dir}/{name}"), bytes) {
            diags.push(d);
        }
    }
    diags
}
