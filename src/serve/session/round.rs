//! One context's renders: the whole site, or the open and changed pages first; then the
//! batches of changes applied, and the stale pages rendered while none waits.

use super::{ms, names, next_batch, plural, try_batch, Leave, Log};
use crate::ctx::BuildCtx;
use crate::diag::Diagnostic;
use crate::model::{PageId, Site};
use crate::output::MemorySink;
use crate::serve::incremental::{Applied, Edits, Incremental, Wider};
use crate::serve::report::{PageIndex, Printed};
use crate::serve::{into_bytes, Served, Status};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::Instant;

/// Pages rendered again per step while nothing else waits (about 0.1 s of work).
const STALE_STEP: usize = 1000;

/// What the renders of one context share.
pub(super) struct Round<'r, 'c> {
    pub(super) ctx: &'r BuildCtx<'c>,
    pub(super) served: &'r Served,
    pub(super) pages: PageIndex,
    pub(super) printed: &'r mut Printed,
    pub(super) log: Log<'r>,
    /// Asks for a new search index.
    pub(super) reindex: &'r dyn Fn(),
}

impl Round<'_, '_> {
    fn site(&self) -> &Site {
        self.ctx.site
    }

    /// Every page and the extras, from the sources just loaded.
    pub(super) fn render_all(
        &mut self,
        parsing: Vec<Diagnostic>,
        base: Vec<Diagnostic>,
        cause: &str,
        start: Instant,
    ) -> Incremental {
        let sink = MemorySink::default();
        let inc = Incremental::render_all(self.ctx, parsing, base, Edits::default(), &sink);
        let diags = inc.diagnostics(self.ctx);
        let files = sink.files.into_inner().unwrap_or_default();
        let n = self.site().pages.len();
        let status = Status {
            rebuild: "full",
            rendered: n,
            millis: ms(start),
            ..Default::default()
        };
        self.served.set_overlay(
            self.pages
                .overlay(&diags, self.ctx, &|l, f| inc.includers(l, f)),
        );
        if crate::pipeline::is_fatal(&diags) && self.served.generation() > 0 {
            // A template that fails on some page: the last good site stays, under the overlay.
            let status = Status {
                rebuild: "failed",
                ..status
            };
            self.served.publish(status, "diagnostics", false, None);
        } else {
            self.served.replace_files(into_bytes(files));
            (self.reindex)();
            self.served.publish(status, "reload", false, None);
        }
        (self.log)(&format!(
            "{cause}: rendered {} in {:.0} ms",
            plural(n, "page"),
            ms(start)
        ));
        self.printed.report(&diags, self.log);
        inc
    }

    /// After new templates or pages' new versions: the pages open in browsers and those the
    /// edit changed first; the rest while no other edit waits.
    pub(super) fn render_first(
        &mut self,
        mut inc: Incremental,
        base: Vec<Diagnostic>,
        changed: Vec<PageId>,
        cause: &str,
        start: Instant,
    ) -> Incremental {
        inc.rebase(base);
        let mut first = inc.take_first();
        first.extend(changed);
        let open = self.served.open_pages();
        first.extend(open.iter().flat_map(|u| self.pages.ids(u)));
        first.sort_unstable();
        first.dedup();
        let files = inc.render_now(self.ctx, &first);
        let changed = self.served.update_files(into_bytes(files));
        self.after_render(&mut inc);
        let status = Status {
            rebuild: "render",
            rendered: first.len(),
            millis: ms(start),
            pending: inc.stale(),
            ..Default::default()
        };
        let mut urls = urls_of(self.site(), &first);
        urls.extend(self.served.urls_of_files(&changed));
        self.served.publish(status, "reload", false, Some(urls));
        (self.log)(&format!(
            "{cause}: rendered {} first in {:.0} ms, {} to go",
            plural(first.len(), "page"),
            ms(start),
            inc.stale()
        ));
        inc
    }

    /// The overlay after a render; the terminal and the search index once the whole site is
    /// as a full build would make it.
    fn after_render(&mut self, inc: &mut Incremental) {
        if let Some(files) = inc.take_produced() {
            // Pages and files the site no longer has.
            self.served.retain_files(&files);
        }
        let diags = inc.diagnostics(self.ctx);
        self.served.set_overlay(
            self.pages
                .overlay(&diags, self.ctx, &|l, f| inc.includers(l, f)),
        );
        if inc.take_completed() {
            (self.reindex)();
        }
        // While pages wait to render again, what they report is not known yet.
        if inc.stale() == 0 {
            self.printed.report(&diags, self.log);
        }
    }

    /// Applies batches of changes until one needs a wider rebuild; renders stale pages while
    /// none waits.
    pub(super) fn edits(
        &mut self,
        mut inc: Incremental,
        batches: &Receiver<Vec<PathBuf>>,
        pending: &mut Vec<PathBuf>,
    ) -> Leave {
        loop {
            let waiting = if inc.stale() > 0 {
                try_batch(batches, pending)
            } else {
                next_batch(batches, pending)
            };
            let Some(batch) = waiting else {
                if inc.stale() == 0 {
                    return Leave::Stop;
                }
                self.stale_step(&mut inc);
                continue;
            };
            let start = Instant::now();
            match inc.apply(self.ctx, &batch) {
                Ok(a) => self.applied(&mut inc, a, &batch, start),
                Err(Wider::Render(why)) => return Leave::Render(Box::new(inc), why),
                Err(Wider::Model) => return Leave::Render(Box::new(inc), "title or front matter"),
                Err(Wider::Full(why)) => return Leave::Full(why, batch),
            }
        }
    }

    /// Renders the next stale pages; tells the pages whose output changed.
    fn stale_step(&mut self, inc: &mut Incremental) {
        let start = Instant::now();
        let (ids, files) = inc.render_stale(self.ctx, STALE_STEP);
        // Pages, and generated pages (home, 404, redirects) once the last step is done.
        let changed = self.served.update_files(into_bytes(files));
        let changed = self.served.urls_of_files(&changed);
        if inc.stale() == 0 {
            self.after_render(inc);
        }
        let status = Status {
            rebuild: "render",
            rendered: ids.len(),
            millis: ms(start),
            pending: inc.stale(),
            ..Default::default()
        };
        self.served.publish(status, "reload", false, Some(changed));
    }

    fn applied(&mut self, inc: &mut Incremental, a: Applied, batch: &[PathBuf], start: Instant) {
        let urls = urls_of(self.site(), &a.pages);
        let kind = if a.files.is_empty() {
            "diagnostics"
        } else {
            "reload"
        };
        self.served.update_files(into_bytes(a.files));
        if !a.pages.is_empty() && inc.stale() == 0 {
            (self.reindex)();
        }
        self.after_render(inc);
        let status = Status {
            rebuild: if a.pages.is_empty() {
                "diagnostics"
            } else {
                "pages"
            },
            rendered: a.pages.len(),
            millis: ms(start),
            pending: inc.stale(),
            ..Default::default()
        };
        let pages_changed = (!a.css_only).then_some(urls);
        self.served.publish(status, kind, a.css_only, pages_changed);
        (self.log)(&format!(
            "{} ({}): rendered {} in {:.1} ms",
            a.what,
            names(batch),
            plural(a.pages.len(), "page"),
            ms(start)
        ));
    }
}

fn urls_of(site: &Site, ids: &[PageId]) -> Vec<String> {
    ids.iter()
        .map(|&id| crate::address::decoded_path(&site.pages[id].url))
        .collect()
}
