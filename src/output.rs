//! Where output goes: one [`Sink`] interface over a folder, memory (for `serve`) or nowhere
//! (for `check`); and the staging folder that makes a build replace its output atomically.

use crate::diag::{Diagnostic, Kind};
use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
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
            .map_err(|e| Diagnostic::new(Kind::Io, from.display().to_string(), e.to_string()))?;
        self.write(rel, &bytes)
    }
}

/// Writes into a folder, creating sub-folders as needed. With `previous` set (an output folder
/// being updated), a file whose bytes are already there is not written again, only recorded.
pub struct DirSink {
    root: PathBuf,
    /// The folder the files will be in once the build is applied: what messages name.
    shown: PathBuf,
    previous: Option<PathBuf>,
    /// Every file the build produced, written or kept.
    produced: Mutex<Vec<String>>,
}

impl DirSink {
    pub fn new(root: PathBuf) -> DirSink {
        DirSink {
            shown: root.clone(),
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

    /// The previous output's file at `rel`, if it holds exactly these bytes.
    fn unchanged(&self, rel: &str, bytes: &[u8]) -> Option<PathBuf> {
        let path = self.previous.as_ref()?.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => std::fs::read(&path)
                .is_ok_and(|old| old == bytes)
                .then_some(path),
            _ => None,
        }
    }
}

impl DirSink {
    /// An `output` diagnostic for `rel`, naming where the file was to go (not the staging
    /// folder).
    fn io_diag(&self, rel: &str, e: &io::Error) -> Diagnostic {
        Diagnostic::new(
            Kind::Output,
            rel,
            format!("cannot write {}: {e}", self.shown.join(rel).display()),
        )
    }

    /// Makes the folder of `rel` (at `path`), then runs `f`, which creates the file.
    fn create(
        &self,
        rel: &str,
        path: &Path,
        mut f: impl FnMut() -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        match f() {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| self.io_diag(rel, &e))?;
                }
                f().map_err(|e| self.io_diag(rel, &e))
            }
            Err(e) => Err(self.io_diag(rel, &e)),
        }
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
        self.record(rel);
        if let Some(prev) = self.unchanged(rel, bytes) {
            return self.create(rel, &path, || link_or_copy(&prev, &path));
        }
        self.create(rel, &path, || std::fs::write(&path, bytes))
    }

    /// Copies a source file. Problems with the source (not a regular file, unreadable) are
    /// `io`/`not-a-file` diagnostics naming the source, which cost that file only; problems
    /// writing the output are `output` diagnostics.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
        let source_diag = |e: crate::fsx::ReadError| {
            let kind = match e {
                crate::fsx::ReadError::NotAFile(..) => Kind::NotAFile,
                _ => Kind::Io,
            };
            Diagnostic::new(
                kind,
                from.display().to_string(),
                format!("{e}; not published"),
            )
        };
        let mut src = crate::fsx::open_regular(from).map_err(source_diag)?;
        let src_meta = src.metadata().ok();
        let src_time = src_meta.as_ref().and_then(|m| m.modified().ok());
        self.record(rel);
        if let (Some(prev), Some(meta)) = (&self.previous, &src_meta) {
            let old = prev.join(rel);
            // Copies carry their source's modification time: same size and same time is the
            // copy an earlier build made.
            if std::fs::symlink_metadata(&old).is_ok_and(|o| {
                o.is_file()
                    && o.len() == meta.len()
                    && o.modified().ok() == src_time
                    && src_time.is_some()
            }) {
                return self.create(rel, &path, || link_or_copy(&old, &path));
            }
        }
        // A copy, not a hard link to the source: a later step that edits the output in place
        // must not change the sources.
        let mut dest = None;
        self.create(rel, &path, || {
            let f = std::fs::File::create(&path)?;
            dest.get_or_insert(f);
            Ok(())
        })?;
        let Some(mut dest) = dest else {
            return Ok(());
        };
        if let Err(e) = copy_stream(&mut src, &mut dest) {
            drop(dest);
            let _ = std::fs::remove_file(&path);
            return Err(match e {
                Side::Read(e) => source_diag(crate::fsx::ReadError::Io(from.to_path_buf(), e)),
                Side::Write(e) => self.io_diag(rel, &e),
            });
        }
        if let Some(t) = src_time {
            let _ = dest.set_modified(t);
        }
        Ok(())
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

/// Marks a folder as made by ajuda: only such a folder is ever replaced or updated.
pub const MARKER: &str = ".ajuda-output";

