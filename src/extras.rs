//! Everything a site needs besides its pages: generated home pages, the root locale entry,
//! `404.html`, redirect pages, `sitemap.xml`, `robots.txt`, theme files and content files.

use crate::address::Place;
use crate::ctx::BuildCtx;
use crate::diag::{Diagnostic, Kind};
use crate::markdown::highlight::Highlighter;
use crate::model::Site;
use crate::output::Sink;
use crate::paths;
use crate::resolve::{Resolution, Resolve};
use crate::template::PageCtx;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write;

/// A generator writes one kind of file besides the pages, from the build's context.
pub(crate) type Generator = fn(&BuildCtx, &dyn Sink) -> Vec<Diagnostic>;

/// What a build writes after its pages, in order.
pub(crate) const GENERATORS: &[(&str, Generator)] = &[
    ("home pages", home_pages),
    ("root entry", root_entry),
    ("404", not_found),
    ("search pages", search_pages),
    ("all articles", crate::listing::all_articles),
    ("redirects", redirects),
    ("sitemap", sitemap),
    ("feeds", crate::feeds::feeds),
    ("robots.txt", robots),
    ("theme files", theme_files),
    ("navigation", navigation_files),
    ("content files", copy_assets),
];

/// Writes `r` at `rel`, or keeps its problem.
fn put(sink: &dyn Sink, rel: &str, r: Result<String, Diagnostic>, diags: &mut Vec<Diagnostic>) {
    match r {
        Ok(s) => {
            if let Err(d) = sink.write(rel, s.as_bytes()) {
                diags.push(d);
            }
        }
        Err(d) => diags.push(d),
    }
}

/// Output files the pages hold, and the source of each (a generated file never replaces one).
fn taken(site: &Site) -> HashMap<&str, &str> {
    site.pages
        .iter()
        .map(|p| (p.output.as_str(), p.source.as_str()))
        .collect()
}

/// Whether a page holds output file `out` (for a check or two; [`taken`] for many).
fn is_taken(site: &Site, out: &str) -> bool {
    site.pages.iter().any(|p| p.output == out)
}

/// A locale without an `index` page gets one listing its docsets and their top entries.
fn home_pages(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site) = (ctx.config, ctx.site);
    let mut diags = Vec::new();
    for (li, _) in site.locales.iter().enumerate().filter(|(_, l)| l.publish) {
        let out = site.addresses(&config.root_path, li).home().output;
        if !is_taken(site, &out) {
            put(sink, &out, home_page(ctx, li), &mut diags);
            diags.extend(crate::home::untitled_categories(ctx, li));
        }
    }
    diags
}

/// With every locale under a prefix, the site's root is a list of the locales that sends each
/// reader to theirs (chosen before, else the browser's languages, else the default).
fn root_entry(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site) = (ctx.config, ctx.site);
    let root_index = crate::address::site_root_output(&config.root_path);
    let mut diags = Vec::new();
    if is_taken(site, &root_index) || site.locales.iter().any(|l| l.prefix.is_empty()) {
        return diags;
    }
    let homes = site
        .locales
        .iter()
        .enumerate()
        .filter(|(_, l)| l.publish)
        .map(|(li, l)| crate::template::AlternateCtx {
            page: crate::template::OtherLocaleCtx {
                code: &l.code,
                name: &l.name,
                url: &l.home,
                permalink: config.permalink(&l.home),
            },
            exists: true,
            same_page: false,
            current: li == site.default_locale,
            default: li == site.default_locale,
        })
        .collect();
    let page = PageCtx {
        title: &ctx.shared.titles[site.default_locale],
        kind: "root",
        url: &config.root_path,
        permalink: config.permalink(&config.root_path),
        alternates: homes,
        ..Default::default()
    };
    let html =
        ctx.templates
            .render_page("root.html", &ctx.shared, site.default_locale, &page, None);
    put(sink, &root_index, html, &mut diags);
    diags
}

/// A 404 page per locale, in its language (`/pt-br/404.html`), and the site-wide `/404.html`
/// that static hosts serve for every miss: the default locale's, sending readers lost under
/// another locale's prefix to that locale's.
fn not_found(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site, shared) = (ctx.config, ctx.site, &ctx.shared);
    let mut diags = Vec::new();
    let url_of = |prefix: &str| {
        if prefix.is_empty() {
            format!("{}404.html", config.root_path)
        } else {
            format!("{}{prefix}/404.html", config.root_path)
        }
    };
    let others: Vec<(String, String)> = site
        .locales
        .iter()
        .enumerate()
        .filter(|(li, l)| l.publish && *li != site.default_locale && !l.prefix.is_empty())
        .map(|(_, l)| (l.home.clone(), url_of(&l.prefix)))
        .collect();
    // (locale, its prefix, the other locales' 404 pages for the site-wide one)
    type NotFound<'s> = (usize, &'s str, Vec<(String, String)>);
    let mut pages: Vec<NotFound> = site
        .locales
        .iter()
        .enumerate()
        .filter(|(_, l)| l.publish && !l.prefix.is_empty() && site.locales.len() > 1)
        .map(|(li, l)| (li, l.prefix.as_str(), Vec::new()))
        .collect();
    pages.push((site.default_locale, "", others));
    for (li, prefix, by_locale) in pages {
        let cards = crate::home::categories(ctx, li);
        let url = url_of(prefix);
        let out = if prefix.is_empty() {
            "404.html".to_string()
        } else {
            format!("{prefix}/404.html")
        };
        let page = PageCtx {
            title: shared.ui[li]
                .get("not_found_title")
                .map_or("Page not found", String::as_str),
            kind: "404",
            url: &url,
            permalink: config.permalink(&url),
            not_found_pages: by_locale,
            landing: &cards,
            ..Default::default()
        };
        let html = ctx
            .templates
            .render_page("404.html", shared, li, &page, None);
        put(sink, &out, html, &mut diags);
    }
    diags
}

