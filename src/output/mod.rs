//! Where output goes: one [`Sink`] interface over a folder, memory (for `serve`) or nowhere
//! (for `check`); and the output's twin folder that makes a build replace its output
//! atomically (`swap`).

mod keep;
mod swap;

pub use keep::Keep;
pub use swap::{Staging, MARKER};

use crate::diag::{Diagnostic, Kind};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path under the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a file from disk.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        use std::io::Read;
        let mut bytes = Vec::new();
        crate::fsx::open_regular(from)
            .and_then(|mut f| {
                f.read_to_end(&mut bytes)
                    .map_err(|e| crate::fsx::ReadError::Io(from.to_path_buf(), e))
            })
            .map_err(|e| Diagnostic::new(e.kind(), from.display().to_string(), e.to_string()))?;
        self.write(rel, &bytes)
    }
}

/// Writes into a folder, creating sub-folders as needed. The folder may hold an older version
/// of the site (the output's twin): a file that already holds the right bytes is
/// left as it is; one that `previous` (the live output) holds is hard-linked from there; others
/// are written. Files are never changed in place, since they may be hard links shared with the
/// live output: a changed file is removed and created anew.
pub struct DirSink {
    root: PathBuf,
    /// The folder the files will be in once the build is applied: what messages name.
    shown: PathBuf,
    previous: Option<PathBuf>,
    /// Writing into the live output (`--in-place`): each file is made beside its place and
    /// renamed over it, so a reader never gets one half written.
    in_place: bool,
    /// Every file the build produced, written or kept.
    produced: Mutex<Vec<String>>,
    /// The bytes the site may take (`[limits] max_output_size`), the bytes produced so far,
    /// and whether they went over (reported once; the build is then fatal).
    budget: u64,
    produced_bytes: AtomicU64,
    over: AtomicBool,
}

impl DirSink {
    pub fn new(root: PathBuf) -> DirSink {
        DirSink {
            shown: root.clone(),
            root,
            previous: None,
            in_place: false,
            produced: Mutex::new(Vec::new()),
            budget: u64::MAX,
            produced_bytes: AtomicU64::new(0),
            over: AtomicBool::new(false),
        }
    }

    /// At most `bytes` of output: beyond, an `output` error (fatal: the live site stays).
    pub fn with_budget(mut self, bytes: u64) -> DirSink {
        self.budget = bytes;
        self
    }

    /// Counts `n` bytes of `rel` against the budget: `Ok(false)` once it is spent (the file
    /// is not written; the first file over it is the error).
    fn charge(&self, rel: &str, n: u64) -> Result<bool, Diagnostic> {
        let total = self.produced_bytes.fetch_add(n, Ordering::Relaxed) + n;
        if total <= self.budget {
            return Ok(true);
        }
        if self.over.swap(true, Ordering::Relaxed) {
            return Ok(false);
        }
        Err(Diagnostic::new(
            Kind::Output,
            rel,
            format!(
                "the site's output went over {} MB with this file ([limits] max_output_size); nothing was published. Is a big file included in many pages?",
                self.budget >> 20
            ),
        ))
    }

    fn path(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        if !crate::paths::is_publishable_key(rel) || (cfg!(windows) && rel.contains(':')) {
            return Err(Diagnostic::new(
                Kind::Output,
                rel,
                "output path leaves the output folder",
            ));
        }
        Ok(self.root.join(rel))
    }

    fn record(&self, rel: &str) {
        if let Ok(mut p) = self.produced.lock() {
            p.push(rel.to_string());
        }
    }

    /// An `output` diagnostic for `rel`, naming where the file was to go (not the staging
    /// folder).
    fn io_diag(&self, rel: &str, e: &io::Error) -> Diagnostic {
        Diagnostic::new(
            Kind::Output,
            rel,
            format!("cannot write {}: {e}", self.shown.join(rel).display()),
        )
    }

    /// Makes a new file for `path` (for `rel`) with `f`, given where to create it: `path`
    /// itself, whatever is there removed first (it may be a hard link shared with the live
    /// output, or a folder where a file now goes); in place, a hidden name beside it, which
    /// [`Self::settle`] renames over it. Missing folders are made, and a file in the way of
    /// one is removed. Returns where the file was made.
    fn replace(
        &self,
        rel: &str,
        path: &Path,
        mut f: impl FnMut(&Path) -> io::Result<()>,
    ) -> Result<PathBuf, Diagnostic> {
        let fresh = if self.in_place {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            path.with_file_name(format!(".{name}.ajuda-tmp"))
        } else {
            path.to_path_buf()
        };
        remove_any(&fresh).map_err(|e| self.io_diag(rel, &e))?;
        match f(&fresh) {
            Ok(()) => Ok(fresh),
            Err(e) if absent(&e) => {
                if let Some(parent) = path.parent() {
                    make_dirs(&self.root, parent).map_err(|e| self.io_diag(rel, &e))?;
                }
                f(&fresh).map_err(|e| self.io_diag(rel, &e))?;
                Ok(fresh)
            }
            Err(e) => Err(self.io_diag(rel, &e)),
        }
    }

