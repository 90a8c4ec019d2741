//! Stage 1: find the sources of each locale (walkdir) and read the text ones into memory.

use crate::config::Config;
use crate::diag::{Diagnostic, Kind};
use crate::fsx::{self, normalize_text, rel_path, Confinement};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A text file of a locale, BOM removed and line endings normalized to `\n`.
#[derive(Debug, Clone)]
pub(crate) struct TextFile {
    /// Path relative to the locale's folder, `/`-separated.
    pub rel: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub(crate) struct LocaleSources {
    pub texts: Vec<TextFile>,
    /// Files copied as they are (relative paths).
    pub assets: Vec<String>,
    /// Redirect maps of the repository root above the locale folder (their `rel` starts with
    /// `../`), whose sources are relative to that root.
    pub repo_redirects: Vec<TextFile>,
    /// The locale folder's path in that repository (`iis`).
    pub repo_prefix: String,
    /// Folders (locale-relative, lowercase, `/`-ended) of dependent repositories: read for
    /// includes and samples, never published.
    pub dependent_dirs: Vec<String>,
    /// The repository around the locale folder, when a publishing config says so.
    pub repo: Option<std::sync::Arc<crate::publish::Repo>>,
}

#[derive(Debug, Default)]
pub(crate) struct Sources {
    pub locales: Vec<LocaleSources>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extensions read as text: pages, TOCs, redirect maps, and code samples for snippets
/// (`[!code-...]`, `:::code:::`).
const TEXT_EXTENSIONS: &[&str] = &[
    "md",
    "markdown",
    "yml",
    "yaml",
    "json",
    "cs",
    "csx",
    "vb",
    "vbs",
    "fs",
    "fsx",
    "ps1",
    "psm1",
    "psd1",
    "py",
    "js",
    "mjs",
    "cjs",
    "jsx",
    "ts",
    "tsx",
    "sh",
    "bash",
    "cmd",
    "bat",
    "sql",
    "xml",
    "xsd",
    "xsl",
    "xslt",
    "xaml",
    "config",
    "java",
    "kt",
    "go",
    "rb",
    "php",
    "cpp",
    "cc",
    "cxx",
    "c",
    "h",
    "hpp",
    "idl",
    "rs",
    "swift",
    "kql",
    "azcli",
    "http",
    "txt",
    "ini",
    "toml",
    "html",
    "htm",
    "css",
    "scss",
    "less",
    "aspx",
    "ascx",
    "asax",
    "asmx",
    "ashx",
    "asp",
    "master",
    "cshtml",
    "vbhtml",
    "razor",
    "csproj",
    "vbproj",
    "fsproj",
    "sln",
    "props",
    "targets",
    "proto",
    "graphql",
    "bicep",
    "tf",
    "dockerfile",
    "gradle",
    "pl",
    "lua",
    "r",
];
/// Text files that are never published as files: pages, TOCs and YAML. (Samples and scripts
/// are: readers download them.)
const UNPUBLISHED_TEXT: &[&str] = &["md", "markdown", "yml", "yaml"];

/// Reads every locale's sources. `output` (and any folder holding an ajuda output marker) is
/// never read back as content, wherever it sits. Nothing outside the site's folders is read
/// (see [`Confinement`]); only regular files are, each text source up to the configured size.
pub(crate) fn load(config: &Config, output: &Path) -> Sources {
    let mut out = Sources::default();
    let output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let walk = Walk {
        config,
        confinement: config.link_confinement(&output),
        output,
    };
    for (i, locale) in config.locales.iter().enumerate() {
        // A locale folder nested in another (the no-config case, or `content/` holding
        // `content/pt-br`) must not be walked twice.
        let others: Vec<&Path> = config
            .locales
            .iter()
            .enumerate()
            .filter(|(j, l)| *j != i && l.dir.starts_with(&locale.dir) && l.dir != locale.dir)
            .map(|(_, l)| l.dir.as_path())
            .collect();
        let (mut src, mut diags) = walk.locale(&locale.dir, &others);
        src.repo = crate::publish::Repo::find(&locale.dir).map(std::sync::Arc::new);
        if let Some(repo) = src.repo.clone() {
            walk.dependents(&repo, &mut src, &mut diags);
            src.repo_prefix = repo.prefix.clone();
            src.repo_redirects = repo
                .redirect_maps
                .iter()
                .map(|(rel, text)| TextFile {
                    rel: rel.clone(),
                    text: text.clone(),
                })
                .collect();
        }
        out.diagnostics
            .extend(diags.into_iter().map(|d| d.locale(locale.code.clone())));
        out.locales.push(src);
    }
    out
}

struct Walk<'a> {
    config: &'a Config,
    confinement: Confinement,
    output: PathBuf,
}

/// What walking one locale folder finds so far: its files, and the problems.
#[derive(Default)]
struct Found {
    diags: Vec<Diagnostic>,
    /// Text files to read: path relative to the locale folder, and path.
    text_paths: Vec<(String, PathBuf)>,
    /// Files published as they are (relative paths).
    assets: Vec<String>,
    /// Folder reached through a symbolic link → the link it was first reached through.
    linked_dirs: std::collections::HashMap<PathBuf, String>,
}

/// What the walk does after an entry.
#[derive(PartialEq, Eq)]
enum Next {
    /// Goes on (into the entry, if it is a folder).
    On,
    /// Leaves out the folder the entry is.
    SkipDir,
}

impl Walk<'_> {
    /// The sources of the locale folder `dir`, without the folders of `skip` (other locales).
    fn locale(&self, dir: &Path, skip: &[&Path]) -> (LocaleSources, Vec<Diagnostic>) {
        let mut found = Found::default();
        // Links are followed only after `confinement` has said where they lead.
        let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name();
        let mut it = walker.into_iter();
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    found.diags.push(walk_error(dir, &e));
                    continue;
                }
            };
            if self.visit(dir, skip, &entry, &mut found) == Next::SkipDir {
                it.skip_current_dir();
            }
        }
        let mut diags = found.diags;
        let texts = read_texts(found.text_paths, self.config.max_text_bytes, &mut diags);
        let src = LocaleSources {
            texts,
            assets: found.assets,
            ..LocaleSources::default()
        };
        (src, diags)
    }

    /// Takes in one entry of the walk of `dir`: a file is sorted, a folder walked or not.
    fn visit(
        &self,
        dir: &Path,
        skip: &[&Path],
        entry: &walkdir::DirEntry,
        found: &mut Found,
    ) -> Next {
        let path = entry.path();
        let rel = rel_path(dir, path);
        let skip_if_dir = || {
            if entry.file_type().is_dir() {
                Next::SkipDir
            } else {
                Next::On
            }
        };
        // Ignored paths (dot folders, `node_modules/`...) are neither followed nor read.
        if path != dir
            && ((self.config.ignore.is_match(&rel) && !is_read_not_published(&rel))
                || rel == crate::config::CONFIG_FILE)
        {
            return skip_if_dir();
        }
        if entry.path_is_symlink() && !self.follow_link(entry, &rel, found) {
            return skip_if_dir();
        }
        let ft = entry.file_type();
        if ft.is_dir() {
            let is_output = path == self.output
                || std::path::absolute(path).is_ok_and(|p| p == self.output)
                || path.join(crate::output::MARKER).is_file();
            if path != dir && (skip.contains(&path) || is_output) {
                return Next::SkipDir;
            }
            return Next::On;
        }
        if !ft.is_file() {
            found.diags.push(Diagnostic::new(
                Kind::NotAFile,
                &rel,
                format!("`{rel}` is a {}; skipped", fsx::special_kind(&ft)),
            ));
            return Next::On;
        }
        if let Some(problem) = unpublishable_name(path, &rel) {
            found
                .diags
                .push(Diagnostic::new(Kind::Encoding, &rel, problem));
            return Next::On;
        }
        self.file(path, rel, found);
        Next::On
    }

    /// Whether to follow the symbolic link `entry` (at `rel`): where it leads is allowed, and
    /// a folder is walked through links once.
    fn follow_link(&self, entry: &walkdir::DirEntry, rel: &str, found: &mut Found) -> bool {
        match self.confinement.check(entry.path()) {
            Err(why) => {
                found.diags.push(Diagnostic::new(
                    why.kind(),
                    rel,
                    format!("symbolic link `{rel}` is not followed: {why}"),
                ));
                false
            }
            // A folder is walked through links once: links into one folder from many
            // places (each level linking the next twice) would multiply the walk.
            Ok(real) if entry.file_type().is_dir() => {
                if let Some(first) = found.linked_dirs.get(&real) {
                    found.diags.push(
                        Diagnostic::new(
                            Kind::Limit,
                            rel,
                            format!("symbolic link `{rel}` leads to a folder already included through `{first}`; not followed again"),
                        )
                        .severity(crate::diag::Severity::Warning),
                    );
                    return false;
                }
                found.linked_dirs.insert(real, rel.to_string());
                true
            }
            Ok(_) => true,
        }
    }

    /// Sorts the file at `path` (`rel`): a text to read, a file to publish, or both; active
    /// content is refused.
    fn file(&self, path: &Path, rel: String, found: &mut Found) {
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let is_text = ext.as_deref().is_some_and(|e| TEXT_EXTENSIONS.contains(&e));
        if is_text {
            found.text_paths.push((rel.clone(), path.to_path_buf()));
        }
        let published = if is_text {
            !ext.as_deref()
                .is_some_and(|e| UNPUBLISHED_TEXT.contains(&e))
                && !is_read_not_published(&rel)
        } else {
            true
        };
        if !published {
            return;
        }
        if let Some(why) = self.refused_active_content(path, &rel, ext.as_deref()) {
            found
                .diags
                .push(Diagnostic::new(Kind::UnsafeLink, &rel, why));
        } else {
            found.assets.push(rel);
        }
    }
}

