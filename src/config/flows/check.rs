//! The values of one `[flows.NAME]`: its label and URL, one or one per locale, checked.

use super::{ConfigError, Localized, RawFlow, RawLocalized, Template, PLACEHOLDERS};
use crate::config::LocaleConfig;
use crate::diag::Diagnostic;
use std::ops::Range;
use toml::Spanned;

/// Values as written: each with its locale code (lowercased; `None` for one value for every
/// locale) and its place in the config.
type Written = Vec<(Option<String>, String, Range<usize>)>;

/// What checking the values of one `[flows.NAME]` needs: its name, the site's locales, and
/// what turns a place in the config into a diagnostic.
pub(super) struct FlowCheck<'a> {
    pub(super) name: &'a str,
    pub(super) locales: &'a [LocaleConfig],
    pub(super) default_code: &'a str,
    /// The config lists its locales: per-locale codes must be among them.
    pub(super) check_locales: bool,
    pub(super) err: ConfigError<'a>,
}

impl FlowCheck<'_> {
    /// The flow's label (if any) and URL templates; `None` when no URL is usable.
    pub(super) fn flow(
        &self,
        f: RawFlow,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(Option<Localized<String>>, Localized<Template>)> {
        let label = f.label.map(|l| self.localized("label", l, diags));
        let urls = self.localized("url", f.url, diags);
        let mut templates = self.templates(urls, diags);
        let url = match templates.first() {
            Some((None, _)) => Localized::One(templates.swap_remove(0).1),
            Some(_) => Localized::PerLocale(
                templates
                    .into_iter()
                    .map(|(c, t)| (c.unwrap_or_default(), t))
                    .collect(),
            ),
            None => return None,
        };
        let label = label.map(|l| match l.first() {
            Some((None, _, _)) => Localized::One(l.into_iter().next().expect("one").1),
            _ => Localized::PerLocale(
                l.into_iter()
                    .map(|(c, s, _)| (c.unwrap_or_default(), s))
                    .collect(),
            ),
        });
        Some((label, url))
    }

    /// The values of `v` (the flow's `what`: `label` or `url`).
    fn localized(
        &self,
        what: &str,
        v: Spanned<RawLocalized>,
        diags: &mut Vec<Diagnostic>,
    ) -> Written {
        let span = v.span();
        match v.into_inner() {
            RawLocalized::One(s) => vec![(None, s, span)],
            RawLocalized::PerLocale(m) => self.per_locale(what, span, m, diags),
        }
    }

    /// The values of a per-locale table `m` written at `span`: those of known locales; an
    /// empty table, or one without the default locale, is a problem too.
    fn per_locale(
        &self,
        what: &str,
        span: Range<usize>,
        m: Vec<(String, Spanned<String>)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Written {
        let (name, default_code, err) = (self.name, self.default_code, self.err);
        if m.is_empty() {
            diags.push(err(
                span.clone(),
                format!("[flows.{name}] {what} has no value"),
            ));
        }
        if self.check_locales
            && !m.is_empty()
            && !m.iter().any(|(c, _)| c.eq_ignore_ascii_case(default_code))
        {
            diags.push(err(
                span.clone(),
                format!(
                    "[flows.{name}] {what} has no value for the default locale `{default_code}`, which locales without their own use"
                ),
            ));
        }
        m.into_iter()
            .filter_map(|(code, s)| {
                let known = self
                    .locales
                    .iter()
                    .find(|l| l.code.eq_ignore_ascii_case(&code));
                if self.check_locales && known.is_none() {
                    let codes = self.locales.iter().map(|l| l.code.as_str());
                    diags.push(
                        err(
                            s.span(),
                            format!("[flows.{name}] {what}: `{code}` is not one of the locales"),
                        )
                        .suggest(crate::diag::nearest(&code, codes).map(str::to_string)),
                    );
                    return None;
                }
                let span = s.span();
                Some((Some(code.to_ascii_lowercase()), s.into_inner(), span))
            })
            .collect()
    }

    /// The URL templates of `urls`, each with its locale code; a URL that runs code or holds
    /// an unknown placeholder is a problem, and left out.
    fn templates(
        &self,
        urls: Written,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Option<String>, Template)> {
        let (name, err) = (self.name, self.err);
        let mut templates = Vec::new();
        for (code, url, span) in urls {
            if let Some(scheme) = crate::paths::unsafe_scheme(&url) {
                diags.push(err(
                    span,
                    format!(
                        "[flows.{name}] url: `{scheme}:` URLs run code in the reader's browser"
                    ),
                ));
                continue;
            }
            match Template::parse(&url) {
                Ok(t) => templates.push((code, t)),
                Err(bad) => diags.push(
                    err(
                        span,
                        format!(
                            "[flows.{name}] url: unknown placeholder `{{{bad}}}` (placeholders: {})",
                            PLACEHOLDERS
                                .iter()
                                .map(|p| format!("{{{p}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .suggest(
                        crate::diag::nearest(&bad, PLACEHOLDERS.iter().copied())
                            .map(|p| format!("{{{p}}}")),
                    ),
                ),
            }
        }
        templates
    }
}
