//! The output folder and its twin: `public` and `.public.ajuda-next` beside it.
//!
//! A build updates the twin, which holds the site of the build before last and which readers
//! never see: files that already hold the right bytes are left alone, files the live site holds
//! are hard-linked from it, the rest is written. Then one `renameat2(RENAME_EXCHANGE)` swaps the
//! two folders: readers see the old site or the new one, never a mix, whatever stops the build
//! (an error, SIGINT, SIGKILL, a full disk). The old site, now the twin, is updated by the next
//! build. Everything in the twin is checked against the new site, so a build killed halfway
//! leaves nothing to repair.
//!
//! - An exclusive `flock` on `.public.ajuda-lock` makes a second build into the same output
//!   wait; the kernel releases it when a build dies, so no lock is ever stale.
//! - Files added to the output by hand (`CNAME`, `.well-known/`, what `[output] keep` lists),
//!   which the live site's marker does not list, are carried into the new site (regular files
//!   only; see [`Keep`]). Others are dropped, and the build says so.
//! - A folder without the [`MARKER`] is never touched, nor is a symbolic link.
//! - Where the file system cannot exchange two folders (NFS), two renames are used instead:
//!   for a moment the output is missing, but it is never a mix of two sites.

use super::{link_or_copy, remove_any, DirSink, Keep};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// Marks a folder as made by ajuda and lists the files its build produced.
pub const MARKER: &str = ".ajuda-output";

const MARKER_HEADER: &str =
    "# made by ajuda: the files of this build (others here were added by hand and are kept)\n";

/// Bound on the marker read back (it lists every file of the site).
const MAX_MARKER_BYTES: u64 = 256 << 20;

/// A build's hold on its output: the lock, and the twin being updated.
pub struct Staging {
    /// The output folder.
    target: PathBuf,
    /// Its twin, which this build updates.
    staging: PathBuf,
    /// Whether the output folder exists (then the twin is exchanged with it).
    exists: bool,
    /// Regular files of the live site that were added by hand, and whether the live site holds
    /// a symbolic link (then nothing is read or hard-linked from it).
    hand_added: Vec<String>,
    /// Files added to the live site by hand that the carry-over rule refuses: they go.
    dropped: Vec<String>,
    current_has_links: bool,
    /// Pages (`index.html` files) the live site's build produced, from its marker.
    live_pages: Option<usize>,
    /// The files the live site's build produced (its marker): once it is the twin, those the
    /// new site no longer has are deleted, so the twin never keeps a deleted page readable.
    live_made: Vec<String>,
    /// Writing into the output itself (`--in-place`), not into its twin.
    in_place: bool,
    _lock: std::fs::File,
}