/// An entry the walk cannot read, as a diagnostic.
fn walk_error(dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let file = e.path().map(|p| rel_path(dir, p)).unwrap_or_default();
    let msg = match e.loop_ancestor() {
        Some(_) => "symbolic link loop; not followed".to_string(),
        None => format!("cannot read: {e}"),
    };
    Diagnostic::new(Kind::Io, file, msg)
}

/// Reads the text files of `text_paths` in parallel, each up to `limit` bytes; one that cannot
/// be read is a diagnostic in `diags`.
fn read_texts(
    text_paths: Vec<(String, PathBuf)>,
    limit: u64,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TextFile> {
    let results: Vec<Result<TextFile, Diagnostic>> = text_paths
        .into_par_iter()
        .map(|(rel, path)| {
            // A sample in another encoding still shows; only sources ajuda parses must be UTF-8.
            let lenient = !is_parsed_text(&rel);
            read_text(&path, rel, limit, lenient)
        })
        .collect();
    let mut texts = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(t) => texts.push(t),
            Err(d) => diags.push(d),
        }
    }
    texts
}

impl Walk<'_> {
    /// Dependent repositories of the publishing config inside the locale folder: read from the
    /// local folder `[dependencies]` maps them to, or where they are cloned; their files are
    /// never published.
    fn dependents(
        &self,
        repo: &crate::publish::Repo,
        src: &mut LocaleSources,
        diags: &mut Vec<Diagnostic>,
    ) {
        for (rel, dep) in repo.dependents_inside() {
            let prefix = format!("{}/", rel.to_ascii_lowercase());
            src.assets
                .retain(|a| !a.to_ascii_lowercase().starts_with(&prefix));
            src.dependent_dirs.push(prefix.clone());
            let Some(mapped) = self
                .config
                .dependencies
                .get(&dep.path_to_root.to_ascii_lowercase())
            else {
                continue;
            };
            // A clone in place is walked already; the mapped folder stands in for it.
            src.texts
                .retain(|t| !t.rel.to_ascii_lowercase().starts_with(&prefix));
            let (mounted, d) = self.locale(mapped, &[]);
            let under = |r: &str| format!("{rel}/{r}");
            diags.extend(d.into_iter().map(|mut d| {
                d.file = under(&d.file);
                d
            }));
            src.texts
                .extend(mounted.texts.into_iter().map(|t| TextFile {
                    rel: under(&t.rel),
                    text: t.text,
                }));
        }
    }

    /// Where contributions are not trusted (`raw_html = "escape"`), files a browser would run
    /// as a page of the site are not published: HTML, and SVG or XML holding script.
    fn refused_active_content(&self, path: &Path, rel: &str, ext: Option<&str>) -> Option<String> {
        if self.config.raw_html != crate::config::RawHtml::Escape {
            return None;
        }
        let why = |what: &str| {
            Some(format!(
                "`{rel}` {what}; it is not published while [security] raw_html = \"escape\""
            ))
        };
        match ext? {
            "html" | "htm" | "xhtml" | "shtml" => why("is an HTML page"),
            "svg" | "xml" | "xsl" | "xslt" => {
                let Ok(bytes) = fsx::read_bounded(path, self.config.max_text_bytes) else {
                    return why("cannot be checked for script");
                };
                let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
                let active = [
                    "<script",
                    "javascript:",
                    "<foreignobject",
                    "<iframe",
                    "<embed",
                    "<object",
                    "<!entity",
                    "xsl:",
                    "<handler",
                ]
                .iter()
                .any(|m| text.contains(m))
                    || has_event_handler(&text);
                active.then(|| why("holds script")).flatten()
            }
            _ => None,
        }
    }
}

