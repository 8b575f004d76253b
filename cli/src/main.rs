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
    /// Compile a Wasm core module into a package (.rvp).
    Compile(commands::compile::Args),
    /// Describe a package (exports, imports, sizes, hash; --disasm for the code).
    Inspect(commands::inspect::Args),
    /// Run a standalone RV32 ELF program with a Linux-like minimum (write, exit).
    Exec(commands::exec::Args),
    /// Link packages into a manifest: resolve and check every import ahead of time.
    Link(commands::link::Args),
    /// Call a component's exported function under a manifest (WAVE arguments/results).
    Call(commands::call::Args),
    /// Run WebAssembly spec test scripts (.wast) through the compiler and engine.
    #[cfg(feature = "wast")]
    Wast(commands::wast::Args),
    /// Build a Rust contract crate to wasm32 and compile it to a package (.rvp).
    Build(commands::build::Args),
    /// Scaffold a contract crate: an account component or a note script.
    New(commands::new::Args),
    /// Accounts in the state directory: new, show, list, call (a read-only view).
    Account(commands::account::Args),
    /// Transactions: exec (run and commit), log, show, replay (re-execute and check).
    Tx(commands::tx::Args),
    /// Notes in the state directory: list, show.
    Note(commands::note::Args),
    /// Build, link and run the examples end to end: mint, transfer, a refusal, state kept in .rivet/.
    Demo(commands::demo::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse() {
        Cli::Compile(args) => commands::compile::run(args),
        Cli::Inspect(args) => commands::inspect::run(args),
        Cli::Exec(args) => commands::exec::run(args),
        Cli::Link(args) => commands::link::run(args),
        Cli::Call(args) => commands::call::run(args),
        #[cfg(feature = "wast")]
        Cli::Wast(args) => commands::wast::run(args),
        Cli::Build(args) => commands::build::run(args),
        Cli::New(args) => commands::new::run(args),
        Cli::Demo(args) => commands::demo::run(args),
        Cli::Account(args) => commands::account::run(args),
        Cli::Tx(args) => commands::tx::run(args),
        Cli::Note(args) => commands::note::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
