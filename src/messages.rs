//! UI messages with arguments, formatted by Fluent: `{{ t(id="last-updated", locale=locale.code,
//! date_html=...) | safe }}` in a template. The plain messages without variables are also in
//! each locale's `ui` map ([`crate::theme::ui_strings`]); a message that places a variable
//! needs this, so that each language puts it where its grammar wants it ("Last updated
//! { $date }", "{ $date } に更新") and picks its plural forms.

use crate::theme::Theme;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;

/// Every locale's Fluent file of a theme, ready to format.
pub(crate) struct Messages {
    /// (locale code, its bundle), in the theme's order.
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
}

/// A string argument whose name ends with this is HTML, placed as it is (a `<time>` element,
/// a link); every other string argument, and the message's own text, is escaped.
const HTML_SUFFIX: &str = "_html";

impl Messages {
    /// The theme's messages. Broken entries are left out here: [`crate::theme::ui_strings`]
    /// reports them.
    pub(crate) fn new(theme: &Theme) -> Messages {
        let bundles = theme
            .strings
            .iter()
            .map(|(code, src)| {
                let res = FluentResource::try_new(src.clone()).unwrap_or_else(|(r, _)| r);
                let langid: unic_langid::LanguageIdentifier = code.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                bundle.set_use_isolating(false);
                let _ = bundle.add_resource(res);
                (code.clone(), bundle)
            })
            .collect();
        Messages { bundles }
    }

    /// The bundles to look a message up in for `locale`: its own file, one of the same language
    /// (`pt-PT` for `pt-BR`), then `en-US`.
    fn chain<'s>(&'s self, locale: &str) -> Vec<&'s FluentBundle<FluentResource>> {
        let lang = locale.split('-').next().unwrap_or(locale);
        let exact = |c: &str| c.eq_ignore_ascii_case(locale);
        let same_lang = |c: &str| {
            c.split('-')
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case(lang))
        };
        let english = |c: &str| c.eq_ignore_ascii_case("en-US");
        let rules: [&dyn Fn(&str) -> bool; 3] = [&exact, &same_lang, &english];
        let mut out: Vec<&FluentBundle<FluentResource>> = Vec::new();
        for rule in rules {
            if let Some((_, b)) = self.bundles.iter().find(|(c, _)| rule(c)) {
                if !out.iter().any(|o| std::ptr::eq(*o, b)) {
                    out.push(b);
                }
            }
        }
        out
    }

    /// Message `id` in `locale` with `args`, as HTML: the text and string arguments escaped,
    /// `…_html` arguments placed as they are, numbers as Fluent numbers (so that plural
    /// variants are chosen by them). `None` when no file of the chain has the message.
    pub(crate) fn format_html(
        &self,
        locale: &str,
        id: &str,
        args: &[(&str, &tera::Value)],
    ) -> Option<String> {
        let (bundle, pattern) = self.chain(locale).into_iter().find_map(|b| {
            let pattern = b.get_message(id)?.value()?;
            Some((b, pattern))
        })?;
        let mut fluent = FluentArgs::new();
        let mut html = Vec::new();
        for (name, value) in args {
            let v = match value {
                tera::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
                tera::Value::String(s) if name.ends_with(HTML_SUFFIX) => {
                    html.push(s.as_str());
                    FluentValue::from(sentinel(html.len() - 1))
                }
                tera::Value::String(s) => FluentValue::from(s.as_str()),
                other => FluentValue::from(other.to_string()),
            };
            fluent.set(name.to_string(), v);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
        // Escaped as Tera escapes the rest of a template.
        let mut out = crate::markdown::attr_escape(&text);
        for (i, h) in html.iter().enumerate() {
            out = out.replace(&sentinel(i), h);
        }
        Some(out)
    }

    /// The Tera function `t(id=..., locale=..., name=value...)`.
    pub(crate) fn tera_function(self) -> impl tera::Function {
        move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            let get = |k: &str| args.get(k).and_then(tera::Value::as_str);
            let id = get("id").ok_or("t(): `id` is needed")?;
            let locale = get("locale").ok_or("t(): `locale` is needed")?;
            let rest: Vec<(&str, &tera::Value)> = args
                .iter()
                .filter(|(k, _)| k.as_str() != "id" && k.as_str() != "locale")
                .map(|(k, v)| (k.as_str(), v))
                .collect();
            self.format_html(locale, id, &rest)
                .map(tera::Value::String)
                .ok_or_else(|| format!("t(): no message `{id}` in the theme").into())
        }
    }
}

/// A marker for the `i`th HTML argument, made of private-use characters no message holds.
fn sentinel(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages() -> Messages {
        Messages::new(&Theme {
            strings: vec![
                (
                    "en-US".into(),
                    "updated = Last updated { $date_html }\nhello = Hello, { $name }!\ncount = { $n ->\n    [one] one article\n   *[other] { $n } articles\n}\nonly-en = English\n".into(),
                ),
                ("ja-JP".into(), "updated = { $date_html } に更新\n".into()),
            ],
            ..Default::default()
        })
    }

    #[test]
    fn each_language_places_the_argument_where_it_belongs() {
        let m = messages();
        let date = tera::Value::String("<time>2026</time>".into());
        assert_eq!(
            m.format_html("en-US", "updated", &[("date_html", &date)]),
            Some("Last updated <time>2026</time>".into())
        );
        assert_eq!(
            m.format_html("ja-JP", "updated", &[("date_html", &date)]),
            Some("<time>2026</time> に更新".into())
        );
        // Missing in Japanese: English.
        assert_eq!(
            m.format_html("ja-JP", "only-en", &[]),
            Some("English".into())
        );
        assert_eq!(m.format_html("ja-JP", "nothing", &[]), None);
    }

    #[test]
    fn text_arguments_are_escaped_and_numbers_choose_plurals() {
        let m = messages();
        let name = tera::Value::String("<b>&".into());
        assert_eq!(
            m.format_html("en-US", "hello", &[("name", &name)]),
            Some("Hello, &lt;b&gt;&amp;!".into())
        );
        let one = tera::Value::from(1);
        let five = tera::Value::from(5);
        assert_eq!(
            m.format_html("en-US", "count", &[("n", &one)]),
            Some("one article".into())
        );
        assert_eq!(
            m.format_html("en-US", "count", &[("n", &five)]),
            Some("5 articles".into())
        );
    }
}
