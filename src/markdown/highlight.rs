//! Build-time syntax highlighting with syntect, into CSS classes (`hl-` prefix).
//!
//! The syntax set is loaded once per build and shared by all threads. syntect runs at 1–5 MB/s
//! (regex-driven grammars), two orders of magnitude slower than Markdown parsing, so
//! highlighted blocks are cached by language and content: within a build (every locale carries
//! the same, untranslated code) and, when the build has a cache folder, across builds.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: SyntaxSet,
    cache: Mutex<Cache>,
}

/// Highlighted blocks by (syntax, code). Blocks loaded from the cache file stay in the file's
/// bytes (`loaded`) and are referred to by range, so loading a large cache costs one buffer.
#[derive(Default)]
struct Cache {
    loaded: String,
    entries: HashMap<u64, Entry>,
}

struct Entry {
    syntax: Text,
    code: Text,
    html: Text,
    /// Used by this build: only those are saved, so the cache follows the content.
    used: bool,
    /// Highlighted by this build (not loaded from the cache file).
    fresh: bool,
}

enum Text {
    Own(Box<str>),
    Loaded(u32, u32),
}

fn text_of<'a>(loaded: &'a str, t: &'a Text) -> &'a str {
    match t {
        Text::Own(s) => s,
        Text::Loaded(a, b) => &loaded[*a as usize..*b as usize],
    }
}

