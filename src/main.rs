//! `ajuda`: command-line entry point. Parsing and wiring only; see `cmd/`.

// Functions fit on a screen (80 lines, clippy.toml).
#![warn(clippy::too_many_lines)]

mod cmd;

use clap::Parser;
use std::process::ExitCode;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse())
}
