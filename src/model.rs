//! The site model: locales, pages, navigation trees, redirects. Plain data, built once by
//! `assemble`; it holds no file handles and knows nothing of HTML.

use crate::frontmatter::FrontMatter;
use std::collections::{BTreeSet, HashMap, HashSet};

pub type PageId = usize;

#[derive(Debug, Clone)]
pub struct Locale {
    pub code: String,
    pub name: String,
    /// URL prefix without slashes (`pt-br`).
    pub prefix: String,
    /// Site-relative URL of the locale's home (`/pt-br/`).
    pub home: String,
    /// `"ltr"` or `"rtl"`.
    pub direction: &'static str,
    /// `false`: a source other locales fall back to, not published itself.
    pub publish: bool,
    /// Locales a missing page is borrowed from, in order.
    pub fallback: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Article,
    Faq,
    Landing,
    Hub,
}

/// A Markdown fragment with the place it came from, so that diagnostics inside it point to the
/// right line. An article keeps its whole source file and the offset of its body, so that the
/// body is never copied.
#[derive(Debug, Clone, Default)]
pub struct Md {
    pub text: String,
    /// Byte offset in `text` where the Markdown starts (after the front matter).
    pub start: usize,
    /// 1-based line in the source file where the Markdown starts.
    pub line: u32,
}

impl Md {
    pub fn new(text: String, line: u32) -> Md {
        Md {
            text,
            start: 0,
            line,
        }
    }

    pub fn with_offset(text: String, start: usize, line: u32) -> Md {
        let start = start.min(text.len());
        Md { text, start, line }
    }

    /// The Markdown itself.
    pub fn body(&self) -> &str {
        self.text.get(self.start..).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct FaqSection {
    pub name: String,
    pub questions: Vec<FaqQuestion>,
}

#[derive(Debug, Clone)]
pub struct FaqQuestion {
    pub question: String,
    pub answer: Md,
}

#[derive(Debug, Clone)]
pub struct LandingCard {
    pub title: String,
    pub lists: Vec<LandingList>,
}

#[derive(Debug, Clone)]
pub struct LandingList {
    pub kind: String,
    pub links: Vec<LandingLink>,
}

#[derive(Debug, Clone)]
pub struct LandingLink {
    pub text: String,
    pub url: String,
    pub line: u32,
}

/// A URL written in a hub page (a link, a card's target, an image), with its line.
#[derive(Debug, Clone, Default)]
pub struct HubUrl {
    pub url: String,
    pub line: u32,
}

/// A link of a hub card: `links` entries, footer links.
#[derive(Debug, Clone, Default)]
pub struct HubLink {
    pub text: String,
    pub url: HubUrl,
    /// `itemType` (`overview`, `how-to-guide`...), or empty.
    pub item_type: String,
    /// `note` (additional content), or empty.
    pub note: String,
}

/// A card of a hub section. Which fields a card has depends on its section.
#[derive(Debug, Clone, Default)]
pub struct HubItem {
    pub title: String,
    pub summary: String,
    pub item_type: String,
    pub url: Option<HubUrl>,
    pub image: Option<HubUrl>,
    pub links: Vec<HubLink>,
    pub footer: Option<HubLink>,
}

/// Which part of a hub page a section is, in the order hub pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubSectionKind {
    Highlighted,
    Conceptual,
    Tools,
    Products,
    Additional,
}

impl HubSectionKind {
    pub fn name(self) -> &'static str {
        match self {
            HubSectionKind::Highlighted => "highlighted",
            HubSectionKind::Conceptual => "conceptual",
            HubSectionKind::Tools => "tools",
            HubSectionKind::Products => "products",
            HubSectionKind::Additional => "additional",
        }
    }
}

#[derive(Debug, Clone)]
pub struct HubSection {
    pub kind: HubSectionKind,
    pub title: String,
    pub summary: String,
    pub items: Vec<HubItem>,
}

