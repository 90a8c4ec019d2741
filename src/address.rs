//! Where everything of a site is published: the one place a page's URL and output file are made
//! (and, for `serve`, found again from a request). A rule about URLs (a docset's base, a
//! content entry's `dest`, how an index page is addressed) is a change here and nowhere else.
//!
//! URLs come in two spellings: `url` is percent-encoded, as links in the HTML carry it; `path`
//! is the same address decoded, as a request or a page's live-reload message names it.

use crate::docfx::{self, Docset};
use crate::paths;

/// A page's place on the site.
/// The key of each locale's generated search page: a content page with it is a conflict.
pub(crate) const SEARCH_KEY: &str = "search";
/// The key of each locale's generated list of the articles no TOC reaches.
pub(crate) const ALL_ARTICLES_KEY: &str = "all-articles";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// Its URL, percent-encoded: `/kb/pt-br/a%20b/`.
    pub url: String,
    /// Its output file, relative to the output folder: `pt-br/a b/index.html`.
    pub output: String,
}

/// The addresses of one locale of a site.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Addresses<'a> {
    /// The site's root path, `/` or `/kb/`.
    root: &'a str,
    /// The locale's URL prefix (`pt-br`, or empty for a locale at the root).
    prefix: &'a str,
    /// The locale's docsets, which may publish their pages under another base.
    docsets: &'a [Docset],
    /// Paths in lower case (Unicode-aware), as Learn publishes them.
    lowercase: bool,
}

impl<'a> Addresses<'a> {
    pub(crate) fn new(root: &'a str, prefix: &'a str, docsets: &'a [Docset]) -> Self {
        Addresses {
            root,
            prefix,
            docsets,
            lowercase: false,
        }
    }

    /// The same addresses in lower case (`yes`), as Learn publishes a repository's files.
    pub(crate) fn lowercase(self, yes: bool) -> Self {
        Addresses {
            lowercase: yes,
            ..self
        }
    }

    /// `path` as published: lower case when the site says so.
    fn cased<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        if self.lowercase && path.chars().any(char::is_uppercase) {
            path.to_lowercase().into()
        } else {
            path.into()
        }
    }

    /// The place of the page with key `key` read from `source` (both locale-relative): under
    /// its docset's URL base, or its content entry's `dest`, when it has one. A redirect source,
    /// which has no file, passes its key as `source`.
    pub(crate) fn page(&self, key: &str, source: &str) -> Place {
        let moved = docfx::docset_of(self.docsets, source)
            .and_then(|d| d.url_key(d.inner(key)?, d.inner(source)?));
        self.at_key(moved.as_deref().unwrap_or(key))
    }

    /// The place of a redirect source's page, `key` being the moved page's old key.
    pub(crate) fn redirect_source(&self, key: &str) -> Place {
        self.page(key, key)
    }

    /// The locale's home page (the generated one when there is no `index` page).
    pub(crate) fn home(&self) -> Place {
        self.at_key("index")
    }

    /// The locale's search results page (`/<prefix>/search/`).
    pub(crate) fn search(&self) -> Place {
        self.at_key(SEARCH_KEY)
    }

    /// The locale's list of the articles no TOC reaches (`/<prefix>/all-articles/`).
    pub(crate) fn all_articles(&self) -> Place {
        self.at_key(ALL_ARTICLES_KEY)
    }

    /// The place of a file (an image, a download), `rel` being locale-relative: where its
    /// docset's resource group (`src`/`dest`) and base put it, else where it is.
    pub(crate) fn file(&self, rel: &str) -> Place {
        let moved = docfx::docset_of(self.docsets, rel).and_then(|d| d.file_key(d.inner(rel)?));
        let rel = self.cased(moved.as_deref().unwrap_or(rel));
        let mut output = String::with_capacity(self.prefix.len() + rel.len() + 1);
        if !self.prefix.is_empty() {
            output.push_str(self.prefix);
            output.push('/');
        }
        output.push_str(&rel);
        Place {
            url: paths::encode_url(&format!("{}{output}", self.root)),
            output,
        }
    }

    /// The URL of a file (see [`Self::file`]) or of a folder of the locale's source folder.
    pub(crate) fn file_url(&self, rel: &str) -> String {
        self.file(rel).url
    }

    fn at_key(&self, key: &str) -> Place {
        let path = page_url(self.root, self.prefix, &self.cased(key));
        Place {
            output: output_file(self.root, &path),
            url: paths::encode_url(&path),
        }
    }
}