impl Staging {
    /// Takes the output's lock (calling `on_wait` first if another build holds it) and
    /// prepares the twin; with `in_place`, the build writes into the output itself (a mount
    /// point, which cannot be exchanged): new and changed files first, deletions last.
    pub fn new(
        target: &Path,
        on_wait: &dyn Fn(),
        keep: &Keep,
        in_place: bool,
    ) -> io::Result<Staging> {
        // `public/` and `./public` are `public`: a trailing separator would make the checks
        // below look through a link.
        let target: PathBuf = target.components().collect();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let lock = lock_output(&parent.join(format!(".{name}.ajuda-lock")), on_wait)?;
        let refuse = |why: &str| {
            Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} {why}; remove it or choose another --output",
                    target.display()
                ),
            ))
        };
        let exists = match std::fs::symlink_metadata(&target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
            Ok(m) if m.file_type().is_symlink() => {
                return refuse("is a symbolic link (give the folder it points to as --output)")
            }
            Ok(m) if m.is_dir() => {
                let empty = std::fs::read_dir(&target)?.next().is_none();
                let marked =
                    std::fs::symlink_metadata(target.join(MARKER)).is_ok_and(|m| m.is_file());
                if !empty && !marked {
                    return refuse(&format!("exists and was not made by ajuda (no {MARKER})"));
                }
                true
            }
            Ok(_) => return refuse("exists and is not a folder"),
        };
        if exists && is_read_only(&target) {
            return refuse("is read-only (its owner may not write to it): make it writable if it is to be built into");
        }
        if exists && !in_place && is_mount_point(&target, &parent) {
            return Err(io::Error::other(format!(
                "{} is a mount point (a file system of its own, such as a container volume), so the new site cannot be swapped in for it; build with --in-place to write into it (readers may see old and new files side by side until the build ends), or mount its parent folder instead",
                target.display()
            )));
        }
        let staging = if in_place {
            std::fs::create_dir_all(&target)?;
            target.clone()
        } else {
            let twin = parent.join(format!(".{name}.ajuda-next"));
            // The staging folder of earlier versions.
            remove_any(&parent.join(format!(".{name}.ajuda-staging")))?;
            prepare_twin(&twin)?;
            twin
        };
        let live = if exists {
            read_live(&target)?
        } else {
            Live::default()
        };
        let (hand_added, dropped) = live.hand_added.into_iter().partition(|h| keep.keeps(h));
        Ok(Staging {
            target,
            staging,
            exists,
            hand_added,
            dropped,
            current_has_links: live.has_links,
            live_pages: live.pages,
            live_made: live.made,
            in_place,
            _lock: lock,
        })
    }

    /// Files added to the live site by hand that this build does not carry over.
    pub fn dropped(&self) -> &[String] {
        &self.dropped
    }

    /// (pages of the live site, pages of this build) when this build has fewer than half the
    /// live site's pages: a failed checkout rather than an edit, most likely.
    pub fn shrinks(&self, sink: &DirSink) -> Option<(usize, usize)> {
        let live = self.live_pages?;
        let now = sink
            .produced
            .lock()
            .map(|p| p.iter().filter(|f| is_page(f)).count())
            .unwrap_or(0);
        (now * 2 < live).then_some((live, now))
    }

    pub fn sink(&self) -> DirSink {
        let mut sink = DirSink::new(self.staging.clone());
        sink.shown = self.target.clone();
        if self.in_place {
            sink.in_place = true;
            return sink;
        }
        // Through a link in the live site, reading or linking its files could reach outside.
        if self.exists && !self.current_has_links {
            sink.previous = Some(self.target.clone());
        }
        sink
    }

    /// Makes the updated twin the live site. `sink` is the one from [`Staging::sink`].
    pub fn commit(self, sink: DirSink) -> io::Result<()> {
        let mut produced = sink.produced.into_inner().unwrap_or_default();
        produced.sort_unstable();
        produced.dedup();
        let now: HashSet<&str> = produced.iter().map(String::as_str).collect();
        // Folders of the new site: a hand-added file there, or one with the path of a new
        // file, gives way to the site.
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
        let mut marker = String::from(MARKER_HEADER);
        for p in &produced {
            marker.push_str(p);
            marker.push('\n');
        }
        if self.in_place {
            // Deletions last: what the site no longer has, and hand-added files not kept.
            prune(&self.target, &now, &keep)?;
            return crate::fsx::write_replace(&self.target.join(MARKER), marker.as_bytes());
        }
        prune(&self.staging, &now, &keep)?;
        for rel in &hand_added {
            carry(&self.target, &self.staging, rel)?;
        }
        crate::fsx::write_replace(&self.staging.join(MARKER), marker.as_bytes())?;
        if !self.exists {
            return std::fs::rename(&self.staging, &self.target);
        }
        exchange(&self.staging, &self.target).map_err(|e| explain_exchange(&self.target, e))?;
        // The twin now holds the old site: it must not keep what the new one deleted (nor
        // hand-added files that were dropped) readable beside the output.
        let gone = self
            .live_made
            .iter()
            .chain(&self.dropped)
            .map(String::as_str)
            .filter(|f| !now.contains(f) && !keep.contains(f));
        if self.current_has_links {
            // Nothing is deleted through a link: the links go first, then a full prune.
            prepare_twin(&self.staging)?;
            return prune(&self.staging, &now, &keep);
        }
        forget(&self.staging, gone);
        Ok(())
    }
}

/// Deletes the files `gone` (relative) from `dir`, and the folders they leave empty.
/// Best effort: the new site is live already.
fn forget<'a>(dir: &Path, gone: impl Iterator<Item = &'a str>) {
    let mut folders = HashSet::new();
    for rel in gone {
        let _ = std::fs::remove_file(dir.join(rel));
        folders.extend(folders_of(rel));
    }
    let mut folders: Vec<&str> = folders.into_iter().collect();
    // Deepest first; a folder that still holds something stays.
    folders.sort_unstable_by_key(|f| std::cmp::Reverse(f.len()));
    for f in folders {
        let _ = std::fs::remove_dir(dir.join(f));
    }
}

/// Whether the folder's owner may not write to it (`chmod a-w`), whoever runs the build.
#[cfg(unix)]
fn is_read_only(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o200 == 0)
}

#[cfg(not(unix))]
fn is_read_only(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.permissions().readonly())
}

/// Whether `dir` is on another file system than its parent (a mount point): it can then be
/// neither exchanged nor renamed, and its twin could not be hard-linked into it.
#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.dev() != p.dev() || d.ino() == p.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    false
}

/// An exchange that failed, with the output's name and what to do about it.
fn explain_exchange(target: &Path, e: io::Error) -> io::Error {
    let hint = match e.raw_os_error() {
        Some(code) if code == rustix::io::Errno::BUSY.raw_os_error() => {
            "; it is in use as a mount point: build with --in-place"
        }
        Some(code) if code == rustix::io::Errno::XDEV.raw_os_error() => {
            "; it is on another file system than its folder: build with --in-place"
        }
        Some(code) if code == rustix::io::Errno::ACCESS.raw_os_error() => {
            "; the folder that holds it must be writable"
        }
        _ => "",
    };
    io::Error::new(
        e.kind(),
        format!(
            "cannot swap the new site in for {}: {e}{hint}",
            target.display()
        ),
    )
}

/// The folders above a relative path, nearest first (`a/b/c` → `a/b`, `a`).
fn folders_of(rel: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(crate::paths::parent(rel)), |d| {
        Some(crate::paths::parent(d))
    })
    .take_while(|d| !d.is_empty())
}

