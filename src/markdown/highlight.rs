//! Build-time syntax highlighting with syntect, into CSS classes (`hl-` prefix).
//!
//! The syntax set is loaded once per build and shared by all threads. syntect runs at 1–5 MB/s
//! (regex-driven grammars), two orders of magnitude slower than Markdown parsing, so
//! highlighted blocks are cached by language and content: within a build (every locale carries
//! the same, untranslated code) and, when the build has a cache folder, across builds.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: SyntaxSet,
    cache: Mutex<HashMap<u64, Entry>>,
}

struct Entry {
    syntax: Box<str>,
    code: Box<str>,
    html: Arc<str>,
    /// Used by this build: only those are saved, so the cache follows the content.
    used: bool,
    /// Highlighted by this build (not loaded from the cache file).
    fresh: bool,
}

const CACHE_HEADER: &str = concat!("ajuda-highlight 1 ", env!("CARGO_PKG_VERSION"), "\n");

fn key(syntax: &str, code: &str) -> u64 {
    let mut h = DefaultHasher::new();
    syntax.hash(&mut h);
    code.hash(&mut h);
    h.finish()
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    pub fn new() -> Highlighter {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let token = canonical_language(lang)?;
        self.syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_name(token))
    }

    /// The inner HTML of a `<code>` element: highlighted spans, or escaped text for plain and
    /// unknown languages.
    pub fn highlight(&self, lang: &str, code: &str) -> Arc<str> {
        let Some(syntax) = self.syntax(lang) else {
            return escape(code).into();
        };
        let key = key(&syntax.name, code);
        if let Ok(mut cache) = self.cache.lock() {
            if let Some(e) = cache
                .get_mut(&key)
                .filter(|e| *e.code == *code && *e.syntax == *syntax.name)
            {
                e.used = true;
                return e.html.clone();
            }
        }
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape(code).into();
            }
        }
        let html: Arc<str> = gen.finalize().into();
        if let Ok(mut c) = self.cache.lock() {
            c.insert(
                key,
                Entry {
                    syntax: syntax.name.as_str().into(),
                    code: code.into(),
                    html: html.clone(),
                    used: true,
                    fresh: true,
                },
            );
        }
        html
    }

    /// Loads blocks highlighted by earlier builds (of this version of ajuda). A missing or
    /// unreadable cache is an empty one.
    pub fn load_cache(&self, path: &Path) {
        let Ok(mut file) = std::fs::File::open(path) else {
            return;
        };
        let mut bytes = Vec::new();
        if file.read_to_end(&mut bytes).is_err() {
            return;
        }
        let Some(mut rest) = bytes.strip_prefix(CACHE_HEADER.as_bytes()) else {
            return;
        };
        let mut entries = Vec::new();
        while !rest.is_empty() {
            let mut fields = [""; 3];
            for f in &mut fields {
                let Some((len, tail)) = rest.split_first_chunk::<4>() else {
                    return;
                };
                let len = u32::from_le_bytes(*len) as usize;
                let Some(text) = tail.get(..len).and_then(|b| std::str::from_utf8(b).ok()) else {
                    return;
                };
                *f = text;
                rest = &tail[len..];
            }
            entries.push((key(fields[0], fields[1]), fields));
        }
        if let Ok(mut cache) = self.cache.lock() {
            for (k, [syntax, code, html]) in entries {
                cache.entry(k).or_insert_with(|| Entry {
                    syntax: syntax.into(),
                    code: code.into(),
                    html: html.into(),
                    used: false,
                    fresh: false,
                });
            }
        }
    }

    /// Writes the blocks this build used (atomically: temporary file, then rename), unless the
    /// file already holds exactly those.
    pub fn save_cache(&self, path: &Path) -> io::Result<()> {
        {
            let cache = self
                .cache
                .lock()
                .map_err(|_| io::Error::other("highlight cache poisoned"))?;
            let all_used_and_loaded = cache.values().all(|e| e.used && !e.fresh);
            if all_used_and_loaded && path.exists() {
                return Ok(());
            }
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            let tag = dir.join("CACHEDIR.TAG");
            if !tag.exists() {
                std::fs::write(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# ajuda's cache; safe to delete.\n")?;
            }
        }
        let tmp = path.with_extension("tmp");
        let mut w = BufWriter::new(std::fs::File::create(&tmp)?);
        w.write_all(CACHE_HEADER.as_bytes())?;
        let cache = self
            .cache
            .lock()
            .map_err(|_| io::Error::other("highlight cache poisoned"))?;
        for e in cache.values().filter(|e| e.used) {
            for f in [&*e.syntax, &*e.code, &*e.html] {
                w.write_all(&(f.len() as u32).to_le_bytes())?;
                w.write_all(f.as_bytes())?;
            }
        }
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(tmp, path)
    }

    /// CSS for the `hl-` classes from one of syntect's bundled themes.
    pub fn theme_css(theme: &str) -> String {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        themes
            .themes
            .get(theme)
            .and_then(|t| syntect::html::css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default()
    }
}

/// Maps the language names real docs use to a syntect token; `None` means plain text.
pub fn canonical_language(lang: &str) -> Option<&'static str> {
    let l = lang.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "powershell"
        | "azurepowershell"
        | "azurepowershell-interactive"
        | "ps"
        | "pwsh"
        | "ps1"
        | "psm1" => "ps1",
        "azurecli"
        | "azurecli-interactive"
        | "azcli"
        | "azure-cli"
        | "bash"
        | "sh"
        | "shell"
        | "zsh"
        | "console"
        | "terminal" => "bash",
        "cmd" | "bat" | "batch" | "dos" => "bat",
        "json" | "jsonc" | "json5" => "json",
        "csharp" | "cs" | "c#" => "cs",
        "vb" | "vbnet" | "vb.net" | "visualbasic" => "vb",
        "fsharp" | "fs" => "fs",
        "xml" | "xaml" | "csproj" | "config" | "wsdl" => "xml",
        "html" | "htm" | "aspx" | "cshtml" | "razor" => "html",
        "sql" | "tsql" | "t-sql" | "mysql" | "postgresql" => "sql",
        "javascript" | "js" | "node" => "js",
        "typescript" | "ts" => "ts",
        "python" | "py" => "py",
        "java" => "java",
        "go" | "golang" => "go",
        "ruby" | "rb" => "rb",
        "php" => "php",
        "cpp" | "c++" | "cxx" => "cpp",
        "c" => "c",
        "yaml" | "yml" => "yaml",
        "css" => "css",
        "markdown" | "md" => "md",
        "rust" | "rs" => "rs",
        "dockerfile" | "docker" => "Dockerfile",
        "http" => "http",
        "ini" => "ini",
        "toml" => "toml",
        "diff" | "patch" => "diff",
        _ => return None,
    })
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    pulldown_cmark_escape::escape_html_body_text(&mut out, s).expect("writing to a String");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/highlight.bin");
        let h = Highlighter::new();
        let first = h.highlight("json", "{\"a\": 1}\n");
        h.save_cache(&path).unwrap();
        let h2 = Highlighter::new();
        h2.load_cache(&path);
        assert_eq!(h2.cache.lock().unwrap().len(), 1);
        assert_eq!(h2.highlight("json", "{\"a\": 1}\n"), first);
        std::fs::write(&path, b"garbage").unwrap();
        Highlighter::new().load_cache(&path);
    }

    #[test]
    fn aliases_and_plain() {
        let h = Highlighter::new();
        let ps = h.highlight("azurepowershell-interactive", "Get-Item $x\n");
        assert!(ps.contains("hl-"), "{ps}");
        assert_eq!(&*h.highlight("output", "<b>\n"), "&lt;b&gt;\n");
        assert_eq!(&*h.highlight("no-such-lang", "a<b\n"), "a&lt;b\n");
        assert!(h.highlight("CSharp", "var x = 1;\n").contains("hl-"));
    }
}
