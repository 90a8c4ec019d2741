//! File-system access for sources: confined to the folders a site may read, regular files only,
//! bounded in size. Every error names the path it concerns.
//!
//! Everything ajuda reads from a site (pages, includes, samples, images, theme files) goes
//! through `Confinement` and `open_regular`, so a symbolic link to `/etc`, a FIFO named
//! `x.md` or a link to `/dev/zero` can neither be published nor hang or exhaust a build.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Default bound on one text source (page, TOC, include, sample): 10 MB.
pub(crate) const DEFAULT_MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;
/// Default `[limits] max_output_size`: 5 GB, twice what 100,000 pages with search take.
pub(crate) const DEFAULT_MAX_OUTPUT_BYTES: u64 = 5 * 1024 * 1024 * 1024;

/// The folders a build may read: the site root, each locale folder, the theme and the
/// templates, as canonical paths; and, inside them, what a link may never lead to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Confinement {
    roots: Vec<PathBuf>,
    /// Paths (relative to a root, `/`-separated) that are never read through a link, whatever
    /// the link is called: the site's ignore rules (dot files and folders: `.git`, `.env`...).
    ignored: Option<globset::GlobSet>,
    /// Folders never read through a link: the output and the cache, as canonical paths.
    refused_dirs: Vec<PathBuf>,
}

impl Confinement {
    pub(crate) fn new<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> Confinement {
        let mut roots: Vec<PathBuf> = dirs
            .into_iter()
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        roots.sort();
        roots.dedup();
        Confinement {
            roots,
            ..Confinement::default()
        }
    }

    /// The same roots, refusing links whose target the ignore rules `ignored` match by its own
    /// path (relative to any root holding it), or that lies in one of `dirs` (the output, the
    /// cache; those that do not exist yet cannot be linked to).
    pub(crate) fn refusing<'a>(
        mut self,
        ignored: globset::GlobSet,
        dirs: impl IntoIterator<Item = &'a Path>,
    ) -> Confinement {
        self.ignored = Some(ignored);
        self.refused_dirs = dirs
            .into_iter()
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        self
    }

    /// Where `path` really is (every link followed), if that is inside one of the roots and
    /// not a place the ignore rules refuse. `Err` holds the real place (or the error that
    /// stopped finding it).
    pub(crate) fn check(&self, path: &Path) -> Result<PathBuf, Outside> {
        let real = self.check_inside(path)?;
        if self.refused_dirs.iter().any(|d| real.starts_with(d)) || self.is_ignored(&real) {
            return Err(Outside::Ignored(real));
        }
        Ok(real)
    }

    /// Like [`Confinement::check`], without the ignore rules: for a folder the command line or
    /// the config named (a theme), which may be called anything.
    pub(crate) fn check_inside(&self, path: &Path) -> Result<PathBuf, Outside> {
        match path.canonicalize() {
            Ok(real) if self.roots.iter().any(|r| real.starts_with(r)) => Ok(real),
            Ok(real) => Err(Outside::At(real)),
            Err(e) => Err(Outside::Unresolved(e)),
        }
    }

    /// Whether the ignore rules refuse `real` by its path below any root that holds it.
    fn is_ignored(&self, real: &Path) -> bool {
        let Some(globs) = &self.ignored else {
            return false;
        };
        self.roots.iter().any(|r| {
            real.strip_prefix(r).is_ok_and(|rel| {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                !rel.is_empty() && globs.is_match(rel.join("/"))
            })
        })
    }
}

/// Why a path was refused by [`Confinement::check`].
#[derive(Debug)]
pub(crate) enum Outside {
    /// It resolves to this place, outside every root.
    At(PathBuf),
    /// It cannot be resolved (a broken link, a loop).
    Unresolved(io::Error),
    /// It resolves inside the site, to a place never published: a dot file or folder (`.git`,
    /// `.env`), another ignored path, the output or the cache.
    Ignored(PathBuf),
}

impl Outside {
    /// The diagnostic kind for a link refused for this reason.
    pub(crate) fn kind(&self) -> crate::diag::Kind {
        match self {
            Outside::Ignored(_) => crate::diag::Kind::IgnoredTarget,
            Outside::At(_) | Outside::Unresolved(_) => crate::diag::Kind::OutsideRoot,
        }
    }
}

impl fmt::Display for Outside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outside::At(p) => write!(f, "it points to `{}`, outside the site", p.display()),
            Outside::Unresolved(e) => write!(f, "it cannot be followed ({e})"),
            Outside::Ignored(p) => write!(
                f,
                "it points to `{}`, which is never published (dot files and folders such as `.git` and `.env`, ignored paths, the output and the cache)",
                p.display()
            ),
        }
    }
}

/// Why a source could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    Io(PathBuf, io::Error),
    /// A FIFO, socket or device: never read (a FIFO would block the build forever).
    NotAFile(PathBuf, &'static str),
    TooLarge(PathBuf, u64),
}

