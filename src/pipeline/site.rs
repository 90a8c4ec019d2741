//! `Site::load`: sources → parsed files → the site model, with every diagnostic on the way.
//! What `build` renders and what `serve` holds between edits.

use super::Timer;
use crate::assemble::assemble;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::{load, parse};
use std::path::Path;

impl Site {
    /// Reads the site's sources (never from `output`) and assembles its model.
    pub fn load(config: &Config, output: &Path) -> (Site, Vec<Diagnostic>) {
        let mut t = Timer::new();
        load(config, output, &mut t)
    }
}

/// [`Site::load`], timing each stage.
pub(crate) fn load(config: &Config, output: &Path, t: &mut Timer) -> (Site, Vec<Diagnostic>) {
    let l = load_parts(config, output, t);
    let mut diags = l.parsing;
    diags.extend(l.loading);
    diags.extend(l.derived);
    (l.site, diags)
}

/// A loaded site and what loading it reported, by where it came from: `serve` replaces a
/// file's parse diagnostics when it parses the file again, and the derived ones when a page's
/// front matter changes.
pub(crate) struct Loaded {
    pub(crate) site: Site,
    /// Of parsing each file.
    pub(crate) parsing: Vec<Diagnostic>,
    /// Of reading the sources and assembling the model.
    pub(crate) loading: Vec<Diagnostic>,
    /// Derived from every page's front matter together ([`crate::assemble::site_checks`]).
    pub(crate) derived: Vec<Diagnostic>,
}

pub(crate) fn load_parts(config: &Config, output: &Path, t: &mut Timer) -> Loaded {
    let sources = load::load(config, output);
    let mut loading = sources.diagnostics;
    let mut parsing = Vec::new();
    t.lap("load");

    let codes: Vec<String> = config.locales.iter().map(|l| l.code.clone()).collect();
    let parsed: Vec<parse::ParsedLocale> = sources
        .locales
        .into_iter()
        .enumerate()
        .map(|(i, src)| {
            let (p, d) = parse::parse_locale(i, src);
            parsing.extend(d.into_iter().map(|d| d.locale(codes[i].clone())));
            p
        })
        .collect();
    t.lap("parse");

    let (site, d) = assemble(config, parsed);
    loading.extend(d);
    let derived = crate::assemble::site_checks(config, &site);
    t.lap("assemble");
    Loaded {
        site,
        parsing,
        loading,
        derived,
    }
}