    /// Puts the file [`Self::replace`] made at `fresh` at `path`, when they differ.
    fn settle(&self, rel: &str, fresh: &Path, path: &Path) -> Result<(), Diagnostic> {
        if fresh == path {
            return Ok(());
        }
        std::fs::rename(fresh, path)
            .or_else(|_| {
                // A folder where the file now goes.
                remove_any(path)?;
                std::fs::rename(fresh, path)
            })
            .map_err(|e| {
                let _ = std::fs::remove_file(fresh);
                self.io_diag(rel, &e)
            })
    }

    /// Makes a file at `path` holding `bytes`.
    fn create(&self, rel: &str, path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let fresh = self.replace(rel, path, |at| {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(at)?;
            io::Write::write_all(&mut f, bytes)
        })?;
        self.settle(rel, &fresh, path)
    }
}

/// Removes whatever is at `path` (a file, a link, a folder); nothing there is not an error.
fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if absent(&e) => Ok(()),
        Err(e) => Err(e),
    }
}

/// An error that means nothing is at the path: it, or a folder on the way, is missing, or a
/// file stands where a folder would be.
fn absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// `create_dir_all(dir)` inside `root`, removing a file (or link) that stands where a folder
/// must be (the site had a file `x` and now has `x/index.html`).
fn make_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    match std::fs::create_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(first) => {
            let mut blocked = false;
            for a in dir
                .ancestors()
                .take_while(|a| *a != root && a.starts_with(root))
            {
                if std::fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(a)?;
                    blocked = true;
                }
            }
            if blocked {
                std::fs::create_dir_all(dir)
            } else {
                Err(first)
            }
        }
    }
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => same_bytes(path, bytes),
        _ => false,
    }
}

/// Compares a file with `bytes` a block at a time (a 16 MB sitemap is not read whole).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = vec![0u8; 64 * 1024];
    let mut rest = bytes;
    loop {
        match f.read(&mut buf) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buf[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Whether `path` is a regular file that is the copy of a source with this metadata: copies
/// carry their source's size and modification time.
fn is_copy_of(path: &Path, src: &std::fs::Metadata) -> bool {
    let time = src.modified().ok();
    std::fs::symlink_metadata(path).is_ok_and(|o| {
        o.is_file() && o.len() == src.len() && time.is_some() && o.modified().ok() == time
    })
}

/// A hard link where the file system has them, else a copy.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
        // Recorded even when over budget: the build is fatal then, and the count of pages
        // must not also look like a shrunken site.
        self.record(rel);
        if !self.charge(rel, bytes.len() as u64)? {
            return Ok(());
        }
        if holds(&path, bytes) {
            return Ok(());
        }
        if let Some(prev) = self.previous.as_ref().map(|p| p.join(rel)) {
            if holds(&prev, bytes) {
                let fresh = self.replace(rel, &path, |at| link_or_copy(&prev, at))?;
                return self.settle(rel, &fresh, &path);
            }
        }
        self.create(rel, &path, bytes)
    }

    /// Copies a source file. Problems with the source (not a regular file, unreadable) are
    /// `io`/`not-a-file` diagnostics naming the source, which cost that file only; problems
    /// writing the output are `output` diagnostics.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
        let source_diag = |e: crate::fsx::ReadError| {
            Diagnostic::new(
                e.kind(),
                from.display().to_string(),
                format!("{e}; not published"),
            )
        };
        let mut src = crate::fsx::open_regular(from).map_err(source_diag)?;
        let meta = src
            .metadata()
            .map_err(|e| source_diag(crate::fsx::ReadError::Io(from.to_path_buf(), e)))?;
        self.record(rel);
        if !self.charge(rel, meta.len())? {
            return Ok(());
        }
        if is_copy_of(&path, &meta) {
            return Ok(());
        }
        if let Some(prev) = self.previous.as_ref().map(|p| p.join(rel)) {
            if is_copy_of(&prev, &meta) {
                let fresh = self.replace(rel, &path, |at| link_or_copy(&prev, at))?;
                return self.settle(rel, &fresh, &path);
            }
        }
        // A copy, not a hard link to the source: a later step that edits the output in place
        // must not change the sources.
        let mut dest = None;
        let fresh = self.replace(rel, &path, |at| {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(at)?;
            dest.get_or_insert(f);
            Ok(())
        })?;
        let Some(mut dest) = dest else {
            return Ok(());
        };
        if let Err(e) = copy_stream(&mut src, &mut dest) {
            drop(dest);
            let _ = std::fs::remove_file(&fresh);
            return Err(match e {
                Side::Read(e) => source_diag(crate::fsx::ReadError::Io(from.to_path_buf(), e)),
                Side::Write(e) => self.io_diag(rel, &e),
            });
        }
        if let Ok(t) = meta.modified() {
            let _ = dest.set_modified(t);
        }
        drop(dest);
        self.settle(rel, &fresh, &path)
    }
}

enum Side {
    Read(io::Error),
    Write(io::Error),
}

/// `io::copy`, telling a failed read (the source) from a failed write (the output).
fn copy_stream(src: &mut impl io::Read, dest: &mut impl io::Write) -> Result<(), Side> {
    let mut buf = vec![0u8; 256 << 10];
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Side::Read(e)),
        };
        dest.write_all(&buf[..n]).map_err(Side::Write)?;
    }
}

/// Keeps everything in memory (for an in-memory dev server; not used by the CLI yet).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .map_err(|_| Diagnostic::new(Kind::Output, rel, "output store poisoned"))?
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Discards everything (`ajuda check`).
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}