#[derive(Debug, Clone)]
pub enum Body {
    Markdown(Md),
    Faq {
        summary: Md,
        sections: Vec<FaqSection>,
        /// The YAML as written: folded answers (`answer: >`) lose their line structure, so
        /// places in them are found again in the source.
        source: String,
    },
    Landing {
        summary: Md,
        cards: Vec<LandingCard>,
    },
    /// `### YamlMime:Hub`.
    /// A fallback page's: the body is that of the page it borrows (`Page::fallback`).
    Borrowed,
    Hub {
        /// The visible heading (`title`); the page's title is `metadata.title` first.
        heading: String,
        summary: Md,
        /// `brand` (`azure`...), or empty.
        brand: String,
        sections: Vec<HubSection>,
        /// `additionalContent.footer`: Markdown under the additional sections.
        footer: Md,
    },
}

#[derive(Debug, Clone)]
pub struct Page {
    pub locale: usize,
    /// Identity of the page within and across locales: path without extension, `/`-separated,
    /// as on disk (`partner-center/billing`). A folder's `index` page has key `folder/index`.
    pub key: String,
    /// Source path relative to the locale's folder, with extension.
    pub source: String,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub title: String,
    pub body: Body,
    /// Site-relative URL (`/pt-br/partner-center/billing/`).
    pub url: String,
    /// Output file relative to the output root (`pt-br/partner-center/billing/index.html`).
    pub output: String,
    /// Where the page sits in navigation: (TOC, node), if any TOC lists it.
    pub nav: Option<(usize, usize)>,
    /// The TOC whose navigation the page shows (its own, or its folder's).
    pub toc: Option<usize>,
    /// A fallback page: this locale has no file for the key, and the page shows that of
    /// another locale (this id), inside this locale's layout. `None` for a locale's own page.
    pub fallback: Option<PageId>,
}

#[derive(Debug, Clone)]
pub struct TocNode {
    pub title: String,
    /// `href` as written, if any.
    pub href: Option<String>,
    /// 1-based line of the item in the TOC file.
    pub line: u32,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// Resolved target: a page of the site, or an URL to use as is.
    pub target: Option<TocTarget>,
    /// `support_flow`: the request flow of this entry's page and of the pages under it.
    pub support_flow: Option<String>,
}

#[derive(Debug, Clone)]
pub enum TocTarget {
    Page(PageId),
    Url(String),
}

#[derive(Debug, Clone)]
pub struct Toc {
    pub locale: usize,
    /// Source path relative to the locale folder (`partner-center/TOC.yml`).
    pub source: String,
    /// Folder of the TOC file (`partner-center`, or empty at the root).
    pub dir: String,
    pub nodes: Vec<TocNode>,
    pub roots: Vec<usize>,
    /// Whether another TOC includes this one (then it is not a navigation root of its own).
    pub included: bool,
}

impl Toc {
    /// Ancestors of `node`, root first, `node` excluded.
    pub fn ancestors(&self, node: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.nodes[node].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out.reverse();
        out
    }

    /// Nodes in reading order (depth first).
    pub fn in_order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev());
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Redirect {
    pub locale: usize,
    /// Source page key (path without extension), relative to the locale folder.
    pub from: String,
    /// Target as written (URL, root-relative path or relative file path).
    pub to: String,
    /// The file that declares it, for diagnostics.
    pub declared_in: String,
    pub line: u32,
}

/// Files copied as they are (images, PDFs...), by locale.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Relative paths, `/`-separated.
    pub files: BTreeSet<String>,
    /// Lowercased path → path, to find case mismatches.
    pub by_lower: HashMap<String, String>,
    /// Files (lowercased paths) a `docfx.json` lists neither as content nor as a resource:
    /// there, but not published.
    pub unlisted: HashSet<String>,
    /// Files outside every docset of a locale that has docsets: published only when a page
    /// links to them.
    pub linked_only: HashSet<String>,
}

