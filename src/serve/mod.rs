//! `ajuda serve`: the site built into memory and served from there, rebuilt as sources change,
//! with open pages told to reload over a WebSocket and the page's diagnostics shown on it.
//!
//! The parts, each on its own thread(s):
//! - [`watch`]: file events on the sources, in batches (a batch is whatever arrived while the
//!   previous rebuild ran; the first event of a quiet period starts one at once);
//! - [`session`]: the builder. It holds the loaded site and its `BuildCtx` between edits and
//!   re-renders the pages an edit affects (`incremental`); after wider changes it renders the
//!   open pages first and the rest in the background; `report` makes the overlay and the
//!   terminal lines;
//! - `index`: the search index, rebuilt once edits settle;
//! - [`http`]: the axum server over [`Served`], the state the builder publishes.

pub mod http;
mod incremental;
mod index;
pub mod listen;
mod report;
pub mod session;
pub mod watch;

use crate::diag::Diagnostic;
use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

/// What open pages are told after a rebuild.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    /// Build number, 1 for the first.
    pub generation: u64,
    /// `reload`: output changed; `diagnostics`: only the diagnostics did (a page that cannot be
    /// parsed keeps its last good version).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Only stylesheets changed: swap them, no reload.
    pub css: bool,
    /// URLs of the pages that changed; `None`: any page may have.
    pub pages: Option<Vec<String>>,
}

/// A diagnostic as the in-page overlay shows it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct Shown {
    pub severity: String,
    pub kind: &'static str,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub suggestion: Option<String>,
    pub target: Option<String>,
}

impl Shown {
    fn of(d: &Diagnostic, root: &str) -> Shown {
        let file = match (&d.locale, d.file.is_empty()) {
            (_, true) => String::new(),
            (Some(_), false) if !root.is_empty() => format!("{root}/{}", d.file),
            _ => d.file.clone(),
        };
        Shown {
            severity: d.severity.to_string(),
            kind: d.kind.name(),
            file,
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            suggestion: d.suggestion.clone(),
            target: d.target.clone(),
        }
    }
}

/// The last rebuild's diagnostics, by page URL.
#[derive(Default)]
pub struct Overlay {
    /// Page URL → its diagnostics (those of its source file, and of fatal problems).
    pub pages: HashMap<String, Vec<Shown>>,
    /// Shown on every page: the config, the templates, the theme.
    pub global: Vec<Shown>,
    /// Every diagnostic of the site as it is now, as `ajuda build` would report them.
    pub all: Vec<crate::diag::Diagnostic>,
}

/// Counters of the last rebuild, for tests and the benchmark (`/__ajuda/status`).
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Status {
    pub generation: u64,
    /// `full`, `pages`, `diagnostics` or `failed`.
    pub rebuild: &'static str,
    /// Pages rendered by the last rebuild.
    pub rendered: usize,
    pub millis: f64,
    /// Whether the search index is being rebuilt in the background.
    pub indexing: bool,
    /// Pages still to render again after a template or title change (0: the site is as a
    /// full build would make it).
    pub pending: usize,
}

/// What the server serves: the built files, the overlay, and the reload events.
pub struct Served {
    /// Output path → (bytes, the build that last changed them).
    files: RwLock<HashMap<String, (Bytes, u64)>>,
    overlay: RwLock<Overlay>,
    status: RwLock<Status>,
    generation: AtomicU64,
    events: tokio::sync::broadcast::Sender<Event>,
    /// Tells one server process from the next (pages reload when the server restarts).
    pub boot: u64,
    /// Connection → the URL of the page it is open on (rendered first after a change).
    open: std::sync::Mutex<HashMap<u64, String>>,
    connections: AtomicU64,
    index_sent: AtomicU64,
    index_done: AtomicU64,
    root_path: RwLock<String>,
}

impl Default for Served {
    fn default() -> Served {
        let boot = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Served {
            boot,
            open: Default::default(),
            connections: AtomicU64::new(0),
            index_sent: AtomicU64::new(0),
            index_done: AtomicU64::new(0),
            root_path: RwLock::new("/".into()),
            files: Default::default(),
            overlay: Default::default(),
            status: Default::default(),
            generation: AtomicU64::new(0),
            events: tokio::sync::broadcast::channel(64).0,
        }
    }
}

impl Served {
    /// The file at `rel` (a `/`-separated output path).
    pub fn file(&self, rel: &str) -> Option<Bytes> {
        self.files.read().ok()?.get(rel).map(|(b, _)| b.clone())
    }

    /// Every served file's path, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .files
            .read()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn status(&self) -> Status {
        let mut s = self.status.read().map(|s| s.clone()).unwrap_or_default();
        s.indexing =
            self.index_sent.load(Ordering::SeqCst) > self.index_done.load(Ordering::SeqCst);
        s
    }

