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
        self.code_html_marked(lang, code, &[])
    }

    /// A highlighted code block whose lines in `marked` (1-based, inclusive) are marked
    /// (`<span class="hl">`), as `?highlight=` asks.
    pub(super) fn code_html_marked(
        &self,
        lang: &str,
        code: &str,
        marked: &[(usize, usize)],
    ) -> String {
        let mut html = String::with_capacity(code.len() * 4 + 96);
        html.push_str("<div class=\"code-block\"");
        if !lang.is_empty() {
            html.push_str(" data-lang=\"");
            html.push_str(&attr_escape(&lang.to_ascii_lowercase()));
            // The label readers see: "Azure CLI", not "AZURECLI".
            html.push_str("\" data-label=\"");
            let label = super::highlight::language_label(lang).unwrap_or(lang);
            html.push_str(&attr_escape(label));
            html.push('"');
        }
        html.push_str("><pre class=\"code\"><code>");
        if marked.is_empty() {
            self.env.highlighter.highlight_into(lang, code, &mut html);
        } else {
            let mut plain = String::new();
            self.env.highlighter.highlight_into(lang, code, &mut plain);
            mark_lines(&plain, marked, &mut html);
        }
        html.push_str("</code></pre></div>\n");
        html
    }
}

/// Wraps the lines of highlighted HTML that `marked` names in `<span class="hl">`. Syntax
/// spans may run across lines (a block comment): each line closes the spans still open at its
/// end and the next reopens them, so every marked line is well-formed on its own.
fn mark_lines(html: &str, marked: &[(usize, usize)], out: &mut String) {
    let mut open: Vec<&str> = Vec::new();
    for (i, line) in html.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let hl = marked.iter().any(|&(a, b)| a <= n && n <= b);
        if hl {
            out.push_str("<span class=\"hl\">");
        }
        for tag in &open {
            out.push_str(tag);
        }
        out.push_str(body);
        let mut rest = body;
        while let Some(p) = rest.find('<') {
            rest = &rest[p..];
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</span") {
                open.pop();
            } else if tag.starts_with("<span") {
                open.push(tag);
            }
            rest = &rest[end..];
        }
        for _ in &open {
            out.push_str("</span>");
        }
        if hl {
            out.push_str("</span>");
        }
        out.push_str(newline);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn marked_lines_are_well_formed_alone() {
        let html = "<span class=\"c\">/* a\nb */</span> x\ny\n";
        let mut out = String::new();
        super::mark_lines(html, &[(2, 2)], &mut out);
        assert_eq!(
            out,
            "<span class=\"c\">/* a</span>\n<span class=\"hl\"><span class=\"c\">b */</span> x</span>\ny\n"
        );
    }
}
