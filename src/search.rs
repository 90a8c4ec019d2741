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

/// The indexer running beside the build, on one thread for the whole build (so the memory one
/// locale's index used is reused by the next). Send a locale's pages with
/// [`Indexer::sender`], then [`Indexer::finish`] for its index; the next pages start the next.
pub struct Indexer {
    tx: Option<SyncSender<Msg>>,
    worker: Option<JoinHandle<()>>,
}

enum Msg {
    Page(Entry),
    Finish(SyncSender<Result<Index, String>>),
}

/// Where a renderer sends pages.
#[derive(Clone)]
pub struct PageSender(SyncSender<Msg>);

impl PageSender {
    /// Queues a page (waiting while the indexer is behind). An indexer that stopped is
    /// reported by [`Indexer::finish`].
    pub fn send(&self, entry: Entry) {
        let _ = self.0.send(Msg::Page(entry));
    }
}

/// The built index: its files (relative to its bundle folder) and how many pages it holds.
pub struct Index {
    pub files: Vec<(String, Vec<u8>)>,
    pub pages: usize,
    pub problems: Vec<String>,
}

impl Indexer {
    /// `index_code`: code blocks are searched too (three times the indexing time on
    /// code-heavy docs; off by default, `[search] index_code`).
    pub fn start(index_code: bool) -> Indexer {
        let (tx, rx) = sync_channel::<Msg>(QUEUE);
        let worker = std::thread::Builder::new()
            .name("ajuda-search".into())
            .spawn(move || run(rx, index_code))
            .expect("a thread can be started");
        Indexer {
            tx: Some(tx),
            worker: Some(worker),
        }
    }

    pub fn sender(&self) -> PageSender {
        PageSender(
            self.tx
                .clone()
                .expect("the sender lives as long as the indexer"),
        )
    }

    /// Waits for every page sent so far to be indexed and builds their index.
    pub fn finish(&self) -> Result<Index, String> {
        let (reply, answer) = sync_channel(1);
        let stopped = || "the search indexer stopped unexpectedly".to_string();
        self.tx
            .as_ref()
            .expect("the sender lives as long as the indexer")
            .send(Msg::Finish(reply))
            .map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
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

fn run(rx: Receiver<Msg>, index_code: bool) {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(r) => r,
        Err(e) => {
            // Every finish is answered with the reason.
            for msg in rx {
                if let Msg::Finish(reply) = msg {
                    let _ = reply.send(Err(format!("cannot start the search indexer: {e}")));
                }
            }
            return;
        }
    };
    runtime.block_on(async move {
        let mut current: Option<Building> = None;
        while let Ok(msg) = rx.recv() {
            match msg {
                Msg::Page(entry) => {
                    if current.is_none() {
                        current = Some(Building::new(index_code));
                    }
                    current.as_mut().expect("set above").add(entry).await;
                }
                Msg::Finish(reply) => {
                    let building = current.take().unwrap_or_else(|| Building::new(index_code));
                    let _ = reply.send(building.files().await);
                }
            }
        }
    });
}

/// One locale's index being built.
struct Building {
    index: Result<pagefind::api::PagefindIndex, String>,
    pages: usize,
    problems: Vec<String>,
}

impl Building {
    fn new(index_code: bool) -> Building {
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
        Building {
            index: pagefind::api::PagefindIndex::new(Some(options))
                .map_err(|e| format!("cannot start the search indexer: {e}")),
            pages: 0,
            problems: Vec::new(),
        }
    }

    async fn add(&mut self, entry: Entry) {
        let Ok(index) = self.index.as_mut() else {
            return;
        };
        match index
            .add_html_file(None, Some(entry.url.clone()), entry.html)
            .await
        {
            Ok(_) => self.pages += 1,
            Err(e) => self.problems.push(format!("{}: {e}", entry.url)),
        }
    }

    async fn files(self) -> Result<Index, String> {
        let mut index = self.index?;
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
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .collect();
        Ok(Index {
            files,
            pages: self.pages,
            problems: self.problems,
        })
    }
}

/// The part of a rendered page the indexer needs: its `<html lang>`, the `data-pagefind-meta`
/// and `data-pagefind-filter` tags of its head and the `data-pagefind-body` element, without the chrome (header,
/// navigation, footer) it would parse and drop. `None` when the page has no such element.
pub fn compact(html: &str) -> Option<String> {
    let open = html.find("<html")?;
    let html_tag = &html[open..open + html[open..].find('>')? + 1];
    let head_end = html.find("</head>").unwrap_or(0);
    let mut metas = String::new();
    let mut at = 0;
    while let Some(i) = html[at..head_end].find("<meta") {
        let start = at + i;
        let end = start + html[start..].find('>')? + 1;
        if html[start..end].contains("data-pagefind-") {
            metas.push_str(&html[start..end]);
        }
        at = end;
    }
    let marker = html.find(" data-pagefind-body")?;
    let start = html[..marker].rfind('<')?;
    let name_end = start + 1 + html[start + 1..].find(|c: char| !c.is_ascii_alphanumeric())?;
    let name = &html[start + 1..name_end];
    // The matching end tag: same-name tags nest.
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut pos = start;
    let end = loop {
        let next_open = html[pos + 1..].find(&open_tag).map(|i| pos + 1 + i);
        let next_close = html[pos + 1..].find(&close_tag).map(|i| pos + 1 + i)?;
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                pos = o;
            }
            _ if depth == 0 => break next_close + close_tag.len(),
            _ => {
                depth -= 1;
                pos = next_close;
            }
        }
    };
    Some(format!(
        "<!DOCTYPE html>{html_tag}<head>{metas}</head><body>{}</body></html>",
        &html[start..end]
    ))
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

#[cfg(test)]
mod tests {
    #[test]
    fn compact_keeps_lang_metas_and_the_indexed_element() {
        let page = r#"<!DOCTYPE html><html lang="pt-BR" dir="ltr"><head><title>T</title><meta property="og:title" content="Fatura" data-pagefind-meta="title[content]"><meta name="x" content="y"></head><body><header>menu</header><div class="content" data-pagefind-body><div>a <div>b</div></div><p>c</p></div><footer>f</footer></body></html>"#;
        assert_eq!(
            super::compact(page).unwrap(),
            r#"<!DOCTYPE html><html lang="pt-BR" dir="ltr"><head><meta property="og:title" content="Fatura" data-pagefind-meta="title[content]"></head><body><div class="content" data-pagefind-body><div>a <div>b</div></div><p>c</p></div></body></html>"#
        );
        assert!(super::compact("<html><body>no body marker</body></html>").is_none());
    }
}
