//! Where output goes: one [`Sink`] interface over a folder, memory (for `serve`) or nowhere
//! (for `check`); and the staging folder that makes a build replace its output atomically.

use crate::diag::{Diagnostic, Kind};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path under the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a file from disk.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| io_diag(from, &e))?;
        self.write(rel, &bytes)
    }
}

fn io_diag(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::new(
        Kind::Output,
        path.display().to_string(),
        format!("cannot write: {e}"),
    )
}

/// Writes into a folder, creating sub-folders as needed. With `previous` set (an output folder
/// being updated), a file whose bytes are already there is not written again, only recorded.
pub struct DirSink {
    root: PathBuf,
    previous: Option<PathBuf>,
    /// Every file the build produced, written or kept.
    produced: Mutex<Vec<String>>,
}

impl DirSink {
    pub fn new(root: PathBuf) -> DirSink {
        DirSink {
            root,
            previous: None,
            produced: Mutex::new(Vec::new()),
        }
    }

    fn path(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        if rel.split('/').any(|s| s == ".." || s == ".")
            || rel.starts_with('/')
            || rel.contains('\\')
            || (cfg!(windows) && rel.contains(':'))
        {
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

    /// Whether the previous output already holds exactly these bytes at `rel`.
    fn unchanged(&self, rel: &str, bytes: &[u8]) -> bool {
        let Some(prev) = &self.previous else {
            return false;
        };
        let path = prev.join(rel);
        match std::fs::metadata(&path) {
            Ok(m) if m.len() == bytes.len() as u64 => {
                std::fs::read(&path).is_ok_and(|old| old == bytes)
            }
            _ => false,
        }
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
        self.record(rel);
        if self.unchanged(rel, bytes) {
            return Ok(());
        }
        match std::fs::write(&path, bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| io_diag(parent, &e))?;
                }
                std::fs::write(&path, bytes).map_err(|e| io_diag(&path, &e))
            }
            Err(e) => Err(io_diag(&path, &e)),
        }
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
        self.record(rel);
        let src_meta = std::fs::metadata(from).ok();
        let src_time = src_meta.as_ref().and_then(|m| m.modified().ok());
        if let (Some(prev), Some(src)) = (&self.previous, &src_meta) {
            let old = std::fs::metadata(prev.join(rel));
            // Copies carry their source's modification time: same size and same time is the
            // copy an earlier build made.
            if old.is_ok_and(|o| {
                o.len() == src.len() && o.modified().ok() == src_time && src_time.is_some()
            }) {
                return Ok(());
            }
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_diag(parent, &e))?;
        }
        // A copy, not a hard link: a later step that edits the output in place must not
        // change the sources.
        std::fs::copy(from, &path).map_err(|e| io_diag(&path, &e))?;
        if let Some(t) = src_time {
            let _ = std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(t));
        }
        Ok(())
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

/// Marks a folder as made by ajuda: only such a folder is ever replaced or updated.
pub const MARKER: &str = ".ajuda-output";

/// A build writes into `.<name>.ajuda-staging` next to the output folder and applies it only
/// when it succeeded; otherwise (error, panic, early return) the staging folder is removed and
/// the previous output stays as it was.
///
/// - No previous output: the staging folder is renamed into place.
/// - A previous output (with the [`MARKER`]): only changed files are staged; committing moves
///   them into the output and deletes what the build no longer produces. Unchanged pages are
///   neither rewritten nor re-created, which on most file systems is where a large site's write
///   time goes (one folder and one file per page).
/// - An existing folder without the marker is never touched: the build fails instead.
pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
    update: bool,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let exists = target.exists();
        let update = exists && target.join(MARKER).is_file();
        let empty = exists && std::fs::read_dir(target)?.next().is_none();
        if exists && !update && !empty {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and was not made by ajuda (no {MARKER}); remove it or choose another --output",
                    target.display()
                ),
            ));
        }
        let staging = parent.join(format!(".{name}.ajuda-staging"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Staging {
            staging,
            target: target.to_path_buf(),
            update,
            committed: false,
        })
    }

    pub fn sink(&self) -> DirSink {
        let mut sink = DirSink::new(self.staging.clone());
        // Skipping unchanged files reads the previous output; through a symbolic link that
        // would read (and later replace) what the link points to, so then everything is staged.
        if self.update && !has_symlink(&self.target) {
            sink.previous = Some(self.target.clone());
        }
        sink
    }

    /// Applies the staged build to the output folder. `sink` is the one from [`Staging::sink`].
    ///
    /// The marker lists every file the build produced; an update deletes only files that the
    /// previous build listed and this one did not produce, so files added by hand (`CNAME`,
    /// `.git/`) stay.
    pub fn commit(mut self, sink: DirSink) -> io::Result<()> {
        let mut produced = sink.produced.into_inner().unwrap_or_default();
        produced.sort_unstable();
        produced.dedup();
        let mut marker = String::from(MARKER_HEADER);
        for p in &produced {
            marker.push_str(p);
            marker.push('\n');
        }
        std::fs::write(self.staging.join(MARKER), &marker)?;
        if !self.update {
            if self.target.exists() {
                // An empty folder (checked in `new`).
                std::fs::remove_dir(&self.target)?;
            }
            std::fs::rename(&self.staging, &self.target)?;
            self.committed = true;
            return Ok(());
        }
        let previous = std::fs::read_to_string(self.target.join(MARKER)).unwrap_or_default();
        let now: std::collections::HashSet<&str> = produced.iter().map(String::as_str).collect();
        move_tree(&self.staging, &self.staging, &self.target)?;
        for stale in previous
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty() && !now.contains(l))
        {
            remove_stale(&self.target, stale)?;
        }
        self.committed = true;
        std::fs::remove_dir_all(&self.staging)
    }
}

fn has_symlink(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.path_is_symlink())
}

const MARKER_HEADER: &str = "# made by ajuda: the files of the last build (the next build deletes those it no longer makes)\n";

/// Moves every file under `dir` (a folder of `root`) to the same place under `target`. A
/// symbolic link in the way is replaced, never followed.
fn move_tree(root: &Path, dir: &Path, target: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let dest = target.join(rel);
        let existing = std::fs::symlink_metadata(&dest).ok();
        let dest_is_dir = existing.as_ref().is_some_and(|m| m.file_type().is_dir());
        if existing
            .as_ref()
            .is_some_and(|m| m.file_type().is_symlink())
        {
            std::fs::remove_file(&dest)?;
        }
        if entry.file_type()?.is_dir() {
            if dest_is_dir {
                move_tree(root, &path, target)?;
            } else {
                if existing.as_ref().is_some_and(|m| m.file_type().is_file()) {
                    std::fs::remove_file(&dest)?;
                }
                // The whole sub-tree is new: one rename.
                std::fs::rename(&path, &dest)?;
            }
        } else {
            if dest_is_dir {
                std::fs::remove_dir_all(&dest)?;
            }
            std::fs::rename(&path, &dest)?;
        }
    }
    Ok(())
}

/// Deletes a file the previous build made and this one did not, then the folders it leaves
/// empty (up to the output root).
fn remove_stale(root: &Path, rel: &str) -> io::Result<()> {
    if rel.split('/').any(|s| s == ".." || s.is_empty()) || rel.contains('\\') {
        return Ok(());
    }
    let path = root.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if !m.is_dir() => std::fs::remove_file(&path)?,
        _ => return Ok(()),
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        if std::fs::remove_dir(d).is_err() {
            break; // not empty
        }
        dir = d.parent();
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}