/// Takes the exclusive lock on `path`, waiting (after calling `on_wait`) while another
/// process holds it. The lock file is never opened through a symbolic link.
fn lock_output(path: &Path, on_wait: &dyn Fn()) -> io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let file = opts.open(path)?;
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

/// Makes `dir` a real folder with no symbolic link inside (a link planted there, or left by a
/// hand-added file): writes into it then never go through one.
fn prepare_twin(dir: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            std::fs::remove_file(dir)?;
            std::fs::create_dir(dir)?;
        }
        Err(_) => std::fs::create_dir(dir)?,
    }
    make_writable(dir)?;
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        if e.path_is_symlink() {
            std::fs::remove_file(e.path())?;
        } else if e.file_type().is_dir() {
            // A live site made read-only by hand that became the twin.
            make_writable(e.path())?;
        }
    }
    Ok(())
}

/// Gives a folder of the twin (ajuda's own) back its owner's rights when they were taken.
#[cfg(unix)]
fn make_writable(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::symlink_metadata(dir)?.permissions().mode();
    if mode & 0o700 != 0o700 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_writable(_: &Path) -> io::Result<()> {
    Ok(())
}

/// A page of a built site, as its marker lists it.
fn is_page(rel: &str) -> bool {
    rel == "index.html" || rel.ends_with("/index.html")
}

/// What a build needs to know of the live site.
#[derive(Default)]
struct Live {
    /// Regular files its build did not produce (added by hand).
    hand_added: Vec<String>,
    /// Whether it holds a symbolic link.
    has_links: bool,
    /// The pages its build produced (none known without a marker).
    pages: Option<usize>,
    /// The files its build produced, from its marker.
    made: Vec<String>,
}

/// Reads the live site: its marker, its hand-added files, its links. Nothing is followed.
fn read_live(current: &Path) -> io::Result<Live> {
    let marker = crate::fsx::read_own(&current.join(MARKER), MAX_MARKER_BYTES)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .ok();
    let (hand_added, has_links) = hand_added(current, marker.as_deref().unwrap_or_default())?;
    let made: Vec<String> = marker
        .iter()
        .flat_map(|m| m.lines().skip(1))
        // A marker may have been written by hand: only plain relative paths are taken.
        .filter(|l| {
            !l.starts_with('/')
                && l.split('/')
                    .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'))
        })
        .map(str::to_string)
        .collect();
    let pages = marker.map(|_| made.iter().filter(|l| is_page(l)).count());
    Ok(Live {
        hand_added,
        has_links,
        pages,
        made,
    })
}

/// The regular files of the live site that its build did not produce (added by hand), and
/// whether it holds any symbolic link. Nothing is followed.
fn hand_added(current: &Path, marker: &str) -> io::Result<(Vec<String>, bool)> {
    let made: HashSet<&str> = marker.lines().skip(1).collect();
    let mut out = Vec::new();
    let mut links = false;
    for e in walkdir::WalkDir::new(current)
        .follow_root_links(false)
        .min_depth(1)
    {
        let e = e.map_err(io::Error::other)?;
        links |= e.path_is_symlink();
        if !e.file_type().is_file() {
            continue;
        }
        let rel = crate::fsx::rel_path(current, e.path());
        if rel != MARKER && !made.contains(rel.as_str()) {
            out.push(rel);
        }
    }
    Ok((out, links))
}

/// Deletes from the twin every file this build did not produce and that is not a hand-added
/// file to keep, then the folders left empty.
fn prune(dir: &Path, produced: &HashSet<&str>, keep: &HashSet<&str>) -> io::Result<()> {
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.map_err(io::Error::other)?;
        let rel = crate::fsx::rel_path(dir, e.path());
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

/// Puts the live site's hand-added file `rel` into the twin (a hard link), unless the same
/// file is already there.
fn carry(current: &Path, twin: &Path, rel: &str) -> io::Result<()> {
    let from = current.join(rel);
    let to = twin.join(rel);
    let meta = std::fs::symlink_metadata(&from)?;
    if !meta.is_file() || same_file(&meta, &to) {
        return Ok(());
    }
    remove_any(&to)?;
    if let Some(p) = to.parent() {
        super::make_dirs(twin, p)?;
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

/// Swaps two folders atomically (`renameat2(RENAME_EXCHANGE)` on Linux, `RENAME_SWAP` on
/// macOS). Where the file system cannot, two renames through a third name: the output is
/// missing for a moment, never mixed.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) if e == rustix::io::Errno::OPNOTSUPP => {}
            Err(e) => return Err(e.into()),
        }
    }
    let tmp = a.with_extension("swap");
    remove_any(&tmp)?;
    std::fs::rename(b, &tmp)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&tmp, a)
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
        let marker = std::fs::read_to_string(d.join(MARKER)).unwrap();
        let (mut files, links) = hand_added(d, &marker).unwrap();
        files.sort();
        assert_eq!(files, [".well-known/security.txt", "CNAME"]);
        assert!(!links);
    }
}
