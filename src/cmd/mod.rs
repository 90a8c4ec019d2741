//! The command layer: command-line options to library calls, and printing. Wiring only.

mod build;
mod init;
mod l10n;
mod serve;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Writes a report to standard output. A reader that went away (`ajuda l10n | head`) is not an
/// error worth a panic: the rest is dropped.
pub(crate) fn out(text: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|_| o.flush());
}
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "ajuda",
    version,
    about = "Static help-center sites from localized DocFX-style knowledge bases"
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print notes and per-stage timings too.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (applied only when the build succeeds).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Everything a build does but writing; exits non-zero when there are errors.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also request every http(s) link (concurrently, with a timeout, cached for a day).
        #[arg(long)]
        external: bool,
    },
    /// Build into memory, serve on loopback, and show each saved change in the open pages.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Address or host name to listen on (`127.0.0.1`, `localhost`, `::1`, `0.0.0.0`).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new site (config, TOC, one article per locale) in DIR.
    Init { dir: PathBuf },
    /// Translation status: per locale, pages translated, machine-translated, missing and stale.
    L10n {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// Site root: the folder with `ajuda.toml`, or a folder of Markdown (default: the folder
    /// of --config, else the current folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Config file (default: ROOT/ajuda.toml if it exists).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output folder (default: ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Absolute base URL of the published site.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Write per-stage timings as JSON to this file (for benchmarks).
    #[arg(long)]
    pub timings_json: Option<PathBuf>,
    /// Do not read or write ROOT/.ajuda-cache (highlighted code kept between builds).
    #[arg(long)]
    pub no_cache: bool,
    /// Do not build the search index.
    #[arg(long)]
    pub no_search: bool,
    /// An id stamped into every page as `<meta name="ajuda-build">` (a commit id, a CI run).
    #[arg(long)]
    pub build_id: Option<String>,
    /// Replace the live site even by one with fewer than half its pages.
    #[arg(long)]
    pub allow_shrink: bool,
    /// Write into the output folder itself instead of swapping a finished site in for it (for
    /// a mount point): readers may see old and new files side by side until the build ends.
    #[arg(long)]
    pub in_place: bool,
}

impl SiteArgs {
    /// The site root: `--root`, else the folder of `--config`, else the current folder.
    pub fn root(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(|| {
            self.config
                .as_deref()
                .and_then(|c| c.parent())
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), PathBuf::from)
        })
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

pub fn run(cli: Cli) -> ExitCode {
    let verbosity = build::Verbosity {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build { site, format } => build::run(&site, true, false, format, verbosity),
        Command::Check {
            site,
            format,
            external,
        } => build::run(&site, false, external, format, verbosity),
        Command::Serve {
            site,
            bind,
            port,
            open,
        } => serve::run(
            &serve::ServeArgs {
                site: &site,
                bind: &bind,
                port,
                open,
            },
            verbosity,
        ),
        Command::Init { dir } => init::run(&dir),
        Command::L10n { site, format } => l10n::run(&site, format, cli.quiet),
    }
}
