//! `rivet compile`: a Wasm core module in, a package out.

use anyhow::Context;
use rivet_compiler::{compile, CompileOptions, UnsupportedMode};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `rivet compile`.
#[derive(clap::Args)]
pub struct Args {
    /// The Wasm core module (.wasm).
    pub input: PathBuf,
    /// Where to write the package (.rvp).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Linear memory cap in 64 KiB pages.
    #[arg(long, default_value_t = CompileOptions::default().max_memory_pages)]
    pub max_memory_pages: u32,
    /// Call stack size in bytes.
    #[arg(long, default_value_t = CompileOptions::default().stack_size)]
    pub stack_size: u32,
    /// Compile functions using unsupported operators (SIMD, threads) into traps
    /// instead of refusing the module.
    #[arg(long)]
    pub lenient: bool,
}

/// Compiles, writes the package and prints a summary.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let wasm =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let opts = CompileOptions {
        max_memory_pages: args.max_memory_pages,
        stack_size: args.stack_size,
        unsupported_functions: if args.lenient {
            UnsupportedMode::Trap
        } else {
            UnsupportedMode::Reject
        },
        ..CompileOptions::default()
    };
    let start = Instant::now();
    let pkg =
        compile(&wasm, &opts).with_context(|| format!("compiling {}", args.input.display()))?;
    let elapsed = start.elapsed();
    let bytes = pkg.encode();
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    let unsupported = pkg.debug.iter().filter(|d| d.unsupported.is_some()).count();
    println!(
        "{} ({} bytes) -> {} ({} bytes)",
        args.input.display(),
        wasm.len(),
        args.output.display(),
        bytes.len()
    );
    println!(
        "functions: {} ({} compiled to traps), code: {} instructions",
        pkg.functions.len(),
        unsupported,
        pkg.program.code.len()
    );
    println!("code hash: {}", pkg.code_hash());
    println!("time: {:.3} ms", elapsed.as_secs_f64() * 1e3);
    Ok(ExitCode::SUCCESS)
}
