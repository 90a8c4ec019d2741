//! The output folder as two generations and a symbolic link: `public -> .public.ajuda-a`.
//!
//! A build updates the generation the link does not point to (it holds the site of the build
//! before last, so only what changed since is written; a file the live generation already holds
//! is hard-linked from it), then points the link at it with one `rename`, which is atomic:
//! readers see the old site or the new one, never a mix, whatever stops the build (an error,
//! SIGINT, SIGKILL, a full disk). The generation being updated is never the one readers see,
//! and everything in it is checked against the new site, so a build killed halfway leaves
//! nothing to repair by hand.
//!
//! - An exclusive `flock` on `.public.ajuda-lock` makes a second build into the same output
//!   wait; the kernel releases it when a build dies, so no lock is ever stale.
//! - Files added to the output by hand (`CNAME`, `.well-known/`), which the live generation's
//!   marker does not list, are carried into the new generation.
//! - A folder without the [`MARKER`] is never touched; an output folder made by an earlier
//!   ajuda (a plain folder with the marker) becomes the link with one `renameat2(RENAME_EXCHANGE)`.

use super::{link_or_copy, DirSink};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// Marks a folder as made by ajuda and lists the files its build produced.
pub const MARKER: &str = ".ajuda-output";

const MARKER_HEADER: &str =
    "# made by ajuda: the files of this build (others here were added by hand and are kept)\n";

/// A build's hold on its output: the lock, and the generation being updated.
pub struct Staging {
    /// The output path (the link).
    target: PathBuf,
    /// The generation this build updates.
    staging: PathBuf,
    /// The live site, if any: the link's generation, or a plain folder from an earlier ajuda.
    current: Option<PathBuf>,
    /// `target` is a plain folder, to be exchanged for the link.
    plain: bool,
    /// Files of the live site that were added by hand, and whether any of its entries is a
    /// symbolic link (then nothing is hard-linked from it).
    hand_added: Vec<String>,
    current_has_links: bool,
    _lock: std::fs::File,
}

impl Staging {
    /// Takes the output's lock (calling `on_wait` first if another build holds it) and
    /// prepares the generation to update.
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
        let generation = |g: &str| format!(".{name}.ajuda-{g}");
        let refuse = |why: &str| {
            Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} {why}; remove it or choose another --output",
                    target.display()
                ),
            ))
        };
        let (current, plain, staging) = match std::fs::symlink_metadata(target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => (None, false, generation("a")),
            Err(e) => return Err(e),
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(target)?;
                let to = to.to_string_lossy();
                if to == generation("a") {
                    (Some(parent.join(&*to)), false, generation("b"))
                } else if to == generation("b") {
                    (Some(parent.join(&*to)), false, generation("a"))
                } else {
                    return refuse("is a symbolic link that ajuda did not make");
                }
            }
            Ok(m) if m.is_dir() => {
                let empty = std::fs::read_dir(target)?.next().is_none();
                if !empty && !target.join(MARKER).is_file() {
                    return refuse(&format!("exists and was not made by ajuda (no {MARKER})"));
                }
                (Some(target.to_path_buf()), true, generation("a"))
            }
            Ok(_) => return refuse("exists and is not a folder"),
        };
        let staging = parent.join(staging);
        // The staging folder of ajuda versions before generations.
        remove_any(&parent.join(format!(".{name}.ajuda-staging")))?;
        prepare_generation(&staging)?;
        let (hand_added, current_has_links) = match &current {
            Some(c) => hand_added(c)?,
            None => (Vec::new(), false),
        };
        Ok(Staging {
            target: target.to_path_buf(),
            staging,
            current,
            plain,
            hand_added,
            current_has_links,
            _lock: lock,
        })
    }

    pub fn sink(&self) -> DirSink {
        let mut sink = DirSink::new(self.staging.clone());
        sink.shown = self.target.clone();
        // Through a link in the live site, reading or linking its files could reach outside.
        if !self.current_has_links {
            sink.previous = self.current.clone();
        }
        sink
    }

    /// Makes the updated generation the live site. `sink` is the one from [`Staging::sink`].
    pub fn commit(self, sink: DirSink) -> io::Result<()> {
        let mut produced = sink.produced.into_inner().unwrap_or_default();
        produced.sort_unstable();
        produced.dedup();
        let now: HashSet<&str> = produced.iter().map(String::as_str).collect();
        // Folders of the new site: a hand-added file or link there, or one with the path of a
        // new file, gives way to the site.
        let folders: HashSet<&str> = produced.iter().flat_map(|p| folders_of(p)).collect();
        let hand_added: Vec<&str> = self
            .hand_added
            .iter()
            .map(String::as_str)
            .filter(|h| {
                !now.contains(h) && !folders.contains(h) && !folders_of(h).any(|a| now.contains(a))
            })
            .collect();
        let keep: HashSet<&str> = hand_added.iter().copied().collect();
        prune(&self.staging, &now, &keep)?;
        if let Some(current) = &self.current {
            for rel in &hand_added {
                carry(current, &self.staging, rel)?;
            }
        }
        let mut marker = String::from(MARKER_HEADER);
        for p in &produced {
            marker.push_str(p);
            marker.push('\n');
        }
        crate::fsx::write_replace(&self.staging.join(MARKER), marker.as_bytes())?;
        self.point_link()
    }

    /// Points the output link at the updated generation: one atomic rename.
    fn point_link(&self) -> io::Result<()> {
        let parent = self.staging.parent().unwrap_or(Path::new("."));
        let new_link = parent.join(format!(
            "{}.link",
            self.staging
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        remove_any(&new_link)?;
        // Relative, so the folder holding the output can move.
        let to = self.staging.file_name().unwrap_or_default();
        symlink_dir(Path::new(to), &new_link)?;
        if self.plain {
            // An output folder from an earlier ajuda: exchanged for the link, then removed.
            exchange(&new_link, &self.target)?;
            let _ = remove_any(&new_link);
            Ok(())
        } else {
            std::fs::rename(&new_link, &self.target)
        }
    }
}

/// The folders above a relative path, nearest first (`a/b/c` → `a/b`, `a`).
fn folders_of(rel: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(crate::paths::parent(rel)), |d| {
        Some(crate::paths::parent(d))
    })
    .take_while(|d| !d.is_empty())
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

/// Makes `dir` a folder with no symbolic link inside (a killed build may have left links it
/// was carrying over): writes into it then never go through one.
fn prepare_generation(dir: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            std::fs::remove_file(dir)?;
            std::fs::create_dir(dir)?;
        }
        Err(_) => std::fs::create_dir(dir)?,
    }
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        if e.path_is_symlink() {
            std::fs::remove_file(e.path())?;
        }
    }
    Ok(())
}

