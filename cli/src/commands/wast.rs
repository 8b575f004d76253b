//! `rivet wast`: runs WebAssembly spec test scripts through the compiler and engine.
//!
//! Prints `file: N passed, M failed, K skipped` per script (with each failure located)
//! and a final `N passed, M failed, K skipped`; `--verbose` adds skip reasons with
//! their counts. Exits 1 when anything failed.

use std::io::Write;
use std::process::ExitCode;

/// Arguments of `rivet wast`.
#[derive(clap::Args)]
pub struct Args {
    /// The `.wast` scripts to run.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Also print why directives were skipped, counted per reason.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Runs the scripts and reports.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let summary = rivet_conformance::wast::run_files(&args.files, args.verbose, &mut out)?;
    out.flush()?;
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
