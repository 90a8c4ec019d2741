//! `[flows]` and `[support]` of `ajuda.toml`: request flows as written and validated. What a
//! page's flow is, and its filled URL, is `crate::flows`'s (above the model).

use crate::config::LocaleConfig;
use crate::diag::Diagnostic;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use toml::Spanned;

mod check;
use check::FlowCheck;

/// What a URL component may hold as it is (RFC 3986 unreserved); the rest is percent-encoded.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The placeholders a URL template may hold, for messages and suggestions.
const PLACEHOLDERS: &[&str] = &[
    "locale", "page", "title", "url", "topic", "service", "meta:KEY",
];

/// `[flows.NAME]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    /// The button's text: one string, or one per locale.
    pub label: Option<Spanned<RawLocalized>>,
    /// The URL template: one string, or one per locale.
    pub url: Spanned<RawLocalized>,
}

/// `[support]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSupport {
    /// The flow of pages that choose none (front matter, TOC); `"none"` for no panel.
    pub default_flow: Option<Spanned<String>>,
    /// `[[support.routes]]`: flows by path or docset, first match wins.
    #[serde(default)]
    pub routes: Vec<RawRoute>,
}

/// `[[support.routes]]` as written: pages whose source path matches one of `paths` (globs
/// relative to the locale folder), or that are in docset `docset` (its folder or its
/// `docset_name`), go to `flow` (`"none"`: no panel).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    pub docset: Option<String>,
    pub flow: Spanned<String>,
}

/// A validated route: where its pages' flow comes from when neither their front matter nor
/// their TOC entry names one.
#[derive(Debug, Clone)]
pub struct Route {
    pub paths: Option<globset::GlobSet>,
    /// Lower case.
    pub docset: Option<String>,
    /// `None`: the pages have no panel.
    pub flow: Option<usize>,
}

impl Route {
    /// Whether the page at `source` (locale-relative), in the docset with folder `dir` and
    /// name `name`, takes this route.
    pub fn matches(&self, source: &str, docset: Option<(&str, Option<&str>)>) -> bool {
        let by_path = self.paths.as_ref().is_some_and(|g| g.is_match(source));
        let by_docset = self.docset.as_deref().is_some_and(|want| {
            docset.is_some_and(|(dir, name)| {
                dir.eq_ignore_ascii_case(want) || name.is_some_and(|n| n.eq_ignore_ascii_case(want))
            })
        });
        by_path || by_docset
    }
}

/// `"text"`, or `{ "en-US" = "text", "pt-BR" = "texto" }` (each value with its place).
#[derive(Debug)]
pub enum RawLocalized {
    One(String),
    PerLocale(Vec<(String, Spanned<String>)>),
}

