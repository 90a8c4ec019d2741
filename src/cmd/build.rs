use super::{Format, SiteArgs};
use ajuda::config::{Config, Overrides};
use ajuda::diag::{Diagnostic, Severity};
use ajuda::pipeline::{self, Options, Report};
use ajuda::report;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Verbosity {
    pub quiet: bool,
    pub verbose: bool,
}

pub fn run(args: &SiteArgs, write: bool, external: bool, format: Format, v: Verbosity) -> ExitCode {
    match run_inner(args, write, external, format, v) {
        Some((_, true)) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

/// Runs a build or check and prints its report: (output folder, success), or `None` when
/// nothing was written.
fn run_inner(
    args: &SiteArgs,
    write: bool,
    external: bool,
    format: Format,
    v: Verbosity,
) -> Option<(std::path::PathBuf, bool)> {
    let start = Instant::now();
    let overrides = Overrides {
        base_url: args.base_url.clone(),
    };
    let config = match Config::load(&args.root(), args.config.as_deref(), &overrides) {
        Ok(c) => c,
        Err(diags) => {
            print_diags(&diags, format, Severity::Note, None);
            return None;
        }
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| config.root.join("public"));
    let bar = progress_bar(format, v);
    let report = build_with_bar(&config, args, write, external, &output, bar.as_ref());
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    print_report(&report, &config, args, format, v);
    if format == Format::Human && !v.quiet {
        eprintln!("{}", summary_line(&report, write, start, &output));
    }
    let ok = report.count(Severity::Error) == 0 && (report.written || !write);
    (report.written || !write).then_some((output, ok))
}

/// The page-count progress bar, on a terminal, in human format, unless `--quiet`.
fn progress_bar(format: Format, v: Verbosity) -> Option<ProgressBar> {
    (!v.quiet && format == Format::Human && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    })
}

/// Runs the pipeline into `output`, moving `bar` as pages are rendered.
fn build_with_bar(
    config: &Config,
    args: &SiteArgs,
    write: bool,
    external: bool,
    output: &std::path::Path,
    bar: Option<&ProgressBar>,
) -> Report {
    let tick = || {
        if let Some(b) = bar {
            b.inc(1);
        }
    };
    let on_pages = |n: u64| {
        if let Some(b) = bar {
            b.set_length(n);
        }
    };
    let cache_dir = config.cache_dir().filter(|_| !args.no_cache);
    let on_wait = || {
        if let Some(b) = bar {
            b.suspend(|| ());
        }
        eprintln!(
            "waiting for another ajuda build into {} to finish…",
            output.display()
        );
    };
    pipeline::build(
        config,
        &Options {
            output: output.to_path_buf(),
            write,
            progress: Some(&tick),
            on_pages: Some(&on_pages),
            cache_dir: cache_dir.clone(),
            external: external.then(|| ajuda::external::ExternalOptions {
                cache_file: cache_dir.as_ref().map(|d| d.join("external.json")),
                ..Default::default()
            }),
            build_id: args.build_id.clone(),
            on_wait: Some(&on_wait),
            search: !args.no_search,
            allow_shrink: args.allow_shrink,
            in_place: args.in_place,
        },
    )
}

/// The least severity printed: notes with `--verbose`, errors only with `--quiet`.
fn min_severity(v: Verbosity) -> Severity {
    if v.verbose {
        Severity::Note
    } else if v.quiet {
        Severity::Error
    } else {
        Severity::Warning
    }
}

/// Prints the diagnostics (or the JSON report), writes `--timings-json`, and with
/// `--verbose` prints each stage's time and memory.
fn print_report(report: &Report, config: &Config, args: &SiteArgs, format: Format, v: Verbosity) {
    if format == Format::Json {
        super::out(&format!(
            "{}\n",
            report::json_with(&report.diagnostics, &locales_json(report))
        ));
    } else {
        print_diags(&report.diagnostics, format, min_severity(v), Some(config));
    }
    if let Some(path) = &args.timings_json {
        if let Err(e) = std::fs::write(path, timings_json(report)) {
            eprintln!("warning: cannot write {}: {e}", path.display());
        }
    }
    if v.verbose {
        for lap in &report.timings {
            eprintln!(
                "  {:<10} {:>8.1} ms   peak {:>7.1} MiB",
                lap.stage,
                lap.time.as_secs_f64() * 1000.0,
                lap.peak_kib as f64 / 1024.0
            );
        }
    }
}

fn print_diags(diags: &[Diagnostic], format: Format, min: Severity, config: Option<&Config>) {
    match format {
        Format::Json => super::out(&format!("{}\n", report::json(diags))),
        Format::Human => {
            let lines = config.map(report::SourceLines::new);
            let line_of = |d: &Diagnostic| lines.as_ref().and_then(|l| l.line(d));
            let text = report::human(diags, min, &line_of);
            if !text.is_empty() {
                eprint!("{text}");
            }
        }
    }
}

fn summary_line(report: &Report, write: bool, start: Instant, output: &std::path::Path) -> String {
    let per_locale: Vec<String> = report
        .pages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let verb = if write { "built" } else { "checked" };
    let fallbacks = match report.fallback_pages {
        0 => String::new(),
        n => format!("; {n} fallback"),
    };
    let searched = if report.searched.is_empty() {
        String::new()
    } else {
        let each: Vec<String> = report
            .pages
            .iter()
            .zip(&report.searched)
            .map(|((l, _), n)| format!("{l} {n}"))
            .collect();
        format!("; in search: {}", each.join(", "))
    };
    let mut s = format!(
        "{verb} {} pages ({}{fallbacks}{searched}) in {:.2} s: {} errors, {} warnings",
        report.total_pages(),
        per_locale.join(", "),
        start.elapsed().as_secs_f64(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if write {
        if report.written {
            s.push_str(&format!(" → {}", output.display()));
        } else {
            s.push_str("; the output folder was left as it was");
        }
    }
    s
}

/// Each locale's pages and, with search, how many its index holds (`--format json`).
fn locales_json(report: &Report) -> Vec<report::LocaleCount> {
    report
        .pages
        .iter()
        .enumerate()
        .map(|(i, (code, pages))| report::LocaleCount {
            code: code.clone(),
            pages: *pages,
            searched: report.searched.get(i).copied(),
        })
        .collect()
}

fn timings_json(report: &Report) -> String {
    let stages: serde_json::Map<String, serde_json::Value> = report
        .timings
        .iter()
        .map(|l| {
            (
                l.stage.to_string(),
                serde_json::json!(l.time.as_secs_f64() * 1000.0),
            )
        })
        .collect();
    let peak: serde_json::Map<String, serde_json::Value> = report
        .timings
        .iter()
        .map(|l| (l.stage.to_string(), serde_json::json!(l.peak_kib)))
        .collect();
    serde_json::json!({ "stages": stages, "peak_kib_after": peak, "pages": report.total_pages() })
        .to_string()
}
