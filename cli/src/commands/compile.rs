//! `rivet compile`: a Wasm core module (binary, or WAT text) or a component whose core
//! is one module in, a package out. A component is unwrapped by
//! [`rivet_linker::component::extract`] into its core module with the world as a
//! `component-type` section, so it compiles to the same code and world as that module.

use anyhow::Context;
use rivet_compiler::{compile, CompileOptions, UnsupportedMode};
use rivet_linker::component::{self, Extracted};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `rivet compile`.
#[derive(clap::Args)]
pub struct Args {
    /// The Wasm core module (.wasm binary or .wat text) or component (.wasm).
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
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The module's binary: the file itself, or WAT text assembled.
fn module_bytes(path: &std::path::Path, bytes: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    wat::parse_bytes(&bytes)
        .map(|b| b.into_owned())
        .map_err(|e| {
            anyhow::anyhow!(
                "{}: not a Wasm binary, and as WAT text: {e}",
                path.display()
            )
        })
}

/// Compiles, writes the package and prints a summary.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let wasm = module_bytes(
        &args.input,
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?,
    )?;
    let (wasm, extracted) = core_module(wasm)
        .with_context(|| format!("reading the component {}", args.input.display()))?;
    if let (Some(x), false) = (&extracted, args.json) {
        print_component(x, &mut std::io::stdout().lock())?;
    }
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
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    let unsupported = pkg.debug.iter().filter(|d| d.unsupported.is_some()).count();
    if args.json {
        let v = serde_json::json!({
            "input": args.input.display().to_string(),
            "wasm_bytes": wasm.len(),
            "output": args.output.display().to_string(),
            "package_bytes": bytes.len(),
            "functions": pkg.functions.len(),
            "trapping_functions": unsupported,
            "instructions": pkg.program.code.len(),
            "code_hash": pkg.code_hash().to_hex(),
            "millis": elapsed.as_secs_f64() * 1e3,
        });
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
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

/// The core module to compile: `wasm` itself, or the core module a component wraps
/// (with what was extracted).
pub fn core_module(wasm: Vec<u8>) -> anyhow::Result<(Vec<u8>, Option<Extracted>)> {
    if !component::is_component(&wasm) {
        return Ok((wasm, None));
    }
    let x = component::extract(&wasm)?;
    Ok((x.module.clone(), Some(x)))
}

/// Describes an extracted component: world, core module, canonical options.
pub fn print_component(x: &Extracted, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let o = &x.options;
    writeln!(
        out,
        "component: world {}, one core module ({} bytes with its world section), {} lifts, {} lowers, strings utf-8, realloc {}, post-return {}",
        x.world,
        x.module.len(),
        o.lifts,
        o.lowers,
        o.realloc.as_deref().unwrap_or("none"),
        if o.post_returns.is_empty() {
            "none".to_string()
        } else {
            o.post_returns.join(", ")
        }
    )?;
    Ok(())
}