/// Whether markup has an `on…=` event handler attribute.
fn has_event_handler(lower: &str) -> bool {
    static ON: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"[\s/]on[a-z]+\s*=").unwrap());
    ON.is_match(lower)
}

/// Files ajuda reads although they are never published: redirect maps and `docfx.json`.
fn is_read_not_published(rel: &str) -> bool {
    crate::parse::is_redirect_map(rel) || crate::docfx::is_docfx_json(rel)
}

/// Why a file's name cannot be part of the site's URLs, if it cannot.
fn unpublishable_name(path: &Path, rel: &str) -> Option<String> {
    let name = path.file_name()?;
    if name.to_str().is_none() {
        return Some(format!(
            "file name `{rel}` is not valid UTF-8; rename the file (it was skipped)"
        ));
    }
    if std::path::MAIN_SEPARATOR == '/' && rel.contains('\\') {
        return Some(format!(
            "file name `{rel}` holds a backslash, which cannot be part of a URL; rename the file (it was skipped)"
        ));
    }
    if rel.chars().any(crate::paths::is_bidi_control) {
        return Some(format!(
            "file name `{}` holds an invisible bidirectional control character, which shows the name differently from what it is; rename the file (it was skipped)",
            rel.chars()
                .map(|c| if crate::paths::is_bidi_control(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                })
                .collect::<String>()
        ));
    }
    if rel.chars().any(char::is_control) {
        return Some(format!(
            "file name `{}` holds a control character; rename the file (it was skipped)",
            rel.escape_debug()
        ));
    }
    None
}