impl<'de> Deserialize<'de> for RawLocalized {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawLocalized;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table of locale = string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawLocalized, E> {
                Ok(RawLocalized::One(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawLocalized, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, Spanned<String>>()? {
                    out.push((k, v));
                }
                Ok(RawLocalized::PerLocale(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One value, or one per locale (codes lowercased).
#[derive(Debug, Clone)]
pub(crate) enum Localized<T> {
    One(T),
    PerLocale(Vec<(String, T)>),
}

impl<T> Localized<T> {
    /// The value for `locale`, else the default locale's, else the first one written.
    pub(crate) fn get(&self, locale: &str, default_locale: &str) -> Option<&T> {
        match self {
            Localized::One(v) => Some(v),
            Localized::PerLocale(m) => {
                let find = |code: &str| {
                    m.iter()
                        .find(|(c, _)| c.eq_ignore_ascii_case(code))
                        .map(|(_, v)| v)
                };
                find(locale)
                    .or_else(|| find(default_locale))
                    .or(m.first().map(|(_, v)| v))
            }
        }
    }
}

/// A page value a URL template asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    Locale,
    Page,
    Title,
    Url,
    Topic,
    Service,
    Meta(String),
}

impl Var {
    fn parse(name: &str) -> Option<Var> {
        Some(match name {
            "locale" => Var::Locale,
            "page" => Var::Page,
            "title" => Var::Title,
            "url" => Var::Url,
            "topic" => Var::Topic,
            "service" => Var::Service,
            _ => {
                let key = name.strip_prefix("meta:")?.trim();
                if key.is_empty() {
                    return None;
                }
                Var::Meta(key.to_string())
            }
        })
    }

    /// The placeholder as written in templates (`{topic}`).
    pub fn placeholder(&self) -> String {
        match self {
            Var::Locale => "{locale}".into(),
            Var::Page => "{page}".into(),
            Var::Title => "{title}".into(),
            Var::Url => "{url}".into(),
            Var::Topic => "{topic}".into(),
            Var::Service => "{service}".into(),
            Var::Meta(k) => format!("{{meta:{k}}}"),
        }
    }

    /// The front-matter key it reads, for messages.
    pub(crate) fn source(&self) -> String {
        match self {
            Var::Title => "title".into(),
            Var::Topic => "ms.topic".into(),
            Var::Service => "ms.service".into(),
            Var::Meta(k) => k.clone(),
            Var::Locale | Var::Page | Var::Url => String::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Lit(String),
    Var(Var),
}

/// A URL template, cut into text and placeholders.
#[derive(Debug, Clone)]
pub(crate) struct Template(pub(crate) Vec<Seg>);

impl Template {
    /// Parses `text`; `Err` names the first placeholder that is not one.
    fn parse(text: &str) -> Result<Template, String> {
        let mut segs = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                segs.push(Seg::Lit(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            segs.push(Seg::Var(Var::parse(name).ok_or_else(|| name.to_string())?));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segs.push(Seg::Lit(rest.to_string()));
        }
        Ok(Template(segs))
    }
}

/// A declared flow.
#[derive(Debug, Clone)]
pub struct Flow {
    pub name: String,
    pub(crate) label: Option<Localized<String>>,
    pub(crate) url: Localized<Template>,
}

/// The site's flows, validated (`Config::flows`).
#[derive(Debug, Clone, Default)]
pub struct Flows {
    pub list: Vec<Flow>,
    /// The flow of pages that choose none; `None` when there is none (or it is `"none"`).
    pub default: Option<usize>,
    /// `[[support.routes]]`, in config order.
    pub routes: Vec<Route>,
}

/// Where something is written in the config, as the config turns it into a diagnostic.
pub(crate) type ConfigError<'a> = &'a dyn Fn(Range<usize>, String) -> Diagnostic;

impl Flows {
    /// Validates `[flows]` and `[support]`. `check_locales`: the config lists its locales, so
    /// the codes of per-locale values must be among them and the default locale must have one.
    pub fn from_raw(
        raw: BTreeMap<String, RawFlow>,
        support: RawSupport,
        locales: &[LocaleConfig],
        default_locale: usize,
        check_locales: bool,
        text: &str,
        err: ConfigError,
    ) -> (Flows, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut flows = Flows::default();
        let default_code = locales.get(default_locale).map_or("", |l| l.code.as_str());
        for (name, f) in raw {
            if let Some(d) = flows.bad_name(&name, text, err) {
                diags.push(d);
                continue;
            }
            let check = FlowCheck {
                name: &name,
                locales,
                default_code,
                check_locales,
                err,
            };
            if let Some((label, url)) = check.flow(f, &mut diags) {
                flows.list.push(Flow { name, label, url });
            }
        }
        flows.set_default(support.default_flow.as_ref(), err, &mut diags);
        flows.routes = support
            .routes
            .into_iter()
            .filter_map(|r| flows.route(r, &err, &mut diags))
            .collect();
        (flows, diags)
    }

    /// Why `name` cannot name a new flow (its characters, `none`, or an earlier flow's name in
    /// another letter case), as a diagnostic at `[flows.NAME]`.
    fn bad_name(&self, name: &str, text: &str, err: ConfigError) -> Option<Diagnostic> {
        let at = name_span(text, name);
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Some(err(
                at,
                format!(
                    "[flows]: flow name `{name}` may only hold letters, digits, `-`, `_` and `.`"
                ),
            ));
        }
        if name.eq_ignore_ascii_case("none") {
            return Some(err(
                at,
                "[flows]: `none` means \"no flow\" in front matter and TOCs; give the flow another name".into(),
            ));
        }
        let prev = self
            .list
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))?;
        Some(err(
            at,
            format!(
                "[flows]: `{name}` and `{}` differ only in letter case",
                prev.name
            ),
        ))
    }

    /// `[support] default_flow`: one of the flows, or `none` (no default).
    fn set_default(
        &mut self,
        default_flow: Option<&Spanned<String>>,
        err: ConfigError,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Some(d) = default_flow {
            let name = d.get_ref();
            if !name.eq_ignore_ascii_case("none") {
                match self.find(name) {
                    Some(i) => self.default = Some(i),
                    None => diags.push(
                        err(
                            d.span(),
                            format!("[support] default_flow `{name}` is not one of the [flows]"),
                        )
                        .suggest(self.suggest(name).map(str::to_string)),
                    ),
                }
            }
        }
    }

    /// Validates one `[[support.routes]]` entry; `None` (with a diagnostic) when it is unusable.
    fn route(&self, r: RawRoute, err: ConfigError, diags: &mut Vec<Diagnostic>) -> Option<Route> {
        let name = r.flow.get_ref();
        let flow = if name.eq_ignore_ascii_case("none") {
            None
        } else {
            match self.find(name) {
                Some(i) => Some(i),
                None => {
                    diags.push(
                        err(
                            r.flow.span(),
                            format!("[[support.routes]] flow `{name}` is not one of the [flows]"),
                        )
                        .suggest(self.suggest(name).map(str::to_string)),
                    );
                    return None;
                }
            }
        };
        if r.paths.is_empty() && r.docset.is_none() {
            diags.push(err(
                r.flow.span(),
                "[[support.routes]] needs `paths` (globs) or `docset` to say which pages take it"
                    .into(),
            ));
            return None;
        }
        let mut b = globset::GlobSetBuilder::new();
        for g in &r.paths {
            match globset::Glob::new(g.get_ref().trim_start_matches('/')) {
                Ok(glob) => {
                    b.add(glob);
                }
                Err(e) => diags.push(err(g.span(), format!("[[support.routes]] bad glob: {e}"))),
            }
        }
        Some(Route {
            paths: (!r.paths.is_empty()).then(|| b.build().ok()).flatten(),
            docset: r.docset.map(|d| d.trim_matches('/').to_ascii_lowercase()),
            flow,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The flow named `name`, in any letter case.
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.list
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The flow name nearest to an unknown one.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        crate::diag::nearest(name, self.list.iter().map(|f| f.name.as_str()))
    }

    /// The label of flow `flow` in `locale` (else the default locale's), if the config gives one.
    pub fn label(&self, flow: usize, locale: &str, default_locale: &str) -> Option<&str> {
        self.list[flow]
            .label
            .as_ref()?
            .get(locale, default_locale)
            .map(String::as_str)
    }
}

/// Where `[flows.NAME]` is written, for errors about the flow as a whole.
fn name_span(text: &str, name: &str) -> Range<usize> {
    let at = [
        format!("flows.{name}"),
        format!("flows.\"{name}\""),
        format!("\"{name}\""),
    ]
    .iter()
    .find_map(|n| text.find(n.as_str()))
    .unwrap_or(0);
    at..at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let t = Template::parse("https://x/?a={page}&m={meta:ms.custom}").unwrap();
        assert_eq!(t.0.len(), 4);
        assert!(matches!(&t.0[3], Seg::Var(Var::Meta(k)) if k == "ms.custom"));
        assert_eq!(
            Template::parse("https://x/{pgae}").unwrap_err(),
            "pgae".to_string()
        );
        assert_eq!(Template::parse("https://x/{").unwrap().0.len(), 1);
    }
}