/// Each published locale's search results page (`/<prefix>/search/?q=...`), when the site has
/// search: out of the index and the sitemap (`noindex`); it shows the locale's promoted
/// articles and support link when a search finds nothing. A content page at its address is a
/// `duplicate-page` error, and keeps the address.
fn search_pages(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site, shared) = (ctx.config, ctx.site, &ctx.shared);
    let mut diags = Vec::new();
    if !shared.site.search {
        return diags;
    }
    for (li, l) in site.locales.iter().enumerate().filter(|(_, l)| l.publish) {
        let place = site.addresses(&config.root_path, li).search();
        let what = "search page, and search has no results page";
        if let Some(taken) = crate::listing::taken_by_page(site, &place, &l.code, what) {
            diags.extend(taken);
            continue;
        }
        let home = crate::home::home_ctx(ctx, li);
        let page = PageCtx {
            title: shared.ui[li]
                .get("search_results")
                .map_or("Search results", String::as_str),
            kind: "search",
            url: &place.url,
            permalink: config.permalink(&place.url),
            robots: "noindex",
            home: Some(&home),
            ..Default::default()
        };
        let html = ctx
            .templates
            .render_page("search.html", shared, li, &page, None);
        put(sink, &place.output, html, &mut diags);
    }
    diags
}

/// A page at each redirect source that sends readers on (relative, so previews stay on their
/// host), with the target's title; a target that is not there is reported.
fn redirects(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site) = (ctx.config, ctx.site);
    let taken = taken(site);
    let mut diags = Vec::new();
    let mut redirect_diags = Vec::new();
    let by_url: std::collections::HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    for r in site
        .redirects
        .iter()
        .filter(|r| site.locales[r.locale].publish)
    {
        let locale = &site.locales[r.locale];
        let Place { url, output: out } = site
            .addresses(&config.root_path, r.locale)
            .redirect_source(&r.from);
        let problem = |message: String| {
            Diagnostic::new(Kind::Redirect, &r.declared_in, message)
                .at(r.line, 1)
                .target(r.to.as_str())
                .locale(&locale.code)
        };
        if let Some(source) = taken.get(out.as_str()) {
            // The page is published; a redirect from it would never be seen.
            redirect_diags.push(problem(format!(
                "`{}` is a page of the site (`{source}`), so this redirect was ignored; delete the page or the redirect",
                r.from
            )));
            continue;
        }
        if let Some(d) = Resolution::unsafe_diagnostic(&r.to, &r.declared_in, r.line) {
            redirect_diags.push(d.locale(&locale.code));
            continue;
        }
        let res = ctx
            .index
            .resolve(r.locale, &format!("{}.md", r.from), &r.to, false);
        if let Some(p) = res.problem.filter(|p| p.kind != Kind::RedirectFollowed) {
            redirect_diags.push(
                problem(format!("redirect target: {}", p.message))
                    .severity(crate::diag::Severity::Warning),
            );
        }
        let (target, canonical) = if paths::is_external(&res.href) {
            (res.href.clone(), res.href.clone())
        } else {
            (
                paths::relative_url(&url, &res.href),
                config.permalink(&res.href),
            )
        };
        let cut = res.href.find(['?', '#']).unwrap_or(res.href.len());
        let title = by_url
            .get(&res.href[..cut])
            .map(|&p| site.pages[p].title.as_str());
        let html = ctx.templates.render_redirect(
            &ctx.shared,
            r.locale,
            crate::template::RedirectCtx {
                permalink: config.permalink(&url),
                target: &target,
                canonical: &canonical,
                title,
            },
        );
        put(sink, &out, html, &mut diags);
    }
    diags.extend(redirect_diags);
    diags
}

fn robots(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let config = ctx.config;
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if config.base_url.starts_with("http") {
        let _ = writeln!(
            robots,
            "Sitemap: {}",
            config.permalink(&format!("{}sitemap.xml", config.root_path))
        );
    }
    let mut diags = Vec::new();
    put(sink, "robots.txt", Ok(robots), &mut diags);
    diags
}