const CACHE_HEADER: &str = concat!("ajuda-highlight 2 ", env!("CARGO_PKG_VERSION"), "\n");

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
            cache: Mutex::new(Cache::default()),
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
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let mut out = String::new();
        self.highlight_into(lang, code, &mut out);
        out
    }

    /// [`Highlighter::highlight`], appended to `out`.
    pub fn highlight_into(&self, lang: &str, code: &str, out: &mut String) {
        let Some(syntax) = self.syntax(lang) else {
            pulldown_cmark_escape::escape_html_body_text(&mut *out, code)
                .expect("writing to a String");
            return;
        };
        let key = key(&syntax.name, code);
        if let Ok(mut cache) = self.cache.lock() {
            let cache = &mut *cache;
            if let Some(e) = cache.entries.get_mut(&key) {
                let loaded = &cache.loaded;
                if text_of(loaded, &e.code) == code && text_of(loaded, &e.syntax) == syntax.name {
                    out.push_str(text_of(loaded, &e.html));
                    e.used = true;
                    return;
                }
            }
        }
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                pulldown_cmark_escape::escape_html_body_text(&mut *out, code)
                    .expect("writing to a String");
                return;
            }
        }
        let html = gen.finalize();
        out.push_str(&html);
        if let Ok(mut c) = self.cache.lock() {
            c.entries.insert(
                key,
                Entry {
                    syntax: Text::Own(syntax.name.as_str().into()),
                    code: Text::Own(code.into()),
                    html: Text::Own(html.into()),
                    used: true,
                    fresh: true,
                },
            );
        }
    }

    /// Loads blocks highlighted by earlier builds (of this version of ajuda). A missing or
    /// unreadable cache is an empty one.
    pub fn load_cache(&self, path: &Path) {
        let Ok(loaded) = crate::fsx::read_own(path, crate::fsx::MAX_CACHE_BYTES)
            .map_err(|_| ())
            .and_then(|b| String::from_utf8(b).map_err(|_| ()))
        else {
            return;
        };
        if !loaded.starts_with(CACHE_HEADER) {
            return;
        }
        let mut at = CACHE_HEADER.len();
        let mut entries = Vec::new();
        let bytes = loaded.as_bytes();
        while at < bytes.len() {
            let mut fields = [(0u32, 0u32); 3];
            // Netstrings (`12:text of len 12`): the file stays valid UTF-8.
            for f in &mut fields {
                let Some(colon) = bytes[at..].iter().position(|&c| c == b':') else {
                    return;
                };
                let Some(len) = loaded[at..at + colon].parse::<usize>().ok() else {
                    return;
                };
                let (a, b) = (at + colon + 1, at + colon + 1 + len);
                if loaded.get(a..b).is_none() {
                    return;
                }
                *f = (a as u32, b as u32);
                at = b;
            }
            let txt = |(a, b): (u32, u32)| &loaded[a as usize..b as usize];
            entries.push((key(txt(fields[0]), txt(fields[1])), fields));
        }
        if let Ok(mut cache) = self.cache.lock() {
            if !cache.entries.is_empty() || !cache.loaded.is_empty() {
                return;
            }
            for (k, [syntax, code, html]) in entries {
                cache.entries.entry(k).or_insert(Entry {
                    syntax: Text::Loaded(syntax.0, syntax.1),
                    code: Text::Loaded(code.0, code.1),
                    html: Text::Loaded(html.0, html.1),
                    used: false,
                    fresh: false,
                });
            }
            cache.loaded = loaded;
        }
    }

    /// Writes the blocks this build used (atomically: temporary file, then rename), unless the
    /// file already holds exactly those.
    pub fn save_cache(&self, path: &Path) -> io::Result<()> {
        let cache = self
            .cache
            .lock()
            .map_err(|_| io::Error::other("highlight cache poisoned"))?;
        if cache.entries.values().all(|e| e.used && !e.fresh) && path.exists() {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            let tag = dir.join("CACHEDIR.TAG");
            if std::fs::symlink_metadata(&tag).is_err() {
                crate::fsx::write_replace(&tag, b"Signature: 8a477f597d28d172789f06886806bc55\n# ajuda's cache; safe to delete.\n")?;
            }
        }
        crate::fsx::write_replace_with(path, |w| {
            w.write_all(CACHE_HEADER.as_bytes())?;
            for e in cache.entries.values().filter(|e| e.used) {
                for f in [&e.syntax, &e.code, &e.html] {
                    let t = text_of(&cache.loaded, f);
                    write!(w, "{}:", t.len())?;
                    w.write_all(t.as_bytes())?;
                }
            }
            Ok(())
        })
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

/// The name readers know a code block's language by ("Azure CLI", "C#"), for its label, as
/// Microsoft Learn shows it; `None` for ids not in the table (the label is then the id as
/// written).
pub fn language_label(lang: &str) -> Option<&'static str> {
    let l = lang.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "azurecli" | "azurecli-interactive" | "azcli" | "azure-cli" => "Azure CLI",
        "azurepowershell" | "azurepowershell-interactive" => "Azure PowerShell",
        "powershell" | "ps" | "pwsh" | "ps1" | "psm1" => "PowerShell",
        "bash" => "Bash",
        "sh" | "shell" => "Shell",
        "zsh" => "Zsh",
        "console" | "terminal" => "Console",
        "cmd" | "bat" | "batch" | "dos" => "Windows Command Prompt",
        "output" => "Output",
        "csharp" | "cs" | "c#" => "C#",
        "vb" | "vbnet" | "vb.net" | "visualbasic" => "Visual Basic",
        "fsharp" | "fs" | "f#" => "F#",
        "json" | "jsonc" => "JSON",
        "json5" => "JSON5",
        "xml" | "csproj" | "config" | "wsdl" => "XML",
        "xaml" => "XAML",
        "yaml" | "yml" => "YAML",
        "html" | "htm" => "HTML",
        "aspx" => "ASP.NET",
        "cshtml" | "razor" => "Razor",
        "css" => "CSS",
        "javascript" | "js" | "node" => "JavaScript",
        "typescript" | "ts" => "TypeScript",
        "python" | "py" => "Python",
        "java" => "Java",
        "go" | "golang" => "Go",
        "sql" => "SQL",
        "tsql" | "t-sql" => "Transact-SQL",
        "mysql" => "MySQL",
        "postgresql" => "PostgreSQL",
        "kusto" | "kql" => "Kusto",
        "http" => "HTTP",
        "ini" => "INI",
        "toml" => "TOML",
        "dockerfile" | "docker" => "Dockerfile",
        "markdown" | "md" => "Markdown",
        "cpp" | "c++" | "cxx" => "C++",
        "c" => "C",
        "ruby" | "rb" => "Ruby",
        "php" => "PHP",
        "rust" | "rs" => "Rust",
        "diff" | "patch" => "Diff",
        "graphql" => "GraphQL",
        "bicep" => "Bicep",
        "terraform" | "hcl" => "Terraform",
        "text" | "txt" | "plaintext" | "plain" => "Text",
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
        // Long enough for a length that is not one ASCII byte.
        let code = format!("{{\"a\": \"{}\"}}\n", "x".repeat(300));
        let first = h.highlight("json", &code);
        h.save_cache(&path).unwrap();
        let h2 = Highlighter::new();
        h2.load_cache(&path);
        assert_eq!(h2.cache.lock().unwrap().entries.len(), 1);
        assert_eq!(h2.highlight("json", &code), first);
        // A damaged cache file is ignored: nothing is loaded and code is highlighted anew.
        std::fs::write(&path, b"garbage").unwrap();
        let h3 = Highlighter::new();
        h3.load_cache(&path);
        assert!(h3.cache.lock().unwrap().entries.is_empty());
        assert_eq!(h3.highlight("json", &code), first);
        // A truncated one too (a build killed while writing it).
        h.save_cache(&path).unwrap();
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 10]).unwrap();
        let h4 = Highlighter::new();
        h4.load_cache(&path);
        assert!(h4.cache.lock().unwrap().entries.is_empty());
        assert_eq!(h4.highlight("json", &code), first);
    }

    #[test]
    fn aliases_and_plain() {
        let h = Highlighter::new();
        let ps = h.highlight("azurepowershell-interactive", "Get-Item $x\n");
        assert!(ps.contains("hl-"), "{ps}");
        assert_eq!(h.highlight("output", "<b>\n"), "&lt;b&gt;\n");
        assert_eq!(h.highlight("no-such-lang", "a<b\n"), "a&lt;b\n");
        assert!(h.highlight("CSharp", "var x = 1;\n").contains("hl-"));
    }
}
