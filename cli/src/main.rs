//! `rivet`: compile, link, inspect and run Rivet contracts and programs.
//!
//! Each subcommand lives in its own module under `commands/`; this file only parses
//! the command line and maps the outcome to an exit status.

use clap::Parser;
use std::process::ExitCode;

mod commands;

/// Rivet: WebAssembly Component Model interfaces, executed on a RISC-V engine.
#[derive(Parser)]
#[command(name = "rivet", version, about, long_about = None)]
enum Cli {
    /// Run a standalone RV32 ELF program with a Linux-like minimum (write, exit).
    Exec(commands::exec::Args),
    /// Link packages into a manifest: resolve and check every import ahead of time.
    Link(commands::link::Args),
    /// Run WebAssembly spec test scripts (.wast) through the compiler and engine.
    Wast(commands::wast::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse() {
        Cli::Exec(args) => commands::exec::run(args),
        Cli::Link(args) => commands::link::run(args),
        Cli::Wast(args) => commands::wast::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
