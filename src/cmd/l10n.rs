//! `ajuda l10n`: the translation status of the site ([`ajuda::l10n`]), printed. A report: it
//! exits 0 unless the config cannot be loaded.

use super::{Format, SiteArgs};
use ajuda::config::{Config, Overrides};
use ajuda::diag::Severity;
use ajuda::model::Site;
use ajuda::report;
use std::process::ExitCode;

pub fn run(args: &SiteArgs, format: Format, quiet: bool) -> ExitCode {
    let overrides = Overrides {
        base_url: args.base_url.clone(),
    };
    let config = match Config::load(&args.root(), args.config.as_deref(), &overrides) {
        Ok(c) => c,
        Err(diags) => {
            match format {
                Format::Json => super::out(&format!("{}\n", report::json(&diags))),
                Format::Human => eprint!("{}", report::human(&diags, Severity::Note, &|_| None)),
            }
            return ExitCode::FAILURE;
        }
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| config.root.join("public"));
    let (site, diags) = Site::load(&config, &output);
    let status = ajuda::l10n::status(&config, &site);
    match format {
        Format::Json => super::out(&format!("{}\n", status.json())),
        Format::Human => {
            super::out(&status.human(&site));
            let errors = diags
                .iter()
                .filter(|d| {
                    config
                        .severities
                        .get(&d.kind)
                        .copied()
                        .unwrap_or(d.severity)
                        == Severity::Error
                })
                .count();
            if errors > 0 && !quiet {
                eprintln!("\n{errors} errors in the sources; `ajuda check` lists them");
            }
        }
    }
    ExitCode::SUCCESS
}
