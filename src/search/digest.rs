//! The searchable text of a rendered page, read from its HTML as Pagefind's indexer reads
//! it (its 1.6 `fossick/parser.rs`), by one forward scan of ajuda's own output instead of a
//! general HTML rewriter: the `<html lang>`, the `data-pagefind-meta`/`-filter`/`-sort`
//! tags, and the text of the `data-pagefind-body` element (else `<body>`) with block
//! elements ended by a full stop, headings weighted (`h1` 7 … `h6` 2, or
//! `data-pagefind-weight`), element ids kept as anchors for sub-results, and the chrome
//! (`nav`, `footer`, scripts, `[data-pagefind-ignore]`, the `#` links of headings, code
//! unless `[search] index_code`) left out.
//!
//! The digest carries the same markers Pagefind's does (`___PAGEFIND_ANCHOR___`, weights),
//! which [`super::page`] turns into words.

use super::fields::{normalize, tidy, Fields};
use super::tag::{find_ci, parse_tag, Tag};
use std::collections::BTreeMap;

/// What a page gives the index before it is split into words.
#[derive(Debug, Default)]
pub(super) struct Digest {
    /// Lower case, `unknown` when the page has none.
    pub language: String,
    /// The text with its markers, entities decoded; its whitespace is as found (the words
    /// are what counts: [`super::page`] splits them on it).
    pub text: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
    /// Text of the element of each anchor (`"3:section-2"` → its text).
    pub anchor_content: BTreeMap<String, String>,
    pub anchor_titles: BTreeMap<String, String>,
    /// Whether the text came from a `data-pagefind-body` element (not the whole `<body>`).
    pub custom_body: bool,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Status {
    Indexing,
    Ignored,
    Excluded,
}

/// An open element. Its text is the end of the scanner's text from `content` on: a closed
/// element's text stays where it was written, in its parent's.
struct Node {
    tag: String,
    /// Where the element's part of the text starts (its weight marker, if any) and where its
    /// content does.
    start: usize,
    content: usize,
    status: Status,
    weight: Option<String>,
    /// Whether its content is weighted (a marker closes it).
    weighted: bool,
    anchors: Option<Vec<String>>,
    fields: Fields,
}

const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// Reads `html` (a whole page). `index_code`: code blocks (`.code-block`) are text too.
pub(super) fn read(html: &str, index_code: bool) -> Digest {
    let mut d = Digest {
        language: "unknown".into(),
        ..Digest::default()
    };
    let (head_end, body) = locate(html);
    let mut scan = Scanner {
        d: &mut d,
        stack: Vec::new(),
        text: String::new(),
        index_code,
        anchors: 0,
    };
    // The head's tags give the language, metadata and filters; its text is not indexed.
    scan.tags_only(&html[..head_end]);
    let Some((start, end, custom)) = body else {
        return d;
    };
    scan.d.custom_body = custom;
    scan.stack.push(Node::root());
    scan.run(&html[start..end]);
    let text = scan.finish();
    d.text = match html_escape::decode_html_entities(&text) {
        std::borrow::Cow::Owned(decoded) => decoded,
        std::borrow::Cow::Borrowed(_) => text,
    };
    tidy(&mut d);
    d
}

/// Where the head ends and the indexed element is: the `data-pagefind-body` element (whole,
/// with its tags) else `<body>`.
fn locate(html: &str) -> (usize, Option<(usize, usize, bool)>) {
    let lower_head = find_ci(html, "</head>").unwrap_or(0);
    if let Some(marker) = html.find(" data-pagefind-body") {
        if let Some(start) = html[..marker].rfind('<') {
            if let Some(end) = element_end(html, start) {
                return (lower_head.min(start), Some((start, end, true)));
            }
        }
    }
    let body = find_ci(html, "<body").map(|s| {
        let end = find_ci(&html[s..], "</body>").map_or(html.len(), |e| s + e + 7);
        (s, end, false)
    });
    (lower_head, body)
}

/// The end of the element whose start tag begins at `start` (same-name tags nest). Each
/// search resumes where it stopped, so this is linear in the page.
fn element_end(html: &str, start: usize) -> Option<usize> {
    let name_end = start + 1 + html[start + 1..].find(|c: char| !c.is_ascii_alphanumeric())?;
    let name = &html[start + 1..name_end];
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let opens = memchr::memmem::Finder::new(open.as_bytes());
    let closes = memchr::memmem::Finder::new(close.as_bytes());
    let find = |f: &memchr::memmem::Finder, from: usize| {
        f.find(&html.as_bytes()[from..]).map(|i| from + i)
    };
    let mut depth = 0usize;
    let mut next_open = find(&opens, start + 1);
    let mut next_close = find(&closes, start + 1);
    loop {
        let Some(close_at) = next_close else {
            return Some(html.len());
        };
        match next_open {
            Some(o) if o < close_at => {
                depth += 1;
                next_open = find(&opens, o + 1);
            }
            _ if depth == 0 => return Some(close_at + close.len()),
            _ => {
                depth -= 1;
                next_close = find(&closes, close_at + 1);
            }
        }
    }
}

struct Scanner<'d> {
    d: &'d mut Digest,
    stack: Vec<Node>,
    /// The text read so far, markers included; each open element's is its end.
    text: String,
    index_code: bool,
    anchors: usize,
}

