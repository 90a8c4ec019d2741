//! Code blocks, highlighted at build time.

use super::{attr_escape, Writer};
use pulldown_cmark::{CodeBlockKind, Event, TagEnd};
use std::ops::Range;

impl<'a> Writer<'a, '_> {
    pub(super) fn code_block(
        &mut self,
        ev: &'a [(Event<'a>, Range<usize>)],
        i: usize,
        kind: &CodeBlockKind,
    ) -> usize {
        let mut code = String::new();
        let mut j = i + 1;
        while let Some((e, _)) = ev.get(j) {
            match e {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
            j += 1;
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("")
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let html = self.code_html(&lang, &code);
        self.out.push(Event::Html(html.into()));
        j + 1
    }

    pub(super) fn code_html(&self, lang: &str, code: &str) -> String {
        let mut html = String::with_capacity(code.len() * 4 + 96);
        html.push_str("<div class=\"code-block\"");
        if !lang.is_empty() {
            html.push_str(" data-lang=\"");
            html.push_str(&attr_escape(&lang.to_ascii_lowercase()));
            html.push('"');
        }
        html.push_str("><pre class=\"code\"><code>");
        self.env.highlighter.highlight_into(lang, code, &mut html);
        html.push_str("</code></pre></div>\n");
        html
    }
}
