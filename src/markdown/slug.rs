//! Heading ids from heading text, GitHub/DocFX style, Unicode kept.

use std::collections::HashMap;

/// `Próximas etapas` → `próximas-etapas`; `后续步骤` → `后续步骤`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// Question ids of YamlMime:FAQ pages, as Microsoft Docs makes them: every run of characters
/// that are not letters or digits becomes one `-` (`Why are my earnings missing?` →
/// `why-are-my-earnings-missing-`), so links written against the published site resolve.
pub fn faq_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    out
}

/// Hands out unique ids within one page: the second `overview` is `overview-1`.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
    counter: usize,
}

impl Slugger {
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        match self.seen.get_mut(base) {
            None => {
                self.seen.insert(base.to_string(), 0);
                base.to_string()
            }
            Some(n) => {
                let mut k = *n + 1;
                let mut id = format!("{base}-{k}");
                while self.seen.contains_key(&id) {
                    k += 1;
                    id = format!("{base}-{k}");
                }
                *self.seen.get_mut(base).expect("present") = k;
                self.seen.insert(id.clone(), 0);
                id
            }
        }
    }

    /// Claims an id written by the author (`<a name>`, `id="x"`), so that generated ids avoid
    /// it; `false` when the page already has that id.
    pub fn reserve(&mut self, id: &str) -> bool {
        if self.seen.contains_key(id) {
            return false;
        }
        self.seen.insert(id.to_string(), 0);
        true
    }

    /// Whether the page already has this id.
    pub fn is_taken(&self, id: &str) -> bool {
        self.seen.contains_key(id)
    }

    /// A page-unique number, for ids of generated elements (tab groups, descriptions).
    pub fn next_number(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Próximas etapas"), "próximas-etapas");
        assert_eq!(slugify("后续步骤"), "后续步骤");
        assert_eq!(slugify("What's new? (2021)"), "whats-new-2021");
        assert_eq!(slugify("Step 1: Sign in"), "step-1-sign-in");
    }

    #[test]
    fn faq_slugs() {
        assert_eq!(
            faq_slug("Why are my earnings missing?"),
            "why-are-my-earnings-missing-"
        );
        assert_eq!(faq_slug("¿Qué es CSP? (beta)"), "qué-es-csp-beta-");
        assert_eq!(faq_slug("如何提交请求？"), "如何提交请求-");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut s = Slugger::default();
        assert_eq!(s.unique("a"), "a");
        assert_eq!(s.unique("a"), "a-1");
        assert_eq!(s.unique("a-1"), "a-1-1");
        assert_eq!(s.unique("a"), "a-2");
        assert_eq!(s.unique(""), "section");
        assert!(s.reserve("b"));
        assert!(!s.reserve("b"));
        assert_eq!(s.unique("b"), "b-1");
    }
}
