//! `package_size`: how large a compiled package is next to its input wasm, and where
//! its bytes go.
//!
//! Compiles every `*.wasm` of the given directories (default: `target/wasm-programs`,
//! built by `scripts/build-wasm-programs.sh`, and `target/contracts`, built by
//! `scripts/build-contracts.sh`) with `rivet_compiler::compile`, encodes the package
//! and prints per module: wasm bytes, package bytes (the whole `.rvp` file, debug
//! section included), their ratio, the bytes of the section breakdown of
//! `Package::size_breakdown`, and the fastest of `--runs` encode and decode times. The last line
//! is the geometric mean of the ratios (goal of issue 14: <= 1.00).
//! Usage: `package_size [--runs N] [--save DIR] [DIR ...]`; `--save` also writes each
//! package to `DIR/<module>.rvp` (how `format/tests/data/` was made).

use anyhow::{bail, Context, Result};
use rivet_compiler::CompileOptions;
use rivet_format::package::Package;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The fastest of `runs` timings: on a shared machine the least disturbed one.
fn min_time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        samples.push(start.elapsed());
        last = Some(out);
    }
    samples.sort();
    (samples[0], last.expect("runs >= 1"))
}

fn wasm_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in dirs {
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        let mut here: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
            .collect();
        here.sort();
        files.extend(here);
    }
    Ok(files)
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut runs = 21;
    let mut dirs = Vec::new();
    let mut save: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args.next().context("--runs needs a value")?.parse()?;
                if runs == 0 {
                    bail!("--runs must be at least 1");
                }
            }
            "--save" => save = Some(args.next().context("--save needs a directory")?.into()),
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    if dirs.is_empty() {
        dirs = vec![
            root.join("target/wasm-programs"),
            root.join("target/contracts"),
        ];
    }
    println!(
        "{:<16} {:>7} {:>7} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} | {:>8} {:>8}",
        "module",
        "wasm",
        "package",
        "ratio",
        "code",
        "data",
        "custom",
        "debug",
        "other",
        "enc µs",
        "dec µs"
    );
    let mut ratios = Vec::new();
    let (mut total_wasm, mut total_pkg) = (0usize, 0usize);
    for path in wasm_files(&dirs)? {
        let wasm = std::fs::read(&path)?;
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let pkg = rivet_compiler::compile(&wasm, &CompileOptions::default())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let (enc, bytes) = min_time(runs, || pkg.encode());
        let (dec, back) = min_time(runs, || Package::decode(&bytes));
        if back? != pkg {
            bail!("{name}: the package does not round-trip");
        }
        if let Some(dir) = &save {
            std::fs::write(dir.join(format!("{name}.rvp")), &bytes)?;
        }
        let b = pkg.size_breakdown();
        let ratio = bytes.len() as f64 / wasm.len() as f64;
        println!(
            "{:<16} {:>7} {:>7} {:>6.2} | {:>6} {:>6} {:>6} {:>6} {:>6} | {:>8.1} {:>8.1}",
            name,
            wasm.len(),
            bytes.len(),
            ratio,
            b.code,
            b.data,
            b.custom,
            b.debug,
            b.other,
            enc.as_secs_f64() * 1e6,
            dec.as_secs_f64() * 1e6
        );
        ratios.push(ratio);
        total_wasm += wasm.len();
        total_pkg += bytes.len();
    }
    if ratios.is_empty() {
        bail!("no .wasm files found: run scripts/build-wasm-programs.sh and scripts/build-contracts.sh");
    }
    let geo = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
    println!(
        "{} modules: package/wasm geometric mean {geo:.3} (goal <= 1.00), total {total_pkg} / {total_wasm} bytes = {:.3}",
        ratios.len(),
        total_pkg as f64 / total_wasm as f64
    );
    Ok(())
}