/// Whether ajuda parses the file (pages, TOCs, JSON configs), rather than showing it as a
/// code sample.
pub(crate) fn is_parsed_text(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("md" | "markdown" | "yml" | "yaml" | "json")
    )
}

/// Reads a UTF-8 text file of at most `limit` bytes; invalid UTF-8 is reported with the line
/// of the first bad byte. `lenient` (code samples): UTF-16 with a byte-order mark is decoded,
/// other bytes that are not UTF-8 become U+FFFD.
pub(crate) fn read_text(
    path: &Path,
    rel: String,
    limit: u64,
    lenient: bool,
) -> Result<TextFile, Diagnostic> {
    let bytes = fsx::read_bounded(path, limit)
        .map_err(|e| Diagnostic::new(e.kind(), rel.clone(), format!("{e}; skipped")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) if lenient => decode_lossy(e.as_bytes()),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let col = std::str::from_utf8(&bytes[..valid])
                .map(|s| s.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1)
                .unwrap_or(1);
            return Err(Diagnostic::new(
                Kind::Encoding,
                rel,
                format!(
                    "invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                    bytes[valid]
                ),
            )
            .at(line, col));
        }
    };
    Ok(TextFile {
        rel,
        text: normalize_text(text),
    })
}

fn decode_lossy(b: &[u8]) -> String {
    let utf16 = |le: bool| {
        let units: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match b {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => String::from_utf8_lossy(b).into_owned(),
    }
}
