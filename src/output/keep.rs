//! Which files added to the output by hand a build carries into the new site.
//!
//! A committed output folder is not a source: only what the operator put there for the host
//! (`CNAME`, `.well-known/`) and what `[output] keep` lists survive a build. Active content
//! (HTML, scripts, SVG) must be listed by its exact path: a glob never carries it, so a
//! contributor's `evil.html` beside the site cannot bypass `raw_html = "escape"`.

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Kept whatever the config says: what static hosts read from the output.
const ALWAYS: &[&str] = &["CNAME", ".well-known/**"];

/// Extensions of files a browser may run: carried over only when listed by exact path.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "xht", "js", "mjs", "cjs", "svg", "svgz", "xml", "xsl",
    "xslt", "wasm", "swf",
];

/// The carry-over rule of one build.
#[derive(Debug, Clone)]
pub struct Keep {
    globs: GlobSet,
    exact: Vec<String>,
}

impl Default for Keep {
    fn default() -> Keep {
        Keep::new(&[])
    }
}

impl Keep {
    /// The defaults plus `listed` (paths or globs relative to the output; invalid globs were
    /// refused when the config was read and are skipped here).
    pub fn new(listed: &[String]) -> Keep {
        let mut b = GlobSetBuilder::new();
        for g in ALWAYS
            .iter()
            .copied()
            .chain(listed.iter().map(String::as_str))
        {
            if let Ok(g) = Glob::new(g) {
                b.add(g);
            }
        }
        Keep {
            globs: b.build().unwrap_or_else(|_| GlobSet::empty()),
            exact: listed.to_vec(),
        }
    }

    /// Whether the hand-added file `rel` (relative to the output) is carried over.
    pub fn keeps(&self, rel: &str) -> bool {
        if self.exact.iter().any(|e| e == rel) {
            return true;
        }
        let ext = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        !ACTIVE.contains(&ext.as_str()) && self.globs.is_match(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_listed_files() {
        let k = Keep::new(&["google1234.html".into(), "downloads/**".into()]);
        assert!(k.keeps("CNAME"));
        assert!(k.keeps(".well-known/security.txt"));
        assert!(k.keeps("google1234.html"));
        assert!(k.keeps("downloads/tool.zip"));
        assert!(!k.keeps("en-us/evil.html"));
        assert!(!k.keeps("downloads/evil.html"), "a glob never carries HTML");
        assert!(!k.keeps(".well-known/x.svg"));
        assert!(!k.keeps("notes.txt"));
    }
}
