//! Runs WebAssembly spec test scripts (`.wast`) through Rivet: compile (with SIMD
//! functions compiled to traps, so the other functions of mixed modules are still tested),
//! instantiate on the engine, invoke, and compare with the script's assertions.
//!
//! * [`runner`] interprets directives; one [`Outcome`] per directive.
//! * [`crate::rivet`] is the only place that talks to the compiler and runtime.
//! * [`values`] converts script values; [`messages`] matches trap/validation messages.
//! * [`report`] counts outcomes per file and over a run.
//!
//! Unsupported features are *skipped with a reason*, never counted as passes:
//! modules the compiler refuses as unsupported, assertions with SIMD values,
//! and calls that reach a function compiled as unsupported. Every reason has a
//! [`SkipKind`]; the spec gate (`tests/spec.rs`) allows only SIMD and threads.
//! Malformed *text* modules the `wast` parser refuses never reach Rivet: they are
//! counted apart ("decided by the text parser"), neither passes nor skips.

mod messages;
mod report;
mod runner;
mod values;

pub use messages::{invalid_matches, trap_matches, unlinkable_matches};
pub use report::{Failure, FileReport, Outcome, SkipKind, Summary};

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a script could not be run at all.
#[derive(Debug, thiserror::Error)]
pub enum WastError {
    /// The script file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The script's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The script is not valid `.wast` syntax (position and reason in `message`).
    #[error("{name}: cannot parse script: {message}")]
    Parse {
        /// The script's name.
        name: String,
        /// The parser's message, with line and column.
        message: String,
    },
}

/// Runs the script in `text`, reporting under `name`.
pub fn run_script(name: &str, text: &str) -> Result<FileReport, WastError> {
    let parse_error = |err: wast::Error| {
        let mut err = err;
        err.set_path(Path::new(name));
        err.set_text(text);
        WastError::Parse {
            name: name.to_string(),
            message: err.to_string(),
        }
    };
    // names.wast exports names with bidirectional-override characters on purpose.
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = wast::parser::ParseBuffer::new_with_lexer(lexer).map_err(parse_error)?;
    let script = wast::parser::parse::<wast::Wast<'_>>(&buf).map_err(parse_error)?;
    Ok(runner::Runner::new(name, text).run(script))
}

/// Reads and runs the script at `path`.
pub fn run_file(path: &Path) -> Result<FileReport, WastError> {
    let text = std::fs::read_to_string(path).map_err(|source| WastError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    run_script(&path.display().to_string(), &text)
}

/// Runs several scripts, writing one summary line per file (with failures, and with skip
/// reasons when `verbose`) and the final `N passed, M failed, K skipped` line to `out`.
pub fn run_files(
    paths: &[PathBuf],
    verbose: bool,
    out: &mut dyn Write,
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    for path in paths {
        match run_file(path) {
            Ok(report) => {
                writeln!(out, "{}", report.summary_line())?;
                for failure in &report.failures {
                    let tag = if failure.wrong_reason {
                        " [wrong reason]"
                    } else {
                        ""
                    };
                    writeln!(out, "  FAIL {}:{failure}{tag}", report.name)?;
                }
                if verbose {
                    let mut file_summary = Summary::default();
                    file_summary.add(&report);
                    for line in file_summary.skip_lines() {
                        writeln!(out, "  skip {line}")?;
                    }
                }
                summary.add(&report);
            }
            Err(err) => {
                writeln!(out, "{err}")?;
                summary.add_unreadable();
            }
        }
    }
    if verbose && !summary.skips.is_empty() {
        writeln!(out, "skip reasons (all files):")?;
        for line in summary.skip_lines() {
            writeln!(out, "{line}")?;
        }
        let kinds: Vec<String> = summary
            .skips_by_kind()
            .iter()
            .map(|(k, n)| format!("{n} {}", k.name()))
            .collect();
        writeln!(out, "skips by kind: {}", kinds.join(", "))?;
    }
    if summary.parser_only > 0 {
        writeln!(out, "{}", summary.parser_only_line())?;
    }
    writeln!(out, "{}", summary.final_line())?;
    Ok(summary)
}