/// The theme's static files and the highlighting styles.
fn theme_files(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (name, css) in [
        (
            "highlight-light.css",
            Highlighter::theme_css("InspiredGitHub"),
        ),
        (
            "highlight-dark.css",
            Highlighter::theme_css("base16-ocean.dark"),
        ),
    ] {
        put(sink, &format!("_theme/{name}"), Ok(css), &mut diags);
    }
    for (name, bytes) in &ctx.theme.statics {
        if let Err(d) = sink.write(&format!("_theme/{name}"), bytes) {
            diags.push(d);
        }
    }
    diags
}

/// Navigation trees too large to repeat in every page, written once each.
fn navigation_files(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let nav = &ctx.navigation;
    nav.external
        .iter()
        .enumerate()
        .filter_map(|(i, frag)| {
            sink.write(frag.as_ref()?, nav.tocs[i].html.as_bytes())
                .err()
        })
        .collect()
}

/// The locales' files (images, samples, downloads), copied as they are.
fn copy_assets(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site) = (ctx.config, ctx.site);
    let jobs: Vec<(usize, &String, String)> = site
        .assets
        .iter()
        .enumerate()
        .flat_map(|(li, a)| {
            let address = site.addresses(&config.root_path, li);
            a.files
                .iter()
                .filter(move |f| ctx.index.publishes_file(li, f))
                .map(move |f| (li, f, address.file(f).output))
        })
        .collect();
    jobs.par_iter()
        .filter_map(|(li, f, rel)| {
            let from = config.locales[*li].dir.join(f);
            let mut d = sink.copy(rel, &from).err()?;
            // A source that cannot be read costs that file: name it as the writer knows it.
            if d.kind != Kind::Output {
                d.file = f.to_string();
                d = d.locale(site.locales[*li].code.clone());
            }
            Some(d)
        })
        .collect()
}

/// The generated home page of locale `li`.
fn home_page(ctx: &BuildCtx, li: usize) -> Result<String, Diagnostic> {
    let (config, site, shared) = (ctx.config, ctx.site, &ctx.shared);
    let locale = &site.locales[li];
    let home = crate::home::home_ctx(ctx, li);
    let page = PageCtx {
        title: &shared.titles[li],
        url: &locale.home,
        permalink: config.permalink(&locale.home),
        kind: "home",
        landing: &home.categories,
        home: Some(&home),
        ..Default::default()
    };
    ctx.templates
        .render_page("home.html", shared, li, &page, None)
}

/// URLs per sitemap file: the protocol allows 50,000 and 50 MB; with every translation listed
/// as an alternate, 10,000 stay far below both, and a big site's sitemap is never one string.
const SITEMAP_URLS: usize = 10_000;

/// `sitemap.xml`: every published page that is not `noindex` nor a fallback, with its
/// translations as `xhtml:link` alternates. Past [`SITEMAP_URLS`] pages it is an index of
/// `sitemap-1.xml`, `sitemap-2.xml`...
fn sitemap(ctx: &BuildCtx, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (config, site) = (ctx.config, ctx.site);
    let listed = |p: &crate::model::Page| {
        p.fallback.is_none()
            && site.locales[p.locale].publish
            && !p
                .front
                .robots()
                .is_some_and(|r| r.to_ascii_lowercase().contains("noindex"))
    };
    let ids: Vec<usize> = (0..site.pages.len())
        .filter(|&id| listed(&site.pages[id]))
        .collect();
    let mut diags = Vec::new();
    if ids.len() <= SITEMAP_URLS {
        put(
            sink,
            "sitemap.xml",
            Ok(urlset(ctx, &ids, &listed)),
            &mut diags,
        );
        return diags;
    }
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in ids.chunks(SITEMAP_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        put(sink, &name, Ok(urlset(ctx, chunk, &listed)), &mut diags);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            crate::markdown::attr_escape(&config.permalink(&format!("{}{name}", config.root_path)))
        );
    }
    index.push_str("</sitemapindex>\n");
    put(sink, "sitemap.xml", Ok(index), &mut diags);
    diags
}

/// One sitemap file: the pages `ids`, each with its listed translations.
fn urlset(ctx: &BuildCtx, ids: &[usize], listed: &dyn Fn(&crate::model::Page) -> bool) -> String {
    let (config, site) = (ctx.config, ctx.site);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for &id in ids {
        let p = &site.pages[id];
        let _ = write!(
            s,
            "<url><loc>{}</loc>",
            crate::markdown::attr_escape(&config.permalink(&p.url))
        );
        if let Some(d) = p.front.date {
            let _ = write!(s, "<lastmod>{d}</lastmod>");
        }
        // The same page in the other locales that have their own (`hreflang`).
        let there: Vec<&crate::model::Page> = site
            .translations_of(id)
            .iter()
            .flatten()
            .map(|&t| &site.pages[t])
            .filter(|t| listed(t))
            .collect();
        if there.len() > 1 {
            for t in &there {
                let _ = write!(
                    s,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    site.locales[t.locale].code.to_lowercase(),
                    crate::markdown::attr_escape(&config.permalink(&t.url))
                );
            }
            if let Some(d) = there.iter().find(|t| t.locale == site.default_locale) {
                let _ = write!(
                    s,
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    crate::markdown::attr_escape(&config.permalink(&d.url))
                );
            }
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}