impl Node {
    fn root() -> Node {
        Node::new(String::new(), Status::Indexing)
    }
    fn new(tag: String, status: Status) -> Node {
        Node {
            tag,
            start: 0,
            content: 0,
            status,
            weight: None,
            weighted: false,
            anchors: None,
            fields: Fields::default(),
        }
    }
}

impl Scanner<'_> {
    /// The head: only `<html lang>` and the `data-pagefind-*` attributes of its tags.
    fn tags_only(&mut self, head: &str) {
        let mut at = 0;
        while let Some(i) = head[at..].find('<') {
            let Some((tag, next)) = parse_tag(head, at + i) else {
                at += i + 1;
                continue;
            };
            at = next;
            if tag.end {
                continue;
            }
            if tag.name == "html" {
                if let Some(lang) = tag.get("lang").filter(|l| !l.is_empty()) {
                    self.d.language = lang.to_lowercase();
                }
            } else if tag
                .attrs
                .iter()
                .any(|(n, _)| n.starts_with("data-pagefind-"))
            {
                let node = self.node_for(&tag, Status::Indexing);
                node.fields.collect(self.d, "");
            }
        }
    }

    fn run(&mut self, body: &str) {
        let mut at = 0;
        while at < body.len() {
            let Some(i) = body[at..].find('<') else {
                self.text(&body[at..]);
                break;
            };
            if i > 0 {
                self.text(&body[at..at + i]);
            }
            let lt = at + i;
            if body[lt..].starts_with("<!--") {
                at = body[lt..].find("-->").map_or(body.len(), |e| lt + e + 3);
                continue;
            }
            let Some((tag, next)) = parse_tag(body, lt) else {
                // A lone `<` is text.
                self.text("<");
                at = lt + 1;
                continue;
            };
            at = next;
            if tag.end {
                self.close(&tag.name);
            } else if RAW_TEXT.contains(&tag.name.as_str()) {
                let close = format!("</{}", tag.name);
                let end = find_ci(&body[at..], &close).map_or(body.len(), |e| at + e);
                let name = tag.name.clone();
                self.open(tag);
                self.text(&body[at..end]);
                self.close(&name);
                at = body[end..].find('>').map_or(body.len(), |e| end + e + 1);
            } else if self.open(tag) {
                if let Some(end) = self.skip_left_out(body, lt, at) {
                    at = end;
                }
            }
        }
    }

    /// Skips the element just opened at `lt` (its content from `from`) when it is left out
    /// of the index and nothing in it could count: no `data-pagefind-*` attribute, heading
    /// that titles the page, image, comment or raw text, and no anchor taking its text. A
    /// highlighted code block is half a page's tags. The element's end, else `None`.
    fn skip_left_out(&mut self, body: &str, lt: usize, from: usize) -> Option<usize> {
        let node = self.stack.last()?;
        let quiet = node.tag != "h1" && node.anchors.is_none() && node.fields.is_empty();
        if node.status == Status::Indexing || !quiet {
            return None;
        }
        let end = element_end(body, lt)?;
        if may_count(&body[from..end]) {
            return None;
        }
        let node = self.stack.pop()?;
        self.closed(node);
        Some(end)
    }

    fn node_for(&self, tag: &Tag, status: Status) -> Node {
        let mut node = Node::new(tag.name.clone(), status);
        node.weight = tag.get("data-pagefind-weight").map(str::to_string);
        node.fields = Fields::of(tag);
        node
    }

    /// Opens an element; `false` when it is void (closed at once).
    fn open(&mut self, tag: Tag) -> bool {
        let explicit =
            tag.get("data-pagefind-ignore")
                .map(|v| match v.to_ascii_lowercase().as_str() {
                    "" | "index" | "true" => Status::Ignored,
                    _ => Status::Excluded,
                });
        let mut status = explicit.unwrap_or(Status::Indexing);
        let parent_status = self.stack.last().map_or(Status::Indexing, |n| n.status);
        let mut anchor = None;
        if status == Status::Indexing {
            if let Some(id) = tag.get("id") {
                let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
                let key = format!("{}:{id}", self.anchors);
                self.text
                    .push_str(&format!(" ___PAGEFIND_ANCHOR___{}:{key} ", tag.name));
                if let Some(title) = tag
                    .get("data-pagefind-title")
                    .map(normalize)
                    .filter(|t| !t.is_empty())
                {
                    self.d.anchor_titles.insert(key.clone(), title);
                }
                anchor = Some(key);
                self.anchors += 1;
            }
        }
        if status != Status::Excluded {
            if let Some(attrs) = tag.get("data-pagefind-index-attrs") {
                for a in attrs.split(',') {
                    let mut value = tag.get(a.trim()).unwrap_or_default().to_string();
                    if value.chars().last().is_some_and(sentence_char) {
                        value.push('.');
                    }
                    self.text.push(' ');
                    self.text.push_str(&value);
                    self.text.push(' ');
                }
            }
            if tag.name == "br" {
                self.text.push(' ');
            }
        }
        let inherited = self
            .stack
            .last()
            .and_then(|p| p.anchors.clone())
            .filter(|_| INLINE.contains(&tag.name.as_str()));
        let mut anchors = inherited;
        if let Some(a) = anchor {
            anchors.get_or_insert_with(Vec::new).push(a);
        }
        if parent_status == Status::Excluded {
            status = Status::Excluded;
        }
        let mut node = self.node_for(&tag, status);
        node.anchors = anchors;
        if node.status != Status::Excluded && self.excluded(&tag) {
            node.status = Status::Ignored;
        }
        let void = VOID.contains(&tag.name.as_str());
        if void {
            self.void_closed(&node, &tag);
            return false;
        }
        node.start = self.text.len();
        if node.status == Status::Indexing {
            self.weigh(&mut node);
        }
        node.content = self.text.len();
        self.stack.push(node);
        true
    }

    /// Starts an element's weight (its `data-pagefind-weight`, else its heading level) and
    /// its sentence, before its content.
    fn weigh(&mut self, node: &mut Node) {
        let auto = match node.tag.as_str() {
            "h1" => "7",
            "h2" => "6",
            "h3" => "5",
            "h4" => "4",
            "h5" => "3",
            "h6" => "2",
            _ => "",
        };
        let marker = match &node.weight {
            Some(w) => Some((" ___PAGEFIND_WEIGHT___", w.as_str())),
            None => (!auto.is_empty()).then_some((" ___PAGEFIND_AUTO_WEIGHT___", auto)),
        };
        if let Some((marker, w)) = marker {
            self.text.push_str(marker);
            self.text.push_str(w);
            self.text.push(' ');
            node.weighted = true;
        }
        if SENTENCE.contains(&node.tag.as_str()) {
            self.text.push(' ');
        }
    }

    /// The selectors left out of the index: Pagefind's own list and ajuda's.
    fn excluded(&self, tag: &Tag) -> bool {
        REMOVED.contains(&tag.name.as_str())
            || tag.has_class("heading-anchor")
            || tag.get("data-pagefind-ignore").is_some()
            || (!self.index_code && tag.has_class("code-block"))
    }

    fn text(&mut self, text: &str) {
        self.text.push_str(text);
        let node = self.stack.last().expect("the root is never popped");
        let ignored = matches!(node.status, Status::Ignored | Status::Excluded);
        if let (false, Some(ids)) = (ignored, &node.anchors) {
            for id in ids {
                match self.d.anchor_content.get_mut(id) {
                    Some(content) => content.push_str(text),
                    None => {
                        self.d.anchor_content.insert(id.clone(), text.to_string());
                    }
                }
            }
        }
    }

    fn void_closed(&mut self, node: &Node, tag: &Tag) {
        if node.status == Status::Excluded {
            return;
        }
        node.fields.collect(self.d, "");
        let meta = &mut self.d.meta;
        if tag.name == "img"
            && !meta.contains_key("auto_image")
            && (meta.contains_key("auto_title") || meta.contains_key("title"))
        {
            if let Some(src) = tag.get("src") {
                meta.insert("auto_image".into(), normalize(src));
                if let Some(alt) = tag.get("alt") {
                    meta.insert("auto_image_alt".into(), normalize(alt));
                }
            }
        }
    }

    /// An end tag: closes the open elements up to the one it names; a stray one is ignored.
    fn close(&mut self, name: &str) {
        let Some(depth) = self.stack.iter().skip(1).rposition(|n| n.tag == name) else {
            return;
        };
        while self.stack.len() > depth + 1 {
            let node = self.stack.pop().expect("above the root");
            self.closed(node);
        }
    }

    fn closed(&mut self, node: Node) {
        if node.status == Status::Excluded {
            self.text.truncate(node.start);
            return;
        }
        let content = &self.text[node.content..];
        node.fields.collect(self.d, content);
        if node.tag == "h1" && !self.d.meta.contains_key("auto_title") && !content.trim().is_empty()
        {
            self.d.meta.insert("auto_title".into(), normalize(content));
        }
        if node.status == Status::Ignored {
            self.text.truncate(node.start);
            return;
        }
        if SENTENCE.contains(&node.tag.as_str()) {
            if self.text[node.content..]
                .chars()
                .last()
                .is_some_and(sentence_char)
            {
                self.text.push('.');
            }
            self.text.push(' ');
        }
        if node.weighted {
            self.text.push_str(" ___END_PAGEFIND_WEIGHT___ ");
        }
    }

    fn finish(&mut self) -> String {
        while self.stack.len() > 1 {
            let node = self.stack.pop().expect("above the root");
            self.closed(node);
        }
        std::mem::take(&mut self.text)
    }
}