/// The files of the live site that its build did not produce (added by hand), and whether it
/// holds any symbolic link.
fn hand_added(current: &Path) -> io::Result<(Vec<String>, bool)> {
    let marker = std::fs::read_to_string(current.join(MARKER)).unwrap_or_default();
    let made: HashSet<&str> = marker.lines().skip(1).collect();
    let mut out = Vec::new();
    let mut links = false;
    for e in walkdir::WalkDir::new(current).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        links |= e.path_is_symlink();
        if e.file_type().is_dir() {
            continue;
        }
        let rel = crate::load::rel_path(current, e.path());
        if rel != MARKER && !made.contains(rel.as_str()) {
            out.push(rel);
        }
    }
    Ok((out, links))
}

/// Deletes from the generation every file this build did not produce and that is not a
/// hand-added file to keep, then the folders left empty.
fn prune(dir: &Path, produced: &HashSet<&str>, keep: &HashSet<&str>) -> io::Result<()> {
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        let rel = crate::load::rel_path(dir, e.path());
        if e.file_type().is_dir() {
            dirs.push(e.into_path());
        } else if rel != MARKER && !produced.contains(rel.as_str()) && !keep.contains(rel.as_str())
        {
            std::fs::remove_file(e.path())?;
        }
    }
    // Deepest first; a folder that still holds something stays.
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
    Ok(())
}

/// Puts the live site's hand-added file `rel` into the generation (a hard link, or the link
/// itself for a symbolic link), unless the same file is already there.
fn carry(current: &Path, generation: &Path, rel: &str) -> io::Result<()> {
    let from = current.join(rel);
    let to = generation.join(rel);
    let meta = std::fs::symlink_metadata(&from)?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(&from)?;
        if std::fs::read_link(&to).is_ok_and(|t| t == target) {
            return Ok(());
        }
        remove_any(&to)?;
        if let Some(p) = to.parent() {
            std::fs::create_dir_all(p)?;
        }
        return symlink_dir(&target, &to);
    }
    if same_file(&meta, &to) {
        return Ok(());
    }
    remove_any(&to)?;
    if let Some(p) = to.parent() {
        std::fs::create_dir_all(p)?;
    }
    link_or_copy(&from, &to)
}

#[cfg(unix)]
fn same_file(meta: &std::fs::Metadata, other: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(other).is_ok_and(|o| o.ino() == meta.ino() && o.dev() == meta.dev())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &Path) -> bool {
    false
}

#[cfg(unix)]
fn symlink_dir(to: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(to, link)
}

#[cfg(windows)]
fn symlink_dir(to: &Path, link: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_dir(to, link)
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Elsewhere: two renames, with a moment in between where the output folder is missing
/// (never a mix of two sites). Only the first build over an old-style output needs it.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let tmp = a.with_extension("old");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_added_files_are_the_unlisted_ones() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("en-us/a")).unwrap();
        std::fs::write(d.join("en-us/a/index.html"), "a").unwrap();
        std::fs::write(d.join("CNAME"), "x").unwrap();
        std::fs::create_dir_all(d.join(".well-known")).unwrap();
        std::fs::write(d.join(".well-known/security.txt"), "x").unwrap();
        std::fs::write(
            d.join(MARKER),
            format!("{MARKER_HEADER}en-us/a/index.html\n"),
        )
        .unwrap();
        let (mut files, links) = hand_added(d).unwrap();
        files.sort();
        assert_eq!(files, [".well-known/security.txt", "CNAME"]);
        assert!(!links);
    }
}
