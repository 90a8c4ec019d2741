//! Stage 1: find the sources of each locale (walkdir) and read the text ones into memory.

use crate::config::Config;
use crate::diag::{Diagnostic, Kind};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A text file of a locale, BOM removed and line endings normalized to `\n`.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// Path relative to the locale's folder, `/`-separated.
    pub rel: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct LocaleSources {
    pub dir: PathBuf,
    pub texts: Vec<TextFile>,
    /// Files copied as they are (relative paths).
    pub assets: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Sources {
    pub locales: Vec<LocaleSources>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extensions read as text: pages, TOCs, redirect maps, and code samples for `:::code:::`.
const TEXT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "yml", "yaml", "json", "cs", "vb", "fs", "ps1", "psm1", "py", "js", "ts",
    "sh", "bash", "cmd", "bat", "sql", "xml", "java", "go", "rb", "php", "cpp", "c", "h", "kql",
    "azcli", "http", "txt",
];
/// Text extensions that are also published as files (samples and scripts readers download);
/// pages, TOCs and YAML are not.
const PUBLISHED_TEXT: &[&str] = &[
    "json", "xml", "txt", "cs", "vb", "fs", "ps1", "psm1", "py", "js", "ts", "sh", "bash", "cmd",
    "bat", "sql", "java", "go", "rb", "php", "cpp", "c", "h", "kql", "azcli", "http",
];

/// Reads every locale's sources. `output` (and any folder holding an ajuda output marker) is
/// never read back as content, wherever it sits.
pub fn load(config: &Config, output: &Path) -> Sources {
    let mut out = Sources::default();
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
        let (src, diags) = load_locale(config, &locale.dir, &others, output);
        out.diagnostics
            .extend(diags.into_iter().map(|d| d.locale(locale.code.clone())));
        out.locales.push(src);
    }
    out
}

fn load_locale(
    config: &Config,
    dir: &Path,
    skip: &[&Path],
    output: &Path,
) -> (LocaleSources, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut text_paths = Vec::new();
    let mut assets = Vec::new();
    let output_dir = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name();
    let mut it = walker.into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e.path().map(|p| rel_path(dir, p)).unwrap_or_default();
                diags.push(Diagnostic::new(Kind::Io, file, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            let is_output = path == output_dir
                || std::path::absolute(path).is_ok_and(|p| p == output_dir)
                || path.join(crate::output::MARKER).is_file();
            if path != dir && (skip.contains(&path) || is_output) {
                it.skip_current_dir();
            }
            continue;
        }
        let rel = rel_path(dir, path);
        if (config.ignore.is_match(&rel) && !crate::parse::is_redirect_map(&rel))
            || rel == crate::config::CONFIG_FILE
        {
            continue;
        }
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let is_text = ext.as_deref().is_some_and(|e| TEXT_EXTENSIONS.contains(&e));
        if is_text {
            if ext.as_deref().is_some_and(|e| PUBLISHED_TEXT.contains(&e)) {
                assets.push(rel.clone());
            }
            text_paths.push((rel, path.to_path_buf()));
        } else {
            assets.push(rel);
        }
    }
    let results: Vec<Result<TextFile, Diagnostic>> = text_paths
        .into_par_iter()
        .map(|(rel, path)| read_text(&path, rel))
        .collect();
    let mut texts = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(t) => texts.push(t),
            Err(d) => diags.push(d),
        }
    }
    let src = LocaleSources {
        dir: dir.to_path_buf(),
        texts,
        assets,
    };
    (src, diags)
}

/// `dir/a/b.md` → `a/b.md`, always with `/`.
pub fn rel_path(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Reads a UTF-8 text file; invalid UTF-8 is reported with the line of the first bad byte.
pub fn read_text(path: &Path, rel: String) -> Result<TextFile, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::new(
            Kind::Io,
            rel.clone(),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
    }
}