impl ReadError {
    /// The diagnostic kind for this problem with a source.
    pub(crate) fn kind(&self) -> crate::diag::Kind {
        match self {
            ReadError::Io(..) => crate::diag::Kind::Io,
            ReadError::NotAFile(..) => crate::diag::Kind::NotAFile,
            ReadError::TooLarge(..) => crate::diag::Kind::TooLarge,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(p, e) => write!(f, "cannot read `{}`: {e}", p.display()),
            ReadError::NotAFile(p, what) => {
                write!(f, "`{}` is a {what}, not a regular file", p.display())
            }
            ReadError::TooLarge(p, limit) => write!(
                f,
                "`{}` is larger than the {} limit for text sources",
                p.display(),
                human_size(*limit)
            ),
        }
    }
}

/// `10 MB`, `512 KB`, `100 bytes`.
pub(crate) fn human_size(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// What kind of non-regular file a file type is ("FIFO", "socket", "device").
pub(crate) fn special_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "device";
        }
    }
    if ft.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

/// Opens `path` for reading only if it is a regular file. The open does not block on a FIFO
/// (`O_NONBLOCK`), and the type is checked on the open file, so a file swapped for a FIFO
/// between listing and reading is still refused.
pub(crate) fn open_regular(path: &Path) -> Result<File, ReadError> {
    open_checked(path, true)
}

/// Reads a regular file of at most `limit` bytes.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_from(open_checked(path, true)?, path, limit)
}

/// Reads one of ajuda's own files (a marker, a cache): like [`read_bounded`], and never
/// through a symbolic link.
pub(crate) fn read_own(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_from(open_checked(path, false)?, path, limit)
}

/// Opens a regular file without blocking on a FIFO; with `follow` false, a symbolic link at
/// `path` is refused (`O_NOFOLLOW`).
fn open_checked(path: &Path, follow: bool) -> Result<File, ReadError> {
    if !follow && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ReadError::NotAFile(path.to_path_buf(), "symbolic link"));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let flags = if follow {
            OFlags::NONBLOCK
        } else {
            OFlags::NONBLOCK | OFlags::NOFOLLOW
        };
        opts.custom_flags(flags.bits() as i32);
    }
    let file = opts
        .open(path)
        .map_err(|e| ReadError::Io(path.to_path_buf(), e))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadError::Io(path.to_path_buf(), e))?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(
            path.to_path_buf(),
            special_kind(&meta.file_type()),
        ));
    }
    Ok(file)
}

fn read_from(file: File, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limit {
        return Err(ReadError::TooLarge(path.to_path_buf(), limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take`: the file may grow after the size was read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(path.to_path_buf(), e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(path.to_path_buf(), limit));
    }
    Ok(bytes)
}

/// `dir/a/b.md` → `a/b.md`, always with `/`.
pub(crate) fn rel_path(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Removes a UTF-8 BOM and turns CRLF / CR line endings into LF.
pub fn normalize_text(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}

/// Bound on what ajuda reads back of its own cache files.
pub(crate) const MAX_CACHE_BYTES: u64 = 1 << 30;

/// Whether ajuda may keep its cache in `dir`: not a symbolic link (a committed link must not
/// make a build write elsewhere), and a folder if it exists.
pub(crate) fn usable_cache_dir(dir: &Path) -> bool {
    match std::fs::symlink_metadata(dir) {
        Ok(m) => m.is_dir(),
        Err(_) => true,
    }
}

/// A new file at `path` (whatever was there removed first): never opened through a symbolic
/// link planted at that name.
pub(crate) fn create_fresh(path: &Path) -> io::Result<File> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Writes `bytes` to `path` through a fresh temporary file renamed over it: never through a
/// symbolic link planted at either name, and never a half-written file.
pub(crate) fn write_replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_replace_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// [`write_replace`] for content streamed by `write`.
pub(crate) fn write_replace_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut w = std::io::BufWriter::new(create_fresh(&tmp)?);
    write(&mut w)?;
    w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confinement_follows_links() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        std::fs::write(site.join("a/in.md"), "x").unwrap();
        let c = Confinement::new([site.as_path()]);
        assert!(c.check(&site.join("a/in.md")).is_ok());
        assert!(matches!(
            c.check(&site.join("a/../../secret")),
            Err(Outside::At(_))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), site.join("link")).unwrap();
            std::os::unix::fs::symlink("a/in.md", site.join("inside")).unwrap();
            assert!(matches!(c.check(&site.join("link")), Err(Outside::At(_))));
            assert!(c.check(&site.join("inside")).is_ok());
        }
    }

    #[test]
    fn bom_and_crlf() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
    }

    #[test]
    fn bounded_reads() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f.md");
        std::fs::write(&f, "12345").unwrap();
        assert_eq!(read_bounded(&f, 5).unwrap(), b"12345");
        assert!(matches!(
            read_bounded(&f, 4),
            Err(ReadError::TooLarge(_, 4))
        ));
        assert!(matches!(
            read_bounded(dir.path(), 4),
            Err(ReadError::NotAFile(..)) | Err(ReadError::Io(..))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.md");
        rustix::fs::mkfifoat(rustix::fs::CWD, &f, rustix::fs::Mode::from_raw_mode(0o644)).unwrap();
        assert!(matches!(
            read_bounded(&f, 100),
            Err(ReadError::NotAFile(..))
        ));
    }
}