    /// A search index is asked for: its number.
    pub(crate) fn index_requested(&self) -> u64 {
        self.index_sent.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The index asked for as number `seq` is served (and every earlier one is outdated).
    pub(crate) fn index_finished(&self, seq: u64) {
        self.index_done.fetch_max(seq, Ordering::SeqCst);
    }

    /// The site's path under its host (`/`, `/kb/`).
    pub fn root_path(&self) -> String {
        self.root_path
            .read()
            .map(|r| r.clone())
            .unwrap_or_else(|_| "/".into())
    }

    pub(crate) fn set_root_path(&self, root: &str) {
        let root = format!("/{}/", root.trim_matches('/')).replace("//", "/");
        if let Ok(mut r) = self.root_path.write() {
            *r = root;
        }
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    /// Every diagnostic of the site as it is now, in `ajuda build --format json`'s shape.
    pub fn all_diagnostics_json(&self) -> String {
        match self.overlay.read() {
            Ok(o) => crate::report::json(&o.all),
            Err(_) => crate::report::json(&[]),
        }
    }

    /// Diagnostics of the page at `url`, the site-wide ones first.
    pub fn diagnostics(&self, url: &str) -> Vec<Shown> {
        let Ok(o) = self.overlay.read() else {
            return Vec::new();
        };
        let mut v = o.global.clone();
        if let Some(p) = o.pages.get(url) {
            v.extend(p.iter().cloned());
        }
        v
    }

    /// A new live-reload connection's id.
    pub(crate) fn connect(&self) -> u64 {
        self.connections.fetch_add(1, Ordering::SeqCst)
    }

    /// Connection `id` shows `url` (`None`: it closed).
    pub(crate) fn set_open(&self, id: u64, url: Option<String>) {
        if let Ok(mut o) = self.open.lock() {
            match url {
                Some(u) => o.insert(id, u),
                None => o.remove(&id),
            };
        }
    }

    /// URLs of the pages open in browsers.
    pub fn open_pages(&self) -> Vec<String> {
        self.open
            .lock()
            .map(|o| o.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether the file at `rel` changed after build `generation` (a page loaded then is
    /// out of date).
    pub fn changed_since(&self, rel: &str, generation: u64) -> bool {
        self.files
            .read()
            .ok()
            .and_then(|f| f.get(rel).map(|(_, g)| *g > generation))
            .unwrap_or(false)
    }

    /// Replaces every file (a full rebuild); the search index stays until the next one is
    /// ready.
    fn replace_files(&self, files: HashMap<String, Bytes>) {
        let Ok(mut f) = self.files.write() else {
            return;
        };
        let index = format!("{}/", crate::search::BUNDLE_DIR);
        let mut old = std::mem::take(&mut *f);
        let next = self.generation() + 1;
        for (k, v) in files {
            let g = match old.remove(&k) {
                Some((b, g)) if b == v => g,
                _ => next,
            };
            f.insert(k, (v, g));
        }
        f.extend(old.into_iter().filter(|(k, _)| k.starts_with(&index)));
    }

    /// Replaces some files (an incremental rebuild): the paths of those that changed.
    fn update_files(&self, files: impl IntoIterator<Item = (String, Bytes)>) -> Vec<String> {
        let Ok(mut f) = self.files.write() else {
            return Vec::new();
        };
        let next = self.generation() + 1;
        let mut changed = Vec::new();
        for (k, v) in files {
            if f.get(&k).is_some_and(|(b, _)| *b == v) {
                continue;
            }
            changed.push(k.clone());
            f.insert(k, (v, next));
        }
        changed
    }

    /// Replaces every file under the folders `dirs` (`/`-ended) with `files`.
    fn replace_under(&self, dirs: &[String], files: HashMap<String, Bytes>) {
        if let Ok(mut f) = self.files.write() {
            f.retain(|k, _| !dirs.iter().any(|d| k.starts_with(d.as_str())));
            let g = self.generation();
            f.extend(files.into_iter().map(|(k, v)| (k, (v, g))));
        }
    }

    /// Keeps only the files in `keep` (and the search index).
    fn retain_files(&self, keep: &std::collections::HashSet<String>) {
        let index = format!("{}/", crate::search::BUNDLE_DIR);
        if let Ok(mut f) = self.files.write() {
            f.retain(|k, _| keep.contains(k) || k.starts_with(&index));
        }
    }

    /// URLs of the HTML files among `rels` (output paths), under the site's root path.
    pub(crate) fn urls_of_files(&self, rels: &[String]) -> Vec<String> {
        let root = self.root_path();
        rels.iter()
            .filter(|r| r.ends_with(".html"))
            .map(|r| crate::address::path_of_output(&root, r))
            .collect()
    }

    fn set_overlay(&self, overlay: Overlay) {
        if let Ok(mut o) = self.overlay.write() {
            *o = overlay;
        }
    }

    /// Makes a rebuild visible: its status, then the event open pages get.
    fn publish(
        &self,
        mut status: Status,
        kind: &'static str,
        css: bool,
        pages: Option<Vec<String>>,
    ) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        status.generation = generation;
        if let Ok(mut s) = self.status.write() {
            *s = status;
        }
        // No open page is not an error.
        let _ = self.events.send(Event {
            generation,
            kind,
            css,
            pages,
        });
    }
}

/// Turns a memory sink's files into served files.
fn into_bytes(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> HashMap<String, Bytes> {
    files
        .into_iter()
        .map(|(k, v)| (k, Bytes::from(v)))
        .collect()
}