/// Whether markup left out of the index could still count: a `data-pagefind-*` attribute,
/// an `h1` (the page's title) or `img` (its image), or a comment or raw text element, whose
/// content is not markup (so where the element ends is not found by its tags).
fn may_count(html: &str) -> bool {
    let b = html.as_bytes();
    let starts = |rest: &[u8], name: &str| {
        rest.get(..name.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(name.as_bytes()))
    };
    find_ci(html, "data-pagefind-").is_some()
        || memchr::memchr_iter(b'<', b).any(|i| {
            let rest = &b[i + 1..];
            ["h1", "img", "!--"]
                .iter()
                .chain(RAW_TEXT)
                .any(|name| starts(rest, name))
        })
}

/// Pagefind's `[\w'")$*]`: a block ending in one gets a full stop.
fn sentence_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '\'' | '"' | ')' | '$' | '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_body_is_read_with_weights_anchors_and_exclusions() {
        let page = r##"<!DOCTYPE html><html lang="pt-BR"><head><title>x</title><meta property="og:title" content="Fatura &amp; cobrança" data-pagefind-meta="title[content]"><meta name="c" data-pagefind-filter="category[content]" content="Cobrança"></head><body><nav>menu</nav><div class="content" data-pagefind-body><p hidden data-pagefind-weight="10">Fatura</p><h2 id="pagar"><a class="heading-anchor" href="#pagar">#</a>Como pagar</h2><p>Use o <strong>portal</strong><br>hoje</p><div class="code-block"><pre>ignored()</pre></div><img src="a.png" alt="Um &quot;print&quot;"></div><footer>f</footer></body></html>"##;
        let d = read(page, false);
        assert_eq!(d.language, "pt-br");
        assert_eq!(d.meta["title"], "Fatura & cobrança");
        assert_eq!(d.meta["image"], "a.png");
        assert_eq!(d.meta["image_alt"], "Um \"print\"");
        assert_eq!(d.filters["category"], ["Cobrança"]);
        assert!(d.custom_body);
        assert_eq!(
            words(&d.text),
            "___PAGEFIND_WEIGHT___10 Fatura. ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_ANCHOR___h2:0:pagar ___PAGEFIND_AUTO_WEIGHT___6 Como pagar. ___END_PAGEFIND_WEIGHT___ Use o portal hoje."
        );
        assert_eq!(d.anchor_content["0:pagar"], "Como pagar");
    }

    #[test]
    fn left_out_markup_is_skipped_but_what_counts_in_it_still_counts() {
        let page = r##"<html lang="en"><body><main data-pagefind-body><div class="code-block"><pre><code><span>hidden()</span><div>nested()</div></code></pre></div><p>After</p><div data-pagefind-ignore><span data-pagefind-filter="kind:guide">x</span><h1>Real title</h1></div><div data-pagefind-ignore="all"><p>gone</p><div>deeper</div></div><p>End</p></main></body></html>"##;
        let d = read(page, false);
        assert_eq!(words(&d.text), "After. End.");
        assert_eq!(d.filters["kind"], ["guide"]);
        assert_eq!(d.meta["title"], "Real title");
        // With code searched, the block is read.
        assert!(words(&read(page, true).text).contains("hidden() nested()"));
    }

    #[test]
    fn broken_markup_never_panics() {
        for page in [
            "<html><body data-pagefind-body><p>a</div></span><",
            "<html lang=><body><p a=\"unterminated",
            "<body><!-- open comment",
            "<body><script>never closed",
            "<",
            "",
        ] {
            let _ = read(page, true);
        }
    }
}
