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
        let body = self.env.highlighter.highlight(lang, code);
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{}\"", attr_escape(&lang.to_ascii_lowercase()))
        };
        format!("<div class=\"code-block\"{lang_attr}><pre class=\"code\"><code>{body}</code></pre></div>\n")
    }
}