/// Text files that are not pages but that pages pull in: includes and code samples.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    pub files: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub locales: Vec<Locale>,
    pub default_locale: usize,
    pub pages: Vec<Page>,
    pub tocs: Vec<Toc>,
    pub redirects: Vec<Redirect>,
    /// Per locale.
    pub assets: Vec<Assets>,
    /// Per locale.
    pub fragments: Vec<Fragments>,
    /// Per locale: the docsets (folders with a `docfx.json`).
    pub docsets: Vec<Vec<crate::docfx::Docset>>,
    /// A page's key (lowercase) → its page in each locale, `None` where the locale lacks it:
    /// the same page across translations (language switcher, `hreflang`).
    pub translations: HashMap<String, Vec<Option<PageId>>>,
    /// Per locale: folders (lowercase, `/`-ended) of dependent repositories that are not
    /// here; references into them are not checked.
    pub unfetched: Vec<Vec<String>>,
    /// Breadcrumb trees (`breadcrumb/toc.yml` of a docset).
    pub breadcrumbs: Vec<Breadcrumbs>,
    /// The config names no site title: each docset's pages show their docset's.
    pub titled_by_docsets: bool,
    /// `xref_query_tags` of the locales' publishing configs: `xref:` links Learn resolves
    /// elsewhere (`/dotnet`: .NET's API reference).
    pub xref_tags: Vec<String>,
    /// A repository published to Learn (it has `.openpublishing.publish.config.json`): links
    /// into the rest of Learn go to Learn, and URLs are lower case unless the config says.
    pub published: bool,
    /// Page and file URLs are lower case (`[urls] lowercase`, else `published`).
    pub lowercase_urls: bool,
}

/// A docset's breadcrumb file: items whose `tocHref` is the URL prefix of the pages under them.
#[derive(Debug, Clone)]
pub struct Breadcrumbs {
    pub locale: usize,
    /// The docset folder whose pages it covers.
    pub dir: String,
    /// Whether the page's own TOC trail follows (`extendBreadcrumb`).
    pub extend: bool,
    pub crumbs: Vec<BreadcrumbItem>,
}

#[derive(Debug, Clone)]
pub struct BreadcrumbItem {
    pub title: String,
    /// Lowercase path prefix, `/`-ended: `/partner-center/billing/`.
    pub prefix: String,
    pub target: Option<PageId>,
    pub parent: Option<usize>,
}

impl Breadcrumbs {
    /// The trail for a page whose locale-relative path (key without `/index`) is `path`:
    /// the deepest item whose prefix holds it, and its ancestors, root first.
    pub fn trail(&self, path: &str) -> Vec<&BreadcrumbItem> {
        let wanted = format!("/{}/", path.trim_matches('/').to_lowercase());
        let best = self
            .crumbs
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.prefix.is_empty() && wanted.starts_with(&c.prefix))
            .max_by_key(|(_, c)| c.prefix.len());
        let mut out = Vec::new();
        let mut at = best.map(|(i, _)| i);
        while let Some(i) = at {
            out.push(&self.crumbs[i]);
            at = self.crumbs[i].parent;
        }
        out.reverse();
        out
    }
}

impl Site {
    /// The addresses of locale `li` under site root `root` (see [`crate::address`]).
    pub(crate) fn addresses<'s>(
        &'s self,
        root: &'s str,
        li: usize,
    ) -> crate::address::Addresses<'s> {
        crate::address::Addresses::new(root, &self.locales[li].prefix, &self.docsets[li])
            .lowercase(self.lowercase_urls)
    }

    /// Where a TOC entry goes: its page's URL, or the URL written; `None` without a target.
    pub fn toc_url<'s>(&'s self, node: &'s TocNode) -> Option<&'s str> {
        match &node.target {
            Some(TocTarget::Page(p)) => Some(self.pages[*p].url.as_str()),
            Some(TocTarget::Url(u)) => Some(u.as_str()),
            None => None,
        }
    }

    /// Page `id` in each locale (itself included), by its key.
    pub fn translations_of(&self, id: PageId) -> &[Option<PageId>] {
        self.translations
            .get(&self.pages[id].key.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    /// Page `id` in locale `locale` (its own page there, or the fallback it has).
    pub fn in_locale(&self, id: PageId, locale: usize) -> Option<PageId> {
        self.translations_of(id).get(locale).copied().flatten()
    }

    /// Whether a locale-relative path lies in a dependent repository that is not here.
    pub fn is_unfetched(&self, locale: usize, path: &str) -> bool {
        let lower = path.to_ascii_lowercase();
        self.unfetched[locale].iter().any(|d| lower.starts_with(d))
    }

    /// The locale's own pages (not those it borrows from another locale).
    pub fn pages_of(&self, locale: usize) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.locale == locale && p.fallback.is_none())
    }
}
