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
    let (site, mut parsing, rest) = load_parts(config, output, t);
    parsing.extend(rest);
    (site, parsing)
}

/// What parsing files reported, apart from the rest (`serve` replaces a file's parse
/// diagnostics when it parses the file again).
pub(crate) fn load_parts(
    config: &Config,
    output: &Path,
    t: &mut Timer,
) -> (Site, Vec<Diagnostic>, Vec<Diagnostic>) {
    let sources = load::load(config, output);
    let mut diags = sources.diagnostics;
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
    diags.extend(d);
    t.lap("assemble");
    (site, parsing, diags)
}
