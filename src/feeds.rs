//! An Atom feed per published locale (`<prefix>/feed.xml`): its recently updated articles
//! (its own pages with `ms.date`, newest first, at most [`crate::discovery::FEED_ENTRIES`]), linked
//! from the head of every page of the locale (`locale.feed` in templates).
//!
//! Atom ids must be absolute: a site without an absolute `base_url` has no feeds. A locale
//! without dated articles has none either, and a locale's own `feed.xml` file wins over it.

use crate::ctx::BuildCtx;
use crate::diag::Diagnostic;
use crate::model::PageId;
use crate::output::Sink;
use std::fmt::Write;

/// The generator: each locale's feed.
pub(crate) fn feeds(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (li, link) in ctx.discovery.feeds.iter().enumerate() {
        let Some(link) = link else { continue };
        let rel = crate::discovery::output_path(&ctx.site.locales[li].prefix);
        if let Err(d) = sink.write(&rel, atom(ctx, li, link).as_bytes()) {
            diags.push(d);
        }
    }
    diags
}

/// The Atom document of locale `li`.
pub(crate) fn atom(ctx: &BuildCtx, li: usize, link: &crate::discovery::FeedLink) -> String {
    let (config, site) = (ctx.config, ctx.site);
    let locale = &site.locales[li];
    let ids = &ctx.discovery.recent[li];
    let stamp = |id: PageId| {
        site.pages[id]
            .front
            .date
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_default()
    };
    let self_url = config.permalink(&link.url);
    let mut s = String::with_capacity(1024 + ids.len() * 512);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        s,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(&locale.code)
    );
    let _ = writeln!(s, "<id>{}</id>", xml(&self_url));
    let _ = writeln!(s, "<title>{}</title>", xml(&link.title));
    let _ = writeln!(
        s,
        "<updated>{}</updated>",
        ids.first().map(|&id| stamp(id)).unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&self_url)
    );
    let _ = writeln!(
        s,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&config.permalink(&locale.home))
    );
    let _ = writeln!(
        s,
        "<author><name>{}</name></author>",
        xml(&ctx.shared.titles[li])
    );
    let _ = writeln!(
        s,
        "<generator version=\"{}\">ajuda</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for &id in ids {
        let p = &site.pages[id];
        let permalink = xml(&config.permalink(&p.url));
        let _ = write!(
            s,
            "<entry>\n<id>{permalink}</id>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{permalink}\"/>\n<updated>{}</updated>\n",
            xml(&p.title),
            stamp(id)
        );
        if let Some(d) = p.front.description() {
            let _ = writeln!(s, "<summary>{}</summary>", xml(d));
        }
        s.push_str("</entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// Text for XML content and attributes: markup characters escaped, characters XML 1.0 does not
/// allow left out.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml("a < b & \"c\" > 'd'\u{1}\u{FFFF}é"),
            "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;é"
        );
    }
}
