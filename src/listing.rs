//! Each locale's "all articles" page (`/<prefix>/all-articles/`): the articles no TOC reaches,
//! by folder, so that content without navigation (support articles written to be shown inside
//! a product) can still be browsed. The home and 404 pages link to its groups.

use crate::ctx::BuildCtx;
use crate::diag::{Diagnostic, Kind};
use crate::output::Sink;
use crate::template::{ArticleLink, GroupCtx, PageCtx};

pub(crate) fn all_articles(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site, shared) = (ctx.config, ctx.site, &ctx.shared);
    let mut diags = Vec::new();
    for (li, l) in site.locales.iter().enumerate().filter(|(_, l)| l.publish) {
        let found = crate::discovery::untocked(site, li);
        if found.is_empty() {
            continue;
        }
        let place = site.addresses(&config.root_path, li).all_articles();
        if let Some(taken) = taken_by_page(site, &place, &l.code, "list of articles no TOC reaches")
        {
            diags.extend(taken);
            continue;
        }
        let groups = found
            .iter()
            .map(|(folder, ids)| {
                let mut articles: Vec<ArticleLink> =
                    ids.iter().map(|&id| ArticleLink::of(ctx, id)).collect();
                articles.sort_by(|a, b| a.title.cmp(b.title).then(a.url.cmp(b.url)));
                GroupCtx {
                    id: crate::home::group_id(folder),
                    title: crate::home::group_title(ctx, li, folder),
                    articles,
                }
            })
            .collect();
        let page = PageCtx {
            title: shared.ui[li]
                .get("all_articles")
                .map_or("All articles", String::as_str),
            kind: "listing",
            url: &place.url,
            permalink: config.permalink(&place.url),
            groups,
            ..Default::default()
        };
        let html = ctx
            .templates
            .render_page("all-articles.html", shared, li, &page, None);
        match html {
            Ok(h) => {
                if let Err(d) = sink.write(&place.output, h.as_bytes()) {
                    diags.push(d);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    diags
}

/// Whether a content page holds `place`, the address of a page a generator writes for each
/// locale (`what` it is): `Some` then, with a `duplicate-page` error unless the page is a
/// fallback (reported in the locale it comes from). The content page keeps the address.
pub(crate) fn taken_by_page(
    site: &crate::model::Site,
    place: &crate::address::Place,
    code: &str,
    what: &str,
) -> Option<Option<Diagnostic>> {
    let p = site.pages.iter().find(|p| p.output == place.output)?;
    Some(p.fallback.is_none().then(|| {
        Diagnostic::new(
            Kind::DuplicatePage,
            &p.source,
            format!(
                "`{}` is the address of the {code} {what}; this page takes it",
                place.url
            ),
        )
        .locale(code)
        .suggest(Some("rename or move the page".into()))
    }))
}