/// A build writes a complete new site into `.<name>.ajuda-staging` next to the output folder
/// and swaps it in with one atomic `renameat2(RENAME_EXCHANGE)`: readers of the output folder
/// see the old site or the new one, never a mix, whatever stops the build (an error, SIGINT,
/// SIGKILL). The old site, now under the staging name, is deleted afterwards.
///
/// - Unchanged files are hard links to the previous output's files, not new copies, so a warm
///   build writes only what changed.
/// - Files added to the output by hand (`CNAME`, `.git/`), which the previous build's marker
///   does not list, are carried over the same way.
/// - An exclusive advisory lock (`flock` on `.<name>.ajuda-lock`) makes a second build into the
///   same output wait; the kernel drops it with the process, so a killed build leaves no stale
///   lock, and the next build removes the staging folder it left.
/// - An existing folder without the marker is never touched: the build fails instead.
pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
    update: bool,
    committed: bool,
    _lock: std::fs::File,
}

impl Staging {
    /// Takes the output's lock (calling `on_wait` first if another build holds it) and
    /// prepares an empty staging folder.
    pub fn new(target: &Path, on_wait: &dyn Fn()) -> io::Result<Staging> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let lock = lock_output(&parent.join(format!(".{name}.ajuda-lock")), on_wait)?;
        let meta = std::fs::symlink_metadata(target).ok();
        let exists = meta.is_some();
        if meta.as_ref().is_some_and(|m| !m.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and is not a folder; remove it or choose another --output",
                    target.display()
                ),
            ));
        }
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
        // Left by a build that was killed (or by the last swap's prune being cut short); we
        // hold the lock, so no other build is using it.
        if std::fs::symlink_metadata(&staging).is_ok() {
            remove_any(&staging)?;
        }
        std::fs::create_dir(&staging)?;
        Ok(Staging {
            staging,
            target: target.to_path_buf(),
            update,
            committed: false,
            _lock: lock,
        })
    }

    pub fn sink(&self) -> DirSink {
        let mut sink = DirSink::new(self.staging.clone());
        sink.shown = self.target.clone();
        // Reusing unchanged files reads the previous output; through a symbolic link that
        // would read what the link points to, so then everything is written anew.
        if self.update && !has_symlink(&self.target) {
            sink.previous = Some(self.target.clone());
        }
        sink
    }

    /// Swaps the staged build in. `sink` is the one from [`Staging::sink`].
    ///
    /// The marker lists every file the build produced; files of the previous output that its
    /// marker does not list were added by hand and are kept.
    pub fn commit(mut self, sink: DirSink) -> io::Result<()> {
        let mut produced = sink.produced.into_inner().unwrap_or_default();
        produced.sort_unstable();
        produced.dedup();
        if self.update {
            let previous = std::fs::read_to_string(self.target.join(MARKER)).unwrap_or_default();
            let made: HashSet<&str> = previous.lines().skip(1).collect();
            let now: HashSet<&str> = produced.iter().map(String::as_str).collect();
            carry_over(&self.target, &self.staging, "", &|rel| {
                rel == MARKER || made.contains(rel) || now.contains(rel)
            })?;
        }
        let mut marker = String::from(MARKER_HEADER);
        for p in &produced {
            marker.push_str(p);
            marker.push('\n');
        }
        std::fs::write(self.staging.join(MARKER), &marker)?;
        if std::fs::symlink_metadata(&self.target).is_ok() {
            exchange(&self.staging, &self.target)?;
            self.committed = true;
            // The old site, now under the staging name; a failure here costs only disk space
            // until the next build.
            let _ = remove_any(&self.staging);
        } else {
            std::fs::rename(&self.staging, &self.target)?;
            self.committed = true;
        }
        Ok(())
    }
}

/// Takes the exclusive lock on `path`, waiting (after calling `on_wait`) while another
/// process holds it.
fn lock_output(path: &Path, on_wait: &dyn Fn()) -> io::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock()?;
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Elsewhere: two renames, with a moment in between where the output folder is missing
/// (never a mix of two sites).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let tmp = a.with_extension("ajuda-old");
    std::fs::rename(b, &tmp)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&tmp, a)
}

fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
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

/// Hard-links into `to` every file of `from` (under `rel`) that `ours` does not claim: what
/// was added to the output by hand. Symbolic links are re-created, never followed.
fn carry_over(from: &Path, to: &Path, rel: &str, ours: &dyn Fn(&str) -> bool) -> io::Result<()> {
    for entry in std::fs::read_dir(from.join(rel))? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let child = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        let ft = entry.file_type()?;
        let dest = to.join(&child);
        if ft.is_dir() {
            if std::fs::symlink_metadata(&dest).is_err() {
                std::fs::create_dir_all(&dest)?;
            }
            carry_over(from, to, &child, ours)?;
        } else if !ours(&child) && std::fs::symlink_metadata(&dest).is_err() {
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if ft.is_symlink() {
                #[cfg(unix)]
                std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &dest)?;
            } else {
                link_or_copy(&entry.path(), &dest)?;
            }
        }
    }
    // Folders that ended up empty were only holding files of the previous build.
    if !rel.is_empty() {
        let _ = std::fs::remove_dir(to.join(rel));
    }
    Ok(())
}

/// A hard link where the file system has them, else a copy.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_any(&self.staging);
        }
    }
}
