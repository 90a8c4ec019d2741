//! [`BuildCtx::new`]: what rendering every page needs, computed once from the loaded site
//! (link index, navigation, UI strings, the templates' shared context, localized dates,
//! redirects, stale translations).

use super::{BuildCtx, LocaleFragments, RenderOptions};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::discovery::Discovery;
use crate::frontmatter::MsDate;
use crate::markdown::highlight::Highlighter;
use crate::model::Site;
use crate::nav::Navigation;
use crate::resolve::LinkIndex;
use crate::template::{LocaleCtx, Shared, SiteCtx, Templates};
use crate::theme::{self, Theme, UiStrings};
use std::collections::HashMap;

impl<'a> BuildCtx<'a> {
    pub(crate) fn new(
        config: &'a Config,
        site: &'a Site,
        theme: &'a Theme,
        templates: &'a Templates,
        opts: RenderOptions<'a>,
    ) -> (BuildCtx<'a>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let index = LinkIndex::new(site, config).collecting_external(opts.check_external);
        let navigation = Navigation::build(site);
        let ui = ui_strings(site, theme, &mut diags);
        let (discovery, d) = discovery(config, site, &index, &ui);
        diags.extend(d);
        let fragments = (0..site.locales.len())
            .map(|i| LocaleFragments::new(site, i))
            .collect();
        let shared = shared(config, site, opts, &discovery, ui);
        diags.extend(flow_checks(config, site));
        let ctx = BuildCtx {
            config,
            site,
            index,
            navigation,
            theme,
            templates,
            shared,
            fragments,
            highlighter: Highlighter::new(),
            images: crate::image_size::ImageSizes::new(config, site),
            dates: localized_dates(site),
            redirected: redirect_urls(config, site),
            stale: if config.stale_notice {
                crate::l10n::stale_pages(config, site)
            } else {
                Default::default()
            },
            flow_gaps: Default::default(),
            discovery,
        };
        (ctx, diags)
    }
}

/// Each locale's UI strings from the theme, in the site's locale order; what reading them
/// found goes to `diags`.
fn ui_strings(site: &Site, theme: &Theme, diags: &mut Vec<Diagnostic>) -> Vec<UiStrings> {
    let mut ui: Vec<UiStrings> = Vec::new();
    for l in &site.locales {
        let (strings, d) = theme::ui_strings(theme, &l.code);
        diags.extend(d);
        ui.push(strings);
    }
    ui
}

/// Home-page blocks, related articles and feeds, titled in each locale's UI strings.
fn discovery(
    config: &Config,
    site: &Site,
    links: &LinkIndex,
    ui: &[UiStrings],
) -> (Discovery, Vec<Diagnostic>) {
    let ui_word = |id: &str, or: &'static str| -> Vec<&str> {
        ui.iter()
            .map(|u| u.get(id).map_or(or, String::as_str))
            .collect()
    };
    Discovery::new(
        config,
        site,
        links,
        &ui_word("help_center", "Help Center"),
        &ui_word("recently_updated", "Recently updated"),
    )
}

/// What every page's template sees of the site and of its locale (feed, contact link,
/// search page), with the UI strings.
fn shared<'a>(
    config: &'a Config,
    site: &'a Site,
    opts: RenderOptions<'a>,
    discovery: &Discovery,
    ui: Vec<UiStrings>,
) -> Shared<'a> {
    Shared::new(
        SiteCtx {
            title: &config.title,
            base_url: &config.base_url,
            root: &config.root_path,
            generator: format!("ajuda {}", env!("CARGO_PKG_VERSION")),
            build_id: opts.build_id,
            search: opts.search,
            feedback: config.feedback_endpoint.as_deref(),
        },
        site.locales
            .iter()
            .zip(&discovery.feeds)
            .enumerate()
            .map(|(li, (l, feed))| LocaleCtx {
                feed: feed.clone(),
                contact: contact_url(config, site, l),
                search: opts
                    .search
                    .then(|| site.addresses(&config.root_path, li).search().url),
                ..LocaleCtx::of(l)
            })
            .collect(),
        ui,
        |code, help_center| config.site_title(code, help_center),
    )
}

/// What the request flows lack: their TOC checks, and a note when the site has none.
fn flow_checks(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut diags = config.flows.check_tocs(site);
    if config.flows.is_empty() && !site.pages.is_empty() {
        diags.push(
            crate::diag::Diagnostic::new(
                crate::diag::Kind::Flow,
                "",
                "no request flow: readers who do not find their answer have no way to contact support",
            )
            .severity(crate::diag::Severity::Note)
            .suggest(Some(
                "declare `[flows.NAME]` (label, url) and `[support] default_flow` in ajuda.toml".into(),
            )),
        );
    }
    diags
}

/// (locale, lowercase key) → URL of the redirect page a locale has for a page it moved.
fn redirect_urls(config: &Config, site: &Site) -> HashMap<(usize, String), String> {
    site.redirects
        .iter()
        .map(|r| {
            let url = site
                .addresses(&config.root_path, r.locale)
                .redirect_source(&r.from)
                .url;
            ((r.locale, r.from.to_lowercase()), url)
        })
        .collect()
}

type DateFormat = icu_datetime::FixedCalendarDateTimeFormatter<
    icu_calendar::Gregorian,
    icu_datetime::fieldsets::YMD,
>;

/// Every page date in its locale's long format (`29 de outubro de 2018`, `2018年10月29日`),
/// from CLDR data through ICU4X. Formatted once per distinct date, up front: the formatter
/// cannot be shared between the threads that render pages.
fn localized_dates(site: &Site) -> HashMap<(usize, MsDate), String> {
    let formats: Vec<Option<DateFormat>> = site
        .locales
        .iter()
        .map(|l| {
            let locale: icu_locale_core::Locale = l.code.parse().ok()?;
            DateFormat::try_new(locale.into(), icu_datetime::fieldsets::YMD::long()).ok()
        })
        .collect();
    let mut out = HashMap::new();
    for p in &site.pages {
        let (Some(d), Some(f)) = (p.front.date, &formats[p.locale]) else {
            continue;
        };
        out.entry((p.locale, d)).or_insert_with(|| {
            icu_calendar::Date::try_new_gregorian(i32::from(d.year), d.month, d.day)
                .map(|date| f.format(&date).to_string())
                .unwrap_or_default()
        });
    }
    out
}

/// The site's default flow filled for locale `l` and no particular page (`{page}` and the
/// other page placeholders empty), or `None` when the site has no default flow.
fn contact_url(config: &Config, site: &Site, l: &crate::model::Locale) -> Option<String> {
    let flow = config.flows.default?;
    let front = crate::frontmatter::FrontMatter::default();
    let permalink = config.permalink(&l.home);
    let info = crate::flows::PageInfo {
        locale: &l.code,
        default_locale: &site.locales[site.default_locale].code,
        key: "",
        title: "",
        permalink: &permalink,
        front: &front,
    };
    Some(config.flows.url(flow, &info, &mut Vec::new())).filter(|u| !u.is_empty())
}
