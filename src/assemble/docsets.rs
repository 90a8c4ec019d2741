//! The docsets of a locale: folders with a `docfx.json`, matched with the publishing config's
//! `docsets_to_publish`, and the URL bases each is published under.

use crate::config::Config;
use crate::diag::{Diagnostic, Kind, Severity};
use crate::docfx::{normalize_base, Docset};
use crate::parse::Parsed;
use crate::publish::Repo;
use std::collections::HashMap;

/// The locale's docsets: those with a `docfx.json`, with those the publishing config lists
/// (its `build_source_folder` matched ignoring letter case: `china` is `China/`), each with
/// its URL bases.
pub(super) fn of_locale(
    config: &Config,
    repo: Option<&Repo>,
    code: &str,
    mut sets: Vec<Docset>,
    items: &[Parsed],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Docset> {
    if let Some(repo) = repo {
        for (message, line, col) in &repo.problems {
            diags.push(
                Diagnostic::new(Kind::Config, repo.config_rel(), message.clone())
                    .at(*line, *col)
                    .locale(code),
            );
        }
        let folders = folders_of(items);
        for pd in &repo.docsets {
            // A docset of the repository outside the folder being built.
            let Some(rel) = repo.locale_relative(&pd.source_folder) else {
                continue;
            };
            let found = sets.iter().position(|d| d.dir.eq_ignore_ascii_case(&rel));
            let i = match found {
                Some(i) => i,
                None => match folders.get(&rel.to_ascii_lowercase()) {
                    Some(actual) => {
                        sets.push(Docset::empty(actual));
                        sets.len() - 1
                    }
                    None => {
                        diags.push(
                            Diagnostic::new(
                                Kind::Config,
                                repo.config_rel(),
                                format!(
                                    "docset `{}`: its build_source_folder `{}` holds no pages here",
                                    pd.name, pd.source_folder
                                ),
                            )
                            .severity(Severity::Note)
                            .locale(code),
                        );
                        continue;
                    }
                },
            };
            sets[i].name = Some(pd.name.clone()).filter(|n| !n.is_empty());
            sets[i].output_subfolder = Some(pd.output_subfolder.clone()).filter(|o| !o.is_empty());
        }
    }
    sets.into_iter()
        .map(|d| published_under(config, d, code, diags))
        .collect()
}

/// Every folder holding a source, lowercase → as on disk, with its ancestors.
fn folders_of(items: &[Parsed]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for item in items {
        let rel = match item {
            Parsed::Page(p) => p.source.as_str(),
            Parsed::Toc(t) => t.source.as_str(),
            Parsed::Fragment(f) => f.rel.as_str(),
            _ => continue,
        };
        let mut dir = crate::paths::parent(rel);
        while !dir.is_empty() && !out.contains_key(&dir.to_ascii_lowercase()) {
            out.insert(dir.to_ascii_lowercase(), dir.to_string());
            dir = crate::paths::parent(dir);
        }
    }
    out.insert(String::new(), String::new());
    out
}

/// A docset's URL bases: `[docsets]` in `ajuda.toml` when it names the folder (or the
/// docset's name), else those inferred from `breadcrumb_path`, else its output subfolder in
/// the publishing config; a base the repository does not state gets a note.
fn published_under(
    config: &Config,
    mut d: Docset,
    locale: &str,
    diags: &mut Vec<Diagnostic>,
) -> Docset {
    let configured = config
        .docset_bases
        .get(&d.dir.to_ascii_lowercase())
        .or_else(|| {
            d.name
                .as_ref()
                .and_then(|n| config.docset_bases.get(&n.to_ascii_lowercase()))
        });
    if let Some(bases) = configured {
        d.bases = bases.clone();
        return d;
    }
    let from = if d.moved() {
        "its `breadcrumb_path`"
    } else if let Some(out) = &d.output_subfolder {
        // Learn's URLs are lowercase: `IIS` is published as `/iis/`.
        d.bases = vec![normalize_base(&out.to_ascii_lowercase())];
        if !d.moved() {
            return d;
        }
        "its build_output_subfolder in the publishing config"
    } else {
        return d;
    };
    let file = docfx_file(&d);
    diags.push(
        Diagnostic::new(
            Kind::Config,
            file,
            format!(
                "published under `{}` (from {from}); set [docsets] in ajuda.toml to change it",
                d.bases[0]
            ),
        )
        .severity(Severity::Note)
        .locale(locale),
    );
    d
}

/// Dependent repositories of the publishing config that are neither cloned in place nor
/// mapped to a local folder: one note each, and their folders, where references are not
/// checked.
pub(super) fn unfetched_dependents(
    repo: Option<&Repo>,
    code: &str,
    dependent_dirs: &[String],
    items: &[Parsed],
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(repo) = repo else {
        return Vec::new();
    };
    let present = |dir: &str| {
        items.iter().any(
            |i| matches!(i, Parsed::Fragment(f) if f.rel.to_ascii_lowercase().starts_with(dir)),
        )
    };
    let mut out = Vec::new();
    for (rel, dep) in repo.dependents_inside() {
        let dir = format!("{}/", rel.to_ascii_lowercase());
        if !dependent_dirs.contains(&dir) || present(&dir) {
            continue;
        }
        diags.push(
            Diagnostic::new(
                Kind::Config,
                repo.config_rel(),
                format!(
                    "dependent repository `{}` ({}) is not here: references into it are not checked; map it to a local copy with [dependencies] \"{}\" = \"path\" in ajuda.toml",
                    dep.path_to_root, dep.url, dep.path_to_root
                ),
            )
            .severity(Severity::Note)
            .locale(code),
        );
        out.push(dir);
    }
    out
}

/// The locale-relative path of a docset's `docfx.json`.
fn docfx_file(d: &Docset) -> String {
    if d.dir.is_empty() {
        "docfx.json".to_string()
    } else {
        format!("{}/docfx.json", d.dir)
    }
}

/// A warning for each `build.content` glob of the locale's docsets that matches none of its
/// files (`paths`, locale-relative): DocFX builds on without it, and the
/// pages it was meant to list are silently missing.
pub(super) fn unmatched_globs(
    sets: &[Docset],
    paths: &[&str],
    locale: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for d in sets {
        let own: Vec<&str> = paths
            .iter()
            .copied()
            .filter(|p| crate::docfx::docset_of(sets, p).is_some_and(|o| o.dir == d.dir))
            .collect();
        for (glob, line) in d.unmatched_globs(&own) {
            diags.push(
                Diagnostic::new(
                    Kind::Config,
                    docfx_file(d),
                    format!("the glob `{glob}` matches no file of the docset"),
                )
                .at(line, 1)
                .severity(crate::diag::Severity::Warning)
                .locale(locale),
            );
        }
    }
}
