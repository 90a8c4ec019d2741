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

/// Writes into a folder, creating sub-folders as needed.
pub struct DirSink {
    root: PathBuf,
}

impl DirSink {
    pub fn new(root: PathBuf) -> DirSink {
        DirSink { root }
    }

    fn path(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        if rel.split('/').any(|s| s == "..") || rel.starts_with('/') {
            return Err(Diagnostic::new(
                Kind::Output,
                rel,
                "output path leaves the output folder",
            ));
        }
        Ok(self.root.join(rel))
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path(rel)?;
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
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_diag(parent, &e))?;
        }
        // A copy, not a hard link: a later step that edits the output in place must not
        // change the sources.
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| io_diag(&path, &e))
    }
}

/// Keeps everything in memory (tests, the dev server).
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

/// A build writes into `.<name>.ajuda-staging` next to the output folder and swaps it in only
/// when it succeeded; otherwise (error, panic, early return) the staging folder is removed and
/// the previous output stays as it was.
pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
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
        let staging = parent.join(format!(".{name}.ajuda-staging"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Staging {
            staging,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn sink(&self) -> DirSink {
        DirSink::new(self.staging.clone())
    }

    /// Swaps the staging folder in for the output folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.staging.with_file_name(format!(
            "{}.ajuda-old",
            self.staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}
