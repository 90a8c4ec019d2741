//! What the index holds of a page besides its text, from the site model: given to the indexer
//! as data, not written into the page for it to read back.

use super::Facets;
use crate::ctx::BuildCtx;
use crate::model::PageId;

/// A page's filters (its category: the top TOC entry above it; its product: `ms.service` by
/// its display name) and result metadata (title, breadcrumb, product).
pub(crate) fn of_page(ctx: &BuildCtx, id: PageId) -> Facets {
    let (site, page) = (ctx.site, &ctx.site.pages[id]);
    let mut f = Facets::default();
    f.meta.push(("title", page.title.clone()));
    let trail = crate::template::breadcrumb(site, page, &ctx.shared.ui[page.locale]);
    if !trail.is_empty() {
        let titles: Vec<&str> = trail.iter().map(|c| c.title.as_str()).collect();
        f.meta.push(("breadcrumb", titles.join(" › ")));
    }
    if let Some(c) = crate::discovery::category_of(site, page) {
        f.filters.push(("category", c.to_string()));
    }
    if let Some(s) = page.front.service() {
        let product = crate::discovery::product_name(ctx.config, s);
        f.filters.push(("product", product.clone()));
        f.meta.push(("product", product));
    }
    f
}
