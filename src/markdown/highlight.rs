//! Build-time syntax highlighting with syntect, into CSS classes (`hl-` prefix).
//!
//! The syntax set is loaded once per build and shared by all threads. Code samples repeat a
//! lot (every locale carries the same, untranslated code), so highlighted blocks are cached by
//! language and content.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: SyntaxSet,
    cache: Mutex<HashMap<u64, Arc<str>>>,
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
        let mut h = DefaultHasher::new();
        syntax.name.hash(&mut h);
        code.hash(&mut h);
        let key = h.finish();
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return hit;
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
            c.insert(key, html.clone());
        }
        html
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
    fn aliases_and_plain() {
        let h = Highlighter::new();
        let ps = h.highlight("azurepowershell-interactive", "Get-Item $x\n");
        assert!(ps.contains("hl-"), "{ps}");
        assert_eq!(&*h.highlight("output", "<b>\n"), "&lt;b&gt;\n");
        assert_eq!(&*h.highlight("no-such-lang", "a<b\n"), "a&lt;b\n");
        assert!(h.highlight("CSharp", "var x = 1;\n").contains("hl-"));
    }
}