/// The output file of the site's root page (`index.html` under the root path).
pub(crate) fn site_root_output(root: &str) -> String {
    output_file(root, root)
}

/// `/pt-br/a/b/` for key `a/b` (or `a/b/index`) in locale prefix `pt-br` under site root `/`.
pub fn page_url(root: &str, prefix: &str, key: &str) -> String {
    let key = key
        .strip_suffix("/index")
        .or_else(|| (key == "index").then_some(""))
        .unwrap_or(key);
    let mut url = String::with_capacity(root.len() + prefix.len() + key.len() + 3);
    url.push_str(root);
    for part in [prefix, key] {
        if !part.is_empty() {
            url.push_str(part);
            url.push('/');
        }
    }
    url
}

/// Output file of a site-relative URL: `/docs/pt-br/a/` → `pt-br/a/index.html` under root `/docs/`.
pub fn output_file(root: &str, url: &str) -> String {
    let rel = url
        .strip_prefix(root)
        .unwrap_or(url.trim_start_matches('/'));
    format!("{rel}index.html")
}

/// The inverse, for `serve`: the output file a decoded request path is served from
/// (`/kb/a/` → `a/index.html`, `/kb/a.css` → `a.css`).
pub(crate) fn output_of_request(root: &str, path: &str) -> String {
    let inner = path
        .strip_prefix(root)
        .unwrap_or(path.trim_start_matches('/'));
    if inner.is_empty() || inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner.to_string()
    }
}

/// The inverse, for `serve`: the decoded address of an output HTML file
/// (`a/index.html` → `/kb/a/`, `404.html` → `/kb/404.html`).
pub(crate) fn path_of_output(root: &str, output: &str) -> String {
    format!(
        "{root}{}",
        output.strip_suffix("index.html").unwrap_or(output)
    )
}

/// The decoded address of a request or a page URL: `%20` → ` `, and `…/index.html` → `…/`
/// (a `+` stays a `+`).
pub(crate) fn decoded_path(url: &str) -> String {
    let path = percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned();
    match path.strip_suffix("index.html") {
        Some(folder) => folder.to_string(),
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_their_inverse() {
        let a = Addresses::new("/kb/", "pt-br", &[]);
        let p = a.page("guides/a b", "guides/a b.md");
        assert_eq!(p.url, "/kb/pt-br/guides/a%20b/");
        assert_eq!(p.output, "pt-br/guides/a b/index.html");
        assert_eq!(
            a.page("guides/index", "guides/index.md").url,
            "/kb/pt-br/guides/"
        );
        assert_eq!(a.home().output, "pt-br/index.html");
        assert_eq!(a.file_url("media/x y.png"), "/kb/pt-br/media/x%20y.png");
        let decoded = decoded_path(&p.url);
        assert_eq!(output_of_request("/kb/", &decoded), p.output);
        assert_eq!(path_of_output("/kb/", &p.output), decoded);
        assert_eq!(decoded_path("/kb/pt-br/index.html"), "/kb/pt-br/");
        let root = Addresses::new("/", "", &[]);
        assert_eq!(root.home().url, "/");
        assert_eq!(root.home().output, site_root_output("/"));
        assert_eq!(root.file_url("a.png"), "/a.png");
        assert_eq!(page_url("/", "pt-br", "a/index"), "/pt-br/a/");
        assert_eq!(page_url("/docs/", "", "a/b"), "/docs/a/b/");
        assert_eq!(
            output_file("/docs/", "/docs/pt-br/a/"),
            "pt-br/a/index.html"
        );
    }
}
