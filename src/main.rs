//! `ajuda`: command-line entry point. Parsing and wiring only; see `cmd/`.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cmd::run(cmd::Cli::parse())
}
